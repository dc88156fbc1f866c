package selection

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// genAnyRequest draws a request without a dataset: a canonical scope (as
// ParseScope builds it), any method with a share or a count to match,
// balance attributes, a cap, a priority list and a seed.
func genAnyRequest(t *rapid.T) Request {
	var req Request
	id := rapid.StringMatching(`[A-Z][A-Za-z0-9-]{0,6}`)
	for _, key := range scopeKeys {
		if !rapid.Bool().Draw(t, "scope "+key) {
			continue
		}
		var vals []string
		if key == "grade" {
			vals = rapid.SliceOfN(rapid.SampledFrom([]string{"PK", "K", "1", "5", "12"}), 1, 3).Draw(t, "grades")
		} else {
			vals = rapid.SliceOfN(id, 1, 3).Draw(t, key+"s")
		}
		for _, v := range vals {
			require.NoError(t, req.Scope.Set(key, v))
		}
	}
	switch rapid.IntRange(0, 2).Draw(t, "method") {
	case 0:
		req.Method = All
	case 1:
		req.Method = Stratified
	}
	if req.Method != All {
		if rapid.Bool().Draw(t, "by count") {
			req.Count = rapid.IntRange(1, 1000).Draw(t, "count")
		} else {
			req.Share = rapid.Float64Range(0, 1).Filter(func(x float64) bool { return x > 0 }).Draw(t, "share")
		}
	}
	req.Balance = rapid.SliceOfNDistinct(rapid.SampledFrom(balanceAttrs), 0, 3, rapid.ID).Draw(t, "balance")
	if len(req.Balance) == 0 {
		req.Balance = nil
	}
	req.TeacherCap = rapid.IntRange(0, 20).Draw(t, "teacher cap")
	for _, f := range rapid.SliceOfN(id, 0, 4).Draw(t, "priority") {
		req.Priority = append(req.Priority, model.FamilyID(f))
	}
	req.Seed = rapid.Uint64().Draw(t, "seed")
	return req
}

// A request becomes a plan record and the record, written to JSON and read
// back, gives the same request: a recorded plan can be replayed.
func TestRequestRecordRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		req := genAnyRequest(t)
		rec := req.Record("P-1")
		require.Equal(t, model.PlanID("P-1"), rec.ID)
		for _, k := range rec.Criteria {
			require.True(t, IsScopeKey(k), "criteria are scope keys only: %q", k)
		}
		data, err := json.Marshal(rec)
		require.NoError(t, err)
		var back model.Plan
		require.NoError(t, json.Unmarshal(data, &back))
		got, err := RequestOf(back)
		require.NoError(t, err)
		want := req
		if want.Method == "" {
			want.Method = Stratified
		}
		require.Equal(t, want, got)
	})
}

// A plan applied to a dataset — its record and one invitation per chosen
// family — replays on that dataset to the same families.
func TestReplayOfAppliedPlan(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds, req, pl := drawPlan(t, 3)
		if rapid.Bool().Draw(t, "priority") {
			fams := pl.PopulationOf().Families()
			pl0 := rapid.SliceOfNDistinct(rapid.SampledFrom(fams), 1, min(3, len(fams)), rapid.ID).Draw(t, "priority families")
			req.Priority = append(pl0, "F-not-in-scope")
			var err error
			pl, err = NewPlan(ds, req)
			require.NoError(t, err)
		}
		rec := pl.Record("P-S-1")
		ds.Plans = append(ds.Plans, rec)
		ds.Invitations = append(ds.Invitations, pl.Invitations(rec.ID, time.Date(2025, 8, 1, 16, 0, 0, 0, time.UTC))...)

		r, err := ReplayPlan(ds, rec)
		require.NoError(t, err)
		require.True(t, r.Same(), "recorded not chosen %v, chosen not recorded %v", r.RecordedNotChosen, r.ChosenNotRecorded)
		require.Equal(t, pl.Families(), r.Plan.Families())
		require.Equal(t, pl.Families(), r.Recorded)
		require.Equal(t, pl.Chosen, r.Plan.Chosen, "same teachers and probabilities too")
		require.Equal(t, rec.Population, r.Plan.Population)
		for _, f := range rec.Priority {
			require.True(t, pl.PopulationOf().Contains(f), "priority %s recorded though out of scope", f)
		}
	})
}

func TestRequestOfRefusesWhatCannotBeReplayed(t *testing.T) {
	tests := []struct {
		name string
		plan model.Plan
		err  error
		msg  string
	}{
		{"attribute in scope", model.Plan{ID: "P1", Method: "all", Scope: map[string]string{"ell": "yes"}}, ErrTargeting, `scope key "ell"`},
		{"attribute in criteria", model.Plan{ID: "P1", Method: "all", Criteria: []string{"grade", "Attendance<0.9"}}, ErrTargeting, `scope key "attendance"`},
		{"bad grade", model.Plan{ID: "P1", Method: "all", Scope: map[string]string{"grade": "13"}}, ErrInvalidScope, "grade must be"},
		{"other method", model.Plan{ID: "P1", Method: "random", Seed: 3}, ErrInvalidRequest, `method "random" cannot be replayed`},
		{"no method", model.Plan{ID: "P1", Share: 0.5}, ErrInvalidRequest, `method "" cannot be replayed`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := RequestOf(tt.plan)
			require.ErrorIs(t, err, tt.err)
			assert.ErrorContains(t, err, tt.msg)
		})
	}
}

// A plan's scope is its recorded scope plus its school (RULES.md,
// P4.cross-section), as the audit reads it.
func TestRequestOfNarrowsTheScopeToThePlansSchool(t *testing.T) {
	req, err := RequestOf(model.Plan{ID: "P1", School: "S2", Method: "stratified", Count: 3,
		Scope: map[string]string{"school": "S1|S2", "grade": "3"}})
	require.NoError(t, err)
	assert.Equal(t, "school=S2,grade=3", req.Scope.String())

	req, err = RequestOf(model.Plan{ID: "P1", School: "S1", Method: "all"})
	require.NoError(t, err)
	assert.Equal(t, "school=S1", req.Scope.String())
}

// A recorded plan whose roster changed since replays to other families,
// and the replay says which and where each recorded one stands.
func TestReplayAfterTheRosterChanged(t *testing.T) {
	ds := school(30)
	sc, err := ParseScope("school=S1")
	require.NoError(t, err)
	pl, err := NewPlan(ds, Request{Scope: sc, Count: 10, Balance: []string{"ell"}, Seed: 7})
	require.NoError(t, err)
	rec := pl.Record("P-S1-1")
	assert.Equal(t, 30, rec.Population)
	ds.Plans = append(ds.Plans, rec)
	ds.Invitations = pl.Invitations(rec.ID, time.Date(2025, 8, 1, 16, 0, 0, 0, time.UTC))
	chosen := pl.Families()

	// One chosen family leaves the district, one moves to S2, and five
	// families join S1.
	gone, moved := chosen[0], chosen[1]
	ds.Families = slices.DeleteFunc(ds.Families, func(f model.Family) bool { return f.ID == gone })
	ds.Students = slices.DeleteFunc(ds.Students, func(s model.Student) bool { return s.Family == gone })
	for i := range ds.Students {
		if ds.Students[i].Family == moved {
			ds.Students[i].School = "S2"
		}
	}
	for i := range 5 {
		f := model.FamilyID(fmt.Sprintf("F-new-%d", i))
		ds.Families = append(ds.Families, model.Family{ID: f})
		ds.Students = append(ds.Students, student(fmt.Sprintf("ST-new-%d", i), string(f), "S1", 2, map[string]string{"ell": "no", "language": "en"}))
	}

	r, err := ReplayPlan(ds, rec)
	require.NoError(t, err)
	assert.False(t, r.Same())
	assert.Equal(t, 33, r.Plan.Population)
	assert.Equal(t, chosen, r.Recorded)
	require.NotEmpty(t, r.RecordedNotChosen)
	standing := map[model.FamilyID]FamilyStanding{}
	for _, d := range r.RecordedNotChosen {
		standing[d.Family] = d.Now
	}
	assert.Equal(t, FamilyRemoved, standing[gone])
	assert.Equal(t, FamilyOutOfScope, standing[moved])
	for f, now := range standing {
		if f != gone && f != moved {
			assert.Equal(t, FamilyNotDrawn, now, f)
		}
	}
	assert.Len(t, r.ChosenNotRecorded, len(r.RecordedNotChosen), "the count is the same, so as many come in as go out")
	for _, f := range r.ChosenNotRecorded {
		assert.NotContains(t, chosen, f)
	}
}

func TestReplayPlanErrors(t *testing.T) {
	_, err := ReplayPlan(school(30), model.Plan{ID: "P1", Method: "all", Scope: map[string]string{"iep": "yes"}})
	require.ErrorIs(t, err, ErrTargeting)
	_, err = ReplayPlan(school(30), model.Plan{ID: "P1", Method: "stratified", Count: 31})
	require.ErrorIs(t, err, ErrInvalidRequest, "more families than the roster now has")
	_, err = ReplayPlan(nil, model.Plan{ID: "P1", Method: "all"})
	require.Error(t, err)
}
