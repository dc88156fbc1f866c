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
// never dropped, never a failure of Check. A completed visit with no
// scheduling record is not L.sequence: it is kept and judged by
// P1.arranged-in-advance.

// timedEvent is a journey event with the order it takes among events at
// the same instant.
type timedEvent struct {
	e     model.JourneyEvent
	rank  int
	visit model.VisitID
}

// sequenceProblem is an event of a family's records the lifecycle could not
// place, with its record and date.
type sequenceProblem struct {
	date    model.Date
	records []string
	err     error
}

// replaySequences replays every family's records through the visit
// lifecycle once per Program. One journey and one event buffer serve every
// family in turn.
func (r *Program) replaySequences() {
	r.sequence = make([][]sequenceProblem, len(r.families))
	j := model.NewJourney("", r.ds.Year.ID)
	var buf []timedEvent
	// Only families with a record of the program are units.
	for _, i := range r.active {
		f := r.families[i]
		buf = r.familyEvents(f, buf[:0])
		j.Reset(f.id, r.ds.Year.ID)
		var problems []sequenceProblem
		for _, te := range buf {
			err := j.Apply(te.e)
			if err == nil {
				continue
			}
			if _, isCancel := te.e.(model.Cancel); isCancel && errors.Is(err, model.ErrVisitClosed) {
				continue // already cancelled by the family's withdrawal
			}
			records := []string{string(f.id)}
			if te.visit != "" {
				records = []string{string(te.visit), string(f.id)}
			}
			problems = append(problems, sequenceProblem{model.DateOf(te.e.When().In(r.loc)), records, err})
		}
		r.sequence[i] = problems
	}
}

func judgeSequence(r *run) {
	rule := r.rule("L.sequence")
	for _, i := range r.active {
		f, problems := r.families[i], r.sequence[i]
		for _, p := range problems {
			r.find(rule, f.school, "", p.date, p.records, "The record cannot be placed in the visit lifecycle: %v", p.err)
		}
		// The completed visits that had not taken place as of asOf: those
		// after the ones done, in start order.
		future := f.completed[r.doneCount[i]:]
		for _, vf := range future {
			r.find(rule, f.school, "", vf.date, []string{string(vf.v.ID), string(f.id)},
				"Visit %s is recorded as completed but starts on %s, after %s", vf.v.ID, vf.date, r.today)
		}
		if len(problems) == 0 && len(future) == 0 {
			r.pass(rule, f.school)
		}
	}
}

// familyEvents appends the journey events of one family, derived from the
// dataset, to out, and returns them in time order.
func (r *Program) familyEvents(f *familyFacts, out []timedEvent) []timedEvent {
	add := func(e model.JourneyEvent, rank int, visit model.VisitID) {
		out = append(out, timedEvent{e: e, rank: rank, visit: visit})
	}
	for _, inv := range f.invitations {
		answeredAt := inv.RespondedAt
		if answeredAt.IsZero() {
			answeredAt = inv.SentAt
		}
		if inv.FromFamily() {
			if inv.Answer() != model.Declined {
				add(model.Accept{At: answeredAt}, 1, "")
			}
			continue
		}
		add(model.Invite{At: inv.SentAt, Invitation: inv.ID, Kind: inv.Kind}, 0, "")
		switch inv.Answer() {
		case model.Accepted:
			add(model.Accept{At: answeredAt, Invitation: inv.ID}, 1, "")
		case model.Declined:
			add(model.Decline{At: answeredAt, Invitation: inv.ID}, 1, "")
		}
	}
	for _, k := range r.records[f.pos].Withdrawals {
		add(model.Withdraw{At: r.ds.Withdrawals[k].At}, 9, "")
	}
	for _, v := range f.visits {
		r.visitEvents(v, add)
	}
	for _, c := range f.comms {
		add(model.Communicate{At: c.At, Direction: c.Direction, Channel: c.Channel}, 8, "")
	}
	slices.SortStableFunc(out, func(a, b timedEvent) int {
		return cmp.Or(a.e.When().Compare(b.e.When()), cmp.Compare(a.rank, b.rank))
	})
	return out
}

// visitEvents derives a visit's events: its first appointment, each
// reschedule, its outcome and its reflection. An unrecorded arrangement is
// dated at the start, so a drop-in stays a drop-in.
func (r *Program) visitEvents(v *model.Visit, add func(model.JourneyEvent, int, model.VisitID)) {
	d := time.Duration(v.Duration)
	start, arranged := v.Start, v.ArrangedAt
	if len(v.Reschedules) > 0 {
		start, arranged = v.Reschedules[0].FromStart, v.Reschedules[0].At
	}
	if arranged.IsZero() {
		arranged = start
	}
	// Who visited and whom a visit was for place nothing in the lifecycle:
	// the events leave them out, and the journey has nothing to copy.
	add(model.Schedule{At: arranged, Visit: v.ID, Kind: v.Kind, Start: start, Duration: d}, 2, v.ID)
	for i, re := range v.Reschedules {
		next := v.Start
		if i+1 < len(v.Reschedules) {
			next = v.Reschedules[i+1].FromStart
		}
		add(model.Reschedule{At: re.At, Visit: v.ID, Start: next, Duration: d, By: re.By}, 3, v.ID)
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
		add(model.Complete{At: v.End(), Visit: v.ID}, 4, v.ID)
	case model.NoShow:
		add(model.Miss{At: outcomeAt, Visit: v.ID}, 4, v.ID)
	case model.Cancelled:
		add(model.Cancel{At: outcomeAt, Visit: v.ID, By: v.CancelledBy}, 4, v.ID)
	}
	if v.Reflection != nil {
		add(model.Reflect{At: v.Reflection.At, Visit: v.ID}, 5, v.ID)
	}
}
