package model

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The fast writer: the records of the large sections are written by
// hand-written code, and the rest of the dataset by encoding/json, as
// before; the output is byte for byte what encoding/json alone writes
// (TestFastWriterWritesAsEncodingJSON), written as it is made instead of
// whole into memory first. Anything encoding/json would refuse — a time
// it cannot write as RFC 3339, a number that is not finite — is found
// before a byte is written, and then encoding/json alone writes, or
// fails as it always did.

// writer writes JSON to w through a buffer, compact or indented as
// json.Encoder.SetIndent("", "  ") indents.
type writer struct {
	w      io.Writer
	b      []byte
	err    error
	indent bool
	// open holds, for each object or array being written, whether it has
	// an element yet.
	open []bool
}

// flushAt is the buffer size past which the writer writes to w.
const flushAt = 64 << 10

func (e *writer) flush() {
	if e.err == nil && len(e.b) > 0 {
		_, e.err = e.w.Write(e.b)
	}
	e.b = e.b[:0]
}

// newline starts a line at the current depth.
func (e *writer) newline() {
	e.b = append(e.b, '\n')
	for range len(e.open) {
		e.b = append(e.b, ' ', ' ')
	}
}

// next starts an element of the innermost object or array.
func (e *writer) next() {
	top := &e.open[len(e.open)-1]
	if *top {
		e.b = append(e.b, ',')
	}
	*top = true
	if e.indent {
		e.newline()
	}
}

func (e *writer) begin(c byte) {
	e.b = append(e.b, c)
	e.open = append(e.open, false)
}

func (e *writer) end(c byte) {
	had := e.open[len(e.open)-1]
	e.open = e.open[:len(e.open)-1]
	if had && e.indent {
		e.newline()
	}
	e.b = append(e.b, c)
}

// key starts a member of the innermost object.
func (e *writer) key(k string) {
	e.next()
	e.b = append(e.b, '"')
	e.b = append(e.b, k...)
	e.b = append(e.b, '"', ':')
	if e.indent {
		e.b = append(e.b, ' ')
	}
}

// str writes s as encoding/json does with HTML escaping off.
func (e *writer) str(s string) {
	e.b = appendJSONString(e.b, s)
}

func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

func (e *writer) int(n int64) { e.b = strconv.AppendInt(e.b, n, 10) }

func (e *writer) bool(v bool) { e.b = strconv.AppendBool(e.b, v) }

// time writes t as time.Time.MarshalJSON does; writable checked it can.
func (e *writer) time(t time.Time) {
	e.b = append(e.b, '"')
	e.b, _ = t.AppendText(e.b)
	e.b = append(e.b, '"')
}

// text writes the text of a value that marshals itself as text.
func (e *writer) text(v interface{ AppendText([]byte) ([]byte, error) }) {
	e.b = append(e.b, '"')
	e.b, _ = v.AppendText(e.b)
	e.b = append(e.b, '"')
}

func (e *writer) clock(c Clock) {
	if c < 0 || c >= 100*60 {
		e.str(c.String())
		return
	}
	h, m := int(c)/60, int(c)%60
	e.b = append(e.b, '"', byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), '"')
}

// strList writes a non-empty list of strings under key, as omitempty does.
func strList[T ~string](e *writer, key string, v []T) {
	if len(v) == 0 {
		return
	}
	e.key(key)
	e.begin('[')
	for _, s := range v {
		e.next()
		e.str(string(s))
	}
	e.end(']')
}

// optStr writes a non-empty string under key, as omitempty does.
func optStr[T ~string](e *writer, key string, v T) {
	if v != "" {
		e.key(key)
		e.str(string(v))
	}
}

func (e *writer) windows(key string, ws []Window) {
	if len(ws) == 0 {
		return
	}
	e.key(key)
	e.begin('[')
	for _, w := range ws {
		e.next()
		e.begin('{')
		e.key("weekday")
		e.int(int64(w.Weekday))
		e.key("start")
		e.clock(w.Start)
		e.key("end")
		e.clock(w.End)
		e.end('}')
	}
	e.end(']')
}

func (e *writer) class(c *Class) {
	e.begin('{')
	e.key("id")
	e.str(string(c.ID))
	e.key("school")
	e.str(string(c.School))
	optStr(e, "name", c.Name)
	if c.Grade != nil {
		e.key("grade")
		e.int(int64(*c.Grade))
	}
	strList(e, "teachers", c.Teachers)
	e.end('}')
}

func (e *writer) educator(v *Educator) {
	e.begin('{')
	e.key("id")
	e.str(string(v.ID))
	optStr(e, "school", v.School)
	e.key("role")
	e.str(string(v.Role))
	e.key("position")
	e.str(string(v.Position))
	strList(e, "languages", v.Languages)
	if len(v.Trainings) > 0 {
		e.key("trainings")
		e.begin('[')
		for _, t := range v.Trainings {
			e.next()
			e.begin('{')
			e.key("date")
			e.text(t.Date)
			e.key("kind")
			e.str(string(t.Kind))
			e.end('}')
		}
		e.end(']')
	}
	strList(e, "opt_ins", v.OptIns)
	if len(v.Stipends) > 0 {
		e.key("stipends")
		e.begin('[')
		for _, s := range v.Stipends {
			e.next()
			e.begin('{')
			e.key("year")
			e.str(string(s.Year))
			e.key("amount_cents")
			e.int(s.AmountCents)
			e.key("source")
			e.str(string(s.Source))
			e.end('}')
		}
		e.end(']')
	}
	if h := v.WorkingHours; h != nil {
		e.key("working_hours")
		e.begin('{')
		e.key("start")
		e.clock(h.Start)
		e.key("end")
		e.clock(h.End)
		e.end('}')
	}
	e.windows("availability", v.Availability)
	strList(e, "prefer", v.Prefer)
	strList(e, "avoid", v.Avoid)
	e.end('}')
}

func (e *writer) student(s *Student) {
	e.begin('{')
	e.key("id")
	e.str(string(s.ID))
	e.key("school")
	e.str(string(s.School))
	e.key("grade")
	e.int(int64(s.Grade))
	e.key("family")
	e.str(string(s.Family))
	strList(e, "classes", s.Classes)
	strList(e, "teachers", s.Teachers)
	if len(s.Attributes) > 0 {
		e.key("attributes")
		e.begin('{')
		// In key order, as encoding/json writes a map.
		var small [8]string
		keys := small[:0]
		for k := range s.Attributes {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			e.next()
			e.str(k)
			e.b = append(e.b, ':')
			if e.indent {
				e.b = append(e.b, ' ')
			}
			e.str(s.Attributes[k])
		}
		e.end('}')
	}
	e.end('}')
}

func (e *writer) family(f *Family) {
	e.begin('{')
	e.key("id")
	e.str(string(f.ID))
	strList(e, "languages", f.Languages)
	if f.NeedsInterpreter {
		e.key("needs_interpreter")
		e.bool(true)
	}
	optStr(e, "location_preference", f.LocationPreference)
	e.windows("availability", f.Availability)
	e.end('}')
}

func (e *writer) invitation(inv *Invitation) {
	e.begin('{')
	e.key("id")
	e.str(string(inv.ID))
	e.key("family")
	e.str(string(inv.Family))
	strList(e, "students", inv.Students)
	optStr(e, "origin", inv.Origin)
	optStr(e, "kind", inv.Kind)
	e.key("sent_at")
	e.time(inv.SentAt)
	optStr(e, "year", inv.Year)
	optStr(e, "by", inv.By)
	optStr(e, "plan", inv.Plan)
	optStr(e, "method", inv.Method)
	strList(e, "criteria", inv.Criteria)
	if len(inv.ContactAttempts) > 0 {
		e.key("contact_attempts")
		e.begin('[')
		for _, t := range inv.ContactAttempts {
			e.next()
			e.time(t)
		}
		e.end(']')
	}
	optStr(e, "response", inv.Response)
	if !inv.RespondedAt.IsZero() {
		e.key("responded_at")
		e.time(inv.RespondedAt)
	}
	e.end('}')
}

func (e *writer) visit(v *Visit) {
	e.begin('{')
	e.key("id")
	e.str(string(v.ID))
	strList(e, "students", v.Students)
	e.key("family")
	e.str(string(v.Family))
	optStr(e, "kind", v.Kind)
	e.key("status")
	e.str(string(v.Status))
	optStr(e, "cancelled_by", v.CancelledBy)
	if !v.ArrangedAt.IsZero() {
		e.key("arranged_at")
		e.time(v.ArrangedAt)
	}
	if len(v.Reschedules) > 0 {
		e.key("reschedules")
		e.begin('[')
		for _, r := range v.Reschedules {
			e.next()
			e.begin('{')
			e.key("at")
			e.time(r.At)
			e.key("from_start")
			e.time(r.FromStart)
			optStr(e, "by", r.By)
			e.end('}')
		}
		e.end(']')
	}
	e.key("start")
	e.time(v.Start)
	if v.Duration != 0 {
		e.key("duration")
		e.str(v.Duration.String())
	}
	if v.Location != (Location{}) {
		e.key("location")
		e.begin('{')
		e.key("kind")
		e.str(string(v.Location.Kind))
		optStr(e, "requested_by", v.Location.RequestedBy)
		e.end('}')
	}
	strList(e, "visitors", v.Visitors)
	if len(v.Interpreters) > 0 {
		e.key("interpreters")
		e.begin('[')
		for _, in := range v.Interpreters {
			e.next()
			e.begin('{')
			optStr(e, "id", in.ID)
			strList(e, "languages", in.Languages)
			optStr(e, "educator", in.Educator)
			e.end('}')
		}
		e.end(']')
	}
	if len(v.Topics) > 0 {
		e.key("topics")
		e.begin('[')
		for _, t := range v.Topics {
			e.next()
			e.begin('{')
			e.key("kind")
			e.str(string(t.Kind))
			optStr(e, "raised_by", t.RaisedBy)
			e.end('}')
		}
		e.end(']')
	}
	if v.ReferencesFirst != nil {
		e.key("references_first")
		e.bool(*v.ReferencesFirst)
	}
	if r := v.Reflection; r != nil {
		e.key("reflection")
		e.begin('{')
		e.key("at")
		e.time(r.At)
		strList(e, "by", r.By)
		if r.CoveredBias != nil {
			e.key("covered_bias")
			e.bool(*r.CoveredBias)
		}
		e.end('}')
	}
	if len(v.Compensation) > 0 {
		e.key("compensation")
		e.begin('[')
		for _, c := range v.Compensation {
			e.next()
			e.begin('{')
			e.key("educator")
			e.str(string(c.Educator))
			e.key("minutes_outside")
			e.int(int64(c.MinutesOutside))
			if c.AmountCents != 0 {
				e.key("amount_cents")
				e.int(c.AmountCents)
			}
			optStr(e, "source", c.Source)
			if c.Stipend {
				e.key("stipend")
				e.bool(true)
			}
			e.end('}')
		}
		e.end(']')
	}
	e.end('}')
}

func (e *writer) communication(m *Communication) {
	e.begin('{')
	e.key("id")
	e.str(string(m.ID))
	e.key("family")
	e.str(string(m.Family))
	e.key("at")
	e.time(m.At)
	e.key("direction")
	e.str(string(m.Direction))
	optStr(e, "channel", m.Channel)
	optStr(e, "educator", m.Educator)
	e.end('}')
}

// writeList writes a section's records under key.
func writeList[T any](e *writer, key string, recs []T, rec func(*writer, *T)) {
	e.key(key)
	e.begin('[')
	for i := range recs {
		e.next()
		rec(e, &recs[i])
		if len(e.b) >= flushAt {
			e.flush()
		}
	}
	e.end(']')
}

// encodeFast writes out as EncodeDataset does and reports whether it
// could; when it could not, it has written nothing.
func encodeFast(w io.Writer, out *Dataset, opt EncodeOptions) (ok bool, err error) {
	if !writable(out) {
		return false, nil
	}
	// The sections written by hand, in the dataset's field order; the
	// rest is encoding/json's, written with them left out.
	hot := map[string]func(*writer){}
	rest := *out
	add := func(key string, n int, write func(*writer)) {
		if n > 0 {
			hot[key] = write
		}
	}
	add("classes", len(out.Classes), func(e *writer) { writeList(e, "classes", out.Classes, (*writer).class) })
	add("educators", len(out.Educators), func(e *writer) { writeList(e, "educators", out.Educators, (*writer).educator) })
	add("students", len(out.Students), func(e *writer) { writeList(e, "students", out.Students, (*writer).student) })
	add("families", len(out.Families), func(e *writer) { writeList(e, "families", out.Families, (*writer).family) })
	add("invitations", len(out.Invitations), func(e *writer) {
		writeList(e, "invitations", out.Invitations, (*writer).invitation)
	})
	add("visits", len(out.Visits), func(e *writer) { writeList(e, "visits", out.Visits, (*writer).visit) })
	add("communications", len(out.Communications), func(e *writer) {
		writeList(e, "communications", out.Communications, (*writer).communication)
	})
	rest.Classes, rest.Educators, rest.Students, rest.Families = nil, nil, nil, nil
	rest.Invitations, rest.Visits, rest.Communications = nil, nil, nil

	var raw bytes.Buffer
	if encodeSlow(&raw, &rest, EncodeOptions{IncludeContacts: opt.IncludeContacts, Compact: true}) != nil {
		return false, nil
	}
	members, okScan := topMembers(raw.Bytes())
	if !okScan {
		return false, nil
	}
	rank := fieldRanks()
	for key := range hot {
		members = append(members, member{key: key})
	}
	slices.SortStableFunc(members, func(a, b member) int { return rank(a.key) - rank(b.key) })

	e := &writer{w: w, b: make([]byte, 0, 2*flushAt), indent: !opt.Compact}
	e.begin('{')
	for _, m := range members {
		if write, ok := hot[m.key]; ok && m.value == nil {
			write(e)
			continue
		}
		e.key(m.key)
		if e.indent {
			var ind bytes.Buffer
			if json.Indent(&ind, m.value, "  ", "  ") != nil {
				return false, nil // cannot happen: encoding/json wrote it
			}
			e.b = append(e.b, ind.Bytes()...)
		} else {
			e.b = append(e.b, m.value...)
		}
	}
	e.end('}')
	e.b = append(e.b, '\n')
	e.flush()
	return true, e.err
}

// member is one top-level key of a dataset as encoding/json wrote it.
type member struct {
	key   string
	value []byte
}

// topMembers splits a compact JSON object into its members.
func topMembers(data []byte) ([]member, bool) {
	s := &scanner{data: data}
	var out []member
	ok := s.object(func(k []byte) bool {
		s.ws()
		start := s.pos
		if !s.skip() {
			return false
		}
		out = append(out, member{key: string(k), value: data[start:s.pos]})
		return true
	})
	return out, ok
}

// fieldRanks returns the position of each top-level key in the order
// encoding/json writes a dataset: the sections EncodeDataset spells out,
// then the dataset's fields in order.
func fieldRanks() func(key string) int {
	first := []string{"format", "district", "year", "calendar", "policy"}
	typ := reflect.TypeFor[Dataset]()
	return func(key string) int {
		if i := slices.Index(first, key); i >= 0 {
			return i
		}
		for i := range typ.NumField() {
			if name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ","); name == key {
				return len(first) + i
			}
		}
		return len(first) + typ.NumField()
	}
}

// writable reports whether every time of the large sections can be
// written as RFC 3339, as time.Time.MarshalJSON requires.
func writable(ds *Dataset) bool {
	ok := func(t time.Time) bool {
		if y := t.Year(); y < 0 || y > 9999 {
			return false
		}
		_, off := t.Zone()
		return off > -24*3600 && off < 24*3600
	}
	for i := range ds.Invitations {
		inv := &ds.Invitations[i]
		if !ok(inv.SentAt) || !ok(inv.RespondedAt) {
			return false
		}
		for _, t := range inv.ContactAttempts {
			if !ok(t) {
				return false
			}
		}
	}
	for i := range ds.Visits {
		v := &ds.Visits[i]
		if !ok(v.Start) || !ok(v.ArrangedAt) || v.Reflection != nil && !ok(v.Reflection.At) {
			return false
		}
		for _, r := range v.Reschedules {
			if !ok(r.At) || !ok(r.FromStart) {
				return false
			}
		}
	}
	for i := range ds.Communications {
		if !ok(ds.Communications[i].At) {
			return false
		}
	}
	return true
}
