package model

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestIsTrueIsLowered: isTrue, which compares ASCII letters without case,
// says what lowering the value and comparing it with the four words says
// — for the words in any case and for any other text, letters that fold
// to ASCII ones included.
func TestIsTrueIsLowered(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := rapid.OneOf(
			rapid.StringMatching(`(?i)(yes|true|y|1|no|false)`),
			rapid.SampledFrom([]string{"yeſ", "YEſ", "ſ", "truе", "\u212a", "Y\u0130"}),
			rapid.String(),
		).Draw(t, "value")
		switch strings.ToLower(v) {
		case "yes", "true", "y", "1":
			require.True(t, isTrue(v), "%q", v)
		default:
			require.False(t, isTrue(v), "%q", v)
		}
	})
}

// TestStudentAttributesAgreeWithOracle: appendStudentAttributes, which
// reads the youngest student's map once, appends what the rule read
// plainly gives — the youngest's values, then every student's flags
// that are set, in order, and flags not set where no value was, then
// grade and school — for students sharing
// maps, spelling a set flag differently, and named twice.
func TestStudentAttributesAgreeWithOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		maps := rapid.SliceOfN(rapid.MapOfN(
			rapid.SampledFrom([]string{"ell", "frl", "iep", "home_language", "grade"}),
			rapid.SampledFrom([]string{"yes", "Yes", "Y", "1", "true", "no", "No", "n", "0", "FALSE", "en", "es", ""}),
			0, 5), 1, 3).Draw(t, "maps")
		n := rapid.IntRange(0, 4).Draw(t, "students")
		students := make([]Student, n)
		for i := range students {
			students[i] = Student{
				ID:         StudentID(rapid.StringMatching(`ST[0-9]`).Draw(t, "id")),
				School:     SchoolID(rapid.SampledFrom([]string{"S1", "S2"}).Draw(t, "school")),
				Grade:      Grade(rapid.IntRange(-1, 3).Draw(t, "grade")),
				Attributes: maps[rapid.IntRange(0, len(maps)-1).Draw(t, "map")],
			}
		}
		var scoped []*Student
		for i := range students {
			scoped = append(scoped, &students[i])
		}
		if n > 0 && rapid.Bool().Draw(t, "a student named twice") {
			scoped = append(scoped, scoped[rapid.IntRange(0, n-1).Draw(t, "twice")])
		}
		got := map[string]string{}
		pairs := appendStudentAttributes([]attribute{{Name: "kept", Value: "before"}}, scoped)
		require.Equal(t, attribute{Name: "kept", Value: "before"}, pairs[0])
		for _, a := range pairs[1:] {
			_, dup := got[a.Name]
			require.False(t, dup, "%s twice", a.Name)
			got[a.Name] = a.Value
		}
		require.Equal(t, studentAttributesOracle(scoped), got)
	})
}

// studentAttributesOracle is the family attribute rule written plainly,
// over a map.
func studentAttributesOracle(scoped []*Student) map[string]string {
	out := map[string]string{}
	var young *Student
	for _, s := range scoped {
		if young == nil || youngerThan(s, young) {
			young = s
		}
	}
	if young == nil {
		return out
	}
	for k, v := range young.Attributes {
		out[k] = v
	}
	for _, s := range scoped {
		for k, v := range s.Attributes {
			switch strings.ToLower(v) {
			case "yes", "true", "y", "1":
				out[k] = v
			case "no", "false", "n", "0":
				if out[k] == "" { // a flag not set fills only a value not recorded
					out[k] = v
				}
			}
		}
	}
	out["grade"] = young.Grade.String()
	out["school"] = string(young.School)
	return out
}
