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
