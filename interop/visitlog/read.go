package visitlog

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/homevisits/pthv/internal/nilarg"
	"github.com/homevisits/pthv/internal/spreadsheet"
	"github.com/homevisits/pthv/model"
)

// Write writes the visits of ds as a visit log: a header row of
// [Columns], then one row per visit in dataset order, times in the
// calendar's time zone, every cell guarded against spreadsheet formulas.
// Every field of a visit has a column, so [Read] into a dataset with no
// visits gives back the same visits, times in the calendar's zone.
// Nothing is written when a visit holds a value the log cannot carry; the
// error, an [Errors], names each such visit and field. A nil w or ds is an
// [Errors] wrapping [ErrInvalid], and nothing is written.
func Write(w io.Writer, ds *model.Dataset) error {
	switch {
	case nilarg.Is(w):
		return Errors{{Err: fmt.Errorf("visitlog: Write: nil writer: %w", ErrInvalid)}}
	case ds == nil:
		return Errors{{Err: fmt.Errorf("visitlog: Write: nil dataset: %w", ErrInvalid)}}
	}
	loc := ds.Calendar.Location()
	rows := make([][]string, 0, len(ds.Visits)+1)
	rows = append(rows, Columns())
	var errs Errors
	for i := range ds.Visits {
		cells, err := cellsOf(&ds.Visits[i], loc)
		if err != nil {
			var e *Error
			if errors.As(err, &e) && len(errs) < maxErrors {
				errs = append(errs, e)
			}
			continue
		}
		for j, c := range cells {
			cells[j] = spreadsheet.Guard(c)
		}
		rows = append(rows, cells)
	}
	if len(errs) > 0 {
		return errs
	}
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return bw.Flush()
}

// Read reads a visit log and merges its visits into into. name is the
// file's name, used in errors. Columns are found by header name (case,
// spaces and hyphens ignored: "Visit ID" is visit_id), in any order;
// columns named note or notes are skipped, any other unknown column is an
// error. visit_id, status, date and start are required.
//
// A row whose visit id is already in into replaces the fields of the
// columns the sheet has (an empty cell clears a field) and keeps the
// others, so a log exported, edited and read back loses nothing the sheet
// does not show (the reschedules, for a sheet without that column). A row with a new id adds a visit with
// only what its cells say: columns the sheet lacks stay unrecorded. The
// merged dataset must still pass [model.Dataset.Validate]. into changes
// only when the whole file is read without a problem; otherwise the error
// is an [Errors] naming every problem's line, column and field. A nil r or
// into is an [Errors] wrapping [ErrInvalid], and nothing is read.
func Read(name string, r io.Reader, into *model.Dataset) error {
	switch {
	case nilarg.Is(r):
		return Errors{{File: name, Err: fmt.Errorf("visitlog: Read: nil reader: %w", ErrInvalid)}}
	case into == nil:
		return Errors{{File: name, Err: fmt.Errorf("visitlog: Read: nil dataset: %w", ErrInvalid)}}
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return Errors{{File: name, Err: err}}
	}
	rd := newReader(name, into)
	visits, errs := rd.read(data)
	if len(errs) > 0 {
		return errs
	}
	merged := *into
	merged.Visits = visits
	if err := merged.Validate(); err != nil {
		var out Errors
		for _, e := range model.ErrorsOf(err) {
			line := 0
			if i := rd.visitAt(e.Record); i > 0 {
				line = i
			}
			out = append(out, &Error{File: name, Line: line, Field: e.Field, Err: fmt.Errorf("%w: %v", ErrInvalid, e)})
		}
		if len(out) == 0 {
			out = Errors{{File: name, Err: err}}
		}
		return out
	}
	into.Visits = visits
	return nil
}

// reader holds one Read: the dataset's ids and the problems found.
type reader struct {
	name     string
	ds       *model.Dataset
	loc      *time.Location
	students map[model.StudentID]model.FamilyID
	families map[model.FamilyID]bool
	staff    map[model.EducatorID]bool
	existing map[model.VisitID]int
	lines    map[model.VisitID]int // line of each visit read, for late errors
	errs     Errors
}

func newReader(name string, ds *model.Dataset) *reader {
	rd := &reader{name: name, ds: ds, loc: ds.Calendar.Location(),
		students: make(map[model.StudentID]model.FamilyID, len(ds.Students)),
		families: make(map[model.FamilyID]bool, len(ds.Families)),
		staff:    make(map[model.EducatorID]bool, len(ds.Educators)),
		existing: make(map[model.VisitID]int, len(ds.Visits)),
		lines:    map[model.VisitID]int{},
	}
	for _, s := range ds.Students {
		rd.students[s.ID] = s.Family
	}
	for _, f := range ds.Families {
		rd.families[f.ID] = true
	}
	for _, e := range ds.Educators {
		rd.staff[e.ID] = true
	}
	for i, v := range ds.Visits {
		rd.existing[v.ID] = i
	}
	return rd
}

func (rd *reader) visitAt(record string) int {
	for id, line := range rd.lines {
		if record == fmt.Sprintf("visit %q", string(id)) {
			return line
		}
	}
	return 0
}

func (rd *reader) add(e *Error) {
	if len(rd.errs) < maxErrors {
		rd.errs = append(rd.errs, e)
	}
}

// normalize turns a header into a column name: "Visit ID" → "visit_id".
func normalize(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return '_'
		}
		return r
	}, h)
}

func (rd *reader) read(data []byte) ([]model.Visit, Errors) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !bytes.ContainsRune(data, '\n') {
		// CR line ends, as older spreadsheets on the Mac save CSV.
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		rd.add(&Error{File: rd.name, Line: 1, Err: fmt.Errorf("%w: the file is empty (want a header row)", ErrSyntax)})
		return nil, rd.errs
	}
	if err != nil {
		rd.add(rd.syntax(err))
		return nil, rd.errs
	}
	col := map[string]int{}
	for i, h := range header {
		key := normalize(h)
		switch {
		case key == "note" || key == "notes":
			continue
		case !slices.Contains(columns, key):
			rd.add(&Error{File: rd.name, Line: 1, Column: i + 1, Field: h,
				Err: fmt.Errorf("%w: unknown column %q (want some of %s; name a column \"notes\" to have it skipped)", ErrSyntax, h, strings.Join(columns, ", "))})
		default:
			if _, dup := col[key]; dup {
				rd.add(&Error{File: rd.name, Line: 1, Column: i + 1, Field: h, Err: fmt.Errorf("%w: the column appears twice", ErrSyntax)})
			}
			col[key] = i
		}
	}
	for _, c := range []string{colVisit, colStatus, colDate, colStart} {
		if _, ok := col[c]; !ok {
			rd.add(&Error{File: rd.name, Line: 1, Field: c, Err: fmt.Errorf("%w: the header has no %q column", ErrSyntax, c)})
		}
	}
	if len(rd.errs) > 0 {
		return nil, rd.errs
	}
	visits := slices.Clone(rd.ds.Visits)
	seen := map[model.VisitID]bool{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				line, _ := cr.FieldPos(0)
				rd.add(&Error{File: rd.name, Line: line, Err: fmt.Errorf("%w: the row has %d cells, the header %d", ErrSyntax, len(rec), len(header))})
				if len(rd.errs) >= maxErrors {
					break
				}
				continue
			}
			rd.add(rd.syntax(err))
			break
		}
		if blank(rec) {
			continue
		}
		row := &row{rd: rd, cr: cr, rec: rec, col: col, header: header}
		id := model.VisitID(row.text(colVisit))
		if id == "" {
			row.fail(colVisit, invalidf("the visit has no id"))
			continue
		}
		if seen[id] {
			row.fail(colVisit, fmt.Errorf("%w: %q appears on an earlier row", ErrDuplicate, string(id)))
			continue
		}
		seen[id] = true
		line, _ := cr.FieldPos(0)
		rd.lines[id] = line
		i, exists := rd.existing[id]
		var v model.Visit
		if exists {
			v = cloneVisit(visits[i])
		}
		v.ID = id
		row.apply(&v, exists)
		if exists {
			visits[i] = v
		} else {
			visits = append(visits, v)
		}
	}
	return visits, rd.errs
}

func blank(rec []string) bool {
	for _, s := range rec {
		if s != "" {
			return false
		}
	}
	return true
}

func (rd *reader) syntax(err error) *Error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{File: rd.name, Line: pe.Line, Column: pe.Column, Err: fmt.Errorf("%w: %v", ErrSyntax, pe.Err)}
	}
	return &Error{File: rd.name, Err: fmt.Errorf("%w: %v", ErrSyntax, err)}
}

// cloneVisit copies a visit deeply enough that changing the copy's slices
// and pointers leaves the original alone.
func cloneVisit(v model.Visit) model.Visit {
	v.Students = slices.Clone(v.Students)
	v.Reschedules = slices.Clone(v.Reschedules)
	v.Visitors = slices.Clone(v.Visitors)
	v.Interpreters = slices.Clone(v.Interpreters)
	v.Topics = slices.Clone(v.Topics)
	v.Compensation = slices.Clone(v.Compensation)
	if v.Reflection != nil {
		r := *v.Reflection
		r.By = slices.Clone(r.By)
		v.Reflection = &r
	}
	return v
}

// row reads the cells of one row.
type row struct {
	rd     *reader
	cr     *csv.Reader
	rec    []string
	col    map[string]int
	header []string
}

func (r *row) has(name string) bool { _, ok := r.col[name]; return ok }

// cell returns the unguarded value of a column ("" when absent) and
// whether it is well-formed so far.
func (r *row) cell(name string) (string, bool) {
	i, ok := r.col[name]
	if !ok || i >= len(r.rec) {
		return "", true
	}
	raw := r.rec[i]
	v, ok := spreadsheet.Unguard(raw)
	if !ok {
		r.fail(name, invalidf("%q: a leading ' only guards a cell starting with = + - @ ' tab or CR", raw))
		return "", false
	}
	return v, true
}

func (r *row) text(name string) string { v, _ := r.cell(name); return v }

func (r *row) fail(name string, err error) {
	i, has := r.col[name]
	line, _ := r.cr.FieldPos(min(i, len(r.rec)-1))
	column := 0
	if has {
		column = i + 1
	}
	r.rd.add(&Error{File: r.rd.name, Line: line, Column: column, Field: name, Err: err})
}

// canonical checks that a parsed value writes back as the cell did, so
// that a visit log reads and writes back byte for byte.
func (r *row) canonical(name, cell, written string) bool {
	if cell != written {
		r.fail(name, invalidf("%q: write it as %q", cell, written))
		return false
	}
	return true
}

func enum[E ~string](r *row, name string, values []E) (E, bool) {
	v, ok := r.cell(name)
	if !ok || v == "" {
		return "", ok
	}
	if !slices.Contains(values, E(v)) {
		r.fail(name, invalidf("%q: want one of %s", v, joinEnum(values)))
		return "", false
	}
	return E(v), true
}

func joinEnum[E ~string](values []E) string {
	s := make([]string, len(values))
	for i, v := range values {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// Enumerated values, as the model defines them.
var (
	kinds     = []model.VisitKind{model.FirstVisit, model.SecondVisit, model.OtherVisit}
	statuses  = []model.VisitStatus{model.Proposed, model.Scheduled, model.Completed, model.Cancelled, model.NoShow}
	parties   = []model.Party{model.ByFamily, model.ByEducator, model.BySchool}
	locations = []model.LocationKind{model.Home, model.Library, model.Park, model.Cafe, model.AtSchool, model.OtherLocation}
	topics    = []model.TopicKind{model.HopesAndDreams, model.Relationship, model.TalentsAndStrengths, model.WorkingTogether,
		model.Expectations, model.Academics, model.Behavior, model.Attendance, model.Assessment, model.FamilyRaisedConcern, model.OtherTopic}
	sources = model.FundingSources()
)

// list reads a list cell of ids: no empty items.
func (r *row) list(name string) ([]string, bool) {
	v, ok := r.cell(name)
	if !ok || v == "" {
		return nil, ok
	}
	items := splitList(v)
	for _, it := range items {
		if it == "" {
			r.fail(name, invalidf("%q: items are separated by %q, with no empty items", v, listSep))
			return nil, false
		}
	}
	return items, true
}

func (r *row) educators(name string) ([]model.EducatorID, bool) {
	items, ok := r.list(name)
	var out []model.EducatorID
	for _, it := range items {
		if !r.rd.staff[model.EducatorID(it)] {
			r.fail(name, fmt.Errorf("%w: no educator %q in the dataset", ErrDangling, it))
			ok = false
			continue
		}
		out = append(out, model.EducatorID(it))
	}
	return out, ok
}

// when reads a local date and time "2006-01-02 15:04" (seconds optional,
// and a UTC offset in the hour the clocks go back); dateOnly also allows a
// date alone, meaning midnight.
func (r *row) when(name, v string, dateOnly bool) (time.Time, bool) {
	if v == "" {
		return time.Time{}, true
	}
	layouts := []string{"2006-01-02 15:04", "2006-01-02 15:04:05"}
	if dateOnly {
		layouts = append(layouts, time.DateOnly)
	}
	bare, offset := splitOffset(v)
	for _, layout := range layouts {
		if len(bare) != len(layout) {
			continue
		}
		t, err := time.ParseInLocation(layout, bare, r.rd.loc)
		if err != nil {
			continue
		}
		t, ok := r.resolve(name, strconv.Quote(v), t, layout, bare, offset)
		if !ok {
			return time.Time{}, false
		}
		written := fmtDateTime(t, r.rd.loc)
		if dateOnly {
			written = fmtReflectedAt(t, r.rd.loc)
		}
		return t, r.canonical(name, v, written)
	}
	want := `"2025-09-12 16:30"`
	if dateOnly {
		want += ` or "2025-09-12"`
	}
	r.fail(name, invalidf("%q: want a local date and time such as %s", v, want))
	return time.Time{}, false
}

// splitOffset cuts the UTC offset off a local time that has one:
// "2025-11-02 01:30 -08:00" is "2025-11-02 01:30" and "-08:00".
func splitOffset(v string) (bare, offset string) {
	i := strings.LastIndexByte(v, ' ')
	if i < 0 || len(v)-i-1 != len("-07:00") || (v[i+1] != '-' && v[i+1] != '+') {
		return v, ""
	}
	return v[:i], v[i+1:]
}

// resolve finds the instant a local time names. t is bare, as written in
// layout, read in the calendar's zone; with a UTC offset, bare is read at
// that offset instead, and must be the zone's local time then. shown is
// the value as the problem quotes it.
func (r *row) resolve(name, shown string, t time.Time, layout, bare, offset string) (time.Time, bool) {
	if offset == "" {
		if t.Format(layout) != bare {
			r.fail(name, invalidf("%s does not exist in %s (the clocks change that day)", shown, r.rd.ds.Calendar.TimeZone))
			return time.Time{}, false
		}
		return t, true
	}
	o, err := time.Parse("-07:00", offset)
	if err != nil {
		r.fail(name, invalidf("%s: %q: want a UTC offset such as -08:00", shown, offset))
		return time.Time{}, false
	}
	_, secs := o.Zone()
	at, err := time.ParseInLocation(layout, bare, time.FixedZone("", secs))
	if l := at.In(r.rd.loc); err == nil && l.Format(layout) == bare {
		return l, true
	}
	r.fail(name, invalidf("%s: %s is not the UTC offset of %s at %s", shown, offset, r.rd.ds.Calendar.TimeZone, bare))
	return time.Time{}, false
}

func (r *row) flag(name string) (*bool, bool) {
	v, ok := r.cell(name)
	switch {
	case !ok || v == "":
		return nil, ok
	case v == "yes":
		return new(true), true
	case v == "no":
		return new(false), true
	}
	r.fail(name, invalidf("%q: want yes, no or an empty cell", v))
	return nil, false
}

// apply sets the fields of v from the row's cells. exists tells whether v
// came from the dataset (and keeps what the sheet has no column for).
func (r *row) apply(v *model.Visit, exists bool) {
	if r.has(colKind) {
		v.Kind, _ = enum(r, colKind, kinds)
	}
	if st, ok := enum(r, colStatus, statuses); ok {
		if st == "" {
			r.fail(colStatus, invalidf("the status is empty (want one of %s)", joinEnum(statuses)))
		}
		v.Status = st
	}
	if r.has(colCancelledBy) {
		v.CancelledBy, _ = enum(r, colCancelledBy, parties)
	}
	r.applyStart(v)
	if r.has(colDuration) {
		v.Duration, _ = r.duration()
	}
	if r.has(colArrangedAt) {
		v.ArrangedAt, _ = r.when(colArrangedAt, r.text(colArrangedAt), false)
	}
	if r.has(colReschedules) {
		v.Reschedules, _ = r.reschedules()
	}
	if r.has(colLocation) {
		v.Location.Kind, _ = enum(r, colLocation, locations)
	}
	if r.has(colRequestedBy) {
		v.Location.RequestedBy, _ = enum(r, colRequestedBy, parties)
	}
	if r.has(colVisitors) {
		v.Visitors, _ = r.educators(colVisitors)
	}
	if r.has(colInterpreters) {
		v.Interpreters, _ = r.interpreters()
	}
	if r.has(colTopics) {
		v.Topics, _ = r.topics()
	}
	if r.has(colReferences) {
		v.ReferencesFirst, _ = r.flag(colReferences)
	}
	r.applyReflection(v)
	r.applyStudents(v, exists)
	r.applyCompensation(v)
}

func (r *row) applyStart(v *model.Visit) {
	d, ok1 := r.cell(colDate)
	c, ok2 := r.cell(colStart)
	if !ok1 || !ok2 {
		return
	}
	if d == "" {
		r.fail(colDate, invalidf("the date is empty"))
		return
	}
	if c == "" {
		r.fail(colStart, invalidf("the start time is empty"))
		return
	}
	if _, err := time.Parse(time.DateOnly, d); err != nil || len(d) != 10 {
		r.fail(colDate, invalidf("%q: want a date such as 2025-09-12", d))
		return
	}
	bare, offset := splitOffset(c)
	layout := "15:04"
	if len(bare) == 8 {
		layout = "15:04:05"
	}
	if _, err := time.Parse(layout, bare); err != nil || len(bare) != len(layout) {
		r.fail(colStart, invalidf("%q: want a time of day such as 16:30", c))
		return
	}
	layout = time.DateOnly + " " + layout
	t, err := time.ParseInLocation(layout, d+" "+bare, r.rd.loc)
	if err != nil {
		r.fail(colStart, invalidf("%q: %v", c, err))
		return
	}
	t, ok := r.resolve(colStart, d+" "+c, t, layout, d+" "+bare, offset)
	if !ok || !r.canonical(colStart, c, fmtTimeOfDay(t, r.rd.loc)) { // "16:30:00" is written "16:30"
		return
	}
	v.Start = t
}

func (r *row) duration() (model.Duration, bool) {
	v, ok := r.cell(colDuration)
	if !ok || v == "" {
		return 0, ok
	}
	var d time.Duration
	if n, err := strconv.Atoi(v); err == nil && isDigits(v) && len(v) <= 6 {
		d = time.Duration(n) * time.Minute
	} else if pd, err := time.ParseDuration(v); err == nil && !isDigits(v) {
		d = pd
	} else {
		r.fail(colDuration, invalidf("%q: want whole minutes such as \"40\"", v))
		return 0, false
	}
	if d <= 0 {
		r.fail(colDuration, invalidf("%q: must be more than zero (leave the cell empty when not recorded)", v))
		return 0, false
	}
	return model.Duration(d), r.canonical(colDuration, v, fmtDuration(model.Duration(d)))
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func (r *row) interpreters() ([]model.Interpreter, bool) {
	items, ok := r.list(colInterpreters)
	var out []model.Interpreter
	for _, it := range items {
		parts := strings.Split(it, partSep)
		if len(parts) > 3 {
			r.fail(colInterpreters, invalidf("%q: want ID:EDUCATOR:LANG,LANG", it))
			return nil, false
		}
		for len(parts) < 3 {
			parts = append(parts, "")
		}
		in := model.Interpreter{ID: model.InterpreterID(parts[0]), Educator: model.EducatorID(parts[1])}
		if parts[2] != "" {
			for _, l := range strings.Split(parts[2], langSep) {
				if l == "" {
					r.fail(colInterpreters, invalidf("%q: an empty language", it))
					return nil, false
				}
				in.Languages = append(in.Languages, model.Language(l))
			}
		}
		if in.Educator != "" && !r.rd.staff[in.Educator] {
			r.fail(colInterpreters, fmt.Errorf("%w: no educator %q in the dataset", ErrDangling, string(in.Educator)))
			ok = false
		}
		if !r.canonical(colInterpreters, it, fmtInterpreter(in)) {
			return nil, false
		}
		out = append(out, in)
	}
	return out, ok
}

// reschedules reads the earlier appointments of a visit, oldest first:
// "2025-10-02 16:00 moved on 2025-09-30 09:15 by family", with " by WHO"
// left out when not recorded.
func (r *row) reschedules() ([]model.Rescheduling, bool) {
	items, ok := r.list(colReschedules)
	if !ok {
		return nil, false
	}
	var out []model.Rescheduling
	for _, it := range items {
		from, rest, moved := strings.Cut(it, movedSep)
		at, by, hasBy := strings.Cut(rest, bySep)
		if !moved || from == "" || at == "" || (hasBy && by == "") {
			r.fail(colReschedules, invalidf("%q: want the earlier appointment, when it was moved and by whom, such as %q", it, "2025-10-02 16:00 moved on 2025-09-30 09:15 by family"))
			return nil, false
		}
		re := model.Rescheduling{By: model.Party(by)}
		var good bool
		if re.FromStart, good = r.when(colReschedules, from, false); !good {
			return nil, false
		}
		if re.At, good = r.when(colReschedules, at, false); !good {
			return nil, false
		}
		if hasBy && !slices.Contains(parties, re.By) {
			r.fail(colReschedules, invalidf("%q: who moved it is one of %s", it, joinEnum(parties)))
			return nil, false
		}
		if !r.canonical(colReschedules, it, fmtRescheduling(re, r.rd.loc)) {
			return nil, false
		}
		out = append(out, re)
	}
	return out, true
}

func (r *row) topics() ([]model.Topic, bool) {
	items, ok := r.list(colTopics)
	var out []model.Topic
	for _, it := range items {
		kind, by, _ := strings.Cut(it, partSep)
		t := model.Topic{Kind: model.TopicKind(kind), RaisedBy: model.Party(by)}
		if !slices.Contains(topics, t.Kind) {
			r.fail(colTopics, invalidf("topic %q: want one of %s", kind, joinEnum(topics)))
			return nil, false
		}
		if by != "" && !slices.Contains(parties, t.RaisedBy) || strings.HasSuffix(it, partSep) {
			r.fail(colTopics, invalidf("%q: who raised it is one of %s", it, joinEnum(parties)))
			return nil, false
		}
		out = append(out, t)
	}
	return out, ok
}

// applyReflection reads reflected_at, reflected_by and bias_reflected. A
// reflection needs its time; one with nothing recorded is none.
func (r *row) applyReflection(v *model.Visit) {
	if !r.has(colReflectedAt) && !r.has(colReflectedBy) && !r.has(colBias) {
		return
	}
	ref := model.Reflection{}
	if v.Reflection != nil {
		ref = *v.Reflection
	}
	ok := true
	if r.has(colReflectedAt) {
		var good bool
		ref.At, good = r.when(colReflectedAt, r.text(colReflectedAt), true)
		ok = ok && good
	}
	if r.has(colReflectedBy) {
		var good bool
		ref.By, good = r.educators(colReflectedBy)
		ok = ok && good
	}
	if r.has(colBias) {
		var good bool
		ref.CoveredBias, good = r.flag(colBias)
		ok = ok && good
	}
	switch {
	case ref.At.IsZero() && len(ref.By) == 0 && ref.CoveredBias == nil:
		v.Reflection = nil
	case ref.At.IsZero():
		if ok {
			r.fail(colReflectedAt, invalidf("a reflection needs its date (reflected_by or bias_reflected is filled in)"))
		}
	default:
		v.Reflection = &ref
	}
}

// applyStudents reads students and family. A family left empty (or a
// sheet with no family column) is the listed students' family.
func (r *row) applyStudents(v *model.Visit, exists bool) {
	if r.has(colStudents) {
		items, ok := r.list(colStudents)
		v.Students = nil
		for _, it := range items {
			if _, known := r.rd.students[model.StudentID(it)]; !known {
				r.fail(colStudents, fmt.Errorf("%w: no student %q in the dataset", ErrDangling, it))
				ok = false
				continue
			}
			v.Students = append(v.Students, model.StudentID(it))
		}
		if !ok {
			return
		}
	}
	fam, ok := r.cell(colFamily)
	if !ok {
		return
	}
	if fam != "" {
		if !r.rd.families[model.FamilyID(fam)] {
			r.fail(colFamily, fmt.Errorf("%w: no family %q in the dataset", ErrDangling, fam))
			return
		}
		v.Family = model.FamilyID(fam)
	} else if len(v.Students) > 0 {
		v.Family = r.rd.students[v.Students[0]]
	} else if !exists {
		r.fail(colFamily, invalidf("the visit names no family and no student"))
		return
	}
	for _, s := range v.Students {
		if f := r.rd.students[s]; f != v.Family {
			r.fail(colStudents, invalidf("student %q belongs to family %q, not %q", string(s), string(f), string(v.Family)))
			return
		}
	}
}

// applyCompensation reads the four compensation columns together: one
// item per educator listed in paid_educators — the minutes outside their
// working day, the amount in dollars and cents, and the funding ("stipend",
// a funding source, or "stipend:SOURCE"; an empty item when none is
// recorded). A compensation column the sheet lacks reads as zero for every
// item.
func (r *row) applyCompensation(v *model.Visit) {
	if !r.has(colPaid) && !r.has(colMinutes) && !r.has(colAmount) && !r.has(colFunding) {
		return
	}
	paid, ok := r.educators(colPaid)
	minutes, ok1 := r.cell(colMinutes)
	amounts, ok2 := r.cell(colAmount)
	funding, ok3 := r.cell(colFunding)
	if !ok || !ok1 || !ok2 || !ok3 {
		return
	}
	n := len(paid)
	if n == 0 {
		if minutes != "" || amounts != "" || funding != "" {
			r.fail(colPaid, invalidf("empty, but minutes_outside, amount or funding_source is filled in: list the paid educators"))
			return
		}
		v.Compensation = nil
		return
	}
	items := func(name, cell string, emptyItems bool) ([]string, bool) {
		switch {
		case !r.has(name) || (cell == "" && emptyItems):
			return make([]string, n), true
		case cell == "":
			r.fail(name, invalidf("empty: give one item per paid educator"))
			return nil, false
		}
		parts := splitList(cell)
		if len(parts) != n {
			r.fail(name, invalidf("%q has %d items for %d paid educators", cell, len(parts), n))
			return nil, false
		}
		if !emptyItems && slices.Contains(parts, "") {
			r.fail(name, invalidf("%q has an empty item", cell))
			return nil, false
		}
		return parts, true
	}
	ms, ok1 := items(colMinutes, minutes, false)
	as, ok2 := items(colAmount, amounts, false)
	fs, ok3 := items(colFunding, funding, true)
	if !ok1 || !ok2 || !ok3 {
		return
	}
	comp := make([]model.Compensation, 0, n)
	var writtenAmounts, writtenFunding []string
	for i, e := range paid {
		c := model.Compensation{Educator: e}
		if ms[i] != "" {
			m, err := strconv.Atoi(ms[i])
			if err != nil || !isDigits(ms[i]) || len(ms[i]) > 6 || (len(ms[i]) > 1 && ms[i][0] == '0') {
				r.fail(colMinutes, invalidf("%q: want whole minutes such as \"45\"", ms[i]))
				return
			}
			c.MinutesOutside = m
		}
		if as[i] != "" {
			cents, ok := parseCents(as[i])
			if !ok {
				r.fail(colAmount, invalidf("%q: want dollars and cents such as \"30.00\"", as[i]))
				return
			}
			c.AmountCents = cents
		}
		if f := fs[i]; f != "" {
			src := f
			if f == "stipend" {
				c.Stipend, src = true, ""
			} else if rest, cut := strings.CutPrefix(f, "stipend"+partSep); cut {
				c.Stipend, src = true, rest
			}
			if src != "" && !slices.Contains(sources, model.FundingSource(src)) {
				r.fail(colFunding, invalidf("%q: want stipend or one of %s", f, joinEnum(sources)))
				return
			}
			c.Source = model.FundingSource(src)
		}
		writtenAmounts = append(writtenAmounts, fmtCents(c.AmountCents))
		writtenFunding = append(writtenFunding, fmtFunding(c))
		comp = append(comp, c)
	}
	if r.has(colFunding) {
		want := joinList(writtenFunding)
		if strings.Trim(want, listSep) == "" {
			want = ""
		}
		if !r.canonical(colFunding, funding, want) {
			return
		}
	}
	if r.has(colAmount) && !r.canonical(colAmount, amounts, joinList(writtenAmounts)) {
		return
	}
	v.Compensation = comp
}

// parseCents reads "30.00" as 3000.
func parseCents(s string) (int64, bool) {
	whole, frac, ok := strings.Cut(s, ".")
	if !ok || !isDigits(whole) || len(frac) != 2 || !isDigits(frac) || len(whole) > 12 || (len(whole) > 1 && whole[0] == '0') {
		return 0, false
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt(frac, 10, 64)
	return w*100 + f, true
}
