package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/simulate"
)

func TestSimulate(t *testing.T) {
	out := filepath.Join(t.TempDir(), "runs.csv")
	code, stdout, stderr := pthv(t, "simulate", "--design", "../../simulate/testdata/design.json",
		"--sweep", "../../simulate/testdata/sweep.json", "--runs", "2", "--seed", "7", "--fast", "-o", out)
	require.Equal(t, exitOK, code, stderr)
	assert.NotEmpty(t, stdout, "a summary on stdout")
	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Greater(t, len(rows), 1)
	assert.Equal(t, "run_id", rows[0][0])
	assert.Zero(t, (len(rows)-1)%2, "runs × designs rows")

	// Three consecutive years: one row per replication and year.
	years := filepath.Join(t.TempDir(), "years.csv")
	code, _, stderr = pthv(t, "simulate", "--runs", "2", "--fast", "--years", "3", "-o", years)
	require.Equal(t, exitOK, code, stderr)
	yf, err := os.ReadFile(years)
	require.NoError(t, err)
	yrows, err := csv.NewReader(strings.NewReader(string(yf))).ReadAll()
	require.NoError(t, err)
	require.Len(t, yrows, 1+2*3)
	col := -1
	for i, c := range yrows[0] {
		if c == "year" {
			col = i
		}
	}
	require.GreaterOrEqual(t, col, 0, "a year column")
	for i, row := range yrows[1:] {
		assert.Equal(t, string(rune('1'+i%3)), row[col])
	}
	code, _, _ = pthv(t, "simulate", "--runs", "1", "--fast", "--years", "11")
	assert.Equal(t, exitUsage, code)

	code, _, stderr = pthv(t, "simulate", "--design", "../../simulate/testdata/design.json", "--runs", "0")
	assert.Equal(t, exitUsage, code)
	assert.NotEmpty(t, stderr)

	bad := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"acceptance": {"rat": 0.5}}`), 0o644))
	code, _, stderr = pthv(t, "simulate", "--design", bad, "--runs", "1")
	assert.Equal(t, exitUsage, code)
	assert.True(t, strings.Contains(stderr, "bad.json"), stderr)
}

// TestSimulateTemplate: the template is the default design, and a design
// file read over the defaults.
func TestSimulateTemplate(t *testing.T) {
	code, stdout, stderr := pthv(t, "simulate", "template")
	require.Equal(t, exitOK, code, stderr)
	d, err := simulate.DecodeDesign("template", strings.NewReader(stdout))
	require.NoError(t, err)
	require.Equal(t, simulate.DefaultDesign(), d)
	assert.Contains(t, stdout, `"model": "step"`)
	assert.Contains(t, stdout, `"interval": null`)
}

// TestSimulateShardsMerge: a sweep run as N = 1, 3 and 7 shards and
// joined by "pthv simulate merge" — or by the documented cat/tail line —
// is the single run byte for byte; the merged meta file repeats it.
func TestSimulateShardsMerge(t *testing.T) {
	dir := t.TempDir()
	base := []string{"simulate", "--sweep", "../../simulate/testdata/sweep.json", "--runs", "2", "--seed", "s7", "--fast"}
	whole := filepath.Join(dir, "whole.csv")
	code, _, stderr := pthv(t, append(base, "-o", whole)...)
	require.Equal(t, exitOK, code, stderr)
	want, err := os.ReadFile(whole)
	require.NoError(t, err)
	for _, n := range []int{1, 3, 7} {
		var parts []string
		var shell []byte
		for k := 1; k <= n; k++ {
			p := filepath.Join(dir, fmt.Sprintf("n%d-%d.csv", n, k))
			code, stdout, stderr := pthv(t, append(base, "--shard", fmt.Sprintf("%d/%d", k, n), "-o", p)...)
			require.Equal(t, exitOK, code, stderr)
			if n > 1 {
				assert.Contains(t, stdout, fmt.Sprintf("shard %d/%d", k, n))
			}
			meta, err := os.ReadFile(metaPath(p))
			require.NoError(t, err)
			assert.Contains(t, string(meta), fmt.Sprintf(`"shard": "%d/%d"`, k, n))
			parts = append(parts, p)
			body, err := os.ReadFile(p)
			require.NoError(t, err)
			if k > 1 { // tail -n +2
				_, body, _ = bytes.Cut(body, []byte("\n"))
			}
			shell = append(shell, body...)
		}
		require.Equal(t, string(want), string(shell), "cat/tail, N = %d", n)
		merged := filepath.Join(dir, fmt.Sprintf("merged-%d.csv", n))
		code, _, stderr := pthv(t, append([]string{"simulate", "merge", "-o", merged}, parts...)...)
		require.Equal(t, exitOK, code, stderr)
		got, err := os.ReadFile(merged)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got), "merge, N = %d", n)

		again := filepath.Join(dir, fmt.Sprintf("again-%d.csv", n))
		code, _, stderr = pthv(t, "simulate", "--rerun", metaPath(merged), "-o", again)
		require.Equal(t, exitOK, code, stderr)
		got, err = os.ReadFile(again)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got), "the merged meta repeats the run, N = %d", n)
	}
	// Shards out of order, or of different runs, are refused.
	code, _, stderr = pthv(t, "simulate", "merge", "-o", filepath.Join(dir, "bad.csv"),
		filepath.Join(dir, "n3-2.csv"), filepath.Join(dir, "n3-1.csv"), filepath.Join(dir, "n3-3.csv"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "should hold 1/3")
}

// TestSimulateYearsShardsMerge: a three-year run of the real planners,
// split in three shards and merged, is the unsharded run byte for byte —
// each replication's years stay together in one shard.
func TestSimulateYearsShardsMerge(t *testing.T) {
	dir := t.TempDir()
	design := filepath.Join(dir, "design.json")
	require.NoError(t, os.WriteFile(design, []byte(`{"id":"years","district":{"schools":2,"students_per_school":120}}`), 0o644))
	base := []string{"simulate", "--design", design, "--years", "3", "--runs", "4", "--seed", "11"}
	whole := filepath.Join(dir, "whole.csv")
	code, _, stderr := pthv(t, append(base, "-o", whole)...)
	require.Equal(t, exitOK, code, stderr)
	want, err := os.ReadFile(whole)
	require.NoError(t, err)
	require.Equal(t, 1+4*3, bytes.Count(want, []byte("\n")), "a header and a row per replication and year")
	var parts []string
	for k := 1; k <= 3; k++ {
		p := filepath.Join(dir, fmt.Sprintf("shard-%d.csv", k))
		code, _, stderr := pthv(t, append(base, "--shard", fmt.Sprintf("%d/3", k), "-o", p)...)
		require.Equal(t, exitOK, code, stderr)
		parts = append(parts, p)
	}
	merged := filepath.Join(dir, "merged.csv")
	code, _, stderr = pthv(t, append([]string{"simulate", "merge", "-o", merged}, parts...)...)
	require.Equal(t, exitOK, code, stderr)
	got, err := os.ReadFile(merged)
	require.NoError(t, err)
	require.Equal(t, string(want), string(got))
}

// TestSimulateMetaReproducesTheRun: --rerun with the meta file writes the
// same CSV byte for byte; the meta file names the program, the command
// and every design with its hash.
func TestSimulateMetaReproducesTheRun(t *testing.T) {
	dir := t.TempDir()
	first := filepath.Join(dir, "runs.csv")
	args := []string{"simulate", "--design", "../../simulate/testdata/design.json", "--runs", "3", "--seed", "12345", "--fast", "-o", first}
	code, stdout, stderr := pthv(t, args...)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "wrote "+filepath.Join(dir, "runs.meta.json"))
	raw, err := os.ReadFile(filepath.Join(dir, "runs.meta.json"))
	require.NoError(t, err)
	m, err := simulate.DecodeMeta("runs.meta.json", bytes.NewReader(raw))
	require.NoError(t, err)
	assert.Equal(t, args, m.CommandLine[1:])
	assert.Equal(t, "pthv", m.Tool)
	assert.NotEmpty(t, m.Version)
	assert.Equal(t, "cross-section-30", m.Designs[0].ID)
	assert.Len(t, m.DesignSHA256, 64)
	assert.Contains(t, m.Outputs, "runs.csv")

	second := filepath.Join(dir, "again.csv")
	code, _, stderr = pthv(t, "simulate", "--rerun", filepath.Join(dir, "runs.meta.json"), "-o", second)
	require.Equal(t, exitOK, code, stderr)
	a, _ := os.ReadFile(first)
	b, _ := os.ReadFile(second)
	require.Equal(t, string(a), string(b))
	sum := sha256.Sum256(b)
	assert.Equal(t, hex.EncodeToString(sum[:]), m.Outputs["runs.csv"])

	code, _, stderr = pthv(t, "simulate", "--rerun", filepath.Join(dir, "runs.meta.json"), "--runs", "2")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "leave out --runs")
}

// TestSimulateSeedColumnReadsBack: a seed column value is accepted by
// --seed, and with --exact-seed repeats its row.
func TestSimulateSeedColumnReadsBack(t *testing.T) {
	code, stdout, stderr := pthv(t, "simulate", "--runs", "3", "--seed", "s10451216379200822465", "--fast", "-o", "-")
	require.Equal(t, exitOK, code, stderr)
	rows, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	require.NoError(t, err)
	row, seed := rows[2], slices.Index(rows[0], "seed")
	require.Regexp(t, `^s[0-9]+$`, row[seed])
	code, stdout, stderr = pthv(t, "simulate", "--runs", "1", "--seed", row[seed], "--exact-seed", "--fast", "-o", "-")
	require.Equal(t, exitOK, code, stderr)
	again, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, row[seed:], again[1][seed:])
	for _, bad := range []string{"-1", "0x10", "1e5", "seed"} {
		code, _, stderr = pthv(t, "simulate", "--runs", "1", "--seed", bad, "--fast")
		assert.Equal(t, exitUsage, code, bad)
		assert.Contains(t, stderr, "--seed")
	}
}

func TestSimulatePlot(t *testing.T) {
	dir := t.TempDir()
	sweep := filepath.Join(dir, "sweep.json")
	require.NoError(t, os.WriteFile(sweep, []byte(`{"grid": {"invite_share": [0.05, 0.2, 0.5]}}`), 0o644))
	plots := filepath.Join(dir, "charts")
	code, stdout, stderr := pthv(t, "simulate", "--sweep", sweep, "--runs", "3", "--fast", "--plot", plots)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "chart(s) to "+plots)
	svg, err := os.ReadFile(filepath.Join(plots, "chronically_absent_fewer__vs__invite_share.svg"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(svg), "<svg "))
	assert.Contains(t, string(svg), "Associations from one observational study")
	code, _, stderr = pthv(t, "simulate", "--fast", "--shard", "1/2", "--plot", plots)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "--plot")
}

func TestSimulatePower(t *testing.T) {
	code, stdout, stderr := pthv(t, "simulate", "power", "--replications", "300")
	require.Equal(t, exitOK, code, stderr)
	for _, want := range []string{"power to detect risk ratio 0.78", "minimum detectable effect", "design effect 1 + (m − 1)·ICC",
		"Welch t-test on school rates", "Assumptions:", "not a causal effect"} {
		assert.Contains(t, stdout, want)
	}
	code, stdout, stderr = pthv(t, "simulate", "power", "--replications", "200", "--format", "json", "--icc", "0.1")
	require.Equal(t, exitOK, code, stderr)
	var res struct {
		DesignEffect float64  `json:"design_effect"`
		Power        float64  `json:"power"`
		Method       []string `json:"method"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &res))
	assert.InDelta(t, 1+399*0.1, res.DesignEffect, 1e-9)
	assert.NotEmpty(t, res.Method)
	code, _, stderr = pthv(t, "simulate", "power", "--icc", "2")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "power.icc")
}

// TestSimulateCSVReadsTypedInRAndPandas runs scripts/check-csv-types: R's
// read.csv and pandas' read_csv read every column of a runs CSV with the
// type its meta file declares, and a CSV with all-digit seeds (as before)
// is caught. It needs Rscript and python3-pandas; it skips without them
// unless PTHV_REQUIRE_R=1 (as CI sets it).
func TestSimulateCSVReadsTypedInRAndPandas(t *testing.T) {
	_, errR := exec.LookPath("Rscript")
	errPandas := exec.Command("/usr/bin/python3", "-c", "import pandas").Run()
	if errR != nil || errPandas != nil {
		if os.Getenv("PTHV_REQUIRE_R") == "1" {
			t.Fatalf("PTHV_REQUIRE_R=1 but R or pandas is missing: Rscript: %v; pandas: %v", errR, errPandas)
		}
		t.Skip("Rscript or python3-pandas not installed (set PTHV_REQUIRE_R=1 to require them)")
	}
	dir := t.TempDir()
	runs := filepath.Join(dir, "runs.csv")
	code, _, stderr := pthv(t, "simulate", "--sweep", "../../simulate/testdata/sweep.json", "--runs", "2", "--fast", "-o", runs)
	require.Equal(t, exitOK, code, stderr)
	out, err := exec.Command("../../scripts/check-csv-types", runs).CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Equal(t, 2, strings.Count(string(out), "0 problem(s)"), string(out))

	raw, err := os.ReadFile(runs)
	require.NoError(t, err)
	digits := regexp.MustCompile(`,s([0-9]+),`).ReplaceAll(raw, []byte(",$1,"))
	old := filepath.Join(dir, "old.csv")
	require.NoError(t, os.WriteFile(old, digits, 0o644))
	out, err = exec.Command("../../scripts/check-csv-types", old, filepath.Join(dir, "runs.meta.json")).CombinedOutput()
	require.Error(t, err, "all-digit seeds are read as numbers: %s", out)
	assert.Contains(t, string(out), "seed: declared seed")
}

// TestSimulationHeapLeavesGOGCToTheUser: a real-planner run collects at
// simulationGCPercent, capped at simulationLimit, for as long as it lasts, then puts both settings back; a user's GOGC or GOMEMLIMIT
// stands.
func TestSimulationHeapLeavesGOGCToTheUser(t *testing.T) {
	t.Setenv("GOGC", "")
	os.Unsetenv("GOGC")
	t.Setenv("GOMEMLIMIT", "")
	os.Unsetenv("GOMEMLIMIT")
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	beforeLimit := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetMemoryLimit(beforeLimit)

	restore := readySimulationHeap()
	require.Equal(t, simulationGCPercent, debug.SetGCPercent(-1), "while the run lasts")
	require.Equal(t, int64(simulationLimit), debug.SetMemoryLimit(-1), "while the run lasts")
	restore()
	require.Equal(t, 100, debug.SetGCPercent(100), "after the run")
	require.Equal(t, int64(math.MaxInt64), debug.SetMemoryLimit(-1), "after the run")

	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, "50")
			debug.SetGCPercent(50)
			restore := readySimulationHeap()
			require.Equal(t, 50, debug.SetGCPercent(50), "the user's setting stands")
			require.Equal(t, int64(math.MaxInt64), debug.SetMemoryLimit(-1), "the user's setting stands")
			restore()
			require.Equal(t, 50, debug.SetGCPercent(100))
		})
	}
}

// TestRaiseLimitKeepsHeadroom: the limit never falls, and stays at least
// simulationHeadroom times the live heap.
func TestRaiseLimitKeepsHeadroom(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		limit := rapid.Int64Range(1, 1<<40).Draw(t, "limit")
		live := rapid.Int64Range(0, 1<<40).Draw(t, "live")
		got := raiseLimit(limit, live)
		require.GreaterOrEqual(t, got, limit)
		require.GreaterOrEqual(t, got, simulationHeadroom*live)
		require.True(t, got == limit || got == simulationHeadroom*live)
	})
}

// TestKeepHeadroomRaisesTheLimit: with a limit below the live heap, the
// guard raises it to simulationHeadroom times the live heap, and stops
// when told.
func TestKeepHeadroomRaisesTheLimit(t *testing.T) {
	before := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetMemoryLimit(before)
	runtime.GC() // the live heap, measured
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		keepHeadroom(stop, 1)
	}()
	require.Eventually(t, func() bool {
		l := debug.SetMemoryLimit(-1)
		return l > 1 && l != math.MaxInt64
	}, 5*time.Second, headroomEvery)
	close(stop)
	<-stopped
}
