package schedule

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// TestResultInOrder: result makes a schedule's appointments in their
// order rather than sorting them — sortSchedule, which once sorted them,
// finds every list of a plan in order already. Synthetic schools planned
// from any day, with and without a budget and a step; their visits' ids
// are unique, so the order is the only one.
func TestResultInOrder(t *testing.T) {
	many := 0
	rapid.Check(t, func(t *rapid.T) {
		ds := drawSchool(t)
		asOf := ds.Year.FirstDay.AddDays(rapid.IntRange(-20, 150).Draw(t, "day")).In(ds.Calendar.Location(), model.NewClock(rapid.IntRange(0, 23).Draw(t, "hour"), 0))
		opt := Options{WorkingHoursBusy: rapid.Bool().Draw(t, "busy"), Method: Heuristic,
			Step: time.Duration(rapid.SampledFrom([]int{5, 15, 30}).Draw(t, "step")) * time.Minute}
		if rapid.Bool().Draw(t, "budget") {
			opt.BudgetCents = rapid.Int64Range(1, 50000).Draw(t, "cents")
		}
		s, err := Plan(ds, asOf, opt)
		require.NoError(t, err)
		sorted := s
		sorted.Appointments = slices.Clone(s.Appointments)
		sorted.Unplaced = slices.Clone(s.Unplaced)
		sorted.Kept = slices.Clone(s.Kept)
		sortSchedule(&sorted)
		require.Equal(t, sorted, s)
		if len(s.Appointments) > 16 {
			many++
		}
	})
	require.Positive(t, many, "some plans must have more appointments than result keeps on its stack")
}
