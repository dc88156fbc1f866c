package selection

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// school builds one school of n families, one student each, in grades
// K–5 by family number; every third family is an English learner and the
// languages rotate en, es, hmn.
func school(n int) *model.Dataset {
	var sts []model.Student
	for i := range n {
		ell := "no"
		if i%3 == 0 {
			ell = "yes"
		}
		sts = append(sts, student(fmt.Sprintf("ST%03d", i), fmt.Sprintf("F%03d", i), "S1", i%6,
			map[string]string{"ell": ell, "language": []string{"en", "es", "hmn"}[i/6%3]}))
	}
	return district(sts)
}

func TestPlanRequestErrors(t *testing.T) {
	ds := school(30)
	tests := []struct {
		name string
		req  Request
		err  error
		msg  string
	}{
		{"nothing asked", Request{}, ErrInvalidRequest, "share, a count"},
		{"share and count", Request{Share: 0.5, Count: 3}, ErrInvalidRequest, "not both"},
		{"share above 1", Request{Share: 1.5}, ErrInvalidRequest, "share 1.5"},
		{"negative share", Request{Share: -0.1}, ErrInvalidRequest, "share"},
		{"count above population", Request{Count: 31}, ErrInvalidRequest, "30 families"},
		{"negative count", Request{Method: Stratified, Count: -1}, ErrInvalidRequest, "count -1"},
		{"all with a share", Request{Method: All, Share: 0.5}, ErrInvalidRequest, "no share"},
		{"unknown method", Request{Method: "worst-first", Count: 3}, ErrInvalidRequest, "worst-first"},
		{"unrecorded balance attribute", Request{Share: 0.5, Balance: []string{"iep"}}, ErrUnknownAttribute, `"iep"`},
		{"balance twice", Request{Share: 0.5, Balance: []string{"ell", "ell"}}, ErrInvalidRequest, "twice"},
		{"negative cap", Request{Share: 0.5, TeacherCap: -1}, ErrInvalidRequest, "cap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewPlan(ds, tt.req)
			require.ErrorIs(t, err, tt.err)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}

	pop, err := NewPopulation(ds, Scope{Grades: []model.Grade{1}})
	require.NoError(t, err)
	_, err = pop.Plan(Request{Scope: Scope{Grades: []model.Grade{2}}, Share: 0.5})
	require.ErrorIs(t, err, ErrInvalidRequest, "a request for another scope")
}

func TestPlanMethods(t *testing.T) {
	ds := school(30)
	tests := []struct {
		name string
		req  Request
		size int
	}{
		{"all", Request{Method: All}, 30},
		{"count", Request{Count: 7}, 7},
		{"share rounds to nearest", Request{Share: 0.25}, 8}, // 7.5 → 8
		{"share rounds down", Request{Share: 0.1}, 3},
		{"tiny share still invites one", Request{Share: 0.001}, 1},
		{"share 1 is everyone", Request{Share: 1}, 30},
		{"balanced count", Request{Count: 10, Balance: []string{"ell", "grade"}}, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl, err := NewPlan(ds, tt.req)
			require.NoError(t, err)
			assert.Equal(t, tt.size, pl.Size)
			assert.Equal(t, 30, pl.Population)
			for _, c := range pl.Chosen {
				assert.InDelta(t, float64(tt.size)/30, c.Probability, 1e-12)
			}
		})
	}
}

func TestPlanAllInvitesEveryFamilyOnce(t *testing.T) {
	// Siblings: one family, two students, counted once.
	ds := district([]model.Student{
		student("A1", "FA", "S1", 1, nil), student("A2", "FA", "S1", 4, nil), student("B1", "FB", "S1", 1, nil),
	})
	pl, err := NewPlan(ds, Request{Method: All})
	require.NoError(t, err)
	assert.Equal(t, []model.FamilyID{"FA", "FB"}, pl.Families())
	assert.Equal(t, []Stratum{{Key: "all", Population: 2, Quota: 2, Chosen: 2, Probability: 1}}, pl.Strata)
}

func TestPlanStrataReport(t *testing.T) {
	pl, err := NewPlan(school(30), Request{Count: 6, Balance: []string{"ell"}, Seed: 3})
	require.NoError(t, err)
	require.Len(t, pl.Strata, 2)
	assert.Equal(t, "ell=no", pl.Strata[0].Key)
	assert.Equal(t, Stratum{Key: "ell=no", Levels: []string{"no"}, Population: 20, Quota: 4, Chosen: 4, Probability: 0.2}, pl.Strata[0])
	assert.Equal(t, Stratum{Key: "ell=yes", Levels: []string{"yes"}, Population: 10, Quota: 2, Chosen: 2, Probability: 0.2}, pl.Strata[1])
	assert.Equal(t, []Margin{
		{Attribute: "ell", Level: "no", Population: 20, Quota: 4, Chosen: 4},
		{Attribute: "ell", Level: "yes", Population: 10, Quota: 2, Chosen: 2},
	}, pl.Margins)
	assert.Equal(t, uint64(3), pl.Request.Seed)

	// A family with no value forms its own stratum.
	ds := school(12)
	delete(ds.Students[0].Attributes, "ell")
	pl, err = NewPlan(ds, Request{Count: 4, Balance: []string{"ell"}})
	require.NoError(t, err)
	assert.Equal(t, "ell=(not recorded)", pl.Strata[0].Key)
	assert.Equal(t, 1, pl.Strata[0].Population)
}

func TestPlanPriorityWithinStratum(t *testing.T) {
	ds := school(30)
	// Educators list three non-ELL families and one ELL family first.
	prio := []model.FamilyID{"F001", "F002", "F004", "F003", "F999"}
	pl, err := NewPlan(ds, Request{Count: 6, Balance: []string{"ell"}, Priority: prio, Seed: 1})
	require.NoError(t, err)
	assert.Equal(t, 4, pl.Strata[0].Chosen, "quotas do not move")
	assert.Equal(t, 2, pl.Strata[1].Chosen)
	ranks := map[model.FamilyID]int{}
	for _, c := range pl.Chosen {
		ranks[c.Family] = c.Priority
	}
	for i, f := range prio[:4] {
		assert.Equal(t, i+1, ranks[f], "prioritized family %s chosen first in its stratum", f)
	}
	p, _ := pl.Probability("F001")
	assert.Equal(t, 1.0, p)
	// ell=no: quota 4, three prioritized, so one seat for 17 others.
	assert.InDelta(t, 1.0/17, pl.Strata[0].Probability, 1e-12)
	p, _ = pl.Probability("F005")
	assert.InDelta(t, 1.0/17, p, 1e-12)

	// More prioritized families than the quota: rank order decides.
	prio = []model.FamilyID{"F001", "F002", "F004", "F005", "F007", "F008"}
	pl, err = NewPlan(ds, Request{Count: 6, Balance: []string{"ell"}, Priority: prio})
	require.NoError(t, err)
	got := pl.Families()
	assert.Subset(t, got, prio[:4])
	assert.NotContains(t, got, model.FamilyID("F007"))
	p, _ = pl.Probability("F007")
	assert.Equal(t, 0.0, p)
}

func TestPlanPriorityProbabilityWithFractionalQuota(t *testing.T) {
	// 7 families, 3 yes (F000, F003, F006) and 4 no; 3 chosen.
	ds := school(7)
	pl, err := NewPlan(ds, Request{Count: 3, Balance: []string{"ell"}, Priority: []model.FamilyID{"F001", "F002"}})
	require.NoError(t, err)
	// ell=no: 4 families, quota 12/7 = 1.714…: F001 always, F002 with
	// probability 5/7, the other two never.
	p1, _ := pl.Probability("F001")
	p2, _ := pl.Probability("F002")
	p4, _ := pl.Probability("F004")
	assert.Equal(t, 1.0, p1)
	assert.InDelta(t, 5.0/7, p2, 1e-12)
	assert.Equal(t, 0.0, p4)
}

// teacherDistrict has one school where teacher T-A teaches families
// F00–F07 and T-B teaches F04–F11 (F04–F07 have both).
func teacherDistrict() *model.Dataset {
	var sts []model.Student
	for i := range 12 {
		st := student(fmt.Sprintf("ST%02d", i), fmt.Sprintf("F%02d", i), "S1", 3, map[string]string{"ell": []string{"yes", "no"}[i%2]})
		st.Classes = nil
		if i < 8 {
			st.Teachers = append(st.Teachers, "T-A")
		}
		if i >= 4 {
			st.Teachers = append(st.Teachers, "T-B")
		}
		sts = append(sts, st)
	}
	ds := district(sts)
	ds.Educators = append(ds.Educators, model.Educator{ID: "T-A", School: "S1"}, model.Educator{ID: "T-B", School: "S1"})
	return ds
}

func TestPlanTeacherCap(t *testing.T) {
	ds := teacherDistrict()
	for seed := range uint64(50) {
		pl, err := NewPlan(ds, Request{Count: 6, Balance: []string{"ell"}, TeacherCap: 3, Seed: seed})
		require.NoError(t, err)
		assert.Equal(t, []TeacherLoad{{"T-A", 3}, {"T-B", 3}}, pl.TeacherLoads)
		assert.Equal(t, 3, pl.Strata[0].Chosen, "caps keep proportions")
		assert.Equal(t, 3, pl.Strata[1].Chosen)
		assert.Equal(t, StratumShare, pl.Basis)
		for _, c := range pl.Chosen {
			assert.Contains(t, pl.PopulationOf().Teachers(c.Family), c.Teacher)
		}
	}
	// The policy's cap applies when the request sets none.
	ds.Policy.TeacherCap = 3
	pl, err := NewPlan(ds, Request{Count: 6, Seed: 9})
	require.NoError(t, err)
	assert.Equal(t, []TeacherLoad{{"T-A", 3}, {"T-B", 3}}, pl.TeacherLoads)

	// A cap no teacher reaches leaves the design probabilities.
	pl, err = NewPlan(teacherDistrict(), Request{Count: 6, TeacherCap: 8})
	require.NoError(t, err)
	assert.Equal(t, DesignProbability, pl.Basis)
}

func TestPlanTeacherCapInfeasible(t *testing.T) {
	ds := teacherDistrict()
	_, err := NewPlan(ds, Request{Count: 7, TeacherCap: 3})
	require.ErrorIs(t, err, ErrTeacherCap)
	ce, ok := errors.AsType[*CapError](err)
	require.True(t, ok)
	assert.Equal(t, []model.EducatorID{"T-A", "T-B"}, ce.Teachers)
	assert.Contains(t, err.Error(), `"T-A"`)

	// Teacher scope: one teacher, quota above the cap.
	sc, err := ParseScope("teacher=T-A")
	require.NoError(t, err)
	_, err = NewPlan(ds, Request{Scope: sc, Count: 5, TeacherCap: 4})
	require.ErrorIs(t, err, ErrTeacherCap)
	assert.Contains(t, err.Error(), `teacher "T-A"`)

	_, err = NewPlan(ds, Request{Method: All, TeacherCap: 5})
	require.ErrorIs(t, err, ErrTeacherCap, "all 12 families cannot fit under 2×5")
}

func TestPlanTeacherCapProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		// Families with one to two of four teachers.
		nf := rapid.IntRange(1, 30).Draw(t, "families")
		var sts []model.Student
		for i := range nf {
			st := student(fmt.Sprintf("ST%02d", i), fmt.Sprintf("F%02d", i), "S1", 1,
				map[string]string{"ell": rapid.SampledFrom([]string{"yes", "no"}).Draw(t, "ell")})
			st.Classes = nil
			st.Teachers = rapid.SliceOfNDistinct(rapid.SampledFrom([]model.EducatorID{"T-1", "T-2", "T-3", "T-4"}), 0, 2, rapid.ID).Draw(t, "teachers")
			sts = append(sts, st)
		}
		ds := district(sts)
		for _, id := range []model.EducatorID{"T-1", "T-2", "T-3", "T-4"} {
			ds.Educators = append(ds.Educators, model.Educator{ID: id})
		}
		capN := rapid.IntRange(1, 8).Draw(t, "cap")
		req := Request{Count: rapid.IntRange(1, nf).Draw(t, "count"), Balance: []string{"ell"}, TeacherCap: capN,
			Seed: rapid.Uint64().Draw(t, "seed")}
		pl, err := NewPlan(ds, req)
		if err != nil {
			require.ErrorIs(t, err, ErrTeacherCap)
			ce, _ := errors.AsType[*CapError](err)
			require.NotEmpty(t, ce.Teachers)
			return
		}
		require.Equal(t, req.Count, pl.Size)
		for _, l := range pl.TeacherLoads {
			require.LessOrEqual(t, l.Families, capN, "teacher %s", l.Teacher)
		}
		for _, st := range pl.Strata {
			require.Less(t, float64(st.Chosen)-st.Quota, 1.0)
			require.Greater(t, float64(st.Chosen)-st.Quota, -1.0)
		}
		for _, c := range pl.Chosen {
			if ts := pl.PopulationOf().Teachers(c.Family); len(ts) > 0 {
				require.Contains(t, ts, c.Teacher)
			} else {
				require.Empty(t, c.Teacher)
			}
		}
	})
}

func TestPlanRecordAndInvitations(t *testing.T) {
	sc, err := ParseScope("school=S1,grade=3|4")
	require.NoError(t, err)
	pl, err := NewPlan(school(30), Request{Scope: sc, Count: 4, Balance: []string{"ell"}, Seed: 11})
	require.NoError(t, err)
	rec := pl.Record("P-2025-S1")
	assert.Equal(t, model.Plan{
		ID: "P-2025-S1", School: "S1", Method: "stratified",
		Scope:    map[string]string{"school": "S1", "grade": "3|4"},
		Criteria: []string{"school", "grade"}, Balance: []string{"ell"}, Count: 4, Population: pl.Population, Seed: 11,
	}, rec)

	sent := time.Date(2025, 8, 1, 16, 0, 0, 0, time.UTC)
	invs := pl.Invitations("P-2025-S1", sent)
	require.Len(t, invs, 4)
	for i, inv := range invs {
		c := pl.Chosen[i]
		assert.Equal(t, c.Family, inv.Family)
		assert.Equal(t, model.InvitationID("P-2025-S1/"+string(c.Family)), inv.ID)
		assert.Equal(t, model.PlanID("P-2025-S1"), inv.Plan)
		assert.Equal(t, "stratified", inv.Method)
		assert.Equal(t, []string{"school", "grade"}, inv.Criteria, "criteria are scope keys only")
		assert.Equal(t, model.FirstVisit, inv.Kind)
		assert.Equal(t, sent, inv.SentAt)
		assert.NotEmpty(t, inv.Students)
		assert.Equal(t, c.Teacher, inv.By)
		assert.NotEmpty(t, inv.By, "each family has its class teacher")
	}

	// The records form a valid dataset.
	ds := school(30)
	ds.Plans = append(ds.Plans, rec)
	ds.Invitations = invs
	ds.Year = model.SchoolYear{ID: "2025-26"}
	ds.District = model.District{ID: "D1"}
	for _, e := range model.ErrorsOf(ds.Validate()) {
		assert.NotContains(t, e.Record, "plan", e.Error())
		assert.NotContains(t, e.Record, "invitation", e.Error())
	}
}
