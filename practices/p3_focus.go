package practices

import (
	"fmt"
	"time"

	"github.com/homevisits/pthv/model"
)

// P3 — "The focus of the first visit is relationship-building; educators and
// families discuss hopes and dreams. The recommended second home visit
// focuses on academics" (RTI implementation study). A family's first
// completed visit of the year is its first visit, whatever it was labelled.

// firstVisitFocus: P3.first-visit-focus, judged on the family's first
// completed visit.
func firstVisitFocus(vf *visitFacts) (outcome, string) {
	v := vf.v
	if len(v.Topics) == 0 {
		return notAssessable, ""
	}
	for _, t := range v.Topics {
		if t.Kind.RelationshipBuilding() {
			return passed, ""
		}
	}
	return failed, fmt.Sprintf("First visit %s on %s recorded no hopes-and-dreams or relationship topic; the first visit is for getting to know the family", v.ID, vf.date)
}

// firstVisitSeason: P3.first-visit-season.
func firstVisitSeason(vf *visitFacts) (outcome, string) {
	return inSeason(vf, "First", model.Summer, model.Fall, "first visits are ideally in summer or early fall")
}

// secondVisitSeason: P3.second-visit-season.
func secondVisitSeason(vf *visitFacts) (outcome, string) {
	return inSeason(vf, "Second", model.Winter, model.Spring, "second visits belong in winter or spring")
}

// inSeason judges whether the visit (the family's first or second, as
// label says) took place in season a or b.
func inSeason(vf *visitFacts, label string, a, b model.Season, why string) (outcome, string) {
	s := vf.season
	if s == a || s == b {
		return passed, ""
	}
	return failed, fmt.Sprintf("%s visit %s took place on %s, in %s; %s", label, vf.v.ID, vf.date, s, why)
}

// secondVisitFocus: P3.second-visit-focus — academics or an issue the
// family raised, referring back to the first visit.
func secondVisitFocus(vf *visitFacts) (outcome, string) {
	v := vf.v
	if len(v.Topics) == 0 {
		return notAssessable, ""
	}
	focus := false
	for _, t := range v.Topics {
		focus = focus || t.Kind == model.Academics || t.RaisedBy == model.ByFamily || t.Kind == model.FamilyRaisedConcern
	}
	switch {
	case !focus:
		return failed, fmt.Sprintf("Second visit %s on %s covered neither academics nor an issue the family raised", v.ID, vf.date)
	case v.ReferencesFirst != nil && !*v.ReferencesFirst:
		return failed, fmt.Sprintf("Second visit %s on %s did not refer back to the hopes and dreams of the first visit", v.ID, vf.date)
	}
	return passed, ""
}

// judgeSecondAfterFirst: P3.second-after-first — a visit labelled second
// follows a completed first.
func judgeSecondAfterFirst(p *Program, vf *visitFacts, w *verdictWriter) {
	if vf.v.Kind != model.SecondVisit {
		return
	}
	if vf.ordinal >= 2 {
		w.pass()
		return
	}
	w.fail(visitRecords(vf.v), fmt.Sprintf(
		"Visit %s on %s was labelled a second visit but the family had no completed first visit this year", vf.v.ID, vf.date))
}

func judgeDuration(r *run) {
	lo, hi := r.pol.DurationFindingMin, r.pol.DurationFindingMax
	r.judgeVisit("P3.duration", func(b *booking) (outcome, string) {
		d := b.v.Duration
		switch {
		case d == 0:
			return notAssessable, ""
		case d < lo || d > hi:
			return failed, fmt.Sprintf("Visit %s on %s lasted %s; visits are short conversations of %s to %s",
				b.v.ID, b.date, d, r.pol.DurationMin, r.pol.DurationMax)
		}
		return passed, ""
	})
}

// judgeSecondVisitOffered: a family with a completed first visit was offered
// a second by the end of spring — a second visit on record (any status) or
// an invitation to one.
func judgeSecondVisitOffered(r *run) {
	rule := r.rule("P3.second-visit-offered")
	for _, i := range r.active {
		if r.doneCount[i] == 0 {
			continue
		}
		f := r.families[i]
		switch {
		case f.secondOffered:
			r.pass(rule, f.school)
		case !r.endOfYear():
			r.pending(rule, f.school)
		default:
			r.find(rule, f.school, "", r.ds.Year.LastDay, []string{string(f.id), string(f.firstID)},
				"Family %s had a first visit (%s) but was not offered a second visit this year; the second visit is highly recommended", f.id, f.firstID)
		}
	}
}

// secondOffered reports whether family f was offered a second visit after
// its first completed one: a second completed visit, any visit recorded to
// start after the first, or an invitation to a second visit sent after it.
// Every visit and invitation on record counts, whatever the date of a
// check, so Prepare works it out once.
func secondOffered(f *familyFacts) bool {
	if len(f.completed) == 0 {
		return false
	}
	if len(f.completed) > 1 {
		return true
	}
	first := f.completed[0].v
	for _, v := range f.visits {
		if v.ID != first.ID && v.Start.After(first.Start) {
			return true
		}
	}
	for _, inv := range f.invitations {
		if inv.Kind == model.SecondVisit && inv.SentAt.After(first.Start) {
			return true
		}
	}
	return false
}

// judgeFollowUp: two-way communication between the end of the first visit
// and the start of the second — at least one message each way. Judged when
// the second visit took place, or at the end of the year.
func judgeFollowUp(r *run) {
	rule := r.rule("P3.follow-up")
	for _, i := range r.active {
		n := r.doneCount[i]
		if n == 0 {
			continue
		}
		f := r.families[i]
		var until model.Date
		switch {
		case n > 1:
			until = f.secondDate
		case r.endOfYear():
			until = r.today
		default:
			r.pending(rule, f.school)
			continue
		}
		if !r.recordsComms[f.school] {
			r.na(rule, f.school)
			continue
		}
		out, in := f.followUp.out, f.followUp.in
		if n == 1 {
			out, in = f.followUp.before(r.asOf)
		}
		if out && in {
			r.pass(rule, f.school)
			continue
		}
		r.find(rule, f.school, "", until, []string{string(f.id), string(f.firstID)},
			"Family %s: after first visit %s the record shows %s; follow-up is two-way, at least one message each way",
			f.id, f.firstID, oneWay(out, in))
	}
}

// followUp is what P3.follow-up reads of a family, worked out in Prepare
// from its messages: which way messages went between its first and second
// completed visits, and when the first message each way after the first
// visit was sent — enough to judge a family with one visit as of any date.
type followUp struct {
	// out and in: messages went from school to family, and from family to
	// school, between the first and second completed visits.
	out, in         bool
	nextOut, nextIn time.Time // zero when none
}

// before returns whether messages went each way between the end of the
// first visit and until.
func (u followUp) before(until time.Time) (out, in bool) {
	return !u.nextOut.IsZero() && u.nextOut.Before(until), !u.nextIn.IsZero() && u.nextIn.Before(until)
}

// followUpOf works out family f's follow-up after its first completed
// visit; the zero followUp when it has none.
func followUpOf(f *familyFacts) followUp {
	var u followUp
	if len(f.completed) == 0 {
		return u
	}
	end := f.completed[0].v.End()
	for _, c := range f.comms {
		if !c.At.After(end) {
			continue
		}
		out, in := c.Direction == model.SchoolToFamily, c.Direction == model.FamilyToSchool
		if out && (u.nextOut.IsZero() || c.At.Before(u.nextOut)) {
			u.nextOut = c.At
		}
		if in && (u.nextIn.IsZero() || c.At.Before(u.nextIn)) {
			u.nextIn = c.At
		}
		if len(f.completed) > 1 && c.At.Before(f.completed[1].v.Start) {
			u.out = u.out || out
			u.in = u.in || in
		}
	}
	return u
}

func oneWay(out, in bool) string {
	switch {
	case out:
		return "messages from school only"
	case in:
		return "messages from the family only"
	}
	return "no messages"
}
