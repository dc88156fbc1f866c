package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), filepath.Join(t.TempDir(), "district.db"), &out))
	s := out.String()
	require.Contains(t, s, "paired visit: first visit")
	require.Contains(t, s, "recorded=true")
	require.Contains(t, s, "solo visit: ")
	require.Contains(t, s, "P5.pair (violation)")
	require.Contains(t, s, "clash: educator")
	require.Regexp(t, `stored: \d+ visits, revision 1\n`, s)
}
