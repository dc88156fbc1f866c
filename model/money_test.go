package model_test

import (
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

func TestFormatCents(t *testing.T) {
	tests := []struct {
		cents          int64
		plain, dollars string
	}{
		{0, "0.00", "$0.00"},
		{5, "0.05", "$0.05"},
		{105, "1.05", "$1.05"},
		{2667, "26.67", "$26.67"},
		{-2, "-0.02", "-$0.02"},
		{-105, "-1.05", "-$1.05"},
		{model.MaxAmountCents, "100000.00", "$100000.00"},
		{math.MaxInt64, "92233720368547758.07", "$92233720368547758.07"},
		{math.MinInt64, "-92233720368547758.08", "-$92233720368547758.08"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.plain, model.FormatCents(tt.cents), "%d", tt.cents)
		assert.Equal(t, tt.dollars, model.FormatDollars(tt.cents), "%d", tt.cents)
	}
}

// TestFormatCentsProperty: every amount is written as an optional minus,
// digits, a point and two digits, and reads back as the same number of
// cents.
func TestFormatCentsProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := rapid.OneOf(rapid.Int64(), rapid.Int64Range(-100_000, 100_000)).Draw(t, "cents")
		s := model.FormatCents(c)
		digits := strings.TrimPrefix(s, "-")
		require.Equal(t, c < 0, digits != s, s)
		whole, frac, ok := strings.Cut(digits, ".")
		require.True(t, ok, s)
		require.Len(t, frac, 2, s)
		require.NotEmpty(t, whole, s)
		require.NotContains(t, whole+frac, "-", s)
		back, ok := new(big.Int).SetString(strings.Replace(s, ".", "", 1), 10)
		require.True(t, ok, s)
		require.Equal(t, big.NewInt(c).String(), back.String())
		require.Equal(t, strings.Replace(s, digits, "$"+digits, 1), model.FormatDollars(c))
	})
}

func TestAddCents(t *testing.T) {
	sum, err := model.AddCents(2667, -67)
	require.NoError(t, err)
	assert.Equal(t, int64(2600), sum)
	for _, tt := range [][2]int64{{math.MaxInt64, 1}, {math.MaxInt64 - 5, 9}, {math.MinInt64, -1}, {-5, math.MinInt64}} {
		_, err := model.AddCents(tt[0], tt[1])
		require.ErrorIs(t, err, model.ErrAmountOverflow, "%d + %d", tt[0], tt[1])
	}
	sum, err = model.AddCents(math.MaxInt64, math.MinInt64)
	require.NoError(t, err)
	assert.Equal(t, int64(-1), sum)
}

// TestAddCentsProperty: AddCents is exact where the sum fits and an error
// exactly where it does not.
func TestAddCentsProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.Int64().Draw(t, "a")
		b := rapid.Int64().Draw(t, "b")
		want := new(big.Int).Add(big.NewInt(a), big.NewInt(b))
		sum, err := model.AddCents(a, b)
		if want.IsInt64() {
			require.NoError(t, err)
			require.Equal(t, want.Int64(), sum)
			return
		}
		require.ErrorIs(t, err, model.ErrAmountOverflow)
	})
}
