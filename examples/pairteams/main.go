// Pairteams shows the order of work for who visits whom and when: the
// standing teams of the school year (pairing.Teams, an exact optimal
// matching on compatibility), the schedule of the families who accepted a
// visit (schedule.Plan, with those teams), and a per-visit partner
// (pairing.Partners) for a visit left with the teacher alone — here, after
// a partner dropped out. Visits are made in pairs (core practice 5).
//
//	go run ./examples/pairteams
package main

import (
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/pairing"
	"github.com/homevisits/pthv/schedule"
	"github.com/homevisits/pthv/synth"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(w io.Writer) error {
	// One school whose families have answered their invitations; the
	// visits are still to be planned.
	cfg := synth.DefaultConfig()
	cfg.Schools = 1
	cfg.Deviations = synth.Compliant()
	ds, err := synth.District(cfg, 3)
	if err != nil {
		return err
	}
	ds.Visits, ds.Communications, ds.Withdrawals = nil, nil, nil

	// 1. Standing teams, at the start of the year.
	start := ds.Year.FirstDay.In(ds.Calendar.Location(), model.NewClock(8, 0))
	teams, err := pairing.Teams(ds, start, pairing.TeamOptions{})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%d standing teams; volunteers left out: %d\n", len(teams.Teams), len(teams.Unplaced()))
	if len(teams.Teams) > 0 {
		t := teams.Teams[0]
		fmt.Fprintf(w, "  e.g. %v, score %d: %s\n", t.Members, t.Score.Total(), t.Pairs[0].Explain())
	}

	// 2. The schedule: every family whose consent stands accepted at the
	// planning time gets a first and a second visit with a team of one of
	// its teachers, or is listed as unplaced with the reason.
	asOf := ds.Year.FirstDay.AddDays(-14).In(ds.Calendar.Location(), model.NewClock(9, 0))
	var st []schedule.Team
	for _, t := range teams.Teams {
		st = append(st, schedule.Team{Educators: t.Members})
	}
	sch, err := schedule.Plan(ds, asOf, schedule.Options{Teams: st, WorkingHoursBusy: true})
	if err != nil {
		return err
	}
	reasons := map[schedule.Reason]int{}
	for _, u := range sch.Unplaced {
		reasons[u.Reason]++
	}
	fmt.Fprintf(w, "Schedule as of %s: %d appointments (%d first, %d second), %d unplaced %v\n",
		asOf.Format(time.DateOnly), len(sch.Appointments), sch.Objective.FirstVisits, sch.Objective.SecondVisits, len(sch.Unplaced), reasons)
	fmt.Fprintf(w, "  %d minutes outside the working day, %s of pay\n",
		sch.Totals.MinutesOutside, model.FormatDollars(sch.Totals.Cents))
	if len(sch.Appointments) == 0 {
		return nil
	}

	// 3. A partner drops out of the first appointment: the visit is left
	// with the teacher alone, and pairing.Partners finds a colleague who
	// is free then, under the caps.
	ds.Visits = sch.Visits()
	v := &ds.Visits[0]
	dropped := v.Visitors[len(v.Visitors)-1]
	v.Visitors = v.Visitors[:1]
	pp, err := pairing.Partners(ds, pairing.PartnerOptions{Visits: []model.VisitID{v.ID}, AssumeAvailable: true})
	if err != nil {
		return err
	}
	for _, a := range pp.Assignments {
		fmt.Fprintf(w, "Visit %s on %s: %s dropped out; new partner %s (%s)\n",
			a.Visit, a.Start.Format(time.DateOnly), dropped, a.Partner, a.Explain())
	}
	for _, u := range pp.Unpartnered {
		fmt.Fprintf(w, "Visit %s has no partner: %s — it is not held solo (P5.pair)\n", u.Visit, u.Detail)
	}
	return nil
}
