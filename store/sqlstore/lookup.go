package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
)

// Lookup is a [practices.Lookup] over the store: what [practices.Guard]
// needs to judge one booking, read with indexed queries — an educator by
// id, and a family's records (the family, its students, invitations,
// withdrawals and visits) in one query by family. It also offers
// [practices.Roster], [practices.FamilyLookup] and
// [practices.StudentLookup], so Guard reads it exactly as it reads a
// dataset's index.
//
// A family's records are read once and kept: a Lookup is meant for one
// booking, or one request, and sees the store as it was when it read
// them. The family's answers and visits are then put in order by the
// same code that orders a dataset's ([practices.NewLookup]): the store
// re-implements no rule.
//
// The Lookup interface has no room for errors: a query that fails makes
// the method answer "nothing on record" — which Guard reads as a refusal,
// never as a consent — and the error is kept for [Lookup.Err]. Check Err
// after Guard; [Store.Book] does.
type Lookup struct {
	ctx context.Context
	q   querier
	d   Dialect
	h   *header

	mu        sync.Mutex
	err       error
	families  map[model.FamilyID]*familyView
	educators map[model.EducatorID]*model.Educator
}

// familyView is a family's records as a small index.
type familyView struct {
	family  *model.Family // nil when not on record
	records practices.LookupRecords
	x       *model.Index
}

var (
	_ practices.Lookup        = (*Lookup)(nil)
	_ practices.Roster        = (*Lookup)(nil)
	_ practices.FamilyLookup  = (*Lookup)(nil)
	_ practices.StudentLookup = (*Lookup)(nil)
	_ practices.PolicyLookup  = (*Lookup)(nil)
)

// Lookup returns a Lookup over the store's database as it is now. ctx
// bounds every query the Lookup runs. A store that holds no program is an
// error wrapping [ErrEmpty].
func (s *Store) Lookup(ctx context.Context) (*Lookup, error) {
	if err := s.usable("Lookup"); err != nil {
		return nil, err
	}
	if ctx == nil {
		return nil, fmt.Errorf("sqlstore: Lookup: nil context: %w", model.ErrInvalid)
	}
	return s.lookupOn(ctx, s.db)
}

func (s *Store) lookupOn(ctx context.Context, q querier) (*Lookup, error) {
	h, err := s.readHeader(ctx, q)
	if err != nil {
		return nil, s.fail("lookup", err)
	}
	return &Lookup{ctx: ctx, q: q, d: s.dialect, h: h}, nil
}

// Err returns the first error a query of the Lookup met, or nil.
func (l *Lookup) Err() error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

func (l *Lookup) setErr(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err == nil {
		l.err = err
	}
}

// usable reports whether l can run queries.
func (l *Lookup) usable() bool { return l != nil && l.q != nil && l.h != nil }

// Year returns the stored program's school year.
func (l *Lookup) Year() model.SchoolYear {
	if !l.usable() {
		return model.SchoolYear{}
	}
	return l.h.year
}

// Calendar returns the stored program's calendar.
func (l *Lookup) Calendar() model.Calendar {
	if !l.usable() {
		return model.Calendar{}
	}
	return l.h.calendar
}

// Policy returns the stored program's policy: the one [practices.Guard]
// judges by when it is passed none ([practices.PolicyLookup]).
func (l *Lookup) Policy() model.Policy {
	if !l.usable() {
		return model.DefaultPolicy()
	}
	return l.h.policy
}

// Educator returns the stored educator with id, with their opt-ins and
// training history.
func (l *Lookup) Educator(id model.EducatorID) (*model.Educator, bool) {
	if !l.usable() {
		return nil, false
	}
	l.mu.Lock()
	e, seen := l.educators[id]
	l.mu.Unlock()
	if seen {
		return e, e != nil
	}
	var rec []byte
	err := l.q.QueryRowContext(l.ctx, l.rebind("SELECT record FROM pthv_educators WHERE id = ?"), string(id)).Scan(&rec)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		l.setErr(fmt.Errorf("educator %q: %w", id, err))
		return nil, false
	default:
		e = new(model.Educator)
		if err := strictJSON(rec, e); err != nil {
			l.setErr(fmt.Errorf("pthv_educators: educator %q: %w", id, err))
			return nil, false
		}
	}
	l.mu.Lock()
	if l.educators == nil {
		l.educators = make(map[model.EducatorID]*model.Educator)
	}
	l.educators[id] = e
	l.mu.Unlock()
	return e, e != nil
}

// Student returns the stored student with id.
func (l *Lookup) Student(id model.StudentID) (*model.Student, bool) {
	if !l.usable() {
		return nil, false
	}
	var rec []byte
	err := l.q.QueryRowContext(l.ctx, l.rebind("SELECT record FROM pthv_students WHERE id = ?"), string(id)).Scan(&rec)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, false
	case err != nil:
		l.setErr(fmt.Errorf("student %q: %w", id, err))
		return nil, false
	}
	st := new(model.Student)
	if err := strictJSON(rec, st); err != nil {
		l.setErr(fmt.Errorf("pthv_students: student %q: %w", id, err))
		return nil, false
	}
	return st, true
}

// Family returns the stored family with id.
func (l *Lookup) Family(id model.FamilyID) (*model.Family, bool) {
	v := l.view(id)
	if v == nil || v.family == nil {
		return nil, false
	}
	return v.family, true
}

// StudentsOf returns family f's students, in the order they were stored.
func (l *Lookup) StudentsOf(f model.FamilyID) []*model.Student {
	if v := l.view(f); v != nil {
		return v.x.StudentsOf(f)
	}
	return nil
}

// ConsentHistory returns family f's acceptances, declines and
// withdrawals this school year, in time order.
func (l *Lookup) ConsentHistory(f model.FamilyID) []model.ConsentChange {
	if v := l.view(f); v != nil {
		return v.x.ConsentHistory(f)
	}
	return nil
}

// VisitsOf returns family f's visits, in the order they were stored.
func (l *Lookup) VisitsOf(f model.FamilyID) []*model.Visit {
	if v := l.view(f); v != nil {
		return v.x.VisitsOf(f)
	}
	return nil
}

func (l *Lookup) rebind(q string) string { return l.d.rebind(q) }

// familyQuery reads a family's records in one round trip, by the indexes
// on id and family.
const familyQuery = `SELECT 0 AS part, seq, record FROM pthv_families WHERE id = ?
UNION ALL SELECT 1, seq, record FROM pthv_students WHERE family = ?
UNION ALL SELECT 2, seq, record FROM pthv_invitations WHERE family = ?
UNION ALL SELECT 3, seq, record FROM pthv_withdrawals WHERE family = ?
UNION ALL SELECT 4, seq, record FROM pthv_visits WHERE family = ?
ORDER BY 1, 2`

// view returns family f's records, reading them on first use; nil after
// an error.
func (l *Lookup) view(f model.FamilyID) *familyView {
	if !l.usable() {
		return nil
	}
	l.mu.Lock()
	v, ok := l.families[f]
	l.mu.Unlock()
	if ok {
		return v
	}
	v, err := l.readFamily(f)
	if err != nil {
		l.setErr(err)
		return nil
	}
	l.mu.Lock()
	if l.families == nil {
		l.families = make(map[model.FamilyID]*familyView)
	}
	l.families[f] = v
	l.mu.Unlock()
	return v
}

func (l *Lookup) readFamily(f model.FamilyID) (*familyView, error) {
	id := string(f)
	rows, err := l.q.QueryContext(l.ctx, l.rebind(familyQuery), id, id, id, id, id)
	if err != nil {
		return nil, fmt.Errorf("family %q: %w", f, err)
	}
	defer rows.Close()
	rec := practices.LookupRecords{Year: l.h.year, Calendar: l.h.calendar}
	var family *model.Family
	var part, seq int64
	var raw []byte
	for rows.Next() {
		if err := rows.Scan(&part, &seq, &raw); err != nil {
			return nil, fmt.Errorf("family %q: %w", f, err)
		}
		var target any
		switch part {
		case 0:
			family = new(model.Family)
			target = family
		case 1:
			rec.Students = append(rec.Students, model.Student{})
			target = &rec.Students[len(rec.Students)-1]
		case 2:
			rec.Invitations = append(rec.Invitations, model.Invitation{})
			target = &rec.Invitations[len(rec.Invitations)-1]
		case 3:
			rec.Withdrawals = append(rec.Withdrawals, model.Withdrawal{})
			target = &rec.Withdrawals[len(rec.Withdrawals)-1]
		case 4:
			rec.Visits = append(rec.Visits, model.Visit{})
			target = &rec.Visits[len(rec.Visits)-1]
		}
		if err := strictJSON(raw, target); err != nil {
			return nil, fmt.Errorf("family %q: record %d of part %d: %w", f, seq, part, err)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("family %q: %w", f, err)
	}
	if family != nil {
		rec.Families = []model.Family{*family}
	}
	return &familyView{family: family, records: rec, x: practices.NewLookup(rec)}, nil
}
