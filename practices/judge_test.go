package practices

import (
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
)

// TestEveryRuleHasOneJudge: each catalogue entry carries exactly one judge,
// in the shape its unit calls for, and the booking rules (●) are visit
// rules Guard can apply to a proposed visit.
func TestEveryRuleHasOneJudge(t *testing.T) {
	for _, r := range Rules() {
		n := 0
		for _, set := range []bool{r.judgeVisit != nil, r.judgeVisitor != nil, r.judgeUnits != nil} {
			if set {
				n++
			}
		}
		assert.Equalf(t, 1, n, "%s: judges", r.ID)
		switch {
		case r.judgeVisit != nil:
			assert.Equalf(t, VisitUnit, r.Unit, "%s: a visit judge judges visits", r.ID)
		case r.judgeVisitor != nil:
			assert.Equalf(t, VisitEducatorUnit, r.Unit, "%s: a visitor judge judges visit×educator units", r.ID)
		}
		if r.AtBooking {
			assert.Truef(t, r.judgeVisit != nil || r.judgeVisitor != nil, "%s: a booking rule judges a visit", r.ID)
		}
		if r.prepare != nil {
			assert.Truef(t, r.judgeUnits != nil || r.dynamic, "%s: rules judged in Prepare need no prepared facts of their own", r.ID)
		}
		if r.dynamic {
			assert.Nilf(t, r.judgeUnits, "%s: dynamic marks visit judges", r.ID)
		}
	}
}

// TestFixedRulesReadNoPolicy: Prepare judges the visit rules not marked
// dynamic with no policy at all (a nil *model.Policy), so one that read the
// policy would panic here; and their verdicts do not move when a check runs
// under another policy.
func TestFixedRulesReadNoPolicy(t *testing.T) {
	ds := decodeTestdata(t, "testdata/base.json")
	p, err := Prepare(ds)
	require.NoError(t, err)
	asOf := ds.Year.LastDay.AddDays(1).In(ds.Calendar.Location(), model.NewClock(12, 0))
	strict := ds.Policy
	strict.MinNotice = model.Duration(72 * time.Hour)
	strict.ReflectWithin = 1
	a, err := p.Check(asOf, nil)
	require.NoError(t, err)
	b, err := p.Check(asOf, &strict)
	require.NoError(t, err)
	for i, rule := range p.rules {
		if rule.judgeUnits == nil && !rule.dynamic {
			assert.Equalf(t, a.Rules[i], b.Rules[i], "%s moved with the policy", rule.ID)
		}
	}
}

// TestPreparedSumsAreTheVisitsVerdicts: once every completed visit took
// place, a check counts the fixed rules' verdicts summed in Prepare; the
// report is the one counting them visit by visit.
func TestPreparedSumsAreTheVisitsVerdicts(t *testing.T) {
	ds := decodeTestdata(t, "testdata/spec/base.json")
	p, err := Prepare(ds)
	require.NoError(t, err)
	asOf := ds.Year.LastDay.AddDays(1).In(ds.Calendar.Location(), model.NewClock(12, 0))
	summed := p.newRun(asOf, ds.Policy)
	require.True(t, summed.allDone)
	byVisit := p.newRun(asOf, ds.Policy)
	byVisit.allDone = false
	require.Equal(t, byVisit.check(), summed.check())
}

// decodeTestdata decodes a dataset of testdata.
func decodeTestdata(t *testing.T, path string) *model.Dataset {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	ds, err := model.DecodeDataset(path, f)
	require.NoError(t, err)
	return ds
}
