package schedule

import (
	"cmp"
	"slices"
	"time"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
)

// Recorded returns the schedule a dataset holds at asOf: the visits of its
// school year with status scheduled that start after asOf, as
// appointments with their own visitors, times and history — the schedule
// [Repair] changes when something happens after the visits were booked,
// whether [Plan] placed them or a coordinator booked them by hand.
//
// A family's appointments take its first and second places in order of
// start, after the visits it already holds (completed, or scheduled and
// started by asOf), as [Plan] counts them; an appointment beyond the
// family's second is left out — the planner moves first and second visits
// only — and keeps occupying its visitors. Each appointment's pay is
// computed as Plan computes it. opt gives the policy, step, funding and
// working hours as for Plan, which a repair keeps; its visitors, teams and
// method are not used.
func Recorded(ds *model.Dataset, asOf time.Time, opt Options) (Schedule, error) {
	// The appointments keep their own visitors: assign none.
	opt.Visitors, opt.Teams = map[model.FamilyID][]model.EducatorID{}, nil
	p, err := newProblem(ds, asOf, opt, nil, nil, []model.FamilyID{})
	if err != nil {
		return Schedule{}, err
	}
	open := map[model.FamilyID][]*model.Visit{}
	var families []model.FamilyID
	for i := range ds.Visits {
		v := &ds.Visits[i]
		if v.Status != model.Scheduled || !v.Start.After(asOf) || !p.year.Contains(model.DateOf(v.Start.In(p.loc))) {
			continue
		}
		if _, seen := open[v.Family]; !seen {
			families = append(families, v.Family)
		}
		open[v.Family] = append(open[v.Family], v)
	}
	slices.Sort(families)
	pay := p.payer()
	s := Schedule{
		Year: p.year.ID, AsOf: asOf, Policy: p.pol, Step: model.Duration(time.Duration(p.step) * time.Minute),
		Method: p.method(), Appointments: []Appointment{}, WorkingHoursBusy: opt.WorkingHoursBusy,
	}
	for _, f := range families {
		visits := open[f]
		slices.SortFunc(visits, func(a, b *model.Visit) int {
			if c := a.Start.Compare(b.Start); c != 0 {
				return c
			}
			return cmp.Compare(a.ID, b.ID)
		})
		held := 0
		for _, v := range p.x.VisitsOf(f) {
			if counts(v.Status) && v.Status != model.NoShow && p.year.Contains(model.DateOf(v.Start.In(p.loc))) &&
				!slices.Contains(visits, v) {
				held++
			}
		}
		var school model.SchoolID
		if st, ok := indexview.Youngest(p.x, f); ok {
			school = st.School
		}
		for i, v := range visits {
			place := held + i
			if place > 1 {
				break
			}
			s.Appointments = append(s.Appointments, p.recordedAppointment(v, school, place == 1, pay))
			if place == 1 {
				s.Objective.SecondVisits++
			} else {
				s.Objective.FirstVisits++
			}
		}
	}
	sortSchedule(&s)
	t, err := totals(s.Appointments)
	if err != nil {
		return Schedule{}, err
	}
	s.Totals = t
	return s, nil
}

// recordedAppointment is a scheduled visit of the dataset as an
// appointment of its family's first or second place.
func (p *problem) recordedAppointment(v *model.Visit, school model.SchoolID, second bool, pay *payer) Appointment {
	d := v.Duration
	if d <= 0 {
		d = p.pol.VisitLength
	}
	a := Appointment{
		ID: v.ID, Family: v.Family, School: school, Students: slices.Clone(v.Students),
		Kind: kindOf(second), Status: model.Scheduled, Start: v.Start, Duration: d,
		Visitors: slices.Clone(v.Visitors), Location: v.Location, ArrangedAt: v.ArrangedAt,
		Reschedules: slices.Clone(v.Reschedules),
		Pay:         pay.pay(school, v.Visitors, v.Start, time.Duration(d)),
	}
	if di := p.dayIndex(v.Start); di >= 0 && int(di) < len(p.days) {
		a.Season = p.days[di].season
	}
	return a
}
