package schedule

import (
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// TestSameDaysIsDeepEqual: sameDays, which a Planner asks at every run,
// says what reflect.DeepEqual of two calendars says — the zone compared by
// name — and it knows every exported field a calendar has.
func TestSameDaysIsDeepEqual(t *testing.T) {
	var fields []string
	for f := range reflect.TypeFor[model.Calendar]().Fields() {
		if f.IsExported() {
			fields = append(fields, f.Name)
		}
	}
	require.Equal(t, []string{"TimeZone", "Week", "Hours", "Closures", "Seasons"}, fields,
		"a new field of model.Calendar: compare it in sameDays")

	day := func(t *rapid.T, label string) model.Date {
		return model.NewDate(2025, time.Month(rapid.IntRange(1, 2).Draw(t, label+".month")), rapid.IntRange(1, 3).Draw(t, label+".day"))
	}
	calendar := func(t *rapid.T, label string) model.Calendar {
		c, err := model.NewCalendar(rapid.SampledFrom([]string{"UTC", "America/Chicago"}).Draw(t, label+".zone"),
			model.Hours{Start: model.NewClock(rapid.IntRange(7, 8).Draw(t, label+".start"), 0), End: model.NewClock(15, 0)})
		require.NoError(t, err)
		c.Week = rapid.SliceOfN(rapid.SampledFrom([]time.Weekday{time.Monday, time.Tuesday}), 0, 2).Draw(t, label+".week")
		for range rapid.IntRange(0, 2).Draw(t, label+".closures") {
			from := day(t, label+".from")
			c.Closures = append(c.Closures, model.Closure{From: from, To: from.AddDays(rapid.IntRange(0, 1).Draw(t, label+".len"))})
		}
		if rapid.Bool().Draw(t, label+".seasons") {
			c.Seasons = model.DefaultSeasonBounds()
		}
		return c
	}
	rapid.Check(t, func(t *rapid.T) {
		a, b := calendar(t, "a"), calendar(t, "b")
		// Empty and missing lists lay out the same days; DeepEqual tells
		// them apart.
		norm := func(c model.Calendar) model.Calendar {
			if len(c.Week) == 0 {
				c.Week = nil
			}
			if len(c.Closures) == 0 {
				c.Closures = nil
			}
			return c
		}
		require.Equal(t, reflect.DeepEqual(norm(a), norm(b)), sameDays(a, b), "%+v\n%+v", a, b)
		require.True(t, sameDays(a, a))
	})
}
