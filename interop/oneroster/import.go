package oneroster

import (
	"archive/zip"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/homevisits/pthv/model"
)

// Options tune an import. TimeZone is required; the rest have defaults.
type Options struct {
	// TimeZone is the district's IANA time zone, such as
	// "America/Los_Angeles" (or "UTC"). OneRoster exports carry none — no
	// column of orgs.csv or any other file states one — and minutes
	// outside the working day and seasons are reckoned in local time, so
	// an import without it is refused rather than guessed.
	TimeZone string
	// SchoolHours is the daily school day. Default 08:00–15:00.
	SchoolHours model.Hours
	// SchoolYear picks the academic session of type schoolYear to import
	// by its sourcedId, title or schoolYear value. Default: the one that
	// starts last.
	SchoolYear string
	// Encoding is the character encoding of the export's files: "utf-8"
	// (the default, which OneRoster requires), "windows-1252" or
	// "iso-8859-1", for exports saved by older systems and spreadsheets.
	// Case is ignored.
	Encoding string
}

// Encodings lists the names [Options.Encoding] accepts.
func Encodings() []string { return []string{"utf-8", "windows-1252", "iso-8859-1"} }

// encodingOf returns the decoder for an encoding name: nil for UTF-8.
func encodingOf(name string) (*charmap.Charmap, string, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", "utf-8", "utf8":
		return nil, "utf-8", nil
	case "windows-1252", "cp1252":
		return charmap.Windows1252, "windows-1252", nil
	case "iso-8859-1", "latin1", "latin-1":
		return charmap.ISO8859_1, "iso-8859-1", nil
	}
	return nil, "", fmt.Errorf("unknown encoding %q: want %s", name, strings.Join(Encodings(), ", "))
}

// loadTimeZone checks that tz names an IANA time zone the way every pthv
// reader does ([model.LoadTimeZone]: "Local" would make a dataset mean
// different times on different machines, and a bare area such as
// "Pacific" is a folder of zones, not a zone) and says how to name one.
func loadTimeZone(tz string) (*time.Location, error) {
	const how = `use an IANA name such as America/Los_Angeles (see "tzselect" or the tz database list)`
	if tz == "" {
		return nil, fmt.Errorf("no time zone: OneRoster exports carry none; %s", how)
	}
	loc, err := model.LoadTimeZone(tz)
	if err != nil {
		// The model's reason ("is not an IANA time zone name", "unknown")
		// says less than how to name one.
		return nil, fmt.Errorf("unknown time zone %q: %s", tz, how)
	}
	return loc, nil
}

// Check reports the first problem with the options themselves, before
// any file is read: no time zone, one that is not an IANA name, an
// unknown encoding, school hours that do not make a day. [Import] calls
// it; a command line calls it to report a bad flag as such.
func (o Options) Check() error {
	if _, err := loadTimeZone(o.TimeZone); err != nil {
		return err
	}
	if _, _, err := encodingOf(o.Encoding); err != nil {
		return err
	}
	if h := o.SchoolHours; h != (model.Hours{}) && (h.End <= h.Start || h.End > 24*60) {
		return fmt.Errorf("school hours %s–%s: the day must end after it starts", h.Start, h.End)
	}
	return nil
}

// defaultHours is the school day an import assumes when
// [Options.SchoolHours] is not set.
func defaultHours() model.Hours {
	return model.Hours{Start: model.NewClock(8, 0), End: model.NewClock(15, 0)}
}

// Result is what an import produced: the dataset, and what it left out.
type Result struct {
	// Dataset is the imported roster; it passes [model.Dataset.Validate].
	Dataset *model.Dataset
	// Skipped counts the rows the import read but left out of the
	// dataset, by file and reason, sorted by file then reason. Nothing is
	// left out silently: a district checks here that the proctors,
	// records to be deleted and guardians of no student it sees are the
	// ones it expects.
	Skipped []Skip
}

// Skip counts the rows of one file an import left out for one reason.
type Skip struct {
	File   string // such as "users.csv"
	Reason string // such as `role "proctor" is not imported`
	Count  int
}

// Import imports the OneRoster bulk CSV export in fsys (a folder, through
// [os.DirFS], or a zip archive, through [zip.NewReader]) into a dataset
// that passes [model.Dataset.Validate], and counts what it left out.
//
// The files are read concurrently, so fsys must allow concurrent Open
// calls (os.DirFS, zip.Reader and fstest.MapFS do). A problem with the
// options (no time zone, an unknown encoding) is a plain error. Problems
// in the export are an [Errors]: every problem found, within files and in
// references between them, in one list sorted by file and line, each
// naming its file, line and column.
func Import(fsys fs.FS, opt Options) (Result, error) {
	if fsys == nil {
		return Result{}, errors.New("oneroster: no export to read (the file system is nil)")
	}
	if err := opt.Check(); err != nil {
		return Result{}, fmt.Errorf("oneroster: %w", err)
	}
	cm, enc, _ := encodingOf(opt.Encoding)
	if opt.SchoolHours == (model.Hours{}) {
		opt.SchoolHours = defaultHours()
	}
	cal, err := model.NewCalendar(opt.TimeZone, opt.SchoolHours)
	if err != nil {
		return Result{}, fmt.Errorf("oneroster: %w", err)
	}
	in := &input{fsys: fsys, charmap: cm, enc: enc}

	l := &linker{opt: opt}
	var mp problems
	if e := checkTotal(fsys); e != nil {
		return Result{}, Errors{e}
	}
	l.manifest = readManifest(in, &mp)
	_, statErr := fs.Stat(fsys, rolesFile)
	l.hasRoles = statErr == nil && l.manifest.wants(rolesFile)

	// Parse the files concurrently; problems are sorted afterwards, so
	// that the error is the same on every run.
	var ps [numFiles]problems
	var wg sync.WaitGroup
	run := func(i int, f func(p *problems) fileState) {
		if !l.manifest.wants(fileNames[i]) {
			return
		}
		wg.Go(func() { l.state[i] = f(&ps[i]) })
	}
	run(orgsAt, func(p *problems) (st fileState) { l.orgs, l.orgIdx, st = readOrgs(in, p); return })
	run(usersAt, func(p *problems) (st fileState) { l.users, l.userIdx, st = readUsers(in, !l.hasRoles, p); return })
	if l.hasRoles {
		run(rolesAt, func(p *problems) (st fileState) { l.roles, st = readRoles(in, p); return })
	}
	run(classesAt, func(p *problems) (st fileState) { l.classes, l.classIdx, st = readClasses(in, p); return })
	run(enrollmentsAt, func(p *problems) (st fileState) { l.enrollments, st = readEnrollments(in, p); return })
	run(sessionsAt, func(p *problems) (st fileState) { l.sessions, l.sessionIdx, st = readSessions(in, p); return })
	run(demographicsAt, func(p *problems) (st fileState) { l.demographics, st = readDemographics(in, p); return })
	wg.Wait()

	for i, name := range fileNames {
		st := &l.state[i]
		if st.exists {
			continue
		}
		required := i == orgsAt || i == usersAt || i == sessionsAt || l.manifest.files[name] == "bulk"
		if !required {
			st.complete = true // an optional file left out holds no rows
			continue
		}
		msg := "the export has no " + name
		if !l.manifest.wants(name) {
			msg = "the manifest marks " + name + " absent, but the import needs it"
		}
		mp.add(&Error{File: name, Err: fmt.Errorf("%w: %s", ErrMissingFile, msg)})
	}
	// References are resolved even when files have problems, so that one
	// run reports both; references into a file not wholly read are not.
	ds := l.link(cal)
	all := []*problems{&mp, &l.p}
	for i := range ps {
		all = append(all, &ps[i])
	}
	if es := merge(all...); es != nil {
		return Result{}, es
	}
	if err := ds.Validate(); err != nil {
		// The link stage checks everything Validate does; this is a guard.
		return Result{}, fmt.Errorf("oneroster: the imported dataset is invalid: %w", err)
	}
	return Result{Dataset: ds, Skipped: l.skipped()}, nil
}

// checkTotal refuses, before reading, an export whose files declare more
// than MaxTotalBytes together.
func checkTotal(fsys fs.FS) *Error {
	var total, largest int64
	biggest := ""
	for _, name := range append([]string{manifestFile}, fileNames[:]...) {
		if st, err := fs.Stat(fsys, name); err == nil && st != nil && st.Size() > 0 {
			total += st.Size()
			if st.Size() > largest {
				largest, biggest = st.Size(), name
			}
		}
	}
	if total > MaxTotalBytes {
		return &Error{File: biggest, Err: fmt.Errorf("%w: the export's files hold %d bytes together, over the cap of %d (MaxTotalBytes)", ErrTooLarge, total, int64(MaxTotalBytes))}
	}
	return nil
}

// ImportZip imports a OneRoster export packed in a zip archive of size
// bytes, as [Import] does. The files may sit at the archive's root or in
// its one top-level folder. Each entry is read through a cap
// ([MaxFileBytes]), whatever size its header declares.
func ImportZip(r io.ReaderAt, size int64, opt Options) (Result, error) {
	if r == nil {
		return Result{}, errors.New("oneroster: no zip archive to read (the reader is nil)")
	}
	if size < 0 {
		return Result{}, fmt.Errorf("oneroster: zip archive size %d is negative", size)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return Result{}, Errors{&Error{File: "zip archive", Err: fmt.Errorf("%w: %v", ErrSyntax, err)}}
	}
	var fsys fs.FS = zr
	if _, err := fs.Stat(zr, usersFile); err != nil {
		entries, _ := fs.ReadDir(zr, ".")
		if len(entries) == 1 && entries[0].IsDir() {
			if sub, err := fs.Sub(zr, entries[0].Name()); err == nil {
				fsys = sub
			}
		}
	}
	return Import(fsys, opt)
}

// ReadOptions imports the OneRoster bulk CSV export in fsys, as [Import]
// does, and returns only the dataset.
func ReadOptions(fsys fs.FS, opt Options) (*model.Dataset, error) {
	res, err := Import(fsys, opt)
	if err != nil {
		return nil, err
	}
	return res.Dataset, nil
}

// ReadZip imports a OneRoster export packed in a zip archive, as
// [ImportZip] does, and returns only the dataset.
func ReadZip(r io.ReaderAt, size int64, opt Options) (*model.Dataset, error) {
	res, err := ImportZip(r, size, opt)
	if err != nil {
		return nil, err
	}
	return res.Dataset, nil
}

// Read imports the OneRoster bulk CSV export in fsys with the zero
// [Options].
//
// Deprecated: an import needs the district's time zone, which OneRoster
// does not carry and the zero Options do not give, so Read always fails.
// Use [Import] or [ReadOptions] with [Options.TimeZone].
func Read(fsys fs.FS) (*model.Dataset, error) { return ReadOptions(fsys, Options{}) }

// skipped returns the counts of rows left out, sorted by file then reason.
func (l *linker) skipped() []Skip {
	keys := slices.SortedFunc(maps.Keys(l.skips), func(a, b [2]string) int {
		return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
	})
	out := make([]Skip, 0, len(keys))
	for _, k := range keys {
		out = append(out, Skip{File: k[0], Reason: k[1], Count: l.skips[k]})
	}
	return out
}

// skip counts a row of file left out for reason.
func (l *linker) skip(file, reason string) {
	if l.skips == nil {
		l.skips = map[[2]string]int{}
	}
	l.skips[[2]string{file, reason}]++
}
