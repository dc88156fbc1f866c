package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/homevisits/pthv/simulate"
)

func runSimulate(args []string, stdout, stderr io.Writer) int {
	f := newFlags("simulate", "", "Simulate runs PTHV program designs over synthetic districts, many times, for\n"+
		"research: invitations, acceptances, first and second visits, coverage and\n"+
		"\"systematic\" schools (≥10% of students visited), fidelity per rule from the\n"+
		"real check, educator minutes and cost by funding source, and projected student\n"+
		"outcomes (Sheldon & Jung 2018: associations, not causal effects).\n\n"+
		"--design reads a design JSON over the defaults (see simulate/testdata/design.json);\n"+
		"--sweep varies it: a list of designs, a grid of field values, or both. Each\n"+
		"design runs --runs times; replication r of every design uses a seed derived\n"+
		"from --seed and r, so the output is the same for the same seed on any machine.\n"+
		"By default the real planners and checker run (selection, pairing, placement\n"+
		"by schedule.Plan, practices.Check); --fast uses the capacity model, calibrated\n"+
		"against them, for very large sweeps. --years N runs N consecutive school years\n"+
		"(or set years.count in the design).\n\n"+
		"-o writes one CSV row per run and year (run_id, design_id, replication, year,\n"+
		"seed, every design parameter, every metric); the summary — mean and 95%\n"+
		"interval per design and year — goes to stdout.", stdout, stderr)
	designFile := f.String("design", "", "design JSON file (default: the built-in default design)")
	sweepFile := f.String("sweep", "", "sweep JSON file: designs and/or a grid varying the design")
	runs := f.Int("runs", 10, "replications per design")
	seed := f.Uint64("seed", 1, "base seed")
	fast := f.Bool("fast", false, "use the fast capacity model instead of the real planners")
	workers := f.Int("workers", 0, "replications computed at once (default: all cores; results do not change)")
	years := f.Int("years", 0, "consecutive school years per replication, 1-10 (default: the design's years.count)")
	out := f.String("o", "", "CSV file of every run (\"-\": stdout, and no summary)")
	summaryCSV := f.String("summary-csv", "", "CSV file of the summary: mean, sd and 95% intervals per design and metric")
	schoolsCSV := f.String("schools-csv", "", "CSV file of every school's coverage in every run")
	if _, code, done := f.parse(args, 0, 0); done {
		return code
	}
	if *runs < 1 || *runs > simulate.MaxRuns {
		return f.fail("--runs %d: want 1 to %d", *runs, simulate.MaxRuns)
	}
	if *workers < 0 {
		return f.fail("--workers %d: want 0 (all cores) or more", *workers)
	}
	if *years < 0 || *years > 10 {
		return f.fail("--years %d: want 1 to 10 (0: the design's own)", *years)
	}

	if f.refuseOverwrite([]string{*designFile, *sweepFile}, *out, *summaryCSV, *schoolsCSV) {
		return exitUsage
	}
	design := simulate.DefaultDesign()
	if *designFile != "" {
		var err error
		if design, err = loadDesign(*designFile); err != nil {
			return inputError(stderr, "simulate", err)
		}
	}
	designs := []simulate.Design{design}
	if *sweepFile != "" {
		sw, err := loadSweep(*sweepFile)
		if err != nil {
			return inputError(stderr, "simulate", err)
		}
		if designs, err = sw.Expand(design); err != nil {
			return inputError(stderr, "simulate", err)
		}
	}

	if *years > 0 {
		for i := range designs {
			designs[i].Years.Count = *years
		}
	}
	opt := simulate.Options{Runs: *runs, Seed: *seed, Workers: *workers, Mode: simulate.RealPlanners}
	if *fast {
		opt.Mode = simulate.CapacityModel
	}
	if isTerminal(stderr) {
		opt.Progress = progressBar(stderr)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := simulate.Run(ctx, designs, opt)
	if err != nil {
		return inputError(stderr, "simulate", err)
	}

	for _, o := range []struct {
		path  string
		write func(io.Writer) error
	}{
		{*out, res.WriteCSV},
		{*summaryCSV, res.WriteSummaryCSV},
		{*schoolsCSV, res.WriteSchoolsCSV},
	} {
		if o.path == "" {
			continue
		}
		if err := writeTo(o.path, stdout, o.write); err != nil {
			return inputError(stderr, "simulate", err)
		}
	}
	if *out == "-" {
		return exitOK // stdout holds the CSV: no text beside it
	}
	if err := res.WriteSummary(stdout); err != nil {
		return inputError(stderr, "simulate", err)
	}
	for _, p := range []string{*out, *summaryCSV, *schoolsCSV} {
		if p != "" && p != "-" {
			fmt.Fprintf(stdout, "\nwrote %s", p)
		}
	}
	if *out != "" || *summaryCSV != "" || *schoolsCSV != "" {
		fmt.Fprintln(stdout)
	}
	return exitOK
}

func loadDesign(path string) (simulate.Design, error) {
	fh, err := os.Open(path)
	if err != nil {
		return simulate.Design{}, err
	}
	defer fh.Close()
	return simulate.DecodeDesign(path, fh)
}

func loadSweep(path string) (simulate.Sweep, error) {
	fh, err := os.Open(path)
	if err != nil {
		return simulate.Sweep{}, err
	}
	defer fh.Close()
	return simulate.DecodeSweep(path, fh)
}

// progressBar returns a Progress function that redraws one line on w at
// each percent, and ends it when the run is done.
func progressBar(w io.Writer) func(done, total int) {
	const width = 30
	last := -1
	return func(done, total int) {
		pct := 100 * done / total
		if pct == last && done != total {
			return
		}
		last = pct
		filled := width * done / total
		fmt.Fprintf(w, "\r[%s%s] %3d%% %d/%d runs", strings.Repeat("#", filled), strings.Repeat(".", width-filled), pct, done, total)
		if done == total {
			fmt.Fprintln(w)
		}
	}
}
