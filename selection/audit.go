package selection

import (
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
	// NotAssessable: the attribute is recorded for no family in scope, or
	// the chosen set is empty. Missing data is never a finding.
	NotAssessable Verdict = "not-assessable"
	// OK: the chosen families are a cross-section on this attribute.
	OK Verdict = "ok"
	// Advisory: a moderate, significant imbalance (p < AdvisoryAlpha and
	// Cramér's V ≥ AdvisoryV or a share gap ≥ AdvisoryGap).
	Advisory Verdict = "advisory"
	// Targeting: a large, significant imbalance (p < TargetingAlpha and
	// V ≥ TargetingV or a gap ≥ TargetingGap) — a violation of core
	// practice 4 for invited families.
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
	// NoTest: fewer than two recorded values, or all or none chosen —
	// nothing can be out of proportion.
	NoTest Test = "none"
	// ChiSquare: Pearson's chi-square on the 2×k chosen/not-chosen table,
	// used when every expected count is at least 5.
	ChiSquare Test = "chi-square"
	// Exact: for two values with an expected count below 5, Fisher's
	// exact test, two-sided: the (hypergeometric) probability of every
	// table with the observed margins no more probable than the observed
	// one.
	Exact Test = "exact"
	// MonteCarlo: for three or more values with an expected count below
	// 5, the same probability estimated from fixed-seed draws of random
	// chosen sets with the observed margins.
	MonteCarlo Test = "monte-carlo"
	// ApproximateChiSquare: three or more values, an expected count below 5,
	// but an effect
	// (Cramér's V and the largest gap) below every threshold, so no
	// p-value could change the verdict (ok); the asymptotic chi-square p is
	// reported, as an approximation, instead of running the exact or Monte
	// Carlo test.
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
	// MinCellSize is the smallest count an audit shows; smaller cells are
	// marked Suppressed (their numbers still count for the verdict).
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
	Outside      int              `json:"outside,omitempty"`
	AdvisoryOnly bool             `json:"advisory_only,omitempty"`
	MinCellSize  int              `json:"min_cell_size"`
	Attributes   []AttributeAudit `json:"attributes"`
	// Verdict is the worst verdict over the attributes.
	Verdict Verdict `json:"verdict"`
}

// AttributeAudit is the audit of one attribute. Families without a value
// are shown as a "(not recorded)" row and left out of the test.
type AttributeAudit struct {
	Attribute string       `json:"attribute"`
	Levels    []LevelShare `json:"levels"`
	// Recorded and ChosenRecorded count the families with a value.
	Recorded       int     `json:"recorded"`
	ChosenRecorded int     `json:"chosen_recorded"`
	Test           Test    `json:"test"`
	ChiSquare      float64 `json:"chi_square"`
	DF             int     `json:"df"`
	P              float64 `json:"p"`
	// CramersV is Cramér's V of the 2×k chosen/not-chosen table.
	CramersV float64 `json:"cramers_v"`
	// Gap is the largest |chosen share − population share| of a value,
	// and GapLevel that value.
	Gap      float64 `json:"gap"`
	GapLevel string  `json:"gap_level,omitempty"`
	// Draws are the Monte Carlo draws P rests on (Test MonteCarlo only):
	// the test stops once the verdict is settled, so a p far from every
	// threshold comes from fewer draws than one near them.
	Draws   int     `json:"draws,omitempty"`
	Verdict Verdict `json:"verdict"`
}

// LevelShare is one value of an attribute: how many families have it in
// the population and among the chosen, and their shares of the families
// with a value. Suppressed is set when showing the counts could identify a
// small group (a population, chosen or not-chosen count below MinCellSize,
// or the one other cell that would let it be worked out); its JSON form
// then carries only the level.
type LevelShare struct {
	Level           string  `json:"level"`
	NotRecorded     bool    `json:"not_recorded,omitempty"`
	Population      int     `json:"population"`
	Chosen          int     `json:"chosen"`
	PopulationShare float64 `json:"population_share"`
	ChosenShare     float64 `json:"chosen_share"`
	Suppressed      bool    `json:"suppressed,omitempty"`
}

// MarshalJSON leaves out the numbers of a suppressed cell.
func (l LevelShare) MarshalJSON() ([]byte, error) {
	type plain LevelShare
	if l.Suppressed {
		return json.Marshal(struct {
			Level       string `json:"level"`
			NotRecorded bool   `json:"not_recorded,omitempty"`
			Suppressed  bool   `json:"suppressed"`
		}{l.Level, l.NotRecorded, true})
	}
	return json.Marshal(plain(l))
}

// Audit measures whether chosen — invited or visited families — are a
// cross-section of pop on each attribute (all of pop's attributes when
// attributes is empty), as P4.cross-section defines it: the shares of each
// value in the population and among the chosen, a chi-square test on the
// 2×k chosen/not-chosen table (exact or fixed-seed Monte Carlo when an
// expected count is below 5), Cramér's V, the largest share gap, and a
// verdict.
//
// chosen may list a family more than once (it counts once) and may hold
// families outside pop (counted in Outside, left out). An attribute no
// family records is [NotAssessable]. Practices derive pop for a school-year
// with [NewPopulation] and pass the families invited, or visited (with
// th.AdvisoryOnly).
func Audit(pop *Population, chosen []model.FamilyID, attributes []string, th Thresholds) (*AuditReport, error) {
	if pop == nil {
		return nil, requestErr("no population")
	}
	mask := make([]bool, len(pop.families))
	outside, n := 0, 0
	for _, f := range chosen {
		row, ok := pop.rowOf[f]
		switch {
		case !ok:
			outside++
		case !mask[row]:
			mask[row] = true
			n++
		}
	}
	r, err := pop.audit(mask, n, attributes, th)
	if err != nil {
		return nil, err
	}
	r.Outside = outside
	return r, nil
}

// Audit audits the plan's chosen families against its population; see
// [Audit].
func (pl *Plan) Audit(attributes []string, th Thresholds) (*AuditReport, error) {
	mask := make([]bool, len(pl.pop.families))
	for _, row := range pl.rows {
		mask[row] = true
	}
	return pl.pop.audit(mask, len(pl.rows), attributes, th)
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
		AdvisoryOnly: th.AdvisoryOnly,
		MinCellSize:  th.MinCellSize,
		Verdict:      NotAssessable,
	}
	for _, name := range attributes {
		aa := p.auditAttribute(name, chosen, th)
		if aa.Verdict.rank() > rep.Verdict.rank() {
			rep.Verdict = aa.Verdict
		}
		rep.Attributes = append(rep.Attributes, aa)
	}
	return rep, nil
}

func (p *Population) auditAttribute(name string, chosen []bool, th Thresholds) AttributeAudit {
	aa := AttributeAudit{Attribute: name, Test: NoTest, P: 1, Verdict: NotAssessable}
	a, ok := p.attrIndex(name)
	if !ok {
		return aa
	}
	levels, codes := p.levels[a], p.codes[a]
	popN := make([]int64, len(levels))
	got := make([]int64, len(levels))
	for row, c := range codes {
		popN[c]++
		if chosen[row] {
			got[c]++
		}
	}
	var N, n int64
	for l := 1; l < len(levels); l++ {
		N += popN[l]
		n += got[l]
	}
	aa.Recorded, aa.ChosenRecorded = int(N), int(n)
	for l := 1; l < len(levels); l++ {
		if popN[l] == 0 {
			continue
		}
		ls := LevelShare{Level: levels[l], Population: int(popN[l]), Chosen: int(got[l]),
			PopulationShare: float64(popN[l]) / float64(N)}
		if n > 0 {
			ls.ChosenShare = float64(got[l]) / float64(n)
		}
		aa.Levels = append(aa.Levels, ls)
	}
	if popN[0] > 0 {
		aa.Levels = append(aa.Levels, LevelShare{Level: notRecorded, NotRecorded: true,
			Population: int(popN[0]), Chosen: int(got[0])})
	}
	suppress(aa.Levels, int64(th.MinCellSize))
	if N == 0 || n == 0 {
		return aa
	}
	aa.Verdict = OK
	for _, ls := range aa.Levels {
		if !ls.NotRecorded {
			if g := math.Abs(ls.ChosenShare - ls.PopulationShare); g > aa.Gap+1e-12 {
				aa.Gap, aa.GapLevel = g, ls.Level
			}
		}
	}
	// The 2×k table over the values present.
	var c, x []int64
	minExpected := math.Inf(1)
	for l := 1; l < len(levels); l++ {
		if popN[l] > 0 {
			c = append(c, popN[l])
			x = append(x, got[l])
			e1 := float64(n) * float64(popN[l]) / float64(N)
			minExpected = min(minExpected, e1, float64(popN[l])-e1)
		}
	}
	if len(c) < 2 || n == N {
		return aa
	}
	stat := chiSquare(c, x, n, N)
	aa.ChiSquare, aa.DF = stat, len(c)-1
	aa.CramersV = math.Sqrt(stat / float64(N))
	small := aa.CramersV < th.AdvisoryV && aa.Gap < th.AdvisoryGap
	switch {
	case minExpected >= 5:
		aa.Test = ChiSquare
		aa.P = distuv.ChiSquared{K: float64(aa.DF)}.Survival(stat)
	case len(c) == 2:
		aa.Test = Exact
		aa.P = fisherExact(c, x[0], n, N)
	case small:
		// The effect is below every threshold, so the verdict is ok
		// whatever p is: skip the costly Monte Carlo test and report the
		// asymptotic p, labelled as approximate.
		aa.Test = ApproximateChiSquare
		aa.P = distuv.ChiSquared{K: float64(aa.DF)}.Survival(stat)
	default:
		aa.Test = MonteCarlo
		h := fnv.New64a()
		h.Write([]byte(name))
		r := rand.New(rand.NewPCG(th.MonteCarloSeed, h.Sum64()))
		aa.P, aa.Draws = monteCarloP(c, stat, n, N, th.MonteCarloDraws, th.mcStop(aa.CramersV, aa.Gap), r)
	}
	aa.Verdict = verdict(aa.P, aa.CramersV, aa.Gap, th)
	return aa
}

// mcStop returns when a Monte Carlo test of an attribute with effect sizes
// v and gap may stop: once its p is settled against the alphas whose
// effect thresholds v or gap reach — the only ones [verdict] can use.
func (th Thresholds) mcStop(v, gap float64) mcStop {
	const eps = 1e-12
	s := mcStop{hits: monteCarloStopHits}
	if v >= th.AdvisoryV-eps || gap >= th.AdvisoryGap-eps {
		s.alphas = append(s.alphas, th.AdvisoryAlpha)
	}
	if v >= th.TargetingV-eps || gap >= th.TargetingGap-eps {
		s.alphas = append(s.alphas, th.TargetingAlpha)
	}
	return s
}

// verdict applies the thresholds of P4.cross-section.
func verdict(p, v, gap float64, th Thresholds) Verdict {
	const eps = 1e-12 // so a gap of exactly 0.20 counts as 0.20
	switch {
	case p < th.TargetingAlpha && (v >= th.TargetingV-eps || gap >= th.TargetingGap-eps) && !th.AdvisoryOnly:
		return Targeting
	case p < th.AdvisoryAlpha && (v >= th.AdvisoryV-eps || gap >= th.AdvisoryGap-eps):
		return Advisory
	case p < th.TargetingAlpha && (v >= th.TargetingV-eps || gap >= th.TargetingGap-eps):
		return Advisory // visited families: advisories only
	}
	return OK
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

// suppress marks cells that would show a count below m, then, where
// exactly one row of an attribute is marked, the smallest other row too,
// so it cannot be worked out from the totals.
func suppress(levels []LevelShare, m int64) {
	small := func(v int64) bool { return v > 0 && v < m }
	marked := 0
	for i := range levels {
		l := &levels[i]
		pop, got := int64(l.Population), int64(l.Chosen)
		if pop < m || small(got) || small(pop-got) {
			l.Suppressed = true
			marked++
		}
	}
	if marked != 1 || len(levels) < 2 {
		return
	}
	best := -1
	for i, l := range levels {
		if !l.Suppressed && (best < 0 || l.Population < levels[best].Population) {
			best = i
		}
	}
	levels[best].Suppressed = true
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

// monteCarloStopHits is the number of exceedances after which the Monte
// Carlo test stops early: Besag & Clifford's (1991) sequential p-value
// h/L, valid as a test, whose precision only matters near the thresholds
// (0.01–0.05), where 100 exceedances take thousands of draws anyway.
const monteCarloStopHits = 100

// monteCarloRisk is the probability, at each look, that the exact
// interval that settles a decision early misses p: see [mcStop].
const monteCarloRisk = 0.001

// mcStop says when the Monte Carlo test may stop before its last draw.
type mcStop struct {
	// hits > 0 stops once that many draws reached the observed statistic
	// (Besag & Clifford), estimating p as hits/draws-so-far.
	hits int
	// alphas are the significance levels whose decision is all the verdict
	// needs. At draws 32, 64, 128 … the test stops once a 99.9%
	// Clopper–Pearson interval for p lies wholly above or below each of
	// them (a
	// sequential Monte Carlo test in the sense of Gandy, 2009: each look
	// decides wrongly with probability under 0.1%, and there are at most
	// a dozen looks). A fair
	// cross-section (p near 0.5) is then settled in 32 draws and a gross
	// imbalance (no exceedance at all) in 1,024, instead of the policy's
	// full 10,000.
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
// chosen count, and returns the estimate and the draws it rests on. It
// stops early as stop allows; the estimate is then hits/draws after a
// Besag–Clifford stop, else (1 + hits)/(1 + draws), never 0.
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
		if chiSquare(c, x, n, N) >= obs*(1-1e-9)-1e-12 {
			hits++
			if hits == stop.hits {
				return float64(hits) / float64(d), d
			}
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

// hyperCache draws from Hypergeometric(N, K, n) for varying n, caching the
// probability of the mode for each n (the only costly part of a draw): in
// a slice for the usual small samples, in a map for large ones.
type hyperCache struct {
	N, K  int64
	modes []float64 // by n; 0 = not yet computed (a mode's probability is positive)
	mode  map[int64]float64
}

// hyperSliceMax is the largest sample whose mode probabilities are cached
// in a slice.
const hyperSliceMax = 4096

func newHyperCache(N, K, maxN int64) hyperCache {
	if maxN <= hyperSliceMax {
		return hyperCache{N: N, K: K, modes: make([]float64, maxN+1)}
	}
	return hyperCache{N: N, K: K, mode: make(map[int64]float64)}
}

func (h *hyperCache) draw(r *rand.Rand, n int64) int64 {
	var pm float64
	if h.modes != nil {
		pm = h.modes[n]
		if pm == 0 {
			pm = hyperModeProb(h.N, h.K, n)
			h.modes[n] = pm
		}
	} else {
		var ok bool
		if pm, ok = h.mode[n]; !ok {
			pm = hyperModeProb(h.N, h.K, n)
			h.mode[n] = pm
		}
	}
	return hypergeometricFrom(r, h.N, h.K, n, pm)
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
