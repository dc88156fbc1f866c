package practicestest_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/practices/practicestest"
)

// recordsOf are a dataset's records as a district system would load them.
func recordsOf(ds *model.Dataset) practices.LookupRecords {
	return practices.LookupRecords{Year: ds.Year, Calendar: ds.Calendar, Educators: ds.Educators,
		Students: ds.Students, Invitations: ds.Invitations, Withdrawals: ds.Withdrawals, Visits: ds.Visits}
}

// minimal offers the Lookup methods of an Index and nothing else, as a
// district's smallest implementation would.
type minimal struct{ x *model.Index }

func (m minimal) Year() model.SchoolYear                                { return m.x.Year() }
func (m minimal) Calendar() model.Calendar                              { return m.x.Calendar() }
func (m minimal) Educator(id model.EducatorID) (*model.Educator, bool)  { return m.x.Educator(id) }
func (m minimal) ConsentHistory(f model.FamilyID) []model.ConsentChange { return m.x.ConsentHistory(f) }
func (m minimal) VisitsOf(f model.FamilyID) []*model.Visit              { return m.x.VisitsOf(f) }

// inUTC answers with copies whose instants are in UTC and whose visits
// come newest first, as a database might: the same records.
type inUTC struct{ minimal }

func (u inUTC) VisitsOf(f model.FamilyID) []*model.Visit {
	var out []*model.Visit
	for _, v := range u.x.VisitsOf(f) {
		c := *v
		c.Start, c.ArrangedAt = c.Start.UTC(), c.ArrangedAt.UTC()
		out = append([]*model.Visit{&c, nil}, out...)
	}
	return out
}

func (u inUTC) ConsentHistory(f model.FamilyID) []model.ConsentChange {
	h := u.x.ConsentHistory(f)
	for i := range h {
		h[i].At = h[i].At.UTC()
	}
	return h
}

// A district's lookups, each broken in one way.
type (
	wrongYear      struct{ *model.Index }
	wrongZone      struct{ *model.Index }
	forgets        struct{ *model.Index } // one educator
	invents        struct{ *model.Index } // any educator
	reversed       struct{ *model.Index } // consent history
	dropsCompleted struct{ *model.Index }
	othersVisits   struct{ *model.Index }
	stale          struct{ *model.Index } // a visit's duration
	panics         struct{ *model.Index }
	shortRoster    struct{ *model.Index }
	lostFamilies   struct{ *model.Index }
)

func (l wrongYear) Year() model.SchoolYear {
	y := l.Index.Year()
	y.ID = "1999-00"
	return y
}

func (l wrongZone) Calendar() model.Calendar {
	c := l.Index.Calendar()
	c.TimeZone = "Europe/Lisbon"
	return c
}

func (l forgets) Educator(id model.EducatorID) (*model.Educator, bool) {
	if ds := l.Dataset(); len(ds.Visits) > 0 && len(ds.Visits[0].Visitors) > 0 && id == ds.Visits[0].Visitors[0] {
		return nil, false // a visitor: Guard then finds the visit's educator unknown
	}
	return l.Index.Educator(id)
}

func (l invents) Educator(id model.EducatorID) (*model.Educator, bool) {
	if e, ok := l.Index.Educator(id); ok {
		return e, ok
	}
	return &model.Educator{ID: id}, true
}

func (l reversed) ConsentHistory(f model.FamilyID) []model.ConsentChange {
	h := l.Index.ConsentHistory(f)
	slices.Reverse(h)
	return h
}

func (l dropsCompleted) VisitsOf(f model.FamilyID) []*model.Visit {
	return slices.DeleteFunc(l.Index.VisitsOf(f), func(v *model.Visit) bool { return v.Status == model.Completed })
}

func (l othersVisits) VisitsOf(f model.FamilyID) []*model.Visit {
	ds := l.Dataset()
	out := l.Index.VisitsOf(f)
	for i := range ds.Visits {
		if ds.Visits[i].Family != f {
			return append(out, &ds.Visits[i])
		}
	}
	return out
}

func (l stale) VisitsOf(f model.FamilyID) []*model.Visit {
	out := l.Index.VisitsOf(f)
	for i, v := range out {
		c := *v
		c.Duration += model.Duration(time.Minute)
		out[i] = &c
	}
	return out
}

func (l panics) ConsentHistory(model.FamilyID) []model.ConsentChange { panic("connection reset") }

func (l shortRoster) StudentsOf(f model.FamilyID) []*model.Student {
	s := l.Index.StudentsOf(f)
	if len(s) > 0 {
		return s[1:]
	}
	return s
}

func (l lostFamilies) Family(model.FamilyID) (*model.Family, bool) { return nil, false }

// lookupDataset is a generated program with what every broken lookup
// needs to be caught: a family with several consent changes, completed
// visits, families of several students.
func lookupDataset(t *testing.T) *model.Dataset {
	t.Helper()
	for seed := range 200 {
		ds := practicestest.Dataset().Example(seed)
		x := model.NewIndex(ds)
		long, completed := false, false
		for _, f := range ds.Families {
			h := x.ConsentHistory(f.ID)
			long = long || len(h) >= 2 && !h[0].At.Equal(h[len(h)-1].At)
		}
		for _, v := range ds.Visits {
			completed = completed || v.Status == model.Completed
		}
		if long && completed && len(ds.Visits[0].Visitors) > 0 {
			return ds
		}
	}
	t.Fatal("no generated dataset has what the test needs")
	return nil
}

func TestLookupConforms(t *testing.T) {
	ds := lookupDataset(t)
	x := model.NewIndex(ds)
	for name, l := range map[string]practices.Lookup{
		"model.Index":          x,
		"practices.NewLookup":  practices.NewLookup(recordsOf(ds)),
		"only the Lookup":      minimal{x},
		"in UTC, newest first": inUTC{minimal{x}},
	} {
		assert.NoError(t, practicestest.TestLookup(l, ds), name)
	}
}

// TestLookupFindsBrokenLookups: each deliberately broken lookup is caught
// on the method it breaks.
func TestLookupFindsBrokenLookups(t *testing.T) {
	ds := lookupDataset(t)
	x := model.NewIndex(ds)
	cases := []struct {
		name   string
		lookup practices.Lookup
		calls  []string // methods that must be named
		text   string   // in the error
	}{
		{"wrong year", wrongYear{x}, []string{"Year"}, `Year(): gives {"id":"1999-00"`},
		{"wrong zone", wrongZone{x}, []string{"Calendar"}, `Europe/Lisbon`},
		{"forgets an educator", forgets{x}, []string{"Educator", "Guard"}, "finds nothing; want the dataset's educator"},
		{"invents educators", invents{x}, []string{"Educator", "Guard"}, `Educator("practicestest-unknown"): finds an educator the dataset does not hold`},
		{"consent out of order", reversed{x}, []string{"ConsentHistory"}, "the same changes in the same order"},
		{"drops completed visits", dropsCompleted{x}, []string{"VisitsOf"}, "leaves out visit"},
		{"another family's visit", othersVisits{x}, []string{"VisitsOf"}, "which is not the family's"},
		{"stale visit", stale{x}, []string{"VisitsOf"}, "want"},
		{"panics", panics{x}, []string{"ConsentHistory"}, "panicked: connection reset"},
		{"short roster", shortRoster{x}, []string{"StudentsOf"}, "in any order"},
		{"lost families", lostFamilies{x}, []string{"Family", "Guard"}, "finds nothing; want the dataset's family"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := practicestest.TestLookup(c.lookup, ds)
			var le *practicestest.LookupError
			require.True(t, errors.As(err, &le), "%v", err)
			for _, call := range c.calls {
				assert.Contains(t, le.Calls(), call)
			}
			assert.Contains(t, err.Error(), c.text)
			assert.Contains(t, err.Error(), "practicestest: the lookup disagrees with model.Index on")
		})
	}

	for name, l := range map[string]practices.Lookup{"nil": nil, "nil index": (*model.Index)(nil)} {
		err := practicestest.TestLookup(l, ds)
		var le *practicestest.LookupError
		require.ErrorAs(t, err, &le, name)
		assert.Equal(t, "Lookup(): the lookup is nil", le.Problems[0].String(), name)
	}
	require.ErrorIs(t, practicestest.TestLookup(x, nil), model.ErrInvalid)
}

// TestNewLookupConformsOnEveryShape: over generated programs of every
// shape, an Index over the dataset and a NewLookup over its records pass
// the harness — it raises nothing against a faithful lookup.
func TestNewLookupConformsOnEveryShape(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := practicestest.Dataset().Draw(t, "dataset")
		require.NoError(t, practicestest.TestLookup(model.NewIndex(ds), ds))
		require.NoError(t, practicestest.TestLookup(practices.NewLookup(recordsOf(ds)), ds))
	})
}

func TestLookupErrorListsAtMostTwenty(t *testing.T) {
	e := &practicestest.LookupError{}
	for range 25 {
		e.Problems = append(e.Problems, practicestest.LookupProblem{Call: `VisitsOf("F1")`, Problem: "leaves out visit"})
	}
	assert.Contains(t, e.Error(), "… and 5 more")
	assert.Equal(t, []string{"VisitsOf"}, e.Calls())
}
