package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"runtime/debug"
	"slices"

	"github.com/homevisits/pthv/internal/nilarg"
	"github.com/homevisits/pthv/internal/strictjson"
)

// DecodeDataset reads a pthv/v1 dataset from r. name is the source's name
// (a file path, say) and starts every error message. Decoding is strict —
// an unknown field is an error, except that an extension field (a name
// starting with [ExtensionPrefix]) is ignored in any object — and is
// followed by [Dataset.Validate], so a returned dataset is structurally
// sound. Errors are a [ValidationErrors]
// or a [*RecordError] that name the source, line, record and field; an
// error about a required section that is absent names the line where the
// document ends, where the section can be added.
//
// A policy section is read over [DefaultPolicy]; a dataset without one gets
// the defaults. A leading UTF-8 byte order mark, which some editors on
// Windows write, is skipped. A nil r is an error wrapping [ErrInvalid].
//
// Students whose attributes are written alike share one Attributes map
// (the synthetic national year has 124 combinations for 350,000 students):
// treat decoded attribute maps as read-only, or replace a student's map
// with a copy ([maps.Clone]) before changing it.
func DecodeDataset(name string, r io.Reader) (*Dataset, error) {
	if nilarg.Is(r) {
		e := nilInput("DecodeDataset", "reader")
		e.Source = name
		return nil, e
	}
	data, err := readAll(r)
	if err != nil {
		return nil, &RecordError{Source: name, Err: err}
	}
	x, err := decode(name, data, decodeOptions{})
	return x.Dataset(), err
}

// DecodeDatasetBytes is [DecodeDataset] on a dataset already in memory,
// such as a file the caller mapped: it reads data in place, without a
// copy, and keeps no reference to it once it returns. data must not
// change while it runs. A fault while reading data — a mapped file cut
// short by another program — is an error, not a crash.
func DecodeDatasetBytes(name string, data []byte) (*Dataset, error) {
	x, err := DecodeIndex(name, data)
	return x.Dataset(), err
}

// DecodeIndex is [DecodeDatasetBytes] for a caller that goes on to use
// the dataset's [Index], such as practices.PrepareIndex: the validation
// that ends decoding builds the index anyway, and DecodeIndex returns it
// instead of leaving the caller to validate again with
// [Dataset.ValidIndex]. The dataset is the index's [Index.Dataset]. On
// an error the index is nil.
func DecodeIndex(name string, data []byte) (x *Index, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if _, fault := r.(interface{ Addr() uintptr }); !fault {
				panic(r)
			}
			x, err = nil, &RecordError{Source: name, Err: fmt.Errorf("the input changed while it was read: %v", r)}
		}
	}()
	return decode(name, data, decodeOptions{})
}

// decode reads and validates a dataset from data and returns its index.
// It reads with the fast reader (decode_fast.go) and, when that declines
// — an error, or a JSON form it leaves to encoding/json —, with the slow
// one, which names the error.
func decode(name string, data []byte, opt decodeOptions) (*Index, error) {
	data = bytes.TrimPrefix(data, []byte(byteOrderMark))
	d := &datasetDecoder{name: name, data: data}
	ds := &Dataset{Policy: DefaultPolicy()}
	if opt.slow || !d.decodeFast(ds, opt) {
		// The fast reader passes over extension members itself; for
		// encoding/json they are blanked, line breaks kept, so that
		// errors name the lines of the document as given.
		data = dropExtensions(data)
		d = &datasetDecoder{name: name, data: data, dec: json.NewDecoder(bytes.NewReader(data))}
		d.dec.DisallowUnknownFields()
		ds = &Dataset{Policy: DefaultPolicy()}
		if err := d.decode(ds); err != nil {
			return nil, err
		}
	}
	errs, x := ds.validate()
	if len(errs) > 0 {
		for _, e := range errs {
			e.Source = name
			e.Line = d.line(e.section, e.index)
			if e.Line == 0 {
				e.Line = d.lineAt(d.end)
			}
		}
		return nil, errs
	}
	return x, nil
}

// readAll reads r to its end into a buffer sized once from what r says
// it holds — a file's size, a reader's length — instead of one that
// doubles as it fills.
func readAll(r io.Reader) ([]byte, error) {
	size := -1
	switch v := r.(type) {
	case interface{ Len() int }:
		size = v.Len()
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			size = int(fi.Size())
			if sk, ok := r.(io.Seeker); ok {
				if at, err := sk.Seek(0, io.SeekCurrent); err == nil && at <= fi.Size() {
					size -= int(at)
				}
			}
		}
	}
	if size < 0 {
		return io.ReadAll(r)
	}
	// One byte more than expected, so that the read that meets the end
	// finds room and the buffer never grows when the size was right.
	b := make([]byte, 0, size+1)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// byteOrderMark is the UTF-8 encoding of U+FEFF. It carries no line break,
// so dropping it keeps every line number.
const byteOrderMark = "\ufeff"

type datasetDecoder struct {
	name string
	data []byte
	dec  *json.Decoder
	// offsets[section][i] is the byte offset of record i of a section.
	offsets map[string][]int64
	// end is the offset of the brace that closes the document.
	end int64
}

// sections maps each top-level key to a function that decodes its value.
func (d *datasetDecoder) sections(ds *Dataset) map[string]func() error {
	return map[string]func() error{
		"format":         func() error { return d.value("format", &ds.Format) },
		"district":       func() error { return d.value("district", &ds.District) },
		"year":           func() error { return d.value("year", &ds.Year) },
		"calendar":       func() error { return d.value("calendar", &ds.Calendar) },
		"policy":         func() error { return d.value("policy", &ds.Policy) },
		"revision":       func() error { return d.revision(&ds.Revision) },
		"contacts":       func() error { return d.value("contacts", &ds.Contacts) },
		"schools":        func() error { return list(d, "schools", &ds.Schools) },
		"classes":        func() error { return list(d, "classes", &ds.Classes) },
		"educators":      func() error { return list(d, "educators", &ds.Educators) },
		"students":       func() error { return list(d, "students", &ds.Students) },
		"families":       func() error { return list(d, "families", &ds.Families) },
		"past_pairs":     func() error { return list(d, "past_pairs", &ds.PastPairs) },
		"plans":          func() error { return list(d, "plans", &ds.Plans) },
		"goals":          func() error { return list(d, "goals", &ds.Goals) },
		"invitations":    func() error { return list(d, "invitations", &ds.Invitations) },
		"withdrawals":    func() error { return list(d, "withdrawals", &ds.Withdrawals) },
		"visits":         func() error { return list(d, "visits", &ds.Visits) },
		"communications": func() error { return list(d, "communications", &ds.Communications) },
		"events":         func() error { return list(d, "events", &ds.Events) },
	}
}

func (d *datasetDecoder) decode(ds *Dataset) error {
	d.offsets = map[string][]int64{}
	tok, err := d.dec.Token()
	if err != nil {
		return d.syntax(err)
	}
	if tok != json.Delim('{') {
		return &RecordError{Source: d.name, Line: 1, Err: fmt.Errorf("%w: want a JSON object", ErrFormat)}
	}
	handlers := d.sections(ds)
	seen := map[string]bool{}
	for d.dec.More() {
		off := d.dec.InputOffset()
		tok, err := d.dec.Token()
		if err != nil {
			return d.syntax(err)
		}
		key, _ := tok.(string)
		h, ok := handlers[key]
		if !ok {
			return &RecordError{Source: d.name, Line: d.lineAt(off), Field: key,
				Err: fmt.Errorf("%w: unknown section (want one of %s)", ErrFormat, sectionNames(handlers))}
		}
		if seen[key] {
			return &RecordError{Source: d.name, Line: d.lineAt(off), Field: key, Err: fmt.Errorf("%w: section appears twice", ErrFormat)}
		}
		seen[key] = true
		if err := h(); err != nil {
			return err
		}
	}
	d.end = d.dec.InputOffset()
	if _, err := d.dec.Token(); err != nil {
		return d.syntax(err)
	}
	if _, err := d.dec.Token(); err != io.EOF {
		return &RecordError{Source: d.name, Line: d.lineAt(d.dec.InputOffset()), Err: fmt.Errorf("%w: data after the dataset object", ErrFormat)}
	}
	if ds.Format != Format {
		line := d.line("format", -1)
		if line == 0 {
			line = d.lineAt(0)
		}
		return &RecordError{Source: d.name, Line: line, Field: "format",
			Err: fmt.Errorf("%w: got %q, want %q", ErrFormat, ds.Format, Format)}
	}
	return nil
}

func sectionNames(m map[string]func() error) string {
	var names []string
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	return fmt.Sprint(names)
}

// value decodes one top-level object.
func (d *datasetDecoder) value(section string, v any) error {
	off := d.dec.InputOffset()
	if err := d.dec.Decode(v); err != nil {
		return d.recordErr(section, -1, off, err, v)
	}
	d.offsets[section] = []int64{off}
	return nil
}

// revision decodes the dataset's revision, a whole number not below zero.
func (d *datasetDecoder) revision(n *int) error {
	off := d.dec.InputOffset()
	if err := d.value("revision", n); err != nil {
		return err
	}
	if *n < 0 {
		return &RecordError{Source: d.name, Line: d.lineAt(off), Field: "revision", Err: invalid("%d: must not be negative", *n)}
	}
	return nil
}

// list decodes a top-level array record by record, remembering where each
// record starts so that later validation errors can name its line.
func list[T any](d *datasetDecoder, section string, out *[]T) error {
	start := d.dec.InputOffset()
	tok, err := d.dec.Token()
	if err != nil {
		return d.syntax(err)
	}
	if tok == nil { // null: an empty section
		return nil
	}
	if tok != json.Delim('[') {
		return &RecordError{Source: d.name, Line: d.lineAt(start), Field: section, Err: fmt.Errorf("%w: want an array", ErrFormat)}
	}
	var offs []int64
	for d.dec.More() {
		off := d.dec.InputOffset()
		var v T
		if err := d.dec.Decode(&v); err != nil {
			return d.recordErr(section, len(offs), off, err, &v)
		}
		*out = append(*out, v)
		offs = append(offs, off)
	}
	d.offsets[section] = offs
	_, err = d.dec.Token()
	if err != nil {
		return d.syntax(err)
	}
	return nil
}

// recordErr turns a decoding error inside a record into a RecordError that
// names the record (by id when it has one) and, where it can be found, the
// field.
func (d *datasetDecoder) recordErr(section string, index int, off int64, err error, target any) error {
	var se *json.SyntaxError
	if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) {
		return d.syntax(err)
	}
	re := &RecordError{Source: d.name, Line: d.lineAt(off), Record: section, Err: fmt.Errorf("%w: %v", ErrInvalid, err)}
	if index >= 0 {
		re.Record = fmt.Sprintf("%s[%d]", section, index)
	}
	raw := d.rawAt(off)
	var probe struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(raw, &probe) == nil && probe.ID != "" {
		re.Record = fmt.Sprintf("%s %q", singular(section), probe.ID)
	}
	var te *json.UnmarshalTypeError
	var inner *RecordError
	switch {
	case errors.As(err, &inner):
		re.Field, re.Err = inner.Field, inner.Err
	case errors.As(err, &te) && te.Field != "":
		re.Field = te.Field
		re.Err = fmt.Errorf("%w: got JSON %s, want %s", ErrInvalid, te.Value, te.Type)
	default:
		re.Field = badField(raw, target)
	}
	return re
}

// badField finds the top-level field of raw that fails to decode on its own
// into a fresh value of target's type, decoded as strictly as a dataset
// (internal/strictjson.FaultyMember). A field that fails alone only
// because a required sibling is absent (a calendar's time zone) is not the
// bad one. It runs only on the error path.
func badField(raw []byte, target any) string {
	return strictjson.FaultyMember(raw, func() any { return newLike(target) },
		strictjson.DecodeWith(strictUnmarshal),
		strictjson.UnlessMissing(func(err error) bool { return errors.Is(err, ErrMissing) }))
}

// rawAt returns the JSON value that starts at off (after whitespace and a
// separating comma), or nil.
func (d *datasetDecoder) rawAt(off int64) []byte {
	if off < 0 || off >= int64(len(d.data)) {
		return nil
	}
	rest := bytes.TrimLeft(d.data[off:], " \t\r\n,:")
	var raw json.RawMessage
	if json.NewDecoder(bytes.NewReader(rest)).Decode(&raw) != nil {
		return nil
	}
	return raw
}

func (d *datasetDecoder) syntax(err error) error {
	return &RecordError{Source: d.name, Line: d.syntaxLine(err), Err: fmt.Errorf("%w: %v", ErrFormat, err)}
}

// syntaxLine returns the line of a JSON syntax error or of an unexpected
// end of input, or 0.
func (d *datasetDecoder) syntaxLine(err error) int {
	var se *json.SyntaxError
	line := 0
	if errors.As(err, &se) {
		line = d.lineAt(se.Offset)
		// The offset of an error inside Decode counts only the bytes Decode
		// read, not those read by Token, so scan the whole input again: its
		// first syntax error is this one, at an absolute offset just after
		// the offending byte.
		var abs *json.SyntaxError
		if errors.As(json.Unmarshal(d.data, new(json.RawMessage)), &abs) && abs.Offset > 0 {
			line = bytes.Count(d.data[:abs.Offset-1], []byte{'\n'}) + 1
		}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		line = d.lineAt(int64(len(d.data)))
	}
	return line
}

// lineAt returns the 1-based line of the first non-space byte at or after off.
func (d *datasetDecoder) lineAt(off int64) int {
	if off > int64(len(d.data)) {
		off = int64(len(d.data))
	}
	for off < int64(len(d.data)) {
		switch d.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return bytes.Count(d.data[:off], []byte{'\n'}) + 1
}

// line returns the line of record index of section, or 0. Index -1 is a
// section that holds one value (district, year, calendar, policy, contacts).
func (d *datasetDecoder) line(section string, index int) int {
	offs := d.offsets[section]
	if index < 0 {
		index = 0
	}
	if index >= len(offs) {
		return 0
	}
	return d.lineAt(offs[index])
}

// EncodeOptions control [EncodeDataset].
type EncodeOptions struct {
	// IncludeContacts writes the contacts section. Off by default, so that
	// names, addresses and phone numbers leave only when asked for.
	IncludeContacts bool
	// Compact writes the dataset on one line instead of indented two
	// spaces a level: a third smaller, and faster to write and read. The
	// pthv commands write new datasets compact unless asked for --indent,
	// and write an updated file back in the style it had.
	Compact bool
}

// EncodeDataset writes ds as pthv/v1 JSON. The output is deterministic and
// decodes back to an equal dataset ([DecodeDataset] ∘ EncodeDataset is the
// identity, contacts included when opt.IncludeContacts is set). The policy
// section holds only the fields that differ from [DefaultPolicy], which is
// how decoding reads it. A nil w or ds is an error wrapping [ErrInvalid],
// and nothing is written.
//
// The output goes to w as it is made, in pieces of about 64 KB, rather
// than whole at the end: wrap w in nothing, it is buffered already. A
// dataset that cannot be written — a time outside the years 0–9999, a
// share that is not a number — is found before anything is written. An
// error of w's stops the writing and is returned.
func EncodeDataset(w io.Writer, ds *Dataset, opt EncodeOptions) error {
	switch {
	case nilarg.Is(w):
		return nilInput("EncodeDataset", "writer")
	case ds == nil:
		return nilInput("EncodeDataset", "dataset")
	}
	out := *ds
	out.Format = Format
	if !opt.IncludeContacts {
		out.Contacts = nil
	}
	if ok, err := encodeFast(w, &out, opt); ok {
		return err
	}
	return encodeSlow(w, ds, opt)
}

// encodeSlow is EncodeDataset by encoding/json alone, into memory and
// then to w: the fast writer's oracle, and what writes a dataset the
// fast writer declines.
func encodeSlow(w io.Writer, ds *Dataset, opt EncodeOptions) error {
	out := *ds
	out.Format = Format
	if !opt.IncludeContacts {
		out.Contacts = nil
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if !opt.Compact {
		enc.SetIndent("", "  ")
	}
	// The sections before the records are spelled out so that the policy
	// is written as its differences from the defaults, in its usual place.
	return enc.Encode(struct {
		Format   string      `json:"format"`
		District District    `json:"district"`
		Year     SchoolYear  `json:"year"`
		Calendar Calendar    `json:"calendar"`
		Policy   policyDelta `json:"policy"`
		*Dataset
	}{out.Format, out.District, out.Year, out.Calendar, policyDelta(out.Policy), &out})
}

func singular(section string) string {
	switch section {
	case "classes":
		return "class"
	case "families":
		return "family"
	case "past_pairs":
		return "past pair"
	}
	if n := len(section); n > 1 && section[n-1] == 's' {
		return section[:n-1]
	}
	return section
}

// newLike returns a pointer to a fresh zero value of the type target points to.
func newLike(target any) any { return reflect.New(reflect.TypeOf(target).Elem()).Interface() }
