package synth

import (
	"errors"
	"math"
	"strconv"
	"time"

	"github.com/homevisits/pthv/model"
)

// Config describes the district to build. Every field is exported so that a
// test or a simulation can start from [DefaultConfig] or [NationalConfig]
// and change one thing. [Config.Validate] says what a usable Config is.
type Config struct {
	// Name is the district's name.
	Name string

	// Schools is the number of schools, 1–999. Types follow a fixed cycle —
	// elementary, middle, high, elementary, elementary, middle, elementary,
	// high, elementary, elementary — so three schools are one of each and a
	// large district is 60% elementary (K–5), 20% middle (6–8) and 20% high
	// (9–12).
	Schools int
	// StudentsPerSchool is the mean enrolment, 1–20,000. Each school's
	// enrolment varies by up to ±20% around it.
	StudentsPerSchool int
	// EducatorsPerSchool is the mean number of staff who could visit, 3–2,000:
	// teachers, one or two classified staff (a family liaison, sometimes a
	// paraprofessional) and, in a secondary school of eight or more, a
	// counselor. It scales with each school's enrolment. Every school also
	// has a principal, who is not counted here.
	EducatorsPerSchool int
	// ClassSize is the target class size, 1–200. Elementary students have
	// one homeroom class and teacher; secondary students take four classes
	// (English, math, science, social studies), usually with four teachers.
	ClassSize int

	// Year is the school year. Its first day must fall in July–September and
	// its last day in May–June of the next calendar year; a SummerStart, if
	// set, 30–150 days before the first day.
	Year model.SchoolYear
	// TimeZone is the district's IANA time zone.
	TimeZone string
	// SchoolHours is the school day, the working day of educators unless
	// their own hours differ.
	SchoolHours model.Hours

	// ELLRate is the share of students who are English learners ("ell").
	// English learners live in families with a home language other than
	// English; about twice ELLRate (at least a fifth) of families speak one.
	ELLRate float64
	// IEPRate is the share of students with an individualized education
	// program ("iep").
	IEPRate float64
	// FRLRate is the share of families, and so of students, eligible for
	// free or reduced-price lunch ("frl"). Siblings share it.
	FRLRate float64

	// OptInRate is the share of staff who volunteer to visit this year.
	// Visits "are always voluntary for educators" (core practice 1). A
	// coordinator on the staff always volunteers, and at least two staff
	// do, so every school can visit in pairs. Principals do not visit.
	OptInRate float64
	// InviteShare is the share of a school's families invited to a first
	// visit. Most schools draw a stratified equal-probability sample of
	// that share from the families whose children a volunteer teaches
	// (teachers visit their own students' families; "teacher" is a scope
	// key), as many as there are, balanced on every audit attribute; when
	// that is nearly all of them, they invite them all. About a quarter
	// instead invite, with method "all", every family of their entry grade
	// (K, 6 or 9) whose child a volunteer teaches — an elementary school's
	// kindergarten round-up in the spring before the year, a secondary
	// school's entry-grade classes ("class" scope) — whatever its share.
	// At 1 every school invites all the families of its volunteers; at 0
	// none invites (about 2% of families still ask for a visit
	// themselves). An invitation names the students it concerns; each
	// school of a family with children in two schools invites for its own.
	InviteShare float64
	// AcceptRate is the share of invitations a family accepts, with the
	// same chance for every family (the families who accept are a
	// cross-section of those invited). Of the rest, two in five are
	// declined and three in five go unanswered.
	AcceptRate float64
	// SecondVisitRate is the share of students with a completed first
	// visit who also have a second visit in winter or spring. Siblings
	// visited together have their second visit together.
	SecondVisitRate float64

	// Contacts adds fake names, addresses and phone numbers
	// ([model.Dataset.Contacts]). Off by default: most uses need none, and
	// pthv never copies contacts into findings or exports.
	Contacts bool

	// Deviations are the breaches of practice to plant.
	Deviations Deviations
}

// Deviations are rates, each from 0 to 1, of planted breaches of the PTHV
// model: the one description of how often practice slips, for a synthetic
// district ([Config.Deviations]) and for a simulated program design
// (simulate's Design.Deviations, in JSON under the keys of the field
// tags). Each field names the rule of RULES.md it breaks. Visit rates apply
// to each completed visit independently — in a simulation, as last-minute
// changes the planners did not make —, except that NoConsent adds visits
// (at that rate per completed first visit) and AfterDecline turns a second
// visit offer into a decline followed by a visit; school rates
// (Targeted, Mandate) pick round(rate × schools) schools, at least one when
// the rate is not zero. A deviation needs an occasion: Unpaid needs a
// certificated visitor without a stipend who spent time outside the
// working day, AfterDecline a family whose first visit took place.
// A checker may also report the rules a breach implies: a solo visit has
// no partner to reflect with (P5.reflection), a drop-in gave no notice
// (P1.notice), and after a decline the family's standing answer is no
// (P1.family-consent).
type Deviations struct {
	// Solo breaks P5.pair: one educator visits alone.
	Solo float64 `json:"solo"`
	// DropIn breaks P1.arranged-in-advance: arranged-at equals the start.
	DropIn float64 `json:"drop_in"`
	// Untrained breaks P2.trained: a volunteer who has had no PTHV training
	// takes the partner's place. Each school then has one such volunteer (a
	// staff member who had not opted in, or one of three or more
	// volunteers).
	Untrained float64 `json:"untrained"`
	// NotOptedIn breaks P1.educator-consent: an educator trained in an
	// earlier year who did not opt in this year (often the principal) takes
	// the partner's place, or joins the visit when an untrained volunteer
	// already took it.
	NotOptedIn float64 `json:"not_opted_in"`
	// NoConsent breaks P1.family-consent: a family that was never invited
	// and never asked is visited.
	NoConsent float64 `json:"no_consent"`
	// AfterDecline breaks P1.declined-respected: a family declines the
	// second visit and is visited anyway.
	AfterDecline float64 `json:"after_decline"`
	// AgendaOnFirst breaks P3.first-visit-no-agenda: the educators raise
	// academics, behavior or attendance on a first visit.
	AgendaOnFirst float64 `json:"agenda_on_first"`
	// NoReflection breaks P5.reflection: the visitors' reflection is
	// recorded only 10–30 days after the visit, outside the window, or
	// only by the first visitor of the pair.
	NoReflection float64 `json:"no_reflection"`
	// Unpaid breaks P2.compensated: a certificated visitor's minutes outside
	// the working day get no pay, no funding source and no stipend.
	Unpaid float64 `json:"unpaid"`
	// Targeted breaks P4.selection-criteria (a school rate): the school's
	// plan criteria include "attendance" (and in a synthetic district,
	// half the time, "ell": it invites its English-learner families).
	Targeted float64 `json:"targeted"`
	// Mandate breaks P1.no-mandate (a school rate): the school's goal makes
	// visits required of educators.
	Mandate float64 `json:"mandate"`

	// Lapses scales the everyday lapses that only advisories report, at 1
	// as often as programs show them: a coordinator who is the principal
	// (R.coordinator-not-principal), a veteran overdue for a refresher
	// (P2.refresher), a family that asks in winter and has its first visit
	// then (P3.first-visit-season), a second visit never offered
	// (P3.second-visit-offered), follow-up that goes one way or not at all
	// (P3.follow-up), a reflection that skipped the visitors' assumptions
	// (P5.bias-reflection), a family that asked for a visit visited by
	// volunteers who do not teach its children (P5.teacher-on-visit), a
	// celebration where no family spoke (R.school-celebration). At 0, as
	// in [Compliant], the program keeps the advisories too and a checker
	// finds nothing at all. It names no one rule, so [Deviations.ByRule]
	// and [Deviations.Rates] leave it out. A simulated design plants no
	// lapses (its own fields set how often advisories slip), so it has no
	// JSON key.
	Lapses float64 `json:"-"`
}

// ByRule returns the non-zero rates keyed by the id of the rule each one
// breaks, such as "P5.pair".
func (d Deviations) ByRule() map[string]float64 {
	m := make(map[string]float64, 11)
	for _, f := range d.Rates() {
		if f.Rate != 0 {
			m[f.Rule] = f.Rate
		}
	}
	return m
}

// DeviationRate is one breach rate of a [Deviations]: the field, its JSON
// key, the id of the rule it breaks, and the rate.
type DeviationRate struct {
	Field string  // Go field name, such as "DropIn"
	Key   string  // JSON key, such as "drop_in"
	Rule  string  // rule id, such as "P1.arranged-in-advance"
	Rate  float64 // 0–1
}

// Rates returns the eleven breach rates of d in field order, each with the
// rule it breaks: the one table that validation, CSV columns and
// [Deviations.ByRule] read. Lapses, which breaks no one rule, is not
// among them.
func (d Deviations) Rates() []DeviationRate {
	return []DeviationRate{
		{"Solo", "solo", "P5.pair", d.Solo},
		{"DropIn", "drop_in", "P1.arranged-in-advance", d.DropIn},
		{"Untrained", "untrained", "P2.trained", d.Untrained},
		{"NotOptedIn", "not_opted_in", "P1.educator-consent", d.NotOptedIn},
		{"NoConsent", "no_consent", "P1.family-consent", d.NoConsent},
		{"AfterDecline", "after_decline", "P1.declined-respected", d.AfterDecline},
		{"AgendaOnFirst", "agenda_on_first", "P3.first-visit-no-agenda", d.AgendaOnFirst},
		{"NoReflection", "no_reflection", "P5.reflection", d.NoReflection},
		{"Unpaid", "unpaid", "P2.compensated", d.Unpaid},
		{"Targeted", "targeted", "P4.selection-criteria", d.Targeted},
		{"Mandate", "mandate", "P1.no-mandate", d.Mandate},
	}
}

// Compliant returns Deviations of all zeros: a district that keeps every
// rule of the catalogue, advisories included, for tests that expect no
// finding of any severity.
func Compliant() Deviations { return Deviations{} }

// DemoDeviations returns the small rates of [DefaultConfig]: 2–5% of visits
// and schools, so that a demo shows a few findings of each kind, and the
// everyday lapses at the rate programs show them.
func DemoDeviations() Deviations {
	return Deviations{
		Solo:          0.03,
		DropIn:        0.02,
		Untrained:     0.02,
		NotOptedIn:    0.02,
		NoConsent:     0.03,
		AfterDecline:  0.05,
		AgendaOnFirst: 0.04,
		NoReflection:  0.04,
		Unpaid:        0.03,
		Targeted:      0.05,
		Mandate:       0.05,
		Lapses:        1,
	}
}

// DefaultYear returns the 2025-26 school year: first day 2025-08-18, last
// day 2026-06-05.
func DefaultYear() model.SchoolYear {
	return model.NewSchoolYear(model.NewDate(2025, time.August, 18), model.NewDate(2026, time.June, 5))
}

// DefaultConfig returns a small demo district: three schools (one
// elementary, one middle, one high) of about 400 students, 2025-26 in
// America/Los_Angeles, with the small deviation rates of [DemoDeviations].
func DefaultConfig() Config {
	return Config{
		Name:               "Riverbend Unified School District",
		Schools:            3,
		StudentsPerSchool:  400,
		EducatorsPerSchool: 22,
		ClassSize:          25,
		Year:               DefaultYear(),
		TimeZone:           "America/Los_Angeles",
		SchoolHours:        model.Hours{Start: model.NewClock(8, 0), End: model.NewClock(15, 0)},
		ELLRate:            0.15,
		IEPRate:            0.14,
		FRLRate:            0.50,
		OptInRate:          0.35,
		InviteShare:        0.30,
		AcceptRate:         0.60,
		SecondVisitRate:    0.40,
		Deviations:         DemoDeviations(),
	}
}

// NationalConfig returns a district the size of the whole PTHV network in
// 2018–19 (RULES.md): 700 schools of about 500 students, about 5,000
// educators who visit and about 45,000 completed visits. It is meant for
// benchmarks and simulation at scale.
func NationalConfig() Config {
	c := DefaultConfig()
	c.Name = "PTHV National Network (synthetic)"
	c.Schools = 700
	c.StudentsPerSchool = 500
	c.EducatorsPerSchool = 26
	c.OptInRate = 0.19
	c.InviteShare = 0.22
	c.AcceptRate = 0.55
	c.SecondVisitRate = 0.35
	return c
}

// ErrConfig is wrapped by every error [Config.Validate] returns.
var ErrConfig = errors.New("invalid config")

// ConfigError is one invalid field of a [Config]. It wraps [ErrConfig].
type ConfigError struct {
	Field  string // such as "Schools" or "Deviations.Solo"
	Reason string // such as "must be between 1 and 999, got 0"
}

// Error returns "synth: Config.Field: reason". A nil *ConfigError reads
// "<nil>".
func (e *ConfigError) Error() string {
	if e == nil {
		return "<nil>"
	}
	return "synth: Config." + e.Field + ": " + e.Reason
}

// Unwrap returns [ErrConfig], even for a nil *ConfigError: its type alone
// says what kind of error it is.
func (e *ConfigError) Unwrap() error { return ErrConfig }

// Validate reports every invalid field, each as a [*ConfigError] naming it,
// joined with [errors.Join]; nil means [District] can build c.
func (c Config) Validate() error {
	var errs []error
	bad := func(field, reason string) { errs = append(errs, &ConfigError{Field: field, Reason: reason}) }
	intIn := func(field string, v, lo, hi int) {
		if v < lo || v > hi {
			bad(field, "must be between "+strconv.Itoa(lo)+" and "+strconv.Itoa(hi)+", got "+strconv.Itoa(v))
		}
	}
	rate := func(field string, v float64) {
		if math.IsNaN(v) || v < 0 || v > 1 {
			bad(field, "must be a rate from 0 to 1, got "+strconv.FormatFloat(v, 'g', -1, 64))
		}
	}
	intIn("Schools", c.Schools, 1, maxSchools)
	intIn("StudentsPerSchool", c.StudentsPerSchool, 1, maxStudentsPerSchool)
	intIn("EducatorsPerSchool", c.EducatorsPerSchool, minStaff, maxStaffPerSchool)
	intIn("ClassSize", c.ClassSize, 1, 200)

	y := c.Year
	switch {
	case y.ID == "":
		bad("Year.ID", "must not be empty")
	case y.FirstDay.IsZero():
		bad("Year.FirstDay", "must be set")
	case y.LastDay.IsZero():
		bad("Year.LastDay", "must be set")
	case y.FirstDay.Month() < time.July || y.FirstDay.Month() > time.September:
		bad("Year.FirstDay", "must fall in July–September, got "+y.FirstDay.String())
	case y.LastDay.Year() != y.FirstDay.Year()+1 || y.LastDay.Month() < time.May || y.LastDay.Month() > time.June:
		bad("Year.LastDay", "must fall in May–June after the first day, got "+y.LastDay.String())
	case !y.SummerStart.IsZero() && (y.FirstDay.DaysSince(y.SummerStart) < 30 || y.FirstDay.DaysSince(y.SummerStart) > 150):
		bad("Year.SummerStart", "must be 30–150 days before the first day, got "+y.SummerStart.String())
	}
	if c.TimeZone == "" {
		bad("TimeZone", "must name an IANA time zone")
	} else if _, err := model.NewCalendar(c.TimeZone, c.SchoolHours); err != nil {
		bad("TimeZone", "unknown IANA time zone "+strconv.Quote(c.TimeZone))
	}
	if h := c.SchoolHours; h.Start < 0 || h.End > 24*60 || h.Start >= h.End {
		bad("SchoolHours", "start must be before end, within 00:00–24:00, got "+h.Start.String()+"–"+h.End.String())
	}

	rate("ELLRate", c.ELLRate)
	rate("IEPRate", c.IEPRate)
	rate("FRLRate", c.FRLRate)
	rate("OptInRate", c.OptInRate)
	rate("InviteShare", c.InviteShare)
	rate("AcceptRate", c.AcceptRate)
	rate("SecondVisitRate", c.SecondVisitRate)
	for _, f := range c.Deviations.Rates() {
		rate("Deviations."+f.Field, f.Rate)
	}
	rate("Deviations.Lapses", c.Deviations.Lapses)
	return errors.Join(errs...)
}

// Limits that keep the work bounded. Identifiers stay fixed-width within a
// district: a district of 1,000 schools or more numbers them with four
// digits (pthv synth --national --scale 5 measures five networks' worth).
const (
	maxSchools           = 9999
	maxStudentsPerSchool = 20_000
	maxStaffPerSchool    = 2_000
	minStaff             = MinStaff
)

// FamilySizes returns the shares of synthetic families with one, two and
// three children at a school: 58%, 30% and 12%. Models that count
// families without building a roster (simulate's capacity model) read
// them here, so that both stay the same district.
func FamilySizes() [3]float64 { return [3]float64{0.58, 0.30, 0.12} }

// SecondarySubjects is the number of subject teachers every secondary
// student has, one class each.
const SecondarySubjects = 4

// Secondary reports whether school i (from 0) of a synthetic district is a
// middle or high school: schools follow a fixed cycle of ten, six
// elementary, two middle and two high. A negative i is not a school.
func Secondary(i int) bool { return i >= 0 && kindOf(i) != elementary }

// EnrolmentSpread is how far a synthetic school's enrolment strays from
// the configured mean: uniformly within ±20%.
const EnrolmentSpread = 0.2

// MinStaff is the fewest staff who could visit in a synthetic school,
// the principal aside.
const MinStaff = 3

// AlwaysVolunteer is how many of a synthetic school's staff volunteer
// whatever the opt-in rate: the school's PTHV coordinator and its family
// liaison (when the district keeps the advisories).
const AlwaysVolunteer = 2

// MinVolunteers is the fewest volunteers a synthetic school has (or all
// its staff, when fewer), so that its pairs can vary.
const MinVolunteers = 3

// VeteranShare is the share of a synthetic school's volunteers who
// volunteered before: trained one to five years ago, perhaps refreshed
// since.
const VeteranShare = 0.45

// SecondClassifiedShare is the chance that a synthetic school of at least
// SecondClassifiedMinStaff staff has a second classified staff member
// beside its family liaison: one or two classified staff per school.
const SecondClassifiedShare = 0.6

// SecondClassifiedMinStaff is the fewest staff (the principal aside) a
// synthetic school needs for a second classified staff member.
const SecondClassifiedMinStaff = 6

// CounselorMinStaff is the fewest staff (the principal aside) a synthetic
// middle or high school needs to have a counselor, who visits but teaches
// no class.
const CounselorMinStaff = 8

// HighPovertyShare is the share of families eligible for free or reduced
// lunch above which a synthetic school is high-poverty, and Title I funds
// may pay its visits ([FundingSourceFor]).
const HighPovertyShare = 0.6

// FundingSourceFor returns the funding source of a synthetic school's
// visit pay for a uniform draw u in [0, 1): Title I for 60% of
// high-poverty schools (see [HighPovertyShare]); otherwise district funds
// below 0.55, a foundation grant below 0.75, the union below 0.90, and
// another source above.
func FundingSourceFor(u float64, highPoverty bool) model.FundingSource {
	switch {
	case highPoverty && u < 0.6:
		return model.TitleI
	case u < 0.55:
		return model.DistrictFunds
	case u < 0.75:
		return model.Foundation
	case u < 0.90:
		return model.Union
	}
	return model.OtherFunding
}

// SchoolID returns the id of school i (from 0) of a synthetic district of
// n schools: "S" and i+1 in at least three digits, four from 1,000
// schools on, so that ids sort in school order.
func SchoolID(i, n int) model.SchoolID {
	return model.SchoolID(makeID("S", i+1, max(3, digits(n))))
}
