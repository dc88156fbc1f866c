// Package indexview is the module's own view of a [model.Index]: the
// walks by position that the rules, the planners and the report need to
// keep per-record facts in slices instead of maps, and that embedders do
// not. model.Index keeps its public surface to lookups by id and a
// family's records; what is here is its plumbing, reachable only from
// inside this module.
//
// Positions are indexes into the dataset's sections (Families, Students,
// Visits, Schools) as the index was built; every function is safe on a nil
// or zero index and on positions out of range, which find nothing.
package indexview

import (
	"iter"

	"github.com/homevisits/pthv/internal/modelhook"
	"github.com/homevisits/pthv/model"
)

// FamilyRecords are the positions, in the dataset's sections, of one
// family's records, each in dataset order.
type FamilyRecords = modelhook.FamilyRecords

// Attribute is one attribute of a family: a name and its value.
type Attribute = modelhook.Attribute

// Lists are lists of positions, one per record of a section: record i's
// is At(i).
type Lists = modelhook.Lists

// PeopleRefs are the positions of the classes and teachers of record of
// each student and of the teachers of each class (see [References]).
type PeopleRefs = modelhook.PeopleRefs

// RecordRefs are the positions of the students each visit and invitation
// names (see [RecordStudents]).
type RecordRefs = modelhook.RecordRefs

var (
	familyRecordsAt         = modelhook.Index.FamilyRecordsAt.(func(*model.Index, int) FamilyRecords)
	familyRecordsInto       = modelhook.Index.FamilyRecordsInto.(func(*model.Index, []FamilyRecords, int))
	studentSchoolAt         = modelhook.Index.StudentSchoolAt.(func(*model.Index, int) int)
	visitFamilyAt           = modelhook.Index.VisitFamilyAt.(func(*model.Index, int) int)
	yearBounds              = modelhook.Index.YearBounds.(func(*model.Index) (int64, int64, bool))
	studentFamilies         = modelhook.Index.StudentFamilies.(func(*model.Index) []int32)
	studentsOfSchool        = modelhook.Index.StudentsOfSchool.(func(*model.Index, model.SchoolID) iter.Seq2[int, *model.Student])
	familyPosition          = modelhook.Index.FamilyPosition.(func(*model.Index, model.FamilyID) (int, bool))
	studentPosition         = modelhook.Index.StudentPosition.(func(*model.Index, model.StudentID) (int, bool))
	planPosition            = modelhook.Index.PlanPosition.(func(*model.Index, model.PlanID) (int, bool))
	youngestAt              = modelhook.Index.YoungestAt.(func(*model.Index, int) int)
	consentHistoryAt        = modelhook.Index.ConsentHistoryAt.(func(*model.Index, int) []model.ConsentChange)
	appendConsentHistoryAt  = modelhook.Index.AppendConsentHistoryAt.(func(*model.Index, []model.ConsentChange, int) []model.ConsentChange)
	appendFamilyAttributes  = modelhook.Index.AppendFamilyAttributes.(func(*model.Index, []Attribute, model.FamilyID, func(*model.Student) bool) []Attribute)
	appendStudentAttributes = modelhook.Index.AppendStudentAttributes.(func([]Attribute, []*model.Student) []Attribute)
	familiesOfSchool        = modelhook.Index.FamiliesOfSchool.(func(*model.Index, model.SchoolID) []model.FamilyID)
	validated               = modelhook.Index.Validated.(func(*model.Index) bool)
	withRecords             = modelhook.Index.WithRecords.(func(*model.Index, *model.Dataset) *model.Index)
	withDerived             = modelhook.Index.WithDerived.(func(*model.Index, map[string]any) *model.Index)
	derived                 = modelhook.Index.Derived.(func(*model.Index, string) (any, bool))
	peopleRefs              = modelhook.Index.PeopleRefs.(func(*model.Index) (PeopleRefs, bool))
	recordRefs              = modelhook.Index.RecordRefs.(func(*model.Index) (RecordRefs, bool))
)

// FamilyRecordsAt returns the records of the family at position k of the
// dataset's Families. Callers that walk every family use it instead of
// the lookups by id, which each hash the id.
func FamilyRecordsAt(x *model.Index, k int) FamilyRecords { return familyRecordsAt(x, k) }

// FamilyRecordsInto sets recs[j] to FamilyRecordsAt(x, lo+j) for each j:
// one call for a run of families, for a caller that reads them all.
func FamilyRecordsInto(x *model.Index, recs []FamilyRecords, lo int) { familyRecordsInto(x, recs, lo) }

// StudentSchoolAt returns the position in Schools of the school of the
// student at position i, or -1 when the school is unknown.
func StudentSchoolAt(x *model.Index, i int) int { return studentSchoolAt(x, i) }

// VisitFamilyAt returns the position in Families of the family of the
// visit at position i, or -1 when the family is unknown.
func VisitFamilyAt(x *model.Index, i int) int { return visitFamilyAt(x, i) }

// YearBounds returns the school year's bounds as Unix seconds — the first
// instant of its first day (summer included) and of the day after its
// last, in the calendar's zone — and whether an instant's second compared
// with them places it as its date in the zone would: false where the
// clocks change near a bound (the caller then works out the date), for a
// nil or zero index, and for a dataset with no school year.
func YearBounds(x *model.Index) (from, to int64, ok bool) { return yearBounds(x) }

// StudentFamilies returns the position in Families of each student's
// family, by the student's position in Students (-1 when the family is
// unknown): the index's own array, read-only, for a caller that groups
// many students by family without comparing their family ids. It is nil
// for a nil or zero index, or one of no students.
func StudentFamilies(x *model.Index) []int32 { return studentFamilies(x) }

// StudentsOfSchool yields the positions in Students and the records of
// the students of school s, in dataset order.
func StudentsOfSchool(x *model.Index, s model.SchoolID) iter.Seq2[int, *model.Student] {
	return studentsOfSchool(x, s)
}

// FamilyPosition returns the position of family id in the dataset's
// Families, so callers can keep per-family facts in a slice.
func FamilyPosition(x *model.Index, id model.FamilyID) (int, bool) { return familyPosition(x, id) }

// StudentPosition returns the position of student id in the dataset's
// Students, so callers can keep per-student facts in a slice.
func StudentPosition(x *model.Index, id model.StudentID) (int, bool) {
	return studentPosition(x, id)
}

// PlanPosition returns the position of plan id in the dataset's Plans
// (the first record of a repeated id), so callers can keep per-plan facts
// in a slice.
func PlanPosition(x *model.Index, id model.PlanID) (int, bool) { return planPosition(x, id) }

// YoungestAt is [model.Youngest] of the family at position k of Families:
// the position of its youngest student, or -1 when it has none.
func YoungestAt(x *model.Index, k int) int { return youngestAt(x, k) }

// Youngest returns family f's youngest student ([model.Youngest]).
func Youngest(x *model.Index, f model.FamilyID) (*model.Student, bool) {
	k, ok := familyPosition(x, f)
	if !ok {
		return nil, false
	}
	if i := youngestAt(x, k); i >= 0 {
		return &x.Dataset().Students[i], true
	}
	return nil, false
}

// ConsentHistoryAt is [model.Index.ConsentHistory] of the family at
// position k of the dataset's Families.
func ConsentHistoryAt(x *model.Index, k int) []model.ConsentChange { return consentHistoryAt(x, k) }

// AppendConsentHistoryAt appends ConsentHistoryAt(x, k) to dst and
// returns it: one buffer for many families' histories read in turn.
func AppendConsentHistoryAt(x *model.Index, dst []model.ConsentChange, k int) []model.ConsentChange {
	return appendConsentHistoryAt(x, dst, k)
}

// AppendFamilyAttributes appends the attributes family f takes from its
// students for which in returns true (all of them when in is nil) to dst,
// one per name in no particular order, and returns the extended slice —
// without building a map, for callers that tabulate many families and
// reuse dst. A family counts once in selection and audits, so this rule
// fixes the one row it contributes (RULES.md, P4.cross-section, "A
// family's value"): a yes/no flag is set if any qualifying student has it
// set — a family with one English learner is an English-learner family —
// and is otherwise the youngest qualifying student's value, or another
// qualifying student's "no" when the youngest has none; any other
// attribute, "grade" and "school" are the youngest qualifying student's.
// It appends nothing when no student qualifies.
func AppendFamilyAttributes(dst []Attribute, x *model.Index, f model.FamilyID, in func(*model.Student) bool) []Attribute {
	return appendFamilyAttributes(x, dst, f, in)
}

// AppendStudentAttributes is [AppendFamilyAttributes] for a caller that
// has found the family's students in scope already: scoped, in dataset
// order (of which a later student's flag spelling wins).
func AppendStudentAttributes(dst []Attribute, scoped []*model.Student) []Attribute {
	return appendStudentAttributes(dst, scoped)
}

// FamiliesOfSchool returns the families with a student at school s,
// sorted by id.
func FamiliesOfSchool(x *model.Index, s model.SchoolID) []model.FamilyID {
	return familiesOfSchool(x, s)
}

// Validated reports whether x was built by validation — by
// [model.Dataset.ValidIndex] or [model.DecodeIndex], of a structurally
// sound dataset — rather than by [model.NewIndex], which does not
// validate. It says nothing of changes made to the dataset since.
func Validated(x *model.Index) bool { return validated(x) }

// WithRecords returns the index of ds, a dataset that holds the very
// same people as the one x indexes (the same Schools, Classes, Educators,
// Students and Families slices, unchanged) and records of its own: it
// indexes the records and shares the people's maps with x, for a caller
// that plans again and again as its records grow. When ds's people are
// not x's, it is model.NewIndex(ds). x is not changed, and the result is
// not Validated.
func WithRecords(x *model.Index, ds *model.Dataset) *model.Index { return withRecords(x, ds) }

// WorkingHours returns educator e's working day by [model.WorkingHours],
// looking up e's school in x.
func WorkingHours(x *model.Index, e *model.Educator) model.Hours {
	var school *model.School
	if e != nil {
		school, _ = x.School(e.School)
	}
	return model.WorkingHours(e, school, x.Calendar())
}

// PointersAt returns pointers to the records at positions at of items, or
// nil when at is empty or holds a position out of range.
func PointersAt[T any](items []T, at []int32) []*T { return modelhook.PointersAt(items, at) }

// WithDerived returns a copy of x that carries values derived from the
// people x indexes, by key, for the packages that would derive them
// again from that index: the simulator hands the selection populations
// it drew its plans from to the check of the same year, whose audit
// asks for the same scopes (selection.PopulationOf looks them up with
// [Derived]). The caller vouches that each value is what its deriving
// function gives for x's dataset as it stands; m is not copied and must
// not change afterwards. x is not changed; a nil or zero x is returned
// as it is.
func WithDerived(x *model.Index, m map[string]any) *model.Index { return withDerived(x, m) }

// Derived returns the value [WithDerived] gave x under key.
func Derived(x *model.Index, key string) (any, bool) { return derived(x, key) }

// PopulationKey is the key under which selection.PopulationOf looks up,
// with [Derived], a population of the scope whose canonical form
// (selection.Scope.String) is scope.
func PopulationKey(scope string) string { return "selection.population:" + scope }

// References returns the positions validation found for what each
// student and class refers to: a student's classes (in Classes) and
// teachers of record (in Educators), and a class's teachers, each list
// in the order of the record's ids. A caller that walks many students'
// classes and teachers reads them so instead of looking up each id. ok
// is false — and the caller looks the ids up — for an index validation
// did not build or found unsound (nil, zero, [model.NewIndex],
// [WithRecords]), and when the dataset's Students, Classes or Educators
// have changed length since; every position of a result is in range of
// its section.
func References(x *model.Index) (refs PeopleRefs, ok bool) { return peopleRefs(x) }

// RecordStudents returns the positions in Students validation found for
// the students each visit and each invitation names, each list in the
// order of the record's ids. A caller that finds many records' students
// reads them so instead of comparing ids. ok is false — and the caller
// finds the ids as before — for an index validation did not build or
// found unsound (nil, zero, [model.NewIndex], [WithRecords]), and when
// the dataset's Students, Visits or Invitations have changed length
// since; every position of a result is in range of Students.
func RecordStudents(x *model.Index) (refs RecordRefs, ok bool) { return recordRefs(x) }
