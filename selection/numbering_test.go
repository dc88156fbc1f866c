package selection

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestNumberingAgreesWithMap: a numbering gives each distinct id the
// number a plain map of first meetings gives, whether the ids share
// their bytes, hold copies of their own, or are prefixes of one another
// in one place (same address, other lengths) — and after a reset it
// starts again from 0.
func TestNumberingAgreesWithMap(t *testing.T) {
	var nb numbering[string]
	rapid.Check(t, func(t *rapid.T) {
		const text = "S001-C0001S001-C0002S001-E0003"
		pool := rapid.SliceOfN(rapid.IntRange(0, len(text)), 1, 600).Draw(t, "ids")
		ids := make([]string, len(pool))
		for i, n := range pool {
			ids[i] = text[:n] // prefixes: one address, many lengths
			if i%3 == 1 {
				ids[i] = text[n/2 : n] // other addresses
			}
		}
		want := map[string]int32{}
		for range rapid.IntRange(1, 2000).Draw(t, "meetings") {
			id := rapid.SampledFrom(ids).Draw(t, "id")
			if rapid.Bool().Draw(t, "a copy of its own") {
				id = strings.Clone(id)
			}
			k, ok := want[id]
			if !ok {
				k = int32(len(want))
				want[id] = k
			}
			got, fresh := nb.number(id)
			require.Equal(t, k, got, "%q", id)
			require.Equal(t, !ok, fresh, "%q", id)
		}
		for id, k := range want {
			require.Equal(t, id, nb.ids[k])
		}
		nb.reset()
	})
}
