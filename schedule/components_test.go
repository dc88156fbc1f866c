package schedule

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// componentsOracle is components as first written: the families joined
// by a map of each educator's first family, their visits grouped by a map
// of roots.
func (p *problem) componentsOracle() [][]int32 {
	parent := make([]int32, len(p.fams))
	for i := range parent {
		parent[i] = int32(i)
	}
	var find func(int32) int32
	find = func(i int32) int32 {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	owner := map[int32]int32{}
	for i := range p.fams {
		f := &p.fams[i]
		if f.reason != "" {
			continue
		}
		for _, e := range f.team {
			if o, ok := owner[e]; ok {
				a, b := find(o), find(int32(i))
				if a != b {
					parent[max(a, b)] = min(a, b)
				}
			} else {
				owner[e] = int32(i)
			}
		}
	}
	if p.budget { // one budget links every family
		for i := range parent {
			parent[i] = 0
		}
	}
	groups := map[int32][]int32{}
	var roots []int32
	for vi := range p.visits {
		v := &p.visits[vi]
		if v.fixed {
			continue
		}
		r := find(v.fam)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], int32(vi))
	}
	slices.Sort(roots)
	out := make([][]int32, len(roots))
	for i, r := range roots {
		out[i] = groups[r]
	}
	return out
}

// TestComponentsMatchOracle: components groups the visits as the oracle
// does — synthetic schools whose families are visited by pairs drawn
// from their educators (some by one alone, which links nothing), with and
// without a budget, some visits fixed as a repair fixes them.
func TestComponentsMatchOracle(t *testing.T) {
	several := 0
	rapid.Check(t, func(t *rapid.T) {
		ds := drawSchool(t)
		ids := make([]model.EducatorID, len(ds.Educators))
		for i := range ds.Educators {
			ids[i] = ds.Educators[i].ID
		}
		opt := Options{Visitors: map[model.FamilyID][]model.EducatorID{}}
		for _, f := range ds.Families {
			opt.Visitors[f.ID] = rapid.SliceOfNDistinct(rapid.SampledFrom(ids), 1, 2, func(id model.EducatorID) model.EducatorID { return id }).Draw(t, "visitors")
		}
		if rapid.Bool().Draw(t, "budget") {
			opt.BudgetCents = 10000
		}
		var all []model.FamilyID
		for _, f := range ds.Families {
			all = append(all, f.ID)
		}
		p, err := newProblem(ds, ds.Year.FirstDay.In(ds.Calendar.Location(), 0), opt, nil, nil, all)
		require.NoError(t, err)
		for vi := range p.visits {
			p.visits[vi].fixed = rapid.IntRange(0, 3).Draw(t, "fixed") == 0
		}
		want := p.componentsOracle()
		require.Equal(t, want, p.components())
		if len(want) > 1 {
			several++
		}
	})
	require.Positive(t, several, "some schools must have several components")
}
