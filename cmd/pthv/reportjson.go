package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"

	"github.com/homevisits/pthv/practices"
)

// writeReportJSON writes rep exactly as writeJSON does, byte for byte, but
// one finding, rule and school at a time: writeJSON encodes the whole
// report in memory and indents a second copy of it, which for the
// national year's 25 MB report took a second and 160 MB.
func writeReportJSON(w io.Writer, rep practices.Report) error {
	jw := &jsonStream{w: bufio.NewWriterSize(w, 64<<10)}
	jw.enc = json.NewEncoder(&jw.compact)
	jw.enc.SetEscapeHTML(false)
	jw.raw("{\n")
	jw.member("summary", func() { jw.value(rep.Summary, "  ") })
	streamMember(jw, "findings", rep.Findings)
	streamMember(jw, "rules", rep.Rules)
	streamMember(jw, "schools", rep.Schools)
	if len(rep.Audit) > 0 { // omitempty
		streamMember(jw, "audit", rep.Audit)
	}
	jw.raw("\n}\n")
	if jw.err != nil {
		return jw.err
	}
	return jw.w.Flush()
}

// jsonStream writes a JSON document piece by piece, indented two spaces a
// level as writeJSON's encoder indents it. The first error sticks.
type jsonStream struct {
	w        *bufio.Writer
	enc      *json.Encoder // writes compact values into compact
	compact  bytes.Buffer
	indented bytes.Buffer
	members  int
	err      error
}

func (jw *jsonStream) raw(s string) {
	if jw.err == nil {
		_, jw.err = jw.w.WriteString(s)
	}
}

// member writes the separator and key of the top-level object's next
// member, then its value with write.
func (jw *jsonStream) member(key string, write func()) {
	if jw.members > 0 {
		jw.raw(",\n")
	}
	jw.members++
	k, _ := json.Marshal(key)
	jw.raw("  " + string(k) + ": ")
	write()
}

// value writes v, its lines after the first starting with prefix.
func (jw *jsonStream) value(v any, prefix string) {
	if jw.err != nil {
		return
	}
	jw.compact.Reset()
	if jw.err = jw.enc.Encode(v); jw.err != nil {
		return
	}
	jw.indented.Reset()
	if jw.err = json.Indent(&jw.indented, bytes.TrimSuffix(jw.compact.Bytes(), []byte("\n")), prefix, "  "); jw.err != nil {
		return
	}
	_, jw.err = jw.w.Write(jw.indented.Bytes())
}

// streamMember writes a member of the top-level object whose value is a
// slice, an element at a time: null for a nil slice, [] for an empty one.
func streamMember[T any](jw *jsonStream, key string, items []T) {
	jw.member(key, func() {
		switch {
		case items == nil:
			jw.raw("null")
		case len(items) == 0:
			jw.raw("[]")
		default:
			jw.raw("[\n")
			for i := range items {
				if i > 0 {
					jw.raw(",\n")
				}
				jw.raw("    ")
				jw.value(&items[i], "    ")
			}
			jw.raw("\n  ]")
		}
	})
}
