//go:build unix

package selection

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time, user and system, the test process has
// used so far: on a shared machine it moves less than the wall clock when
// other work competes for the cores.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
