package workbook

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/homevisits/pthv/model"
)

// Cells are guarded against formulas as the visit log guards them
// (internal/spreadsheet).

// listSep separates the items of a list cell (students, languages).
const listSep = ";"

func joinList[T ~string](items []T) string {
	s := make([]string, len(items))
	for i, it := range items {
		s[i] = string(it)
	}
	return strings.Join(s, listSep)
}

// maxCell is the most characters a spreadsheet cell holds.
const maxCell = 32767

// unwritableText says why s cannot sit in a cell and read back the same,
// or returns "".
func unwritableText(s string) string {
	switch {
	case !utf8.ValidString(s):
		return "it is not valid UTF-8"
	case utf8.RuneCountInString(s) > maxCell:
		return fmt.Sprintf("it is longer than the %d characters a cell holds", maxCell)
	case strings.Contains(s, "\r\n"):
		return "it holds a CRLF line break, which CSV reads back as LF"
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			return fmt.Sprintf("it holds the control character %U", r)
		}
	}
	return ""
}

// unwritableItem says why s cannot be an item of a list cell, or "".
func unwritableItem(s string) string {
	switch {
	case s == "":
		return "an empty item in a list"
	case strings.Contains(s, listSep):
		return fmt.Sprintf("%q holds the list separator %q", s, listSep)
	case strings.TrimSpace(s) != s:
		return fmt.Sprintf("%q starts or ends with a space", s)
	}
	return unwritableText(s)
}

// wall is a local date and time of day as a cell shows it, with no time
// zone: the fields a spreadsheet date cell holds.
type wall struct {
	year, month, day     int
	hour, minute, second int
	hasDate, hasClock    bool
}

func wallOf(t time.Time) wall {
	y, m, d := t.Date()
	return wall{year: y, month: int(m), day: d, hour: t.Hour(), minute: t.Minute(), second: t.Second(), hasDate: true, hasClock: true}
}

func (w wall) midnight() bool { return w.hour == 0 && w.minute == 0 && w.second == 0 }

func (w wall) date() string { return fmt.Sprintf("%04d-%02d-%02d", w.year, w.month, w.day) }

// clock writes the time of day to the minute, with seconds only when
// there are some, as the visit log does.
func (w wall) clock() string {
	if w.second != 0 {
		return fmt.Sprintf("%02d:%02d:%02d", w.hour, w.minute, w.second)
	}
	return fmt.Sprintf("%02d:%02d", w.hour, w.minute)
}

func (w wall) dateTime() string { return w.date() + " " + w.clock() }

// parseWall reads the date and time forms spreadsheets write: 2025-09-12,
// 2025-09-12 16:30, 2025-09-12 16:30:00 (or with a T), 16:30 and
// 16:30:00. Surrounding spaces are ignored. It checks the fields' ranges
// but not the time zone.
func parseWall(s string) (wall, bool) {
	s = strings.TrimSpace(s)
	var w wall
	datePart, clockPart := s, ""
	if i := strings.IndexAny(s, " T"); i >= 0 {
		datePart, clockPart = s[:i], strings.TrimLeft(s[i+1:], " ")
	} else if strings.Contains(s, ":") {
		datePart, clockPart = "", s
	}
	if datePart != "" {
		if len(datePart) != 10 || datePart[4] != '-' || datePart[7] != '-' {
			return wall{}, false
		}
		y, ok1 := digits(datePart[0:4])
		m, ok2 := digits(datePart[5:7])
		d, ok3 := digits(datePart[8:10])
		if !ok1 || !ok2 || !ok3 || y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
			return wall{}, false
		}
		w.year, w.month, w.day, w.hasDate = y, m, d, true
	}
	if clockPart != "" {
		if len(clockPart) != 5 && len(clockPart) != 8 || clockPart[2] != ':' || len(clockPart) == 8 && clockPart[5] != ':' {
			return wall{}, false
		}
		h, ok1 := digits(clockPart[0:2])
		mi, ok2 := digits(clockPart[3:5])
		sec, ok3 := 0, true
		if len(clockPart) == 8 {
			sec, ok3 = digits(clockPart[6:8])
		}
		if !ok1 || !ok2 || !ok3 || h > 23 || mi > 59 || sec > 59 {
			return wall{}, false
		}
		w.hour, w.minute, w.second, w.hasClock = h, mi, sec, true
	}
	return w, w.hasDate || w.hasClock
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, s != ""
}

func daysIn(y, m int) int { return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day() }

// The serial numbers spreadsheets keep dates as: days since 1899-12-30,
// the time of day as the fraction. Serials before 1900-03-01 are off by
// one in Excel (it counts a 29 February 1900), so they are refused.
var (
	epoch1900 = time.Date(1899, time.December, 30, 0, 0, 0, 0, time.UTC)
	epoch1904 = time.Date(1904, time.January, 1, 0, 0, 0, 0, time.UTC)
)

const (
	firstSerial = 61      // 1900-03-01
	lastSerial  = 2958466 // 10000-01-01
)

// serialOf returns the serial of a wall time: a date with its time of
// day, or a time of day alone as a fraction of a day.
func serialOf(w wall) float64 {
	secs := float64(w.hour*3600 + w.minute*60 + w.second)
	if !w.hasDate {
		return secs / 86400
	}
	days := time.Date(w.year, time.Month(w.month), w.day, 0, 0, 0, 0, time.UTC).Sub(epoch1900).Hours() / 24
	return math.Round(days) + secs/86400
}

// wallOfSerial reads a serial number to the nearest second. A serial
// below 1 is a time of day alone. epoch is the workbook's date system.
func wallOfSerial(x float64, epoch time.Time) (wall, bool) {
	if math.IsNaN(x) || x < 0 || x >= lastSerial {
		return wall{}, false
	}
	secs := int64(math.Round(x * 86400))
	if x < 1 {
		if secs >= 86400 {
			secs = 86399
		}
		return wall{hour: int(secs / 3600), minute: int(secs / 60 % 60), second: int(secs % 60), hasClock: true}, true
	}
	if epoch.Equal(epoch1900) && x < firstSerial {
		return wall{}, false
	}
	w := wallOf(epoch.Add(time.Duration(secs) * time.Second))
	w.hasClock = secs%86400 != 0
	return w, true
}

// instant is the instant a wall time names in loc, and whether that time
// exists there (not in a spring-forward gap).
func (w wall) instant(loc *time.Location) (time.Time, bool) {
	t := time.Date(w.year, time.Month(w.month), w.day, w.hour, w.minute, w.second, 0, loc)
	got := wallOf(t)
	return t, got.year == w.year && got.month == w.month && got.day == w.day && got.hour == w.hour && got.minute == w.minute
}

// fmtMinute writes an instant as its local date and time to the minute,
// the precision of the workbook's instants; the zero time is an empty
// cell.
func fmtMinute(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	w := wallOf(t.In(loc))
	w.second = 0
	return w.dateTime()
}

func fmtDate(d model.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func fmtYesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func fmtCents(c int64) string { return fmt.Sprintf("%d.%02d", c/100, c%100) }

// sameMinute keeps a dataset's instant when a cell shows it unchanged:
// the cell holds its local date and time to the minute, so the seconds
// the dataset may have stay, and so does which of the two 01:30s of the
// night the clocks fall back it was. Otherwise it returns the cell's
// instant.
func sameMinute(old, cell time.Time, loc *time.Location) time.Time {
	if !old.IsZero() && fmtMinute(old, loc) == fmtMinute(cell, loc) {
		return old
	}
	return cell
}

// parseAmount reads dollars and cents ("26.67", "30", or a number cell's
// 26.670000000000002) as cents.
func parseAmount(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || x < 0 || x > 1e12 || strings.ContainsAny(s, "eExXpP_") {
		return 0, false
	}
	cents := math.Round(x * 100)
	if math.Abs(cents-x*100) > 1e-6*math.Max(1, cents) {
		return 0, false
	}
	return int64(cents), true
}

// parseCount reads a whole number of at most a million ("45", or a
// number cell's 45.0).
func parseCount(s string) (int, bool) {
	s = strings.TrimSpace(s)
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || x != math.Trunc(x) || x < 0 || x > 1e6 || strings.ContainsAny(s, "eExXpP_") {
		return 0, false
	}
	return int(x), true
}
