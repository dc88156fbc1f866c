package practices

// coverages counts each school's students and families, and those a visit
// that took place concerned: the students it names (every student of the
// family when it names none), and a family in each school where such a
// visit concerned one of its students. Coverage is a report figure, never
// a finding: a coverage finding would act as the quota the seeds warn
// against.
func (r *run) coverages() []Coverage {
	out := make([]Coverage, r.cols())
	for _, s := range r.studentSchool {
		out[s].Students++
	}
	for k := range r.families {
		for _, s := range r.families[k].schools {
			out[s].Families++
		}
	}
	visited := make([]bool, len(r.ds.Students))
	for i := range r.visits {
		if r.tookPlaceAt(int32(i)) {
			for _, st := range r.visits[i].concerned {
				if !visited[st] {
					visited[st] = true
					out[r.studentSchool[st]].StudentsVisited++
				}
			}
		}
	}
	// A family is visited in a school when a visit concerned one of its
	// students there.
	var schools []int32
	for _, k := range r.active {
		schools = schools[:0]
		for _, st := range r.families[k].studentPos {
			if s := r.studentSchool[st]; visited[st] && !containsInt32(schools, s) {
				schools = append(schools, s)
				out[s].FamiliesVisited++
			}
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
