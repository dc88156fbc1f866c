package practices_test

import (
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/synth"
)

// BenchmarkCheck measures Check on synthetic years of growing size (time
// should grow linearly: visits/s stays flat) and on a national-scale year
// from synth. Targets: at least 1,000,000 visit records/s on one core, and
// a national year in under 50 ms. Run with
//
//	go test ./practices -run '^$' -bench Check -benchtime 3x -cpu 1
func BenchmarkCheck(b *testing.B) {
	sizes := []struct {
		name   string
		visits int
	}{
		{"visits=1k", 1_000},
		{"visits=10k", 10_000},
		{"visits=100k", 100_000},
		{"visits=1M", 1_000_000},
	}
	for _, s := range sizes {
		b.Run(s.name, func(b *testing.B) {
			benchCheck(b, benchDataset(s.visits))
		})
	}
	b.Run("national", func(b *testing.B) {
		ds, err := synth.District(synth.NationalConfig(), 1)
		if err != nil {
			b.Fatal(err)
		}
		benchCheck(b, ds)
	})
}

// BenchmarkProgramCheck measures checking a prepared program — the path of a
// district system or a monthly run that keeps the dataset in memory and
// checks it as of new dates or under new policies. Preparation (validation,
// indexing, lifecycle replay, audit populations) is done once, before the
// loop; BenchmarkPrepare measures it.
//
//	go test ./practices -run '^$' -bench 'ProgramCheck|Prepare' -benchtime 3x -cpu 1
func BenchmarkProgramCheck(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("visits=%d", n), func(b *testing.B) {
			ds := benchDataset(n)
			benchProgramCheck(b, ds, yearEnd(ds))
		})
	}
	ds, err := synth.District(synth.NationalConfig(), 1)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("national", func(b *testing.B) { benchProgramCheck(b, ds, yearEnd(ds)) })
	// Mid-year, visits are still to come: every visited-set audit is
	// computed afresh instead of reusing the one Prepare made.
	b.Run("national-midyear", func(b *testing.B) { benchProgramCheck(b, ds, midYear(ds)) })
}

// yearEnd is noon on the day after the school year: everything is due.
func yearEnd(ds *model.Dataset) time.Time {
	return ds.Year.LastDay.AddDays(1).In(ds.Calendar.Location(), model.NewClock(12, 0))
}

// midYear is noon on January 31 of the school year.
func midYear(ds *model.Dataset) time.Time {
	return model.NewDate(ds.Year.LastDay.Year(), time.January, 31).In(ds.Calendar.Location(), model.NewClock(12, 0))
}

func benchProgramCheck(b *testing.B, ds *model.Dataset, asOf time.Time) {
	p, err := practices.Prepare(ds)
	if err != nil {
		b.Fatal(err)
	}
	// Collect what building and preparing the dataset left behind, so that
	// sweeping it is not charged to the checks.
	runtime.GC()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Check(asOf, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(ds.Visits))*float64(b.N)/b.Elapsed().Seconds(), "visits/s")
}

// BenchmarkPrepare measures preparing a program for checking: validating
// and indexing every record and deriving what the rules read.
//
//	go test ./practices -run '^$' -bench Prepare -benchtime 3x -cpu 1
func BenchmarkPrepare(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("visits=%d", n), func(b *testing.B) {
			benchPrepare(b, benchDataset(n))
		})
	}
	b.Run("national", func(b *testing.B) {
		ds, err := synth.District(synth.NationalConfig(), 1)
		if err != nil {
			b.Fatal(err)
		}
		benchPrepare(b, ds)
	})
}

func benchPrepare(b *testing.B, ds *model.Dataset) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := practices.Prepare(ds); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(ds.Visits))*float64(b.N)/b.Elapsed().Seconds(), "visits/s")
}

// BenchmarkCheckFile measures the one-call Check and the prepared check on
// a dataset file, so that figures from different versions of the code are
// taken on the same records (synth's output changes as its generators
// do). It runs only when PTHV_BENCH_DATASET names a pthv/v1 file, such as
// the national year written by "pthv synth --national -o national.json":
//
//	PTHV_BENCH_DATASET=$PWD/national.json go test ./practices -run '^$' -bench CheckFile -benchtime 3x -cpu 1
func BenchmarkCheckFile(b *testing.B) {
	path := os.Getenv("PTHV_BENCH_DATASET")
	if path == "" {
		b.Skip("PTHV_BENCH_DATASET names no dataset file")
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	ds, err := model.DecodeDataset(path, f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("check", func(b *testing.B) { benchCheck(b, ds) })
	b.Run("prepare", func(b *testing.B) { benchPrepare(b, ds) })
	// What pthv check and report do: decoding validated and indexed the
	// dataset, so preparing derives only.
	b.Run("prepare-index", func(b *testing.B) {
		x, err := ds.ValidIndex()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := practices.PrepareIndex(x); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("prepared", func(b *testing.B) { benchProgramCheck(b, ds, yearEnd(ds)) })
}

func benchCheck(b *testing.B, ds *model.Dataset) {
	asOf := yearEnd(ds)
	b.ReportAllocs()
	var findings int
	for b.Loop() {
		rep, err := practices.Check(ds, asOf, nil)
		if err != nil {
			b.Fatal(err)
		}
		findings = len(rep.Findings)
	}
	b.ReportMetric(float64(len(ds.Visits))*float64(b.N)/b.Elapsed().Seconds(), "visits/s")
	b.ReportMetric(float64(findings), "findings")
}

// benchDataset replicates the pattern of testdata/base.json to the given
// number of visits: schools of 32 families, each family with one student,
// an accepted invitation, a first visit in the fall and a second in the
// spring (a teacher and the liaison, or two teachers), reflections, pay and
// two-way follow-up. One family in 20 has a solo second visit and one in 25
// a drop-in first visit, so the report carries findings as real ones do.
func benchDataset(visits int) *model.Dataset {
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		panic(err)
	}
	cal, err := model.NewCalendar("America/Los_Angeles", model.Hours{Start: model.NewClock(8, 0), End: model.NewClock(15, 0)})
	if err != nil {
		panic(err)
	}
	const perSchool = 32
	families := (visits + 1) / 2
	schools := (families + perSchool - 1) / perSchool
	ds := &model.Dataset{
		Format:   model.Format,
		District: model.District{ID: "D1", Coordinator: "E-DC"},
		Year:     model.NewSchoolYear(model.NewDate(2025, time.August, 18), model.NewDate(2026, time.June, 5)),
		Calendar: cal,
		Policy:   model.DefaultPolicy(),
		Schools:  make([]model.School, 0, schools),
		Families: make([]model.Family, 0, families),
		Students: make([]model.Student, 0, families),
		Visits:   make([]model.Visit, 0, 2*families),
	}
	year := ds.Year.ID
	trained := []model.Training{{Date: model.NewDate(2025, time.June, 16), Kind: model.InitialTraining}}
	optIn := []model.SchoolYearID{year}
	ds.Educators = append(ds.Educators, model.Educator{ID: "E-DC", Role: model.Certificated, Position: model.Administrator})
	ds.Events = append(ds.Events, model.Event{ID: "EV-D", Level: model.DistrictLevel, Date: model.NewDate(2026, time.April, 20), Kind: model.Visibility})
	first := []model.Topic{{Kind: model.HopesAndDreams, RaisedBy: model.ByEducator}, {Kind: model.TalentsAndStrengths, RaisedBy: model.ByFamily}}
	second := []model.Topic{{Kind: model.Academics, RaisedBy: model.ByEducator}}
	yes := true
	for s := range schools {
		sid := model.SchoolID(fmt.Sprintf("S%d", s))
		li := model.EducatorID(fmt.Sprintf("E%d-LI", s))
		ds.Schools = append(ds.Schools, model.School{ID: sid, Coordinator: li, Liaisons: []model.EducatorID{li}})
		ds.Educators = append(ds.Educators,
			model.Educator{ID: model.EducatorID(fmt.Sprintf("E%d-PR", s)), School: sid, Role: model.Certificated, Position: model.Principal},
			model.Educator{ID: li, School: sid, Role: model.Classified, Position: model.Liaison, Languages: []model.Language{"en", "es"},
				Trainings: trained, OptIns: optIn, Stipends: []model.Stipend{{Year: year, AmountCents: 50000, Source: model.Foundation}}})
		var teachers [4]model.EducatorID
		for k := range teachers {
			teachers[k] = model.EducatorID(fmt.Sprintf("E%d-T%d", s, k))
			ds.Educators = append(ds.Educators, model.Educator{ID: teachers[k], School: sid, Role: model.Certificated, Position: model.Teacher,
				Languages: []model.Language{"en"}, Trainings: trained, OptIns: optIn})
		}
		plan := model.PlanID(fmt.Sprintf("P%d", s))
		ds.Plans = append(ds.Plans, model.Plan{ID: plan, School: sid, Method: "all", Scope: map[string]string{"school": string(sid)}})
		ds.Events = append(ds.Events, model.Event{ID: model.EventID(fmt.Sprintf("EV%d", s)), Level: model.SchoolLevel, School: sid,
			Date: model.NewDate(2026, time.May, 14), Kind: model.Celebration, FamilyVoices: true})
		for j := 0; j < perSchool && len(ds.Families) < families; j++ {
			n := len(ds.Families)
			fid := model.FamilyID(fmt.Sprintf("F%d", n))
			stid := model.StudentID(fmt.Sprintf("ST%d", n))
			teacher := teachers[j%4]
			partner := li
			if j%2 == 1 {
				partner = teachers[(j+1)%4]
			}
			ds.Families = append(ds.Families, model.Family{ID: fid, Languages: []model.Language{"en"}})
			ds.Students = append(ds.Students, model.Student{ID: stid, School: sid, Grade: model.Grade(j % 6), Family: fid,
				Teachers: []model.EducatorID{teacher}, Attributes: map[string]string{"ell": "no"}})
			sent := time.Date(2025, time.August, 1, 16, 0, 0, 0, loc)
			ds.Invitations = append(ds.Invitations, model.Invitation{ID: model.InvitationID(fmt.Sprintf("I%d", n)), Family: fid,
				Students: []model.StudentID{stid}, Kind: model.FirstVisit, SentAt: sent, By: teacher, Plan: plan,
				Response: model.Accepted, RespondedAt: sent.Add(48 * time.Hour)})
			for k, start := range []time.Time{
				time.Date(2025, time.September, 15+n%40, 16, 0, 0, 0, loc),
				time.Date(2026, time.January, 12+n%100, 16, 0, 0, 0, loc),
			} {
				if len(ds.Visits) == visits {
					break
				}
				pair := []model.EducatorID{teacher, partner}
				v := model.Visit{
					ID: model.VisitID(fmt.Sprintf("V%d-%d", n, k+1)), Students: []model.StudentID{stid}, Family: fid,
					Kind: model.FirstVisit, Status: model.Completed, ArrangedAt: start.AddDate(0, 0, -7), Start: start,
					Duration: model.Duration(40 * time.Minute), Location: model.Location{Kind: model.Home}, Visitors: pair,
					Topics:     first,
					Reflection: &model.Reflection{At: start.Add(22 * time.Hour), By: pair, CoveredBias: &yes},
				}
				if k == 1 {
					v.Kind, v.Topics, v.ReferencesFirst = model.SecondVisit, second, &yes
					if n%20 == 0 {
						v.Visitors = pair[:1]
					}
				} else if n%25 == 0 {
					v.ArrangedAt = start
				}
				for _, e := range v.Visitors {
					c := model.Compensation{Educator: e, MinutesOutside: 40, AmountCents: 2667, Source: model.TitleI}
					if e == li {
						c = model.Compensation{Educator: e, MinutesOutside: 40, Stipend: true}
					}
					v.Compensation = append(v.Compensation, c)
				}
				ds.Visits = append(ds.Visits, v)
			}
			ds.Communications = append(ds.Communications,
				model.Communication{ID: model.CommunicationID(fmt.Sprintf("M%d-1", n)), Family: fid,
					At: time.Date(2025, time.December, 1, 15, 30, 0, 0, loc), Direction: model.SchoolToFamily, Channel: model.Text},
				model.Communication{ID: model.CommunicationID(fmt.Sprintf("M%d-2", n)), Family: fid,
					At: time.Date(2025, time.December, 2, 18, 0, 0, 0, loc), Direction: model.FamilyToSchool, Channel: model.Phone})
		}
	}
	return ds
}

// TestBenchDatasetIsValid keeps the benchmark's data honest: valid, and
// with only the findings it plants.
func TestBenchDatasetIsValid(t *testing.T) {
	ds := benchDataset(2000)
	if err := ds.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(ds.Visits) != 2000 {
		t.Fatalf("%d visits, want 2000", len(ds.Visits))
	}
	rep := check(t, ds, ds.Year.LastDay.AddDays(1).In(ds.Calendar.Location(), model.NewClock(12, 0)))
	for _, id := range ruleIDs(rep) {
		switch id {
		case "P5.pair", "P5.reflection", "P1.arranged-in-advance", "P1.notice":
		default:
			t.Errorf("unplanted finding %s", id)
		}
	}
	if got := len(findingsOf(rep, "P5.pair")); got != 50 {
		t.Errorf("%d solo visits, want 50", got)
	}
}

// BenchmarkPrepareIndexInCache separates what preparing a national year
// computes from what it pays for reading records that are not in the
// processor's cache. All three cases prepare national-sized schools
// (synth.NationalConfig); time is reported per school:
//
//   - warm: one 41-school year, prepared again and again, so its records
//     (about 11 MB) stay in the cache: the computation alone;
//   - cold-chunks: seventeen different 41-school years prepared in turn
//     (697 schools in all), so each is read cold, as a national year
//     prepared in cache-sized chunks would be;
//   - national: one 697-school year.
//
// If cold-chunks costs about what national does, preparing school by
// school would buy little: the cost is the first read of each record and
// the computation, not records evicted between passes. Run with
//
//	go test ./practices -run '^$' -bench PrepareIndexInCache -benchtime 10x -cpu 1
func BenchmarkPrepareIndexInCache(b *testing.B) {
	const schools, chunks = 41, 17
	indexes := func(b *testing.B, n, schools int) []*model.Index {
		xs := make([]*model.Index, n)
		for i := range xs {
			cfg := synth.NationalConfig()
			cfg.Schools = schools
			ds, err := synth.District(cfg, uint64(i+1))
			if err != nil {
				b.Fatal(err)
			}
			if xs[i], err = ds.ValidIndex(); err != nil {
				b.Fatal(err)
			}
		}
		return xs
	}
	run := func(b *testing.B, xs []*model.Index, schools int) {
		b.ReportAllocs()
		for b.Loop() {
			for _, x := range xs {
				if _, err := practices.PrepareIndex(x); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(schools), "µs/school")
	}
	b.Run("warm", func(b *testing.B) { run(b, indexes(b, 1, schools), schools) })
	b.Run("cold-chunks", func(b *testing.B) { run(b, indexes(b, chunks, schools), chunks*schools) })
	b.Run("national", func(b *testing.B) { run(b, indexes(b, 1, chunks*schools), chunks*schools) })
}
