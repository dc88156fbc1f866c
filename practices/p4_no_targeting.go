package practices

import (
	"slices"

	"github.com/homevisits/pthv/model"
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
	bad := make([][]string, len(r.schools)+1)
	recorded := make([]bool, len(r.schools)+1)
	note := func(s int, key string) {
		if !slices.Contains(bad[s], key) {
			bad[s] = append(bad[s], key)
		}
	}
	for _, inv := range r.ds.Invitations {
		f := r.famIdx[inv.Family]
		if f == nil || inv.FromFamily() {
			continue
		}
		s := f.school
		keys := slices.Clone(inv.Criteria)
		if p, ok := r.x.Plan(inv.Plan); ok {
			keys = append(keys, p.Criteria...)
			for k := range p.Scope {
				keys = append(keys, k)
			}
			recorded[s] = true
		}
		if inv.Method != "" || len(inv.Criteria) > 0 {
			recorded[s] = true
		}
		for _, k := range keys {
			if !isScopeKey(k) {
				note(s, k)
			}
		}
	}
	for s, sid := range r.schools {
		switch {
		case len(bad[s]) > 0:
			slices.Sort(bad[s])
			r.find(rule, s, "", model.Date{}, []string{string(sid)},
				"School %s chose families to invite by %v; invite all families or a cross-section, scoped only by school, grade, class or teacher",
				sid, bad[s])
		case !recorded[s]:
			r.na(rule, s)
		default:
			r.pass(rule, s)
		}
	}
}
