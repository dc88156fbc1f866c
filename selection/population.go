package selection

import (
	"cmp"
	"iter"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
)

// Population is the families of a dataset that have at least one student in
// a [Scope], one row per family (a family with several students counts
// once), with the family's audit attributes as [model.Index.FamilyAttributes]
// derives them.
//
// A Population can only be derived from a dataset and a scope
// ([NewPopulation]), never handed in: a caller cannot narrow it by a student
// attribute first and then ask for a "cross-section" of what is left.
// Derive it once and reuse it: planning and auditing only read it, so one
// Population may serve several goroutines. Planning reads the dataset's
// students, classes and teachers again, the first time it asks who may
// visit the families: change none of them while the population is in
// use.
//
// A nil *Population, like the zero Population, has no families: its
// accessors return zero results and planning over it is an error.
type Population struct {
	scope Scope
	// families are sorted, and a family's row is found by a binary
	// search (Population.row): a map from family to row cost more to
	// build, for every family of every population, than the searches of
	// the few families a caller asks about save.
	families []model.FamilyID
	attrs    []string   // sorted
	levels   [][]string // per attribute; levels[a][0] is "" (not recorded)
	codes    [][]uint32 // per attribute, per row: index into levels[a]

	// In-scope students per row, as a compressed list.
	stuOff   []int32
	students []model.StudentID
	// Candidate teachers per row (indices into teachers), compressed.
	// A population derived from an index (from) works them out the
	// first time they are read (withTeachers), from the positions of
	// its students (at, in the order of students): planning reads
	// them, but auditing — what most populations are derived for —
	// never does, and gathering every matched student's teachers was
	// the larger part of matching them.
	teachersOnce sync.Once
	from         *model.Index
	at           []int32
	teachers     []model.EducatorID // sorted
	tOff         []int32
	tIdx         []int32
	// teacherCap is the dataset policy's TeacherCap.
	teacherCap int
}

// NewPopulation derives the population of ds within sc. It returns a
// [*ScopeError] wrapping [ErrInvalidScope] when sc names a school, class or
// teacher that ds does not have, and an error wrapping [ErrEmptyScope]
// when no student is in scope.
//
// A family's candidate teachers — who may be asked to visit it — are the
// teachers of record of its in-scope students and the teachers of their
// in-scope classes, kept to the scope's teachers when it names any. Its
// attributes come from its in-scope students only
// ([model.Index.FamilyAttributesAmong]).
func NewPopulation(ds *model.Dataset, sc Scope) (*Population, error) {
	if ds == nil {
		return nil, requestErr("no dataset")
	}
	return PopulationOf(model.NewIndex(ds), sc)
}

// PopulationOf is [NewPopulation] over an index the caller already has. When
// the scope names schools it reads only their students, so deriving many
// small populations of a large district stays cheap. An index of no
// dataset (nil or zero) is an error wrapping [ErrInvalidRequest].
func PopulationOf(ix *model.Index, sc Scope) (*Population, error) {
	if ix.Dataset() == nil {
		return nil, requestErr("no dataset indexed")
	}
	if err := sc.check(ix); err != nil {
		return nil, err
	}
	if v, ok := indexview.Derived(ix, indexview.PopulationKey(sc.String())); ok {
		// Handed on by the caller who derived it from these very people
		// (indexview.WithDerived): the simulator's plans, shared with the
		// check of the same year.
		if p, ok := v.(*Population); ok && p != nil {
			return p, nil
		}
	}
	if len(sc.Schools) == 0 {
		all := func(yield func(int, *model.Student) bool) {
			for i := range ix.Dataset().Students {
				if !yield(i, &ix.Dataset().Students[i]) {
					return
				}
			}
		}
		return buildPopulation(ix, sc, all, false)
	}
	// The students of the scope's schools, whose school need not be
	// asked again; those of a scope's one school, as most are, as the
	// index yields them, not through a second loop.
	schools := slices.Compact(slices.Sorted(slices.Values(sc.Schools)))
	if len(schools) == 1 {
		return buildPopulation(ix, sc, indexview.StudentsOfSchool(ix, schools[0]), true)
	}
	ofSchools := func(yield func(int, *model.Student) bool) {
		for _, s := range schools {
			for i, st := range indexview.StudentsOfSchool(ix, s) {
				if !yield(i, st) {
					return
				}
			}
		}
	}
	return buildPopulation(ix, sc, ofSchools, true)
}

// schoolPopulations derives the population of every school of the indexed
// dataset — what NewPopulation gives for the scope school=S — for callers
// that audit every school (the practices package does, for
// P4.cross-section). The result is aligned with the dataset's Schools; a
// school without students has a nil population. An index of no dataset
// (nil or zero) has no schools: the result is nil.
func schoolPopulations(ix *model.Index) []*Population {
	if ix.Dataset() == nil {
		return nil
	}
	schools := ix.Dataset().Schools
	out := make([]*Population, len(schools))
	for k, s := range schools {
		if p, err := PopulationOf(ix, Scope{Schools: []model.SchoolID{s.ID}}); err == nil {
			out[k] = p
		}
	}
	return out
}

// buildPopulation derives the population within sc from candidate
// students (a superset of those in scope), each with its position in the
// dataset's Students. ofSchools says that the candidates are students of
// the scope's schools (by the index), so that their school is not asked.
//
// It keeps one record per matched student, its candidate teachers as a
// run of one shared slice of teacher numbers, and groups them by family
// with a sort rather than a map of per-family lists: a national year
// derives 700 school populations at once, and allocating per family was
// the largest part of preparing its check. populationOracle
// (population_oracle_test.go) is the plain version a property compares
// it with.
func buildPopulation(ix *model.Index, sc Scope, candidates iter.Seq2[int, *model.Student], ofSchools bool) (*Population, error) {
	ds := ix.Dataset()
	// The matched students and their teachers are worked on here and
	// copied into the population: their arrays come from, and go back to,
	// a pool, so that deriving 700 school populations side by side grows
	// a few arrays rather than 700.
	scratch := populationScratchPool.Get().(*populationScratch)
	defer populationScratchPool.Put(scratch)
	m := &scratch.match
	m.reset(sc, ix)
	defer m.forget()
	if ofSchools {
		m.trustSchools()
	}
	hits := scratch.hits[:0]
	defer func() { clear(hits); scratch.hits = hits[:0] }()
	for pos, st := range candidates {
		if m.inScopeAt(pos, st) {
			hits = append(hits, hit{st: st, pos: int32(pos)})
		}
	}
	if len(hits) == 0 {
		return nil, &ScopeError{Key: "scope", Value: sc.String(), Err: ErrEmptyScope}
	}
	// By family, and within a family by student id: the order of the
	// population's rows and of each row's students.
	byPosition := orderHits(hits, indexview.StudentFamilies(ix), m.byPosition && m.refs.FamiliesByID && m.refs.StudentsByID, &scratch.sort)
	sameFamily := func(a, b *hit) bool {
		if byPosition {
			return a.fam == b.fam
		}
		return a.st.Family == b.st.Family
	}
	rowCount := 0
	for i := range hits {
		if i == 0 || !sameFamily(&hits[i], &hits[i-1]) {
			rowCount++
		}
	}
	families := make([]model.FamilyID, 0, rowCount)
	starts := scratch.starts[:0] // families[r]'s students are hits[starts[r]:starts[r+1]]
	defer func() { scratch.starts = starts[:0] }()
	for i := range hits {
		if i == 0 || !sameFamily(&hits[i], &hits[i-1]) {
			families = append(families, hits[i].st.Family)
			starts = append(starts, int32(i))
		}
	}
	starts = append(starts, int32(len(hits)))
	rows := func(r int) []hit { return hits[starts[r]:starts[r+1]] }

	// One column per attribute name, found by a linear search: a
	// population has a handful of attributes. A column codes its values
	// as it meets them, and its levels are sorted at the end.
	type column struct {
		name   string
		code   map[string]uint32
		levels []string // levels[0] is "", not recorded
		codes  []uint32
	}
	// Room for the usual handful of attributes and of levels each, so
	// that neither list grows step by step in every population.
	cols := make([]column, 0, 8)
	// codeOf returns the column of attribute a and the code of its
	// value, adding either when new.
	codeOf := func(a indexview.Attribute) cellCode {
		c := slices.IndexFunc(cols, func(c column) bool { return c.name == a.Name })
		if c < 0 {
			cols = append(cols, column{a.Name, map[string]uint32{"": 0}, append(make([]string, 0, 8), ""), make([]uint32, len(families))})
			c = len(cols) - 1
		}
		col := &cols[c]
		k, ok := col.code[a.Value]
		if !ok {
			k = uint32(len(col.levels))
			col.code[a.Value] = k
			col.levels = append(col.levels, a.Value)
		}
		return cellCode{int32(c), k}
	}
	// code is codeOf for an attribute met before in the same place, as
	// the names and values of students alike are.
	recent := &scratch.recentCells
	defer func() { *recent = [recentSlots]recentCell{} }()
	code := func(a indexview.Attribute) cellCode {
		if len(a.Name) == 0 || len(a.Value) == 0 {
			return codeOf(a)
		}
		name, value := unsafe.Pointer(unsafe.StringData(a.Name)), unsafe.Pointer(unsafe.StringData(a.Value))
		r := &recent[slotOf(uintptr(name)*31+uintptr(value))]
		if r.name == name && r.value == value && r.nName == len(a.Name) && r.nValue == len(a.Value) {
			return r.code
		}
		x := codeOf(a)
		*r = recentCell{name, value, len(a.Name), len(a.Value), x}
		return x
	}
	// A family with one student in scope takes that student's
	// attributes, grade and school, and students alike share one
	// Attributes map (as decoded and synthetic students do): such a row
	// is coded once per map, grade and school, and copied after.
	single := scratch.single
	clear(single)
	defer func() { clear(single); scratch.single = single }()
	if single == nil {
		single = map[singleKey][2]int32{}
	}
	cells := scratch.cells[:0]
	defer func() { scratch.cells = cells[:0] }()
	recentRows := &scratch.recentRows
	defer func() { *recentRows = [recentSlots]recentRow{} }()
	var pairs []indexview.Attribute
	// The family's students in scope are those matched above, in dataset
	// order for the attribute rule: no need to find and match them again.
	var run []hit
	var scoped []*model.Student
	for row := range families {
		if r := rows(row); len(r) == 1 {
			st := r[0].st
			key := singleKey{reflect.ValueOf(st.Attributes).UnsafePointer(), st.Grade, st.School}
			// A school's students share a few dozen keys: the slot by
			// where the map is answers most rows without hashing the
			// key, and the map those the slot has lost.
			slot := &recentRows[slotOf(uintptr(key.attrs)*31+uintptr(key.grade))]
			at := slot.at
			if !slot.full || slot.key != key {
				var ok bool
				at, ok = single[key]
				if !ok {
					scoped = append(scoped[:0], st)
					pairs = indexview.AppendStudentAttributes(pairs[:0], scoped)
					at[0] = int32(len(cells))
					for _, a := range pairs {
						cells = append(cells, code(a))
					}
					at[1] = int32(len(cells))
					single[key] = at
				}
				*slot = recentRow{key, at, true}
			}
			for _, x := range cells[at[0]:at[1]] {
				cols[x.col].codes[row] = x.code
			}
			continue
		}
		run = append(run[:0], rows(row)...)
		slices.SortFunc(run, func(a, b hit) int { return cmp.Compare(a.pos, b.pos) })
		scoped = scoped[:0]
		for _, h := range run {
			scoped = append(scoped, h.st)
		}
		pairs = indexview.AppendStudentAttributes(pairs[:0], scoped)
		for _, a := range pairs {
			x := code(a)
			cols[x.col].codes[row] = x.code
		}
	}
	slices.SortFunc(cols, func(a, b column) int { return strings.Compare(a.name, b.name) })
	attrs := make([]string, len(cols))
	levels := make([][]string, len(cols))
	codes := make([][]uint32, len(cols))
	for a, c := range cols {
		attrs[a] = c.name
		levels[a], codes[a] = sortLevels(c.name, c.levels, c.codes)
	}
	p := newPopulation(families, attrs, levels, codes)
	p.scope = sc
	p.teacherCap = ds.Policy.TeacherCap

	p.stuOff = make([]int32, len(families)+1)
	p.students = make([]model.StudentID, len(hits))
	p.at = make([]int32, len(hits))
	for i, h := range hits {
		p.students[i], p.at[i] = h.st.ID, h.pos
	}
	for row := range families {
		p.stuOff[row+1] = starts[row+1]
	}
	p.from = ix
	return p, nil
}

// withTeachers works out p's candidate teachers, once, and returns p:
// every reader of teachers, tOff and tIdx asks it first. A population
// built whole, not from an index, has them already.
func (p *Population) withTeachers() *Population {
	p.teachersOnce.Do(p.findTeachers)
	return p
}

// findTeachers works out the candidate teachers of a population derived
// from an index (withTeachers): it matches the population's students
// again, gathering their teachers this time, as numbers that it then
// ranks by id.
func (p *Population) findTeachers() {
	if p.from == nil || len(p.at) == 0 {
		return
	}
	ds := p.from.Dataset()
	scratch := populationScratchPool.Get().(*populationScratch)
	defer populationScratchPool.Put(scratch)
	m := &scratch.match
	m.reset(p.scope, p.from)
	defer m.forget()
	// mention[ends[i]:ends[i+1]] are the numbers of the teachers of
	// the population's student i.
	mention := scratch.mention[:0]
	defer func() { scratch.mention = mention[:0] }()
	ends := slices.Grow(scratch.ends[:0], len(p.at)+1)[:len(p.at)+1]
	defer func() { scratch.ends = ends[:0] }()
	ends[0] = 0
	for i, pos := range p.at {
		_, mention = m.matchAt(int(pos), &ds.Students[pos], mention)
		ends[i+1] = int32(len(mention))
	}
	// The teachers are numbered as the matcher met them, some only
	// through students out of scope: those a matched student has are
	// sorted by id, and each mention's number becomes the rank of its
	// teacher.
	met := m.teachersMet()
	rank := slices.Grow(scratch.rank[:0], met)[:met]
	defer func() { scratch.rank = rank[:0] }()
	const unused = -1
	for k := range rank {
		rank[k] = unused
	}
	order := scratch.order[:0] // the numbers of the teachers matched students have
	defer func() { scratch.order = order[:0] }()
	for _, k := range mention {
		if rank[k] == unused {
			rank[k] = 0
			order = append(order, k)
		}
	}
	if len(order) > 0 {
		slices.SortFunc(order, m.compareTeachers)
		p.teachers = make([]model.EducatorID, len(order))
		for r, k := range order {
			p.teachers[r] = m.teacherID(k)
			rank[k] = int32(r)
		}
		for i, k := range mention {
			mention[i] = rank[k]
		}
		// At most one index per matched student's teacher: no growing.
		p.tIdx = make([]int32, 0, len(mention))
	}
	p.tOff = make([]int32, len(p.families)+1)
	own := scratch.own[:0]
	defer func() { scratch.own = own[:0] }()
	for row := range p.families {
		own = append(own[:0], mention[ends[p.stuOff[row]]:ends[p.stuOff[row+1]]]...)
		slices.Sort(own)
		p.tIdx = append(p.tIdx, slices.Compact(own)...)
		p.tOff[row+1] = int32(len(p.tIdx))
	}
}

// hit is a student matched by a scope.
type hit struct {
	st  *model.Student
	pos int32 // st's position in the dataset's Students
	// fam is the position of st's family in the dataset's Families,
	// when groupByPosition grouped the hits.
	fam int32
}

// orderHits sorts hits by family id, and within a family by student id:
// by the positions of their families (families, by student position)
// when groupByPosition can, else by the ids' text. inIDOrder says that
// the dataset's Families and Students are each in ascending id order
// (indexview.References), which spares groupByPosition every
// comparison of ids. It reports whether the hits were grouped by
// position, their fam set. o holds the arrays it sorts with (nil: new
// ones).
func orderHits(hits []hit, families []int32, inIDOrder bool, o *hitOrder) (byPosition bool) {
	if groupByPosition(hits, families, inIDOrder, o) {
		return true
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if c := strings.Compare(string(a.st.Family), string(b.st.Family)); c != 0 {
			return c
		}
		return strings.Compare(string(a.st.ID), string(b.st.ID))
	})
	return false
}

// groupByPosition sorts hits into the population's order — by family id,
// and within a family by student id — comparing the positions of their
// families (families, by student position) rather than the ids' text,
// and reports whether it did. A population's families are then compared
// by id once each, to see that their positions are in id order too, as
// a decoded or synthetic dataset's are; and a family's few students by
// id. When any family is unknown to the index or out of id order, it
// leaves hits grouped by position but reports false, and the caller
// sorts them by id. When inIDOrder, families and students are in id
// order by position already: no id is compared.
//
// A school's students mostly come in the order of their families
// already, and then nothing is sorted. Otherwise, when the hits come in
// ascending student position (a scope's candidates do, school by
// school), they are sorted as numbers — family position over hit index,
// which is student position order within a family — and put in that
// order: a sort of whole hits with a function comparing them cost a
// national year's 700 school populations some 50 million instructions,
// five times as much.
func groupByPosition(hits []hit, families []int32, inIDOrder bool, o *hitOrder) bool {
	grouped, ascending := true, true
	for i := range hits {
		h := &hits[i]
		if int(h.pos) >= len(families) || families[h.pos] < 0 {
			return false
		}
		h.fam = families[h.pos]
		if i > 0 {
			prev := &hits[i-1]
			ascending = ascending && prev.pos < h.pos
			grouped = grouped && (prev.fam < h.fam || prev.fam == h.fam && prev.pos < h.pos)
		}
	}
	switch {
	case grouped:
	case ascending:
		if o == nil {
			o = new(hitOrder)
		}
		keys := o.keys[:0]
		for i, h := range hits {
			keys = append(keys, uint64(h.fam)<<32|uint64(i))
		}
		slices.Sort(keys)
		sorted := o.sorted[:0]
		for _, k := range keys {
			sorted = append(sorted, hits[uint32(k)])
		}
		copy(hits, sorted)
		clear(sorted) // no records kept
		o.keys, o.sorted = keys[:0], sorted[:0]
	default:
		slices.SortFunc(hits, func(a, b hit) int {
			if c := cmp.Compare(a.fam, b.fam); c != 0 {
				return c
			}
			return cmp.Compare(a.pos, b.pos)
		})
	}
	if inIDOrder {
		return true
	}
	for i, j := 0, 0; i < len(hits); i = j {
		for j = i + 1; j < len(hits) && hits[j].fam == hits[i].fam; j++ {
		}
		if i > 0 && hits[i-1].st.Family >= hits[i].st.Family {
			return false
		}
		if run := hits[i:j]; len(run) > 1 {
			slices.SortFunc(run, func(a, b hit) int { return strings.Compare(string(a.st.ID), string(b.st.ID)) })
		}
	}
	return true
}

// hitOrder holds the arrays groupByPosition sorts hits with, so that
// each population does not make its own.
type hitOrder struct {
	keys   []uint64
	sorted []hit
}

// populationScratch holds the arrays buildPopulation works in.
type populationScratch struct {
	match matcher
	hits  []hit
	sort  hitOrder
	// starts are where each row's hits start (buildPopulation).
	starts []int32
	// mention holds the number, then the rank, of each student's
	// teachers (findTeachers), those of student i from ends[i] to
	// ends[i+1]; rank is each number's rank, and order the numbers in
	// rank order.
	mention []int32
	ends    []int32
	rank    []int32
	order   []int32
	own     []int32
	// single and cells are the coded rows of families with one student
	// in scope: cells[single[k][0]:single[k][1]] for students alike by k.
	single map[singleKey][2]int32
	cells  []cellCode
	// recentRows are entries of single met lately, by where their
	// students' Attributes maps are and their grades.
	recentRows [recentSlots]recentRow
	// recentCells are the codes of attribute values met lately, by
	// where their names and values are.
	recentCells [recentSlots]recentCell
}

// recentCell is the code of the attribute whose name has nName bytes at
// name and whose value has nValue bytes at value.
type recentCell struct {
	name, value   unsafe.Pointer
	nName, nValue int
	code          cellCode
}

// singleKey is what the attributes of a family with one student in
// scope depend on: the student's Attributes map — by identity, as
// students alike share one — grade and school.
type singleKey struct {
	attrs  unsafe.Pointer
	grade  model.Grade
	school model.SchoolID
}

// recentRow is an entry of a population scratch's single: the coded
// row at of students alike by key; full is false in an empty slot.
type recentRow struct {
	key  singleKey
	at   [2]int32
	full bool
}

// cellCode is an attribute's column in a population being built and the
// code of its value there.
type cellCode struct {
	col  int32
	code uint32
}

var populationScratchPool = sync.Pool{New: func() any { return new(populationScratch) }}

// newPopulation builds a population from sorted, unique families and
// encoded attribute columns.
func newPopulation(families []model.FamilyID, attrs []string, levels [][]string, codes [][]uint32) *Population {
	return &Population{families: families, attrs: attrs, levels: levels, codes: codes}
}

// row returns the row of family f, and whether f is in the population.
func (p *Population) row(f model.FamilyID) (int32, bool) {
	i, ok := slices.BinarySearch(p.families, f)
	return int32(i), ok
}

// rowNear is row for a caller that asks in ascending order, as chosen
// lists usually are: near is the row after the last one found, and when
// f sorts after the family before it the search gallops on from there in
// doubling steps, so m sorted families of a large population cost about
// m·log(gap) comparisons instead of m·log(len). Otherwise it is row.
func (p *Population) rowNear(f model.FamilyID, near int) (int32, bool) {
	fs := p.families
	// Most often f is the very family at near (an audit's chosen list
	// walks the population's rows in order), and f shares its bytes with
	// it: equality is then settled by where the bytes are, without the
	// two or three comparisons of text the gallop would make. Families
	// are unique, so a family equal to fs[near] has no other row.
	if near >= 0 && near < len(fs) && fs[near] == f {
		return int32(near), true
	}
	if near <= 0 || near > len(fs) || fs[near-1] >= f {
		return p.row(f)
	}
	// fs[lo-1] < f throughout; stop at the first hi with fs[hi] >= f.
	lo, hi, step := near, near, 1
	for hi < len(fs) && fs[hi] < f {
		lo = hi + 1
		hi = lo + step
		step *= 2
	}
	i, ok := slices.BinarySearch(fs[lo:min(hi+1, len(fs))], f)
	return int32(lo + i), ok
}

// sortLevels sorts the levels of a column coded in the order its values
// were met (levels[0] is "", not recorded) and recodes its rows to match,
// in place: what encodeColumn gives for the column's values.
func sortLevels(attr string, levels []string, codes []uint32) ([]string, []uint32) {
	order := make([]uint32, len(levels)) // order[new] = old
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order[1:], func(a, b uint32) int { return compareLevels(attr, levels[a], levels[b]) })
	recode := make([]uint32, len(levels)) // recode[old] = new
	sorted := make([]string, len(levels))
	for n, o := range order {
		recode[o] = uint32(n)
		sorted[n] = levels[o]
	}
	for i, k := range codes {
		codes[i] = recode[k]
	}
	return sorted, codes
}

// compareLevels orders attribute values for output: grades PK, K, 1…12;
// whole numbers numerically; everything else as text.
func compareLevels(attr, a, b string) int {
	if attr == "grade" {
		ga, errA := parseGrade(a)
		gb, errB := parseGrade(b)
		if errA == nil && errB == nil {
			return cmp.Compare(ga, gb)
		}
	}
	na, okA := atoi(a)
	nb, okB := atoi(b)
	if okA && okB && na != nb {
		return cmp.Compare(na, nb)
	}
	return cmp.Compare(a, b)
}

// atoi is strconv.Atoi for a value that is mostly not a number: it tells
// so without making the error Atoi would allocate.
func atoi(s string) (int, bool) {
	digits := s
	if len(digits) > 0 && (digits[0] == '+' || digits[0] == '-') {
		digits = digits[1:]
	}
	if digits == "" || strings.IndexFunc(digits, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// Scope returns the scope the population was derived from.
func (p *Population) Scope() Scope {
	if p == nil {
		return Scope{}
	}
	return p.scope
}

// Len returns the number of families.
func (p *Population) Len() int {
	if p == nil {
		return 0
	}
	return len(p.families)
}

// Families returns the families, sorted by id.
func (p *Population) Families() []model.FamilyID {
	if p == nil {
		return nil
	}
	return slices.Clone(p.families)
}

// Contains reports whether family f is in the population.
func (p *Population) Contains(f model.FamilyID) bool {
	if p == nil {
		return false
	}
	_, ok := p.row(f)
	return ok
}

// Attributes returns the names of the attributes recorded for at least one
// family, sorted. They include "grade" and "school", which every family has.
func (p *Population) Attributes() []string {
	if p == nil {
		return nil
	}
	return slices.Clone(p.attrs)
}

// Levels returns the values attribute attr takes, in output order (grades
// PK, K, 1…12; numbers numerically; text alphabetically), without the
// empty "not recorded" value.
func (p *Population) Levels(attr string) []string {
	a, ok := p.attrIndex(attr)
	if !ok {
		return nil
	}
	return slices.Clone(p.levels[a][1:])
}

// Attribute returns family f's value of attr; ok is false when f is not in
// the population or the value is not recorded.
func (p *Population) Attribute(f model.FamilyID, attr string) (value string, ok bool) {
	if p == nil {
		return "", false
	}
	row, inPop := p.row(f)
	a, known := p.attrIndex(attr)
	if !inPop || !known {
		return "", false
	}
	v := p.levels[a][p.codes[a][row]]
	return v, v != ""
}

// Students returns family f's students in scope, sorted.
func (p *Population) Students(f model.FamilyID) []model.StudentID {
	if p == nil {
		return nil
	}
	row, ok := p.row(f)
	if !ok || p.stuOff == nil {
		return nil
	}
	return slices.Clone(p.students[p.stuOff[row]:p.stuOff[row+1]])
}

// studentsAt returns family f's students in scope, from the population's
// own array: those of rows[i] when rows is not nil (rows[i] is f's row),
// else found by f. It is nil when f is not in the population.
func (p *Population) studentsAt(rows []int32, i int, f model.FamilyID) []model.StudentID {
	if p == nil || p.stuOff == nil {
		return nil
	}
	var row int32
	if rows != nil {
		row = rows[i]
	} else if r, ok := p.row(f); ok {
		row = r
	} else {
		return nil
	}
	return p.students[p.stuOff[row]:p.stuOff[row+1]]
}

// AppendStudents appends family f's students in scope, sorted, to dst and
// returns it: [Population.Students] for a caller that reads the students
// of many families into one buffer. dst is returned as it is when f is
// not in the population.
func (p *Population) AppendStudents(dst []model.StudentID, f model.FamilyID) []model.StudentID {
	if p == nil {
		return dst
	}
	row, ok := p.row(f)
	if !ok || p.stuOff == nil {
		return dst
	}
	return append(dst, p.students[p.stuOff[row]:p.stuOff[row+1]]...)
}

// Teachers returns the educators who may be asked to visit family f: the
// teachers of its in-scope students, sorted.
func (p *Population) Teachers(f model.FamilyID) []model.EducatorID {
	if p == nil {
		return nil
	}
	row, ok := p.row(f)
	if !ok {
		return nil
	}
	p.withTeachers()
	var out []model.EducatorID
	for _, t := range p.candidates(row) {
		out = append(out, p.teachers[t])
	}
	return out
}

// candidates returns the teacher indices of a row.
func (p *Population) candidates(row int32) []int32 {
	if p.withTeachers().tOff == nil {
		return nil
	}
	return p.tIdx[p.tOff[row]:p.tOff[row+1]]
}

func (p *Population) attrIndex(attr string) (int, bool) {
	if p == nil {
		return 0, false
	}
	return slices.BinarySearch(p.attrs, attr)
}
