// Package byid finds a dataset's records by id, for the code that edits a
// dataset in place — the practicestest generators' mutations and the
// tests that break one record on purpose: each function returns a pointer
// into the dataset's own slice, or nil when no record has the id. (A
// checker reads through model.Index instead, built once for many
// look-ups.)
package byid

import "github.com/homevisits/pthv/model"

// find returns a pointer to the element of xs whose id is want, or nil.
func find[T any, ID comparable](xs []T, want ID, id func(*T) ID) *T {
	for i := range xs {
		if id(&xs[i]) == want {
			return &xs[i]
		}
	}
	return nil
}

// Visit returns ds's visit id, or nil.
func Visit(ds *model.Dataset, id model.VisitID) *model.Visit {
	return find(ds.Visits, id, func(v *model.Visit) model.VisitID { return v.ID })
}

// Educator returns ds's educator id, or nil.
func Educator(ds *model.Dataset, id model.EducatorID) *model.Educator {
	return find(ds.Educators, id, func(e *model.Educator) model.EducatorID { return e.ID })
}

// Invitation returns ds's invitation id, or nil.
func Invitation(ds *model.Dataset, id model.InvitationID) *model.Invitation {
	return find(ds.Invitations, id, func(i *model.Invitation) model.InvitationID { return i.ID })
}

// Family returns ds's family id, or nil.
func Family(ds *model.Dataset, id model.FamilyID) *model.Family {
	return find(ds.Families, id, func(f *model.Family) model.FamilyID { return f.ID })
}

// Student returns ds's student id, or nil.
func Student(ds *model.Dataset, id model.StudentID) *model.Student {
	return find(ds.Students, id, func(s *model.Student) model.StudentID { return s.ID })
}

// School returns ds's school id, or nil.
func School(ds *model.Dataset, id model.SchoolID) *model.School {
	return find(ds.Schools, id, func(s *model.School) model.SchoolID { return s.ID })
}

// Communication returns ds's message id, or nil.
func Communication(ds *model.Dataset, id model.CommunicationID) *model.Communication {
	return find(ds.Communications, id, func(c *model.Communication) model.CommunicationID { return c.ID })
}
