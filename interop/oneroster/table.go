package oneroster

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

// table reads one OneRoster CSV file row by row, mapping columns by their
// header names (matched without regard to case or surrounding spaces), so
// that vendors' column orders and extra columns are both fine.
type table struct {
	name   string
	header []string       // as written
	cols   map[string]int // lower-cased header → index
	r      *csv.Reader
	closer io.Closer
	rec    []string
	p      *problems
	size   int64 // bytes, when the file system knows
}

// openTable opens name in fsys and reads its header. It returns nil when the
// file does not exist (whether that is an error is the caller's decision)
// or cannot be read (the problem is added to p). A UTF-8 byte order mark is
// skipped; CRLF line ends and quoted line breaks are read as RFC 4180 says.
func openTable(fsys fs.FS, name string, p *problems) *table {
	t, err := readHeader(fsys, name, p)
	if err != nil {
		p.add(err)
		return nil
	}
	return t
}

// readHeader opens name and reads its header; a missing file is (nil, nil).
func readHeader(fsys fs.FS, name string, p *problems) (*table, *Error) {
	f, err := fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &Error{File: name, Err: err}
	}
	br := bufio.NewReaderSize(f, 256<<10)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	r := csv.NewReader(br)
	r.ReuseRecord = true
	t := &table{name: name, r: r, closer: f, p: p, cols: map[string]int{}}
	if st, err := f.Stat(); err == nil {
		t.size = st.Size()
	}
	header, err := r.Read()
	if err == io.EOF {
		f.Close()
		return nil, &Error{File: name, Line: 1, Err: fmt.Errorf("%w: the file is empty (want a header row)", ErrSyntax)}
	}
	if err != nil {
		f.Close()
		return nil, t.syntax(err)
	}
	t.header = append([]string(nil), header...)
	for i, h := range t.header {
		key := strings.ToLower(strings.TrimSpace(h))
		if key == "" {
			continue
		}
		if _, dup := t.cols[key]; dup {
			f.Close()
			return nil, &Error{File: name, Line: 1, Column: i + 1, Field: h, Err: fmt.Errorf("%w: the column appears twice", ErrSyntax)}
		}
		t.cols[key] = i
	}
	return t, nil
}

// estimate guesses the number of rows from the file's size and a typical
// row length, so that slices and maps are allocated once.
func (t *table) estimate(rowBytes int) int {
	return int(min(t.size/int64(rowBytes), 1<<22)) + 16
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

// next reads the next row. It returns false at the end of the file or at
// a CSV syntax error, which it records.
func (t *table) next() bool {
	for {
		rec, err := t.r.Read()
		if err == io.EOF {
			return false
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
			line, _ := t.r.FieldPos(0)
			t.p.add(&Error{File: t.name, Line: line,
				Err: fmt.Errorf("%w: the row has %d cells, the header %d", ErrSyntax, len(rec), len(t.header))})
			if t.p.full() {
				return false
			}
			continue
		}
		if err != nil {
			t.p.add(t.syntax(err))
			return false
		}
		if blank(rec) {
			continue
		}
		t.rec = rec
		return true
	}
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
func (t *table) line(i int) int {
	if i < 0 || i >= len(t.rec) {
		i = 0
	}
	line, _ := t.r.FieldPos(i)
	return line
}

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

func (t *table) syntax(err error) *Error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{File: t.name, Line: pe.Line, Column: pe.Column, Err: fmt.Errorf("%w: %v", ErrSyntax, pe.Err)}
	}
	return &Error{File: t.name, Err: fmt.Errorf("%w: %v", ErrSyntax, err)}
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
