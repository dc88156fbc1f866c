package workbook_test

import (
	"archive/zip"
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/homevisits/pthv/interop/workbook"
	"github.com/homevisits/pthv/model"
)

var update = flag.Bool("update", false, "rewrite testdata/program.xlsx and testdata/program/ from testdata/program.json")

// program loads testdata/program.json, a dataset that sets every field.
func program(t testing.TB) *model.Dataset {
	t.Helper()
	f, err := os.Open("testdata/program.json")
	require.NoError(t, err)
	defer f.Close()
	ds, err := model.DecodeDataset("program.json", f)
	require.NoError(t, err)
	return ds
}

func writeXLSX(t require.TestingT, ds *model.Dataset, opt workbook.Options) []byte {
	var buf bytes.Buffer
	require.NoError(t, workbook.Write(&buf, ds, opt))
	return buf.Bytes()
}

func readXLSX(data []byte, into *model.Dataset, opt workbook.ReadOptions) error {
	return workbook.Read("program.xlsx", bytes.NewReader(data), int64(len(data)), into, opt)
}

// folder returns the workbook's CSV files as a file system.
func folder(t require.TestingT, ds *model.Dataset, opt workbook.Options) fstest.MapFS {
	files, err := workbook.WriteCSV(ds, opt)
	require.NoError(t, err)
	fsys := fstest.MapFS{}
	for _, f := range files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

// canon writes a dataset as JSON with every instant as its wall clock in
// the district's time zone — what a workbook's cell holds — opt-ins in
// order and empty contacts as none: two datasets with the same canon hold
// the same records, whatever time zone their instants are written in. (In
// the hour the clocks fall back a wall clock names two instants, and a
// workbook's cell cannot tell which.)
func canon(t require.TestingT, ds *model.Dataset) string {
	var buf bytes.Buffer
	require.NoError(t, model.EncodeDataset(&buf, ds, model.EncodeOptions{IncludeContacts: true}))
	cp, err := model.DecodeDataset("canon", &buf)
	require.NoError(t, err)
	toWall(reflect.ValueOf(cp).Elem(), ds.Calendar.Location())
	for i := range cp.Educators {
		slices.Sort(cp.Educators[i].OptIns)
	}
	if c := cp.Contacts; c != nil && len(c.Families)+len(c.Educators)+len(c.Students) == 0 {
		cp.Contacts = nil
	}
	buf.Reset()
	require.NoError(t, model.EncodeDataset(&buf, cp, model.EncodeOptions{IncludeContacts: true}))
	return buf.String()
}

var timeType = reflect.TypeFor[time.Time]()

func toWall(v reflect.Value, loc *time.Location) {
	switch {
	case v.Type() == timeType:
		if t := v.Interface().(time.Time); v.CanSet() && !t.IsZero() {
			l := t.In(loc)
			v.Set(reflect.ValueOf(time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC)))
		}
	case v.Kind() == reflect.Pointer && !v.IsNil():
		toWall(v.Elem(), loc)
	case v.Kind() == reflect.Slice:
		for i := range v.Len() {
			toWall(v.Index(i), loc)
		}
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				toWall(v.Field(i), loc)
			}
		}
	}
}

// stripped returns ds without what a workbook carries: invitations,
// withdrawals, visits, messages and events, the educators' trainings and
// this year's opt-ins, and with contacts its contacts.
func stripped(ds *model.Dataset, contacts bool) *model.Dataset {
	out := *ds
	out.Invitations, out.Withdrawals, out.Visits, out.Communications, out.Events = nil, nil, nil, nil, nil
	out.Educators = slices.Clone(ds.Educators)
	for i := range out.Educators {
		e := &out.Educators[i]
		e.Trainings = nil
		e.OptIns = slices.DeleteFunc(slices.Clone(e.OptIns), func(y model.SchoolYearID) bool { return y == ds.Year.ID })
		if len(e.OptIns) == 0 {
			e.OptIns = nil
		}
	}
	if contacts {
		out.Contacts = nil
	}
	return &out
}

// TestUpdateSamples rewrites the sample workbooks with -update; without
// it, it checks that they still read into their dataset unchanged.
func TestUpdateSamples(t *testing.T) {
	ds := program(t)
	opt := workbook.Options{Contacts: true, Stamp: time.Date(2025, 10, 1, 12, 0, 0, 0, ds.Calendar.Location())}
	if *update {
		require.NoError(t, os.WriteFile("testdata/program.xlsx", writeXLSX(t, ds, opt), 0o644))
		require.NoError(t, os.RemoveAll("testdata/program"))
		require.NoError(t, os.Mkdir("testdata/program", 0o755))
		files, err := workbook.WriteCSV(ds, opt)
		require.NoError(t, err)
		for _, f := range files {
			require.NoError(t, os.WriteFile(filepath.Join("testdata/program", f.Name), f.Data, 0o644))
		}
	}
	data, err := os.ReadFile("testdata/program.xlsx")
	require.NoError(t, err)
	got := *ds
	require.NoError(t, readXLSX(data, &got, workbook.ReadOptions{}))
	require.Equal(t, *ds, got)
	got = *ds
	require.NoError(t, workbook.ReadCSV("testdata/program", os.DirFS("testdata/program"), &got, workbook.ReadOptions{}))
	require.Equal(t, *ds, got)
}

// sheetCells returns a sheet's cells as stored (a date cell as its serial
// number).
func sheetCells(t require.TestingT, data []byte, sheet string) [][]string {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	return rows
}

// unzipped returns every part of an XLSX file, one after the other.
func unzipped(t require.TestingT, data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	var b bytes.Buffer
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		_, err = io.Copy(&b, rc)
		require.NoError(t, err)
		rc.Close()
	}
	return b.String()
}
