package model_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// day0 is the first moment of the test year; jt(d, h) is d days and h hours later.
var day0 = time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)

func jt(d, h int) time.Time {
	return day0.Add(time.Duration(d)*24*time.Hour + time.Duration(h)*time.Hour)
}

const hour = time.Hour

// Lifecycle steps used by the table. A visit scheduled on day d starts on day
// d+7 at 17:00 for one hour.
func jInvite(d int) model.JourneyEvent {
	return model.InviteEvent{At: jt(d, 9), Invitation: "I-1", Kind: model.FirstVisit}
}
func jAccept(d int) model.JourneyEvent  { return model.AcceptEvent{At: jt(d, 9), Invitation: "I-1"} }
func jDecline(d int) model.JourneyEvent { return model.DeclineEvent{At: jt(d, 9), Invitation: "I-1"} }
func jSchedule(d int, id model.VisitID) model.JourneyEvent {
	return model.ScheduleEvent{At: jt(d, 10), Visit: id, Kind: model.FirstVisit, Start: jt(d+7, 17), Duration: hour,
		Visitors: []model.EducatorID{"E-1", "E-2"}, Students: []model.StudentID{"S-1"}}
}

// jComplete records visit id, scheduled on day d, at its end.
func jComplete(d int, id model.VisitID) model.JourneyEvent {
	return model.CompleteEvent{At: jt(d+7, 18), Visit: id}
}
func jReflect(d int, id model.VisitID) model.JourneyEvent {
	return model.ReflectEvent{At: jt(d+7, 19), Visit: id, By: []model.EducatorID{"E-1", "E-2"}, CoveredBias: new(true)}
}
func jTalk(d int, dir model.Direction) model.JourneyEvent {
	return model.CommunicateEvent{At: jt(d, 12), Direction: dir, Channel: model.Phone}
}

// firstDone is the record up to a completed, reflected first visit (day 8).
func firstDone() []model.JourneyEvent {
	return []model.JourneyEvent{jInvite(0), jAccept(1), jSchedule(1, "V-1"), jComplete(1, "V-1"), jReflect(1, "V-1")}
}

func with(base []model.JourneyEvent, more ...model.JourneyEvent) []model.JourneyEvent {
	return append(append([]model.JourneyEvent(nil), base...), more...)
}

// TestJourneyApply has one named case for every transition and every kind of
// incoherent event. All events but the last must apply; the last must fail
// with wantErr (leaving the journey unchanged) or succeed and reach want.
func TestJourneyApply(t *testing.T) {
	tests := []struct {
		name    string
		events  []model.JourneyEvent
		want    model.JourneyState
		wantErr error
		check   func(t *testing.T, j *model.Journey)
	}{
		{name: "nothing recorded", want: model.JourneyNotInvited},
		{name: "communication alone is not an invitation",
			events: []model.JourneyEvent{jTalk(0, model.SchoolToFamily)}, want: model.JourneyNotInvited},
		{name: "invite", events: []model.JourneyEvent{jInvite(0)}, want: model.JourneyInvited},
		{name: "accept invitation", events: []model.JourneyEvent{jInvite(0), jAccept(1)}, want: model.JourneyAccepted,
			check: func(t *testing.T, j *model.Journey) { assert.Equal(t, model.Accepted, j.Consent()) }},
		{name: "family request: accept with no invite",
			events: []model.JourneyEvent{model.AcceptEvent{At: jt(0, 9)}}, want: model.JourneyAccepted},
		{name: "decline", events: []model.JourneyEvent{jInvite(0), jDecline(1)}, want: model.JourneyDeclined,
			check: func(t *testing.T, j *model.Journey) { assert.Equal(t, model.Declined, j.Consent()) }},
		{name: "invite again after decline", events: []model.JourneyEvent{jInvite(0), jDecline(1), jInvite(30)},
			want:  model.JourneyInvited,
			check: func(t *testing.T, j *model.Journey) { assert.Equal(t, model.Declined, j.Consent()) }},
		{name: "accept after decline", events: []model.JourneyEvent{jInvite(0), jDecline(1), jAccept(2)},
			want: model.JourneyAccepted},
		{name: "decline after accept", events: []model.JourneyEvent{jInvite(0), jAccept(1), jDecline(2)},
			want:  model.JourneyDeclined,
			check: func(t *testing.T, j *model.Journey) { assert.Equal(t, model.Declined, j.Consent()) }},
		{name: "schedule first visit", events: []model.JourneyEvent{jInvite(0), jAccept(1), jSchedule(1, "V-1")},
			want: model.JourneyFirstScheduled,
			check: func(t *testing.T, j *model.Journey) {
				assert.Equal(t, []model.Visit{{
					ID: "V-1", Family: "F-1", Kind: model.FirstVisit, Status: model.Scheduled,
					ArrangedAt: jt(1, 10), Start: jt(8, 17), Duration: model.Duration(hour),
					Visitors: []model.EducatorID{"E-1", "E-2"}, Students: []model.StudentID{"S-1"},
				}}, j.Visits())
			}},
		{name: "schedule with no acceptance is recorded",
			events: []model.JourneyEvent{jSchedule(0, "V-1")}, want: model.JourneyFirstScheduled},
		{name: "schedule after decline is recorded",
			events: []model.JourneyEvent{jInvite(0), jDecline(1), jSchedule(2, "V-1")}, want: model.JourneyFirstScheduled},
		{name: "drop-in: start at arranged time is recorded",
			events: []model.JourneyEvent{model.ScheduleEvent{At: jt(3, 17), Visit: "V-1", Start: jt(3, 17), Duration: hour}},
			want:   model.JourneyFirstScheduled},
		{name: "solo visit is recorded",
			events: []model.JourneyEvent{model.ScheduleEvent{At: jt(0, 9), Visit: "V-1", Start: jt(5, 17),
				Duration: hour, Visitors: []model.EducatorID{"E-1"}}},
			want: model.JourneyFirstScheduled},
		{name: "reschedule keeps the earlier appointment",
			events: []model.JourneyEvent{jAccept(0), jSchedule(0, "V-1"),
				model.RescheduleEvent{At: jt(3, 9), Visit: "V-1", Start: jt(10, 16), Duration: 40 * time.Minute, By: model.ByFamily}},
			want: model.JourneyFirstScheduled,
			check: func(t *testing.T, j *model.Journey) {
				v := j.Visits()[0]
				assert.Equal(t, []model.Rescheduling{{At: jt(3, 9), FromStart: jt(7, 17), By: model.ByFamily}}, v.Reschedules)
				assert.Equal(t, jt(10, 16), v.Start)
				assert.Equal(t, model.Duration(40*time.Minute), v.Duration)
				assert.Equal(t, jt(3, 9), v.ArrangedAt)
			}},
		{name: "cancel returns to the answer",
			events: []model.JourneyEvent{jAccept(0), jSchedule(0, "V-1"), model.CancelEvent{At: jt(2, 9), Visit: "V-1", By: model.ByEducator}},
			want:   model.JourneyAccepted,
			check: func(t *testing.T, j *model.Journey) {
				assert.Equal(t, model.Cancelled, j.Visits()[0].Status)
				assert.Equal(t, model.ByEducator, j.Visits()[0].CancelledBy)
			}},
		{name: "no-show returns to the answer",
			events: []model.JourneyEvent{jAccept(0), jSchedule(0, "V-1"), model.MissEvent{At: jt(7, 19), Visit: "V-1"}},
			want:   model.JourneyAccepted,
			check:  func(t *testing.T, j *model.Journey) { assert.Equal(t, model.NoShow, j.Visits()[0].Status) }},
		{name: "complete first visit", events: firstDone()[:4], want: model.JourneyFirstDone},
		{name: "complete exactly at the end",
			events: []model.JourneyEvent{jSchedule(0, "V-1"), model.CompleteEvent{At: jt(7, 18), Visit: "V-1"}},
			want:   model.JourneyFirstDone},
		{name: "reflect on first visit", events: firstDone(), want: model.JourneyFirstDone,
			check: func(t *testing.T, j *model.Journey) {
				assert.Equal(t, &model.Reflection{At: jt(8, 19), By: []model.EducatorID{"E-1", "E-2"}, CoveredBias: new(true)},
					j.Visits()[0].Reflection)
			}},
		{name: "a second reflection replaces the first",
			events: with(firstDone(), model.ReflectEvent{At: jt(9, 9), Visit: "V-1", By: []model.EducatorID{"E-2"}}),
			want:   model.JourneyFirstDone,
			check: func(t *testing.T, j *model.Journey) {
				assert.Equal(t, &model.Reflection{At: jt(9, 9), By: []model.EducatorID{"E-2"}}, j.Visits()[0].Reflection)
			}},
		{name: "communication before the completion is not follow-up",
			events: []model.JourneyEvent{jAccept(0), jSchedule(0, "V-1"), jTalk(3, model.SchoolToFamily), jComplete(0, "V-1")},
			want:   model.JourneyFirstDone},
		{name: "follow-up from school", events: with(firstDone(), jTalk(12, model.SchoolToFamily)), want: model.JourneyFollowUp},
		{name: "follow-up from family", events: with(firstDone(), jTalk(12, model.FamilyToSchool)), want: model.JourneyFollowUp},
		{name: "schedule second visit", events: with(firstDone(), jTalk(12, model.SchoolToFamily), jSchedule(60, "V-2")),
			want: model.JourneySecondScheduled},
		{name: "second visit scheduled without follow-up is recorded",
			events: with(firstDone(), jSchedule(60, "V-2")), want: model.JourneySecondScheduled},
		{name: "two visits scheduled before any is completed",
			events: []model.JourneyEvent{jSchedule(0, "V-1"), jSchedule(0, "V-2")}, want: model.JourneyFirstScheduled},
		{name: "one of two early visits completed",
			events: []model.JourneyEvent{jSchedule(0, "V-1"), jSchedule(0, "V-2"), jComplete(0, "V-1")},
			want:   model.JourneySecondScheduled},
		{name: "complete second visit",
			events: with(firstDone(), jTalk(12, model.SchoolToFamily), jSchedule(60, "V-2"), jComplete(60, "V-2")),
			want:   model.JourneySecondDone},
		{name: "cancelled second visit returns to follow-up",
			events: with(firstDone(), jTalk(12, model.SchoolToFamily), jSchedule(60, "V-2"),
				model.CancelEvent{At: jt(61, 9), Visit: "V-2", By: model.ByFamily}),
			want: model.JourneyFollowUp},
		{name: "withdraw cancels what is scheduled",
			events: with(firstDone(), jSchedule(60, "V-2"), model.WithdrawEvent{At: jt(61, 9)}),
			want:   model.JourneyWithdrawn,
			check: func(t *testing.T, j *model.Journey) {
				vs := j.Visits()
				assert.Equal(t, model.Completed, vs[0].Status)
				assert.Equal(t, model.Cancelled, vs[1].Status)
				assert.Equal(t, model.ByFamily, vs[1].CancelledBy)
				assert.True(t, j.Withdrawn())
			}},
		{name: "withdraw after two visits", events: with(firstDone(), jSchedule(60, "V-2"), jComplete(60, "V-2"),
			model.WithdrawEvent{At: jt(90, 9)}), want: model.JourneyWithdrawn},
		{name: "withdraw before any invitation", events: []model.JourneyEvent{model.WithdrawEvent{At: jt(0, 9)}},
			want: model.JourneyWithdrawn},
		{name: "invite after withdraw stays withdrawn",
			events: []model.JourneyEvent{jAccept(0), model.WithdrawEvent{At: jt(1, 9)}, jInvite(2)}, want: model.JourneyWithdrawn},
		{name: "accept after withdraw",
			events: []model.JourneyEvent{jAccept(0), jSchedule(0, "V-1"), model.WithdrawEvent{At: jt(1, 9)}, jAccept(2)},
			want:   model.JourneyAccepted,
			check:  func(t *testing.T, j *model.Journey) { assert.False(t, j.Withdrawn()) }},
		{name: "equal times are in order",
			events: []model.JourneyEvent{model.InviteEvent{At: jt(0, 9)}, model.AcceptEvent{At: jt(0, 9)}}, want: model.JourneyAccepted},

		// Incoherent events.
		{name: "zero time", events: []model.JourneyEvent{jInvite(0), model.AcceptEvent{}}, wantErr: model.ErrMissing},
		{name: "zero time on a visit", events: []model.JourneyEvent{jSchedule(0, "V-1"), model.CompleteEvent{Visit: "V-1"}},
			wantErr: model.ErrMissing},
		{name: "schedule with no visit id", events: []model.JourneyEvent{model.ScheduleEvent{At: jt(0, 9), Start: jt(3, 9)}},
			wantErr: model.ErrMissing},
		{name: "time runs backwards", events: []model.JourneyEvent{jInvite(5), jAccept(4)}, wantErr: model.ErrOutOfOrder},
		{name: "schedule a known visit id", events: []model.JourneyEvent{jSchedule(0, "V-1"), jSchedule(1, "V-1")},
			wantErr: model.ErrDuplicateVisit},
		{name: "schedule with negative duration",
			events:  []model.JourneyEvent{model.ScheduleEvent{At: jt(0, 9), Visit: "V-1", Start: jt(3, 9), Duration: -time.Minute}},
			wantErr: model.ErrEndBeforeStart},
		{name: "reschedule with negative duration",
			events: []model.JourneyEvent{jSchedule(0, "V-1"),
				model.RescheduleEvent{At: jt(1, 9), Visit: "V-1", Start: jt(9, 9), Duration: -hour}},
			wantErr: model.ErrEndBeforeStart},
		{name: "complete before the visit ends",
			events:  []model.JourneyEvent{jSchedule(0, "V-1"), model.CompleteEvent{At: jt(7, 17).Add(59 * time.Minute), Visit: "V-1"}},
			wantErr: model.ErrEndBeforeStart},
		{name: "reschedule unknown visit",
			events:  []model.JourneyEvent{jSchedule(0, "V-1"), model.RescheduleEvent{At: jt(1, 9), Visit: "V-9", Start: jt(9, 9)}},
			wantErr: model.ErrUnknownVisit},
		{name: "cancel unknown visit", events: []model.JourneyEvent{model.CancelEvent{At: jt(1, 9), Visit: "V-9"}},
			wantErr: model.ErrUnknownVisit},
		{name: "complete unknown visit", events: []model.JourneyEvent{model.CompleteEvent{At: jt(1, 9), Visit: "V-9"}},
			wantErr: model.ErrUnknownVisit},
		{name: "no-show of unknown visit", events: []model.JourneyEvent{model.MissEvent{At: jt(1, 9), Visit: "V-9"}},
			wantErr: model.ErrUnknownVisit},
		{name: "reflect on unknown visit", events: []model.JourneyEvent{model.ReflectEvent{At: jt(1, 9), Visit: "V-9"}},
			wantErr: model.ErrUnknownVisit},
		{name: "complete a cancelled visit",
			events:  []model.JourneyEvent{jSchedule(0, "V-1"), model.CancelEvent{At: jt(2, 9), Visit: "V-1"}, jComplete(0, "V-1")},
			wantErr: model.ErrVisitClosed},
		{name: "complete a visit the withdrawal cancelled",
			events:  []model.JourneyEvent{jSchedule(0, "V-1"), model.WithdrawEvent{At: jt(2, 9)}, jAccept(3), jComplete(0, "V-1")},
			wantErr: model.ErrVisitClosed},
		{name: "complete a visit twice", events: with(firstDone()[:4], model.CompleteEvent{At: jt(9, 9), Visit: "V-1"}),
			wantErr: model.ErrVisitClosed},
		{name: "cancel a completed visit", events: with(firstDone(), model.CancelEvent{At: jt(9, 9), Visit: "V-1"}),
			wantErr: model.ErrVisitClosed},
		{name: "reschedule a no-show",
			events: []model.JourneyEvent{jSchedule(0, "V-1"), model.MissEvent{At: jt(7, 19), Visit: "V-1"},
				model.RescheduleEvent{At: jt(8, 9), Visit: "V-1", Start: jt(12, 17), Duration: hour}},
			wantErr: model.ErrVisitClosed},
		{name: "no-show of a completed visit", events: with(firstDone(), model.MissEvent{At: jt(9, 9), Visit: "V-1"}),
			wantErr: model.ErrVisitClosed},
		{name: "reflect on a scheduled visit",
			events: []model.JourneyEvent{jSchedule(0, "V-1"), jReflect(0, "V-1")}, wantErr: model.ErrNotCompleted},
		{name: "reflect on a cancelled visit",
			events:  []model.JourneyEvent{jSchedule(0, "V-1"), model.CancelEvent{At: jt(2, 9), Visit: "V-1"}, jReflect(0, "V-1")},
			wantErr: model.ErrNotCompleted},
		{name: "nil event", events: []model.JourneyEvent{jInvite(0), nil}, wantErr: model.ErrInvalid},
		{name: "pointer event", events: []model.JourneyEvent{jInvite(0), &model.AcceptEvent{At: jt(1, 9)}}, wantErr: model.ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			j := model.NewJourney("F-1", "2025-26")
			require.Equal(t, model.FamilyID("F-1"), j.Family())
			events := tc.events
			if tc.wantErr != nil {
				events = events[:len(events)-1]
			}
			for i, e := range events {
				require.NoError(t, j.Apply(e), "event %d", i)
			}
			if tc.wantErr == nil {
				assert.Equal(t, tc.want, j.State())
				assert.Len(t, j.Events(), len(events))
				if tc.check != nil {
					tc.check(t, j)
				}
				return
			}
			state, visits, applied := j.State(), j.Visits(), j.Events()
			err := j.Apply(tc.events[len(tc.events)-1])
			require.ErrorIs(t, err, tc.wantErr)
			var je *model.JourneyError
			require.ErrorAs(t, err, &je)
			assert.Equal(t, model.FamilyID("F-1"), je.Family)
			assert.Equal(t, state, j.State(), "state changed")
			assert.Equal(t, visits, j.Visits(), "visits changed")
			assert.Equal(t, applied, j.Events(), "events changed")
		})
	}
}

func TestJourneyErrorMessage(t *testing.T) {
	j := model.NewJourney("F-1", "2025-26")
	require.NoError(t, j.Apply(model.ScheduleEvent{At: jt(0, 9), Visit: "V-2", Start: time.Date(2025, 10, 3, 16, 0, 0, 0, time.UTC), Duration: hour}))
	require.NoError(t, j.Apply(model.CancelEvent{At: jt(1, 9), Visit: "V-2", By: model.ByFamily}))

	err := j.Apply(model.CompleteEvent{At: time.Date(2025, 10, 3, 17, 0, 0, 0, time.UTC), Visit: "V-2"})
	require.EqualError(t, err, `family "F-1": complete visit "V-2" at 2025-10-03T17:00:00Z: visit is closed (cancelled)`)
	je, ok := errors.AsType[*model.JourneyError](err)
	require.True(t, ok)
	assert.Equal(t, model.JourneyError{Family: "F-1", Event: "complete", Visit: "V-2",
		At: time.Date(2025, 10, 3, 17, 0, 0, 0, time.UTC), Err: je.Err}, *je)

	assert.EqualError(t, j.Apply(model.MissEvent{Visit: "V-2"}), `family "F-1": no-show visit "V-2": at: required`)
	assert.EqualError(t, j.Apply(model.InviteEvent{At: jt(0, 8)}),
		`family "F-1": invite at 2025-09-01T08:00:00Z: out of order: previous event at 2025-09-02T09:00:00Z`)
	assert.EqualError(t, j.Apply(nil), `family "F-1": invalid value: <nil> is not a journey event`)
}

func TestJourneyStateString(t *testing.T) {
	want := []string{"not-invited", "invited", "declined", "accepted", "first-scheduled",
		"first-done", "follow-up", "second-scheduled", "second-done", "withdrawn"}
	for i, w := range want {
		assert.Equal(t, w, model.JourneyState(i).String())
	}
	assert.Equal(t, "JourneyState(10)", model.JourneyState(10).String())
	assert.Equal(t, "JourneyState(-1)", model.JourneyState(-1).String())
}

// TestJourneyCopies checks that callers cannot change the record through the
// slices they pass in or get back.
func TestJourneyCopies(t *testing.T) {
	j := model.NewJourney("F-1", "2025-26")
	visitors := []model.EducatorID{"E-1", "E-2"}
	bias := true
	require.NoError(t, j.Apply(model.ScheduleEvent{At: jt(0, 9), Visit: "V-1", Start: jt(2, 17), Duration: hour, Visitors: visitors}))
	require.NoError(t, j.Apply(model.RescheduleEvent{At: jt(1, 9), Visit: "V-1", Start: jt(3, 17), Duration: hour}))
	require.NoError(t, j.Apply(model.CompleteEvent{At: jt(3, 18), Visit: "V-1"}))
	require.NoError(t, j.Apply(model.ReflectEvent{At: jt(3, 19), Visit: "V-1", By: visitors, CoveredBias: &bias}))
	want, wantEvents := j.Visits(), j.Events()

	visitors[0], bias = "E-9", false
	vs := j.Visits()
	vs[0].Status, vs[0].Visitors[1], vs[0].Reschedules[0].By = model.Cancelled, "E-9", model.ByFamily
	vs[0].Reflection.By[0], *vs[0].Reflection.CoveredBias = "E-9", false
	es := j.Events()
	es[0].(model.ScheduleEvent).Visitors[0] = "E-9"
	*es[3].(model.ReflectEvent).CoveredBias = false
	es[1] = model.WithdrawEvent{At: jt(1, 9)}

	assert.Equal(t, want, j.Visits())
	assert.Equal(t, wantEvents, j.Events())
	assert.Equal(t, model.EducatorID("E-1"), j.Visits()[0].Visitors[0])
}

// journeyRef is an independent reference model of a journey: plain counters
// and maps, with State written straight from the specification.
type journeyRef struct {
	events    int
	applied   []model.JourneyEvent // every event applied, in order
	answer    model.JourneyState   // from the latest invite, accept or decline
	consent   model.Response
	withdrawn bool
	order     []model.VisitID
	visits    map[model.VisitID]*refVisit
	doneAt    []int // event numbers of completions
	talkedAt  []int // event numbers of communications
	last      time.Time
}

type refVisit struct {
	status      model.VisitStatus
	cancelledBy model.Party
	start       time.Time
	dur         time.Duration
	reflected   time.Time
}

func (r *journeyRef) ids(ok func(*refVisit) bool) []model.VisitID {
	var out []model.VisitID
	for _, id := range r.order {
		if ok(r.visits[id]) {
			out = append(out, id)
		}
	}
	return out
}

func pending(v *refVisit) bool { return v.status == model.Scheduled }
func closed(v *refVisit) bool  { return !pending(v) }
func done(v *refVisit) bool    { return v.status == model.Completed }

func (r *journeyRef) state() model.JourneyState {
	completed := len(r.doneAt)
	open := len(r.ids(pending))
	switch {
	case r.withdrawn:
		return model.JourneyWithdrawn
	case completed >= 2:
		return model.JourneySecondDone
	case open > 0 && completed >= 1:
		return model.JourneySecondScheduled
	case completed == 1:
		for _, n := range r.talkedAt {
			if n > r.doneAt[0] {
				return model.JourneyFollowUp
			}
		}
		return model.JourneyFirstDone
	case open > 0:
		return model.JourneyFirstScheduled
	}
	return r.answer
}

// TestJourneyStateMachine drives a journey with random coherent and
// incoherent events and compares it with journeyRef after every step.
func TestJourneyStateMachine(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		j := model.NewJourney("F-1", "2025-26")
		r := &journeyRef{visits: map[model.VisitID]*refVisit{}, last: day0, consent: model.NoResponse}
		educators := rapid.SampledFrom([]model.EducatorID{"E-1", "E-2", "E-3"})
		parties := rapid.SampledFrom([]model.Party{model.ByFamily, model.ByEducator, model.BySchool})

		// next draws the time of the next event: a non-negative step.
		next := func(t *rapid.T) time.Time {
			return r.last.Add(time.Duration(rapid.IntRange(0, 3*24*60).Draw(t, "step minutes")) * time.Minute)
		}
		pick := func(t *rapid.T, ids []model.VisitID) model.VisitID {
			if len(ids) == 0 {
				t.Skip("no such visit")
			}
			return rapid.SampledFrom(ids).Draw(t, "visit")
		}
		ok := func(t *rapid.T, e model.JourneyEvent) {
			require.NoError(t, j.Apply(e))
			r.events++
			r.applied = append(r.applied, e)
			r.last = e.When()
		}
		// refused applies an incoherent event and requires that nothing changed.
		refused := func(t *rapid.T, e model.JourneyEvent, want error) {
			state, visits, events := j.State(), j.Visits(), j.Events()
			err := j.Apply(e)
			require.ErrorIs(t, err, want)
			_, isJourneyErr := errors.AsType[*model.JourneyError](err)
			require.True(t, isJourneyErr)
			require.Equal(t, state, j.State())
			require.Equal(t, visits, j.Visits())
			require.Equal(t, events, j.Events())
		}
		newAppointment := func(t *rapid.T, at time.Time) (time.Time, time.Duration) {
			// Negative offsets give drop-ins and visits arranged after the fact.
			start := at.Add(time.Duration(rapid.IntRange(-2*60, 21*24*60).Draw(t, "start offset minutes")) * time.Minute)
			return start, time.Duration(rapid.IntRange(0, 120).Draw(t, "duration minutes")) * time.Minute
		}

		t.Repeat(map[string]func(*rapid.T){
			"invite": func(t *rapid.T) {
				ok(t, model.InviteEvent{At: next(t), Invitation: "I-1", Kind: model.FirstVisit})
				r.answer = model.JourneyInvited
			},
			"accept": func(t *rapid.T) {
				ok(t, model.AcceptEvent{At: next(t)})
				r.answer, r.consent, r.withdrawn = model.JourneyAccepted, model.Accepted, false
			},
			"decline": func(t *rapid.T) {
				ok(t, model.DeclineEvent{At: next(t)})
				r.answer, r.consent = model.JourneyDeclined, model.Declined
			},
			"withdraw": func(t *rapid.T) {
				ok(t, model.WithdrawEvent{At: next(t)})
				r.withdrawn = true
				for _, id := range r.ids(pending) {
					r.visits[id].status, r.visits[id].cancelledBy = model.Cancelled, model.ByFamily
				}
			},
			"schedule": func(t *rapid.T) {
				at := next(t)
				id := model.VisitID(fmt.Sprintf("V-%d", len(r.order)+1))
				start, dur := newAppointment(t, at)
				visitors := rapid.SliceOfN(educators, 0, 3).Draw(t, "visitors")
				ok(t, model.ScheduleEvent{At: at, Visit: id, Kind: model.FirstVisit, Start: start, Duration: dur, Visitors: visitors})
				r.order = append(r.order, id)
				r.visits[id] = &refVisit{status: model.Scheduled, start: start, dur: dur}
			},
			// Many visits at once: a journey finds a few by scanning and
			// indexes more, which must agree.
			"schedule a batch": func(t *rapid.T) {
				at := next(t)
				for range rapid.IntRange(2, 20).Draw(t, "batch") {
					id := model.VisitID(fmt.Sprintf("V-%d", len(r.order)+1))
					start, dur := newAppointment(t, at)
					ok(t, model.ScheduleEvent{At: at, Visit: id, Kind: model.FirstVisit, Start: start, Duration: dur})
					r.order = append(r.order, id)
					r.visits[id] = &refVisit{status: model.Scheduled, start: start, dur: dur}
				}
			},
			// Another family's journey in the same storage, as a replay
			// of many families uses one.
			"reset": func(t *rapid.T) {
				j.Reset("F-2", "2025-26")
				*r = journeyRef{visits: map[model.VisitID]*refVisit{}, last: r.last, consent: model.NoResponse}
			},
			"reschedule": func(t *rapid.T) {
				id := pick(t, r.ids(pending))
				at := next(t)
				start, dur := newAppointment(t, at)
				ok(t, model.RescheduleEvent{At: at, Visit: id, Start: start, Duration: dur, By: parties.Draw(t, "by")})
				r.visits[id].start, r.visits[id].dur = start, dur
			},
			"cancel": func(t *rapid.T) {
				id := pick(t, r.ids(pending))
				by := parties.Draw(t, "by")
				ok(t, model.CancelEvent{At: next(t), Visit: id, By: by})
				r.visits[id].status, r.visits[id].cancelledBy = model.Cancelled, by
			},
			"complete": func(t *rapid.T) {
				id := pick(t, r.ids(pending))
				v := r.visits[id]
				at := next(t)
				if end := v.start.Add(v.dur); at.Before(end) {
					at = end
				}
				ok(t, model.CompleteEvent{At: at, Visit: id})
				v.status = model.Completed
				r.doneAt = append(r.doneAt, r.events)
			},
			"noshow": func(t *rapid.T) {
				id := pick(t, r.ids(pending))
				ok(t, model.MissEvent{At: next(t), Visit: id})
				r.visits[id].status = model.NoShow
			},
			"reflect": func(t *rapid.T) {
				id := pick(t, r.ids(done))
				at := next(t)
				ok(t, model.ReflectEvent{At: at, Visit: id, By: rapid.SliceOfN(educators, 0, 2).Draw(t, "by")})
				r.visits[id].reflected = at
			},
			"communicate": func(t *rapid.T) {
				dir := rapid.SampledFrom([]model.Direction{model.SchoolToFamily, model.FamilyToSchool}).Draw(t, "direction")
				ok(t, model.CommunicateEvent{At: next(t), Direction: dir, Channel: model.Text})
				r.talkedAt = append(r.talkedAt, r.events)
			},

			"incoherent: change a closed visit": func(t *rapid.T) {
				id := pick(t, r.ids(closed))
				v := r.visits[id]
				at := next(t)
				if end := v.start.Add(v.dur); at.Before(end) {
					at = end
				}
				e := rapid.SampledFrom([]model.JourneyEvent{
					model.CompleteEvent{At: at, Visit: id}, model.CancelEvent{At: at, Visit: id},
					model.MissEvent{At: at, Visit: id}, model.RescheduleEvent{At: at, Visit: id, Start: at.Add(hour), Duration: hour},
				}).Draw(t, "event")
				refused(t, e, model.ErrVisitClosed)
			},
			"incoherent: unknown visit": func(t *rapid.T) {
				at := next(t)
				e := rapid.SampledFrom([]model.JourneyEvent{
					model.CompleteEvent{At: at, Visit: "X"}, model.CancelEvent{At: at, Visit: "X"}, model.MissEvent{At: at, Visit: "X"},
					model.RescheduleEvent{At: at, Visit: "X", Start: at}, model.ReflectEvent{At: at, Visit: "X"},
				}).Draw(t, "event")
				refused(t, e, model.ErrUnknownVisit)
			},
			"incoherent: time runs backwards": func(t *rapid.T) {
				if r.events == 0 {
					t.Skip("no earlier event")
				}
				at := r.last.Add(-time.Duration(rapid.IntRange(1, 3*24*60).Draw(t, "back minutes")) * time.Minute)
				e := rapid.SampledFrom([]model.JourneyEvent{
					model.InviteEvent{At: at}, model.AcceptEvent{At: at}, model.WithdrawEvent{At: at}, model.CommunicateEvent{At: at},
					model.ScheduleEvent{At: at, Visit: "V-new", Start: at.Add(24 * hour), Duration: hour},
				}).Draw(t, "event")
				refused(t, e, model.ErrOutOfOrder)
			},
			"incoherent: complete before the end": func(t *rapid.T) {
				var early []model.VisitID
				for _, id := range r.ids(pending) {
					if v := r.visits[id]; r.last.Before(v.start.Add(v.dur)) {
						early = append(early, id)
					}
				}
				id := pick(t, early)
				v := r.visits[id]
				room := v.start.Add(v.dur).Sub(r.last)
				at := r.last.Add(time.Duration(rapid.Int64Range(0, int64(room)-1).Draw(t, "at offset")))
				refused(t, model.CompleteEvent{At: at, Visit: id}, model.ErrEndBeforeStart)
			},
			"incoherent: negative duration": func(t *rapid.T) {
				at := next(t)
				d := -time.Duration(rapid.IntRange(1, 120).Draw(t, "minutes")) * time.Minute
				e := model.JourneyEvent(model.ScheduleEvent{At: at, Visit: "V-new", Start: at, Duration: d})
				if ids := r.ids(pending); len(ids) > 0 && rapid.Bool().Draw(t, "reschedule") {
					e = model.RescheduleEvent{At: at, Visit: pick(t, ids), Start: at, Duration: d}
				}
				refused(t, e, model.ErrEndBeforeStart)
			},
			"incoherent: reflect before completion": func(t *rapid.T) {
				id := pick(t, r.ids(func(v *refVisit) bool { return !done(v) }))
				refused(t, model.ReflectEvent{At: next(t), Visit: id}, model.ErrNotCompleted)
			},
			"incoherent: duplicate visit": func(t *rapid.T) {
				id := pick(t, r.order)
				at := next(t)
				refused(t, model.ScheduleEvent{At: at, Visit: id, Start: at, Duration: hour}, model.ErrDuplicateVisit)
			},
			"incoherent: zero time": func(t *rapid.T) {
				e := rapid.SampledFrom([]model.JourneyEvent{
					model.InviteEvent{}, model.DeclineEvent{}, model.CommunicateEvent{}, model.ScheduleEvent{Visit: "V-new"},
				}).Draw(t, "event")
				refused(t, e, model.ErrMissing)
			},

			"": func(t *rapid.T) {
				want, got := r.state(), j.State()
				require.Equal(t, want, got, "state: want %s, got %s", want, got)
				require.Equal(t, r.withdrawn, j.Withdrawn())
				require.Equal(t, r.consent, j.Consent())
				require.Len(t, j.Events(), r.events)
				// The log gives back every field of every event applied.
				if r.events > 0 {
					require.Equal(t, r.applied, j.Events())
				}
				vs := j.Visits()
				require.Len(t, vs, len(r.order))
				for i, v := range vs {
					want := r.visits[r.order[i]]
					require.Equal(t, r.order[i], v.ID)
					require.Equal(t, want.status, v.Status, "visit %s", v.ID)
					require.Equal(t, want.cancelledBy, v.CancelledBy, "visit %s", v.ID)
					require.True(t, want.start.Equal(v.Start), "visit %s start", v.ID)
					require.Equal(t, model.Duration(want.dur), v.Duration, "visit %s", v.ID)
					require.Equal(t, !want.reflected.IsZero(), v.Reflection != nil, "visit %s reflection", v.ID)
					if v.Reflection != nil {
						require.True(t, want.reflected.Equal(v.Reflection.At), "visit %s reflection time", v.ID)
					}
				}
			},
		})
	})
}

// journeyEventGen draws any event, coherent or not: zero times, times that
// run backwards, nil slices, negative and huge durations, ids that may or
// may not exist, nil and pointer events. Times mostly move *now forward, so
// long coherent runs happen too.
func journeyEventGen(now *time.Time) *rapid.Generator[model.JourneyEvent] {
	at := rapid.Custom(func(t *rapid.T) time.Time {
		switch rapid.IntRange(0, 9).Draw(t, "time kind") {
		case 0:
			return time.Time{}
		case 1:
			return now.Add(-time.Duration(rapid.Int64Range(1, 1e15).Draw(t, "back ns")))
		}
		*now = now.Add(time.Duration(rapid.IntRange(0, 5*24*60).Draw(t, "step minutes")) * time.Minute)
		return *now
	})
	start := rapid.Custom(func(t *rapid.T) time.Time {
		return now.Add(time.Duration(rapid.IntRange(-24*60, 14*24*60).Draw(t, "start offset minutes")) * time.Minute)
	})
	dur := rapid.OneOf(
		rapid.Map(rapid.IntRange(-60, 120), func(n int) time.Duration { return time.Duration(n) * time.Minute }),
		rapid.Map(rapid.Int64(), func(n int64) time.Duration { return time.Duration(n) }),
	)
	visit := rapid.SampledFrom([]model.VisitID{"", "V-1", "V-2", "V-3"})
	eds := rapid.SliceOf(rapid.SampledFrom([]model.EducatorID{"", "E-1", "E-2"}))
	party := rapid.SampledFrom([]model.Party{"", model.ByFamily, "nobody"})
	return rapid.OneOf(
		rapid.Custom(func(t *rapid.T) model.JourneyEvent {
			return model.InviteEvent{At: at.Draw(t, "at"), Kind: model.VisitKind(rapid.String().Draw(t, "kind"))}
		}),
		rapid.Custom(func(t *rapid.T) model.JourneyEvent { return model.AcceptEvent{At: at.Draw(t, "at")} }),
		rapid.Custom(func(t *rapid.T) model.JourneyEvent { return model.DeclineEvent{At: at.Draw(t, "at")} }),
		rapid.Custom(func(t *rapid.T) model.JourneyEvent { return model.WithdrawEvent{At: at.Draw(t, "at")} }),
		rapid.Custom(func(t *rapid.T) model.JourneyEvent {
			return model.ScheduleEvent{At: at.Draw(t, "at"), Visit: visit.Draw(t, "visit"), Start: start.Draw(t, "start"),
				Duration: dur.Draw(t, "duration"), Visitors: eds.Draw(t, "visitors")}
		}),
		rapid.Custom(func(t *rapid.T) model.JourneyEvent {
			return model.RescheduleEvent{At: at.Draw(t, "at"), Visit: visit.Draw(t, "visit"), Start: start.Draw(t, "start"),
				Duration: dur.Draw(t, "duration"), By: party.Draw(t, "by")}
		}),
		rapid.Custom(func(t *rapid.T) model.JourneyEvent {
			return model.CancelEvent{At: at.Draw(t, "at"), Visit: visit.Draw(t, "visit"), By: party.Draw(t, "by")}
		}),
		rapid.Custom(func(t *rapid.T) model.JourneyEvent {
			return model.CompleteEvent{At: at.Draw(t, "at"), Visit: visit.Draw(t, "visit")}
		}),
		rapid.Custom(func(t *rapid.T) model.JourneyEvent {
			return model.MissEvent{At: at.Draw(t, "at"), Visit: visit.Draw(t, "visit")}
		}),
		rapid.Custom(func(t *rapid.T) model.JourneyEvent {
			var bias *bool
			if rapid.Bool().Draw(t, "has bias") {
				bias = new(rapid.Bool().Draw(t, "bias"))
			}
			return model.ReflectEvent{At: at.Draw(t, "at"), Visit: visit.Draw(t, "visit"), By: eds.Draw(t, "by"), CoveredBias: bias}
		}),
		rapid.Custom(func(t *rapid.T) model.JourneyEvent {
			return model.CommunicateEvent{At: at.Draw(t, "at"), Direction: model.Direction(rapid.String().Draw(t, "direction"))}
		}),
		rapid.Custom(func(t *rapid.T) model.JourneyEvent {
			return rapid.SampledFrom([]model.JourneyEvent{nil, &model.InviteEvent{}, (*model.CompleteEvent)(nil)}).Draw(t, "odd")
		}),
	)
}

// TestJourneyApplyAnything: Apply never panics, every error is a
// *JourneyError, and a refused event changes nothing.
func TestJourneyApplyAnything(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		j := model.NewJourney("F-1", "2025-26")
		now := day0
		applied := 0
		for _, e := range rapid.SliceOfN(journeyEventGen(&now), 0, 60).Draw(t, "events") {
			state, visits, n := j.State(), j.Visits(), len(j.Events())
			err := j.Apply(e)
			if err == nil {
				applied++
				require.Len(t, j.Events(), applied)
				continue
			}
			_, isJourneyErr := errors.AsType[*model.JourneyError](err)
			require.True(t, isJourneyErr, "%v", err)
			require.NotEmpty(t, err.Error())
			require.Equal(t, state, j.State())
			require.Equal(t, visits, j.Visits())
			require.Len(t, j.Events(), n)
		}
		require.Len(t, j.Events(), applied)
	})
}

// A reset journey behaves like a new one: replaying a family's events on a
// journey reset from another family's gives the same state, visits and events.
func TestJourneyResetMatchesNew(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		reused := model.NewJourney("F-A", "2025-26")
		for _, family := range []model.FamilyID{"F-A", "F-B"} {
			fresh := model.NewJourney(family, "2025-26")
			reused.Reset(family, "2025-26")
			n := rapid.IntRange(0, 12).Draw(t, "events")
			at := time.Date(2025, 8, 1, 9, 0, 0, 0, time.UTC)
			for i := range n {
				at = at.Add(time.Duration(rapid.IntRange(0, 72).Draw(t, "hours")) * time.Hour)
				id := model.VisitID(fmt.Sprintf("V%d", rapid.IntRange(0, 2).Draw(t, "visit")))
				var e model.JourneyEvent
				switch rapid.IntRange(0, 5).Draw(t, "kind") {
				case 0:
					e = model.InviteEvent{At: at, Invitation: model.InvitationID(fmt.Sprint(i))}
				case 1:
					e = model.AcceptEvent{At: at}
				case 2:
					e = model.ScheduleEvent{At: at, Visit: id, Start: at.Add(48 * time.Hour), Duration: 40 * time.Minute, Visitors: []model.EducatorID{"E1", "E2"}}
				case 3:
					e = model.CompleteEvent{At: at.Add(50 * time.Hour), Visit: id}
				case 4:
					e = model.CancelEvent{At: at, Visit: id, By: model.ByFamily}
				default:
					e = model.WithdrawEvent{At: at}
				}
				errFresh, errReused := fresh.Apply(e), reused.Apply(e)
				require.Equal(t, errFresh == nil, errReused == nil)
				if errFresh != nil {
					require.Equal(t, errFresh.Error(), errReused.Error())
				}
				if c, ok := e.(model.CompleteEvent); ok && errFresh == nil {
					at = c.At
				}
			}
			require.Equal(t, fresh.State(), reused.State())
			require.Equal(t, fresh.Visits(), reused.Visits())
			require.Equal(t, fresh.Events(), reused.Events())
			require.Equal(t, family, reused.Family())
		}
	})
}
