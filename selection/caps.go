package selection

import (
	"slices"

	"github.com/homevisits/pthv/model"
)

// capCanBind reports whether some teacher has more candidate families in
// the population than cap, so that a cap could change which families a
// plan chooses.
func (p *Population) capCanBind(cap int) bool {
	p.withTeachers()
	count := make([]int, len(p.teachers))
	for _, t := range p.tIdx {
		count[t]++
		if count[t] > cap {
			return true
		}
	}
	return false
}

// assignTeachers asks one of each chosen family's candidate teachers to
// visit it, the least loaded first (ties to the lowest id), at most cap
// families per teacher when cap > 0. When the cap leaves a chosen family
// without a teacher, it looks for a repair that keeps every stratum's count:
// move families between their teachers, or swap a chosen family for
// another of the same stratum — an augmenting path in the flow network
// stratum → family → teacher → sink. It returns each row's teacher (-1 for
// none; nil when the population records no teachers) and each teacher's
// load.
func (p *Population) assignTeachers(chosen []bool, rowCell, perm, start []int32, cap int) ([]int32, []int32, error) {
	if len(p.withTeachers().teachers) == 0 {
		return nil, nil, nil
	}
	a := &assigner{
		p: p, chosen: chosen, rowCell: rowCell, perm: perm, start: start, cap: int32(cap),
		assign: make([]int32, len(p.families)),
		load:   make([]int32, len(p.teachers)),
	}
	deficit := make([]int, len(start)-1)
	short := 0
	for row, ok := range chosen {
		a.assign[row] = -1
		if !ok {
			continue
		}
		best := int32(-1)
		for _, t := range p.candidates(int32(row)) {
			if (cap == 0 || a.load[t] < a.cap) && (best < 0 || a.load[t] < a.load[best]) {
				best = t
			}
		}
		switch {
		case best >= 0:
			a.give(int32(row), best)
		case len(p.candidates(int32(row))) > 0:
			chosen[row] = false
			deficit[rowCell[row]]++
			short++
		}
	}
	if short == 0 {
		return a.assign, a.load, nil
	}
	// Only a repair moves families between teachers: each teacher's
	// families are listed now, in row order as given.
	a.byTeacher = make([][]int32, len(p.teachers))
	for row, t := range a.assign {
		if t >= 0 {
			a.byTeacher[t] = append(a.byTeacher[t], int32(row))
		}
	}
	a.mark = make([]int32, len(start)-1+len(p.families)+len(p.teachers))
	a.parent = make([]int32, len(a.mark))
	for progress := true; short > 0 && progress; {
		progress = false
		for c := range deficit {
			for deficit[c] > 0 && a.augment(int32(c)) {
				deficit[c]--
				short--
				progress = true
			}
		}
	}
	if short == 0 {
		return a.assign, a.load, nil
	}
	// The teachers reachable from a stratum still short are all at the
	// cap: they are the bottleneck.
	var names []model.EducatorID
	for c := range deficit {
		if deficit[c] > 0 {
			a.augment(int32(c))
			for t := range p.teachers {
				if a.mark[a.teacherNode(int32(t))] == a.stamp {
					names = append(names, p.teachers[t])
				}
			}
		}
	}
	slices.Sort(names)
	return nil, nil, &CapError{Cap: cap, Teachers: slices.Compact(names), Short: short}
}

type assigner struct {
	p                    *Population
	chosen               []bool
	rowCell, perm, start []int32
	cap                  int32
	assign, load         []int32
	byTeacher            [][]int32 // each teacher's families, listed once a repair starts
	// breadth-first search state: node marks (equal to stamp when
	// visited) and parents
	mark, parent []int32
	stamp        int32
	queue        []int32
}

// give asks teacher t to visit the family of row.
func (a *assigner) give(row, t int32) {
	a.assign[row] = t
	a.load[t]++
	if a.byTeacher != nil { // listed once a repair starts
		a.byTeacher[t] = append(a.byTeacher[t], row)
	}
}

func (a *assigner) take(row int32) {
	t := a.assign[row]
	if t < 0 {
		return
	}
	a.assign[row] = -1
	a.load[t]--
	list := a.byTeacher[t]
	i := slices.Index(list, row)
	list[i] = list[len(list)-1]
	a.byTeacher[t] = list[:len(list)-1]
}

// Node numbering: strata, then rows, then teachers.
func (a *assigner) rowNode(row int32) int32   { return int32(len(a.start)-1) + row }
func (a *assigner) teacherNode(t int32) int32 { return int32(len(a.start)-1+len(a.p.families)) + t }

// augment finds and applies a path that places one more family of stratum
// c, returning false when there is none.
func (a *assigner) augment(c int32) bool {
	a.stamp++
	nCells := int32(len(a.start) - 1)
	nRows := int32(len(a.p.families))
	visit := func(u, from int32) {
		if a.mark[u] != a.stamp {
			a.mark[u] = a.stamp
			a.parent[u] = from
			a.queue = append(a.queue, u)
		}
	}
	a.queue = a.queue[:0]
	visit(c, -1)
	end := int32(-1)
	for i := 0; i < len(a.queue) && end < 0; i++ {
		u := a.queue[i]
		switch {
		case u < nCells:
			// Choose another family of the stratum.
			for _, row := range a.perm[a.start[u]:a.start[u+1]] {
				if !a.chosen[row] {
					visit(a.rowNode(row), u)
				}
			}
		case u < nCells+nRows:
			row := u - nCells
			cand := a.p.candidates(row)
			if !a.chosen[row] && len(cand) == 0 {
				end = u // a family with no teacher needs no capacity
				break
			}
			for _, t := range cand {
				if t != a.assign[row] {
					visit(a.teacherNode(t), u)
				}
			}
			if a.chosen[row] {
				// Or give up this family for another of its stratum.
				visit(a.rowCell[row], u)
			}
		default:
			t := u - nCells - nRows
			if a.load[t] < a.cap {
				end = u
				break
			}
			for _, row := range a.byTeacher[t] {
				visit(a.rowNode(row), u)
			}
		}
	}
	if end < 0 {
		return false
	}
	var path []int32
	for u := end; u >= 0; u = a.parent[u] {
		path = append(path, u)
	}
	slices.Reverse(path)
	for i := 0; i+1 < len(path); i++ {
		u, w := path[i], path[i+1]
		switch {
		case u < nCells: // stratum → family: choose it
			a.chosen[w-nCells] = true
		case u < nCells+nRows && w < nCells: // family → stratum: unchoose it
			row := u - nCells
			a.take(row)
			a.chosen[row] = false
		case u < nCells+nRows: // family → teacher: (re)assign it
			row := u - nCells
			a.take(row)
			a.give(row, w-nCells-nRows)
		}
	}
	return true
}
