package model_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// TestPropDateArithmeticAgreesWithTime holds the day counting of NewDate,
// DateOf and a Date's year, month, day and weekday to the standard
// library's calendar, their definition: over every day of ±20,000 years,
// out-of-range months and days (which normalise), the edges where
// NewDate hands over to time.Date, and instants in zones east and west.
func TestPropDateArithmeticAgreesWithTime(t *testing.T) {
	zones := []*time.Location{time.UTC, time.FixedZone("east", 14*3600), time.FixedZone("west", -11*3600-1800)}
	for _, name := range []string{"America/Los_Angeles", "Asia/Kolkata", "Pacific/Kiritimati"} {
		if loc, err := time.LoadLocation(name); err == nil {
			zones = append(zones, loc)
		}
	}
	const limit = 1 << 24
	edge := rapid.OneOf(rapid.IntRange(-limit-3, -limit+3), rapid.IntRange(limit-3, limit+3))
	t.Run("NewDate", rapid.MakeCheck(func(t *rapid.T) {
		y := rapid.OneOf(rapid.IntRange(-20000, 20000), rapid.IntRange(1900, 2200), edge, rapid.Int()).Draw(t, "y")
		m := rapid.OneOf(rapid.IntRange(1, 12), rapid.IntRange(-40, 40), edge, rapid.Int()).Draw(t, "m")
		d := rapid.OneOf(rapid.IntRange(1, 31), rapid.IntRange(-800, 800), edge, rapid.Int()).Draw(t, "d")
		require.Equal(t, model.NewDateSlow(y, time.Month(m), d), model.NewDate(y, time.Month(m), d))
	}))
	t.Run("DateOf", rapid.MakeCheck(func(t *rapid.T) {
		sec := rapid.OneOf(rapid.Int64Range(-2208988800, 7258118400), rapid.Int64Range(-1<<40, 1<<40), rapid.Int64()).Draw(t, "unix")
		loc := rapid.SampledFrom(zones).Draw(t, "zone")
		tm := time.Unix(sec, rapid.Int64Range(0, 999999999).Draw(t, "nsec")).In(loc)
		require.Equal(t, model.DateOfSlow(tm), model.DateOf(tm))
	}))
	t.Run("year, month, day and weekday", rapid.MakeCheck(func(t *rapid.T) {
		days := rapid.OneOf(rapid.Int64Range(-20000*366, 20000*366), rapid.Int64Range(-1<<31+800000, 1<<31-800000)).Draw(t, "days") // n in int32
		d := model.DateFromUnixDays(days)
		u := time.Unix(days*86400, 0).UTC()
		y, m, dd := u.Date()
		require.Equal(t, y, d.Year())
		require.Equal(t, m, d.Month())
		require.Equal(t, dd, d.Day())
		require.Equal(t, u.Weekday(), d.Weekday())
		require.Equal(t, d, model.NewDate(d.Year(), d.Month(), d.Day()))
	}))
}
