package oneroster_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/interop/oneroster"
	"github.com/homevisits/pthv/model"
)

// The tests in this file replay an export tried as a hostile user would:
// each names the fault it replays.

const oneSchoolDir = "testdata/one-school"

func oneSchool(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	entries, err := os.ReadDir(oneSchoolDir)
	require.NoError(t, err)
	for _, e := range entries {
		data, err := os.ReadFile(oneSchoolDir + "/" + e.Name())
		require.NoError(t, err)
		m[e.Name()] = &fstest.MapFile{Data: data}
	}
	return m
}

func errorLines(t *testing.T, err error) []string {
	t.Helper()
	require.Error(t, err)
	_, ok := errors.AsType[oneroster.Errors](err)
	require.True(t, ok, "want an Errors, got %T: %v", err, err)
	return strings.Split(err.Error(), "\n")
}

// Fault: an export with two bad rows and two dangling references reported
// only the rows; the references appeared on a second run.
func TestImportReportsEveryProblemInOneRun(t *testing.T) {
	fsys := edit(t, sample(t), "users.csv", ",org-lincoln,teacher,jokafor", ",org-lincoln,teachr,jokafor")
	fsys = edit(t, fsys, "academicSessions.csv", "2025-08-18,2025-12-19", "2025-08-18,12/19/2025")
	fsys = edit(t, fsys, "enrollments.csv", "enr-001,active,2025-08-01T12:00:00.000Z,cl-k,", "enr-001,active,2025-08-01T12:00:00.000Z,cl-x,")
	fsys = edit(t, fsys, "demographics.csv", "s-1003,", "s-9003,")
	_, err := oneroster.ReadOptions(fsys, opts)
	assert.Equal(t, []string{
		`academicSessions.csv:4:7: endDate: invalid value: date "12/19/2025": want YYYY-MM-DD`,
		`demographics.csv:4:1: sourcedId: refers to no record: no user "s-9003" in users.csv`,
		`enrollments.csv:2:4: classSourcedId: refers to no record: no class "cl-x" in classes.csv`,
		`users.csv:3:6: role: invalid value: unknown role "teachr"`,
	}, errorLines(t, err), "row problems and dangling references together, by file and line, and nothing that follows from them")
}

// A file that cannot be read to its end still gets its own problems
// reported, but references into it are not checked: the rows they name may
// be the ones not read.
func TestImportChecksNoReferencesIntoAFileNotWhollyRead(t *testing.T) {
	fsys := edit(t, sample(t), "classes.csv", "First Grade", `First "Grade`)
	fsys = edit(t, fsys, "demographics.csv", "s-1003,", "s-9003,")
	_, err := oneroster.ReadOptions(fsys, opts)
	assert.Equal(t, []string{
		`classes.csv:3:44: malformed CSV: bare " in non-quoted-field`,
		`demographics.csv:4:1: sourcedId: refers to no record: no user "s-9003" in users.csv`,
	}, errorLines(t, err), "no enrollment into the unread classes is dangling")

	ragged := edit(t, sample(t), "orgs.csv", "Lincoln Elementary School,school,101,org-d1", "Lincoln Elementary School,school,101")
	_, err = oneroster.ReadOptions(ragged, opts)
	assert.Equal(t, []string{`orgs.csv:3: malformed CSV: the row has 6 cells, the header 7`}, errorLines(t, err),
		"the row left unread is not reported again by every reference to it")
}

func TestImportCapsTheErrorList(t *testing.T) {
	fsys := oneSchool(t)
	var users strings.Builder
	users.WriteString("sourcedId,orgSourcedIds,role,grades\n")
	for i := range oneroster.MaxErrors + 20 {
		fmt.Fprintf(&users, "u-%03d,hs-1,teachr,\n", i)
	}
	fsys["users.csv"] = &fstest.MapFile{Data: []byte(users.String())}
	_, err := oneroster.ReadOptions(fsys, opts)
	es, ok := errors.AsType[oneroster.Errors](err)
	require.True(t, ok)
	require.Len(t, es, oneroster.MaxErrors+1)
	assert.Equal(t, `users.csv:2:3: role: invalid value: unknown role "teachr"`, es[0].Error())
	assert.Equal(t, fmt.Sprintf("users.csv:%d:3", oneroster.MaxErrors+1), es[oneroster.MaxErrors-1].Error()[:len("users.csv:51:3")], "the first MaxErrors by line")
	last := es[oneroster.MaxErrors]
	assert.Equal(t, "… and 20 more", last.Error())
	assert.ErrorIs(t, last, oneroster.ErrMore)
	assert.True(t, strings.HasSuffix(err.Error(), "\n… and 20 more"))
}

// Fault: Latin-1 bytes were accepted and turned into U+FFFD; two sourcedIds
// differing only in such a byte imported and made a file that fails
// validation.
func TestImportRefusesBytesThatAreNotUTF8(t *testing.T) {
	latin1 := edit(t, sample(t), "users.csv", "Maria,Alvarez", "Maria,\xc1lvarez")
	_, err := oneroster.ReadOptions(latin1, opts)
	assert.Equal(t, []string{
		`users.csv:2:10: familyName: invalid text encoding: byte 0xC1 (byte 1 of the value) is not UTF-8; if the export is in another encoding, name it (windows-1252 or iso-8859-1)`,
	}, errorLines(t, err))
	assert.ErrorIs(t, err, oneroster.ErrEncoding)

	// Two ids that differ only in a Latin-1 byte, in a file written in
	// windows-1252 (no byte order mark).
	twins := oneSchool(t)
	twins = edit(t, twins, "users.csv", "u-s1,", "u-s\xe91,")
	twins = edit(t, twins, "users.csv", "u-s2,", "u-s\xe81,")
	twins = edit(t, twins, "users.csv", `"u-s1,u-s2"`, `"u-s`+"\xe9"+`1,u-s`+"\xe8"+`1"`)
	_, err = oneroster.ReadOptions(twins, opts)
	assert.Equal(t, []string{
		`users.csv:3:1: sourcedId: invalid text encoding: byte 0xE9 (byte 4 of the value) is not UTF-8; if the export is in another encoding, name it (windows-1252 or iso-8859-1)`,
		`users.csv:4:1: sourcedId: invalid text encoding: byte 0xE8 (byte 4 of the value) is not UTF-8; if the export is in another encoding, name it (windows-1252 or iso-8859-1)`,
		`users.csv:5:16: agentSourcedIds: invalid text encoding: byte 0xE9 (byte 4 of the value) is not UTF-8; if the export is in another encoding, name it (windows-1252 or iso-8859-1)`,
	}, errorLines(t, err))

	for _, enc := range []string{"windows-1252", "ISO-8859-1"} {
		opt := opts
		opt.Encoding = enc
		ds, err := oneroster.ReadOptions(twins, opt)
		require.NoError(t, err, enc)
		var ids []model.StudentID
		for _, s := range ds.Students {
			ids = append(ids, s.ID)
		}
		assert.Equal(t, []model.StudentID{"u-sé1", "u-sè1"}, ids, enc)
		assert.Len(t, ds.Families, 1, "%s: the parent links both", enc)
		var buf bytes.Buffer
		require.NoError(t, model.EncodeDataset(&buf, ds, model.EncodeOptions{IncludeContacts: true}))
		back, err := model.DecodeDataset("twins.json", &buf)
		require.NoError(t, err, "%s: the file written passes validation", enc)
		assert.Equal(t, ds.Students, back.Students)
	}

	opt := opts
	opt.Encoding = "windows-1252"
	noBOM := edit(t, latin1, "users.csv", "\xef\xbb\xbf", "")
	ds, err := oneroster.ReadOptions(noBOM, opt)
	require.NoError(t, err)
	assert.Equal(t, "Maria Álvarez", ds.Contacts.Educators[0].Name)

	_, err = oneroster.ReadOptions(latin1, opt)
	assert.Equal(t, []string{`users.csv:1:1: invalid text encoding: the file starts with a UTF-8 byte order mark, but the export's encoding is given as windows-1252`},
		errorLines(t, err))

	undefined := edit(t, noBOM, "users.csv", "James,Okafor", "James,Oka\x81for")
	_, err = oneroster.ReadOptions(undefined, opt)
	assert.Equal(t, []string{`users.csv:3:10: familyName: invalid text encoding: character 4 of the value is a byte windows-1252 does not define`},
		errorLines(t, err))

	utf16 := sample(t)
	utf16["orgs.csv"].Data = append([]byte("\xff\xfe"), utf16["orgs.csv"].Data...)
	_, err = oneroster.ReadOptions(utf16, opts)
	assert.Equal(t, []string{`orgs.csv:1:1: invalid text encoding: the file is UTF-16; save it as UTF-8`}, errorLines(t, err))

	opt.Encoding = "ebcdic"
	_, err = oneroster.ReadOptions(sample(t), opt)
	require.Error(t, err)
	_, isList := errors.AsType[oneroster.Errors](err)
	assert.False(t, isList, "an option, not the export, is at fault")
	assert.EqualError(t, err, `oneroster: unknown encoding "ebcdic": want utf-8, windows-1252, iso-8859-1`)
}

// bombZip returns the sample export zipped, its users.csv holding a value
// of size bytes. The value is written in pieces and compresses to almost
// nothing, so the archive is small and the test never holds it whole.
func bombZip(t testing.TB, size int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for name, f := range sample(t) {
		w, err := zw.Create(name)
		require.NoError(t, err)
		data := f.Data
		if name == "users.csv" {
			head, tail, _ := strings.Cut(string(data), "Maria,")
			_, err = io.WriteString(w, head)
			require.NoError(t, err)
			chunk := bytes.Repeat([]byte("a"), 1<<20)
			for n := 0; n < size; n += len(chunk) {
				_, err = w.Write(chunk[:min(len(chunk), size-n)])
				require.NoError(t, err)
			}
			data = []byte("," + tail)
		}
		_, err = w.Write(data)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// Fault: a 427 KB zip holding a 400 MB value took 4.3 GB of memory.
func TestImportZipBombStaysSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 400 MB value through deflate")
	}
	archive := bombZip(t, 400<<20)
	require.Less(t, len(archive), 1<<20, "the archive is small")

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, err := oneroster.ReadZip(bytes.NewReader(archive), int64(len(archive)), opts)
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)

	assert.Equal(t, []string{`users.csv:2:9: givenName: too large: the value is longer than 1048576 bytes (MaxFieldBytes)`}, errorLines(t, err))
	assert.ErrorIs(t, err, oneroster.ErrTooLarge)
	allocated := after.TotalAlloc - before.TotalAlloc
	assert.Less(t, allocated, uint64(64<<20), "allocated %d MiB reading a 400 MB value", allocated>>20)
	assert.Less(t, elapsed, 10*time.Second, "reading stops at the cap")
}

// Fault: CR-only line ends reported "missing file: orgs.csv" though the
// file was there (encoding/csv saw one long header with repeated columns,
// and a file whose header failed was then also called missing); a CRLF
// inside a quoted value came back as LF.
func TestImportReadsEveryLineEnd(t *testing.T) {
	want := readSample(t)
	for name, eol := range map[string]string{"LF": "\n", "CRLF": "\r\n", "CR": "\r"} {
		fsys := sample(t)
		for _, f := range fsys {
			f.Data = bytes.ReplaceAll(bytes.ReplaceAll(f.Data, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte(eol))
		}
		got, err := oneroster.ReadOptions(fsys, opts)
		require.NoError(t, err, name)
		assert.Equal(t, want, got, name)

		bad := edit(t, fsys, "orgs.csv", "Roosevelt Middle School,school", "Roosevelt Middle School,skool")
		_, err = oneroster.ReadOptions(bad, opts)
		assert.Equal(t, []string{`orgs.csv:4:5: type: invalid value: org type "skool": want one of department, school, district, local, state, national`},
			errorLines(t, err), "%s: lines counted, and no file called missing", name)

		quoted := edit(t, fsys, "classes.csv", "Kindergarten, Room 4", "Kindergarten\r\nRoom 4")
		quoted = edit(t, quoted, "classes.csv", "Room 7,org-lincoln", "Room 7,org-nowhere")
		_, err = oneroster.ReadOptions(quoted, opts)
		assert.Equal(t, []string{`classes.csv:4:10: schoolSourcedId: refers to no record: no org "org-nowhere" in orgs.csv`},
			errorLines(t, err), "%s: the quoted line break pushes the next row down a line", name)
	}

	fsys := edit(t, sample(t), "classes.csv", "Kindergarten, Room 4", "Kindergarten\r\nRoom 4")
	ds, err := oneroster.ReadOptions(fsys, opts)
	require.NoError(t, err)
	assert.Equal(t, "Kindergarten\r\nRoom 4", ds.Classes[0].Name, "kept as written")

	broken := sample(t)
	broken["orgs.csv"].Data = []byte("sourcedId,type,type\n")
	_, err = oneroster.ReadOptions(broken, opts)
	lines := errorLines(t, err)
	assert.Contains(t, lines, `orgs.csv:1:3: type: malformed CSV: the column appears twice`)
	for _, l := range lines {
		assert.NotContains(t, l, "missing file", "the file is there")
	}
}

// Fault: the time zone silently defaulted to UTC, and "Pacific" answered
// "is a directory".
func TestImportTimeZone(t *testing.T) {
	const how = `use an IANA name such as America/Los_Angeles (see "tzselect" or the tz database list)`
	for _, tz := range []string{"Pacific", "America", "America/Argentina", "Local", "PST", "US/Pacific/", "../zoneinfo/UTC", "posix/America/Chicago", "Mars/Olympus", "utc"} {
		_, err := oneroster.ReadOptions(sample(t), oneroster.Options{TimeZone: tz})
		assert.EqualError(t, err, fmt.Sprintf("oneroster: unknown time zone %q: %s", tz, how), tz)
		assert.NotContains(t, err.Error(), "directory", tz)
	}
	_, err := oneroster.ReadOptions(sample(t), oneroster.Options{})
	assert.EqualError(t, err, "oneroster: no time zone: OneRoster exports carry none; "+how)
	_, err = oneroster.Read(sample(t))
	assert.ErrorContains(t, err, "no time zone")

	for _, tz := range []string{"UTC", "Etc/UTC", "America/Los_Angeles", "America/Argentina/Buenos_Aires", "US/Pacific", "Etc/GMT+8", "EST5EDT"} {
		ds, err := oneroster.ReadOptions(sample(t), oneroster.Options{TimeZone: tz})
		require.NoError(t, err, tz)
		assert.Equal(t, tz, ds.Calendar.TimeZone)
	}
}

// Fault: a one-school OneRoster 1.1 bundle whose schoolYear session runs
// 2026-08-15 – 2027-06-05, listing only its fall semester, imported as
// school year "2026-26" ending 2026-12-20, and its proctor was dropped
// without a word.
func TestImportSchoolYearSpansItsSession(t *testing.T) {
	res, err := oneroster.Import(os.DirFS(oneSchoolDir), opts)
	require.NoError(t, err)
	ds := res.Dataset
	assert.Equal(t, model.SchoolYear{ID: "2026-27", FirstDay: model.NewDate(2026, time.August, 15), LastDay: model.NewDate(2027, time.June, 5)}, ds.Year)
	require.NoError(t, ds.Validate())
	require.Len(t, ds.Families, 1, "the parent of two makes one family")
	assert.Equal(t, model.FamilyID("F-u-s1"), ds.Families[0].ID)
	assert.Len(t, ds.Educators, 1, "the teacher; the proctor is not an educator")
	assert.Equal(t, []oneroster.Skip{{File: "users.csv", Reason: `role "proctor" is not imported`, Count: 1}}, res.Skipped)

	for _, c := range []struct {
		name, sessions string
		want           model.SchoolYear
	}{
		{"only spring listed", "sy,active,,Y,schoolYear,2026-08-15,2027-06-05,,2027\nsp,active,,Spring,semester,2027-01-05,2027-06-05,sy,2027\n",
			model.SchoolYear{ID: "2026-27", FirstDay: model.NewDate(2026, time.August, 15), LastDay: model.NewDate(2027, time.June, 5)}},
		{"no terms", "sy,active,,Y,schoolYear,2026-08-15,2027-06-05,,2027\n",
			model.SchoolYear{ID: "2026-27", FirstDay: model.NewDate(2026, time.August, 15), LastDay: model.NewDate(2027, time.June, 5)}},
		{"a term reaching past the session widens the year", "sy,active,,Y,schoolYear,2026-08-15,2027-06-05,,2027\nsu,active,,Summer,term,2027-06-07,2027-07-30,sy,2027\n",
			model.SchoolYear{ID: "2026-27", FirstDay: model.NewDate(2026, time.August, 15), LastDay: model.NewDate(2027, time.July, 30)}},
		{"a term with no parent but the year's schoolYear", "sy,active,,Y,schoolYear,2026-08-15,2027-06-05,,2027\nt0,active,,Early,term,2026-08-10,2026-12-18,,2027\n",
			model.SchoolYear{ID: "2026-27", FirstDay: model.NewDate(2026, time.August, 10), LastDay: model.NewDate(2027, time.June, 5)}},
	} {
		fsys := oneSchool(t)
		fsys["academicSessions.csv"].Data = []byte("sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\n" + c.sessions)
		ds, err := oneroster.ReadOptions(fsys, opts)
		require.NoError(t, err, c.name)
		assert.Equal(t, c.want, ds.Year, c.name)
	}
}

// Every row an import leaves out is counted by file and reason.
func TestImportCountsWhatItLeavesOut(t *testing.T) {
	fsys := oneSchool(t)
	fsys = edit(t, fsys, "users.csv", "u-x1,active,", "u-x1,active,")
	fsys["users.csv"].Data = append(fsys["users.csv"].Data, []byte(
		"u-x2,active,,true,hs-1,systemAdministrator,,,,,,,,,,,,\r\n"+
			"u-p9,active,,true,,guardian,,,Ana,Ruiz,,,,,,,,\r\n"+
			"u-s9,tobedeleted,,true,hs-1,student,,,,,,,,,,,03,\r\n")...)
	fsys = edit(t, fsys, "orgs.csv", "Hillside Elementary,school,HS1,\r\n", "Hillside Elementary,school,HS1,st-1\r\nst-1,active,,Oregon,state,OR,\r\n")
	res, err := oneroster.Import(fsys, opts)
	require.NoError(t, err)
	assert.Equal(t, []oneroster.Skip{
		{File: "orgs.csv", Reason: `type "state": only schools and the district are imported`, Count: 1},
		{File: "users.csv", Reason: "a guardian of no imported student", Count: 1},
		{File: "users.csv", Reason: `role "proctor" is not imported`, Count: 1},
		{File: "users.csv", Reason: `role "systemAdministrator" is not imported`, Count: 1},
		{File: "users.csv", Reason: "status tobedeleted", Count: 1},
	}, res.Skipped)
}

// sizedFS reports the files it names as larger than they are, as a zip
// header or a file system might.
type sizedFS struct {
	fstest.MapFS
	sizes map[string]int64
}

func (s sizedFS) Open(name string) (fs.File, error) {
	f, err := s.MapFS.Open(name)
	if err != nil || s.sizes[name] == 0 {
		return f, err
	}
	return sizedFile{f, s.sizes[name]}, nil
}

func (s sizedFS) Stat(name string) (fs.FileInfo, error) {
	st, err := s.MapFS.Stat(name)
	if err != nil || s.sizes[name] == 0 {
		return st, err
	}
	return sizedInfo{st, s.sizes[name]}, nil
}

type sizedFile struct {
	fs.File
	size int64
}

func (f sizedFile) Stat() (fs.FileInfo, error) {
	st, err := f.File.Stat()
	return sizedInfo{st, f.size}, err
}

type sizedInfo struct {
	fs.FileInfo
	size int64
}

func (i sizedInfo) Size() int64 { return i.size }

func TestImportRefusesDeclaredSizesOverTheCaps(t *testing.T) {
	_, err := oneroster.ReadOptions(sizedFS{sample(t), map[string]int64{"users.csv": oneroster.MaxFileBytes + 1}}, opts)
	assert.Equal(t, []string{`users.csv: too large: the file is 1073741825 bytes, over the cap of 1073741824 (MaxFileBytes)`}, errorLines(t, err))

	big := map[string]int64{}
	for _, f := range []string{"orgs.csv", "users.csv", "classes.csv", "enrollments.csv", "demographics.csv"} {
		big[f] = oneroster.MaxFileBytes - 1
	}
	_, err = oneroster.ReadOptions(sizedFS{sample(t), big}, opts)
	assert.ErrorIs(t, err, oneroster.ErrTooLarge)
	assert.ErrorContains(t, err, "(MaxTotalBytes)")
}

// Nil and zero inputs are errors, never panics.
func TestImportNilAndZeroInputs(t *testing.T) {
	require.NotPanics(t, func() {
		_, err := oneroster.Read(nil)
		assert.Error(t, err)
		_, err = oneroster.ReadOptions(nil, opts)
		assert.EqualError(t, err, "oneroster: no export to read (the file system is nil)")
		_, err = oneroster.Import(nil, opts)
		assert.Error(t, err)
		_, err = oneroster.ImportZip(nil, 10, opts)
		assert.EqualError(t, err, "oneroster: no zip archive to read (the reader is nil)")
		_, err = oneroster.ReadZip(nil, 0, opts)
		assert.Error(t, err)
		_, err = oneroster.ReadZip(bytes.NewReader(nil), -1, opts)
		assert.EqualError(t, err, "oneroster: zip archive size -1 is negative")
		_, err = oneroster.ImportZip(bytes.NewReader(nil), 0, opts)
		assert.ErrorIs(t, err, oneroster.ErrSyntax)
		_, err = oneroster.Import(fstest.MapFS{}, opts)
		assert.ErrorIs(t, err, oneroster.ErrMissingFile)
		var e *oneroster.Error
		assert.Equal(t, "<nil>", e.Error())
		assert.NoError(t, e.Unwrap())
		assert.Equal(t, "users.csv:2: unknown problem", (&oneroster.Error{File: "users.csv", Line: 2}).Error())
		assert.Equal(t, "", oneroster.Errors(nil).Error())
	})
}

// TestImportNeverPanics mutates the sample's files — stray commas, quotes,
// line ends, bytes that are not UTF-8, cut rows, swapped ids — and checks
// that every import either succeeds with a valid dataset or reports
// problems that each name their file, in order, within the cap.
func TestImportNeverPanics(t *testing.T) {
	base := sample(t)
	names := make([]string, 0, len(base))
	for name := range base {
		names = append(names, name)
	}
	slices.Sort(names)
	rapid.Check(t, func(t *rapid.T) {
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = &fstest.MapFile{Data: slices.Clone(v.Data)}
		}
		for range rapid.IntRange(1, 6).Draw(t, "mutations") {
			f := fsys[rapid.SampledFrom(names).Draw(t, "file")]
			if len(f.Data) == 0 {
				continue
			}
			at := rapid.IntRange(0, len(f.Data)-1).Draw(t, "at")
			switch rapid.IntRange(0, 3).Draw(t, "kind") {
			case 0:
				b := rapid.SampledFrom([]byte{',', '"', '\r', '\n', 0xC1, 'x', ' '}).Draw(t, "byte")
				f.Data = slices.Insert(f.Data, at, b)
			case 1:
				end := min(len(f.Data), at+rapid.IntRange(1, 80).Draw(t, "cut"))
				f.Data = slices.Delete(f.Data, at, end)
			case 2:
				f.Data = bytes.ReplaceAll(f.Data, []byte("\n"), []byte(rapid.SampledFrom([]string{"\r", "\r\n", "\n\n"}).Draw(t, "eol")))
			case 3:
				f.Data = bytes.ReplaceAll(f.Data, []byte(rapid.SampledFrom([]string{"org-lincoln", "s-1001", "cl-k", "t-101", "sy-2026"}).Draw(t, "id")), []byte("gone"))
			}
		}
		ds, err := oneroster.ReadOptions(fsys, opts)
		if err == nil {
			require.NoError(t, ds.Validate())
			return
		}
		es, ok := errors.AsType[oneroster.Errors](err)
		require.True(t, ok, "%v", err)
		require.NotEmpty(t, es)
		require.LessOrEqual(t, len(es), oneroster.MaxErrors+1)
		for i, e := range es {
			if errors.Is(e, oneroster.ErrMore) {
				require.Equal(t, len(es)-1, i)
				continue
			}
			require.NotEmpty(t, e.File)
			if i > 0 && !errors.Is(es[i-1], oneroster.ErrMore) {
				prev := es[i-1]
				require.True(t, prev.File < e.File || prev.File == e.File && prev.Line <= e.Line, "sorted: %v before %v", prev, e)
			}
		}
	})
}

// Options.Check reports a bad option before any file is read.
func TestOptionsCheck(t *testing.T) {
	assert.NoError(t, oneroster.Options{TimeZone: "America/Denver"}.Check())
	assert.NoError(t, oneroster.Options{TimeZone: "UTC", Encoding: "Windows-1252"}.Check())
	assert.ErrorContains(t, oneroster.Options{}.Check(), "no time zone")
	assert.EqualError(t, oneroster.Options{TimeZone: "UTC", Encoding: "utf-16"}.Check(), `unknown encoding "utf-16": want utf-8, windows-1252, iso-8859-1`)
	assert.EqualError(t, oneroster.Options{TimeZone: "UTC", SchoolHours: model.Hours{Start: model.NewClock(15, 0), End: model.NewClock(8, 0)}}.Check(),
		"school hours 15:00–08:00: the day must end after it starts")
}
