package practices

import (
	"slices"
	"strings"
)

// Severity is how much a finding weighs.
type Severity string

// Severities. A violation breaks one of the five non-negotiables and no
// policy can silence it; an advisory is a recommendation of the seeds or of
// RTI's study that a policy may tune or turn off; a data finding says the
// record itself is incoherent and does not count toward fidelity.
const (
	Violation Severity = "violation"
	Advisory  Severity = "advisory"
	Data      Severity = "data"
)

// Unit is the kind of thing a rule judges; a rule gives at most one finding
// per unit.
type Unit string

// Units.
const (
	VisitUnit          Unit = "visit"
	VisitEducatorUnit  Unit = "visit×educator"
	StudentYearUnit    Unit = "student-year"
	FamilyYearUnit     Unit = "family-year"
	EducatorYearUnit   Unit = "educator-year"
	SchoolYearUnit     Unit = "school-year"
	ScopeAttributeUnit Unit = "scope×attribute"
	DistrictYearUnit   Unit = "district-year"
	RecordUnit         Unit = "record"
)

// Due is when a unit's outcome is settled enough to judge. Before that the
// report shows progress, never a finding.
type Due string

// Due points.
const (
	DueAtVisit      Due = "visit"             // once the visit has taken place
	DueAfterReflect Due = "reflection window" // once the reflection window has closed
	DueEndOfSpring  Due = "end of spring"     // at the end of the school year's spring
	DueEndOfYear    Due = "end of year"       // at the last day of the school year
	DueAtInvitation Due = "invitation"        // as soon as invitations exist
	DueWhenRecorded Due = "recorded"          // as soon as the record exists
)

// Rule is one entry of the PTHV rule catalogue. The catalogue is a table of
// values so that [Rules], docs/rules.md and the tests all read the same
// thing.
type Rule struct {
	ID       string   // stable id such as "P5.pair"
	Practice string   // "P1"…"P5", "R" (roles and culture) or "L" (record integrity)
	Severity Severity // for P4.cross-section, the severity of its gravest finding
	Unit     Unit
	Due      Due
	// AtBooking marks the rules decidable for a proposed visit (● in the
	// catalogue); Guard applies exactly these.
	AtBooking bool
	// Implies lists rules that a breach of this one also breaks (a solo
	// visit cannot be reflected on together).
	Implies []string
	// Policy lists the Policy fields (JSON names) that tune the rule.
	Policy []string
	Title  string // one line, plain language
	Source string // the seed or study the rule encodes, quoted

	// A rule has exactly one judge, in one of three shapes (see judge.go):
	// judgeVisit gives one verdict per visit (unit visit), judgeVisitor
	// one per educator on a visit (unit visit×educator), judgeUnits
	// walks its own units (families, students, schools, scopes …).
	judgeVisit   func(c *visitCtx) verdict
	judgeVisitor func(c *visitCtx, i int) verdict
	judgeUnits   func(r *run, rule int)
	// prepare, when set, works out once per Program what the rule's unit
	// judge reads that no date or policy changes; the judge finds it in
	// run.prepared(rule).
	prepare func(p *Program) any
	// dynamic marks a visit judge that reads the check's date or policy:
	// every check runs it. Any other visit judge reads the dataset alone,
	// so Prepare judges every visit by it once.
	dynamic bool
}

// catalogue returns the rule table, in catalogue order: each practice
// file declares its rules, each with its judge attached.
func catalogue() []Rule {
	return slices.Concat(voluntaryRules(), trainedPaidRules(), focusRules(), noTargetingRules(),
		pairRules(), roleRules(), integrityRules())
}

// Rules returns the rule catalogue in catalogue order. The slice is a copy.
func Rules() []Rule { return catalogue() }

// RuleByID returns the rule with the given id.
func RuleByID(id string) (Rule, bool) {
	for _, r := range catalogue() {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// MatchRules returns the ids matching a filter such as "P5.*", "P1.notice" or
// "P3" (a practice). An empty filter matches every rule.
func MatchRules(filter string) []string {
	var out []string
	for _, r := range catalogue() {
		if ruleMatches(r, filter) {
			out = append(out, r.ID)
		}
	}
	return out
}

func ruleMatches(r Rule, filter string) bool {
	switch {
	case filter == "" || filter == "*":
		return true
	case strings.HasSuffix(filter, "*"):
		return strings.HasPrefix(r.ID, strings.TrimSuffix(filter, "*"))
	case filter == r.Practice:
		return true
	}
	return filter == r.ID
}

// PracticeTitle returns the heading of a practice group ("P1" … "P5", "R",
// "L"), or the id itself when it is unknown.
func PracticeTitle(practice string) string {
	switch practice {
	case "P1":
		return "P1 — Voluntary for educators and families, arranged in advance"
	case "P2":
		return "P2 — Educators trained, and compensated for visits outside the school day"
	case "P3":
		return "P3 — First visit: relationship, hopes and dreams; second visit: academics"
	case "P4":
		return "P4 — No targeting: all families, or a non-stigmatizing cross-section"
	case "P5":
		return "P5 — Visits in pairs, with reflection afterwards"
	case "R":
		return "R — Roles and culture (RTI recommendations)"
	case "L":
		return "L — Record integrity"
	}
	return practice
}
