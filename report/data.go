package report

import (
	"cmp"
	"slices"
	"time"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/selection"
)

// funnel counts families at each step from invitation to a second visit,
// as of the report's date.
type funnel struct {
	families, invited, accepted, first, reflected, second int
}

// funnelSteps names the steps in order, with their counts.
func (f funnel) steps() []struct {
	label string
	n     int
} {
	return []struct {
		label string
		n     int
	}{
		{"families enrolled", f.families},
		{"invited (or asked for a visit)", f.invited},
		{"agreed to a visit", f.accepted},
		{"had a first visit", f.first},
		{"first visit reflected on", f.reflected},
		{"had a second visit", f.second},
	}
}

// progress is completed visits per educator and month.
type progress struct {
	months []monthKey                          // the school year's months, in order
	school map[model.SchoolID]map[string][]int // school → educator → visits per month
	total  []int                               // per month, all visits that took place
	first  []int                               // per month, first visits of a family
}

type monthKey struct {
	year  int
	month time.Month
}

func (m monthKey) label() string { return m.month.String()[:3] + " " + itoa(m.year%100, 2) }

// facts are the figures the report derives from the dataset itself.
type facts struct {
	funnel   funnel
	bySchool map[model.SchoolID]*funnel
	progress progress
}

// derive computes the funnel and the progress as of asOf: a visit counts
// once it is completed and has started.
func derive(x *model.Index, asOf time.Time) facts {
	ds := x.Dataset()
	loc := ds.Calendar.Location()
	f := facts{bySchool: map[model.SchoolID]*funnel{}}
	for _, s := range ds.Schools {
		f.bySchool[s.ID] = &funnel{}
	}
	type famState struct {
		invited, accepted bool
		completed         []*model.Visit
	}
	state := make([]famState, len(ds.Families))
	for i := range ds.Invitations {
		inv := &ds.Invitations[i]
		k, ok := indexview.FamilyPosition(x, inv.Family)
		if !ok || inv.SentAt.After(asOf) {
			continue
		}
		state[k].invited = true
		if inv.Answer() == model.Accepted && !inv.RespondedAt.After(asOf) {
			state[k].accepted = true
		}
	}
	for i := range ds.Visits {
		v := &ds.Visits[i]
		if !v.TookPlace(asOf) {
			continue
		}
		if k, ok := indexview.FamilyPosition(x, v.Family); ok {
			state[k].completed = append(state[k].completed, v)
		}
	}
	for k := range ds.Families {
		st := &state[k]
		slices.SortFunc(st.completed, func(a, b *model.Visit) int {
			return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID))
		})
		i := indexview.YoungestAt(x, k)
		if i < 0 {
			continue // a family with no student is not enrolled anywhere
		}
		school := f.bySchool[ds.Students[i].School]
		for _, c := range []*funnel{&f.funnel, school} {
			if c == nil {
				continue
			}
			c.families++
			if st.invited || st.accepted || len(st.completed) > 0 {
				c.invited++
			}
			if st.accepted || len(st.completed) > 0 {
				c.accepted++
			}
			if len(st.completed) > 0 {
				c.first++
				if r := st.completed[0].Reflection; r != nil && !r.At.After(asOf) {
					c.reflected++
				}
			}
			if len(st.completed) > 1 {
				c.second++
			}
		}
	}

	// Progress by educator and month over the school year.
	p := progress{school: map[model.SchoolID]map[string][]int{}}
	start, end := ds.Year.Start(), ds.Year.LastDay
	for m := (monthKey{start.Year(), start.Month()}); ; {
		p.months = append(p.months, m)
		if m.year > end.Year() || (m.year == end.Year() && m.month >= end.Month()) || len(p.months) > 36 {
			break
		}
		m.month++
		if m.month > time.December {
			m.year, m.month = m.year+1, time.January
		}
	}
	at := func(t time.Time) int {
		t = t.In(loc)
		for i, m := range p.months {
			if m.year == t.Year() && m.month == t.Month() {
				return i
			}
		}
		return -1
	}
	p.total = make([]int, len(p.months))
	p.first = make([]int, len(p.months))
	for k := range ds.Families {
		for n, v := range state[k].completed {
			i := at(v.Start)
			if i < 0 {
				continue
			}
			p.total[i]++
			if n == 0 {
				p.first[i]++
			}
			for _, id := range v.Visitors {
				e, ok := x.Educator(id)
				if !ok {
					continue
				}
				bySchool := p.school[e.School]
				if bySchool == nil {
					bySchool = map[string][]int{}
					p.school[e.School] = bySchool
				}
				row := bySchool[string(id)]
				if row == nil {
					row = make([]int, len(p.months))
					bySchool[string(id)] = row
				}
				row[i]++
			}
		}
	}
	f.progress = p
	return f
}

// practiceFidelity is one non-negotiable's fidelity: passing ÷ assessable
// units over its violation rules.
type practiceFidelity struct {
	practice            string
	passed, assessable  int
	findings, notAssess int
	pending             int
	rules               []practices.RuleResult
}

func fidelityByPractice(rep practices.Report) []practiceFidelity {
	var out []practiceFidelity
	idx := map[string]int{}
	for _, r := range rep.Rules {
		rule, ok := practices.RuleByID(r.Rule)
		if !ok {
			continue
		}
		i, seen := idx[rule.Practice]
		if !seen {
			i = len(out)
			idx[rule.Practice] = i
			out = append(out, practiceFidelity{practice: rule.Practice})
		}
		pf := &out[i]
		pf.rules = append(pf.rules, r)
		pf.findings += r.Violations + r.Advisories + r.Data
		pf.notAssess += r.NotAssessable
		pf.pending += r.Pending
		if r.Severity == practices.Violation {
			pf.passed += r.Passed
			pf.assessable += r.Assessable
		}
	}
	return out
}

// shownLevel is one value of an audited attribute as the report shows it:
// with its shares, or suppressed.
type shownLevel struct {
	level                   string
	population, chosen      int
	popShare, chosenShare   float64
	suppressed, notRecorded bool
	pooled                  bool // the audit's pooled "other" category
}

// levels applies the report's suppression to an audit's levels: a value
// held by fewer than min families in the population, among the chosen or
// among the others is not shown. The shares a table shows are of the
// families with a recorded value, so they give away how many those are:
// when that leaves a single recorded value hidden, the next smallest
// recorded value is hidden too, so that neither can be worked out from
// the rest; when a single row is hidden whatever it is (a "not recorded"
// row, or a recorded value with no other to hide), the next smallest row
// is; and when that leaves a single recorded value hidden, the next
// smallest recorded value is hidden with it.
func levels(a selection.AttributeAudit, min int) []shownLevel {
	out := make([]shownLevel, len(a.Levels))
	for i, l := range a.Levels {
		s := shownLevel{level: l.Level, population: l.Population, chosen: l.Chosen,
			popShare: l.PopulationShare, chosenShare: l.ChosenShare, notRecorded: l.NotRecorded, pooled: l.Pooled}
		s.suppressed = a.Withheld || l.Suppressed || l.Population < min || l.Chosen < min || l.Population-l.Chosen < min
		out[i] = s
	}
	// hideNext hides the smallest row still shown that keep accepts, when
	// exactly one row that counts is hidden.
	hideNext := func(counts, keep func(shownLevel) bool) {
		hidden := 0
		for _, s := range out {
			if counts(s) && s.suppressed {
				hidden++
			}
		}
		if hidden != 1 {
			return
		}
		best := -1
		for i, s := range out {
			if !s.suppressed && keep(s) && (best < 0 || s.population < out[best].population) {
				best = i
			}
		}
		if best >= 0 {
			out[best].suppressed = true
		}
	}
	recorded := func(s shownLevel) bool { return !s.notRecorded }
	every := func(shownLevel) bool { return true }
	hideNext(recorded, recorded)
	hideNext(every, every)
	// Hiding the next smallest row may have hidden a single recorded
	// value beside a "not recorded" row: hide the next recorded one too.
	hideNext(recorded, recorded)
	for i := range out {
		if out[i].suppressed {
			out[i].population, out[i].chosen, out[i].popShare, out[i].chosenShare = 0, 0, 0, 0
		}
	}
	return out
}

func itoa(n, width int) string {
	b := make([]byte, 0, 8)
	for n > 0 || len(b) < width {
		b = append(b, byte('0'+n%10))
		n /= 10
	}
	slices.Reverse(b)
	return string(b)
}
