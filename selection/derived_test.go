package selection

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
)

// PopulationOf hands back a population the index's builder derived
// already (indexview.WithDerived) for the very scope, and derives every
// other scope — and a value of the wrong type — as before; a scope
// naming what the dataset lacks is an error either way.
func TestPopulationOfTakesDerived(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := genDataset(30).Draw(t, "dataset")
		x := model.NewIndex(ds)
		s := rapid.SampledFrom(ds.Schools).Draw(t, "school").ID
		sc := Scope{Schools: []model.SchoolID{s}}
		want, err := PopulationOf(x, sc)
		if err != nil {
			t.Skip("no student at the school")
		}
		shared := &Population{scope: sc}
		y := indexview.WithDerived(x, map[string]any{
			indexview.PopulationKey(sc.String()):      shared,
			indexview.PopulationKey(Scope{}.String()): "not a population",
		})
		got, err := PopulationOf(y, sc)
		require.NoError(t, err)
		require.Same(t, shared, got)
		all, err := PopulationOf(y, Scope{})
		require.NoError(t, err)
		wantAll, err := PopulationOf(x, Scope{})
		require.NoError(t, err)
		requireSamePopulation(t, wantAll, all)
		_, err = PopulationOf(y, Scope{Schools: []model.SchoolID{"no such school"}})
		require.ErrorIs(t, err, ErrInvalidScope)
		again, err := PopulationOf(x, sc)
		require.NoError(t, err)
		requireSamePopulation(t, want, again, "x is not changed")
	})
}
