package breach_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/internal/breach"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/synth"
)

// compliant returns a small synthetic district that keeps every rule.
func compliant(t require.TestingT) *model.Dataset {
	c := synth.DefaultConfig()
	c.Schools, c.StudentsPerSchool = 1, 120
	c.Deviations = synth.Compliant()
	ds, err := synth.District(c, 7)
	require.NoError(t, err)
	return ds
}

// findings returns the rules that have a finding naming visit id.
func findings(t require.TestingT, ds *model.Dataset, id model.VisitID) []string {
	rep, err := practices.Check(ds, ds.Year.LastDay.AddDays(60).In(ds.Calendar.Location(), 0), nil)
	require.NoError(t, err)
	var rules []string
	for _, f := range rep.Findings {
		if f.Severity == practices.Violation && slices.Contains(f.Records, string(id)) {
			rules = append(rules, f.Rule)
		}
	}
	return rules
}

// TestEachBreachBreaksItsRule: on a completed visit of a district that
// keeps every rule, each breach gives that visit a violation of the rule
// it names (and, for a solo visit, the reflection it implies), and no
// other violation.
func TestEachBreachBreaksItsRule(t *testing.T) {
	base := compliant(t)
	classified := func(ds *model.Dataset) func(model.EducatorID) bool {
		return func(id model.EducatorID) bool {
			i := slices.IndexFunc(ds.Educators, func(e model.Educator) bool { return e.ID == id })
			return i >= 0 && ds.Educators[i].Role == model.Classified
		}
	}
	untrained := func(ds *model.Dataset) model.EducatorID {
		ds.Educators = append(ds.Educators, model.Educator{ID: "X-UNTRAINED", School: ds.Schools[0].ID, Role: model.Certificated,
			Position: model.Teacher, OptIns: []model.SchoolYearID{ds.Year.ID}})
		return "X-UNTRAINED"
	}
	cases := []struct {
		name  string
		want  []string
		first bool // needs a first visit
		plant func(ds *model.Dataset, v *model.Visit, r *rand.Rand) bool
	}{
		{"Partner", []string{"P2.trained"}, false, func(ds *model.Dataset, v *model.Visit, _ *rand.Rand) bool {
			breach.Partner(v, untrained(ds), false)
			return true
		}},
		{"Solo", []string{"P5.pair", "P5.reflection"}, false, func(_ *model.Dataset, v *model.Visit, _ *rand.Rand) bool {
			breach.Solo(v)
			return true
		}},
		{"DropIn", []string{"P1.arranged-in-advance"}, false, func(_ *model.Dataset, v *model.Visit, _ *rand.Rand) bool {
			breach.DropIn(v)
			return true
		}},
		{"Agenda", []string{"P3.first-visit-no-agenda"}, true, func(_ *model.Dataset, v *model.Visit, r *rand.Rand) bool {
			v.Topics = append(v.Topics, breach.Agenda(r))
			return true
		}},
		{"Reflection", []string{"P5.reflection"}, false, func(ds *model.Dataset, v *model.Visit, r *rand.Rand) bool {
			breach.Reflection(r, v, ds.Policy.ReflectWithin)
			return true
		}},
		{"Unpaid", []string{"P2.compensated"}, false, func(ds *model.Dataset, v *model.Visit, _ *rand.Rand) bool {
			return breach.Unpaid(v, classified(ds))
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			planted := 0
			for i := 0; i < len(base.Visits) && planted < 3; i++ {
				if v := &base.Visits[i]; v.Status != model.Completed || (c.first && v.Kind != model.FirstVisit) || len(v.Visitors) != 2 {
					continue
				}
				ds := compliant(t)
				v := &ds.Visits[i]
				if !c.plant(ds, v, rand.New(rand.NewPCG(uint64(i), 1))) {
					continue
				}
				planted++
				require.ElementsMatch(t, c.want, findings(t, ds, v.ID), "visit %s", v.ID)
			}
			require.Positive(t, planted, "no occasion for %s", c.name)
		})
	}
}

// TestPartner: the partner's place, or one more visitor.
func TestPartner(t *testing.T) {
	v := model.Visit{Visitors: []model.EducatorID{"T", "P", "Q"}}
	v.Reflection = &model.Reflection{By: []model.EducatorID{"T", "P", "Q"}}
	v.Compensation = []model.Compensation{{Educator: "T"}, {Educator: "P", AmountCents: 100}}
	breach.Partner(&v, "X", false)
	require.Equal(t, []model.EducatorID{"T", "X", "Q"}, v.Visitors)
	require.Equal(t, []model.EducatorID{"T", "X", "Q"}, v.Reflection.By, "the substitute reflects in the partner's place")
	require.Equal(t, model.Compensation{Educator: "X", AmountCents: 100}, v.Compensation[1], "and is paid the partner's pay")
	shared := v.Visitors
	breach.Partner(&v, "Y", true)
	require.Equal(t, []model.EducatorID{"T", "X", "Q", "Y"}, v.Visitors)
	require.Len(t, shared, 3, "joining does not write past the caller's slice")
	one := model.Visit{Visitors: []model.EducatorID{"T"}}
	breach.Partner(&one, "X", false)
	require.Equal(t, []model.EducatorID{"T", "X"}, one.Visitors, "a visit with no partner gains one")
}

// TestSolo: the partners leave the visit, the reflection and the pay.
func TestSolo(t *testing.T) {
	v := model.Visit{
		Visitors:     []model.EducatorID{"T", "P"},
		Reflection:   &model.Reflection{By: []model.EducatorID{"T", "P"}},
		Compensation: []model.Compensation{{Educator: "T", AmountCents: 100}, {Educator: "P", AmountCents: 100}},
	}
	breach.Solo(&v)
	require.Equal(t, []model.EducatorID{"T"}, v.Visitors)
	require.Equal(t, []model.EducatorID{"T"}, v.Reflection.By)
	require.Len(t, v.Compensation, 1)
	require.Equal(t, model.EducatorID("T"), v.Compensation[0].Educator)
}

// TestUnpaid: only the first certificated visitor paid loses the pay.
func TestUnpaid(t *testing.T) {
	v := model.Visit{Compensation: []model.Compensation{
		{Educator: "L", AmountCents: 100, Source: model.DistrictFunds},
		{Educator: "S", Stipend: true},
		{Educator: "T", AmountCents: 100, Source: model.DistrictFunds},
		{Educator: "U", AmountCents: 100, Source: model.DistrictFunds},
	}}
	classified := func(id model.EducatorID) bool { return id == "L" }
	require.True(t, breach.Unpaid(&v, classified))
	require.Equal(t, model.Compensation{Educator: "T"}, v.Compensation[2])
	require.Equal(t, int64(100), v.Compensation[0].AmountCents)
	require.Equal(t, int64(100), v.Compensation[3].AmountCents)
	none := model.Visit{Compensation: []model.Compensation{{Educator: "L", AmountCents: 100}}}
	require.False(t, breach.Unpaid(&none, classified))
}

// TestReflectionLate: a late reflection comes 3–23 days after the window.
func TestReflectionLate(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		start := time.Date(2025, 10, 1, 17, 0, 0, 0, time.UTC)
		n := rapid.IntRange(1, 3).Draw(t, "visitors")
		v := model.Visit{Start: start, Duration: model.Duration(40 * time.Minute), Visitors: []model.EducatorID{"T", "P", "Q"}[:n],
			Reflection: &model.Reflection{At: start.Add(time.Hour), By: []model.EducatorID{"T", "P", "Q"}[:n]}}
		within := model.Days(rapid.IntRange(1, 30).Draw(t, "within"))
		breach.Reflection(rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 0)), &v, within)
		late := v.Reflection.At.Sub(v.End())
		if late == time.Hour-40*time.Minute {
			require.GreaterOrEqual(t, n, 2, "one visitor alone cannot miss the pair's reflection")
			require.Equal(t, []model.EducatorID{"T"}, v.Reflection.By)
			return
		}
		days := int(late / (24 * time.Hour))
		require.Equal(t, late, time.Duration(days)*24*time.Hour)
		require.GreaterOrEqual(t, days, int(within)+3)
		require.LessOrEqual(t, days, int(within)+23)
	})
}

// TestSchools: round(rate × n) distinct schools, at least one, in order;
// a zero rate draws nothing.
func TestSchools(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 50).Draw(t, "n")
		rate := rapid.Float64Range(0, 1).Draw(t, "rate")
		seed := rapid.Uint64().Draw(t, "seed")
		r := rand.New(rand.NewPCG(seed, 0))
		got := breach.Schools(r, n, rate)
		if rate == 0 || n == 0 {
			require.Empty(t, got)
			require.Equal(t, rand.New(rand.NewPCG(seed, 0)).Uint64(), r.Uint64(), "nothing drawn")
			return
		}
		require.Len(t, got, min(n, max(1, int(math.Round(float64(n)*rate)))))
		require.True(t, slices.IsSorted(got))
		require.Len(t, slices.Compact(slices.Clone(got)), len(got))
		for _, s := range got {
			require.True(t, s >= 0 && s < n)
		}
	})
}
