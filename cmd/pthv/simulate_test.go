package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
