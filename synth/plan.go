package synth

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/homevisits/pthv/internal/breach"
	"github.com/homevisits/pthv/model"
)

// allOf returns the bits of all n students of a family at a school.
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
		pop = p.inviteAll(func(k int) bool { return ro.audits[k].ell })
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
		plan.Criteria = append(plan.Criteria, breach.Criterion)
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
				k := m.first + j
				young = min(young, ro.students[k].Grade)
				ell = ell || ro.audits[k].ell
				iep = iep || ro.audits[k].iep
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
	sorted := make([]invite, len(invs))
	for i, j := range stableOrder(key) {
		sorted[i] = invs[j]
	}
	copy(invs, sorted)
}

// stableOrder returns the positions of key sorted stably by key: each
// key above its position, sorted as numbers, which costs less than a
// stable sort of the positions.
func stableOrder(key []int32) []int32 {
	keyed := make([]int64, len(key))
	for i, k := range key {
		keyed[i] = int64(k)<<32 | int64(i)
	}
	slices.Sort(keyed)
	out := make([]int32, len(key))
	for i, k := range keyed {
		out[i] = int32(uint32(k))
	}
	return out
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
