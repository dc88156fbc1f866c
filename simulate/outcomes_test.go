package simulate

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func TestChronicAbsenceRiskIsScaledBy078(t *testing.T) {
	o := SheldonJung2018()
	for _, risk := range []float64{0, 0.05, 0.15, 0.3, 1} {
		assert.InDelta(t, 0.78*risk, o.ChronicAbsenceRisk(risk), 1e-15, "risk %v", risk)
	}
}

func TestELAOddsAreMultipliedBy135(t *testing.T) {
	o := SheldonJung2018()
	odds := func(p float64) float64 { return p / (1 - p) }
	for _, p := range []float64{0.01, 0.2, 0.4, 0.5, 0.9} {
		q := o.ELAProficiency(p)
		assert.InDelta(t, 1.35*p/(1+0.35*p), q, 1e-15, "p %v", p)
		assert.InDelta(t, 1.35, odds(q)/odds(p), 1e-12, "odds ratio at p %v", p)
	}
	assert.InDelta(t, 0.5*1.35/1.175, o.ELAProficiency(0.5), 1e-15)
}

func TestProjectAppliesToAllStudentsOfSystematicSchools(t *testing.T) {
	o := SheldonJung2018()
	p := o.Project(1000, 400) // 400 students in systematic schools
	assert.InDelta(t, (400*0.78*0.15+600*0.15)/1000, p.ChronicAbsence, 1e-15)
	assert.InDelta(t, 400*(0.15-0.78*0.15), p.ChronicallyAbsentFewer, 1e-12)
	pe := 1.35 * 0.4 / (1 + 0.35*0.4)
	assert.InDelta(t, (400*pe+600*0.4)/1000, p.ELAProficiency, 1e-15)
	assert.InDelta(t, 400*(pe-0.4), p.ELAProficientMore, 1e-12)

	none := o.Project(1000, 0)
	assert.Equal(t, Projection{ChronicAbsence: 0.15, ELAProficiency: 0.4}, none)
}

func TestProjectionProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		o := OutcomeAssumptions{
			BaselineChronicAbsence:  rapid.Float64Range(0.001, 0.999).Draw(t, "risk"),
			BaselineELAProficiency:  rapid.Float64Range(0.001, 0.999).Draw(t, "p"),
			ChronicAbsenceRiskRatio: rapid.Float64Range(0.1, 1).Draw(t, "risk ratio"),
			ELAOddsRatio:            rapid.Float64Range(0.1, 10).Draw(t, "odds ratio"),
			SystematicCoverage:      0.1,
		}
		n := rapid.IntRange(1, 1_000_000).Draw(t, "students")
		s := rapid.IntRange(0, n).Draw(t, "systematic")
		p := o.Project(n, s)
		require.GreaterOrEqual(t, p.ChronicAbsence, 0.0)
		require.LessOrEqual(t, p.ChronicAbsence, o.BaselineChronicAbsence+1e-12, "a risk ratio ≤ 1 never raises the rate")
		require.GreaterOrEqual(t, p.ELAProficiency, 0.0)
		require.LessOrEqual(t, p.ELAProficiency, 1.0)
		q := o.ELAProficiency(o.BaselineELAProficiency)
		gotOR := (q / (1 - q)) / (o.BaselineELAProficiency / (1 - o.BaselineELAProficiency))
		require.InDelta(t, o.ELAOddsRatio, gotOR, 1e-9*o.ELAOddsRatio)
		require.False(t, math.IsNaN(p.ELAProficientMore))
	})
}

// TestProjectionInMetrics: a replication's projection is the assumptions
// applied to its systematic schools' students.
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
	require.Equal(t, SheldonJung2018().Project(m.Students, sys), m.Projection)
}
