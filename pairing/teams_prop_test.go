package pairing

import (
	"slices"
	"testing"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// teamCompatible is the test's own reading of the hard rules for two
// eligible educators.
func teamCompatible(a, b *model.Educator, visitLen int) bool {
	if slices.Contains(a.Avoid, b.ID) || slices.Contains(b.Avoid, a.ID) {
		return false
	}
	if len(a.Availability) > 0 && len(b.Availability) > 0 {
		return weeklyOf(a.Availability).intersect(weeklyOf(b.Availability)).longest() >= visitLen
	}
	return true
}

func TestTeamsNeverBreakHardRules(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := genDataset(t)
		plan, err := Teams(ds, time.Time{}, TeamOptions{})
		require.NoError(t, err)
		asOf := ds.Year.FirstDay
		visitLen := ds.Policy.VisitLength.Minutes()
		limit := min(4, ds.Policy.MaxGroupSize)
		byID := map[model.EducatorID]*model.Educator{}
		for i := range ds.Educators {
			byID[ds.Educators[i].ID] = &ds.Educators[i]
		}
		eligible := func(e *model.Educator) bool {
			_, trained := e.TrainedBy(asOf)
			return e.OptedIn(ds.Year.ID) && trained
		}

		seen := map[model.EducatorID]int{}
		placed := map[model.SchoolID]int{}
		var total int64
		triads := false
		for _, team := range plan.Teams {
			require.GreaterOrEqual(t, len(team.Members), 2)
			require.LessOrEqual(t, len(team.Members), limit)
			require.True(t, slices.IsSorted(team.Members))
			triads = triads || len(team.Members) > 2
			var common weekly
			recorded := 0
			var sum TeamScore
			for i, id := range team.Members {
				seen[id]++
				e := byID[id]
				require.Equal(t, team.School, e.School)
				require.True(t, eligible(e), "%s is not opted in and trained", id)
				for _, other := range team.Members[i+1:] {
					require.True(t, teamCompatible(e, byID[other], visitLen), "%s and %s", id, other)
				}
				if len(e.Availability) > 0 {
					if recorded == 0 {
						common = weeklyOf(e.Availability)
					} else {
						common = common.intersect(weeklyOf(e.Availability))
					}
					recorded++
				}
			}
			if recorded >= 2 {
				require.GreaterOrEqual(t, common.longest(), visitLen, "team %v shares no window", team.Members)
			}
			require.Len(t, team.Pairs, len(team.Members)*(len(team.Members)-1)/2)
			for _, p := range team.Pairs {
				sum = sum.plus(p.Score)
			}
			require.Equal(t, sum, team.Score)
			placed[team.School] += len(team.Members)
			total += team.Score.Total()
		}
		left := map[model.SchoolID]bool{}
		for _, l := range plan.LeftOut {
			seen[l.Educator]++
			e := byID[l.Educator]
			require.NotEmpty(t, l.Detail)
			switch l.Reason {
			case NotOptedIn:
				require.False(t, e.OptedIn(ds.Year.ID))
			case Untrained:
				_, trained := e.TrainedBy(asOf)
				require.True(t, e.OptedIn(ds.Year.ID) && !trained)
			case NoCompatiblePartner:
				require.True(t, eligible(e))
				for i := range ds.Educators {
					o := &ds.Educators[i]
					if o.ID != e.ID && o.School == e.School && eligible(o) {
						require.False(t, teamCompatible(e, o, visitLen), "%s could team with %s", e.ID, o.ID)
					}
				}
			case NoTeamToJoin:
				require.True(t, eligible(e))
				left[e.School] = true
			default:
				t.Fatalf("unknown reason %q", l.Reason)
			}
		}
		for i := range ds.Educators {
			require.Equal(t, 1, seen[ds.Educators[i].ID], "%s placed or listed once", ds.Educators[i].ID)
		}

		// As many as possible are paired: per school, at least twice the
		// largest matching of the compatibility graph; and with only pairs,
		// the total score is the best among largest matchings.
		for _, school := range []model.SchoolID{"", "S1", "S2"} {
			var pool []*model.Educator
			for i := range ds.Educators {
				if e := &ds.Educators[i]; e.School == school && eligible(e) {
					pool = append(pool, e)
				}
			}
			slices.SortFunc(pool, func(a, b *model.Educator) int { return cmpID(a.ID, b.ID) })
			c := newTeamContext(ds, ds.Policy, DefaultTeamWeights(), asOf)
			var edges []Edge
			for i := range pool {
				for j := i + 1; j < len(pool); j++ {
					if teamCompatible(pool[i], pool[j], visitLen) {
						w := c.score(&candidate{e: pool[i], avail: weeklyOf(pool[i].Availability), hasAvail: len(pool[i].Availability) > 0},
							&candidate{e: pool[j], avail: weeklyOf(pool[j].Availability), hasAvail: len(pool[j].Availability) > 0}).Score.Total()
						edges = append(edges, Edge{i, j, w})
					}
				}
			}
			size, best := bruteForce(len(pool), edges, true)
			require.GreaterOrEqual(t, placed[school], 2*size, "school %q", school)
			if !triads && !left[school] {
				var got int64
				for _, team := range plan.Teams {
					if team.School == school {
						got += team.Score.Total()
					}
				}
				require.Equal(t, best, got, "school %q: not the best pairing", school)
			}
		}

		// Record order does not matter.
		shuffled := *ds
		shuffled.Educators = rapid.Permutation(ds.Educators).Draw(t, "order")
		again, err := Teams(&shuffled, time.Time{}, TeamOptions{})
		require.NoError(t, err)
		require.Equal(t, plan, again)
	})
}

func cmpID(a, b model.EducatorID) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
