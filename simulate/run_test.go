package simulate

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/synth"
)

// smallDesign is a design of two small schools, quick to simulate.
func smallDesign(id string) Design {
	d := DefaultDesign()
	d.ID = id
	d.District.Schools = 2
	d.District.StudentsPerSchool = 150
	d.District.EducatorsPerSchool = 10
	d.Deviations = synth.Deviations{Solo: 0.05, DropIn: 0.05, Unpaid: 0.05, NoReflection: 0.05, AgendaOnFirst: 0.05,
		Untrained: 0.05, NotOptedIn: 0.05, NoConsent: 0.05, AfterDecline: 0.05, Targeted: 0.5, Mandate: 0.5}
	return d
}

// csvAt runs designs with GOMAXPROCS set to procs and returns the CSV.
func csvAt(t *testing.T, procs int, designs []Design, opt Options) []byte {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	res, err := Run(context.Background(), designs, opt)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, res.WriteCSV(&b))
	require.NoError(t, res.WriteSchoolsCSV(&b))
	require.NoError(t, res.WriteSummaryCSV(&b))
	return b.Bytes()
}

func TestRunIsDeterministicAcrossGOMAXPROCS(t *testing.T) {
	teams, partners := smallDesign("teams"), smallDesign("partners")
	partners.Pairing = PartnersPairing
	busy := smallDesign("busy")
	busy.Year.NoShowRate, busy.Year.CancelRate, busy.Year.RescheduleRate = 0.2, 0.2, 0.2
	designs := []Design{teams, partners, busy}
	for _, mode := range []Mode{RealPlanners, CapacityModel} {
		t.Run(string(mode), func(t *testing.T) {
			opt := Options{Runs: 3, Seed: 42, Mode: mode}
			one := csvAt(t, 1, designs, opt)
			two := csvAt(t, 2, designs, opt)
			require.Equal(t, string(one), string(two))
			opt.Workers = 1
			require.Equal(t, string(one), string(csvAt(t, 2, designs, opt)), "the number of workers changes nothing")
			opt.Seed = 43
			require.NotEqual(t, string(one), string(csvAt(t, 2, designs, opt)), "another seed gives other districts")
		})
	}
}

// TestRunIsDeterministicForADistrict: the default ten-school district, with
// synth building schools in parallel, gives the same bytes on one core and
// on two.
func TestRunIsDeterministicForADistrict(t *testing.T) {
	opt := Options{Runs: 2, Seed: 9}
	designs := []Design{DefaultDesign()}
	require.Equal(t, string(csvAt(t, 1, designs, opt)), string(csvAt(t, 2, designs, opt)))
}

func TestSweepProducesRunsTimesDesignsRows(t *testing.T) {
	designs, err := loadSweep(t).Expand(smallDesign("base"))
	require.NoError(t, err)
	for _, mode := range []Mode{RealPlanners, CapacityModel} {
		t.Run(string(mode), func(t *testing.T) {
			const runs = 2
			calls := 0
			res, err := Run(context.Background(), designs, Options{Runs: runs, Seed: 1, Mode: mode,
				Progress: func(done, total int) {
					calls++
					assert.Equal(t, calls, done)
					assert.Equal(t, runs*len(designs), total)
				}})
			require.NoError(t, err)
			assert.Equal(t, runs*len(designs), calls)
			var b bytes.Buffer
			require.NoError(t, res.WriteCSV(&b))
			rows, err := csv.NewReader(&b).ReadAll()
			require.NoError(t, err)
			require.Len(t, rows, 1+runs*len(designs))
			require.Equal(t, Header(), rows[0])
			for i, row := range rows[1:] {
				require.Len(t, row, len(Header()))
				assert.Equal(t, designs[i/runs].ID, row[1])
				assert.Equal(t, []string{
					strconv.Itoa(i + 1), strconv.Itoa(i%runs + 1), "1", FormatSeed(Seed(1, i%runs+1)), string(mode),
				}, []string{row[0], row[2], row[3], row[4], row[5]})
			}
			summary := res.Summary()
			assert.Len(t, summary, len(designs)*len(MetricNames()))
		})
	}
}

func TestHeaderIsFixed(t *testing.T) {
	h := Header()
	assert.Equal(t, []string{"run_id", "design_id", "replication", "year", "seed", "mode"}, h[:6])
	assert.Equal(t, ParameterNames(), h[6:6+len(ParameterNames())])
	assert.Equal(t, MetricNames(), h[6+len(ParameterNames()):])
	seen := map[string]bool{}
	for _, c := range h {
		assert.False(t, seen[c], "column %q appears twice", c)
		seen[c] = true
	}
	for _, c := range []string{"acceptance_rate", "deviations_solo", "outcomes_ela_proficiency_estimate", "placement",
		"invitations", "acceptances", "first_visits", "second_visits", "coverage_district_share", "systematic_share",
		"fidelity_share", "violations_p5_pair", "violations_p1_family_consent", "educator_minutes", "pay_usd", "pay_usd_title_i",
		"compensation_budget_usd", "training_pay_usd", "outcomes_model", "outcomes_evidence",
		"chronic_absence_projected", "ela_proficiency_projected", "chronically_absent_fewer_at_estimate"} {
		assert.True(t, seen[c], "missing column %q", c)
	}
	for _, c := range h {
		assert.Regexp(t, `^[a-z][a-z0-9]*(_[a-z0-9]+)*$`, c, "columns are snake_case")
		assert.NotContains(t, c, "cents", "money is in dollars")
	}
}

func TestRunRejectsBadOptions(t *testing.T) {
	_, err := Run(context.Background(), []Design{DefaultDesign()}, Options{Runs: 0})
	require.ErrorIs(t, err, ErrDesign)
	assert.Contains(t, err.Error(), "runs")
	_, err = Run(context.Background(), []Design{DefaultDesign(), DefaultDesign()}, Options{Runs: 1})
	require.ErrorIs(t, err, ErrDesign)
	assert.Contains(t, err.Error(), "designs[1].id")
	_, err = Run(context.Background(), []Design{DefaultDesign()}, Options{Runs: 1, Mode: "fast"})
	require.ErrorIs(t, err, ErrDesign)
	bad := DefaultDesign()
	bad.InviteShare = 2
	_, err = Run(context.Background(), []Design{bad}, Options{Runs: 1})
	require.ErrorIs(t, err, ErrDesign)
	assert.Contains(t, err.Error(), "invite_share")
}

func TestCapacityRejectsInvalidDesigns(t *testing.T) {
	d := DefaultDesign()
	d.District.Schools = -1
	_, err := Capacity(d, 1)
	require.ErrorIs(t, err, ErrDesign)
	_, err = Simulate(d, 1)
	require.ErrorIs(t, err, ErrDesign)
}

func TestRunStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, []Design{smallDesign("a")}, Options{Runs: 50, Seed: 1})
	require.ErrorIs(t, err, context.Canceled)
}

func TestSummaryStatistics(t *testing.T) {
	s := summarize("d", "m", []float64{1, 2, 3, 4})
	assert.Equal(t, 4, s.N)
	assert.InDelta(t, 2.5, s.Mean, 1e-12)
	assert.InDelta(t, 1.2909944487358056, s.SD, 1e-12)
	// t(0.975, 3) = 3.182446305284263
	assert.InDelta(t, 2.5-3.182446305284263*s.SD/2, s.MeanLow, 1e-9)
	assert.InDelta(t, 2.5+3.182446305284263*s.SD/2, s.MeanHigh, 1e-9)
	assert.InDelta(t, 1.075, s.P2_5, 1e-12) // R: quantile(1:4, 0.025)
	assert.InDelta(t, 3.925, s.P97_5, 1e-12)
	one := summarize("d", "m", []float64{7})
	assert.Equal(t, 7.0, one.Mean)
	assert.True(t, one.MeanLow != one.MeanLow, "no interval from one replication")
	none := summarize("d", "m", nil)
	assert.Equal(t, 0, none.N)
}

func TestWriteSummaryStatesTheAssumptions(t *testing.T) {
	res, err := Run(context.Background(), []Design{smallDesign("a")}, Options{Runs: 2, Seed: 3, Mode: CapacityModel})
	require.NoError(t, err)
	var b strings.Builder
	require.NoError(t, res.WriteSummary(&b))
	out := b.String()
	for _, want := range []string{"Sheldon & Jung (2018", "not causal effects", "visited or not",
		"p′ = 0.78·p", "p′ = 1.35·p / (1 + 0.35·p)", "K-8", "step model", "point estimate", "baseline of 15%", "baseline of 40%", "Capacity model", "Seed(base, r)"} {
		assert.Contains(t, out, want)
	}
}

func TestCSVCellsAreProtected(t *testing.T) {
	d := smallDesign("=cmd")
	res, err := Run(context.Background(), []Design{d}, Options{Runs: 1, Seed: 1, Mode: CapacityModel})
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, res.WriteCSV(&b))
	rows, err := csv.NewReader(&b).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, "'=cmd", rows[1][1])
	for j, c := range rows[1] {
		if _, err := strconv.ParseFloat(c, 64); err == nil {
			assert.False(t, strings.ContainsAny(c, "eE"), "column %s: %q has an exponent", rows[0][j], c)
		}
	}
}

func TestMetricsJSONWritesNAAsNull(t *testing.T) {
	m, err := Capacity(DefaultDesign(), 1)
	require.NoError(t, err)
	b, err := json.Marshal(m)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"fidelity":null`)
	assert.Contains(t, string(b), `"advisories":null`)
	var back map[string]any
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, float64(10), back["schools"])
}
