package simulate

import "math/rand/v2"

// Seed returns the seed of replication r (numbered from 1) of a run with
// base seed base: SplitMix64 of base + r·0x9E3779B97F4A7C15. Seeds of
// nearby replications, and of nearby base seeds, are unrelated, and every
// design of a sweep uses the same seed for its replication r (common random
// numbers), so that differences between designs are not noise from
// different districts.
func Seed(base uint64, r int) uint64 {
	return splitmix64(base + uint64(r)*0x9E3779B97F4A7C15)
}

func splitmix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
	z = (z ^ z>>27) * 0x94D049BB133111EB
	return z ^ z>>31
}

// Random streams of one replication. Each school draws from its own stream
// per phase, so a change in one phase or school leaves the others' draws
// unchanged.
const (
	streamInvite = iota + 1
	streamPlace
	streamComplete
	streamDistrict
	streamCapacity
)

// newRand returns the generator of stream kind for school i (-1 for the
// district).
func newRand(seed uint64, kind, i int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, uint64(kind)<<32|uint64(i+1)))
}

// chance reports true with probability p, drawing nothing when p is 0, so
// that a zero rate leaves every other draw unchanged.
func chance(r *rand.Rand, p float64) bool {
	if p <= 0 {
		return false
	}
	return r.Float64() < p
}

// between returns a uniform integer in [lo, hi]; lo when hi < lo.
func between(r *rand.Rand, lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}
