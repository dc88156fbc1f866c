// Sqlguard shows pthv embedded in a district system's own database: it
// opens a SQLite file (pure Go, nothing to install), imports a synthetic
// district into it, and books visits through the store's transaction —
// practices.Guard and the insert together, so that two bookings made at
// the same moment cannot together break a rule or put an educator in two
// places. One visit is recorded; a solo visit is refused with its rule,
// and a second booking of the same educators at the same time is refused
// as a clash.
//
//	go run ./examples/sqlguard [-db FILE]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/store/sqlstore"
	"github.com/homevisits/pthv/synth"
)

func main() {
	db := flag.String("db", "", "the SQLite file to create (default: one in a temporary folder)")
	flag.Parse()
	if *db == "" {
		dir, err := os.MkdirTemp("", "sqlguard")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(dir)
		*db = filepath.Join(dir, "district.db")
	}
	if err := run(context.Background(), *db, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, path string, w io.Writer) error {
	store, err := sqlstore.Open(ctx, path) // creates the file, migrates the schema
	if err != nil {
		return err
	}
	defer store.Close()

	// Import a synthetic district, as a district would import its roster
	// and records.
	cfg := synth.DefaultConfig()
	cfg.Schools = 1
	cfg.Deviations = synth.Compliant()
	ds, err := synth.District(cfg, 7)
	if err != nil {
		return err
	}
	if err := store.Save(ctx, ds); err != nil {
		return err
	}
	fmt.Fprintf(w, "imported %d students, %d families, %d visits (schema version %d)\n",
		len(ds.Students), len(ds.Families), len(ds.Visits), sqlstore.SchemaVersion())

	// A family that accepted an invitation, two educators who opted in and
	// were trained, an appointment three days after booking.
	loc := ds.Calendar.Location()
	var family model.FamilyID
	var now time.Time
	for _, inv := range ds.Invitations {
		at := inv.RespondedAt.Add(24 * time.Hour)
		if inv.Answer() == model.Accepted && !inv.RespondedAt.IsZero() && ds.Year.Contains(model.DateOf(at.Add(72*time.Hour).In(loc))) {
			family, now = inv.Family, at
			break
		}
	}
	var visitors []model.EducatorID
	for _, e := range ds.Educators {
		if _, trained := e.TrainedBy(model.DateOf(now)); trained && e.OptedIn(ds.Year.ID) && len(visitors) < 2 {
			visitors = append(visitors, e.ID)
		}
	}
	proposed := model.Visit{
		Family: family, Visitors: visitors, Start: now.Add(72 * time.Hour),
		Topics: []model.Topic{{Kind: model.HopesAndDreams, RaisedBy: model.ByEducator}},
	}

	book := func(label string, v model.Visit) error {
		b, err := store.Book(ctx, v, now)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s: %s visit %s of family %s at %s: recorded=%v\n", label, b.Visit.Kind, b.Visit.ID, b.Visit.Family,
			b.Visit.Start.In(loc).Format("2006-01-02 15:04"), b.Recorded)
		for _, f := range b.Verdict.Findings {
			fmt.Fprintf(w, "  %s (%s): %s\n", f.Rule, f.Severity, f.Message)
		}
		for _, c := range b.Clashes {
			if c.Family != "" {
				fmt.Fprintf(w, "  clash: family %s already has visit %s at that time\n", c.Family, c.Visit)
				continue
			}
			fmt.Fprintf(w, "  clash: educator %s is already on visit %s at that time\n", c.Educator, c.Visit)
		}
		return nil
	}
	if err := book("paired visit", proposed); err != nil {
		return err
	}
	solo := proposed
	solo.Visitors = visitors[:1]
	solo.Start = proposed.Start.Add(24 * time.Hour)
	if err := book("solo visit", solo); err != nil {
		return err
	}
	again := proposed
	again.ID = "V-AGAIN"
	if err := book("same educators, same time", again); err != nil {
		return err
	}

	// Whatever the district's own code does next, the record reads back
	// as a pthv/v1 dataset: Check, reports and exports all work on it.
	back, err := store.Load(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "stored: %d visits, revision %d\n", len(back.Visits), back.Revision)
	return nil
}
