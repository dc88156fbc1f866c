package selection

import (
	"encoding/json"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// Tests of how P4.cross-section sets up its audit (RULES.md): all
// chosen, pooling, the test, Holm–Bonferroni and privacy.

func TestAuditAllChosen(t *testing.T) {
	pop := popWith(map[string][]string{
		"ell":      repeat([]string{"yes", "no", ""}, []int{30, 70, 5}),
		"language": repeat([]string{"en", "es", "ar"}, []int{80, 23, 2}),
	})
	rep, err := Audit(pop, pop.Families(), []string{"ell", "language", "iep"}, Thresholds{})
	require.NoError(t, err)
	assert.True(t, rep.AllChosen)
	assert.Zero(t, rep.Tested)
	assert.Equal(t, OK, rep.Verdict)
	for _, a := range rep.Attributes {
		assert.Equal(t, OK, a.Verdict, a.Attribute)
		assert.Equal(t, NoTest, a.Test, a.Attribute)
	}

	// One family left out: a test again.
	rep, err = Audit(pop, pop.Families()[1:], nil, Thresholds{})
	require.NoError(t, err)
	assert.False(t, rep.AllChosen)
	assert.Equal(t, 2, rep.Tested)
	b, err := json.Marshal(rep)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "all_chosen")
}

func TestPool(t *testing.T) {
	cat := func(level string, pop, chosen int64) category {
		return category{level: level, pop: pop, chosen: chosen}
	}
	other := func(pop, chosen int64) category {
		return category{level: PooledLevel, pooled: true, pop: pop, chosen: chosen}
	}
	tests := []struct {
		name string
		in   []category
		want []category
	}{
		{"no small category", []category{cat("en", 10, 4), cat("es", 20, 5)}, []category{cat("en", 10, 4), cat("es", 20, 5)}},
		{"two families, still small: merged with the smallest other",
			[]category{cat("ar", 2, 0), cat("en", 180, 167), cat("es", 68, 68)},
			[]category{cat("en", 180, 167), other(70, 68)}},
		{"small ones that together reach the minimum",
			[]category{cat("ar", 4, 1), cat("en", 50, 9), cat("vi", 7, 2)},
			[]category{cat("en", 50, 9), other(11, 3)}},
		{"ties for the smallest: the first in output order",
			[]category{cat("a", 30, 1), cat("b", 20, 2), cat("c", 20, 3), cat("d", 3, 3)},
			[]category{cat("a", 30, 1), cat("c", 20, 3), other(23, 5)}},
		{"all small, together still small", []category{cat("x", 5, 1), cat("y", 3, 0)}, []category{other(8, 1)}},
		{"all small, together large enough", []category{cat("x", 5, 1), cat("y", 6, 0)}, []category{other(11, 1)}},
		{"a recorded 'other' joins the pool",
			[]category{cat("ar", 3, 1), cat("en", 50, 10), cat("other", 30, 7)},
			[]category{cat("en", 50, 10), other(33, 8)}},
		{"a recorded 'other' stays when nothing is pooled",
			[]category{cat("en", 50, 10), cat("other", 30, 7)},
			[]category{cat("en", 50, 10), cat("other", 30, 7)}},
		{"a small recorded 'other' is pooled like any small category",
			[]category{cat("en", 50, 10), cat("es", 40, 7), cat("other", 4, 4)},
			[]category{cat("en", 50, 10), other(44, 11)}},
		{"nothing recorded", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, pool(slices.Clone(tt.in), 10))
		})
	}
}

// TestPoolInvariants: pooling keeps every family, names no category under
// the minimum, leaves at most one pooled category (the last), and every
// category it leaves is at least the minimum unless it is the only one.
func TestPoolInvariants(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := rapid.Int64Range(1, 15).Draw(t, "min")
		names := rapid.SliceOfNDistinct(rapid.SampledFrom([]string{"a", "b", "c", "d", "e", "other"}), 0, 6, rapid.ID).Draw(t, "levels")
		var in []category
		var total, chosen int64
		for _, name := range names {
			c := category{level: name, pop: rapid.Int64Range(1, 40).Draw(t, "pop")}
			c.chosen = rapid.Int64Range(0, c.pop).Draw(t, "chosen")
			in = append(in, c)
			total += c.pop
			chosen += c.chosen
		}
		out := pool(slices.Clone(in), m)
		var gotTotal, gotChosen int64
		for i, c := range out {
			gotTotal += c.pop
			gotChosen += c.chosen
			require.True(t, c.pop >= m || len(out) == 1, "category %q of %d families left", c.level, c.pop)
			require.Equal(t, c.pooled, c.level == PooledLevel && c.pooled, "only the pool is marked")
			if c.pooled {
				require.Equal(t, len(out)-1, i, "the pool is listed last")
			}
			for _, orig := range in {
				if orig.level == c.level && orig.pop < m {
					require.True(t, c.pooled, "small category %q named", c.level)
				}
			}
		}
		require.Equal(t, total, gotTotal)
		require.Equal(t, chosen, gotChosen)
		require.LessOrEqual(t, len(out), len(in))
		require.Equal(t, out, pool(slices.Clone(in), m), "deterministic")
	})
}

// TestAuditRareCategoryIsNotTargeting: a school invites 94% of its 250
// families by equal chance; both of its two Arabic-speaking families are
// among the 15 not invited. Alone they would make a 2×3 table with V =
// 0.38 and p ≈ 0.003 — targeting; pooled with the next smallest category
// they are no imbalance at all.
func TestAuditRareCategoryIsNotTargeting(t *testing.T) {
	pop := popOf("home_language", repeat([]string{"ar", "en", "es"}, []int{2, 180, 68}))
	invited := pick(pop, span(15, 250)...) // not invited: both ar, 13 en
	rep, err := Audit(pop, invited, nil, Thresholds{})
	require.NoError(t, err)
	a := rep.Attributes[0]
	assert.Equal(t, OK, a.Verdict)
	assert.Equal(t, Exact, a.Test)
	assert.True(t, a.Withheld, "2 of the pooled families were not invited")
	assert.Empty(t, a.Levels, "no category is named, ar and es least of all")
	b, err := json.Marshal(rep)
	require.NoError(t, err)
	assert.NotContains(t, string(b), `"ar"`)

	// Without pooling (a minimum of 1) the same invitations would be
	// called targeting.
	th := ThresholdsFrom(model.DefaultPolicy())
	th.MinCellSize = 1
	rep, err = Audit(pop, invited, nil, th)
	require.NoError(t, err)
	assert.Equal(t, Targeting, rep.Verdict)
}

func TestAuditFewerThanTwoCategories(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		levels []LevelShare
	}{
		{"one value", repeat([]string{"S1"}, []int{40}),
			[]LevelShare{{Level: "S1", Population: 40, Chosen: 20, PopulationShare: 1, ChosenShare: 1}}},
		{"one large value and a rare one", repeat([]string{"ar", "en"}, []int{3, 100}),
			[]LevelShare{{Level: PooledLevel, Pooled: true, Population: 103, Chosen: 20, PopulationShare: 1, ChosenShare: 1}}},
		{"only rare values", repeat([]string{"ar", "vi", ""}, []int{3, 4, 96}), []LevelShare{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pop := popWith(map[string][]string{"language": tt.values, "ell": repeat([]string{"yes", "no"}, []int{len(tt.values) / 2, len(tt.values) - len(tt.values)/2})})
			rep, err := Audit(pop, pick(pop, span(0, 20)...), nil, Thresholds{})
			require.NoError(t, err)
			a := rep.Attributes[1]
			require.Equal(t, "language", a.Attribute)
			assert.Equal(t, NotAssessable, a.Verdict)
			assert.Equal(t, NoTest, a.Test)
			assert.Equal(t, tt.levels, a.Levels)
			assert.Equal(t, 1, rep.Tested, "only ell is tested")
		})
	}
}

func TestHolm(t *testing.T) {
	// p = 0.01, 0.04, 0.03, 0.005: sorted 0.005·4 = 0.02, 0.01·3 = 0.03,
	// 0.03·2 = 0.06, then 0.04·1 = 0.04 raised to 0.06 (monotone).
	assert.InDeltaSlice(t, []float64{0.03, 0.06, 0.06, 0.02}, holm([]float64{0.01, 0.04, 0.03, 0.005}), 1e-12)
	assert.Equal(t, []float64{1, 1}, holm([]float64{0.7, 0.9}), "capped at 1")
	assert.Empty(t, holm(nil))

	// An adjusted p is below alpha exactly when Holm's step-down procedure
	// at alpha rejects the hypothesis.
	rapid.Check(t, func(t *rapid.T) {
		ps := rapid.SliceOfN(rapid.Float64Range(0, 1), 1, 8).Draw(t, "p")
		alpha := rapid.Float64Range(0.001, 0.1).Draw(t, "alpha")
		adj := holm(ps)
		sorted := slices.Sorted(slices.Values(ps))
		rejected := 0 // step down: reject while p₍ⱼ₎ < alpha/(m−j+1)
		for rejected < len(sorted) && sorted[rejected] < alpha/float64(len(ps)-rejected) {
			rejected++
		}
		for i, p := range ps {
			require.GreaterOrEqual(t, adj[i], p)
			require.LessOrEqual(t, adj[i], 1.0)
			require.Equal(t, rejected > 0 && p <= sorted[rejected-1], adj[i] < alpha, "p = %v", p)
		}
	})
}

// TestAuditHolmFamily: one imbalance among five attributes tested
// together. Alone its p of 0.0073 with V = 0.3 is targeting; as one of
// five tests, its Holm-adjusted p is 5 · 0.0073 = 0.036: advisory.
func TestAuditHolmFamily(t *testing.T) {
	// 80 families; the first 40 are "yes" on ell. Chosen: 26 of them and
	// 14 of the others.
	chosen := slices.Concat(span(0, 26), span(40, 54))
	notChosen := slices.Concat(span(26, 40), span(54, 80))
	cols := map[string][]string{
		"ell":    repeat([]string{"yes", "no"}, []int{40, 40}),
		"school": repeat([]string{"S1"}, []int{80}), // one category: not tested
	}
	// Four attributes on which the chosen are exactly proportional: 20 of
	// the chosen and 20 of the others in each category.
	for k, name := range []string{"frl", "grade", "iep", "language"} {
		col := make([]string, 80)
		for i := range 40 {
			v := []string{"a", "b"}[(i/20+k)%2]
			col[chosen[i]], col[notChosen[i]] = v, v
		}
		cols[name] = col
	}
	pop := popWith(cols)

	alone, err := Audit(pop, pick(pop, chosen...), []string{"ell"}, Thresholds{})
	require.NoError(t, err)
	a := alone.Attributes[0]
	// X² = 80²/(40·40) · (6²/40 + 6²/40) = 7.2; p = erfc(√3.6).
	assert.InDelta(t, math.Erfc(math.Sqrt(3.6)), a.P, 1e-12)
	assert.InDelta(t, 0.3, a.CramersV, 1e-12)
	assert.Equal(t, Targeting, a.Verdict)

	rep, err := Audit(pop, pick(pop, chosen...), nil, Thresholds{})
	require.NoError(t, err)
	assert.Equal(t, 5, rep.Tested, "school has one category and is not tested")
	byName := map[string]AttributeAudit{}
	for _, a := range rep.Attributes {
		byName[a.Attribute] = a
	}
	ell := byName["ell"]
	assert.Equal(t, a.P, ell.P, "the raw p is unchanged")
	assert.InDelta(t, 5*a.P, ell.PAdjusted, 1e-12)
	assert.Equal(t, Advisory, ell.Verdict)
	assert.Equal(t, Advisory, rep.Verdict)
	for _, name := range []string{"frl", "grade", "iep", "language"} {
		assert.Equal(t, 1.0, byName[name].PAdjusted, name)
		assert.Equal(t, OK, byName[name].Verdict, name)
	}
	assert.Equal(t, NotAssessable, byName["school"].Verdict)
}

// TestAuditRecordedOtherCategory: a recorded value "other" and the pooled
// category share one label, so they are one category.
func TestAuditRecordedOtherCategory(t *testing.T) {
	pop := popOf("language", repeat([]string{"ar", "en", "other"}, []int{3, 60, 30}))
	chosen := pick(pop, slices.Concat(span(0, 1), span(3, 33), span(63, 78))...)
	rep, err := Audit(pop, chosen, nil, Thresholds{})
	require.NoError(t, err)
	a := rep.Attributes[0]
	assert.False(t, a.Withheld)
	assert.Equal(t, []LevelShare{
		{Level: "en", Population: 60, Chosen: 30, PopulationShare: 60.0 / 93, ChosenShare: 30.0 / 46},
		{Level: PooledLevel, Pooled: true, Population: 33, Chosen: 16, PopulationShare: 33.0 / 93, ChosenShare: 16.0 / 46},
	}, a.Levels)
	b, err := json.Marshal(a)
	require.NoError(t, err)
	assert.NotContains(t, string(b), `"ar"`)
}
