package selection

import (
	"math/rand/v2"
)

// The allocation step turns proportional quotas into whole numbers of
// families per stratum.
//
// Quotas are exact rationals: stratum c of size N_c in a population of N
// has quota n·N_c/N. The code keeps them as integers in units of 1/N, so no
// rounding error can creep in.
//
// # Unbiased largest remainder
//
// Each stratum first gets the whole part of its quota; the leftover seats
// (the largest-remainder step) are then dealt so that a stratum gets one
// with probability equal to its remainder. The textbook rule — give them to
// the largest remainders — would always shortchange strata with small
// remainders, so their families would have a lower chance than the rest;
// dealing the seats by a seeded draw keeps every family's inclusion
// probability exactly n/N.
//
// # Controlled rounding
//
// With balance attributes the strata are the cells of a cross-classified
// table, and the allocation must also keep each attribute's margins within
// 1 of proportional. The quotas form a flow: source → level of the first
// attribute → cell → level of the second attribute → sink, with the total
// n·N on the source. Every node conserves flow, so the edges with
// fractional values form a graph in which every vertex has degree 0 or ≥ 2,
// and therefore a cycle. Shifting the values around such a cycle by +α or
// −β (probabilities β/(α+β) and α/(α+β), zero change in expectation, as in
// Gandhi et al.'s dependent rounding) makes at least one more edge whole and
// keeps every node balanced. When no fractional edge is left, each cell and
// each margin of the first two attributes is its quota rounded down or up,
// the total is exactly n, and each is rounded up with probability equal to
// its fractional part.
//
// With more than two balance attributes, the margins of the third and later
// ones are not guaranteed: a local search then moves single families
// between cells (keeping cells and the first two margins within 1) while it
// lowers the largest margin deviation, and the plan reports the deviation
// that remains.

// cellTable is the input of the allocation.
type cellTable struct {
	size    []int64   // families per cell
	levels  [][]int32 // per cell, its level index for each balance attribute
	nLevels []int     // per balance attribute, the number of level indices
}

type flowEdge struct {
	from, to int32
	v, lo    int64 // value and its floor, in units of 1/N
}

// allocate returns each cell's whole number of families: cells and the
// margins of the first two balance attributes within 1 of their quotas, and
// a total of exactly n.
func allocate(t cellTable, n, total int64, r *rand.Rand) []int64 {
	k := len(t.nLevels)
	// Node numbering: 0 source, 1 sink, then levels of attribute 0, then
	// levels of attribute 1.
	first := int32(2)
	second := first
	if k >= 1 {
		second = first + int32(t.nLevels[0])
	}
	nodes := second
	if k >= 2 {
		nodes += int32(t.nLevels[1])
	}
	var edges []flowEdge
	add := func(from, to int32, v int64) {
		edges = append(edges, flowEdge{from: from, to: to, v: v, lo: v / total * total})
	}
	if k >= 1 {
		margin := make([]int64, t.nLevels[0])
		for c, sz := range t.size {
			margin[t.levels[c][0]] += sz
		}
		for l, m := range margin {
			if m > 0 {
				add(0, first+int32(l), n*m)
			}
		}
	}
	if k >= 2 {
		margin := make([]int64, t.nLevels[1])
		for c, sz := range t.size {
			margin[t.levels[c][1]] += sz
		}
		for l, m := range margin {
			if m > 0 {
				add(second+int32(l), 1, n*m)
			}
		}
	}
	cellEdge := len(edges)
	for c, sz := range t.size {
		from, to := int32(0), int32(1)
		if k >= 1 {
			from = first + t.levels[c][0]
		}
		if k >= 2 {
			to = second + t.levels[c][1]
		}
		add(from, to, n*sz)
	}
	roundFlow(edges, int(nodes), total, r)
	x := make([]int64, len(t.size))
	for c := range x {
		x[c] = edges[cellEdge+c].v / total
	}
	return x
}

// roundFlow rounds every edge value of a balanced flow to a multiple of
// total, by dependent rounding on cycles of fractional edges.
func roundFlow(edges []flowEdge, nodes int, total int64, r *rand.Rand) {
	adj := make([][]int32, nodes)
	for e := range edges {
		if edges[e].v%total != 0 {
			adj[edges[e].from] = append(adj[edges[e].from], int32(e))
			adj[edges[e].to] = append(adj[edges[e].to], int32(e))
		}
	}
	// nextEdge returns a fractional edge at u other than skip, dropping
	// edges that have become whole.
	nextEdge := func(u int32, skip int32) int32 {
		list := adj[u]
		for i := 0; i < len(list); {
			e := list[i]
			if edges[e].v%total == 0 {
				list[i] = list[len(list)-1]
				list = list[:len(list)-1]
				continue
			}
			if e != skip {
				adj[u] = list
				return e
			}
			i++
		}
		adj[u] = list
		return -1
	}
	pos := make([]int32, nodes)
	for i := range pos {
		pos[i] = -1
	}
	var pathNodes, pathEdges []int32
	for start := int32(0); int(start) < nodes; {
		if nextEdge(start, -1) < 0 {
			start++
			continue
		}
		// Walk until a node repeats; conservation guarantees every node
		// reached has another fractional edge to leave by.
		pathNodes = append(pathNodes[:0], start)
		pathEdges = pathEdges[:0]
		pos[start] = 0
		u, prev := start, int32(-1)
		var cycleFrom int32
		for {
			e := nextEdge(u, prev)
			if e < 0 {
				// Unreachable for a balanced flow; stop rather than loop.
				panic("selection: unbalanced allocation flow")
			}
			w := edges[e].to
			if w == u {
				w = edges[e].from
			}
			pathEdges = append(pathEdges, e)
			if pos[w] >= 0 {
				cycleFrom = pos[w]
				break
			}
			pos[w] = int32(len(pathNodes))
			pathNodes = append(pathNodes, w)
			u, prev = w, e
		}
		cycNodes, cycEdges := pathNodes[cycleFrom:], pathEdges[cycleFrom:]
		// Edge i goes from cycNodes[i] to cycNodes[i+1] (wrapping); it is
		// forward when its direction agrees with the walk.
		alpha, beta := int64(-1), int64(-1)
		for i, e := range cycEdges {
			ed := &edges[e]
			up, down := ed.lo+total-ed.v, ed.v-ed.lo
			if ed.from != cycNodes[i] {
				up, down = down, up
			}
			if alpha < 0 || up < alpha {
				alpha = up
			}
			if beta < 0 || down < beta {
				beta = down
			}
		}
		delta := -beta
		if r.Int64N(alpha+beta) < beta {
			delta = alpha
		}
		for i, e := range cycEdges {
			if edges[e].from == cycNodes[i] {
				edges[e].v += delta
			} else {
				edges[e].v -= delta
			}
		}
		for _, u := range pathNodes {
			pos[u] = -1
		}
	}
}

// improveMargins lowers the largest deviation of any balance attribute's
// margins from its quota by moving single families between cells, keeping
// every cell and the margins of the first two attributes within 1 of their
// quotas. It returns the largest remaining deviation, in units of 1/N.
//
// Each step makes the best single move: the one that most lowers the
// largest margin deviation, then the sum of squared deviations, the first
// such move in the order (a cell of the worst margin, then the other cell
// by index). Only the margins of the two cells change, so a move is scored
// in O(attributes) from the deviations before it, and only cells that may
// give a family (rounded up) or take one (rounded down) are paired.
func improveMargins(t cellTable, x []int64, n, total int64) int64 {
	k := len(t.nLevels)
	off := make([]int, k+1)
	for a := range k {
		off[a+1] = off[a] + t.nLevels[a]
	}
	dev := make([]int64, off[k]) // chosen·N − quota·N, per margin
	members := make([][]int32, off[k])
	margin := make([]int32, len(t.size)*k) // cell c's margin of attribute a at c*k+a
	floor := make([]int64, len(t.size))
	ceil := make([]int64, len(t.size))
	for c, sz := range t.size {
		floor[c] = n * sz / total
		ceil[c] = (n*sz + total - 1) / total
		for a := range k {
			m := off[a] + int(t.levels[c][a])
			margin[c*k+a] = int32(m)
			dev[m] += x[c]*total - n*sz
			members[m] = append(members[m], int32(c))
		}
	}
	// worst returns the largest deviation and the first margin that has it.
	worst := func() (int64, int) {
		var mx int64
		at := 0
		for m, d := range dev {
			if d = abs(d); d > mx {
				mx, at = d, m
			}
		}
		return mx, at
	}
	guarded := min(k, 2)
	// top holds the margins of largest deviation, enough of them (2k+1)
	// that one is always left unchanged by a move, which changes at most
	// 2k margins.
	top := make([]int32, 0, 2*k+1)
	var gives, takes []int32 // cells that may give or take a family, by index
	var giveRuns, takeRuns []cellRun
	mx, at := worst()
	budget := 50_000_000 // pairs of cells examined, so a huge table cannot stall a plan
	for mx >= total && budget > 0 {
		budget -= len(members[at]) * len(x)
		top = top[:0]
		for m := range dev {
			i := len(top)
			if i < cap(top) {
				top = append(top, int32(m))
			} else if abs(dev[m]) <= abs(dev[top[i-1]]) {
				continue
			} else {
				i--
			}
			for ; i > 0 && abs(dev[top[i-1]]) < abs(dev[m]); i-- {
				top[i] = top[i-1]
			}
			top[i] = int32(m)
		}
		gives, takes = gives[:0], takes[:0]
		for c := range x {
			if x[c]-1 >= floor[c] {
				gives = append(gives, int32(c))
			}
			if x[c]+1 <= ceil[c] {
				takes = append(takes, int32(c))
			}
		}
		giveRuns = appendRuns(giveRuns[:0], gives, margin, k, guarded)
		takeRuns = appendRuns(takeRuns[:0], takes, margin, k, guarded)
		// A move's gain is its change of the sum of squared deviations,
		// divided by 2·N: Σ over the margins it changes of
		// dev(taker) − dev(giver) + N. It must be negative to win on a tie.
		bestC, bestD := int32(-1), int32(-1)
		bestMx, bestGain := mx, int64(0)
		try := func(c, d int32) {
			if c == d {
				return
			}
			cm, dm := margin[int(c)*k:int(c)*k+k], margin[int(d)*k:int(d)*k+k]
			var m2, gain int64
			for a := range k {
				if cm[a] != dm[a] {
					m2 = max(m2, abs(dev[cm[a]]-total), abs(dev[dm[a]]+total))
					gain += dev[dm[a]] - dev[cm[a]] + total
				}
			}
			if m2 > bestMx {
				return
			}
		unchanged:
			for _, m := range top {
				for a := range k {
					if cm[a] != dm[a] && (m == cm[a] || m == dm[a]) {
						continue unchanged
					}
				}
				m2 = max(m2, abs(dev[m]))
				break
			}
			if m2 < bestMx || m2 == bestMx && gain < bestGain {
				bestC, bestD, bestMx, bestGain = c, d, m2, gain
			}
		}
		// The worst margin has too many families (take one from a cell in
		// it) or too few (give one to a cell in it). A move may change a
		// margin of the first two attributes only from above its quota to
		// below it, so the other cell must share the levels of those
		// margins of this one that are not above (giving) or below
		// (taking) their quotas: the candidates are read by runs of equal
		// first-two levels, still in index order.
		for _, c := range members[at] {
			cm := margin[int(c)*k : int(c)*k+guarded]
			if dev[at] > 0 {
				if x[c]-1 < floor[c] {
					continue
				}
				for _, run := range takeRuns {
					if fits(cm, run.m[:guarded], dev) {
						for _, d := range takes[run.lo:run.hi] {
							try(c, d)
						}
					}
				}
			} else {
				if x[c]+1 > ceil[c] {
					continue
				}
				for _, run := range giveRuns {
					if fits(run.m[:guarded], cm, dev) {
						for _, g := range gives[run.lo:run.hi] {
							try(g, c)
						}
					}
				}
			}
		}
		if bestC < 0 {
			break
		}
		x[bestC]--
		x[bestD]++
		for a := range k {
			dev[margin[int(bestC)*k+a]] -= total
			dev[margin[int(bestD)*k+a]] += total
		}
		mx, at = worst()
	}
	return mx
}

// cellRun is a run of cells, cells[lo:hi] of a list, that share the
// margins m of the first two attributes.
type cellRun struct {
	m      [2]int32
	lo, hi int
}

// appendRuns appends the runs of cells (a list of cell indices) with
// equal margins of the first guarded attributes.
func appendRuns(dst []cellRun, cells []int32, margin []int32, k, guarded int) []cellRun {
	for i, c := range cells {
		var m [2]int32
		copy(m[:], margin[int(c)*k:int(c)*k+guarded])
		if len(dst) > 0 && dst[len(dst)-1].hi == i && dst[len(dst)-1].m == m {
			dst[len(dst)-1].hi++
			continue
		}
		dst = append(dst, cellRun{m: m, lo: i, hi: i + 1})
	}
	return dst
}

// fits reports whether a family may move from a cell with first-two
// margins from to one with margins to: each margin that differs goes from
// above its quota to below it, so both stay within 1.
func fits(from, to []int32, dev []int64) bool {
	for a := range from {
		if from[a] != to[a] && (dev[from[a]] <= 0 || dev[to[a]] >= 0) {
			return false
		}
	}
	return true
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}
