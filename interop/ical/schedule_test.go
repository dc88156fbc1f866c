package ical_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	goical "github.com/arran4/golang-ical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/interop/ical"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/schedule"
)

func tinyDistrict(t *testing.T) (*model.Dataset, time.Time) {
	cal := calendar(t, "America/Los_Angeles")
	loc := cal.Location()
	year := model.NewSchoolYear(model.NewDate(2025, time.August, 18), model.NewDate(2026, time.June, 5))
	trained := []model.Training{{Date: model.NewDate(2025, time.June, 10), Kind: model.InitialTraining}}
	ds := &model.Dataset{Format: model.Format, Year: year, Calendar: cal, Policy: model.DefaultPolicy(), Schools: []model.School{{ID: "S1"}},
		Educators: []model.Educator{
			{ID: "E-1", School: "S1", Role: model.Certificated, Trainings: trained, OptIns: []model.SchoolYearID{year.ID}},
			{ID: "E-2", School: "S1", Role: model.Certificated, Trainings: trained, OptIns: []model.SchoolYearID{year.ID}},
		}}
	asOf := time.Date(2025, time.August, 11, 9, 0, 0, 0, loc)
	for i := range 3 {
		f := model.FamilyID(fmt.Sprintf("F-%d", i+1))
		ds.Families = append(ds.Families, model.Family{ID: f, Availability: []model.Window{{Weekday: time.Wednesday, Start: model.NewClock(16, 0), End: model.NewClock(19, 0)}}})
		ds.Students = append(ds.Students, model.Student{ID: model.StudentID(fmt.Sprintf("ST-%d", i+1)), School: "S1", Family: f, Teachers: []model.EducatorID{"E-1"}})
		ds.Invitations = append(ds.Invitations, model.Invitation{ID: model.InvitationID(fmt.Sprintf("I-%d", i+1)), Family: f,
			SentAt: asOf.AddDate(0, 0, -10), Response: model.Accepted, RespondedAt: asOf.AddDate(0, 0, -3)})
	}
	return ds, asOf
}

func events(t *testing.T, cal model.Calendar, s schedule.Schedule, stamp time.Time) map[string]*goical.VEvent {
	var b bytes.Buffer
	require.NoError(t, ical.Write(&b, cal, s.Visits(), ical.Options{Stamp: stamp, Domain: "school.example"}))
	c, err := goical.ParseCalendar(&b)
	require.NoError(t, err)
	require.Len(t, c.Timezones(), 1)
	out := map[string]*goical.VEvent{}
	for _, e := range c.Events() {
		out[e.Id()] = e
	}
	return out
}

// TestScheduleExportAcrossRepairs: the events of a planned schedule keep
// their UIDs through a snow day and a cancellation, with SEQUENCE raised and
// STATUS:CANCELLED on the cancelled one.
func TestScheduleExportAcrossRepairs(t *testing.T) {
	ds, asOf := tinyDistrict(t)
	loc := ds.Calendar.Location()
	s, err := schedule.Plan(ds, asOf, schedule.Options{})
	require.NoError(t, err)
	before := events(t, ds.Calendar, s, asOf)
	require.Len(t, before, 6)
	for _, e := range before {
		assert.Equal(t, "0", prop(e, goical.ComponentPropertySequence))
		assert.Equal(t, "CONFIRMED", prop(e, goical.ComponentPropertyStatus))
		stampAt, err := e.GetDtStampTime()
		require.NoError(t, err)
		assert.True(t, stampAt.Equal(asOf))
	}

	first := s.Appointments[0]
	day := model.DateOf(first.Start.In(loc))
	snowAt := day.AddDays(-1).In(loc, model.NewClock(18, 0))
	s2, rep, err := schedule.Repair(ds, s, schedule.SchoolClosed{From: day, To: day, Name: "snow day", At: snowAt})
	require.NoError(t, err)
	require.NotEmpty(t, rep.Moved)
	after := events(t, ds.Calendar, s2, snowAt)
	require.Len(t, after, 6)
	for uid, e := range after {
		require.Contains(t, before, uid, "UID %s is new", uid)
		want := "0"
		for _, id := range rep.Moved {
			if uid == ical.UID(id, "school.example") {
				want = "1"
				start, err := e.GetStartAt()
				require.NoError(t, err)
				assert.False(t, start.Equal(first.Start))
			}
		}
		assert.Equal(t, want, prop(e, goical.ComponentPropertySequence), uid)
	}

	s3, rep, err := schedule.Repair(ds, s2, schedule.FamilyCancels{Family: first.Family, Visit: first.ID, At: snowAt.Add(time.Hour)})
	require.NoError(t, err)
	require.Contains(t, rep.Cancelled, first.ID)
	final := events(t, ds.Calendar, s3, snowAt.Add(time.Hour))
	e := final[ical.UID(first.ID, "school.example")]
	require.NotNil(t, e)
	assert.Equal(t, "CANCELLED", prop(e, goical.ComponentPropertyStatus))
	assert.Equal(t, "2", prop(e, goical.ComponentPropertySequence), "one reschedule and the cancellation")
}
