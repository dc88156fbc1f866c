package visitlog_test

import (
	"bytes"
	"testing"

	"github.com/homevisits/pthv/interop/visitlog"
	"github.com/homevisits/pthv/synth"
)

// BenchmarkWriteRead writes the visit log of a national-scale year (about
// 46,000 visits) and reads it back into the same roster. Run with
//
//	go test ./interop/visitlog -run '^$' -bench . -benchtime 3x
func BenchmarkWriteRead(b *testing.B) {
	ds, err := synth.District(synth.NationalConfig(), 1)
	if err != nil {
		b.Fatal(err)
	}
	var log bytes.Buffer
	if err := visitlog.Write(&log, ds); err != nil {
		b.Fatal(err)
	}
	roster := *ds
	roster.Visits = nil
	b.Run("write", func(b *testing.B) {
		b.ReportAllocs()
		var out bytes.Buffer
		for b.Loop() {
			out.Reset()
			if err := visitlog.Write(&out, ds); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(ds.Visits))*float64(b.N)/b.Elapsed().Seconds(), "visits/s")
	})
	b.Run("read", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			into := roster
			if err := visitlog.Read("visits.csv", bytes.NewReader(log.Bytes()), &into); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(ds.Visits))*float64(b.N)/b.Elapsed().Seconds(), "visits/s")
	})
}
