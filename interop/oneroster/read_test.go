package oneroster_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/interop/oneroster"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
)

const sampleDir = "testdata/sample"

// sample loads the sample export into memory, so that tests can change
// one file at a time.
func sample(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	entries, err := os.ReadDir(sampleDir)
	require.NoError(t, err)
	for _, e := range entries {
		data, err := os.ReadFile(sampleDir + "/" + e.Name())
		require.NoError(t, err)
		m[e.Name()] = &fstest.MapFile{Data: data}
	}
	return m
}

// edit returns a copy of fsys with one file's text replaced once.
func edit(t testing.TB, fsys fstest.MapFS, file, old, new string) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	for k, v := range fsys {
		out[k] = &fstest.MapFile{Data: slices.Clone(v.Data)}
	}
	data := string(out[file].Data)
	require.Contains(t, data, old, "%s", file)
	out[file].Data = []byte(strings.Replace(data, old, new, 1))
	return out
}

var opts = oneroster.Options{TimeZone: "America/Los_Angeles"}

func readSample(t *testing.T) *model.Dataset {
	t.Helper()
	ds, err := oneroster.ReadOptions(os.DirFS(sampleDir), opts)
	require.NoError(t, err)
	return ds
}

func TestReadSample(t *testing.T) {
	ds := readSample(t)
	require.NoError(t, ds.Validate())

	assert.Equal(t, model.DistrictID("org-d1"), ds.District.ID)
	assert.Equal(t, model.EducatorID("d-001"), ds.District.Coordinator, "metadata.pthvCoordinator on district staff")
	assert.Len(t, ds.Schools, 2, "the closed annex is to be deleted")
	assert.Len(t, ds.Educators, 13)
	assert.Len(t, ds.Students, 31, "the student who left is to be deleted")
	assert.Len(t, ds.Classes, 6)
	assert.Equal(t, model.SchoolYear{ID: "2025-26", FirstDay: model.NewDate(2025, time.July, 1), LastDay: model.NewDate(2026, time.June, 30)}, ds.Year,
		"the latest schoolYear session, which its semesters lie within")
	assert.Equal(t, "America/Los_Angeles", ds.Calendar.TimeZone)

	x := model.NewIndex(ds)
	lincoln, _ := x.School("org-lincoln")
	assert.Equal(t, model.EducatorID("a-105"), lincoln.Coordinator)
	assert.Equal(t, []model.EducatorID{"a-105"}, lincoln.Liaisons)

	educator := func(id model.EducatorID) model.Educator {
		e, ok := x.Educator(id)
		require.True(t, ok, id)
		return *e
	}
	for _, c := range []struct {
		id       model.EducatorID
		role     model.Role
		position model.Position
		school   model.SchoolID
	}{
		{"t-101", model.Certificated, model.Teacher, "org-lincoln"},
		{"a-104", model.Classified, model.Paraprofessional, "org-lincoln"},
		{"a-105", model.Classified, model.Liaison, "org-lincoln"},
		{"p-106", model.Certificated, model.Principal, "org-lincoln"},
		{"p-205", model.Certificated, model.AssistantPrincipal, "org-roosevelt"},
		{"c-206", model.Certificated, model.Counselor, "org-roosevelt"},
		{"d-001", model.Certificated, model.CoordinatorStaff, ""},
	} {
		e := educator(c.id)
		assert.Equal(t, c.role, e.Role, c.id)
		assert.Equal(t, c.position, e.Position, c.id)
		assert.Equal(t, c.school, e.School, c.id)
	}
	assert.Equal(t, []model.Language{"en", "es"}, educator("t-101").Languages)

	// Siblings who share a guardian share a family, across schools.
	for _, id := range []model.StudentID{"s-1001", "s-1002", "s-2001"} {
		s, ok := x.Student(id)
		require.True(t, ok)
		assert.Equal(t, model.FamilyID("F-s-1001"), s.Family, id)
	}
	leo, _ := x.Student("s-1017")
	assert.Equal(t, model.FamilyID("F-s-1017"), leo.Family, "a student with no guardian is a family of one")
	assert.Len(t, ds.Families, 29)

	mateo, _ := x.Student("s-1001")
	assert.Equal(t, model.Kindergarten, mateo.Grade)
	assert.Equal(t, []model.ClassID{"cl-k"}, mateo.Classes)
	assert.Equal(t, []model.EducatorID{"t-101"}, mateo.Teachers, "the primary teacher, not the aide")
	assert.Equal(t, map[string]string{"home_language": "es", "ell": "yes", "iep": "no", "frl": "yes",
		"sex": "male", "race": "white", "hispanic": "yes"}, mateo.Attributes)
	hannah, _ := x.Student("s-2002")
	assert.Equal(t, []model.EducatorID{"t-201"}, hannah.Teachers, "the non-primary teacher is not of record")
	c6, _ := x.Class("cl-6")
	assert.Equal(t, []model.EducatorID{"t-201", "c-206"}, c6.Teachers)

	fam, _ := x.Family("F-s-1001")
	assert.Equal(t, []model.Language{"es"}, fam.Languages)
	vang, _ := x.Family("F-s-1016")
	assert.True(t, vang.NeedsInterpreter)

	// Names, emails and phones are only in the contacts section.
	require.NotNil(t, ds.Contacts)
	var plain bytes.Buffer
	require.NoError(t, model.EncodeDataset(&plain, ds, model.EncodeOptions{}))
	for _, personal := range []string{"Mateo", "Alvarez", "malvarez@riverbend.example", "555-0101", "Ramirez"} {
		assert.NotContains(t, plain.String(), personal)
	}
	var full bytes.Buffer
	require.NoError(t, model.EncodeDataset(&full, ds, model.EncodeOptions{IncludeContacts: true}))
	for _, personal := range []string{"Mateo Garcia", "Maria Alvarez", "malvarez@riverbend.example", "555-0101", "Luis Ramirez"} {
		assert.Contains(t, full.String(), personal)
	}
	back, err := model.DecodeDataset("roundtrip.json", &full)
	require.NoError(t, err)
	assert.Equal(t, ds.Contacts, back.Contacts)
}

// TestSampleChecksClean: a roster-only dataset has nothing to violate; its
// advisories are the roles and culture a roster cannot show.
func TestSampleChecksClean(t *testing.T) {
	ds := readSample(t)
	asOf := ds.Year.LastDay.AddDays(1).In(ds.Calendar.Location(), model.NewClock(12, 0))
	rep, err := practices.Check(ds, asOf, nil)
	require.NoError(t, err)
	assert.Zero(t, rep.Summary.Violations)
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Rule+" "+string(f.School))
	}
	assert.Equal(t, []string{
		"R.district-event ",
		"R.school-celebration org-lincoln",
		"R.school-celebration org-roosevelt",
	}, got)
}

func TestReadZip(t *testing.T) {
	want := readSample(t)
	for _, prefix := range []string{"", "export-2025/"} {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for name, f := range sample(t) {
			w, err := zw.Create(prefix + name)
			require.NoError(t, err)
			_, err = w.Write(f.Data)
			require.NoError(t, err)
		}
		require.NoError(t, zw.Close())
		got, err := oneroster.ReadZip(bytes.NewReader(buf.Bytes()), int64(buf.Len()), opts)
		require.NoError(t, err, "prefix %q", prefix)
		assert.Equal(t, want, got, "prefix %q", prefix)
	}
	_, err := oneroster.ReadZip(bytes.NewReader([]byte("not a zip")), 9, opts)
	assert.ErrorIs(t, err, oneroster.ErrSyntax)
}

// TestReadOneRoster12 converts the sample to OneRoster 1.2: users.csv
// loses its role and orgSourcedIds columns, roles.csv carries them.
func TestReadOneRoster12(t *testing.T) {
	want := readSample(t)
	fsys := sample(t)
	users := string(bytes.TrimPrefix(fsys["users.csv"].Data, []byte("\xef\xbb\xbf")))
	lines := strings.Split(strings.TrimSuffix(users, "\n"), "\n")
	var newUsers, roles strings.Builder
	roles.WriteString("sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId\n")
	for i, line := range lines {
		cells := splitCSVLine(t, line)
		id, status, orgs, role := cells[0], cells[1], cells[4], cells[5]
		cells = slices.Delete(cells, 4, 6)
		newUsers.WriteString(joinCSV(cells) + "\n")
		if i == 0 || orgs == "" {
			continue
		}
		if role == "administrator" {
			role = "siteAdministrator"
			if id == "d-001" {
				role = "districtAdministrator"
			}
		}
		for j, org := range strings.Split(orgs, ",") {
			kind := "primary"
			if j > 0 {
				kind = "secondary"
			}
			roles.WriteString(joinCSV([]string{"r-" + id + "-" + org, status, "", id, kind, role, "", "", org, ""}) + "\n")
		}
	}
	fsys["users.csv"].Data = []byte(newUsers.String())
	fsys["roles.csv"] = &fstest.MapFile{Data: []byte(roles.String())}
	fsys = edit(t, fsys, "manifest.csv", "oneroster.version,1.1", "oneroster.version,1.2\nfile.roles,bulk")
	got, err := oneroster.ReadOptions(fsys, opts)
	require.NoError(t, err)
	// Guardians have no org, hence no role row: in 1.2 they drop out, and
	// so do the families' contacts and links. Compare what 1.2 keeps.
	assert.Equal(t, want.Schools, got.Schools)
	assert.Equal(t, want.Educators, got.Educators)
	assert.Equal(t, want.Classes, got.Classes)
	assert.Len(t, got.Students, len(want.Students))
	for i := range want.Students {
		assert.Equal(t, want.Students[i].Teachers, got.Students[i].Teachers)
		assert.Equal(t, want.Students[i].Attributes, got.Students[i].Attributes)
	}
}

func splitCSVLine(t *testing.T, line string) []string {
	t.Helper()
	var out []string
	var cur strings.Builder
	quoted := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '"' && quoted && i+1 < len(line) && line[i+1] == '"':
			cur.WriteByte('"')
			i++
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	return append(out, cur.String())
}

func joinCSV(cells []string) string {
	out := make([]string, len(cells))
	for i, c := range cells {
		if strings.ContainsAny(c, ",\"\n") {
			c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
		}
		out[i] = c
	}
	return strings.Join(out, ",")
}

func TestReadErrors(t *testing.T) {
	base := sample(t)
	cases := []struct {
		name  string
		fsys  fs.FS
		want  string // a line of the error message
		isErr error
	}{
		{"unknown role", edit(t, base, "users.csv", ",org-lincoln,teacher,jokafor", ",org-lincoln,teachr,jokafor"),
			`users.csv:3:6: role: invalid value: unknown role "teachr"`, oneroster.ErrInvalid},
		{"missing column", edit(t, base, "enrollments.csv", ",classSourcedId,", ",class,"),
			`enrollments.csv:1: classSourcedId: missing column: the header has no "classSourcedId" column`, oneroster.ErrMissingColumn},
		{"bad date", edit(t, base, "academicSessions.csv", "2025-08-18,2025-12-19", "2025-08-18,12/19/2025"),
			`academicSessions.csv:4:7: endDate: invalid value: date "12/19/2025": want YYYY-MM-DD`, oneroster.ErrInvalid},
		{"end before start", edit(t, base, "academicSessions.csv", "2026-01-05,2026-06-05", "2026-01-05,2025-06-05"),
			`academicSessions.csv:5:7: endDate: invalid value: endDate 2025-06-05 is before startDate 2026-01-05`, oneroster.ErrInvalid},
		{"dangling class", edit(t, base, "enrollments.csv", "enr-001,active,2025-08-01T12:00:00.000Z,cl-k,", "enr-001,active,2025-08-01T12:00:00.000Z,cl-x,"),
			`enrollments.csv:2:4: classSourcedId: refers to no record: no class "cl-x" in classes.csv`, oneroster.ErrDangling},
		{"dangling guardian", edit(t, base, "users.csv", "g-3001,g-3002", "g-3001,g-9999"),
			`users.csv:15:16: agentSourcedIds: refers to no record: no user "g-9999" in users.csv`, oneroster.ErrDangling},
		{"dangling parent org", edit(t, base, "orgs.csv", "school,101,org-d1", "school,101,org-d9"),
			`orgs.csv:3:7: parentSourcedId: refers to no record: no org "org-d9" in orgs.csv`, oneroster.ErrDangling},
		{"dangling demographics", edit(t, base, "demographics.csv", "s-1003,", "s-9003,"),
			`demographics.csv:4:1: sourcedId: refers to no record: no user "s-9003" in users.csv`, oneroster.ErrDangling},
		{"duplicate id", edit(t, base, "classes.csv", "cl-1,active", "cl-k,active"),
			`classes.csv:3:1: sourcedId: duplicate sourcedId: "cl-k" appears twice`, oneroster.ErrDuplicate},
		{"bad flag", edit(t, base, "users.csv", ",es,true,false,true,", ",es,maybe,false,true,"),
			`users.csv:15:20: metadata.ell: invalid value: "maybe": want true or false`, oneroster.ErrInvalid},
		{"bad grade", edit(t, base, "users.csv", `S-1001,,,,"g-3001,g-3002",KG,`, `S-1001,,,,"g-3001,g-3002",K5,`),
			`users.csv:15:17: grades: invalid value: grade "K5": want a CEDS grade code (PK, KG, 01–12, …)`, oneroster.ErrInvalid},
		{"ungraded student", edit(t, base, "users.csv", "S-1016,,,,g-3017,01,", "S-1016,,,,g-3017,UG,"),
			"", oneroster.ErrInvalid}, // grade comes from the class: not an error
		{"enrolled as the wrong role", edit(t, base, "enrollments.csv", "org-lincoln,t-102,teacher", "org-lincoln,t-102,student"),
			`enrollments.csv:4:7: role: invalid value: user "t-102" enrolled as a student is a teacher in users.csv`, oneroster.ErrInvalid},
		{"class at a district", edit(t, base, "classes.csv", "Room 7,org-lincoln", "Room 7,org-d1"),
			`classes.csv:3:10: schoolSourcedId: invalid value: org "org-d1" is a district, not a school`, oneroster.ErrInvalid},
		{"bad status", edit(t, base, "orgs.csv", "org-lincoln,active", "org-lincoln,acitve"),
			`orgs.csv:3:2: status: invalid value: status "acitve": want active or tobedeleted`, oneroster.ErrInvalid},
		{"delta export", edit(t, base, "manifest.csv", "file.users,bulk", "file.users,delta"),
			`manifest.csv:16:2: value: unsupported export: file.users is a delta file; export the roster in bulk`, oneroster.ErrUnsupported},
		{"unknown version", edit(t, base, "manifest.csv", "oneroster.version,1.1", "oneroster.version,2.0"),
			`manifest.csv:3:2: value: unsupported export: OneRoster version "2.0" (want 1.1 or 1.2)`, oneroster.ErrUnsupported},
		{"no school year", edit(t, edit(t, base, "academicSessions.csv", "2025-26,schoolYear", "2025-26,term"), "academicSessions.csv", "2024-25,schoolYear", "2024-25,term"),
			"academicSessions.csv: invalid value: no active session of type schoolYear", oneroster.ErrInvalid},
		{"bare quote", edit(t, base, "classes.csv", "First Grade", `First "Grade`),
			`classes.csv:3:44: malformed CSV: bare " in non-quoted-field`, oneroster.ErrSyntax},
		{"ragged row", edit(t, base, "orgs.csv", "Lincoln Elementary School,school,101,org-d1", "Lincoln Elementary School,school,101"),
			`orgs.csv:3: malformed CSV: the row has 6 cells, the header 7`, oneroster.ErrSyntax},
		{"empty file", edit(t, base, "orgs.csv", string(base["orgs.csv"].Data), ""),
			`orgs.csv:1: malformed CSV: the file is empty (want a header row)`, oneroster.ErrSyntax},
		{"student without school", edit(t, base, "users.csv", "s-1017,active,2025-08-01T12:00:00.000Z,true,org-lincoln,", "s-1017,active,2025-08-01T12:00:00.000Z,true,org-d1,"),
			"", oneroster.ErrInvalid}, // school comes from the class: not an error
	}
	missing := fstest.MapFS{}
	for k, v := range base {
		if k != "users.csv" {
			missing[k] = v
		}
	}
	cases = append(cases, struct {
		name  string
		fsys  fs.FS
		want  string
		isErr error
	}{"missing users.csv", missing, "users.csv: missing file: the export has no users.csv", oneroster.ErrMissingFile})

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds, err := oneroster.ReadOptions(c.fsys, opts)
			if c.name == "ungraded student" || c.name == "student without school" {
				require.NoError(t, err)
				require.NoError(t, ds.Validate())
				return
			}
			require.Error(t, err)
			assert.Nil(t, ds)
			assert.ErrorIs(t, err, c.isErr)
			// The import's sentinel is also the model's, so that one
			// errors.Is serves every package.
			if kind, ok := map[error]error{oneroster.ErrInvalid: model.ErrInvalid, oneroster.ErrDangling: model.ErrDangling, oneroster.ErrDuplicate: model.ErrDuplicateID}[c.isErr]; ok {
				assert.ErrorIs(t, err, kind)
			}
			if c.want != "" {
				assert.Contains(t, strings.Split(err.Error(), "\n"), c.want)
			}
			es, ok := errors.AsType[oneroster.Errors](err)
			require.True(t, ok)
			for _, e := range es {
				assert.NotEmpty(t, e.File)
			}
		})
	}
}

// TestReadCSVForms: a byte order mark, CRLF line ends and quoted line
// breaks are read as they should be, and line numbers count the physical
// lines, so an error after a quoted line break names the right line.
func TestReadCSVForms(t *testing.T) {
	base := sample(t)
	assert.True(t, bytes.HasPrefix(base["users.csv"].Data, []byte("\xef\xbb\xbf")), "the sample's users.csv starts with a BOM")
	assert.Contains(t, string(base["enrollments.csv"].Data), "\r\n", "the sample's enrollments.csv has CRLF line ends")

	crlf := edit(t, base, "orgs.csv", "\n", "\r\n")
	crlf["orgs.csv"].Data = bytes.ReplaceAll(base["orgs.csv"].Data, []byte("\n"), []byte("\r\n"))
	crlf["orgs.csv"].Data = append([]byte("\xef\xbb\xbf"), crlf["orgs.csv"].Data...)
	ds, err := oneroster.ReadOptions(crlf, opts)
	require.NoError(t, err)
	assert.Equal(t, "Lincoln Elementary School", ds.Schools[0].Name)

	multi := edit(t, base, "classes.csv", "Kindergarten, Room 4", "Kindergarten\r\nRoom 4")
	ds, err = oneroster.ReadOptions(multi, opts)
	require.NoError(t, err)
	assert.Equal(t, "Kindergarten\r\nRoom 4", ds.Classes[0].Name, "a line break inside quotes is kept as written")

	bad := edit(t, multi, "classes.csv", "Room 7,org-lincoln", "Room 7,org-nowhere")
	_, err = oneroster.ReadOptions(bad, opts)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `classes.csv:4:10: schoolSourcedId: refers to no record: no org "org-nowhere"`,
		"the quoted line break in row 2 pushes row 3 to line 4")
}

func TestReadOptions(t *testing.T) {
	_, err := oneroster.ReadOptions(os.DirFS(sampleDir), oneroster.Options{TimeZone: "Mars/Olympus"})
	assert.ErrorContains(t, err, "Mars/Olympus")

	ds, err := oneroster.ReadOptions(os.DirFS(sampleDir), oneroster.Options{TimeZone: "UTC", SchoolYear: "2024-25"})
	require.NoError(t, err)
	assert.Equal(t, model.SchoolYear{ID: "2024-25", FirstDay: model.NewDate(2024, time.July, 1), LastDay: model.NewDate(2025, time.June, 30)}, ds.Year,
		"a year with no terms keeps its own dates")
	assert.Equal(t, "UTC", ds.Calendar.TimeZone)

	_, err = oneroster.ReadOptions(os.DirFS(sampleDir), oneroster.Options{TimeZone: "UTC", SchoolYear: "1999"})
	assert.ErrorContains(t, err, `no active schoolYear session has the sourcedId, title or schoolYear "1999"`)
}
