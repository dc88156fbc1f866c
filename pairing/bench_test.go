package pairing_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/pairing"
)

// completeGraph returns K_n with uniform random weights in [1, 1e6].
func completeGraph(n int, seed uint64) []pairing.Edge {
	r := rand.New(rand.NewPCG(seed, 1))
	edges := make([]pairing.Edge, 0, n*(n-1)/2)
	for i := range n {
		for j := i + 1; j < n; j++ {
			edges = append(edges, pairing.Edge{U: i, V: j, W: 1 + r.Int64N(1_000_000)})
		}
	}
	return edges
}

// sparseGraph returns a random graph with n vertices and n·degree/2
// distinct edges, weights uniform in [1, 1e6].
func sparseGraph(n, degree int, seed uint64) []pairing.Edge {
	r := rand.New(rand.NewPCG(seed, 2))
	m := n * degree / 2
	seen := make(map[[2]int]bool, m)
	edges := make([]pairing.Edge, 0, m)
	for len(edges) < m {
		u, v := r.IntN(n), r.IntN(n)
		if u == v {
			continue
		}
		key := [2]int{min(u, v), max(u, v)}
		if seen[key] {
			continue
		}
		seen[key] = true
		edges = append(edges, pairing.Edge{U: u, V: v, W: 1 + r.Int64N(1_000_000)})
	}
	return edges
}

func BenchmarkMaxWeightMatching(b *testing.B) {
	cases := []struct {
		name  string
		n     int
		edges []pairing.Edge
	}{
		{"complete/n=150", 150, completeGraph(150, 1)},
		{"complete/n=400", 400, completeGraph(400, 1)},
		{"sparse/n=2000,deg=20", 2000, sparseGraph(2000, 20, 1)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				pairing.MaxWeightMatching(c.n, c.edges)
			}
		})
	}
}

// benchProgram builds a district of educators spread over schools of 30
// staff (a third classified), each free on two or three afternoons a week,
// and visits spread over the school year's weekday afternoons, each
// booked with the student's teacher and needing a partner.
func benchProgram(visits, educators int, seed uint64) *model.Dataset {
	r := rand.New(rand.NewPCG(seed, 3))
	cal, err := model.NewCalendar("America/Los_Angeles", model.Hours{Start: model.NewClock(8, 0), End: model.NewClock(15, 0)})
	if err != nil {
		panic(err)
	}
	ds := &model.Dataset{Format: model.Format, District: model.District{ID: "D1"},
		Year:     model.SchoolYear{ID: "2025-26", FirstDay: model.NewDate(2025, 8, 18), LastDay: model.NewDate(2026, 6, 5)},
		Calendar: cal, Policy: model.DefaultPolicy()}
	langs := []model.Language{"es", "vi", "hmn", "zh"}
	schools := (educators + 29) / 30
	for s := range schools {
		ds.Schools = append(ds.Schools, model.School{ID: model.SchoolID(fmt.Sprintf("S%02d", s))})
	}
	var teachers [][]model.EducatorID
	teachers = make([][]model.EducatorID, schools)
	for i := range educators {
		school := i % schools
		e := model.Educator{ID: model.EducatorID(fmt.Sprintf("E-%03d", i)), School: ds.Schools[school].ID,
			Role: model.Certificated, Position: model.Teacher, Languages: []model.Language{"en"},
			Trainings: []model.Training{{Date: model.NewDate(2025, 6, 1+r.IntN(20)), Kind: model.InitialTraining}}}
		if r.IntN(3) == 0 {
			e.Role, e.Position = model.Classified, model.Liaison
		}
		if r.IntN(3) == 0 {
			e.Languages = append(e.Languages, langs[r.IntN(len(langs))])
		}
		if r.IntN(10) < 8 {
			e.OptIns = []model.SchoolYearID{"2025-26"}
		}
		for range 2 + r.IntN(2) {
			e.Availability = append(e.Availability, model.Window{Weekday: time.Weekday(1 + r.IntN(5)),
				Start: model.NewClock(14+r.IntN(2), 0), End: model.NewClock(18+r.IntN(2), 30)})
		}
		if r.IntN(8) == 0 {
			e.Prefer = []model.EducatorID{model.EducatorID(fmt.Sprintf("E-%03d", r.IntN(educators)))}
		}
		ds.Educators = append(ds.Educators, e)
		if e.Role == model.Certificated {
			teachers[school] = append(teachers[school], e.ID)
		}
	}
	first := time.Date(2025, 9, 1, 0, 0, 0, 0, cal.Location())
	for i := range visits {
		school := r.IntN(schools)
		teacher := teachers[school][r.IntN(len(teachers[school]))]
		f := model.Family{ID: model.FamilyID(fmt.Sprintf("F%04d", i))}
		if r.IntN(4) == 0 {
			f.Languages, f.NeedsInterpreter = []model.Language{langs[r.IntN(len(langs))]}, true
		}
		ds.Families = append(ds.Families, f)
		st := model.Student{ID: model.StudentID(fmt.Sprintf("ST%04d", i)), School: ds.Schools[school].ID, Grade: 3,
			Family: f.ID, Teachers: []model.EducatorID{teacher}}
		ds.Students = append(ds.Students, st)
		day := first.AddDate(0, 0, r.IntN(260))
		for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
			day = day.AddDate(0, 0, 1)
		}
		start := day.Add(time.Duration(15*60+30*r.IntN(7)) * time.Minute)
		v := model.Visit{ID: model.VisitID(fmt.Sprintf("V%04d", i)), Family: f.ID, Students: []model.StudentID{st.ID},
			Kind: model.FirstVisit, Status: model.Scheduled, ArrangedAt: start.AddDate(0, 0, -10), Start: start,
			Duration: model.Duration(40 * time.Minute), Location: model.Location{Kind: model.Home}, Visitors: []model.EducatorID{teacher}}
		if r.IntN(10) == 0 {
			v.Interpreters = []model.Interpreter{{ID: "I1", Languages: f.Languages}}
		}
		ds.Visits = append(ds.Visits, v)
	}
	return ds
}

func BenchmarkPartners(b *testing.B) {
	for _, c := range []struct{ visits, educators int }{{200, 30}, {2000, 300}} {
		ds := benchProgram(c.visits, c.educators, 1)
		b.Run(fmt.Sprintf("visits=%d,educators=%d", c.visits, c.educators), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := pairing.Partners(ds, pairing.PartnerOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkTeams(b *testing.B) {
	ds := benchProgram(2000, 300, 1)
	b.Run("educators=300", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := pairing.Teams(ds, time.Time{}, pairing.TeamOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
