package model

import (
	"iter"

	"github.com/homevisits/pthv/internal/modelhook"
	"slices"
	"sync"
	"time"
)

// Index gives constant-time lookups into a [Dataset] by id, and the
// relations the rules and planners need (a family's students, a family's
// visits). Build it once with [NewIndex]; it reads the dataset and does not
// copy it, so rebuild it after changing the dataset.
//
// A nil *Index, like the zero Index, indexes no dataset: its lookups find
// nothing, its lists are empty, and Dataset returns nil.
type Index struct {
	ds       *Dataset
	schools  map[SchoolID]int
	families map[FamilyID]int
	// The sections no relation is built through are positioned by id on
	// their first lookup (see lazyIDs).
	classes   *lazyIDs[ClassID]
	educators *lazyIDs[EducatorID]
	students  *lazyIDs[StudentID]
	plans     *lazyIDs[PlanID]
	visits    *lazyIDs[VisitID]
	// family → positions, in dataset order
	familyStudents       relation
	familyVisits         relation
	familyInvitations    relation
	familyWithdrawals    relation
	familyCommunications relation
	schoolStudents       relation
	// valid is set on an index validation built (Dataset.ValidIndex).
	valid bool
	// year bounds the dataset's school year in its calendar's zone, for
	// the year of each answer in a consent history.
	year yearSpan
	// derived are values derived from the indexed people that a caller
	// who derived them already hands on (withDerived), by key; never
	// written after the index is built.
	derived map[string]any
	// people are the positions of what students and classes refer to,
	// as validation found them; nil in an index NewIndex built.
	people *peopleRefs
	// records are the positions of the students each visit and
	// invitation names, as validation found them; nil in an index
	// NewIndex built.
	records *recordRefs
}

// peopleRefs are the positions of the classes and teachers students
// list and of the teachers classes list (modelhook.PeopleRefs), and the
// numbers of educators and families there were then.
type peopleRefs struct {
	modelhook.PeopleRefs
	educators, families, schools int
}

// peopleRefsOf returns the positions validation found for the references
// between the people of x, and whether it has them: only an index that
// validation built of a sound dataset has, and only while the dataset's
// Students, Classes, Educators, Families and Schools have the lengths
// they had then, so that every position is in range. A caller that has them reads a
// student's classes and teachers by position instead of looking up
// their ids (selection derives 700 school populations from a national
// year's students so).
func (x *Index) peopleRefsOf() (modelhook.PeopleRefs, bool) {
	if !x.validated() || x.people == nil {
		return modelhook.PeopleRefs{}, false
	}
	p, ds := x.people, x.ds
	if p.StudentClasses.Len() != len(ds.Students) || p.StudentTeachers.Len() != len(ds.Students) ||
		p.ClassTeachers.Len() != len(ds.Classes) || p.educators != len(ds.Educators) || p.families != len(ds.Families) ||
		p.schools != len(ds.Schools) || len(x.schoolStudents.owner) != len(ds.Students) {
		return modelhook.PeopleRefs{}, false
	}
	refs := p.PeopleRefs
	refs.StudentSchools = x.schoolStudents.owner
	return refs, true
}

// recordRefs are the positions in Students of the students each visit
// and each invitation names (modelhook.RecordRefs), and the number of
// students there were then.
type recordRefs struct {
	modelhook.RecordRefs
	students int
}

// recordRefsOf returns the positions validation found for the students
// each visit and invitation of x names, and whether it has them: only an
// index that validation built of a sound dataset has, and only while the
// dataset's Students, Visits and Invitations have the lengths they had
// then, so that every position is in range (the guard of peopleRefsOf).
// A caller that has them reads a record's students by position instead
// of comparing their ids with those of the family's students, whose
// bytes are scattered over the heap: a national year's prepare compared
// 45,000 visits' and 80,000 invitations' ids so.
func (x *Index) recordRefsOf() (modelhook.RecordRefs, bool) {
	if !x.validated() || x.records == nil {
		return modelhook.RecordRefs{}, false
	}
	r, ds := x.records, x.ds
	if r.VisitStudents.Len() != len(ds.Visits) || r.InvitationStudents.Len() != len(ds.Invitations) ||
		r.students != len(ds.Students) {
		return modelhook.RecordRefs{}, false
	}
	return r.RecordRefs, true
}

// validated reports whether x was built by validation — by
// [Dataset.ValidIndex] or [DecodeIndex] — rather than by [NewIndex]. It is
// false for a nil or zero Index.
func (x *Index) validated() bool { return x != nil && x.valid }

// The module's own packages walk an index by position through
// internal/indexview; these are the methods it reaches.
func init() {
	h := &modelhook.Index
	h.FamilyRecordsAt = (*Index).familyRecordsAt
	h.FamilyRecordsInto = (*Index).familyRecordsInto
	h.StudentSchoolAt = (*Index).studentSchoolAt
	h.VisitFamilyAt = (*Index).visitFamilyAt
	h.YearBounds = (*Index).yearBounds
	h.StudentFamilies = (*Index).studentFamilies
	h.StudentsOfSchool = (*Index).studentsOfSchool
	h.FamilyPosition = (*Index).familyPosition
	h.StudentPosition = (*Index).studentPosition
	h.PlanPosition = (*Index).planPosition
	h.YoungestAt = (*Index).youngestAt
	h.ConsentHistoryAt = (*Index).consentHistoryAt
	h.AppendConsentHistoryAt = (*Index).appendConsentHistoryAt
	h.AppendFamilyAttributes = (*Index).appendFamilyAttributes
	h.AppendStudentAttributes = appendStudentAttributes
	h.FamiliesOfSchool = (*Index).familiesOfSchool
	h.Validated = (*Index).validated
	h.WithDerived = (*Index).withDerived
	h.Derived = (*Index).derivedValue
	h.WithRecords = (*Index).withRecords
	h.PeopleRefs = (*Index).peopleRefsOf
	h.RecordRefs = (*Index).recordRefsOf
}

// NewIndex indexes ds. Duplicate ids keep their first record (a validated
// dataset has none). A nil ds is indexed as an empty dataset.
func NewIndex(ds *Dataset) *Index {
	if ds == nil {
		ds = &Dataset{}
	}
	x := &Index{
		ds:        ds,
		schools:   byID(ds.Schools, func(v *School) SchoolID { return v.ID }),
		families:  byID(ds.Families, func(v *Family) FamilyID { return v.ID }),
		classes:   new(lazyIDs[ClassID]),
		educators: new(lazyIDs[EducatorID]),
		students:  new(lazyIDs[StudentID]),
		plans:     new(lazyIDs[PlanID]),
		visits:    new(lazyIDs[VisitID]),
		year:      ds.Year.spanOf(ds.Calendar.Location()),
	}
	x.link()
	return x
}

// withRecords returns the index of ds, a dataset that holds the people
// of the one x indexes — the very same Schools, Classes, Educators,
// Students and Families slices, their records unchanged — and records of
// its own: plans, visits, invitations, withdrawals and messages. It
// indexes those records and shares the rest with x, so that a caller
// that plans again and again as its records grow (the simulator plans a
// school's year some forty times) does not index its people each time.
// When ds's people are not x's (other slices, or other lengths), or x
// indexes no dataset, it is NewIndex(ds). The result does not change x
// and is not Valid.
func (x *Index) withRecords(ds *Dataset) *Index {
	if !x.ok() || ds == nil || !samePeople(x.ds, ds) {
		return NewIndex(ds)
	}
	y := newRecordsIndex()
	*y = Index{
		ds: ds, schools: x.schools, classes: x.classes, educators: x.educators,
		students: x.students, families: x.families,
		familyStudents: x.familyStudents, schoolStudents: x.schoolStudents,
		plans: y.plans, visits: y.visits, year: x.year,
	}
	if ds.Year != x.ds.Year || ds.Calendar.Location() != x.year.loc {
		y.year = ds.Year.spanOf(ds.Calendar.Location())
	}
	y.familyVisits = y.relateFrom(x.familyVisits, len(ds.Visits), func(i int) FamilyID { return ds.Visits[i].Family })
	y.familyInvitations = y.relateFrom(x.familyInvitations, len(ds.Invitations), func(i int) FamilyID { return ds.Invitations[i].Family })
	y.familyWithdrawals = y.relateFrom(x.familyWithdrawals, len(ds.Withdrawals), func(i int) FamilyID { return ds.Withdrawals[i].Family })
	y.familyCommunications = y.relateFrom(x.familyCommunications, len(ds.Communications), func(i int) FamilyID { return ds.Communications[i].Family })
	return y
}

// newRecordsIndex returns an empty Index whose plans and visits are
// positioned on first lookup, it and their lazyIDs in one allocation: a
// Planner makes one at every run.
func newRecordsIndex() *Index {
	r := new(struct {
		x      Index
		plans  lazyIDs[PlanID]
		visits lazyIDs[VisitID]
	})
	r.x.plans, r.x.visits = &r.plans, &r.visits
	return &r.x
}

// relateFrom is relate for an index whose people are those of the index
// prev was built in: a record at a position prev related keeps the family
// prev found for it when it still names that family, and only the others
// are looked up. A Planner relates the records of every run again, most
// of them the last run's at the same positions; comparing a family id
// with the one found costs less than hashing it. When every record is
// prev's, at the same position and of the same family, the relation is
// prev itself (relations are never written once built): a third of a
// Planner's runs find a section as the last run left it.
func (x *Index) relateFrom(prev relation, n int, familyOf func(int) FamilyID) relation {
	fams := x.ds.Families
	var owner []int32 // nil while the records so far are prev's
	for i := range n {
		f := familyOf(i)
		if i < len(prev.owner) {
			if k := prev.owner[i]; k >= 0 && int(k) < len(fams) && fams[k].ID == f {
				if owner != nil {
					owner[i] = k
				}
				continue
			}
		}
		k := int32(-1)
		if j, ok := x.families[f]; ok {
			k = int32(j)
		}
		if owner == nil && (i >= len(prev.owner) || prev.owner[i] != k) {
			owner = ownersWithRoom(n, len(fams))
			copy(owner, prev.owner[:i])
		}
		if owner != nil {
			owner[i] = k
		}
	}
	switch {
	case owner != nil:
	case n > 0 && n == len(prev.owner):
		return prev
	default: // prev's first n records, or none
		owner = ownersWithRoom(n, len(fams))
		copy(owner, prev.owner[:n])
	}
	return relateOwners(len(fams), owner)
}

// ownersWithRoom returns the owners of n records, to be filled, in an
// array with room after them for the relation relateOwners builds from
// them to count owners: one allocation for the three.
func ownersWithRoom(n, count int) []int32 {
	if n == 0 {
		return make([]int32, 0)
	}
	return make([]int32, n, n+count+2+n)
}

// withDerived returns a copy of x that carries values derived from its
// people, by key (see derivedValue); x is not changed. A nil or zero x
// is returned as it is.
func (x *Index) withDerived(m map[string]any) *Index {
	if !x.ok() {
		return x
	}
	y := *x
	y.derived = m
	return &y
}

// derivedValue returns the value withDerived gave x under key.
func (x *Index) derivedValue(key string) (any, bool) {
	if x == nil || x.derived == nil {
		return nil, false
	}
	v, ok := x.derived[key]
	return v, ok
}

// samePeople reports whether a and b hold the same slices of schools,
// classes, educators, students and families.
func samePeople(a, b *Dataset) bool {
	return sameSlice(a.Schools, b.Schools) && sameSlice(a.Classes, b.Classes) &&
		sameSlice(a.Educators, b.Educators) && sameSlice(a.Students, b.Students) &&
		sameSlice(a.Families, b.Families)
}

// sameSlice reports whether a and b are the same slice: the same length
// and, when not empty, the same first element.
func sameSlice[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// link builds the family relations from the id maps.
func (x *Index) link() {
	ds := x.ds
	x.familyStudents = x.relate(len(ds.Students), func(i int) FamilyID { return ds.Students[i].Family })
	x.familyVisits = x.relate(len(ds.Visits), func(i int) FamilyID { return ds.Visits[i].Family })
	x.familyInvitations = x.relate(len(ds.Invitations), func(i int) FamilyID { return ds.Invitations[i].Family })
	x.familyWithdrawals = x.relate(len(ds.Withdrawals), func(i int) FamilyID { return ds.Withdrawals[i].Family })
	x.familyCommunications = x.relate(len(ds.Communications), func(i int) FamilyID { return ds.Communications[i].Family })
	x.schoolStudents = relate(len(ds.Schools), x.schools, func(k int) SchoolID { return ds.Schools[k].ID },
		len(ds.Students), func(i int) SchoolID { return ds.Students[i].School })
}

// owners are the positions of the owners of records — each student's
// school and family, each visit's, invitation's, withdrawal's and
// message's family; -1 for none — as validation finds them.
type owners struct {
	studentSchool, studentFamily                                         []int32
	visitFamily, invitationFamily, withdrawalFamily, communicationFamily []int32
	// studentRefs are the positions of the classes and teachers of the
	// students of each chunk validation checks side by side, joined
	// into one list each by joinRefs; classTeachers those of each
	// class's teachers. educatorsByID is whether the educators are in
	// ascending id order.
	studentRefs   []studentRefs
	classTeachers modelhook.Lists
	// visitStudents and invitationStudents are the positions of the
	// students each visit and invitation names (recordRefs).
	visitStudents, invitationStudents modelhook.Lists
	educatorsByID                     bool
	familiesByID                      bool
}

// studentRefs are the positions of the classes and teachers of a run of
// students, as validation finds them: lists whose Start counts from the
// run's first student. byID is whether the run's students are in
// ascending id order, the first after the student before the run.
type studentRefs struct {
	classes, teachers modelhook.Lists
	byID              bool
}

// joinRefs joins the chunks' lists of each student's classes and teachers
// into one list each, for the index: validation checks the students in
// chunks side by side, and each chunk's positions are found in its own
// arrays.
func (own *owners) joinRefs(students int) *peopleRefs {
	join := func(of func(*studentRefs) modelhook.Lists) modelhook.Lists {
		n := 0
		for i := range own.studentRefs {
			n += len(of(&own.studentRefs[i]).Items)
		}
		l := modelhook.Lists{Start: make([]int32, 1, students+1), Items: make([]int32, 0, n)}
		for i := range own.studentRefs {
			part := of(&own.studentRefs[i])
			if len(part.Start) == 0 {
				continue
			}
			base := int32(len(l.Items))
			for _, s := range part.Start[1:] {
				l.Start = append(l.Start, base+s)
			}
			l.Items = append(l.Items, part.Items...)
		}
		return l
	}
	studentsByID := true
	for i := range own.studentRefs {
		studentsByID = studentsByID && own.studentRefs[i].byID
	}
	return &peopleRefs{
		PeopleRefs: modelhook.PeopleRefs{
			StudentClasses:  join(func(r *studentRefs) modelhook.Lists { return r.classes }),
			StudentTeachers: join(func(r *studentRefs) modelhook.Lists { return r.teachers }),
			ClassTeachers:   own.classTeachers,
			EducatorsByID:   own.educatorsByID,
			FamiliesByID:    own.familiesByID,
			StudentsByID:    studentsByID,
		},
	}
}

// linkOwners builds the relations from owners already found, all but
// familyStudents, which validation builds before the others to check
// the students records list.
func (x *Index) linkOwners(own *owners) {
	ds, families := x.ds, len(x.ds.Families)
	x.familyVisits = relateOwners(families, own.visitFamily)
	x.familyInvitations = relateOwners(families, own.invitationFamily)
	x.familyWithdrawals = relateOwners(families, own.withdrawalFamily)
	x.familyCommunications = relateOwners(families, own.communicationFamily)
	x.schoolStudents = relateOwners(len(ds.Schools), own.studentSchool)
}

// relation maps each family position to the positions of its records, in
// dataset order, in two flat arrays (compressed rows): one allocation per
// relation however many families there are. owner is the other way round:
// the owner position of each record, -1 for an unknown owner.
type relation struct {
	start []int32 // record positions of family k are items[start[k]:start[k+1]]
	items []int32
	owner []int32
}

// relate builds the relation from n records whose family is familyOf(i).
// Records of unknown families are left out.
func (x *Index) relate(n int, familyOf func(int) FamilyID) relation {
	fams := x.ds.Families
	return relate(len(fams), x.families, func(k int) FamilyID { return fams[k].ID }, n, familyOf)
}

// relate builds a relation from n records to the owners positioned by
// owners (there are count of them, idAt(k) the id of the one at k);
// ownerOf names a record's owner. A school's students and a family's
// come in runs, so each owner is looked for near the last (nearOwner)
// before it is looked up; owners holds every owner's id, each once, when
// it has count of them.
func relate[ID comparable](count int, owners map[ID]int, idAt func(int) ID, n int, ownerOf func(int) ID) relation {
	fam := ownersWithRoom(n, count)
	near := newNearOwner(count, idAt, len(owners) == count)
	for i := range n {
		id := ownerOf(i)
		k, ok := near.guess(id)
		if !ok {
			k = -1
			if j, ok := owners[id]; ok {
				k = j
			}
			near.found(id, k)
		}
		fam[i] = int32(k)
	}
	return relateOwners(count, fam)
}

// nearOwner finds the owner a record names where the last record's was:
// records come in runs of one owner's, mostly followed by the next
// owner's, and comparing an id there costs less than hashing it. It tries
// the owner last found, then the one after it — the latter only when
// unique says no two owners share an id, so that the owner whose id
// matches is the one a lookup by id finds. NewIndex (relate) and
// validation (follow) each ask it before their maps.
type nearOwner[ID comparable] struct {
	count  int
	idAt   func(int) ID // the id of the owner at a position
	unique bool
	last   ID
	at     int // the position of last; -1 before the first owner found
}

func newNearOwner[ID comparable](count int, idAt func(int) ID, unique bool) nearOwner[ID] {
	return nearOwner[ID]{count: count, idAt: idAt, unique: unique, at: -1}
}

// guess returns the position of the owner of id when it is the last one
// found or the one after it, and whether it was.
func (n *nearOwner[ID]) guess(id ID) (int, bool) {
	switch {
	case n.at < 0:
		return -1, false
	case id == n.last:
		return n.at, true
	case n.unique && n.at+1 < n.count && n.idAt(n.at+1) == id:
		n.last, n.at = id, n.at+1
		return n.at, true
	}
	return -1, false
}

// found records that the owner of id is at k (-1: none, which is not
// remembered), as a lookup found it.
func (n *nearOwner[ID]) found(id ID, k int) {
	if k >= 0 {
		n.last, n.at = id, k
	}
}

// relateOwners builds a relation from the owner position of each record
// (-1 for none) to count owners. It keeps fam as the relation's owners,
// and builds the relation's own arrays in the room after fam's length
// when its array has enough (ownersWithRoom), else in new ones.
func relateOwners(count int, fam []int32) relation {
	if len(fam) == 0 {
		// No records, no table: at finds nothing in an empty start. A
		// Planner's index relates each run's few records anew, some
		// sections empty, to hundreds of families.
		return relation{owner: fam}
	}
	room := fam[len(fam):cap(fam)]
	if len(room) < count+2+len(fam) {
		room = make([]int32, count+2+len(fam))
	}
	fam = fam[:len(fam):len(fam)]
	clear(room)
	rel := relation{start: room[: count+2 : count+2], owner: fam}
	for _, k := range fam {
		if k >= 0 {
			rel.start[k+2]++
		}
	}
	for k := 2; k < len(rel.start); k++ {
		rel.start[k] += rel.start[k-1]
	}
	end := count + 2 + int(rel.start[len(rel.start)-1])
	rel.items = room[count+2 : end : end]
	for i, k := range fam {
		if k >= 0 {
			rel.items[rel.start[k+1]] = int32(i)
			rel.start[k+1]++
		}
	}
	return rel
}

// ok reports whether x indexes a dataset: false for a nil or zero Index.
func (x *Index) ok() bool { return x != nil && x.ds != nil }

// of returns the record positions of family f.
func (x *Index) of(rel relation, f FamilyID) []int32 {
	k, ok := x.families[f]
	if !ok {
		return nil
	}
	return rel.at(k)
}

// at returns the record positions of the owner at position k.
func (rel relation) at(k int) []int32 {
	if k < 0 || k >= len(rel.start)-1 {
		return nil
	}
	return rel.items[rel.start[k]:rel.start[k+1]]
}

// familyRecords are the positions of one family's records.
type familyRecords = modelhook.FamilyRecords

// familyRecordsAt returns the records of the family at position k of the
// dataset's Families. Callers that walk every family use it instead of
// the lookups by id, which each hash the id. A position out of range has
// no records.
func (x *Index) familyRecordsAt(k int) familyRecords {
	if !x.ok() {
		return familyRecords{}
	}
	return familyRecords{
		Students:       x.familyStudents.at(k),
		Invitations:    x.familyInvitations.at(k),
		Visits:         x.familyVisits.at(k),
		Withdrawals:    x.familyWithdrawals.at(k),
		Communications: x.familyCommunications.at(k),
	}
}

// familyRecordsInto sets recs[j] to familyRecordsAt(lo+j) for each j, a
// run of families read in one call rather than one call each: a caller
// that walks a national year's families makes hundreds of thousands.
func (x *Index) familyRecordsInto(recs []familyRecords, lo int) {
	if !x.ok() {
		clear(recs)
		return
	}
	for j := range recs {
		k := lo + j
		recs[j] = familyRecords{
			Students:       x.familyStudents.at(k),
			Invitations:    x.familyInvitations.at(k),
			Visits:         x.familyVisits.at(k),
			Withdrawals:    x.familyWithdrawals.at(k),
			Communications: x.familyCommunications.at(k),
		}
	}
}

// studentSchoolAt returns the position in Schools of the school of the
// student at position i, or -1 when the school is unknown or i is out of
// range.
func (x *Index) studentSchoolAt(i int) int {
	if !x.ok() {
		return -1
	}
	return x.schoolStudents.ownerAt(i)
}

// studentFamilies returns the position in Families of each student's
// family, by the student's position (-1 for an unknown family): the
// index's own array, which callers must not change. It is nil for an
// index of no dataset, or of no students.
func (x *Index) studentFamilies() []int32 {
	if !x.ok() || len(x.ds.Students) == 0 || len(x.familyStudents.owner) != len(x.ds.Students) {
		return nil
	}
	return x.familyStudents.owner
}

// yearBounds returns the Unix seconds of the first instant of the
// dataset's school year and of the day after it, in the calendar's zone,
// and whether they stand for the year's days: not where the clocks change
// within two days of a bound, where midnight may not start the day
// (SchoolYear.spanOf). A nil or zero index, or one of a dataset with no
// school year, has no bounds.
func (x *Index) yearBounds() (from, to int64, ok bool) {
	if !x.ok() || x.ds.Year.FirstDay.IsZero() {
		return 0, 0, false
	}
	s := x.yearSpan()
	return s.from, s.to, s.set
}

// yearSpan returns the bounds the index was built with, or a span that is
// not set (YearOf itself answers) when the dataset's year or zone changed
// since.
func (x *Index) yearSpan() yearSpan {
	if loc := x.ds.Calendar.Location(); x.year.year != x.ds.Year || x.year.loc != loc {
		return yearSpan{year: x.ds.Year, loc: loc}
	}
	return x.year
}

// visitFamilyAt returns the position in Families of the family of the
// visit at position i, or -1 when the family is unknown or i is out of
// range.
func (x *Index) visitFamilyAt(i int) int {
	if !x.ok() {
		return -1
	}
	return x.familyVisits.ownerAt(i)
}

// ownerAt returns the owner position of record i, -1 when it has none or i
// is out of range.
func (rel relation) ownerAt(i int) int {
	if i < 0 || i >= len(rel.owner) {
		return -1
	}
	return int(rel.owner[i])
}

// studentsOfSchool yields the positions and records of the students of
// school s, in dataset order.
func (x *Index) studentsOfSchool(s SchoolID) iter.Seq2[int, *Student] {
	return func(yield func(int, *Student) bool) {
		if !x.ok() {
			return
		}
		k, ok := x.schools[s]
		if !ok {
			return
		}
		for _, i := range x.schoolStudents.at(k) {
			if !yield(int(i), &x.ds.Students[i]) {
				return
			}
		}
	}
}

// byID maps the ids of items to their positions, a repeated id to its
// first. It writes the items last to first, so that the first of a
// repeated id is written last and no id is hashed twice.
func byID[T any, ID comparable](items []T, id func(*T) ID) map[ID]int {
	m := make(map[ID]int, len(items))
	for i := len(items) - 1; i >= 0; i-- {
		m[id(&items[i])] = i
	}
	return m
}

// lazyIDs positions the records of one section by id, as byID does, on
// the first lookup rather than when the index is built. A Planner indexes
// its dataset's records at every run and looks up none of its plans or
// visits by id, and the simulator none of its students, classes or
// plans: building their maps every time was most of an index's cost.
// An index is read from many goroutines at once (the practices check's),
// so the map is built under a sync.Once. A nil *lazyIDs holds no ids.
type lazyIDs[ID comparable] struct {
	once sync.Once
	m    map[ID]int
}

// builtIDs returns a lazyIDs that holds m already: validation finds the
// ids as it checks them.
func builtIDs[ID comparable](m map[ID]int) *lazyIDs[ID] {
	l := &lazyIDs[ID]{m: m}
	l.once.Do(func() {})
	return l
}

// idsOf returns the map of l, built by byID over items the first
// time. Every call for one l passes the same items: those of the section
// it positions.
func idsOf[T any, ID comparable](l *lazyIDs[ID], items []T, id func(*T) ID) map[ID]int {
	if l == nil {
		return nil
	}
	l.once.Do(func() { l.m = byID(items, id) })
	return l.m
}

func (x *Index) classIDs() map[ClassID]int {
	return idsOf(x.classes, x.ds.Classes, func(v *Class) ClassID { return v.ID })
}

func (x *Index) educatorIDs() map[EducatorID]int {
	return idsOf(x.educators, x.ds.Educators, func(v *Educator) EducatorID { return v.ID })
}

func (x *Index) studentIDs() map[StudentID]int {
	return idsOf(x.students, x.ds.Students, func(v *Student) StudentID { return v.ID })
}

func (x *Index) planIDs() map[PlanID]int {
	return idsOf(x.plans, x.ds.Plans, func(v *Plan) PlanID { return v.ID })
}

func (x *Index) visitIDs() map[VisitID]int {
	return idsOf(x.visits, x.ds.Visits, func(v *Visit) VisitID { return v.ID })
}

func lookup[T any, ID comparable](m map[ID]int, items []T, id ID) (*T, bool) {
	i, ok := m[id]
	if !ok {
		return nil, false
	}
	return &items[i], true
}

// Dataset returns the indexed dataset; nil for a nil or zero Index.
func (x *Index) Dataset() *Dataset {
	if x == nil {
		return nil
	}
	return x.ds
}

// School returns the school with id.
func (x *Index) School(id SchoolID) (*School, bool) {
	if !x.ok() {
		return nil, false
	}
	return lookup(x.schools, x.ds.Schools, id)
}

// Class returns the class with id.
func (x *Index) Class(id ClassID) (*Class, bool) {
	if !x.ok() {
		return nil, false
	}
	return lookup(x.classIDs(), x.ds.Classes, id)
}

// Educator returns the educator with id.
func (x *Index) Educator(id EducatorID) (*Educator, bool) {
	if !x.ok() {
		return nil, false
	}
	return lookup(x.educatorIDs(), x.ds.Educators, id)
}

// Student returns the student with id.
func (x *Index) Student(id StudentID) (*Student, bool) {
	if !x.ok() {
		return nil, false
	}
	return lookup(x.studentIDs(), x.ds.Students, id)
}

// familyPosition returns the position of family id in the dataset's
// Families, so callers can keep per-family facts in a slice.
func (x *Index) familyPosition(id FamilyID) (int, bool) {
	if !x.ok() {
		return 0, false
	}
	i, ok := x.families[id]
	return i, ok
}

// Family returns the family with id.
func (x *Index) Family(id FamilyID) (*Family, bool) {
	if !x.ok() {
		return nil, false
	}
	return lookup(x.families, x.ds.Families, id)
}

// Plan returns the selection plan with id.
func (x *Index) Plan(id PlanID) (*Plan, bool) {
	if !x.ok() {
		return nil, false
	}
	return lookup(x.planIDs(), x.ds.Plans, id)
}

// Visit returns the visit with id.
func (x *Index) Visit(id VisitID) (*Visit, bool) {
	if !x.ok() {
		return nil, false
	}
	return lookup(x.visitIDs(), x.ds.Visits, id)
}

// StudentsOf returns the students of family f, in dataset order.
func (x *Index) StudentsOf(f FamilyID) []*Student {
	if !x.ok() {
		return nil
	}
	return modelhook.PointersAt(x.ds.Students, x.of(x.familyStudents, f))
}

// studentPosition returns the position of student id in the dataset's
// Students, so callers can keep per-student facts in a slice.
func (x *Index) studentPosition(id StudentID) (int, bool) {
	if !x.ok() {
		return 0, false
	}
	i, ok := x.studentIDs()[id]
	return i, ok
}

// planPosition returns the position of plan id in the dataset's Plans,
// the first record of a repeated id.
func (x *Index) planPosition(id PlanID) (int, bool) {
	if !x.ok() {
		return 0, false
	}
	i, ok := x.planIDs()[id]
	return i, ok
}

func each[T any](items []T, at []int32) iter.Seq[*T] {
	return func(yield func(*T) bool) {
		for _, k := range at {
			if !yield(&items[k]) {
				return
			}
		}
	}
}

// VisitsOf returns the visits to family f, in dataset order.
func (x *Index) VisitsOf(f FamilyID) []*Visit {
	if !x.ok() {
		return nil
	}
	return modelhook.PointersAt(x.ds.Visits, x.of(x.familyVisits, f))
}

// InvitationsOf returns the invitations of family f, in dataset order.
func (x *Index) InvitationsOf(f FamilyID) []*Invitation {
	if !x.ok() {
		return nil
	}
	return modelhook.PointersAt(x.ds.Invitations, x.of(x.familyInvitations, f))
}

// Youngest returns the student in the lowest grade among students (ties
// broken by id) — for a family's students, the student whose school and
// grade stand for the family. It returns false when students is empty.
func Youngest(students []*Student) (*Student, bool) {
	var best *Student
	for _, s := range students {
		if s != nil && (best == nil || youngerThan(s, best)) {
			best = s
		}
	}
	return best, best != nil
}

// youngestAt is [Youngest] of the students of the family at position k of Families:
// the position of its youngest student, or -1 when it has none (or k is
// out of range).
func (x *Index) youngestAt(k int) int {
	best := -1
	if !x.ok() {
		return best
	}
	for _, i := range x.familyStudents.at(k) {
		if best < 0 || youngerThan(&x.ds.Students[i], &x.ds.Students[best]) {
			best = int(i)
		}
	}
	return best
}

// youngerThan orders students by grade, then id.
func youngerThan(s, t *Student) bool {
	return s.Grade < t.Grade || (s.Grade == t.Grade && s.ID < t.ID)
}

// attribute is one attribute of a family: a name and its value.
type attribute = modelhook.Attribute

// appendFamilyAttributes appends the audit attributes of family f, derived
// from its students for which in returns true (all when in is nil), to
// dst. A family's value in a scope comes from its students in the scope
// (RULES.md, P4.cross-section, "A family's value"): a yes/no flag is set
// if any such student has it set — a family with one English learner is
// an English-learner family — and otherwise takes the youngest such
// student's value, or, when the youngest has none recorded, another such
// student's "no" (flags come "from any such student"); any other
// attribute takes the youngest such student's value; "grade" and
// "school" are the youngest's. Within a grade-3 scope, a family's grade
// is that of its youngest grade-3 student. Families count once in
// selection and audits, so this rule fixes the single row a family
// contributes. One attribute per name, in no particular order, and
// returns the extended slice — without building a map, for callers that
// tabulate many families and reuse dst. It appends nothing when no
// student qualifies (and returns dst, nil if dst was).
func (x *Index) appendFamilyAttributes(dst []attribute, f FamilyID, in func(*Student) bool) []attribute {
	if !x.ok() {
		return dst
	}
	// The family's students in scope, asked once each: in may be costly
	// (a scope by teacher works out each student's teachers).
	var inScope [8]*Student
	scoped := inScope[:0]
	for s := range each(x.ds.Students, x.of(x.familyStudents, f)) {
		if in == nil || in(s) {
			scoped = append(scoped, s)
		}
	}
	return appendStudentAttributes(dst, scoped)
}

// appendStudentAttributes appends the attributes a family takes from
// scoped, its students in scope in dataset order, by the rule of
// appendFamilyAttributes — for a caller that has them already.
func appendStudentAttributes(dst []attribute, scoped []*Student) []attribute {
	var young *Student
	for _, s := range scoped {
		if young == nil || youngerThan(s, young) {
			young = s
		}
	}
	if young == nil {
		return dst
	}
	from := len(dst)
	// at returns the index in dst of name's attribute, or -1.
	at := func(name string) int {
		for i := from; i < len(dst); i++ {
			if dst[i].Name == name {
				return i
			}
		}
		return -1
	}
	// set gives name its value: a later call for a name overrides an
	// earlier one, as writing a map would.
	set := func(name, value string) {
		if i := at(name); i >= 0 {
			dst[i].Value = value
		} else {
			dst = append(dst, attribute{Name: name, Value: value})
		}
	}
	// The youngest's yes/no flags that are set are kept as its map is
	// read for its values, and set again in its turn below: each map is
	// read once (reading a map cost more than the rest of the rule).
	var youngFlags [8]attribute
	flags := youngFlags[:0]
	for k, v := range young.Attributes {
		set(k, v)
		if isTrue(v) {
			flags = append(flags, attribute{Name: k, Value: v})
		}
	}
	// unset gives name a flag that is not set, when no value of it was
	// given: the youngest's value, or a flag set by another student,
	// stands before it.
	unset := func(name, value string) {
		switch i := at(name); {
		case i < 0:
			dst = append(dst, attribute{Name: name, Value: value})
		case dst[i].Value == "":
			dst[i].Value = value
		}
	}
	for _, s := range scoped {
		if s == young {
			for _, a := range flags {
				set(a.Name, a.Value)
			}
			continue
		}
		for k, v := range s.Attributes {
			switch {
			case isTrue(v):
				set(k, v)
			case isFalse(v):
				unset(k, v)
			}
		}
	}
	// Set last, so that a student attribute of the same name cannot override them.
	set("grade", young.Grade.String())
	set("school", string(young.School))
	return dst
}

// isFalse reports whether v, in lower case, is "no", "false", "n" or
// "0": a yes/no flag recorded as not set. Like isTrue, it compares ASCII
// letters without case.
func isFalse(v string) bool {
	switch len(v) {
	case 1:
		return v == "0" || v == "n" || v == "N"
	case 2:
		return equalLowerASCII(v, "no")
	case 5:
		return equalLowerASCII(v, "false")
	}
	return false
}

// isTrue reports whether v, in lower case, is "yes", "true", "y" or
// "1". It compares ASCII letters without case rather than lowering v,
// which cost a scan and a switch for every flag of every student; no
// other letter lowers to an ASCII one of these words.
func isTrue(v string) bool {
	switch len(v) {
	case 1:
		return v == "1" || v == "y" || v == "Y"
	case 3:
		return equalLowerASCII(v, "yes")
	case 4:
		return equalLowerASCII(v, "true")
	}
	return false
}

// equalLowerASCII reports whether v, its ASCII capitals lowered, is
// word, which is lower-case ASCII.
func equalLowerASCII(v, word string) bool {
	if len(v) != len(word) {
		return false
	}
	for i := range len(v) {
		b := v[i]
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if b != word[i] {
			return false
		}
	}
	return true
}

// WorkingHours returns educator e's working day: their own hours if
// recorded, else their school's (school may be nil), else the calendar's
// school hours — which are also those of a nil e.
func WorkingHours(e *Educator, school *School, cal Calendar) Hours {
	if e != nil && e.WorkingHours != nil {
		return *e.WorkingHours
	}
	if e != nil && school != nil && school.Hours != nil {
		return *school.Hours
	}
	return cal.Hours
}

// familiesOfSchool returns the families with a student at school s, sorted by id.
func (x *Index) familiesOfSchool(s SchoolID) []FamilyID {
	if !x.ok() {
		return nil
	}
	var out []FamilyID
	if k, ok := x.schools[s]; ok {
		// The school's own students, not every student of the district:
		// a district's simulation asks for each of its schools.
		for _, i := range x.schoolStudents.at(k) {
			out = append(out, x.ds.Students[i].Family)
		}
	} else {
		// A school not in the dataset: its students, if any, are found
		// by their school field alone.
		for i := range x.ds.Students {
			if st := &x.ds.Students[i]; st.School == s {
				out = append(out, st.Family)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Year returns the dataset's school year; the zero SchoolYear for a nil or
// zero Index.
func (x *Index) Year() SchoolYear {
	if !x.ok() {
		return SchoolYear{}
	}
	return x.ds.Year
}

// ConsentChange is one change in a family's consent: an acceptance (which
// includes a family's own request), a decline or a withdrawal.
type ConsentChange struct {
	At        time.Time
	Response  Response // Accepted or Declined
	Withdrawn bool     // a withdrawal; Response is then Declined
	// Invitation is the invitation answered, if any.
	Invitation InvitationID
	// Students are the students the answer covers: those its invitation
	// names; empty for all the family's students (and for a withdrawal,
	// which always covers them all).
	Students []StudentID
	// Year is the school year the answer counts for: the invitation's
	// year field, else the year containing its sending. Empty means a
	// year other than the dataset's. A withdrawal counts for the year
	// that contains it.
	Year SchoolYearID
}

// Covers reports whether the change covers any of students; no students
// stands for all the family's.
func (c ConsentChange) Covers(students []StudentID) bool {
	if c.Withdrawn || len(c.Students) == 0 || len(students) == 0 {
		return true
	}
	for _, s := range students {
		if slices.Contains(c.Students, s) {
			return true
		}
	}
	return false
}

// ConsentHistory returns family f's consent changes in time order. An
// answer with no recorded response time, or one recorded before the
// invitation was sent, is dated when the invitation was sent, the earliest
// it can have happened. Unanswered invitations are not consent changes.
func (x *Index) ConsentHistory(f FamilyID) []ConsentChange {
	if !x.ok() {
		return nil
	}
	k, ok := x.families[f]
	if !ok {
		return nil
	}
	return x.consentHistoryAt(k)
}

// consentHistoryAt is [Index.ConsentHistory] of the family at position k
// of the dataset's Families (none when k is out of range).
func (x *Index) consentHistoryAt(k int) []ConsentChange {
	if !x.ok() {
		return nil
	}
	// At most one change a record: one allocation for them all.
	n := len(x.familyInvitations.at(k)) + len(x.familyWithdrawals.at(k))
	if n == 0 {
		return nil
	}
	out := x.appendConsentHistoryAt(make([]ConsentChange, 0, n), k)
	if len(out) == 0 {
		return nil // no answer: no history, as when there is no record
	}
	return out
}

// appendConsentHistoryAt appends consentHistoryAt(k) to dst and returns
// it, for a caller that reads many families' histories in turn into one
// buffer (a planner's run asks for every family's).
func (x *Index) appendConsentHistoryAt(dst []ConsentChange, k int) []ConsentChange {
	if !x.ok() {
		return dst
	}
	from := len(dst)
	year := x.yearSpan()
	for _, i := range x.familyInvitations.at(k) {
		inv := &x.ds.Invitations[i]
		r := inv.Answer()
		if inv.FromFamily() && r == NoResponse {
			r = Accepted // a family's own request is an acceptance
		}
		if r == NoResponse {
			continue
		}
		dst = append(dst, ConsentChange{At: inv.AnsweredAt(), Response: r, Invitation: inv.ID, Students: inv.Students,
			Year: year.yearOf(inv.Year, inv.SentAt)})
	}
	for _, i := range x.familyWithdrawals.at(k) {
		w := x.ds.Withdrawals[i]
		dst = append(dst, ConsentChange{At: w.At, Response: Declined, Withdrawn: true,
			Year: year.yearOf("", w.At)})
	}
	slices.SortStableFunc(dst[from:], func(a, b ConsentChange) int { return a.At.Compare(b.At) })
	return dst
}

// WithdrawalsOf returns the withdrawals of family f, in dataset order.
func (x *Index) WithdrawalsOf(f FamilyID) []*Withdrawal {
	if !x.ok() {
		return nil
	}
	return modelhook.PointersAt(x.ds.Withdrawals, x.of(x.familyWithdrawals, f))
}

// ConsentAt returns the family's consent standing at t from its history: the
// last change at or before t (Accepted or Declined), and whether any decline
// or withdrawal came before t. NoResponse means no answer yet. It reads
// every change; [ConsentFor] reads only those that count for a visit.
func ConsentAt(history []ConsentChange, t time.Time) (standing Response, declinedBefore bool) {
	return consentAt(history, t, func(ConsentChange) bool { return true })
}

// ConsentFor returns the family's standing at t for a visit of school year
// year naming students (none: the whole family), as P1.family-consent and
// P1.declined-respected read it: only answers that count for that year
// and cover a student the visit names, and withdrawals of that year — or
// dated outside any year but after such an answer, as when a family that
// accepted in spring for the coming year withdraws before its summer.
// Last year's acceptance does not carry over, and a family that accepted
// one school's invitation and declined another's may be visited by the
// first (RULES.md, P1).
func ConsentFor(history []ConsentChange, year SchoolYearID, students []StudentID, t time.Time) (standing Response, declinedBefore bool) {
	answered := false
	return consentAt(history, t, func(c ConsentChange) bool {
		switch {
		case c.Year == year && c.Covers(students):
			answered = true
			return true
		case c.Withdrawn && c.Year == "":
			return answered // it takes back what was given for year
		}
		return false
	})
}

func consentAt(history []ConsentChange, t time.Time, counts func(ConsentChange) bool) (standing Response, declinedBefore bool) {
	standing = NoResponse
	for _, c := range history {
		if c.At.After(t) {
			break
		}
		if !counts(c) {
			continue
		}
		standing = c.Response
		if c.Response == Declined {
			declinedBefore = true
		}
	}
	return standing, declinedBefore
}

// Calendar returns the dataset's calendar; the zero Calendar (in UTC) for
// a nil or zero Index.
func (x *Index) Calendar() Calendar {
	if !x.ok() {
		return Calendar{}
	}
	return x.ds.Calendar
}
