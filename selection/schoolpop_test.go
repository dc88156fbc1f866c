package selection

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// schoolPopulations must give, for each school, exactly what NewPopulation
// gives for the scope school=S.
func TestSchoolPopulationsMatchNewPopulation(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := genDataset(30).Draw(t, "dataset")
		pops := schoolPopulations(model.NewIndex(ds))
		require.Len(t, pops, len(ds.Schools))
		for i, s := range ds.Schools {
			want, err := NewPopulation(ds, Scope{Schools: []model.SchoolID{s.ID}})
			if err != nil {
				require.ErrorIs(t, err, ErrEmptyScope)
				require.Nil(t, pops[i], "school %s", s.ID)
				continue
			}
			got := pops[i]
			require.NotNil(t, got, "school %s", s.ID)
			require.Equal(t, want.Families(), got.Families())
			require.Equal(t, want.Attributes(), got.Attributes())
			for _, a := range want.Attributes() {
				require.Equal(t, want.Levels(a), got.Levels(a))
				for _, f := range want.Families() {
					wv, wok := want.Attribute(f, a)
					gv, gok := got.Attribute(f, a)
					require.Equal(t, wok, gok)
					require.Equal(t, wv, gv)
				}
			}
			pre := []model.StudentID{"before"}
			for _, f := range want.Families() {
				require.Equal(t, want.Students(f), got.Students(f))
				require.Equal(t, append(slices.Clone(pre), want.Students(f)...), got.AppendStudents(pre, f))
				require.Equal(t, want.Teachers(f), got.Teachers(f))
			}
			require.Equal(t, pre, got.AppendStudents(pre, "no such family"))
		}
	})
}

// schoolPopulations of no index, or of an empty one, is empty.
func TestSchoolPopulationsOfNothing(t *testing.T) {
	require.Nil(t, schoolPopulations(nil))
	require.Nil(t, schoolPopulations(&model.Index{}))
	require.Empty(t, schoolPopulations(model.NewIndex(nil)))
}
