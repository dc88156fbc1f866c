package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/homevisits/pthv/interop/visitlog"
	"github.com/homevisits/pthv/model"
)

// sheetEditor edits an exported workbook the way a coordinator does in a
// spreadsheet, finding cells by record id and column header.
type sheetEditor struct {
	t *testing.T
	f *excelize.File
}

func openWorkbook(t *testing.T, path string) *sheetEditor {
	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return &sheetEditor{t: t, f: f}
}

// cell returns the reference of the cell in column header of the row
// whose first cell is id ("" for the first empty row).
func (e *sheetEditor) cell(sheet, id, header string) string {
	rows, err := e.f.GetRows(sheet)
	require.NoError(e.t, err)
	col := slices.Index(rows[0], header)
	require.GreaterOrEqual(e.t, col, 0, "%s has no column %q", sheet, header)
	row := len(rows) + 1
	for i, r := range rows {
		if id != "" && len(r) > 0 && r[0] == id {
			row = i + 1
		}
	}
	name, err := excelize.CoordinatesToCellName(col+1, row)
	require.NoError(e.t, err)
	return name
}

func (e *sheetEditor) set(sheet, id, header string, value any) {
	require.NoError(e.t, e.f.SetCellValue(sheet, e.cell(sheet, id, header), value))
}

// date types a local date and time into a date cell, as a spreadsheet
// stores it: a serial number of days.
func (e *sheetEditor) date(sheet, id, header string, t time.Time) {
	days := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
	serial := days + float64(t.Hour()*60+t.Minute())/1440
	require.NoError(e.t, e.f.SetCellFloat(sheet, e.cell(sheet, id, header), serial, -1, 64))
}

func (e *sheetEditor) save() {
	require.NoError(e.t, e.f.Save())
}

// TestWorkbookRoundTrip exports a synthetic district's workbook, edits
// it as a coordinator would — an educator opts in, a training is added,
// an answer comes in, a cancelled visit turns out to have taken place
// and is reflected on — and imports it: the dataset shows the edits, and
// its revision rises. The same workbook imported again is refused as
// older than the dataset.
func TestWorkbookRoundTrip(t *testing.T) {
	path := synthDataset(t)
	ds, err := loadDataset(path)
	require.NoError(t, err)
	loc := ds.Calendar.Location()
	wb := filepath.Join(t.TempDir(), "program.xlsx")
	code, stdout, stderr := pthv(t, "export", "workbook", path, "-o", wb, "--as-of", "2025-10-01")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, wb+": the workbook of "+path+", revision 0")

	code, stdout, stderr = pthv(t, "import", "workbook", wb, "--into", path)
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, path+": nothing to change\n", stdout)

	i := slices.IndexFunc(ds.Educators, func(e model.Educator) bool { return !e.OptedIn(ds.Year.ID) && e.School != "" })
	educator := ds.Educators[i]
	j := slices.IndexFunc(ds.Invitations, func(inv model.Invitation) bool { return inv.Answer() == model.NoResponse })
	invitation := ds.Invitations[j]
	k := slices.IndexFunc(ds.Visits, func(v model.Visit) bool { return v.Status == model.Cancelled })
	visit := ds.Visits[k]
	reflected := time.Date(visit.Start.In(loc).Year(), visit.Start.In(loc).Month(), visit.Start.In(loc).Day()+1, 0, 0, 0, 0, loc)

	e := openWorkbook(t, wb)
	e.set("Educators", string(educator.ID), "opted in", "yes")
	e.set("Trainings", "", "educator", string(educator.ID))
	e.date("Trainings", string(educator.ID), "date", time.Date(2025, 9, 20, 0, 0, 0, 0, time.UTC))
	e.set("Trainings", string(educator.ID), "kind", "initial")
	e.set("Invitations", string(invitation.ID), "answer", "accepted")
	e.date("Invitations", string(invitation.ID), "answered at", time.Date(2025, 9, 22, 18, 45, 0, 0, time.UTC))
	e.set("Visits", string(visit.ID), "status", "completed")
	e.set("Visits", string(visit.ID), "cancelled by", "")
	e.date("Visits", string(visit.ID), "reflected at", reflected)
	e.set("Visits", string(visit.ID), "reflected by", string(visit.Visitors[0]))
	e.save()
	edited, err := os.ReadFile(wb)
	require.NoError(t, err)

	before := readFile(t, path)
	code, stdout, stderr = pthv(t, "import", "workbook", wb, "--into", path, "--dry-run")
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, path+": would change 3 record(s):\n"+
		"  change educator "+string(educator.ID)+"\n"+
		"  change invitation "+string(invitation.ID)+"\n"+
		"  change visit "+string(visit.ID)+"\n", stdout)
	require.Equal(t, before, readFile(t, path), "a dry run writes nothing")

	code, stdout, stderr = pthv(t, "import", "workbook", wb, "--into", path)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, path+": changes 3 record(s):\n")
	after, err := loadDataset(path)
	require.NoError(t, err)
	assert.Equal(t, 1, after.Revision)
	assert.True(t, after.Educators[i].OptedIn(ds.Year.ID))
	assert.Equal(t, append(slices.Clone(educator.Trainings), model.Training{Date: model.NewDate(2025, 9, 20), Kind: model.InitialTraining}), after.Educators[i].Trainings)
	assert.Equal(t, model.Accepted, after.Invitations[j].Response)
	assert.True(t, time.Date(2025, 9, 22, 18, 45, 0, 0, loc).Equal(after.Invitations[j].RespondedAt))
	v := after.Visits[k]
	assert.Equal(t, model.Completed, v.Status)
	assert.Empty(t, v.CancelledBy)
	require.NotNil(t, v.Reflection)
	assert.True(t, reflected.Equal(v.Reflection.At))
	assert.Equal(t, []model.EducatorID{visit.Visitors[0]}, v.Reflection.By)
	assert.Equal(t, visit.Topics, v.Topics, "what the edit did not touch stays")

	// The workbook was exported from revision 0; the dataset is now at 1.
	written := readFile(t, path)
	code, _, stderr = pthv(t, "import", "workbook", wb, "--into", path)
	require.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "pthv import workbook: "+wb+": README!B3: revision: exported from an older revision of the dataset: the workbook is revision 0, the dataset revision 1")
	require.Equal(t, written, readFile(t, path))
	code, stdout, stderr = pthv(t, "import", "workbook", wb, "--into", path, "--force")
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, path+": nothing to change\n", stdout)
	require.Equal(t, edited, must(os.ReadFile(wb)), "the workbook is an input, never written")
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestWorkbookImportErrors: a workbook with problems is refused as a
// whole, every problem named by sheet, cell and column, and nothing is
// written.
func TestWorkbookImportErrors(t *testing.T) {
	path := synthDataset(t)
	ds, err := loadDataset(path)
	require.NoError(t, err)
	wb := filepath.Join(t.TempDir(), "program.xlsx")
	code, _, stderr := pthv(t, "export", "workbook", path, "-o", wb)
	require.Equal(t, exitOK, code, stderr)
	e := openWorkbook(t, wb)
	e.set("Visits", string(ds.Visits[0].ID), "status", "done")
	e.set("Educators", string(ds.Educators[1].ID), "role", "volunteer")
	e.set("Messages", string(ds.Communications[0].ID), "family", "F-NOBODY")
	e.save()
	educators := e.cell("Educators", string(ds.Educators[1].ID), "role")
	visits := e.cell("Visits", string(ds.Visits[0].ID), "status")
	messages := e.cell("Messages", string(ds.Communications[0].ID), "family")

	before := readFile(t, path)
	code, stdout, stderr := pthv(t, "import", "workbook", wb, "--into", path)
	require.Equal(t, exitUsage, code)
	assert.Empty(t, stdout)
	assert.Equal(t,
		"pthv import workbook: "+wb+": Educators!"+educators+`: role: invalid value: "volunteer": want one of certificated, classified`+"\n"+
			"pthv import workbook: "+wb+": Visits!"+visits+`: status: invalid value: "done": want one of proposed, scheduled, completed, cancelled, no-show`+"\n"+
			"pthv import workbook: "+wb+": Messages!"+messages+`: family: refers to no record: no family "F-NOBODY" in the dataset or the workbook`+"\n",
		stderr)
	require.Equal(t, before, readFile(t, path), "nothing written")

	code, _, stderr = pthv(t, "import", "workbook", path, "--into", path)
	require.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "is an input of this command")
}

// TestWorkbookCSVFolder: the workbook as a folder of CSV files, one per
// sheet with a fixed name, reads back unchanged; its Visits.csv is a visit
// log "pthv import visits" reads; contacts come only with --contacts.
func TestWorkbookCSVFolder(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "district.json")
	code, _, stderr := pthv(t, "synth", "--schools", "1", "--students-per-school", "60", "--seed", "4", "--contacts", "-o", path)
	require.Equal(t, exitOK, code, stderr)
	out := filepath.Join(dir, "sheets")
	code, stdout, stderr := pthv(t, "export", "workbook", path, "--format", "csv", "-o", out)
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, out+": the workbook of "+path+" as 12 CSV files, revision 0\n", stdout)
	names, err := filepath.Glob(filepath.Join(out, "*.csv"))
	require.NoError(t, err)
	var got []string
	for _, n := range names {
		got = append(got, filepath.Base(n))
	}
	assert.ElementsMatch(t, []string{"README.csv", "Educators.csv", "Trainings.csv", "Invitations.csv", "Contact attempts.csv", "Withdrawals.csv",
		"Visits.csv", "Topics.csv", "Pay.csv", "Reschedules.csv", "Messages.csv", "Events.csv"}, got)

	before := readFile(t, path)
	code, stdout, stderr = pthv(t, "import", "workbook", out, "--into", path)
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, path+": nothing to change\n", stdout)
	require.Equal(t, before, readFile(t, path))

	ds, err := loadDataset(path)
	require.NoError(t, err)
	log, err := os.ReadFile(filepath.Join(out, "Visits.csv"))
	require.NoError(t, err)
	require.NoError(t, visitlog.Read("Visits.csv", bytes.NewReader(log), ds))
	code, _, stderr = pthv(t, "import", "visits", filepath.Join(out, "Visits.csv"), "--into", path)
	require.Equal(t, exitOK, code, stderr)

	withContacts := filepath.Join(dir, "with")
	code, stdout, stderr = pthv(t, "export", "workbook", path, "--format", "csv", "--contacts", "-o", withContacts)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "as 16 CSV files")
	_, err = os.Stat(filepath.Join(withContacts, "Guardians.csv"))
	require.NoError(t, err)

	code, _, stderr = pthv(t, "export", "workbook", path, "--format", "csv")
	require.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "-o: name the folder")
	code, _, stderr = pthv(t, "export", "workbook", path, "--format", "ods", "-o", out)
	require.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `--format "ods"`)
}
