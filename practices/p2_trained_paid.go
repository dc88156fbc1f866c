package practices

import (
	"strconv"
	"time"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
)

// P2 — "Teachers are trained and compensated for visits outside their
// school day" (RTI implementation study).
func trainedPaidRules() []Rule {
	return []Rule{
		{ID: "P2.trained", Practice: "P2", Severity: Violation, Unit: VisitEducatorUnit, Due: DueAtVisit, AtBooking: true,
			Title:        "every educator on the visit completed PTHV training before the visit date",
			Source:       "PTHV: \"Teachers are trained, and compensated for visits outside their school day.\"",
			judgeVisitor: trained},
		{ID: "P2.compensated", Practice: "P2", Severity: Violation, Unit: VisitEducatorUnit, Due: DueAtVisit,
			Title:        "minutes outside the educator's working day are paid, per visit with a funding source or by a stipend",
			Source:       "PTHV: educators are \"compensated for visits outside of the school day to demonstrate value and respect for the time committed\".",
			judgeVisitor: compensated},
		{ID: "P2.classified-eligible", Practice: "P2", Severity: Advisory, Unit: SchoolYearUnit, Due: DueEndOfYear,
			Title:      "classified staff who visit are compensated at least like certificated staff",
			Source:     "RTI: \"revise compensation policies or practices that may prevent classified staff from participating\".",
			judgeUnits: judgeClassifiedEligible},
		{ID: "P2.refresher", Practice: "P2", Severity: Advisory, Unit: EducatorYearUnit, Due: DueEndOfYear, Policy: []string{"refresher_after"},
			Title:      "veterans trained long ago had a refresher since",
			Source:     "RTI: \"implement ongoing refresher trainings for veteran home visit educators\".",
			judgeUnits: judgeRefresher},
	}
}

// trained: P2.trained, for visitor i — a training completed before the
// visit's date. Not assessable when no educator's training is recorded.
func trained(c *visitCtx, i int) verdict {
	if c.p != nil && !c.p.recordsTrainings {
		return notAssessed()
	}
	e := c.eds[i]
	if e == nil {
		return failWith("Educator " + string(c.ids[i]) + " on visit " + string(c.v.ID) + " (" + c.date.String() + ") is unknown: the program has no record of them, so no PTHV training completed before that day")
	}
	if _, ok := e.TrainedBy(c.date.AddDays(-1)); ok {
		return pass()
	}
	return failWith("Educator " + string(c.ids[i]) + " is on visit " + string(c.v.ID) + " (" + c.date.String() + ") without PTHV training completed before that day")
}

// visitorPay is what the record shows of one visitor's pay for a visit:
// minutes outside the working day (known is false when neither recorded nor
// computable) and whether that time is paid. P2.compensated and
// P2.classified-eligible both read it.
type visitorPay struct {
	minutes     int
	known, paid bool
}

// payOf works out the pay of each of the booking's visitors into out, a
// zeroed slice of len(b.ids) (cut by Prepare from one array for many
// visits), and returns it.
func (p *Program) payOf(b *booking, out []visitorPay) []visitorPay {
	for i, e := range b.eds {
		if e != nil {
			out[i] = p.payFor(b.v, e)
		}
	}
	return out
}

// payFor is the pay of educator e for visit v, from one pass over the
// visit's compensation records (a national year has 90,000 visitors to
// look up in them): the minutes outside e's working day are the figure of
// e's first record if there is one, else computed from the calendar, and
// not known when neither is (no duration); the time is paid when one of
// e's records is a per-visit payment with a funding source, or e has a
// stipend agreement for the year (RULES.md: "a stipend agreement covering
// that educator-year"). A record's stipend mark stands for that agreement
// only when e's record lists no stipend agreement at all (agreements are
// optional); beside agreements of other years alone it pays nothing.
func (p *Program) payFor(v *model.Visit, e *model.Educator) visitorPay {
	var pay visitorPay
	marked := false
	for _, c := range v.Compensation {
		if c.Educator != e.ID {
			continue
		}
		if !pay.known {
			pay.minutes, pay.known = c.MinutesOutside, true
		}
		marked = marked || c.Stipend
		pay.paid = pay.paid || (c.AmountCents > 0 && c.Source != "")
	}
	if !pay.known && v.Duration > 0 {
		pay.minutes = p.ds.Calendar.MinutesOutsideWorkingDay(p.ds.Year, indexview.WorkingHours(p.x, e), v.Start, time.Duration(v.Duration))
		pay.known = true
	}
	if !pay.paid {
		_, agreed := e.StipendFor(p.ds.Year.ID)
		pay.paid = agreed || marked && len(e.Stipends) == 0
	}
	return pay
}

// compensated: P2.compensated — a certificated visitor is paid for minutes
// outside the working day. Classified visitors are not units (see
// P2.classified-eligible); schools that record no compensation at all are
// not assessable.
func compensated(c *visitCtx, i int) verdict {
	e := c.eds[i]
	if e == nil || e.Role != model.Certificated {
		return notUnit()
	}
	pay := c.pay[i]
	switch {
	case !pay.known || !c.recorded(compensationOf):
		return notAssessed()
	case pay.minutes == 0 || pay.paid:
		return pass()
	}
	return failWith("Educator " + string(c.ids[i]) + " spent " + strconv.Itoa(pay.minutes) + " minutes outside the working day on visit " + string(c.v.ID) +
		" (" + c.date.String() + ") with no pay or stipend recorded")
}

// judgeClassifiedEligible: P2.classified-eligible — in each school,
// classified visitors are paid for time outside their day at least as
// often as certificated ones (RTI: revise policies that exclude classified
// staff).
func judgeClassifiedEligible(r *run, rule int) {
	type tally struct{ owed, paid [2]int } // [0] certificated, [1] classified
	per := make([]tally, r.cols())
	for i := range r.visits {
		if !r.tookPlaceAt(int32(i)) {
			continue
		}
		vf := &r.visits[i]
		for k, e := range vf.eds {
			pay := vf.pay[k]
			if e == nil || !pay.known || pay.minutes == 0 {
				continue
			}
			role := 0
			if e.Role == model.Classified {
				role = 1
			}
			for _, s := range vf.schools {
				per[s].owed[role]++
				if pay.paid {
					per[s].paid[role]++
				}
			}
		}
	}
	for s, sid := range r.schools {
		t := per[s]
		var v verdict
		switch {
		case !r.endOfYear():
			v = notYetDue()
		case t.owed[1] == 0 || t.owed[0] == 0 || !r.recordsCompensation[s]:
			v = notAssessed()
		case share(t.paid[1], t.owed[1]) >= share(t.paid[0], t.owed[0]):
			v = pass()
		default:
			v = fail("School %s paid classified visitors for %d of %d visits outside their day, certificated visitors for %d of %d; classified staff should be compensated alike",
				sid, t.paid[1], t.owed[1], t.paid[0], t.owed[0]).on(r.ds.Year.LastDay, string(sid))
		}
		r.unit(rule, SchoolYearUnit, []int32{int32(s)}, v)
	}
}

// judgeRefresher: P2.refresher — educators who opted in this year and were
// last trained more than RefresherAfter before the year's end.
func judgeRefresher(r *run, rule int) {
	last := r.ds.Year.LastDay
	for i := range r.ds.Educators {
		e := &r.ds.Educators[i]
		if !e.OptedIn(r.ds.Year.ID) {
			continue
		}
		var schools []int32
		if s := r.schoolOf(e.School); s != r.noSchool() {
			schools = []int32{int32(s)}
		}
		latest, ok := e.LastTrainedBy(last)
		var v verdict
		switch {
		case !r.endOfYear():
			v = notYetDue()
		case !ok:
			v = notAssessed()
		case last.DaysSince(latest) <= int(r.pol.RefresherAfter):
			v = pass()
		default:
			v = fail("Educator %s was last trained on %s, more than %s before the end of the year; offer a refresher",
				e.ID, latest, r.pol.RefresherAfter).on(last, string(e.ID))
		}
		r.unit(rule, EducatorYearUnit, schools, v)
	}
}
