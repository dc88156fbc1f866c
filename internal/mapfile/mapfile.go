// Package mapfile reads a whole file for a reader that wants all of it in
// memory at once, such as the dataset decoder. Where the system allows,
// it maps the file instead of copying it: reading a large dataset into
// fresh memory costs the kernel more than decoding it does, and a mapped
// file's pages are the page cache's own, given back when released.
package mapfile

import (
	"io"
	"os"
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
