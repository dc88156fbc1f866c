package main

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/homevisits/pthv/internal/safefile"
	"github.com/homevisits/pthv/internal/spreadsheet"
	"github.com/homevisits/pthv/interop/oneroster"
	"github.com/homevisits/pthv/interop/visitlog"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/schedule"
)

// runImport: pthv import oneroster DIR|ZIP --tz ZONE -o data.json
//
//	pthv import visits FILE.csv --into data.json
func runImport(args []string, stdout, stderr io.Writer) int {
	const about = "Import reads another format into a pthv/v1 dataset:\n\n" +
		"  pthv import oneroster DIR|ZIP --tz ZONE -o data.json  a OneRoster 1.1/1.2 bulk CSV roster export\n" +
		"  pthv import visits FILE.csv --into data.json         merge a visit-log spreadsheet into a dataset\n" +
		"  pthv import workbook FILE.xlsx|DIR --into data.json  merge the coordinator's workbook into a dataset\n\n" +
		"Run \"pthv import KIND --help\" for the flags of one."
	kind, rest, code, done := kindSubcommand("import", about, args, stdout, stderr, "oneroster", "visits", "workbook")
	if done {
		return code
	}
	switch kind {
	case "oneroster":
		return importOneRoster(rest, stdout, stderr)
	case "workbook":
		return importWorkbook(rest, stdout, stderr)
	}
	return importVisits(rest, stdout, stderr)
}

// subcommand splits "KIND args…" and handles help and unknown kinds.
func kindSubcommand(name, about string, args []string, stdout, stderr io.Writer, kinds ...string) (kind string, rest []string, code int, done bool) {
	if c, ok := stdout.(*flagCollector); ok && len(args) == 1 && args[0] == "--help" {
		c.kinds = kinds
		return "", nil, exitOK, true
	}
	if len(args) == 0 || oneOf(args[0], "-h", "-help", "--help", "help") {
		w, code := stdout, exitOK
		if len(args) == 0 {
			w, code = stderr, exitUsage
		}
		fmt.Fprintf(w, "Usage: pthv %s KIND [flags] [args]\n\n%s\n", name, about)
		return "", nil, code, true
	}
	if !oneOf(args[0], kinds...) {
		fmt.Fprintf(stderr, "pthv %s: unknown kind %q (want %s)\nRun \"pthv %s --help\" for usage.\n", name, args[0], strings.Join(kinds, " or "), name)
		return "", nil, exitUsage, true
	}
	return args[0], args[1:], exitOK, false
}

func importOneRoster(args []string, stdout, stderr io.Writer) int {
	f := newFlags("import oneroster", "DIR|ZIP", "Import oneroster reads a OneRoster 1.1 or 1.2 bulk CSV export (a folder, or a zip\n"+
		"archive) into a pthv/v1 dataset: schools, educators, classes, students,\nfamilies (siblings who share a guardian) and the school year. The mapping is\n"+
		"documented in the interop/oneroster package. Errors name the file, line and\ncolumn of every problem, all of them in one run (the first 50, then a count).\n"+
		"OneRoster carries no time zone, so --tz is required. The summary, with the\nrows left out by reason (proctors, records to be deleted, ...), goes to stderr.", stdout, stderr)
	out := f.String("o", "", "output dataset file (default stdout)")
	tz := f.String("tz", "", "the district's IANA time zone, such as America/Los_Angeles (required: OneRoster carries none)")
	encoding := f.String("encoding", "utf-8", "the export's character encoding: "+strings.Join(oneroster.Encodings(), ", "))
	hours := f.String("school-hours", "08:00-15:00", "the school day, HH:MM-HH:MM")
	year := f.String("year", "", "the schoolYear session to import: its sourcedId, title or schoolYear (default: the latest)")
	contacts := f.Bool("contacts", true, "keep names, emails and phones in the dataset's contacts section")
	indent := f.Bool("indent", false, "indent the dataset, two spaces a level (default: compact, on one line)")
	pos, code, done := f.parse(args, 1, 1)
	if done {
		return code
	}
	if *tz == "" {
		return f.fail("--tz is required: OneRoster exports carry no time zone; name the district's, such as --tz America/Los_Angeles")
	}
	start, end, ok := strings.Cut(*hours, "-")
	var h model.Hours
	if !ok || h.Start.UnmarshalText([]byte(start)) != nil || h.End.UnmarshalText([]byte(end)) != nil || h.End <= h.Start {
		return f.fail("--school-hours %q: want HH:MM-HH:MM, such as 08:00-15:00", *hours)
	}
	opt := oneroster.Options{TimeZone: *tz, SchoolHours: h, SchoolYear: *year, Encoding: *encoding}
	if err := opt.Check(); err != nil {
		return f.fail("%v", err)
	}
	src := pos[0]
	if f.refuseOverwrite([]string{src}, *out) {
		return exitUsage
	}
	info, err := os.Stat(src)
	if err != nil {
		return inputError(stderr, "import oneroster", err)
	}
	var res oneroster.Result
	if info.IsDir() {
		res, err = oneroster.Import(os.DirFS(src), opt)
	} else {
		var fh *os.File
		if fh, err = os.Open(src); err == nil {
			res, err = oneroster.ImportZip(fh, info.Size(), opt)
			fh.Close()
		}
	}
	if err != nil {
		return printImportErrors(stderr, "import oneroster", src, err)
	}
	ds := res.Dataset
	if !*contacts {
		ds.Contacts = nil
	}
	if err := writeDatasetAs(*out, stdout, ds, !*indent); err != nil {
		return inputError(stderr, "import oneroster", err)
	}
	printRosterSummary(stderr, src, res)
	return exitOK
}

// printRosterSummary says what an import made, and what it left out by
// reason, so that nothing is dropped without a word.
func printRosterSummary(w io.Writer, src string, res oneroster.Result) {
	ds := res.Dataset
	var b strings.Builder
	fmt.Fprintf(&b, "%s: school year %s (%s to %s), %d schools, %d educators, %d classes, %d students in %d families\n",
		src, ds.Year.ID, ds.Year.FirstDay, ds.Year.LastDay, len(ds.Schools), len(ds.Educators), len(ds.Classes), len(ds.Students), len(ds.Families))
	for _, s := range res.Skipped {
		rows := "rows"
		if s.Count == 1 {
			rows = "row"
		}
		fmt.Fprintf(&b, "%s: left out %d %s of %s: %s\n", src, s.Count, rows, s.File, s.Reason)
	}
	io.WriteString(w, b.String())
}

// importErrors prints every problem of an import, one a line, each naming
// the file (under src), line and column.
func printImportErrors(stderr io.Writer, cmd, src string, err error) int {
	var ors oneroster.Errors
	if errors.As(err, &ors) {
		for _, e := range ors {
			msg := e.Error()
			if e.File != "" {
				// Join the path alone: the message may hold "/" or "..".
				msg = filepath.Join(src, e.File) + strings.TrimPrefix(msg, e.File)
			}
			fmt.Fprintf(stderr, "pthv %s: %s\n", cmd, msg)
		}
		return exitUsage
	}
	var vls visitlog.Errors
	if errors.As(err, &vls) {
		for _, e := range vls {
			fmt.Fprintf(stderr, "pthv %s: %v\n", cmd, e)
		}
		return exitUsage
	}
	return inputError(stderr, cmd, err)
}

// writeDatasetFile writes a new dataset ds, contacts included — it is
// the user's own data — to path (stdout for "" and "-"), compact: pthv's
// datasets run to hundreds of megabytes, which indentation makes half as
// large again and slower to write and read. A command whose user asks for
// --indent, or that writes an updated dataset in its file's style, uses
// writeDatasetAs.
func writeDatasetFile(path string, stdout io.Writer, ds *model.Dataset) error {
	return writeDatasetAs(path, stdout, ds, true)
}

// writeDatasetAs is writeDatasetFile, compact or indented.
func writeDatasetAs(path string, stdout io.Writer, ds *model.Dataset, compact bool) error {
	return writeTo(path, stdout, func(w io.Writer) error {
		return model.EncodeDataset(w, ds, model.EncodeOptions{IncludeContacts: true, Compact: compact})
	})
}

// updateDatasetFile writes ds back over the file it was read from, every
// section and contacts included, in the style the file was written in
// (compact or indented), unless that file changed since it was read: then
// nothing is written and the error says so. When ds holds
// something the file does not, its revision is raised by one; writing
// back the same records leaves it.
func updateDatasetFile(orig safefile.Original, ds *model.Dataset) error {
	compact := isCompact(orig.Path())
	next := ds
	if same, err := holdsDataset(orig.Path(), ds); err != nil || !same {
		next = revised(ds)
	}
	return orig.Replace(func(w io.Writer) error {
		return model.EncodeDataset(w, next, model.EncodeOptions{IncludeContacts: true, Compact: compact})
	})
}

// holdsDataset reports whether the dataset file at path already holds ds:
// the same records, however the file is laid out.
func holdsDataset(path string, ds *model.Dataset) (bool, error) {
	old, err := loadDataset(path)
	if err != nil {
		return false, err
	}
	var a, b bytes.Buffer
	opt := model.EncodeOptions{IncludeContacts: true, Compact: true}
	if err := model.EncodeDataset(&a, old, opt); err != nil {
		return false, err
	}
	if err := model.EncodeDataset(&b, ds, opt); err != nil {
		return false, err
	}
	return bytes.Equal(a.Bytes(), b.Bytes()), nil
}

// revised returns ds as a command writes it back: its revision raised by
// one, so that a copy exported before (a coordinator's workbook) is
// known to be older. ds itself is left as it is.
func revised(ds *model.Dataset) *model.Dataset {
	next := *ds
	next.Revision++
	return &next
}

// isCompact reports whether the dataset file at path is written compact
// — no line break before the end of its first line of data — rather than
// indented, so that a command that updates it writes it back the same
// way. It reads the file's start only; a file it cannot read is taken as
// compact.
func isCompact(path string) bool {
	fh, err := os.Open(path)
	if err != nil {
		return true
	}
	defer fh.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(fh, head)
	head = bytes.TrimRight(head[:n], " \t\r\n")
	return bytes.IndexByte(head, '\n') < 0
}

func importVisits(args []string, stdout, stderr io.Writer) int {
	f := newFlags("import visits", "FILE.csv", "Import visits merges a visit-log spreadsheet (one row per visit, columns as in\n"+
		"\"pthv export visits\") into a dataset. A row whose visit id the dataset has\nupdates that visit's columns and keeps the rest; a new id adds a visit. The\n"+
		"dataset file is rewritten with its contacts, and only when the whole log\nreads without a problem. Errors name the line, column and field.", stdout, stderr)
	into := f.String("into", "", "the dataset file to merge into (required)")
	out := f.String("o", "", "write the merged dataset here instead of rewriting --into")
	pos, code, done := f.parse(args, 1, 1)
	if done {
		return code
	}
	if *into == "" {
		return f.fail("--into: name the dataset file to merge into")
	}
	update := *out == "" || safefile.Same(*out, *into)
	if update && *into == "-" {
		return f.fail("--into: %v, or give -o FILE", errStdinWriteBack)
	}
	if !update && f.refuseOverwrite([]string{pos[0], *into}, *out) {
		return exitUsage
	}
	if f.refuseOverwrite([]string{pos[0]}, *into) {
		return exitUsage
	}
	ds, orig, err := loadDatasetForUpdate(*into)
	if err != nil {
		return inputError(stderr, "import visits", err)
	}
	fh, err := os.Open(pos[0])
	if err != nil {
		return inputError(stderr, "import visits", err)
	}
	before := len(ds.Visits)
	err = visitlog.Read(pos[0], fh, ds)
	fh.Close()
	if err != nil {
		return printImportErrors(stderr, "import visits", pos[0], err)
	}
	target := *into
	if update {
		err = updateDatasetFile(orig, ds)
	} else {
		target = *out
		err = writeDatasetAs(target, stdout, revised(ds), isCompact(*into))
	}
	if err != nil {
		return inputError(stderr, "import visits", err)
	}
	summary := stdout
	if target == "-" {
		summary = stderr
	}
	fmt.Fprintf(summary, "%s: merged into %s: %d visits (%d added)\n", pos[0], target, len(ds.Visits), len(ds.Visits)-before)
	return exitOK
}

// runExport: pthv export visits data.json -o visits.csv
//
//	pthv export payroll data.json --period 2025-10
func runExport(args []string, stdout, stderr io.Writer) int {
	const about = "Export writes part of a dataset for another tool:\n\n" +
		"  pthv export visits data.json -o visits.csv         the visit log, one row per visit\n" +
		"  pthv export payroll data.json --period 2025-10     pay per educator and month\n" +
		"  pthv export workbook data.json -o program.xlsx     the coordinator's workbook, one sheet per record kind\n\n" +
		"Run \"pthv export KIND --help\" for the flags of one."
	kind, rest, code, done := kindSubcommand("export", about, args, stdout, stderr, "visits", "payroll", "workbook")
	if done {
		return code
	}
	switch kind {
	case "visits":
		return exportVisits(rest, stdout, stderr)
	case "workbook":
		return exportWorkbook(rest, stdout, stderr)
	}
	return exportPayroll(rest, stdout, stderr)
}

func exportVisits(args []string, stdout, stderr io.Writer) int {
	f := newFlags("export visits", "FILE", "Export visits writes a dataset's visits as the visit-log spreadsheet: one row per\n"+
		"visit, ids only, times in the district's time zone, cells guarded against\nspreadsheet formulas. \"pthv import visits\" reads it back.", stdout, stderr)
	out := f.String("o", "", "output CSV file (default stdout)")
	pos, code, done := f.parse(args, 1, 1)
	if done {
		return code
	}
	if f.refuseOverwrite([]string{pos[0]}, *out) {
		return exitUsage
	}
	ds, err := loadDataset(pos[0])
	if err != nil {
		return inputError(stderr, "export visits", err)
	}
	var buf bytes.Buffer
	if err := visitlog.Write(&buf, ds); err != nil {
		return printImportErrors(stderr, "export visits", pos[0], err)
	}
	return writeOutputBytes("export visits", *out, stdout, stderr, buf.Bytes())
}

func writeOutputBytes(cmd, path string, stdout, stderr io.Writer, data []byte) int {
	err := writeTo(path, stdout, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
	if err != nil {
		return inputError(stderr, cmd, err)
	}
	return exitOK
}

func exportPayroll(args []string, stdout, stderr io.Writer) int {
	f := newFlags("export payroll", "FILE", "Export payroll sums, per educator and pay period (a calendar month in the\n"+
		"district's time zone), the completed visits they made, the minutes outside\ntheir working day and the amounts by funding source, for coordinators to\n"+
		"handle payment. minutes_outside and the amounts are what the visits'\ncompensation records say; minutes_unrecorded counts, from the calendar, the\n"+
		"minutes outside the working day of visits with no compensation record for\nthat educator. Interpreters are not paid through PTHV records.", stdout, stderr)
	period := f.String("period", "", "pay period YYYY-MM (default: every month with visits)")
	asOfFlag := f.String("as-of", "", "count visits that started by this date (YYYY-MM-DD; default now)")
	out := f.String("o", "", "output CSV file (default stdout)")
	pos, code, done := f.parse(args, 1, 1)
	if done {
		return code
	}
	if *period != "" {
		if _, err := time.Parse("2006-01", *period); err != nil || len(*period) != 7 {
			var pe *time.ParseError
			if errors.As(err, &pe) && strings.HasPrefix(pe.Message, ": ") {
				return f.fail("--period %q: %s", *period, strings.TrimPrefix(pe.Message, ": "))
			}
			return f.fail("--period %q: want a month such as 2025-10", *period)
		}
	}
	if f.refuseOverwrite([]string{pos[0]}, *out) {
		return exitUsage
	}
	ds, err := loadDataset(pos[0])
	if err != nil {
		return inputError(stderr, "export payroll", err)
	}
	asOf, err := parseAsOf(*asOfFlag, ds.Calendar)
	if err != nil {
		return f.fail("--as-of: %v", err)
	}
	lines, err := schedule.Payroll(model.NewIndex(ds), asOf, *period)
	if err != nil {
		return inputError(stderr, "export payroll", fmt.Errorf("%s: %w", pos[0], err))
	}
	sources := model.FundingSources()
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	header := []string{"period", "educator", "school", "role", "position", "completed_visits", "stipend_visits", "minutes_outside", "minutes_unrecorded"}
	for _, s := range sources {
		header = append(header, "amount_"+string(s))
	}
	header = append(header, "amount_unspecified", "amount_total")
	cw.Write(header)
	for _, l := range lines {
		rec := []string{l.Period, spreadsheet.Guard(string(l.Educator)), spreadsheet.Guard(string(l.School)), string(l.Role), string(l.Position),
			strconv.Itoa(l.CompletedVisits), strconv.Itoa(l.StipendVisits), strconv.Itoa(l.MinutesOutside), strconv.Itoa(l.MinutesUnrecorded)}
		for _, s := range sources {
			rec = append(rec, model.FormatCents(l.Cents[s]))
		}
		rec = append(rec, model.FormatCents(l.Cents[""]), model.FormatCents(l.TotalCents))
		cw.Write(rec)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return inputError(stderr, "export payroll", err)
	}
	return writeOutputBytes("export payroll", *out, stdout, stderr, buf.Bytes())
}

// runLookup: pthv lookup data.json STUDENT — has this student's family had
// a visit this school year, and what comes next. Ids only.
func runLookup(args []string, stdout, stderr io.Writer) int {
	f := newFlags("lookup", "FILE STUDENT", "Lookup answers, for one student, whether their family has had a home visit this\n"+
		"school year and what comes next: the next appointment, or where the family\nstands (invited, agreed, declined). Records are named by id only.", stdout, stderr)
	asOfFlag := f.String("as-of", "", "as of this date (YYYY-MM-DD, end of day in the district's time zone; default now)")
	format := f.String("format", "text", "output format: text or json")
	pos, code, done := f.parse(args, 2, 2)
	if done {
		return code
	}
	if !oneOf(*format, "text", "json") {
		return f.fail("--format %q: want text or json", *format)
	}
	ds, err := loadDataset(pos[0])
	if err != nil {
		return inputError(stderr, "lookup", err)
	}
	asOf, err := parseAsOf(*asOfFlag, ds.Calendar)
	if err != nil {
		return f.fail("--as-of: %v", err)
	}
	sy, err := practices.StudentYearOf(model.NewIndex(ds), model.StudentID(pos[1]), asOf)
	if errors.Is(err, model.ErrDangling) {
		return inputError(stderr, "lookup", knownStudents(ds, pos[0]).unknown(pos[1]))
	}
	if err != nil {
		return inputError(stderr, "lookup", err)
	}
	ans := sy.Status(ds.Calendar.Location())
	if *format == "json" {
		if err := writeJSON(stdout, ans); err != nil {
			return inputError(stderr, "lookup", err)
		}
		return exitOK
	}
	writeLookupText(stdout, ans)
	return exitOK
}

// writeLookupText writes a student's status for people: times as the
// district's wall clock.
func writeLookupText(w io.Writer, a practices.StudentStatus) {
	const minute = "2006-01-02 15:04"
	var b strings.Builder
	fmt.Fprintf(&b, "student %s (school %s, grade %s), family %s — school year %s, as of %s\n", a.Student, a.School, a.Grade, a.Family, a.Year, a.AsOf.Format("2006-01-02"))
	if a.Visited {
		fmt.Fprintf(&b, "visited this year: yes, %d completed visit(s)\n", len(a.Visits))
	} else {
		b.WriteString("visited this year: no\n")
	}
	for _, v := range a.Visits {
		fmt.Fprintf(&b, "  %s %s %s visit for this student, with %s\n", v.Visit, v.Start.Format(minute), v.Place, visitorList(v.Visitors))
	}
	if a.Next != nil {
		fmt.Fprintf(&b, "next: %s %s %s (%s) with %s\n", a.Next.Visit, a.Next.Start.Format(minute), cmp.Or(string(a.Next.Kind), "visit"), a.Next.Status, visitorList(a.Next.Visitors))
	} else {
		b.WriteString("next: nothing booked\n")
	}
	fmt.Fprintf(&b, "family: %s\n%s\n", a.Consent, a.Advice)
	io.WriteString(w, b.String())
}

func visitorList(ids []model.EducatorID) string {
	if len(ids) == 0 {
		return "no educator recorded"
	}
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = string(id)
	}
	return strings.Join(s, ", ")
}
