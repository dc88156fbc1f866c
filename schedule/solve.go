package schedule

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/homevisits/pthv/model"
)

// cand is one start time on one day with its cost.
type cand struct {
	start int32
	cost  int32
	pref  int32
	cents int64
}

// better orders candidates of one day: pay first within a budget, then
// minutes outside the working day, window rank and start.
func (p *problem) better(a, b cand) bool {
	if p.budget && a.cents != b.cents {
		return a.cents < b.cents
	}
	if a.cost != b.cost {
		return a.cost < b.cost
	}
	if a.pref != b.pref {
		return a.pref < b.pref
	}
	return a.start < b.start
}

// less orders keys: the objective's order, then day and start.
func (p *problem) less(a, b key) bool {
	if p.budget && a.cents != b.cents {
		return a.cents < b.cents
	}
	if a.miss != b.miss {
		return a.miss < b.miss
	}
	if a.cost != b.cost {
		return a.cost < b.cost
	}
	if a.pref != b.pref {
		return a.pref < b.pref
	}
	if a.day != b.day {
		return a.day < b.day
	}
	return a.start < b.start
}

// scoreLess orders keys by score alone, ignoring day and start.
func (p *problem) scoreLess(a, b key) bool {
	a.day, a.start, b.day, b.start = 0, 0, 0, 0
	return p.less(a, b)
}

// keyAt returns the key of visit vi starting at minute s of day d.
func (p *problem) keyAt(vi int32, d, s int32) key {
	v := &p.visits[vi]
	c := p.score(&p.fams[v.fam], d, s)
	return key{miss: p.miss(d, v.second), cents: c.cents, cost: c.cost, pref: c.pref, day: d, start: s}
}

// sameScore reports whether a and b score the same apart from day and start.
func (p *problem) sameScore(a, b key) bool {
	return a.miss == b.miss && a.cost == b.cost && a.pref == b.pref && (!p.budget || a.cents == b.cents)
}

// miss returns 1 when day d is outside the season of the visit: a first
// visit belongs in summer or fall, a second in winter or spring (P3).
func (p *problem) miss(d int32, second bool) int32 {
	s := p.days[d].season
	late := s >= 2 // winter or spring
	if late != second {
		return 1
	}
	return 0
}

// travel returns the minutes needed from a visit to family a to one to b.
func (p *problem) travel(a, b model.FamilyID) int32 {
	if p.opt.Travel == nil {
		return p.buf
	}
	return toMinutes(p.opt.Travel(a, b))
}

func toMinutes(d time.Duration) int32 {
	if d <= 0 {
		return 0
	}
	if d > 24*time.Hour {
		d = 24 * time.Hour
	}
	return int32((d + time.Minute - 1) / time.Minute)
}

// boundsOf returns the earliest and latest moments a visit may start, from
// the notice, the visitors' training and the gap to the family's other
// visit. ok is false when the visit cannot start at all (a second visit
// without a first).
func (p *problem) boundsOf(vi int32) (lo, hi moment, ok bool) {
	v := &p.visits[vi]
	f := &p.fams[v.fam]
	lo = maxMoment(p.notice, moment{f.minDay, 0})
	hi = moment{int32(len(p.days)) - 1, 24 * 60}
	gap := int32(p.pol.MinGap)
	if v.second {
		switch fi := f.visits[0]; {
		case len(f.kept) >= 1:
			m := p.momentOf(f.kept[0].Start)
			lo = maxMoment(lo, moment{m.day + gap, m.min})
		case fi >= 0 && p.visits[fi].placed:
			a := p.visits[fi].at
			lo = maxMoment(lo, moment{a.day + gap, a.start})
		default:
			return lo, hi, false
		}
	} else if si := f.visits[1]; si >= 0 && p.visits[si].placed {
		a := p.visits[si].at
		hi = minMoment(hi, moment{a.day - gap, a.start})
	}
	return lo, hi, !hi.before(lo)
}

func (p *problem) capsOK(f *family, d int32) bool {
	w := p.days[d].week
	for _, k := range f.team {
		e := &p.edus[k]
		if int(e.dayCount[d]) >= p.pol.MaxVisitsPerDay || int(e.weekCount[w]) >= p.pol.MaxVisitsPerWeek {
			return false
		}
	}
	return true
}

// freeSpans returns the start spans of family f on day d within [lo, hi]
// that no appointment of its visitors blocks (travel included). The result
// lives in scratch space until the next call.
func (p *problem) freeSpans(f *family, d int32, lo, hi moment) []span {
	out := p.scratch[:0]
	for _, s := range f.allowed[p.days[d].wd] {
		if d == lo.day {
			s.lo = max(s.lo, lo.min)
		}
		if d == hi.day {
			s.hi = min(s.hi, hi.min)
		}
		if s.lo <= s.hi {
			out = append(out, s)
		}
	}
	other := p.scratch2
	// The working day is read only from the notice on: every placement
	// starts at or after it (boundsOf).
	work := p.days[d].school && d >= max(p.notice.day, 0)
	for _, k := range f.team {
		e := &p.edus[k]
		if e.works && work && len(out) > 0 {
			// The working day: an appointment of no family.
			out, other = cut(out, other, int32(e.hours.Start)-p.L-p.travel(f.id, ""), int32(e.hours.End)+p.travel("", f.id))
		}
		for _, b := range e.busy[d] {
			if len(out) == 0 {
				break
			}
			// A start s conflicts when b.from-L-travel < s < b.to+travel.
			out, other = cut(out, other, b.from-p.L-p.travel(f.id, b.family), b.to+p.travel(b.family, f.id))
		}
	}
	p.scratch, p.scratch2 = out, other
	return out
}

// cut returns spans less the open interval (x, y) of starts that conflict,
// written into spare's array, and spans' array as the next spare.
func cut(spans, spare []span, x, y int32) (kept, nextSpare []span) {
	kept = spare[:0]
	for _, s := range spans {
		if a := min(s.hi, x); s.lo <= a {
			kept = append(kept, span{s.lo, a})
		}
		if a := max(s.lo, y); a <= s.hi {
			kept = append(kept, span{a, s.hi})
		}
	}
	return kept, spans
}

func (p *problem) ceilStep(m int32) int32 {
	if m <= 0 {
		return 0
	}
	return (m + p.step - 1) / p.step * p.step
}

func (p *problem) floorStep(m int32) int32 {
	if m < 0 {
		return -p.step
	}
	return m / p.step * p.step
}

// score returns the cost of starting family f's visit at minute s of day d.
func (p *problem) score(f *family, d int32, s int32) cand {
	c := cand{start: s}
	school := p.days[d].school
	for _, k := range f.team {
		e := &p.edus[k]
		m := p.L
		if school {
			if ov := min(s+p.L, int32(e.hours.End)) - max(s, int32(e.hours.Start)); ov > 0 {
				m -= ov
			}
		}
		c.cost += m
		if !e.stipend {
			c.cents += model.CentsFor(int(m), e.rate)
		}
	}
	if len(f.windows) > 0 {
		c.pref = int32(len(f.windows))
		wd := p.days[d].wd
		for i, w := range f.windows {
			if w.Weekday == wd && s >= int32(w.Start) && s+p.L <= int32(w.End) {
				c.pref = int32(i)
				break
			}
		}
	}
	return c
}

// eachCandidate calls fn with every start worth considering in spans: the
// ends of each span and the points where the cost or the window rank can
// change, on the step grid. Minutes outside the working day are piecewise
// linear in the start with breaks at these points, so the best start of a
// span is always among them.
func (p *problem) eachCandidate(f *family, d int32, spans []span, fn func(s int32)) {
	wd := p.days[d].wd
	school := p.days[d].school
	for _, s := range spans {
		a, b := p.ceilStep(s.lo), p.floorStep(s.hi)
		if a > b {
			continue
		}
		try := func(m int32) {
			for _, x := range [2]int32{p.floorStep(m), p.ceilStep(m)} {
				if x > a && x < b {
					fn(x)
				}
			}
		}
		fn(a)
		if b != a {
			fn(b)
		}
		if school {
			for _, k := range f.team {
				h := p.edus[k].hours
				try(int32(h.Start) - p.L)
				try(int32(h.Start))
				try(int32(h.End) - p.L)
				try(int32(h.End))
			}
		}
		for _, w := range f.windows {
			if w.Weekday == wd {
				try(int32(w.Start))
				try(int32(w.End) - p.L)
			}
		}
	}
}

// dayBest returns the best start of family f's visit on day d within
// [lo, hi], given the appointments placed so far and the budget left.
func (p *problem) dayBest(f *family, d int32, lo, hi moment) (best cand, ok, unaffordable bool) {
	p.evals++
	if !p.capsOK(f, d) {
		return cand{}, false, false
	}
	spans := p.freeSpans(f, d, lo, hi)
	if len(spans) == 0 {
		return cand{}, false, false
	}
	p.eachCandidate(f, d, spans, func(s int32) {
		c := p.score(f, d, s)
		if p.budget && c.cents > p.left {
			unaffordable = true
			return
		}
		if !ok || p.better(c, best) {
			best, ok = c, true
		}
	})
	return best, ok, unaffordable
}

// ideal is the best score of a class of days (one weekday, school day or
// not) for a family when nothing else is booked.
type ideal struct {
	c  cand
	ok bool
}

// classIdeals computes a family's best score per class of days: a bound
// no day of the class beats, which lets best stop scanning a class.
//
// Unless p.loose is set, the ideal of a class of school days leaves out
// the working hours that [Options.WorkingHoursBusy] takes on every school
// day from the visitors with no availability on record, as freeSpans
// does on each day: without it the ideal of a school day is a visit
// within the working day, which no school day offers, and best scans
// every school day of the year for each visit. Either bound gives best
// the same placement (the bound only stops the scan where no day can do
// better); the search budget of augment counts the days scanned, so the
// local search keeps the loose bound it was tuned with.
func (p *problem) classIdeals(f *family) (out [7][2]ideal) {
	tight := !p.loose && !p.alwaysLoose && p.opt.WorkingHoursBusy
	if tight && f.hasIdeals {
		return f.ideals
	}
	for wd := range 7 {
		for sch := range 2 {
			days := p.byClass[wd][sch]
			if len(f.allowed[wd]) == 0 || len(days) == 0 {
				continue
			}
			if w, ok := p.sameIdeal(f, wd, sch); ok {
				out[wd][sch] = out[w][sch]
				continue
			}
			d := days[0]
			spans := f.allowed[wd]
			if tight && sch == 1 {
				spans = p.afterWork(f, spans)
			}
			var best cand
			ok := false
			p.eachCandidate(f, d, spans, func(s int32) {
				c := p.score(f, d, s)
				if !ok || p.better(c, best) {
					best, ok = c, true
				}
			})
			out[wd][sch] = ideal{best, ok}
		}
	}
	if tight {
		f.ideals, f.hasIdeals = out, true
	}
	return out
}

// sameIdeal returns an earlier weekday whose class of days, school day
// or not as sch, has the ideal of weekday wd's: a family with no windows
// of its own scores a start the same on every weekday (only its windows
// tell weekdays apart), so two weekdays with the same allowed spans have
// the same ideal. Three in four families of a school have no windows,
// and all their weekdays the same spans. ok is false when no earlier
// weekday is known to (alwaysEachClass: always, the oracle in tests).
func (p *problem) sameIdeal(f *family, wd, sch int) (w int, ok bool) {
	if len(f.windows) > 0 || p.alwaysEachClass {
		return 0, false
	}
	for w := range wd {
		if len(p.byClass[w][sch]) > 0 && slices.Equal(f.allowed[w], f.allowed[wd]) {
			return w, true
		}
	}
	return 0, false
}

// afterWork returns the start spans of spans left on a school day by the
// working hours of f's visitors with no availability on record (which
// freeSpans keeps every school day free of under WorkingHoursBusy),
// travel included as freeSpans counts it. The result
// lives in scratch space until the next call.
func (p *problem) afterWork(f *family, spans []span) []span {
	out := append(p.idealScratch[:0], spans...)
	other := p.idealScratch2
	for _, k := range f.team {
		e := &p.edus[k]
		if e.windows != nil {
			continue
		}
		out, other = cut(out, other, int32(e.hours.Start)-p.L-p.travel(f.id, ""), int32(e.hours.End)+p.travel("", f.id))
	}
	p.idealScratch, p.idealScratch2 = out, other
	return out
}

// class is a group of days scanned together by best.
type class struct {
	k       key // day and start unused
	wd, sch int
}

// classOrder returns, in buf, the classes of days of ideals — each class
// with an ideal, in and out of the visit's season — best first by
// problem.less, ties in weekday and school-day order: the order best
// scans them in.
//
// It sorts the ideals alone and lays each out twice rather than sorting
// the classes: the season miss ranks after the pay within a budget and
// before the rest, so the classes in season come before those out of it
// with no budget, and within each pay with one, in the ideals' order
// (classOrderBySort, in the tests, sorts the classes themselves). best
// asks for the order at every placement it is asked for, and sorting
// dominated it.
func (p *problem) classOrder(ideals [7][2]ideal, buf *[28]class) []class {
	var at [14]uint8 // the classes with an ideal, as weekday<<1 | school day
	n := 0
	for wd := range 7 {
		for sch := range 2 {
			if ideals[wd][sch].ok {
				at[n] = uint8(wd<<1 | sch)
				n++
			}
		}
	}
	score := func(c uint8) *cand { return &ideals[c>>1][c&1].c }
	before := func(a, b *cand) bool {
		switch {
		case p.budget && a.cents != b.cents:
			return a.cents < b.cents
		case a.cost != b.cost:
			return a.cost < b.cost
		}
		return a.pref < b.pref
	}
	for i := 1; i < n; i++ { // insertion sort: stable, and n ≤ 14
		for j := i; j > 0 && before(score(at[j]), score(at[j-1])); j-- {
			at[j], at[j-1] = at[j-1], at[j]
		}
	}
	out := buf[:0]
	for i := 0; i < n; {
		j := n
		if p.budget {
			for j = i + 1; j < n && score(at[j]).cents == score(at[i]).cents; j++ {
			}
		}
		for miss := range int32(2) {
			for _, c := range at[i:j] {
				id := score(c)
				out = append(out, class{k: key{miss: miss, cents: id.cents, cost: id.cost, pref: id.pref}, wd: int(c >> 1), sch: int(c & 1)})
			}
		}
		i = j
	}
	return out
}

// classesOf returns the classes of days of family f in the order best
// scans them (classOrder), in buf or in the family: the order of the
// tight ideals, which classIdeals works out once for each family, is
// kept with them — best asks for it for every placement of the
// family's visits, and again for each the local search tries.
func (p *problem) classesOf(f *family, buf *[28]class) []class {
	tight := !p.loose && !p.alwaysLoose // the ideals classIdeals keeps
	if tight && f.order != nil {
		return f.order
	}
	out := p.classOrder(p.classIdeals(f), buf)
	if tight && f.hasIdeals && !p.alwaysOrder {
		f.order = p.ar.classes.take(len(out))
		copy(f.order, out)
	}
	return out
}

// best returns the best placement of visit vi between lo and hi given
// everything placed so far. It scans classes of days from the best ideal
// score down and stops once no remaining day can do better.
func (p *problem) best(vi int32, lo, hi moment) (best key, ok, unaffordable bool) {
	v := &p.visits[vi]
	f := &p.fams[v.fam]
	if hi.before(lo) || f.reason != "" {
		return key{}, false, false
	}
	var buf [28]class
	for _, c := range p.classesOf(f, &buf) {
		if ok && p.scoreLess(best, c.k) {
			break
		}
		days := p.byClass[c.wd][c.sch]
		i := sort.Search(len(days), func(i int) bool { return days[i] >= lo.day })
		for ; i < len(days) && days[i] <= hi.day; i++ {
			d := days[i]
			if p.miss(d, v.second) != c.k.miss {
				continue
			}
			if ok && best.day < d && !p.scoreLess(c.k, best) {
				break // this class cannot beat best on a later day
			}
			cd, found, unaff := p.dayBest(f, d, lo, hi)
			unaffordable = unaffordable || unaff
			if !found {
				continue
			}
			k := key{miss: c.k.miss, cents: cd.cents, cost: cd.cost, pref: cd.pref, day: d, start: cd.start}
			if !ok || p.less(k, best) {
				best, ok = k, true
			}
			if p.sameScore(k, c.k) {
				break // the class's ideal: no later day of it does better
			}
		}
	}
	return best, ok, unaffordable
}

// earliest returns the earliest moment visit vi could start alone.
func (p *problem) earliest(vi int32, lo, hi moment) (moment, bool) {
	f := &p.fams[p.visits[vi].fam]
	for d := max(lo.day, 0); d <= hi.day && int(d) < len(p.days); d++ {
		if p.days[d].closed || len(f.allowed[p.days[d].wd]) == 0 || !p.capsOK(f, d) {
			continue
		}
		for _, s := range p.freeSpans(f, d, lo, hi) {
			if a := p.ceilStep(s.lo); a <= p.floorStep(s.hi) {
				return moment{d, a}, true
			}
		}
	}
	return moment{}, false
}

// place books visit vi at k.
func (p *problem) place(vi int32, k key) {
	v := &p.visits[vi]
	f := &p.fams[v.fam]
	w := p.days[k.day].week
	for _, e := range f.team {
		ed := &p.edus[e]
		ed.moved = true
		ed.dayCount[k.day]++
		ed.weekCount[w]++
		ed.busy[k.day] = append(ed.busy[k.day], busy{from: k.start, to: k.start + p.L, family: f.id, visit: vi})
	}
	if p.budget {
		p.left -= k.cents
	}
	v.placed, v.at = true, k
	if p.logging {
		p.log = append(p.log, undo{vi: vi})
	}
}

// unplace removes visit vi's booking.
func (p *problem) unplace(vi int32) {
	v := &p.visits[vi]
	if !v.placed {
		return
	}
	f := &p.fams[v.fam]
	k := v.at
	w := p.days[k.day].week
	for _, e := range f.team {
		ed := &p.edus[e]
		ed.moved = true
		ed.dayCount[k.day]--
		ed.weekCount[w]--
		bs := ed.busy[k.day]
		for i := range bs {
			if bs[i].visit == vi {
				bs[i] = bs[len(bs)-1]
				ed.busy[k.day] = bs[:len(bs)-1]
				break
			}
		}
	}
	if p.budget {
		p.left += k.cents
	}
	v.placed = false
	if p.logging {
		p.log = append(p.log, undo{vi: vi, placed: true, at: k})
	}
}

// undo reverses one place or unplace: placed and at are the visit's state
// before it.
type undo struct {
	vi     int32
	placed bool
	at     key
}

// rollback reverses every move logged after mark.
func (p *problem) rollback(mark int) {
	logging := p.logging
	p.logging = false
	for i := len(p.log) - 1; i >= mark; i-- {
		u := p.log[i]
		if u.placed {
			p.place(u.vi, u.at)
		} else {
			p.unplace(u.vi)
		}
	}
	p.log = p.log[:mark]
	p.logging = logging
}

// tryBest places vi at its best placement, if any.
func (p *problem) tryBest(vi int32) (ok, unaffordable bool) {
	lo, hi, ok := p.boundsOf(vi)
	if !ok {
		return false, false
	}
	k, ok, unaff := p.best(vi, lo, hi)
	if ok {
		p.place(vi, k)
	}
	return ok, unaff
}

// placeAlone places visit vi at its best placement alone (indiv) when
// that is still its best, and reports whether it did: when no visit of
// the plan has been placed on or taken off its visitors' days since
// individual found it, its bounds are those it was found within (not
// those of a second visit after a first visit it assumed), and the
// budget left affords it. best would find it again: its days are the
// ones it was judged on, the budget leaves out only dearer placements,
// and best orders placements the same way with and without one. A
// school's planning round places a few families' visits of one kind,
// many of them on visitors no other of the round's has taken yet.
func (p *problem) placeAlone(vi int32) bool {
	v := &p.visits[vi]
	if p.alwaysSearch || !v.indivOK || p.budget && v.indiv.cents > p.left {
		return false
	}
	for _, e := range p.fams[v.fam].team {
		if p.edus[e].moved {
			return false
		}
	}
	if lo, hi, ok := p.boundsOf(vi); !ok || lo != v.indivLo || hi != v.indivHi {
		return false
	}
	p.place(vi, v.indiv)
	p.alone++
	return true
}

// individual computes, for every visit alone, its best placement and the
// reason it has none. These are the bounds the objective is proven
// against.
func (p *problem) individual() {
	// Alone, a visit is judged without the budget: running out of money
	// is a reason of its own ([OverBudget]).
	left := p.left
	p.left = math.MaxInt64
	defer func() { p.left = left }()
	for vi := range p.visits {
		v := &p.visits[vi]
		if v.second {
			continue
		}
		lo, hi, _ := p.boundsOf(int32(vi))
		v.indiv, v.indivOK, _ = p.best(int32(vi), lo, hi)
		v.indivLo, v.indivHi = lo, hi
		if v.indivOK {
			v.earliest, _ = p.earliest(int32(vi), lo, hi)
		} else {
			v.reason, v.detail = p.diagnose(int32(vi), lo, hi)
		}
	}
	gap := int32(p.pol.MinGap)
	for vi := range p.visits {
		v := &p.visits[vi]
		if !v.second {
			continue
		}
		f := &p.fams[v.fam]
		lo, hi, ok := p.boundsOf(int32(vi))
		if !ok && len(f.kept) == 0 {
			// No first visit placed yet: assume the earliest one possible.
			// (With a first visit on record, the range after it is simply
			// empty, and diagnose says why.)
			fi := f.visits[0]
			if fi < 0 || !p.visits[fi].indivOK {
				v.reason, v.detail = NoFirstVisit, "the first visit could not be placed"
				if f.reason != "" {
					v.reason, v.detail = f.reason, f.detail
				}
				continue
			}
			e := p.visits[fi].earliest
			lo = maxMoment(lo, moment{e.day + gap, e.min})
		}
		v.indiv, v.indivOK, _ = p.best(int32(vi), lo, hi)
		v.indivLo, v.indivHi = lo, hi
		if !v.indivOK {
			v.reason, v.detail = p.diagnose(int32(vi), lo, hi)
		}
	}
}

// diagnose says why visit vi has no placement between lo and hi.
func (p *problem) diagnose(vi int32, lo, hi moment) (Reason, string) {
	v := &p.visits[vi]
	f := &p.fams[v.fam]
	if p.yearOver() {
		return NoDaysLeft, p.noDaysLeft()
	}
	if f.reason != "" {
		return f.reason, f.detail
	}
	common := false
	for _, s := range f.allowed {
		common = common || len(s) > 0
	}
	if !common {
		return NoCommonTime, fmt.Sprintf("the family and visitors %v share no weekly window of %d minutes between %s and %s",
			f.visitors, p.L, p.pol.EarliestVisit, p.pol.LatestVisit)
	}
	open := false
	for d := max(lo.day, 0); d <= hi.day && int(d) < len(p.days) && !open; d++ {
		if p.days[d].closed {
			continue
		}
		for _, s := range f.allowed[p.days[d].wd] {
			if d == lo.day {
				s.lo = max(s.lo, lo.min)
			}
			if d == hi.day {
				s.hi = min(s.hi, hi.min)
			}
			if p.ceilStep(s.lo) <= p.floorStep(s.hi) {
				open = true
			}
		}
	}
	switch {
	case open:
		return Capacity, "every common time left is taken by other appointments or the visitors' caps"
	case v.second && len(f.kept) > 0:
		k := f.kept[0]
		return Gap, fmt.Sprintf("no common time remains %s after the first visit on record (%s on %s), before %s",
			p.pol.MinGap, k.ID, model.DateOf(k.Start.In(p.loc)), p.year.LastDay)
	case v.second:
		return Gap, fmt.Sprintf("no common time remains %s after the first visit, before %s", p.pol.MinGap, p.year.LastDay)
	case lo.day >= int32(len(p.days)):
		return NoDaysLeft, fmt.Sprintf("no day left before %s after the notice and the visitors' training", p.year.LastDay)
	}
	return NoCommonTime, "no remaining open day has a common time of the family and visitors"
}

// yearOver reports whether no day of the school year is left to plan:
// the year has ended by asOf, or the policy's notice runs past its last
// day.
func (p *problem) yearOver() bool { return p.notice.day >= int32(len(p.days)) }

// noDaysLeft says why no day of the school year is left to plan.
func (p *problem) noDaysLeft() string {
	last := p.year.LastDay
	if model.DateOf(p.asOf.In(p.loc)).After(last) {
		return fmt.Sprintf("the school year %s ended on %s: nothing is left to plan", p.year.ID, last)
	}
	return fmt.Sprintf("the policy's notice of %s leaves no day before the school year ends on %s", p.pol.MinNotice, last)
}

// scarcity counts the open days with a common time left for visit vi, so
// that the most constrained families are placed first.
func (p *problem) scarcity(vi int32) int {
	f := &p.fams[p.visits[vi].fam]
	lo := maxMoment(p.notice, moment{f.minDay, 0})
	n := 0
	for wd := range 7 {
		if len(f.allowed[wd]) == 0 {
			continue
		}
		for sch := range 2 {
			days := p.byClass[wd][sch]
			i := sort.Search(len(days), func(i int) bool { return days[i] >= lo.day })
			n += len(days) - i
		}
	}
	return n
}

// order returns the visits of one kind that can be placed, most
// constrained first (cheapest first within a budget), then by family id.
func (p *problem) order(second bool) []int32 {
	items := p.orderScratch[:0]
	for vi := range p.visits {
		v := &p.visits[vi]
		if v.second != second || !v.indivOK || v.fixed {
			continue
		}
		items = append(items, ordered{int32(vi), v.indiv.cents, p.scarcity(int32(vi))})
	}
	p.orderScratch = items
	slices.SortStableFunc(items, func(a, b ordered) int {
		if p.budget && a.cents != b.cents {
			return cmp.Compare(a.cents, b.cents)
		}
		if a.n != b.n {
			return a.n - b.n
		}
		return compareStrings(string(p.fams[p.visits[a.vi].fam].id), string(p.fams[p.visits[b.vi].fam].id))
	})
	out := p.ar.ints.take(len(items))
	for i, it := range items {
		out[i] = it.vi
	}
	return out
}

// ordered is a visit as order sorts it.
type ordered struct {
	vi    int32
	cents int64
	n     int
}

// searchBudget bounds the day evaluations of the local search per visit.
const searchBudget = 20000

// greedy places first visits, then second visits, each at its best
// placement, and repairs what is left with augmenting moves.
func (p *problem) greedy() {
	for _, second := range []bool{false, true} {
		var pending []int32
		for _, vi := range p.order(second) {
			if p.visits[vi].placed {
				continue
			}
			if p.placeAlone(vi) {
				continue
			}
			ok, unaff := p.tryBest(vi)
			if !ok {
				pending = append(pending, vi)
				if unaff {
					p.visits[vi].reason = OverBudget
				}
			}
		}
		p.loose = true // the search budget counts the days the loose bound scans
		for _, vi := range pending {
			if p.budget && p.visits[vi].reason == OverBudget || p.full(vi) {
				continue
			}
			p.evals = 0
			if second && p.pullFirst(vi) {
				continue
			}
			p.log = p.log[:0]
			p.augment(vi, 3, map[int32]bool{vi: true})
			p.logging = false
		}
		p.loose = false
	}
}

// full reports whether the component of visit vi already holds as many
// visits of its kind as its bound allows, so no search can place more.
func (p *problem) full(vi int32) bool {
	if p.compOf == nil {
		return false
	}
	c := p.compOf[vi]
	b := p.compBounds[c]
	o := p.objective(p.comps[c])
	if p.visits[vi].second {
		return o.FirstVisits+o.SecondVisits >= b.FirstVisits+b.SecondVisits && o.SecondVisits >= b.SecondVisits
	}
	return o.FirstVisits >= b.FirstVisits
}

// pullFirst places second visit vi by moving its family's first visit
// earlier, when the first is one of the plan's.
func (p *problem) pullFirst(vi int32) bool {
	f := &p.fams[p.visits[vi].fam]
	fi := f.visits[0]
	if fi < 0 || !p.visits[fi].placed || p.visits[fi].fixed {
		return false
	}
	old := p.visits[fi].at
	p.unplace(fi)
	flo, fhi, _ := p.boundsOf(fi)
	if e, ok := p.earliest(fi, flo, fhi); ok && e.before(moment{old.day, old.start}) {
		// Book the earliest first, place the second, then move the first to
		// its best time that keeps the gap.
		p.place(fi, p.keyAt(fi, e.day, e.min))
		if ok, _ := p.tryBest(vi); ok {
			at := p.visits[fi].at
			p.unplace(fi)
			if ok, _ := p.tryBest(fi); ok {
				return true
			}
			p.place(fi, at)
			return true
		}
		p.unplace(fi)
	}
	p.place(fi, old)
	return false
}

// augment tries to place visit vi by moving one or two placed visits that
// share a visitor with it elsewhere, recursively up to depth moves: an
// augmenting path, as in bipartite matching, where a place may be blocked
// by two appointments at once (a day's cap, or travel on both sides).
// Moves that lead nowhere are rolled back.
func (p *problem) augment(vi int32, depth int, path map[int32]bool) bool {
	if ok, _ := p.tryBest(vi); ok {
		return true
	}
	if depth == 0 || p.evals > searchBudget {
		return false
	}
	f := &p.fams[p.visits[vi].fam]
	lo, hi, ok := p.boundsOf(vi)
	if !ok {
		return false
	}
	p.logging = true
	nb := p.neighbours(f, lo, hi)
	for i, ui := range nb {
		if path[ui] || p.evals > searchBudget {
			continue
		}
		mark := len(p.log)
		p.unplace(ui)
		if ok, _ := p.tryBest(vi); ok {
			path[ui] = true
			if p.augment(ui, depth-1, path) {
				return true
			}
			delete(path, ui)
			p.rollback(mark)
			continue
		}
		for _, wi := range nb[i+1:] {
			if path[wi] || p.evals > searchBudget {
				continue
			}
			m2 := len(p.log)
			p.unplace(wi)
			if ok, _ := p.tryBest(vi); ok {
				path[ui], path[wi] = true, true
				if p.augment(ui, depth-1, path) && p.augment(wi, depth-1, path) {
					return true
				}
				delete(path, ui)
				delete(path, wi)
			}
			p.rollback(m2)
		}
		p.rollback(mark)
	}
	return false
}

// neighbours returns the movable placed visits that share a visitor with
// family f, in the weeks between lo and hi, in order of start.
func (p *problem) neighbours(f *family, lo, hi moment) []int32 {
	var out []int32
	wlo, whi := int32(0), int32(p.weeks()-1)
	if lo.day >= 0 && int(lo.day) < len(p.days) {
		wlo = p.days[lo.day].week
	}
	if hi.day >= 0 && int(hi.day) < len(p.days) {
		whi = p.days[hi.day].week
	}
	for _, k := range f.team {
		for d := range p.days {
			if w := p.days[d].week; w < wlo || w > whi {
				continue
			}
			for _, b := range p.edus[k].busy[d] {
				if b.visit >= 0 && !p.visits[b.visit].fixed && !slices.Contains(out, b.visit) {
					out = append(out, b.visit)
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b int32) int {
		ka, kb := p.visits[a].at, p.visits[b].at
		if ka.day != kb.day {
			return int(ka.day - kb.day)
		}
		if ka.start != kb.start {
			return int(ka.start - kb.start)
		}
		return int(a - b)
	})
	return out
}
