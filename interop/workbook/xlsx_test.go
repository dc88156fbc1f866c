package workbook_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/homevisits/pthv/interop/workbook"
	"github.com/homevisits/pthv/model"
)

// spreadsheet edits a workbook as a coordinator would in a spreadsheet.
func spreadsheet(t *testing.T, data []byte, edit func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	defer f.Close()
	edit(f)
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	return buf.Bytes()
}

// serial is the spreadsheet date serial of a local date and time.
func serial(y int, m time.Month, d, h, min int) float64 {
	days := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
	return days + float64(h*60+min)/1440
}

// TestSpreadsheetEdits: cells edited, rows added and deleted in a
// spreadsheet (dates typed into date cells, a notes column, a sheet of
// the coordinator's own) read back as the records they show.
func TestSpreadsheetEdits(t *testing.T) {
	ds := program(t)
	loc := ds.Calendar.Location()
	data := spreadsheet(t, writeXLSX(t, ds, workbook.Options{}), func(f *excelize.File) {
		must := func(err error) { require.NoError(t, err) }
		must(f.SetCellStr("Educators", "F4", "Yes")) // E3 opts in
		must(f.SetSheetRow("Trainings", "A4", &[]any{"E3", serial(2025, 10, 2, 0, 0), "initial"}))
		must(f.SetCellStr("Invitations", "L2", "declined"))
		must(f.SetCellFloat("Invitations", "M2", serial(2025, 8, 5, 9, 30), -1, 64))
		must(f.SetSheetRow("Invitations", "A3", &[]any{"0012", "F2", "", "family-request", "first", "", "", "", "2025-08-06 08:00", "", "", "accepted"}))
		must(f.SetCellStr("Visits", "E2", "cancelled"))
		must(f.SetSheetRow("Visits", "A3", &[]any{"V2", "F1", "ST1", "second", "completed", "",
			serial(2026, 2, 3, 0, 0), serial(1899, 12, 30, 16, 30), "35", "", "home", "", "E1;E2", "", "yes", serial(2026, 2, 4, 0, 0), "E1", "no"}))
		must(f.RemoveRow("Topics", 2))
		must(f.SetSheetRow("Topics", "A2", &[]any{"V2", "academics", "family"}))
		must(f.SetSheetRow("Withdrawals", "A3", &[]any{"F1", serial(2026, 3, 1, 18, 0)}))
		must(f.SetCellStr("Messages", "G1", "Notes"))
		must(f.SetCellStr("Messages", "G2", "called back twice"))
		_, err := f.NewSheet("My notes")
		must(err)
		must(f.SetCellStr("My notes", "A1", "anything"))
	})
	got := *ds
	require.NoError(t, readXLSX(data, &got, workbook.ReadOptions{}))

	assert.True(t, got.Educators[2].OptedIn(ds.Year.ID))
	assert.Equal(t, []model.Training{{Date: model.NewDate(2025, 10, 2), Kind: model.InitialTraining}}, got.Educators[2].Trainings)
	assert.Equal(t, model.Declined, got.Invitations[0].Response)
	assert.Equal(t, time.Date(2025, 8, 5, 9, 30, 0, 0, loc), got.Invitations[0].RespondedAt)
	require.Len(t, got.Invitations, 2)
	assert.Equal(t, model.Invitation{ID: "0012", Family: "F2", Origin: model.FamilyRequest, Kind: model.FirstVisit,
		SentAt: time.Date(2025, 8, 6, 8, 0, 0, 0, loc), Response: model.Accepted}, got.Invitations[1])

	require.Len(t, got.Visits, 2)
	assert.Equal(t, model.Cancelled, got.Visits[0].Status)
	assert.Nil(t, got.Visits[0].Topics, "the topic's row was deleted")
	assert.Equal(t, ds.Visits[0].Compensation, got.Visits[0].Compensation)
	assert.Equal(t, ds.Visits[0].Reschedules, got.Visits[0].Reschedules)
	v := got.Visits[1]
	assert.Equal(t, time.Date(2026, 2, 3, 16, 30, 0, 0, loc), v.Start)
	assert.Equal(t, model.Duration(35*time.Minute), v.Duration)
	assert.Equal(t, &model.Reflection{At: time.Date(2026, 2, 4, 0, 0, 0, 0, loc), By: []model.EducatorID{"E1"}, CoveredBias: new(false)}, v.Reflection)
	assert.Equal(t, []model.Topic{{Kind: model.Academics, RaisedBy: model.ByFamily}}, v.Topics)
	assert.Equal(t, []model.Withdrawal{ds.Withdrawals[0], {Family: "F1", At: time.Date(2026, 3, 1, 18, 0, 0, 0, loc)}}, got.Withdrawals)
	assert.Equal(t, ds.Communications, got.Communications)
	assert.Equal(t, ds.Events, got.Events)
}

// TestSpreadsheetErrors: problems name the cell as the spreadsheet does.
func TestSpreadsheetErrors(t *testing.T) {
	ds := program(t)
	data := spreadsheet(t, writeXLSX(t, ds, workbook.Options{}), func(f *excelize.File) {
		require.NoError(t, f.SetCellStr("Visits", "E2", "done"))
		require.NoError(t, f.SetCellStr("Visits", "G2", "tomorrow"))
		require.NoError(t, f.SetCellFloat("Trainings", "B3", serial(2025, 6, 10, 13, 0), -1, 64))
		require.NoError(t, f.SetCellStr("Contact attempts", "B2", "soon"))
	})
	into := *ds
	err := readXLSX(data, &into, workbook.ReadOptions{})
	require.EqualError(t, err, strings.Join([]string{
		`program.xlsx: Trainings!B3: date: invalid value: "2025-06-10 13:00": want a date such as 2025-09-12`,
		`program.xlsx: Visits!E2: status: invalid value: "done": want one of proposed, scheduled, completed, cancelled, no-show`,
		`program.xlsx: Visits!G2: date: invalid value: "tomorrow": want a date such as 2025-09-12`,
		`program.xlsx: 'Contact attempts'!B2: at: invalid value: "soon": want a date and time such as 2025-09-12 16:30`,
	}, "\n"))
	require.Equal(t, *ds, into)
}

// TestTypedCells: ids are text cells (0012 stays 0012), dates and times
// date cells in the district's time zone, amounts numbers.
func TestTypedCells(t *testing.T) {
	ds := program(t)
	ds.Invitations[0].ID = "0012"
	data := writeXLSX(t, ds, workbook.Options{})
	f, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	defer f.Close()
	typeOf := func(sheet, cell string) excelize.CellType {
		ty, err := f.GetCellType(sheet, cell)
		require.NoError(t, err)
		return ty
	}
	assert.Equal(t, excelize.CellTypeSharedString, typeOf("Invitations", "A2"))
	value, err := f.GetCellValue("Invitations", "A2")
	require.NoError(t, err)
	assert.Equal(t, "0012", value)
	for sheet, cells := range map[string][]string{"Invitations": {"I2", "M2"}, "Visits": {"G2", "H2", "J2", "P2"}, "Pay": {"C2", "D2"}, "Events": {"D2"}} {
		for _, c := range cells {
			assert.Equal(t, excelize.CellTypeUnset, typeOf(sheet, c), "%s!%s is a number", sheet, c)
		}
	}
	shown := func(sheet, cell string) string {
		v, err := f.GetCellValue(sheet, cell)
		require.NoError(t, err)
		return v
	}
	assert.Equal(t, "2025-08-01 16:00", shown("Invitations", "I2"), "16:00 in Los Angeles, not in UTC")
	assert.Equal(t, "2025-09-16", shown("Visits", "G2"))
	assert.Equal(t, "17:00", shown("Visits", "H2"))
	assert.Equal(t, "26.67", shown("Pay", "D2"))
	dv, err := f.GetDataValidations("Visits")
	require.NoError(t, err)
	var lists []string
	for _, d := range dv {
		lists = append(lists, d.Sqref+" "+d.Formula1)
	}
	assert.Contains(t, lists, `E2:E1048576 "proposed,scheduled,completed,cancelled,no-show"`)
}

// openpyxl returns a Python that has openpyxl (Debian's python3-openpyxl
// installs it for the system Python, which another python3 on the PATH
// may hide), or skips the test — or fails it when PTHV_REQUIRE_OPENPYXL=1.
func openpyxl(t *testing.T) string {
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(py, "-c", "import openpyxl").Run() == nil {
			return py
		}
	}
	if os.Getenv("PTHV_REQUIRE_OPENPYXL") == "1" {
		t.Fatal("no python3 with openpyxl (apt-get install python3-openpyxl), and PTHV_REQUIRE_OPENPYXL=1")
	}
	t.Skip("no python3 with openpyxl; apt-get install python3-openpyxl to run this test")
	return ""
}

// TestOpenpyxlReadsTheWorkbook: a reader that is not excelize — Python's
// openpyxl — opens the workbook and finds its sheets, headers, date
// cells, text ids and choice lists.
func TestOpenpyxlReadsTheWorkbook(t *testing.T) {
	py := openpyxl(t)
	ds := program(t)
	ds.Invitations[0].ID = "0012"
	path := filepath.Join(t.TempDir(), "program.xlsx")
	require.NoError(t, os.WriteFile(path, writeXLSX(t, ds, workbook.Options{Contacts: true}), 0o644))
	script := `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print("|".join(wb.sheetnames))
v = wb["Visits"]
print([c.value for c in v[1]][:6])
d = v["G2"]
print(d.is_date, d.value.date().isoformat(), d.number_format)
s = v["H2"]
print(s.is_date, s.value.isoformat(), s.number_format)
i = wb["Invitations"]
print(i["A2"].data_type, repr(i["A2"].value), i["I2"].is_date, i["I2"].value.isoformat(sep=" "))
print(sorted(dv.sqref.ranges[0].coord + " " + dv.formula1 for dv in v.data_validations.dataValidation)[0])
r = wb["README"]
print(r["A3"].value, r["B3"].value)
`
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Equal(t, strings.Join([]string{
		"README|Educators|Trainings|Invitations|Contact attempts|Withdrawals|Visits|Topics|Pay|Reschedules|Messages|Events|Family contacts|Guardians|Educator contacts|Student names",
		"['visit id', 'family', 'students', 'kind', 'status', 'cancelled by']",
		"True 2025-09-16 yyyy-mm-dd",
		"True 17:00:00 hh:mm",
		"s '0012' True 2025-08-01 16:00:00",
		`D2:D1048576 "first,second,other"`,
		"revision 3",
	}, "\n")+"\n", string(out))
}

// TestWriteIsDeterministic: the same dataset and options give the same
// bytes.
func TestWriteIsDeterministic(t *testing.T) {
	ds := program(t)
	opt := workbook.Options{Contacts: true, Stamp: time.Date(2025, 10, 1, 12, 0, 0, 0, time.UTC)}
	require.Equal(t, writeXLSX(t, ds, opt), writeXLSX(t, ds, opt))
}

// TestDeprecatedAsOfIsTheStamp: the deprecated Options.AsOf still stamps
// the workbook, as Stamp does, and Stamp wins when both are set.
func TestDeprecatedAsOfIsTheStamp(t *testing.T) {
	ds := program(t)
	at := time.Date(2025, 10, 1, 12, 0, 0, 0, time.UTC)
	stamped := writeXLSX(t, ds, workbook.Options{Stamp: at})
	require.NotEqual(t, writeXLSX(t, ds, workbook.Options{}), stamped)
	require.Equal(t, stamped, writeXLSX(t, ds, workbook.Options{AsOf: at}))
	require.Equal(t, stamped, writeXLSX(t, ds, workbook.Options{Stamp: at, AsOf: at.AddDate(1, 0, 0)}))
}
