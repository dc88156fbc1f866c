package oneroster

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
)

// csvReader reads RFC 4180 records. It differs from encoding/csv where
// exports from spreadsheets and older systems need it to:
//
//   - a record ends at CRLF, LF or a lone CR (classic Mac OS, some
//     spreadsheet exports), and each of them counts as one line;
//   - a line break inside a quoted value is kept as written, so a CRLF
//     there stays CRLF;
//   - a value, a record and the number of values in a record are capped
//     ([MaxFieldBytes], [MaxRowBytes], [MaxColumns]), so that memory stays
//     bounded whatever the input.
//
// Line numbers count physical lines, so an error after a quoted line break
// still names the line a spreadsheet or editor shows.
type csvReader struct {
	src      io.Reader
	buf      []byte
	pos, end int
	err      error // sticky: the source's error once buf is drained

	line int // line of the next unread byte, 1-based
	col  int // bytes of that line already read

	rec    []byte   // the current record's values, back to back
	ends   []int    // end of each value in rec
	lines  []int    // line on which each value starts
	fields []string // the record, reused between calls
}

// csvError is a problem at a place in the input: a malformed record, a
// value over a cap, or a read error.
// Every csvError ends the file: past one, the reader cannot tell where the
// next record starts.
type csvError struct {
	line  int
	col   int // 1-based byte position within the line, 0 if unknown
	field int // 0-based index of the value, -1 if not about one value
	err   error
}

func (e *csvError) Error() string { return e.err.Error() }

// Problems the reader reports, worded as encoding/csv words them.
var (
	errBareQuote = errors.New(`bare " in non-quoted-field`)
	errQuote     = errors.New(`extraneous or missing " in quoted-field`)
)

// special marks the bytes that end a run of plain value bytes.
var special = [256]bool{',': true, '"': true, '\r': true, '\n': true}

func newCSVReader(src io.Reader) *csvReader {
	return &csvReader{src: src, buf: make([]byte, 64<<10), line: 1}
}

// fill reads more input once buf is drained; it reports whether any byte
// is available.
func (r *csvReader) fill() bool {
	for r.pos == r.end {
		if r.err != nil {
			return false
		}
		n, err := r.src.Read(r.buf)
		r.pos, r.end = 0, n
		if err != nil {
			r.err = err
		}
	}
	return true
}

// peek returns the next byte without consuming it.
func (r *csvReader) peek() (byte, bool) {
	if r.pos == r.end && !r.fill() {
		return 0, false
	}
	return r.buf[r.pos], true
}

// skipPrefix discards p if the input starts with it.
func (r *csvReader) skipPrefix(p string) bool {
	for r.end-r.pos < len(p) && r.err == nil {
		// Gather at least len(p) bytes at the start of buf.
		copy(r.buf, r.buf[r.pos:r.end])
		r.end -= r.pos
		r.pos = 0
		n, err := r.src.Read(r.buf[r.end:])
		r.end += n
		if err != nil {
			r.err = err
		}
	}
	if r.end-r.pos >= len(p) && string(r.buf[r.pos:r.pos+len(p)]) == p {
		r.pos += len(p)
		return true
	}
	return false
}

// rest returns the unread input — what is buffered, then the rest of the
// source — and empties the buffer, so that a decoder can be put between
// the source and the reader.
func (r *csvReader) rest() io.Reader {
	buffered := bytes.NewReader(slices.Clone(r.buf[r.pos:r.end]))
	var src io.Reader
	switch r.err {
	case nil:
		src = r.src
	case io.EOF:
		src = bytes.NewReader(nil)
	default:
		src = errReader{r.err}
	}
	r.pos, r.end, r.err = 0, 0, nil
	return io.MultiReader(buffered, src)
}

// errReader is a source that has failed.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// newline consumes a line end whose first byte, c, was just consumed: a
// CR followed by LF is one line end.
func (r *csvReader) newline(c byte, keep bool) {
	if keep {
		r.rec = append(r.rec, c)
	}
	if c == '\r' {
		if n, ok := r.peek(); ok && n == '\n' {
			r.pos++
			if keep {
				r.rec = append(r.rec, '\n')
			}
		}
	}
	r.line++
	r.col = 0
}

// read returns the next record, or io.EOF after the last. The slice is
// reused by the next call; the strings are not.
func (r *csvReader) read() ([]string, error) {
	r.rec, r.ends, r.lines = r.rec[:0], r.ends[:0], r.lines[:0]
	for {
		c, ok := r.peek()
		if !ok {
			if r.err == io.EOF {
				return nil, io.EOF
			}
			return nil, r.readErr()
		}
		if c != '\r' && c != '\n' {
			break
		}
		r.pos++ // an empty line is no record
		r.newline(c, false)
	}
	startLine := r.line
	rowStart := 0 // bytes consumed by earlier values of this record
	for {
		r.lines = append(r.lines, r.line)
		if len(r.lines) > MaxColumns {
			return nil, &csvError{line: startLine, field: -1, err: fmt.Errorf("%w: the row has more than %d values (MaxColumns)", ErrTooLarge, MaxColumns)}
		}
		fieldStart := len(r.rec)
		endOfRecord, err := r.value(rowStart, fieldStart)
		if err != nil {
			return nil, err
		}
		r.ends = append(r.ends, len(r.rec))
		rowStart += len(r.rec) - fieldStart + 1
		if endOfRecord {
			break
		}
	}
	s := string(r.rec)
	r.fields = r.fields[:0]
	start := 0
	for _, end := range r.ends {
		r.fields = append(r.fields, s[start:end])
		start = end
	}
	return r.fields, nil
}

// value reads one value, quoted or not, and the comma or line end after
// it; endOfRecord is true after a line end or the end of the input.
func (r *csvReader) value(rowStart, fieldStart int) (endOfRecord bool, err error) {
	field := len(r.ends)
	tooLarge := func() error {
		size := len(r.rec) - fieldStart
		if size > MaxFieldBytes {
			return &csvError{line: r.lines[field], field: field, err: fmt.Errorf("%w: the value is longer than %d bytes (MaxFieldBytes)", ErrTooLarge, MaxFieldBytes)}
		}
		if rowStart+size > MaxRowBytes {
			return &csvError{line: r.lines[0], field: -1, err: fmt.Errorf("%w: the row is longer than %d bytes (MaxRowBytes)", ErrTooLarge, MaxRowBytes)}
		}
		return nil
	}
	if c, ok := r.peek(); ok && c == '"' {
		return r.quoted(tooLarge)
	}
	for {
		if r.pos == r.end && !r.fill() {
			if r.err != io.EOF {
				return false, r.readErr()
			}
			return true, nil
		}
		b := r.buf[r.pos:r.end]
		i := 0
		for i < len(b) && !special[b[i]] {
			i++
		}
		r.rec = append(r.rec, b[:i]...)
		r.pos += i
		r.col += i
		if err := tooLarge(); err != nil {
			return false, err
		}
		if i == len(b) {
			continue
		}
		c := b[i]
		r.pos++
		r.col++
		switch c {
		case ',':
			return false, nil
		case '\r', '\n':
			r.newline(c, false)
			return true, nil
		default: // '"'
			return false, &csvError{line: r.line, col: r.col, field: field, err: errBareQuote}
		}
	}
}

// quoted reads a quoted value: "" is a quote, and line breaks are kept as
// written.
func (r *csvReader) quoted(tooLarge func() error) (endOfRecord bool, err error) {
	field := len(r.ends)
	startLine, startCol := r.line, r.col+1
	r.pos++
	r.col++
	for {
		if r.pos == r.end && !r.fill() {
			if r.err != io.EOF {
				return false, r.readErr()
			}
			return false, &csvError{line: startLine, col: startCol, field: field, err: errQuote}
		}
		b := r.buf[r.pos:r.end]
		i := 0
		for i < len(b) && b[i] != '"' && b[i] != '\r' && b[i] != '\n' {
			i++
		}
		r.rec = append(r.rec, b[:i]...)
		r.pos += i
		r.col += i
		if err := tooLarge(); err != nil {
			return false, err
		}
		if i == len(b) {
			continue
		}
		c := b[i]
		r.pos++
		r.col++
		if c != '"' {
			r.newline(c, true)
			continue
		}
		n, ok := r.peek()
		switch {
		case ok && n == '"':
			r.pos++
			r.col++
			r.rec = append(r.rec, '"')
		case !ok:
			if r.err != io.EOF {
				return false, r.readErr()
			}
			return true, nil
		case n == ',':
			r.pos++
			r.col++
			return false, nil
		case n == '\r' || n == '\n':
			r.pos++
			r.newline(n, false)
			return true, nil
		default:
			return false, &csvError{line: r.line, col: r.col, field: field, err: errQuote}
		}
	}
}

// readErr wraps the source's error, which stops the file.
func (r *csvReader) readErr() error {
	return &csvError{line: r.line, field: -1, err: r.err}
}

// fieldLine returns the line on which value i of the last record starts.
func (r *csvReader) fieldLine(i int) int {
	if i < 0 || i >= len(r.lines) {
		if len(r.lines) == 0 {
			return r.line
		}
		i = 0
	}
	return r.lines[i]
}
