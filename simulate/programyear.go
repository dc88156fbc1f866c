package simulate

import (
	"fmt"
	"math"
)

// ProgramYear is what happens to visits once they are on the calendar:
// families miss them, cancel them, ask to move them or withdraw, and the
// coordinator books them again. Each rate is a chance per appointment (or,
// for withdrawals, per family that agreed), 0–1. Every such visit is
// recorded with its status — a no-show as "no-show", a cancellation as
// "cancelled" by the family, a move as a [model.Rescheduling] of the same
// visit, a withdrawal as a [model.Withdrawal] that cancels what was
// scheduled — so that practices.Check judges the year as it happened
// (RULES.md: cancelled visits and no-shows are not units; a withdrawal
// covers all the family's students).
//
// The defaults are illustrative library choices, not figures from the
// sources: the seeds report no rates of missed or moved visits.
type ProgramYear struct {
	// NoShowRate is the chance the family is not there when the visitors
	// arrive (status no-show). The visitors' time counts against their
	// capacity; the visit is not paid and not held. lib: 0.08.
	NoShowRate float64 `json:"no_show_rate"`
	// CancelRate is the chance the family cancels an appointment one to
	// three days before it (status cancelled, cancelled by the family).
	// lib: 0.06.
	CancelRate float64 `json:"cancel_rate"`
	// RescheduleRate is the chance the family asks to move an
	// appointment. The coordinator moves it at the next planning round
	// (the same visit, with its earlier time kept as a rescheduling); a
	// request that round comes too late for (after the appointment's time
	// less the policy's notice) is recorded as a cancellation. lib: 0.10.
	RescheduleRate float64 `json:"reschedule_rate"`
	// WithdrawalRate is the chance a family that agreed withdraws during
	// the year, at a uniform time between agreeing and the last day: what
	// is scheduled after it is cancelled and the family is not visited
	// again that year. lib: 0.03.
	WithdrawalRate float64 `json:"withdrawal_rate"`
	// Rebooks is how many more times, 0–5, a family whose visit was missed
	// or cancelled is booked again for that visit (at the next planning
	// round). lib: 1.
	Rebooks int `json:"rebooks"`
	// SecondVisitReserve is the share of each educator's yearly capacity
	// (capacity_per_educator) held for second visits, 0–1: first visits
	// take at most the rest, so that families who accept a second visit
	// in winter still find visitors with room. lib: 0.3.
	SecondVisitReserve float64 `json:"second_visit_reserve"`
	// PlanEveryDays is how often, 1–60 days, the coordinator runs the
	// schedule planner (schedule.Plan) for the families waiting for a
	// visit. lib: 14.
	PlanEveryDays int `json:"plan_every_days"`
}

// DefaultProgramYear returns the illustrative rates of [ProgramYear].
func DefaultProgramYear() ProgramYear {
	return ProgramYear{
		NoShowRate:         0.08,
		CancelRate:         0.06,
		RescheduleRate:     0.10,
		WithdrawalRate:     0.03,
		Rebooks:            1,
		SecondVisitReserve: 0.3,
		PlanEveryDays:      14,
	}
}

// BudgetScope says whose budget [Compensation.BudgetCents] is.
type BudgetScope string

// Budget scopes.
const (
	// DistrictBudget: BudgetCents is the district's, shared among the
	// schools before the year starts by the budget's [Allocation].
	DistrictBudget BudgetScope = "district"
	// SchoolBudget: every school has BudgetCents of its own.
	SchoolBudget BudgetScope = "school"
)

// Allocation is how a district budget is shared among its schools.
type Allocation string

// Allocation rules.
const (
	// ByEnrolment gives each school a share in proportion to its
	// students (largest remainder on whole cents, ties to the school
	// listed first).
	ByEnrolment Allocation = "enrolment"
	// Equally gives each school the same share (the remainder's cents to
	// the schools listed first).
	Equally Allocation = "equal"
)

// Budget says how the visit pay budget ([Compensation.BudgetCents], when
// set) is allocated. Each school spends only its own share, on the visits
// its coordinator books, so a school's reach never depends on how early
// another school's families agreed: the budget is not spent first come by
// date across the district.
type Budget struct {
	// Scope is "district" (the default) or "school".
	Scope BudgetScope `json:"scope"`
	// Allocation is "enrolment" (the default) or "equal"; it applies to a
	// district budget.
	Allocation Allocation `json:"allocation"`
	// SecondVisitReserve is the share of each school's budget, 0–1, that
	// first visits may not use, held for second visits. lib: 0.3.
	SecondVisitReserve float64 `json:"second_visit_reserve"`
}

// DefaultBudget returns a district budget shared by enrolment, 30% of each
// school's share held for second visits.
func DefaultBudget() Budget {
	return Budget{Scope: DistrictBudget, Allocation: ByEnrolment, SecondVisitReserve: 0.3}
}

// Years runs a program over several consecutive school years in the same
// district, its people carried from one year to the next: volunteers
// return or not, other staff join, newcomers are trained and veterans get
// a refresher (Training.RefresherEveryYears, which by default matches the
// policy's RefresherAfter of two years), and every family is asked again
// under the year's new plan — last year's acceptance does not carry over
// (RULES.md, P1.family-consent). The roster of students and families is
// held fixed: a simplification, stated in the output. Each year is one
// row of the output, with its year number.
type Years struct {
	// Count is the number of consecutive years, 1–10. lib: 1.
	Count int `json:"count"`
	// Retention is the chance a volunteer of one year opts in again the
	// next. lib: 0.8 (synth's veterans volunteer in most years).
	Retention float64 `json:"retention"`
	// Recruitment is the chance a member of staff who did not volunteer
	// one year opts in the next. lib: 0.10.
	Recruitment float64 `json:"recruitment"`
	// ReturningAcceptance is the chance a family visited in an earlier
	// year accepts when invited again, in place of Acceptance.Rate: the
	// relationship is built. lib: 0.75.
	ReturningAcceptance float64 `json:"returning_acceptance"`
}

// DefaultYears returns one year, with the illustrative rates used when a
// design asks for more.
func DefaultYears() Years {
	return Years{Count: 1, Retention: 0.8, Recruitment: 0.10, ReturningAcceptance: 0.75}
}

// validateProgram checks the fields of [ProgramYear], [Budget] and
// [Years], naming each by its JSON path.
func (d Design) validateProgram(bad func(field, format string, args ...any)) {
	rate := func(field string, v float64) {
		if math.IsNaN(v) || v < 0 || v > 1 {
			bad(field, "must be a rate from 0 to 1, got %s", fmtFloat(v))
		}
	}
	intIn := func(field string, v, lo, hi int) {
		if v < lo || v > hi {
			bad(field, "must be between %d and %d, got %d", lo, hi, v)
		}
	}
	y := d.Year
	rate("year.no_show_rate", y.NoShowRate)
	rate("year.cancel_rate", y.CancelRate)
	rate("year.reschedule_rate", y.RescheduleRate)
	rate("year.withdrawal_rate", y.WithdrawalRate)
	if s := y.NoShowRate + y.CancelRate + y.RescheduleRate; !math.IsNaN(s) && s > 1 {
		bad("year", "no_show_rate + cancel_rate + reschedule_rate must be at most 1, got %s", fmtFloat(s))
	}
	intIn("year.rebooks", y.Rebooks, 0, 5)
	rate("year.second_visit_reserve", y.SecondVisitReserve)
	intIn("year.plan_every_days", y.PlanEveryDays, 1, 60)

	b := d.Budget
	switch b.Scope {
	case DistrictBudget, SchoolBudget:
	default:
		bad("budget.scope", "must be %q or %q, got %q", DistrictBudget, SchoolBudget, b.Scope)
	}
	switch b.Allocation {
	case ByEnrolment, Equally:
	default:
		bad("budget.allocation", "must be %q or %q, got %q", ByEnrolment, Equally, b.Allocation)
	}
	rate("budget.second_visit_reserve", b.SecondVisitReserve)

	n := d.Years
	intIn("years.count", n.Count, 1, 10)
	rate("years.retention", n.Retention)
	rate("years.recruitment", n.Recruitment)
	rate("years.returning_acceptance", n.ReturningAcceptance)
}

// schoolBudgets returns each school's budget in cents for schools of the
// given enrolments, or nil when the design sets no budget. A district
// budget is shared by the allocation rule: largest remainder on whole
// cents, ties to the school listed first, so the shares add up to the
// budget exactly.
func (d Design) schoolBudgets(students []int) []int64 {
	total := d.Compensation.BudgetCents
	if total <= 0 || len(students) == 0 {
		return nil
	}
	out := make([]int64, len(students))
	if d.Budget.Scope == SchoolBudget {
		for i := range out {
			out[i] = total
		}
		return out
	}
	weights := make([]float64, len(students))
	sum := 0.0
	for i, n := range students {
		w := 1.0
		if d.Budget.Allocation != Equally {
			w = float64(max(n, 0))
		}
		weights[i] = w
		sum += w
	}
	if sum == 0 {
		for i := range weights {
			weights[i] = 1
		}
		sum = float64(len(weights))
	}
	type rem struct {
		i int
		r float64
	}
	rems := make([]rem, len(students))
	left := total
	for i, w := range weights {
		q := float64(total) * w / sum
		out[i] = int64(math.Floor(q))
		left -= out[i]
		rems[i] = rem{i, q - math.Floor(q)}
	}
	// Stable: ties keep school order.
	for j := 1; j < len(rems); j++ {
		for k := j; k > 0 && rems[k].r > rems[k-1].r; k-- {
			rems[k], rems[k-1] = rems[k-1], rems[k]
		}
	}
	for j := 0; left > 0; j = (j + 1) % len(rems) {
		out[rems[j].i]++
		left--
	}
	return out
}

// firstCap is the most first visits one educator takes: the capacity less
// the share held for second visits (at least one when there is capacity).
func (d Design) firstCap() int {
	c := d.CapacityPerEducator
	held := int(math.Round(float64(c) * d.Year.SecondVisitReserve))
	if d.SecondVisit.Offered {
		return max(min(c, 1), c-held)
	}
	return c
}

func (y ProgramYear) describe() string {
	return fmt.Sprintf("no-shows %s, cancellations %s, reschedules %s, withdrawals %s, %d rebook(s), %s of capacity held for second visits, planning every %d days",
		percent(y.NoShowRate), percent(y.CancelRate), percent(y.RescheduleRate), percent(y.WithdrawalRate),
		y.Rebooks, percent(y.SecondVisitReserve), y.PlanEveryDays)
}
