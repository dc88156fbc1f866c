package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/pairing"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/schedule"
	"github.com/homevisits/pthv/selection"
	"github.com/homevisits/pthv/synth"
)

// demoSeed fixes the built-in district so the demo prints the same every time.
const demoSeed = 2018

func runDemo(args []string, stdout, stderr io.Writer) int {
	f := newFlags("demo", "", "Demo runs the pthv pipeline on a built-in synthetic district (generated\ndeterministically, no files needed) and prints a readable summary of each step.", stdout, stderr)
	if _, code, done := f.parse(args, 0, 0); done {
		return code
	}
	ds, err := synth.District(synth.DefaultConfig(), demoSeed)
	if err != nil {
		return inputError(stderr, "demo", err)
	}
	d := &demo{w: stdout}
	d.step("District", func() error { return demoDistrict(d, ds) })
	d.step("Invitation plan for next year (selection: a cross-section, never a target)", func() error { return demoPlan(d, ds) })
	d.step("Visiting teams (pairing: maximum-weight matching on compatibility)", func() error { return demoTeams(d, ds) })
	d.step("Schedule of the year (schedule: first and second visits, pay)", func() error { return demoSchedule(d, ds) })
	d.step("Fidelity check (practices.Check at the end of the school year)", func() error { return demoCheck(d, ds) })
	if d.err != nil {
		return inputError(stderr, "demo", d.err)
	}
	return exitOK
}

// demo prints numbered steps and keeps the first error.
type demo struct {
	w   io.Writer
	n   int
	err error
}

func (d *demo) step(title string, fn func() error) {
	if d.err != nil {
		return
	}
	d.n++
	fmt.Fprintf(d.w, "\n%d. %s\n%s\n", d.n, title, strings.Repeat("-", len(title)+3))
	d.err = fn()
}

func (d *demo) printf(format string, args ...any) { fmt.Fprintf(d.w, format, args...) }

func demoDistrict(d *demo, ds *model.Dataset) error {
	if err := ds.Validate(); err != nil {
		return err
	}
	x := model.NewIndex(ds)
	counts := map[model.VisitStatus]int{}
	for _, v := range ds.Visits {
		counts[v.Status]++
	}
	accepted := 0
	for _, inv := range ds.Invitations {
		if inv.Answer() == model.Accepted {
			accepted++
		}
	}
	optedIn := 0
	for _, e := range ds.Educators {
		if e.OptedIn(ds.Year.ID) {
			optedIn++
		}
	}
	d.printf("Synthetic district %s, school year %s (%s to %s, %s)\n",
		ds.District.ID, ds.Year.ID, ds.Year.FirstDay, ds.Year.LastDay, ds.Calendar.TimeZone)
	d.printf("  %d schools, %d educators (%d opted in this year), %d students in %d families\n",
		len(ds.Schools), len(ds.Educators), optedIn, len(ds.Students), len(ds.Families))
	d.printf("  %d invitations, %d accepted; %d visits: %d completed, %d scheduled, %d cancelled, %d no-show\n",
		len(ds.Invitations), accepted, len(ds.Visits), counts[model.Completed], counts[model.Scheduled],
		counts[model.Cancelled], counts[model.NoShow])
	for _, s := range ds.Schools {
		fams := indexview.FamiliesOfSchool(x, s.ID)
		visited := map[model.FamilyID]bool{}
		for _, f := range fams {
			for _, v := range x.VisitsOf(f) {
				if v.Status == model.Completed {
					visited[f] = true
				}
			}
		}
		d.printf("  school %s: %d families, %d visited (%.0f%%)\n", s.ID, len(fams), len(visited),
			100*float64(len(visited))/float64(max(len(fams), 1)))
	}
	d.printf("  dataset is structurally valid (pthv/v1)\n")
	return nil
}

func demoCheck(d *demo, ds *model.Dataset) error {
	asOf := ds.Year.LastDay.AddDays(1).In(ds.Calendar.Location(), 0)
	rep, err := practices.Check(ds, asOf, nil)
	if err != nil {
		return err
	}
	s := rep.Summary
	d.printf("%d visits judged against %d rules: %d violations, %d advisories, %d data findings\n",
		s.Visits, len(rep.Rules), s.Violations, s.Advisories, s.Data)
	d.printf("fidelity to the five non-negotiables: %.1f%% of assessable units pass\n", 100*s.Fidelity)
	d.printf("%d of %d schools visit systematically (>= 10%% of students, Sheldon & Jung 2018)\n",
		s.SystematicSchools, s.Schools)
	d.printf("rules with findings:\n")
	for _, r := range rep.Rules {
		if n := r.Violations + r.Advisories + r.Data; n > 0 {
			f, _ := r.Fidelity()
			d.printf("  %-28s %-9s %3d finding(s), %5.1f%% of %d units pass\n", r.Rule, r.Severity, n, 100*f, r.Assessable)
		}
	}
	if len(rep.Findings) > 0 {
		d.printf("for example: %s\n", rep.Findings[0].Message)
	}
	return nil
}

// demoPlan plans a 25% cross-section of the first school's families,
// balanced on English learners and lunch eligibility, and audits it.
func demoPlan(d *demo, ds *model.Dataset) error {
	school := ds.Schools[0].ID
	req := selection.Request{
		Scope:   selection.Scope{Schools: []model.SchoolID{school}},
		Method:  selection.Stratified,
		Share:   0.25,
		Balance: []string{"ell", "frl"},
		Seed:    demoSeed,
	}
	pl, err := selection.NewPlan(ds, req)
	if err != nil {
		return err
	}
	d.printf("school %s: %d of %d families invited (25%%), stratified on ell × frl, seed %d\n",
		school, pl.Size, pl.Population, req.Seed)
	shown, hidden := shownStrata(pl.Strata, ds.Policy.MinCellSize)
	for _, st := range shown {
		d.printf("  stratum %-22s population %4d  quota %6.2f  chosen %3d\n", st.Key, st.Population, st.Quota, st.Chosen)
	}
	if hidden > 0 {
		d.printf("  %d more strata not shown: a group under %d families\n", hidden, ds.Policy.MinCellSize)
	}
	audit, err := pl.Audit(nil, selection.ThresholdsFrom(ds.Policy))
	if err != nil {
		return err
	}
	d.printf("targeting audit over %d attributes: %s\n", len(audit.Attributes), audit.Verdict)
	d.printf("a scope by attribute is refused: ")
	if _, err := selection.ParseScope("school=" + string(school) + ",ell=yes"); err != nil {
		d.printf("%v\n", err)
	}
	return nil
}

// demoTeams pairs each school's opted-in, trained educators into standing
// teams and says who was left out and why.
func demoTeams(d *demo, ds *model.Dataset) error {
	start := ds.Year.FirstDay.In(ds.Calendar.Location(), model.NewClock(8, 0))
	plan, err := pairing.Teams(ds, start, pairing.TeamOptions{})
	if err != nil {
		return err
	}
	per := map[model.SchoolID][2]int{}
	for _, t := range plan.Teams {
		c := per[t.School]
		c[0]++
		c[1] += len(t.Members)
		per[t.School] = c
	}
	for _, s := range ds.Schools {
		c := per[s.ID]
		d.printf("  school %s: %d teams, %d educators\n", s.ID, c[0], c[1])
	}
	if len(plan.Teams) > 0 {
		t := plan.Teams[0]
		d.printf("  e.g. team %v:\n", t.Members)
		for _, p := range t.Pairs {
			d.printf("    %s\n", p.Explain())
		}
	}
	reasons := map[pairing.Reason]int{}
	for _, l := range plan.LeftOut {
		reasons[l.Reason]++
	}
	keys := slices.Sorted(maps.Keys(reasons))
	for _, k := range keys {
		d.printf("  left out, %s: %d\n", k, reasons[k])
	}
	return nil
}

// demoSchedule plans the year's visits as if none were booked yet, two
// weeks after the first day, for the families who had accepted by then.
func demoSchedule(d *demo, ds *model.Dataset) error {
	planning := *ds
	planning.Visits = nil
	asOf := ds.Year.FirstDay.AddDays(14).In(ds.Calendar.Location(), model.NewClock(9, 0))
	s, err := schedule.Plan(&planning, asOf, schedule.Options{WorkingHoursBusy: true})
	if err != nil {
		return err
	}
	kinds := map[model.VisitKind]int{}
	for _, a := range s.Appointments {
		kinds[a.Kind]++
	}
	d.printf("planned as of %s: %d first visits and %d second visits placed (optimal: %v)\n",
		asOf.Format("2006-01-02"), kinds[model.FirstVisit], kinds[model.SecondVisit], s.Proven)
	reasons := map[schedule.Reason]int{}
	for _, u := range s.Unplaced {
		reasons[u.Reason]++
	}
	for _, k := range slices.Sorted(maps.Keys(reasons)) {
		d.printf("  unplaced, %s: %d\n", k, reasons[k])
	}
	t := s.Totals
	d.printf("  %d minutes outside the working day: %s in per-visit pay, %d minutes under stipends\n",
		t.MinutesOutside, model.FormatDollars(t.Cents), t.StipendMinutes)
	for _, src := range t.BySource {
		if src.MinutesOutside > 0 || src.Cents > 0 {
			d.printf("    %-10s %5d minutes  %s\n", src.Source, src.MinutesOutside, model.FormatDollars(src.Cents))
		}
	}
	return nil
}
