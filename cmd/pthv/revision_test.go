package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestWriteBackRaisesTheRevision: a command that writes a change into a
// dataset raises its revision by one, also when it writes the change to
// another file; writing back the same records leaves it.
func TestWriteBackRaisesTheRevision(t *testing.T) {
	path := synthDataset(t)
	revision := func(path string) int {
		t.Helper()
		ds, err := loadDataset(path)
		require.NoError(t, err)
		return ds.Revision
	}
	require.Zero(t, revision(path))
	require.NotContains(t, readFile(t, path), `"revision"`, "a dataset never written back has none")

	args := append([]string{"plan", path, "--apply", "--as-of", "2025-10-01"}, applyArgs...)
	code, _, stderr := pthv(t, args...)
	require.Equal(t, exitOK, code, stderr)
	require.Equal(t, 1, revision(path))

	log := filepath.Join(t.TempDir(), "visits.csv")
	code, _, stderr = pthv(t, "export", "visits", path, "-o", log)
	require.Equal(t, exitOK, code, stderr)
	code, _, stderr = pthv(t, "import", "visits", log, "--into", path)
	require.Equal(t, exitOK, code, stderr)
	require.Equal(t, 1, revision(path), "the same records written back")

	other := filepath.Join(t.TempDir(), "other.json")
	code, _, stderr = pthv(t, "plan", path, "--apply", "--as-of", "2025-10-01", "--scope", "school=S001", "--share", "0.5", "--seed", "9", "--to", other)
	require.Equal(t, exitOK, code, stderr)
	require.Equal(t, 2, revision(other))
	require.Equal(t, 1, revision(path), "--to leaves the input alone")
}
