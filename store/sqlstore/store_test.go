package sqlstore_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/internal/modelgen"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices/practicestest"
	"github.com/homevisits/pthv/store/sqlstore"
)

func encode(t require.TestingT, ds *model.Dataset) []byte {
	var b bytes.Buffer
	require.NoError(t, model.EncodeDataset(&b, ds, model.EncodeOptions{IncludeContacts: true}))
	return b.Bytes()
}

// TestRoundTrip: dataset → SQL → dataset is the identity, every field of
// every record and the contacts included, compared as pthv/v1 bytes.
func TestRoundTrip(t *testing.T) {
	eachStore(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		for name, gen := range map[string]*rapid.Generator[*model.Dataset]{
			"every-field": modelgen.Dataset(), "practice": practicestest.Dataset(),
		} {
			t.Run(name, func(t *testing.T) {
				rapid.Check(t, func(t *rapid.T) {
					ds := gen.Draw(t, "dataset")
					require.NoError(t, s.Save(ctx, ds))
					back, err := s.Load(ctx)
					require.NoError(t, err)
					require.Equal(t, string(encode(t, ds)), string(encode(t, back)))
				})
			})
		}
	})
}

// TestLookupConforms runs practicestest.TestLookup — the conformance
// harness every Lookup must pass — against the SQL Lookup.
func TestLookupConforms(t *testing.T) {
	eachStore(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		for name, gen := range map[string]*rapid.Generator[*model.Dataset]{
			"every-field": modelgen.Dataset(), "practice": practicestest.Dataset(),
		} {
			t.Run(name, func(t *testing.T) {
				rapid.Check(t, func(t *rapid.T) {
					ds := gen.Draw(t, "dataset")
					require.NoError(t, s.Save(ctx, ds))
					l, err := s.Lookup(ctx)
					require.NoError(t, err)
					require.NoError(t, practicestest.TestLookup(l, ds))
					require.NoError(t, l.Err())
				})
			})
		}
	})
}
