package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/practices/practicestest"
	"github.com/homevisits/pthv/synth"
)

// requireSameJSON requires writeReportJSON to write what writeJSON
// writes for rep, byte for byte.
func requireSameJSON(t require.TestingT, rep practices.Report, msg string) {
	var want, got bytes.Buffer
	require.NoError(t, writeJSON(&want, rep), msg)
	require.NoError(t, writeReportJSON(&got, rep), msg)
	require.Equal(t, want.String(), got.String(), msg)
}

// TestReportJSONIsWriteJSON: the streamed report is encoding/json's, for
// reports with and without findings, audits and schools, nil and empty
// lists, and text that encoding/json would escape for HTML.
func TestReportJSONIsWriteJSON(t *testing.T) {
	ds, err := synth.District(synth.DefaultConfig(), 3)
	require.NoError(t, err)
	asOf := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	full, err := practices.Check(ds, asOf, nil)
	require.NoError(t, err)
	require.NotEmpty(t, full.Findings)
	require.NotEmpty(t, full.Audit)

	odd := full
	odd.Findings = []practices.Finding{{Rule: "P1.notice", Message: `<b>"quoted" & 'odd'</b> ` + "\u2028 é \t", Records: nil}}
	odd.Audit = nil

	cases := map[string]practices.Report{
		"the default district":   full,
		"filtered to P5":         full.Filter("P5.*"),
		"filtered to no audit":   full.Filter("P1"),
		"zero":                   {},
		"empty lists":            {Findings: []practices.Finding{}, Rules: []practices.RuleResult{}, Schools: []practices.SchoolResult{}, Audit: []practices.AuditResult{}},
		"escaped text, no audit": odd,
	}
	for name, rep := range cases {
		requireSameJSON(t, rep, name)
	}
}

// TestReportJSONIsWriteJSONOnGeneratedPrograms checks generated programs
// as of a generated date.
func TestReportJSONIsWriteJSONOnGeneratedPrograms(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := practicestest.Dataset().Draw(t, "dataset")
		asOf := ds.Year.Start().In(time.UTC, 0).AddDate(0, 0, rapid.IntRange(0, 420).Draw(t, "days"))
		rep, err := practices.Check(ds, asOf, nil)
		if err != nil {
			require.ErrorIs(t, err, model.ErrInvalid)
			return
		}
		requireSameJSON(t, rep, "generated")
	})
}
