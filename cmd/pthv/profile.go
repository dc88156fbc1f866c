package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"

	"github.com/homevisits/pthv/internal/safefile"
)

// startProfile writes a CPU profile of the whole command to the file named
// by PTHV_CPUPROFILE, when it is set, for `go tool pprof`: what a user
// waits for is the whole process, so that is what gets profiled
// (BENCHMARKS.md). Like any output, the profile never replaces a file the
// command was given (args) and is put in place only when complete. The
// returned function stops it.
func startProfile(args []string, stderr io.Writer) (stop func()) {
	path := os.Getenv("PTHV_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	fail := func(err error) func() {
		fmt.Fprintf(stderr, "pthv: PTHV_CPUPROFILE: %v\n", err)
		return func() {}
	}
	if err := safefile.CheckOutputs(args, []string{path}); err != nil {
		return fail(err)
	}
	f, err := safefile.Create(path)
	if err != nil {
		return fail(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Abort()
		return fail(err)
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Commit(); err != nil {
			fmt.Fprintf(stderr, "pthv: PTHV_CPUPROFILE: %v\n", err)
		}
	}
}
