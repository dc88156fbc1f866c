package visitlog

import (
	"errors"
	"fmt"

	"github.com/homevisits/pthv/internal/errlist"
	"github.com/homevisits/pthv/internal/sentinel"
	"github.com/homevisits/pthv/model"
)

// Sentinel errors, for use with [errors.Is]. ErrInvalid and ErrDangling
// are the model's own ([model.ErrInvalid], [model.ErrDangling]) and
// ErrDuplicate is a case of [model.ErrDuplicateID], so errors.Is with the
// model's sentinels finds them too.
var (
	// ErrSyntax: the file is not well-formed CSV, or its header is wrong
	// (a column twice, an unknown column, a required column missing).
	ErrSyntax = errors.New("malformed visit log")
	// ErrInvalid: a cell's value is malformed, not one of the allowed
	// values, or not written the way Write writes it.
	ErrInvalid = model.ErrInvalid
	// ErrDangling: a cell names a student, family or educator the dataset
	// does not have.
	ErrDangling = model.ErrDangling
	// ErrDuplicate: two rows have the same visit id.
	ErrDuplicate = sentinel.Sub("duplicate visit id", model.ErrDuplicateID)
	// ErrUnwritable: a visit holds a value the visit log cannot carry (an
	// id with a list separator in it, an empty interpreter).
	ErrUnwritable = errors.New("cannot be written to the visit log")
)

// Error is one problem with one cell of a visit log. Its message names the
// file, line and column (a spreadsheet's numbering), then the field:
//
//	visits.csv:7:9: duration: invalid value: "forty": want whole minutes such as "40"
//
// Line is the 1-based line where the cell starts; Column the 1-based
// column number (for malformed CSV, the byte position within the line the
// CSV reader reports). Zero means unknown. Write's errors name the visit
// instead of a file position.
type Error struct {
	File   string
	Line   int
	Column int
	Visit  string // the visit id, when known
	Field  string // the column, such as "duration"
	Err    error
}

// Error returns "file:line:column: field: problem", leaving out the parts
// that are unknown. A nil *Error reads "<nil>", and one with no part known
// "visitlog: error".
func (e *Error) Error() string {
	if e == nil {
		return "<nil>"
	}
	w := errlist.Where{File: e.File, Line: e.Line, Column: e.Column, Field: e.Field}
	if e.Visit != "" && e.Line == 0 {
		w.Record = fmt.Sprintf("visit %q", e.Visit)
	}
	return errlist.Locate(w, e.Err, "visitlog: error")
}

// Unwrap returns the underlying problem; nil for a nil *Error.
func (e *Error) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// Errors is every problem found in a visit log, in line order.
type Errors []*Error

// maxErrors bounds how many problems one read collects.
const maxErrors = 200

// Error lists the problems one per line, at most 20 of them.
func (es Errors) Error() string { return errlist.Message(es) }

// Unwrap returns the errors, for errors.Is and errors.As.
func (es Errors) Unwrap() []error { return errlist.Unwrap(es) }

func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}
