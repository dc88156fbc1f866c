package errlist

import (
	"strconv"
	"strings"
)

// Where is where a problem is in what a reader was given, and what it is
// about: every pthv reader names a problem by the same parts, in the same
// order.
type Where struct {
	File   string // file or stream name; "" when unknown
	Line   int    // 1-based; 0 when unknown
	Column int    // 1-based, read only with a Line; 0 when unknown
	Record string // such as `visit "V-12"`; "" when unknown
	Field  string // such as "duration" or a JSON path; "" when unknown
}

// Locate returns "file:line:column: record: field: problem", leaving out
// the parts that are unknown; a line without a file reads "line N". With
// no err the message ends with the last part known, and a message with no
// part known at all is empty instead.
func Locate(w Where, err error, empty string) string {
	var b strings.Builder
	switch {
	case w.File != "":
		b.WriteString(w.File)
		if w.Line > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(w.Line))
			if w.Column > 0 {
				b.WriteByte(':')
				b.WriteString(strconv.Itoa(w.Column))
			}
		}
		b.WriteString(": ")
	case w.Line > 0:
		b.WriteString("line ")
		b.WriteString(strconv.Itoa(w.Line))
		if w.Column > 0 {
			b.WriteString(", column ")
			b.WriteString(strconv.Itoa(w.Column))
		}
		b.WriteString(": ")
	}
	for _, part := range []string{w.Record, w.Field} {
		if part != "" {
			b.WriteString(part)
			b.WriteString(": ")
		}
	}
	switch {
	case err != nil:
		b.WriteString(err.Error())
	case b.Len() == 0:
		return empty
	}
	return strings.TrimSuffix(b.String(), ": ")
}
