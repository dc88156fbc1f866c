package synth_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/internal/nilsafe"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/synth"
)

func TestNilSafety(t *testing.T) {
	nilsafe.Check(t, ".", nilsafe.Cases{
		"Compliant": func(t *testing.T) { require.Empty(t, synth.Compliant().ByRule()) },
		"Config.Validate": func(t *testing.T) {
			require.ErrorIs(t, synth.Config{}.Validate(), synth.ErrConfig)
			c := synth.DefaultConfig()
			c.Schools, c.StudentsPerSchool, c.EducatorsPerSchool, c.ClassSize = math.MaxInt, math.MinInt, math.MaxInt, -1
			c.ELLRate, c.IEPRate, c.OptInRate = math.NaN(), math.Inf(1), math.Inf(-1)
			c.Deviations.Solo = math.NaN()
			c.SchoolHours = model.Hours{Start: math.MinInt, End: math.MaxInt}
			c.Year.SummerStart = model.NewDate(1, 1, 1)
			require.ErrorIs(t, c.Validate(), synth.ErrConfig)
		},
		"ConfigError.Error": func(t *testing.T) {
			require.Equal(t, "<nil>", (*synth.ConfigError)(nil).Error())
			require.Equal(t, "synth: Config.: ", new(synth.ConfigError).Error())
		},
		"ConfigError.Unwrap": func(t *testing.T) {
			require.ErrorIs(t, (*synth.ConfigError)(nil).Unwrap(), synth.ErrConfig)
		},
		"DefaultConfig": func(t *testing.T) { require.NoError(t, synth.DefaultConfig().Validate()) },
		"FamilySizes": func(t *testing.T) {
			require.InDelta(t, 1, synth.FamilySizes()[0]+synth.FamilySizes()[1]+synth.FamilySizes()[2], 1e-12)
		},
		"Secondary": func(t *testing.T) {
			require.False(t, synth.Secondary(-1))
			require.False(t, synth.Secondary(math.MinInt))
			require.True(t, synth.Secondary(1))
			require.True(t, synth.Secondary(math.MaxInt-2)) // 9223372036854775805 % 10 == 5: middle
		},
		"DefaultYear":    func(t *testing.T) { require.False(t, synth.DefaultYear().FirstDay.IsZero()) },
		"DemoDeviations": func(t *testing.T) { require.NotEmpty(t, synth.DemoDeviations().ByRule()) },
		"Deviations.ByRule": func(t *testing.T) {
			require.Empty(t, synth.Deviations{}.ByRule())
			require.Len(t, synth.Deviations{Solo: math.NaN(), Lapses: 1}.ByRule(), 1)
		},
		"District": func(t *testing.T) {
			ds, err := synth.District(synth.Config{}, 0)
			require.ErrorIs(t, err, synth.ErrConfig)
			require.Nil(t, ds)
			c := synth.DefaultConfig()
			c.InviteShare = math.NaN()
			_, err = synth.District(c, math.MaxUint64)
			require.ErrorIs(t, err, synth.ErrConfig)
			c = synth.DefaultConfig()
			c.Schools, c.StudentsPerSchool, c.EducatorsPerSchool, c.ClassSize = 1, 1, 3, 200
			c.OptInRate, c.InviteShare, c.AcceptRate, c.SecondVisitRate = 0, 1, 1, 1
			c.Deviations = synth.Deviations{Solo: 1, DropIn: 1, Untrained: 1, NotOptedIn: 1, NoConsent: 1, AfterDecline: 1,
				AgendaOnFirst: 1, NoReflection: 1, Unpaid: 1, Targeted: 1, Mandate: 1, Lapses: 1}
			ds, err = synth.District(c, math.MaxUint64)
			require.NoError(t, err)
			require.NoError(t, ds.Validate())
		},
		"NationalConfig": func(t *testing.T) { require.NoError(t, synth.NationalConfig().Validate()) },
		"Deviations.Rates": func(t *testing.T) {
			require.Len(t, synth.Deviations{}.Rates(), 11)
			require.True(t, math.IsNaN(synth.Deviations{Solo: math.NaN()}.Rates()[0].Rate))
		},
		"FundingSourceFor": func(t *testing.T) {
			for _, u := range []float64{math.NaN(), math.Inf(-1), math.Inf(1), -1, 2} {
				require.NotEmpty(t, synth.FundingSourceFor(u, true))
				require.NotEmpty(t, synth.FundingSourceFor(u, false))
			}
		},
		"SchoolID": func(t *testing.T) {
			require.Equal(t, model.SchoolID("S001"), synth.SchoolID(0, 0))
			require.Equal(t, model.SchoolID("S000"), synth.SchoolID(-1, math.MinInt))
			require.NotEmpty(t, synth.SchoolID(math.MaxInt-1, math.MaxInt))
			require.NotEmpty(t, synth.SchoolID(math.MinInt, math.MaxInt))
		},
	})
}
