package schedule

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// classOrderBySort is best's order of the classes of days as first
// written: every class with an ideal, in and out of season, stable-sorted
// by problem.less. classOrder must give the same.
func (p *problem) classOrderBySort(ideals [7][2]ideal) []class {
	classes := make([]class, 0, 28)
	for wd := range 7 {
		for sch := range 2 {
			id := ideals[wd][sch]
			if !id.ok {
				continue
			}
			for m := int32(0); m < 2; m++ {
				classes = append(classes, class{k: key{miss: m, cents: id.c.cents, cost: id.c.cost, pref: id.c.pref}, wd: wd, sch: sch})
			}
		}
	}
	slices.SortStableFunc(classes, func(a, b class) int {
		switch {
		case p.less(a.k, b.k):
			return -1
		case p.less(b.k, a.k):
			return 1
		}
		return 0
	})
	return classes
}

// TestClassOrderIsTheSort: with or without a budget, and with ideals that
// tie on pay, minutes and rank (small ranges make ties common), the
// order best scans classes in is the stable sort of the classes.
func TestClassOrderIsTheSort(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := &problem{budget: rapid.Bool().Draw(t, "budget")}
		var ideals [7][2]ideal
		for wd := range 7 {
			for sch := range 2 {
				if !rapid.Bool().Draw(t, "ok") {
					continue
				}
				ideals[wd][sch] = ideal{ok: true, c: cand{
					cents: rapid.Int64Range(0, 3).Draw(t, "cents"),
					cost:  rapid.Int32Range(0, 3).Draw(t, "cost"),
					pref:  rapid.Int32Range(0, 2).Draw(t, "pref"),
					start: rapid.Int32Range(0, 600).Draw(t, "start"),
				}}
			}
		}
		var buf [28]class
		require.Equal(t, p.classOrderBySort(ideals), p.classOrder(ideals, &buf))
	})
}
