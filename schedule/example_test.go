package schedule_test

import (
	"fmt"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/schedule"
)

// exampleDataset is a school with one standing pair and three families who
// accepted a visit; two can meet on Tuesday evenings, one on Saturdays.
func exampleDataset() (*model.Dataset, time.Time) {
	cal, _ := model.NewCalendar("America/Los_Angeles", model.Hours{Start: model.NewClock(8, 0), End: model.NewClock(15, 0)})
	loc := cal.Location()
	year := model.NewSchoolYear(model.NewDate(2025, time.August, 18), model.NewDate(2026, time.June, 5))
	trained := []model.Training{{Date: model.NewDate(2025, time.June, 10), Kind: model.InitialTraining}}
	ds := &model.Dataset{Format: model.Format, Year: year, Calendar: cal, Policy: model.DefaultPolicy(),
		Schools: []model.School{{ID: "S1"}},
		Educators: []model.Educator{
			{ID: "E-1", School: "S1", Role: model.Certificated, Position: model.Teacher, Trainings: trained, OptIns: []model.SchoolYearID{year.ID}},
			{ID: "E-2", School: "S1", Role: model.Classified, Position: model.Liaison, Trainings: trained, OptIns: []model.SchoolYearID{year.ID}},
		},
	}
	asOf := time.Date(2025, time.August, 11, 9, 0, 0, 0, loc)
	for i, w := range []model.Window{
		{Weekday: time.Tuesday, Start: model.NewClock(16, 0), End: model.NewClock(19, 0)},
		{Weekday: time.Tuesday, Start: model.NewClock(16, 0), End: model.NewClock(19, 0)},
		{Weekday: time.Saturday, Start: model.NewClock(10, 0), End: model.NewClock(12, 0)},
	} {
		f := model.FamilyID(fmt.Sprintf("F-%d", i+1))
		ds.Families = append(ds.Families, model.Family{ID: f, Availability: []model.Window{w}})
		ds.Students = append(ds.Students, model.Student{ID: model.StudentID(fmt.Sprintf("ST-%d", i+1)), School: "S1", Family: f,
			Teachers: []model.EducatorID{"E-1"}})
		ds.Invitations = append(ds.Invitations, model.Invitation{ID: model.InvitationID(fmt.Sprintf("I-%d", i+1)), Family: f,
			SentAt: asOf.AddDate(0, 0, -10), Response: model.Accepted, RespondedAt: asOf.AddDate(0, 0, -3)})
	}
	return ds, asOf
}

// Plan a school year: first visits in the summer, second visits in winter,
// every visit by the pair, on the families' own evenings and weekends.
func ExamplePlan() {
	ds, asOf := exampleDataset()
	s, err := schedule.Plan(ds, asOf, schedule.Options{
		Teams: []schedule.Team{{Educators: []model.EducatorID{"E-1", "E-2"}}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range s.Appointments {
		cost, err := a.CostCents()
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s %-6s %s %s, %s, %d min outside the working day, %d cents\n", a.Family, a.Kind,
			a.Start.Format("Mon 2006-01-02 15:04"), a.Season, a.Location.Kind, a.MinutesOutside(), cost)
	}
	fmt.Printf("first visits %d, second visits %d, proven optimal: %v\n", s.Objective.FirstVisits, s.Objective.SecondVisits, s.Proven)
	fmt.Printf("pay: %d cents from %s\n", s.Totals.Cents, s.Totals.BySource[0].Source)
	// Output:
	// F-1 first  Tue 2025-08-12 16:00 summer, home, 80 min outside the working day, 5334 cents
	// F-2 first  Tue 2025-08-12 17:00 summer, home, 80 min outside the working day, 5334 cents
	// F-3 first  Sat 2025-08-16 10:00 summer, home, 80 min outside the working day, 5334 cents
	// F-1 second Tue 2025-12-02 16:00 winter, home, 80 min outside the working day, 5334 cents
	// F-2 second Tue 2025-12-02 17:00 winter, home, 80 min outside the working day, 5334 cents
	// F-3 second Sat 2025-12-06 10:00 winter, home, 80 min outside the working day, 5334 cents
	// first visits 3, second visits 3, proven optimal: true
	// pay: 32004 cents from district
}

// A snow day closes school on the day of two appointments: only those move,
// each keeping its earlier time in its history.
func ExampleRepair() {
	ds, asOf := exampleDataset()
	s, _ := schedule.Plan(ds, asOf, schedule.Options{})
	snow := schedule.SchoolClosed{
		From: model.NewDate(2025, time.December, 2), To: model.NewDate(2025, time.December, 2), Name: "snow day",
		At: time.Date(2025, time.December, 1, 18, 0, 0, 0, ds.Calendar.Location()),
	}
	r, rep, err := schedule.Repair(ds, s, snow)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("moved:", rep.Moved, "cancelled:", rep.Cancelled)
	for _, id := range rep.Moved {
		a, _ := r.Appointment(id)
		fmt.Printf("%s now %s, was %s (rescheduled %d time)\n", id, a.Start.Format("Mon 2006-01-02 15:04"),
			a.Reschedules[0].FromStart.Format("Mon 2006-01-02 15:04"), len(a.Reschedules))
	}
	cancel := schedule.FamilyCancels{Family: "F-3", At: snow.At}
	r, rep, _ = schedule.Repair(ds, r, cancel)
	a, _ := r.Appointment(rep.Cancelled[0])
	fmt.Println("cancelled:", rep.Cancelled, a.Status, "by", a.CancelledBy)
	// Output:
	// moved: [SCH-F-1-2 SCH-F-2-2] cancelled: []
	// SCH-F-1-2 now Tue 2025-12-09 16:00, was Tue 2025-12-02 16:00 (rescheduled 1 time)
	// SCH-F-2-2 now Tue 2025-12-09 17:00, was Tue 2025-12-02 17:00 (rescheduled 1 time)
	// cancelled: [SCH-F-3-2] cancelled by family
}

// DefaultVisitors pairs each family's teacher with a colleague when no
// standing teams are given.
func ExampleDefaultVisitors() {
	ds, asOf := exampleDataset()
	v := schedule.DefaultVisitors(ds, asOf)
	for _, f := range []model.FamilyID{"F-1", "F-2", "F-3"} {
		fmt.Println(f, v[f])
	}
	// Output:
	// F-1 [E-1 E-2]
	// F-2 [E-1 E-2]
	// F-3 [E-1 E-2]
}

// Recorded reads back the visits a dataset holds as scheduled, so a repair
// can move visits booked earlier — here, when the liaison is away on the
// Tuesday of two second visits.
func ExampleRecorded() {
	ds, asOf := exampleDataset()
	s, _ := schedule.Plan(ds, asOf, schedule.Options{})
	ds.Visits = append(ds.Visits, s.Visits()...)

	now := time.Date(2025, time.November, 20, 12, 0, 0, 0, ds.Calendar.Location())
	rec, err := schedule.Recorded(ds, now, schedule.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(rec.Appointments), "appointments after", now.Format(time.DateOnly))
	away := schedule.EducatorUnavailable{Educator: "E-2", From: model.NewDate(2025, time.December, 2),
		To: model.NewDate(2025, time.December, 2), At: now}
	r, rep, _ := schedule.Repair(ds, rec, away)
	for _, id := range rep.Moved {
		a, _ := r.Appointment(id)
		fmt.Printf("%s now %s\n", id, a.Start.Format("Mon 2006-01-02 15:04"))
	}
	// Output:
	// 3 appointments after 2025-11-20
	// SCH-F-1-2 now Tue 2025-12-09 16:00
	// SCH-F-2-2 now Tue 2025-12-09 17:00
}

// A coordinator's monthly payroll from the visits on record: the teacher's
// evening visit is paid per visit from Title I, the liaison's by a stipend,
// and a visit with no pay record shows the minutes that may be owed.
func ExamplePayroll() {
	ds, _ := exampleDataset()
	loc := ds.Calendar.Location()
	evening := func(day int) time.Time { return time.Date(2025, time.September, day, 17, 0, 0, 0, loc) }
	ds.Visits = []model.Visit{
		{ID: "V-1", Family: "F-1", Status: model.Completed, Start: evening(9), Duration: model.Duration(40 * time.Minute),
			Visitors: []model.EducatorID{"E-1", "E-2"}, Compensation: []model.Compensation{
				{Educator: "E-1", MinutesOutside: 40, AmountCents: 2667, Source: model.TitleI},
				{Educator: "E-2", MinutesOutside: 40, Stipend: true}}},
		{ID: "V-2", Family: "F-2", Status: model.Completed, Start: evening(16), Duration: model.Duration(40 * time.Minute),
			Visitors: []model.EducatorID{"E-1", "E-2"}},
	}
	lines, err := schedule.Payroll(model.NewIndex(ds), time.Date(2025, time.October, 1, 0, 0, 0, 0, loc), "2025-09")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range lines {
		fmt.Printf("%s %s: %d visits (%d by stipend), %d min paid, %d min with no pay record, %s\n", l.Period, l.Educator,
			l.CompletedVisits, l.StipendVisits, l.MinutesOutside, l.MinutesUnrecorded, model.FormatDollars(l.TotalCents))
	}
	// Output:
	// 2025-09 E-1: 2 visits (0 by stipend), 40 min paid, 40 min with no pay record, $26.67
	// 2025-09 E-2: 2 visits (1 by stipend), 40 min paid, 40 min with no pay record, $0.00
}

// A Planner plans the same dataset round after round as its record
// grows, keeping its layout of the year from one run to the next: here
// the first visits, booked, then the second visits.
func ExampleNewPlanner() {
	ds, asOf := exampleDataset()
	pl := schedule.NewPlanner(ds)
	opt := schedule.Options{Teams: []schedule.Team{{Educators: []model.EducatorID{"E-1", "E-2"}}}}
	for _, k := range []model.VisitKind{model.FirstVisit, model.SecondVisit} {
		opt.Kind = k
		s, err := pl.Plan(asOf, opt)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, a := range s.Appointments {
			fmt.Printf("%s %-6s %s\n", a.Family, a.Kind, a.Start.Format("Mon 2006-01-02 15:04"))
			ds.Visits = append(ds.Visits, a.Visit())
		}
	}
	// Output:
	// F-1 first  Tue 2025-08-12 16:00
	// F-2 first  Tue 2025-08-12 17:00
	// F-3 first  Sat 2025-08-16 10:00
	// F-1 second Tue 2025-12-02 16:00
	// F-2 second Tue 2025-12-02 17:00
	// F-3 second Sat 2025-12-06 10:00
}
