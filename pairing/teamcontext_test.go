package pairing

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// caseloadOracle is the caseloads newTeamContext first built: every
// family's id mapped to the position of the first family of that id,
// then each student's family looked up.
func caseloadOracle(ds *model.Dataset) map[model.EducatorID][]int {
	out := map[model.EducatorID][]int{}
	famPos := map[model.FamilyID]int{}
	for i, f := range ds.Families {
		if _, dup := famPos[f.ID]; !dup {
			famPos[f.ID] = i
		}
	}
	for _, st := range ds.Students {
		fi, ok := famPos[st.Family]
		if !ok || !ds.Families[fi].NeedsInterpreter || len(ds.Families[fi].Languages) == 0 {
			continue
		}
		for _, t := range st.Teachers {
			if !slices.Contains(out[t], fi) {
				out[t] = append(out[t], fi)
			}
		}
	}
	return out
}

// TestTeamContextCaseloadAgreesWithOracle: the caseloads of families
// needing a language are the oracle's — with families sharing an id (the
// first of them counts, whether it needs a language or not) and students
// of no recorded family.
func TestTeamContextCaseloadAgreesWithOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := genDataset(t)
		if len(ds.Families) > 0 {
			for range rapid.IntRange(0, 3).Draw(t, "duplicates") {
				f := ds.Families[rapid.IntRange(0, len(ds.Families)-1).Draw(t, "duplicate")]
				f.NeedsInterpreter = rapid.Bool().Draw(t, "duplicate needs")
				f.Languages = []model.Language{rapid.SampledFrom(testLanguages).Draw(t, "duplicate language")}
				ds.Families = append(ds.Families, f)
			}
		}
		for i := range rapid.IntRange(0, 2).Draw(t, "strays") {
			st := model.Student{ID: model.StudentID(fmt.Sprintf("STX%d", i)), School: "S1", Family: "F-NONE"}
			if len(ds.Educators) > 0 {
				st.Teachers = []model.EducatorID{ds.Educators[0].ID}
			}
			ds.Students = append(ds.Students, st)
		}
		c := newTeamContext(ds, ds.Policy, TeamWeights{}, model.Date{})
		want := caseloadOracle(ds)
		require.Len(t, c.caseload, len(want))
		for e, fams := range want {
			require.Equal(t, fams, c.caseload[e], "educator %s", e)
		}
	})
}
