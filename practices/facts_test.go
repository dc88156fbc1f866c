package practices

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// TestPairTypesAgreeWithPairType: the type names preparePairTypes shares
// between visits are pairType's, visit by visit, for any mix of roles,
// positions and unknown educators.
func TestPairTypesAgreeWithPairType(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		roles := []model.Role{model.Certificated, model.Classified}
		positions := []model.Position{model.Teacher, model.Principal, model.Counselor, model.Liaison, model.OtherPosition, ""}
		p := &Program{}
		for i := range rapid.IntRange(0, 30).Draw(t, "visits") {
			var b booking
			for range rapid.IntRange(0, 4).Draw(t, "visitors") {
				var e *model.Educator
				if rapid.IntRange(0, 9).Draw(t, "known") > 0 {
					e = &model.Educator{Role: rapid.SampledFrom(roles).Draw(t, "role"),
						Position: rapid.SampledFrom(positions).Draw(t, "position")}
				}
				b.ids = append(b.ids, model.EducatorID(rune('A'+i)))
				b.eds = append(b.eds, e)
			}
			p.visits = append(p.visits, visitFacts{booking: b})
		}
		got := preparePairTypes(p).([]string)
		for i := range p.visits {
			if want := pairType(&p.visits[i].booking); got[i] != want {
				t.Fatalf("visit %d: pair type %q, want %q", i, got[i], want)
			}
		}
	})
}
