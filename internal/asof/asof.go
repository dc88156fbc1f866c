// Package asof answers what a district's records held at a moment of its
// year: the dataset a coordinator who runs a check that day has, cut from
// a dataset of the whole year. Tests use it to judge generated years on
// any day of them, as RULES.md's due points expect ("a coordinator runs
// check every month").
package asof

import (
	"slices"
	"time"

	"github.com/homevisits/pthv/model"
)

// Records returns the records of ds known at t: invitations sent and
// answers given by then (contact attempts too), visits booked by then —
// those not yet started still scheduled, with no outcome, topics, pay or
// reflection — messages, withdrawals and events up to then, and
// reflections recorded by then. Everything else (people, plans, goals,
// the calendar) is kept. ds is not changed; the result shares what it
// does not change with ds.
func Records(ds *model.Dataset, t time.Time) *model.Dataset {
	out := *ds
	loc := ds.Calendar.Location()
	out.Invitations = nil
	for _, inv := range ds.Invitations {
		if inv.SentAt.After(t) {
			continue
		}
		if inv.RespondedAt.After(t) {
			inv.Response, inv.RespondedAt = "", time.Time{}
		}
		inv.ContactAttempts = slices.DeleteFunc(slices.Clone(inv.ContactAttempts), func(at time.Time) bool { return at.After(t) })
		out.Invitations = append(out.Invitations, inv)
	}
	out.Withdrawals = slices.DeleteFunc(slices.Clone(ds.Withdrawals), func(w model.Withdrawal) bool { return w.At.After(t) })
	out.Visits = nil
	for _, v := range ds.Visits {
		booked := v.ArrangedAt
		if booked.IsZero() {
			booked = v.Start
		}
		if len(v.Reschedules) > 0 && v.Reschedules[0].At.Before(booked) {
			booked = v.Reschedules[0].At
		}
		if booked.After(t) {
			continue
		}
		switch {
		case v.Start.After(t):
			v.Status, v.CancelledBy = model.Scheduled, ""
			v.Topics, v.ReferencesFirst, v.Reflection, v.Compensation, v.Interpreters = nil, nil, nil, nil, nil
		case v.Reflection != nil && v.Reflection.At.After(t):
			v.Reflection = nil
		}
		out.Visits = append(out.Visits, v)
	}
	out.Communications = slices.DeleteFunc(slices.Clone(ds.Communications), func(m model.Communication) bool { return m.At.After(t) })
	out.Events = slices.DeleteFunc(slices.Clone(ds.Events), func(e model.Event) bool { return e.Date.After(model.DateOf(t.In(loc))) })
	return &out
}
