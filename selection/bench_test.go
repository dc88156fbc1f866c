package selection

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/synth"
)

var benchSizes = []int{10_000, 100_000, 1_000_000}

// benchPopulation builds, directly from columns, a population of n
// families with a home language (5 values, skewed), English-learner status
// and grade (PK–12), so that benchmarks measure planning and auditing, not
// dataset derivation.
func benchPopulation(n int) *Population {
	r := rand.New(rand.NewPCG(1, 2))
	fams := make([]model.FamilyID, n)
	lang := make([]uint32, n)
	ell := make([]uint32, n)
	grade := make([]uint32, n)
	for i := range n {
		fams[i] = model.FamilyID(fmt.Sprintf("F%07d", i))
		switch u := r.IntN(100); {
		case u < 55:
			lang[i] = 1
		case u < 80:
			lang[i] = 2
		case u < 90:
			lang[i] = 3
		case u < 97:
			lang[i] = 4
		default:
			lang[i] = 5
		}
		ell[i] = 1 + uint32(r.IntN(100)/80) // 20% yes
		grade[i] = 1 + uint32(r.IntN(14))
	}
	grades := []string{""}
	for g := model.PreK; g <= model.Grade12; g++ {
		grades = append(grades, g.String())
	}
	pop := newPopulation(fams,
		[]string{"ell", "grade", "home_language"},
		[][]string{{"", "no", "yes"}, grades, {"", "en", "es", "hmn", "vi", "zh"}},
		[][]uint32{ell, grade, lang})
	runtime.GC() // setup garbage is not the benchmark's
	return pop
}

// cpuMeter starts counting the process's CPU time; the function it returns
// reports it per operation as cpu-ns/op, beside the wall-clock ns/op (on
// systems where it can be read).
func cpuMeter(b *testing.B) func() {
	start, ok := processCPU()
	return func() {
		if end, ok2 := processCPU(); ok && ok2 && b.N > 0 {
			b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

// BenchmarkPlanStratified draws a 10% sample balanced on three attributes.
func BenchmarkPlanStratified(b *testing.B) {
	for _, n := range benchSizes {
		pop := benchPopulation(n)
		req := Request{Share: 0.1, Balance: []string{"home_language", "ell", "grade"}, Seed: 42}
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuMeter(b)
			for b.Loop() {
				pl, err := pop.Plan(req)
				if err != nil || pl.Size != n/10 {
					b.Fatal(err)
				}
			}
			cpu()
		})
	}
}

// BenchmarkAudit audits a 10% chosen set, given by family id as practices
// pass real invitations, on three attributes.
func BenchmarkAudit(b *testing.B) {
	th := ThresholdsFrom(model.DefaultPolicy())
	for _, n := range benchSizes {
		pop := benchPopulation(n)
		pl, err := pop.Plan(Request{Share: 0.1, Seed: 7})
		if err != nil {
			b.Fatal(err)
		}
		chosen := pl.Families()
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rep, err := Audit(pop, chosen, nil, th)
				if err != nil || rep.Verdict != OK {
					b.Fatal(err, rep.Verdict)
				}
			}
		})
	}
}

// BenchmarkNewPopulation derives a population from a dataset of one
// student per family, for comparison with planning.
func BenchmarkNewPopulation(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		var sts []model.Student
		for i := range n {
			sts = append(sts, student(fmt.Sprintf("ST%07d", i), fmt.Sprintf("F%07d", i), "S1", i%6,
				map[string]string{"ell": []string{"no", "yes"}[i%5/4], "home_language": []string{"en", "es", "hmn"}[i%3]}))
		}
		ds := district(sts)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := NewPopulation(ds, Scope{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// strataPopulation builds, from columns, a population of n families over
// 3,249 strata: 19 home languages (English and Spanish common, 17 others
// at about 2.4% each), 19 attendance zones and grades K–8, all equally
// likely. With three balance attributes the margin repair runs, and its
// work grows with the strata, not the families.
func strataPopulation(n int) *Population {
	r := rand.New(rand.NewPCG(3, 4))
	fams := make([]model.FamilyID, n)
	lang := make([]uint32, n)
	zone := make([]uint32, n)
	grade := make([]uint32, n)
	for i := range n {
		fams[i] = model.FamilyID(fmt.Sprintf("F%07d", i))
		switch u := r.IntN(1000); {
		case u < 400:
			lang[i] = 1
		case u < 600:
			lang[i] = 2
		default:
			lang[i] = 3 + uint32((u-600)*17/400)
		}
		zone[i] = 1 + uint32(r.IntN(19))
		grade[i] = 1 + uint32(r.IntN(9))
	}
	langs, zones := []string{""}, []string{""}
	for i := range 19 {
		langs = append(langs, fmt.Sprintf("L%02d", i))
		zones = append(zones, fmt.Sprintf("Z%02d", i))
	}
	grades := []string{""}
	for g := model.Kindergarten; g <= 8; g++ {
		grades = append(grades, g.String())
	}
	pop := newPopulation(fams,
		[]string{"attendance_zone", "grade", "home_language"},
		[][]string{zones, grades, langs},
		[][]uint32{zone, grade, lang})
	runtime.GC()
	return pop
}

// BenchmarkPlanManyStrata draws a 10% sample balanced on three attributes
// whose cross-classification has 3,249 strata.
func BenchmarkPlanManyStrata(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		pop := strataPopulation(n)
		req := Request{Share: 0.1, Balance: []string{"home_language", "attendance_zone", "grade"}, Seed: 42}
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var strata int
			cpu := cpuMeter(b)
			for b.Loop() {
				pl, err := pop.Plan(req)
				if err != nil || pl.Size != n/10 {
					b.Fatal(err)
				}
				strata = len(pl.Strata)
			}
			cpu()
			b.ReportMetric(float64(strata), "strata")
		})
	}
}

// BenchmarkSchoolPopulations derives the population of every school of a
// synthetic district of 20 schools, as a check does for the audits of
// P4.cross-section: siblings in one school, students with several
// classes, and alike students sharing one attributes map, as decoded
// and synthetic datasets have them. Over an index validation built
// (index=validated), students' classes and teachers are read by position;
// over one model.NewIndex built (index=new), by id.
func BenchmarkSchoolPopulations(b *testing.B) {
	cfg := synth.DefaultConfig()
	cfg.Schools = 20
	cfg.StudentsPerSchool = 500
	ds, err := synth.District(cfg, 1)
	if err != nil {
		b.Fatal(err)
	}
	valid, err := ds.ValidIndex()
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		ix   *model.Index
	}{{"index=new", model.NewIndex(ds)}, {"index=validated", valid}} {
		b.Run(bc.name, func(b *testing.B) {
			runtime.GC()
			b.ReportAllocs()
			for b.Loop() {
				for _, s := range ds.Schools {
					if _, err := PopulationOf(bc.ix, Scope{Schools: []model.SchoolID{s.ID}}); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
