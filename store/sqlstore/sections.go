package sqlstore

import (
	"strconv"
	"time"

	"github.com/homevisits/pthv/model"
)

// section is one list of records of a dataset and the table that holds
// it: the JSON name, the table, and the plain columns written beside the
// record (after seq, before record).
type section struct {
	name  string
	table string
	cols  []string
	count func(ds *model.Dataset) int
	keys  func(ds *model.Dataset, i int) []any
}

// instantLayout writes instants in UTC at a fixed width, so that text
// order is time order.
const instantLayout = "2006-01-02T15:04:05.000000000Z"

func instant(t time.Time) string { return t.UTC().Format(instantLayout) }

// sections lists the dataset's record lists in the order pthv/v1 writes
// them.
var sections = []section{
	{"schools", "pthv_schools", []string{"id"},
		func(ds *model.Dataset) int { return len(ds.Schools) },
		func(ds *model.Dataset, i int) []any { return []any{string(ds.Schools[i].ID)} }},
	{"classes", "pthv_classes", []string{"id", "school"},
		func(ds *model.Dataset) int { return len(ds.Classes) },
		func(ds *model.Dataset, i int) []any {
			c := &ds.Classes[i]
			return []any{string(c.ID), string(c.School)}
		}},
	{"educators", "pthv_educators", []string{"id", "school", "role"},
		func(ds *model.Dataset) int { return len(ds.Educators) },
		func(ds *model.Dataset, i int) []any {
			e := &ds.Educators[i]
			return []any{string(e.ID), string(e.School), string(e.Role)}
		}},
	{"students", "pthv_students", []string{"id", "school", "family", "grade"},
		func(ds *model.Dataset) int { return len(ds.Students) },
		func(ds *model.Dataset, i int) []any {
			s := &ds.Students[i]
			return []any{string(s.ID), string(s.School), string(s.Family), int64(s.Grade)}
		}},
	{"families", "pthv_families", []string{"id"},
		func(ds *model.Dataset) int { return len(ds.Families) },
		func(ds *model.Dataset, i int) []any { return []any{string(ds.Families[i].ID)} }},
	{"past_pairs", "pthv_past_pairs", []string{"year"},
		func(ds *model.Dataset) int { return len(ds.PastPairs) },
		func(ds *model.Dataset, i int) []any { return []any{string(ds.PastPairs[i].Year)} }},
	{"plans", "pthv_plans", []string{"id", "school", "method"},
		func(ds *model.Dataset) int { return len(ds.Plans) },
		func(ds *model.Dataset, i int) []any {
			p := &ds.Plans[i]
			return []any{string(p.ID), string(p.School), p.Method}
		}},
	{"goals", "pthv_goals", []string{"id", "school"},
		func(ds *model.Dataset) int { return len(ds.Goals) },
		func(ds *model.Dataset, i int) []any {
			g := &ds.Goals[i]
			return []any{string(g.ID), string(g.School)}
		}},
	{"invitations", "pthv_invitations", []string{"id", "family", "sent_at", "response"},
		func(ds *model.Dataset) int { return len(ds.Invitations) },
		func(ds *model.Dataset, i int) []any {
			v := &ds.Invitations[i]
			return []any{string(v.ID), string(v.Family), instant(v.SentAt), string(v.Answer())}
		}},
	{"withdrawals", "pthv_withdrawals", []string{"family", "at"},
		func(ds *model.Dataset) int { return len(ds.Withdrawals) },
		func(ds *model.Dataset, i int) []any {
			w := &ds.Withdrawals[i]
			return []any{string(w.Family), instant(w.At)}
		}},
	{"visits", "pthv_visits", []string{"id", "family", "status", "start_at", "end_at"},
		func(ds *model.Dataset) int { return len(ds.Visits) },
		func(ds *model.Dataset, i int) []any { return visitKeys(&ds.Visits[i]) }},
	{"communications", "pthv_communications", []string{"id", "family", "at", "direction"},
		func(ds *model.Dataset) int { return len(ds.Communications) },
		func(ds *model.Dataset, i int) []any {
			c := &ds.Communications[i]
			return []any{string(c.ID), string(c.Family), instant(c.At), string(c.Direction)}
		}},
	{"events", "pthv_events", []string{"id", "school", "date"},
		func(ds *model.Dataset) int { return len(ds.Events) },
		func(ds *model.Dataset, i int) []any {
			e := &ds.Events[i]
			return []any{string(e.ID), string(e.School), e.Date.String()}
		}},
}

func visitKeys(v *model.Visit) []any {
	return []any{string(v.ID), string(v.Family), string(v.Status), instant(v.Start), instant(v.End())}
}

// childTables are the tables derived from the visits, emptied with them.
var childTables = []string{"pthv_visit_students", "pthv_visit_visitors"}

// placeholders returns "(?, ?, …)" for n columns.
func placeholders(n int) string {
	b := make([]byte, 0, 3*n+2)
	b = append(b, '(')
	for i := range n {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, '?')
	}
	return string(append(b, ')'))
}

func itoa(n int) string { return strconv.Itoa(n) }
