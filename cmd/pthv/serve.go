package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/homevisits/pthv/httpapi"
	"github.com/homevisits/pthv/store/sqlstore"
)

// tokenEnv is the environment variable serve reads the token from when
// no --token-file is given.
const tokenEnv = "PTHV_TOKEN"

func runServe(args []string, stdout, stderr io.Writer) int {
	f := newFlags("serve", "", "Serve runs the HTTP JSON service over a SQL store of a program, for district\n"+
		"systems not written in Go: POST /v1/guard, POST /v1/bookings,\n"+
		"GET /v1/students/{id}/status, POST /v1/check?as_of=, GET /healthz, and the\n"+
		"OpenAPI 3.1 document at /v1/openapi.json. --db is a SQLite file (created when\n"+
		"missing; nothing to install) or a postgres:// URL; its schema is migrated on\n"+
		"start. --load puts a dataset into a store that holds no program yet.\n\n"+
		"Every /v1 route but the document needs \"Authorization: Bearer TOKEN\", the\n"+
		"token read from --token-file or the "+tokenEnv+" environment variable. Logs\n"+
		"(standard error) name the route, status and time, never a record or a body.\n"+
		"It stops on an interrupt, finishing the requests under way.", stdout, stderr)
	db := f.String("db", "", "the store: a SQLite file, or a postgres:// URL (required)")
	addr := f.String("addr", "localhost:8080", "the address to listen on; :8080 listens on every interface")
	tokenFile := f.String("token-file", "", "a file holding the bearer token (default: $"+tokenEnv+")")
	load := f.String("load", "", "a pthv/v1 dataset to put into the store first (the store must hold no program)")
	_, code, done := f.parse(args, 0, 0)
	if done {
		return code
	}
	if strings.TrimSpace(*db) == "" {
		return f.fail("--db: required: a SQLite file or a postgres:// URL")
	}
	token, err := readToken(*tokenFile)
	if err != nil {
		return f.fail("%v", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	store, err := sqlstore.Open(ctx, *db)
	if err != nil {
		return inputError(stderr, "serve", err)
	}
	defer store.Close()
	if *load != "" {
		if code := loadIntoStore(ctx, store, *load, stderr); code != exitOK {
			return code
		}
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	h, err := httpapi.New(httpapi.Config{Store: store, Token: token, Log: log})
	if err != nil {
		return inputError(stderr, "serve", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return inputError(stderr, "serve", fmt.Errorf("--addr %s: %w", *addr, err))
	}
	srv := httpapi.NewServer(ln.Addr().String(), h)
	fmt.Fprintf(stderr, "pthv serve: %s on http://%s (OpenAPI at /v1/openapi.json)\n", store, ln.Addr())
	failed := make(chan error, 1)
	go func() { failed <- srv.Serve(ln) }()
	select {
	case err := <-failed:
		return inputError(stderr, "serve", err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return inputError(stderr, "serve", err)
	}
	fmt.Fprintln(stderr, "pthv serve: stopped")
	return exitOK
}

// readToken reads the bearer token from file, or else from $PTHV_TOKEN.
func readToken(file string) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("--token-file: %w", err)
		}
		tok := strings.TrimSpace(string(b))
		if tok == "" {
			return "", fmt.Errorf("--token-file %s: the file is empty", file)
		}
		return tok, nil
	}
	if tok := strings.TrimSpace(os.Getenv(tokenEnv)); tok != "" {
		return tok, nil
	}
	return "", fmt.Errorf("no token: give --token-file FILE or set %s (every /v1 route needs it)", tokenEnv)
}

// loadIntoStore saves the dataset file into a store that holds no
// program: a program already there is never replaced.
func loadIntoStore(ctx context.Context, store *sqlstore.Store, path string, stderr io.Writer) int {
	if _, err := store.Lookup(ctx); !errors.Is(err, sqlstore.ErrEmpty) {
		if err != nil {
			return inputError(stderr, "serve", err)
		}
		return inputError(stderr, "serve", fmt.Errorf("--load %s: %s already holds a program; it is not replaced", displayName(path), store))
	}
	ds, err := loadDataset(path)
	if err != nil {
		return inputError(stderr, "serve", err)
	}
	if err := store.Save(ctx, ds); err != nil {
		return inputError(stderr, "serve", err)
	}
	fmt.Fprintf(stderr, "pthv serve: loaded %s: %d students, %d families, %d visits\n",
		displayName(path), len(ds.Students), len(ds.Families), len(ds.Visits))
	return exitOK
}
