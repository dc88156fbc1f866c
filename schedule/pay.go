package schedule

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
)

// Totals sum the minutes outside the working day and the per-visit pay of
// a schedule's active appointments: "teachers are trained and compensated
// for visits outside their school day" (PTHV, core practice 2), paid from
// "district funds (including Title I funding), foundation grants …, and
// union funds" (Organizing Engagement).
type Totals struct {
	Appointments   int   `json:"appointments"`
	MinutesOutside int   `json:"minutes_outside"`
	Cents          int64 `json:"cents"`
	// StipendMinutes are minutes outside the working day covered by a
	// yearly stipend agreement instead of per-visit pay.
	StipendMinutes int `json:"stipend_minutes"`
	// BySource is sorted in the order of [model.FundingSources].
	BySource []SourceTotal `json:"by_source"`
	// BySchool is sorted by school id.
	BySchool []SchoolTotal `json:"by_school"`
}

// SourceTotal is what one funding source pays.
type SourceTotal struct {
	Source         model.FundingSource `json:"source"`
	MinutesOutside int                 `json:"minutes_outside"`
	Cents          int64               `json:"cents"`
	StipendMinutes int                 `json:"stipend_minutes"`
}

// SchoolTotal is what one school's appointments cost.
type SchoolTotal struct {
	School         model.SchoolID `json:"school"`
	Appointments   int            `json:"appointments"`
	MinutesOutside int            `json:"minutes_outside"`
	Cents          int64          `json:"cents"`
	StipendMinutes int            `json:"stipend_minutes"`
}

// payer pays the visitors of appointments by [model.PayRule], the one
// rule of pay, each school's visitors from the school's funding source
// ([Options.Funding]).
type payer struct {
	x       *model.Index
	rule    model.PayRule
	funding funding
	// memo, when set, remembers the pay of the rule's terms
	// (appendTeamPay).
	memo *payMemo
}

// pay returns the compensation of each visitor of a visit of the school
// starting at start. A visitor the dataset does not hold is paid nothing.
func (p *payer) pay(school model.SchoolID, visitors []model.EducatorID, start time.Time, d time.Duration) []model.Compensation {
	return p.appendPay(make([]model.Compensation, 0, len(visitors)), school, visitors, start, d)
}

// appendPay is pay appending the compensations to out.
func (p *payer) appendPay(out []model.Compensation, school model.SchoolID, visitors []model.EducatorID, start time.Time, d time.Duration) []model.Compensation {
	source := p.funding.of(school)
	for _, id := range visitors {
		e, ok := p.x.Educator(id)
		if !ok {
			out = append(out, model.Compensation{Educator: id})
			continue
		}
		out = append(out, p.rule.Pay(e, indexview.WorkingHours(p.x, e), start, d, source))
	}
	return out
}

// funding is the funding rule of [Options.Funding] (of): the option,
// else the source a school's recorded per-visit pay used most (ties in
// the order of [model.FundingSources]), else district funds.
type funding struct {
	x    *model.Index
	opt  map[model.SchoolID]model.FundingSource
	best map[model.SchoolID]model.FundingSource // worked out when first needed
}

// of returns the funding source of school s.
func (f *funding) of(s model.SchoolID) model.FundingSource {
	if src, ok := f.opt[s]; ok && src != "" {
		return src
	}
	if f.best == nil {
		f.best = recordedFunding(f.x)
	}
	if src, ok := f.best[s]; ok {
		return src
	}
	return model.DistrictFunds
}

// recordedFunding returns the source each school's recorded per-visit pay
// used most (ties in the order of [model.FundingSources]).
func recordedFunding(x *model.Index) map[model.SchoolID]model.FundingSource {
	ds := x.Dataset()
	counts := map[model.SchoolID]map[model.FundingSource]int{}
	for i := range ds.Visits {
		v := &ds.Visits[i]
		school := schoolOfVisit(x, v)
		for _, c := range v.Compensation {
			if c.Stipend || c.Source == "" || c.AmountCents == 0 {
				continue
			}
			if counts[school] == nil {
				counts[school] = map[model.FundingSource]int{}
			}
			counts[school][c.Source]++
		}
	}
	best := map[model.SchoolID]model.FundingSource{}
	for s, m := range counts {
		var top model.FundingSource
		n := 0
		for _, src := range model.FundingSources() {
			if m[src] > n {
				top, n = src, m[src]
			}
		}
		if top != "" {
			best[s] = top
		}
	}
	return best
}

func schoolOfVisit(x *model.Index, v *model.Visit) model.SchoolID {
	for _, id := range v.Students {
		if st, ok := x.Student(id); ok {
			return st.School
		}
	}
	if st, ok := indexview.Youngest(x, v.Family); ok {
		return st.School
	}
	return ""
}

// totals sums the pay of the active appointments. It returns an error
// wrapping [model.ErrAmountOverflow] when a sum of cents does not fit in
// an int64.
func totals(apps []Appointment) (Totals, error) {
	var t Totals
	add := func(sum *int64, cents int64) (err error) {
		*sum, err = model.AddCents(*sum, cents)
		return err
	}
	// The schools' and the sources' totals, found by a scan while they
	// are few (a school's plan has one of each) and by a map once they
	// are many.
	var sources []SourceTotal
	var schoolAt map[model.SchoolID]int
	var sourceAt map[model.FundingSource]int
	school := func(id model.SchoolID) *SchoolTotal {
		return totalOf(&t.BySchool, &schoolAt, id, func(st *SchoolTotal) model.SchoolID { return st.School },
			func() SchoolTotal { return SchoolTotal{School: id} })
	}
	source := func(src model.FundingSource) *SourceTotal {
		return totalOf(&sources, &sourceAt, src, func(st *SourceTotal) model.FundingSource { return st.Source },
			func() SourceTotal { return SourceTotal{Source: src} })
	}
	for _, a := range apps {
		if !a.Active() {
			continue
		}
		t.Appointments++
		st := school(a.School) // not moved in the loop: only sources grow
		st.Appointments++
		for _, c := range a.Pay {
			t.MinutesOutside += c.MinutesOutside
			st.MinutesOutside += c.MinutesOutside
			if err := add(&t.Cents, c.AmountCents); err != nil {
				return Totals{}, fmt.Errorf("schedule: totals: %s: %w", a.ID, err)
			}
			if err := add(&st.Cents, c.AmountCents); err != nil {
				return Totals{}, fmt.Errorf("schedule: totals: %s: %w", a.ID, err)
			}
			if c.Stipend {
				t.StipendMinutes += c.MinutesOutside
				st.StipendMinutes += c.MinutesOutside
			}
			if c.Source == "" {
				continue
			}
			src := source(c.Source)
			src.MinutesOutside += c.MinutesOutside
			if err := add(&src.Cents, c.AmountCents); err != nil {
				return Totals{}, fmt.Errorf("schedule: totals: %s: %w", a.ID, err)
			}
			if c.Stipend {
				src.StipendMinutes += c.MinutesOutside
			}
		}
	}
	// The known sources in their order, then those a caller named outside
	// the known list, by name: the list of sources sorted in place (each
	// source is in it once). A school's plan pays from one source, which
	// is in order alone.
	if len(sources) > 0 {
		t.BySource = sources
	}
	if len(sources) > 1 {
		known := model.FundingSources()
		rank := func(src model.FundingSource) int {
			if i := slices.Index(known, src); i >= 0 {
				return i
			}
			return len(known)
		}
		slices.SortFunc(sources, func(a, b SourceTotal) int {
			if c := cmp.Compare(rank(a.Source), rank(b.Source)); c != 0 {
				return c
			}
			return cmp.Compare(a.Source, b.Source)
		})
	}
	slices.SortFunc(t.BySchool, func(a, b SchoolTotal) int { return cmp.Compare(a.School, b.School) })
	return t, nil
}

// fewTotals is how many schools or sources totals finds by a scan before
// it keeps a map of them.
const fewTotals = 8

// totalOf returns the total in *list whose key is k, appended (made by
// fresh) when there is none. It scans *list while it holds fewer than
// fewTotals totals; from then on it finds them through *at, the position
// of each key, which it builds the first time.
func totalOf[K comparable, T any](list *[]T, at *map[K]int, k K, key func(*T) K, fresh func() T) *T {
	l := *list
	if *at == nil {
		for i := range l {
			if key(&l[i]) == k {
				return &l[i]
			}
		}
		if len(l) >= fewTotals {
			*at = make(map[K]int, 2*len(l))
			for i := range l {
				(*at)[key(&l[i])] = i
			}
		}
	} else if i, ok := (*at)[k]; ok {
		return &l[i]
	}
	if *at != nil {
		(*at)[k] = len(l)
	}
	*list = append(l, fresh())
	return &(*list)[len(*list)-1]
}
