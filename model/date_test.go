package model_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    model.Date
		wantErr string
	}{
		{in: "2025-08-18", want: model.NewDate(2025, time.August, 18)},
		{in: "2024-02-29", want: model.NewDate(2024, time.February, 29)},
		{in: "0001-01-01", want: model.NewDate(1, time.January, 1)},
		{in: "9999-12-31", want: model.NewDate(9999, time.December, 31)},
		{in: "2025-02-29", wantErr: `date "2025-02-29": day 29 is out of range: February 2025 has 28 days`}, // not a leap year
		{in: "2026-13-01", wantErr: `date "2026-13-01": month 13 is out of range (01 to 12)`},
		{in: "2026-00-10", wantErr: `date "2026-00-10": month 0 is out of range (01 to 12)`},
		{in: "2026-04-31", wantErr: `date "2026-04-31": day 31 is out of range: April 2026 has 30 days`},
		{in: "2026-05-00", wantErr: `date "2026-05-00": day 0 is out of range: May 2026 has 31 days`},
		{in: "2025-8-18", wantErr: `date "2025-8-18": want YYYY-MM-DD`},
		{in: "18/08/2025", wantErr: `date "18/08/2025": want YYYY-MM-DD`},
		{in: "2025-08-18T00:00:00Z", wantErr: `want YYYY-MM-DD`},
		{in: "+025-08-18", wantErr: `want YYYY-MM-DD`},
		{in: "2025-0a-18", wantErr: `want YYYY-MM-DD`},
		{in: "", wantErr: `want YYYY-MM-DD`},
		{in: "yesterday", wantErr: `want YYYY-MM-DD`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := model.ParseDate(tt.in)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.in, got.String())
		})
	}
}

func TestDateFields(t *testing.T) {
	d := model.NewDate(2025, time.August, 18)
	assert.Equal(t, 2025, d.Year())
	assert.Equal(t, time.August, d.Month())
	assert.Equal(t, 18, d.Day())
	assert.Equal(t, time.Monday, d.Weekday())
	assert.False(t, d.IsZero())

	var zero model.Date
	assert.True(t, zero.IsZero())
	assert.Equal(t, "", zero.String())

	// Out-of-range values normalise the way time.Date does.
	assert.Equal(t, model.NewDate(2025, time.November, 1), model.NewDate(2025, time.October, 32))
	assert.Equal(t, model.NewDate(2026, time.January, 1), model.NewDate(2025, time.December, 32))
}

func TestDateArithmetic(t *testing.T) {
	d := model.NewDate(2025, time.December, 30)
	assert.Equal(t, model.NewDate(2026, time.January, 2), d.AddDays(3))
	assert.Equal(t, model.NewDate(2025, time.November, 30), d.AddDays(-30))
	assert.Equal(t, 365, model.NewDate(2026, time.August, 18).DaysSince(model.NewDate(2025, time.August, 18)))
	assert.Equal(t, 366, model.NewDate(2024, time.August, 18).DaysSince(model.NewDate(2023, time.August, 18)))
	assert.Equal(t, -1, model.NewDate(2024, time.February, 28).DaysSince(model.NewDate(2024, time.February, 29)))
	assert.True(t, d.Before(d.AddDays(1)))
	assert.True(t, d.After(d.AddDays(-1)))
	assert.False(t, d.Before(d))
	assert.False(t, d.After(d))
	assert.Equal(t, 0, d.Compare(d))
}

func TestDateIn(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	require.NoError(t, err)
	d := model.NewDate(2025, time.November, 2) // daylight saving ends at 02:00
	assert.Equal(t, time.Date(2025, time.November, 2, 15, 30, 0, 0, la), d.In(la, model.NewClock(15, 30)))
	assert.Equal(t, time.Date(2025, time.November, 3, 0, 0, 0, 0, la), d.In(la, model.NewClock(24, 0)),
		"24:00 is the end of the day")
}

// dateGen draws dates between 1900 and 2200.
func dateGen() *rapid.Generator[model.Date] {
	return rapid.Custom(func(t *rapid.T) model.Date {
		base := model.NewDate(1900, time.January, 1)
		return base.AddDays(rapid.IntRange(0, 300*366).Draw(t, "day"))
	})
}

func TestDateProperties(t *testing.T) {
	t.Run("AddDays and DaysSince are inverse", rapid.MakeCheck(func(t *rapid.T) {
		d := dateGen().Draw(t, "d")
		n := rapid.IntRange(-20000, 20000).Draw(t, "n")
		e := d.AddDays(n)
		require.Equal(t, n, e.DaysSince(d))
		require.Equal(t, d, e.AddDays(-n))
		// AddDays agrees with the standard library's calendar.
		want := time.Date(d.Year(), d.Month(), d.Day()+n, 0, 0, 0, 0, time.UTC)
		require.Equal(t, want.Format(time.DateOnly), e.String())
	}))
	t.Run("NewDate of DateOf round trips", rapid.MakeCheck(func(t *rapid.T) {
		sec := rapid.Int64Range(-2208988800, 7258118400).Draw(t, "unix") // 1900 to 2200
		zone := rapid.SampledFrom([]string{"UTC", "America/Los_Angeles", "Asia/Kolkata", "Pacific/Kiritimati", "Pacific/Pago_Pago"}).Draw(t, "zone")
		loc, err := time.LoadLocation(zone)
		require.NoError(t, err)
		tm := time.Unix(sec, 0).In(loc)
		d := model.DateOf(tm)
		y, m, dd := tm.Date()
		require.Equal(t, d, model.NewDate(y, m, dd))
		require.Equal(t, y, d.Year())
		require.Equal(t, m, d.Month())
		require.Equal(t, dd, d.Day())
		require.Equal(t, tm.Weekday(), d.Weekday())
		p, err := model.ParseDate(d.String())
		require.NoError(t, err)
		require.Equal(t, d, p)
	}))
	t.Run("Compare agrees with Before and After", rapid.MakeCheck(func(t *rapid.T) {
		d := dateGen().Draw(t, "d")
		e := rapid.OneOf(dateGen(), rapid.Just(d)).Draw(t, "e")
		c := d.Compare(e)
		require.Equal(t, c < 0, d.Before(e))
		require.Equal(t, c > 0, d.After(e))
		require.Equal(t, c == 0, d == e)
		require.Equal(t, -c, e.Compare(d))
		require.Equal(t, c, cmpInt(d.DaysSince(e), 0))
	}))
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestDateJSON(t *testing.T) {
	type doc struct {
		D model.Date `json:"d"`
		Z model.Date `json:"z"`
		O model.Date `json:"o,omitzero"`
	}
	in := doc{D: model.NewDate(2025, time.August, 18)}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	assert.JSONEq(t, `{"d":"2025-08-18","z":""}`, string(b))
	var out doc
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, in, out)

	var d model.Date
	assert.Error(t, json.Unmarshal([]byte(`"2025-02-30"`), &d))
	assert.Error(t, json.Unmarshal([]byte(`20250218`), &d))
}

func TestClock(t *testing.T) {
	tests := []struct {
		in      string
		want    model.Clock
		wantErr bool
	}{
		{in: "00:00", want: 0},
		{in: "08:30", want: model.NewClock(8, 30)},
		{in: "15:00", want: model.NewClock(15, 0)},
		{in: "23:59", want: model.NewClock(23, 59)},
		{in: "24:00", want: model.NewClock(24, 0)},
		{in: "24:01", wantErr: true},
		{in: "25:00", wantErr: true},
		{in: "08:60", wantErr: true},
		{in: "8:30", wantErr: true},
		{in: "08:3", wantErr: true},
		{in: "0830", wantErr: true},
		{in: "+8:30", wantErr: true},
		{in: "-0:30", wantErr: true},
		{in: "08:-1", wantErr: true},
		{in: "ab:cd", wantErr: true},
		{in: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var c model.Clock
			err := c.UnmarshalText([]byte(tt.in))
			if tt.wantErr {
				require.Error(t, err)
				assert.Contains(t, err.Error(), "HH:MM")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, c)
			assert.Equal(t, tt.in, c.String())
			b, err := c.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tt.in, string(b))
		})
	}
	c := model.NewClock(15, 40)
	assert.Equal(t, 15, c.Hour())
	assert.Equal(t, 40, c.Minute())
}

func TestClockTextRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := model.Clock(rapid.IntRange(0, 24*60).Draw(t, "minutes"))
		b, err := c.MarshalText()
		require.NoError(t, err)
		var back model.Clock
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, c, back)
	})
}

func TestDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		out  string // the canonical form, when it differs from in
	}{
		{in: "40m", want: 40 * time.Minute},
		{in: "24h", want: 24 * time.Hour},
		{in: "1h30m", want: 90 * time.Minute},
		{in: "90m", want: 90 * time.Minute, out: "1h30m"},
		{in: "1h0m", want: time.Hour, out: "1h"},
		{in: "0s", want: 0},
		{in: "0", want: 0, out: "0s"},
		{in: "45s", want: 45 * time.Second},
		{in: "1h0m30s", want: time.Hour + 30*time.Second},
		{in: "10h10m", want: 10*time.Hour + 10*time.Minute},
		{in: "-40m", want: -40 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var d model.Duration
			require.NoError(t, d.UnmarshalText([]byte(tt.in)))
			assert.Equal(t, model.Duration(tt.want), d)
			out := tt.out
			if out == "" {
				out = tt.in
			}
			assert.Equal(t, out, d.String())
		})
	}
	for _, bad := range []string{"", "40", "forty minutes", "1d", "40 m"} {
		var d model.Duration
		err := d.UnmarshalText([]byte(bad))
		assert.Error(t, err, "%q", bad)
	}
	assert.Equal(t, 40, model.Duration(40*time.Minute+59*time.Second).Minutes())

	// In JSON a duration is text, never nanoseconds.
	b, err := json.Marshal(struct {
		D model.Duration `json:"d"`
	}{model.Duration(24 * time.Hour)})
	require.NoError(t, err)
	assert.Equal(t, `{"d":"24h"}`, string(b))
	var d model.Duration
	assert.Error(t, json.Unmarshal([]byte(`86400000000000`), &d))
}

func TestDurationTextRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		unit := rapid.SampledFrom([]time.Duration{time.Minute, time.Second, time.Millisecond, 1}).Draw(t, "unit")
		d := model.Duration(rapid.Int64Range(-1e6, 1e6).Draw(t, "n")) * model.Duration(unit)
		b, err := d.MarshalText()
		require.NoError(t, err)
		var back model.Duration
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, d, back, "text %q", b)
	})
}

func TestDays(t *testing.T) {
	tests := []struct {
		in      string
		want    model.Days
		wantErr bool
	}{
		{in: "7d", want: 7},
		{in: "0d", want: 0},
		{in: "730d", want: 730},
		{in: "-3d", want: -3},
		{in: "7", wantErr: true},
		{in: "d", wantErr: true},
		{in: "7 d", wantErr: true},
		{in: "1w", wantErr: true},
		{in: "168h", wantErr: true},
		{in: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var n model.Days
			err := n.UnmarshalText([]byte(tt.in))
			if tt.wantErr {
				require.Error(t, err)
				assert.Contains(t, err.Error(), `"7d"`)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, n)
			assert.Equal(t, tt.in, n.String())
		})
	}
}

func TestDaysAfterIsCalendarDays(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	require.NoError(t, err)
	// Daylight saving ends on 2025-11-02: seven calendar days are 169 hours.
	start := time.Date(2025, time.November, 1, 10, 0, 0, 0, la)
	got := model.Days(7).After(start)
	assert.Equal(t, time.Date(2025, time.November, 8, 10, 0, 0, 0, la), got)
	assert.Equal(t, 169*time.Hour, got.Sub(start))
}

// TestDateStringAtTheEdges: the fast formatter agrees with time's layout
// at the edges of four-digit years and falls back to it beyond them.
func TestDateStringAtTheEdges(t *testing.T) {
	for _, y := range []int{-1, 1, 9, 999, 1000, 2025, 9999, 10000} {
		for _, m := range []time.Month{time.January, time.October, time.December} {
			d := model.NewDate(y, m, 31)
			want := time.Date(y, m, 31, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
			assert.Equal(t, want, d.String(), "%d-%d-31", y, m)
			got, err := d.AppendText([]byte("on "))
			require.NoError(t, err)
			assert.Equal(t, "on "+want, string(got), "%d-%d-31", y, m)
		}
	}
	got, err := model.Date{}.AppendText(nil)
	require.NoError(t, err)
	assert.Empty(t, got, "the zero Date appends nothing, as String returns nothing")
}
