package pairing

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/homevisits/pthv/internal/districtgen"
	"github.com/homevisits/pthv/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func TestPartnersNeverBreakHardRules(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := genDataset(t)
		opt := PartnerOptions{
			AcrossSchools:   rapid.IntRange(0, 3).Draw(t, "across") == 3,
			AssumeAvailable: rapid.IntRange(0, 3).Draw(t, "assume") == 3,
		}
		plan, err := Partners(ds, opt)
		require.NoError(t, err)
		checkPartnerPlan(t, ds, opt, plan)
		again, err := Partners(ds, opt)
		require.NoError(t, err)
		require.Equal(t, plan, again, "not deterministic")
	})
}

// TestPartnersWithEnoughCapacity gives every visit more free, eligible
// colleagues than there are visits, so all of them must get a partner.
func TestPartnersWithEnoughCapacity(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := newDataset()
		ds.Policy.MaxVisitsPerDay, ds.Policy.MaxVisitsPerWeek, ds.Policy.PartnerLoadCap = 10, 50, 40
		nv := rapid.IntRange(1, 5).Draw(t, "visits")
		ne := 2*nv + 1 + rapid.IntRange(0, 3).Draw(t, "extra")
		for i := range ne {
			role := rapid.SampledFrom([]model.Role{model.Certificated, model.Classified}).Draw(t, "role")
			ds.Educators = append(ds.Educators, edu(fmt.Sprintf("E-%02d", i), role, speaks(testLanguages...),
				available(weekdays(14, 20)...)))
		}
		for i := range nv {
			teacher := ds.Educators[rapid.IntRange(0, ne-1).Draw(t, "teacher")].ID
			fam := fmt.Sprintf("F%d", i)
			addFamily(ds, fam, teacher, rapid.Bool().Draw(t, "needs"), rapid.SampledFrom(testLanguages).Draw(t, "lang"))
			start := at(ds, rapid.IntRange(0, 4).Draw(t, "day"), rapid.IntRange(14, 18).Draw(t, "hour"),
				rapid.SampledFrom([]int{0, 15, 30}).Draw(t, "minute"))
			addVisit(ds, fmt.Sprintf("V%d", i), fam, start, teacher)
		}
		plan, err := Partners(ds, PartnerOptions{})
		require.NoError(t, err)
		checkPartnerPlan(t, ds, PartnerOptions{}, plan)
		require.Empty(t, plan.Unpartnered)
		require.Len(t, plan.Assignments, nv)
	})
}

// TestPartnersOptimal compares Partners with an exhaustive search on tiny
// programs. Visits start on the hour and last 40 minutes with a 20-minute
// buffer, so two visits overlap exactly when they share a slot; then the
// flow's overlap groups are exact and its optimum is the true one.
func TestPartnersOptimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := newDataset()
		ds.Policy.TravelBuffer = model.Duration(20 * time.Minute)
		ds.Policy.MaxVisitsPerDay = rapid.IntRange(1, 3).Draw(t, "perDay")
		ds.Policy.MaxVisitsPerWeek = ds.Policy.MaxVisitsPerDay + rapid.IntRange(0, 2).Draw(t, "perWeekExtra")
		ds.Policy.PartnerLoadCap = rapid.IntRange(1, 4).Draw(t, "loadCap")
		ne := rapid.IntRange(2, 5).Draw(t, "educators")
		for i := range ne {
			role := rapid.SampledFrom([]model.Role{model.Certificated, model.Classified}).Draw(t, "role")
			var langs []model.Language
			for _, l := range testLanguages {
				if rapid.Bool().Draw(t, "speaks") {
					langs = append(langs, l)
				}
			}
			e := edu(fmt.Sprintf("E-%d", i), role, speaks(langs...), available(weekdays(14, 19)...),
				atSchool(rapid.SampledFrom([]model.SchoolID{"S1", "S1", ""}).Draw(t, "school")))
			if rapid.IntRange(0, 5).Draw(t, "prefer") == 5 {
				e.Prefer = []model.EducatorID{model.EducatorID(fmt.Sprintf("E-%d", rapid.IntRange(0, ne-1).Draw(t, "preferred")))}
			}
			ds.Educators = append(ds.Educators, e)
		}
		costs := PartnerCosts{SameRole: rapid.Int64Range(0, 30).Draw(t, "sameRole"), Repeat: rapid.Int64Range(0, 15).Draw(t, "repeat"),
			LastYear: rapid.Int64Range(0, 15).Draw(t, "lastYear"), OtherSchool: rapid.Int64Range(0, 20).Draw(t, "otherSchool"),
			Load: rapid.Int64Range(0, 5).Draw(t, "load"), Prefer: rapid.Int64Range(0, 25).Draw(t, "preferCost"), Unconfirmed: 25}
		if costs == (PartnerCosts{}) {
			costs.Load = 1
		}
		if rapid.Bool().Draw(t, "past") {
			ds.PastPairs = []model.PastPair{{Year: "2024-25", Educators: []model.EducatorID{"E-0", "E-1"}}}
		}
		nv := rapid.IntRange(1, 5).Draw(t, "visits")
		for i := range nv {
			teacher := ds.Educators[rapid.IntRange(0, ne-1).Draw(t, "teacher")].ID
			fam := fmt.Sprintf("F%d", i)
			addFamily(ds, fam, teacher, rapid.IntRange(0, 3).Draw(t, "needs") == 3, rapid.SampledFrom(testLanguages).Draw(t, "lang"))
			start := at(ds, rapid.IntRange(0, 2).Draw(t, "day"), rapid.IntRange(15, 17).Draw(t, "hour"), 0)
			visitors := []model.EducatorID{teacher}
			status := model.Scheduled
			if rapid.IntRange(0, 3).Draw(t, "existing") == 3 { // an earlier visit with a partner
				visitors = append(visitors, ds.Educators[rapid.IntRange(0, ne-1).Draw(t, "with")].ID)
				status = model.Completed
			}
			addVisit(ds, fmt.Sprintf("V%d", i), fam, start, visitors...)
			ds.Visits[len(ds.Visits)-1].Status = status
		}
		plan, err := Partners(ds, PartnerOptions{Costs: costs})
		require.NoError(t, err)
		opt := PartnerOptions{Costs: costs}
		checkPartnerPlan(t, ds, opt, plan)

		// Exhaustive search over every choice of partner (or none) per visit.
		o := newPartnerOracle(ds, opt)
		var visits []*model.Visit
		for i := range ds.Visits {
			if v := &ds.Visits[i]; o.planned()[v.ID] != nil && len(distinct(v.Visitors)) == 1 {
				visits = append(visits, v)
			}
		}
		var bestCount int
		var bestCost int64
		choice := make([]*model.Educator, len(visits))
		var search func(i int)
		search = func(i int) {
			if i == len(visits) {
				count, cost := 0, int64(0)
				byPartner := map[model.EducatorID][]*model.Visit{}
				for k, p := range choice {
					if p == nil {
						continue
					}
					count++
					cost += o.cost(visits[k], p, false, costs)
					byPartner[p.ID] = append(byPartner[p.ID], visits[k])
				}
				for id, vs := range byPartner {
					base := o.partnerLoad(id)
					if base+len(vs) > ds.Policy.PartnerLoadCap {
						return
					}
					for u := range len(vs) {
						cost += costs.Load * int64(base+u)
					}
					for a, v := range vs {
						s1, e1 := o.span(v)
						today, week := 0, 0
						for _, w := range vs {
							s2, e2 := o.span(w)
							if w != v && o.overlaps(s1, e1, s2, e2) {
								return
							}
							if model.DateOf(s2) == model.DateOf(s1) {
								today++
							}
							if isoWeekOf(model.DateOf(s2)) == isoWeekOf(model.DateOf(s1)) {
								week++
							}
						}
						_ = a
						for j := range ds.Visits {
							x := &ds.Visits[j]
							if x.Status == model.Cancelled || !slices.Contains(x.Visitors, id) {
								continue
							}
							xs, _ := o.span(x)
							if model.DateOf(xs) == model.DateOf(s1) {
								today++
							}
							if isoWeekOf(model.DateOf(xs)) == isoWeekOf(model.DateOf(s1)) {
								week++
							}
						}
						if today > ds.Policy.MaxVisitsPerDay || week > ds.Policy.MaxVisitsPerWeek {
							return
						}
					}
				}
				if count > bestCount || (count == bestCount && cost < bestCost) {
					bestCount, bestCost = count, cost
				}
				return
			}
			choice[i] = nil
			search(i + 1)
			for k := range ds.Educators {
				p := &ds.Educators[k]
				if ok, _ := o.eligible(visits[i], p); ok {
					choice[i] = p
					search(i + 1)
				}
			}
			choice[i] = nil
		}
		search(0)
		require.Equal(t, bestCount, len(plan.Assignments), "not the most visits partnered")
		require.Equal(t, bestCost, plan.Cost, "not the least cost")
	})
}

func TestPartnersReasons(t *testing.T) {
	type want struct {
		partner model.EducatorID // "" when unpartnered
		reason  Reason
		detail  string
	}
	tests := []struct {
		name  string
		setup func(ds *model.Dataset)
		opt   PartnerOptions
		want  map[model.VisitID]want
	}{
		{
			name: "a liaison partners a teacher",
			setup: func(ds *model.Dataset) {
				ds.Educators = []model.Educator{
					edu("E-T1", model.Certificated, available(weekdays(14, 19)...)),
					edu("E-T2", model.Certificated, available(weekdays(14, 19)...)),
					edu("E-L1", model.Classified, available(weekdays(14, 19)...)),
				}
				addFamily(ds, "F1", "E-T1", false)
				addVisit(ds, "V1", "F1", at(ds, 0, 16, 0), "E-T1")
			},
			want: map[model.VisitID]want{"V1": {partner: "E-L1"}},
		},
		{
			name: "no visitor on the visit",
			setup: func(ds *model.Dataset) {
				ds.Educators = []model.Educator{edu("E-T1", model.Certificated)}
				addFamily(ds, "F1", "E-T1", false)
				addVisit(ds, "V1", "F1", at(ds, 0, 16, 0))
			},
			want: map[model.VisitID]want{"V1": {reason: NoVisitor,
				detail: "no educator is on the visit yet; add the student's teacher first"}},
		},
		{
			name: "nobody eligible",
			setup: func(ds *model.Dataset) {
				ds.Educators = []model.Educator{
					edu("E-T1", model.Certificated, available(weekdays(14, 19)...)),
					edu("E-2", model.Certificated, notOptedIn, available(weekdays(14, 19)...)),
					edu("E-3", model.Certificated, trainedOn(model.NewDate(2025, 10, 20)), available(weekdays(14, 19)...)),
					edu("E-4", model.Certificated, avoids("E-T1"), available(weekdays(14, 19)...)),
					edu("E-5", model.Certificated, available(window(time.Tuesday, 14, 19))),
					edu("E-6", model.Certificated), // no availability recorded
					edu("E-7", model.Certificated, atSchool("S2"), available(weekdays(14, 19)...)),
				}
				addFamily(ds, "F1", "E-T1", false)
				addVisit(ds, "V1", "F1", at(ds, 0, 16, 0), "E-T1")
			},
			want: map[model.VisitID]want{"V1": {reason: NoEligiblePartner,
				detail: "Mon 2025-10-06 16:00–16:40: 1 not opted in, 1 not trained by then, 1 asked not to visit together, 1 with no availability recorded, 1 not available then"}},
		},
		{
			name: "availability assumed when asked",
			setup: func(ds *model.Dataset) {
				ds.Educators = []model.Educator{edu("E-T1", model.Certificated), edu("E-6", model.Classified)}
				addFamily(ds, "F1", "E-T1", false)
				addVisit(ds, "V1", "F1", at(ds, 0, 16, 0), "E-T1")
			},
			opt:  PartnerOptions{AssumeAvailable: true},
			want: map[model.VisitID]want{"V1": {partner: "E-6"}},
		},
		{
			name: "language must be covered by someone",
			setup: func(ds *model.Dataset) {
				ds.Educators = []model.Educator{
					edu("E-T1", model.Certificated, available(weekdays(14, 19)...)),
					edu("E-2", model.Classified, available(weekdays(14, 19)...)),
				}
				addFamily(ds, "F1", "E-T1", true, "hmn")
				addVisit(ds, "V1", "F1", at(ds, 0, 16, 0), "E-T1")
			},
			want: map[model.VisitID]want{"V1": {reason: LanguageNotCovered,
				detail: "Mon 2025-10-06 16:00–16:40: the family needs hmn; neither E-T1 nor an interpreter on the visit speaks it, " +
					"and 1 otherwise eligible partners do not either (1 do not speak the family's language); book an interpreter"}},
		},
		{
			name: "an interpreter covers the language",
			setup: func(ds *model.Dataset) {
				ds.Educators = []model.Educator{
					edu("E-T1", model.Certificated, available(weekdays(14, 19)...)),
					edu("E-2", model.Classified, available(weekdays(14, 19)...)),
				}
				addFamily(ds, "F1", "E-T1", true, "hmn")
				addVisit(ds, "V1", "F1", at(ds, 0, 16, 0), "E-T1")
				ds.Visits[0].Interpreters = []model.Interpreter{{ID: "I1", Languages: []model.Language{"hmn"}}}
			},
			want: map[model.VisitID]want{"V1": {partner: "E-2"}},
		},
		{
			name: "a bilingual partner is chosen for the family",
			setup: func(ds *model.Dataset) {
				ds.Educators = []model.Educator{
					edu("E-T1", model.Certificated, available(weekdays(14, 19)...)),
					edu("E-2", model.Classified, available(weekdays(14, 19)...)),
					edu("E-3", model.Certificated, speaks("en", "es"), available(weekdays(14, 19)...)),
				}
				addFamily(ds, "F1", "E-T1", true, "es")
				addVisit(ds, "V1", "F1", at(ds, 0, 16, 0), "E-T1")
			},
			want: map[model.VisitID]want{"V1": {partner: "E-3"}},
		},
		{
			name: "one partner, two visits at the same time",
			setup: func(ds *model.Dataset) {
				// E-L1 and E-T2 share a role, so E-L1 suits E-T1 better.
				ds.Educators = []model.Educator{
					edu("E-T1", model.Certificated, available(weekdays(14, 19)...)),
					edu("E-T2", model.Classified, available(weekdays(14, 19)...)),
					edu("E-L1", model.Classified, available(weekdays(14, 19)...)),
				}
				addFamily(ds, "F1", "E-T1", false)
				addFamily(ds, "F2", "E-T2", false)
				addVisit(ds, "V1", "F1", at(ds, 0, 16, 0), "E-T1")
				addVisit(ds, "V2", "F2", at(ds, 0, 16, 30), "E-T2")
			},
			want: map[model.VisitID]want{
				"V1": {partner: "E-L1"},
				"V2": {reason: PartnersAtCapacity,
					detail: "Mon 2025-10-06 16:30–17:10: every eligible partner is needed elsewhere: E-L1 partners another visit at that time"},
			},
		},
		{
			name: "daily cap counts visits already booked",
			setup: func(ds *model.Dataset) {
				ds.Policy.MaxVisitsPerDay = 2
				ds.Educators = []model.Educator{
					edu("E-T1", model.Certificated, available(weekdays(14, 19)...)),
					edu("E-L1", model.Classified, available(weekdays(14, 19)...)),
				}
				addFamily(ds, "F1", "E-T1", false)
				addFamily(ds, "F2", "E-L1", false)
				addVisit(ds, "V0", "F2", at(ds, 0, 14, 0), "E-L1", "E-T1")
				addVisit(ds, "V1", "F1", at(ds, 0, 16, 0), "E-T1")
				addVisit(ds, "V2", "F1", at(ds, 0, 18, 0), "E-T1")
			},
			want: map[model.VisitID]want{
				"V1": {partner: "E-L1"},
				"V2": {reason: PartnersAtCapacity,
					detail: "Mon 2025-10-06 18:00–18:40: every eligible partner is needed elsewhere: E-L1 reaches 2 visits that day"},
			},
		},
		{
			name: "weekly cap",
			setup: func(ds *model.Dataset) {
				ds.Policy.MaxVisitsPerDay, ds.Policy.MaxVisitsPerWeek = 2, 2
				ds.Educators = []model.Educator{
					edu("E-T1", model.Certificated, available(weekdays(14, 19)...)),
					edu("E-L1", model.Classified, available(weekdays(14, 19)...)),
				}
				addFamily(ds, "F1", "E-T1", false)
				addFamily(ds, "F2", "E-L1", false)
				addVisit(ds, "V0", "F2", at(ds, 0, 14, 0), "E-L1", "E-T1")
				addVisit(ds, "V1", "F1", at(ds, 1, 16, 0), "E-T1")
				addVisit(ds, "V2", "F1", at(ds, 2, 16, 0), "E-T1")
			},
			want: map[model.VisitID]want{
				"V1": {partner: "E-L1"},
				"V2": {reason: PartnersAtCapacity,
					detail: "Wed 2025-10-08 16:00–16:40: every eligible partner is needed elsewhere: E-L1 reaches 2 visits that week"},
			},
		},
		{
			name: "an educator listed twice on a visit is booked once",
			setup: func(ds *model.Dataset) {
				ds.Policy.MaxVisitsPerDay, ds.Policy.MaxVisitsPerWeek = 1, 2
				ds.Educators = []model.Educator{
					edu("E-T1", model.Certificated, available(weekdays(14, 19)...)),
					edu("E-L1", model.Classified, available(weekdays(14, 19)...)),
				}
				addFamily(ds, "F1", "E-T1", false)
				addFamily(ds, "F2", "E-L1", false)
				addVisit(ds, "V0", "F2", at(ds, 0, 15, 0), "E-L1", "E-L1")
				ds.Visits[0].Status = model.Completed
				addVisit(ds, "V1", "F1", at(ds, 1, 15, 0), "E-T1")
			},
			want: map[model.VisitID]want{"V1": {partner: "E-L1"}},
		},
		{
			name: "yearly partner cap",
			setup: func(ds *model.Dataset) {
				ds.Policy.PartnerLoadCap = 1
				ds.Educators = []model.Educator{
					edu("E-T1", model.Certificated, available(weekdays(14, 19)...)),
					edu("E-L1", model.Classified, available(weekdays(14, 19)...)),
				}
				addFamily(ds, "F1", "E-T1", false)
				addVisit(ds, "V1", "F1", at(ds, 0, 16, 0), "E-T1")
				addVisit(ds, "V2", "F1", at(ds, 1, 16, 0), "E-T1")
			},
			want: map[model.VisitID]want{
				"V1": {partner: "E-L1"},
				"V2": {reason: PartnersAtCapacity,
					detail: "Tue 2025-10-07 16:00–16:40: every eligible partner is needed elsewhere: E-L1 reaches 1 partner visits this year"},
			},
		},
		{
			name: "more visits partnered beats cheaper partners",
			setup: func(ds *model.Dataset) {
				// E-L1 is the cheapest partner for both overlapping
				// visits, but E-T3 (free until 17:00) can only take V1:
				// both get a partner only if V1 goes to E-T3.
				ds.Educators = []model.Educator{
					edu("E-T1", model.Certificated, available(weekdays(14, 19)...)),
					edu("E-T2", model.Certificated, available(weekdays(14, 19)...)),
					edu("E-T3", model.Certificated, available(window(time.Monday, 14, 17))),
					edu("E-L1", model.Classified, available(weekdays(14, 19)...)),
				}
				addFamily(ds, "F1", "E-T1", false)
				addFamily(ds, "F2", "E-T2", false)
				addVisit(ds, "V1", "F1", at(ds, 0, 16, 0), "E-T1")
				addVisit(ds, "V2", "F2", at(ds, 0, 16, 30), "E-T2")
			},
			want: map[model.VisitID]want{"V1": {partner: "E-T3"}, "V2": {partner: "E-L1"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := newDataset()
			tt.setup(ds)
			plan, err := Partners(ds, tt.opt)
			require.NoError(t, err)
			checkPartnerPlan(t, ds, tt.opt, plan)
			got := map[model.VisitID]want{}
			for _, a := range plan.Assignments {
				got[a.Visit] = want{partner: a.Partner}
			}
			for _, u := range plan.Unpartnered {
				got[u.Visit] = want{reason: u.Reason, detail: u.Detail}
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestPartnersExplain(t *testing.T) {
	ds := newDataset()
	ds.Educators = []model.Educator{
		edu("E-T1", model.Certificated, prefers("E-T2"), available(weekdays(14, 19)...)),
		edu("E-T2", model.Certificated, speaks("en", "es"), atSchool(""), available(weekdays(14, 19)...)),
	}
	ds.PastPairs = []model.PastPair{{Year: "2024-25", Educators: []model.EducatorID{"E-T1", "E-T2"}}}
	addFamily(ds, "F1", "E-T1", true, "es")
	addVisit(ds, "V0", "F1", at(ds, -7, 16, 0), "E-T1", "E-T2")
	ds.Visits[0].Status = model.Completed
	addVisit(ds, "V1", "F1", at(ds, 0, 16, 0), "E-T1")
	plan, err := Partners(ds, PartnerOptions{})
	require.NoError(t, err)
	require.Len(t, plan.Assignments, 1)
	a := plan.Assignments[0]
	assert.Equal(t, PartnerCost{SameRole: 20, Repeat: 10, LastYear: 10, OtherSchool: 15, Load: 2, Prefer: -20}, a.Cost)
	assert.Equal(t, "V1: E-T1 + E-T2, cost 37 (same role +20, repeat pair +10, team last year +10, other school +15, load +2, preferred -20); "+
		"E-T2 speaks es for the family", a.Explain())
	assert.Equal(t, int64(37), plan.Cost)
}

func TestPartnersSelectedVisitsAndErrors(t *testing.T) {
	ds := newDataset()
	ds.Educators = []model.Educator{edu("E-T1", model.Certificated, available(weekdays(14, 19)...)),
		edu("E-L1", model.Classified, available(weekdays(14, 19)...))}
	addFamily(ds, "F1", "E-T1", false)
	addVisit(ds, "V1", "F1", at(ds, 0, 16, 0), "E-T1")
	addVisit(ds, "V2", "F1", at(ds, 1, 16, 0), "E-T1")
	plan, err := Partners(ds, PartnerOptions{Visits: []model.VisitID{"V2"}})
	require.NoError(t, err)
	require.Len(t, plan.Assignments, 1)
	assert.Equal(t, model.VisitID("V2"), plan.Assignments[0].Visit)

	_, err = Partners(nil, PartnerOptions{})
	require.ErrorIs(t, err, ErrOptions)
	_, err = Partners(ds, PartnerOptions{Costs: PartnerCosts{Load: -1}})
	require.ErrorIs(t, err, ErrOptions)
	assert.True(t, strings.Contains(err.Error(), "load = -1"))
}

// TestPartnersOnWholeDistricts: on whole districts (the one generator of
// test districts: families in two schools, siblings with different
// teachers, shared visits, sparse records), Partners keeps the same hard
// rules as on the small programs genDataset draws for its edges.
func TestPartnersOnWholeDistricts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := districtgen.District(districtgen.Options{MaxSchools: 2, MinStudentsPerSchool: 20, MaxStudentsPerSchool: 60, Deviations: true, Sparse: true}).Draw(t, "district")
		// Put some visits back on the calendar, unheld, for Partners to
		// partner.
		for i := range ds.Visits {
			if v := &ds.Visits[i]; v.Status == model.Completed && rapid.Bool().Draw(t, "reopen") {
				v.Status, v.Reflection, v.Compensation, v.Topics, v.ReferencesFirst = model.Scheduled, nil, nil, nil, nil
				v.Visitors = v.Visitors[:1]
			}
		}
		opt := PartnerOptions{AcrossSchools: rapid.Bool().Draw(t, "across"), AssumeAvailable: rapid.Bool().Draw(t, "assume available")}
		plan, err := Partners(ds, opt)
		require.NoError(t, err)
		checkPartnerPlan(t, ds, opt, plan)
	})
}
