package practices

import "github.com/homevisits/pthv/model"

// coverage counts a school's students and families, and those with a
// completed visit. Students visited are those listed on a visit that took
// place; a family is visited when any visit to it took place.
func (r *run) coverage(sid model.SchoolID) Coverage {
	if r.visitedStudents == nil {
		r.visitedStudents = map[model.StudentID]bool{}
		for i := range r.visits {
			if vf := &r.visits[i]; vf.tookPlace {
				for _, s := range vf.v.Students {
					r.visitedStudents[s] = true
				}
			}
		}
	}
	var c Coverage
	seen := map[model.FamilyID]bool{}
	for i := range r.ds.Students {
		st := &r.ds.Students[i]
		if st.School != sid {
			continue
		}
		c.Students++
		if r.visitedStudents[st.ID] {
			c.StudentsVisited++
		}
		if !seen[st.Family] {
			seen[st.Family] = true
			c.Families++
			if f := r.famIdx[st.Family]; f != nil && len(f.completed) > 0 {
				c.FamiliesVisited++
			}
		}
	}
	c.Systematic = c.Students > 0 && c.StudentShare() >= r.pol.SystematicCoverage
	return c
}
