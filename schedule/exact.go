package schedule

import (
	"math"
	"slices"
)

// A component is a set of families linked by shared visitors: nothing one
// component does changes what another can do, so each is planned, bounded
// and searched on its own (except within a budget, which links them all).

// components groups the visits to place by shared visitors, in order of
// their first family.
func (p *problem) components() [][]int32 {
	parent := p.ar.ints.take(len(p.fams))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(i int32) int32 {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	// owner is the first family of each educator, -1 for none yet.
	owner := p.ar.ints.take(len(p.edus))
	for i := range owner {
		owner[i] = -1
	}
	for i := range p.fams {
		f := &p.fams[i]
		if f.reason != "" {
			continue
		}
		for _, e := range f.team {
			if o := owner[e]; o >= 0 {
				a, b := find(o), find(int32(i))
				if a != b {
					parent[max(a, b)] = min(a, b)
				}
			} else {
				owner[e] = int32(i)
			}
		}
	}
	if p.budget { // one budget links every family
		for i := range parent {
			parent[i] = 0
		}
	}
	// The visits of each root family, counted, then laid out root after
	// root in one array: a root is its component's first family, so the
	// roots in order are the components in order.
	count := p.ar.ints.take(len(p.fams))
	n, comps := 0, 0
	for vi := range p.visits {
		if v := &p.visits[vi]; !v.fixed {
			r := find(v.fam)
			if count[r] == 0 {
				comps++
			}
			count[r]++
			n++
		}
	}
	out := p.ar.comps.take(comps)[:0]
	all := p.ar.ints.take(n)
	next := count // where each root's next visit goes, in all
	at := int32(0)
	for r, c := range count {
		if c > 0 {
			out = append(out, all[at:at:at+c])
			next[r] = at
			at += c
		}
	}
	for vi := range p.visits {
		if v := &p.visits[vi]; !v.fixed {
			r := find(v.fam)
			all[next[r]] = int32(vi)
			next[r]++
		}
	}
	for i := range out {
		out[i] = out[i][:cap(out[i])]
	}
	return out
}

// capacity bounds how many of the visits vis the educators can take: for
// each visitor, visits not involving them plus the free places in their
// weeks (each week's cap, or the sum of its days' caps on days a family of
// theirs could use). Call it with only fixed appointments booked.
func (p *problem) capacity(vis []int32) int {
	n := len(vis)
	best := n
	// need counts the visits of each visitor, by position: an array of
	// the problem's, as long as its educators, zero but where order says.
	if len(p.need) < len(p.edus) {
		p.need = make([]int, len(p.edus))
	}
	need := p.need
	var order []int32
	for _, vi := range vis {
		for _, e := range p.fams[p.visits[vi].fam].team {
			if need[e] == 0 {
				order = append(order, e)
			}
			need[e]++
		}
	}
	for _, e := range order {
		ed := &p.edus[e]
		// A day is usable when it is open and one of the visitor's
		// families allows its weekday from a day no later: the first such
		// day for each weekday is all that counts.
		var from [7]int32
		for wd := range from {
			from[wd] = math.MaxInt32
		}
		for _, vi := range vis {
			f := &p.fams[p.visits[vi].fam]
			if !slices.Contains(f.team, e) {
				continue
			}
			lo := max(p.notice.day, f.minDay, 0)
			for wd := range from {
				if len(f.allowed[wd]) > 0 {
					from[wd] = min(from[wd], lo)
				}
			}
		}
		// The visitor bounds the set only while their free places are
		// fewer than their visits: the days are counted from the first
		// usable one (the weeks before have no free place), and only until
		// the places are enough.
		first := min(from[0], from[1], from[2], from[3], from[4], from[5], from[6])
		free, week, inWeek := 0, int32(-1), 0
		flush := func() {
			if week >= 0 {
				free += min(inWeek, max(0, p.pol.MaxVisitsPerWeek-int(ed.weekCount[week])))
			}
		}
		for d := int(first); d < len(p.days) && free < need[e]; d++ {
			if w := p.days[d].week; w != week {
				flush()
				week, inWeek = w, 0
			}
			if dd := &p.days[d]; !dd.closed && int32(d) >= from[dd.wd] {
				inWeek += max(0, p.pol.MaxVisitsPerDay-int(ed.dayCount[d]))
			}
		}
		flush()
		best = min(best, n-need[e]+min(need[e], free))
	}
	for _, e := range order {
		need[e] = 0
	}
	return best
}

// boundOf returns the best objective the visits vis could reach, from what
// each visit can do alone and the visitors' capacity. Call it with only
// fixed appointments booked.
func (p *problem) boundOf(vis []int32) Objective {
	var firsts, all []int32
	for _, vi := range vis {
		v := &p.visits[vi]
		if !v.indivOK {
			continue
		}
		all = append(all, vi)
		if !v.second {
			firsts = append(firsts, vi)
		}
	}
	ub1 := min(len(firsts), p.capacity(firsts))
	ubAll := min(len(all), p.capacity(all))
	if p.budget {
		ub1 = min(ub1, p.affordable(firsts))
		ubAll = min(ubAll, p.affordable(all))
	}
	b := Objective{FirstVisits: ub1, SecondVisits: min(len(all)-len(firsts), max(0, ubAll-ub1))}
	if b.FirstVisits == len(firsts) && b.FirstVisits+b.SecondVisits == len(all) {
		// Every visit that can be placed alone is placed: each costs at
		// least its best alone.
		for _, vi := range all {
			k := p.visits[vi].indiv
			b.SeasonMisses += int(k.miss)
			b.MinutesOutside += int(k.cost)
			b.CostCents += k.cents
			b.PreferenceRank += int(k.pref)
		}
	}
	return b
}

// affordable returns how many of vis the budget could pay for, each at its
// cheapest alone.
func (p *problem) affordable(vis []int32) int {
	cents := make([]int64, len(vis))
	for i, vi := range vis {
		cents[i] = p.visits[vi].indiv.cents
	}
	slices.Sort(cents)
	left := p.opt.BudgetCents
	for i, c := range cents {
		if c > left {
			return i
		}
		left -= c
	}
	return len(cents)
}

// meets reports whether o reaches bound b on every field the objective
// compares.
func (p *problem) meets(o, b Objective) bool {
	if p.budget && o.CostCents != b.CostCents {
		return false
	}
	return o.FirstVisits == b.FirstVisits && o.SecondVisits == b.SecondVisits &&
		o.SeasonMisses == b.SeasonMisses && o.MinutesOutside == b.MinutesOutside &&
		o.PreferenceRank == b.PreferenceRank
}

// Default limits of the exact search.
const (
	defaultExactVisits = 16
	defaultNodeLimit   = 50000
	autoNodeBudget     = 50000 // all components together, in Auto
)

// optimise proves components optimal by their bounds, or searches the
// small ones exactly. It returns the bound of the whole schedule and
// whether the schedule is proven optimal. bounds are the components'
// bounds, computed before the heuristic ran.
func (p *problem) optimise(comps [][]int32, bounds []Objective) (Objective, bool) {
	var total Objective
	proven := true
	method := p.method()
	small := p.opt.ExactVisits
	if small == 0 {
		small = defaultExactVisits
	}
	limit := p.opt.NodeLimit
	if limit == 0 {
		limit = defaultNodeLimit
	}
	spent := 0
	for i, vis := range comps {
		b := bounds[i]
		ok := p.meets(p.objective(vis), b)
		if !ok && method != Heuristic && (method == Exact || len(vis) <= small && spent < autoNodeBudget) {
			nodes, done := p.exact(vis, limit)
			spent += nodes
			if done {
				ok, b = true, p.objective(vis)
			}
		}
		proven = proven && ok
		total = add(total, b)
	}
	return total, proven
}

func add(a, b Objective) Objective {
	return Objective{
		FirstVisits: a.FirstVisits + b.FirstVisits, SecondVisits: a.SecondVisits + b.SecondVisits,
		SeasonMisses: a.SeasonMisses + b.SeasonMisses, MinutesOutside: a.MinutesOutside + b.MinutesOutside,
		CostCents: a.CostCents + b.CostCents, PreferenceRank: a.PreferenceRank + b.PreferenceRank,
	}
}

func keyObjective(k key, second bool) Objective {
	o := Objective{SeasonMisses: int(k.miss), MinutesOutside: int(k.cost), CostCents: k.cents, PreferenceRank: int(k.pref)}
	if second {
		o.SecondVisits = 1
	} else {
		o.FirstVisits = 1
	}
	return o
}

// search is one branch-and-bound run over a component.
type search struct {
	p      *problem
	vis    []int32
	suffix []Objective // the best the visits vis[i:] could add
	best   Objective
	bestAt []key
	cur    []key
	nodes  int
	limit  int
	abort  bool
}

// exact searches the component's placements exhaustively, depth first,
// best placement first, pruning every branch that cannot beat the best
// schedule found (starting from the heuristic's). Each visit branches on
// every candidate start of every day — the points where the objective can
// change and the ends of the free spans — and on being left unplaced.
// It reports the nodes used and whether the search finished (the result
// is then optimal); on return the best schedule found is placed.
func (p *problem) exact(vis []int32, limit int) (int, bool) {
	order := slices.Clone(vis)
	slices.SortStableFunc(order, func(a, b int32) int {
		fa, fb := p.visits[a].fam, p.visits[b].fam
		if fa != fb {
			return int(fa - fb)
		}
		return b2i(p.visits[a].second) - b2i(p.visits[b].second)
	})
	s := &search{p: p, vis: order, limit: limit}
	s.suffix = make([]Objective, len(order)+1)
	for i := len(order) - 1; i >= 0; i-- {
		s.suffix[i] = s.suffix[i+1]
		if v := &p.visits[order[i]]; v.indivOK {
			s.suffix[i] = add(s.suffix[i], keyObjective(v.indiv, v.second))
		}
	}
	s.best = p.objective(order)
	s.bestAt = make([]key, len(order))
	s.cur = make([]key, len(order))
	for i, vi := range order {
		s.bestAt[i] = p.visits[vi].at
		if !p.visits[vi].placed {
			s.bestAt[i].day = -1
		}
	}
	for _, vi := range order {
		p.unplace(vi)
	}
	s.dfs(0, Objective{})
	for _, vi := range order {
		p.unplace(vi)
	}
	for i, vi := range order {
		if s.bestAt[i].day >= 0 {
			p.place(vi, s.bestAt[i])
		}
	}
	return s.nodes, !s.abort
}

func (s *search) dfs(i int, cur Objective) {
	p := s.p
	if s.abort {
		return
	}
	s.nodes++
	if s.nodes > s.limit {
		s.abort = true
		return
	}
	if !add(cur, s.suffix[i]).Better(s.best, p.budget) {
		return
	}
	if i == len(s.vis) {
		s.best = cur
		copy(s.bestAt, s.cur)
		return
	}
	vi := s.vis[i]
	v := &p.visits[vi]
	if v.indivOK {
		for _, k := range p.options(vi) {
			p.place(vi, k)
			s.cur[i] = k
			s.dfs(i+1, add(cur, keyObjective(k, v.second)))
			p.unplace(vi)
			if s.abort {
				return
			}
		}
	}
	s.cur[i] = key{day: -1}
	s.dfs(i+1, cur)
}

// options lists every placement of visit vi open now, best first.
func (p *problem) options(vi int32) []key {
	lo, hi, ok := p.boundsOf(vi)
	if !ok {
		return nil
	}
	v := &p.visits[vi]
	f := &p.fams[v.fam]
	var out []key
	for d := max(lo.day, 0); d <= hi.day && int(d) < len(p.days); d++ {
		if p.days[d].closed || len(f.allowed[p.days[d].wd]) == 0 || !p.capsOK(f, d) {
			continue
		}
		n := len(out)
		p.eachCandidate(f, d, p.freeSpans(f, d, lo, hi), func(s int32) {
			k := p.keyAt(vi, d, s)
			if p.budget && k.cents > p.left {
				return
			}
			out = append(out, k)
		})
		day := out[n:]
		slices.SortFunc(day, func(a, b key) int { return int(a.start - b.start) })
		out = out[:n+len(slices.CompactFunc(day, func(a, b key) bool { return a.start == b.start }))]
	}
	slices.SortStableFunc(out, func(a, b key) int {
		switch {
		case p.less(a, b):
			return -1
		case p.less(b, a):
			return 1
		}
		return 0
	})
	return out
}
