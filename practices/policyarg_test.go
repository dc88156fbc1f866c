package practices_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/practices/practicestest"
)

// hiddenPolicy is a Lookup that offers no PolicyLookup: only the five
// methods every Lookup has, and a Roster.
type hiddenPolicy struct{ x *model.Index }

func (h hiddenPolicy) Year() model.SchoolYear                               { return h.x.Year() }
func (h hiddenPolicy) Calendar() model.Calendar                             { return h.x.Calendar() }
func (h hiddenPolicy) Educator(id model.EducatorID) (*model.Educator, bool) { return h.x.Educator(id) }
func (h hiddenPolicy) ConsentHistory(f model.FamilyID) []model.ConsentChange {
	return h.x.ConsentHistory(f)
}
func (h hiddenPolicy) VisitsOf(f model.FamilyID) []*model.Visit          { return h.x.VisitsOf(f) }
func (h hiddenPolicy) StudentsOf(f model.FamilyID) []*model.Student      { return h.x.StudentsOf(f) }
func (h hiddenPolicy) Family(id model.FamilyID) (*model.Family, bool)    { return h.x.Family(id) }
func (h hiddenPolicy) Student(id model.StudentID) (*model.Student, bool) { return h.x.Student(id) }

// TestPropNilPolicyIsTheDatasets: a nil policy judges by the dataset's own
// — Check, Program.Check and Guard over the dataset's index give what they
// give when passed &ds.Policy — even when that policy turns advisory rules
// off or moves a threshold.
func TestPropNilPolicyIsTheDatasets(t *testing.T) {
	var advisory []string
	for _, r := range practices.Rules() {
		if r.Severity == practices.Advisory {
			advisory = append(advisory, r.ID)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		ds := practicestest.Dataset().Draw(t, "dataset")
		ds.Policy.Off = rapid.SliceOfNDistinct(rapid.SampledFrom(advisory), 0, 3, rapid.ID[string]).Draw(t, "off")
		ds.Policy.MaxReinvites = rapid.IntRange(0, 3).Draw(t, "max_reinvites")
		asOf := drawAsOf(t, ds)

		own := ds.Policy
		want, err := practices.Check(ds, asOf, &own)
		require.NoError(t, err)
		got, err := practices.Check(ds, asOf, nil)
		require.NoError(t, err)
		require.Equal(t, want, got, "Check")
		for _, f := range got.Findings {
			require.NotContains(t, ds.Policy.Off, f.Rule, "a rule the dataset's policy turns off")
		}
		p, err := practices.Prepare(ds)
		require.NoError(t, err)
		prepared, err := p.Check(asOf, nil)
		require.NoError(t, err)
		require.Equal(t, want, prepared, "Program.Check")

		x := model.NewIndex(ds)
		for _, v := range ds.Visits {
			want, err := practices.Guard(x, v, asOf, &own)
			require.NoError(t, err)
			got, err := practices.Guard(x, v, asOf, nil)
			require.NoError(t, err)
			require.Equal(t, want, got, "Guard of %s", v.ID)
		}
	})
}

// TestNilPolicyIsTheOwnersPolicy: with no policy passed, an invalid
// policy of the dataset is the one judged by — and refused — while a
// lookup that offers no policy of its own is judged by the default.
func TestNilPolicyIsTheOwnersPolicy(t *testing.T) {
	ds := loadBase(t)
	ds.Policy.Off = []string{"P5.pair"} // a violation rule cannot be turned off
	_, err := practices.Check(ds, afterYear, nil)
	require.ErrorIs(t, err, practices.ErrPolicy)
	p, err := practices.Prepare(ds)
	require.NoError(t, err)
	_, err = p.Check(afterYear, nil)
	require.ErrorIs(t, err, practices.ErrPolicy)
	def := model.DefaultPolicy()
	_, err = p.Check(afterYear, &def)
	require.NoError(t, err, "a policy passed overrides the dataset's")

	x := model.NewIndex(ds)
	v := ds.Visits[0]
	_, err = practices.Guard(x, v, afterYear, nil)
	require.ErrorIs(t, err, practices.ErrPolicy, "the index offers its dataset's policy")
	want, err := practices.Guard(x, v, afterYear, &def)
	require.NoError(t, err)
	got, err := practices.Guard(hiddenPolicy{x}, v, afterYear, nil)
	require.NoError(t, err, "a lookup with no policy of its own is judged by the default")
	require.Equal(t, want, got)

	lookup := practices.NewLookup(practices.LookupRecords{Year: ds.Year, Calendar: ds.Calendar, Educators: ds.Educators,
		Students: ds.Students, Invitations: ds.Invitations, Visits: slices.Clone(ds.Visits[1:])})
	require.Equal(t, def, lookup.Dataset().Policy, "NewLookup's policy is the default")
	_, err = practices.Guard(lookup, v, afterYear, nil)
	require.NoError(t, err)
}
