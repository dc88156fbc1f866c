package model_test

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/synth"
)

// benchSizes are numbers of visits; the other sections grow in proportion.
var benchSizes = []int{1_000, 10_000, 100_000}

// benchDataset is a generated district and its pthv/v1 encoding.
type benchDataset struct {
	ds      *model.Dataset
	json    []byte
	records int
}

var benchCache = struct {
	sync.Mutex
	m map[int]*benchDataset
}{m: map[int]*benchDataset{}}

// benchDistrict returns a valid dataset with the given number of visits,
// built once per size and deterministic: half as many families, 3/4 as many
// students, an invitation for most families, one educator per 50 visits and
// one school per 2,000.
func benchDistrict(b *testing.B, visits int) *benchDataset {
	b.Helper()
	benchCache.Lock()
	defer benchCache.Unlock()
	if bd, ok := benchCache.m[visits]; ok {
		return bd
	}
	r := rand.New(rand.NewPCG(uint64(visits), 2025))
	cal, err := model.NewCalendar("America/Los_Angeles", model.Hours{Start: model.NewClock(8, 0), End: model.NewClock(15, 0)})
	if err != nil {
		b.Fatal(err)
	}
	cal.Closures = []model.Closure{{From: model.NewDate(2025, time.December, 22), To: model.NewDate(2026, time.January, 2), Name: "winter break"}}
	la := cal.Location()
	year := model.NewSchoolYear(model.NewDate(2025, time.August, 18), model.NewDate(2026, time.June, 5))
	ds := &model.Dataset{Format: model.Format, District: model.District{ID: "D1", Name: "Bench Unified"},
		Year: year, Calendar: cal, Policy: model.DefaultPolicy()}
	when := func() time.Time {
		return year.Start().AddDays(r.IntN(360)).In(la, model.NewClock(8+r.IntN(12), 5*r.IntN(12)))
	}

	nSchools, nEducators := visits/2000+1, visits/50+4
	nFamilies, nStudents := visits/2, visits*3/4
	for i := range nSchools {
		ds.Schools = append(ds.Schools, model.School{ID: model.SchoolID(fmt.Sprintf("S%d", i)), Name: fmt.Sprintf("School %d", i)})
	}
	for i := range nEducators {
		e := model.Educator{ID: model.EducatorID(fmt.Sprintf("E%d", i)), School: ds.Schools[i%nSchools].ID,
			Role: model.Certificated, Position: model.Teacher, Languages: []model.Language{"en"},
			Trainings: []model.Training{{Date: model.NewDate(2024, time.June, 10+r.IntN(10)), Kind: model.InitialTraining}},
			OptIns:    []model.SchoolYearID{year.ID}}
		if i%4 == 0 {
			e.Role, e.Position = model.Classified, model.Liaison
			e.Languages = append(e.Languages, "es")
			e.WorkingHours = &model.Hours{Start: model.NewClock(10, 0), End: model.NewClock(17, 0)}
		}
		ds.Educators = append(ds.Educators, e)
	}
	for i := range nFamilies {
		f := model.Family{ID: model.FamilyID(fmt.Sprintf("F%d", i)), Languages: []model.Language{"en"}}
		if r.IntN(4) == 0 {
			f.Languages, f.NeedsInterpreter = []model.Language{"es"}, true
		}
		ds.Families = append(ds.Families, f)
	}
	familyKids := make([][]model.StudentID, nFamilies)
	for i := range nStudents {
		fam := i % nFamilies // every family has a student; some have two
		id := model.StudentID(fmt.Sprintf("ST%d", i))
		familyKids[fam] = append(familyKids[fam], id)
		ds.Students = append(ds.Students, model.Student{ID: id, School: ds.Schools[fam%nSchools].ID,
			Grade: model.Grade(r.IntN(14) - 1), Family: ds.Families[fam].ID,
			Teachers:   []model.EducatorID{ds.Educators[r.IntN(nEducators)].ID},
			Attributes: map[string]string{"ell": []string{"yes", "no"}[r.IntN(2)], "frl": []string{"yes", "no"}[r.IntN(2)]}})
	}
	for i := range nFamilies * 6 / 5 {
		fam := i % nFamilies
		ds.Invitations = append(ds.Invitations, model.Invitation{ID: model.InvitationID(fmt.Sprintf("I%d", i)),
			Family: ds.Families[fam].ID, Students: familyKids[fam], Kind: model.FirstVisit, SentAt: when(),
			By: ds.Educators[r.IntN(nEducators)].ID, Response: []model.Response{model.Accepted, model.Declined, model.NoResponse}[r.IntN(3)]})
	}
	for i := range visits {
		fam := i % nFamilies
		start := when()
		a, b2 := ds.Educators[r.IntN(nEducators)].ID, ds.Educators[r.IntN(nEducators)].ID
		v := model.Visit{ID: model.VisitID(fmt.Sprintf("V%d", i)), Students: familyKids[fam], Family: ds.Families[fam].ID,
			Kind: []model.VisitKind{model.FirstVisit, model.SecondVisit}[i/nFamilies%2], Status: model.Completed,
			ArrangedAt: start.AddDate(0, 0, -7), Start: start, Duration: model.Duration(time.Duration(30+r.IntN(15)) * time.Minute),
			Location: model.Location{Kind: model.Home}, Visitors: []model.EducatorID{a, b2},
			Topics:       []model.Topic{{Kind: model.HopesAndDreams, RaisedBy: model.ByEducator}},
			Reflection:   &model.Reflection{At: start.Add(2 * time.Hour), By: []model.EducatorID{a, b2}},
			Compensation: []model.Compensation{{Educator: a, MinutesOutside: 40, AmountCents: 2667, Source: model.TitleI}}}
		ds.Visits = append(ds.Visits, v)
	}
	for i := range visits / 2 {
		ds.Communications = append(ds.Communications, model.Communication{ID: model.CommunicationID(fmt.Sprintf("M%d", i)),
			Family: ds.Families[r.IntN(nFamilies)].ID, At: when(),
			Direction: []model.Direction{model.SchoolToFamily, model.FamilyToSchool}[r.IntN(2)], Channel: model.Text})
	}
	if err := ds.Validate(); err != nil {
		b.Fatalf("generated dataset is invalid: %v", err)
	}
	var buf bytes.Buffer
	if err := model.EncodeDataset(&buf, ds, model.EncodeOptions{}); err != nil {
		b.Fatal(err)
	}
	bd := &benchDataset{ds: ds, json: buf.Bytes(),
		records: len(ds.Schools) + len(ds.Educators) + len(ds.Families) + len(ds.Students) +
			len(ds.Invitations) + len(ds.Visits) + len(ds.Communications)}
	benchCache.m[visits] = bd
	return bd
}

func reportRecords(b *testing.B, records int) {
	b.ReportMetric(float64(records)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkDecodeDataset(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("visits=%d", n), func(b *testing.B) {
			bd := benchDistrict(b, n)
			b.SetBytes(int64(len(bd.json)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := model.DecodeDataset("bench.json", bytes.NewReader(bd.json)); err != nil {
					b.Fatal(err)
				}
			}
			reportRecords(b, bd.records)
		})
	}
}

func BenchmarkEncodeDataset(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("visits=%d", n), func(b *testing.B) {
			bd := benchDistrict(b, n)
			b.SetBytes(int64(len(bd.json)))
			b.ReportAllocs()
			for b.Loop() {
				if err := model.EncodeDataset(io.Discard, bd.ds, model.EncodeOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			reportRecords(b, bd.records)
		})
	}
}

func BenchmarkValidate(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("visits=%d", n), func(b *testing.B) {
			bd := benchDistrict(b, n)
			b.ReportAllocs()
			for b.Loop() {
				if err := bd.ds.Validate(); err != nil {
					b.Fatal(err)
				}
			}
			reportRecords(b, bd.records)
		})
	}
	// A national year (700 schools, 349,847 students, 46,156 visits,
	// about 840,000 records): the floor under a one-call practices.Check.
	b.Run("national", func(b *testing.B) {
		ds, err := synth.District(synth.NationalConfig(), 1)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ds.ValidIndex(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkMinutesOutsideWorkingDay(b *testing.B) {
	cal, err := model.NewCalendar("America/Los_Angeles", model.Hours{Start: model.NewClock(8, 0), End: model.NewClock(15, 0)})
	if err != nil {
		b.Fatal(err)
	}
	year := model.NewSchoolYear(model.NewDate(2025, time.August, 18), model.NewDate(2026, time.June, 5))
	start := time.Date(2025, time.September, 16, 14, 40, 0, 0, cal.Location())
	b.ReportAllocs()
	for b.Loop() {
		if cal.MinutesOutsideWorkingDay(year, model.Hours{}, start, 40*time.Minute) != 20 {
			b.Fatal("wrong minutes")
		}
	}
}
