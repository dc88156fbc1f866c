package model_test

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// everyFieldWithSeed returns testdata/every_field.json with its plan's
// seed written as seed.
func everyFieldWithSeed(t require.TestingT, seed string) string {
	b, err := os.ReadFile("testdata/every_field.json")
	require.NoError(t, err)
	require.Equal(t, 1, bytes.Count(b, []byte(`"seed": 42`)))
	return strings.Replace(string(b), `"seed": 42`, `"seed": `+seed, 1)
}

func TestPlanSeedReadsAsNumberOrString(t *testing.T) {
	tests := []struct {
		seed string
		want uint64
		ok   bool
	}{
		{`42`, 42, true},
		{`"42"`, 42, true},
		{`0`, 0, true},
		{`"0"`, 0, true},
		{`null`, 0, true},
		{`18446744073709551615`, 1<<64 - 1, true},
		{`"18446744073709551615"`, 1<<64 - 1, true},
		{`"10451216379200822465"`, 10451216379200822465, true},
		{`18446744073709551616`, 0, false},
		{`"18446744073709551616"`, 0, false},
		{`-1`, 0, false},
		{`"-1"`, 0, false},
		{`"+1"`, 0, false},
		{`"042"`, 0, false},
		{`""`, 0, false},
		{`" 42"`, 0, false},
		{`"4_2"`, 0, false},
		{`"0x2a"`, 0, false},
		{`4.2e1`, 0, false},
		{`42.0`, 0, false},
		{`true`, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.seed, func(t *testing.T) {
			ds, err := model.DecodeDataset("every_field.json", strings.NewReader(everyFieldWithSeed(t, tt.seed)))
			if !tt.ok {
				require.ErrorIs(t, err, model.ErrInvalid)
				errs := model.ErrorsOf(err)
				require.Len(t, errs, 1)
				require.Equal(t, "seed", errs[0].Field, "%v", err)
				require.Equal(t, `plan "P1"`, errs[0].Record)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, ds.Plans[0].Seed)
		})
	}
}

// TestSeedsAreWrittenAsNumbers shows that pthv writes seeds as JSON
// numbers whichever form it read, and that both forms read the same.
func TestSeedsAreWrittenAsNumbers(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		seed := rapid.Uint64().Draw(t, "seed")
		text := strconv.FormatUint(seed, 10)
		doc := everyFieldWithSeed(t, strconv.Quote(text))
		doc = strings.Replace(doc, `"policy": {`, `"policy": {"monte_carlo_seed": "`+text+`", `, 1)
		ds, err := model.DecodeDataset("every_field.json", strings.NewReader(doc))
		require.NoError(t, err)
		require.Equal(t, seed, ds.Plans[0].Seed)
		require.Equal(t, seed, ds.Policy.MonteCarloSeed)

		var out bytes.Buffer
		require.NoError(t, model.EncodeDataset(&out, ds, model.EncodeOptions{IncludeContacts: true}))
		if seed != 0 { // a zero plan seed is left out
			require.Contains(t, out.String(), `"seed": `+text+",")
		}
		if seed != model.DefaultPolicy().MonteCarloSeed { // a default is left out
			require.Contains(t, out.String(), `"monte_carlo_seed": `+text)
		}
		back, err := model.DecodeDataset("out.json", &out)
		require.NoError(t, err)
		require.Equal(t, ds, back)
	})
}

func TestPolicySeedReadsAsString(t *testing.T) {
	p, err := model.DecodePolicy("policy.json", strings.NewReader(`{"monte_carlo_seed": "10451216379200822465"}`))
	require.NoError(t, err)
	require.Equal(t, uint64(10451216379200822465), p.MonteCarloSeed)

	_, err = model.DecodePolicy("policy.json", strings.NewReader("{\n  \"monte_carlo_seed\": \"1e3\"\n}"))
	require.ErrorIs(t, err, model.ErrInvalid)
	require.ErrorContains(t, err, "policy.json:2: policy: monte_carlo_seed: ")
}
