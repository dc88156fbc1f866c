package practices

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestVerdictCountsDoNotOverflow: a visit's units of one rule and outcome
// are counted in 16 bits; past that a new count starts, so no unit is lost
// however many educators a visit lists.
func TestVerdictCountsDoNotOverflow(t *testing.T) {
	w := verdictWriter{rule: 3}
	const units = math.MaxUint16 + 10
	for range units {
		w.pass()
	}
	w.na()
	total := 0
	for _, c := range w.counts {
		require.Equal(t, uint16(3), c.rule)
		if c.outcome == passed {
			total += int(c.n)
		}
	}
	require.Equal(t, units, total)
	require.Len(t, w.counts, 3, "two counts of passes, one of not assessable")
}
