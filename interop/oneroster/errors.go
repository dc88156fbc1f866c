package oneroster

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/homevisits/pthv/internal/errlist"
	"github.com/homevisits/pthv/internal/sentinel"
	"github.com/homevisits/pthv/model"
)

// Sentinel errors, for use with [errors.Is]. ErrInvalid and ErrDangling
// are the model's own ([model.ErrInvalid], [model.ErrDangling]) and
// ErrDuplicate is a case of [model.ErrDuplicateID], so errors.Is with the
// model's sentinels finds them too. Every problem [Read] reports
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
	ErrInvalid = model.ErrInvalid
	// ErrDuplicate: two rows of one file share a sourcedId.
	ErrDuplicate = sentinel.Sub("duplicate sourcedId", model.ErrDuplicateID)
	// ErrDangling: a reference names no row of the file it points into.
	ErrDangling = model.ErrDangling
	// ErrUnsupported: the export is of a kind the importer does not read
	// (a delta export, an unknown OneRoster version).
	ErrUnsupported = errors.New("unsupported export")
	// ErrEncoding: a byte is not text in the export's encoding (UTF-8
	// unless [Options.Encoding] names another).
	ErrEncoding = errors.New("invalid text encoding")
	// ErrTooLarge: a value, a row or a file is over one of the caps
	// ([MaxFieldBytes], [MaxRowBytes], [MaxColumns], [MaxFileBytes],
	// [MaxTotalBytes]).
	ErrTooLarge = errors.New("too large")
	// ErrMore: the last entry of an [Errors] cut short at [MaxErrors],
	// which says how many problems were left out.
	ErrMore = errors.New("more problems")
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

// Error returns "file:line:column: field: problem"; the entry that ends a
// list cut short, which names no file, is just "… and N more".
func (e *Error) Error() string {
	if e == nil {
		return "<nil>"
	}
	err := e.Err
	if err == nil {
		err = errUnknown
	}
	return errlist.Locate(errlist.Where{File: e.File, Line: e.Line, Column: e.Column, Field: e.Field}, err, "")
}

// errUnknown stands for the problem of an Error that holds none.
var errUnknown = errors.New("unknown problem")

// Unwrap returns the underlying problem.
func (e *Error) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// Errors is every problem found in an export, sorted by file, line and
// column — problems within files and references between them together —
// up to [MaxErrors] of them. A longer list keeps the first MaxErrors and
// ends with one more entry, naming no file, whose message is
// "… and N more" and which wraps [ErrMore]. [errors.Is] and [errors.As]
// see each entry.
type Errors []*Error

// Error lists the problems one per line.
func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the errors, for errors.Is and errors.As.
func (es Errors) Unwrap() []error { return errlist.Unwrap(es) }

// more is the message of the entry that ends a list cut short.
type more int

func (n more) Error() string { return fmt.Sprintf("… and %d more", int(n)) }
func (n more) Unwrap() error { return ErrMore }

// problems collects the errors of one file, or of one stage. It keeps the
// MaxErrors first in file order and counts the rest, so that a file of
// garbage costs no more memory than a short report of it.
type problems struct {
	errs  Errors
	total int
}

func (p *problems) add(e *Error) {
	p.total++
	p.errs = append(p.errs, e)
	if len(p.errs) >= 4*MaxErrors {
		sortErrors(p.errs)
		clear(p.errs[MaxErrors:])
		p.errs = p.errs[:MaxErrors]
	}
}

// sortErrors orders errors by file, line, column, then message, so that a
// report reads top to bottom and is the same on every run.
func sortErrors(es Errors) {
	slices.SortStableFunc(es, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Field, b.Field),
			cmp.Compare(a.Error(), b.Error()),
		)
	})
}

// merge gathers the problems of every file and stage into one sorted list,
// cut at MaxErrors with a final "… and N more".
func merge(ps ...*problems) Errors {
	var all Errors
	total := 0
	for _, p := range ps {
		all = append(all, p.errs...)
		total += p.total
	}
	if total == 0 {
		return nil
	}
	sortErrors(all)
	if len(all) > MaxErrors {
		all = all[:MaxErrors]
	}
	if total > len(all) {
		all = append(all, &Error{Err: more(total - len(all))})
	}
	return all
}

func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}
