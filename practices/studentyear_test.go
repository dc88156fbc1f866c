package practices_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/internal/districtgen"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/practices/practicestest"
)

// TestStudentYearOf: where a student stands as the year goes by, with the
// family's answer and the next step, one case per standing and step.
func TestStudentYearOf(t *testing.T) {
	base := loadBase(t)
	withSibling := loadBase(t)
	// F1 gains ST3, whose teacher E-T2 books a visit for ST3 alone.
	withSibling.Students = append(withSibling.Students, model.Student{ID: "ST3", School: "S1", Grade: 1, Family: "F1"})
	withSibling.Visits = append(withSibling.Visits, model.Visit{ID: "V9", Family: "F1", Students: []model.StudentID{"ST3"},
		Status: model.Scheduled, Start: at("2026-04-02T16:00:00-07:00"), Duration: model.Duration(40 * time.Minute), Visitors: []model.EducatorID{"E-T2", "E-LI"}})
	declined := loadBase(t)
	declined.Invitations[1].Response, declined.Invitations[1].RespondedAt = model.Declined, at("2025-08-05T09:00:00-07:00")
	declined.Visits = declined.Visits[:2]
	withdrew := loadBase(t)
	withdrew.Withdrawals = []model.Withdrawal{{Family: "F2", At: at("2025-12-01T09:00:00-08:00")}}
	uninvited := loadBase(t)
	uninvited.Invitations = uninvited.Invitations[:1]
	uninvited.Visits = uninvited.Visits[:2]

	cases := []struct {
		name     string
		ds       *model.Dataset
		student  model.StudentID
		asOf     string
		visits   []string // id:place
		next     model.VisitID
		standing practices.FamilyStanding
		step     practices.NextStep
	}{
		{"before the year", base, "ST1", "2025-08-02T12:00:00-07:00", nil, "", practices.StandingInvited, practices.StepOffer},
		{"agreed", base, "ST1", "2025-08-10T12:00:00-07:00", nil, "", practices.StandingAgreed, practices.StepArrangeFirst},
		{"first done", base, "ST1", "2025-12-01T12:00:00-08:00", []string{"V1:first"}, "", practices.StandingAgreed, practices.StepOfferSecond},
		{"both done", base, "ST1", "2026-06-01T12:00:00-07:00", []string{"V1:first", "V2:second"}, "", practices.StandingAgreed, practices.StepKeepInTouch},
		// I1 names ST1 only: F1's acceptance does not cover ST3.
		{"sibling booked", withSibling, "ST3", "2026-03-20T12:00:00-07:00", nil, "V9", practices.StandingInvited, practices.StepBooked},
		{"sibling's visits are not ST3's", withSibling, "ST3", "2026-06-01T12:00:00-07:00", nil, "", practices.StandingInvited, practices.StepOffer},
		{"declined", declined, "ST2", "2025-09-01T12:00:00-07:00", nil, "", practices.StandingDeclined, practices.StepRespectDecision},
		{"withdrew", withdrew, "ST2", "2026-01-10T12:00:00-08:00", []string{"V3:first"}, "", practices.StandingWithdrawn, practices.StepRespectDecision},
		{"never invited", uninvited, "ST2", "2026-06-01T12:00:00-07:00", nil, "", practices.StandingNotInvited, practices.StepOffer},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sy, err := practices.StudentYearOf(model.NewIndex(c.ds), c.student, at(c.asOf))
			require.NoError(t, err)
			var got []string
			for _, pv := range sy.Visits {
				got = append(got, string(pv.Visit.ID)+":"+pv.Place.String())
			}
			assert.Equal(t, c.visits, got)
			assert.Equal(t, len(c.visits) > 0, sy.Visited())
			if c.next == "" {
				assert.Nil(t, sy.Next)
			} else if assert.NotNil(t, sy.Next) {
				assert.Equal(t, c.next, sy.Next.ID)
			}
			assert.Equal(t, c.standing, sy.Standing)
			assert.Equal(t, c.step, sy.NextStep)
			assert.NotEmpty(t, sy.NextStep.Advice())
			assert.Equal(t, c.student, sy.Student)
			assert.Equal(t, model.SchoolYearID("2025-26"), sy.Year)
		})
	}

	_, err := practices.StudentYearOf(model.NewIndex(base), "ST-GHOST", time.Now())
	require.ErrorIs(t, err, model.ErrDangling)
	_, err = practices.StudentYearOf(nil, "ST1", time.Now())
	require.ErrorIs(t, err, model.ErrInvalid)
}

// TestStudentYearOfAgreesWithTheLifecycle: on generated programs of every
// shape, a student's visits are completed visits of the year that concern
// them, started by the moment asked, in order, with the places
// model.NewLifecycle gives them; the next visit is still to come.
func TestStudentYearOfAgreesWithTheLifecycle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := practicestest.Dataset().Draw(t, "dataset")
		if len(ds.Students) == 0 {
			t.Skip("no student")
		}
		st := rapid.SampledFrom(ds.Students).Draw(t, "student")
		asOf := practicestest.AsOf(ds).Add(-time.Duration(rapid.IntRange(0, 300).Draw(t, "days before the end")) * 24 * time.Hour)
		x := model.NewIndex(ds)
		sy, err := practices.StudentYearOf(x, st.ID, asOf)
		require.NoError(t, err)
		firsts, seconds := 0, 0
		for i, pv := range sy.Visits {
			v := pv.Visit
			require.Equal(t, model.Completed, v.Status)
			require.False(t, v.Start.After(asOf))
			require.True(t, model.Concerns(v, st.ID))
			require.True(t, ds.Year.Contains(model.DateOf(v.Start.In(ds.Calendar.Location()))))
			if i > 0 {
				require.False(t, v.Start.Before(sy.Visits[i-1].Visit.Start))
			}
			switch pv.Place {
			case practices.FirstPlace:
				firsts++
			case practices.SecondPlace:
				seconds++
			}
		}
		if len(sy.Visits) > 0 {
			require.Equal(t, practices.FirstPlace, sy.Visits[0].Place, "a student's first completed visit is their first")
		}
		require.LessOrEqual(t, firsts, 1)
		require.LessOrEqual(t, seconds, 1)
		if sy.Next != nil {
			require.True(t, sy.Next.Start.After(asOf))
			require.True(t, slices.Contains([]model.VisitStatus{model.Scheduled, model.Proposed}, sy.Next.Status))
			require.Equal(t, practices.StepBooked, sy.NextStep)
		}
		require.NotEmpty(t, sy.Standing.String())
		require.NotEmpty(t, sy.NextStep.Advice())
	})
}

// TestStudentStatus: the status is the student's year, field for field,
// with its times in the zone asked for — the one answer lookup and the
// HTTP service write — and it survives a JSON round trip.
func TestStudentStatus(t *testing.T) {
	seen := 0
	for seed := range 5 {
		ds := districtgen.District(districtgen.Options{Deviations: true, Sparse: true}).Example(seed)
		seen += checkStatuses(t, ds)
	}
	require.Positive(t, seen, "no student visited")
}

// checkStatuses checks the status of every student of ds against their
// year, and returns how many were visited.
func checkStatuses(t *testing.T, ds *model.Dataset) int {
	loc := ds.Calendar.Location()
	x := model.NewIndex(ds)
	seen := 0
	for _, st := range ds.Students {
		asOf := ds.Year.LastDay.AddDays(-60).In(loc, model.NewClock(12, 0))
		sy, err := practices.StudentYearOf(x, st.ID, asOf)
		require.NoError(t, err)
		got := sy.Status(loc)
		require.Equal(t, sy.Student, got.Student)
		require.Equal(t, sy.Family, got.Family)
		require.Equal(t, sy.Grade.String(), got.Grade)
		require.Equal(t, sy.Visited(), got.Visited)
		require.Equal(t, sy.Standing.String(), got.Consent)
		require.Equal(t, sy.NextStep.Advice(), got.Advice)
		require.Equal(t, loc, got.AsOf.Location())
		require.True(t, got.AsOf.Equal(sy.AsOf))
		require.Len(t, got.Visits, len(sy.Visits))
		for i, pv := range sy.Visits {
			require.Equal(t, pv.Visit.ID, got.Visits[i].Visit)
			require.Equal(t, pv.Place.String(), got.Visits[i].Place)
			require.True(t, got.Visits[i].Start.Equal(pv.Visit.Start))
			require.Equal(t, loc, got.Visits[i].Start.Location())
		}
		require.Equal(t, sy.Next == nil, got.Next == nil)
		if sy.Next != nil {
			require.Equal(t, sy.Next.ID, got.Next.Visit)
			require.Empty(t, got.Next.Place)
		}
		data, err := json.Marshal(got)
		require.NoError(t, err)
		var back practices.StudentStatus
		require.NoError(t, json.Unmarshal(data, &back))
		again, err := json.Marshal(back)
		require.NoError(t, err)
		require.JSONEq(t, string(data), string(again))
		if got.Visited {
			seen++
		}
	}
	return seen
}
