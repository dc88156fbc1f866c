package model_test

import (
	"errors"
	"fmt"
	"os"
	"slices"
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
		fmt.Printf("%s: %d minutes outside the working day\n", id,
			ds.Calendar.MinutesOutsideWorkingDay(ds.Year, x.WorkingHours(e), v.Start, time.Duration(v.Duration)))
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

// A caller that walks every family — a report, an export, a checker —
// reads each family's records by position instead of looking each id up.
func ExampleIndex_FamilyRecordsAt() {
	const doc = `{
  "format": "pthv/v1",
  "district": {"id": "D1"},
  "year": {"id": "2025-26", "first_day": "2025-08-18", "last_day": "2026-06-05"},
  "calendar": {"time_zone": "America/Los_Angeles", "hours": {"start": "08:00", "end": "15:00"}},
  "schools": [{"id": "S1"}],
  "families": [{"id": "F1"}, {"id": "F2"}],
  "students": [
    {"id": "ST1", "school": "S1", "grade": 3, "family": "F1"},
    {"id": "ST2", "school": "S1", "grade": 0, "family": "F1"},
    {"id": "ST3", "school": "S1", "grade": 5, "family": "F2"}
  ],
  "invitations": [{"id": "I1", "family": "F2", "kind": "first", "sent_at": "2025-08-20T16:00:00-07:00"}]
}`
	ds, err := model.DecodeDataset("district.json", strings.NewReader(doc))
	if err != nil {
		fmt.Println(err)
		return
	}
	x, err := ds.ValidIndex()
	if err != nil {
		fmt.Println(err)
		return
	}
	for k, f := range ds.Families {
		recs := x.FamilyRecordsAt(k)
		youngest := ds.Students[x.YoungestAt(k)].ID
		fmt.Printf("%s: %d students (youngest %s), %d invitations\n", f.ID, len(recs.Students), youngest, len(recs.Invitations))
	}
	// Output:
	// F1: 2 students (youngest ST2), 0 invitations
	// F2: 1 students (youngest ST3), 1 invitations
}

// Tabulating the audit attributes of many families reuses one slice
// instead of building a map per family. A family's values come from its
// students in scope: flags from any of them, the rest, with grade and
// school, from the youngest.
func ExampleIndex_AppendFamilyAttributesAmong() {
	const doc = `{
  "format": "pthv/v1",
  "district": {"id": "D1"},
  "year": {"id": "2025-26", "first_day": "2025-08-18", "last_day": "2026-06-05"},
  "calendar": {"time_zone": "America/Los_Angeles", "hours": {"start": "08:00", "end": "15:00"}},
  "schools": [{"id": "S1"}],
  "families": [{"id": "F1"}, {"id": "F2"}],
  "students": [
    {"id": "ST1", "school": "S1", "grade": 3, "family": "F1", "attributes": {"ell": "no", "home_language": "es"}},
    {"id": "ST2", "school": "S1", "grade": 1, "family": "F1", "attributes": {"ell": "yes", "home_language": "en"}},
    {"id": "ST3", "school": "S1", "grade": 5, "family": "F2", "attributes": {"ell": "no", "home_language": "vi"}}
  ]
}`
	ds, err := model.DecodeDataset("district.json", strings.NewReader(doc))
	if err != nil {
		fmt.Println(err)
		return
	}
	x, err := ds.ValidIndex()
	if err != nil {
		fmt.Println(err)
		return
	}
	// Within a grade-3-and-up scope, F1's youngest student is ST1, and
	// ST2's flag (grade 1) is not F1's there.
	gradeThreeUp := func(s *model.Student) bool { return s.Grade >= 3 }
	var attrs []model.Attribute
	for _, f := range ds.Families {
		attrs = x.AppendFamilyAttributesAmong(attrs[:0], f.ID, gradeThreeUp)
		slices.SortFunc(attrs, func(a, b model.Attribute) int { return strings.Compare(a.Name, b.Name) })
		fmt.Println(f.ID, attrs)
	}
	// Output:
	// F1 [{ell no} {grade 3} {home_language es} {school S1}]
	// F2 [{ell no} {grade 5} {home_language vi} {school S1}]
}
