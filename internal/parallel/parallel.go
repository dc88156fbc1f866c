// Package parallel runs independent pieces of work on every core. It is
// how synth builds schools and practices judges rules side by side while
// their output stays the same on any number of cores: each piece writes
// only its own part of the result.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For runs f(0) … f(n-1) on up to GOMAXPROCS goroutines, handing out the
// indices in order, and returns when every call has returned. With one
// core, or n < 2, it calls f in order on the caller's goroutine. Each call
// must touch only its own part of the output.
//
// A panic in f stops the handing out of indices and is raised again on
// the caller's goroutine once every worker has stopped, as it would be by
// a plain loop: a caller can recover it, where a panic on a worker
// goroutine would end the program.
func For(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	var once sync.Once
	var failure any
	failed := false
	for range workers {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					once.Do(func() { failure, failed = r, true })
					next.Store(int64(n))
				}
			}()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
	if failed {
		panic(failure)
	}
}
