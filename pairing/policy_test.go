package pairing

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// TestPropPolicyOverride: planning under opt.Policy gives what planning a
// dataset that holds that policy gives, for Teams and for Partners; with
// no override, the dataset's own policy is the one planned by.
func TestPropPolicyOverride(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := genDataset(t)
		pol := ds.Policy
		require.NoError(t, pol.Validate())
		other := *ds
		other.Policy = model.DefaultPolicy()
		other.Policy.MaxGroupSize, other.Policy.MaxVisitsPerDay = 2, 1

		want, err := Teams(ds, time.Time{}, TeamOptions{})
		require.NoError(t, err)
		got, err := Teams(&other, time.Time{}, TeamOptions{Policy: &pol})
		require.NoError(t, err)
		require.Equal(t, want, got, "Teams")

		assume := rapid.Bool().Draw(t, "assume")
		wantP, err := Partners(ds, PartnerOptions{AssumeAvailable: assume})
		require.NoError(t, err)
		gotP, err := Partners(&other, PartnerOptions{AssumeAvailable: assume, Policy: &pol})
		require.NoError(t, err)
		require.Equal(t, wantP, gotP, "Partners")
	})
}

// TestPolicyOverrideChangesTheTeams: an override is read — a cap of two
// per visit breaks the team of three the dataset's policy allows — and
// one that breaks the policy's bounds is refused.
func TestPolicyOverrideChangesTheTeams(t *testing.T) {
	ds := newDataset()
	ds.Educators = []model.Educator{
		edu("E-1", model.Certificated), edu("E-2", model.Certificated), edu("E-3", model.Classified),
	}
	p, err := Teams(ds, time.Time{}, TeamOptions{})
	require.NoError(t, err)
	require.Equal(t, [][]model.EducatorID{{"E-1", "E-2", "E-3"}}, teamMembers(p))

	pairs := model.DefaultPolicy()
	pairs.MaxGroupSize = 2
	p, err = Teams(ds, time.Time{}, TeamOptions{Policy: &pairs})
	require.NoError(t, err)
	require.Len(t, p.Teams, 1)
	require.Len(t, p.Teams[0].Members, 2)
	require.Len(t, p.Unplaced(), 1)

	bad := model.DefaultPolicy()
	bad.MaxGroupSize = 1
	_, err = Teams(ds, time.Time{}, TeamOptions{Policy: &bad})
	require.ErrorIs(t, err, ErrOptions)
	_, err = Partners(ds, PartnerOptions{Policy: &bad})
	require.ErrorIs(t, err, ErrOptions)
}
