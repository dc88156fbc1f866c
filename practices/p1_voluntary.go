package practices

import (
	"slices"
	"strings"
	"time"

	"github.com/homevisits/pthv/model"
)

// P1 — "Visits are always voluntary for educators and families and arranged
// in advance" (RTI implementation study).
//
// An answer covers the students its invitation names (all the family's
// students when it names none) and counts for its invitation's school year
// only; a withdrawal covers all the family's students. For a visit, the
// consent rules read only the answers covering a student the visit names
// ([model.ConsentFor]), so a family that accepts the middle school's
// invitation and declines the elementary school's may be visited by the
// middle school.
func voluntaryRules() []Rule {
	return []Rule{
		{ID: "P1.family-consent", Practice: "P1", Severity: Violation, Unit: VisitUnit, Due: DueAtVisit, AtBooking: true,
			Title:      "the family agreed to a visit this school year before it took place and had not withdrawn",
			Source:     "PTHV: \"Visits are voluntary for educators and families, and arranged in advance.\" RTI: families \"proactively ask educators when they are coming\".",
			judgeVisit: familyConsent},
		{ID: "P1.educator-consent", Practice: "P1", Severity: Violation, Unit: VisitEducatorUnit, Due: DueAtVisit, AtBooking: true,
			Title:        "every educator on the visit opted in for the school year",
			Source:       "Organizing Engagement: \"Home visits are never mandatory: all participants must agree to the visit.\"",
			judgeVisitor: educatorConsent},
		{ID: "P1.arranged-in-advance", Practice: "P1", Severity: Violation, Unit: VisitUnit, Due: DueAtVisit, AtBooking: true,
			Implies:    []string{"P1.notice"},
			Title:      "the visit was arranged before it started, never a drop-in",
			Source:     "PTHV: \"Home visits are not 'drop ins,' but rather an appointment set between two willing colleagues.\"",
			judgeVisit: arrangedInAdvance},
		{ID: "P1.notice", Practice: "P1", Severity: Advisory, Unit: VisitUnit, Due: DueAtVisit, Policy: []string{"min_notice"},
			Title:      "the visit was arranged at least the minimum notice before it started (from the last agreed change)",
			Source:     "Library choice (24h), from core practice 1: \"arranged in advance\".",
			judgeVisit: notice, dynamic: true},
		{ID: "P1.declined-respected", Practice: "P1", Severity: Violation, Unit: VisitUnit, Due: DueAtVisit, AtBooking: true,
			Implies:    []string{"P1.family-consent"},
			Title:      "no visit after a decline or withdrawal unless the family later accepted again",
			Source:     "RTI: schools should \"respect the right for an educator or family to refuse participation\".",
			judgeVisit: declinedRespected},
		{ID: "P1.no-repeat-pressure", Practice: "P1", Severity: Advisory, Unit: FamilyYearUnit, Due: DueAtInvitation, Policy: []string{"max_reinvites"},
			Title:      "at most the allowed number of new invitations after an explicit decline",
			Source:     "RTI: \"respect the right for an educator or family to refuse participation\".",
			judgeUnits: judgeNoRepeatPressure, prepare: prepareReinvitations},
		{ID: "P1.no-mandate", Practice: "P1", Severity: Violation, Unit: SchoolYearUnit, Due: DueWhenRecorded,
			Title:      "no goal or plan makes participation required, and no per-educator quotas",
			Source:     "RTI: educators \"interpreted the principals' school-wide goals related to PTHV as mandatory\".",
			judgeUnits: judgeNoMandate},
	}
}

// familyConsent: P1.family-consent — the family's standing at the start of
// the visit, from this school year's answers covering its students, is an
// acceptance. Not assessable where the school records no invitations. A
// family or student that Guard's lookup does not know has agreed to
// nothing on record: the finding names it as unknown.
func familyConsent(c *visitCtx) verdict {
	if c.unknownFamily() {
		return fail("Visit %s on %s is for family %s, which is unknown: the program has no record of it, so no agreement to a visit; visits are voluntary for families", c.v.ID, c.date, c.v.Family)
	}
	if len(c.unknownStudents()) > 0 {
		return fail("Visit %s on %s names %s, unknown to the program: no record of the student, so no agreement covering them; visits are voluntary for families",
			c.v.ID, c.date, studentList(c.unknownStudents()))
	}
	if !c.recorded(invitationsOf) {
		return notAssessed()
	}
	if c.consent.accepted {
		return pass()
	}
	return failWith("Visit " + string(c.v.ID) + " on " + c.date.String() + " has no family agreement for this school year before it: no accepted invitation or family request covering its students; visits are voluntary for families")
}

// declinedRespected: P1.declined-respected.
func declinedRespected(c *visitCtx) verdict {
	if !c.recorded(invitationsOf) {
		return notAssessed()
	}
	if c.consent.declined && !c.consent.accepted {
		return failWith("Visit " + string(c.v.ID) + " on " + c.date.String() + " comes after the family declined or withdrew, with no later acceptance; respect a family's refusal")
	}
	return pass()
}

// arrangedInAdvance: P1.arranged-in-advance.
func arrangedInAdvance(c *visitCtx) verdict {
	switch {
	case c.v.ArrangedAt.IsZero():
		return notAssessed()
	case c.v.ArrangedAt.Before(c.v.Start):
		return pass()
	}
	return failWith("Visit " + string(c.v.ID) + " on " + c.date.String() + " was not arranged before its start (a drop-in); visits are appointments arranged in advance")
}

// educatorConsent: P1.educator-consent, for visitor i. Not assessable when
// no educator's opt-in is recorded at all.
func educatorConsent(c *visitCtx, i int) verdict {
	if c.p != nil && !c.p.recordsOptIns {
		return notAssessed()
	}
	e := c.eds[i]
	if e == nil {
		return failWith("Educator " + string(c.ids[i]) + " on visit " + string(c.v.ID) + " (" + c.date.String() + ") is unknown: the program has no record of them, so no opt-in for " +
			string(c.yearID) + "; visits are voluntary for educators")
	}
	if e.OptedIn(c.yearID) {
		return pass()
	}
	return failWith("Educator " + string(c.ids[i]) + " is on visit " + string(c.v.ID) + " (" + c.date.String() + ") without opting in for " + string(c.yearID) + "; visits are voluntary for educators")
}

// studentList names students: "student ST9", "students ST8 and ST9".
func studentList(ids []model.StudentID) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = string(id)
	}
	if len(names) == 1 {
		return "student " + names[0]
	}
	return "students " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// notice: P1.notice — arranged at least MinNotice before the start,
// counting from the last agreed change: the arrangement, or a reschedule
// recorded as agreed after it (a district system may keep arranged_at as
// when the visit was first set and list the moves in reschedules). A
// visit not arranged before it started has had no notice, even under a
// MinNotice of zero: P1.arranged-in-advance implies this rule.
func notice(c *visitCtx) verdict {
	if c.v.ArrangedAt.IsZero() {
		return notAssessed()
	}
	min := time.Duration(c.pol.MinNotice)
	if gap := c.v.Start.Sub(lastAgreed(c.v)); gap < min || gap <= 0 {
		if v, ok := c.written(); ok {
			return v
		}
		return failWith("Visit " + string(c.v.ID) + " on " + c.date.String() + " was arranged " + roundDuration(gap).String() + " before it started; give families at least " +
			model.Duration(min).String() + " notice")
	}
	return pass()
}

// lastAgreed is when visit v's current appointment was last agreed: its
// arranged-at, or the latest reschedule agreed after it.
func lastAgreed(v *model.Visit) time.Time {
	at := v.ArrangedAt
	for i := range v.Reschedules {
		at = later(at, v.Reschedules[i].At)
	}
	return at
}

// roundDuration is d to the minute as a model.Duration, zero when d is
// negative.
func roundDuration(d time.Duration) model.Duration {
	if d < 0 {
		d = 0
	}
	return model.Duration(d.Round(time.Minute))
}

// judgeNoRepeatPressure: P1.no-repeat-pressure — after any explicit
// decline of this school year, at most MaxReinvites new invitations
// covering a student the declined invitation covered. Contact attempts on
// one invitation and unanswered invitations are not declines. The rule is
// due as soon as invitations exist: a check as of a date before some of a
// family's invitations were sent or declined reads the family's record as
// it stood then (an invitation not yet sent is no pressure, an answer not
// yet given no decline), worked out again only for such a family.
func judgeNoRepeatPressure(r *run, rule int) {
	for _, d := range r.facts[rule].([]reinvitation) {
		if d.settled > r.asOfUnix {
			var ok bool
			if d, ok = r.reinvitationOf(&r.families[d.family], d.family, r.asOf); !ok {
				continue
			}
		}
		f := &r.families[d.family]
		if len(d.after) <= r.pol.MaxReinvites {
			r.unit(rule, FamilyYearUnit, f.schools, pass())
			continue
		}
		r.unit(rule, FamilyYearUnit, f.schools, fail(
			"Family %s was invited %d more times after declining on %s; respect a family's right to refuse",
			f.id(), len(d.after), d.day).on(d.day, append([]string{string(f.id())}, d.after...)...))
	}
}

// reinvitation is a family with invitations on record, the decline of the
// year followed by the most new invitations (the earliest of those; day
// is zero when none) and the invitations sent after it that cover a
// student it covered: the record alone decides them, so the rule's
// prepare step works them out once. settled is when the last of the
// records it read was made (a sending or a decline, in Unix nanoseconds):
// a check as of an earlier moment works the family out again.
type reinvitation struct {
	family  int32
	day     model.Date
	after   []string
	settled int64
}

// prepareReinvitations hands the rule what the family walk worked out
// (replaySequences): each family's invitations are read there, while the
// lifecycle replay has them in cache.
func prepareReinvitations(p *Program) any { return p.reinvitations }

// reinvitationOf works out the reinvitation of family f, at position k in
// p.families, from the records made by asOf (all of them when asOf is
// zero); ok is false for a family with no invitation of this year sent by
// then (invitations of other years count for no unit). Each decline of the
// year is weighed, not only the first: a family that declines the
// elementary school's invitation and later the middle school's is
// pressed when the middle school keeps inviting it. One pass over the
// family's invitations finds whether it has one of this year and whether
// it declined any; only a family that declined is read again, once for
// each decline.
func (p *Program) reinvitationOf(f *familyFacts, k int32, asOf time.Time) (d reinvitation, ok bool) {
	declined := false
	var settled time.Time
	for _, inv := range f.invitations {
		if p.invitationYear(inv) != p.ds.Year.ID || !madeBy(inv.SentAt, asOf) {
			continue
		}
		ok = true
		settled = later(settled, inv.SentAt)
		// inv.Answer(), read in place (answeredAt).
		if inv.Response == model.Declined {
			at := answeredAt(inv)
			settled = later(settled, at)
			declined = declined || madeBy(at, asOf)
		}
	}
	if !ok {
		return reinvitation{}, false
	}
	d = reinvitation{family: k, settled: settled.UnixNano()}
	if !declined {
		return d, true
	}
	var bestAt time.Time // when the decline d names was given
	for _, inv := range f.invitations {
		if inv.Response != model.Declined || p.invitationYear(inv) != p.ds.Year.ID {
			continue
		}
		at := answeredAt(inv)
		if !madeBy(at, asOf) {
			continue
		}
		after := p.invitedAfter(f, inv, at, asOf)
		if bestAt.IsZero() || len(after) > len(d.after) || len(after) == len(d.after) && at.Before(bestAt) {
			bestAt, d.after = at, after
		}
	}
	d.day = model.DateOf(bestAt.In(p.loc))
	return d, true
}

// madeBy reports whether a record made at t exists as of asOf (every
// record does when asOf is zero).
func madeBy(t, asOf time.Time) bool { return asOf.IsZero() || !t.After(asOf) }

// later returns the later of a and b.
func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// invitedAfter returns the ids of family f's invitations of this school
// year the school sent after decline, given at declinedAt, and by asOf
// (madeBy), that cover a student it covered.
func (p *Program) invitedAfter(f *familyFacts, decline *model.Invitation, declinedAt, asOf time.Time) []string {
	declined := model.ConsentChange{Students: decline.Students}
	var after []string
	for _, inv := range f.invitations {
		// !inv.FromFamily(), read in place (answeredAt).
		if inv.Origin != model.FamilyRequest && inv.SentAt.After(declinedAt) && madeBy(inv.SentAt, asOf) &&
			p.invitationYear(inv) == p.ds.Year.ID && declined.Covers(inv.Students) {
			after = append(after, string(inv.ID))
		}
	}
	return after
}

// invitationYear is the school year an invitation is for (RULES.md, "Which
// year a record belongs to"); "" for a year other than the dataset's.
func (p *Program) invitationYear(inv *model.Invitation) model.SchoolYearID {
	switch {
	case inv.Year != "":
		return inv.Year
	case p.inYear(inv.SentAt):
		return p.ds.Year.ID // model.SchoolYear.YearOf, read against the year's bounds
	}
	return ""
}

// judgeNoMandate: P1.no-mandate — no goal or plan that makes participation
// required, or sets per-educator quotas. A coverage target alone is fine.
// A goal binds its school (every school when it has none); a plan, the
// schools of its scope (planScope).
func judgeNoMandate(r *run, rule int) {
	mandates := make([][]string, len(r.schools))
	note := func(school model.SchoolID, id string) {
		if school == "" {
			for s := range r.schools {
				mandates[s] = append(mandates[s], id)
			}
			return
		}
		if s := r.schoolOf(school); s < len(r.schools) {
			mandates[s] = append(mandates[s], id)
		}
	}
	for _, g := range r.ds.Goals {
		if g.Mandatory() {
			note(g.School, string(g.ID))
		}
	}
	for i := range r.ds.Plans {
		p := &r.ds.Plans[i]
		if len(p.RequiredOf) == 0 {
			continue
		}
		// A plan binds the schools of its scope (its school, or the
		// schools its recorded scope names), else the whole district:
		// a mandate is never dropped, so a scope naming no school of the
		// dataset binds every school, as a plan with no scope does.
		schools := slices.DeleteFunc(planScope(p).Schools, func(s model.SchoolID) bool { return r.schoolOf(s) >= len(r.schools) })
		if len(schools) == 0 {
			note("", string(p.ID))
		}
		for _, s := range schools {
			note(s, string(p.ID))
		}
	}
	for s, sid := range r.schools {
		v := pass()
		if len(mandates[s]) > 0 {
			v = fail("School %s has a goal or plan that makes home visits required (%v); visits must stay voluntary for educators and families",
				sid, mandates[s]).on(model.Date{}, append([]string{string(sid)}, mandates[s]...)...)
		}
		r.unit(rule, SchoolYearUnit, []int32{int32(s)}, v)
	}
}
