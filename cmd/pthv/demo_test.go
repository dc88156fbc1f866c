package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDemo runs the README's main command and checks it is deterministic.
func TestDemo(t *testing.T) {
	code, first, stderr := pthv(t, "demo")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, first, "Synthetic district")
	assert.Contains(t, first, "fidelity")
	_, second, _ := pthv(t, "demo")
	assert.Equal(t, first, second)
}

func TestSynthWritesAValidDataset(t *testing.T) {
	path := t.TempDir() + "/d.json"
	code, _, stderr := pthv(t, "synth", "--schools", "2", "--seed", "7", "-o", path)
	require.Equal(t, exitOK, code, stderr)
	code, stdout, stderr := pthv(t, "validate", path)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "2 schools")

	code, _, stderr = pthv(t, "synth", "--schools", "0")
	assert.Equal(t, exitUsage, code)
	assert.NotEmpty(t, stderr)
}
