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
// and judged by P1.arranged-in-advance. A record of another school year
// is replayed but counts for no unit, as for every rule.
func integrityRules() []Rule {
	return []Rule{
		{ID: "L.sequence", Practice: "L", Severity: Data, Unit: RecordUnit, Due: DueWhenRecorded,
			Title:      "an event the visit lifecycle cannot place is reported with its record, never dropped",
			Source:     "Library rule: nothing the user recorded is lost.",
			judgeUnits: judgeSequence, prepare: prepareSequence},
	}
}

// timedEvent is one journey event of a family's records, named by the
// record it comes from, with its time. It holds no model.JourneyEvent: an
// interface keeps its value on the heap, and a national year replays some
// 300,000 events; applyEvent makes each one as it is applied. The events
// stay where they were built: their order is that of their keys
// (eventBuf).
type timedEvent struct {
	at   time.Time // the event's At
	kind eventSource
	// i is the family's invitation or message, the withdrawal, or the
	// reschedule; visit is the visit events' visit, by its position in
	// the dataset (which is that of its facts).
	i, visit int32
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
	visitRescheduled // visit.Reschedules[i]
	visitCompleted
	visitMissed
	visitCancelled
	visitReflected
)

// ofVisit reports whether the event is one of a visit's.
func (s eventSource) ofVisit() bool { return s >= visitScheduled }

// eventRank orders the events of a family at the same instant: an
// invitation is sent before it is answered; a visit is arranged, moved,
// held, missed or called off, then reflected on; messages, then
// withdrawals, come last.
var eventRank = [...]uint8{
	invitationSent: 0, familyRequest: 1, invitationAccepted: 1, invitationDeclined: 1,
	visitScheduled: 2, visitRescheduled: 3, visitCompleted: 4, visitMissed: 4, visitCancelled: 4,
	visitReflected: 5, message: 8, withdrawal: 9,
}

// eventKey places one event of an eventBuf in time order: by its time,
// then its rank, then its position in the buffer. No two keys are equal,
// so sorting them by any algorithm gives the order a stable sort of the
// events by time and rank gives; and sorting moves 16-byte keys, compared
// as integers, rather than the events, compared as times.
type eventKey struct {
	sec  int64  // the time's Unix seconds
	rest uint64 // its nanoseconds, the rank and the position, in that order
}

// keyRankBits and keyPosBits are the low bits of eventKey.rest that hold
// the rank and the position; the nanoseconds (under 2³⁰) take the rest.
const (
	keyRankBits = 4
	keyPosBits  = 30
)

// keyOf is the key of the event at position pos, at time at with rank
// rank.
func keyOf(at time.Time, rank uint8, pos int) eventKey {
	return eventKey{at.Unix(), uint64(at.Nanosecond())<<(keyRankBits+keyPosBits) | uint64(rank)<<keyPosBits | uint64(pos)}
}

// pos is the position of the event k places.
func (k eventKey) pos() int { return int(k.rest & (1<<keyPosBits - 1)) }

// compareKeys orders keys: earlier first.
func compareKeys(a, b eventKey) int {
	return cmp.Or(cmp.Compare(a.sec, b.sec), cmp.Compare(a.rest, b.rest))
}

// eventBuf holds the events of one family and their keys; one serves
// every family in turn.
type eventBuf struct {
	events []timedEvent
	order  []eventKey
}

// add appends an event.
func (b *eventBuf) add(at time.Time, kind eventSource, i, visit int32) {
	b.events = append(b.events, timedEvent{at: at, kind: kind, i: i, visit: visit})
}

// sort makes the events' keys and puts them in time order. A family has
// a few events; sorting their keys in place by insertion spares the call
// of the generic sort.
func (b *eventBuf) sort() {
	o := b.order[:0]
	for i := range b.events {
		te := &b.events[i]
		o = append(o, keyOf(te.at, eventRank[te.kind], i))
	}
	b.order = o
	if len(o) > 64 {
		slices.SortFunc(o, compareKeys)
		return
	}
	for i := 1; i < len(o); i++ {
		k, j := o[i], i
		for ; j > 0 && (k.sec < o[j-1].sec || k.sec == o[j-1].sec && k.rest < o[j-1].rest); j-- {
			o[j] = o[j-1]
		}
		o[j] = k
	}
}

// sequenceProblem is an event of a family's records the lifecycle could not
// place, with its record and date, and the family's position in
// Program.active.
type sequenceProblem struct {
	active int32
	// visit is the position of the visit the problem is a record of, -1
	// for a problem of another record: a visit is one unit, with one
	// finding however many of its events cannot be placed.
	visit   int32
	date    model.Date
	records []string
	schools []int32
	message string
}

// problemOf returns the index in problems of the problem of the visit at
// position visit, or -1.
func problemOf(problems []sequenceProblem, visit int32) int {
	for i := range problems {
		if problems[i].visit == visit {
			return i
		}
	}
	return -1
}

// replaySequences replays every family's records through the visit
// lifecycle once per Program. One journey and one event buffer serve every
// family in turn; the few problems found are kept in one list, in active
// order.
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
	p.sequence = nil
	p.reinvitations = make([]reinvitation, 0, len(p.active))
	// Most active families have at most one student-year.
	p.studentYears = make([]studentYear, 0, len(p.active))
	p.secondOffers = make([]secondOffer, 0, len(p.active))
	p.followUps = make([]followUp, 0, len(p.active))
	j := model.NewJourney("", p.ds.Year.ID)
	var buf eventBuf
	var teachers []model.EducatorID
	for a, k := range p.active {
		f := &p.families[k]
		from := len(p.sequence)
		p.sequence = p.replay(j, f, &buf, p.sequence)
		for i := from; i < len(p.sequence); i++ {
			p.sequence[i].active = int32(a)
		}
		if d, ok := p.reinvitationOf(f, k, time.Time{}); ok {
			p.reinvitations = append(p.reinvitations, d)
		}
		from = len(p.studentYears)
		p.appendStudentYears(f)
		for _, u := range p.studentYears[from:] {
			var fu followUp
			fu, teachers = p.followUpOf(u, teachers)
			p.secondOffers = append(p.secondOffers, p.secondOfferOf(u))
			p.followUps = append(p.followUps, fu)
		}
	}
}

// replay replays family f's records through j and appends the events it
// could not place to problems, with b the event buffer to reuse. A visit
// is one record, and one unit of L.sequence: a second event of it that
// cannot be placed (a reflection on a visit whose completion could not
// be placed) is told in the visit's one finding. Records of other school
// years are replayed, since they shape the lifecycle, but "count for no
// unit" (RULES.md, "Which year a record belongs to"): an event of a visit
// of another year that cannot be placed is not a problem of this year's.
func (p *Program) replay(j *model.Journey, f *familyFacts, b *eventBuf, problems []sequenceProblem) []sequenceProblem {
	from := len(problems)
	problems = p.familyEvents(f, b, problems)
	j.Reset(f.id(), p.ds.Year.ID)
	for _, k := range b.order {
		te := &b.events[k.pos()]
		err := p.applyEvent(j, f, te)
		if err == nil {
			continue
		}
		if te.kind == visitCancelled && errors.Is(err, model.ErrVisitClosed) {
			continue // already cancelled by the family's withdrawal
		}
		pr := sequenceProblem{visit: -1, date: model.DateOf(te.at.In(p.loc)), records: []string{string(f.id())},
			schools: f.schools, message: "The record cannot be placed in the visit lifecycle: " + err.Error()}
		if te.kind.ofVisit() {
			if k := problemOf(problems[from:], te.visit); k >= 0 {
				problems[from+k].message += "; " + err.Error()
				continue
			}
			vf := &p.visits[te.visit]
			if !vf.inYear {
				continue // a visit of another school year counts for no unit
			}
			pr.visit, pr.records, pr.schools = te.visit, visitRecords(vf.v), vf.schools
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

// sequenceUnits judges L.sequence for each active family: a finding for
// each problem the walk kept (replaySequences, in active order, so one
// cursor finds each family's) and for each completed visit not yet
// started as of the check that has none, else a pass.
func sequenceUnits(r *run, rule int) {
	next := 0 // the first problem of the family
	for a, k := range r.active {
		f := &r.families[k]
		from := next
		for next < len(r.sequence) && r.sequence[next].active == int32(a) {
			next++
		}
		problems := r.sequence[from:next]
		for _, pr := range problems {
			r.unit(rule, RecordUnit, pr.schools, verdict{outcome: failed, message: pr.message}.on(pr.date, pr.records...))
		}
		// The family's completed visits are in start order: any that had
		// not started as of the check are at the end. None has once every
		// one took place (allDone, as when prepare settles the rule): their
		// facts are then not read.
		future := 0
		if !r.allDone {
			for i := len(f.lifeFacts) - 1; i >= 0 && f.lifeFacts[i].start > r.asOfUnix; i-- {
				future++
			}
		}
		if future > 0 {
			for _, vf := range f.lifeFacts[len(f.lifeFacts)-future:] {
				if problemOf(problems, vf.pos) >= 0 {
					continue // the visit's one finding is given
				}
				r.unit(rule, RecordUnit, vf.schools, fail("Visit %s is recorded as completed but starts on %s, after %s",
					vf.v.ID, vf.date, r.today).on(vf.date, visitRecords(vf.v)...))
			}
		}
		if len(problems) == 0 && future == 0 {
			r.unit(rule, RecordUnit, f.schools, pass())
		}
	}
}

// familyEvents puts the journey events of family f, derived from the
// dataset, in b with their keys in time order, and appends to problems
// what its records of this school year show before any event is applied:
// an invitation answered before it was sent, a completed visit that
// records who cancelled it. Each record is read once, for its events and
// its problems both, and through its pointer: the model's methods on a
// record's value would copy all of it.
func (p *Program) familyEvents(f *familyFacts, b *eventBuf, problems []sequenceProblem) []sequenceProblem {
	b.events, b.order = b.events[:0], b.order[:0]
	for i, inv := range f.invitations {
		if !inv.RespondedAt.IsZero() && inv.RespondedAt.Before(inv.SentAt) && p.invitationYear(inv) == p.ds.Year.ID {
			problems = append(problems, sequenceProblem{visit: -1, date: model.DateOf(inv.SentAt.In(p.loc)),
				records: []string{string(inv.ID), string(f.id())}, schools: f.invSchools[i],
				message: "Invitation " + string(inv.ID) + " is recorded as answered before it was sent; it is read as answered when sent"})
		}
		// inv.FromFamily() and inv.Answer(), read in place.
		if inv.Origin == model.FamilyRequest {
			if inv.Response != model.Declined {
				b.add(answeredAt(inv), familyRequest, int32(i), -1)
			}
			continue
		}
		b.add(inv.SentAt, invitationSent, int32(i), -1)
		switch inv.Response {
		case model.Accepted:
			b.add(answeredAt(inv), invitationAccepted, int32(i), -1)
		case model.Declined:
			b.add(answeredAt(inv), invitationDeclined, int32(i), -1)
		}
	}
	for _, k := range f.withdrawals {
		b.add(p.ds.Withdrawals[k].At, withdrawal, k, -1)
	}
	for _, i := range f.visitPos {
		v := &p.ds.Visits[i]
		if v.Status == model.Completed && v.CancelledBy != "" && p.visits[i].inYear {
			vf := &p.visits[i]
			problems = append(problems, sequenceProblem{visit: int32(i), date: vf.date, records: visitRecords(v), schools: vf.schools,
				message: "Visit " + string(v.ID) + " is recorded as completed and as cancelled by the " + string(v.CancelledBy) + "; it is read as completed"})
		}
		visitEvents(v, i, b)
	}
	for i, c := range f.comms {
		b.add(c.At, message, int32(i), -1)
	}
	b.sort()
	return problems
}

// model.Invitation's and model.Visit's methods take the record's value:
// called through a pointer, each call copies all of it, five cache lines,
// for the field or two it reads. The walk over a national year's families
// reads Origin and Response in place (FromFamily and Answer compare
// them), and these two methods through a copy of only what they read.

// answeredAt is inv.AnsweredAt().
func answeredAt(inv *model.Invitation) time.Time {
	return model.Invitation{SentAt: inv.SentAt, RespondedAt: inv.RespondedAt}.AnsweredAt()
}

// endOf is v.End().
func endOf(v *model.Visit) time.Time {
	return model.Visit{Start: v.Start, Duration: v.Duration}.End()
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
	v := &p.ds.Visits[te.visit]
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

// appointedStart is the start visit v's first appointment set (i = -1),
// or its reschedule i: the start the next reschedule moved from, the
// visit's own after the last.
func appointedStart(v *model.Visit, i int) time.Time {
	if i+1 < len(v.Reschedules) {
		return v.Reschedules[i+1].FromStart
	}
	return v.Start
}

// visitEvents adds to b the events of visit v, at position pos in the
// dataset: its first appointment, each reschedule, its outcome and its
// reflection. An unrecorded arrangement is dated at the start, so a
// drop-in stays a drop-in.
func visitEvents(v *model.Visit, pos int32, b *eventBuf) {
	arranged := v.ArrangedAt
	if len(v.Reschedules) > 0 {
		arranged = v.Reschedules[0].At
	}
	if arranged.IsZero() {
		arranged = appointedStart(v, -1)
	}
	b.add(arranged, visitScheduled, 0, pos)
	for i, re := range v.Reschedules {
		b.add(re.At, visitRescheduled, int32(i), pos)
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
		b.add(endOf(v), visitCompleted, 0, pos)
	case model.NoShow:
		b.add(outcomeAt, visitMissed, 0, pos)
	case model.Cancelled:
		b.add(outcomeAt, visitCancelled, 0, pos)
	}
	if v.Reflection != nil {
		b.add(v.Reflection.At, visitReflected, 0, pos)
	}
}
