package pairing

import (
	"fmt"
	"time"

	"github.com/homevisits/pthv/model"
	"pgregory.net/rapid"
)

var testLanguages = []model.Language{"en", "es", "vi"}

// genDataset draws a small program (rapid favours low draws, so the usual
// case of each choice comes first): educators of two schools and the
// district with varied opt-ins, trainings, languages, availability and
// requests; families, students, existing and pending visits.
func genDataset(t *rapid.T) *model.Dataset {
	ds := newDataset()
	ds.Policy.MaxGroupSize = rapid.SampledFrom([]int{2, 3, 4, 6}).Draw(t, "maxGroup")
	ds.Policy.MaxVisitsPerDay = rapid.IntRange(1, 3).Draw(t, "perDay")
	ds.Policy.MaxVisitsPerWeek = ds.Policy.MaxVisitsPerDay + rapid.IntRange(0, 3).Draw(t, "perWeekExtra")
	ds.Policy.PartnerLoadCap = rapid.IntRange(1, 4).Draw(t, "loadCap")
	ds.Policy.TravelBuffer = model.Duration(time.Duration(rapid.SampledFrom([]int{0, 20, 30}).Draw(t, "buffer")) * time.Minute)
	ds.Policy.VisitLength = model.Duration(time.Duration(rapid.SampledFrom([]int{30, 40, 60}).Draw(t, "visitLength")) * time.Minute)

	n := rapid.IntRange(0, 9).Draw(t, "educators")
	ids := make([]model.EducatorID, n)
	for i := range ids {
		ids[i] = model.EducatorID(fmt.Sprintf("E-%02d", i))
	}
	pick := func(label string) []model.EducatorID {
		var out []model.EducatorID
		for _, id := range ids {
			if rapid.IntRange(0, 9).Draw(t, label) == 9 {
				out = append(out, id)
			}
		}
		return out
	}
	for i := range n {
		e := model.Educator{ID: ids[i], School: rapid.SampledFrom([]model.SchoolID{"S1", "S1", "S1", "S2", ""}).Draw(t, "school"),
			Role: rapid.SampledFrom([]model.Role{model.Certificated, model.Classified}).Draw(t, "role")}
		for _, l := range testLanguages {
			if rapid.IntRange(0, 2).Draw(t, "lang") > 0 {
				e.Languages = append(e.Languages, l)
			}
		}
		if rapid.IntRange(0, 9).Draw(t, "optIn") < 9 {
			e.OptIns = []model.SchoolYearID{testYear}
		}
		switch rapid.IntRange(0, 9).Draw(t, "training") {
		case 8: // none
		case 9:
			e.Trainings = []model.Training{{Date: model.NewDate(2025, 10, rapid.IntRange(1, 20).Draw(t, "trainDay")), Kind: model.InitialTraining}}
		default:
			e.Trainings = []model.Training{{Date: model.NewDate(2024, 6, 1), Kind: model.InitialTraining}}
		}
		switch rapid.IntRange(0, 2).Draw(t, "availability") {
		case 2: // not recorded
		case 0: // afternoons all week
			for d := time.Monday; d <= time.Friday; d++ {
				e.Availability = append(e.Availability, model.Window{Weekday: d, Start: model.NewClock(14, 0), End: model.NewClock(19, 30)})
			}
		default:
			for range rapid.IntRange(1, 4).Draw(t, "windows") {
				h := rapid.IntRange(13, 17).Draw(t, "from")
				e.Availability = append(e.Availability, model.Window{
					Weekday: time.Weekday(rapid.IntRange(1, 5).Draw(t, "weekday")),
					Start:   model.NewClock(h, rapid.SampledFrom([]int{0, 30}).Draw(t, "fromMin")),
					End:     model.NewClock(h+rapid.IntRange(1, 4).Draw(t, "hours"), 0),
				})
			}
		}
		e.Prefer = pick("prefer")
		e.Avoid = pick("avoid")
		ds.Educators = append(ds.Educators, e)
	}
	for i := range rapid.IntRange(0, 6).Draw(t, "families") {
		f := model.Family{ID: model.FamilyID(fmt.Sprintf("F%d", i)), NeedsInterpreter: rapid.Bool().Draw(t, "needs")}
		if rapid.IntRange(0, 3).Draw(t, "famLang") > 0 {
			f.Languages = []model.Language{rapid.SampledFrom(testLanguages).Draw(t, "famLanguage")}
		}
		ds.Families = append(ds.Families, f)
		st := model.Student{ID: model.StudentID(fmt.Sprintf("ST%d", i)), School: rapid.SampledFrom([]model.SchoolID{"S1", "S2"}).Draw(t, "stSchool"),
			Grade: 3, Family: f.ID}
		if n > 0 {
			st.Teachers = []model.EducatorID{ids[rapid.IntRange(0, n-1).Draw(t, "teacher")]}
		}
		ds.Students = append(ds.Students, st)
	}
	if len(ds.Families) > 0 {
		for i := range rapid.IntRange(0, 8).Draw(t, "visits") {
			fi := rapid.IntRange(0, len(ds.Families)-1).Draw(t, "visitFamily")
			day := rapid.IntRange(0, 7).Draw(t, "day") // Monday 6 to Wednesday 15 October
			if day >= 5 {
				day += 2
			}
			start := at(ds, day, rapid.IntRange(14, 18).Draw(t, "hour"), rapid.SampledFrom([]int{0, 30}).Draw(t, "minute"))
			v := model.Visit{ID: model.VisitID(fmt.Sprintf("V%d", i)), Family: ds.Families[fi].ID,
				Students: []model.StudentID{ds.Students[fi].ID},
				Status: rapid.SampledFrom([]model.VisitStatus{model.Scheduled, model.Scheduled, model.Scheduled, model.Proposed,
					model.Completed, model.Cancelled}).Draw(t, "status"),
				Start:    start,
				Duration: model.Duration(time.Duration(rapid.SampledFrom([]int{0, 30, 40, 60}).Draw(t, "duration")) * time.Minute)}
			if n > 0 {
				k := rapid.SampledFrom([]int{1, 1, 1, 1, 1, 2, 2, 0}).Draw(t, "visitors")
				for j := range k {
					id := ids[rapid.IntRange(0, n-1).Draw(t, "visitor")]
					if j == 0 && len(ds.Students[fi].Teachers) > 0 && rapid.IntRange(0, 3).Draw(t, "isTeacher") > 0 {
						id = ds.Students[fi].Teachers[0]
					}
					v.Visitors = append(v.Visitors, id)
				}
			}
			if rapid.IntRange(0, 4).Draw(t, "interpreter") == 4 {
				in := model.Interpreter{ID: "I1"}
				if rapid.Bool().Draw(t, "interpreterLang") {
					in.Languages = []model.Language{rapid.SampledFrom(testLanguages).Draw(t, "interpreterLanguage")}
				}
				v.Interpreters = []model.Interpreter{in}
			}
			ds.Visits = append(ds.Visits, v)
		}
	}
	for range rapid.IntRange(0, 3).Draw(t, "pastPairs") {
		if n >= 2 {
			a, b := rapid.IntRange(0, n-1).Draw(t, "pastA"), rapid.IntRange(0, n-1).Draw(t, "pastB")
			ds.PastPairs = append(ds.PastPairs, model.PastPair{Year: rapid.SampledFrom([]model.SchoolYearID{"2023-24", "2024-25"}).Draw(t, "pastYear"),
				Educators: []model.EducatorID{ids[a], ids[b]}})
		}
	}
	return ds
}
