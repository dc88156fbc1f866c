package sqlstore

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/homevisits/pthv/model"
)

// Save writes ds into the store, replacing the program it held, in one
// transaction: afterwards [Store.Load] returns a dataset equal to ds,
// contacts included (the contacts are the program's record too; the store
// never passes them on by itself). ds must be valid ([model.Dataset.Validate]):
// an invalid dataset is an error naming its records, and nothing changes.
//
// Every record is written as pthv/v1 JSON (the bytes model.EncodeDataset
// writes for it) with its id, references and times in plain columns
// beside it; see the package documentation for the tables.
func (s *Store) Save(ctx context.Context, ds *model.Dataset) error {
	if err := s.usable("Save"); err != nil {
		return err
	}
	switch {
	case ctx == nil:
		return fmt.Errorf("sqlstore: Save: nil context: %w", model.ErrInvalid)
	case ds == nil:
		return fmt.Errorf("sqlstore: Save: nil dataset: %w", model.ErrInvalid)
	}
	if err := ds.Validate(); err != nil {
		return fmt.Errorf("sqlstore: Save: %w", err)
	}
	var buf bytes.Buffer
	if err := model.EncodeDataset(&buf, ds, model.EncodeOptions{IncludeContacts: true, Compact: true}); err != nil {
		return fmt.Errorf("sqlstore: Save: %w", err)
	}
	ms, err := members(buf.Bytes())
	if err != nil {
		return fmt.Errorf("sqlstore: Save: %w", err)
	}
	parts := make(map[string][]byte, len(ms))
	for _, m := range ms {
		parts[m.key] = m.value
	}
	records := make([][][]byte, len(sections))
	for k, sec := range sections {
		if raw, ok := parts[sec.name]; ok {
			if records[k], err = elements(raw); err != nil {
				return fmt.Errorf("sqlstore: Save: %s: %w", sec.name, err)
			}
		}
		if len(records[k]) != sec.count(ds) {
			return fmt.Errorf("sqlstore: Save: %s: %d records written for %d: %w", sec.name, len(records[k]), sec.count(ds), errSplit)
		}
	}
	policy := parts["policy"]
	if policy == nil {
		policy = []byte("{}")
	}
	var contacts any // NULL when the dataset has none
	if c, ok := parts["contacts"]; ok {
		contacts = string(c)
	}
	err = s.write(ctx, func(q querier) error {
		for _, t := range append(tableNames(), "pthv_program") {
			if _, err := q.ExecContext(ctx, "DELETE FROM "+t); err != nil {
				return err
			}
		}
		_, err := q.ExecContext(ctx, s.dialect.rebind(`INSERT INTO pthv_program
			(id, format, revision, district_id, year_id, district, year, calendar, policy, contacts)
			VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			model.Format, int64(ds.Revision), string(ds.District.ID), string(ds.Year.ID),
			string(parts["district"]), string(parts["year"]), string(parts["calendar"]), string(policy), contacts)
		if err != nil {
			return err
		}
		for k, sec := range sections {
			cols := append(append([]string{"seq"}, sec.cols...), "record")
			err := s.insertRows(ctx, q, sec.table, cols, len(records[k]), func(i int) []any {
				row := append([]any{int64(i)}, sec.keys(ds, i)...)
				return append(row, string(records[k][i]))
			})
			if err != nil {
				return fmt.Errorf("%s: %w", sec.name, err)
			}
		}
		return s.insertVisitChildren(ctx, q, ds.Visits)
	})
	if err != nil {
		return s.fail("save", err)
	}
	return nil
}

// tableNames lists the tables of the records, children first.
func tableNames() []string {
	out := append([]string(nil), childTables...)
	for _, sec := range sections {
		out = append(out, sec.table)
	}
	return out
}

// insertRows inserts n rows into table, many to a statement.
func (s *Store) insertRows(ctx context.Context, q querier, table string, cols []string, n int, row func(i int) []any) error {
	per := min(500, s.dialect.maxParams()/len(cols))
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	one := placeholders(len(cols))
	args := make([]any, 0, per*len(cols))
	for from := 0; from < n; from += per {
		to := min(n, from+per)
		var b strings.Builder
		b.WriteString(head)
		args = args[:0]
		for i := from; i < to; i++ {
			if i > from {
				b.WriteString(", ")
			}
			b.WriteString(one)
			args = append(args, row(i)...)
		}
		if _, err := q.ExecContext(ctx, s.dialect.rebind(b.String()), args...); err != nil {
			return err
		}
	}
	return nil
}

// insertVisitChildren writes the rows of pthv_visit_students and
// pthv_visit_visitors for visits.
func (s *Store) insertVisitChildren(ctx context.Context, q querier, visits []model.Visit) error {
	type pair struct {
		visit, other string
		start        string
	}
	var students, visitors []pair
	for i := range visits {
		v := &visits[i]
		start := instant(v.Start)
		for _, st := range v.Students {
			students = append(students, pair{string(v.ID), string(st), start})
		}
		for _, e := range v.Visitors {
			visitors = append(visitors, pair{string(v.ID), string(e), start})
		}
	}
	err := s.insertRows(ctx, q, "pthv_visit_students", []string{"visit", "student"}, len(students), func(i int) []any {
		return []any{students[i].visit, students[i].other}
	})
	if err != nil {
		return err
	}
	return s.insertRows(ctx, q, "pthv_visit_visitors", []string{"visit", "educator", "start_at"}, len(visitors), func(i int) []any {
		return []any{visitors[i].visit, visitors[i].other, visitors[i].start}
	})
}
