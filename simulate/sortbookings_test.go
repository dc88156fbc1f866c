package simulate

import (
	"cmp"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// TestSortBookingsIsTheStableSort: sortBookings orders bookings as the
// stable sort by (school,) start and visit id that complete first used —
// with schools, starts (in two time zones) and ids that tie.
func TestSortBookingsIsTheStableSort(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		schools := []*schoolSim{{i: 0}, {i: 1}, {i: 2}}
		base := time.Date(2026, time.October, 5, 15, 0, 0, 0, time.UTC)
		zones := []*time.Location{time.UTC, time.FixedZone("PT", -7*3600)}
		n := rapid.IntRange(0, 40).Draw(t, "bookings")
		bs := make([]*booking, n)
		for i := range bs {
			start := base.Add(time.Duration(rapid.IntRange(0, 5).Draw(t, "start")) * 30 * time.Minute)
			bs[i] = &booking{school: schools[rapid.IntRange(0, 2).Draw(t, "school")]}
			bs[i].v.Start = start.In(zones[rapid.IntRange(0, 1).Draw(t, "zone")])
			bs[i].v.ID = model.VisitID(fmt.Sprintf("V%d", rapid.IntRange(0, 4).Draw(t, "id")))
		}
		for _, bySchool := range []bool{false, true} {
			want := slices.Clone(bs)
			slices.SortStableFunc(want, func(a, b *booking) int {
				if bySchool {
					if c := cmp.Compare(a.school.i, b.school.i); c != 0 {
						return c
					}
				}
				if c := a.v.Start.Compare(b.v.Start); c != 0 {
					return c
				}
				return cmp.Compare(a.v.ID, b.v.ID)
			})
			got := slices.Clone(bs)
			sortBookings(got, bySchool)
			require.Equal(t, want, got, "by school: %v", bySchool)
		}
	})
}

// TestSortAgreementsIsTheStableSort: sortAgreements orders agreements as
// the stable sort by time and family that invite first used.
func TestSortAgreementsIsTheStableSort(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		base := time.Date(2026, time.October, 5, 15, 0, 0, 0, time.UTC)
		zones := []*time.Location{time.UTC, time.FixedZone("PT", -7*3600)}
		as := make([]agreement, rapid.IntRange(0, 40).Draw(t, "agreements"))
		for i := range as {
			as[i] = agreement{
				family: model.FamilyID(fmt.Sprintf("F%d", rapid.IntRange(0, 4).Draw(t, "family"))),
				fam:    int32(i),
				at:     base.Add(time.Duration(rapid.IntRange(0, 5).Draw(t, "at")) * time.Hour).In(zones[rapid.IntRange(0, 1).Draw(t, "zone")]),
			}
		}
		want := slices.Clone(as)
		slices.SortStableFunc(want, func(a, b agreement) int {
			if c := a.at.Compare(b.at); c != 0 {
				return c
			}
			return cmp.Compare(a.family, b.family)
		})
		sortAgreements(as)
		require.Equal(t, want, as)
	})
}
