package simulate

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/synth"
)

// TestPreparedPositionsAgreeWithLookups: what prepare derives by walking
// positions is what the lookups by id give — each school's count of
// families (indexview.FamiliesOfSchool), and its own families' positions
// (indexview.FamilyPosition) and school (ownerOf).
func TestPreparedPositionsAgreeWithLookups(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := DefaultDesign()
		d.District.Schools = rapid.IntRange(1, 4).Draw(t, "schools")
		d.District.StudentsPerSchool = rapid.IntRange(20, 120).Draw(t, "students")
		seed := rapid.Uint64().Draw(t, "seed")
		ds, err := synth.District(d.synthConfig(), seed)
		require.NoError(t, err)
		s := newSim(d, ds, seed)
		s.prepare()
		for i, sc := range s.schools {
			require.Equal(t, len(indexview.FamiliesOfSchool(s.x, ds.Schools[i].ID)), sc.nFam, "school %s", sc.id)
			require.Len(t, sc.famPos, len(sc.families))
			for j, f := range sc.families {
				k, ok := indexview.FamilyPosition(s.x, f)
				require.True(t, ok)
				require.Equal(t, int32(k), sc.famPos[j], "family %s", f)
				o, fk, ok := s.ownerOf(f)
				require.True(t, ok)
				require.Equal(t, i, o)
				require.Equal(t, int32(k), fk)
			}
		}
	})
}
