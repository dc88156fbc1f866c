package practices

// deriveMembership records each student's school and the schools each
// family has students in, and counts both per school, once per Program.
func (r *Program) deriveMembership() {
	n := len(r.schools) + 1
	r.studentCount, r.familyCount = make([]int, n), make([]int, n)
	r.studentSchool = make([]int32, len(r.ds.Students))
	for k := range r.ds.Students {
		s := r.schoolAt(k)
		r.studentSchool[k] = int32(s)
		r.studentCount[s]++
	}
	// Most families have all their students in one school: one backing
	// array serves them all.
	r.familySchools = make([][]int32, len(r.families))
	all := make([]int32, 0, len(r.families))
	for k := range r.families {
		from := len(all)
		for _, st := range r.records[k].Students {
			if s := r.studentSchool[st]; !containsInt32(all[from:], s) {
				all = append(all, s)
			}
		}
		r.familySchools[k] = all[from:len(all):len(all)]
		for _, s := range r.familySchools[k] {
			r.familyCount[s]++
		}
	}
}

// coverages counts each school's students and families, and those with a
// visit that took place. Students visited are those listed on such a
// visit; a family is visited when any visit to it took place; a family
// counts once in each school it has students in.
func (r *run) coverages() []Coverage {
	out := make([]Coverage, len(r.schools)+1)
	for s := range out {
		out[s].Students, out[s].Families = r.studentCount[s], r.familyCount[s]
	}
	visited := make([]bool, len(r.ds.Students))
	for i := range r.visits {
		vf := &r.visits[i]
		if !r.tookPlace(vf) {
			continue
		}
		for _, k := range vf.students {
			if !visited[k] {
				visited[k] = true
				out[r.studentSchool[k]].StudentsVisited++
			}
		}
	}
	for _, i := range r.active {
		if r.doneCount[i] == 0 {
			continue
		}
		for _, s := range r.familySchools[i] {
			out[s].FamiliesVisited++
		}
	}
	for i := range out {
		out[i].Systematic = out[i].Students > 0 && out[i].StudentShare() >= r.pol.SystematicCoverage
	}
	return out
}

func containsInt32(xs []int32, x int32) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
