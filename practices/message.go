package practices

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/homevisits/pthv/model"
)

// appendMessage appends to b what fmt.Appendf(b, format, args...) does, for
// the messages of findings. A national year's check writes tens of
// thousands of them, mostly ids and dates, which fmt reaches through
// reflection and String methods that allocate: here strings, ids (any type
// whose kind is string and that has no methods fmt would call), dates and
// ints under %s, %v and %d are written directly. Every other value goes to
// fmt, one verb at a time, and a format with flags, widths or a verb
// without its argument goes to fmt whole — the text is always fmt's.
func appendMessage(b []byte, format string, args ...any) []byte {
	start, rest, k := len(b), format, 0
	for {
		i := strings.IndexByte(rest, '%')
		if i < 0 {
			b = append(b, rest...)
			break
		}
		b = append(b, rest[:i]...)
		if i+1 == len(rest) {
			return fmt.Appendf(b[:start], format, args...)
		}
		verb := rest[i+1]
		rest = rest[i+2:]
		if verb == '%' {
			b = append(b, '%')
			continue
		}
		if k == len(args) || (verb != 's' && verb != 'v' && verb != 'd') {
			return fmt.Appendf(b[:start], format, args...)
		}
		b = appendArg(b, verb, args[k])
		k++
	}
	if k != len(args) {
		return fmt.Appendf(b[:start], format, args...)
	}
	return b
}

// appendArg appends a as the verb %s, %v or %d formats it.
func appendArg(b []byte, verb byte, a any) []byte {
	switch v := a.(type) {
	case string:
		if verb != 'd' {
			return append(b, v...)
		}
	case int:
		if verb != 's' {
			return strconv.AppendInt(b, int64(v), 10)
		}
	case model.Date:
		if verb != 'd' {
			b, _ = v.AppendText(b)
			return b
		}
	case fmt.Formatter, fmt.Stringer, error:
	default:
		if rv := reflect.ValueOf(a); verb != 'd' && rv.Kind() == reflect.String {
			return append(b, rv.String()...)
		}
	}
	switch verb {
	case 's':
		return fmt.Appendf(b, "%s", a)
	case 'd':
		return fmt.Appendf(b, "%d", a)
	}
	return fmt.Appendf(b, "%v", a)
}
