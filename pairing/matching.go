package pairing

import (
	"errors"
	"fmt"
	"slices"
)

// Edge is an undirected edge between vertices U and V with weight W.
type Edge struct {
	U, V int
	W    int64
}

// MaxWeight is the largest edge weight the matching accepts. It keeps every
// dual variable, slack and total exactly representable in an int64 for
// graphs of up to [MaxVertices] vertices.
const MaxWeight int64 = 1 << 40

// MaxVertices is the largest vertex count the matching accepts: 2^24, the
// size up to which [MaxWeight] keeps the arithmetic exact. A larger n is
// refused before anything is allocated. Below it, memory follows the
// edges: the solver works on the vertices the edges touch, and a vertex
// no edge touches costs only its entry of the result (-1, unmatched).
const MaxVertices = 1 << 24

// Sentinel errors reported by [Match], for use with [errors.Is]. Each comes
// wrapped in an [*EdgeError] naming the edge, except [ErrVertexCount].
var (
	// ErrVertexCount: the vertex count is negative or above [MaxVertices].
	ErrVertexCount = errors.New("pairing: vertex count out of range")
	// ErrVertexRange: an edge has an endpoint outside [0, n).
	ErrVertexRange = errors.New("vertex out of range")
	// ErrSelfLoop: an edge joins a vertex to itself.
	ErrSelfLoop = errors.New("self-loop")
	// ErrNegativeWeight: an edge has a negative weight.
	ErrNegativeWeight = errors.New("negative weight")
	// ErrWeightRange: an edge weight is above [MaxWeight].
	ErrWeightRange = errors.New("weight above MaxWeight")
	// ErrDuplicateEdge: two edges join the same pair of vertices.
	ErrDuplicateEdge = errors.New("duplicate edge")
)

// EdgeError reports an invalid edge given to [Match]. Err is one of the
// sentinel errors of this package.
type EdgeError struct {
	Index int  // position of the edge in the input
	Edge  Edge // the edge itself
	// Other is the position of the earlier edge an [ErrDuplicateEdge]
	// repeats; -1 otherwise.
	Other int
	Err   error
}

// Error names the edge by position and endpoints, and the problem. A nil
// *EdgeError reads "<nil>".
func (e *EdgeError) Error() string {
	if e == nil {
		return "<nil>"
	}
	if e.Other >= 0 {
		return fmt.Sprintf("pairing: edge %d (%d–%d): %v of edge %d", e.Index, e.Edge.U, e.Edge.V, e.Err, e.Other)
	}
	return fmt.Sprintf("pairing: edge %d (%d–%d, weight %d): %v", e.Index, e.Edge.U, e.Edge.V, e.Edge.W, e.Err)
}

// Unwrap returns the sentinel error; nil for a nil *EdgeError.
func (e *EdgeError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// MatchOptions tunes [Match].
type MatchOptions struct {
	// MaxCardinality restricts the answer to matchings of maximum size: it
	// pairs as many vertices as the graph allows and, among those matchings,
	// returns one of maximum weight. Zero-weight edges then count.
	MaxCardinality bool
}

// Matching is the result of [Match].
type Matching struct {
	// Mate[v] is the vertex matched to v, or -1 when v is unmatched.
	Mate []int
	// Edges lists the positions, in the input, of the matched edges in
	// increasing order.
	Edges []int
	// Total is the sum of the weights of the matched edges.
	Total int64
}

// Size returns the number of matched edges.
func (m Matching) Size() int { return len(m.Edges) }

// MaxWeightMatching returns a maximum-weight matching of the undirected
// graph with vertices 0..n-1 and the given edges: mate[v] is v's partner or
// -1, and total is the sum of the matched edges' weights. The answer is
// exact (integer arithmetic throughout) and deterministic: the same input
// gives the same matching.
//
// The graph may be general (not bipartite). The algorithm is Edmonds'
// blossom algorithm in its primal-dual form (Galil 1986, with the
// bookkeeping of Van Rantwijk's mwmatching): vertex duals start at half
// the heaviest incident edge with a greedy start on tight edges, the
// alternating forest persists across augmentations, and the bounds on each
// dual change come from heaps. It runs in O(n·m·log n + n³) time in the
// worst case, far less on typical graphs, and needs O(n + m) memory, of
// which only the result grows with the vertices no edge touches.
//
// Preconditions: edges have both endpoints in [0, n), no self-loops and
// weights in [0, [MaxWeight]]. MaxWeightMatching does not panic on input
// that breaks them: it ignores any edge that does, since such an edge is
// either meaningless or, with a negative weight, never in a maximum-weight
// matching. Of parallel edges only the heaviest counts (the first of equal
// weights). A negative n is read as 0, and an n above [MaxVertices] gives
// a nil mate and a zero total. Use [Match] to have invalid input reported
// as errors, or to ask for maximum cardinality first.
//
// Zero-weight edges add nothing, so the matching may leave both of their
// endpoints unmatched; use [Match] with MaxCardinality to pair as many
// vertices as possible.
func MaxWeightMatching(n int, edges []Edge) (mate []int, total int64) {
	if n > MaxVertices {
		return nil, 0
	}
	if n < 0 {
		n = 0
	}
	keep := make([]int32, 0, len(edges))
	for i, e := range edges {
		if e.U >= 0 && e.U < n && e.V >= 0 && e.V < n && e.U != e.V && e.W >= 0 && e.W <= MaxWeight {
			keep = append(keep, int32(i))
		}
	}
	g := touched(n, edges, keep)
	keep = dedupe(g.n, g.edges, keep)
	mate, _, total = g.solve(keep, false)
	return mate, total
}

// Match is the validating form of [MaxWeightMatching]. It returns an error
// wrapping [ErrVertexCount] for a negative n or one above [MaxVertices],
// before allocating anything, and an [*EdgeError] wrapping
// [ErrVertexRange], [ErrSelfLoop], [ErrNegativeWeight], [ErrWeightRange] or
// [ErrDuplicateEdge] for the first invalid edge. Duplicates are errors here
// (two edges joining the same two vertices, in either direction) because
// they usually mean the caller built the graph wrongly; MaxWeightMatching
// keeps the heavier instead.
func Match(n int, edges []Edge, opt MatchOptions) (Matching, error) {
	if n < 0 || n > MaxVertices {
		return Matching{}, fmt.Errorf("%w: %d: want 0 to MaxVertices (%d)", ErrVertexCount, n, MaxVertices)
	}
	for i, e := range edges {
		var err error
		switch {
		case e.U < 0 || e.U >= n || e.V < 0 || e.V >= n:
			err = ErrVertexRange
		case e.U == e.V:
			err = ErrSelfLoop
		case e.W < 0:
			err = ErrNegativeWeight
		case e.W > MaxWeight:
			err = ErrWeightRange
		}
		if err != nil {
			return Matching{}, &EdgeError{Index: i, Edge: e, Other: -1, Err: err}
		}
	}
	keep := make([]int32, len(edges))
	for i := range keep {
		keep[i] = int32(i)
	}
	g := touched(n, edges, keep)
	if i, j, ok := firstDuplicate(g.n, g.edges); ok {
		return Matching{}, &EdgeError{Index: j, Edge: edges[j], Other: i, Err: ErrDuplicateEdge}
	}
	mate, idx, total := g.solve(keep, opt.MaxCardinality)
	return Matching{Mate: mate, Edges: idx, Total: total}, nil
}

// graph is the graph a matching is computed on: the caller's n vertices
// and edges, or, when many vertices are touched by no edge, only the
// touched ones, renumbered 0..len(old)-1 in increasing order. A vertex no
// edge touches is unmatched in every matching and changes nothing the
// solver does; leaving it out keeps the solver's memory in proportion to
// the edges, whatever n is. The renumbering keeps the order of vertices,
// so the solver makes the same choices, and the matching is the same.
type graph struct {
	n     int    // vertices the solver sees
	edges []Edge // the caller's edges, or a renumbered copy of those kept
	total int    // the caller's vertex count
	old   []int  // the caller's number of each vertex; nil when not renumbered
}

// touched returns the graph of the edges in keep (valid edges of n
// vertices). It renumbers only when more than half the vertices must be
// untouched, so denser graphs keep the direct path.
func touched(n int, edges []Edge, keep []int32) graph {
	if n <= 2*len(keep) {
		return graph{n: n, edges: edges, total: n}
	}
	return renumber(n, edges, keep)
}

// renumber returns the graph of the vertices the edges in keep touch.
func renumber(n int, edges []Edge, keep []int32) graph {
	g := graph{total: n}
	g.old = make([]int, 0, 2*len(keep))
	for _, k := range keep {
		g.old = append(g.old, edges[k].U, edges[k].V)
	}
	slices.Sort(g.old)
	g.old = slices.Compact(g.old)
	g.n = len(g.old)
	g.edges = make([]Edge, len(edges))
	for _, k := range keep {
		e := edges[k]
		u, _ := slices.BinarySearch(g.old, e.U)
		v, _ := slices.BinarySearch(g.old, e.V)
		g.edges[k] = Edge{U: u, V: v, W: e.W}
	}
	return g
}

// solve runs the blossom algorithm on the kept edges of g and returns the
// result in the caller's numbering.
func (g graph) solve(keep []int32, maxCard bool) (mate []int, idx []int, total int64) {
	s := newSolver(g.n, g.edges, keep, maxCard)
	s.run()
	mate, idx, total = s.result()
	if g.old == nil {
		return mate, idx, total
	}
	full := make([]int, g.total)
	for v := range full {
		full[v] = -1
	}
	for v, w := range mate {
		if w >= 0 {
			full[g.old[v]] = g.old[w]
		}
	}
	return full, idx, total
}

// firstDuplicate finds the first edge (in input order) that repeats an
// earlier one. Edges must be valid.
func firstDuplicate(n int, edges []Edge) (first, dup int, found bool) {
	start, byLow := bucketByLow(n, edges, nil)
	mark := make([]int32, n)
	pos := make([]int32, n)
	for i := range mark {
		mark[i] = -1
	}
	dup = len(edges)
	for u := 0; u < n; u++ {
		for _, k := range byLow[start[u]:start[u+1]] {
			e := edges[k]
			v := max(e.U, e.V)
			if mark[v] == int32(u) {
				if int(k) < dup {
					first, dup = int(pos[v]), int(k)
				}
				continue
			}
			mark[v], pos[v] = int32(u), k
		}
	}
	return first, dup, dup < len(edges)
}

// bucketByLow groups edge positions (all of them, or those in keep) by their
// lower endpoint, preserving input order within a bucket.
func bucketByLow(n int, edges []Edge, keep []int32) (start []int32, byLow []int32) {
	start = make([]int32, n+1)
	count := func(k int32) { start[min(edges[k].U, edges[k].V)+1]++ }
	if keep == nil {
		for k := range edges {
			count(int32(k))
		}
	} else {
		for _, k := range keep {
			count(k)
		}
	}
	for u := 0; u < n; u++ {
		start[u+1] += start[u]
	}
	fill := slices.Clone(start[:n])
	byLow = make([]int32, start[n])
	put := func(k int32) {
		u := min(edges[k].U, edges[k].V)
		byLow[fill[u]] = k
		fill[u]++
	}
	if keep == nil {
		for k := range edges {
			put(int32(k))
		}
	} else {
		for _, k := range keep {
			put(k)
		}
	}
	return start, byLow
}

// dedupe drops parallel edges from keep, keeping the heaviest (the first of
// equal weights), and returns the survivors in input order.
func dedupe(n int, edges []Edge, keep []int32) []int32 {
	start, byLow := bucketByLow(n, edges, keep)
	mark := make([]int32, n)
	pos := make([]int32, n)
	for i := range mark {
		mark[i] = -1
	}
	drop := false
	dropped := make([]bool, len(edges))
	for u := 0; u < n; u++ {
		for _, k := range byLow[start[u]:start[u+1]] {
			e := edges[k]
			v := max(e.U, e.V)
			if mark[v] != int32(u) {
				mark[v], pos[v] = int32(u), k
				continue
			}
			drop = true
			if prev := pos[v]; e.W > edges[prev].W {
				dropped[prev] = true
				pos[v] = k
			} else {
				dropped[k] = true
			}
		}
	}
	if !drop {
		return keep
	}
	out := keep[:0]
	for _, k := range keep {
		if !dropped[k] {
			out = append(out, k)
		}
	}
	return out
}
