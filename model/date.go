package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date with no time of day and no time zone, such as a
// school's first day or the day an educator was trained. The standard
// library has no date-only type; Date fills that gap the way [time.Time]
// would: a small comparable value with methods.
//
// The zero Date means "not recorded"; [Date.IsZero] reports it.
type Date struct {
	// n counts days from 0001-01-01 plus one, so that the zero value is unset.
	n int32
}

// epochDays is the Unix day number of 0001-01-01.
const epochDays = -719162

// NewDate returns the date y-m-d. Out-of-range values normalise the way
// [time.Date] does (October 32 is November 1).
//
// Preparing a national year makes hundreds of thousands of dates, so
// within ±civilLimit years, months and days it counts the days itself (daysFrom)
// rather than through time.Date; newDateSlow, the definition, serves the
// rest, and a property test holds the two equal.
func NewDate(y int, m time.Month, d int) Date {
	if y < -civilLimit || y > civilLimit || m < -civilLimit || m > civilLimit || d < -civilLimit || d > civilLimit {
		return newDateSlow(y, m, d)
	}
	// time.Date's normalisation: the month first, into the year, then
	// the day, counted on from the first of the month.
	mm := int(m) - 1
	y, mm = y+mm/12, mm%12
	if mm < 0 {
		y, mm = y-1, mm+12
	}
	return Date{n: int32(daysFrom(y, mm+1, 1)+int64(d)-1-epochDays) + 1}
}

// newDateSlow is NewDate through time.Date.
func newDateSlow(y int, m time.Month, d int) Date {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return Date{n: int32(t.Unix()/86400-epochDays) + 1}
}

// civilLimit bounds the years and days NewDate counts itself: far beyond
// any record, and far inside where its arithmetic could overflow.
const civilLimit = 1 << 24

// daysFrom returns the Unix day number of y-m-d (m 1 to 12) in the
// proleptic Gregorian calendar, as time counts: the days of the 400-year
// eras before y's (from March, so that a leap day ends its year), of
// the years of its era before it, and of its months before m.
func daysFrom(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400                             // [0, 399]
	doy := (153*((m+9)%12)+2)/5 + d - 1            // [0, 365], from March 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy         // [0, 146096]
	return int64(era)*146097 + int64(doe) - 719468 // 719468: 0000-03-01 to 1970-01-01
}

// civil returns the year, month and day of Unix day number days: the
// inverse of daysFrom.
func civil(days int64) (y int, m time.Month, d int) {
	z := days + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097                                  // [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // [0, 399]
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // [0, 365], from March 1
	mp := (5*doy + 2) / 153                                // [0, 11], March first
	d = int(doy - (153*mp+2)/5 + 1)
	m = time.Month((mp+2)%12 + 1)
	y = int(yoe + era*400)
	if m <= 2 {
		y++
	}
	return y, m, d
}

// DateOf returns the date of t in t's own location: the days of its
// Unix time shifted by the location's offset then, as t.Date counts
// them, without going through the year, month and day (dateOfSlow, the
// definition, which a property test holds it to).
func DateOf(t time.Time) Date {
	_, off := t.Zone()
	sec := t.Unix() + int64(off)
	days := sec / 86400
	if sec%86400 < 0 {
		days--
	}
	if days < -civilLimit*366 || days > civilLimit*366 {
		return dateOfSlow(t)
	}
	return Date{n: int32(days-epochDays) + 1}
}

// dateOfSlow is DateOf through t.Date and NewDate.
func dateOfSlow(t time.Time) Date { return newDateSlow(t.Date()) }

// ParseDate parses a date written as 2006-01-02. A date in that form
// whose month or day does not exist is an error that says which
// ("date \"2026-13-01\": month 13 is out of range (01 to 12)", "date
// \"2025-02-29\": day 29 is out of range: February 2025 has 28 days");
// any other text is an error that gives the form.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err == nil {
		return DateOf(t), nil
	}
	if y, m, d, ok := dateFields(s); ok {
		if m < 1 || m > 12 {
			return Date{}, fmt.Errorf("date %q: month %d is out of range (01 to 12)", s, m)
		}
		if days := daysIn(time.Month(m), y); d < 1 || d > days {
			return Date{}, fmt.Errorf("date %q: day %d is out of range: %s %04d has %d days", s, d, time.Month(m), y, days)
		}
	}
	return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
}

// dateFields splits text of the form DDDD-DD-DD into its three numbers;
// ok is false for text of any other form.
func dateFields(s string) (y, m, d int, ok bool) {
	if len(s) != len(time.DateOnly) || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0, false
	}
	for i, c := range []byte(s) {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return 0, 0, 0, false
		}
	}
	y, _ = strconv.Atoi(s[:4])
	m, _ = strconv.Atoi(s[5:7])
	d, _ = strconv.Atoi(s[8:])
	return y, m, d, true
}

// daysIn returns the number of days of month m of year y.
func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether d is the zero Date, meaning "not recorded".
func (d Date) IsZero() bool { return d.n == 0 }

func (d Date) utc() time.Time {
	return time.Unix(d.unixDays()*86400, 0).UTC()
}

// unixDays is d's Unix day number: days since 1970-01-01.
func (d Date) unixDays() int64 { return int64(d.n) - 1 + epochDays }

// date returns d's year, month and day: those of d.utc().Date(), counted
// with civil (a Date's days are far inside its range).
func (d Date) date() (y int, m time.Month, day int) { return civil(d.unixDays()) }

// Year returns the year of d.
func (d Date) Year() int {
	y, _, _ := d.date()
	return y
}

// Month returns the month of d.
func (d Date) Month() time.Month {
	_, m, _ := d.date()
	return m
}

// Day returns the day of the month of d.
func (d Date) Day() int {
	_, _, day := d.date()
	return day
}

// Weekday returns the day of the week of d: 1970-01-01 was a Thursday.
func (d Date) Weekday() time.Weekday {
	w := (d.unixDays() + 4) % 7
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

// AddDays returns d plus n calendar days (n may be negative).
func (d Date) AddDays(n int) Date { return Date{n: d.n + int32(n)} }

// DaysSince returns the number of calendar days from e to d (d − e).
func (d Date) DaysSince(e Date) int { return int(d.n - e.n) }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.n < e.n }

// After reports whether d is later than e.
func (d Date) After(e Date) bool { return d.n > e.n }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.n < e.n:
		return -1
	case d.n > e.n:
		return 1
	}
	return 0
}

// In returns the instant at clock time c on d in loc; a nil loc is UTC.
func (d Date) In(loc *time.Location, c Clock) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	y, m, dd := d.date()
	return time.Date(y, m, dd, c.Hour(), c.Minute(), 0, 0, loc)
}

// String returns d as 2006-01-02, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	var b [10]byte
	return string(d.appendText(b[:0]))
}

// appendText appends d as 2006-01-02 (years 0–9999; others as time
// formats them). Findings and exports write many dates, so this avoids
// time's general layout interpreter.
func (d Date) appendText(b []byte) []byte {
	y, m, dd := d.date()
	if y < 0 || y > 9999 {
		return d.utc().AppendFormat(b, time.DateOnly)
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(m)/10), byte('0'+int(m)%10), '-', byte('0'+dd/10), byte('0'+dd%10))
}

// MarshalText writes d as 2006-01-02.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// AppendText appends d as 2006-01-02 to b, or nothing for the zero Date:
// what String returns, without allocating. It implements
// encoding.TextAppender.
func (d Date) AppendText(b []byte) ([]byte, error) {
	if d.IsZero() {
		return b, nil
	}
	return d.appendText(b), nil
}

// UnmarshalText reads a date written as 2006-01-02; the empty text is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if d == nil {
		return nilInput("Date.UnmarshalText", "receiver")
	}
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Clock is a time of day in minutes after midnight, written "08:30".
// 24:00 is allowed as the end of a day.
type Clock int

// NewClock returns the clock time h:m.
func NewClock(h, m int) Clock { return Clock(h*60 + m) }

// Hour returns the hour of c.
func (c Clock) Hour() int { return int(c) / 60 }

// Minute returns the minute of c within its hour.
func (c Clock) Minute() int { return int(c) % 60 }

// String returns c as 15:04.
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", c.Hour(), c.Minute()) }

// MarshalText writes c as 15:04.
func (c Clock) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads a clock time written as 15:04 (00:00 to 24:00).
func (c *Clock) UnmarshalText(b []byte) error {
	if c == nil {
		return nilInput("Clock.UnmarshalText", "receiver")
	}
	s := string(b)
	h, m, ok := strings.Cut(s, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	digits := len(h) == 2 && len(m) == 2 && isDigit(h[0]) && isDigit(m[0]) // Atoi alone takes "+1" and "-0"
	if !ok || !digits || err1 != nil || err2 != nil || mm > 59 || hh*60+mm > 24*60 {
		return fmt.Errorf("clock time %q: want HH:MM between 00:00 and 24:00", s)
	}
	*c = Clock(hh*60 + mm)
	return nil
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// Duration is a [time.Duration] written in JSON as a readable value such as
// "40m", "24h" or "1h30m" — never as nanoseconds.
type Duration time.Duration

// Minutes returns d in whole minutes, rounded down.
func (d Duration) Minutes() int { return int(time.Duration(d) / time.Minute) }

// String returns d as "40m", "24h", "1h30m" or "0s".
func (d Duration) String() string {
	s := time.Duration(d).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// MarshalText writes d in its readable form.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a duration such as "40m" or "1h30m" ([time.ParseDuration] syntax).
func (d *Duration) UnmarshalText(b []byte) error {
	if d == nil {
		return nilInput("Duration.UnmarshalText", "receiver")
	}
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("duration %q: want a value such as \"40m\" or \"24h\"", string(b))
	}
	*d = Duration(v)
	return nil
}

// Days is a count of calendar days, written in JSON as "7d". Calendar days,
// not 24-hour spans: seven days after 2025-11-01 10:00 is 2025-11-08 10:00
// local time even across a daylight-saving change.
type Days int

// String returns n as "7d".
func (n Days) String() string { return strconv.Itoa(int(n)) + "d" }

// MarshalText writes n as "7d".
func (n Days) MarshalText() ([]byte, error) { return []byte(n.String()), nil }

// UnmarshalText reads a day count written as "7d".
func (n *Days) UnmarshalText(b []byte) error {
	if n == nil {
		return nilInput("Days.UnmarshalText", "receiver")
	}
	s := string(b)
	v, err := strconv.Atoi(strings.TrimSuffix(s, "d"))
	if err != nil || !strings.HasSuffix(s, "d") {
		return fmt.Errorf("days %q: want a value such as \"7d\"", s)
	}
	*n = Days(v)
	return nil
}

// After returns t plus n calendar days in t's location.
func (n Days) After(t time.Time) time.Time { return t.AddDate(0, 0, int(n)) }
