package schedule

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// assignIDsOracle returns the ids assignIDs gives p's visits, by its rule
// read plainly: a visit's id is the first of base, base.2, base.3, …
// that no visit of the dataset (looked up in a fresh index) and no
// earlier visit of the plan has.
func (p *problem) assignIDsOracle() []model.VisitID {
	x := model.NewIndex(p.ds)
	prefix := p.opt.IDPrefix
	if prefix == "" {
		prefix = "SCH-"
	}
	ids := make([]model.VisitID, len(p.visits))
	mine := map[model.VisitID]bool{}
	for vi := range p.visits {
		if id := p.visits[vi].id; id != "" {
			ids[vi], mine[id] = id, true
		}
	}
	taken := func(id model.VisitID) bool {
		_, ok := x.Visit(id)
		return ok || mine[id]
	}
	for vi := range p.visits {
		if ids[vi] != "" {
			continue
		}
		v := &p.visits[vi]
		n := 1
		if v.second {
			n = 2
		}
		base := prefix + string(p.fams[v.fam].id) + "-" + strconv.Itoa(n)
		id := model.VisitID(base)
		for k := 2; taken(id); k++ {
			id = model.VisitID(base + "." + strconv.Itoa(k))
		}
		ids[vi], mine[id] = id, true
	}
	return ids
}

// TestAssignIDsMatchesOracle: assignIDs, which looks among the dataset's
// visits only at the ids that begin with the prefix, gives the ids of its
// oracle, which looks every candidate up in an index of them all — on
// synthetic schools whose record holds ids a plan would make, and their
// next ones, beside ids of other prefixes.
func TestAssignIDsMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := drawSchool(t)
		asOf := ds.Year.FirstDay.In(ds.Calendar.Location(), model.NewClock(8, 0))
		opt := Options{IDPrefix: rapid.SampledFrom([]string{"", "SCH-", "R-", "SCH"}).Draw(t, "prefix")}
		p, err := newProblem(ds, asOf, opt, nil, nil, nil)
		require.NoError(t, err)
		// Ids a plan would make, in the record after the problem is built
		// (so that its visits stay the ones to place).
		for _, f := range p.fams {
			for range rapid.IntRange(0, 3).Draw(t, "taken of "+string(f.id)) {
				id := rapid.SampledFrom([]string{"SCH-", "R-", "SCH", ""}).Draw(t, "its prefix") + string(f.id) + "-" +
					rapid.SampledFrom([]string{"1", "2", "1.2", "1.3", "2.2"}).Draw(t, "its end")
				ds.Visits = append(ds.Visits, model.Visit{ID: model.VisitID(id), Family: f.id})
			}
		}
		if len(p.visits) > 0 && rapid.Bool().Draw(t, "an id kept") {
			p.visits[0].id = model.VisitID(rapid.SampledFrom([]string{"SCH-", "R-"}).Draw(t, "kept prefix") + string(p.fams[p.visits[0].fam].id) + "-1")
		}
		want := p.assignIDsOracle()
		p.assignIDs()
		got := make([]model.VisitID, len(p.visits))
		for vi := range p.visits {
			got[vi] = p.visits[vi].id
		}
		require.Equal(t, want, got)
	})
}

// TestPlannerForgetsItsIDs: a Planner's set of taken ids, kept from run
// to run, holds none of a run's ids after it — runs of one prefix give
// the ids Plan gives, while the record gains ids a plan would make.
func TestPlannerForgetsItsIDs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := drawSchool(t)
		asOf := ds.Year.FirstDay.In(ds.Calendar.Location(), model.NewClock(8, 0))
		pl := NewPlanner(ds)
		opt := Options{Method: Heuristic}
		for round := range rapid.IntRange(1, 3).Draw(t, "rounds") {
			want, err := Plan(ds, asOf, opt)
			require.NoError(t, err)
			got, err := pl.Plan(asOf, opt)
			require.NoError(t, err)
			require.Equal(t, want, got, "round %d", round)
			require.Empty(t, pl.taken, "round %d", round)
			for _, f := range ds.Families {
				if rapid.IntRange(0, 3).Draw(t, "taken of "+string(f.ID)) == 0 {
					ds.Visits = append(ds.Visits, model.Visit{ID: model.VisitID("SCH-" + string(f.ID) + "-1"), Family: f.ID, Status: model.Cancelled})
				}
			}
		}
	})
}
