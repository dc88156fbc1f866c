package synth

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/homevisits/pthv/internal/breach"
	"github.com/homevisits/pthv/internal/draw"
	"github.com/homevisits/pthv/internal/parallel"
	"github.com/homevisits/pthv/model"
)

// District builds the synthetic district described by cfg. The same cfg
// and seed give the same dataset, field for field, whatever GOMAXPROCS is:
// every school draws from its own random streams ([math/rand/v2.NewPCG]
// with the seed and a stream number per school and phase), schools are
// built in parallel and assembled in school order.
//
// Students of a school whose attributes are alike share one Attributes
// map, as decoded students do ([model.DecodeDataset]): treat them as
// read-only, or give a student a copy ([maps.Clone]) before changing it.
//
// The result passes [model.Dataset.Validate]: breaches of practice planted
// through cfg.Deviations are data, not structural errors. District returns
// cfg's validation error, wrapping [ErrConfig], for an invalid config.
func District(cfg Config, seed uint64) (*model.Dataset, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	e, err := newEnv(&cfg, seed)
	if err != nil {
		return nil, err
	}
	return e.build(), nil
}

// env is what every school of a district shares; it is read-only once
// built, but for the students' Attributes maps in attrs, which the
// schools add to under their lock.
type env struct {
	cfg      *Config
	seed     uint64
	district model.District
	year     model.SchoolYear
	cal      model.Calendar
	loc      *time.Location
	pol      model.Policy

	firstYear int        // calendar year of the first day
	start     model.Date // first day of the school year (the summer before)

	// Windows of the program, inclusive.
	trainFrom, trainTo     model.Date // initial trainings of new volunteers
	inviteFrom, inviteTo   model.Date // first-visit invitations
	requestFrom, requestTo model.Date // families' own requests
	firstFrom, firstTo     model.Date // first visits, summer and fall
	secondFrom, secondTo   model.Date // second visits, winter and spring
	eventFrom, eventTo     model.Date // celebrations

	pNonEnglish float64 // share of families with a home language other than English
	ellGivenNE  float64 // chance a student of such a family is an English learner

	names     []string // school and street names
	prevYears [6]model.SchoolYearID

	attrs *attributeMaps
}

func newEnv(cfg *Config, seed uint64) (*env, error) {
	cal, err := model.NewCalendar(cfg.TimeZone, cfg.SchoolHours)
	if err != nil {
		return nil, &ConfigError{Field: "TimeZone", Reason: err.Error()}
	}
	y := cfg.Year
	cal.Closures = closures(y)
	e := &env{
		cfg:  cfg,
		seed: seed,
		district: model.District{
			ID:          "D",
			Name:        cfg.Name,
			Coordinator: districtCoordinator,
			// The district teaches in English; a dual-language school
			// records its own languages.
			Languages: []model.Language{"en"},
		},
		year:      y,
		cal:       cal,
		loc:       cal.Location(),
		pol:       model.DefaultPolicy(),
		firstYear: y.FirstDay.Year(),
		start:     y.Start(),
		names:     strings.Fields(placeNames),
		attrs:     new(attributeMaps),
	}
	winter := cal.SeasonStart(y, model.Winter)
	spring := cal.SeasonStart(y, model.Spring)
	e.trainFrom, e.trainTo = e.start.AddDays(14), e.start.AddDays(60)
	e.inviteFrom = e.start.AddDays(45)
	// Invitations go out in time for a first visit in the fall, answers
	// and reminders included.
	e.inviteTo = later(e.inviteFrom.AddDays(20), y.FirstDay.AddDays(40))
	if last := winter.AddDays(-40); e.inviteTo.After(last) {
		e.inviteTo = later(e.inviteFrom, last)
	}
	e.requestFrom, e.requestTo = e.inviteFrom, winter.AddDays(75)
	e.firstFrom, e.firstTo = e.trainTo.AddDays(1), winter.AddDays(-10)
	e.secondFrom, e.secondTo = winter, y.LastDay.AddDays(-8)
	e.eventFrom, e.eventTo = spring.AddDays(45), y.LastDay.AddDays(-10)

	e.pNonEnglish = min(1, max(0.2, 2*cfg.ELLRate))
	e.ellGivenNE = cfg.ELLRate / e.pNonEnglish
	for k := range e.prevYears {
		e.prevYears[k] = yearID(e.firstYear - k - 1)
	}
	return e, nil
}

func later(a, b model.Date) model.Date {
	if a.After(b) {
		return a
	}
	return b
}

// yearID names the school year that starts in calendar year y, "2024-25".
func yearID(y int) model.SchoolYearID {
	b := strconv.AppendInt(make([]byte, 0, 7), int64(y), 10)
	b = append(b, '-')
	b = appendPadded(b, (y+1)%100, 2)
	return model.SchoolYearID(b)
}

// closures returns the usual US holidays and breaks that fall within y:
// Labor Day, Veterans Day, Thanksgiving week, winter break, Martin Luther
// King Jr. Day, Presidents' Day, a spring break and Memorial Day.
func closures(y model.SchoolYear) []model.Closure {
	y0, y1 := y.FirstDay.Year(), y.FirstDay.Year()+1
	thanks := nthWeekday(y0, time.November, time.Thursday, 4)
	spring := nthWeekday(y1, time.March, time.Monday, 4)
	all := []model.Closure{
		day(nthWeekday(y0, time.September, time.Monday, 1), "Labor Day"),
		day(model.NewDate(y0, time.November, 11), "Veterans Day"),
		{From: thanks.AddDays(-3), To: thanks.AddDays(1), Name: "Thanksgiving break"},
		{From: model.NewDate(y0, time.December, 22), To: model.NewDate(y1, time.January, 2), Name: "Winter break"},
		day(nthWeekday(y1, time.January, time.Monday, 3), "Martin Luther King Jr. Day"),
		day(nthWeekday(y1, time.February, time.Monday, 3), "Presidents' Day"),
		{From: spring, To: spring.AddDays(4), Name: "Spring break"},
		day(nthWeekday(y1, time.June, time.Monday, 1).AddDays(-7), "Memorial Day"),
	}
	out := all[:0]
	for _, c := range all {
		if !c.From.Before(y.FirstDay) && !c.To.After(y.LastDay) {
			out = append(out, c)
		}
	}
	return out
}

func day(d model.Date, name string) model.Closure { return model.Closure{From: d, To: d, Name: name} }

// nthWeekday returns the n-th weekday wd of month m in year y.
func nthWeekday(y int, m time.Month, wd time.Weekday, n int) model.Date {
	d := model.NewDate(y, m, 1)
	shift := (int(wd) - int(d.Weekday()) + 7) % 7
	return d.AddDays(shift + 7*(n-1))
}

// schoolKind is the grade span of a school.
type schoolKind uint8

const (
	elementary schoolKind = iota // K–5
	middle                       // 6–8
	high                         // 9–12
)

// kindOf returns the type of school i: a fixed cycle of ten, six
// elementary, two middle and two high, starting E, M, H.
func kindOf(i int) schoolKind {
	switch i % 10 {
	case 1, 5:
		return middle
	case 2, 7:
		return high
	}
	return elementary
}

func (k schoolKind) span() (lo, hi model.Grade) {
	switch k {
	case middle:
		return 6, 8
	case high:
		return 9, 12
	}
	return model.Kindergarten, 5
}

func (k schoolKind) name() string {
	switch k {
	case middle:
		return "Middle School"
	case high:
		return "High School"
	}
	return "Elementary School"
}

// schoolPlan is what the district decides about a school before it is built.
type schoolPlan struct {
	kind      schoolKind
	students  int
	staff     int // staff who could visit, not counting the principal
	targeted  bool
	mandate   bool
	stuOffset int // first index of the school's students in the dataset
	eduOffset int // first index of the school's educators in the dataset
}

// districtCoordinator is the id of the district PTHV coordinator.
const districtCoordinator model.EducatorID = "D-E001"

func (e *env) build() *model.Dataset {
	cfg := e.cfg
	n := cfg.Schools
	r := draw.Stream(e.seed, streamDistrict, -1)

	// District decisions: sizes and the schools that deviate.
	plans := make([]schoolPlan, n)
	stu, edu := 0, 1 // the district coordinator comes first
	mean := float64(cfg.StudentsPerSchool)
	for i := range plans {
		p := &plans[i]
		p.kind = kindOf(i)
		p.students = max(1, int(math.Round(mean*(1-EnrolmentSpread+2*EnrolmentSpread*r.Float64()))))
		p.staff = max(minStaff, int(math.Round(float64(cfg.EducatorsPerSchool)*float64(p.students)/mean)))
		p.stuOffset, p.eduOffset = stu, edu
		stu += p.students
		edu += p.staff + 1
	}
	for _, s := range breach.Schools(r, n, cfg.Deviations.Targeted) {
		plans[s].targeted = true
	}
	for _, s := range breach.Schools(r, n, cfg.Deviations.Mandate) {
		plans[s].mandate = true
	}

	ds := &model.Dataset{
		Format:    model.Format,
		District:  e.district,
		Year:      e.year,
		Calendar:  e.cal,
		Policy:    e.pol,
		Schools:   make([]model.School, n),
		Students:  make([]model.Student, stu),
		Educators: make([]model.Educator, edu),
	}
	ds.Educators[0] = model.Educator{
		ID:        districtCoordinator,
		Role:      model.Certificated,
		Position:  model.CoordinatorStaff,
		Languages: []model.Language{"en"},
		Trainings: []model.Training{
			{Date: model.NewDate(e.firstYear-4, time.July, 14), Kind: model.InitialTraining},
			{Date: model.NewDate(e.firstYear-1, time.July, 15), Kind: model.RefresherTraining},
		},
		OptIns: []model.SchoolYearID{e.year.ID},
	}

	// Rosters, in parallel: each school writes its own range of students
	// and educators.
	rosters := make([]*roster, n)
	parallel.For(n, func(i int) {
		p := &plans[i]
		rosters[i] = e.buildRoster(i, p,
			ds.Students[p.stuOffset:p.stuOffset+p.students],
			ds.Educators[p.eduOffset:p.eduOffset+p.staff+1])
	})

	// Siblings across schools, in order: one stream for the whole district.
	e.linkSiblings(r, rosters)

	// Programs, in parallel.
	programs := make([]*program, n)
	parallel.For(n, func(i int) { programs[i] = e.runProgram(rosters[i], &plans[i]) })

	e.assemble(ds, rosters, programs)
	return ds
}

// assemble concatenates the schools' records in school order and adds the
// district's own.
func (e *env) assemble(ds *model.Dataset, rosters []*roster, programs []*program) {
	var nClasses, nFamilies, nPairs, nInv, nWd, nVisits, nComms, nEvents, nGoals int
	for i, ro := range rosters {
		p := programs[i]
		nClasses += len(ro.classes)
		nFamilies += ro.own
		nPairs += len(ro.pastPairs)
		nInv += len(p.invs)
		nWd += len(p.wds)
		nVisits += len(p.visits)
		nComms += len(p.comms)
		nEvents += len(p.events)
		nGoals += len(p.goals)
	}
	ds.Classes = make([]model.Class, 0, nClasses)
	ds.Families = make([]model.Family, 0, nFamilies)
	ds.PastPairs = make([]model.PastPair, 0, nPairs)
	ds.Plans = make([]model.Plan, 0, len(rosters))
	ds.Goals = make([]model.Goal, 0, nGoals+1)
	ds.Invitations = make([]model.Invitation, 0, nInv)
	ds.Withdrawals = make([]model.Withdrawal, 0, nWd)
	ds.Visits = make([]model.Visit, 0, nVisits)
	ds.Communications = make([]model.Communication, 0, nComms)
	ds.Events = make([]model.Event, 0, nEvents+1)
	for i, ro := range rosters {
		p := programs[i]
		ds.Schools[i] = ro.school
		ds.Classes = append(ds.Classes, ro.classes...)
		for f := range ro.families {
			if ro.fam[f].own {
				ds.Families = append(ds.Families, ro.families[f])
			}
		}
		ds.PastPairs = append(ds.PastPairs, ro.pastPairs...)
		ds.Plans = append(ds.Plans, p.plans...)
		ds.Goals = append(ds.Goals, p.goals...)
		ds.Invitations = append(ds.Invitations, p.invs...)
		ds.Withdrawals = append(ds.Withdrawals, p.wds...)
		ds.Visits = append(ds.Visits, p.visits...)
		ds.Communications = append(ds.Communications, p.comms...)
		ds.Events = append(ds.Events, p.events...)
	}
	ds.Goals = append(ds.Goals, model.Goal{ID: "D-G1", CoverageTarget: 0.25})
	ds.Events = append(ds.Events, model.Event{
		ID:           "D-EV1",
		Level:        model.DistrictLevel,
		Date:         e.eventTo.AddDays(-3),
		Kind:         model.Visibility,
		FamilyVoices: true,
	})
	if e.cfg.Contacts {
		c := &model.Contacts{}
		for i := range rosters {
			c.Families = append(c.Families, programs[i].contacts.Families...)
			c.Educators = append(c.Educators, programs[i].contacts.Educators...)
			c.Students = append(c.Students, programs[i].contacts.Students...)
		}
		c.Educators = append([]model.PersonContact{{
			Educator: districtCoordinator,
			Person:   model.Person{Name: "Dana Whitfield", Email: "dana.whitfield@district.example.org"},
		}}, c.Educators...)
		ds.Contacts = c
	}
}
