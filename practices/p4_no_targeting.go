package practices

import (
	"fmt"
	"slices"
	"sync"

	"github.com/homevisits/pthv/internal/parallel"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/selection"
)

// P4 — "No targeting – visit all or a cross-section of students so there is
// no stigma" (RTI implementation study). "If a school decides that home
// visits will only be conducted with families who live in a certain
// neighborhood or with the parents of students who are struggling
// academically, people are more likely to assume that visits are intended
// to address 'problems'" (Organizing Engagement).

// scopeKeys are the only keys that may narrow who is invited: schools
// legitimately visit a grade, a class or section, or a teacher's students
// (RTI: secondary schools chose certain classes).
var scopeKeys = []string{"school", "grade", "class", "teacher"}

func isScopeKey(k string) bool { return slices.Contains(scopeKeys, k) }

// judgeSelectionCriteria: invitations were not chosen by a student
// attribute. Judged per school from the criteria recorded on invitations and
// their plans; schools whose invitations record no method, criteria or plan
// are not assessable.
func judgeSelectionCriteria(r *run) {
	rule := r.rule("P4.selection-criteria")
	for s, sid := range r.schools {
		switch {
		case len(r.criteria[s].bad) > 0:
			r.find(rule, s, "", model.Date{}, []string{string(sid)},
				"School %s chose families to invite by %v; invite all families or a cross-section, scoped only by school, grade, class or teacher",
				sid, r.criteria[s].bad)
		case !r.criteria[s].recorded:
			r.na(rule, s)
		default:
			r.pass(rule, s)
		}
	}
}

// schoolCriteria is what a school's invitations record of how their
// families were chosen.
type schoolCriteria struct {
	// recorded: some invitation records a method, criteria or a plan.
	recorded bool
	// bad are the criteria and plan scope keys that are not scope keys,
	// sorted.
	bad []string
}

// deriveCriteria reads the criteria each school's invitations and their
// plans record, once per Program: they do not change with asOf.
func (r *Program) deriveCriteria() {
	r.criteria = make([]schoolCriteria, len(r.schools)+1)
	note := func(s int, key string) {
		if !isScopeKey(key) && !slices.Contains(r.criteria[s].bad, key) {
			r.criteria[s].bad = append(r.criteria[s].bad, key)
		}
	}
	// A plan's keys are the same for every invitation it made: read once.
	planKeys := map[model.PlanID][]string{}
	keysOf := func(id model.PlanID) ([]string, bool) {
		if keys, ok := planKeys[id]; ok {
			return keys, true
		}
		p, ok := r.x.Plan(id)
		if !ok {
			return nil, false
		}
		keys := slices.Clone(p.Criteria)
		for k := range p.Scope {
			keys = append(keys, k)
		}
		planKeys[id] = keys
		return keys, true
	}
	for _, i := range r.active {
		f := r.families[i]
		for _, inv := range f.invitations {
			if inv.FromFamily() {
				continue
			}
			s := f.school
			if keys, ok := keysOf(inv.Plan); ok {
				r.criteria[s].recorded = true
				for _, k := range keys {
					note(s, k)
				}
			}
			if inv.Method != "" || len(inv.Criteria) > 0 {
				r.criteria[s].recorded = true
			}
			for _, k := range inv.Criteria {
				note(s, k)
			}
		}
	}
	for s := range r.criteria {
		slices.Sort(r.criteria[s].bad)
	}
}

// judgeCrossSection: P4.cross-section — the invited families of each school
// are representative of the scope they were chosen from (the recorded
// plan's scope — a grade, a class, a teacher — or the whole school) on every
// audited attribute: a violation for a large, significant imbalance, an
// advisory for a moderate one. The visited families get advisories only.
// The unit is school-year × attribute, judged by the gravest audit of that
// attribute over the school's plans; when the invited set is flagged, the
// visited set is not judged again. Family requests are not selections and
// are left out of the invited set.
func judgeCrossSection(r *run) {
	rule := r.rule("P4.cross-section")
	// visited[s]: the visited families with a student at school s, so that
	// each school's audit reads its own families, not the district's.
	// Once every family with a completed visit has had one as of asOf,
	// they are the prepared completed families of each group's school.
	var visited [][]model.FamilyID
	if !r.allVisited {
		visited = r.visitedFamilies(func(f *familyFacts) bool { return r.doneCount[f.pos] > 0 })
	}
	th := selection.ThresholdsFrom(r.pol)
	visitedTh := th
	visitedTh.AdvisoryOnly = true
	size := 0
	for _, gs := range r.inviteGroups {
		for _, g := range gs {
			if g.audit != nil {
				size += 2 * len(g.audit.Attributes)
			}
		}
	}
	r.audit = make([]AuditResult, 0, size)
	for s, sid := range r.schools {
		worst := map[string]*[2]selection.AttributeAudit{} // attribute → gravest invited, visited
		var order []string
		for _, g := range r.inviteGroups[s] {
			pop := g.population
			if pop == nil {
				continue
			}
			inv, err := g.auditInvited(th)
			if err != nil {
				continue
			}
			vs := g.completed
			if visited != nil {
				vs = visited[s]
			}
			vis, _ := g.auditVisited(vs, visitedTh)
			for i, a := range inv.Attributes {
				if a.Attribute == "school" {
					continue // constant within a school
				}
				w, ok := worst[a.Attribute]
				if !ok {
					w = &[2]selection.AttributeAudit{a, {Verdict: selection.NotAssessable}}
					worst[a.Attribute] = w
					order = append(order, a.Attribute)
				}
				r.audit = append(r.audit, AuditResult{School: sid, Plan: g.plan, Set: "invited", AttributeAudit: a})
				if rank(a.Verdict) > rank(w[0].Verdict) {
					w[0] = a
				}
				if vis != nil && vis.Chosen > 0 && i < len(vis.Attributes) {
					v := vis.Attributes[i]
					r.audit = append(r.audit, AuditResult{School: sid, Plan: g.plan, Set: "visited", AttributeAudit: v})
					if rank(v.Verdict) > rank(w[1].Verdict) {
						w[1] = v
					}
				}
			}
		}
		if len(order) == 0 {
			r.na(rule, s)
			continue
		}
		for _, attr := range order {
			r.judgeAttribute(rule, s, sid, worst[attr][0], worst[attr][1])
		}
	}
}

// inviteGroup is a school's invitations from one plan (or with no plan),
// with the population they were chosen from.
type inviteGroup struct {
	plan       model.PlanID
	invited    []model.FamilyID
	population *selection.Population
	// audit is the invited families' audit under the dataset's own policy,
	// computed once: invitations do not change with asOf, so checks under
	// that policy reuse it.
	audit      *selection.AuditReport
	auditUnder selection.Thresholds
	// visitedAudit is the audit, under the same policy, of the completed
	// families: those of the school with a completed visit. It is what a
	// check sees once every completed visit has taken place, so such checks
	// share it, audited once by the first that needs it.
	completed    []model.FamilyID
	visitedOnce  sync.Once
	visitedAudit *selection.AuditReport
	visitedUnder selection.Thresholds
}

// auditVisited returns the audit of the group's school's visited families
// under th, reusing the prepared one when they are all the families with a
// completed visit (every completed visit has taken place as of the check —
// any check after the last visit) and th is the dataset policy's.
func (g *inviteGroup) auditVisited(visited []model.FamilyID, th selection.Thresholds) (*selection.AuditReport, error) {
	if th == g.visitedUnder && len(visited) == len(g.completed) {
		// Audited on first use, so that a single check that never needs it
		// does not pay for it.
		g.visitedOnce.Do(func() {
			if a, err := selection.Audit(g.population, g.completed, nil, th); err == nil {
				g.visitedAudit = a
			}
		})
		if g.visitedAudit != nil {
			return g.visitedAudit, nil
		}
	}
	return selection.Audit(g.population, visited, nil, th)
}

// visitedFamilies returns, per school, the families with a student there
// for which visited is true, in dataset order.
func (r *Program) visitedFamilies(visited func(f *familyFacts) bool) [][]model.FamilyID {
	out := make([][]model.FamilyID, len(r.schools)+1)
	for _, i := range r.active {
		f := r.families[i]
		if !visited(f) {
			continue
		}
		for _, s := range r.familySchools[i] {
			out[s] = append(out[s], f.id)
		}
	}
	return out
}

// auditInvited returns the group's audit under th, reusing the prepared one
// when th is the dataset policy's.
func (g *inviteGroup) auditInvited(th selection.Thresholds) (*selection.AuditReport, error) {
	if g.audit != nil && th == g.auditUnder {
		return g.audit, nil
	}
	return selection.Audit(g.population, g.invited, nil, th)
}

// deriveInviteGroups groups each school's invitations by plan and derives
// the population of each group once per Program. Family requests are not
// selections and are left out.
func (r *Program) deriveInviteGroups() {
	r.inviteGroups = make([][]*inviteGroup, len(r.schools)+1)
	for i := range r.ds.Invitations {
		inv := &r.ds.Invitations[i]
		k := r.x.InvitationFamilyAt(i)
		if k < 0 || inv.FromFamily() {
			continue
		}
		f := r.families[k]
		gs := r.inviteGroups[f.school]
		at := slices.IndexFunc(gs, func(g *inviteGroup) bool { return g.plan == inv.Plan })
		if at < 0 {
			gs = append(gs, &inviteGroup{plan: inv.Plan})
			r.inviteGroups[f.school], at = gs, len(gs)-1
		}
		gs[at].invited = append(gs[at].invited, inv.Family)
	}
	// Each school's populations and audits are its own: derive them on
	// every core.
	th := selection.ThresholdsFrom(r.ds.Policy)
	visitedTh := th
	visitedTh.AdvisoryOnly = true
	completed := r.visitedFamilies(func(f *familyFacts) bool { return len(f.completed) > 0 })
	parallel.For(len(r.schools), func(s int) {
		for _, g := range r.inviteGroups[s] {
			g.population = r.scopePopulation(r.schools[s], g.plan)
			// The dataset's policy is valid: Prepare validated the dataset.
			if g.population == nil {
				continue
			}
			if a, err := selection.Audit(g.population, g.invited, nil, th); err == nil {
				g.audit, g.auditUnder = a, th
			}
			g.completed, g.visitedUnder = completed[s], visitedTh
		}
	})
}

// scopePopulation returns the population a school's invitations were chosen
// from: the recorded plan's scope (kept to the school), or the school. A
// scope that names a targeting key is P4.selection-criteria's business;
// the audit then uses the school.
func (r *Program) scopePopulation(school model.SchoolID, plan model.PlanID) *selection.Population {
	sc := selection.Scope{Schools: []model.SchoolID{school}}
	if p, ok := r.x.Plan(plan); ok && len(p.Scope) > 0 {
		if ps, err := selection.ScopeFromMap(p.Scope); err == nil {
			ps.Schools = []model.SchoolID{school}
			sc = ps
		}
	}
	pop, err := selection.PopulationOf(r.x, sc)
	if err != nil {
		return nil
	}
	return pop
}

func rank(v selection.Verdict) int {
	switch v {
	case selection.OK:
		return 1
	case selection.Advisory:
		return 2
	case selection.Targeting:
		return 3
	}
	return 0
}

// judgeAttribute turns the gravest audits of one school and attribute into
// one outcome.
func (r *run) judgeAttribute(rule, s int, sid model.SchoolID, inv, vis selection.AttributeAudit) {
	describe := func(a selection.AttributeAudit) string {
		return fmt.Sprintf("on %q the largest gap is %.0f points (value %q), Cramér's V %.2f, p = %.3g",
			a.Attribute, 100*a.Gap, a.GapLevel, a.CramersV, a.P)
	}
	records := []string{string(sid), "attribute:" + inv.Attribute}
	switch {
	case inv.Verdict == selection.Targeting:
		r.find(rule, s, Violation, model.Date{}, records,
			"School %s's invited families are not a cross-section of those in scope: %s; invite all families or a cross-section so there is no stigma",
			sid, describe(inv))
	case inv.Verdict == selection.Advisory:
		r.find(rule, s, Advisory, model.Date{}, records,
			"School %s's invited families lean toward one group: %s", sid, describe(inv))
	case vis.Verdict == selection.Advisory:
		r.find(rule, s, Advisory, model.Date{}, records,
			"School %s's visited families lean toward one group: %s (families may decline; look at how visits are offered)",
			sid, describe(vis))
	case inv.Verdict == selection.NotAssessable:
		r.na(rule, s)
	default:
		r.pass(rule, s)
	}
}

// AuditResult is the targeting audit of one school's invited or visited
// families on one attribute: shares in the school's population and among
// the chosen, the test, Cramér's V, the largest gap and the verdict. Cells
// smaller than Policy.MinCellSize are suppressed in its JSON form.
type AuditResult struct {
	School model.SchoolID `json:"school"`
	// Plan is the plan whose scope the families were compared with; empty
	// for invitations with no recorded plan (compared with the school).
	Plan model.PlanID `json:"plan,omitempty"`
	// Set is "invited" or "visited". Visited families get advisories only:
	// families may refuse a visit, which is voluntariness, not targeting.
	Set string `json:"set"`
	selection.AttributeAudit
}
