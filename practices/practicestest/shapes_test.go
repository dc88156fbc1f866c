package practicestest_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/internal/asof"
	"github.com/homevisits/pthv/internal/shapes"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/practices/practicestest"
	"github.com/homevisits/pthv/selection"
)

// add adds every count of c to sum.
func add(sum *shapes.Counts, c shapes.Counts) {
	s, v := reflect.ValueOf(sum).Elem(), reflect.ValueOf(c)
	for i := range s.NumField() {
		s.Field(i).SetInt(s.Field(i).Int() + v.Field(i).Int())
	}
}

// TestCompliantShapes: drawn compliant programs have the shapes of real
// districts, each in some of them.
func TestCompliantShapes(t *testing.T) {
	var sum shapes.Counts
	for seed := range 200 {
		add(&sum, shapes.Count(practicestest.CompliantDataset().Example(seed)))
	}
	t.Logf("%+v", sum)
	v := reflect.ValueOf(sum)
	for i := range v.NumField() {
		assert.Positive(t, v.Field(i).Int(), v.Type().Field(i).Name)
	}
}

// TestCompliantRecords: the records of a compliant program name their
// students and choose families by scope keys only, with method "all" or
// a sample.
func TestCompliantRecords(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := practicestest.CompliantDataset().Draw(t, "dataset")
		for _, v := range ds.Visits {
			require.NotEmpty(t, v.Students, v.ID)
		}
		for _, inv := range ds.Invitations {
			require.NotEmpty(t, inv.Students, inv.ID)
		}
		for _, p := range ds.Plans {
			require.Contains(t, []string{"all", "stratified"}, p.Method, p.ID)
			for k := range p.Scope {
				require.True(t, selection.IsScopeKey(k), "%s: %s", p.ID, k)
			}
			for _, k := range p.Criteria {
				require.True(t, selection.IsScopeKey(k), "%s: %s", p.ID, k)
			}
		}
		// A visit names the students of one school.
		x := model.NewIndex(ds)
		for _, v := range ds.Visits {
			var schools []model.SchoolID
			for _, s := range v.Students {
				st, _ := x.Student(s)
				if !slices.Contains(schools, st.School) {
					schools = append(schools, st.School)
				}
			}
			require.Len(t, schools, 1, v.ID)
		}
	})
}

// TestCompliantOnAnyDay: a compliant program has no finding on any day of
// its year, judged on the records known that day.
func TestCompliantOnAnyDay(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := practicestest.CompliantDataset().Draw(t, "dataset")
		start := ds.Year.Start().AddDays(-30)
		day := start.AddDays(rapid.IntRange(0, ds.Year.LastDay.DaysSince(start)+60).Draw(t, "as_of_day"))
		at := day.In(ds.Calendar.Location(), model.Clock(rapid.IntRange(0, 24*60-1).Draw(t, "as_of_minute")))
		rep, err := practices.Check(asof.Records(ds, at), at, &ds.Policy)
		require.NoError(t, err)
		require.Empty(t, rep.Findings, "as of %s", at)
	})
}

// TestViolatingShapes: the breach is sometimes on a visit naming one
// student of a family with children in two schools, whose other visits
// keep the rules.
func TestViolatingShapes(t *testing.T) {
	for _, rule := range []string{"P1.family-consent", "P3.follow-up", "P5.pair", "P5.reflection", "P1.declined-respected"} {
		t.Run(rule, func(t *testing.T) {
			split := 0
			for seed := range 40 {
				ds := practicestest.Violating(rule).Example(seed)
				schools := map[model.SchoolID]bool{}
				for _, st := range ds.Students {
					if st.Family == "F1-1" {
						schools[st.School] = true
					}
				}
				if len(schools) < 2 {
					continue
				}
				split++
				for _, v := range ds.Visits {
					if v.Family == "F1-1" {
						require.Len(t, v.Students, 1, "%s: %s", rule, v.ID)
					}
				}
			}
			assert.Positive(t, split, "a target family with children in two schools")
		})
	}
	// R.tracking's visit naming no one would concern a sibling too.
	for seed := range 20 {
		ds := practicestest.Violating("R.tracking").Example(seed)
		n := 0
		for _, st := range ds.Students {
			if st.Family == "F1-1" {
				n++
			}
		}
		require.Equal(t, 1, n)
	}
}
