package pairing

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/homevisits/pthv/model"
)

// ErrOptions is wrapped by the errors [Teams] and [Partners] return for a
// missing dataset or invalid options.
var ErrOptions = errors.New("pairing: invalid input")

// policyOf returns the policy pairing plans by: override when it is set
// and valid, else the dataset's own.
func policyOf(ds *model.Dataset, override *model.Policy) (model.Policy, error) {
	if override == nil {
		return ds.Policy, nil
	}
	if err := override.Validate(); err != nil {
		return model.Policy{}, fmt.Errorf("%w: policy: %w", ErrOptions, err)
	}
	return *override, nil
}

// Reason says why an educator is in no team, or why a visit has no partner.
type Reason string

// Reasons an educator is left out of the standing teams.
const (
	// NotOptedIn: the educator did not volunteer for the year. Visits "are
	// always voluntary for educators" (core practice 1), so this is a
	// choice to respect, not a problem to fix.
	NotOptedIn Reason = "not-opted-in"
	// Untrained: the educator opted in but had completed no PTHV training
	// by the planning date (core practice 2).
	Untrained Reason = "untrained"
	// NoCompatiblePartner: no other eligible educator of the school can
	// visit with them (none at all, an avoid request either way, or no
	// shared time for a visit).
	NoCompatiblePartner Reason = "no-compatible-partner"
	// NoTeamToJoin: the educator is the odd one out and every team they
	// are compatible with has a member they cannot visit with, or is full.
	NoTeamToJoin Reason = "no-team-to-join"
)

// TeamWeights scores how well two educators fit as a standing team. Every
// compatible pair scores at least Base; the other components reward what
// the seeds and RTI's study ask of a pair. All weights must be
// non-negative. The zero TeamWeights means [DefaultTeamWeights].
type TeamWeights struct {
	// Base is what any compatible pair scores.
	Base int64 `json:"base"`
	// Availability is earned in full when the two share at least four
	// hours a week of availability, in proportion below that, and not at
	// all when either has none recorded.
	Availability int64 `json:"availability"`
	// Language is earned in full when the pair speaks a language of every
	// family needing one among the families of their students, in
	// proportion otherwise; nothing when no such family exists.
	Language int64 `json:"language"`
	// RoleMix rewards a certificated teacher with a classified colleague —
	// a liaison, paraprofessional or interpreter. RTI found classified
	// staff "critical supports" who were often bilingual and "trusted and
	// known to many families".
	RoleMix int64 `json:"role_mix"`
	// NewPair rewards two educators who were not a team last year: RTI's
	// educators "recommended varying types of pairs".
	NewPair int64 `json:"new_pair"`
	// Prefer is earned once for each of the two who asked for the other.
	Prefer int64 `json:"prefer"`
}

// DefaultTeamWeights returns the library's weights: base 10,
// availability 30, language 40, role mix 30, new pair 20, prefer 25.
// They are a library choice: the seeds say what a good pair is, not how
// much each quality weighs.
func DefaultTeamWeights() TeamWeights {
	return TeamWeights{Base: 10, Availability: 30, Language: 40, RoleMix: 30, NewPair: 20, Prefer: 25}
}

func (w TeamWeights) validate() error {
	for _, x := range []struct {
		name string
		v    int64
	}{{"base", w.Base}, {"availability", w.Availability}, {"language", w.Language},
		{"role_mix", w.RoleMix}, {"new_pair", w.NewPair}, {"prefer", w.Prefer}} {
		if x.v < 0 || x.v > MaxWeight/64 {
			return fmt.Errorf("%w: team weight %s = %d: want 0 to %d", ErrOptions, x.name, x.v, MaxWeight/64)
		}
	}
	return nil
}

// fullAvailability is the weekly shared time that earns the whole
// availability weight: a couple of afternoons.
const fullAvailability = 4 * 60

// maxTeamSize is the largest team: visits go "in pairs, or sometimes in
// groups of three or four" (RTI).
const maxTeamSize = 4

// TeamOptions configures [Teams].
type TeamOptions struct {
	// Schools limits planning to these schools; empty plans every school.
	// Educators with no school (district staff) form their own pool,
	// listed under the empty school id.
	Schools []model.SchoolID
	// AsOf is the date by which a member must have completed PTHV
	// training, read when [Teams] is passed a zero asOf.
	//
	// Deprecated: pass the as-of to [Teams], as every judgement takes it
	// (docs/conventions.md).
	AsOf model.Date
	// Policy overrides the dataset's policy when not nil; its
	// VisitLength is the shared window two members need and its
	// MaxGroupSize caps a team. See docs/conventions.md.
	Policy *model.Policy
	// Weights score compatibility; the zero value means
	// [DefaultTeamWeights].
	Weights TeamWeights
}

// TeamScore is a compatibility score broken into its components.
type TeamScore struct {
	Base         int64 `json:"base"`
	Availability int64 `json:"availability"`
	Language     int64 `json:"language"`
	RoleMix      int64 `json:"role_mix"`
	NewPair      int64 `json:"new_pair"`
	Prefer       int64 `json:"prefer"`
}

// Total returns the sum of the components.
func (s TeamScore) Total() int64 {
	return s.Base + s.Availability + s.Language + s.RoleMix + s.NewPair + s.Prefer
}

func (s TeamScore) plus(o TeamScore) TeamScore {
	return TeamScore{s.Base + o.Base, s.Availability + o.Availability, s.Language + o.Language,
		s.RoleMix + o.RoleMix, s.NewPair + o.NewPair, s.Prefer + o.Prefer}
}

// PairScore explains the compatibility of two members of a team.
type PairScore struct {
	A     model.EducatorID `json:"a"` // A sorts before B
	B     model.EducatorID `json:"b"`
	Score TeamScore        `json:"score"`
	// SharedMinutes is the weekly time both are available; -1 when either
	// has no availability recorded.
	SharedMinutes int `json:"shared_minutes"`
	// LanguageNeeded counts the families of A's and B's students that need
	// a language other than the school's; LanguageCovered those of them
	// the pair can speak with.
	LanguageNeeded  int        `json:"language_needed"`
	LanguageCovered int        `json:"language_covered"`
	RoleA           model.Role `json:"role_a"`
	RoleB           model.Role `json:"role_b"`
	// LastYear reports that the two were a team in the latest earlier
	// year recorded in the dataset's past pairs.
	LastYear bool `json:"last_year"`
	// PreferredBy lists who of the two asked for the other.
	PreferredBy []model.EducatorID `json:"preferred_by,omitempty"`
}

// Explain says in words how the pair's score arose.
func (p PairScore) Explain() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s + %s: %d = base %d", p.A, p.B, p.Score.Total(), p.Score.Base)
	if p.SharedMinutes < 0 {
		fmt.Fprintf(&b, " + availability %d (not recorded)", p.Score.Availability)
	} else {
		fmt.Fprintf(&b, " + availability %d (%s a week together)", p.Score.Availability, hours(p.SharedMinutes))
	}
	if p.LanguageNeeded == 0 {
		fmt.Fprintf(&b, " + language %d (no family needs another language)", p.Score.Language)
	} else {
		fmt.Fprintf(&b, " + language %d (speaks with %d of %d families needing a language)",
			p.Score.Language, p.LanguageCovered, p.LanguageNeeded)
	}
	fmt.Fprintf(&b, " + role mix %d (%s + %s)", p.Score.RoleMix, roleName(p.RoleA), roleName(p.RoleB))
	if p.LastYear {
		fmt.Fprintf(&b, " + new pair %d (a team last year)", p.Score.NewPair)
	} else {
		fmt.Fprintf(&b, " + new pair %d", p.Score.NewPair)
	}
	if len(p.PreferredBy) > 0 {
		fmt.Fprintf(&b, " + prefer %d (asked for by %s)", p.Score.Prefer, joinIDs(p.PreferredBy))
	} else {
		fmt.Fprintf(&b, " + prefer %d", p.Score.Prefer)
	}
	return b.String()
}

func roleName(r model.Role) string {
	if r == "" {
		return "role not recorded"
	}
	return string(r)
}

// Team is a standing team: two educators, or three (four at most) when a
// school's count is odd or someone could join no pair.
type Team struct {
	School  model.SchoolID     `json:"school"`
	Members []model.EducatorID `json:"members"` // sorted
	// Score sums the scores of every pair of members.
	Score TeamScore   `json:"score"`
	Pairs []PairScore `json:"pairs"`
}

// LeftOut is an educator in no team, and why.
type LeftOut struct {
	Educator model.EducatorID `json:"educator"`
	School   model.SchoolID   `json:"school"`
	Reason   Reason           `json:"reason"`
	Detail   string           `json:"detail"`
}

// TeamPlan is the result of [Teams].
type TeamPlan struct {
	Year    model.SchoolYearID `json:"year"`
	AsOf    model.Date         `json:"as_of"`
	Weights TeamWeights        `json:"weights"`
	// Teams are sorted by school, then by first member.
	Teams []Team `json:"teams"`
	// LeftOut lists every educator of the planned schools who is in no
	// team, sorted by school and id.
	LeftOut []LeftOut `json:"left_out"`
}

// Unplaced returns the educators who volunteered but are in no team
// (everyone left out except [NotOptedIn]): the ones a coordinator should
// act on, by training them or finding them a partner.
func (p TeamPlan) Unplaced() []LeftOut {
	var out []LeftOut
	for _, l := range p.LeftOut {
		if l.Reason != NotOptedIn {
			out = append(out, l)
		}
	}
	return out
}

// Teams forms the standing teams of the dataset's school year, one school
// at a time: the opted-in, trained educators of a school are paired by an
// exact maximum-cardinality, maximum-weight matching ([Match]) on their
// compatibility ([TeamWeights]), so that as many as possible have a partner
// and, among those pairings, the total compatibility is the highest
// possible. Anyone left over — the odd one out — joins the team whose
// members they fit best, making a team of three (four at most, and never
// more than Policy.MaxGroupSize); a pair is preferred over a triad.
//
// Hard rules: nobody who has not opted in for the year, or had no training
// by asOf's date in the district's time zone, is ever placed (a zero asOf
// means the first day of the school year; visits before it still need
// their own check, which Partners and practices do per visit); two educators are never teamed when either
// lists the other in Avoid (an explicit request against a partner is
// respected, not weighed), or when both have recorded availability and
// share no window long enough for a visit (Policy.VisitLength). Everyone
// not placed is listed with the reason.
//
// The result is deterministic and independent of record order: educators
// are numbered in id order before matching, so equally good teamings are
// decided by a fixed rule on that order, and an odd one out joins, among
// equally good teams, the one whose first member has the lowest id.
//
// opt.Policy, when set, overrides the dataset's policy; an override
// [model.Policy.Validate] rejects is an error wrapping ErrOptions.
func Teams(ds *model.Dataset, asOf time.Time, opt TeamOptions) (TeamPlan, error) {
	if ds == nil {
		return TeamPlan{}, fmt.Errorf("%w: no dataset", ErrOptions)
	}
	pol, err := policyOf(ds, opt.Policy)
	if err != nil {
		return TeamPlan{}, err
	}
	w := opt.Weights
	if w == (TeamWeights{}) {
		w = DefaultTeamWeights()
	}
	if err := w.validate(); err != nil {
		return TeamPlan{}, err
	}
	var day model.Date
	switch {
	case !asOf.IsZero():
		day = model.DateOf(asOf.In(ds.Calendar.Location()))
	case !opt.AsOf.IsZero():
		day = opt.AsOf
	default:
		day = ds.Year.FirstDay
	}
	plan := TeamPlan{Year: ds.Year.ID, AsOf: day, Weights: w, Teams: []Team{}, LeftOut: []LeftOut{}}
	ctx := newTeamContext(ds, pol, w, day)

	pools := map[model.SchoolID][]*model.Educator{}
	seen := map[model.EducatorID]bool{}
	for i := range ds.Educators {
		e := &ds.Educators[i]
		if seen[e.ID] {
			continue // a validated dataset has no duplicate ids; keep the first
		}
		seen[e.ID] = true
		if len(opt.Schools) > 0 && !slices.Contains(opt.Schools, e.School) {
			continue
		}
		pools[e.School] = append(pools[e.School], e)
	}
	schools := make([]model.SchoolID, 0, len(pools))
	for s := range pools {
		schools = append(schools, s)
	}
	slices.Sort(schools)
	for _, s := range schools {
		teams, left := ctx.planPool(s, pools[s])
		plan.Teams = append(plan.Teams, teams...)
		plan.LeftOut = append(plan.LeftOut, left...)
	}
	return plan, nil
}

// teamContext holds what every pool's planning reads from the dataset.
type teamContext struct {
	ds         *model.Dataset
	w          TeamWeights
	asOf       model.Date
	visitLen   int // minutes
	sizeLimit  int
	lastYear   map[[2]model.EducatorID]bool
	caseload   map[model.EducatorID][]int // families (positions) needing a language
	familyLang [][]model.Language
	// notOptedIn is the detail of every educator left out for not
	// opting in: one string for the year, not one for each of them.
	notOptedIn string
}

func newTeamContext(ds *model.Dataset, pol model.Policy, w TeamWeights, asOf model.Date) *teamContext {
	c := &teamContext{ds: ds, w: w, asOf: asOf, caseload: map[model.EducatorID][]int{},
		notOptedIn: fmt.Sprintf("did not opt in for %s", ds.Year.ID)}
	c.visitLen = pol.VisitLength.Minutes()
	if c.visitLen <= 0 {
		c.visitLen = model.DefaultPolicy().VisitLength.Minutes()
	}
	c.sizeLimit = maxTeamSize
	if g := pol.MaxGroupSize; g >= 2 && g < c.sizeLimit {
		c.sizeLimit = g
	}
	c.lastYear = lastYearPairs(ds)

	c.familyLang = make([][]model.Language, len(ds.Families))
	for i, f := range ds.Families {
		if f.NeedsInterpreter && len(f.Languages) > 0 {
			c.familyLang[i] = f.Languages
		}
	}
	// A student's family is the first of its id. Only the ids of families
	// needing a language are looked up (most families need none): each
	// at the position of the first family of its id, which may need none.
	famPos := map[model.FamilyID]int{}
	for i, f := range ds.Families {
		if c.familyLang[i] != nil {
			famPos[f.ID] = -1
		}
	}
	if len(famPos) > 0 {
		for i, f := range ds.Families {
			if k, ok := famPos[f.ID]; ok && k < 0 {
				famPos[f.ID] = i
			}
		}
	}
	for _, st := range ds.Students {
		fi, ok := famPos[st.Family]
		if !ok || c.familyLang[fi] == nil {
			continue
		}
		for _, t := range st.Teachers {
			if !slices.Contains(c.caseload[t], fi) {
				c.caseload[t] = append(c.caseload[t], fi)
			}
		}
	}
	return c
}

// lastYearPairs returns the pairs of the latest year in ds.PastPairs that
// is earlier than ds.Year (school-year ids such as "2024-25" sort in time
// order). Teams of three contribute each of their pairs.
func lastYearPairs(ds *model.Dataset) map[[2]model.EducatorID]bool {
	var last model.SchoolYearID
	for _, p := range ds.PastPairs {
		if p.Year < ds.Year.ID && p.Year > last {
			last = p.Year
		}
	}
	out := map[[2]model.EducatorID]bool{}
	if last == "" {
		return out
	}
	for _, p := range ds.PastPairs {
		if p.Year != last {
			continue
		}
		for i, a := range p.Educators {
			for _, b := range p.Educators[i+1:] {
				out[pairKey(a, b)] = true
			}
		}
	}
	return out
}

func pairKey(a, b model.EducatorID) [2]model.EducatorID {
	if b < a {
		a, b = b, a
	}
	return [2]model.EducatorID{a, b}
}

// candidate is an eligible educator of a pool.
type candidate struct {
	e        *model.Educator
	avail    weekly
	hasAvail bool
}

// conflict says why two educators cannot be a team; "" when they can.
func (c *teamContext) conflict(a, b *candidate) string {
	switch {
	case slices.Contains(a.e.Avoid, b.e.ID):
		return fmt.Sprintf("%s asked not to visit with %s", a.e.ID, b.e.ID)
	case slices.Contains(b.e.Avoid, a.e.ID):
		return fmt.Sprintf("%s asked not to visit with %s", b.e.ID, a.e.ID)
	case a.hasAvail && b.hasAvail && a.avail.intersect(b.avail).longest() < c.visitLen:
		return fmt.Sprintf("%s and %s share no %s window", a.e.ID, b.e.ID, hours(c.visitLen))
	}
	return ""
}

// score computes the compatibility of a and b.
func (c *teamContext) score(a, b *candidate) PairScore {
	if b.e.ID < a.e.ID {
		a, b = b, a
	}
	w := c.w
	p := PairScore{A: a.e.ID, B: b.e.ID, RoleA: a.e.Role, RoleB: b.e.Role, SharedMinutes: -1}
	p.Score.Base = w.Base
	if a.hasAvail && b.hasAvail {
		p.SharedMinutes = a.avail.intersect(b.avail).minutes()
		p.Score.Availability = w.Availability * int64(min(p.SharedMinutes, fullAvailability)) / fullAvailability
	}
	var fams []int
	fams = append(fams, c.caseload[a.e.ID]...)
	for _, f := range c.caseload[b.e.ID] {
		if !slices.Contains(fams, f) {
			fams = append(fams, f)
		}
	}
	p.LanguageNeeded = len(fams)
	for _, f := range fams {
		for _, l := range c.familyLang[f] {
			if a.e.Speaks(l) || b.e.Speaks(l) {
				p.LanguageCovered++
				break
			}
		}
	}
	if p.LanguageNeeded > 0 {
		p.Score.Language = w.Language * int64(p.LanguageCovered) / int64(p.LanguageNeeded)
	}
	if (a.e.Role == model.Certificated && b.e.Role == model.Classified) ||
		(a.e.Role == model.Classified && b.e.Role == model.Certificated) {
		p.Score.RoleMix = w.RoleMix
	}
	p.LastYear = c.lastYear[pairKey(a.e.ID, b.e.ID)]
	if !p.LastYear {
		p.Score.NewPair = w.NewPair
	}
	if slices.Contains(a.e.Prefer, b.e.ID) {
		p.PreferredBy = append(p.PreferredBy, a.e.ID)
		p.Score.Prefer += w.Prefer
	}
	if slices.Contains(b.e.Prefer, a.e.ID) {
		p.PreferredBy = append(p.PreferredBy, b.e.ID)
		p.Score.Prefer += w.Prefer
	}
	return p
}

func (c *teamContext) planPool(school model.SchoolID, eds []*model.Educator) ([]Team, []LeftOut) {
	slices.SortFunc(eds, func(a, b *model.Educator) int { return strings.Compare(string(a.ID), string(b.ID)) })
	var left []LeftOut
	var cands []*candidate
	for _, e := range eds {
		if !e.OptedIn(c.ds.Year.ID) {
			left = append(left, LeftOut{Educator: e.ID, School: school, Reason: NotOptedIn, Detail: c.notOptedIn})
			continue
		}
		if _, ok := e.TrainedBy(c.asOf); !ok {
			detail := "no PTHV training recorded"
			if len(e.Trainings) > 0 {
				first := e.Trainings[0].Date
				for _, t := range e.Trainings {
					if t.Date.Before(first) {
						first = t.Date
					}
				}
				detail = fmt.Sprintf("first trained %s, after %s", first, c.asOf)
			}
			left = append(left, LeftOut{Educator: e.ID, School: school, Reason: Untrained, Detail: detail})
			continue
		}
		cands = append(cands, &candidate{e: e, avail: weeklyOf(e.Availability), hasAvail: len(e.Availability) > 0})
	}

	n := len(cands)
	// Each pair i < j of the pool has a score, pairs[at[i*n+j]], or a
	// conflict, conflicts[-at[i*n+j]-1]: a pool is a school's staff, a
	// few dozen, so the table of positions is small.
	at := make([]int32, n*n)
	var pairs []PairScore
	var conflicts []string
	why := make([][]string, n)
	var edges []Edge
	for i := range n {
		for j := i + 1; j < n; j++ {
			if r := c.conflict(cands[i], cands[j]); r != "" {
				conflicts = append(conflicts, r)
				at[i*n+j] = -int32(len(conflicts))
				why[i] = append(why[i], r)
				why[j] = append(why[j], r)
				continue
			}
			p := c.score(cands[i], cands[j])
			at[i*n+j] = int32(len(pairs))
			pairs = append(pairs, p)
			edges = append(edges, Edge{U: i, V: j, W: p.Score.Total()})
		}
	}
	// The graph is valid by construction (indices in range, one edge per
	// pair, weights bounded by validate), so the solver is called directly.
	keep := make([]int32, len(edges))
	for i := range keep {
		keep[i] = int32(i)
	}
	sol := newSolver(n, edges, keep, true)
	sol.run()
	mate, _, _ := sol.result()
	m := Matching{Mate: mate}
	pairOf := func(i, j int) (PairScore, bool) {
		if k := at[min(i, j)*n+max(i, j)]; k >= 0 && i != j {
			return pairs[k], true
		}
		return PairScore{}, false
	}
	var groups [][]int
	for i, mate := range m.Mate {
		if mate > i {
			groups = append(groups, []int{i, mate})
		}
	}
	// The odd ones out join the team they fit best.
	for u := range n {
		if m.Mate[u] != -1 {
			continue
		}
		compatible := false
		best, bestGain := -1, int64(0)
		var blocked []string
		for g, members := range groups {
			gain, ok := int64(0), true
			common := cands[u].avail
			recorded := 0
			if cands[u].hasAvail {
				recorded++
			}
			var clash []string
			for _, x := range members {
				p, fits := pairOf(u, x)
				if !fits {
					ok = false
					clash = append(clash, conflicts[-at[min(u, x)*n+max(u, x)]-1])
					continue
				}
				compatible = true
				gain += p.Score.Total()
				if cands[x].hasAvail {
					if recorded == 0 {
						common = cands[x].avail
					} else {
						common = common.intersect(cands[x].avail)
					}
					recorded++
				}
			}
			if !ok {
				if len(clash) < len(members) {
					blocked = append(blocked, fmt.Sprintf("the team of %s: %s",
						teamIDs(cands, members), strings.Join(clash, "; ")))
				}
				continue
			}
			if len(members) >= c.sizeLimit {
				blocked = append(blocked, fmt.Sprintf("the team of %s is full", teamIDs(cands, members)))
				continue
			}
			if recorded >= 2 && common.longest() < c.visitLen {
				blocked = append(blocked, fmt.Sprintf("the team of %s shares no %s window with them",
					teamIDs(cands, members), hours(c.visitLen)))
				continue
			}
			if best == -1 || len(members) < len(groups[best]) ||
				(len(members) == len(groups[best]) && gain > bestGain) {
				best, bestGain = g, gain
			}
		}
		if best >= 0 {
			groups[best] = append(groups[best], u)
			continue
		}
		id := cands[u].e.ID
		switch {
		case n == 1:
			left = append(left, LeftOut{Educator: id, School: school, Reason: NoCompatiblePartner,
				Detail: "the only opted-in, trained educator in the pool"})
		case !compatible:
			left = append(left, LeftOut{Educator: id, School: school, Reason: NoCompatiblePartner,
				Detail: strings.Join(why[u], "; ")})
		default:
			left = append(left, LeftOut{Educator: id, School: school, Reason: NoTeamToJoin,
				Detail: strings.Join(blocked, "; ")})
		}
	}

	teams := make([]Team, 0, len(groups))
	for _, members := range groups {
		slices.Sort(members)
		t := Team{School: school}
		for _, x := range members {
			t.Members = append(t.Members, cands[x].e.ID)
		}
		for a := range members {
			for b := a + 1; b < len(members); b++ {
				p, _ := pairOf(members[a], members[b])
				t.Pairs = append(t.Pairs, p)
				t.Score = t.Score.plus(p.Score)
			}
		}
		teams = append(teams, t)
	}
	slices.SortFunc(teams, func(a, b Team) int { return strings.Compare(string(a.Members[0]), string(b.Members[0])) })
	slices.SortFunc(left, func(a, b LeftOut) int { return strings.Compare(string(a.Educator), string(b.Educator)) })
	return teams, left
}

func teamIDs(cands []*candidate, members []int) string {
	ids := make([]model.EducatorID, len(members))
	for i, x := range members {
		ids[i] = cands[x].e.ID
	}
	slices.Sort(ids)
	return joinIDs(ids)
}
