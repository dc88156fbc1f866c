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
	require.Contains(t, s, "standing teams")
	require.Contains(t, s, "appointments")
	require.Regexp(t, "new partner|has no partner", s)
}
