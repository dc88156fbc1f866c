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
			first := f.completed[0].v
			r.find(rule, f.school, "", r.ds.Year.LastDay, []string{string(f.id), string(first.ID)},
				"Family %s had a first visit (%s) but was not offered a second visit this year; the second visit is highly recommended", f.id, first.ID)
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
			until = f.completed[1].date
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
		first := f.completed[0].v
		out, in := f.followUp.out, f.followUp.in
		if n == 1 {
			out, in = exchanged(f.messages, first.End(), r.asOf)
		}
		if out && in {
			r.pass(rule, f.school)
			continue
		}
		r.find(rule, f.school, "", until, []string{string(f.id), string(first.ID)},
			"Family %s: after first visit %s the record shows %s; follow-up is two-way, at least one message each way",
			f.id, first.ID, oneWay(out, in))
	}
}

// exchanged reports whether messages went each way strictly between from
// and until.
func exchanged(messages []message, from, until time.Time) (out, in bool) {
	for _, m := range messages {
		if m.at.After(from) && m.at.Before(until) {
			out = out || m.out
			in = in || m.in
		}
	}
	return out, in
}

// followUpOf returns the messages exchanged between the end of the family's
// first completed visit and the start of its second, which no check date
// changes once both have taken place; the zero message when it has no
// second.
func followUpOf(f *familyFacts) message {
	if len(f.completed) < 2 {
		return message{}
	}
	out, in := exchanged(f.messages, f.completed[0].v.End(), f.completed[1].v.Start)
	return message{out: out, in: in}
}

// message is when a family's communication was and which way it went,
// kept compact so that P3.follow-up reads no communication record.
type message struct {
	at      time.Time
	out, in bool // school to family, family to school
}

// messagesOf returns family f's communications as messages, in dataset order.
func messagesOf(f *familyFacts) []message {
	if len(f.comms) == 0 {
		return nil
	}
	out := make([]message, len(f.comms))
	for i, c := range f.comms {
		out[i] = message{at: c.At, out: c.Direction == model.SchoolToFamily, in: c.Direction == model.FamilyToSchool}
	}
	return out
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
