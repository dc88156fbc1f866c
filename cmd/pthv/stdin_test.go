package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pthvStdin runs the command line in-process with input on standard input.
func pthvStdin(t *testing.T, input string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	in := writeTemp(t, "stdin", input)
	fh, err := os.Open(in)
	require.NoError(t, err)
	defer fh.Close()
	saved := os.Stdin
	os.Stdin = fh
	defer func() { os.Stdin = saved }()
	return pthv(t, args...)
}

// pthvPipe runs the command line in-process with input on standard input
// through a pipe, as "cat year.json | pthv check -" gives it.
func pthvPipe(t *testing.T, input string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	go func() {
		w.WriteString(input)
		w.Close()
	}()
	saved := os.Stdin
	os.Stdin = r
	defer func() { os.Stdin = saved }()
	return pthv(t, args...)
}

// TestDashReadsTheDatasetFromStdin: every command that reads a dataset
// reads it from standard input when FILE is "-", and prints what it prints
// for the file.
func TestDashReadsTheDatasetFromStdin(t *testing.T) {
	data, err := os.ReadFile(small)
	require.NoError(t, err)
	const D = "DATASET"
	cases := [][]string{
		{"validate", D},
		{"check", D, "--as-of", "2026-07-01"},
		{"check", D, "--as-of", "2026-07-01", "--format", "json"},
		{"report", D, "--as-of", "2026-07-01"},
		{"plan", D, "--share", "0.5", "--seed", "3", "--format", "json"},
		{"pair", D, "--format", "json"},
		{"schedule", D, "--as-of", "2025-08-20", "--format", "json"},
		{"book", D, "--family", "F1", "--visitors", "E-T1,E-LI", "--at", "2025-10-02T16:00", "--as-of", "2025-10-02"},
		{"repair", D, "--unavailable", "E-T1:2026-03-03", "--as-of", "2026-02-25"},
		{"export", "visits", D},
		{"export", "payroll", D, "--as-of", "2026-07-01"},
		{"lookup", D, "ST1", "--as-of", "2026-07-01", "--format", "json"},
	}
	for _, args := range cases {
		t.Run(strings.Join(args[:2], " "), func(t *testing.T) {
			withFile := replaceArg(args, D, small)
			wantCode, want, wantErr := pthv(t, withFile...)
			require.NotEqual(t, exitUsage, wantCode, wantErr)
			for how, run := range map[string]func(*testing.T, string, ...string) (int, string, string){"redirected": pthvStdin, "piped": pthvPipe} {
				code, got, stderr := run(t, string(data), replaceArg(args, D, "-")...)
				assert.Equal(t, wantCode, code, how+": "+stderr)
				assert.Equal(t, strings.ReplaceAll(want, small, "-"), strings.ReplaceAll(got, stdin+": ok", "-: ok"), how)
			}
		})
	}

	code, _, stderr := pthvStdin(t, `{"format": "pthv/v1",`, "check", "-", "--as-of", "2026-07-01")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "pthv check: stdin:")

	code, _, stderr = pthvStdin(t, string(data), "validate", "-", small, "-")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `"-" (standard input) may be named once`)
}

func replaceArg(args []string, old, new string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = strings.ReplaceAll(a, old, new)
	}
	return out
}

// TestDashIsNeverWrittenBack: standard input has no file to write back
// to, so --apply without --to and --into refuse "-" (exit 2, nothing
// written); a dry run lists the changes, and --apply --to writes them to
// the file named.
func TestDashIsNeverWrittenBack(t *testing.T) {
	data, err := os.ReadFile(small)
	require.NoError(t, err)
	dir := t.TempDir()
	for _, args := range [][]string{
		{"plan", "-", "--share", "0.5", "--apply", "--as-of", "2025-10-01"},
		{"book", "-", "--family", "F1", "--visitors", "E-T1,E-LI", "--at", "2025-10-02T16:00", "--as-of", "2025-10-02", "--apply"},
		{"schedule", "-", "--as-of", "2025-08-20", "--apply"},
		{"repair", "-", "--unavailable", "E-T1:2026-03-03", "--as-of", "2026-02-25", "--apply"},
		{"import", "visits", writeTemp(t, "log.csv", "visit\n"), "--into", "-"},
		{"import", "workbook", dir, "--into", "-"},
	} {
		code, stdout, stderr := pthvStdin(t, string(data), args...)
		assert.Equal(t, exitUsage, code, "%v", args)
		assert.Empty(t, stdout, "%v", args)
		assert.Contains(t, stderr, `"-" is standard input, which cannot be written back`, "%v", args)
	}

	code, stdout, stderr := pthvStdin(t, string(data), "plan", "-", "--share", "0.5", "--seed", "3", "--dry-run", "--as-of", "2025-10-01")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "stdin: would change")

	to := filepath.Join(dir, "planned.json")
	code, stdout, stderr = pthvStdin(t, string(data), "plan", "-", "--share", "0.5", "--seed", "3", "--apply", "--to", to, "--as-of", "2025-10-01")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, to+": changes")
	code, stdout, stderr = pthv(t, "validate", to)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "ok: pthv/v1")
}
