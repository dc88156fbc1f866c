package httpapi

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/store/sqlstore"
)

// Verdict is the answer of POST /v1/guard.
type Verdict struct {
	Allowed  bool                `json:"allowed"`
	Visit    model.Visit         `json:"visit"`
	Rules    []string            `json:"rules,omitempty"`
	Findings []practices.Finding `json:"findings"`
	Clashes  []sqlstore.Clash    `json:"clashes"`
}

// Booked is the answer of POST /v1/bookings when the visit is recorded.
type Booked struct {
	Visit    model.Visit         `json:"visit"`
	Findings []practices.Finding `json:"findings"`
	Revision int                 `json:"revision"`
}

// StatusVisit is a visit as the student status shows it.
//
// Deprecated: use [practices.StatusVisit], the one wire form of a student's
// status.
type StatusVisit = practices.StatusVisit

// StudentStatus is the answer of GET /v1/students/{id}/status, the same
// answer as `pthv lookup --format json`.
//
// Deprecated: use [practices.StudentStatus], which both write.
type StudentStatus = practices.StudentStatus

func rulesOf(fs []practices.Finding) []string {
	var out []string
	for _, f := range fs {
		if f.Severity == practices.Violation {
			out = append(out, f.Rule)
		}
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// storeError answers an error of the store: a proposal it cannot judge
// names its field.
func (s *service) storeError(w http.ResponseWriter, r *http.Request, err error) {
	var ie *sqlstore.InputError
	if !errors.As(err, &ie) {
		s.internal(w, r, err)
		return
	}
	field := "visit." + ie.Field
	if ie.Field == "as_of" {
		field = "as_of"
	}
	switch {
	case errors.Is(err, sqlstore.ErrTaken):
		problem(w, http.StatusConflict, "taken", err.Error(), &Problem{Field: field})
	case errors.Is(err, model.ErrDangling):
		problem(w, http.StatusUnprocessableEntity, "unknown-record", err.Error(), &Problem{Field: field})
	default:
		problem(w, http.StatusBadRequest, "invalid-body", err.Error(), &Problem{Field: field})
	}
}

func (s *service) guard(w http.ResponseWriter, r *http.Request) {
	if !noQuery(w, r) {
		return
	}
	v, asOf, berr := s.readRequest(w, r)
	if berr != nil {
		berr.write(w)
		return
	}
	b, err := s.store.Guard(r.Context(), v, asOf)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, "application/json", Verdict{Allowed: !b.Refused(), Visit: b.Visit,
		Rules: rulesOf(b.Verdict.Findings), Findings: nonNil(b.Verdict.Findings), Clashes: nonNil(b.Clashes)})
}

func (s *service) book(w http.ResponseWriter, r *http.Request) {
	if !noQuery(w, r) {
		return
	}
	v, asOf, berr := s.readRequest(w, r)
	if berr != nil {
		berr.write(w)
		return
	}
	b, err := s.store.Book(r.Context(), v, asOf)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	switch {
	case b.Verdict.HasViolation():
		rules := rulesOf(b.Verdict.Findings)
		problem(w, http.StatusUnprocessableEntity, "rule-violation",
			fmt.Sprintf("visit %s not recorded: it breaks %v", b.Visit.ID, rules),
			&Problem{Rules: rules, Findings: b.Verdict.Findings, Clashes: b.Clashes})
	case len(b.Clashes) > 0:
		problem(w, http.StatusConflict, "clash",
			fmt.Sprintf("visit %s not recorded: it overlaps %d visit(s) on record", b.Visit.ID, len(b.Clashes)),
			&Problem{Clashes: b.Clashes})
	default:
		writeJSON(w, http.StatusCreated, "application/json", Booked{Visit: b.Visit, Findings: nonNil(b.Verdict.Findings), Revision: b.Revision})
	}
}

// noQuery refuses a query string on a route that takes none.
func noQuery(w http.ResponseWriter, r *http.Request) bool {
	if r.URL.RawQuery == "" {
		return true
	}
	q, _ := url.ParseQuery(r.URL.RawQuery)
	for k := range q {
		problem(w, http.StatusBadRequest, "invalid-body", fmt.Sprintf("%s: this route takes no query parameter", k), &Problem{Field: k})
		return false
	}
	problem(w, http.StatusBadRequest, "invalid-body", "this route takes no query", nil)
	return false
}

// asOfQuery reads the as_of query parameter (YYYY-MM-DD) and refuses any
// other; ok is false when it answered the request.
func asOfQuery(w http.ResponseWriter, r *http.Request) (d model.Date, set, ok bool) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		problem(w, http.StatusBadRequest, "invalid-body", "malformed query", nil)
		return d, false, false
	}
	for k, vs := range q {
		if k != "as_of" {
			problem(w, http.StatusBadRequest, "invalid-body", fmt.Sprintf("%s: no such query parameter (as_of is)", k), &Problem{Field: k})
			return d, false, false
		}
		if len(vs) != 1 {
			problem(w, http.StatusBadRequest, "invalid-body", "as_of: give it once", &Problem{Field: "as_of"})
			return d, false, false
		}
		if d, err = model.ParseDate(vs[0]); err != nil {
			problem(w, http.StatusBadRequest, "invalid-body", fmt.Sprintf("as_of %q: want a date, YYYY-MM-DD", vs[0]), &Problem{Field: "as_of"})
			return d, false, false
		}
		set = true
	}
	return d, set, true
}

// endOfDay is the last second of d in the calendar's zone, as the CLI's
// --as-of reads a date.
func endOfDay(d model.Date, cal model.Calendar) time.Time {
	return d.AddDays(1).In(cal.Location(), 0).Add(-time.Second)
}

func (s *service) status(w http.ResponseWriter, r *http.Request) {
	d, set, ok := asOfQuery(w, r)
	if !ok {
		return
	}
	l, err := s.store.Lookup(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	asOf := s.now()
	if set {
		asOf = endOfDay(d, l.Calendar())
	}
	id := model.StudentID(r.PathValue("id"))
	sy, err := s.store.StudentYear(r.Context(), id, asOf)
	if errors.Is(err, model.ErrDangling) {
		problem(w, http.StatusNotFound, "not-found", fmt.Sprintf("no student %q on record", id), &Problem{Field: "id"})
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, "application/json", sy.Status(l.Calendar().Location()))
}

func (s *service) check(w http.ResponseWriter, r *http.Request) {
	d, set, ok := asOfQuery(w, r)
	if !ok {
		return
	}
	if n, _ := io.ReadFull(http.MaxBytesReader(w, r.Body, 1), make([]byte, 1)); n > 0 {
		problem(w, http.StatusBadRequest, "invalid-body", "this route takes no body: the program checked is the stored one", nil)
		return
	}
	ds, err := s.store.Load(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	asOf := s.now()
	if set {
		asOf = endOfDay(d, ds.Calendar)
	}
	rep, err := practices.Check(ds, asOf, nil)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, "application/json", rep)
}
