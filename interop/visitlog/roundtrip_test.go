package visitlog_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/interop/visitlog"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices/practicestest"
	"github.com/homevisits/pthv/synth"
)

// restore writes the visits of ds as a log and reads it into a copy of ds
// whose visits were removed, as "pthv export visits" then "pthv import
// visits --into" do, and returns the visits read.
func restore(t require.TestingT, ds *model.Dataset) []model.Visit {
	var log bytes.Buffer
	require.NoError(t, visitlog.Write(&log, ds))
	into := *ds
	into.Visits = nil
	require.NoError(t, visitlog.Read("visits.csv", bytes.NewReader(log.Bytes()), &into))
	return into.Visits
}

// unlisted returns a copy of visits with every empty list nil: a visit
// log, like a dataset file, does not tell an empty list from none.
func unlisted(visits []model.Visit) []model.Visit {
	out := slices.Clone(visits)
	for i := range out {
		v := &out[i]
		v.Students, v.Reschedules, v.Visitors = orNil(v.Students), orNil(v.Reschedules), orNil(v.Visitors)
		v.Interpreters, v.Topics, v.Compensation = orNil(v.Interpreters), orNil(v.Topics), orNil(v.Compensation)
		for j := range v.Interpreters {
			v.Interpreters[j].Languages = orNil(v.Interpreters[j].Languages)
		}
		if v.Reflection != nil {
			r := *v.Reflection
			r.By = orNil(r.By)
			v.Reflection = &r
		}
	}
	return out
}

func orNil[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

// TestRoundTripGeneratedDatasets: the visits of any generated program —
// reschedules, interpreters, reflections and pay included — come back
// from their log unchanged.
func TestRoundTripGeneratedDatasets(t *testing.T) {
	gen := practicestest.Dataset()
	rapid.Check(t, func(t *rapid.T) {
		ds := gen.Draw(t, "dataset")
		got := restore(t, ds)
		if len(ds.Visits) == 0 {
			require.Empty(t, got)
			return
		}
		require.Equal(t, unlisted(ds.Visits), got)
	})
}

// TestRoundTripSynthDistrict: the synthetic district "pthv synth" writes
// loses nothing on its way through the visit log, its rescheduled visits
// included.
func TestRoundTripSynthDistrict(t *testing.T) {
	ds, err := synth.District(synth.DefaultConfig(), 1)
	require.NoError(t, err)
	moved := 0
	for _, v := range ds.Visits {
		if len(v.Reschedules) > 0 {
			moved++
		}
	}
	require.Positive(t, moved, "the district has rescheduled visits to carry")
	require.Equal(t, ds.Visits, restore(t, ds))
}

// TestWriteTimesItCannotCarry: what a log cannot write so that it reads
// back the same is refused, naming the visit and field.
func TestWriteTimesItCannotCarry(t *testing.T) {
	base := roster(t)
	loc := base.Calendar.Location()
	cases := []struct {
		name  string
		visit func(*model.Visit)
		want  string
	}{
		{"fraction of a second", func(v *model.Visit) { v.Start = v.Start.Add(time.Millisecond) },
			`visit "V-1": start: cannot be written to the visit log: 2025-10-01T16:00:00.001-07:00 has a fraction of a second`},
		{"reschedule with no time", func(v *model.Visit) { v.Reschedules = []model.Rescheduling{{FromStart: v.Start.AddDate(0, 0, -7)}} },
			`visit "V-1": reschedules: cannot be written to the visit log: a reschedule with no earlier appointment or no time agreed`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds := *base
			v := model.Visit{ID: "V-1", Family: "F-s-1003", Status: model.Scheduled, Start: time.Date(2025, 10, 1, 16, 0, 0, 0, loc)}
			c.visit(&v)
			ds.Visits = []model.Visit{v}
			var out bytes.Buffer
			err := visitlog.Write(&out, &ds)
			require.ErrorIs(t, err, visitlog.ErrUnwritable)
			assert.Equal(t, c.want, err.Error())
			assert.Zero(t, out.Len())
		})
	}
}

// TestRepeatedHour: 01:30 on 2 November 2025 happens twice in Los
// Angeles. The first is written as a plain local time; the second carries
// its UTC offset, so both read back as themselves.
func TestRepeatedHour(t *testing.T) {
	ds := roster(t)
	loc := ds.Calendar.Location()
	first := time.Date(2025, 11, 2, 8, 30, 0, 0, time.UTC).In(loc) // 01:30 PDT
	second := first.Add(time.Hour)                                 // 01:30 PST
	require.Equal(t, first.Format("15:04"), second.Format("15:04"))
	ds.Visits = []model.Visit{
		{ID: "V-1", Family: "F-s-1003", Status: model.Completed, Start: first, ArrangedAt: second,
			Reschedules: []model.Rescheduling{{FromStart: second, At: first, By: model.ByFamily}},
			Reflection:  &model.Reflection{At: second}},
		{ID: "V-2", Family: "F-s-1003", Status: model.Completed, Start: second, ArrangedAt: first},
	}
	var log bytes.Buffer
	require.NoError(t, visitlog.Write(&log, ds))
	rows := parseCSV(t, log.String())
	cell := func(row int, col string) string { return rows[row][slices.Index(rows[0], col)] }
	assert.Equal(t, "01:30", cell(1, "start"))
	assert.Equal(t, "2025-11-02 01:30 -08:00", cell(1, "arranged_at"))
	assert.Equal(t, "2025-11-02 01:30 -08:00 moved on 2025-11-02 01:30 by family", cell(1, "reschedules"))
	assert.Equal(t, "2025-11-02 01:30 -08:00", cell(1, "reflected_at"))
	assert.Equal(t, "01:30 -08:00", cell(2, "start"))
	assert.Equal(t, "2025-11-02 01:30", cell(2, "arranged_at"))
	require.Equal(t, ds.Visits, restore(t, ds))

	header := "visit_id,family,status,date,start,arranged_at\n"
	for _, c := range []struct{ row, want string }{
		{"V-1,F-s-1003,completed,2025-11-02,01:30 -05:00,",
			`visits.csv:2:5: start: invalid value: 2025-11-02 01:30 -05:00: -05:00 is not the UTC offset of America/Los_Angeles at 2025-11-02 01:30`},
		{"V-1,F-s-1003,completed,2025-10-01,16:00,2025-09-30 09:00 -07:00",
			`visits.csv:2:6: arranged_at: invalid value: "2025-09-30 09:00 -07:00": write it as "2025-09-30 09:00"`},
		{"V-1,F-s-1003,completed,2025-10-01,16:00 -7:00,",
			`visits.csv:2:5: start: invalid value: "16:00 -7:00": want a time of day such as 16:30`},
	} {
		err := visitlog.Read("visits.csv", strings.NewReader(header+c.row+"\n"), roster(t))
		require.ErrorIs(t, err, visitlog.ErrInvalid)
		assert.Equal(t, c.want, err.Error())
	}
}

// TestRescheduleCellClears: an empty reschedules cell clears a visit's
// history, and a sheet without the column keeps it.
func TestRescheduleCellClears(t *testing.T) {
	ds := roster(t)
	readInto(t, ds, string(sampleLog(t)))
	require.Len(t, ds.Visits[3].Reschedules, 1)
	readInto(t, ds, "visit_id,status,date,start\nV-004,scheduled,2025-10-14,17:00\n")
	require.Len(t, ds.Visits[3].Reschedules, 1, "no column: kept")
	readInto(t, ds, "visit_id,status,date,start,reschedules\nV-004,scheduled,2025-10-14,17:00,\n")
	assert.Empty(t, ds.Visits[3].Reschedules, "an empty cell: cleared")
	readInto(t, ds, strings.Join([]string{"visit_id,status,date,start,Reschedules",
		"V-004,scheduled,2025-10-14,17:00,2025-10-07 17:00 moved on 2025-10-01 12:00;2025-10-09 17:00:30 moved on 2025-10-05 08:00:05 by school", ""}, "\n"))
	loc := ds.Calendar.Location()
	assert.Equal(t, []model.Rescheduling{
		{FromStart: time.Date(2025, 10, 7, 17, 0, 0, 0, loc), At: time.Date(2025, 10, 1, 12, 0, 0, 0, loc)},
		{FromStart: time.Date(2025, 10, 9, 17, 0, 30, 0, loc), At: time.Date(2025, 10, 5, 8, 0, 5, 0, loc), By: model.BySchool},
	}, ds.Visits[3].Reschedules)
}
