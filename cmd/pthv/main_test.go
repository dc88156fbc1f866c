package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/homevisits/pthv/internal/spreadsheet"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const small = "../../model/testdata/small.json"

// pthv runs the command line in-process and returns its exit code and output.
func pthv(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestUsage(t *testing.T) {
	code, _, stderr := pthv(t)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "Commands:")

	code, stdout, _ := pthv(t, "help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "validate")

	code, _, stderr = pthv(t, "frobnicate")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `unknown command "frobnicate"`)
}

func TestEveryCommandHasHelp(t *testing.T) {
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := pthv(t, c.name, "--help")
			assert.Equal(t, exitOK, code, stderr)
			assert.Contains(t, stdout, "Usage: pthv "+c.name)
		})
	}
}

func TestValidate(t *testing.T) {
	code, stdout, stderr := pthv(t, "validate", small)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "ok: pthv/v1")

	code, _, stderr = pthv(t, "validate", "no-such-file.json")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "no-such-file.json")

	bad := filepath.Join(t.TempDir(), "bad.json")
	data, err := os.ReadFile(small)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(bad, bytes.Replace(data, []byte(`"duration": "40m"`), []byte(`"duration": "-5m"`), 1), 0o644))
	code, _, stderr = pthv(t, "validate", bad)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "bad.json:")
	assert.Contains(t, stderr, `visit "V1": duration`)

	code, _, stderr = pthv(t, "validate")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "want FILE")
}

func TestCheck(t *testing.T) {
	code, stdout, stderr := pthv(t, "check", small, "--as-of", "2026-07-01")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "fidelity")

	code, stdout, stderr = pthv(t, "check", "--format", "json", "--as-of", "2026-07-01", small)
	require.Equal(t, exitOK, code, stderr)
	var rep struct {
		Summary  map[string]any   `json:"summary"`
		Findings []map[string]any `json:"findings"`
		Schools  []map[string]any `json:"schools"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
	assert.NotNil(t, rep.Summary)
	assert.NotNil(t, rep.Schools)

	code, _, stderr = pthv(t, "check", small, "--rules", "P9.*")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `unknown rule "P9.*"`)

	code, _, _ = pthv(t, "check", small, "--format", "yaml")
	assert.Equal(t, exitUsage, code)
}

func TestCheckFindsViolationsAndNeverPrintsContacts(t *testing.T) {
	data, err := os.ReadFile(small)
	require.NoError(t, err)
	solo := bytes.Replace(data, []byte(`"visitors": ["E-T1", "E-LI"],
     "topics"`), []byte(`"visitors": ["E-T1"],
     "topics"`), 1)
	require.NotEqual(t, data, solo)
	path := filepath.Join(t.TempDir(), "solo.json")
	require.NoError(t, os.WriteFile(path, solo, 0o644))
	for _, format := range []string{"text", "json", "csv"} {
		code, stdout, stderr := pthv(t, "check", path, "--as-of", "2026-07-01", "--format", format)
		require.Equal(t, exitFindings, code, stderr)
		assert.Contains(t, stdout, "P5.pair")
		for _, private := range []string{"Rosa Example", "555-0100", "1 Example Way"} {
			assert.NotContains(t, stdout, private)
		}
	}
	code, stdout, _ := pthv(t, "check", path, "--as-of", "2026-07-01", "--rules", "R.*")
	assert.Equal(t, exitOK, code, "violations outside the filter do not count")
	assert.False(t, strings.Contains(stdout, "P5.pair"))
}

func TestCSVCellEscapesFormulas(t *testing.T) {
	for in, want := range map[string]string{"=1+1": "'=1+1", "+x": "'+x", "-3": "'-3", "@a": "'@a", "\tx": "'\tx", "\rx": "'\rx", "V-1": "V-1", "": ""} {
		assert.Equal(t, want, spreadsheet.Guard(in), in)
	}
}

// TestReportExitsAsCheckDoes: report's exit code follows check's — 1 when
// the report has a violation (the page is written all the same), 0 when
// it has none, 2 on bad input.
func TestReportExitsAsCheckDoes(t *testing.T) {
	solo := smallWith(t, "solo.json", `"visitors": ["E-T1", "E-LI"],
     "topics"`, `"visitors": ["E-T1"],
     "topics"`)
	for _, c := range []struct {
		path string
		want int
	}{{small, exitOK}, {solo, exitFindings}} {
		code, _, stderr := pthv(t, "check", c.path, "--as-of", "2026-07-01")
		require.Equal(t, c.want, code, stderr)
		html := filepath.Join(t.TempDir(), "report.html")
		code, _, stderr = pthv(t, "report", c.path, "--as-of", "2026-07-01", "-o", html)
		assert.Equal(t, c.want, code, stderr)
		page, err := os.ReadFile(html)
		require.NoError(t, err, "the page is written whatever it finds")
		assert.True(t, strings.HasPrefix(string(page), "<!DOCTYPE html>"))
	}
	code, _, stderr := pthv(t, "report", solo, "--as-of", "2026-07-01", "--rules", "R.*", "-o", filepath.Join(t.TempDir(), "r.html"))
	assert.Equal(t, exitOK, code, "violations outside the filter do not count: %s", stderr)
	code, _, _ = pthv(t, "report", "no-such-file.json")
	assert.Equal(t, exitUsage, code)
}
