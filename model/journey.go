package model

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
)

// Sentinel errors for incoherent journey events, for use with [errors.Is].
// [Journey.Apply] returns them wrapped in a [*JourneyError]; a zero At is
// reported as [ErrMissing].
var (
	// ErrUnknownVisit: the event names a visit the journey never scheduled.
	ErrUnknownVisit = errors.New("unknown visit")
	// ErrDuplicateVisit: a visit id is scheduled a second time.
	ErrDuplicateVisit = errors.New("duplicate visit")
	// ErrVisitClosed: the visit is already completed, cancelled or a no-show.
	ErrVisitClosed = errors.New("visit is closed")
	// ErrEndBeforeStart: a negative duration, or a completion recorded
	// before the visit could have ended.
	ErrEndBeforeStart = errors.New("end before start")
	// ErrOutOfOrder: the event is earlier than the event applied before it.
	ErrOutOfOrder = errors.New("out of order")
	// ErrNotCompleted: a reflection on a visit that was not completed.
	ErrNotCompleted = errors.New("visit not completed")
)

// JourneyEvent is one thing that happened in a family's journey. The set of
// events is closed: [InviteEvent], [AcceptEvent], [DeclineEvent],
// [WithdrawEvent], [ScheduleEvent], [RescheduleEvent], [CancelEvent],
// [CompleteEvent], [MissEvent], [ReflectEvent] and [CommunicateEvent],
// passed by value.
type JourneyEvent interface {
	// When returns the time the event happened or was recorded.
	When() time.Time
	journeyEvent()
}

// InviteEvent is an invitation sent to the family.
type InviteEvent struct {
	At         time.Time
	Invitation InvitationID
	Kind       VisitKind
}

// AcceptEvent is the family agreeing to a visit. An empty Invitation is the
// family's own request: families "proactively ask educators when they are
// coming" (RTI).
type AcceptEvent struct {
	At         time.Time
	Invitation InvitationID
}

// DeclineEvent is the family turning a visit down. Visits "are always voluntary
// for educators and families" (PTHV, core practice 1).
type DeclineEvent struct {
	At         time.Time
	Invitation InvitationID
}

// WithdrawEvent is the family deciding to stop taking part. It covers all the
// family's students and cancels every visit still scheduled.
type WithdrawEvent struct {
	At time.Time
}

// ScheduleEvent is an appointment agreed with the family. At is when it was
// arranged and Start when the visit is to begin: home visits are not "drop
// ins," but rather "an appointment set between two willing colleagues"
// (PTHV), so a Start at or before At is recorded for the rules to judge.
type ScheduleEvent struct {
	At       time.Time
	Visit    VisitID
	Kind     VisitKind
	Start    time.Time
	Duration time.Duration
	// Visitors are the educators going; PTHV visits are made in pairs.
	Visitors []EducatorID
	Students []StudentID
}

// RescheduleEvent moves a scheduled visit to a new appointment, agreed at At.
type RescheduleEvent struct {
	At       time.Time
	Visit    VisitID
	Start    time.Time
	Duration time.Duration
	By       Party
}

// CancelEvent calls off a scheduled visit.
type CancelEvent struct {
	At    time.Time
	Visit VisitID
	By    Party
}

// CompleteEvent records that a visit took place. At is when it was recorded, at
// or after the visit's end.
type CompleteEvent struct {
	At    time.Time
	Visit VisitID
}

// MissEvent records a no-show: the visit was due but did not take place. The
// visit's status becomes [NoShow].
type MissEvent struct {
	At    time.Time
	Visit VisitID
}

// ReflectEvent is the visitors' debrief after a completed visit: "what biases
// were held about the family prior to the visit and how those assumptions
// changed" (PTHV, core practice 5). A later ReflectEvent replaces an earlier
// one.
type ReflectEvent struct {
	At    time.Time
	Visit VisitID
	By    []EducatorID
	// CoveredBias records whether the reflection covered assumptions and
	// bias; nil means not recorded.
	CoveredBias *bool
}

// CommunicateEvent is one message between school and family. After the first
// visit it is the follow-up, "ongoing two-way communication" (Organizing
// Engagement).
type CommunicateEvent struct {
	At        time.Time
	Direction Direction
	Channel   Channel
}

// The journey events' names before they were given the Event suffix,
// which keeps them apart from the records (InviteEvent beside
// Invitation, WithdrawEvent beside Withdrawal). They go in the next
// release.
type (
	// Deprecated: use [InviteEvent].
	Invite = InviteEvent
	// Deprecated: use [AcceptEvent].
	Accept = AcceptEvent
	// Deprecated: use [DeclineEvent].
	Decline = DeclineEvent
	// Deprecated: use [WithdrawEvent].
	Withdraw = WithdrawEvent
	// Deprecated: use [ScheduleEvent].
	Schedule = ScheduleEvent
	// Deprecated: use [RescheduleEvent].
	Reschedule = RescheduleEvent
	// Deprecated: use [CancelEvent].
	Cancel = CancelEvent
	// Deprecated: use [CompleteEvent].
	Complete = CompleteEvent
	// Deprecated: use [MissEvent].
	Miss = MissEvent
	// Deprecated: use [ReflectEvent].
	Reflect = ReflectEvent
	// Deprecated: use [CommunicateEvent].
	Communicate = CommunicateEvent
)

// When returns e.At.
func (e InviteEvent) When() time.Time { return e.At }

// When returns e.At.
func (e AcceptEvent) When() time.Time { return e.At }

// When returns e.At.
func (e DeclineEvent) When() time.Time { return e.At }

// When returns e.At.
func (e WithdrawEvent) When() time.Time { return e.At }

// When returns e.At, when the appointment was arranged.
func (e ScheduleEvent) When() time.Time { return e.At }

// When returns e.At, when the new appointment was agreed.
func (e RescheduleEvent) When() time.Time { return e.At }

// When returns e.At.
func (e CancelEvent) When() time.Time { return e.At }

// When returns e.At, when the completion was recorded.
func (e CompleteEvent) When() time.Time { return e.At }

// When returns e.At.
func (e MissEvent) When() time.Time { return e.At }

// When returns e.At.
func (e ReflectEvent) When() time.Time { return e.At }

// When returns e.At.
func (e CommunicateEvent) When() time.Time { return e.At }

func (InviteEvent) journeyEvent()      {}
func (AcceptEvent) journeyEvent()      {}
func (DeclineEvent) journeyEvent()     {}
func (WithdrawEvent) journeyEvent()    {}
func (ScheduleEvent) journeyEvent()    {}
func (RescheduleEvent) journeyEvent()  {}
func (CancelEvent) journeyEvent()      {}
func (CompleteEvent) journeyEvent()    {}
func (MissEvent) journeyEvent()        {}
func (ReflectEvent) journeyEvent()     {}
func (CommunicateEvent) journeyEvent() {}

// JourneyState is where a family stands in the PTHV lifecycle (DESIGN):
// invite → accept | decline → first visit scheduled → completed → reflected
// → follow-up communication → second visit scheduled → completed →
// reflected; withdraw at any point cancels what is scheduled.
type JourneyState int

// Journey states, in lifecycle order. The zero value is JourneyNotInvited.
const (
	JourneyNotInvited      JourneyState = iota // nothing asked or answered yet
	JourneyInvited                             // invited, no answer since
	JourneyDeclined                            // the latest answer is a decline
	JourneyAccepted                            // the latest answer is an acceptance (or a request)
	JourneyFirstScheduled                      // a visit is scheduled, none completed
	JourneyFirstDone                           // one visit completed, no communication since
	JourneyFollowUp                            // one visit completed and a message since
	JourneySecondScheduled                     // a visit is scheduled after one was completed
	JourneySecondDone                          // two or more visits completed
	JourneyWithdrawn                           // the family withdrew and has not accepted again
)

var journeyStates = [...]string{
	"not-invited", "invited", "declined", "accepted", "first-scheduled",
	"first-done", "follow-up", "second-scheduled", "second-done", "withdrawn",
}

// String returns the state as a lower-case label such as "first-done".
func (s JourneyState) String() string {
	if s < 0 || int(s) >= len(journeyStates) {
		return fmt.Sprintf("JourneyState(%d)", int(s))
	}
	return journeyStates[s]
}

// JourneyError is an event [Journey.Apply] could not place in the record.
// It names records by id only, never personal data:
//
//	family "F-1": complete visit "V-2" at 2025-10-03T17:00:00Z: visit is closed (cancelled)
type JourneyError struct {
	Family FamilyID
	Event  string    // "invite", "schedule", "complete", "no-show", …
	Visit  VisitID   // empty for events about no visit
	At     time.Time // the event's time; zero when missing
	Err    error     // a sentinel such as [ErrVisitClosed], possibly wrapped
}

// Error returns the family, event, visit and time, then the problem. A nil
// *JourneyError reads "<nil>".
func (e *JourneyError) Error() string {
	if e == nil {
		return "<nil>"
	}
	var op []string
	if e.Event != "" {
		op = append(op, e.Event)
	}
	if e.Visit != "" {
		op = append(op, fmt.Sprintf("visit %q", e.Visit))
	}
	if !e.At.IsZero() {
		op = append(op, "at "+e.At.Format(time.RFC3339))
	}
	s := fmt.Sprintf("family %q", e.Family)
	if len(op) > 0 {
		s += ": " + strings.Join(op, " ")
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying error; nil for a nil *JourneyError.
func (e *JourneyError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// Journey is the event-sourced lifecycle of one family in one school year.
// A withdrawal covers all the family's students, so the journey is per
// family, not per student.
//
// [Journey.Apply] records what really happened even when it breaks a
// practice (a visit with no consent, a drop-in, a solo visitor): judging is
// the practices' job, so nothing real is refused. Only incoherent events are
// rejected. Create a Journey with [NewJourney]; the zero Journey is an
// empty journey of no family. A nil *Journey reads as empty, and Apply
// returns an error for it.
type Journey struct {
	family FamilyID
	year   SchoolYearID
	// log holds the applied events as values of one struct rather than
	// as JourneyEvents: an interface keeps its value on the heap, and a
	// practices.Check replays hundreds of thousands of events through
	// one Journey. Events boxes them again for the few who ask. The
	// room past its length is always zero — fresh, cleared by Reset, or
	// cleared again when an event cannot be placed — so that Apply
	// writes an event into it without clearing it first.
	log []loggedEvent
	// visits are the visits in scheduling order, each as what the
	// lifecycle changes of it and the positions in the log of the
	// events that hold the rest: a whole Visit record, ten times the
	// size, is built only for the callers of Visits and Lifecycle.
	visits []journeyVisit
	// index finds a visit by id once the journey has more than
	// scanVisits of them; visitAt scans the few a family mostly has,
	// which is quicker than hashing their ids.
	index     map[VisitID]int
	answer    JourneyState // JourneyNotInvited, Invited, Declined or Accepted
	consent   Response     // latest AcceptEvent or DeclineEvent; "" before any
	withdrawn bool
	completed int
	// followedUp is set by a CommunicateEvent applied while exactly one visit
	// was completed.
	followedUp bool
}

// journeyVisit is a visit as a Journey keeps it. Its visitors and
// students are those of its ScheduleEvent, and its reflection is its
// latest ReflectEvent: both stay in the log, which no event changes.
type journeyVisit struct {
	id          VisitID
	kind        VisitKind
	status      VisitStatus
	cancelledBy Party
	arrangedAt  time.Time
	start       time.Time
	duration    Duration
	// scheduled is the position in the log of the visit's ScheduleEvent;
	// reflected that of its latest ReflectEvent, -1 before any.
	scheduled, reflected int32
	reschedules          []Rescheduling
}

// pending reports whether the visit is still to take place.
func (v *journeyVisit) pending() bool { return v.status == Scheduled || v.status == Proposed }

// end is the end of the visit's appointment, [Visit.End].
func (v *journeyVisit) end() time.Time { return Visit{Start: v.start, Duration: v.duration}.End() }

// visit returns the journey's visit i as a Visit. Its slices are the
// journey's own: callers outside the journey get a cloneVisit of it.
func (j *Journey) visit(i int) Visit {
	v := &j.visits[i]
	s := &j.log[v.scheduled]
	out := Visit{ID: v.id, Family: j.family, Kind: v.kind, Status: v.status, CancelledBy: v.cancelledBy,
		ArrangedAt: v.arrangedAt, Reschedules: v.reschedules, Start: v.start, Duration: v.duration,
		Visitors: s.educators, Students: s.students}
	if v.reflected >= 0 {
		r := &j.log[v.reflected]
		out.Reflection = &Reflection{At: r.at, By: r.educators, CoveredBias: r.covered}
	}
	return out
}

// NewJourney returns an empty journey for family in school year year.
func NewJourney(family FamilyID, year SchoolYearID) *Journey {
	return &Journey{family: family, year: year}
}

// scanVisits is how many visits a journey finds by scanning before it
// indexes them by id.
const scanVisits = 16

// visitAt returns the position in j.visits of visit id.
func (j *Journey) visitAt(id VisitID) (int, bool) {
	if len(j.visits) > scanVisits {
		i, ok := j.index[id]
		return i, ok
	}
	for i := range j.visits {
		if j.visits[i].id == id {
			return i, true
		}
	}
	return -1, false
}

// Reset empties the journey and gives it to another family, keeping its
// storage: replaying many families' records (as practices.Check does) then
// allocates little. Journeys handed out earlier are not affected; their
// copies from Events and Visits stay valid. It does nothing to a nil
// *Journey.
func (j *Journey) Reset(family FamilyID, year SchoolYearID) {
	if j == nil {
		return
	}
	clear(j.log)
	clear(j.visits)
	if len(j.index) > 0 {
		clear(j.index)
	}
	*j = Journey{family: family, year: year, log: j.log[:0], visits: j.visits[:0], index: j.index}
}

// Family returns the family the journey belongs to ("" for a nil *Journey).
func (j *Journey) Family() FamilyID {
	if j == nil {
		return ""
	}
	return j.family
}

// Year returns the school year of the journey ("" for a nil *Journey).
func (j *Journey) Year() SchoolYearID {
	if j == nil {
		return ""
	}
	return j.year
}

// Withdrawn reports whether the family withdrew and has not accepted since.
func (j *Journey) Withdrawn() bool { return j != nil && j.withdrawn }

// Consent returns the family's latest answer: [Accepted], [Declined] or
// [NoResponse]. A withdrawal does not change it; see [Journey.Withdrawn].
func (j *Journey) Consent() Response {
	if j == nil || j.consent == "" {
		return NoResponse
	}
	return j.consent
}

// State derives the family's lifecycle state from the record: a withdrawal
// first, then completed and pending visits, then the latest answer. A nil
// *Journey is [JourneyNotInvited].
func (j *Journey) State() JourneyState {
	if j == nil {
		return JourneyNotInvited
	}
	if j.withdrawn {
		return JourneyWithdrawn
	}
	pending := false
	for i := range j.visits {
		pending = pending || j.visits[i].pending()
	}
	switch {
	case j.completed >= 2:
		return JourneySecondDone
	case pending && j.completed >= 1:
		return JourneySecondScheduled
	case j.completed == 1 && j.followedUp:
		return JourneyFollowUp
	case j.completed == 1:
		return JourneyFirstDone
	case pending:
		return JourneyFirstScheduled
	}
	return j.answer
}

// Events returns the applied events in order. The result is a copy; nil
// for a nil *Journey.
func (j *Journey) Events() []JourneyEvent {
	if j == nil {
		return nil
	}
	out := make([]JourneyEvent, len(j.log))
	for i := range j.log {
		le := j.log[i].cloned()
		out[i] = le.event()
	}
	return out
}

// Visits returns the journey's visits in scheduling order. The result is a
// copy: changing it does not change the journey. It is nil for a nil
// *Journey.
func (j *Journey) Visits() []Visit {
	if j == nil {
		return nil
	}
	out := make([]Visit, len(j.visits))
	for i := range j.visits {
		out[i] = cloneVisit(j.visit(i))
	}
	return out
}

// Lifecycle places the journey's completed visits per student with
// [NewLifecycleNamed], the definition practices.Check and practices.Guard
// use: students are the family's students, and a visit of the journey
// naming a student, whatever its status, keys the lifecycle by them. A
// withdrawal covers them all; each student's first and second visits are
// their own. A nil *Journey has no completed visit. Its visits are
// copies, like those of [Journey.Visits].
func (j *Journey) Lifecycle(students []StudentID) Lifecycle {
	var done []*Visit
	if j == nil {
		return NewLifecycle(students, done)
	}
	named := false
	for i := range j.visits {
		named = named || len(j.log[j.visits[i].scheduled].students) > 0
		if j.visits[i].status == Completed {
			v := cloneVisit(j.visit(i))
			done = append(done, &v)
		}
	}
	return NewLifecycleNamed(students, done, named)
}

// Apply records e. It returns a [*JourneyError], and leaves the journey
// unchanged, when e is incoherent: a zero At ([ErrMissing]), an At earlier
// than the previous event's ([ErrOutOfOrder]; equal times are fine), an
// unknown or reused visit id ([ErrUnknownVisit], [ErrDuplicateVisit]), a
// change to a visit already completed, cancelled or missed
// ([ErrVisitClosed]), a negative duration or a completion before the
// visit's end ([ErrEndBeforeStart]), or a reflection on a visit not
// completed ([ErrNotCompleted]). A ScheduleEvent with no visit id is
// [ErrMissing]; a nil or pointer event is [ErrInvalid], and so is any event
// applied to a nil *Journey.
func (j *Journey) Apply(e JourneyEvent) error {
	if j == nil {
		return &JourneyError{Err: fmt.Errorf("model: Journey.Apply: nil journey: %w", ErrInvalid)}
	}
	// Apply reads e only through logInto, which copies its fields: the
	// caller's event can then stay on the caller's stack. They are copied
	// once, into the room at the end of the log — a replay of a national
	// year applies hundreds of thousands of events — and dropped again
	// when the event cannot be placed.
	n := len(j.log)
	if n < cap(j.log) {
		j.log = j.log[:n+1] // zero already
	} else {
		j.log = append(j.log, loggedEvent{})
	}
	le := &j.log[n]
	if !logInto(le, e) {
		j.log = j.log[:n]
		return &JourneyError{Family: j.family, Err: fmt.Errorf("%w: %s is not a journey event", ErrInvalid, typeName(e))}
	}
	var err error
	switch {
	case le.at.IsZero():
		err = fmt.Errorf("at: %w", ErrMissing)
	case n > 0 && le.at.Before(j.log[n-1].at):
		err = fmt.Errorf("%w: previous event at %s", ErrOutOfOrder, j.log[n-1].at.Format(time.RFC3339))
	default:
		err = j.check(le)
	}
	if err != nil {
		jerr := &JourneyError{Family: j.family, Event: le.kind.name(), Visit: le.visit, At: le.at, Err: err}
		*le = loggedEvent{} // keeps nothing of the caller's
		j.log = j.log[:n]
		return jerr
	}
	// One copy of the caller's slices serves both the event log and the
	// visit it shapes: neither is changed in place afterwards, and callers
	// only ever get copies.
	le.cloneShared()
	j.record(le, n)
	return nil
}

// typeName is fmt's %T of a value that is not a journey event, without
// handing the value to fmt, which would keep every event on the heap.
func typeName(e JourneyEvent) string {
	if e == nil {
		return "<nil>"
	}
	return reflect.TypeOf(e).String()
}

// eventKind is which of the journey events a loggedEvent holds.
type eventKind uint8

const (
	inviteKind eventKind = iota + 1
	acceptKind
	declineKind
	withdrawKind
	communicateKind
	scheduleKind
	rescheduleKind
	cancelKind
	completeKind
	missKind
	reflectKind
)

// name names the kind in a [JourneyError].
func (k eventKind) name() string {
	return [...]string{"", "invite", "accept", "decline", "withdraw", "communicate",
		"schedule", "reschedule", "cancel", "complete", "no-show", "reflect"}[k]
}

// loggedEvent is a journey event as a Journey keeps it: the fields of
// every kind in one struct, each kind using its own.
type loggedEvent struct {
	kind       eventKind
	at         time.Time
	invitation InvitationID // invite, accept, decline
	visitKind  VisitKind    // invite, schedule
	visit      VisitID      // the visit events
	start      time.Time    // schedule, reschedule
	duration   time.Duration
	party      Party // reschedule, cancel
	direction  Direction
	channel    Channel
	educators  []EducatorID // a schedule's visitors, a reflection's by
	students   []StudentID  // schedule
	covered    *bool        // reflect
}

// logInto copies e into le, a zero loggedEvent, field by field — the
// log's room is written in place, without building the event apart and
// copying it whole; false when e is not one of the journey events (a
// pointer to one, or nil).
func logInto(le *loggedEvent, e JourneyEvent) bool {
	switch e := e.(type) {
	case InviteEvent:
		le.kind, le.at, le.invitation, le.visitKind = inviteKind, e.At, e.Invitation, e.Kind
	case AcceptEvent:
		le.kind, le.at, le.invitation = acceptKind, e.At, e.Invitation
	case DeclineEvent:
		le.kind, le.at, le.invitation = declineKind, e.At, e.Invitation
	case WithdrawEvent:
		le.kind, le.at = withdrawKind, e.At
	case CommunicateEvent:
		le.kind, le.at, le.direction, le.channel = communicateKind, e.At, e.Direction, e.Channel
	case ScheduleEvent:
		le.kind, le.at, le.visit, le.visitKind, le.start = scheduleKind, e.At, e.Visit, e.Kind, e.Start
		le.duration, le.educators, le.students = e.Duration, e.Visitors, e.Students
	case RescheduleEvent:
		le.kind, le.at, le.visit, le.start, le.duration, le.party = rescheduleKind, e.At, e.Visit, e.Start, e.Duration, e.By
	case CancelEvent:
		le.kind, le.at, le.visit, le.party = cancelKind, e.At, e.Visit, e.By
	case CompleteEvent:
		le.kind, le.at, le.visit = completeKind, e.At, e.Visit
	case MissEvent:
		le.kind, le.at, le.visit = missKind, e.At, e.Visit
	case ReflectEvent:
		le.kind, le.at, le.visit, le.educators, le.covered = reflectKind, e.At, e.Visit, e.By, e.CoveredBias
	default:
		return false
	}
	return true
}

// event is the JourneyEvent le was copied from.
func (le *loggedEvent) event() JourneyEvent {
	switch le.kind {
	case inviteKind:
		return InviteEvent{At: le.at, Invitation: le.invitation, Kind: le.visitKind}
	case acceptKind:
		return AcceptEvent{At: le.at, Invitation: le.invitation}
	case declineKind:
		return DeclineEvent{At: le.at, Invitation: le.invitation}
	case withdrawKind:
		return WithdrawEvent{At: le.at}
	case communicateKind:
		return CommunicateEvent{At: le.at, Direction: le.direction, Channel: le.channel}
	case scheduleKind:
		return ScheduleEvent{At: le.at, Visit: le.visit, Kind: le.visitKind, Start: le.start,
			Duration: le.duration, Visitors: le.educators, Students: le.students}
	case rescheduleKind:
		return RescheduleEvent{At: le.at, Visit: le.visit, Start: le.start, Duration: le.duration, By: le.party}
	case cancelKind:
		return CancelEvent{At: le.at, Visit: le.visit, By: le.party}
	case completeKind:
		return CompleteEvent{At: le.at, Visit: le.visit}
	case missKind:
		return MissEvent{At: le.at, Visit: le.visit}
	case reflectKind:
		return ReflectEvent{At: le.at, Visit: le.visit, By: le.educators, CoveredBias: le.covered}
	}
	return nil
}

// cloned returns le with its own copies of its slices and pointer, so
// that the record shares no memory with callers. Nil slices stay nil.
func (le loggedEvent) cloned() loggedEvent {
	le.cloneShared()
	return le
}

// cloneShared gives le its own copies of its slices and pointer, in
// place: cloned without copying the event.
func (le *loggedEvent) cloneShared() {
	if le.educators != nil {
		le.educators = slices.Clone(le.educators)
	}
	if le.students != nil {
		le.students = slices.Clone(le.students)
	}
	le.covered = cloneBool(le.covered)
}

// check reports why e cannot be placed in the record, without changing it.
func (j *Journey) check(e *loggedEvent) error {
	switch e.kind {
	case scheduleKind:
		if e.visit == "" {
			return fmt.Errorf("visit: %w", ErrMissing)
		}
		if _, ok := j.visitAt(e.visit); ok {
			return ErrDuplicateVisit
		}
		return checkDuration(e.duration)
	case rescheduleKind:
		if err := j.checkOpen(e.visit); err != nil {
			return err
		}
		return checkDuration(e.duration)
	case cancelKind, missKind:
		return j.checkOpen(e.visit)
	case completeKind:
		if err := j.checkOpen(e.visit); err != nil {
			return err
		}
		if i, _ := j.visitAt(e.visit); e.at.Before(j.visits[i].end()) {
			end := j.visits[i].end()
			return fmt.Errorf("%w: recorded before the visit ends at %s", ErrEndBeforeStart, end.Format(time.RFC3339))
		}
	case reflectKind:
		i, ok := j.visitAt(e.visit)
		if !ok {
			return ErrUnknownVisit
		}
		if s := j.visits[i].status; s != Completed {
			return fmt.Errorf("%w (%s)", ErrNotCompleted, s)
		}
	}
	return nil
}

func checkDuration(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("%w: duration %s", ErrEndBeforeStart, d)
	}
	return nil
}

// checkOpen reports whether visit id exists and can still change.
func (j *Journey) checkOpen(id VisitID) error {
	i, ok := j.visitAt(id)
	if !ok {
		return ErrUnknownVisit
	}
	switch s := j.visits[i].status; s {
	case Completed, Cancelled, NoShow:
		return fmt.Errorf("%w (%s)", ErrVisitClosed, s)
	}
	return nil
}

// record applies an event that check accepted, at position n in the log.
func (j *Journey) record(e *loggedEvent, n int) {
	switch e.kind {
	case inviteKind:
		j.answer = JourneyInvited
	case acceptKind:
		j.answer, j.consent, j.withdrawn = JourneyAccepted, Accepted, false
	case declineKind:
		j.answer, j.consent = JourneyDeclined, Declined
	case withdrawKind:
		j.withdrawn = true
		for i := range j.visits {
			if v := &j.visits[i]; v.pending() {
				v.status, v.cancelledBy = Cancelled, ByFamily
			}
		}
	case communicateKind:
		j.followedUp = j.followedUp || j.completed == 1
	case scheduleKind:
		j.visits = append(j.visits, journeyVisit{
			id: e.visit, kind: e.visitKind, status: Scheduled,
			arrangedAt: e.at, start: e.start, duration: Duration(e.duration),
			scheduled: int32(n), reflected: -1,
		})
		switch n := len(j.visits); {
		case n == scanVisits+1:
			if j.index == nil {
				j.index = make(map[VisitID]int, 2*n)
			}
			for i := range j.visits {
				j.index[j.visits[i].id] = i
			}
		case n > scanVisits+1:
			j.index[e.visit] = n - 1
		}
	case rescheduleKind:
		i, _ := j.visitAt(e.visit)
		v := &j.visits[i]
		v.reschedules = append(v.reschedules, Rescheduling{At: e.at, FromStart: v.start, By: e.party})
		v.start, v.duration, v.arrangedAt = e.start, Duration(e.duration), e.at
	case cancelKind:
		i, _ := j.visitAt(e.visit)
		v := &j.visits[i]
		v.status, v.cancelledBy = Cancelled, e.party
	case missKind:
		i, _ := j.visitAt(e.visit)
		j.visits[i].status = NoShow
	case completeKind:
		i, _ := j.visitAt(e.visit)
		j.visits[i].status = Completed
		j.completed++
	case reflectKind:
		i, _ := j.visitAt(e.visit)
		j.visits[i].reflected = int32(n)
	}
}

// cloneVisit copies the parts of v a journey sets.
func cloneVisit(v Visit) Visit {
	v.Visitors, v.Students = slices.Clone(v.Visitors), slices.Clone(v.Students)
	v.Reschedules = slices.Clone(v.Reschedules)
	if v.Reflection != nil {
		r := *v.Reflection
		r.By, r.CoveredBias = slices.Clone(r.By), cloneBool(r.CoveredBias)
		v.Reflection = &r
	}
	return v
}

func cloneBool(p *bool) *bool {
	if p == nil {
		return nil
	}
	b := *p
	return &b
}
