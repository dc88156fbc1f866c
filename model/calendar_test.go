package model_test

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

var schoolHours = model.Hours{Start: model.NewClock(8, 0), End: model.NewClock(15, 0)}

// year2025 is the 2025-26 school year of testdata/small.json.
func year2025() model.SchoolYear {
	return model.NewSchoolYear(model.NewDate(2025, time.August, 18), model.NewDate(2026, time.June, 5))
}

func laCalendar(t testing.TB) model.Calendar {
	t.Helper()
	cal, err := model.NewCalendar("America/Los_Angeles", schoolHours)
	require.NoError(t, err)
	cal.Closures = []model.Closure{
		{From: model.NewDate(2025, time.November, 27), To: model.NewDate(2025, time.November, 28), Name: "thanksgiving"},
		{From: model.NewDate(2025, time.December, 22), To: model.NewDate(2026, time.January, 2), Name: "winter break"},
	}
	return cal
}

func ymd(y int, m time.Month, d int) model.Date { return model.NewDate(y, m, d) }

func TestSchoolYear(t *testing.T) {
	y := year2025()
	assert.Equal(t, model.SchoolYearID("2025-26"), y.ID)
	assert.Equal(t, ymd(2025, time.June, 1), y.Start(), "by default the year starts on June 1")
	assert.True(t, y.Contains(ymd(2025, time.June, 1)))
	assert.False(t, y.Contains(ymd(2025, time.May, 31)))
	assert.True(t, y.Contains(ymd(2026, time.June, 5)))
	assert.False(t, y.Contains(ymd(2026, time.June, 6)))

	y.SummerStart = ymd(2025, time.June, 16)
	assert.Equal(t, ymd(2025, time.June, 16), y.Start())
	assert.False(t, y.Contains(ymd(2025, time.June, 15)))

	early := model.NewSchoolYear(ymd(2026, time.February, 2), ymd(2026, time.December, 11))
	assert.Equal(t, ymd(2026, time.February, 2), early.Start(), "a year that starts before June starts on its first day")
	assert.Equal(t, model.SchoolYearID("2026-26"), early.ID)
}

func TestSeason(t *testing.T) {
	cal := laCalendar(t)
	custom := cal
	custom.Seasons = model.SeasonBounds{
		Fall:   model.MonthDay{Month: time.August, Day: 15},
		Winter: model.MonthDay{Month: time.January, Day: 1},
		Spring: model.MonthDay{Month: time.April, Day: 1},
	}
	unset := cal
	unset.Seasons = model.SeasonBounds{} // zero bounds mean the defaults

	tests := []struct {
		name string
		cal  model.Calendar
		d    model.Date
		want model.Season
	}{
		{"start of summer", cal, ymd(2025, time.June, 1), model.Summer},
		{"summer before first day", cal, ymd(2025, time.July, 20), model.Summer},
		{"first day is still summer", cal, ymd(2025, time.August, 18), model.Summer},
		{"last day of summer", cal, ymd(2025, time.August, 31), model.Summer},
		{"first day of fall", cal, ymd(2025, time.September, 1), model.Fall},
		{"last day of fall", cal, ymd(2025, time.November, 30), model.Fall},
		{"first day of winter", cal, ymd(2025, time.December, 1), model.Winter},
		{"winter across the new year", cal, ymd(2026, time.January, 10), model.Winter},
		{"last day of winter", cal, ymd(2026, time.February, 28), model.Winter},
		{"first day of spring", cal, ymd(2026, time.March, 1), model.Spring},
		{"last day of school", cal, ymd(2026, time.June, 5), model.Spring},
		{"after the last day is summer", cal, ymd(2026, time.June, 6), model.Summer},
		{"zero bounds are the defaults", unset, ymd(2025, time.December, 1), model.Winter},
		{"custom: summer", custom, ymd(2025, time.August, 14), model.Summer},
		{"custom: fall", custom, ymd(2025, time.August, 15), model.Fall},
		{"custom: still fall in december", custom, ymd(2025, time.December, 31), model.Fall},
		{"custom: winter from new year", custom, ymd(2026, time.January, 1), model.Winter},
		{"custom: still winter in march", custom, ymd(2026, time.March, 31), model.Winter},
		{"custom: spring", custom, ymd(2026, time.April, 1), model.Spring},
		{"custom: after last day", custom, ymd(2026, time.June, 8), model.Summer},
	}
	y := year2025()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.cal.Season(y, tt.d), "%s", tt.d)
		})
	}

	assert.Equal(t, ymd(2025, time.June, 1), cal.SeasonStart(y, model.Summer))
	assert.Equal(t, ymd(2025, time.September, 1), cal.SeasonStart(y, model.Fall))
	assert.Equal(t, ymd(2025, time.December, 1), cal.SeasonStart(y, model.Winter))
	assert.Equal(t, ymd(2026, time.March, 1), cal.SeasonStart(y, model.Spring))
	assert.Equal(t, ymd(2026, time.January, 1), custom.SeasonStart(y, model.Winter))

	assert.Equal(t, "summer", model.Summer.String())
	assert.Equal(t, "spring", model.Spring.String())
	assert.Equal(t, "Season(7)", model.Season(7).String())
}

// Seasons follow one another in order through the school year.
func TestSeasonOrder(t *testing.T) {
	cal := laCalendar(t)
	y := year2025()
	prev := model.Summer
	for d := y.Start(); !d.After(y.LastDay); d = d.AddDays(1) {
		s := cal.Season(y, d)
		require.GreaterOrEqual(t, s, prev, "%s", d)
		require.Equal(t, s, cal.Season(y, cal.SeasonStart(y, s)))
		prev = s
	}
	assert.Equal(t, model.Spring, prev)
}

func TestSchoolDay(t *testing.T) {
	cal := laCalendar(t)
	fourDay := cal
	fourDay.Week = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday}
	y := year2025()
	tests := []struct {
		name string
		cal  model.Calendar
		d    model.Date
		want bool
	}{
		{"monday", cal, ymd(2025, time.September, 15), true},
		{"friday", cal, ymd(2025, time.September, 19), true},
		{"saturday", cal, ymd(2025, time.September, 20), false},
		{"sunday", cal, ymd(2025, time.September, 21), false},
		{"first day", cal, ymd(2025, time.August, 18), true},
		{"weekday before first day", cal, ymd(2025, time.August, 15), false},
		{"last day", cal, ymd(2026, time.June, 5), true},
		{"weekday after last day", cal, ymd(2026, time.June, 8), false},
		{"one-day closure", cal, ymd(2025, time.November, 27), false},
		{"last day of a closure", cal, ymd(2026, time.January, 2), false},
		{"day after a closure", cal, ymd(2026, time.January, 5), true},
		{"four-day week: thursday", fourDay, ymd(2025, time.September, 18), true},
		{"four-day week: friday", fourDay, ymd(2025, time.September, 19), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.cal.SchoolDay(y, tt.d), "%s %s", tt.d, tt.d.Weekday())
		})
	}
	assert.True(t, cal.Closed(ymd(2025, time.December, 25)))
	assert.False(t, cal.Closed(ymd(2025, time.December, 21)))
}

func TestNewCalendar(t *testing.T) {
	cal, err := model.NewCalendar("America/Los_Angeles", schoolHours)
	require.NoError(t, err)
	assert.Equal(t, "America/Los_Angeles", cal.Location().String())
	assert.Equal(t, model.DefaultSeasonBounds(), cal.Seasons)

	_, err = model.NewCalendar("Mars/Olympus_Mons", schoolHours)
	assert.ErrorContains(t, err, "Mars/Olympus_Mons")

	// A calendar built as a literal still finds its zone.
	lit := model.Calendar{TimeZone: "Europe/Paris"}
	assert.Equal(t, "Europe/Paris", lit.Location().String())
	assert.Equal(t, time.UTC, model.Calendar{TimeZone: "nowhere"}.Location())
	assert.Equal(t, time.UTC, model.Calendar{TimeZone: "Local"}.Location(), "never the machine's zone")
}

// TestCalendarTimeZoneNames: only names of the IANA database make a
// calendar; what time.LoadLocation would read as the machine's zone, as UTC
// or as a file of the system's zoneinfo folder is refused, so results do
// not depend on the machine.
func TestCalendarTimeZoneNames(t *testing.T) {
	for _, tz := range []string{"America/Los_Angeles", "America/Port-au-Prince", "America/Argentina/Buenos_Aires",
		"Etc/GMT+7", "Etc/GMT-14", "EST5EDT", "UTC", "GMT0", "US/Pacific"} {
		cal, err := model.NewCalendar(tz, schoolHours)
		require.NoError(t, err, tz)
		assert.Equal(t, tz, cal.Location().String())
	}
	for _, tz := range []string{"", "Local", "local", "localtime", "posixrules", "posix/America/New_York", "right/UTC",
		"America", "America/", "/America/Los_Angeles", "America//Los_Angeles", "./UTC", "../UTC", "zone.tab",
		"america/los_angeles", " UTC", "UTC\x00", "Mars/Olympus_Mons"} {
		_, err := model.NewCalendar(tz, schoolHours)
		require.ErrorIs(t, err, model.ErrInvalid, "%q", tz)
		assert.ErrorContains(t, err, strconv.Quote(tz))

		name, err := json.Marshal(tz)
		require.NoError(t, err)
		var c model.Calendar
		err = json.Unmarshal([]byte(`{"time_zone":`+string(name)+`}`), &c)
		if tz == "" {
			require.ErrorIs(t, err, model.ErrMissing)
			continue
		}
		require.ErrorIs(t, err, model.ErrInvalid, "%q", tz)
		assert.ErrorContains(t, err, "time_zone")
	}
}

func TestCalendarJSON(t *testing.T) {
	var cal model.Calendar
	require.NoError(t, json.Unmarshal([]byte(`{"time_zone":"Asia/Kolkata","hours":{"start":"09:00","end":"16:00"},
		"seasons":{"fall":"07-01","winter":"10-15","spring":"02-01"}}`), &cal))
	assert.Equal(t, "Asia/Kolkata", cal.Location().String())
	assert.Equal(t, model.MonthDay{Month: time.October, Day: 15}, cal.Seasons.Winter)

	b, err := json.Marshal(cal)
	require.NoError(t, err)
	assert.JSONEq(t, `{"time_zone":"Asia/Kolkata","hours":{"start":"09:00","end":"16:00"},
		"seasons":{"fall":"07-01","winter":"10-15","spring":"02-01"}}`, string(b))

	for name, in := range map[string]string{
		"missing time zone": `{"hours":{"start":"09:00","end":"16:00"}}`,
		"unknown time zone": `{"time_zone":"Atlantis/Central"}`,
		"unknown field":     `{"time_zone":"UTC","term":"fall"}`,
		"bad month-day":     `{"time_zone":"UTC","seasons":{"fall":"9/1"}}`,
	} {
		var c model.Calendar
		assert.Error(t, json.Unmarshal([]byte(in), &c), name)
	}
}

func TestMinutesOutsideWorkingDay(t *testing.T) {
	cal := laCalendar(t)
	la := cal.Location()
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, la) }
	liaison := model.Hours{Start: model.NewClock(10, 0), End: model.NewClock(17, 0)}
	allDay := model.Hours{Start: 0, End: model.NewClock(24, 0)}
	sundayWeek := cal // a Sunday-to-Thursday week, so that DST Sundays are school days
	sundayWeek.Week = []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday}
	utc, err := model.NewCalendar("UTC", schoolHours)
	require.NoError(t, err)
	y := year2025()

	tests := []struct {
		name  string
		cal   model.Calendar
		hours model.Hours
		start time.Time
		d     time.Duration
		want  int
	}{
		{"fully inside school hours", cal, model.Hours{}, at(2025, time.September, 16, 10, 0), 40 * time.Minute, 0},
		{"ends 20 minutes after school", cal, model.Hours{}, at(2025, time.September, 16, 14, 40), 40 * time.Minute, 20},
		{"starts 30 minutes before school", cal, model.Hours{}, at(2025, time.September, 16, 7, 30), 40 * time.Minute, 30},
		{"ends exactly when school ends", cal, model.Hours{}, at(2025, time.September, 16, 14, 20), 40 * time.Minute, 0},
		{"evening", cal, model.Hours{}, at(2025, time.September, 16, 17, 0), 40 * time.Minute, 40},
		{"longer than the school day", cal, model.Hours{}, at(2025, time.September, 16, 7, 0), 9 * time.Hour, 120},
		{"saturday", cal, model.Hours{}, at(2025, time.September, 20, 10, 0), 40 * time.Minute, 40},
		{"summer before first day", cal, model.Hours{}, at(2025, time.August, 12, 10, 0), 40 * time.Minute, 40},
		{"after the last day", cal, model.Hours{}, at(2026, time.June, 9, 10, 0), 40 * time.Minute, 40},
		{"closure day", cal, model.Hours{}, at(2025, time.November, 27, 10, 0), 40 * time.Minute, 40},
		{"educator's own hours: inside", cal, liaison, at(2025, time.September, 16, 16, 0), 40 * time.Minute, 0},
		{"educator's own hours: before", cal, liaison, at(2025, time.September, 16, 9, 30), 40 * time.Minute, 30},
		{"educator's own hours: after", cal, liaison, at(2025, time.September, 16, 16, 50), 40 * time.Minute, 30},
		{"across midnight into saturday", cal, allDay, at(2025, time.September, 19, 23, 30), time.Hour, 30},
		{"across midnight between school days", cal, allDay, at(2025, time.September, 18, 23, 30), time.Hour, 0},
		{"across midnight, school hours", cal, model.Hours{}, at(2025, time.September, 18, 23, 30), time.Hour, 60},
		{"DST ends: three real hours at night", sundayWeek, model.Hours{}, at(2025, time.November, 2, 0, 30), 3 * time.Hour, 180},
		{"DST ends: day hours unchanged", sundayWeek, model.Hours{}, at(2025, time.November, 2, 14, 30), time.Hour, 30},
		{"DST starts: one real hour across the gap", sundayWeek, model.Hours{}, at(2026, time.March, 8, 1, 30), time.Hour, 60},
		{"DST starts: school starts at 08:00 PDT", sundayWeek, model.Hours{}, at(2026, time.March, 8, 7, 30), time.Hour, 30},
		{"start in another zone", cal, model.Hours{}, time.Date(2025, time.September, 16, 21, 40, 0, 0, time.UTC), 40 * time.Minute, 20},
		{"seconds round up", utc, model.Hours{}, time.Date(2025, time.September, 16, 14, 59, 30, 0, time.UTC), time.Minute, 1},
		{"zero duration", cal, model.Hours{}, at(2025, time.September, 20, 10, 0), 0, 0},
		{"negative duration", cal, model.Hours{}, at(2025, time.September, 20, 10, 0), -time.Hour, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.cal.MinutesOutsideWorkingDay(y, tt.hours, tt.start, tt.d)
			assert.Equal(t, tt.want, got)
		})
	}
}

// In America/Havana clocks jump from 00:00 to 01:00, so some days have no
// midnight; the day loop once spun forever on such a day.
func TestMinutesOutsideWorkingDayMidnightGap(t *testing.T) {
	cal, err := model.NewCalendar("America/Havana", schoolHours)
	require.NoError(t, err)
	cal.Week = []time.Weekday{time.Saturday, time.Sunday} // weekend school, so both days count
	havana := cal.Location()
	y := model.NewSchoolYear(ymd(2024, time.August, 19), ymd(2025, time.June, 13))
	start := time.Date(2025, time.March, 8, 23, 30, 0, 0, havana)

	got := make(chan int, 1)
	go func() {
		got <- cal.MinutesOutsideWorkingDay(y, model.Hours{Start: model.NewClock(23, 0), End: model.NewClock(24, 0)}, start, 2*time.Hour)
	}()
	select {
	case m := <-got:
		// 23:30–24:00 is inside the working day; the rest, up to 02:30 CDT, is not.
		assert.Equal(t, 90, m)
	case <-time.After(5 * time.Second):
		t.Fatal("MinutesOutsideWorkingDay did not return")
	}
}

type outsideCase struct {
	cal   model.Calendar
	year  model.SchoolYear
	hours model.Hours
	start time.Time
	d     time.Duration
}

func outsideCaseGen() *rapid.Generator[outsideCase] {
	return rapid.Custom(func(t *rapid.T) outsideCase {
		zone := rapid.SampledFrom([]string{"America/Los_Angeles", "UTC", "Asia/Kolkata", "Pacific/Chatham"}).Draw(t, "zone")
		start := model.NewClock(rapid.IntRange(6, 12).Draw(t, "start hour"), rapid.SampledFrom([]int{0, 15, 30, 45}).Draw(t, "start minute"))
		end := start + model.Clock(rapid.IntRange(1, 24*60-int(start)).Draw(t, "school minutes"))
		cal, err := model.NewCalendar(zone, model.Hours{Start: start, End: end})
		if err != nil {
			t.Fatalf("NewCalendar: %v", err)
		}
		if rapid.Bool().Draw(t, "custom week") {
			cal.Week = rapid.SliceOfNDistinct(rapid.SampledFrom([]time.Weekday{0, 1, 2, 3, 4, 5, 6}), 1, 7, rapid.ID).Draw(t, "week")
		}
		first := model.NewDate(2025, time.August, rapid.IntRange(10, 31).Draw(t, "first day"))
		y := model.NewSchoolYear(first, first.AddDays(rapid.IntRange(150, 300).Draw(t, "year length")))
		for range rapid.IntRange(0, 3).Draw(t, "closures") {
			from := first.AddDays(rapid.IntRange(0, 300).Draw(t, "closure"))
			cal.Closures = append(cal.Closures, model.Closure{From: from, To: from.AddDays(rapid.IntRange(0, 10).Draw(t, "closure days"))})
		}
		var hours model.Hours
		if rapid.Bool().Draw(t, "own hours") {
			s := model.Clock(rapid.IntRange(6*60, 20*60).Draw(t, "own start"))
			hours = model.Hours{Start: s, End: s + model.Clock(rapid.IntRange(1, 24*60-int(s)).Draw(t, "own minutes"))}
		}
		loc := cal.Location()
		startDay := y.Start().AddDays(rapid.IntRange(-10, 400).Draw(t, "visit day"))
		st := startDay.In(loc, model.Clock(rapid.IntRange(0, 24*60-1).Draw(t, "visit clock")))
		d := time.Duration(rapid.IntRange(0, 30*60).Draw(t, "visit minutes")) * time.Minute
		return outsideCase{cal: cal, year: y, hours: hours, start: st, d: d}
	})
}

func TestMinutesOutsideWorkingDayProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := outsideCaseGen().Draw(t, "case")
		got := c.cal.MinutesOutsideWorkingDay(c.year, c.hours, c.start, c.d)
		minutes := int(c.d / time.Minute)
		require.GreaterOrEqual(t, got, 0)
		require.LessOrEqual(t, got, minutes)

		// Minute by minute: a minute is inside the working day when its day
		// is a school day and its wall-clock time is within the hours.
		hours := c.hours
		if hours == (model.Hours{}) {
			hours = c.cal.Hours
		}
		loc := c.cal.Location()
		want, anySchoolDay := 0, false
		for m := range minutes {
			tm := c.start.Add(time.Duration(m) * time.Minute).In(loc)
			school := c.cal.SchoolDay(c.year, model.DateOf(tm))
			anySchoolDay = anySchoolDay || school
			if !school || !hours.Contains(model.NewClock(tm.Hour(), tm.Minute())) {
				want++
			}
		}
		require.Equal(t, want, got)
		if !anySchoolDay {
			require.Equal(t, minutes, got, "no school day: every minute is outside")
		}

		// Splitting a visit in two splits its minutes.
		cut := time.Duration(rapid.IntRange(0, minutes).Draw(t, "cut")) * time.Minute
		a := c.cal.MinutesOutsideWorkingDay(c.year, c.hours, c.start, cut)
		b := c.cal.MinutesOutsideWorkingDay(c.year, c.hours, c.start.Add(cut), c.d-cut)
		require.Equal(t, got, a+b)
	})
}

func TestSeasonText(t *testing.T) {
	for _, s := range []model.Season{model.Summer, model.Fall, model.Winter, model.Spring} {
		b, err := s.MarshalText()
		require.NoError(t, err)
		var got model.Season
		require.NoError(t, got.UnmarshalText(b))
		require.Equal(t, s, got)
	}
	var s model.Season
	require.Error(t, s.UnmarshalText([]byte("autumn")))
}
