package indexview_test

import (
	"fmt"
	"slices"
	"strings"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
)

// A caller that walks every family — a report, an export, a checker —
// reads each family's records by position instead of looking each id up.
func ExampleFamilyRecordsAt() {
	const doc = `{
  "format": "pthv/v1",
  "district": {"id": "D1"},
  "year": {"id": "2025-26", "first_day": "2025-08-18", "last_day": "2026-06-05"},
  "calendar": {"time_zone": "America/Los_Angeles", "hours": {"start": "08:00", "end": "15:00"}},
  "schools": [{"id": "S1"}],
  "families": [{"id": "F1"}, {"id": "F2"}],
  "students": [
    {"id": "ST1", "school": "S1", "grade": 3, "family": "F1"},
    {"id": "ST2", "school": "S1", "grade": 0, "family": "F1"},
    {"id": "ST3", "school": "S1", "grade": 5, "family": "F2"}
  ],
  "invitations": [{"id": "I1", "family": "F2", "kind": "first", "sent_at": "2025-08-20T16:00:00-07:00"}]
}`
	ds, err := model.DecodeDataset("district.json", strings.NewReader(doc))
	if err != nil {
		fmt.Println(err)
		return
	}
	x, err := ds.ValidIndex()
	if err != nil {
		fmt.Println(err)
		return
	}
	for k, f := range ds.Families {
		recs := indexview.FamilyRecordsAt(x, k)
		youngest := ds.Students[indexview.YoungestAt(x, k)].ID
		fmt.Printf("%s: %d students (youngest %s), %d invitations\n", f.ID, len(recs.Students), youngest, len(recs.Invitations))
	}
	// Output:
	// F1: 2 students (youngest ST2), 0 invitations
	// F2: 1 students (youngest ST3), 1 invitations
}

// Tabulating the audit attributes of many families reuses one slice
// instead of building a map per family. A family's values come from its
// students in scope: flags from any of them, the rest, with grade and
// school, from the youngest.
func ExampleAppendFamilyAttributes() {
	const doc = `{
  "format": "pthv/v1",
  "district": {"id": "D1"},
  "year": {"id": "2025-26", "first_day": "2025-08-18", "last_day": "2026-06-05"},
  "calendar": {"time_zone": "America/Los_Angeles", "hours": {"start": "08:00", "end": "15:00"}},
  "schools": [{"id": "S1"}],
  "families": [{"id": "F1"}, {"id": "F2"}],
  "students": [
    {"id": "ST1", "school": "S1", "grade": 3, "family": "F1", "attributes": {"ell": "no", "home_language": "es"}},
    {"id": "ST2", "school": "S1", "grade": 1, "family": "F1", "attributes": {"ell": "yes", "home_language": "en"}},
    {"id": "ST3", "school": "S1", "grade": 5, "family": "F2", "attributes": {"ell": "no", "home_language": "vi"}}
  ]
}`
	ds, err := model.DecodeDataset("district.json", strings.NewReader(doc))
	if err != nil {
		fmt.Println(err)
		return
	}
	x, err := ds.ValidIndex()
	if err != nil {
		fmt.Println(err)
		return
	}
	// Within a grade-3-and-up scope, F1's youngest student is ST1, and
	// ST2's flag (grade 1) is not F1's there.
	gradeThreeUp := func(s *model.Student) bool { return s.Grade >= 3 }
	var attrs []indexview.Attribute
	for _, f := range ds.Families {
		attrs = indexview.AppendFamilyAttributes(attrs[:0], x, f.ID, gradeThreeUp)
		slices.SortFunc(attrs, func(a, b indexview.Attribute) int { return strings.Compare(a.Name, b.Name) })
		fmt.Println(f.ID, attrs)
	}
	// Output:
	// F1 [{ell no} {grade 3} {home_language es} {school S1}]
	// F2 [{ell no} {grade 5} {home_language vi} {school S1}]
}

// A caller that walks every family reads a run of families' records in
// one call: the same records FamilyRecordsAt gives each.
func ExampleFamilyRecordsInto() {
	const doc = `{
  "format": "pthv/v1",
  "district": {"id": "D1"},
  "year": {"id": "2025-26", "first_day": "2025-08-18", "last_day": "2026-06-05"},
  "calendar": {"time_zone": "America/Los_Angeles", "hours": {"start": "08:00", "end": "15:00"}},
  "schools": [{"id": "S1"}],
  "families": [{"id": "F1"}, {"id": "F2"}, {"id": "F3"}],
  "students": [
    {"id": "ST1", "school": "S1", "grade": 3, "family": "F1"},
    {"id": "ST2", "school": "S1", "grade": 0, "family": "F3"},
    {"id": "ST3", "school": "S1", "grade": 5, "family": "F3"}
  ],
  "invitations": [{"id": "I1", "family": "F3", "kind": "first", "sent_at": "2025-08-20T16:00:00-07:00"}]
}`
	ds, err := model.DecodeDataset("district.json", strings.NewReader(doc))
	if err != nil {
		fmt.Println(err)
		return
	}
	x, err := ds.ValidIndex()
	if err != nil {
		fmt.Println(err)
		return
	}
	recs := make([]indexview.FamilyRecords, len(ds.Families)-1)
	indexview.FamilyRecordsInto(x, recs, 1)
	for j, r := range recs {
		at := indexview.FamilyRecordsAt(x, 1+j)
		fmt.Printf("%s: students %v, invitations %v, as FamilyRecordsAt: %t\n", ds.Families[1+j].ID, r.Students, r.Invitations,
			slices.Equal(r.Students, at.Students) && slices.Equal(r.Invitations, at.Invitations))
	}
	// Output:
	// F2: students [], invitations [], as FamilyRecordsAt: true
	// F3: students [1 2], invitations [0], as FamilyRecordsAt: true
}
