package workbook

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/homevisits/pthv/internal/errlist"
	"github.com/homevisits/pthv/interop/visitlog"
	"github.com/homevisits/pthv/model"
)

// Sentinel errors, for use with [errors.Is]. A cell's problem wraps one of
// these or one of the model's: [model.ErrInvalid] for a malformed value
// or one that is not among a column's choices, [model.ErrMissing] for a
// required cell left empty, [model.ErrDangling] for an id the dataset and
// the workbook do not have, [model.ErrDuplicateID] for an id on two rows.
var (
	// ErrSyntax: the file is not a workbook (not XLSX, or not well-formed
	// CSV), or a sheet's header is wrong (a column twice, an unknown
	// column, the id column missing).
	ErrSyntax = errors.New("malformed workbook")
	// ErrStale: the workbook was exported from an older revision of the
	// dataset than the one it is read into, so reading it could undo what
	// was recorded since. [ReadOptions].Force reads it anyway.
	ErrStale = errors.New("exported from an older revision of the dataset")
	// ErrMismatch: the workbook belongs to another school year or time
	// zone than the dataset.
	ErrMismatch = errors.New("belongs to another dataset")
	// ErrUnwritable: a record holds a value a sheet cannot carry so that
	// it reads back the same (an id with the list separator in it, a
	// control character, two contact entries for one person).
	ErrUnwritable = errors.New("cannot be written to the workbook")
)

// Error is one problem with one cell, row or sheet of a workbook. Its
// message names the workbook, then the cell the way a spreadsheet does,
// then the column:
//
//	program.xlsx: Visits!E7: status: invalid value: "done": want one of proposed, scheduled, completed, cancelled, no-show
//	program.xlsx: 'Contact attempts'!B3: at: invalid value: "next week": want a date and time such as 2025-09-12 16:30
//
// Row and Column are 1-based, as a spreadsheet numbers them (row 1 is the
// header); zero means unknown. Write's errors name the record instead of
// a cell.
type Error struct {
	File   string // the workbook file, or the folder of CSV sheets
	Sheet  string // such as "Visits"
	Row    int
	Column int
	Record string // such as `visit "V-12"`, when known
	Field  string // the column's header, such as "status"
	Err    error
}

// Error returns "file: Sheet!C7: field: problem", leaving out what is
// unknown.
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(": ")
	}
	if e.Sheet != "" {
		b.WriteString(e.Cell())
		b.WriteString(": ")
	}
	if e.Record != "" && e.Row == 0 {
		b.WriteString(e.Record)
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Cell names where the problem is the way a spreadsheet does: Visits!E7
// for a cell, "Visits row 7" for a whole row, the sheet alone otherwise.
// A sheet name with a space is quoted: 'Contact attempts'!B3.
func (e *Error) Cell() string {
	sheet := e.Sheet
	switch {
	case e.Row > 0 && e.Column > 0:
		if strings.ContainsAny(sheet, " '") {
			sheet = "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
		}
		return sheet + "!" + columnName(e.Column) + strconv.Itoa(e.Row)
	case e.Row > 0:
		return fmt.Sprintf("%s row %d", sheet, e.Row)
	}
	return sheet
}

// Unwrap returns the underlying problem.
func (e *Error) Unwrap() error { return e.Err }

// Errors is every problem found in a workbook, sheet by sheet.
type Errors []*Error

// maxErrors bounds how many problems one read collects.
const maxErrors = 200

// Error lists the problems one per line, at most 20 of them.
func (es Errors) Error() string { return errlist.Message(es) }

// Unwrap returns the errors, for errors.Is and errors.As.
func (es Errors) Unwrap() []error { return errlist.Unwrap(es) }

// columnName returns a spreadsheet column's letters: 1 is A, 27 is AA.
func columnName(n int) string {
	var b []byte
	for n > 0 {
		n--
		b = append([]byte{byte('A' + n%26)}, b...)
		n /= 26
	}
	return string(b)
}

func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", model.ErrInvalid, fmt.Sprintf(format, args...))
}

func danglingf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", model.ErrDangling, fmt.Sprintf(format, args...))
}

func syntaxf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrSyntax, fmt.Sprintf(format, args...))
}

// both is an error that reads as err and is also kind for errors.Is: a
// visit log's problem keeps its own words and sentinel, and is as well
// the model's sentinel every other sheet's problems use.
type both struct{ err, kind error }

func (b both) Error() string   { return b.err.Error() }
func (b both) Unwrap() []error { return []error{b.err, b.kind} }

// fromVisitlog gives a visit log problem the model's sentinel as well.
func fromVisitlog(err error) error {
	for _, m := range []struct{ from, to error }{
		{visitlog.ErrInvalid, model.ErrInvalid},
		{visitlog.ErrDangling, model.ErrDangling},
		{visitlog.ErrDuplicate, model.ErrDuplicateID},
		{visitlog.ErrSyntax, ErrSyntax},
		{visitlog.ErrUnwritable, ErrUnwritable},
	} {
		if errors.Is(err, m.from) {
			return both{err, m.to}
		}
	}
	return err
}
