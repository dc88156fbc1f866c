package indexview_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/internal/nilsafe"
	"github.com/homevisits/pthv/model"
)

var extremeN = []int{math.MinInt, -1, 0, math.MaxInt32 + 1, math.MaxInt}

// indexes are the indexes that hold no dataset or an empty one.
func indexes() map[string]*model.Index {
	return map[string]*model.Index{"nil": nil, "zero": {}, "of nil": model.NewIndex(nil), "empty": model.NewIndex(&model.Dataset{})}
}

func eachIsEmpty(t *testing.T, seq func(func(int, *model.Student) bool)) {
	t.Helper()
	for range seq {
		t.Fatal("yielded a student")
	}
}

// TestNilSafety requires every function to find nothing, and not panic,
// on an index of no dataset and on positions out of range.
func TestNilSafety(t *testing.T) {
	nilsafe.Check(t, ".", nilsafe.Cases{
		"AppendFamilyAttributes": func(t *testing.T) {
			for name, x := range indexes() {
				require.Nil(t, indexview.AppendFamilyAttributes(nil, x, "F1", nil), name)
				require.Len(t, indexview.AppendFamilyAttributes(make([]indexview.Attribute, 2), x, "", func(*model.Student) bool { return true }), 2, name)
			}
		},

		"AppendStudentAttributes": func(t *testing.T) {
			require.Nil(t, indexview.AppendStudentAttributes(nil, nil))
			require.Len(t, indexview.AppendStudentAttributes(make([]indexview.Attribute, 2), []*model.Student{}), 2)
		},

		"AppendConsentHistoryAt": func(t *testing.T) {
			for name, x := range indexes() {
				for _, k := range extremeN {
					require.Empty(t, indexview.AppendConsentHistoryAt(x, nil, k), name)
				}
			}
		},
		"ConsentHistoryAt": func(t *testing.T) {
			for name, x := range indexes() {
				for _, k := range extremeN {
					require.Nil(t, indexview.ConsentHistoryAt(x, k), name)
				}
			}
		},

		"StudentsOfSchool": func(t *testing.T) {
			for _, x := range indexes() {
				eachIsEmpty(t, indexview.StudentsOfSchool(x, "S1"))
			}
		},

		"FamiliesOfSchool": func(t *testing.T) {
			for name, x := range indexes() {
				require.Empty(t, indexview.FamiliesOfSchool(x, ""), name)
			}
		},

		"FamilyPosition": func(t *testing.T) {
			for name, x := range indexes() {
				_, ok := indexview.FamilyPosition(x, "F1")
				require.False(t, ok, name)
			}
		},

		"FamilyRecordsAt": func(t *testing.T) {
			for name, x := range indexes() {
				for _, k := range extremeN {
					r := indexview.FamilyRecordsAt(x, k)
					for _, at := range [][]int32{r.Students, r.Invitations, r.Visits, r.Withdrawals, r.Communications} {
						require.Empty(t, at, name)
					}
				}
			}
		},

		"FamilyRecordsInto": func(t *testing.T) {
			for name, x := range indexes() {
				for _, lo := range extremeN {
					recs := make([]indexview.FamilyRecords, 3)
					for j := range recs {
						recs[j].Students = []int32{7}
					}
					indexview.FamilyRecordsInto(x, recs, lo)
					for _, r := range recs {
						for _, at := range [][]int32{r.Students, r.Invitations, r.Visits, r.Withdrawals, r.Communications} {
							require.Empty(t, at, name)
						}
					}
				}
			}
		},

		"PlanPosition": func(t *testing.T) {
			for name, x := range indexes() {
				_, ok := indexview.PlanPosition(x, "P1")
				require.False(t, ok, name)
			}
		},

		"StudentPosition": func(t *testing.T) {
			for name, x := range indexes() {
				_, ok := indexview.StudentPosition(x, "S1")
				require.False(t, ok, name)
			}
		},

		"StudentSchoolAt": func(t *testing.T) {
			for name, x := range indexes() {
				for _, i := range extremeN {
					require.Equal(t, -1, indexview.StudentSchoolAt(x, i), name)
				}
			}
		},

		"StudentFamilies": func(t *testing.T) {
			for name, x := range indexes() {
				require.Nil(t, indexview.StudentFamilies(x), name)
			}
		},

		"VisitFamilyAt": func(t *testing.T) {
			for name, x := range indexes() {
				for _, i := range extremeN {
					require.Equal(t, -1, indexview.VisitFamilyAt(x, i), name)
				}
			}
		},

		"YearBounds": func(t *testing.T) {
			for name, x := range indexes() {
				from, to, ok := indexview.YearBounds(x)
				require.False(t, ok, name)
				require.Zero(t, from, name)
				require.Zero(t, to, name)
			}
		},

		"Validated": func(t *testing.T) {
			for name, x := range indexes() {
				require.False(t, indexview.Validated(x), name)
			}
		},

		"YoungestAt": func(t *testing.T) {
			for name, x := range indexes() {
				for _, k := range extremeN {
					require.Equal(t, -1, indexview.YoungestAt(x, k), name)
				}
			}
		},

		"Youngest": func(t *testing.T) {
			for name, x := range indexes() {
				s, ok := indexview.Youngest(x, "F1")
				require.False(t, ok, name)
				require.Nil(t, s, name)
			}
		},

		"WithRecords": func(t *testing.T) {
			for name, x := range indexes() {
				require.NotNil(t, indexview.WithRecords(x, nil).Dataset(), name)
				require.Empty(t, indexview.WithRecords(x, &model.Dataset{}).Dataset().Families, name)
			}
		},
		"WithDerived": func(t *testing.T) {
			for name, x := range indexes() {
				y := indexview.WithDerived(x, map[string]any{"k": 1})
				require.Equal(t, x.Dataset(), y.Dataset(), name)
				_, ok := indexview.Derived(x, "k")
				require.False(t, ok, name, "x is not changed")
			}
		},
		"Derived": func(t *testing.T) {
			for name, x := range indexes() {
				_, ok := indexview.Derived(x, "")
				require.False(t, ok, name)
				_, ok = indexview.Derived(indexview.WithDerived(x, nil), "k")
				require.False(t, ok, name)
			}
			x := indexview.WithDerived(model.NewIndex(&model.Dataset{}), map[string]any{"k": 1})
			v, ok := indexview.Derived(x, "k")
			require.True(t, ok)
			require.Equal(t, 1, v)
		},
		"References": func(t *testing.T) {
			for name, x := range indexes() {
				refs, ok := indexview.References(x)
				require.False(t, ok, name)
				require.Zero(t, refs, name)
			}
			// An index built without validation has none; a validated one
			// has none once its sections changed length.
			ds := &model.Dataset{Students: []model.Student{{ID: "ST1", Classes: []model.ClassID{"C1"}}}}
			_, ok := indexview.References(model.NewIndex(ds))
			require.False(t, ok, "unvalidated")
			var l indexview.Lists
			for _, i := range extremeN {
				require.Nil(t, l.At(i))
				if i != 0 {
					require.Nil(t, indexview.Lists{Start: []int32{0, 1}, Items: []int32{4}}.At(i), i)
				}
			}
			require.Zero(t, l.Len())
		},
		"RecordStudents": func(t *testing.T) {
			for name, x := range indexes() {
				refs, ok := indexview.RecordStudents(x)
				require.False(t, ok, name)
				require.Zero(t, refs, name)
			}
			// An index built without validation has none.
			ds := &model.Dataset{Students: []model.Student{{ID: "ST1", Family: "F1"}}, Families: []model.Family{{ID: "F1"}},
				Visits: []model.Visit{{ID: "V1", Family: "F1", Students: []model.StudentID{"ST1"}}}}
			_, ok := indexview.RecordStudents(model.NewIndex(ds))
			require.False(t, ok, "unvalidated")
		},
		"PopulationKey": func(t *testing.T) {
			require.NotEqual(t, indexview.PopulationKey(""), indexview.PopulationKey("school=S1"))
		},
		"WorkingHours": func(t *testing.T) {
			for name, x := range indexes() {
				require.Zero(t, indexview.WorkingHours(x, nil), name)
				require.Zero(t, indexview.WorkingHours(x, &model.Educator{}), name)
			}
			hours := model.Hours{Start: 8 * 60, End: 15 * 60}
			x := model.NewIndex(&model.Dataset{Calendar: model.Calendar{Hours: hours}})
			require.Equal(t, hours, indexview.WorkingHours(x, nil))
		},

		"PointersAt": func(t *testing.T) {
			require.Nil(t, indexview.PointersAt[model.Visit](nil, nil))
			require.Nil(t, indexview.PointersAt[model.Visit](nil, []int32{0}))
			require.Nil(t, indexview.PointersAt(make([]model.Visit, 2), []int32{1, -1}))
			require.Nil(t, indexview.PointersAt(make([]model.Visit, 2), []int32{math.MaxInt32}))
			require.Len(t, indexview.PointersAt(make([]model.Visit, 2), []int32{1, 0}), 2)
		},
	})
}
