package pairing

import (
	"time"

	"github.com/homevisits/pthv/model"
)

const testYear model.SchoolYearID = "2025-26"

// newDataset returns a dataset for the 2025-26 year of one school, S1,
// with the default policy and no people.
func newDataset() *model.Dataset {
	cal, err := model.NewCalendar("America/Los_Angeles", model.Hours{Start: model.NewClock(8, 0), End: model.NewClock(15, 0)})
	if err != nil {
		panic(err)
	}
	return &model.Dataset{
		Format:   model.Format,
		District: model.District{ID: "D1"},
		Year:     model.SchoolYear{ID: testYear, FirstDay: model.NewDate(2025, 8, 18), LastDay: model.NewDate(2026, 6, 5)},
		Calendar: cal,
		Policy:   model.DefaultPolicy(),
		Schools:  []model.School{{ID: "S1"}, {ID: "S2"}},
	}
}

// edu returns an educator of school S1, opted in for 2025-26 and trained
// in June 2025, speaking English; opts adjust it.
func edu(id string, role model.Role, opts ...func(*model.Educator)) model.Educator {
	pos := model.Teacher
	if role == model.Classified {
		pos = model.Liaison
	}
	e := model.Educator{ID: model.EducatorID(id), School: "S1", Role: role, Position: pos,
		Languages: []model.Language{"en"},
		Trainings: []model.Training{{Date: model.NewDate(2025, 6, 10), Kind: model.InitialTraining}},
		OptIns:    []model.SchoolYearID{testYear}}
	for _, o := range opts {
		o(&e)
	}
	return e
}

func notOptedIn(e *model.Educator) { e.OptIns = nil }
func untrained(e *model.Educator)  { e.Trainings = nil }
func trainedOn(d model.Date) func(*model.Educator) {
	return func(e *model.Educator) { e.Trainings = []model.Training{{Date: d, Kind: model.InitialTraining}} }
}
func speaks(ls ...model.Language) func(*model.Educator) {
	return func(e *model.Educator) { e.Languages = ls }
}
func avoids(ids ...model.EducatorID) func(*model.Educator) {
	return func(e *model.Educator) { e.Avoid = ids }
}
func prefers(ids ...model.EducatorID) func(*model.Educator) {
	return func(e *model.Educator) { e.Prefer = ids }
}
func atSchool(s model.SchoolID) func(*model.Educator) {
	return func(e *model.Educator) { e.School = s }
}
func available(ws ...model.Window) func(*model.Educator) {
	return func(e *model.Educator) { e.Availability = ws }
}

// window is a weekly window from h1:00 to h2:00.
func window(d time.Weekday, h1, h2 int) model.Window {
	return model.Window{Weekday: d, Start: model.NewClock(h1, 0), End: model.NewClock(h2, 0)}
}

// weekdays returns a window from h1:00 to h2:00 on Monday to Friday.
func weekdays(h1, h2 int) []model.Window {
	var ws []model.Window
	for d := time.Monday; d <= time.Friday; d++ {
		ws = append(ws, window(d, h1, h2))
	}
	return ws
}

// addFamily adds a family with one student taught by teacher.
func addFamily(ds *model.Dataset, id string, teacher model.EducatorID, needs bool, langs ...model.Language) {
	ds.Families = append(ds.Families, model.Family{ID: model.FamilyID(id), Languages: langs, NeedsInterpreter: needs})
	ds.Students = append(ds.Students, model.Student{ID: model.StudentID("ST-" + id), School: "S1", Grade: 3,
		Family: model.FamilyID(id), Teachers: []model.EducatorID{teacher}})
}

// at returns 2025-10-06 (a Monday) plus days, at h:m local time.
func at(ds *model.Dataset, days, h, m int) time.Time {
	return time.Date(2025, 10, 6+days, h, m, 0, 0, ds.Calendar.Location())
}

// addVisit adds a scheduled 40-minute visit to family fam with the given
// visitors, and returns its id.
func addVisit(ds *model.Dataset, id string, fam string, start time.Time, visitors ...model.EducatorID) model.VisitID {
	ds.Visits = append(ds.Visits, model.Visit{ID: model.VisitID(id), Family: model.FamilyID(fam),
		Students: []model.StudentID{model.StudentID("ST-" + fam)}, Kind: model.FirstVisit, Status: model.Scheduled,
		ArrangedAt: start.AddDate(0, 0, -7), Start: start, Duration: model.Duration(40 * time.Minute),
		Location: model.Location{Kind: model.Home}, Visitors: visitors})
	return model.VisitID(id)
}
