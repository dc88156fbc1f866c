package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The tests in this file replay, on the command line, the faults found
// by trying "pthv import oneroster" as a hostile user would.

const oneSchoolRoster = "../../interop/oneroster/testdata/one-school"

// copyRoster copies a roster folder into a temporary one, applying
// replacements (file, old, new) once each, and returns the copy's path.
func copyRoster(t *testing.T, from string, edits ...[3]string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(from)
	require.NoError(t, err)
	files := map[string][]byte{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		require.NoError(t, err)
		files[e.Name()] = data
	}
	for _, ed := range edits {
		require.Contains(t, string(files[ed[0]]), ed[1], ed[0])
		files[ed[0]] = bytes.Replace(files[ed[0]], []byte(ed[1]), []byte(ed[2]), 1)
	}
	for name, data := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
	return dir
}

// stderrLines returns the lines "pthv import oneroster: …" without the prefix.
func stderrLines(stderr string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		out = append(out, strings.TrimPrefix(l, "pthv import oneroster: "))
	}
	return out
}

// Fault: two bad rows and two dangling references took two runs to see.
func TestImportOneRosterReportsEveryProblemInOneRun(t *testing.T) {
	dir := copyRoster(t, rosterSample,
		[3]string{"users.csv", ",org-lincoln,teacher,jokafor", ",org-lincoln,teachr,jokafor"},
		[3]string{"academicSessions.csv", "2025-08-18,2025-12-19", "2025-08-18,12/19/2025"},
		[3]string{"enrollments.csv", "enr-001,active,2025-08-01T12:00:00.000Z,cl-k,", "enr-001,active,2025-08-01T12:00:00.000Z,cl/../x,"},
		[3]string{"demographics.csv", "s-1003,", "s-9003,"})
	code, stdout, stderr := pthv(t, "import", "oneroster", dir, "--tz", "America/Los_Angeles")
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, stdout)
	assert.Equal(t, []string{
		filepath.Join(dir, "academicSessions.csv") + `:4:7: endDate: invalid value: date "12/19/2025": want YYYY-MM-DD`,
		filepath.Join(dir, "demographics.csv") + `:4:1: sourcedId: refers to no record: no user "s-9003" in users.csv`,
		filepath.Join(dir, "enrollments.csv") + `:2:4: classSourcedId: refers to no record: no class "cl/../x" in classes.csv`,
		filepath.Join(dir, "users.csv") + `:3:6: role: invalid value: unknown role "teachr"`,
	}, stderrLines(stderr), "every problem, by file and line, the message as written")

	var users strings.Builder
	users.WriteString("sourcedId,orgSourcedIds,role,grades\n")
	for i := range 70 {
		fmt.Fprintf(&users, "u-%03d,hs-1,teachr,\n", i)
	}
	many := copyRoster(t, oneSchoolRoster)
	require.NoError(t, os.WriteFile(filepath.Join(many, "users.csv"), []byte(users.String()), 0o644))
	code, _, stderr = pthv(t, "import", "oneroster", many, "--tz", "UTC")
	assert.Equal(t, exitUsage, code)
	lines := stderrLines(stderr)
	require.Len(t, lines, 51)
	assert.Equal(t, "… and 20 more", lines[50], "the first 50, then a count")
}

// Fault: Latin-1 bytes became U+FFFD, and two ids differing only in one
// imported with exit 0 into a file that fails "pthv validate".
func TestImportOneRosterEncoding(t *testing.T) {
	twins := copyRoster(t, oneSchoolRoster,
		[3]string{"users.csv", "u-s1,", "u-s\xe91,"},
		[3]string{"users.csv", "u-s2,", "u-s\xe81,"},
		[3]string{"users.csv", `"u-s1,u-s2"`, "\"u-s\xe91,u-s\xe81\""})
	code, _, stderr := pthv(t, "import", "oneroster", twins, "--tz", "America/Los_Angeles")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, filepath.Join(twins, "users.csv")+`:3:1: sourcedId: invalid text encoding: byte 0xE9 (byte 4 of the value) is not UTF-8`)
	assert.Contains(t, stderr, filepath.Join(twins, "users.csv")+`:4:1: sourcedId: invalid text encoding: byte 0xE8 (byte 4 of the value) is not UTF-8`)

	out := filepath.Join(t.TempDir(), "twins.json")
	code, _, stderr = pthv(t, "import", "oneroster", twins, "--tz", "America/Los_Angeles", "--encoding", "windows-1252", "-o", out)
	require.Equal(t, exitOK, code, stderr)
	code, _, stderr = pthv(t, "validate", out)
	assert.Equal(t, exitOK, code, "the file written passes validation: %s", stderr)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"u-sé1"`)
	assert.Contains(t, string(data), `"u-sè1"`)

	code, _, stderr = pthv(t, "import", "oneroster", twins, "--tz", "UTC", "--encoding", "ebcdic")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `unknown encoding "ebcdic": want utf-8, windows-1252, iso-8859-1`)
}

// Fault: a 427 KB zip holding a 400 MB value took 4.3 GB of memory.
func TestImportOneRosterZipBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 400 MB value through deflate")
	}
	path := filepath.Join(t.TempDir(), "bomb.zip")
	fh, err := os.Create(path)
	require.NoError(t, err)
	zw := zip.NewWriter(fh)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	entries, err := os.ReadDir(oneSchoolRoster)
	require.NoError(t, err)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(oneSchoolRoster, e.Name()))
		require.NoError(t, err)
		w, err := zw.Create("export/" + e.Name())
		require.NoError(t, err)
		if e.Name() == "users.csv" {
			head, tail, _ := strings.Cut(string(data), ",An,")
			io.WriteString(w, head+",")
			chunk := bytes.Repeat([]byte("a"), 1<<20)
			for range 400 {
				_, err = w.Write(chunk)
				require.NoError(t, err)
			}
			data = []byte("," + tail)
		}
		_, err = w.Write(data)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	require.NoError(t, fh.Close())
	info, err := os.Stat(path)
	require.NoError(t, err)
	require.Less(t, info.Size(), int64(1<<20))

	code, _, stderr := pthv(t, "import", "oneroster", path, "--tz", "UTC")
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, []string{filepath.Join(path, "users.csv") + ":2:9: givenName: too large: the value is longer than 1048576 bytes (MaxFieldBytes)"},
		stderrLines(stderr))
}

// Fault: CR-only line ends answered "missing file: orgs.csv"; a CRLF in
// quotes came back as LF.
func TestImportOneRosterLineEnds(t *testing.T) {
	dir := copyRoster(t, rosterSample, [3]string{"classes.csv", "Kindergarten, Room 4", "Kindergarten\r\nRoom 4"})
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		// Every line end outside quotes becomes a lone CR; the quoted CRLF
		// is put back as it was.
		data = bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r"))
		data = bytes.ReplaceAll(data, []byte("Kindergarten\rRoom 4"), []byte("Kindergarten\r\nRoom 4"))
		require.NoError(t, os.WriteFile(path, data, 0o644))
	}
	out := filepath.Join(t.TempDir(), "cr.json")
	code, _, stderr := pthv(t, "import", "oneroster", dir, "--tz", "America/Los_Angeles", "-o", out)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, "31 students in 29 families")
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"Kindergarten\r\nRoom 4"`, "the quoted CRLF is kept")

	orgs := filepath.Join(dir, "orgs.csv")
	data, err = os.ReadFile(orgs)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(orgs, bytes.Replace(data, []byte("Roosevelt Middle School,school"), []byte("Roosevelt Middle School,skool"), 1), 0o644))
	code, _, stderr = pthv(t, "import", "oneroster", dir, "--tz", "America/Los_Angeles")
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, []string{orgs + `:4:5: type: invalid value: org type "skool": want one of department, school, district, local, state, national`},
		stderrLines(stderr), "the line counted, and the file not called missing")
}

// Fault: the time zone silently defaulted to UTC, and --tz Pacific
// answered "is a directory".
func TestImportOneRosterTimeZone(t *testing.T) {
	code, _, stderr := pthv(t, "import", "oneroster", rosterSample)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "--tz is required: OneRoster exports carry no time zone; name the district's, such as --tz America/Los_Angeles")

	for _, tz := range []string{"Pacific", "Local", "PST", "America"} {
		code, _, stderr = pthv(t, "import", "oneroster", rosterSample, "--tz", tz)
		assert.Equal(t, exitUsage, code, tz)
		assert.Contains(t, stderr, fmt.Sprintf(`pthv import oneroster: unknown time zone %q: use an IANA name such as America/Los_Angeles (see "tzselect" or the tz database list)`, tz))
		assert.NotContains(t, stderr, "directory", tz)
	}
	code, _, stderr = pthv(t, "import", "oneroster", rosterSample, "--tz", "Etc/UTC", "-o", filepath.Join(t.TempDir(), "utc.json"))
	assert.Equal(t, exitOK, code, stderr)
}

// Fault: a one-school 1.1 bundle imported as school year "2026-26" ending
// 2026-12-20, and its proctor was dropped without a word.
func TestImportOneRosterYearAndLeftOut(t *testing.T) {
	out := filepath.Join(t.TempDir(), "one.json")
	code, stdout, stderr := pthv(t, "import", "oneroster", oneSchoolRoster, "--tz", "America/Los_Angeles", "-o", out)
	require.Equal(t, exitOK, code, stderr)
	assert.Empty(t, stdout)
	assert.Equal(t, oneSchoolRoster+": school year 2026-27 (2026-08-15 to 2027-06-05), 1 schools, 1 educators, 0 classes, 2 students in 1 families\n"+
		oneSchoolRoster+": left out 1 row of users.csv: role \"proctor\" is not imported\n", stderr)
	code, _, stderr = pthv(t, "validate", out)
	assert.Equal(t, exitOK, code, stderr)
}
