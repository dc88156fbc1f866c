package visitlog_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/interop/visitlog"
)

// FuzzRead feeds arbitrary files to the reader: it never panics, every
// problem names the file, and a log it accepts writes out to a log that
// reads back to the same visits and writes the same bytes again.
func FuzzRead(f *testing.F) {
	base := roster(f)
	sample := sampleLog(f)
	f.Add(sample)
	f.Add(bytes.ReplaceAll(sample, []byte("\n"), []byte("\r\n")))
	f.Add([]byte("visit_id,status,date,start\nV-1,completed,2025-08-26,17:30\n"))
	f.Add([]byte("Visit ID,Students,Status,Date,Start,Notes\n'=V,s-1001,completed,2025-08-26,17:30,\"a\nb\"\n"))
	f.Add([]byte("visit_id,status,date,start,paid_educators,minutes_outside,amount,funding_source\nV,completed,2025-08-26,17:30,t-101,1,0.01,stipend:union\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ds := *base
		err := visitlog.Read("visits.csv", bytes.NewReader(data), &ds)
		if err != nil {
			es, ok := errors.AsType[visitlog.Errors](err)
			require.True(t, ok, "%v", err)
			for _, e := range es {
				require.Equal(t, "visits.csv", e.File)
			}
			return
		}
		require.NoError(t, ds.Validate())
		var first bytes.Buffer
		require.NoError(t, visitlog.Write(&first, &ds))
		again := *base
		require.NoError(t, visitlog.Read("visits.csv", bytes.NewReader(first.Bytes()), &again))
		require.Equal(t, ds.Visits, again.Visits)
		var second bytes.Buffer
		require.NoError(t, visitlog.Write(&second, &again))
		require.Equal(t, first.String(), second.String())
	})
}
