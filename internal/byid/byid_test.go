package byid_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/internal/byid"
	"github.com/homevisits/pthv/model"
)

// TestFindsTheRecordInPlace: each look-up returns a pointer into the
// dataset's own slice — an edit through it changes the dataset — for an
// id present, and nil for one absent or empty.
func TestFindsTheRecordInPlace(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 5).Draw(t, "n")
		ds := &model.Dataset{}
		for i := range n {
			s := string(rune('a' + i))
			ds.Visits = append(ds.Visits, model.Visit{ID: model.VisitID(s)})
			ds.Educators = append(ds.Educators, model.Educator{ID: model.EducatorID(s)})
			ds.Invitations = append(ds.Invitations, model.Invitation{ID: model.InvitationID(s)})
			ds.Families = append(ds.Families, model.Family{ID: model.FamilyID(s)})
			ds.Students = append(ds.Students, model.Student{ID: model.StudentID(s)})
			ds.Schools = append(ds.Schools, model.School{ID: model.SchoolID(s)})
			ds.Communications = append(ds.Communications, model.Communication{ID: model.CommunicationID(s)})
		}
		k := rapid.IntRange(0, 6).Draw(t, "k")
		s := string(rune('a' + k))
		if k >= n {
			require.Nil(t, byid.Visit(ds, model.VisitID(s)))
			require.Nil(t, byid.Educator(ds, model.EducatorID(s)))
			require.Nil(t, byid.Invitation(ds, model.InvitationID(s)))
			require.Nil(t, byid.Family(ds, model.FamilyID(s)))
			require.Nil(t, byid.Student(ds, model.StudentID(s)))
			require.Nil(t, byid.School(ds, model.SchoolID(s)))
			require.Nil(t, byid.Communication(ds, model.CommunicationID(s)))
			require.Nil(t, byid.Visit(ds, ""))
			return
		}
		require.Same(t, &ds.Visits[k], byid.Visit(ds, model.VisitID(s)))
		require.Same(t, &ds.Educators[k], byid.Educator(ds, model.EducatorID(s)))
		require.Same(t, &ds.Invitations[k], byid.Invitation(ds, model.InvitationID(s)))
		require.Same(t, &ds.Families[k], byid.Family(ds, model.FamilyID(s)))
		require.Same(t, &ds.Students[k], byid.Student(ds, model.StudentID(s)))
		require.Same(t, &ds.Schools[k], byid.School(ds, model.SchoolID(s)))
		require.Same(t, &ds.Communications[k], byid.Communication(ds, model.CommunicationID(s)))
	})
}
