package schedule

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/synth"
)

// TestResultInOrder: result makes a schedule's appointments in their
// order rather than sorting them — sortSchedule, which once sorted them,
// finds every list of a plan in order already. Synthetic schools planned
// from any day, with and without a budget and a step; their visits' ids
// are unique, so the order is the only one.
func TestResultInOrder(t *testing.T) {
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
		requireInOrder(t, s)
	})
	// And always a plan with more appointments than result keeps on its
	// stack, which the drawn schools reach only now and then.
	cfg := synth.DefaultConfig()
	cfg.Schools, cfg.StudentsPerSchool, cfg.EducatorsPerSchool = 1, 300, 14
	ds, err := synth.District(cfg, 5)
	require.NoError(t, err)
	ds.Visits = nil
	s, err := Plan(ds, ds.Year.FirstDay.In(ds.Calendar.Location(), model.NewClock(8, 0)), Options{Method: Heuristic})
	require.NoError(t, err)
	require.Greater(t, len(s.Appointments), 16, "a plan longer than result's stack")
	requireInOrder(t, s)
}

// requireInOrder requires s's lists to be in the order sortSchedule gives.
func requireInOrder(t require.TestingT, s Schedule) {
	sorted := s
	sorted.Appointments = slices.Clone(s.Appointments)
	sorted.Unplaced = slices.Clone(s.Unplaced)
	sorted.Kept = slices.Clone(s.Kept)
	sortSchedule(&sorted)
	require.Equal(t, sorted, s)
}
