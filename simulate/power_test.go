package simulate

import (
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestPowerMatchesTheDesignEffectFormula: the simulated power of the
// cluster-level test agrees with the closed form with the design effect
// 1 + (m − 1)·ICC, within Monte Carlo error, across ICCs, group splits and
// both scales; so does the minimum detectable effect. Had the simulation
// ignored the clustering (or the formula left out the design effect), the
// two would part as soon as ICC > 0.
func TestPowerMatchesTheDesignEffectFormula(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(d *PowerDesign)
	}{
		{"icc 0", func(d *PowerDesign) { d.ICC, d.Effect = 0, 0.93 }},
		{"icc 0.01", func(d *PowerDesign) { d.ICC, d.Effect = 0.01, 0.85 }},
		{"icc 0.05", func(d *PowerDesign) { d.ICC = 0.05 }},
		{"icc 0.1, half systematic", func(d *PowerDesign) { d.ICC, d.SystematicShare = 0.1, 0.5 }},
		{"odds ratio", func(d *PowerDesign) {
			d.Schools, d.ICC, d.Scale, d.Effect, d.BaselineRate = 60, 0.05, OddsRatio, 1.35, 0.4
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := DefaultPowerDesign()
			d.Schools, d.StudentsPerSchool, d.Replications = 120, 200, 2000
			c.edit(&d)
			res, err := Power(d)
			require.NoError(t, err)
			assert.Equal(t, 1+float64(d.StudentsPerSchool-1)*d.ICC, res.DesignEffect)
			assert.Greater(t, res.PowerFormula, 0.2, "a design with something to detect")
			assert.Less(t, res.PowerFormula, 0.98)
			assert.InDelta(t, res.PowerFormula, res.Power, 4*res.PowerSE+0.015, "simulated %v, formula %v", res.Power, res.PowerFormula)
			assert.InDelta(t, math.Log(res.MDEFormula), math.Log(res.MDE), 0.03, "MDE simulated %v, formula %v", res.MDE, res.MDEFormula)
			assert.InDelta(t, d.TargetPower, d.FormulaPower(res.MDEFormula), 1e-3)
			assert.Equal(t, d.Effect < 1, res.MDE < 1, "the MDE is on the effect's side of 1")
			assert.NotEmpty(t, res.Method())
		})
	}
}

// TestPowerIgnoringClusteringWouldFail: the same study analysed as if its
// students were independent (ICC 0 in the formula) overstates the power
// the simulation finds at ICC 0.05 — the check above can fail.
func TestPowerIgnoringClusteringWouldFail(t *testing.T) {
	d := DefaultPowerDesign()
	d.Schools, d.StudentsPerSchool, d.Replications = 120, 200, 1000
	res, err := Power(d)
	require.NoError(t, err)
	naive := d
	naive.ICC = 0
	assert.Greater(t, naive.FormulaPower(d.Effect)-res.Power, 10*res.PowerSE)
}

func TestPowerFormulaProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := DefaultPowerDesign()
		d.Schools = rapid.IntRange(10, 2000).Draw(t, "schools")
		d.StudentsPerSchool = rapid.IntRange(1, 2000).Draw(t, "m")
		d.ICC = rapid.Float64Range(0, 0.5).Draw(t, "icc")
		d.BaselineRate = rapid.Float64Range(0.02, 0.9).Draw(t, "p0")
		d.SystematicShare = rapid.Float64Range(0.2, 0.8).Draw(t, "share")
		d.Effect = rapid.Float64Range(0.3, 0.99).Draw(t, "rr")
		require.NoError(t, d.Validate())
		p := d.FormulaPower(d.Effect)
		require.GreaterOrEqual(t, p, d.Alpha/2)
		require.LessOrEqual(t, p, 1.0)
		more := d
		more.ICC = d.ICC + 0.05
		require.LessOrEqual(t, more.FormulaPower(d.Effect), p+1e-12, "more clustering, less power")
		bigger := d
		bigger.Effect = d.Effect * 0.9
		require.GreaterOrEqual(t, bigger.FormulaPower(bigger.Effect), p-1e-12, "a larger effect, more power")
		mde := d.FormulaMDE()
		require.Less(t, mde, 1.0)
		if mde > 0 {
			require.InDelta(t, d.TargetPower, d.FormulaPower(mde), 2e-3)
		}
	})
}

func TestPowerDesignValidate(t *testing.T) {
	require.NoError(t, DefaultPowerDesign().Validate())
	for _, c := range []struct {
		field string
		edit  func(d *PowerDesign)
	}{
		{"power.schools", func(d *PowerDesign) { d.Schools = 3 }},
		{"power.students_per_school", func(d *PowerDesign) { d.StudentsPerSchool = 0 }},
		{"power.icc", func(d *PowerDesign) { d.ICC = 1 }},
		{"power.baseline_rate", func(d *PowerDesign) { d.BaselineRate = 0 }},
		{"power.systematic_share", func(d *PowerDesign) { d.SystematicShare = 0.01 }},
		{"power.scale", func(d *PowerDesign) { d.Scale = "" }},
		{"power.effect", func(d *PowerDesign) { d.Effect = 1 }},
		{"power.effect", func(d *PowerDesign) { d.Effect = 10 }},
		{"power.alpha", func(d *PowerDesign) { d.Alpha = 0.9 }},
		{"power.target_power", func(d *PowerDesign) { d.TargetPower = 0.3 }},
		{"power.replications", func(d *PowerDesign) { d.Replications = 5 }},
	} {
		d := DefaultPowerDesign()
		c.edit(&d)
		err := d.Validate()
		require.ErrorIs(t, err, ErrDesign, c.field)
		require.ErrorContains(t, err, c.field+": ")
	}
}

func TestPowerIsDeterministic(t *testing.T) {
	d := DefaultPowerDesign()
	d.Replications = 200
	a, err := Power(d)
	require.NoError(t, err)
	b, err := Power(d)
	require.NoError(t, err)
	require.Equal(t, a, b)
}

func BenchmarkPower(b *testing.B) {
	for _, schools := range []int{50, 200} {
		b.Run("schools="+strconv.Itoa(schools)+"/replications=2000", func(b *testing.B) {
			d := DefaultPowerDesign()
			d.Schools = schools
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Power(d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
