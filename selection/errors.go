package selection

import (
	"errors"
	"fmt"
	"strings"

	"github.com/homevisits/pthv/model"
)

// Sentinel errors, for use with [errors.Is].
var (
	// ErrTargeting: a request tried to choose families by something other
	// than school, grade, class or teacher — a student attribute such as
	// attendance, ELL, IEP, free lunch, race or neighborhood. Core practice
	// 4 is "no targeting": such attributes may balance a sample, never
	// filter it.
	ErrTargeting = errors.New("targeting")
	// ErrInvalidScope: a scope value is malformed or names no record.
	ErrInvalidScope = errors.New("invalid scope")
	// ErrEmptyScope: no family has a student in the scope.
	ErrEmptyScope = errors.New("no family in scope")
	// ErrInvalidRequest: a plan request is malformed (share, count, method,
	// seed, priority or cap).
	ErrInvalidRequest = errors.New("invalid plan request")
	// ErrUnknownAttribute: a balance attribute is recorded for no family in
	// scope.
	ErrUnknownAttribute = errors.New("unknown attribute")
	// ErrTeacherCap: the per-teacher cap cannot be met while keeping every
	// stratum's quota; the [*CapError] names the teachers.
	ErrTeacherCap = errors.New("teacher cap cannot be met")
	// ErrInvalidThresholds: audit thresholds are out of range.
	ErrInvalidThresholds = errors.New("invalid audit thresholds")
)

// ScopeError is a problem with one scope key. Err is [ErrTargeting] when the
// key is not a scope key (a student attribute, or anything else), and
// [ErrInvalidScope] when the key is allowed but its value is not.
type ScopeError struct {
	Key   string // the key as given, such as "ell" or "grade"
	Value string // the value, when one was given
	Err   error
}

// Error names the scope key and value and why they were refused. A nil
// *ScopeError reads "<nil>".
func (e *ScopeError) Error() string {
	if e == nil {
		return "<nil>"
	}
	if errors.Is(e.Err, ErrTargeting) {
		return fmt.Sprintf("selection: scope key %q: %v: families may not be chosen by a student attribute "+
			"(core practice 4: no targeting); a scope may use only school, grade, class or teacher, "+
			"and attributes may balance a sample but never filter it", e.Key, e.Err)
	}
	if e.Value != "" {
		return fmt.Sprintf("selection: scope %s=%q: %v", e.Key, e.Value, e.Err)
	}
	return fmt.Sprintf("selection: scope %q: %v", e.Key, e.Err)
}

// Unwrap returns the underlying error; nil for a nil *ScopeError.
func (e *ScopeError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// CapError reports a per-teacher cap that no selection can meet while every
// stratum keeps its quota: the named teachers are already at the cap and
// the families still to place have no other teacher.
type CapError struct {
	Cap      int
	Teachers []model.EducatorID // sorted
	Short    int                // families that could not be placed
}

// Error names the teachers whose cap cannot be met. A nil *CapError reads
// "<nil>".
func (e *CapError) Error() string {
	if e == nil {
		return "<nil>"
	}
	names := make([]string, len(e.Teachers))
	for i, t := range e.Teachers {
		names[i] = fmt.Sprintf("%q", string(t))
	}
	who := "teacher " + strings.Join(names, ", ")
	if len(names) > 1 {
		who = "teachers " + strings.Join(names, ", ")
	}
	return fmt.Sprintf("selection: %v: at most %d families each, %s cannot take the %d families still to place in their strata (raise the cap or narrow the scope)",
		ErrTeacherCap, e.Cap, who, e.Short)
}

// Unwrap returns [ErrTeacherCap], even for a nil *CapError: its type alone
// says what kind of error it is.
func (e *CapError) Unwrap() error { return ErrTeacherCap }

func requestErr(format string, args ...any) error {
	return fmt.Errorf("selection: %w: %s", ErrInvalidRequest, fmt.Sprintf(format, args...))
}
