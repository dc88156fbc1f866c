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
	require.Contains(t, s, "families chosen")
	require.Contains(t, s, "Audit verdict: ok")
	require.Contains(t, s, "invitations sent")
	require.Contains(t, s, "Refused:")
}
