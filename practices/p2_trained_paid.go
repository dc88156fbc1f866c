package practices

import (
	"fmt"
	"time"

	"github.com/homevisits/pthv/model"
)

// P2 — "Teachers are trained and compensated for visits outside their
// school day" (RTI implementation study).

// minutesOutside returns the minutes of visit v outside educator e's
// working day: the recorded figure if there is one, else computed from the
// calendar. ok is false when neither is known (no duration).
func (r *Program) minutesOutside(v *model.Visit, e *model.Educator) (int, bool) {
	for _, c := range v.Compensation {
		if c.Educator == e.ID {
			return c.MinutesOutside, true
		}
	}
	if v.Duration <= 0 {
		return 0, false
	}
	return r.ds.Calendar.MinutesOutsideWorkingDay(r.ds.Year, r.x.WorkingHours(e), v.Start, time.Duration(v.Duration)), true
}

// paid reports whether educator e's time on v is compensated: a per-visit
// payment with a funding source, a stipend flag, or a stipend agreement for
// the year.
func (r *Program) paid(v *model.Visit, e *model.Educator) bool {
	for _, c := range v.Compensation {
		if c.Educator == e.ID && (c.Stipend || (c.AmountCents > 0 && c.Source != "")) {
			return true
		}
	}
	_, ok := e.StipendFor(r.ds.Year.ID)
	return ok
}

// visitorPay is what the record shows of one visitor's pay for a visit:
// minutes outside the working day (known is false when neither recorded nor
// computable) and whether that time is paid. It depends on the record
// alone, so Prepare works it out once.
type visitorPay struct {
	minutes     int
	known, paid bool
}

// payOf works out the pay of each of the booking's visitors.
func (r *Program) payOf(b *booking) []visitorPay {
	out := make([]visitorPay, len(b.ids))
	for i, e := range b.eds {
		if e == nil {
			continue
		}
		out[i].minutes, out[i].known = r.minutesOutside(b.v, e)
		out[i].paid = r.paid(b.v, e)
	}
	return out
}

// judgeCompensated: P2.compensated — certificated visitors are paid for
// minutes outside their working day. Schools that record no compensation at
// all are not assessable.
func judgeCompensated(p *Program, vf *visitFacts, w *verdictWriter) {
	b := &vf.booking
	for i, id := range b.visitors() {
		e := b.educator(i)
		if e == nil || e.Role != model.Certificated {
			continue
		}
		mins, known, paid := vf.pay[i].minutes, vf.pay[i].known, vf.pay[i].paid
		switch {
		case !known || !p.recordsCompensation[vf.school]:
			w.na()
		case mins == 0 || paid:
			w.pass()
		default:
			w.fail(visitRecords(vf.v, string(id)), fmt.Sprintf(
				"Educator %s spent %d minutes outside the working day on visit %s (%s) with no pay or stipend recorded",
				id, mins, vf.v.ID, vf.date))
		}
	}
}

// judgeClassifiedEligible: P2.classified-eligible — in each school, classified
// visitors are paid for time outside their day at least as often as
// certificated ones (RTI: revise policies that exclude classified staff).
func judgeClassifiedEligible(r *run) {
	rule := r.rule("P2.classified-eligible")
	type tally struct{ owed, paid [2]int } // [0] certificated, [1] classified
	per := make([]tally, len(r.schools)+1)
	for i := range r.visits {
		vf := &r.visits[i]
		if !r.tookPlace(vf) {
			continue
		}
		for i := range vf.booking.visitors() {
			e := vf.booking.educator(i)
			if e == nil {
				continue
			}
			pay := vf.pay[i]
			if !pay.known || pay.minutes == 0 {
				continue
			}
			k := 0
			if e.Role == model.Classified {
				k = 1
			}
			per[vf.school].owed[k]++
			if pay.paid {
				per[vf.school].paid[k]++
			}
		}
	}
	for s, sid := range r.schools {
		t := per[s]
		switch {
		case !r.endOfYear():
			r.pending(rule, s)
		case t.owed[1] == 0 || t.owed[0] == 0 || !r.recordsCompensation[s]:
			r.na(rule, s)
		case share(t.paid[1], t.owed[1]) >= share(t.paid[0], t.owed[0]):
			r.pass(rule, s)
		default:
			r.find(rule, s, "", r.ds.Year.LastDay, []string{string(sid)},
				"School %s paid classified visitors for %d of %d visits outside their day, certificated visitors for %d of %d; classified staff should be compensated alike",
				sid, t.paid[1], t.owed[1], t.paid[0], t.owed[0])
		}
	}
}

// judgeRefresher: P2.refresher — educators who opted in this year and were
// last trained more than RefresherAfter before the year's end.
func judgeRefresher(r *run) {
	rule := r.rule("P2.refresher")
	last := r.ds.Year.LastDay
	for i := range r.ds.Educators {
		e := &r.ds.Educators[i]
		if !e.OptedIn(r.ds.Year.ID) {
			continue
		}
		s := r.schoolOf(e.School)
		latest, ok := e.LastTrainedBy(last)
		switch {
		case !r.endOfYear():
			r.pending(rule, s)
		case !ok:
			r.na(rule, s)
		case last.DaysSince(latest) <= int(r.pol.RefresherAfter):
			r.pass(rule, s)
		default:
			r.find(rule, s, "", last, []string{string(e.ID)},
				"Educator %s was last trained on %s, more than %s before the end of the year; offer a refresher",
				e.ID, latest, r.pol.RefresherAfter)
		}
	}
}
