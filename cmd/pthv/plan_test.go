package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/selection"
)

func TestWriteAuditTextWithholdsFigures(t *testing.T) {
	rep := selection.AuditReport{Population: 300, Chosen: 60, MinCellSize: 10, Tested: 2, Verdict: selection.Targeting,
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

// TestPlanStrataSuppressSmallCells: the strata table follows the audits'
// small-cell rule — no stratum with fewer than min_cell_size families in
// scope, chosen or not chosen is shown, not even by name, and a single
// hidden stratum takes the next smallest with it.
func TestPlanStrataSuppressSmallCells(t *testing.T) {
	st := func(key string, pop, chosen int) selection.Stratum {
		return selection.Stratum{Key: key, Population: pop, Chosen: chosen}
	}
	keys := func(strata []selection.Stratum) []string {
		var out []string
		for _, s := range strata {
			out = append(out, s.Key)
		}
		return out
	}
	cases := []struct {
		name   string
		strata []selection.Stratum
		shown  []string
		hidden int
	}{
		{"all large", []selection.Stratum{st("a", 40, 20), st("b", 30, 15)}, []string{"a", "b"}, 0},
		{"small population", []selection.Stratum{st("a", 400, 100), st("b", 300, 75), st("c", 200, 50), st("d", 9, 2), st("e", 3, 1)}, []string{"a", "b", "c"}, 2},
		{"few chosen", []selection.Stratum{st("a", 400, 100), st("b", 300, 75), st("c", 30, 8), st("d", 20, 10)}, []string{"a", "b"}, 2}, // d, the smallest shown, hides with c
		{"few left out", []selection.Stratum{st("a", 40, 35), st("b", 40, 20), st("c", 50, 25)}, []string{"c"}, 2},
		{"everyone chosen", []selection.Stratum{st("a", 400, 400), st("b", 300, 300)}, nil, 2},
		{"one alone", []selection.Stratum{st("all", 5, 2)}, nil, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			shown, hidden := shownStrata(c.strata, 10)
			assert.Equal(t, c.shown, keys(shown))
			assert.Equal(t, c.hidden, hidden)
			assert.Equal(t, len(c.strata), len(shown)+hidden)
		})
	}
}

// TestPlanTextHidesSmallStrata runs plan on a synthetic district whose
// rarer home languages make strata of a few families.
func TestPlanTextHidesSmallStrata(t *testing.T) {
	data := filepath.Join(t.TempDir(), "d.json")
	code, _, stderr := pthv(t, "synth", "--schools", "2", "-o", data)
	require.Equal(t, exitOK, code, stderr)
	code, stdout, stderr := pthv(t, "plan", data, "--share", "0.3", "--balance", "ell,home_language", "--seed", "1")
	require.NotEqual(t, exitUsage, code, stderr)
	table := stdout[strings.Index(stdout, "\nStrata\n"):strings.Index(stdout, "\nTeachers asked to visit")]
	rows := 0
	for _, line := range strings.Split(table, "\n")[3:] {
		f := strings.Fields(line)
		if len(f) != 5 {
			continue
		}
		rows++
		pop, chosen := atoi(t, f[1]), atoi(t, f[3])
		assert.GreaterOrEqual(t, min(pop, chosen, pop-chosen), 10, line)
	}
	assert.Positive(t, rows, table)
	assert.Regexp(t, `\d+ other strata not shown, so that no group of fewer than 10 families`, table)
	assert.NotContains(t, table, "home_language=ne", "a language one family speaks is not named")

	_, jsonOut, _ := pthv(t, "plan", data, "--share", "0.3", "--balance", "ell,home_language", "--seed", "1", "--format", "json")
	assert.Contains(t, jsonOut, `"strata"`, "JSON, for programs, keeps every stratum")
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	require.NoError(t, err, s)
	return n
}
