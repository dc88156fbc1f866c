package simulate

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestSchoolBudgetsFollowTheRule: a district budget is shared exactly
// (the shares add up to it, to the cent), by enrolment within a cent of
// the proportional share or equally within a cent of each other; a
// school budget gives each school the whole amount; no budget gives none.
func TestSchoolBudgetsFollowTheRule(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := DefaultDesign()
		d.Compensation.BudgetCents = rapid.Int64Range(1, 1_000_000_000).Draw(t, "budget")
		students := rapid.SliceOfN(rapid.IntRange(0, 5000), 1, 60).Draw(t, "students")
		d.Budget.Allocation = rapid.SampledFrom([]Allocation{ByEnrolment, Equally}).Draw(t, "allocation")
		shares := d.schoolBudgets(students)
		require.Len(t, shares, len(students))
		var sum int64
		total := 0
		for _, n := range students {
			total += n
		}
		for i, c := range shares {
			require.GreaterOrEqual(t, c, int64(0))
			sum += c
			want := float64(d.Compensation.BudgetCents) / float64(len(students))
			if d.Budget.Allocation == ByEnrolment && total > 0 {
				want = float64(d.Compensation.BudgetCents) * float64(students[i]) / float64(total)
			}
			require.InDelta(t, want, float64(c), 1.0000001, "school %d", i)
		}
		require.Equal(t, d.Compensation.BudgetCents, sum)

		d.Budget.Scope = SchoolBudget
		for _, c := range d.schoolBudgets(students) {
			require.Equal(t, d.Compensation.BudgetCents, c)
		}
		d.Compensation.BudgetCents = 0
		require.Nil(t, d.schoolBudgets(students))
	})
}
