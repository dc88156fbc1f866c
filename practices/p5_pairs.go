package practices

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/homevisits/pthv/model"
)

// P5 — "Educators conduct visits in pairs and, after the visit, reflect with
// their partners" (RTI implementation study). "Pairing teachers helps to
// create a safer environment for both teachers and families, and it also
// gives visiting teachers someone who can help them reflect" (Organizing
// Engagement).

func judgeGroupSize(r *run) {
	r.judgeVisit("P5.group-size", func(b *booking) (outcome, string) { return groupSize(b, r.pol) })
}

// teacherOnVisit: P5.teacher-on-visit — one visitor teaches a listed
// student (teacher of record or a teacher of one of the student's classes).
func teacherOnVisit(b *booking) (outcome, string) {
	teachers := b.teachers
	if len(teachers) == 0 {
		return notAssessable, ""
	}
	for _, v := range b.v.Visitors {
		if slices.Contains(teachers, v) {
			return passed, ""
		}
	}
	return failed, fmt.Sprintf("Visit %s on %s had none of the student's teachers; visits pair the child's teacher with a trusted colleague", b.v.ID, b.date)
}

// judgeReflection: the visitors reflected together within ReflectWithin of
// the visit. A solo visit cannot be reflected on with a partner. Due once
// the window has closed (or a reflection is recorded); schools that record
// no reflections at all are not assessable.
func judgeReflection(r *run) {
	rule := r.rule("P5.reflection")
	within := r.pol.ReflectWithin
	r.visitRules(rule, func(r *run, vf *visitFacts) {
		deadline := r.reflectionDeadline(vf)
		ref := &vf.reflection
		switch {
		case !ref.recorded && r.asOf.Before(deadline):
			r.pending(rule, vf.school)
		case !r.recordsReflections[vf.school]:
			r.na(rule, vf.school)
		case len(vf.booking.ids) < 2:
			r.find(rule, vf.school, "", vf.date, visitRecords(vf.v),
				"Visit %s on %s had no partner to reflect with; visitors reflect together afterwards", vf.v.ID, vf.date)
		case !ref.recorded:
			r.find(rule, vf.school, "", vf.date, visitRecords(vf.v),
				"Visit %s on %s has no reflection recorded within %s", vf.v.ID, vf.date, within)
		case ref.at.After(deadline):
			r.find(rule, vf.school, "", vf.date, visitRecords(vf.v),
				"Visit %s on %s was reflected on %s, later than %s after the visit", vf.v.ID, vf.date,
				model.DateOf(ref.at.In(r.loc)), within)
		default:
			r.pass(rule, vf.school)
		}
	})
}

// reflection is what the record shows of a visit's reflection.
type reflection struct {
	recorded bool
	at       time.Time
	// coveredBias is nil when not recorded.
	coveredBias *bool
}

// reflectionOf returns what v's record shows of its reflection.
func reflectionOf(v *model.Visit) reflection {
	if v.Reflection == nil {
		return reflection{}
	}
	return reflection{recorded: true, at: v.Reflection.At, coveredBias: v.Reflection.CoveredBias}
}

// reflectionDeadline returns the end of the visit's reflection window under
// the check's policy: the one Prepare worked out under the dataset's
// policy, or a new one for another window.
func (r *run) reflectionDeadline(vf *visitFacts) time.Time {
	if r.pol.ReflectWithin == r.reflectWithin {
		return vf.reflectBy
	}
	return r.pol.ReflectWithin.After(vf.v.End().In(r.loc))
}

// judgeBiasReflection: the reflection covered assumptions and biases ("what
// biases were held about the family prior to the visit and how those
// assumptions changed", PTHV). Like P5.reflection, a visit not yet reflected
// on is pending while its reflection window is open.
func judgeBiasReflection(r *run) {
	rule := r.rule("P5.bias-reflection")
	r.visitRules(rule, func(r *run, vf *visitFacts) {
		ref := &vf.reflection
		switch {
		case !ref.recorded && r.asOf.Before(r.reflectionDeadline(vf)):
			r.pending(rule, vf.school)
		case ref.coveredBias == nil:
			r.na(rule, vf.school)
		case *ref.coveredBias:
			r.pass(rule, vf.school)
		default:
			r.find(rule, vf.school, "", vf.date, visitRecords(vf.v),
				"The reflection on visit %s (%s) did not cover the visitors' assumptions or biases", vf.v.ID, vf.date)
		}
	})
}

// judgeLanguage: P5.language — a family that needs another language had a
// visitor or an interpreter who speaks it. Families that need none are not
// units.
func judgeLanguage(p *Program, vf *visitFacts, w *verdictWriter) {
	if !vf.interpreter {
		return
	}
	needed := vf.languages
	if len(needed) == 0 {
		w.na()
		return
	}
	for _, l := range needed {
		for _, e := range vf.booking.eds {
			if e != nil && e.Speaks(l) {
				w.pass()
				return
			}
		}
		for _, in := range vf.v.Interpreters {
			if slices.Contains(in.Languages, l) {
				w.pass()
				return
			}
		}
	}
	w.fail(visitRecords(vf.v), fmt.Sprintf("Visit %s on %s: the family needs %v and neither a visitor nor an interpreter speaks it", vf.v.ID, vf.date, needed))
}

// languagesNeeded returns whether family f needs an interpreter and the
// languages other than English it speaks.
func languagesNeeded(f *familyFacts) (bool, []model.Language) {
	if f == nil || !f.family.NeedsInterpreter {
		return false, nil
	}
	var needed []model.Language
	for _, l := range f.family.Languages {
		if !strings.HasPrefix(string(l), "en") {
			needed = append(needed, l)
		}
	}
	return true, needed
}

// judgePairVariety: a school uses more than one type of pair (for instance
// teacher+teacher and teacher+classified). Stable pairs are fine; variety is
// judged across the school at the end of the year.
func judgePairVariety(r *run) {
	rule := r.rule("P5.pair-variety")
	types := make([]map[string]bool, len(r.schools)+1)
	paired := make([]int, len(r.schools)+1)
	for i := range r.visits {
		vf := &r.visits[i]
		if !r.tookPlace(vf) || vf.pairType == "" {
			continue
		}
		if types[vf.school] == nil {
			types[vf.school] = map[string]bool{}
		}
		types[vf.school][vf.pairType] = true
		paired[vf.school]++
	}
	for s, sid := range r.schools {
		switch {
		case !r.endOfYear():
			r.pending(rule, s)
		case paired[s] < 2:
			r.na(rule, s)
		case len(types[s]) >= 2:
			r.pass(rule, s)
		default:
			r.find(rule, s, "", r.ds.Year.LastDay, []string{string(sid)},
				"School %s used one type of pair for all %d paired visits; educators recommend varying types of pairs", sid, paired[s])
		}
	}
}

// pairType names the kinds of educators on a visit, such as
// "classified+teacher"; "" when fewer than two distinct educators visited.
func pairType(b *booking) string {
	if len(b.ids) < 2 {
		return ""
	}
	kinds := make([]string, 0, len(b.eds))
	for _, e := range b.eds {
		if e != nil {
			kinds = append(kinds, pairKind(e))
		}
	}
	slices.Sort(kinds)
	return strings.Join(kinds, "+")
}

func pairKind(e *model.Educator) string {
	if e.Role == model.Classified {
		return "classified"
	}
	if e.Position == model.Teacher {
		return "teacher"
	}
	return string(e.Position)
}
