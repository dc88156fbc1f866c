package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
)

// TestReportFindingsCSV: "pthv report --findings-csv" writes every finding,
// the same CSV as "pthv check --format csv", by id only.
func TestReportFindingsCSV(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "district.json")
	code, _, stderr := pthv(t, "synth", "--schools", "4", "--contacts", "-o", data)
	require.Equal(t, exitOK, code, stderr)
	page, findings := filepath.Join(dir, "report.html"), filepath.Join(dir, "findings.csv")
	code, stdout, stderr := pthv(t, "report", data, "--as-of", "2026-07-01", "-o", page, "--findings-csv", findings)
	require.Equal(t, exitFindings, code, "the district has violations, as check says: %s", stderr)
	assert.Empty(t, stdout)

	code, want, stderr := pthv(t, "check", data, "--as-of", "2026-07-01", "--format", "csv")
	require.Equal(t, exitFindings, code, stderr)
	got, err := os.ReadFile(findings)
	require.NoError(t, err)
	require.Equal(t, want, string(got))

	rows, err := csv.NewReader(bytes.NewReader(got)).ReadAll()
	require.NoError(t, err)
	code, js, stderr := pthv(t, "check", data, "--as-of", "2026-07-01", "--format", "json")
	require.Equal(t, exitFindings, code, stderr)
	var rep struct{ Findings []json.RawMessage }
	require.NoError(t, json.Unmarshal([]byte(js), &rep))
	assert.Len(t, rows, len(rep.Findings)+1, "a header and one row per finding")
	require.Greater(t, len(rows), 100)

	fh, err := os.Open(data)
	require.NoError(t, err)
	ds, err := model.DecodeDataset(data, fh)
	fh.Close()
	require.NoError(t, err)
	checked := 0
	for _, f := range ds.Contacts.Families {
		for _, g := range f.Guardians {
			for _, v := range []string{g.Name, g.Phone, g.Email} {
				if len(v) >= 6 {
					checked++
					require.NotContains(t, string(got), v, "contact data in the findings")
				}
			}
		}
	}
	require.Greater(t, checked, 100)

	// The CSV may go to standard output when the page goes to a file.
	code, stdout, stderr = pthv(t, "report", data, "--as-of", "2026-07-01", "-o", page, "--findings-csv", "-")
	require.Equal(t, exitFindings, code, stderr)
	assert.Equal(t, want, stdout)
}

func TestReportFindingsCSVRefused(t *testing.T) {
	dir := t.TempDir()
	in := copyFile(t, small, dir, "in.json", 0o644)
	before, _ := os.ReadFile(in)
	link := filepath.Join(dir, "link.json")
	require.NoError(t, os.Symlink("in.json", link))
	page := filepath.Join(dir, "report.html")
	for _, out := range []string{in, link} {
		code, stdout, stderr := pthv(t, "report", in, "--as-of", "2026-07-01", "-o", page, "--findings-csv", out)
		require.Equal(t, exitUsage, code)
		assert.Contains(t, stderr, "is an input")
		assert.Empty(t, stdout)
	}
	code, _, stderr := pthv(t, "report", in, "--as-of", "2026-07-01", "-o", page, "--findings-csv", page)
	require.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "two outputs")
	code, stdout, stderr := pthv(t, "report", in, "--as-of", "2026-07-01", "--findings-csv", "-")
	require.Equal(t, exitUsage, code, "the page and the CSV cannot share standard output")
	assert.Contains(t, stderr, "standard output")
	assert.Empty(t, stdout)
	after, _ := os.ReadFile(in)
	require.Equal(t, string(before), string(after))
	_, err := os.Stat(page)
	require.True(t, os.IsNotExist(err), "nothing written")
}
