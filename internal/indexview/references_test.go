package indexview_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/internal/districtgen"
	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
)

// TestReferencesAreTheIDs: the positions a validated index keeps for each
// student's school, classes and teachers of record, and for each class's
// teachers, name the very ids the records list, in their order and with
// their repeats; EducatorsByID says whether the educators are in
// ascending id order. An index that lists positions lets its readers
// skip the ids, so a position that named another record would go
// unnoticed there.
func TestReferencesAreTheIDs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := districtgen.District(districtgen.Options{MaxSchools: 3, MaxStudentsPerSchool: 10, Sparse: true}).Draw(t, "district")
		var staff []model.EducatorID
		for _, e := range ds.Educators {
			staff = append(staff, e.ID)
		}
		for i := range ds.Students {
			if st := &ds.Students[i]; len(staff) > 0 && rapid.Bool().Draw(t, "more teachers") {
				st.Teachers = append(slices.Clone(st.Teachers), rapid.SampledFrom(staff).Draw(t, "teacher"))
				st.Teachers = append(st.Teachers, st.Teachers[0])
			}
		}
		for i := range ds.Classes {
			if cl := &ds.Classes[i]; len(staff) > 0 && rapid.Bool().Draw(t, "more class teachers") {
				cl.Teachers = append(slices.Clone(cl.Teachers), rapid.SampledFrom(staff).Draw(t, "class teacher"))
			}
		}
		if rapid.Bool().Draw(t, "educators reversed") {
			slices.Reverse(ds.Educators)
		}
		x, err := ds.ValidIndex()
		require.NoError(t, err)
		refs, ok := indexview.References(x)
		require.True(t, ok)
		require.Equal(t, len(ds.Students), refs.StudentClasses.Len())
		require.Equal(t, len(ds.Students), refs.StudentTeachers.Len())
		require.Equal(t, len(ds.Classes), refs.ClassTeachers.Len())
		require.Len(t, refs.StudentSchools, len(ds.Students))
		for i, st := range ds.Students {
			require.Equal(t, st.School, ds.Schools[refs.StudentSchools[i]].ID)
			requireNames(t, st.Classes, refs.StudentClasses.At(i), func(k int32) model.ClassID { return ds.Classes[k].ID })
			requireNames(t, st.Teachers, refs.StudentTeachers.At(i), func(k int32) model.EducatorID { return ds.Educators[k].ID })
		}
		for i, cl := range ds.Classes {
			requireNames(t, cl.Teachers, refs.ClassTeachers.At(i), func(k int32) model.EducatorID { return ds.Educators[k].ID })
		}
		byID := true
		for i := 1; i < len(ds.Educators); i++ {
			byID = byID && ds.Educators[i-1].ID < ds.Educators[i].ID
		}
		require.Equal(t, byID, refs.EducatorsByID)

		// A section that changes length leaves the positions behind.
		ds.Educators = append(ds.Educators, model.Educator{ID: "E-new"})
		_, ok = indexview.References(x)
		require.False(t, ok, "an educator added since validation")
	})
}

// requireNames requires the positions at to name ids, in order.
func requireNames[ID comparable](t *rapid.T, ids []ID, at []int32, idAt func(int32) ID) {
	require.Len(t, at, len(ids))
	for j, k := range at {
		require.Equal(t, ids[j], idAt(k), "position %d", j)
	}
}

// TestRecordStudentsAreTheIDs: the positions a validated index keeps for
// the students each visit and invitation names name the very ids the
// records list, in their order; readers that take them skip the ids.
// Once Visits, Invitations or Students change length they are gone.
func TestRecordStudentsAreTheIDs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := districtgen.District(districtgen.Options{MaxSchools: 3, MaxStudentsPerSchool: 10, Sparse: true}).Draw(t, "district")
		x, err := ds.ValidIndex()
		require.NoError(t, err)
		refs, ok := indexview.RecordStudents(x)
		require.True(t, ok)
		require.Equal(t, len(ds.Visits), refs.VisitStudents.Len())
		require.Equal(t, len(ds.Invitations), refs.InvitationStudents.Len())
		studentAt := func(k int32) model.StudentID { return ds.Students[k].ID }
		for i, v := range ds.Visits {
			requireNames(t, v.Students, refs.VisitStudents.At(i), studentAt)
		}
		for i, inv := range ds.Invitations {
			requireNames(t, inv.Students, refs.InvitationStudents.At(i), studentAt)
		}

		// A section that changes length leaves the positions behind.
		switch rapid.IntRange(0, 2).Draw(t, "section") {
		case 0:
			ds.Visits = append(ds.Visits, model.Visit{ID: "V-new"})
		case 1:
			ds.Invitations = append(ds.Invitations, model.Invitation{ID: "I-new"})
		case 2:
			ds.Students = append(ds.Students, model.Student{ID: "ST-new"})
		}
		_, ok = indexview.RecordStudents(x)
		require.False(t, ok, "a record added since validation")
		_, ok = indexview.RecordStudents(indexview.WithRecords(x, ds))
		require.False(t, ok, "an index of records of its own")
	})
}
