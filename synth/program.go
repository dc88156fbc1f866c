package synth

import (
	"cmp"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strings"
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

func allOf(n int32) uint8 { return uint8(1)<<n - 1 }

// choose records the school's selection plan and returns its invitations,
// in family order, each with the answer the family will give; it decides
// too which of the other families of the plan's scope ask for a visit.
func (p *program) choose(sp *schoolPlan) []invite {
	ro := p.ro
	sid := string(ro.school.ID)
	plan := model.Plan{
		ID:     model.PlanID(ro.prefix + "P1"),
		School: ro.school.ID,
		Scope:  map[string]string{"school": sid},
		Seed:   p.e.seed ^ uint64(ro.idx+1)<<20,
	}
	share := p.e.cfg.InviteShare
	var pop []invite
	switch {
	case sp.targeted && p.r.IntN(2) == 0:
		// P4.selection-criteria: the school invites its English-learner
		// families.
		plan.Method = "all"
		plan.Criteria = []string{"school", "ell"}
		pop = p.inviteAll(func(k int) bool { return ro.students[k].Attributes["ell"] == yes })
	case share > 0 && share < 1 && p.r.Float64() < 0.25 && p.entryScope(&plan):
		// Every family of the entry grade whose child a volunteer teaches
		// (elementary), or of the entry grade's classes taught by
		// volunteers (secondary: "some secondary schools made school-wide
		// decisions to visit students in certain classes", RTI).
		plan.Method = "all"
		lo, _ := ro.kind.span()
		var in func(k int) bool
		if ro.kind == elementary {
			in = func(k int) bool { return ro.students[k].Grade == lo && p.taughtByVolunteer(k) }
		} else {
			classes := strings.Split(plan.Scope["class"], "|")
			in = func(k int) bool {
				st := &ro.students[k]
				return st.Grade == lo && slices.ContainsFunc(st.Classes, func(c model.ClassID) bool { return slices.Contains(classes, string(c)) })
			}
		}
		pop = p.inviteAll(in)
	default:
		pop = p.sample(&plan, share)
	}
	if sp.targeted {
		// P4.selection-criteria: attendance recorded as a criterion.
		plan.Criteria = append(plan.Criteria, "attendance")
	}
	p.plans = append(p.plans, plan)
	// The plan's invitations go out together, so that whoever looks at
	// them on any day sees all or none of them.
	e := p.e
	p.roundUp = ro.kind == elementary && plan.Method == "all" && plan.Scope["grade"] != ""
	if p.roundUp {
		// Kindergarten round-up: the school invites its incoming families
		// in the spring before the year, for a visit this summer. The
		// invitation is for this year, which its year field records
		// (RULES.md, "Which year a record belongs to").
		p.sent = p.day(e.start.AddDays(-30), e.start.AddDays(-2)).In(e.loc, model.NewClock(15, 0))
	} else {
		last := e.inviteFrom.AddDays(14)
		if last.After(e.inviteTo) {
			last = e.inviteTo
		}
		p.sent = p.day(e.inviteFrom, last).In(e.loc, model.NewClock(15, 0))
	}
	p.answer(pop)
	p.asks = make([]int8, len(ro.fam))
	out := pop[:0:0]
	for _, in := range pop {
		switch {
		case in.invited:
			out = append(out, in)
		case in.answer == model.Accepted:
			p.asks[in.f] = 1
		default:
			p.asks[in.f] = -1
		}
	}
	slices.SortFunc(out, func(a, b invite) int { return cmp.Compare(a.f, b.f) })
	return out
}

// entryScope narrows plan to the entry grade's classes taught by
// volunteers: in an elementary school, the kindergarten families of
// volunteer teachers (grade and teacher); in a secondary school, the
// families of the entry grade's sections taught by volunteers (grade and
// class). It reports false, leaving plan as it was, when no volunteer
// teaches one.
func (p *program) entryScope(plan *model.Plan) bool {
	ro := p.ro
	lo, _ := ro.kind.span()
	var ids []string
	for c := range ro.classes {
		cl := &ro.classes[c]
		if cl.Grade == nil || *cl.Grade != lo || len(cl.Teachers) == 0 {
			continue
		}
		t := cl.Teachers[0]
		if !ro.staff[p.index(t)].visitor {
			continue
		}
		id := string(cl.ID)
		if ro.kind == elementary {
			id = string(t)
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return false
	}
	plan.Scope["grade"] = lo.String()
	plan.Criteria = []string{"school", "grade"}
	if ro.kind == elementary {
		plan.Scope["teacher"] = strings.Join(ids, "|")
		plan.Criteria = append(plan.Criteria, "teacher")
	} else {
		plan.Scope["class"] = strings.Join(ids, "|")
		plan.Criteria = append(plan.Criteria, "class")
	}
	return true
}

// inviteAll invites every family with a student in scope, naming those
// students, and returns them in stratum order (see [program.stratify]).
func (p *program) inviteAll(in func(k int) bool) []invite {
	ro := p.ro
	out := make([]invite, 0, len(ro.fam)/2)
	for f := range ro.fam {
		if named := p.inScope(f, in); named != 0 {
			out = append(out, invite{f: int32(f), named: named, invited: true})
		}
	}
	p.stratify(out)
	return out
}

// inScope returns the students of family f here that in accepts, as bits.
func (p *program) inScope(f int, in func(k int) bool) uint8 {
	m := &p.ro.fam[f]
	var named uint8
	for j := range m.n {
		if in(int(m.first + j)) {
			named |= 1 << j
		}
	}
	return named
}

// sample records a stratified equal-probability sample of share of the
// school's families, drawn from the families whose children a volunteer
// teaches — teachers visit their own students' families, and "teacher"
// is a scope key. The families are ordered by stratum, then sampled
// systematically, which gives every family the same chance and every
// stratum its share within one, so the invited families are a
// cross-section of the scope on every attribute the audit reads. It
// returns the whole scope in that order, the sample marked invited.
func (p *program) sample(plan *model.Plan, share float64) []invite {
	ro := p.ro
	plan.Method = "stratified"
	plan.Criteria = []string{"school"}
	plan.Balance = []string{"ell", "frl", "iep", "home_language"}
	in := p.taughtByVolunteer
	order := make([]invite, 0, len(ro.fam))
	for f := range ro.fam {
		if named := p.inScope(f, in); named != 0 {
			order = append(order, invite{f: int32(f), named: named})
		}
	}
	if len(order) < len(ro.fam) {
		// Record the teacher scope, so that audits compare the invited
		// families with the families of those teachers, not the school.
		var ids []string
		for t := 1; t <= ro.nTeachers; t++ {
			if ro.staff[t].visitor {
				ids = append(ids, string(ro.educators[t].ID))
			}
		}
		plan.Scope["teacher"] = strings.Join(ids, "|")
		plan.Criteria = append(plan.Criteria, "teacher")
	}
	p.stratify(order)
	k := min(len(order), int(math.Round(share*float64(len(ro.fam)))))
	if k > 0 && 10*k >= 9*len(order) {
		// Nearly everyone in scope would be asked: ask everyone.
		plan.Method, plan.Balance = "all", nil
		k = len(order)
	}
	systematic(len(order), float64(k)/float64(max(len(order), 1)), p.r.Float64(), func(j int) { order[j].invited = true })
	return order
}

// systematic calls pick for the positions 0…n-1 a systematic pass with
// start u in [0, 1) selects at rate each: every run of positions gets
// its share within one.
func systematic(n int, rate, u float64, pick func(j int)) {
	for j := range n {
		if math.Floor(float64(j+1)*rate+u) > math.Floor(float64(j)*rate+u) {
			pick(j)
		}
	}
}

// taughtByVolunteer reports whether a volunteer teaches student k.
func (p *program) taughtByVolunteer(k int) bool {
	ro := p.ro
	for _, t := range ro.stTeach[ro.stTeachOf[k]:ro.stTeachOf[k+1]] {
		if ro.staff[t].visitor {
			return true
		}
	}
	return false
}

// stratify shuffles invs, then orders them by stratum: home language,
// English learner, IEP, lunch eligibility and grade, each as the audit
// reads a family in a scope (RULES.md, P4.cross-section: flags from any
// of its students in scope, the rest from the youngest). The order is
// serpentine — each key runs back and forth within the one before — so
// that a systematic pass over it keeps every attribute's categories
// within a few families of their share; the language comes first, so
// that even one only two families speak gets its share within one.
func (p *program) stratify(invs []invite) {
	ro := p.ro
	lo, hi := ro.kind.span()
	span := int(hi-lo) + 1
	p.r.Shuffle(len(invs), func(i, j int) { invs[i], invs[j] = invs[j], invs[i] })
	var langs []model.Language
	for _, in := range invs {
		if l := ro.fam[in.f].lang; !slices.Contains(langs, l) {
			langs = append(langs, l)
		}
	}
	slices.Sort(langs)
	key := make([]int32, len(invs))
	for i, in := range invs {
		m := &ro.fam[in.f]
		young := hi
		var ell, iep bool
		for j := range m.n {
			if in.named&(1<<j) != 0 {
				st := &ro.students[m.first+j]
				young = min(young, st.Grade)
				ell = ell || st.Attributes["ell"] == yes
				iep = iep || st.Attributes["iep"] == yes
			}
		}
		digits := [...][2]int{{slices.Index(langs, m.lang), len(langs)}, {b2i(ell), 2}, {b2i(iep), 2}, {b2i(m.frl), 2}, {int(young - lo), span}}
		code := 0
		for _, d := range digits {
			v, radix := d[0], d[1]
			if code%2 == 1 {
				v = radix - 1 - v
			}
			code = code*radix + v
		}
		key[i] = int32(code)
	}
	idx := make([]int32, len(invs))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortStableFunc(idx, func(a, b int32) int { return cmp.Compare(key[a], key[b]) })
	sorted := make([]invite, len(invs))
	for i, j := range idx {
		sorted[i] = invs[j]
	}
	copy(invs, sorted)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// answer decides, in stratum order, what each family of a plan's scope
// will do: AcceptRate of the invited accept and about 2% of the others ask
// for a visit themselves, picked in one systematic pass, so that the
// families visited are a cross-section of the scope too; of the invited
// who do not accept, two in five decline and the others do not answer.
// Families agree or refuse for their own reasons, which an equal chance
// for each models without favouring any group.
func (p *program) answer(pop []invite) {
	accept := p.e.cfg.AcceptRate
	u, w := p.r.Float64(), p.r.Float64()
	mass, rest := 0.0, 0
	for j := range pop {
		in := &pop[j]
		rate := askRate
		if in.invited {
			rate = accept
		}
		if math.Floor(mass+rate+u) > math.Floor(mass+u) {
			in.answer = model.Accepted
		} else if in.invited {
			in.answer = model.NoResponse
			if math.Floor(float64(rest+1)*0.4+w) > math.Floor(float64(rest)*0.4+w) {
				in.answer = model.Declined
			}
			rest++
		}
		mass += rate
	}
}

// askRate is the share of families not invited who ask for a visit.
const askRate = 0.02

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
		inv.ContactAttempts = p.times.take(n)
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
	out := p.studentIDs.take(bits.OnesCount8(g))
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
	v.Reschedules = p.reschedule.take(1)
	v.Reschedules[0] = model.Rescheduling{At: v.ArrangedAt, FromStart: from, By: by}
}

// visit appends a visit to the students g of family f with the team's
// educators.
func (p *program) visit(f int, g uint8, kind model.VisitKind, status model.VisitStatus, start, arranged time.Time, tm team) *model.Visit {
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
	p.fams = append(p.fams, int32(f))
	p.visits = append(p.visits, model.Visit{
		Students:   p.students(f, g),
		Family:     p.ro.fam[f].rec.ID,
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
// recorded one; otherwise usually at home, sometimes at a public place
// (the family's idea or the educators'), the school or elsewhere at the
// family's request (P3.location).
func (p *program) location(f int) model.Location {
	if pref := p.ro.fam[f].rec.LocationPreference; pref != "" {
		return model.Location{Kind: pref, RequestedBy: model.ByFamily}
	}
	public := [...]model.LocationKind{model.Library, model.Park, model.Cafe}
	switch u := p.r.Float64(); {
	case u < 0.86:
		return model.Location{Kind: model.Home}
	case u < 0.92:
		return model.Location{Kind: public[p.r.IntN(len(public))], RequestedBy: model.ByFamily}
	case u < 0.95:
		return model.Location{Kind: public[p.r.IntN(len(public))], RequestedBy: model.ByEducator}
	case u < 0.98:
		return model.Location{Kind: model.AtSchool, RequestedBy: model.ByFamily}
	case u < 0.99:
		return model.Location{Kind: model.OtherLocation, RequestedBy: model.ByFamily}
	}
	if p.lapse(1) {
		// The educators asked the family to come in (P3.location).
		return model.Location{Kind: model.AtSchool, RequestedBy: model.ByEducator}
	}
	return model.Location{Kind: model.Home}
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
		// Arranged at the door. (A visit that records no arranged-at is
		// not assessable, never a breach.)
		v.ArrangedAt, v.Reschedules = v.Start, nil
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

	p.interpret(v, f)

	// The reflection, within a few days (P5.reflection) or not as it
	// should be: late, or recorded by one visitor alone.
	end := v.End()
	refl := p.refls.one()
	refl.By = p.eduIDs.copyOf(v.Visitors)
	if r.Float64() < 0.04 {
		refl.By = nil // who reflected was not recorded
	}
	refl.At = end.Add(time.Duration(draw.Between(r, 10, 60)) * time.Minute)
	if r.Float64() < 0.6 {
		// Within three days, in working hours.
		refl.At = p.at(model.DateOf(end.In(p.e.loc)).AddDays(draw.Between(r, 1, 3)), 8*60, 18*60)
	}
	if draw.Chance(r, dev.NoReflection) {
		if r.IntN(2) == 0 || len(v.Visitors) < 2 {
			refl.At = end.AddDate(0, 0, int(p.e.pol.ReflectWithin)+draw.Between(r, 3, 23))
		} else {
			refl.By = p.eduIDs.copyOf(v.Visitors[:1]) // the partner never joined in
		}
	}
	if u := r.Float64(); u < 0.97 {
		b := p.bools.one()
		*b = u < 0.88 || !p.lapse(1)
		refl.CoveredBias = b
	}
	v.Reflection = refl

	unpaid := p.pay(v)
	// Draw before looking at the minutes, so that the stream of draws does
	// not depend on the calendar's arithmetic.
	if draw.Chance(r, dev.Unpaid) && unpaid >= 0 {
		v.Compensation[unpaid].AmountCents, v.Compensation[unpaid].Source = 0, ""
	}
}

// interpret brings an interpreter when the family needs another language
// here and no visitor speaks one of its languages that the school does not
// teach (P5.language).
func (p *program) interpret(v *model.Visit, f int) {
	v.Interpreters = nil
	if lang := p.neededLanguage(f, v.Visitors); lang != "" {
		in := p.interps.take(1)
		in[0] = model.Interpreter{ID: p.interpreter(lang), Languages: p.langs.copyOf([]model.Language{lang})}
		v.Interpreters = in
	}
}

// pay records each visitor's pay for the minutes outside their working
// day, and returns the position of the first certificated visitor paid per
// visit (-1 when none is).
func (p *program) pay(v *model.Visit) int {
	ro := p.ro
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
	v.Compensation = comps
	return unpaid
}

// vary makes sure the school's pairs are not all of one type
// (P5.pair-variety: "teacher+teacher, teacher+classified, cross-grade"):
// when every visit held in pairs had the same kinds of visitors, the last
// of them changes — a partner gives way to a volunteer of another kind,
// else a third visitor stays behind, else one joins.
func (p *program) vary() {
	ro := p.ro
	kind := func(id model.EducatorID) int {
		k := p.index(id)
		switch {
		case ro.staff[k].classified:
			return 100
		case ro.educators[k].Position == model.Teacher:
			return 1
		}
		return 10000
	}
	typeOf := func(v *model.Visit) int {
		t := 0
		for _, id := range v.Visitors {
			t += kind(id)
		}
		return t
	}
	last, n := -1, 0
	for i := range p.visits {
		v := &p.visits[i]
		if v.Status != model.Completed || len(v.Visitors) < 2 {
			continue
		}
		if last >= 0 && typeOf(v) != typeOf(&p.visits[last]) {
			return
		}
		last, n = i, n+1
	}
	if n < 2 {
		return
	}
	v := &p.visits[last]
	visitors := p.eduIDs.copyOf(v.Visitors)
	changed := false
	for j := 1; j < len(visitors) && !changed; j++ {
		for _, k := range p.pool {
			if id := ro.educators[k].ID; kind(id) != kind(visitors[j]) && !slices.Contains(visitors, id) {
				visitors[j], changed = id, true
				break
			}
		}
	}
	if !changed && len(visitors) > 2 {
		visitors, changed = visitors[:len(visitors)-1:len(visitors)-1], true
	}
	for _, k := range p.pool {
		if id := ro.educators[k].ID; !changed && !slices.Contains(visitors, id) && len(visitors) < p.e.pol.MaxGroupSize {
			vs := p.eduIDs.take(len(visitors) + 1)
			copy(vs, visitors)
			vs[len(visitors)] = id
			visitors, changed = vs, true
		}
	}
	if !changed {
		return
	}
	v.Visitors = visitors
	if r := v.Reflection; r != nil && len(r.By) > 0 {
		r.By = p.eduIDs.copyOf(visitors)
	}
	p.interpret(v, int(p.fams[last]))
	p.pay(v)
}

// neededLanguage returns the language an interpreter must cover on a visit
// to family f by visitors, or "" when none is needed: the family needs
// another language here when it records needs_interpreter or speaks none
// of the school's languages of instruction, and then a visitor must speak
// one of its languages the school does not teach (P5.language).
func (p *program) neededLanguage(f int, visitors []model.EducatorID) model.Language {
	fam := p.ro.fam[f].rec
	taught := false
	for _, l := range fam.Languages {
		taught = taught || slices.Contains(p.instr, l)
	}
	if !fam.NeedsInterpreter && taught {
		return ""
	}
	var want model.Language
	for _, l := range fam.Languages {
		if slices.Contains(p.instr, l) {
			continue
		}
		if want == "" {
			want = l
		}
		for _, id := range visitors {
			if p.ro.educators[p.index(id)].Speaks(l) {
				return ""
			}
		}
	}
	return want
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
