package synth

import (
	"cmp"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestStableOrderIsTheStableSort: stableOrder gives the positions a
// stable sort by key gives, with keys that tie and negative keys.
func TestStableOrderIsTheStableSort(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		key := rapid.SliceOf(rapid.Int32Range(-3, 5)).Draw(t, "key")
		want := make([]int32, len(key))
		for i := range want {
			want[i] = int32(i)
		}
		slices.SortStableFunc(want, func(a, b int32) int { return cmp.Compare(key[a], key[b]) })
		require.Equal(t, want, stableOrder(key))
	})
}
