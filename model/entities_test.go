package model_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
)

// TestVisitTookPlace: a visit took place as of a moment when it is
// recorded completed and had started by then — at that very minute
// included — and never when it is scheduled, cancelled or a no-show.
func TestVisitTookPlace(t *testing.T) {
	start := time.Date(2025, 10, 2, 16, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		status model.VisitStatus
		asOf   time.Time
		want   bool
	}{
		{model.Completed, start.Add(time.Hour), true},
		{model.Completed, start, true},
		{model.Completed, start.Add(-time.Minute), false},
		{model.Scheduled, start.Add(time.Hour), false},
		{model.Proposed, start.Add(time.Hour), false},
		{model.Cancelled, start.Add(time.Hour), false},
		{model.NoShow, start.Add(time.Hour), false},
	} {
		v := model.Visit{Status: c.status, Start: start}
		require.Equal(t, c.want, v.TookPlace(c.asOf), "%s as of %v", c.status, c.asOf)
	}
}

// TestLanguagesNeeded: P5.language's reading of a family, on the shapes
// districts have — a bilingual family that speaks the school's language,
// one that records needs_interpreter anyway, regional tags, a
// dual-language school, a family with no language recorded.
func TestLanguagesNeeded(t *testing.T) {
	en, es, esMX, vi := model.Language("en"), model.Language("es"), model.Language("es-MX"), model.Language("vi")
	for _, tt := range []struct {
		name        string
		family      model.Family
		instruction []model.Language
		needs       bool
		languages   []model.Language
	}{
		{"speaks a language of instruction", model.Family{Languages: []model.Language{es, en}}, []model.Language{en}, false, nil},
		{"speaks none", model.Family{Languages: []model.Language{es, vi}}, []model.Language{en}, true, []model.Language{es, vi}},
		{"asks for an interpreter though bilingual", model.Family{Languages: []model.Language{es, en}, NeedsInterpreter: true}, []model.Language{en}, true, []model.Language{es}},
		{"a regional tag is its language", model.Family{Languages: []model.Language{esMX}}, []model.Language{en, es}, false, nil},
		{"a dual-language school", model.Family{Languages: []model.Language{vi}}, []model.Language{en, es}, true, []model.Language{vi}},
		{"needs an interpreter in the school's language only", model.Family{Languages: []model.Language{en}, NeedsInterpreter: true}, []model.Language{en}, true, nil},
		{"no language recorded", model.Family{NeedsInterpreter: true}, []model.Language{en}, false, nil},
	} {
		needs, langs := model.LanguagesNeeded(&tt.family, tt.instruction)
		require.Equal(t, tt.needs, needs, tt.name)
		require.Equal(t, tt.languages, langs, tt.name)
	}
	require.True(t, model.Educator{Languages: []model.Language{esMX}}.Speaks(es), "Speaks compares languages as SameLanguage does")
}
