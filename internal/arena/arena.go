// Package arena hands out small slices cut from large chunks, so that the
// many short lists of a district or a simulated year (a visit's visitors,
// a student's classes, a visit's topics) cost a handful of allocations
// instead of one each. synth builds its districts with it, and simulate
// completes its visits with it.
package arena

// Arena cuts slices from chunks of at least its chunk size. Each slice has
// its capacity capped at its length, so appending to it never reaches a
// neighbour, and a slice lives as long as anything refers to its chunk.
// The zero Arena works, with chunks of 16.
type Arena[T any] struct {
	buf   []T
	chunk int
}

// New returns an arena whose chunks hold chunk values (at least 16).
func New[T any](chunk int) Arena[T] { return Arena[T]{chunk: max(chunk, 16)} }

// Take returns n zero values, or nil when n ≤ 0.
func (a *Arena[T]) Take(n int) []T {
	if n <= 0 {
		return nil
	}
	if cap(a.buf)-len(a.buf) < n {
		a.buf = make([]T, 0, max(n, a.chunk, 16))
	}
	l := len(a.buf)
	a.buf = a.buf[:l+n]
	return a.buf[l : l+n : l+n]
}

// One returns a pointer to a new zero value.
func (a *Arena[T]) One() *T { return &a.Take(1)[0] }

// CopyOf returns a copy of s cut from the arena (nil for an empty s).
func (a *Arena[T]) CopyOf(s []T) []T {
	out := a.Take(len(s))
	copy(out, s)
	return out
}
