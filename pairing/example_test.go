package pairing_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/pairing"
)

func ExampleMaxWeightMatching() {
	// A triangle 0-1-2 with a pendant vertex 3: the heaviest matching
	// takes 0–1 and 2–3 rather than the single heaviest edge 1–2.
	edges := []pairing.Edge{
		{U: 0, V: 1, W: 6},
		{U: 1, V: 2, W: 8},
		{U: 0, V: 2, W: 5},
		{U: 2, V: 3, W: 4},
	}
	mate, total := pairing.MaxWeightMatching(4, edges)
	fmt.Println(mate, total)
	// Output: [1 0 3 2] 10
}

func ExampleMatch() {
	// On a path a–b–c–d, the heaviest matching is the middle edge alone;
	// asking for maximum cardinality first pairs everyone.
	edges := []pairing.Edge{{U: 0, V: 1, W: 5}, {U: 1, V: 2, W: 11}, {U: 2, V: 3, W: 5}}
	m, _ := pairing.Match(4, edges, pairing.MatchOptions{})
	fmt.Println(m.Mate, m.Total)
	m, _ = pairing.Match(4, edges, pairing.MatchOptions{MaxCardinality: true})
	fmt.Println(m.Mate, m.Total, m.Edges)

	_, err := pairing.Match(4, []pairing.Edge{{U: 0, V: 4, W: 1}}, pairing.MatchOptions{})
	fmt.Println(errors.Is(err, pairing.ErrVertexRange), err)
	// Output:
	// [-1 2 1 -1] 11
	// [1 0 3 2] 10 [0 2]
	// true pairing: edge 0 (0–4, weight 1): vertex out of range
}

// exampleDataset is a school with two teachers, a bilingual liaison and a
// paraprofessional who has not opted in this year.
func exampleDataset() *model.Dataset {
	cal, _ := model.NewCalendar("America/Los_Angeles", model.Hours{Start: model.NewClock(8, 0), End: model.NewClock(15, 0)})
	year := model.SchoolYearID("2025-26")
	trained := []model.Training{{Date: model.NewDate(2025, 6, 10), Kind: model.InitialTraining}}
	afternoons := func(days ...time.Weekday) []model.Window {
		var ws []model.Window
		for _, d := range days {
			ws = append(ws, model.Window{Weekday: d, Start: model.NewClock(15, 0), End: model.NewClock(19, 0)})
		}
		return ws
	}
	ds := &model.Dataset{
		Format:   model.Format,
		District: model.District{ID: "D1"},
		Year:     model.SchoolYear{ID: year, FirstDay: model.NewDate(2025, 8, 18), LastDay: model.NewDate(2026, 6, 5)},
		Calendar: cal,
		Policy:   model.DefaultPolicy(),
		Schools:  []model.School{{ID: "S1"}},
		Educators: []model.Educator{
			{ID: "E-ROSA", School: "S1", Role: model.Classified, Position: model.Liaison,
				Languages: []model.Language{"en", "es"}, Trainings: trained, OptIns: []model.SchoolYearID{year},
				Availability: afternoons(time.Monday, time.Tuesday, time.Wednesday, time.Thursday)},
			{ID: "E-KIM", School: "S1", Role: model.Certificated, Position: model.Teacher,
				Languages: []model.Language{"en"}, Trainings: trained, OptIns: []model.SchoolYearID{year},
				Availability: afternoons(time.Monday, time.Wednesday)},
			{ID: "E-LEE", School: "S1", Role: model.Certificated, Position: model.Teacher,
				Languages: []model.Language{"en"}, Trainings: trained, OptIns: []model.SchoolYearID{year},
				Availability: afternoons(time.Tuesday, time.Wednesday)},
			{ID: "E-PAT", School: "S1", Role: model.Classified, Position: model.Paraprofessional,
				Languages: []model.Language{"en"}, Trainings: trained},
		},
		Families: []model.Family{
			{ID: "F1", Languages: []model.Language{"es"}, NeedsInterpreter: true},
			{ID: "F2", Languages: []model.Language{"en"}},
		},
		Students: []model.Student{
			{ID: "ST1", School: "S1", Grade: 2, Family: "F1", Teachers: []model.EducatorID{"E-KIM"}},
			{ID: "ST2", School: "S1", Grade: 4, Family: "F2", Teachers: []model.EducatorID{"E-LEE"}},
		},
	}
	return ds
}

func ExampleTeams() {
	// Three volunteers: the two teachers cannot both have the liaison, so
	// the odd one out joins to make a team of three.
	// Training counts by the as-of date: here, the school year's first day.
	ds := exampleDataset()
	asOf := ds.Year.FirstDay.In(ds.Calendar.Location(), model.NewClock(8, 0))
	plan, err := pairing.Teams(ds, asOf, pairing.TeamOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range plan.Teams {
		fmt.Println(t.Members, t.Score.Total())
		for _, p := range t.Pairs {
			fmt.Println("  " + p.Explain())
		}
	}
	for _, l := range plan.LeftOut {
		fmt.Printf("left out: %s (%s): %s\n", l.Educator, l.Reason, l.Detail)
	}
	// Output:
	// [E-KIM E-LEE E-ROSA] 280
	//   E-KIM + E-LEE: 60 = base 10 + availability 30 (4h a week together) + language 0 (speaks with 0 of 1 families needing a language) + role mix 0 (certificated + certificated) + new pair 20 + prefer 0
	//   E-KIM + E-ROSA: 130 = base 10 + availability 30 (8h a week together) + language 40 (speaks with 1 of 1 families needing a language) + role mix 30 (certificated + classified) + new pair 20 + prefer 0
	//   E-LEE + E-ROSA: 90 = base 10 + availability 30 (8h a week together) + language 0 (no family needs another language) + role mix 30 (certificated + classified) + new pair 20 + prefer 0
	// left out: E-PAT (not-opted-in): did not opt in for 2025-26
}

// A policy in the options overrides the dataset's: under one that sends
// no more than two educators on a visit, the odd one out stays out.
func ExampleTeams_policy() {
	ds := exampleDataset()
	asOf := ds.Year.FirstDay.In(ds.Calendar.Location(), model.NewClock(8, 0))
	pairs := ds.Policy
	pairs.MaxGroupSize = 2
	plan, err := pairing.Teams(ds, asOf, pairing.TeamOptions{Policy: &pairs})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range plan.Teams {
		fmt.Println(t.Members, t.Score.Total())
	}
	for _, l := range plan.LeftOut {
		fmt.Printf("left out: %s (%s)\n", l.Educator, l.Reason)
	}
	// Output:
	// [E-KIM E-ROSA] 130
	// left out: E-LEE (no-team-to-join)
	// left out: E-PAT (not-opted-in)
}

func ExamplePartners() {
	ds := exampleDataset()
	loc := ds.Calendar.Location()
	// The paraprofessional volunteers this year, free on Wednesdays.
	pat := &ds.Educators[3]
	pat.OptIns = []model.SchoolYearID{ds.Year.ID}
	pat.Availability = []model.Window{{Weekday: time.Wednesday, Start: model.NewClock(15, 0), End: model.NewClock(18, 0)}}
	// Two first visits booked at the same hour with the student's teacher
	// only. The family of V2 needs Spanish, which only the liaison speaks.
	for _, v := range []struct {
		id      model.VisitID
		family  model.FamilyID
		student model.StudentID
		teacher model.EducatorID
	}{{"V1", "F2", "ST2", "E-LEE"}, {"V2", "F1", "ST1", "E-KIM"}} {
		start := time.Date(2025, 9, 3, 16, 0, 0, 0, loc) // a Wednesday
		ds.Visits = append(ds.Visits, model.Visit{ID: v.id, Family: v.family, Students: []model.StudentID{v.student},
			Kind: model.FirstVisit, Status: model.Scheduled, Start: start, Duration: model.Duration(40 * time.Minute),
			Visitors: []model.EducatorID{v.teacher}})
	}
	plan, err := pairing.Partners(ds, pairing.PartnerOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range plan.Assignments {
		fmt.Println(a.Explain())
	}
	for _, u := range plan.Unpartnered {
		fmt.Printf("%s: no partner (%s): %s\n", u.Visit, u.Reason, u.Detail)
	}
	// Output:
	// V1: E-LEE + E-PAT, cost 0
	// V2: E-KIM + E-ROSA, cost 0; E-ROSA speaks es for the family
}
