package practices

import (
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

// TestSortEventsIsStableSort: sortEvents puts a family's events in the
// order slices.SortStableFunc gives them, ties (same time and rank) in
// their first order, for short lists (sorted by insertion) and long ones.
func TestSortEventsIsStableSort(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		base := time.Date(2025, 9, 1, 8, 0, 0, 0, time.UTC)
		n := rapid.SampledFrom([]int{0, 1, 2, 5, 20, 64, 65, 200}).Draw(t, "size")
		events := make([]timedEvent, n)
		for i := range events {
			// Few distinct times and ranks, so that ties are common; the
			// visit pointer tells the events apart.
			at := base.Add(time.Duration(rapid.IntRange(0, 5).Draw(t, "minute")) * time.Minute)
			events[i] = timedEvent{at: at, rank: int8(rapid.IntRange(0, 3).Draw(t, "rank")), visit: &visitFacts{pos: int32(i)}}
		}
		want := slices.Clone(events)
		slices.SortStableFunc(want, func(a, b timedEvent) int { return compareEvents(&a, &b) })
		sortEvents(events)
		for i := range events {
			if events[i].visit != want[i].visit {
				t.Fatalf("event %d: %v rank %d (event %d), want %v rank %d (event %d)", i, events[i].at, events[i].rank,
					events[i].visit.pos, want[i].at, want[i].rank, want[i].visit.pos)
			}
		}
	})
}
