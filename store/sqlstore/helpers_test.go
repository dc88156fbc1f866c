package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/store/sqlstore"
)

// schemaSeq numbers the PostgreSQL schemas the tests create.
var schemaSeq atomic.Int64

// eachStore runs f on a fresh SQLite store, and on a fresh PostgreSQL
// schema when PTHV_POSTGRES_URL names a server (with
// PTHV_REQUIRE_POSTGRES=1 its absence fails the test instead of skipping
// that half).
func eachStore(t *testing.T, f func(t *testing.T, s *sqlstore.Store)) {
	t.Run("sqlite", func(t *testing.T) { f(t, sqliteStore(t)) })
	t.Run("postgres", func(t *testing.T) { f(t, postgresStore(t)) })
}

func sqliteStore(t testing.TB) *sqlstore.Store {
	s, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "pthv.db"))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// postgresStore opens a store in a schema of its own, dropped at the end.
func postgresStore(t testing.TB) *sqlstore.Store {
	base := os.Getenv("PTHV_POSTGRES_URL")
	if base == "" {
		if os.Getenv("PTHV_REQUIRE_POSTGRES") == "1" {
			t.Fatal("PTHV_REQUIRE_POSTGRES=1 but PTHV_POSTGRES_URL is not set")
		}
		t.Skip("PTHV_POSTGRES_URL is not set: the PostgreSQL half is skipped")
	}
	schema := fmt.Sprintf("pthv_test_%d_%d", os.Getpid(), schemaSeq.Add(1))
	admin, err := sql.Open("pgx", base)
	require.NoError(t, err)
	defer admin.Close()
	_, err = admin.Exec("CREATE SCHEMA " + schema)
	require.NoError(t, err)
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err == nil {
			a.Exec("DROP SCHEMA " + schema + " CASCADE")
			a.Close()
		}
	})
	u, err := url.Parse(base)
	require.NoError(t, err)
	qv := u.Query()
	qv.Set("search_path", schema)
	u.RawQuery = qv.Encode()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := sqlstore.Open(ctx, u.String())
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}
