package simulate

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/synth"
)

// TestCompliantDesignHasNoViolations: a design without deviations, run by
// the real planners, keeps every non-negotiable as practices.Check judges
// it — whatever the pairing, and with the year's no-shows,
// cancellations, moves and withdrawals recorded as they happened.
func TestCompliantDesignHasNoViolations(t *testing.T) {
	for _, pm := range []Pairing{TeamsPairing, PartnersPairing} {
		t.Run(string(pm), func(t *testing.T) {
			d := DefaultDesign()
			d.District.Schools = 3
			d.Pairing = pm
			y, err := Simulate(d, 11)
			require.NoError(t, err)
			m := y.Metrics
			assert.Zero(t, m.Violations, "%v", m.ViolationsByRule)
			assert.Positive(t, m.FirstVisits)
			assert.Positive(t, m.SecondVisits)
			assert.Positive(t, m.CostCents)
			assert.Positive(t, m.NoShows+m.Cancellations+m.Reschedules)
			assert.Equal(t, m.FirstVisits+m.SecondVisits+m.NoShows+m.Cancellations, len(y.Dataset.Visits))
		})
	}
	// A year full of misses, cancellations, moves and withdrawals is still
	// recorded so that the check finds nothing wrong with it, nor with the
	// record itself (no data findings).
	d := DefaultDesign()
	d.District.Schools = 4
	d.Year.NoShowRate, d.Year.CancelRate, d.Year.RescheduleRate, d.Year.WithdrawalRate = 0.2, 0.2, 0.2, 0.2
	y, err := Simulate(d, 3)
	require.NoError(t, err)
	m := y.Metrics
	assert.Zero(t, m.Violations, "%v", m.ViolationsByRule)
	for _, r := range y.Report.Rules {
		assert.Zero(t, r.Data, "%s: data findings", r.Rule)
	}
	assert.Positive(t, m.NoShows)
	assert.Positive(t, m.Cancellations)
	assert.Positive(t, m.Reschedules)
	assert.Positive(t, m.Withdrawals)
	assert.Positive(t, m.Rebookings)
	assert.Len(t, y.Dataset.Withdrawals, m.Withdrawals)
}

// TestEachDeviationBreaksItsRule: every deviation rate shows up as
// violations of the rule it names.
func TestEachDeviationBreaksItsRule(t *testing.T) {
	for _, f := range (synth.Deviations{}).Rates() {
		t.Run(f.Key, func(t *testing.T) {
			d := DefaultDesign()
			d.District.Schools = 3
			set := map[string]*float64{
				"solo": &d.Deviations.Solo, "drop_in": &d.Deviations.DropIn, "untrained": &d.Deviations.Untrained,
				"not_opted_in": &d.Deviations.NotOptedIn, "no_consent": &d.Deviations.NoConsent,
				"after_decline": &d.Deviations.AfterDecline, "agenda_on_first": &d.Deviations.AgendaOnFirst,
				"no_reflection": &d.Deviations.NoReflection, "unpaid": &d.Deviations.Unpaid,
				"targeted": &d.Deviations.Targeted, "mandate": &d.Deviations.Mandate,
			}
			*set[f.Key] = 0.3
			for _, mode := range []Mode{RealPlanners, CapacityModel} {
				ms, err := replicate(d, 3, mode)
				require.NoError(t, err)
				m := ms[0]
				assert.Positive(t, m.ViolationsByRule[f.Rule], "%s: %s in %s mode: %v", f.Key, f.Rule, mode, m.ViolationsByRule)
			}
		})
	}
}

// TestDesignLeversMove: the levers change what they should, on the same
// districts (common random numbers).
func TestDesignLeversMove(t *testing.T) {
	run := func(edit func(d *Design)) Metrics {
		d := DefaultDesign()
		d.District.Schools = 4
		edit(&d)
		y, err := Simulate(d, 21)
		require.NoError(t, err)
		return y.Metrics
	}
	base := run(func(*Design) {})
	more := run(func(d *Design) { d.InviteShare = 0.6; d.CapacityPerEducator = 60 })
	assert.Greater(t, more.Invitations, base.Invitations)
	assert.Greater(t, more.FirstVisits, base.FirstVisits)

	noSecond := run(func(d *Design) { d.SecondVisit.Offered = false })
	assert.Zero(t, noSecond.SecondVisits)
	assert.Zero(t, noSecond.SecondVisitOffers)
	assert.Positive(t, noSecond.Advisories, "P3.second-visit-offered advises")

	tight := run(func(d *Design) { d.CapacityPerEducator = 2 })
	assert.Less(t, tight.FirstVisits, base.FirstVisits)
	assert.Positive(t, tight.UnplacedCapacity)

	budget := run(func(d *Design) { d.Compensation.BudgetCents = 100_000 })
	assert.LessOrEqual(t, budget.CostCents, int64(100_000))
	assert.Positive(t, budget.UnplacedBudget)

	late := run(func(d *Design) { d.Training.InitialDaysBeforeSchool = -90 })
	assert.Greater(t, late.VisitsOutsideSeason+late.UnplacedCapacity, base.VisitsOutsideSeason+base.UnplacedCapacity)

	pushy := run(func(d *Design) { d.Acceptance.Reinvites = 3; d.Acceptance.ReinviteDeclined = true })
	assert.Greater(t, pushy.Reinvitations, base.Reinvitations)
	assert.Greater(t, pushy.Acceptances, base.Acceptances)
}
