package draw

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func TestBetweenStaysInRange(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lo := rapid.IntRange(-100, 100).Draw(t, "lo")
		hi := rapid.IntRange(-100, 100).Draw(t, "hi")
		r := Stream(rapid.Uint64().Draw(t, "seed"), 1, 0)
		v := Between(r, lo, hi)
		if hi <= lo {
			require.Equal(t, lo, v)
			return
		}
		require.GreaterOrEqual(t, v, lo)
		require.LessOrEqual(t, v, hi)
	})
}

func TestChanceZeroDrawsNothing(t *testing.T) {
	a, b := Stream(1, 2, 3), Stream(1, 2, 3)
	require.False(t, Chance(a, 0))
	require.Equal(t, a.Uint64(), b.Uint64(), "a zero rate must not consume a draw")
	require.True(t, Chance(a, 1))
}

func TestStreamsAreReproducibleAndDistinct(t *testing.T) {
	require.Equal(t, Stream(9, 1, 4).Uint64(), Stream(9, 1, 4).Uint64())
	require.NotEqual(t, Stream(9, 1, 4).Uint64(), Stream(9, 2, 4).Uint64())
	require.NotEqual(t, Stream(9, 1, 4).Uint64(), Stream(9, 1, 5).Uint64())
}
