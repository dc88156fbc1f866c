package simulate

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkSimulate measures one replication in real-planner mode (synth
// district, selection, pairing, placement, practices.Check) by district
// size, with both pairings and both placements at 50 schools. Target: a
// 50-school district in under 200 ms. Run with
//
//	go test ./simulate -run '^$' -bench Simulate -benchtime 3x
func BenchmarkSimulate(b *testing.B) {
	cases := []struct {
		name string
		edit func(d *Design)
	}{
		{"schools=5", func(d *Design) { d.District.Schools = 5 }},
		{"schools=10", func(d *Design) { d.District.Schools = 10 }},
		{"schools=50", func(d *Design) { d.District.Schools = 50 }},
		{"schools=100", func(d *Design) { d.District.Schools = 100 }},
		{"schools=50/partners", func(d *Design) { d.District.Schools = 50; d.Pairing = PartnersPairing }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			d := DefaultDesign()
			c.edit(&d)
			b.ReportAllocs()
			visits := 0
			for b.Loop() {
				y, err := Simulate(d, 1)
				if err != nil {
					b.Fatal(err)
				}
				visits = len(y.Dataset.Visits)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "replications/s")
			b.ReportMetric(float64(visits), "visits")
		})
	}
}

// BenchmarkCapacity measures 1,000 replications of the capacity model
// through Run (all cores), by district size. Target: 1,000 replications of
// a 50-school district in under 2 s on 2 cores.
func BenchmarkCapacity(b *testing.B) {
	for _, n := range []int{10, 50, 200, 700} {
		b.Run(fmt.Sprintf("schools=%d/runs=1000", n), func(b *testing.B) {
			d := DefaultDesign()
			d.District.Schools = n
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Run(context.Background(), []Design{d}, Options{Runs: 1000, Seed: 1, Mode: CapacityModel}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(1000*float64(b.N)/b.Elapsed().Seconds(), "replications/s")
		})
	}
}

// BenchmarkRunPlanners measures the throughput of Run in real-planner mode:
// 8 replications of a 10-school district on all cores.
func BenchmarkRunPlanners(b *testing.B) {
	d := DefaultDesign()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(context.Background(), []Design{d}, Options{Runs: 8, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(8*float64(b.N)/b.Elapsed().Seconds(), "replications/s")
}
