package schedule_test

import (
	"testing"
	"time"

	"github.com/homevisits/pthv/schedule"
)

// BenchmarkPlan plans a whole school year for one school: 2,000 accepted
// families visited by 100 standing pairs, half the families with weekly
// windows, twelve holidays, some first visits already done.
func BenchmarkPlan(b *testing.B) {
	for _, n := range []struct {
		name            string
		families, pairs int
		tight           bool
	}{{"families=200,pairs=10", 200, 10, false}, {"families=2000,pairs=100", 2000, 100, false},
		{"families=2000,pairs=100,from-April,caps=1/day,3/week", 2000, 100, true}} {
		b.Run(n.name, func(b *testing.B) {
			sp := fullYear(n.families, n.pairs, 1)
			if n.tight {
				// Two months left and tight caps: the pairs cannot visit
				// everyone, so the local search and the bounds work.
				sp.AsOf = time.Date(2026, time.April, 6, 17, 0, 0, 0, zone)
				sp.Policy.MaxVisitsPerDay, sp.Policy.MaxVisitsPerWeek = 1, 3
				sp.WindowShare = 0.9
			}
			ds := build(sp)
			opt := schedule.Options{Teams: teams(sp)}
			b.ReportAllocs()
			var s schedule.Schedule
			for b.Loop() {
				var err error
				if s, err = schedule.Plan(ds, sp.AsOf, opt); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(s.Appointments)), "appointments")
			if s.Proven {
				b.ReportMetric(1, "proven")
			} else {
				b.ReportMetric(0, "proven")
			}
		})
	}
}

// BenchmarkPlanProven solves 40-family instances to a proven optimum: one
// over a fall and winter with tight caps, proven by its bounds, and one
// where the heuristic falls short and the exact search finds a better
// schedule and proves it optimal.
func BenchmarkPlanProven(b *testing.B) {
	for _, c := range []struct {
		name   string
		sp     spec
		search bool
	}{{"families=40,season,bounds", seasonSpec(), false}, {"families=40,week,search", searchSpec(), true}} {
		b.Run(c.name, func(b *testing.B) {
			ds := build(c.sp)
			opt := schedule.Options{Teams: teams(c.sp), Method: schedule.Exact, NodeLimit: 200000}
			b.ReportAllocs()
			var s schedule.Schedule
			for b.Loop() {
				var err error
				if s, err = schedule.Plan(ds, c.sp.AsOf, opt); err != nil {
					b.Fatal(err)
				}
			}
			if !s.Proven {
				b.Fatalf("not proven: %+v bound %+v", s.Objective, s.Bound)
			}
			h, _ := schedule.Plan(ds, c.sp.AsOf, schedule.Options{Teams: teams(c.sp), Method: schedule.Heuristic})
			if c.search && (h.Proven || !s.Objective.Better(h.Objective, false)) {
				b.Fatal("the heuristic alone is optimal here: the benchmark would not exercise the exact search")
			}
			b.ReportMetric(float64(len(s.Appointments)), "appointments")
		})
	}
}
