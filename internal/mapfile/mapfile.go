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
	return ReadFile(fh)
}

// ReadFile is [Read] for a file already open, such as standard input:
// the rest of it, from where it stands. A regular file at its start is
// mapped like one Read opens; anything else (a pipe, a terminal, a file
// read in part) is read to its end. fh stays open: closing it is the
// caller's business, and does not end a mapping.
func ReadFile(fh *os.File) (data []byte, release func(), err error) {
	fi, err := fh.Stat()
	if err != nil {
		return nil, nil, err
	}
	if fi.Mode().IsRegular() && fi.Size() >= minMapped && int64(int(fi.Size())) == fi.Size() {
		if at, err := fh.Seek(0, io.SeekCurrent); err == nil && at == 0 {
			if data, release, ok := mapFile(fh, int(fi.Size())); ok {
				return data, release, nil
			}
		}
	}
	data, err = readAll(fh, fi)
	return data, func() {}, err
}

// readAll reads the rest of fh. A file of known size is read into a
// buffer of that size (and on, should it have grown). A stream (a pipe:
// its size is unknown) is read in chunks of growing size, then copied
// once into a buffer of its length: growing one buffer by doubling would
// copy it again at every step and leave each smaller copy behind.
func readAll(fh *os.File, fi os.FileInfo) ([]byte, error) {
	var chunks [][]byte
	size := 64 << 10
	if fi.Mode().IsRegular() {
		// One byte more than its size: a file that has not grown since
		// is read whole by the first chunk, with the end in sight.
		size = int(max(fi.Size(), 0)) + 1
	}
	total := 0
	for {
		b, err := readInto(fh, make([]byte, 0, size))
		total += len(b)
		if len(b) > 0 {
			chunks = append(chunks, b)
		}
		if err != nil || len(b) < size {
			if len(chunks) == 1 {
				return chunks[0], err
			}
			out := make([]byte, 0, total)
			for _, c := range chunks {
				out = append(out, c...)
			}
			return out, err
		}
		size = min(2*size, 64<<20)
	}
}

// readInto reads from fh into b until b is full or the input ends (a nil
// error), or a read fails.
func readInto(fh *os.File, b []byte) ([]byte, error) {
	for len(b) < cap(b) {
		n, err := fh.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
	return b, nil
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
