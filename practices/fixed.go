package practices

import (
	"math"

	"github.com/homevisits/pthv/internal/parallel"
)

// Fixed visit rules. Most visit rules judge a visit by its record, its
// family's consent history, its educators' records and its place among the
// family's completed visits: facts of the dataset that neither the date of
// a check nor its policy changes (P1.family-consent, P2.trained,
// P5.teacher-on-visit …). Prepare judges every visit by each of them once
// and keeps the verdicts — counts of units passed or not assessable, and
// each finding with its message already written. A check counts the
// verdicts of the visits that took place as of its date; the rules that
// read the date or the policy (P1.notice, P3.duration, P5.reflection …)
// are judged by every check.

// fixedJudge judges one visit by one fixed rule, giving a verdict for each
// of its units to w.
type fixedJudge func(p *Program, vf *visitFacts, w *verdictWriter)

// fixedRule is a fixed rule's position in the catalogue and its judge.
type fixedRule struct {
	rule  int
	judge fixedJudge
}

// unitCount is how many of a visit's units of one fixed rule had one
// outcome (passed or not assessable; findings are kept one by one).
type unitCount struct {
	rule    uint16
	outcome outcome
	n       uint16
}

// fixedFinding is a finding of a fixed rule on a visit, on the visit's date,
// with its message complete (rule id included).
type fixedFinding struct {
	rule    int
	records []string
	message string
}

// verdictWriter collects the verdicts of the fixed rules on visits, in one
// backing array for all of them.
type verdictWriter struct {
	p    *Program
	rule int
	// from is where the current visit's counts begin.
	from   int
	counts []unitCount
	found  []fixedFinding
}

func (w *verdictWriter) pass() { w.count(passed) }
func (w *verdictWriter) na()   { w.count(notAssessable) }

// count adds one unit with outcome o, merged with the last count when that
// is of the same visit, rule and outcome and has room.
func (w *verdictWriter) count(o outcome) {
	if n := len(w.counts); n > w.from {
		if c := &w.counts[n-1]; int(c.rule) == w.rule && c.outcome == o && c.n < math.MaxUint16 {
			c.n++
			return
		}
	}
	w.counts = append(w.counts, unitCount{rule: uint16(w.rule), outcome: o, n: 1})
}

// fail adds a finding on the records with message msg, which is completed
// with the rule id.
func (w *verdictWriter) fail(records []string, msg string) {
	w.found = append(w.found, fixedFinding{rule: w.rule, records: records, message: w.p.message(w.rule, msg)})
}

// judgeFixed judges every visit by every fixed rule, the visits split in
// parts across the cores, each part writing its own backing arrays.
func (p *Program) judgeFixed() {
	const part = 4096
	parts := (len(p.visits) + part - 1) / part
	parallel.For(parts, func(k int) {
		w := verdictWriter{p: p}
		lo, hi := k*part, min((k+1)*part, len(p.visits))
		type span struct{ counts, found [2]int }
		spans := make([]span, hi-lo)
		for i := lo; i < hi; i++ {
			vf := &p.visits[i]
			s := &spans[i-lo]
			w.from = len(w.counts)
			s.counts[0], s.found[0] = len(w.counts), len(w.found)
			if vf.completed {
				for _, fr := range p.fixed {
					w.rule = fr.rule
					fr.judge(p, vf, &w)
				}
			}
			s.counts[1], s.found[1] = len(w.counts), len(w.found)
		}
		// Slice only once the backing arrays have stopped growing.
		for i := lo; i < hi; i++ {
			s := &spans[i-lo]
			vf := &p.visits[i]
			vf.counts = w.counts[s.counts[0]:s.counts[1]:s.counts[1]]
			vf.found = w.found[s.found[0]:s.found[1]:s.found[1]]
		}
	})
}

// countFixed counts the fixed rules' verdicts on a visit that took place,
// for the fixed rules this check judges.
func (r *run) countFixed(vf *visitFacts) {
	for _, c := range vf.counts {
		if !r.fixedOn[c.rule] {
			continue
		}
		t := &r.tally[int(c.rule)*r.cols+vf.school]
		if c.outcome == passed {
			t.passed += int(c.n)
		} else {
			t.notAssessable += int(c.n)
		}
	}
	for k := range vf.found {
		f := &vf.found[k]
		if r.fixedOn[f.rule] {
			r.add(f.rule, vf.school, "", vf.date, f.records, f.message)
		}
	}
}

// judged records outcome o of one unit of visit vf; a failure is a finding
// on the visit, its family and extra, with message msg.
func (w *verdictWriter) judged(vf *visitFacts, o outcome, msg string, extra ...string) {
	if o == failed {
		w.fail(visitRecords(vf.v, extra...), msg)
	} else {
		w.count(o)
	}
}

// fixedVisit is a fixed rule applying a booking rule to the visit, not
// assessable in schools for which needs (when given) is false.
func fixedVisit(needs func(p *Program, school int) bool, fn func(b *booking) (outcome, string)) fixedJudge {
	return func(p *Program, vf *visitFacts, w *verdictWriter) {
		if needs != nil && !needs(p, vf.school) {
			w.na()
			return
		}
		o, msg := fn(&vf.booking)
		w.judged(vf, o, msg)
	}
}

// fixedVisitEducator is a fixed rule applying a booking rule to every
// visitor of the visit (unit: visit×educator), not assessable when needs
// is false.
func fixedVisitEducator(needs func(p *Program) bool, fn func(b *booking, i int) (outcome, string)) fixedJudge {
	return func(p *Program, vf *visitFacts, w *verdictWriter) {
		b := &vf.booking
		recorded := needs(p)
		for i, e := range b.visitors() {
			if !recorded {
				w.na()
				continue
			}
			o, msg := fn(b, i)
			w.judged(vf, o, msg, string(e))
		}
	}
}

// fixedNth is a fixed rule judging the family's n-th completed visit of the
// year with fn; other visits are not its units.
func fixedNth(n int, fn func(vf *visitFacts) (outcome, string)) fixedJudge {
	return func(p *Program, vf *visitFacts, w *verdictWriter) {
		if vf.ordinal == n {
			o, msg := fn(vf)
			w.judged(vf, o, msg)
		}
	}
}
