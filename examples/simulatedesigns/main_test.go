package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	s := out.String()
	require.Contains(t, s, "invite-all")
	require.Contains(t, s, "cross-section-20")
	require.Regexp(t, "at the lower cost|Only .* makes|Neither design", s)
	require.Contains(t, s, "CSV: 10 runs")
	require.Contains(t, s, "not causal effects")
}
