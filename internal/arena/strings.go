package arena

import "strings"

// Strings builds short strings — record ids — in large chunks: each
// string is a cut of the chunk it was written in, so the thousands of ids
// of a simulated year cost a handful of allocations instead of one each.
// A Builder's string is its buffer, not a copy of it, and a Builder only
// ever appends to its buffer, so a string once cut never changes. The
// zero Strings works, with chunks of 4 KiB.
type Strings struct {
	b strings.Builder
}

// chunkBytes is the size of a chunk: room for a few hundred ids.
const chunkBytes = 4096

// Concat returns the concatenation of parts.
func (a *Strings) Concat(parts ...string) string {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	if n == 0 {
		return ""
	}
	if a.b.Cap()-a.b.Len() < n {
		// A new chunk: the strings cut from the last one keep it.
		a.b = strings.Builder{}
		a.b.Grow(max(n, chunkBytes))
	}
	from := a.b.Len()
	for _, p := range parts {
		a.b.WriteString(p)
	}
	return a.b.String()[from:]
}
