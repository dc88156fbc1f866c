package schedule_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/internal/nilsafe"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/schedule"
)

var (
	farPast   = time.Unix(math.MinInt64/2, 0)
	farFuture = time.Unix(math.MaxInt64/2, 0)
)

// when requires a change's When to return its At, zero or extreme.
func when(c func(time.Time) schedule.Change) func(t *testing.T) {
	return func(t *testing.T) {
		require.True(t, c(time.Time{}).When().IsZero())
		require.Equal(t, farFuture, c(farFuture).When())
	}
}

func TestNilSafety(t *testing.T) {
	extreme := schedule.Appointment{Duration: math.MinInt64, Pay: []model.Compensation{
		{MinutesOutside: math.MaxInt, AmountCents: math.MaxInt64}, {MinutesOutside: 1, AmountCents: 1}}}
	nilsafe.Check(t, ".", nilsafe.Cases{
		"Appointment.Active": func(t *testing.T) { require.True(t, schedule.Appointment{}.Active()) },
		"Appointment.CostCents": func(t *testing.T) {
			c, err := schedule.Appointment{}.CostCents()
			require.NoError(t, err)
			require.Zero(t, c)
			_, err = extreme.CostCents()
			require.Error(t, err, "the sum overflows")
		},
		"Appointment.End": func(t *testing.T) {
			require.True(t, schedule.Appointment{}.End().IsZero())
			extreme.End()
		},
		"Appointment.MinutesOutside": func(t *testing.T) {
			require.Zero(t, schedule.Appointment{}.MinutesOutside())
			extreme.MinutesOutside()
		},
		"Appointment.Visit": func(t *testing.T) {
			v := schedule.Appointment{}.Visit()
			require.Empty(t, v.ID)
			require.Nil(t, v.Compensation)
		},
		"NewPlanner": func(t *testing.T) {
			_, err := schedule.NewPlanner(nil).Plan(farFuture, schedule.Options{})
			require.ErrorIs(t, err, schedule.ErrOptions)
		},
		"Planner.Plan": func(t *testing.T) {
			for _, pl := range []*schedule.Planner{nil, {}, schedule.NewPlanner(&model.Dataset{})} {
				_, err := pl.Plan(farFuture, schedule.Options{})
				require.ErrorIs(t, err, schedule.ErrOptions)
			}
		},
		"Planner.Reset": func(t *testing.T) {
			var none *schedule.Planner
			none.Reset(&model.Dataset{})
			for _, pl := range []*schedule.Planner{{}, schedule.NewPlanner(&model.Dataset{})} {
				pl.Reset(nil)
				_, err := pl.Plan(farFuture, schedule.Options{})
				require.ErrorIs(t, err, schedule.ErrOptions)
			}
		},
		"DefaultVisitors": func(t *testing.T) {
			require.Nil(t, schedule.DefaultVisitors(nil, time.Time{}))
			require.Empty(t, schedule.DefaultVisitors(&model.Dataset{}, farFuture))
			ds, _ := school(2)
			for _, at := range []time.Time{{}, farPast, farFuture} {
				schedule.DefaultVisitors(ds, at)
			}
		},
		"EducatorUnavailable.When": when(func(at time.Time) schedule.Change { return schedule.EducatorUnavailable{At: at} }),
		"FamilyCancels.When":       when(func(at time.Time) schedule.Change { return schedule.FamilyCancels{At: at} }),
		"SchoolClosed.When":        when(func(at time.Time) schedule.Change { return schedule.SchoolClosed{At: at} }),
		"InputError.Error": func(t *testing.T) {
			require.Equal(t, "<nil>", (*schedule.InputError)(nil).Error())
			require.Equal(t, "schedule: invalid input", new(schedule.InputError).Error())
			require.Equal(t, "schedule: x", (&schedule.InputError{Field: "x"}).Error())
		},
		"InputError.Unwrap": func(t *testing.T) {
			require.Nil(t, (*schedule.InputError)(nil).Unwrap())
			require.Nil(t, new(schedule.InputError).Unwrap())
		},
		"Objective.Better": func(t *testing.T) {
			require.False(t, schedule.Objective{}.Better(schedule.Objective{}, true))
			lo := schedule.Objective{FirstVisits: math.MinInt, CostCents: math.MinInt64}
			hi := schedule.Objective{FirstVisits: math.MaxInt, CostCents: math.MaxInt64}
			require.True(t, hi.Better(lo, true))
			require.False(t, lo.Better(hi, true))
		},
		"Payroll": func(t *testing.T) {
			for name, x := range map[string]*model.Index{"nil": nil, "zero": {}} {
				lines, err := schedule.Payroll(x, time.Time{}, "")
				require.ErrorIs(t, err, model.ErrInvalid, name)
				require.Nil(t, lines, name)
			}
			lines, err := schedule.Payroll(model.NewIndex(nil), farFuture, "")
			require.NoError(t, err)
			require.Empty(t, lines)
			for _, period := range []string{"2025-13", "2025-1", "October", "2025-10-01"} {
				_, err = schedule.Payroll(model.NewIndex(nil), farPast, period)
				require.ErrorIs(t, err, model.ErrInvalid, period)
			}
		},
		"Plan": func(t *testing.T) {
			ds, asOf := school(2)
			_, err := schedule.Plan(nil, asOf, schedule.Options{})
			require.ErrorIs(t, err, schedule.ErrOptions)
			_, err = schedule.Plan(&model.Dataset{}, asOf, schedule.Options{})
			require.ErrorIs(t, err, schedule.ErrOptions)
			_, err = schedule.Plan(ds, time.Time{}, schedule.Options{})
			require.ErrorIs(t, err, schedule.ErrOptions)
			for _, opt := range []schedule.Options{
				{Policy: &model.Policy{}},
				{Step: math.MinInt64}, {Step: math.MaxInt64}, {Step: time.Second},
				{BudgetCents: math.MinInt64},
				{ExactVisits: math.MinInt}, {NodeLimit: math.MinInt},
				{Method: "\x00"},
			} {
				_, err := schedule.Plan(ds, asOf, opt)
				require.ErrorIs(t, err, schedule.ErrOptions, "%+v", opt)
			}
			long := *ds
			long.Year.SummerStart = model.NewDate(1, time.January, 1)
			long.Year.LastDay = model.NewDate(9999, time.December, 31)
			_, err = schedule.Plan(&long, asOf, schedule.Options{})
			require.ErrorIs(t, err, schedule.ErrOptions, "a year of ten thousand years")
			for _, at := range []time.Time{farPast, farFuture} {
				_, err := schedule.Plan(ds, at, schedule.Options{})
				require.NoError(t, err)
			}
			_, err = schedule.Plan(ds, asOf, schedule.Options{BudgetCents: math.MaxInt64, ExactVisits: math.MaxInt,
				NodeLimit: 1, Visitors: map[model.FamilyID][]model.EducatorID{"": nil, "F-nope": {"", ""}},
				Teams: []schedule.Team{{}, {Educators: []model.EducatorID{""}}}})
			require.NoError(t, err)
			for _, travel := range []time.Duration{math.MinInt64, math.MaxInt64} {
				_, err := schedule.Plan(ds, asOf, schedule.Options{Travel: func(a, b model.FamilyID) time.Duration { return travel },
					Funding: map[model.SchoolID]model.FundingSource{"": "", "S1": "\x00"}})
				require.NoError(t, err)
			}
		},
		"Recorded": func(t *testing.T) {
			ds, asOf := school(2)
			_, err := schedule.Recorded(nil, asOf, schedule.Options{})
			require.ErrorIs(t, err, schedule.ErrOptions)
			_, err = schedule.Recorded(&model.Dataset{}, asOf, schedule.Options{})
			require.ErrorIs(t, err, schedule.ErrOptions)
			for _, at := range []time.Time{{}, farPast, farFuture} {
				schedule.Recorded(ds, at, schedule.Options{})
			}
		},
		"Repair": func(t *testing.T) {
			ds, asOf := school(2)
			s, err := schedule.Plan(ds, asOf, schedule.Options{})
			require.NoError(t, err)
			at := asOf.Add(time.Hour)
			_, _, err = schedule.Repair(nil, s, schedule.FamilyCancels{At: at})
			require.ErrorIs(t, err, schedule.ErrChange)
			_, _, err = schedule.Repair(ds, s, nil)
			require.ErrorIs(t, err, schedule.ErrChange)
			_, _, err = schedule.Repair(ds, s, schedule.FamilyCancels{})
			require.ErrorIs(t, err, schedule.ErrChange)
			_, _, err = schedule.Repair(ds, s, schedule.FamilyCancels{At: farPast})
			require.ErrorIs(t, err, schedule.ErrChange)
			for _, c := range []schedule.Change{
				schedule.FamilyCancels{At: at}, schedule.EducatorUnavailable{At: at}, schedule.SchoolClosed{At: at},
				schedule.EducatorUnavailable{At: at, From: model.NewDate(9999, 1, 1), To: model.NewDate(1, 1, 1)},
				schedule.SchoolClosed{At: at, From: model.NewDate(1, 1, 1), To: model.NewDate(9999, 12, 31)},
			} {
				_, _, err := schedule.Repair(ds, s, c)
				require.Error(t, err, "%+v", c)
			}
			for _, z := range []schedule.Schedule{{}, {AsOf: farPast, Policy: model.DefaultPolicy()}} {
				for _, c := range []schedule.Change{schedule.FamilyCancels{At: at}, schedule.EducatorUnavailable{At: at},
					schedule.SchoolClosed{At: at, From: model.DateOf(at), To: model.DateOf(at)}} {
					schedule.Repair(ds, z, c)
					schedule.Repair(&model.Dataset{}, z, c)
				}
			}
			schedule.Repair(ds, s, schedule.SchoolClosed{At: farFuture, From: model.DateOf(farFuture), To: model.DateOf(farFuture)})
		},
		"Schedule.Appointment": func(t *testing.T) {
			_, ok := schedule.Schedule{}.Appointment("")
			require.False(t, ok)
		},
		"Schedule.Visits": func(t *testing.T) { require.Empty(t, schedule.Schedule{}.Visits()) },
	})
}
