package mapfile

import (
	"os"
	"syscall"
)

// mapFile maps size bytes of fh read-only. The mapping outlives fh.
func mapFile(fh *os.File, size int) ([]byte, func(), bool) {
	data, err := syscall.Mmap(int(fh.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_PRIVATE|syscall.MAP_POPULATE)
	if err != nil {
		return nil, nil, false
	}
	return data, func() { syscall.Munmap(data) }, true
}
