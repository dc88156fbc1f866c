package practices_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
)

// program is a small school's record in October: one family invited and
// visited, by one teacher alone.
const program = `{
  "format": "pthv/v1",
  "district": {"id": "D1", "coordinator": "E-DC"},
  "year": {"id": "2025-26", "first_day": "2025-08-18", "last_day": "2026-06-05"},
  "calendar": {"time_zone": "America/Los_Angeles", "hours": {"start": "08:00", "end": "15:00"}},
  "schools": [{"id": "S1", "coordinator": "E-LI"}],
  "educators": [
    {"id": "E-DC", "role": "certificated", "position": "administrator"},
    {"id": "E-T1", "school": "S1", "role": "certificated", "position": "teacher",
     "trainings": [{"date": "2025-06-16", "kind": "initial"}], "opt_ins": ["2025-26"]},
    {"id": "E-LI", "school": "S1", "role": "classified", "position": "liaison", "languages": ["en", "es"],
     "trainings": [{"date": "2025-06-16", "kind": "initial"}], "opt_ins": ["2025-26"]}
  ],
  "families": [{"id": "F1", "languages": ["en"]}],
  "students": [{"id": "ST1", "school": "S1", "grade": 2, "family": "F1", "teachers": ["E-T1"]}],
  "plans": [{"id": "P1", "school": "S1", "method": "all", "scope": {"school": "S1"}}],
  "invitations": [{"id": "I1", "family": "F1", "kind": "first", "sent_at": "2025-08-01T16:00:00-07:00",
                   "plan": "P1", "response": "accepted", "responded_at": "2025-08-04T09:00:00-07:00"}],
  "visits": [{"id": "V1", "students": ["ST1"], "family": "F1", "kind": "first", "status": "completed",
              "arranged_at": "2025-09-25T12:00:00-07:00", "start": "2025-10-02T17:00:00-07:00", "duration": "35m",
              "location": {"kind": "home"}, "visitors": ["E-T1"],
              "topics": [{"kind": "hopes-and-dreams", "raised_by": "educator"}],
              "reflection": {"at": "2025-10-03T15:30:00-07:00", "by": ["E-T1"], "covered_bias": true}}]
}`

func ExampleCheck() {
	ds, err := model.DecodeDataset("program.json", strings.NewReader(program))
	if err != nil {
		fmt.Println(err)
		return
	}
	asOf := time.Date(2025, time.October, 15, 12, 0, 0, 0, ds.Calendar.Location())
	rep, err := practices.Check(ds, asOf, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	s := rep.Summary
	fmt.Printf("%d visit, %d violations, %d advisories, fidelity %.0f%%\n", s.Visits, s.Violations, s.Advisories, 100*s.Fidelity)
	for _, f := range rep.Findings {
		fmt.Printf("%s %s %v: %s\n", f.Severity, f.School, f.Records, f.Message)
	}
	// Output:
	// 1 visit, 2 violations, 0 advisories, fidelity 82%
	// violation S1 [V1 F1]: Visit V1 on 2025-10-02 has one educator; educators visit in pairs (P5.pair)
	// violation S1 [V1 F1]: Visit V1 on 2025-10-02 had no partner to reflect with; visitors reflect together afterwards (P5.reflection)
}

// A district system prepares its program once and checks it as often as it
// likes: as of other dates, or under a stricter policy.
func ExampleProgram_Check() {
	ds, err := model.DecodeDataset("program.json", strings.NewReader(program))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := practices.Prepare(ds)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, asOf := range []time.Time{
		time.Date(2025, time.October, 15, 12, 0, 0, 0, ds.Calendar.Location()),
		time.Date(2026, time.July, 1, 12, 0, 0, 0, ds.Calendar.Location()),
	} {
		rep, err := p.Check(asOf, nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		pending := 0
		for _, r := range rep.Rules {
			pending += r.Pending
		}
		fmt.Printf("%s: %d violations, %d advisories, %d units not yet due\n",
			asOf.Format("2006-01-02"), rep.Summary.Violations, rep.Summary.Advisories, pending)
	}
	// Output:
	// 2025-10-15: 2 violations, 0 advisories, 8 units not yet due
	// 2026-07-01: 2 violations, 3 advisories, 0 units not yet due
}

// A nil policy judges by the dataset's own; a *model.Policy overrides it,
// here to turn off the advisories on events a program has chosen not to hold.
func ExampleCheck_policy() {
	ds, err := model.DecodeDataset("program.json", strings.NewReader(program))
	if err != nil {
		fmt.Println(err)
		return
	}
	asOf := time.Date(2026, time.July, 1, 12, 0, 0, 0, ds.Calendar.Location())
	own, err := practices.Check(ds, asOf, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	quieter := ds.Policy
	quieter.Off = []string{"R.district-event", "R.school-celebration"}
	other, err := practices.Check(ds, asOf, &quieter)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, rep := range []practices.Report{own, other} {
		var advisories []string
		for _, f := range rep.Findings {
			if f.Severity == practices.Advisory {
				advisories = append(advisories, f.Rule)
			}
		}
		fmt.Println(rep.Summary.Violations, "violations; advisories:", advisories)
	}
	// Output:
	// 2 violations; advisories: [R.district-event P3.second-visit-offered R.school-celebration]
	// 2 violations; advisories: [P3.second-visit-offered]
}

// A command that reads a dataset file and checks it validates it once:
// the index that decoding's validation built is the one the program is
// prepared from.
func ExamplePrepareIndex() {
	x, err := model.DecodeIndex("program.json", []byte(program))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := practices.PrepareIndex(x)
	if err != nil {
		fmt.Println(err)
		return
	}
	ds := x.Dataset()
	rep, err := p.Check(time.Date(2025, time.October, 15, 12, 0, 0, 0, ds.Calendar.Location()), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d visit, %d violations\n", rep.Summary.Visits, rep.Summary.Violations)
	// Output:
	// 1 visit, 2 violations
}

func ExampleGuard() {
	ds, err := model.DecodeDataset("program.json", strings.NewReader(program))
	if err != nil {
		fmt.Println(err)
		return
	}
	loc := ds.Calendar.Location()
	now := time.Date(2026, time.January, 20, 10, 0, 0, 0, loc)
	proposed := model.Visit{
		ID: "V2", Students: []model.StudentID{"ST1"}, Family: "F1", Kind: model.SecondVisit, Status: model.Proposed,
		Start: time.Date(2026, time.February, 3, 16, 30, 0, 0, loc), Duration: model.Duration(40 * time.Minute),
		Location: model.Location{Kind: model.Home}, Visitors: []model.EducatorID{"E-T1"},
	}
	verdict, err := practices.Guard(model.NewIndex(ds), proposed, now, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("solo visit may be saved:", !verdict.HasViolation())
	for _, f := range verdict.Findings {
		fmt.Println(f.Rule, f.Severity, f.Records)
	}

	proposed.Visitors = append(proposed.Visitors, "E-LI")
	verdict, _ = practices.Guard(model.NewIndex(ds), proposed, now, nil)
	fmt.Println("paired visit may be saved:", !verdict.HasViolation())
	// Output:
	// solo visit may be saved: false
	// P5.pair violation [V2 F1]
	// paired visit may be saved: true
}

func ExampleRules() {
	for _, r := range practices.Rules() {
		if r.AtBooking {
			fmt.Printf("● %-25s %s\n", r.ID, r.Severity)
		}
	}
	// Output:
	// ● P1.family-consent         violation
	// ● P1.educator-consent       violation
	// ● P1.arranged-in-advance    violation
	// ● P1.declined-respected     violation
	// ● P2.trained                violation
	// ● P3.first-visit-no-agenda  violation
	// ● P3.location               advisory
	// ● P5.pair                   violation
	// ● P5.group-size             advisory
}

// A front office asks where a student's family stands: visited this year
// or not, what comes next.
func ExampleStudentYearOf() {
	ds, err := model.DecodeDataset("program.json", strings.NewReader(program))
	if err != nil {
		fmt.Println(err)
		return
	}
	asOf := time.Date(2025, time.November, 3, 12, 0, 0, 0, ds.Calendar.Location())
	sy, err := practices.StudentYearOf(model.NewIndex(ds), "ST1", asOf)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("visited this year:", sy.Visited())
	for _, pv := range sy.Visits {
		fmt.Println(pv.Visit.ID, pv.Place, "visit")
	}
	fmt.Println("family:", sy.Standing)
	fmt.Println("next:", sy.NextStep.Advice())
	// Output:
	// visited this year: true
	// V1 first visit
	// family: agreed
	// next: offer a second visit, in winter or spring, about academics and the hopes and dreams shared
}

// A district system shows the same answer as JSON: the wire form that
// `pthv lookup --format json` and the HTTP service both write.
func ExampleStudentYear_Status() {
	ds, err := model.DecodeDataset("program.json", strings.NewReader(program))
	if err != nil {
		fmt.Println(err)
		return
	}
	asOf := time.Date(2025, time.November, 3, 12, 0, 0, 0, ds.Calendar.Location())
	sy, err := practices.StudentYearOf(model.NewIndex(ds), "ST1", asOf)
	if err != nil {
		fmt.Println(err)
		return
	}
	st := sy.Status(ds.Calendar.Location())
	fmt.Println(st.Visits[0].Visit, st.Visits[0].Place, st.Visits[0].Start.Format(time.RFC3339))
	fmt.Println(st.Consent, st.Next == nil)
	// Output:
	// V1 first 2025-10-02T17:00:00-07:00
	// agreed true
}

// A district system loads the records Guard needs from its own database —
// no pthv/v1 file — and checks a booking before saving it.
func ExampleNewLookup() {
	loc, _ := time.LoadLocation("America/Los_Angeles")
	trained := []model.Training{{Date: model.NewDate(2025, time.June, 16), Kind: model.InitialTraining}}
	lookup := practices.NewLookup(practices.LookupRecords{
		Year:     model.NewSchoolYear(model.NewDate(2025, time.August, 18), model.NewDate(2026, time.June, 5)),
		Calendar: model.Calendar{TimeZone: "America/Los_Angeles", Hours: model.Hours{Start: 8 * 60, End: 15 * 60}},
		Educators: []model.Educator{
			{ID: "E-T1", Role: model.Certificated, Trainings: trained, OptIns: []model.SchoolYearID{"2025-26"}},
			{ID: "E-LI", Role: model.Classified, Trainings: trained, OptIns: []model.SchoolYearID{"2025-26"}},
		},
		Students: []model.Student{{ID: "ST1", Family: "F1"}},
		Invitations: []model.Invitation{{ID: "I1", Family: "F1", SentAt: time.Date(2025, time.August, 1, 16, 0, 0, 0, loc),
			Response: model.Accepted, RespondedAt: time.Date(2025, time.August, 4, 9, 0, 0, 0, loc)}},
	})
	now := time.Date(2025, time.September, 20, 10, 0, 0, 0, loc)
	proposed := model.Visit{ID: "V1", Family: "F1", Students: []model.StudentID{"ST1"}, Status: model.Proposed,
		Start: time.Date(2025, time.October, 2, 17, 0, 0, 0, loc), Duration: model.Duration(40 * time.Minute),
		Location: model.Location{Kind: model.Home}, Visitors: []model.EducatorID{"E-T1", "E-XX"}}
	verdict, err := practices.Guard(lookup, proposed, now, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range verdict.Findings {
		fmt.Println(f.Rule+":", f.Message)
	}
	// Output:
	// P1.educator-consent: Educator E-XX on visit V1 (2025-10-02) is unknown: the program has no record of them, so no opt-in for 2025-26; visits are voluntary for educators (P1.educator-consent)
	// P2.trained: Educator E-XX on visit V1 (2025-10-02) is unknown: the program has no record of them, so no PTHV training completed before that day (P2.trained)
}
