// Package districtgen is the one generator of whole test districts for
// property tests: each draw is a synthetic district (synth.District) of a
// drawn small configuration and seed, so it has the shapes real districts
// have — families with children in two schools, siblings with different
// teachers, visits naming several students, home languages held by one
// to three families of a school — and, when asked, sparse records: the
// fields real programs often leave out (RULES.md: "real programs record
// little") left out at random. Tests that need one record in one state
// build it by hand; tests that need a district draw it here.
//
// Four other generators of datasets stay, each for what this one cannot
// give: practicestest.Dataset and CompliantDataset are the product's own
// generators for users' conformance suites, built to break each rule once
// on purpose; internal/modelgen fills every field of every record for
// the format's round trips, which synth never writes; the reference
// district of practices' reference properties is the slow oracle's input,
// kept apart from the code it checks; and pairing's generator draws the
// cases synth never makes (availability windows, prefer and avoid lists,
// training mid-year, scheduled visits clustered on one evening).
package districtgen

import (
	"fmt"
	"time"

	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/synth"
)

// Options say which districts [District] draws. The zero value draws
// compliant districts of one to three schools of up to 60 students, with
// every field synth records.
type Options struct {
	// MaxSchools is the most schools, 1 or more (0: 3).
	MaxSchools int
	// MinStudentsPerSchool and MaxStudentsPerSchool bound the students
	// per school on average (0: 1 and 60; a minimum above the maximum is
	// the maximum).
	MinStudentsPerSchool, MaxStudentsPerSchool int
	// Deviations plants synth's demo deviations (a few breaches of each
	// kind, and the everyday lapses) in about half the districts.
	Deviations bool
	// Sparse leaves out, record by record, what real programs often do
	// not record: students' attributes and teachers of record, families'
	// languages, a visit's arranged-at, named students and who reflected,
	// an invitation's named students.
	Sparse bool
}

// District returns the generator of districts o describes. Every district
// passes [model.Dataset.Validate].
func District(o Options) *rapid.Generator[*model.Dataset] {
	if o.MaxSchools < 1 {
		o.MaxSchools = 3
	}
	if o.MaxStudentsPerSchool < 1 {
		o.MaxStudentsPerSchool = 60
	}
	return rapid.Custom(func(t *rapid.T) *model.Dataset {
		c := synth.DefaultConfig()
		c.Schools = rapid.IntRange(1, o.MaxSchools).Draw(t, "schools")
		c.StudentsPerSchool = rapid.IntRange(min(max(o.MinStudentsPerSchool, 1), o.MaxStudentsPerSchool), o.MaxStudentsPerSchool).Draw(t, "students_per_school")
		c.EducatorsPerSchool = rapid.IntRange(synth.MinStaff, 10).Draw(t, "educators_per_school")
		c.ClassSize = rapid.IntRange(4, 30).Draw(t, "class_size")
		c.ELLRate = rapid.Float64Range(0, 0.5).Draw(t, "ell_rate")
		c.IEPRate = rapid.Float64Range(0, 0.3).Draw(t, "iep_rate")
		c.FRLRate = rapid.Float64Range(0, 1).Draw(t, "frl_rate")
		c.OptInRate = rapid.Float64Range(0, 1).Draw(t, "opt_in_rate")
		c.InviteShare = rapid.Float64Range(0, 1).Draw(t, "invite_share")
		c.AcceptRate = rapid.Float64Range(0, 1).Draw(t, "accept_rate")
		c.SecondVisitRate = rapid.Float64Range(0, 1).Draw(t, "second_visit_rate")
		c.Deviations = synth.Compliant()
		if o.Deviations && rapid.Bool().Draw(t, "deviations") {
			c.Deviations = synth.DemoDeviations()
		}
		ds, err := synth.District(c, rapid.Uint64().Draw(t, "seed"))
		if err != nil {
			panic(fmt.Sprintf("districtgen: %v", err)) // a bug of the drawn configuration
		}
		if o.Sparse {
			sparse(t, ds)
		}
		return ds
	})
}

// sparse leaves out, at random, the optional fields real programs often
// do not record; what it leaves still passes validation.
func sparse(t *rapid.T, ds *model.Dataset) {
	drop := func(label string) bool { return rapid.IntRange(0, 3).Draw(t, label) == 0 }
	for i := range ds.Students {
		st := &ds.Students[i]
		if drop("student attributes") {
			st.Attributes = nil
		}
		if drop("student teachers") {
			st.Teachers = nil
		}
	}
	for i := range ds.Families {
		if drop("family languages") {
			ds.Families[i].Languages = nil
		}
	}
	for i := range ds.Visits {
		v := &ds.Visits[i]
		if drop("visit arranged at") {
			v.ArrangedAt, v.Reschedules = time.Time{}, nil
		}
		if drop("visit students") {
			v.Students = nil
		}
		if v.Reflection != nil && drop("reflection by") {
			v.Reflection.By = nil
		}
	}
	for i := range ds.Invitations {
		if drop("invitation students") {
			ds.Invitations[i].Students = nil
		}
	}
}
