package selection

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestImproveMarginsMatchesReference: the margin repair makes exactly the
// moves of the plain search it replaced, which scores every pair of cells
// by recomputing every margin — so a recorded plan replays to the same
// families. Tables of three and four attributes with small and empty
// cells, and the 3,249 strata of the benchmark population.
func TestImproveMarginsMatchesReference(t *testing.T) {
	moved := 0
	rapid.Check(t, func(t *rapid.T) {
		var tab cellTable
		if rapid.Bool().Draw(t, "wide") {
			tab = genWideTable(t)
		} else {
			tab = genTable(t, rapid.IntRange(3, 4).Draw(t, "attributes"))
		}
		N := tableTotal(tab)
		n := rapid.Int64Range(0, N).Draw(t, "n")
		x := allocate(tab, n, N, rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 1)))
		before := slices.Clone(x)
		want := slices.Clone(x)
		wantDev := improveMarginsReference(tab, want, n, N)
		dev := improveMargins(tab, x, n, N)
		require.Equal(t, want, x, "allocation")
		require.Equal(t, wantDev, dev, "deviation")
		if !slices.Equal(before, x) {
			moved++
		}
	})
	t.Logf("moved in %d cases", moved)
	pop := strataPopulation(20_000)
	_, n, bal, err := pop.normalize(Request{Share: 0.1, Balance: []string{"home_language", "attendance_zone", "grade"}})
	require.NoError(t, err)
	N := int64(pop.Len())
	_, tab := pop.cells(bal)
	x := allocate(tab, n, N, rand.New(rand.NewPCG(42, streamAllocation)))
	want := slices.Clone(x)
	wantDev := improveMarginsReference(tab, want, n, N)
	require.Equal(t, wantDev, improveMargins(tab, x, n, N))
	require.Equal(t, want, x)
	require.NotEqual(t, x, allocate(tab, n, N, rand.New(rand.NewPCG(42, streamAllocation))), "the repair moved families")
}

// genWideTable draws a table of three attributes with up to 8 levels each
// and cells of up to 40 families, many of them tied, for the repair's
// order of moves to matter.
func genWideTable(t *rapid.T) cellTable {
	tab := cellTable{nLevels: make([]int, 3)}
	for a := range tab.nLevels {
		tab.nLevels[a] = rapid.IntRange(2, 8).Draw(t, "levels")
	}
	sizes := rapid.SliceOfN(rapid.IntRange(0, 40), 1, 1).Draw(t, "sizes")
	sizes = append(sizes, rapid.SliceOfN(rapid.IntRange(0, 40), 0, 4).Draw(t, "more")...)
	i := 0
	for l0 := range tab.nLevels[0] {
		for l1 := range tab.nLevels[1] {
			for l2 := range tab.nLevels[2] {
				i++
				if size := sizes[i%len(sizes)] * (1 + i%3); size > 0 {
					tab.size = append(tab.size, int64(size))
					tab.levels = append(tab.levels, []int32{int32(l0), int32(l1), int32(l2)})
				}
			}
		}
	}
	if len(tab.size) == 0 {
		tab.size = []int64{1}
		tab.levels = [][]int32{{0, 0, 0}}
	}
	return tab
}

// improveMarginsReference is the margin repair as first written: every
// step tries every move from or to a cell of the worst margin and scores
// it by recomputing all margins.
func improveMarginsReference(t cellTable, x []int64, n, total int64) int64 {
	k := len(t.nLevels)
	off := make([]int, k+1)
	for a := range k {
		off[a+1] = off[a] + t.nLevels[a]
	}
	dev := make([]int64, off[k]) // chosen·N − quota, per margin
	members := make([][]int, off[k])
	for c, sz := range t.size {
		for a := range k {
			m := off[a] + int(t.levels[c][a])
			dev[m] += x[c]*total - n*sz
			members[m] = append(members[m], c)
		}
	}
	// score is the largest deviation, then the sum of squares.
	score := func() (int64, float64, int) {
		var mx int64
		var sq float64
		at := 0
		for m, d := range dev {
			d = abs(d)
			if d > mx {
				mx, at = d, m
			}
			f := float64(d) / float64(total)
			sq += f * f
		}
		return mx, sq, at
	}
	// A move takes one family from cell c to cell d.
	canMove := func(c, d int) bool {
		if c == d || x[c]-1 < n*t.size[c]/total || x[d]+1 > (n*t.size[d]+total-1)/total {
			return false
		}
		for a := 0; a < min(k, 2); a++ {
			mc := off[a] + int(t.levels[c][a])
			md := off[a] + int(t.levels[d][a])
			if mc != md && (dev[mc] <= 0 || dev[md] >= 0) {
				return false
			}
		}
		return true
	}
	apply := func(c, d int, sign int64) {
		x[c] -= sign
		x[d] += sign
		for a := range k {
			dev[off[a]+int(t.levels[c][a])] -= sign * total
			dev[off[a]+int(t.levels[d][a])] += sign * total
		}
	}
	mx, sq, at := score()
	budget := 50_000_000 // move evaluations, so a huge table cannot stall a plan
	for mx >= total && budget > 0 {
		bestC, bestD := -1, -1
		bestMx, bestSq := mx, sq
		try := func(c, d int) {
			budget--
			if !canMove(c, d) {
				return
			}
			apply(c, d, 1)
			m2, s2, _ := score()
			apply(c, d, -1)
			if m2 < bestMx || m2 == bestMx && s2 < bestSq-1e-9 {
				bestC, bestD, bestMx, bestSq = c, d, m2, s2
			}
		}
		// The worst margin has too many families (take one from a cell in
		// it) or too few (give one to a cell in it).
		for _, c := range members[at] {
			for other := range x {
				if dev[at] > 0 {
					try(c, other)
				} else {
					try(other, c)
				}
			}
		}
		if bestC < 0 {
			break
		}
		apply(bestC, bestD, 1)
		mx, sq, at = score()
	}
	return mx
}
