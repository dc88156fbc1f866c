package selection

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// genTable draws a cross-classified table of up to three attributes with
// small cells, some empty.
func genTable(t *rapid.T, k int) cellTable {
	tab := cellTable{nLevels: make([]int, k)}
	for a := range k {
		tab.nLevels[a] = rapid.IntRange(1, 4).Draw(t, "levels")
	}
	var walk func(prefix []int32)
	walk = func(prefix []int32) {
		if len(prefix) == k {
			if size := rapid.IntRange(0, 9).Draw(t, "size"); size > 0 {
				tab.size = append(tab.size, int64(size))
				tab.levels = append(tab.levels, append([]int32(nil), prefix...))
			}
			return
		}
		for l := range tab.nLevels[len(prefix)] {
			walk(append(prefix, int32(l)))
		}
	}
	walk(nil)
	if len(tab.size) == 0 {
		tab.size = []int64{1}
		tab.levels = [][]int32{make([]int32, k)}
	}
	return tab
}

func tableTotal(tab cellTable) int64 {
	var N int64
	for _, s := range tab.size {
		N += s
	}
	return N
}

// margins returns, per attribute and level, the population and the
// allocation.
func tableMargins(tab cellTable, x []int64) (pop, got [][]int64) {
	for a, l := range tab.nLevels {
		pop = append(pop, make([]int64, l))
		got = append(got, make([]int64, l))
		for c, s := range tab.size {
			pop[a][tab.levels[c][a]] += s
			got[a][tab.levels[c][a]] += x[c]
		}
	}
	return pop, got
}

// within1 reports whether got is its quota n·m/N rounded down or up.
func within1(got, m, n, N int64) bool {
	return got*N > n*m-N && got*N < n*m+N
}

func TestAllocateControlledRounding(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		k := rapid.IntRange(0, 2).Draw(t, "attributes")
		tab := genTable(t, k)
		N := tableTotal(tab)
		n := rapid.Int64Range(0, N).Draw(t, "n")
		r := rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 1))
		x := allocate(tab, n, N, r)
		var sum int64
		for c, s := range tab.size {
			require.True(t, within1(x[c], s, n, N), "cell %d: %d families for quota %d·%d/%d", c, x[c], n, s, N)
			sum += x[c]
		}
		require.Equal(t, n, sum, "total")
		pop, got := tableMargins(tab, x)
		for a := range pop {
			for l := range pop[a] {
				require.True(t, within1(got[a][l], pop[a][l], n, N), "margin %d/%d: %d for quota %d·%d/%d", a, l, got[a][l], n, pop[a][l], N)
			}
		}
	})
}

// TestAllocateUnbiased checks that each cell's expected allocation is its
// quota. Over R = 4000 fixed seeds the mean allocation of a cell is an
// average of R independent values in a range of width 1, so by Hoeffding's
// inequality it strays more than t = 0.06 from the quota with probability
// at most 2·exp(−2·R·t²) ≈ 6e-13 per cell: the test cannot flake in
// practice, and the textbook largest-remainder rule (which would give a
// cell with remainder 0.3 nothing, every time) fails it by 0.3.
func TestAllocateUnbiased(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		k := rapid.IntRange(1, 2).Draw(t, "attributes")
		tab := genTable(t, k)
		N := tableTotal(tab)
		n := rapid.Int64Range(0, N).Draw(t, "n")
		const R = 4000
		sum := make([]int64, len(tab.size))
		for seed := range uint64(R) {
			x := allocate(tab, n, N, rand.New(rand.NewPCG(seed, streamAllocation)))
			for c := range x {
				sum[c] += x[c]
			}
		}
		for c, s := range tab.size {
			mean := float64(sum[c]) / R
			quota := float64(n*s) / float64(N)
			require.LessOrEqual(t, math.Abs(mean-quota), 0.06, "cell %d: mean %v, quota %v", c, mean, quota)
		}
	})
}

func TestImproveMarginsThreeAttributes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tab := genTable(t, 3)
		N := tableTotal(tab)
		n := rapid.Int64Range(0, N).Draw(t, "n")
		x := allocate(tab, n, N, rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 1)))
		dev := improveMargins(tab, x, n, N)
		var sum int64
		for c, s := range tab.size {
			require.True(t, within1(x[c], s, n, N), "cell %d", c)
			sum += x[c]
		}
		require.Equal(t, n, sum)
		pop, got := tableMargins(tab, x)
		var worst int64
		for a := range pop {
			for l := range pop[a] {
				d := abs(got[a][l]*N - n*pop[a][l])
				worst = max(worst, d)
				if a < 2 {
					require.True(t, within1(got[a][l], pop[a][l], n, N), "guaranteed margin %d/%d", a, l)
				}
			}
		}
		require.Equal(t, worst, dev, "reported deviation")
		require.Equal(t, worst, marginDeviation(tab, x, n, N))
	})
}
