// Planinvitations shows how a school plans whom to invite without
// targeting anyone (core practice 4: "visit all or a cross-section of
// students so there is no stigma"): a stratified equal-probability sample
// of a quarter of the school's families, balanced on English learners and
// lunch eligibility, with each stratum's quota, every family's inclusion
// probability, the audit that checks the plan is a cross-section, and the
// invitations that record the plan. A request that tries to filter by a
// student attribute is refused with selection.ErrTargeting.
//
//	go run ./examples/planinvitations
package main

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/selection"
	"github.com/homevisits/pthv/synth"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(w io.Writer) error {
	// A district system would decode its own records; a synthetic school
	// stands in for them here.
	cfg := synth.DefaultConfig()
	cfg.Schools = 1
	ds, err := synth.District(cfg, 7)
	if err != nil {
		return err
	}
	school := ds.Schools[0].ID

	// A cross-section of 25%, balanced on two attributes. The same seed
	// gives the same plan, byte for byte.
	req := selection.Request{
		Scope:   selection.Scope{Schools: []model.SchoolID{school}},
		Method:  selection.Stratified,
		Share:   0.25,
		Balance: []string{"ell", "frl"},
		Seed:    2025,
	}
	plan, err := selection.NewPlan(ds, req)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "School %s: %d of %d families chosen, each with probability %.3f (%s)\n",
		school, plan.Size, plan.Population, float64(plan.Size)/float64(plan.Population), plan.Basis)
	for _, st := range plan.Strata {
		fmt.Fprintf(w, "  stratum %-16s %4d families, quota %6.2f, chosen %3d\n", st.Key, st.Population, st.Quota, st.Chosen)
	}

	// The audit compares the chosen families with the whole scope on every
	// attribute (P4.cross-section).
	audit, err := plan.Audit(nil, selection.ThresholdsFrom(ds.Policy))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Audit verdict: %s\n", audit.Verdict)
	for _, a := range audit.Attributes {
		if a.Withheld {
			// A cell under the policy's MinCellSize: the figures could
			// identify families, so the audit keeps only the verdict.
			fmt.Fprintf(w, "  %-14s %-10s figures withheld (a group under %d families)\n", a.Attribute, a.Verdict, audit.MinCellSize)
			continue
		}
		fmt.Fprintf(w, "  %-14s %-10s largest gap %4.1f points (Holm-adjusted p = %.3f)\n", a.Attribute, a.Verdict, 100*a.Gap, a.PAdjusted)
	}

	// The plan becomes records: the plan and one invitation per family,
	// each naming the plan that chose it.
	id := model.PlanID(string(school) + "-P2026")
	rec := plan.Record(id)
	invs := plan.Invitations(id, ds.Year.FirstDay.AddDays(-30).In(ds.Calendar.Location(), model.NewClock(10, 0)))
	fmt.Fprintf(w, "Recorded plan %s (method %s, criteria %v) and %d invitations sent %s\n",
		rec.ID, rec.Method, rec.Criteria, len(invs), invs[0].SentAt.Format(time.DateOnly))

	// Attributes balance a sample; they never filter one.
	_, err = selection.ParseScope("school=" + string(school) + ",ell=yes")
	if errors.Is(err, selection.ErrTargeting) {
		fmt.Fprintf(w, "Refused: %v\n", err)
	}
	return nil
}
