package simulate

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
)

// TestProgramRunsConsecutiveYears: a program of three years moves the
// school year on, keeps every non-negotiable in each, asks families again
// under each year's plan, carries volunteers with retention and
// recruitment, trains newcomers and refreshes veterans.
func TestProgramRunsConsecutiveYears(t *testing.T) {
	d := DefaultDesign()
	d.District.Schools = 3
	d.Years.Count = 3
	years, err := Program(d, 5)
	require.NoError(t, err)
	require.Len(t, years, 3)
	first, err := Simulate(d, 5)
	require.NoError(t, err)
	assert.Equal(t, first.Metrics, years[0].Metrics, "year 1 is what Simulate returns")
	for k, y := range years {
		m := y.Metrics
		assert.Equal(t, k+1, m.Year)
		require.NoError(t, y.Dataset.Validate(), "year %d", k+1)
		assert.Zero(t, m.Violations, "year %d: %v", k+1, m.ViolationsByRule)
		assert.Positive(t, m.Invitations, "year %d: families are asked again", k+1)
		assert.Positive(t, m.FirstVisits, "year %d", k+1)
		for _, v := range y.Dataset.Visits {
			assert.True(t, y.Dataset.Year.Contains(model.DateOf(v.Start.In(y.Dataset.Calendar.Location()))), "visit %s in its year", v.ID)
		}
		if k > 0 {
			prev := years[k-1].Dataset.Year
			assert.Equal(t, prev.FirstDay.AddDays(364), y.Dataset.Year.FirstDay)
			assert.NotEqual(t, prev.ID, y.Dataset.Year.ID)
			assert.Positive(t, m.ReturningFamilies, "year %d: families visited before are visited again", k+1)
			assert.Positive(t, m.TrainingMinutes, "year %d: newcomers trained, veterans refreshed", k+1)
		} else {
			assert.Zero(t, m.ReturningFamilies)
			assert.Zero(t, m.NewlySystematic)
		}
	}
	// Nobody is overdue a refresher at the end of the third year: the
	// refresher rule matches the policy's RefresherAfter.
	rep, err := practices.Check(years[2].Dataset, years[2].Dataset.Year.LastDay.AddDays(1).In(years[2].Dataset.Calendar.Location(), 0), nil)
	require.NoError(t, err)
	for _, r := range rep.Rules {
		if r.Rule == "P2.refresher" {
			assert.Zero(t, r.Advisories, "P2.refresher")
		}
	}
}

// TestYearsGrowTheProgram: when more staff join than leave, the program
// reaches more schools' threshold over the years (common random numbers,
// means over replications), and the output has one row per year.
func TestYearsGrowTheProgram(t *testing.T) {
	d := DefaultDesign()
	d.OptInRate, d.InviteShare, d.CapacityPerEducator = 0.1, 0.6, 8
	d.Years = Years{Count: 3, Retention: 0.95, Recruitment: 0.2, ReturningAcceptance: 0.8}
	for _, mode := range []Mode{RealPlanners, CapacityModel} {
		runs := 3
		if mode == CapacityModel {
			runs = 300
		} else {
			d.District.Schools = 4
		}
		res, err := Run(context.Background(), []Design{d}, Options{Runs: runs, Seed: 3, Mode: mode})
		require.NoError(t, err)
		require.Len(t, res.Replications, 3*runs)
		for i, r := range res.Replications {
			assert.Equal(t, i%3+1, r.Year)
			assert.Equal(t, i/3+1, r.Number)
		}
		means := map[int]map[string]float64{}
		for _, s := range res.Summary() {
			if means[s.Year] == nil {
				means[s.Year] = map[string]float64{}
			}
			means[s.Year][s.Metric] = s.Mean
		}
		require.Len(t, means, 3)
		assert.Greater(t, means[3]["volunteers"], means[1]["volunteers"], "%s", mode)
		assert.Greater(t, means[3]["first_visits"], means[1]["first_visits"], "%s", mode)
		assert.GreaterOrEqual(t, means[3]["systematic_schools"], means[1]["systematic_schools"], "%s", mode)
		assert.Positive(t, means[2]["newly_systematic"]+means[3]["newly_systematic"], "%s: schools cross the threshold over time", mode)
	}
}
