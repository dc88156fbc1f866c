// Package errlist formats and unwraps lists of errors the way every pthv
// decoder reports them: one error per line, the first few in full, and a
// count of the rest; errors.Is and errors.As see each of them.
package errlist

import (
	"fmt"
	"strings"
)

// Shown is how many errors a list's message spells out; the list itself
// keeps them all.
const Shown = 20

// Message returns the errors one per line, the first Shown of them, then
// "… and N more".
func Message[E error](es []E) string {
	var b strings.Builder
	for i, e := range es {
		if i == Shown {
			fmt.Fprintf(&b, "\n… and %d more", len(es)-Shown)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the errors as a []error, for a list type's Unwrap method.
func Unwrap[E error](es []E) []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}
