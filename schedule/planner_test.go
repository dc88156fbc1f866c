package schedule_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/schedule"
)

// TestPlannerIsPlan: a Planner run again and again as the record grows —
// visits booked, missed, cancelled, moved, reordered and given other
// visitors in place, families asking,
// a closure added, the time zone changed,
// the families or the educators replaced by others in another order,
// another dataset after a Reset — gives at every run the schedule Plan
// gives on the dataset as it stands. Plan, which lays everything out
// afresh, is the oracle of the Planner, which keeps its layout from run
// to run.
func TestPlannerIsPlan(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sp := smallSpec(t)
		ds := build(sp)
		pl := schedule.NewPlanner(ds)
		asOf := sp.AsOf
		for round := range rapid.IntRange(1, 6).Draw(t, "rounds") {
			opt := schedule.Options{Teams: teams(sp), WorkingHoursBusy: rapid.Bool().Draw(t, "busy"),
				Method: rapid.SampledFrom([]schedule.Method{"", schedule.Heuristic}).Draw(t, "method"),
				Kind:   rapid.SampledFrom([]model.VisitKind{"", model.FirstVisit, model.SecondVisit}).Draw(t, "kind")}
			if rapid.Bool().Draw(t, "budget") {
				opt.BudgetCents = rapid.Int64Range(1, 20000).Draw(t, "cents")
			}
			if rapid.Bool().Draw(t, "some families") {
				opt.Families = []model.FamilyID{}
				for _, f := range ds.Families {
					if rapid.Bool().Draw(t, "plan "+string(f.ID)) {
						opt.Families = append(opt.Families, f.ID)
					}
				}
			}
			// The prefix of the round, or one of every round, whose ids
			// the Planner keeps and the records come to hold.
			opt.IDPrefix = rapid.SampledFrom([]string{"R" + string(rune('A'+round)) + "-", "", "R-"}).Draw(t, "prefix")
			want, wantErr := schedule.Plan(ds, asOf, opt)
			got, err := pl.Plan(asOf, opt)
			require.Equal(t, wantErr, err)
			require.Equal(t, want, got, "round %d", round)

			// The record grows: some appointments are booked, and some of
			// those are then missed or cancelled.
			for _, v := range want.Visits() {
				switch rapid.IntRange(0, 4).Draw(t, "fate") {
				case 0:
					continue
				case 1:
					v.Status = model.NoShow
				case 2:
					v.Status, v.CancelledBy = model.Cancelled, model.ByFamily
				}
				ds.Visits = append(ds.Visits, v)
			}
			switch rapid.IntRange(0, 9).Draw(t, "change") {
			case 0: // a closure: the days are laid out again
				d := sp.First.AddDays(rapid.IntRange(0, 10).Draw(t, "closed"))
				ds.Calendar.Closures = append(slices.Clone(ds.Calendar.Closures), model.Closure{From: d, To: d, Name: "snow"})
			case 1: // other people, in another order: indexed again
				ds.Families = slices.Clone(ds.Families)
				slices.Reverse(ds.Families)
			case 4: // other educators, in another order: positioned again
				ds.Educators = slices.Clone(ds.Educators)
				slices.Reverse(ds.Educators)
			case 2: // a family withdraws
				if len(ds.Families) > 0 {
					f := ds.Families[rapid.IntRange(0, len(ds.Families)-1).Draw(t, "withdraws")].ID
					ds.Withdrawals = append(ds.Withdrawals, model.Withdrawal{Family: f, At: asOf})
				}
			case 5: // a family moves a visit, in place
				if len(ds.Visits) > 0 {
					ds.Visits = slices.Clone(ds.Visits)
					v := &ds.Visits[rapid.IntRange(0, len(ds.Visits)-1).Draw(t, "moved")]
					v.Start = v.Start.Add(time.Duration(rapid.IntRange(-3*24*60, 3*24*60).Draw(t, "by minutes")) * time.Minute)
				}
			case 7: // the district in another time zone: laid out again
				cal, err := model.NewCalendar(rapid.SampledFrom([]string{"America/Denver", "America/New_York"}).Draw(t, "zone"), ds.Calendar.Hours)
				require.NoError(t, err)
				cal.Week, cal.Closures, cal.Seasons = ds.Calendar.Week, ds.Calendar.Closures, ds.Calendar.Seasons
				ds.Calendar = cal
			case 8: // a visit's visitors changed in place, in the same array
				if len(ds.Visits) > 0 && len(ds.Educators) > 0 {
					v := &ds.Visits[rapid.IntRange(0, len(ds.Visits)-1).Draw(t, "revisited")]
					if len(v.Visitors) > 0 {
						j := rapid.IntRange(0, len(v.Visitors)-1).Draw(t, "visitor")
						v.Visitors[j] = ds.Educators[rapid.IntRange(0, len(ds.Educators)-1).Draw(t, "by")].ID
					}
				}
			case 6: // the visits in another order
				ds.Visits = slices.Clone(ds.Visits)
				slices.Reverse(ds.Visits)
			case 3: // the next school: another dataset, the Planner reset
				sp = smallSpec(t)
				ds = build(sp)
				pl.Reset(ds)
			}
			asOf = asOf.Add(time.Duration(rapid.IntRange(0, 72).Draw(t, "hours later")) * time.Hour)
		}
	})
}

// TestPlannerInputErrors: a Planner fails as Plan does.
func TestPlannerInputErrors(t *testing.T) {
	ds, asOf := exampleDataset()
	_, want := schedule.Plan(ds, time.Time{}, schedule.Options{})
	_, err := schedule.NewPlanner(ds).Plan(time.Time{}, schedule.Options{})
	require.ErrorIs(t, err, schedule.ErrOptions)
	require.Equal(t, want, err)
	_, err = schedule.NewPlanner(nil).Plan(asOf, schedule.Options{})
	require.ErrorIs(t, err, schedule.ErrOptions)
}
