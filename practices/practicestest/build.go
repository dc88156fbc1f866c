package practicestest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"pgregory.net/rapid"

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
// teachers; which pairings, languages and outcomes) is drawn from rapid so
// that failing cases shrink; times, amounts and contact strings come from a
// PCG stream seeded by one draw.
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
}

// school is a generated school. Its first family visits with the liaison
// (classified + teacher pair), its second with another teacher (teacher +
// teacher), so every school uses two types of pair.
type school struct {
	index     int
	id        model.SchoolID
	principal model.EducatorID
	liaison   model.EducatorID
	teachers  []model.EducatorID
	classes   map[model.EducatorID]model.ClassID
	plan      model.PlanID
	families  []*family
}

// family is a generated family. In violating mode the first family of the
// first school has one student, needs no interpreter, was invited by the
// school, and had two visits, both with the liaison.
type family struct {
	index      int
	id         model.FamilyID
	school     *school
	students   []model.StudentID
	teacher    model.EducatorID // teacher of the first student
	language   model.Language   // the language an interpreter must cover; "" for none
	invitation model.InvitationID
	first      model.VisitID
	second     model.VisitID // "" when no second visit is on record
}

// secondOutcome is what became of a family's second visit.
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
	b.district = "E-DC"
	b.ds.District.Coordinator = b.district
	b.ds.Educators = append(b.ds.Educators, model.Educator{ID: b.district, Role: model.Certificated, Position: model.Administrator})
	b.contactEducator(b.district)

	n := rapid.IntRange(1, 3).Draw(t, "schools")
	for i := range n {
		b.school(i)
	}
	b.ds.Events = append(b.ds.Events, model.Event{ID: "EV-D", Level: model.DistrictLevel,
		Date: model.NewDate(b.y+1, time.April, 10+b.intn(20)), Kind: model.Visibility})
	if !b.full() && rapid.Bool().Draw(t, "district_goal") {
		b.ds.Goals = append(b.ds.Goals, model.Goal{ID: "G-D", CoverageTarget: 0.2})
	}
}

func (b *builder) school(i int) {
	t := b.t
	s := &school{index: i, id: model.SchoolID(fmt.Sprintf("S%d", i+1)), classes: map[model.EducatorID]model.ClassID{}}
	b.schools = append(b.schools, s)
	s.principal = model.EducatorID(fmt.Sprintf("E%d-PR", i+1))
	s.liaison = model.EducatorID(fmt.Sprintf("E%d-LI", i+1))
	s.plan = model.PlanID(fmt.Sprintf("P%d", i+1))
	rec := b.recording(s)

	sch := model.School{ID: s.id, Name: fmt.Sprintf("School %d", i+1), Coordinator: s.liaison, Liaisons: []model.EducatorID{s.liaison}}
	if rapid.Bool().Draw(t, "own_hours") {
		sch.Hours = &model.Hours{Start: model.NewClock(8, 30), End: model.NewClock(15, 30)}
	}
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
		s.classes[id] = cid
	}

	b.ds.Plans = append(b.ds.Plans, model.Plan{ID: s.plan, School: s.id, Method: "all", Scope: map[string]string{"school": string(s.id)}})
	if rapid.Bool().Draw(t, "coverage_goal") {
		b.ds.Goals = append(b.ds.Goals, model.Goal{ID: model.GoalID(fmt.Sprintf("G%d", i+1)), School: s.id, CoverageTarget: 0.25})
	}
	b.ds.Events = append(b.ds.Events, model.Event{ID: model.EventID(fmt.Sprintf("EV%d", i+1)), Level: model.SchoolLevel, School: s.id,
		Date: model.NewDate(b.y+1, time.May, 10+b.intn(15)), Kind: model.Celebration, FamilyVoices: true})

	nf := rapid.IntRange(2, 5).Draw(t, "families")
	if b.mode == crossSection && i == 0 {
		nf = 24
	}
	for j := range nf {
		b.family(s, j, rec)
	}
}

// recording is what a school records at all. In compliant mode a school
// may leave a whole kind of data unrecorded, and its visits may leave
// single fields out: rules then count units as not assessable, never as
// findings.
type recording struct {
	invitations, reflections, compensation, communications, rosters bool
	omit                                                            int // percent of optional visit fields left out
}

func (b *builder) recording(s *school) recording {
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

func (b *builder) family(s *school, j int, rec recording) {
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
	partner := s.liaison
	switch {
	case j == 1:
		partner = b.otherTeacher(s, "")
	case j > 1 && rapid.Bool().Draw(t, "teacher_partner"):
		partner = b.otherTeacher(s, "")
	}
	outcome := secondHeld
	if !target {
		outcome = secondOutcome(rapid.IntRange(0, 3).Draw(t, "second") % 3)
	}

	fam := model.Family{ID: f.id}
	if f.language != "" {
		fam.Languages, fam.NeedsInterpreter = []model.Language{f.language}, true
	} else if b.intn(3) == 0 {
		fam.Languages = []model.Language{"en"}
	}
	b.ds.Families = append(b.ds.Families, fam)

	for k := range kids {
		id := model.StudentID(fmt.Sprintf("ST%d-%d%c", s.index+1, j+1, 'a'+k))
		teacher := s.teachers[b.intn(len(s.teachers))]
		if k == 0 {
			f.teacher = teacher
			if partner == teacher {
				partner = b.otherTeacher(s, teacher)
			}
		}
		st := model.Student{ID: id, School: s.id, Grade: model.Grade(b.intn(6)), Family: f.id, Attributes: b.attributes(f, j)}
		if rec.rosters {
			st.Teachers, st.Classes = []model.EducatorID{teacher}, []model.ClassID{s.classes[teacher]}
		}
		b.ds.Students = append(b.ds.Students, st)
		f.students = append(f.students, id)
		b.ds.Contacts.Students = append(b.ds.Contacts.Students, model.StudentContact{Student: id, Name: b.name()})
	}
	b.ds.Contacts.Families = append(b.ds.Contacts.Families, model.FamilyContact{Family: f.id,
		Guardians: []model.Person{{Name: b.name(), Phone: b.phone(), Email: b.email()}}, Address: b.address(), Phone: b.phone()})

	// Invitation in July, accepted within days.
	sent := b.at(b.y, time.July, 1+b.intn(25), 15, b.intn(180))
	answered := sent.Add(time.Duration(24+b.intn(72)) * time.Hour)
	if rec.invitations {
		f.invitation = model.InvitationID(fmt.Sprintf("I%d-%d", s.index+1, j+1))
		b.ds.Invitations = append(b.ds.Invitations, model.Invitation{ID: f.invitation, Family: f.id, Students: slices.Clone(f.students),
			Kind: model.FirstVisit, SentAt: sent, By: f.teacher, Plan: s.plan, Response: model.Accepted, RespondedAt: answered})
	}

	// First visit between late August and late November.
	start1 := b.at(b.y, time.August, 25+b.intn(87), 15, 30+30*b.intn(6))
	v1 := b.visit(f, 1, start1, partner, rec, !target)
	v1.Kind = model.FirstVisit
	v1.Topics = []model.Topic{{Kind: model.HopesAndDreams, RaisedBy: model.ByEducator}}
	switch b.intn(3) {
	case 0:
		v1.Topics = append(v1.Topics, model.Topic{Kind: model.TalentsAndStrengths, RaisedBy: model.ByFamily})
	case 1:
		v1.Topics = append(v1.Topics, model.Topic{Kind: model.Academics, RaisedBy: model.ByFamily})
	}
	f.first = v1.ID
	b.omitFields(v1, rec, target)
	b.ds.Visits = append(b.ds.Visits, *v1)

	// Follow-up both ways after the first visit.
	out := v1.End().Add(time.Duration(24*(1+b.intn(10))) * time.Hour)
	in := out.Add(time.Duration(2+b.intn(60)) * time.Hour)
	if rec.communications {
		b.ds.Communications = append(b.ds.Communications,
			model.Communication{ID: model.CommunicationID(fmt.Sprintf("M%d-%d-1", s.index+1, j+1)), Family: f.id, At: out,
				Direction: model.SchoolToFamily, Channel: model.Text, Educator: f.teacher},
			model.Communication{ID: model.CommunicationID(fmt.Sprintf("M%d-%d-2", s.index+1, j+1)), Family: f.id, At: in,
				Direction: model.FamilyToSchool, Channel: model.Phone})
	}

	// Second visit between January and early May.
	start2 := b.at(b.y+1, time.January, 8+b.intn(120), 15, 30+30*b.intn(6))
	switch outcome {
	case secondInvited:
		if rec.invitations {
			b.ds.Invitations = append(b.ds.Invitations, model.Invitation{ID: model.InvitationID(fmt.Sprintf("I%d-%d-2", s.index+1, j+1)),
				Family: f.id, Students: slices.Clone(f.students), Kind: model.SecondVisit, SentAt: start2.AddDate(0, 0, -30), By: f.teacher, Plan: s.plan})
			return
		}
		fallthrough // an offer must be on record somewhere: book it, then cancel
	case secondCancelled:
		v2 := b.visit(f, 2, start2, partner, rec, true)
		v2.Kind, v2.Status, v2.CancelledBy = model.SecondVisit, model.Cancelled, model.ByFamily
		v2.Reflection, v2.Compensation = nil, nil
		f.second = v2.ID
		b.ds.Visits = append(b.ds.Visits, *v2)
	case secondHeld:
		v2 := b.visit(f, 2, start2, partner, rec, !target)
		v2.Kind = model.SecondVisit
		v2.Topics = []model.Topic{{Kind: model.Academics, RaisedBy: model.ByEducator}}
		if b.intn(2) == 0 {
			v2.Topics = append(v2.Topics, model.Topic{Kind: model.HopesAndDreams, RaisedBy: model.ByFamily})
		}
		v2.ReferencesFirst = ptr(true)
		f.second = v2.ID
		b.omitFields(v2, rec, target)
		b.ds.Visits = append(b.ds.Visits, *v2)
	}
}

// attributes are a student's audit attributes. In crossSection mode the
// first school's families alternate in pairs between English learners and
// not, so that inviting only some of them is a skewed list.
func (b *builder) attributes(f *family, j int) map[string]string {
	yes := func(p int) string {
		if b.intn(100) < p {
			return "yes"
		}
		return "no"
	}
	if b.mode == crossSection && f.school.index == 0 {
		ell := "no"
		if j%4 < 2 {
			ell = "yes"
		}
		return map[string]string{"ell": ell, "iep": "no", "frl": "no"}
	}
	ell := yes(10)
	if f.language != "" {
		ell = "yes"
	}
	return map[string]string{"ell": ell, "iep": yes(12), "frl": yes(40)}
}

// otherTeacher returns a teacher of s other than not.
func (b *builder) otherTeacher(s *school, not model.EducatorID) model.EducatorID {
	for {
		if e := s.teachers[b.intn(len(s.teachers))]; e != not {
			return e
		}
	}
}

// visit returns a completed visit by the family's teacher and partner,
// arranged in advance, paid, and reflected on together within the window.
// A visit may be rescheduled once when reschedule is set.
func (b *builder) visit(f *family, n int, start time.Time, partner model.EducatorID, rec recording, reschedule bool) *model.Visit {
	s := f.school
	dur := time.Duration(30+b.intn(11)) * time.Minute
	lead := time.Duration(b.ds.Policy.MinNotice) + time.Duration(24*(1+b.intn(8)))*time.Hour + time.Duration(b.intn(300))*time.Minute
	v := &model.Visit{
		ID: model.VisitID(fmt.Sprintf("V%d-%d-%d", s.index+1, f.index+1, n)), Students: slices.Clone(f.students), Family: f.id,
		Status: model.Completed, ArrangedAt: start.Add(-lead), Start: start, Duration: model.Duration(dur),
		Location: b.location(), Visitors: []model.EducatorID{f.teacher, partner},
	}
	if reschedule && b.intn(5) == 0 {
		v.Reschedules = []model.Rescheduling{{At: v.ArrangedAt, FromStart: v.ArrangedAt.Add(24 * time.Hour), By: model.ByFamily}}
	}
	if f.language != "" && !b.speaks(partner, f.language) {
		v.Interpreters = []model.Interpreter{{ID: model.InterpreterID(fmt.Sprintf("INT%d-%d", s.index+1, f.index+1)), Languages: []model.Language{f.language}}}
	}
	if rec.reflections {
		within := int(b.ds.Policy.ReflectWithin)
		lag := 30*time.Minute + time.Duration(b.intn((within-1)*24*60))*time.Minute
		v.Reflection = &model.Reflection{At: v.End().Add(lag), By: slices.Clone(v.Visitors), CoveredBias: ptr(true)}
	}
	if rec.compensation {
		for _, id := range v.Visitors {
			v.Compensation = append(v.Compensation, b.pay(id, v))
		}
	}
	return v
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

func (b *builder) location() model.Location {
	switch b.intn(6) {
	case 0:
		return model.Location{Kind: model.Library, RequestedBy: model.ByFamily}
	case 1:
		return model.Location{Kind: model.Park, RequestedBy: model.ByFamily}
	case 2:
		return model.Location{Kind: model.AtSchool, RequestedBy: model.ByFamily}
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
	for i := range b.ds.Educators {
		if b.ds.Educators[i].ID == id {
			return &b.ds.Educators[i]
		}
	}
	panic("practicestest: no educator " + string(id))
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
