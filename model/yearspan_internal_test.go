package model

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestPropYearSpanIsYearOf: a year's bounds as instants answer as
// SchoolYear.YearOf does, for instants near the bounds and far from
// them, in zones whose clocks change — some at midnight, when a day
// starts at one in the morning — and for a year with a summer start.
func TestPropYearSpanIsYearOf(t *testing.T) {
	zones := []string{"UTC", "America/Los_Angeles", "America/Sao_Paulo", "America/Santiago", "Asia/Beirut", "Pacific/Apia", "Australia/Lord_Howe"}
	rapid.Check(t, func(t *rapid.T) {
		loc, err := time.LoadLocation(rapid.SampledFrom(zones).Draw(t, "zone"))
		require.NoError(t, err)
		first := NewDate(rapid.IntRange(1990, 2030).Draw(t, "year"), time.Month(rapid.IntRange(1, 12).Draw(t, "month")), rapid.IntRange(1, 28).Draw(t, "day"))
		y := NewSchoolYear(first, first.AddDays(rapid.IntRange(-5, 400).Draw(t, "length")))
		if rapid.Bool().Draw(t, "summer") {
			y.SummerStart = first.AddDays(-rapid.IntRange(0, 90).Draw(t, "summer days"))
		}
		s := y.spanOf(loc)
		var at time.Time
		switch rapid.IntRange(0, 3).Draw(t, "where") {
		case 0: // near a bound, to the second
			b := []int64{s.from, s.to}[rapid.IntRange(0, 1).Draw(t, "bound")]
			at = time.Unix(b+int64(rapid.IntRange(-90000, 90000).Draw(t, "offset")), int64(rapid.IntRange(0, 999999999).Draw(t, "ns")))
		case 1: // anywhere within years of it
			at = time.Unix(s.from+rapid.Int64Range(-5*366*86400, 5*366*86400).Draw(t, "offset"), 0)
		case 2: // far off, beyond the span's reach
			at = time.Unix(rapid.Int64Range(-1<<40, 1<<40).Draw(t, "unix"), 0)
		default:
			at = time.Time{}
		}
		recorded := SchoolYearID(rapid.SampledFrom([]string{"", "", "", "2019-20"}).Draw(t, "recorded"))
		require.Equal(t, y.YearOf(recorded, at, loc), s.yearOf(recorded, at), "%s in %s, year %v", at, loc, y)
		require.Equal(t, y.YearOf(recorded, at, loc), yearSpan{year: y, loc: loc}.yearOf(recorded, at), "unset span")
	})
}
