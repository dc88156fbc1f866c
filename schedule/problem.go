package schedule

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
)

// span is a range of allowed start times within a day, in minutes after
// midnight, both ends included.
type span struct{ lo, hi int32 }

// moment is a day index and a start minute; moments compare
// lexicographically.
type moment struct{ day, min int32 }

func (a moment) before(b moment) bool { return a.day < b.day || a.day == b.day && a.min < b.min }

func maxMoment(a, b moment) moment {
	if a.before(b) {
		return b
	}
	return a
}

func minMoment(a, b moment) moment {
	if a.before(b) {
		return a
	}
	return b
}

// day is one day of the planning horizon.
type day struct {
	date   model.Date
	wd     time.Weekday
	school bool
	closed bool
	season model.Season
	week   int32
}

// busy is one appointment of an educator on a day.
type busy struct {
	from, to int32 // minutes, [from, to)
	family   model.FamilyID
	visit    int32 // index into problem.visits; -1 for a visit the plan does not move
}

// educator is the planner's view of one visitor.
type educator struct {
	id       model.EducatorID
	hours    model.Hours
	windows  *[7][]span // nil when availability is not recorded
	eligible bool
	firstDay int32 // first day index after the educator's first training
	stipend  bool
	rate     int64

	dayCount  []int16
	weekCount []int16
	busy      [][]busy // per day
	// works says the visitor's working day is taken on school days
	// ([Options.WorkingHoursBusy], no availability on record): freeSpans
	// keeps visits around it, before the day's appointments in busy.
	works bool
	// moved says a visit of the plan was placed on the visitor's days or
	// taken off them (place, unplace): their days are no longer those
	// individual judged each visit on alone.
	moved bool
}

// family is the planner's view of one accepted family.
type family struct {
	id       model.FamilyID
	pos      int32 // of the family's record in the dataset
	school   model.SchoolID
	students []model.StudentID
	visitors []model.EducatorID
	team     []int32
	windows  []model.Window
	allowed  [7][]span
	location model.Location
	interp   bool
	minDay   int32 // training of the visitors
	reason   Reason
	detail   string

	// ideals are the family's tight class ideals once computed
	// (classIdeals, which sets hasIdeals); kept in the family rather than
	// allocated for each.
	ideals    [7][2]ideal
	hasIdeals bool
	// order is the classes of days of the tight ideals in best's
	// order, once classesOf has kept it (not nil then).
	order []class

	kept   []*model.Visit // at most two, by start
	visits [2]int32       // indices into problem.visits of the first and second visit to place; -1 none
}

// key scores one placement of one visit; smaller is better.
type key struct {
	miss  int32 // 1 when outside the visit's season
	cents int64
	cost  int32 // minutes outside the visitors' working day, summed
	pref  int32 // family window rank
	day   int32
	start int32
}

// visit is one visit to place: a family's first or second.
type visit struct {
	fam    int32
	second bool
	placed bool
	at     key
	// id is the visit id; history holds what a repair keeps.
	id     model.VisitID
	reason Reason
	detail string
	// indiv is the best placement of the visit alone (only the fixed
	// appointments present); indivOK says one exists.
	indiv   key
	indivOK bool
	// earliest is the earliest feasible moment of a first visit alone.
	earliest moment
	// indivLo and indivHi are the bounds indiv was found within.
	indivLo, indivHi moment
	// fixed marks an appointment a repair may not move.
	fixed bool
}

// problem holds everything one planning run needs.
type problem struct {
	x    *model.Index
	ds   *model.Dataset
	cal  model.Calendar
	loc  *time.Location
	year model.SchoolYear
	pol  model.Policy
	asOf time.Time
	opt  Options
	L    int32 // visit length in minutes
	buf  int32 // travel buffer in minutes
	step int32
	base span // allowed starts by the policy's earliest and latest times
	// baseSpans is base alone, the allowed starts of every weekday for a
	// family without windows (resolveTeam): shared, read only.
	baseSpans []span
	start     model.Date
	days      []day
	// byClass lists the open days by weekday and school-day flag, ascending.
	byClass [7][2][]int32
	notice  moment // no start before it
	budget  bool
	left    int64 // budget left, in cents

	edus   []educator
	eduIdx map[model.EducatorID]int32
	fams   []family
	visits []visit

	scratch  []span
	scratch2 []span
	// idealScratch and idealScratch2 are afterWork's.
	idealScratch, idealScratch2 []span
	// orderScratch is order's.
	orderScratch []ordered
	// need is capacity's count of visits by visitor, zero between calls.
	need []int
	// loose keeps the class ideals loose (classIdeals) while set;
	// alwaysLoose always (the tight ideals' oracle in tests).
	loose, alwaysLoose bool
	// alwaysSearch makes greedy search for every visit's placement, even
	// one whose best alone still stands (placeAlone): its oracle in tests.
	alwaysSearch bool
	// pays remembers the pay of the run's appointments (the Planner's,
	// from run to run); alwaysPay makes appendTeamPay ask the rule for
	// each, its oracle in tests.
	pays      *payMemo
	alwaysPay bool
	// alwaysOrder makes classesOf order the classes at every call, as
	// its oracle in tests.
	alwaysOrder bool
	// alwaysEachClass makes classIdeals score every class of days,
	// even one sameIdeal finds the ideal of: its oracle in tests.
	alwaysEachClass bool
	// alone counts the visits placeAlone placed, which its test checks
	// it meets.
	alone int
	evals int // day evaluations, bounded in the local search
	// comps are the components, compBounds their bounds and compOf each
	// visit's component (set by Plan before the heuristic runs).
	comps      [][]int32
	compBounds []Objective
	compOf     []int32
	// log records moves while logging, so a failed search can roll back.
	log     []undo
	logging bool
	// pl is the Planner the problem was built by, nil for none.
	pl *Planner
	// ar holds the families' small arrays: the Planner's arena, or the
	// problem's own.
	ar *arena
}

const noDay = math.MaxInt32 / 4

// maxYearDays bounds the days of a school year, summer included, that Plan
// and Repair lay out: two years, far beyond any real school year, so that
// a mistyped year cannot make the planner lay out thousands of years.
const maxYearDays = 2 * 366

// newProblem builds the planning problem. closures are extra closed days
// (snow days added by repairs); skip lists visits of the dataset to
// ignore (the appointments of a schedule being repaired).
//
// families are the families to plan for; nil means every family accepted
// at asOf.
func newProblem(ds *model.Dataset, asOf time.Time, opt Options, closures []model.Closure, skip map[model.VisitID]bool, families []model.FamilyID) (*problem, error) {
	return newProblemWith(nil, ds, asOf, opt, closures, skip, families)
}

// newProblemWith is newProblem with what a [Planner] keeps from one run to
// the next (nil for none).
func newProblemWith(pl *Planner, ds *model.Dataset, asOf time.Time, opt Options, closures []model.Closure, skip map[model.VisitID]bool, families []model.FamilyID) (*problem, error) {
	if ds == nil {
		return nil, optionsErr("dataset", "nil dataset")
	}
	pol := ds.Policy
	if opt.Policy != nil {
		pol = *opt.Policy
	}
	if err := pol.Validate(); err != nil {
		return nil, &InputError{Field: "policy", Err: fmt.Errorf("%w: %w", ErrOptions, err)}
	}
	if pol.VisitLength < pol.DurationMin || pol.VisitLength > pol.DurationMax {
		return nil, optionsErr("policy.visit_length", "%s: want within duration_min..duration_max (%s–%s)", pol.VisitLength, pol.DurationMin, pol.DurationMax)
	}
	if time.Duration(pol.VisitLength)%time.Minute != 0 {
		return nil, optionsErr("policy.visit_length", "%s: want whole minutes", pol.VisitLength)
	}
	if time.Duration(pol.TravelBuffer)%time.Minute != 0 {
		return nil, optionsErr("policy.travel_buffer", "%s: want whole minutes", pol.TravelBuffer)
	}
	if asOf.IsZero() {
		return nil, optionsErr("asOf", "zero time")
	}
	step := opt.Step
	if step == 0 {
		step = 15 * time.Minute
	}
	if step < time.Minute || step > time.Hour || step%time.Minute != 0 || time.Hour%step != 0 {
		return nil, optionsErr("options.step", "%s: want whole minutes dividing an hour", step)
	}
	if opt.BudgetCents < 0 {
		return nil, optionsErr("options.budget_cents", "%d: must not be negative", opt.BudgetCents)
	}
	switch opt.Kind {
	case "", model.FirstVisit, model.SecondVisit:
	default:
		return nil, optionsErr("options.kind", "%q: want first, second or empty (both)", opt.Kind)
	}
	switch opt.Method {
	case "", Auto, Heuristic, Exact:
	default:
		return nil, optionsErr("options.method", "%q: want auto, heuristic or exact", opt.Method)
	}
	if opt.ExactVisits < 0 || opt.NodeLimit < 0 {
		return nil, optionsErr("options", "exact_visits and node_limit must not be negative")
	}
	y := ds.Year
	if y.FirstDay.IsZero() || y.LastDay.IsZero() || y.LastDay.Before(y.Start()) {
		return nil, optionsErr("dataset.year", "first and last day must be set, in order")
	}
	if n := y.LastDay.DaysSince(y.Start()) + 1; n > maxYearDays {
		return nil, optionsErr("dataset.year", "%d days from %s to %s: want at most %d", n, y.Start(), y.LastDay, maxYearDays)
	}
	cal := ds.Calendar
	if len(closures) > 0 {
		cal.Closures = append(slices.Clone(cal.Closures), closures...)
	}
	fresh := problem{
		ds: ds, cal: cal, loc: cal.Location(), year: y, pol: pol, asOf: asOf, opt: opt, pl: pl,
		L:      int32(time.Duration(pol.VisitLength) / time.Minute),
		buf:    int32(time.Duration(pol.TravelBuffer) / time.Minute),
		step:   int32(step / time.Minute),
		start:  y.Start(),
		budget: opt.BudgetCents > 0,
		left:   opt.BudgetCents,
	}
	var p *problem
	if pl != nil {
		// The Planner's problem, made afresh but for the arrays of its
		// scratch spans and its log, which the run empties as it uses
		// them. The schedule a run returns holds nothing of its problem.
		old := &pl.prob
		fresh.scratch, fresh.scratch2 = old.scratch[:0], old.scratch2[:0]
		fresh.idealScratch, fresh.idealScratch2 = old.idealScratch[:0], old.idealScratch2[:0]
		fresh.log = old.log[:0]
		fresh.orderScratch = old.orderScratch[:0]
		fresh.need = old.need // zero between calls
		pl.prob = fresh
		p = &pl.prob
		p.ar = &pl.ar
		p.ar.reset()
		p.pays = &pl.pays
	} else {
		p = new(problem)
		*p = fresh
		p.ar = &arena{}
		p.pays = &payMemo{}
	}
	p.base = span{int32(pol.EarliestVisit), int32(pol.LatestVisit) - p.L}
	if pl != nil && len(closures) == 0 {
		p.x = pl.index(ds)
		p.days, p.byClass = pl.layout(p)
	} else {
		p.x = model.NewIndex(ds)
		p.buildDays()
	}
	p.buildNotice()
	p.buildEducators()
	if families == nil {
		var history *[]model.ConsentChange
		var into []model.FamilyID
		if pl != nil {
			history, into = &pl.history, pl.families
		}
		families = acceptedFamilies(p.x, asOf, opt.Families, history, into)
		if pl != nil && families != nil {
			pl.families = families
		}
	}
	p.buildFamilies(skip, families)
	p.calendars()
	p.addFixed(skip)
	if pl != nil {
		pl.edus.keep(p.edus)
		pl.fams.keep(p.fams)
		pl.visits.keep(p.visits)
	}
	return p, nil
}

func (p *problem) buildDays() {
	n := p.year.LastDay.DaysSince(p.start) + 1
	p.days = make([]day, n)
	off := (int(p.start.Weekday()) + 6) % 7 // days since Monday
	// The seasons' first days, found once: Calendar.Season resolves them
	// for every day it is asked about.
	fall, winter, spring := p.cal.SeasonStart(p.year, model.Fall), p.cal.SeasonStart(p.year, model.Winter), p.cal.SeasonStart(p.year, model.Spring)
	for i := range p.days {
		d := p.start.AddDays(i)
		season := model.Spring
		switch {
		case d.After(p.year.LastDay), d.Before(fall):
			season = model.Summer
		case d.Before(winter):
			season = model.Fall
		case d.Before(spring):
			season = model.Winter
		}
		p.days[i] = day{
			date: d, wd: d.Weekday(), school: p.cal.SchoolDay(p.year, d), closed: p.cal.Closed(d),
			season: season, week: int32((i + off) / 7),
		}
	}
	p.indexDays()
}

// indexDays lists the open days by class.
func (p *problem) indexDays() {
	for w := range p.byClass {
		for s := range p.byClass[w] {
			p.byClass[w][s] = p.byClass[w][s][:0]
		}
	}
	for i, d := range p.days {
		if d.closed {
			continue
		}
		p.byClass[d.wd][b2i(d.school)] = append(p.byClass[d.wd][b2i(d.school)], int32(i))
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (p *problem) weeks() int {
	if len(p.days) == 0 {
		return 1
	}
	return int(p.days[len(p.days)-1].week) + 1
}

// dayIndex returns the index of the local date of t (possibly out of range).
func (p *problem) dayIndex(t time.Time) int32 {
	return p.localDayIndex(t.In(p.loc))
}

// localDayIndex is dayIndex of a time already in the district's zone.
func (p *problem) localDayIndex(lt time.Time) int32 {
	return int32(model.DateOf(lt).DaysSince(p.start))
}

// clockOf returns the local minute of t, rounded up when seconds remain.
func (p *problem) clockOf(t time.Time) int32 {
	lt := t.In(p.loc)
	m := int32(lt.Hour()*60 + lt.Minute())
	if lt.Second() > 0 || lt.Nanosecond() > 0 {
		m++
	}
	return m
}

// momentOf returns the local day index and minute of t.
func (p *problem) momentOf(t time.Time) moment { return moment{p.dayIndex(t), p.clockOf(t)} }

// timeOf returns the instant of a moment.
func (p *problem) timeOf(m moment) time.Time {
	return p.start.AddDays(int(m.day)).In(p.loc, model.Clock(m.min))
}

// buildNotice sets the earliest allowed start: asOf plus the notice, and
// strictly after asOf (an appointment is arranged before it starts).
func (p *problem) buildNotice() {
	t := p.asOf.Add(time.Duration(p.pol.MinNotice))
	if p.pol.MinNotice == 0 {
		t = t.Add(time.Nanosecond)
	}
	p.notice = p.momentOf(t)
	if p.notice.day < 0 {
		p.notice = moment{0, 0}
	}
}

// windowSpans turns weekly windows into allowed start spans per weekday,
// within the policy's hours.
func (p *problem) windowSpans(ws []model.Window) [7][]span {
	var out [7][]span
	spanOf := func(w model.Window) (span, bool) {
		if w.Weekday < time.Sunday || w.Weekday > time.Saturday {
			return span{}, false
		}
		s := span{max(int32(w.Start), p.base.lo), min(int32(w.End)-p.L, p.base.hi)}
		return s, s.lo <= s.hi
	}
	// The weekdays' spans in one array of the run's arena: counted
	// first, each weekday's slice capped at its own.
	var n [7]int
	total := 0
	for _, w := range ws {
		if _, ok := spanOf(w); ok {
			n[w.Weekday]++
			total++
		}
	}
	if total == 0 {
		return out
	}
	buf := p.ar.spans.take(total)
	for d := range out {
		out[d], buf = buf[:0:n[d]], buf[n[d]:]
	}
	for _, w := range ws {
		if s, ok := spanOf(w); ok {
			out[w.Weekday] = append(out[w.Weekday], s)
		}
	}
	for i := range out {
		out[i] = mergeSpans(out[i])
	}
	return out
}

func mergeSpans(s []span) []span {
	if len(s) < 2 {
		return s
	}
	slices.SortFunc(s, func(a, b span) int { return int(a.lo - b.lo) })
	out := s[:1]
	for _, x := range s[1:] {
		last := &out[len(out)-1]
		if x.lo <= last.hi+1 {
			last.hi = max(last.hi, x.hi)
			continue
		}
		out = append(out, x)
	}
	return out
}

// intersectSpans returns a ∩ b (both sorted and disjoint) appended to out.
func intersectSpans(a, b, out []span) []span {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		lo, hi := max(a[i].lo, b[j].lo), min(a[i].hi, b[j].hi)
		if lo <= hi {
			out = append(out, span{lo, hi})
		}
		if a[i].hi < b[j].hi {
			i++
		} else {
			j++
		}
	}
	return out
}

func (p *problem) buildEducators() {
	ds := p.ds
	if p.pl != nil {
		p.edus = p.pl.edus.take(len(ds.Educators))[:len(ds.Educators)]
	} else {
		p.edus = make([]educator, len(ds.Educators))
	}
	// The ids' positions depend on the educators alone: a Planner keeps
	// them for its runs on the same educators.
	kept := p.pl != nil && p.pl.eduIdx != nil && sameSlice(p.pl.eduOf, ds.Educators)
	if kept {
		p.eduIdx = p.pl.eduIdx
	} else {
		p.eduIdx = make(map[model.EducatorID]int32, len(ds.Educators))
		if p.pl != nil {
			p.pl.eduIdx, p.pl.eduOf = p.eduIdx, ds.Educators
			clear(p.pl.fixed) // of the visitors' positions among other educators
		}
	}
	for i := range ds.Educators {
		e := &ds.Educators[i]
		ed := educator{
			id: e.ID, hours: indexview.WorkingHours(p.x, e), eligible: eligible(e, p.year), firstDay: noDay,
		}
		if first, ok := e.TrainedBy(p.year.LastDay); ok {
			ed.firstDay = int32(first.DaysSince(p.start)) + 1 // trained before the visit's day (P2.trained)
		}
		if len(e.Availability) > 0 {
			w := p.windowSpans(e.Availability)
			ed.windows = &w
		}
		if _, ok := e.StipendFor(p.year.ID); ok {
			ed.stipend = true
		}
		ed.rate = model.PayRuleOf(nil, p.pol).Rate(e.Role)
		p.edus[i] = ed
		if kept {
			continue
		}
		if _, dup := p.eduIdx[e.ID]; !dup {
			p.eduIdx[e.ID] = int32(i)
		}
	}
}

// calendars lays out the days of the educators who visit a family of the
// plan — the only ones whose days the planner reads — with the working
// hours of school days taken when WorkingHoursBusy applies. Educators on
// no family's team keep no days, which keeps a plan of a few families in a
// large staff cheap.
func (p *problem) calendars() {
	used := make([]bool, len(p.edus))
	n := 0
	for i := range p.fams {
		for _, k := range p.fams[i].team {
			if !used[k] {
				used[k] = true
				n++
			}
		}
	}
	if n == 0 {
		return
	}
	days, weeks := len(p.days), p.weeks()
	// One array of each kind for all of them.
	var counts []int16
	var lists [][]busy
	if p.pl != nil {
		counts, lists = p.pl.buffers(n*(days+weeks), n*days)
	} else {
		counts = make([]int16, n*(days+weeks))
		lists = make([][]busy, n*days)
	}
	j := 0
	for k := range p.edus {
		if !used[k] {
			continue
		}
		ed := &p.edus[k]
		ed.dayCount = counts[j*(days+weeks) : j*(days+weeks)+days : j*(days+weeks)+days]
		ed.weekCount = counts[j*(days+weeks)+days : (j+1)*(days+weeks) : (j+1)*(days+weeks)]
		ed.busy = lists[j*days : (j+1)*days : (j+1)*days]
		j++
		// No availability on record: the working day of a school day is
		// taken by work, so visits go around it (freeSpans).
		ed.works = ed.windows == nil && p.opt.WorkingHoursBusy
	}
}

// counts reports whether a visit status occupies its educators: scheduled,
// completed and missed visits did (or will); proposed and cancelled ones
// do not.
func counts(s model.VisitStatus) bool {
	return s == model.Scheduled || s == model.Completed || s == model.NoShow
}

// addFixed books the dataset's own visits into the educators' days, for
// caps and double-booking.
func (p *problem) addFixed(skip map[model.VisitID]bool) {
	off := int32((int(p.start.Weekday()) + 6) % 7)
	var known []fixedAt
	if p.pl != nil {
		known = p.pl.fixedAt(len(p.ds.Visits))
	}
	for i := range p.ds.Visits {
		v := &p.ds.Visits[i]
		if !counts(v.Status) || skip[v.ID] || v.Start.IsZero() {
			continue
		}
		// The visit's times are worked out only once a visitor of it has
		// days in the plan: most of a school's visits are other teams'.
		var from, to, di int32
		placed := false
		var who []int32 // the visitors' positions, when known
		if n := len(v.Visitors); n > 0 && n <= 2 && i < len(known) {
			who = p.visitorsAt(v, &known[i])
		}
		for j, id := range v.Visitors {
			var k int32
			if who != nil {
				k = who[j]
			} else if !slices.Contains(v.Visitors[:j], id) {
				var ok bool
				if k, ok = p.eduIdx[id]; !ok {
					k = -1
				}
			} else {
				k = -1 // counted once
			}
			if k < 0 || p.edus[k].busy == nil {
				continue // not on any team of the plan: its days are never read
			}
			if !placed {
				d := time.Duration(v.Duration)
				if d <= 0 {
					d = time.Duration(p.pol.VisitLength)
				}
				if i < len(known) && known[i].start.Equal(v.Start) {
					from, di = known[i].min, known[i].day
				} else {
					// The local clock and day, from one conversion: each
					// of Hour, Minute and Date looks the zone up again.
					lt := v.Start.In(p.loc)
					h, m, _ := lt.Clock()
					from, di = int32(h*60+m), p.localDayIndex(lt)
					if i < len(known) {
						known[i].start, known[i].min, known[i].day = v.Start, from, di
					}
				}
				to = from + int32((d+time.Minute-1)/time.Minute)
				placed = true
			}
			e := &p.edus[k]
			switch {
			case di >= 0 && int(di) < len(p.days):
				e.dayCount[di]++
				e.weekCount[p.days[di].week]++
				e.busy[di] = append(e.busy[di], busy{from: from, to: to, family: v.Family, visit: -1})
			case di < 0 && di+off >= 0:
				e.weekCount[0]++ // the horizon's first week began before it
			}
		}
	}
}

// visitorsAt returns the positions in p.edus of the visitors of v, a
// visit of one or two: those c holds when they are of the same ids,
// else looked up and kept in c. A position is -1 for an id of no
// educator, or one named before (its visits are counted once).
func (p *problem) visitorsAt(v *model.Visit, c *fixedAt) []int32 {
	n := len(v.Visitors)
	if int(c.vis) == n && c.ids[0] == v.Visitors[0] && (n == 1 || c.ids[1] == v.Visitors[1]) {
		return c.who[:n]
	}
	c.ids, c.who, c.vis = [2]model.EducatorID{}, [2]int32{-1, -1}, int8(n)
	for j, id := range v.Visitors {
		c.ids[j] = id
		if k, ok := p.eduIdx[id]; ok && (j == 0 || id != v.Visitors[0]) {
			c.who[j] = k
		}
	}
	return c.who[:n]
}

// appendNew appends to out each of xs not in it yet, in order.
func appendNew[T comparable](out, xs []T) []T {
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// visitorsOf returns the visitors of family f by the options' rule.
func (p *problem) visitorsOf(f model.FamilyID, dflt map[model.FamilyID][]model.EducatorID) []model.EducatorID {
	if v, ok := p.opt.Visitors[f]; ok {
		return v
	}
	if p.opt.Teams != nil {
		return teamOf(p.x, f, p.opt.Teams)
	}
	return dflt[f]
}

func (p *problem) buildFamilies(skip map[model.VisitID]bool, families []model.FamilyID) {
	var dflt map[model.FamilyID][]model.EducatorID
	if p.opt.Visitors == nil && p.opt.Teams == nil {
		dflt = DefaultVisitors(p.ds, p.asOf)
	}
	if p.pl != nil {
		p.fams, p.visits = p.pl.fams.take(len(families)), p.pl.visits.take(2*len(families))
	} else {
		p.fams = make([]family, 0, len(families))
	}
	for _, fid := range families {
		k, ok := indexview.FamilyPosition(p.x, fid)
		if !ok {
			continue
		}
		fam, recs := &p.ds.Families[k], indexview.FamilyRecordsAt(p.x, k)
		f := family{id: fid, pos: int32(k), visits: [2]int32{-1, -1}}
		if i := indexview.YoungestAt(p.x, k); i >= 0 {
			f.school = p.ds.Students[i].School
		}
		if len(recs.Students) > 0 {
			f.students = p.ar.students.take(len(recs.Students))
			for j, i := range recs.Students {
				f.students[j] = p.ds.Students[i].ID
			}
		}
		slices.Sort(f.students)
		f.windows = fam.Availability
		f.location = model.Location{Kind: model.Home}
		if k := fam.LocationPreference; k != "" && k != model.Home {
			f.location = model.Location{Kind: k, RequestedBy: model.ByFamily}
		}
		visitors := p.visitorsOf(fid, dflt)
		f.visitors = appendNew(p.ar.visitors.take(len(visitors))[:0], visitors)
		for _, i := range recs.Visits {
			if v := &p.ds.Visits[i]; counts(v.Status) && v.Status != model.NoShow && !skip[v.ID] && p.year.Contains(model.DateOf(v.Start.In(p.loc))) {
				if f.kept == nil {
					f.kept = p.ar.kept.take(len(recs.Visits))[:0]
				}
				f.kept = append(f.kept, v)
			}
		}
		slices.SortStableFunc(f.kept, func(a, b *model.Visit) int { return a.Start.Compare(b.Start) })
		p.resolveTeam(&f, fam)
		p.fams = append(p.fams, f)
	}
	for i := range p.fams {
		f := &p.fams[i]
		for k := len(f.kept); k < 2; k++ {
			if p.opt.Kind == model.FirstVisit && k == 1 || p.opt.Kind == model.SecondVisit && k == 0 {
				continue // Options.Kind: only the other visit is planned
			}
			v := visit{fam: int32(i), second: k == 1}
			f.visits[k] = int32(len(p.visits))
			p.visits = append(p.visits, v)
		}
	}
}

// resolveTeam checks the visitors and intersects everyone's windows.
func (p *problem) resolveTeam(f *family, fam *model.Family) {
	if len(f.visitors) < 2 {
		f.reason, f.detail = NoVisitors, fmt.Sprintf("%d visitor(s) assigned; visits are made in pairs", len(f.visitors))
		if p.opt.Visitors == nil && p.opt.Teams == nil {
			// DefaultVisitors assigns none only for want of two.
			f.detail = fmt.Sprintf("the family's school (its teacher's, where that differs) has fewer than two educators opted in for %s with PTHV training on record; visits are made in pairs",
				p.year.ID)
		}
		return
	}
	f.minDay = p.notice.day
	f.team = p.ar.ints.take(len(f.visitors))[:0]
	for _, id := range f.visitors {
		k, ok := p.eduIdx[id]
		if !ok {
			f.reason, f.detail = VisitorNotEligible, fmt.Sprintf("visitor %s is not an educator of the dataset", id)
			return
		}
		e := &p.edus[k]
		if !e.eligible {
			f.reason, f.detail = VisitorNotEligible, fmt.Sprintf("visitor %s did not opt in for %s or has no PTHV training on record", id, p.year.ID)
			return
		}
		f.team = append(f.team, k)
		f.minDay = max(f.minDay, e.firstDay)
	}
	// A visitor who speaks the family's language is asked about only
	// when the family needs an interpreter: comparing languages folds
	// their case.
	f.interp = fam.NeedsInterpreter
	for _, k := range f.team {
		if f.interp && speaksAny(&p.ds.Educators[k], fam.Languages) {
			f.interp = false
		}
	}
	var fw [7][]span
	if len(f.windows) > 0 {
		fw = p.windowSpans(f.windows)
	} else if p.base.lo <= p.base.hi {
		// Every weekday the policy's hours: one slice, read only, shared
		// by the families without windows of their own.
		if p.baseSpans == nil {
			p.baseSpans = p.ar.spans.take(1)
			p.baseSpans[0] = p.base
		}
		for w := range fw {
			fw[w] = p.baseSpans[:1:1]
		}
	}
	for w := range fw {
		cur := fw[w]
		for _, k := range f.team {
			if ew := p.edus[k].windows; ew != nil {
				// The intersection of two lists of disjoint spans has
				// fewer spans than the two together.
				cur = intersectSpans(cur, ew[w], p.ar.spans.take(len(cur) + len(ew[w]))[:0])
			}
		}
		f.allowed[w] = cur
	}
}
