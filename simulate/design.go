package simulate

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/homevisits/pthv/internal/nilarg"
	"github.com/homevisits/pthv/internal/strictjson"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/selection"
	"github.com/homevisits/pthv/synth"
)

// Design is one way to run a PTHV program: how many families are invited
// and how they are chosen, how many educators volunteer and how families
// answer, how visitors are paired, whether a second visit is offered, what
// an educator can take on, how visits are paid and educators trained, and
// how often practice slips. [DefaultDesign] is a program that keeps every
// non-negotiable; a JSON design ([DecodeDesign]) changes only the fields it
// names. Field names in errors and in CSV columns are the JSON paths, such
// as "acceptance.rate".
type Design struct {
	// ID names the design in output; sweeps derive ids for their variants.
	ID string `json:"id"`

	// District is the synthetic district the program runs in.
	District DesignDistrict `json:"district"`

	// InviteShare is the share of each school's families invited to a
	// first visit, 0–1. When the selection scope holds fewer families (the
	// families of volunteer teachers), all of the scope is invited.
	InviteShare float64 `json:"invite_share"`
	// Selection is how the invited families are chosen.
	Selection Selection `json:"selection"`
	// FamilyRequestRate is the share of families not invited who ask for a
	// visit themselves (recorded as an acceptance with no invitation):
	// families "proactively ask educators when they are coming" (RTI).
	FamilyRequestRate float64 `json:"family_request_rate"`

	// OptInRate is the share of staff who volunteer to visit this year.
	// Visits "are always voluntary for educators" (core practice 1); at
	// least two volunteer in every school.
	OptInRate float64 `json:"opt_in_rate"`
	// Acceptance is how families answer invitations.
	Acceptance Acceptance `json:"acceptance"`

	// Pairing is how visitors are paired (core practice 5).
	Pairing Pairing `json:"pairing"`
	// Placement is who puts the visits on the calendar in real-planner
	// mode: "schedule", the schedule package's planner (schedule.Plan),
	// run by each school's coordinator every Year.PlanEveryDays — the one
	// home of the hard constraints (caps, closures, travel, notice).
	Placement Placement `json:"placement"`
	// SecondVisit says whether a second visit is offered, and how often it
	// is accepted.
	SecondVisit SecondVisit `json:"second_visit"`
	// FollowUpRate is the share of visited families with two-way messages
	// between their first and second visit (P3.follow-up).
	FollowUpRate float64 `json:"follow_up_rate"`

	// CapacityPerEducator is the most visits one educator makes in the
	// year, 1–200. Together with the policy's daily and weekly caps it
	// bounds what a school's volunteers can reach.
	CapacityPerEducator int `json:"capacity_per_educator"`
	// Compensation is how visits outside the working day are paid.
	Compensation DesignCompensation `json:"compensation"`
	// Training is when educators are trained.
	Training DesignTraining `json:"training"`

	// Deviations are rates of breaches of practice, planted in each held
	// visit as last-minute changes the planners did not make (and, for
	// the school rates, in the schools' plans and goals). Lapses, which
	// has no JSON key, must be 0: a design sets how often advisories
	// slip through its own fields (FollowUpRate, SecondVisit…).
	Deviations synth.Deviations `json:"deviations"`

	// Outcomes are the assumptions of the projected student outcomes.
	Outcomes OutcomeAssumptions `json:"outcomes"`

	// Year is what happens to appointments during the year: no-shows,
	// cancellations, moves, withdrawals, rebooking, and the capacity held
	// for second visits.
	Year ProgramYear `json:"year"`
	// Budget is how the visit pay budget is allocated among schools.
	Budget Budget `json:"budget"`
	// Years runs the program over several consecutive school years.
	Years Years `json:"years"`
}

// DesignDistrict is the size and make-up of the synthetic district a
// design runs in (the design's "district"); see [synth.Config] for what
// each number means.
type DesignDistrict struct {
	// Schools is the number of schools, 1–999.
	Schools int `json:"schools"`
	// StudentsPerSchool is the mean enrolment, 1–20,000.
	StudentsPerSchool int `json:"students_per_school"`
	// EducatorsPerSchool is the mean number of staff who could visit, 3–2,000.
	EducatorsPerSchool int `json:"educators_per_school"`
	// ClassSize is the target class size, 1–200.
	ClassSize int `json:"class_size"`
	// ELLRate, IEPRate and FRLRate are the shares of students who are
	// English learners, have an IEP and are eligible for free or reduced
	// lunch: audit attributes, used to balance samples, never to filter.
	ELLRate float64 `json:"ell_rate"`
	IEPRate float64 `json:"iep_rate"`
	FRLRate float64 `json:"frl_rate"`
}

// Selection is how a school chooses the families it invites — always all
// of a scope or an equal-probability cross-section of it (core practice 4:
// "no targeting").
type Selection struct {
	// Method is "stratified" (a balanced equal-probability sample of
	// InviteShare) or "all" (every family in scope).
	Method selection.Method `json:"method"`
	// Balance lists attributes the stratified sample is balanced on:
	// "ell", "iep", "frl", "home_language" or "grade". Ignored by "all".
	Balance []string `json:"balance"`
	// Scope is "volunteer-teachers" (the families of students whom a
	// volunteer teaches: teachers visit their own students' families) or
	// "school" (every family of the school).
	Scope SelectionScope `json:"scope"`
	// TeacherCap is the most families one teacher is asked to visit; 0
	// means no cap. A school where the cap cannot be met invites no one
	// (counted in the metric plan_failures).
	TeacherCap int `json:"teacher_cap"`
}

// SelectionScope is the population a school's plan draws from (the
// design's "selection.scope").
type SelectionScope string

// Selection scopes.
const (
	VolunteerTeachers SelectionScope = "volunteer-teachers"
	WholeSchool       SelectionScope = "school"
)

// Acceptance is how families answer invitations, including repeated ones.
type Acceptance struct {
	// Rate is the chance a family accepts its first invitation.
	Rate float64 `json:"rate"`
	// DeclineShare is the share of families not accepting who decline
	// explicitly; the rest do not answer.
	DeclineShare float64 `json:"decline_share"`
	// Reinvites is how many further invitations, 0–5, go to families that
	// have not accepted, each ReinviteAfterDays after the last.
	Reinvites int `json:"reinvites"`
	// RepeatFactor multiplies the acceptance rate at each repeated
	// invitation: the k-th repeat is accepted with Rate × RepeatFactor^k.
	// Below 1, families tire of being asked; above 1, reminders help (the
	// chance is capped at 1).
	RepeatFactor float64 `json:"repeat_factor"`
	// ReinviteDeclined also re-invites families that declined. More than
	// the policy's MaxReinvites new invitations after a decline is an
	// advisory (P1.no-repeat-pressure); by default only families that did
	// not answer are asked again.
	ReinviteDeclined bool `json:"reinvite_declined"`
	// ReinviteAfterDays is the wait before a repeated invitation, 1–120.
	ReinviteAfterDays int `json:"reinvite_after_days"`
}

// Pairing is how visitors are paired.
type Pairing string

// Pairing modes.
const (
	// TeamsPairing forms standing teams (pairing.Teams); a family is
	// visited by the team of one of its teachers, or by the least busy
	// team of its school with room.
	TeamsPairing Pairing = "teams"
	// PartnersPairing gives each visit the family's teacher (or the least
	// busy volunteer) and, as partner, the least busy colleague with room
	// — chosen before the planner runs, since schedule.Plan books only
	// visits made in pairs; pairing.Partners, which partners visits
	// already on the calendar, is not used. A visit that finds no partner
	// is not held (metric unplaced_no_partner).
	PartnersPairing Pairing = "partners"
)

// Placement is who puts the visits on the calendar.
type Placement string

// Placements.
const (
	// SchedulePlacement runs schedule.Plan at every planning round for the
	// families waiting for a visit, as a coordinator would. It is the only
	// placement: the earlier "internal" rule, which re-implemented the
	// planner's constraints, was removed (the fast model is [Capacity]).
	SchedulePlacement Placement = "schedule"
)

// SecondVisit is the second visit of the year, "about academics" in
// winter or spring.
type SecondVisit struct {
	// Offered invites every family with a first visit to a second one.
	// Not offering it is an advisory (P3.second-visit-offered: "highly
	// recommended").
	Offered bool `json:"offered"`
	// AcceptRate is the chance a family accepts the offer.
	AcceptRate float64 `json:"accept_rate"`
}

// DesignCompensation is how a design pays for visits outside the working
// day (the design's "compensation"; core practice 2).
type DesignCompensation struct {
	// CertificatedRateCents and ClassifiedRateCents are hourly rates in
	// cents. A classified rate below the certificated one is an advisory
	// (P2.classified-eligible).
	CertificatedRateCents int64 `json:"certificated_rate_cents"`
	ClassifiedRateCents   int64 `json:"classified_rate_cents"`
	// BudgetCents caps the per-visit pay for the year; 0 means no cap.
	// [Budget] says whose it is (the district's, shared among the schools
	// by a stated rule, or each school's) and how much of it is held for
	// second visits. Visits that would overspend a school's share are not
	// booked (metric unplaced_budget).
	BudgetCents int64 `json:"budget_cents"`
	// Funding assigns schools to funding sources in these shares (largest
	// remainder, in school order). Empty keeps each school's own source as
	// the synthetic district records it.
	Funding []FundingShare `json:"funding"`
}

// FundingShare is the share of schools one source pays for.
type FundingShare struct {
	Source model.FundingSource `json:"source"`
	Share  float64             `json:"share"`
}

// DesignTraining is the program's training schedule (the design's
// "training"; core practice 2: "teachers are trained").
type DesignTraining struct {
	// InitialDaysBeforeSchool is when this year's new volunteers are
	// trained: this many days before the first day of school, −90–120
	// (negative: after it). Planners never place an educator on a visit
	// before their training, so a late training delays visits.
	InitialDaysBeforeSchool int `json:"initial_days_before_school"`
	// RefresherEveryYears gives veterans whose last training is at least
	// this many years old a refresher on the training day — and, whatever
	// the number, those whose last training would be older than the
	// policy's RefresherAfter (two years) by the year's last day; 0
	// schedules no refreshers (veterans past RefresherAfter get
	// P2.refresher advisories).
	RefresherEveryYears int `json:"refresher_every_years"`
	// InitialHours and RefresherHours are the length of each training,
	// paid at the educator's hourly rate (metrics training_minutes and
	// training_cost_cents, apart from visit pay).
	InitialHours   float64 `json:"initial_hours"`
	RefresherHours float64 `json:"refresher_hours"`
}

// Deviations are the rates of breaches of practice of a design.
//
// Deprecated: use [synth.Deviations], the one type of deviation rates.
type Deviations = synth.Deviations

// District is the synthetic district of a design.
//
// Deprecated: use [DesignDistrict]; District is also the name of a
// district record in package model.
type District = DesignDistrict

// Compensation is how a design pays for visits.
//
// Deprecated: use [DesignCompensation]; Compensation is also the name of
// a visitor's pay record in package model.
type Compensation = DesignCompensation

// Training is a design's training schedule.
//
// Deprecated: use [DesignTraining]; Training is also the name of an
// educator's training record in package model.
type Training = DesignTraining

// Scope is the population a school's plan draws from.
//
// Deprecated: use [SelectionScope]; Scope is also the name of a plan's
// scope in package selection.
type Scope = SelectionScope

// DefaultDesign returns a program that keeps every non-negotiable, in a
// district of ten schools of about 400 students: 30% of families invited
// as a cross-section of the volunteer teachers' families balanced on
// English learners and lunch eligibility, 35% of staff volunteering, 60%
// of families accepting (one reminder to those who did not answer, at
// half the rate), standing teams, a second visit offered to all, up to 20
// visits per educator, $40 an hour for every visitor with no budget cap,
// training two weeks before school with refreshers every two years, no
// deviations, and the outcome assumptions of Sheldon & Jung (2018).
func DefaultDesign() Design {
	return Design{
		ID: "default",
		District: DesignDistrict{
			Schools:            10,
			StudentsPerSchool:  400,
			EducatorsPerSchool: 22,
			ClassSize:          25,
			ELLRate:            0.15,
			IEPRate:            0.14,
			FRLRate:            0.50,
		},
		InviteShare: 0.30,
		Selection: Selection{
			Method:  selection.Stratified,
			Balance: []string{"ell", "frl"},
			Scope:   VolunteerTeachers,
		},
		FamilyRequestRate: 0.02,
		OptInRate:         0.35,
		Acceptance: Acceptance{
			Rate:              0.60,
			DeclineShare:      0.40,
			Reinvites:         1,
			RepeatFactor:      0.50,
			ReinviteAfterDays: 21,
		},
		Pairing:             TeamsPairing,
		Placement:           SchedulePlacement,
		SecondVisit:         SecondVisit{Offered: true, AcceptRate: 0.60},
		FollowUpRate:        0.90,
		CapacityPerEducator: 20,
		Compensation: DesignCompensation{
			CertificatedRateCents: 4000,
			ClassifiedRateCents:   4000,
		},
		Training: DesignTraining{
			InitialDaysBeforeSchool: 14,
			RefresherEveryYears:     2,
			InitialHours:            6,
			RefresherHours:          3,
		},
		Outcomes: SheldonJung2018(),
		Year:     DefaultProgramYear(),
		Budget:   DefaultBudget(),
		Years:    DefaultYears(),
	}
}

// ErrDesign is wrapped by every error about a design or a sweep.
var ErrDesign = errors.New("invalid design")

// DesignError is one problem with a design or sweep: the source it was
// read from, the design, the field (a JSON path such as "acceptance.rate")
// and what is wrong. It wraps [ErrDesign].
type DesignError struct {
	Source string // file name, when decoded
	Line   int    // line in Source, when known
	Design string // design id, when known
	Field  string
	Reason string
}

// Error returns "source:line: design "id": field: reason", leaving out
// the parts that are not known. A nil *DesignError reads "<nil>".
func (e *DesignError) Error() string {
	if e == nil {
		return "<nil>"
	}
	var b strings.Builder
	b.WriteString("simulate: ")
	if e.Source != "" {
		b.WriteString(e.Source)
		if e.Line > 0 {
			b.WriteString(":" + strconv.Itoa(e.Line))
		}
		b.WriteString(": ")
	}
	if e.Design != "" {
		b.WriteString("design " + strconv.Quote(e.Design) + ": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap returns [ErrDesign].
func (e *DesignError) Unwrap() error { return ErrDesign }

// balanceAttributes are the audit attributes synthetic students carry.
func balanceAttributes() []string { return []string{"ell", "frl", "grade", "home_language", "iep"} }

// Validate reports every invalid field, each a [*DesignError] naming its
// JSON path, joined with [errors.Join]; nil means the design can run.
func (d Design) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, &DesignError{Design: d.ID, Field: field, Reason: fmt.Sprintf(format, args...)})
	}
	intIn := func(field string, v, lo, hi int) {
		if v < lo || v > hi {
			bad(field, "must be between %d and %d, got %d", lo, hi, v)
		}
	}
	rate := func(field string, v float64) {
		if math.IsNaN(v) || v < 0 || v > 1 {
			bad(field, "must be a rate from 0 to 1, got %s", fmtFloat(v))
		}
	}
	if d.ID == "" {
		bad("id", "must not be empty")
	} else if strings.ContainsAny(d.ID, "\n\r") {
		bad("id", "must be one line")
	}
	intIn("district.schools", d.District.Schools, 1, 999)
	intIn("district.students_per_school", d.District.StudentsPerSchool, 1, 20_000)
	intIn("district.educators_per_school", d.District.EducatorsPerSchool, 3, 2_000)
	intIn("district.class_size", d.District.ClassSize, 1, 200)
	rate("district.ell_rate", d.District.ELLRate)
	rate("district.iep_rate", d.District.IEPRate)
	rate("district.frl_rate", d.District.FRLRate)

	rate("invite_share", d.InviteShare)
	switch d.Selection.Method {
	case selection.Stratified, selection.All:
	default:
		bad("selection.method", "must be %q or %q, got %q", selection.Stratified, selection.All, d.Selection.Method)
	}
	for i, a := range d.Selection.Balance {
		if !slices.Contains(balanceAttributes(), a) {
			bad(fmt.Sprintf("selection.balance[%d]", i), "must be one of %s, got %q", strings.Join(balanceAttributes(), ", "), a)
		} else if slices.Index(d.Selection.Balance, a) != i {
			bad(fmt.Sprintf("selection.balance[%d]", i), "%q is listed twice", a)
		}
	}
	switch d.Selection.Scope {
	case VolunteerTeachers, WholeSchool:
	default:
		bad("selection.scope", "must be %q or %q, got %q", VolunteerTeachers, WholeSchool, d.Selection.Scope)
	}
	intIn("selection.teacher_cap", d.Selection.TeacherCap, 0, 10_000)
	rate("family_request_rate", d.FamilyRequestRate)

	rate("opt_in_rate", d.OptInRate)
	rate("acceptance.rate", d.Acceptance.Rate)
	rate("acceptance.decline_share", d.Acceptance.DeclineShare)
	intIn("acceptance.reinvites", d.Acceptance.Reinvites, 0, 5)
	if f := d.Acceptance.RepeatFactor; math.IsNaN(f) || f < 0 || f > 10 {
		bad("acceptance.repeat_factor", "must be from 0 to 10, got %s", fmtFloat(f))
	}
	intIn("acceptance.reinvite_after_days", d.Acceptance.ReinviteAfterDays, 1, 120)

	switch d.Pairing {
	case TeamsPairing, PartnersPairing:
	default:
		bad("pairing", "must be %q or %q, got %q", TeamsPairing, PartnersPairing, d.Pairing)
	}
	switch d.Placement {
	case SchedulePlacement:
	case "internal":
		bad("placement", "%q was removed: visits are placed by schedule.Plan (%q); the fast model is mode %q", d.Placement, SchedulePlacement, CapacityModel)
	default:
		bad("placement", "must be %q, got %q", SchedulePlacement, d.Placement)
	}
	rate("second_visit.accept_rate", d.SecondVisit.AcceptRate)
	rate("follow_up_rate", d.FollowUpRate)
	intIn("capacity_per_educator", d.CapacityPerEducator, 1, 200)

	c := d.Compensation
	if c.CertificatedRateCents < 0 || c.CertificatedRateCents > model.MaxRateCents {
		bad("compensation.certificated_rate_cents", "must be from 0 to 100000, got %d", c.CertificatedRateCents)
	}
	if c.ClassifiedRateCents < 0 || c.ClassifiedRateCents > model.MaxRateCents {
		bad("compensation.classified_rate_cents", "must be from 0 to 100000, got %d", c.ClassifiedRateCents)
	}
	if c.BudgetCents < 0 {
		bad("compensation.budget_cents", "must not be negative, got %d", c.BudgetCents)
	}
	sum := 0.0
	for i, f := range c.Funding {
		field := fmt.Sprintf("compensation.funding[%d]", i)
		if !slices.Contains(model.FundingSources(), f.Source) {
			bad(field+".source", "must be one of %s, got %q", joinSources(), f.Source)
		} else if slices.IndexFunc(c.Funding, func(g FundingShare) bool { return g.Source == f.Source }) != i {
			bad(field+".source", "%q is listed twice", f.Source)
		}
		rate(field+".share", f.Share)
		sum += f.Share
	}
	if len(c.Funding) > 0 && math.Abs(sum-1) > 1e-9 {
		bad("compensation.funding", "shares must add up to 1, got %s", fmtFloat(sum))
	}

	t := d.Training
	intIn("training.initial_days_before_school", t.InitialDaysBeforeSchool, -90, 120)
	intIn("training.refresher_every_years", t.RefresherEveryYears, 0, 10)
	if math.IsNaN(t.InitialHours) || t.InitialHours < 0 || t.InitialHours > 80 {
		bad("training.initial_hours", "must be from 0 to 80, got %s", fmtFloat(t.InitialHours))
	}
	if math.IsNaN(t.RefresherHours) || t.RefresherHours < 0 || t.RefresherHours > 80 {
		bad("training.refresher_hours", "must be from 0 to 80, got %s", fmtFloat(t.RefresherHours))
	}

	for _, f := range d.Deviations.Rates() {
		rate("deviations."+f.Key, f.Rate)
	}
	if d.Deviations.Lapses != 0 {
		bad("deviations.lapses", "a design plants no everyday lapses: must be 0, got %s", fmtFloat(d.Deviations.Lapses))
	}

	d.Outcomes.validate(d.District.Schools, bad)
	d.validateProgram(bad)
	return errors.Join(errs...)
}

func joinSources() string {
	var ss []string
	for _, s := range model.FundingSources() {
		ss = append(ss, string(s))
	}
	return strings.Join(ss, ", ")
}

// DecodeDesign reads a JSON design over [DefaultDesign]: fields the file
// leaves out keep their defaults. Decoding is strict (an unknown field is
// an error) and is followed by [Design.Validate]. name (a file path, say)
// starts every error message; errors wrap [ErrDesign], a nil r among
// them.
func DecodeDesign(name string, r io.Reader) (Design, error) {
	if nilarg.Is(r) {
		return Design{}, &DesignError{Source: name, Reason: "nil reader"}
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return Design{}, &DesignError{Source: name, Reason: err.Error()}
	}
	d := DefaultDesign()
	if err := decodeStrict(name, data, &d); err != nil {
		return Design{}, err
	}
	if err := d.Validate(); err != nil {
		return Design{}, withSource(err, name)
	}
	return d, nil
}

// decodeStrict decodes one JSON value from data into v, rejecting unknown
// fields and trailing data; errors name the source, the line and the
// field's JSON path (internal/strictjson).
func decodeStrict(name string, data []byte, v any) error {
	if e := strictjson.Decode(data, v); e != nil {
		de := &DesignError{Source: name, Line: e.Line, Field: e.Field, Reason: e.Reason}
		if to, ok := renamedOutcomeFields()[e.Field]; ok && e.Reason == "unknown field" {
			de.Reason += "; since the outcome models it is " + to
		}
		return de
	}
	return nil
}

// withSource sets the source of every *DesignError in err.
func withSource(err error, name string) error {
	var list []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	} else {
		list = []error{err}
	}
	for _, e := range list {
		if de, ok := errors.AsType[*DesignError](e); ok {
			de.Source = name
		}
	}
	return err
}

func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// clone returns a deep copy of d.
func (d Design) clone() Design {
	d.Selection.Balance = slices.Clone(d.Selection.Balance)
	d.Compensation.Funding = slices.Clone(d.Compensation.Funding)
	d.Outcomes = d.Outcomes.clone()
	return d
}
