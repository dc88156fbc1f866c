package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
)

// Booking is what the store decided about one proposed visit.
type Booking struct {
	// Visit is the visit as judged: the proposal with the defaults filled
	// in (see [Store.Book]).
	Visit model.Visit
	// Verdict is [practices.Guard]'s answer: the ● rules the visit breaks.
	Verdict practices.Verdict
	// Clashes are the visits on record (scheduled or completed) the
	// proposed visit overlaps: one of the family's, or one of a visitor's.
	Clashes []Clash
	// Recorded reports whether the visit was stored (Book only).
	Recorded bool
	// Revision is the program's revision after the booking.
	Revision int
}

// Refused reports whether the visit breaks a rule decided at booking or
// clashes with a visit on record: such a visit is not recorded.
func (b Booking) Refused() bool { return b.Verdict.HasViolation() || len(b.Clashes) > 0 }

// Clash is a visit on record that a proposed visit overlaps.
type Clash struct {
	Visit model.VisitID `json:"visit"`
	// Family is set when the visit is the same family's; Educator when
	// the visit has one of the proposed visitors.
	Family   model.FamilyID   `json:"family,omitempty"`
	Educator model.EducatorID `json:"educator,omitempty"`
	Start    time.Time        `json:"start"`
	End      time.Time        `json:"end"`
}

// InputError is a proposed visit the store cannot judge: a field missing
// or malformed, an id it does not hold, a visit id already taken. Field
// names the visit's field as pthv/v1 spells it ("family", "visitors[1]",
// "start"); Err wraps [model.ErrMissing], [model.ErrInvalid],
// [model.ErrDangling] or [ErrTaken].
type InputError struct {
	Field string
	Err   error
}

// Error returns "visit: FIELD: problem".
func (e *InputError) Error() string {
	if e == nil {
		return "<nil>"
	}
	if e.Field == "" {
		return fmt.Sprintf("visit: %v", e.Err)
	}
	return fmt.Sprintf("visit: %s: %v", e.Field, e.Err)
}

// Unwrap returns the underlying error.
func (e *InputError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

func inputErr(field string, err error) error { return &InputError{Field: field, Err: err} }

// Guard judges a proposed visit against the stored program as [Store.Book]
// would, and records nothing: the verdict of [practices.Guard] over the
// store's [Lookup], and the clashes with visits on record.
func (s *Store) Guard(ctx context.Context, proposed model.Visit, asOf time.Time) (Booking, error) {
	if err := s.usable("Guard"); err != nil {
		return Booking{}, err
	}
	if ctx == nil {
		return Booking{}, fmt.Errorf("sqlstore: Guard: nil context: %w", model.ErrInvalid)
	}
	var b Booking
	err := s.read(ctx, func(q querier) error {
		var err error
		b, err = s.judge(ctx, q, proposed, asOf, false)
		return err
	})
	return b, s.wrap("guard", err)
}

// Book judges a proposed visit and, when it breaks no ● rule and clashes
// with no visit on record, records it as scheduled — both in one
// transaction, so that of two bookings made at the same moment that
// together would break a rule, or put an educator in two places, one is
// refused. On SQLite the transaction takes the database's write lock
// first (BEGIN IMMEDIATE); on PostgreSQL it is SERIALIZABLE and run again
// when it loses a race. Recording a visit increments the program's
// revision, as every write-back does.
//
// The proposal is completed as `pthv book` completes it: status
// scheduled, arranged at asOf, the policy's visit length, all the
// family's students, kind first or second from the students' completed
// visits, the location at home (or the family's recorded preference,
// asked for by the family), and an id BK-FAMILY-YYYYMMDD-HHMM made unique.
// A proposal naming a family, student or educator the store does not
// hold, a visit id already stored, a start outside the school year or a
// malformed field is an [*InputError], and nothing is recorded.
func (s *Store) Book(ctx context.Context, proposed model.Visit, asOf time.Time) (Booking, error) {
	if err := s.usable("Book"); err != nil {
		return Booking{}, err
	}
	if ctx == nil {
		return Booking{}, fmt.Errorf("sqlstore: Book: nil context: %w", model.ErrInvalid)
	}
	var b Booking
	err := s.write(ctx, func(q querier) error {
		var err error
		if b, err = s.judge(ctx, q, proposed, asOf, true); err != nil || b.Refused() {
			return err
		}
		return s.record(ctx, q, &b)
	})
	if err != nil {
		return Booking{}, s.wrap("book", err)
	}
	return b, nil
}

// wrap names the store on an error, leaving an InputError as it is.
func (s *Store) wrap(op string, err error) error {
	var ie *InputError
	if err == nil || errors.As(err, &ie) {
		return err
	}
	return s.fail(op, err)
}

// judge completes the proposal and runs Guard and the clash check on q.
func (s *Store) judge(ctx context.Context, q querier, v model.Visit, asOf time.Time, booking bool) (Booking, error) {
	if asOf.IsZero() {
		return Booking{}, inputErr("as_of", fmt.Errorf("no time given: %w", model.ErrMissing))
	}
	l, err := s.lookupOn(ctx, q)
	if err != nil {
		return Booking{}, err
	}
	h := l.h
	if err := s.complete(ctx, l, &v, asOf, booking); err != nil {
		return Booking{}, err
	}
	verdict, err := practices.Guard(l, v, asOf, &h.policy)
	if err != nil {
		return Booking{}, err
	}
	clashes, err := s.clashes(ctx, l, v)
	if err != nil {
		return Booking{}, err
	}
	if err := l.Err(); err != nil {
		return Booking{}, err
	}
	return Booking{Visit: v, Verdict: verdict, Clashes: clashes, Revision: int(h.revision)}, nil
}

// complete checks the proposal's ids and fields and fills in what it
// leaves out, as `pthv book` does.
func (s *Store) complete(ctx context.Context, l *Lookup, v *model.Visit, asOf time.Time, booking bool) error {
	h := l.h
	if v.Family == "" {
		return inputErr("family", model.ErrMissing)
	}
	fam, ok := l.Family(v.Family)
	if err := l.Err(); err != nil {
		return err
	}
	if !ok {
		return inputErr("family", fmt.Errorf("no family %q on record: %w", v.Family, model.ErrDangling))
	}
	if len(v.Visitors) == 0 {
		return inputErr("visitors", model.ErrMissing)
	}
	for i, id := range v.Visitors {
		if _, ok := l.Educator(id); !ok {
			if err := l.Err(); err != nil {
				return err
			}
			return inputErr(fmt.Sprintf("visitors[%d]", i), fmt.Errorf("no educator %q on record: %w", id, model.ErrDangling))
		}
	}
	for i, id := range v.Students {
		st, ok := l.Student(id)
		if err := l.Err(); err != nil {
			return err
		}
		switch {
		case !ok:
			return inputErr(fmt.Sprintf("students[%d]", i), fmt.Errorf("no student %q on record: %w", id, model.ErrDangling))
		case st.Family != v.Family:
			return inputErr(fmt.Sprintf("students[%d]", i), fmt.Errorf("student %q belongs to family %q, not %q: %w", id, st.Family, v.Family, model.ErrInvalid))
		}
	}
	if v.Start.IsZero() {
		return inputErr("start", model.ErrMissing)
	}
	loc := h.calendar.Location()
	if !h.year.Contains(model.DateOf(v.Start.In(loc))) {
		return inputErr("start", fmt.Errorf("%s is outside the school year %s (%s to %s): %w",
			v.Start.In(loc).Format(time.RFC3339), h.year.ID, h.year.Start(), h.year.LastDay, model.ErrInvalid))
	}
	switch v.Status {
	case "":
		v.Status = model.Scheduled
	case model.Scheduled, model.Proposed:
	default:
		return inputErr("status", fmt.Errorf("%q: a booking is scheduled or proposed: %w", v.Status, model.ErrInvalid))
	}
	if v.ArrangedAt.IsZero() {
		v.ArrangedAt = asOf
	}
	if v.Duration == 0 {
		v.Duration = h.policy.VisitLength
	}
	if len(v.Students) == 0 {
		for _, st := range l.StudentsOf(v.Family) {
			v.Students = append(v.Students, st.ID)
		}
		slices.Sort(v.Students)
	}
	if v.Location.Kind == "" {
		v.Location.Kind = model.Home
		if fam.LocationPreference != "" && fam.LocationPreference != model.Home {
			v.Location = model.Location{Kind: fam.LocationPreference, RequestedBy: model.ByFamily}
		}
	}
	if v.Kind == "" {
		var ids []model.StudentID
		for _, st := range l.StudentsOf(v.Family) {
			ids = append(ids, st.ID)
		}
		var completed []*model.Visit
		for _, o := range l.VisitsOf(v.Family) {
			if o.Status == model.Completed && h.year.Contains(model.DateOf(o.Start.In(loc))) {
				completed = append(completed, o)
			}
		}
		v.Kind = model.SecondVisit
		if model.IsFirstVisit(ids, completed, v) {
			v.Kind = model.FirstVisit
		}
	}
	if v.ID == "" {
		id, err := s.freeVisitID(ctx, l, fmt.Sprintf("BK-%s-%s", v.Family, v.Start.In(loc).Format("20060102-1504")))
		if err != nil {
			return err
		}
		v.ID = id
	} else if booking {
		taken, err := s.visitExists(ctx, l, v.ID)
		if err != nil {
			return err
		}
		if taken {
			return inputErr("id", fmt.Errorf("visit %q: %w", v.ID, ErrTaken))
		}
	}
	return validateVisit(*v, h)
}

func (s *Store) visitExists(ctx context.Context, l *Lookup, id model.VisitID) (bool, error) {
	var one int
	err := l.q.QueryRowContext(ctx, l.rebind("SELECT 1 FROM pthv_visits WHERE id = ?"), string(id)).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// freeVisitID returns base, or base-2, base-3, … — the first not stored.
func (s *Store) freeVisitID(ctx context.Context, l *Lookup, base string) (model.VisitID, error) {
	id := model.VisitID(base)
	for n := 2; ; n++ {
		taken, err := s.visitExists(ctx, l, id)
		if err != nil || !taken {
			return id, err
		}
		id = model.VisitID(fmt.Sprintf("%s-%d", base, n))
	}
}

// validateVisit checks v's fields as dataset validation checks a visit's
// (enums, durations, amounts, times), by validating a dataset that holds
// v and a stand-in for every record it names: the store holds only what
// a pthv/v1 file may hold.
func validateVisit(v model.Visit, h *header) error {
	ds := &model.Dataset{Format: model.Format, District: model.District{ID: "district"}, Year: h.year, Calendar: h.calendar,
		Policy: h.policy, Schools: []model.School{{ID: "school"}}, Families: []model.Family{{ID: v.Family}}}
	for _, id := range v.Students {
		if !slices.ContainsFunc(ds.Students, func(s model.Student) bool { return s.ID == id }) {
			ds.Students = append(ds.Students, model.Student{ID: id, School: "school", Family: v.Family})
		}
	}
	educators := slices.Clone(v.Visitors)
	for _, in := range v.Interpreters {
		if in.Educator != "" {
			educators = append(educators, in.Educator)
		}
	}
	if v.Reflection != nil {
		educators = append(educators, v.Reflection.By...)
	}
	for _, c := range v.Compensation {
		educators = append(educators, c.Educator)
	}
	for _, id := range educators {
		if id != "" && !slices.ContainsFunc(ds.Educators, func(e model.Educator) bool { return e.ID == id }) {
			ds.Educators = append(ds.Educators, model.Educator{ID: id, School: "school", Role: model.Certificated, Position: model.Teacher})
		}
	}
	ds.Visits = []model.Visit{v}
	err := ds.Validate()
	if err == nil {
		return nil
	}
	var ve model.ValidationErrors
	if errors.As(err, &ve) && len(ve) > 0 {
		e := ve[0]
		field := e.Field
		if !strings.HasPrefix(e.Record, "visit") {
			field = e.Record + ": " + field // a stand-in's problem: an id malformed
		}
		return inputErr(field, e.Err)
	}
	return inputErr("", err)
}

// clashes returns the visits on record, scheduled or completed, that
// overlap v: the family's, and each visitor's (found by the index on
// pthv_visit_visitors). A visit with no recorded duration lasts the
// policy's visit length, as `pthv book` reads it.
func (s *Store) clashes(ctx context.Context, l *Lookup, v model.Visit) ([]Clash, error) {
	length := time.Duration(l.h.policy.VisitLength)
	end := v.End()
	if v.Duration <= 0 {
		end = v.Start.Add(length)
	}
	overlaps := func(start, oend time.Time) bool { return start.Before(end) && v.Start.Before(oend) }
	var out []Clash
	for _, o := range l.VisitsOf(v.Family) {
		if o.ID == v.ID || (o.Status != model.Scheduled && o.Status != model.Completed) {
			continue
		}
		oend := o.End()
		if o.Duration <= 0 {
			oend = o.Start.Add(length)
		}
		if overlaps(o.Start, oend) {
			out = append(out, Clash{Visit: o.ID, Family: o.Family, Start: o.Start, End: oend})
		}
	}
	// A visit that overlaps v started less than a day before it ends.
	from, to := instant(v.Start.Add(-24*time.Hour)), instant(end)
	for _, e := range v.Visitors {
		rows, err := l.q.QueryContext(ctx, l.rebind(`SELECT v.id, v.start_at, v.end_at FROM pthv_visit_visitors vv
			JOIN pthv_visits v ON v.id = vv.visit
			WHERE vv.educator = ? AND vv.start_at > ? AND vv.start_at < ? AND v.status IN ('scheduled', 'completed')
			ORDER BY v.start_at, v.id`), string(e), from, to)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, start, oend string
			if err := rows.Scan(&id, &start, &oend); err != nil {
				rows.Close()
				return nil, err
			}
			st, err1 := time.Parse(instantLayout, start)
			en, err2 := time.Parse(instantLayout, oend)
			if err := errors.Join(err1, err2); err != nil {
				rows.Close()
				return nil, fmt.Errorf("pthv_visits: visit %q: %w", id, err)
			}
			if !en.After(st) {
				en = st.Add(length)
			}
			if model.VisitID(id) != v.ID && overlaps(st, en) {
				out = append(out, Clash{Visit: model.VisitID(id), Educator: e, Start: st, End: en})
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// record stores the judged visit and increments the revision.
func (s *Store) record(ctx context.Context, q querier, b *Booking) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&b.Visit); err != nil {
		return err
	}
	rec := strings.TrimSuffix(buf.String(), "\n")
	var next int64
	if err := q.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), -1) + 1 FROM pthv_visits").Scan(&next); err != nil {
		return err
	}
	row := append(append([]any{next}, visitKeys(&b.Visit)...), rec)
	_, err := q.ExecContext(ctx, s.dialect.rebind(`INSERT INTO pthv_visits (seq, id, family, status, start_at, end_at, record)
		VALUES (?, ?, ?, ?, ?, ?, ?)`), row...)
	if err != nil {
		return err
	}
	if err := s.insertVisitChildren(ctx, q, []model.Visit{b.Visit}); err != nil {
		return err
	}
	var rev int64
	if err := q.QueryRowContext(ctx, "UPDATE pthv_program SET revision = revision + 1 WHERE id = 1 RETURNING revision").Scan(&rev); err != nil {
		return err
	}
	b.Recorded, b.Revision = true, int(rev)
	return nil
}
