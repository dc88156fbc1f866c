package model

import (
	"fmt"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // the core reads no files: time zones come from the binary
)

// SchoolYearID names a school year, such as "2025-26".
type SchoolYearID string

// SchoolYear runs from the summer before its first day to its last day, so a
// first visit in the summer belongs to the year it prepares for.
type SchoolYear struct {
	ID       SchoolYearID `json:"id"`
	FirstDay Date         `json:"first_day"`
	LastDay  Date         `json:"last_day"`
	// SummerStart is the first day of the summer before FirstDay. When it is
	// zero the year starts on June 1 of FirstDay's calendar year (or on
	// FirstDay itself if that is earlier).
	SummerStart Date `json:"summer_start,omitzero"`
}

// NewSchoolYear returns the school year with the given first and last days,
// named "2025-26" after their calendar years.
func NewSchoolYear(first, last Date) SchoolYear {
	return SchoolYear{
		ID:       SchoolYearID(fmt.Sprintf("%d-%02d", first.Year(), last.Year()%100)),
		FirstDay: first,
		LastDay:  last,
	}
}

// Start returns the first day of the year: the start of the summer before
// its first day.
func (y SchoolYear) Start() Date {
	if !y.SummerStart.IsZero() {
		return y.SummerStart
	}
	june := NewDate(y.FirstDay.Year(), time.June, 1)
	if y.FirstDay.Before(june) {
		return y.FirstDay
	}
	return june
}

// Contains reports whether d falls within the school year, summer included.
func (y SchoolYear) Contains(d Date) bool {
	return !d.Before(y.Start()) && !d.After(y.LastDay)
}

// YearOf returns the school year a record belongs to (RULES.md, "Which year
// a record belongs to"): recorded when set, else y's id when y contains
// the date of at in loc, else "" — another year, which counts for no unit.
// A nil loc is UTC.
func (y SchoolYear) YearOf(recorded SchoolYearID, at time.Time, loc *time.Location) SchoolYearID {
	if loc == nil {
		loc = time.UTC
	}
	switch {
	case recorded != "":
		return recorded
	case y.Contains(DateOf(at.In(loc))):
		return y.ID
	}
	return ""
}

// yearSpan is a school year's bounds as instants, for a caller that asks
// [SchoolYear.YearOf] of many records in one zone: an instant's Unix
// second compared with them stands for working out its date in the zone
// and comparing that with the year's days. The zero yearSpan is not set,
// and answers by YearOf itself.
type yearSpan struct {
	year SchoolYear
	loc  *time.Location
	// from and to are the Unix seconds of midnight of the year's Start,
	// and of the day after its LastDay, in loc.
	from, to int64
	set      bool
}

// spanOf returns y's bounds in loc (nil: UTC).
func (y SchoolYear) spanOf(loc *time.Location) yearSpan {
	if loc == nil {
		loc = time.UTC
	}
	s := yearSpan{year: y, loc: loc, from: y.Start().In(loc, 0).Unix(), to: y.LastDay.AddDays(1).In(loc, 0).Unix()}
	// Where the clocks change near a bound, midnight may not be a day's
	// first instant (a zone that springs forward at midnight has none,
	// and time.Date may place it in the day before): such a year is left
	// to YearOf.
	s.set = steadyAround(time.Unix(s.from, 0).In(loc)) && steadyAround(time.Unix(s.to, 0).In(loc))
	return s
}

// steadyAround reports whether t's zone holds from two days before t
// until two days after it.
func steadyAround(t time.Time) bool {
	start, end := t.ZoneBounds()
	return (start.IsZero() || !start.After(t.Add(-48*time.Hour))) && (end.IsZero() || end.After(t.Add(48*time.Hour)))
}

// spanReach is how far from a year's bounds, in seconds, yearSpan.yearOf
// compares instants itself — a century; it hands one farther off, whose
// date may lie beyond what a Date holds, to YearOf.
const spanReach = 100 * 366 * 86400

// yearOf is s.year.YearOf(recorded, at, s.loc).
func (s yearSpan) yearOf(recorded SchoolYearID, at time.Time) SchoolYearID {
	if recorded != "" {
		return recorded
	}
	sec := at.Unix()
	if !s.set || sec < s.from-spanReach || sec >= s.to+spanReach {
		return s.year.YearOf(recorded, at, s.loc)
	}
	if sec >= s.from && sec < s.to {
		return s.year.ID
	}
	return ""
}

// Season is a part of the school year. The model places the first visit in
// "summer or early fall" and the second in "winter or spring" (PTHV).
type Season int

// Seasons, in school-year order.
const (
	Summer Season = iota
	Fall
	Winter
	Spring
)

var seasonNames = [...]string{"summer", "fall", "winter", "spring"}

// String returns the season's name in lower case.
func (s Season) String() string {
	if s < Summer || s > Spring {
		return fmt.Sprintf("Season(%d)", int(s))
	}
	return seasonNames[s]
}

// MarshalText writes s by name ("fall").
func (s Season) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a season by name.
func (s *Season) UnmarshalText(b []byte) error {
	if s == nil {
		return nilInput("Season.UnmarshalText", "receiver")
	}
	for i, name := range seasonNames {
		if string(b) == name {
			*s = Season(i)
			return nil
		}
	}
	return fmt.Errorf("season %q: want summer, fall, winter or spring", string(b))
}

// MonthDay is a day of the year without a year, written "09-01".
type MonthDay struct {
	Month time.Month
	Day   int
}

// String returns md as 01-02.
func (md MonthDay) String() string { return fmt.Sprintf("%02d-%02d", int(md.Month), md.Day) }

// MarshalText writes md as 01-02.
func (md MonthDay) MarshalText() ([]byte, error) { return []byte(md.String()), nil }

// UnmarshalText reads a month and day written as 01-02.
func (md *MonthDay) UnmarshalText(b []byte) error {
	if md == nil {
		return nilInput("MonthDay.UnmarshalText", "receiver")
	}
	t, err := time.Parse("01-02", string(b))
	if err != nil {
		return fmt.Errorf("month-day %q: want MM-DD", string(b))
	}
	*md = MonthDay{Month: t.Month(), Day: t.Day()}
	return nil
}

// SeasonBounds are the first days of fall, winter and spring. Summer is the
// part of the school year before fall.
type SeasonBounds struct {
	Fall   MonthDay `json:"fall"`
	Winter MonthDay `json:"winter"`
	Spring MonthDay `json:"spring"`
}

// DefaultSeasonBounds are meteorological seasons: fall from September 1,
// winter from December 1, spring from March 1 (a library choice; districts
// set their own).
func DefaultSeasonBounds() SeasonBounds {
	return SeasonBounds{
		Fall:   MonthDay{time.September, 1},
		Winter: MonthDay{time.December, 1},
		Spring: MonthDay{time.March, 1},
	}
}

// Closure is a span of days when school is closed: a holiday or a break.
type Closure struct {
	From Date   `json:"from"`
	To   Date   `json:"to"` // inclusive; equal to From for one day
	Name string `json:"name,omitempty"`
}

// Calendar is a district's school calendar: its time zone, school week,
// daily hours, closures and season bounds. The zero value is not usable;
// build one with [NewCalendar] or decode one.
type Calendar struct {
	// TimeZone is an IANA time zone name such as "America/Los_Angeles".
	// "Local", "" and other names that do not name a zone of the IANA
	// database are refused: see [NewCalendar].
	TimeZone string `json:"time_zone"`
	// Week lists the school days of the week; empty means Monday–Friday.
	Week []time.Weekday `json:"week,omitempty"`
	// Hours is the daily school day, the default working day of educators.
	Hours Hours `json:"hours"`
	// Closures are holidays and breaks.
	Closures []Closure `json:"closures,omitempty"`
	// Seasons bound fall, winter and spring; zero means DefaultSeasonBounds.
	Seasons SeasonBounds `json:"seasons,omitzero"`

	loc *time.Location
}

// NewCalendar returns a calendar in the IANA time zone named tz with a
// Monday–Friday week, the given school hours and the default seasons.
//
// tz must name a zone of the IANA database, such as "America/Los_Angeles"
// or "UTC". [time.LoadLocation] also accepts "" (UTC), "Local" (the zone
// of the machine) and files of the system's zoneinfo folder that are not
// zones ("localtime", "posixrules", "posix/…", "./UTC"); a calendar refuses
// them all, so that judging a dataset gives the same answer on every
// machine.
func NewCalendar(tz string, hours Hours) (Calendar, error) {
	loc, err := loadZone(tz)
	if err != nil {
		return Calendar{}, fmt.Errorf("time zone: %w", err)
	}
	return Calendar{TimeZone: tz, Hours: hours, Seasons: DefaultSeasonBounds(), loc: loc}, nil
}

// LoadTimeZone resolves an IANA time zone name such as
// "America/Los_Angeles", refusing what would make a dataset mean different
// times on different machines: "", "Local", the lower-case files of a
// zoneinfo folder, folders ("America") and relative paths. It is the one
// test every reader of a zone name applies (calendars, imports, flags).
func LoadTimeZone(name string) (*time.Location, error) { return loadZone(name) }

func loadZone(name string) (*time.Location, error) {
	if !ianaName(name) {
		return nil, invalid("%q is not an IANA time zone name (want one such as \"America/Los_Angeles\")", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, invalid("unknown IANA time zone %q", name)
	}
	return loc, nil
}

// ianaName reports whether name is spelled like a zone of the IANA
// database: parts separated by single slashes, each starting with an
// upper-case ASCII letter and made of ASCII letters, digits, '_', '-' and
// '+' ("America/Port-au-Prince", "Etc/GMT+7", "EST5EDT"). The lower-case
// files of a zoneinfo folder ("localtime", "posixrules", "posix/…",
// "right/…", "zone.tab") and relative paths fail, and "Local", which
// time.LoadLocation reads as the machine's zone, is refused by name.
func ianaName(name string) bool {
	if name == "" || name == "Local" || len(name) > 255 {
		return false
	}
	for part := range strings.SplitSeq(name, "/") {
		if part == "" || part[0] < 'A' || part[0] > 'Z' {
			return false
		}
		for _, r := range part {
			switch {
			case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-', r == '+':
			default:
				return false
			}
		}
	}
	return true
}

// UnmarshalJSON decodes a calendar and resolves its time zone.
func (c *Calendar) UnmarshalJSON(b []byte) error {
	if c == nil {
		return nilInput("Calendar.UnmarshalJSON", "receiver")
	}
	type plain Calendar
	var p plain
	if err := strictUnmarshal(b, &p); err != nil {
		return err
	}
	*c = Calendar(p)
	if c.TimeZone == "" {
		return fieldErr("time_zone", ErrMissing)
	}
	loc, err := loadZone(c.TimeZone)
	if err != nil {
		return fieldErr("time_zone", err)
	}
	c.loc = loc
	return nil
}

// Location returns the calendar's time zone, or UTC if it is not a valid
// IANA zone (a decoded Calendar always has a valid one). It never returns
// the machine's zone.
func (c Calendar) Location() *time.Location {
	if c.loc != nil {
		return c.loc
	}
	if loc, err := loadZone(c.TimeZone); err == nil {
		return loc
	}
	return time.UTC
}

// Local returns t in the calendar's time zone.
func (c Calendar) Local(t time.Time) time.Time { return t.In(c.Location()) }

func (c Calendar) bounds() SeasonBounds {
	if c.Seasons == (SeasonBounds{}) {
		return DefaultSeasonBounds()
	}
	return c.Seasons
}

// resolve returns the first date on or after the start of y that falls on md.
func resolve(y SchoolYear, md MonthDay) Date {
	start := y.Start()
	d := NewDate(start.Year(), md.Month, md.Day)
	if d.Before(start) {
		d = NewDate(start.Year()+1, md.Month, md.Day)
	}
	return d
}

// Season returns the season of d within school year y. Days before fall are
// summer; days after the last day belong to the next summer.
func (c Calendar) Season(y SchoolYear, d Date) Season { return c.YearSeasons(y).Of(d) }

// YearSeasons are the seasons of one school year under a calendar, their
// first days resolved once: for a caller that asks the season of many
// dates of the year (a check asks it of every first and second visit).
// Make them with [Calendar.YearSeasons]; the zero YearSeasons places
// every recorded date in summer.
type YearSeasons struct {
	lastDay, fall, winter, spring Date
}

// YearSeasons returns the seasons of school year y.
func (c Calendar) YearSeasons(y SchoolYear) YearSeasons {
	b := c.bounds()
	return YearSeasons{lastDay: y.LastDay, fall: resolve(y, b.Fall), winter: resolve(y, b.Winter), spring: resolve(y, b.Spring)}
}

// Of returns the season of d: [Calendar.Season] of the year and calendar
// s was made from.
func (s YearSeasons) Of(d Date) Season {
	switch {
	case d.After(s.lastDay), d.Before(s.fall):
		return Summer
	case d.Before(s.winter):
		return Fall
	case d.Before(s.spring):
		return Winter
	}
	return Spring
}

// SeasonStart returns the first day of season s in school year y.
func (c Calendar) SeasonStart(y SchoolYear, s Season) Date {
	b := c.bounds()
	switch s {
	case Fall:
		return resolve(y, b.Fall)
	case Winter:
		return resolve(y, b.Winter)
	case Spring:
		return resolve(y, b.Spring)
	}
	return y.Start()
}

// Closed reports whether d falls in one of the calendar's closures.
func (c Calendar) Closed(d Date) bool {
	for _, cl := range c.Closures {
		if !d.Before(cl.From) && !d.After(cl.To) {
			return true
		}
	}
	return false
}

// SchoolDay reports whether d is a day of instruction in year y: between the
// first and last day, on a school weekday, and not closed.
func (c Calendar) SchoolDay(y SchoolYear, d Date) bool {
	if d.Before(y.FirstDay) || d.After(y.LastDay) || c.Closed(d) {
		return false
	}
	week := c.Week
	if len(week) == 0 {
		return d.Weekday() >= time.Monday && d.Weekday() <= time.Friday
	}
	return slices.Contains(week, d.Weekday())
}

// MinutesOutsideWorkingDay returns how many minutes of the span
// [start, start+d) fall outside an educator's working day: all of them on a
// day that is not a school day (weekends, holidays, summer), and the part
// outside working hours on a school day. hours is the educator's working
// day; pass the zero Hours to use the calendar's school hours. Core practice
// 2: "compensated for visits outside their school day".
func (c Calendar) MinutesOutsideWorkingDay(y SchoolYear, hours Hours, start time.Time, d time.Duration) int {
	if d <= 0 {
		return 0
	}
	if hours == (Hours{}) {
		hours = c.Hours
	}
	loc := c.Location()
	from := start.In(loc)
	end := from.Add(d)
	var outside time.Duration
	for from.Before(end) {
		day := DateOf(from)
		next := day.AddDays(1).In(loc, 0)
		if DateOf(next) != day.AddDays(1) {
			// Midnight does not exist in loc that day (clocks jump forward
			// at 00:00) and time.Date chose the hour before it: the next
			// day starts when the clocks jump.
			_, next = next.ZoneBounds()
		}
		segEnd := end
		if next.Before(segEnd) {
			segEnd = next
		}
		span := segEnd.Sub(from)
		if c.SchoolDay(y, day) {
			ws, we := day.In(loc, hours.Start), day.In(loc, hours.End)
			if hours.End >= 24*60 {
				we = next // 24:00 is the start of the next day, even when it has no midnight
			}
			lo, hi := maxTime(from, ws), minTime(segEnd, we)
			if hi.After(lo) {
				span -= hi.Sub(lo)
			}
		}
		outside += span
		from = segEnd
	}
	// Round up: a started minute of unpaid time is still unpaid time.
	// (Dividing first cannot overflow, whatever the span.)
	minutes := outside / time.Minute
	if outside%time.Minute > 0 {
		minutes++
	}
	return int(minutes)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
