package simulate

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/schedule"
)

// TestPayAgreesWithSchedule: the pay the simulator records on its visits
// is the pay schedule computes for the same visits (schedule.Recorded
// prices each as Plan would), and schedule.Payroll, reading the record,
// finds the simulator's cost by funding source and minutes outside the
// working day — one rule of pay, model.PayRule, on every side. The
// Unpaid deviation, which strips pay on purpose, is left out.
func TestPayAgreesWithSchedule(t *testing.T) {
	compared := 0
	rapid.Check(t, func(t *rapid.T) {
		d := designGen().Draw(t, "design")
		d.Deviations.Unpaid = 0
		y, err := Simulate(d, rapid.Uint64().Draw(t, "seed"))
		require.NoError(t, err)
		ds := y.Dataset
		x := model.NewIndex(ds)
		loc := ds.Calendar.Location()

		lines, err := schedule.Payroll(x, ds.Year.LastDay.AddDays(1).In(loc, 0), "")
		require.NoError(t, err)
		bySource := map[model.FundingSource]int64{}
		minutes := 0
		for _, l := range lines {
			require.Zero(t, l.MinutesUnrecorded, "every visitor of a held visit has a compensation record")
			minutes += l.MinutesOutside
			for src, c := range l.Cents {
				if c != 0 {
					bySource[src] += c
				}
			}
		}
		require.Equal(t, y.Metrics.MinutesOutside, minutes)
		require.Equal(t, y.Metrics.CostBySource, bySource)

		// The held visits as appointments: schedule prices them.
		sub := *ds
		sub.Visits = nil
		funding := map[model.SchoolID]model.FundingSource{}
		held := map[model.VisitID]*model.Visit{}
		for i := range ds.Visits {
			v := ds.Visits[i]
			if v.Status != model.Completed {
				continue
			}
			held[v.ID] = &ds.Visits[i]
			v.Status = model.Scheduled
			sub.Visits = append(sub.Visits, v)
			st, _ := x.Student(v.Students[0])
			for _, c := range v.Compensation {
				if !c.Stipend && c.Source != "" {
					funding[st.School] = c.Source
				}
			}
		}
		s, err := schedule.Recorded(&sub, ds.Year.Start().AddDays(-1).In(loc, 0), schedule.Options{Funding: funding})
		require.NoError(t, err)
		for _, a := range s.Appointments {
			v := held[a.ID]
			require.NotNil(t, v, a.ID)
			require.Equal(t, v.Compensation, a.Pay, "visit %s", a.ID)
			compared++
		}
	})
	require.Positive(t, compared, "some visits must be compared")
	t.Logf("%d visits compared", compared)
}

// TestPayRuleOfTheSimulator: the simulator pays by the design's rates,
// its schools' sources and the educators' stipends, each with its source.
func TestPayRuleOfTheSimulator(t *testing.T) {
	d := DefaultDesign()
	d.District.Schools = 2
	y, err := Simulate(d, 3)
	require.NoError(t, err)
	ds := y.Dataset
	x := model.NewIndex(ds)
	stipends, paid := 0, 0
	for _, v := range ds.Visits {
		for _, c := range v.Compensation {
			e, ok := x.Educator(c.Educator)
			require.True(t, ok)
			switch {
			case c.Stipend:
				st, ok := e.StipendFor(ds.Year.ID)
				require.True(t, ok)
				require.Equal(t, st.Source, c.Source, "a stipend's minutes name the stipend's source")
				require.Zero(t, c.AmountCents)
				stipends++
			case c.AmountCents > 0:
				rate := d.Compensation.CertificatedRateCents
				if e.Role == model.Classified {
					rate = d.Compensation.ClassifiedRateCents
				}
				require.Equal(t, model.CentsFor(c.MinutesOutside, rate), c.AmountCents)
				require.NotEmpty(t, c.Source)
				paid++
			}
		}
	}
	require.Positive(t, paid)
	require.Positive(t, stipends)
}
