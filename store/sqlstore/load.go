package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"

	"github.com/homevisits/pthv/internal/strictjson"
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
	run := s.read
	if s.dialect == SQLite {
		// The write lock keeps the database still while the sections are
		// read side by side on other connections (see readSections).
		run = s.writeSQLite
	}
	err := run(ctx, func(q querier) error {
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
	parts, err := s.readSections(ctx, q)
	if err != nil {
		return nil, err
	}
	size := len(doc) + len(contacts.String) + 64
	for k, sec := range sections {
		size += len(sec.name) + 8
		for _, p := range parts[k] {
			size += len(p)
		}
	}
	doc = slices.Grow(doc, size)
	for k, sec := range sections {
		if len(parts[k]) == 0 {
			continue
		}
		doc = append(doc, `,"`...)
		doc = append(doc, sec.name...)
		doc = append(doc, `":[`...)
		for _, p := range parts[k] {
			doc = append(doc, p...)
		}
		doc = append(doc, ']')
	}
	if contacts.Valid {
		doc = append(doc, `,"contacts":`...)
		doc = append(doc, contacts.String...)
	}
	return append(doc, '}'), nil
}

// chunkRows is how many records one query of Load reads.
const chunkRows = 1 << 16

// chunk is one range of seq of one section.
type chunk struct {
	section  int
	from, to int64 // [from, to)
	size     int   // the bytes its records are expected to take
}

// readSections returns, for each section, its records joined by commas,
// in pieces: parts[k] is section k's pieces in order, each a run of
// records separated by commas, with commas between the pieces too.
//
// On SQLite the sections are read in ranges of seq, side by side on
// several connections, while q — a connection in a transaction — holds
// the write lock, so that no write can land between the reads and they
// all see one state of the database. Elsewhere they are read in turn on
// q's snapshot.
func (s *Store) readSections(ctx context.Context, q querier) ([][][]byte, error) {
	var chunks []chunk
	for k, sec := range sections {
		var lo, hi sql.NullInt64
		if err := q.QueryRowContext(ctx, "SELECT MIN(seq), MAX(seq) FROM "+sec.table).Scan(&lo, &hi); err != nil {
			return nil, err
		}
		if !lo.Valid {
			continue
		}
		// A sample of the records tells how long they are, so that each
		// chunk's buffer is made once at about its size.
		var avg sql.NullFloat64
		if err := q.QueryRowContext(ctx, "SELECT AVG(LENGTH(record)) FROM (SELECT record FROM "+sec.table+
			" ORDER BY seq LIMIT 256) sample").Scan(&avg); err != nil {
			return nil, err
		}
		for from := lo.Int64; from <= hi.Int64; from += chunkRows {
			to := min(from+chunkRows, hi.Int64+1)
			chunks = append(chunks, chunk{k, from, to, int(float64(to-from) * (avg.Float64*1.25 + 1))})
		}
	}
	bufs := make([][]byte, len(chunks))
	read := func(q querier, i int) error {
		c := chunks[i]
		rows, err := q.QueryContext(ctx, s.dialect.rebind("SELECT record FROM "+sections[c.section].table+
			" WHERE seq >= ? AND seq < ? ORDER BY seq"), c.from, c.to)
		if err != nil {
			return err
		}
		defer rows.Close()
		var rec sql.RawBytes
		buf := make([]byte, 0, c.size)
		for rows.Next() {
			if err := rows.Scan(&rec); err != nil {
				return err
			}
			if len(buf) > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, rec...)
		}
		bufs[i] = buf
		return rows.Err()
	}
	workers := min(runtime.GOMAXPROCS(0), 4, len(chunks))
	if s.dialect != SQLite || workers < 2 {
		for i := range chunks {
			if err := read(q, i); err != nil {
				return nil, err
			}
		}
	} else if err := s.readSideBySide(ctx, len(chunks), workers, read); err != nil {
		return nil, err
	}
	parts := make([][][]byte, len(sections))
	for i, c := range chunks {
		if len(bufs[i]) == 0 {
			continue
		}
		if len(parts[c.section]) > 0 {
			parts[c.section] = append(parts[c.section], []byte{','})
		}
		parts[c.section] = append(parts[c.section], bufs[i])
	}
	return parts, nil
}

// readSideBySide runs read on chunks 0…n-1 from workers connections of
// their own, each in a read transaction.
func (s *Store) readSideBySide(ctx context.Context, n, workers int, read func(q querier, i int) error) error {
	next := make(chan int)
	errs := make(chan error, workers)
	for range workers {
		go func() {
			errs <- func() error {
				tx, err := s.db.BeginTx(ctx, nil)
				if err != nil {
					for range next {
					}
					return err
				}
				defer tx.Rollback()
				var first error
				for i := range next {
					if first == nil {
						first = read(tx, i)
					}
				}
				return first
			}()
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	var all []error
	for range workers {
		all = append(all, <-errs)
	}
	return errors.Join(all...)
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

// strictJSON decodes one stored value, refusing unknown fields and data
// after the value as the dataset decoder does.
func strictJSON(b []byte, v any) error {
	if e := strictjson.Decode(b, v); e != nil {
		return e
	}
	return nil
}
