package pairing

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRenumberingKeepsTheMatching checks that leaving out the vertices no
// edge touches (as Match and MaxWeightMatching do when many are untouched)
// gives the very matching the solver finds on the whole graph — same
// mates, same edges, same total — on graphs with many ties, where another
// vertex order could choose another optimum.
func TestRenumberingKeepsTheMatching(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 19))
	for range 2000 {
		n := 2 + r.IntN(60)
		// Edges among a random subset of the vertices; the rest stay
		// isolated, interleaved with the touched ones.
		var used []int
		for v := range n {
			if r.IntN(3) == 0 {
				used = append(used, v)
			}
		}
		sub := randomGraph(r, len(used), r.Float64(), []int64{0, 1, 3, 1000}[r.IntN(4)])
		edges := make([]Edge, len(sub))
		for i, e := range sub {
			edges[i] = Edge{U: used[e.U], V: used[e.V], W: e.W}
		}
		keep := make([]int32, len(edges))
		for i := range keep {
			keep[i] = int32(i)
		}
		for _, maxCard := range []bool{false, true} {
			s := newSolver(n, edges, keep, maxCard)
			s.run()
			mate, idx, total := s.result()
			g := renumber(n, edges, keep)
			gotMate, gotIdx, gotTotal := g.solve(keep, maxCard)
			require.Equal(t, mate, gotMate, "n %d, edges %v, maxCard %v", n, edges, maxCard)
			require.Equal(t, idx, gotIdx)
			require.Equal(t, total, gotTotal)
		}
	}
}
