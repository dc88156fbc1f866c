package simulate

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/homevisits/pthv/internal/draw"
)

// PowerDesign is a school-level comparison like Sheldon & Jung's (2018):
// some schools visit systematically, the others do not, and an outcome
// rate is compared between the two groups of schools. Students of one
// school resemble each other (the intra-class correlation), so a study of
// J schools of m students each has less information than J·m independent
// students: the design effect 1 + (m − 1)·ICC.
type PowerDesign struct {
	// Schools is the number of schools in the study, both groups, 4–100,000.
	Schools int `json:"schools"`
	// StudentsPerSchool is the number of students measured in each
	// school, 1–100,000.
	StudentsPerSchool int `json:"students_per_school"`
	// ICC is the intra-class correlation of the outcome within a school,
	// from 0 to below 1.
	ICC float64 `json:"icc"`
	// BaselineRate is the outcome's rate in the comparison schools,
	// strictly between 0 and 1.
	BaselineRate float64 `json:"baseline_rate"`
	// SystematicShare is the share of schools that are systematic (the
	// compared group); each group has at least two schools.
	SystematicShare float64 `json:"systematic_share"`
	// Scale is the scale of Effect: "risk_ratio" or "odds_ratio".
	Scale EffectScale `json:"scale"`
	// Effect is the effect to detect, a ratio on Scale other than 1 (0.78:
	// Sheldon & Jung's chronic absenteeism as a risk ratio).
	Effect float64 `json:"effect"`
	// Alpha is the two-sided significance level, 0.001–0.5. lib: 0.05.
	Alpha float64 `json:"alpha"`
	// TargetPower is the power the minimum detectable effect reaches,
	// 0.5–0.99. lib: 0.80.
	TargetPower float64 `json:"target_power"`
	// Replications is the number of simulated studies per effect,
	// 100–1,000,000. lib: 2,000.
	Replications int `json:"replications"`
	// Seed is the base seed; simulated study k uses its own stream, the
	// same for every effect (common random numbers).
	Seed uint64 `json:"seed"`
}

// DefaultPowerDesign returns a study of 50 schools of 400 students, 30%
// of them systematic, an ICC of 0.05 and a baseline chronic-absence rate
// of 0.15, to detect Sheldon & Jung's risk ratio 0.78 at a two-sided 5%
// level with 80% target power, over 2,000 simulated studies. The ICC is
// illustrative: school-level ICCs of attendance and achievement outcomes
// are commonly 0.02–0.20; use the district's own.
func DefaultPowerDesign() PowerDesign {
	return PowerDesign{
		Schools:           50,
		StudentsPerSchool: 400,
		ICC:               0.05,
		BaselineRate:      0.15,
		SystematicShare:   0.30,
		Scale:             RiskRatio,
		Effect:            0.78,
		Alpha:             0.05,
		TargetPower:       0.80,
		Replications:      2000,
		Seed:              1,
	}
}

// PowerAnalysis names the analysis [Power] simulates.
const PowerAnalysis = "cluster-level Welch t-test on school rates (each school's observed rate is one observation; unequal variances, Welch-Satterthwaite df), two-sided"

// PowerResult is what [Power] finds, by simulation and by the closed-form
// design-effect formula side by side.
type PowerResult struct {
	Design PowerDesign `json:"design"`
	// Analysis is the test each simulated study runs ([PowerAnalysis]).
	Analysis string `json:"analysis"`
	// SystematicSchools and ComparisonSchools are the two groups' sizes.
	SystematicSchools int `json:"systematic_schools"`
	ComparisonSchools int `json:"comparison_schools"`
	// EffectRate is the systematic schools' rate under Effect.
	EffectRate float64 `json:"effect_rate"`
	// DesignEffect is 1 + (m − 1)·ICC.
	DesignEffect float64 `json:"design_effect"`
	// Power is the share of simulated studies whose test rejects at Alpha
	// under Effect; PowerSE its Monte Carlo standard error.
	Power   float64 `json:"power"`
	PowerSE float64 `json:"power_se"`
	// PowerFormula is the closed-form power with the design effect:
	// Φ(|Δ|/SE − z) + Φ(−|Δ|/SE − z), SE² = DE·(p₀(1−p₀)/(m·J₀) +
	// p₁(1−p₁)/(m·J₁)), z the 1 − α/2 normal quantile.
	PowerFormula float64 `json:"power_formula"`
	// MDE is the minimum detectable effect (a ratio on Scale, on Effect's
	// side of 1) at which the simulated power reaches TargetPower;
	// MDEFormula the same by the closed form.
	MDE        float64 `json:"mde"`
	MDEFormula float64 `json:"mde_formula"`
}

// Validate reports every invalid field of d, each a [*DesignError] naming
// it ("power.icc"), joined with [errors.Join].
func (d PowerDesign) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, &DesignError{Field: "power." + field, Reason: fmt.Sprintf(format, args...)})
	}
	if d.Schools < 4 || d.Schools > 100_000 {
		bad("schools", "must be between 4 and 100000, got %d", d.Schools)
	}
	if d.StudentsPerSchool < 1 || d.StudentsPerSchool > 100_000 {
		bad("students_per_school", "must be between 1 and 100000, got %d", d.StudentsPerSchool)
	}
	if math.IsNaN(d.ICC) || d.ICC < 0 || d.ICC >= 1 {
		bad("icc", "must be from 0 to below 1, got %s", fmtFloat(d.ICC))
	}
	if math.IsNaN(d.BaselineRate) || d.BaselineRate <= 0 || d.BaselineRate >= 1 {
		bad("baseline_rate", "must be strictly between 0 and 1, got %s", fmtFloat(d.BaselineRate))
	}
	if s := d.SystematicShare; math.IsNaN(s) || s <= 0 || s >= 1 {
		bad("systematic_share", "must be strictly between 0 and 1, got %s", fmtFloat(s))
	} else if j1, j0 := d.groups(); d.Schools >= 4 && (j1 < 2 || j0 < 2) {
		bad("systematic_share", "leaves %d systematic and %d comparison schools: want at least 2 in each", j1, j0)
	}
	switch d.Scale {
	case RiskRatio, OddsRatio:
	default:
		bad("scale", "must be %q or %q, got %q", RiskRatio, OddsRatio, d.Scale)
	}
	if e := d.Effect; math.IsNaN(e) || e <= 0 || e == 1 || e > 1e6 {
		bad("effect", "must be a ratio above 0 other than 1 (and at most 1e6), got %s", fmtFloat(e))
	} else if d.Scale == RiskRatio && e*d.BaselineRate >= 1 {
		bad("effect", "a risk ratio of %s takes the baseline rate %s to 1 or more", fmtFloat(e), fmtFloat(d.BaselineRate))
	}
	if a := d.Alpha; math.IsNaN(a) || a < 0.001 || a > 0.5 {
		bad("alpha", "must be from 0.001 to 0.5, got %s", fmtFloat(a))
	}
	if p := d.TargetPower; math.IsNaN(p) || p < 0.5 || p > 0.99 {
		bad("target_power", "must be from 0.5 to 0.99, got %s", fmtFloat(p))
	}
	if d.Replications < 100 || d.Replications > 1_000_000 {
		bad("replications", "must be between 100 and 1000000, got %d", d.Replications)
	}
	return errors.Join(errs...)
}

// groups returns the number of systematic and comparison schools.
func (d PowerDesign) groups() (systematic, comparison int) {
	j1 := int(math.Round(d.SystematicShare * float64(d.Schools)))
	return j1, d.Schools - j1
}

// rate returns the systematic schools' rate under effect.
func (d PowerDesign) rate(effect float64) float64 {
	return OutcomeEffect{Scale: d.Scale}.Apply(effect, d.BaselineRate)
}

// DesignEffect returns 1 + (m − 1)·ICC: how much the clustering of
// students in schools inflates the variance of a school's rate.
func (d PowerDesign) DesignEffect() float64 {
	return 1 + float64(d.StudentsPerSchool-1)*d.ICC
}

// FormulaPower returns the closed-form power to detect effect (a ratio on
// d's scale) with the design effect: a two-sided z-test of the difference
// of the groups' mean school rates, whose variance is
// DE·(p₀(1−p₀)/(m·J₀) + p₁(1−p₁)/(m·J₁)). NaN for an invalid design.
func (d PowerDesign) FormulaPower(effect float64) float64 {
	if d.Validate() != nil || math.IsNaN(effect) || effect <= 0 {
		return math.NaN()
	}
	j1, j0 := d.groups()
	p0, p1 := d.BaselineRate, d.rate(effect)
	m := float64(d.StudentsPerSchool)
	se := math.Sqrt(d.DesignEffect() * (p0*(1-p0)/(m*float64(j0)) + p1*(1-p1)/(m*float64(j1))))
	delta := math.Abs(p1 - p0)
	if se == 0 {
		if delta > 0 {
			return 1
		}
		return d.Alpha
	}
	n := distuv.UnitNormal
	z := n.Quantile(1 - d.Alpha/2)
	return n.CDF(delta/se-z) + n.CDF(-delta/se-z)
}

// FormulaMDE returns the closed-form minimum detectable effect: the ratio
// on Effect's side of 1 at which [PowerDesign.FormulaPower] reaches
// TargetPower (NaN for an invalid design, +Inf or 0 when no ratio
// does).
func (d PowerDesign) FormulaMDE() float64 {
	if d.Validate() != nil {
		return math.NaN()
	}
	return d.searchMDE(d.FormulaPower, 1e-9)
}

// searchMDE finds by bisection on the log ratio the effect on Effect's
// side of 1 at which power reaches the target: the smallest departure
// from 1 whose power is at least TargetPower.
// The search stops when the bracket is narrower than tol on the log
// scale.
func (d PowerDesign) searchMDE(power func(effect float64) float64, tol float64) float64 {
	up := d.Effect > 1
	limit := 1e-6 // the far end of the search, as a ratio
	if up {
		limit = 1e6
		if d.Scale == RiskRatio {
			limit = (1 - 1e-9) / d.BaselineRate
		}
	}
	near, far := 0.0, math.Log(limit) // log ratios: near has too little power
	if power(math.Exp(far)) < d.TargetPower {
		if up {
			return math.Inf(1) // no ratio reaches the target power
		}
		return 0
	}
	for range 100 {
		mid := (near + far) / 2
		if power(math.Exp(mid)) >= d.TargetPower {
			far = mid
		} else {
			near = mid
		}
		if math.Abs(far-near) < tol {
			break
		}
	}
	return math.Exp(far)
}

// Power estimates, for the school-level comparison d, the power to detect
// d.Effect and the minimum detectable effect, by simulation and by the
// closed-form design-effect formula.
//
// Each simulated study draws every school's true rate from a beta
// distribution with the group's mean (p₀ for comparison schools, p₁ under
// the effect for systematic ones) and intra-class correlation ICC
// (α + β = (1 − ICC)/ICC; every school at the mean when ICC is 0), then
// its m students' outcomes as a binomial count, and runs
// [PowerAnalysis] on the schools' observed rates at level Alpha. Study k
// uses the same random stream for every effect (common random numbers),
// so the simulated power is a smooth function of the effect and the
// minimum detectable effect is found by bisection on it. The model
// assumes equal school sizes, independent schools and no covariates; it
// says nothing of causation — the comparison it powers is observational,
// like the study it follows.
func Power(d PowerDesign) (PowerResult, error) {
	if err := d.Validate(); err != nil {
		return PowerResult{}, err
	}
	j1, j0 := d.groups()
	res := PowerResult{
		Design:            d,
		Analysis:          PowerAnalysis,
		SystematicSchools: j1,
		ComparisonSchools: j0,
		EffectRate:        d.rate(d.Effect),
		DesignEffect:      d.DesignEffect(),
		PowerFormula:      d.FormulaPower(d.Effect),
		MDEFormula:        d.FormulaMDE(),
	}
	sim := d.newPowerSim()
	res.Power = sim.power(d.Effect)
	res.PowerSE = math.Sqrt(res.Power * (1 - res.Power) / float64(d.Replications))
	res.MDE = d.searchMDE(sim.power, 1e-3) // finer than the Monte Carlo error
	return res, nil
}

// Random streams of simulated study k: the comparison schools' rates,
// drawn once, and the systematic schools', drawn again for every effect
// from the same stream.
const (
	streamPowerComparison = 101
	streamPowerSystematic = 102
)

// powerSim simulates the studies of a design: the comparison schools'
// rates do not depend on the effect, so they are drawn once.
type powerSim struct {
	d          PowerDesign
	comparison [][]float64 // per study, the comparison schools' rates
}

func (d PowerDesign) newPowerSim() *powerSim {
	_, j0 := d.groups()
	ps := &powerSim{d: d, comparison: make([][]float64, d.Replications)}
	for k := range ps.comparison {
		r := draw.Stream(d.Seed, streamPowerComparison, k)
		rates := make([]float64, j0)
		for j := range rates {
			rates[j] = d.schoolRate(r, d.BaselineRate)
		}
		ps.comparison[k] = rates
	}
	return ps
}

// power returns the share of the simulated studies that reject under
// effect.
func (ps *powerSim) power(effect float64) float64 {
	d := ps.d
	j1, _ := d.groups()
	p1 := d.rate(effect)
	rates := make([]float64, j1)
	rejected := 0
	for k, comparison := range ps.comparison {
		r := draw.Stream(d.Seed, streamPowerSystematic, k)
		for j := range rates {
			rates[j] = d.schoolRate(r, p1)
		}
		if welch(rates, comparison, d.Alpha) {
			rejected++
		}
	}
	return float64(rejected) / float64(len(ps.comparison))
}

// schoolRate draws one school's observed rate: its true rate from the
// beta distribution with mean p and the design's ICC, then its students'
// outcomes.
func (d PowerDesign) schoolRate(r *rand.Rand, p float64) float64 {
	pi := p
	if d.ICC > 0 {
		s := (1 - d.ICC) / d.ICC
		pi = distuv.Beta{Alpha: p * s, Beta: (1 - p) * s, Src: r}.Rand()
	}
	m := d.StudentsPerSchool
	y := 0
	switch {
	case pi <= 0:
	case pi >= 1:
		y = m
	default:
		y = int(distuv.Binomial{N: float64(m), P: pi, Src: r}.Rand())
	}
	return float64(y) / float64(m)
}

// welch reports whether Welch's two-sample t-test (unequal variances,
// Welch–Satterthwaite degrees of freedom) rejects equal means of a and b
// at two-sided level alpha.
func welch(a, b []float64, alpha float64) bool {
	ma, va := meanVar(a)
	mb, vb := meanVar(b)
	qa, qb := va/float64(len(a)), vb/float64(len(b))
	se2 := qa + qb
	if se2 == 0 {
		return ma != mb
	}
	df := se2 * se2 / (qa*qa/float64(len(a)-1) + qb*qb/float64(len(b)-1))
	t := math.Abs(ma-mb) / math.Sqrt(se2)
	return 2*distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Survival(t) < alpha
}

// meanVar returns the mean and the sample variance (n − 1) of xs.
func meanVar(xs []float64) (mean, variance float64) {
	n := float64(len(xs))
	for _, x := range xs {
		mean += x
	}
	mean /= n
	for _, x := range xs {
		variance += (x - mean) * (x - mean)
	}
	return mean, variance / (n - 1)
}

// Method describes, in words, how [Power] estimated r and what it
// assumes, for people reading the figures.
func (r PowerResult) Method() []string {
	d := r.Design
	return []string{
		fmt.Sprintf("Design: %d schools (%d systematic, %d comparison) of %d students; ICC %s (design effect 1 + (m − 1)·ICC = %s); baseline rate %s; effect %s %s (rate %s in systematic schools); two-sided alpha %s.",
			d.Schools, r.SystematicSchools, r.ComparisonSchools, d.StudentsPerSchool, short(d.ICC), short(r.DesignEffect),
			short(d.BaselineRate), scaleName(d.Scale), short(d.Effect), short(r.EffectRate), short(d.Alpha)),
		fmt.Sprintf("Analysis: %s.", r.Analysis),
		fmt.Sprintf("Simulation: %d studies per effect; each school's true rate drawn from a beta distribution with the group's mean and the ICC, its students' outcomes binomial; study k uses the same random stream for every effect (seed %s).", d.Replications, FormatSeed(d.Seed)),
		"Closed form: power = Φ(|p₁ − p₀|/SE − z₁₋α/₂) + Φ(−|p₁ − p₀|/SE − z₁₋α/₂), SE² = DE·(p₀(1 − p₀)/(m·J₀) + p₁(1 − p₁)/(m·J₁)); the minimum detectable effect solves power = target by bisection.",
		"Assumptions: equal school sizes, independent schools, no covariates or matching, a fixed effect for every systematic school. The comparison is observational, like Sheldon & Jung's (2018): power to detect an association, not a causal effect.",
	}
}

func scaleName(s EffectScale) string {
	if s == OddsRatio {
		return "odds ratio"
	}
	return "risk ratio"
}
