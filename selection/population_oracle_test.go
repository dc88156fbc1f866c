package selection

import (
	"cmp"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
)

// TestBuildPopulationAgreesWithOracle: the population built by grouping
// sorted matches is the one the plain version, a map of per-family lists,
// builds — for scopes by school, grade, class and teacher, students with
// and without teachers of record, ids shared or in copies of their own,
// families with children in both schools, students sharing attributes
// maps, candidates given in any order, and families recorded in id order
// (rows grouped by family position, groupByPosition), out of it or not
// (rows sorted by id).
func TestBuildPopulationAgreesWithOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := genDataset(12).Draw(t, "dataset")
		var staff []model.EducatorID
		for _, e := range ds.Educators {
			staff = append(staff, e.ID)
		}
		for i := range ds.Students {
			st := &ds.Students[i]
			if rapid.Bool().Draw(t, "teacher of record") {
				st.Teachers = []model.EducatorID{rapid.SampledFrom(staff).Draw(t, "teacher")}
			}
		}
		// Alike students share one attributes map, as decoded and
		// synthetic ones do: rows are coded once per alike family.
		for i := range ds.Students {
			if j := rapid.IntRange(-1, len(ds.Students)-1).Draw(t, "shares the map of"); j >= 0 {
				ds.Students[i].Attributes = ds.Students[j].Attributes
			}
		}
		ds = withOwnIDs(t, ds)
		if rapid.Bool().Draw(t, "reversed") {
			ds = shuffled(ds)
		}
		if len(ds.Families) > 1 && rapid.IntRange(0, 3).Draw(t, "families out of order") == 0 {
			ds.Families = slices.Clone(ds.Families)
			i := rapid.IntRange(1, len(ds.Families)-1).Draw(t, "family moved first")
			ds.Families[0], ds.Families[i] = ds.Families[i], ds.Families[0]
		}
		var sc Scope
		for _, s := range schoolIDs(ds) {
			if rapid.Bool().Draw(t, "school "+string(s)) {
				sc.Schools = append(sc.Schools, s)
			}
		}
		for _, g := range grades(ds) {
			if rapid.IntRange(0, 3).Draw(t, "grade") == 0 {
				sc.Grades = append(sc.Grades, g)
			}
		}
		if rapid.IntRange(0, 3).Draw(t, "by teacher") == 0 {
			sc.Teachers = []model.EducatorID{rapid.SampledFrom(staff).Draw(t, "scope teacher")}
		}
		if len(ds.Classes) > 0 && rapid.IntRange(0, 3).Draw(t, "by class") == 0 {
			sc.Classes = []model.ClassID{rapid.SampledFrom(ds.Classes).Draw(t, "scope class").ID}
		}
		requireBuildIsOracle(t, ds, sc)
	})
}

// TestOrderHitsIsIDOrder: the matched students of a population are put
// in the order of its rows — by family id, then student id — whether
// grouped by family position (orderHits' fast path, when the families
// are recorded in id order, with no id compared when a validated index
// says families and students are) or sorted by id (when some are out of
// order or not recorded at all), from candidates in any order.
func TestOrderHitsIsIDOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := genDataset(12).Draw(t, "dataset")
		if rapid.Bool().Draw(t, "reversed") {
			ds = shuffled(ds)
		}
		if len(ds.Families) > 1 && rapid.IntRange(0, 3).Draw(t, "families out of order") == 0 {
			ds.Families = slices.Clone(ds.Families)
			i := rapid.IntRange(1, len(ds.Families)-1).Draw(t, "family moved first")
			ds.Families[0], ds.Families[i] = ds.Families[i], ds.Families[0]
		}
		if len(ds.Families) > 0 && rapid.IntRange(0, 3).Draw(t, "family unrecorded") == 0 {
			i := rapid.IntRange(0, len(ds.Families)-1).Draw(t, "unrecorded family")
			ds.Families = slices.Delete(slices.Clone(ds.Families), i, i+1)
		}
		// A validated index tells whether families and students are in
		// id order, which spares the grouping its comparisons of ids.
		ix, inIDOrder := model.NewIndex(ds), false
		if rapid.Bool().Draw(t, "validated") {
			if vx, err := ds.ValidIndex(); err == nil {
				refs, ok := indexview.References(vx)
				ix, inIDOrder = vx, ok && refs.FamiliesByID && refs.StudentsByID
			}
		}
		var hits []hit
		for i := range ds.Students {
			if rapid.IntRange(0, 3).Draw(t, "out of scope") > 0 {
				hits = append(hits, hit{st: &ds.Students[i], pos: int32(i)})
			}
		}
		if rapid.Bool().Draw(t, "candidates out of position order") {
			// As a scope of several schools gives them: grouped by
			// sorting whole hits rather than numbers.
			hits = rapid.Permutation(hits).Draw(t, "candidates")
		}
		want := slices.Clone(hits)
		slices.SortStableFunc(want, func(a, b hit) int {
			return cmp.Or(strings.Compare(string(a.st.Family), string(b.st.Family)), strings.Compare(string(a.st.ID), string(b.st.ID)))
		})
		byPosition := orderHits(hits, indexview.StudentFamilies(ix), inIDOrder, nil)
		require.Len(t, hits, len(want))
		for i := range hits {
			require.Equal(t, want[i].st.Family, hits[i].st.Family, "row %d", i)
			require.Equal(t, want[i].st.ID, hits[i].st.ID, "student %d", i)
			if byPosition {
				k, _ := indexview.FamilyPosition(ix, hits[i].st.Family)
				require.Equal(t, int32(k), hits[i].fam, "family position %d", i)
			}
		}
	})
}

// populationOracle is buildPopulation as first written: each family's
// matched students and teachers gathered in a map, then sorted.
func populationOracle(ix *model.Index, sc Scope, candidates iter.Seq[*model.Student]) (*Population, error) {
	ds := ix.Dataset()
	type acc struct {
		students []model.StudentID
		matched  []*model.Student
		teachers []model.EducatorID
	}
	byFamily := map[model.FamilyID]*acc{}
	for st := range candidates {
		ok, t := matchOracle(ix, sc, st)
		if !ok {
			continue
		}
		a := byFamily[st.Family]
		if a == nil {
			a = &acc{}
			byFamily[st.Family] = a
		}
		a.students = append(a.students, st.ID)
		a.matched = append(a.matched, st)
		a.teachers = append(a.teachers, t...)
	}
	if len(byFamily) == 0 {
		return nil, &ScopeError{Key: "scope", Value: sc.String(), Err: ErrEmptyScope}
	}
	families := make([]model.FamilyID, 0, len(byFamily))
	for f := range byFamily {
		families = append(families, f)
	}
	slices.Sort(families)

	// One column of values per attribute name, found by a linear search:
	// a population has a handful of attributes.
	type column struct {
		name   string
		values []string
	}
	var cols []column
	var pairs []indexview.Attribute
	for row, f := range families {
		// The family's students in scope are those matched above: no
		// need to match them again.
		in := byFamily[f].matched
		pairs = indexview.AppendFamilyAttributes(pairs[:0], ix, f, func(st *model.Student) bool { return slices.Contains(in, st) })
		for _, a := range pairs {
			c := slices.IndexFunc(cols, func(c column) bool { return c.name == a.Name })
			if c < 0 {
				cols = append(cols, column{a.Name, make([]string, len(families))})
				c = len(cols) - 1
			}
			cols[c].values[row] = a.Value
		}
	}
	slices.SortFunc(cols, func(a, b column) int { return strings.Compare(a.name, b.name) })
	attrs := make([]string, len(cols))
	levels := make([][]string, len(cols))
	codes := make([][]uint32, len(cols))
	for a, c := range cols {
		attrs[a] = c.name
		levels[a], codes[a] = encodeColumn(c.name, c.values)
	}
	p := newPopulation(families, attrs, levels, codes)
	p.scope = sc
	p.teacherCap = ds.Policy.TeacherCap

	p.stuOff = make([]int32, len(families)+1)
	var teacherSet []model.EducatorID
	for row, f := range families {
		a := byFamily[f]
		slices.Sort(a.students)
		p.students = append(p.students, a.students...)
		p.stuOff[row+1] = int32(len(p.students))
		teacherSet = append(teacherSet, a.teachers...)
	}
	slices.Sort(teacherSet)
	p.teachers = slices.Compact(teacherSet)
	p.tOff = make([]int32, len(families)+1)
	for row, f := range families {
		t := byFamily[f].teachers
		slices.Sort(t)
		for _, id := range slices.Compact(t) {
			i, _ := slices.BinarySearch(p.teachers, id)
			p.tIdx = append(p.tIdx, int32(i))
		}
		p.tOff[row+1] = int32(len(p.tIdx))
	}
	return p, nil
}

// encodeColumn returns the sorted levels of a column, with "" (not
// recorded) first, and each row's level index.
func encodeColumn(attr string, col []string) ([]string, []uint32) {
	seen := map[string]uint32{"": 0}
	levels := []string{""}
	for _, v := range col {
		if _, ok := seen[v]; !ok {
			seen[v] = 0
			levels = append(levels, v)
		}
	}
	slices.SortFunc(levels[1:], func(a, b string) int { return compareLevels(attr, a, b) })
	for i, v := range levels {
		seen[v] = uint32(i)
	}
	codes := make([]uint32, len(col))
	for i, v := range col {
		codes[i] = seen[v]
	}
	return levels, codes
}

// TestAtoiIsStrconvAtoi: the level comparison's integer reading agrees
// with strconv.Atoi on every string, numbers or not.
func TestAtoiIsStrconvAtoi(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(rapid.StringMatching(`[+-]?[0-9]{0,20}`), rapid.String()).Draw(t, "s")
		n, ok := atoi(s)
		want, err := strconv.Atoi(s)
		require.Equal(t, err == nil, ok, "%q", s)
		if ok {
			require.Equal(t, want, n, "%q", s)
		}
	})
}

// TestBuildPopulationCodesAlikeFamiliesOnce: families whose students
// share attributes maps — alike in all but their ids, or but for one
// school or grade — get the oracle's attributes, though buildPopulation
// codes a family of one student once per map, grade and school: the
// youngest's values (ties of grade broken by id), a flag set by any
// sibling, the school of the youngest.
func TestBuildPopulationCodesAlikeFamiliesOnce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		// Few maps, grades and schools, so that many families are
		// alike but for their ids, or but for one school or grade.
		// Two values share their bytes' place, one a prefix of the
		// other: a code remembered by place must tell them apart.
		const language = "english"
		maps := []map[string]string{
			nil,
			{"ell": "yes", "home_language": "es"},
			{"ell": "no", "home_language": "en", "grade": "12"},
			{"home_language": language[:3]},
			{"ell": "yes", "home_language": language[:2]},
		}
		var sts []model.Student
		for f := range rapid.IntRange(1, 30).Draw(t, "families") {
			for s := range rapid.IntRange(1, 5).Draw(t, "students") {
				school := "S1"
				if rapid.IntRange(0, 3).Draw(t, "second school") == 0 {
					school = "S2"
				}
				sts = append(sts, student(fmt.Sprintf("ST%02d-%d", f, rapid.IntRange(0, 9).Draw(t, "id")*10+s),
					fmt.Sprintf("F%02d", f), school, rapid.IntRange(1, 2).Draw(t, "grade"), rapid.SampledFrom(maps).Draw(t, "attributes")))
			}
		}
		ds := district(sts)
		if rapid.Bool().Draw(t, "reversed") {
			ds = shuffled(ds)
		}
		sc := rapid.SampledFrom([]Scope{{}, {Schools: []model.SchoolID{"S1"}}, {Grades: []model.Grade{2}}}).Draw(t, "scope")
		requireBuildIsOracle(t, ds, sc)
	})
}

// requireBuildIsOracle requires buildPopulation over every student of ds
// to give what populationOracle gives for scope sc, error and all.
func requireBuildIsOracle(t require.TestingT, ds *model.Dataset, sc Scope) {
	requireBuildIsOracleOver(t, model.NewIndex(ds), sc)
}

// requireBuildIsOracleOver is requireBuildIsOracle over an index of the
// caller's, and returns the population built.
func requireBuildIsOracleOver(t require.TestingT, ix *model.Index, sc Scope) *Population {
	all := allStudents(ix.Dataset())
	want, wantErr := populationOracle(ix, sc, func(yield func(*model.Student) bool) {
		for _, st := range all {
			if !yield(st) {
				return
			}
		}
	})
	got, gotErr := buildPopulation(ix, sc, all, false)
	require.Equal(t, wantErr, gotErr)
	requireSamePopulation(t, want, got)
	if got != nil {
		// The positions its teachers are worked out from are those of
		// its students.
		require.Len(t, got.at, len(got.students))
		for i, pos := range got.at {
			require.Equal(t, got.students[i], ix.Dataset().Students[pos].ID)
		}
	}
	return got
}

// requireSamePopulation requires populations want and got to hold the
// same families, attributes, students and candidate teachers. A
// population derived from an index works its teachers out when they are
// first read: each is asked for them first, and where it would work them
// out from is not compared.
func requireSamePopulation(t require.TestingT, want, got *Population, msgAndArgs ...any) {
	require.Equal(t, contentsOf(want), contentsOf(got), msgAndArgs...)
}

// populationContents is what a population holds, its candidate teachers
// worked out.
type populationContents struct {
	scope      Scope
	families   []model.FamilyID
	attrs      []string
	levels     [][]string
	codes      [][]uint32
	stuOff     []int32
	students   []model.StudentID
	teachers   []model.EducatorID
	tOff, tIdx []int32
	teacherCap int
}

// contentsOf returns what p holds; nil for a nil p.
func contentsOf(p *Population) *populationContents {
	if p == nil {
		return nil
	}
	p.withTeachers()
	return &populationContents{p.scope, p.families, p.attrs, p.levels, p.codes, p.stuOff, p.students, p.teachers, p.tOff, p.tIdx, p.teacherCap}
}

// allStudents yields every student of ds with its position.
func allStudents(ds *model.Dataset) iter.Seq2[int, *model.Student] {
	return func(yield func(int, *model.Student) bool) {
		for i := range ds.Students {
			if !yield(i, &ds.Students[i]) {
				return
			}
		}
	}
}
