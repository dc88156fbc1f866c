package simulate

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/homevisits/pthv/internal/draw"
)

// The projected student outcomes rest on one study. Sheldon & Jung (2018,
// Johns Hopkins University, with RTI International's national evaluation
// of Parent Teacher Home Visits) compared schools that visited at least
// 10% of their students ("systematic") with schools that did not, in K–8
// schools of urban districts, and reported for all students of the
// systematic schools, visited or not, a 22% lower likelihood of chronic
// absenteeism and 35% higher odds of scoring proficient in English
// language arts (shared/seeds: "Student likelihood of chronic absenteeism
// goes down by 22%. Student odds of scoring proficient on English Language
// Arts tests goes up by 35%"). They are associations from one
// observational study, not causal effects; every output of this package
// that shows a projection says so, and names the model that produced it.

// OutcomeModel is how a school's coverage (its share of students visited)
// turns into the effect applied to all of its students.
type OutcomeModel string

// Outcome models.
const (
	// StepModel applies the whole effect to every student of a school
	// whose coverage reaches SystematicCoverage, and none below: the
	// comparison Sheldon & Jung published (systematic schools against the
	// others). The default. A sweep of coverage is a step at the
	// threshold and flat above it, as the study's design implies, not a
	// measured dose-response.
	StepModel OutcomeModel = "step"
	// DoseResponseModel lets the effect grow with coverage up to the
	// published effect: on the log-ratio scale, the share
	// min(1, coverage / FullEffectCoverage) of the effect. It is an
	// assumption of this package (the study reported no dose-response),
	// useful to see how much a projection owes to the step.
	DoseResponseModel OutcomeModel = "dose-response"
	// NullModel applies no effect: projections equal the baselines. A
	// reference for what the other models add.
	NullModel OutcomeModel = "null"
)

// OutcomeModels returns the outcome models, the default first.
func OutcomeModels() []OutcomeModel {
	return []OutcomeModel{StepModel, DoseResponseModel, NullModel}
}

// EffectScale is the scale an effect size is given on.
type EffectScale string

// Effect scales.
const (
	// RiskRatio multiplies the rate: p′ = min(1, RR·p). Sheldon & Jung
	// report chronic absenteeism as a likelihood (−22%: RR 0.78).
	RiskRatio EffectScale = "risk_ratio"
	// OddsRatio multiplies the odds: p′ = OR·p / (1 + (OR−1)·p). Sheldon &
	// Jung report ELA proficiency as odds (+35%: OR 1.35).
	OddsRatio EffectScale = "odds_ratio"
)

// OutcomeEffect is one projected outcome: its rate without the program,
// and the effect of a systematic school on it.
type OutcomeEffect struct {
	// Baseline is the share of a school's students with the outcome
	// without the program, strictly between 0 and 1. The defaults are
	// illustrative: supply the district's own rates.
	Baseline float64 `json:"baseline"`
	// SchoolBaselines, when set, gives each school its own baseline, in
	// school order (one per school of the district); Baseline is then
	// used for none. Baselines come from the design only: the pthv/v1
	// dataset records no outcome rates.
	SchoolBaselines []float64 `json:"school_baselines"`
	// Scale is the scale of Estimate and Interval: "risk_ratio" or
	// "odds_ratio".
	Scale EffectScale `json:"scale"`
	// Estimate is the effect's point estimate on Scale, above 0.
	Estimate float64 `json:"estimate"`
	// Interval, when set, is a 95% interval [low, high] around Estimate
	// (low ≤ Estimate ≤ high): each replication then draws its effect from
	// a log-normal with median Estimate whose log has standard deviation
	// (ln high − ln low) / (2 · 1.96). Empty (the default) uses the point
	// estimate in every replication, and outputs say so.
	Interval []float64 `json:"interval"`
}

// OutcomeAssumptions are the inputs of the projected student outcomes:
// the model, the systematic threshold, and the two outcomes Sheldon &
// Jung (2018) reported. Their effects are associations from one
// observational study, not causal effects.
type OutcomeAssumptions struct {
	// Model is "step" (the default, as published), "dose-response" or
	// "null"; see [OutcomeModel].
	Model OutcomeModel `json:"model"`
	// SystematicCoverage is the share of students visited at which a
	// school counts as systematic. Sheldon & Jung: 0.10. It also sets the
	// policy's SystematicCoverage for the check.
	SystematicCoverage float64 `json:"systematic_coverage"`
	// FullEffectCoverage is, for the dose-response model, the coverage at
	// which a school reaches the whole effect, 0.01–1. lib: 0.10, the
	// systematic threshold.
	FullEffectCoverage float64 `json:"full_effect_coverage"`
	// ChronicAbsence is chronic absenteeism: missing at least 10% of
	// school days. Sheldon & Jung: likelihood −22%, risk ratio 0.78.
	ChronicAbsence OutcomeEffect `json:"chronic_absence"`
	// ELAProficiency is scoring proficient in English language arts.
	// Sheldon & Jung: odds +35%, odds ratio 1.35.
	ELAProficiency OutcomeEffect `json:"ela_proficiency"`
}

// SheldonJung2018 returns the outcome assumptions of Sheldon & Jung
// (2018): the step model at 10% of students visited, chronic absenteeism
// at risk ratio 0.78 and ELA proficiency at odds ratio 1.35 as point
// estimates, on illustrative baselines (chronic absence 0.15, ELA
// proficiency 0.40) that a study should replace with its district's own.
func SheldonJung2018() OutcomeAssumptions {
	return OutcomeAssumptions{
		Model:              StepModel,
		SystematicCoverage: 0.10,
		FullEffectCoverage: 0.10,
		ChronicAbsence:     OutcomeEffect{Baseline: 0.15, Scale: RiskRatio, Estimate: 0.78},
		ELAProficiency:     OutcomeEffect{Baseline: 0.40, Scale: OddsRatio, Estimate: 1.35},
	}
}

// clone returns a deep copy of o.
func (o OutcomeAssumptions) clone() OutcomeAssumptions {
	o.ChronicAbsence.SchoolBaselines = slices.Clone(o.ChronicAbsence.SchoolBaselines)
	o.ChronicAbsence.Interval = slices.Clone(o.ChronicAbsence.Interval)
	o.ELAProficiency.SchoolBaselines = slices.Clone(o.ELAProficiency.SchoolBaselines)
	o.ELAProficiency.Interval = slices.Clone(o.ELAProficiency.Interval)
	return o
}

// validate reports every invalid field of o through bad, for a district
// of schools schools.
func (o OutcomeAssumptions) validate(schools int, bad func(field, format string, args ...any)) {
	if !slices.Contains(OutcomeModels(), o.Model) {
		bad("outcomes.model", "must be %q, %q or %q, got %q", StepModel, DoseResponseModel, NullModel, o.Model)
	}
	if s := o.SystematicCoverage; math.IsNaN(s) || s < 0.01 || s > 1 {
		bad("outcomes.systematic_coverage", "must be from 0.01 to 1, got %s", fmtFloat(s))
	}
	if s := o.FullEffectCoverage; math.IsNaN(s) || s < 0.01 || s > 1 {
		bad("outcomes.full_effect_coverage", "must be from 0.01 to 1, got %s", fmtFloat(s))
	}
	o.ChronicAbsence.validate("outcomes.chronic_absence", schools, bad)
	o.ELAProficiency.validate("outcomes.ela_proficiency", schools, bad)
}

func (e OutcomeEffect) validate(field string, schools int, bad func(field, format string, args ...any)) {
	openRate := func(f string, v float64) bool {
		if math.IsNaN(v) || v <= 0 || v >= 1 {
			bad(f, "must be strictly between 0 and 1, got %s", fmtFloat(v))
			return false
		}
		return true
	}
	highest := 0.0
	if len(e.SchoolBaselines) == 0 {
		if openRate(field+".baseline", e.Baseline) {
			highest = e.Baseline
		}
	} else {
		if len(e.SchoolBaselines) != schools {
			bad(field+".school_baselines", "must list one baseline per school (%d), got %d", schools, len(e.SchoolBaselines))
		}
		for i, b := range e.SchoolBaselines {
			if openRate(fmt.Sprintf("%s.school_baselines[%d]", field, i), b) {
				highest = max(highest, b)
			}
		}
	}
	switch e.Scale {
	case RiskRatio, OddsRatio:
	default:
		bad(field+".scale", "must be %q or %q, got %q", RiskRatio, OddsRatio, e.Scale)
	}
	positive := func(f string, v float64) bool {
		if math.IsNaN(v) || v <= 0 || math.IsInf(v, 0) || v > 1e6 {
			bad(f, "must be a ratio above 0 (and at most 1e6), got %s", fmtFloat(v))
			return false
		}
		return true
	}
	if positive(field+".estimate", e.Estimate) && e.Scale == RiskRatio && e.Estimate*highest > 1 {
		bad(field+".estimate", "a risk ratio of %s takes a baseline of %s above 1", fmtFloat(e.Estimate), fmtFloat(highest))
	}
	switch len(e.Interval) {
	case 0:
	case 2:
		lo, hi := e.Interval[0], e.Interval[1]
		if positive(field+".interval[0]", lo) && positive(field+".interval[1]", hi) && !(lo <= e.Estimate && e.Estimate <= hi) {
			bad(field+".interval", "must hold the estimate: want low ≤ %s ≤ high, got [%s, %s]", fmtFloat(e.Estimate), fmtFloat(lo), fmtFloat(hi))
		}
	default:
		bad(field+".interval", "must be [low, high] or empty, got %d values", len(e.Interval))
	}
}

// Apply returns the rate of the outcome, for a student whose rate without
// the program is p, under the effect ratio on e's scale: ratio·p capped at
// 1 for a risk ratio, ratio·p / (1 + (ratio−1)·p) for an odds ratio. A
// ratio of 1 returns p. NaN in gives NaN out.
func (e OutcomeEffect) Apply(ratio, p float64) float64 {
	if e.Scale == OddsRatio {
		return ratio * p / (1 + (ratio-1)*p)
	}
	return min(ratio*p, 1)
}

// baseline returns school i's baseline rate.
func (e OutcomeEffect) baseline(i int) float64 {
	if i >= 0 && i < len(e.SchoolBaselines) {
		return e.SchoolBaselines[i]
	}
	return e.Baseline
}

// PointEstimate reports whether e has no interval: every replication uses
// the point estimate.
func (e OutcomeEffect) PointEstimate() bool { return len(e.Interval) != 2 }

// draw returns the effect of one replication: the estimate, or a draw
// from the log-normal the interval implies.
func (e OutcomeEffect) draw(seed uint64, stream int) float64 {
	if e.PointEstimate() {
		return e.Estimate
	}
	lo, hi := e.Interval[0], e.Interval[1]
	sd := (math.Log(hi) - math.Log(lo)) / (2 * z975)
	r := draw.Stream(seed, streamOutcome, stream)
	return math.Exp(math.Log(e.Estimate) + sd*r.NormFloat64())
}

// z975 is the 97.5th percentile of the standard normal: a 95% interval is
// ±z975 standard deviations.
const z975 = 1.959963984540054

// streamOutcome is the random stream of the effect sizes drawn per
// replication, apart from every stream of the program year, so that an
// interval changes no other draw.
const streamOutcome = 100

// weight returns the share of the effect (on the log-ratio scale) that a
// school with coverage share gets under the model.
func (o OutcomeAssumptions) weight(c SchoolCoverage) float64 {
	switch o.Model {
	case StepModel:
		if c.Systematic {
			return 1
		}
	case DoseResponseModel:
		if o.FullEffectCoverage > 0 {
			return min(1, c.Share()/o.FullEffectCoverage)
		}
	}
	return 0
}

// Effects are the effect sizes one replication uses, on each outcome's
// scale.
type Effects struct {
	ChronicAbsence float64 `json:"chronic_absence"`
	ELAProficiency float64 `json:"ela_proficiency"`
}

// Estimates returns the point estimates.
func (o OutcomeAssumptions) Estimates() Effects {
	return Effects{ChronicAbsence: o.ChronicAbsence.Estimate, ELAProficiency: o.ELAProficiency.Estimate}
}

// Draw returns the effect sizes of the replication with seed seed: the
// point estimates, or draws from the outcomes' intervals. Every design of
// a run draws the same effects for the same replication (common random
// numbers), so differences between designs are not effect-size noise.
func (o OutcomeAssumptions) Draw(seed uint64) Effects {
	return Effects{ChronicAbsence: o.ChronicAbsence.draw(seed, 0), ELAProficiency: o.ELAProficiency.draw(seed, 1)}
}

// OutcomeProjection is one projected outcome over the district's students.
type OutcomeProjection struct {
	// Baseline is the district rate without the program (the schools'
	// baselines weighted by their students).
	Baseline float64 `json:"baseline"`
	// Effect is the effect size this replication used, on the outcome's
	// scale (the point estimate unless the design gives an interval).
	Effect float64 `json:"effect"`
	// Rate is the projected district rate with that effect; Change the
	// projected difference from the baseline, in students (negative:
	// fewer).
	Rate   float64 `json:"rate"`
	Change float64 `json:"change"`
	// RateAtEstimate and ChangeAtEstimate are the same at the point
	// estimate: their spread over replications is the run-to-run
	// variation of the program alone, without effect-size uncertainty.
	RateAtEstimate   float64 `json:"rate_at_estimate"`
	ChangeAtEstimate float64 `json:"change_at_estimate"`
}

// Projection is the projected chronic absence and ELA proficiency of the
// district's students under the design's [OutcomeAssumptions]:
// associations from one observational study (Sheldon & Jung 2018), not
// causal effects.
type Projection struct {
	// Model is the outcome model that produced the projection.
	Model          OutcomeModel      `json:"model"`
	ChronicAbsence OutcomeProjection `json:"chronic_absence"`
	ELAProficiency OutcomeProjection `json:"ela_proficiency"`
}

// Project projects the outcomes of schools with the given coverage (in
// school order, as [Metrics.Coverage]) at the point estimates.
func (o OutcomeAssumptions) Project(coverage []SchoolCoverage) Projection {
	return o.ProjectWith(coverage, o.Estimates())
}

// ProjectWith projects the outcomes of schools with the given coverage
// with the effect sizes eff; the figures at the estimate use the point
// estimates. Each school's students get the school's baseline moved by the
// share of the effect the model gives its coverage. No students give the
// baselines and no change.
func (o OutcomeAssumptions) ProjectWith(coverage []SchoolCoverage, eff Effects) Projection {
	est := o.Estimates()
	return Projection{
		Model:          o.Model,
		ChronicAbsence: o.project(o.ChronicAbsence, coverage, eff.ChronicAbsence, est.ChronicAbsence),
		ELAProficiency: o.project(o.ELAProficiency, coverage, eff.ELAProficiency, est.ELAProficiency),
	}
}

func (o OutcomeAssumptions) project(e OutcomeEffect, coverage []SchoolCoverage, effect, estimate float64) OutcomeProjection {
	var n, base, with, atEst float64
	for i, c := range coverage {
		s := float64(c.Students)
		b := e.baseline(i)
		w := o.weight(c)
		n += s
		base += s * b
		with += s * e.Apply(math.Pow(effect, w), b)
		atEst += s * e.Apply(math.Pow(estimate, w), b)
	}
	p := OutcomeProjection{Effect: effect}
	if n == 0 {
		p.Baseline = e.Baseline
		p.Rate, p.RateAtEstimate = e.Baseline, e.Baseline
		return p
	}
	p.Baseline = base / n
	p.Rate, p.Change = with/n, with-base
	p.RateAtEstimate, p.ChangeAtEstimate = atEst/n, atEst-base
	return p
}

// Evidence says, in one line, what a projection under o rests on: the
// study and its population, that its figures are associations, and the
// model.
func (o OutcomeAssumptions) Evidence() string {
	if o.Model == NullModel {
		return "null model: no effect applied (projections equal the baselines)"
	}
	return fmt.Sprintf("associations from one observational study (Sheldon & Jung 2018, K-8 schools of urban districts), not causal effects; %s model", o.Model)
}

// describe says in words how o projects, for the assumptions of a
// summary.
func (o OutcomeAssumptions) describe() string {
	var b strings.Builder
	switch o.Model {
	case StepModel:
		fmt.Fprintf(&b, "step model (as published): the whole effect for every student of a school with at least %s of its students visited, none below", percent(o.SystematicCoverage))
	case DoseResponseModel:
		fmt.Fprintf(&b, "dose-response model (an assumption, not a finding of the study): a school gets the share min(1, coverage / %s) of the effect on the log-ratio scale", percent(o.FullEffectCoverage))
	default:
		b.WriteString("null model: no effect")
	}
	for _, x := range []struct {
		name string
		e    OutcomeEffect
	}{{"chronic absence", o.ChronicAbsence}, {"ELA proficiency", o.ELAProficiency}} {
		est := short(x.e.Estimate)
		if x.e.Scale == OddsRatio {
			fmt.Fprintf(&b, "; %s: odds ratio %s (p′ = %s·p / (1 + %s·p))", x.name, est, est, short(x.e.Estimate-1))
		} else {
			fmt.Fprintf(&b, "; %s: risk ratio %s (p′ = %s·p, at most 1)", x.name, est, est)
		}
		if x.e.PointEstimate() {
			b.WriteString(" (point estimate: no interval given, so the ranges show run-to-run variation only)")
		} else {
			fmt.Fprintf(&b, " (95%% interval %s–%s, drawn log-normally per replication)", short(x.e.Interval[0]), short(x.e.Interval[1]))
		}
		if len(x.e.SchoolBaselines) > 0 {
			fmt.Fprintf(&b, " on each school's baseline from the design")
		} else {
			fmt.Fprintf(&b, " on a baseline of %s", percent(x.e.Baseline))
		}
	}
	return b.String()
}

// drawEffects projects the outcomes of m's coverage with the effect sizes
// of the replication with seed seed ([OutcomeAssumptions.Draw]).
func (m *Metrics) drawEffects(o OutcomeAssumptions, seed uint64) {
	m.Projection = o.ProjectWith(m.Coverage, o.Draw(seed))
}

// renamedOutcomeFields maps the outcome fields of designs written before
// the outcome models to the fields that replaced them, for the error a
// strict decoder gives an old design.
func renamedOutcomeFields() map[string]string {
	return map[string]string{
		"outcomes.baseline_chronic_absence":   "outcomes.chronic_absence.baseline",
		"outcomes.baseline_ela_proficiency":   "outcomes.ela_proficiency.baseline",
		"outcomes.chronic_absence_risk_ratio": "outcomes.chronic_absence.estimate (with \"scale\": \"risk_ratio\")",
		"outcomes.ela_odds_ratio":             "outcomes.ela_proficiency.estimate (with \"scale\": \"odds_ratio\")",
	}
}
