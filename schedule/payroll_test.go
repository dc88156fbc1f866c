package schedule_test

import (
	"math"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices/practicestest"
	"github.com/homevisits/pthv/schedule"
)

func loadSmall(t *testing.T) *model.Dataset {
	t.Helper()
	fh, err := os.Open("../model/testdata/small.json")
	require.NoError(t, err)
	defer fh.Close()
	ds, err := model.DecodeDataset("small.json", fh)
	require.NoError(t, err)
	return ds
}

func pdt(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestPayroll: per educator and month in the district's zone — a visit at
// 20:00 on October 31 in Los Angeles is October's though it is November in
// UTC — completed visits only, started by the as-of time; amounts by
// source from the compensation records; minutes outside the working day
// from the calendar where a visitor has no record.
func TestPayroll(t *testing.T) {
	ds := loadSmall(t)
	forty := model.Duration(40 * time.Minute)
	ds.Visits = append(ds.Visits,
		model.Visit{ID: "V3", Family: "F1", Status: model.Completed, Start: pdt("2025-10-31T20:00:00-07:00"), Duration: forty,
			Visitors: []model.EducatorID{"E-T1", "E-PR", "E-T1"}}, // E-T1 once
		model.Visit{ID: "V4", Family: "F2", Status: model.Completed, Start: pdt("2025-10-02T16:00:00-07:00"), Duration: forty,
			Visitors:     []model.EducatorID{"E-GHOST", "E-T1"},
			Compensation: []model.Compensation{{Educator: "E-DC", AmountCents: 1000, Source: model.DistrictFunds}}},
		model.Visit{ID: "V5", Family: "F2", Status: model.Cancelled, Start: pdt("2025-10-03T16:00:00-07:00"), Duration: forty,
			Visitors: []model.EducatorID{"E-T1", "E-LI"}},
	)
	x := model.NewIndex(ds)
	type row struct {
		period, educator, school string
		visits, stipend          int
		minutes, unrecorded      int
		cents                    map[model.FundingSource]int64
		total                    int64
	}
	rows := func(lines []schedule.PayrollLine) []row {
		var out []row
		for _, l := range lines {
			out = append(out, row{l.Period, string(l.Educator), string(l.School), l.CompletedVisits, l.StipendVisits,
				l.MinutesOutside, l.MinutesUnrecorded, l.Cents, l.TotalCents})
		}
		return out
	}
	none := map[model.FundingSource]int64{}
	all := []row{
		{"2025-08", "E-LI", "S1", 1, 1, 40, 0, none, 0},
		{"2025-08", "E-T1", "S1", 1, 0, 40, 0, map[model.FundingSource]int64{model.TitleI: 2667}, 2667},
		{"2025-10", "E-DC", "", 1, 0, 0, 0, map[model.FundingSource]int64{model.DistrictFunds: 1000}, 1000},
		{"2025-10", "E-GHOST", "", 1, 0, 0, 0, none, 0},
		{"2025-10", "E-PR", "S1", 1, 0, 0, 40, none, 0},
		{"2025-10", "E-T1", "S1", 2, 0, 0, 80, none, 0},
	}
	lines, err := schedule.Payroll(x, pdt("2026-07-01T00:00:00-07:00"), "")
	require.NoError(t, err)
	assert.Equal(t, all, rows(lines))
	assert.Equal(t, model.Classified, lines[0].Role)
	assert.Equal(t, model.Liaison, lines[0].Position)

	lines, err = schedule.Payroll(x, pdt("2026-07-01T00:00:00-07:00"), "2025-10")
	require.NoError(t, err)
	assert.Equal(t, all[2:], rows(lines))

	lines, err = schedule.Payroll(x, pdt("2025-10-15T00:00:00-07:00"), "2025-10")
	require.NoError(t, err)
	assert.Equal(t, []string{"E-DC", "E-GHOST", "E-T1"}, educators(lines), "V3 had not started")

	ds.Visits[0].Compensation[0].AmountCents = math.MaxInt64
	ds.Visits = append(ds.Visits, ds.Visits[0])
	ds.Visits[len(ds.Visits)-1].ID = "V1-again"
	_, err = schedule.Payroll(model.NewIndex(ds), pdt("2026-07-01T00:00:00-07:00"), "")
	require.ErrorIs(t, err, model.ErrAmountOverflow)
	assert.ErrorContains(t, err, "schedule: Payroll: 2025-08, educator E-T1:")
}

func educators(lines []schedule.PayrollLine) []string {
	var out []string
	for _, l := range lines {
		out = append(out, string(l.Educator))
	}
	return out
}

// TestPayrollAddsUpTheRecords: on generated programs, the lines hold every
// amount of every completed visit's compensation records, once; every
// educator of a completed visit once per visit; in order.
func TestPayrollAddsUpTheRecords(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := practicestest.Dataset().Draw(t, "dataset")
		asOf := practicestest.AsOf(ds)
		lines, err := schedule.Payroll(model.NewIndex(ds), asOf, "")
		require.NoError(t, err)
		var wantCents int64
		wantVisits := 0
		for _, v := range ds.Visits {
			if v.Status != model.Completed || v.Start.After(asOf) {
				continue
			}
			people := slices.Clone(v.Visitors)
			for _, c := range v.Compensation {
				wantCents += c.AmountCents
				people = append(people, c.Educator)
			}
			slices.Sort(people)
			wantVisits += len(slices.Compact(people))
		}
		var gotCents int64
		gotVisits := 0
		for i, l := range lines {
			var sum int64
			for _, c := range l.Cents {
				sum += c
			}
			require.Equal(t, sum, l.TotalCents)
			gotCents += l.TotalCents
			gotVisits += l.CompletedVisits
			if i > 0 {
				prev := lines[i-1]
				require.True(t, prev.Period < l.Period || prev.Period == l.Period && prev.Educator < l.Educator, "ordered by period, then educator")
			}
		}
		require.Equal(t, wantCents, gotCents)
		require.Equal(t, wantVisits, gotVisits)
	})
}
