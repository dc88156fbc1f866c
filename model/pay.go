package model

import "time"

// PayRule is how a visitor is paid for a visit: "teachers are trained
// and compensated for visits outside their school day" (PTHV, core
// practice 2), paid from "district funds (including Title I funding),
// foundation grants …, and union funds" (Organizing Engagement). The
// planner prices its appointments with it (schedule.Plan), the simulator
// pays its visits with it, and payroll (schedule.Payroll, pthv export
// payroll) works out the time of visits with no pay on record with it.
//
// It lives in model, not in a planner, because each of its parts is a
// field of the record or of the policy — the hourly rates are [Policy]
// fields, the working day is the [Calendar]'s or the [Educator]'s, the
// stipend is the educator's [Stipend] — and the rule itself is a policy
// rule that every package reading the record must apply alike.
type PayRule struct {
	Calendar Calendar
	Year     SchoolYear
	// CertificatedRateCents and ClassifiedRateCents are the hourly rates,
	// [Policy.CertificatedRateCents] and [Policy.ClassifiedRateCents].
	CertificatedRateCents int64
	ClassifiedRateCents   int64
}

// PayRuleOf returns the pay rule of the dataset's calendar and school
// year at the rates of policy pol (pass ds.Policy for the dataset's own).
// A nil ds gives the zero calendar and year.
func PayRuleOf(ds *Dataset, pol Policy) PayRule {
	r := PayRule{CertificatedRateCents: pol.CertificatedRateCents, ClassifiedRateCents: pol.ClassifiedRateCents}
	if ds != nil {
		r.Calendar, r.Year = ds.Calendar, ds.Year
	}
	return r
}

// Rate returns the hourly rate in cents of a role: classified staff at
// their own rate (RTI recommends that compensation policies not exclude
// them), everyone else at the certificated rate.
func (r PayRule) Rate(role Role) int64 {
	if role == Classified {
		return r.ClassifiedRateCents
	}
	return r.CertificatedRateCents
}

// Pay returns educator e's compensation for a visit starting at start and
// lasting d, when e's working day is hours (an Index's WorkingHours of
// e) and the visit's school pays from source:
//
//   - the minutes of the visit outside e's working day
//     ([Calendar.MinutesOutsideWorkingDay]); with none, nothing more;
//   - with a [Stipend] agreement of e for the year: covered by the
//     stipend, from the stipend's own funding source;
//   - else the minutes at the hourly rate of e's role, rounded up to the
//     cent ([CentsFor]), from source.
//
// A zero rate (a policy may set one: a district that pays by stipend
// only) pays nothing: the compensation records the minutes with no
// amount and no source — time on the record as unpaid, which the rule
// P2.compensated then reports — never a payment of zero cents from a
// source. So does a negative rate, which [Policy.Validate] refuses. A nil
// e is paid nothing, and its compensation names no educator.
func (r PayRule) Pay(e *Educator, hours Hours, start time.Time, d time.Duration, source FundingSource) Compensation {
	if e == nil {
		return Compensation{}
	}
	return r.PayOutside(e, r.Calendar.MinutesOutsideWorkingDay(r.Year, hours, start, d), source)
}

// PayOutside is [PayRule.Pay] for a visit of which minutes fall outside
// e's working day, already worked out with
// [Calendar.MinutesOutsideWorkingDay] of the rule's calendar and year:
// for a caller that pays many visitors at the same instants, and works
// the minutes — the costly part, which converts times to the district's
// zone — out once for all of them.
func (r PayRule) PayOutside(e *Educator, minutes int, source FundingSource) Compensation {
	if e == nil {
		return Compensation{}
	}
	c := Compensation{Educator: e.ID, MinutesOutside: minutes}
	if c.MinutesOutside <= 0 {
		c.MinutesOutside = 0
		return c
	}
	if st, ok := e.StipendFor(r.Year.ID); ok {
		c.Stipend, c.Source = true, st.Source
		return c
	}
	if rate := r.Rate(e.Role); rate > 0 {
		c.AmountCents, c.Source = CentsFor(c.MinutesOutside, rate), source
	}
	return c
}

// CentsFor returns the pay for minutes at an hourly rate in cents,
// rounded up to the cent; zero for no minutes or no rate. A policy keeps
// a rate within [MaxRateCents], so the product fits an int64 for any
// minutes a time.Duration can hold.
func CentsFor(minutes int, rateCents int64) int64 {
	if minutes <= 0 || rateCents <= 0 {
		return 0
	}
	return (int64(minutes)*rateCents + 59) / 60
}
