package practices

import (
	"fmt"
	"slices"

	"github.com/homevisits/pthv/model"
)

// booking is what the ● rules see of one visit. Check and Guard build it
// the same way and call the same judges, so a visit Guard accepts never
// gets one of those rules from Check.
type booking struct {
	v *model.Visit
	// yearID is the school year the booking is judged in: its id is all
	// the rules read of it.
	yearID model.SchoolYearID
	date   model.Date // local date of the start
	// first: the visit is judged as a first visit (model.Lifecycle; under
	// Guard, model.IsFirstVisit). Beside date, in what would be padding.
	first bool
	// consent is the family's consent standing for the visit, worked out
	// once by whoever builds the booking (consentOf): P1.family-consent
	// and P1.declined-respected read it.
	consent visitConsent
	// ids are the visit's distinct educators, in order, and eds their
	// records (nil for an id the lookup does not know), resolved once. A
	// visitor the visit also lists as its interpreter is not one of them:
	// interpreters are "not counted for pairs, consent or pay" (RULES.md,
	// P5.pair, P1.educator-consent).
	ids []model.EducatorID
	eds []*model.Educator
	// unknown is set by Guard when its lookup can tell that the visit's
	// family, or students it names, are not on record (Check judges only
	// validated datasets, where all are): behind a pointer, so that the
	// facts of every visit Prepare keeps are narrower by a slice.
	unknown *unknownIDs
}

// unknownIDs are the records a booking names that Guard's lookup does not
// know: the family, or some of the students.
type unknownIDs struct {
	family   bool
	students []model.StudentID
}

// unknownFamily reports whether the visit's family is not on record.
func (b *booking) unknownFamily() bool { return b.unknown != nil && b.unknown.family }

// unknownStudents are the students the visit names that are not on
// record.
func (b *booking) unknownStudents() []model.StudentID {
	if b.unknown == nil {
		return nil
	}
	return b.unknown.students
}

// visitConsent is what the consent rules read of [model.ConsentFor] on
// one visit: whether the family's standing is an acceptance, and whether
// it declined or withdrew before.
type visitConsent struct {
	accepted, declined bool
}

// consentOf is model.ConsentFor of a visit of school year year under the
// family's consent history: the one definition of a family's consent,
// asked once a visit.
func consentOf(history []model.ConsentChange, year model.SchoolYearID, v *model.Visit) visitConsent {
	standing, declined := model.ConsentFor(history, year, v.Students, v.Start)
	return visitConsent{accepted: standing == model.Accepted, declined: declined}
}

// newBooking resolves the visit's distinct educators with educator.
func newBooking(v *model.Visit, educator func(model.EducatorID) (*model.Educator, bool)) booking {
	return bookingInto(v, educator, make([]model.EducatorID, 0, len(v.Visitors)), make([]*model.Educator, 0, len(v.Visitors)))
}

// bookingInto is newBooking appending the educators to ids and eds, empty
// slices with room for every visitor: Prepare cuts them from one array
// for many visits. A visitor who is also one of the visit's interpreters
// served as interpreter and is left out (booking.ids).
func bookingInto(v *model.Visit, educator func(model.EducatorID) (*model.Educator, bool), ids []model.EducatorID, eds []*model.Educator) booking {
	b := booking{v: v, ids: ids, eds: eds}
	for _, id := range v.Visitors {
		if slices.Contains(b.ids, id) || len(v.Interpreters) > 0 && interpreted(v, id) {
			continue
		}
		e, _ := educator(id)
		b.ids = append(b.ids, id)
		b.eds = append(b.eds, e)
	}
	return b
}

// interpreted reports whether educator id is one of visit v's
// interpreters.
func interpreted(v *model.Visit, id model.EducatorID) bool {
	return slices.ContainsFunc(v.Interpreters, func(in model.Interpreter) bool { return in.Educator == id })
}

// educatorCount names a number of educators.
func educatorCount(n int) string {
	switch n {
	case 0:
		return "no educator"
	case 1:
		return "one educator"
	}
	return fmt.Sprintf("%d educators", n)
}
