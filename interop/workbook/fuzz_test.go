package workbook_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/interop/workbook"
)

// FuzzRead feeds arbitrary files to the XLSX reader: it never panics,
// every problem is an Errors naming the file, and a workbook it accepts
// leaves a valid dataset that writes out again.
func FuzzRead(f *testing.F) {
	base := program(f)
	sample, err := os.ReadFile("testdata/program.xlsx")
	require.NoError(f, err)
	f.Add(sample)
	f.Add(writeXLSX(f, base, workbook.Options{}))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ds := *base
		err := workbook.Read("fuzz.xlsx", bytes.NewReader(data), int64(len(data)), &ds, workbook.ReadOptions{Force: true})
		if err != nil {
			es, ok := errors.AsType[workbook.Errors](err)
			require.True(t, ok, "%v", err)
			for _, e := range es {
				require.Equal(t, "fuzz.xlsx", e.File)
			}
			return
		}
		require.NoError(t, ds.Validate())
		require.NoError(t, workbook.Write(&bytes.Buffer{}, &ds, workbook.Options{Contacts: true}))
	})
}

// FuzzReadCSV feeds arbitrary content to each sheet of the CSV form, in
// place of the sample's: problems name the folder and a sheet, and a
// folder it accepts leaves a valid dataset that reads back unchanged.
func FuzzReadCSV(f *testing.F) {
	base := program(f)
	names, err := filepath.Glob("testdata/program/*.csv")
	require.NoError(f, err)
	sample := fstest.MapFS{}
	for i, name := range names {
		data, err := os.ReadFile(name)
		require.NoError(f, err)
		sample[filepath.Base(name)] = &fstest.MapFile{Data: data}
		f.Add(uint8(i), data)
	}
	f.Add(uint8(0), []byte("family,at\n'=F2,2025-09-01T09:00:00\n"))
	f.Fuzz(func(t *testing.T, sheet uint8, data []byte) {
		fsys := fstest.MapFS{}
		for k, v := range sample {
			fsys[k] = v
		}
		fsys[filepath.Base(names[int(sheet)%len(names)])] = &fstest.MapFile{Data: data}
		ds := *base
		err := workbook.ReadCSV("program", fsys, &ds, workbook.ReadOptions{Force: true})
		if err != nil {
			es, ok := errors.AsType[workbook.Errors](err)
			require.True(t, ok, "%v", err)
			for _, e := range es {
				require.Equal(t, "program", e.File)
			}
			return
		}
		require.NoError(t, ds.Validate())
		again := ds
		out, err := workbook.WriteCSV(&ds, workbook.Options{Contacts: true})
		require.NoError(t, err)
		back := fstest.MapFS{}
		for _, f := range out {
			back[f.Name] = &fstest.MapFile{Data: f.Data}
		}
		require.NoError(t, workbook.ReadCSV("program", back, &again, workbook.ReadOptions{}))
		require.Equal(t, canon(t, &ds), canon(t, &again))
	})
}
