package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	rosterSample = "../../interop/oneroster/testdata/sample"
	visitSample  = "../../interop/visitlog/testdata/visits.csv"
)

func TestImportExportLookupReport(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data.json")
	var out, errOut bytes.Buffer
	require.Equal(t, exitOK, runImport([]string{"oneroster", rosterSample, "-o", data, "--tz", "America/Los_Angeles"}, &out, &errOut), errOut.String())
	assert.Contains(t, errOut.String(), "31 students in 29 families", "the summary goes to stderr")

	out.Reset()
	require.Equal(t, exitOK, runImport([]string{"visits", visitSample, "--into", data}, &out, &errOut), errOut.String())
	raw, err := os.ReadFile(data)
	require.NoError(t, err)
	assert.Contains(t, string(raw), `"contacts"`, "rewriting the user's file keeps its contacts")

	csvPath := filepath.Join(dir, "visits.csv")
	require.Equal(t, exitOK, runExport([]string{"visits", data, "-o", csvPath}, &out, &errOut), errOut.String())
	got, _ := os.ReadFile(csvPath)
	want, _ := os.ReadFile(visitSample)
	assert.Equal(t, string(want), string(got))

	out.Reset()
	require.Equal(t, exitOK, runExport([]string{"payroll", data, "--period", "2025-09", "--as-of", "2026-07-01"}, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "2025-09,t-101,org-lincoln,certificated,teacher,1,0,35,0,0.00,0.00,23.34,0.00,0.00,0.00,23.34")

	out.Reset()
	require.Equal(t, exitOK, runLookup([]string{data, "s-1002", "--as-of", "2025-12-01"}, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "visited this year: yes")
	assert.NotContains(t, out.String(), "Sofia")

	html := filepath.Join(dir, "report.html")
	checked := runCheck([]string{data, "--as-of", "2026-07-01", "--format", "json"}, io.Discard, io.Discard)
	require.Equal(t, checked, runReport([]string{data, "--as-of", "2026-07-01", "-o", html}, &out, &errOut), "report exits as check does: %s", errOut.String())
	page, _ := os.ReadFile(html)
	assert.True(t, strings.HasPrefix(string(page), "<!DOCTYPE html>"))
	assert.NotContains(t, string(page), "Garcia")

	errOut.Reset()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("visit_id,status,date,start\nV-001,done,2025-08-26,17:30\n"), 0o644)
	assert.Equal(t, exitUsage, runImport([]string{"visits", bad, "--into", data}, &out, &errOut))
	assert.Contains(t, errOut.String(), "bad.csv:2:2: status:")
}
