package oneroster

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// input is where an import reads its files from, and how.
type input struct {
	fsys    fs.FS
	charmap *charmap.Charmap // nil for UTF-8
	enc     string           // the encoding's name, for messages
}

// fileState is what reading one file tells the link stage about
// references into it.
type fileState struct {
	exists bool // the file is in the export (or marked absent but needed)
	// complete: every row was read, so a reference to an id the file
	// lacks is an error. A file whose header is unusable, or whose reading
	// stopped at a malformed record or a cap, is not complete: references
	// into it are not checked, since the rows they name may be the ones
	// not read.
	complete bool
	// broken holds the sourcedIds of rows left unread for their shape or
	// encoding; references to them are not reported again.
	broken map[string]bool
}

// table reads one OneRoster CSV file row by row, mapping columns by their
// header names (matched without regard to case or surrounding spaces), so
// that vendors' column orders and extra columns are both fine.
type table struct {
	name   string
	header []string       // as written
	cols   map[string]int // lower-cased header → index
	idCol  int            // the sourcedId column, or -1
	r      *csvReader
	closer io.Closer
	rec    []string
	p      *problems
	in     *input
	size   int64 // bytes, when the file system knows
	state  fileState
}

// openTable opens name and reads its header. It returns nil when the file
// does not exist (whether that is an error is the caller's decision) or
// its header cannot be read (the problem is added to p); exists tells them
// apart. A UTF-8 byte order mark is skipped; line ends and quoted values
// are read as [csvReader] says.
func openTable(in *input, name string, p *problems) (t *table, exists bool) {
	t, exists, err := readHeader(in, name, p)
	if err != nil {
		p.add(err)
		return nil, exists
	}
	return t, exists
}

// readHeader opens name and reads its header; a missing file is (nil,
// false, nil).
func readHeader(in *input, name string, p *problems) (*table, bool, *Error) {
	if in == nil || in.fsys == nil {
		return nil, false, nil
	}
	f, err := in.fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, true, &Error{File: name, Err: err}
	}
	if f == nil {
		return nil, false, nil
	}
	t := &table{name: name, closer: f, p: p, in: in, cols: map[string]int{}, idCol: -1,
		state: fileState{exists: true, complete: true}}
	if st, err := f.Stat(); err == nil {
		t.size = st.Size()
	}
	fail := func(e *Error) (*table, bool, *Error) {
		f.Close()
		t.state.complete = false
		return nil, true, e
	}
	if t.size > MaxFileBytes {
		return fail(&Error{File: name, Err: fmt.Errorf("%w: the file is %d bytes, over the cap of %d (MaxFileBytes)", ErrTooLarge, t.size, MaxFileBytes)})
	}
	t.r = newCSVReader(&capReader{r: f, max: MaxFileBytes})
	switch {
	case t.r.skipPrefix("\xef\xbb\xbf"):
		if in.charmap != nil {
			return fail(&Error{File: name, Line: 1, Column: 1, Err: fmt.Errorf("%w: the file starts with a UTF-8 byte order mark, but the export's encoding is given as %s", ErrEncoding, in.enc)})
		}
	case t.r.skipPrefix("\xff\xfe"), t.r.skipPrefix("\xfe\xff"):
		return fail(&Error{File: name, Line: 1, Column: 1, Err: fmt.Errorf("%w: the file is UTF-16; save it as UTF-8", ErrEncoding)})
	}
	if in.charmap != nil {
		t.r.src = in.charmap.NewDecoder().Reader(t.r.rest())
	}
	header, err := t.r.read()
	if err == io.EOF {
		return fail(&Error{File: name, Line: 1, Err: fmt.Errorf("%w: the file is empty (want a header row)", ErrSyntax)})
	}
	if err != nil {
		return fail(t.syntax(err))
	}
	t.header = append([]string(nil), header...)
	if e := t.checkText(t.header, nil); e != nil {
		return fail(e)
	}
	for i, h := range t.header {
		key := strings.ToLower(strings.TrimSpace(h))
		if key == "" {
			continue
		}
		if _, dup := t.cols[key]; dup {
			return fail(&Error{File: name, Line: 1, Column: i + 1, Field: h, Err: fmt.Errorf("%w: the column appears twice", ErrSyntax)})
		}
		t.cols[key] = i
	}
	t.idCol = t.col("sourcedId")
	return t, true, nil
}

// capReader holds a file to max bytes as read, whatever its size was
// declared to be.
type capReader struct {
	r        io.Reader
	n, max   int64
	overflow bool
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.overflow {
		return 0, c.tooLarge()
	}
	if left := c.max + 1 - c.n; int64(len(p)) > left {
		p = p[:left]
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.n > c.max {
		c.overflow = true
		return n - int(c.n-c.max), c.tooLarge()
	}
	return n, err
}

func (c *capReader) tooLarge() error {
	return fmt.Errorf("%w: the file is longer than %d bytes (MaxFileBytes)", ErrTooLarge, c.max)
}

// checkText reports, for each value of rec that is not text in the
// export's encoding, the first byte at fault; it returns the first such
// problem and, when p is not nil, adds every one to p.
func (t *table) checkText(rec []string, p *problems) *Error {
	var first *Error
	for i, v := range rec {
		var msg string
		if t.in.charmap == nil {
			if utf8.ValidString(v) {
				continue
			}
			at := 0
			for at < len(v) {
				r, size := utf8.DecodeRuneInString(v[at:])
				if r == utf8.RuneError && size <= 1 {
					break
				}
				at += size
			}
			msg = fmt.Sprintf("byte 0x%02X (byte %d of the value) is not UTF-8; if the export is in another encoding, name it (windows-1252 or iso-8859-1)", v[at], at+1)
		} else {
			at := strings.IndexRune(v, utf8.RuneError)
			if at < 0 {
				continue
			}
			msg = fmt.Sprintf("character %d of the value is a byte %s does not define", utf8.RuneCountInString(v[:at])+1, t.in.enc)
		}
		e := &Error{File: t.name, Line: t.r.fieldLine(i), Column: i + 1, Field: t.fieldName(i), Err: fmt.Errorf("%w: %s", ErrEncoding, msg)}
		if first == nil {
			first = e
		}
		if p == nil {
			break
		}
		p.add(e)
	}
	return first
}

// estimate guesses the number of rows from the file's size and a typical
// row length, so that slices and maps are allocated once for a roster of
// ordinary size. The size is as declared, and a declared size costs
// nothing to lie about, so the guess stops at 1<<16 rows and larger files
// grow their slices as they are read.
func (t *table) estimate(rowBytes int) int {
	return int(min(t.size/int64(rowBytes), 1<<16)) + 16
}

// require reports every listed column the header lacks.
func (t *table) require(cols ...string) bool {
	ok := true
	for _, c := range cols {
		if _, has := t.cols[strings.ToLower(c)]; !has {
			t.p.add(&Error{File: t.name, Line: 1, Field: c, Err: fmt.Errorf("%w: the header has no %q column", ErrMissingColumn, c)})
			ok = false
		}
	}
	return ok
}

// col returns the index of a column, or -1.
func (t *table) col(name string) int {
	if i, ok := t.cols[strings.ToLower(name)]; ok {
		return i
	}
	return -1
}

// next reads the next row. It returns false at the end of the file, or
// at a problem that stops it (recorded). A row of the wrong length, or
// with a value that is not text, is recorded and skipped.
func (t *table) next() bool {
	for {
		rec, err := t.r.read()
		if err == io.EOF {
			return false
		}
		if err != nil {
			t.p.add(t.syntax(err))
			t.state.complete = false
			return false
		}
		if blank(rec) {
			continue
		}
		t.rec = rec
		if len(rec) != len(t.header) {
			t.p.add(&Error{File: t.name, Line: t.r.fieldLine(0),
				Err: fmt.Errorf("%w: the row has %d cells, the header %d", ErrSyntax, len(rec), len(t.header))})
			t.skip()
			continue
		}
		if t.checkText(rec, t.p) != nil {
			t.skip()
			continue
		}
		return true
	}
}

// skip leaves out the current row, remembering its sourcedId so that
// references to it are not reported as dangling.
func (t *table) skip() {
	if id := t.get(t.idCol); id != "" {
		if t.state.broken == nil {
			t.state.broken = map[string]bool{}
		}
		t.state.broken[id] = true
	}
	t.rec = nil
}

func blank(rec []string) bool {
	for _, s := range rec {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// get returns the trimmed value of column i of the current row, or "" when
// the file has no such column.
func (t *table) get(i int) string {
	if i < 0 || i >= len(t.rec) {
		return ""
	}
	return strings.TrimSpace(t.rec[i])
}

// line returns the line on which column i of the current row starts.
func (t *table) line(i int) int { return t.r.fieldLine(i) }

// at returns a cell position of the current row, for errors found later.
func (t *table) at(i int) pos {
	return pos{line: int32(t.line(i)), col: int32(i + 1)}
}

// fail records a problem with column i of the current row.
func (t *table) fail(i int, err error) {
	t.p.add(&Error{File: t.name, Line: t.line(i), Column: i + 1, Field: t.fieldName(i), Err: err})
}

func (t *table) fieldName(i int) string {
	if i >= 0 && i < len(t.header) {
		return strings.TrimSpace(t.header[i])
	}
	return ""
}

// syntax turns a reader's error into a problem: a malformed record at
// its line and byte position, a value or row over a cap at its cell, a
// read error at the line reached.
func (t *table) syntax(err error) *Error {
	ce, ok := errors.AsType[*csvError](err)
	if !ok {
		return &Error{File: t.name, Err: fmt.Errorf("reading the file: %w", err)}
	}
	switch {
	case errors.Is(ce.err, ErrTooLarge):
		e := &Error{File: t.name, Line: ce.line, Err: ce.err}
		if ce.field >= 0 {
			e.Column, e.Field = ce.field+1, t.fieldName(ce.field)
		}
		return e
	case errors.Is(ce.err, errBareQuote), errors.Is(ce.err, errQuote):
		return &Error{File: t.name, Line: ce.line, Column: ce.col, Err: fmt.Errorf("%w: %v", ErrSyntax, ce.err)}
	}
	return &Error{File: t.name, Line: ce.line, Err: fmt.Errorf("reading the file: %w", ce.err)}
}

func (t *table) close() { t.closer.Close() }

// pos is where a cell was read, kept for errors found after the file.
type pos struct{ line, col int32 }

// errAt builds an error for a cell read earlier.
func errAt(file string, at pos, field string, err error) *Error {
	return &Error{File: file, Line: int(at.line), Column: int(at.col), Field: field, Err: err}
}

// splitList splits a OneRoster list value ("id1,id2") into trimmed, non-empty items.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
