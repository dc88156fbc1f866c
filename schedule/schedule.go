package schedule

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/homevisits/pthv/model"
)

// Sentinel errors, for use with [errors.Is].
var (
	// ErrOptions: an [Options] field or the policy is unusable.
	ErrOptions = errors.New("invalid options")
	// ErrChange: a [Change] names no appointment, family or educator of
	// the schedule, or is incoherent (a range that ends before it starts).
	ErrChange = errors.New("invalid change")
)

// InputError is a problem with one field of the input. It wraps
// [ErrOptions] or [ErrChange], and sometimes a model error as well.
type InputError struct {
	Field string // such as "options.step" or "change.from"
	Err   error
}

// Error returns "schedule: field: problem", leaving out a part that is
// unknown: "schedule: invalid input" when both are. A nil *InputError
// reads "<nil>".
func (e *InputError) Error() string {
	switch {
	case e == nil:
		return "<nil>"
	case e.Err == nil && e.Field == "":
		return "schedule: invalid input"
	case e.Err == nil:
		return "schedule: " + e.Field
	case e.Field == "":
		return "schedule: " + e.Err.Error()
	}
	return "schedule: " + e.Field + ": " + e.Err.Error()
}

// Unwrap returns the underlying error; nil for a nil *InputError.
func (e *InputError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

func optionsErr(field, format string, args ...any) error {
	return &InputError{Field: field, Err: fmt.Errorf("%w: "+format, append([]any{ErrOptions}, args...)...)}
}

func changeErr(field, format string, args ...any) error {
	return &InputError{Field: field, Err: fmt.Errorf("%w: "+format, append([]any{ErrChange}, args...)...)}
}

// Team is a standing group of educators who visit together: a pair, or a
// triad when a school has an odd number of volunteers. "The home visits
// are conducted in teams of two—the child's teacher and a trusted
// colleague" (Organizing Engagement). A result of the pairing package
// converts to Teams by copying each team's members.
type Team struct {
	Educators []model.EducatorID `json:"educators"`
}

// Method chooses how [Plan] searches.
type Method string

// Methods.
const (
	// Auto runs the heuristic, proves it optimal where the bounds meet,
	// and runs the exact search on the components of at most
	// [Options.ExactVisits] visits that are not yet proven. The default.
	Auto Method = "auto"
	// Heuristic runs only the greedy placement and its local search.
	Heuristic Method = "heuristic"
	// Exact runs the exact search on every component, whatever its size,
	// within [Options.NodeLimit].
	Exact Method = "exact"
)

// Options tune [Plan]. The zero value plans with the dataset's policy, the
// default visitors rule ([DefaultVisitors]) and the [Auto] method.
type Options struct {
	// Policy overrides the dataset's policy when not nil.
	Policy *model.Policy
	// WorkingHoursBusy treats the working hours of school days as taken for
	// every educator who recorded no availability — a teacher is teaching —
	// so such educators are booked before or after the school day, on
	// weekends and in the summer, and paid for it ("compensated for visits
	// outside their school day", PTHV core practice 2). Without it an
	// educator with no availability on record counts as free from
	// Policy.EarliestVisit to Policy.LatestVisit every day, and the planner,
	// which minimises pay, puts visits in school hours. pthv schedule and
	// the demo set it.
	WorkingHoursBusy bool
	// Visitors assigns visitors to families. A family listed here keeps
	// exactly these visitors.
	Visitors map[model.FamilyID][]model.EducatorID
	// Teams are standing teams. A family not in Visitors is visited by the
	// first team that includes a teacher of record of one of its students
	// (students in id order, each student's teachers in recorded order).
	// When both Visitors and Teams are nil, [DefaultVisitors] assigns them.
	Teams []Team
	// Travel returns the time needed between a visit to family a and a
	// visit to family b. Nil keeps [model.Policy.TravelBuffer] between any
	// two visits of one educator on a day.
	Travel func(a, b model.FamilyID) time.Duration
	// Step is the grid of start times within a day, 1–60 minutes dividing
	// an hour. Zero means 15 minutes.
	Step time.Duration
	// BudgetCents caps the pay of the new appointments; zero means no cap.
	// Visits that would overspend are left unplaced with reason [OverBudget].
	BudgetCents int64
	// Funding names the source that pays each school's visitors. A school
	// missing here pays from the source most used in its recorded
	// compensation, else [model.DistrictFunds].
	Funding map[model.SchoolID]model.FundingSource
	// Method chooses the search; empty means [Auto].
	Method Method
	// ExactVisits is the size, in visits to place, up to which [Auto]
	// runs the exact search on a component not proven by its bounds.
	// Zero means 16.
	ExactVisits int
	// NodeLimit bounds the exact search of one component; zero means
	// 50,000 nodes ([Auto] also stops after 50,000 nodes in all). A search
	// stopped by it keeps the best schedule found and reports it as not
	// proven.
	NodeLimit int
	// IDPrefix starts the ids of new visits; empty means "SCH-". New ids
	// are the prefix, the family id and 1 or 2 ("SCH-F-0001-1").
	IDPrefix string
	// Families, when not nil, plans only these of the accepted families:
	// the others' visits are neither placed nor listed as unplaced (their
	// recorded visits still occupy their visitors). A coordinator answering
	// one family's call plans that family alone.
	Families []model.FamilyID
	// Kind, when set, plans only that visit of each family: first visits
	// alone (second visits are left for a later run, and not listed as
	// unplaced), or second visits alone (a family whose first visit is not
	// on record gets none, reason [NoFirstVisit]). Empty plans both.
	Kind model.VisitKind
}

// Reason says why a family's visit was not placed or, in
// [Schedule.Notes], why no visit could be.
type Reason string

// Reasons a visit is not placed.
const (
	// NoVisitors: the family has no team, or fewer than two distinct
	// visitors. Visits are made in pairs (core practice 5), so one
	// educator alone is never scheduled.
	NoVisitors Reason = "no-visitors"
	// VisitorNotEligible: a visitor did not opt in for the school year or
	// has no PTHV training on record (core practices 1 and 2).
	VisitorNotEligible Reason = "visitor-not-eligible"
	// NoDaysLeft: no day remains in the school year after the notice
	// period (and the visitors' training).
	NoDaysLeft Reason = "no-days-left"
	// NoCommonTime: on no remaining day do the family and all its visitors
	// share a window of the visit's length.
	NoCommonTime Reason = "no-common-time"
	// Capacity: common times exist but the visitors' caps and other
	// appointments leave none free.
	Capacity Reason = "capacity"
	// Gap: no free time remains at least [model.Policy.MinGap] after the
	// family's first visit.
	Gap Reason = "gap"
	// NoFirstVisit: the second visit waits for a first visit that could
	// not be placed.
	NoFirstVisit Reason = "no-first-visit"
	// OverBudget: a time was free, but the visit would take the pay of the
	// new appointments past [Options.BudgetCents].
	OverBudget Reason = "budget"
	// CancelledByFamily: the family cancelled (see [Repair]).
	CancelledByFamily Reason = "cancelled-by-family"
	// CancelledByEducator: a visitor called the visit off (see [Repair]).
	// The family's consent stands, so the next plan offers a new time.
	CancelledByEducator Reason = "cancelled-by-educator"
)

// Reasons that hold for a whole schedule, in [Schedule.Notes]: why it can
// place no visit at all ([NoDaysLeft] serves both).
const (
	// NoAcceptedFamily: no family's consent stands accepted at the
	// schedule's as-of time — no invitation answered yes, no family's own
	// request — so there is no one to visit (core practice 1).
	NoAcceptedFamily Reason = "no-accepted-family"
	// NoEligibleEducator: fewer than two educators opted in for the school
	// year with PTHV training on record, and visits are made in pairs by
	// trained volunteers (core practices 1, 2 and 5).
	NoEligibleEducator Reason = "no-eligible-educator"
)

// Note is a reason that holds for a whole schedule rather than for one
// family's visit.
type Note struct {
	Reason Reason `json:"reason"`
	Detail string `json:"detail"`
}

// Appointment is one visit the schedule places: who, when, where, and what
// it costs. It becomes a [model.Visit] with [Appointment.Visit].
type Appointment struct {
	ID       model.VisitID     `json:"id"`
	Family   model.FamilyID    `json:"family"`
	School   model.SchoolID    `json:"school"`
	Students []model.StudentID `json:"students"`
	// Kind is first or second; the second refers back to the first.
	Kind   model.VisitKind   `json:"kind"`
	Status model.VisitStatus `json:"status"` // scheduled, or cancelled by a repair
	// CancelledBy says who cancelled a cancelled appointment.
	CancelledBy model.Party        `json:"cancelled_by,omitempty"`
	Start       time.Time          `json:"start"`
	Duration    model.Duration     `json:"duration"`
	Visitors    []model.EducatorID `json:"visitors"`
	// Location is the family's recorded preference, requested by the
	// family, or home.
	Location model.Location `json:"location"`
	// ArrangedAt is when the appointment was agreed: the planning time,
	// or the time of the last repair that moved it.
	ArrangedAt  time.Time            `json:"arranged_at"`
	Reschedules []model.Rescheduling `json:"reschedules,omitempty"`
	// Season is the season of the start within the school year.
	Season model.Season `json:"season"`
	// InterpreterNeeded is set when the family needs another language that
	// no visitor speaks (P5.language): arrange an interpreter.
	InterpreterNeeded bool `json:"interpreter_needed,omitempty"`
	// Pay is each visitor's compensation, in visitor order.
	Pay []model.Compensation `json:"pay"`
}

// End returns the end of the appointment.
func (a Appointment) End() time.Time { return a.Start.Add(time.Duration(a.Duration)) }

// Active reports whether the appointment still stands (not cancelled).
func (a Appointment) Active() bool { return a.Status != model.Cancelled }

// MinutesOutside returns the visitors' minutes outside their working day,
// summed.
func (a Appointment) MinutesOutside() int {
	n := 0
	for _, p := range a.Pay {
		n += p.MinutesOutside
	}
	return n
}

// CostCents returns the per-visit pay of the appointment (stipends cost
// nothing more), or an error wrapping [model.ErrAmountOverflow] when the
// sum does not fit in an int64.
func (a Appointment) CostCents() (int64, error) {
	var n int64
	for _, p := range a.Pay {
		var err error
		if n, err = model.AddCents(n, p.AmountCents); err != nil {
			return 0, fmt.Errorf("schedule: %s: pay: %w", a.ID, err)
		}
	}
	return n, nil
}

// Visit returns the appointment as a visit record, ready to append to a
// dataset.
func (a Appointment) Visit() model.Visit {
	// The copies of the students, visitors and pay, and the second
	// visit's reference, share one allocation when they fit in it (a
	// family's few students, a pair of visitors): the simulator makes a
	// visit of every appointment it books. Each slice is capped at its
	// own entries, so an append to one moves it rather than write over
	// the next.
	arr := new(visitArrays)
	v := model.Visit{
		ID:          a.ID,
		Students:    cloneInto(arr.students[:], a.Students),
		Family:      a.Family,
		Kind:        a.Kind,
		Status:      a.Status,
		CancelledBy: a.CancelledBy,
		ArrangedAt:  a.ArrangedAt,
		Reschedules: slices.Clone(a.Reschedules),
		Start:       a.Start,
		Duration:    a.Duration,
		Location:    a.Location,
		Visitors:    cloneInto(arr.visitors[:], a.Visitors),
	}
	if len(a.Pay) > 0 {
		v.Compensation = cloneInto(arr.pay[:], a.Pay)
	}
	if a.Kind == model.SecondVisit {
		arr.references = true
		v.ReferencesFirst = &arr.references // the second visit "references the first"
	}
	return v
}

// visitArrays is the room of [Appointment.Visit]'s copies: room for
// three students (a family's children at one school seldom number more)
// and a pair of visitors with their pay.
type visitArrays struct {
	students   [3]model.StudentID
	visitors   [2]model.EducatorID
	pay        [2]model.Compensation
	references bool
}

// cloneInto returns a copy of s in room when it fits, capped at its
// length, else in an array of its own — nil for a nil s, as
// [slices.Clone] gives.
func cloneInto[T any](room, s []T) []T {
	if s == nil {
		return nil
	}
	if len(s) > len(room) {
		return slices.Clone(s)
	}
	n := copy(room, s)
	return room[:n:n]
}

// Unplaced is a visit of an accepted family that the schedule does not
// place, and why. Nothing is dropped silently.
type Unplaced struct {
	Family model.FamilyID  `json:"family"`
	School model.SchoolID  `json:"school"`
	Kind   model.VisitKind `json:"kind"`
	Reason Reason          `json:"reason"`
	Detail string          `json:"detail"`
}

// Kept is a visit the dataset already holds (scheduled or completed), which
// the schedule counts as the family's first or second visit and leaves as
// it is.
type Kept struct {
	Family model.FamilyID  `json:"family"`
	Kind   model.VisitKind `json:"kind"`
	Visit  model.VisitID   `json:"visit"`
	Start  time.Time       `json:"start"`
}

// Objective is a schedule's score, compared in this order: more first
// visits, more second visits, fewer visits outside their season (first
// visits in winter or spring, second visits in summer or fall), fewer
// minutes outside the visitors' working day, a lower preference rank (the
// position of the family's availability window used, 0 for its first).
// With a budget, pay in cents comes before the seasons.
type Objective struct {
	FirstVisits    int   `json:"first_visits"`
	SecondVisits   int   `json:"second_visits"`
	SeasonMisses   int   `json:"season_misses"`
	MinutesOutside int   `json:"minutes_outside"`
	CostCents      int64 `json:"cost_cents"`
	PreferenceRank int   `json:"preference_rank"`
}

// Better reports whether o is strictly better than p. budget says whether
// pay counts before the seasons (a plan within a budget).
func (o Objective) Better(p Objective, budget bool) bool { return o.compare(p, budget) < 0 }

// compare orders scores without subtracting them, which could overflow.
func (o Objective) compare(p Objective, budget bool) int {
	if c := cmp.Compare(p.FirstVisits, o.FirstVisits); c != 0 {
		return c
	}
	if c := cmp.Compare(p.SecondVisits, o.SecondVisits); c != 0 {
		return c
	}
	if budget && o.CostCents != p.CostCents {
		return cmp.Compare(o.CostCents, p.CostCents)
	}
	if c := cmp.Compare(o.SeasonMisses, p.SeasonMisses); c != 0 {
		return c
	}
	if c := cmp.Compare(o.MinutesOutside, p.MinutesOutside); c != 0 {
		return c
	}
	return cmp.Compare(o.PreferenceRank, p.PreferenceRank)
}

// Schedule is the result of [Plan] (or [Repair]): appointments, visits the
// dataset already held, and every visit left unplaced with its reason.
type Schedule struct {
	Year model.SchoolYearID `json:"year"`
	// AsOf is when the schedule was planned; nothing starts before AsOf
	// plus the policy's notice.
	AsOf   time.Time    `json:"as_of"`
	Policy model.Policy `json:"policy"`
	// Step is the grid of start times used.
	Step        model.Duration `json:"step"`
	BudgetCents int64          `json:"budget_cents,omitempty"`
	Method      Method         `json:"method"`
	// WorkingHoursBusy is [Options.WorkingHoursBusy] of the plan, which a
	// repair keeps: a visit moved by [Repair] goes around the working day
	// of a visitor with no availability on record, as the plan did.
	WorkingHoursBusy bool `json:"working_hours_busy,omitempty"`
	// Appointments are sorted by start, then id.
	Appointments []Appointment `json:"appointments"`
	Kept         []Kept        `json:"kept,omitempty"`
	// Unplaced is sorted by family, then kind.
	Unplaced []Unplaced `json:"unplaced,omitempty"`
	// Objective scores the active appointments. Bound is the best score
	// any schedule of the same input could reach, as far as the planner
	// could tell; Proven says that Objective equals the optimum.
	Objective Objective `json:"objective"`
	Bound     Objective `json:"bound"`
	Proven    bool      `json:"proven"`
	// Totals sum the pay of the active appointments.
	Totals Totals `json:"totals"`
	// Closures are closures added by repairs (snow days) that are not in
	// the dataset's calendar.
	Closures []model.Closure `json:"closures,omitempty"`
	// Families counts the families whose consent stands accepted at AsOf,
	// and EligibleEducators the educators who may visit in the year: opted
	// in, with PTHV training on record by its last day.
	Families          int `json:"families"`
	EligibleEducators int `json:"eligible_educators"`
	// Notes say why the schedule can place no visit at all: no accepted
	// family ([NoAcceptedFamily]), fewer than two eligible educators
	// ([NoEligibleEducator]), or no day left in the school year
	// ([NoDaysLeft]). Otherwise it is empty, and each visit not placed
	// says why in Unplaced.
	Notes []Note `json:"notes,omitempty"`
}

// Visits returns the appointments as visit records (scheduled, or cancelled
// with their history), ready to append to a dataset.
func (s Schedule) Visits() []model.Visit {
	out := make([]model.Visit, len(s.Appointments))
	for i, a := range s.Appointments {
		out[i] = a.Visit()
	}
	return out
}

// Appointment returns the appointment with id.
func (s Schedule) Appointment(id model.VisitID) (Appointment, bool) {
	for _, a := range s.Appointments {
		if a.ID == id {
			return a, true
		}
	}
	return Appointment{}, false
}

// clone returns a deep copy of s, so a repair never changes its input.
func (s Schedule) clone() Schedule {
	c := s
	c.Appointments = make([]Appointment, len(s.Appointments))
	for i, a := range s.Appointments {
		a.Students = slices.Clone(a.Students)
		a.Visitors = slices.Clone(a.Visitors)
		a.Reschedules = slices.Clone(a.Reschedules)
		a.Pay = slices.Clone(a.Pay)
		c.Appointments[i] = a
	}
	c.Kept = slices.Clone(s.Kept)
	c.Unplaced = slices.Clone(s.Unplaced)
	c.Closures = slices.Clone(s.Closures)
	c.Notes = slices.Clone(s.Notes)
	c.Policy.Off = slices.Clone(s.Policy.Off)
	return c
}
