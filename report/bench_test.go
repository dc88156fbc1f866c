package report_test

import (
	"io"
	"testing"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/report"
	"github.com/homevisits/pthv/synth"
)

// BenchmarkHTML writes the report of a national-scale year (700 schools,
// about 350,000 students and 46,000 visits): the page alone, and Check
// plus the page. Target: under 2 s. Run with
//
//	go test ./report -run '^$' -bench HTML -benchtime 3x
func BenchmarkHTML(b *testing.B) {
	ds, err := synth.District(synth.NationalConfig(), 1)
	if err != nil {
		b.Fatal(err)
	}
	asOf := ds.Year.LastDay.AddDays(1).In(ds.Calendar.Location(), model.NewClock(12, 0))
	rep, err := practices.Check(ds, asOf, ds.Policy)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("national/html", func(b *testing.B) {
		b.ReportAllocs()
		cw := &countWriter{}
		for b.Loop() {
			cw.n = 0
			if err := report.HTML(cw, ds, rep, report.Options{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(cw.n), "bytes")
	})
	b.Run("national/check+html", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rep, err := practices.Check(ds, asOf, ds.Policy)
			if err != nil {
				b.Fatal(err)
			}
			if err := report.HTML(io.Discard, ds, rep, report.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

type countWriter struct{ n int }

func (w *countWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }
