// Package breach plants breaches of practice in records: the one way that
// synth (a synthetic district's deviations), simulate (a design's
// deviations, as last-minute changes the planners did not make) and
// practicestest (a rule broken on purpose) break a rule of RULES.md. Each
// function names the rule it breaks; one that draws takes the stream to
// draw from, and draws the same numbers whoever calls it, so a district or
// a run stays the same for the same seed.
package breach

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/homevisits/pthv/internal/draw"
	"github.com/homevisits/pthv/model"
)

// Partner breaks P2.trained or P1.educator-consent, whichever educator id
// cannot keep: id takes the partner's place on visit v (the second
// visitor's: the first is the student's teacher) — in the reflection and
// the pay too, when they are recorded —, or joins the visitors when join
// is set: when another breach already took the partner's place, so that
// both breaches stay in the record. A visitor who joins a visit whose pay
// is recorded is the caller's to pay.
func Partner(v *model.Visit, id model.EducatorID, join bool) {
	if join || len(v.Visitors) < 2 {
		v.Visitors = append(v.Visitors[:len(v.Visitors):len(v.Visitors)], id)
		if v.Reflection != nil && len(v.Reflection.By) > 0 {
			v.Reflection.By = append(v.Reflection.By[:len(v.Reflection.By):len(v.Reflection.By)], id)
		}
		return
	}
	gone := v.Visitors[1]
	v.Visitors[1] = id
	if v.Reflection != nil {
		for i, e := range v.Reflection.By {
			if e == gone {
				v.Reflection.By[i] = id
			}
		}
	}
	for i := range v.Compensation {
		if v.Compensation[i].Educator == gone {
			v.Compensation[i].Educator = id
		}
	}
}

// Solo breaks P5.pair: the partner drops out at the last minute and the
// first visitor visits alone. The others leave the visit, its reflection
// and its pay. It implies P5.reflection (RULES.md: a solo visit cannot be
// reflected together).
func Solo(v *model.Visit) {
	if len(v.Visitors) < 2 {
		return
	}
	gone := v.Visitors[1:]
	left := func(id model.EducatorID) bool { return slices.Contains(gone, id) }
	v.Compensation = slices.DeleteFunc(v.Compensation, func(c model.Compensation) bool { return left(c.Educator) })
	if v.Reflection != nil {
		v.Reflection.By = slices.DeleteFunc(v.Reflection.By, left)
	}
	v.Visitors = v.Visitors[:1:1]
}

// DropIn breaks P1.arranged-in-advance: the visit was arranged at the door,
// at its start, and never rescheduled. (A visit that records no
// arranged-at is not assessable, never a breach: RULES.md, "missing data is
// never a violation".)
func DropIn(v *model.Visit) {
	v.ArrangedAt, v.Reschedules = v.Start, nil
}

// Agenda breaks P3.first-visit-no-agenda: the topic an educator raises on
// a first visit — academics, behavior or attendance, drawn from r — for
// the caller to add to the visit's topics.
func Agenda(r *rand.Rand) model.Topic {
	agenda := [...]model.TopicKind{model.Academics, model.Behavior, model.Attendance}
	return model.Topic{Kind: agenda[r.IntN(len(agenda))], RaisedBy: model.ByEducator}
}

// Reflection breaks P5.reflection on a visit with a reflection: r picks
// whether the visitors reflected 3–23 days after the policy's window
// (within days of the visit's end) closed, or — on a visit with two
// visitors or more — only the first visitor recorded it (the partner never
// joined in).
func Reflection(r *rand.Rand, v *model.Visit, within model.Days) {
	if v.Reflection == nil {
		return
	}
	if r.IntN(2) == 0 || len(v.Visitors) < 2 {
		v.Reflection.At = v.End().AddDate(0, 0, int(within)+draw.Between(r, 3, 23))
		return
	}
	v.Reflection.By = []model.EducatorID{v.Visitors[0]}
}

// Unpaid breaks P2.compensated: the first certificated visitor paid for
// visit v's minutes outside the working day gets no pay and no funding
// source. classified tells which visitors are classified staff (RULES.md
// judges P2.compensated for certificated staff). It reports whether a
// visitor lost their pay: a visit with none paid has no occasion.
func Unpaid(v *model.Visit, classified func(model.EducatorID) bool) bool {
	for j := range v.Compensation {
		if c := &v.Compensation[j]; c.AmountCents > 0 && !classified(c.Educator) {
			c.AmountCents, c.Source = 0, ""
			return true
		}
	}
	return false
}

// Criterion is the student attribute a targeting school records among its
// plan's criteria (P4.selection-criteria): "attendance".
const Criterion = "attendance"

// Schools picks the schools of a school rate (Targeted, Mandate): round(rate
// × n) of the n schools, at least one when rate is above zero, in order;
// none, drawing nothing, when it is not.
func Schools(r *rand.Rand, n int, rate float64) []int {
	if rate <= 0 || n <= 0 {
		return nil
	}
	k := min(n, max(1, int(math.Round(rate*float64(n)))))
	s := r.Perm(n)[:k]
	slices.Sort(s)
	return s
}
