package model_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// validDataset builds, in code, a small dataset with one record of every
// kind; each case of TestValidate breaks one field of it.
func validDataset(t testing.TB) *model.Dataset {
	t.Helper()
	cal := laCalendar(t)
	la := cal.Location()
	at := func(m time.Month, d, h int) time.Time { return time.Date(2025, m, d, h, 0, 0, 0, la) }
	cal.Week = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	y := year2025()
	y.SummerStart = model.NewDate(2025, time.June, 16)
	grade := model.Grade(2)
	yes := true
	policy := model.DefaultPolicy()
	policy.Off = []string{"P5.group-size"}
	return &model.Dataset{
		Format:   model.Format,
		District: model.District{ID: "D1", Name: "Meadowview Unified", Coordinator: "E1"},
		Year:     y,
		Calendar: cal,
		Policy:   policy,
		Revision: 3,
		Schools: []model.School{{ID: "S1", Name: "Meadowview Elementary", Coordinator: "E2", Liaisons: []model.EducatorID{"E2"},
			Hours: &model.Hours{Start: model.NewClock(7, 45), End: model.NewClock(14, 45)}}},
		Classes: []model.Class{{ID: "C1", School: "S1", Name: "Room 12", Grade: &grade, Teachers: []model.EducatorID{"E1"}}},
		Educators: []model.Educator{
			{ID: "E1", School: "S1", Role: model.Certificated, Position: model.Teacher,
				Trainings: []model.Training{{Date: model.NewDate(2025, time.June, 10), Kind: model.InitialTraining}},
				Languages: []model.Language{"en"},
				OptIns:    []model.SchoolYearID{"2024-25", "2025-26"},
				Prefer:    []model.EducatorID{"E2"},
				Avoid:     []model.EducatorID{"E3"}},
			{ID: "E2", School: "S1", Role: model.Classified, Position: model.Liaison,
				Trainings:    []model.Training{{Date: model.NewDate(2025, time.June, 10), Kind: model.InitialTraining}},
				OptIns:       []model.SchoolYearID{"2025-26"},
				Stipends:     []model.Stipend{{Year: "2025-26", AmountCents: 50000, Source: model.Foundation}},
				WorkingHours: &model.Hours{Start: model.NewClock(10, 0), End: model.NewClock(17, 0)},
				Availability: []model.Window{{Weekday: time.Tuesday, Start: model.NewClock(17, 0), End: model.NewClock(19, 0)}}},
			{ID: "E3", Role: model.Certificated, Position: model.Administrator},
		},
		Students: []model.Student{
			{ID: "ST1", School: "S1", Grade: 2, Family: "F1", Classes: []model.ClassID{"C1"}, Teachers: []model.EducatorID{"E1"},
				Attributes: map[string]string{"ell": "yes", "home_language": "es"}},
			{ID: "ST2", School: "S1", Grade: 5, Family: "F1"},
		},
		Families: []model.Family{{ID: "F1", Languages: []model.Language{"es"}, NeedsInterpreter: true, LocationPreference: model.Park,
			Availability: []model.Window{{Weekday: time.Thursday, Start: model.NewClock(16, 0), End: model.NewClock(19, 30)}}}, {ID: "F2"}},
		PastPairs: []model.PastPair{{Year: "2024-25", Educators: []model.EducatorID{"E1", "E2"}}},
		Plans: []model.Plan{{ID: "P1", School: "S1", Method: "stratified", Scope: map[string]string{"school": "S1", "grade": "2"},
			Criteria: []string{"grade"}, Balance: []string{"ell"}, Share: 0.5, Count: 1, TeacherCap: 12,
			Priority: []model.FamilyID{"F2", "F1"}, Population: 2, Seed: 42, RequiredOf: []model.Party{model.ByEducator}}},
		Goals: []model.Goal{{ID: "G1", School: "S1", CoverageTarget: 0.3, RequiredOf: []model.Party{model.ByEducator}, PerEducatorQuota: 5}},
		Invitations: []model.Invitation{{ID: "I1", Family: "F1", Students: []model.StudentID{"ST1", "ST2"},
			Origin: model.SchoolInvitation, Kind: model.FirstVisit, SentAt: at(time.August, 1, 16), By: "E1", Plan: "P1",
			Method: "stratified", Criteria: []string{"grade"}, ContactAttempts: []time.Time{at(time.August, 3, 17)},
			Response: model.Accepted, RespondedAt: at(time.August, 4, 10)}},
		Withdrawals: []model.Withdrawal{{Family: "F2", At: at(time.September, 1, 9)}},
		Visits: []model.Visit{{
			ID: "V1", Students: []model.StudentID{"ST1", "ST2"}, Family: "F1", Kind: model.FirstVisit,
			Status: model.Completed, CancelledBy: model.ByFamily, ArrangedAt: at(time.September, 2, 12),
			Start: at(time.September, 16, 17), Duration: model.Duration(40 * time.Minute),
			Location:        model.Location{Kind: model.Park, RequestedBy: model.ByFamily},
			ReferencesFirst: &yes,
			Reschedules:     []model.Rescheduling{{At: at(time.September, 2, 12), FromStart: at(time.September, 9, 17), By: model.ByFamily}},
			Visitors:        []model.EducatorID{"E1", "E2"},
			Interpreters:    []model.Interpreter{{ID: "INT1", Languages: []model.Language{"es"}, Educator: "E3"}},
			Topics:          []model.Topic{{Kind: model.HopesAndDreams, RaisedBy: model.ByEducator}},
			Reflection:      &model.Reflection{At: at(time.September, 17, 15), By: []model.EducatorID{"E1", "E2"}, CoveredBias: &yes},
			Compensation: []model.Compensation{{Educator: "E1", MinutesOutside: 40, AmountCents: 2667, Source: model.TitleI},
				{Educator: "E2", MinutesOutside: 0, Stipend: true}},
		}},
		Communications: []model.Communication{{ID: "M1", Family: "F1", At: at(time.October, 1, 15), Direction: model.SchoolToFamily, Channel: model.Text, Educator: "E1"}},
		Events:         []model.Event{{ID: "EV1", Level: model.SchoolLevel, School: "S1", Date: model.NewDate(2026, time.May, 14), Kind: model.Celebration, FamilyVoices: true}},
		Contacts: &model.Contacts{
			Families: []model.FamilyContact{{Family: "F1", Address: "1 Example Way", Phone: "555-0100",
				Guardians: []model.Person{{Name: "Rosa Example", Phone: "555-0101", Email: "rosa@example.org"}}}},
			Educators: []model.PersonContact{{Educator: "E1", Person: model.Person{Name: "Ada Teacher", Phone: "555-0199", Email: "ada@example.org"}}},
			Students:  []model.StudentContact{{Student: "ST1", Name: "Sam"}},
		},
	}
}

func TestValidDatasetValidates(t *testing.T) {
	require.NoError(t, validDataset(t).Validate())
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(ds *model.Dataset)
		want   error
		msg    string // the start of one error's message
	}{
		{"district id", func(ds *model.Dataset) { ds.District.ID = "" }, model.ErrMissing, `district: id: required`},
		{"district coordinator", func(ds *model.Dataset) { ds.District.Coordinator = "E9" }, model.ErrDangling, `district: coordinator: refers to no record: no educator "E9"`},
		{"year id", func(ds *model.Dataset) { ds.Year.ID = "" }, model.ErrMissing, `year: id: required`},
		{"year first day", func(ds *model.Dataset) { ds.Year.FirstDay = model.Date{} }, model.ErrMissing, `year: first_day: required`},
		{"year last day", func(ds *model.Dataset) { ds.Year.LastDay = model.Date{} }, model.ErrMissing, `year: last_day: required`},
		{"year backwards", func(ds *model.Dataset) { ds.Year.LastDay = ds.Year.FirstDay.AddDays(-1) }, model.ErrInvalid, `year: last_day: invalid value: 2025-08-17 is before first_day 2025-08-18`},
		{"summer after first day", func(ds *model.Dataset) { ds.Year.SummerStart = ds.Year.FirstDay.AddDays(1) }, model.ErrInvalid, `year: summer_start: invalid value`},
		{"time zone missing", func(ds *model.Dataset) { ds.Calendar = model.Calendar{Hours: schoolHours} }, model.ErrMissing, `calendar: time_zone: required`},
		{"time zone unknown", func(ds *model.Dataset) { ds.Calendar = model.Calendar{TimeZone: "Nowhere/Land", Hours: schoolHours} }, model.ErrInvalid, `calendar: time_zone: invalid value: unknown IANA time zone "Nowhere/Land"`},
		{"time zone Local", func(ds *model.Dataset) { ds.Calendar.TimeZone = "Local" }, model.ErrInvalid, `calendar: time_zone: invalid value: "Local" is not an IANA time zone name`},
		{"time zone file", func(ds *model.Dataset) { ds.Calendar.TimeZone = "posixrules" }, model.ErrInvalid, `calendar: time_zone: invalid value: "posixrules" is not an IANA time zone name`},
		{"time zone folder", func(ds *model.Dataset) { ds.Calendar.TimeZone = "America" }, model.ErrInvalid, `calendar: time_zone: invalid value: unknown IANA time zone "America"`},
		{"calendar hours", func(ds *model.Dataset) { ds.Calendar.Hours = model.Hours{} }, model.ErrInvalid, `calendar: hours: invalid value: start 00:00 must be before end 00:00`},
		{"calendar week", func(ds *model.Dataset) { ds.Calendar.Week = []time.Weekday{time.Monday, 7} }, model.ErrInvalid, `calendar: week[1]: invalid value: weekday 7`},
		{"closure backwards", func(ds *model.Dataset) { ds.Calendar.Closures[0].To = ds.Calendar.Closures[0].From.AddDays(-1) }, model.ErrInvalid, `calendar: closures[0]: invalid value: to 2025-11-26 is before from 2025-11-27`},
		{"closure from", func(ds *model.Dataset) { ds.Calendar.Closures[1].From = model.Date{} }, model.ErrMissing, `calendar: closures[1].from: required`},
		{"policy", func(ds *model.Dataset) { ds.Policy.MinCellSize = 5 }, model.ErrPolicyBounds, `policy: min_cell_size: outside its allowed bounds`},
		{"school id", func(ds *model.Dataset) { ds.Schools[0].ID = "" }, model.ErrMissing, `schools[0]: id: required`},
		{"school liaison", func(ds *model.Dataset) { ds.Schools[0].Liaisons = []model.EducatorID{"E2", ""} }, model.ErrMissing, `school "S1": liaisons[1]: required`},
		{"school hours", func(ds *model.Dataset) {
			ds.Schools[0].Hours = &model.Hours{Start: model.NewClock(15, 0), End: model.NewClock(8, 0)}
		}, model.ErrInvalid, `school "S1": hours: invalid value`},
		{"class school", func(ds *model.Dataset) { ds.Classes[0].School = "" }, model.ErrMissing, `class "C1": school: required`},
		{"class grade", func(ds *model.Dataset) { g := model.Grade(14); ds.Classes[0].Grade = &g }, model.ErrInvalid, `class "C1": grade: invalid value: 14`},
		{"educator duplicate", func(ds *model.Dataset) { ds.Educators[1].ID = "E1" }, model.ErrDuplicateID, `educator "E1": id: duplicate id: also educators[0]`},
		{"educator role", func(ds *model.Dataset) { ds.Educators[0].Role = "" }, model.ErrMissing, `educator "E1": role: required`},
		{"educator school", func(ds *model.Dataset) { ds.Educators[0].School = "S7" }, model.ErrDangling, `educator "E1": school: refers to no record: no school "S7"`},
		{"training date", func(ds *model.Dataset) { ds.Educators[0].Trainings[0].Date = model.Date{} }, model.ErrMissing, `educator "E1": trainings[0].date: required`},
		{"training kind", func(ds *model.Dataset) { ds.Educators[0].Trainings[0].Kind = "" }, model.ErrMissing, `educator "E1": trainings[0].kind: required`},
		{"stipend year", func(ds *model.Dataset) { ds.Educators[1].Stipends[0].Year = "" }, model.ErrMissing, `educator "E2": stipends[0].year: required`},
		{"stipend amount", func(ds *model.Dataset) { ds.Educators[1].Stipends[0].AmountCents = -1 }, model.ErrInvalid, `educator "E2": stipends[0].amount_cents: invalid value: -1: must not be negative`},
		{"stipend amount too large", func(ds *model.Dataset) { ds.Educators[1].Stipends[0].AmountCents = model.MaxAmountCents + 1 }, model.ErrInvalid, `educator "E2": stipends[0].amount_cents: invalid value: 10000001: must be at most 10000000 cents ($100000.00)`},
		{"opt-in", func(ds *model.Dataset) { ds.Educators[0].OptIns = append(ds.Educators[0].OptIns, "") }, model.ErrMissing, `educator "E1": opt_ins[2]: required`},
		{"working hours", func(ds *model.Dataset) { ds.Educators[1].WorkingHours.End = model.NewClock(9, 0) }, model.ErrInvalid, `educator "E2": working_hours: invalid value: start 10:00 must be before end 09:00`},
		{"availability weekday", func(ds *model.Dataset) { ds.Educators[1].Availability[0].Weekday = 9 }, model.ErrInvalid, `educator "E2": availability[0]: invalid value: weekday 9`},
		{"prefer", func(ds *model.Dataset) { ds.Educators[0].Prefer = []model.EducatorID{"E8"} }, model.ErrDangling, `educator "E1": prefer[0]: refers to no record`},
		{"student family", func(ds *model.Dataset) { ds.Students[1].Family = "" }, model.ErrMissing, `student "ST2": family: required`},
		{"student grade", func(ds *model.Dataset) { ds.Students[1].Grade = -2 }, model.ErrInvalid, `student "ST2": grade: invalid value: -2: want -1 (PK) to 12`},
		{"student class", func(ds *model.Dataset) { ds.Students[0].Classes = []model.ClassID{"C9"} }, model.ErrDangling, `student "ST1": classes[0]: refers to no record: no class "C9"`},
		{"student teacher", func(ds *model.Dataset) { ds.Students[0].Teachers = []model.EducatorID{"E7"} }, model.ErrDangling, `student "ST1": teachers[0]: refers to no record: no educator "E7"`},
		{"family availability", func(ds *model.Dataset) {
			ds.Families[0].Availability = []model.Window{{Weekday: time.Monday, Start: model.NewClock(18, 0), End: model.NewClock(17, 0)}}
		}, model.ErrInvalid, `family "F1": availability[0]: invalid value: start 18:00 must be before end 17:00`},
		{"past pair of one", func(ds *model.Dataset) { ds.PastPairs[0].Educators = ds.PastPairs[0].Educators[:1] }, model.ErrInvalid, `past_pairs[0]: educators: invalid value: a pair needs at least 2 educators`},
		{"past pair year", func(ds *model.Dataset) { ds.PastPairs[0].Year = "" }, model.ErrMissing, `past_pairs[0]: year: required`},
		{"plan method", func(ds *model.Dataset) { ds.Plans[0].Method = "" }, model.ErrMissing, `plan "P1": method: required`},
		{"plan share zero or less", func(ds *model.Dataset) { ds.Plans[0].Share = -0.25 }, model.ErrInvalid, `plan "P1": share: invalid value: -0.25: want a share above 0 and up to 1`},
		{"plan share above 1", func(ds *model.Dataset) { ds.Plans[0].Share = 1.5 }, model.ErrInvalid, `plan "P1": share: invalid value: 1.5`},
		{"plan share NaN", func(ds *model.Dataset) { ds.Plans[0].Share = math.NaN() }, model.ErrInvalid, `plan "P1": share: invalid value: NaN`},
		{"plan count", func(ds *model.Dataset) { ds.Plans[0].Count = -1 }, model.ErrInvalid, `plan "P1": count: invalid value: -1: must not be negative`},
		{"plan teacher cap", func(ds *model.Dataset) { ds.Plans[0].TeacherCap = -2 }, model.ErrInvalid, `plan "P1": teacher_cap: invalid value: -2: must not be negative`},
		{"plan population", func(ds *model.Dataset) { ds.Plans[0].Population = -3 }, model.ErrInvalid, `plan "P1": population: invalid value: -3`},
		{"plan priority dangling", func(ds *model.Dataset) { ds.Plans[0].Priority[1] = "F9" }, model.ErrDangling, `plan "P1": priority[1]: refers to no record: no family "F9"`},
		{"plan priority empty", func(ds *model.Dataset) { ds.Plans[0].Priority[0] = "" }, model.ErrMissing, `plan "P1": priority[0]: required`},
		{"goal coverage", func(ds *model.Dataset) { ds.Goals[0].CoverageTarget = 1.5 }, model.ErrInvalid, `goal "G1": coverage_target: invalid value: 1.5: want a share from 0 to 1`},
		{"goal coverage NaN", func(ds *model.Dataset) { ds.Goals[0].CoverageTarget = math.NaN() }, model.ErrInvalid, `goal "G1": coverage_target: invalid value: NaN`},
		{"goal quota", func(ds *model.Dataset) { ds.Goals[0].PerEducatorQuota = -3 }, model.ErrInvalid, `goal "G1": per_educator_quota: invalid value: -3`},
		{"invitation sent", func(ds *model.Dataset) { ds.Invitations[0].SentAt = time.Time{} }, model.ErrMissing, `invitation "I1": sent_at: required`},
		{"invitation by", func(ds *model.Dataset) { ds.Invitations[0].By = "E5" }, model.ErrDangling, `invitation "I1": by: refers to no record: no educator "E5"`},
		{"invitation plan", func(ds *model.Dataset) { ds.Invitations[0].Plan = "P5" }, model.ErrDangling, `invitation "I1": plan: refers to no record: no plan "P5"`},
		{"invitation student", func(ds *model.Dataset) { ds.Invitations[0].Students[1] = "ST5" }, model.ErrDangling, `invitation "I1": students[1]: refers to no record: no student "ST5"`},
		{"withdrawal at", func(ds *model.Dataset) { ds.Withdrawals[0].At = time.Time{} }, model.ErrMissing, `withdrawals[0]: at: required`},
		{"withdrawal family", func(ds *model.Dataset) { ds.Withdrawals[0].Family = "F3" }, model.ErrDangling, `withdrawals[0]: family: refers to no record: no family "F3"`},
		{"visit family", func(ds *model.Dataset) { ds.Visits[0].Family = "" }, model.ErrMissing, `visit "V1": family: required`},
		{"visit status", func(ds *model.Dataset) { ds.Visits[0].Status = "" }, model.ErrMissing, `visit "V1": status: required`},
		{"visit start", func(ds *model.Dataset) { ds.Visits[0].Start = time.Time{} }, model.ErrMissing, `visit "V1": start: required`},
		{"visit duration", func(ds *model.Dataset) { ds.Visits[0].Duration = model.Duration(-time.Minute) }, model.ErrInvalid, `visit "V1": duration: invalid value: -1m: must not be negative`},
		{"visit student of another family", func(ds *model.Dataset) { ds.Visits[0].Family = "F2" }, model.ErrInvalid, `visit "V1": students[0]: invalid value: student "ST1" belongs to family "F1", not "F2"`},
		{"visit student empty", func(ds *model.Dataset) { ds.Visits[0].Students[0] = "" }, model.ErrMissing, `visit "V1": students[0]: required`},
		{"visit visitor", func(ds *model.Dataset) { ds.Visits[0].Visitors[1] = "E7" }, model.ErrDangling, `visit "V1": visitors[1]: refers to no record: no educator "E7"`},
		{"interpreter educator", func(ds *model.Dataset) { ds.Visits[0].Interpreters[0].Educator = "E4" }, model.ErrDangling, `visit "V1": interpreters[0].educator: refers to no record`},
		{"topic kind", func(ds *model.Dataset) { ds.Visits[0].Topics[0].Kind = "" }, model.ErrMissing, `visit "V1": topics[0].kind: required`},
		{"reschedule at", func(ds *model.Dataset) { ds.Visits[0].Reschedules[0].At = time.Time{} }, model.ErrMissing, `visit "V1": reschedules[0].at: required`},
		{"reschedule from", func(ds *model.Dataset) { ds.Visits[0].Reschedules[0].FromStart = time.Time{} }, model.ErrMissing, `visit "V1": reschedules[0].from_start: required`},
		{"reflection at", func(ds *model.Dataset) { ds.Visits[0].Reflection.At = time.Time{} }, model.ErrMissing, `visit "V1": reflection.at: required`},
		{"reflection by", func(ds *model.Dataset) { ds.Visits[0].Reflection.By[0] = "E6" }, model.ErrDangling, `visit "V1": reflection.by[0]: refers to no record`},
		{"compensation educator", func(ds *model.Dataset) { ds.Visits[0].Compensation[0].Educator = "" }, model.ErrMissing, `visit "V1": compensation[0].educator: required`},
		{"compensation minutes", func(ds *model.Dataset) { ds.Visits[0].Compensation[0].MinutesOutside = -5 }, model.ErrInvalid, `visit "V1": compensation[0].minutes_outside: invalid value: -5: must not be negative`},
		{"compensation amount", func(ds *model.Dataset) { ds.Visits[0].Compensation[0].AmountCents = -100 }, model.ErrInvalid, `visit "V1": compensation[0].amount_cents: invalid value: -100: must not be negative`},
		{"compensation amount too large", func(ds *model.Dataset) { ds.Visits[0].Compensation[0].AmountCents = math.MaxInt64 }, model.ErrInvalid, `visit "V1": compensation[0].amount_cents: invalid value: 9223372036854775807: must be at most 10000000 cents`},
		{"communication direction", func(ds *model.Dataset) { ds.Communications[0].Direction = "" }, model.ErrMissing, `communication "M1": direction: required`},
		{"communication at", func(ds *model.Dataset) { ds.Communications[0].At = time.Time{} }, model.ErrMissing, `communication "M1": at: required`},
		{"communication educator", func(ds *model.Dataset) { ds.Communications[0].Educator = "E0" }, model.ErrDangling, `communication "M1": educator: refers to no record`},
		{"event school missing", func(ds *model.Dataset) { ds.Events[0].School = "" }, model.ErrMissing, `event "EV1": school: required`},
		{"event kind", func(ds *model.Dataset) { ds.Events[0].Kind = "" }, model.ErrMissing, `event "EV1": kind: required`},
		{"event date", func(ds *model.Dataset) { ds.Events[0].Date = model.Date{} }, model.ErrMissing, `event "EV1": date: required`},
		{"event level", func(ds *model.Dataset) { ds.Events[0].Level = "" }, model.ErrMissing, `event "EV1": level: required`},
		{"event duplicate", func(ds *model.Dataset) { ds.Events = append(ds.Events, ds.Events[0]) }, model.ErrDuplicateID, `event "EV1": id: duplicate id: also events[0]`},
		{"contact family", func(ds *model.Dataset) { ds.Contacts.Families[0].Family = "F8" }, model.ErrDangling, `contacts.families[0]: family: refers to no record: no family "F8"`},
		{"contact educator", func(ds *model.Dataset) { ds.Contacts.Educators[0].Educator = "" }, model.ErrMissing, `contacts.educators[0]: educator: required`},
		{"contact student", func(ds *model.Dataset) { ds.Contacts.Students[0].Student = "ST8" }, model.ErrDangling, `contacts.students[0]: student: refers to no record: no student "ST8"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := validDataset(t)
			tt.break_(ds)
			err := ds.Validate()
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.want)
			var lines []string
			for _, re := range model.ErrorsOf(err) {
				assert.Empty(t, re.Source, "Validate does not know the source")
				assert.Zero(t, re.Line)
				lines = append(lines, re.Error())
			}
			assert.True(t, hasPrefixLine(lines, tt.msg), "no line starts with\n\t%s\nin\n\t%s", tt.msg, strings.Join(lines, "\n\t"))
		})
	}
}

// Validate judges structure, never practice.
func TestValidateAcceptsPracticeBreaches(t *testing.T) {
	for name, breach := range map[string]func(ds *model.Dataset){
		"solo visit":             func(ds *model.Dataset) { ds.Visits[0].Visitors = ds.Visits[0].Visitors[:1] },
		"visit with no students": func(ds *model.Dataset) { ds.Visits[0].Students = nil },
		"no reflection":          func(ds *model.Dataset) { ds.Visits[0].Reflection = nil },
		"academic agenda": func(ds *model.Dataset) {
			ds.Visits[0].Topics = append(ds.Visits[0].Topics, model.Topic{Kind: model.Assessment, RaisedBy: model.ByEducator})
		},
		"untrained, not opted in": func(ds *model.Dataset) { ds.Educators[0].Trainings, ds.Educators[0].OptIns = nil, nil },
		"principal coordinates": func(ds *model.Dataset) {
			ds.Educators[0].Position = model.Principal
			ds.Schools[0].Coordinator = "E1"
		},
		"cancelled by nobody":  func(ds *model.Dataset) { ds.Visits[0].Status = model.Cancelled },
		"mandatory goal":       func(ds *model.Dataset) { ds.Goals[0].RequiredOf = []model.Party{model.ByEducator} },
		"targeting criteria":   func(ds *model.Dataset) { ds.Invitations[0].Criteria = []string{"ell"} },
		"zero duration":        func(ds *model.Dataset) { ds.Visits[0].Duration = 0 },
		"no contacts":          func(ds *model.Dataset) { ds.Contacts = nil },
		"unpaid outside hours": func(ds *model.Dataset) { ds.Visits[0].Compensation = nil },
	} {
		t.Run(name, func(t *testing.T) {
			ds := validDataset(t)
			breach(ds)
			assert.NoError(t, ds.Validate())
		})
	}
}

func TestValidationErrorsListEveryProblem(t *testing.T) {
	ds := validDataset(t)
	ds.District.ID = ""
	for i := range 25 {
		ds.Visits = append(ds.Visits, model.Visit{ID: model.VisitID(fmt.Sprintf("X%02d", i)), Family: "F1", Status: model.Proposed})
	}
	err := ds.Validate()
	var ve model.ValidationErrors
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve, 26, "one missing district id and 25 missing starts")
	assert.Equal(t, "district", ve[0].Record)
	assert.Equal(t, `visit "X24"`, ve[25].Record)
	for _, re := range ve[1:] {
		assert.Equal(t, "start", re.Field)
		assert.ErrorIs(t, re, model.ErrMissing)
	}
	msg := err.Error()
	assert.Equal(t, 21, strings.Count(msg, "\n")+1, "twenty errors and a summary line")
	assert.True(t, strings.HasSuffix(msg, "\n… and 6 more"), msg)
	assert.Len(t, model.ErrorsOf(err), 26)
}

func TestErrorsOf(t *testing.T) {
	assert.Nil(t, model.ErrorsOf(nil))
	assert.Nil(t, model.ErrorsOf(fmt.Errorf("plain")))
	re := &model.RecordError{Source: "a.json", Line: 3, Record: `visit "V1"`, Field: "start", Err: model.ErrMissing}
	assert.Equal(t, []*model.RecordError{re}, model.ErrorsOf(fmt.Errorf("wrapped: %w", re)))
	assert.Equal(t, `a.json:3: visit "V1": start: required`, re.Error())
	assert.Equal(t, `a.json: required`, (&model.RecordError{Source: "a.json", Err: model.ErrMissing}).Error())
	assert.Equal(t, `x: invalid value`, (&model.RecordError{Field: "x", Err: model.ErrInvalid}).Error())
}

// TestValidateFindsRecordsAsTheMapsDo holds validation's ways of finding
// a record without its id map — a student's school and family compared
// with the last student's and the next family's, the students a visit
// or an invitation lists looked for among its family's — to the maps
// themselves: the same failures in the same order, and the same index,
// on datasets whose students come in any order, ids repeat, and
// references miss, name another family's students or nothing.
func TestValidateFindsRecordsAsTheMapsDo(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := messyDatasetGen().Draw(t, "dataset")
		fast, plain := model.ValidateFastAndPlain(ds)
		require.Equal(t, plain, fast)
	})
}

// TestNewIndexFindsOwnersAsTheMapsDo holds NewIndex's way of finding a
// record's owner — compared with the last record's and the next one —
// to looking every owner up, on the datasets of
// TestValidateFindsRecordsAsTheMapsDo.
func TestNewIndexFindsOwnersAsTheMapsDo(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := messyDatasetGen().Draw(t, "dataset")
		fast, plain := model.NewIndexFastAndPlain(ds)
		require.Equal(t, plain, fast)
	})
}

// messyDatasetGen generates datasets of datasetGen, changed: more
// families with runs of students, in any order, with ids that repeat or
// are empty, and references that miss, name another family's students
// or nothing.
func messyDatasetGen() *rapid.Generator[*model.Dataset] {
	return rapid.Custom(func(t *rapid.T) *model.Dataset {
		ds := datasetGen().Draw(t, "dataset")
		pick := func(n int, label string) int { return rapid.IntRange(0, n-1).Draw(t, label) }
		someStudent := func(label string) model.StudentID {
			switch rapid.IntRange(0, 5).Draw(t, label+" kind") {
			case 0:
				return ""
			case 1:
				return "ST-none"
			}
			return ds.Students[pick(len(ds.Students), label)].ID
		}
		someFamily := func(label string) model.FamilyID {
			switch rapid.IntRange(0, 5).Draw(t, label+" kind") {
			case 0:
				return ""
			case 1:
				return "F-none"
			}
			return ds.Families[pick(len(ds.Families), label)].ID
		}
		for range rapid.IntRange(0, 8).Draw(t, "changes") {
			switch rapid.IntRange(0, 7).Draw(t, "change") {
			case 0: // families and their students, more of them
				n := rapid.IntRange(1, 6).Draw(t, "more")
				for i := range n {
					f := ds.Families[pick(len(ds.Families), "family like")]
					f.ID = model.FamilyID(fmt.Sprintf("FX%d-%d", len(ds.Families), i))
					ds.Families = append(ds.Families, f)
					for range rapid.IntRange(1, 3).Draw(t, "siblings") {
						s := ds.Students[pick(len(ds.Students), "student like")]
						s.ID, s.Family = model.StudentID(fmt.Sprintf("SX%d", len(ds.Students))), f.ID
						ds.Students = append(ds.Students, s)
					}
				}
			case 1:
				i, j := pick(len(ds.Students), "swap"), pick(len(ds.Students), "with")
				ds.Students[i], ds.Students[j] = ds.Students[j], ds.Students[i]
			case 2:
				i, j := pick(len(ds.Families), "swap family"), pick(len(ds.Families), "with family")
				ds.Families[i], ds.Families[j] = ds.Families[j], ds.Families[i]
			case 3:
				ds.Students[pick(len(ds.Students), "student")].ID = someStudent("student id")
			case 4:
				ds.Families[pick(len(ds.Families), "family")].ID = someFamily("family id")
				if len(ds.Schools) > 1 {
					ds.Schools[pick(len(ds.Schools), "school")].ID = ds.Schools[pick(len(ds.Schools), "school like")].ID
				}
			case 5:
				ds.Students[pick(len(ds.Students), "student")].Family = someFamily("student family")
			case 6:
				ds.Students[pick(len(ds.Students), "student")].School = ds.Schools[pick(len(ds.Schools), "school")].ID
				if len(ds.Visits) > 0 {
					v := &ds.Visits[pick(len(ds.Visits), "visit")]
					v.Family = someFamily("visit family")
					v.Students = append(v.Students, someStudent("visit student"))
				}
			case 7:
				if len(ds.Invitations) > 0 {
					inv := &ds.Invitations[pick(len(ds.Invitations), "invitation")]
					inv.Family = someFamily("invitation family")
					inv.Students = append(inv.Students, someStudent("invited student"))
				}
			}
		}
		return ds
	})
}
