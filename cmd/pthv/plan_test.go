package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/selection"
)

func TestWriteAuditTextWithholdsFigures(t *testing.T) {
	rep := &selection.AuditReport{Population: 300, Chosen: 60, MinCellSize: 10, Tested: 2, Verdict: selection.Targeting,
		Attributes: []selection.AttributeAudit{
			{Attribute: "ell", Test: selection.Exact, Withheld: true, Verdict: selection.Targeting,
				Levels: []selection.LevelShare{{Level: "no", Suppressed: true}, {Level: "yes", Suppressed: true}}},
			{Attribute: "home_language", Test: selection.ChiSquare, P: 0.5, PAdjusted: 1, CramersV: 0.04, Gap: 0.03, Verdict: selection.OK,
				Levels: []selection.LevelShare{
					{Level: "en", Population: 200, Chosen: 41, PopulationShare: 200.0 / 300, ChosenShare: 41.0 / 60},
					{Level: selection.PooledLevel, Pooled: true, Population: 100, Chosen: 19, PopulationShare: 100.0 / 300, ChosenShare: 19.0 / 60},
				}},
		}}
	var b strings.Builder
	require.NoError(t, writeAuditText(&b, rep))
	out := b.String()
	ell := out[strings.Index(out, "  ell"):strings.Index(out, "  home_language")]
	assert.Contains(t, ell, "figures withheld (a group under 10) targeting")
	assert.NotContains(t, ell, "p=")
	assert.NotContains(t, ell, "population")
	assert.Contains(t, out, "Holm-adjusted over the 2 attributes tested")
	assert.Contains(t, out, "other (pooled)")
	assert.Contains(t, out, "adjusted=1")
}
