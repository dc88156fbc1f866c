package simulate

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// Mode chooses how a replication is computed.
type Mode string

// Modes.
const (
	// RealPlanners builds a synthetic district and runs the real planners
	// (selection, pairing, placement) and practices.Check: see [Simulate].
	// The default.
	RealPlanners Mode = "planners"
	// CapacityModel counts with binomial draws and closed forms instead,
	// for very large sweeps: see [Capacity].
	CapacityModel Mode = "capacity"
)

// MaxRuns is the most replications per design a run accepts.
const MaxRuns = 1_000_000

// MaxReplications is the most replications a run accepts in all, designs
// times runs. [Results] holds every replication in memory, about half a
// kilobyte each, and Run allocates them before it starts: the cap keeps a
// mistyped run from asking for more memory than any machine has.
const MaxReplications = 10_000_000

// Options say how many replications to run and how.
type Options struct {
	// Runs is the number of replications of each design, 1–[MaxRuns].
	Runs int
	// Seed is the base seed: replication r (1…Runs) of every design uses
	// Seed(Seed, r).
	Seed uint64
	// Mode is [RealPlanners] (the zero value) or [CapacityModel].
	Mode Mode
	// Workers is the number of replications computed at once; zero means
	// GOMAXPROCS. It changes only the speed, never the results.
	Workers int
	// Progress, when set, is called after each replication with the
	// number done and the total, from the goroutine that called [Run],
	// one call at a time.
	Progress func(done, total int) `json:"-"`
	// Shard, when set, runs only the K-th of N slices of the run's
	// replications ([Shard]); the zero value runs them all.
	Shard Shard
	// ExactSeed runs one replication (Runs must be 1) with Seed itself as
	// its seed, not Seed(Seed, 1): Seed is then a value of the seed column
	// of a runs CSV, and the run repeats that row.
	ExactSeed bool
}

// Replication is one year of one run of one design (a design runs
// Years.Count years; most run one).
type Replication struct {
	// RunID numbers the rows of a sweep from 1: design by design,
	// replication by replication, year by year.
	RunID    int    `json:"run_id"`
	DesignID string `json:"design_id"`
	// Design is the position of the design in the sweep.
	Design int `json:"design"`
	// Number is the replication's number, 1…Runs.
	Number int `json:"replication"`
	// Year is the year of the program, 1…Years.Count.
	Year    int     `json:"year"`
	Seed    uint64  `json:"seed"`
	Mode    Mode    `json:"mode"`
	Metrics Metrics `json:"metrics"`
}

// Results are the replications of a run, design by design and, within a
// design, in replication order and year by year — whatever the number of
// workers.
//
// A sharded run ([Options.Shard]) holds only its slice of the
// replications (each with all its years), numbered as in the whole run.
type Results struct {
	Designs      []Design      `json:"designs"`
	Runs         int           `json:"runs"`
	Seed         uint64        `json:"seed"`
	Mode         Mode          `json:"mode"`
	Shard        Shard         `json:"shard"`
	ExactSeed    bool          `json:"exact_seed"`
	Replications []Replication `json:"replications"`
}

// total returns the number of replications of the whole run, every shard
// together.
func (r *Results) total() int { return len(r.Designs) * max(r.Runs, 0) }

// seedOf returns the seed of replication rep (1…Runs) of a run with
// options opt.
func seedOf(opt Options, rep int) uint64 {
	if opt.ExactSeed {
		return opt.Seed
	}
	return Seed(opt.Seed, rep)
}

// Run runs every design Runs times (or the slice of those replications
// that opt.Shard names) and returns the replications in order.
// Replications run in parallel on a pool of workers; each uses only its
// own seed, so the results — and every file written from them — are the
// same byte for byte on any number of cores. It returns the first error
// in run order (an invalid design or option wraps [ErrDesign]), or the
// context's error when ctx is cancelled. A nil ctx, and more than
// [MaxReplications] replications in all, are option errors, found before
// anything is allocated.
func Run(ctx context.Context, designs []Design, opt Options) (*Results, error) {
	if ctx == nil {
		return nil, &DesignError{Field: "ctx", Reason: "nil context"}
	}
	if err := checkRun(designs, opt); err != nil {
		return nil, err
	}
	mode := opt.Mode
	if mode == "" {
		mode = RealPlanners
	}
	// Jobs are replications (design × run); a design of n years gives n
	// rows per replication. A shard takes the jobs lo…hi-1 and their rows.
	all := len(designs) * opt.Runs
	rowStart := make([]int, len(designs)+1)
	for i, d := range designs {
		rowStart[i+1] = rowStart[i] + opt.Runs*d.Years.Count
	}
	rowOf := func(job int) int { // the whole run's row of the job's first year
		if job >= all {
			return rowStart[len(designs)]
		}
		di, r := job/opt.Runs, job%opt.Runs
		return rowStart[di] + r*designs[di].Years.Count
	}
	first, jobs := opt.Shard.lo(all), opt.Shard.hi(all)-opt.Shard.lo(all)
	firstRow := rowOf(first)
	res := &Results{
		Designs:      make([]Design, len(designs)),
		Runs:         opt.Runs,
		Seed:         opt.Seed,
		Mode:         mode,
		Shard:        opt.Shard,
		ExactSeed:    opt.ExactSeed,
		Replications: make([]Replication, rowOf(first+jobs)-firstRow),
	}
	if opt.Shard.Whole() {
		res.Shard = Shard{}
	}
	for i, d := range designs {
		res.Designs[i] = d.clone()
	}
	errs := make([]error, jobs)
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(min(workers, jobs), 0)

	var next atomic.Int64
	var stop atomic.Bool
	done := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for !stop.Load() && ctx.Err() == nil {
				k := int(next.Add(1)) - 1
				if k >= jobs {
					return
				}
				j := first + k
				di, r := j/opt.Runs, j%opt.Runs+1
				seed := seedOf(opt, r)
				var years []Metrics
				years, errs[k] = replicate(designs[di], seed, mode)
				for y, m := range years {
					row := rowOf(j) + y
					res.Replications[row-firstRow] = Replication{
						RunID:    row + 1,
						DesignID: designs[di].ID,
						Design:   di,
						Number:   r,
						Year:     y + 1,
						Seed:     seed,
						Mode:     mode,
						Metrics:  m,
					}
				}
				if errs[k] != nil {
					stop.Store(true)
				}
				done <- struct{}{}
			}
		})
	}
	go func() { wg.Wait(); close(done) }()
	n := 0
	for range done {
		n++
		if opt.Progress != nil {
			opt.Progress(n, jobs)
		}
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return res, nil
}

// replicate runs every year of one replication of design d.
func replicate(d Design, seed uint64, mode Mode) ([]Metrics, error) {
	if mode == CapacityModel {
		ms, err := capacityYears(d, seed) // designs are validated by Run
		for i := range ms {
			ms[i].drawEffects(d.Outcomes, seed)
		}
		return ms, err
	}
	ys, err := Program(d, seed)
	if err != nil {
		return nil, err
	}
	out := make([]Metrics, len(ys))
	for i, y := range ys {
		out[i] = y.Metrics
	}
	return out, nil
}

func checkRun(designs []Design, opt Options) error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, &DesignError{Field: field, Reason: fmt.Sprintf(format, args...)})
	}
	if opt.Runs < 1 || opt.Runs > MaxRuns {
		bad("runs", "must be between 1 and %d, got %d", MaxRuns, opt.Runs)
	}
	switch opt.Mode {
	case "", RealPlanners, CapacityModel:
	default:
		bad("mode", "must be %q or %q, got %q", RealPlanners, CapacityModel, opt.Mode)
	}
	if len(designs) == 0 {
		bad("designs", "no design to run")
	}
	if len(designs) > 0 && opt.Runs > 0 {
		years := 0
		for _, d := range designs {
			years += max(d.Years.Count, 1)
		}
		if years > MaxReplications/opt.Runs {
			bad("runs", "%d design-years × %d runs is too many: want at most %d rows in all", years, opt.Runs, MaxReplications)
		}
	}
	if err := opt.Shard.validate(); err != nil {
		bad("shard", "%v", err)
	}
	if opt.ExactSeed && opt.Runs != 1 {
		bad("runs", "an exact seed runs one replication, got %d", opt.Runs)
	}
	seen := map[string]int{}
	for i, d := range designs {
		if j, ok := seen[d.ID]; ok {
			bad(fmt.Sprintf("designs[%d].id", i), "%q is also the id of design %d", d.ID, j)
		}
		seen[d.ID] = i
		if err := d.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
