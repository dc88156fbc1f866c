package practices

import (
	"cmp"
	"errors"
	"slices"
	"time"

	"github.com/homevisits/pthv/model"
)

// L — record integrity. Each family's records are replayed through its
// [model.Journey]; an event the lifecycle cannot place (a reflection before
// the visit ended, a visit completed after it was cancelled, a visit
// "completed" in the future) becomes an L.sequence finding with its record —
// never dropped, never a failure of Check. So do a completed visit that
// records who cancelled it (it stays completed for every other rule) and an
// invitation answered before it was sent (read as answered when sent). A
// completed visit with no scheduling record is not L.sequence: it is kept
// and judged by P1.arranged-in-advance.
func integrityRules() []Rule {
	return []Rule{
		{ID: "L.sequence", Practice: "L", Severity: Data, Unit: RecordUnit, Due: DueWhenRecorded,
			Title:      "an event the visit lifecycle cannot place is reported with its record, never dropped",
			Source:     "Library rule: nothing the user recorded is lost.",
			judgeUnits: judgeSequence, prepare: prepareSequence},
	}
}

// timedEvent is one journey event of a family's records, named by the
// record it comes from, with its time and the order it takes among events
// at the same instant. It holds no model.JourneyEvent: an interface keeps
// its value on the heap, and a national year replays some 300,000 events;
// applyEvent makes each one as it is applied.
//
// A family's events are sorted by moving them: what a schedule or
// reschedule sets the visit's start to is read from the visit when the
// event is applied (appointedStart) rather than kept here, and the small
// fields share a word, so that each is 40 bytes.
type timedEvent struct {
	at    time.Time // the event's At
	rank  int8
	kind  eventSource
	i     int32       // the family's invitation or message, the withdrawal, or the reschedule
	visit *visitFacts // the visit events' visit
}

// eventSource is which event of which record a timedEvent is.
type eventSource uint8

const (
	familyRequest eventSource = iota // f.invitations[i], from the family
	invitationSent
	invitationAccepted
	invitationDeclined
	withdrawal // p.ds.Withdrawals[i]
	message    // f.comms[i]
	visitScheduled
	visitRescheduled // visit.v.Reschedules[i]
	visitCompleted
	visitMissed
	visitCancelled
	visitReflected
)

// sequenceProblem is an event of a family's records the lifecycle could not
// place, with its record and date.
type sequenceProblem struct {
	date    model.Date
	records []string
	schools []int32
	message string
}

// replaySequences replays every family's records through the visit
// lifecycle once per Program. One journey and one event buffer serve every
// family in turn.
//
// It is also the one walk over the active families for the rules that
// read their invitations, visits and messages record by record
// (P1.no-repeat-pressure, P3.second-visit-offered, P3.follow-up), and the
// one that lists the student-years those P3 rules judge: a
// national year's records do not stay in cache from one pass to the next,
// so each family's per-rule results are worked out right after its replay
// has read them. The rules' own functions work them out; their prepare
// steps hand over what this walk kept.
func (p *Program) replaySequences() {
	p.sequence = make([][]sequenceProblem, len(p.active))
	p.reinvitations = make([]reinvitation, 0, len(p.active))
	// Most active families have at most one student-year.
	p.studentYears = make([]studentYear, 0, len(p.active))
	p.secondOffers = make([]secondOffer, 0, len(p.active))
	p.followUps = make([]followUp, 0, len(p.active))
	j := model.NewJourney("", p.ds.Year.ID)
	var buf []timedEvent
	var teachers []model.EducatorID
	for a, k := range p.active {
		f := &p.families[k]
		p.sequence[a] = p.replay(j, f, &buf)
		if d, ok := p.reinvitationOf(f, k); ok {
			p.reinvitations = append(p.reinvitations, d)
		}
		from := len(p.studentYears)
		p.appendStudentYears(f)
		for _, u := range p.studentYears[from:] {
			var fu followUp
			fu, teachers = p.followUpOf(u, teachers)
			p.secondOffers = append(p.secondOffers, p.secondOfferOf(u))
			p.followUps = append(p.followUps, fu)
		}
	}
}

// replay replays family f's records through j and returns the events it
// could not place, with *buf the event buffer to reuse.
func (p *Program) replay(j *model.Journey, f *familyFacts, buf *[]timedEvent) []sequenceProblem {
	var problems []sequenceProblem
	for i, inv := range f.invitations {
		if !inv.RespondedAt.IsZero() && inv.RespondedAt.Before(inv.SentAt) {
			problems = append(problems, sequenceProblem{model.DateOf(inv.SentAt.In(p.loc)),
				[]string{string(inv.ID), string(f.id())}, f.invSchools[i],
				"Invitation " + string(inv.ID) + " is recorded as answered before it was sent; it is read as answered when sent"})
		}
	}
	for _, i := range f.visitPos {
		if vf := &p.visits[i]; vf.completed && vf.v.CancelledBy != "" {
			problems = append(problems, sequenceProblem{vf.date, visitRecords(vf.v), vf.schools,
				"Visit " + string(vf.v.ID) + " is recorded as completed and as cancelled by the " + string(vf.v.CancelledBy) + "; it is read as completed"})
		}
	}
	*buf = p.familyEvents(f, (*buf)[:0])
	j.Reset(f.id(), p.ds.Year.ID)
	for i := range *buf {
		te := &(*buf)[i]
		err := p.applyEvent(j, f, te)
		if err == nil {
			continue
		}
		if te.kind == visitCancelled && errors.Is(err, model.ErrVisitClosed) {
			continue // already cancelled by the family's withdrawal
		}
		pr := sequenceProblem{date: model.DateOf(te.at.In(p.loc)), records: []string{string(f.id())},
			schools: f.schools, message: "The record cannot be placed in the visit lifecycle: " + err.Error()}
		if te.visit != nil {
			pr.records, pr.schools = visitRecords(te.visit.v), te.visit.schools
		}
		problems = append(problems, pr)
	}
	return problems
}

// judgeSequence: L.sequence — each active family's records pass when the
// lifecycle places every event; each event it cannot place, and each
// completed visit that had not started as of the check, is a finding.
func judgeSequence(r *run, rule int) {
	if r.allDone {
		r.addSettled(rule, r.facts[rule].(*settled))
		return
	}
	sequenceUnits(r, rule)
}

// prepareSequence judges L.sequence once as of a date by which every
// completed visit took place: what every check from then on reports.
func prepareSequence(p *Program) any { return p.settle(p.rule("L.sequence"), sequenceUnits) }

func sequenceUnits(r *run, rule int) {
	for a, k := range r.active {
		f := &r.families[k]
		problems := r.sequence[a]
		for _, pr := range problems {
			r.unit(rule, RecordUnit, pr.schools, verdict{outcome: failed, message: pr.message}.on(pr.date, pr.records...))
		}
		// The family's completed visits are in start order: any that had
		// not started as of the check are at the end.
		future := 0
		for i := len(f.lifeFacts) - 1; i >= 0 && f.lifeFacts[i].start > r.asOfUnix; i-- {
			future++
		}
		for _, vf := range f.lifeFacts[len(f.lifeFacts)-future:] {
			r.unit(rule, RecordUnit, vf.schools, fail("Visit %s is recorded as completed but starts on %s, after %s",
				vf.v.ID, vf.date, r.today).on(vf.date, visitRecords(vf.v)...))
		}
		if len(problems) == 0 && future == 0 {
			r.unit(rule, RecordUnit, f.schools, pass())
		}
	}
}

// familyEvents appends the journey events of one family, derived from the
// dataset, to out, and returns them in time order.
func (p *Program) familyEvents(f *familyFacts, out []timedEvent) []timedEvent {
	for i, inv := range f.invitations {
		answeredAt := inv.AnsweredAt()
		if inv.FromFamily() {
			if inv.Answer() != model.Declined {
				out = append(out, timedEvent{at: answeredAt, rank: 1, kind: familyRequest, i: int32(i)})
			}
			continue
		}
		out = append(out, timedEvent{at: inv.SentAt, rank: 0, kind: invitationSent, i: int32(i)})
		switch inv.Answer() {
		case model.Accepted:
			out = append(out, timedEvent{at: answeredAt, rank: 1, kind: invitationAccepted, i: int32(i)})
		case model.Declined:
			out = append(out, timedEvent{at: answeredAt, rank: 1, kind: invitationDeclined, i: int32(i)})
		}
	}
	for _, k := range f.withdrawals {
		out = append(out, timedEvent{at: p.ds.Withdrawals[k].At, rank: 9, kind: withdrawal, i: k})
	}
	for _, i := range f.visitPos {
		out = visitEvents(&p.visits[i], out)
	}
	for i, c := range f.comms {
		out = append(out, timedEvent{at: c.At, rank: 8, kind: message, i: int32(i)})
	}
	sortEvents(out)
	return out
}

// applyEvent applies to j the journey event te names, one of f's.
func (p *Program) applyEvent(j *model.Journey, f *familyFacts, te *timedEvent) error {
	switch te.kind {
	case familyRequest:
		return j.Apply(model.AcceptEvent{At: te.at})
	case invitationSent:
		inv := f.invitations[te.i]
		return j.Apply(model.InviteEvent{At: te.at, Invitation: inv.ID, Kind: inv.Kind})
	case invitationAccepted:
		return j.Apply(model.AcceptEvent{At: te.at, Invitation: f.invitations[te.i].ID})
	case invitationDeclined:
		return j.Apply(model.DeclineEvent{At: te.at, Invitation: f.invitations[te.i].ID})
	case withdrawal:
		return j.Apply(model.WithdrawEvent{At: te.at})
	case message:
		c := f.comms[te.i]
		return j.Apply(model.CommunicateEvent{At: te.at, Direction: c.Direction, Channel: c.Channel})
	}
	// Who visited and whom a visit was for place nothing in the lifecycle:
	// the events leave them out, and the journey has nothing to copy.
	v := te.visit.v
	switch te.kind {
	case visitScheduled:
		return j.Apply(model.ScheduleEvent{At: te.at, Visit: v.ID, Kind: v.Kind, Start: appointedStart(v, -1), Duration: time.Duration(v.Duration)})
	case visitRescheduled:
		return j.Apply(model.RescheduleEvent{At: te.at, Visit: v.ID, Start: appointedStart(v, int(te.i)), Duration: time.Duration(v.Duration), By: v.Reschedules[te.i].By})
	case visitCompleted:
		return j.Apply(model.CompleteEvent{At: te.at, Visit: v.ID})
	case visitMissed:
		return j.Apply(model.MissEvent{At: te.at, Visit: v.ID})
	case visitCancelled:
		return j.Apply(model.CancelEvent{At: te.at, Visit: v.ID, By: v.CancelledBy})
	case visitReflected:
		return j.Apply(model.ReflectEvent{At: te.at, Visit: v.ID})
	}
	return nil
}

// compareEvents orders events by time, then rank.
func compareEvents(a, b *timedEvent) int {
	if c := a.at.Compare(b.at); c != 0 {
		return c
	}
	return cmp.Compare(a.rank, b.rank)
}

// sortEvents sorts a family's events with compareEvents, keeping the order
// of equal ones: slices.SortStableFunc's order (a property test compares
// them). A family has a few events, mostly in order already; sorting them
// in place by insertion spares the call and the two copies of each
// comparison of the generic sort.
func sortEvents(events []timedEvent) {
	if len(events) > 64 {
		slices.SortStableFunc(events, func(a, b timedEvent) int { return compareEvents(&a, &b) })
		return
	}
	for i := 1; i < len(events); i++ {
		for j := i; j > 0 && compareEvents(&events[j], &events[j-1]) < 0; j-- {
			events[j], events[j-1] = events[j-1], events[j]
		}
	}
}

// appointedStart is the start visit v's first appointment set (i = -1),
// or its reschedule i: the start the next reschedule moved from, the
// visit's own after the last.
func appointedStart(v *model.Visit, i int) time.Time {
	if i+1 < len(v.Reschedules) {
		return v.Reschedules[i+1].FromStart
	}
	return v.Start
}

// visitEvents appends a visit's events: its first appointment, each
// reschedule, its outcome and its reflection. An unrecorded arrangement is
// dated at the start, so a drop-in stays a drop-in.
func visitEvents(vf *visitFacts, out []timedEvent) []timedEvent {
	v := vf.v
	arranged := v.ArrangedAt
	if len(v.Reschedules) > 0 {
		arranged = v.Reschedules[0].At
	}
	if arranged.IsZero() {
		arranged = appointedStart(v, -1)
	}
	out = append(out, timedEvent{at: arranged, rank: 2, kind: visitScheduled, visit: vf})
	for i, re := range v.Reschedules {
		out = append(out, timedEvent{at: re.At, rank: 3, kind: visitRescheduled, i: int32(i), visit: vf})
	}
	// A no-show is known at the start, and a cancellation is dated there
	// too (its own time is not recorded). Neither can precede the
	// arrangement.
	outcomeAt := v.Start
	if arranged.After(outcomeAt) {
		outcomeAt = arranged
	}
	switch v.Status {
	case model.Completed:
		out = append(out, timedEvent{at: v.End(), rank: 4, kind: visitCompleted, visit: vf})
	case model.NoShow:
		out = append(out, timedEvent{at: outcomeAt, rank: 4, kind: visitMissed, visit: vf})
	case model.Cancelled:
		out = append(out, timedEvent{at: outcomeAt, rank: 4, kind: visitCancelled, visit: vf})
	}
	if v.Reflection != nil {
		out = append(out, timedEvent{at: v.Reflection.At, rank: 5, kind: visitReflected, visit: vf})
	}
	return out
}
