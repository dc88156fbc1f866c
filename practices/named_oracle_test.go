package practices

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/internal/districtgen"
	"github.com/homevisits/pthv/model"
)

// TestPropNamedByPositionAgreesWithOracle: the students each visit and
// invitation names, read from the positions validation kept, give the
// facts that finding them by id among the family's students gives (the
// oracle): each visit's students and schools, each invitation's schools,
// and the report of a check at any date.
func TestPropNamedByPositionAgreesWithOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := districtgen.District(districtgen.Options{MaxSchools: 3, MaxStudentsPerSchool: 20, Sparse: true, Deviations: true}).Draw(t, "district")
		x, err := ds.ValidIndex()
		require.NoError(t, err)
		byPos, byName := prepare(x, false), prepare(x, true)
		require.False(t, byPos.byName, "a validated index keeps the positions")
		require.True(t, byName.byName)
		for i, v := range ds.Visits {
			got, want := &byPos.visits[i], &byName.visits[i]
			require.True(t, slices.Equal(want.concerned, got.concerned), "visit %s: students %v, want %v", v.ID, got.concerned, want.concerned)
			require.True(t, slices.Equal(want.schools, got.schools), "visit %s: schools %v, want %v", v.ID, got.schools, want.schools)
		}
		for k := range ds.Families {
			got, want := &byPos.families[k], &byName.families[k]
			require.Equal(t, want.activity == nil, got.activity == nil, "family %d", k)
			if want.activity == nil {
				continue
			}
			require.Len(t, got.invSchools, len(want.invSchools))
			for i := range want.invSchools {
				require.True(t, slices.Equal(want.invSchools[i], got.invSchools[i]), "family %d: invitation %d: schools %v, want %v", k, i, got.invSchools[i], want.invSchools[i])
			}
		}
		day := rapid.IntRange(0, ds.Year.LastDay.DaysSince(ds.Year.FirstDay)+30).Draw(t, "day")
		asOf := ds.Year.FirstDay.AddDays(day).In(ds.Calendar.Location(), model.NewClock(12, 0))
		want, err := byName.Check(asOf, nil)
		require.NoError(t, err)
		got, err := byPos.Check(asOf, nil)
		require.NoError(t, err)
		require.Equal(t, want, got)
	})
}
