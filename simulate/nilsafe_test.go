package simulate

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/internal/nilsafe"
	"github.com/homevisits/pthv/model"
)

// writers are the Results writers, by name.
var writers = map[string]func(*Results, *bytes.Buffer) error{
	"WriteCSV":        func(r *Results, w *bytes.Buffer) error { return r.WriteCSV(w) },
	"WriteSchoolsCSV": func(r *Results, w *bytes.Buffer) error { return r.WriteSchoolsCSV(w) },
	"WriteSummary":    func(r *Results, w *bytes.Buffer) error { return r.WriteSummary(w) },
	"WriteSummaryCSV": func(r *Results, w *bytes.Buffer) error { return r.WriteSummaryCSV(w) },
}

// writerCase requires the Results writer name to refuse a nil *Results, a
// nil writer and a replication naming a missing design, writing nothing,
// and to write odd but consistent results.
func writerCase(name string) func(t *testing.T) {
	write := writers[name]
	return func(t *testing.T) {
		var out bytes.Buffer
		err := write(nil, &out)
		require.ErrorIs(t, err, model.ErrInvalid)
		require.ErrorContains(t, err, "simulate: Results."+name+": nil results")
		err = write(&Results{}, nil)
		require.ErrorIs(t, err, model.ErrInvalid)
		require.ErrorContains(t, err, "simulate: Results."+name+": nil writer")
		for _, d := range []int{-1, 1, math.MaxInt} {
			err := write(&Results{Designs: []Design{{}}, Replications: []Replication{{Design: d}}}, &out)
			require.ErrorIs(t, err, model.ErrInvalid, "design %d", d)
		}
		require.Zero(t, out.Len(), "nothing is written on an error")
		for _, runs := range []int{math.MinInt, -1, 0, 1, 2, math.MaxInt} {
			odd := &Results{Designs: []Design{{}, {ID: "=x"}}, Runs: runs, Replications: []Replication{
				{Design: 1, Metrics: Metrics{Advisories: math.NaN(), Fidelity: math.Inf(1), Coverage: []SchoolCoverage{{}}}}, {}}}
			require.NoError(t, write(odd, &out), "runs %d", runs)
		}
	}
}

func TestNilSafety(t *testing.T) {
	small := smallDesign("small")
	nilsafe.Check(t, ".", nilsafe.Cases{
		"DefaultProgramYear": func(t *testing.T) { require.NoError(t, DefaultDesign().Validate()); _ = DefaultProgramYear() },
		"DefaultBudget":      func(t *testing.T) { require.Equal(t, DistrictBudget, DefaultBudget().Scope) },
		"DefaultYears":       func(t *testing.T) { require.Equal(t, 1, DefaultYears().Count) },
		"Program": func(t *testing.T) {
			_, err := Program(Design{}, 0)
			require.ErrorIs(t, err, ErrDesign)
			bad := small
			bad.Years.Count = math.MaxInt
			_, err = Program(bad, math.MaxUint64)
			require.ErrorIs(t, err, ErrDesign)
		},
		"Capacity": func(t *testing.T) {
			_, err := Capacity(Design{}, 0)
			require.ErrorIs(t, err, ErrDesign)
			big := small
			big.District.Schools, big.District.StudentsPerSchool = math.MaxInt, math.MinInt
			_, err = Capacity(big, math.MaxUint64)
			require.ErrorIs(t, err, ErrDesign)
			nan := small
			nan.OptInRate, nan.Outcomes.ELAProficiency.Estimate = math.NaN(), math.Inf(1)
			_, err = Capacity(nan, 0)
			require.ErrorIs(t, err, ErrDesign)
			_, err = Capacity(small, math.MaxUint64)
			require.NoError(t, err)
		},
		"DecodeDesign": func(t *testing.T) {
			_, err := DecodeDesign("d.json", nil)
			require.ErrorIs(t, err, ErrDesign)
			require.EqualError(t, err, "simulate: d.json: nil reader")
			_, err = DecodeDesign("", (*bytes.Reader)(nil))
			require.ErrorIs(t, err, ErrDesign)
			_, err = DecodeDesign("", strings.NewReader(""))
			require.ErrorIs(t, err, ErrDesign)
			_, err = DecodeDesign("", strings.NewReader(`{"opt_in_rate": 1e999}`))
			require.ErrorIs(t, err, ErrDesign)
		},
		"DecodeSweep": func(t *testing.T) {
			_, err := DecodeSweep("s.json", nil)
			require.ErrorIs(t, err, ErrDesign)
			require.EqualError(t, err, "simulate: s.json: nil reader")
			_, err = DecodeSweep("", strings.NewReader("{}"))
			require.ErrorIs(t, err, ErrDesign)
		},
		"Columns": func(t *testing.T) { require.Len(t, Columns(), len(Header())) },
		"DecodeMeta": func(t *testing.T) {
			_, err := DecodeMeta("m.json", nil)
			require.ErrorIs(t, err, ErrDesign)
			for _, in := range []string{"", "{}", `{"format": "pthv-simulate-meta/1"}`, `{"format": "pthv-simulate-meta/1", "designs": [], "design_sha256": "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"}`} {
				_, err := DecodeMeta("m.json", strings.NewReader(in))
				require.ErrorIs(t, err, ErrDesign, in)
			}
		},
		"DefaultDesign":      func(t *testing.T) { require.NoError(t, DefaultDesign().Validate()) },
		"DefaultPowerDesign": func(t *testing.T) { require.NoError(t, DefaultPowerDesign().Validate()) },
		"DesignHash": func(t *testing.T) {
			require.Len(t, DesignHash(nil), 64)
			require.Empty(t, DesignHash([]Design{{InviteShare: math.NaN()}}))
		},
		"Meta.Options": func(t *testing.T) {
			_, err := Meta{}.Options()
			require.Error(t, err)
			_, err = Meta{Seed: "s1", Shard: "9/2"}.Options()
			require.Error(t, err)
		},
		"Plot.WriteSVG": func(t *testing.T) {
			require.Error(t, Plot{}.WriteSVG(nil))
			var b bytes.Buffer
			require.NoError(t, Plot{}.WriteSVG(&b))
			odd := Plot{Series: []Series{{}, {Points: []PlotPoint{{X: math.NaN(), Mean: math.Inf(1)}, {X: math.MaxFloat64, P2_5: -math.MaxFloat64}}}}}
			require.NoError(t, odd.WriteSVG(&b))
		},
		"Power": func(t *testing.T) {
			_, err := Power(PowerDesign{})
			require.ErrorIs(t, err, ErrDesign)
			d := DefaultPowerDesign()
			d.ICC, d.Seed, d.Replications = math.NaN(), math.MaxUint64, math.MaxInt
			_, err = Power(d)
			require.ErrorIs(t, err, ErrDesign)
		},
		"PowerDesign.DesignEffect": func(t *testing.T) { require.Equal(t, 1.0, PowerDesign{}.DesignEffect()) },
		"PowerDesign.FormulaMDE":   func(t *testing.T) { require.True(t, math.IsNaN(PowerDesign{}.FormulaMDE())) },
		"PowerDesign.FormulaPower": func(t *testing.T) {
			require.True(t, math.IsNaN(PowerDesign{}.FormulaPower(0.5)))
			require.True(t, math.IsNaN(DefaultPowerDesign().FormulaPower(math.NaN())))
		},
		"PowerDesign.Validate": func(t *testing.T) {
			require.ErrorIs(t, PowerDesign{Schools: math.MinInt, ICC: math.Inf(-1)}.Validate(), ErrDesign)
		},
		"PowerResult.Method": func(t *testing.T) { require.NotEmpty(t, PowerResult{}.Method()) },
		"Results.Meta": func(t *testing.T) {
			require.Zero(t, (*Results)(nil).Meta().Format)
			require.Equal(t, MetaFormat, new(Results).Meta().Format)
		},
		"Results.Plots": func(t *testing.T) {
			require.Nil(t, (*Results)(nil).Plots())
			odd := &Results{Designs: []Design{{}, {InviteShare: 1}}, Runs: -1, Replications: []Replication{{Design: 1}}}
			odd.Plots()
		},
		"SameRun": func(t *testing.T) {
			require.NoError(t, SameRun(Meta{}, Meta{}))
			require.Error(t, SameRun(Meta{}, Meta{Runs: 1}))
		},
		"WriteMeta": func(t *testing.T) {
			require.Error(t, WriteMeta(nil, Meta{}))
			var b bytes.Buffer
			require.NoError(t, WriteMeta(&b, Meta{}))
		},
		"FormatSeed": func(t *testing.T) {
			require.Equal(t, "s0", FormatSeed(0))
			require.Equal(t, "s18446744073709551615", FormatSeed(math.MaxUint64))
		},
		"MergeCSV": func(t *testing.T) {
			var out bytes.Buffer
			require.ErrorIs(t, MergeCSV(nil, nil, strings.NewReader("a\n")), model.ErrInvalid)
			require.ErrorIs(t, MergeCSV(&out, nil), ErrMerge)
			require.ErrorIs(t, MergeCSV(&out, nil, nil), model.ErrInvalid)
			require.ErrorIs(t, MergeCSV(&out, []string{""}, (*bytes.Reader)(nil)), model.ErrInvalid)
			require.ErrorIs(t, MergeCSV(&out, nil, strings.NewReader("")), ErrMerge)
			require.ErrorIs(t, MergeCSV(&out, nil, strings.NewReader("a\n"), strings.NewReader("b\n")), ErrMerge)
		},
		"ParseSeed": func(t *testing.T) {
			for _, bad := range []string{"", "s", "-1", "+1", " 1", "0x10", "1e5", "18446744073709551616", "s1.0"} {
				_, err := ParseSeed(bad)
				require.Error(t, err, bad)
			}
		},
		"ParseShard": func(t *testing.T) {
			for _, bad := range []string{"", "/", "0/1", "2/1", "1/0", "-1/3", "1/1000001", "a/b", "1/2/3"} {
				_, err := ParseShard(bad)
				require.Error(t, err, bad)
			}
		},
		"Shard.Range": func(t *testing.T) {
			for _, total := range []int{math.MinInt, -1, 0, math.MaxInt} {
				Shard{K: 3, N: 7}.Range(total)
				Shard{K: MaxShards, N: MaxShards}.Range(total)
				Shard{}.Range(total)
			}
			first, last := Shard{K: 1, N: 3}.Range(1)
			require.Greater(t, first, last, "an empty slice")
		},
		"Shard.String": func(t *testing.T) { require.Equal(t, "1/1", Shard{}.String()) },
		"Shard.Whole":  func(t *testing.T) { require.True(t, Shard{}.Whole()) },
		"Design.Validate": func(t *testing.T) {
			require.ErrorIs(t, Design{}.Validate(), ErrDesign)
			d := small
			d.Compensation.BudgetCents = math.MinInt64
			d.Training.InitialHours = math.Inf(1)
			d.Compensation.Funding = []FundingShare{{Source: model.DistrictFunds, Share: math.NaN()}}
			require.ErrorIs(t, d.Validate(), ErrDesign)
		},
		"DesignError.Error": func(t *testing.T) {
			require.Equal(t, "<nil>", (*DesignError)(nil).Error())
			require.Equal(t, "simulate: ", new(DesignError).Error())
		},
		"DesignError.Unwrap": func(t *testing.T) { require.ErrorIs(t, (*DesignError)(nil).Unwrap(), ErrDesign) },
		"Header":             func(t *testing.T) { require.NotEmpty(t, Header()) },
		"MetricNames":        func(t *testing.T) { require.NotEmpty(t, MetricNames()) },
		"Metrics.MarshalJSON": func(t *testing.T) {
			b, err := Metrics{}.MarshalJSON()
			require.NoError(t, err)
			require.NotEmpty(t, b)
			_, err = Metrics{Advisories: math.NaN(), Fidelity: math.NaN()}.MarshalJSON()
			require.NoError(t, err)
			_, err = Metrics{Advisories: math.Inf(1)}.MarshalJSON()
			require.Error(t, err)
		},
		"NewAxis": func(t *testing.T) {
			a, err := NewAxis("")
			require.NoError(t, err)
			require.Empty(t, a.Values)
			_, err = NewAxis("opt_in_rate", math.NaN())
			require.ErrorIs(t, err, ErrDesign)
			_, err = NewAxis("opt_in_rate", func() {})
			require.ErrorIs(t, err, ErrDesign)
		},
		"OutcomeAssumptions.Draw": func(t *testing.T) {
			require.Zero(t, OutcomeAssumptions{}.Draw(0))
			o := SheldonJung2018()
			o.ELAProficiency.Interval = []float64{math.NaN(), math.Inf(1)}
			o.Draw(math.MaxUint64)
		},
		"OutcomeAssumptions.Estimates": func(t *testing.T) { require.Zero(t, OutcomeAssumptions{}.Estimates()) },
		"OutcomeAssumptions.Evidence":  func(t *testing.T) { require.NotEmpty(t, OutcomeAssumptions{}.Evidence()) },
		"OutcomeAssumptions.Project": func(t *testing.T) {
			require.Zero(t, OutcomeAssumptions{}.Project(nil).ChronicAbsence.Change)
			odd := []SchoolCoverage{{Students: -1, StudentsVisited: math.MaxInt}, {Students: math.MaxInt}}
			o := SheldonJung2018()
			o.ChronicAbsence.Baseline = math.NaN()
			o.ChronicAbsence.SchoolBaselines = []float64{math.Inf(-1)}
			o.Project(odd)
			SheldonJung2018().Project(odd)
		},
		"OutcomeAssumptions.ProjectWith": func(t *testing.T) {
			cov := []SchoolCoverage{{Students: 10, StudentsVisited: 5, Systematic: true}}
			p := SheldonJung2018().ProjectWith(cov, Effects{ChronicAbsence: math.NaN(), ELAProficiency: math.Inf(1)})
			require.True(t, math.IsNaN(p.ChronicAbsence.Rate))
			OutcomeAssumptions{Model: DoseResponseModel}.ProjectWith(cov, Effects{})
		},
		"OutcomeEffect.Apply": func(t *testing.T) {
			require.Zero(t, OutcomeEffect{}.Apply(0, 0.5))
			require.True(t, math.IsNaN(OutcomeEffect{Scale: OddsRatio}.Apply(math.NaN(), 0.5)))
			require.Equal(t, 1.0, OutcomeEffect{Scale: RiskRatio}.Apply(math.Inf(1), 0.5))
		},
		"OutcomeEffect.PointEstimate": func(t *testing.T) { require.True(t, OutcomeEffect{}.PointEstimate()) },
		"OutcomeModels":               func(t *testing.T) { require.Len(t, OutcomeModels(), 3) },
		"ParameterNames":              func(t *testing.T) { require.NotEmpty(t, ParameterNames()) },
		"Results.Assumptions": func(t *testing.T) {
			require.Nil(t, (*Results)(nil).Assumptions())
			require.NotEmpty(t, new(Results).Assumptions())
		},
		"Results.Summary": func(t *testing.T) {
			require.Nil(t, (*Results)(nil).Summary())
			require.Empty(t, new(Results).Summary())
			for _, runs := range []int{math.MinInt, -1, 0, math.MaxInt} {
				odd := &Results{Designs: []Design{{}}, Runs: runs, Replications: []Replication{{}, {Design: 7}}}
				require.NotEmpty(t, odd.Summary(), "runs %d", runs)
			}
		},
		"Results.WriteCSV":        writerCase("WriteCSV"),
		"Results.WriteSchoolsCSV": writerCase("WriteSchoolsCSV"),
		"Results.WriteSummary":    writerCase("WriteSummary"),
		"Results.WriteSummaryCSV": writerCase("WriteSummaryCSV"),
		"Run": func(t *testing.T) {
			_, err := Run(nil, []Design{small}, Options{Runs: 1, Mode: CapacityModel})
			require.ErrorIs(t, err, ErrDesign)
			require.ErrorContains(t, err, "ctx: nil context")
			ctx := context.Background()
			for _, opt := range []Options{{}, {Runs: math.MinInt}, {Runs: math.MaxInt}, {Runs: 1, Mode: "\x00"}} {
				_, err := Run(ctx, []Design{small}, opt)
				require.ErrorIs(t, err, ErrDesign, "%+v", opt)
			}
			_, err = Run(ctx, nil, Options{Runs: 1})
			require.ErrorIs(t, err, ErrDesign)
			many := make([]Design, MaxReplications/MaxRuns+1)
			for i := range many {
				many[i] = small
				many[i].ID = strings.Repeat("x", i+1)
			}
			_, err = Run(ctx, many, Options{Runs: MaxRuns, Mode: CapacityModel})
			require.ErrorIs(t, err, ErrDesign)
			require.ErrorContains(t, err, "too many")
			res, err := Run(ctx, []Design{small}, Options{Runs: 2, Seed: math.MaxUint64, Mode: CapacityModel,
				Workers: math.MaxInt})
			require.NoError(t, err)
			require.Len(t, res.Replications, 2)
			cancelled, cancel := context.WithCancel(ctx)
			cancel()
			_, err = Run(cancelled, []Design{small}, Options{Runs: 1, Workers: math.MinInt, Mode: CapacityModel})
			require.ErrorIs(t, err, context.Canceled)
		},
		"SchoolCoverage.Share": func(t *testing.T) {
			require.Zero(t, SchoolCoverage{}.Share())
			SchoolCoverage{Students: -1, StudentsVisited: math.MaxInt}.Share()
		},
		"Seed": func(t *testing.T) {
			Seed(0, math.MinInt)
			Seed(math.MaxUint64, math.MaxInt)
		},
		"SheldonJung2018": func(t *testing.T) { require.NotZero(t, SheldonJung2018()) },
		"Simulate": func(t *testing.T) {
			y, err := Simulate(Design{}, 0)
			require.ErrorIs(t, err, ErrDesign)
			require.Zero(t, y)
			d := small
			d.InviteShare = math.NaN()
			_, err = Simulate(d, math.MaxUint64)
			require.ErrorIs(t, err, ErrDesign)
		},
		"Sweep.Expand": func(t *testing.T) {
			_, err := Sweep{}.Expand(Design{})
			require.ErrorIs(t, err, ErrDesign)
			ds, err := Sweep{}.Expand(small)
			require.NoError(t, err)
			require.Len(t, ds, 1)
			_, err = Sweep{Grid: []Axis{{}, {Field: "opt_in_rate"}}}.Expand(small)
			require.ErrorIs(t, err, ErrDesign)
			_, err = Sweep{Designs: []json.RawMessage{nil, json.RawMessage("{")}}.Expand(small)
			require.ErrorIs(t, err, ErrDesign)
		},
	})
}
