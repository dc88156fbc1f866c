package selection

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// popOf builds a population whose families F00000… have the given values
// of attribute attr ("" for not recorded).
func popOf(attr string, values []string) *Population {
	fams := make([]model.FamilyID, len(values))
	for i := range values {
		fams[i] = model.FamilyID(fmt.Sprintf("F%05d", i))
	}
	levels, codes := encodeColumn(attr, values)
	return newPopulation(fams, []string{attr}, [][]string{levels}, [][]uint32{codes})
}

// repeat returns counts[i] copies of values[i], in order.
func repeat(values []string, counts []int) []string {
	var out []string
	for i, v := range values {
		for range counts[i] {
			out = append(out, v)
		}
	}
	return out
}

// pick returns the families at the given positions.
func pick(pop *Population, rows ...int) []model.FamilyID {
	out := make([]model.FamilyID, len(rows))
	for i, r := range rows {
		out[i] = pop.families[r]
	}
	return out
}

func span(from, to int) []int {
	var out []int
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

// popWith builds a population whose families F00000… have the values
// of each attribute given in cols ("" for not recorded); every column has
// one value per family.
func popWith(cols map[string][]string) *Population {
	attrs := slices.Sorted(maps.Keys(cols))
	n := len(cols[attrs[0]])
	fams := make([]model.FamilyID, n)
	for i := range fams {
		fams[i] = model.FamilyID(fmt.Sprintf("F%05d", i))
	}
	levels := make([][]string, len(attrs))
	codes := make([][]uint32, len(attrs))
	for a, name := range attrs {
		levels[a], codes[a] = encodeColumn(name, cols[name])
	}
	return newPopulation(fams, attrs, levels, codes)
}

// unwithheld audits chosen like [Audit] but returns each attribute's
// figures before any is withheld, for tests of the statistics of tables
// with small cells.
func unwithheld(pop *Population, chosen []model.FamilyID, attrs []string, th Thresholds) []AttributeAudit {
	if th == (Thresholds{}) {
		th = ThresholdsFrom(model.DefaultPolicy())
	}
	if len(attrs) == 0 {
		attrs = pop.attrs
	}
	mask := make([]bool, pop.Len())
	n := 0
	for _, f := range chosen {
		if row, ok := pop.row(f); ok && !mask[row] {
			mask[row] = true
			n++
		}
	}
	tables, _ := pop.judged(mask, n > 0 && n == pop.Len(), attrs, th)
	out := make([]AttributeAudit, len(tables))
	for i, t := range tables {
		out[i] = t.aa
	}
	return out
}

func TestAuditKnownTable(t *testing.T) {
	// 100 English learners, 100 not; 40 chosen, 26 of them learners.
	pop := popOf("ell", repeat([]string{"yes", "no"}, []int{100, 100}))
	chosen := pick(pop, append(span(0, 26), span(100, 114)...)...)
	rep, err := Audit(pop, chosen, nil, Thresholds{})
	require.NoError(t, err)
	require.Len(t, rep.Attributes, 1)
	a := rep.Attributes[0]
	// X² = 200²/(40·160) · (6²/100 + 6²/100) = 4.5; with one degree of
	// freedom p = erfc(√(4.5/2)).
	assert.InDelta(t, 4.5, a.ChiSquare, 1e-12)
	assert.Equal(t, 1, a.DF)
	assert.Equal(t, ChiSquare, a.Test)
	assert.InDelta(t, math.Erfc(1.5), a.P, 1e-12)
	assert.Equal(t, a.P, a.PAdjusted, "one attribute tested: nothing to adjust")
	assert.Equal(t, 1, rep.Tested)
	assert.InDelta(t, 0.15, a.CramersV, 1e-12)
	assert.InDelta(t, 0.15, a.Gap, 1e-12)
	assert.Equal(t, "no", a.GapLevel, "ties go to the first value in order")
	assert.Equal(t, Advisory, a.Verdict, "p ≥ 0.01: not targeting, but p < 0.05 with V ≥ 0.1")
	assert.Equal(t, Advisory, rep.Verdict)
	assert.False(t, a.Withheld, "every cell holds at least 10 families")
	assert.Equal(t, []LevelShare{
		{Level: "no", Population: 100, Chosen: 14, PopulationShare: 0.5, ChosenShare: 0.35},
		{Level: "yes", Population: 100, Chosen: 26, PopulationShare: 0.5, ChosenShare: 0.65},
	}, a.Levels)
	assert.Equal(t, 200, a.Recorded)
	assert.Equal(t, 40, a.ChosenRecorded)
}

func TestChiSquareMatchesGonum(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		k := rapid.IntRange(2, 5).Draw(t, "levels")
		c := make([]int64, k)
		x := make([]int64, k)
		var N, n int64
		for j := range k {
			c[j] = rapid.Int64Range(1, 40).Draw(t, "c")
			x[j] = rapid.Int64Range(0, c[j]).Draw(t, "x")
			N += c[j]
			n += x[j]
		}
		if n == 0 || n == N {
			t.Skip("one row empty")
		}
		var obs, exp []float64
		for j := range k {
			e := float64(n) * float64(c[j]) / float64(N)
			obs = append(obs, float64(x[j]), float64(c[j]-x[j]))
			exp = append(exp, e, float64(c[j])-e)
		}
		require.InDelta(t, stat.ChiSquare(obs, exp), chiSquare(c, x, n, N), 1e-9)
	})
}

func binom(n, k int64) *big.Float {
	return new(big.Float).SetInt(new(big.Int).Binomial(n, k))
}

// exactP enumerates every 2×k table with the margins of c and n, exactly.
func exactP(c []int64, obs float64, n, N int64) float64 {
	total := binom(N, n)
	sum := new(big.Float)
	x := make([]int64, len(c))
	var walk func(j int, left int64)
	walk = func(j int, left int64) {
		if j == len(c)-1 {
			if left > c[j] {
				return
			}
			x[j] = left
			if chiSquare(c, x, n, N) >= obs*(1-1e-9)-1e-12 {
				w := new(big.Float).SetInt64(1)
				for i := range c {
					w.Mul(w, binom(c[i], x[i]))
				}
				sum.Add(sum, w)
			}
			return
		}
		for v := int64(0); v <= min(left, c[j]); v++ {
			x[j] = v
			walk(j+1, left-v)
		}
	}
	walk(0, n)
	p, _ := new(big.Float).Quo(sum, total).Float64()
	return p
}

// fisherP enumerates every 2×2 table with the margins of c and n, exactly,
// and sums the probabilities of those no more probable than the one with
// x0 chosen in the first column.
func fisherP(c []int64, x0, n, N int64) float64 {
	weight := func(k int64) *big.Int {
		return new(big.Int).Mul(new(big.Int).Binomial(c[0], k), new(big.Int).Binomial(c[1], n-k))
	}
	obs := weight(x0)
	sum := new(big.Int)
	for k := max(0, n-c[1]); k <= min(n, c[0]); k++ {
		if w := weight(k); w.Cmp(obs) <= 0 {
			sum.Add(sum, w)
		}
	}
	p, _ := new(big.Rat).SetFrac(sum, new(big.Int).Binomial(N, n)).Float64()
	return p
}

func TestFisherExact(t *testing.T) {
	// Fisher's lady tasting tea: 3 of 4 cups right each way; two-sided
	// p = 34/70 (R: fisher.test(matrix(c(3,1,1,3), 2))).
	assert.InDelta(t, 34.0/70.0, fisherExact([]int64{4, 4}, 3, 4, 8), 1e-12)
	rapid.Check(t, func(t *rapid.T) {
		c := []int64{rapid.Int64Range(1, 30).Draw(t, "c0"), rapid.Int64Range(1, 30).Draw(t, "c1")}
		N := c[0] + c[1]
		n := rapid.Int64Range(1, N-1).Draw(t, "n")
		x0 := rapid.Int64Range(max(0, n-c[1]), min(n, c[0])).Draw(t, "x0")
		require.InDelta(t, fisherP(c, x0, n, N), fisherExact(c, x0, n, N), 1e-9)
	})
}

// TestMonteCarloMatchesExact compares the fixed-seed Monte Carlo p-value
// with exact enumeration on small 2×3 and 2×4 tables. With D = 10000 draws
// the estimate is a mean of D independent 0/1 values (plus at most 1/D
// from the +1 correction), so by Hoeffding's inequality it strays more than
// 0.05 from the exact value with probability below 2·exp(−2·D·0.05²) ≈
// 4e-22: a fixed seed and a tolerance that cannot flake.
func TestMonteCarloMatchesExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		k := rapid.IntRange(3, 4).Draw(t, "levels")
		c := make([]int64, k)
		var N int64
		for j := range c {
			c[j] = rapid.Int64Range(1, 8).Draw(t, "c")
			N += c[j]
		}
		n := rapid.Int64Range(1, N-1).Draw(t, "n")
		// A random observed table with these margins.
		x := make([]int64, k)
		left, need := N, n
		r := rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "table"), 0))
		for j := range k {
			x[j] = hypergeometric(r, left, c[j], need)
			left -= c[j]
			need -= x[j]
		}
		obs := chiSquare(c, x, n, N)
		exact := exactP(c, obs, n, N)
		mc, _ := monteCarloP(c, obs, n, N, 10000, mcStop{}, rand.New(rand.NewPCG(1, 2)))
		require.InDelta(t, exact, mc, 0.05)
		// The sequential estimates the audit uses land on the same side of
		// the thresholds whenever the exact p is clearly on one side.
		for _, stop := range []mcStop{
			{alphas: []float64{0.05, 0.01}},
			{alphas: []float64{0.05, 0.01, 0.05 / 2, 0.01 / 2, 0.05 / 3, 0.01 / 3}}, // Holm, three attributes
		} {
			seq, draws := monteCarloP(c, obs, n, N, 10000, stop, rand.New(rand.NewPCG(1, 2)))
			require.LessOrEqual(t, draws, 10000)
			for _, a := range stop.alphas {
				if exact < a/3 {
					require.Less(t, seq, a)
				}
				if exact > 3*a {
					require.Greater(t, seq, a)
				}
			}
		}
	})
}

// TestHypergeometric compares the sampler's frequencies over 50,000
// fixed-seed draws with the exact distribution; by Hoeffding's inequality
// a frequency strays more than 0.02 with probability below 2·exp(−40) ≈
// 8e-18.
func TestHypergeometric(t *testing.T) {
	for _, tc := range []struct{ N, K, n int64 }{{10, 3, 4}, {50, 25, 20}, {1000, 7, 300}, {30, 29, 15}, {12, 0, 5}, {12, 12, 5}} {
		t.Run(fmt.Sprint(tc), func(t *testing.T) {
			r := rand.New(rand.NewPCG(7, 7))
			const D = 50_000
			count := map[int64]int{}
			for range D {
				v := hypergeometric(r, tc.N, tc.K, tc.n)
				require.GreaterOrEqual(t, v, max(0, tc.n-(tc.N-tc.K)))
				require.LessOrEqual(t, v, min(tc.n, tc.K))
				count[v]++
			}
			for v := max(0, tc.n-(tc.N-tc.K)); v <= min(tc.n, tc.K); v++ {
				want := math.Exp(logChoose(tc.K, v) + logChoose(tc.N-tc.K, tc.n-v) - logChoose(tc.N, tc.n))
				assert.InDelta(t, want, float64(count[v])/D, 0.02, "P(X=%d)", v)
			}
		})
	}
}

func TestAuditSmallExpectedCounts(t *testing.T) {
	// 400 families: 300 en, 60 es, 20 hmn, 20 vi; 60 chosen, 10 of them
	// hmn, where 3 are expected: a Monte Carlo test, every cell at least
	// 10, so its figures are shown.
	pop := popOf("language", repeat([]string{"en", "es", "hmn", "vi"}, []int{300, 60, 20, 20}))
	chosen := pick(pop, slices.Concat(span(0, 20), span(300, 320), span(360, 370), span(380, 390))...)
	rep, err := Audit(pop, chosen, nil, Thresholds{})
	require.NoError(t, err)
	a := rep.Attributes[0]
	assert.Equal(t, MonteCarlo, a.Test)
	assert.False(t, a.Withheld)
	assert.Less(t, a.P, 0.001)
	assert.Less(t, a.Draws, 10000, "settled before the last draw")
	assert.Equal(t, Targeting, a.Verdict)
	again, err := Audit(pop, chosen, nil, Thresholds{})
	require.NoError(t, err)
	assert.Equal(t, a.P, again.Attributes[0].P, "the Monte Carlo seed is fixed")

	// A small table's p, before its figures are withheld, matches exact
	// enumeration: 80 families (37 en, 20 es, 10 hmn, 13 vi), 10 chosen,
	// 6 of them hmn.
	small := popOf("language", repeat([]string{"en", "es", "hmn", "vi"}, []int{37, 20, 10, 13}))
	chosen = pick(small, 0, 37, 57, 58, 59, 60, 61, 62, 67, 68)
	got := unwithheld(small, chosen, nil, Thresholds{})[0]
	assert.Equal(t, MonteCarlo, got.Test)
	assert.InDelta(t, exactP([]int64{37, 20, 10, 13}, got.ChiSquare, 10, 80), got.P, 0.01)
	rep, err = Audit(small, chosen, nil, Thresholds{})
	require.NoError(t, err)
	assert.True(t, rep.Attributes[0].Withheld)
	assert.Equal(t, got.Verdict, rep.Attributes[0].Verdict, "the verdict rests on the withheld figures")

	// Two categories: Fisher's exact test. 20 of 400 families are
	// learners; 10 of the 60 chosen, where 3 are expected.
	two := popOf("ell", repeat([]string{"yes", "no"}, []int{20, 380}))
	rep, err = Audit(two, pick(two, slices.Concat(span(0, 10), span(20, 70))...), nil, Thresholds{})
	require.NoError(t, err)
	a = rep.Attributes[0]
	assert.Equal(t, Exact, a.Test)
	assert.False(t, a.Withheld)
	// The levels are in output order: no (380, 50 chosen), yes (20, 10).
	assert.InDelta(t, fisherP([]int64{380, 20}, 50, 60, 400), a.P, 1e-12)
	assert.Equal(t, Advisory, a.Verdict, "a gap of 12 points and V = 0.22: advisory")

	// 4 learners of 10 among 6 chosen of 60: the tables as improbable are
	// those with 4, 5 or 6 learners, so p = (C(10,4)·C(50,2) + C(10,5)·50
	// + C(10,6)) / C(60,6).
	few := popOf("ell", repeat([]string{"yes", "no"}, []int{10, 50}))
	chosen = pick(few, 0, 1, 2, 3, 10, 11)
	got = unwithheld(few, chosen, nil, Thresholds{})[0]
	assert.Equal(t, Exact, got.Test)
	assert.InDelta(t, fisherP([]int64{50, 10}, 2, 6, 60), got.P, 1e-12)
	assert.InDelta(t, (210.0*1225+252*50+210)/50063860, got.P, 1e-12)
}

func TestVerdictThresholds(t *testing.T) {
	th := ThresholdsFrom(model.DefaultPolicy())
	visited := th
	visited.AdvisoryOnly = true
	tests := []struct {
		name      string
		p, v, gap float64
		th        Thresholds
		want      Verdict
	}{
		{"significant and large V", 0.001, 0.35, 0.05, th, Targeting},
		{"significant and large gap", 0.001, 0.05, 0.20, th, Targeting},
		{"significant, moderate effect", 0.001, 0.15, 0.05, th, Advisory},
		{"significant, gap of 10 points", 0.001, 0.05, 0.10, th, Advisory},
		{"significant, tiny effect", 0.001, 0.05, 0.05, th, OK},
		{"large effect, p between alphas", 0.02, 0.5, 0.5, th, Advisory},
		{"large effect, not significant", 0.2, 0.5, 0.5, th, OK},
		{"p at the alpha is not below it", 0.01, 0.5, 0.5, th, Advisory},
		{"visited families: advisories only", 0.001, 0.5, 0.5, visited, Advisory},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, verdict(tt.p, tt.v, tt.gap, tt.th))
		})
	}
}

// TestAuditFlagsOnlyELL: choosing only English-learner families is
// targeting. With 200–600 families, 20–80% learners (rounded down, so at
// least 20% are not), and 30 or more chosen (at least 30% of the learners), X² = n·N·c₂/((N−n)·c₁) ≥ 30·0.25
// = 7.5 > 6.63, so p < 0.01, the gap is at least 20 points and every
// expected count is at least 6: the verdict is certain, not probable.
func TestAuditFlagsOnlyELL(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		N := rapid.IntRange(200, 600).Draw(t, "families")
		ell := int(math.Floor(float64(N) * rapid.Float64Range(0.2, 0.8).Draw(t, "ell_share")))
		pop := popOf("ell", repeat([]string{"yes", "no"}, []int{ell, N - ell}))
		n := rapid.IntRange(max(30, int(math.Ceil(0.3*float64(ell)))), ell).Draw(t, "chosen")
		rows := rapid.Permutation(span(0, ell)).Draw(t, "which")[:n]
		rep, err := Audit(pop, pick(pop, rows...), []string{"ell"}, Thresholds{})
		require.NoError(t, err)
		require.Equal(t, Targeting, rep.Verdict, "%+v", rep.Attributes[0])

		visited := ThresholdsFrom(model.DefaultPolicy())
		visited.AdvisoryOnly = true
		rep, err = Audit(pop, pick(pop, rows...), []string{"ell"}, visited)
		require.NoError(t, err)
		require.Equal(t, Advisory, rep.Verdict, "visited families get advisories only")
	})
}

// TestAuditAcceptsProportionalPlans: a plan balanced on an attribute keeps
// every margin within 1 of proportional, so with every value held by at
// least MinCellSize families and at least 10 chosen, the audit of that
// attribute is ok.
func TestAuditAcceptsProportionalPlans(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		counts := rapid.SliceOfN(rapid.IntRange(10, 80), 2, 4).Draw(t, "counts")
		values := repeat([]string{"a", "b", "c", "d"}[:len(counts)], counts)
		pop := popOf("language", values)
		n := rapid.IntRange(10, pop.Len()).Draw(t, "n")
		pl, err := pop.Plan(Request{Count: n, Balance: []string{"language"}, Seed: rapid.Uint64().Draw(t, "seed")})
		require.NoError(t, err)
		rep, err := pl.Audit(nil, Thresholds{})
		require.NoError(t, err)
		require.Equal(t, OK, rep.Verdict, "%+v", rep.Attributes[0])
		// The same families passed by id give the same report.
		byID, err := Audit(pop, pl.Families(), nil, Thresholds{})
		require.NoError(t, err)
		require.Equal(t, rep, byID)
	})
}

func TestAuditEdges(t *testing.T) {
	pop := popOf("ell", repeat([]string{"yes", "no", ""}, []int{20, 20, 5}))
	tests := []struct {
		name    string
		chosen  []model.FamilyID
		attrs   []string
		verdict Verdict
		outside int
		test    Test
	}{
		{"nobody chosen", nil, nil, NotAssessable, 0, NoTest},
		{"everyone chosen", pop.Families(), nil, OK, 0, NoTest},
		{"attribute nobody records", pick(pop, 0, 1), []string{"iep"}, NotAssessable, 0, NoTest},
		{"outside families ignored", append(pick(pop, 0, 20), "F-OTHER", "F-OTHER"), nil, OK, 2, Exact},
		{"duplicates count once", pick(pop, 0, 0, 0, 20), nil, OK, 0, Exact},
		{"large enough for chi-square", pick(pop, append(span(0, 10), span(20, 30)...)...), nil, OK, 0, ChiSquare},
		{"only unrecorded chosen", pick(pop, 40, 41), nil, NotAssessable, 0, NoTest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Audit(pop, tt.chosen, tt.attrs, Thresholds{})
			require.NoError(t, err)
			assert.Equal(t, tt.verdict, rep.Verdict)
			assert.Equal(t, tt.outside, rep.Outside)
			assert.Equal(t, tt.test, rep.Attributes[0].Test)
		})
	}
	rep, err := Audit(pop, pick(pop, 0, 0, 20), nil, Thresholds{})
	require.NoError(t, err)
	assert.Equal(t, 2, rep.Chosen)
	a := rep.Attributes[0]
	assert.True(t, a.Withheld, "one chosen family per category")
	assert.Zero(t, a.Recorded, "withheld")
	assert.Empty(t, a.Levels, "a withheld attribute names no category: which one is small is itself a figure")
	assert.Equal(t, 40, unwithheld(pop, pick(pop, 0, 0, 20), nil, Thresholds{})[0].Recorded)

	_, err = Audit(pop, nil, nil, Thresholds{TargetingAlpha: 2})
	require.ErrorIs(t, err, ErrInvalidThresholds)
	_, err = Audit(nil, nil, nil, Thresholds{})
	require.ErrorIs(t, err, ErrInvalidRequest)
}

func TestAuditWithholdsSmallCells(t *testing.T) {
	// 100 en, 60 es; 30 chosen: 25 en, 5 es. The 5 could be worked out
	// from any of the figures, so none is shown.
	pop := popOf("language", repeat([]string{"en", "es", ""}, []int{100, 60, 12}))
	chosen := pick(pop, slices.Concat(span(0, 25), span(100, 105))...)
	rep, err := Audit(pop, chosen, nil, Thresholds{})
	require.NoError(t, err)
	a := rep.Attributes[0]
	require.True(t, a.Withheld)
	assert.Equal(t, AttributeAudit{
		Attribute: "language",
		Levels:    []LevelShare{},
		Test:      ChiSquare, Withheld: true, Verdict: a.Verdict,
	}, a, "figures are zero in Go too, and no category is named: which one is small is itself a figure")
	full := unwithheld(pop, chosen, nil, Thresholds{})[0]
	assert.Equal(t, full.Verdict, a.Verdict, "the verdict stands on the figures")
	assert.Positive(t, full.ChiSquare)

	b, err := json.Marshal(rep)
	require.NoError(t, err)
	var back struct {
		Attributes []map[string]any `json:"attributes"`
	}
	require.NoError(t, json.Unmarshal(b, &back))
	got := back.Attributes[0]
	assert.ElementsMatch(t, []string{"attribute", "levels", "test", "withheld", "verdict"}, slices.Collect(maps.Keys(got)))
	assert.Equal(t, []any{}, got["levels"])

	// Every cell large: the figures are shown, and a small "(not
	// recorded)" row is suppressed on its own.
	pop = popOf("language", repeat([]string{"en", "es", ""}, []int{100, 60, 4}))
	chosen = pick(pop, slices.Concat(span(0, 25), span(100, 115), span(160, 162))...)
	rep, err = Audit(pop, chosen, nil, Thresholds{})
	require.NoError(t, err)
	a = rep.Attributes[0]
	assert.False(t, a.Withheld)
	assert.Equal(t, []LevelShare{
		{Level: "en", Population: 100, Chosen: 25, PopulationShare: 100.0 / 160, ChosenShare: 25.0 / 40},
		{Level: "es", Population: 60, Chosen: 15, PopulationShare: 60.0 / 160, ChosenShare: 15.0 / 40},
		{Level: notRecorded, NotRecorded: true, Suppressed: true},
	}, a.Levels)
	b, err = json.Marshal(a)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"p_adjusted":`)
	assert.Contains(t, string(b), `{"level":"(not recorded)","not_recorded":true,"suppressed":true}`)
}

// A proportional sample with a rare value gets the Monte Carlo test that
// RULES.md names for three or more categories with an expected count
// below 5, even when no attribute of the audit has an effect at any
// threshold (every verdict is then ok whatever the p-values are): settled
// against the advisory alphas, it stops at its first look.
func TestAuditMonteCarloForSmallEffects(t *testing.T) {
	// 200 en, 190 es, 10 hmn: choosing 20 en, 19 es, 1 hmn is exactly
	// proportional, and the expected count of chosen hmn families (1) is
	// below 5.
	lang := repeat([]string{"en", "es", "hmn"}, []int{200, 190, 10})
	pop := popOf("language", lang)
	fair := slices.Concat(span(0, 20), span(200, 219), span(390, 391))
	th := ThresholdsFrom(model.DefaultPolicy())
	th.MinCellSize = 1 // the figures shown
	rep, err := Audit(pop, pick(pop, fair...), nil, th)
	require.NoError(t, err)
	a := rep.Attributes[0]
	assert.Equal(t, MonteCarlo, a.Test)
	assert.Equal(t, 32, a.Draws, "a p far above every alpha is settled at the first look")
	assert.Greater(t, a.P, 0.5)
	assert.Equal(t, OK, a.Verdict)

	// A sample of only the rare value is a large effect and gets the real test.
	rep, err = Audit(pop, pick(pop, span(390, 400)...), nil, Thresholds{})
	require.NoError(t, err)
	assert.Equal(t, MonteCarlo, rep.Attributes[0].Test)
	assert.NotEqual(t, OK, rep.Attributes[0].Verdict)

	// The same fair sample audited with an attribute whose effect is
	// large: the language p can move that attribute's Holm rank, so it
	// gets the real test too.
	ell := make([]string, len(lang))
	for i := range ell {
		ell[i] = "no"
	}
	for _, i := range slices.Concat(fair, span(20, 80)) {
		ell[i] = "yes"
	}
	both := popWith(map[string][]string{"language": lang, "ell": ell})
	rep, err = Audit(both, pick(both, fair...), nil, Thresholds{})
	require.NoError(t, err)
	assert.Equal(t, "ell", rep.Attributes[0].Attribute)
	assert.Equal(t, Targeting, rep.Attributes[0].Verdict)
	assert.Equal(t, MonteCarlo, rep.Attributes[1].Test)
	assert.Equal(t, OK, rep.Attributes[1].Verdict)
}

// TestMonteCarloStopsOnceSettled: the test stops as soon as its p is
// settled against the thresholds the verdict uses, and runs every draw
// when p sits on a threshold.
func TestMonteCarloStopsOnceSettled(t *testing.T) {
	c := []int64{40, 30, 20, 5, 5}
	const n, N = 10, 100
	stop := mcStop{alphas: []float64{0.05, 0.01}}

	// A perfectly proportional sample: p near 1, settled at the first look.
	fair := chiSquare(c, []int64{4, 3, 2, 1, 0}, n, N)
	p, draws := monteCarloP(c, fair, n, N, 10000, stop, rand.New(rand.NewPCG(1, 2)))
	assert.Equal(t, 32, draws)
	assert.Greater(t, p, 0.5)

	// Every chosen family from the two rare values: no draw reaches it.
	gross := chiSquare(c, []int64{0, 0, 0, 5, 5}, n, N)
	p, draws = monteCarloP(c, gross, n, N, 10000, stop, rand.New(rand.NewPCG(1, 2)))
	assert.Equal(t, 1024, draws, "0 hits in 1,024 draws puts p below 0.01 at 99.9%")
	assert.Less(t, p, 0.001)

	// Holm's thresholds for five attributes go down to 0.002: settling
	// p below it takes more draws.
	holm5 := mcStop{}
	for k := 1.0; k <= 5; k++ {
		holm5.alphas = append(holm5.alphas, 0.05/k, 0.01/k)
	}
	p, draws = monteCarloP(c, gross, n, N, 10000, holm5, rand.New(rand.NewPCG(1, 2)))
	assert.Equal(t, 4096, draws, "0 hits in 4,096 draws puts p below 0.002 at 99.9%%")
	assert.Less(t, p, 0.002)

	// Without alphas nothing is settled early: every draw runs.
	_, draws = monteCarloP(c, fair, n, N, 10000, mcStop{}, rand.New(rand.NewPCG(1, 2)))
	assert.Equal(t, 10000, draws)

	// Clopper–Pearson with h = 0 has the closed form 1 − (risk/2)^(1/d).
	lo, hi := clopperPearson(0, 1024, 0.001)
	assert.Zero(t, lo)
	assert.InDelta(t, 1-math.Pow(0.0005, 1.0/1024), hi, 1e-9)
	lo, hi = clopperPearson(50, 100, 0.001)
	assert.InDelta(t, 0.5, (lo+hi)/2, 1e-9, "symmetric at h = d/2")
	assert.Greater(t, lo, 0.3)
	lo, hi = clopperPearson(7, 7, 0.001)
	assert.InDelta(t, math.Pow(0.0005, 1.0/7), lo, 1e-9)
	assert.Equal(t, 1.0, hi)
}
