package schedule_test

import (
	"fmt"
	"math/rand/v2"
	"time"

	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/schedule"
)

// spec describes a generated instance: one school, disjoint standing
// pairs, accepted families with or without weekly windows.
type spec struct {
	Families, Pairs int
	Seed            uint64
	// First and Last bound the school year; the summer starts on First
	// unless Summer is set.
	First, Last, Summer model.Date
	AsOf                time.Time
	// WindowShare is the share of families with weekly windows;
	// EduWindowShare the share of educators with them.
	WindowShare, EduWindowShare float64
	// Narrow draws short windows (one to two hours), for small searches.
	Narrow bool
	// Closures is the number of one-day closures; Existing the number of
	// families whose first visit is already recorded.
	Closures, Existing   int
	Policy               model.Policy
	Stipends, Classified bool
}

var zone = mustLoad("America/Los_Angeles")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// fullYear returns the spec of a whole school year from June 1.
func fullYear(families, pairs int, seed uint64) spec {
	return spec{
		Families: families, Pairs: pairs, Seed: seed,
		First: model.NewDate(2025, time.August, 18), Last: model.NewDate(2026, time.June, 5),
		Summer:      model.NewDate(2025, time.June, 2),
		AsOf:        time.Date(2025, time.May, 30, 17, 0, 0, 0, zone),
		WindowShare: 0.5, EduWindowShare: 0.2, Closures: 12, Existing: families / 20,
		Policy: model.DefaultPolicy(), Stipends: true, Classified: true,
	}
}

// build returns the dataset of a spec; the same spec gives the same dataset.
func build(sp spec) *model.Dataset {
	r := rand.New(rand.NewPCG(sp.Seed, 7))
	cal, err := model.NewCalendar("America/Los_Angeles", model.Hours{Start: model.NewClock(8, 0), End: model.NewClock(15, 0)})
	if err != nil {
		panic(err)
	}
	year := model.NewSchoolYear(sp.First, sp.Last)
	year.SummerStart = sp.Summer
	if year.SummerStart.IsZero() {
		year.SummerStart = sp.First
	}
	for range sp.Closures {
		d := sp.First.AddDays(r.IntN(max(1, sp.Last.DaysSince(sp.First)+1)))
		cal.Closures = append(cal.Closures, model.Closure{From: d, To: d, Name: "holiday"})
	}
	ds := &model.Dataset{Format: model.Format, District: model.District{ID: "D"}, Year: year, Calendar: cal, Policy: sp.Policy,
		Schools: []model.School{{ID: "S1"}}}
	window := func(narrow bool) model.Window {
		w := model.Window{Weekday: time.Weekday(r.IntN(7))}
		if narrow {
			start := 9*60 + 60*r.IntN(10)
			w.Start, w.End = model.Clock(start), model.Clock(start+60+60*r.IntN(2))
			return w
		}
		switch r.IntN(3) {
		case 0:
			w.Start, w.End = model.NewClock(16, 0), model.NewClock(19, 30)
		case 1:
			w.Start, w.End = model.NewClock(10, 0), model.NewClock(14, 0)
		default:
			w.Start, w.End = model.NewClock(9, 0), model.NewClock(20, 0)
		}
		return w
	}
	trained := sp.First.AddDays(-60)
	for i := range 2 * sp.Pairs {
		e := model.Educator{
			ID: model.EducatorID(fmt.Sprintf("E%03d", i)), School: "S1", Role: model.Certificated, Position: model.Teacher,
			Trainings: []model.Training{{Date: trained, Kind: model.InitialTraining}}, OptIns: []model.SchoolYearID{year.ID},
		}
		if sp.Classified && i%2 == 1 && r.IntN(3) == 0 {
			e.Role, e.Position = model.Classified, model.Liaison
			e.WorkingHours = &model.Hours{Start: model.NewClock(11, 0), End: model.NewClock(19, 0)}
		}
		if sp.Stipends && r.IntN(8) == 0 {
			e.Stipends = []model.Stipend{{Year: year.ID, AmountCents: 50000, Source: model.Foundation}}
		}
		if r.Float64() < sp.EduWindowShare {
			for range 2 + r.IntN(3) {
				e.Availability = append(e.Availability, window(sp.Narrow))
			}
		}
		ds.Educators = append(ds.Educators, e)
	}
	accepted := sp.AsOf.Add(-48 * time.Hour)
	for i := range sp.Families {
		f := model.Family{ID: model.FamilyID(fmt.Sprintf("F%04d", i)), Languages: []model.Language{"en"}}
		if r.Float64() < sp.WindowShare {
			for range 1 + r.IntN(2) {
				f.Availability = append(f.Availability, window(sp.Narrow))
			}
		}
		if r.IntN(10) == 0 {
			f.LocationPreference = model.Library
		}
		ds.Families = append(ds.Families, f)
		pair := i % max(1, sp.Pairs)
		ds.Students = append(ds.Students, model.Student{
			ID: model.StudentID(fmt.Sprintf("ST%04d", i)), School: "S1", Grade: model.Grade(r.IntN(6)), Family: f.ID,
			Teachers: []model.EducatorID{model.EducatorID(fmt.Sprintf("E%03d", 2*pair))},
		})
		ds.Invitations = append(ds.Invitations, model.Invitation{
			ID: model.InvitationID(fmt.Sprintf("I%04d", i)), Family: f.ID, SentAt: accepted.Add(-72 * time.Hour),
			Year: year.ID, Response: model.Accepted, RespondedAt: accepted,
		})
		if i < sp.Existing {
			start := model.DateOf(sp.AsOf.In(zone)).AddDays(-3).In(zone, model.NewClock(17, 0))
			if year.Contains(model.DateOf(start)) {
				ds.Visits = append(ds.Visits, model.Visit{
					ID: model.VisitID(fmt.Sprintf("V%04d", i)), Family: f.ID, Students: []model.StudentID{ds.Students[i].ID},
					Kind: model.FirstVisit, Status: model.Completed, ArrangedAt: start.AddDate(0, 0, -7), Start: start,
					Duration: model.Duration(40 * time.Minute), Location: model.Location{Kind: model.Home},
					Visitors: []model.EducatorID{ds.Educators[2*pair].ID, ds.Educators[2*pair+1].ID},
				})
			}
		}
	}
	if err := ds.Validate(); err != nil {
		panic(err)
	}
	return ds
}

// teams returns the spec's standing pairs.
func teams(sp spec) []schedule.Team {
	out := make([]schedule.Team, sp.Pairs)
	for i := range out {
		out[i] = schedule.Team{Educators: []model.EducatorID{
			model.EducatorID(fmt.Sprintf("E%03d", 2*i)), model.EducatorID(fmt.Sprintf("E%03d", 2*i+1))}}
	}
	return out
}

// policyGen draws a valid policy with the planner's fields varied.
func policyGen(t *rapid.T) model.Policy {
	p := model.DefaultPolicy()
	p.VisitLength = model.Duration(time.Duration(rapid.SampledFrom([]int{30, 35, 40}).Draw(t, "length")) * time.Minute)
	p.TravelBuffer = model.Duration(time.Duration(rapid.SampledFrom([]int{0, 10, 20, 45}).Draw(t, "buffer")) * time.Minute)
	p.MinGap = model.Days(rapid.IntRange(0, 10).Draw(t, "gap"))
	p.MaxVisitsPerDay = rapid.IntRange(1, 3).Draw(t, "perDay")
	p.MaxVisitsPerWeek = rapid.IntRange(p.MaxVisitsPerDay, 6).Draw(t, "perWeek")
	p.MinNotice = model.Duration(time.Duration(rapid.SampledFrom([]int{0, 1, 24, 72}).Draw(t, "notice")) * time.Hour)
	p.EarliestVisit = model.NewClock(rapid.IntRange(7, 10).Draw(t, "earliest"), 0)
	p.LatestVisit = model.NewClock(rapid.IntRange(17, 21).Draw(t, "latest"), 0)
	return p
}

// smallSpec draws a small instance over a few weeks around the start of
// winter, so seasons, closures and caps all matter.
func smallSpec(t *rapid.T) spec {
	first := model.NewDate(2025, time.November, 17).AddDays(rapid.IntRange(0, 6).Draw(t, "firstOffset"))
	days := rapid.IntRange(5, 40).Draw(t, "days")
	return spec{
		Families: rapid.IntRange(1, 12).Draw(t, "families"), Pairs: rapid.IntRange(1, 3).Draw(t, "pairs"),
		Seed:  rapid.Uint64().Draw(t, "seed"),
		First: first, Last: first.AddDays(days),
		AsOf:        first.AddDays(-1).In(zone, model.NewClock(rapid.IntRange(0, 23).Draw(t, "asOfHour"), 0)),
		WindowShare: rapid.Float64Range(0, 1).Draw(t, "windows"), EduWindowShare: rapid.Float64Range(0, 1).Draw(t, "eduWindows"),
		Narrow:   rapid.Bool().Draw(t, "narrow"),
		Closures: rapid.IntRange(0, 3).Draw(t, "closures"), Existing: rapid.IntRange(0, 2).Draw(t, "existing"),
		Policy: policyGen(t), Stipends: true, Classified: true,
	}
}

// midSpec draws a medium instance: 20–40 families (or exactly families,
// when not zero) of two to four pairs over a few weeks.
func midSpec(families int) func(t *rapid.T) spec {
	return func(t *rapid.T) spec {
		sp := smallSpec(t)
		sp.Families = rapid.IntRange(20, 40).Draw(t, "midFamilies")
		if families > 0 {
			sp.Families = families
		}
		sp.Pairs = rapid.IntRange(2, 4).Draw(t, "midPairs")
		return sp
	}
}

// seasonSpec is a 40-family instance over a fall and winter: four pairs,
// tight caps, most families available in narrow weekly windows.
func seasonSpec() spec {
	sp := fullYear(40, 4, 3)
	sp.First, sp.Last, sp.Summer = model.NewDate(2025, time.September, 1), model.NewDate(2026, time.January, 30), model.NewDate(2025, time.September, 1)
	sp.AsOf = time.Date(2025, time.October, 20, 17, 0, 0, 0, zone)
	sp.WindowShare, sp.Narrow, sp.Existing, sp.Closures = 0.8, true, 0, 6
	sp.Policy.MaxVisitsPerDay, sp.Policy.MaxVisitsPerWeek = 1, 3
	return sp
}

// searchSpec is a 40-family instance of two pairs over five days where the
// heuristic falls short of the optimum (more minutes outside the working
// day) and the exact search finds and proves it.
func searchSpec() spec { return rapid.Custom(midSpec(40)).Example(57) }
