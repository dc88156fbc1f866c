package practices

import "github.com/homevisits/pthv/model"

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
	for _, k := range r.active {
		f := &r.families[k]
		var schools []int32
		for _, vf := range f.lifeFacts {
			if !r.tookPlace(vf) {
				continue
			}
			recs := r.x.FamilyRecordsAt(int(k))
			for i, st := range recs.Students {
				if !model.Concerns(vf.v, f.students[i]) {
					continue
				}
				s := r.studentSchool[st]
				if !visited[st] {
					visited[st] = true
					out[s].StudentsVisited++
				}
				if !containsInt32(schools, s) {
					schools = append(schools, s)
					out[s].FamiliesVisited++
				}
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
