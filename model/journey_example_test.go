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

	apply("invite", model.Invite{At: day(9, 1, 9), Invitation: "I-1", Kind: model.FirstVisit})
	apply("accept", model.Accept{At: day(9, 3, 18), Invitation: "I-1"})
	apply("schedule", model.Schedule{
		At: day(9, 4, 10), Visit: "V-1", Kind: model.FirstVisit,
		Start: day(9, 16, 17), Duration: 40 * time.Minute,
		Visitors: []model.EducatorID{"E-1", "E-2"}, Students: []model.StudentID{"S-1"},
	})
	apply("complete", model.Complete{At: day(9, 16, 18), Visit: "V-1"})
	apply("reflect", model.Reflect{At: day(9, 16, 19), Visit: "V-1", By: []model.EducatorID{"E-1", "E-2"}, CoveredBias: new(true)})
	apply("communicate", model.Communicate{At: day(9, 30, 15), Direction: model.FamilyToSchool, Channel: model.Text})

	// Completing the visit again is incoherent: the record is unchanged.
	err := j.Apply(model.Complete{At: day(10, 1, 9), Visit: "V-1"})
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
