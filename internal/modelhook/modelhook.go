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
	FamilyPosition, StudentPosition, YoungestAt, ConsentHistoryAt, AppendConsentHistoryAt,
	AppendFamilyAttributes, FamiliesOfSchool, Validated, WithRecords,
	WithDerived, Derived any
	// AppendStudentAttributes is a function, not a method: the rule of
	// AppendFamilyAttributes applied to students already found.
	AppendStudentAttributes any
}
