package schedule_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/schedule"
	"github.com/homevisits/pthv/synth"
)

// school returns a one-pair, n-family dataset over a whole school year,
// every family available on Tuesday evenings.
func school(n int) (*model.Dataset, time.Time) {
	sp := fullYear(n, 1, 11)
	sp.WindowShare, sp.EduWindowShare, sp.Closures, sp.Existing, sp.Stipends, sp.Classified = 0, 0, 0, 0, false, false
	ds := build(sp)
	for i := range ds.Families {
		ds.Families[i].Availability = []model.Window{{Weekday: time.Tuesday, Start: model.NewClock(17, 0), End: model.NewClock(19, 0)}}
	}
	return ds, sp.AsOf
}

func plan(t *testing.T, ds *model.Dataset, asOf time.Time, opt schedule.Options) schedule.Schedule {
	t.Helper()
	s, err := schedule.Plan(ds, asOf, opt)
	require.NoError(t, err)
	require.NoError(t, checkHard(ds, s, asOf, opt.Travel))
	require.NoError(t, checkAccounted(ds, s, asOf))
	return s
}

func TestPlanSeasons(t *testing.T) {
	ds, asOf := school(2)
	s := plan(t, ds, asOf, schedule.Options{})
	require.Len(t, s.Appointments, 4)
	for _, a := range s.Appointments {
		switch a.Kind {
		case model.FirstVisit:
			assert.Contains(t, []model.Season{model.Summer, model.Fall}, a.Season, "%s", a.ID)
		case model.SecondVisit:
			assert.Contains(t, []model.Season{model.Winter, model.Spring}, a.Season, "%s", a.ID)
		}
		assert.Equal(t, time.Tuesday, a.Start.Weekday())
		assert.Equal(t, model.Duration(40*time.Minute), a.Duration)
		assert.True(t, a.ArrangedAt.Equal(asOf))
		assert.Equal(t, model.Scheduled, a.Status)
	}
	assert.True(t, s.Proven)
	assert.Zero(t, s.Objective.SeasonMisses)
}

// A family that accepts in January still gets a first visit ("the initial
// visit can take place at any time during the year").
func TestPlanJanuaryAcceptanceGetsFirstVisit(t *testing.T) {
	ds, _ := school(1)
	asOf := time.Date(2026, time.January, 12, 9, 0, 0, 0, zone)
	ds.Invitations[0].RespondedAt = asOf.Add(-time.Hour)
	s := plan(t, ds, asOf, schedule.Options{})
	require.Len(t, s.Appointments, 2)
	first := s.Appointments[0]
	assert.Equal(t, model.FirstVisit, first.Kind)
	assert.Equal(t, model.Winter, first.Season)
	assert.Equal(t, 1, s.Objective.SeasonMisses, "the first visit's season cannot be helped")
	assert.True(t, s.Proven)
	assert.Equal(t, 1, s.Bound.SeasonMisses)
}

func TestPlanUnplacedReasons(t *testing.T) {
	cases := []struct {
		name   string
		setup  func(ds *model.Dataset) (time.Time, schedule.Options)
		kind   model.VisitKind
		reason schedule.Reason
	}{
		{"no visitors", func(ds *model.Dataset) (time.Time, schedule.Options) {
			return time.Time{}, schedule.Options{Visitors: map[model.FamilyID][]model.EducatorID{"F0000": {"E000"}}}
		}, model.FirstVisit, schedule.NoVisitors},
		{"visitor not opted in", func(ds *model.Dataset) (time.Time, schedule.Options) {
			ds.Educators[1].OptIns = nil
			return time.Time{}, schedule.Options{Teams: []schedule.Team{{Educators: []model.EducatorID{"E000", "E001"}}}}
		}, model.FirstVisit, schedule.VisitorNotEligible},
		{"no common time", func(ds *model.Dataset) (time.Time, schedule.Options) {
			ds.Educators[0].Availability = []model.Window{{Weekday: time.Monday, Start: model.NewClock(9, 0), End: model.NewClock(12, 0)}}
			return time.Time{}, schedule.Options{}
		}, model.FirstVisit, schedule.NoCommonTime},
		{"no days left", func(ds *model.Dataset) (time.Time, schedule.Options) {
			return time.Date(2026, time.June, 5, 12, 0, 0, 0, zone), schedule.Options{}
		}, model.FirstVisit, schedule.NoDaysLeft},
		{"gap", func(ds *model.Dataset) (time.Time, schedule.Options) {
			return time.Date(2026, time.May, 20, 12, 0, 0, 0, zone), schedule.Options{}
		}, model.SecondVisit, schedule.Gap},
		{"budget", func(ds *model.Dataset) (time.Time, schedule.Options) {
			return time.Time{}, schedule.Options{BudgetCents: 100}
		}, model.FirstVisit, schedule.OverBudget},
		{"no first visit", func(ds *model.Dataset) (time.Time, schedule.Options) {
			return time.Time{}, schedule.Options{BudgetCents: 100}
		}, model.SecondVisit, schedule.NoFirstVisit},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds, asOf := school(1)
			at, opt := c.setup(ds)
			if !at.IsZero() {
				asOf = at
			}
			s := plan(t, ds, asOf, opt)
			var got []schedule.Reason
			for _, u := range s.Unplaced {
				if u.Kind == c.kind {
					got = append(got, u.Reason)
					assert.NotEmpty(t, u.Detail)
				}
			}
			assert.Equal(t, []schedule.Reason{c.reason}, got)
		})
	}
}

func TestPlanCapacity(t *testing.T) {
	ds, asOf := school(3)
	asOf = time.Date(2026, time.May, 19, 12, 0, 0, 0, zone) // two Tuesdays left
	pol := ds.Policy
	pol.MaxVisitsPerDay = 1
	s := plan(t, ds, asOf, schedule.Options{Policy: &pol})
	assert.Equal(t, 2, s.Objective.FirstVisits)
	assert.Equal(t, []schedule.Reason{schedule.Capacity, schedule.NoFirstVisit}, reasonsOf(s, "F0002"))
	assert.True(t, s.Proven, "the caps bound the first visits at two")
}

func reasonsOf(s schedule.Schedule, f model.FamilyID) []schedule.Reason {
	var out []schedule.Reason
	for _, u := range s.Unplaced {
		if u.Family == f {
			out = append(out, u.Reason)
		}
	}
	return out
}

func TestPlanKeepsRecordedVisits(t *testing.T) {
	ds, asOf := school(2)
	start := time.Date(2025, time.May, 27, 17, 0, 0, 0, zone)
	ds.Visits = append(ds.Visits, model.Visit{ID: "DONE", Family: "F0000", Kind: model.FirstVisit, Status: model.Completed,
		ArrangedAt: start.AddDate(0, 0, -7), Start: start, Duration: model.Duration(40 * time.Minute),
		Visitors: []model.EducatorID{"E000", "E001"}})
	ds.Year.SummerStart = model.NewDate(2025, time.May, 1)
	s := plan(t, ds, asOf, schedule.Options{})
	require.Equal(t, []schedule.Kept{{Family: "F0000", Kind: model.FirstVisit, Visit: "DONE", Start: start}}, s.Kept)
	kinds := map[model.FamilyID][]model.VisitKind{}
	for _, a := range s.Appointments {
		kinds[a.Family] = append(kinds[a.Family], a.Kind)
	}
	assert.Equal(t, []model.VisitKind{model.SecondVisit}, kinds["F0000"])
	assert.Equal(t, []model.VisitKind{model.FirstVisit, model.SecondVisit}, kinds["F0001"])
}

func TestPlanOptionErrors(t *testing.T) {
	ds, asOf := school(1)
	long := ds.Policy
	long.VisitLength = model.Duration(50 * time.Minute)
	bad := ds.Policy
	bad.MaxVisitsPerDay = 0
	for name, opt := range map[string]schedule.Options{
		"step":         {Step: 7 * time.Minute},
		"method":       {Method: "magic"},
		"budget":       {BudgetCents: -1},
		"visit length": {Policy: &long},
		"policy":       {Policy: &bad},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := schedule.Plan(ds, asOf, opt)
			require.Error(t, err)
			assert.True(t, errors.Is(err, schedule.ErrOptions), "%v", err)
			_, ok := errors.AsType[*schedule.InputError](err)
			assert.True(t, ok)
		})
	}
	_, err := schedule.Plan(nil, asOf, schedule.Options{})
	assert.ErrorIs(t, err, schedule.ErrOptions)
	_, err = schedule.Plan(ds, time.Time{}, schedule.Options{})
	assert.ErrorIs(t, err, schedule.ErrOptions)
}

func TestCompensation(t *testing.T) {
	ds, asOf := school(1)
	ds.Educators[1].Role = model.Classified
	ds.Educators[1].WorkingHours = &model.Hours{Start: model.NewClock(12, 0), End: model.NewClock(17, 20)}
	pol := ds.Policy
	pol.ClassifiedRateCents = 3000
	s := plan(t, ds, asOf, schedule.Options{Policy: &pol, Funding: map[model.SchoolID]model.FundingSource{"S1": model.TitleI}})
	for _, a := range s.Appointments {
		require.Len(t, a.Pay, 2)
		school := ds.Calendar.SchoolDay(ds.Year, model.DateOf(a.Start))
		assert.Equal(t, 40, a.Pay[0].MinutesOutside)
		assert.Equal(t, int64(2667), a.Pay[0].AmountCents, "40 minutes at $40.00/h, rounded up")
		assert.Equal(t, model.TitleI, a.Pay[0].Source)
		if school {
			assert.Equal(t, 20, a.Pay[1].MinutesOutside, "the liaison works until 17:20")
			assert.Equal(t, int64(1000), a.Pay[1].AmountCents)
		} else {
			assert.Equal(t, 40, a.Pay[1].MinutesOutside)
		}
	}
	require.Len(t, s.Totals.BySource, 1)
	assert.Equal(t, s.Totals.Cents, s.Totals.BySource[0].Cents)
	require.Len(t, s.Totals.BySchool, 1)
	assert.Equal(t, 2, s.Totals.BySchool[0].Appointments)

	ds.Educators[0].Stipends = []model.Stipend{{Year: ds.Year.ID, AmountCents: 60000, Source: model.Union}}
	s = plan(t, ds, asOf, schedule.Options{})
	for _, a := range s.Appointments {
		assert.True(t, a.Pay[0].Stipend)
		assert.Zero(t, a.Pay[0].AmountCents)
		assert.Equal(t, model.Union, a.Pay[0].Source)
	}
	assert.Equal(t, 80, s.Totals.StipendMinutes)
}

// TestPayOverflowIsAnError: pay a caller put in a schedule is summed with
// checked additions, so totals that do not fit in int64 cents are an error
// rather than a wrapped-around figure; and a policy cannot set an hourly
// rate that would make a planned visit's pay absurd.
func TestPayOverflowIsAnError(t *testing.T) {
	ds, asOf := school(2)
	s := plan(t, ds, asOf, schedule.Options{})
	require.Len(t, s.Appointments, 4)
	for i := range s.Appointments {
		for j := range s.Appointments[i].Pay {
			s.Appointments[i].Pay[j].AmountCents = math.MaxInt64 / 2
		}
	}
	_, err := s.Appointments[0].CostCents()
	require.NoError(t, err, "two halves of MaxInt64 still fit")
	s.Appointments[0].Pay[0].AmountCents = math.MaxInt64
	_, err = s.Appointments[0].CostCents()
	require.ErrorIs(t, err, model.ErrAmountOverflow)

	_, _, err = schedule.Repair(ds, s, schedule.FamilyCancels{Family: s.Appointments[1].Family, At: asOf.Add(time.Hour)})
	require.ErrorIs(t, err, model.ErrAmountOverflow)

	pol := ds.Policy
	pol.CertificatedRateCents = model.MaxRateCents + 1
	_, err = schedule.Plan(ds, asOf, schedule.Options{Policy: &pol})
	require.ErrorIs(t, err, model.ErrPolicyBounds)
}

func TestBudgetIsNeverOverspent(t *testing.T) {
	ds, asOf := school(6)
	s := plan(t, ds, asOf, schedule.Options{BudgetCents: 20000})
	assert.LessOrEqual(t, s.Totals.Cents, int64(20000))
	assert.Equal(t, 3, s.Objective.FirstVisits, "each visit costs 2 × 2,667 cents")
	assert.Contains(t, reasonsOf(s, "F0005"), schedule.OverBudget)
}

func TestDefaultVisitors(t *testing.T) {
	ds, asOf := school(3)
	ds.Educators = append(ds.Educators, model.Educator{ID: "E900", School: "S1", Role: model.Classified, Position: model.Liaison,
		Languages: []model.Language{"es"}, OptIns: []model.SchoolYearID{ds.Year.ID}, Trainings: ds.Educators[0].Trainings})
	ds.Families[2].Languages, ds.Families[2].NeedsInterpreter = []model.Language{"es"}, true
	got := schedule.DefaultVisitors(ds, asOf)
	assert.Equal(t, map[model.FamilyID][]model.EducatorID{
		"F0000": {"E000", "E001"}, // the teacher, and the least-loaded colleague (lowest id)
		"F0001": {"E000", "E900"}, // load now favours the liaison
		"F0002": {"E000", "E900"}, // who also speaks the family's language
	}, got)
	s := plan(t, ds, asOf, schedule.Options{})
	for _, a := range s.Appointments {
		assert.False(t, a.InterpreterNeeded)
	}
}

func TestVisitsAreRecords(t *testing.T) {
	ds, asOf := school(2)
	s := plan(t, ds, asOf, schedule.Options{})
	vs := s.Visits()
	require.Len(t, vs, len(s.Appointments))
	ds.Visits = append(ds.Visits, vs...)
	require.NoError(t, ds.Validate())
	for _, v := range vs {
		assert.True(t, strings.HasPrefix(string(v.ID), "SCH-"))
		assert.Equal(t, model.Scheduled, v.Status)
		assert.Equal(t, model.Home, v.Location.Kind)
	}
}

// TestPlanPassesPractices plans a synthetic district's year and appends the
// visits: the rule catalogue finds no notice, drop-in, pair, consent,
// training or location problem with any of them.
func TestPlanPassesPractices(t *testing.T) {
	ds, err := synth.District(synth.DefaultConfig(), 5)
	require.NoError(t, err)
	asOf := time.Date(2025, time.September, 20, 18, 0, 0, 0, ds.Calendar.Location())
	s := plan(t, ds, asOf, schedule.Options{})
	require.NotEmpty(t, s.Appointments)
	ds.Visits = append(ds.Visits, s.Visits()...)
	rep, err := practices.Check(ds, asOf, nil)
	require.NoError(t, err)
	ours := map[string]bool{}
	for _, a := range s.Appointments {
		ours[string(a.ID)] = true
	}
	for _, f := range rep.Findings {
		if len(f.Records) == 0 || !ours[f.Records[0]] {
			continue
		}
		switch f.Rule {
		case "P1.notice", "P1.arranged-in-advance", "P5.pair", "P5.group-size", "P1.family-consent",
			"P1.educator-consent", "P2.trained", "P1.declined-respected", "P3.location":
			t.Errorf("%s: %s", f.Rule, f.Message)
		}
	}
}
