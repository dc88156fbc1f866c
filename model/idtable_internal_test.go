package model

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestIDTableFindsAsItsMap holds an idTable's memo to the map behind it:
// every lookup, in any order, of ids in the map and not, that end alike
// or not, answers as the map does, the memo on from the start.
func TestIDTableFindsAsItsMap(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		// Ids from few prefixes and suffixes, so that many end alike.
		idGen := rapid.Custom(func(t *rapid.T) string {
			return fmt.Sprintf("%s-%s", rapid.SampledFrom([]string{"", "S1", "S22", "school-0000"}).Draw(t, "prefix"),
				rapid.StringMatching(`[0-9A-C]{0,10}`).Draw(t, "suffix"))
		})
		ids := rapid.SliceOfN(idGen, 1, 200).Draw(t, "ids")
		m := map[string]int{}
		for i, id := range ids {
			if rapid.IntRange(0, 4).Draw(t, "left out") > 0 {
				m[id] = i
			}
		}
		p := newIDTable(m)
		p.useMemo = true
		for range rapid.IntRange(0, 400).Draw(t, "lookups") {
			id := rapid.OneOf(rapid.SampledFrom(ids), idGen).Draw(t, "lookup")
			want, wantOK := m[id]
			got, ok := p.find(id)
			require.Equal(t, wantOK, ok, id)
			if ok {
				require.Equal(t, want, got, id)
			}
		}
	})
}
