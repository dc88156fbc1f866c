package simulate_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"log"
	"strings"

	"github.com/homevisits/pthv/simulate"
)

// A program that keeps the model, run for one school year by the real
// planners and checked by practices.Check.
func ExampleSimulate() {
	d := simulate.DefaultDesign()
	d.District.Schools = 3
	y, err := simulate.Simulate(d, 1)
	if err != nil {
		log.Fatal(err)
	}
	m := y.Metrics
	// Completed, missed and cancelled visits are all on record.
	fmt.Println("visits on record:", len(y.Dataset.Visits) == m.FirstVisits+m.SecondVisits+m.NoShows+m.Cancellations)
	fmt.Println("violations:", m.Violations)
	fmt.Println("every family visited was invited or asked:", m.FamiliesVisited <= m.Acceptances)
	// Output:
	// visits on record: true
	// violations: 0
	// every family visited was invited or asked: true
}

// Two designs compared over 200 replications of the fast capacity model:
// inviting every family of the volunteer teachers against a 30%
// cross-section.
func ExampleRun() {
	all := simulate.DefaultDesign()
	all.ID = "all-in-scope"
	all.Selection.Method = "all"
	sample := simulate.DefaultDesign()
	sample.ID = "cross-section"

	res, err := simulate.Run(context.Background(), []simulate.Design{all, sample},
		simulate.Options{Runs: 200, Seed: 2018, Mode: simulate.CapacityModel})
	if err != nil {
		log.Fatal(err)
	}
	mean := map[string]float64{}
	for _, s := range res.Summary() {
		mean[s.DesignID+" "+s.Metric] = s.Mean
	}
	fmt.Println("replications:", len(res.Replications))
	fmt.Println("all-in-scope invites more:", mean["all-in-scope invitations"] > mean["cross-section invitations"])
	fmt.Println("all-in-scope costs more:", mean["all-in-scope pay_usd"] > mean["cross-section pay_usd"])
	// Output:
	// replications: 400
	// all-in-scope invites more: true
	// all-in-scope costs more: true
}

func ExampleDecodeDesign() {
	d, err := simulate.DecodeDesign("design.json", strings.NewReader(`{
		"id": "lean",
		"invite_share": 0.15,
		"second_visit": {"offered": false}
	}`))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.ID, d.InviteShare, d.SecondVisit.Offered, d.Acceptance.Rate)

	_, err = simulate.DecodeDesign("design.json", strings.NewReader(`{"acceptance": {"rat": 0.5}}`))
	fmt.Println(err)
	// Output:
	// lean 0.15 false 0.6
	// simulate: design.json:1: acceptance.rat: unknown field
}

func ExampleSweep_Expand() {
	s, err := simulate.DecodeSweep("sweep.json", strings.NewReader(`{
		"designs": [{"id": "teams"}, {"id": "partners", "pairing": "partners"}],
		"grid": {"second_visit.offered": [true, false]}
	}`))
	if err != nil {
		log.Fatal(err)
	}
	designs, err := s.Expand(simulate.DefaultDesign())
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range designs {
		fmt.Println(d.ID)
	}
	// Output:
	// teams/second_visit.offered=true
	// teams/second_visit.offered=false
	// partners/second_visit.offered=true
	// partners/second_visit.offered=false
}

// Sheldon & Jung (2018): in schools visiting at least 10% of students,
// chronic-absence risk × 0.78 and ELA proficiency odds × 1.35, for every
// student of the school — associations from one observational study, not
// causal effects. The step model applies them as published; the
// dose-response model lets them grow with coverage.
func ExampleOutcomeAssumptions_Project() {
	schools := []simulate.SchoolCoverage{
		{Students: 6000, StudentsVisited: 900, Systematic: true}, // 15% visited
		{Students: 4000, StudentsVisited: 200},                   // 5% visited
	}
	o := simulate.SheldonJung2018()
	p := o.Project(schools)
	fmt.Printf("step: chronic absence %.4f, %.0f fewer students\n", p.ChronicAbsence.Rate, -p.ChronicAbsence.Change)
	fmt.Printf("step: ELA proficiency %.4f, %.0f more students\n", p.ELAProficiency.Rate, p.ELAProficiency.Change)
	o.Model = simulate.DoseResponseModel
	p = o.Project(schools)
	fmt.Printf("dose-response: %.0f fewer chronically absent\n", -p.ChronicAbsence.Change)
	fmt.Println(o.Evidence())
	// Output:
	// step: chronic absence 0.1302, 198 fewer students
	// step: ELA proficiency 0.4442, 442 more students
	// dose-response: 268 fewer chronically absent
	// associations from one observational study (Sheldon & Jung 2018, K-8 schools of urban districts), not causal effects; dose-response model
}

// An effect size with a 95% interval is drawn per replication; without
// one, every replication uses the point estimate.
func ExampleOutcomeAssumptions_Draw() {
	o := simulate.SheldonJung2018()
	fmt.Println(o.Draw(1) == o.Estimates())
	o.ChronicAbsence.Interval = []float64{0.70, 0.87}
	e := o.Draw(1)
	fmt.Println(e.ChronicAbsence != 0.78, e.ELAProficiency)
	// Output:
	// true
	// true 1.35
}

func ExampleCapacity() {
	d := simulate.DefaultDesign()
	d.District.Schools = 50
	a, err := simulate.Capacity(d, 7)
	if err != nil {
		log.Fatal(err)
	}
	b, _ := simulate.Capacity(d, 7)
	fmt.Println("same seed, same year:", a.FirstVisits == b.FirstVisits && a.CostCents == b.CostCents)
	fmt.Println("fidelity needs the real planners:", a.Fidelity != a.Fidelity) // NaN
	// Output:
	// same seed, same year: true
	// fidelity needs the real planners: true
}

func ExampleResults_WriteCSV() {
	res, err := simulate.Run(context.Background(), []simulate.Design{simulate.DefaultDesign()},
		simulate.Options{Runs: 3, Seed: 1, Mode: simulate.CapacityModel})
	if err != nil {
		log.Fatal(err)
	}
	var b bytes.Buffer
	if err := res.WriteCSV(&b); err != nil {
		log.Fatal(err)
	}
	rows, _ := csv.NewReader(&b).ReadAll()
	fmt.Println(len(rows)-1, "rows")
	fmt.Println(strings.Join(rows[0][:7], ","))
	fmt.Println(strings.Join(rows[1][:4], ","), rows[1][5])
	// Output:
	// 3 rows
	// run_id,design_id,replication,year,seed,mode,district_schools
	// 1,default,1,1 capacity
}

func ExampleResults_WriteSummary() {
	res, err := simulate.Run(context.Background(), []simulate.Design{simulate.DefaultDesign()},
		simulate.Options{Runs: 2, Seed: 1, Mode: simulate.CapacityModel})
	if err != nil {
		log.Fatal(err)
	}
	var b strings.Builder
	res.WriteSummary(&b)
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(line, "Design") || strings.HasPrefix(line, "  fidelity") {
			fmt.Println(strings.Join(strings.Fields(line), " "))
		}
	}
	// Output:
	// Design default
	// fidelity to the non-negotiables NA
}

func ExampleSeed() {
	fmt.Println(simulate.Seed(1, 1) != simulate.Seed(1, 2))
	fmt.Println(simulate.Seed(1, 1) == simulate.Seed(1, 1))
	// Output:
	// true
	// true
}

// Three consecutive years of a small program: the school year moves on,
// families are asked again, and families visited before come back.
func ExampleProgram() {
	d := simulate.DefaultDesign()
	d.District.Schools = 2
	d.Years.Count = 3
	years, err := simulate.Program(d, 1)
	if err != nil {
		log.Fatal(err)
	}
	for _, y := range years {
		m := y.Metrics
		fmt.Printf("year %d (%s): visits held %t, returning families %t, violations %d\n",
			m.Year, y.Dataset.Year.ID, m.FirstVisits > 0, m.ReturningFamilies > 0, m.Violations)
	}
	// Output:
	// year 1 (2025-26): visits held true, returning families false, violations 0
	// year 2 (2026-27): visits held true, returning families true, violations 0
	// year 3 (2027-28): visits held true, returning families true, violations 0
}
