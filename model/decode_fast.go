package model

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
	"math/bits"
	"time"
	"unicode/utf8"
)

// The fast reader: the records of the large sections (classes, educators,
// students, families, invitations, visits, communications) are read
// straight from the bytes by hand-written code, without reflection, and
// the other sections by the same encoding/json calls as the slow reader,
// one section at a time. It reads only what the slow reader would read to
// the same values: a JSON form it does not handle exactly — an escaped
// key, a duplicate field, a null inside a record, a number where the slow
// reader would fail — and every error make it decline, and DecodeDataset
// then reads the whole input again the slow way, which names the error.
// So the fast reader never needs an error message of its own, and both
// readers give the same dataset or the same error for every input
// (TestFastReaderAgreesWithSlow, FuzzFastReader).

// scanner reads JSON from data at pos. Its methods return false when the
// input is not what they read, leaving pos anywhere.
type scanner struct {
	data []byte
	pos  int
	*scanState
}

// ws skips JSON white space.
func (s *scanner) ws() {
	d, i := s.data, s.pos
	for i < len(d) && (d[i] == ' ' || d[i] == '\n' || d[i] == '\t' || d[i] == '\r') {
		i++
	}
	s.pos = i
}

// eat skips white space and then c, reporting whether c was there.
func (s *scanner) eat(c byte) bool {
	s.ws()
	if s.pos < len(s.data) && s.data[s.pos] == c {
		s.pos++
		return true
	}
	return false
}

// peek skips white space and returns the next byte, or 0 at the end.
func (s *scanner) peek() byte {
	s.ws()
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

// stringStop marks the bytes that end the plain run of a JSON string: the
// quote, the backslash, control characters and the bytes of non-ASCII
// characters.
var stringStop = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c == '"' || c == '\\' || c < 0x20 || c >= 0x80
	}
	return t
}()

// str reads a JSON string. raw is the string with its quotes as it stands
// in the input; plain reports that its contents, raw[1:len(raw)-1], are
// its value: no escape and valid UTF-8.
func (s *scanner) str() (raw []byte, plain, ok bool) {
	s.ws()
	d, i := s.data, s.pos
	if i >= len(d) || d[i] != '"' {
		return nil, false, false
	}
	start := i
	i++
	plain = true
	ascii := true
	for i < len(d) {
		i = skipPlain(d, i)
		if i >= len(d) {
			break
		}
		c := d[i]
		switch {
		case c == '"':
			raw = d[start : i+1]
			s.pos = i + 1
			if !ascii && !utf8.Valid(raw) {
				plain = false
			}
			return raw, plain, true
		case c == '\\':
			plain = false
			if i+1 >= len(d) {
				return nil, false, false
			}
			switch d[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(d) || !isHex(d[i+2]) || !isHex(d[i+3]) || !isHex(d[i+4]) || !isHex(d[i+5]) {
					return nil, false, false
				}
				i += 6
			default:
				return nil, false, false
			}
		case c < 0x20:
			return nil, false, false
		default:
			ascii = false
			i++
		}
	}
	return nil, false, false
}

// skipPlain returns the offset of the first byte at or after i that
// stringStop marks, or len(d). Strings are most of a dataset's bytes, so
// it looks at eight bytes at a time while eight remain (stopBytes), and
// at the rest one by one.
func skipPlain(d []byte, i int) int {
	for ; i+8 <= len(d); i += 8 {
		if m := stopBytes(binary.LittleEndian.Uint64(d[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for i < len(d) && !stringStop[d[i]] {
		i++
	}
	return i
}

// stopBytes sets the high bit of the bytes of x, eight bytes read
// little-endian, that stringStop marks: a quote or backslash (a byte that
// is zero once xored with it, found by subtracting one), a control
// character (below 0x20, found by subtracting 0x20) or a byte of 0x80 and
// up (its own high bit). A subtraction that borrows from a marked byte may
// also set the bit of a byte after it, so only the lowest set bit is
// exact: the first byte to stop at. Every false mark from a subtraction
// that does not borrow lands on a byte of 0x80 and up, marked anyway.
func stopBytes(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q, b := x^(ones*'"'), x^(ones*'\\')
	return ((q - ones) | (b - ones) | (x - ones*0x20) | x) & highs
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// text reads a JSON string and returns its value as bytes, unquoting it
// as encoding/json does when it has escapes or invalid UTF-8.
func (s *scanner) text() ([]byte, bool) {
	s.ws()
	if v, end, ok := plainASCII(s.data, s.pos); ok {
		s.pos = end
		return v, true
	}
	return s.textAny()
}

// plainASCII reads the string at i when it is all ASCII without an
// escape or a control character, as nearly every string of a dataset
// is: its contents, its value, and the offset after its closing quote.
// Any other string, or none, is false, and left to str.
func plainASCII(d []byte, i int) (v []byte, end int, ok bool) {
	if i >= len(d) || d[i] != '"' {
		return nil, 0, false
	}
	j := skipPlain(d, i+1)
	if j >= len(d) || d[j] != '"' {
		return nil, 0, false
	}
	return d[i+1 : j], j + 1, true
}

// textAny is text for any string: str, then encoding/json's unquoting
// when it is not plain. text's oracle.
func (s *scanner) textAny() ([]byte, bool) {
	raw, plain, ok := s.str()
	if !ok {
		return nil, false
	}
	if plain {
		return raw[1 : len(raw)-1], true
	}
	var v string
	if json.Unmarshal(raw, &v) != nil {
		return nil, false
	}
	return []byte(v), true
}

// key reads an object key and its colon. Only plain keys are read: an
// escaped key may still name a field, and the slow reader decides.
func (s *scanner) key() ([]byte, bool) {
	s.ws()
	if k, end, ok := plainASCII(s.data, s.pos); ok && end < len(s.data) && s.data[end] == ':' {
		s.pos = end + 1
		return k, true
	}
	return s.keyAny()
}

// keyAny is key for any string, then white space and the colon: key's
// oracle.
func (s *scanner) keyAny() ([]byte, bool) {
	raw, plain, ok := s.str()
	if !ok || !plain || !s.eat(':') {
		return nil, false
	}
	return raw[1 : len(raw)-1], true
}

// object reads a JSON object, calling field with each key; field reads the
// value. seen collects the fields field reports, to decline a field that
// appears twice (encoding/json would merge or overwrite). An extension
// member (a key starting with [ExtensionPrefix]) is passed over, as the
// slow reader's dropExtensions blanks it: the maps whose keys are data
// are not read through object.
func (s *scanner) object(field func(key []byte) bool) bool {
	if !s.eat('{') {
		return false
	}
	if s.eat('}') {
		return true
	}
	for {
		k, ok := s.key()
		if !ok {
			return false
		}
		if bytes.HasPrefix(k, []byte(ExtensionPrefix)) {
			ok = s.extension()
		} else {
			ok = field(k)
		}
		if !ok {
			return false
		}
		if !s.eat(',') {
			return s.eat('}')
		}
	}
}

// extension passes over the value of an extension member. The value must
// be JSON as encoding/json reads it, or the slow reader, which keeps a
// member it cannot read whole, would not blank it and would fail.
func (s *scanner) extension() bool {
	s.ws()
	start := s.pos
	return s.skip() && json.Valid(s.data[start:s.pos])
}

// once records bit in *seen and reports whether it was new.
func once(seen *uint32, bit uint32) bool {
	if *seen&bit != 0 {
		return false
	}
	*seen |= bit
	return true
}

// array reads a JSON array, calling elem for each element. An empty array
// reports n == 0.
func (s *scanner) array(elem func() bool) (n int, ok bool) {
	if !s.eat('[') {
		return 0, false
	}
	if s.eat(']') {
		return 0, true
	}
	for {
		if !elem() {
			return 0, false
		}
		n++
		if !s.eat(',') {
			return n, s.eat(']')
		}
	}
}

// integer reads a JSON number that is an integer without fraction or
// exponent and fits in an int64; other numbers fail, as they fail (or
// are rounded) in the slow reader's integer fields.
func (s *scanner) integer() (int64, bool) {
	s.ws()
	d, i := s.data, s.pos
	neg := i < len(d) && d[i] == '-'
	if neg {
		i++
	}
	start := i
	var n uint64
	for i < len(d) && '0' <= d[i] && d[i] <= '9' {
		if n > (math.MaxUint64-9)/10 {
			return 0, false
		}
		n = n*10 + uint64(d[i]-'0')
		i++
	}
	digits := i - start
	if digits == 0 || digits > 1 && d[start] == '0' || digits > 19 {
		return 0, false
	}
	if i < len(d) && (d[i] == '.' || d[i] == 'e' || d[i] == 'E') {
		return 0, false
	}
	s.pos = i
	switch {
	case !neg && n <= math.MaxInt64:
		return int64(n), true
	case neg && n <= math.MaxInt64+1:
		return int64(-n), true
	}
	return 0, false
}

func (s *scanner) int(p *int) bool {
	n, ok := s.integer()
	*p = int(n)
	return ok && int64(int(n)) == n
}

func (s *scanner) boolean(p *bool) bool {
	s.ws()
	d := s.data[s.pos:]
	switch {
	case bytes.HasPrefix(d, []byte("true")):
		*p, s.pos = true, s.pos+4
	case bytes.HasPrefix(d, []byte("false")):
		*p, s.pos = false, s.pos+5
	default:
		return false
	}
	return true
}

// fresh reads a string that is seldom repeated, such as a record's id.
func fresh[T ~string](s *scanner, p *T) bool {
	b, ok := s.text()
	*p = T(b)
	return ok
}

// shared reads a string that repeats, such as a reference to another record,
// sharing one copy between nearby records.
func shared[T ~string](s *scanner, p *T) bool {
	b, ok := s.text()
	*p = T(s.intern(b))
	return ok
}

// refList reads an array of repeated strings into one slice of the slab.
func refList[T ~string](s *scanner, p *[]T, sl *slab[T]) bool {
	start := len(sl.tmp)
	n, ok := s.array(func() bool {
		b, ok := s.text()
		sl.tmp = append(sl.tmp, T(s.intern(b)))
		return ok
	})
	if ok {
		*p = sl.take(sl.tmp[start:])
	}
	sl.tmp = sl.tmp[:start]
	_ = n
	return ok
}

// enum reads one of values, or the empty string, as parseEnum does.
func enum[E ~string](s *scanner, p *E, values []E) bool {
	b, ok := s.text()
	if !ok {
		return false
	}
	if len(b) == 0 {
		*p = ""
		return true
	}
	for _, v := range values {
		if string(v) == string(b) {
			*p = v
			return true
		}
	}
	return false
}

// instant reads a time as encoding/json does: time.Time's own
// UnmarshalJSON on the string as it stands, quotes included.
func (s *scanner) instant(p *time.Time) bool {
	raw, _, ok := s.str()
	return ok && p.UnmarshalJSON(raw) == nil
}

// instants reads an array of times.
func (s *scanner) instants(p *[]time.Time) bool {
	var ts []time.Time
	_, ok := s.array(func() bool {
		var t time.Time
		ok := s.instant(&t)
		ts = append(ts, t)
		return ok
	})
	if ts == nil {
		ts = []time.Time{}
	}
	*p = ts
	return ok
}

// textValue reads a string into a type that reads itself from text.
func textValue(s *scanner, p interface{ UnmarshalText([]byte) error }) bool {
	b, ok := s.text()
	return ok && p.UnmarshalText(b) == nil
}

// clock reads a clock time, as Clock.UnmarshalText does for "HH:MM".
func (s *scanner) clock(p *Clock) bool {
	b, ok := s.text()
	if !ok {
		return false
	}
	if len(b) == 5 && b[2] == ':' && isDigit(b[0]) && isDigit(b[1]) && isDigit(b[3]) && isDigit(b[4]) {
		h, m := int(b[0]-'0')*10+int(b[1]-'0'), int(b[3]-'0')*10+int(b[4]-'0')
		if m <= 59 && h*60+m <= 24*60 {
			*p = Clock(h*60 + m)
			return true
		}
	}
	return p.UnmarshalText(b) == nil
}

// duration reads a duration; whole minutes or hours ("40m", "2h") without
// time.ParseDuration.
func (s *scanner) duration(p *Duration) bool {
	b, ok := s.text()
	if !ok {
		return false
	}
	if n := len(b); n >= 2 && n <= 6 && (b[n-1] == 'm' || b[n-1] == 'h') && b[n-2] != 'm' {
		v, digits := 0, true
		for _, c := range b[:n-1] {
			digits = digits && isDigit(c)
			v = v*10 + int(c-'0')
		}
		if digits {
			unit := time.Minute
			if b[n-1] == 'h' {
				unit = time.Hour
			}
			*p = Duration(time.Duration(v) * unit)
			return true
		}
	}
	return p.UnmarshalText(b) == nil
}

// skip reads one JSON value of any kind without keeping it; the slow
// reader checks the section it delimits.
func (s *scanner) skip() bool {
	switch s.peek() {
	case '"':
		_, _, ok := s.str()
		return ok
	case '{':
		return s.object(func([]byte) bool { return s.skip() })
	case '[':
		_, ok := s.array(s.skip)
		return ok
	case 't', 'f':
		var b bool
		return s.boolean(&b)
	case 'n':
		if bytes.HasPrefix(s.data[s.pos:], []byte("null")) {
			s.pos += 4
			return true
		}
		return false
	}
	// A number: its exact form is the slow reader's to judge.
	d, i := s.data, s.pos
	for i < len(d) && (isDigit(d[i]) || d[i] == '-' || d[i] == '+' || d[i] == '.' || d[i] == 'e' || d[i] == 'E') {
		i++
	}
	if i == s.pos {
		return false
	}
	s.pos = i
	return true
}

// scanState is what one goroutine of the fast reader keeps between
// records: strings already made, attribute maps already built, and slabs
// that hand out the small slices of the records.
type scanState struct {
	strings [1 << 12]string
	attrs   map[string]map[string]string

	studentIDs slab[StudentID]
	educatorID slab[EducatorID]
	classIDs   slab[ClassID]
	languages  slab[Language]
	kv         [][2]string
}

func newScanState() *scanState {
	return &scanState{attrs: map[string]map[string]string{}}
}

// intern returns b as a string, the same string as for recent equal b: a
// small cache by hash, so that the references of a school's records to
// its teachers and classes share one copy.
func (st *scanState) intern(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	e := &st.strings[quickHash(b)>>(64-12)]
	if *e != string(b) {
		*e = string(b)
	}
	return *e
}

// quickHash mixes the first and last eight bytes of b and its length:
// ids differ in those, and a collision costs only a string made twice.
func quickHash(b []byte) uint64 {
	var x, y uint64
	if n := len(b); n >= 8 {
		x, y = binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[n-8:])
	} else {
		for i, c := range b {
			x |= uint64(c) << (8 * i)
		}
		y = x
	}
	return (x*0x9e3779b97f4a7c15 ^ y ^ uint64(len(b))) * 0xbf58476d1ce4e5b9
}

// slab hands out small slices cut from larger arrays, one allocation for
// many records. Each slice's capacity is its length, so an append to one
// never writes into the next.
type slab[T any] struct {
	buf []T
	tmp []T
}

func (sl *slab[T]) take(v []T) []T {
	if len(v) == 0 {
		return []T{}
	}
	if cap(sl.buf)-len(sl.buf) < len(v) {
		sl.buf = make([]T, 0, max(256, len(v)))
	}
	n := len(sl.buf)
	sl.buf = append(sl.buf, v...)
	return sl.buf[n:len(sl.buf):len(sl.buf)]
}

// attributes reads a student's attributes. Students with the same
// attributes, written the same way, share one map. The bytes up to the
// first closing brace are looked up before anything is read: when a
// map was made from the same bytes before, they were a whole object,
// read to its end there, and reading them again would give the same map
// and end at the same place. Any other object — one with a brace in a
// string, or new — is read member by member.
func (s *scanner) attributes(p *map[string]string) bool {
	s.ws()
	start := s.pos
	if n := bytes.IndexByte(s.data[start:min(start+maxAttributeBytes, len(s.data))], '}'); n >= 0 {
		if m, ok := s.attrs[string(s.data[start:start+n+1])]; ok {
			s.pos = start + n + 1
			*p = m
			return true
		}
	}
	kv := s.kv[:0]
	ok := s.eat('{')
	if ok && !s.eat('}') {
		// Unlike a record's field names, a map's keys are data: an
		// escaped one is read, not left to the slow reader.
		for {
			k, kok := s.text()
			if !kok || !s.eat(':') {
				return false
			}
			v, vok := s.text()
			if !vok {
				return false
			}
			kv = append(kv, [2]string{s.intern(k), s.intern(v)})
			if !s.eat(',') {
				ok = s.eat('}')
				break
			}
		}
	}
	s.kv = kv
	if !ok {
		return false
	}
	raw := s.data[start:s.pos]
	if m, ok := s.attrs[string(raw)]; ok {
		*p = m
		return true
	}
	m := make(map[string]string, len(kv))
	for _, e := range kv {
		m[e[0]] = e[1] // a repeated key keeps its last value, as in encoding/json
	}
	if len(s.attrs) >= 1<<12 {
		clear(s.attrs)
	}
	s.attrs[string(raw)] = m
	*p = m
	return true
}

// maxAttributeBytes bounds the bytes attributes looks up at once; a
// longer object is read member by member.
const maxAttributeBytes = 1024

func (s *scanner) windows(p *[]Window) bool {
	var ws []Window
	_, ok := s.array(func() bool {
		var w Window
		var seen uint32
		ok := s.object(func(k []byte) bool {
			switch string(k) {
			case "weekday":
				var n int
				ok := once(&seen, 1) && s.int(&n)
				w.Weekday = time.Weekday(n)
				return ok
			case "start":
				return once(&seen, 2) && s.clock(&w.Start)
			case "end":
				return once(&seen, 4) && s.clock(&w.End)
			}
			return false
		})
		ws = append(ws, w)
		return ok
	})
	if ws == nil {
		ws = []Window{}
	}
	*p = ws
	return ok
}

func (s *scanner) hours(p **Hours) bool {
	h := new(Hours)
	var seen uint32
	*p = h
	return s.object(func(k []byte) bool {
		switch string(k) {
		case "start":
			return once(&seen, 1) && s.clock(&h.Start)
		case "end":
			return once(&seen, 2) && s.clock(&h.End)
		}
		return false
	})
}

func (s *scanner) class(c *Class) bool {
	var seen uint32
	return s.object(func(k []byte) bool {
		switch string(k) {
		case "id":
			return once(&seen, 1) && fresh(s, &c.ID)
		case "school":
			return once(&seen, 2) && shared(s, &c.School)
		case "name":
			return once(&seen, 4) && shared(s, &c.Name)
		case "grade":
			var n int
			ok := once(&seen, 8) && s.int(&n)
			g := Grade(n)
			c.Grade = &g
			return ok
		case "teachers":
			return once(&seen, 16) && refList(s, &c.Teachers, &s.educatorID)
		}
		return false
	})
}

func (s *scanner) educator(e *Educator) bool {
	var seen uint32
	return s.object(func(k []byte) bool {
		switch string(k) {
		case "id":
			return once(&seen, 1) && fresh(s, &e.ID)
		case "school":
			return once(&seen, 2) && shared(s, &e.School)
		case "role":
			return once(&seen, 4) && enum(s, &e.Role, roles)
		case "position":
			return once(&seen, 8) && enum(s, &e.Position, positions)
		case "languages":
			return once(&seen, 16) && refList(s, &e.Languages, &s.languages)
		case "trainings":
			var ts []Training
			_, ok := s.array(func() bool {
				var t Training
				var seen uint32
				ok := s.object(func(k []byte) bool {
					switch string(k) {
					case "date":
						return once(&seen, 1) && textValue(s, &t.Date)
					case "kind":
						return once(&seen, 2) && enum(s, &t.Kind, trainingKinds)
					}
					return false
				})
				ts = append(ts, t)
				return ok
			})
			if ts == nil {
				ts = []Training{}
			}
			e.Trainings = ts
			return once(&seen, 32) && ok
		case "opt_ins":
			var ys []SchoolYearID
			_, ok := s.array(func() bool {
				var y SchoolYearID
				ok := shared(s, &y)
				ys = append(ys, y)
				return ok
			})
			if ys == nil {
				ys = []SchoolYearID{}
			}
			e.OptIns = ys
			return once(&seen, 64) && ok
		case "stipends":
			var ps []Stipend
			_, ok := s.array(func() bool {
				var p Stipend
				var seen uint32
				ok := s.object(func(k []byte) bool {
					switch string(k) {
					case "year":
						return once(&seen, 1) && shared(s, &p.Year)
					case "amount_cents":
						n, ok := s.integer()
						p.AmountCents = n
						return once(&seen, 2) && ok
					case "source":
						return once(&seen, 4) && enum(s, &p.Source, fundingSources)
					}
					return false
				})
				ps = append(ps, p)
				return ok
			})
			if ps == nil {
				ps = []Stipend{}
			}
			e.Stipends = ps
			return once(&seen, 128) && ok
		case "working_hours":
			return once(&seen, 256) && s.hours(&e.WorkingHours)
		case "availability":
			return once(&seen, 512) && s.windows(&e.Availability)
		case "prefer":
			return once(&seen, 1024) && refList(s, &e.Prefer, &s.educatorID)
		case "avoid":
			return once(&seen, 2048) && refList(s, &e.Avoid, &s.educatorID)
		}
		return false
	})
}

func (s *scanner) student(st *Student) bool {
	var seen uint32
	return s.object(func(k []byte) bool {
		switch string(k) {
		case "id":
			return once(&seen, 1) && fresh(s, &st.ID)
		case "school":
			return once(&seen, 2) && shared(s, &st.School)
		case "grade":
			var n int
			ok := once(&seen, 4) && s.int(&n)
			st.Grade = Grade(n)
			return ok
		case "family":
			return once(&seen, 8) && shared(s, &st.Family)
		case "classes":
			return once(&seen, 16) && refList(s, &st.Classes, &s.classIDs)
		case "teachers":
			return once(&seen, 32) && refList(s, &st.Teachers, &s.educatorID)
		case "attributes":
			return once(&seen, 64) && s.attributes(&st.Attributes)
		}
		return false
	})
}

func (s *scanner) family(f *Family) bool {
	var seen uint32
	return s.object(func(k []byte) bool {
		switch string(k) {
		case "id":
			return once(&seen, 1) && fresh(s, &f.ID)
		case "languages":
			return once(&seen, 2) && refList(s, &f.Languages, &s.languages)
		case "needs_interpreter":
			return once(&seen, 4) && s.boolean(&f.NeedsInterpreter)
		case "location_preference":
			return once(&seen, 8) && enum(s, &f.LocationPreference, locationKinds)
		case "availability":
			return once(&seen, 16) && s.windows(&f.Availability)
		}
		return false
	})
}

func (s *scanner) invitation(inv *Invitation) bool {
	var seen uint32
	return s.object(func(k []byte) bool {
		switch string(k) {
		case "id":
			return once(&seen, 1) && fresh(s, &inv.ID)
		case "family":
			return once(&seen, 2) && shared(s, &inv.Family)
		case "students":
			return once(&seen, 4) && refList(s, &inv.Students, &s.studentIDs)
		case "origin":
			return once(&seen, 8) && enum(s, &inv.Origin, origins)
		case "kind":
			return once(&seen, 16) && enum(s, &inv.Kind, visitKinds)
		case "sent_at":
			return once(&seen, 32) && s.instant(&inv.SentAt)
		case "year":
			return once(&seen, 64) && shared(s, &inv.Year)
		case "by":
			return once(&seen, 128) && shared(s, &inv.By)
		case "plan":
			return once(&seen, 256) && shared(s, &inv.Plan)
		case "method":
			return once(&seen, 512) && shared(s, &inv.Method)
		case "criteria":
			var cs []string
			_, ok := s.array(func() bool {
				var c string
				ok := shared(s, &c)
				cs = append(cs, c)
				return ok
			})
			if cs == nil {
				cs = []string{}
			}
			inv.Criteria = cs
			return once(&seen, 1024) && ok
		case "contact_attempts":
			return once(&seen, 2048) && s.instants(&inv.ContactAttempts)
		case "response":
			return once(&seen, 4096) && enum(s, &inv.Response, responses)
		case "responded_at":
			return once(&seen, 8192) && s.instant(&inv.RespondedAt)
		}
		return false
	})
}

func (s *scanner) visit(v *Visit) bool {
	var seen uint32
	return s.object(func(k []byte) bool {
		switch string(k) {
		case "id":
			return once(&seen, 1) && fresh(s, &v.ID)
		case "students":
			return once(&seen, 2) && refList(s, &v.Students, &s.studentIDs)
		case "family":
			return once(&seen, 4) && shared(s, &v.Family)
		case "kind":
			return once(&seen, 8) && enum(s, &v.Kind, visitKinds)
		case "status":
			return once(&seen, 16) && enum(s, &v.Status, visitStatuses)
		case "cancelled_by":
			return once(&seen, 32) && enum(s, &v.CancelledBy, parties)
		case "arranged_at":
			return once(&seen, 64) && s.instant(&v.ArrangedAt)
		case "reschedules":
			return once(&seen, 128) && s.reschedules(&v.Reschedules)
		case "start":
			return once(&seen, 256) && s.instant(&v.Start)
		case "duration":
			return once(&seen, 512) && s.duration(&v.Duration)
		case "location":
			var seen2 uint32
			return once(&seen, 1024) && s.object(func(k []byte) bool {
				switch string(k) {
				case "kind":
					return once(&seen2, 1) && enum(s, &v.Location.Kind, locationKinds)
				case "requested_by":
					return once(&seen2, 2) && enum(s, &v.Location.RequestedBy, parties)
				}
				return false
			})
		case "visitors":
			return once(&seen, 2048) && refList(s, &v.Visitors, &s.educatorID)
		case "interpreters":
			return once(&seen, 4096) && s.interpreters(&v.Interpreters)
		case "topics":
			return once(&seen, 8192) && s.topics(&v.Topics)
		case "references_first":
			b := new(bool)
			v.ReferencesFirst = b
			return once(&seen, 16384) && s.boolean(b)
		case "reflection":
			return once(&seen, 32768) && s.reflection(&v.Reflection)
		case "compensation":
			return once(&seen, 65536) && s.compensation(&v.Compensation)
		}
		return false
	})
}

func (s *scanner) reschedules(p *[]Rescheduling) bool {
	var rs []Rescheduling
	_, ok := s.array(func() bool {
		var r Rescheduling
		var seen uint32
		ok := s.object(func(k []byte) bool {
			switch string(k) {
			case "at":
				return once(&seen, 1) && s.instant(&r.At)
			case "from_start":
				return once(&seen, 2) && s.instant(&r.FromStart)
			case "by":
				return once(&seen, 4) && enum(s, &r.By, parties)
			}
			return false
		})
		rs = append(rs, r)
		return ok
	})
	if rs == nil {
		rs = []Rescheduling{}
	}
	*p = rs
	return ok
}

func (s *scanner) interpreters(p *[]Interpreter) bool {
	var is []Interpreter
	_, ok := s.array(func() bool {
		var in Interpreter
		var seen uint32
		ok := s.object(func(k []byte) bool {
			switch string(k) {
			case "id":
				return once(&seen, 1) && shared(s, &in.ID)
			case "languages":
				return once(&seen, 2) && refList(s, &in.Languages, &s.languages)
			case "educator":
				return once(&seen, 4) && shared(s, &in.Educator)
			}
			return false
		})
		is = append(is, in)
		return ok
	})
	if is == nil {
		is = []Interpreter{}
	}
	*p = is
	return ok
}

func (s *scanner) topics(p *[]Topic) bool {
	var ts []Topic
	_, ok := s.array(func() bool {
		var t Topic
		var seen uint32
		ok := s.object(func(k []byte) bool {
			switch string(k) {
			case "kind":
				return once(&seen, 1) && enum(s, &t.Kind, topicKinds)
			case "raised_by":
				return once(&seen, 2) && enum(s, &t.RaisedBy, parties)
			}
			return false
		})
		ts = append(ts, t)
		return ok
	})
	if ts == nil {
		ts = []Topic{}
	}
	*p = ts
	return ok
}

func (s *scanner) reflection(p **Reflection) bool {
	r := new(Reflection)
	*p = r
	var seen uint32
	return s.object(func(k []byte) bool {
		switch string(k) {
		case "at":
			return once(&seen, 1) && s.instant(&r.At)
		case "by":
			return once(&seen, 2) && refList(s, &r.By, &s.educatorID)
		case "covered_bias":
			b := new(bool)
			r.CoveredBias = b
			return once(&seen, 4) && s.boolean(b)
		}
		return false
	})
}

func (s *scanner) compensation(p *[]Compensation) bool {
	var cs []Compensation
	_, ok := s.array(func() bool {
		var c Compensation
		var seen uint32
		ok := s.object(func(k []byte) bool {
			switch string(k) {
			case "educator":
				return once(&seen, 1) && shared(s, &c.Educator)
			case "minutes_outside":
				return once(&seen, 2) && s.int(&c.MinutesOutside)
			case "amount_cents":
				n, ok := s.integer()
				c.AmountCents = n
				return once(&seen, 4) && ok
			case "source":
				return once(&seen, 8) && enum(s, &c.Source, fundingSources)
			case "stipend":
				return once(&seen, 16) && s.boolean(&c.Stipend)
			}
			return false
		})
		cs = append(cs, c)
		return ok
	})
	if cs == nil {
		cs = []Compensation{}
	}
	*p = cs
	return ok
}

func (s *scanner) communication(m *Communication) bool {
	var seen uint32
	return s.object(func(k []byte) bool {
		switch string(k) {
		case "id":
			return once(&seen, 1) && fresh(s, &m.ID)
		case "family":
			return once(&seen, 2) && shared(s, &m.Family)
		case "at":
			return once(&seen, 4) && s.instant(&m.At)
		case "direction":
			return once(&seen, 8) && enum(s, &m.Direction, directions)
		case "channel":
			return once(&seen, 16) && enum(s, &m.Channel, channels)
		case "educator":
			return once(&seen, 32) && shared(s, &m.Educator)
		}
		return false
	})
}
