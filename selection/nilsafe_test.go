package selection_test

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/internal/nilsafe"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/selection"
)

// empties are the populations with no family.
func empties() map[string]*selection.Population {
	return map[string]*selection.Population{"nil": nil, "zero": {}}
}

// plans are the plans Population.Plan did not make.
func plans() map[string]*selection.Plan {
	return map[string]*selection.Plan{"nil": nil, "zero": {}}
}

func TestNilSafety(t *testing.T) {
	ds := exampleSchool()
	pop, err := selection.NewPopulation(ds, selection.Scope{})
	require.NoError(t, err)
	pl, err := pop.Plan(selection.Request{Share: 0.5, Seed: math.MaxUint64})
	require.NoError(t, err)
	th := selection.ThresholdsFrom(model.DefaultPolicy())
	nilsafe.Check(t, ".", nilsafe.Cases{
		"Audit": func(t *testing.T) {
			_, err := selection.Audit(nil, nil, nil, th)
			require.ErrorIs(t, err, selection.ErrInvalidRequest)
			r, err := selection.Audit(&selection.Population{}, []model.FamilyID{"", "F1"}, nil, th)
			require.NoError(t, err)
			require.Equal(t, 2, r.Outside)
			for _, bad := range []selection.Thresholds{
				{TargetingAlpha: math.NaN()}, {TargetingAlpha: math.Inf(1)},
				{TargetingAlpha: 0.01, AdvisoryAlpha: 0.05, TargetingV: 0.3, AdvisoryV: 0.1, TargetingGap: 0.2, AdvisoryGap: 0.1, MonteCarloDraws: math.MaxInt, MinCellSize: 10},
				{TargetingAlpha: 0.01, AdvisoryAlpha: 0.05, TargetingV: 0.3, AdvisoryV: 0.1, TargetingGap: 0.2, AdvisoryGap: 0.1, MonteCarloDraws: 1000, MinCellSize: math.MinInt},
			} {
				_, err := selection.Audit(pop, pl.Families(), nil, bad)
				require.ErrorIs(t, err, selection.ErrInvalidThresholds, "%+v", bad)
			}
			_, err = selection.Audit(pop, pl.Families(), []string{"", "nope"}, selection.Thresholds{})
			require.NoError(t, err)
		},
		"CapError.Error": func(t *testing.T) {
			require.Equal(t, "<nil>", (*selection.CapError)(nil).Error())
			require.NotEmpty(t, new(selection.CapError).Error())
		},
		"CapError.Unwrap": func(t *testing.T) {
			require.ErrorIs(t, (*selection.CapError)(nil).Unwrap(), selection.ErrTeacherCap)
		},
		"DecodeRequest": func(t *testing.T) {
			_, err := selection.DecodeRequest("req.json", nil)
			require.ErrorIs(t, err, selection.ErrInvalidRequest)
			require.ErrorContains(t, err, "req.json: selection: invalid plan request: nil reader")
			_, err = selection.DecodeRequest("", (*bytes.Reader)(nil))
			require.ErrorIs(t, err, selection.ErrInvalidRequest)
			_, err = selection.DecodeRequest("", strings.NewReader(""))
			require.ErrorIs(t, err, selection.ErrInvalidRequest)
			_, err = selection.DecodeRequest("", strings.NewReader(`{"share": 1e999}`))
			require.Error(t, err)
		},
		"IsScopeKey": func(t *testing.T) { require.False(t, selection.IsScopeKey("")) },
		"LevelShare.MarshalJSON": func(t *testing.T) {
			_, err := selection.LevelShare{}.MarshalJSON()
			require.NoError(t, err)
			_, err = selection.LevelShare{PopulationShare: math.NaN()}.MarshalJSON()
			require.Error(t, err)
			_, err = selection.LevelShare{PopulationShare: math.NaN(), Suppressed: true}.MarshalJSON()
			require.NoError(t, err, "a suppressed level shows no figure")
		},
		"NewPlan": func(t *testing.T) {
			_, err := selection.NewPlan(nil, selection.Request{Method: selection.All})
			require.ErrorIs(t, err, selection.ErrInvalidRequest)
			_, err = selection.NewPlan(&model.Dataset{}, selection.Request{Method: selection.All})
			require.ErrorIs(t, err, selection.ErrEmptyScope)
			for _, req := range []selection.Request{
				{}, {Share: math.NaN()}, {Share: math.Inf(-1)}, {Share: math.Inf(1)}, {Share: -1}, {Share: math.SmallestNonzeroFloat64, Count: 1},
				{Count: math.MinInt}, {Count: math.MaxInt}, {Method: "\x00"}, {Method: selection.All, Count: 1},
				{Method: selection.All, TeacherCap: math.MinInt}, {Method: selection.All, Balance: []string{""}},
			} {
				_, err := selection.NewPlan(ds, req)
				require.Error(t, err, "%+v", req)
			}
			_, err = selection.NewPlan(ds, selection.Request{Share: math.SmallestNonzeroFloat64, TeacherCap: math.MaxInt,
				Priority: []model.FamilyID{"", "F01", "F01"}, Balance: []string{"school", "grade", "ell", "home_language"}})
			require.NoError(t, err)
		},
		"NewPopulation": func(t *testing.T) {
			_, err := selection.NewPopulation(nil, selection.Scope{})
			require.ErrorIs(t, err, selection.ErrInvalidRequest)
			_, err = selection.NewPopulation(&model.Dataset{}, selection.Scope{})
			require.ErrorIs(t, err, selection.ErrEmptyScope)
			_, err = selection.NewPopulation(ds, selection.Scope{Grades: []model.Grade{math.MinInt}})
			require.ErrorIs(t, err, selection.ErrEmptyScope)
			_, err = selection.NewPopulation(ds, selection.Scope{Schools: []model.SchoolID{""}})
			require.ErrorIs(t, err, selection.ErrInvalidScope)
		},
		"ParseScope": func(t *testing.T) {
			sc, err := selection.ParseScope("")
			require.NoError(t, err)
			require.True(t, sc.IsZero())
			for _, s := range []string{"=", ",=,", "grade=99999999999999999999", "grade=", "ell", "|"} {
				_, err := selection.ParseScope(s)
				require.Error(t, err, s)
			}
		},
		"Plan.Audit": func(t *testing.T) {
			for name, p := range plans() {
				_, err := p.Audit(nil, th)
				require.ErrorIs(t, err, selection.ErrInvalidRequest, name)
			}
			_, err := pl.Audit(nil, selection.Thresholds{TargetingAlpha: math.NaN()})
			require.ErrorIs(t, err, selection.ErrInvalidThresholds)
		},
		"Plan.Families": func(t *testing.T) {
			for name, p := range plans() {
				require.Empty(t, p.Families(), name)
			}
		},
		"Plan.Invitations": func(t *testing.T) {
			for name, p := range plans() {
				require.Empty(t, p.Invitations("", time.Time{}), name)
			}
			odd := *pl
			odd.Chosen = []selection.Choice{{}}
			require.Len(t, odd.Invitations("", time.Time{}), 1)
		},
		"Plan.PopulationOf": func(t *testing.T) {
			for name, p := range plans() {
				require.Nil(t, p.PopulationOf(), name)
			}
		},
		"Plan.Probability": func(t *testing.T) {
			for name, p := range plans() {
				_, ok := p.Probability("F01")
				require.False(t, ok, name)
			}
			odd := *pl
			odd.Strata = nil
			_, ok := odd.Probability("F01")
			require.False(t, ok)
		},
		"Replay.Same": func(t *testing.T) {
			require.True(t, selection.Replay{}.Same())
			require.False(t, selection.Replay{ChosenNotRecorded: []model.FamilyID{""}}.Same())
		},
		"ReplayPlan": func(t *testing.T) {
			_, err := selection.ReplayPlan(nil, model.Plan{})
			require.Error(t, err)
			_, err = selection.ReplayPlan(&model.Dataset{}, model.Plan{ID: "P", Method: "stratified", Share: 0.5})
			require.Error(t, err)
		},
		"Request.Record": func(t *testing.T) {
			require.Equal(t, model.PlanID("P"), selection.Request{}.Record("P").ID)
		},
		"RequestOf": func(t *testing.T) {
			_, err := selection.RequestOf(model.Plan{})
			require.ErrorIs(t, err, selection.ErrInvalidRequest, "a record without a method cannot be replayed")
			_, err = selection.RequestOf(model.Plan{Criteria: []string{"ell"}})
			require.ErrorIs(t, err, selection.ErrTargeting)
		},
		"Plan.Record": func(t *testing.T) {
			require.Equal(t, model.Plan{ID: "P"}, (*selection.Plan)(nil).Record("P"))
			require.Equal(t, model.Plan{ID: "P"}, new(selection.Plan).Record("P"))
		},
		"Population.Attribute": func(t *testing.T) {
			for name, p := range empties() {
				_, ok := p.Attribute("F01", "grade")
				require.False(t, ok, name)
			}
		},
		"Population.Attributes": func(t *testing.T) {
			for name, p := range empties() {
				require.Empty(t, p.Attributes(), name)
			}
		},
		"Population.Contains": func(t *testing.T) {
			for name, p := range empties() {
				require.False(t, p.Contains("F01"), name)
			}
		},
		"Population.Families": func(t *testing.T) {
			for name, p := range empties() {
				require.Empty(t, p.Families(), name)
			}
		},
		"Population.Len": func(t *testing.T) {
			for name, p := range empties() {
				require.Zero(t, p.Len(), name)
			}
		},
		"Population.Levels": func(t *testing.T) {
			for name, p := range empties() {
				require.Empty(t, p.Levels("grade"), name)
			}
		},
		"Population.Plan": func(t *testing.T) {
			for name, p := range empties() {
				_, err := p.Plan(selection.Request{Method: selection.All})
				require.ErrorIs(t, err, selection.ErrEmptyScope, name)
			}
		},
		"Population.Scope": func(t *testing.T) {
			for name, p := range empties() {
				require.True(t, p.Scope().IsZero(), name)
			}
		},
		"Population.Students": func(t *testing.T) {
			for name, p := range empties() {
				require.Empty(t, p.Students("F01"), name)
			}
		},
		"Population.AppendStudents": func(t *testing.T) {
			for name, p := range empties() {
				require.Empty(t, p.AppendStudents(nil, "F01"), name)
			}
		},
		"Population.Teachers": func(t *testing.T) {
			for name, p := range empties() {
				require.Empty(t, p.Teachers("F01"), name)
			}
		},
		"PopulationOf": func(t *testing.T) {
			for name, ix := range map[string]*model.Index{"nil": nil, "zero": {}} {
				_, err := selection.PopulationOf(ix, selection.Scope{})
				require.ErrorIs(t, err, selection.ErrInvalidRequest, name)
				require.ErrorContains(t, err, "selection: invalid plan request: no dataset indexed", name)
			}
			_, err := selection.PopulationOf(model.NewIndex(nil), selection.Scope{})
			require.ErrorIs(t, err, selection.ErrEmptyScope)
		},
		"Scope.IsZero": func(t *testing.T) { require.True(t, selection.Scope{}.IsZero()) },
		"Scope.Keys":   func(t *testing.T) { require.Empty(t, selection.Scope{}.Keys()) },
		"Scope.Map":    func(t *testing.T) { require.Empty(t, selection.Scope{}.Map()) },
		"Scope.MarshalJSON": func(t *testing.T) {
			b, err := selection.Scope{}.MarshalJSON()
			require.NoError(t, err)
			require.Equal(t, "{}", string(b))
			_, err = selection.Scope{Grades: []model.Grade{math.MinInt}}.MarshalJSON()
			require.NoError(t, err)
		},
		"Scope.Set": func(t *testing.T) {
			require.ErrorIs(t, (*selection.Scope)(nil).Set("school", "S1"), selection.ErrInvalidScope)
			require.ErrorIs(t, new(selection.Scope).Set("", ""), selection.ErrInvalidScope)
			require.ErrorIs(t, new(selection.Scope).Set("ell", "yes"), selection.ErrTargeting)
		},
		"Scope.String": func(t *testing.T) { require.Empty(t, selection.Scope{}.String()) },
		"Scope.UnmarshalJSON": func(t *testing.T) {
			require.ErrorIs(t, (*selection.Scope)(nil).UnmarshalJSON([]byte(`{}`)), selection.ErrInvalidScope)
			require.ErrorIs(t, new(selection.Scope).UnmarshalJSON(nil), selection.ErrInvalidScope)
			require.ErrorIs(t, new(selection.Scope).UnmarshalJSON([]byte(`{"grade": 1e999}`)), selection.ErrInvalidScope)
		},
		"ScopeError.Error": func(t *testing.T) {
			require.Equal(t, "<nil>", (*selection.ScopeError)(nil).Error())
			require.NotEmpty(t, new(selection.ScopeError).Error())
		},
		"ScopeError.Unwrap": func(t *testing.T) {
			require.Nil(t, (*selection.ScopeError)(nil).Unwrap())
			require.Nil(t, new(selection.ScopeError).Unwrap())
		},
		"ScopeFromMap": func(t *testing.T) {
			sc, err := selection.ScopeFromMap(nil)
			require.NoError(t, err)
			require.True(t, sc.IsZero())
			_, err = selection.ScopeFromMap(map[string]string{"": "", "ell": "yes"})
			require.ErrorIs(t, err, selection.ErrTargeting)
			require.ErrorIs(t, err, selection.ErrInvalidScope)
		},
		"ThresholdsFrom": func(t *testing.T) {
			require.Zero(t, selection.ThresholdsFrom(model.Policy{}))
		},
	})
}
