package sqlstore_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/store/sqlstore"
	"github.com/homevisits/pthv/synth"
)

// reportLatency reports the median and 99th percentile of ds.
func reportLatency(b *testing.B, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	b.ReportMetric(float64(ds[len(ds)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(ds[len(ds)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkGuardSQL: Guard on one proposed visit through the SQL Lookup,
// on SQLite, in a district of 50,000 students; the proposals cycle over
// the district's families. "lookup" is practices.Guard over a fresh
// Lookup; "store" is Store.Guard (a read transaction, the defaults, the
// clash queries).
func BenchmarkGuardSQL(b *testing.B) {
	cfg := synth.DefaultConfig()
	cfg.Schools, cfg.StudentsPerSchool = 125, 400
	ds, err := synth.District(cfg, 1)
	require.NoError(b, err)
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, filepath.Join(b.TempDir(), "district.db"))
	require.NoError(b, err)
	defer s.Close()
	require.NoError(b, s.Save(ctx, ds))
	b.Logf("%d students, %d families, %d visits", len(ds.Students), len(ds.Families), len(ds.Visits))
	asOf := ds.Year.LastDay.In(ds.Calendar.Location(), 12*60)
	var proposals []model.Visit
	for i := 0; i < len(ds.Families); i += 97 {
		f := ds.Families[i].ID
		e := ds.Educators[i%len(ds.Educators)].ID
		e2 := ds.Educators[(i+1)%len(ds.Educators)].ID
		proposals = append(proposals, model.Visit{ID: "V-BENCH", Family: f, Visitors: []model.EducatorID{e, e2},
			Start: asOf.Add(-72 * time.Hour), Duration: model.Duration(40 * time.Minute), Status: model.Scheduled,
			ArrangedAt: asOf.Add(-96 * time.Hour), Location: model.Location{Kind: model.Home}})
	}
	b.Run("lookup", func(b *testing.B) {
		b.ReportAllocs()
		var lat []time.Duration
		i := 0
		for b.Loop() {
			t0 := time.Now()
			l, err := s.Lookup(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := practices.Guard(l, proposals[i%len(proposals)], asOf, &ds.Policy); err != nil || l.Err() != nil {
				b.Fatal(err, l.Err())
			}
			lat = append(lat, time.Since(t0))
			i++
		}
		reportLatency(b, lat)
	})
	b.Run("store", func(b *testing.B) {
		b.ReportAllocs()
		var lat []time.Duration
		i := 0
		for b.Loop() {
			t0 := time.Now()
			if _, err := s.Guard(ctx, proposals[i%len(proposals)], asOf); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t0))
			i++
		}
		reportLatency(b, lat)
	})
}

// BenchmarkLoadNational compares reading the national year from its JSON
// file with loading it from SQLite. Set PTHV_NATIONAL to the file
// (pthv synth --national -o national.json); the SQLite copy is made
// beside it once, as national.json.db.
func BenchmarkLoadNational(b *testing.B) {
	path := os.Getenv("PTHV_NATIONAL")
	if path == "" {
		b.Skip("set PTHV_NATIONAL to the national year's JSON file")
	}
	ctx := context.Background()
	dbPath := path + ".db"
	_, statErr := os.Stat(dbPath)
	s, err := sqlstore.Open(ctx, dbPath)
	require.NoError(b, err)
	defer s.Close()
	if statErr != nil {
		ds, err := decodeFile(path)
		require.NoError(b, err)
		t0 := time.Now()
		require.NoError(b, s.Save(ctx, ds))
		b.Logf("saved the national year into %s in %v", dbPath, time.Since(t0))
	}
	b.Run("json", func(b *testing.B) {
		for b.Loop() {
			if _, err := decodeFile(path); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sqlite", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Load(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func decodeFile(path string) (*model.Dataset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return model.DecodeDataset(path, f)
}
