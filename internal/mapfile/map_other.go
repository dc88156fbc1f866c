//go:build !linux

package mapfile

import "os"

// mapFile maps nothing here: the file is read.
func mapFile(*os.File, int) ([]byte, func(), bool) { return nil, nil, false }

// release has no mapping to release.
func release(start, end uintptr) {}
