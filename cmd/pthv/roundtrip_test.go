package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExportImportVisitsRoundTrip: the visit log of the synthetic district,
// imported into the same dataset with its visits removed, gives back the
// same visits — the rescheduled ones included.
func TestExportImportVisitsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "district.json")
	code, _, stderr := pthv(t, "synth", "-o", full)
	require.Equal(t, exitOK, code, stderr)
	log := filepath.Join(dir, "visits.csv")
	code, _, stderr = pthv(t, "export", "visits", full, "-o", log)
	require.Equal(t, exitOK, code, stderr)

	sections := func(path string) map[string]json.RawMessage {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		var m map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(data, &m))
		return m
	}
	want := sections(full)
	require.Contains(t, string(want["visits"]), `"reschedules"`)
	roster := make(map[string]json.RawMessage, len(want))
	for k, v := range want {
		roster[k] = v
	}
	delete(roster, "visits")
	data, err := json.Marshal(roster)
	require.NoError(t, err)
	into := filepath.Join(dir, "roster.json")
	require.NoError(t, os.WriteFile(into, data, 0o644))

	code, _, stderr = pthv(t, "import", "visits", log, "--into", into)
	require.Equal(t, exitOK, code, stderr)
	got := sections(into)
	assert.JSONEq(t, string(want["visits"]), string(got["visits"]))
}
