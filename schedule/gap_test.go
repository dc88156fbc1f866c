package schedule_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/schedule"
)

// gapStats sums how far the heuristic falls short of the optimum.
type gapStats struct {
	instances, exact                            int
	firstShort, secondShort, worse              int
	firstLost, secondLost, missExtra, minsExtra int
	optFirst, optSecond                         int
}

func (g *gapStats) add(h, opt schedule.Objective) {
	g.exact++
	g.optFirst += opt.FirstVisits
	g.optSecond += opt.SecondVisits
	if d := opt.FirstVisits - h.FirstVisits; d > 0 {
		g.firstShort++
		g.firstLost += d
	}
	if h.FirstVisits == opt.FirstVisits {
		if d := opt.SecondVisits - h.SecondVisits; d > 0 {
			g.secondShort++
			g.secondLost += d
		}
	}
	if lexicographic(h) != lexicographic(opt) {
		g.worse++
		if h.FirstVisits == opt.FirstVisits && h.SecondVisits == opt.SecondVisits {
			g.missExtra += h.SeasonMisses - opt.SeasonMisses
			g.minsExtra += h.MinutesOutside - opt.MinutesOutside
		}
	}
}

// TestHeuristicGap measures the heuristic against the optimum on generated
// instances whose optimum is known: small ones by exhaustive search, larger
// ones (20–40 families) by the exact method where it finishes. The
// heuristic must reach the optimum number of first visits on the small
// ones; the rest is reported (go test -v -run TestHeuristicGap).
func TestHeuristicGap(t *testing.T) {
	var small, medium gapStats
	tiny := rapid.Custom(tinySpec)
	for seed := range 300 {
		sp := tiny.Example(seed)
		ds := build(sp)
		want := exhaustive(ds, sp, time.Hour)
		h, err := schedule.Plan(ds, sp.AsOf, schedule.Options{Teams: teams(sp), Step: time.Hour, Method: schedule.Heuristic})
		require.NoError(t, err)
		small.instances++
		small.add(h.Objective, want)
		require.Equal(t, want.FirstVisits, h.Objective.FirstVisits, "seed %d", seed)
	}
	mid := rapid.Custom(midSpec(0))
	for seed := range 60 {
		sp := mid.Example(seed)
		ds := build(sp)
		opt := schedule.Options{Teams: teams(sp), Method: schedule.Heuristic}
		h, err := schedule.Plan(ds, sp.AsOf, opt)
		require.NoError(t, err)
		opt.Method, opt.NodeLimit = schedule.Exact, 200000
		e, err := schedule.Plan(ds, sp.AsOf, opt)
		require.NoError(t, err)
		medium.instances++
		if e.Proven {
			medium.add(h.Objective, e.Objective)
		}
	}
	report := func(name string, g gapStats) {
		t.Logf("%s: %d instances, optimum known for %d (%d first and %d second visits in all)", name, g.instances, g.exact, g.optFirst, g.optSecond)
		t.Logf("  heuristic short of the optimum: first visits in %d instances (%d visits), second visits in %d (%d visits); worse anywhere in the objective in %d (with equal counts: %d season misses and %d minutes more)",
			g.firstShort, g.firstLost, g.secondShort, g.secondLost, g.worse, g.missExtra, g.minsExtra)
	}
	report("small (1–3 families, exhaustive search)", small)
	report("medium (20–40 families, exact search)", medium)
}
