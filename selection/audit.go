package selection

import (
	"cmp"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/homevisits/pthv/model"
)

// Verdict is the outcome of an audit of one attribute (or of all).
type Verdict string

// Verdicts, from P4.cross-section in the rule catalogue.
const (
	// NotAssessable: the attribute has fewer than two categories once
	// small ones are pooled (it may be recorded for no family in scope),
	// or no family with a value was chosen. Missing data is never a
	// finding.
	NotAssessable Verdict = "not-assessable"
	// OK: the chosen families are a cross-section on this attribute.
	OK Verdict = "ok"
	// Advisory: a moderate, significant imbalance (Holm-adjusted p <
	// AdvisoryAlpha and Cramér's V ≥ AdvisoryV or a share gap ≥
	// AdvisoryGap).
	Advisory Verdict = "advisory"
	// Targeting: a large, significant imbalance (Holm-adjusted p <
	// TargetingAlpha and V ≥ TargetingV or a gap ≥ TargetingGap) — a
	// violation of core practice 4 for invited families.
	Targeting Verdict = "targeting"
)

func (v Verdict) rank() int {
	switch v {
	case OK:
		return 1
	case Advisory:
		return 2
	case Targeting:
		return 3
	}
	return 0
}

// Test names the significance test an attribute audit used.
type Test string

// Tests.
const (
	// NoTest: every family of the population chosen, fewer than two
	// categories, or all or none of the families with a value chosen —
	// nothing can be out of proportion.
	NoTest Test = "none"
	// ChiSquare: Pearson's chi-square on the 2×k chosen/not-chosen table,
	// used when every expected count is at least 5.
	ChiSquare Test = "chi-square"
	// Exact: for two categories with an expected count below 5, Fisher's
	// exact test, two-sided: the (hypergeometric) probability of every
	// table with the observed margins no more probable than the observed
	// one.
	Exact Test = "exact"
	// MonteCarlo: for three or more categories with an expected count
	// below 5, the probability of a chi-square at least as large,
	// estimated from fixed-seed draws of random chosen sets with the
	// observed margins.
	MonteCarlo Test = "monte-carlo"
	// ApproximateChiSquare names the asymptotic chi-square p reported as an
	// approximation in place of the Monte Carlo test. Audits no longer
	// report it: RULES.md names the Monte Carlo test for three or more
	// categories with an expected count below 5, whatever the effect, and
	// an audit where no effect reaches a threshold settles it in a few
	// draws. The name is kept for readers of reports that carry it.
	ApproximateChiSquare Test = "chi-square-approx"
)

// Thresholds are the cut-offs of P4.cross-section. Build them from a
// policy with [ThresholdsFrom]; the zero value means the defaults of
// [model.DefaultPolicy].
type Thresholds struct {
	TargetingAlpha, TargetingV, TargetingGap float64
	AdvisoryAlpha, AdvisoryV, AdvisoryGap    float64
	// MonteCarloDraws and MonteCarloSeed drive the Monte Carlo test.
	MonteCarloDraws int
	MonteCarloSeed  uint64
	// MinCellSize is the smallest group an audit tests on its own or
	// shows: categories held by fewer families are pooled, and an
	// attribute whose pooled table still has a smaller cell is withheld
	// (see [AttributeAudit].Withheld).
	MinCellSize int
	// AdvisoryOnly caps verdicts at Advisory. Set it when auditing visited
	// families: families may refuse a visit — that is voluntariness, not
	// targeting.
	AdvisoryOnly bool
}

// ThresholdsFrom returns the audit thresholds of pol.
func ThresholdsFrom(pol model.Policy) Thresholds {
	return Thresholds{
		TargetingAlpha:  pol.TargetingAlpha,
		TargetingV:      pol.TargetingV,
		TargetingGap:    pol.TargetingGap,
		AdvisoryAlpha:   pol.AdvisoryAlpha,
		AdvisoryV:       pol.AdvisoryV,
		AdvisoryGap:     pol.AdvisoryGap,
		MonteCarloDraws: pol.MonteCarloDraws,
		MonteCarloSeed:  pol.MonteCarloSeed,
		MinCellSize:     pol.MinCellSize,
	}
}

func (th Thresholds) validate() error {
	unit := func(v float64) bool { return v > 0 && v <= 1 }
	switch {
	case !unit(th.TargetingAlpha) || !unit(th.AdvisoryAlpha):
		return fmt.Errorf("selection: %w: alphas must be above 0 and up to 1", ErrInvalidThresholds)
	case !unit(th.TargetingV) || !unit(th.AdvisoryV):
		return fmt.Errorf("selection: %w: Cramér's V thresholds must be above 0 and up to 1", ErrInvalidThresholds)
	case !unit(th.TargetingGap) || !unit(th.AdvisoryGap):
		return fmt.Errorf("selection: %w: gap thresholds must be above 0 and up to 1", ErrInvalidThresholds)
	case th.MonteCarloDraws < 1 || th.MonteCarloDraws > 10_000_000:
		return fmt.Errorf("selection: %w: Monte Carlo draws must be 1 to 10,000,000", ErrInvalidThresholds)
	case th.MinCellSize < 1:
		return fmt.Errorf("selection: %w: minimum cell size must be at least 1", ErrInvalidThresholds)
	}
	return nil
}

// AuditReport measures how far a chosen set of families is from a
// cross-section of its population, attribute by attribute.
type AuditReport struct {
	Population int `json:"population"`
	Chosen     int `json:"chosen"`
	// Outside counts chosen families that are not in the population; they
	// are left out of the audit.
	Outside int `json:"outside,omitempty"`
	// AllChosen is set when every family of the population is chosen:
	// every attribute then passes without a test.
	AllChosen    bool `json:"all_chosen,omitempty"`
	AdvisoryOnly bool `json:"advisory_only,omitempty"`
	MinCellSize  int  `json:"min_cell_size"`
	// Tested is the number of attributes tested: the size of the family
	// of tests whose p-values are adjusted together (Holm–Bonferroni).
	Tested     int              `json:"tested"`
	Attributes []AttributeAudit `json:"attributes"`
	// Verdict is the worst verdict over the attributes.
	Verdict Verdict `json:"verdict"`
}

// AttributeAudit is the audit of one attribute. Its categories are the
// recorded values, with those held by fewer than MinCellSize families of
// the population pooled into one category labelled "other" (see
// [PooledLevel]); families without a value are shown as a "(not
// recorded)" row and left out of the test. The test, Cramér's V, the gap
// and the expected counts all use the pooled table.
//
// When a cell of the pooled table — the families, chosen or not chosen
// of a category — is below MinCellSize, Withheld is set and the audit
// carries no figure from which that cell could be rebuilt: the figures
// (ChiSquare, DF, P, PAdjusted, CramersV, Gap, GapLevel, Draws, Recorded,
// ChosenRecorded) are zero, and so left out of its JSON form, and it lists
// no level: which category is small is itself a figure. The verdict was
// reached on the figures before they were withheld.
type AttributeAudit struct {
	Attribute string       `json:"attribute"`
	Levels    []LevelShare `json:"levels"`
	// Recorded and ChosenRecorded count the families with a value.
	Recorded       int  `json:"recorded,omitempty"`
	ChosenRecorded int  `json:"chosen_recorded,omitempty"`
	Test           Test `json:"test"`
	// ChiSquare and DF are Pearson's statistic of the pooled 2×k
	// chosen/not-chosen table and its degrees of freedom.
	ChiSquare float64 `json:"chi_square,omitempty"`
	DF        int     `json:"df,omitempty"`
	// P is the test's p-value for this attribute alone; PAdjusted is P
	// adjusted, by Holm–Bonferroni, for the number of attributes tested
	// in the same audit ([AuditReport].Tested). The verdict compares
	// PAdjusted with the alphas.
	P         float64 `json:"p,omitempty"`
	PAdjusted float64 `json:"p_adjusted,omitempty"`
	// CramersV is Cramér's V of the pooled 2×k chosen/not-chosen table.
	CramersV float64 `json:"cramers_v,omitempty"`
	// Gap is the largest |chosen share − population share| of a category,
	// and GapLevel that category.
	Gap      float64 `json:"gap,omitempty"`
	GapLevel string  `json:"gap_level,omitempty"`
	// Draws are the Monte Carlo draws P rests on (Test MonteCarlo only):
	// the test stops once its p is settled against every threshold the
	// audit's verdicts can use, so a p far from them comes from fewer
	// draws than one near them.
	Draws int `json:"draws,omitempty"`
	// Withheld is set when a cell of the pooled table is below
	// MinCellSize; the figures above are then zero, as they could give
	// the cell away. Callers print the attribute, its test and its
	// verdict, and say the figures are withheld.
	Withheld bool    `json:"withheld,omitempty"`
	Verdict  Verdict `json:"verdict"`
}

// PooledLevel labels the category that pools an attribute's categories
// held by fewer than MinCellSize families of the population, so that no
// small category is named. When that pool is still smaller than
// MinCellSize it also takes the smallest other category, and a recorded
// category itself named "other" joins it, so that the label is never
// ambiguous; [LevelShare].Pooled marks it.
const PooledLevel = "other"

// LevelShare is one category of an attribute: how many families have it
// in the population and among the chosen, and their shares of the
// families with a value. Suppressed is set when the counts are not shown:
// every level of a withheld attribute, and a "(not recorded)" row with a
// population, chosen or not-chosen count below MinCellSize. Its counts
// and shares are then zero and its JSON form carries only the level.
// "(not recorded)" is no category of the attribute and is in no test: its
// counts still follow from the report's Population and Chosen less
// Recorded and ChosenRecorded, so its suppression only keeps small numbers
// out of printed tables.
type LevelShare struct {
	Level       string `json:"level"`
	NotRecorded bool   `json:"not_recorded,omitempty"`
	// Pooled marks the [PooledLevel] category.
	Pooled          bool    `json:"pooled,omitempty"`
	Population      int     `json:"population"`
	Chosen          int     `json:"chosen"`
	PopulationShare float64 `json:"population_share"`
	ChosenShare     float64 `json:"chosen_share"`
	Suppressed      bool    `json:"suppressed,omitempty"`
}

// MarshalJSON leaves out the numbers of a suppressed level.
func (l LevelShare) MarshalJSON() ([]byte, error) {
	type plain LevelShare
	if l.Suppressed {
		return json.Marshal(struct {
			Level       string `json:"level"`
			NotRecorded bool   `json:"not_recorded,omitempty"`
			Pooled      bool   `json:"pooled,omitempty"`
			Suppressed  bool   `json:"suppressed"`
		}{l.Level, l.NotRecorded, l.Pooled, true})
	}
	return json.Marshal(plain(l))
}

// Audit measures whether chosen — invited or visited families — are a
// cross-section of pop on each attribute (all of pop's attributes when
// attributes is empty), as P4.cross-section sets it up:
//
//   - When every family of pop is chosen, every attribute passes without
//     a test ([AuditReport].AllChosen).
//   - An attribute's categories held by fewer than th.MinCellSize
//     families of pop are pooled into [PooledLevel]; an attribute left
//     with fewer than two categories is [NotAssessable].
//   - Each attribute's pooled 2×k chosen/not-chosen table gets Pearson's
//     chi-square test when every expected count is at least 5, otherwise
//     Fisher's exact test (two categories) or a Monte Carlo test seeded by
//     th.MonteCarloSeed and the attribute's name; then Cramér's V and the
//     largest share gap.
//   - The attributes tested form one family of tests: their p-values are
//     adjusted by Holm–Bonferroni, and the verdicts compare the adjusted
//     p-values with the alphas (the effect thresholds are unchanged).
//   - An attribute whose pooled table has a cell below th.MinCellSize is
//     withheld: its figures are zeroed and left out of the JSON form
//     ([AttributeAudit].Withheld).
//
// chosen may list a family more than once (it counts once) and may hold
// families outside pop (counted in Outside, left out). Practices derive
// pop for a school-year with [NewPopulation] and pass the families
// invited, or visited (with th.AdvisoryOnly) — two separate audits, so
// two separate families of tests.
func Audit(pop *Population, chosen []model.FamilyID, attributes []string, th Thresholds) (AuditReport, error) {
	if pop == nil {
		return AuditReport{}, requestErr("no population")
	}
	mask := make([]bool, len(pop.families))
	outside, n, near := 0, 0, 0
	for _, f := range chosen {
		row, ok := pop.rowNear(f, near)
		if !ok {
			outside++
			continue
		}
		near = int(row) + 1
		if !mask[row] {
			mask[row] = true
			n++
		}
	}
	r, err := pop.audit(mask, n, attributes, th)
	if err != nil {
		return AuditReport{}, err
	}
	r.Outside = outside
	return *r, nil
}

// Audit audits the plan's chosen families against its population; see
// [Audit]. A plan that [Population.Plan] did not make (nil or zero) has no
// population: an error wrapping [ErrInvalidRequest].
func (pl *Plan) Audit(attributes []string, th Thresholds) (AuditReport, error) {
	if pl == nil || pl.pop == nil {
		return AuditReport{}, requestErr("the plan has no population")
	}
	mask := make([]bool, len(pl.pop.families))
	for _, row := range pl.rows {
		mask[row] = true
	}
	r, err := pl.pop.audit(mask, len(pl.rows), attributes, th)
	if err != nil {
		return AuditReport{}, err
	}
	return *r, nil
}

func (p *Population) audit(chosen []bool, n int, attributes []string, th Thresholds) (*AuditReport, error) {
	if th == (Thresholds{}) {
		th = ThresholdsFrom(model.DefaultPolicy())
	}
	if err := th.validate(); err != nil {
		return nil, err
	}
	if len(attributes) == 0 {
		attributes = p.attrs
	}
	rep := &AuditReport{
		Population:   len(p.families),
		Chosen:       n,
		AllChosen:    n > 0 && n == len(p.families),
		AdvisoryOnly: th.AdvisoryOnly,
		MinCellSize:  th.MinCellSize,
		Verdict:      NotAssessable,
	}
	tables, tested := p.judged(chosen, rep.AllChosen, attributes, th)
	rep.Tested = tested
	if len(tables) > 0 {
		rep.Attributes = make([]AttributeAudit, 0, len(tables))
	}
	for i := range tables {
		t := &tables[i]
		if t.small {
			t.aa.withhold()
		}
		if t.aa.Verdict.rank() > rep.Verdict.rank() {
			rep.Verdict = t.aa.Verdict
		}
		rep.Attributes = append(rep.Attributes, t.aa)
	}
	return rep, nil
}

// judged returns the tested and judged table of each attribute, figures
// not yet withheld, and the number of attributes tested.
func (p *Population) judged(chosen []bool, allChosen bool, attributes []string, th Thresholds) ([]table, int) {
	tables := make([]table, len(attributes))
	for i, name := range attributes {
		tables[i] = p.tabulate(name, chosen, allChosen, th)
	}
	return tables, th.judge(tables)
}

// table is one attribute's pooled 2×k chosen/not-chosen table, with its
// audit so far.
type table struct {
	aa          AttributeAudit
	c, x        []int64 // per pooled category: families, and those chosen
	n, N        int64   // families with a value: chosen, all
	minExpected float64
	// tested: a test is due (two or more categories, some but not all of
	// the families with a value chosen, not every family chosen).
	tested bool
	// small: a cell of the pooled table is below MinCellSize.
	small bool
}

// category is one category of an attribute's table, possibly pooled.
type category struct {
	level       string
	pooled      bool
	pop, chosen int64
}

// tabulate builds an attribute's pooled table, its levels, effect sizes
// and statistic: everything but the p-value and the verdict, which depend
// on the other attributes tested (Holm–Bonferroni).
func (p *Population) tabulate(name string, chosen []bool, allChosen bool, th Thresholds) table {
	t := table{aa: AttributeAudit{Attribute: name, Test: NoTest, P: 1, PAdjusted: 1, Verdict: NotAssessable}}
	if allChosen {
		t.aa.Verdict = OK // P4.cross-section: a scope whose every family was invited passes without a test
	}
	a, ok := p.attrIndex(name)
	if !ok {
		return t
	}
	levels, codes := p.levels[a], p.codes[a]
	counts := make([]int64, 2*len(levels))
	popN, got := counts[:len(levels)], counts[len(levels):]
	for row, c := range codes {
		popN[c]++
		if chosen[row] {
			got[c]++
		}
	}
	cats := make([]category, 0, len(levels)-1)
	for l := 1; l < len(levels); l++ {
		if popN[l] > 0 {
			cats = append(cats, category{level: levels[l], pop: popN[l], chosen: got[l]})
		}
	}
	m := int64(th.MinCellSize)
	cats = pool(cats, m)
	for _, c := range cats {
		t.N += c.pop
		t.n += c.chosen
	}
	t.aa.Recorded, t.aa.ChosenRecorded = int(t.N), int(t.n)
	// Each list made once at its size (an attribute with no level keeps
	// a nil list).
	if n := len(cats) + boolInt(popN[0] > 0); n > 0 {
		t.aa.Levels = make([]LevelShare, 0, n)
	}
	if len(cats) > 0 {
		cx := make([]int64, 0, 2*len(cats))
		t.c, t.x = cx[:0:len(cats)], cx[len(cats):len(cats)]
	}
	for _, c := range cats {
		ls := LevelShare{Level: c.level, Pooled: c.pooled, Population: int(c.pop), Chosen: int(c.chosen),
			PopulationShare: float64(c.pop) / float64(t.N)}
		if t.n > 0 {
			ls.ChosenShare = float64(c.chosen) / float64(t.n)
		}
		t.aa.Levels = append(t.aa.Levels, ls)
		t.c = append(t.c, c.pop)
		t.x = append(t.x, c.chosen)
		if c.pop < m || c.chosen < m || c.pop-c.chosen < m {
			t.small = true
		}
	}
	if popN[0] > 0 {
		ls := LevelShare{Level: notRecorded, NotRecorded: true, Population: int(popN[0]), Chosen: int(got[0])}
		if popN[0] < m || got[0] < m || popN[0]-got[0] < m {
			ls = LevelShare{Level: notRecorded, NotRecorded: true, Suppressed: true}
		}
		t.aa.Levels = append(t.aa.Levels, ls)
	}
	if allChosen || len(cats) < 2 || t.n == 0 {
		return t
	}
	t.aa.Verdict = OK
	for _, ls := range t.aa.Levels {
		if !ls.NotRecorded {
			if g := math.Abs(ls.ChosenShare - ls.PopulationShare); g > t.aa.Gap+1e-12 {
				t.aa.Gap, t.aa.GapLevel = g, ls.Level
			}
		}
	}
	if t.n == t.N {
		return t // every family with a value chosen: nothing is out of proportion
	}
	t.tested = true
	t.minExpected = math.Inf(1)
	for j := range t.c {
		e1 := float64(t.n) * float64(t.c[j]) / float64(t.N)
		t.minExpected = min(t.minExpected, e1, float64(t.c[j])-e1)
	}
	t.aa.ChiSquare, t.aa.DF = chiSquare(t.c, t.x, t.n, t.N), len(t.c)-1
	t.aa.CramersV = math.Sqrt(t.aa.ChiSquare / float64(t.N))
	return t
}

// pool pools the categories (in output order, recorded values only) held
// by fewer than m families into one [PooledLevel] category, listed last.
// A recorded category named like it joins the pool, whatever its size, so
// that the label names one category; a pool still under m takes the
// smallest other category (the first in output order among equals). A
// category list without a small category is returned as it is.
func pool(cats []category, m int64) []category {
	if !slices.ContainsFunc(cats, func(c category) bool { return c.pop < m }) {
		return cats
	}
	other := category{level: PooledLevel, pooled: true}
	out := make([]category, 0, len(cats))
	for _, c := range cats {
		if c.pop < m || c.level == PooledLevel {
			other.pop += c.pop
			other.chosen += c.chosen
			continue
		}
		out = append(out, c)
	}
	if other.pop < m && len(out) > 0 {
		s := 0
		for i, c := range out {
			if c.pop < out[s].pop {
				s = i
			}
		}
		other.pop += out[s].pop
		other.chosen += out[s].chosen
		out = slices.Delete(out, s, s+1)
	}
	return append(out, other)
}

// judge runs the tests due in tables, adjusts their p-values together by
// Holm–Bonferroni and gives each its verdict. It returns the number of
// attributes tested.
//
// A Monte Carlo test stops early only once its p is settled against
// alpha/k for k = 1…m and each alpha some tested attribute's effect can
// reach: Holm compares the i-th smallest p with alpha/(m−i+1), so those
// comparisons decide every adjusted p's side of every alpha — including
// the sides of attributes whose own effect is small, since their p-values
// shift the others' ranks. When no effect reaches any threshold, it is
// settled against the advisory alphas.
func (th Thresholds) judge(tables []table) int {
	var tested []int
	var advisory, targeting bool
	for i := range tables {
		if t := &tables[i]; t.tested {
			tested = append(tested, i)
			a, g := th.reaches(t.aa.CramersV, t.aa.Gap)
			advisory, targeting = advisory || a, targeting || g
		}
	}
	m := len(tested)
	if !advisory && !targeting {
		// No effect reaches a threshold, so no verdict depends on any p;
		// a Monte Carlo test still runs (RULES.md names it), and stops
		// once settled against the advisory alphas — a fair sample's p,
		// far above them, in the first 32 draws.
		advisory = true
	}
	var stop mcStop
	for k := 1; k <= m; k++ {
		if advisory {
			stop.alphas = append(stop.alphas, th.AdvisoryAlpha/float64(k))
		}
		if targeting {
			stop.alphas = append(stop.alphas, th.TargetingAlpha/float64(k))
		}
	}
	ps := make([]float64, m)
	for j, i := range tested {
		th.test(&tables[i], stop)
		ps[j] = tables[i].aa.P
	}
	for j, adj := range holm(ps) {
		aa := &tables[tested[j]].aa
		aa.PAdjusted = adj
		aa.Verdict = verdict(adj, aa.CramersV, aa.Gap, th)
	}
	return m
}

// test sets the p-value of a table whose test is due. stop lists the
// thresholds a Monte Carlo p must be settled against.
func (th Thresholds) test(t *table, stop mcStop) {
	aa := &t.aa
	switch {
	case t.minExpected >= 5:
		aa.Test = ChiSquare
		aa.P = distuv.ChiSquared{K: float64(aa.DF)}.Survival(aa.ChiSquare)
	case len(t.c) == 2:
		aa.Test = Exact
		aa.P = fisherExact(t.c, t.x[0], t.n, t.N)
	default:
		aa.Test = MonteCarlo
		h := fnv.New64a()
		h.Write([]byte(aa.Attribute))
		r := rand.New(rand.NewPCG(th.MonteCarloSeed, h.Sum64()))
		aa.P, aa.Draws = monteCarloP(t.c, aa.ChiSquare, t.n, t.N, th.MonteCarloDraws, stop, r)
	}
}

// reaches reports whether effect sizes v and gap reach the advisory and
// the targeting effect thresholds: the alphas [verdict] can use for them.
func (th Thresholds) reaches(v, gap float64) (advisory, targeting bool) {
	const eps = 1e-12
	return v >= th.AdvisoryV-eps || gap >= th.AdvisoryGap-eps,
		v >= th.TargetingV-eps || gap >= th.TargetingGap-eps
}

// holm returns the monotone Holm–Bonferroni adjusted p-values of ps, in
// the order of ps: with p₍₁₎ ≤ … ≤ p₍ₘ₎, the i-th smallest becomes
// max over j ≤ i of min(1, (m−j+1)·p₍ⱼ₎). An adjusted p is below alpha
// exactly when Holm's step-down procedure at level alpha rejects it.
func holm(ps []float64) []float64 {
	m := len(ps)
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(ps[a], ps[b]) })
	adj := make([]float64, m)
	run := 0.0
	for j, i := range order {
		run = max(run, min(1, float64(m-j)*ps[i]))
		adj[i] = run
	}
	return adj
}

// verdict applies the thresholds of P4.cross-section to an attribute's
// (Holm-adjusted) p-value and effect sizes.
func verdict(p, v, gap float64, th Thresholds) Verdict {
	advisory, targeting := th.reaches(v, gap)
	switch {
	case p < th.TargetingAlpha && targeting && !th.AdvisoryOnly:
		return Targeting
	case p < th.AdvisoryAlpha && advisory:
		return Advisory
	case p < th.TargetingAlpha && targeting:
		return Advisory // visited families: advisories only
	}
	return OK
}

// withhold zeroes the figures of an attribute whose pooled table has a
// cell below MinCellSize and drops its levels, keeping its name, test and
// verdict: no output may name a category with fewer than MinCellSize
// families chosen, not chosen or in the population (RULES.md,
// P4.cross-section, "Privacy"), and which one is small is itself a figure.
func (aa *AttributeAudit) withhold() {
	*aa = AttributeAudit{Attribute: aa.Attribute, Levels: []LevelShare{}, Test: aa.Test, Withheld: true, Verdict: aa.Verdict}
}

// chiSquare is Pearson's statistic of the 2×k table whose columns have c
// families, x of them chosen (n chosen of N):
// N²/(n(N−n)) · Σ (x_j − n·c_j/N)² / c_j.
func chiSquare(c, x []int64, n, N int64) float64 {
	fn, fN := float64(n), float64(N)
	var s float64
	for j := range c {
		d := float64(x[j]) - fn*float64(c[j])/fN
		s += d * d / float64(c[j])
	}
	return fN * fN / (fn * (fN - fn)) * s
}

// chiSquareTable is chiSquare for the tables of fixed margins (columns c,
// n chosen of N) a Monte Carlo test draws: what depends on the margins
// alone — each column's expected chosen count, its size as a float and
// the leading factor — is worked out once, by chiSquare's own
// expressions, so that of gives chiSquare's value bit for bit
// (TestPropChiSquareTableIsChiSquare).
type chiSquareTable struct {
	expected, size []float64
	factor         float64
}

// newChiSquareTable works out the terms of the tables with columns c and
// n chosen of N.
func newChiSquareTable(c []int64, n, N int64) chiSquareTable {
	fn, fN := float64(n), float64(N)
	t := chiSquareTable{expected: make([]float64, len(c)), size: make([]float64, len(c)), factor: fN * fN / (fn * (fN - fn))}
	for j := range c {
		t.expected[j] = fn * float64(c[j]) / fN
		t.size[j] = float64(c[j])
	}
	return t
}

// of returns chiSquare of the table whose columns have x chosen.
func (t chiSquareTable) of(x []int64) float64 {
	var s float64
	for j, e := range t.expected {
		d := float64(x[j]) - e
		s += d * d / t.size[j]
	}
	return t.factor * s
}

// logChoose returns log C(n, k).
func logChoose(n, k int64) float64 {
	a, _ := math.Lgamma(float64(n) + 1)
	b, _ := math.Lgamma(float64(k) + 1)
	c, _ := math.Lgamma(float64(n-k) + 1)
	return a - b - c
}

// fisherExact returns the two-sided p-value of Fisher's exact test for a
// 2×2 table with fixed margins: the first column has c[0] families, x0 of
// them chosen (n chosen of N). Two-sided as R's fisher.test and SciPy's
// fisher_exact define it: the probability, under the hypergeometric law of
// the first column's chosen count, of every table no more probable than
// the observed one (with a relative tolerance of 1e-7 for ties).
func fisherExact(c []int64, x0, n, N int64) float64 {
	lo, hi := max(0, n-c[1]), min(n, c[0])
	den := logChoose(N, n)
	logP := func(k int64) float64 { return logChoose(c[0], k) + logChoose(c[1], n-k) - den }
	obs := logP(x0)
	var p float64
	for k := lo; k <= hi; k++ {
		if lp := logP(k); lp <= obs+1e-7 {
			p += math.Exp(lp)
		}
	}
	return min(p, 1)
}

// monteCarloRisk is the probability, at each look, that the exact
// interval that settles a decision early misses p: see [mcStop].
const monteCarloRisk = 0.001

// mcStop says when the Monte Carlo test may stop before its last draw.
type mcStop struct {
	// alphas are the thresholds whose side of p is all the verdicts need
	// (each alpha an effect reaches, divided by 1…m for Holm–Bonferroni).
	// At draws 32, 64, 128 … the test stops once a 99.9% Clopper–Pearson
	// interval for p lies wholly above or below each of them (a sequential
	// Monte Carlo test in the sense of Gandy, 2009: each look decides
	// wrongly with probability under 0.1%, and there are at most a dozen
	// looks). A fair cross-section (p near 0.5) is then settled in 32
	// draws and a gross imbalance (no exceedance at all) in 1,024 for an
	// alpha of 0.01 alone, instead of the policy's full 10,000. With no
	// alphas the test runs every draw.
	alphas []float64
}

// settled reports whether h exceedances in d draws decide p against every
// alpha of s.
func (s mcStop) settled(h, d int) bool {
	if len(s.alphas) == 0 {
		return false
	}
	lo, hi := clopperPearson(h, d, monteCarloRisk)
	for _, a := range s.alphas {
		if lo <= a && a <= hi {
			return false
		}
	}
	return true
}

// clopperPearson returns the exact (Clopper–Pearson) interval for a
// proportion of h in d that misses it with probability at most risk.
func clopperPearson(h, d int, risk float64) (lo, hi float64) {
	lo, hi = 0, 1
	if h > 0 {
		lo = distuv.Beta{Alpha: float64(h), Beta: float64(d - h + 1)}.Quantile(risk / 2)
	}
	if h < d {
		hi = distuv.Beta{Alpha: float64(h + 1), Beta: float64(d - h)}.Quantile(1 - risk/2)
	}
	return lo, hi
}

// monteCarloP estimates P(X² ≥ observed) over up to draws random chosen
// sets of size n, by sequential hypergeometric draws of each column's
// chosen count, and returns the estimate (1 + hits)/(1 + draws), never 0,
// and the draws it rests on. It stops early as stop allows.
func monteCarloP(c []int64, obs float64, n, N int64, draws int, stop mcStop, r *rand.Rand) (float64, int) {
	// Columns largest first keep the hypergeometric draws short, and the
	// chosen count is usually used up before the small columns.
	order := make([]int, len(c))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return int(c[b] - c[a]) })
	// Step i of a draw always has the same population left and marked
	// count; only the number still to draw varies, so each step's
	// distribution is cached by that number.
	steps := make([]hyperCache, len(order))
	left := N
	for i, j := range order {
		steps[i] = newHyperCache(left, c[j], n)
		left -= c[j]
	}
	x := make([]int64, len(c))
	chi := newChiSquareTable(c, n, N)
	hits, look := 0, 32
	for d := 1; d <= draws; d++ {
		need := n
		for i, j := range order {
			switch {
			case i == len(order)-1:
				x[j] = need
			case need == 0:
				x[j] = 0
				continue
			default:
				x[j] = steps[i].draw(r, need)
			}
			need -= x[j]
		}
		if chi.of(x) >= obs*(1-1e-9)-1e-12 {
			hits++
		}
		if d == look {
			if stop.settled(hits, d) {
				return float64(1+hits) / float64(1+d), d
			}
			look *= 2
		}
	}
	return float64(1+hits) / float64(1+draws), draws
}

// hyperCache draws from Hypergeometric(N, K, n) for varying n, caching
// for each n the whole walk of hypergeometricFrom — the mode, its
// probability and every later probability in the order the walk meets
// them — so that a draw is only subtractions: the walk's products and
// quotients, the costly part of a draw, are the same for every draw of
// an n. The cached terms are those hypergeometricFrom computes, by the
// same expressions in the same order, so a draw gives what it gives, bit
// for bit (TestPropHyperCacheIsHypergeometric). Walks are kept in a
// slice for the usual small samples, in a map for large ones.
type hyperCache struct {
	N, K  int64
	walks []hyperWalk // by n; a walk not yet worked out has no outcomes
	walk  map[int64]*hyperWalk
}

// hyperWalk is hypergeometricFrom's walk for one n: the mode and its
// probability pm, then the outcomes of the walk outward from the mode
// and their probabilities, in the order it meets them.
type hyperWalk struct {
	mode     int64
	pm       float64
	probs    []float64
	outcomes []int64
	ready    bool
}

// hyperSliceMax is the largest sample whose walks are cached in a slice.
const hyperSliceMax = 4096

func newHyperCache(N, K, maxN int64) hyperCache {
	if maxN <= hyperSliceMax {
		return hyperCache{N: N, K: K, walks: make([]hyperWalk, maxN+1)}
	}
	return hyperCache{N: N, K: K, walk: make(map[int64]*hyperWalk)}
}

func (h *hyperCache) draw(r *rand.Rand, n int64) int64 {
	var w *hyperWalk
	if h.walks != nil {
		w = &h.walks[n]
	} else if w = h.walk[n]; w == nil {
		w = new(hyperWalk)
		h.walk[n] = w
	}
	if !w.ready {
		*w = newHyperWalk(h.N, h.K, n)
	}
	if len(w.probs) == 0 {
		return w.mode // lo == hi: hypergeometricFrom draws nothing
	}
	u := r.Float64() - w.pm
	if u <= 0 {
		return w.mode
	}
	for i, p := range w.probs {
		if u -= p; u <= 0 {
			return w.outcomes[i]
		}
	}
	return w.mode
}

// newHyperWalk works out hypergeometricFrom's walk for Hypergeometric(N,
// K, n), by its very expressions.
func newHyperWalk(N, K, n int64) hyperWalk {
	mode, lo, hi := hyperMode(N, K, n)
	w := hyperWalk{mode: mode, ready: true}
	if lo == hi {
		return w
	}
	w.pm = hyperModeProb(N, K, n)
	w.probs = make([]float64, 0, hi-lo)
	w.outcomes = make([]int64, 0, hi-lo)
	down, up := mode, mode
	pd, pu := w.pm, w.pm
	for down > lo || up < hi {
		if down > lo {
			x := float64(down)
			pd *= x * float64(N-K-n+down) / ((float64(K) - x + 1) * (float64(n) - x + 1))
			down--
			w.probs, w.outcomes = append(w.probs, pd), append(w.outcomes, down)
		}
		if up < hi {
			x := float64(up)
			pu *= (float64(K) - x) * (float64(n) - x) / ((x + 1) * float64(N-K-n+up+1))
			up++
			w.probs, w.outcomes = append(w.probs, pu), append(w.outcomes, up)
		}
	}
	return w
}

// hypergeometric draws the number of marked items among n drawn without
// replacement from N items of which K are marked, by inversion from the
// mode outwards.
func hypergeometric(r *rand.Rand, N, K, n int64) int64 {
	return hypergeometricFrom(r, N, K, n, hyperModeProb(N, K, n))
}

// hyperMode returns the mode of Hypergeometric(N, K, n) and its support.
func hyperMode(N, K, n int64) (mode, lo, hi int64) {
	lo, hi = max(0, n-(N-K)), min(n, K)
	return min(max((n+1)*(K+1)/(N+2), lo), hi), lo, hi
}

// hyperModeProb returns the probability of the mode of Hypergeometric(N, K, n).
func hyperModeProb(N, K, n int64) float64 {
	mode, _, _ := hyperMode(N, K, n)
	return math.Exp(logChoose(K, mode) + logChoose(N-K, n-mode) - logChoose(N, n))
}

// hypergeometricFrom is hypergeometric given the probability pm of the mode.
func hypergeometricFrom(r *rand.Rand, N, K, n int64, pm float64) int64 {
	mode, lo, hi := hyperMode(N, K, n)
	if lo == hi {
		return lo
	}
	u := r.Float64() - pm
	if u <= 0 {
		return mode
	}
	down, up := mode, mode
	pd, pu := pm, pm
	for down > lo || up < hi {
		if down > lo {
			// p(x−1) = p(x) · x(N−K−n+x) / ((K−x+1)(n−x+1))
			x := float64(down)
			pd *= x * float64(N-K-n+down) / ((float64(K) - x + 1) * (float64(n) - x + 1))
			down--
			if u -= pd; u <= 0 {
				return down
			}
		}
		if up < hi {
			// p(x+1) = p(x) · (K−x)(n−x) / ((x+1)(N−K−n+x+1))
			x := float64(up)
			pu *= (float64(K) - x) * (float64(n) - x) / ((x + 1) * float64(N-K-n+up+1))
			up++
			if u -= pu; u <= 0 {
				return up
			}
		}
	}
	return mode
}
