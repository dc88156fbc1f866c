package simulate

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/selection"
	"github.com/homevisits/pthv/synth"
)

// designGen draws valid designs of small districts, with every lever
// moving.
func designGen() *rapid.Generator[Design] {
	return rapid.Custom(func(t *rapid.T) Design {
		rate := func(label string) float64 { return rapid.Float64Range(0, 1).Draw(t, label) }
		small := func(label string) float64 { return rapid.Float64Range(0, 0.3).Draw(t, label) }
		d := DefaultDesign()
		d.ID = "generated"
		d.District.Schools = rapid.IntRange(1, 3).Draw(t, "schools")
		d.District.StudentsPerSchool = rapid.IntRange(20, 300).Draw(t, "students")
		d.District.EducatorsPerSchool = rapid.IntRange(3, 20).Draw(t, "educators")
		d.District.ClassSize = rapid.IntRange(5, 40).Draw(t, "class size")
		d.InviteShare = rate("invite share")
		d.Selection.Method = rapid.SampledFrom([]selection.Method{selection.Stratified, selection.All}).Draw(t, "method")
		d.Selection.Balance = rapid.SliceOfNDistinct(rapid.SampledFrom(balanceAttributes()), 0, 3, rapid.ID[string]).Draw(t, "balance")
		d.Selection.Scope = rapid.SampledFrom([]SelectionScope{VolunteerTeachers, WholeSchool}).Draw(t, "scope")
		d.Selection.TeacherCap = rapid.IntRange(0, 10).Draw(t, "teacher cap")
		d.FamilyRequestRate = small("requests")
		d.OptInRate = rate("opt-in")
		d.Acceptance.Rate = rate("accept")
		d.Acceptance.DeclineShare = rate("decline share")
		d.Acceptance.Reinvites = rapid.IntRange(0, 3).Draw(t, "reinvites")
		d.Acceptance.RepeatFactor = rapid.Float64Range(0, 2).Draw(t, "repeat factor")
		d.Acceptance.ReinviteDeclined = rapid.Bool().Draw(t, "reinvite declined")
		d.Pairing = rapid.SampledFrom([]Pairing{TeamsPairing, PartnersPairing}).Draw(t, "pairing")
		d.SecondVisit.Offered = rapid.Bool().Draw(t, "second offered")
		d.SecondVisit.AcceptRate = rate("second accept")
		d.FollowUpRate = rate("follow-up")
		d.CapacityPerEducator = rapid.IntRange(1, 40).Draw(t, "capacity")
		d.Compensation.CertificatedRateCents = rapid.Int64Range(0, 10_000).Draw(t, "certificated rate")
		d.Compensation.ClassifiedRateCents = rapid.Int64Range(0, 10_000).Draw(t, "classified rate")
		d.Compensation.BudgetCents = rapid.SampledFrom([]int64{0, 0, 10_000, 100_000, 1_000_000}).Draw(t, "budget")
		if rapid.Bool().Draw(t, "funding shares") {
			d.Compensation.Funding = []FundingShare{{Source: model.TitleI, Share: 0.5}, {Source: model.Foundation, Share: 0.5}}
		}
		d.Training.InitialDaysBeforeSchool = rapid.IntRange(-60, 60).Draw(t, "training day")
		d.Training.RefresherEveryYears = rapid.IntRange(0, 4).Draw(t, "refresher years")
		d.Deviations = synth.Deviations{
			Solo: small("solo"), DropIn: small("drop-in"), Untrained: small("untrained"), NotOptedIn: small("not opted in"),
			NoConsent: small("no consent"), AfterDecline: small("after decline"), AgendaOnFirst: small("agenda"),
			NoReflection: small("no reflection"), Unpaid: small("unpaid"), Targeted: small("targeted"), Mandate: small("mandate"),
		}
		d.Outcomes.SystematicCoverage = rapid.Float64Range(0.01, 0.5).Draw(t, "systematic")
		d.Year.NoShowRate = small("no-show")
		d.Year.CancelRate = small("cancel")
		d.Year.RescheduleRate = small("reschedule")
		d.Year.WithdrawalRate = small("withdrawal")
		d.Year.Rebooks = rapid.IntRange(0, 3).Draw(t, "rebooks")
		d.Year.SecondVisitReserve = rate("second reserve")
		d.Year.PlanEveryDays = rapid.IntRange(3, 30).Draw(t, "plan every")
		d.Budget.Scope = rapid.SampledFrom([]BudgetScope{DistrictBudget, SchoolBudget}).Draw(t, "budget scope")
		d.Budget.Allocation = rapid.SampledFrom([]Allocation{ByEnrolment, Equally}).Draw(t, "allocation")
		d.Budget.SecondVisitReserve = rate("budget reserve")
		return d
	})
}

// TestSimulateProperties: for any design, no school's coverage exceeds
// 100%, every cost is non-negative, the cost metrics equal the sum of the
// visits' pay (in total and by funding source), visit counts match the
// record, and the record passes validation.
func TestSimulateProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := designGen().Draw(t, "design")
		y, err := Simulate(d, rapid.Uint64().Draw(t, "seed"))
		require.NoError(t, err)
		require.NoError(t, y.Dataset.Validate())
		m := y.Metrics
		checkCoverage(t, m)

		var total int64
		bySource := map[model.FundingSource]int64{}
		minutes, first, second, missed, cancelled, moved := 0, 0, 0, 0, 0, 0
		for _, v := range y.Dataset.Visits {
			moved += len(v.Reschedules)
			switch v.Status {
			case model.NoShow:
				missed++
				require.Empty(t, v.Compensation, "a missed visit %s is not paid", v.ID)
				continue
			case model.Cancelled:
				cancelled++
				require.Equal(t, model.ByFamily, v.CancelledBy, "visit %s", v.ID)
				continue
			}
			require.Equal(t, model.Completed, v.Status, "visit %s", v.ID)
			if v.Kind == model.SecondVisit {
				second++
			} else {
				first++
			}
			for _, c := range v.Compensation {
				require.GreaterOrEqual(t, c.AmountCents, int64(0), "visit %s", v.ID)
				require.GreaterOrEqual(t, c.MinutesOutside, 0, "visit %s", v.ID)
				total += c.AmountCents
				minutes += c.MinutesOutside
				if c.AmountCents > 0 {
					bySource[c.Source] += c.AmountCents
				}
			}
		}
		require.Equal(t, total, m.CostCents)
		require.Equal(t, minutes, m.MinutesOutside)
		require.Equal(t, first, m.FirstVisits)
		require.Equal(t, second, m.SecondVisits)
		require.Equal(t, missed, m.NoShows)
		require.Equal(t, cancelled, m.Cancellations)
		require.Equal(t, moved, m.Reschedules)
		require.Equal(t, len(y.Dataset.Withdrawals), m.Withdrawals)
		var sum int64
		for s, c := range m.CostBySource {
			require.GreaterOrEqual(t, c, int64(0))
			require.Equal(t, bySource[s], c, "source %s", s)
			sum += c
		}
		require.Equal(t, m.CostCents, sum)
		require.GreaterOrEqual(t, m.TrainingCostCents, int64(0))
		require.LessOrEqual(t, m.Acceptances, m.FamiliesInvited+m.FamilyRequests)
		require.LessOrEqual(t, m.FamiliesVisited, m.Families)
		require.LessOrEqual(t, m.StudentsVisited, m.Students)
		if !d.SecondVisit.Offered {
			require.Zero(t, m.SecondVisits)
		}
		if b := d.Compensation.BudgetCents; b > 0 {
			// The budget caps planned pay; last-minute deviations only
			// remove pay (a solo visit, an unpaid visitor) or swap a
			// visitor, so a design without swaps stays within it.
			if d.Deviations.Untrained == 0 && d.Deviations.NotOptedIn == 0 {
				limit := b
				if d.Budget.Scope == SchoolBudget {
					limit = b * int64(d.District.Schools)
				}
				require.LessOrEqual(t, m.CostCents, limit)
			}
		}
	})
}

// TestCapacityProperties: the capacity model keeps the same invariants.
func TestCapacityProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := designGen().Draw(t, "design")
		d.District.Schools = rapid.IntRange(1, 60).Draw(t, "schools")
		m, err := Capacity(d, rapid.Uint64().Draw(t, "seed"))
		require.NoError(t, err)
		checkCoverage(t, m)
		require.GreaterOrEqual(t, m.CostCents, int64(0))
		var sum int64
		for _, c := range m.CostBySource {
			require.GreaterOrEqual(t, c, int64(0))
			sum += c
		}
		require.Equal(t, m.CostCents, sum)
		require.LessOrEqual(t, m.SecondVisits, m.FirstVisits)
		require.LessOrEqual(t, m.Acceptances, m.FamiliesInvited+m.FamilyRequests)
		if b := d.Compensation.BudgetCents; b > 0 {
			if d.Budget.Scope == SchoolBudget {
				b *= int64(d.District.Schools)
			}
			require.LessOrEqual(t, m.CostCents, b)
		}
	})
}

func checkCoverage(t *rapid.T, m Metrics) {
	require.Len(t, m.Coverage, m.Schools)
	students := 0
	for _, c := range m.Coverage {
		require.LessOrEqual(t, c.StudentsVisited, c.Students, "school %s", c.School)
		require.LessOrEqual(t, c.FamiliesVisited, c.Families, "school %s", c.School)
		require.GreaterOrEqual(t, c.Share(), 0.0)
		require.LessOrEqual(t, c.Share(), 1.0, "school %s", c.School)
		students += c.Students
	}
	require.Equal(t, m.Students, students)
	require.LessOrEqual(t, m.SystematicSchools, m.Schools)
}
