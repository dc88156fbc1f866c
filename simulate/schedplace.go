package simulate

import (
	"cmp"
	"slices"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/schedule"
)

// planEveryDays is how often, with [SchedulePlacement], the coordinator
// runs the schedule planner for the families that agreed since.
const planEveryDays = 14

// want is a visit for the schedule planner to place: a family, when it
// agreed, and the visitors preferred (the first visit's, for a second).
type want struct {
	school *schoolSim
	family model.FamilyID
	at     time.Time
	prefer []*eduSim
	first  *booking
	after  bool
	reason schedule.Reason // why the last round left it unplaced
}

// scheduleFirst places the first visits with schedule.Plan: every
// planEveryDays from the first agreement, the coordinator plans the
// families that agreed since and have no first visit yet; a family left
// unplaced is tried again at the next round. The NoConsent deviation's
// visits, which no planner would make, are booked by the internal rule.
func (s *sim) scheduleFirst() ([]*booking, error) {
	var wants []*want
	for _, sc := range s.schools {
		for _, a := range sc.agreements {
			wants = append(wants, &want{school: sc, family: a.family, at: a.at})
		}
	}
	out, err := s.scheduleRounds(wants, model.FirstVisit)
	if err != nil {
		return nil, err
	}
	held := make([]int, len(s.schools))
	for _, b := range out {
		held[b.school.i]++
	}
	for i, sc := range s.schools {
		out = append(out, s.noConsent(sc, held[i])...)
	}
	return out, nil
}

// scheduleSecond places the wished second visits with schedule.Plan in
// rounds, as scheduleFirst does; visits after a decline (a deviation) are
// booked by the internal rule.
func (s *sim) scheduleSecond(wishes []secondWish) ([]*booking, error) {
	var wants []*want
	var after []secondWish
	for _, w := range wishes {
		if w.after {
			after = append(after, w)
			continue
		}
		wants = append(wants, &want{school: w.first.school, family: w.first.v.Family, at: w.answered,
			prefer: w.first.group, first: w.first})
	}
	out, err := s.scheduleRounds(wants, model.SecondVisit)
	if err != nil {
		return nil, err
	}
	for _, w := range after {
		if b := s.bookSecond(w); b != nil {
			out = append(out, b)
		}
	}
	return out, nil
}

// scheduleRounds runs the planning rounds for wants of one kind and
// returns the bookings made. What is still unplaced after the last round
// is counted by its last reason.
func (s *sim) scheduleRounds(wants []*want, kind model.VisitKind) ([]*booking, error) {
	slices.SortStableFunc(wants, func(a, b *want) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return cmp.Compare(a.family, b.family)
	})
	var out []*booking
	if len(wants) == 0 {
		return nil, nil
	}
	for _, w := range wants {
		w.reason = schedule.NoDaysLeft // until a round plans it
	}
	day := model.DateOf(wants[0].at.In(s.loc)).AddDays(1)
	for len(wants) > 0 && !day.After(s.year.LastDay) {
		asOf := day.In(s.loc, model.NewClock(8, 0))
		n := 0
		for n < len(wants) && !wants[n].at.After(asOf) {
			n++
		}
		if n > 0 {
			placed, err := s.scheduleRound(asOf, wants[:n], kind)
			if err != nil {
				return nil, err
			}
			out = append(out, placed...)
			wants = slices.DeleteFunc(wants, func(w *want) bool { return w.reason == "" })
		}
		day = day.AddDays(planEveryDays)
	}
	for _, w := range wants {
		switch w.reason {
		case schedule.OverBudget:
			s.m.UnplacedBudget++
		case schedule.NoVisitors, schedule.VisitorNotEligible:
			s.m.UnplacedNoPartner++
		default:
			s.m.UnplacedCapacity++
		}
	}
	return out, nil
}

// scheduleRound plans wants at asOf. Each family gets the first group of
// its preference order with room for one more visit this year (a single
// educator gets the least busy colleague with room as partner: the
// schedule planner books only visits made in pairs); every other family
// that agreed to a visit is listed with no visitors, so the planner leaves
// it alone. A placed want has its reason cleared.
func (s *sim) scheduleRound(asOf time.Time, wants []*want, kind model.VisitKind) ([]*booking, error) {
	visitors := make(map[model.FamilyID][]model.EducatorID, len(s.agreed))
	for f := range s.agreed {
		visitors[f] = []model.EducatorID{}
	}
	extra := map[*eduSim]int{}
	room := func(e *eduSim) bool { return e.total+extra[e] < s.d.CapacityPerEducator }
	byFamily := make(map[model.FamilyID]*want, len(wants))
	for _, w := range wants {
		w.reason = schedule.Capacity
		var g []*eduSim
		for _, c := range s.groups(w.school, w.family, w.prefer) {
			if !slices.ContainsFunc(c, func(e *eduSim) bool { return !room(e) }) {
				g = slices.Clone(c)
				break
			}
		}
		if len(g) == 1 {
			var best *eduSim
			for _, e := range w.school.volunteers {
				if e != g[0] && room(e) && (best == nil || e.total+extra[e] < best.total+extra[best]) {
					best = e
				}
			}
			if best == nil {
				w.reason = schedule.NoVisitors
				continue
			}
			g = append(g, best)
		}
		if g == nil {
			continue
		}
		ids := make([]model.EducatorID, len(g))
		for j, e := range g {
			ids[j] = e.id
			extra[e]++
		}
		visitors[w.family] = ids
		byFamily[w.family] = w
	}
	if len(byFamily) == 0 {
		return nil, nil
	}
	opt := schedule.Options{Policy: &s.pol, Visitors: visitors, Funding: s.funding(), WorkingHoursBusy: true}
	if budget := s.d.Compensation.BudgetCents; budget > 0 {
		left := budget - s.spent
		if left <= 0 {
			for _, w := range byFamily {
				w.reason = schedule.OverBudget
			}
			return nil, nil
		}
		opt.BudgetCents = left
	}
	s.ds.Visits = s.ds.Visits[:0]
	for _, b := range s.books {
		if !b.dropped {
			s.ds.Visits = append(s.ds.Visits, b.v)
		}
	}
	sch, err := schedule.Plan(s.ds, asOf, opt)
	s.ds.Visits = nil
	if err != nil {
		return nil, err
	}
	var out []*booking
	for _, a := range sch.Appointments {
		w := byFamily[a.Family]
		if w == nil || a.Kind != kind || !a.Active() {
			continue
		}
		start := a.Start.In(s.loc)
		b := &booking{
			school:   w.school,
			day:      int32(model.DateOf(start).DaysSince(s.start)),
			from:     int32(start.Hour()*60 + start.Minute()),
			v:        a.Visit(),
			budgeted: true,
		}
		b.v.ID = visitID(a.Family, kind)
		for _, id := range a.Visitors {
			e := s.edu(id)
			b.group = append(b.group, e)
			s.reserve(e, b.day, b.from)
		}
		cost, err := a.CostCents()
		if err != nil {
			return nil, err
		}
		s.money.add(&s.spent, cost)
		s.books = append(s.books, b)
		out = append(out, b)
		w.reason = ""
	}
	for _, u := range sch.Unplaced {
		if w := byFamily[u.Family]; w != nil && u.Kind == kind && w.reason != "" {
			w.reason = u.Reason
		}
	}
	return out, nil
}

// funding returns each school's funding source, for the schedule planner.
func (s *sim) funding() map[model.SchoolID]model.FundingSource {
	m := make(map[model.SchoolID]model.FundingSource, len(s.schools))
	for _, sc := range s.schools {
		m[sc.id] = sc.source
	}
	return m
}
