package practices_test

import (
	"bytes"
	"encoding/json"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/practices/practicestest"
	"github.com/homevisits/pthv/synth"
)

// drawAsOf draws a moment from a month before the school year to a month
// after it, so that properties see units pending, due and overdue.
func drawAsOf(t *rapid.T, ds *model.Dataset) time.Time {
	start := ds.Year.Start().AddDays(-30)
	days := ds.Year.LastDay.DaysSince(start) + 60
	d := start.AddDays(rapid.IntRange(0, days).Draw(t, "as_of_day"))
	return d.In(ds.Calendar.Location(), model.Clock(rapid.IntRange(0, 24*60-1).Draw(t, "as_of_minute")))
}

func TestPropCompliantHasNoFindings(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := practicestest.CompliantDataset().Draw(t, "dataset")
		rep, err := practices.Check(ds, practicestest.AsOf(ds), nil)
		require.NoError(t, err)
		require.Empty(t, rep.Findings)
		require.Zero(t, rep.Summary.Violations)
		require.Equal(t, 1.0, rep.Summary.Fidelity)
	})
}

func TestPropViolatingBreaksOnlyThatRule(t *testing.T) {
	for _, r := range practices.Rules() {
		t.Run(r.ID, func(t *testing.T) {
			want := append([]string{r.ID}, practicestest.Implied(r.ID)...)
			slices.Sort(want)
			rapid.Check(t, func(t *rapid.T) {
				ds := practicestest.Violating(r.ID).Draw(t, "dataset")
				rep, err := practices.Check(ds, practicestest.AsOf(ds), nil)
				require.NoError(t, err)
				require.Equal(t, want, ruleIDs(rep), "findings: %+v", rep.Findings)
				// The rule's own severity is among its findings; P4.cross-section
				// may add advisories (the visited set) beside its violation.
				require.True(t, slices.ContainsFunc(findingsOf(rep, r.ID), func(f practices.Finding) bool {
					return f.Severity == r.Severity
				}), "findings: %+v", rep.Findings)
			})
		})
	}
}

// contactStrings lists every name, address, phone number and e-mail of a
// dataset's contacts section.
func contactStrings(ds *model.Dataset) []string {
	var out []string
	add := func(s ...string) {
		for _, x := range s {
			if x != "" {
				out = append(out, x)
			}
		}
	}
	if c := ds.Contacts; c != nil {
		for _, f := range c.Families {
			add(f.Address, f.Phone)
			for _, g := range f.Guardians {
				add(g.Name, g.Phone, g.Email)
			}
		}
		for _, e := range c.Educators {
			add(e.Name, e.Phone, e.Email)
		}
		for _, s := range c.Students {
			add(s.Name)
		}
	}
	return out
}

func TestPropFindingsCarryNoContacts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := practicestest.Dataset().Draw(t, "dataset")
		contacts := contactStrings(ds)
		require.NotEmpty(t, contacts)
		rep, err := practices.Check(ds, drawAsOf(t, ds), nil)
		require.NoError(t, err)
		for _, f := range rep.Findings {
			for _, c := range contacts {
				require.NotContains(t, f.Message, c)
				for _, id := range f.Records {
					require.NotContains(t, id, c)
				}
			}
		}
		whole, err := json.Marshal(rep)
		require.NoError(t, err)
		for _, c := range contacts {
			require.NotContains(t, string(whole), c)
		}
	})
}

// TestContactsNeverInBaseFindings checks the hand-written contacts of the
// base dataset against a report full of findings.
func TestContactsNeverInBaseFindings(t *testing.T) {
	ds := loadBase(t)
	removeVisitor(t, ds, "V4", "E-LI")
	ds.Schools[0].Coordinator = "E-PR"
	visitOf(t, ds, "V1").Reflection = nil
	rep := check(t, ds, afterYear)
	require.NotEmpty(t, rep.Findings)
	whole, err := json.Marshal(rep)
	require.NoError(t, err)
	for _, c := range contactStrings(ds) {
		require.NotContains(t, string(whole), c)
	}
}

// atBooking lists the ● rules, which Guard applies.
func atBooking() []string {
	var ids []string
	for _, r := range practices.Rules() {
		if r.AtBooking {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// TestPropGuardAgreesWithCheck: a visit Guard accepts on a ● rule never
// gets that rule from Check. Each visit that took place is proposed to
// Guard as it was booked (at its arranged-at, or at its start when that
// was not recorded).
func TestPropGuardAgreesWithCheck(t *testing.T) {
	booking := atBooking()
	require.NotEmpty(t, booking)
	rapid.Check(t, func(t *rapid.T) {
		ds := practicestest.Dataset().Draw(t, "dataset")
		asOf := practicestest.AsOf(ds)
		if rapid.Bool().Draw(t, "mid_year") {
			asOf = drawAsOf(t, ds)
		}
		rep, err := practices.Check(ds, asOf, nil)
		require.NoError(t, err)
		checked := map[model.VisitID][]string{}
		for _, f := range rep.Findings {
			if len(f.Records) > 0 {
				id := model.VisitID(f.Records[0])
				checked[id] = append(checked[id], f.Rule)
			}
		}
		x := model.NewIndex(ds)
		for _, v := range ds.Visits {
			if v.Status != model.Completed || v.Start.After(asOf) {
				continue
			}
			booked := v.ArrangedAt
			if booked.IsZero() {
				booked = v.Start
			}
			verdict, err := practices.Guard(x, v, booked, nil)
			require.NoError(t, err)
			var guarded []string
			for _, f := range verdict.Findings {
				require.Contains(t, booking, f.Rule, "Guard applies only ● rules")
				require.Equal(t, string(v.ID), f.Records[0])
				guarded = append(guarded, f.Rule)
			}
			for _, rule := range booking {
				if !slices.Contains(guarded, rule) {
					require.NotContainsf(t, checked[v.ID], rule, "Guard accepted visit %s on %s, Check found it", v.ID, rule)
				}
			}
			require.Equal(t, slices.ContainsFunc(verdict.Findings, func(f practices.Finding) bool {
				return f.Severity == practices.Violation
			}), verdict.HasViolation())
		}
	})
}

// TestPropCheckAccountsForEveryVisit: Check never panics or fails on valid
// data, every visit is a unit of P5.pair or is not one for a stated
// reason, and the report's counts add up.
func TestPropCheckAccountsForEveryVisit(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := practicestest.Dataset().Draw(t, "dataset")
		asOf := drawAsOf(t, ds)
		pol := ds.Policy
		for _, r := range practices.Rules() {
			if r.Severity == practices.Advisory && rapid.IntRange(0, 9).Draw(t, "off") == 0 {
				pol.Off = append(pol.Off, r.ID)
			}
		}
		rep, err := practices.Check(ds, asOf, &pol)
		require.NoError(t, err)

		var tookPlace, unrecorded, toCome int
		for _, v := range ds.Visits {
			open := v.Status == model.Scheduled || v.Status == model.Proposed
			switch {
			case v.Status == model.Completed && !v.Start.After(asOf):
				tookPlace++
			case open && v.Start.After(asOf):
				toCome++
			case open:
				unrecorded++
			}
		}
		pair := ruleResult(t, rep, "P5.pair")
		require.Equal(t, tookPlace, pair.Assessable, "each visit that took place is judged")
		require.Equal(t, unrecorded, pair.NotAssessable, "each past visit with no outcome is not assessable")
		require.Equal(t, toCome, pair.Pending, "each visit still to come is pending")
		require.Equal(t, len(ds.Visits), rep.Summary.Visits)

		perRule := map[string][3]int{}
		for _, f := range rep.Findings {
			c := perRule[f.Rule]
			switch f.Severity {
			case practices.Violation:
				c[0]++
			case practices.Advisory:
				c[1]++
			default:
				c[2]++
			}
			perRule[f.Rule] = c
			require.True(t, strings.HasSuffix(f.Message, "("+f.Rule+")"))
			require.NotEmpty(t, f.Records)
			require.NotContains(t, pol.Off, f.Rule)
		}
		var v, a, d int
		for _, r := range rep.Rules {
			c := perRule[r.Rule]
			require.Equal(t, c, [3]int{r.Violations, r.Advisories, r.Data}, r.Rule)
			require.Equal(t, r.Assessable, r.Passed+r.Violations+r.Advisories+r.Data, r.Rule)
			require.Equal(t, slices.Contains(pol.Off, r.Rule), r.Off, r.Rule)
			v, a, d = v+r.Violations, a+r.Advisories, d+r.Data
		}
		require.Equal(t, [3]int{v, a, d}, [3]int{rep.Summary.Violations, rep.Summary.Advisories, rep.Summary.Data})
		require.Equal(t, rep.Summary.Violations > 0, rep.HasViolation())
		require.GreaterOrEqual(t, rep.Summary.Fidelity, 0.0)
		require.LessOrEqual(t, rep.Summary.Fidelity, 1.0)
		schools := 0
		for _, s := range rep.Schools {
			schools += s.Violations
			require.LessOrEqual(t, s.Coverage.StudentsVisited, s.Coverage.Students)
			require.LessOrEqual(t, s.Coverage.FamiliesVisited, s.Coverage.Families)
		}
		// A unit is counted under each of its schools and once in the
		// district (RULES.md, "Which school a unit counts under").
		listed, units := 0, 0
		for _, f := range rep.Findings {
			if f.Severity == practices.Violation {
				listed += len(f.Schools)
				units++
			}
		}
		require.Equal(t, listed, schools)
		require.Equal(t, rep.Summary.Violations, units)
	})
}

// TestPropCheckIsDeterministic: the same records give byte-identical
// reports, including after a round trip through JSON.
func TestPropCheckIsDeterministic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := practicestest.Dataset().Draw(t, "dataset")
		asOf := drawAsOf(t, ds)
		report := func(ds *model.Dataset) []byte {
			rep, err := practices.Check(ds, asOf, nil)
			require.NoError(t, err)
			b, err := json.Marshal(rep)
			require.NoError(t, err)
			return b
		}
		first := report(ds)
		require.Equal(t, string(first), string(report(ds)))
		var buf bytes.Buffer
		require.NoError(t, model.EncodeDataset(&buf, ds, model.EncodeOptions{}))
		back, err := model.DecodeDataset("roundtrip.json", &buf)
		require.NoError(t, err)
		require.Equal(t, string(first), string(report(back)))
	})
}

// TestCheckIsTheSameOnAnyCoreCount: rules and the visit pass are judged on
// every core; the report must not depend on how many there are.
func TestCheckIsTheSameOnAnyCoreCount(t *testing.T) {
	ds, err := synth.District(synth.DefaultConfig(), 3)
	require.NoError(t, err)
	asOf := ds.Year.LastDay.AddDays(1).In(ds.Calendar.Location(), model.NewClock(12, 0))
	one := reportOnCores(t, ds, asOf, 1)
	require.Contains(t, one, `"findings":[{`, "the district has findings to order")
	for _, procs := range []int{2, 3, 8} {
		require.Equal(t, one, reportOnCores(t, ds, asOf, procs), "GOMAXPROCS %d", procs)
	}
	rapid.Check(t, func(t *rapid.T) {
		ds := practicestest.Dataset().Draw(t, "dataset")
		asOf := drawAsOf(t, ds)
		procs := rapid.IntRange(2, 8).Draw(t, "procs")
		require.Equal(t, reportOnCores(t, ds, asOf, 1), reportOnCores(t, ds, asOf, procs))
	})
}

// reportOnCores returns the JSON report of ds checked with GOMAXPROCS procs.
func reportOnCores(t require.TestingT, ds *model.Dataset, asOf time.Time, procs int) string {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	rep, err := practices.Check(ds, asOf, nil)
	require.NoError(t, err)
	b, err := json.Marshal(rep)
	require.NoError(t, err)
	return string(b)
}
