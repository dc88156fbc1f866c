package simulate

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/homevisits/pthv/internal/draw"
	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/schedule"
)

// This file is the program year of one school: its coordinator runs the
// schedule planner (schedule.Plan, the one home of the hard constraints)
// every Year.PlanEveryDays for the families waiting for a visit, and the
// year unfolds between the rounds — visits held, missed, cancelled or
// moved, families withdrawing, second visits offered and answered. Schools
// share no visitor and each spends only its own budget, so each school's
// year is planned on its own, on a small dataset of its own volunteers
// and families.

// fate is what becomes of an appointment, drawn when it is booked.
type fate uint8

const (
	fateHeld fate = iota
	noShow
	cancelled
	moved
)

// booking is one visit of the school's record: booked by the planner,
// then held, missed, cancelled or moved.
type booking struct {
	v      model.Visit
	school *schoolSim
	fam    int32 // the family's position in the dataset's Families
	group  []*eduSim
	cost   int64 // planned pay, counted against the school's budget while it stands
	fate   fate
	at     time.Time // when a cancellation or a move is asked for
	// attempt numbers the bookings of one visit of a family (1 first).
	attempt      int
	noConsent    bool
	afterDecline bool
	// gen changes whenever the booking is moved, so that events of its
	// earlier time are ignored.
	gen int
	// priced reports whether v.Compensation is the planner's pay of
	// v.Visitors at v.Start (the one pay rule, model.PayRule, as pay
	// applies it): true as booked, false once moved.
	priced bool
}

// active reports whether the booking occupies its visitors and budget.
func (b *booking) active() bool {
	return b.v.Status == model.Scheduled || b.v.Status == model.Completed
}

// want is a visit waiting to be planned.
type want struct {
	family  model.FamilyID
	fam     int32 // the family's position in the dataset's Families
	kind    model.VisitKind
	at      time.Time // from when it may be planned
	attempt int
	prefer  []*eduSim // the first visit's visitors, for a second
	// forced visits are the deviations' (NoConsent, AfterDecline): the
	// planner is given a consent that is not recorded.
	forced       bool
	noConsent    bool
	afterDecline bool
	move         *booking // a booking to move rather than a new visit
	reason       schedule.Reason
	// overBudget is the budget left (in cents) when the planner last left
	// the visit unplaced for want of budget: with no more left, planning it
	// again would only say so again. -1 when it has not.
	overBudget int64
}

// event is something that happens to a school's program at a time.
type event struct {
	at   time.Time
	kind eventKind
	b    *booking
	gen  int
	f    model.FamilyID
	seq  int // insertion order, for ties
}

type eventKind uint8

const (
	evOutcome  eventKind = iota // the appointment's time: held or missed
	evCancel                    // the family cancels
	evMove                      // the family asks to move it
	evWithdraw                  // the family withdraws
)

// schoolYear is the state of one school's year as its coordinator plans it.
type schoolYear struct {
	s   *sim
	sc  *schoolSim
	sub model.Dataset // the school's own small dataset for the planner
	// planner plans sub round after round, keeping its layout of the
	// year and of the visitors' days: the replication's one Planner,
	// reset for each school in turn.
	planner *schedule.Planner
	// invs are the positions in the replication's Invitations of the
	// school's families' invitations, and wds their withdrawals, in the
	// order recorded.
	invs  []int32
	wds   []model.Withdrawal
	books []*booking
	wants []*want
	// events[next:] are the events to come, in time order; those before
	// next have been applied.
	events    []event
	next      int
	seq       int
	withdrawn map[model.FamilyID]bool
	budget    int64   // the school's share; < 0 means none
	spent     int64   // pay of the standing bookings
	spentSec  int64   // of which second visits
	uninvited []int32 // candidates of the NoConsent deviation, by family position
	// subInvs is how many of invs lead sub.Invitations: invs only grows,
	// so a round copies only the invitations recorded since the last.
	subInvs int
	// singles are the school's volunteers as groups of one (pool), and
	// teachers the buffer teachersOf returns its ids in.
	singles  [][]*eduSim
	teachers []model.EducatorID
	// funding is the planner's Options.Funding: the school's source.
	funding map[model.SchoolID]model.FundingSource
	// The maps and the array of ids a planning round works in, kept for
	// the next round (plan).
	visitors map[model.FamilyID][]model.EducatorID
	byFamily map[model.FamilyID]*want
	ids      []model.EducatorID
	// ready and families are the round's buffers of the waiting visits
	// and of the families the planner is asked to plan for, which it
	// copies rather than keeps.
	ready    []*want
	families []model.FamilyID
	// slab is the chunk the school's next bookings come from.
	slab []booking
}

// place runs every school's year with schedule.Plan.
func (s *sim) place() error {
	enrol := make([]int, len(s.schools))
	for i, sc := range s.schools {
		enrol[i] = sc.nStudents
	}
	budgets := s.d.schoolBudgets(enrol)
	// The positions of each school's families' invitations, in the order
	// recorded, each school's cut from one array with room for the second
	// visits' invitations its year adds (offerSecond): at most one for
	// each family that agreed.
	owners := make([]int32, len(s.ds.Invitations))
	count := make([]int, len(s.schools))
	for i := range s.ds.Invitations {
		owners[i] = -1
		if o, _, ok := s.ownerOf(s.ds.Invitations[i].Family); ok {
			owners[i] = int32(o)
			count[o]++
		}
	}
	room := 0
	for i, sc := range s.schools {
		room += count[i] + len(sc.agreements)
	}
	backing := make([]int32, room)
	invs := make([][]int32, len(s.schools))
	at := 0
	for i, sc := range s.schools {
		n := count[i] + len(sc.agreements)
		invs[i] = backing[at : at : at+n]
		at += n
	}
	for i := range s.ds.Invitations {
		if o := owners[i]; o >= 0 {
			invs[o] = append(invs[o], int32(i))
		}
	}
	for i, sc := range s.schools {
		y := s.newSchoolYear(sc, invs[i])
		if budgets != nil {
			y.budget = budgets[i]
		}
		if err := y.run(); err != nil {
			return err
		}
		s.arrays = schoolArrays{y.sub.Students, y.sub.Families, y.sub.Invitations, y.sub.Visits}
		s.books = append(s.books, y.books...)
		s.ds.Withdrawals = append(s.ds.Withdrawals, y.wds...)
	}
	return nil
}

func (s *sim) newSchoolYear(sc *schoolSim, invs []int32) *schoolYear {
	y := &schoolYear{s: s, sc: sc, budget: -1, withdrawn: map[model.FamilyID]bool{},
		funding: map[model.SchoolID]model.FundingSource{sc.id: sc.source}}
	ds := s.ds
	y.sub = model.Dataset{
		Format: ds.Format, District: ds.District, Year: ds.Year, Calendar: ds.Calendar, Policy: s.pol,
	}
	if k := slices.IndexFunc(ds.Schools, func(x model.School) bool { return x.ID == sc.id }); k >= 0 {
		y.sub.Schools = []model.School{ds.Schools[k]}
	}
	y.sub.Educators = make([]model.Educator, 0, len(sc.volunteers))
	for _, e := range sc.volunteers {
		if e.e != nil {
			y.sub.Educators = append(y.sub.Educators, *e.e)
		}
	}
	// The school's families and all their students, siblings at other
	// schools included. A school's families are distinct (each belongs to
	// the school of its youngest student), and so are their students.
	a := &s.arrays
	y.sub.Families = takeArray(a.families, len(sc.families))
	y.sub.Students = takeArray(a.students, 2*len(sc.families))
	for _, k := range sc.famPos {
		y.sub.Families = append(y.sub.Families, ds.Families[k])
		for _, i := range indexview.FamilyRecordsAt(s.x, int(k)).Students {
			y.sub.Students = append(y.sub.Students, ds.Students[i])
		}
	}
	if s.planner == nil {
		s.planner = schedule.NewPlanner(nil)
	}
	s.planner.Reset(&y.sub)
	y.planner = s.planner
	y.invs = invs
	// Room for the year's records of the planner's dataset, which every
	// round copies afresh: a visit and a second visit's invitation for
	// each family that agreed, with a few rebooked.
	y.sub.Invitations = takeArray(a.invitations, len(invs)+len(sc.agreements)+8)
	y.sub.Visits = takeArray(a.visits, 2*len(sc.agreements)+8)
	// Room for the year's waiting visits, bookings and events: a first
	// and a second visit of each family that agreed, and a few rebooked.
	y.wants = make([]*want, 0, len(sc.agreements)+8)
	y.books = make([]*booking, 0, 2*len(sc.agreements)+8)
	y.events = make([]event, 0, 2*len(sc.agreements)+8)
	for _, a := range sc.agreements {
		y.wants = append(y.wants, y.newWant(want{overBudget: -1, family: a.family, fam: a.fam, kind: model.FirstVisit, at: a.at, attempt: 1}))
		if draw.Chance(sc.rPlace, s.d.Year.WithdrawalRate) {
			if left := s.year.LastDay.In(s.loc, model.NewClock(20, 0)).Sub(a.at); left > 0 {
				y.push(event{at: a.at.Add(time.Duration(sc.rPlace.Int64N(int64(left)) + 1)), kind: evWithdraw, f: a.family})
			}
		}
	}
	n := 0
	for _, k := range sc.famPos {
		if !s.invited[k] && !s.agreed[k] {
			n++
		}
	}
	y.uninvited = make([]int32, 0, n)
	for _, k := range sc.famPos {
		if !s.invited[k] && !s.agreed[k] {
			y.uninvited = append(y.uninvited, k)
		}
	}
	return y
}

// newWant returns a copy of w among the replication's wants, which are
// made a chunk at a time rather than one by one.
func (y *schoolYear) newWant(w want) *want {
	p := y.s.wants.One()
	*p = w
	return p
}

// newBooking returns a booking of the school's: they are made a chunk at
// a time rather than one by one, and live as long as the replication.
func (y *schoolYear) newBooking() *booking {
	if len(y.slab) == cap(y.slab) {
		y.slab = make([]booking, 0, 32)
	}
	y.slab = y.slab[:len(y.slab)+1]
	return &y.slab[len(y.slab)-1]
}

// schoolArrays are the arrays of a school's planner dataset: the schools
// of a replication plan one after the other, each taking the arrays the
// one before used (takeArray).
type schoolArrays struct {
	students    []model.Student
	families    []model.Family
	invitations []model.Invitation
	visits      []model.Visit
}

// takeArray returns an empty slice of buf's array, cleared of what the
// school before kept in it, when it has room for n; else of a new one.
func takeArray[T any](buf []T, n int) []T {
	clear(buf)
	if cap(buf) < n {
		return make([]T, 0, n)
	}
	return buf[:0]
}

// push adds an event, keeping the events in time order (ties in the
// order pushed).
func (y *schoolYear) push(e event) {
	e.seq = y.seq
	y.seq++
	if len(y.events) == cap(y.events) && y.next > 0 {
		// Full: the applied events make room rather than a larger array.
		n := copy(y.events, y.events[y.next:])
		clear(y.events[n:])
		y.events, y.next = y.events[:n], 0
	}
	i, _ := slices.BinarySearchFunc(y.events[y.next:], e, func(a, b event) int { return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.seq, b.seq)) })
	y.events = slices.Insert(y.events, y.next+i, e)
}

// run plays the school's year: a planning round every PlanEveryDays from
// the invitations, what happened since applied before each round, and
// what is left after the last.
func (y *schoolYear) run() error {
	s := y.s
	every := s.d.Year.PlanEveryDays
	for day := s.inviteDay.AddDays(1); !day.After(s.year.LastDay); day = day.AddDays(every) {
		asOf := day.In(s.loc, model.NewClock(8, 0))
		if err := y.advance(asOf); err != nil {
			return err
		}
		if err := y.plan(asOf, model.FirstVisit, nil); err != nil {
			return err
		}
		if err := y.plan(asOf, model.SecondVisit, nil); err != nil {
			return err
		}
	}
	if err := y.advance(s.year.LastDay.AddDays(1).In(s.loc, 0)); err != nil {
		return err
	}
	var moves []*want
	for _, w := range y.wants {
		if w.move != nil {
			w.reason = schedule.NoDaysLeft
			moves = append(moves, w)
		}
	}
	y.cancelMoves(moves)
	for _, w := range y.wants {
		if y.withdrawn[w.family] || w.move != nil {
			continue
		}
		switch w.reason {
		case schedule.OverBudget:
			s.m.UnplacedBudget++
		case schedule.NoVisitors, schedule.VisitorNotEligible:
			s.m.UnplacedNoPartner++
		default:
			s.m.UnplacedCapacity++
		}
	}
	return nil
}

// advance applies, in time order, the events up to asOf; a request to
// move a visit is planned when it comes, as a coordinator answers the
// family's call.
func (y *schoolYear) advance(asOf time.Time) error {
	for {
		if y.next == len(y.events) || y.events[y.next].at.After(asOf) {
			return nil
		}
		e := y.events[y.next]
		y.next++
		if w := y.apply(e); w != nil {
			if err := y.plan(e.at, w.kind, w); err != nil {
				return err
			}
		}
	}
}

// apply applies one event; it returns the want of a move to plan now.
func (y *schoolYear) apply(e event) *want {
	s := y.s
	if e.kind == evWithdraw {
		if y.withdrawn[e.f] {
			return nil
		}
		y.withdrawn[e.f] = true
		y.wds = append(y.wds, model.Withdrawal{Family: e.f, At: e.at})
		s.m.Withdrawals++
		for _, b := range y.books {
			if b.v.Family == e.f && b.v.Status == model.Scheduled && b.v.Start.After(e.at) {
				y.release(b)
				b.v.Status, b.v.CancelledBy = model.Cancelled, model.ByFamily
				s.m.Cancellations++
			}
		}
		y.wants = slices.DeleteFunc(y.wants, func(w *want) bool { return w.family == e.f })
		return nil
	}
	b := e.b
	if b.gen != e.gen || b.v.Status != model.Scheduled {
		return nil
	}
	switch e.kind {
	case evCancel:
		y.release(b)
		b.v.Status, b.v.CancelledBy = model.Cancelled, model.ByFamily
		s.m.Cancellations++
		y.again(b, e.at)
	case evMove:
		w := y.newWant(want{overBudget: -1, family: b.v.Family, fam: b.fam, kind: b.v.Kind, at: e.at, attempt: b.attempt,
			prefer: b.group, move: b, forced: b.noConsent || b.afterDecline, noConsent: b.noConsent, afterDecline: b.afterDecline})
		y.wants = append(y.wants, w)
		return w
	case evOutcome:
		if b.fate == noShow {
			// The visitors came: their time counts against their capacity,
			// but nothing is paid.
			y.spend(b, -b.cost)
			b.v.Status = model.NoShow
			s.m.NoShows++
			y.again(b, b.v.Start)
			return nil
		}
		b.v.Status = model.Completed
		if b.v.Kind == model.FirstVisit && !b.noConsent {
			y.offerSecond(b)
		}
		if b.v.Kind == model.FirstVisit && !b.noConsent && len(y.uninvited) > 0 && draw.Chance(y.sc.rPlace, s.d.Deviations.NoConsent) {
			// P1.family-consent: a family never invited is visited.
			j := y.sc.rPlace.IntN(len(y.uninvited))
			k := y.uninvited[j]
			y.uninvited = slices.Delete(y.uninvited, j, j+1)
			y.wants = append(y.wants, y.newWant(want{overBudget: -1, family: s.ds.Families[k].ID, fam: k, kind: model.FirstVisit, at: b.v.End(), attempt: 1, forced: true, noConsent: true}))
		}
	}
	return nil
}

// again puts a missed or cancelled visit back on the list, while the
// design's rebooks last and the family has not withdrawn.
func (y *schoolYear) again(b *booking, at time.Time) {
	if b.attempt > y.s.d.Year.Rebooks || y.withdrawn[b.v.Family] || b.noConsent {
		return
	}
	y.wants = append(y.wants, y.newWant(want{overBudget: -1, family: b.v.Family, fam: b.fam, kind: b.v.Kind, at: at, attempt: b.attempt + 1, prefer: b.group,
		forced: b.afterDecline, afterDecline: b.afterDecline}))
}

// release frees a booking's visitors and budget.
func (y *schoolYear) release(b *booking) {
	if !b.active() {
		return
	}
	for _, e := range b.group {
		e.total--
		if b.v.Kind == model.FirstVisit {
			e.firsts--
		}
	}
	y.spend(b, -b.cost)
}

func (y *schoolYear) spend(b *booking, cents int64) {
	y.s.money.add(&y.spent, cents)
	if b.v.Kind == model.SecondVisit {
		y.s.money.add(&y.spentSec, cents)
	}
}

// offerSecond invites the family of a held first visit to a second one,
// three weeks before winter or a week after the first visit, and draws
// the answer.
func (y *schoolYear) offerSecond(b *booking) {
	s := y.s
	if !s.d.SecondVisit.Offered {
		return
	}
	sc, r, f := y.sc, y.sc.rPlace, b.v.Family
	sent := s.secondOffers
	if end := b.v.End().AddDate(0, 0, 7); end.After(sent) {
		sent = end
	}
	if !model.DateOf(sent.In(s.loc)).Before(s.year.LastDay) {
		return
	}
	inv := model.Invitation{
		ID:       model.InvitationID(s.ids.Concat(string(f), "-I2")),
		Family:   f,
		Students: b.v.Students, // read only, as the visit's
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
	second := y.newWant(want{overBudget: -1, family: f, fam: b.fam, kind: model.SecondVisit, at: answered, attempt: 1, prefer: b.group})
	switch {
	case draw.Chance(r, s.d.Deviations.AfterDecline):
		// P1.declined-respected: visited after declining.
		inv.Response, inv.RespondedAt = model.Declined, answered
		second.forced, second.afterDecline = true, true
		y.wants = append(y.wants, second)
	case r.Float64() < s.d.SecondVisit.AcceptRate:
		inv.Response, inv.RespondedAt = model.Accepted, answered
		s.m.SecondVisitAcceptances++
		y.wants = append(y.wants, second)
	case r.Float64() < s.d.Acceptance.DeclineShare:
		inv.Response, inv.RespondedAt = model.Declined, answered
	default:
		inv.Response = model.NoResponse
	}
	y.invs = append(y.invs, int32(len(s.ds.Invitations)))
	s.ds.Invitations = append(s.ds.Invitations, inv)
}

// room reports whether educator e (with the visits given it this round)
// can take one more visit of kind k: within the capacity, and for a first
// visit within the part of it not held for second visits.
func (y *schoolYear) room(e *eduSim, k model.VisitKind) bool {
	s := y.s
	extra := s.given(e)
	if e.total+extra >= s.d.CapacityPerEducator {
		return false
	}
	return k != model.FirstVisit || e.firsts+extra < s.firstCap
}

// given returns the visits educator e is given in the planning round
// under way (plan), beyond those booked.
func (s *sim) given(e *eduSim) int {
	if e.round != s.round {
		return 0
	}
	return e.extra
}

// give adds n to the visits educator e is given in the planning round
// under way.
func (s *sim) give(e *eduSim, n int) {
	if e.round != s.round {
		e.round, e.extra = s.round, 0
	}
	e.extra += n
}

// plan runs the planner at asOf for the waiting visits of kind k (or for
// the one want only, when set): each family gets the first group of its
// preference order with room (a single educator gets the least busy
// colleague with room as partner: the planner books only visits made in
// pairs), within the school's budget left.
func (y *schoolYear) plan(asOf time.Time, k model.VisitKind, only *want) error {
	s := y.s
	left := y.left(k)
	ready := y.ready[:0]
	defer func() { clear(ready); y.ready = ready[:0] }()
	for _, w := range y.wants {
		if w.kind == k && !w.at.After(asOf) && (only == nil || w == only) &&
			(w.move != nil || w.overBudget < 0 || left > w.overBudget) {
			ready = append(ready, w)
		}
	}
	if len(ready) == 0 {
		return nil
	}
	slices.SortStableFunc(ready, func(a, b *want) int {
		return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.family, b.family))
	})
	notice := asOf.Add(time.Duration(s.pol.MinNotice))
	// The round's maps are the school's, cleared: the planner keeps none
	// of them past its run.
	if y.visitors == nil {
		y.visitors, y.byFamily = map[model.FamilyID][]model.EducatorID{}, map[model.FamilyID]*want{}
	}
	visitors, byFamily := y.visitors, y.byFamily
	clear(visitors)
	clear(byFamily)
	s.round++        // no visit is given yet
	ids := y.ids[:0] // the visitors' ids, each family's cut from one array
	defer func() { y.ids = ids[:0] }()
	var moving map[*booking]bool
	var moves []*want
	var pair [2]*eduSim // a single volunteer and the partner found
	defer func() { y.cancelMoves(moves) }()
	for _, w := range ready {
		if _, dup := byFamily[w.family]; dup {
			continue
		}
		if w.move != nil {
			if !w.move.v.Start.After(notice) {
				// Too late to move: the family cannot come.
				w.reason = ""
				y.dropWant(w)
				b := w.move
				y.release(b)
				b.v.Status, b.v.CancelledBy = model.Cancelled, model.ByFamily
				s.m.Cancellations++
				y.again(b, w.at)
				continue
			}
			if moving == nil {
				moving = map[*booking]bool{}
			}
			moving[w.move] = true
			for _, e := range w.move.group {
				s.give(e, -1) // its own place is free for it
			}
		}
		w.reason = schedule.Capacity
		// The group is only read below (a single's partner joins it in
		// pair, not in the pool's own slice).
		g := pickGroup(y.pool(), w.prefer, y.teachersOf(w.fam), func(c []*eduSim) bool {
			return !slices.ContainsFunc(c, func(e *eduSim) bool { return !y.room(e, k) })
		})
		if w.move != nil {
			moves = append(moves, w)
		}
		if len(g) == 1 {
			var best *eduSim
			for _, e := range y.sc.volunteers {
				if e != g[0] && y.room(e, k) && (best == nil || e.total+s.given(e) < best.total+s.given(best)) {
					best = e
				}
			}
			if best == nil {
				w.reason = schedule.NoVisitors
				g = nil
			} else {
				pair = [2]*eduSim{g[0], best}
				g = pair[:]
			}
		}
		if g == nil {
			if w.move != nil {
				for _, e := range w.move.group {
					s.give(e, 1)
				}
				delete(moving, w.move)
			}
			continue
		}
		from := len(ids)
		for _, e := range g {
			ids = append(ids, e.id)
			s.give(e, 1)
		}
		visitors[w.family] = ids[from:len(ids):len(ids)]
		byFamily[w.family] = w
	}
	if len(byFamily) == 0 {
		return nil
	}
	families := y.families[:0]
	defer func() { y.families = families[:0] }()
	for f := range byFamily {
		families = append(families, f)
	}
	slices.Sort(families)
	opt := schedule.Options{Policy: &s.pol, Visitors: visitors, Funding: y.funding,
		WorkingHoursBusy: true, Kind: k, Families: families,
		// The planner's heuristic: on the schedule package's instances of
		// known optimum it places as many visits as the exact search
		// (TestHeuristicGap), which only trims minutes outside the working
		// day — and which, when a budget binds, no bound can prove, so
		// it ran to its node limit at every round.
		Method: schedule.Heuristic}
	if y.budget >= 0 {
		for _, w := range byFamily {
			if w.move != nil {
				left += w.move.cost
			}
		}
		if left <= 0 {
			for _, w := range byFamily {
				w.reason = schedule.OverBudget
				w.overBudget = max(left, 0)
			}
			return nil
		}
		opt.BudgetCents = left
	}
	sub := &y.sub
	sub.Visits = sub.Visits[:0]
	for _, b := range y.books {
		if (b.active() || b.v.Status == model.NoShow) && !moving[b] {
			sub.Visits = append(sub.Visits, b.v)
		}
	}
	// Only invitations recorded since the last round are copied: invs is
	// append-only, and what follows its copy is this round's forced ones.
	sub.Invitations = sub.Invitations[:y.subInvs]
	for _, i := range y.invs[y.subInvs:] {
		sub.Invitations = append(sub.Invitations, s.ds.Invitations[i])
	}
	y.subInvs = len(y.invs)
	sub.Withdrawals = y.wds
	for _, w := range byFamily {
		if w.forced {
			// The deviation's visit: the planner is told the family agreed;
			// the record is not.
			sub.Invitations = append(sub.Invitations, model.Invitation{
				ID: model.InvitationID(string(w.family) + "-FORCED"), Family: w.family, Origin: model.FamilyRequest,
				Kind: k, SentAt: asOf.Add(-time.Minute), Response: model.Accepted, RespondedAt: asOf.Add(-time.Minute),
			})
		}
	}
	sch, err := y.planner.Plan(asOf, opt)
	if err != nil {
		return err
	}
	s.planRuns++
	if only != nil {
		s.moveRuns++
	}
	for _, a := range sch.Appointments {
		w := byFamily[a.Family]
		if w == nil || a.Kind != k || !a.Active() {
			continue
		}
		cost, err := a.CostCents()
		if err != nil {
			return err
		}
		group := s.groups.Take(len(a.Visitors))
		for j, id := range a.Visitors {
			group[j] = s.edu(id)
		}
		var b *booking
		if w.move != nil {
			b = w.move
			y.release(b)
			b.v.Reschedules = append(b.v.Reschedules, model.Rescheduling{At: asOf, FromStart: b.v.Start, By: model.ByFamily})
			b.v.Start, b.v.ArrangedAt = a.Start, asOf
			b.v.Visitors = slices.Clone(a.Visitors)
			b.gen++
			b.priced = false
			s.m.Reschedules++
		} else {
			b = y.newBooking()
			*b = booking{school: y.sc, fam: w.fam, attempt: w.attempt, noConsent: w.noConsent, afterDecline: w.afterDecline}
			b.v = a.Visit()
			b.v.ID = s.visitID(a.Family, k, w.attempt)
			b.priced = len(b.v.Compensation) == len(b.v.Visitors)
			if w.attempt > 1 {
				s.m.Rebookings++
			}
			y.books = append(y.books, b)
		}
		b.v.Status = model.Scheduled
		b.group, b.cost = group, cost
		for _, e := range group {
			e.total++
			if k == model.FirstVisit {
				e.firsts++
			}
		}
		y.spend(b, cost)
		y.drawFate(b, asOf, w.move != nil)
		w.reason = ""
		y.dropWant(w)
	}
	for _, u := range sch.Unplaced {
		if w := byFamily[u.Family]; w != nil && u.Kind == k && w.reason != "" {
			w.reason = u.Reason
			if u.Reason == schedule.OverBudget && y.budget >= 0 {
				w.overBudget = opt.BudgetCents
			}
		}
	}
	return nil
}

// left is the budget the school's next visits of kind k may spend: what
// is not spent, and for first visits not what is held for second visits;
// math.MaxInt64 with no budget.
func (y *schoolYear) left(k model.VisitKind) int64 {
	if y.budget < 0 {
		return math.MaxInt64
	}
	left := y.budget - y.spent
	if k == model.FirstVisit && y.s.d.SecondVisit.Offered {
		held := int64(float64(y.budget) * y.s.d.Budget.SecondVisitReserve)
		left = min(left, y.budget-held-(y.spent-y.spentSec))
	}
	return left
}

// cancelMoves turns the moves a round could not place into cancellations
// by the family: the appointment cannot be kept, and no other time was
// found.
func (y *schoolYear) cancelMoves(moves []*want) {
	for _, w := range moves {
		if w.reason == "" || w.move.v.Status != model.Scheduled {
			continue
		}
		y.dropWant(w)
		b := w.move
		y.release(b)
		b.v.Status, b.v.CancelledBy = model.Cancelled, model.ByFamily
		y.s.m.Cancellations++
		y.again(b, w.at)
	}
}

func (y *schoolYear) dropWant(w *want) {
	if i := slices.Index(y.wants, w); i >= 0 {
		y.wants = slices.Delete(y.wants, i, i+1)
	}
}

// drawFate draws what becomes of a booking made at asOf and schedules the
// events that follow: its time comes (held or missed), or the family
// cancels one to three days before, or asks to move it. A visit already
// moved once is not moved again.
func (y *schoolYear) drawFate(b *booking, asOf time.Time, wasMoved bool) {
	py := y.s.d.Year
	r := y.sc.rPlace
	u := r.Float64()
	start := b.v.Start
	span := start.Sub(asOf)
	switch {
	case u < py.NoShowRate:
		b.fate = noShow
	case u < py.NoShowRate+py.CancelRate:
		b.fate = cancelled
		b.at = start.Add(-time.Duration(draw.Between(r, 1, 3)) * 24 * time.Hour)
		if !b.at.After(asOf) {
			b.at = asOf.Add(span / 2)
		}
	case u < py.NoShowRate+py.CancelRate+py.RescheduleRate && !wasMoved:
		b.fate = moved
		b.at = asOf.Add(time.Duration(r.Int64N(int64(span)/2) + 1))
	default:
		b.fate = fateHeld
	}
	switch b.fate {
	case cancelled:
		y.push(event{at: b.at, kind: evCancel, b: b, gen: b.gen})
	case moved:
		y.push(event{at: b.at, kind: evMove, b: b, gen: b.gen})
	default:
		y.push(event{at: start, kind: evOutcome, b: b, gen: b.gen})
	}
}

// visitID names a family's first or second visit of the year, and its
// later bookings after a miss or a cancellation ("F-V1", "F-V1.2").
func (s *sim) visitID(f model.FamilyID, k model.VisitKind, attempt int) model.VisitID {
	v := "-V1"
	if k == model.SecondVisit {
		v = "-V2"
	}
	if attempt > 1 {
		return model.VisitID(s.ids.Concat(string(f), v, ".", strconv.Itoa(attempt)))
	}
	return model.VisitID(s.ids.Concat(string(f), v))
}

// pool returns the groups of the school's visitors: its teams, or
// without teams (or when the school has none) its volunteers as groups of
// one, who get a partner when the visit is planned.
func (y *schoolYear) pool() [][]*eduSim {
	if len(y.sc.teams) > 0 {
		return y.sc.teams
	}
	if y.singles == nil {
		y.singles = make([][]*eduSim, len(y.sc.volunteers))
		for j, e := range y.sc.volunteers {
			y.singles[j] = []*eduSim{e}
		}
	}
	return y.singles
}

// teachersOf returns the teachers of record of the students at the
// school of the family at position k of the dataset's Families, in a
// buffer of y until the next call.
func (y *schoolYear) teachersOf(k int32) []model.EducatorID {
	s := y.s
	teachers := y.teachers[:0]
	for _, i := range indexview.FamilyRecordsAt(s.x, int(k)).Students {
		if st := &s.ds.Students[i]; st.School == y.sc.id {
			teachers = append(teachers, st.Teachers...)
		}
	}
	y.teachers = teachers
	return teachers
}

// pickGroup returns the group that visits a family, or nil: the first
// group of the family's order of preference that room accepts. The order
// is the preferred group (the first visit's visitors, for a second), then
// the groups with a teacher of the family, then the other groups, each
// of the two parts by load — the busiest member's visits — then by the
// first member's id, then in pool order. It picks the first group of the
// order, as groupOrder (in the tests) lays it out, without sorting: one
// pass keeps the best group with room of each part, and asks which part
// a group is in, and whether it has room, only of a group that would be
// the better of a part that can still be picked.
func pickGroup(pool [][]*eduSim, prefer []*eduSim, teachers []model.EducatorID, room func([]*eduSim) bool) []*eduSim {
	if len(prefer) > 0 && room(prefer) {
		return prefer
	}
	var own, other []*eduSim // the best of each part so far
	ownLoad, otherLoad := 0, 0
	// before reports whether a group of load l and first member e comes
	// before best (of load bestLoad): the earlier of equals stays first.
	before := func(l int, e *eduSim, best []*eduSim, bestLoad int) bool {
		return best == nil || l < bestLoad || l == bestLoad && e.id < best[0].id
	}
	for _, g := range pool {
		l := load(g)
		// Once a group of the teachers' part has room, no other group
		// can be picked.
		if !before(l, g[0], own, ownLoad) && (own != nil || !before(l, g[0], other, otherLoad)) {
			continue
		}
		if slices.Equal(g, prefer) {
			continue
		}
		if ownGroup(g, teachers) {
			if before(l, g[0], own, ownLoad) && room(g) {
				own, ownLoad = g, l
			}
		} else if own == nil && before(l, g[0], other, otherLoad) && room(g) {
			other, otherLoad = g, l
		}
	}
	if own != nil {
		return own
	}
	return other
}

// ownGroup reports whether a member of g is one of teachers.
func ownGroup(g []*eduSim, teachers []model.EducatorID) bool {
	return slices.ContainsFunc(g, func(e *eduSim) bool { return slices.Contains(teachers, e.id) })
}

func load(g []*eduSim) int {
	n := 0
	for _, e := range g {
		n = max(n, e.total)
	}
	return n
}

// pay returns each visitor's compensation for a visit at start by
// [model.PayRule], the rule schedule.Plan prices its appointments with:
// the minutes outside their working day at the design's rate for their
// role, rounded up to the cent and paid by the school's source — or
// nothing more when a stipend covers the educator-year, from the
// stipend's source.
func (s *sim) pay(sc *schoolSim, visitors []model.EducatorID, start time.Time) []model.Compensation {
	out := make([]model.Compensation, len(visitors))
	for j, id := range visitors {
		e := s.edu(id)
		if e.e == nil {
			out[j] = model.Compensation{Educator: id}
			continue
		}
		out[j] = s.payRule.Pay(e.e, e.hours, start, s.length, sc.source)
	}
	return out
}
