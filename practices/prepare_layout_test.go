package practices

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/synth"
)

// TestPropPreparedLayoutAgreesWithOracle: on a synthetic district large
// enough that Prepare reads its families in several batches and cuts its
// fixed verdicts from many blocks, each family's facts and each visit's
// fixed verdicts are those worked out for it alone, the obvious way — so
// that a fact lost or shifted where one batch or block ends and the next
// begins shows here.
func TestPropPreparedLayoutAgreesWithOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := synth.DefaultConfig()
		cfg.Schools = rapid.IntRange(5, 6).Draw(t, "schools")
		cfg.StudentsPerSchool = rapid.IntRange(500, 650).Draw(t, "studentsPerSchool")
		ds, err := synth.District(cfg, rapid.Uint64().Draw(t, "seed"))
		require.NoError(t, err)
		// The generator records held visits only: some of them become
		// visits not yet held, which Prepare places and counts apart.
		open := rapid.IntRange(0, 8).Draw(t, "open")
		for i := range ds.Visits {
			if v := &ds.Visits[i]; i%23 < open {
				v.Status = []model.VisitStatus{model.Scheduled, model.Proposed}[i%2]
			}
		}
		preparedLayoutAgrees(t, ds)
	})
}

// preparedLayoutAgrees compares the facts Prepare works out for ds with
// those worked out for each family and visit alone.
func preparedLayoutAgrees(t require.TestingT, ds *model.Dataset) {
	require.Greater(t, len(ds.Families), familyBatch, "families of one batch only")
	p, err := Prepare(ds)
	require.NoError(t, err)
	var active []int32
	for k := range ds.Families {
		recs := indexview.FamilyRecordsAt(p.x, k)
		f := &p.families[k]
		var schools []int32
		for _, st := range recs.Students {
			if s := p.studentSchool[st]; int(s) != p.noSchool() && !slices.Contains(schools, s) {
				schools = append(schools, s)
			}
		}
		slices.Sort(schools)
		require.True(t, slices.Equal(schools, f.schools), "family %d: schools %v, want %v", k, f.schools, schools)
		if !hasActivity(recs) {
			require.Nil(t, f.activity, "family %d", k)
			continue
		}
		active = append(active, int32(k))
		require.NotNil(t, f.activity, "family %d", k)
		require.Equal(t, recs.Students, f.studentPos)
		require.Same(t, &ds.Families[k], f.family)
		var ids []model.StudentID
		for _, st := range recs.Students {
			ids = append(ids, ds.Students[st].ID)
		}
		if len(recs.Visits) > 0 {
			require.True(t, slices.Equal(ids, f.students), "family %d: students %v, want %v", k, f.students, ids)
		} else {
			require.Nil(t, f.students, "family %d", k)
		}
		// A student is found among the family's as in the index of every
		// student; another family's, or an unknown id, by the index.
		others := append(ids, "no such student")
		if y := indexview.YoungestAt(p.x, k-1); k > 0 && y >= 0 {
			others = append(others, ds.Students[y].ID)
		}
		for _, id := range others {
			want, ok := indexview.StudentPosition(p.x, id)
			got, gotOK := p.studentPos(f, id)
			require.Equal(t, ok, gotOK, "family %d: student %s", k, id)
			require.Equal(t, int32(want), got, "family %d: student %s", k, id)
		}
		require.Equal(t, indexview.PointersAt(ds.Invitations, recs.Invitations), f.invitations, "family %d", k)
		require.Equal(t, recs.Visits, f.visitPos, "family %d", k)
		// Each visit's consent standing is that of the family's history.
		for _, i := range recs.Visits {
			want := consentOf(indexview.ConsentHistoryAt(p.x, k), ds.Year.ID, &ds.Visits[i])
			require.Equal(t, want, p.visits[i].consent, "family %d: visit %d", k, i)
		}
		require.Equal(t, indexview.PointersAt(ds.Communications, recs.Communications), f.comms, "family %d", k)
		require.Equal(t, recs.Withdrawals, f.withdrawals, "family %d", k)
		for i, inv := range f.invitations {
			require.Equal(t, p.studentsIn(f, inv.Students), f.invSchools[i], "family %d", k)
		}
		// A message is a record of its educator's school when that is
		// one of the family's, else of the family's schools.
		for _, c := range f.comms {
			want := f.schools
			if e, ok := p.x.Educator(c.Educator); ok && slices.Contains(f.schools, int32(p.schoolOf(e.School))) {
				want = []int32{int32(p.schoolOf(e.School))}
			}
			require.True(t, slices.Equal(want, p.messageSchools(f, c)), "family %d: message schools %v, want %v", k, p.messageSchools(f, c), want)
		}
	}
	require.Equal(t, active, p.active)
	years := studentYearsOracle(p)
	require.Equal(t, len(years), len(p.studentYears))
	for i, u := range years {
		got := p.studentYears[i]
		require.True(t, u.f == got.f && u.k == got.k && u.first == got.first && u.second == got.second &&
			u.firstAt == got.firstAt && u.secondAt == got.secondAt && slices.Equal(u.schools, got.schools),
			"student-year %d: %s of family %s", i, u.key(), u.f.id())
	}
	verdicts := 0
	for i := range p.visits {
		vf := &p.visits[i]
		if !vf.done {
			require.Nil(t, p.prepared[i].fixed)
			continue
		}
		var want fixedNotes
		c := visitCtx{visitFacts: vf, p: p}
		for _, rule := range p.fixed {
			rl := &p.rules[rule]
			c.rule = rule
			if rl.judgeVisit != nil {
				v := rl.judgeVisit(&c)
				want.note(rl, rule, &c, &v, "")
			} else {
				for i, e := range c.ids {
					v := rl.judgeVisitor(&c, i)
					want.note(rl, rule, &c, &v, e)
				}
			}
		}
		require.Equal(t, want.units, p.prepared[i].fixed, "visit %d", i)
		require.Equal(t, want.found, p.prepared[i].found, "visit %d", i)
		verdicts += len(want.units)
	}
	require.Greater(t, verdicts, unitBlock, "units of one block only")
	doneSumsAgree(t, p)
	visitPlacesAgree(t, p)
	writtenAgree(t, p)
	want := make([]bool, len(p.visits))
	for i := range p.visits {
		vf := &p.visits[i]
		want[i] = vf.v.Reflection != nil && together(vf.v.Reflection, vf.ids)
	}
	require.Equal(t, want, p.facts[p.rule("P5.reflection")], "reflected together")
}

// writtenAgree compares the findings Prepare wrote for the dynamic visit
// rules with those of judging each completed visit of the year by each
// rule alone.
func writtenAgree(t require.TestingT, p *Program) {
	for _, rule := range p.visitRules {
		if !p.rules[rule].dynamic {
			continue
		}
		want := map[int32]verdict{}
		c := visitCtx{p: p, pol: &p.ds.Policy, asOf: time.Unix(1<<40, 0), rule: rule}
		for i := range p.visits {
			if c.visitFacts = &p.visits[i]; c.done {
				judgeVisitBy(&p.rules[rule], &c, func(v verdict) {
					if v.outcome == failed && p.rules[rule].judgeVisit != nil {
						v.message, v.complete = withRuleID(v.message, p.rules[rule].ID), true
						want[int32(i)] = v
					}
				})
			}
		}
		require.Equal(t, len(want), len(p.written[rule]), "rule %s", p.rules[rule].ID)
		for i, v := range want {
			got, ok := p.writtenOn(rule, i)
			require.True(t, ok, "rule %s, visit %d", p.rules[rule].ID, i)
			require.Equal(t, v, got, "rule %s, visit %d", p.rules[rule].ID, i)
		}
	}
}

// visitPlacesAgree compares each visit's place in its family's lifecycle,
// and the list of visits not yet held, with those found by reading every
// visit's record.
func visitPlacesAgree(t require.TestingT, p *Program) {
	var open []int32
	for i := range p.visits {
		v, vf := &p.ds.Visits[i], &p.visits[i]
		isOpen := v.Status == model.Scheduled || v.Status == model.Proposed
		require.Equal(t, isOpen, vf.open, "visit %d", i)
		if vf.inYear && isOpen {
			open = append(open, int32(i))
		}
	}
	require.Equal(t, open, p.openVisits)
	for k := range p.families {
		f := &p.families[k]
		if f.activity == nil {
			continue
		}
		var done []*model.Visit
		for _, i := range f.visitPos {
			if vf := &p.visits[i]; vf.inYear && vf.completed {
				done = append(done, &p.ds.Visits[i])
			}
		}
		life := model.NewLifecycle(f.students, done)
		require.Len(t, f.lifeFacts, len(life.Visits), "family %d", k)
		for i, v := range life.Visits {
			require.Same(t, v, f.lifeFacts[i].v, "family %d", k)
			require.Equal(t, life.Places[i].Ordinal(), f.lifeFacts[i].ordinal(), "family %d", k)
			require.Equal(t, int32(i), f.lifeFacts[i].lifePos, "family %d", k)
		}
		for _, i := range f.visitPos {
			if vf := &p.visits[i]; vf.inYear && vf.open {
				require.Equal(t, model.PlaceOf(f.students, done, vf.v).Ordinal(), vf.ordinal(), "visit %d", i)
			}
		}
	}
}

// doneSumsAgree compares the sums judgeFixed counts as it judges with
// those of counting every completed visit of the year's prepared verdicts
// again, in visit order, as a check does (countFixed).
func doneSumsAgree(t require.TestingT, p *Program) {
	r := &run{Program: p, off: make([]bool, len(p.rules)), tally: newTally(len(p.rules), p.cols()),
		findings: make([]findingList, len(p.rules))}
	var lastDone int64
	for i := range p.visits {
		if vf := &p.visits[i]; vf.done {
			r.countFixed(vf)
			lastDone = max(lastDone, vf.start)
		}
	}
	require.Equal(t, r.tally.n, p.doneTally.n, "done tally")
	require.Equal(t, lastDone, p.lastDone, "last done")
	for rule := range p.rules {
		var want, got []found
		r.findings[rule].each(func(f *found) { want = append(want, *f) })
		p.doneFindings[rule].each(func(f *found) { got = append(got, *f) })
		require.Equal(t, want, got, "rule %s: done findings", p.rules[rule].ID)
	}
}

// studentYearsOracle lists the student-years of every active family the
// obvious way, each key's schools found by its id.
func studentYearsOracle(p *Program) []studentYear {
	years := []studentYear{}
	for _, k := range p.active {
		f := &p.families[k]
		for i, key := range f.life.Keys {
			at := f.life.First[i]
			if at < 0 {
				continue
			}
			u := studentYear{f: f, k: i, first: f.lifeFacts[at], schools: f.schools, secondAt: -1}
			u.firstAt = u.first.pos
			if s := f.life.Second[i]; s >= 0 {
				u.second = f.lifeFacts[s]
				u.secondAt = u.second.pos
			}
			if key != "" {
				u.schools = p.studentsIn(f, []model.StudentID{key})
			}
			years = append(years, u)
		}
	}
	return years
}
