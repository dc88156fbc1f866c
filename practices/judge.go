package practices

import (
	"fmt"
	"time"

	"github.com/homevisits/pthv/model"
)

// A rule's judge comes in one of three shapes, attached to its catalogue
// entry in the practice file that declares it:
//
//   - judgeVisit gives the verdict on one visit (unit visit);
//   - judgeVisitor gives the verdict on one educator of a visit (unit
//     visit×educator);
//   - judgeUnits walks the rule's own units — student-years, schools,
//     scopes, educators — and reports each with [run.unit].
//
// The engine (Prepare, the visit pass, counting, parallelism) knows no rule
// by name: it asks each visit judge about every visit that took place,
// counts a visit still to come as pending for each rule whose judge says
// the visit (or its educator) is a unit as the record places it now, and
// calls each unit judge once per check.

// outcome is how one unit fared under one rule.
type outcome uint8

const (
	passed outcome = iota
	failed
	notAssessable
	pending
	// notAUnit: the visit or educator is not a unit of the rule (a
	// second visit under a first-visit rule, a classified visitor under
	// P2.compensated).
	notAUnit
)

// verdict is a judge's answer about one unit. A failure carries its
// message; its records default to those of the unit's kind (the visit and
// family, and the educator for visit×educator).
type verdict struct {
	outcome outcome
	// sev overrides the rule's severity (P4.cross-section's advisories).
	sev     Severity
	message string
	records []string
	date    model.Date
	// complete: the message already ends with the rule id (a finding a
	// rule's prepare step wrote once).
	complete bool
}

func pass() verdict        { return verdict{outcome: passed} }
func notAssessed() verdict { return verdict{outcome: notAssessable} }
func notYetDue() verdict   { return verdict{outcome: pending} }
func notUnit() verdict     { return verdict{outcome: notAUnit} }

// fail is a finding with a message written for a coordinator.
func fail(format string, args ...any) verdict {
	return verdict{outcome: failed, message: fmt.Sprintf(format, args...)}
}

// failWith is a finding whose message is made already: the visit judges
// Prepare asks about every completed visit of a year write their most
// frequent messages by concatenation, as fail would format them, without
// the formatter's work for each of thousands of findings.
func failWith(message string) verdict { return verdict{outcome: failed, message: message} }

// on returns v with its records and date set.
func (v verdict) on(date model.Date, records ...string) verdict {
	v.date, v.records = date, records
	return v
}

// visitCtx is what a visit judge sees of one visit: its facts, and the
// date and policy of the check. Guard builds one from a [Lookup] with only
// the booking; the ● rules read nothing else. Prepare judges the rules
// that are not dynamic with a nil policy, so a judge that reads the policy
// without being marked dynamic fails loudly in the tests.
type visitCtx struct {
	*visitFacts
	p    *Program // nil under Guard
	asOf time.Time
	pol  *model.Policy
	// rule is the position of the rule judging, whose prepared facts
	// (Program.facts) its judge may read.
	rule int
	// datasetPolicy: the check runs under the dataset's own policy.
	datasetPolicy bool
}

// written returns the finding Prepare wrote for this visit under the
// dataset's policy, when the check runs under it: a dynamic visit judge
// calls it on its failing branches (already past any pending case) so that
// a monthly check does not write the same message again.
func (c *visitCtx) written() (verdict, bool) {
	if !c.datasetPolicy {
		return verdict{}, false
	}
	return c.p.writtenOn(c.rule, c.pos)
}

// recorded reports whether a school the visit is listed under records a
// kind of data at all (rec picks one of Program's records… columns); Guard,
// which judges a booking, assumes it does. "Missing data is never a
// violation": a rule whose field a school never records is not assessable
// there.
func (c *visitCtx) recorded(rec func(*Program) []bool) bool {
	if c.p == nil {
		return true
	}
	return c.p.recordsAny(rec(c.p), c.schools)
}

// recordsAny reports whether any of schools (none: the column of no
// school) is set in rec.
func (p *Program) recordsAny(rec []bool, schools []int32) bool {
	if len(schools) == 0 {
		return rec[p.noSchool()]
	}
	for _, s := range schools {
		if rec[s] {
			return true
		}
	}
	return false
}

// The kinds of data a school may never record.
func invitationsOf(p *Program) []bool  { return p.recordsInvitations }
func reflectionsOf(p *Program) []bool  { return p.recordsReflections }
func compensationOf(p *Program) []bool { return p.recordsCompensation }
