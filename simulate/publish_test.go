package simulate

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// typedSweep is a sweep whose designs differ in numbers, booleans, text
// and the outcome model, run in both modes by the type tests.
func typedSweep(t *testing.T) []Design {
	t.Helper()
	s, err := DecodeSweep("typed.json", strings.NewReader(`{
		"designs": [
			{"id": "a", "second_visit": {"offered": false}},
			{"id": "b", "selection": {"balance": []}, "compensation": {"budget_cents": 123456, "funding": [{"source": "union", "share": 1}]},
			 "outcomes": {"model": "dose-response", "chronic_absence": {"interval": [0.6, 0.9]}}}
		],
		"grid": {"invite_share": [0.1, 0.4]}
	}`))
	require.NoError(t, err)
	base := smallDesign("typed")
	designs, err := s.Expand(base)
	require.NoError(t, err)
	return designs
}

// checkCell reports whether cell reads as typ the way R's read.csv and
// pandas' read_csv read it with their defaults.
func checkCell(typ ColumnType, cell string) bool {
	switch typ {
	case Integer:
		_, err := strconv.ParseInt(cell, 10, 64)
		return err == nil
	case Number:
		if cell == "NA" || cell == "Inf" || cell == "-Inf" {
			return true
		}
		_, err := strconv.ParseFloat(cell, 64)
		return err == nil && !strings.ContainsAny(cell, "eExXpP")
	case Boolean:
		return cell == "TRUE" || cell == "FALSE"
	case SeedColumn:
		_, err := ParseSeed(cell)
		return err == nil && cell[0] == 's'
	case Text:
		if _, err := strconv.ParseFloat(cell, 64); err == nil {
			return false
		}
		switch strings.ToLower(cell) {
		case "", "na", "nan", "null", "none_", "true", "false", "t", "f", "inf", "-inf":
			return false
		}
		return true
	}
	return false
}

// TestCSVColumnsAreTyped loads the runs CSV of both modes with
// encoding/csv and checks every cell of every column against the
// column's declared type: integers, numbers without exponents or NA,
// TRUE/FALSE, prefixed seeds, and text that no reader takes for a number,
// a boolean or a missing value.
func TestCSVColumnsAreTyped(t *testing.T) {
	designs := typedSweep(t)
	for _, mode := range []Mode{CapacityModel, RealPlanners} {
		t.Run(string(mode), func(t *testing.T) {
			runs := 3
			if mode == RealPlanners {
				runs = 1
			}
			res, err := Run(context.Background(), designs, Options{Runs: runs, Seed: 10451216379200822465, Mode: mode})
			require.NoError(t, err)
			var b bytes.Buffer
			require.NoError(t, res.WriteCSV(&b))
			rows, err := csv.NewReader(&b).ReadAll()
			require.NoError(t, err)
			cols := Columns()
			require.Equal(t, Header(), rows[0])
			require.Len(t, rows, 1+len(designs)*runs)
			for _, row := range rows[1:] {
				require.Len(t, row, len(cols))
				for j, c := range cols {
					require.True(t, checkCell(c.Type, row[j]), "column %s (%s): %q", c.Name, c.Type, row[j])
				}
			}
			seed, err := ParseSeed(rows[1][slices.Index(rows[0], "seed")])
			require.NoError(t, err)
			require.Equal(t, Seed(10451216379200822465, 1), seed, "the seed reads back exactly")

			b.Reset()
			require.NoError(t, res.WriteSchoolsCSV(&b))
			rows, err = csv.NewReader(&b).ReadAll()
			require.NoError(t, err)
			types := []ColumnType{Integer, Text, Integer, Integer, SeedColumn, Text, Integer, Integer, Number, Integer, Integer, Boolean}
			require.Len(t, rows[0], len(types))
			for _, row := range rows[1:] {
				for j, typ := range types {
					require.True(t, checkCell(typ, row[j]), "schools column %s: %q", rows[0][j], row[j])
				}
			}
		})
	}
}

func TestCheckCellCanFail(t *testing.T) {
	for _, c := range []struct {
		typ  ColumnType
		cell string
	}{
		{Integer, "1.5"}, {Number, "1e5"}, {Number, ""}, {Boolean, "true"}, {SeedColumn, "10451216379200822465"},
		{Text, "12"}, {Text, "TRUE"}, {Text, "NA"}, {Text, ""}, {Text, "1e5"},
	} {
		assert.False(t, checkCell(c.typ, c.cell), "%s %q", c.typ, c.cell)
	}
}

func TestColumnsHaveUnits(t *testing.T) {
	units := map[string]string{}
	for _, c := range Columns() {
		units[c.Name] = c.Unit
	}
	assert.Equal(t, "USD", units["pay_usd"])
	assert.Equal(t, "USD", units["pay_usd_union"])
	assert.Equal(t, "USD per hour", units["compensation_certificated_usd_per_hour"])
	assert.Equal(t, "minutes", units["educator_minutes"])
	assert.Equal(t, "share 0-1", units["coverage_district_share"])
	assert.Equal(t, "students", units["chronically_absent_fewer"])
	assert.Equal(t, "ratio", units["outcomes_chronic_absence_estimate"])
	name, cents := publishedName("violations.P1.family-consent")
	assert.Equal(t, "violations_p1_family_consent", name)
	assert.False(t, cents)
	name, _ = publishedName("no_shows")
	assert.Equal(t, "no_shows", name, "a column already in style is kept")
}

// TestMoneyIsInDollars: pay_usd is the cents of the metrics divided by
// 100, written exactly.
func TestMoneyIsInDollars(t *testing.T) {
	res, err := Run(context.Background(), []Design{smallDesign("m")}, Options{Runs: 2, Seed: 4, Mode: CapacityModel})
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, res.WriteCSV(&b))
	rows, err := csv.NewReader(&b).ReadAll()
	require.NoError(t, err)
	col := map[string]int{}
	for j, c := range rows[0] {
		col[c] = j
	}
	for i, row := range rows[1:] {
		cents := res.Replications[i].Metrics.CostCents
		require.Equal(t, strconv.FormatFloat(float64(cents)/100, 'f', -1, 64), row[col["pay_usd"]])
		require.Equal(t, "40", row[col["compensation_certificated_usd_per_hour"]])
	}
}

func TestSeedRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.Uint64().Draw(t, "seed")
		back, err := ParseSeed(FormatSeed(s))
		require.NoError(t, err)
		require.Equal(t, s, back)
		plain, err := ParseSeed(strconv.FormatUint(s, 10))
		require.NoError(t, err)
		require.Equal(t, s, plain, "plain digits are still accepted")
		require.Regexp(t, `^s[0-9]+$`, FormatSeed(s))
	})
}

// TestExactSeedRepeatsARow: a seed read from the seed column, run with
// ExactSeed, gives that row again.
func TestExactSeedRepeatsARow(t *testing.T) {
	d := smallDesign("row")
	res, err := Run(context.Background(), []Design{d}, Options{Runs: 4, Seed: 77, Mode: CapacityModel})
	require.NoError(t, err)
	want := res.Replications[2]
	seed, err := ParseSeed(FormatSeed(want.Seed))
	require.NoError(t, err)
	again, err := Run(context.Background(), []Design{d}, Options{Runs: 1, Seed: seed, ExactSeed: true, Mode: CapacityModel})
	require.NoError(t, err)
	require.Equal(t, want.Seed, again.Replications[0].Seed)
	rowsOf := func(r *Results) [][]string {
		var b bytes.Buffer
		require.NoError(t, r.WriteCSV(&b))
		rows, err := csv.NewReader(&b).ReadAll()
		require.NoError(t, err)
		return rows
	}
	require.Equal(t, rowsOf(res)[3][3:], rowsOf(again)[1][3:], "the same row, but for run_id and replication")
	_, err = Run(context.Background(), []Design{d}, Options{Runs: 2, Seed: seed, ExactSeed: true, Mode: CapacityModel})
	require.ErrorIs(t, err, ErrDesign)
}

// TestShardsConcatenateToTheWholeRun: for N = 1, 3, 7 (and more shards
// than replications), the shards' CSV files joined in order, header once,
// are the single run's bytes; their meta files say which slice they hold.
func TestShardsConcatenateToTheWholeRun(t *testing.T) {
	designs := []Design{smallDesign("x"), smallDesign("y")}
	designs[1].InviteShare = 0.6
	opt := Options{Runs: 5, Seed: 3, Mode: CapacityModel}
	whole, err := Run(context.Background(), designs, opt)
	require.NoError(t, err)
	var want bytes.Buffer
	require.NoError(t, whole.WriteCSV(&want))
	for _, n := range []int{1, 3, 7, 13} {
		var parts []io.Reader
		next := 1
		for k := 1; k <= n; k++ {
			o := opt
			o.Shard = Shard{K: k, N: n}
			o.Workers = k%2 + 1
			res, err := Run(context.Background(), designs, o)
			require.NoError(t, err)
			var b bytes.Buffer
			require.NoError(t, res.WriteCSV(&b))
			parts = append(parts, bytes.NewReader(b.Bytes()))
			m := res.Meta()
			require.Equal(t, Shard{K: k, N: n}.String(), m.Shard)
			require.Equal(t, next, m.FirstRun, "shard %d/%d", k, n)
			require.Equal(t, 10, m.TotalRuns)
			require.Len(t, res.Replications, m.LastRun-m.FirstRun+1)
			next = m.LastRun + 1
		}
		require.Equal(t, 11, next, "the slices cover every replication once")
		var got bytes.Buffer
		require.NoError(t, MergeCSV(&got, nil, parts...))
		require.Equal(t, want.String(), got.String(), "N = %d", n)
	}
}

// TestMetaReproducesTheRun: the meta file, read back, runs the same
// designs with the same options and gives the same CSV byte for byte; an
// edited design is caught by its hash.
func TestMetaReproducesTheRun(t *testing.T) {
	designs := typedSweep(t)
	res, err := Run(context.Background(), designs, Options{Runs: 3, Seed: 12, Mode: CapacityModel, Shard: Shard{K: 2, N: 3}})
	require.NoError(t, err)
	var first, meta bytes.Buffer
	require.NoError(t, res.WriteCSV(&first))
	require.NoError(t, WriteMeta(&meta, res.Meta()))
	m, err := DecodeMeta("runs.meta.json", bytes.NewReader(meta.Bytes()))
	require.NoError(t, err)
	opt, err := m.Options()
	require.NoError(t, err)
	again, err := Run(context.Background(), m.Designs, opt)
	require.NoError(t, err)
	var second bytes.Buffer
	require.NoError(t, again.WriteCSV(&second))
	require.Equal(t, first.String(), second.String())

	edited := bytes.Replace(meta.Bytes(), []byte(`"invite_share": 0.1`), []byte(`"invite_share": 0.2`), 1)
	require.NotEqual(t, meta.Bytes(), edited)
	_, err = DecodeMeta("runs.meta.json", bytes.NewReader(edited))
	require.ErrorIs(t, err, ErrDesign)
	require.ErrorContains(t, err, "design_sha256")

	var raw map[string]any
	require.NoError(t, json.Unmarshal(meta.Bytes(), &raw))
	for _, k := range []string{"format", "tool", "version", "command_line", "designs", "design_sha256", "seed", "shard", "columns", "outcomes"} {
		assert.Contains(t, raw, k)
	}
}

func TestOldOutcomeFieldsNameTheirReplacement(t *testing.T) {
	_, err := DecodeDesign("old.json", strings.NewReader(`{"outcomes": {"chronic_absence_risk_ratio": 0.8}}`))
	require.ErrorIs(t, err, ErrDesign)
	require.ErrorContains(t, err, "outcomes.chronic_absence.estimate")
}

// TestPlotsOfASweep: a sweep of a numeric parameter gives one chart per
// headline metric and projected outcome, each a well-formed SVG document,
// the same bytes every time; outcome charts say what they rest on.
func TestPlotsOfASweep(t *testing.T) {
	s, err := DecodeSweep("s.json", strings.NewReader(`{"designs": [{"id": "step"}, {"id": "dose", "outcomes": {"model": "dose-response"}}],
		"grid": {"invite_share": [0.05, 0.1, 0.3]}}`))
	require.NoError(t, err)
	designs, err := s.Expand(smallDesign("p"))
	require.NoError(t, err)
	res, err := Run(context.Background(), designs, Options{Runs: 4, Seed: 2, Mode: CapacityModel})
	require.NoError(t, err)
	plots := res.Plots()
	require.Len(t, plots, len(plotted())-1, "fidelity is NA in the capacity model")
	for _, p := range plots {
		require.Contains(t, p.Name, "__vs__invite_share")
		require.Len(t, p.Series, 2, p.Name)
		for _, sr := range p.Series {
			require.Len(t, sr.Points, 3)
			require.Less(t, sr.Points[0].X, sr.Points[2].X)
		}
		var a, b bytes.Buffer
		require.NoError(t, p.WriteSVG(&a))
		require.NoError(t, p.WriteSVG(&b))
		require.Equal(t, a.String(), b.String())
		dec := xml.NewDecoder(&a)
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			require.NoError(t, err, p.Name)
		}
		if strings.HasPrefix(p.Name, "chronically_absent_fewer") {
			require.Contains(t, p.Note, "Associations from one observational study")
			require.Contains(t, p.Note, "step, dose-response")
		}
	}
	one, err := Run(context.Background(), designs[:1], Options{Runs: 2, Seed: 2, Mode: CapacityModel})
	require.NoError(t, err)
	require.Empty(t, one.Plots(), "one design: nothing to chart")
}

func TestTicks(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lo := rapid.Float64Range(-1e9, 1e9).Draw(t, "lo")
		hi := lo + rapid.Float64Range(0, 1e9).Draw(t, "span")
		ts := ticks(lo, hi)
		require.NotEmpty(t, ts)
		require.LessOrEqual(t, ts[0], lo+1e-6*math.Max(1, math.Abs(lo)))
		require.GreaterOrEqual(t, ts[len(ts)-1], hi-1e-6*math.Max(1, math.Abs(hi)))
		require.LessOrEqual(t, len(ts), 51)
	})
	require.NotEmpty(t, ticks(math.NaN(), math.Inf(1)))
}

var snake = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

func TestPlotNamesAreFileNames(t *testing.T) {
	for _, m := range plotted() {
		require.Regexp(t, snake, m)
	}
}
