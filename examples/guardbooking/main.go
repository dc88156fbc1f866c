// Guardbooking shows how a district system validates a proposed home visit
// before saving it: practices.Guard applies the rules decidable at booking
// (consent, opt-in, training, pairs, no agenda on a first visit, …) using a
// small lookup interface — here a model.Index over a dataset, in a real
// system a view of its own database.
//
//	go run ./examples/guardbooking
package main

import (
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/synth"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(w io.Writer) error {
	cfg := synth.DefaultConfig()
	cfg.Schools = 1
	cfg.Deviations = synth.Compliant()
	ds, err := synth.District(cfg, 7)
	if err != nil {
		return err
	}
	x := model.NewIndex(ds)

	// Take a family that accepted an invitation, book the day after it said
	// yes (before any visit it had), with two educators who opted in and
	// were trained.
	var family model.FamilyID
	var accepted time.Time
	for _, inv := range ds.Invitations {
		if inv.Answer() == model.Accepted && !inv.RespondedAt.IsZero() {
			family, accepted = inv.Family, inv.RespondedAt
			break
		}
	}
	var visitors []model.EducatorID
	for _, e := range ds.Educators {
		if _, trained := e.TrainedBy(model.DateOf(accepted)); trained && e.OptedIn(ds.Year.ID) && len(visitors) < 2 {
			visitors = append(visitors, e.ID)
		}
	}
	now := accepted.Add(24 * time.Hour)
	proposed := model.Visit{
		ID: "V-NEW", Family: family, Kind: model.FirstVisit, Status: model.Proposed,
		ArrangedAt: now, Start: now.Add(72 * time.Hour), Duration: model.Duration(40 * time.Minute),
		Location: model.Location{Kind: model.Home}, Visitors: visitors,
		Topics: []model.Topic{{Kind: model.HopesAndDreams, RaisedBy: model.ByEducator}},
	}
	report := func(label string, v model.Visit) error {
		verdict, err := practices.Guard(x, v, now, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s: violation=%v\n", label, verdict.HasViolation())
		for _, f := range verdict.Findings {
			fmt.Fprintf(w, "  %s\n", f.Message)
		}
		return nil
	}
	if err := report("paired visit", proposed); err != nil {
		return err
	}
	solo := proposed
	solo.Visitors = visitors[:1]
	solo.Topics = append(solo.Topics, model.Topic{Kind: model.Attendance, RaisedBy: model.ByEducator})
	return report("solo visit with an attendance agenda", solo)
}
