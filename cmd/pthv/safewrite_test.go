package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// copyFile copies src to a new file in dir, with the given mode.
func copyFile(t *testing.T, src, dir, name string, mode fs.FileMode) string {
	t.Helper()
	data, err := os.ReadFile(src)
	require.NoError(t, err)
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, data, 0o600))
	require.NoError(t, os.Chmod(path, mode))
	return path
}

// TestNoCommandWritesOverItsInput replays "pthv CMD -o in.json in.json"
// for every command that writes: each is refused with exit 2 before
// anything is read or written, under the input's own name, through a
// symlink and through a hard link.
func TestNoCommandWritesOverItsInput(t *testing.T) {
	dir := t.TempDir()
	in := copyFile(t, small, dir, "in.json", 0o644)
	want, _ := os.ReadFile(in)
	link := filepath.Join(dir, "link.json")
	require.NoError(t, os.Symlink("in.json", link))
	hard := filepath.Join(dir, "hard.json")
	require.NoError(t, os.Link(in, hard))

	commands := [][]string{
		{"check", "--as-of", "2026-07-01"},
		{"plan", "--share", "0.5"},
		{"pair"},
		{"schedule", "--as-of", "2025-09-01"},
		{"report", "--as-of", "2026-07-01"},
		{"export", "visits"},
		{"export", "payroll", "--as-of", "2026-07-01"},
	}
	for _, out := range []string{in, link, hard, filepath.Join(dir, "sub", "..", "in.json")} {
		for _, cmd := range commands {
			args := append(append([]string{}, cmd...), "-o", out, in)
			code, stdout, stderr := pthv(t, args...)
			require.Equal(t, exitUsage, code, "%v: %s", args, stderr)
			require.Contains(t, stderr, "is an input", args)
			require.Empty(t, stdout, args)
			got, _ := os.ReadFile(in)
			require.Equal(t, string(want), string(got), "%v changed the dataset", args)
		}
	}

	code, _, stderr := pthv(t, "schedule", "--as-of", "2025-09-01", "--ics", in, in)
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "is an input")
	code, _, stderr = pthv(t, "check", "--as-of", "2026-07-01", "--policy", in, "-o", in, small)
	require.Equal(t, exitUsage, code, "a policy file is an input too")
	require.Contains(t, stderr, "is an input")
	code, _, stderr = pthv(t, "schedule", "--as-of", "2025-09-01", "-o", filepath.Join(dir, "s.ics"), "--ics", filepath.Join(dir, "s.ics"), in)
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "two outputs")
	got, _ := os.ReadFile(in)
	require.Equal(t, string(want), string(got))
	requireNoTemporaryFiles(t, dir)
}

func TestImportRefusesToWriteIntoItsSource(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "roster")
	require.NoError(t, os.CopyFS(roster, os.DirFS(rosterSample)))
	orgs := filepath.Join(roster, "orgs.csv")
	wantOrgs, _ := os.ReadFile(orgs)
	code, _, stderr := pthv(t, "import", "oneroster", "--tz", "America/Los_Angeles", "-o", orgs, roster)
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "inside the input folder")
	gotOrgs, _ := os.ReadFile(orgs)
	require.Equal(t, string(wantOrgs), string(gotOrgs))

	data := filepath.Join(dir, "data.json")
	require.Equal(t, exitOK, func() int {
		c, _, _ := pthv(t, "import", "oneroster", "--tz", "America/Los_Angeles", "-o", data, rosterSample)
		return c
	}())
	log := copyFile(t, visitSample, dir, "visits.csv", 0o644)
	wantLog, _ := os.ReadFile(log)
	code, _, stderr = pthv(t, "import", "visits", log, "--into", data, "-o", log)
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "is an input")
	code, _, _ = pthv(t, "import", "visits", log, "--into", log)
	require.Equal(t, exitUsage, code)
	gotLog, _ := os.ReadFile(log)
	require.Equal(t, string(wantLog), string(gotLog))

	design := filepath.Join(dir, "design.json")
	require.NoError(t, os.WriteFile(design, []byte(`{}`), 0o644))
	code, _, stderr = pthv(t, "simulate", "--design", design, "--runs", "1", "--summary-csv", design)
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "is an input")
}

// TestImportVisitsUpdatesThroughASymlinkKeepingItsMode replays
// "import visits --into link.json": the link stays a link, its target is
// updated, and the target keeps its mode.
func TestImportVisitsUpdatesThroughASymlinkKeepingItsMode(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "store", "district.json")
	require.NoError(t, os.Mkdir(filepath.Dir(real), 0o755))
	code, _, stderr := pthv(t, "import", "oneroster", "--tz", "America/Los_Angeles", "-o", real, rosterSample)
	require.Equal(t, exitOK, code, stderr)
	require.NoError(t, os.Chmod(real, 0o664))
	link := filepath.Join(dir, "link.json")
	require.NoError(t, os.Symlink(filepath.Join("store", "district.json"), link))

	code, _, stderr = pthv(t, "import", "visits", visitSample, "--into", link)
	require.Equal(t, exitOK, code, stderr)
	li, err := os.Lstat(link)
	require.NoError(t, err)
	require.NotZero(t, li.Mode()&fs.ModeSymlink, "the symlink is still a symlink")
	st, err := os.Stat(real)
	require.NoError(t, err)
	if runtime.GOOS != "windows" {
		require.Equal(t, fs.FileMode(0o664), st.Mode().Perm(), "the dataset keeps its mode")
	}
	data, _ := os.ReadFile(real)
	require.Contains(t, string(data), `"visits"`)
	require.Contains(t, string(data), `"contacts"`, "the update keeps the contacts")

	// -o naming the --into file is the same update, not an overwrite.
	code, _, stderr = pthv(t, "import", "visits", visitSample, "--into", link, "-o", real)
	require.Equal(t, exitOK, code, stderr)
	again, _ := os.ReadFile(real)
	require.Equal(t, string(data), string(again), "merging the same log twice changes nothing")
	requireNoTemporaryFiles(t, filepath.Dir(real))
}

// TestAYearIDCannotSteerAFileOutOfItsFolder replays a dataset whose year
// id is "/../../../escaped/pwned": validate refuses it, so schedule --ics
// DIR never writes outside DIR.
func TestAYearIDCannotSteerAFileOutOfItsFolder(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(small)
	require.NoError(t, err)
	var yearID = []byte(`"id": "2025-26"`)
	require.Contains(t, string(data), string(yearID))
	evil := filepath.Join(dir, "evil.json")
	require.NoError(t, os.WriteFile(evil, bytes.Replace(data, yearID, []byte(`"id": "/../../../escaped/pwned"`), 1), 0o644))

	code, _, stderr := pthv(t, "validate", evil)
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "evil.json")
	require.Contains(t, stderr, "year")
	require.Contains(t, stderr, "id")

	out := filepath.Join(dir, "out")
	require.NoError(t, os.Mkdir(out, 0o755))
	code, _, _ = pthv(t, "schedule", "--as-of", "2025-09-01", "--ics", out, evil)
	require.Equal(t, exitUsage, code)
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	require.ElementsMatch(t, []string{"evil.json", "out"}, names, "nothing written beside or above the folder")
	inOut, _ := os.ReadDir(out)
	require.Empty(t, inOut)

	code, _, stderr = pthv(t, "schedule", "--as-of", "2025-09-01", "--ics", out, small)
	require.Equal(t, exitOK, code, stderr)
	_, err = os.Stat(filepath.Join(out, "schedule-2025-26.ics"))
	require.NoError(t, err)
}

func requireNoTemporaryFiles(t *testing.T, dir string) {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(dir, ".*.tmp-*"))
	require.NoError(t, err)
	require.Empty(t, matches)
}

// TestWriteBackKeepsWhatItDidNotChange merges a dataset's own visit log
// back into it: the visits, the contacts and the short policy section its
// author wrote come back as they were, without the defaults spelled out.
func TestWriteBackKeepsWhatItDidNotChange(t *testing.T) {
	dir := t.TempDir()
	ds := copyFile(t, small, dir, "ds.json", 0o644)
	log := filepath.Join(dir, "visits.csv")
	code, _, stderr := pthv(t, "export", "visits", ds, "-o", log)
	require.Equal(t, exitOK, code, stderr)
	before, err := loadDataset(ds)
	require.NoError(t, err)

	code, _, stderr = pthv(t, "import", "visits", log, "--into", ds)
	require.Equal(t, exitOK, code, stderr)
	after, err := loadDataset(ds)
	require.NoError(t, err)
	require.Equal(t, before, after)
	raw, _ := os.ReadFile(ds)
	require.Contains(t, string(raw), "\"policy\": {\n    \"reflect_within\": \"5d\"\n  }")
	require.Contains(t, string(raw), `"contacts"`)
}
