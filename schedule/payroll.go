package schedule

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
)

// PayrollLine is one educator's pay for one pay period — a calendar month
// in the district's time zone — from the visits on record: what a
// coordinator hands to payroll so that "teachers are trained and
// compensated for visits outside their school day" (PTHV, core practice
// 2). Totals sums what a planned schedule would cost; PayrollLine sums
// what the records say was done.
type PayrollLine struct {
	// Period is the month, "2025-10".
	Period   string           `json:"period"`
	Educator model.EducatorID `json:"educator"`
	// School, Role and Position are the educator's; empty for an
	// educator the dataset does not hold.
	School   model.SchoolID `json:"school,omitempty"`
	Role     model.Role     `json:"role,omitempty"`
	Position model.Position `json:"position,omitempty"`
	// CompletedVisits counts the completed visits the educator made: as a
	// visitor, or named by a compensation record of the visit; once per
	// visit, however often the record names them.
	CompletedVisits int `json:"completed_visits"`
	// StipendVisits counts those a yearly stipend paid for.
	StipendVisits int `json:"stipend_visits"`
	// MinutesOutside are the minutes outside the working day that the
	// visits' compensation records give.
	MinutesOutside int `json:"minutes_outside"`
	// MinutesUnrecorded are the minutes outside the working day, worked
	// out from the calendar and the educator's working hours, of visits
	// with no compensation record for the educator: time that may be owed
	// and is not on record as paid.
	MinutesUnrecorded int `json:"minutes_unrecorded"`
	// Cents are the amounts of the compensation records by funding
	// source; the key "" holds amounts recorded with no source.
	Cents map[model.FundingSource]int64 `json:"cents"`
	// TotalCents is the sum of Cents.
	TotalCents int64 `json:"total_cents"`
}

// Payroll sums, per educator and pay period, the completed visits of x's
// dataset that started by asOf: the visits each educator made, the minutes
// outside their working day and the amounts by funding source that the
// visits' compensation records give, and the minutes outside the working
// day of visits with no compensation record for them (from the calendar).
// Interpreters are not paid through PTHV records. period, when not empty,
// keeps one month ("2025-10"). Lines are ordered by period, then educator.
//
// A nil or zero x is an error wrapping [model.ErrInvalid], and so is a
// period not of the form YYYY-MM; a sum that does not fit in an int64 is
// one wrapping [model.ErrAmountOverflow] that names the period and
// educator.
func Payroll(x *model.Index, asOf time.Time, period string) ([]PayrollLine, error) {
	ds := x.Dataset()
	if ds == nil {
		return nil, fmt.Errorf("schedule: Payroll: nil index: %w", model.ErrInvalid)
	}
	if period != "" {
		if _, err := time.Parse("2006-01", period); err != nil || len(period) != len("2006-01") {
			return nil, fmt.Errorf("schedule: Payroll: period %q: want YYYY-MM: %w", period, model.ErrInvalid)
		}
	}
	loc := ds.Calendar.Location()
	rule := model.PayRuleOf(ds, ds.Policy)
	type key struct {
		period   string
		educator model.EducatorID
	}
	lines := map[key]*PayrollLine{}
	line := func(month string, id model.EducatorID) *PayrollLine {
		k := key{month, id}
		l, ok := lines[k]
		if !ok {
			l = &PayrollLine{Period: month, Educator: id, Cents: map[model.FundingSource]int64{}}
			if e, ok := x.Educator(id); ok {
				l.School, l.Role, l.Position = e.School, e.Role, e.Position
			}
			lines[k] = l
		}
		return l
	}
	overflow := func(l *PayrollLine, err error) error {
		return fmt.Errorf("schedule: Payroll: %s, educator %s: %w", l.Period, l.Educator, err)
	}
	for i := range ds.Visits {
		v := &ds.Visits[i]
		if v.Status != model.Completed || v.Start.After(asOf) {
			continue
		}
		month := v.Start.In(loc).Format("2006-01")
		if period != "" && month != period {
			continue
		}
		paid := map[model.EducatorID]*model.Compensation{}
		for j := range v.Compensation {
			paid[v.Compensation[j].Educator] = &v.Compensation[j]
		}
		// Each educator once per visit, though the record names them twice.
		var people []model.EducatorID
		for _, id := range v.Visitors {
			if !slices.Contains(people, id) {
				people = append(people, id)
			}
		}
		for _, c := range v.Compensation {
			if !slices.Contains(people, c.Educator) {
				people = append(people, c.Educator)
			}
		}
		for _, id := range people {
			l := line(month, id)
			l.CompletedVisits++
			c, ok := paid[id]
			if !ok {
				if e, known := x.Educator(id); known && v.Duration > 0 {
					l.MinutesUnrecorded += rule.Pay(e, indexview.WorkingHours(x, e), v.Start, time.Duration(v.Duration), "").MinutesOutside
				}
				continue
			}
			l.MinutesOutside += c.MinutesOutside
			if c.Stipend {
				l.StipendVisits++
			}
			if c.AmountCents > 0 {
				sum, err := model.AddCents(l.Cents[c.Source], c.AmountCents)
				if err != nil {
					return nil, overflow(l, err)
				}
				l.Cents[c.Source] = sum
			}
		}
	}
	out := make([]PayrollLine, 0, len(lines))
	for _, k := range slices.SortedFunc(maps.Keys(lines), func(a, b key) int {
		return cmp.Or(cmp.Compare(a.period, b.period), cmp.Compare(a.educator, b.educator))
	}) {
		l := lines[k]
		for _, cents := range l.Cents {
			total, err := model.AddCents(l.TotalCents, cents)
			if err != nil {
				return nil, overflow(l, err)
			}
			l.TotalCents = total
		}
		out = append(out, *l)
	}
	return out, nil
}
