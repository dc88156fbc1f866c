package schedule_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/schedule"
)

// TestPlanProperties: on generated instances no hard constraint is ever
// broken, every accepted family's visits are accounted for, the objective
// never beats its bound, and the same input gives the same schedule.
func TestPlanProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sp := smallSpec(t)
		ds := build(sp)
		opt := schedule.Options{Teams: teams(sp), Step: time.Duration(rapid.SampledFrom([]int{5, 15, 30, 60}).Draw(t, "step")) * time.Minute}
		opt.Method = rapid.SampledFrom([]schedule.Method{"", schedule.Heuristic, schedule.Exact}).Draw(t, "method")
		if rapid.Bool().Draw(t, "budget") {
			opt.BudgetCents = rapid.Int64Range(1, 20000).Draw(t, "cents")
		}
		var travel func(a, b model.FamilyID) time.Duration
		if rapid.Bool().Draw(t, "travel") {
			travel = func(a, b model.FamilyID) time.Duration {
				if a == b {
					return 0
				}
				return time.Duration(len(a)%3+len(b)%5) * 10 * time.Minute
			}
			opt.Travel = travel
		}
		s, err := schedule.Plan(ds, sp.AsOf, opt)
		require.NoError(t, err)
		require.NoError(t, checkHard(ds, s, sp.AsOf, travel))
		require.NoError(t, checkAccounted(ds, s, sp.AsOf))
		require.False(t, s.Objective.Better(s.Bound, opt.BudgetCents > 0), "objective %+v beats bound %+v", s.Objective, s.Bound)
		if s.Proven {
			require.Equal(t, s.Objective.FirstVisits, s.Bound.FirstVisits)
		}
		again, err := schedule.Plan(ds, sp.AsOf, opt)
		require.NoError(t, err)
		require.Equal(t, s, again, "not deterministic")
	})
}

// TestPlanNeverPanics feeds odd but valid options and as-of times.
func TestPlanNeverPanics(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sp := smallSpec(t)
		ds := build(sp)
		asOf := sp.AsOf.Add(time.Duration(rapid.IntRange(-2000, 2000).Draw(t, "hours")) * time.Hour)
		opt := schedule.Options{
			Visitors: map[model.FamilyID][]model.EducatorID{"F0000": {"E000"}, "F0001": {"E000", "nobody"}, "F0002": {"E000", "E000", "E001"}},
			IDPrefix: rapid.String().Draw(t, "prefix"),
		}
		if rapid.Bool().Draw(t, "teams") {
			opt.Teams = teams(sp)
		}
		s, err := schedule.Plan(ds, asOf, opt)
		require.NoError(t, err)
		require.NoError(t, checkHard(ds, s, asOf, nil))
		require.NoError(t, checkAccounted(ds, s, asOf))
	})
}

// changeGen draws a change to a schedule.
func changeGen(t *rapid.T, ds *model.Dataset, s schedule.Schedule) schedule.Change {
	at := s.AsOf.Add(time.Duration(rapid.IntRange(0, 24*10).Draw(t, "after")) * time.Hour)
	span := func() (model.Date, model.Date) {
		from := ds.Year.Start().AddDays(rapid.IntRange(0, ds.Year.LastDay.DaysSince(ds.Year.Start())).Draw(t, "from"))
		return from, from.AddDays(rapid.IntRange(0, 3).Draw(t, "len"))
	}
	switch rapid.IntRange(0, 2).Draw(t, "change") {
	case 0:
		if len(s.Appointments) == 0 {
			t.Skip("nothing to cancel")
		}
		a := rapid.SampledFrom(s.Appointments).Draw(t, "appointment")
		c := schedule.FamilyCancels{Family: a.Family, At: at}
		if rapid.Bool().Draw(t, "one") {
			c.Visit = a.ID
		}
		return c
	case 1:
		from, to := span()
		return schedule.EducatorUnavailable{Educator: rapid.SampledFrom(ds.Educators).Draw(t, "educator").ID, From: from, To: to, At: at}
	}
	from, to := span()
	if today := model.DateOf(at.In(ds.Calendar.Location())); !from.After(today) {
		from, to = today.AddDays(1), today.AddDays(1+to.DaysSince(from))
	}
	return schedule.SchoolClosed{From: from, To: to, Name: "snow day", At: at}
}

// TestRepairTouchesOnlyWhatItMust: a repair keeps every hard constraint,
// moves or cancels exactly the appointments the change touches (and a
// second visit whose first had to move), leaves every other appointment as
// it was, and loses no history.
func TestRepairTouchesOnlyWhatItMust(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sp := smallSpec(t)
		ds := build(sp)
		s, err := schedule.Plan(ds, sp.AsOf, schedule.Options{Teams: teams(sp), Method: schedule.Heuristic})
		require.NoError(t, err)
		c := changeGen(t, ds, s)
		r, rep, err := schedule.Repair(ds, s, c)
		require.NoError(t, err)
		require.NoError(t, checkHard(ds, r, sp.AsOf, nil))

		loc := ds.Calendar.Location()
		direct := map[model.VisitID]bool{}
		for _, a := range s.Appointments {
			open := a.Active() && a.Start.After(c.When())
			day := model.DateOf(a.Start.In(loc))
			switch c := c.(type) {
			case schedule.FamilyCancels:
				direct[a.ID] = open && a.Family == c.Family && (c.Visit == "" || c.Visit == a.ID)
			case schedule.EducatorUnavailable:
				direct[a.ID] = open && !day.Before(c.From) && !day.After(c.To) && contains(a.Visitors, c.Educator)
			case schedule.SchoolClosed:
				direct[a.ID] = open && !day.Before(c.From) && !day.After(c.To)
			}
		}
		changed := map[model.VisitID]bool{}
		for _, id := range append(rep.Moved, rep.Cancelled...) {
			changed[id] = true
		}
		require.Len(t, r.Appointments, len(s.Appointments), "an appointment was dropped")
		for _, a := range s.Appointments {
			b, ok := r.Appointment(a.ID)
			require.True(t, ok, "%s lost", a.ID)
			if direct[a.ID] {
				require.True(t, changed[a.ID], "%s is touched by the change but neither moved nor cancelled", a.ID)
			}
			if !changed[a.ID] {
				require.Equal(t, a, b, "%s is not touched but changed", a.ID)
				continue
			}
			if !direct[a.ID] {
				// Only a second visit may follow its first.
				require.Equal(t, model.SecondVisit, a.Kind, "%s changed without cause", a.ID)
				first := false
				for _, o := range s.Appointments {
					first = first || o.Family == a.Family && o.Kind == model.FirstVisit && direct[o.ID]
				}
				require.True(t, first, "%s changed but its first visit was not touched", a.ID)
			}
			switch b.Status {
			case model.Cancelled:
				require.NotEmpty(t, b.CancelledBy)
				require.True(t, b.Start.Equal(a.Start), "a cancelled appointment keeps its time")
				require.Equal(t, a.Reschedules, b.Reschedules)
			default:
				require.Len(t, b.Reschedules, len(a.Reschedules)+1)
				last := b.Reschedules[len(b.Reschedules)-1]
				require.True(t, last.FromStart.Equal(a.Start))
				require.True(t, last.At.Equal(c.When()))
				require.True(t, b.ArrangedAt.Equal(c.When()))
				require.Equal(t, a.Visitors, b.Visitors)
			}
		}
		require.NoError(t, checkRepairAccounted(ds, r, sp.AsOf))
	})
}

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// checkRepairAccounted: after a repair, each accepted family's visit is an
// active appointment, a kept visit or unplaced with a reason (a cancelled
// appointment is then unplaced).
func checkRepairAccounted(ds *model.Dataset, s schedule.Schedule, asOf time.Time) error {
	active := s
	active.Appointments = nil
	for _, a := range s.Appointments {
		if a.Active() {
			active.Appointments = append(active.Appointments, a)
		}
	}
	if err := checkAccounted(ds, active, asOf); err != nil {
		return fmt.Errorf("after repair: %w", err)
	}
	return nil
}

// TestRepairSequence applies several changes in a row.
func TestRepairSequence(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sp := smallSpec(t)
		ds := build(sp)
		s, err := schedule.Plan(ds, sp.AsOf, schedule.Options{Teams: teams(sp)})
		require.NoError(t, err)
		t.Repeat(map[string]func(*rapid.T){
			"change": func(t *rapid.T) {
				c := changeGen(t, ds, s)
				r, _, err := schedule.Repair(ds, s, c)
				require.NoError(t, err)
				s = r
			},
			"": func(t *rapid.T) {
				require.NoError(t, checkHard(ds, s, sp.AsOf, nil))
				require.NoError(t, checkRepairAccounted(ds, s, sp.AsOf))
			},
		})
	})
}

// shuffled returns a copy of ds with its records in another order; the
// schedule must not depend on it.
func shuffled(ds *model.Dataset, seed uint64) *model.Dataset {
	c := *ds
	r := rand.New(rand.NewPCG(seed, 1))
	c.Families = append([]model.Family(nil), ds.Families...)
	c.Invitations = append([]model.Invitation(nil), ds.Invitations...)
	r.Shuffle(len(c.Families), func(i, j int) { c.Families[i], c.Families[j] = c.Families[j], c.Families[i] })
	r.Shuffle(len(c.Invitations), func(i, j int) { c.Invitations[i], c.Invitations[j] = c.Invitations[j], c.Invitations[i] })
	return &c
}

func TestPlanIndependentOfRecordOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sp := smallSpec(t)
		ds := build(sp)
		opt := schedule.Options{Teams: teams(sp)}
		a, err := schedule.Plan(ds, sp.AsOf, opt)
		require.NoError(t, err)
		b, err := schedule.Plan(shuffled(ds, rapid.Uint64().Draw(t, "seed")), sp.AsOf, opt)
		require.NoError(t, err)
		require.Equal(t, a.Appointments, b.Appointments)
		require.Equal(t, a.Unplaced, b.Unplaced)
	})
}

// TestPlanOneKind: with Options.Kind, only that visit of each family is
// planned — under the same hard constraints — and a plan of first visits
// alone places as many first visits as the plan of both (the objective
// puts first visits first) within the heuristic's reach; second visits
// alone are planned only after a first visit on record.
func TestPlanOneKind(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sp := smallSpec(t)
		ds := build(sp)
		opt := schedule.Options{Teams: teams(sp), Method: schedule.Heuristic}
		both, err := schedule.Plan(ds, sp.AsOf, opt)
		require.NoError(t, err)
		opt.Kind = model.FirstVisit
		first, err := schedule.Plan(ds, sp.AsOf, opt)
		require.NoError(t, err)
		require.NoError(t, checkHard(ds, first, sp.AsOf, nil))
		for _, a := range first.Appointments {
			require.Equal(t, model.FirstVisit, a.Kind)
		}
		for _, u := range first.Unplaced {
			require.Equal(t, model.FirstVisit, u.Kind)
		}
		require.GreaterOrEqual(t, first.Objective.FirstVisits, both.Objective.FirstVisits)

		// Record the first visits, then plan the second visits alone.
		withFirst := *ds
		withFirst.Visits = append([]model.Visit(nil), ds.Visits...)
		for _, v := range first.Visits() {
			withFirst.Visits = append(withFirst.Visits, v)
		}
		opt.Kind = model.SecondVisit
		second, err := schedule.Plan(&withFirst, sp.AsOf, opt)
		require.NoError(t, err)
		require.NoError(t, checkHard(&withFirst, second, sp.AsOf, nil))
		planned := map[model.FamilyID]bool{}
		for _, a := range first.Appointments {
			planned[a.Family] = true
		}
		for _, k := range first.Kept {
			planned[k.Family] = true
		}
		for _, a := range second.Appointments {
			require.Equal(t, model.SecondVisit, a.Kind)
			require.True(t, planned[a.Family], "family %s has a second visit without a first", a.Family)
		}

		opt.Kind = "third"
		_, err = schedule.Plan(ds, sp.AsOf, opt)
		require.ErrorIs(t, err, schedule.ErrOptions)
	})
}

// TestPlanSomeFamilies: with Options.Families, only those families are
// planned, under the same hard constraints, and each of them that is
// accepted is accounted for; planning every family listed gives the full
// plan.
func TestPlanSomeFamilies(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sp := smallSpec(t)
		ds := build(sp)
		opt := schedule.Options{Teams: teams(sp)}
		full, err := schedule.Plan(ds, sp.AsOf, opt)
		require.NoError(t, err)
		var all []model.FamilyID
		some := []model.FamilyID{} // not nil: none asked for plans none
		for _, f := range ds.Families {
			all = append(all, f.ID)
			if rapid.Bool().Draw(t, "plan "+string(f.ID)) {
				some = append(some, f.ID)
			}
		}
		opt.Families = some
		s, err := schedule.Plan(ds, sp.AsOf, opt)
		require.NoError(t, err)
		require.NoError(t, checkHard(ds, s, sp.AsOf, nil))
		seen := map[model.FamilyID]bool{}
		for _, a := range s.Appointments {
			require.True(t, contains(some, a.Family), "family %s was not asked for", a.Family)
			seen[a.Family] = true
		}
		for _, u := range s.Unplaced {
			require.True(t, contains(some, u.Family), "family %s was not asked for", u.Family)
			seen[u.Family] = true
		}
		for _, k := range s.Kept {
			seen[k.Family] = true
		}
		for _, a := range full.Appointments {
			if contains(some, a.Family) {
				require.True(t, seen[a.Family], "family %s is accounted for", a.Family)
			}
		}
		opt.Families = all
		again, err := schedule.Plan(ds, sp.AsOf, opt)
		require.NoError(t, err)
		require.Equal(t, full, again)
	})
}
