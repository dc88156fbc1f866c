package report_test

import (
	"bytes"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/internal/nilsafe"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/report"
	"github.com/homevisits/pthv/selection"
	"github.com/homevisits/pthv/synth"
)

// failingWriter refuses every write.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestNilSafety(t *testing.T) {
	cfg := synth.DefaultConfig()
	cfg.Schools, cfg.StudentsPerSchool, cfg.EducatorsPerSchool = 1, 60, 6
	ds, err := synth.District(cfg, 1)
	require.NoError(t, err)
	rep, err := practices.Check(ds, ds.Year.LastDay.AddDays(1).In(ds.Calendar.Location(), 0), nil)
	require.NoError(t, err)
	nilsafe.Check(t, ".", nilsafe.Cases{
		"HTML": func(t *testing.T) {
			var out bytes.Buffer
			err := report.HTML(nil, ds, rep, report.Options{})
			require.ErrorIs(t, err, model.ErrInvalid)
			require.EqualError(t, err, "report: HTML: nil writer: invalid value")
			require.ErrorIs(t, report.HTML((*bytes.Buffer)(nil), ds, rep, report.Options{}), model.ErrInvalid)
			err = report.HTML(&out, nil, rep, report.Options{})
			require.ErrorIs(t, err, model.ErrInvalid)
			require.EqualError(t, err, "report: HTML: nil dataset: invalid value")
			for _, line := range []float64{math.NaN(), math.Inf(1), 1.5} {
				err := report.HTML(&out, ds, rep, report.Options{Systematic: line})
				require.ErrorIs(t, err, model.ErrInvalid, "%v", line)
			}
			require.Zero(t, out.Len(), "nothing is written on an error")
			odd := *ds
			odd.Policy.SystematicCoverage = math.NaN()
			require.ErrorIs(t, report.HTML(&out, &odd, rep, report.Options{}), model.ErrInvalid)
			require.Error(t, report.HTML(failingWriter{}, ds, rep, report.Options{}))

			// A report that does not belong to its dataset, zero values and
			// extremes: a page, not a panic.
			weird := practices.Report{
				Summary:  practices.Summary{AsOf: time.Unix(math.MaxInt64/2, 0), Fidelity: math.NaN(), Schools: math.MinInt},
				Findings: []practices.Finding{{}, {Rule: "P5.pair", Records: []string{""}}},
				Rules:    []practices.RuleResult{{}, {Rule: "nope", Assessable: math.MinInt, Passed: math.MaxInt}},
				Schools:  []practices.SchoolResult{{}, {School: "nowhere", Coverage: practices.Coverage{Students: -1, StudentsVisited: math.MaxInt}}},
				Audit: []practices.AuditResult{{}, {AttributeAudit: selection.AttributeAudit{Attribute: "ell", P: math.NaN(),
					CramersV: math.Inf(1), Levels: []selection.LevelShare{{}, {Level: "yes", PopulationShare: math.NaN(), ChosenShare: math.Inf(-1)}}}}},
			}
			for _, c := range []struct {
				ds  *model.Dataset
				rep practices.Report
				opt report.Options
			}{
				{&model.Dataset{}, practices.Report{}, report.Options{}},
				{&model.Dataset{}, rep, report.Options{MinCellSize: math.MaxInt, Systematic: math.SmallestNonzeroFloat64}},
				{ds, practices.Report{}, report.Options{MinCellSize: math.MinInt, Systematic: math.Inf(-1)}},
				{ds, weird, report.Options{Title: "\x00<script>"}},
			} {
				out.Reset()
				require.NoError(t, report.HTML(&out, c.ds, c.rep, c.opt))
				require.NotZero(t, out.Len())
			}
		},
	})
}
