package practices

import (
	"slices"
	"strings"
	"time"

	"github.com/homevisits/pthv/model"
)

// P5 — "Educators conduct visits in pairs and, after the visit, reflect with
// their partners" (RTI implementation study). "Pairing teachers helps to
// create a safer environment for both teachers and families, and it also
// gives visiting teachers someone who can help them reflect" (Organizing
// Engagement).
func pairRules() []Rule {
	return []Rule{
		{ID: "P5.pair", Practice: "P5", Severity: Violation, Unit: VisitUnit, Due: DueAtVisit, AtBooking: true,
			Implies:    []string{"P5.reflection"},
			Title:      "at least two educators on the visit (interpreters do not count)",
			Source:     "Organizing Engagement: \"Educators always conduct visits in pairs.\"",
			judgeVisit: pair},
		{ID: "P5.group-size", Practice: "P5", Severity: Advisory, Unit: VisitUnit, Due: DueAtVisit, AtBooking: true, Policy: []string{"max_group_size"},
			Title:      "no more than four educators on a visit",
			Source:     "RTI: educators visited \"in pairs, or sometimes in groups of three or four\".",
			judgeVisit: groupSize, dynamic: true},
		{ID: "P5.teacher-on-visit", Practice: "P5", Severity: Advisory, Unit: VisitUnit, Due: DueAtVisit,
			Title:      "one visitor is a current teacher of a listed student",
			Source:     "Organizing Engagement: \"teams of two—the child's teacher and a trusted colleague\".",
			judgeVisit: teacherOnVisit},
		{ID: "P5.reflection", Practice: "P5", Severity: Violation, Unit: VisitUnit, Due: DueAfterReflect, Policy: []string{"reflect_within"},
			Title:      "the visitors reflected together within the reflection window",
			Source:     "RTI: \"Educators conduct visits in pairs and, after the visit, reflect with their partners.\"",
			judgeVisit: reflectedTogether, dynamic: true, prepare: prepareReflectedTogether},
		{ID: "P5.bias-reflection", Practice: "P5", Severity: Advisory, Unit: VisitUnit, Due: DueAfterReflect,
			Title:      "the reflection covered the visitors' assumptions and biases",
			Source:     "PTHV: reflection covers \"what biases were held about the family prior to the visit and how those assumptions changed\".",
			judgeVisit: biasReflection, dynamic: true},
		{ID: "P5.language", Practice: "P5", Severity: Advisory, Unit: VisitUnit, Due: DueAtVisit,
			Title:      "a family needing another language had a visitor or interpreter who speaks one of its languages",
			Source:     "RTI: liaisons \"were often bilingual and tended to be trusted and known to many families\".",
			judgeVisit: language},
		{ID: "P5.pair-variety", Practice: "P5", Severity: Advisory, Unit: SchoolYearUnit, Due: DueEndOfYear,
			Title:      "the school uses varied types of pairs",
			Source:     "RTI: educators \"recommended varying types of pairs\".",
			judgeUnits: judgePairVariety, prepare: preparePairTypes},
	}
}

// pair: P5.pair. Interpreters do not count. A visit that records none of
// its visitors is not assessable ("missing data is never a violation");
// one whose visitors all served as its interpreters had no educator.
func pair(c *visitCtx) verdict {
	if n := len(c.ids); n < 2 {
		if c.visitorsUnrecorded() {
			return notAssessed()
		}
		return failWith("Visit " + string(c.v.ID) + " on " + c.date.String() + " has " + educatorCount(n) + "; educators visit in pairs")
	}
	return pass()
}

// groupSize: P5.group-size; not assessable when the visit records none of
// its visitors.
func groupSize(c *visitCtx) verdict {
	if c.visitorsUnrecorded() {
		return notAssessed()
	}
	if n := len(c.ids); n > c.pol.MaxGroupSize {
		return fail("Visit %s on %s has %d educators; visits are in pairs, sometimes three or four", c.v.ID, c.date, n)
	}
	return pass()
}

// teacherOnVisit: P5.teacher-on-visit — one visitor teaches a listed
// student (teacher of record or a teacher of one of the student's classes).
// Not assessable before rosters exist, or when the visit records none of
// its visitors.
func teacherOnVisit(c *visitCtx) verdict {
	if c.visitorsUnrecorded() {
		return notAssessed()
	}
	recorded := false
	var listed []int32 // the positions of the students the visit lists
	if c.fam != nil && len(c.v.Students) > 0 {
		listed = c.concerned // found once by visitFactsOf, in the list's order
	}
	for _, k := range listed {
		teaches, roster := c.p.teachesStudent(c.ids, c.eds, int(k))
		recorded = recorded || roster
		if teaches {
			return pass()
		}
	}
	if !recorded {
		return notAssessed()
	}
	return failWith("Visit " + string(c.v.ID) + " on " + c.date.String() + " had none of the student's teachers; visits pair the child's teacher with a trusted colleague")
}

// teachesStudent reports whether one of the visitors (ids, resolved to
// eds) is the teacher of record of the student at position k or a teacher
// of one of the student's classes, and whether any of those lists names a
// teacher at all (roster), as far as it walked: P5.teacher-on-visit's
// reading of the rosters. Where validation found the positions of every
// reference (p.byRefs), a visitor is compared with each teacher's record
// by address: two short arrays of positions, not the student's and its
// classes' records and each id's text, which a national year's visits
// would read from memory.
func (p *Program) teachesStudent(ids []model.EducatorID, eds []*model.Educator, k int) (teaches, roster bool) {
	if p.byRefs {
		at := func(teachers []int32) bool {
			roster = roster || len(teachers) > 0
			for _, t := range teachers {
				if slices.Contains(eds, &p.ds.Educators[t]) {
					return true
				}
			}
			return false
		}
		if at(p.refs.StudentTeachers.At(k)) {
			return true, roster
		}
		for _, cl := range p.refs.StudentClasses.At(k) {
			if at(p.refs.ClassTeachers.At(int(cl))) {
				return true, roster
			}
		}
		return false, roster
	}
	named := func(teachers []model.EducatorID) bool {
		roster = roster || len(teachers) > 0
		return slices.ContainsFunc(ids, func(e model.EducatorID) bool { return slices.Contains(teachers, e) })
	}
	st := &p.ds.Students[k]
	if named(st.Teachers) {
		return true, roster
	}
	for _, cid := range st.Classes {
		if cl, ok := p.x.Class(cid); ok && named(cl.Teachers) {
			return true, roster
		}
	}
	return false, roster
}

// reflectedTogether: P5.reflection — the visitors reflected together within
// ReflectWithin of the visit: a reflection whose by names at least two of
// the visit's educators, or names no one (who reflected was not recorded:
// it counts). A visit with fewer than two educators had no partner to
// reflect with: a finding at once, whatever the record shows (implied by
// P5.pair). Otherwise due once the window has closed ("a unit is judged
// only once its outcome is settled"): before, a reflection made together
// within the window passes, and anything else — no reflection yet, or one
// recorded by a single visitor, whose partner may still join it — is
// pending. Schools that record no reflections at all are not assessable.
// A visit that records none of its visitors is not known to have had fewer
// than two: it is judged by its reflection alone, and one whose by names
// someone, who may or may not have been on the visit, is not assessable.
func reflectedTogether(c *visitCtx) verdict {
	ref, deadline := c.reflection(), c.reflectionDeadline()
	switch {
	case len(c.ids) < 2 && !c.visitorsUnrecorded():
		// Implied by P5.pair: a finding whatever the record shows.
		if v, ok := c.written(); ok {
			return v
		}
		return failWith("Visit " + string(c.v.ID) + " on " + c.date.String() + " had no partner to reflect with; visitors reflect together afterwards")
	case c.asOf.Before(deadline) && (ref == nil || !c.p.reflectedTogether[c.pos] || ref.At.After(deadline)):
		return notYetDue()
	case !c.recorded(reflectionsOf):
		return notAssessed()
	}
	if v, ok := c.written(); ok {
		return v
	}
	switch {
	case ref == nil:
		return failWith("Visit " + string(c.v.ID) + " on " + c.date.String() + " has no reflection recorded within " + c.pol.ReflectWithin.String())
	case !c.p.reflectedTogether[c.pos] && c.visitorsUnrecorded() && !ref.At.After(deadline):
		return notAssessed() // by names someone, and who visited is not recorded
	case !c.p.reflectedTogether[c.pos] && !c.visitorsUnrecorded(): // the rule's prepared fact (prepareReflectedTogether), at hand before it is prepared
		return failWith("The reflection on visit " + string(c.v.ID) + " (" + c.date.String() + ") names fewer than two of its visitors; the visitors reflect together")
	case ref.At.After(deadline):
		return fail("Visit %s on %s was reflected on %s, later than %s after the visit", c.v.ID, c.date,
			model.DateOf(ref.At.In(c.p.loc)), c.pol.ReflectWithin)
	}
	return pass()
}

// visitorsUnrecorded reports whether the visit records none of its
// visitors: who visited is not known. A visit whose visitors are all its
// interpreters recorded them, and had no educator.
func (c *visitCtx) visitorsUnrecorded() bool { return len(c.v.Visitors) == 0 }

// reflection is the visit's reflection, nil when none is recorded — and
// under Guard, which judges a booking before any reflection can be.
func (c *visitCtx) reflection() *model.Reflection {
	if c.p == nil {
		return nil
	}
	return c.v.Reflection
}

// reflectionDeadline is the end of the visit's reflection window under the
// check's policy: the one Prepare worked out under the dataset's, or a new
// one for another window.
func (c *visitCtx) reflectionDeadline() time.Time {
	if c.pol.ReflectWithin == c.p.reflectWithin {
		return time.Unix(0, c.reflectBy) // compared, never shown: its zone does not matter
	}
	return c.pol.ReflectWithin.After(c.v.End().In(c.p.loc))
}

// prepareReflectedTogether gives, for each visit, whether its reflection
// was made together: a fact of the record, which no check changes,
// worked out (by together) while deriveVisits reads each visit's record,
// rather than by reading every record once more.
func prepareReflectedTogether(p *Program) any {
	return p.reflectedTogether
}

// together reports whether a reflection was made together: it names at
// least two of the visitors, or names no one.
func together(ref *model.Reflection, visitors []model.EducatorID) bool {
	if len(ref.By) == 0 {
		return true
	}
	n := 0
	for _, e := range visitors {
		if slices.Contains(ref.By, e) {
			n++
		}
	}
	return n >= 2
}

// biasReflection: P5.bias-reflection — the reflection covered assumptions
// and biases. Like P5.reflection, it is due once the reflection window has
// closed: before, a reflection that covered them passes, and anything else
// is pending, since the visitors may still reflect on them.
func biasReflection(c *visitCtx) verdict {
	ref, deadline := c.reflection(), c.reflectionDeadline()
	switch {
	case c.asOf.Before(deadline) && (ref == nil || ref.CoveredBias == nil || !*ref.CoveredBias):
		return notYetDue()
	case ref == nil || ref.CoveredBias == nil:
		return notAssessed()
	case *ref.CoveredBias:
		return pass()
	}
	if v, ok := c.written(); ok {
		return v
	}
	return failWith("The reflection on visit " + string(c.v.ID) + " (" + c.date.String() + ") did not cover the visitors' assumptions or biases")
}

// language: P5.language — a family needs another language when it records
// needs_interpreter, or when none of its languages is a language of
// instruction of the visit's schools; then a visitor or interpreter must
// speak one of the family's languages that is not a language of
// instruction (an interpreter on the staff speaks the languages of their
// educator record too). Families that need none are not units; a family
// with no recorded language is not assessable, and so is a visit that
// records none of its visitors and no interpreter who speaks it.
func language(c *visitCtx) verdict {
	if c.fam == nil {
		return notAssessed()
	}
	family := c.fam.family
	if c.p != nil && c.p.speaksInstruction(family, c.schools) {
		return notUnit() // the common case, without the union of the schools' languages
	}
	needs, needed := model.LanguagesNeeded(family, c.p.instructionLanguages(c.schools))
	switch {
	case len(family.Languages) == 0:
		return notAssessed()
	case !needs:
		return notUnit() // the family speaks a language of instruction
	case len(needed) == 0:
		return notAssessed() // an interpreter is needed, in no language but the school's
	}
	for _, l := range needed {
		for _, e := range c.eds {
			if e != nil && slices.ContainsFunc(e.Languages, func(x model.Language) bool { return model.SameLanguage(x, l) }) {
				return pass()
			}
		}
		for _, in := range c.v.Interpreters {
			if c.p.interpreterSpeaks(in, l) {
				return pass()
			}
		}
	}
	if c.visitorsUnrecorded() {
		return notAssessed() // a visitor not recorded may have spoken it
	}
	return fail("Visit %s on %s: the family needs %v and neither a visitor nor an interpreter speaks it", c.v.ID, c.date, needed)
}

// interpreterSpeaks reports whether interpreter in speaks language l: one
// of the languages the visit records for them, or, for a member of staff
// who interpreted, one of the languages of their educator record.
func (p *Program) interpreterSpeaks(in model.Interpreter, l model.Language) bool {
	if slices.ContainsFunc(in.Languages, func(x model.Language) bool { return model.SameLanguage(x, l) }) {
		return true
	}
	if in.Educator == "" {
		return false
	}
	e, ok := p.x.Educator(in.Educator)
	return ok && e.Speaks(l)
}

// speaksInstruction reports whether family f, which records no need of an
// interpreter, speaks a language of instruction of the schools (columns)
// given, spelled exactly as the school spells it: the common case of
// P5.language, where a family is no unit (model.LanguagesNeeded), found
// without the union of the schools' languages or a comparison of subtags.
func (p *Program) speaksInstruction(f *model.Family, schools []int32) bool {
	if f.NeedsInterpreter {
		return false
	}
	if len(schools) == 0 {
		return slices.ContainsFunc(f.Languages, func(l model.Language) bool { return slices.Contains(p.languages[p.noSchool()], l) })
	}
	for _, s := range schools {
		if slices.ContainsFunc(f.Languages, func(l model.Language) bool { return slices.Contains(p.languages[s], l) }) {
			return true
		}
	}
	return false
}

// judgePairVariety: P5.pair-variety — a school uses more than one type of
// pair (for instance teacher+teacher and teacher+classified). Stable pairs
// are fine; variety is judged across the school at the end of the year.
func judgePairVariety(r *run, rule int) {
	pairTypes := r.facts[rule].([]string)
	types := make([][]string, r.cols())
	paired := make([]int, r.cols())
	for i := range r.visits {
		t := pairTypes[i]
		if t == "" || !r.tookPlaceAt(int32(i)) {
			continue
		}
		vf := &r.visits[i]
		for _, s := range vf.schools {
			if !slices.Contains(types[s], t) {
				types[s] = append(types[s], t)
			}
			paired[s]++
		}
	}
	for s, sid := range r.schools {
		var v verdict
		switch {
		case !r.endOfYear():
			v = notYetDue()
		case paired[s] < 2:
			v = notAssessed()
		case len(types[s]) >= 2:
			v = pass()
		default:
			v = fail("School %s used one type of pair for all %d paired visits; educators recommend varying types of pairs",
				sid, paired[s]).on(r.ds.Year.LastDay, string(sid))
		}
		r.unit(rule, SchoolYearUnit, []int32{int32(s)}, v)
	}
}

// preparePairTypes names the type of pair of each visit, once. A
// national year has tens of thousands of pairs of a handful of types:
// each type's name is made once and shared.
func preparePairTypes(p *Program) any {
	out := make([]string, len(p.visits))
	names := map[string]string{}
	var kinds []string
	var name []byte
	for i := range p.visits {
		b := &p.visits[i].booking
		if len(b.ids) < 2 {
			continue
		}
		kinds, name = pairKinds(kinds[:0], b), name[:0]
		for k, kind := range kinds {
			if k > 0 {
				name = append(name, '+')
			}
			name = append(name, kind...)
		}
		t, ok := names[string(name)]
		if !ok {
			t = string(name)
			names[t] = t
		}
		out[i] = t
	}
	return out
}

// pairKinds appends the kinds of the educators on a visit to dst, sorted.
func pairKinds(dst []string, b *booking) []string {
	for _, e := range b.eds {
		if e != nil {
			dst = append(dst, pairKind(e))
		}
	}
	slices.Sort(dst)
	return dst
}

// pairType names the kinds of educators on a visit, such as
// "classified+teacher"; "" when fewer than two distinct educators visited.
func pairType(b *booking) string {
	if len(b.ids) < 2 {
		return ""
	}
	return strings.Join(pairKinds(make([]string, 0, len(b.eds)), b), "+")
}

func pairKind(e *model.Educator) string {
	if e.Role == model.Classified {
		return "classified"
	}
	if e.Position == model.Teacher {
		return "teacher"
	}
	return string(e.Position)
}
