package practices

import "strings"

// A national year's check reports tens of thousands of findings, each with
// a message and a few record ids. Allocating them one by one is much of the
// check's garbage; the arenas below carve them from large blocks instead.
// A block belongs to the report whose findings use it.

// arenaBlock is the size of the blocks the arenas allocate.
const arenaBlock = 1 << 14

// stringArena hands out strings carved from large buffers. A
// strings.Builder never changes the bytes it has written, and the arena
// never writes past a buffer's capacity (so the buffer is never moved):
// every string handed out stays valid and immutable. A full buffer is left
// to the strings that use it.
type stringArena struct {
	b *strings.Builder
}

// add returns p as a string.
func (a *stringArena) add(p []byte) string {
	if a.b == nil || a.b.Cap()-a.b.Len() < len(p) {
		a.b = new(strings.Builder)
		a.b.Grow(max(arenaBlock, len(p)))
	}
	n := a.b.Len()
	a.b.Write(p)
	return a.b.String()[n:]
}

// idArena hands out copies of record id lists carved from large slices.
// Each copy's capacity is its length, so appending to one never writes
// into another.
type idArena struct {
	buf []string
}

// add returns a copy of ids.
func (a *idArena) add(ids []string) []string {
	if cap(a.buf)-len(a.buf) < len(ids) {
		a.buf = make([]string, 0, max(arenaBlock/16, len(ids)))
	}
	n := len(a.buf)
	a.buf = append(a.buf, ids...)
	return a.buf[n:len(a.buf):len(a.buf)]
}
