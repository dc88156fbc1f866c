// Package sqlstore keeps a pthv/v1 program in a SQL database, for a
// district system that embeds pthv: a documented schema created and
// upgraded by versioned migrations, lossless [Store.Save] and
// [Store.Load], a [practices.Lookup] over database/sql ([Store.Lookup]),
// and booking — [practices.Guard] and the insert — in one transaction
// ([Store.Book]). "In a real system a view of its own database", as
// examples/guardbooking says; this is that view, and its test suite.
//
// # Databases
//
// The embedded default is SQLite through modernc.org/sqlite, pure Go, so
// `go install` needs no C compiler and a district needs nothing
// installed; the same code runs on PostgreSQL through
// github.com/jackc/pgx/v5/stdlib. The queries are written in the SQL the
// two share; a [Dialect] supplies the rest (placeholders, the integer key,
// how a writing transaction starts and which errors mean "try again").
//
// # Schema (migration 1, migrations/0001_records.sql)
//
// One table per list of records, each row one record:
//
//	pthv_program         the singletons: format, revision, district, year,
//	                     calendar, policy (its differences from the
//	                     defaults) and contacts (NULL when none), one row
//	pthv_schools         seq, id, record
//	pthv_classes         seq, id, school, record
//	pthv_educators       seq, id, school, role, record (opt-ins, trainings,
//	                     stipends, hours, availability inside)
//	pthv_students        seq, id, school, family, grade, record
//	pthv_families        seq, id, record
//	pthv_past_pairs      seq, year, record
//	pthv_plans           seq, id, school, method, record
//	pthv_goals           seq, id, school, record
//	pthv_invitations     seq, id, family, sent_at, response, record
//	pthv_withdrawals     seq, family, at, record
//	pthv_visits          seq, id, family, status, start_at, end_at, record
//	                     (students, visitors, interpreters, topics,
//	                     reflection, pay per visitor inside)
//	pthv_visit_students  visit, student      — one row per student named
//	pthv_visit_visitors  visit, educator, start_at — one row per visitor
//	pthv_communications  seq, id, family, at, direction, record
//	pthv_events          seq, id, school, date, record
//	pthv_schema_migrations  version, name, applied_at
//
// "record" is the record as pthv/v1 JSON, exactly as model.EncodeDataset
// writes it; it is what Load reads back, which is why the store is
// lossless for every field of every record — the fields added to pthv/v1
// later included, without a migration per field — and a store edited by
// hand into something invalid is refused by the dataset decoder rather
// than read wrong. The plain columns beside it (ids, references, times in
// UTC at a fixed width so that text order is time order) are for
// queries: a district's reports, and the indexed reads of a booking —
// an educator by id, a family's records by family, an educator's visits
// by (educator, start_at). "seq" keeps each record's place in its list.
// A store holds one program (one school year): Save replaces it.
//
// Why the record column rather than a column per field: pthv/v1 has some
// sixty kinds of value nested up to four deep (a visit's pay per visitor,
// an educator's trainings across years); a table per nested list would
// double the code that must stay in step with the model for no question
// a booking asks. The columns a district queries on are plain; the rest
// is one JSON value its database can also read (SQLite's json_extract,
// PostgreSQL's ::jsonb).
//
// # Concurrency
//
// Each method runs in its own transaction. A write ([Store.Save],
// [Store.Book]) on SQLite starts with BEGIN IMMEDIATE, which takes the
// database's one write lock before reading anything; on PostgreSQL it is
// SERIALIZABLE and run again when it loses a race (SQLSTATE 40001 or
// 40P01). A booking also increments the program's revision, so two
// bookings never interleave. Reads see one snapshot: on SQLite Load holds
// the write lock while it reads its sections side by side on several
// connections.
//
// The rules live in package practices only: the store asks
// [practices.Guard] and orders a family's answers with the same code a
// dataset's index uses ([practices.NewLookup]).
package sqlstore
