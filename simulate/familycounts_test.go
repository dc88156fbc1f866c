package simulate

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// TestFamilyCountsByID: the counts of families that measure and runYear
// take by family position are the counts by family id read off each
// year's record — families visited, visited twice, and visited in an
// earlier year of the program.
func TestFamilyCountsByID(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := DefaultDesign()
		d.District.Schools = rapid.IntRange(1, 3).Draw(t, "schools")
		d.District.StudentsPerSchool = rapid.IntRange(40, 200).Draw(t, "students")
		d.Years.Count = rapid.IntRange(1, 3).Draw(t, "years")
		years, err := Program(d, rapid.Uint64().Draw(t, "seed"))
		require.NoError(t, err)
		before := map[model.FamilyID]bool{}
		for k, y := range years {
			visits := map[model.FamilyID]int{}
			for _, v := range y.Dataset.Visits {
				if v.Status == model.Completed {
					visits[v.Family]++
				}
			}
			twice, returning := 0, 0
			for f, n := range visits {
				if n >= 2 {
					twice++
				}
				if before[f] {
					returning++
				}
			}
			m := y.Metrics
			require.Equal(t, len(visits), m.FamiliesVisited, "year %d", k+1)
			require.Equal(t, twice, m.FamiliesVisitedTwice, "year %d", k+1)
			require.Equal(t, returning, m.ReturningFamilies, "year %d", k+1)
			for f := range visits {
				before[f] = true
			}
		}
	})
}
