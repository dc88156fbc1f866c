package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
)

// startProfile writes a CPU profile of the whole command to the file named
// by PTHV_CPUPROFILE, when it is set, for `go tool pprof`: what a user
// waits for is the whole process, so that is what gets profiled
// (BENCHMARKS.md). The returned function stops it.
func startProfile(stderr io.Writer) (stop func()) {
	path := os.Getenv("PTHV_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(stderr, "pthv: PTHV_CPUPROFILE: %v\n", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
