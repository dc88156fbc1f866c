package simulate

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sweepMeans runs the designs made by edit for each value, with common
// random numbers (the same seeds for every design), and returns the mean
// of metric for each value.
func sweepMeans(t *testing.T, mode Mode, runs int, metric string, values []float64, edit func(d *Design, v float64)) []float64 {
	t.Helper()
	var designs []Design
	for _, v := range values {
		d := DefaultDesign()
		d.ID = fmt.Sprint(v)
		if mode == RealPlanners {
			d.District.Schools = 4 // coverage is per school: a small district will do
		}
		edit(&d, v)
		designs = append(designs, d)
	}
	res, err := Run(context.Background(), designs, Options{Runs: runs, Seed: 77, Mode: mode})
	require.NoError(t, err)
	out := make([]float64, len(values))
	for _, s := range res.Summary() {
		if s.Metric == metric {
			for i, d := range designs {
				if d.ID == s.DesignID {
					out[i] = s.Mean
				}
			}
		}
	}
	return out
}

// requireMonotone checks that means never fall as the lever rises, but for
// slack (a share of the largest mean: the noise left by common random
// numbers over a few replications).
func requireMonotone(t *testing.T, what string, means []float64, slack float64) {
	t.Helper()
	top := 0.0
	for _, m := range means {
		top = max(top, m)
	}
	for i := 1; i < len(means); i++ {
		assert.GreaterOrEqual(t, means[i], means[i-1]-slack*top, "%s falls from %.4g to %.4g (step %d): %v", what, means[i-1], means[i], i, means)
	}
}

// TestAcceptanceNeverLowersCoverage: at fixed capacity and budget, more
// families accepting never lowers coverage or the share of systematic
// schools, on means with common random numbers. A district budget spent
// first come by date across schools did: at $20,000, raising acceptance
// from 0.3 to 0.9 lowered the systematic share (99.5% → 96.5%), since
// the schools whose families answered first took the budget. Each school
// now spends its own share, allocated before the year.
func TestAcceptanceNeverLowersCoverage(t *testing.T) {
	levels := []float64{0.3, 0.6, 0.9}
	for _, mode := range []Mode{RealPlanners, CapacityModel} {
		runs := 8
		if mode == CapacityModel {
			runs = 400
		}
		for _, budget := range []int64{0, 2_000_000, 500_000} {
			t.Run(fmt.Sprintf("%s/budget=%d", mode, budget), func(t *testing.T) {
				edit := func(d *Design, v float64) {
					d.Acceptance.Rate = v
					d.Compensation.BudgetCents = budget
				}
				for _, metric := range []string{"coverage_district", "systematic_share", "families_visited"} {
					requireMonotone(t, metric, sweepMeans(t, mode, runs, metric, levels, edit), 0.01)
				}
			})
		}
	}
}

// TestSweepsAreMonotone: inviting more families and a larger budget never
// lower the mean visits and coverage (common random numbers).
func TestSweepsAreMonotone(t *testing.T) {
	for _, mode := range []Mode{RealPlanners, CapacityModel} {
		runs := 6
		if mode == CapacityModel {
			runs = 400
		}
		t.Run(string(mode)+"/invite_share", func(t *testing.T) {
			means := sweepMeans(t, mode, runs, "coverage_district", []float64{0.1, 0.3, 0.6, 1}, func(d *Design, v float64) { d.InviteShare = v })
			requireMonotone(t, "coverage", means, 0.01)
		})
		t.Run(string(mode)+"/budget", func(t *testing.T) {
			means := sweepMeans(t, mode, runs, "first_visits", []float64{200_000, 1_000_000, 3_000_000, 0}, func(d *Design, v float64) {
				d.Compensation.BudgetCents = int64(v)
			})
			requireMonotone(t, "first visits", means, 0.01)
			assert.Greater(t, means[2], means[0], "a budget of $2,000 binds")
		})
	}
}

// TestSecondVisitsKeepTheirCapacity: with capacity held for second
// visits, inviting every family does not crowd them out; holding none
// lets first visits take it all, as every first visit used to.
func TestSecondVisitsKeepTheirCapacity(t *testing.T) {
	for _, mode := range []Mode{RealPlanners, CapacityModel} {
		runs := 4
		if mode == CapacityModel {
			runs = 200
		}
		t.Run(string(mode), func(t *testing.T) {
			share := []float64{0.3, 1}
			held := sweepMeans(t, mode, runs, "second_visits", share, func(d *Design, v float64) { d.InviteShare = v; d.CapacityPerEducator = 6 })
			none := sweepMeans(t, mode, runs, "second_visits", share, func(d *Design, v float64) {
				d.InviteShare = v
				d.CapacityPerEducator = 6
				d.Year.SecondVisitReserve = 0
			})
			assert.Greater(t, held[1], 0.5*held[0], "second visits at 100%% invited keep their share: %v", held)
			assert.Greater(t, held[1], 2*none[1], "holding capacity keeps second visits: %v against %v", held, none)
		})
	}
}
