package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// PTHV_CPUPROFILE profiles the whole command into the file it names.
func TestCPUProfileOfTheWholeCommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cpu.prof")
	t.Setenv("PTHV_CPUPROFILE", path)
	var stdout, stderr bytes.Buffer
	require.Equal(t, exitOK, run([]string{"version"}, &stdout, &stderr), stderr.String())
	info, err := os.Stat(path)
	require.NoError(t, err)
	require.NotZero(t, info.Size(), "an empty profile")

	t.Setenv("PTHV_CPUPROFILE", filepath.Join(t.TempDir(), "missing", "cpu.prof"))
	stderr.Reset()
	require.Equal(t, exitOK, run([]string{"version"}, &stdout, &stderr), "a profile that cannot be written does not stop the command")
	require.Contains(t, stderr.String(), "PTHV_CPUPROFILE")

	// Never over a file the command was given.
	dataset := filepath.Join(t.TempDir(), "data.json")
	require.NoError(t, os.WriteFile(dataset, []byte("{}"), 0o644))
	t.Setenv("PTHV_CPUPROFILE", dataset)
	stderr.Reset()
	run([]string{"validate", dataset}, &stdout, &stderr)
	require.Contains(t, stderr.String(), "PTHV_CPUPROFILE")
	got, err := os.ReadFile(dataset)
	require.NoError(t, err)
	require.Equal(t, "{}", string(got), "the dataset was written over")
}
