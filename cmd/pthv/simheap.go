package main

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"

	"github.com/homevisits/pthv/internal/hugeheap"
)

// The collector of a real-planner run: see readySimulationHeap.
const (
	// simulationGCPercent is how far the heap may grow over what was live
	// at the last collection before the next: elevenfold.
	simulationGCPercent = 1000
	// simulationHeap is the part of the heap backed with huge pages, and
	// simulationLimit the memory limit that caps the percentage's goal.
	simulationHeap  = 1536 << 20
	simulationLimit = 2 << 30
	// simulationHeadroom is how many times the live heap the limit stays
	// at least: GOGC=300's trade, for a design whose live heap makes
	// simulationLimit too small.
	simulationHeadroom = 4
	// headroomEvery is how often the live heap is read.
	headroomEvery = 20 * time.Millisecond
)

// readySimulationHeap readies the heap for a real-planner run, whose
// replications each build a district, plan and check its year, and drop
// it: some 65 MB of short-lived records a replication, 50 to 70 MB of
// them live at a time on each core. Collecting costs in proportion to
// what is live, each time: the fewer collections, the less it costs.
// Unless the user set GOGC or GOMEMLIMIT, it collects when the heap has
// grown by simulationGCPercent percent, backed with huge pages up to
// simulationHeap (package hugeheap; PTHV_HUGEPAGES=off turns that off) —
// a collection every 20 replications or so rather than every 5 at
// GOGC=300, for a sixth less CPU time and a peak of 1.7–1.8 GB
// instead of 0.55 (BENCHMARKS.md, "Fewer collections") — and caps that
// goal at simulationLimit. A percentage rather than a fixed limit: the
// runtime returns memory above 95% of a limit it works at, which this
// machine then faults in again. A design whose live heap outgrows a
// quarter of the cap raises it (raiseLimit), so the collector never runs
// back to back.
// It returns the function that puts the collector's settings back.
func readySimulationHeap() (restore func()) {
	hugeheap.Reserve(simulationHeap)
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	oldPercent := debug.SetGCPercent(simulationGCPercent)
	oldLimit := debug.SetMemoryLimit(simulationLimit)
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		keepHeadroom(stop, simulationLimit)
	}()
	return func() {
		close(stop)
		<-stopped
		debug.SetMemoryLimit(oldLimit)
		debug.SetGCPercent(oldPercent)
	}
}

// keepHeadroom reads the live heap every headroomEvery until stop is
// closed, and raises the memory limit, from limit, as raiseLimit says.
func keepHeadroom(stop <-chan struct{}, limit int64) {
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	tick := time.NewTicker(headroomEvery)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		metrics.Read(live)
		if live[0].Value.Kind() != metrics.KindUint64 {
			return // not measured by this runtime: keep the limit
		}
		if next := raiseLimit(limit, int64(live[0].Value.Uint64())); next != limit {
			limit = next
			debug.SetMemoryLimit(limit)
		}
	}
}

// raiseLimit returns the memory limit to set when the live heap, as of the
// last collection, is live: simulationHeadroom times it when that is more
// than limit, else limit.
func raiseLimit(limit, live int64) int64 {
	return max(limit, simulationHeadroom*live)
}
