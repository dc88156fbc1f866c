package schedule

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/homevisits/pthv/model"
)

// Plan places the first and second visits of every family whose consent
// stands accepted for the year at asOf ([model.ConsentFor]), over the rest of the
// dataset's school year. Visits the dataset already holds (scheduled or
// completed this school year) count as the family's first and second
// visits and are kept as they are; they and every other recorded visit
// also occupy their educators.
//
// Hard constraints, never broken: two or more visitors per visit, each
// opted in for the year and trained before the visit's day; the family's
// and every visitor's weekly availability (an empty list means not
// recorded, and is read as available from the policy's earliest to latest
// visit time on any day); no closure day; nothing before asOf plus the
// policy's notice; each educator's visits per day and per week (Monday to
// Sunday) within the policy's caps; no educator in two places, with the
// travel buffer (or [Options.Travel]) between visits; the second visit at
// least [model.Policy.MinGap] after the first; the budget, when set.
//
// Every accepted family's first and second visit is an appointment, a
// [Kept] visit or an [Unplaced] entry with its reason. The result depends
// only on the input: the same dataset, asOf and options give the same
// schedule.
//
// Unusable input is an [*InputError] wrapping [ErrOptions]: a nil dataset,
// a zero asOf, an invalid policy or option, or a school year that is not
// set, not in order, or longer than two years from the start of its
// summer (which would have the planner lay out every day of it).
func Plan(ds *model.Dataset, asOf time.Time, opt Options) (Schedule, error) {
	return plan(nil, ds, asOf, opt)
}

// plan is Plan, keeping what it may for the next run in pl (when not nil).
func plan(pl *Planner, ds *model.Dataset, asOf time.Time, opt Options) (Schedule, error) {
	p, err := newProblemWith(pl, ds, asOf, opt, nil, nil, nil)
	if err != nil {
		return Schedule{}, err
	}
	return p.solve()
}

// solve places the problem's visits and returns the schedule.
func (p *problem) solve() (Schedule, error) {
	p.assignIDs()
	p.individual()
	comps := p.components()
	bounds := p.ar.bounds.take(len(comps))
	p.compOf = p.ar.ints.take(len(p.visits))
	for i, c := range comps {
		bounds[i] = p.boundOf(c)
		for _, vi := range c {
			p.compOf[vi] = int32(i)
		}
	}
	p.comps, p.compBounds = comps, bounds
	p.greedy()
	bound, proven := p.optimise(comps, bounds)
	return p.result(bound, proven)
}

// assignIDs gives every visit to place its id: the prefix, the family id
// and 1 or 2, made unique among the dataset's visits.
func (p *problem) assignIDs() {
	prefix := p.opt.IDPrefix
	if prefix == "" {
		prefix = "SCH-"
	}
	// Taken are the plan's own ids and those of the dataset's visits
	// that begin with the prefix: every id the plan makes does, so no
	// other can be one of them. A Planner's dataset holds hundreds of
	// visits, seldom one of a plan's ids; the set stays small. A
	// Planner's set is kept from run to run, and emptied at the end of
	// each by deleting the run's ids: clear would walk its whole table,
	// as large as the most ids any run held.
	// The dataset's ids it holds are listed in recorded, for the
	// Planner's set to be emptied of them without walking the visits
	// again.
	var taken map[model.VisitID]bool
	var recorded *[]model.VisitID
	if p.pl != nil {
		if p.pl.taken == nil {
			p.pl.taken = map[model.VisitID]bool{}
		}
		taken, recorded = p.pl.taken, &p.pl.recorded
		defer func() {
			for _, id := range *recorded {
				delete(taken, id)
			}
			clear(*recorded)
			*recorded = (*recorded)[:0]
			for vi := range p.visits {
				delete(taken, p.visits[vi].id)
			}
		}()
	} else {
		taken = map[model.VisitID]bool{}
	}
	for i := range p.ds.Visits {
		if id := p.ds.Visits[i].ID; strings.HasPrefix(string(id), prefix) {
			taken[id] = true
			if recorded != nil {
				*recorded = append(*recorded, id)
			}
		}
	}
	for vi := range p.visits {
		v := &p.visits[vi]
		if v.id != "" {
			taken[v.id] = true
		}
	}
	for vi := range p.visits {
		v := &p.visits[vi]
		if v.id != "" {
			continue
		}
		base := p.baseID(prefix, &p.fams[v.fam], v.second)
		id := base
		for k := 2; taken[id]; k++ {
			id = model.VisitID(string(base) + "." + strconv.Itoa(k))
		}
		taken[id] = true
		v.id = id
	}
}

// baseID returns the id a visit of family f is given unless the
// dataset holds it already: the prefix, the family id and -1 or -2. A
// Planner keeps the ids it made, by the family's position and the
// visit's kind, for its next runs, which plan mostly the same families:
// a kept id is used when it still reads prefix, family id and kind, and
// made again otherwise.
func (p *problem) baseID(prefix string, f *family, second bool) model.VisitID {
	n := "-1"
	if second {
		n = "-2"
	}
	if p.pl == nil {
		return model.VisitID(prefix + string(f.id) + n)
	}
	i := 2*int(f.pos) + b2i(second)
	if i >= len(p.pl.ids) {
		p.pl.ids = append(p.pl.ids, make([]model.VisitID, i+1-len(p.pl.ids))...)
	}
	if id := string(p.pl.ids[i]); len(id) == len(prefix)+len(f.id)+len(n) &&
		id[:len(prefix)] == prefix && id[len(prefix):len(id)-len(n)] == string(f.id) && id[len(id)-len(n):] == n {
		return model.VisitID(id)
	}
	id := model.VisitID(prefix + string(f.id) + n)
	p.pl.ids[i] = id
	return id
}

// kind returns the visit kind of a visit.
func kindOf(second bool) model.VisitKind {
	if second {
		return model.SecondVisit
	}
	return model.FirstVisit
}

// objective scores the placed visits of the plan (those in vis, or all).
func (p *problem) objective(vis []int32) Objective {
	var o Objective
	add := func(v *visit) {
		if !v.placed {
			return
		}
		if v.second {
			o.SecondVisits++
		} else {
			o.FirstVisits++
		}
		o.SeasonMisses += int(v.at.miss)
		o.MinutesOutside += int(v.at.cost)
		o.CostCents += v.at.cents
		o.PreferenceRank += int(v.at.pref)
	}
	if vis == nil {
		for vi := range p.visits {
			add(&p.visits[vi])
		}
		return o
	}
	for _, vi := range vis {
		add(&p.visits[vi])
	}
	return o
}

// payer returns the compensation rule of the run.
func (p *problem) payer() *payer {
	rule := model.PayRuleOf(p.ds, p.pol)
	rule.Calendar = p.cal // with a repair's closures
	return &payer{x: p.x, rule: rule, funding: funding{x: p.x, opt: p.opt.Funding}}
}

// appointment builds the appointment of a placed visit starting at start
// (its moment's time). Its students,
// visitors and pay are cut from the arrays of all the schedule's
// appointments in out (see apptArrays).
func (p *problem) appointment(vi int32, start time.Time, pay *payer, out *apptArrays) Appointment {
	v := &p.visits[vi]
	f := &p.fams[v.fam]
	d := time.Duration(p.pol.VisitLength)
	from := len(out.pay)
	out.pay = p.appendTeamPay(out.pay, pay, f, start, d)
	return Appointment{
		ID: v.id, Family: f.id, School: f.school, Students: appendCopy(&out.students, f.students),
		Kind: kindOf(v.second), Status: model.Scheduled,
		Start: start, Duration: p.pol.VisitLength, Visitors: appendCopy(&out.visitors, f.visitors),
		Location: f.location, ArrangedAt: p.asOf, Season: p.days[v.at.day].season,
		InterpreterNeeded: f.interp,
		Pay:               out.pay[from:len(out.pay):len(out.pay)],
	}
}

// appendTeamPay is pay.appendPay of family f's visitors, appended to
// out: when f's team holds each of them, the educators and working hours
// are those the problem found for the team, by position, rather than
// looked up again by id for every appointment. (The index, like
// eduIdx, positions an id at its first educator.)
func (p *problem) appendTeamPay(out []model.Compensation, pay *payer, f *family, start time.Time, d time.Duration) []model.Compensation {
	if len(f.team) != len(f.visitors) {
		return pay.appendPay(out, f.school, f.visitors, start, d)
	}
	source := pay.funding.of(f.school)
	for _, k := range f.team {
		e := &p.ds.Educators[k]
		if p.alwaysPay || pay.memo == nil {
			out = append(out, pay.rule.Pay(e, p.edus[k].hours, start, d, source))
			continue
		}
		out = append(out, pay.memo.pay(pay.rule, e, p.edus[k].hours, start, d, source))
	}
	return out
}

// payMemo remembers the minutes of visits outside visitors' working
// days ([model.Calendar.MinutesOutsideWorkingDay]), by the visit's start
// and length and the working day: a plan's visitors are paid at a few
// hundred instants of the year, and the visitors of an appointment are
// most often colleagues of one school and of its hours — working the
// minutes out converts the visit's times to the district's zone again
// and again. What those minutes are paid stays the pay rule's
// ([model.PayRule.PayOutside]). A Planner keeps its memo from run to
// run, as long as the rule's calendar and school year are the same.
type payMemo struct {
	cal     model.Calendar
	year    model.SchoolYear
	minutes map[minuteTerms]int
}

// minuteTerms are what the minutes outside a working day depend on but
// for the calendar and year (the memo's).
type minuteTerms struct {
	hours model.Hours
	sec   int64 // of the start, with nsec
	nsec  int32
	d     time.Duration
}

// maxPaid bounds a memo's terms, which a Planner's runs over years of
// schools would otherwise add to without end.
const maxPaid = 1 << 14

// of returns m ready to pay by rule: emptied when what it remembers is
// of another calendar or school year (or too much). A run asks once, and
// pays every visitor of its appointments by the memo it returns.
func (m *payMemo) of(rule model.PayRule) *payMemo {
	if m.minutes == nil || m.year != rule.Year || !sameDays(m.cal, rule.Calendar) || len(m.minutes) >= maxPaid {
		clear(m.minutes)
		if m.minutes == nil {
			m.minutes = map[minuteTerms]int{}
		}
		// The memo's own calendar, whatever the caller changes in place.
		m.cal, m.year = rule.Calendar, rule.Year
		m.cal.Week, m.cal.Closures = slices.Clone(m.cal.Week), slices.Clone(m.cal.Closures)
	}
	return m
}

// pay is rule.Pay(e, hours, start, d, source), with the minutes outside
// the working day remembered. rule is the one of's: of the memo's
// calendar and year (its rates may be any).
func (m *payMemo) pay(rule model.PayRule, e *model.Educator, hours model.Hours, start time.Time, d time.Duration, source model.FundingSource) model.Compensation {
	t := minuteTerms{hours: hours, sec: start.Unix(), nsec: int32(start.Nanosecond()), d: d}
	minutes, ok := m.minutes[t]
	if !ok {
		minutes = rule.Calendar.MinutesOutsideWorkingDay(rule.Year, hours, start, d)
		m.minutes[t] = minutes
	}
	return rule.PayOutside(e, minutes, source)
}

// apptArrays hold the students, visitors and pay of a schedule's
// appointments: one array of each for all of them, rather than three for
// each, each appointment's slices capped at their own entries so that an
// append to one moves it out rather than writing over the next.
type apptArrays struct {
	students []model.StudentID
	visitors []model.EducatorID
	pay      []model.Compensation
}

// appendCopy appends s to *buf and returns the copy, capped at its
// length — nil for a nil s, as [slices.Clone] gives.
func appendCopy[T any](buf *[]T, s []T) []T {
	if s == nil {
		return nil
	}
	from := len(*buf)
	*buf = append(*buf, s...)
	return (*buf)[from:len(*buf):len(*buf)]
}

// unplaced explains a visit left unplaced.
func (p *problem) unplaced(vi int32) Unplaced {
	v := &p.visits[vi]
	f := &p.fams[v.fam]
	u := Unplaced{Family: f.id, School: f.school, Kind: kindOf(v.second)}
	switch {
	case p.yearOver():
		u.Reason, u.Detail = NoDaysLeft, p.noDaysLeft()
	case f.reason != "":
		u.Reason, u.Detail = f.reason, f.detail
	case v.second && f.visits[0] >= 0 && !p.visits[f.visits[0]].placed:
		// Only when the first visit is one of the plan's: a first visit on
		// record never leaves the second waiting for it.
		first := p.unplaced(f.visits[0])
		u.Reason, u.Detail = NoFirstVisit, fmt.Sprintf("the first visit could not be placed (%s)", first.Reason)
	case !v.indivOK && v.reason != "":
		u.Reason, u.Detail = v.reason, v.detail
	case v.reason == OverBudget:
		u.Reason, u.Detail = OverBudget, fmt.Sprintf("a time was free, but its pay would take the new appointments past the budget of %d cents", p.opt.BudgetCents)
	default:
		u.Reason, u.Detail = Capacity, "common times exist, but other appointments and the visitors' caps take them all"
	}
	return u
}

// result assembles the schedule.
func (p *problem) result(bound Objective, proven bool) (Schedule, error) {
	pay := p.payer()
	pay.memo = p.pays.of(pay.rule)
	s := Schedule{
		Year: p.year.ID, AsOf: p.asOf, Policy: p.pol, Step: model.Duration(time.Duration(p.step) * time.Minute),
		BudgetCents: p.opt.BudgetCents, Method: p.method(),
		WorkingHoursBusy: p.opt.WorkingHoursBusy,
	}
	placed, students, visitors := 0, 0, 0
	for vi := range p.visits {
		if v := &p.visits[vi]; v.placed {
			placed++
			students += len(p.fams[v.fam].students)
			visitors += len(p.fams[v.fam].visitors)
		}
	}
	s.Appointments = make([]Appointment, 0, placed)
	if n := len(p.visits) - placed; n > 0 {
		s.Unplaced = make([]Unplaced, 0, n)
	}
	// The appointments are made in their order, by start then id (a
	// plan's ids are unique), rather than sorted once made: an
	// appointment is large, a visit's place in the order small.
	type starting struct {
		vi    int32
		start time.Time
	}
	var few [16]starting
	order := few[:0]
	for vi := range p.visits {
		v := &p.visits[vi]
		if v.placed {
			order = append(order, starting{int32(vi), p.timeOf(moment{v.at.day, v.at.start})})
		} else {
			s.Unplaced = append(s.Unplaced, p.unplaced(int32(vi)))
		}
	}
	slices.SortFunc(order, func(a, b starting) int {
		if c := a.start.Compare(b.start); c != 0 {
			return c
		}
		return cmp.Compare(p.visits[a.vi].id, p.visits[b.vi].id)
	})
	out := apptArrays{students: make([]model.StudentID, 0, students),
		visitors: make([]model.EducatorID, 0, visitors), pay: make([]model.Compensation, 0, visitors)}
	for _, o := range order {
		s.Appointments = append(s.Appointments, p.appointment(o.vi, o.start, pay, &out))
	}
	kept := 0
	for i := range p.fams {
		kept += len(p.fams[i].kept)
	}
	if kept > 0 {
		s.Kept = make([]Kept, 0, kept)
	}
	for i := range p.fams {
		f := &p.fams[i]
		for i, k := range f.kept {
			s.Kept = append(s.Kept, Kept{Family: f.id, Kind: kindOf(i == 1), Visit: k.ID, Start: k.Start})
		}
	}
	sortFamilyLists(&s) // the appointments are in order
	s.Objective = p.objective(nil)
	s.Bound, s.Proven = bound, proven
	t, err := totals(s.Appointments)
	if err != nil {
		return Schedule{}, err
	}
	s.Totals = t
	p.explain(&s)
	return s, nil
}

// explain counts the accepted families and eligible educators, and notes
// what keeps the whole schedule from placing any visit.
func (p *problem) explain(s *Schedule) {
	s.Families = len(p.fams)
	for i := range p.edus {
		if p.edus[i].eligible && p.eduIdx[p.edus[i].id] == int32(i) {
			s.EligibleEducators++
		}
	}
	asOf := model.DateOf(p.asOf.In(p.loc))
	if s.Families == 0 {
		invited, accepted := 0, 0
		for i := range p.ds.Invitations {
			inv := &p.ds.Invitations[i]
			if inv.SentAt.After(p.asOf) {
				continue
			}
			invited++
			if inv.Answer() == model.Accepted || inv.FromFamily() {
				accepted++
			}
		}
		detail := fmt.Sprintf("no invitation sent by %s is recorded", asOf)
		switch {
		case accepted > 0:
			detail = fmt.Sprintf("%d of the %d invitation(s) sent by %s were accepted, but no family's consent stands on %s (withdrawn, declined later, or answered after that day)",
				accepted, invited, asOf, asOf)
		case invited > 0:
			detail = fmt.Sprintf("none of the %d invitation(s) sent by %s was answered yes", invited, asOf)
		}
		s.Notes = append(s.Notes, Note{Reason: NoAcceptedFamily, Detail: detail})
	}
	if s.EligibleEducators < 2 {
		s.Notes = append(s.Notes, Note{Reason: NoEligibleEducator, Detail: fmt.Sprintf(
			"%d of the %d educator(s) opted in for %s with PTHV training on record by %s; visits are made in pairs",
			s.EligibleEducators, len(p.ds.Educators), p.year.ID, p.year.LastDay)})
	}
	if p.yearOver() {
		s.Notes = append(s.Notes, Note{Reason: NoDaysLeft, Detail: p.noDaysLeft()})
	}
}

func (p *problem) method() Method {
	if p.opt.Method == "" {
		return Auto
	}
	return p.opt.Method
}

// sortSchedule puts a schedule's lists in their documented order.
func sortSchedule(s *Schedule) {
	slices.SortFunc(s.Appointments, func(a, b Appointment) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	sortFamilyLists(s)
}

// sortFamilyLists puts a schedule's lists by family, Unplaced and Kept,
// in their documented order.
func sortFamilyLists(s *Schedule) {
	slices.SortFunc(s.Unplaced, func(a, b Unplaced) int {
		if c := cmp.Compare(a.Family, b.Family); c != 0 {
			return c
		}
		return cmp.Compare(a.Kind, b.Kind)
	})
	slices.SortFunc(s.Kept, func(a, b Kept) int {
		if c := cmp.Compare(a.Family, b.Family); c != 0 {
			return c
		}
		return cmp.Compare(a.Kind, b.Kind)
	})
}
