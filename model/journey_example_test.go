package model_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/homevisits/pthv/model"
)

// ExampleJourney follows one family from invitation to the follow-up after
// its first visit, and shows an incoherent event being refused.
func ExampleJourney() {
	day := func(month time.Month, d, hour int) time.Time {
		return time.Date(2025, month, d, hour, 0, 0, 0, time.UTC)
	}
	j := model.NewJourney("F-1", "2025-26")
	apply := func(step string, e model.JourneyEvent) {
		if err := j.Apply(e); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-12s → %s\n", step, j.State())
	}

	apply("invite", model.InviteEvent{At: day(9, 1, 9), Invitation: "I-1", Kind: model.FirstVisit})
	apply("accept", model.AcceptEvent{At: day(9, 3, 18), Invitation: "I-1"})
	apply("schedule", model.ScheduleEvent{
		At: day(9, 4, 10), Visit: "V-1", Kind: model.FirstVisit,
		Start: day(9, 16, 17), Duration: 40 * time.Minute,
		Visitors: []model.EducatorID{"E-1", "E-2"}, Students: []model.StudentID{"S-1"},
	})
	apply("complete", model.CompleteEvent{At: day(9, 16, 18), Visit: "V-1"})
	apply("reflect", model.ReflectEvent{At: day(9, 16, 19), Visit: "V-1", By: []model.EducatorID{"E-1", "E-2"}, CoveredBias: new(true)})
	apply("communicate", model.CommunicateEvent{At: day(9, 30, 15), Direction: model.FamilyToSchool, Channel: model.Text})

	// Completing the visit again is incoherent: the record is unchanged.
	err := j.Apply(model.CompleteEvent{At: day(10, 1, 9), Visit: "V-1"})
	fmt.Println(err)
	fmt.Println(errors.Is(err, model.ErrVisitClosed), j.State(), len(j.Events()))
	// Output:
	// invite       → invited
	// accept       → accepted
	// schedule     → first-scheduled
	// complete     → first-done
	// reflect      → first-done
	// communicate  → follow-up
	// family "F-1": complete visit "V-1" at 2025-10-01T09:00:00Z: visit is closed (completed)
	// true follow-up 6
}

// A family with a child in an elementary and a middle school: the middle
// school teacher's visit, after the sibling's elementary visit, is the
// middle schooler's first visit (RULES.md, P3: the lifecycle runs per
// student). A visit naming no student concerns both children.
func ExampleNewLifecycle() {
	at := func(day int) time.Time { return time.Date(2025, time.September, day, 17, 0, 0, 0, time.UTC) }
	visits := []*model.Visit{
		{ID: "V-EL", Students: []model.StudentID{"ST-EL"}, Status: model.Completed, Start: at(10)},
		{ID: "V-MS", Students: []model.StudentID{"ST-MS"}, Status: model.Completed, Start: at(24)},
		{ID: "V-ALL", Status: model.Completed, Start: at(30)},
	}
	l := model.NewLifecycle([]model.StudentID{"ST-EL", "ST-MS"}, visits)
	for i, v := range l.Visits {
		p := l.Places[i]
		fmt.Printf("%s: judged as visit %d; first for %v, second for %v\n", v.ID, p.Ordinal(), p.FirstFor, p.SecondFor)
	}
	proposed := &model.Visit{ID: "V-NEW", Students: []model.StudentID{"ST-MS"}, Start: at(12)}
	fmt.Println("a middle-school visit proposed for September 12 is a first visit:", model.IsFirstVisit(l.Keys, visits, proposed))
	// Output:
	// V-EL: judged as visit 1; first for [ST-EL], second for []
	// V-MS: judged as visit 1; first for [ST-MS], second for []
	// V-ALL: judged as visit 2; first for [], second for [ST-EL ST-MS]
	// a middle-school visit proposed for September 12 is a first visit: true
}
