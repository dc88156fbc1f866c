package workbook

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/homevisits/pthv/internal/spreadsheet"
	"github.com/homevisits/pthv/interop/visitlog"
	"github.com/homevisits/pthv/model"
)

// Options control [Write] and [WriteCSV].
type Options struct {
	// Contacts adds the sheets of names, addresses and phone numbers
	// (the dataset's contacts section). Off by default, so that they
	// leave only when asked for.
	Contacts bool
	// Stamp is when the workbook was exported, shown on the README sheet
	// and kept as the workbook's creation time; zero leaves it out, so
	// that the same dataset always gives the same workbook. It is a stamp
	// written into the output, as the ical package's Options.Stamp is,
	// not an as-of: what the workbook holds does not depend on it
	// (docs/conventions.md).
	Stamp time.Time
	// AsOf is read when Stamp is zero.
	//
	// Deprecated: use Stamp.
	AsOf time.Time
}

// stamp returns the export time: Stamp, or the deprecated AsOf.
func (o Options) stamp() time.Time {
	if o.Stamp.IsZero() {
		return o.AsOf
	}
	return o.Stamp
}

// File is one sheet of a workbook as a CSV file: its fixed name, the
// sheet's name with ".csv" ("Visits.csv"), and its content.
type File struct {
	Name string
	Data []byte
}

// table is one sheet as text: what its CSV file holds, cells guarded
// against formulas. README has no header; its rows are free.
type table struct {
	name   string
	header []string
	kinds  []kind     // per column
	lists  [][]string // per column: the choices offered, if any
	rows   [][]string
	nums   []int // when read: the spreadsheet row number of each row
}

// WriteCSV returns the workbook as CSV files, one per sheet, for
// spreadsheets that import CSV (Google Sheets): the same sheets, columns
// and cells as [Write], dates and times written as 2025-09-12 and
// 2025-09-12 16:30. Visits.csv is a visit log that "pthv import visits"
// reads as it is. Nothing is returned when a record holds a value a sheet
// cannot carry; the error, an [Errors], names each.
func WriteCSV(ds *model.Dataset, opt Options) ([]File, error) {
	tables, err := build(ds, opt)
	if err != nil {
		return nil, err
	}
	files := make([]File, 0, len(tables))
	for _, t := range tables {
		var buf bytes.Buffer
		cw := csv.NewWriter(&buf)
		if t.header != nil {
			cw.Write(t.header)
		}
		cw.WriteAll(t.rows)
		if err := cw.Error(); err != nil {
			return nil, err
		}
		files = append(files, File{Name: t.name + ".csv", Data: buf.Bytes()})
	}
	return files, nil
}

// builder gathers the sheets of one export and the values they cannot carry.
type builder struct {
	ds   *model.Dataset
	loc  *time.Location
	opt  Options
	errs Errors
}

func (b *builder) unwritable(sheet, record, field, why string) {
	if len(b.errs) < maxErrors {
		b.errs = append(b.errs, &Error{Sheet: sheet, Record: record, Field: field, Err: fmt.Errorf("%w: %s", ErrUnwritable, why)})
	}
}

// check records a cell's value that cannot read back the same.
func (b *builder) check(sheet, record, field, value string) {
	if why := unwritableText(value); why != "" {
		b.unwritable(sheet, record, field, why)
	}
}

// checkList records a list item that cannot read back the same.
func (b *builder) checkList(sheet, record, field string, items []string) {
	for _, it := range items {
		if why := unwritableItem(it); why != "" {
			b.unwritable(sheet, record, field, why)
			return
		}
	}
}

// build lays out every sheet of ds as text.
func build(ds *model.Dataset, opt Options) ([]*table, error) {
	if ds == nil {
		return nil, Errors{{Err: fmt.Errorf("%w: no dataset to write", model.ErrInvalid)}}
	}
	layout, err := learnVisitLayout()
	if err != nil {
		return nil, err
	}
	b := &builder{ds: ds, loc: ds.Calendar.Location(), opt: opt}
	var out []*table
	for i := range sheets {
		s := &sheets[i]
		if s.contacts && !opt.Contacts {
			continue
		}
		var t *table
		switch s.name {
		case readmeSheet:
			t = b.readme(layout)
		case visitsSheet:
			if t, err = b.visits(layout); err != nil {
				return nil, err
			}
		default:
			t = newTable(s)
			t.rows = b.rowsOf(s)
			for _, row := range t.rows {
				for j := range row {
					row[j] = spreadsheet.Guard(row[j])
				}
			}
		}
		out = append(out, t)
	}
	if len(b.errs) > 0 {
		return nil, b.errs
	}
	return out, nil
}

func newTable(s *sheet) *table {
	t := &table{name: s.name}
	for _, c := range s.columns {
		t.header = append(t.header, c.name)
		t.kinds = append(t.kinds, c.kind)
		t.lists = append(t.lists, c.choices)
	}
	return t
}

// rowsOf returns the rows of one of the workbook's own sheets, cells not
// yet guarded.
func (b *builder) rowsOf(s *sheet) [][]string {
	ds, loc := b.ds, b.loc
	var rows [][]string
	add := func(record string, cells ...string) {
		for i, c := range cells {
			b.check(s.name, record, s.columns[i].name, c)
		}
		rows = append(rows, cells)
	}
	switch s.name {
	case educatorsSheet:
		for _, e := range ds.Educators {
			rec := fmt.Sprintf("educator %q", e.ID)
			b.checkList(s.name, rec, "languages", choices(e.Languages...))
			add(rec, string(e.ID), string(e.School), string(e.Role), string(e.Position), joinList(e.Languages), fmtYesNo(e.OptedIn(ds.Year.ID)))
		}
	case trainingsSheet:
		for _, e := range ds.Educators {
			for _, t := range e.Trainings {
				add(fmt.Sprintf("educator %q", e.ID), string(e.ID), fmtDate(t.Date), string(t.Kind))
			}
		}
	case invitationsSheet:
		for _, inv := range ds.Invitations {
			rec := fmt.Sprintf("invitation %q", inv.ID)
			b.checkList(s.name, rec, "students", choices(inv.Students...))
			b.checkList(s.name, rec, "criteria", inv.Criteria)
			add(rec, string(inv.ID), string(inv.Family), joinList(inv.Students), string(inv.Origin), string(inv.Kind), string(inv.Plan),
				inv.Method, joinList(inv.Criteria), fmtMinute(inv.SentAt, loc), string(inv.Year), string(inv.By),
				string(inv.Response), fmtMinute(inv.RespondedAt, loc))
		}
	case attemptsSheet:
		for _, inv := range ds.Invitations {
			for _, at := range inv.ContactAttempts {
				add(fmt.Sprintf("invitation %q", inv.ID), string(inv.ID), fmtMinute(at, loc))
			}
		}
	case withdrawalsSheet:
		for i, w := range ds.Withdrawals {
			add(fmt.Sprintf("withdrawals[%d]", i), string(w.Family), fmtMinute(w.At, loc))
		}
	case topicsSheet:
		for _, v := range ds.Visits {
			for _, t := range v.Topics {
				add(fmt.Sprintf("visit %q", v.ID), string(v.ID), string(t.Kind), string(t.RaisedBy))
			}
		}
	case paySheet:
		for _, v := range ds.Visits {
			for _, c := range v.Compensation {
				rec := fmt.Sprintf("visit %q", v.ID)
				if c.MinutesOutside < 0 || c.AmountCents < 0 {
					b.unwritable(s.name, rec, "amount", "negative minutes or amount")
				}
				add(rec, string(v.ID), string(c.Educator), strconv.Itoa(c.MinutesOutside), fmtCents(c.AmountCents), string(c.Source), fmtYesNo(c.Stipend))
			}
		}
	case reschedulesSheet:
		for _, v := range ds.Visits {
			for _, r := range v.Reschedules {
				add(fmt.Sprintf("visit %q", v.ID), string(v.ID), fmtMinute(r.At, loc), fmtMinute(r.FromStart, loc), string(r.By))
			}
		}
	case messagesSheet:
		for _, m := range ds.Communications {
			add(fmt.Sprintf("communication %q", m.ID), string(m.ID), string(m.Family), fmtMinute(m.At, loc), string(m.Direction), string(m.Channel), string(m.Educator))
		}
	case eventsSheet:
		for _, e := range ds.Events {
			add(fmt.Sprintf("event %q", e.ID), string(e.ID), string(e.Level), string(e.School), fmtDate(e.Date), string(e.Kind), fmtYesNo(e.FamilyVoices))
		}
	case familiesSheet, guardiansSheet, staffSheet, studentsSheet:
		b.contactRows(s, add)
	}
	return rows
}

// contactRows adds the rows of a contacts sheet. Contacts are matched to
// rows by id, so a dataset that has two entries for one person cannot be
// written.
func (b *builder) contactRows(s *sheet, add func(record string, cells ...string)) {
	c := b.ds.Contacts
	if c == nil {
		return
	}
	seen := map[string]bool{}
	once := func(kind, id string) bool {
		if seen[id] {
			b.unwritable(s.name, fmt.Sprintf("%s %q", kind, id), kind, "the contacts list it twice: merge the two entries")
			return false
		}
		seen[id] = true
		return true
	}
	switch s.name {
	case familiesSheet:
		for _, f := range c.Families {
			if once("family", string(f.Family)) {
				add(fmt.Sprintf("family %q", f.Family), string(f.Family), f.Address, f.Phone)
			}
		}
	case guardiansSheet:
		for _, f := range c.Families {
			for _, g := range f.Guardians {
				add(fmt.Sprintf("family %q", f.Family), string(f.Family), g.Name, g.Phone, g.Email)
			}
		}
	case staffSheet:
		for _, e := range c.Educators {
			if once("educator", string(e.Educator)) {
				add(fmt.Sprintf("educator %q", e.Educator), string(e.Educator), e.Name, e.Phone, e.Email)
			}
		}
	case studentsSheet:
		for _, st := range c.Students {
			if once("student", string(st.Student)) {
				add(fmt.Sprintf("student %q", st.Student), string(st.Student), st.Name)
			}
		}
	}
}

// visits lays out the Visits sheet: the visit log as visitlog.Write
// writes it (cells already guarded), less the columns a detail sheet
// holds, headers in plain words.
func (b *builder) visits(layout *visitLayout) (*table, error) {
	var buf bytes.Buffer
	if err := visitlog.Write(&buf, b.ds); err != nil {
		var vls visitlog.Errors
		if !errors.As(err, &vls) {
			return nil, err
		}
		for _, e := range vls {
			if len(b.errs) < maxErrors {
				b.errs = append(b.errs, &Error{Sheet: visitsSheet, Record: fmt.Sprintf("visit %q", e.Visit), Field: plain(e.Field), Err: fromVisitlog(e.Err)})
			}
		}
		return &table{name: visitsSheet}, nil
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(rows) == 0 {
		return nil, fmt.Errorf("workbook: reading back the visit log: %v", err)
	}
	keep := layout.sheetColumns()
	idx := make([]int, len(keep))
	t := &table{name: visitsSheet}
	for i, c := range keep {
		idx[i] = slices.Index(rows[0], c)
		t.header = append(t.header, plain(c))
		t.kinds = append(t.kinds, layout.kinds[c])
		t.lists = append(t.lists, visitChoices[c])
	}
	for _, rec := range rows[1:] {
		row := make([]string, len(keep))
		id, _ := spreadsheet.Unguard(rec[0])
		for i, j := range idx {
			if j >= 0 && j < len(rec) {
				row[i] = rec[j]
				b.check(visitsSheet, fmt.Sprintf("visit %q", id), t.header[i], rec[j])
			}
		}
		t.rows = append(t.rows, row)
	}
	return t, nil
}
