package oneroster

import (
	"errors"
	"fmt"
	"github.com/homevisits/pthv/internal/errlist"
	"strings"
)

// Sentinel errors, for use with [errors.Is]. Every problem [Read] reports
// is an [*Error] wrapping one of them, gathered in an [Errors].
var (
	// ErrMissingFile: a file the import needs (orgs.csv, users.csv,
	// academicSessions.csv, or one the manifest lists as bulk) is absent.
	ErrMissingFile = errors.New("missing file")
	// ErrMissingColumn: a file lacks a column the import needs.
	ErrMissingColumn = errors.New("missing column")
	// ErrSyntax: the file is not well-formed CSV.
	ErrSyntax = errors.New("malformed CSV")
	// ErrInvalid: a value is malformed or not one of the allowed values.
	ErrInvalid = errors.New("invalid value")
	// ErrDuplicate: two rows of one file share a sourcedId.
	ErrDuplicate = errors.New("duplicate sourcedId")
	// ErrDangling: a reference names no row of the file it points into.
	ErrDangling = errors.New("refers to no record")
	// ErrUnsupported: the export is of a kind the importer does not read
	// (a delta export, an unknown OneRoster version).
	ErrUnsupported = errors.New("unsupported export")
)

// Error is one problem in one cell (or row, or file) of an export. Its
// message names the file, the line and the column, then the field:
//
//	users.csv:12:6: role: invalid value: unknown role "teachr"
//
// Line is the 1-based line where the cell starts (a quoted value may span
// lines); Column is the 1-based column number as a spreadsheet counts
// them — except for malformed CSV, where it is the byte position within
// the line that the CSV reader reports. Zero means unknown.
type Error struct {
	File   string // such as "users.csv"
	Line   int
	Column int
	Field  string // the column's header, such as "role"; may be empty
	Err    error  // the problem, wrapping one of the sentinels
}

// Error returns "file:line:column: field: problem".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the underlying problem.
func (e *Error) Unwrap() error { return e.Err }

// Errors is every problem found in an export, in file order then line
// order. [errors.Is] and [errors.As] see each of them.
type Errors []*Error

// maxErrors bounds how many problems one import collects, so a file of
// garbage costs no more memory than a short report of it.
const maxErrors = 200

// Error lists the problems one per line, at most 20 of them.
func (es Errors) Error() string { return errlist.Message(es) }

// Unwrap returns the errors, for errors.Is and errors.As.
func (es Errors) Unwrap() []error { return errlist.Unwrap(es) }

// problems collects the errors of one file.
type problems struct {
	errs Errors
}

func (p *problems) add(e *Error) {
	if len(p.errs) < maxErrors {
		p.errs = append(p.errs, e)
	}
}

func (p *problems) full() bool { return len(p.errs) >= maxErrors }

func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}
