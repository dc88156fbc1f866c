package spreadsheet

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func TestGuard(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "V-1": "V-1", "=1+1": "'=1+1", "+33 6": "'+33 6", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "\rx": "'\rx", "'quoted": "''quoted", "a=b": "a=b",
	} {
		require.Equal(t, want, Guard(in), "%q", in)
	}
}

// TestGuardRoundTrip: whatever a cell holds, Unguard gives back what Guard
// was given, and a guarded cell never starts with a formula character.
func TestGuardRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.String().Draw(t, "cell")
		g := Guard(s)
		if g != "" {
			require.NotContains(t, "=+-@\t\r", string(g[0]))
		}
		back, ok := Unguard(g)
		require.True(t, ok)
		require.Equal(t, s, back)
	})
	_, ok := Unguard("'plain")
	require.False(t, ok, "a ' Guard never writes")
}
