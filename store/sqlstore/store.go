package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
	_ "modernc.org/sqlite"             // the "sqlite" driver

	"github.com/homevisits/pthv/model"
)

// Store is a pthv/v1 program held in a SQL database. It is safe for
// concurrent use: each method runs in its own transaction.
type Store struct {
	db      *sql.DB
	dialect Dialect
	name    string // for error messages: never a password

	mu     sync.Mutex
	header *header // the program's singletons as last read
}

// Errors of the store. Each is wrapped with the record and field it
// concerns, so errors.Is finds it.
var (
	// ErrEmpty: the database holds no program yet (Save one first).
	ErrEmpty = errors.New("the store holds no program: save a dataset into it first")
	// ErrNewerSchema: the database was migrated by a newer pthv.
	ErrNewerSchema = errors.New("the database's schema is newer than this pthv knows")
	// ErrTaken: a record with that id is already stored.
	ErrTaken = errors.New("already stored")
	// ErrNotFound: no stored record has that id.
	ErrNotFound = errors.New("not stored")
)

// Open opens the database named by dsn and brings its schema up to date
// ([Store.Migrate]). A dsn starting with postgres:// or postgresql:// is
// a PostgreSQL connection URL; anything else is the path of a SQLite
// file, created when missing (file: URIs are passed to the driver as
// they are). The name in errors never carries a password.
func Open(ctx context.Context, dsn string) (*Store, error) {
	if ctx == nil {
		return nil, fmt.Errorf("sqlstore: Open: nil context: %w", model.ErrInvalid)
	}
	if strings.TrimSpace(dsn) == "" {
		return nil, fmt.Errorf("sqlstore: Open: no database named: %w", model.ErrInvalid)
	}
	d, source, name := SQLite, dsn, dsn
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		d = PostgreSQL
		if u, err := url.Parse(dsn); err == nil {
			name = u.Redacted()
		} else {
			name = "postgres database"
		}
	case strings.HasPrefix(dsn, "file:"):
	default:
		if strings.ContainsAny(dsn, "?#") {
			return nil, fmt.Errorf("sqlstore: Open: %q: a SQLite file name with ? or #: write it as a file: URI: %w", dsn, model.ErrInvalid)
		}
		source = "file:" + dsn
	}
	if d == SQLite {
		sep := "?"
		if strings.Contains(source, "?") {
			sep = "&"
		}
		// A writer waits for another rather than failing at once; the
		// write-ahead log lets reads go on beside a writer.
		source += sep + "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
	}
	db, err := sql.Open(d.driver(), source)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: %s: %w", name, err)
	}
	s, err := newStore(db, d, name)
	if err == nil {
		err = s.Migrate(ctx)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// New returns a Store over a database the caller opened: db must have
// been opened with the driver of dialect d ("sqlite" from
// modernc.org/sqlite, or "pgx" from github.com/jackc/pgx/v5/stdlib). It
// does not migrate: call [Store.Migrate]. Closing the Store closes db.
func New(db *sql.DB, d Dialect) (*Store, error) {
	if db == nil {
		return nil, fmt.Errorf("sqlstore: New: nil database: %w", model.ErrInvalid)
	}
	if !d.valid() {
		return nil, fmt.Errorf("sqlstore: New: %v: want SQLite or PostgreSQL: %w", d, model.ErrInvalid)
	}
	return newStore(db, d, d.String()+" database")
}

func newStore(db *sql.DB, d Dialect, name string) (*Store, error) {
	if d == SQLite {
		// Several readers, one writer at a time (BEGIN IMMEDIATE waits).
		db.SetMaxOpenConns(8)
		db.SetMaxIdleConns(8)
	}
	return &Store{db: db, dialect: d, name: name}, nil
}

// Close closes the database.
func (s *Store) Close() error {
	if s == nil || s.db == nil {
		return nil
	}
	return s.db.Close()
}

// DB returns the database the store runs on, for a district system's own
// queries over the tables the package documentation describes.
func (s *Store) DB() *sql.DB {
	if s == nil {
		return nil
	}
	return s.db
}

// Dialect returns the dialect the store speaks.
func (s *Store) Dialect() Dialect {
	if s == nil {
		return 0
	}
	return s.dialect
}

// String names the store's database, without any password.
func (s *Store) String() string {
	if s == nil {
		return "<nil>"
	}
	return s.name
}

func (s *Store) usable(op string) error {
	if s == nil || s.db == nil || !s.dialect.valid() {
		return fmt.Errorf("sqlstore: %s: nil store: %w", op, model.ErrInvalid)
	}
	return nil
}

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one versioned change of the schema.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in version order; the file
// name starts with the version: 0001_records.sql.
func migrations() []migration {
	names, _ := fs.Glob(migrationFiles, "migrations/*.sql")
	var out []migration
	for _, n := range names {
		base := path.Base(n)
		num, _, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil {
			continue
		}
		b, _ := migrationFiles.ReadFile(n)
		out = append(out, migration{version: v, name: strings.TrimSuffix(base, ".sql"), sql: string(b)})
	}
	slices.SortFunc(out, func(a, b migration) int { return a.version - b.version })
	return out
}

// SchemaVersion is the schema version this package writes: the number of
// its newest migration.
func SchemaVersion() int {
	m := migrations()
	if len(m) == 0 {
		return 0
	}
	return m[len(m)-1].version
}

// Migrate brings the database's schema up to [SchemaVersion], applying
// each missing migration in its own transaction and recording it in the
// table pthv_schema_migrations (version, name, applied_at). A database
// migrated by a newer pthv is an error wrapping [ErrNewerSchema], and is
// left as it is. Running Migrate again, or from two processes at once,
// applies nothing twice.
func (s *Store) Migrate(ctx context.Context) error {
	if err := s.usable("Migrate"); err != nil {
		return err
	}
	if ctx == nil {
		return fmt.Errorf("sqlstore: Migrate: nil context: %w", model.ErrInvalid)
	}
	create := `CREATE TABLE IF NOT EXISTS pthv_schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`
	if _, err := s.db.ExecContext(ctx, create); err != nil {
		return s.fail("migrate", err)
	}
	for _, m := range migrations() {
		err := s.write(ctx, func(q querier) error {
			if s.dialect == PostgreSQL {
				// Two processes migrating at once take turns.
				if _, err := q.ExecContext(ctx, "SELECT pg_advisory_xact_lock(7468766001)"); err != nil {
					return err
				}
			}
			var newest sql.NullInt64
			if err := q.QueryRowContext(ctx, "SELECT MAX(version) FROM pthv_schema_migrations").Scan(&newest); err != nil {
				return err
			}
			if newest.Valid && int(newest.Int64) > SchemaVersion() {
				return fmt.Errorf("version %d, this pthv knows up to %d: %w", newest.Int64, SchemaVersion(), ErrNewerSchema)
			}
			if newest.Valid && int(newest.Int64) >= m.version {
				return nil
			}
			for _, stmt := range statements(s.dialect.ddl(m.sql)) {
				if _, err := q.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("migration %s: %w", m.name, err)
				}
			}
			_, err := q.ExecContext(ctx, s.dialect.rebind("INSERT INTO pthv_schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"),
				m.version, m.name, time.Now().UTC().Format(time.RFC3339))
			return err
		})
		if err != nil {
			return s.fail("migrate", err)
		}
	}
	return nil
}

// Version returns the schema version the database is at (0 before any
// migration).
func (s *Store) Version(ctx context.Context) (int, error) {
	if err := s.usable("Version"); err != nil {
		return 0, err
	}
	if ctx == nil {
		return 0, fmt.Errorf("sqlstore: Version: nil context: %w", model.ErrInvalid)
	}
	var v sql.NullInt64
	if err := s.db.QueryRowContext(ctx, "SELECT MAX(version) FROM pthv_schema_migrations").Scan(&v); err != nil {
		return 0, s.fail("version", err)
	}
	return int(v.Int64), nil
}

// statements splits a migration into its statements, dropping comments.
func statements(src string) []string {
	var lines []string
	for _, l := range strings.Split(src, "\n") {
		if t := strings.TrimSpace(l); t == "" || strings.HasPrefix(t, "--") {
			continue
		}
		lines = append(lines, l)
	}
	var out []string
	for _, st := range strings.Split(strings.Join(lines, "\n"), ";") {
		if st = strings.TrimSpace(st); st != "" {
			out = append(out, st)
		}
	}
	return out
}

func (s *Store) fail(op string, err error) error {
	return fmt.Errorf("sqlstore: %s: %s: %w", s.name, op, err)
}

// querier is what the store's queries run on: a transaction, or a
// connection inside one.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// maxAttempts bounds how often a writing transaction that lost a race is
// run again: enough for dozens of bookings racing for one program.
const maxAttempts = 200

// write runs fn in a writing transaction: on SQLite BEGIN IMMEDIATE (one
// writer at a time, so what fn reads cannot change before it commits), on
// PostgreSQL SERIALIZABLE, run again when it loses a race. fn must do
// nothing outside the database, since it may run more than once.
func (s *Store) write(ctx context.Context, fn func(q querier) error) error {
	var err error
	for attempt := range maxAttempts {
		if attempt > 0 {
			// Back off a little, at random, so racing writers spread out.
			wait := time.Duration(rand.Int64N(int64(time.Millisecond) << min(attempt, 5)))
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(wait):
			}
		}
		if s.dialect == PostgreSQL {
			err = s.writePostgres(ctx, fn)
		} else {
			err = s.writeSQLite(ctx, fn)
		}
		if err == nil || !s.dialect.retryable(err) {
			return err
		}
	}
	return err
}

func (s *Store) writePostgres(ctx context.Context, fn func(q querier) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (s *Store) writeSQLite(ctx context.Context, fn func(q querier) error) (err error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return err
	}
	// The end of the transaction must run even when ctx is done, or the
	// connection would go back to the pool inside it.
	end := context.WithoutCancel(ctx)
	if err := fn(conn); err != nil {
		if _, rerr := conn.ExecContext(end, "ROLLBACK"); rerr != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		return err
	}
	if _, err := conn.ExecContext(end, "COMMIT"); err != nil {
		if _, rerr := conn.ExecContext(end, "ROLLBACK"); rerr != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		return err
	}
	return nil
}

// read runs fn in a transaction that sees one snapshot of the database.
func (s *Store) read(ctx context.Context, fn func(q querier) error) error {
	opts := &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
	if s.dialect == SQLite {
		opts = nil // a deferred transaction reads one snapshot of the log
	}
	tx, err := s.db.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}
