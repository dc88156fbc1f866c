package pairing

// lesser is an element of a minHeap: a strict order that breaks every tie,
// so that the heap's behaviour — and the algorithms above it — are
// deterministic.
type lesser[T any] interface{ less(T) bool }

// minHeap is a binary min-heap. container/heap would box every element in
// an interface; the matching and flow algorithms push millions of small
// values, so this one keeps them unboxed.
type minHeap[T lesser[T]] []T

// push adds x.
func (h *minHeap[T]) push(x T) {
	*h = append(*h, x)
	q := *h
	for i := len(q) - 1; i > 0; {
		p := (i - 1) / 2
		if !q[i].less(q[p]) {
			break
		}
		q[i], q[p] = q[p], q[i]
		i = p
	}
}

// pop removes and returns the least element. It panics on an empty heap,
// which callers never pop.
func (h *minHeap[T]) pop() T {
	q := *h
	top := q[0]
	last := len(q) - 1
	q[0] = q[last]
	q = q[:last]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(q) && q[l].less(q[m]) {
			m = l
		}
		if r < len(q) && q[r].less(q[m]) {
			m = r
		}
		if m == i {
			break
		}
		q[i], q[m] = q[m], q[i]
		i = m
	}
	*h = q
	return top
}
