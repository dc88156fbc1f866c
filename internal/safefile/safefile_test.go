package safefile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

func write(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

func TestCheckOutputsRefusesAnInputUnderAnyName(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.json")
	require.NoError(t, os.WriteFile(in, []byte("{}"), 0o644))
	link := filepath.Join(dir, "link.json")
	require.NoError(t, os.Symlink("in.json", link))
	hard := filepath.Join(dir, "hard.json")
	require.NoError(t, os.Link(in, hard))
	sub := filepath.Join(dir, "sub")
	require.NoError(t, os.Mkdir(sub, 0o755))

	for name, out := range map[string]string{
		"same path":     in,
		"dotted path":   filepath.Join(dir, ".", "sub", "..", "in.json"),
		"symlink":       link,
		"hard link":     hard,
		"relative path": relTo(t, in),
	} {
		err := CheckOutputs([]string{in}, []string{out})
		require.ErrorIs(t, err, ErrIsInput, name)
		require.ErrorContains(t, err, out, name)
	}
	require.NoError(t, CheckOutputs([]string{in}, []string{filepath.Join(dir, "out.json"), "-", ""}))
	require.NoError(t, CheckOutputs([]string{"-", filepath.Join(dir, "missing.json")}, []string{filepath.Join(dir, "out.json")}))

	err := CheckOutputs([]string{sub}, []string{filepath.Join(sub, "new.json")})
	require.ErrorContains(t, err, "inside the input folder")

	err = CheckOutputs(nil, []string{filepath.Join(dir, "a.csv"), filepath.Join(dir, ".", "a.csv")})
	require.ErrorContains(t, err, "two outputs")
}

func relTo(t *testing.T, path string) string {
	wd, err := os.Getwd()
	require.NoError(t, err)
	rel, err := filepath.Rel(wd, path)
	require.NoError(t, err)
	return rel
}

func TestWriteFileReplacesOnlyOnSuccess(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	require.NoError(t, os.WriteFile(path, []byte("old"), 0o600))
	require.NoError(t, os.Chmod(path, 0o640))

	boom := errors.New("boom")
	err := WriteFile(path, func(w io.Writer) error {
		io.WriteString(w, "half")
		return boom
	})
	require.ErrorIs(t, err, boom)
	got, _ := os.ReadFile(path)
	require.Equal(t, "old", string(got), "a failed write leaves the old file")
	requireOnlyFiles(t, dir, "out.txt")

	require.NoError(t, WriteFile(path, write("new")))
	got, _ = os.ReadFile(path)
	require.Equal(t, "new", string(got))
	st, err := os.Stat(path)
	require.NoError(t, err)
	if runtime.GOOS != "windows" {
		require.Equal(t, fs.FileMode(0o640), st.Mode().Perm(), "the target keeps its mode")
	}
	requireOnlyFiles(t, dir, "out.txt")
}

func TestWriteFileWritesThroughASymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "data", "real.json")
	require.NoError(t, os.Mkdir(filepath.Dir(real), 0o755))
	require.NoError(t, os.WriteFile(real, []byte("old"), 0o600))
	require.NoError(t, os.Chmod(real, 0o664)) // beyond any umask
	link := filepath.Join(dir, "link.json")
	require.NoError(t, os.Symlink(filepath.Join("data", "real.json"), link))

	require.NoError(t, WriteFile(link, write("new")))
	li, err := os.Lstat(link)
	require.NoError(t, err)
	require.NotZero(t, li.Mode()&fs.ModeSymlink, "the link stays a link")
	got, _ := os.ReadFile(real)
	require.Equal(t, "new", string(got))
	st, _ := os.Stat(real)
	require.Equal(t, fs.FileMode(0o664), st.Mode().Perm())
}

func TestCreateRefusesFoldersAndDanglingLinks(t *testing.T) {
	dir := t.TempDir()
	_, err := Create(dir)
	require.ErrorContains(t, err, "is a folder")
	link := filepath.Join(dir, "dangling")
	require.NoError(t, os.Symlink("nowhere", link))
	_, err = Create(link)
	require.ErrorContains(t, err, "symlink to a missing file")
}

func TestReplaceRefusesAFileChangedSinceRead(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ds.json")
	require.NoError(t, os.WriteFile(path, []byte("v1"), 0o600))

	r, err := Open(path)
	require.NoError(t, err)
	buf := make([]byte, 1) // a decoder that stops early
	_, err = r.Read(buf)
	require.NoError(t, err)
	orig, err := r.Original()
	require.NoError(t, err)
	r.Close()

	require.NoError(t, os.WriteFile(path, []byte("v1 edited elsewhere"), 0o600))
	err = orig.Replace(write("v2"))
	require.ErrorIs(t, err, ErrChanged)
	got, _ := os.ReadFile(path)
	require.Equal(t, "v1 edited elsewhere", string(got))
	requireOnlyFiles(t, dir, "ds.json")

	r, err = Open(path)
	require.NoError(t, err)
	_, err = io.ReadAll(r)
	require.NoError(t, err)
	orig, err = r.Original()
	require.NoError(t, err)
	r.Close()
	require.NoError(t, orig.Replace(write("v2")))
	got, _ = os.ReadFile(path)
	require.Equal(t, "v2", string(got))

	require.Error(t, Original{}.Replace(write("x")))
}

func TestJoinKeepsNamesInTheirFolder(t *testing.T) {
	for _, bad := range []string{"", ".", "..", "../x", "/etc/passwd", "a/b", `a\b`, "a\x00b", "/../../../escaped/pwned"} {
		_, err := Join("out", bad)
		require.ErrorIs(t, err, ErrUnsafeName, "%q", bad)
	}
	p, err := Join("out", "schedule-2025-26.ics")
	require.NoError(t, err)
	require.Equal(t, filepath.Join("out", "schedule-2025-26.ics"), p)
}

func requireOnlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	require.ElementsMatch(t, names, got, "no temporary file is left behind")
}

func TestCheckOutputsRefusesAFileInARelativeInputFolder(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "orgs.csv"), nil, 0o644))
	rel := relTo(t, dir)
	err := CheckOutputs([]string{rel}, []string{filepath.Join(rel, "orgs.csv")})
	require.ErrorContains(t, err, "inside the input folder")
	err = CheckOutputs([]string{rel}, []string{filepath.Join(dir, "new.json")})
	require.ErrorContains(t, err, "inside the input folder")
}
