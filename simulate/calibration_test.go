package simulate

import (
	"context"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// calibrationGrid is the fixed grid on which the capacity model is
// calibrated against the real planners: invited share × acceptance ×
// capacity per educator, 3 × 2 × 2 = 12 designs of the default district.
func calibrationGrid() []Design {
	var out []Design
	for _, share := range []float64{0.15, 0.3, 0.6} {
		for _, acc := range []float64{0.3, 0.9} {
			for _, capacity := range []int{4, 20} {
				d := DefaultDesign()
				d.ID = fmt.Sprintf("share=%g/accept=%g/capacity=%d", share, acc, capacity)
				d.InviteShare, d.Acceptance.Rate, d.CapacityPerEducator = share, acc, capacity
				out = append(out, d)
			}
		}
	}
	return out
}

// meanVisits returns each design's mean visits held (first and second)
// over the replications of res.
func meanVisits(res *Results) []float64 {
	sum := make([]float64, len(res.Designs))
	n := make([]float64, len(res.Designs))
	for i := range res.Replications {
		r := &res.Replications[i]
		sum[r.Design] += float64(r.Metrics.FirstVisits + r.Metrics.SecondVisits)
		n[r.Design]++
	}
	for i := range sum {
		sum[i] /= n[i]
	}
	return sum
}

// TestCapacityCalibration: the capacity model's mean visits lie within 5%
// of the real planners' at every point of the calibration grid, over 200
// replications of the real planners (PTHV_LONG=1, a few minutes on two
// cores) — or, always, within 8% over 6 replications at the grid's eight
// corners. The model's own means are over 2,000 replications.
func TestCapacityCalibration(t *testing.T) {
	grid, runs, tol := calibrationGrid(), 200, 0.05
	if os.Getenv("PTHV_LONG") == "" {
		var corners []Design
		for _, d := range grid {
			if d.InviteShare != 0.3 {
				corners = append(corners, d)
			}
		}
		grid, runs, tol = corners, 6, 0.08
	}
	real, err := Run(context.Background(), grid, Options{Runs: runs, Seed: 2018})
	require.NoError(t, err)
	fast, err := Run(context.Background(), grid, Options{Runs: 2000, Seed: 2018, Mode: CapacityModel})
	require.NoError(t, err)
	rv, fv := meanVisits(real), meanVisits(fast)
	for i, d := range grid {
		gap := fv[i]/rv[i] - 1
		t.Logf("%-34s real %7.1f  capacity %7.1f  %+5.1f%%", d.ID, rv[i], fv[i], 100*gap)
		assert.LessOrEqual(t, math.Abs(gap), tol, "%s: capacity model %.1f visits, real planners %.1f", d.ID, fv[i], rv[i])
	}
}
