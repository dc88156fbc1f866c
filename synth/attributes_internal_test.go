package synth

import (
	"math/rand/v2"
	"testing"

	"github.com/homevisits/pthv/model"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestAttributeMapsShared: the students of two schools, given audit
// attributes through the school's cache and the district's maps, hold
// the map a fresh attributesOf gives (the oracle), and students alike,
// in either school, hold one map.
func TestAttributeMapsShared(t *testing.T) {
	langs := []model.Language{"en", "es", "vi", "am", "uk"}
	auditGen := rapid.Custom(func(t *rapid.T) audit {
		return audit{
			ell: rapid.Bool().Draw(t, "ell"), iep: rapid.Bool().Draw(t, "iep"), frl: rapid.Bool().Draw(t, "frl"),
			lang: rapid.SampledFrom(langs).Draw(t, "lang"),
		}
	})
	rapid.Check(t, func(t *rapid.T) {
		shared := new(attributeMaps)
		var schools [2]*roster
		var given [2][]audit
		for i := range schools {
			given[i] = rapid.SliceOf(auditGen).Draw(t, "audits")
			ro := &roster{students: make([]model.Student, len(given[i])), audits: make([]audit, len(given[i])), shared: shared}
			if i == 1 && rapid.Bool().Draw(t, "own maps") {
				ro.shared = nil
			}
			for k, a := range given[i] {
				ro.attribute(k, a)
			}
			schools[i] = ro
		}
		byAudit := map[audit]map[string]string{}
		for i, ro := range schools {
			for k, a := range given[i] {
				m := ro.students[k].Attributes
				require.Equal(t, attributesOf(a), m, "school %d student %d", i, k)
				require.Equal(t, a, ro.audits[k])
				if ro.shared == nil && i == 1 {
					continue
				}
				if prev, ok := byAudit[a]; ok {
					require.True(t, sameMap(prev, m), "school %d student %d: another map of %+v", i, k, a)
				}
				byAudit[a] = m
			}
		}
	})
}

// sameMap reports whether a and b are one map: a key written to one
// shows in the other.
func sameMap(a, b map[string]string) bool {
	const probe = "\x00probe"
	a[probe] = "x"
	_, ok := b[probe]
	delete(a, probe)
	return ok
}

// TestHomeLanguageOracle: homeLanguage, which draws a position in
// homeLanguages, draws the language the switch it was first written as
// draws from the same stream.
func TestHomeLanguageOracle(t *testing.T) {
	oracle := func(r *rand.Rand) model.Language {
		u := r.Float64()
		switch {
		case u < 0.72:
			return "es"
		case u < 0.78:
			return "vi"
		case u < 0.84:
			return "zh"
		case u < 0.88:
			return "ar"
		case u < 0.92:
			return "hmn"
		case u < 0.95:
			return "tl"
		case u < 0.98:
			return "ru"
		}
		return "so"
	}
	rapid.Check(t, func(t *rapid.T) {
		seed := rapid.Uint64().Draw(t, "seed")
		a, b := rand.New(rand.NewPCG(seed, 1)), rand.New(rand.NewPCG(seed, 1))
		for range 200 {
			require.Equal(t, oracle(a), homeLanguages[homeLanguage(b)])
		}
	})
}
