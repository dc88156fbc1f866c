package districtgen_test

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/internal/districtgen"
	"github.com/homevisits/pthv/internal/shapes"
	"github.com/homevisits/pthv/model"
)

// TestDistrictsAreValid: every district drawn, sparse or not, passes
// validation.
func TestDistrictsAreValid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		o := districtgen.Options{Deviations: rapid.Bool().Draw(t, "deviations"), Sparse: rapid.Bool().Draw(t, "sparse")}
		ds := districtgen.District(o).Draw(t, "district")
		require.NoError(t, ds.Validate())
	})
}

// TestDistrictShapes: the districts drawn have the shapes of real
// districts, each in some of them, and sparse ones leave out what
// programs often do not record.
func TestDistrictShapes(t *testing.T) {
	var sum shapes.Counts
	sparse := map[string]int{}
	full, gen := districtgen.District(districtgen.Options{}), districtgen.District(districtgen.Options{Sparse: true})
	for seed := range 200 {
		c := shapes.Count(full.Example(seed))
		s, v := reflect.ValueOf(&sum).Elem(), reflect.ValueOf(c)
		for i := range s.NumField() {
			s.Field(i).SetInt(s.Field(i).Int() + v.Field(i).Int())
		}
		ds := gen.Example(seed)
		for _, st := range ds.Students {
			if st.Attributes == nil {
				sparse["student attributes"]++
			}
		}
		for _, f := range ds.Families {
			if len(f.Languages) == 0 {
				sparse["family languages"]++
			}
		}
		for _, v := range ds.Visits {
			if v.Status == model.Completed && len(v.Students) == 0 {
				sparse["visit students"]++
			}
			if v.Status == model.Completed && v.ArrangedAt.IsZero() {
				sparse["arranged at"]++
			}
		}
	}
	t.Logf("%+v %v", sum, sparse)
	v := reflect.ValueOf(sum)
	for i := range v.NumField() {
		assert.Positive(t, v.Field(i).Int(), v.Type().Field(i).Name)
	}
	for _, k := range []string{"student attributes", "family languages", "visit students", "arranged at"} {
		assert.Positive(t, sparse[k], k)
	}
}
