package practices

// coverages counts each school's students and families, and those with a
// completed visit, in one pass over the families. Students visited are
// those listed on a visit that took place; a family is visited when any
// visit to it took place; a family counts once in each school it has
// students in.
func (r *run) coverages() []Coverage {
	out := make([]Coverage, len(r.schools)+1)
	visited := make([]bool, len(r.ds.Students))
	for i := range r.visits {
		if vf := &r.visits[i]; vf.tookPlace {
			for _, s := range vf.v.Students {
				if k, ok := r.x.StudentPosition(s); ok {
					visited[k] = true
				}
			}
		}
	}
	for k := range r.ds.Students {
		c := &out[r.schoolOf(r.ds.Students[k].School)]
		c.Students++
		if visited[k] {
			c.StudentsVisited++
		}
	}
	var schools []int
	for _, f := range r.families {
		schools = schools[:0]
		for st := range r.x.EachStudentOf(f.id) {
			s := r.schoolOf(st.School)
			if !containsInt(schools, s) {
				schools = append(schools, s)
			}
		}
		for _, s := range schools {
			out[s].Families++
			if len(f.completed) > 0 {
				out[s].FamiliesVisited++
			}
		}
	}
	for i := range out {
		out[i].Systematic = out[i].Students > 0 && out[i].StudentShare() >= r.pol.SystematicCoverage
	}
	return out
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
