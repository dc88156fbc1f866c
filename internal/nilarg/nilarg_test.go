package nilarg

import (
	"bytes"
	"io"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestIs(t *testing.T) {
	var w io.Writer
	require.True(t, Is(w))
	w = (*bytes.Buffer)(nil)
	require.True(t, Is(w))
	require.True(t, Is(map[string]int(nil)))
	require.True(t, Is((func())(nil)))
	require.False(t, Is(&bytes.Buffer{}))
	require.False(t, Is(io.Discard))
	require.False(t, Is([]byte(nil)), "a nil slice may have working methods")
	require.False(t, Is(0))
}
