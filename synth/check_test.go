package synth_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/internal/asof"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/practices/practicestest"
	"github.com/homevisits/pthv/synth"
)

// check returns the rule ids of practices.Check's findings on ds as of t.
func check(t require.TestingT, ds *model.Dataset, asOf time.Time) []string {
	rep, err := practices.Check(ds, asOf, nil)
	require.NoError(t, err)
	var ids []string
	for _, f := range rep.Findings {
		ids = append(ids, f.Rule+": "+f.Message)
	}
	return ids
}

// TestCompliantDistrictPassesCheck: the catalogue finds nothing at all —
// no violation, advisory or data finding — in a compliant district, at the
// end of its year and on any day of it, judged on the records known that
// day.
func TestCompliantDistrictPassesCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  func() synth.Config
	}{{"default", synth.DefaultConfig}, {"medium", medium}} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg()
			cfg.Deviations = synth.Compliant()
			ds := build(t, cfg, 9)
			loc := ds.Calendar.Location()
			require.Empty(t, check(t, ds, ds.Year.LastDay.AddDays(1).In(loc, model.NewClock(12, 0))))
			for d := ds.Year.Start().AddDays(20); !d.After(ds.Year.LastDay.AddDays(20)); d = d.AddDays(17) {
				at := d.In(loc, model.NewClock(18, 0))
				require.Empty(t, check(t, asof.Records(ds, at), at), "as of %s", d)
			}
		})
	}
}

// TestCompliantDistrictsPassCheck draws small districts of every shape.
func TestCompliantDistrictsPassCheck(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := configGen().Draw(t, "cfg")
		cfg.Deviations = synth.Compliant()
		ds, err := synth.District(cfg, rapid.Uint64().Draw(t, "seed"))
		require.NoError(t, err)
		loc := ds.Calendar.Location()
		day := ds.Year.Start().AddDays(rapid.IntRange(0, ds.Year.LastDay.DaysSince(ds.Year.Start())+30).Draw(t, "as_of_day"))
		at := day.In(loc, model.Clock(rapid.IntRange(0, 24*60-1).Draw(t, "as_of_minute")))
		require.Empty(t, check(t, asof.Records(ds, at), at), "as of %s", at)
	})
}

// TestDeviationsBreakTheirRule plants one deviation at a time, with no
// everyday lapses, and expects the catalogue to find that rule and the
// rules it implies, and nothing else; and the everyday lapses alone only
// advisories.
func TestDeviationsBreakTheirRule(t *testing.T) {
	for i, name := range append(deviationNames, "Lapses") {
		t.Run(name, func(t *testing.T) {
			cfg := medium()
			cfg.Schools = 10
			cfg.Deviations = synth.Compliant()
			*deviationRates(&cfg.Deviations)[i] = 0.1
			ds := build(t, cfg, 4)
			rep, err := practices.Check(ds, ds.Year.LastDay.AddDays(1).In(ds.Calendar.Location(), model.NewClock(12, 0)), nil)
			require.NoError(t, err)
			found := map[string]bool{}
			for _, f := range rep.Findings {
				found[f.Rule] = true
				if name == "Lapses" {
					require.Equal(t, practices.Advisory, f.Severity, "%s: %s", f.Rule, f.Message)
				}
			}
			if name == "Lapses" {
				require.NotEmpty(t, found)
				return
			}
			var want []string
			for rule := range cfg.Deviations.ByRule() {
				want = append(want, rule)
				want = append(want, practicestest.Implied(rule)...)
			}
			var got []string
			for rule := range found {
				got = append(got, rule)
			}
			require.ElementsMatch(t, want, got)
		})
	}
}

// deviationNames are synth's planted breaches, in the order deviationRates
// gives their rates (the everyday Lapses last, after them).
var deviationNames = []string{"Solo", "DropIn", "Untrained", "NotOptedIn", "NoConsent", "AfterDecline",
	"AgendaOnFirst", "NoReflection", "Unpaid", "Targeted", "Mandate"}

// deviationRates returns the rates of d's planted breaches, in the order of
// deviationNames, then the rate of its everyday lapses.
func deviationRates(d *synth.Deviations) []*float64 {
	return []*float64{&d.Solo, &d.DropIn, &d.Untrained, &d.NotOptedIn, &d.NoConsent, &d.AfterDecline,
		&d.AgendaOnFirst, &d.NoReflection, &d.Unpaid, &d.Targeted, &d.Mandate, &d.Lapses}
}
