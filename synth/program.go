package synth

import (
	"github.com/homevisits/pthv/internal/arena"
	"math/bits"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/homevisits/pthv/internal/draw"
	"github.com/homevisits/pthv/model"
)

// program is one school's year of home visits.
type program struct {
	e   *env
	ro  *roster
	r   *rand.Rand
	dev Deviations

	asks      []int8  // per family: 1 asks for a visit, -1 does not, 0 undecided (outside the plan's scope)
	pool      []int32 // the regular visitors: opted in and trained
	lapsed    []int32 // trained before, not opted in this year
	untrained int32   // the untrained volunteer, or -1
	interp    map[model.Language]model.InterpreterID
	instr     []model.Language // the school's languages of instruction

	plans   []model.Plan
	sent    time.Time // when the plan's invitations went out
	roundUp bool      // they went out in the spring before the year
	goals   []model.Goal
	invs    []model.Invitation
	wds     []model.Withdrawal
	visits  []model.Visit
	fams    []int32 // the family of each visit, parallel to visits until they are numbered
	comms   []model.Communication
	events  []model.Event

	contacts model.Contacts

	studentIDs arena.Arena[model.StudentID]
	eduIDs     arena.Arena[model.EducatorID]
	topics     arena.Arena[model.Topic]
	comps      arena.Arena[model.Compensation]
	refls      arena.Arena[model.Reflection]
	bools      arena.Arena[bool]
	interps    arena.Arena[model.Interpreter]
	langs      arena.Arena[model.Language]
	reschedule arena.Arena[model.Rescheduling]
	times      arena.Arena[time.Time]

	buf []int32 // scratch
}

// team is who visits a family: the lead (a teacher of a student the visit
// names, when one volunteers) and a partner, sometimes a third.
type team struct {
	lead, partner, third int32 // third is -1 when there is none
}

// invite is a family of a plan's population: whether the plan invites it,
// the students in scope, and what the family will do, decided before the
// year's story is told.
type invite struct {
	f       int32
	named   uint8 // the family's students in scope, bit j for students[first+j]
	invited bool
	// answer is the family's answer to the invitation; for a family not
	// invited, Accepted means it asks for a visit itself.
	answer model.Response
}

// agreement is a family's consent to a first visit.
type agreement struct {
	at        time.Time
	named     uint8 // the students the accepted invitation or request names
	reinvited bool  // accepted on a new invitation after a decline
}

// lapse reports, at rate × Deviations.Lapses, one of the everyday lapses
// only advisories report. At Lapses 0 it draws nothing.
func (p *program) lapse(rate float64) bool { return draw.Chance(p.r, rate*p.dev.Lapses) }

func (e *env) runProgram(ro *roster, sp *schoolPlan) *program {
	nf := len(ro.fam)
	p := &program{
		e:          e,
		ro:         ro,
		r:          draw.Stream(e.seed, streamProgram, ro.idx),
		dev:        e.cfg.Deviations,
		untrained:  -1,
		instr:      model.InstructionLanguages(e.district, &ro.school),
		studentIDs: arena.New[model.StudentID](nf),
		eduIDs:     arena.New[model.EducatorID](nf),
		topics:     arena.New[model.Topic](nf),
		comps:      arena.New[model.Compensation](nf / 2),
		refls:      arena.New[model.Reflection](nf / 4),
		bools:      arena.New[bool](nf / 4),
		interps:    arena.New[model.Interpreter](16),
		langs:      arena.New[model.Language](16),
		reschedule: arena.New[model.Rescheduling](16),
		times:      arena.New[time.Time](nf / 8),
	}
	for k := range ro.staff {
		m := &ro.staff[k]
		switch {
		case m.visitor:
			p.pool = append(p.pool, int32(k))
		case m.untrained:
			p.untrained = int32(k)
		case m.lapsed:
			p.lapsed = append(p.lapsed, int32(k))
		}
	}
	invited := p.choose(sp)
	p.invs = make([]model.Invitation, 0, len(invited)+len(invited)/2+nf/20)
	p.visits = make([]model.Visit, 0, len(invited)+len(invited)/2)
	p.comms = make([]model.Communication, 0, len(invited))

	// Each family's year, in family order: the families whose record this
	// school holds and the older siblings' families held by another.
	hasInvitation := make([]bool, nf)
	noConsent := 0
	next := 0
	for f := range ro.fam {
		var in *invite
		if next < len(invited) && invited[next].f == int32(f) {
			in = &invited[next]
			next++
		}
		a, ok := p.consent(f, in, hasInvitation)
		if !ok {
			continue
		}
		if p.familyYear(f, a) && draw.Chance(p.r, p.dev.NoConsent) {
			noConsent++
		}
	}
	// P1.family-consent deviations: families never invited here, visited
	// anyway — by their children's teacher, with follow-up and the offer of
	// a second visit, as if they had agreed.
	if noConsent > 0 {
		var cands []int
		for f := range ro.fam {
			if !hasInvitation[f] && p.inScope(f, p.taughtByVolunteer) != 0 {
				cands = append(cands, f)
			}
		}
		for ; noConsent > 0 && len(cands) > 0; noConsent-- {
			j := p.r.IntN(len(cands))
			f := cands[j]
			cands[j] = cands[len(cands)-1]
			cands = cands[:len(cands)-1]
			g := p.inScope(f, p.taughtByVolunteer)
			tm := p.team(f, g)
			d := p.day(p.e.firstFrom, p.e.firstTo)
			start := p.slot(f, d)
			arranged := start.AddDate(0, 0, -draw.Between(p.r, 3, 10))
			v := p.visit(f, g, model.FirstVisit, model.Completed, start, arranged, tm)
			p.complete(v, f, true)
			end := v.End()
			p.followUp(f, end, tm)
			offer := p.invitation(f, g, model.SecondVisit, p.at(model.DateOf(end.In(p.e.loc)).AddDays(draw.Between(p.r, 14, 40)), 9*60, 16*60))
			offer.By = ro.educators[tm.lead].ID
		}
	}

	if !p.lapse(1) {
		p.vary()
	}
	p.celebrate()
	p.setGoals(sp)
	if e.cfg.Contacts {
		p.makeContacts()
	}
	p.number()
	return p
}

// consent records the family's invitations and answers, and returns its
// agreement to a first visit, if it gave one.
func (p *program) consent(f int, in *invite, hasInvitation []bool) (agreement, bool) {
	r, e, ro := p.r, p.e, p.ro
	m := &ro.fam[f]
	if in == nil {
		// Families "proactively ask educators when they are coming" (RTI),
		// for all their children at the school.
		switch p.asks[f] {
		case -1:
			return agreement{}, false
		case 0:
			if r.Float64() >= askRate {
				return agreement{}, false
			}
		}
		all := allOf(m.n)
		if p.inScope(f, p.taughtByVolunteer) == 0 && !p.lapse(1) {
			// No volunteer teaches its children: the school would send
			// volunteers who do not (P5.teacher-on-visit).
			return agreement{}, false
		}
		to := e.requestTo
		if !p.lapse(1) {
			to = e.firstTo.AddDays(-21) // in time for a first visit in the fall
		}
		hasInvitation[f] = true
		at := p.at(p.day(e.requestFrom, to), 9*60, 19*60)
		inv := p.invitation(f, all, model.FirstVisit, at)
		inv.Origin = model.FamilyRequest
		inv.Plan, inv.Method, inv.By = "", "", ""
		inv.Response, inv.RespondedAt = model.Accepted, at
		return agreement{at: at, named: all}, true
	}
	hasInvitation[f] = true
	sent := p.sent
	inv := p.invitation(f, in.named, model.FirstVisit, sent)
	inv.Plan, inv.Method = p.plans[0].ID, p.plans[0].Method
	if p.roundUp {
		inv.Year = e.year.ID
	}
	answered := sent.Add(time.Duration(draw.Between(r, 1, 14)*24+draw.Between(r, 0, 6)) * time.Hour)
	if r.Float64() < 0.3 {
		n := 1 + r.IntN(2)
		inv.ContactAttempts = p.times.Take(n)
		for j := range n {
			inv.ContactAttempts[j] = sent.AddDate(0, 0, 2+3*j)
		}
		answered = answered.AddDate(0, 0, 3*n)
	}
	switch in.answer {
	case model.Accepted:
		inv.Response, inv.RespondedAt = model.Accepted, answered
		return agreement{at: answered, named: in.named}, true
	case model.Declined:
		inv.Response, inv.RespondedAt = model.Declined, answered
		// Sometimes one new invitation later in the fall (within
		// P1.no-repeat-pressure's one), which half accept. A family with
		// children in two schools hears from the other school instead.
		if r.Float64() < 0.08 && !m.split {
			again := p.invitation(f, in.named, model.FirstVisit, answered.AddDate(0, 0, draw.Between(r, 30, 60)))
			again.Plan, again.Method = p.plans[0].ID, p.plans[0].Method
			if r.Float64() < 0.5 {
				at := again.SentAt.Add(time.Duration(draw.Between(r, 24, 200)) * time.Hour)
				if model.DateOf(at.In(e.loc)).AddDays(9).After(e.firstTo) && !p.lapse(1) {
					// Too late for a first visit in the fall: the family
					// does not answer this year.
					return agreement{}, false
				}
				again.Response, again.RespondedAt = model.Accepted, at
				return agreement{at: at, named: in.named, reinvited: true}, true
			}
		}
	default:
		inv.Response = model.NoResponse
	}
	return agreement{}, false
}

// invitation appends a school invitation for the students named of family f.
func (p *program) invitation(f int, named uint8, kind model.VisitKind, sent time.Time) *model.Invitation {
	p.invs = append(p.invs, model.Invitation{
		Family:   p.ro.fam[f].rec.ID,
		Students: p.students(f, named),
		Origin:   model.SchoolInvitation,
		Kind:     kind,
		SentAt:   sent,
		By:       p.ro.school.Coordinator,
	})
	return &p.invs[len(p.invs)-1]
}

// groups splits the students an agreement names into the groups visited
// together. Siblings share a visit when one teacher teaches them all, and
// often when not; otherwise each child's teacher visits on their own, a
// visit naming one student (RULES.md, P3: "a family whose children have
// different teachers builds a relationship with each"). A child taught by
// no volunteer joins a sibling's visit; sometimes a brother or sister the
// invitation did not name comes along too.
func (p *program) groups(f int, named uint8, dst []uint8) []uint8 {
	m := &p.ro.fam[f]
	var taught uint8
	for j := range m.n {
		if named&(1<<j) != 0 && p.taughtByVolunteer(int(m.first+j)) {
			taught |= 1 << j
		}
	}
	if bits.OnesCount8(taught) >= 2 && !p.oneTeacher(f, taught) && p.r.Float64() < 0.55 {
		for j := range m.n {
			if taught&(1<<j) != 0 {
				dst = append(dst, 1<<j)
			}
		}
		dst[0] |= named &^ taught
		return dst
	}
	g := named
	if all := allOf(m.n); g != all && p.r.Float64() < 0.3 {
		g = all
	}
	return append(dst, g)
}

// oneTeacher reports whether one volunteer teaches every student of g.
func (p *program) oneTeacher(f int, g uint8) bool {
	ro := p.ro
	m := &ro.fam[f]
	var common []int32
	first := true
	for j := range m.n {
		if g&(1<<j) == 0 {
			continue
		}
		k := m.first + j
		ts := ro.stTeach[ro.stTeachOf[k]:ro.stTeachOf[k+1]]
		if first {
			for _, t := range ts {
				if ro.staff[t].visitor {
					common = append(common, t)
				}
			}
			first = false
			continue
		}
		common = slices.DeleteFunc(common, func(t int32) bool { return !slices.Contains(ts, t) })
	}
	return len(common) > 0
}

// familyYear plays out a family's year at this school after it agreed:
// for each group of its children visited together, a first visit (perhaps
// after a cancellation or a no-show), follow-up messages and the offer of
// a second visit; and sometimes, after a good year, an invitation for next
// year. It reports whether a first visit took place.
func (p *program) familyYear(f int, a agreement) bool {
	var buf [3]uint8
	gs := p.groups(f, a.named, buf[:0])
	visited, again := false, true
	for _, g := range gs {
		first, second := p.groupYear(f, g, a, len(gs) == 1)
		visited = visited || first
		again = again && second
	}
	if visited && again && !a.reinvited {
		p.nextYear(f)
	}
	return visited
}

// groupYear plays out the year of the students g of family f: see
// [program.familyYear]. solo says g is the family's only group, which is
// when a family may withdraw (a withdrawal covers all its children, in
// every school). It reports whether the first and the second visit took
// place.
func (p *program) groupYear(f int, g uint8, a agreement, solo bool) (first, second bool) {
	r, e := p.r, p.e
	tm := p.team(f, g)
	from := later(e.firstFrom, model.DateOf(a.at.In(e.loc)).AddDays(2))
	to := e.firstTo
	if from.After(to) {
		// A family that accepts in winter still gets a first visit.
		to = from.AddDays(21)
	}
	d := p.day(from, to)
	if d.After(e.secondTo) {
		return false, false
	}
	start := p.slot(f, d)
	arranged := p.arranged(start, a.at)
	switch u := r.Float64(); {
	case d.After(e.firstTo.AddDays(-24)):
		// Too late to rebook within the fall.
	case u < 0.04:
		v := p.visit(f, g, model.FirstVisit, model.Cancelled, start, arranged, tm)
		v.CancelledBy = model.ByFamily
		if r.Float64() < 0.3 {
			v.CancelledBy = model.ByEducator
		}
		arranged = start.AddDate(0, 0, -1)
		start = p.slot(f, model.DateOf(start).AddDays(draw.Between(r, 5, 21)))
	case u < 0.06:
		p.visit(f, g, model.FirstVisit, model.NoShow, start, arranged, tm)
		if r.Float64() < 0.3 {
			return false, false
		}
		arranged = start.AddDate(0, 0, draw.Between(r, 1, 3))
		start = p.slot(f, model.DateOf(arranged).AddDays(draw.Between(r, 3, 14)))
	}
	v1 := p.visit(f, g, model.FirstVisit, model.Completed, start, arranged, tm)
	if r.Float64() < 0.06 {
		p.moved(v1)
	}
	p.complete(v1, f, true)
	firstEnd := v1.End()

	p.followUp(f, firstEnd, tm)

	// The offer of a second visit, in winter or spring.
	earliest := later(e.secondFrom, model.DateOf(firstEnd).AddDays(int(e.pol.MinGap)))
	if earliest.After(e.secondTo.AddDays(-14)) || p.lapse(0.1) {
		return true, false
	}
	if a.reinvited {
		// One new invitation after a decline is all P1.no-repeat-pressure
		// allows: the second visit is arranged in person, at the end of the
		// first, and the booking is the offer on record.
		d := p.day(earliest, e.secondTo)
		start := p.slot(f, d)
		arranged := p.arranged(start, firstEnd)
		if r.Float64() < e.cfg.SecondVisitRate/0.9 {
			p.second(f, g, start, arranged, tm)
			return true, true
		}
		v := p.visit(f, g, model.SecondVisit, model.Cancelled, start, arranged, tm)
		v.CancelledBy = model.ByFamily
		return true, false
	}
	sent := p.at(p.day(later(model.DateOf(firstEnd).AddDays(14), e.secondFrom.AddDays(-21)), earliest.AddDays(-5)), 9*60, 16*60)
	inv := p.invitation(f, g, model.SecondVisit, sent)
	// The teacher who led the first visit offers the second; no plan
	// chose it.
	inv.By = p.ro.educators[tm.lead].ID
	answered := sent.Add(time.Duration(draw.Between(r, 1, 10)*24+draw.Between(r, 0, 6)) * time.Hour)
	switch {
	case draw.Chance(r, p.dev.AfterDecline):
		// P1.declined-respected: visited after declining.
		inv.Response, inv.RespondedAt = model.Declined, answered
		d := p.day(later(earliest, model.DateOf(answered).AddDays(3)), e.secondTo)
		start := p.slot(f, d)
		p.second(f, g, start, p.arranged(start, answered), tm)
		return true, false
	case r.Float64() < e.cfg.SecondVisitRate/0.9:
		inv.Response, inv.RespondedAt = model.Accepted, answered
		d := p.day(later(earliest, model.DateOf(answered).AddDays(2)), e.secondTo)
		start := p.slot(f, d)
		arranged := p.arranged(start, answered)
		if solo && !p.ro.fam[f].split && r.Float64() < 0.015 {
			// The family withdraws; what was scheduled is cancelled.
			v := p.visit(f, g, model.SecondVisit, model.Cancelled, start, arranged, tm)
			v.CancelledBy = model.ByFamily
			at := p.at(model.DateOf(arranged.In(e.loc)).AddDays(1), 9*60, 18*60)
			if !at.Before(start) {
				at = arranged.Add(start.Sub(arranged) / 2)
			}
			p.wds = append(p.wds, model.Withdrawal{Family: p.ro.fam[f].rec.ID, At: at})
			return true, false
		}
		p.second(f, g, start, arranged, tm)
		return true, true
	case r.Float64() < 0.4:
		inv.Response, inv.RespondedAt = model.Declined, answered
	default:
		inv.Response = model.NoResponse
	}
	return true, false
}

// nextYear sometimes invites, late in the spring, a family whose visits
// all took place to next year's first visit with the children who stay at
// the school. The invitation is for next year (its year field), so neither
// its answer nor the invitation counts for this one.
func (p *program) nextYear(f int) {
	r, e, ro := p.r, p.e, p.ro
	if r.Float64() >= 0.1 {
		return
	}
	m := &ro.fam[f]
	_, hi := ro.kind.span()
	var staying uint8
	for j := range m.n {
		if ro.students[m.first+j].Grade < hi {
			staying |= 1 << j
		}
	}
	if staying == 0 {
		return
	}
	sent := p.at(p.day(e.year.LastDay.AddDays(-40), e.year.LastDay.AddDays(-10)), 9*60, 16*60)
	inv := p.invitation(f, staying, model.FirstVisit, sent)
	inv.Year = yearID(e.firstYear + 1)
	if r.Float64() < 0.5 {
		inv.Response = model.Accepted
		inv.RespondedAt = sent.Add(time.Duration(draw.Between(r, 20, 150)) * time.Hour)
	}
}

// second records a completed second visit.
func (p *program) second(f int, g uint8, start, arranged time.Time, tm team) {
	if p.r.Float64() < 0.2 {
		tm = p.team(f, g) // not always the same pair
	}
	v := p.visit(f, g, model.SecondVisit, model.Completed, start, arranged, tm)
	if p.r.Float64() < 0.06 {
		p.moved(v)
	}
	p.complete(v, f, false)
}

// followUp records the two-way messages after a first visit, with the
// teacher who led it — so they count for every student it named
// (P3.follow-up). Some messages from the family record no educator.
func (p *program) followUp(f int, after time.Time, tm team) {
	r := p.r
	oneWay := false
	if u := r.Float64(); u >= 0.85 && p.lapse(1) {
		if u >= 0.95 {
			return
		}
		oneWay = true
	}
	fam := p.ro.fam[f].rec.ID
	day := model.DateOf(after.In(p.e.loc))
	at := p.at(day.AddDays(draw.Between(r, 1, 10)), 8*60, 20*60)
	lead := p.ro.educators[tm.lead].ID
	channels := [...]model.Channel{model.Text, model.Phone, model.Email, model.Note, model.App, model.InPerson}
	p.comms = append(p.comms, model.Communication{
		Family: fam, At: at, Direction: model.SchoolToFamily,
		Channel: channels[r.IntN(len(channels))], Educator: lead,
	})
	if oneWay {
		return
	}
	for n := 1 + r.IntN(3); n > 0; n-- {
		day = model.DateOf(at.In(p.e.loc))
		if next := p.at(day, 8*60, 20*60); next.After(at) && r.IntN(2) == 0 {
			at = next // the same day
		} else {
			at = p.at(day.AddDays(draw.Between(r, 1, 4)), 8*60, 20*60)
		}
		dir := model.FamilyToSchool
		if n%2 == 0 {
			dir = model.SchoolToFamily
		}
		c := model.Communication{
			Family: fam, At: at, Direction: dir,
			Channel: channels[r.IntN(3)], Educator: lead,
		}
		if dir == model.FamilyToSchool && r.Float64() < 0.1 {
			c.Educator = "" // a note to the front office
		}
		p.comms = append(p.comms, c)
	}
}

// students returns a fresh list of the students g of family f.
func (p *program) students(f int, g uint8) []model.StudentID {
	m := &p.ro.fam[f]
	out := p.studentIDs.Take(bits.OnesCount8(g))
	i := 0
	for j := range m.n {
		if g&(1<<j) != 0 {
			out[i] = p.ro.students[m.first+j].ID
			i++
		}
	}
	return out
}

// team picks who visits the students g of family f: a volunteering teacher
// of one of them when there is one; and a partner — the teacher of a
// sibling on the same visit, often one who speaks the family's language,
// or another volunteer — and sometimes a third educator.
func (p *program) team(f int, g uint8) team {
	r, ro := p.r, p.ro
	m := &ro.fam[f]
	cands := p.buf[:0]
	for j := range m.n {
		if g&(1<<j) == 0 {
			continue
		}
		k := m.first + j
		for _, t := range ro.stTeach[ro.stTeachOf[k]:ro.stTeachOf[k+1]] {
			if ro.staff[t].visitor && !slices.Contains(cands, t) {
				cands = append(cands, t)
			}
		}
	}
	tm := team{partner: -1, third: -1}
	if len(cands) > 0 {
		tm.lead = cands[r.IntN(len(cands))]
	} else {
		tm.lead = p.pool[r.IntN(len(p.pool))]
	}
	if len(cands) > 1 && bits.OnesCount8(g) > 1 && r.Float64() < 0.5 {
		// The siblings' two teachers visit together.
		for tm.partner < 0 || tm.partner == tm.lead {
			tm.partner = cands[r.IntN(len(cands))]
		}
	}
	cands = cands[:0]
	if lang := m.lang; tm.partner < 0 && lang != "en" && r.Float64() < 0.7 {
		for _, k := range p.pool {
			if k != tm.lead && ro.staff[k].lang2 == lang {
				cands = append(cands, k)
			}
		}
		if len(cands) > 0 {
			tm.partner = cands[r.IntN(len(cands))]
		}
	}
	if tm.partner < 0 {
		tm.partner = p.other(tm.lead, -1)
	}
	if len(p.pool) >= 3 && r.Float64() < 0.05 {
		tm.third = p.other(tm.lead, tm.partner)
	}
	p.buf = cands
	return tm
}

// other returns a pool member other than a and b (the pool has at least two).
func (p *program) other(a, b int32) int32 {
	for {
		k := p.pool[p.r.IntN(len(p.pool))]
		if k != a && k != b {
			return k
		}
	}
}

// day returns a uniform day in [from, to].
func (p *program) day(from, to model.Date) model.Date {
	return from.AddDays(draw.Between(p.r, 0, to.DaysSince(from)))
}

// at returns a time on d between the clock times lo and hi, in 15-minute steps.
func (p *program) at(d model.Date, lo, hi int) time.Time {
	return d.In(p.e.loc, model.Clock(lo+15*draw.Between(p.r, 0, (hi-lo)/15)))
}

// slot returns the start of a visit on or shortly after d: within the
// family's availability when it recorded some; else after school on a
// school day (sometimes during it) or during the day on other days.
func (p *program) slot(f int, d model.Date) time.Time {
	r, e := p.r, p.e
	if ws := p.ro.fam[f].rec.Availability; len(ws) > 0 {
		w := ws[r.IntN(len(ws))]
		d = d.AddDays((int(w.Weekday) - int(d.Weekday()) + 7) % 7)
		return p.at(d, int(w.Start), int(w.End)-45)
	}
	u := r.Float64() // drawn on every day, so the stream does not depend on the calendar
	if e.cal.SchoolDay(e.year, d) {
		if u < 0.05 {
			return p.at(d, 13*60, 14*60)
		}
		return p.at(d, 15*60+30, 18*60+30)
	}
	return p.at(d, 10*60, 17*60)
}

// arranged returns when a visit starting at start was agreed: two days to
// two weeks before, and after the family's answer at floor.
func (p *program) arranged(start, floor time.Time) time.Time {
	a := start.AddDate(0, 0, -draw.Between(p.r, 2, 14)).Add(-time.Duration(draw.Between(p.r, 0, 4)) * time.Hour)
	if !a.After(floor) {
		a = floor.Add(time.Duration(draw.Between(p.r, 30, 150)) * time.Minute)
	}
	return a
}

// moved records that the visit was first booked for another day.
func (p *program) moved(v *model.Visit) {
	from := v.ArrangedAt.AddDate(0, 0, draw.Between(p.r, 1, 3))
	if from.Equal(v.Start) {
		from = from.Add(time.Hour)
	}
	by := model.ByFamily
	if p.r.Float64() < 0.3 {
		by = model.ByEducator
	}
	v.Reschedules = p.reschedule.Take(1)
	v.Reschedules[0] = model.Rescheduling{At: v.ArrangedAt, FromStart: from, By: by}
}

// celebrate records the school's events: a spring celebration, where
// families speak, and sometimes a fall reflection meetup of the visitors.
func (p *program) celebrate() {
	ro := p.ro
	p.events = append(p.events, model.Event{
		ID:           model.EventID(ro.prefix + "EV1"),
		Level:        model.SchoolLevel,
		School:       ro.school.ID,
		Date:         p.day(p.e.eventFrom, p.e.eventTo),
		Kind:         model.Celebration,
		FamilyVoices: !p.lapse(0.15),
	})
	if p.r.Float64() < 0.3 {
		p.events = append(p.events, model.Event{
			ID:     model.EventID(ro.prefix + "EV2"),
			Level:  model.SchoolLevel,
			School: ro.school.ID,
			Date:   p.day(p.e.firstTo.AddDays(-30), p.e.firstTo),
			Kind:   model.ReflectionMeetup,
		})
	}
}

// setGoals records the school's goal: a coverage target, which is not a
// mandate — unless the school is one of the Mandate deviations.
func (p *program) setGoals(sp *schoolPlan) {
	if !sp.mandate && p.r.Float64() >= 0.7 {
		return
	}
	g := model.Goal{
		ID:             model.GoalID(p.ro.prefix + "G1"),
		School:         p.ro.school.ID,
		CoverageTarget: [...]float64{0.15, 0.2, 0.25, 0.3}[p.r.IntN(4)],
	}
	if sp.mandate {
		// P1.no-mandate: "principals' goals read as mandatory" (RTI).
		g.RequiredOf = []model.Party{model.ByEducator}
	}
	p.goals = append(p.goals, g)
}

// number sorts the school's records by time and gives them ids, so that
// ids follow the order things happened.
func (p *program) number() {
	prefix := p.ro.prefix
	slices.SortStableFunc(p.invs, func(a, b model.Invitation) int { return a.SentAt.Compare(b.SentAt) })
	for j, id := range idBlock[model.InvitationID](prefix+"I", 5, len(p.invs)) {
		p.invs[j].ID = id
	}
	slices.SortStableFunc(p.visits, func(a, b model.Visit) int { return a.Start.Compare(b.Start) })
	for j, id := range idBlock[model.VisitID](prefix+"V", 5, len(p.visits)) {
		p.visits[j].ID = id
	}
	slices.SortStableFunc(p.comms, func(a, b model.Communication) int { return a.At.Compare(b.At) })
	for j, id := range idBlock[model.CommunicationID](prefix+"M", 6, len(p.comms)) {
		p.comms[j].ID = id
	}
	slices.SortStableFunc(p.wds, func(a, b model.Withdrawal) int { return a.At.Compare(b.At) })
}
