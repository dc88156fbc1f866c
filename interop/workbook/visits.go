package workbook

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/homevisits/pthv/internal/spreadsheet"
	"github.com/homevisits/pthv/interop/visitlog"
	"github.com/homevisits/pthv/model"
)

// visitLayout is what the workbook knows of the visit log's columns. It
// is learned from visitlog itself rather than from a list kept here, so
// that the Visits sheet stays the visit log as the log gains columns: a
// column holds a date or a time when the log writes a visit's instants
// there, and a detail sheet stands for the columns that change when
// that detail changes.
type visitLayout struct {
	columns []string          // visitlog.Columns(), in order
	kinds   map[string]kind   // the columns that hold dates and times
	detail  map[string]string // column → the detail sheet that holds its data instead
}

// detailSheets are the visit details with sheets of their own, and a
// visit holding one of each, for finding the visit log's columns that
// carry them.
var detailSheets = []struct {
	sheet string
	set   func(v *model.Visit, at time.Time)
}{
	{topicsSheet, func(v *model.Visit, _ time.Time) {
		v.Topics = []model.Topic{{Kind: model.HopesAndDreams, RaisedBy: model.ByFamily}}
	}},
	{paySheet, func(v *model.Visit, _ time.Time) {
		v.Compensation = []model.Compensation{{Educator: "E", MinutesOutside: 1, AmountCents: 1, Source: model.DistrictFunds, Stipend: true}}
	}},
	{reschedulesSheet, func(v *model.Visit, at time.Time) {
		v.Reschedules = []model.Rescheduling{{At: at.Add(-time.Hour), FromStart: at.Add(-24 * time.Hour), By: model.ByFamily}}
	}},
}

// learnVisitLayout writes probe visits with visitlog.Write and reads off
// which columns hold what.
func learnVisitLayout() (*visitLayout, error) {
	midnight := time.Date(2001, time.February, 3, 0, 0, 0, 0, time.UTC)
	later := midnight.Add(4*time.Hour + 5*time.Minute)
	probe := func(at time.Time) model.Visit {
		return model.Visit{ID: "V", Family: "F", Status: model.Completed, Start: at, ArrangedAt: at, Reflection: &model.Reflection{At: at}}
	}
	l := &visitLayout{columns: visitlog.Columns(), kinds: map[string]kind{}, detail: map[string]string{}}
	atMidnight, err := probeRow(probe(midnight))
	if err != nil {
		return nil, err
	}
	base, err := probeRow(probe(later))
	if err != nil {
		return nil, err
	}
	for _, c := range l.columns {
		switch a, b := atMidnight[c], base[c]; {
		case a == "2001-02-03" && b == "2001-02-03":
			l.kinds[c] = dateKind
		case a == "00:00" && b == "04:05":
			l.kinds[c] = clockKind
		case a == "2001-02-03 00:00" && b == "2001-02-03 04:05":
			l.kinds[c] = dateTimeKind
		case a == "2001-02-03" && b == "2001-02-03 04:05":
			l.kinds[c] = dateOrStampKind
		}
	}
	for _, d := range detailSheets {
		v := probe(later)
		d.set(&v, later)
		row, err := probeRow(v)
		if err != nil {
			return nil, err
		}
		for _, c := range l.columns {
			if row[c] != base[c] {
				l.detail[c] = d.sheet
			}
		}
	}
	return l, nil
}

// probeRow writes one visit as a visit log and returns its cells by column.
func probeRow(v model.Visit) (map[string]string, error) {
	var buf bytes.Buffer
	if err := visitlog.Write(&buf, &model.Dataset{Visits: []model.Visit{v}}); err != nil {
		return nil, fmt.Errorf("workbook: the visit log refused a probe visit: %w", err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(rows) != 2 || len(rows[0]) != len(rows[1]) {
		return nil, fmt.Errorf("workbook: the visit log wrote an unexpected probe: %v", err)
	}
	out := make(map[string]string, len(rows[0]))
	for i, h := range rows[0] {
		out[h] = rows[1][i]
	}
	return out, nil
}

// sheetColumns returns the visit log columns the Visits sheet has: all of
// them but those a detail sheet holds.
func (l *visitLayout) sheetColumns() []string {
	return slices.DeleteFunc(slices.Clone(l.columns), func(c string) bool { return l.detail[c] != "" })
}

// kindOf returns what a Visits sheet column holds, by its header.
func (l *visitLayout) kindOf(header string) kind {
	k := key(header)
	for c, kd := range l.kinds {
		if key(c) == k {
			return kd
		}
	}
	return textKind
}

// logCell writes a cell of a date or time column as the visit log wants
// it, from a wall time read off a sheet.
func logCell(k kind, w wall) string {
	switch {
	case k == clockKind && !w.hasDate:
		return w.clock()
	case k == dateKind && (!w.hasClock || w.midnight()) && w.hasDate:
		return w.date()
	case k == dateOrStampKind && w.hasDate && (!w.hasClock || w.midnight()):
		return w.date()
	case !w.hasDate:
		return w.clock()
	}
	return w.dateTime()
}

// visitsSheet reads the Visits sheet with visitlog.Read: the sheet is
// turned into the visit log it is (dates and times as the log writes
// them), and the log's problems are put back at the sheet's rows and
// columns.
func (rd *reader) visitsSheet() {
	t := rd.tables[visitsSheet]
	if t == nil {
		return
	}
	ok := true
	var keepCols []int
	for j, h := range t.header {
		if strings.TrimSpace(h) == "" && blankColumn(t, j) {
			continue
		}
		for c, s := range rd.layout.detail {
			if key(c) == key(h) && rd.tables[s] != nil {
				rd.add(&Error{Sheet: visitsSheet, Row: 1, Column: j + 1, Field: h,
					Err: syntaxf("the %s sheet holds this column's data: remove the column or the sheet", s)})
				ok = false
			}
		}
		keepCols = append(keepCols, j)
	}
	for i, r := range t.rows {
		if len(r) > len(t.header) && !blank(r[len(t.header):]) {
			rd.add(&Error{Sheet: visitsSheet, Row: t.nums[i], Column: len(t.header) + 1, Err: syntaxf("a cell right of the last column (give its column a header, or name it \"notes\")")})
			ok = false
		}
		for j, c := range r[:min(len(r), len(t.header))] {
			if why := unwritableText(c); why != "" {
				rd.add(&Error{Sheet: visitsSheet, Row: t.nums[i], Column: j + 1, Field: t.header[j], Err: invalidf("%q: %s", c, why)})
				ok = false
			}
		}
	}
	if !ok {
		return
	}
	data, starts := rd.visitLog(t, keepCols)
	scratch := rd.w
	err := visitlog.Read(rd.file, bytes.NewReader(data), &scratch)
	if err != nil {
		rd.visitErrors(err, t, keepCols, starts)
		return
	}
	orig := make(map[model.VisitID]int, len(rd.ds.Visits))
	for i, v := range rd.ds.Visits {
		orig[v.ID] = i
	}
	out := scratch.Visits
	for i := range out {
		j, ok := orig[out[i].ID]
		if !ok {
			continue
		}
		keepClocks(&rd.ds.Visits[j], &out[i], rd.loc)
		if sameRecord(rd.ds.Visits[j], out[i]) {
			out[i] = rd.ds.Visits[j]
		}
	}
	rd.w.Visits = out
	if j := slices.IndexFunc(t.header, func(h string) bool { return key(h) == "visit id" }); j >= 0 {
		for i, r := range t.rows {
			if j < len(r) {
				if id, ok := spreadsheet.Unguard(r[j]); ok && id != "" {
					rd.where[fmt.Sprintf("visit %q", id)] = rowAt{sheet: visitsSheet, row: t.nums[i], t: t}
				}
			}
		}
	}
}

func blankColumn(t *table, j int) bool {
	for _, r := range t.rows {
		if j < len(r) && strings.TrimSpace(r[j]) != "" {
			return false
		}
	}
	return true
}

// visitLog writes the Visits sheet's columns cols as a visit log, and
// returns the line each record starts on (the header's first).
func (rd *reader) visitLog(t *table, cols []int) ([]byte, []int) {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	var starts []int
	line, written := 1, 0
	write := func(rec []string) {
		starts = append(starts, line)
		cw.Write(rec)
		cw.Flush()
		line += bytes.Count(buf.Bytes()[written:], []byte{'\n'})
		written = buf.Len()
	}
	kinds := make([]kind, len(cols))
	header := make([]string, len(cols))
	for k, j := range cols {
		header[k] = t.header[j]
		kinds[k] = rd.layout.kindOf(t.header[j])
	}
	write(header)
	for _, r := range t.rows {
		rec := make([]string, len(cols))
		for k, j := range cols {
			if j >= len(r) {
				continue
			}
			rec[k] = r[j]
			if kinds[k].timed() {
				if w, ok := parseWall(r[j]); ok {
					rec[k] = logCell(kinds[k], w)
				}
			}
		}
		write(rec)
	}
	return buf.Bytes(), starts
}

// visitErrors puts the visit log's problems at the sheet's cells.
func (rd *reader) visitErrors(err error, t *table, cols []int, starts []int) {
	vls, ok := errors.AsType[visitlog.Errors](err)
	if !ok {
		rd.add(&Error{Sheet: visitsSheet, Err: fromVisitlog(err)})
		return
	}
	for _, e := range vls {
		out := &Error{Sheet: visitsSheet, Field: plain(e.Field), Err: fromVisitlog(e.Err)}
		if e.Line > 0 {
			k := 0
			for k+1 < len(starts) && starts[k+1] <= e.Line {
				k++
			}
			out.Row = 1
			if k > 0 {
				out.Row = t.nums[k-1]
			}
		}
		if e.Column > 0 && e.Column <= len(cols) && e.Line > 0 {
			out.Column = cols[e.Column-1] + 1
		}
		if e.Visit != "" && out.Row == 0 {
			out.Record = fmt.Sprintf("visit %q", e.Visit)
		}
		rd.add(out)
	}
}

// keepClocks keeps the dataset's instants of a visit the sheet shows
// unchanged: a cell holds the local date and time, which names two
// instants in the hour the clocks fall back, and the log reads the first.
func keepClocks(old, v *model.Visit, loc *time.Location) {
	same := func(a, b time.Time) bool {
		return !a.IsZero() && !b.IsZero() && wallOf(a.In(loc)) == wallOf(b.In(loc))
	}
	if same(old.Start, v.Start) {
		v.Start = old.Start
	}
	if same(old.ArrangedAt, v.ArrangedAt) {
		v.ArrangedAt = old.ArrangedAt
	}
	if old.Reflection != nil && v.Reflection != nil && same(old.Reflection.At, v.Reflection.At) && old.Reflection != v.Reflection {
		r := *v.Reflection
		r.At = old.Reflection.At
		v.Reflection = &r
	}
	for k := range min(len(old.Reschedules), len(v.Reschedules)) {
		o, n := old.Reschedules[k], &v.Reschedules[k]
		if same(o.At, n.At) {
			n.At = o.At
		}
		if same(o.FromStart, n.FromStart) {
			n.FromStart = o.FromStart
		}
	}
}
