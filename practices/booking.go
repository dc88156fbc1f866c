package practices

import (
	"fmt"
	"slices"
	"time"

	"github.com/homevisits/pthv/model"
)

// outcome is how one unit fared under one rule.
type outcome uint8

const (
	passed outcome = iota
	failed
	notAssessable
)

// booking is what the ● rules see of one visit. Check and Guard build it the
// same way and call the same functions, so a visit Guard accepts never gets
// one of those rules from Check.
type booking struct {
	v       *model.Visit
	year    model.SchoolYear
	date    model.Date // local date of the start
	consent []model.ConsentChange
	// ids are the visit's distinct educators, in order, and eds their
	// records (nil for an id the lookup does not know), resolved once.
	ids []model.EducatorID
	eds []*model.Educator
	// teachers are the current teachers of the visit's students (teachers
	// of record and of their classes); Check fills them, Guard does not
	// need them.
	teachers []model.EducatorID
	// first: no completed visit of the family started before this one.
	first bool
	// arrangedAt is when the appointment was agreed; zero when unrecorded.
	arrangedAt time.Time
}

// newBooking resolves the visit's distinct educators with educator.
func newBooking(v *model.Visit, educator func(model.EducatorID) (*model.Educator, bool)) booking {
	b := booking{v: v, ids: make([]model.EducatorID, 0, len(v.Visitors)), eds: make([]*model.Educator, 0, len(v.Visitors))}
	for _, id := range v.Visitors {
		if slices.Contains(b.ids, id) {
			continue
		}
		e, _ := educator(id)
		b.ids = append(b.ids, id)
		b.eds = append(b.eds, e)
	}
	return b
}

// visitors returns the visit's distinct educators, in order.
func (b *booking) visitors() []model.EducatorID { return b.ids }

// educator returns the record of visitor i of visitors().
func (b *booking) educator(i int) *model.Educator { return b.eds[i] }

// familyConsent: P1.family-consent. The family's standing at the start of
// the visit is the last acceptance, decline or withdrawal before it.
func familyConsent(b *booking) (outcome, string) {
	standing, _ := model.ConsentAt(b.consent, b.v.Start)
	if standing == model.Accepted {
		return passed, ""
	}
	return failed, fmt.Sprintf("Visit %s on %s has no family agreement before it: no accepted invitation or family request; visits are voluntary for families", b.v.ID, b.date)
}

// declinedRespected: P1.declined-respected.
func declinedRespected(b *booking) (outcome, string) {
	standing, declined := model.ConsentAt(b.consent, b.v.Start)
	if declined && standing != model.Accepted {
		return failed, fmt.Sprintf("Visit %s on %s comes after the family declined or withdrew, with no later acceptance; respect a family's refusal", b.v.ID, b.date)
	}
	return passed, ""
}

// arrangedInAdvance: P1.arranged-in-advance.
func arrangedInAdvance(b *booking) (outcome, string) {
	switch {
	case b.arrangedAt.IsZero():
		return notAssessable, ""
	case b.arrangedAt.Before(b.v.Start):
		return passed, ""
	}
	return failed, fmt.Sprintf("Visit %s on %s was not arranged before its start (a drop-in); visits are appointments arranged in advance", b.v.ID, b.date)
}

// educatorConsent: P1.educator-consent, for visitor i.
func educatorConsent(b *booking, i int) (outcome, string) {
	id := b.ids[i]
	if e := b.eds[i]; e != nil && e.OptedIn(b.year.ID) {
		return passed, ""
	}
	return failed, fmt.Sprintf("Educator %s is on visit %s (%s) without opting in for %s; visits are voluntary for educators", id, b.v.ID, b.date, b.year.ID)
}

// trained: P2.trained, for visitor i: a training completed before the
// visit's date.
func trained(b *booking, i int) (outcome, string) {
	id := b.ids[i]
	if e := b.eds[i]; e != nil {
		if _, ok := e.TrainedBy(b.date.AddDays(-1)); ok {
			return passed, ""
		}
	}
	return failed, fmt.Sprintf("Educator %s is on visit %s (%s) without PTHV training completed before that day", id, b.v.ID, b.date)
}

// firstVisitNoAgenda: P3.first-visit-no-agenda. A family raising grades is
// fine; educators bringing an academic, behavior, attendance or assessment
// agenda to a first visit is not.
func firstVisitNoAgenda(b *booking) (outcome, string) {
	if !b.first || len(b.v.Topics) == 0 {
		return notAssessable, ""
	}
	unknown := false
	for _, t := range b.v.Topics {
		if !t.Kind.Agenda() {
			continue
		}
		switch t.RaisedBy {
		case model.ByEducator, model.BySchool:
			return failed, fmt.Sprintf("First visit %s on %s: the educators bring %s; a first visit is about relationships, hopes and dreams", b.v.ID, b.date, t.Kind)
		case "":
			unknown = true
		}
	}
	if unknown {
		return notAssessable, ""
	}
	return passed, ""
}

// location: P3.location. Home, or a public place or school the family asked
// for.
func location(b *booking) (outcome, string) {
	l := b.v.Location
	switch {
	case l.Kind == "":
		return notAssessable, ""
	case l.Kind == model.Home, l.RequestedBy == model.ByFamily:
		return passed, ""
	case l.RequestedBy == "":
		return notAssessable, ""
	}
	return failed, fmt.Sprintf("Visit %s on %s is at %s at the %s's request; away from home, meet where the family asks", b.v.ID, b.date, l.Kind, l.RequestedBy)
}

// pair: P5.pair. Interpreters do not count.
func pair(b *booking) (outcome, string) {
	n := len(b.visitors())
	if n >= 2 {
		return passed, ""
	}
	return failed, fmt.Sprintf("Visit %s on %s has %s; educators visit in pairs", b.v.ID, b.date, educatorCount(n))
}

// groupSize: P5.group-size.
func groupSize(b *booking, pol model.Policy) (outcome, string) {
	n := len(b.visitors())
	if n <= pol.MaxGroupSize {
		return passed, ""
	}
	return failed, fmt.Sprintf("Visit %s on %s has %d educators; visits are in pairs, sometimes three or four", b.v.ID, b.date, n)
}

func educatorCount(n int) string {
	switch n {
	case 0:
		return "no educator"
	case 1:
		return "one educator"
	}
	return fmt.Sprintf("%d educators", n)
}
