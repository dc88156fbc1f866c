package practices

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/homevisits/pthv/model"
)

// ErrPolicy wraps every problem with the policy given to [Check] or [Guard].
var ErrPolicy = errors.New("practices: invalid policy")

// Finding is one breach of one rule by one unit. It names records by id
// only — never a family's name, address or phone number.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// Unit is the kind of unit judged (RULES.md, "How a rule judges").
	Unit Unit `json:"unit"`
	// School is the first school (by id) the unit is listed under, and
	// Schools every school it is listed under: a unit concerning students
	// of two schools counts in both, and once in the district. Both are
	// empty for a district unit.
	School  model.SchoolID   `json:"school,omitempty"`
	Schools []model.SchoolID `json:"schools,omitempty"`
	// Records are the ids involved: the visit first, then the family,
	// students, educators and invitations concerned. The slice is read
	// only: the findings of a prepared Program's checks may share it.
	Records []string   `json:"records"`
	Date    model.Date `json:"date,omitzero"`
	Message string     `json:"message"`
}

// RuleResult counts the outcomes of one rule, in the whole program or one
// school.
type RuleResult struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// Assessable units were judged: Passed of them passed, the rest gave
	// findings.
	Assessable int `json:"assessable"`
	Passed     int `json:"passed"`
	Violations int `json:"violations"`
	Advisories int `json:"advisories"`
	Data       int `json:"data"`
	// NotAssessable units lacked a field the rule needs; record it to have
	// them judged.
	NotAssessable int `json:"not_assessable"`
	// Pending units are not yet due (a reflection window still open, the
	// school year not over): progress, never a finding.
	Pending int `json:"pending"`
	// Off is set when the policy turned this advisory off.
	Off bool `json:"off,omitempty"`
}

// Fidelity returns Passed ÷ Assessable, and false when nothing was assessable.
func (r RuleResult) Fidelity() (float64, bool) {
	if r.Assessable == 0 {
		return 0, false
	}
	return float64(r.Passed) / float64(r.Assessable), true
}

// Coverage is how much of a school the program reached: a report figure,
// never a finding, since a coverage finding would act as the quota the
// seeds warn against.
type Coverage struct {
	Students        int `json:"students"`
	StudentsVisited int `json:"students_visited"`
	Families        int `json:"families"`
	FamiliesVisited int `json:"families_visited"`
	// Systematic is set when at least Policy.SystematicCoverage of the
	// students were visited — the threshold (10%) at which Sheldon & Jung
	// (2018) found lower chronic absenteeism and higher ELA proficiency.
	Systematic bool `json:"systematic"`
}

// StudentShare returns the share of students visited.
func (c Coverage) StudentShare() float64 { return share(c.StudentsVisited, c.Students) }

// FamilyShare returns the share of families visited.
func (c Coverage) FamilyShare() float64 { return share(c.FamiliesVisited, c.Families) }

func share(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

// SchoolResult is one school's part of a report.
type SchoolResult struct {
	School     model.SchoolID `json:"school"`
	Violations int            `json:"violations"`
	Advisories int            `json:"advisories"`
	Coverage   Coverage       `json:"coverage"`
	Rules      []RuleResult   `json:"rules"`
}

// Summary is the headline of a report.
type Summary struct {
	AsOf       time.Time          `json:"as_of"`
	Year       model.SchoolYearID `json:"year"`
	Schools    int                `json:"schools"`
	Visits     int                `json:"visits"`
	Violations int                `json:"violations"`
	Advisories int                `json:"advisories"`
	Data       int                `json:"data"`
	// Fidelity is the share of assessable units that passed, over the
	// violation rules: how closely the program keeps the non-negotiables.
	Fidelity          float64 `json:"fidelity"`
	SystematicSchools int     `json:"systematic_schools"`
}

// Report is the outcome of [Check]: findings, per-rule and per-school
// counts, coverage and the targeting audit.
type Report struct {
	Summary  Summary        `json:"summary"`
	Findings []Finding      `json:"findings"`
	Rules    []RuleResult   `json:"rules"`
	Schools  []SchoolResult `json:"schools"`
	Audit    []AuditResult  `json:"audit,omitempty"`
}

// HasViolation reports whether any finding is a violation.
func (r Report) HasViolation() bool { return r.Summary.Violations > 0 }

// Filter returns the report restricted to rules matching any of the
// filters ("P5.*", "P1.notice", "P3"); no filters keep everything. The
// summary's counts are recomputed; coverage is kept.
func (r Report) Filter(filters ...string) Report {
	if len(filters) == 0 {
		return r
	}
	keep := map[string]bool{}
	for _, f := range filters {
		for _, id := range MatchRules(strings.TrimSpace(f)) {
			keep[id] = true
		}
	}
	out := r
	out.Findings = slices.DeleteFunc(slices.Clone(r.Findings), func(f Finding) bool { return !keep[f.Rule] })
	out.Rules = slices.DeleteFunc(slices.Clone(r.Rules), func(x RuleResult) bool { return !keep[x.Rule] })
	out.Schools = make([]SchoolResult, len(r.Schools))
	for i, s := range r.Schools {
		s.Rules = slices.DeleteFunc(slices.Clone(s.Rules), func(x RuleResult) bool { return !keep[x.Rule] })
		s.Violations, s.Advisories = countSeverities(s.Rules)
		out.Schools[i] = s
	}
	if !keep["P4.cross-section"] {
		out.Audit = nil
	}
	out.Summary.Violations, out.Summary.Advisories = countSeverities(out.Rules)
	out.Summary.Data = 0
	for _, x := range out.Rules {
		out.Summary.Data += x.Data
	}
	out.Summary.Fidelity = fidelity(out.Rules)
	return out
}

func countSeverities(rs []RuleResult) (violations, advisories int) {
	for _, x := range rs {
		violations += x.Violations
		advisories += x.Advisories
	}
	return
}

// fidelity is passing ÷ assessable units over the violation rules, or 1
// when none was assessable.
func fidelity(rs []RuleResult) float64 {
	pass, total := 0, 0
	for _, x := range rs {
		if x.Severity == Violation {
			pass += x.Passed
			total += x.Assessable
		}
	}
	if total == 0 {
		return 1
	}
	return float64(pass) / float64(total)
}

// ValidatePolicy checks pol as [Check] and [Guard] do: its bounds
// ([model.Policy.Validate]) and its Off list, where only advisory rules of
// the catalogue may be listed. Every error wraps [ErrPolicy]. An Off error
// is a [model.ValidationErrors] with one [*model.RecordError] per bad id,
// its field "off[i]", so that [model.DecodePolicy], given ValidatePolicy
// as a check, names the file and line of the id:
//
//	policy.json:3: policy: off[0]: practices: invalid policy: P5.pair is a violation rule and cannot be turned off
func ValidatePolicy(pol model.Policy) error {
	if err := pol.Validate(); err != nil {
		return fmt.Errorf("%w: %w", ErrPolicy, err)
	}
	var errs model.ValidationErrors
	for i, id := range pol.Off {
		r, ok := RuleByID(id)
		var err error
		switch {
		case !ok:
			err = fmt.Errorf("%w: unknown rule %q", ErrPolicy, id)
		case r.Severity != Advisory:
			err = fmt.Errorf("%w: %s is a %s rule and cannot be turned off", ErrPolicy, id, r.Severity)
		default:
			continue
		}
		errs = append(errs, &model.RecordError{Record: "policy", Field: fmt.Sprintf("off[%d]", i), Err: err})
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// Check judges a program's record against every rule of the catalogue as of
// asOf. pol overrides ds.Policy when not nil (the CLI's --policy overrides
// the file's); nil judges by the dataset's own policy (see
// docs/conventions.md). It returns an error only for an invalid policy or a
// structurally invalid dataset; every breach of practice is a finding, and
// every visit either passes or yields findings — nothing is dropped.
func Check(ds *model.Dataset, asOf time.Time, pol *model.Policy) (Report, error) {
	if pol == nil && ds != nil {
		pol = &ds.Policy
	}
	if pol != nil {
		if err := ValidatePolicy(*pol); err != nil {
			return Report{}, err
		}
	}
	p, err := Prepare(ds)
	if err != nil {
		return Report{}, err
	}
	return p.Check(asOf, pol)
}
