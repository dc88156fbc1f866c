package schedule_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/schedule"
)

// slot is one possible appointment in the exhaustive search.
type slot struct {
	start    time.Time
	day      model.Date
	monday   model.Date
	clock    int
	miss     int
	minutes  int
	pref     int
	visitors []model.EducatorID
}

// exhaustive returns the optimum of a small instance by trying every
// combination of appointments on the step grid, written independently of
// the planner: the best number of first visits, then of second visits,
// then the fewest season misses, minutes outside the working day and
// window rank. Families are visited by the spec's pairs; the dataset may
// hold no visits.
func exhaustive(ds *model.Dataset, sp spec, step time.Duration) schedule.Objective {
	x := model.NewIndex(ds)
	pol := sp.Policy
	cal := ds.Calendar
	loc := cal.Location()
	length := time.Duration(pol.VisitLength)
	notice := sp.AsOf.Add(time.Duration(pol.MinNotice))
	type fam struct {
		id       model.FamilyID
		visitors []model.EducatorID
		options  [2][]slot
	}
	var fams []fam
	for i := range ds.Families {
		f := &ds.Families[i]
		pair := i % sp.Pairs
		visitors := []model.EducatorID{model.EducatorID(fmt.Sprintf("E%03d", 2*pair)), model.EducatorID(fmt.Sprintf("E%03d", 2*pair+1))}
		fm := fam{id: f.ID, visitors: visitors}
		for d := ds.Year.Start(); !d.After(ds.Year.LastDay); d = d.AddDays(1) {
			if cal.Closed(d) {
				continue
			}
			for m := time.Duration(0); m < 24*time.Hour; m += step {
				start := d.In(loc, model.Clock(m/time.Minute))
				c := model.Clock(m / time.Minute)
				if c < pol.EarliestVisit || c+model.Clock(length/time.Minute) > pol.LatestVisit || !start.After(sp.AsOf) || start.Before(notice) {
					continue
				}
				ok := len(f.Availability) == 0 || covered(f.Availability, start, length)
				minutes := 0
				for _, id := range visitors {
					e, _ := x.Educator(id)
					if _, trained := e.TrainedBy(d.AddDays(-1)); !trained || len(e.Availability) > 0 && !covered(e.Availability, start, length) {
						ok = false
					}
					minutes += cal.MinutesOutsideWorkingDay(ds.Year, indexview.WorkingHours(x, e), start, length)
				}
				if !ok {
					continue
				}
				pref := 0
				if len(f.Availability) > 0 {
					pref = len(f.Availability)
					for k, w := range f.Availability {
						if w.Covers(start, length) {
							pref = k
							break
						}
					}
				}
				season := cal.Season(ds.Year, d)
				for kind := range 2 {
					miss := 0
					if (season == model.Winter || season == model.Spring) != (kind == 1) {
						miss = 1
					}
					fm.options[kind] = append(fm.options[kind], slot{start: start, day: d, monday: d.AddDays(-((int(d.Weekday()) + 6) % 7)),
						clock: int(c), miss: miss, minutes: minutes, pref: pref, visitors: visitors})
				}
			}
		}
		fams = append(fams, fm)
	}
	var chosen []slot
	fits := func(s slot) bool {
		for _, id := range s.visitors {
			day, week := 0, 0
			for _, o := range chosen {
				if !contains(o.visitors, id) {
					continue
				}
				if o.day == s.day {
					day++
					a, b := o, s
					if b.start.Before(a.start) {
						a, b = b, a
					}
					if b.start.Before(a.start.Add(length + time.Duration(pol.TravelBuffer))) {
						return false
					}
				}
				if o.monday == s.monday {
					week++
				}
			}
			if day >= pol.MaxVisitsPerDay || week >= pol.MaxVisitsPerWeek {
				return false
			}
		}
		return true
	}
	var best schedule.Objective
	found := false
	var walk func(i, kind int, firstAt time.Time, cur schedule.Objective)
	walk = func(i, kind int, firstAt time.Time, cur schedule.Objective) {
		if i == len(fams) {
			if !found || cur.Better(best, false) {
				best, found = cur, true
			}
			return
		}
		next := func(placed time.Time, o schedule.Objective) {
			if kind == 0 {
				walk(i, 1, placed, o)
			} else {
				walk(i+1, 0, time.Time{}, o)
			}
		}
		if kind == 1 && firstAt.IsZero() {
			next(time.Time{}, cur)
			return
		}
		for _, s := range fams[i].options[kind] {
			if kind == 1 && s.start.Before(pol.MinGap.After(firstAt)) || !fits(s) {
				continue
			}
			o := cur
			if kind == 0 {
				o.FirstVisits++
			} else {
				o.SecondVisits++
			}
			o.SeasonMisses += s.miss
			o.MinutesOutside += s.minutes
			o.PreferenceRank += s.pref
			chosen = append(chosen, s)
			next(s.start, o)
			chosen = chosen[:len(chosen)-1]
		}
		next(time.Time{}, cur)
	}
	walk(0, 0, time.Time{}, schedule.Objective{})
	return best
}

// tinySpec draws an instance small enough for the exhaustive search.
func tinySpec(t *rapid.T) spec {
	sp := smallSpec(t)
	sp.Families = rapid.IntRange(1, 3).Draw(t, "tinyFamilies")
	sp.Pairs = rapid.IntRange(1, 2).Draw(t, "tinyPairs")
	sp.Last = sp.First.AddDays(rapid.IntRange(3, 12).Draw(t, "tinyDays"))
	sp.WindowShare, sp.Narrow, sp.Existing = 1, true, 0
	return sp
}

func lexicographic(o schedule.Objective) [5]int {
	return [5]int{o.FirstVisits, o.SecondVisits, o.SeasonMisses, o.MinutesOutside, o.PreferenceRank}
}

// TestPlanMatchesExhaustiveSearch compares the planner with the exhaustive
// search on small instances: the heuristic reaches the optimum number of
// first visits, and the exact method the whole optimum.
func TestPlanMatchesExhaustiveSearch(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sp := tinySpec(t)
		ds := build(sp)
		step := time.Duration(rapid.SampledFrom([]int{30, 60}).Draw(t, "step")) * time.Minute
		want := exhaustive(ds, sp, step)

		h, err := schedule.Plan(ds, sp.AsOf, schedule.Options{Teams: teams(sp), Step: step, Method: schedule.Heuristic})
		require.NoError(t, err)
		require.Equal(t, want.FirstVisits, h.Objective.FirstVisits, "heuristic first visits")
		require.False(t, h.Objective.Better(want, false), "heuristic %+v beats the optimum %+v", h.Objective, want)

		e, err := schedule.Plan(ds, sp.AsOf, schedule.Options{Teams: teams(sp), Step: step, Method: schedule.Exact, NodeLimit: 1 << 20})
		require.NoError(t, err)
		require.True(t, e.Proven, "exact search did not finish")
		require.Equal(t, lexicographic(want), lexicographic(e.Objective), "exact %+v, exhaustive %+v", e.Objective, want)

		a, err := schedule.Plan(ds, sp.AsOf, schedule.Options{Teams: teams(sp), Step: step})
		require.NoError(t, err)
		if a.Proven {
			require.Equal(t, lexicographic(want), lexicographic(a.Objective))
		}
	})
}
