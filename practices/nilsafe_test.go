package practices_test

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/internal/nilsafe"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/selection"
)

// holeyLookup is a district system's Lookup whose answers hold nil
// entries: an educator found but nil, nil visits and nil students.
type holeyLookup struct{}

func (holeyLookup) Year() model.SchoolYear                            { return model.SchoolYear{} }
func (holeyLookup) Calendar() model.Calendar                          { return model.Calendar{} }
func (holeyLookup) Educator(model.EducatorID) (*model.Educator, bool) { return nil, true }
func (holeyLookup) ConsentHistory(model.FamilyID) []model.ConsentChange {
	return []model.ConsentChange{{}}
}
func (holeyLookup) VisitsOf(model.FamilyID) []*model.Visit     { return []*model.Visit{nil, nil} }
func (holeyLookup) StudentsOf(model.FamilyID) []*model.Student { return []*model.Student{nil} }

var extremeTimes = []time.Time{{}, time.Unix(math.MinInt64, 0), time.Unix(math.MaxInt64, 0)}

func TestNilSafety(t *testing.T) {
	pol := model.DefaultPolicy()
	nilsafe.Check(t, ".", nilsafe.Cases{
		"AuditResult.MarshalJSON": func(t *testing.T) {
			b, err := practices.AuditResult{}.MarshalJSON()
			require.NoError(t, err)
			require.True(t, json.Valid(b))
			_, err = practices.AuditResult{AttributeAudit: selection.AttributeAudit{P: math.NaN()}}.MarshalJSON()
			require.Error(t, err)
		},
		"Check": func(t *testing.T) {
			_, err := practices.Check(nil, time.Time{}, &pol)
			require.ErrorIs(t, err, model.ErrInvalid)
			require.ErrorContains(t, err, "practices: Prepare: nil dataset")
			_, err = practices.Check(&model.Dataset{}, time.Time{}, &pol)
			require.ErrorIs(t, err, model.ErrMissing)
			_, err = practices.Check(nil, time.Time{}, &model.Policy{})
			require.ErrorIs(t, err, practices.ErrPolicy)
			bad := pol
			bad.Off = []string{"", "P1.family-consent"}
			_, err = practices.Check(nil, time.Time{}, &bad)
			require.ErrorIs(t, err, practices.ErrPolicy)
		},
		"Coverage.FamilyShare":  func(t *testing.T) { require.Zero(t, practices.Coverage{}.FamilyShare()) },
		"Coverage.StudentShare": func(t *testing.T) { require.Zero(t, practices.Coverage{}.StudentShare()) },
		"Guard": func(t *testing.T) {
			visit := model.Visit{Family: "F1", Visitors: []model.EducatorID{"E1", "E2"}}
			for name, lookup := range map[string]practices.Lookup{"nil": nil, "nil index": (*model.Index)(nil)} {
				v, err := practices.Guard(lookup, visit, time.Time{}, &pol)
				require.ErrorIs(t, err, model.ErrInvalid, name)
				require.ErrorContains(t, err, "practices: Guard: nil lookup", name)
				require.Empty(t, v.Findings, name)
			}
			_, err := practices.Guard(holeyLookup{}, visit, time.Time{}, &model.Policy{})
			require.ErrorIs(t, err, practices.ErrPolicy)
			for _, at := range extremeTimes {
				for _, v := range []model.Visit{{}, visit, {Start: at, ArrangedAt: at, Duration: math.MinInt64}} {
					_, err := practices.Guard(holeyLookup{}, v, at, &pol)
					require.NoError(t, err)
					_, err = practices.Guard(model.NewIndex(nil), v, at, &pol)
					require.NoError(t, err)
				}
			}
		},
		"FamilyStanding.String": func(t *testing.T) { require.Empty(t, practices.FamilyStanding("").String()) },
		"NewLookup": func(t *testing.T) {
			x := practices.NewLookup(practices.LookupRecords{})
			require.NotNil(t, x)
			_, ok := x.Educator("E1")
			require.False(t, ok)
			x = practices.NewLookup(practices.LookupRecords{Visits: []model.Visit{{ID: "V1", Family: "F1"}}})
			require.Len(t, x.VisitsOf("F1"), 1, "the family a visit names is added")
			_, err := practices.Guard(x, model.Visit{Family: "F1"}, time.Time{}, &pol)
			require.NoError(t, err)
		},
		"NextStep.Advice": func(t *testing.T) { require.Empty(t, practices.NextStep("").Advice()) },
		"Place.String":    func(t *testing.T) { require.Empty(t, practices.Place(0).String()) },
		"StudentYear.Status": func(t *testing.T) {
			st := practices.StudentYear{Visits: []practices.PlacedVisit{{}}}.Status(nil)
			require.Empty(t, st.Visits)
			require.NotNil(t, st.Visits)
			require.Nil(t, st.Next)
		},
		"StudentYear.Visited": func(t *testing.T) {
			require.False(t, practices.StudentYear{}.Visited())
		},
		"StudentYearOf": func(t *testing.T) {
			for name, x := range map[string]*model.Index{"nil": nil, "zero": {}} {
				_, err := practices.StudentYearOf(x, "ST1", time.Time{})
				require.ErrorIs(t, err, model.ErrInvalid, name)
			}
			_, err := practices.StudentYearOf(model.NewIndex(nil), "ST1", time.Time{})
			require.ErrorIs(t, err, model.ErrDangling)
			x := model.NewIndex(loadBase(t))
			for _, at := range extremeTimes {
				_, err := practices.StudentYearOf(x, "ST1", at)
				require.NoError(t, err)
			}
		},
		"MatchRules": func(t *testing.T) {
			require.Len(t, practices.MatchRules(""), len(practices.Rules()))
			require.Empty(t, practices.MatchRules("\x00"))
		},
		"PracticeTitle": func(t *testing.T) { require.Empty(t, practices.PracticeTitle("")) },
		"ValidatePolicy": func(t *testing.T) {
			require.ErrorIs(t, practices.ValidatePolicy(model.Policy{}), practices.ErrPolicy, "the zero policy is out of bounds")
			require.NoError(t, practices.ValidatePolicy(model.DefaultPolicy()))
		},
		"Prepare": func(t *testing.T) {
			p, err := practices.Prepare(nil)
			require.ErrorIs(t, err, model.ErrInvalid)
			require.EqualError(t, err, "practices: Prepare: nil dataset: invalid value")
			require.Nil(t, p)
			p, err = practices.Prepare(&model.Dataset{})
			require.ErrorIs(t, err, model.ErrMissing)
			require.Nil(t, p)
		},
		"PrepareIndex": func(t *testing.T) {
			for name, x := range map[string]*model.Index{"nil": nil, "zero": {}} {
				p, err := practices.PrepareIndex(x)
				require.ErrorIs(t, err, model.ErrInvalid, name)
				require.ErrorContains(t, err, "practices: PrepareIndex: no dataset indexed", name)
				require.Nil(t, p, name)
			}
			// An index validation did not build is validated.
			p, err := practices.PrepareIndex(model.NewIndex(&model.Dataset{}))
			require.ErrorIs(t, err, model.ErrMissing)
			require.Nil(t, p)
		},
		"Program.Check": func(t *testing.T) {
			for name, p := range map[string]*practices.Program{"nil": nil, "zero": {}} {
				rep, err := p.Check(time.Time{}, &pol)
				require.ErrorIs(t, err, model.ErrInvalid, name)
				require.ErrorContains(t, err, "practices: Program.Check: program not made by Prepare", name)
				require.Zero(t, rep.Summary, name)
			}
			p, err := practices.Prepare(loadBase(t))
			require.NoError(t, err)
			_, err = p.Check(time.Time{}, &model.Policy{})
			require.ErrorIs(t, err, practices.ErrPolicy)
			for _, at := range extremeTimes {
				_, err := p.Check(at, &pol)
				require.NoError(t, err)
			}
		},
		"Report.Filter": func(t *testing.T) {
			require.Zero(t, practices.Report{}.Filter().Summary)
			require.Empty(t, practices.Report{}.Filter("", "\x00").Findings)
		},
		"Report.HasViolation": func(t *testing.T) { require.False(t, practices.Report{}.HasViolation()) },
		"RuleByID": func(t *testing.T) {
			_, ok := practices.RuleByID("")
			require.False(t, ok)
		},
		"RuleResult.Fidelity": func(t *testing.T) {
			_, ok := practices.RuleResult{}.Fidelity()
			require.False(t, ok)
		},
		"Rules":                func(t *testing.T) { require.NotEmpty(t, practices.Rules()) },
		"Verdict.HasViolation": func(t *testing.T) { require.False(t, practices.Verdict{}.HasViolation()) },
	})
}
