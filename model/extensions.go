package model

import (
	"bytes"
	"encoding/json"
)

// ExtensionPrefix starts the name of an extension field: a field that
// carries another program's data — a student information system's own
// key, say — in any object of a pthv/v1 document. Readers of pthv/v1
// ignore extension fields wherever they appear, so a document stays
// readable with them; pthv itself does not keep them when it writes a
// dataset back. Every other unknown field is an error, so a misspelt
// field name is caught rather than silently dropped (docs/compatibility.md).
//
// The keys of [Student.Attributes] and [Plan.Scope] are data, not field
// names: an attribute named "x_flag" is kept like any other.
const ExtensionPrefix = "x_"

// dropExtensions returns data with every extension member — a key that
// starts with [ExtensionPrefix], its value, and the comma that separated
// it from a neighbour — blanked to spaces in every object, except inside
// the maps whose keys are data (see isDataMapKey). Line breaks stay where they were, so every byte offset
// and line number of the result is that of data, and error messages name
// the lines of the original document. data itself is never modified: a
// document without extensions is returned as it is, without copying.
//
// data need not be valid JSON: the scan stops at the first byte it cannot
// place, having blanked only whole members before it, so the decoder then
// reports the same syntax error at the same place.
func dropExtensions(data []byte) []byte {
	if !bytes.Contains(data, []byte(`"x_`)) && !bytes.Contains(data, []byte(`"\`)) {
		return data // no key can start with x_, even escaped
	}
	s := extScanner{in: data}
	s.value(s.space(0), 0)
	if s.out == nil {
		return data
	}
	return s.out
}

// maxExtDepth bounds the nesting the scan follows, as encoding/json bounds
// its own; deeper input is left for the decoder to refuse.
const maxExtDepth = 10000

// extScanner finds extension members in a JSON document. Its methods take
// the offset of a value and return the offset just after it, or -1 where
// the input is not JSON.
type extScanner struct {
	in  []byte
	out []byte // a copy of in, made at the first member to blank
}

func (s *extScanner) blank(from, to int) {
	if s.out == nil {
		s.out = bytes.Clone(s.in)
	}
	for i := from; i < to; i++ {
		if s.out[i] != '\n' {
			s.out[i] = ' '
		}
	}
}

func (s *extScanner) space(i int) int {
	for i >= 0 && i < len(s.in) {
		switch s.in[i] {
		case ' ', '\t', '\r', '\n':
			i++
			continue
		}
		break
	}
	return i
}

// at reports whether the byte at i is c.
func (s *extScanner) at(i int, c byte) bool { return i >= 0 && i < len(s.in) && s.in[i] == c }

func (s *extScanner) value(i, depth int) int {
	if i < 0 || i >= len(s.in) || depth > maxExtDepth {
		return -1
	}
	switch s.in[i] {
	case '{':
		return s.object(i, depth+1, true)
	case '[':
		return s.array(i, depth+1)
	case '"':
		return s.str(i)
	}
	// A number, true, false or null: up to the next delimiter.
	j := i
scan:
	for ; j < len(s.in); j++ {
		switch s.in[j] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			break scan
		}
	}
	if j == i {
		return -1
	}
	return j
}

// str returns the offset after the string that starts at i.
func (s *extScanner) str(i int) int {
	for j := i + 1; j < len(s.in); j++ {
		switch s.in[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

func (s *extScanner) array(i, depth int) int {
	i = s.space(i + 1)
	if s.at(i, ']') {
		return i + 1
	}
	for {
		if i = s.space(s.value(i, depth)); i < 0 {
			return -1
		}
		switch {
		case s.at(i, ']'):
			return i + 1
		case !s.at(i, ','):
			return -1
		}
		i = s.space(i + 1)
	}
}

// object scans the object at i, blanking its extension members when
// fields is set (it is not for a data map) and scanning the values of the
// others.
func (s *extScanner) object(i, depth int, fields bool) int {
	i = s.space(i + 1)
	if s.at(i, '}') {
		return i + 1
	}
	keptComma := -1 // the comma after the last member kept, if any
	for {
		if !s.at(i, '"') {
			return -1
		}
		keyStart, keyEnd := i, s.str(i)
		if keyEnd < 0 {
			return -1
		}
		name := keyName(s.in[keyStart:keyEnd])
		ext := fields && bytes.HasPrefix(name, []byte(ExtensionPrefix))
		if i = s.space(keyEnd); !s.at(i, ':') {
			return -1
		}
		i = s.space(i + 1)
		var end int
		switch {
		case fields && s.at(i, '{') && isDataMapKey(name):
			end = s.object(i, depth+1, false)
		default:
			end = s.value(i, depth)
		}
		if end < 0 || ext && !(json.Valid(s.in[keyStart:keyEnd]) && json.Valid(s.in[i:end])) {
			return -1 // blanking what is not JSON could make it JSON
		}
		i = s.space(end)
		switch {
		case s.at(i, '}'):
			if ext {
				s.blank(keyStart, end)
				if keptComma >= 0 {
					s.blank(keptComma, keptComma+1)
				}
			}
			return i + 1
		case !s.at(i, ','):
			return -1
		}
		comma := i
		if i = s.space(i + 1); !s.at(i, '"') {
			return -1 // a trailing comma: left for the decoder to refuse
		}
		if ext {
			s.blank(keyStart, comma+1)
		} else {
			keptComma = comma
		}
	}
}

// keyName returns the name the JSON string key (quotes included) spells:
// the bytes between its quotes, or, when it holds escapes, their reading
// (nil when they are not JSON).
func keyName(key []byte) []byte {
	if bytes.IndexByte(key, '\\') < 0 {
		return key[1 : len(key)-1]
	}
	var name string
	if json.Unmarshal(key, &name) != nil {
		return nil
	}
	return []byte(name)
}

// isDataMapKey reports whether a key names a field whose value is a map
// with free-text keys — [Student.Attributes] or [Plan.Scope] — where an
// x_ key is data. It ignores case, as encoding/json does when it matches
// a key to a field. A test checks that these are the format's only
// map-valued fields.
func isDataMapKey(name []byte) bool {
	return bytes.EqualFold(name, []byte("attributes")) || bytes.EqualFold(name, []byte("scope"))
}
