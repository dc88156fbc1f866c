// Package shapes counts the shapes of real districts that a dataset
// holds — families with children in two schools, siblings with different
// teachers, visits shared by siblings, rare attribute values, plans scoped
// to grades or classes, invitations with and without a plan — so that
// tests of the generators (synth, practices/practicestest) can show that
// they produce them. It answers only "how many", never "is it compliant".
package shapes

import (
	"slices"

	"github.com/homevisits/pthv/model"
)

// Counts are the shapes of one dataset. Visits count only when completed.
type Counts struct {
	// Families with students in two or more schools; those invited by two
	// schools; those with a completed visit from two schools.
	SplitFamilies, SplitInvitedByBoth, SplitVisitedByBoth int
	// Pairs of siblings in one school who share no teacher.
	SiblingsWithDifferentTeachers int
	// Completed visits naming two or more students; naming one student of
	// a family with two or more.
	SharedVisits, OneOfSeveralVisits int
	// Families with two students of one school whose first visits were
	// separate visits.
	SeparateFirstVisits int
	// (school, attribute, value) held by one to three families of the
	// school, attribute values counted per family.
	RareValues int
	// Plans whose scope has a grade, class or teacher key; plans of method
	// "all" and of other methods.
	GradeScopes, ClassScopes, TeacherScopes, AllPlans, SampledPlans int
	// Invitations the school sent under a plan, without one, and families'
	// own requests; invitations naming students; invitations recording
	// the school year they are for.
	WithPlan, WithoutPlan, Requests, NamingStudents, WithYear int
	// Schools with their own languages of instruction.
	OwnLanguages int
	// Reflections that record who reflected as no one; messages that
	// record no educator.
	ReflectionsByNoOne, MessagesWithoutEducator int
}

// Count counts the shapes of ds.
func Count(ds *model.Dataset) Counts {
	var c Counts
	x := model.NewIndex(ds)
	schoolOf := map[model.StudentID]model.SchoolID{}
	for _, st := range ds.Students {
		schoolOf[st.ID] = st.School
	}
	for _, f := range ds.Families {
		sts := x.StudentsOf(f.ID)
		schools := map[model.SchoolID]bool{}
		for i, a := range sts {
			schools[a.School] = true
			for _, b := range sts[i+1:] {
				if a.School == b.School && !shareTeacher(x, a, b) {
					c.SiblingsWithDifferentTeachers++
				}
			}
		}
		if len(schools) < 2 {
			continue
		}
		c.SplitFamilies++
		invited, visited := map[model.SchoolID]bool{}, map[model.SchoolID]bool{}
		for _, inv := range x.InvitationsOf(f.ID) {
			for _, s := range inv.Students {
				invited[schoolOf[s]] = true
			}
		}
		for _, v := range x.VisitsOf(f.ID) {
			if v.Status == model.Completed {
				for _, s := range v.Students {
					visited[schoolOf[s]] = true
				}
			}
		}
		if len(invited) >= 2 {
			c.SplitInvitedByBoth++
		}
		if len(visited) >= 2 {
			c.SplitVisitedByBoth++
		}
	}

	firstOf := map[model.StudentID]model.VisitID{}
	for _, v := range ds.Visits {
		if v.Status != model.Completed {
			continue
		}
		switch n := len(v.Students); {
		case n >= 2:
			c.SharedVisits++
		case n == 1 && len(x.StudentsOf(v.Family)) >= 2:
			c.OneOfSeveralVisits++
		}
		for _, s := range v.Students {
			if prev, ok := firstOf[s]; !ok || visitBefore(x, v.ID, prev) {
				firstOf[s] = v.ID
			}
		}
		if r := v.Reflection; r != nil && len(r.By) == 0 {
			c.ReflectionsByNoOne++
		}
	}
	for _, f := range ds.Families {
		sts := x.StudentsOf(f.ID)
		separate := false
		for i, a := range sts {
			for _, b := range sts[i+1:] {
				fa, oka := firstOf[a.ID]
				fb, okb := firstOf[b.ID]
				separate = separate || (a.School == b.School && oka && okb && fa != fb)
			}
		}
		if separate {
			c.SeparateFirstVisits++
		}
	}

	// Values held by few families of a school, read per student and
	// counted per family.
	type key struct {
		school      model.SchoolID
		name, value string
	}
	holders := map[key]map[model.FamilyID]bool{}
	for _, st := range ds.Students {
		for name, value := range st.Attributes {
			k := key{st.School, name, value}
			if holders[k] == nil {
				holders[k] = map[model.FamilyID]bool{}
			}
			holders[k][st.Family] = true
		}
	}
	for _, fams := range holders {
		if n := len(fams); n >= 1 && n <= 3 {
			c.RareValues++
		}
	}

	for _, p := range ds.Plans {
		if p.Scope["grade"] != "" {
			c.GradeScopes++
		}
		if p.Scope["class"] != "" || p.Scope["section"] != "" {
			c.ClassScopes++
		}
		if p.Scope["teacher"] != "" {
			c.TeacherScopes++
		}
		if p.Method == "all" {
			c.AllPlans++
		} else {
			c.SampledPlans++
		}
	}
	for _, inv := range ds.Invitations {
		switch {
		case inv.FromFamily():
			c.Requests++
		case inv.Plan != "":
			c.WithPlan++
		default:
			c.WithoutPlan++
		}
		if len(inv.Students) > 0 {
			c.NamingStudents++
		}
		if inv.Year != "" {
			c.WithYear++
		}
	}
	for _, s := range ds.Schools {
		if len(s.Languages) > 0 {
			c.OwnLanguages++
		}
	}
	for _, m := range ds.Communications {
		if m.Educator == "" {
			c.MessagesWithoutEducator++
		}
	}
	return c
}

// shareTeacher reports whether students a and b have a teacher in common,
// of record or of one of their classes.
func shareTeacher(x *model.Index, a, b *model.Student) bool {
	ta, tb := teachers(x, a), teachers(x, b)
	return slices.ContainsFunc(ta, func(e model.EducatorID) bool { return slices.Contains(tb, e) })
}

func teachers(x *model.Index, st *model.Student) []model.EducatorID {
	out := slices.Clone(st.Teachers)
	for _, c := range st.Classes {
		if cl, ok := x.Class(c); ok {
			out = append(out, cl.Teachers...)
		}
	}
	return out
}

// visitBefore reports whether visit a started before visit b (ties by id).
func visitBefore(x *model.Index, a, b model.VisitID) bool {
	va, _ := x.Visit(a)
	vb, _ := x.Visit(b)
	if !va.Start.Equal(vb.Start) {
		return va.Start.Before(vb.Start)
	}
	return a < b
}
