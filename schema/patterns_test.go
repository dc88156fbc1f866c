package schema_test

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// The properties below hold each pattern of the schema to the model's own
// reader and writer: whatever the schema accepts, pthv reads (so a
// document that follows the schema is never refused), and whatever pthv
// writes, the schema accepts. Where the two agree exactly, the property
// says so.

// textOf concatenates 1 to n tokens drawn from tokens.
func textOf(n int, tokens ...string) *rapid.Generator[string] {
	return rapid.Map(rapid.SliceOfN(rapid.SampledFrom(tokens), 1, n), func(s []string) string { return strings.Join(s, "") })
}

// validText reports whether the JSON string s is valid against sch.
func validText(t require.TestingT, sch *jsonschema.Schema, s string) bool {
	b, err := json.Marshal(s)
	require.NoError(t, err)
	return validate(t, sch, b) == nil
}

func TestDurationPattern(t *testing.T) {
	sch := compile(t, "#/$defs/Duration")
	for _, s := range []string{"40m", "1h30m", "24h", "0s", "0", "90s", "1m30.5s", "500ms", "1.5µs", "2us", "3ns", "2562047h"} {
		require.True(t, validText(t, sch, s), s)
	}
	for _, s := range []string{"", "-40m", "+40m", "40", "40 m", "40M", "1.5h", "30m1h", "h", "1d", ".5s"} {
		require.False(t, validText(t, sch, s), s)
	}
	rapid.Check(t, func(t *rapid.T) {
		// At most six digits, so that no value overflows Go's range.
		s := textOf(6, "0", "1", "9", ".", "h", "m", "s", "ms", "us", "µs", "ns", "-", "+", " ", "d").Draw(t, "text")
		var d model.Duration
		err := d.UnmarshalText([]byte(s))
		if validText(t, sch, s) {
			require.NoError(t, err, "the schema accepts %q", s)
			require.GreaterOrEqual(t, d, model.Duration(0), s)
		}
		if err == nil && d >= 0 && d.String() == s {
			require.True(t, validText(t, sch, s), "pthv writes %q", s)
		}
	})
	rapid.Check(t, func(t *rapid.T) {
		d := model.Duration(rapid.OneOf(rapid.Int64Range(0, math.MaxInt64),
			rapid.Map(rapid.Int64Range(0, 1e6), func(m int64) int64 { return m * int64(time.Minute) })).Draw(t, "duration"))
		require.True(t, validText(t, sch, d.String()), "pthv writes %q", d)
	})
}

func TestDaysPattern(t *testing.T) {
	sch := compile(t, "#/$defs/Days")
	rapid.Check(t, func(t *rapid.T) {
		s := textOf(8, "0", "1", "7", "d", "D", "-", "+", " ").Draw(t, "text")
		var n model.Days
		err := n.UnmarshalText([]byte(s))
		if validText(t, sch, s) {
			require.NoError(t, err, "the schema accepts %q", s)
			require.GreaterOrEqual(t, n, model.Days(0), s)
		}
		if err == nil && n >= 0 && n <= 999999999 && n.String() == s {
			require.True(t, validText(t, sch, s), "pthv writes %q", s)
		}
	})
}

// TestClockPattern: the schema and pthv agree on every text.
func TestClockPattern(t *testing.T) {
	sch := compile(t, "#/$defs/Clock")
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(
			textOf(6, "0", "1", "2", "3", "4", "5", "9", ":", "+", "-", " "),
			rapid.Map(rapid.IntRange(0, 2599), func(n int) string { return fmt.Sprintf("%02d:%02d", n/100, n%100) }),
		).Draw(t, "text")
		var c model.Clock
		require.Equal(t, c.UnmarshalText([]byte(s)) == nil, validText(t, sch, s), "%q", s)
	})
}

// TestMonthDayPattern: the schema and pthv agree on every text.
func TestMonthDayPattern(t *testing.T) {
	sch := compile(t, "#/$defs/MonthDay")
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(
			textOf(6, "0", "1", "2", "3", "9", "-", " "),
			rapid.Map(rapid.IntRange(0, 1399), func(n int) string { return fmt.Sprintf("%02d-%02d", n/100, n%100) }),
		).Draw(t, "text")
		var md model.MonthDay
		require.Equal(t, md.UnmarshalText([]byte(s)) == nil, validText(t, sch, s), "%q", s)
	})
}

// dateText draws texts shaped like dates: real ones, leap days, days and
// months out of range, and other strings.
func dateText() *rapid.Generator[string] {
	return rapid.OneOf(
		rapid.Custom(func(t *rapid.T) string {
			y := rapid.SampledFrom([]string{"0000", "1900", "1999", "2000", "2024", "2025", "2100", "9999"}).Draw(t, "year")
			m := rapid.IntRange(0, 13).Draw(t, "month")
			d := rapid.IntRange(0, 32).Draw(t, "day")
			return fmt.Sprintf("%s-%02d-%02d", y, m, d)
		}),
		textOf(10, "2025", "0", "1", "2", "3", "-", "+", " ", "T"),
	)
}

// TestDatePattern: with formats asserted, the schema and pthv agree on
// every text.
func TestDatePattern(t *testing.T) {
	sch := compile(t, "#/$defs/Date")
	rapid.Check(t, func(t *rapid.T) {
		s := dateText().Draw(t, "text")
		_, err := model.ParseDate(s)
		require.Equal(t, err == nil, validText(t, sch, s), "%q", s)
	})
}

func TestInstantPattern(t *testing.T) {
	sch := compile(t, "#/$defs/Instant")
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.Custom(func(t *rapid.T) string {
			return dateText().Draw(t, "date") +
				rapid.SampledFrom([]string{"T", "t", " "}).Draw(t, "T") +
				fmt.Sprintf("%02d:%02d:%02d", rapid.IntRange(0, 24).Draw(t, "hour"), rapid.IntRange(0, 60).Draw(t, "minute"), rapid.IntRange(0, 60).Draw(t, "second")) +
				rapid.SampledFrom([]string{"", ".5", ".000", ".123456789", ".1234567891", ".", ","}).Draw(t, "fraction") +
				rapid.SampledFrom([]string{"Z", "z", "", "+07:00", "-07:00", "+00:00", "-23:59", "+24:00", "+0700", "+07"}).Draw(t, "offset")
		}).Draw(t, "text")
		var at time.Time
		err := json.Unmarshal([]byte(strconv.Quote(s)), &at)
		if validText(t, sch, s) {
			require.NoError(t, err, "the schema accepts %q", s)
		}
	})
	rapid.Check(t, func(t *rapid.T) {
		zone := time.FixedZone("", rapid.IntRange(-14*60, 14*60).Draw(t, "offset minutes")*60)
		at := time.Date(rapid.IntRange(1, 9999).Draw(t, "year"), time.Month(rapid.IntRange(1, 12).Draw(t, "month")),
			rapid.IntRange(1, 31).Draw(t, "day"), rapid.IntRange(0, 23).Draw(t, "hour"), rapid.IntRange(0, 59).Draw(t, "minute"),
			rapid.IntRange(0, 59).Draw(t, "second"), rapid.SampledFrom([]int{0, 0, 1, 500_000_000, 999_999_999}).Draw(t, "ns"), zone)
		b, err := json.Marshal(at)
		if err != nil {
			t.Skip("the year moved out of range")
		}
		require.NoError(t, validate(t, sch, b), "pthv writes %s", b)
	})
}

// TestSeedForms: the schema and pthv agree on every seed written as an
// integer literal or as a string.
func TestSeedForms(t *testing.T) {
	sch := compile(t, "#/$defs/Seed")
	maxSeed := new(big.Int).SetUint64(math.MaxUint64)
	rapid.Check(t, func(t *rapid.T) {
		n := new(big.Int).SetUint64(rapid.Uint64().Draw(t, "seed"))
		n.Add(n, big.NewInt(rapid.Int64Range(-3, 3).Draw(t, "shift")))
		if rapid.Bool().Draw(t, "near the top") {
			n.Add(maxSeed, big.NewInt(rapid.Int64Range(-3, 3).Draw(t, "from the top")))
		}
		text := n.String()
		if rapid.Bool().Draw(t, "as a string") {
			text = strconv.Quote(rapid.SampledFrom([]string{"", "0", "00", "+", " "}).Draw(t, "prefix") + text)
		}
		_, err := model.DecodePolicy("policy.json", strings.NewReader(`{"monte_carlo_seed": `+text+`}`))
		require.Equal(t, err == nil, validate(t, sch, []byte(text)) == nil, "%s: %v", text, err)
	})
}

// TestTimeZonePattern: the schema accepts every zone pthv reads; it cannot
// know which names the IANA database holds, so pthv refuses more.
func TestTimeZonePattern(t *testing.T) {
	d := defs(t)
	tz := d["Calendar"]["properties"].(map[string]any)["time_zone"]
	b, err := json.Marshal(tz)
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
	require.NoError(t, err)
	require.NoError(t, c.AddResource("tz.json", doc))
	sch, err := c.Compile("tz.json")
	require.NoError(t, err)
	for _, name := range []string{"UTC", "America/Los_Angeles", "America/Port-au-Prince", "America/Argentina/Buenos_Aires",
		"Etc/GMT+7", "Etc/GMT-14", "EST5EDT", "Pacific/Honolulu", "Asia/Kolkata"} {
		_, err := model.LoadTimeZone(name)
		require.NoError(t, err, name)
		require.True(t, validText(t, sch, name), name)
	}
	for _, name := range []string{"", "Local", "localtime", "posixrules", "posix/America/New_York", "America/", "/UTC", "./UTC", "America//Denver", "utc"} {
		_, err := model.LoadTimeZone(name)
		require.Error(t, err, name)
		require.False(t, validText(t, sch, name), name)
	}
}
