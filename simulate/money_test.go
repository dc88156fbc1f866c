package simulate

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
)

// TestMoneySumKeepsFirstOverflow: a run's sums of money stop at the first
// overflow and report it, instead of wrapping around to a negative cost.
func TestMoneySumKeepsFirstOverflow(t *testing.T) {
	var m moneySum
	cost := int64(0)
	bySource := map[model.FundingSource]int64{}
	m.add(&cost, 2667)
	m.addTo(bySource, model.TitleI, 2667)
	require.NoError(t, m.err)
	assert.Equal(t, int64(2667), cost)
	assert.Equal(t, int64(2667), bySource[model.TitleI])

	m.add(&cost, math.MaxInt64)
	require.ErrorIs(t, m.err, model.ErrAmountOverflow)
	assert.Equal(t, int64(2667), cost, "the sum that overflowed keeps its last value")
	m.addTo(bySource, model.TitleI, 1)
	assert.Equal(t, int64(2667), bySource[model.TitleI], "nothing is added after an overflow")
}

// TestDesignRatesShareTheModelBound: a design cannot set an hourly rate the
// model's policy would refuse.
func TestDesignRatesShareTheModelBound(t *testing.T) {
	d := DefaultDesign()
	d.Compensation.CertificatedRateCents = model.MaxRateCents
	require.NoError(t, d.Validate())
	d.Compensation.ClassifiedRateCents = model.MaxRateCents + 1
	require.ErrorContains(t, d.Validate(), "compensation.classified_rate_cents")
}
