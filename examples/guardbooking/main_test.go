package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	require.Contains(t, out.String(), "paired visit: violation=false")
	require.Contains(t, out.String(), "solo visit with an attendance agenda: violation=true")
	require.Contains(t, out.String(), "(P5.pair)")
	require.Contains(t, out.String(), "(P3.first-visit-no-agenda)")
}
