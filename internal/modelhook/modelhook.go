// Package modelhook carries what package model's [model.Index] keeps to
// itself to the module's own packages, which walk a dataset by position:
// package model fills in [Index] when it is initialised, and package
// indexview gives its values their types. Only model and indexview import
// it; everyone else imports indexview.
//
// It exists because indexview must import model (its functions take a
// *model.Index) while model cannot import indexview: the types below,
// which hold no model type, live here so that both can name them.
//
// [model.Index]: https://pkg.go.dev/github.com/homevisits/pthv/model#Index
package modelhook

// FamilyRecords are the positions, in the dataset's sections, of one
// family's records, each in dataset order.
type FamilyRecords struct {
	Students, Invitations, Visits, Withdrawals, Communications []int32
}

// Attribute is one attribute of a family: a name and its value.
type Attribute struct {
	Name, Value string
}

// PointersAt returns pointers to the records at positions at of items —
// the positions [FamilyRecords] holds — or nil when at is empty or holds a
// position out of range of items.
func PointersAt[T any](items []T, at []int32) []*T {
	if len(at) == 0 {
		return nil
	}
	out := make([]*T, len(at))
	for i, k := range at {
		if k < 0 || int(k) >= len(items) {
			return nil
		}
		out[i] = &items[k]
	}
	return out
}

// Index holds package model's unexported methods of *model.Index as
// method expressions (func(*model.Index, …) …), set by model's init;
// indexview asserts each to its type once.
var Index struct {
	FamilyRecordsAt, FamilyRecordsInto, StudentSchoolAt, VisitFamilyAt, YearBounds, StudentFamilies, StudentsOfSchool,
	FamilyPosition, StudentPosition, PlanPosition, YoungestAt, ConsentHistoryAt, AppendConsentHistoryAt,
	AppendFamilyAttributes, FamiliesOfSchool, Validated, WithRecords,
	WithDerived, Derived, PeopleRefs, RecordRefs any
	// AppendStudentAttributes is a function, not a method: the rule of
	// AppendFamilyAttributes applied to students already found.
	AppendStudentAttributes any
}

// Lists are lists of positions, one per record of a section, in two flat
// arrays (compressed rows): record i's list is Items[Start[i]:Start[i+1]].
// A record's references read this way cost two loads from arrays without
// pointers, rather than a walk through its slice of ids and a lookup of
// each by its text.
type Lists struct {
	Start, Items []int32
}

// At returns the list of record i, nil when i is out of range.
func (l Lists) At(i int) []int32 {
	if i < 0 || i >= len(l.Start)-1 {
		return nil
	}
	return l.Items[l.Start[i]:l.Start[i+1]]
}

// Len returns the number of records the lists are of.
func (l Lists) Len() int { return max(len(l.Start)-1, 0) }

// PeopleRefs are the positions validation found for the references
// between people: the school, the classes and the teachers of record of
// each student, by position in Classes and Educators, and the teachers of
// each class — each list in the order of the ids it stands for,
// repeats kept. EducatorsByID, FamiliesByID and StudentsByID are set
// when the dataset's Educators, Families and Students are in strictly
// ascending id order, so that ordering them by position orders them by
// id, without comparing any text.
type PeopleRefs struct {
	// StudentSchools is the position in Schools of each student's school.
	StudentSchools                                 []int32
	StudentClasses, StudentTeachers, ClassTeachers Lists
	EducatorsByID, FamiliesByID, StudentsByID      bool
}

// RecordRefs are the positions validation found for the students each
// visit and each invitation names, by position in Students, each list in
// the order of the record's ids.
type RecordRefs struct {
	VisitStudents, InvitationStudents Lists
}
