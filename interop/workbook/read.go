package workbook

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/homevisits/pthv/internal/spreadsheet"
	"github.com/homevisits/pthv/model"
)

// ReadOptions control [Read] and [ReadCSV].
type ReadOptions struct {
	// Force reads a workbook exported from an older revision of the
	// dataset than the one it is read into, which is otherwise refused
	// with [ErrStale]: whatever the workbook says wins over what was
	// recorded since.
	Force bool
}

// ReadCSV reads a workbook kept as a folder of CSV files, one per sheet
// as [WriteCSV] names them ("Visits.csv"), and merges it into into, as
// [Read] does. name is the folder's name, used in errors. Files of other
// names are ignored; a sheet whose file is missing leaves its records as
// they are.
func ReadCSV(name string, fsys fs.FS, into *model.Dataset, opt ReadOptions) error {
	if into == nil {
		return Errors{{File: name, Err: fmt.Errorf("%w: no dataset to read into", model.ErrInvalid)}}
	}
	if fsys == nil {
		return Errors{{File: name, Err: syntaxf("no folder to read")}}
	}
	tables := map[string]*table{}
	var errs Errors
	for i := range sheets {
		s := &sheets[i]
		data, err := fs.ReadFile(fsys, s.name+".csv")
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			errs = append(errs, &Error{File: name, Sheet: s.name, Err: err})
			continue
		}
		t, e := csvTable(s.name, data)
		if e != nil {
			e.File = name
			errs = append(errs, e)
			continue
		}
		tables[s.name] = t
	}
	if len(errs) > 0 {
		return errs
	}
	if len(tables) == 0 {
		return Errors{{File: name, Err: syntaxf("no sheet of a workbook here (want files such as %s.csv)", visitsSheet)}}
	}
	layout, err := learnVisitLayout()
	if err != nil {
		return err
	}
	return readTables(name, tables, layout, into, opt)
}

// csvTable reads one CSV file as a table; row numbers are record numbers,
// the header's 1.
func csvTable(sheet string, data []byte) (*table, *Error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	t := &table{name: sheet}
	for n := 1; ; n++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &Error{Sheet: sheet, Row: n, Column: 0, Err: syntaxf("line %d, column %d: %v", pe.Line, pe.Column, pe.Err)}
			}
			return nil, &Error{Sheet: sheet, Err: syntaxf("%v", err)}
		}
		if n == 1 && sheet != readmeSheet {
			t.header = rec
			continue
		}
		t.rows = append(t.rows, rec)
		t.nums = append(t.nums, n)
	}
	return t, nil
}

// reader holds one read: the dataset read into, the working copy the
// sheets are merged into, the ids that can be referred to, and the
// problems found.
type reader struct {
	file   string
	ds     *model.Dataset // the dataset read into, unchanged until the end
	w      model.Dataset  // the working copy
	loc    *time.Location
	layout *visitLayout
	tables map[string]*table
	errs   Errors

	schools     map[model.SchoolID]bool
	educators   map[model.EducatorID]bool
	families    map[model.FamilyID]bool
	students    map[model.StudentID]model.FamilyID
	plans       map[model.PlanID]bool
	invitations map[model.InvitationID]bool
	visits      map[model.VisitID]bool

	// where is the row each record was read from, by the name the
	// model's validation gives it (`visit "V-1"`), for problems found
	// only once the sheets are merged.
	where map[string]rowAt
}

type rowAt struct {
	sheet string
	row   int
	t     *table
}

func (rd *reader) add(e *Error) {
	if len(rd.errs) < maxErrors {
		e.File = rd.file
		rd.errs = append(rd.errs, e)
	}
}

// readTables merges the sheets into into: first educators and their
// trainings (visits may name a new educator), then the visit log and its
// details, then invitations, withdrawals, messages, events and contacts.
// into changes only when every sheet reads without a problem and the
// merged dataset is valid.
func readTables(file string, tables map[string]*table, layout *visitLayout, into *model.Dataset, opt ReadOptions) error {
	rd := &reader{file: file, ds: into, w: *into, loc: into.Calendar.Location(), layout: layout, tables: tables, where: map[string]rowAt{}}
	if !rd.checkOrigin(tables[readmeSheet], opt.Force) {
		return rd.errs
	}
	rd.index()
	rd.educatorsSheet()
	rd.trainingsSheet()
	rd.visitsSheet()
	rd.visitDetails()
	rd.invitationsSheet()
	rd.attemptsSheet()
	rd.withdrawalsSheet()
	rd.messagesSheet()
	rd.eventsSheet()
	rd.contactSheets()
	if len(rd.errs) > 0 {
		return rd.errs
	}
	if err := rd.w.Validate(); err != nil {
		rd.late(err)
		return rd.errs
	}
	*into = rd.w
	return nil
}

// index gathers the ids rows may refer to: the dataset's, and those the
// workbook adds.
func (rd *reader) index() {
	ds := rd.ds
	rd.schools = make(map[model.SchoolID]bool, len(ds.Schools))
	for _, s := range ds.Schools {
		rd.schools[s.ID] = true
	}
	rd.educators = make(map[model.EducatorID]bool, len(ds.Educators))
	for _, e := range ds.Educators {
		rd.educators[e.ID] = true
	}
	rd.families = make(map[model.FamilyID]bool, len(ds.Families))
	for _, f := range ds.Families {
		rd.families[f.ID] = true
	}
	rd.students = make(map[model.StudentID]model.FamilyID, len(ds.Students))
	for _, s := range ds.Students {
		rd.students[s.ID] = s.Family
	}
	rd.plans = make(map[model.PlanID]bool, len(ds.Plans))
	for _, p := range ds.Plans {
		rd.plans[p.ID] = true
	}
	rd.invitations = make(map[model.InvitationID]bool, len(ds.Invitations))
	for _, inv := range ds.Invitations {
		rd.invitations[inv.ID] = true
	}
	rd.visits = make(map[model.VisitID]bool, len(ds.Visits))
	for _, v := range ds.Visits {
		rd.visits[v.ID] = true
	}
	for _, id := range rd.keyColumn(educatorsSheet) {
		rd.educators[model.EducatorID(id)] = true
	}
	for _, id := range rd.keyColumn(invitationsSheet) {
		rd.invitations[model.InvitationID(id)] = true
	}
	for _, id := range rd.keyColumn(visitsSheet) {
		rd.visits[model.VisitID(id)] = true
	}
}

// keyColumn returns the non-empty ids in a sheet's first column (for the
// Visits sheet, its visit id column), whatever else is wrong with the
// rows.
func (rd *reader) keyColumn(name string) []string {
	t := rd.tables[name]
	if t == nil {
		return nil
	}
	want := "visit id"
	if s := sheetNamed(name); s != nil && name != visitsSheet {
		want = key(s.columns[0].name)
	}
	j := slices.IndexFunc(t.header, func(h string) bool { return key(h) == want })
	if j < 0 {
		return nil
	}
	var ids []string
	for _, r := range t.rows {
		if j < len(r) {
			if v, ok := spreadsheet.Unguard(r[j]); ok && v != "" {
				ids = append(ids, v)
			}
		}
	}
	return ids
}

// late reports the problems the model's validation finds in the merged
// dataset, at the row each record was read from.
func (rd *reader) late(err error) {
	for _, e := range model.ErrorsOf(err) {
		at, ok := rd.where[e.Record]
		if !ok {
			rd.add(&Error{Record: e.Record, Field: e.Field, Err: e.Err})
			continue
		}
		field := e.Field
		if i := strings.IndexAny(field, "[."); i >= 0 {
			field = field[:i]
		}
		col := 0
		if at.t != nil {
			if j := slices.IndexFunc(at.t.header, func(h string) bool { return key(h) == key(field) }); j >= 0 {
				col = j + 1
			}
		}
		rd.add(&Error{Sheet: at.sheet, Row: at.row, Column: col, Record: e.Record, Field: e.Field, Err: e.Err})
	}
}

// sheetRows reads the rows of one of the workbook's own sheets.
type sheetRows struct {
	rd  *reader
	t   *table
	s   *sheet
	col map[string]int // column name → index in the table
}

// open checks a sheet's header and returns its rows, or nil when the
// sheet is absent or its header unusable (the problems are recorded).
func (rd *reader) open(name string) *sheetRows {
	t := rd.tables[name]
	s := sheetNamed(name)
	if t == nil || s == nil {
		return nil
	}
	sr := &sheetRows{rd: rd, t: t, s: s, col: map[string]int{}}
	ok := true
	if len(t.header) == 0 {
		rd.add(&Error{Sheet: name, Row: 1, Err: syntaxf("the sheet has no header row (want %s)", headerList(s))})
		return nil
	}
	for j, h := range t.header {
		switch {
		case skipped(h):
			continue
		case strings.TrimSpace(h) == "":
			for i, r := range t.rows {
				if j < len(r) && r[j] != "" {
					rd.add(&Error{Sheet: name, Row: t.nums[i], Column: j + 1, Err: syntaxf("a cell under a column with no header (name the column \"notes\" to have it skipped)")})
					ok = false
					break
				}
			}
			continue
		}
		i := slices.IndexFunc(s.columns, func(c column) bool { return key(c.name) == key(h) })
		if i < 0 {
			rd.add(&Error{Sheet: name, Row: 1, Column: j + 1, Field: h, Err: syntaxf("unknown column %q (want some of %s; name a column \"notes\" to have it skipped)", h, headerList(s))})
			ok = false
			continue
		}
		c := s.columns[i].name
		if _, dup := sr.col[c]; dup {
			rd.add(&Error{Sheet: name, Row: 1, Column: j + 1, Field: h, Err: syntaxf("the column appears twice")})
			ok = false
			continue
		}
		sr.col[c] = j
	}
	if _, has := sr.col[s.columns[0].name]; !has {
		rd.add(&Error{Sheet: name, Row: 1, Field: s.columns[0].name, Err: syntaxf("the header has no %q column", s.columns[0].name)})
		ok = false
	}
	for i, r := range t.rows {
		if len(r) > len(t.header) && !blank(r[len(t.header):]) {
			rd.add(&Error{Sheet: name, Row: t.nums[i], Column: len(t.header) + 1, Err: syntaxf("a cell right of the last column (give its column a header, or name it \"notes\")")})
			ok = false
		}
	}
	if !ok {
		return nil
	}
	return sr
}

func headerList(s *sheet) string {
	names := make([]string, len(s.columns))
	for i, c := range s.columns {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// each calls fn for every row with a cell filled in.
func (sr *sheetRows) each(fn func(r *row)) {
	if sr == nil {
		return
	}
	for i, cells := range sr.t.rows {
		if blank(cells) {
			continue
		}
		fn(&row{sr: sr, cells: cells, num: sr.t.nums[i]})
	}
}

// has reports whether the sheet has the column.
func (sr *sheetRows) has(name string) bool { _, ok := sr.col[name]; return ok }

// row reads the cells of one row.
type row struct {
	sr     *sheetRows
	cells  []string
	num    int
	bad    bool            // a cell of the row had a problem
	failed map[string]bool // the cells already reported
}

func (r *row) has(name string) bool { return r.sr.has(name) }

// fail reports a cell's problem, once per cell.
func (r *row) fail(name string, err error) {
	r.bad = true
	if r.failed[name] {
		return
	}
	if r.failed == nil {
		r.failed = map[string]bool{}
	}
	r.failed[name] = true
	col := 0
	if j, ok := r.sr.col[name]; ok {
		col = j + 1
	}
	r.sr.rd.add(&Error{Sheet: r.sr.s.name, Row: r.num, Column: col, Field: name, Err: err})
}

// at records that this row is the record the model names record.
func (r *row) at(record string) {
	r.sr.rd.where[record] = rowAt{sheet: r.sr.s.name, row: r.num, t: r.sr.t}
}

// cell returns a column's value with the formula guard removed; "" when
// the sheet has no such column.
func (r *row) cell(name string) string {
	j, ok := r.sr.col[name]
	if !ok || j >= len(r.cells) {
		return ""
	}
	v, ok := spreadsheet.Unguard(r.cells[j])
	if !ok {
		r.fail(name, invalidf("%q: a leading ' only guards a cell starting with = + - @ ' tab or CR", r.cells[j]))
		return ""
	}
	if why := unwritableText(v); why != "" {
		r.fail(name, invalidf("%q: %s", v, why))
		return ""
	}
	return v
}

// need reports whether a cell that must be filled in is; an empty one is
// a problem.
func (r *row) need(name string) bool {
	if strings.TrimSpace(r.cell(name)) == "" {
		r.fail(name, fmt.Errorf("%w: the cell is empty", model.ErrMissing))
		return false
	}
	return true
}

// required returns a cell that must not be empty.
func (r *row) required(name string) string {
	if !r.need(name) {
		return ""
	}
	return r.cell(name)
}

// choice reads one of the column's choices (case and surrounding spaces
// ignored); empty is "".
func (r *row) choice(name string) string {
	v := strings.ToLower(strings.TrimSpace(r.cell(name)))
	if v == "" {
		return ""
	}
	for _, c := range r.sr.s.columns {
		if c.name == name && !slices.Contains(c.choices, v) {
			r.fail(name, invalidf("%q: want one of %s", v, strings.Join(c.choices, ", ")))
			return ""
		}
	}
	return v
}

// yes reads a yes or no cell; empty is no.
func (r *row) yes(name string) bool { return r.choice(name) == "yes" }

// list reads items separated by ";", each without surrounding spaces.
func (r *row) list(name string) []string {
	v := r.cell(name)
	if strings.TrimSpace(v) == "" {
		return nil
	}
	items := strings.Split(v, listSep)
	for i, it := range items {
		items[i] = strings.TrimSpace(it)
		if items[i] == "" {
			r.fail(name, invalidf("%q: items are separated by %q, with no empty items", v, listSep))
			return nil
		}
	}
	return items
}

// date reads a date: 2025-09-12.
func (r *row) date(name string) model.Date {
	v := r.cell(name)
	if strings.TrimSpace(v) == "" {
		return model.Date{}
	}
	w, ok := parseWall(v)
	if !ok || !w.hasDate || w.hasClock && !w.midnight() {
		r.fail(name, invalidf("%q: want a date such as 2025-09-12", v))
		return model.Date{}
	}
	return model.NewDate(w.year, time.Month(w.month), w.day)
}

// instant reads a local date and time to the minute (seconds are
// dropped; a date alone is midnight) in the district's time zone.
func (r *row) instant(name string) time.Time {
	v := r.cell(name)
	if strings.TrimSpace(v) == "" {
		return time.Time{}
	}
	w, ok := parseWall(v)
	if !ok || !w.hasDate {
		r.fail(name, invalidf("%q: want a date and time such as 2025-09-12 16:30", v))
		return time.Time{}
	}
	w.second = 0
	t, exists := w.instant(r.sr.rd.loc)
	if !exists {
		r.fail(name, invalidf("%q does not exist in %s (the clocks change that day)", v, r.sr.rd.loc))
		return time.Time{}
	}
	return t
}

func (r *row) count(name string) int {
	v := r.cell(name)
	if strings.TrimSpace(v) == "" {
		return 0
	}
	n, ok := parseCount(v)
	if !ok {
		r.fail(name, invalidf("%q: want whole minutes such as 45", v))
	}
	return n
}

func (r *row) amount(name string) int64 {
	v := r.cell(name)
	if strings.TrimSpace(v) == "" {
		return 0
	}
	c, ok := parseAmount(v)
	if !ok {
		r.fail(name, invalidf("%q: want dollars and cents such as 30.00", v))
	}
	return c
}

// ref checks that a cell's id names a record the dataset or the workbook
// has.
func (r *row) ref(name, id, kind string, known bool) {
	if id != "" && !known {
		r.fail(name, danglingf("no %s %q in the dataset or the workbook", kind, id))
	}
}

// key reads the id that names the row's record: required, and on one row
// only.
func (r *row) key(seen map[string]int) string {
	name := r.sr.s.columns[0].name
	id := r.required(name)
	if id == "" {
		return ""
	}
	if prev, dup := seen[id]; dup {
		r.fail(name, fmt.Errorf("%w: %q is also on row %d", model.ErrDuplicateID, id, prev))
		return ""
	}
	seen[id] = r.num
	return id
}
