package pairing

import (
	"testing"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func teamMembers(p TeamPlan) [][]model.EducatorID {
	var out [][]model.EducatorID
	for _, t := range p.Teams {
		out = append(out, t.Members)
	}
	return out
}

func leftOut(p TeamPlan) map[model.EducatorID]Reason {
	out := map[model.EducatorID]Reason{}
	for _, l := range p.LeftOut {
		out[l.Educator] = l.Reason
	}
	return out
}

func TestTeamsPairsTeachersWithLiaisons(t *testing.T) {
	ds := newDataset()
	ds.Educators = []model.Educator{
		edu("E-T1", model.Certificated),
		edu("E-T2", model.Certificated),
		edu("E-L1", model.Classified, speaks("en", "es")),
		edu("E-L2", model.Classified, speaks("en", "vi")),
	}
	addFamily(ds, "F1", "E-T1", true, "es")
	addFamily(ds, "F2", "E-T1", true, "es")
	addFamily(ds, "F3", "E-T2", true, "vi")
	addFamily(ds, "F4", "E-T2", false, "en")
	p, err := Teams(ds, time.Time{}, TeamOptions{})
	require.NoError(t, err)
	assert.Equal(t, [][]model.EducatorID{{"E-L1", "E-T1"}, {"E-L2", "E-T2"}}, teamMembers(p))
	assert.Empty(t, p.LeftOut)
	require.Len(t, p.Teams[0].Pairs, 1)
	assert.Equal(t, "E-L1 + E-T1: 100 = base 10 + availability 0 (not recorded) + language 40 "+
		"(speaks with 2 of 2 families needing a language) + role mix 30 (classified + certificated) + new pair 20 + prefer 0",
		p.Teams[0].Pairs[0].Explain())
	assert.Equal(t, int64(100), p.Teams[0].Score.Total())
}

func TestTeamsLeftOutReasons(t *testing.T) {
	tests := []struct {
		name      string
		educators []model.Educator
		policy    func(*model.Policy)
		teams     [][]model.EducatorID
		left      map[model.EducatorID]Reason
		detail    map[model.EducatorID]string
	}{
		{
			name: "not opted in and untrained are never placed",
			educators: []model.Educator{
				edu("E-1", model.Certificated), edu("E-2", model.Certificated, notOptedIn),
				edu("E-3", model.Classified, untrained), edu("E-4", model.Classified, trainedOn(model.NewDate(2025, 9, 20))),
				edu("E-5", model.Classified),
			},
			teams: [][]model.EducatorID{{"E-1", "E-5"}},
			left:  map[model.EducatorID]Reason{"E-2": NotOptedIn, "E-3": Untrained, "E-4": Untrained},
			detail: map[model.EducatorID]string{
				"E-2": "did not opt in for 2025-26",
				"E-3": "no PTHV training recorded",
				"E-4": "first trained 2025-09-20, after 2025-08-18",
			},
		},
		{
			name:      "the only eligible educator",
			educators: []model.Educator{edu("E-1", model.Certificated), edu("E-2", model.Certificated, notOptedIn)},
			left:      map[model.EducatorID]Reason{"E-1": NoCompatiblePartner, "E-2": NotOptedIn},
			detail:    map[model.EducatorID]string{"E-1": "the only opted-in, trained educator in the pool"},
		},
		{
			name:      "an avoid request is a hard exclusion",
			educators: []model.Educator{edu("E-1", model.Certificated, avoids("E-2")), edu("E-2", model.Classified)},
			left:      map[model.EducatorID]Reason{"E-1": NoCompatiblePartner, "E-2": NoCompatiblePartner},
			detail: map[model.EducatorID]string{
				"E-1": "E-1 asked not to visit with E-2",
				"E-2": "E-1 asked not to visit with E-2",
			},
		},
		{
			name: "no shared time for a visit",
			educators: []model.Educator{
				edu("E-1", model.Certificated, available(window(time.Monday, 15, 17))),
				edu("E-2", model.Classified, available(window(time.Tuesday, 15, 17), window(time.Monday, 17, 19))),
			},
			left: map[model.EducatorID]Reason{"E-1": NoCompatiblePartner, "E-2": NoCompatiblePartner},
			detail: map[model.EducatorID]string{
				"E-1": "E-1 and E-2 share no 40m window",
			},
		},
		{
			name: "the odd one out joins a team of three",
			educators: []model.Educator{
				edu("E-1", model.Certificated), edu("E-2", model.Classified), edu("E-3", model.Certificated),
			},
			teams: [][]model.EducatorID{{"E-1", "E-2", "E-3"}},
		},
		{
			name: "the odd one out never joins a colleague they avoid",
			educators: []model.Educator{
				edu("E-1", model.Certificated, prefers("E-2")), edu("E-2", model.Classified),
				edu("E-3", model.Certificated, avoids("E-1")),
			},
			teams: [][]model.EducatorID{{"E-1", "E-2"}},
			left:  map[model.EducatorID]Reason{"E-3": NoTeamToJoin},
			detail: map[model.EducatorID]string{
				"E-3": "the team of E-1, E-2: E-3 asked not to visit with E-1",
			},
		},
		{
			name: "a group size limit of two leaves the odd one out",
			educators: []model.Educator{
				edu("E-1", model.Certificated), edu("E-2", model.Classified), edu("E-3", model.Certificated),
			},
			policy: func(p *model.Policy) { p.MaxGroupSize = 2 },
			teams:  [][]model.EducatorID{{"E-2", "E-3"}},
			left:   map[model.EducatorID]Reason{"E-1": NoTeamToJoin},
			detail: map[model.EducatorID]string{"E-1": "the team of E-2, E-3 is full"},
		},
		{
			name: "five compatible educators: a pair and a triad, never four",
			educators: []model.Educator{
				edu("E-1", model.Certificated), edu("E-2", model.Classified), edu("E-3", model.Certificated),
				edu("E-4", model.Classified), edu("E-5", model.Certificated),
			},
			// Two certificated + classified pairs score best; the third
			// certificated educator joins the first of the equal teams.
			teams: [][]model.EducatorID{{"E-1", "E-3", "E-4"}, {"E-2", "E-5"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := newDataset()
			ds.Educators = tt.educators
			if tt.policy != nil {
				tt.policy(&ds.Policy)
			}
			p, err := Teams(ds, time.Time{}, TeamOptions{})
			require.NoError(t, err)
			assert.Equal(t, tt.teams, teamMembers(p))
			if tt.left == nil {
				tt.left = map[model.EducatorID]Reason{}
			}
			assert.Equal(t, tt.left, leftOut(p))
			for _, l := range p.LeftOut {
				if want, ok := tt.detail[l.Educator]; ok {
					assert.Equal(t, want, l.Detail, l.Educator)
				}
			}
			for _, team := range p.Teams {
				assert.Len(t, team.Pairs, len(team.Members)*(len(team.Members)-1)/2)
			}
		})
	}
}

func TestTeamsVarietyAndPreference(t *testing.T) {
	ds := newDataset()
	ds.Educators = []model.Educator{
		edu("E-1", model.Certificated), edu("E-2", model.Certificated),
		edu("E-3", model.Certificated), edu("E-4", model.Certificated, prefers("E-1")),
	}
	ds.PastPairs = []model.PastPair{
		{Year: "2024-25", Educators: []model.EducatorID{"E-1", "E-2"}},
		{Year: "2023-24", Educators: []model.EducatorID{"E-3", "E-4"}}, // not last year
	}
	p, err := Teams(ds, time.Time{}, TeamOptions{})
	require.NoError(t, err)
	// E-1 and E-2 were a team last year: they are split; E-4 asked for E-1.
	assert.Equal(t, [][]model.EducatorID{{"E-1", "E-4"}, {"E-2", "E-3"}}, teamMembers(p))
	assert.Equal(t, []model.EducatorID{"E-4"}, p.Teams[0].Pairs[0].PreferredBy)
	assert.Contains(t, p.Teams[0].Pairs[0].Explain(), "prefer 25 (asked for by E-4)")

	// Forced together, the explanation says why new-pair points are missing.
	ds.Educators = ds.Educators[:2]
	p, err = Teams(ds, time.Time{}, TeamOptions{})
	require.NoError(t, err)
	assert.True(t, p.Teams[0].Pairs[0].LastYear)
	assert.Contains(t, p.Teams[0].Pairs[0].Explain(), "new pair 0 (a team last year)")
}

func TestTeamsAvailabilityScore(t *testing.T) {
	ds := newDataset()
	ds.Educators = []model.Educator{
		edu("E-1", model.Certificated, available(weekdays(15, 17)...)),
		edu("E-2", model.Certificated, available(window(time.Monday, 16, 18))),
	}
	p, err := Teams(ds, time.Time{}, TeamOptions{})
	require.NoError(t, err)
	require.Len(t, p.Teams, 1)
	pair := p.Teams[0].Pairs[0]
	assert.Equal(t, 60, pair.SharedMinutes)
	assert.Equal(t, int64(30*60/240), pair.Score.Availability)
	assert.Contains(t, pair.Explain(), "availability 7 (1h a week together)")
}

func TestTeamsSchoolsAndDistrictStaff(t *testing.T) {
	ds := newDataset()
	ds.Educators = []model.Educator{
		edu("E-1", model.Certificated), edu("E-2", model.Classified),
		edu("E-3", model.Certificated, atSchool("S2")), edu("E-4", model.Classified, atSchool("S2")),
		edu("E-D1", model.Classified, atSchool("")), edu("E-D2", model.Certificated, atSchool("")),
	}
	p, err := Teams(ds, time.Time{}, TeamOptions{})
	require.NoError(t, err)
	assert.Equal(t, [][]model.EducatorID{{"E-D1", "E-D2"}, {"E-1", "E-2"}, {"E-3", "E-4"}}, teamMembers(p))
	assert.Equal(t, []model.SchoolID{"", "S1", "S2"}, []model.SchoolID{p.Teams[0].School, p.Teams[1].School, p.Teams[2].School})

	p, err = Teams(ds, time.Time{}, TeamOptions{Schools: []model.SchoolID{"S2"}})
	require.NoError(t, err)
	assert.Equal(t, [][]model.EducatorID{{"E-3", "E-4"}}, teamMembers(p))
}

func TestTeamsOptionsErrors(t *testing.T) {
	_, err := Teams(nil, time.Time{}, TeamOptions{})
	require.ErrorIs(t, err, ErrOptions)
	_, err = Teams(newDataset(), time.Time{}, TeamOptions{Weights: TeamWeights{Base: -1}})
	require.ErrorIs(t, err, ErrOptions)
	assert.ErrorContains(t, err, "team weight base = -1")
}

func TestTeamsAsOf(t *testing.T) {
	ds := newDataset()
	ds.Educators = []model.Educator{
		edu("E-1", model.Certificated), edu("E-2", model.Classified, trainedOn(model.NewDate(2025, 9, 20))),
	}
	p, err := Teams(ds, time.Time{}, TeamOptions{})
	require.NoError(t, err)
	assert.Empty(t, p.Teams)
	assert.Len(t, p.Unplaced(), 2)
	p, err = Teams(ds, model.NewDate(2025, 10, 1).In(ds.Calendar.Location(), model.NewClock(8, 0)), TeamOptions{})
	require.NoError(t, err)
	assert.Equal(t, [][]model.EducatorID{{"E-1", "E-2"}}, teamMembers(p))
	assert.Empty(t, p.Unplaced())
	assert.Equal(t, model.NewDate(2025, 10, 1), p.AsOf)

	// The deprecated field still counts when no asOf is passed.
	p, err = Teams(ds, time.Time{}, TeamOptions{AsOf: model.NewDate(2025, 10, 1)})
	require.NoError(t, err)
	assert.Equal(t, [][]model.EducatorID{{"E-1", "E-2"}}, teamMembers(p))
	// The asOf passed wins over it.
	p, err = Teams(ds, model.NewDate(2025, 9, 19).In(ds.Calendar.Location(), model.NewClock(23, 0)), TeamOptions{AsOf: model.NewDate(2025, 10, 1)})
	require.NoError(t, err)
	assert.Empty(t, p.Teams, "trained on the 20th, not by the 19th")
}
