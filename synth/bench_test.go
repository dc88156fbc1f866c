package synth_test

import (
	"testing"

	"github.com/homevisits/pthv/synth"
)

func BenchmarkDistrict(b *testing.B) {
	sizes := []struct {
		name string
		cfg  func() synth.Config
	}{
		{"schools=1", func() synth.Config { c := synth.DefaultConfig(); c.Schools = 1; return c }},
		{"schools=50", func() synth.Config { c := synth.DefaultConfig(); c.Schools = 50; return c }},
		{"national", synth.NationalConfig},
	}
	for _, s := range sizes {
		b.Run(s.name, func(b *testing.B) {
			cfg := s.cfg()
			b.ReportAllocs()
			students := 0
			for b.Loop() {
				ds, err := synth.District(cfg, 1)
				if err != nil {
					b.Fatal(err)
				}
				students = len(ds.Students)
			}
			b.ReportMetric(float64(students)*float64(b.N)/b.Elapsed().Seconds(), "students/s")
		})
	}
}
