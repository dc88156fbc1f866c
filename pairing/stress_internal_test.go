package pairing

import (
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
)

// TestStressCertificate is a deep check, off by default: set
// PAIRING_STRESS to a number of random graphs (say 20000) to run it. Every
// maximum-weight result must carry a valid optimality certificate (and
// match brute force when small); every maximum-cardinality result must
// match maximum-weight mode on weights shifted to put size first.
func TestStressCertificate(t *testing.T) {
	iters, _ := strconv.Atoi(os.Getenv("PAIRING_STRESS"))
	if iters == 0 {
		t.Skip("set PAIRING_STRESS to run")
	}
	r := rand.New(rand.NewPCG(uint64(iters), 99))
	for iter := range iters {
		n := 2 + r.IntN(120)
		edges := randomGraph(r, n, []float64{0.03, 0.08, 0.3, 1}[r.IntN(4)], []int64{0, 1, 2, 7, 100, 1 << 40}[r.IntN(6)])
		keep := make([]int32, len(edges))
		for i := range keep {
			keep[i] = int32(i)
		}
		s := newSolver(n, edges, keep, false)
		s.run()
		if err := verifyOptimum(s); err != nil {
			t.Fatalf("iter %d n=%d m=%d: %v", iter, n, len(edges), err)
		}
		if n <= 14 {
			_, want := bruteForce(n, edges, false)
			if _, _, got := s.result(); got != want {
				t.Fatalf("iter %d: got %d want %d", iter, got, want)
			}
		}
		if iter%4 == 0 {
			var maxW int64
			for _, e := range edges {
				maxW = max(maxW, e.W)
			}
			if maxW > 1<<20 {
				continue // the shifted weights would leave MaxWeight
			}
			m, err := Match(n, edges, MatchOptions{MaxCardinality: true})
			if err != nil {
				t.Fatal(err)
			}
			shift := int64(n)*maxW + 1
			shifted := make([]Edge, len(edges))
			for i, e := range edges {
				shifted[i] = Edge{e.U, e.V, e.W + shift}
			}
			_, total := MaxWeightMatching(n, shifted)
			if size := total / shift; size != int64(m.Size()) || total-size*shift != m.Total {
				t.Fatalf("iter %d: maximum cardinality %d/%d, shifted says %d/%d", iter, m.Size(), m.Total, size, total-size*shift)
			}
		}
	}
}
