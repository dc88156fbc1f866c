package model_test

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
)

func TestIndexLookups(t *testing.T) {
	ds := decodeSmall(t)
	x := model.NewIndex(ds)
	assert.Same(t, ds, x.Dataset())

	s, ok := x.School("S1")
	require.True(t, ok)
	assert.Same(t, &ds.Schools[0], s, "lookups point into the dataset, no copies")
	c, ok := x.Class("C-3A")
	require.True(t, ok)
	assert.Equal(t, model.ClassID("C-3A"), c.ID)
	e, ok := x.Educator("E-LI")
	require.True(t, ok)
	assert.Same(t, &ds.Educators[3], e)
	st, ok := x.Student("ST2")
	require.True(t, ok)
	assert.Equal(t, model.FamilyID("F2"), st.Family)
	f, ok := x.Family("F1")
	require.True(t, ok)
	assert.True(t, f.NeedsInterpreter)
	p, ok := x.Plan("P-S1")
	require.True(t, ok)
	assert.Equal(t, "all", p.Method)
	v, ok := x.Visit("V2")
	require.True(t, ok)
	assert.Same(t, &ds.Visits[1], v)

	for name, found := range map[string]bool{
		"school":   found(x.School("S9")),
		"class":    found(x.Class("C9")),
		"educator": found(x.Educator("E9")),
		"student":  found(x.Student("ST9")),
		"family":   found(x.Family("F9")),
		"plan":     found(x.Plan("P9")),
		"visit":    found(x.Visit("V9")),
		"empty id": found(x.Visit("")),
	} {
		assert.False(t, found, name)
	}
}

func found[T any](_ T, ok bool) bool { return ok }

func TestIndexRelations(t *testing.T) {
	ds := decodeSmall(t)
	x := model.NewIndex(ds)

	ids := func(ss []*model.Student) []model.StudentID {
		var out []model.StudentID
		for _, s := range ss {
			out = append(out, s.ID)
		}
		return out
	}
	assert.Equal(t, []model.StudentID{"ST1"}, ids(x.StudentsOf("F1")))
	assert.Equal(t, []model.StudentID{"ST2"}, ids(x.StudentsOf("F2")))
	assert.Empty(t, x.StudentsOf("F9"))

	visits := x.VisitsOf("F1")
	require.Len(t, visits, 2)
	assert.Equal(t, model.VisitID("V1"), visits[0].ID, "dataset order")
	assert.Equal(t, model.VisitID("V2"), visits[1].ID)
	assert.Empty(t, x.VisitsOf("F2"))

	invs := x.InvitationsOf("F2")
	require.Len(t, invs, 1)
	assert.Equal(t, model.Declined, invs[0].Response)

	assert.Equal(t, []model.FamilyID{"F1", "F2"}, indexview.FamiliesOfSchool(x, "S1"))
	assert.Empty(t, indexview.FamiliesOfSchool(x, "S9"))
}

func TestIndexKeepsFirstOfDuplicates(t *testing.T) {
	ds := &model.Dataset{Visits: []model.Visit{{ID: "V1", Family: "F1"}, {ID: "V1", Family: "F2"}}}
	v, ok := model.NewIndex(ds).Visit("V1")
	require.True(t, ok)
	assert.Equal(t, model.FamilyID("F1"), v.Family)
}

// family builds a dataset of one family's students for the attribute rule.
func familyIndex(students ...model.Student) *model.Index {
	ds := &model.Dataset{Families: []model.Family{{ID: "F1"}, {ID: "F2"}}}
	for _, s := range students {
		if s.Family == "" {
			s.Family = "F1"
		}
		ds.Students = append(ds.Students, s)
	}
	return model.NewIndex(ds)
}

// familyAttributes is the attribute rule of family f as a map, nil when
// the family has no students.
func familyAttributes(x *model.Index, f model.FamilyID) map[string]string {
	attrs := indexview.AppendFamilyAttributes(nil, x, f, nil)
	if attrs == nil {
		return nil
	}
	out := make(map[string]string, len(attrs))
	for _, a := range attrs {
		out[a.Name] = a.Value
	}
	return out
}

func TestFamilyAttributes(t *testing.T) {
	tests := []struct {
		name     string
		students []model.Student
		want     map[string]string
	}{
		{
			name: "one student",
			students: []model.Student{
				{ID: "A", School: "S1", Grade: 3, Attributes: map[string]string{"ell": "yes", "home_language": "es"}},
			},
			want: map[string]string{"grade": "3", "school": "S1", "ell": "yes", "home_language": "es"},
		},
		{
			name: "a flag set on any student is set for the family",
			students: []model.Student{
				{ID: "A", School: "S1", Grade: 1, Attributes: map[string]string{"ell": "no", "iep": "no"}},
				{ID: "B", School: "S2", Grade: 7, Attributes: map[string]string{"ell": "no", "iep": "yes"}},
			},
			want: map[string]string{"grade": "1", "school": "S1", "ell": "no", "iep": "yes"},
		},
		{
			name: "a flag not set counts when the youngest has none recorded",
			students: []model.Student{
				{ID: "A", School: "S1", Grade: 1, Attributes: map[string]string{"home_language": "en"}},
				{ID: "B", School: "S1", Grade: 4, Attributes: map[string]string{"ell": "no", "iep": "No", "race": "x"}},
				{ID: "C", School: "S1", Grade: 5, Attributes: map[string]string{"iep": "yes"}},
			},
			want: map[string]string{"grade": "1", "school": "S1", "home_language": "en", "ell": "no", "iep": "yes"},
		},
		{
			name: "true counts as set, whatever its case",
			students: []model.Student{
				{ID: "A", School: "S1", Grade: 1, Attributes: map[string]string{"frl": "false"}},
				{ID: "B", School: "S1", Grade: 2, Attributes: map[string]string{"frl": "TRUE"}},
			},
			want: map[string]string{"grade": "1", "school": "S1", "frl": "TRUE"},
		},
		{
			name: "other attributes come from the youngest",
			students: []model.Student{
				{ID: "A", School: "S-HIGH", Grade: 10, Attributes: map[string]string{"home_language": "en", "race": "x"}},
				{ID: "B", School: "S-ELEM", Grade: model.Kindergarten, Attributes: map[string]string{"home_language": "es"}},
			},
			want: map[string]string{"grade": "K", "school": "S-ELEM", "home_language": "es"},
		},
		{
			name: "pre-kindergarten is the youngest",
			students: []model.Student{
				{ID: "A", School: "S1", Grade: model.Kindergarten},
				{ID: "B", School: "S0", Grade: model.PreK},
			},
			want: map[string]string{"grade": "PK", "school": "S0"},
		},
		{
			name: "same grade: the lower id stands for the family",
			students: []model.Student{
				{ID: "B", School: "S2", Grade: 4, Attributes: map[string]string{"home_language": "hmn"}},
				{ID: "A", School: "S1", Grade: 4, Attributes: map[string]string{"home_language": "so"}},
			},
			want: map[string]string{"grade": "4", "school": "S1", "home_language": "so"},
		},
		{
			name: "grade and school cannot be overridden by attributes",
			students: []model.Student{
				{ID: "A", School: "S1", Grade: 2, Attributes: map[string]string{"grade": "9", "school": "yes"}},
				{ID: "B", School: "S2", Grade: 5, Attributes: map[string]string{"school": "true"}},
			},
			want: map[string]string{"grade": "2", "school": "S1"},
		},
		{
			name: "other families do not count",
			students: []model.Student{
				{ID: "A", School: "S1", Grade: 6, Attributes: map[string]string{"ell": "no"}},
				{ID: "Z", School: "S1", Grade: 1, Family: "F2", Attributes: map[string]string{"ell": "yes"}},
			},
			want: map[string]string{"grade": "6", "school": "S1", "ell": "no"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, familyAttributes(familyIndex(tt.students...), "F1"))
		})
	}
	assert.Nil(t, familyAttributes(familyIndex(), "F1"), "a family with no students has no attributes")
}

// The attribute rule, as properties over random families.
func TestFamilyAttributesProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		flags := []string{"yes", "no", "true", "false"}
		n := rapid.IntRange(1, 5).Draw(t, "students")
		var students []model.Student
		for i := range n {
			attrs := map[string]string{
				"ell":           rapid.SampledFrom(flags).Draw(t, "ell"),
				"home_language": rapid.SampledFrom([]string{"en", "es", "vi"}).Draw(t, "language"),
			}
			students = append(students, model.Student{
				ID:         model.StudentID(rune('A' + i)),
				School:     model.SchoolID(rapid.SampledFrom([]string{"S1", "S2"}).Draw(t, "school")),
				Grade:      model.Grade(rapid.IntRange(-1, 12).Draw(t, "grade")),
				Attributes: attrs,
			})
		}
		x := familyIndex(students...)
		got := familyAttributes(x, "F1")

		// The appending form gives the same attributes, each name once,
		// after whatever dst already held.
		held := []indexview.Attribute{{Name: "held", Value: "x"}}
		pairs := indexview.AppendFamilyAttributes(held, x, "F1", nil)
		require.Equal(t, held, pairs[:1:1])
		names := map[string]string{}
		for _, a := range pairs[1:] {
			_, twice := names[a.Name]
			require.False(t, twice, "attribute %s appended twice", a.Name)
			names[a.Name] = a.Value
		}
		require.Equal(t, got, names)

		young := students[0]
		anyELL := false
		for _, s := range students {
			if s.Grade < young.Grade {
				young = s
			}
			v := s.Attributes["ell"]
			anyELL = anyELL || v == "yes" || v == "true"
		}
		require.Equal(t, young.Grade.String(), got["grade"])
		require.Equal(t, string(young.School), got["school"])
		require.Equal(t, young.Attributes["home_language"], got["home_language"])
		require.Equal(t, anyELL, got["ell"] == "yes" || got["ell"] == "true", "ell is set when any student's is")
		if !anyELL {
			require.Equal(t, young.Attributes["ell"], got["ell"])
		}
	})
}

func TestYoungest(t *testing.T) {
	x := familyIndex(
		model.Student{ID: "A", Grade: 5},
		model.Student{ID: "C", Grade: 2},
		model.Student{ID: "B", Grade: 2},
	)
	s, ok := indexview.Youngest(x, "F1")
	require.True(t, ok)
	assert.Equal(t, model.StudentID("B"), s.ID)
	_, ok = indexview.Youngest(x, "F2")
	assert.False(t, ok)
}

func TestWorkingHours(t *testing.T) {
	own := model.Hours{Start: model.NewClock(10, 0), End: model.NewClock(17, 0)}
	site := model.Hours{Start: model.NewClock(7, 30), End: model.NewClock(14, 30)}
	cal := laCalendar(t)
	ds := &model.Dataset{
		Calendar: cal,
		Schools:  []model.School{{ID: "S-SITE", Hours: &site}, {ID: "S-PLAIN"}},
		Educators: []model.Educator{
			{ID: "OWN", School: "S-SITE", WorkingHours: &own},
			{ID: "SITE", School: "S-SITE"},
			{ID: "PLAIN", School: "S-PLAIN"},
			{ID: "DISTRICT"},
			{ID: "LOST", School: "S-GONE"},
		},
	}
	x := model.NewIndex(ds)
	for id, want := range map[model.EducatorID]model.Hours{
		"OWN":      own,         // their own hours come first
		"SITE":     site,        // then their school's
		"PLAIN":    schoolHours, // then the calendar's
		"DISTRICT": schoolHours,
		"LOST":     schoolHours,
	} {
		e, ok := x.Educator(id)
		require.True(t, ok)
		assert.Equal(t, want, indexview.WorkingHours(x, e), id)
	}

	// The precedence carries through to pay: a liaison working 10:00–17:00
	// is inside their day at 16:00.
	e, _ := x.Educator("OWN")
	start := time.Date(2025, time.September, 16, 16, 0, 0, 0, cal.Location())
	assert.Equal(t, 0, cal.MinutesOutsideWorkingDay(year2025(), indexview.WorkingHours(x, e), start, 40*time.Minute))
	e, _ = x.Educator("SITE")
	assert.Equal(t, 40, cal.MinutesOutsideWorkingDay(year2025(), indexview.WorkingHours(x, e), start, 40*time.Minute))
}

// TestIndexPositionsAgreeWithIDs: the position-based accessors give what
// the lookups by id give, for every record of generated datasets.
func TestIndexPositionsAgreeWithIDs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := datasetGen().Draw(t, "dataset")
		x, err := ds.ValidIndex()
		require.NoError(t, err)
		familyAt := func(id model.FamilyID) int {
			if k, ok := indexview.FamilyPosition(x, id); ok {
				return k
			}
			return -1
		}
		var history []model.ConsentChange // one buffer, as a planner reads them
		for k := range ds.Families {
			f := ds.Families[k].ID
			recs := indexview.FamilyRecordsAt(x, k)
			require.Equal(t, x.StudentsOf(f), indexview.PointersAt(ds.Students, recs.Students))
			require.Equal(t, x.InvitationsOf(f), indexview.PointersAt(ds.Invitations, recs.Invitations))
			require.Equal(t, x.VisitsOf(f), indexview.PointersAt(ds.Visits, recs.Visits))
			require.Equal(t, x.WithdrawalsOf(f), indexview.PointersAt(ds.Withdrawals, recs.Withdrawals))
			for _, i := range recs.Communications {
				require.Equal(t, f, ds.Communications[i].Family)
			}
			require.Equal(t, x.ConsentHistory(f), indexview.ConsentHistoryAt(x, k))
			history = indexview.AppendConsentHistoryAt(x, history[:0], k)
			require.Equal(t, len(x.ConsentHistory(f)), len(history))
			if len(history) > 0 {
				require.Equal(t, x.ConsentHistory(f), history)
			}
			withPrefix := indexview.AppendConsentHistoryAt(x, []model.ConsentChange{{Response: model.Declined}}, k)
			require.Equal(t, append([]model.ConsentChange{{Response: model.Declined}}, x.ConsentHistory(f)...), withPrefix)
			young, ok := indexview.Youngest(x, f)
			alsoYoung, alsoOK := model.Youngest(x.StudentsOf(f))
			require.Equal(t, ok, alsoOK)
			require.Same(t, young, alsoYoung)
			if i := indexview.YoungestAt(x, k); i >= 0 {
				require.True(t, ok)
				require.Same(t, young, &ds.Students[i])
			} else {
				require.False(t, ok)
			}
		}
		for i := range ds.Students {
			s, _ := x.School(ds.Students[i].School)
			require.Same(t, s, &ds.Schools[indexview.StudentSchoolAt(x, i)])
		}
		for i := range ds.Visits {
			require.Equal(t, familyAt(ds.Visits[i].Family), indexview.VisitFamilyAt(x, i))
		}
		if families := indexview.StudentFamilies(x); len(ds.Students) > 0 {
			require.Len(t, families, len(ds.Students))
			for i := range ds.Students {
				require.Equal(t, familyAt(ds.Students[i].Family), int(families[i]))
			}
		}
		// The year's bounds, where they stand for its days, place the
		// instants at them as their dates do.
		if from, to, ok := indexview.YearBounds(x); ok {
			loc := ds.Calendar.Location()
			require.True(t, ds.Year.Contains(model.DateOf(time.Unix(from, 0).In(loc))))
			require.False(t, ds.Year.Contains(model.DateOf(time.Unix(from-1, 0).In(loc))))
			require.True(t, ds.Year.Contains(model.DateOf(time.Unix(to-1, 0).In(loc))))
			require.False(t, ds.Year.Contains(model.DateOf(time.Unix(to, 0).In(loc))))
		}
		require.Nil(t, indexview.PointersAt(ds.Visits, nil))
	})
}

// TestIndexWithRecords: an index of new records over the same people is
// the index NewIndex builds, and other people are indexed afresh.
func TestIndexWithRecords(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		people := datasetGen().Draw(t, "people")
		records := datasetGen().Draw(t, "records")
		x := model.NewIndex(people)
		ds := *people
		ds.Plans, ds.Visits, ds.Invitations = records.Plans, records.Visits, records.Invitations
		ds.Withdrawals, ds.Communications = records.Withdrawals, records.Communications
		if rapid.Bool().Draw(t, "visits of the people") && len(people.Visits) > 0 {
			ds.Visits = append(slices.Clone(people.Visits[:1]), records.Visits...)
		}
		y := indexview.WithRecords(x, &ds)
		require.Equal(t, model.NewIndex(&ds), y)
		// The same records again: y's relations, as they are.
		require.Equal(t, model.NewIndex(&ds), indexview.WithRecords(y, &ds))
		// The next run's records: some of the same ones at the same
		// positions, some naming another family (or none known), some
		// added or gone — what an index built from y must relate afresh.
		ds.Visits, ds.Invitations = slices.Clone(ds.Visits), slices.Clone(ds.Invitations)
		ids := []model.FamilyID{"nobody"}
		for _, f := range people.Families {
			ids = append(ids, f.ID)
		}
		for i := range ds.Visits {
			if rapid.Bool().Draw(t, "visit moves") {
				ds.Visits[i].Family = rapid.SampledFrom(ids).Draw(t, "to")
			}
		}
		for i := range ds.Invitations {
			if rapid.Bool().Draw(t, "invitation moves") {
				ds.Invitations[i].Family = rapid.SampledFrom(ids).Draw(t, "to")
			}
		}
		ds.Invitations = ds.Invitations[:rapid.IntRange(0, len(ds.Invitations)).Draw(t, "invitations kept")]
		ds.Visits = append(ds.Visits, records.Visits...)
		require.Equal(t, model.NewIndex(&ds), indexview.WithRecords(y, &ds))
		// Other people: not the same slices.
		other := *records
		require.Equal(t, model.NewIndex(&other), indexview.WithRecords(x, &other))
		ds.Families = slices.Clone(ds.Families)
		require.Equal(t, model.NewIndex(&ds), indexview.WithRecords(x, &ds))
	})
}

// TestFamiliesOfSchoolIsTheScan: the families of a school, read through
// the index's school lists, are those a scan of every student finds —
// with siblings in several schools, families named twice in one school,
// schools listed twice and students of a school the dataset lacks.
func TestFamiliesOfSchoolIsTheScan(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		schools := []model.SchoolID{"S1", "S2", "S3", "S9"} // S9 is never listed
		ds := &model.Dataset{}
		for _, s := range rapid.SliceOfN(rapid.SampledFrom(schools[:3]), 0, 4).Draw(t, "listed") {
			ds.Schools = append(ds.Schools, model.School{ID: s})
		}
		n := rapid.IntRange(0, 12).Draw(t, "students")
		for i := range n {
			ds.Students = append(ds.Students, model.Student{
				ID:     model.StudentID("ST" + string(rune('a'+i))),
				School: rapid.SampledFrom(schools).Draw(t, "school"),
				Family: rapid.SampledFrom([]model.FamilyID{"F1", "F2", "F3", "F4"}).Draw(t, "family"),
			})
		}
		x := model.NewIndex(ds)
		for _, s := range schools {
			var want []model.FamilyID
			for _, st := range ds.Students {
				if st.School == s && !slices.Contains(want, st.Family) {
					want = append(want, st.Family)
				}
			}
			slices.Sort(want)
			require.Equal(t, want, indexview.FamiliesOfSchool(x, s), "school %s", s)
		}
	})
}

// firstByID is the oracle of the index's lookups by id: the first record
// of items with id, found by a scan.
func firstByID[T any, ID comparable](items []T, idOf func(*T) ID, id ID) (*T, bool) {
	for i := range items {
		if idOf(&items[i]) == id {
			return &items[i], true
		}
	}
	return nil, false
}

// TestIndexLookupsAreTheScan: the lookups by id of the sections an index
// positions on first use find the first record a scan finds, for every
// id of generated datasets (duplicates among them) and for unknown ones —
// asked by several goroutines at once of one fresh index, as the
// practices check asks (run with -race), of an index that shares its
// people's maps (WithRecords) and of a validated one.
func TestIndexLookupsAreTheScan(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := datasetGen().Draw(t, "dataset")
		for _, dup := range rapid.SliceOfN(rapid.IntRange(0, 4), 0, 3).Draw(t, "duplicated") {
			if dup < len(ds.Students) {
				ds.Students = append(ds.Students, ds.Students[dup])
				ds.Students[len(ds.Students)-1].Grade++
			}
			if dup < len(ds.Visits) {
				ds.Visits = append(ds.Visits, ds.Visits[dup])
				ds.Visits[len(ds.Visits)-1].Family = "other"
			}
		}
		check := func(x *model.Index) error {
			same := func(what string, a, b any, aok, bok bool) error {
				if aok != bok || a != b {
					return fmt.Errorf("%s: %v %v, want %v %v", what, a, aok, b, bok)
				}
				return nil
			}
			var errs []error
			for _, c := range append(slices.Clone(ds.Classes), model.Class{ID: "unknown"}) {
				got, ok := x.Class(c.ID)
				want, wok := firstByID(ds.Classes, func(v *model.Class) model.ClassID { return v.ID }, c.ID)
				errs = append(errs, same("class "+string(c.ID), got, want, ok, wok))
			}
			for _, e := range append(slices.Clone(ds.Educators), model.Educator{ID: "unknown"}) {
				got, ok := x.Educator(e.ID)
				want, wok := firstByID(ds.Educators, func(v *model.Educator) model.EducatorID { return v.ID }, e.ID)
				errs = append(errs, same("educator "+string(e.ID), got, want, ok, wok))
			}
			for _, s := range append(slices.Clone(ds.Students), model.Student{ID: "unknown"}) {
				got, ok := x.Student(s.ID)
				want, wok := firstByID(ds.Students, func(v *model.Student) model.StudentID { return v.ID }, s.ID)
				errs = append(errs, same("student "+string(s.ID), got, want, ok, wok))
				i, ok := indexview.StudentPosition(x, s.ID)
				if ok {
					errs = append(errs, same("student position "+string(s.ID), &ds.Students[i], want, ok, wok))
				} else {
					errs = append(errs, same("student position "+string(s.ID), nil, nil, ok, wok))
				}
			}
			for _, p := range append(slices.Clone(ds.Plans), model.Plan{ID: "unknown"}) {
				got, ok := x.Plan(p.ID)
				want, wok := firstByID(ds.Plans, func(v *model.Plan) model.PlanID { return v.ID }, p.ID)
				errs = append(errs, same("plan "+string(p.ID), got, want, ok, wok))
			}
			for _, v := range append(slices.Clone(ds.Visits), model.Visit{ID: "unknown"}) {
				got, ok := x.Visit(v.ID)
				want, wok := firstByID(ds.Visits, func(v *model.Visit) model.VisitID { return v.ID }, v.ID)
				errs = append(errs, same("visit "+string(v.ID), got, want, ok, wok))
			}
			return errors.Join(errs...)
		}
		concurrently := func(x *model.Index) {
			errs := make([]error, 4)
			var wg sync.WaitGroup
			for g := range errs {
				wg.Go(func() { errs[g] = check(x) })
			}
			wg.Wait()
			require.NoError(t, errors.Join(errs...))
		}
		x := model.NewIndex(ds)
		concurrently(x)
		records := *ds
		records.Visits = slices.Clone(ds.Visits)
		slices.Reverse(records.Visits)
		ds = &records
		concurrently(indexview.WithRecords(x, ds))
		concurrently(indexview.WithRecords(model.NewIndex(ds), ds))
		if v, err := ds.ValidIndex(); err == nil {
			concurrently(v)
		}
	})
}

// scanOf is the oracle of an index's relations: the records of items
// whose family is f, in dataset order (nil for none).
func scanOf[T any](items []T, familyOf func(*T) model.FamilyID, f model.FamilyID) []*T {
	var out []*T
	for i := range items {
		if familyOf(&items[i]) == f {
			out = append(out, &items[i])
		}
	}
	return out
}

// TestIndexRelationsAreTheScan: a family's students, visits, invitations
// and withdrawals, as the index relates them — each relation in one array
// with its owners — are those a scan of the records finds, in a fresh
// index, in one built over the last run's (WithRecords, which relates
// only the records that changed) and in a validated one.
func TestIndexRelationsAreTheScan(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := datasetGen().Draw(t, "dataset")
		check := func(x *model.Index, ds *model.Dataset) {
			for _, f := range append(slices.Clone(ds.Families), model.Family{ID: "unknown"}) {
				if _, ok := x.Family(f.ID); !ok {
					require.Empty(t, x.VisitsOf(f.ID))
					continue
				}
				require.Equal(t, scanOf(ds.Students, func(v *model.Student) model.FamilyID { return v.Family }, f.ID), x.StudentsOf(f.ID))
				require.Equal(t, scanOf(ds.Visits, func(v *model.Visit) model.FamilyID { return v.Family }, f.ID), x.VisitsOf(f.ID))
				require.Equal(t, scanOf(ds.Invitations, func(v *model.Invitation) model.FamilyID { return v.Family }, f.ID), x.InvitationsOf(f.ID))
				require.Equal(t, scanOf(ds.Withdrawals, func(v *model.Withdrawal) model.FamilyID { return v.Family }, f.ID), x.WithdrawalsOf(f.ID))
			}
		}
		x := model.NewIndex(ds)
		check(x, ds)
		if v, err := ds.ValidIndex(); err == nil {
			check(v, ds)
		}
		next := *ds
		next.Visits = slices.Clone(ds.Visits)
		if len(next.Visits) > 0 && len(ds.Families) > 0 {
			i := rapid.IntRange(0, len(next.Visits)-1).Draw(t, "moved visit")
			next.Visits[i].Family = ds.Families[rapid.IntRange(0, len(ds.Families)-1).Draw(t, "to")].ID
		}
		next.Visits = append(next.Visits, ds.Visits...)
		next.Invitations = ds.Invitations[:rapid.IntRange(0, len(ds.Invitations)).Draw(t, "invitations kept")]
		check(indexview.WithRecords(x, &next), &next)
	})
}
