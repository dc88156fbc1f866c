package mapfile

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRead reads files below and above the size that is mapped, and an
// empty one, and gets what os.ReadFile gets.
func TestRead(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, minMapped - 1, minMapped, 3*minMapped + 17} {
		path := filepath.Join(dir, "f")
		want := bytes.Repeat([]byte("pthv\n"), size/5+1)[:size]
		require.NoError(t, os.WriteFile(path, want, 0o600))
		got, release, err := Read(path)
		require.NoError(t, err)
		require.Equal(t, want, got, "size %d", size)
		release()
	}
}

func TestReadMissing(t *testing.T) {
	_, _, err := Read(filepath.Join(t.TempDir(), "none.json"))
	require.ErrorIs(t, err, os.ErrNotExist)
}

// TestDoneKeepsContent: a part the reader is done with reads the same
// afterwards, whether it lies in a mapped file or in ordinary memory,
// and Done on a released mapping or an empty part does nothing.
func TestDoneKeepsContent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	want := bytes.Repeat([]byte("pthv dataset\n"), 4*minMapped/13)
	require.NoError(t, os.WriteFile(path, want, 0o600))
	data, release, err := Read(path)
	require.NoError(t, err)
	Done(data[100 : len(data)/2])
	Done(data[len(data)/2:])
	Done(data[:0])
	require.Equal(t, want, data)
	release()

	heap := bytes.Clone(want)
	Done(heap)
	require.Equal(t, want, heap)
}

// content returns size bytes that differ from place to place, so that a
// chunk out of order or repeated shows.
func content(size int) []byte {
	b := make([]byte, size)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

// TestReadFileFromAPipe reads streams of every size around the chunk
// boundaries and gets every byte, in order.
func TestReadFileFromAPipe(t *testing.T) {
	for _, size := range []int{0, 1, 64<<10 - 1, 64 << 10, 64<<10 + 1, 192 << 10, 5<<20 + 3} {
		want := content(size)
		r, w, err := os.Pipe()
		require.NoError(t, err)
		go func() {
			// Odd-sized writes, as a producer makes them.
			for b := want; len(b) > 0; {
				n := min(len(b), 40_000)
				w.Write(b[:n])
				b = b[n:]
			}
			w.Close()
		}()
		got, release, err := ReadFile(r)
		require.NoError(t, err)
		require.Equal(t, len(want), len(got), "size %d", size)
		require.True(t, bytes.Equal(want, got), "size %d", size)
		release()
		r.Close()
	}
}

// TestReadFileFromWhereItStands reads an open file from its current
// offset: the whole of it at the start (mapped when large), the rest of
// it after a first read.
func TestReadFileFromWhereItStands(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	want := content(3*minMapped + 5)
	require.NoError(t, os.WriteFile(path, want, 0o600))
	for _, skip := range []int{0, 10, minMapped + 1} {
		fh, err := os.Open(path)
		require.NoError(t, err)
		_, err = fh.Seek(int64(skip), 0)
		require.NoError(t, err)
		got, release, err := ReadFile(fh)
		require.NoError(t, err)
		require.True(t, bytes.Equal(want[skip:], got), "skip %d: %d bytes", skip, len(got))
		release()
		fh.Close()
	}
}
