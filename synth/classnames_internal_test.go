package synth

import (
	"strconv"
	"testing"

	"github.com/homevisits/pthv/model"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestClassNamesOracle: classNames, which cuts the names from one
// string, gives the names made one by one, in timetable's order, as
// timetable first made them.
func TestClassNamesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lo := model.Grade(rapid.IntRange(int(model.PreK), int(model.Grade12)).Draw(t, "lo"))
		sections := rapid.SliceOfN(rapid.IntRange(0, 12), 0, int(model.Grade12-lo)+1).Draw(t, "sections")
		subjects := rapid.SampledFrom([]int{1, secondarySubjects}).Draw(t, "subjects")
		var want []string
		for g := range sections {
			grade := lo + model.Grade(g)
			for s := range subjects {
				for sec := range sections[g] {
					name := grade.String() + "-" + strconv.Itoa(sec+1)
					if subjects > 1 {
						name = subjectName(s) + " " + name
					}
					want = append(want, name)
				}
			}
		}
		require.Equal(t, want, classNames(lo, sections, subjects, len(want)))
	})
}

// TestIDBlockOracle: idBlock, which cuts its ids from one string, gives
// the ids makeID makes one by one.
func TestIDBlockOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		prefix := rapid.SampledFrom([]string{"", "S001-ST", "S12-C", "F"}).Draw(t, "prefix")
		width := rapid.IntRange(0, 6).Draw(t, "width")
		n := rapid.IntRange(0, 1200).Draw(t, "n")
		var want []model.StudentID
		for i := 1; i <= n; i++ {
			want = append(want, model.StudentID(makeID(prefix, i, max(width, digits(n)))))
		}
		require.Equal(t, want, idBlock[model.StudentID](prefix, width, n))
	})
}
