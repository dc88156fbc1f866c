package selection

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// matchOracle is matcher.match spelled out: whether st is in scope sc,
// and its teachers within the scope — its teachers of record, then its
// in-scope classes' teachers, each once, kept to the scope's teachers
// when it names any.
func matchOracle(ix *model.Index, sc Scope, st *model.Student) (bool, []model.EducatorID) {
	if len(sc.Schools) > 0 && !slices.Contains(sc.Schools, st.School) ||
		len(sc.Grades) > 0 && !slices.Contains(sc.Grades, st.Grade) ||
		len(sc.Classes) > 0 && !slices.ContainsFunc(st.Classes, func(c model.ClassID) bool { return slices.Contains(sc.Classes, c) }) {
		return false, nil
	}
	var out []model.EducatorID
	add := func(t model.EducatorID) {
		if (len(sc.Teachers) == 0 || slices.Contains(sc.Teachers, t)) && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	for _, t := range st.Teachers {
		add(t)
	}
	for _, c := range st.Classes {
		if len(sc.Classes) > 0 && !slices.Contains(sc.Classes, c) {
			continue
		}
		if cl, ok := ix.Class(c); ok {
			for _, t := range cl.Teachers {
				add(t)
			}
		}
	}
	if len(sc.Teachers) > 0 && len(out) == 0 {
		return false, out
	}
	return true, out
}

// TestMatchAgreesWithOracle: for scopes by school, grade, class and
// teacher, every student's membership and teachers are the oracle's,
// whatever the students asked about before (the matcher remembers
// classes, teachers and the last school), and whether records share one
// copy of each id or hold copies of their own (the matcher finds an id
// by where its bytes are before it hashes it).
func TestMatchAgreesWithOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := genDataset(12).Draw(t, "dataset")
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
			if rapid.IntRange(0, 2).Draw(t, "teacher") == 0 {
				sc.Teachers = append(sc.Teachers, e.ID)
			}
		}
		ds = withOwnIDs(t, ds)
		ix := model.NewIndex(ds)
		m := newMatcher(sc, ix)
		buf := []int32{-7}
		for i := range ds.Students {
			st := &ds.Students[i]
			wantOK, want := matchOracle(ix, sc, st)
			ok, got := m.match(st, buf)
			require.Equal(t, int32(-7), got[0], "student %s", st.ID)
			require.Equal(t, wantOK, ok, "student %s", st.ID)
			if ok {
				require.Equal(t, len(want), len(got)-1, "student %s", st.ID)
				for j, id := range want {
					require.Equal(t, id, m.educators.ids[got[1+j]], "student %s", st.ID)
				}
			}
		}
	})
}
