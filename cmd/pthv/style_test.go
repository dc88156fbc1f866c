package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
)

// lines counts the line breaks of the file at path.
func lines(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return bytes.Count(data, []byte("\n"))
}

func decodeFile(t *testing.T, path string) *model.Dataset {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	ds, err := model.DecodeDatasetBytes(path, data)
	require.NoError(t, err)
	return ds
}

// TestSynthWritesCompactUnlessIndented: synth writes a dataset on one
// line, and indented with --indent; both hold the same dataset.
func TestSynthWritesCompactUnlessIndented(t *testing.T) {
	dir := t.TempDir()
	compact, indented := filepath.Join(dir, "compact.json"), filepath.Join(dir, "indented.json")
	code, _, stderr := pthv(t, "synth", "--schools", "1", "--students-per-school", "60", "-o", compact)
	require.Equal(t, exitOK, code, stderr)
	code, _, stderr = pthv(t, "synth", "--schools", "1", "--students-per-school", "60", "--indent", "-o", indented)
	require.Equal(t, exitOK, code, stderr)
	require.Equal(t, 1, lines(t, compact))
	require.Greater(t, lines(t, indented), 100)
	require.Equal(t, decodeFile(t, indented), decodeFile(t, compact))
}

// TestUpdateKeepsTheFileStyle: a command that records something in a
// dataset file writes it back as the file was written, compact or
// indented.
func TestUpdateKeepsTheFileStyle(t *testing.T) {
	for _, indent := range []bool{false, true} {
		dir := t.TempDir()
		path := filepath.Join(dir, "district.json")
		args := []string{"synth", "--schools", "1", "--students-per-school", "60", "-o", path}
		if indent {
			args = append(args, "--indent")
		}
		code, _, stderr := pthv(t, args...)
		require.Equal(t, exitOK, code, stderr)
		before := lines(t, path)
		log := filepath.Join(dir, "visits.csv")
		code, _, stderr = pthv(t, "export", "visits", path, "-o", log)
		require.Equal(t, exitOK, code, stderr)
		code, _, stderr = pthv(t, "import", "visits", log, "--into", path)
		require.Equal(t, exitOK, code, stderr)
		if indent {
			require.Greater(t, lines(t, path), 100, "still indented")
			require.InDelta(t, before, lines(t, path), float64(before)/10)
		} else {
			require.Equal(t, 1, lines(t, path), "still compact")
		}
		// Written to another file, an update keeps the input's style too.
		other := filepath.Join(dir, "other.json")
		code, _, stderr = pthv(t, "import", "visits", log, "--into", path, "-o", other)
		require.Equal(t, exitOK, code, stderr)
		require.Equal(t, indent, lines(t, other) > 1)
	}
}

// TestSynthScale: --scale multiplies the number of schools.
func TestSynthScale(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scaled.json")
	code, _, stderr := pthv(t, "synth", "--schools", "2", "--students-per-school", "40", "--scale", "3", "-o", path)
	require.Equal(t, exitOK, code, stderr)
	require.Len(t, decodeFile(t, path).Schools, 6)
	code, _, stderr = pthv(t, "synth", "--scale", "0")
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "--scale 0: want 1 or more")
}
