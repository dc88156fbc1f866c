package selection

import (
	"fmt"
	"slices"
	"strings"

	"pgregory.net/rapid"

	"github.com/homevisits/pthv/internal/districtgen"
	"github.com/homevisits/pthv/model"
)

// district builds a dataset with schools S1 and S2, grades K–5, one class
// and one teacher per school and grade (class "C-S1-3", teacher "T-S1-3"),
// and the given students.
func district(students []model.Student) *model.Dataset {
	ds := &model.Dataset{Format: model.Format, Policy: model.DefaultPolicy()}
	fams := map[model.FamilyID]bool{}
	for _, school := range []model.SchoolID{"S1", "S2"} {
		ds.Schools = append(ds.Schools, model.School{ID: school})
		for g := model.Grade(0); g <= 5; g++ {
			t := model.EducatorID(fmt.Sprintf("T-%s-%d", school, g))
			ds.Educators = append(ds.Educators, model.Educator{ID: t, School: school, Role: model.Certificated, Position: model.Teacher})
			ds.Classes = append(ds.Classes, model.Class{ID: model.ClassID(fmt.Sprintf("C-%s-%d", school, g)), School: school, Grade: &g, Teachers: []model.EducatorID{t}})
		}
	}
	for _, st := range students {
		if !fams[st.Family] {
			fams[st.Family] = true
			ds.Families = append(ds.Families, model.Family{ID: st.Family})
		}
	}
	ds.Students = students
	return ds
}

// student returns a student of family f in school s and grade g, in the
// class of that grade, with attributes.
func student(id string, f string, s string, g int, attrs map[string]string) model.Student {
	return model.Student{
		ID: model.StudentID(id), School: model.SchoolID(s), Grade: model.Grade(g), Family: model.FamilyID(f),
		Classes:    []model.ClassID{model.ClassID(fmt.Sprintf("C-%s-%d", s, g))},
		Attributes: attrs,
	}
}

// genDataset draws a whole district of one or two schools of up to
// maxStudents students each from the one generator of test districts
// (internal/districtgen): families with children in both schools,
// siblings with different teachers, rare home languages, and sparse
// records (students with no attributes or no teacher of record).
func genDataset(maxStudents int) *rapid.Generator[*model.Dataset] {
	return districtgen.District(districtgen.Options{MaxSchools: 2, MaxStudentsPerSchool: maxStudents, Sparse: true})
}

// grades returns the grades of ds's students, in order.
func grades(ds *model.Dataset) []model.Grade {
	var gs []model.Grade
	for _, st := range ds.Students {
		gs = append(gs, st.Grade)
	}
	slices.Sort(gs)
	return slices.Compact(gs)
}

// schoolIDs returns the ids of ds's schools.
func schoolIDs(ds *model.Dataset) []model.SchoolID {
	var ids []model.SchoolID
	for _, s := range ds.Schools {
		ids = append(ids, s.ID)
	}
	return ids
}

// shuffled returns a copy of ds with its students in reverse order, to
// check that plans do not depend on record order.
func shuffled(ds *model.Dataset) *model.Dataset {
	c := *ds
	c.Students = slices.Clone(ds.Students)
	slices.Reverse(c.Students)
	return &c
}

// withOwnIDs returns a copy of ds in which some students — drawn one by
// one — and every class hold copies of their own of the ids and
// attribute names and values they refer to, as a dataset built record by
// record does, where ds's records may share one copy of each (as decoded
// and synthetic ones do).
func withOwnIDs(t *rapid.T, ds *model.Dataset) *model.Dataset {
	c := *ds
	c.Students = slices.Clone(ds.Students)
	for i := range c.Students {
		if !rapid.Bool().Draw(t, "own copies") {
			continue
		}
		st := &c.Students[i]
		st.School = model.SchoolID(strings.Clone(string(st.School)))
		st.Classes = cloneIDs(st.Classes)
		st.Teachers = cloneIDs(st.Teachers)
		if st.Attributes != nil {
			attrs := make(map[string]string, len(st.Attributes))
			for k, v := range st.Attributes {
				attrs[strings.Clone(k)] = strings.Clone(v)
			}
			st.Attributes = attrs
		}
	}
	c.Classes = slices.Clone(ds.Classes)
	for i := range c.Classes {
		c.Classes[i].ID = model.ClassID(strings.Clone(string(c.Classes[i].ID)))
		c.Classes[i].Teachers = cloneIDs(c.Classes[i].Teachers)
	}
	return &c
}

// cloneIDs returns a copy of ids whose every id is a copy of its own.
func cloneIDs[ID ~string](ids []ID) []ID {
	if ids == nil {
		return nil
	}
	out := make([]ID, len(ids))
	for i, id := range ids {
		out[i] = ID(strings.Clone(string(id)))
	}
	return out
}
