package simulate

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

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

// FormatSeed writes a seed as the CSV and meta files hold it: "s" and its
// decimal digits ("s10451216379200822465"). The letter keeps R's read.csv
// and pandas' read_csv from reading a 64-bit seed as a double, which
// would round it (10451216379200822465 → 10451216379200823296); all-digit,
// exponent ("1e5") and hexadecimal ("0x1F") forms are all read as
// numbers, so only a prefix keeps the text. [ParseSeed] reads it back.
func FormatSeed(seed uint64) string { return "s" + strconv.FormatUint(seed, 10) }

// ParseSeed reads a seed written by [FormatSeed] ("s123", or "S123") or as
// plain decimal digits ("123"), from 0 to 2⁶⁴−1. Anything else — a sign,
// spaces, another base, a number too large — is an error naming the text.
func ParseSeed(text string) (uint64, error) {
	digits := text
	if len(digits) > 0 && (digits[0] == 's' || digits[0] == 'S') {
		digits = digits[1:]
	}
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return 0, fmt.Errorf("seed %q: want decimal digits, optionally after an s (as in the seed column: s10451216379200822465)", text)
	}
	v, err := strconv.ParseUint(digits, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("seed %q: want at most %d", text, uint64(math.MaxUint64))
	}
	return v, nil
}
