package model_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/homevisits/pthv/model"
)

func ExampleDecodeDataset() {
	const doc = `{
  "format": "pthv/v1",
  "district": {"id": "D1"},
  "year": {"id": "2025-26", "first_day": "2025-08-18", "last_day": "2026-06-05"},
  "calendar": {"time_zone": "America/Los_Angeles", "hours": {"start": "08:00", "end": "15:00"}},
  "policy": {"reflect_within": "5d"},
  "schools": [{"id": "S1"}],
  "educators": [
    {"id": "E1", "school": "S1", "role": "certificated", "position": "teacher"},
    {"id": "E2", "school": "S1", "role": "classified", "position": "liaison",
     "working_hours": {"start": "10:00", "end": "17:00"}}
  ],
  "families": [{"id": "F1"}],
  "students": [{"id": "ST1", "school": "S1", "grade": 3, "family": "F1"}],
  "visits": [
    {"id": "V1", "students": ["ST1"], "family": "F1", "kind": "first", "status": "completed",
     "start": "2025-09-16T14:40:00-07:00", "duration": "40m", "visitors": ["E1", "E2"]}
  ]
}`
	ds, err := model.DecodeDataset("district.json", strings.NewReader(doc))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d educators, %d students, %d visits\n", len(ds.Educators), len(ds.Students), len(ds.Visits))
	fmt.Println("reflect within:", ds.Policy.ReflectWithin, "min notice:", ds.Policy.MinNotice)

	// Each visitor's minutes outside their own working day.
	x := model.NewIndex(ds)
	v := ds.Visits[0]
	for _, id := range v.Visitors {
		e, _ := x.Educator(id)
		school, _ := x.School(e.School)
		hours := model.WorkingHours(e, school, ds.Calendar)
		fmt.Printf("%s: %d minutes outside the working day\n", id,
			ds.Calendar.MinutesOutsideWorkingDay(ds.Year, hours, v.Start, time.Duration(v.Duration)))
	}
	// Output:
	// 2 educators, 1 students, 1 visits
	// reflect within: 5d min notice: 24h
	// E1: 20 minutes outside the working day
	// E2: 0 minutes outside the working day
}

func ExampleDecodeDataset_error() {
	const doc = `{
  "format": "pthv/v1",
  "district": {"id": "D1"},
  "year": {"id": "2025-26", "first_day": "2025-08-18", "last_day": "2026-06-05"},
  "calendar": {"time_zone": "America/Los_Angeles", "hours": {"start": "08:00", "end": "15:00"}},
  "families": [{"id": "F1"}],
  "visits": [
    {"id": "V1", "family": "F1", "status": "completed", "start": "2025-09-16T17:00:00-07:00",
     "duration": "-40m"}
  ]
}`
	_, err := model.DecodeDataset("district.json", strings.NewReader(doc))
	fmt.Println(err)
	fmt.Println(errors.Is(err, model.ErrInvalid))
	// Output:
	// district.json:8: visit "V1": duration: invalid value: -40m: must not be negative
	// true
}

func ExampleCalendar_MinutesOutsideWorkingDay() {
	cal, err := model.NewCalendar("America/Los_Angeles", model.Hours{Start: model.NewClock(8, 0), End: model.NewClock(15, 0)})
	if err != nil {
		fmt.Println(err)
		return
	}
	year := model.NewSchoolYear(model.NewDate(2025, time.August, 18), model.NewDate(2026, time.June, 5))
	la := cal.Location()

	tuesday := time.Date(2025, time.September, 16, 14, 40, 0, 0, la)
	fmt.Println("after school:", cal.MinutesOutsideWorkingDay(year, model.Hours{}, tuesday, 40*time.Minute))

	liaison := model.Hours{Start: model.NewClock(10, 0), End: model.NewClock(17, 0)}
	fmt.Println("liaison's own day:", cal.MinutesOutsideWorkingDay(year, liaison, tuesday, 40*time.Minute))

	saturday := time.Date(2025, time.September, 20, 10, 0, 0, 0, la)
	fmt.Println("saturday:", cal.MinutesOutsideWorkingDay(year, model.Hours{}, saturday, 40*time.Minute))

	summer := time.Date(2025, time.August, 12, 10, 0, 0, 0, la)
	fmt.Println("summer:", cal.MinutesOutsideWorkingDay(year, model.Hours{}, summer, 40*time.Minute))
	// Output:
	// after school: 20
	// liaison's own day: 0
	// saturday: 40
	// summer: 40
}

func ExampleCalendar_Season() {
	cal, err := model.NewCalendar("America/Los_Angeles", model.Hours{Start: model.NewClock(8, 0), End: model.NewClock(15, 0)})
	if err != nil {
		fmt.Println(err)
		return
	}
	year := model.NewSchoolYear(model.NewDate(2025, time.August, 18), model.NewDate(2026, time.June, 5))
	for _, d := range []model.Date{
		model.NewDate(2025, time.July, 15),
		model.NewDate(2025, time.October, 1),
		model.NewDate(2026, time.January, 12),
		model.NewDate(2026, time.April, 20),
		model.NewDate(2026, time.June, 20),
	} {
		fmt.Println(d, cal.Season(year, d))
	}
	// A district that starts winter with the new year.
	cal.Seasons.Winter = model.MonthDay{Month: time.January, Day: 1}
	fmt.Println(model.NewDate(2025, time.December, 10), cal.Season(year, model.NewDate(2025, time.December, 10)))
	// Output:
	// 2025-07-15 summer
	// 2025-10-01 fall
	// 2026-01-12 winter
	// 2026-04-20 spring
	// 2026-06-20 summer
	// 2025-12-10 fall
}

func ExamplePolicy_Validate() {
	p := model.DefaultPolicy()
	p.ReflectWithin = 45 // a month and a half is too late to reflect
	p.MinCellSize = 5    // small cells could re-identify students
	err := p.Validate()
	fmt.Println(err)
	fmt.Println(errors.Is(err, model.ErrPolicyBounds))
	// Output:
	// policy: min_cell_size: outside its allowed bounds: want ≥ 10
	// policy: reflect_within: outside its allowed bounds: want 1d to 30d
	// true
}

func ExampleEncodeDataset() {
	cal, err := model.NewCalendar("UTC", model.Hours{Start: model.NewClock(8, 0), End: model.NewClock(15, 0)})
	if err != nil {
		fmt.Println(err)
		return
	}
	ds := &model.Dataset{
		District: model.District{ID: "D1"},
		Year:     model.NewSchoolYear(model.NewDate(2025, time.August, 18), model.NewDate(2026, time.June, 5)),
		Calendar: cal,
		Policy:   model.DefaultPolicy(),
		Families: []model.Family{{ID: "F1"}},
		Visits: []model.Visit{{ID: "V1", Family: "F1", Status: model.Scheduled,
			Start: time.Date(2025, time.September, 16, 17, 0, 0, 0, time.UTC), Duration: model.Duration(40 * time.Minute)}},
		Contacts: &model.Contacts{Families: []model.FamilyContact{{Family: "F1", Phone: "555-0100"}}},
	}
	ds.Policy.Off = []string{"P5.group-size"}
	// Contacts stay out unless IncludeContacts is set.
	if err := model.EncodeDataset(os.Stdout, ds, model.EncodeOptions{Compact: true}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"format":"pthv/v1","district":{"id":"D1"},"year":{"id":"2025-26","first_day":"2025-08-18","last_day":"2026-06-05"},"calendar":{"time_zone":"UTC","hours":{"start":"08:00","end":"15:00"},"seasons":{"fall":"09-01","winter":"12-01","spring":"03-01"}},"policy":{"off":["P5.group-size"]},"families":[{"id":"F1"}],"visits":[{"id":"V1","family":"F1","status":"scheduled","start":"2025-09-16T17:00:00Z","duration":"40m"}]}
}
