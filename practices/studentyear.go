package practices

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/homevisits/pthv/model"
)

// StudentYear is where one student stands in a school year of home visits
// as of a moment: the visits their family has had for them this year and
// the place of each in the student's own lifecycle, the next appointment,
// the family's answer, and the next step the model advises. It answers a
// front office's or a teacher's question — "has this student's family
// been visited this year, and what is next?" — as "pthv lookup" prints
// it. Records are named by id only.
type StudentYear struct {
	Student model.StudentID
	School  model.SchoolID
	Grade   model.Grade
	Family  model.FamilyID
	Year    model.SchoolYearID
	AsOf    time.Time
	// Visits are the completed visits of the school year, started by AsOf,
	// that concern the student (those naming them, or naming no student),
	// ordered by start, then id.
	Visits []PlacedVisit
	// Next is the first visit concerning the student, scheduled or
	// proposed, that starts after AsOf (by start, then id); nil when none.
	Next *model.Visit
	// Standing is the family's answer as of AsOf, read from this school
	// year's answers covering the student ([model.ConsentFor]).
	Standing FamilyStanding
	// DeclinedBefore reports a decline or withdrawal among those answers
	// by AsOf, even when a later acceptance followed.
	DeclinedBefore bool
	// NextStep is what the model advises next for this student.
	NextStep NextStep
}

// Visited reports whether the family has had a completed visit for the
// student this school year.
func (s StudentYear) Visited() bool { return len(s.Visits) > 0 }

// PlacedVisit is a completed visit with its place in one student's
// lifecycle.
type PlacedVisit struct {
	Visit *model.Visit
	Place Place
}

// Place is where a completed visit stands for one student (RULES.md, P3:
// the lifecycle runs per student and school year): their first visit of
// the year, their second, or a later one.
type Place int

// The places of a visit in a student's year.
const (
	FirstPlace Place = iota + 1
	SecondPlace
	LaterPlace
)

// String returns "first", "second" or "later".
func (p Place) String() string {
	switch p {
	case FirstPlace:
		return "first"
	case SecondPlace:
		return "second"
	case LaterPlace:
		return "later"
	}
	return ""
}

// FamilyStanding is the family's answer about visits, as a coordinator
// reads it.
type FamilyStanding string

// The family's standings, from the firmest answer down: a withdrawal not
// followed by an acceptance, an acceptance (a family's own request
// included), a decline, an invitation without an answer yet, nothing on
// record.
const (
	StandingWithdrawn  FamilyStanding = "withdrawn"
	StandingAgreed     FamilyStanding = "agreed"
	StandingDeclined   FamilyStanding = "declined"
	StandingInvited    FamilyStanding = "invited"
	StandingNotInvited FamilyStanding = "not invited"
)

// String describes the standing for people: "agreed", "invited, no answer
// yet", "no invitation or request recorded".
func (s FamilyStanding) String() string {
	switch s {
	case StandingInvited:
		return "invited, no answer yet"
	case StandingNotInvited:
		return "no invitation or request recorded"
	}
	return string(s)
}

// NextStep is what the PTHV model advises next for one student's family.
type NextStep string

// The next steps, in the order StudentYearOf considers them.
const (
	// StepBooked: a visit is booked; nothing to do but keep it.
	StepBooked NextStep = "booked"
	// StepRespectDecision: the family declined or withdrew; visits are
	// voluntary (core practice 1).
	StepRespectDecision NextStep = "respect-decision"
	// StepOfferSecond: one visit done; the model has a second, in winter
	// or spring, about academics (core practice 3).
	StepOfferSecond NextStep = "offer-second-visit"
	// StepKeepInTouch: both visits done.
	StepKeepInTouch NextStep = "keep-in-touch"
	// StepArrangeFirst: the family agreed; a first visit is to be
	// arranged, in advance and with a trained partner.
	StepArrangeFirst NextStep = "arrange-first-visit"
	// StepOffer: nothing yet; visits are offered to all families or a
	// cross-section (core practice 4).
	StepOffer NextStep = "offer-visit"
)

// Advice says the next step for people.
func (s NextStep) Advice() string {
	switch s {
	case StepBooked:
		return "a visit is booked"
	case StepRespectDecision:
		return "respect the family's decision: no visit unless they ask for one"
	case StepOfferSecond:
		return "offer a second visit, in winter or spring, about academics and the hopes and dreams shared"
	case StepKeepInTouch:
		return "both visits done; keep up two-way communication"
	case StepArrangeFirst:
		return "the family agreed: arrange a first visit in advance, with a trained partner"
	case StepOffer:
		return "no visit yet; visits are voluntary and offered to all families or a cross-section"
	}
	return ""
}

// StudentYearOf returns where student id stands in the school year of x as
// of asOf. The visits are read per student, with [model.NewLifecycle]
// (the definition Check, Guard and [model.Journey] share), so a sibling's
// visit by another teacher is not this student's first visit; visits of
// other school years count for nothing. x is a [*model.Index] over a
// dataset, or a [NewLookup] over a district's records.
//
// A nil or zero x is an error wrapping [model.ErrInvalid]; a student x
// does not hold, one wrapping [model.ErrDangling].
func StudentYearOf(x *model.Index, id model.StudentID, asOf time.Time) (StudentYear, error) {
	if x.Dataset() == nil {
		return StudentYear{}, fmt.Errorf("practices: StudentYearOf: nil index: %w", model.ErrInvalid)
	}
	st, ok := x.Student(id)
	if !ok {
		return StudentYear{}, fmt.Errorf("practices: StudentYearOf: student %q: %w", id, model.ErrDangling)
	}
	year, loc := x.Year(), x.Calendar().Location()
	out := StudentYear{Student: st.ID, School: st.School, Grade: st.Grade, Family: st.Family, Year: year.ID, AsOf: asOf}

	var students []model.StudentID
	for _, s := range x.StudentsOf(st.Family) {
		students = append(students, s.ID)
	}
	visits := x.VisitsOf(st.Family)
	slices.SortFunc(visits, func(a, b *model.Visit) int { return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID)) })
	var done []*model.Visit
	for _, v := range visits {
		if !year.Contains(model.DateOf(v.Start.In(loc))) || !model.Concerns(v, st.ID) {
			continue
		}
		switch {
		case v.TookPlace(asOf):
			done = append(done, v)
		case (v.Status == model.Scheduled || v.Status == model.Proposed) && v.Start.After(asOf) && out.Next == nil:
			out.Next = v
		}
	}
	life := model.NewLifecycle(students, done)
	key := slices.Index(life.Keys, st.ID)
	for i, v := range life.Visits {
		place := LaterPlace
		switch {
		case key >= 0 && i == life.First[key]:
			place = FirstPlace
		case key >= 0 && i == life.Second[key]:
			place = SecondPlace
		case key < 0 && life.Places[i].Ordinal() <= 2:
			// Visits naming no student: the family's lifecycle.
			place = Place(life.Places[i].Ordinal())
		}
		out.Visits = append(out.Visits, PlacedVisit{Visit: v, Place: place})
	}

	standing, declined := model.ConsentFor(x.ConsentHistory(st.Family), year.ID, []model.StudentID{st.ID}, asOf)
	out.DeclinedBefore = declined
	withdrawn := slices.ContainsFunc(x.WithdrawalsOf(st.Family), func(w *model.Withdrawal) bool { return !w.At.After(asOf) })
	invited := slices.ContainsFunc(x.InvitationsOf(st.Family), func(inv *model.Invitation) bool { return !inv.SentAt.After(asOf) })
	switch {
	case withdrawn && standing != model.Accepted:
		out.Standing = StandingWithdrawn
	case standing == model.Accepted:
		out.Standing = StandingAgreed
	case standing == model.Declined:
		out.Standing = StandingDeclined
	case invited:
		out.Standing = StandingInvited
	default:
		out.Standing = StandingNotInvited
	}

	switch {
	case out.Next != nil:
		out.NextStep = StepBooked
	case out.Standing == StandingDeclined || out.Standing == StandingWithdrawn:
		out.NextStep = StepRespectDecision
	case len(out.Visits) == 1:
		out.NextStep = StepOfferSecond
	case len(out.Visits) >= 2:
		out.NextStep = StepKeepInTouch
	case out.Standing == StandingAgreed:
		out.NextStep = StepArrangeFirst
	default:
		out.NextStep = StepOffer
	}
	return out, nil
}
