package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	require.Contains(t, out.String(), "district checker: conforms")
	require.Contains(t, out.String(), "buggy checker: misses [P5.pair]")
}
