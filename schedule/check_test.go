package schedule_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/schedule"
)

// checkHard is an independent checker of every hard constraint of a
// schedule, written against the model only (it shares no code with the
// planner). asOf is when the families' consent is judged; travel may be
// nil (the policy's buffer).
func checkHard(ds *model.Dataset, s schedule.Schedule, asOf time.Time, travel func(a, b model.FamilyID) time.Duration) error {
	x := model.NewIndex(ds)
	pol := s.Policy
	cal := ds.Calendar
	cal.Closures = append(slices.Clone(cal.Closures), s.Closures...)
	loc := cal.Location()
	d := time.Duration(pol.VisitLength)
	gap := func(a, b model.FamilyID) time.Duration {
		if travel != nil {
			return max(0, travel(a, b))
		}
		return time.Duration(pol.TravelBuffer)
	}
	type booking struct {
		start, end time.Time
		family     model.FamilyID
		id         model.VisitID
	}
	byEducator := map[model.EducatorID][]booking{}
	inSchedule := map[model.VisitID]bool{}
	var spent int64
	for _, a := range s.Appointments {
		inSchedule[a.ID] = true
		if !a.Active() {
			if a.CancelledBy == "" {
				return fmt.Errorf("%s: cancelled with no one named", a.ID)
			}
			continue
		}
		cost, err := a.CostCents()
		if err != nil {
			return err
		}
		spent += cost
		at := a.Start.In(loc)
		day := model.DateOf(at)
		visitors := map[model.EducatorID]bool{}
		for _, id := range a.Visitors {
			visitors[id] = true
		}
		if len(visitors) < 2 {
			return fmt.Errorf("%s: %d visitor(s), want a pair", a.ID, len(visitors))
		}
		for id := range visitors {
			e, ok := x.Educator(id)
			if !ok || !e.OptedIn(ds.Year.ID) {
				return fmt.Errorf("%s: visitor %s did not opt in", a.ID, id)
			}
			if _, ok := e.TrainedBy(day.AddDays(-1)); !ok {
				return fmt.Errorf("%s: visitor %s not trained before %s", a.ID, id, day)
			}
			if len(e.Availability) > 0 && !covered(e.Availability, at, d) {
				return fmt.Errorf("%s: visitor %s not available at %s", a.ID, id, at)
			}
			byEducator[id] = append(byEducator[id], booking{a.Start, a.End(), a.Family, a.ID})
		}
		if standing, _ := model.ConsentFor(x.ConsentHistory(a.Family), ds.Year.ID, nil, asOf); standing != model.Accepted {
			return fmt.Errorf("%s: family %s has not accepted at %s", a.ID, a.Family, asOf)
		}
		if !a.ArrangedAt.Before(a.Start) || a.Start.Before(a.ArrangedAt.Add(time.Duration(pol.MinNotice))) {
			return fmt.Errorf("%s: arranged %s, starts %s: not %s in advance", a.ID, a.ArrangedAt, a.Start, pol.MinNotice)
		}
		if a.ArrangedAt.Before(s.AsOf) {
			return fmt.Errorf("%s: arranged before the schedule's as-of time", a.ID)
		}
		if time.Duration(a.Duration) != d || a.Duration < pol.DurationMin || a.Duration > pol.DurationMax {
			return fmt.Errorf("%s: duration %s", a.ID, a.Duration)
		}
		if !ds.Year.Contains(day) || cal.Closed(day) {
			return fmt.Errorf("%s: %s is outside the year or closed", a.ID, day)
		}
		end := a.End().In(loc)
		if model.DateOf(end) != day && !(end.Hour() == 0 && end.Minute() == 0) {
			return fmt.Errorf("%s: crosses midnight", a.ID)
		}
		if c := model.Clock(at.Hour()*60 + at.Minute()); c < pol.EarliestVisit {
			return fmt.Errorf("%s: starts %s before %s", a.ID, c, pol.EarliestVisit)
		}
		if c := model.Clock(end.Hour()*60 + end.Minute()); c > pol.LatestVisit {
			return fmt.Errorf("%s: ends %s after %s", a.ID, c, pol.LatestVisit)
		}
		if f, ok := x.Family(a.Family); ok && len(f.Availability) > 0 && !covered(f.Availability, at, d) {
			return fmt.Errorf("%s: family not available at %s", a.ID, at)
		}
	}
	if s.BudgetCents > 0 && spent > s.BudgetCents {
		return fmt.Errorf("spent %d cents over the budget of %d", spent, s.BudgetCents)
	}
	// The dataset's own visits occupy their educators too.
	for i := range ds.Visits {
		v := &ds.Visits[i]
		if inSchedule[v.ID] || !(v.Status == model.Scheduled || v.Status == model.Completed || v.Status == model.NoShow) {
			continue
		}
		dv := time.Duration(v.Duration)
		if dv <= 0 {
			dv = d
		}
		for _, id := range v.Visitors {
			byEducator[id] = append(byEducator[id], booking{v.Start, v.Start.Add(dv), v.Family, v.ID})
		}
	}
	for id, bs := range byEducator {
		days, weeks := map[model.Date]int{}, map[model.Date]int{}
		for i, b := range bs {
			day := model.DateOf(b.start.In(loc))
			days[day]++
			weeks[day.AddDays(-((int(day.Weekday())+6)%7))]++
			for _, o := range bs[i+1:] {
				if model.DateOf(o.start.In(loc)) != day || !inSchedule[b.id] && !inSchedule[o.id] {
					continue
				}
				first, second := b, o
				if o.start.Before(b.start) {
					first, second = o, b
				}
				if second.start.Before(first.end.Add(gap(first.family, second.family))) {
					return fmt.Errorf("educator %s: %s and %s overlap or leave no travel time", id, first.id, second.id)
				}
			}
		}
		for day, n := range days {
			if n > pol.MaxVisitsPerDay && anyOf(bs, func(b booking) bool { return inSchedule[b.id] && model.DateOf(b.start.In(loc)) == day }) {
				return fmt.Errorf("educator %s: %d visits on %s", id, n, day)
			}
		}
		for monday, n := range weeks {
			if n > pol.MaxVisitsPerWeek && anyOf(bs, func(b booking) bool {
				dd := model.DateOf(b.start.In(loc))
				return inSchedule[b.id] && !dd.Before(monday) && dd.Before(monday.AddDays(7))
			}) {
				return fmt.Errorf("educator %s: %d visits in the week of %s", id, n, monday)
			}
		}
	}
	// First and second visits of each family, and the gap between them.
	firsts := map[model.FamilyID]time.Time{}
	for _, k := range s.Kept {
		if k.Kind == model.FirstVisit {
			firsts[k.Family] = k.Start
		}
	}
	seen := map[string]bool{}
	for _, a := range s.Appointments {
		if !a.Active() {
			continue
		}
		k := string(a.Family) + "/" + string(a.Kind)
		if seen[k] {
			return fmt.Errorf("family %s has two %s visits", a.Family, a.Kind)
		}
		seen[k] = true
		if a.Kind == model.FirstVisit {
			firsts[a.Family] = a.Start
		}
	}
	for _, a := range s.Appointments {
		if !a.Active() || a.Kind != model.SecondVisit {
			continue
		}
		f, ok := firsts[a.Family]
		if !ok {
			return fmt.Errorf("%s: a second visit with no first", a.ID)
		}
		if a.Start.Before(pol.MinGap.After(f.In(loc))) {
			return fmt.Errorf("%s: second visit %s, less than %s after the first %s", a.ID, a.Start, pol.MinGap, f)
		}
	}
	return nil
}

func anyOf[T any](xs []T, fn func(T) bool) bool { return slices.ContainsFunc(xs, fn) }

func covered(ws []model.Window, at time.Time, d time.Duration) bool {
	for _, w := range ws {
		if w.Covers(at, d) {
			return true
		}
	}
	return false
}

// checkAccounted checks that every accepted family's first and second
// visit is exactly one of: an active appointment, a kept visit, an
// unplaced entry with a reason (or, after a repair, a cancelled one).
func checkAccounted(ds *model.Dataset, s schedule.Schedule, asOf time.Time) error {
	x := model.NewIndex(ds)
	count := map[string]int{}
	for _, a := range s.Appointments {
		if a.Active() {
			count[string(a.Family)+"/"+string(a.Kind)]++
		}
	}
	// A family whose children were visited apart has several kept visits
	// of a kind (RULES.md, P3: the lifecycle runs per student); together
	// they account for it once.
	kept := map[string]bool{}
	for _, k := range s.Kept {
		kept[string(k.Family)+"/"+string(k.Kind)] = true
	}
	for k := range kept {
		count[k]++
	}
	for _, u := range s.Unplaced {
		if u.Reason == "" || u.Detail == "" {
			return fmt.Errorf("family %s %s: unplaced with no reason", u.Family, u.Kind)
		}
		count[string(u.Family)+"/"+string(u.Kind)]++
	}
	for i := range ds.Families {
		f := ds.Families[i].ID
		if standing, _ := model.ConsentFor(x.ConsentHistory(f), ds.Year.ID, nil, asOf); standing != model.Accepted {
			continue
		}
		for _, kind := range []model.VisitKind{model.FirstVisit, model.SecondVisit} {
			if n := count[string(f)+"/"+string(kind)]; n != 1 {
				return fmt.Errorf("family %s %s visit: accounted for %d times", f, kind, n)
			}
		}
	}
	return nil
}
