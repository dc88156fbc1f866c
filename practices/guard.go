package practices

import (
	"fmt"
	"slices"
	"time"

	"github.com/homevisits/pthv/internal/nilarg"
	"github.com/homevisits/pthv/model"
)

// Lookup is what [Guard] needs to know about a program to judge one
// booking. [*model.Index] implements it over a Dataset; a district system
// can implement it over its own database.
type Lookup interface {
	// Year returns the school year the booking belongs to.
	Year() model.SchoolYear
	// Calendar returns the school calendar (for the time zone of dates).
	Calendar() model.Calendar
	// Educator returns an educator with their opt-ins and training history.
	Educator(id model.EducatorID) (*model.Educator, bool)
	// ConsentHistory returns the family's acceptances, declines and
	// withdrawals this school year, in time order.
	ConsentHistory(f model.FamilyID) []model.ConsentChange
	// VisitsOf returns the family's visits this school year.
	VisitsOf(f model.FamilyID) []*model.Visit
}

var (
	_ Lookup = (*model.Index)(nil)
	_ Roster = (*model.Index)(nil)
)

// Verdict is Guard's answer about one proposed visit.
type Verdict struct {
	Findings []Finding `json:"findings"`
}

// HasViolation reports whether the booking breaks a non-negotiable; a
// district system should not save it as proposed.
func (v Verdict) HasViolation() bool {
	for _, f := range v.Findings {
		if f.Severity == Violation {
			return true
		}
	}
	return false
}

// Guard applies the rules marked ● in the catalogue — exactly those
// decidable for a proposed visit — to one booking before a district system
// saves it: no family consent, a decline not respected, a drop-in, an
// educator not opted in or not trained, a solo visit or an oversized group,
// an agenda on a first visit, a location the family did not ask for. It
// iterates the catalogue's booking rules and calls their judges, the ones
// [Check] calls, so a visit Guard accepts never gets one of these rules from
// Check. The proposed visit is judged as a first visit unless every student
// it names (the family, when it names none) has a completed visit naming
// them that started before it ([model.IsFirstVisit], the definition Check
// uses). An unrecorded arranged-at is taken to be asOf, the moment of
// booking.
//
// An id the program has no record of is named as unknown: a visitor the
// lookup does not know, under P1.educator-consent and P2.trained (no
// opt-in, no training on record), and — when the lookup offers
// [FamilyLookup] and [StudentLookup], as [*model.Index] does — the family
// and any student the visit names, under P1.family-consent (no agreement
// on record). A district system should treat such a booking as bad input.
//
// pol overrides the program's policy when not nil. When it is nil, Guard
// judges by the lookup's own policy when the lookup offers
// [PolicyLookup] (sqlstore's Lookup gives the stored one), by its
// dataset's when the lookup is a [*model.Index] of one, and by
// [model.DefaultPolicy] otherwise (docs/conventions.md).
//
// A nil lookup, or a nil pointer of any type as the lookup, is an error
// wrapping [model.ErrInvalid]. Nil visits and students a lookup returns
// are left out, and an educator it returns as nil is unknown.
func Guard(lookup Lookup, proposed model.Visit, asOf time.Time, pol *model.Policy) (Verdict, error) {
	if nilarg.Is(lookup) {
		return Verdict{}, fmt.Errorf("practices: Guard: nil lookup: %w", model.ErrInvalid)
	}
	if pol == nil {
		own := model.DefaultPolicy()
		switch l := lookup.(type) {
		case PolicyLookup:
			own = l.Policy()
		case *model.Index:
			if ds := l.Dataset(); ds != nil {
				own = ds.Policy
			}
		}
		pol = &own
	}
	if err := ValidatePolicy(*pol); err != nil {
		return Verdict{}, err
	}
	// A booking whose arrangement is not recorded is being arranged now:
	// the rules read when it was from the visit.
	proposed.ArrangedAt = cmpOrTime(proposed.ArrangedAt, asOf)
	b := newBooking(&proposed, lookup.Educator)
	if family, students := unknownRecords(lookup, proposed); family || len(students) > 0 {
		b.unknown = &unknownIDs{family: family, students: students}
	}
	b.yearID, b.date = lookup.Year().ID, model.DateOf(proposed.Start.In(lookup.Calendar().Location()))
	b.consent = consentOf(lookup.ConsentHistory(proposed.Family), b.yearID, &proposed)
	b.first = model.IsFirstVisit(familyStudents(lookup, proposed), completedThisYear(lookup, proposed.Family), &proposed)
	c := &visitCtx{visitFacts: &visitFacts{booking: b, lifePos: -1}, asOf: asOf, pol: pol}
	var out Verdict
	for _, rl := range catalogue() {
		if !rl.AtBooking || isOff(*pol, rl.ID) {
			continue
		}
		judgeVisitBy(&rl, c, func(v verdict) {
			if v.outcome == failed {
				out.Findings = append(out.Findings, Finding{Rule: rl.ID, Severity: rl.Severity, Unit: rl.Unit,
					Records: v.records, Date: v.date, Message: withRuleID(v.message, rl.ID)})
			}
		})
	}
	return out, nil
}

// Roster is what a [Lookup] may also offer: a family's students. With it,
// Guard reads a proposed visit naming no student as concerning every
// student of the family, as Check does ([*model.Index] implements it);
// without it, the family's students are those its visits name.
type Roster interface {
	StudentsOf(f model.FamilyID) []*model.Student
}

// FamilyLookup is what a [Lookup] may also offer: the families on record.
// With it, Guard names a proposed visit's family that is not on record as
// unknown (under P1.family-consent: an unknown family has agreed to
// nothing); without it, such a family reads as one with no answer yet.
// [*model.Index] implements it.
type FamilyLookup interface {
	Family(id model.FamilyID) (*model.Family, bool)
}

// PolicyLookup is what a [Lookup] may also offer: the program's own
// policy, which Guard judges by when its caller passes none. sqlstore's
// Lookup implements it with the stored policy; a [*model.Index] needs
// not, as Guard reads its dataset's.
type PolicyLookup interface {
	Policy() model.Policy
}

// StudentLookup is what a [Lookup] may also offer: the students on
// record. With it, Guard names a student the proposed visit names that is
// not on record as unknown (under P1.family-consent: no agreement covers
// them). [*model.Index] implements it.
type StudentLookup interface {
	Student(id model.StudentID) (*model.Student, bool)
}

var (
	_ FamilyLookup  = (*model.Index)(nil)
	_ StudentLookup = (*model.Index)(nil)
)

// unknownRecords reports whether the proposed visit's family is unknown to
// the lookup and which students it names are, as far as the lookup can
// tell (see [FamilyLookup], [StudentLookup]); a nil record counts as
// unknown.
func unknownRecords(lookup Lookup, proposed model.Visit) (family bool, students []model.StudentID) {
	if fl, ok := lookup.(FamilyLookup); ok {
		f, found := fl.Family(proposed.Family)
		family = !found || f == nil
	}
	if sl, ok := lookup.(StudentLookup); ok {
		for _, id := range proposed.Students {
			if st, found := sl.Student(id); (!found || st == nil) && !slices.Contains(students, id) {
				students = append(students, id)
			}
		}
	}
	return family, students
}

// familyStudents returns the proposed visit's family's students: the
// lookup's roster, with any student its visits name.
func familyStudents(lookup Lookup, proposed model.Visit) []model.StudentID {
	var out []model.StudentID
	if r, ok := lookup.(Roster); ok {
		for _, s := range r.StudentsOf(proposed.Family) {
			if s != nil {
				out = append(out, s.ID)
			}
		}
	}
	add := func(ids []model.StudentID) {
		for _, id := range ids {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	add(proposed.Students)
	for _, v := range lookup.VisitsOf(proposed.Family) {
		if v != nil {
			add(v.Students)
		}
	}
	return out
}

// completedThisYear returns the family's completed visits of the lookup's
// school year: visits of other years count for no ordinal.
func completedThisYear(lookup Lookup, f model.FamilyID) []*model.Visit {
	year, loc := lookup.Year(), lookup.Calendar().Location()
	var out []*model.Visit
	for _, v := range lookup.VisitsOf(f) {
		if v != nil && v.Status == model.Completed && year.Contains(model.DateOf(v.Start.In(loc))) {
			out = append(out, v)
		}
	}
	return out
}

func cmpOrTime(t, fallback time.Time) time.Time {
	if t.IsZero() {
		return fallback
	}
	return t
}

func isOff(pol model.Policy, id string) bool { return slices.Contains(pol.Off, id) }
