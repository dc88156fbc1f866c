package synth

import (
	"cmp"
	"github.com/homevisits/pthv/internal/draw"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/homevisits/pthv/model"
)

// program is one school's year of home visits.
type program struct {
	e   *env
	ro  *roster
	r   *rand.Rand
	dev Deviations

	pool      []int32 // the regular visitors: opted in and trained
	lapsed    []int32 // trained before, not opted in this year
	untrained int32   // the untrained volunteer, or -1
	interp    map[model.Language]model.InterpreterID

	plan   model.Plan
	goals  []model.Goal
	invs   []model.Invitation
	wds    []model.Withdrawal
	visits []model.Visit
	comms  []model.Communication
	events []model.Event

	contacts model.Contacts

	studentIDs arena[model.StudentID]
	eduIDs     arena[model.EducatorID]
	topics     arena[model.Topic]
	comps      arena[model.Compensation]
	refls      arena[model.Reflection]
	bools      arena[bool]
	interps    arena[model.Interpreter]
	langs      arena[model.Language]
	reschedule arena[model.Rescheduling]
	times      arena[time.Time]

	buf []int32 // scratch
}

// team is who visits a family: the lead (a teacher of record when one
// volunteers) and a partner, sometimes a third.
type team struct {
	lead, partner, third int32 // third is -1 when there is none
}

func (e *env) runProgram(ro *roster, sp *schoolPlan) *program {
	nf := len(ro.fam)
	p := &program{
		e:          e,
		ro:         ro,
		r:          draw.Stream(e.seed, streamProgram, ro.idx),
		dev:        e.cfg.Deviations,
		untrained:  -1,
		studentIDs: newArena[model.StudentID](nf),
		eduIDs:     newArena[model.EducatorID](nf),
		topics:     newArena[model.Topic](nf),
		comps:      newArena[model.Compensation](nf / 2),
		refls:      newArena[model.Reflection](nf / 4),
		bools:      newArena[bool](nf / 4),
		interps:    newArena[model.Interpreter](16),
		langs:      newArena[model.Language](16),
		reschedule: newArena[model.Rescheduling](16),
		times:      newArena[time.Time](nf / 8),
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

	// Each family's year, in family order.
	hasInvitation := make([]bool, nf)
	noConsent := 0
	next := 0
	for f := range ro.fam {
		if !ro.fam[f].alive {
			continue
		}
		isInvited := next < len(invited) && invited[next] == int32(f)
		if isInvited {
			next++
		}
		acceptAt, reinvited, ok := p.consent(f, isInvited, hasInvitation)
		if !ok {
			continue
		}
		if p.familyYear(f, acceptAt, !reinvited) && draw.Chance(p.r, p.dev.NoConsent) {
			noConsent++
		}
	}
	// P1.family-consent deviations: families never invited, visited anyway.
	if noConsent > 0 {
		var cands []int
		for f := range ro.fam {
			if ro.fam[f].alive && !hasInvitation[f] {
				cands = append(cands, f)
			}
		}
		for ; noConsent > 0 && len(cands) > 0; noConsent-- {
			j := p.r.IntN(len(cands))
			f := cands[j]
			cands[j] = cands[len(cands)-1]
			cands = cands[:len(cands)-1]
			d := p.day(p.e.firstFrom, p.e.firstTo)
			start := p.slot(f, d)
			arranged := start.AddDate(0, 0, -draw.Between(p.r, 3, 10))
			p.complete(p.visit(f, model.FirstVisit, model.Completed, start, arranged, p.team(f)), f, true)
		}
	}

	p.celebrate()
	p.setGoals(sp)
	if e.cfg.Contacts {
		p.makeContacts()
	}
	p.number()
	return p
}

// choose records the school's selection plan and returns the families it
// invites, in family order.
func (p *program) choose(sp *schoolPlan) []int32 {
	ro := p.ro
	sid := string(ro.school.ID)
	p.plan = model.Plan{
		ID:     model.PlanID(ro.prefix + "P1"),
		School: ro.school.ID,
		Seed:   p.e.seed ^ uint64(ro.idx+1)<<20,
	}
	share := p.e.cfg.InviteShare
	var out []int32
	switch {
	case sp.targeted && p.r.IntN(2) == 0:
		// P4.selection-criteria: the school invites its English-learner
		// families.
		p.plan.Method = "all"
		p.plan.Scope = map[string]string{"school": sid}
		p.plan.Criteria = []string{"school", "ell"}
		for f := range ro.fam {
			if ro.fam[f].alive && ro.fam[f].ell {
				out = append(out, int32(f))
			}
		}
		return out
	case share >= 1 || (share > 0 && p.r.Float64() < 0.25):
		// Every family of the entry grade (or of the school).
		lo, _ := ro.kind.span()
		p.plan.Method = "all"
		p.plan.Scope = map[string]string{"school": sid}
		p.plan.Criteria = []string{"school"}
		if share < 1 {
			p.plan.Scope["grade"] = lo.String()
			p.plan.Criteria = append(p.plan.Criteria, "grade")
		}
		for f := range ro.fam {
			if !ro.fam[f].alive {
				continue
			}
			in := share >= 1
			for _, st := range ro.famStudents(f) {
				in = in || st.Grade == lo
			}
			if in {
				out = append(out, int32(f))
			}
		}
	default:
		// A stratified equal-probability sample of the families whose
		// children a volunteer teaches — teachers visit their own
		// students' families, and "teacher" is a scope key — of InviteShare
		// of the school's families. The families are ordered by stratum
		// (English learner × lunch eligibility), then sampled
		// systematically, which allocates each stratum its share within one.
		p.plan.Method = "stratified"
		p.plan.Scope = map[string]string{"school": sid}
		p.plan.Criteria = []string{"school"}
		p.plan.Balance = []string{"ell", "frl"}
		order := make([]int32, 0, ro.alive)
		for f := range ro.fam {
			if ro.fam[f].alive && p.volunteerTeaches(f) {
				order = append(order, int32(f))
			}
		}
		if len(order) < ro.alive {
			// Record the teacher scope, so that audits compare the invited
			// families with the families of those teachers, not the school.
			var ids []string
			for t := range ro.staff {
				if ro.staff[t].visitor {
					ids = append(ids, string(ro.educators[t].ID))
				}
			}
			p.plan.Scope["teacher"] = strings.Join(ids, "|")
			p.plan.Criteria = append(p.plan.Criteria, "teacher")
		}
		p.r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		stratum := func(f int32) int {
			m := &ro.fam[f]
			s := 0
			if m.ell {
				s = 2
			}
			if m.frl {
				s++
			}
			return s
		}
		slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(stratum(a), stratum(b)) })
		if k := min(len(order), int(math.Round(share*float64(ro.alive)))); k > 0 {
			step := float64(len(order)) / float64(k)
			u := p.r.Float64()
			for j := range k {
				out = append(out, order[min(int((float64(j)+u)*step), len(order)-1)])
			}
		}
		slices.Sort(out)
	}
	if sp.targeted {
		// P4.selection-criteria: attendance recorded as a criterion.
		p.plan.Criteria = append(p.plan.Criteria, "attendance")
	}
	return out
}

// volunteerTeaches reports whether a teacher of one of family f's
// students here visits this year.
func (p *program) volunteerTeaches(f int) bool {
	ro := p.ro
	m := &ro.fam[f]
	for _, t := range ro.stTeach[ro.stTeachOf[m.first]:ro.stTeachOf[m.first+m.n]] {
		if ro.staff[t].visitor {
			return true
		}
	}
	return false
}

// consent records the family's invitations and answers, and returns when
// it agreed to a first visit, if it did, and whether that was on a new
// invitation after a decline.
func (p *program) consent(f int, invited bool, hasInvitation []bool) (at time.Time, reinvited, ok bool) {
	r := p.r
	e := p.e
	if !invited {
		// Families "proactively ask educators when they are coming" (RTI).
		if r.Float64() >= 0.02 {
			return time.Time{}, false, false
		}
		hasInvitation[f] = true
		at := p.at(p.day(e.requestFrom, e.requestTo), 9*60, 19*60)
		inv := p.invitation(f, model.FirstVisit, at)
		inv.Origin = model.FamilyRequest
		inv.Plan, inv.Method, inv.By = "", "", ""
		inv.Response, inv.RespondedAt = model.Accepted, at
		return at, false, true
	}
	hasInvitation[f] = true
	sent := p.at(p.day(e.inviteFrom, e.inviteTo), 9*60, 16*60)
	inv := p.invitation(f, model.FirstVisit, sent)
	answered := sent.Add(time.Duration(draw.Between(r, 1, 14)*24+draw.Between(r, 0, 6)) * time.Hour)
	if r.Float64() < 0.3 {
		n := 1 + r.IntN(2)
		inv.ContactAttempts = p.times.take(n)
		for j := range n {
			inv.ContactAttempts[j] = sent.AddDate(0, 0, 2+3*j)
		}
		answered = answered.AddDate(0, 0, 3*n)
	}
	u := r.Float64()
	accept := e.cfg.AcceptRate
	switch {
	case u < accept:
		inv.Response, inv.RespondedAt = model.Accepted, answered
		return answered, false, true
	case u < accept+(1-accept)*0.4:
		inv.Response, inv.RespondedAt = model.Declined, answered
		// Sometimes one new invitation later in the fall (within
		// P1.no-repeat-pressure's one), which half accept.
		if r.Float64() < 0.08 {
			again := p.invitation(f, model.FirstVisit, answered.AddDate(0, 0, draw.Between(r, 30, 60)))
			if r.Float64() < 0.5 {
				again.Response = model.Accepted
				again.RespondedAt = again.SentAt.Add(time.Duration(draw.Between(r, 24, 200)) * time.Hour)
				return again.RespondedAt, true, true
			}
		}
	default:
		inv.Response = model.NoResponse
	}
	return time.Time{}, false, false
}

// invitation appends a school invitation for family f under the plan.
func (p *program) invitation(f int, kind model.VisitKind, sent time.Time) *model.Invitation {
	p.invs = append(p.invs, model.Invitation{
		Family:   p.ro.families[f].ID,
		Students: p.students(f),
		Origin:   model.SchoolInvitation,
		Kind:     kind,
		SentAt:   sent,
		By:       p.ro.school.Coordinator,
		Plan:     p.plan.ID,
		Method:   p.plan.Method,
	})
	return &p.invs[len(p.invs)-1]
}

// familyYear plays out a family's year after it agreed on acceptAt: a
// first visit (perhaps after a cancellation or a no-show), follow-up
// messages, and, if offerSecond, an offer of a second visit (not made to a
// family that was invited again after a decline: P1.no-repeat-pressure
// allows one new invitation). It reports whether a first visit took place.
func (p *program) familyYear(f int, acceptAt time.Time, offerSecond bool) bool {
	r, e := p.r, p.e
	tm := p.team(f)
	from := later(e.firstFrom, model.DateOf(acceptAt.In(e.loc)).AddDays(2))
	to := e.firstTo
	if from.After(to) {
		// A family that accepts in winter still gets a first visit.
		to = from.AddDays(21)
	}
	d := p.day(from, to)
	if d.After(e.secondTo) {
		return false
	}
	start := p.slot(f, d)
	arranged := p.arranged(start, acceptAt)
	switch u := r.Float64(); {
	case d.After(e.firstTo):
		// Late in the year: no time left to rebook.
	case u < 0.04:
		v := p.visit(f, model.FirstVisit, model.Cancelled, start, arranged, tm)
		v.CancelledBy = model.ByFamily
		if r.Float64() < 0.3 {
			v.CancelledBy = model.ByEducator
		}
		arranged = start.AddDate(0, 0, -1)
		start = p.slot(f, model.DateOf(start).AddDays(draw.Between(r, 5, 21)))
	case u < 0.06:
		p.visit(f, model.FirstVisit, model.NoShow, start, arranged, tm)
		if r.Float64() < 0.3 {
			return false
		}
		arranged = start.AddDate(0, 0, draw.Between(r, 1, 3))
		start = p.slot(f, model.DateOf(arranged).AddDays(draw.Between(r, 3, 14)))
	}
	first := p.visit(f, model.FirstVisit, model.Completed, start, arranged, tm)
	if r.Float64() < 0.06 {
		p.moved(first)
	}
	p.complete(first, f, true)
	firstEnd := first.End()

	p.followUp(f, firstEnd, tm)

	// The offer of a second visit, in winter or spring.
	earliest := later(e.secondFrom, model.DateOf(firstEnd).AddDays(int(e.pol.MinGap)))
	if !offerSecond || earliest.After(e.secondTo.AddDays(-14)) || r.Float64() >= 0.9 {
		return true
	}
	sent := p.at(p.day(later(model.DateOf(firstEnd).AddDays(14), e.secondFrom.AddDays(-21)), earliest.AddDays(-5)), 9*60, 16*60)
	inv := p.invitation(f, model.SecondVisit, sent)
	answered := sent.Add(time.Duration(draw.Between(r, 1, 10)*24+draw.Between(r, 0, 6)) * time.Hour)
	switch {
	case draw.Chance(r, p.dev.AfterDecline):
		// P1.declined-respected: visited after declining.
		inv.Response, inv.RespondedAt = model.Declined, answered
		d := p.day(later(earliest, model.DateOf(answered).AddDays(3)), e.secondTo)
		start := p.slot(f, d)
		p.second(f, start, p.arranged(start, answered), tm)
	case r.Float64() < e.cfg.SecondVisitRate/0.9:
		inv.Response, inv.RespondedAt = model.Accepted, answered
		d := p.day(later(earliest, model.DateOf(answered).AddDays(2)), e.secondTo)
		start := p.slot(f, d)
		arranged := p.arranged(start, answered)
		if r.Float64() < 0.015 {
			// The family withdraws; what was scheduled is cancelled.
			v := p.visit(f, model.SecondVisit, model.Cancelled, start, arranged, tm)
			v.CancelledBy = model.ByFamily
			at := p.at(model.DateOf(arranged.In(e.loc)).AddDays(1), 9*60, 18*60)
			if !at.Before(start) {
				at = arranged.Add(start.Sub(arranged) / 2)
			}
			p.wds = append(p.wds, model.Withdrawal{Family: p.ro.families[f].ID, At: at})
			return true
		}
		p.second(f, start, arranged, tm)
	case r.Float64() < 0.4:
		inv.Response, inv.RespondedAt = model.Declined, answered
	default:
		inv.Response = model.NoResponse
	}
	return true
}

// second records a completed second visit.
func (p *program) second(f int, start, arranged time.Time, tm team) {
	if p.r.Float64() < 0.2 {
		tm = p.team(f) // not always the same pair
	}
	v := p.visit(f, model.SecondVisit, model.Completed, start, arranged, tm)
	if p.r.Float64() < 0.06 {
		p.moved(v)
	}
	p.complete(v, f, false)
}

// followUp records the two-way messages between the visits.
func (p *program) followUp(f int, after time.Time, tm team) {
	r := p.r
	u := r.Float64()
	if u >= 0.95 {
		return
	}
	fam := p.ro.families[f].ID
	day := model.DateOf(after.In(p.e.loc))
	at := p.at(day.AddDays(draw.Between(r, 1, 10)), 8*60, 20*60)
	lead := p.ro.educators[tm.lead].ID
	channels := [...]model.Channel{model.Text, model.Phone, model.Email, model.Note, model.App, model.InPerson}
	p.comms = append(p.comms, model.Communication{
		Family: fam, At: at, Direction: model.SchoolToFamily,
		Channel: channels[r.IntN(len(channels))], Educator: lead,
	})
	if u >= 0.85 {
		return // one way only
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
		p.comms = append(p.comms, model.Communication{
			Family: fam, At: at, Direction: dir,
			Channel: channels[r.IntN(3)], Educator: lead,
		})
	}
}

// students returns a fresh list of family f's students at this school.
func (p *program) students(f int) []model.StudentID {
	sts := p.ro.famStudents(f)
	out := p.studentIDs.take(len(sts))
	for j := range sts {
		out[j] = sts[j].ID
	}
	return out
}

// team picks who visits family f: a volunteering teacher of record of one
// of its students when there is one, and a partner — often one who speaks
// the family's language, sometimes a third educator.
func (p *program) team(f int) team {
	r, ro := p.r, p.ro
	cands := p.buf[:0]
	for k := ro.fam[f].first; k < ro.fam[f].first+ro.fam[f].n; k++ {
		for _, t := range ro.stTeach[ro.stTeachOf[k]:ro.stTeachOf[k+1]] {
			if ro.staff[t].visitor && !slices.Contains(cands, t) {
				cands = append(cands, t)
			}
		}
	}
	tm := team{third: -1}
	if len(cands) > 0 {
		tm.lead = cands[r.IntN(len(cands))]
	} else {
		tm.lead = p.pool[r.IntN(len(p.pool))]
	}
	cands = cands[:0]
	if lang := ro.fam[f].lang; lang != "en" && r.Float64() < 0.7 {
		for _, k := range p.pool {
			if k != tm.lead && ro.staff[k].lang2 == lang {
				cands = append(cands, k)
			}
		}
	}
	if len(cands) > 0 {
		tm.partner = cands[r.IntN(len(cands))]
	} else {
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
	if ws := p.ro.families[f].Availability; len(ws) > 0 {
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
	v.Reschedules = p.reschedule.take(1)
	v.Reschedules[0] = model.Rescheduling{At: v.ArrangedAt, FromStart: from, By: by}
}

// visit appends a visit to family f with the team's educators.
func (p *program) visit(f int, kind model.VisitKind, status model.VisitStatus, start, arranged time.Time, tm team) *model.Visit {
	r := p.r
	n := 2
	if tm.third >= 0 {
		n = 3
	}
	visitors := p.eduIDs.take(n)
	visitors[0] = p.ro.educators[tm.lead].ID
	visitors[1] = p.ro.educators[tm.partner].ID
	if n == 3 {
		visitors[2] = p.ro.educators[tm.third].ID
	}
	minutes := 30 + 5*r.IntN(3)
	switch u := r.Float64(); {
	case u < 0.08:
		minutes = 45
	case u < 0.11:
		minutes = 25
	}
	p.visits = append(p.visits, model.Visit{
		Students:   p.students(f),
		Family:     p.ro.families[f].ID,
		Kind:       kind,
		Status:     status,
		ArrangedAt: arranged,
		Start:      start,
		Duration:   model.Duration(time.Duration(minutes) * time.Minute),
		Location:   p.location(f),
		Visitors:   visitors,
	})
	return &p.visits[len(p.visits)-1]
}

// location is where the visit takes place: the family's preference when it
// recorded one; otherwise usually at home, sometimes at a public place or
// the school at the family's request.
func (p *program) location(f int) model.Location {
	if pref := p.ro.families[f].LocationPreference; pref != "" {
		return model.Location{Kind: pref, RequestedBy: model.ByFamily}
	}
	switch u := p.r.Float64(); {
	case u < 0.88:
		return model.Location{Kind: model.Home}
	case u < 0.97:
		kinds := [...]model.LocationKind{model.Library, model.Park, model.Cafe}
		return model.Location{Kind: kinds[p.r.IntN(len(kinds))], RequestedBy: model.ByFamily}
	}
	return model.Location{Kind: model.AtSchool, RequestedBy: model.ByFamily}
}

// complete fills in what a completed visit records — topics, interpreter,
// reflection, compensation — and plants the visit deviations.
func (p *program) complete(v *model.Visit, f int, first bool) {
	r, ro, dev := p.r, p.ro, p.dev

	// Deviations that change who visited.
	swapped := false
	if p.untrained >= 0 && draw.Chance(r, dev.Untrained) {
		v.Visitors[1] = ro.educators[p.untrained].ID
		swapped = true
	}
	if len(p.lapsed) > 0 && draw.Chance(r, dev.NotOptedIn) {
		id := ro.educators[p.lapsed[r.IntN(len(p.lapsed))]].ID
		if swapped {
			vs := p.eduIDs.take(len(v.Visitors) + 1)
			copy(vs, v.Visitors)
			vs[len(vs)-1] = id
			v.Visitors = vs
		} else {
			v.Visitors[1] = id
		}
	}
	if draw.Chance(r, dev.Solo) {
		v.Visitors = v.Visitors[:1:1]
	}
	if draw.Chance(r, dev.DropIn) {
		if r.IntN(3) == 0 {
			v.ArrangedAt = time.Time{}
		} else {
			v.ArrangedAt = v.Start
		}
		v.Reschedules = nil
	}

	// Topics: relationship first, academics second.
	var ts []model.Topic
	if first {
		ts = p.topics.take(5)[:0]
		ts = append(ts, model.Topic{Kind: model.HopesAndDreams, RaisedBy: model.ByEducator})
		if r.Float64() < 0.7 {
			ts = append(ts, model.Topic{Kind: model.Relationship, RaisedBy: model.ByEducator})
		}
		if r.Float64() < 0.25 {
			ts = append(ts, model.Topic{Kind: model.TalentsAndStrengths, RaisedBy: model.ByFamily})
		}
		if r.Float64() < 0.08 {
			// A family raising grades on a first visit is welcome to.
			ts = append(ts, model.Topic{Kind: model.Academics, RaisedBy: model.ByFamily})
		}
		if draw.Chance(r, dev.AgendaOnFirst) {
			agenda := [...]model.TopicKind{model.Academics, model.Behavior, model.Attendance}
			ts = append(ts, model.Topic{Kind: agenda[r.IntN(len(agenda))], RaisedBy: model.ByEducator})
		}
	} else {
		ts = p.topics.take(3)[:0]
		ts = append(ts, model.Topic{Kind: model.Academics, RaisedBy: model.ByEducator})
		if r.Float64() < 0.6 {
			ts = append(ts, model.Topic{Kind: model.HopesAndDreams, RaisedBy: model.ByEducator})
		}
		if r.Float64() < 0.2 {
			ts = append(ts, model.Topic{Kind: model.FamilyRaisedConcern, RaisedBy: model.ByFamily})
		}
		ref := p.bools.one()
		*ref = true
		v.ReferencesFirst = ref
	}
	v.Topics = ts[:len(ts):len(ts)]

	// An interpreter when no visitor speaks the family's language.
	fam := &ro.families[f]
	if fam.NeedsInterpreter {
		lang := fam.Languages[0]
		spoken := false
		for _, id := range v.Visitors {
			spoken = spoken || ro.staff[p.index(id)].lang2 == lang
		}
		if !spoken {
			in := p.interps.take(1)
			in[0] = model.Interpreter{ID: p.interpreter(lang), Languages: p.langs.copyOf(fam.Languages[:1])}
			v.Interpreters = in
		}
	}

	// The reflection, within a few days (P5.reflection) or late.
	end := v.End()
	refl := p.refls.one()
	refl.By = p.eduIDs.copyOf(v.Visitors)
	if draw.Chance(r, dev.NoReflection) {
		refl.At = end.AddDate(0, 0, int(p.e.pol.ReflectWithin)+draw.Between(r, 3, 23))
	} else {
		refl.At = end.Add(time.Duration(draw.Between(r, 10, 60)) * time.Minute)
		if r.Float64() < 0.6 {
			// Within three days, in working hours.
			refl.At = p.at(model.DateOf(end.In(p.e.loc)).AddDays(draw.Between(r, 1, 3)), 8*60, 18*60)
		}
	}
	if u := r.Float64(); u < 0.97 {
		b := p.bools.one()
		*b = u < 0.88
		refl.CoveredBias = b
	}
	v.Reflection = refl

	// Pay for the minutes outside each visitor's working day.
	unpaid := -1
	comps := p.comps.take(len(v.Visitors))
	for j, id := range v.Visitors {
		k := p.index(id)
		m := &ro.staff[k]
		mins := p.e.cal.MinutesOutsideWorkingDay(p.e.year, m.hours, v.Start, time.Duration(v.Duration))
		c := &comps[j]
		c.Educator, c.MinutesOutside = id, mins
		if mins == 0 {
			continue
		}
		if m.stipend {
			c.Stipend = true
			continue
		}
		rate := p.e.pol.CertificatedRateCents
		if m.classified {
			rate = p.e.pol.ClassifiedRateCents
		}
		c.AmountCents = (int64(mins)*rate + 59) / 60
		c.Source = ro.source
		if !m.classified && unpaid < 0 {
			unpaid = j
		}
	}
	// Draw before looking at the minutes, so that the stream of draws does
	// not depend on the calendar's arithmetic.
	if draw.Chance(r, dev.Unpaid) && unpaid >= 0 {
		comps[unpaid].AmountCents, comps[unpaid].Source = 0, ""
	}
	v.Compensation = comps
}

// index returns the position in the roster of one of the school's educators.
func (p *program) index(id model.EducatorID) int {
	// Ids are prefix + "E" + a number from 1; the position is the number - 1.
	n := 0
	for _, c := range []byte(id[len(p.ro.prefix)+1:]) {
		n = n*10 + int(c-'0')
	}
	return n - 1
}

func (p *program) interpreter(lang model.Language) model.InterpreterID {
	if id, ok := p.interp[lang]; ok {
		return id
	}
	if p.interp == nil {
		p.interp = make(map[model.Language]model.InterpreterID, 4)
	}
	id := model.InterpreterID(p.ro.prefix + "IN-" + string(lang))
	p.interp[lang] = id
	return id
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
		FamilyVoices: p.r.Float64() < 0.85,
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
