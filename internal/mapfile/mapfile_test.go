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
