package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/homevisits/pthv/internal/safefile"
	"github.com/homevisits/pthv/simulate"
)

// simulateKinds are the subcommands of simulate; without one, simulate
// runs designs.
var simulateKinds = []string{"template", "power", "merge"}

func runSimulate(args []string, stdout, stderr io.Writer) int {
	if c, ok := stdout.(*flagCollector); ok && len(args) == 1 && args[0] == "--help" {
		c.kinds = simulateKinds // and the run's own flags, below
	}
	if len(args) > 0 {
		switch args[0] {
		case "template":
			return simulateTemplate(args[1:], stdout, stderr)
		case "power":
			return simulatePower(args[1:], stdout, stderr)
		case "merge":
			return simulateMerge(args[1:], stdout, stderr)
		}
	}
	f := newFlags("simulate", "", "Simulate runs PTHV program designs over synthetic districts, many times, for\n"+
		"research: invitations, acceptances, first and second visits, coverage and\n"+
		"\"systematic\" schools (≥10% of students visited), fidelity per rule from the\n"+
		"real check, educator minutes and pay by funding source, and projected student\n"+
		"outcomes (Sheldon & Jung 2018: associations from one observational study of K-8\n"+
		"urban schools, not causal effects; step, dose-response or null model).\n\n"+
		"--design reads a design JSON over the defaults (\"pthv simulate template\" prints\n"+
		"them); --sweep varies it: a list of designs, a grid of field values, or both.\n"+
		"Each design runs --runs times; replication r of every design uses a seed derived\n"+
		"from --seed and r, so the output is the same for the same seed on any machine.\n"+
		"By default the real planners and checker run (selection, pairing, placement\n"+
		"by schedule.Plan, practices.Check); --fast uses the capacity model, calibrated\n"+
		"against them, for very large sweeps. --years N runs N consecutive school years\n"+
		"(or set years.count in the design); rows then carry a year.\n\n"+
		"-o writes one CSV row per run (snake_case columns with units, TRUE/FALSE,\n"+
		"seeds as s123…) and, beside it, runs.meta.json: the program version, the\n"+
		"command, every design in full and its SHA-256. --rerun META repeats a run from\n"+
		"its meta file, byte for byte. A seed column value repeats that one row:\n"+
		"--seed s123… --exact-seed --runs 1. --shard K/N runs the K-th of N slices;\n"+
		"\"pthv simulate merge\" joins them. --plot DIR draws the sweep as SVG charts.\n\n"+
		"Subcommands:\n"+
		"  pthv simulate template [-o FILE]   print the default design as JSON\n"+
		"  pthv simulate power [flags]        power and minimum detectable effect of a\n"+
		"                                     school-level comparison study\n"+
		"  pthv simulate merge -o F SHARD...  join the CSV files of a run's shards", stdout, stderr)
	designFile := f.String("design", "", "design JSON file (default: the built-in default design)")
	sweepFile := f.String("sweep", "", "sweep JSON file: designs and/or a grid varying the design")
	rerun := f.String("rerun", "", "meta file of an earlier run: run its designs and options again")
	runs := f.Int("runs", 10, "replications per design")
	seedText := f.String("seed", "1", "base seed: digits, or s and digits as in the seed column")
	exact := f.Bool("exact-seed", false, "use --seed as the seed of the one replication (--runs 1), to repeat a CSV row")
	fast := f.Bool("fast", false, "use the fast capacity model instead of the real planners")
	workers := f.Int("workers", 0, "replications computed at once (default: all cores; results do not change)")
	years := f.Int("years", 0, "consecutive school years per replication, 1-10 (default: the design's years.count)")
	shardText := f.String("shard", "", "run only the K-th of N deterministic slices of the run, as K/N")
	out := f.String("o", "", "CSV file of every run (\"-\": stdout, and no summary)")
	metaFile := f.String("meta", "", "meta file of the run (default: beside -o, runs.csv → runs.meta.json)")
	summaryCSV := f.String("summary-csv", "", "CSV file of the summary: mean, sd and 95% intervals per design and metric")
	schoolsCSV := f.String("schools-csv", "", "CSV file of every school's coverage in every run")
	plotDir := f.String("plot", "", "folder to write SVG charts of the sweep into (metric vs parameter, 95% bands)")
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
	seed, err := simulate.ParseSeed(*seedText)
	if err != nil {
		return f.fail("--seed: %v", err)
	}
	var shard simulate.Shard
	if *shardText != "" {
		if shard, err = simulate.ParseShard(*shardText); err != nil {
			return f.fail("--shard: %v", err)
		}
	}
	if *plotDir != "" && !shard.Whole() {
		return f.fail("--plot draws a whole run: merge the shards, then rerun the merged meta file with --plot")
	}
	if *rerun != "" {
		for _, name := range []string{"design", "sweep", "runs", "seed", "exact-seed", "fast", "shard"} {
			if f.Changed(name) {
				return f.fail("--rerun takes the designs and options from the meta file: leave out --%s", name)
			}
		}
	}
	meta := *metaFile
	if meta == "" && !safefile.IsStdio(*out) {
		meta = metaPath(*out)
	}
	if f.refuseOverwrite([]string{*designFile, *sweepFile, *rerun}, *out, meta, *summaryCSV, *schoolsCSV) {
		return exitUsage
	}

	var designs []simulate.Design
	opt := simulate.Options{Runs: *runs, Seed: seed, Workers: *workers, Mode: simulate.RealPlanners,
		Shard: shard, ExactSeed: *exact}
	if *fast {
		opt.Mode = simulate.CapacityModel
	}
	if *rerun != "" {
		m, err := loadMeta(*rerun)
		if err != nil {
			return inputError(stderr, "simulate", err)
		}
		designs = m.Designs
		if opt, err = m.Options(); err != nil {
			return inputError(stderr, "simulate", err)
		}
		opt.Workers = *workers
	} else {
		design := simulate.DefaultDesign()
		if *designFile != "" {
			if design, err = loadDesign(*designFile); err != nil {
				return inputError(stderr, "simulate", err)
			}
		}
		designs = []simulate.Design{design}
		if *sweepFile != "" {
			sw, err := loadSweep(*sweepFile)
			if err != nil {
				return inputError(stderr, "simulate", err)
			}
			if designs, err = sw.Expand(design); err != nil {
				return inputError(stderr, "simulate", err)
			}
		}
	}
	if *years > 0 {
		for i := range designs {
			designs[i].Years.Count = *years
		}
	}
	if isTerminal(stderr) {
		opt.Progress = progressBar(stderr)
	}
	if opt.Mode != simulate.CapacityModel {
		defer readySimulationHeap()()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := simulate.Run(ctx, designs, opt)
	if err != nil {
		return inputError(stderr, "simulate", err)
	}

	outputs := map[string]string{}
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
		sum, err := writeHashed(o.path, stdout, o.write)
		if err != nil {
			return inputError(stderr, "simulate", err)
		}
		if !safefile.IsStdio(o.path) {
			outputs[filepath.Base(o.path)] = sum
		}
	}
	var wrote []string
	charts := 0
	if *plotDir != "" {
		if charts, err = writePlots(*plotDir, res, stdout); err != nil {
			return inputError(stderr, "simulate", err)
		}
	}
	if meta != "" {
		m := res.Meta()
		m.Version, m.Revision, m.GoVersion = buildInfo()
		m.CommandLine = append([]string{"pthv", "simulate"}, args...)
		m.Outputs = outputs
		if err := writeTo(meta, stdout, func(w io.Writer) error { return simulate.WriteMeta(w, m) }); err != nil {
			return inputError(stderr, "simulate", err)
		}
	}
	if *out == "-" {
		return exitOK // stdout holds the CSV: no text beside it
	}
	if err := res.WriteSummary(stdout); err != nil {
		return inputError(stderr, "simulate", err)
	}
	for _, p := range []string{*out, meta, *summaryCSV, *schoolsCSV} {
		if p != "" && p != "-" {
			wrote = append(wrote, p)
		}
	}
	for _, p := range wrote {
		fmt.Fprintf(stdout, "\nwrote %s", p)
	}
	if *plotDir != "" {
		if charts == 0 {
			fmt.Fprintf(stdout, "\nno chart: no numeric design parameter differs between the designs")
		} else {
			fmt.Fprintf(stdout, "\nwrote %d chart(s) to %s", charts, *plotDir)
		}
	}
	if len(wrote) > 0 || *plotDir != "" {
		fmt.Fprintln(stdout)
	}
	return exitOK
}

// metaPath returns the meta file beside a CSV: runs.csv → runs.meta.json.
func metaPath(csvPath string) string {
	return strings.TrimSuffix(csvPath, filepath.Ext(csvPath)) + ".meta.json"
}

// writeHashed writes one output as writeTo does and returns its SHA-256.
func writeHashed(path string, stdout io.Writer, write func(io.Writer) error) (string, error) {
	var h hash.Hash
	err := writeTo(path, stdout, func(w io.Writer) error {
		h = sha256.New()
		return write(io.MultiWriter(w, h))
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// writePlots writes the run's charts into dir, created if need be, and
// returns how many it wrote.
func writePlots(dir string, res *simulate.Results, stdout io.Writer) (int, error) {
	plots := res.Plots()
	if len(plots) == 0 {
		return 0, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	for _, p := range plots {
		path, err := safefile.Join(dir, p.Name+".svg")
		if err != nil {
			return 0, err
		}
		if err := writeTo(path, stdout, p.WriteSVG); err != nil {
			return 0, err
		}
	}
	return len(plots), nil
}

// buildInfo returns the program's module version, source revision and Go
// release, as "pthv version" reports them.
func buildInfo() (version, revision, goVersion string) {
	info, ok := debug.ReadBuildInfo()
	if !ok || info == nil {
		return "(unknown version)", "", ""
	}
	version = info.Main.Version
	if version == "" {
		version = "(unknown version)"
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" {
			revision = s.Value
		}
	}
	return version, revision, info.GoVersion
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

func loadMeta(path string) (simulate.Meta, error) {
	fh, err := os.Open(path)
	if err != nil {
		return simulate.Meta{}, err
	}
	defer fh.Close()
	return simulate.DecodeMeta(path, fh)
}

// simulateTemplate prints the default design: every field a design file
// may set, with its default.
func simulateTemplate(args []string, stdout, stderr io.Writer) int {
	f := newFlags("simulate template", "", "Simulate template prints the default design as JSON: every field a design file\n"+
		"may set, with its default. Save it, change what your program does differently,\n"+
		"and run it with \"pthv simulate --design FILE\"; fields a design leaves out keep\n"+
		"these defaults.", stdout, stderr)
	out := f.String("o", "", "file to write (default: stdout)")
	if _, code, done := f.parse(args, 0, 0); done {
		return code
	}
	b, err := json.MarshalIndent(simulate.DefaultDesign(), "", "  ")
	if err != nil {
		return inputError(stderr, "simulate template", err)
	}
	if err := writeTo(*out, stdout, func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	}); err != nil {
		return inputError(stderr, "simulate template", err)
	}
	return exitOK
}

// simulatePower estimates the power of a school-level comparison study.
func simulatePower(args []string, stdout, stderr io.Writer) int {
	def := simulate.DefaultPowerDesign()
	f := newFlags("simulate power", "", "Simulate power estimates, for a school-level comparison study like Sheldon &\n"+
		"Jung's (2018) — systematic schools against the others, an outcome rate per\n"+
		"school — the power to detect an effect and the minimum detectable effect, by\n"+
		"simulation (beta-binomial schools, a cluster-level Welch t-test on school rates)\n"+
		"and by the closed-form design-effect formula, 1 + (m − 1)·ICC, side by side.\n"+
		"The method and its assumptions are printed with the figures.", stdout, stderr)
	schools := f.Int("schools", def.Schools, "schools in the study, both groups")
	students := f.Int("students-per-school", def.StudentsPerSchool, "students measured per school (m)")
	icc := f.Float64("icc", def.ICC, "intra-class correlation of the outcome within a school")
	baseline := f.Float64("baseline", def.BaselineRate, "outcome rate in comparison schools")
	share := f.Float64("systematic-share", def.SystematicShare, "share of schools that are systematic")
	scale := f.String("scale", string(def.Scale), "scale of --effect: risk_ratio or odds_ratio")
	effect := f.Float64("effect", def.Effect, "effect to detect, a ratio on --scale (0.78: chronic absence, Sheldon & Jung)")
	alpha := f.Float64("alpha", def.Alpha, "two-sided significance level")
	target := f.Float64("power", def.TargetPower, "target power of the minimum detectable effect")
	reps := f.Int("replications", def.Replications, "simulated studies per effect")
	seedText := f.String("seed", "1", "base seed: digits, or s and digits")
	format := f.String("format", "text", "output: text or json")
	if _, code, done := f.parse(args, 0, 0); done {
		return code
	}
	if !oneOf(*format, "text", "json") {
		return f.fail("--format %q: want text or json", *format)
	}
	seed, err := simulate.ParseSeed(*seedText)
	if err != nil {
		return f.fail("--seed: %v", err)
	}
	d := simulate.PowerDesign{Schools: *schools, StudentsPerSchool: *students, ICC: *icc, BaselineRate: *baseline,
		SystematicShare: *share, Scale: simulate.EffectScale(*scale), Effect: *effect, Alpha: *alpha,
		TargetPower: *target, Replications: *reps, Seed: seed}
	res, err := simulate.Power(d)
	if err != nil {
		return inputError(stderr, "simulate power", err)
	}
	if *format == "json" {
		b, err := json.MarshalIndent(struct {
			simulate.PowerResult
			Method []string `json:"method"`
		}{res, res.Method()}, "", "  ")
		if err != nil {
			return inputError(stderr, "simulate power", err)
		}
		stdout.Write(append(b, '\n'))
		return exitOK
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Power of a school-level comparison (%d systematic vs %d comparison schools of %d students)\n\n",
		res.SystematicSchools, res.ComparisonSchools, d.StudentsPerSchool)
	fmt.Fprintf(&b, "  %-46s %12s %12s\n", "", "simulation", "formula")
	fmt.Fprintf(&b, "  %-46s %12s %12s\n", fmt.Sprintf("power to detect %s %s", strings.ReplaceAll(*scale, "_", " "), short(d.Effect)),
		fmt.Sprintf("%.3f", res.Power), fmt.Sprintf("%.3f", res.PowerFormula))
	fmt.Fprintf(&b, "  %-46s %12s\n", "  Monte Carlo standard error", fmt.Sprintf("%.3f", res.PowerSE))
	fmt.Fprintf(&b, "  %-46s %12s %12s\n", fmt.Sprintf("minimum detectable effect (%.0f%% power)", 100*d.TargetPower),
		fmt.Sprintf("%.4f", res.MDE), fmt.Sprintf("%.4f", res.MDEFormula))
	fmt.Fprintf(&b, "  %-46s %12s\n", "design effect 1 + (m − 1)·ICC", short(res.DesignEffect))
	b.WriteString("\nMethod and assumptions\n")
	for _, line := range res.Method() {
		b.WriteString("  - " + line + "\n")
	}
	io.WriteString(stdout, b.String())
	return exitOK
}

// short writes v with at most 6 significant digits.
func short(v float64) string { return fmt.Sprintf("%.6g", v) }

// simulateMerge joins the CSV files of a run's shards into the CSV of the
// whole run, checking their meta files when they are there.
func simulateMerge(args []string, stdout, stderr io.Writer) int {
	f := newFlags("simulate merge", "SHARD.csv...", "Simulate merge joins the CSV files of a run's shards (--shard 1/N … N/N), given\n"+
		"in shard order, into the CSV of the whole run: the header once, then every\n"+
		"shard's rows — byte for byte what one run would have written. When each shard\n"+
		"has its meta file beside it (runs-1.csv → runs-1.meta.json), they must record\n"+
		"slices 1/N … N/N of one run, and the merged meta file is written beside -o.\n"+
		"Without meta files only the headers are checked. The same join in the shell:\n\n"+
		"  { cat runs-1.csv; for f in runs-{2..N}.csv; do tail -n +2 \"$f\"; done; } > runs.csv", stdout, stderr)
	out := f.String("o", "", "merged CSV file (\"-\" or none: stdout)")
	metaFile := f.String("meta", "", "merged meta file (default: beside -o)")
	pos, code, done := f.parse(args, 1, -1)
	if done {
		return code
	}
	meta := *metaFile
	if meta == "" && !safefile.IsStdio(*out) {
		meta = metaPath(*out)
	}
	if f.refuseOverwrite(pos, *out, meta) {
		return exitUsage
	}
	var metas []simulate.Meta
	for i, p := range pos {
		mp := metaPath(p)
		m, err := loadMeta(mp)
		if errors.Is(err, fs.ErrNotExist) {
			if len(metas) > 0 {
				return inputError(stderr, "simulate merge", fmt.Errorf("%s: no meta file %s, though %s has one", p, mp, metaPath(pos[0])))
			}
			continue
		}
		if err != nil {
			return inputError(stderr, "simulate merge", err)
		}
		if len(metas) != i {
			return inputError(stderr, "simulate merge", fmt.Errorf("%s has a meta file, but %s has none", mp, pos[0]))
		}
		if i > 0 {
			if err := simulate.SameRun(metas[0], m); err != nil {
				return inputError(stderr, "simulate merge", fmt.Errorf("%s and %s are not slices of one run: %v", pos[0], p, err))
			}
		}
		if want := fmt.Sprintf("%d/%d", i+1, len(pos)); m.Shard != want {
			return inputError(stderr, "simulate merge", fmt.Errorf("%s holds shard %s: in position %d of %d files it should hold %s", p, m.Shard, i+1, len(pos), want))
		}
		metas = append(metas, m)
	}
	var readers []io.Reader
	for _, p := range pos {
		fh, err := os.Open(p)
		if err != nil {
			return inputError(stderr, "simulate merge", err)
		}
		defer fh.Close()
		readers = append(readers, fh)
	}
	sum, err := writeHashed(*out, stdout, func(w io.Writer) error { return simulate.MergeCSV(w, pos, readers...) })
	if err != nil {
		return inputError(stderr, "simulate merge", err)
	}
	if meta != "" && len(metas) > 0 {
		m := metas[0]
		m.Shard, m.FirstRun, m.LastRun = "1/1", 1, m.TotalRuns
		m.Version, m.Revision, m.GoVersion = buildInfo()
		m.CommandLine = append([]string{"pthv", "simulate", "merge"}, args...)
		m.Outputs = map[string]string{filepath.Base(*out): sum}
		if err := writeTo(meta, stdout, func(w io.Writer) error { return simulate.WriteMeta(w, m) }); err != nil {
			return inputError(stderr, "simulate merge", err)
		}
	}
	if !safefile.IsStdio(*out) {
		fmt.Fprintf(stdout, "merged %d file(s) into %s", len(pos), *out)
		if meta != "" && len(metas) > 0 {
			fmt.Fprintf(stdout, " and %s", meta)
		}
		fmt.Fprintln(stdout)
	}
	return exitOK
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
