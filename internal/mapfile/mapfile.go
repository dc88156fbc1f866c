// Package mapfile reads a whole file for a reader that wants all of it in
// memory at once, such as the dataset decoder. Where the system allows,
// it maps the file instead of copying it: reading a large dataset into
// fresh memory costs the kernel more than decoding it does, and a mapped
// file's pages are the page cache's own, given back when released.
package mapfile

import (
	"io"
	"os"
	"sync"
	"unsafe"
)

// minMapped is the size under which a file is read, not mapped: mapping
// pays off on large files only.
const minMapped = 1 << 20

// Read returns the content of the file at path and a function that
// releases it. data must not be used after release, and must not be
// written to.
func Read(path string) (data []byte, release func(), err error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer fh.Close()
	fi, err := fh.Stat()
	if err != nil {
		return nil, nil, err
	}
	if fi.Mode().IsRegular() && fi.Size() >= minMapped && int64(int(fi.Size())) == fi.Size() {
		if data, release, ok := mapFile(fh, int(fi.Size())); ok {
			return data, release, nil
		}
	}
	data, err = readAll(fh, fi)
	return data, func() {}, err
}

// readAll reads the rest of fh into a buffer sized from its size.
func readAll(fh *os.File, fi os.FileInfo) ([]byte, error) {
	b := make([]byte, 0, max(fi.Size(), 0)+1)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := fh.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				return b, nil
			}
			return b, err
		}
	}
}

// live are the mappings Read handed out and not yet released, by the
// address range they cover.
var live struct {
	sync.Mutex
	spans [][2]uintptr
}

func register(data []byte) {
	start := uintptr(unsafe.Pointer(unsafe.SliceData(data)))
	live.Lock()
	live.spans = append(live.spans, [2]uintptr{start, start + uintptr(len(data))})
	live.Unlock()
}

func unregister(data []byte) {
	start := uintptr(unsafe.Pointer(unsafe.SliceData(data)))
	live.Lock()
	for i, s := range live.spans {
		if s[0] == start {
			live.spans = append(live.spans[:i], live.spans[i+1:]...)
			break
		}
	}
	live.Unlock()
}

// Done tells that the reader has finished with part, a stretch of data
// that Read returned: where data is a mapped file, the whole pages of
// part leave the process's memory (they stay in the page cache, and
// reading them again reads them back), so that a large file read once
// does not stay resident beside what was made of it. Anywhere else — a
// file that was read, any other slice — Done does nothing: it never
// changes what part holds.
func Done(part []byte) {
	if len(part) == 0 {
		return
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(part)))
	end := start + uintptr(len(part))
	live.Lock()
	defer live.Unlock()
	for _, s := range live.spans {
		if s[0] <= start && end <= s[1] {
			release(start, end)
			return
		}
	}
}
