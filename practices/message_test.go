package practices

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// formatted is a value whose Format method fmt must call.
type formatted int

func (f formatted) Format(s fmt.State, verb rune) { fmt.Fprintf(s, "<%c %d>", verb, int(f)) }

// TestPropAppendMessageIsFmt: appendMessage writes what fmt.Appendf writes,
// for any format (verbs it writes itself, verbs it hands to fmt, flags,
// widths, a trailing %, missing and extra arguments) and any arguments.
func TestPropAppendMessageIsFmt(t *testing.T) {
	pieces := []string{"%s", "%v", "%d", "%%", "%q", "%5s", "%-3d", "%x", "%", "Visit ", " on ", "; ", "é", ""}
	values := []any{
		"text", "", model.FamilyID("F-1"), model.VisitID("V-812"), model.EducatorID(""),
		model.NewDate(2025, time.October, 3), model.Date{}, model.NewDate(12000, time.January, 1),
		0, -42, 7, int64(9), 3.5, true, nil,
		model.Days(730), model.Duration(40 * time.Minute), model.Fall, model.Season(99),
		errors.New("reflection before the visit ended"), []string{"a", "b"}, []model.Language{"es"},
		formatted(3), struct{ A int }{1},
	}
	rapid.Check(t, func(t *rapid.T) {
		format := ""
		for _, p := range rapid.SliceOfN(rapid.SampledFrom(pieces), 0, 8).Draw(t, "pieces") {
			format += p
		}
		args := rapid.SliceOfN(rapid.SampledFrom(values), 0, 5).Draw(t, "args")
		prefix := []byte("prefix:")
		want := string(fmt.Appendf(prefix, format, args...))
		got := string(appendMessage([]byte("prefix:"), format, args...))
		require.Equal(t, want, got, "format %q", format)
	})
}
