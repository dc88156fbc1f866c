package simulate

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/synth"
)

// TestHeldVisitsArePaidAsPayRules: every held visit carries what pay (the
// one pay rule) gives its visitors at its start, whether complete kept
// the planner's pay or paid it again — for districts of several schools
// and funding sources, with and without teams, with the year's moves,
// misses and withdrawals, and with visitors changed at the last minute.
func TestHeldVisitsArePaidAsPayRules(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := DefaultDesign()
		d.District.Schools = rapid.IntRange(1, 3).Draw(t, "schools")
		d.District.StudentsPerSchool = rapid.IntRange(40, 160).Draw(t, "students")
		if rapid.Bool().Draw(t, "partners") {
			d.Pairing = PartnersPairing
		}
		if rapid.Bool().Draw(t, "funding") {
			d.Compensation.Funding = []FundingShare{{Source: model.DistrictFunds, Share: 0.5}, {Source: model.TitleI, Share: 0.5}}
		}
		d.Year.RescheduleRate = rapid.Float64Range(0, 0.3).Draw(t, "reschedule")
		d.Deviations.Untrained = rapid.Float64Range(0, 0.3).Draw(t, "untrained")
		d.Deviations.NotOptedIn = rapid.Float64Range(0, 0.3).Draw(t, "not opted in")
		d.Deviations.Solo = rapid.Float64Range(0, 0.3).Draw(t, "solo")
		d.Deviations.Unpaid = 0
		seed := rapid.Uint64().Draw(t, "seed")
		ds, err := synth.District(d.synthConfig(), seed)
		require.NoError(t, err)
		s := newSim(d, ds, seed)
		s.returning = map[model.FamilyID]bool{}
		s.prepare()
		s.invite()
		require.NoError(t, s.pair())
		require.NoError(t, s.place())
		s.complete()
		for _, b := range s.books {
			if b.v.Status == model.Completed {
				require.Equal(t, s.pay(b.school, b.v.Visitors, b.v.Start), b.v.Compensation, "visit %s", b.v.ID)
			}
		}
	})
}
