package report

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/selection"
)

func TestLevelsSuppression(t *testing.T) {
	a := selection.AttributeAudit{Attribute: "home_language", Levels: []selection.LevelShare{
		{Level: "en", Population: 200, Chosen: 40, PopulationShare: 0.8, ChosenShare: 0.8},
		{Level: "es", Population: 40, Chosen: 12, PopulationShare: 0.16, ChosenShare: 0.24},
		{Level: "hmn", Population: 10, Chosen: 9, PopulationShare: 0.04, ChosenShare: 0.18},
	}}
	got := levels(a, 10)
	assert.False(t, got[0].suppressed)
	assert.True(t, got[2].suppressed, "9 chosen is under 10")
	assert.True(t, got[1].suppressed, "the next smallest is hidden too, or hmn could be worked out")
	assert.Zero(t, got[1].population+got[1].chosen+got[2].population+got[2].chosen, "hidden counts are not kept")

	b := selection.AttributeAudit{Levels: []selection.LevelShare{
		{Level: "yes", Population: 100, Chosen: 30}, {Level: "no", Population: 100, Chosen: 30},
	}}
	for _, l := range levels(b, 10) {
		assert.False(t, l.suppressed)
	}
	c := selection.AttributeAudit{Levels: []selection.LevelShare{
		{Level: "yes", Population: 100, Chosen: 95}, {Level: "no", Population: 100, Chosen: 30},
	}}
	got = levels(c, 10)
	assert.True(t, got[0].suppressed, "5 not chosen would tell who was")
	assert.True(t, got[1].suppressed)
}

func TestLevelsWithheld(t *testing.T) {
	// An attribute the audit withheld shows no figure, whatever its levels
	// hold.
	a := selection.AttributeAudit{Withheld: true, Levels: []selection.LevelShare{
		{Level: "en", Population: 200, Chosen: 40}, {Level: selection.PooledLevel, Pooled: true, Population: 100, Chosen: 30},
	}}
	got := levels(a, 10)
	for _, l := range got {
		assert.True(t, l.suppressed, l.level)
		assert.Zero(t, l.population+l.chosen, l.level)
	}
	assert.True(t, got[1].pooled)
}

func TestLevelsRecordedComplement(t *testing.T) {
	// The shares are of the families with a recorded value: hiding hmn
	// and the "not recorded" row alone would leave hmn as the recorded
	// total (en's 200 at 80%: 250) less en and es.
	a := selection.AttributeAudit{Levels: []selection.LevelShare{
		{Level: "en", Population: 200, Chosen: 40, PopulationShare: 0.8, ChosenShare: 0.6},
		{Level: "es", Population: 42, Chosen: 18, PopulationShare: 0.168, ChosenShare: 0.27},
		{Level: "hmn", Population: 8, Chosen: 8, PopulationShare: 0.032, ChosenShare: 0.12},
		{Level: "(not recorded)", NotRecorded: true, Population: 20, Chosen: 10},
	}}
	got := levels(a, 10)
	assert.False(t, got[0].suppressed)
	assert.True(t, got[1].suppressed, "the next smallest recorded value")
	assert.True(t, got[2].suppressed)
	assert.False(t, got[3].suppressed, "not the row outside the shares")

	// The only recorded value hidden: the row beside it goes too.
	b := selection.AttributeAudit{Levels: []selection.LevelShare{
		{Level: "yes", Population: 30, Chosen: 25, PopulationShare: 1, ChosenShare: 1},
		{Level: "(not recorded)", NotRecorded: true, Population: 20, Chosen: 10},
	}}
	got = levels(b, 10)
	assert.True(t, got[0].suppressed)
	assert.True(t, got[1].suppressed)
}

// TestLevelsProperties: over random audits, a shown value rests on groups
// (in scope, chosen, not chosen) of at least min families each; a hidden
// value keeps no figure; among the recorded values, whose shares give
// their total away, none or at least two are hidden (unless every one
// is); no single row is hidden alone (unless it is the only row); and a
// withheld attribute shows nothing.
func TestLevelsProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		// Several audits a case: the shapes that matter (one recorded
		// value and the "not recorded" row under the threshold) are rare.
		for range 20 {
			levelsHold(t)
		}
	})
}

func levelsHold(t *rapid.T) {
	{
		min := rapid.IntRange(1, 20).Draw(t, "min")
		n := rapid.IntRange(1, 6).Draw(t, "levels")
		a := selection.AttributeAudit{Withheld: rapid.Float64Range(0, 1).Draw(t, "withheld") < 0.1}
		for i := range n {
			pop := rapid.IntRange(0, 60).Draw(t, "population")
			chosen := rapid.IntRange(0, pop).Draw(t, "chosen")
			a.Levels = append(a.Levels, selection.LevelShare{
				Level: string(rune('a' + i)), Population: pop, Chosen: chosen,
				PopulationShare: 0.1, ChosenShare: 0.1,
				NotRecorded: i == n-1 && rapid.Bool().Draw(t, "last not recorded"),
				Suppressed:  rapid.Float64Range(0, 1).Draw(t, "suppressed by the audit") < 0.1,
			})
		}
		got := levels(a, min)
		require.Len(t, got, n)
		hidden, recorded, recordedHidden := 0, 0, 0
		for i, s := range got {
			l := a.Levels[i]
			if !l.NotRecorded {
				recorded++
			}
			if s.suppressed {
				hidden++
				if !l.NotRecorded {
					recordedHidden++
				}
				require.Zero(t, s.population+s.chosen, "a hidden value keeps no count")
				require.Zero(t, s.popShare+s.chosenShare, "nor a share")
				continue
			}
			require.False(t, a.Withheld, "a withheld attribute shows a figure")
			require.False(t, l.Suppressed, "shown although the audit suppressed it")
			require.GreaterOrEqual(t, l.Population, min)
			require.GreaterOrEqual(t, l.Chosen, min)
			require.GreaterOrEqual(t, l.Population-l.Chosen, min)
			require.Equal(t, l.Population, s.population)
			require.Equal(t, l.Chosen, s.chosen)
		}
		if recordedHidden != recorded {
			require.NotEqual(t, 1, recordedHidden, "a single recorded value hidden: the shares give it away")
		}
		if n > 1 && hidden != n {
			require.NotEqual(t, 1, hidden, "a single row hidden")
		}
	}
}

func TestLevelsNotRecordedAlone(t *testing.T) {
	// Only the "not recorded" row is under the threshold: hiding the next
	// smallest row (a recorded value) alone would let the shares, which
	// are of the recorded values, give it away — so the next recorded
	// value goes too. The case the property above found.
	a := selection.AttributeAudit{Levels: []selection.LevelShare{
		{Level: "yes", Population: 30, Chosen: 12, PopulationShare: 0.4, ChosenShare: 0.4},
		{Level: "no", Population: 45, Chosen: 18, PopulationShare: 0.6, ChosenShare: 0.6},
		{Level: "(not recorded)", NotRecorded: true, Population: 4, Chosen: 2},
	}}
	got := levels(a, 10)
	for _, l := range got {
		assert.True(t, l.suppressed, l.level)
	}
}
