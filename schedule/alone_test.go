package schedule

import (
	"testing"

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
		asOf, opt := drawRound(t, ds)
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
