package practices

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/synth"
)

// TestJudgesTouchOnlyTheirOwnRule: Check judges rules side by side, each
// on its own core, sharing the tally and the findings; that is safe only
// because a judge (and the visit rules it sets up) counts and reports
// nothing but its own rule. Every rule is judged alone here and the other
// rules' rows must stay empty.
func TestJudgesTouchOnlyTheirOwnRule(t *testing.T) {
	cfg := synth.DefaultConfig()
	ds, err := synth.District(cfg, 5)
	require.NoError(t, err)
	p, err := Prepare(ds)
	require.NoError(t, err)
	asOf := ds.Year.LastDay.AddDays(1).In(ds.Calendar.Location(), model.NewClock(12, 0))
	for i, rule := range p.rules {
		r := p.newRun(asOf, ds.Policy)
		rule.judge(r)
		r.runVisitPass()
		touched := false
		for j := range p.rules {
			for s := range r.cols {
				if j != i {
					require.Zero(t, r.counts(j, s), "%s counted for %s", rule.ID, p.rules[j].ID)
				} else if r.counts(j, s) != (counts{}) {
					touched = true
				}
			}
			if j != i {
				require.Zero(t, r.findings[j].len(), "%s reported for %s", rule.ID, p.rules[j].ID)
			}
		}
		for _, vr := range r.visitPass {
			require.Equal(t, i, vr.rule, "%s set up a visit rule for another", rule.ID)
		}
		require.True(t, touched || r.findings[i].len() > 0, "%s judged nothing", rule.ID)
	}
}
