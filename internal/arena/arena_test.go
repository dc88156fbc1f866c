package arena

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestArenaCutsAreOwnSlices compares an arena with its oracle, a new
// slice for every request: each cut is zeroed, as long as asked, capped
// at its length, and neither writes nor appends to one reach another.
func TestArenaCutsAreOwnSlices(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := New[int](rapid.IntRange(0, 40).Draw(t, "chunk"))
		var got, want [][]int
		for i := range rapid.IntRange(0, 60).Draw(t, "cuts") {
			n := rapid.IntRange(-1, 20).Draw(t, "n")
			var cut []int
			if rapid.Bool().Draw(t, "copy") {
				src := make([]int, max(n, 0))
				for j := range src {
					src[j] = -j
				}
				cut = a.CopyOf(src)
				want = append(want, src)
			} else {
				cut = a.Take(n)
				want = append(want, make([]int, max(n, 0)))
			}
			require.Len(t, cut, max(n, 0))
			require.Equal(t, len(cut), cap(cut), "cut %d is capped", i)
			require.Equal(t, want[i], append([]int{}, cut...), "cut %d as made", i)
			for j := range cut {
				cut[j] = 1000*i + j
				want[i][j] = 1000*i + j
			}
			_ = append(cut, -1) // must move, not write over the next cut
			got = append(got, cut)
		}
		for i := range got {
			require.Equal(t, want[i], append([]int{}, got[i]...), "cut %d kept", i)
		}
	})
}

// TestZeroArena: the zero Arena cuts slices too.
func TestZeroArena(t *testing.T) {
	var a Arena[string]
	require.Nil(t, a.Take(0))
	s := a.Take(3)
	require.Len(t, s, 3)
	*a.One() = "x"
	require.Equal(t, []string{"", "", ""}, s)
}

// TestStringsConcatIsConcatenation compares Strings with its oracle, the
// + operator: each string is its parts joined, and stays so while later
// ones are cut, across chunks.
func TestStringsConcatIsConcatenation(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var a Strings
		var got, want []string
		for range rapid.IntRange(0, 400).Draw(t, "strings") {
			parts := rapid.SliceOfN(rapid.StringN(0, 12, 3000), 0, 4).Draw(t, "parts")
			w := ""
			for _, p := range parts {
				w += p
			}
			got = append(got, a.Concat(parts...))
			want = append(want, w)
		}
		require.Equal(t, want, got)
	})
}
