package visitlog

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/homevisits/pthv/model"
)

// The column names of a visit log, in the order Write writes them.
const (
	colVisit        = "visit_id"
	colFamily       = "family"
	colStudents     = "students"
	colKind         = "kind"
	colStatus       = "status"
	colCancelledBy  = "cancelled_by"
	colDate         = "date"
	colStart        = "start"
	colDuration     = "duration"
	colArrangedAt   = "arranged_at"
	colReschedules  = "reschedules"
	colLocation     = "location"
	colRequestedBy  = "location_requested_by"
	colVisitors     = "visitors"
	colInterpreters = "interpreters"
	colTopics       = "topics"
	colReferences   = "references_first"
	colReflectedAt  = "reflected_at"
	colReflectedBy  = "reflected_by"
	colBias         = "bias_reflected"
	colPaid         = "paid_educators"
	colMinutes      = "minutes_outside"
	colAmount       = "amount"
	colFunding      = "funding_source"
)

var columns = []string{
	colVisit, colFamily, colStudents, colKind, colStatus, colCancelledBy,
	colDate, colStart, colDuration, colArrangedAt, colReschedules, colLocation, colRequestedBy,
	colVisitors, colInterpreters, colTopics, colReferences,
	colReflectedAt, colReflectedBy, colBias,
	colPaid, colMinutes, colAmount, colFunding,
}

// Columns returns the visit log's column names in the order [Write]
// writes them.
func Columns() []string { return slices.Clone(columns) }

// Separators inside cells.
const (
	listSep  = ";"          // between the items of a list cell
	partSep  = ":"          // between the parts of a topic, interpreter or funding item
	langSep  = ","          // between an interpreter's languages
	movedSep = " moved on " // between a reschedule's earlier appointment and when it was moved
	bySep    = " by "       // before who moved it
)

// joinList joins list items into a cell.
func joinList(items []string) string { return strings.Join(items, listSep) }

// splitList splits a cell into list items; an empty cell is no items.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, listSep)
}

func fmtDate(t time.Time) string { return t.Format(time.DateOnly) }

// fmtClock writes a time of day to the minute, with seconds only when
// there are some.
func fmtClock(t time.Time) string {
	if t.Second() != 0 {
		return t.Format("15:04:05")
	}
	return t.Format("15:04")
}

// fmtTimeOfDay writes the time of day of t in loc, followed by its UTC
// offset (" -08:00") when the time of day alone would read back as another
// instant: in the hour the clocks go back, which happens twice.
func fmtTimeOfDay(t time.Time, loc *time.Location) string {
	l := t.In(loc)
	if !readsBack(t, loc) {
		return fmtClock(l) + " " + l.Format("-07:00")
	}
	return fmtClock(l)
}

// fmtDateTime writes t as a local date and time in loc, such as
// "2025-09-05 10:15"; the zero time is an empty cell.
func fmtDateTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return fmtDate(t.In(loc)) + " " + fmtTimeOfDay(t, loc)
}

// fmtRescheduling writes an earlier appointment of a visit as
// "2025-10-02 16:00 moved on 2025-09-30 09:15 by family": the appointment
// it replaced, when the change was agreed, and who asked for it (left out
// when not recorded).
func fmtRescheduling(r model.Rescheduling, loc *time.Location) string {
	s := fmtDateTime(r.FromStart, loc) + movedSep + fmtDateTime(r.At, loc)
	if r.By != "" {
		s += bySep + string(r.By)
	}
	return s
}

// fmtReflectedAt writes a reflection time in loc; one at midnight is
// written as its date alone, since coordinators often record only the day.
func fmtReflectedAt(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	if l := t.In(loc); l.Hour() == 0 && l.Minute() == 0 && l.Second() == 0 && readsBack(t, loc) {
		return fmtDate(l)
	}
	return fmtDateTime(t, loc)
}

// fmtDuration writes whole minutes as a number ("40"), anything finer in
// Go's duration syntax ("40m30s").
func fmtDuration(d model.Duration) string {
	switch {
	case d == 0:
		return ""
	case time.Duration(d)%time.Minute == 0:
		return strconv.FormatInt(int64(time.Duration(d)/time.Minute), 10)
	}
	return d.String()
}

func fmtCents(c int64) string { return fmt.Sprintf("%d.%02d", c/100, c%100) }

func fmtBool(b *bool) string {
	switch {
	case b == nil:
		return ""
	case *b:
		return "yes"
	}
	return "no"
}

func fmtTopic(t model.Topic) string {
	if t.RaisedBy == "" {
		return string(t.Kind)
	}
	return string(t.Kind) + partSep + string(t.RaisedBy)
}

// fmtInterpreter writes an interpreter as ID:EDUCATOR:LANG,LANG with
// trailing empty parts left out: "I-3::es", ":E-12:hmn", "I-4".
func fmtInterpreter(in model.Interpreter) string {
	langs := make([]string, len(in.Languages))
	for i, l := range in.Languages {
		langs[i] = string(l)
	}
	parts := []string{string(in.ID), string(in.Educator), strings.Join(langs, langSep)}
	for len(parts) > 1 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return strings.Join(parts, partSep)
}

// fmtFunding writes a compensation's funding: its source, "stipend", or
// "stipend:SOURCE" when both are recorded.
func fmtFunding(c model.Compensation) string {
	switch {
	case c.Stipend && c.Source != "":
		return "stipend" + partSep + string(c.Source)
	case c.Stipend:
		return "stipend"
	}
	return string(c.Source)
}

// cellsOf writes one visit as the cells of a row, in column order. loc is
// the calendar's time zone.
func cellsOf(v *model.Visit, loc *time.Location) ([]string, error) {
	var refAt, bias string
	var refBy []string
	if r := v.Reflection; r != nil {
		refAt = fmtReflectedAt(r.At, loc)
		refBy = ids(r.By)
		bias = fmtBool(r.CoveredBias)
	}
	var moves, interps, topics, paid, minutes, amounts, funding []string
	for _, re := range v.Reschedules {
		moves = append(moves, fmtRescheduling(re, loc))
	}
	for _, in := range v.Interpreters {
		interps = append(interps, fmtInterpreter(in))
	}
	for _, t := range v.Topics {
		topics = append(topics, fmtTopic(t))
	}
	for _, c := range v.Compensation {
		paid = append(paid, string(c.Educator))
		minutes = append(minutes, strconv.Itoa(c.MinutesOutside))
		amounts = append(amounts, fmtCents(c.AmountCents))
		funding = append(funding, fmtFunding(c))
	}
	fundingCell := joinList(funding)
	if strings.Trim(fundingCell, listSep) == "" {
		fundingCell = "" // every entry empty
	}
	cells := []string{
		string(v.ID), string(v.Family), joinList(ids(v.Students)), string(v.Kind), string(v.Status), string(v.CancelledBy),
		fmtDate(v.Start.In(loc)), fmtTimeOfDay(v.Start, loc), fmtDuration(v.Duration), fmtDateTime(v.ArrangedAt, loc), joinList(moves),
		string(v.Location.Kind), string(v.Location.RequestedBy),
		joinList(ids(v.Visitors)), joinList(interps), joinList(topics), fmtBool(v.ReferencesFirst),
		refAt, joinList(refBy), bias,
		joinList(paid), joinList(minutes), joinList(amounts), fundingCell,
	}
	return cells, writable(v, loc)
}

// readsBack reports whether t's local date and time in loc, read back in
// loc, is t: not so for one of the two instants of the hour the clocks go
// back.
func readsBack(t time.Time, loc *time.Location) bool {
	l := t.In(loc)
	y, mo, d := l.Date()
	return time.Date(y, mo, d, l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), loc).Equal(t)
}

func ids[ID ~string](list []ID) []string {
	out := make([]string, len(list))
	for i, id := range list {
		out[i] = string(id)
	}
	return out
}

// writable reports the first value of v the visit log cannot carry so
// that it reads back the same. loc is the calendar's time zone, in which
// the log writes times.
func writable(v *model.Visit, loc *time.Location) error {
	fail := func(field string, format string, args ...any) error {
		return &Error{Visit: string(v.ID), Field: field, Err: fmt.Errorf("%w: %s", ErrUnwritable, fmt.Sprintf(format, args...))}
	}
	check := func(field, id string, list, parts bool) error {
		switch {
		case id == "" && list:
			return fail(field, "an empty id in a list")
		case strings.Contains(id, "\r\n"):
			return fail(field, "id %q holds a CRLF line break, which CSV reads back as LF", id)
		case list && strings.Contains(id, listSep):
			return fail(field, "id %q holds the list separator %q", id, listSep)
		case parts && strings.Contains(id, partSep):
			return fail(field, "id %q holds the separator %q", id, partSep)
		}
		return nil
	}
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	if v.ID == "" {
		add(fail(colVisit, "the visit has no id"))
	}
	add(check(colVisit, string(v.ID), false, false))
	add(check(colFamily, string(v.Family), false, false))
	for _, s := range v.Students {
		add(check(colStudents, string(s), true, false))
	}
	for _, e := range v.Visitors {
		add(check(colVisitors, string(e), true, false))
	}
	for _, in := range v.Interpreters {
		add(check(colInterpreters, string(in.ID), false, true))
		add(check(colInterpreters, string(in.Educator), false, true))
		for _, l := range in.Languages {
			if l == "" || strings.ContainsAny(string(l), listSep+partSep+langSep) {
				add(fail(colInterpreters, "language %q cannot be listed", l))
			}
		}
		if fmtInterpreter(in) == "" {
			add(fail(colInterpreters, "an interpreter with no id, educator or language"))
		}
	}
	if r := v.Reflection; r != nil {
		for _, e := range r.By {
			add(check(colReflectedBy, string(e), true, false))
		}
		if r.At.IsZero() {
			add(fail(colReflectedAt, "a reflection with no time"))
		}
	}
	for _, c := range v.Compensation {
		add(check(colPaid, string(c.Educator), true, false))
		if c.MinutesOutside < 0 || c.AmountCents < 0 {
			add(fail(colAmount, "negative minutes or amount"))
		}
	}
	if v.Duration < 0 {
		add(fail(colDuration, "negative duration %s", v.Duration))
	}
	if v.Start.IsZero() {
		add(fail(colDate, "the visit has no start"))
	}
	for _, re := range v.Reschedules {
		if re.FromStart.IsZero() || re.At.IsZero() {
			add(fail(colReschedules, "a reschedule with no earlier appointment or no time agreed"))
		}
	}
	// The log writes times to the second.
	clock := func(field string, t time.Time) {
		if t.Nanosecond() != 0 {
			add(fail(field, "%s has a fraction of a second", t.In(loc).Format(time.RFC3339Nano)))
		}
	}
	clock(colStart, v.Start)
	clock(colArrangedAt, v.ArrangedAt)
	for _, re := range v.Reschedules {
		clock(colReschedules, re.FromStart)
		clock(colReschedules, re.At)
	}
	if v.Reflection != nil {
		clock(colReflectedAt, v.Reflection.At)
	}
	if len(errs) > 0 {
		return errs[0]
	}
	return nil
}
