package selection

import (
	"fmt"
	"slices"

	"pgregory.net/rapid"

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

// genDataset draws a small district: 1 to maxFamilies families with 1 to 3
// students each, attributes "ell" (yes/no), "language" (en/es/hmn) and,
// for some, "frl".
func genDataset(maxFamilies int) *rapid.Generator[*model.Dataset] {
	return rapid.Custom(func(t *rapid.T) *model.Dataset {
		nf := rapid.IntRange(1, maxFamilies).Draw(t, "families")
		var students []model.Student
		for f := range nf {
			ell := rapid.SampledFrom([]string{"yes", "no"}).Draw(t, "ell")
			lang := rapid.SampledFrom([]string{"en", "es", "hmn"}).Draw(t, "language")
			ns := rapid.IntRange(1, 3).Draw(t, "students")
			for s := range ns {
				attrs := map[string]string{"ell": ell, "language": lang}
				if rapid.Bool().Draw(t, "has_frl") {
					attrs["frl"] = rapid.SampledFrom([]string{"yes", "no"}).Draw(t, "frl")
				}
				students = append(students, student(
					fmt.Sprintf("ST%03d-%d", f, s), fmt.Sprintf("F%03d", f),
					rapid.SampledFrom([]string{"S1", "S2"}).Draw(t, "school"),
					rapid.IntRange(0, 5).Draw(t, "grade"), attrs))
			}
		}
		return district(students)
	})
}

// shuffled returns a copy of ds with its students in reverse order, to
// check that plans do not depend on record order.
func shuffled(ds *model.Dataset) *model.Dataset {
	c := *ds
	c.Students = slices.Clone(ds.Students)
	slices.Reverse(c.Students)
	return &c
}
