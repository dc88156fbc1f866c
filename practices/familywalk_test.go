package practices

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/synth"
)

// TestPropFamilyWalkAgreesWithOracle: what the one walk over the active
// families (replaySequences) keeps for L.sequence, P1.no-repeat-pressure,
// P3.second-visit-offered and P3.follow-up is what each rule works out for
// each family and student-year alone, the obvious way — so that a result
// filed under the wrong family or student-year, or one computed from a
// buffer another family left behind, shows here.
func TestPropFamilyWalkAgreesWithOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := synth.DefaultConfig()
		cfg.Schools = rapid.IntRange(1, 3).Draw(t, "schools")
		cfg.StudentsPerSchool = rapid.IntRange(20, 200).Draw(t, "studentsPerSchool")
		cfg.InviteShare = rapid.Float64Range(0.1, 1).Draw(t, "inviteShare")
		cfg.AcceptRate = rapid.Float64Range(0, 1).Draw(t, "acceptRate")
		cfg.SecondVisitRate = rapid.Float64Range(0, 1).Draw(t, "secondVisitRate")
		ds, err := synth.District(cfg, rapid.Uint64().Draw(t, "seed"))
		require.NoError(t, err)
		familyWalkAgrees(t, ds)
	})
}

// familyWalkAgrees compares what Prepare's family walk kept for ds with
// each rule's result for each family and student-year worked out alone.
func familyWalkAgrees(t require.TestingT, ds *model.Dataset) {
	p, err := Prepare(ds)
	require.NoError(t, err)
	var reinvitations []reinvitation
	var problems []sequenceProblem
	for a, k := range p.active {
		f := &p.families[k]
		var buf eventBuf
		from := len(problems)
		problems = p.replay(model.NewJourney("", p.ds.Year.ID), f, &buf, problems)
		for i := range problems[from:] {
			problems[from+i].active = int32(a)
		}
		if d, ok := reinvitationOracle(p, f, k); ok {
			reinvitations = append(reinvitations, d)
		}
	}
	require.Equal(t, problems, p.sequence)
	require.Equal(t, len(reinvitations), len(p.reinvitations))
	for i := range reinvitations {
		require.Equal(t, reinvitations[i], p.reinvitations[i], "reinvitation %d", i)
	}
	years := studentYearsOracle(p)
	require.Equal(t, years, p.studentYears)
	require.Len(t, p.secondOffers, len(p.studentYears))
	require.Len(t, p.followUps, len(p.studentYears))
	for i, u := range p.studentYears {
		require.Equal(t, p.secondOfferOf(u), p.secondOffers[i], "student-year %d", i)
		fu, _ := p.followUpOf(u, nil)
		require.Equal(t, fu, p.followUps[i], "student-year %d", i)
	}
}

// reinvitationOracle is reinvitationOf the obvious way: whether the family
// has an invitation of this year, then for each decline of the year the
// invitations the school sent after it covering a student it covered,
// keeping the decline followed by the most (the earliest of those), and
// the latest moment one of the year's invitations was sent or declined.
func reinvitationOracle(p *Program, f *familyFacts, k int32) (reinvitation, bool) {
	thisYear := func(inv *model.Invitation) bool { return p.invitationYear(inv) == p.ds.Year.ID }
	if !slices.ContainsFunc(f.invitations, thisYear) {
		return reinvitation{}, false
	}
	d := reinvitation{family: k}
	var settled time.Time
	for _, inv := range f.invitations {
		if !thisYear(inv) {
			continue
		}
		moments := []time.Time{inv.SentAt}
		if inv.Answer() == model.Declined {
			moments = append(moments, inv.AnsweredAt())
		}
		for _, at := range moments {
			if at.After(settled) {
				settled = at
			}
		}
	}
	d.settled = settled.UnixNano()
	var named *model.Invitation
	for _, decline := range f.invitations {
		if decline.Answer() != model.Declined || !thisYear(decline) {
			continue
		}
		var after []string
		for _, inv := range f.invitations {
			if !inv.FromFamily() && inv.SentAt.After(decline.AnsweredAt()) && thisYear(inv) &&
				(len(decline.Students) == 0 || len(inv.Students) == 0 || slices.ContainsFunc(inv.Students, func(s model.StudentID) bool { return slices.Contains(decline.Students, s) })) {
				after = append(after, string(inv.ID))
			}
		}
		if named == nil || len(after) > len(d.after) || len(after) == len(d.after) && decline.AnsweredAt().Before(named.AnsweredAt()) {
			named, d.after = decline, after
			d.day = model.DateOf(decline.AnsweredAt().In(p.loc))
		}
	}
	return d, true
}
