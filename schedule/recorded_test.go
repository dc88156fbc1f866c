package schedule_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/schedule"
)

// A plan recorded in the dataset reads back as the same appointments.
func TestRecordedReadsBackAPlan(t *testing.T) {
	ds, asOf := school(3)
	s := plan(t, ds, asOf, schedule.Options{})
	require.Len(t, s.Appointments, 6)
	ds.Visits = append(ds.Visits, s.Visits()...)

	got, err := schedule.Recorded(ds, asOf, schedule.Options{})
	require.NoError(t, err)
	require.Len(t, got.Appointments, len(s.Appointments))
	for i, a := range s.Appointments {
		b := got.Appointments[i]
		assert.Equal(t, a.ID, b.ID)
		assert.Equal(t, a.Kind, b.Kind, "%s", a.ID)
		assert.True(t, a.Start.Equal(b.Start), "%s", a.ID)
		assert.Equal(t, a.Visitors, b.Visitors)
		assert.Equal(t, a.Season, b.Season)
		assert.Equal(t, a.Pay, b.Pay)
		assert.Equal(t, a.School, b.School)
	}
	assert.Equal(t, s.Totals, got.Totals)

	// A visit already started, completed or cancelled is no appointment;
	// the family's next visit is then its second.
	first := s.Appointments[0]
	for i := range ds.Visits {
		if ds.Visits[i].ID == first.ID {
			ds.Visits[i].Status = model.Completed
		}
	}
	got, err = schedule.Recorded(ds, asOf, schedule.Options{})
	require.NoError(t, err)
	require.Len(t, got.Appointments, 5)
	_, ok := got.Appointment(first.ID)
	assert.False(t, ok)
	for _, a := range got.Appointments {
		if a.Family == first.Family {
			assert.Equal(t, model.SecondVisit, a.Kind)
		}
	}
	got, err = schedule.Recorded(ds, s.Appointments[len(s.Appointments)-1].Start, schedule.Options{})
	require.NoError(t, err)
	assert.Empty(t, got.Appointments, "nothing starts after the last appointment")

	_, err = schedule.Recorded(ds, time.Time{}, schedule.Options{})
	assert.ErrorIs(t, err, schedule.ErrOptions)
}

// Repair moves a recorded appointment when its educator is away, and keeps
// the earlier time in its history.
func TestRepairRecordedSchedule(t *testing.T) {
	ds, asOf := school(2)
	s := plan(t, ds, asOf, schedule.Options{})
	ds.Visits = append(ds.Visits, s.Visits()...)
	rec, err := schedule.Recorded(ds, asOf, schedule.Options{})
	require.NoError(t, err)
	a := rec.Appointments[0]
	day := model.DateOf(a.Start.In(zone))
	out, rep, err := schedule.Repair(ds, rec, schedule.EducatorUnavailable{Educator: a.Visitors[0], From: day, To: day, At: asOf})
	require.NoError(t, err)
	require.Contains(t, rep.Moved, a.ID)
	moved, _ := out.Appointment(a.ID)
	require.Len(t, moved.Reschedules, 1)
	assert.True(t, moved.Reschedules[0].FromStart.Equal(a.Start))
	assert.Equal(t, model.ByEducator, moved.Reschedules[0].By)
	assert.NotEqual(t, day, model.DateOf(moved.Start.In(zone)))
}

// An educator's cancellation is recorded as theirs, and leaves the
// family's visit to be offered again.
func TestRepairCancelledByEducator(t *testing.T) {
	ds, asOf := school(1)
	s := plan(t, ds, asOf, schedule.Options{})
	first := s.Appointments[0]
	require.Equal(t, model.FirstVisit, first.Kind)
	out, rep, err := schedule.Repair(ds, s, schedule.FamilyCancels{Family: first.Family, Visit: first.ID, By: model.ByEducator, At: asOf})
	require.NoError(t, err)
	assert.Len(t, rep.Cancelled, 2, "the second refers back to the first")
	for _, a := range out.Appointments {
		assert.Equal(t, model.Cancelled, a.Status)
		assert.Equal(t, model.ByEducator, a.CancelledBy)
	}
	require.Equal(t, []schedule.Reason{schedule.CancelledByEducator, schedule.CancelledByEducator}, reasonsOf(out, first.Family))
	assert.Contains(t, out.Unplaced[0].Detail, "an educator cancelled "+string(first.ID))

	_, _, err = schedule.Repair(ds, s, schedule.FamilyCancels{Family: first.Family, By: model.BySchool, At: asOf})
	require.Error(t, err)
	assert.True(t, errors.Is(err, schedule.ErrChange))
}

// A repair keeps the plan's reading of working hours: a visit moved for
// an educator with no availability on record goes around the school day,
// not into it.
func TestRepairKeepsWorkingHoursBusy(t *testing.T) {
	ds, asOf := school(1)
	for i := range ds.Families {
		ds.Families[i].Availability = nil
	}
	opt := schedule.Options{WorkingHoursBusy: true}
	s := plan(t, ds, asOf, opt)
	ds.Visits = append(ds.Visits, s.Visits()...)
	rec, err := schedule.Recorded(ds, asOf, opt)
	require.NoError(t, err)
	require.True(t, rec.WorkingHoursBusy)
	for _, a := range rec.Appointments {
		day := model.DateOf(a.Start.In(zone))
		out, rep, err := schedule.Repair(ds, rec, schedule.EducatorUnavailable{Educator: a.Visitors[1], From: day, To: day, At: asOf})
		require.NoError(t, err)
		require.Equal(t, []model.VisitID{a.ID}, rep.Moved)
		moved, _ := out.Appointment(a.ID)
		assert.Positive(t, moved.MinutesOutside(), "%s moved to %s, within the working day", a.ID, moved.Start.In(zone))
	}
}
