//go:build !linux

package hugeheap

// Reserve does nothing here: transparent huge pages are Linux's. It
// returns 0.
func Reserve(n int64) int64 { return 0 }
