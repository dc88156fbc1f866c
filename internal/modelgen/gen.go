package modelgen

import (
	"fmt"
	"time"

	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// ContactMark starts every contact string the generator writes, so that a
// test can tell whether any contact data leaked into an output.
const ContactMark = "☎"

// Dataset generates small valid datasets: 1–3 schools, a few educators,
// families, students and visits, with every optional field sometimes set.
// Times have minute precision, in America/Los_Angeles, UTC or a fixed
// offset. Absent optional lists are nil, never empty.
func Dataset() *rapid.Generator[*model.Dataset] {
	return rapid.Custom(func(t *rapid.T) *model.Dataset {
		g := &dsGen{t: t}
		return g.dataset()
	})
}

type dsGen struct {
	t    *rapid.T
	locs []*time.Location

	educators []model.EducatorID
	schools   []model.SchoolID
	classes   []model.ClassID
	families  []model.FamilyID
	students  map[model.FamilyID][]model.StudentID
	allKids   []model.StudentID
	plans     []model.PlanID
}

func (g *dsGen) bool(label string) bool { return rapid.Bool().Draw(g.t, label) }

func (g *dsGen) intn(lo, hi int, label string) int { return rapid.IntRange(lo, hi).Draw(g.t, label) }

// text is free text with characters JSON must escape or may leave raw.
func (g *dsGen) text(label string) string {
	return rapid.StringMatching(`[a-zA-Z0-9 <>&"\\é/\t-]{0,12}`).Draw(g.t, label)
}

func (g *dsGen) contact(label string) string { return ContactMark + g.text(label) }

func genPick[T any](g *dsGen, from []T, label string) T {
	return rapid.SampledFrom(from).Draw(g.t, label)
}

// genMaybe returns the zero value or one drawn from from.
func genMaybe[T any](g *dsGen, from []T, label string) T {
	var zero T
	if len(from) == 0 || !g.bool(label+"?") {
		return zero
	}
	return genPick(g, from, label)
}

// genSome returns nil or 1 to max distinct values drawn from from.
func genSome[T comparable](g *dsGen, from []T, max int, label string) []T {
	if len(from) == 0 || !g.bool(label+"?") {
		return nil
	}
	return rapid.SliceOfNDistinct(rapid.SampledFrom(from), 1, min(max, len(from)), rapid.ID).Draw(g.t, label)
}

func (g *dsGen) date(label string) model.Date {
	return model.NewDate(2025, time.June, 1).AddDays(g.intn(0, 420, label))
}

func (g *dsGen) instant(label string) time.Time {
	loc := genPick(g, g.locs, label+" zone")
	d := g.date(label)
	return d.In(loc, model.Clock(g.intn(0, 24*60-1, label+" clock")))
}

func (g *dsGen) maybeInstant(label string) time.Time {
	if !g.bool(label + "?") {
		return time.Time{}
	}
	return g.instant(label)
}

func (g *dsGen) hours(label string) model.Hours {
	start := g.intn(5*60, 12*60, label+" start")
	return model.Hours{Start: model.Clock(start), End: model.Clock(g.intn(start+1, 24*60, label+" end"))}
}

func (g *dsGen) windows(label string) []model.Window {
	if !g.bool(label + "?") {
		return nil
	}
	var ws []model.Window
	for range g.intn(1, 3, label) {
		h := g.hours(label)
		ws = append(ws, model.Window{Weekday: time.Weekday(g.intn(0, 6, label+" weekday")), Start: h.Start, End: h.End})
	}
	return ws
}

func (g *dsGen) languages(label string) []model.Language {
	return genSome(g, []model.Language{"en", "es", "vi", "hmn", "so"}, 3, label)
}

func (g *dsGen) dataset() *model.Dataset {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		g.t.Fatalf("load zone: %v", err)
	}
	offset := g.intn(-12*4, 14*4, "offset quarter hours") * 15 * 60
	g.locs = []*time.Location{la, time.UTC, time.FixedZone("", offset)}
	g.students = map[model.FamilyID][]model.StudentID{}

	ds := &model.Dataset{Format: model.Format, Revision: g.intn(0, 3, "revision")}
	ds.Year = model.NewSchoolYear(model.NewDate(2025, time.August, g.intn(1, 31, "first day")),
		model.NewDate(2026, time.June, g.intn(1, 20, "last day")))
	if g.bool("summer start") {
		ds.Year.SummerStart = model.NewDate(2025, time.June, g.intn(1, 30, "summer start"))
	}
	ds.Calendar = g.calendar()
	ds.Policy = g.policy()

	for i := range g.intn(1, 5, "educators") {
		g.educators = append(g.educators, model.EducatorID(fmt.Sprintf("E%d", i+1)))
	}
	for i := range g.intn(1, 3, "schools") {
		id := model.SchoolID(fmt.Sprintf("S%d", i+1))
		g.schools = append(g.schools, id)
		s := model.School{ID: id, Name: g.text("school name"), Coordinator: genMaybe(g, g.educators, "school coordinator"),
			Liaisons: genSome(g, g.educators, 2, "liaisons")}
		if g.bool("school hours") {
			h := g.hours("school hours")
			s.Hours = &h
		}
		ds.Schools = append(ds.Schools, s)
	}
	ds.District = model.District{ID: "D1", Name: g.text("district name"), Coordinator: genMaybe(g, g.educators, "district coordinator")}
	for i := range g.intn(0, 3, "classes") {
		id := model.ClassID(fmt.Sprintf("C%d", i+1))
		g.classes = append(g.classes, id)
		c := model.Class{ID: id, School: genPick(g, g.schools, "class school"), Name: g.text("class name"), Teachers: genSome(g, g.educators, 2, "class teachers")}
		if g.bool("class grade") {
			gr := model.Grade(g.intn(-1, 12, "class grade"))
			c.Grade = &gr
		}
		ds.Classes = append(ds.Classes, c)
	}
	for _, id := range g.educators {
		ds.Educators = append(ds.Educators, g.educator(id))
	}
	for i := range g.intn(1, 4, "families") {
		id := model.FamilyID(fmt.Sprintf("F%d", i+1))
		g.families = append(g.families, id)
		ds.Families = append(ds.Families, model.Family{
			ID: id, Languages: g.languages("family languages"), NeedsInterpreter: g.bool("interpreter"),
			LocationPreference: genMaybe(g, []model.LocationKind{model.Home, model.Library, model.Park, model.Cafe, model.AtSchool, model.OtherLocation}, "location preference"),
			Availability:       g.windows("family availability"),
		})
	}
	for i := range g.intn(1, 6, "students") {
		id := model.StudentID(fmt.Sprintf("ST%d", i+1))
		fam := genPick(g, g.families, "student family")
		g.students[fam] = append(g.students[fam], id)
		g.allKids = append(g.allKids, id)
		s := model.Student{ID: id, School: genPick(g, g.schools, "student school"), Grade: model.Grade(g.intn(-1, 12, "grade")),
			Family: fam, Classes: genSome(g, g.classes, 2, "student classes"), Teachers: genSome(g, g.educators, 2, "student teachers")}
		if g.bool("attributes") {
			s.Attributes = map[string]string{}
			for range g.intn(1, 3, "attribute count") {
				s.Attributes[genPick(g, []string{"ell", "iep", "frl", "home_language", g.text("attribute key")}, "attribute key")] = g.text("attribute value")
			}
		}
		ds.Students = append(ds.Students, s)
	}
	if len(g.educators) >= 2 {
		for range g.intn(0, 2, "past pairs") {
			ds.PastPairs = append(ds.PastPairs, model.PastPair{Year: "2024-25",
				Educators: rapid.SliceOfNDistinct(rapid.SampledFrom(g.educators), 2, 3, rapid.ID).Draw(g.t, "pair")})
		}
	}
	for i := range g.intn(0, 2, "plans") {
		id := model.PlanID(fmt.Sprintf("P%d", i+1))
		g.plans = append(g.plans, id)
		p := model.Plan{ID: id, School: genMaybe(g, g.schools, "plan school"), Method: genPick(g, []string{"all", "stratified", "priority"}, "method"),
			Criteria: genSome(g, []string{"school", "grade", "ell"}, 2, "plan criteria"), Balance: genSome(g, []string{"ell", "frl"}, 2, "balance"),
			RequiredOf: genSome(g, []model.Party{model.ByEducator, model.ByFamily}, 2, "plan required of")}
		if g.bool("scope") {
			// A scope's school is the plan's own when it has one:
			// validation rejects a conflict.
			school := genPick(g, g.schools, "scope school")
			if p.School != "" {
				school = p.School
			}
			p.Scope = map[string]string{"school": string(school)}
		}
		if g.bool("seed") {
			p.Seed = rapid.Uint64().Draw(g.t, "seed")
		}
		if g.bool("share") {
			p.Share = float64(g.intn(1, 100, "share")) / 100
		} else {
			p.Count = g.intn(0, 40, "count")
		}
		p.TeacherCap = g.intn(0, 12, "teacher cap")
		p.Priority = genSome(g, g.families, 3, "priority")
		p.Population = g.intn(0, 500, "population")
		ds.Plans = append(ds.Plans, p)
	}
	for i := range g.intn(0, 2, "goals") {
		ds.Goals = append(ds.Goals, model.Goal{ID: model.GoalID(fmt.Sprintf("G%d", i+1)), School: genMaybe(g, g.schools, "goal school"),
			CoverageTarget:   float64(g.intn(0, 100, "coverage")) / 100,
			RequiredOf:       genSome(g, []model.Party{model.ByEducator, model.ByFamily}, 2, "goal required of"),
			PerEducatorQuota: g.intn(0, 12, "quota")})
	}
	for i := range g.intn(0, 4, "invitations") {
		ds.Invitations = append(ds.Invitations, g.invitation(model.InvitationID(fmt.Sprintf("I%d", i+1))))
	}
	for range g.intn(0, 2, "withdrawals") {
		ds.Withdrawals = append(ds.Withdrawals, model.Withdrawal{Family: genPick(g, g.families, "withdrawal family"), At: g.instant("withdrawal at")})
	}
	for i := range g.intn(0, 5, "visits") {
		ds.Visits = append(ds.Visits, g.visit(model.VisitID(fmt.Sprintf("V%d", i+1))))
	}
	for i := range g.intn(0, 3, "communications") {
		ds.Communications = append(ds.Communications, model.Communication{
			ID: model.CommunicationID(fmt.Sprintf("M%d", i+1)), Family: genPick(g, g.families, "message family"), At: g.instant("message at"),
			Direction: genPick(g, []model.Direction{model.SchoolToFamily, model.FamilyToSchool}, "direction"),
			Channel:   genMaybe(g, []model.Channel{model.Phone, model.Text, model.Email, model.InPerson, model.Note, model.App, model.OtherChannel}, "channel"),
			Educator:  genMaybe(g, g.educators, "message educator"),
		})
	}
	for i := range g.intn(0, 2, "events") {
		e := model.Event{ID: model.EventID(fmt.Sprintf("EV%d", i+1)), Level: model.DistrictLevel, Date: g.date("event date"),
			Kind:         genPick(g, []model.EventKind{model.Celebration, model.Visibility, model.ReflectionMeetup}, "event kind"),
			FamilyVoices: g.bool("family voices")}
		if g.bool("school event") {
			e.Level, e.School = model.SchoolLevel, genPick(g, g.schools, "event school")
		}
		ds.Events = append(ds.Events, e)
	}
	if g.bool("contacts") {
		ds.Contacts = g.contacts()
	}
	return ds
}

func (g *dsGen) calendar() model.Calendar {
	zone := genPick(g, []string{"America/Los_Angeles", "America/New_York", "Etc/GMT+7", "UTC", "Pacific/Honolulu"}, "time zone")
	cal, err := model.NewCalendar(zone, g.hours("calendar hours"))
	if err != nil {
		g.t.Fatalf("NewCalendar: %v", err)
	}
	if g.bool("week") {
		cal.Week = rapid.SliceOfNDistinct(rapid.SampledFrom([]time.Weekday{0, 1, 2, 3, 4, 5, 6}), 1, 7, rapid.ID).Draw(g.t, "week")
	}
	for range g.intn(0, 3, "closures") {
		from := g.date("closure from")
		cal.Closures = append(cal.Closures, model.Closure{From: from, To: from.AddDays(g.intn(0, 14, "closure days")), Name: g.text("closure name")})
	}
	switch genPick(g, []string{"default", "zero", "custom"}, "seasons") {
	case "zero":
		cal.Seasons = model.SeasonBounds{}
	case "custom":
		cal.Seasons = model.SeasonBounds{
			Fall:   model.MonthDay{Month: time.Month(g.intn(8, 9, "fall month")), Day: g.intn(1, 28, "fall day")},
			Winter: model.MonthDay{Month: time.Month(g.intn(11, 12, "winter month")), Day: g.intn(1, 28, "winter day")},
			Spring: model.MonthDay{Month: time.Month(g.intn(2, 4, "spring month")), Day: g.intn(1, 28, "spring day")},
		}
	}
	return cal
}

func (g *dsGen) policy() model.Policy {
	p := model.DefaultPolicy()
	if g.bool("tune policy") {
		p.MinNotice = model.Duration(time.Duration(g.intn(0, 72, "notice hours")) * time.Hour)
		p.ReflectWithin = model.Days(g.intn(1, 30, "reflect within"))
		p.MinCellSize = g.intn(10, 30, "min cell")
		p.TargetingAlpha = float64(g.intn(1, 50, "alpha per mille")) / 1000
		p.MinGap = model.Days(g.intn(0, 300, "min gap"))
		p.EarliestVisit = model.NewClock(g.intn(6, 10, "earliest"), 0)
		p.TeacherCap = g.intn(0, 30, "teacher cap")
		p.MonteCarloSeed = rapid.Uint64().Draw(g.t, "monte carlo seed")
		p.Off = genSome(g, []string{"P5.group-size", "P3.duration", "P2.refresher"}, 3, "off")
	}
	return p
}

func (g *dsGen) educator(id model.EducatorID) model.Educator {
	e := model.Educator{
		ID: id, School: genMaybe(g, g.schools, "educator school"),
		Role:      genPick(g, []model.Role{model.Certificated, model.Classified}, "role"),
		Position:  genPick(g, []model.Position{model.Teacher, model.Principal, model.AssistantPrincipal, model.Counselor, model.Liaison, model.Paraprofessional, model.CoordinatorStaff, model.Administrator, model.OtherPosition}, "position"),
		Languages: g.languages("educator languages"),
		OptIns:    genSome(g, []model.SchoolYearID{"2023-24", "2024-25", "2025-26"}, 3, "opt ins"),
		Prefer:    genSome(g, g.educators, 2, "prefer"),
		Avoid:     genSome(g, g.educators, 2, "avoid"),
	}
	for range g.intn(0, 3, "trainings") {
		e.Trainings = append(e.Trainings, model.Training{Date: g.date("training").AddDays(-900),
			Kind: genPick(g, []model.TrainingKind{model.InitialTraining, model.RefresherTraining}, "training kind")})
	}
	for range g.intn(0, 2, "stipends") {
		e.Stipends = append(e.Stipends, model.Stipend{Year: genPick(g, []model.SchoolYearID{"2024-25", "2025-26"}, "stipend year"),
			AmountCents: int64(g.intn(0, 200000, "stipend")), Source: genMaybe(g, model.FundingSources(), "stipend source")})
	}
	if g.bool("working hours") {
		h := g.hours("working hours")
		e.WorkingHours = &h
	}
	e.Availability = g.windows("educator availability")
	return e
}

// kids returns nil or some students of family f.
func (g *dsGen) kids(f model.FamilyID, label string) []model.StudentID {
	return genSome(g, g.students[f], 3, label)
}

func (g *dsGen) invitation(id model.InvitationID) model.Invitation {
	f := genPick(g, g.families, "invitation family")
	inv := model.Invitation{
		ID: id, Family: f, Students: g.kids(f, "invited students"),
		Origin:   genMaybe(g, []model.Origin{model.SchoolInvitation, model.FamilyRequest}, "origin"),
		Kind:     genMaybe(g, []model.VisitKind{model.FirstVisit, model.SecondVisit, model.OtherVisit}, "invitation kind"),
		SentAt:   g.instant("sent at"),
		By:       genMaybe(g, g.educators, "invited by"),
		Plan:     genMaybe(g, g.plans, "plan"),
		Method:   genMaybe(g, []string{"all", "stratified"}, "invitation method"),
		Criteria: genSome(g, []string{"school", "grade", "class", "teacher", "ell"}, 3, "criteria"),
		Response: genMaybe(g, []model.Response{model.NoResponse, model.Accepted, model.Declined}, "response"),
	}
	for range g.intn(0, 2, "contact attempts") {
		inv.ContactAttempts = append(inv.ContactAttempts, g.instant("contact attempt"))
	}
	inv.RespondedAt = g.maybeInstant("responded at")
	return inv
}

func (g *dsGen) visit(id model.VisitID) model.Visit {
	f := genPick(g, g.families, "visit family")
	parties := []model.Party{model.ByFamily, model.ByEducator, model.BySchool}
	v := model.Visit{
		ID: id, Students: g.kids(f, "visit students"), Family: f,
		Kind:        genMaybe(g, []model.VisitKind{model.FirstVisit, model.SecondVisit, model.OtherVisit}, "visit kind"),
		Status:      genPick(g, []model.VisitStatus{model.Proposed, model.Scheduled, model.Completed, model.Cancelled, model.NoShow}, "status"),
		CancelledBy: genMaybe(g, parties, "cancelled by"),
		ArrangedAt:  g.maybeInstant("arranged at"),
		Start:       g.instant("start"),
		Duration:    model.Duration(time.Duration(g.intn(0, 180, "duration minutes")) * time.Minute),
		Visitors:    genSome(g, g.educators, 4, "visitors"),
		Topics:      nil,
	}
	for range g.intn(0, 2, "reschedules") {
		v.Reschedules = append(v.Reschedules, model.Rescheduling{At: g.instant("rescheduled at"), FromStart: g.instant("from start"), By: genMaybe(g, parties, "rescheduled by")})
	}
	if g.bool("location") {
		v.Location = model.Location{Kind: genPick(g, []model.LocationKind{model.Home, model.Library, model.Park, model.Cafe, model.AtSchool, model.OtherLocation}, "location"),
			RequestedBy: genMaybe(g, parties, "requested by")}
	}
	for range g.intn(0, 2, "interpreters") {
		v.Interpreters = append(v.Interpreters, model.Interpreter{ID: genMaybe(g, []model.InterpreterID{"INT1", "INT2"}, "interpreter id"),
			Languages: g.languages("interpreter languages"), Educator: genMaybe(g, g.educators, "interpreter educator")})
	}
	kinds := []model.TopicKind{model.HopesAndDreams, model.Relationship, model.TalentsAndStrengths, model.WorkingTogether, model.Expectations,
		model.Academics, model.Behavior, model.Attendance, model.Assessment, model.FamilyRaisedConcern, model.OtherTopic}
	for range g.intn(0, 3, "topics") {
		v.Topics = append(v.Topics, model.Topic{Kind: genPick(g, kinds, "topic"), RaisedBy: genMaybe(g, parties, "raised by")})
	}
	if g.bool("references first?") {
		b := g.bool("references first")
		v.ReferencesFirst = &b
	}
	if g.bool("reflection") {
		r := &model.Reflection{At: g.instant("reflection at"), By: genSome(g, g.educators, 3, "reflected by")}
		if g.bool("covered bias?") {
			b := g.bool("covered bias")
			r.CoveredBias = &b
		}
		v.Reflection = r
	}
	for _, e := range genSome(g, g.educators, 3, "paid") {
		c := model.Compensation{Educator: e, MinutesOutside: g.intn(0, 180, "minutes outside")}
		if g.bool("stipend") {
			c.Stipend = true
		} else {
			c.AmountCents = int64(g.intn(0, 20000, "amount"))
			c.Source = genMaybe(g, model.FundingSources(), "source")
		}
		v.Compensation = append(v.Compensation, c)
	}
	return v
}

func (g *dsGen) contacts() *model.Contacts {
	c := &model.Contacts{}
	for _, f := range genSome(g, g.families, 4, "family contacts") {
		fc := model.FamilyContact{Family: f, Address: g.contact("address"), Phone: g.contact("phone")}
		for range g.intn(0, 2, "guardians") {
			fc.Guardians = append(fc.Guardians, model.Person{Name: g.contact("guardian"), Phone: g.contact("guardian phone"), Email: g.contact("guardian email")})
		}
		c.Families = append(c.Families, fc)
	}
	for _, e := range genSome(g, g.educators, 3, "educator contacts") {
		c.Educators = append(c.Educators, model.PersonContact{Educator: e, Person: model.Person{Name: g.contact("educator name"), Email: g.contact("educator email")}})
	}
	for _, s := range genSome(g, g.allKids, 3, "student contacts") {
		c.Students = append(c.Students, model.StudentContact{Student: s, Name: g.contact("student name")})
	}
	return c
}
