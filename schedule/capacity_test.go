package schedule

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// capacityOracle is capacity as first written: each visitor's usable days
// marked family by family, day by day.
func (p *problem) capacityOracle(vis []int32) int {
	n := len(vis)
	best := n
	need := map[int32]int{}
	var order []int32
	for _, vi := range vis {
		for _, e := range p.fams[p.visits[vi].fam].team {
			if _, ok := need[e]; !ok {
				order = append(order, e)
			}
			need[e]++
		}
	}
	for _, e := range order {
		ed := &p.edus[e]
		usable := make([]bool, len(p.days))
		for _, vi := range vis {
			f := &p.fams[p.visits[vi].fam]
			if !slices.Contains(f.team, e) {
				continue
			}
			lo := max(p.notice.day, f.minDay, 0)
			for d := lo; int(d) < len(p.days); d++ {
				if !p.days[d].closed && len(f.allowed[p.days[d].wd]) > 0 {
					usable[d] = true
				}
			}
		}
		free, week, inWeek := 0, int32(-1), 0
		flush := func() {
			if week >= 0 {
				free += min(inWeek, max(0, p.pol.MaxVisitsPerWeek-int(ed.weekCount[week])))
			}
		}
		for d := range p.days {
			if w := p.days[d].week; w != week {
				flush()
				week, inWeek = w, 0
			}
			if usable[d] {
				inWeek += max(0, p.pol.MaxVisitsPerDay-int(ed.dayCount[d]))
			}
		}
		flush()
		best = min(best, n-need[e]+min(need[e], free))
	}
	return best
}

// TestCapacityMatchesOracle: capacity, which keeps each visitor's first
// usable day per weekday, bounds every set of visits as the day-by-day
// oracle does — synthetic schools with their visits booked, planned from
// any day of the year, on any subset of the visits to place.
func TestCapacityMatchesOracle(t *testing.T) {
	binding := 0
	rapid.Check(t, func(t *rapid.T) {
		ds := drawSchool(t)
		// Few weeks left and low caps, so that the visitors' free places,
		// not the visits, bound the set.
		ds.Policy.MaxVisitsPerDay = rapid.IntRange(1, 2).Draw(t, "per day")
		ds.Policy.MaxVisitsPerWeek = rapid.IntRange(ds.Policy.MaxVisitsPerDay, 4).Draw(t, "per week")
		asOf := ds.Year.LastDay.AddDays(-rapid.IntRange(0, 60).Draw(t, "days left")).In(ds.Calendar.Location(), model.NewClock(rapid.IntRange(0, 23).Draw(t, "hour"), 0))
		opt := Options{WorkingHoursBusy: rapid.Bool().Draw(t, "working hours busy"),
			Step: time.Duration(rapid.SampledFrom([]int{5, 15, 30}).Draw(t, "step")) * time.Minute}
		var all []model.FamilyID
		for _, f := range ds.Families {
			all = append(all, f.ID)
		}
		p, err := newProblem(ds, asOf, opt, nil, nil, all)
		require.NoError(t, err)
		vis := make([]int32, len(p.visits))
		for i := range vis {
			vis[i] = int32(i)
		}
		for range 5 {
			sub := vis
			if len(vis) > 0 {
				lo := rapid.IntRange(0, len(vis)-1).Draw(t, "from")
				sub = vis[lo:rapid.IntRange(lo, len(vis)).Draw(t, "to")]
			}
			want := p.capacityOracle(sub)
			require.Equal(t, want, p.capacity(sub))
			if want < len(sub) {
				binding++
			}
		}
	})
	require.Positive(t, binding, "the visitors' capacity must bind some sets")
}
