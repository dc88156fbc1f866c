package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/homevisits/pthv/internal/errlist"
)

// Sentinel errors, for use with [errors.Is]. Every error this package
// returns about input is a [*RecordError] or a [ValidationErrors] wrapping
// one of these.
var (
	// ErrMissing: a required field is absent or zero.
	ErrMissing = errors.New("required")
	// ErrDuplicateID: two records of one kind share an id.
	ErrDuplicateID = errors.New("duplicate id")
	// ErrDangling: a field refers to a record that does not exist.
	ErrDangling = errors.New("refers to no record")
	// ErrInvalid: a value is malformed or out of range.
	ErrInvalid = errors.New("invalid value")
	// ErrFormat: the input is not a pthv/v1 document or not well-formed JSON.
	ErrFormat = errors.New("not a pthv/v1 dataset")
	// ErrPolicyBounds: a policy threshold is outside the bounds that keep
	// its rule meaningful; no setting can switch a non-negotiable off.
	ErrPolicyBounds = errors.New("outside its allowed bounds")
)

// RecordError is a problem with one field of one record. Its message names
// the source, the line when known, the record and the field:
//
//	dataset.json:212: visit "V-12": duration: invalid value: must not be negative
type RecordError struct {
	Source string // file or stream name; may be empty
	Line   int    // 1-based line of the record, 0 when unknown
	Record string // such as `visit "V-12"` or `visits[3]`
	Field  string // such as "duration"; may be empty
	Err    error  // the underlying problem, often a sentinel

	section string // dataset section, for finding the line after decoding
	index   int
}

// Error returns "source:line: record: field: problem", leaving out the parts
// that are unknown. A nil *RecordError reads "<nil>", and one with no part
// known "model: record error".
func (e *RecordError) Error() string {
	if e == nil {
		return "<nil>"
	}
	return errlist.Locate(errlist.Where{File: e.Source, Line: e.Line, Record: e.Record, Field: e.Field}, e.Err, "model: record error")
}

// Unwrap returns the underlying error; nil for a nil *RecordError.
func (e *RecordError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// ValidationErrors is every structural problem found in a dataset, in
// document order. [errors.Is] and [errors.As] see each of them.
type ValidationErrors []*RecordError

// Error lists the errors one per line, at most 20 of them.
func (es ValidationErrors) Error() string { return errlist.Message(es) }

// Unwrap returns the errors, for errors.Is and errors.As.
func (es ValidationErrors) Unwrap() []error { return errlist.Unwrap(es) }

// nilInput reports a nil pointer, reader or writer handed to op, such as
// "model: DecodeDataset: nil reader".
func nilInput(op, what string) *RecordError {
	return &RecordError{Err: fmt.Errorf("model: %s: nil %s: %w", op, what, ErrInvalid)}
}

func fieldErr(field string, err error) *RecordError { return &RecordError{Field: field, Err: err} }

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// strictUnmarshal decodes b into v, rejecting unknown fields (extension
// fields aside) and trailing data.
func strictUnmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(dropExtensions(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("%w: trailing data after JSON value", ErrFormat)
	}
	return nil
}
