package schedule

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// TestPayMemoIsThePayRule: an appointment's visitors, paid for the
// minutes outside their working day the memo holds (payMemo), are paid what
// model.PayRule.Pay pays each — synthetic schools whose educators keep
// working days of their own, stipends and either role at times, under
// any rates (zero ones too), with and without the working hours taken.
func TestPayMemoIsThePayRule(t *testing.T) {
	alike := 0
	rapid.Check(t, func(t *rapid.T) {
		ds := drawSchool(t)
		hours := []model.Hours{{Start: model.NewClock(7, 30), End: model.NewClock(15, 0)}, {Start: model.NewClock(9, 0), End: model.NewClock(17, 30)}}
		for i := range ds.Educators {
			e := &ds.Educators[i]
			switch rapid.IntRange(0, 5).Draw(t, "hours") {
			case 0:
				e.WorkingHours = &hours[0]
			case 1:
				e.WorkingHours = &hours[1]
			}
			if rapid.IntRange(0, 3).Draw(t, "stipend") == 0 {
				e.Stipends = append(e.Stipends, model.Stipend{Year: ds.Year.ID, AmountCents: 100000, Source: rapid.SampledFrom(model.FundingSources()).Draw(t, "source")})
			}
			if rapid.IntRange(0, 3).Draw(t, "role") == 0 {
				e.Role = model.Classified
			}
		}
		pol := ds.Policy
		pol.CertificatedRateCents = rapid.SampledFrom([]int64{0, 3500, 4000}).Draw(t, "certificated")
		pol.ClassifiedRateCents = rapid.SampledFrom([]int64{0, 2500, 4000}).Draw(t, "classified")
		asOf := ds.Year.FirstDay.AddDays(rapid.IntRange(-20, 150).Draw(t, "day")).In(ds.Calendar.Location(), model.NewClock(9, 0))
		opt := Options{Policy: &pol, WorkingHoursBusy: rapid.Bool().Draw(t, "busy"), Method: Heuristic}
		fast, err := newProblem(ds, asOf, opt, nil, nil, nil)
		require.NoError(t, err)
		got, err := fast.solve()
		require.NoError(t, err)
		oracle, err := newProblem(ds, asOf, opt, nil, nil, nil)
		require.NoError(t, err)
		oracle.alwaysPay = true
		want, err := oracle.solve()
		require.NoError(t, err)
		require.Equal(t, want, got)
		pay := fast.payer()
		for _, a := range got.Appointments {
			for j := range a.Visitors {
				if j > 0 && a.Pay[j].MinutesOutside > 0 && a.Pay[j].MinutesOutside == a.Pay[0].MinutesOutside && a.Pay[j].Source == a.Pay[0].Source {
					alike++
				}
			}
			// And each is the rule's, looked up by id.
			require.Equal(t, pay.pay(a.School, a.Visitors, a.Start, time.Duration(a.Duration)), a.Pay)
		}
	})
	require.Positive(t, alike, "some visitors must be paid alike")
	t.Logf("%d visitors paid as the first of theirs", alike)
}

// TestPayMemoKeepsToItsRule: a memo asked, call after call, for the
// minutes outside the working day of visitors under rules of other calendars (time zone, school week,
// hours, closures; the week changed in place too) and school years, at
// rates of other policies, pays
// each what model.PayRule.Pay pays: it forgets what it remembered of
// another calendar or year, and tells apart the terms of one.
func TestPayMemoKeepsToItsRule(t *testing.T) {
	// A Wednesday and a Friday of the first year's first week, before
	// the second's; at 14:00 in Denver, 16:00 in New York.
	starts := []time.Time{time.Date(2025, time.August, 20, 20, 0, 0, 0, time.UTC), time.Date(2025, time.August, 22, 20, 0, 0, 0, time.UTC)}
	years := []model.SchoolYear{
		model.NewSchoolYear(model.NewDate(2025, time.August, 18), model.NewDate(2026, time.June, 5)),
		model.NewSchoolYear(model.NewDate(2025, time.September, 2), model.NewDate(2026, time.June, 19)),
	}
	years[1].ID += "-late"
	hours := []model.Hours{{Start: model.NewClock(8, 0), End: model.NewClock(15, 0)}, {Start: model.NewClock(9, 0), End: model.NewClock(16, 30)}, {}}
	sources := model.FundingSources()[:2]
	rapid.Check(t, func(t *rapid.T) {
		var m payMemo
		var rule model.PayRule
		for i := range rapid.IntRange(1, 100).Draw(t, "calls") {
			if i == 0 || rapid.IntRange(0, 3).Draw(t, "another calendar") == 0 {
				cal, err := model.NewCalendar(rapid.SampledFrom([]string{"America/Denver", "America/New_York"}).Draw(t, "zone"), rapid.SampledFrom(hours[:2]).Draw(t, "school hours"))
				require.NoError(t, err)
				if rapid.Bool().Draw(t, "four-day week") {
					cal.Week = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday}
				}
				if rapid.Bool().Draw(t, "closed") {
					day := model.DateOf(rapid.SampledFrom(starts).Draw(t, "closure"))
					cal.Closures = []model.Closure{{From: day, To: day}}
				}
				rule.Calendar = cal
			}
			if len(rule.Calendar.Week) == 4 && rapid.IntRange(0, 3).Draw(t, "the week changed in place") == 0 {
				rule.Calendar.Week[3] = time.Friday + time.Thursday - rule.Calendar.Week[3]
			}
			if i == 0 || rapid.IntRange(0, 3).Draw(t, "another year") == 0 {
				rule.Year = rapid.SampledFrom(years).Draw(t, "year")
			}
			if i == 0 || rapid.IntRange(0, 3).Draw(t, "other rates") == 0 {
				rule.CertificatedRateCents = rapid.SampledFrom([]int64{0, 4000}).Draw(t, "certificated")
				rule.ClassifiedRateCents = rapid.SampledFrom([]int64{2500, 4000}).Draw(t, "classified")
			}
			e := model.Educator{ID: model.EducatorID(rapid.SampledFrom([]string{"E1", "E2"}).Draw(t, "educator")),
				Role: rapid.SampledFrom([]model.Role{model.Certificated, model.Classified}).Draw(t, "role")}
			if rapid.Bool().Draw(t, "stipend") {
				e.Stipends = []model.Stipend{{Year: rapid.SampledFrom(years).Draw(t, "stipend year").ID,
					Source: rapid.SampledFrom(sources).Draw(t, "stipend source")}}
			}
			start := rapid.SampledFrom(starts).Draw(t, "start")
			h := rapid.SampledFrom(hours).Draw(t, "hours")
			d := time.Duration(rapid.SampledFrom([]int{60, 90}).Draw(t, "minutes")) * time.Minute
			source := rapid.SampledFrom(sources).Draw(t, "source")
			require.Equal(t, rule.Pay(&e, h, start, d, source), m.of(rule).pay(rule, &e, h, start, d, source), "call %d", i)
		}
	})
}
