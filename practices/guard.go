package practices

import (
	"time"

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

var _ Lookup = (*model.Index)(nil)

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
// an agenda on a first visit, a location the family did not ask for. It uses
// the same rule functions as [Check], so a visit Guard accepts never gets
// one of these rules from Check. An unrecorded arranged-at is taken to be
// asOf, the moment of booking.
func Guard(lookup Lookup, proposed model.Visit, asOf time.Time, pol model.Policy) (Verdict, error) {
	if err := validatePolicy(pol); err != nil {
		return Verdict{}, err
	}
	year := lookup.Year()
	b := newBooking(&proposed, lookup.Educator)
	b.year, b.date = year, model.DateOf(proposed.Start.In(lookup.Calendar().Location()))
	b.consent, b.first, b.arrangedAt = lookup.ConsentHistory(proposed.Family), true, cmpOrTime(proposed.ArrangedAt, asOf)
	for _, v := range lookup.VisitsOf(proposed.Family) {
		if v.ID != proposed.ID && v.Status == model.Completed && v.Start.Before(proposed.Start) {
			b.first = false
		}
	}
	var out Verdict
	add := func(id string, extra []string, o outcome, msg string) {
		if o != failed || isOff(pol, id) {
			return
		}
		r, _ := RuleByID(id)
		out.Findings = append(out.Findings, Finding{Rule: id, Severity: r.Severity,
			Records: visitRecords(&proposed, extra...), Date: b.date, Message: msg + " (" + id + ")"})
	}
	o, msg := familyConsent(&b)
	add("P1.family-consent", nil, o, msg)
	for i, e := range b.visitors() {
		o, msg := educatorConsent(&b, i)
		add("P1.educator-consent", []string{string(e)}, o, msg)
	}
	o, msg = arrangedInAdvance(&b)
	add("P1.arranged-in-advance", nil, o, msg)
	o, msg = declinedRespected(&b)
	add("P1.declined-respected", nil, o, msg)
	for i, e := range b.visitors() {
		o, msg := trained(&b, i)
		add("P2.trained", []string{string(e)}, o, msg)
	}
	o, msg = firstVisitNoAgenda(&b)
	add("P3.first-visit-no-agenda", nil, o, msg)
	o, msg = location(&b)
	add("P3.location", nil, o, msg)
	o, msg = pair(&b)
	add("P5.pair", nil, o, msg)
	o, msg = groupSize(&b, pol)
	add("P5.group-size", nil, o, msg)
	return out, nil
}

func cmpOrTime(t, fallback time.Time) time.Time {
	if t.IsZero() {
		return fallback
	}
	return t
}

func isOff(pol model.Policy, id string) bool {
	for _, x := range pol.Off {
		if x == id {
			return true
		}
	}
	return false
}
