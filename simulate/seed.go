package simulate

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
	streamYears
)
