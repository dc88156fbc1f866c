package practices

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/selection"
	"github.com/homevisits/pthv/synth"
)

// audited reports whether an invitation is one the targeting rules read:
// sent by the school, for a first visit (or unlabelled), for this school
// year.
func (p *Program) audited(inv *model.Invitation) bool {
	return !inv.FromFamily() && inv.Kind != model.SecondVisit && p.invitationYear(inv) == p.ds.Year.ID
}

// auditInvitationsOracle is auditInvitations the obvious way: it reads
// each invitation's record and finds plans and units by id.
func (p *Program) auditInvitationsOracle() (visited [][]int32) {
	p.criteria = make([]schoolCriteria, p.cols())
	visited = make([][]int32, p.cols())
	byKey := map[string]*auditScope{}
	scopeOf := func(key string, make func() *auditScope) *auditScope {
		sc, ok := byKey[key]
		if !ok {
			sc = make()
			byKey[key] = sc
			p.scopes = append(p.scopes, sc)
		}
		return sc
	}
	plans := map[model.PlanID]planFacts{}
	year := p.ds.Year.ID
	for _, k := range p.active {
		f := &p.families[k]
		for _, inv := range f.invitations {
			if inv.FromFamily() || p.invitationYear(inv) != year {
				continue
			}
			pf, known := plans[inv.Plan]
			if !known {
				if pl, ok := p.x.Plan(inv.Plan); ok {
					pf = planFacts{bad: slices.Clone(pl.Criteria)}
					for key := range pl.Scope {
						pf.bad = append(pf.bad, key)
					}
					pf.bad = slices.DeleteFunc(pf.bad, selection.IsScopeKey)
					plans[inv.Plan] = pf
					known = true
				}
			}
			var planKeys []string
			schools := p.studentsIn(f, inv.Students)
			if known {
				planKeys = pf.bad
				pl, _ := p.x.Plan(inv.Plan)
				// The plan's scope's schools the dataset has, by id.
				var scoped []int32
				for s, id := range p.schools {
					if slices.Contains(planScope(pl).Schools, id) {
						scoped = append(scoped, int32(s))
					}
				}
				if len(scoped) > 0 {
					schools = scoped
				}
			}
			p.noteCriteria(schools, inv.Criteria, known || inv.Method != "" || len(inv.Criteria) > 0, planKeys)
			if !p.audited(inv) {
				continue
			}
			if known {
				if pf.unit == nil {
					pl, _ := p.x.Plan(inv.Plan)
					sc := planScope(pl)
					u := scopeOf("plan:"+sc.String(), func() *auditScope { return &auditScope{scope: sc} })
					if !slices.Contains(u.plans, pl.ID) {
						u.plans = append(u.plans, pl.ID)
					}
					pf.unit = u
					plans[inv.Plan] = pf
				}
				pf.unit.invited = append(pf.unit.invited, inv.Family)
				continue
			}
			for _, s := range p.studentsIn(f, inv.Students) {
				id := p.schools[s]
				u := scopeOf("school:"+string(id), func() *auditScope {
					return &auditScope{school: id, scope: selection.Scope{Schools: []model.SchoolID{id}}}
				})
				u.invited = append(u.invited, inv.Family)
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

// targetingDataset draws a synthetic district and then varies its
// invitations and families the ways the targeting audit must tell apart:
// invitations with no plan or an unknown one, with a method or criteria
// (some of them student attributes), from the family, for a second visit
// or another year, naming several students or none; and families with
// children in two schools.
func targetingDataset(t *rapid.T) *model.Dataset {
	cfg := synth.DefaultConfig()
	cfg.Schools = rapid.IntRange(1, 3).Draw(t, "schools")
	cfg.StudentsPerSchool = rapid.IntRange(20, 120).Draw(t, "studentsPerSchool")
	cfg.InviteShare = rapid.Float64Range(0.1, 1).Draw(t, "inviteShare")
	cfg.AcceptRate = rapid.Float64Range(0, 1).Draw(t, "acceptRate")
	cfg.Deviations.Targeted = rapid.Float64Range(0, 1).Draw(t, "targeted")
	ds, err := synth.District(cfg, rapid.Uint64().Draw(t, "seed"))
	require.NoError(t, err)
	// Families with children in two schools: a student joins the family
	// of a student of another school.
	for range rapid.IntRange(0, 10).Draw(t, "moves") {
		a := rapid.IntRange(0, len(ds.Students)-1).Draw(t, "student")
		b := rapid.IntRange(0, len(ds.Students)-1).Draw(t, "family")
		if ds.Students[a].School != ds.Students[b].School && !familyNamed(ds, ds.Students[a]) {
			ds.Students[a].Family = ds.Students[b].Family
		}
	}
	students := map[model.FamilyID][]model.StudentID{}
	for _, st := range ds.Students {
		students[st.Family] = append(students[st.Family], st.ID)
	}
	for i := range ds.Invitations {
		inv := &ds.Invitations[i]
		switch rapid.IntRange(0, 9).Draw(t, "change") {
		case 0:
			inv.Plan = ""
		case 1:
			inv.Plan, inv.Method = "", "all"
		case 2:
			inv.Plan, inv.Criteria = "", []string{"grade", rapid.SampledFrom([]string{"ell", "iep", "school", "frl"}).Draw(t, "criterion")}
		case 3:
			inv.Criteria = []string{"ell"}
		case 4:
			inv.Students = students[inv.Family] // several, or one
		case 5:
			inv.Students = nil
		case 6:
			inv.Kind = model.SecondVisit
		case 7:
			inv.Origin = model.FamilyRequest
		}
	}
	return ds
}

// familyNamed reports whether a record names st with its family: such a
// student keeps its family, or the dataset would not validate.
func familyNamed(ds *model.Dataset, st model.Student) bool {
	named := func(ids []model.StudentID) bool { return slices.Contains(ids, st.ID) }
	for _, inv := range ds.Invitations {
		if inv.Family == st.Family || named(inv.Students) {
			return true
		}
	}
	for _, v := range ds.Visits {
		if v.Family == st.Family || named(v.Students) {
			return true
		}
	}
	return false
}

// TestPropAuditInvitationsAgreesWithOracle: the scopes, criteria and
// visited families auditInvitations works out from the invitations'
// facts are those the records themselves give.
func TestPropAuditInvitationsAgreesWithOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := targetingDataset(t)
		p, err := Prepare(ds)
		if err != nil {
			t.Skip("mutated dataset does not validate")
		}
		p.scopes = nil
		visited := p.auditInvitations()
		scopes, criteria := p.scopes, p.criteria
		p.scopes = nil
		wantVisited := p.auditInvitationsOracle()
		require.Equal(t, wantVisited, visited)
		require.Equal(t, p.criteria, criteria)
		require.Len(t, scopes, len(p.scopes))
		for i, u := range p.scopes {
			require.Equal(t, u.plans, scopes[i].plans, "scope %d", i)
			require.Equal(t, u.school, scopes[i].school, "scope %d", i)
			require.Equal(t, u.scope, scopes[i].scope, "scope %d", i)
			require.Equal(t, u.invited, scopes[i].invited, "scope %d", i)
		}
	})
}

// visitedOracle is visitedIn the obvious way: for each candidate family,
// its students in scope from pop, and a visit's students from its record.
func (p *Program) visitedOracle(sc selection.Scope, pop *selection.Population, visited [][]int32) []model.FamilyID {
	candidates := visited[p.noSchool()]
	if len(sc.Schools) == 1 {
		candidates = visited[p.schoolOf(sc.Schools[0])]
	}
	var out []model.FamilyID
	for _, k := range candidates {
		f := &p.families[k]
		fid := f.lifeFacts[0].v.Family
		inScope := pop.Students(fid)
		if len(inScope) == 0 {
			continue
		}
		for _, vf := range f.lifeFacts {
			if len(vf.v.Students) == 0 || slices.ContainsFunc(vf.v.Students, func(s model.StudentID) bool { return slices.Contains(inScope, s) }) {
				out = append(out, fid)
				break
			}
		}
	}
	return out
}

// TestPropVisitedInAgreesWithOracle: the visited families of every audit
// scope, found by the students' positions, are those the visits' records
// and the scope's population give — for scopes of a school alone, scopes
// narrowed by grade, class or teacher, and scopes across schools.
func TestPropVisitedInAgreesWithOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := targetingDataset(t)
		p, err := Prepare(ds)
		if err != nil {
			t.Skip("mutated dataset does not validate")
		}
		p.scopes = nil
		visited := p.auditInvitations()
		// Scopes the dataset's plans do not have: the whole district, and
		// each school narrowed to a grade.
		scopes := []selection.Scope{{}}
		for _, s := range ds.Schools {
			scopes = append(scopes, selection.Scope{Schools: []model.SchoolID{s.ID}},
				selection.Scope{Schools: []model.SchoolID{s.ID}, Grades: []model.Grade{ds.Students[0].Grade}})
		}
		for _, u := range p.scopes {
			scopes = append(scopes, u.scope)
		}
		for _, sc := range scopes {
			pop, err := selection.PopulationOf(p.x, sc)
			if err != nil {
				continue
			}
			require.Equal(t, p.visitedOracle(sc, pop, visited), p.visitedIn(sc, pop, visited), "scope %s", sc)
		}
	})
}
