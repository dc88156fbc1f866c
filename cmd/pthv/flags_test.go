package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHelpShowsGNUFlags: every command's help spells its long flags with
// two dashes and -o as the short form of --output; no single-dash long
// flag is left in any help.
func TestHelpShowsGNUFlags(t *testing.T) {
	singleDash := regexp.MustCompile(`(?m)^\s+-[a-z][a-z-]+\b`)
	for _, c := range commands() {
		for _, args := range helpArgs(c.name) {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				code, stdout, stderr := pthv(t, args...)
				require.Equal(t, exitOK, code, stderr)
				_, flagsPart, ok := strings.Cut(stdout, "\nFlags:\n")
				if !ok {
					return
				}
				assert.NotRegexp(t, singleDash, flagsPart)
				assert.Regexp(t, `(?m)^\s+(-o, )?--[a-z]`, flagsPart)
				if strings.Contains(flagsPart, "--output") {
					assert.Contains(t, flagsPart, "-o, --output")
				}
			})
		}
	}
	_, stdout, _ := pthv(t, "check", "--help")
	assert.Contains(t, stdout, "--as-of string")
}

// helpArgs are the help requests of a command: one per kind for import and
// export.
func helpArgs(name string) [][]string {
	switch name {
	case "import":
		return [][]string{{name, "--help"}, {name, "oneroster", "--help"}, {name, "visits", "--help"}, {name, "workbook", "--help"}}
	case "export":
		return [][]string{{name, "--help"}, {name, "visits", "--help"}, {name, "payroll", "--help"}, {name, "workbook", "--help"}}
	}
	return [][]string{{name, "--help"}}
}

// TestSingleDashLongFlagsStillWork: the flags of earlier releases, one
// dash and all, give what the GNU spelling gives.
func TestSingleDashLongFlagsStillWork(t *testing.T) {
	_, want, _ := pthv(t, "check", small, "--as-of", "2026-07-01", "--format", "json")
	for _, args := range [][]string{
		{"check", small, "-as-of", "2026-07-01", "-format", "json"},
		{"check", "-as-of=2026-07-01", "-format=json", small},
		{"check", "--as-of=2026-07-01", small, "--format=json"},
	} {
		code, got, stderr := pthv(t, args...)
		require.Equal(t, exitOK, code, "%v: %s", args, stderr)
		assert.Equal(t, want, got, "%v", args)
	}

	dir := t.TempDir()
	for i, args := range [][]string{
		{"-o", filepath.Join(dir, "a.json")},
		{"-o" + filepath.Join(dir, "b.json")},
		{"-o=" + filepath.Join(dir, "c.json")},
		{"--output", filepath.Join(dir, "d.json")},
		{"-output", filepath.Join(dir, "e.json")},
	} {
		code, _, stderr := pthv(t, append([]string{"check", small, "--as-of", "2026-07-01", "--format", "json"}, args...)...)
		require.Equal(t, exitOK, code, stderr)
		got, err := os.ReadFile(filepath.Join(dir, string(rune('a'+i))+".json"))
		require.NoError(t, err, "%v", args)
		assert.Equal(t, want, string(got))
	}

	for _, help := range []string{"-h", "-help", "--help"} {
		code, stdout, _ := pthv(t, "validate", help)
		assert.Equal(t, exitOK, code, help)
		assert.Contains(t, stdout, "Usage: pthv validate", help)
	}

	code, stdout, stderr := pthv(t, "validate", "-quiet", small)
	require.Equal(t, exitOK, code, stderr)
	assert.Empty(t, stdout)
	code, stdout, _ = pthv(t, "validate", "--quiet=false", small)
	require.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "ok: pthv/v1")
}

// TestFlagValuesMayStartWithADash: the word after a flag that takes a
// value is its value, whatever it looks like.
func TestFlagValuesMayStartWithADash(t *testing.T) {
	code, stdout, stderr := pthv(t, "report", small, "--as-of", "2026-07-01", "--title", "-as-of draft-")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "<title>-as-of draft-")
}

// TestDidYouMean: a misspelled command or flag is bad input that names
// what was probably meant.
func TestDidYouMean(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"chekc", small}, `pthv: unknown command "chekc"; did you mean check?`},
		{[]string{"reprot"}, `did you mean report?`},
		{[]string{"check", small, "--as-off", "2026-07-01"}, `pthv check: unknown flag --as-off; did you mean --as-of?`},
		{[]string{"check", small, "-as-off", "2026-07-01"}, `pthv check: unknown flag --as-off; did you mean --as-of?`},
		{[]string{"plan", small, "--share", "0.5", "--balence", "ell"}, `unknown flag --balance`},
		{[]string{"plan", small, "--dry"}, `did you mean --dry-run?`},
		{[]string{"synth", "--school", "3"}, `did you mean --schools or --students-per-school?`},
		{[]string{"check", small, "--frobnicate"}, "pthv check: unknown flag --frobnicate\n"},
	}
	for _, c := range cases {
		code, stdout, stderr := pthv(t, c.args...)
		assert.Equal(t, exitUsage, code, "%v", c.args)
		assert.Empty(t, stdout, "%v", c.args)
		assert.Contains(t, stderr, strings.ReplaceAll(c.want, "--balance", "--balence; did you mean --balance?"), "%v", c.args)
	}

	code, _, stderr := pthv(t, "synth", "--schools", "many")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `pthv synth: --schools "many": want a whole number`)
	code, _, stderr = pthv(t, "check", small, "--as-of")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `pthv check: --as-of needs a value: judge as of this date`)
}

func TestSuggest(t *testing.T) {
	names := []string{"as-of", "format", "rules", "policy", "output", "dry-run", "apply", "schools", "students-per-school"}
	cases := []struct {
		word string
		want []string
	}{
		{"as-off", []string{"as-of"}},
		{"AS-OF", []string{"as-of"}},
		{"fromat", []string{"format"}},
		{"rule", []string{"rules"}},
		{"dry", []string{"dry-run"}},
		{"school", []string{"schools", "students-per-school"}},
		{"s", nil},
		{"students", []string{"students-per-school"}},
		{"zzz", nil},
		{"", nil},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, suggest(c.word, names), c.word)
	}
	assert.Equal(t, []string{"abc", "abd", "abe"}, suggest("abx", []string{"abf", "abe", "abd", "abc"}), "at most three, nearest and then by name")
	assert.Equal(t, "a, b or c", orList([]string{"a", "b", "c"}))
	assert.Equal(t, 1, editDistance("chekc", "check"))
	assert.Equal(t, 0, editDistance("", ""))
	assert.Equal(t, 3, editDistance("", "abc"))
}
