package practices

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// drawYearProgram prepares an empty dataset of a drawn school year in a
// drawn time zone, some with daylight saving time and some without.
func drawYearProgram(t *rapid.T) (*Program, *model.Dataset) {
	tz := rapid.SampledFrom([]string{"UTC", "America/New_York", "America/Los_Angeles", "Pacific/Honolulu", "Europe/London", "Australia/Lord_Howe", "America/Santiago", "America/Havana"}).Draw(t, "tz")
	cal, err := model.NewCalendar(tz, model.Hours{Start: model.NewClock(8, 0), End: model.NewClock(15, 0)})
	require.NoError(t, err)
	y := rapid.IntRange(1990, 2030).Draw(t, "year")
	first := model.NewDate(y, time.Month(rapid.IntRange(8, 9).Draw(t, "firstMonth")), rapid.IntRange(1, 28).Draw(t, "firstDay"))
	last := model.NewDate(y+1, time.Month(rapid.IntRange(5, 6).Draw(t, "lastMonth")), rapid.IntRange(1, 28).Draw(t, "lastDay"))
	ds := &model.Dataset{Year: model.NewSchoolYear(first, last), Calendar: cal, Policy: model.DefaultPolicy(), District: model.District{ID: "D"}}
	p, err := Prepare(ds)
	require.NoError(t, err)
	return p, ds
}

// drawInstantNear draws an instant within two days of midnight on one of
// the days given, to the nanosecond.
func drawInstantNear(t *rapid.T, loc *time.Location, days ...model.Date) time.Time {
	d := rapid.SampledFrom(days).Draw(t, "day")
	off := time.Duration(rapid.Int64Range(-2*24*int64(time.Hour), 2*24*int64(time.Hour)).Draw(t, "offset"))
	if rapid.Bool().Draw(t, "nearMidnight") {
		off = time.Duration(rapid.Int64Range(-int64(time.Second), int64(time.Second)).Draw(t, "nearOffset"))
	}
	return d.In(loc, 0).Add(off)
}

// TestInYearAgreesWithYearContains: Program.inYear, which compares Unix
// seconds, places every instant as the school year places the instant's
// day in the calendar's zone (the oracle's reading, reference_test.go).
func TestInYearAgreesWithYearContains(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, ds := drawYearProgram(t)
		loc := ds.Calendar.Location()
		at := drawInstantNear(t, loc, ds.Year.Start(), ds.Year.FirstDay, ds.Year.LastDay.AddDays(1), ds.Year.LastDay)
		want := ds.Year.Contains(model.DateOf(at.In(loc)))
		require.Equal(t, want, p.inYear(at), "%s in %s (%s to %s)", at.Format(time.RFC3339Nano), ds.Year.ID, ds.Year.Start(), ds.Year.LastDay)
	})
}

// TestInYearWhereMidnightIsSkipped: in a zone whose clocks spring forward
// at midnight, a day has no midnight, and time.Date places "midnight" an
// hour into the day before: an instant in that hour is still outside the
// year when the year starts that day (America/Santiago, 8 September 2019,
// the summer counted from the first day) and inside it when the year ends
// the day before (America/Havana, 8 March 2020).
func TestInYearWhereMidnightIsSkipped(t *testing.T) {
	for _, c := range []struct {
		tz          string
		first, last model.Date
	}{
		{"America/Santiago", model.NewDate(2019, time.September, 8), model.NewDate(2020, time.June, 12)},
		{"America/Havana", model.NewDate(2019, time.August, 19), model.NewDate(2020, time.March, 7)},
	} {
		cal, err := model.NewCalendar(c.tz, model.Hours{Start: model.NewClock(8, 0), End: model.NewClock(15, 0)})
		require.NoError(t, err)
		year := model.NewSchoolYear(c.first, c.last)
		year.SummerStart = c.first
		ds := &model.Dataset{Year: year, Calendar: cal, Policy: model.DefaultPolicy(), District: model.District{ID: "D"}}
		p, err := Prepare(ds)
		require.NoError(t, err)
		loc := cal.Location()
		for _, d := range []model.Date{year.Start(), c.last.AddDays(1)} {
			for off := -2 * time.Hour; off <= 2*time.Hour; off += 15 * time.Minute {
				at := d.In(loc, 0).Add(off)
				want := ds.Year.Contains(model.DateOf(at.In(loc)))
				require.Equal(t, want, p.inYear(at), "%s: %s", c.tz, at.Format(time.RFC3339))
			}
		}
	}
}
