package report_test

import (
	"io"
	"os"
	"testing"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/report"
	"github.com/homevisits/pthv/synth"
)

// BenchmarkHTML writes the report of a national-scale year (700 schools,
// about 350,000 students and 46,000 visits): the page alone, and Check
// plus the page. Target: the page under 2 s and 5 MB. Run with
//
//	go test ./report -run '^$' -bench HTML -benchtime 3x
//
// With PTHV_BENCH_DATASET naming the file "pthv synth --national" writes
// (BENCHMARKS.md), "file/html" writes the page of that file as
// "pthv report" does once it has decoded and checked it.
func BenchmarkHTML(b *testing.B) {
	if path := os.Getenv("PTHV_BENCH_DATASET"); path != "" {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		ds, err := model.DecodeDataset(path, f)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		rep := judged(b, ds)
		b.Run("file/html", func(b *testing.B) { benchHTML(b, ds, rep) })
	}
	ds, err := synth.District(synth.NationalConfig(), 1)
	if err != nil {
		b.Fatal(err)
	}
	asOf := ds.Year.LastDay.AddDays(1).In(ds.Calendar.Location(), model.NewClock(12, 0))
	rep, err := practices.Check(ds, asOf, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("national/html", func(b *testing.B) { benchHTML(b, ds, rep) })
	b.Run("national/check+html", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rep, err := practices.Check(ds, asOf, nil)
			if err != nil {
				b.Fatal(err)
			}
			if err := report.HTML(io.Discard, ds, rep, report.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func benchHTML(b *testing.B, ds *model.Dataset, rep practices.Report) {
	b.ReportAllocs()
	cw := &countWriter{}
	for b.Loop() {
		cw.n = 0
		if err := report.HTML(cw, ds, rep, report.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cw.n), "bytes")
}

type countWriter struct{ n int }

func (w *countWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }
