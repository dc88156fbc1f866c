package ical

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/homevisits/pthv/internal/nilarg"
	"github.com/homevisits/pthv/model"
)

// Sentinel errors, for use with [errors.Is].
var (
	// ErrNoStamp: [Options.Stamp] is zero. The package reads no clock, so
	// the time the calendar is written must be given.
	ErrNoStamp = errors.New("ical: Options.Stamp is required (DTSTAMP)")
	// ErrNoContacts: IncludeContacts is set but no contacts are given.
	ErrNoContacts = errors.New("ical: IncludeContacts needs Options.Contacts")
	// ErrYearRange: a time to write falls outside the years 0001–9999, the
	// four-digit years of an RFC 5545 DATE-TIME.
	ErrYearRange = errors.New("ical: time outside the years 0001–9999")
)

// Options tune [Write].
type Options struct {
	// Stamp is the DTSTAMP of every event: when the calendar was written.
	// Required.
	Stamp time.Time
	// Domain makes UIDs globally unique: a visit's UID is its id, then
	// "@" and the domain. Empty means "pthv.invalid". UIDs depend only on
	// the visit id and the domain, so they stay the same across reschedules.
	Domain string
	// ProdID is the calendar's PRODID; empty means "-//pthv//schedule//EN".
	ProdID string
	// IncludeContacts adds the family's guardians' names, address and phone
	// from Contacts. Off by default: events carry ids and the kind of
	// location only, never a name or an address.
	IncludeContacts bool
	Contacts        *model.Contacts
}

// Write writes visits as an RFC 5545 calendar to w: a VCALENDAR with
// PRODID and VERSION, a VTIMEZONE for the calendar's time zone built from
// its transitions (STANDARD and DAYLIGHT observances) over the years of the
// visits, and one VEVENT per visit with a start:
//
//   - UID: the visit id and the domain, stable across reschedules;
//   - DTSTAMP: [Options.Stamp], in UTC;
//   - DTSTART and DTEND: local times with the calendar's TZID (DTEND is
//     left out when the duration is not recorded);
//   - SEQUENCE: the number of agreed changes — one per reschedule, one
//     more for a cancellation — so calendar programs apply the latest;
//   - STATUS: CANCELLED for a cancelled visit, TENTATIVE for a proposed
//     one, CONFIRMED otherwise;
//   - SUMMARY, LOCATION and DESCRIPTION: ids and the kind of location only,
//     unless IncludeContacts is set;
//   - LAST-MODIFIED: when the appointment was arranged, if recorded.
//
// Lines end in CRLF and are folded at 75 octets without splitting a UTF-8
// character; TEXT values are escaped. Visits with a zero start are skipped.
//
// Nothing is written, and the error says why, when w is nil (an error
// wrapping [model.ErrInvalid]), or when the stamp or a visit's start, end
// or arrangement falls outside the years 0001–9999 ([ErrYearRange]): the
// time zone is written year by year over the visits' years, and RFC 5545
// has four-digit years only.
func Write(w io.Writer, cal model.Calendar, visits []model.Visit, opt Options) error {
	if nilarg.Is(w) {
		return fmt.Errorf("ical: Write: nil writer: %w", model.ErrInvalid)
	}
	if opt.Stamp.IsZero() {
		return ErrNoStamp
	}
	if opt.IncludeContacts && opt.Contacts == nil {
		return ErrNoContacts
	}
	if !writable(opt.Stamp.UTC()) {
		return fmt.Errorf("%w: stamp %s", ErrYearRange, opt.Stamp.UTC().Format(time.RFC3339))
	}
	domain := opt.Domain
	if domain == "" {
		domain = "pthv.invalid"
	}
	prodID := opt.ProdID
	if prodID == "" {
		prodID = "-//pthv//schedule//EN"
	}
	loc := cal.Location()
	tzid := cal.TimeZone
	if tzid == "" {
		tzid = loc.String()
	}
	first, last := 0, 0
	for _, v := range visits {
		if v.Start.IsZero() {
			continue
		}
		if !writable(v.Start.In(loc)) || v.Duration > 0 && !writable(v.End().In(loc)) {
			return fmt.Errorf("%w: visit %q starts %s, lasts %s", ErrYearRange, v.ID, v.Start.Format(time.RFC3339), v.Duration)
		}
		if !v.ArrangedAt.IsZero() && !writable(v.ArrangedAt.UTC()) {
			return fmt.Errorf("%w: visit %q arranged %s", ErrYearRange, v.ID, v.ArrangedAt.Format(time.RFC3339))
		}
		y := v.Start.In(loc).Year()
		if first == 0 || y < first {
			first = y
		}
		if y > last {
			last = y
		}
	}
	contacts := map[model.FamilyID]model.FamilyContact{}
	if opt.IncludeContacts {
		for _, c := range opt.Contacts.Families {
			contacts[c.Family] = c
		}
	}
	lw := &lineWriter{w: bufio.NewWriter(w)}
	lw.line("BEGIN:VCALENDAR")
	lw.line("VERSION:2.0")
	lw.line("PRODID:" + escapeText(prodID))
	lw.line("CALSCALE:GREGORIAN")
	if first != 0 {
		writeTimezone(lw, tzid, loc, first, last)
	}
	stamp := opt.Stamp.UTC().Format("20060102T150405Z")
	for _, v := range visits {
		if v.Start.IsZero() {
			continue
		}
		lw.line("BEGIN:VEVENT")
		lw.line("UID:" + uid(v.ID, domain))
		lw.line("DTSTAMP:" + stamp)
		lw.line("DTSTART;TZID=" + paramValue(tzid) + ":" + v.Start.In(loc).Format("20060102T150405"))
		if v.Duration > 0 {
			lw.line("DTEND;TZID=" + paramValue(tzid) + ":" + v.End().In(loc).Format("20060102T150405"))
		}
		lw.line(fmt.Sprintf("SEQUENCE:%d", Sequence(v)))
		lw.line("STATUS:" + status(v.Status))
		c, hasContact := contacts[v.Family]
		lw.line("SUMMARY:" + escapeText(summary(v, c, hasContact)))
		lw.line("LOCATION:" + escapeText(location(v, c, hasContact)))
		lw.line("DESCRIPTION:" + escapeText(description(v, c, hasContact)))
		if !v.ArrangedAt.IsZero() {
			lw.line("LAST-MODIFIED:" + v.ArrangedAt.UTC().Format("20060102T150405Z"))
		}
		lw.line("END:VEVENT")
	}
	lw.line("END:VCALENDAR")
	if lw.err != nil {
		return lw.err
	}
	return lw.w.Flush()
}

// writable reports whether t's year has the four digits of a DATE-TIME.
func writable(t time.Time) bool { return t.Year() >= 1 && t.Year() <= 9999 }

// Sequence returns the SEQUENCE of a visit's event: its reschedules, plus
// one when it is cancelled.
func Sequence(v model.Visit) int {
	n := len(v.Reschedules)
	if v.Status == model.Cancelled {
		n++
	}
	return n
}

func status(s model.VisitStatus) string {
	switch s {
	case model.Cancelled:
		return "CANCELLED"
	case model.Proposed:
		return "TENTATIVE"
	}
	return "CONFIRMED"
}

// UID returns the UID of a visit's event: its id and the domain, with any
// character other than letters, digits and "-._~" percent-encoded. An
// empty domain means "pthv.invalid".
func UID(id model.VisitID, domain string) string {
	if domain == "" {
		domain = "pthv.invalid"
	}
	return uid(id, domain)
}

func uid(id model.VisitID, domain string) string { return safe(string(id)) + "@" + safe(domain) }

func safe(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

func kindLabel(k model.VisitKind) string {
	switch k {
	case model.FirstVisit:
		return "first visit"
	case model.SecondVisit:
		return "second visit"
	}
	return "visit"
}

func summary(v model.Visit, c model.FamilyContact, ok bool) string {
	s := "PTHV " + kindLabel(v.Kind) + ": family " + string(v.Family)
	if ok && len(c.Guardians) > 0 {
		names := make([]string, len(c.Guardians))
		for i, g := range c.Guardians {
			names[i] = g.Name
		}
		s = "PTHV " + kindLabel(v.Kind) + ": " + strings.Join(names, " and ") + " (family " + string(v.Family) + ")"
	}
	if v.Location.Kind != "" {
		s += " (" + string(v.Location.Kind) + ")"
	}
	return s
}

func location(v model.Visit, c model.FamilyContact, ok bool) string {
	if ok && c.Address != "" && (v.Location.Kind == model.Home || v.Location.Kind == "") {
		return c.Address
	}
	if v.Location.Kind == "" {
		return "not recorded"
	}
	return string(v.Location.Kind)
}

func description(v model.Visit, c model.FamilyContact, ok bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Visit %s (%s) for family %s", v.ID, kindLabel(v.Kind), v.Family)
	if len(v.Students) > 0 {
		b.WriteString("; students ")
		for i, s := range v.Students {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(string(s))
		}
	}
	if len(v.Visitors) > 0 {
		b.WriteString("; visitors ")
		for i, e := range v.Visitors {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(string(e))
		}
	}
	if v.Location.Kind != "" {
		fmt.Fprintf(&b, "; at %s", v.Location.Kind)
		if v.Location.RequestedBy != "" {
			fmt.Fprintf(&b, " requested by the %s", v.Location.RequestedBy)
		}
	}
	if n := len(v.Reschedules); n > 0 {
		fmt.Fprintf(&b, "; rescheduled %d time(s)", n)
	}
	if v.Status == model.Cancelled && v.CancelledBy != "" {
		fmt.Fprintf(&b, "; cancelled by the %s", v.CancelledBy)
	}
	if ok && c.Phone != "" {
		fmt.Fprintf(&b, "\nPhone: %s", c.Phone)
	}
	return b.String()
}

// writeTimezone writes the VTIMEZONE of loc for the years first..last: an
// observance in force at the start of the first year, then one per
// transition Go's time zone data knows in those years.
func writeTimezone(lw *lineWriter, tzid string, loc *time.Location, first, last int) {
	lw.line("BEGIN:VTIMEZONE")
	lw.line("TZID:" + paramSafe(tzid))
	t := time.Date(first, time.January, 1, 0, 0, 0, 0, loc)
	end := time.Date(last+1, time.January, 1, 0, 0, 0, 0, loc)
	name, off := t.Zone()
	observance(lw, t.IsDST(), t, off, off, name)
	for {
		_, next := t.ZoneBounds()
		if next.IsZero() || !next.Before(end) || !next.After(t) {
			break
		}
		_, from := t.Zone()
		name, to := next.Zone()
		observance(lw, next.IsDST(), next, from, to, name)
		t = next
	}
	lw.line("END:VTIMEZONE")
}

// observance writes one STANDARD or DAYLIGHT component starting at the
// instant at, written in local time of the offset before it (RFC 5545
// 3.6.5).
func observance(lw *lineWriter, dst bool, at time.Time, from, to int, name string) {
	kind := "STANDARD"
	if dst {
		kind = "DAYLIGHT"
	}
	lw.line("BEGIN:" + kind)
	lw.line("DTSTART:" + at.In(time.FixedZone("", from)).Format("20060102T150405"))
	lw.line("TZOFFSETFROM:" + offset(from))
	lw.line("TZOFFSETTO:" + offset(to))
	if name != "" {
		lw.line("TZNAME:" + escapeText(name))
	}
	lw.line("END:" + kind)
}

// offset formats seconds east of UTC as +HHMM (or +HHMMSS).
func offset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	h, m, s := sec/3600, sec/60%60, sec%60
	if s != 0 {
		return fmt.Sprintf("%c%02d%02d%02d", sign, h, m, s)
	}
	return fmt.Sprintf("%c%02d%02d", sign, h, m)
}

// paramValue writes a parameter value, quoted when it holds ":", ";" or ",".
func paramValue(s string) string {
	s = paramSafe(s)
	if strings.ContainsAny(s, ":;,") {
		return `"` + s + `"`
	}
	return s
}

// paramSafe drops what a parameter value cannot hold: double quotes and
// control characters.
func paramSafe(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if r == '"' || r < 0x20 && r != '\t' || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// escapeText escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon,
// comma and line breaks; other control characters are dropped and invalid
// UTF-8 is replaced.
func escapeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b.WriteString(`\\`)
		case ';':
			b.WriteString(`\;`)
		case ',':
			b.WriteString(`\,`)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case '\n':
			b.WriteString(`\n`)
		default:
			if c < 0x20 && c != '\t' || c == 0x7f {
				continue
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

// lineWriter writes content lines with CRLF endings, folded at 75 octets
// (RFC 5545 3.1) on UTF-8 character boundaries.
type lineWriter struct {
	w   *bufio.Writer
	err error
}

const maxOctets = 75

func (lw *lineWriter) line(s string) {
	if lw.err != nil {
		return
	}
	limit := maxOctets
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		lw.write(s[:cut])
		lw.write("\r\n ")
		s = s[cut:]
		limit = maxOctets - 1 // the leading space counts
	}
	lw.write(s)
	lw.write("\r\n")
}

func (lw *lineWriter) write(s string) {
	if lw.err == nil {
		_, lw.err = lw.w.WriteString(s)
	}
}
