package pthv_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/zip"
)

// modulePath is this module's path.
const modulePath = "github.com/homevisits/pthv"

// goDirective returns the go line of go.mod.
func goDirective(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("go.mod")
	require.NoError(t, err)
	f, err := modfile.ParseLax("go.mod", data, nil)
	require.NoError(t, err)
	require.Equal(t, modulePath, f.Module.Mod.Path)
	require.NotNil(t, f.Go, "go.mod has no go line")
	return f.Go.Version
}

// TestReadmeStatesTheGoVersion keeps the README's "Go X or later" equal to
// the go line of go.mod, a full release (1.26.0, not 1.26) because that is
// what a toolchain compares, and without a toolchain line, which would make
// importers' go commands fetch a newer toolchain.
func TestReadmeStatesTheGoVersion(t *testing.T) {
	v := goDirective(t)
	require.Regexp(t, `^1\.\d+\.\d+$`, v)
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	require.Contains(t, string(readme), "Go "+v+" or later")
	mod, err := os.ReadFile("go.mod")
	require.NoError(t, err)
	require.NotRegexp(t, `(?m)^toolchain `, string(mod))
}

// readmeCommands returns the commands of the README's Install section:
// the lines of its code blocks.
func readmeCommands(t *testing.T) [][]string {
	t.Helper()
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	_, section, ok := strings.Cut(string(readme), "\n## Install\n")
	require.True(t, ok, "README.md has no Install section")
	section, _, _ = strings.Cut(section, "\n## ")
	var cmds [][]string
	inCode := false
	sc := bufio.NewScanner(strings.NewReader(section))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "```"):
			inCode = !inCode
		case inCode && strings.TrimSpace(line) != "":
			line, _, _ = strings.Cut(line, "#")
			cmds = append(cmds, strings.Fields(line))
		}
	}
	return cmds
}

// localVersion is the version the test's module proxy serves the tree as.
const localVersion = "v0.0.1"

// treeFile is a file of the module's tree, for zip.Create.
type treeFile struct{ root, path string }

func (f treeFile) Path() string                 { return f.path }
func (f treeFile) Lstat() (os.FileInfo, error)  { return os.Lstat(filepath.Join(f.root, f.path)) }
func (f treeFile) Open() (io.ReadCloser, error) { return os.Open(filepath.Join(f.root, f.path)) }

// writeProxy writes a module proxy in the GOPROXY file layout that serves
// the tree at root as localVersion: the files git tracks, or would track,
// as they are on disk now.
func writeProxy(t *testing.T, root, dir string) {
	t.Helper()
	out, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	require.NoError(t, err, "git ls-files")
	var files []zip.File
	for _, p := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		if _, err := os.Lstat(filepath.Join(root, p)); err == nil { // not deleted
			files = append(files, treeFile{root, p})
		}
	}
	escaped, err := module.EscapePath(modulePath)
	require.NoError(t, err)
	at := filepath.Join(dir, filepath.FromSlash(escaped), "@v")
	require.NoError(t, os.MkdirAll(at, 0o755))
	var z bytes.Buffer
	require.NoError(t, zip.Create(&z, module.Version{Path: modulePath, Version: localVersion}, files))
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	require.NoError(t, err)
	info, err := json.Marshal(map[string]any{"Version": localVersion, "Time": time.Now().UTC().Format(time.RFC3339)})
	require.NoError(t, err)
	for name, data := range map[string][]byte{
		"list":                 []byte(localVersion + "\n"),
		localVersion + ".info": info,
		localVersion + ".mod":  mod,
		localVersion + ".zip":  z.Bytes(),
	} {
		require.NoError(t, os.WriteFile(filepath.Join(at, name), data, 0o644))
	}
}

// goEnv returns the value of a go env variable.
func goEnv(t *testing.T, name string) string {
	t.Helper()
	out, err := exec.Command("go", "env", name).Output()
	require.NoError(t, err)
	return strings.TrimSpace(string(out))
}

// runIn runs a command in dir with env added to the environment and
// returns its standard output.
func runIn(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "%s %s in %s:\n%s%s", name, strings.Join(args, " "), dir, stdout.String(), stderr.String())
	return stdout.String()
}

// TestInstall runs the README's install lines against a module proxy
// built from this tree, as a user on a fresh machine would run them
// against the public proxy: go install of the command at @latest, then go
// get of the library in a new module whose go line stays at its own
// release. Dependencies come from this machine's module cache, else from
// its usual proxy. It also builds the command from a clone with version
// control stamping on and checks that pthv version names the commit.
//
// It needs git and a go command, and takes a minute or two, so it runs
// only with PTHV_INSTALL_TEST=1 (.ci/run sets it).
func TestInstall(t *testing.T) {
	if os.Getenv("PTHV_INSTALL_TEST") != "1" {
		t.Skip("set PTHV_INSTALL_TEST=1 to install from a local module proxy")
	}
	root, err := filepath.Abs(".")
	require.NoError(t, err)
	tmp := t.TempDir()
	proxy := filepath.Join(tmp, "proxy")
	writeProxy(t, root, proxy)

	bin := filepath.Join(tmp, "bin")
	env := []string{
		"GOPROXY=file://" + filepath.ToSlash(proxy) + ",file://" + filepath.ToSlash(filepath.Join(goEnv(t, "GOMODCACHE"), "cache", "download")) + "," + goEnv(t, "GOPROXY"),
		"GONOSUMDB=" + modulePath, // the checksum database has never seen this zip
		"GOMODCACHE=" + filepath.Join(tmp, "modcache"),
		"GOBIN=" + bin,
		"GOFLAGS=-modcacherw -trimpath", // a module cache the test can delete; build results reused across runs
		"GOTOOLCHAIN=local",
		"GOWORK=off",
	}

	// A user's new module, at the oldest go line pthv allows.
	user := filepath.Join(tmp, "district")
	require.NoError(t, os.MkdirAll(user, 0o755))
	runIn(t, user, env, "go", "mod", "init", "example.com/district")
	runIn(t, user, env, "go", "mod", "edit", "-go="+goDirective(t))

	cmds := readmeCommands(t)
	require.Len(t, cmds, 3, "%q", cmds)
	require.Equal(t, []string{"go", "install", modulePath + "/cmd/pthv@latest"}, cmds[0])
	require.Equal(t, []string{"pthv", "version"}, cmds[1])
	require.Equal(t, []string{"go", "get", modulePath}, cmds[2])

	runIn(t, user, env, cmds[0][0], cmds[0][1:]...)
	version := runIn(t, user, env, filepath.Join(bin, cmds[1][0]), cmds[1][1:]...)
	require.Contains(t, version, "pthv "+localVersion+"\n")
	require.Contains(t, version, "module:   "+modulePath+"\n")
	require.Regexp(t, `(?m)^go: +go1\.\d+`, version)

	runIn(t, user, env, cmds[2][0], cmds[2][1:]...)
	require.NoError(t, os.WriteFile(filepath.Join(user, "main.go"), []byte(`package main

import (
	"fmt"

	"github.com/homevisits/pthv/model"
)

func main() { fmt.Println(model.Format) }
`), 0o644))
	out := runIn(t, user, append(env, "GOFLAGS=-modcacherw -trimpath -mod=mod"), "go", "run", ".")
	require.Equal(t, "pthv/v1\n", out)
	mod, err := os.ReadFile(filepath.Join(user, "go.mod"))
	require.NoError(t, err)
	f, err := modfile.Parse("go.mod", mod, nil)
	require.NoError(t, err)
	require.Equal(t, goDirective(t), f.Go.Version, "importing pthv raised the user's go line")
	require.True(t, slices.ContainsFunc(f.Require, func(r *modfile.Require) bool {
		return r.Mod == module.Version{Path: modulePath, Version: localVersion}
	}), "go.mod:\n%s", mod)

	// A clone of the commit, built with version control stamping on.
	head := strings.TrimSpace(runIn(t, root, nil, "git", "rev-parse", "HEAD"))
	clone := filepath.Join(tmp, "clone")
	runIn(t, tmp, nil, "git", "clone", "--quiet", "--no-checkout", root, clone)
	runIn(t, clone, nil, "git", "checkout", "--quiet", head)
	runIn(t, clone, []string{"GOFLAGS=-buildvcs=true", "GOTOOLCHAIN=local", "GOWORK=off"}, "go", "build", "-o", filepath.Join(tmp, "stamped"), "./cmd/pthv")
	version = runIn(t, clone, nil, filepath.Join(tmp, "stamped"), "version")
	require.Regexp(t, regexp.MustCompile(`(?m)^revision: `+head+` \(\d{4}-\d\d-\d\dT`), version)
	require.NotContains(t, version, "uncommitted")
}
