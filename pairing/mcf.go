package pairing

import "math"

// network is a directed graph with integer capacities and non-negative
// integer costs, solved for a minimum-cost maximum flow by the primal-dual
// method: Dijkstra's algorithm on reduced costs (Johnson potentials) finds
// the shortest distance to the sink, and a blocking flow (Dinic) on the
// arcs of zero reduced cost then sends everything that distance allows.
// Successive shortest paths give, for each flow value, a flow of minimum
// cost, so the final flow is maximum and, among maximum flows, cheapest.
type network struct {
	head []int32 // node → first arc
	last []int32 // node → last arc, so lists keep insertion order
	next []int32 // arc → next arc of the same tail
	to   []int32
	cap  []int32 // residual capacity
	cost []int64

	pi    []int64 // potentials
	dist  []int64
	done  []bool
	level []int32
	iter  []int32
	heap  distHeap
	queue []int32
}

func newNetwork(nodes int) *network {
	g := &network{head: make([]int32, nodes), last: make([]int32, nodes)}
	for i := range g.head {
		g.head[i], g.last[i] = -1, -1
	}
	return g
}

func (g *network) addNode() int {
	g.head = append(g.head, -1)
	g.last = append(g.last, -1)
	return len(g.head) - 1
}

// addArc adds an arc u→v and its residual twin; it returns the arc's
// index (the twin is index^1). cost must be non-negative. Arcs leave a
// node in the order they were added, which is the order the searches try
// them in: among equally cheap choices, earlier arcs tend to win.
func (g *network) addArc(u, v int, capacity int32, cost int64) int {
	a := int32(len(g.to))
	g.to = append(g.to, int32(v), int32(u))
	g.cap = append(g.cap, capacity, 0)
	g.cost = append(g.cost, cost, -cost)
	g.next = append(g.next, -1, -1)
	g.link(u, a)
	g.link(v, a+1)
	return int(a)
}

func (g *network) link(u int, a int32) {
	if g.last[u] == -1 {
		g.head[u] = a
	} else {
		g.next[g.last[u]] = a
	}
	g.last[u] = a
}

// flow returns the flow sent through arc a.
func (g *network) flow(a int) int32 { return g.cap[a^1] }

// minCostMaxFlow sends as much flow as possible from s to t at the least
// total cost, and returns the flow value and its cost.
func (g *network) minCostMaxFlow(s, t int) (total int, cost int64) {
	n := len(g.head)
	g.pi = make([]int64, n)
	g.dist = make([]int64, n)
	g.done = make([]bool, n)
	g.level = make([]int32, n)
	g.iter = make([]int32, n)
	for g.shortestPaths(s, t) {
		for {
			if !g.levels(s, t) {
				break
			}
			copy(g.iter, g.head)
			for {
				f := g.push(s, t, math.MaxInt32)
				if f == 0 {
					break
				}
				total += int(f)
			}
		}
	}
	for a := 0; a < len(g.to); a += 2 {
		cost += int64(g.flow(a)) * g.cost[a]
	}
	return total, cost
}

// shortestPaths runs Dijkstra on reduced costs from s, stopping once t is
// settled, and raises the potentials by min(distance, distance to t), which
// keeps every residual reduced cost non-negative. It reports whether t is
// reachable.
func (g *network) shortestPaths(s, t int) bool {
	const inf = math.MaxInt64
	for i := range g.dist {
		g.dist[i] = inf
		g.done[i] = false
	}
	g.dist[s] = 0
	g.heap = append(g.heap[:0], distItem{0, int32(s)})
	for len(g.heap) > 0 {
		it := g.heap.pop()
		u := it.node
		if g.done[u] || it.d != g.dist[u] {
			continue
		}
		g.done[u] = true
		if int(u) == t {
			break
		}
		for a := g.head[u]; a != -1; a = g.next[a] {
			if g.cap[a] == 0 {
				continue
			}
			v := g.to[a]
			if g.done[v] {
				continue
			}
			d := it.d + g.cost[a] + g.pi[u] - g.pi[v]
			if d < g.dist[v] {
				g.dist[v] = d
				g.heap.push(distItem{d, v})
			}
		}
	}
	if !g.done[t] {
		return false
	}
	dt := g.dist[t]
	for i := range g.pi {
		if g.done[i] {
			g.pi[i] += g.dist[i]
		} else {
			g.pi[i] += dt
		}
	}
	return true
}

// admissible reports whether arc a has residual capacity and zero reduced
// cost.
func (g *network) admissible(u int32, a int32) bool {
	return g.cap[a] > 0 && g.cost[a]+g.pi[u]-g.pi[g.to[a]] == 0
}

// levels numbers nodes by breadth-first distance from s over admissible
// arcs and reports whether t is reached.
func (g *network) levels(s, t int) bool {
	for i := range g.level {
		g.level[i] = -1
	}
	g.level[s] = 0
	q := append(g.queue[:0], int32(s))
	for i := 0; i < len(q); i++ {
		u := q[i]
		for a := g.head[u]; a != -1; a = g.next[a] {
			if v := g.to[a]; g.level[v] < 0 && g.admissible(u, a) {
				g.level[v] = g.level[u] + 1
				q = append(q, v)
			}
		}
	}
	g.queue = q
	return g.level[t] >= 0
}

// push sends up to limit units along one level-increasing admissible path
// from u to t and returns the amount sent.
func (g *network) push(u, t int, limit int32) int32 {
	if u == t {
		return limit
	}
	for ; g.iter[u] != -1; g.iter[u] = g.next[g.iter[u]] {
		a := g.iter[u]
		v := g.to[a]
		if g.level[v] != g.level[u]+1 || !g.admissible(int32(u), a) {
			continue
		}
		if f := g.push(int(v), t, min(limit, g.cap[a])); f > 0 {
			g.cap[a] -= f
			g.cap[a^1] += f
			return f
		}
	}
	return 0
}

type distItem struct {
	d    int64
	node int32
}

// distHeap is a binary min-heap of tentative distances.
type distHeap = minHeap[distItem]

func (a distItem) less(b distItem) bool { return a.d < b.d || (a.d == b.d && a.node < b.node) }
