package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// needShell returns the path of a shell, skipping the test without it
// unless PTHV_REQUIRE_SHELLS is set (as CI sets it after installing them).
func needShell(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("PTHV_REQUIRE_SHELLS") != "" {
			t.Fatalf("%s is required (PTHV_REQUIRE_SHELLS is set): %v", name, err)
		}
		t.Skipf("%s is not installed", name)
	}
	return path
}

// completionScript writes "pthv completion SHELL" to a file.
func completionScript(t *testing.T, shell string) string {
	t.Helper()
	code, stdout, stderr := pthv(t, "completion", shell)
	require.Equal(t, exitOK, code, stderr)
	return writeTemp(t, "pthv."+shell, stdout)
}

// TestCompletionCoversEveryCommandAndFlag: each script names every
// command, every kind and every flag that the commands themselves parse.
func TestCompletionCoversEveryCommandAndFlag(t *testing.T) {
	specs := commandSpecs(commands())
	require.Len(t, specs, len(commands()))
	byName := map[string]cmdSpec{}
	for _, s := range specs {
		byName[s.name] = s
	}
	assert.Contains(t, words(byName["check"].flags, false), "--as-of")
	assert.Contains(t, words(byName["check"].flags, true), "-o")
	assert.NotContains(t, words(byName["plan"].flags, true), "--apply", "a switch takes no value")
	assert.Equal(t, []string{"oneroster", "visits", "workbook"}, kindNames(byName["import"].kinds))
	assert.Equal(t, []string{"visits", "payroll", "workbook"}, kindNames(byName["export"].kinds))
	assert.Equal(t, shells, kindNames(byName["completion"].kinds))

	for _, shell := range shells {
		_, script, _ := pthv(t, "completion", shell)
		// has reports whether the script offers a flag, as the shell
		// spells it.
		has := func(f flagSpec) bool {
			if shell == "fish" {
				return strings.Contains(script, " -l "+f.long+" ")
			}
			return regexp.MustCompile(regexp.QuoteMeta("--"+f.long) + `[\s":]`).MatchString(script)
		}
		for _, s := range specs {
			assert.True(t, strings.Contains(script, s.name), "%s: command %s", shell, s.name)
			for _, f := range s.flags {
				assert.True(t, has(f), "%s: pthv %s --%s", shell, s.name, f.long)
			}
			for _, k := range s.kinds {
				assert.True(t, strings.Contains(script, k.name), "%s: %s %s", shell, s.name, k.name)
				for _, f := range k.flags {
					assert.True(t, has(f), "%s: pthv %s %s --%s", shell, s.name, k.name, f.long)
				}
			}
		}
	}

	code, _, stderr := pthv(t, "completion", "powershell")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `unknown shell "powershell" (want bash, zsh or fish)`)
	code, _, _ = pthv(t, "completion")
	assert.Equal(t, exitUsage, code)
}

// completionCases are command lines, the word being completed last, and
// completions each shell must offer for them.
var completionCases = []struct {
	line string
	want []string
}{
	{"pthv ch", []string{"check"}},
	{"pthv re", []string{"repair", "report"}},
	{"pthv check data.json --as", []string{"--as-of"}},
	{"pthv check data.json --f", []string{"--format"}},
	{"pthv import o", []string{"oneroster"}},
	{"pthv import oneroster export/ --t", []string{"--tz"}},
	{"pthv export payroll data.json --pe", []string{"--period"}},
	{"pthv completion z", []string{"zsh"}},
	{"pthv help sy", []string{"synth"}},
}

func TestBashCompletion(t *testing.T) {
	bash := needShell(t, "bash")
	script := completionScript(t, "bash")
	for _, c := range completionCases {
		w := strings.Fields(c.line)
		if strings.HasSuffix(c.line, " ") {
			w = append(w, "")
		}
		cmd := exec.Command(bash, "--norc", "--noprofile", "-c", `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _pthv; printf '%s\n' "${COMPREPLY[@]}"`, "bash", script)
		cmd.Args = append(cmd.Args, w...)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, string(out))
		assert.Equal(t, c.want, strings.Fields(string(out)), c.line)
	}
}

func TestZshCompletion(t *testing.T) {
	zsh := needShell(t, "zsh")
	script := completionScript(t, "zsh")
	// Outside an interactive completion, compadd and the completion
	// helpers are stood in for by functions that print what they offer.
	const stubs = `
compdef() { :; }
compadd() { [[ $1 == -a ]] && print -rl -- ${(P)2} || print -rl -- "$@"; }
_describe() { local arr=${@[-1]}; print -rl -- ${${(P)arr}%%:*}; }
_files() { print FILES; }
`
	for _, c := range completionCases {
		w := strings.Fields(c.line)
		cmd := exec.Command(zsh, "-f", "-c", stubs+`source "$1"; shift; words=("$@"); CURRENT=$#; _pthv`, "zsh", script)
		cmd.Args = append(cmd.Args, w...)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, string(out))
		var got []string
		for _, o := range strings.Fields(string(out)) {
			if strings.HasPrefix(o, w[len(w)-1]) {
				got = append(got, o)
			}
		}
		assert.Equal(t, c.want, got, c.line)
	}
	out, err := exec.Command(zsh, "-f", "-c", `autoload -U compinit && compinit -u -d "$2/zcompdump" && source "$1" && print $_comps[pthv]`, "zsh", script, t.TempDir()).CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Equal(t, "_pthv\n", string(out), "the script registers itself with compinit")
}

func TestFishCompletion(t *testing.T) {
	fish := needShell(t, "fish")
	script := completionScript(t, "fish")
	for _, c := range completionCases {
		cmd := exec.Command(fish, "--no-config", "-c", `source $argv[1]; complete -C $argv[2]`, script, c.line)
		cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "XDG_CONFIG_HOME="+filepath.Join(t.TempDir(), "config"))
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, string(out))
		var got []string
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			name, _, _ := strings.Cut(line, "\t")
			if name != "" {
				got = append(got, name)
			}
		}
		assert.Equal(t, c.want, got, c.line)
	}
}
