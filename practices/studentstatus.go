package practices

import (
	"time"

	"github.com/homevisits/pthv/model"
)

// StudentStatus is one student's school year as a district system shows
// it — has the family had a visit this year, and what comes next — in
// the one wire form that `pthv lookup --format json` and the HTTP
// service's GET /v1/students/{id}/status both write. Times are instants
// in the district's time zone (RFC 3339 in JSON, with the zone's offset).
// It carries ids only, never contact data.
type StudentStatus struct {
	Student model.StudentID    `json:"student"`
	School  model.SchoolID     `json:"school"`
	Grade   string             `json:"grade"`
	Family  model.FamilyID     `json:"family"`
	Year    model.SchoolYearID `json:"year"`
	AsOf    time.Time          `json:"as_of"`
	// Visited reports a completed visit concerning the student this year.
	Visited bool `json:"visited"`
	// Visits are the year's completed visits concerning the student, never
	// nil (an empty list in JSON).
	Visits []StatusVisit `json:"visits"`
	// Next is the next visit booked, or nil.
	Next *StatusVisit `json:"next,omitempty"`
	// Consent is the family's standing ([FamilyStanding.String]).
	Consent string `json:"consent"`
	// Declined reports a decline or withdrawal this year, even one a later
	// acceptance followed.
	Declined bool `json:"declined_before,omitempty"`
	// Advice is the next step in words ([NextStep.Advice]).
	Advice string `json:"advice"`
}

// StatusVisit is one visit of a [StudentStatus].
type StatusVisit struct {
	Visit    model.VisitID      `json:"visit"`
	Start    time.Time          `json:"start"`
	Kind     model.VisitKind    `json:"kind,omitempty"`
	Status   model.VisitStatus  `json:"status"`
	Visitors []model.EducatorID `json:"visitors,omitempty"`
	// Place is "first", "second" or "later": the visit's place in this
	// student's lifecycle; empty for the next visit, not yet held.
	Place string `json:"place,omitempty"`
}

// Status returns s as a [StudentStatus], its times in loc (the district's
// time zone; UTC when loc is nil). Placed visits with no visit are left
// out.
func (s StudentYear) Status(loc *time.Location) StudentStatus {
	if loc == nil {
		loc = time.UTC
	}
	show := func(v *model.Visit) StatusVisit {
		return StatusVisit{Visit: v.ID, Start: v.Start.In(loc), Kind: v.Kind, Status: v.Status, Visitors: v.Visitors}
	}
	st := StudentStatus{Student: s.Student, School: s.School, Grade: s.Grade.String(), Family: s.Family, Year: s.Year,
		AsOf: s.AsOf.In(loc), Visited: s.Visited(), Visits: []StatusVisit{}, Consent: s.Standing.String(),
		Declined: s.DeclinedBefore, Advice: s.NextStep.Advice()}
	for _, pv := range s.Visits {
		if pv.Visit == nil {
			continue
		}
		sv := show(pv.Visit)
		sv.Place = pv.Place.String()
		st.Visits = append(st.Visits, sv)
	}
	if s.Next != nil {
		n := show(s.Next)
		st.Next = &n
	}
	return st
}
