package workbook_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/interop/visitlog"
	"github.com/homevisits/pthv/interop/workbook"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices/practicestest"
)

// TestRoundTrip: a workbook exported from any dataset (XLSX or CSV,
// with or without contacts) reads back into that dataset changing
// nothing, and into the dataset stripped of what the workbook carries it
// restores every record.
func TestRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := practicestest.Dataset().Draw(t, "dataset")
		ds.Revision = rapid.IntRange(0, 3).Draw(t, "revision")
		opt := workbook.Options{Contacts: rapid.Bool().Draw(t, "contacts")}
		read := readerFor(t, ds, opt, rapid.Bool().Draw(t, "csv"))
		want := canon(t, ds)

		same := *ds
		require.NoError(t, read(&same))
		require.Equal(t, *ds, same, "nothing changes")
		require.Equal(t, want, canon(t, ds), "the dataset read into keeps its own lists")

		bare := stripped(ds, opt.Contacts)
		require.NoError(t, read(bare))
		require.Equal(t, want, canon(t, bare))
	})
}

// TestSecondsKeptWhileUnchanged: cells hold instants to the minute, yet
// a dataset whose instants have seconds reads back from its own workbook
// unchanged.
func TestSecondsKeptWhileUnchanged(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := practicestest.Dataset().Draw(t, "dataset")
		addSeconds(reflect.ValueOf(ds).Elem(), time.Duration(rapid.IntRange(1, 59).Draw(t, "seconds"))*time.Second)
		require.NoError(t, ds.Validate())
		read := readerFor(t, ds, workbook.Options{Contacts: true}, rapid.Bool().Draw(t, "csv"))
		same := *ds
		require.NoError(t, read(&same))
		require.Equal(t, *ds, same)
	})
}

// addSeconds moves every instant of a record by d.
func addSeconds(v reflect.Value, d time.Duration) {
	switch {
	case v.Type() == reflect.TypeFor[time.Time]():
		if t := v.Interface().(time.Time); v.CanSet() && !t.IsZero() {
			v.Set(reflect.ValueOf(t.Add(d)))
		}
	case v.Kind() == reflect.Pointer && !v.IsNil():
		addSeconds(v.Elem(), d)
	case v.Kind() == reflect.Slice:
		for i := range v.Len() {
			addSeconds(v.Index(i), d)
		}
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				addSeconds(v.Field(i), d)
			}
		}
	}
}

// readerFor exports ds as a workbook and returns a function that reads it.
func readerFor(t require.TestingT, ds *model.Dataset, opt workbook.Options, csv bool) func(into *model.Dataset) error {
	if csv {
		fsys := folder(t, ds, opt)
		return func(into *model.Dataset) error {
			return workbook.ReadCSV("program", fsys, into, workbook.ReadOptions{})
		}
	}
	data := writeXLSX(t, ds, opt)
	return func(into *model.Dataset) error { return readXLSX(data, into, workbook.ReadOptions{}) }
}

// guardedDataset is the sample program with records whose ids and names
// a spreadsheet would run as formulas.
func guardedDataset(t *testing.T) *model.Dataset {
	ds := program(t)
	at := ds.Visits[0].Start
	ds.Families = append(ds.Families, model.Family{ID: "=F9"})
	ds.Students = append(ds.Students, model.Student{ID: "+ST9", School: "S1", Grade: 1, Family: "=F9"})
	ds.Educators = append(ds.Educators, model.Educator{ID: "@E9", Role: model.Classified, Position: model.Liaison,
		Languages: []model.Language{"-x"}, OptIns: []model.SchoolYearID{ds.Year.ID},
		Trainings: []model.Training{{Date: model.DateOf(at), Kind: model.RefresherTraining}}})
	ds.Invitations = append(ds.Invitations, model.Invitation{ID: "'I9", Family: "=F9", Students: []model.StudentID{"+ST9"},
		SentAt: at, By: "@E9", Method: "\t=1+1", Criteria: []string{"+grade", "@class"}, ContactAttempts: []time.Time{at}})
	ds.Visits = append(ds.Visits, model.Visit{ID: "-V9", Family: "=F9", Students: []model.StudentID{"+ST9"}, Status: model.Scheduled,
		Start: at.Add(48 * time.Hour), Visitors: []model.EducatorID{"@E9"},
		Topics:       []model.Topic{{Kind: model.OtherTopic}},
		Compensation: []model.Compensation{{Educator: "@E9", MinutesOutside: 5}}})
	ds.Withdrawals = append(ds.Withdrawals, model.Withdrawal{Family: "=F9", At: at.Add(72 * time.Hour)})
	ds.Communications = append(ds.Communications, model.Communication{ID: "\rM9", Family: "=F9", At: at, Direction: model.FamilyToSchool})
	ds.Events = append(ds.Events, model.Event{ID: "=EV9", Level: model.DistrictLevel, Date: model.DateOf(at), Kind: model.Visibility})
	ds.Contacts.Families = append(ds.Contacts.Families, model.FamilyContact{Family: "=F9", Address: "=HYPERLINK(\"x\")", Phone: "+1 555 0100",
		Guardians: []model.Person{{Name: "@SUM(A1)", Email: "-a@example.invalid"}}})
	ds.Contacts.Students = append(ds.Contacts.Students, model.StudentContact{Student: "+ST9", Name: "'quoted"})
	require.NoError(t, ds.Validate())
	return ds
}

// TestFormulaGuard: ids and names starting with = + - @ ' tab or CR are
// written with a leading ' and read back without it, in both forms.
func TestFormulaGuard(t *testing.T) {
	ds := guardedDataset(t)
	opt := workbook.Options{Contacts: true}
	files := folder(t, ds, opt)
	assert.Contains(t, string(files["Educators.csv"].Data), "'@E9,")
	assert.Contains(t, string(files["Invitations.csv"].Data), "''I9,'=F9,'+ST9,")
	assert.Contains(t, string(files["Visits.csv"].Data), "'-V9,'=F9,'+ST9,")
	assert.Contains(t, string(files["Family contacts.csv"].Data), `'=F9,"'=HYPERLINK(""x"")",'+1 555 0100`)

	cells := sheetCells(t, writeXLSX(t, ds, opt), "Messages")
	assert.Equal(t, "'\rM9", cells[len(cells)-1][0])

	for _, csv := range []bool{false, true} {
		read := readerFor(t, ds, opt, csv)
		same := *ds
		require.NoError(t, read(&same))
		require.Equal(t, *ds, same)
		bare := stripped(ds, true)
		require.NoError(t, read(bare))
		require.Equal(t, canon(t, ds), canon(t, bare))
	}
}

// TestContactsOnlyWithTheOption: names, addresses and phone numbers are
// in no sheet unless asked for.
func TestContactsOnlyWithTheOption(t *testing.T) {
	ds := program(t)
	private := []string{"Rosa Example", "555-0100", "555-0101", "1 Example Way", "rosa@example.org", "Ada Teacher", "ada@example.org"}
	contactSheets := []string{"Family contacts", "Guardians", "Educator contacts", "Student names"}

	without := unzipped(t, writeXLSX(t, ds, workbook.Options{}))
	files := folder(t, ds, workbook.Options{})
	for _, p := range private {
		assert.NotContains(t, without, p)
		for name, f := range files {
			assert.NotContains(t, string(f.Data), p, name)
		}
	}
	for _, s := range contactSheets {
		assert.NotContains(t, files, s+".csv")
		assert.NotContains(t, without, `name="`+s+`"`)
	}

	with := unzipped(t, writeXLSX(t, ds, workbook.Options{Contacts: true}))
	files = folder(t, ds, workbook.Options{Contacts: true})
	for _, p := range private {
		assert.Contains(t, with, p)
	}
	for _, s := range contactSheets {
		assert.Contains(t, files, s+".csv")
		assert.Contains(t, with, `name="`+s+`"`)
	}

	// A workbook without contacts reads back leaving the contacts alone.
	got := *ds
	require.NoError(t, readXLSX(writeXLSX(t, ds, workbook.Options{}), &got, workbook.ReadOptions{}))
	require.Same(t, ds.Contacts, got.Contacts)
}

// TestVisitsSheetIsTheVisitLog: the Visits sheet of the CSV form is a
// visit log that visitlog.Read (pthv import visits) reads as it is, and
// its columns are the log's, less those the detail sheets hold.
func TestVisitsSheetIsTheVisitLog(t *testing.T) {
	ds := program(t)
	log := folder(t, ds, workbook.Options{})["Visits.csv"].Data
	got := *ds
	require.NoError(t, visitlog.Read("Visits.csv", bytes.NewReader(log), &got))
	require.Equal(t, canon(t, ds), canon(t, &got))

	header, _, _ := strings.Cut(string(log), "\n")
	var want []string
	for _, c := range visitlog.Columns() {
		switch c {
		case "topics", "paid_educators", "minutes_outside", "amount", "funding_source", "reschedules":
			continue
		}
		want = append(want, strings.ReplaceAll(c, "_", " "))
	}
	require.Equal(t, strings.Join(want, ","), header)

	// The log's own form (snake_case headers, every column) reads too,
	// when the workbook has no detail sheet holding the same data.
	var full bytes.Buffer
	require.NoError(t, visitlog.Write(&full, ds))
	fsys := fstest.MapFS{"Visits.csv": {Data: full.Bytes()}}
	got = *ds
	require.NoError(t, workbook.ReadCSV("program", fsys, &got, workbook.ReadOptions{Force: true}))
	require.Equal(t, *ds, got)
}

// TestRevision: a workbook exported from an older revision of the
// dataset is refused, naming both revisions, unless forced; one from the
// same or a later revision reads; one of another school year or time
// zone is refused.
func TestRevision(t *testing.T) {
	ds := program(t)
	require.Equal(t, 3, ds.Revision)
	data := writeXLSX(t, ds, workbook.Options{})

	newer := *ds
	newer.Revision = 4
	newer.Events = nil
	err := readXLSX(data, &newer, workbook.ReadOptions{})
	require.ErrorIs(t, err, workbook.ErrStale)
	require.EqualError(t, err, "program.xlsx: README!B3: revision: exported from an older revision of the dataset: "+
		"the workbook is revision 3, the dataset revision 4, written since the export (export a new workbook, or read this one with --force)")
	require.Nil(t, newer.Events, "nothing read")
	require.NoError(t, readXLSX(data, &newer, workbook.ReadOptions{Force: true}))
	require.Equal(t, ds.Events, newer.Events)
	require.Equal(t, 4, newer.Revision, "reading leaves the revision to the writer")

	older := *ds
	older.Revision = 2
	require.NoError(t, readXLSX(data, &older, workbook.ReadOptions{}))

	// A workbook with no README names no revision.
	fsys := folder(t, ds, workbook.Options{})
	delete(fsys, "README.csv")
	err = workbook.ReadCSV("program", fsys, &newer, workbook.ReadOptions{})
	require.ErrorIs(t, err, workbook.ErrStale)
	require.ErrorContains(t, err, "no revision; the dataset is at revision 4")
	fresh := *ds
	fresh.Revision = 0
	require.NoError(t, workbook.ReadCSV("program", fsys, &fresh, workbook.ReadOptions{}))

	other := *ds
	other.Year.ID = "2026-27"
	err = readXLSX(data, &other, workbook.ReadOptions{Force: true})
	require.ErrorIs(t, err, workbook.ErrMismatch)
	require.ErrorContains(t, err, `README!B4: school year: belongs to another dataset: the workbook is for school year "2025-26", the dataset for "2026-27"`)
	other = *ds
	other.Calendar.TimeZone = "America/New_York"
	other.Calendar, _ = model.NewCalendar("America/New_York", ds.Calendar.Hours)
	err = readXLSX(data, &other, workbook.ReadOptions{})
	require.ErrorIs(t, err, workbook.ErrMismatch)
	require.ErrorContains(t, err, "README!B5: time zone")
}

// TestNoPanicsOnNothing: nil and zero inputs are errors, never panics.
func TestNoPanicsOnNothing(t *testing.T) {
	var buf bytes.Buffer
	require.Error(t, workbook.Write(nil, program(t), workbook.Options{}))
	require.ErrorIs(t, workbook.Write(&buf, nil, workbook.Options{}), model.ErrInvalid)
	_, err := workbook.WriteCSV(nil, workbook.Options{})
	require.ErrorIs(t, err, model.ErrInvalid)
	require.NoError(t, workbook.Write(&buf, &model.Dataset{}, workbook.Options{}))

	require.ErrorIs(t, workbook.Read("x.xlsx", nil, 0, &model.Dataset{}, workbook.ReadOptions{}), workbook.ErrSyntax)
	require.ErrorIs(t, workbook.Read("x.xlsx", bytes.NewReader(buf.Bytes()), int64(buf.Len()), nil, workbook.ReadOptions{}), model.ErrInvalid)
	require.ErrorIs(t, workbook.Read("x.xlsx", strings.NewReader("not a zip"), 9, &model.Dataset{}, workbook.ReadOptions{}), workbook.ErrSyntax)
	require.Error(t, readXLSX(buf.Bytes(), &model.Dataset{}, workbook.ReadOptions{}), "an empty dataset is not valid")
	require.ErrorIs(t, workbook.ReadCSV("dir", nil, &model.Dataset{}, workbook.ReadOptions{}), workbook.ErrSyntax)
	require.ErrorIs(t, workbook.ReadCSV("dir", fstest.MapFS{}, &model.Dataset{}, workbook.ReadOptions{}), workbook.ErrSyntax)
	require.ErrorIs(t, workbook.ReadCSV("dir", fstest.MapFS{}, nil, workbook.ReadOptions{}), model.ErrInvalid)
}

// TestWriteRefusesWhatCannotReadBack: a value a sheet cannot carry is
// named, and nothing is written.
func TestWriteRefusesWhatCannotReadBack(t *testing.T) {
	ds := program(t)
	ds.Invitations[0].Students = []model.StudentID{"ST1;ST2"}
	ds.Contacts.Students = append(ds.Contacts.Students, ds.Contacts.Students[0])
	ds.Communications[0].ID = "M\x01"
	var buf bytes.Buffer
	err := workbook.Write(&buf, ds, workbook.Options{Contacts: true})
	require.ErrorIs(t, err, workbook.ErrUnwritable)
	require.Zero(t, buf.Len())
	es, ok := errors.AsType[workbook.Errors](err)
	require.True(t, ok)
	var msgs []string
	for _, e := range es {
		msgs = append(msgs, e.Error())
	}
	assert.Equal(t, []string{
		`Invitations: invitation "I1": students: cannot be written to the workbook: "ST1;ST2" holds the list separator ";"`,
		`Messages: communication "M\x01": message: cannot be written to the workbook: it holds the control character U+0001`,
		`Student names: student "ST1": student: cannot be written to the workbook: the contacts list it twice: merge the two entries`,
	}, msgs)
}
