package model_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// TestPayRule: the pay rule on the shapes real districts have — a
// teacher and a classified liaison at different rates, a liaison with
// hours of her own, a visit partly in the school day, a weekend, a
// stipend paid by a foundation, a district that pays by stipend only
// (a zero rate), a visit in the working day.
func TestPayRule(t *testing.T) {
	cal := laCalendar(t)
	loc := cal.Location()
	rule := model.PayRule{Calendar: cal, Year: year2025(), CertificatedRateCents: 4000, ClassifiedRateCents: 3000}
	stipendOnly := rule
	stipendOnly.CertificatedRateCents, stipendOnly.ClassifiedRateCents = 0, 0
	teacher := &model.Educator{ID: "E-T", Role: model.Certificated}
	liaison := &model.Educator{ID: "E-L", Role: model.Classified}
	afternoons := model.Hours{Start: model.NewClock(12, 0), End: model.NewClock(19, 0)}
	stipend := &model.Educator{ID: "E-S", Role: model.Certificated,
		Stipends: []model.Stipend{{Year: year2025().ID, AmountCents: 150000, Source: model.Foundation}}}
	lastYearsStipend := &model.Educator{ID: "E-O", Role: model.Certificated,
		Stipends: []model.Stipend{{Year: "2024-25", AmountCents: 150000, Source: model.Foundation}}}
	tuesday := func(h, m int) time.Time { return time.Date(2025, time.September, 16, h, m, 0, 0, loc) }
	saturday := time.Date(2025, time.September, 20, 10, 0, 0, 0, loc)
	const forty = 40 * time.Minute
	for _, c := range []struct {
		name  string
		rule  model.PayRule
		e     *model.Educator
		hours model.Hours
		start time.Time
		want  model.Compensation
	}{
		{"teacher in the evening", rule, teacher, schoolHours, tuesday(17, 0),
			model.Compensation{Educator: "E-T", MinutesOutside: 40, AmountCents: 2667, Source: model.TitleI}},
		{"liaison in the evening, her own rate", rule, liaison, schoolHours, tuesday(17, 0),
			model.Compensation{Educator: "E-L", MinutesOutside: 40, AmountCents: 2000, Source: model.TitleI}},
		{"liaison who works afternoons: inside her day", rule, liaison, afternoons, tuesday(17, 0),
			model.Compensation{Educator: "E-L"}},
		{"teacher at the end of the school day", rule, teacher, schoolHours, tuesday(14, 40),
			model.Compensation{Educator: "E-T", MinutesOutside: 20, AmountCents: 1334, Source: model.TitleI}},
		{"teacher on a Saturday", rule, teacher, schoolHours, saturday,
			model.Compensation{Educator: "E-T", MinutesOutside: 40, AmountCents: 2667, Source: model.TitleI}},
		{"teacher in the school day", rule, teacher, schoolHours, tuesday(10, 0),
			model.Compensation{Educator: "E-T"}},
		{"stipend, paid by the foundation", rule, stipend, schoolHours, tuesday(17, 0),
			model.Compensation{Educator: "E-S", MinutesOutside: 40, Stipend: true, Source: model.Foundation}},
		{"last year's stipend does not cover this year", rule, lastYearsStipend, schoolHours, tuesday(17, 0),
			model.Compensation{Educator: "E-O", MinutesOutside: 40, AmountCents: 2667, Source: model.TitleI}},
		{"zero rate: time on record, unpaid", stipendOnly, teacher, schoolHours, tuesday(17, 0),
			model.Compensation{Educator: "E-T", MinutesOutside: 40}},
		{"zero rate, stipend still covers", stipendOnly, stipend, schoolHours, tuesday(17, 0),
			model.Compensation{Educator: "E-S", MinutesOutside: 40, Stipend: true, Source: model.Foundation}},
		{"no educator", rule, nil, schoolHours, tuesday(17, 0), model.Compensation{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.Equal(t, c.want, c.rule.Pay(c.e, c.hours, c.start, forty, model.TitleI))
		})
	}
}

// TestPayRuleProperties: an amount always comes with a source and never
// with a stipend, is the minutes at the role's rate rounded up to the
// cent, and the minutes never exceed the visit's.
func TestPayRuleProperties(t *testing.T) {
	cal := laCalendar(t)
	rapid.Check(t, func(t *rapid.T) {
		rule := model.PayRule{Calendar: cal, Year: year2025(),
			CertificatedRateCents: rapid.Int64Range(0, model.MaxRateCents).Draw(t, "certificated"),
			ClassifiedRateCents:   rapid.Int64Range(0, model.MaxRateCents).Draw(t, "classified")}
		e := &model.Educator{ID: "E", Role: rapid.SampledFrom([]model.Role{model.Certificated, model.Classified, ""}).Draw(t, "role")}
		if rapid.Bool().Draw(t, "stipend") {
			e.Stipends = []model.Stipend{{Year: rule.Year.ID, Source: model.Union}}
		}
		start := time.Date(2025, time.June, 1, 0, 0, 0, 0, cal.Location()).Add(time.Duration(rapid.IntRange(0, 400*24*4).Draw(t, "quarter hours")) * 15 * time.Minute)
		d := time.Duration(rapid.IntRange(0, 240).Draw(t, "minutes")) * time.Minute
		c := rule.Pay(e, schoolHours, start, d, model.DistrictFunds)
		require.Equal(t, e.ID, c.Educator)
		require.LessOrEqual(t, c.MinutesOutside, int(d/time.Minute))
		require.Equal(t, c.AmountCents > 0, c.Source == model.DistrictFunds, "an amount, and only an amount, names the school's source")
		require.False(t, c.Stipend && c.AmountCents > 0)
		if !c.Stipend {
			require.Equal(t, model.CentsFor(c.MinutesOutside, rule.Rate(e.Role)), c.AmountCents)
		}
		require.Equal(t, c.Stipend, len(e.Stipends) > 0 && c.MinutesOutside > 0)
	})
}

// The pay of a teacher and a classified liaison on the same evening
// visit, at their own rates, paid from Title I.
func ExamplePayRule() {
	cal, _ := model.NewCalendar("America/Los_Angeles", model.Hours{Start: model.NewClock(8, 0), End: model.NewClock(15, 0)})
	year := model.NewSchoolYear(model.NewDate(2025, time.August, 18), model.NewDate(2026, time.June, 5))
	rule := model.PayRule{Calendar: cal, Year: year, CertificatedRateCents: 4000, ClassifiedRateCents: 3000}
	start := time.Date(2025, time.September, 16, 17, 0, 0, 0, cal.Location())
	for _, e := range []model.Educator{{ID: "E-1", Role: model.Certificated}, {ID: "E-2", Role: model.Classified}} {
		c := rule.Pay(&e, cal.Hours, start, 40*time.Minute, model.TitleI)
		fmt.Printf("%s: %d min outside, %s from %s\n", c.Educator, c.MinutesOutside, model.FormatDollars(c.AmountCents), c.Source)
	}
	// Output:
	// E-1: 40 min outside, $26.67 from title-i
	// E-2: 40 min outside, $20.00 from title-i
}

// TestPayOutsideIsPay: paying the minutes outside the working day worked
// out beforehand pays what Pay pays, for visitors of either role, with
// and without a stipend, at any rates, starts and lengths.
func TestPayOutsideIsPay(t *testing.T) {
	cal, err := model.NewCalendar("America/Denver", model.Hours{Start: model.NewClock(8, 0), End: model.NewClock(15, 0)})
	require.NoError(t, err)
	year := model.NewSchoolYear(model.NewDate(2025, time.August, 18), model.NewDate(2026, time.June, 5))
	rapid.Check(t, func(t *rapid.T) {
		rule := model.PayRule{Calendar: cal, Year: year,
			CertificatedRateCents: rapid.SampledFrom([]int64{0, 4000}).Draw(t, "certificated"),
			ClassifiedRateCents:   rapid.SampledFrom([]int64{0, 2500}).Draw(t, "classified")}
		e := &model.Educator{ID: "E1", Role: rapid.SampledFrom([]model.Role{model.Certificated, model.Classified}).Draw(t, "role")}
		if rapid.Bool().Draw(t, "stipend") {
			e.Stipends = []model.Stipend{{Year: year.ID, Source: model.TitleI}}
		}
		start := time.Date(2025, time.August, 20, 12, 0, 0, 0, time.UTC).Add(time.Duration(rapid.IntRange(0, 24*60).Draw(t, "minute")) * time.Minute)
		d := time.Duration(rapid.IntRange(0, 240).Draw(t, "length")) * time.Minute
		minutes := cal.MinutesOutsideWorkingDay(year, model.Hours{}, start, d)
		require.Equal(t, rule.Pay(e, model.Hours{}, start, d, model.DistrictFunds), rule.PayOutside(e, minutes, model.DistrictFunds))
	})
	require.Equal(t, model.Compensation{}, model.PayRule{}.PayOutside(nil, 30, model.TitleI))
}
