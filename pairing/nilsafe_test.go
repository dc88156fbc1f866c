package pairing

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/internal/nilsafe"
	"github.com/homevisits/pthv/model"
)

// oddDatasets are datasets a district system might hand over half
// filled: no policy, a policy out of every bound, visits at the ends of
// time, educators with no id.
func oddDatasets() map[string]*model.Dataset {
	odd := newDataset()
	odd.Policy = model.Policy{MaxVisitsPerDay: math.MinInt, MaxVisitsPerWeek: math.MaxInt, PartnerLoadCap: math.MaxInt,
		VisitLength: math.MaxInt64, TravelBuffer: math.MinInt64, MaxGroupSize: math.MaxInt, MinGap: math.MinInt}
	odd.Educators = []model.Educator{{}, edu("E1", model.Certificated), edu("E2", model.Classified, available(model.Window{Start: math.MinInt, End: math.MaxInt}))}
	addFamily(odd, "F1", "E1", true)
	addVisit(odd, "V1", "F1", time.Unix(math.MaxInt64/2, 0), "E1")
	addVisit(odd, "V2", "F1", time.Time{}, "E1")
	odd.Visits[1].Duration = math.MinInt64
	odd.PastPairs = []model.PastPair{{}, {Educators: []model.EducatorID{"E1"}}}
	return map[string]*model.Dataset{"empty": {}, "no people": newDataset(), "odd": odd}
}

func TestNilSafety(t *testing.T) {
	nilsafe.Check(t, ".", nilsafe.Cases{
		"Assignment.Explain":  func(t *testing.T) { require.NotEmpty(t, Assignment{}.Explain()) },
		"DefaultPartnerCosts": func(t *testing.T) { require.NotZero(t, DefaultPartnerCosts()) },
		"DefaultTeamWeights":  func(t *testing.T) { require.NotZero(t, DefaultTeamWeights()) },
		"EdgeError.Error": func(t *testing.T) {
			require.Equal(t, "<nil>", (*EdgeError)(nil).Error())
			require.NotEmpty(t, new(EdgeError).Error())
		},
		"EdgeError.Unwrap": func(t *testing.T) {
			require.Nil(t, (*EdgeError)(nil).Unwrap())
			require.Nil(t, new(EdgeError).Unwrap())
		},
		"Exclusions.String": func(t *testing.T) { require.NotEmpty(t, Exclusions{}.String()) },
		"Match": func(t *testing.T) {
			for _, n := range []int{math.MinInt, -1, MaxVertices + 1, 1 << 40, math.MaxInt} {
				m, err := Match(n, nil, MatchOptions{})
				require.ErrorIs(t, err, ErrVertexCount, "n %d", n)
				require.Nil(t, m.Mate)
			}
			m, err := Match(0, nil, MatchOptions{MaxCardinality: true})
			require.NoError(t, err)
			require.Empty(t, m.Mate)
			for _, e := range []Edge{{U: math.MinInt, V: 0}, {U: 0, V: math.MaxInt}, {U: 0, V: 1, W: math.MinInt64}, {U: 0, V: 1, W: math.MaxInt64}} {
				_, err := Match(2, []Edge{e}, MatchOptions{})
				require.Error(t, err, "%+v", e)
			}
			// A large graph with one edge at its far end: the solver sees
			// two vertices, the result has them all.
			const n = 1 << 20
			m, err = Match(n, []Edge{{U: 0, V: n - 1, W: MaxWeight}}, MatchOptions{})
			require.NoError(t, err)
			require.Len(t, m.Mate, n)
			require.Equal(t, n-1, m.Mate[0])
			require.Equal(t, -1, m.Mate[1])
			require.Equal(t, MaxWeight, m.Total)
		},
		"Matching.Size": func(t *testing.T) { require.Zero(t, Matching{}.Size()) },
		"MaxWeightMatching": func(t *testing.T) {
			for _, n := range []int{MaxVertices + 1, 1 << 40, math.MaxInt} {
				mate, total := MaxWeightMatching(n, []Edge{{U: 0, V: 1, W: 1}})
				require.Nil(t, mate, "n %d", n)
				require.Zero(t, total)
			}
			mate, total := MaxWeightMatching(math.MinInt, nil)
			require.Empty(t, mate)
			require.Zero(t, total)
			mate, total = MaxWeightMatching(3, []Edge{{U: math.MinInt}, {U: 0, V: 2, W: math.MaxInt64}, {U: 2, V: 1, W: 5}, {U: 1, V: 2, W: 7}})
			require.Equal(t, []int{-1, 2, 1}, mate)
			require.Equal(t, int64(7), total)
		},
		"PairScore.Explain": func(t *testing.T) { require.NotEmpty(t, PairScore{SharedMinutes: math.MinInt}.Explain()) },
		"PartnerCost.Total": func(t *testing.T) { require.Zero(t, PartnerCost{}.Total()) },
		"TeamPlan.Unplaced": func(t *testing.T) { require.Empty(t, TeamPlan{}.Unplaced()) },
		"TeamScore.Total":   func(t *testing.T) { require.Zero(t, TeamScore{}.Total()) },
		"Partners": func(t *testing.T) {
			_, err := Partners(nil, PartnerOptions{})
			require.ErrorIs(t, err, ErrOptions)
			_, err = Partners(newDataset(), PartnerOptions{Costs: PartnerCosts{SameRole: math.MinInt64}})
			require.ErrorIs(t, err, ErrOptions)
			for name, ds := range oddDatasets() {
				for _, opt := range []PartnerOptions{{}, {AcrossSchools: true, AssumeAvailable: true, Visits: []model.VisitID{"", "V1", "V1", "nope"}}} {
					_, err := Partners(ds, opt)
					require.NoError(t, err, name)
				}
			}
		},
		"Teams": func(t *testing.T) {
			_, err := Teams(nil, time.Time{}, TeamOptions{})
			require.ErrorIs(t, err, ErrOptions)
			_, err = Teams(newDataset(), time.Time{}, TeamOptions{Weights: TeamWeights{Base: math.MaxInt64}})
			require.ErrorIs(t, err, ErrOptions)
			for name, ds := range oddDatasets() {
				for _, opt := range []TeamOptions{{}, {Schools: []model.SchoolID{"", "S1"}, AsOf: model.NewDate(math.MaxInt32, 1, 1)}} {
					for _, at := range []time.Time{{}, time.Unix(math.MinInt64, 0), time.Unix(math.MaxInt64, 0)} {
						_, err := Teams(ds, at, opt)
						require.NoError(t, err, name)
					}
				}
			}
		},
	})
}
