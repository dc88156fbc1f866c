package mapfile

import (
	"os"
	"syscall"
)

// mapFile maps size bytes of fh read-only, its pages populated at once
// (one call instead of a fault per page). The mapping outlives fh.
func mapFile(fh *os.File, size int) ([]byte, func(), bool) {
	data, err := syscall.Mmap(int(fh.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_PRIVATE|syscall.MAP_POPULATE)
	if err != nil {
		return nil, nil, false
	}
	register(data)
	return data, func() {
		unregister(data)
		syscall.Munmap(data)
	}, true
}

// release drops the whole pages of [start, end) of a live read-only file
// mapping from the process: MADV_DONTNEED on a private mapping never
// written to leaves the file's content in place, read back on the next
// access.
func release(start, end uintptr) {
	page := uintptr(os.Getpagesize())
	from := (start + page - 1) &^ (page - 1)
	to := end &^ (page - 1)
	if from >= to {
		return
	}
	syscall.Syscall(syscall.SYS_MADVISE, from, to-from, syscall.MADV_DONTNEED)
}
