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
// graphs of up to 2^24 vertices.
const MaxWeight int64 = 1 << 40

// Sentinel errors reported by [Match], for use with [errors.Is]. Each comes
// wrapped in an [*EdgeError] naming the edge, except [ErrVertexCount].
var (
	// ErrVertexCount: the vertex count is negative.
	ErrVertexCount = errors.New("pairing: negative vertex count")
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

// Error names the edge by position and endpoints, and the problem.
func (e *EdgeError) Error() string {
	if e.Other >= 0 {
		return fmt.Sprintf("pairing: edge %d (%d–%d): %v of edge %d", e.Index, e.Edge.U, e.Edge.V, e.Err, e.Other)
	}
	return fmt.Sprintf("pairing: edge %d (%d–%d, weight %d): %v", e.Index, e.Edge.U, e.Edge.V, e.Edge.W, e.Err)
}

// Unwrap returns the sentinel error.
func (e *EdgeError) Unwrap() error { return e.Err }

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
// worst case, far less on typical graphs, and needs O(n + m) memory.
//
// Preconditions: edges have both endpoints in [0, n), no self-loops and
// weights in [0, [MaxWeight]]. MaxWeightMatching does not panic on input
// that breaks them: it ignores any edge that does, since such an edge is
// either meaningless or, with a negative weight, never in a maximum-weight
// matching. Of parallel edges only the heaviest counts (the first of equal
// weights). A negative n is read as 0. Use [Match] to have invalid input
// reported as errors, or to ask for maximum cardinality first.
//
// Zero-weight edges add nothing, so the matching may leave both of their
// endpoints unmatched; use [Match] with MaxCardinality to pair as many
// vertices as possible.
func MaxWeightMatching(n int, edges []Edge) (mate []int, total int64) {
	if n < 0 {
		n = 0
	}
	keep := make([]int32, 0, len(edges))
	for i, e := range edges {
		if e.U >= 0 && e.U < n && e.V >= 0 && e.V < n && e.U != e.V && e.W >= 0 && e.W <= MaxWeight {
			keep = append(keep, int32(i))
		}
	}
	keep = dedupe(n, edges, keep)
	s := newSolver(n, edges, keep, false)
	s.run()
	mate, _, total = s.result()
	return mate, total
}

// Match is the validating form of [MaxWeightMatching]. It returns an error
// wrapping [ErrVertexCount] for a negative n, and an [*EdgeError] wrapping
// [ErrVertexRange], [ErrSelfLoop], [ErrNegativeWeight], [ErrWeightRange] or
// [ErrDuplicateEdge] for the first invalid edge. Duplicates are errors here
// (two edges joining the same two vertices, in either direction) because
// they usually mean the caller built the graph wrongly; MaxWeightMatching
// keeps the heavier instead.
func Match(n int, edges []Edge, opt MatchOptions) (Matching, error) {
	if n < 0 {
		return Matching{}, fmt.Errorf("%w: %d", ErrVertexCount, n)
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
	if i, j, ok := firstDuplicate(n, edges); ok {
		return Matching{}, &EdgeError{Index: j, Edge: edges[j], Other: i, Err: ErrDuplicateEdge}
	}
	s := newSolver(n, edges, keep, opt.MaxCardinality)
	s.run()
	mate, idx, total := s.result()
	return Matching{Mate: mate, Edges: idx, Total: total}, nil
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
