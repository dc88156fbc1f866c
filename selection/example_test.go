package selection_test

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/selection"
)

// exampleSchool is a school of 40 families, one student each in grades
// 1–4; every fourth family is an English learner, and a third speak
// Spanish at home.
func exampleSchool() *model.Dataset {
	ds := &model.Dataset{Format: model.Format, Policy: model.DefaultPolicy(),
		Schools: []model.School{{ID: "S1"}}}
	for i := range 40 {
		ell, lang := "no", "en"
		if i%4 == 0 {
			ell = "yes"
		}
		if i%3 == 0 {
			lang = "es"
		}
		f := model.FamilyID(fmt.Sprintf("F%02d", i))
		ds.Families = append(ds.Families, model.Family{ID: f})
		ds.Students = append(ds.Students, model.Student{
			ID: model.StudentID(fmt.Sprintf("ST%02d", i)), School: "S1", Grade: model.Grade(1 + i%4), Family: f,
			Attributes: map[string]string{"ell": ell, "home_language": lang},
		})
	}
	return ds
}

// A quarter of the families, balanced on English-learner status and home
// language: every stratum gets its proportional quota, and every family
// had the same chance.
func ExampleNewPlan() {
	pl, err := selection.NewPlan(exampleSchool(), selection.Request{
		Scope:   selection.Scope{Schools: []model.SchoolID{"S1"}},
		Share:   0.25,
		Balance: []string{"ell", "home_language"},
		Seed:    2025,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d of %d families, seed %d\n", pl.Size, pl.Population, pl.Request.Seed)
	for _, st := range pl.Strata {
		fmt.Printf("%-26s population %2d  quota %.2f  chosen %d\n", st.Key, st.Population, st.Quota, st.Chosen)
	}
	p, _ := pl.Probability("F00")
	fmt.Println("inclusion probability of each family:", p)
	fmt.Println("invite:", pl.Families())
	// Output:
	// 10 of 40 families, seed 2025
	// ell=no,home_language=en    population 20  quota 5.00  chosen 5
	// ell=no,home_language=es    population 10  quota 2.50  chosen 3
	// ell=yes,home_language=en   population  6  quota 1.50  chosen 1
	// ell=yes,home_language=es   population  4  quota 1.00  chosen 1
	// inclusion probability of each family: 0.25
	// invite: [F02 F08 F10 F15 F21 F24 F26 F27 F35 F38]
}

// A scope may narrow by school, grade, class or teacher only. Filtering
// on a student attribute is targeting.
func ExampleParseScope() {
	sc, err := selection.ParseScope("school=S1,grade=3|4")
	fmt.Println(sc, err)

	_, err = selection.ParseScope("school=S1,ell=yes")
	fmt.Println(errors.Is(err, selection.ErrTargeting))
	fmt.Println(err)
	// Output:
	// school=S1,grade=3|4 <nil>
	// true
	// selection: scope key "ell": targeting: families may not be chosen by a student attribute (core practice 4: no targeting); a scope may use only school, grade, class or teacher, and attributes may balance a sample but never filter it
}

// Auditing what a school really did: inviting only English-learner
// families is targeting.
func ExampleAudit() {
	ds := exampleSchool()
	pop, err := selection.NewPopulation(ds, selection.Scope{})
	if err != nil {
		fmt.Println(err)
		return
	}
	var invited []model.FamilyID
	for _, f := range pop.Families() {
		if v, _ := pop.Attribute(f, "ell"); v == "yes" {
			invited = append(invited, f)
		}
	}
	rep, err := selection.Audit(pop, invited, []string{"ell", "home_language"}, selection.ThresholdsFrom(ds.Policy))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range rep.Attributes {
		if a.Withheld {
			// A cell holds fewer than MinCellSize families: its figures
			// could identify them, so only the verdict is shown.
			fmt.Printf("%s: %s test, figures withheld → %s\n", a.Attribute, a.Test, a.Verdict)
			continue
		}
		fmt.Printf("%s: %s test p=%.2g (Holm %.2g) V=%.2f gap=%.2f → %s\n", a.Attribute, a.Test, a.P, a.PAdjusted, a.CramersV, a.Gap, a.Verdict)
	}
	fmt.Printf("verdict: %s (%d attributes tested)\n", rep.Verdict, rep.Tested)
	// Output:
	// ell: exact test, figures withheld → targeting
	// home_language: exact test, figures withheld → ok
	// verdict: targeting (2 attributes tested)
}

// A plan becomes records: the plan itself and one invitation per family,
// each naming the plan and the scope keys that chose it.
func ExamplePlan_Invitations() {
	sc, _ := selection.ParseScope("grade=2")
	pl, err := selection.NewPlan(exampleSchool(), selection.Request{Scope: sc, Count: 3, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	rec := pl.Record("P-G2")
	fmt.Println(rec.ID, rec.Method, rec.Scope, rec.Criteria)
	for _, inv := range pl.Invitations(rec.ID, time.Date(2025, 8, 4, 16, 0, 0, 0, time.UTC)) {
		fmt.Println(inv.ID, inv.Family, inv.Students, inv.Plan, inv.Criteria)
	}
	// Output:
	// P-G2 stratified map[grade:2] [grade]
	// P-G2/F01 F01 [ST01] P-G2 [grade]
	// P-G2/F09 F09 [ST09] P-G2 [grade]
	// P-G2/F29 F29 [ST29] P-G2 [grade]
}

// A recorded plan keeps its whole request, so it gives the request back.
func ExampleRequestOf() {
	sc, _ := selection.ParseScope("school=S1,grade=2|3")
	req := selection.Request{Scope: sc, Share: 0.25, Balance: []string{"ell"}, Seed: 7}
	rec := req.Record("P-S1-1")
	fmt.Println(rec.ID, rec.School, rec.Method, rec.Scope, rec.Share, rec.Seed)
	back, err := selection.RequestOf(rec)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(back.Scope, back.Method, back.Share, back.Balance, back.Seed)
	// Output:
	// P-S1-1 S1 stratified map[grade:2|3 school:S1] 0.25 7
	// school=S1,grade=2|3 stratified 0.25 [ell] 7
}

// Replaying a recorded plan on a roster that changed since says which
// recorded families it no longer chooses, and why.
func ExampleReplayPlan() {
	ds := exampleSchool()
	pl, err := selection.NewPlan(ds, selection.Request{Count: 4, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	rec := pl.Record("P-D1-1")
	ds.Plans = append(ds.Plans, rec)
	ds.Invitations = pl.Invitations(rec.ID, time.Date(2025, 8, 4, 16, 0, 0, 0, time.UTC))

	r, _ := selection.ReplayPlan(ds, rec)
	fmt.Println("same roster:", r.Same(), r.Plan.Families())

	// The first chosen family moves away.
	gone := pl.Families()[0]
	ds.Families = slices.DeleteFunc(ds.Families, func(f model.Family) bool { return f.ID == gone })
	ds.Students = slices.DeleteFunc(ds.Students, func(s model.Student) bool { return s.Family == gone })
	r, _ = selection.ReplayPlan(ds, rec)
	fmt.Println("population then and now:", rec.Population, r.Plan.Population)
	for _, d := range r.RecordedNotChosen {
		fmt.Println("recorded, not chosen now:", d.Family, d.Now)
	}
	fmt.Println("chosen now, not recorded:", r.ChosenNotRecorded)
	// Output:
	// same roster: true [F02 F05 F31 F35]
	// population then and now: 40 39
	// recorded, not chosen now: F02 removed
	// recorded, not chosen now: F05 not-drawn
	// chosen now, not recorded: [F03 F06]
}
