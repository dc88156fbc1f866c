package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/homevisits/pthv/model"
)

// Load reads the stored program back as a dataset, from one snapshot of
// the database: the dataset [Store.Save] wrote, with every visit booked
// since. It joins the stored records into a pthv/v1 document and decodes
// it as a file is decoded ([model.DecodeDatasetBytes]), so a store whose
// rows were changed by hand into something invalid is an error naming
// the record and field, never a wrong dataset. A store that holds no
// program is an error wrapping [ErrEmpty].
func (s *Store) Load(ctx context.Context) (*model.Dataset, error) {
	if err := s.usable("Load"); err != nil {
		return nil, err
	}
	if ctx == nil {
		return nil, fmt.Errorf("sqlstore: Load: nil context: %w", model.ErrInvalid)
	}
	var doc []byte
	err := s.read(ctx, func(q querier) error {
		var err error
		doc, err = s.document(ctx, q)
		return err
	})
	if err != nil {
		return nil, s.fail("load", err)
	}
	return model.DecodeDatasetBytes(s.name, doc)
}

// document joins the stored program into one pthv/v1 document.
func (s *Store) document(ctx context.Context, q querier) ([]byte, error) {
	var format, district, year, calendar, policy string
	var revision int64
	var contacts sql.NullString
	err := q.QueryRowContext(ctx, `SELECT format, revision, district, year, calendar, policy, contacts
		FROM pthv_program WHERE id = 1`).Scan(&format, &revision, &district, &year, &calendar, &policy, &contacts)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrEmpty
	}
	if err != nil {
		return nil, err
	}
	doc := make([]byte, 0, 1<<16)
	doc = append(doc, `{"format":`...)
	doc = strconv.AppendQuote(doc, format)
	for _, m := range []struct{ key, value string }{{"district", district}, {"year", year}, {"calendar", calendar}, {"policy", policy}} {
		doc = append(doc, `,"`...)
		doc = append(doc, m.key...)
		doc = append(doc, `":`...)
		doc = append(doc, m.value...)
	}
	if revision != 0 {
		doc = append(doc, `,"revision":`...)
		doc = strconv.AppendInt(doc, revision, 10)
	}
	var rec sql.RawBytes
	for _, sec := range sections {
		rows, err := q.QueryContext(ctx, "SELECT record FROM "+sec.table+" ORDER BY seq")
		if err != nil {
			return nil, err
		}
		first := true
		for rows.Next() {
			if err := rows.Scan(&rec); err != nil {
				rows.Close()
				return nil, err
			}
			if first {
				doc = append(doc, `,"`...)
				doc = append(doc, sec.name...)
				doc = append(doc, `":[`...)
				first = false
			} else {
				doc = append(doc, ',')
			}
			doc = append(doc, rec...)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if !first {
			doc = append(doc, ']')
		}
	}
	if contacts.Valid {
		doc = append(doc, `,"contacts":`...)
		doc = append(doc, contacts.String...)
	}
	return append(doc, '}'), nil
}

// header is the program's singletons a booking reads: the school year,
// calendar and policy, and the revision.
type header struct {
	raw      string // year, calendar and policy as stored, to tell a change
	year     model.SchoolYear
	calendar model.Calendar
	policy   model.Policy
	revision int64
}

// readHeader reads the program's singletons, decoding them only when they
// changed since the store last read them.
func (s *Store) readHeader(ctx context.Context, q querier) (*header, error) {
	var year, calendar, policy string
	var revision int64
	err := q.QueryRowContext(ctx, "SELECT year, calendar, policy, revision FROM pthv_program WHERE id = 1").
		Scan(&year, &calendar, &policy, &revision)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrEmpty
	}
	if err != nil {
		return nil, err
	}
	raw := year + "\x00" + calendar + "\x00" + policy
	s.mu.Lock()
	h := s.header
	s.mu.Unlock()
	if h != nil && h.raw == raw {
		c := *h
		c.revision = revision
		return &c, nil
	}
	h = &header{raw: raw, revision: revision, policy: model.DefaultPolicy()}
	if err := strictJSON([]byte(year), &h.year); err != nil {
		return nil, fmt.Errorf("pthv_program: year: %w", err)
	}
	if err := strictJSON([]byte(calendar), &h.calendar); err != nil {
		return nil, fmt.Errorf("pthv_program: calendar: %w", err)
	}
	if err := strictJSON([]byte(policy), &h.policy); err != nil {
		return nil, fmt.Errorf("pthv_program: policy: %w", err)
	}
	s.mu.Lock()
	s.header = h
	s.mu.Unlock()
	c := *h
	return &c, nil
}

// strictJSON decodes one stored value, refusing unknown fields as the
// dataset decoder does.
func strictJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("data after the value")
	}
	return nil
}
