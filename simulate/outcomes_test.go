package simulate

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func TestChronicAbsenceRiskIsScaledBy078(t *testing.T) {
	e := SheldonJung2018().ChronicAbsence
	require.Equal(t, RiskRatio, e.Scale)
	for _, risk := range []float64{0, 0.05, 0.15, 0.3, 1} {
		assert.InDelta(t, 0.78*risk, e.Apply(e.Estimate, risk), 1e-15, "risk %v", risk)
	}
}

func TestELAOddsAreMultipliedBy135(t *testing.T) {
	e := SheldonJung2018().ELAProficiency
	require.Equal(t, OddsRatio, e.Scale)
	odds := func(p float64) float64 { return p / (1 - p) }
	for _, p := range []float64{0.01, 0.2, 0.4, 0.5, 0.9} {
		q := e.Apply(1.35, p)
		assert.InDelta(t, 1.35*p/(1+0.35*p), q, 1e-15, "p %v", p)
		assert.InDelta(t, 1.35, odds(q)/odds(p), 1e-12, "odds ratio at p %v", p)
	}
}

// TestScaleIsChosenPerOutcome: the same figure read as a risk ratio or as
// an odds ratio gives different projections, and a risk ratio never takes
// a rate past 1.
func TestScaleIsChosenPerOutcome(t *testing.T) {
	rr := OutcomeEffect{Scale: RiskRatio}
	or := OutcomeEffect{Scale: OddsRatio}
	assert.InDelta(t, 0.54, rr.Apply(1.35, 0.4), 1e-15)
	assert.InDelta(t, 0.54/1.14, or.Apply(1.35, 0.4), 1e-15)
	assert.Equal(t, 1.0, rr.Apply(3, 0.5))

	o := SheldonJung2018()
	o.ELAProficiency.Scale = RiskRatio
	cov := []SchoolCoverage{{Students: 100, StudentsVisited: 20, Systematic: true}}
	assert.InDelta(t, 100*(0.54-0.4), o.Project(cov).ELAProficiency.Change, 1e-9)
}

// twoSchools: 400 students in a systematic school, 600 in one below the
// threshold.
func twoSchools() []SchoolCoverage {
	return []SchoolCoverage{
		{Students: 400, StudentsVisited: 60, Systematic: true},
		{Students: 600, StudentsVisited: 30},
	}
}

func TestStepModelAppliesToAllStudentsOfSystematicSchools(t *testing.T) {
	p := SheldonJung2018().Project(twoSchools())
	require.Equal(t, StepModel, p.Model)
	ca := p.ChronicAbsence
	assert.InDelta(t, 0.15, ca.Baseline, 1e-15)
	assert.InDelta(t, (400*0.78*0.15+600*0.15)/1000, ca.Rate, 1e-15)
	assert.InDelta(t, -400*(0.15-0.78*0.15), ca.Change, 1e-12)
	assert.Equal(t, ca.Rate, ca.RateAtEstimate)
	assert.Equal(t, 0.78, ca.Effect)
	pe := 1.35 * 0.4 / (1 + 0.35*0.4)
	assert.InDelta(t, (400*pe+600*0.4)/1000, p.ELAProficiency.Rate, 1e-15)
	assert.InDelta(t, 400*(pe-0.4), p.ELAProficiency.Change, 1e-12)
}

func TestNullModelProjectsTheBaselines(t *testing.T) {
	o := SheldonJung2018()
	o.Model = NullModel
	o.ChronicAbsence.Interval = []float64{0.6, 0.9}
	p := o.ProjectWith(twoSchools(), o.Draw(3))
	assert.Zero(t, p.ChronicAbsence.Change)
	assert.Zero(t, p.ELAProficiency.Change)
	assert.InDelta(t, 0.15, p.ChronicAbsence.Rate, 1e-15)
	assert.Contains(t, o.Evidence(), "null model")
}

// TestDoseResponseHasNoStep: under the step model, one more student
// visited at the threshold moves the projection by the whole school's
// effect; under the dose-response model it moves it by a sliver, and the
// projection grows with coverage up to the published effect, then stays.
func TestDoseResponseHasNoStep(t *testing.T) {
	school := func(visited int) []SchoolCoverage {
		return []SchoolCoverage{{Students: 1000, StudentsVisited: visited, Systematic: visited >= 100}}
	}
	step := SheldonJung2018()
	dose := SheldonJung2018()
	dose.Model = DoseResponseModel
	fewer := func(o OutcomeAssumptions, v int) float64 { return -o.Project(school(v)).ChronicAbsence.Change }

	assert.Zero(t, fewer(step, 99))
	assert.InDelta(t, 1000*0.15*0.22, fewer(step, 100), 1e-9, "the step at 10%")
	assert.Less(t, fewer(dose, 100)-fewer(dose, 99), 1.0, "no jump at the threshold")
	assert.InDelta(t, fewer(step, 100), fewer(dose, 100), 1e-9, "the published effect at full-effect coverage")
	assert.InDelta(t, fewer(dose, 100), fewer(dose, 1000), 1e-9, "flat above it")
	prev := -1.0
	for v := 0; v <= 1000; v += 10 {
		f := fewer(dose, v)
		require.GreaterOrEqual(t, f, prev, "monotone in coverage at %d visited", v)
		prev = f
	}
	assert.Greater(t, fewer(dose, 50), 0.0, "half the threshold, part of the effect")
	assert.Less(t, fewer(dose, 50), fewer(dose, 100))
}

func TestSchoolBaselinesFromTheDesign(t *testing.T) {
	o := SheldonJung2018()
	o.ChronicAbsence.SchoolBaselines = []float64{0.30, 0.10}
	p := o.Project(twoSchools())
	assert.InDelta(t, (400*0.30+600*0.10)/1000, p.ChronicAbsence.Baseline, 1e-15)
	assert.InDelta(t, -400*0.30*0.22, p.ChronicAbsence.Change, 1e-12)
	d := DefaultDesign()
	d.District.Schools = 2
	d.Outcomes = o
	require.NoError(t, d.Validate())
}

// TestEffectDraws: with no interval every replication uses the point
// estimate; with one, the effects are log-normal around it with the
// interval as their 95% range, the same for the same seed.
func TestEffectDraws(t *testing.T) {
	o := SheldonJung2018()
	for seed := range uint64(50) {
		require.Equal(t, o.Estimates(), o.Draw(seed))
	}
	o.ChronicAbsence.Interval = []float64{0.70, 0.87}
	var logs []float64
	inside := 0
	const n = 20000
	for seed := range uint64(n) {
		e := o.Draw(seed)
		require.Equal(t, 1.35, e.ELAProficiency, "no interval: the estimate")
		require.Equal(t, e, o.Draw(seed), "same seed, same draw")
		logs = append(logs, math.Log(e.ChronicAbsence))
		if e.ChronicAbsence >= 0.70 && e.ChronicAbsence <= 0.87 {
			inside++
		}
	}
	mean := 0.0
	for _, l := range logs {
		mean += l / n
	}
	assert.InDelta(t, math.Log(0.78), mean, 0.003)
	assert.InDelta(t, 0.95, float64(inside)/n, 0.01)
}

// TestSummarySeparatesEffectUncertainty: the figures at the estimate are
// the same whether or not the design gives an interval (they hold the
// program's run-to-run variation alone); the drawn figures spread wider
// with an interval, and equal the figures at the estimate without one.
func TestSummarySeparatesEffectUncertainty(t *testing.T) {
	point := smallDesign("point")
	wide := smallDesign("wide")
	wide.Outcomes.ChronicAbsence.Interval = []float64{0.5, 0.95}
	wide.Outcomes.ELAProficiency.Interval = []float64{1.05, 1.8}
	res, err := Run(context.Background(), []Design{point, wide}, Options{Runs: 40, Seed: 9, Mode: CapacityModel})
	require.NoError(t, err)
	stat := map[string]Stat{}
	for _, s := range res.Summary() {
		stat[s.DesignID+" "+s.Metric] = s
	}
	for _, m := range []string{"chronically_absent_fewer", "ela_proficient_more"} {
		p, pe := stat["point "+m], stat["point "+m+"_at_estimate"]
		w, we := stat["wide "+m], stat["wide "+m+"_at_estimate"]
		assert.Equal(t, p.Mean, pe.Mean, m)
		assert.Equal(t, p.SD, pe.SD, m)
		assert.Equal(t, pe, Stat{DesignID: "point", Year: we.Year, Metric: m + "_at_estimate", N: we.N, Mean: we.Mean, SD: we.SD,
			MeanLow: we.MeanLow, MeanHigh: we.MeanHigh, P2_5: we.P2_5, P97_5: we.P97_5}, "the program's variation does not depend on the interval")
		assert.Greater(t, w.SD, we.SD, "%s: effect-size uncertainty widens the spread", m)
	}
	var b strings.Builder
	require.NoError(t, res.WriteSummary(&b))
	out := b.String()
	assert.Contains(t, out, "95% range: program")
	assert.Contains(t, out, "program + effect size")
	assert.Contains(t, out, "associations from one observational study")
	assert.Contains(t, out, "K-8 schools")
	assert.Contains(t, out, "step model")
	assert.Contains(t, out, "point estimate: no interval given")
	assert.Contains(t, out, "95% interval 0.5–0.95")
}

// TestEveryOutputNamesTheEvidenceAndModel: the runs CSV carries the model
// and what the projection rests on in every row; the summary CSV beside
// every outcome figure.
func TestEveryOutputNamesTheEvidenceAndModel(t *testing.T) {
	d := smallDesign("dose")
	d.Outcomes.Model = DoseResponseModel
	res, err := Run(context.Background(), []Design{d}, Options{Runs: 2, Seed: 1, Mode: CapacityModel})
	require.NoError(t, err)
	var runs, summary bytes.Buffer
	require.NoError(t, res.WriteCSV(&runs))
	require.NoError(t, res.WriteSummaryCSV(&summary))
	rows, err := csv.NewReader(&runs).ReadAll()
	require.NoError(t, err)
	model, evidence := slices.Index(rows[0], "outcomes_model"), slices.Index(rows[0], "outcomes_evidence")
	require.NotEqual(t, -1, model)
	require.NotEqual(t, -1, evidence)
	for _, row := range rows[1:] {
		assert.Equal(t, "dose-response", row[model])
		assert.Contains(t, row[evidence], "associations from one observational study")
		assert.Contains(t, row[evidence], "dose-response model")
	}
	srows, err := csv.NewReader(&summary).ReadAll()
	require.NoError(t, err)
	note, metric := slices.Index(srows[0], "note"), slices.Index(srows[0], "metric")
	found := 0
	for _, row := range srows[1:] {
		if strings.HasPrefix(row[metric], "chronically_absent_fewer") || strings.HasPrefix(row[metric], "ela_proficient_more") {
			assert.Contains(t, row[note], "associations from one observational study")
			found++
		}
	}
	assert.Equal(t, 4, found)
}

func TestProjectionProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		o := SheldonJung2018()
		o.Model = rapid.SampledFrom(OutcomeModels()).Draw(t, "model")
		o.FullEffectCoverage = rapid.Float64Range(0.01, 1).Draw(t, "full")
		o.ChronicAbsence.Baseline = rapid.Float64Range(0.001, 0.999).Draw(t, "risk")
		o.ELAProficiency.Baseline = rapid.Float64Range(0.001, 0.999).Draw(t, "p")
		o.ChronicAbsence.Estimate = rapid.Float64Range(0.1, 1).Draw(t, "risk ratio")
		o.ELAProficiency.Estimate = rapid.Float64Range(1, 10).Draw(t, "odds ratio")
		var cov []SchoolCoverage
		for range rapid.IntRange(0, 20).Draw(t, "schools") {
			n := rapid.IntRange(0, 2000).Draw(t, "students")
			v := rapid.IntRange(0, n).Draw(t, "visited")
			c := SchoolCoverage{Students: n, StudentsVisited: v}
			c.Systematic = c.Share() >= o.SystematicCoverage
			cov = append(cov, c)
		}
		p := o.Project(cov)
		full := o
		full.Model = StepModel
		for i := range cov {
			cov[i].Systematic = true
		}
		all := full.Project(cov)
		require.LessOrEqual(t, p.ChronicAbsence.Rate, p.ChronicAbsence.Baseline+1e-12, "a risk ratio ≤ 1 never raises the rate")
		require.GreaterOrEqual(t, p.ChronicAbsence.Rate, all.ChronicAbsence.Rate-1e-12, "never past the whole effect")
		require.GreaterOrEqual(t, p.ELAProficiency.Rate, p.ELAProficiency.Baseline-1e-12, "an odds ratio ≥ 1 never lowers the rate")
		require.LessOrEqual(t, p.ELAProficiency.Rate, all.ELAProficiency.Rate+1e-12)
		require.LessOrEqual(t, p.ELAProficiency.Rate, 1.0)
		if o.Model == NullModel {
			require.Zero(t, p.ChronicAbsence.Change)
		}
	})
}

// TestProjectionInMetrics: a replication's projection is the assumptions
// applied to its schools' coverage.
func TestProjectionInMetrics(t *testing.T) {
	y, err := Simulate(smallDesign("a"), 5)
	require.NoError(t, err)
	m := y.Metrics
	sys := 0
	for _, c := range m.Coverage {
		if c.Systematic {
			sys += c.Students
		}
	}
	require.Equal(t, sys, m.StudentsInSystematic)
	require.Equal(t, SheldonJung2018().Project(m.Coverage), m.Projection)
	require.InDelta(t, -float64(sys)*0.15*0.22, m.Projection.ChronicAbsence.Change, 1e-6)
}
