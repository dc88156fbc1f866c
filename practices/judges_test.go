package practices

import (
	"sync"
	"testing"
	"time"

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
	ds, p := preparedDistrict(t, 5)
	asOf := yearEndAnd(ds, 0)[0]
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

// preparedDistrict returns a synthetic district of the default
// configuration and its prepared program.
func preparedDistrict(t *testing.T, seed uint64) (*model.Dataset, *Program) {
	t.Helper()
	ds, err := synth.District(synth.DefaultConfig(), seed)
	require.NoError(t, err)
	p, err := Prepare(ds)
	require.NoError(t, err)
	return ds, p
}

// yearEndAnd returns noon on the day after ds's school year, when every
// unit is due, and noon on the given day of the year, when many are not.
func yearEndAnd(ds *model.Dataset, day int) []time.Time {
	loc := ds.Calendar.Location()
	return []time.Time{
		ds.Year.LastDay.AddDays(1).In(loc, model.NewClock(12, 0)),
		ds.Year.FirstDay.AddDays(day).In(loc, model.NewClock(12, 0)),
	}
}

// TestPreparedAuditsAreWhatACheckWouldCompute: a check reuses the audits
// Prepare made of the invited families, and of the visited ones once every
// completed visit has taken place. Without them it must find the same.
func TestPreparedAuditsAreWhatACheckWouldCompute(t *testing.T) {
	ds, p := preparedDistrict(t, 7)
	for _, asOf := range yearEndAnd(ds, 100) {
		want, err := p.Check(asOf, ds.Policy)
		require.NoError(t, err)
		fresh, err := Prepare(ds)
		require.NoError(t, err)
		// Nothing prepared to reuse: the check finds its visited families
		// and audits every set itself.
		fresh.visitedFamilyCount = -1
		for _, gs := range fresh.inviteGroups {
			for _, g := range gs {
				g.audit, g.completed = nil, nil
			}
		}
		got, err := fresh.Check(asOf, ds.Policy)
		require.NoError(t, err)
		require.Equal(t, want, got, "as of %s", asOf)
	}
	reused := 0
	for _, gs := range p.inviteGroups {
		for _, g := range gs {
			if g.visitedAudit != nil {
				reused++
			}
		}
	}
	require.NotZero(t, reused, "the year-end check reused prepared audits")
}

// TestEveryRuleIsJudgedOnce: every rule of the catalogue is judged by a
// check or is a fixed rule judged in Prepare — never both, never neither —
// and nothing is judged that the catalogue does not list.
func TestEveryRuleIsJudgedOnce(t *testing.T) {
	judged, fixed := judges(), fixedJudges()
	ids := map[string]bool{}
	for _, r := range catalogue() {
		ids[r.ID] = true
		_, j := judged[r.ID]
		_, f := fixed[r.ID]
		require.True(t, j != f, "%s: judged by a check %v, fixed %v", r.ID, j, f)
	}
	for id := range judged {
		require.True(t, ids[id], "judge for unknown rule %s", id)
	}
	for id := range fixed {
		require.True(t, ids[id], "fixed judge for unknown rule %s", id)
	}
}

// TestFixedRulesReadNoPolicy: Prepare judges the fixed rules once for every
// check to come, which is right only while their verdicts depend on the
// dataset alone. Their judges are given no date; here the dataset's policy
// is replaced by the zero policy and the verdicts must not move.
func TestFixedRulesReadNoPolicy(t *testing.T) {
	ds, p := preparedDistrict(t, 3)
	verdicts := func() (counts [][]unitCount, found [][]fixedFinding) {
		for i := range p.visits {
			counts = append(counts, p.visits[i].counts)
			found = append(found, p.visits[i].found)
		}
		return counts, found
	}
	wantCounts, wantFound := verdicts()
	findings := 0
	for _, f := range wantFound {
		findings += len(f)
	}
	require.NotZero(t, findings, "the dataset should give fixed findings")
	ds.Policy = model.Policy{}
	p.judgeFixed()
	gotCounts, gotFound := verdicts()
	require.Equal(t, wantCounts, gotCounts)
	require.Equal(t, wantFound, gotFound)
}

// TestReflectionDeadlinesFollowTheCheckPolicy: Prepare works out each
// visit's reflection deadline under the dataset's policy; a check under
// another window must judge as a program prepared under that window does,
// at the end of the year and while windows are still open.
func TestReflectionDeadlinesFollowTheCheckPolicy(t *testing.T) {
	ds, p := preparedDistrict(t, 4)
	for _, asOf := range yearEndAnd(ds, 120) {
		base, err := p.Check(asOf, ds.Policy)
		require.NoError(t, err)
		for _, within := range []model.Days{1, 2, 30} {
			pol := ds.Policy
			pol.ReflectWithin = within
			got, err := p.Check(asOf, pol)
			require.NoError(t, err)
			other := *ds
			other.Policy = pol
			q, err := Prepare(&other)
			require.NoError(t, err)
			want, err := q.Check(asOf, pol)
			require.NoError(t, err)
			require.Equal(t, want, got, "window %s as of %s", within, asOf)
			require.NotEqual(t, base.Rules[p.rule("P5.reflection")], got.Rules[p.rule("P5.reflection")],
				"window %s as of %s should change P5.reflection", within, asOf)
		}
	}
}

// TestProgramChecksAtOnce: a prepared program may be checked from several
// goroutines at once (a district system serving many requests); each check
// gets the report a check on its own gets. Run under -race, this also shows
// the checks share nothing they write.
func TestProgramChecksAtOnce(t *testing.T) {
	ds, p := preparedDistrict(t, 9)
	dates := append(yearEndAnd(ds, 60), yearEndAnd(ds, 200)[1])
	want := make([]Report, len(dates))
	for i, asOf := range dates {
		rep, err := p.Check(asOf, ds.Policy)
		require.NoError(t, err)
		want[i] = rep
	}
	// A fresh program, so that the checks also race to make the audits
	// it makes on first use.
	fresh, err := Prepare(ds)
	require.NoError(t, err)
	got := make([]Report, 3*len(dates))
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() {
			rep, err := fresh.Check(dates[i%len(dates)], ds.Policy)
			if err == nil {
				got[i] = rep
			}
		})
	}
	wg.Wait()
	for i, rep := range got {
		require.Equal(t, want[i%len(dates)], rep, "check %d as of %s", i, dates[i%len(dates)])
	}
}
