package workbook

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/homevisits/pthv/model"
)

// Write writes ds as an XLSX workbook: a README sheet, then one sheet per
// thing a coordinator records, one row per record (see the package
// documentation for the sheets and columns). Dates and times are date
// cells in the district's time zone, choices are offered as lists, and id
// columns are text. Names and contact details are written only with
// opt.Contacts. Nothing is written when a record holds a value a sheet
// cannot carry; the error, an [Errors], names each.
func Write(w io.Writer, ds *model.Dataset, opt Options) error {
	if w == nil {
		return Errors{{Err: fmt.Errorf("%w: nowhere to write the workbook", model.ErrInvalid)}}
	}
	tables, err := build(ds, opt)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsxWriter{f: f, styles: map[kind]int{}}
	for i, t := range tables {
		if i == 0 {
			err = f.SetSheetName("Sheet1", t.name)
		} else {
			_, err = f.NewSheet(t.name)
		}
		if err == nil {
			err = x.sheet(t)
		}
		if err != nil {
			return fmt.Errorf("workbook: sheet %s: %w", t.name, err)
		}
	}
	props := &excelize.DocProperties{Title: "PTHV coordinator's workbook", Creator: "pthv",
		Revision: strconv.Itoa(ds.Revision), Created: "2006-09-16T00:00:00Z", Modified: "2006-09-16T00:00:00Z"}
	if stamp := opt.stamp(); !stamp.IsZero() {
		props.Created = stamp.UTC().Format(time.RFC3339)
		props.Modified = props.Created
	}
	if err := f.SetDocProps(props); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// xlsxWriter writes tables as sheets, with one style per kind of column.
type xlsxWriter struct {
	f      *excelize.File
	styles map[kind]int
	header int
	wrap   int
}

// numFmts are the number formats of the columns that are not text.
var numFmts = map[kind]string{
	dateKind: "yyyy-mm-dd", dateTimeKind: "yyyy-mm-dd hh:mm", dateOrStampKind: "yyyy-mm-dd hh:mm",
	clockKind: "hh:mm", countKind: "0", amountKind: "0.00",
}

func (x *xlsxWriter) style(k kind) (int, error) {
	if id, ok := x.styles[k]; ok {
		return id, nil
	}
	st := &excelize.Style{NumFmt: 49} // text: "0012" stays "0012"
	if f, ok := numFmts[k]; ok {
		st = &excelize.Style{CustomNumFmt: &f}
	}
	id, err := x.f.NewStyle(st)
	x.styles[k] = id
	return id, err
}

func (x *xlsxWriter) sheet(t *table) error {
	if t.header == nil {
		return x.readme(t)
	}
	f, name := x.f, t.name
	if x.header == 0 {
		id, err := f.NewStyle(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Bold: true},
			Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Border: []excelize.Border{{Type: "bottom", Color: "7F7F7F", Style: 1}}})
		if err != nil {
			return err
		}
		x.header = id
	}
	last := columnName(max(len(t.header), 1))
	for j, k := range t.kinds {
		col := columnName(j + 1)
		id, err := x.style(k)
		if err != nil {
			return err
		}
		if err := f.SetColStyle(name, col, id); err != nil {
			return err
		}
		width := 16.0
		switch {
		case k == dateTimeKind || k == dateOrStampKind:
			width = 17
		case k == dateKind || k == clockKind || k == countKind || k == amountKind:
			width = 12
		}
		if err := f.SetColWidth(name, col, col, max(width, float64(len(t.header[j]))+4)); err != nil {
			return err
		}
		if list := t.lists[j]; len(list) > 0 {
			dv := excelize.NewDataValidation(true)
			dv.Sqref = col + "2:" + col + "1048576"
			if err := dv.SetDropList(list); err != nil {
				return err
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, t.header[j], "Choose one of: "+strings.Join(list, ", "))
			if err := f.AddDataValidation(name, dv); err != nil {
				return err
			}
		}
	}
	for j, h := range t.header {
		if err := f.SetCellStr(name, columnName(j+1)+"1", h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(name, "A1", last+"1", x.header); err != nil {
		return err
	}
	for i, r := range t.rows {
		n := strconv.Itoa(i + 2)
		for j, v := range r {
			if v == "" {
				continue
			}
			cell := columnName(j+1) + n
			var err error
			if num, ok := number(t.kinds[j], v); ok {
				err = f.SetCellFloat(name, cell, num, -1, 64)
			} else {
				err = f.SetCellStr(name, cell, v)
			}
			if err != nil {
				return err
			}
		}
	}
	if err := f.SetPanes(name, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	return f.AutoFilter(name, "A1:"+last+strconv.Itoa(len(t.rows)+1), nil)
}

// number returns the number a cell of a date, time or number column
// holds, or false to keep the text.
func number(k kind, v string) (float64, bool) {
	switch {
	case k.timed():
		w, ok := parseWall(v)
		if !ok {
			return 0, false
		}
		return serialOf(w), true
	case k == countKind || k == amountKind:
		n, err := strconv.ParseFloat(v, 64)
		return n, err == nil
	}
	return 0, false
}

func (x *xlsxWriter) readme(t *table) error {
	f, name := x.f, t.name
	if err := f.SetColStyle(name, "A:C", mustStyle(x.style(textKind))); err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return err
	}
	f.SetColWidth(name, "A", "A", 20)
	f.SetColWidth(name, "B", "B", 24)
	f.SetColWidth(name, "C", "C", 90)
	for i, r := range t.rows {
		n := strconv.Itoa(i + 1)
		for j, v := range r {
			cell := columnName(j+1) + n
			var err error
			if i > 0 && j == 1 && len(r) > 0 && key(r[0]) == revisionKey {
				rev, _ := strconv.Atoi(v)
				err = f.SetCellInt(name, cell, int64(rev))
			} else {
				err = f.SetCellStr(name, cell, v)
			}
			if err != nil {
				return err
			}
		}
		if len(r) == 1 && i > 0 && len(r[0]) > 40 {
			// A paragraph: spread over the three columns, wrapped.
			if err := f.MergeCell(name, "A"+n, "C"+n); err != nil {
				return err
			}
			if err := f.SetCellStyle(name, "A"+n, "C"+n, wrap); err != nil {
				return err
			}
			f.SetRowHeight(name, i+1, 15*float64(1+len(r[0])/120))
		} else if len(r) == 3 {
			if err := f.SetCellStyle(name, "C"+n, "C"+n, wrap); err != nil {
				return err
			}
		}
	}
	return f.SetCellStyle(name, "A1", "A1", bold)
}

func mustStyle(id int, err error) int {
	if err != nil {
		return 0
	}
	return id
}

// Read reads an XLSX workbook written by [Write] (and edited in a
// spreadsheet) and merges it into into. name is the file's name, used in
// errors; r and size are the file's content.
//
// A row whose id the dataset has updates that record: the fields of the
// columns the sheet has (an empty cell clears one), the rest kept. A row
// with a new id adds a record. Deleting a row deletes nothing; a detail
// sheet (Trainings, Contact attempts, Topics, Pay, Reschedules,
// Guardians) holds the whole list of details of each record the workbook
// lists. A sheet the workbook lacks leaves its records as they are;
// columns named notes, and sheets of other names, are ignored. The Visits
// sheet is read by visitlog.Read.
//
// A workbook exported from an older revision of the dataset than into's
// is refused with [ErrStale] unless opt.Force is set; one of another
// school year or time zone is refused with [ErrMismatch].
//
// into changes only when the whole workbook reads without a problem and
// the merged dataset passes [model.Dataset.Validate]; otherwise the error,
// an [Errors], names every problem's sheet, row, column and field. Read
// replaces the sections it changes with new lists and never changes the
// lists into held, so a shallow copy of into taken before Read keeps the
// dataset as it was.
func Read(name string, r io.ReaderAt, size int64, into *model.Dataset, opt ReadOptions) error {
	if into == nil {
		return Errors{{File: name, Err: fmt.Errorf("%w: no dataset to read into", model.ErrInvalid)}}
	}
	if r == nil || size <= 0 {
		return Errors{{File: name, Err: syntaxf("the file is empty (want an XLSX workbook)")}}
	}
	layout, err := learnVisitLayout()
	if err != nil {
		return err
	}
	tables, e := xlsxTables(r, size, layout)
	if e != nil {
		e.File = name
		return Errors{e}
	}
	return readTables(name, tables, layout, into, opt)
}

// maxUnzipped bounds how much a workbook may unzip to, so that a small
// file cannot claim gigabytes.
const maxUnzipped = 1 << 30

// xlsxTables reads the workbook's known sheets as text tables: a date
// cell as its date and time (2025-09-12 16:30), any other cell as the
// text it holds. A panic in the XLSX parser, on a file crafted to cause
// one, is a malformed workbook.
func xlsxTables(r io.ReaderAt, size int64, layout *visitLayout) (tables map[string]*table, e *Error) {
	defer func() {
		if p := recover(); p != nil {
			tables, e = nil, &Error{Err: syntaxf("the XLSX file cannot be read: %v", p)}
		}
	}()
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{UnzipSizeLimit: maxUnzipped})
	if err != nil {
		return nil, &Error{Err: syntaxf("not an XLSX workbook: %v", err)}
	}
	defer f.Close()
	epoch := epoch1900
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil && *p.Date1904 {
		epoch = epoch1904
	}
	tables = map[string]*table{}
	for _, name := range f.GetSheetList() {
		s := sheetNamed(name)
		if s == nil {
			continue
		}
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, &Error{Sheet: name, Err: syntaxf("%v", err)}
		}
		t := &table{name: name}
		first := 0
		if name != readmeSheet {
			if len(rows) > 0 {
				t.header = rows[0]
			}
			first = 1
		}
		kinds := make([]kind, len(t.header))
		for j, h := range t.header {
			kinds[j] = columnKind(s, layout, h)
		}
		for i := first; i < len(rows); i++ {
			cells := rows[i]
			for j := range min(len(cells), len(kinds)) {
				if !kinds[j].timed() || cells[j] == "" {
					continue
				}
				ref := columnName(j+1) + strconv.Itoa(i+1)
				if ty, err := f.GetCellType(name, ref); err != nil || ty != excelize.CellTypeUnset && ty != excelize.CellTypeNumber {
					continue
				}
				x, err := strconv.ParseFloat(cells[j], 64)
				if err != nil {
					continue
				}
				w, ok := wallOfSerial(x, epoch)
				if !ok {
					continue
				}
				cells[j] = wallText(w)
			}
			t.rows = append(t.rows, cells)
			t.nums = append(t.nums, i+1)
		}
		tables[name] = t
	}
	if len(tables) == 0 {
		return nil, &Error{Err: syntaxf("no sheet of a workbook in the file (want sheets such as %s)", visitsSheet)}
	}
	return tables, nil
}

// wallText writes what a date cell holds: the date, the time of day, or
// both.
func wallText(w wall) string {
	switch {
	case !w.hasDate:
		return w.clock()
	case !w.hasClock:
		return w.date()
	}
	return w.dateTime()
}

// columnKind returns what a column holds, by its header.
func columnKind(s *sheet, layout *visitLayout, header string) kind {
	if s.name == visitsSheet {
		return layout.kindOf(header)
	}
	for _, c := range s.columns {
		if key(c.name) == key(header) {
			return c.kind
		}
	}
	return textKind
}
