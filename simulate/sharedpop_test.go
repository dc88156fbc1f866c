package simulate

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/synth"
)

// TestCheckSharesPopulations holds the year's check, which is handed the
// selection populations the plans were drawn from, to practices.Check of
// the same record, which derives them again: the same report, field for
// field, over every lever of the design and over consecutive years.
func TestCheckSharesPopulations(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := designGen().Draw(t, "design")
		d.Years.Count = rapid.IntRange(1, 2).Draw(t, "years")
		seed := rapid.Uint64().Draw(t, "seed")
		years, err := Program(d, seed)
		require.NoError(t, err)
		for k, y := range years {
			asOf := y.Dataset.Year.LastDay.AddDays(1).In(y.Dataset.Calendar.Location(), 0)
			want, err := practices.Check(y.Dataset, asOf, nil)
			require.NoError(t, err)
			require.Equal(t, want, y.Report, "year %d", k+1)
		}
	})
}

// TestChecksPlansOnSharedPopulations requires the sharing to happen:
// every school's plan of a whole-school design hands its population on.
func TestChecksPlansOnSharedPopulations(t *testing.T) {
	d := DefaultDesign()
	d.District.Schools = 3
	d.Selection.Scope = WholeSchool
	ds, err := synth.District(d.synthConfig(), 1)
	require.NoError(t, err)
	s := newSim(d, ds, 1)
	s.prepare()
	s.invite()
	require.Len(t, s.pops, 3)
}
