package pairing

import "slices"

// solver is the primal-dual blossom algorithm for maximum-weight matching
// on a general graph (Edmonds 1965; Galil, "Efficient algorithms for
// finding maximum matching in graphs", ACM Computing Surveys 18(1), 1986).
// The bookkeeping follows the well-known structure of Van Rantwijk's
// mwmatching: vertices are 0..n-1, non-trivial blossoms n..2n-1, edge k has
// endpoints 2k and 2k+1, and mate[v] holds the remote endpoint of v's
// matched edge.
//
// Duals are integers scaled by four: dual[v] = 4·u(v) for a vertex and
// dual[b] = 2·z(b) for a blossom, so slack(k) = dual[i] + dual[j] − 4·w(k)
// for an edge outside blossoms and every δ of the algorithm (including half
// the slack between two S-blossoms) is an integer.
//
// In maximum-weight mode the vertex duals start at half the heaviest
// incident edge rather than at a common value, and a greedy matching on the
// edges that are then tight gives a head start. Exposed vertices therefore
// have unequal duals; following LEMON's variant of the method, δ1 is the
// least dual of any S-vertex, and when an S-vertex's dual reaches zero the
// alternating path from it to its tree's root is flipped, leaving that
// vertex exposed with zero dual (which is optimal for it) and matching the
// root. Exposed vertices with zero dual are never roots; reaching one over
// a tight edge is an augmenting path. All roots' duals are even at the
// start and move together, so the slack between two S-blossoms stays even.
//
// In maximum-cardinality mode all vertex duals start equal, there is no δ1,
// and the algorithm is the classic one.
//
// Dual changes are applied lazily: a global offset accumulates every δ, and
// each vertex and top-level blossom records the sign with which it follows
// the offset (S-vertices and T-blossoms go down, T-vertices and S-blossoms
// up). Signs change, and values are brought up to date, only when labels
// change. The four bounds on δ come from heaps whose entries are checked
// when they reach the top, so a dual adjustment costs O(log n) rather than
// a pass over every vertex.
type solver struct {
	n       int32
	maxCard bool

	orig     []int32 // internal edge → position in the caller's slice
	endpoint []int32 // endpoint p → vertex
	weight   []int64 // edge → weight
	adjStart []int32 // vertex → start of its remote endpoints in adj
	adj      []int32

	mate      []int32
	label     []int8 // 0 free, 1 S, 2 T; 5 = S with a breadcrumb; -1 unused blossom
	labelEnd  []int32
	inBlossom []int32
	parent    []int32
	childs    [][]int32
	base      []int32
	endps     [][]int32
	bestEdge  []int32
	bestList  [][]int32
	hasList   []bool
	unused    []int32
	dual      []int64
	allowed   []bool
	queue     []int32
	// treeOf[b] names the alternating tree of labelled top-level blossom b
	// by the vertex that was its root.
	treeOf []int32

	// Lazy duals: the actual dual of vertex v is dual[v] − sign[v]·offset,
	// of blossom b dual[b] + sign[b]·offset.
	sign   []int8
	offset int64
	// Candidates for δ1 (S-vertices by dual), δ2 (least-slack edges of
	// free vertices), δ3 (least-slack edges of S-blossoms) and δ4
	// (T-blossoms by dual).
	h1, h2, h3, h4 lazyHeap

	// scratch, reused so that augmentations do not allocate
	leafBuf []int32
	stack   []int32
	path    []int32
	bestTo  []int32
	touched []int32
	signBuf []int32
	gone    []int32
	refind  []int32
	fixFree []int32
	fixS    []int32
	zeroS   []int32
}

func newSolver(n int, edges []Edge, keep []int32, maxCard bool) *solver {
	m := len(keep)
	s := &solver{
		n:        int32(n),
		maxCard:  maxCard,
		orig:     keep,
		endpoint: make([]int32, 2*m),
		weight:   make([]int64, m),
		adjStart: make([]int32, n+1),
		adj:      make([]int32, 2*m),
	}
	for k, i := range keep {
		e := edges[i]
		s.endpoint[2*k], s.endpoint[2*k+1] = int32(e.U), int32(e.V)
		s.weight[k] = e.W
		s.adjStart[e.U+1]++
		s.adjStart[e.V+1]++
	}
	for v := 0; v < n; v++ {
		s.adjStart[v+1] += s.adjStart[v]
	}
	fill := slices.Clone(s.adjStart[:n])
	for k := range m {
		i, j := s.endpoint[2*k], s.endpoint[2*k+1]
		s.adj[fill[i]] = int32(2*k + 1)
		fill[i]++
		s.adj[fill[j]] = int32(2 * k)
		fill[j]++
	}

	s.mate = make([]int32, n)
	s.label = make([]int8, 2*n)
	s.labelEnd = make([]int32, 2*n)
	s.inBlossom = make([]int32, n)
	s.parent = make([]int32, 2*n)
	s.childs = make([][]int32, 2*n)
	s.base = make([]int32, 2*n)
	s.endps = make([][]int32, 2*n)
	s.bestEdge = make([]int32, 2*n)
	s.bestList = make([][]int32, 2*n)
	s.hasList = make([]bool, 2*n)
	s.unused = make([]int32, 0, n)
	s.dual = make([]int64, 2*n)
	s.allowed = make([]bool, m)
	s.bestTo = make([]int32, 2*n)
	s.treeOf = make([]int32, 2*n)
	s.sign = make([]int8, 2*n)
	for v := range 2 * n {
		s.labelEnd[v] = -1
		s.parent[v] = -1
		s.bestTo[v] = -1
		s.base[v] = -1
	}
	for v := range n {
		s.mate[v] = -1
		s.inBlossom[v] = int32(v)
		s.base[v] = int32(v)
	}
	for b := 2*n - 1; b >= n; b-- {
		s.unused = append(s.unused, int32(b))
	}
	s.initDuals()
	return s
}

// initDuals sets the starting duals (and, in maximum-weight mode, a greedy
// matching on tight edges).
func (s *solver) initDuals() {
	n := s.n
	if s.maxCard {
		var maxW int64
		for _, w := range s.weight {
			maxW = max(maxW, w)
		}
		for v := range n {
			s.dual[v] = 2 * maxW
		}
		return
	}
	for v := range n {
		var mw int64
		for _, p := range s.adj[s.adjStart[v]:s.adjStart[v+1]] {
			mw = max(mw, s.weight[p>>1])
		}
		s.dual[v] = 2 * mw
	}
	// Lower each exposed vertex's dual as far as feasibility allows and
	// match it over a tight edge to an exposed neighbour when one exists.
	// Duals stay even, so the parity argument above still holds.
	for u := range n {
		if s.mate[u] != -1 {
			continue
		}
		var need int64
		for _, p := range s.adj[s.adjStart[u]:s.adjStart[u+1]] {
			need = max(need, 4*s.weight[p>>1]-s.dual[s.endpoint[p]])
		}
		s.dual[u] = need
		for _, p := range s.adj[s.adjStart[u]:s.adjStart[u+1]] {
			w := s.endpoint[p]
			if s.mate[w] == -1 && s.weight[p>>1] > 0 && s.slack(p>>1) == 0 {
				s.mate[u] = p
				s.mate[w] = p ^ 1
				break
			}
		}
	}
}

func (s *solver) slack(k int32) int64 {
	return s.vdual(s.endpoint[2*k]) + s.vdual(s.endpoint[2*k+1]) - 4*s.weight[k]
}

// vdual returns the dual of vertex v; bdual that of blossom b.
func (s *solver) vdual(v int32) int64 { return s.dual[v] - int64(s.sign[v])*s.offset }
func (s *solver) bdual(b int32) int64 { return s.dual[b] + int64(s.sign[b])*s.offset }

// setVSign makes vertex v follow the offset with sign ns (+1 S, −1 T,
// 0 free) from now on, keeping its dual.
func (s *solver) setVSign(v int32, ns int8) {
	if s.sign[v] == ns {
		return
	}
	d := s.vdual(v)
	s.sign[v] = ns
	s.dual[v] = d + int64(ns)*s.offset
	if ns == 1 && !s.maxCard {
		s.h1.push(heapEntry{s.dual[v], v, 0})
	}
}

// setBSign does the same for non-trivial blossom b (+1 S, −1 T, 0
// otherwise, including every blossom that is not top-level).
func (s *solver) setBSign(b int32, ns int8) {
	if b < s.n || s.sign[b] == ns {
		return
	}
	d := s.bdual(b)
	s.sign[b] = ns
	s.dual[b] = d - int64(ns)*s.offset
	if ns == -1 {
		s.h4.push(heapEntry{s.dual[b], b, 0})
	}
}

// setSigns gives every vertex of blossom b the sign ns.
func (s *solver) setSigns(b int32, ns int8) {
	leaves := s.appendLeaves(s.signBuf[:0], b)
	for _, x := range leaves {
		s.setVSign(x, ns)
	}
	s.signBuf = leaves
}

// materialize brings every dual up to date and stops the lazy updates.
func (s *solver) materialize() {
	for v := range s.n {
		s.setVSign(v, 0)
	}
	for b := s.n; b < 2*s.n; b++ {
		s.setBSign(b, 0)
	}
}

// appendLeaves appends the vertices of blossom b to dst.
func (s *solver) appendLeaves(dst []int32, b int32) []int32 {
	if b < s.n {
		return append(dst, b)
	}
	stack := append(s.stack[:0], b)
	for len(stack) > 0 {
		t := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if t < s.n {
			dst = append(dst, t)
			continue
		}
		ch := s.childs[t]
		for i := len(ch) - 1; i >= 0; i-- {
			stack = append(stack, ch[i])
		}
	}
	s.stack = stack
	return dst
}

// assignLabel labels the top-level blossom containing w with t, reached
// through remote endpoint p, as part of the given tree. The base of a
// T-blossom must be matched.
func (s *solver) assignLabel(w int32, t int8, p, tree int32) {
	for {
		b := s.inBlossom[w]
		s.label[w], s.label[b] = t, t
		s.labelEnd[w], s.labelEnd[b] = p, p
		s.bestEdge[w], s.bestEdge[b] = -1, -1
		s.treeOf[b] = tree
		if t == 1 {
			from := len(s.queue)
			s.queue = s.appendLeaves(s.queue, b)
			for _, x := range s.queue[from:] {
				s.setVSign(x, 1)
			}
			s.setBSign(b, 1)
			return
		}
		s.setSigns(b, -1)
		s.setBSign(b, -1)
		mb := s.mate[s.base[b]]
		w, t, p = s.endpoint[mb], 1, mb^1
	}
}

// scanBlossom traces back from S-vertices v and w and returns the base of
// the new blossom they close, or -1 if they lie in different trees.
func (s *solver) scanBlossom(v, w int32) int32 {
	path := s.path[:0]
	base := int32(-1)
	for v != -1 || w != -1 {
		b := s.inBlossom[v]
		if s.label[b]&4 != 0 {
			base = s.base[b]
			break
		}
		path = append(path, b)
		s.label[b] = 5
		if s.labelEnd[b] == -1 {
			v = -1
		} else {
			v = s.endpoint[s.labelEnd[b]]
			b = s.inBlossom[v]
			v = s.endpoint[s.labelEnd[b]]
		}
		if w != -1 {
			v, w = w, v
		}
	}
	for _, b := range path {
		s.label[b] = 1
	}
	s.path = path
	return base
}

// addBlossom makes a new S-blossom with the given base from the cycle that
// edge k closes.
func (s *solver) addBlossom(base, k int32) {
	v, w := s.endpoint[2*k], s.endpoint[2*k+1]
	bb, bv, bw := s.inBlossom[base], s.inBlossom[v], s.inBlossom[w]
	b := s.unused[len(s.unused)-1]
	s.unused = s.unused[:len(s.unused)-1]
	s.base[b] = base
	s.parent[b] = -1
	s.parent[bb] = b
	path, endps := s.childs[b][:0], s.endps[b][:0]
	for bv != bb {
		s.parent[bv] = b
		path = append(path, bv)
		endps = append(endps, s.labelEnd[bv])
		v = s.endpoint[s.labelEnd[bv]]
		bv = s.inBlossom[v]
	}
	path = append(path, bb)
	slices.Reverse(path)
	slices.Reverse(endps)
	endps = append(endps, 2*k)
	for bw != bb {
		s.parent[bw] = b
		path = append(path, bw)
		endps = append(endps, s.labelEnd[bw]^1)
		w = s.endpoint[s.labelEnd[bw]]
		bw = s.inBlossom[w]
	}
	s.childs[b], s.endps[b] = path, endps
	s.label[b] = 1
	s.labelEnd[b] = s.labelEnd[bb]
	s.treeOf[b] = s.treeOf[bb]
	for _, sub := range path {
		s.setBSign(sub, 0) // no longer top-level: its dual stops moving
	}
	s.dual[b], s.sign[b] = 0, 0
	s.setBSign(b, 1)

	leaves := s.appendLeaves(s.leafBuf[:0], b)
	for _, x := range leaves {
		if s.label[s.inBlossom[x]] == 2 {
			// A T-vertex becomes an S-vertex inside the new S-blossom.
			s.queue = append(s.queue, x)
			s.setVSign(x, 1)
		}
		s.inBlossom[x] = b
	}
	s.leafBuf = leaves

	// Least-slack edges from the new blossom to each neighbouring S-blossom.
	touched := s.touched[:0]
	consider := func(k int32) {
		i, j := s.endpoint[2*k], s.endpoint[2*k+1]
		if s.inBlossom[j] == b {
			i, j = j, i
		}
		_ = i
		bj := s.inBlossom[j]
		if bj == b || s.label[bj] != 1 {
			return
		}
		if s.bestTo[bj] == -1 {
			s.bestTo[bj] = k
			touched = append(touched, bj)
		} else if s.slack(k) < s.slack(s.bestTo[bj]) {
			s.bestTo[bj] = k
		}
	}
	for _, sub := range path {
		if s.hasList[sub] {
			for _, k := range s.bestList[sub] {
				consider(k)
			}
		} else {
			leaves = s.appendLeaves(s.leafBuf[:0], sub)
			for _, x := range leaves {
				for _, p := range s.adj[s.adjStart[x]:s.adjStart[x+1]] {
					consider(p >> 1)
				}
			}
			s.leafBuf = leaves
		}
		s.hasList[sub] = false
		s.bestList[sub] = s.bestList[sub][:0]
		s.bestEdge[sub] = -1
	}
	list := s.bestList[b][:0]
	best, bestSlack := int32(-1), int64(0)
	for _, bj := range touched {
		k := s.bestTo[bj]
		s.bestTo[bj] = -1
		list = append(list, k)
		if sl := s.slack(k); best == -1 || sl < bestSlack {
			best, bestSlack = k, sl
		}
	}
	s.bestList[b], s.hasList[b], s.bestEdge[b] = list, true, best
	s.touched = touched[:0]
	if best != -1 {
		s.h3.push(heapEntry{bestSlack + 2*s.offset, best, b})
	}
}

func wrap(j, n int) int {
	if j < 0 {
		return j + n
	}
	return j
}

func indexOf(xs []int32, x int32) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}

// expandBlossom turns the sub-blossoms of top-level blossom b into
// top-level blossoms. When b leaves the forest with its tree (endStage),
// sub-blossoms with zero dual are expanded too; otherwise b is a T-blossom
// whose dual reached zero, and its sub-blossoms are relabelled so the
// alternating tree stays intact.
func (s *solver) expandBlossom(b int32, endStage bool) {
	if !endStage && s.label[b] == 2 {
		// Bring the vertices' duals up to date; relabelling below sets
		// their signs again.
		s.setSigns(b, 0)
	}
	s.setBSign(b, 0)
	for _, sub := range s.childs[b] {
		s.parent[sub] = -1
		switch {
		case sub < s.n:
			s.inBlossom[sub] = sub
		case endStage && s.dual[sub] == 0:
			s.expandBlossom(sub, endStage)
		default:
			leaves := s.appendLeaves(s.leafBuf[:0], sub)
			for _, x := range leaves {
				s.inBlossom[x] = sub
			}
			s.leafBuf = leaves
		}
	}
	if !endStage && s.label[b] == 2 {
		tree := s.treeOf[b]
		childs, endps := s.childs[b], s.endps[b]
		L := len(childs)
		entry := s.inBlossom[s.endpoint[s.labelEnd[b]^1]]
		j := indexOf(childs, entry)
		var jstep int
		var trick int32
		if j&1 != 0 {
			j -= L
			jstep, trick = 1, 0
		} else {
			jstep, trick = -1, 1
		}
		p := s.labelEnd[b]
		for j != 0 {
			// Relabel the T-sub-blossom.
			s.label[s.endpoint[p^1]] = 0
			q := endps[wrap(j-int(trick), L)]
			s.label[s.endpoint[q^trick^1]] = 0
			s.assignLabel(s.endpoint[p^1], 2, p, tree)
			// Step to the next S-sub-blossom and note its forward endpoint.
			s.allowed[q>>1] = true
			j += jstep
			p = endps[wrap(j-int(trick), L)] ^ trick
			// Step to the next T-sub-blossom.
			s.allowed[p>>1] = true
			j += jstep
		}
		// Relabel the base T-sub-blossom without stepping through to its mate.
		bv := childs[wrap(j, L)]
		s.label[s.endpoint[p^1]], s.label[bv] = 2, 2
		s.labelEnd[s.endpoint[p^1]], s.labelEnd[bv] = p, p
		s.bestEdge[bv] = -1
		s.treeOf[bv] = tree
		s.setSigns(bv, -1)
		s.setBSign(bv, -1)
		j += jstep
		for childs[wrap(j, L)] != entry {
			bv = childs[wrap(j, L)]
			if s.label[bv] == 1 {
				// It just got label S through one of its neighbours.
				j += jstep
				continue
			}
			leaves := s.appendLeaves(s.leafBuf[:0], bv)
			reached := int32(-1)
			for _, x := range leaves {
				if s.label[x] != 0 {
					reached = x
					break
				}
			}
			s.leafBuf = leaves
			if reached >= 0 {
				// Reachable from an S-vertex outside: label it T.
				s.label[reached] = 0
				s.label[s.endpoint[s.mate[s.base[bv]]]] = 0
				// It hangs off the S-vertex that reached it, which
				// may belong to another tree than this blossom.
				from := s.endpoint[s.labelEnd[reached]]
				s.assignLabel(reached, 2, s.labelEnd[reached], s.treeOf[s.inBlossom[from]])
			}
			j += jstep
		}
		// Sub-blossoms left unlabelled are free now: their vertices'
		// least-slack edges become δ2 candidates.
		for _, sub := range childs {
			if s.label[sub] != 0 {
				continue
			}
			leaves := s.appendLeaves(s.leafBuf[:0], sub)
			for _, x := range leaves {
				if k := s.bestEdge[x]; k != -1 {
					s.h2.push(heapEntry{s.slack(k) + s.offset, k, x})
				}
			}
			s.leafBuf = leaves
		}
	}
	s.label[b], s.labelEnd[b] = -1, -1
	s.sign[b] = 0
	s.childs[b], s.endps[b] = s.childs[b][:0], s.endps[b][:0]
	s.base[b] = -1
	s.bestList[b], s.hasList[b] = s.bestList[b][:0], false
	s.bestEdge[b] = -1
	s.unused = append(s.unused, b)
}

// augmentBlossom flips the matching along the even alternating path inside
// blossom b from vertex v to the base, making v the new base.
func (s *solver) augmentBlossom(b, v int32) {
	t := v
	for s.parent[t] != b {
		t = s.parent[t]
	}
	if t >= s.n {
		s.augmentBlossom(t, v)
	}
	childs, endps := s.childs[b], s.endps[b]
	L := len(childs)
	i := indexOf(childs, t)
	j := i
	var jstep int
	var trick int32
	if i&1 != 0 {
		j -= L
		jstep, trick = 1, 0
	} else {
		jstep, trick = -1, 1
	}
	for j != 0 {
		j += jstep
		t = childs[wrap(j, L)]
		p := endps[wrap(j-int(trick), L)] ^ trick
		if t >= s.n {
			s.augmentBlossom(t, s.endpoint[p])
		}
		j += jstep
		t = childs[wrap(j, L)]
		if t >= s.n {
			s.augmentBlossom(t, s.endpoint[p^1])
		}
		s.mate[s.endpoint[p]] = p ^ 1
		s.mate[s.endpoint[p^1]] = p
	}
	rotateLeft(childs, i)
	rotateLeft(endps, i)
	s.base[b] = s.base[childs[0]]
}

func rotateLeft(xs []int32, i int) {
	slices.Reverse(xs[:i])
	slices.Reverse(xs[i:])
	slices.Reverse(xs)
}

// augmentFrom matches S-vertex x to remote endpoint p (-1: leave x exposed)
// and flips the alternating path from x back to the root of its tree. It
// also serves an exposed, unlabelled vertex with zero dual, which is its
// own root.
func (s *solver) augmentFrom(x, p int32) {
	for {
		bs := s.inBlossom[x]
		if bs >= s.n {
			s.augmentBlossom(bs, x)
		}
		s.mate[x] = p
		if s.label[bs] != 1 || s.labelEnd[bs] == -1 {
			return
		}
		t := s.endpoint[s.labelEnd[bs]]
		bt := s.inBlossom[t]
		x = s.endpoint[s.labelEnd[bt]]
		j := s.endpoint[s.labelEnd[bt]^1]
		if bt >= s.n {
			s.augmentBlossom(bt, j)
		}
		s.mate[j] = s.labelEnd[bt]
		p = s.labelEnd[bt] ^ 1
	}
}

// run computes the matching. Unlike the textbook presentation, it does not
// relabel everything after each augmentation: the alternating forest
// persists, and only the trees an augmentation (or a δ1 release) touched are
// dissolved (see dissolve). This saves rescanning the edges of every root
// after every augmentation, which dominates on sparse graphs.
func (s *solver) run() {
	for i := range s.bestEdge {
		s.bestEdge[i] = -1
	}
	for v := range s.n {
		if s.mate[v] == -1 && (s.maxCard || s.dual[v] > 0) {
			s.assignLabel(v, 1, -1, v)
		}
	}
	for {
		for len(s.queue) > 0 {
			v := s.queue[len(s.queue)-1]
			s.queue = s.queue[:len(s.queue)-1]
			if s.label[s.inBlossom[v]] == 1 {
				s.scan(v)
			}
		}
		if !s.adjustDuals() {
			s.materialize()
			return
		}
	}
}

// scan labels along the tight edges of S-vertex v.
func (s *solver) scan(v int32) {
	for _, p := range s.adj[s.adjStart[v]:s.adjStart[v+1]] {
		k := p >> 1
		w := s.endpoint[p]
		bv, bw := s.inBlossom[v], s.inBlossom[w]
		if bv == bw {
			continue
		}
		var kslack int64
		if !s.allowed[k] {
			kslack = s.slack(k)
			if kslack <= 0 {
				s.allowed[k] = true
			}
		}
		switch {
		case s.allowed[k]:
			switch {
			case s.label[bw] == 0:
				if s.mate[s.base[bw]] == -1 {
					// An exposed vertex with zero dual: augment.
					tv := s.treeOf[bv]
					s.augmentFrom(v, p)
					s.augmentFrom(w, p^1)
					s.dissolve(tv, -1)
					return
				}
				s.assignLabel(w, 2, p^1, s.treeOf[bv])
			case s.label[bw] == 1:
				if base := s.scanBlossom(v, w); base >= 0 {
					s.addBlossom(base, k)
				} else {
					tv, tw := s.treeOf[bv], s.treeOf[bw]
					s.augmentFrom(v, p)
					s.augmentFrom(w, p^1)
					s.dissolve(tv, tw)
					return
				}
			case s.label[w] == 0:
				// w is inside a T-blossom and not yet reached from
				// outside it: remember how it can be.
				s.label[w] = 2
				s.labelEnd[w] = p ^ 1
			}
		case s.label[bw] == 1:
			if be := s.bestEdge[bv]; be == -1 || kslack < s.slack(be) {
				s.bestEdge[bv] = k
				s.h3.push(heapEntry{kslack + 2*s.offset, k, bv})
			}
		case s.label[w] == 0:
			if be := s.bestEdge[w]; be == -1 || kslack < s.slack(be) {
				s.bestEdge[w] = k
				if s.label[bw] == 0 {
					s.h2.push(heapEntry{kslack + s.offset, k, w})
				}
			}
		}
	}
}

// other returns the endpoint of edge k that is not v.
func (s *solver) other(k, v int32) int32 {
	if i := s.endpoint[2*k]; i != v {
		return i
	}
	return s.endpoint[2*k+1]
}

// recomputeFreeBest finds the least-slack edge from vertex v (free, or
// unreached inside a T-blossom) to an S-vertex and records it.
func (s *solver) recomputeFreeBest(v int32) int32 {
	best, bestSlack := int32(-1), int64(0)
	bv := s.inBlossom[v]
	for _, p := range s.adj[s.adjStart[v]:s.adjStart[v+1]] {
		if bw := s.inBlossom[s.endpoint[p]]; bw != bv && s.label[bw] == 1 {
			if sl := s.slack(p >> 1); best == -1 || sl < bestSlack {
				best, bestSlack = p>>1, sl
			}
		}
	}
	s.bestEdge[v] = best
	return best
}

// recomputeSBest finds the least-slack edge from top-level S-blossom b to
// another S-blossom, from b's vertices, and records it.
func (s *solver) recomputeSBest(b int32) int32 {
	best, bestSlack := int32(-1), int64(0)
	leaves := s.appendLeaves(s.leafBuf[:0], b)
	for _, x := range leaves {
		for _, p := range s.adj[s.adjStart[x]:s.adjStart[x+1]] {
			if bw := s.inBlossom[s.endpoint[p]]; bw != b && s.label[bw] == 1 {
				if sl := s.slack(p >> 1); best == -1 || sl < bestSlack {
					best, bestSlack = p>>1, sl
				}
			}
		}
	}
	s.leafBuf = leaves
	if b >= s.n {
		// The list is only a summary for a later merge; dropping it makes
		// that merge read the vertices' edges instead.
		s.hasList[b] = false
		s.bestList[b] = s.bestList[b][:0]
	}
	s.bestEdge[b] = best
	return best
}

// dissolve removes the alternating trees t1 and t2 (t2 may be -1) from the
// forest after an augmentation or a δ1 release: their vertices become free,
// their S-blossoms with zero dual are expanded, and the bookkeeping of the
// remaining trees that referred to them is repaired: tight edges from a
// remaining S-vertex to a freed vertex are rescanned, least-slack edges to
// freed vertices are recorded, and "reached" marks inside T-blossoms that
// pointed at a freed S-vertex are found again.
func (s *solver) dissolve(t1, t2 int32) {
	gone := s.gone[:0]
	for v := range s.n {
		b := s.inBlossom[v]
		if s.label[b] > 0 && (s.treeOf[b] == t1 || s.treeOf[b] == t2) {
			gone = append(gone, v)
		}
	}
	zeroS := s.zeroS[:0]
	for _, v := range gone {
		s.setVSign(v, 0)
		if b := s.inBlossom[v]; s.label[b] != 0 {
			s.setBSign(b, 0)
			if s.label[b] == 1 && b >= s.n && s.dual[b] == 0 {
				zeroS = append(zeroS, b)
			}
			s.label[b] = 0
		}
	}
	for _, b := range zeroS {
		s.expandBlossom(b, true)
	}
	s.zeroS = zeroS[:0]
	for _, v := range gone {
		if b := s.inBlossom[v]; s.base[b] == v {
			// Sub-blossoms keep the labels they had when their blossom
			// formed; clear them all so that a later expansion of this
			// blossom sees none of them as labelled.
			s.clearLabels(b)
			s.bestEdge[b] = -1
			if b >= s.n {
				s.hasList[b] = false
				s.bestList[b] = s.bestList[b][:0]
			}
		}
		s.bestEdge[v] = -1
	}
	refind := s.refind[:0]
	// Least-slack edges recorded by vertices and S-blossoms that remain,
	// pointing at a vertex that left: repaired below, now. A record left
	// stale while duals move could become valid again later (its vertex
	// rejoining a tree) without being the least any more.
	fixFree, fixS := s.fixFree[:0], s.fixS[:0]
	for _, v := range gone {
		bv := s.inBlossom[v]
		for _, p := range s.adj[s.adjStart[v]:s.adjStart[v+1]] {
			k := p >> 1
			s.allowed[k] = false
			w := s.endpoint[p]
			bw := s.inBlossom[w]
			if bw == bv {
				continue
			}
			switch s.label[bw] {
			case 1:
				if sl := s.slack(k); sl <= 0 {
					s.queue = append(s.queue, w)
				} else if be := s.bestEdge[v]; be == -1 || sl < s.slack(be) {
					s.bestEdge[v] = k
					s.h2.push(heapEntry{sl + s.offset, k, v})
				}
				if s.bestEdge[bw] == k {
					fixS = append(fixS, bw)
				}
			case 2:
				if s.label[w] == 2 && s.endpoint[s.labelEnd[w]] == v {
					s.label[w] = 0
					refind = append(refind, w)
				} else if s.label[w] == 0 && s.bestEdge[w] == k {
					fixFree = append(fixFree, w)
				}
			case 0:
				if s.bestEdge[w] == k {
					fixFree = append(fixFree, w)
				}
			}
		}
	}
	for _, w := range fixFree {
		if k := s.bestEdge[w]; k != -1 && s.label[s.inBlossom[s.other(k, w)]] != 1 {
			if nk := s.recomputeFreeBest(w); nk != -1 && s.label[s.inBlossom[w]] == 0 {
				s.h2.push(heapEntry{s.slack(nk) + s.offset, nk, w})
			}
		}
	}
	for _, b := range fixS {
		k := s.bestEdge[b]
		if k == -1 || s.label[b] != 1 || s.parent[b] != -1 {
			continue
		}
		if i, j := s.inBlossom[s.endpoint[2*k]], s.inBlossom[s.endpoint[2*k+1]]; i == j || s.label[i] != 1 || s.label[j] != 1 {
			if nk := s.recomputeSBest(b); nk != -1 {
				s.h3.push(heapEntry{s.slack(nk) + 2*s.offset, nk, b})
			}
		}
	}
	s.fixFree, s.fixS = fixFree[:0], fixS[:0]
	for _, w := range refind {
		bw := s.inBlossom[w]
		if s.label[w] != 0 || s.label[bw] != 2 {
			continue
		}
		s.bestEdge[w] = -1
		for _, q := range s.adj[s.adjStart[w]:s.adjStart[w+1]] {
			a := s.endpoint[q]
			if ba := s.inBlossom[a]; ba == bw || s.label[ba] != 1 {
				continue
			}
			k := q >> 1
			if sl := s.slack(k); sl <= 0 {
				s.label[w], s.labelEnd[w] = 2, q
				break
			} else if be := s.bestEdge[w]; be == -1 || sl < s.slack(be) {
				s.bestEdge[w] = k
			}
		}
	}
	s.refind = refind[:0]
	s.gone = gone[:0]
}

// clearLabels unlabels blossom b and all its sub-blossoms and vertices.
func (s *solver) clearLabels(b int32) {
	stack := append(s.stack[:0], b)
	for len(stack) > 0 {
		t := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		s.label[t] = 0
		if t >= s.n {
			stack = append(stack, s.childs[t]...)
		}
	}
	s.stack = stack
}

// adjustDuals finds the largest dual change δ that keeps every dual
// feasible, applies it and acts on the constraint that became tight. It
// returns false when the matching is optimal.
func (s *solver) adjustDuals() bool {
	deltaType := 0
	var delta int64
	deltaEdge, deltaBlossom := int32(-1), int32(-1)
	if !s.maxCard {
		// δ1: an S-vertex's dual reaches zero.
		if v, ok := s.peek1(); ok {
			delta, deltaType, deltaBlossom = s.vdual(v), 1, v
		}
	}
	// δ2: slack of an edge from an S-vertex to a free vertex.
	if k, ok := s.peek2(); ok {
		if d := s.slack(k); deltaType == 0 || d < delta {
			delta, deltaType, deltaEdge = d, 2, k
		}
	}
	// δ3: half the slack of an edge between two S-blossoms.
	if k, ok := s.peek3(); ok {
		if d := s.slack(k) / 2; deltaType == 0 || d < delta {
			delta, deltaType, deltaEdge = d, 3, k
		}
	}
	// δ4: a T-blossom's dual reaches zero.
	if b, ok := s.peek4(); ok {
		if d := s.bdual(b); deltaType == 0 || d < delta {
			delta, deltaType, deltaBlossom = d, 4, b
		}
	}
	if deltaType == 0 {
		// No S-vertex is left, or (maximum-cardinality mode) no way forward.
		return false
	}
	s.offset += delta
	switch deltaType {
	case 1:
		// deltaBlossom holds the vertex whose dual is now zero: leave it
		// exposed and match its tree's root instead.
		t := s.treeOf[s.inBlossom[deltaBlossom]]
		s.augmentFrom(deltaBlossom, -1)
		s.dissolve(t, -1)
	case 2:
		s.allowed[deltaEdge] = true
		i := s.endpoint[2*deltaEdge]
		if s.label[s.inBlossom[i]] != 1 {
			i = s.endpoint[2*deltaEdge+1]
		}
		s.queue = append(s.queue, i)
	case 3:
		s.allowed[deltaEdge] = true
		s.queue = append(s.queue, s.endpoint[2*deltaEdge])
	case 4:
		s.expandBlossom(deltaBlossom, false)
	}
	return true
}

// peek1 returns the S-vertex of least dual. An entry is current when the
// vertex is still an S-vertex with the recorded (offset-relative) dual.
func (s *solver) peek1() (int32, bool) {
	for len(s.h1) > 0 {
		e := s.h1[0]
		if s.sign[e.a] == 1 && s.dual[e.a] == e.key {
			return e.a, true
		}
		s.h1.pop()
	}
	return -1, false
}

// peek2 returns the least-slack edge from an S-vertex to a free vertex.
// Each free vertex's recorded least-slack edge has an entry whose key is
// exact or too low (a key goes stale only by a vertex leaving the forest
// for a while, which raises the true key); stale entries are repaired
// when they reach the top.
func (s *solver) peek2() (int32, bool) {
	for len(s.h2) > 0 {
		e := s.h2[0]
		k, v := e.a, e.b
		bv := s.inBlossom[v]
		if s.label[bv] != 0 || s.bestEdge[v] != k {
			s.h2.pop()
			continue
		}
		if bo := s.inBlossom[s.other(k, v)]; s.label[bo] != 1 || bo == bv {
			s.h2.pop()
			if nk := s.recomputeFreeBest(v); nk != -1 {
				s.h2.push(heapEntry{s.slack(nk) + s.offset, nk, v})
			}
			continue
		}
		if key := s.slack(k) + s.offset; key != e.key {
			s.h2.pop()
			s.h2.push(heapEntry{key, k, v})
			continue
		}
		return k, true
	}
	return -1, false
}

// peek3 returns the least-slack edge between two S-blossoms, with the
// same repair of stale entries as peek2.
func (s *solver) peek3() (int32, bool) {
	for len(s.h3) > 0 {
		e := s.h3[0]
		k, b := e.a, e.b
		if s.label[b] != 1 || s.parent[b] != -1 || s.base[b] < 0 || s.bestEdge[b] != k {
			s.h3.pop()
			continue
		}
		i, j := s.inBlossom[s.endpoint[2*k]], s.inBlossom[s.endpoint[2*k+1]]
		if i == j || s.label[i] != 1 || s.label[j] != 1 {
			s.h3.pop()
			if nk := s.recomputeSBest(b); nk != -1 {
				s.h3.push(heapEntry{s.slack(nk) + 2*s.offset, nk, b})
			}
			continue
		}
		if key := s.slack(k) + 2*s.offset; key != e.key {
			s.h3.pop()
			s.h3.push(heapEntry{key, k, b})
			continue
		}
		return k, true
	}
	return -1, false
}

// peek4 returns the T-blossom of least dual.
func (s *solver) peek4() (int32, bool) {
	for len(s.h4) > 0 {
		e := s.h4[0]
		b := e.a
		if s.base[b] >= 0 && s.parent[b] == -1 && s.label[b] == 2 && s.sign[b] == -1 && s.dual[b] == e.key {
			return b, true
		}
		s.h4.pop()
	}
	return -1, false
}

// heapEntry is a candidate for a bound on δ: a key and up to two ids.
type heapEntry struct {
	key  int64
	a, b int32
}

func (x heapEntry) less(y heapEntry) bool {
	if x.key != y.key {
		return x.key < y.key
	}
	if x.a != y.a {
		return x.a < y.a
	}
	return x.b < y.b
}

// lazyHeap is a binary min-heap of candidates; entries that went stale
// are dropped or repaired when they reach the top.
type lazyHeap = minHeap[heapEntry]

// result converts the solver's state into mates, matched edge positions
// (in the caller's numbering, increasing) and the total weight.
func (s *solver) result() (mate []int, edges []int, total int64) {
	mate = make([]int, s.n)
	for v := range s.n {
		if p := s.mate[v]; p >= 0 {
			mate[v] = int(s.endpoint[p])
			if v < s.endpoint[p] {
				k := p >> 1
				edges = append(edges, int(s.orig[k]))
				total += s.weight[k]
			}
		} else {
			mate[v] = -1
		}
	}
	slices.Sort(edges)
	return mate, edges, total
}
