package pairing

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// bruteForce returns the best matching value by dynamic programming over
// vertex subsets: the maximum total weight, or with maxCard the maximum
// (size, weight) in lexicographic order. Parallel edges keep the heaviest;
// invalid edges are ignored, as MaxWeightMatching does.
func bruteForce(n int, edges []Edge, maxCard bool) (size int, total int64) {
	w := make([][]int64, n)
	for i := range w {
		w[i] = make([]int64, n)
		for j := range w[i] {
			w[i][j] = -1
		}
	}
	for _, e := range edges {
		if e.U < 0 || e.U >= n || e.V < 0 || e.V >= n || e.U == e.V || e.W < 0 || e.W > MaxWeight {
			continue
		}
		w[e.U][e.V] = max(w[e.U][e.V], e.W)
		w[e.V][e.U] = w[e.U][e.V]
	}
	type val struct {
		size  int
		total int64
	}
	better := func(a, b val) bool {
		if maxCard && a.size != b.size {
			return a.size > b.size
		}
		return a.total > b.total
	}
	best := make([]val, 1<<n)
	for mask := 1; mask < 1<<n; mask++ {
		i := 0
		for mask&(1<<i) == 0 {
			i++
		}
		rest := mask &^ (1 << i)
		b := best[rest] // i unmatched
		for j := i + 1; j < n; j++ {
			if rest&(1<<j) != 0 && w[i][j] >= 0 {
				c := best[rest&^(1<<j)]
				c.size++
				c.total += w[i][j]
				if better(c, b) {
					b = c
				}
			}
		}
		best[mask] = b
	}
	r := best[1<<n-1]
	return r.size, r.total
}

// verifyOptimum checks the complementary-slackness certificate that the
// solver's final duals give for a maximum-weight matching (not used in
// maximum-cardinality mode, whose vertex duals may end negative).
func verifyOptimum(s *solver) error {
	n := s.n
	for v := range n {
		if s.dual[v] < 0 {
			return fmt.Errorf("vertex %d has negative dual %d", v, s.dual[v])
		}
		if s.mate[v] == -1 && s.dual[v] != 0 {
			return fmt.Errorf("exposed vertex %d has dual %d", v, s.dual[v])
		}
	}
	for b := n; b < 2*n; b++ {
		if s.base[b] >= 0 && s.dual[b] < 0 {
			return fmt.Errorf("blossom %d has negative dual %d", b, s.dual[b])
		}
	}
	for k := range int32(len(s.weight)) {
		i, j := s.endpoint[2*k], s.endpoint[2*k+1]
		sl := s.slack(k)
		var bi, bj []int32
		for x := i; x != -1; x = s.parent[x] {
			bi = append(bi, x)
		}
		for x := j; x != -1; x = s.parent[x] {
			bj = append(bj, x)
		}
		for a, c := len(bi)-1, len(bj)-1; a >= 0 && c >= 0 && bi[a] == bj[c]; a, c = a-1, c-1 {
			sl += 2 * s.dual[bi[a]]
		}
		if sl < 0 {
			return fmt.Errorf("edge %d has negative slack %d", k, sl)
		}
		mi, mj := s.mate[i] >= 0 && s.mate[i]>>1 == k, s.mate[j] >= 0 && s.mate[j]>>1 == k
		if mi != mj {
			return fmt.Errorf("edge %d matched at one end only", k)
		}
		if mi && sl != 0 {
			return fmt.Errorf("matched edge %d has slack %d", k, sl)
		}
	}
	for b := n; b < 2*n; b++ {
		if s.base[b] >= 0 && s.dual[b] > 0 {
			ep := s.endps[b]
			if len(ep)%2 != 1 {
				return fmt.Errorf("blossom %d has even length", b)
			}
			for x := 1; x < len(ep); x += 2 {
				p := ep[x]
				if s.mate[s.endpoint[p]] != p^1 || s.mate[s.endpoint[p^1]] != p {
					return fmt.Errorf("blossom %d with positive dual is not full", b)
				}
			}
		}
	}
	return nil
}

func randomGraph(r *rand.Rand, n int, density float64, maxW int64) []Edge {
	var edges []Edge
	for i := range n {
		for j := i + 1; j < n; j++ {
			if r.Float64() < density {
				u, v := i, j
				if r.IntN(2) == 0 {
					u, v = v, u
				}
				edges = append(edges, Edge{U: u, V: v, W: r.Int64N(maxW + 1)})
			}
		}
	}
	r.Shuffle(len(edges), func(a, b int) { edges[a], edges[b] = edges[b], edges[a] })
	return edges
}

func TestSolverAgainstBruteForceSmall(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := range 20000 {
		n := 1 + r.IntN(10)
		edges := randomGraph(r, n, r.Float64(), []int64{0, 1, 3, 10, 1000}[r.IntN(5)])
		for _, maxCard := range []bool{false, true} {
			keep := make([]int32, len(edges))
			for i := range keep {
				keep[i] = int32(i)
			}
			s := newSolver(n, edges, keep, maxCard)
			s.run()
			mate, idx, total := s.result()
			wantSize, wantTotal := bruteForce(n, edges, maxCard)
			if total != wantTotal || (maxCard && len(idx) != wantSize) {
				t.Fatalf("iter %d maxCard=%v n=%d edges=%v: got size %d total %d (mate %v), want size %d total %d",
					iter, maxCard, n, edges, len(idx), total, mate, wantSize, wantTotal)
			}
			if !maxCard {
				if err := verifyOptimum(s); err != nil {
					t.Fatalf("iter %d n=%d edges=%v: %v", iter, n, edges, err)
				}
			}
		}
	}
}

func TestSolverCertificateLarge(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for iter := range 300 {
		n := 20 + r.IntN(200)
		edges := randomGraph(r, n, []float64{0.02, 0.1, 0.5, 1}[r.IntN(4)], []int64{1, 5, 100, 1 << 30}[r.IntN(4)])
		keep := make([]int32, len(edges))
		for i := range keep {
			keep[i] = int32(i)
		}
		s := newSolver(n, edges, keep, false)
		s.run()
		if err := verifyOptimum(s); err != nil {
			t.Fatalf("iter %d n=%d m=%d: %v", iter, n, len(edges), err)
		}
	}
}
