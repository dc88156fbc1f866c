package simulate

import (
	"cmp"
	"github.com/homevisits/pthv/internal/draw"
	"slices"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/pairing"
)

// groups returns who may visit family f of school sc, in order of
// preference: with teams, the teams of the family's teachers, then the
// school's other teams by load; without teams (or when the school has
// none), the family's volunteer teachers, then the other volunteers by
// load — single educators, who get a partner from pairing.Partners.
func (s *sim) groups(sc *schoolSim, f model.FamilyID, prefer []*eduSim) [][]*eduSim {
	teachers := map[model.EducatorID]bool{}
	for _, st := range s.x.StudentsOf(f) {
		if st.School == sc.id {
			for _, t := range st.Teachers {
				teachers[t] = true
			}
		}
	}
	var own, other [][]*eduSim
	if len(prefer) > 0 {
		own = append(own, prefer)
	}
	if len(sc.teams) > 0 {
		for _, g := range sc.teams {
			if slices.Equal(g, prefer) {
				continue
			}
			if slices.ContainsFunc(g, func(e *eduSim) bool { return teachers[e.id] }) {
				own = append(own, g)
			} else {
				other = append(other, g)
			}
		}
	} else {
		for _, e := range sc.volunteers {
			g := []*eduSim{e}
			if slices.Equal(g, prefer) {
				continue
			}
			if teachers[e.id] {
				own = append(own, g)
			} else {
				other = append(other, g)
			}
		}
	}
	byLoad := func(a, b []*eduSim) int {
		if c := cmp.Compare(load(a), load(b)); c != 0 {
			return c
		}
		return cmp.Compare(a[0].id, b[0].id)
	}
	start := 0
	if len(prefer) > 0 {
		start = 1 // the preferred group stays first
	}
	slices.SortStableFunc(own[start:], byLoad)
	slices.SortStableFunc(other, byLoad)
	return append(own, other...)
}

func load(g []*eduSim) int {
	n := 0
	for _, e := range g {
		n = max(n, e.total)
	}
	return n
}

// placeFirst books a first visit for every family that agreed, in the
// order they agreed, and the visits of the NoConsent deviation.
func (s *sim) placeFirst() []*booking {
	var out []*booking
	for _, sc := range s.schools {
		held := 0
		for _, a := range sc.agreements {
			from := model.DateOf(a.at.In(s.loc)).AddDays(3)
			b := s.book(sc, a.family, model.FirstVisit, s.groups(sc, a.family, nil), from, s.year.LastDay, a.at.Add(2*time.Hour))
			if b == nil {
				s.m.UnplacedCapacity++
				continue
			}
			out = append(out, b)
			held++
		}
		out = append(out, s.noConsent(sc, held)...)
	}
	return out
}

// noConsent books the visits of the NoConsent deviation (P1.family-consent):
// at the deviation's rate per first visit held, a family of the school
// that was never invited and never asked is visited anyway.
func (s *sim) noConsent(sc *schoolSim, held int) []*booking {
	n := 0
	for range held {
		if draw.Chance(sc.rPlace, s.d.Deviations.NoConsent) {
			n++
		}
	}
	var cands []model.FamilyID
	if n > 0 {
		for _, f := range sc.families {
			if !sc.invited[f] && !s.agreed[f] {
				cands = append(cands, f)
			}
		}
	}
	var out []*booking
	for ; n > 0 && len(cands) > 0; n-- {
		j := sc.rPlace.IntN(len(cands))
		f := cands[j]
		cands = slices.Delete(cands, j, j+1)
		from := s.day(sc.rPlace, s.inviteDay, s.winter.AddDays(-30))
		b := s.book(sc, f, model.FirstVisit, s.groups(sc, f, nil), from, s.year.LastDay, time.Time{})
		if b == nil {
			continue
		}
		b.noConsent = true
		b.v.ArrangedAt = b.v.Start.AddDate(0, 0, -draw.Between(sc.rPlace, 3, 10))
		out = append(out, b)
	}
	return out
}

// secondWish is a family that will have a second visit: it accepted the
// offer, or (the AfterDecline deviation) declined and is visited anyway.
type secondWish struct {
	first    *booking
	answered time.Time
	after    bool
}

// offerSecond offers a second visit to every family whose first visit was
// held (when the design offers it) and draws the answers.
func (s *sim) offerSecond() []secondWish {
	if !s.d.SecondVisit.Offered {
		return nil
	}
	var out []secondWish
	for _, b := range s.books {
		if b.dropped || b.v.Kind != model.FirstVisit {
			continue
		}
		sc := b.school
		r := sc.rPlace
		f := b.v.Family
		sent := s.winter.AddDays(-21).In(s.loc, model.NewClock(10, 0))
		if end := b.v.End().AddDate(0, 0, 7); end.After(sent) {
			sent = end
		}
		if !model.DateOf(sent.In(s.loc)).Before(s.year.LastDay) {
			continue
		}
		inv := model.Invitation{
			ID:       model.InvitationID(string(f) + "-I2"),
			Family:   f,
			Students: slices.Clone(b.v.Students),
			Kind:     model.SecondVisit,
			SentAt:   sent,
			By:       b.v.Visitors[0],
			Plan:     sc.planID,
		}
		if sc.planID != "" {
			inv.Method = string(s.d.Selection.Method)
		}
		s.m.SecondVisitOffers++
		answered := sent.Add(time.Duration(draw.Between(r, 1, 10)*24+draw.Between(r, 0, 6)) * time.Hour)
		switch {
		case draw.Chance(r, s.d.Deviations.AfterDecline):
			// P1.declined-respected: visited after declining.
			inv.Response, inv.RespondedAt = model.Declined, answered
			out = append(out, secondWish{b, answered, true})
		case r.Float64() < s.d.SecondVisit.AcceptRate:
			inv.Response, inv.RespondedAt = model.Accepted, answered
			s.m.SecondVisitAcceptances++
			out = append(out, secondWish{b, answered, false})
		case r.Float64() < s.d.Acceptance.DeclineShare:
			inv.Response, inv.RespondedAt = model.Declined, answered
		default:
			inv.Response = model.NoResponse
		}
		s.ds.Invitations = append(s.ds.Invitations, inv)
	}
	return out
}

// secondFrom is the first day a second visit may take place: three days
// after the family's answer, the policy's gap after the first visit, and
// winter.
func (s *sim) secondFrom(w secondWish) model.Date {
	from := model.DateOf(w.answered.In(s.loc)).AddDays(3)
	if gap := model.DateOf(w.first.v.Start.In(s.loc)).AddDays(int(s.pol.MinGap)); gap.After(from) {
		from = gap
	}
	if s.winter.After(from) {
		from = s.winter
	}
	return from
}

// placeSecond books the wished second visits, with the same visitors as
// the first where possible.
func (s *sim) placeSecond(wishes []secondWish) []*booking {
	var out []*booking
	for _, w := range wishes {
		if b := s.bookSecond(w); b != nil {
			out = append(out, b)
		}
	}
	return out
}

func (s *sim) bookSecond(w secondWish) *booking {
	sc, f := w.first.school, w.first.v.Family
	b := s.book(sc, f, model.SecondVisit, s.groups(sc, f, w.first.group), s.secondFrom(w), s.year.LastDay, w.answered.Add(2*time.Hour))
	if b == nil {
		s.m.UnplacedCapacity++
		return nil
	}
	b.afterDecline = w.after
	return b
}

// book places one visit to family f: the first group in groups that has a
// free slot on a day from..to (inclusive) gets the earliest one. It
// returns nil when no group has one. arranged is when the visit was
// agreed (zero: set by the caller).
func (s *sim) book(sc *schoolSim, f model.FamilyID, kind model.VisitKind, groups [][]*eduSim, from, to model.Date, arranged time.Time) *booking {
	fam, _ := s.x.Family(f)
	lo := max(0, from.DaysSince(s.start))
	hi := min(s.nDays-1, to.DaysSince(s.start))
	for _, g := range groups {
		if !s.hasRoom(g) {
			continue
		}
		for di := lo; di <= hi; di++ {
			d := s.start.AddDays(di)
			var partner *eduSim
			start, ok := s.slot(fam, g, d, int32(di), func(t int32) bool {
				if len(g) > 1 {
					return true
				}
				partner = s.partnerFor(sc, g[0], d, int32(di), t)
				return partner != nil
			})
			if !ok {
				continue
			}
			b := &booking{school: sc, day: int32(di), from: start, group: g, tentative: partner}
			if partner != nil {
				s.reserve(partner, b.day, start)
			}
			b.v = model.Visit{
				ID:         visitID(f, kind),
				Students:   s.studentsAt(f, sc.id),
				Family:     f,
				Kind:       kind,
				Status:     model.Scheduled,
				ArrangedAt: arranged,
				Start:      d.In(s.loc, model.Clock(start)),
				Duration:   model.Duration(s.length),
				Location:   location(fam),
				Visitors:   make([]model.EducatorID, len(g)),
			}
			for j, e := range g {
				b.v.Visitors[j] = e.id
				s.reserve(e, b.day, start)
			}
			s.books = append(s.books, b)
			return b
		}
	}
	return nil
}

// visitID names the family's first or second visit of the year.
func visitID(f model.FamilyID, k model.VisitKind) model.VisitID {
	if k == model.SecondVisit {
		return model.VisitID(string(f) + "-V2")
	}
	return model.VisitID(string(f) + "-V1")
}

func location(f *model.Family) model.Location {
	if f != nil && f.LocationPreference != "" {
		return model.Location{Kind: f.LocationPreference, RequestedBy: model.ByFamily}
	}
	return model.Location{Kind: model.Home}
}

// hasRoom reports whether every member of g can take one more visit this
// year.
func (s *sim) hasRoom(g []*eduSim) bool {
	for _, e := range g {
		if e.total >= s.d.CapacityPerEducator {
			return false
		}
	}
	return true
}

// slot returns the earliest start, in minutes after midnight, on day d
// (index di) when the family can be visited and every member of g is
// trained, under the policy's daily and weekly caps, and free (travel
// buffer included). Visits start on a 15-minute grid: within the family's
// availability windows when it recorded some; otherwise 15:30–18:30 on
// school days and 10:00–17:00 on other days; always within the policy's
// earliest and latest visit times. Closed days (holidays, breaks) are
// skipped.
func (s *sim) slot(fam *model.Family, g []*eduSim, d model.Date, di int32, also func(t int32) bool) (int32, bool) {
	cal := &s.ds.Calendar
	if cal.Closed(d) {
		return 0, false
	}
	for _, e := range g {
		if !s.available(e, d, di) {
			return 0, false
		}
	}
	earliest, latest := int32(s.pol.EarliestVisit), int32(s.pol.LatestVisit)-s.lengthMin
	try := func(lo, hi int32) (int32, bool) {
		lo, hi = max(lo, earliest), min(hi, latest)
		lo = (lo + 14) / 15 * 15
		for t := lo; t <= hi; t += 15 {
			if s.free(g, di, t) && also(t) {
				return t, true
			}
		}
		return 0, false
	}
	if fam != nil && len(fam.Availability) > 0 {
		best, found := int32(0), false
		for _, w := range fam.Availability {
			if w.Weekday != d.Weekday() {
				continue
			}
			if t, ok := try(int32(w.Start), int32(w.End)-s.lengthMin); ok && (!found || t < best) {
				best, found = t, true
			}
		}
		return best, found
	}
	if cal.SchoolDay(s.year, d) {
		return try(15*60+30, 18*60+30)
	}
	return try(10*60, 17*60)
}

// available reports whether educator e can take a visit on day d (index
// di): trained before it, with room in the year, and under the daily and
// weekly caps.
func (s *sim) available(e *eduSim, d model.Date, di int32) bool {
	if e.trained.IsZero() || !e.trained.Before(d) || e.total >= s.d.CapacityPerEducator {
		return false
	}
	if e.days == nil {
		return true
	}
	wi := d.DaysSince(s.monday) / 7
	return int(e.days[di]) < s.pol.MaxVisitsPerDay && int(e.weeks[wi]) < s.pol.MaxVisitsPerWeek
}

// partnerFor returns the least busy volunteer of the school, other than
// lead, who could join a visit at minute t of day d — so that a visit
// booked with one educator is only booked where pairing.Partners can find
// a partner. The partner is held until pairing.Partners chooses.
func (s *sim) partnerFor(sc *schoolSim, lead *eduSim, d model.Date, di, t int32) *eduSim {
	var best *eduSim
	for _, e := range sc.volunteers {
		if e == lead || (best != nil && e.total >= best.total) || !s.available(e, d, di) || !s.free([]*eduSim{e}, di, t) {
			continue
		}
		best = e
	}
	return best
}

// free reports whether every member of g is free at minute t of day di,
// travel buffer included.
func (s *sim) free(g []*eduSim, di, t int32) bool {
	end := t + s.lengthMin
	for _, e := range g {
		for _, b := range e.busy {
			if b.day == di && t < b.to+s.buffer && b.from < end+s.buffer {
				return false
			}
		}
	}
	return true
}

// reserve books educator e for a visit starting at minute from of day di.
func (s *sim) reserve(e *eduSim, di, from int32) {
	if e.days == nil {
		e.days = make([]uint8, s.nDays)
		e.weeks = make([]uint8, s.nDays/7+3)
	}
	wi := s.start.AddDays(int(di)).DaysSince(s.monday) / 7
	e.days[di]++
	e.weeks[wi]++
	e.total++
	e.busy = append(e.busy, span{di, from, from + s.lengthMin})
}

// release undoes reserve.
func (s *sim) release(e *eduSim, di, from int32) {
	i := slices.Index(e.busy, span{di, from, from + s.lengthMin})
	if i < 0 {
		return
	}
	e.busy = slices.Delete(e.busy, i, i+1)
	wi := s.start.AddDays(int(di)).DaysSince(s.monday) / 7
	e.days[di]--
	e.weeks[wi]--
	e.total--
}

// confirm completes a round of bookings: visits booked with one educator
// get a partner from pairing.Partners (a visit that finds none is not
// held), then the budget is applied in date order.
func (s *sim) confirm(bs []*booking) error {
	var solo []model.VisitID
	byID := map[model.VisitID]*booking{}
	for _, b := range bs {
		byID[b.v.ID] = b
		if len(b.v.Visitors) < 2 {
			solo = append(solo, b.v.ID)
		}
	}
	if len(solo) > 0 {
		held := map[*booking]*eduSim{}
		for _, b := range bs {
			if b.tentative != nil {
				s.release(b.tentative, b.day, b.from)
				held[b], b.tentative = b.tentative, nil
			}
		}
		s.ds.Visits = s.ds.Visits[:0]
		for _, b := range s.books {
			if !b.dropped {
				s.ds.Visits = append(s.ds.Visits, b.v)
			}
		}
		pp, err := pairing.Partners(s.ds, pairing.PartnerOptions{Visits: solo, AssumeAvailable: true})
		if err != nil {
			return err
		}
		s.ds.Visits = nil
		var left []*booking
		for _, a := range pp.Assignments {
			b := byID[a.Visit]
			if b == nil {
				continue
			}
			e := s.edu(a.Partner)
			if !e.trained.Before(s.start.AddDays(int(b.day))) {
				// Trained that very day: practices wants the training
				// completed before the visit's day.
				left = append(left, b)
				continue
			}
			s.partner(b, e)
		}
		for _, u := range pp.Unpartnered {
			if b := byID[u.Visit]; b != nil {
				left = append(left, b)
			}
		}
		// The partner held at booking time, when still free, else none:
		// the visit is not held.
		for _, b := range left {
			d := s.start.AddDays(int(b.day))
			if e := held[b]; e != nil && s.available(e, d, b.day) && s.free([]*eduSim{e}, b.day, b.from) {
				s.partner(b, e)
				continue
			}
			s.drop(b)
			s.m.UnplacedNoPartner++
		}
	}
	order := slices.Clone(bs)
	slices.SortStableFunc(order, func(a, b *booking) int {
		if c := a.v.Start.Compare(b.v.Start); c != 0 {
			return c
		}
		return cmp.Compare(a.v.ID, b.v.ID)
	})
	for _, b := range order {
		if b.dropped || b.budgeted {
			continue
		}
		cost := int64(0)
		for _, c := range s.pay(b.school, b.v.Visitors, b.v.Start) {
			s.money.add(&cost, c.AmountCents)
		}
		// spent never passes the budget, so budget-spent cannot overflow.
		if budget := s.d.Compensation.BudgetCents; budget > 0 && cost > budget-s.spent {
			s.drop(b)
			s.m.UnplacedBudget++
			continue
		}
		s.money.add(&s.spent, cost)
	}
	return nil
}

// partner adds e to booking b as its partner.
func (s *sim) partner(b *booking, e *eduSim) {
	b.v.Visitors = append(b.v.Visitors, e.id)
	b.group = append(slices.Clip(b.group), e)
	s.reserve(e, b.day, b.from)
}

func (s *sim) drop(b *booking) {
	b.dropped = true
	for _, e := range b.group {
		s.release(e, b.day, b.from)
	}
}

// pay returns each visitor's compensation for a visit at start: the
// minutes outside their working day at the design's rate for their role,
// rounded up to the cent and paid by the school's source — or nothing
// more when a stipend covers the educator-year.
func (s *sim) pay(sc *schoolSim, visitors []model.EducatorID, start time.Time) []model.Compensation {
	out := make([]model.Compensation, len(visitors))
	for j, id := range visitors {
		e := s.edu(id)
		mins := s.ds.Calendar.MinutesOutsideWorkingDay(s.year, e.hours, start, s.length)
		c := model.Compensation{Educator: id, MinutesOutside: mins}
		switch {
		case mins == 0:
		case e.stipend:
			c.Stipend = true
		default:
			role := model.Certificated
			if e.classified {
				role = model.Classified
			}
			c.AmountCents = centsFor(mins, s.rate(role))
			c.Source = sc.source
		}
		out[j] = c
	}
	return out
}
