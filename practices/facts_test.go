package practices

import (
	"cmp"
	"slices"
	"testing"
	"time"

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

// TestSortEventsIsStableSort: an eventBuf's keys put a family's events in
// the order slices.SortStableFunc gives them by time, then rank, ties
// (same time and rank) in their first order, for short lists (sorted by
// insertion) and long ones, and for times before 1970 and with
// nanoseconds.
func TestSortEventsIsStableSort(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		base := time.Date(rapid.SampledFrom([]int{1901, 1969, 2025}).Draw(t, "year"), 9, 1, 8, 0, 0, 0, time.UTC)
		n := rapid.SampledFrom([]int{0, 1, 2, 5, 20, 64, 65, 200}).Draw(t, "size")
		var b eventBuf
		for i := range n {
			// Few distinct times and kinds, so that ties are common; i
			// tells the events apart.
			at := base.Add(time.Duration(rapid.IntRange(-2, 3).Draw(t, "minute"))*time.Minute +
				time.Duration(rapid.SampledFrom([]int{0, 1, 999_999_999}).Draw(t, "nanos")))
			b.add(at, eventSource(rapid.IntRange(0, int(visitReflected)).Draw(t, "kind")), int32(i), -1)
		}
		want := slices.Clone(b.events)
		slices.SortStableFunc(want, func(a, b timedEvent) int {
			return cmp.Or(a.at.Compare(b.at), cmp.Compare(eventRank[a.kind], eventRank[b.kind]))
		})
		b.sort()
		if len(b.order) != n {
			t.Fatalf("%d keys for %d events", len(b.order), n)
		}
		for i, k := range b.order {
			if got := b.events[k.pos()]; got.i != want[i].i {
				t.Fatalf("event %d: %v kind %d (event %d), want %v kind %d (event %d)", i, got.at, got.kind,
					got.i, want[i].at, want[i].kind, want[i].i)
			}
		}
	})
}
