package simulate

import (
	"cmp"
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// groupOrder is the order of preference pickGroup picks from, laid out
// whole as the simulator first did: the preferred group, then the groups
// with one of teachers, then the others, each part stable-sorted by load
// and the first member's id.
func groupOrder(pool [][]*eduSim, prefer []*eduSim, teachers []model.EducatorID) [][]*eduSim {
	var own, other [][]*eduSim
	for _, g := range pool {
		switch {
		case slices.Equal(g, prefer):
		case ownGroup(g, teachers):
			own = append(own, g)
		default:
			other = append(other, g)
		}
	}
	byLoad := func(a, b []*eduSim) int {
		return cmp.Or(cmp.Compare(load(a), load(b)), cmp.Compare(a[0].id, b[0].id))
	}
	slices.SortStableFunc(own, byLoad)
	slices.SortStableFunc(other, byLoad)
	var out [][]*eduSim
	if len(prefer) > 0 {
		out = append(out, prefer)
	}
	return append(append(out, own...), other...)
}

// TestPickGroupIsFirstOfTheOrder: with teams or single volunteers, a
// preferred group or none, loads and ids that tie, and any set of groups
// with room, pickGroup picks the first group of groupOrder with room.
func TestPickGroupIsFirstOfTheOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 7).Draw(t, "educators")
		edus := make([]*eduSim, n)
		for i := range edus {
			// Ids drawn from a few, so that groups tie on their first id.
			edus[i] = &eduSim{id: model.EducatorID(fmt.Sprintf("E%d", rapid.IntRange(0, 3).Draw(t, "id"))),
				total: rapid.IntRange(0, 2).Draw(t, "total")}
		}
		var pool [][]*eduSim
		if rapid.Bool().Draw(t, "teams") {
			for range rapid.IntRange(0, 5).Draw(t, "teams") {
				a, b := rapid.IntRange(0, n-1).Draw(t, "a"), rapid.IntRange(0, n-1).Draw(t, "b")
				pool = append(pool, []*eduSim{edus[a], edus[b]})
			}
		} else {
			for _, e := range edus {
				pool = append(pool, []*eduSim{e})
			}
		}
		var prefer []*eduSim
		switch rapid.IntRange(0, 2).Draw(t, "prefer") {
		case 1: // a group of the pool
			if len(pool) > 0 {
				prefer = pool[rapid.IntRange(0, len(pool)-1).Draw(t, "preferred")]
			}
		case 2: // a pair not in the pool
			prefer = []*eduSim{edus[0], edus[n-1]}
		}
		var teachers []model.EducatorID
		for range rapid.IntRange(0, 3).Draw(t, "teachers") {
			teachers = append(teachers, model.EducatorID(fmt.Sprintf("E%d", rapid.IntRange(0, 4).Draw(t, "teacher"))))
		}
		full := map[*eduSim]bool{}
		for _, e := range edus {
			full[e] = rapid.Bool().Draw(t, "full")
		}
		room := func(g []*eduSim) bool { return !slices.ContainsFunc(g, func(e *eduSim) bool { return full[e] }) }

		var want []*eduSim
		for _, g := range groupOrder(pool, prefer, teachers) {
			if room(g) {
				want = g
				break
			}
		}
		got := pickGroup(pool, prefer, teachers, room)
		require.Equal(t, len(want), len(got))
		if len(want) > 0 {
			require.Same(t, &want[0], &got[0], "the same group, not only the same members")
		}
	})
}
