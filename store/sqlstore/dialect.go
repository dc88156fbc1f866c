package sqlstore

import (
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect is the SQL database a [Store] runs on. The store writes its
// queries in the subset SQLite and PostgreSQL share; a Dialect supplies
// the few differences: placeholders (? or $1), the integer primary key,
// how a writing transaction starts, and which errors mean "try again".
type Dialect int

// The dialects a Store runs on.
const (
	// SQLite is the embedded default, through modernc.org/sqlite (pure
	// Go: no C compiler needed). Writers are serialised by
	// BEGIN IMMEDIATE; reads see a snapshot (write-ahead log).
	SQLite Dialect = iota + 1
	// PostgreSQL runs through github.com/jackc/pgx/v5/stdlib. Writing
	// transactions are SERIALIZABLE and retried on a serialization
	// failure (SQLSTATE 40001) or a deadlock (40P01).
	PostgreSQL
)

// String returns "sqlite" or "postgres".
func (d Dialect) String() string {
	switch d {
	case SQLite:
		return "sqlite"
	case PostgreSQL:
		return "postgres"
	}
	return "Dialect(" + strconv.Itoa(int(d)) + ")"
}

// valid reports whether d is a known dialect.
func (d Dialect) valid() bool { return d == SQLite || d == PostgreSQL }

// driver is the database/sql driver name the dialect opens.
func (d Dialect) driver() string {
	if d == PostgreSQL {
		return "pgx"
	}
	return "sqlite"
}

// rebind turns the ? placeholders of q into $1, $2, … for PostgreSQL.
// The store's queries hold no ? inside string literals.
func (d Dialect) rebind(q string) string {
	if d != PostgreSQL || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// ddl fills a migration's dialect words.
func (d Dialect) ddl(s string) string {
	seq := "INTEGER PRIMARY KEY"
	if d == PostgreSQL {
		seq = "BIGINT PRIMARY KEY"
	}
	return strings.ReplaceAll(s, "{{seq}}", seq)
}

// maxParams is how many placeholders one statement may carry: SQLite's
// default limit is 32766, PostgreSQL's 65535.
func (d Dialect) maxParams() int {
	if d == PostgreSQL {
		return 65535
	}
	return 32766
}

// retryable reports whether err means the transaction lost a race and
// may simply be run again.
func (d Dialect) retryable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "40001" || pe.Code == "40P01"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return true
		}
	}
	return false
}
