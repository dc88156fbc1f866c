// Package strictjson decodes one JSON document strictly — unknown fields
// and trailing data are errors — and says where a problem is: the line,
// and the field's JSON path ("acceptance.rat",
// "compensation.funding[1].sorce") wherever encoding/json knows which
// field it was reading. The plan requests of package selection and the
// designs and sweeps of package simulate are read through it; each wraps
// its [*Error] in its own error type. (Datasets and policies have their
// own reader in package model, which also names the record.)
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"

	"github.com/homevisits/pthv/internal/errlist"
)

// Error is a document that could not be read into its type.
type Error struct {
	Line   int    // 1-based line of the problem; 0 when unknown
	Field  string // JSON path of the field; "" when unknown
	Reason string
	// Err is the error a type's own UnmarshalJSON or UnmarshalText
	// returned, when that is what failed; nil otherwise.
	Err error
}

// Error returns "line N: field: reason", leaving out what is not known.
func (e *Error) Error() string {
	var reason error
	if e.Reason != "" {
		reason = errors.New(e.Reason)
	}
	return errlist.Locate(errlist.Where{Line: e.Line, Field: e.Field}, reason, "")
}

// Unwrap returns the error of a type's own decoding, if any.
func (e *Error) Unwrap() error { return e.Err }

// Decode reads the one JSON value data holds into v, a pointer, rejecting
// fields v's type does not have and anything after the value.
func Decode(data []byte, v any) *Error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return explain(data, err, reflect.TypeOf(v))
	}
	if _, err := dec.Token(); err != io.EOF {
		return &Error{Line: LineAt(data, dec.InputOffset()), Reason: "unexpected data after the JSON value"}
	}
	return nil
}

// explain turns an encoding/json error into an *Error naming the line
// and, where the decoder knows it, the field.
func explain(data []byte, err error, target reflect.Type) *Error {
	if syn, ok := errors.AsType[*json.SyntaxError](err); ok {
		return &Error{Line: LineAt(data, syn.Offset), Reason: "invalid JSON: " + syn.Error()}
	}
	if typ, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		return &Error{Line: LineAt(data, typ.Offset), Field: typ.Field,
			Reason: "cannot use a JSON " + typ.Value + " as " + typ.Type.String()}
	}
	if errors.Is(err, io.EOF) {
		return &Error{Reason: "empty input: want a JSON object"}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return &Error{Line: LineAt(data, int64(len(data))), Reason: "unexpected end of JSON"}
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		e := &Error{Field: strings.Trim(f, `"`), Reason: "unknown field"}
		if path, off, ok := unknownField(data, target); ok {
			// The decoder's offset is where the previous value ended:
			// the key is past the comma and the white space.
			for off < int64(len(data)) && strings.IndexByte(", \t\r\n", data[off]) >= 0 {
				off++
			}
			e.Field, e.Line = path, LineAt(data, off)
		}
		return e
	}
	if strings.HasPrefix(msg, "json: ") {
		return &Error{Reason: strings.TrimPrefix(msg, "json: ")}
	}
	// A type's own UnmarshalJSON or UnmarshalText failed: keep its error.
	return &Error{Reason: msg, Err: err}
}

// unknownField finds the first key in data that names no field of t (a
// struct, or a pointer to one, read by encoding/json): its JSON path and
// its offset.
func unknownField(data []byte, t reflect.Type) (string, int64, bool) {
	return walkFields(json.NewDecoder(bytes.NewReader(data)), t, "")
}

func walkFields(dec *json.Decoder, t reflect.Type, prefix string) (string, int64, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	tok, err := dec.Token()
	if err != nil {
		return "", 0, false
	}
	switch tok {
	case json.Delim('{'):
		for dec.More() {
			off := dec.InputOffset()
			k, err := dec.Token()
			if err != nil {
				return "", 0, false
			}
			key, _ := k.(string)
			path := key
			if prefix != "" {
				path = prefix + "." + key
			}
			var ft reflect.Type
			switch t.Kind() {
			case reflect.Struct:
				f, ok := fieldByJSONName(t, key)
				if !ok {
					return path, off, true
				}
				ft = f.Type
			case reflect.Map:
				ft = t.Elem()
			default:
				ft = reflect.TypeFor[any]()
			}
			if p, o, ok := walkFields(dec, ft, path); ok {
				return p, o, true
			}
		}
		dec.Token() // '}'
	case json.Delim('['):
		elem := reflect.TypeFor[any]()
		if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			elem = t.Elem()
		}
		for i := 0; dec.More(); i++ {
			if p, o, ok := walkFields(dec, elem, fmt.Sprintf("%s[%d]", prefix, i)); ok {
				return p, o, true
			}
		}
		dec.Token() // ']'
	}
	return "", 0, false
}

// fieldByJSONName returns the field of struct t that encoding/json reads
// for key (by tag, else by name, case-insensitively as encoding/json does).
func fieldByJSONName(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if strings.EqualFold(name, key) {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// LineAt returns the 1-based line of byte offset off in data.
func LineAt(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	return 1 + bytes.Count(data[:off], []byte{'\n'})
}

// FaultyMember returns the first member, in key order, of the JSON object
// data that does not decode on its own into a fresh value from fresh: the
// field whose own decoder (a time, an enum, a duration) failed, when the
// decoder's error does not name it. It returns "" when data is not an
// object or every member decodes alone. Options change how a member is
// tried. It runs on error paths only.
func FaultyMember(data []byte, fresh func() any, opts ...MemberOption) string {
	tr := memberTrial{decode: json.Unmarshal}
	for _, o := range opts {
		if o != nil {
			o(&tr)
		}
	}
	var members map[string]json.RawMessage
	if json.Unmarshal(data, &members) != nil {
		return ""
	}
	keys := make([]string, 0, len(members))
	for k := range members {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		one, _ := json.Marshal(map[string]json.RawMessage{k: members[k]})
		if err := tr.decode(one, fresh()); err != nil && (tr.missing == nil || !tr.missing(err)) {
			return k
		}
	}
	return ""
}

// memberTrial is how FaultyMember tries one member alone.
type memberTrial struct {
	decode  func(data []byte, v any) error
	missing func(err error) bool
}

// A MemberOption changes how [FaultyMember] tries each member alone.
type MemberOption func(*memberTrial)

// DecodeWith tries each member with decode (a strict decoder, say)
// instead of json.Unmarshal. A nil decode keeps json.Unmarshal.
func DecodeWith(decode func(data []byte, v any) error) MemberOption {
	return func(t *memberTrial) {
		if decode != nil {
			t.decode = decode
		}
	}
}

// UnlessMissing excuses a member whose error, alone, is one that missing
// reports: a member that fails only for want of a required sibling (a
// calendar's hours without its time zone) would decode beside it, so it
// is not the culprit.
func UnlessMissing(missing func(err error) bool) MemberOption {
	return func(t *memberTrial) { t.missing = missing }
}
