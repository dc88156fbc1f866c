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
// reads back to the same visits and writes the same bytes again. Fuzz it
// longer with
//
//	go test ./interop/visitlog -run '^$' -fuzz FuzzRead -fuzztime 10m
func FuzzRead(f *testing.F) {
	base := roster(f)
	sample := sampleLog(f)
	f.Add(sample)
	f.Add(bytes.ReplaceAll(sample, []byte("\n"), []byte("\r\n")))
	f.Add(bytes.ReplaceAll(sample, []byte("\n"), []byte("\r")))
	f.Add(append([]byte("\xef\xbb\xbf"), sample...))
	f.Add([]byte("visit_id,status,date,start\nV-1,completed,2025-08-26,17:30\n"))
	f.Add([]byte("Visit ID,Students,Status,Date,Start,Notes\n'=V,s-1001,completed,2025-08-26,17:30,\"a\nb\"\n"))
	f.Add([]byte("visit_id,status,date,start,paid_educators,minutes_outside,amount,funding_source\nV,completed,2025-08-26,17:30,t-101,1,0.01,stipend:union\n"))
	// Reschedules, one in the hour the clocks go back.
	f.Add([]byte("visit_id,family,status,date,start,reschedules\n" +
		"V-1,F-s-1003,scheduled,2025-11-09,16:00,2025-11-02 01:30 -08:00 moved on 2025-11-01 09:00 by family;2025-11-05 16:00 moved on 2025-11-02 01:30\n" +
		"V-2,F-s-1004,scheduled,2025-11-02,01:30 -08:00,2025-10-30 16:00 moved on 2025-10-20 09:15:30 by school\n"))
	// Cells a spreadsheet would run as formulas, guarded, a CR inside one.
	f.Add([]byte("visit_id,family,status,date,start,topics\n\"'=HYPERLINK(\"\"x\"\")\",F-s-1003,scheduled,2025-10-01,16:00,\n" +
		"'+1,F-s-1003,scheduled,2025-10-01,16:00,\n'-2,F-s-1003,scheduled,2025-10-01,16:00,\n'@SUM(A1),F-s-1003,scheduled,2025-10-01,16:00,\n" +
		"\"'\rCR\",F-s-1003,scheduled,2025-10-01,16:00,\n''quoted,F-s-1003,scheduled,2025-10-01,16:00,other\n"))
	// Invalid UTF-8 in an id and in the header.
	f.Add([]byte("visit_id,family,status,date,start\nV-\xff\xfe,F-s-1003,scheduled,2025-10-01,16:00\n"))
	f.Add([]byte("visit_id,family,status,date,start,\xc3\x28\nV-1,F-s-1003,scheduled,2025-10-01,16:00,x\n"))
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
