package model

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// District is the organisation that runs the program.
type District struct {
	ID   DistrictID `json:"id"`
	Name string     `json:"name,omitempty"`
	// Coordinator is the district PTHV coordinator, "the main advocate and
	// administrator of the program" (RTI). Empty when none is named.
	Coordinator EducatorID `json:"coordinator,omitempty"`
	// Languages are the district's languages of instruction; empty means
	// English only (P5.language).
	Languages []Language `json:"languages,omitempty"`
}

// School is a site that runs home visits.
type School struct {
	ID   SchoolID `json:"id"`
	Name string   `json:"name,omitempty"`
	// Coordinator is the school PTHV coordinator, the "school point person".
	// RTI recommends it not be the principal. Empty when none is named.
	Coordinator EducatorID `json:"coordinator,omitempty"`
	// Liaisons are the school's parent engagement liaisons.
	Liaisons []EducatorID `json:"liaisons,omitempty"`
	// Hours are the school's daily hours when they differ from the calendar's.
	Hours *Hours `json:"hours,omitempty"`
	// Languages are the school's languages of instruction when they differ
	// from the district's (a dual-language school, say).
	Languages []Language `json:"languages,omitempty"`
}

// InstructionLanguages returns the languages of instruction of school s in
// district d: the school's, else the district's, else English.
func InstructionLanguages(d District, s *School) []Language {
	switch {
	case s != nil && len(s.Languages) > 0:
		return s.Languages
	case len(d.Languages) > 0:
		return d.Languages
	}
	return []Language{"en"}
}

// SameLanguage reports whether a and b name the same language: their
// primary subtags agree, whatever the case ("es-MX", "ES" and "es" are all
// Spanish).
func SameLanguage(a, b Language) bool {
	primary := func(l Language) string {
		s := string(l)
		if i := strings.IndexAny(s, "-_"); i >= 0 {
			s = s[:i]
		}
		return s
	}
	return strings.EqualFold(primary(a), primary(b))
}

// LanguagesNeeded is P5.language's reading of family f on a visit to
// schools teaching in instruction: the family needs another language
// when it records needs_interpreter, or when it speaks none of the
// languages of instruction; then a visitor or an interpreter must speak
// one of languages, its languages that are not a language of instruction
// (none when it records needs_interpreter but speaks only those). A
// family that records no language needs none that can be named.
func LanguagesNeeded(f *Family, instruction []Language) (needs bool, languages []Language) {
	if f == nil || len(f.Languages) == 0 {
		return false, nil
	}
	for _, l := range f.Languages {
		if !slices.ContainsFunc(instruction, func(i Language) bool { return SameLanguage(i, l) }) {
			languages = append(languages, l)
		}
	}
	if !f.NeedsInterpreter && len(languages) < len(f.Languages) {
		return false, nil // it speaks a language of instruction
	}
	return true, languages
}

// Hours is a daily span of working or school time, [Start, End).
type Hours struct {
	Start Clock `json:"start"`
	End   Clock `json:"end"`
}

// Contains reports whether the clock time c falls within h.
func (h Hours) Contains(c Clock) bool { return c >= h.Start && c < h.End }

// Class is a class or section. Secondary schools may decide to visit
// "students in certain classes" (RTI), so a class is a legitimate scope.
type Class struct {
	ID       ClassID      `json:"id"`
	School   SchoolID     `json:"school"`
	Name     string       `json:"name,omitempty"`
	Grade    *Grade       `json:"grade,omitempty"`
	Teachers []EducatorID `json:"teachers,omitempty"`
}

// Grade is a school grade: -1 is pre-kindergarten, 0 kindergarten, 1–12 the
// numbered grades.
type Grade int

// Grade bounds.
const (
	PreK         Grade = -1
	Kindergarten Grade = 0
	Grade12      Grade = 12
)

// String returns "PK", "K" or the grade number.
func (g Grade) String() string {
	switch g {
	case PreK:
		return "PK"
	case Kindergarten:
		return "K"
	}
	return strconv.Itoa(int(g))
}

// Valid reports whether g is between PK and 12.
func (g Grade) Valid() bool { return g >= PreK && g <= Grade12 }

// Educator is a member of school staff who may visit families. Opt-in,
// training and stipends are recorded per school year, and the training
// history spans years, so one record serves a veteran's whole career.
type Educator struct {
	ID       EducatorID `json:"id"`
	School   SchoolID   `json:"school,omitempty"` // empty for district staff
	Role     Role       `json:"role"`
	Position Position   `json:"position"`
	// Languages the educator can hold a visit in.
	Languages []Language `json:"languages,omitempty"`
	// Trainings is the full PTHV training history, any order.
	Trainings []Training `json:"trainings,omitempty"`
	// OptIns lists the school years the educator volunteered for. Visits
	// "are always voluntary for educators" (core practice 1).
	OptIns []SchoolYearID `json:"opt_ins,omitempty"`
	// Stipends are agreements that cover visits outside the working day for
	// a whole school year instead of per-visit pay.
	Stipends []Stipend `json:"stipends,omitempty"`
	// WorkingHours are the educator's own hours when they differ from the
	// school day (a liaison who works afternoons, say).
	WorkingHours *Hours `json:"working_hours,omitempty"`
	// Availability lists weekly windows when the educator can visit. Empty
	// means not recorded.
	Availability []Window `json:"availability,omitempty"`
	// Prefer and Avoid are partners the educator asked for or against.
	Prefer []EducatorID `json:"prefer,omitempty"`
	Avoid  []EducatorID `json:"avoid,omitempty"`
}

// Training is one PTHV training an educator completed.
type Training struct {
	Date Date         `json:"date"`
	Kind TrainingKind `json:"kind"`
}

// Stipend is a yearly agreement that compensates an educator's visits.
type Stipend struct {
	Year SchoolYearID `json:"year"`
	// AmountCents is the year's amount in cents, from 0 to
	// [MaxAmountCents] ($100,000.00).
	AmountCents int64         `json:"amount_cents"`
	Source      FundingSource `json:"source"`
}

// OptedIn reports whether e volunteered for school year y.
func (e Educator) OptedIn(y SchoolYearID) bool {
	for _, o := range e.OptIns {
		if o == y {
			return true
		}
	}
	return false
}

// TrainedBy reports whether e completed a training on or before d, and
// returns the date of the first one.
func (e Educator) TrainedBy(d Date) (Date, bool) {
	var first Date
	for _, t := range e.Trainings {
		if !t.Date.After(d) && (first.IsZero() || t.Date.Before(first)) {
			first = t.Date
		}
	}
	return first, !first.IsZero()
}

// LastTrainedBy returns the date of e's most recent training (initial or
// refresher) on or before d.
func (e Educator) LastTrainedBy(d Date) (Date, bool) {
	var last Date
	for _, t := range e.Trainings {
		if !t.Date.After(d) && t.Date.After(last) {
			last = t.Date
		}
	}
	return last, !last.IsZero()
}

// StipendFor returns e's stipend agreement for school year y.
func (e Educator) StipendFor(y SchoolYearID) (Stipend, bool) {
	for _, s := range e.Stipends {
		if s.Year == y {
			return s, true
		}
	}
	return Stipend{}, false
}

// Speaks reports whether e speaks language l ([SameLanguage]).
func (e Educator) Speaks(l Language) bool {
	return slices.ContainsFunc(e.Languages, func(x Language) bool { return SameLanguage(x, l) })
}

// Window is a weekly availability window, such as Tuesdays 15:30–19:00.
type Window struct {
	Weekday time.Weekday `json:"weekday"`
	Start   Clock        `json:"start"`
	End     Clock        `json:"end"`
}

// Covers reports whether the span [start, start+d) lies within w, in the
// location of start.
func (w Window) Covers(start time.Time, d time.Duration) bool {
	if start.Weekday() != w.Weekday {
		return false
	}
	from := Clock(start.Hour()*60 + start.Minute())
	to := from + Clock((d+time.Minute-1)/time.Minute)
	return from >= w.Start && to <= w.End
}

// Student is a student in the program's scope. Attributes are used only to
// audit that invited and visited families are a cross-section; they may
// balance a sample but never filter it (core practice 4).
type Student struct {
	ID       StudentID    `json:"id"`
	School   SchoolID     `json:"school"`
	Grade    Grade        `json:"grade"`
	Family   FamilyID     `json:"family"`
	Classes  []ClassID    `json:"classes,omitempty"`
	Teachers []EducatorID `json:"teachers,omitempty"` // teachers of record
	// Attributes are audit attributes such as "ell": "yes", "iep": "no",
	// "frl": "yes", "home_language": "es". Keys and values are free text.
	Attributes map[string]string `json:"attributes,omitempty"`
}

// Family is the household visited. A family's audit attributes derive from
// its students by the rule of RULES.md, P4.cross-section ("A family's value").
type Family struct {
	ID        FamilyID   `json:"id"`
	Languages []Language `json:"languages,omitempty"`
	// NeedsInterpreter is set when the family asked for, or needs, a visit in
	// a language other than English.
	NeedsInterpreter bool `json:"needs_interpreter,omitempty"`
	// LocationPreference is where the family would rather meet, if recorded.
	LocationPreference LocationKind `json:"location_preference,omitempty"`
	// Availability lists weekly windows when the family can be visited.
	Availability []Window `json:"availability,omitempty"`
}

// Invitation is an offer of a visit to a family, or a family's own request
// (origin [FamilyRequest], recorded as accepted).
type Invitation struct {
	ID       InvitationID `json:"id"`
	Family   FamilyID     `json:"family"`
	Students []StudentID  `json:"students,omitempty"`
	Origin   Origin       `json:"origin,omitempty"` // empty means school
	Kind     VisitKind    `json:"kind,omitempty"`
	SentAt   time.Time    `json:"sent_at"`
	// Year is the school year the invitation is for, when it is not the
	// one containing SentAt (a spring invitation to next summer's visit).
	// Its answer counts for that year only.
	Year SchoolYearID `json:"year,omitempty"`
	By   EducatorID   `json:"by,omitempty"`
	// Plan is the selection plan that chose this family, if any.
	Plan PlanID `json:"plan,omitempty"`
	// Method and Criteria record how the family was chosen when no plan is
	// recorded: a method such as "all" or "stratified", and the keys used
	// ("school", "grade", "class", "teacher" are scope; any student attribute
	// is targeting).
	Method   string   `json:"method,omitempty"`
	Criteria []string `json:"criteria,omitempty"`
	// ContactAttempts are the times the school tried to reach the family
	// about this invitation (they are not new invitations).
	ContactAttempts []time.Time `json:"contact_attempts,omitempty"`
	Response        Response    `json:"response,omitempty"`
	RespondedAt     time.Time   `json:"responded_at,omitzero"`
}

// FromFamily reports whether the family asked for the visit itself.
func (inv Invitation) FromFamily() bool { return inv.Origin == FamilyRequest }

// AnsweredAt returns when the answer is taken to have been given: the
// recorded response time, or the sending when none is recorded or it is
// recorded before the sending — the earliest the answer can have come.
func (inv Invitation) AnsweredAt() time.Time {
	if inv.RespondedAt.IsZero() || inv.RespondedAt.Before(inv.SentAt) {
		return inv.SentAt
	}
	return inv.RespondedAt
}

// Answer returns the response, with the empty Response read as [NoResponse].
func (inv Invitation) Answer() Response {
	if inv.Response == "" {
		return NoResponse
	}
	return inv.Response
}

// Withdrawal is a family's decision to stop participating. It covers all
// the family's students and cancels what was scheduled.
type Withdrawal struct {
	Family FamilyID  `json:"family"`
	At     time.Time `json:"at"`
}

// Visit is one home visit (or a visit at a place the family chose). Fields
// that were not recorded stay at their zero value, and the rules that need
// them report the visit as not assessable rather than as a breach.
type Visit struct {
	ID VisitID `json:"id"`
	// Students lists the students the visit is for; siblings may share a
	// visit. Empty means not recorded (R.tracking).
	Students []StudentID `json:"students,omitempty"`
	Family   FamilyID    `json:"family"`
	Kind     VisitKind   `json:"kind,omitempty"`
	Status   VisitStatus `json:"status"`
	// CancelledBy says who cancelled a cancelled visit.
	CancelledBy Party `json:"cancelled_by,omitempty"`
	// ArrangedAt is when the current appointment was agreed with the family
	// (the last agreed change). Zero means not recorded.
	ArrangedAt time.Time `json:"arranged_at,omitzero"`
	// Reschedules keeps the history of earlier appointments.
	Reschedules []Rescheduling `json:"reschedules,omitempty"`
	Start       time.Time      `json:"start"`
	Duration    Duration       `json:"duration,omitempty"` // zero means not recorded
	Location    Location       `json:"location,omitzero"`
	// Visitors are the educators on the visit. Interpreters are listed
	// separately: they do not count toward the pair.
	Visitors     []EducatorID  `json:"visitors,omitempty"`
	Interpreters []Interpreter `json:"interpreters,omitempty"`
	Topics       []Topic       `json:"topics,omitempty"`
	// ReferencesFirst records whether a second visit referred back to the
	// hopes and dreams of the first; nil means not recorded.
	ReferencesFirst *bool          `json:"references_first,omitempty"`
	Reflection      *Reflection    `json:"reflection,omitempty"`
	Compensation    []Compensation `json:"compensation,omitempty"`
}

// End returns the end of the visit (start plus duration).
func (v Visit) End() time.Time { return v.Start.Add(time.Duration(v.Duration)) }

// TookPlace reports whether the visit had taken place as of asOf: it is
// recorded completed and it started no later than asOf. A visit recorded
// completed that starts after asOf — a check run as of an earlier date
// than the record — has not taken place yet. Every count of visits held,
// in the checks, the report and the lookups, reads it here.
func (v Visit) TookPlace(asOf time.Time) bool { return v.Status == Completed && !v.Start.After(asOf) }

// Rescheduling is an earlier appointment of a visit that was moved.
type Rescheduling struct {
	At        time.Time `json:"at"`         // when the change was agreed
	FromStart time.Time `json:"from_start"` // the appointment it replaced
	By        Party     `json:"by,omitempty"`
}

// Location is where a visit took place and who asked for it there.
type Location struct {
	Kind        LocationKind `json:"kind"`
	RequestedBy Party        `json:"requested_by,omitempty"`
}

// Interpreter accompanies a visit to cover a family's language. An
// interpreter is a separate role: not counted for pairs, consent or pay.
type Interpreter struct {
	ID        InterpreterID `json:"id,omitempty"`
	Languages []Language    `json:"languages,omitempty"`
	// Educator is set when a staff member served as interpreter rather than
	// as a visitor.
	Educator EducatorID `json:"educator,omitempty"`
}

// Topic is a subject discussed on a visit and who raised it. A family that
// raises grades on a first visit is welcome to; educators bringing an
// academic agenda is what core practice 3 rules out.
type Topic struct {
	Kind     TopicKind `json:"kind"`
	RaisedBy Party     `json:"raised_by,omitempty"`
}

// Reflection is the visitors' debrief after a visit: "what biases were held
// about the family prior to the visit and how those assumptions changed"
// (PTHV, core practice 5).
type Reflection struct {
	At time.Time    `json:"at"`
	By []EducatorID `json:"by,omitempty"`
	// CoveredBias records whether the reflection covered the visitors'
	// assumptions and biases; nil means not recorded.
	CoveredBias *bool `json:"covered_bias,omitempty"`
}

// Compensation is one visitor's pay for one visit: minutes outside that
// visitor's working day, and the amount and source — or a stipend that
// covers the educator-year.
type Compensation struct {
	Educator       EducatorID `json:"educator"`
	MinutesOutside int        `json:"minutes_outside"`
	// AmountCents is this visitor's pay for this visit in cents, from 0
	// to [MaxAmountCents] ($100,000.00).
	AmountCents int64         `json:"amount_cents,omitempty"`
	Source      FundingSource `json:"source,omitempty"`
	Stipend     bool          `json:"stipend,omitempty"`
}

// Communication is one message between school and family. Follow-up between
// the two visits is "ongoing two-way communication" (Organizing Engagement).
type Communication struct {
	ID        CommunicationID `json:"id"`
	Family    FamilyID        `json:"family"`
	At        time.Time       `json:"at"`
	Direction Direction       `json:"direction"`
	Channel   Channel         `json:"channel,omitempty"`
	Educator  EducatorID      `json:"educator,omitempty"`
}

// Event is a celebration or visibility event held by a school or the
// district.
type Event struct {
	ID     EventID    `json:"id"`
	Level  EventLevel `json:"level"`
	School SchoolID   `json:"school,omitempty"` // set for school events
	Date   Date       `json:"date"`
	Kind   EventKind  `json:"kind"`
	// FamilyVoices records that families spoke or were featured, as RTI
	// recommends ("make sure that the voices and experiences of families
	// are elevated").
	FamilyVoices bool `json:"family_voices,omitempty"`
}

// Goal is a program goal a school or the district recorded. A coverage
// target alone is not a mandate; a goal that requires participation, or sets
// per-educator quotas, is (RTI: principals' goals read as mandatory).
type Goal struct {
	ID     GoalID   `json:"id"`
	School SchoolID `json:"school,omitempty"` // empty for a district goal
	// CoverageTarget is a share of families to visit, 0–1; zero means none.
	CoverageTarget float64 `json:"coverage_target,omitempty"`
	// RequiredOf lists who was required to take part: "educator",
	// "family" (empty when participation is voluntary).
	RequiredOf []Party `json:"required_of,omitempty"`
	// PerEducatorQuota is a number of visits each educator must make; zero
	// means none.
	PerEducatorQuota int `json:"per_educator_quota,omitempty"`
}

// Mandatory reports whether g makes visits required of anyone.
func (g Goal) Mandatory() bool { return len(g.RequiredOf) > 0 || g.PerEducatorQuota > 0 }

// Plan records a selection plan that chose families to invite. A plan made
// by pthv records its whole request — method, scope, balance, share or
// count, teacher cap, priority and seed — so that it can be replayed: the
// same request on the same roster chooses the same families.
type Plan struct {
	ID     PlanID   `json:"id"`
	School SchoolID `json:"school,omitempty"`
	// Method is "all", "stratified" or another method name.
	Method string `json:"method"`
	// Scope maps scope keys (school, grade, class, teacher) to values.
	Scope map[string]string `json:"scope,omitempty"`
	// Criteria are filter keys the plan used; any key other than a scope key
	// is targeting (P4.selection-criteria).
	Criteria []string `json:"criteria,omitempty"`
	// Balance lists attributes the sample was balanced on (allowed).
	Balance []string `json:"balance,omitempty"`
	// Share is the fraction of the families in scope the plan invited,
	// above 0 and up to 1; zero when not recorded (or a Count was asked).
	Share float64 `json:"share,omitempty"`
	// Count is the number of families the plan invited when it asked for a
	// number rather than a share; zero when not recorded.
	Count int `json:"count,omitempty"`
	// TeacherCap is the most families the plan asked one teacher to visit;
	// zero means none.
	TeacherCap int `json:"teacher_cap,omitempty"`
	// Priority lists the families educators asked to reach first, in
	// order; they fill their stratum's quota first, never more.
	Priority []FamilyID `json:"priority,omitempty"`
	// Population is the number of families in scope when the plan was
	// made; zero when not recorded. A replay on a changed roster compares
	// it with today's.
	Population int    `json:"population,omitempty"`
	Seed       uint64 `json:"seed,omitempty"`
	// RequiredOf lists who the plan made participation mandatory for.
	RequiredOf []Party `json:"required_of,omitempty"`
}

// PastPair records a team of educators that visited together in an
// earlier year, so pairing can favour a change.
type PastPair struct {
	Year      SchoolYearID `json:"year"`
	Educators []EducatorID `json:"educators"`
}
