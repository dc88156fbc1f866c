package schedule

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// totalsOracle is totals as first written, with a map of pointers to the
// totals of each school and each source.
func totalsOracle(apps []Appointment) (Totals, error) {
	var t Totals
	add := func(sum *int64, cents int64) (err error) {
		*sum, err = model.AddCents(*sum, cents)
		return err
	}
	bySource := map[model.FundingSource]*SourceTotal{}
	bySchool := map[model.SchoolID]*SchoolTotal{}
	for _, a := range apps {
		if !a.Active() {
			continue
		}
		t.Appointments++
		st := bySchool[a.School]
		if st == nil {
			st = &SchoolTotal{School: a.School}
			bySchool[a.School] = st
		}
		st.Appointments++
		for _, c := range a.Pay {
			t.MinutesOutside += c.MinutesOutside
			st.MinutesOutside += c.MinutesOutside
			if err := add(&t.Cents, c.AmountCents); err != nil {
				return Totals{}, fmt.Errorf("schedule: totals: %s: %w", a.ID, err)
			}
			if err := add(&st.Cents, c.AmountCents); err != nil {
				return Totals{}, fmt.Errorf("schedule: totals: %s: %w", a.ID, err)
			}
			if c.Stipend {
				t.StipendMinutes += c.MinutesOutside
				st.StipendMinutes += c.MinutesOutside
			}
			if c.Source == "" {
				continue
			}
			src := bySource[c.Source]
			if src == nil {
				src = &SourceTotal{Source: c.Source}
				bySource[c.Source] = src
			}
			src.MinutesOutside += c.MinutesOutside
			if err := add(&src.Cents, c.AmountCents); err != nil {
				return Totals{}, fmt.Errorf("schedule: totals: %s: %w", a.ID, err)
			}
			if c.Stipend {
				src.StipendMinutes += c.MinutesOutside
			}
		}
	}
	for _, src := range model.FundingSources() {
		if s, ok := bySource[src]; ok {
			t.BySource = append(t.BySource, *s)
			delete(bySource, src)
		}
	}
	rest := make([]SourceTotal, 0, len(bySource)) // sources a caller named outside the known list
	for _, s := range bySource {
		rest = append(rest, *s)
	}
	slices.SortFunc(rest, func(a, b SourceTotal) int { return cmp.Compare(a.Source, b.Source) })
	t.BySource = append(t.BySource, rest...)
	for _, s := range bySchool {
		t.BySchool = append(t.BySchool, *s)
	}
	slices.SortFunc(t.BySchool, func(a, b SchoolTotal) int { return cmp.Compare(a.School, b.School) })
	return t, nil
}

// TestTotalsMatchOracle: totals, which finds its schools and sources by a
// scan while they are few and by a map once they are many, sums as the
// maps of the oracle do — up to twenty schools, known sources and others,
// stipends, cancelled appointments, and sums that overflow.
func TestTotalsMatchOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		schools := rapid.IntRange(1, 20).Draw(t, "schools")
		sources := append(model.FundingSources(), "", "ZZ-other", "AA-other")
		big := rapid.Bool().Draw(t, "big")
		apps := make([]Appointment, rapid.IntRange(0, 40).Draw(t, "appointments"))
		for i := range apps {
			a := &apps[i]
			a.ID = model.VisitID(fmt.Sprint("V", i))
			a.School = model.SchoolID(fmt.Sprint("S", rapid.IntRange(0, schools-1).Draw(t, "school")))
			if rapid.IntRange(0, 5).Draw(t, "cancelled") == 0 {
				a.Status = model.Cancelled
			}
			for range rapid.IntRange(0, 3).Draw(t, "pay") {
				c := model.Compensation{MinutesOutside: rapid.IntRange(0, 120).Draw(t, "minutes"),
					AmountCents: rapid.Int64Range(0, 10000).Draw(t, "cents"),
					Source:      rapid.SampledFrom(sources).Draw(t, "source"), Stipend: rapid.Bool().Draw(t, "stipend")}
				if big {
					c.AmountCents = rapid.Int64Range(0, math.MaxInt64/4).Draw(t, "big cents")
				}
				a.Pay = append(a.Pay, c)
			}
		}
		want, wantErr := totalsOracle(apps)
		got, err := totals(apps)
		require.Equal(t, wantErr, err)
		require.Equal(t, want, got)
	})
}
