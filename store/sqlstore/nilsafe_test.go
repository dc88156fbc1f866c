package sqlstore_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/internal/nilsafe"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/store/sqlstore"
)

//nolint:staticcheck // the nil contexts are the point
func TestNilSafety(t *testing.T) {
	var nilStore *sqlstore.Store
	var nilLookup *sqlstore.Lookup
	var nilCtx context.Context
	ctx := context.Background()
	now := time.Now()
	nilsafe.Check(t, ".", nilsafe.Cases{
		"Open": func(t *testing.T) {
			_, err := sqlstore.Open(nilCtx, "x.db")
			require.ErrorIs(t, err, model.ErrInvalid)
			_, err = sqlstore.Open(ctx, " ")
			require.ErrorIs(t, err, model.ErrInvalid)
			_, err = sqlstore.Open(ctx, "a?b.db")
			require.ErrorIs(t, err, model.ErrInvalid)
		},
		"New": func(t *testing.T) {
			_, err := sqlstore.New(nil, sqlstore.SQLite)
			require.ErrorIs(t, err, model.ErrInvalid)
			db, err := sql.Open("sqlite", ":memory:")
			require.NoError(t, err)
			defer db.Close()
			_, err = sqlstore.New(db, 0)
			require.ErrorIs(t, err, model.ErrInvalid)
		},
		"SchemaVersion":  func(t *testing.T) { require.Positive(t, sqlstore.SchemaVersion()) },
		"Dialect.String": func(t *testing.T) { require.Equal(t, "Dialect(9)", sqlstore.Dialect(9).String()) },
		"Store.Close":    func(t *testing.T) { require.NoError(t, nilStore.Close()) },
		"Store.DB":       func(t *testing.T) { require.Nil(t, nilStore.DB()) },
		"Store.Dialect":  func(t *testing.T) { require.Zero(t, nilStore.Dialect()) },
		"Store.String":   func(t *testing.T) { require.Equal(t, "<nil>", nilStore.String()) },
		"Store.Migrate": func(t *testing.T) {
			require.ErrorIs(t, nilStore.Migrate(ctx), model.ErrInvalid)
			require.ErrorIs(t, sqliteStore(t).Migrate(nilCtx), model.ErrInvalid)
		},
		"Store.Version": func(t *testing.T) {
			_, err := nilStore.Version(ctx)
			require.ErrorIs(t, err, model.ErrInvalid)
		},
		"Store.Save": func(t *testing.T) {
			require.ErrorIs(t, nilStore.Save(ctx, &model.Dataset{}), model.ErrInvalid)
			s := sqliteStore(t)
			require.ErrorIs(t, s.Save(ctx, nil), model.ErrInvalid)
			require.ErrorIs(t, s.Save(nilCtx, &model.Dataset{}), model.ErrInvalid)
			require.Error(t, s.Save(ctx, &model.Dataset{}))
		},
		"Store.Load": func(t *testing.T) {
			_, err := nilStore.Load(ctx)
			require.ErrorIs(t, err, model.ErrInvalid)
			_, err = sqliteStore(t).Load(ctx)
			require.ErrorIs(t, err, sqlstore.ErrEmpty)
		},
		"Store.Lookup": func(t *testing.T) {
			_, err := nilStore.Lookup(ctx)
			require.ErrorIs(t, err, model.ErrInvalid)
			_, err = sqliteStore(t).Lookup(ctx)
			require.ErrorIs(t, err, sqlstore.ErrEmpty)
		},
		"Store.Guard": func(t *testing.T) {
			_, err := nilStore.Guard(ctx, model.Visit{}, now)
			require.ErrorIs(t, err, model.ErrInvalid)
			_, err = sqliteStore(t).Guard(ctx, model.Visit{}, now)
			require.ErrorIs(t, err, sqlstore.ErrEmpty)
		},
		"Store.Book": func(t *testing.T) {
			_, err := nilStore.Book(ctx, model.Visit{}, now)
			require.ErrorIs(t, err, model.ErrInvalid)
			_, err = sqliteStore(t).Book(ctx, model.Visit{}, time.Time{})
			require.ErrorIs(t, err, model.ErrMissing)
		},
		"Store.StudentYear": func(t *testing.T) {
			_, err := nilStore.StudentYear(ctx, "S", now)
			require.ErrorIs(t, err, model.ErrInvalid)
		},
		"Lookup.Err":            func(t *testing.T) { require.NoError(t, nilLookup.Err()) },
		"Lookup.Year":           func(t *testing.T) { require.Zero(t, nilLookup.Year()) },
		"Lookup.Calendar":       func(t *testing.T) { require.Zero(t, nilLookup.Calendar()) },
		"Lookup.Policy":         func(t *testing.T) { require.Equal(t, model.DefaultPolicy(), nilLookup.Policy()) },
		"Lookup.Educator":       func(t *testing.T) { _, ok := nilLookup.Educator("E"); require.False(t, ok) },
		"Lookup.Student":        func(t *testing.T) { _, ok := nilLookup.Student("S"); require.False(t, ok) },
		"Lookup.Family":         func(t *testing.T) { _, ok := nilLookup.Family("F"); require.False(t, ok) },
		"Lookup.StudentsOf":     func(t *testing.T) { require.Nil(t, nilLookup.StudentsOf("F")) },
		"Lookup.ConsentHistory": func(t *testing.T) { require.Nil(t, nilLookup.ConsentHistory("F")) },
		"Lookup.VisitsOf":       func(t *testing.T) { require.Nil(t, nilLookup.VisitsOf("F")) },
		"Booking.Refused":       func(t *testing.T) { require.False(t, sqlstore.Booking{}.Refused()) },
		"InputError.Error": func(t *testing.T) {
			require.Equal(t, "<nil>", (*sqlstore.InputError)(nil).Error())
			require.Equal(t, "visit: <nil>", new(sqlstore.InputError).Error())
		},
		"InputError.Unwrap": func(t *testing.T) { require.NoError(t, (*sqlstore.InputError)(nil).Unwrap()) },
	})
}
