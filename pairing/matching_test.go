package pairing

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// graphGen draws a graph of up to maxN vertices with distinct edges whose
// weights come from a small range (so zeros and ties are common) or a wide
// one.
func graphGen(maxN int) *rapid.Generator[testGraph] {
	return rapid.Custom(func(t *rapid.T) testGraph {
		n := rapid.IntRange(0, maxN).Draw(t, "n")
		maxW := rapid.SampledFrom([]int64{0, 1, 2, 5, 1000, MaxWeight}).Draw(t, "maxW")
		var edges []Edge
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				if rapid.Bool().Draw(t, "present") {
					u, v := i, j
					if rapid.Bool().Draw(t, "flip") {
						u, v = v, u
					}
					edges = append(edges, Edge{U: u, V: v, W: rapid.Int64Range(0, maxW).Draw(t, "w")})
				}
			}
		}
		order := rapid.Permutation(edges).Draw(t, "order")
		return testGraph{n: n, edges: order}
	})
}

type testGraph struct {
	n     int
	edges []Edge
}

// checkMatching verifies that mate is a valid matching of the graph's
// edges and that total is the weight of its edges.
func checkMatching(t require.TestingT, g testGraph, mate []int, total int64) {
	require.Len(t, mate, g.n)
	best := map[[2]int]int64{}
	for _, e := range g.edges {
		k := [2]int{min(e.U, e.V), max(e.U, e.V)}
		if w, ok := best[k]; !ok || e.W > w {
			best[k] = e.W
		}
	}
	var sum int64
	for v, m := range mate {
		if m == -1 {
			continue
		}
		require.True(t, m >= 0 && m < g.n && m != v, "mate[%d] = %d", v, m)
		require.Equal(t, v, mate[m], "mate is not symmetric at %d", v)
		w, ok := best[[2]int{min(v, m), max(v, m)}]
		require.True(t, ok, "%d–%d is not an edge", v, m)
		if v < m {
			sum += w
		}
	}
	require.Equal(t, sum, total, "total is not the sum of the matched edges")
}

func TestMaxWeightMatchingEqualsBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := graphGen(10).Draw(t, "graph")
		mate, total := MaxWeightMatching(g.n, g.edges)
		checkMatching(t, g, mate, total)
		_, want := bruteForce(g.n, g.edges, false)
		require.Equal(t, want, total)

		again, total2 := MaxWeightMatching(g.n, slices.Clone(g.edges))
		require.Equal(t, mate, again, "not deterministic")
		require.Equal(t, total, total2)

		m, err := Match(g.n, g.edges, MatchOptions{})
		require.NoError(t, err)
		require.Equal(t, mate, m.Mate, "Match and MaxWeightMatching differ")
		require.Equal(t, total, m.Total)
		require.True(t, slices.IsSorted(m.Edges))
		var sum int64
		for _, k := range m.Edges {
			e := g.edges[k]
			require.Equal(t, e.V, m.Mate[e.U])
			sum += e.W
		}
		require.Equal(t, m.Total, sum)
	})
}

func TestMaxCardinalityEqualsBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := graphGen(10).Draw(t, "graph")
		m, err := Match(g.n, g.edges, MatchOptions{MaxCardinality: true})
		require.NoError(t, err)
		checkMatching(t, g, m.Mate, m.Total)
		size, total := bruteForce(g.n, g.edges, true)
		require.Equal(t, size, m.Size(), "not of maximum cardinality")
		require.Equal(t, total, m.Total, "not of maximum weight among maximum matchings")
	})
}

// TestMaxWeightMatchingToleratesInvalidInput feeds arbitrary edges —
// out-of-range endpoints, self-loops, negative or huge weights, parallel
// edges — and expects the matching of the valid part, without a panic.
func TestMaxWeightMatchingToleratesInvalidInput(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(-2, 8).Draw(t, "n")
		edges := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) Edge {
			return Edge{
				U: rapid.IntRange(-2, 9).Draw(t, "u"),
				V: rapid.IntRange(-2, 9).Draw(t, "v"),
				W: rapid.OneOf(rapid.Int64Range(-3, 6), rapid.Just(MaxWeight), rapid.Just(MaxWeight+1)).Draw(t, "w"),
			}
		}), 0, 30).Draw(t, "edges")
		mate, total := MaxWeightMatching(n, edges)
		nn := max(n, 0)
		require.Len(t, mate, nn)
		_, want := bruteForce(nn, edges, false)
		require.Equal(t, want, total)
		var valid []Edge
		for _, e := range edges {
			if e.U >= 0 && e.U < nn && e.V >= 0 && e.V < nn && e.U != e.V && e.W >= 0 && e.W <= MaxWeight {
				valid = append(valid, e)
			}
		}
		checkMatching(t, testGraph{nn, valid}, mate, total)
	})
}

func TestMatchErrors(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		edges []Edge
		want  error
		index int
	}{
		{"negative vertex count", -1, nil, ErrVertexCount, -1},
		{"endpoint too large", 3, []Edge{{0, 1, 1}, {1, 3, 1}}, ErrVertexRange, 1},
		{"negative endpoint", 3, []Edge{{-1, 1, 1}}, ErrVertexRange, 0},
		{"self-loop", 3, []Edge{{0, 1, 1}, {2, 2, 1}}, ErrSelfLoop, 1},
		{"negative weight", 3, []Edge{{0, 1, -1}}, ErrNegativeWeight, 0},
		{"weight too large", 3, []Edge{{0, 1, MaxWeight + 1}}, ErrWeightRange, 0},
		{"duplicate edge", 3, []Edge{{0, 1, 1}, {1, 2, 1}, {1, 0, 5}}, ErrDuplicateEdge, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Match(tt.n, tt.edges, MatchOptions{})
			require.ErrorIs(t, err, tt.want)
			if tt.index < 0 {
				return
			}
			ee, ok := errors.AsType[*EdgeError](err)
			require.True(t, ok, "want an *EdgeError, got %T", err)
			assert.Equal(t, tt.index, ee.Index)
			assert.Equal(t, tt.edges[tt.index], ee.Edge)
			assert.Contains(t, err.Error(), "pairing: edge")
		})
	}
	t.Run("duplicate names the first", func(t *testing.T) {
		_, err := Match(3, []Edge{{0, 1, 1}, {1, 2, 1}, {1, 0, 5}}, MatchOptions{})
		ee, _ := errors.AsType[*EdgeError](err)
		require.NotNil(t, ee)
		assert.Equal(t, 0, ee.Other)
		assert.EqualError(t, err, "pairing: edge 2 (1–0): duplicate edge of edge 0")
	})
}

func TestMatchSmallCases(t *testing.T) {
	tests := []struct {
		name    string
		n       int
		edges   []Edge
		maxCard bool
		mate    []int
		total   int64
	}{
		{"empty", 0, nil, false, []int{}, 0},
		{"isolated vertices", 3, nil, false, []int{-1, -1, -1}, 0},
		{"one edge", 2, []Edge{{0, 1, 7}}, false, []int{1, 0}, 7},
		{"zero edge left unmatched", 2, []Edge{{0, 1, 0}}, false, []int{-1, -1}, 0},
		{"zero edge matched for cardinality", 2, []Edge{{0, 1, 0}}, true, []int{1, 0}, 0},
		{"path prefers the heavy middle", 4, []Edge{{0, 1, 5}, {1, 2, 11}, {2, 3, 5}}, false, []int{-1, 2, 1, -1}, 11},
		{"path with cardinality first", 4, []Edge{{0, 1, 5}, {1, 2, 11}, {2, 3, 5}}, true, []int{1, 0, 3, 2}, 10},
		// A triangle with a pendant: the odd cycle forms a blossom.
		{"blossom", 4, []Edge{{0, 1, 6}, {1, 2, 6}, {0, 2, 6}, {2, 3, 7}}, false, []int{1, 0, 3, 2}, 13},
		// Classic cases from the mwmatching test suite (vertex 0 unused):
		// an S-blossom relabelled as T and expanded, and a nested one.
		{"expand blossom", 9, []Edge{{1, 2, 23}, {1, 5, 22}, {1, 6, 15}, {2, 3, 25}, {3, 4, 22}, {4, 5, 25},
			{4, 8, 14}, {5, 7, 13}}, false, []int{-1, 6, 3, 2, 8, 7, 1, 5, 4}, 67},
		{"expand nested blossom", 9, []Edge{{1, 2, 19}, {1, 3, 20}, {1, 8, 8}, {2, 3, 25}, {2, 4, 18}, {3, 5, 18},
			{4, 5, 13}, {4, 7, 7}, {5, 6, 7}}, false, []int{-1, 8, 3, 2, 7, 6, 5, 4, 1}, 47},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Match(tt.n, tt.edges, MatchOptions{MaxCardinality: tt.maxCard})
			require.NoError(t, err)
			assert.Equal(t, tt.mate, m.Mate)
			assert.Equal(t, tt.total, m.Total)
			_, want := bruteForce(tt.n, tt.edges, tt.maxCard)
			assert.Equal(t, want, tt.total)
		})
	}
}

// TestMaxCardinalityLarge checks maximum-cardinality mode on graphs too
// large for brute force against maximum-weight mode on shifted weights:
// adding more than the weight of any matching to every edge makes the
// heaviest matching a largest one.
func TestMaxCardinalityLarge(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 200 {
		n := 10 + r.IntN(80)
		edges := randomGraph(r, n, []float64{0.03, 0.1, 0.4}[r.IntN(3)], []int64{0, 3, 1000}[r.IntN(3)])
		m, err := Match(n, edges, MatchOptions{MaxCardinality: true})
		require.NoError(t, err)
		checkMatching(t, testGraph{n, edges}, m.Mate, m.Total)
		shift := int64(n)*1000 + 1
		shifted := make([]Edge, len(edges))
		for i, e := range edges {
			shifted[i] = Edge{e.U, e.V, e.W + shift}
		}
		_, total := MaxWeightMatching(n, shifted)
		size := total / shift
		require.Equal(t, size, int64(m.Size()))
		require.Equal(t, total-size*shift, m.Total)
	}
}
