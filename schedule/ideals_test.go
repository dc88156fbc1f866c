package schedule

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/synth"
)

// drawSchool draws what the planner's oracle properties plan: a synthetic
// school of 20 to 80 students and 4 to 10 educators, with its visits
// booked or, at times, none recorded.
func drawSchool(t *rapid.T) *model.Dataset {
	cfg := synth.DefaultConfig()
	cfg.Schools = 1
	cfg.StudentsPerSchool = rapid.IntRange(20, 80).Draw(t, "students")
	cfg.EducatorsPerSchool = rapid.IntRange(4, 10).Draw(t, "educators")
	ds, err := synth.District(cfg, rapid.Uint64().Draw(t, "seed"))
	require.NoError(t, err)
	if rapid.Bool().Draw(t, "no visits recorded") {
		ds.Visits = nil
	}
	return ds
}

// TestTightIdealsPlaceAsLooseOnes: leaving the working hours out of the
// ideals of school days (classIdeals) only stops best's scan sooner — the
// schedule is the one the loose ideals give, which scan every school day.
// Synthetic schools under WorkingHoursBusy, with and without a budget,
// travel times and a step, planned from any day of the year.
func TestTightIdealsPlaceAsLooseOnes(t *testing.T) {
	placed := 0
	rapid.Check(t, func(t *rapid.T) {
		ds := drawSchool(t)
		asOf := ds.Year.FirstDay.AddDays(rapid.IntRange(-20, 150).Draw(t, "day")).In(ds.Calendar.Location(), model.NewClock(rapid.IntRange(0, 23).Draw(t, "hour"), 0))
		opt := Options{WorkingHoursBusy: true,
			Method: []Method{Heuristic, Auto}[rapid.IntRange(0, 1).Draw(t, "method")],
			Step:   time.Duration(rapid.SampledFrom([]int{5, 15, 30}).Draw(t, "step")) * time.Minute}
		if rapid.Bool().Draw(t, "budget") {
			opt.BudgetCents = rapid.Int64Range(1, 50000).Draw(t, "cents")
		}
		if rapid.Bool().Draw(t, "travel") {
			opt.Travel = idTravel
		}
		tight, err := Plan(ds, asOf, opt)
		require.NoError(t, err)
		p, err := newProblem(ds, asOf, opt, nil, nil, nil)
		require.NoError(t, err)
		p.alwaysLoose = true
		loose, err := p.solve()
		require.NoError(t, err)
		require.Equal(t, loose, tight)
		placed += len(tight.Appointments)
	})
	require.Positive(t, placed, "some visits must be placed")
	t.Logf("%d appointments placed in all", placed)
}

// TestTightIdealsAreBounds: no school day does better than its class's
// tight ideal, when nothing else is booked.
func TestTightIdealsAreBounds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := synth.DefaultConfig()
		cfg.Schools = 1
		cfg.StudentsPerSchool = 40
		ds, err := synth.District(cfg, rapid.Uint64().Draw(t, "seed"))
		require.NoError(t, err)
		ds.Visits = nil
		asOf := ds.Year.FirstDay.AddDays(14).In(ds.Calendar.Location(), model.NewClock(9, 0))
		opt := Options{WorkingHoursBusy: true, Step: time.Duration(rapid.SampledFrom([]int{5, 15, 30}).Draw(t, "step")) * time.Minute}
		if rapid.Bool().Draw(t, "budget") {
			opt.BudgetCents = 1 << 40
		}
		var all []model.FamilyID
		for _, f := range ds.Families {
			all = append(all, f.ID)
		}
		p, err := newProblem(ds, asOf, opt, nil, nil, all)
		require.NoError(t, err)
		checked := 0
		for fi := range p.fams {
			f := &p.fams[fi]
			if f.reason != "" {
				continue
			}
			ideals := p.classIdeals(f)
			for wd := range 7 {
				for _, d := range p.byClass[wd][1] {
					if d < p.notice.day {
						continue // no visit starts before the notice
					}
					c, ok, _ := p.dayBest(f, d, p.notice, moment{int32(len(p.days)), 24 * 60})
					if !ok {
						continue
					}
					id := ideals[wd][1]
					require.True(t, id.ok, "family %s, day %s: a time but no ideal", f.id, p.days[d].date)
					require.False(t, p.better(c, id.c) && (c.cents != id.c.cents || c.cost != id.c.cost || c.pref != id.c.pref),
						"family %s, day %s: %+v beats the ideal %+v", f.id, p.days[d].date, c, id.c)
					checked++
				}
			}
		}
		if checked == 0 {
			t.Skip("no school day to check")
		}
	})
}

// TestSameIdealsAreScored: classIdeals, which copies a weekday's ideal
// to the later weekdays of the same allowed spans for a family with no
// windows of its own (sameIdeal), gives every class the ideal scoring
// each class gives — tight and loose, with and without a budget or
// travel, families with windows and without, visitors with availability
// on record and without.
func TestSameIdealsAreScored(t *testing.T) {
	copied := 0
	rapid.Check(t, func(t *rapid.T) {
		ds := drawSchool(t)
		for i := range ds.Educators {
			if rapid.IntRange(0, 3).Draw(t, "availability") == 0 {
				for range rapid.IntRange(1, 3).Draw(t, "windows") {
					from := rapid.IntRange(7*60, 19*60).Draw(t, "from")
					ds.Educators[i].Availability = append(ds.Educators[i].Availability, model.Window{
						Weekday: time.Weekday(rapid.IntRange(0, 6).Draw(t, "weekday")),
						Start:   model.Clock(from), End: model.Clock(from + rapid.IntRange(60, 300).Draw(t, "length"))})
				}
			}
		}
		asOf := ds.Year.FirstDay.AddDays(rapid.IntRange(-20, 150).Draw(t, "day")).In(ds.Calendar.Location(), model.NewClock(9, 0))
		opt := Options{WorkingHoursBusy: rapid.Bool().Draw(t, "busy"),
			Step: time.Duration(rapid.SampledFrom([]int{5, 15, 30}).Draw(t, "step")) * time.Minute}
		if rapid.Bool().Draw(t, "budget") {
			opt.BudgetCents = rapid.Int64Range(1, 50000).Draw(t, "cents")
		}
		if rapid.Bool().Draw(t, "travel") {
			opt.Travel = idTravel
		}
		loose := rapid.Bool().Draw(t, "loose")
		fast, err := newProblem(ds, asOf, opt, nil, nil, nil)
		require.NoError(t, err)
		oracle, err := newProblem(ds, asOf, opt, nil, nil, nil)
		require.NoError(t, err)
		fast.loose, oracle.loose, oracle.alwaysEachClass = loose, loose, true
		for i := range fast.fams {
			got, want := fast.classIdeals(&fast.fams[i]), oracle.classIdeals(&oracle.fams[i])
			require.Equal(t, want, got, "family %s", fast.fams[i].id)
			for wd := range 7 {
				for sch := range 2 {
					if _, ok := fast.sameIdeal(&fast.fams[i], wd, sch); ok && len(fast.fams[i].allowed[wd]) > 0 && len(fast.byClass[wd][sch]) > 0 {
						copied++
					}
				}
			}
		}
	})
	require.Positive(t, copied, "some ideals must be copied")
	t.Logf("%d ideals copied", copied)
}

// TestKeptOrderIsTheOrder: best, scanning the classes of days in the
// order classesOf keeps with a family's tight ideals, plans what it
// plans ordering them at every placement — synthetic schools planned
// from any day, for all their families or a few, with and without a
// budget (small ones bind, and the local search runs on the loose
// ideals), travel times and the working hours taken.
func TestKeptOrderIsTheOrder(t *testing.T) {
	kept := 0
	rapid.Check(t, func(t *rapid.T) {
		ds := drawSchool(t)
		asOf, opt := drawRound(t, ds)
		p, err := newProblem(ds, asOf, opt, nil, nil, nil)
		require.NoError(t, err)
		got, err := p.solve()
		require.NoError(t, err)
		for i := range p.fams {
			if p.fams[i].order != nil {
				kept++
			}
		}
		p, err = newProblem(ds, asOf, opt, nil, nil, nil)
		require.NoError(t, err)
		p.alwaysOrder = true
		want, err := p.solve()
		require.NoError(t, err)
		require.Equal(t, want, got)
	})
	require.Positive(t, kept, "some orders must be kept")
	t.Logf("%d orders kept", kept)
}

// drawRound draws a planning round of ds: planned from any day and hour
// of its first months, by either search, of one kind of visit or both,
// with and without a budget (small ones bind) and travel times, for all
// its families or a few.
func drawRound(t *rapid.T, ds *model.Dataset) (time.Time, Options) {
	asOf := ds.Year.FirstDay.AddDays(rapid.IntRange(-20, 150).Draw(t, "day")).In(ds.Calendar.Location(), model.NewClock(rapid.IntRange(0, 23).Draw(t, "hour"), 0))
	opt := Options{WorkingHoursBusy: rapid.Bool().Draw(t, "busy"),
		Method: rapid.SampledFrom([]Method{Heuristic, Auto}).Draw(t, "method"),
		Kind:   rapid.SampledFrom([]model.VisitKind{"", model.FirstVisit, model.SecondVisit}).Draw(t, "kind"),
		Step:   time.Duration(rapid.SampledFrom([]int{5, 15, 30}).Draw(t, "step")) * time.Minute}
	if rapid.Bool().Draw(t, "budget") {
		opt.BudgetCents = rapid.Int64Range(1, 20000).Draw(t, "cents")
	}
	if rapid.Bool().Draw(t, "travel") {
		opt.Travel = idTravel
	}
	if rapid.Bool().Draw(t, "a few families") {
		opt.Families = []model.FamilyID{}
		for _, f := range ds.Families {
			if rapid.IntRange(0, 5).Draw(t, "plan "+string(f.ID)) == 0 {
				opt.Families = append(opt.Families, f.ID)
			}
		}
	}
	return asOf, opt
}

// idTravel is a travel time between families that varies with their
// ids' lengths: 0 to 60 minutes.
func idTravel(a, b model.FamilyID) time.Duration {
	return time.Duration(len(a)%3+len(b)%5) * 10 * time.Minute
}
