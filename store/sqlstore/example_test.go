package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/store/sqlstore"
	"github.com/homevisits/pthv/synth"
)

// A district's database: open a SQLite file, save the program into it,
// book two visits through the store's transaction.
func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	store, err := sqlstore.Open(ctx, filepath.Join(dir, "district.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()

	cfg := synth.DefaultConfig()
	cfg.Schools, cfg.Deviations = 1, synth.Compliant()
	ds, _ := synth.District(cfg, 7)
	if err := store.Save(ctx, ds); err != nil {
		fmt.Println(err)
		return
	}

	now := time.Date(2025, 11, 1, 9, 0, 0, 0, ds.Calendar.Location())
	visit := model.Visit{Family: "S001-F00021", Visitors: []model.EducatorID{"D-E001", "S001-E0003"},
		Start: time.Date(2025, 11, 4, 16, 0, 0, 0, ds.Calendar.Location())}
	b, err := store.Book(ctx, visit, now)
	fmt.Println(b.Visit.ID, "recorded:", b.Recorded, err)

	solo := visit
	solo.Visitors, solo.Start = visit.Visitors[:1], visit.Start.Add(24*time.Hour)
	b, err = store.Book(ctx, solo, now)
	fmt.Println(b.Visit.ID, "recorded:", b.Recorded, err)
	for _, f := range b.Verdict.Findings {
		fmt.Println(" ", f.Rule, f.Severity)
	}
	// Output:
	// BK-S001-F00021-20251104-1600 recorded: true <nil>
	// BK-S001-F00021-20251105-1600 recorded: false <nil>
	//   P5.pair violation
}
