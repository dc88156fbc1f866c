package selection

import (
	"fmt"
	"slices"
	"testing"

	"github.com/homevisits/pthv/model"
	"pgregory.net/rapid"
)

// TestRowNearIsRow holds the galloping search to the binary search over
// the whole population, for any family asked and any hint, sorted or
// not: ids in and out of the population, before, between and after its
// families.
func TestRowNearIsRow(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ids := rapid.SliceOfDistinct(rapid.IntRange(0, 400), rapid.ID[int]).Draw(t, "ids")
		slices.Sort(ids)
		p := &Population{}
		for _, i := range ids {
			p.families = append(p.families, model.FamilyID(fmt.Sprintf("F%04d", i)))
		}
		asks := rapid.SliceOf(rapid.IntRange(-1, 401)).Draw(t, "asks")
		near := rapid.IntRange(-1, len(ids)+1).Draw(t, "near")
		// Now and then ask for the family at the hint itself, which
		// rowNear answers before galloping.
		atHint := rapid.SliceOfN(rapid.Bool(), len(asks), len(asks)).Draw(t, "atHint")
		for k, a := range asks {
			f := model.FamilyID(fmt.Sprintf("F%04d", a))
			if atHint[k] && near >= 0 && near < len(p.families) {
				f = p.families[near]
			}
			wantRow, wantOK := p.row(f)
			row, ok := p.rowNear(f, near)
			if ok != wantOK || ok && row != wantRow {
				t.Fatalf("rowNear(%s, %d) = %d, %v; row gives %d, %v", f, near, row, ok, wantRow, wantOK)
			}
			if ok {
				near = int(row) + 1
			}
		}
	})
}
