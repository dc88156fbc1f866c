package practicestest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"pgregory.net/rapid"

	"github.com/homevisits/pthv/internal/byid"
	"github.com/homevisits/pthv/model"
)

// mode says what kind of program a builder draws.
type mode int

const (
	// compliant: every rule passes; some fields may go unrecorded, which
	// is never a finding.
	compliant mode = iota
	// violating: every rule passes and every field is recorded, with the
	// shape the mutations of mutate.go rely on (see school and family).
	violating
	// crossSection: like violating, with a first school large enough for
	// the targeting audit to see a skewed invitation list.
	crossSection
)

// builder draws one program. Structure (how many schools, families,
// teachers; which plans, pairings, languages and outcomes) is drawn from
// rapid so that failing cases shrink; times, amounts and contact strings
// come from a PCG stream seeded by one draw.
type builder struct {
	t    *rapid.T
	mode mode
	rnd  *rand.Rand
	ds   *model.Dataset
	loc  *time.Location
	y    int // calendar year the school year starts in
	prev model.SchoolYearID

	schools  []*school
	district model.EducatorID
	extra    int // educators added by mutations
	// single keeps the target family to one student in one school, for
	// the rules whose breach would spill over to a sibling's visits.
	single bool
}

// school is a generated school. Its first group of students visited with
// the liaison (classified + teacher pair), its second with another teacher
// (teacher + teacher), so every school uses two types of pair.
type school struct {
	index     int
	id        model.SchoolID
	principal model.EducatorID
	liaison   model.EducatorID
	teachers  []model.EducatorID
	classes   map[model.EducatorID]model.ClassID
	grades    map[model.EducatorID]model.Grade
	taught    []model.Language // languages of instruction
	rec       recording
	// plan is the school's plan when one plan covers it, or "" (a plan
	// per teacher, or invitations with no plan); plans are per teacher.
	plan    model.PlanID
	plans   map[model.EducatorID]model.PlanID
	style   planStyle
	roundUp bool // invitations sent in the spring before the year
	// families hold their record here; groups are the students the school
	// visits together, its own families' and other schools' families'.
	families []*family
	groups   []*group
}

// planStyle is how a school chose the families it invites.
type planStyle int

const (
	schoolPlan  planStyle = iota // one plan, method "all", scope the school
	teacherPlan                  // a plan per teacher, scoped to a grade, a class or the teacher
	noPlan                       // invitations recording method and criteria, no plan
	samplePlan                   // one plan, an equal-chance sample of the school's families
)

// family is a generated family. In violating mode the first family of the
// first school has one student there, needs no interpreter, was invited
// by the school, and had two visits, both with the liaison; unless single
// is set it may have a second child in the next school, visited by that
// school apart.
type family struct {
	index    int
	id       model.FamilyID
	school   *school // holds the family's record
	children []child
	language model.Language // the language a visitor or interpreter must cover where it is not taught; "" for none
	groups   []*group
}

// child is one of a family's students.
type child struct {
	id      model.StudentID
	school  *school
	teacher model.EducatorID
}

// group is the students of one family that one school visits together:
// the unit of the P3 lifecycle for them (RULES.md: a visit belongs to the
// students it names).
type group struct {
	family   *family
	school   *school
	index    int // within the family
	students []model.StudentID
	teacher  model.EducatorID // the lead: teacher of the group's first student
	// partner goes on the visits with the teacher; partner2, when set, on
	// the second instead.
	partner, partner2 model.EducatorID
	// invitation is the accepted invitation that covers the group; first
	// and second its visits ("" when none is on record); messages the
	// follow-up after the first.
	invitation model.InvitationID
	first      model.VisitID
	second     model.VisitID
	messages   []model.CommunicationID
	outcome    secondOutcome
}

// secondOutcome is what became of a group's second visit.
type secondOutcome int

const (
	secondHeld secondOutcome = iota
	secondCancelled
	secondInvited // invited to a second visit, none booked yet
)

func newBuilder(t *rapid.T, m mode) *builder {
	seed := rapid.Uint64().Draw(t, "seed")
	return &builder{t: t, mode: m, rnd: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))}
}

func (b *builder) full() bool { return b.mode != compliant }

func (b *builder) intn(n int) int { return b.rnd.IntN(n) }

// target is the family a violating program breaks a rule for.
func (b *builder) target() *group { return b.schools[0].families[0].groups[0] }

// build draws a compliant program into b.ds.
func (b *builder) build() {
	t := b.t
	tz := rapid.SampledFrom([]string{"America/Los_Angeles", "America/Chicago", "America/New_York", "Pacific/Honolulu"}).Draw(t, "time_zone")
	b.y = rapid.IntRange(2024, 2026).Draw(t, "year")
	hours := model.Hours{Start: model.NewClock(8, 0), End: model.NewClock(15, 0)}
	cal, err := model.NewCalendar(tz, hours)
	if err != nil {
		panic(err) // the zones above are embedded
	}
	b.loc = cal.Location()
	cal.Closures = []model.Closure{{From: model.NewDate(b.y, time.December, 22), To: model.NewDate(b.y+1, time.January, 2), Name: "winter break"}}
	year := model.NewSchoolYear(model.NewDate(b.y, time.August, 10+b.intn(15)), model.NewDate(b.y+1, time.June, 1+b.intn(10)))
	b.prev = model.NewSchoolYear(model.NewDate(b.y-1, time.August, 20), model.NewDate(b.y, time.June, 5)).ID

	pol := model.DefaultPolicy()
	pol.ReflectWithin = model.Days(rapid.IntRange(3, 10).Draw(t, "reflect_within"))
	pol.MinNotice = model.Duration(time.Duration(rapid.SampledFrom([]int{24, 48, 72}).Draw(t, "min_notice_hours")) * time.Hour)

	b.ds = &model.Dataset{
		Format:   model.Format,
		District: model.District{ID: "D1", Name: "Generated District"},
		Year:     year,
		Calendar: cal,
		Policy:   pol,
		Contacts: &model.Contacts{},
	}
	if rapid.Bool().Draw(t, "district_languages") {
		b.ds.District.Languages = []model.Language{"en"}
	}
	b.district = "E-DC"
	b.ds.District.Coordinator = b.district
	b.ds.Educators = append(b.ds.Educators, model.Educator{ID: b.district, Role: model.Certificated, Position: model.Administrator})
	b.contactEducator(b.district)

	n := rapid.IntRange(1, 3).Draw(t, "schools")
	for i := range n {
		b.school(i)
	}
	for _, s := range b.schools {
		nf := rapid.IntRange(2, 5).Draw(t, "families")
		if b.mode == crossSection && s.index == 0 {
			nf = 24
		}
		for j := range nf {
			b.family(s, j)
		}
	}
	b.siblings()
	for _, s := range b.schools {
		b.invite(s)
	}
	for _, s := range b.schools {
		b.pair(s)
		for _, g := range s.groups {
			b.groupYear(g)
		}
	}
	b.ds.Events = append(b.ds.Events, model.Event{ID: "EV-D", Level: model.DistrictLevel,
		Date: model.NewDate(b.y+1, time.April, 10+b.intn(20)), Kind: model.Visibility})
	if !b.full() && rapid.Bool().Draw(t, "district_goal") {
		b.ds.Goals = append(b.ds.Goals, model.Goal{ID: "G-D", CoverageTarget: 0.2})
	}
}

// school draws a school's staff, classes, plan style, goal and
// celebration.
func (b *builder) school(i int) {
	t := b.t
	s := &school{index: i, id: model.SchoolID(fmt.Sprintf("S%d", i+1)),
		classes: map[model.EducatorID]model.ClassID{}, grades: map[model.EducatorID]model.Grade{}, plans: map[model.EducatorID]model.PlanID{}}
	b.schools = append(b.schools, s)
	s.principal = model.EducatorID(fmt.Sprintf("E%d-PR", i+1))
	s.liaison = model.EducatorID(fmt.Sprintf("E%d-LI", i+1))
	s.rec = b.recording()

	sch := model.School{ID: s.id, Name: fmt.Sprintf("School %d", i+1), Coordinator: s.liaison, Liaisons: []model.EducatorID{s.liaison}}
	if rapid.Bool().Draw(t, "own_hours") {
		sch.Hours = &model.Hours{Start: model.NewClock(8, 30), End: model.NewClock(15, 30)}
	}
	if rapid.IntRange(0, 3).Draw(t, "dual_language") == 0 {
		// A dual-language school: a family that speaks only Spanish needs
		// no interpreter there (P5.language).
		sch.Languages = []model.Language{"en", "es"}
	}
	s.taught = model.InstructionLanguages(b.ds.District, &sch)
	b.ds.Schools = append(b.ds.Schools, sch)
	b.ds.Educators = append(b.ds.Educators, model.Educator{ID: s.principal, School: s.id, Role: model.Certificated, Position: model.Principal})
	b.contactEducator(s.principal)

	liaison := model.Educator{ID: s.liaison, School: s.id, Role: model.Classified, Position: model.Liaison,
		Languages: []model.Language{"en", "es"}, Trainings: b.trainings(), OptIns: []model.SchoolYearID{b.ds.Year.ID},
		Stipends: []model.Stipend{{Year: b.ds.Year.ID, AmountCents: int64(40000 + 1000*b.intn(30)), Source: model.Foundation}}}
	if rapid.Bool().Draw(t, "liaison_hours") {
		liaison.WorkingHours = &model.Hours{Start: model.NewClock(10, 0), End: model.NewClock(17, 0)}
	}
	b.ds.Educators = append(b.ds.Educators, liaison)
	b.contactEducator(s.liaison)

	nt := rapid.IntRange(2, 4).Draw(t, "teachers")
	for j := range nt {
		id := model.EducatorID(fmt.Sprintf("E%d-T%d", i+1, j+1))
		e := model.Educator{ID: id, School: s.id, Role: model.Certificated, Position: model.Teacher,
			Languages: []model.Language{"en"}, Trainings: b.trainings(), OptIns: []model.SchoolYearID{b.prev, b.ds.Year.ID}}
		if b.intn(4) == 0 {
			e.Stipends = []model.Stipend{{Year: b.ds.Year.ID, AmountCents: 60000, Source: model.Union}}
		}
		b.ds.Educators = append(b.ds.Educators, e)
		b.contactEducator(id)
		s.teachers = append(s.teachers, id)
		cid := model.ClassID(fmt.Sprintf("C%d-%d", i+1, j+1))
		g := model.Grade(j % 6)
		b.ds.Classes = append(b.ds.Classes, model.Class{ID: cid, School: s.id, Grade: &g, Teachers: []model.EducatorID{id}})
		s.classes[id], s.grades[id] = cid, g
	}

	s.style = schoolPlan
	switch {
	case b.mode == crossSection && i == 0:
	case b.full():
		// The target family must be invited: no sample.
		s.style = planStyle(rapid.IntRange(0, 2).Draw(t, "plan_style"))
	default:
		s.style = planStyle(rapid.IntRange(0, 3).Draw(t, "plan_style"))
	}
	switch s.style {
	case schoolPlan:
		s.plan = model.PlanID(fmt.Sprintf("P%d", i+1))
		b.ds.Plans = append(b.ds.Plans, model.Plan{ID: s.plan, School: s.id, Method: "all", Scope: map[string]string{"school": string(s.id)}})
	case samplePlan:
		s.plan = model.PlanID(fmt.Sprintf("P%d", i+1))
		b.ds.Plans = append(b.ds.Plans, model.Plan{ID: s.plan, School: s.id, Method: "stratified", Scope: map[string]string{"school": string(s.id)},
			Balance: []string{"ell", "frl"}, Seed: uint64(i + 1)})
	}
	s.roundUp = rapid.IntRange(0, 3).Draw(t, "round_up") == 0
	if rapid.Bool().Draw(t, "coverage_goal") {
		b.ds.Goals = append(b.ds.Goals, model.Goal{ID: model.GoalID(fmt.Sprintf("G%d", i+1)), School: s.id, CoverageTarget: 0.25})
	}
	b.ds.Events = append(b.ds.Events, model.Event{ID: model.EventID(fmt.Sprintf("EV%d", i+1)), Level: model.SchoolLevel, School: s.id,
		Date: model.NewDate(b.y+1, time.May, 10+b.intn(15)), Kind: model.Celebration, FamilyVoices: true})
}

// recording is what a school records at all. In compliant mode a school
// may leave a whole kind of data unrecorded, and its visits may leave
// single fields out: rules then count units as not assessable, never as
// findings.
type recording struct {
	invitations, reflections, compensation, communications, rosters bool
	omit                                                            int // percent of optional visit fields left out
}

func (b *builder) recording() recording {
	r := recording{true, true, true, true, true, 0}
	if b.full() {
		return r
	}
	t := b.t
	r.invitations = rapid.IntRange(0, 5).Draw(t, "records_invitations") > 0
	r.reflections = rapid.IntRange(0, 5).Draw(t, "records_reflections") > 0
	r.compensation = rapid.IntRange(0, 5).Draw(t, "records_compensation") > 0
	r.communications = rapid.IntRange(0, 5).Draw(t, "records_communications") > 0
	r.rosters = rapid.IntRange(0, 5).Draw(t, "records_rosters") > 0
	r.omit = 10 * rapid.IntRange(0, 3).Draw(t, "omit")
	return r
}

// trainings returns a training history that keeps an educator trained and
// within the refresher interval for the whole year.
func (b *builder) trainings() []model.Training {
	last := model.NewDate(b.y, time.June, 10).AddDays(-b.intn(300))
	if b.intn(2) == 0 {
		return []model.Training{{Date: last, Kind: model.InitialTraining}}
	}
	return []model.Training{{Date: last.AddDays(-700 - b.intn(400)), Kind: model.InitialTraining}, {Date: last, Kind: model.RefresherTraining}}
}

// family draws family j of school s: its record, its children there and
// their audit attributes.
func (b *builder) family(s *school, j int) {
	t := b.t
	f := &family{index: j, id: model.FamilyID(fmt.Sprintf("F%d-%d", s.index+1, j+1)), school: s}
	s.families = append(s.families, f)
	target := b.full() && s.index == 0 && j == 0

	kids := 1
	if !target {
		kids = rapid.IntRange(1, 2).Draw(t, "students")
	}
	f.language = rapid.SampledFrom([]model.Language{"", "", "", "es", "vi"}).Draw(t, "language")
	if target || b.mode == crossSection && s.index == 0 {
		f.language = ""
	}
	fam := model.Family{ID: f.id}
	switch f.language {
	case "":
		if b.intn(3) == 0 {
			fam.Languages = []model.Language{"en"}
		}
	case "es":
		// Spanish is taught in the dual-language schools: the family needs
		// another language only elsewhere, which P5.language works out.
		fam.Languages = []model.Language{"es"}
	default:
		fam.Languages, fam.NeedsInterpreter = []model.Language{f.language}, true
	}
	b.ds.Families = append(b.ds.Families, fam)
	for range kids {
		b.child(f, s)
	}
	b.ds.Contacts.Families = append(b.ds.Contacts.Families, model.FamilyContact{Family: f.id,
		Guardians: []model.Person{{Name: b.name(), Phone: b.phone(), Email: b.email()}}, Address: b.address(), Phone: b.phone()})
}

// child adds a student of family f at school s, in a random teacher's class.
func (b *builder) child(f *family, s *school) {
	id := model.StudentID(fmt.Sprintf("ST%d-%d%c", f.school.index+1, f.index+1, 'a'+len(f.children)))
	teacher := s.teachers[b.intn(len(s.teachers))]
	st := model.Student{ID: id, School: s.id, Grade: s.grades[teacher], Family: f.id, Attributes: b.attributes(f)}
	if s.rec.rosters {
		st.Teachers, st.Classes = []model.EducatorID{teacher}, []model.ClassID{s.classes[teacher]}
	}
	b.ds.Students = append(b.ds.Students, st)
	f.children = append(f.children, child{id: id, school: s, teacher: teacher})
	b.ds.Contacts.Students = append(b.ds.Contacts.Students, model.StudentContact{Student: id, Name: b.name()})
}

// siblings gives some families a child in the next school too (an
// elementary and a middle-school sibling): both schools count the family
// among theirs, invite it for their own student and visit that student
// (RULES.md: a family with children in two schools is in both schools'
// populations). The cross-section school keeps to its own families.
func (b *builder) siblings() {
	if len(b.schools) < 2 {
		return
	}
	for _, s := range b.schools {
		next := b.schools[(s.index+1)%len(b.schools)]
		if b.mode == crossSection && (s.index == 0 || next.index == 0) {
			continue
		}
		if s.rec.communications != next.rec.communications {
			// A message belongs to every school of its family (it names no
			// student), so a family shared with a school that keeps
			// messages would make one that keeps none look as if it kept
			// them and lost some.
			continue
		}
		for _, f := range s.families {
			if f.school.index == 0 && f.index == 0 && b.full() {
				if b.single || !rapid.Bool().Draw(b.t, "target_in_two_schools") {
					continue
				}
			} else if rapid.IntRange(0, 3).Draw(b.t, "two_schools") != 0 {
				continue
			}
			b.child(f, next)
		}
	}
}

// attributes are a student's audit attributes. In crossSection mode the
// first school's families alternate in pairs between English learners and
// not, so that inviting only some of them is a skewed list; one of them
// speaks a language no other family there does, a category the audit
// pools.
func (b *builder) attributes(f *family) map[string]string {
	yes := func(p int) string {
		if b.intn(100) < p {
			return "yes"
		}
		return "no"
	}
	if b.mode == crossSection && f.school.index == 0 {
		ell, lang := "no", "en"
		if f.index%4 < 2 {
			ell, lang = "yes", "es"
		}
		if f.index == 1 {
			lang = "so"
		}
		return map[string]string{"ell": ell, "iep": "no", "frl": "no", "home_language": lang}
	}
	ell := yes(10)
	lang := "en"
	if f.language != "" {
		ell, lang = "yes", string(f.language)
	}
	return map[string]string{"ell": ell, "iep": yes(12), "frl": yes(40), "home_language": lang}
}

// invite records school s's invitations and the groups it visits: every
// family with a child there is invited and accepts within days. Under one
// school plan or no plan, an invitation names the family's children at
// the school, and siblings share a visit or each has their own; under a
// plan per teacher, each plan invites the families of its teacher's
// students, naming them, and each is visited apart.
func (b *builder) invite(s *school) {
	t := b.t
	if s.style == teacherPlan {
		key := "grade"
		if s.rec.rosters {
			key = rapid.SampledFrom([]string{"grade", "class", "teacher"}).Draw(t, "scope_key")
		}
		for j, e := range s.teachers {
			id := model.PlanID(fmt.Sprintf("P%d-%d", s.index+1, j+1))
			value := string(e)
			switch key {
			case "grade":
				value = s.grades[e].String()
			case "class":
				value = string(s.classes[e])
			}
			s.plans[e] = id
			b.ds.Plans = append(b.ds.Plans, model.Plan{ID: id, School: s.id, Method: "all",
				Scope: map[string]string{"school": string(s.id), key: value}, Criteria: []string{"school", key}})
		}
	}
	chosen := b.sample(s)
	for _, f := range b.familiesOf(s) {
		var here []child
		for _, c := range f.children {
			if c.school == s {
				here = append(here, c)
			}
		}
		target := b.full() && f.school.index == 0 && f.index == 0
		switch {
		case s.style == samplePlan && !chosen[f] || s.style != teacherPlan && !b.full() && rapid.IntRange(0, 5).Draw(t, "asks") == 0:
			// Families "proactively ask educators when they are coming"
			// (RTI); of those the sample left out, only some do, and the
			// others are not visited.
			if s.style != samplePlan || chosen[f] || rapid.Bool().Draw(t, "asks") {
				b.request(b.newGroup(f, s, here))
			}
		case s.style == teacherPlan:
			for _, e := range s.teachers {
				var taught []child
				for _, c := range here {
					if c.teacher == e {
						taught = append(taught, c)
					}
				}
				if len(taught) > 0 {
					g := b.newGroup(f, s, taught)
					b.invitation(g, s.plans[e])
				}
			}
		case len(here) > 1 && !target && rapid.Bool().Draw(t, "siblings_apart"):
			inv := b.newGroup(f, s, here[:1])
			b.invitation(inv, s.plan)
			rest := b.newGroup(f, s, here[1:])
			rest.invitation = inv.invitation // one invitation names them all
			if id := inv.invitation; id != "" {
				b.invitationByID(id).Students = ids(here)
			}
		default:
			b.invitation(b.newGroup(f, s, here), s.plan)
		}
	}
}

// sample returns the families a sample plan of school s chooses: every
// other family, in order of English learners and lunch eligibility, from
// a drawn start — each family has the same chance, each stratum its share
// within one. It returns nil for the other styles.
func (b *builder) sample(s *school) map[*family]bool {
	if s.style != samplePlan {
		return nil
	}
	fams := b.familiesOf(s)
	stratum := func(f *family) int {
		a := b.attributesOf(f)
		k := 0
		if a["ell"] == "yes" {
			k += 2
		}
		if a["frl"] == "yes" {
			k++
		}
		return k
	}
	slices.SortStableFunc(fams, func(x, y *family) int { return stratum(x) - stratum(y) })
	start := rapid.IntRange(0, 1).Draw(b.t, "sample_start")
	out := map[*family]bool{}
	for j := start; j < len(fams); j += 2 {
		out[fams[j]] = true
	}
	return out
}

// attributesOf returns the attributes of family f's first student.
func (b *builder) attributesOf(f *family) map[string]string {
	for _, st := range b.ds.Students {
		if st.Family == f.id {
			return st.Attributes
		}
	}
	return nil
}

// request records that group g's family asked for the visit itself: an
// acceptance with no invitation from the school, naming its children.
func (b *builder) request(g *group) {
	s := g.school
	if !s.rec.invitations {
		return
	}
	at := b.at(b.y, time.July, 1+b.intn(25), 10, b.intn(480))
	g.invitation = model.InvitationID(fmt.Sprintf("R%d-%s-%d", s.index+1, g.family.id, g.index+1))
	b.ds.Invitations = append(b.ds.Invitations, model.Invitation{ID: g.invitation, Family: g.family.id, Students: slices.Clone(g.students),
		Origin: model.FamilyRequest, Kind: model.FirstVisit, SentAt: at, Response: model.Accepted, RespondedAt: at})
}

// familiesOf returns the families with a child at school s: its own
// first, then those of other schools, in school order.
func (b *builder) familiesOf(s *school) []*family {
	out := slices.Clone(s.families)
	for _, o := range b.schools {
		if o == s {
			continue
		}
		for _, f := range o.families {
			if slices.ContainsFunc(f.children, func(c child) bool { return c.school == s }) {
				out = append(out, f)
			}
		}
	}
	return out
}

func ids(cs []child) []model.StudentID {
	out := make([]model.StudentID, len(cs))
	for i, c := range cs {
		out[i] = c.id
	}
	return out
}

func (b *builder) newGroup(f *family, s *school, cs []child) *group {
	g := &group{family: f, school: s, index: len(f.groups), students: ids(cs), teacher: cs[0].teacher}
	f.groups = append(f.groups, g)
	s.groups = append(s.groups, g)
	return g
}

// invitation records the invitation of group g under plan (none when
// ""), accepted within days: in July, or, for a school's round-up, in the
// spring before the year, for this year (its year field says so).
func (b *builder) invitation(g *group, plan model.PlanID) {
	s := g.school
	if !s.rec.invitations {
		return
	}
	sent := b.at(b.y, time.July, 1+b.intn(25), 15, b.intn(180))
	if s.roundUp {
		sent = b.at(b.y, time.May, 1+b.intn(25), 15, b.intn(180))
	}
	g.invitation = model.InvitationID(fmt.Sprintf("I%d-%d-%d", s.index+1, g.family.index+1, g.index+1))
	if g.family.school != s {
		g.invitation = model.InvitationID(fmt.Sprintf("I%d-F%d-%d-%d", s.index+1, g.family.school.index+1, g.family.index+1, g.index+1))
	}
	inv := model.Invitation{ID: g.invitation, Family: g.family.id, Students: slices.Clone(g.students),
		Kind: model.FirstVisit, SentAt: sent, By: g.teacher, Plan: plan, Response: model.Accepted,
		RespondedAt: sent.Add(time.Duration(24+b.intn(72)) * time.Hour)}
	if s.roundUp {
		inv.Year = b.ds.Year.ID
	}
	if plan == "" {
		// A school with no plan records how it chose: every family.
		inv.Method, inv.Criteria = "all", []string{"school"}
	}
	b.ds.Invitations = append(b.ds.Invitations, inv)
}

// pair gives every group of school s a partner for its teacher: the
// liaison for the first group, another teacher for the second, either for
// the rest. A school that visits one group has the second visit with
// another teacher.
func (b *builder) pair(s *school) {
	for j, g := range s.groups {
		switch {
		case j == 0:
			g.partner = s.liaison
		case j == 1 || rapid.Bool().Draw(b.t, "teacher_partner"):
			g.partner = b.otherTeacher(s, g.teacher)
		default:
			g.partner = s.liaison
		}
	}
	if len(s.groups) == 1 {
		s.groups[0].partner2 = b.otherTeacher(s, s.groups[0].teacher)
	}
}

// groupYear records the year of group g: a first visit, follow-up both
// ways, and a second visit held, cancelled by the family or only offered.
func (b *builder) groupYear(g *group) {
	t := b.t
	s, f := g.school, g.family
	rec := s.rec
	target := b.full() && g == b.target()
	g.outcome = secondHeld
	if !b.full() {
		g.outcome = secondOutcome(rapid.IntRange(0, 3).Draw(t, "second") % 3)
	}

	// First visit between late August and late November.
	start1 := b.at(b.y, time.August, 25+b.intn(87), 15, 30+30*b.intn(6))
	v1 := b.visit(g, 1, start1, !target)
	v1.Kind = model.FirstVisit
	v1.Topics = []model.Topic{{Kind: model.HopesAndDreams, RaisedBy: model.ByEducator}}
	switch b.intn(3) {
	case 0:
		v1.Topics = append(v1.Topics, model.Topic{Kind: model.TalentsAndStrengths, RaisedBy: model.ByFamily})
	case 1:
		v1.Topics = append(v1.Topics, model.Topic{Kind: model.Academics, RaisedBy: model.ByFamily})
	}
	g.first = v1.ID
	b.omitFields(v1, rec, target)
	b.ds.Visits = append(b.ds.Visits, *v1)

	// Follow-up both ways after the first visit: the teacher writes, the
	// family answers the school (no educator recorded).
	out := v1.End().Add(time.Duration(24*(1+b.intn(10))) * time.Hour)
	in := out.Add(time.Duration(2+b.intn(60)) * time.Hour)
	if rec.communications {
		prefix := fmt.Sprintf("M%d-%s-%d", s.index+1, f.id, g.index+1)
		g.messages = []model.CommunicationID{model.CommunicationID(prefix + "-1"), model.CommunicationID(prefix + "-2")}
		b.ds.Communications = append(b.ds.Communications,
			model.Communication{ID: g.messages[0], Family: f.id, At: out, Direction: model.SchoolToFamily, Channel: model.Text, Educator: g.teacher},
			model.Communication{ID: g.messages[1], Family: f.id, At: in, Direction: model.FamilyToSchool, Channel: model.Phone})
	}

	// Second visit between January and early May.
	start2 := b.at(b.y+1, time.January, 8+b.intn(120), 15, 30+30*b.intn(6))
	switch g.outcome {
	case secondInvited:
		if rec.invitations {
			b.ds.Invitations = append(b.ds.Invitations, model.Invitation{ID: b.secondInvitationID(g),
				Family: f.id, Students: slices.Clone(g.students), Kind: model.SecondVisit, SentAt: start2.AddDate(0, 0, -30), By: g.teacher})
			return
		}
		fallthrough // an offer must be on record somewhere: book it, then cancel
	case secondCancelled:
		v2 := b.visit(g, 2, start2, true)
		v2.Kind, v2.Status, v2.CancelledBy = model.SecondVisit, model.Cancelled, model.ByFamily
		v2.Reflection, v2.Compensation, v2.Interpreters = nil, nil, nil
		g.second = v2.ID
		b.ds.Visits = append(b.ds.Visits, *v2)
	case secondHeld:
		v2 := b.visit(g, 2, start2, !target)
		v2.Kind = model.SecondVisit
		v2.Topics = []model.Topic{{Kind: model.Academics, RaisedBy: model.ByEducator}}
		if b.intn(2) == 0 {
			v2.Topics = append(v2.Topics, model.Topic{Kind: model.HopesAndDreams, RaisedBy: model.ByFamily})
		}
		v2.ReferencesFirst = ptr(true)
		g.second = v2.ID
		b.omitFields(v2, rec, target)
		b.ds.Visits = append(b.ds.Visits, *v2)
	}
}

func (b *builder) secondInvitationID(g *group) model.InvitationID {
	return model.InvitationID(fmt.Sprintf("I%d-%s-%d-2", g.school.index+1, g.family.id, g.index+1))
}

// otherTeacher returns a teacher of s other than not.
func (b *builder) otherTeacher(s *school, not model.EducatorID) model.EducatorID {
	for {
		if e := s.teachers[b.intn(len(s.teachers))]; e != not {
			return e
		}
	}
}

// visit returns a completed visit to group g by its teacher and partner,
// arranged in advance, paid, and reflected on together within the window.
// A visit may be rescheduled once when reschedule is set.
func (b *builder) visit(g *group, n int, start time.Time, reschedule bool) *model.Visit {
	s, f, rec := g.school, g.family, g.school.rec
	dur := time.Duration(30+b.intn(11)) * time.Minute
	lead := time.Duration(b.ds.Policy.MinNotice) + time.Duration(24*(1+b.intn(8)))*time.Hour + time.Duration(b.intn(300))*time.Minute
	v := &model.Visit{
		ID: model.VisitID(fmt.Sprintf("V%d-%s-%d-%d", s.index+1, f.id, g.index+1, n)), Students: slices.Clone(g.students), Family: f.id,
		Status: model.Completed, ArrangedAt: start.Add(-lead), Start: start, Duration: model.Duration(dur),
		Location: b.location(), Visitors: []model.EducatorID{g.teacher, g.partner},
	}
	if n == 2 && g.partner2 != "" {
		v.Visitors[1] = g.partner2
	}
	if reschedule && b.intn(5) == 0 {
		v.Reschedules = []model.Rescheduling{{At: v.ArrangedAt, FromStart: v.ArrangedAt.Add(24 * time.Hour), By: model.ByFamily}}
	}
	if l := b.needed(f, s, v); l != "" {
		v.Interpreters = []model.Interpreter{{ID: model.InterpreterID(fmt.Sprintf("INT%d-%s", s.index+1, f.id)), Languages: []model.Language{l}}}
	}
	if rec.reflections {
		within := int(b.ds.Policy.ReflectWithin)
		lag := 30*time.Minute + time.Duration(b.intn((within-1)*24*60))*time.Minute
		v.Reflection = &model.Reflection{At: v.End().Add(lag), By: slices.Clone(v.Visitors), CoveredBias: ptr(true)}
		if !b.full() && b.intn(8) == 0 {
			v.Reflection.By = nil // who reflected was not recorded
		}
	}
	if rec.compensation {
		for _, id := range v.Visitors {
			v.Compensation = append(v.Compensation, b.pay(id, v))
		}
	}
	return v
}

// needed returns the language an interpreter must cover on visit v to
// family f at school s, or "": the first language the family needs there
// ([model.LanguagesNeeded]) when no visitor speaks one of them.
func (b *builder) needed(f *family, s *school, v *model.Visit) model.Language {
	_, needed := model.LanguagesNeeded(b.familyRecord(f.id), s.taught)
	for _, l := range needed {
		for _, id := range v.Visitors {
			if b.speaks(id, l) {
				return ""
			}
		}
	}
	if len(needed) == 0 {
		return ""
	}
	return needed[0]
}

// pay is an educator's compensation for a visit: classified staff and
// stipend holders by their stipend, others per visit from a funding source.
func (b *builder) pay(id model.EducatorID, v *model.Visit) model.Compensation {
	e := b.educator(id)
	mins := b.ds.Calendar.MinutesOutsideWorkingDay(b.ds.Year, b.workingHours(e), v.Start, time.Duration(v.Duration))
	c := model.Compensation{Educator: id, MinutesOutside: mins}
	if _, ok := e.StipendFor(b.ds.Year.ID); ok || e.Role == model.Classified {
		c.Stipend = true
		return c
	}
	if mins > 0 {
		c.AmountCents = int64(mins) * b.ds.Policy.CertificatedRateCents / 60
		c.Source = []model.FundingSource{model.DistrictFunds, model.TitleI, model.Foundation, model.Union}[b.intn(4)]
	}
	return c
}

func (b *builder) workingHours(e *model.Educator) model.Hours {
	if e.WorkingHours != nil {
		return *e.WorkingHours
	}
	for _, s := range b.ds.Schools {
		if s.ID == e.School && s.Hours != nil {
			return *s.Hours
		}
	}
	return b.ds.Calendar.Hours
}

// location is where a visit takes place: at home, or a public place the
// family or the educators suggested, or the school at the family's
// request (P3.location).
func (b *builder) location() model.Location {
	switch b.intn(7) {
	case 0:
		return model.Location{Kind: model.Library, RequestedBy: model.ByFamily}
	case 1:
		return model.Location{Kind: model.Park, RequestedBy: model.ByFamily}
	case 2:
		return model.Location{Kind: model.AtSchool, RequestedBy: model.ByFamily}
	case 3:
		return model.Location{Kind: model.Cafe, RequestedBy: model.ByEducator}
	}
	return model.Location{Kind: model.Home}
}

// omitFields leaves some optional fields of a compliant visit unrecorded.
func (b *builder) omitFields(v *model.Visit, rec recording, target bool) {
	if target || rec.omit == 0 {
		return
	}
	drop := func() bool { return b.intn(100) < rec.omit }
	if drop() {
		v.Duration = 0
	}
	if drop() {
		v.Topics = nil
	}
	if drop() {
		v.ArrangedAt, v.Reschedules = time.Time{}, nil
	}
	if drop() {
		v.Location = model.Location{}
	}
	if drop() && v.Location.Kind != model.Home {
		v.Location.RequestedBy = ""
	}
	if drop() {
		v.ReferencesFirst = nil
	}
	if drop() && v.Reflection != nil {
		v.Reflection.CoveredBias = nil
	}
	if drop() {
		v.Kind = ""
	}
}

func (b *builder) speaks(id model.EducatorID, l model.Language) bool {
	return b.educator(id).Speaks(l)
}

func (b *builder) educator(id model.EducatorID) *model.Educator {
	return must(byid.Educator(b.ds, id), "educator", string(id))
}

// at returns a local time; days past the end of the month roll over, as
// time.Date does.
func (b *builder) at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, b.loc)
}

// Contact strings are made of syllables no id, message or rule title
// contains, so a leak of any of them into a finding is unmistakable.

var syllables = []string{"zor", "quell", "vyx", "thrum", "pax", "wenk", "oddly", "brisq", "yelv", "gumph"}

func (b *builder) word() string {
	w := ""
	for range 2 + b.intn(2) {
		w += syllables[b.intn(len(syllables))]
	}
	return w
}

func (b *builder) name() string { return "Zq" + b.word() + " Vantrell" + b.word() }

func (b *builder) phone() string { return fmt.Sprintf("+1-555-01%02d-%03d", b.intn(100), b.intn(1000)) }

func (b *builder) email() string { return "zq." + b.word() + "@example.invalid" }

func (b *builder) address() string {
	return fmt.Sprintf("%d Zq%s Row, Quellbrook", 100+b.intn(900), b.word())
}

func (b *builder) contactEducator(id model.EducatorID) {
	b.ds.Contacts.Educators = append(b.ds.Contacts.Educators, model.PersonContact{Educator: id,
		Person: model.Person{Name: b.name(), Phone: b.phone(), Email: b.email()}})
}

func ptr[T any](v T) *T { return &v }
