package selection

import (
	"errors"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
)

// withMoreRefs returns a copy of ds in which, drawn record by record,
// students have several classes and teachers of record and classes
// several teachers, some named twice, and whose educators may be
// recorded out of id order: what a national year's records have
// (students with four classes and teachers) and a sound dataset may
// have besides. Every id it adds names a record of ds, so a sound ds
// stays sound.
func withMoreRefs(t *rapid.T, ds *model.Dataset) *model.Dataset {
	c := *ds
	var staff []model.EducatorID
	for _, e := range ds.Educators {
		staff = append(staff, e.ID)
	}
	var classes []model.ClassID
	for _, cl := range ds.Classes {
		classes = append(classes, cl.ID)
	}
	c.Students = slices.Clone(ds.Students)
	for i := range c.Students {
		st := &c.Students[i]
		if len(staff) > 0 && rapid.IntRange(0, 2).Draw(t, "more teachers") == 0 {
			st.Teachers = slices.Clone(st.Teachers)
			for range rapid.IntRange(1, 3).Draw(t, "teachers added") {
				st.Teachers = append(st.Teachers, rapid.SampledFrom(staff).Draw(t, "teacher"))
			}
			if rapid.Bool().Draw(t, "teacher named twice") {
				st.Teachers = append(st.Teachers, st.Teachers[0])
			}
		}
		if len(classes) > 0 && rapid.IntRange(0, 2).Draw(t, "more classes") == 0 {
			st.Classes = slices.Clone(st.Classes)
			for range rapid.IntRange(1, 3).Draw(t, "classes added") {
				st.Classes = append(st.Classes, rapid.SampledFrom(classes).Draw(t, "class"))
			}
			if rapid.Bool().Draw(t, "class named twice") {
				st.Classes = append(st.Classes, st.Classes[0])
			}
		}
	}
	c.Classes = slices.Clone(ds.Classes)
	for i := range c.Classes {
		cl := &c.Classes[i]
		if len(staff) > 0 && rapid.IntRange(0, 2).Draw(t, "class teachers") == 0 {
			cl.Teachers = slices.Clone(cl.Teachers)
			for range rapid.IntRange(1, 3).Draw(t, "class teachers added") {
				cl.Teachers = append(cl.Teachers, rapid.SampledFrom(staff).Draw(t, "class teacher"))
			}
		}
	}
	if rapid.IntRange(0, 2).Draw(t, "educators out of id order") == 0 {
		c.Educators = slices.Clone(ds.Educators)
		slices.Reverse(c.Educators)
	}
	return &c
}

// drawIndexed draws a sound dataset with more references (withMoreRefs)
// and its index: the one validation builds, which numbers teachers and
// classes by position, or — drawn — one that must look ids up: built by
// model.NewIndex, or validated before the dataset gained a class or an
// educator.
func drawIndexed(t *rapid.T) (*model.Dataset, *model.Index, bool) {
	ds := withMoreRefs(t, withOwnIDs(t, genDataset(12).Draw(t, "dataset")))
	if rapid.Bool().Draw(t, "reversed") {
		ds = shuffled(ds)
	}
	ix, err := ds.ValidIndex()
	require.NoError(t, err)
	_, byPosition := indexview.References(ix)
	require.True(t, byPosition, "a validated index has the positions")
	switch rapid.IntRange(0, 5).Draw(t, "index") {
	case 0:
		return ds, model.NewIndex(ds), false
	case 1:
		if len(ds.Educators) > 0 {
			ds.Educators = append(ds.Educators, model.Educator{ID: "E-new"})
			return ds, ix, false
		}
	case 2:
		if len(ds.Classes) > 0 {
			ds.Classes = append(ds.Classes, model.Class{ID: "C-new"})
			return ds, ix, false
		}
	}
	return ds, ix, true
}

// drawScope draws a scope over ds by school, grade, class and teacher.
func drawScope(t *rapid.T, ds *model.Dataset) Scope {
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
	for _, c := range ds.Classes {
		if rapid.IntRange(0, 5).Draw(t, "class") == 0 {
			sc.Classes = append(sc.Classes, c.ID)
		}
	}
	for _, e := range ds.Educators {
		if rapid.IntRange(0, 3).Draw(t, "teacher") == 0 {
			sc.Teachers = append(sc.Teachers, e.ID)
		}
	}
	return sc
}

// TestMatchAtAgreesWithOracle: matching a student by the positions of its
// classes and teachers (matchAt over a validated index) gives the
// oracle's membership and teachers, and numbers every teacher as the
// matcher that looks the ids up does, in the same order — for students
// with several classes and teachers, classes with several teachers, ids
// named twice, educators out of id order, and indexes that have no
// positions (NewIndex, or a dataset changed since validation), where
// matchAt falls back to the ids.
func TestMatchAtAgreesWithOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds, ix, byPosition := drawIndexed(t)
		sc := drawScope(t, ds)
		m := newMatcher(sc, ix)
		require.Equal(t, byPosition, m.byPosition)
		byID := newMatcher(sc, model.NewIndex(ds))
		require.False(t, byID.byPosition)
		buf := []int32{-7}
		for i := range ds.Students {
			st := &ds.Students[i]
			wantOK, want := matchOracle(ix, sc, st)
			ok, got := m.matchAt(i, st, buf)
			require.Equal(t, int32(-7), got[0], "student %s", st.ID)
			require.Equal(t, wantOK, ok, "student %s", st.ID)
			okByID, gotByID := byID.match(st, []int32{-7})
			require.Equal(t, okByID, ok, "student %s", st.ID)
			require.Equal(t, gotByID, got, "student %s: the numbers of the matcher by id", st.ID)
			if ok {
				require.Equal(t, len(want), len(got)-1, "student %s", st.ID)
				for j, id := range want {
					require.Equal(t, id, m.teacherID(got[1+j]), "student %s", st.ID)
				}
			}
		}
		// Asking only who is in scope (inScopeAt, as populations are
		// derived), in any order, by position or by id, gives the
		// oracle's membership.
		only, onlyByID := newMatcher(sc, ix), newMatcher(sc, model.NewIndex(ds))
		for _, i := range rapid.Permutation(rangeOf(len(ds.Students))).Draw(t, "asked in order") {
			st := &ds.Students[i]
			wantOK, _ := matchOracle(ix, sc, st)
			require.Equal(t, wantOK, only.inScopeAt(i, st), "student %s in scope", st.ID)
			require.Equal(t, wantOK, onlyByID.inScopeAt(i, st), "student %s in scope by id", st.ID)
		}
		require.Equal(t, byID.teachersMet(), m.teachersMet())
		for k := range int32(m.teachersMet()) {
			require.Equal(t, byID.teacherID(k), m.teacherID(k), "teacher %d", k)
			for j := range int32(m.teachersMet()) {
				require.Equal(t, byID.compareTeachers(k, j), m.compareTeachers(k, j), "teachers %d and %d", k, j)
			}
		}
		m.forget()
		require.Zero(t, m.teachersMet())
		for _, k := range m.teacherNo {
			require.Zero(t, k, "forget leaves no teacher numbered")
		}
		for _, k := range m.classNo {
			require.Zero(t, k, "forget leaves no class numbered")
		}
	})
}

// TestBuildPopulationByPositionAgreesWithOracle: a population built over
// a validated index, whose matcher numbers teachers and classes by
// position, is the oracle's and the one built over an index without
// positions — for the datasets and indexes of TestMatchAtAgreesWithOracle,
// and a matcher reused from one scope to the next, as the pool reuses it.
func TestBuildPopulationByPositionAgreesWithOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds, ix, _ := drawIndexed(t)
		for range rapid.IntRange(1, 3).Draw(t, "scopes") {
			sc := drawScope(t, ds)
			if rapid.Bool().Draw(t, "narrow scope") {
				sc.Classes, sc.Teachers = nil, nil
			}
			got := requireBuildIsOracleOver(t, ix, sc)
			// PopulationOf matches the students of the scope's schools
			// alone, without asking their school again: the same.
			of, err := PopulationOf(ix, sc)
			switch {
			case errors.Is(err, ErrInvalidScope):
			case got == nil:
				require.ErrorIs(t, err, ErrEmptyScope)
			default:
				require.NoError(t, err)
				requireSamePopulation(t, got, of)
			}
			want, _ := buildPopulation(model.NewIndex(ds), sc, allStudents(ds), false)
			requireSamePopulation(t, want, got)
		}
	})
}

// rangeOf returns 0, 1, … n-1.
func rangeOf(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}
