package selection

import (
	"encoding/json"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

var balanceAttrs = []string{"ell", "home_language", "grade", "school", "frl"}

// genRequest draws a stratified request over ds: a share or a count, up to
// maxBalance balance attributes that ds records, and a seed.
func genRequest(t *rapid.T, pop *Population, maxBalance int) Request {
	var req Request
	if rapid.Bool().Draw(t, "by_count") {
		req.Count = rapid.IntRange(1, pop.Len()).Draw(t, "count")
	} else {
		req.Share = rapid.Float64Range(0.01, 1).Draw(t, "share")
	}
	var avail []string
	for _, a := range balanceAttrs {
		if slices.Contains(pop.Attributes(), a) {
			avail = append(avail, a)
		}
	}
	if k := rapid.IntRange(0, min(maxBalance, len(avail))).Draw(t, "balance"); k > 0 {
		req.Balance = rapid.Permutation(avail).Draw(t, "order")[:k]
	}
	req.Seed = rapid.Uint64().Draw(t, "seed")
	return req
}

// genScope draws a scope over ds: perhaps one of its schools, perhaps one
// of its students' grades.
func genScope(t *rapid.T, ds *model.Dataset) Scope {
	var sc Scope
	if rapid.Bool().Draw(t, "scope_school") {
		sc.Schools = []model.SchoolID{rapid.SampledFrom(schoolIDs(ds)).Draw(t, "school")}
	}
	if gs := grades(ds); len(gs) > 0 && rapid.Bool().Draw(t, "scope_grade") {
		sc.Grades = []model.Grade{rapid.SampledFrom(gs).Draw(t, "grade")}
	}
	return sc
}

// drawPlan draws a dataset, a scope with at least one family, and a plan.
func drawPlan(t *rapid.T, maxBalance int) (*model.Dataset, Request, *Plan) {
	ds := genDataset(40).Draw(t, "dataset")
	sc := genScope(t, ds)
	pop, err := NewPopulation(ds, sc)
	if err != nil {
		require.ErrorIs(t, err, ErrEmptyScope)
		t.Skip("empty scope")
	}
	req := genRequest(t, pop, maxBalance)
	req.Scope = sc
	pl, err := pop.Plan(req)
	require.NoError(t, err)
	return ds, req, pl
}

func expectedSize(req Request, N int) int {
	if req.Count > 0 {
		return req.Count
	}
	return min(max(int(math.Floor(req.Share*float64(N)+0.5)), 1), N)
}

func TestPlanSizeAndStrata(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		_, req, pl := drawPlan(t, 3)
		require.Equal(t, expectedSize(req, pl.Population), pl.Size, "sample size")
		require.Len(t, pl.Chosen, pl.Size)
		sum, popSum := 0, 0
		for _, st := range pl.Strata {
			require.Less(t, math.Abs(float64(st.Chosen)-st.Quota), 1.0, "stratum %s: chosen %d, quota %v", st.Key, st.Chosen, st.Quota)
			sum += st.Chosen
			popSum += st.Population
		}
		require.Equal(t, pl.Size, sum)
		require.Equal(t, pl.Population, popSum)
		require.True(t, slices.IsSortedFunc(pl.Chosen, func(a, b Choice) int { return compareIDs(a.Family, b.Family) }))
		for i := 1; i < len(pl.Chosen); i++ {
			require.NotEqual(t, pl.Chosen[i-1].Family, pl.Chosen[i].Family, "a family counts once")
		}
	})
}

func compareIDs(a, b model.FamilyID) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestPlanMarginsWithinOne(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		_, _, pl := drawPlan(t, 2)
		for _, m := range pl.Margins {
			require.Less(t, math.Abs(float64(m.Chosen)-m.Quota), 1.0, "margin %s=%s: chosen %d, quota %v", m.Attribute, m.Level, m.Chosen, m.Quota)
		}
		require.Less(t, pl.MaxMarginDeviation, 1.0)
		require.Equal(t, DesignProbability, pl.Basis)
	})
}

func TestPlanThreeAttributesReportsDeviation(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		_, _, pl := drawPlan(t, 5)
		worst := 0.0
		for i, m := range pl.Margins {
			d := math.Abs(float64(m.Chosen) - m.Quota)
			worst = max(worst, d)
			if m.Attribute == pl.Request.Balance[0] || len(pl.Request.Balance) > 1 && m.Attribute == pl.Request.Balance[1] {
				require.Less(t, d, 1.0, "margin %d of a first-two attribute", i)
			}
		}
		require.InDelta(t, worst, pl.MaxMarginDeviation, 1e-9)
	})
}

func TestPlanDeterministic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds, req, pl := drawPlan(t, 3)
		again, err := NewPlan(shuffled(ds), req)
		require.NoError(t, err)
		a, err := json.Marshal(pl)
		require.NoError(t, err)
		b, err := json.Marshal(again)
		require.NoError(t, err)
		require.Equal(t, string(a), string(b), "same seed, same plan, whatever the record order")
	})
}

func TestPlanReportedProbability(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		_, _, pl := drawPlan(t, 2)
		want := float64(pl.Size) / float64(pl.Population)
		for _, f := range pl.PopulationOf().Families() {
			p, ok := pl.Probability(f)
			require.True(t, ok)
			require.Equal(t, want, p, "family %s", f)
		}
	})
}

// TestPlanEqualInclusionProbability checks empirically that, without caps
// or priority and with up to two balance attributes, every family in scope
// has the same chance n/N of being chosen.
//
// For each generated population (up to 12 families) the plan is drawn with
// the R = 2000 fixed seeds 0…R−1, and each family's selection frequency is
// compared with n/N. The frequency is a mean of R independent 0/1 values,
// so by Hoeffding's inequality it strays more than t = 0.12 from n/N with
// probability at most 2·exp(−2·R·t²) ≈ 2.2e-25 per family: with rapid's 100
// populations of at most 12 families the chance of a false failure is below
// 1e-21. The tolerance still catches deterministic largest-remainder
// allocation, which gives the families of a stratum with a small remainder
// a chance 1/N_c or more below the rest.
func TestPlanEqualInclusionProbability(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := genDataset(12).Draw(t, "dataset")
		pop, err := NewPopulation(ds, Scope{})
		require.NoError(t, err)
		req := genRequest(t, pop, 2)
		const R = 2000
		hits := make(map[model.FamilyID]int)
		var size int
		for seed := range uint64(R) {
			req.Seed = seed
			pl, err := pop.Plan(req)
			require.NoError(t, err)
			size = pl.Size
			for _, c := range pl.Chosen {
				hits[c.Family]++
			}
		}
		want := float64(size) / float64(pop.Len())
		for _, f := range pop.Families() {
			got := float64(hits[f]) / R
			require.LessOrEqual(t, math.Abs(got-want), 0.12, "family %s chosen in %v of plans, want %v", f, got, want)
		}
	})
}

func TestPlanNeverPanics(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := genDataset(20).Draw(t, "dataset")
		req := Request{
			Method:     Method(rapid.SampledFrom([]string{"", "all", "stratified", "quota"}).Draw(t, "method")),
			Share:      rapid.Float64Range(-1, 2).Draw(t, "share"),
			Count:      rapid.IntRange(-5, 50).Draw(t, "count"),
			Balance:    rapid.SliceOfN(rapid.SampledFrom([]string{"ell", "home_language", "grade", "iep", "frl"}), 0, 4).Draw(t, "balance"),
			Seed:       rapid.Uint64().Draw(t, "seed"),
			TeacherCap: rapid.IntRange(-1, 5).Draw(t, "cap"),
		}
		if rapid.Bool().Draw(t, "priority") {
			req.Priority = []model.FamilyID{ds.Families[len(ds.Families)-1].ID, ds.Families[0].ID, "F999"}
		}
		req.Scope = genScope(t, ds)
		pl, err := NewPlan(ds, req)
		if err != nil {
			return
		}
		_, err = pl.Audit(nil, Thresholds{})
		require.NoError(t, err)
	})
}
