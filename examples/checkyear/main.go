// Checkyear shows how a coordinator's tool checks a year of home-visit
// records against the PTHV rule catalogue: build (or decode) a dataset,
// call practices.Check as of a date, and read the findings and fidelity.
//
//	go run ./examples/checkyear
package main

import (
	"fmt"
	"io"
	"log"
	"os"

	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/synth"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(w io.Writer) error {
	// A district system would decode its own file with model.DecodeDataset;
	// here a small synthetic district stands in for it.
	cfg := synth.DefaultConfig()
	cfg.Schools = 1
	ds, err := synth.District(cfg, 42)
	if err != nil {
		return err
	}
	asOf := ds.Year.LastDay.AddDays(1).In(ds.Calendar.Location(), 0)
	rep, err := practices.Check(ds, asOf, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%d visits, %d violations, %d advisories, fidelity %.1f%%\n",
		rep.Summary.Visits, rep.Summary.Violations, rep.Summary.Advisories, 100*rep.Summary.Fidelity)
	for _, f := range rep.Filter("P5.*").Findings {
		fmt.Fprintf(w, "%s %s: %s\n", f.Severity, f.Rule, f.Message)
	}
	return nil
}
