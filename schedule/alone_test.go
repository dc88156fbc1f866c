package schedule

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// TestPlaceAloneIsTheSearch: greedy, which places a first visit at its
// best alone while nothing has moved on its visitors' days and the budget
// affords it (placeAlone), plans what it plans searching every visit's
// best again — synthetic schools planned from any day, for all their
// families or a few (a planning round's), one kind of visit or both,
// with and without a budget (small ones bind), travel times and the
// working hours taken.
func TestPlaceAloneIsTheSearch(t *testing.T) {
	alone, placed := 0, 0
	rapid.Check(t, func(t *rapid.T) {
		ds := drawSchool(t)
		asOf := ds.Year.FirstDay.AddDays(rapid.IntRange(-20, 150).Draw(t, "day")).In(ds.Calendar.Location(), model.NewClock(rapid.IntRange(0, 23).Draw(t, "hour"), 0))
		opt := Options{WorkingHoursBusy: rapid.Bool().Draw(t, "busy"),
			Method: rapid.SampledFrom([]Method{Heuristic, Auto}).Draw(t, "method"),
			Kind:   rapid.SampledFrom([]model.VisitKind{"", model.FirstVisit, model.SecondVisit}).Draw(t, "kind"),
			Step:   time.Duration(rapid.SampledFrom([]int{5, 15, 30}).Draw(t, "step")) * time.Minute}
		if rapid.Bool().Draw(t, "budget") {
			opt.BudgetCents = rapid.Int64Range(1, 20000).Draw(t, "cents")
		}
		if rapid.Bool().Draw(t, "travel") {
			opt.Travel = func(a, b model.FamilyID) time.Duration {
				return time.Duration(len(a)%3+len(b)%5) * 10 * time.Minute
			}
		}
		if rapid.Bool().Draw(t, "a few families") {
			opt.Families = []model.FamilyID{}
			for _, f := range ds.Families {
				if rapid.IntRange(0, 5).Draw(t, "plan "+string(f.ID)) == 0 {
					opt.Families = append(opt.Families, f.ID)
				}
			}
		}
		p, err := newProblem(ds, asOf, opt, nil, nil, nil)
		require.NoError(t, err)
		got, err := p.solve()
		require.NoError(t, err)
		alone += p.alone
		placed += len(got.Appointments)
		p, err = newProblem(ds, asOf, opt, nil, nil, nil)
		require.NoError(t, err)
		p.alwaysSearch = true
		want, err := p.solve()
		require.NoError(t, err)
		require.Equal(t, want, got)
	})
	require.Positive(t, alone, "some visits must be placed alone")
	t.Logf("%d of %d appointments placed alone", alone, placed)
}

// TestPlaceAloneWaitsForTheFirstVisit: individual judges a second visit
// after the earliest first visit it assumes; placeAlone does not place it
// while that first visit is not placed (its bounds are not those), nor
// once it is (on the same visitors), but places a first visit nothing has
// moved around.
func TestPlaceAloneWaitsForTheFirstVisit(t *testing.T) {
	seconds := 0
	rapid.Check(t, func(t *rapid.T) {
		ds := drawSchool(t)
		asOf := ds.Year.FirstDay.In(ds.Calendar.Location(), model.NewClock(8, 0))
		p, err := newProblem(ds, asOf, Options{}, nil, nil, nil)
		require.NoError(t, err)
		p.individual()
		for i := range p.fams {
			f := &p.fams[i]
			first, second := f.visits[0], f.visits[1]
			if first < 0 || second < 0 || !p.visits[first].indivOK || !p.visits[second].indivOK {
				continue
			}
			seconds++
			require.False(t, p.placeAlone(second), "a second visit before its first")
			require.True(t, p.placeAlone(first), "a first visit alone")
			require.False(t, p.placeAlone(second), "a second visit after its first")
			return // one family is enough
		}
	})
	require.Positive(t, seconds, "some families must have both visits to place")
}
