package pairing

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/homevisits/pthv/model"
)

// Reasons a visit gets no partner.
const (
	// NoVisitor: the visit lists no educator. Partners adds a colleague to
	// the student's teacher; it does not choose the teacher.
	NoVisitor Reason = "no-visitor"
	// NoEligiblePartner: no educator passes the hard rules for this visit
	// (opted in, trained by the visit date, available in its slot, not
	// already booked then, under their caps, no avoid request).
	NoEligiblePartner Reason = "no-eligible-partner"
	// LanguageNotCovered: the family needs a language that neither the
	// teacher nor an interpreter on the visit speaks, and no otherwise
	// eligible partner speaks it either. Booking an interpreter solves it.
	LanguageNotCovered Reason = "language-not-covered"
	// PartnersAtCapacity: eligible partners exist, but every one of them
	// is needed for other visits at the same time or has reached a daily,
	// weekly or yearly cap. More volunteers (or a moved visit) solve it.
	PartnersAtCapacity Reason = "partners-at-capacity"
)

// PartnerCosts prices a partner for a visit. Partners finds the assignment
// that gives a partner to as many visits as possible and, among those, has
// the least total cost. All costs must be non-negative; the zero value
// means [DefaultPartnerCosts].
type PartnerCosts struct {
	// SameRole is charged when the partner has the teacher's role: a
	// certificated teacher with a classified liaison or paraprofessional
	// is the mix RTI's schools valued.
	SameRole int64 `json:"same_role"`
	// Repeat is charged for each earlier visit this year that the teacher
	// and the partner made together (counted up to three), so that pairs
	// vary: RTI's educators "recommended varying types of pairs".
	Repeat int64 `json:"repeat"`
	// LastYear is charged when the two were a team last year.
	LastYear int64 `json:"last_year"`
	// OtherSchool is charged when the partner belongs to another school or
	// to district staff. The dataset records no travel times; this stands
	// in for the longer trip.
	OtherSchool int64 `json:"other_school"`
	// Load is charged per visit the partner already joins as a partner this
	// year, counting the ones this plan gives them, so the work spreads.
	Load int64 `json:"load"`
	// Prefer is taken off when the teacher or the partner asked for the
	// other.
	Prefer int64 `json:"prefer"`
	// Unconfirmed is charged when the partner has no availability recorded
	// and [PartnerOptions].AssumeAvailable let them through.
	Unconfirmed int64 `json:"unconfirmed"`
}

// DefaultPartnerCosts returns the library's costs: same role 20, repeat 10,
// last year 10, other school 15, load 2, prefer 20, unconfirmed 25. They
// are a library choice.
func DefaultPartnerCosts() PartnerCosts {
	return PartnerCosts{SameRole: 20, Repeat: 10, LastYear: 10, OtherSchool: 15, Load: 2, Prefer: 20, Unconfirmed: 25}
}

// maxCost keeps every path cost of the flow far from overflow.
const maxCost = 1 << 30

func (c PartnerCosts) validate() error {
	for _, x := range []struct {
		name string
		v    int64
	}{{"same_role", c.SameRole}, {"repeat", c.Repeat}, {"last_year", c.LastYear},
		{"other_school", c.OtherSchool}, {"load", c.Load}, {"prefer", c.Prefer}, {"unconfirmed", c.Unconfirmed}} {
		if x.v < 0 || x.v > maxCost {
			return fmt.Errorf("%w: partner cost %s = %d: want 0 to %d", ErrOptions, x.name, x.v, maxCost)
		}
	}
	return nil
}

// PartnerOptions configures [Partners].
type PartnerOptions struct {
	// Visits limits planning to these visits; empty means every proposed
	// or scheduled visit with fewer than two educators on it.
	Visits []model.VisitID
	// AcrossSchools lets educators of other schools partner; by default the
	// pool is the visit's school and district staff.
	AcrossSchools bool
	// AssumeAvailable treats an educator with no availability recorded as
	// available in every slot, at the Unconfirmed cost. By default they
	// are not offered: the planner cannot promise a time nobody recorded.
	AssumeAvailable bool
	// Costs price the choices; the zero value means [DefaultPartnerCosts].
	Costs PartnerCosts
	// Policy overrides the dataset's policy when not nil: its travel
	// buffer, caps on visits per day, per week and per partner, and
	// visit length. See docs/conventions.md.
	Policy *model.Policy
}

// PartnerCost is the cost of one assignment, by component. Prefer is a
// reduction (zero or negative).
type PartnerCost struct {
	SameRole    int64 `json:"same_role"`
	Repeat      int64 `json:"repeat"`
	LastYear    int64 `json:"last_year"`
	OtherSchool int64 `json:"other_school"`
	Load        int64 `json:"load"`
	Unconfirmed int64 `json:"unconfirmed"`
	Prefer      int64 `json:"prefer"`
}

// Total returns the sum of the components.
func (c PartnerCost) Total() int64 {
	return c.SameRole + c.Repeat + c.LastYear + c.OtherSchool + c.Load + c.Unconfirmed + c.Prefer
}

// Assignment is a partner chosen for a visit.
type Assignment struct {
	Visit   model.VisitID    `json:"visit"`
	Family  model.FamilyID   `json:"family"`
	Start   time.Time        `json:"start"`
	Teacher model.EducatorID `json:"teacher"`
	Partner model.EducatorID `json:"partner"`
	Cost    PartnerCost      `json:"cost"`
	// Notes record facts a coordinator should see: the partner covers the
	// family's language, availability was assumed.
	Notes []string `json:"notes,omitempty"`
}

// Explain says in words why the partner costs what it does.
func (a Assignment) Explain() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s + %s, cost %d", a.Visit, a.Teacher, a.Partner, a.Cost.Total())
	var parts []string
	add := func(v int64, what string) {
		if v != 0 {
			parts = append(parts, fmt.Sprintf("%s %+d", what, v))
		}
	}
	add(a.Cost.SameRole, "same role")
	add(a.Cost.Repeat, "repeat pair")
	add(a.Cost.LastYear, "team last year")
	add(a.Cost.OtherSchool, "other school")
	add(a.Cost.Load, "load")
	add(a.Cost.Unconfirmed, "availability unconfirmed")
	add(a.Cost.Prefer, "preferred")
	if len(parts) > 0 {
		b.WriteString(" (" + strings.Join(parts, ", ") + ")")
	}
	for _, n := range a.Notes {
		b.WriteString("; " + n)
	}
	return b.String()
}

// Exclusions counts, for a visit, the educators of the pool that a hard
// rule ruled out, by the first rule each one failed (in this order).
type Exclusions struct {
	NotOptedIn int `json:"not_opted_in,omitempty"`
	Untrained  int `json:"untrained,omitempty"`
	Avoid      int `json:"avoid,omitempty"`
	// NotRecorded counts educators with no availability recorded (see
	// [PartnerOptions].AssumeAvailable); Unavailable those whose recorded
	// windows do not cover the visit.
	NotRecorded  int `json:"availability_not_recorded,omitempty"`
	Unavailable  int `json:"unavailable,omitempty"`
	DoubleBooked int `json:"double_booked,omitempty"`
	DayFull      int `json:"day_full,omitempty"`
	WeekFull     int `json:"week_full,omitempty"`
	YearFull     int `json:"year_full,omitempty"`
	Language     int `json:"language,omitempty"`
}

// String lists the non-zero counts in words, such as "2 not opted in, 1
// not available then".
func (x Exclusions) String() string {
	var parts []string
	add := func(n int, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	add(x.NotOptedIn, "not opted in")
	add(x.Untrained, "not trained by then")
	add(x.Avoid, "asked not to visit together")
	add(x.NotRecorded, "with no availability recorded")
	add(x.Unavailable, "not available then")
	add(x.DoubleBooked, "already booked then")
	add(x.DayFull, "at their daily visit limit")
	add(x.WeekFull, "at their weekly visit limit")
	add(x.YearFull, "at their yearly partner limit")
	add(x.Language, "do not speak the family's language")
	if len(parts) == 0 {
		return "no other educator in the pool"
	}
	return strings.Join(parts, ", ")
}

// Unpartnered is a visit left without a partner, and why. A visit is never
// silently left solo: "a solo visit after a last-minute change is still a
// violation" (P5.pair).
type Unpartnered struct {
	Visit   model.VisitID    `json:"visit"`
	Family  model.FamilyID   `json:"family"`
	Start   time.Time        `json:"start"`
	Teacher model.EducatorID `json:"teacher,omitempty"`
	Reason  Reason           `json:"reason"`
	Detail  string           `json:"detail"`
	// Excluded counts the pool by the hard rule that ruled each out.
	Excluded Exclusions `json:"excluded"`
	// Candidates lists the eligible partners who were all needed
	// elsewhere (for [PartnersAtCapacity]).
	Candidates []model.EducatorID `json:"candidates,omitempty"`
}

// PartnerPlan is the result of [Partners].
type PartnerPlan struct {
	Year  model.SchoolYearID `json:"year"`
	Costs PartnerCosts       `json:"costs"`
	// Assignments are sorted by visit start, then visit id.
	Assignments []Assignment `json:"assignments"`
	// Unpartnered lists every planned visit without a partner, in the
	// same order.
	Unpartnered []Unpartnered `json:"unpartnered"`
	// Cost is the total cost of the assignments.
	Cost int64 `json:"cost"`
}

// Partners chooses a partner for each proposed or scheduled visit that has
// only one (distinct) educator on it — the student's teacher — which is how visits
// without a standing team come out of scheduling (order of work: Teams,
// then scheduling, then Partners).
//
// Hard rules for a partner: another person than the teacher; opted in for
// the school year; trained on or before the visit's date; available in the
// visit's slot (a recorded availability window covers it, see
// [model.Window.Covers]); not on another visit that overlaps it, travel
// buffer (Policy.TravelBuffer) included; under Policy.MaxVisitsPerDay and
// Policy.MaxVisitsPerWeek visits in all (existing ones counted) and under
// Policy.PartnerLoadCap partner visits in the year; no avoid request either
// way; and when the family needs an interpreter and neither the teacher nor
// an interpreter on the visit speaks one of its languages, the partner must.
// Interpreters never count as the partner.
//
// Objective: the most visits partnered, then the least total cost
// ([PartnerCosts]). It is solved exactly as a minimum-cost maximum flow:
// visit → partner (cost) → partner's overlap group → day → week → partner
// → sink, with the partner's yearly load priced by increasing unit costs.
// One modelling choice is conservative: a partner's candidate visits on
// one day that overlap, directly or through a chain of overlaps, form one
// group that gets at most one partner visit; where overlaps chain without
// every pair overlapping (10:00, 10:45, 11:30 with a 30-minute buffer) the
// plan may use fewer visits of that partner than the time allows. It never
// double-books.
//
// Every planned visit is either assigned or listed in Unpartnered with its
// reason; nothing is dropped silently. The result is deterministic; among
// equally good plans, the search favours earlier visits and partners with
// lower ids.
//
// opt.Policy, when set, overrides the dataset's policy; an override
// [model.Policy.Validate] rejects is an error wrapping ErrOptions.
func Partners(ds *model.Dataset, opt PartnerOptions) (PartnerPlan, error) {
	if ds == nil {
		return PartnerPlan{}, fmt.Errorf("%w: no dataset", ErrOptions)
	}
	pol, err := policyOf(ds, opt.Policy)
	if err != nil {
		return PartnerPlan{}, err
	}
	costs := opt.Costs
	if costs == (PartnerCosts{}) {
		costs = DefaultPartnerCosts()
	}
	if err := costs.validate(); err != nil {
		return PartnerPlan{}, err
	}
	p := newPartnerPlanner(ds, pol, opt, costs)
	return p.plan(), nil
}

// booking is an educator's commitment to an existing visit.
type booking struct {
	visit      int // position in ds.Visits
	start, end time.Time
	day        model.Date
	week       weekKey
}

type weekKey struct {
	year, week int
}

type partnerPlanner struct {
	ds    *model.Dataset
	opt   PartnerOptions
	costs PartnerCosts
	pol   model.Policy
	loc   *time.Location
	x     *model.Index

	educators []*model.Educator // sorted by id, first of duplicate ids
	eduPos    map[model.EducatorID]int
	bookings  [][]booking // educator → visits they are on (not cancelled)
	dayLoad   []map[model.Date]int
	weekLoad  []map[weekKey]int
	partnerOf []int // educator → partner visits this year
	together  map[[2]model.EducatorID]int
	lastYear  map[[2]model.EducatorID]bool
}

func newPartnerPlanner(ds *model.Dataset, pol model.Policy, opt PartnerOptions, costs PartnerCosts) *partnerPlanner {
	p := &partnerPlanner{ds: ds, opt: opt, costs: costs, pol: pol, loc: ds.Calendar.Location(),
		x: model.NewIndex(ds), eduPos: map[model.EducatorID]int{}, together: map[[2]model.EducatorID]int{},
		lastYear: lastYearPairs(ds)}
	if p.pol.MaxVisitsPerDay == 0 && p.pol.PartnerLoadCap == 0 && p.pol.VisitLength == 0 {
		p.pol = model.DefaultPolicy() // a policy that was never set
	}
	if p.pol.VisitLength <= 0 {
		p.pol.VisitLength = model.DefaultPolicy().VisitLength
	}
	for i := range ds.Educators {
		e := &ds.Educators[i]
		if _, dup := p.eduPos[e.ID]; !dup {
			p.eduPos[e.ID] = -1
			p.educators = append(p.educators, e)
		}
	}
	slices.SortFunc(p.educators, func(a, b *model.Educator) int { return strings.Compare(string(a.ID), string(b.ID)) })
	for i, e := range p.educators {
		p.eduPos[e.ID] = i
	}
	p.bookings = make([][]booking, len(p.educators))
	p.dayLoad = make([]map[model.Date]int, len(p.educators))
	p.weekLoad = make([]map[weekKey]int, len(p.educators))
	for i := range p.educators {
		p.dayLoad[i], p.weekLoad[i] = map[model.Date]int{}, map[weekKey]int{}
	}
	p.partnerOf = make([]int, len(p.educators))
	for vi := range ds.Visits {
		v := &ds.Visits[vi]
		if v.Status == model.Cancelled {
			continue
		}
		start := p.loc2(v.Start)
		end := start.Add(p.length(v))
		day := model.DateOf(start)
		week := isoWeek(day)
		inYear := ds.Year.Contains(day)
		visitors := distinct(v.Visitors)
		for k, id := range visitors {
			ei, ok := p.eduPos[id]
			if !ok {
				continue
			}
			p.bookings[ei] = append(p.bookings[ei], booking{visit: vi, start: start, end: end, day: day, week: week})
			p.dayLoad[ei][day]++
			p.weekLoad[ei][week]++
			if inYear && p.isPartner(v, visitors, k) {
				p.partnerOf[ei]++
			}
			if inYear {
				for _, other := range visitors[k+1:] {
					p.together[pairKey(id, other)]++
				}
			}
		}
	}
	return p
}

func (p *partnerPlanner) loc2(t time.Time) time.Time { return t.In(p.loc) }

func (p *partnerPlanner) length(v *model.Visit) time.Duration {
	if v.Duration > 0 {
		return time.Duration(v.Duration)
	}
	return time.Duration(p.pol.VisitLength)
}

// distinct returns ids without repeats, in first-seen order. A record that
// lists an educator twice still describes one person on the visit.
func distinct(ids []model.EducatorID) []model.EducatorID {
	for i, id := range ids {
		if slices.Contains(ids[:i], id) {
			out := slices.Clone(ids[:i])
			for _, x := range ids[i+1:] {
				if !slices.Contains(out, x) {
					out = append(out, x)
				}
			}
			return out
		}
	}
	return ids
}

// isPartner reports whether the k-th of a visit's (distinct) visitors
// joined it as a partner: they teach none of its students (or, with no
// students listed, they are not the first visitor).
func (p *partnerPlanner) isPartner(v *model.Visit, visitors []model.EducatorID, k int) bool {
	if len(v.Students) == 0 {
		return k > 0
	}
	id := visitors[k]
	for _, sid := range v.Students {
		if st, ok := p.x.Student(sid); ok && slices.Contains(st.Teachers, id) {
			return false
		}
	}
	return true
}

// request is a visit that needs a partner.
type request struct {
	visit   int // position in ds.Visits
	v       *model.Visit
	start   time.Time
	end     time.Time
	teacher *model.Educator
	school  model.SchoolID
	// language is the family's languages when one of them must be covered
	// by the partner; nil when the visit already covers the family.
	language []model.Language
}

// option is an eligible partner for a request.
type option struct {
	edu         int
	cost        PartnerCost // without Load, which depends on the plan
	unconfirmed bool
	speaks      model.Language
}

func (p *partnerPlanner) requests() ([]request, []Unpartnered) {
	var reqs []request
	var skipped []Unpartnered
	for vi := range p.ds.Visits {
		v := &p.ds.Visits[vi]
		if len(p.opt.Visits) > 0 && !slices.Contains(p.opt.Visits, v.ID) {
			continue
		}
		if v.Status != model.Proposed && v.Status != model.Scheduled {
			continue
		}
		visitors := distinct(v.Visitors)
		if len(visitors) >= 2 {
			continue
		}
		start := p.loc2(v.Start)
		r := request{visit: vi, v: v, start: start, end: start.Add(p.length(v))}
		if len(visitors) == 0 {
			skipped = append(skipped, Unpartnered{Visit: v.ID, Family: v.Family, Start: start, Reason: NoVisitor,
				Detail: "no educator is on the visit yet; add the student's teacher first"})
			continue
		}
		ei, ok := p.eduPos[v.Visitors[0]]
		if !ok {
			skipped = append(skipped, Unpartnered{Visit: v.ID, Family: v.Family, Start: start, Teacher: v.Visitors[0],
				Reason: NoVisitor, Detail: fmt.Sprintf("educator %q is not in the dataset", v.Visitors[0])})
			continue
		}
		r.teacher = p.educators[ei]
		r.school = r.teacher.School
		for _, sid := range v.Students {
			if st, ok := p.x.Student(sid); ok && st.School != "" {
				r.school = st.School
				break
			}
		}
		if f, ok := p.x.Family(v.Family); ok && f.NeedsInterpreter && len(f.Languages) > 0 && !p.covered(v, r.teacher, f.Languages) {
			r.language = f.Languages
		}
		reqs = append(reqs, r)
	}
	return reqs, skipped
}

// covered reports whether the teacher or an interpreter on v speaks one of
// langs. An interpreter whose languages are not recorded is taken to have
// been booked for this family.
func (p *partnerPlanner) covered(v *model.Visit, teacher *model.Educator, langs []model.Language) bool {
	for _, l := range langs {
		if teacher.Speaks(l) {
			return true
		}
	}
	for _, in := range v.Interpreters {
		if len(in.Languages) == 0 {
			return true
		}
		for _, l := range langs {
			if slices.Contains(in.Languages, l) {
				return true
			}
		}
	}
	return false
}

func isoWeek(d model.Date) weekKey {
	y, w := time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, time.UTC).ISOWeek()
	return weekKey{y, w}
}

// options lists the eligible partners of r and counts the others by the
// first hard rule they fail.
func (p *partnerPlanner) options(r *request) ([]option, Exclusions) {
	var out []option
	var ex Exclusions
	day := model.DateOf(r.start)
	week := isoWeek(day)
	buf := time.Duration(p.pol.TravelBuffer)
	for ei, e := range p.educators {
		if e.ID == r.teacher.ID || slices.Contains(r.v.Visitors, e.ID) {
			continue
		}
		if !p.opt.AcrossSchools && e.School != "" && e.School != r.school && e.School != r.teacher.School {
			continue
		}
		if !e.OptedIn(p.ds.Year.ID) {
			ex.NotOptedIn++
			continue
		}
		// Trained before the visit's day, as practices' P2.trained requires.
		if _, ok := e.TrainedBy(day.AddDays(-1)); !ok {
			ex.Untrained++
			continue
		}
		if slices.Contains(e.Avoid, r.teacher.ID) || slices.Contains(r.teacher.Avoid, e.ID) {
			ex.Avoid++
			continue
		}
		unconfirmed := false
		switch {
		case len(e.Availability) == 0 && p.opt.AssumeAvailable:
			unconfirmed = true
		case len(e.Availability) == 0:
			ex.NotRecorded++
			continue
		case !availableAt(e.Availability, r.start, r.end.Sub(r.start)):
			ex.Unavailable++
			continue
		}
		clash := false
		for _, b := range p.bookings[ei] {
			if b.visit != r.visit && b.start.Before(r.end.Add(buf)) && r.start.Before(b.end.Add(buf)) {
				clash = true
				break
			}
		}
		// The request's own visit is not among the partner's bookings: a
		// partner is never already on it.
		today, thisWeek := p.dayLoad[ei][day], p.weekLoad[ei][week]
		switch {
		case clash:
			ex.DoubleBooked++
			continue
		case today >= p.pol.MaxVisitsPerDay:
			ex.DayFull++
			continue
		case thisWeek >= p.pol.MaxVisitsPerWeek:
			ex.WeekFull++
			continue
		case p.partnerOf[ei] >= p.pol.PartnerLoadCap:
			ex.YearFull++
			continue
		}
		var speaks model.Language
		if r.language != nil {
			for _, l := range r.language {
				if e.Speaks(l) {
					speaks = l
					break
				}
			}
			if speaks == "" {
				ex.Language++
				continue
			}
		}
		o := option{edu: ei, unconfirmed: unconfirmed, speaks: speaks}
		c := p.costs
		if e.Role == r.teacher.Role {
			o.cost.SameRole = c.SameRole
		}
		o.cost.Repeat = c.Repeat * int64(min(p.together[pairKey(e.ID, r.teacher.ID)], 3))
		if p.lastYear[pairKey(e.ID, r.teacher.ID)] {
			o.cost.LastYear = c.LastYear
		}
		if e.School != r.school {
			o.cost.OtherSchool = c.OtherSchool
		}
		if unconfirmed {
			o.cost.Unconfirmed = c.Unconfirmed
		}
		if slices.Contains(e.Prefer, r.teacher.ID) || slices.Contains(r.teacher.Prefer, e.ID) {
			o.cost.Prefer = -c.Prefer
		}
		out = append(out, o)
	}
	return out, ex
}

// capacity limits, for the explanation of a visit left at capacity.
const (
	limitGroup = iota
	limitDay
	limitWeek
)

func (p *partnerPlanner) plan() PartnerPlan {
	plan := PartnerPlan{Year: p.ds.Year.ID, Costs: p.costs, Assignments: []Assignment{}, Unpartnered: []Unpartnered{}}
	reqs, skipped := p.requests()
	slices.SortStableFunc(reqs, func(a, b request) int {
		if c := a.start.Compare(b.start); c != 0 {
			return c
		}
		return strings.Compare(string(a.v.ID), string(b.v.ID))
	})
	opts := make([][]option, len(reqs))
	excl := make([]Exclusions, len(reqs))
	for i := range reqs {
		opts[i], excl[i] = p.options(&reqs[i])
	}

	// Build the network. Node 0 is the source, 1 the sink, then one node
	// per request.
	g := newNetwork(2 + len(reqs))
	const src, sink = 0, 1
	for i := range reqs {
		g.addArc(src, 2+i, 1, 0)
	}
	type slot struct {
		req, opt int
		day      model.Date
		start    time.Time
		end      time.Time
	}
	perEdu := make([][]slot, len(p.educators))
	for i := range reqs {
		for k, o := range opts[i] {
			perEdu[o.edu] = append(perEdu[o.edu], slot{req: i, opt: k, day: model.DateOf(reqs[i].start),
				start: reqs[i].start, end: reqs[i].end})
		}
	}
	// optArc[i][k] is the arc from request i to its k-th option; limits
	// remember, per option, the arcs of its overlap group, day and week
	// caps (-1 where the network needs none).
	optArc := make([][]int, len(reqs))
	limits := make([][][3]int, len(reqs))
	for i := range reqs {
		optArc[i] = make([]int, len(opts[i]))
		limits[i] = make([][3]int, len(opts[i]))
	}
	buf := time.Duration(p.pol.TravelBuffer)
	offset := p.costs.Prefer // keeps every arc cost non-negative
	for ei, slots := range perEdu {
		if len(slots) == 0 {
			continue
		}
		// Partner → sink: one unit arc per further visit, each dearer by
		// Load, up to the yearly cap.
		eNode := g.addNode()
		room := min(p.pol.PartnerLoadCap-p.partnerOf[ei], len(slots))
		if p.costs.Load == 0 {
			g.addArc(eNode, sink, int32(room), 0)
		} else {
			for u := range room {
				g.addArc(eNode, sink, 1, p.costs.Load*int64(p.partnerOf[ei]+u))
			}
		}
		slices.SortFunc(slots, func(a, b slot) int {
			if c := a.start.Compare(b.start); c != 0 {
				return c
			}
			return a.req - b.req
		})
		// Split the slots into weeks, days and overlap groups, then add a
		// node for a week or a day only where its cap could bind.
		type block struct{ lo, hi int } // a run of slots
		type dayPlan struct {
			block
			groups []block
			cap    int
		}
		type weekPlan struct {
			days []dayPlan
			cap  int
		}
		var weeks []weekPlan
		for lo := 0; lo < len(slots); {
			hi := lo
			for hi < len(slots) && slots[hi].day == slots[lo].day {
				hi++
			}
			d := dayPlan{block: block{lo, hi}, cap: max(0, p.pol.MaxVisitsPerDay-p.dayLoad[ei][slots[lo].day])}
			for a := lo; a < hi; {
				b, groupEnd := a+1, slots[a].end
				for b < hi && slots[b].start.Before(groupEnd.Add(buf)) {
					if slots[b].end.After(groupEnd) {
						groupEnd = slots[b].end
					}
					b++
				}
				d.groups = append(d.groups, block{a, b})
				a = b
			}
			wk := isoWeek(slots[lo].day)
			if len(weeks) == 0 || isoWeek(slots[weeks[len(weeks)-1].days[0].lo].day) != wk {
				weeks = append(weeks, weekPlan{cap: max(0, p.pol.MaxVisitsPerWeek-p.weekLoad[ei][wk])})
			}
			weeks[len(weeks)-1].days = append(weeks[len(weeks)-1].days, d)
			lo = hi
		}
		for _, w := range weeks {
			most := 0
			for _, d := range w.days {
				most += min(d.cap, len(d.groups))
			}
			weekTarget, weekArc := eNode, -1
			if w.cap < most {
				weekTarget = g.addNode()
				weekArc = g.addArc(weekTarget, eNode, int32(w.cap), 0)
			}
			for _, d := range w.days {
				dayTarget, dayArc := weekTarget, -1
				if d.cap < len(d.groups) {
					dayTarget = g.addNode()
					dayArc = g.addArc(dayTarget, weekTarget, int32(d.cap), 0)
				}
				for _, grp := range d.groups {
					target, groupArc := dayTarget, -1
					if grp.hi-grp.lo > 1 {
						target = g.addNode()
						groupArc = g.addArc(target, dayTarget, 1, 0)
					}
					for _, s := range slots[grp.lo:grp.hi] {
						o := opts[s.req][s.opt]
						optArc[s.req][s.opt] = g.addArc(2+s.req, target, 1, o.cost.Total()+offset)
						limits[s.req][s.opt] = [3]int{groupArc, dayArc, weekArc}
					}
				}
			}
		}
	}
	g.minCostMaxFlow(src, sink)

	// Read the assignment; the yearly load is charged in visit order.
	carried := slices.Clone(p.partnerOf)
	type outcome struct {
		start time.Time
		id    model.VisitID
		a     *Assignment
		u     *Unpartnered
	}
	var outs []outcome
	for i := range reqs {
		r := &reqs[i]
		chosen := -1
		for k := range opts[i] {
			if g.flow(optArc[i][k]) > 0 {
				chosen = k
				break
			}
		}
		if chosen >= 0 {
			o := opts[i][chosen]
			e := p.educators[o.edu]
			a := &Assignment{Visit: r.v.ID, Family: r.v.Family, Start: r.start, Teacher: r.teacher.ID, Partner: e.ID, Cost: o.cost}
			a.Cost.Load = p.costs.Load * int64(carried[o.edu])
			carried[o.edu]++
			if o.speaks != "" {
				a.Notes = append(a.Notes, fmt.Sprintf("%s speaks %s for the family", e.ID, o.speaks))
			}
			if o.unconfirmed {
				a.Notes = append(a.Notes, fmt.Sprintf("%s has no availability recorded: confirm the time", e.ID))
			}
			plan.Cost += a.Cost.Total()
			outs = append(outs, outcome{r.start, r.v.ID, a, nil})
			continue
		}
		u := &Unpartnered{Visit: r.v.ID, Family: r.v.Family, Start: r.start, Teacher: r.teacher.ID, Excluded: excl[i]}
		slotDesc := slotText(r.start, r.end.Sub(r.start))
		switch {
		case len(opts[i]) > 0:
			u.Reason = PartnersAtCapacity
			var why []string
			for k, o := range opts[i] {
				id := p.educators[o.edu].ID
				u.Candidates = append(u.Candidates, id)
				lim := limits[i][k]
				full := func(which int) bool { return lim[which] >= 0 && g.cap[lim[which]] == 0 }
				switch {
				case full(limitGroup):
					why = append(why, fmt.Sprintf("%s partners another visit at that time", id))
				case full(limitDay):
					why = append(why, fmt.Sprintf("%s reaches %d visits that day", id, p.pol.MaxVisitsPerDay))
				case full(limitWeek):
					why = append(why, fmt.Sprintf("%s reaches %d visits that week", id, p.pol.MaxVisitsPerWeek))
				default:
					// With no augmenting path left, some arc of the chain
					// is full; the others being free, it is the yearly one.
					why = append(why, fmt.Sprintf("%s reaches %d partner visits this year", id, p.pol.PartnerLoadCap))
				}
			}
			if len(why) > 5 {
				why = append(why[:5], fmt.Sprintf("and %d more", len(why)-5))
			}
			u.Detail = fmt.Sprintf("%s: every eligible partner is needed elsewhere: %s", slotDesc, strings.Join(why, "; "))
		case excl[i].Language > 0:
			u.Reason = LanguageNotCovered
			u.Detail = fmt.Sprintf("%s: the family needs %s; neither %s nor an interpreter on the visit speaks it, and %d otherwise eligible partners do not either (%s); book an interpreter",
				slotDesc, langList(r.language), r.teacher.ID, excl[i].Language, excl[i])
		default:
			u.Reason = NoEligiblePartner
			u.Detail = fmt.Sprintf("%s: %s", slotDesc, excl[i])
		}
		outs = append(outs, outcome{r.start, r.v.ID, nil, u})
	}
	for i := range skipped {
		outs = append(outs, outcome{skipped[i].Start, skipped[i].Visit, nil, &skipped[i]})
	}
	slices.SortStableFunc(outs, func(a, b outcome) int {
		if c := a.start.Compare(b.start); c != 0 {
			return c
		}
		return strings.Compare(string(a.id), string(b.id))
	})
	for _, o := range outs {
		if o.a != nil {
			plan.Assignments = append(plan.Assignments, *o.a)
		} else {
			plan.Unpartnered = append(plan.Unpartnered, *o.u)
		}
	}
	return plan
}

func langList(ls []model.Language) string {
	s := make([]string, len(ls))
	for i, l := range ls {
		s[i] = string(l)
	}
	if len(s) == 1 {
		return s[0]
	}
	return "one of " + strings.Join(s, ", ")
}
