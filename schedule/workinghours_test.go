package schedule

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/synth"
)

// With WorkingHoursBusy, an educator who recorded no availability is never
// booked inside their working hours on a school day; without it, the
// planner (which minimises pay) does book them there.
func TestWorkingHoursBusy(t *testing.T) {
	cfg := synth.DefaultConfig()
	cfg.Schools = 1
	cfg.Deviations = synth.Compliant()
	ds, err := synth.District(cfg, 11)
	require.NoError(t, err)
	ds.Visits = nil
	asOf := ds.Year.FirstDay.AddDays(14).In(ds.Calendar.Location(), model.NewClock(9, 0))
	x := model.NewIndex(ds)

	inSchoolHours := func(s Schedule) int {
		n := 0
		for _, a := range s.Appointments {
			day := model.DateOf(a.Start.In(ds.Calendar.Location()))
			if !ds.Calendar.SchoolDay(ds.Year, day) {
				continue
			}
			for _, id := range a.Visitors {
				e, _ := x.Educator(id)
				if len(e.Availability) > 0 {
					continue
				}
				h := indexview.WorkingHours(x, e)
				lt := a.Start.In(ds.Calendar.Location())
				from := model.NewClock(lt.Hour(), lt.Minute())
				to := from + model.Clock(time.Duration(a.Duration)/time.Minute)
				if from < h.End && to > h.Start {
					n++
				}
			}
		}
		return n
	}

	busy, err := Plan(ds, asOf, Options{WorkingHoursBusy: true})
	require.NoError(t, err)
	require.NotEmpty(t, busy.Appointments)
	require.Zero(t, inSchoolHours(busy))

	free, err := Plan(ds, asOf, Options{})
	require.NoError(t, err)
	require.Positive(t, inSchoolHours(free), "the option must change something")
}

// The day layout finds each day's season from the seasons' first days,
// once; Calendar.Season, which resolves them for every day, is the
// oracle — for default and for district-set season bounds.
func TestDaySeasonsMatchTheCalendar(t *testing.T) {
	cfg := synth.DefaultConfig()
	cfg.Schools = 1
	ds, err := synth.District(cfg, 3)
	require.NoError(t, err)
	for _, bounds := range []model.SeasonBounds{{}, {
		Fall:   model.MonthDay{Month: time.August, Day: 1},
		Winter: model.MonthDay{Month: time.November, Day: 15},
		Spring: model.MonthDay{Month: time.February, Day: 29},
	}} {
		ds.Calendar.Seasons = bounds
		p, err := newProblem(ds, ds.Year.Start().In(ds.Calendar.Location(), 0), Options{}, nil, nil, []model.FamilyID{})
		require.NoError(t, err)
		require.NotEmpty(t, p.days)
		for _, d := range p.days {
			require.Equal(t, ds.Calendar.Season(ds.Year, d.date), d.season, "%s", d.date)
		}
	}
}
