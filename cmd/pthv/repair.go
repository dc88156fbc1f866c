package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/schedule"
)

// absence is one --unavailable entry: an educator away from one day to
// another, inclusive.
type absence struct {
	educator model.EducatorID
	from, to model.Date
}

func runRepair(args []string, stdout, stderr io.Writer) int {
	f := newFlags("repair", "FILE", "Repair updates the visits scheduled in the dataset after something changed,\n"+
		"moving as few as possible (schedule.Repair):\n\n"+
		"  --cancel V1,V2        the visits are called off (a cancelled first visit takes\n"+
		"                        its second along); --by says who: family or educator\n"+
		"  --unavailable E:DATE  the educator cannot visit that day (E:FROM..TO for a\n"+
		"                        range; several entries separated by commas): each of\n"+
		"                        their visits on those days moves to its best free time\n\n"+
		"A moved visit keeps its id and records its earlier time in its reschedules; a\n"+
		"visit with no free time left is cancelled, with the reason. Only scheduled\n"+
		"visits still to come move. It prints what moves, what is cancelled and what\n"+
		"could not be re-placed; --apply records it, --dry-run lists the changes.", stdout, stderr)
	cancel := f.String("cancel", "", "visits called off, comma-separated")
	byFlag := f.String("by", "family", "with --cancel: who called them off, family or educator")
	unavailable := f.String("unavailable", "", "educators away, EDUCATOR:YYYY-MM-DD or EDUCATOR:FROM..TO, comma-separated")
	asOfFlag := f.String("as-of", "", "repair as of this date (YYYY-MM-DD, end of day in the district's time zone; default now)")
	freeInHours := f.Bool("free-in-working-hours", false, "as for schedule: move educators with no recorded availability into their working hours too")
	wb := addWriteBackFlags(f, "the moved and cancelled visits")
	pos, code, done := f.parse(args, 1, 1)
	if done {
		return code
	}
	set := map[string]bool{}
	f.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	if (*cancel == "") == (*unavailable == "") {
		return f.fail("want --cancel or --unavailable (one of them)")
	}
	if set["by"] && *cancel == "" {
		return f.fail("--by: only with --cancel")
	}
	by := model.Party(*byFlag)
	if !oneOf(*byFlag, "family", "educator") {
		return f.fail("--by %q: want family or educator", *byFlag)
	}
	cancels := splitIDs[model.VisitID](*cancel)
	if *cancel != "" && len(cancels) == 0 {
		return f.fail("--cancel: name the visits")
	}
	absences, err := parseAbsences(*unavailable)
	if err != nil {
		return f.fail("--unavailable: %v", err)
	}
	if wb.check(f, pos[0]) {
		return exitUsage
	}
	ds, orig, err := wb.load(pos[0])
	if err != nil {
		return inputError(stderr, "repair", err)
	}
	asOf, code, done := aheadAsOf(f, *asOfFlag, ds)
	if done {
		return code
	}
	x := model.NewIndex(ds)
	loc := ds.Calendar.Location()
	var bad []error
	for _, id := range cancels {
		switch v, ok := x.Visit(id); {
		case !ok:
			bad = append(bad, fmt.Errorf("--cancel: no visit %q", id))
		case v.Status != model.Scheduled:
			bad = append(bad, fmt.Errorf("--cancel: visit %q is %s; only a scheduled visit still to come can be cancelled", id, v.Status))
		case !v.Start.After(asOf):
			bad = append(bad, fmt.Errorf("--cancel: visit %q started on %s, before the as-of time; record what happened instead",
				id, v.Start.In(loc).Format("2006-01-02 15:04")))
		}
	}
	for _, a := range absences {
		if _, ok := x.Educator(a.educator); !ok {
			bad = append(bad, fmt.Errorf("--unavailable: no educator %q", a.educator))
		}
	}
	if len(bad) > 0 {
		return inputErrors(stderr, "repair", pos[0], bad)
	}

	s, err := schedule.Recorded(ds, asOf, schedule.Options{WorkingHoursBusy: !*freeInHours})
	if err != nil {
		return inputError(stderr, "repair", fmt.Errorf("%s: %w", pos[0], err))
	}
	before := s
	// A visit beyond its family's second is not in the schedule (the
	// planner moves first and second visits only); cancelling it needs
	// no planning.
	var direct []model.VisitID
	for _, id := range cancels {
		if _, ok := s.Appointment(id); !ok {
			direct = append(direct, id)
			continue
		}
		v, _ := x.Visit(id)
		if s, _, err = schedule.Repair(ds, s, schedule.FamilyCancels{Family: v.Family, Visit: id, By: by, At: asOf}); err != nil {
			return inputError(stderr, "repair", fmt.Errorf("%s: %w", pos[0], err))
		}
	}
	for _, a := range absences {
		if s, _, err = schedule.Repair(ds, s, schedule.EducatorUnavailable{Educator: a.educator, From: a.from, To: a.to, At: asOf}); err != nil {
			return inputError(stderr, "repair", fmt.Errorf("%s: %w", pos[0], err))
		}
	}

	after := *ds
	after.Visits = slices.Clone(ds.Visits)
	var moved, cancelled []model.VisitID
	for i := range after.Visits {
		v := &after.Visits[i]
		if slices.Contains(direct, v.ID) {
			v.Status, v.CancelledBy = model.Cancelled, by
			cancelled = append(cancelled, v.ID)
			continue
		}
		a, ok := s.Appointment(v.ID)
		old, _ := before.Appointment(v.ID)
		if !ok {
			continue
		}
		if a.Status == model.Cancelled {
			v.Status, v.CancelledBy = model.Cancelled, a.CancelledBy
			cancelled = append(cancelled, v.ID)
			continue
		}
		if !a.Start.Equal(old.Start) {
			v.Start, v.ArrangedAt, v.Reschedules = a.Start, a.ArrangedAt, slices.Clone(a.Reschedules)
			if len(v.Compensation) > 0 {
				v.Compensation = slices.Clone(a.Pay)
			}
			moved = append(moved, v.ID)
		}
	}
	writeRepairText(stdout, pos[0], ds, asOf, before, s, moved, cancelled, direct, by)
	if wb.recording() {
		if err := wb.finish(stdout, orig, ds, &after); err != nil {
			return inputError(stderr, "repair", err)
		}
	}
	return exitOK
}

// parseAbsences reads EDUCATOR:DATE and EDUCATOR:FROM..TO entries.
func parseAbsences(s string) ([]absence, error) {
	var out []absence
	for _, item := range splitIDs[string](s) {
		e, days, ok := strings.Cut(item, ":")
		if !ok || strings.TrimSpace(e) == "" {
			return nil, fmt.Errorf("%q: want EDUCATOR:YYYY-MM-DD or EDUCATOR:FROM..TO", item)
		}
		from, to, isRange := strings.Cut(days, "..")
		a := absence{educator: model.EducatorID(strings.TrimSpace(e))}
		var err error
		if a.from, err = model.ParseDate(from); err != nil {
			return nil, fmt.Errorf("%q: %v", item, err)
		}
		a.to = a.from
		if isRange {
			if a.to, err = model.ParseDate(to); err != nil {
				return nil, fmt.Errorf("%q: %v", item, err)
			}
			if a.to.Before(a.from) {
				return nil, fmt.Errorf("%q: the range ends before it starts", item)
			}
		}
		out = append(out, a)
	}
	return out, nil
}

// writeRepairText prints what a repair moved, what it cancelled and what
// could not be re-placed, with the reason.
func writeRepairText(w io.Writer, name string, ds *model.Dataset, asOf time.Time, before, after schedule.Schedule,
	moved, cancelled, direct []model.VisitID, by model.Party) {
	var b strings.Builder
	loc := ds.Calendar.Location()
	when := func(t time.Time) string { return t.In(loc).Format("Mon 2006-01-02 15:04") }
	fmt.Fprintf(&b, "%s — repair of the %s schedule as of %s: %d visit(s) scheduled still to come\n",
		name, ds.Year.ID, asOf.In(loc).Format(time.DateOnly), len(before.Appointments))
	if len(moved) > 0 {
		b.WriteString("\nMoved\n")
		for _, id := range moved {
			a, _ := after.Appointment(id)
			old, _ := before.Appointment(id)
			fmt.Fprintf(&b, "  %s  family %s  %-6s %s → %s  visitors %s\n", id, a.Family, a.Kind, when(old.Start), when(a.Start), joinIDs(a.Visitors))
		}
	}
	if len(cancelled) > 0 {
		b.WriteString("\nCancelled\n")
		for _, id := range cancelled {
			if slices.Contains(direct, id) {
				v := findVisit(ds, id)
				fmt.Fprintf(&b, "  %s  family %s  %s  by %s\n", id, v.Family, when(v.Start), by)
				continue
			}
			a, _ := after.Appointment(id)
			fmt.Fprintf(&b, "  %s  family %s  %-6s %s  by %s\n", id, a.Family, a.Kind, when(a.Start), a.CancelledBy)
		}
	}
	var lost []schedule.Unplaced
	for _, u := range after.Unplaced {
		if u.Reason != schedule.CancelledByFamily && u.Reason != schedule.CancelledByEducator {
			lost = append(lost, u)
		}
	}
	if len(lost) > 0 {
		b.WriteString("\nCould not be re-placed\n")
		for _, u := range lost {
			fmt.Fprintf(&b, "  family %s  %-6s %s: %s\n", u.Family, u.Kind, u.Reason, u.Detail)
		}
	}
	if len(moved)+len(cancelled) == 0 {
		b.WriteString("\nNothing to move: no scheduled visit still to come is touched by the change.\n")
	} else {
		fmt.Fprintf(&b, "\n%d moved, %d cancelled (%d could not be re-placed)\n", len(moved), len(cancelled), len(lost))
	}
	io.WriteString(w, b.String())
}

func findVisit(ds *model.Dataset, id model.VisitID) *model.Visit {
	for i := range ds.Visits {
		if ds.Visits[i].ID == id {
			return &ds.Visits[i]
		}
	}
	return &model.Visit{ID: id}
}
