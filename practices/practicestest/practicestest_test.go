package practicestest_test

import (
	"bytes"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/practices/practicestest"
)

// check adapts practices.Check to a Checker.
func check(ds *model.Dataset, asOf time.Time) ([]string, error) {
	rep, err := practices.Check(ds, asOf, nil)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, f := range rep.Findings {
		ids = append(ids, f.Rule)
	}
	return ids, nil
}

func TestCheckConforms(t *testing.T) {
	require.NoError(t, practicestest.TestChecker(check, 8, 1))
}

func TestTestCheckerFindsFaults(t *testing.T) {
	drop := func(rule string) practicestest.Checker {
		return func(ds *model.Dataset, asOf time.Time) ([]string, error) {
			ids, err := check(ds, asOf)
			return slices.DeleteFunc(ids, func(id string) bool { return id == rule }), err
		}
	}
	var ce *practicestest.CheckerError

	err := practicestest.TestChecker(drop("P5.pair"), 1, 3)
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, ce.Missed(), "P5.pair")
	assert.NotContains(t, ce.FalselyRaised(), "P5.pair")
	assert.Contains(t, err.Error(), "violating P5.pair dataset (seed 3): misses P5.pair")

	strict := func(ds *model.Dataset, asOf time.Time) ([]string, error) {
		ids, err := check(ds, asOf)
		for _, v := range ds.Visits {
			if v.Duration != model.Duration(35*time.Minute) && v.Status == model.Completed {
				return append(ids, "P3.duration"), err
			}
		}
		return ids, err
	}
	require.ErrorAs(t, practicestest.TestChecker(strict, 1, 3), &ce)
	assert.Equal(t, []string{"P3.duration"}, ce.FalselyRaised())

	invented := func(ds *model.Dataset, asOf time.Time) ([]string, error) { return []string{"P9.made-up"}, nil }
	require.ErrorAs(t, practicestest.TestChecker(invented, 1, 3), &ce)
	assert.Contains(t, ce.FalselyRaised(), "P9.made-up")

	panics := func(ds *model.Dataset, asOf time.Time) ([]string, error) { panic("boom") }
	err = practicestest.TestChecker(panics, 1, 3)
	require.ErrorAs(t, err, &ce)
	assert.ErrorContains(t, ce.Mismatches[0].Err, "checker panicked: boom")

	fails := errors.New("database down")
	failing := func(ds *model.Dataset, asOf time.Time) ([]string, error) { return nil, fails }
	require.ErrorAs(t, practicestest.TestChecker(failing, 1, 3), &ce)
	assert.ErrorIs(t, ce.Mismatches[0].Err, fails)

	mutating := func(ds *model.Dataset, asOf time.Time) ([]string, error) {
		ids, err := check(ds, asOf)
		ds.Visits = nil
		return ids, err
	}
	require.ErrorAs(t, practicestest.TestChecker(mutating, 1, 3), &ce)
	assert.ErrorContains(t, ce.Mismatches[0].Err, "modified the dataset")
}

func TestGeneratedDatasetsAreValid(t *testing.T) {
	gens := map[string]*rapid.Generator[*model.Dataset]{
		"arbitrary": practicestest.Dataset(),
		"compliant": practicestest.CompliantDataset(),
	}
	for _, r := range practices.Rules() {
		gens[r.ID] = practicestest.Violating(r.ID)
	}
	for name, g := range gens {
		t.Run(name, func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				ds := g.Draw(t, "dataset")
				require.NoError(t, ds.Validate())
				var buf bytes.Buffer
				require.NoError(t, model.EncodeDataset(&buf, ds, model.EncodeOptions{IncludeContacts: true}))
				back, err := model.DecodeDataset("generated.json", bytes.NewReader(buf.Bytes()))
				require.NoError(t, err)
				var again bytes.Buffer
				require.NoError(t, model.EncodeDataset(&again, back, model.EncodeOptions{IncludeContacts: true}))
				require.Equal(t, buf.String(), again.String())
			})
		})
	}
}

func TestGeneratorsAreDeterministic(t *testing.T) {
	encode := func(ds *model.Dataset) string {
		var buf bytes.Buffer
		require.NoError(t, model.EncodeDataset(&buf, ds, model.EncodeOptions{IncludeContacts: true, Compact: true}))
		return buf.String()
	}
	for _, g := range []*rapid.Generator[*model.Dataset]{practicestest.Dataset(), practicestest.CompliantDataset(), practicestest.Violating("P5.pair")} {
		assert.Equal(t, encode(g.Example(42)), encode(g.Example(42)))
	}
}

func TestViolatingUnknownRulePanics(t *testing.T) {
	assert.PanicsWithValue(t, `practicestest: Violating: unknown rule "P9.nothing"`, func() { practicestest.Violating("P9.nothing") })
}

func TestImplied(t *testing.T) {
	assert.Equal(t, []string{"P5.reflection"}, practicestest.Implied("P5.pair"))
	assert.Equal(t, []string{"P1.notice"}, practicestest.Implied("P1.arranged-in-advance"))
	assert.Equal(t, []string{"P1.family-consent"}, practicestest.Implied("P1.declined-respected"))
	assert.Empty(t, practicestest.Implied("P3.duration"))
	assert.Nil(t, practicestest.Implied("P9.nothing"))
}

func TestAsOf(t *testing.T) {
	ds := practicestest.CompliantDataset().Example(1)
	asOf := practicestest.AsOf(ds)
	local := asOf.In(ds.Calendar.Location())
	assert.Equal(t, ds.Year.LastDay.AddDays(1), model.DateOf(local))
	assert.Equal(t, 12, local.Hour())
}

// A checker that counts interpreters toward the pair is caught: the P5.pair
// cases sometimes bring an interpreter to the solo visit.
func TestTestCheckerCatchesInterpretersCountedAsPartners(t *testing.T) {
	countsInterpreters := func(ds *model.Dataset, asOf time.Time) ([]string, error) {
		rep, err := practices.Check(ds, asOf, nil)
		if err != nil {
			return nil, err
		}
		withInterpreter := map[string]bool{}
		for _, v := range ds.Visits {
			if len(v.Interpreters) > 0 && len(v.Visitors)+len(v.Interpreters) >= 2 {
				withInterpreter[string(v.ID)] = true
			}
		}
		var ids []string
		for _, f := range rep.Findings {
			if (f.Rule == "P5.pair" || f.Rule == "P5.reflection") && withInterpreter[f.Records[0]] {
				continue
			}
			ids = append(ids, f.Rule)
		}
		return ids, nil
	}
	var ce *practicestest.CheckerError
	require.ErrorAs(t, practicestest.TestChecker(countsInterpreters, 8, 1), &ce)
	require.Contains(t, ce.Error(), "P5.pair")
}
