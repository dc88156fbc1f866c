package schedule_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/schedule"
)

// completedFirst records a completed first visit of family f at start.
func completedFirst(ds *model.Dataset, f model.FamilyID, start time.Time) {
	ds.Visits = append(ds.Visits, model.Visit{ID: model.VisitID("DONE-" + f), Family: f, Kind: model.FirstVisit,
		Status: model.Completed, ArrangedAt: start.AddDate(0, 0, -7), Start: start, Duration: model.Duration(40 * time.Minute),
		Visitors: []model.EducatorID{"E000", "E001"}})
}

// After the school year a family whose first visit is on record is told
// the year is over, not that its first visit could not be placed.
func TestPlanAfterTheYearSaysSo(t *testing.T) {
	ds, _ := school(2)
	completedFirst(ds, "F0000", time.Date(2025, time.September, 16, 17, 0, 0, 0, zone))
	asOf := time.Date(2026, time.July, 1, 23, 59, 59, 0, zone)
	s := plan(t, ds, asOf, schedule.Options{})
	require.Empty(t, s.Appointments)
	require.Len(t, s.Unplaced, 3)
	for _, u := range s.Unplaced {
		assert.Equal(t, schedule.NoDaysLeft, u.Reason, "%s %s", u.Family, u.Kind)
		assert.Contains(t, u.Detail, "the school year 2025-26 ended on 2026-06-05")
	}
	assert.Equal(t, []schedule.Note{{Reason: schedule.NoDaysLeft,
		Detail: "the school year 2025-26 ended on 2026-06-05: nothing is left to plan"}}, s.Notes)

	// On the last day, the policy's notice leaves no time either.
	s = plan(t, ds, time.Date(2026, time.June, 5, 9, 0, 0, 0, zone), schedule.Options{})
	require.Len(t, s.Notes, 1)
	assert.Contains(t, s.Notes[0].Detail, "the policy's notice of 24h leaves no day before the school year ends on 2026-06-05")
	assert.Equal(t, []schedule.Reason{schedule.NoDaysLeft}, reasonsOf(s, "F0000"))
}

// A second visit that cannot keep the gap after a first visit on record
// names that visit.
func TestPlanGapAfterARecordedFirstVisit(t *testing.T) {
	ds, _ := school(1)
	completedFirst(ds, "F0000", time.Date(2026, time.May, 26, 17, 0, 0, 0, zone))
	s := plan(t, ds, time.Date(2026, time.May, 27, 12, 0, 0, 0, zone), schedule.Options{})
	require.Len(t, s.Unplaced, 1)
	u := s.Unplaced[0]
	assert.Equal(t, schedule.Gap, u.Reason)
	assert.Contains(t, u.Detail, "after the first visit on record (DONE-F0000 on 2026-05-26)")
}

// A second visit waiting for a first the plan could not place says why
// the first was not placed.
func TestPlanNoFirstVisitSaysWhy(t *testing.T) {
	ds, asOf := school(1)
	s := plan(t, ds, asOf, schedule.Options{BudgetCents: 100})
	require.Equal(t, []schedule.Reason{schedule.OverBudget, schedule.NoFirstVisit}, reasonsOf(s, "F0000"))
	assert.Equal(t, "the first visit could not be placed (budget)", s.Unplaced[1].Detail)
}

// A family whose first visit is on record, completed or scheduled, is
// never told its first visit could not be placed — on any day of the year
// or after it, under any policy.
func TestPlanNeverWaitsForARecordedFirstVisit(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sp := smallSpec(t)
		sp.Existing = 0
		ds := build(sp)
		span := sp.Last.DaysSince(sp.First)
		status := rapid.SampledFrom([]model.VisitStatus{model.Completed, model.Scheduled}).Draw(t, "status")
		for i := range rapid.IntRange(1, sp.Families).Draw(t, "onRecord") {
			day := sp.First.AddDays(rapid.IntRange(0, span).Draw(t, "firstDay"))
			pair := i % sp.Pairs
			ds.Visits = append(ds.Visits, model.Visit{ID: model.VisitID(ds.Families[i].ID + "-1"), Family: ds.Families[i].ID,
				Kind: model.FirstVisit, Status: status, ArrangedAt: sp.AsOf, Start: day.In(zone, model.NewClock(17, 0)),
				Duration: model.Duration(40 * time.Minute), Location: model.Location{Kind: model.Home},
				Visitors: []model.EducatorID{ds.Educators[2*pair].ID, ds.Educators[2*pair+1].ID}})
		}
		asOf := sp.AsOf.AddDate(0, 0, rapid.IntRange(0, span+10).Draw(t, "asOfDays"))
		s, err := schedule.Plan(ds, asOf, schedule.Options{Teams: teams(sp)})
		require.NoError(t, err)
		require.NoError(t, checkAccounted(ds, s, asOf))
		onRecord := map[model.FamilyID]bool{}
		for _, k := range s.Kept {
			onRecord[k.Family] = true
		}
		over := model.DateOf(asOf.In(zone)).After(sp.Last)
		for _, u := range s.Unplaced {
			if onRecord[u.Family] {
				require.NotEqual(t, schedule.NoFirstVisit, u.Reason, "%s: %s", u.Family, u.Detail)
				require.NotContains(t, u.Detail, "first visit could not be placed")
			}
			if over {
				require.Equal(t, schedule.NoDaysLeft, u.Reason, "%s: %s", u.Family, u.Detail)
			}
		}
	})
}

func TestPlanNotesSayWhyNothingIsPlaced(t *testing.T) {
	cases := []struct {
		name   string
		setup  func(ds *model.Dataset)
		reason schedule.Reason
		detail string
	}{
		{"no answer", func(ds *model.Dataset) { ds.Invitations[0].Response = model.NoResponse },
			schedule.NoAcceptedFamily, "none of the 1 invitation(s) sent by 2025-05-30 was answered yes"},
		{"no invitation", func(ds *model.Dataset) { ds.Invitations = nil },
			schedule.NoAcceptedFamily, "no invitation sent by 2025-05-30 is recorded"},
		{"withdrawn", func(ds *model.Dataset) {
			ds.Withdrawals = []model.Withdrawal{{Family: "F0000", At: ds.Invitations[0].RespondedAt.Add(time.Hour)}}
		}, schedule.NoAcceptedFamily, "1 of the 1 invitation(s) sent by 2025-05-30 were accepted, but no family's consent stands on 2025-05-30"},
		{"not opted in", func(ds *model.Dataset) { ds.Educators[1].OptIns = nil },
			schedule.NoEligibleEducator, "1 of the 2 educator(s) opted in for 2025-26 with PTHV training on record by 2026-06-05"},
		{"not trained", func(ds *model.Dataset) {
			for i := range ds.Educators {
				ds.Educators[i].Trainings = nil
			}
		}, schedule.NoEligibleEducator, "0 of the 2 educator(s) opted in"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds, asOf := school(1)
			c.setup(ds)
			s := plan(t, ds, asOf, schedule.Options{})
			require.Empty(t, s.Appointments)
			require.Len(t, s.Notes, 1, "%v", s.Notes)
			assert.Equal(t, c.reason, s.Notes[0].Reason)
			assert.Contains(t, s.Notes[0].Detail, c.detail)
		})
	}

	ds, asOf := school(3)
	s := plan(t, ds, asOf, schedule.Options{})
	assert.Empty(t, s.Notes, "a schedule that places visits needs no note")
	assert.Equal(t, 3, s.Families)
	assert.Equal(t, 2, s.EligibleEducators)
}

// TestPlanSchedulesOnlyThisYearsConsent: a family whose only yes was for
// last year is not scheduled — the planner reads consent as Check and
// Guard do (model.ConsentFor) — and one that took its spring yes back
// before the summer is not either.
func TestPlanSchedulesOnlyThisYearsConsent(t *testing.T) {
	ds, asOf := school(3)
	ds.Invitations[0].Year = "2024-25"
	ds.Withdrawals = []model.Withdrawal{{Family: ds.Invitations[1].Family, At: ds.Invitations[1].RespondedAt.Add(time.Hour)}}
	s := plan(t, ds, asOf, schedule.Options{})
	for _, a := range s.Appointments {
		require.NotEqual(t, ds.Invitations[0].Family, a.Family, "last year's yes does not carry over")
		require.NotEqual(t, ds.Invitations[1].Family, a.Family, "a withdrawal takes the yes back")
	}
	require.Equal(t, 1, s.Families)
}

// With no eligible educator at all, each family's reason says what is
// missing instead of "0 visitors assigned".
func TestPlanNoVisitorsNamesEligibility(t *testing.T) {
	ds, asOf := school(1)
	ds.Educators[0].OptIns = nil
	s := plan(t, ds, asOf, schedule.Options{})
	require.Equal(t, []schedule.Reason{schedule.NoVisitors, schedule.NoVisitors}, reasonsOf(s, "F0000"))
	assert.True(t, strings.Contains(s.Unplaced[0].Detail, "fewer than two educators opted in for 2025-26"), s.Unplaced[0].Detail)
}
