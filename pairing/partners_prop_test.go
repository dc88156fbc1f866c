package pairing

import (
	"slices"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/stretchr/testify/require"
)

// The checks below re-read the rules from the dataset on their own, so
// that they test Partners rather than repeat it.

type partnerOracle struct {
	ds   *model.Dataset
	opt  PartnerOptions
	pol  model.Policy
	loc  *time.Location
	eds  map[model.EducatorID]*model.Educator
	stud map[model.StudentID]*model.Student
	fam  map[model.FamilyID]*model.Family
}

func newPartnerOracle(ds *model.Dataset, opt PartnerOptions) *partnerOracle {
	o := &partnerOracle{ds: ds, opt: opt, pol: ds.Policy, loc: ds.Calendar.Location(),
		eds: map[model.EducatorID]*model.Educator{}, stud: map[model.StudentID]*model.Student{}, fam: map[model.FamilyID]*model.Family{}}
	for i := range ds.Educators {
		if _, ok := o.eds[ds.Educators[i].ID]; !ok {
			o.eds[ds.Educators[i].ID] = &ds.Educators[i]
		}
	}
	for i := range ds.Students {
		o.stud[ds.Students[i].ID] = &ds.Students[i]
	}
	for i := range ds.Families {
		o.fam[ds.Families[i].ID] = &ds.Families[i]
	}
	return o
}

func (o *partnerOracle) span(v *model.Visit) (time.Time, time.Time) {
	d := time.Duration(v.Duration)
	if d == 0 {
		d = time.Duration(o.pol.VisitLength)
	}
	s := v.Start.In(o.loc)
	return s, s.Add(d)
}

// planned lists the visits Partners must answer for.
func (o *partnerOracle) planned() map[model.VisitID]*model.Visit {
	out := map[model.VisitID]*model.Visit{}
	for i := range o.ds.Visits {
		v := &o.ds.Visits[i]
		if (v.Status == model.Scheduled || v.Status == model.Proposed) && len(distinct(v.Visitors)) < 2 &&
			(len(o.opt.Visits) == 0 || slices.Contains(o.opt.Visits, v.ID)) {
			out[v.ID] = v
		}
	}
	return out
}

func (o *partnerOracle) school(v *model.Visit) model.SchoolID {
	for _, s := range v.Students {
		if st, ok := o.stud[s]; ok && st.School != "" {
			return st.School
		}
	}
	return o.eds[v.Visitors[0]].School
}

func (o *partnerOracle) overlaps(a1, a2, b1, b2 time.Time) bool {
	buf := time.Duration(o.pol.TravelBuffer)
	return a1.Before(b2.Add(buf)) && b1.Before(a2.Add(buf))
}

// eligible applies the per-visit hard rules (not the ones between
// assignments) and returns whether p may partner v, and if availability
// was assumed.
func (o *partnerOracle) eligible(v *model.Visit, p *model.Educator) (ok, assumed bool) {
	teacher := o.eds[v.Visitors[0]]
	start, end := o.span(v)
	if p.ID == teacher.ID || !p.OptedIn(o.ds.Year.ID) {
		return false, false
	}
	if !o.opt.AcrossSchools && p.School != "" && p.School != o.school(v) && p.School != teacher.School {
		return false, false
	}
	if _, ok := p.TrainedBy(model.DateOf(start).AddDays(-1)); !ok { // before the visit day (P2.trained)
		return false, false
	}
	if slices.Contains(p.Avoid, teacher.ID) || slices.Contains(teacher.Avoid, p.ID) {
		return false, false
	}
	if len(p.Availability) == 0 && o.opt.AssumeAvailable {
		assumed = true
	} else {
		covered := false
		for _, w := range p.Availability {
			covered = covered || w.Covers(start, end.Sub(start))
		}
		if !covered {
			return false, false
		}
	}
	if f := o.fam[v.Family]; f != nil && f.NeedsInterpreter && len(f.Languages) > 0 {
		need := true
		for _, l := range f.Languages {
			if teacher.Speaks(l) {
				need = false
			}
			for _, in := range v.Interpreters {
				if len(in.Languages) == 0 || slices.Contains(in.Languages, l) {
					need = false
				}
			}
		}
		if need {
			speaksOne := false
			for _, l := range f.Languages {
				speaksOne = speaksOne || p.Speaks(l)
			}
			if !speaksOne {
				return false, false
			}
		}
	}
	// Existing commitments: no overlap, and room left today, this week,
	// this year.
	day, week := model.DateOf(start), isoWeekOf(model.DateOf(start))
	today, thisWeek := 0, 0
	for i := range o.ds.Visits {
		x := &o.ds.Visits[i]
		if x.ID == v.ID || x.Status == model.Cancelled || !slices.Contains(x.Visitors, p.ID) {
			continue
		}
		xs, xe := o.span(x)
		if o.overlaps(start, end, xs, xe) {
			return false, false
		}
		if model.DateOf(xs) == day {
			today++
		}
		if isoWeekOf(model.DateOf(xs)) == week {
			thisWeek++
		}
	}
	if today >= o.pol.MaxVisitsPerDay || thisWeek >= o.pol.MaxVisitsPerWeek || o.partnerLoad(p.ID) >= o.pol.PartnerLoadCap {
		return false, false
	}
	return true, assumed
}

func isoWeekOf(d model.Date) [2]int {
	y, w := time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, time.UTC).ISOWeek()
	return [2]int{y, w}
}

// partnerLoad counts the visits of the year (not cancelled) that id joined
// as a partner: not a teacher of a listed student (not first, when no
// student is listed).
func (o *partnerOracle) partnerLoad(id model.EducatorID) int {
	n := 0
	for i := range o.ds.Visits {
		x := &o.ds.Visits[i]
		k := slices.Index(x.Visitors, id)
		if x.Status == model.Cancelled || k < 0 {
			continue
		}
		xs, _ := o.span(x)
		if !o.ds.Year.Contains(model.DateOf(xs)) {
			continue
		}
		partner := slices.Index(distinct(x.Visitors), id) > 0
		if len(x.Students) > 0 {
			partner = true
			for _, s := range x.Students {
				if st, ok := o.stud[s]; ok && slices.Contains(st.Teachers, id) {
					partner = false
				}
			}
		}
		if partner {
			n++
		}
	}
	return n
}

// cost is the price of p for v, without the load.
func (o *partnerOracle) cost(v *model.Visit, p *model.Educator, assumed bool, c PartnerCosts) int64 {
	teacher := o.eds[v.Visitors[0]]
	var total int64
	if p.Role == teacher.Role {
		total += c.SameRole
	}
	together := 0
	for i := range o.ds.Visits {
		x := &o.ds.Visits[i]
		xs, _ := o.span(x)
		if x.Status != model.Cancelled && o.ds.Year.Contains(model.DateOf(xs)) &&
			slices.Contains(x.Visitors, p.ID) && slices.Contains(x.Visitors, teacher.ID) {
			together++
		}
	}
	total += c.Repeat * int64(min(together, 3))
	if lastYearPairs(o.ds)[pairKey(p.ID, teacher.ID)] {
		total += c.LastYear
	}
	if p.School != o.school(v) {
		total += c.OtherSchool
	}
	if assumed {
		total += c.Unconfirmed
	}
	if slices.Contains(p.Prefer, teacher.ID) || slices.Contains(teacher.Prefer, p.ID) {
		total -= c.Prefer
	}
	return total
}

// checkPartnerPlan verifies every hard rule and that each planned visit
// is answered exactly once.
func checkPartnerPlan(t require.TestingT, ds *model.Dataset, opt PartnerOptions, plan PartnerPlan) {
	o := newPartnerOracle(ds, opt)
	planned := o.planned()
	seen := map[model.VisitID]int{}
	for _, u := range plan.Unpartnered {
		seen[u.Visit]++
		require.NotEmpty(t, u.Reason)
		require.NotEmpty(t, u.Detail)
		if u.Reason == NoVisitor {
			v := planned[u.Visit]
			require.True(t, len(v.Visitors) == 0 || o.eds[v.Visitors[0]] == nil)
		}
	}
	assigned := map[model.EducatorID][]*model.Visit{}
	for _, a := range plan.Assignments {
		seen[a.Visit]++
		v := planned[a.Visit]
		require.NotNil(t, v, "%s was not to be planned", a.Visit)
		require.Len(t, distinct(v.Visitors), 1)
		require.Equal(t, v.Visitors[0], a.Teacher)
		p := o.eds[a.Partner]
		require.NotNil(t, p)
		ok, _ := o.eligible(v, p)
		require.True(t, ok, "%s may not partner %s", a.Partner, a.Visit)
		assigned[a.Partner] = append(assigned[a.Partner], v)
	}
	for id := range planned {
		require.Equal(t, 1, seen[id], "visit %s answered once", id)
	}
	require.Len(t, seen, len(planned))
	for id, vs := range assigned {
		load := o.partnerLoad(id) + len(vs)
		require.LessOrEqual(t, load, o.pol.PartnerLoadCap, "%s over the yearly cap", id)
		for i, v := range vs {
			s1, e1 := o.span(v)
			for _, w := range vs[i+1:] {
				s2, e2 := o.span(w)
				require.False(t, o.overlaps(s1, e1, s2, e2), "%s double-booked on %s and %s", id, v.ID, w.ID)
			}
			day, week := model.DateOf(s1), isoWeekOf(model.DateOf(s1))
			today, thisWeek := 0, 0
			for j := range ds.Visits {
				x := &ds.Visits[j]
				if x.Status == model.Cancelled || !slices.Contains(x.Visitors, id) {
					continue
				}
				xs, _ := o.span(x)
				if model.DateOf(xs) == day {
					today++
				}
				if isoWeekOf(model.DateOf(xs)) == week {
					thisWeek++
				}
			}
			for _, w := range vs {
				ws, _ := o.span(w)
				if model.DateOf(ws) == day {
					today++
				}
				if isoWeekOf(model.DateOf(ws)) == week {
					thisWeek++
				}
			}
			require.LessOrEqual(t, today, o.pol.MaxVisitsPerDay, "%s over the daily cap", id)
			require.LessOrEqual(t, thisWeek, o.pol.MaxVisitsPerWeek, "%s over the weekly cap", id)
		}
	}
	var total int64
	for _, a := range plan.Assignments {
		total += a.Cost.Total()
	}
	require.Equal(t, total, plan.Cost)
}
