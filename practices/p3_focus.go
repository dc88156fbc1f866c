package practices

import (
	"slices"
	"strings"

	"github.com/homevisits/pthv/model"
)

// P3 — "The focus of the first visit is relationship-building; educators and
// families discuss hopes and dreams. The recommended second home visit
// focuses on academics" (RTI implementation study).
//
// The lifecycle runs per student and school year ([model.Lifecycle], the
// one definition Check, Guard and the journey share): "the child's teacher
// and a trusted colleague" visit, so each student's first completed visit
// of the year is that student's first visit, whatever it was labelled, and
// the next its second. A visit is judged as a first visit when it is the
// first for any student it names, otherwise as a second visit when it is
// the second for any; third and later visits get no first- or second-visit
// rule. The student-year rules run per student, or once per family when
// none of the family's visits names a student.
func focusRules() []Rule {
	return []Rule{
		{ID: "P3.first-visit-focus", Practice: "P3", Severity: Violation, Unit: VisitUnit, Due: DueAtVisit,
			Title:      "the first visit covered hopes and dreams or relationship-building",
			Source:     "PTHV: \"This first visit focuses on sharing hopes and dreams.\"",
			judgeVisit: firstVisitFocus},
		{ID: "P3.first-visit-no-agenda", Practice: "P3", Severity: Violation, Unit: VisitUnit, Due: DueAtVisit, AtBooking: true,
			Title:      "the educators brought no academic, behavior, attendance or assessment agenda to the first visit",
			Source:     "Organizing Engagement: \"the initial home visit is focused entirely on relationship-building\".",
			judgeVisit: firstVisitNoAgenda},
		{ID: "P3.first-visit-season", Practice: "P3", Severity: Advisory, Unit: VisitUnit, Due: DueAtVisit,
			Title:      "the first visit took place in summer or fall",
			Source:     "Organizing Engagement: \"The initial visit can take place at any time during the year, but the first is ideally conducted … during either the summer or fall.\"",
			judgeVisit: firstVisitSeason},
		{ID: "P3.second-after-first", Practice: "P3", Severity: Advisory, Unit: VisitUnit, Due: DueAtVisit,
			Title:      "a visit labelled second follows a completed first visit that school year",
			Source:     "PTHV: \"PTHV is a two-visit model.\"",
			judgeVisit: secondAfterFirst},
		{ID: "P3.second-visit-offered", Practice: "P3", Severity: Advisory, Unit: StudentYearUnit, Due: DueEndOfSpring,
			Title:      "a student with a completed first visit was offered a second visit by the end of spring",
			Source:     "RTI: \"continue to include the second visit as a highly recommended component\".",
			judgeUnits: judgeSecondVisitOffered, prepare: prepareSecondVisitOffers},
		{ID: "P3.second-visit-focus", Practice: "P3", Severity: Advisory, Unit: VisitUnit, Due: DueAtVisit,
			Title:      "the second visit covered academics or an issue the family raised, referring back to the first",
			Source:     "RTI: \"A second visit in the winter or spring focuses on academics, with reference to the hopes, dreams, and goals shared in the first visit.\"",
			judgeVisit: secondVisitFocus},
		{ID: "P3.second-visit-season", Practice: "P3", Severity: Advisory, Unit: VisitUnit, Due: DueAtVisit,
			Title:      "the second visit took place in winter or spring",
			Source:     "PTHV: \"2nd Home Visit – Winter or Spring\".",
			judgeVisit: secondVisitSeason},
		{ID: "P3.follow-up", Practice: "P3", Severity: Advisory, Unit: StudentYearUnit, Due: DueEndOfYear,
			Title:      "two-way communication between the first and second visit, at least one message each way",
			Source:     "Organizing Engagement: \"ongoing two-way communication and collaboration following the first visit\".",
			judgeUnits: judgeFollowUp, prepare: prepareFollowUps},
		{ID: "P3.duration", Practice: "P3", Severity: Advisory, Unit: VisitUnit, Due: DueAtVisit,
			Policy:     []string{"duration_min", "duration_max", "duration_finding_min", "duration_finding_max"},
			Title:      "the visit lasted about the model's 30–40 minutes",
			Source:     "PTHV: \"These are short, 30- to 40-minute conversations.\"",
			judgeVisit: duration, dynamic: true},
		{ID: "P3.location", Practice: "P3", Severity: Advisory, Unit: VisitUnit, Due: DueAtVisit, AtBooking: true,
			Title:      "at home or a public place, or at school or elsewhere when the family asked for it",
			Source:     "Organizing Engagement: \"teachers may also meet with families in a public location—such as a library, park, or coffee shop—if it is more convenient or if the families request\" it.",
			judgeVisit: location},
	}
}

// firstVisitFocus: P3.first-visit-focus, on a visit judged as a first visit.
func firstVisitFocus(c *visitCtx) verdict {
	switch {
	case c.ordinal() != 1:
		return notUnit()
	case len(c.v.Topics) == 0:
		return notAssessed()
	}
	for _, t := range c.v.Topics {
		if t.Kind.RelationshipBuilding() {
			return pass()
		}
	}
	return fail("First visit %s on %s recorded no hopes-and-dreams or relationship topic; the first visit is for getting to know the family", c.v.ID, c.date)
}

// firstVisitNoAgenda: P3.first-visit-no-agenda. A family raising grades is
// fine; educators bringing an academic, behavior, attendance or assessment
// agenda to a first visit is not.
func firstVisitNoAgenda(c *visitCtx) verdict {
	if !c.first {
		return notUnit()
	}
	if len(c.v.Topics) == 0 {
		return notAssessed()
	}
	unknown := false
	for _, t := range c.v.Topics {
		if !t.Kind.Agenda() {
			continue
		}
		switch t.RaisedBy {
		case model.ByEducator, model.BySchool:
			return failWith("First visit " + string(c.v.ID) + " on " + c.date.String() + ": the educators bring " + string(t.Kind) + "; a first visit is about relationships, hopes and dreams")
		case "":
			unknown = true
		}
	}
	if unknown {
		return notAssessed()
	}
	return pass()
}

// firstVisitSeason: P3.first-visit-season.
func firstVisitSeason(c *visitCtx) verdict {
	if c.ordinal() != 1 {
		return notUnit()
	}
	return inSeason(c, "First", model.Summer, model.Fall, "first visits are ideally in summer or early fall")
}

// secondVisitSeason: P3.second-visit-season.
func secondVisitSeason(c *visitCtx) verdict {
	if c.ordinal() != 2 {
		return notUnit()
	}
	return inSeason(c, "Second", model.Winter, model.Spring, "second visits belong in winter or spring")
}

// inSeason judges whether the visit took place in season a or b.
func inSeason(c *visitCtx, label string, a, b model.Season, why string) verdict {
	if s := c.p.seasons.Of(c.date); s != a && s != b {
		return failWith(label + " visit " + string(c.v.ID) + " took place on " + c.date.String() + ", in " + s.String() + "; " + why)
	}
	return pass()
}

// secondVisitFocus: P3.second-visit-focus — academics or an issue the
// family raised, referring back to the first visit. Each is a field the
// rule needs: a visit that does not record whether it referred back, or
// whose only candidates for an issue the family raised do not record who
// raised them, is not assessable — unless what it does record already
// fails it.
func secondVisitFocus(c *visitCtx) verdict {
	switch {
	case c.ordinal() != 2:
		return notUnit()
	case len(c.v.Topics) == 0:
		return notAssessed()
	}
	focus, unknown := false, false
	for _, t := range c.v.Topics {
		focus = focus || t.Kind == model.Academics || t.RaisedBy == model.ByFamily || t.Kind == model.FamilyRaisedConcern
		unknown = unknown || t.RaisedBy == ""
	}
	refs := c.v.ReferencesFirst
	switch {
	case !focus && !unknown:
		return fail("Second visit %s on %s covered neither academics nor an issue the family raised", c.v.ID, c.date)
	case refs != nil && !*refs:
		return fail("Second visit %s on %s did not refer back to the hopes and dreams of the first visit", c.v.ID, c.date)
	case !focus, refs == nil:
		return notAssessed()
	}
	return pass()
}

// secondAfterFirst: P3.second-after-first — a completed visit labelled
// second passes when at least one student it concerns had an earlier
// completed first visit.
func secondAfterFirst(c *visitCtx) verdict {
	switch {
	case c.v.Kind != model.SecondVisit || c.ordinal() == 0:
		return notUnit()
	case c.lifePos < 0:
		return notYetDue() // not yet held: a unit, judged once it is
	}
	life := c.fam.life
	for k, key := range life.Keys {
		if model.Concerns(c.v, key) && life.First[k] >= 0 && life.First[k] < int(c.lifePos) {
			return pass()
		}
	}
	return fail("Visit %s on %s was labelled a second visit but none of its students had a completed first visit this year", c.v.ID, c.date)
}

// duration: P3.duration.
func duration(c *visitCtx) verdict {
	d := c.v.Duration
	switch {
	case d == 0:
		return notAssessed()
	case d < c.pol.DurationFindingMin || d > c.pol.DurationFindingMax:
		return fail("Visit %s on %s lasted %s; visits are short conversations of %s to %s",
			c.v.ID, c.date, d, c.pol.DurationMin, c.pol.DurationMax)
	}
	return pass()
}

// location: P3.location — home or a public place, whoever suggested it;
// school or elsewhere only at the family's request ("outside of the
// school"); away from home with who asked unrecorded is not assessable.
func location(c *visitCtx) verdict {
	l := c.v.Location
	switch {
	case l.Kind == "":
		return notAssessed()
	case l.Kind == model.Home, l.Kind.Public(), l.RequestedBy == model.ByFamily:
		return pass()
	case l.RequestedBy == "":
		return notAssessed()
	}
	return failWith("Visit " + string(c.v.ID) + " on " + c.date.String() + " is at " + string(l.Kind) + " at the " + string(l.RequestedBy) + "'s request; meet at home or a public place, or where the family asks")
}

// studentYear is one unit of the student-year rules: a key of a family's
// lifecycle (a student, or "" for the whole family) with a completed first
// visit. Prepare lists them once (appendStudentYears); a check judges
// those whose first visit took place as of its date.
type studentYear struct {
	f *familyFacts
	k int
	// first and second are the key's first and second visits (second nil
	// when it has none), at positions firstAt and secondAt.
	first, second     *visitFacts
	firstAt, secondAt int32
	// schools are the columns of the student's school (the family's when
	// judged family by family).
	schools []int32
}

// appendStudentYears appends the student-years of family f, one with a
// completed first visit, to p.studentYears. The family walk
// (replaySequences) lists them family by family, in active order, while
// it has each family's lifecycle in cache. The visits' positions are
// found by their facts' addresses (visitPositionOf), without reading the facts.
func (p *Program) appendStudentYears(f *familyFacts) {
	for i, key := range f.life.Keys {
		at := f.life.First[i]
		if at < 0 {
			continue
		}
		u := studentYear{f: f, k: i, first: f.lifeFacts[at], schools: f.schools, secondAt: -1}
		u.firstAt = visitPositionOf(f, p.visits, u.first)
		if s := f.life.Second[i]; s >= 0 {
			u.second = f.lifeFacts[s]
			u.secondAt = visitPositionOf(f, p.visits, u.second)
		}
		if key != "" {
			u.schools = p.keySchools(f, i, key)
		}
		p.studentYears = append(p.studentYears, u)
	}
}

// keySchools returns the columns of the school of key, the i-th key of
// family f's lifecycle: studentsIn(f, key), found by position when the
// key is the family's i-th student — a lifecycle's keys begin with its
// family's students, in order (model.Lifecycle) — without reading the
// ids: only a key after them, a student of another family a visit
// names, is looked up by id.
func (p *Program) keySchools(f *familyFacts, i int, key model.StudentID) []int32 {
	if i < len(f.studentPos) {
		return p.column(p.studentSchool[f.studentPos[i]])
	}
	return p.studentsIn(f, []model.StudentID{key})
}

// studentTeachers appends to dst the current teachers of the unit's
// student, or of every student of the family when judged family by
// family.
func (p *Program) studentTeachers(dst []model.EducatorID, u studentYear) []model.EducatorID {
	for _, id := range u.f.students {
		if u.key() == "" || id == u.key() {
			dst = p.appendTeachers(dst, u.f, id)
		}
	}
	return dst
}

// appendTeachers appends the current teachers of a student of family f —
// of record, and of its classes — to dst (P5.teacher-on-visit, P3.follow-up).
func (p *Program) appendTeachers(dst []model.EducatorID, f *familyFacts, id model.StudentID) []model.EducatorID {
	k, ok := p.studentPos(f, id)
	if !ok {
		return dst
	}
	st := &p.ds.Students[k]
	dst = append(dst, st.Teachers...)
	for _, cid := range st.Classes {
		if c, ok := p.x.Class(cid); ok {
			dst = append(dst, c.Teachers...)
		}
	}
	return dst
}

// studentYears calls fn for each student-year whose first visit took
// place as of the check, with its position in Program.studentYears and
// its second visit only if that took place.
func (r *run) studentYears(fn func(i int, u studentYear)) {
	for i := range r.Program.studentYears {
		u := &r.Program.studentYears[i]
		if !r.tookPlaceAt(u.firstAt) {
			continue
		}
		w := *u
		if u.second != nil && !r.tookPlaceAt(u.secondAt) {
			w.second = nil
		}
		fn(i, w)
	}
}

// key returns the unit's student ("" for the whole family).
func (u studentYear) key() model.StudentID { return u.f.life.Keys[u.k] }

// records names the unit: the student (when judged per student), the
// family and the first visit.
func (u studentYear) records() []string {
	if u.key() == "" {
		return []string{string(u.f.id()), string(u.first.v.ID)}
	}
	return []string{string(u.key()), string(u.f.id()), string(u.first.v.ID)}
}

// titled names the unit at the start of a message — "Student S (family
// F)", or "Family F" when judged family by family — followed by rest:
// the message made in one piece.
func (u studentYear) titled(rest ...string) string {
	head := [...]string{"Family ", string(u.f.id()), "", "", ""}
	if key := u.key(); key != "" {
		head = [...]string{"Student ", string(key), " (family ", string(u.f.id()), ")"}
	}
	n := 0
	for _, s := range head {
		n += len(s)
	}
	for _, s := range rest {
		n += len(s)
	}
	var b strings.Builder
	b.Grow(n)
	for _, s := range head {
		b.WriteString(s)
	}
	for _, s := range rest {
		b.WriteString(s)
	}
	return b.String()
}

// judgeSecondVisitOffered: P3.second-visit-offered — a student with a
// completed first visit was offered a second by the end of spring: a later
// visit concerning the student (any status) or an invitation to a second
// visit naming the student or no one, sent by then (secondOffered). With
// no later visit, a student of a school that records no invitations is not
// assessable: whether a second visit was offered by invitation was not
// recorded ("missing data is never a violation").
func judgeSecondVisitOffered(r *run, rule int) {
	offers := r.facts[rule].([]secondOffer)
	r.studentYears(func(i int, u studentYear) {
		var v verdict
		switch missing := offers[i].missing; {
		case missing == nil:
			v = pass()
		case !r.endOfYear():
			v = notYetDue()
		case !r.recordsAny(r.recordsInvitations, u.schools):
			v = notAssessed()
		default:
			v = *missing
		}
		r.unit(rule, StudentYearUnit, u.schools, v)
	})
}

// secondOffer is whether a student-year was offered a second visit: the
// finding, written once, for one that was not, and nil for one that was —
// most of them, which a pointer keeps from taking a verdict's room each.
type secondOffer struct {
	missing *verdict
}

// prepareSecondVisitOffers hands the rule, for each student-year, whether
// a second visit was offered: every visit and invitation on record counts,
// whatever the date of a check. The family walk (replaySequences) works
// them out.
func prepareSecondVisitOffers(p *Program) any { return p.secondOffers }

// secondOfferOf works out whether student-year u was offered a second
// visit, with the finding when it was not. The family walk
// (replaySequences) calls it while the family's records are in cache.
func (p *Program) secondOfferOf(u studentYear) secondOffer {
	if p.secondOffered(u) {
		return secondOffer{}
	}
	return secondOffer{&verdict{outcome: failed, complete: true, date: p.ds.Year.LastDay, records: u.records(),
		message: u.titled(" had a first visit (", string(u.first.v.ID),
			") but was not offered a second visit this year; the second visit is highly recommended (P3.second-visit-offered)")}}
}

// secondOffered reports whether the unit's student was offered a second
// visit: any later visit of the year concerning it (after its first), or
// a second-visit invitation for this year naming it or no one, sent by the
// end of spring, the year's last day — whenever it was sent before that:
// an invitation to the second visit sent with the first, or after a
// sibling's first visit and before this student's, offers it too
// (RULES.md, P3: "a second-visit invitation naming the student or no
// one").
func (p *Program) secondOffered(u studentYear) bool {
	first, key := u.first.v, u.key()
	for _, i := range u.f.visitPos {
		vf := &p.visits[i]
		if vf.v != first && vf.inYear && model.Concerns(vf.v, key) && laterThan(vf.v, first) {
			return true
		}
	}
	for _, inv := range u.f.invitations {
		if inv.Kind == model.SecondVisit && p.invitationYear(inv) == p.ds.Year.ID &&
			!model.DateOf(inv.SentAt.In(p.loc)).After(p.ds.Year.LastDay) &&
			(key == "" || len(inv.Students) == 0 || slices.Contains(inv.Students, key)) {
			return true
		}
	}
	return false
}

// laterThan reports whether v comes after w in the lifecycle's order
// (start, then id).
func laterThan(v, w *model.Visit) bool {
	if c := v.Start.Compare(w.Start); c != 0 {
		return c > 0
	}
	return v.ID > w.ID
}

// followUp is what P3.follow-up reads of a student-year, worked out once
// from its family's messages: whether messages counting for the student
// went each way between its first and second visits, and when the first
// one each way after the first visit was sent (Unix nanoseconds; 0 for
// none) — enough to judge a student with one visit as of any date.
type followUp struct {
	out, in         bool
	nextOut, nextIn int64
	// records names the unit in a finding: written once. The finding's
	// message is written when the unit fails, in one piece (titled).
	records []string
}

// before returns whether messages went each way between the end of the
// first visit and until (Unix nanoseconds).
func (f followUp) before(until int64) (out, in bool) {
	return f.nextOut != 0 && f.nextOut < until, f.nextIn != 0 && f.nextIn < until
}

// prepareFollowUps hands the rule each student-year's follow-up, worked
// out by the family walk (replaySequences) while the family's messages are
// in cache.
func prepareFollowUps(p *Program) any { return p.followUps }

// followUpOf works out student-year u's follow-up. A message counts for a
// student when its educator (for a message from the family, the one it
// was addressed to) is one of the student's teachers or a visitor of its
// first visit, or when it records no educator. teachers is a buffer to
// reuse, returned for the next call.
func (p *Program) followUpOf(u studentYear, teachers []model.EducatorID) (followUp, []model.EducatorID) {
	var f followUp
	from := endOf(u.first.v)
	teachers = teachers[:0]
	known := false // teachers is worked out on first need
	for _, c := range u.f.comms {
		if !c.At.After(from) || !p.inYear(c.At) {
			continue // messages of another school year count for no unit
		}
		if c.Educator != "" && !slices.Contains(u.first.ids, c.Educator) {
			if !known {
				teachers, known = p.studentTeachers(teachers, u), true
			}
			if !slices.Contains(teachers, c.Educator) {
				continue
			}
		}
		at := c.At.UnixNano()
		toFamily, toSchool := c.Direction == model.SchoolToFamily, c.Direction == model.FamilyToSchool
		if toFamily && (f.nextOut == 0 || at < f.nextOut) {
			f.nextOut = at
		}
		if toSchool && (f.nextIn == 0 || at < f.nextIn) {
			f.nextIn = at
		}
		if u.second != nil && c.At.Before(u.second.v.Start) {
			f.out, f.in = f.out || toFamily, f.in || toSchool
		}
	}
	// A unit whose second visit came after messages each way always
	// passes; the others may become findings, named once here.
	if u.second == nil || !f.out || !f.in {
		f.records = u.records()
	}
	return f, teachers
}

// judgeFollowUp: P3.follow-up — two-way communication between the end of
// a student's first visit and the start of its second, at least one
// message each way, judged once the second visit took place or at the end
// of the year.
func judgeFollowUp(r *run, rule int) {
	facts := r.facts[rule].([]followUp)
	r.studentYears(func(i int, u studentYear) {
		fu := facts[i]
		out, in := fu.out, fu.in
		switch {
		case u.second == nil && !r.endOfYear():
			r.unit(rule, StudentYearUnit, u.schools, notYetDue())
			return
		case !r.recordsAny(r.recordsComms, u.schools):
			r.unit(rule, StudentYearUnit, u.schools, notAssessed())
			return
		case u.second == nil:
			out, in = fu.before(r.asOfUnix)
		}
		if out && in {
			r.unit(rule, StudentYearUnit, u.schools, pass())
			return
		}
		day := r.today
		if u.second != nil {
			day = u.second.date
		}
		r.unit(rule, StudentYearUnit, u.schools, verdict{outcome: failed, complete: true, date: day, records: fu.records,
			message: u.titled(": after first visit ", string(u.first.v.ID), " the record shows ", oneWay(out, in),
				"; follow-up is two-way, at least one message each way (P3.follow-up)")})
	})
}

func oneWay(out, in bool) string {
	switch {
	case out:
		return "messages from school only"
	case in:
		return "messages from the family only"
	}
	return "no messages"
}
