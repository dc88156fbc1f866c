package practices

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/homevisits/pthv/internal/indexview"
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
//
// How the audit is set up, so that a program that keeps the practice is
// never called targeting (RULES.md): an invitation is audited in the scope
// of the plan that sent it — the plan's recorded scope and school, its
// population every family with a student in scope; plans with the same
// scope form one unit. Invitations with no plan are audited per school,
// counting for the schools of the students they name (all the family's
// schools when they name none), and a family with children in two schools
// is in both schools' populations. Family requests, second-visit
// invitations and invitations of other years are not audited. The
// statistics — all invited passes without a test, small categories
// pooled, Holm–Bonferroni over a scope's attributes, figures of small
// groups withheld — are [selection.Audit]'s.
func noTargetingRules() []Rule {
	return []Rule{
		{ID: "P4.selection-criteria", Practice: "P4", Severity: Violation, Unit: SchoolYearUnit, Due: DueAtInvitation,
			Title:      "invitations were not chosen by a student attribute; only school, grade, class or teacher scope",
			Source:     "PTHV: \"Educators visit a cross-section of students and do not target any subgroup of students.\"",
			judgeUnits: judgeSelectionCriteria},
		{ID: "P4.cross-section", Practice: "P4", Severity: Violation, Unit: ScopeAttributeUnit, Due: DueAtInvitation,
			Policy:     []string{"targeting_alpha", "targeting_v", "targeting_gap", "advisory_alpha", "advisory_v", "advisory_gap", "monte_carlo_draws", "monte_carlo_seed", "min_cell_size"},
			Title:      "invited families are representative of their scope on every audited attribute",
			Source:     "RTI: \"No targeting – visit all or a cross-section of students so there is no stigma.\"",
			judgeUnits: judgeCrossSection},
	}
}

// schoolCriteria is what a school's invitations record of how their
// families were chosen.
type schoolCriteria struct {
	// recorded: some invitation records a method, criteria or a plan.
	recorded bool
	// bad are the criteria and plan scope keys that are not scope keys
	// (selection.IsScopeKey), sorted.
	bad []string
}

// noteCriteria adds to the criteria of the schools of an invitation of
// the year (its columns, schools: its plan's scope's, else those of the
// students it names) what it and its plan record: recorded
// is whether either records a method, criteria or a plan; planKeys are
// its plan's criteria and scope keys that are not scope keys, criteria
// the invitation's own.
func (p *Program) noteCriteria(schools []int32, criteria []string, recorded bool, planKeys []string) {
	for _, s := range schools {
		c := &p.criteria[s]
		c.recorded = c.recorded || recorded
		for _, list := range [2][]string{planKeys, criteria} {
			for _, key := range list {
				if !selection.IsScopeKey(key) && !slices.Contains(c.bad, key) {
					c.bad = append(c.bad, key)
				}
			}
		}
	}
}

// judgeSelectionCriteria: P4.selection-criteria — invitations were not
// chosen by a student attribute. Judged per school from the criteria its
// invitations and their plans record — a plan's invitations are the
// schools' of its scope, an invitation with no plan those of the students
// it names (all the family's when it names none); schools whose
// invitations record no method, criteria or plan are not assessable.
func judgeSelectionCriteria(r *run, rule int) {
	for s, sid := range r.schools {
		c := r.criteria[s]
		v := pass()
		switch {
		case len(c.bad) > 0:
			v = fail("School %s chose families to invite by %v; invite all families or a cross-section, scoped only by school, grade, class or teacher",
				sid, c.bad).on(model.Date{}, string(sid))
		case !c.recorded:
			v = notAssessed()
		}
		r.unit(rule, SchoolYearUnit, []int32{int32(s)}, v)
	}
}

// auditScope is one unit scope of the targeting audit: the invitations of
// the plans with one scope, or a school's invitations with no plan, and
// the population they were chosen from.
type auditScope struct {
	plans   []model.PlanID // none for a school's invitations with no plan
	school  model.SchoolID // for those
	scope   selection.Scope
	schools []int32 // the columns of the population's schools
	pop     *selection.Population
	// attributes are the population's attributes that are not scope keys.
	attributes []string
	invited    []model.FamilyID
	// criteria are the criteria recorded by the audited invitations of a
	// plan across the district, which noteDistrictPlans lists under every
	// school of its scope.
	criteria []string
	// visited are the families of the population with a completed visit
	// of the year naming one of their students in scope (or no one).
	visited []model.FamilyID
	// invitedAudit and visitedAudit are the audits under th, the dataset
	// policy's thresholds; a check under other thresholds audits afresh.
	th                         selection.Thresholds
	invitedAudit, visitedAudit *selection.AuditReport
	// result is what the scope's audit results say of the scope: a
	// check makes its audit results from it and the audits
	// (auditResults) as it reports them.
	result AuditResult
}

// planFacts is what the targeting rules read of a plan, the same for
// every invitation it sent: its criteria and scope keys that are not
// scope keys, and the columns of its scope's schools (P4.selection-
// criteria), and the audit unit of its scope. read is set once they are
// worked out.
type planFacts struct {
	read bool
	bad  []string
	// schools are the columns of the schools of the plan's scope
	// (planSchools), nil for a plan across the district.
	schools []int32
	unit    *auditScope
}

// planSchools returns the columns of the schools of plan pl's scope (its
// recorded scope plus its school, planScope), those the dataset has; nil
// for a plan across the district. A plan's criteria are the choice of the
// schools of its scope (RULES.md: a P4 unit is listed under "the scope's
// schools"), whichever students its invitations name.
func (p *Program) planSchools(pl *model.Plan) []int32 {
	var out []int32
	for _, id := range planScope(pl).Schools {
		if s := int32(p.schoolOf(id)); int(s) != p.noSchool() && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// invitationAudit is what the targeting rules read of one invitation,
// taken from its record by deriveBatch, which reads every invitation for
// its students already: a record spans four or five cache lines and its
// strings more, and a national year has some 80,000 of them, so reading
// them again for these few fields cost as much as the first pass. It
// holds no pointer.
type invitationAudit struct {
	// plan is the position of the invitation's plan in the dataset's
	// Plans (indexview.PlanPosition), -1 when it names none the dataset has.
	plan  int32
	flags invitationFlags
}

// invitationFlags are the yes-or-no facts of an invitationAudit.
type invitationFlags uint8

const (
	invOfYear      invitationFlags = 1 << iota // for the dataset's school year (invitationYear)
	invFromFamily                              // the family asked for the visit
	invSecondVisit                             // for a second visit
	invMethod                                  // records a method
	invCriteria                                // records criteria (read from the record, rarely)
)

// invitationAuditOf reads inv's invitationAudit. last is the plan the
// invitation read before named, and its position: a batch's invitations
// mostly name the plan of the one before (a school's), and comparing its
// id with theirs costs less than hashing it. Reading the origin and kind
// in place, not by methods on the record's value, keeps the record from
// being copied.
func (p *Program) invitationAuditOf(inv *model.Invitation, last *planAt) invitationAudit {
	a := invitationAudit{plan: -1}
	switch {
	case inv.Plan == "":
	case last.ok && inv.Plan == last.id:
		a.plan = last.at
	default:
		if k, ok := indexview.PlanPosition(p.x, inv.Plan); ok {
			a.plan = int32(k)
		}
		*last = planAt{id: inv.Plan, at: a.plan, ok: true}
	}
	if p.invitationYear(inv) == p.ds.Year.ID {
		a.flags |= invOfYear
	}
	if inv.Origin == model.FamilyRequest { // inv.FromFamily()
		a.flags |= invFromFamily
	}
	if inv.Kind == model.SecondVisit {
		a.flags |= invSecondVisit
	}
	if inv.Method != "" {
		a.flags |= invMethod
	}
	if len(inv.Criteria) > 0 {
		a.flags |= invCriteria
	}
	return a
}

// planAt is a plan id and its position in the dataset's Plans (-1 when
// it has none of the id), as invitationAuditOf last found them.
type planAt struct {
	id model.PlanID
	at int32
	ok bool
}

// deriveScopes groups the audited invitations into scopes, derives each
// scope's population and audits it under the dataset's policy. It also
// works out each school's selection criteria, from the same pass over the
// invitations (auditInvitations).
func (p *Program) deriveScopes() {
	visited := p.auditInvitations()
	// Units of the same scope (a plan's school, and the school's
	// invitations with no plan) share one population.
	var uniq []selection.Scope
	at := map[string]int{}
	of := make([]int, len(p.scopes))
	for i, u := range p.scopes {
		k := u.scope.String()
		if _, ok := at[k]; !ok {
			at[k] = len(uniq)
			uniq = append(uniq, u.scope)
		}
		of[i] = at[k]
	}
	pops := make([]*selection.Population, len(uniq))
	parallel.For(len(uniq), func(i int) { pops[i], _ = selection.PopulationOf(p.x, uniq[i]) })
	th := selection.ThresholdsFrom(p.ds.Policy)
	parallel.For(len(p.scopes), func(i int) { p.prepareScope(p.scopes[i], th, pops[of[i]], visited) })
	p.noteDistrictPlans()
}

// noteDistrictPlans adds the criteria of the plans across the district
// (whose scope names no school) to every school of their scope, the
// schools of the students in it, once their populations are known: such a
// plan chose the families of each of those schools (RULES.md: a P4 unit
// is listed under "the scope's schools"), not only of those it sent
// invitations in, under which auditInvitations noted them already.
//
// A plan across the district none of whose invitations of the year is
// audited (second-visit invitations only) has no audit unit: its
// population is derived here, for its schools alone.
func (p *Program) noteDistrictPlans() {
	noted := false
	audited := map[model.PlanID]bool{}
	for _, u := range p.scopes {
		for _, id := range u.plans {
			audited[id] = true
		}
		if len(u.plans) == 0 || len(u.scope.Schools) > 0 || len(u.schools) == 0 {
			continue
		}
		for _, id := range u.plans {
			if pl, ok := p.x.Plan(id); ok {
				p.noteCriteria(u.schools, u.criteria, true, planKeysChosenBy(pl))
				noted = true
			}
		}
	}
	for _, k := range p.districtPlans {
		pl := &p.ds.Plans[k]
		if audited[pl.ID] {
			continue
		}
		if pop, err := selection.PopulationOf(p.x, planScope(pl)); err == nil {
			if schools := p.populationSchools(pop, nil); len(schools) > 0 {
				p.noteCriteria(schools, nil, true, planKeysChosenBy(pl))
				noted = true
			}
		}
	}
	if noted {
		for s := range p.criteria {
			slices.Sort(p.criteria[s].bad)
		}
	}
}

// populationSchools appends to schools, once each, the columns of the
// schools of the students of pop, a population of a scope across schools:
// the schools such a scope's unit is listed under.
func (p *Program) populationSchools(pop *selection.Population, schools []int32) []int32 {
	for _, fid := range pop.Families() {
		k, _ := indexview.FamilyPosition(p.x, fid)
		for _, s := range p.studentsIn(&p.families[k], pop.Students(fid)) {
			if !slices.Contains(schools, s) {
				schools = append(schools, s)
			}
		}
	}
	return schools
}

// planKeysChosenBy returns plan pl's criteria and scope keys that are not
// scope keys (selection.IsScopeKey): the student attributes it chose by.
func planKeysChosenBy(pl *model.Plan) []string {
	bad := slices.Clone(pl.Criteria)
	for key := range pl.Scope {
		bad = append(bad, key)
	}
	return slices.DeleteFunc(bad, selection.IsScopeKey)
}

// auditInvitations reads the active families' invitations once for the
// targeting rules: it groups the audited invitations into p.scopes,
// fills p.criteria with what each school's invitations of the year and
// their plans record, and returns the positions of the families a
// completed visit of the year concerned, by the school of a student it
// concerned (the column of no school holds every such family).
//
// It reads the invitations' facts (invitationAudit), found when their
// records were read for the families' facts, and of a record only the
// family of an audited invitation and, when it records any, its
// criteria; plans and schools are found by position. auditInvitationsOracle
// (p4_oracle_test.go) reads the records themselves.
func (p *Program) auditInvitations() (visited [][]int32) {
	p.criteria = make([]schoolCriteria, p.cols())
	visited = make([][]int32, p.cols())
	byScope := map[string]*auditScope{}         // a plan's unit, by its scope
	schoolUnit := make([]*auditScope, p.cols()) // a school's invitations with no plan
	plans := make([]planFacts, len(p.ds.Plans))
	for _, k := range p.active {
		f := &p.families[k]
		for i, ia := range f.invAudit {
			if ia.flags&invFromFamily != 0 || ia.flags&invOfYear == 0 {
				continue
			}
			var pf *planFacts
			if ia.plan >= 0 {
				pf = &plans[ia.plan]
				if !pf.read {
					pl := &p.ds.Plans[ia.plan]
					pf.read, pf.bad = true, planKeysChosenBy(pl)
					pf.schools = p.planSchools(pl)
					if pf.schools == nil {
						p.districtPlans = append(p.districtPlans, ia.plan)
					}
				}
			}
			var planKeys, criteria []string
			schools := f.invSchools[i] // an invitation with no plan: its students' schools
			if pf != nil {
				planKeys = pf.bad
				if pf.schools != nil {
					schools = pf.schools // a plan's: its scope's schools
				}
			}
			if ia.flags&invCriteria != 0 {
				criteria = f.invitations[i].Criteria
			}
			p.noteCriteria(schools, criteria, pf != nil || ia.flags&(invMethod|invCriteria) != 0, planKeys)
			if ia.flags&invSecondVisit != 0 {
				continue // not audited
			}
			// An invited family is named by its invitation's Family, the
			// id the index found the family by.
			family := f.invitations[i].Family
			if pf != nil {
				if pf.unit == nil {
					pl := &p.ds.Plans[ia.plan]
					sc := planScope(pl)
					key := sc.String()
					u, ok := byScope[key]
					if !ok {
						u = &auditScope{scope: sc}
						byScope[key] = u
						p.scopes = append(p.scopes, u)
					}
					if !slices.Contains(u.plans, pl.ID) {
						u.plans = append(u.plans, pl.ID)
					}
					pf.unit = u
				}
				pf.unit.invited = append(pf.unit.invited, family)
				if pf.schools == nil && len(criteria) > 0 {
					pf.unit.criteria = append(pf.unit.criteria, criteria...)
				}
				continue
			}
			for _, s := range f.invSchools[i] {
				u := schoolUnit[s]
				if u == nil {
					id := p.schools[s]
					u = &auditScope{school: id, scope: selection.Scope{Schools: []model.SchoolID{id}}}
					schoolUnit[s] = u
					p.scopes = append(p.scopes, u)
				}
				u.invited = append(u.invited, family)
			}
		}
		if len(f.lifeFacts) == 0 {
			continue
		}
		visited[p.noSchool()] = append(visited[p.noSchool()], k)
		for _, vf := range f.lifeFacts {
			for _, st := range vf.concerned {
				s := p.studentSchool[st]
				if n := len(visited[s]); n == 0 || visited[s][n-1] != k {
					visited[s] = append(visited[s], k)
				}
			}
		}
	}
	for s := range p.criteria {
		slices.Sort(p.criteria[s].bad)
	}
	return visited
}

// planScope is a plan's recorded scope plus its school. A scope naming a
// targeting key is P4.selection-criteria's business; the audit then uses
// the plan's school (or the district).
func planScope(pl *model.Plan) selection.Scope {
	sc, err := selection.ScopeFromMap(pl.Scope)
	if err != nil {
		sc = selection.Scope{}
	}
	if pl.School != "" {
		sc.Schools = []model.SchoolID{pl.School}
	}
	return sc
}

// prepareScope derives a scope's population (shared with the units of
// the same scope through pops), schools and visited families, and audits
// it under th.
func (p *Program) prepareScope(u *auditScope, th selection.Thresholds, pop *selection.Population, visited [][]int32) {
	if pop == nil {
		return
	}
	u.pop = pop
	for _, a := range pop.Attributes() {
		if !selection.IsScopeKey(a) {
			u.attributes = append(u.attributes, a)
		}
	}
	for _, id := range u.scope.Schools {
		if s := p.schoolOf(id); s != p.noSchool() && !slices.Contains(u.schools, int32(s)) {
			u.schools = append(u.schools, int32(s))
		}
	}
	if len(u.scope.Schools) == 0 {
		u.schools = p.populationSchools(pop, u.schools)
	}
	u.visited = p.visitedIn(u.scope, pop, visited)
	slices.Sort(u.schools)
	u.result = AuditResult{School: u.school, Plans: u.plans, Scope: u.scope.String()}
	if len(u.schools) > 0 {
		u.result.School = p.schools[u.schools[0]]
	}
	if len(u.plans) > 0 {
		u.result.Plan = u.plans[0]
	}
	u.th = th
	if len(u.attributes) == 0 {
		return // nothing to audit: scope keys are never audited attributes
	}
	u.invitedAudit = auditOf(pop, u.invited, u.attributes, th)
	vth := th
	vth.AdvisoryOnly = true
	u.visitedAudit = auditOf(pop, u.visited, u.attributes, vth)
}

// visitedIn returns the families of pop, the population of scope sc,
// that a completed visit of the year concerned through a student in
// scope (or naming no one), in the order of visited (auditInvitations).
//
// For a scope that is one school alone, whose students are that
// school's, it asks pop nothing: it goes by the students' positions the
// visits' facts hold (concerned: those a visit names, or all its
// family's — one of whom is at the school when the family is in pop),
// and a student is in scope when the school is its school. Other scopes
// ask pop for each candidate's students in scope and compare them with
// the ids on the visit's record, which shares a cache line with the
// family id read already: the positions are in arrays of their own, more
// lines a family. visitedOracle (p4_oracle_test.go) reads the visits'
// records and asks pop for every family.
func (p *Program) visitedIn(sc selection.Scope, pop *selection.Population, visited [][]int32) []model.FamilyID {
	candidates := visited[p.noSchool()] // every visited family, for a scope across schools
	school := int32(-1)                 // the scope's school, for a scope of it alone
	if len(sc.Schools) == 1 {
		s := p.schoolOf(sc.Schools[0])
		candidates = visited[s]
		if len(sc.Grades)+len(sc.Classes)+len(sc.Teachers) == 0 && s != p.noSchool() {
			school = int32(s)
		}
	}
	var out []model.FamilyID
	if len(sc.Schools) == 1 {
		// A school's candidates are few, and for a school alone all of
		// them are visited: one list of their number.
		out = make([]model.FamilyID, 0, len(candidates))
	}
	var inScope []model.StudentID // a candidate's students in scope, by id, when pop is asked
	for _, k := range candidates {
		f := &p.families[k]
		// The family's id as its visits name it (the id the index found
		// the family by): the family's own record would be one more
		// cache line.
		fid := f.lifeFacts[0].v.Family
		if school < 0 {
			inScope = pop.AppendStudents(inScope[:0], fid)
			if len(inScope) == 0 {
				continue // not in the population: a family in it has a student in scope
			}
		}
		for _, vf := range f.lifeFacts {
			if school >= 0 && p.concernsSchool(f, vf.concerned, school) ||
				school < 0 && namesScope(vf.v.Students, inScope) {
				out = append(out, fid)
				break
			}
		}
	}
	if len(out) == 0 {
		return nil // as when no list was made
	}
	return out
}

// concernsSchool reports whether one of the students at positions
// concerned is a student of family f at school.
func (p *Program) concernsSchool(f *familyFacts, concerned []int32, school int32) bool {
	for _, st := range concerned {
		if p.studentSchool[st] == school && slices.Contains(f.studentPos, st) {
			return true
		}
	}
	return false
}

// namesScope reports whether a visit naming students concerns a family
// whose students in scope are inScope: it names no one (and so concerns
// every student of the family), or one of them. The visit's students are
// read from its record, on the cache line of the family id just read.
func namesScope(students, inScope []model.StudentID) bool {
	return len(students) == 0 || slices.ContainsFunc(students, func(s model.StudentID) bool { return slices.Contains(inScope, s) })
}

// auditOf is [selection.Audit]'s report, nil when no audit could be made.
func auditOf(pop *selection.Population, chosen []model.FamilyID, attributes []string, th selection.Thresholds) *selection.AuditReport {
	rep, err := selection.Audit(pop, chosen, attributes, th)
	if err != nil {
		return nil
	}
	return &rep
}

// auditResults appends to dst the scope's audit results: each attribute's
// invited audit, followed by its visited one when visited is given.
func (u *auditScope) auditResults(invited, visited *selection.AuditReport, dst []AuditResult) []AuditResult {
	if invited == nil {
		return dst
	}
	res := u.result
	for i, a := range invited.Attributes {
		res.Set, res.AttributeAudit = "invited", a
		dst = append(dst, res)
		if visited != nil && visited.Chosen > 0 && i < len(visited.Attributes) {
			res.Set, res.AttributeAudit = "visited", visited.Attributes[i]
			dst = append(dst, res)
		}
	}
	return dst
}

// audits returns the scope's invited and visited audits under th.
func (u *auditScope) audits(th selection.Thresholds) (invited, visited *selection.AuditReport) {
	if th == u.th || len(u.attributes) == 0 {
		return u.invitedAudit, u.visitedAudit
	}
	invited = auditOf(u.pop, u.invited, u.attributes, th)
	th.AdvisoryOnly = true
	visited = auditOf(u.pop, u.visited, u.attributes, th)
	return invited, visited
}

// records names the scope: its plans, or its school.
func (u *auditScope) records() []string {
	if len(u.plans) == 0 {
		return []string{string(u.school)}
	}
	out := make([]string, len(u.plans))
	for i, id := range u.plans {
		out[i] = string(id)
	}
	return out
}

// name names the scope in a message.
func (u *auditScope) name() string {
	if len(u.plans) == 0 {
		return "School " + string(u.school) + "'s invitations with no plan"
	}
	return fmt.Sprintf("The invitations of plan %s", joinIDs(u.plans))
}

func joinIDs[ID ~string](ids []ID) string {
	out := ""
	for i, id := range ids {
		if i > 0 {
			out += ", "
		}
		out += string(id)
	}
	return out
}

// judgeCrossSection: P4.cross-section — the invited families of each scope
// are representative of its population on every audited attribute: a
// violation for a large, significant imbalance, an advisory for a moderate
// one. The visited families get advisories only, at the end of the year
// (families may refuse — that is voluntariness, not targeting). The unit is
// scope × attribute; when the invited set is flagged, the visited set is
// not judged again. A unit whose invited families are a cross-section is
// settled only with its visited audit: pending until the end of the year. Invitations are audited as recorded, whatever the
// as-of date. The audits go to the report as they are.
func judgeCrossSection(r *run, rule int) {
	th := selection.ThresholdsFrom(r.pol)
	// At most an invited and a visited result for each audited
	// attribute. They are made here, as each check reports them, rather
	// than kept by prepare for every kind of check: prepare would make
	// them as often and keep two copies of the invited ones.
	size := 0
	for _, u := range r.scopes {
		size += 2 * len(u.attributes)
	}
	r.audit = make([]AuditResult, 0, size)
	for _, u := range r.scopes {
		if u.pop == nil {
			continue
		}
		inv, vis := u.audits(th)
		if inv == nil {
			continue
		}
		if !r.endOfYear() {
			vis = nil
		}
		r.audit = u.auditResults(inv, vis, r.audit)
		for i, a := range inv.Attributes {
			var va selection.AttributeAudit
			if r.endOfYear() && vis != nil && vis.Chosen > 0 && i < len(vis.Attributes) {
				va = vis.Attributes[i]
			}
			var v verdict
			switch {
			case a.Verdict == selection.Targeting:
				v = fail("%s are not a cross-section of the families in scope: %s; invite all families or a cross-section so there is no stigma",
					u.name(), describeAudit(a))
				v.sev = Violation
			case a.Verdict == selection.Advisory:
				v = fail("%s lean toward one group: %s", u.name(), describeAudit(a))
				v.sev = Advisory
			case va.Verdict == selection.Advisory:
				v = fail("The families visited in the scope of %s lean toward one group: %s (families may decline; look at how visits are offered)",
					lowerFirst(u.name()), describeAudit(va))
				v.sev = Advisory
			case a.Verdict == selection.NotAssessable:
				v = notAssessed() // the visited audit pools the same population: not assessable too
			case !r.endOfYear():
				v = notYetDue() // the visited audit, due at the end of the year, may still lean
			default:
				v = pass()
			}
			if v.outcome == failed {
				v = v.on(model.Date{}, append(u.records(), "attribute:"+a.Attribute)...)
			}
			r.unit(rule, ScopeAttributeUnit, u.schools, v)
		}
	}
}

// describeAudit gives an audit's figures for a message, unless they could
// let someone rebuild a group under the minimum cell size.
func describeAudit(a selection.AttributeAudit) string {
	if figuresWithheld(a) {
		return fmt.Sprintf("on %q (figures withheld: a group has fewer families than the minimum cell size)", a.Attribute)
	}
	return fmt.Sprintf("on %q the largest gap is %.0f points (value %q), Cramér's V %.2f, p = %.3g",
		a.Attribute, 100*a.Gap, a.GapLevel, a.CramersV, a.P)
}

// figuresWithheld reports whether an audit's figures must not be shown.
func figuresWithheld(a selection.AttributeAudit) bool {
	if a.Withheld {
		return true
	}
	for _, l := range a.Levels {
		if l.Suppressed {
			return true
		}
	}
	return false
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]|0x20) + s[1:]
}

// AuditResult is the targeting audit of one scope's invited or visited
// families on one attribute: shares in the scope's population and among
// the chosen, the test, Cramér's V, the largest gap and the verdict.
// Figures from which a group smaller than Policy.MinCellSize could be
// rebuilt are left out of its JSON form.
type AuditResult struct {
	// School is the scope's first school (by id); empty for a scope with
	// no school.
	School model.SchoolID `json:"school"`
	// Plan is the scope's first plan; Plans all the plans of the scope
	// (plans with the same scope are audited together). Both are empty
	// for a school's invitations with no recorded plan, compared with the
	// whole school.
	Plan  model.PlanID   `json:"plan,omitempty"`
	Plans []model.PlanID `json:"plans,omitempty"`
	// Scope is the scope in the command-line form ("school=S1,grade=3").
	Scope string `json:"scope,omitempty"`
	// Set is "invited" or "visited". Visited families get advisories only:
	// families may refuse a visit, which is voluntariness, not targeting.
	Set string `json:"set"`
	selection.AttributeAudit
}

// MarshalJSON writes the scope's fields and the attribute audit's in one
// object, the audit's own JSON form (which leaves out withheld figures)
// included as it is.
func (a AuditResult) MarshalJSON() ([]byte, error) {
	head, err := json.Marshal(struct {
		School model.SchoolID `json:"school"`
		Plan   model.PlanID   `json:"plan,omitempty"`
		Plans  []model.PlanID `json:"plans,omitempty"`
		Scope  string         `json:"scope,omitempty"`
		Set    string         `json:"set"`
	}{a.School, a.Plan, a.Plans, a.Scope, a.Set})
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(a.AttributeAudit)
	if err != nil {
		return nil, err
	}
	if len(body) <= 2 { // {}
		return head, nil
	}
	return append(append(head[:len(head)-1], ','), body[1:]...), nil
}
