// Package draw holds the small random-draw helpers that the synthetic
// district generator and the simulator share. Every stream comes from an
// explicit seed, so the same seed gives the same district or run on any
// number of cores.
package draw

import "math/rand/v2"

// Stream returns the generator of stream kind for unit i (i = -1 for the
// district as a whole): independent, reproducible streams per school and
// per phase, so that changing one phase does not shift another's draws.
func Stream(seed uint64, kind, i int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, uint64(kind)<<32|uint64(i+1)))
}

// Chance reports true with probability p, drawing nothing when p is 0, so
// that a zero rate leaves every other draw unchanged.
func Chance(r *rand.Rand, p float64) bool {
	if p <= 0 {
		return false
	}
	return r.Float64() < p
}

// Between returns a uniform integer in [lo, hi]; lo when hi < lo.
func Between(r *rand.Rand, lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}
