package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/homevisits/pthv/internal/safefile"
	"github.com/homevisits/pthv/interop/workbook"
)

// exportWorkbook: pthv export workbook data.json -o program.xlsx
//
//	pthv export workbook data.json --format csv -o DIR
func exportWorkbook(args []string, stdout, stderr io.Writer) int {
	f := newFlags("export workbook", "FILE", "Export workbook writes the coordinator's workbook: a README sheet, then one sheet\n"+
		"per thing a coordinator records (educators, trainings, invitations, contact\nattempts, withdrawals, visits and their topics, pay and reschedules, messages,\n"+
		"events), one row per record. Dates are date cells in the district's time zone,\nchoices are lists, ids are text. \"pthv import workbook\" reads it back; the\n"+
		"sheets and columns are documented in the interop/workbook package and on the\nREADME sheet. With --format csv it writes a folder of CSV files, one per\n"+
		"sheet, for spreadsheets that import CSV (Google Sheets).", stdout, stderr)
	out := f.String("o", "", "output .xlsx file (default stdout), or with --format csv the folder to write (created if missing)")
	format := f.String("format", "xlsx", "xlsx, or csv: a folder of CSV files, one per sheet")
	contacts := f.Bool("contacts", false, "add the sheets of names, addresses and phone numbers")
	asOfFlag := f.String("as-of", "", "the day of the export shown on the README sheet (YYYY-MM-DD; default today)")
	pos, code, done := f.parse(args, 1, 1)
	if done {
		return code
	}
	if !oneOf(*format, "xlsx", "csv") {
		return f.fail("--format %q: want xlsx or csv", *format)
	}
	if *format == "csv" && safefile.IsStdio(*out) {
		return f.fail("-o: name the folder to write the CSV files to")
	}
	if f.refuseOverwrite([]string{pos[0]}, *out) {
		return exitUsage
	}
	ds, err := loadDataset(pos[0])
	if err != nil {
		return inputError(stderr, "export workbook", err)
	}
	asOf, err := parseAsOf(*asOfFlag, ds.Calendar)
	if err != nil {
		return f.fail("--as-of: %v", err)
	}
	opt := workbook.Options{Contacts: *contacts, Stamp: asOf}
	if *format == "xlsx" {
		err = writeTo(*out, stdout, func(w io.Writer) error { return workbook.Write(w, ds, opt) })
		if err != nil {
			return printWorkbookErrors(stderr, "export workbook", err)
		}
		if !safefile.IsStdio(*out) {
			fmt.Fprintf(stdout, "%s: the workbook of %s, revision %d\n", *out, pos[0], ds.Revision)
		}
		return exitOK
	}
	files, err := workbook.WriteCSV(ds, opt)
	if err != nil {
		return printWorkbookErrors(stderr, "export workbook", err)
	}
	paths := make([]string, len(files))
	for i, file := range files {
		if paths[i], err = safefile.Join(*out, file.Name); err != nil {
			return inputError(stderr, "export workbook", err)
		}
	}
	if f.refuseOverwrite([]string{pos[0]}, paths...) {
		return exitUsage
	}
	if err := os.MkdirAll(*out, 0o777); err != nil {
		return inputError(stderr, "export workbook", err)
	}
	for i, file := range files {
		err := safefile.WriteFile(paths[i], func(w io.Writer) error {
			_, err := w.Write(file.Data)
			return err
		})
		if err != nil {
			return inputError(stderr, "export workbook", err)
		}
	}
	fmt.Fprintf(stdout, "%s: the workbook of %s as %d CSV files, revision %d\n", *out, pos[0], len(files), ds.Revision)
	return exitOK
}

// importWorkbook: pthv import workbook program.xlsx|DIR --into data.json
func importWorkbook(args []string, stdout, stderr io.Writer) int {
	f := newFlags("import workbook", "FILE.xlsx|DIR", "Import workbook merges the coordinator's workbook (\"pthv export workbook\": an XLSX\n"+
		"file, or a folder of its CSV sheets) into a dataset. A row whose id the\ndataset has updates that record; a new id adds one; deleting a row deletes\n"+
		"nothing. It lists the records it adds or changes, and rewrites the dataset\n(its revision raised by one) only when the whole workbook reads without a\n"+
		"problem; errors name the sheet, row, column and field of every problem. A\nworkbook exported from an older revision of the dataset is refused unless\n"+
		"--force.", stdout, stderr)
	into := f.String("into", "", "the dataset file to merge into (required)")
	force := f.Bool("force", false, "read a workbook exported from an older revision of the dataset: what it says wins over what was recorded since")
	dryRun := f.Bool("dry-run", false, "list the records the workbook would add or change, and write nothing")
	pos, code, done := f.parse(args, 1, 1)
	if done {
		return code
	}
	if *into == "" {
		return f.fail("--into: name the dataset file to merge into")
	}
	if *into == "-" {
		return f.fail("--into: %v", errStdinWriteBack)
	}
	if f.refuseOverwrite([]string{pos[0]}, *into) {
		return exitUsage
	}
	ds, orig, err := loadDatasetForUpdate(*into)
	if err != nil {
		return inputError(stderr, "import workbook", err)
	}
	before := *ds // Read replaces the lists it changes and leaves these alone
	info, err := os.Stat(pos[0])
	if err != nil {
		return inputError(stderr, "import workbook", err)
	}
	opt := workbook.ReadOptions{Force: *force}
	if info.IsDir() {
		err = workbook.ReadCSV(pos[0], os.DirFS(pos[0]), ds, opt)
	} else {
		var fh *os.File
		if fh, err = os.Open(pos[0]); err == nil {
			err = workbook.Read(pos[0], fh, info.Size(), ds, opt)
			fh.Close()
		}
	}
	if err != nil {
		return printWorkbookErrors(stderr, "import workbook", err)
	}
	changes := datasetChanges(&before, ds)
	if len(changes) == 0 {
		fmt.Fprintf(stdout, "%s: nothing to change\n", *into)
		return exitOK
	}
	verb := "changes"
	if *dryRun {
		verb = "would change"
	}
	fmt.Fprintf(stdout, "%s: %s %d record(s):\n", *into, verb, len(changes))
	for _, c := range changes {
		fmt.Fprintf(stdout, "  %s\n", c)
	}
	if *dryRun {
		return exitOK
	}
	if err := updateDatasetFile(orig, ds); err != nil {
		return inputError(stderr, "import workbook", err)
	}
	return exitOK
}

// printWorkbookErrors prints every problem of a workbook, one a line.
func printWorkbookErrors(stderr io.Writer, cmd string, err error) int {
	var es workbook.Errors
	if !errors.As(err, &es) {
		return inputError(stderr, cmd, err)
	}
	for _, e := range es {
		fmt.Fprintf(stderr, "pthv %s: %v\n", cmd, e)
	}
	return exitUsage
}
