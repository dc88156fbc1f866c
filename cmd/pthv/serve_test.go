package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestServeRefusesToStartWithoutWhatItNeeds(t *testing.T) {
	t.Setenv(tokenEnv, "")
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"serve"}, "--db: required"},
		{[]string{"serve", "--db", filepath.Join(dir, "a.db")}, "no token"},
		{[]string{"serve", "--db", filepath.Join(dir, "a.db"), "--token-file", filepath.Join(dir, "missing")}, "--token-file"},
		{[]string{"serve", "--db", filepath.Join(dir, "a.db"), "extra"}, "argument"},
	} {
		var out, errb bytes.Buffer
		require.Equal(t, exitUsage, run(c.args, &out, &errb), "%v", c.args)
		require.Contains(t, errb.String(), c.want, "%v", c.args)
	}
	empty := filepath.Join(dir, "empty")
	require.NoError(t, os.WriteFile(empty, []byte("\n"), 0o600))
	var out, errb bytes.Buffer
	require.Equal(t, exitUsage, run([]string{"serve", "--db", filepath.Join(dir, "a.db"), "--token-file", empty}, &out, &errb))
	require.Contains(t, errb.String(), "empty")
}

// TestServeLoadRefusesAStoreWithAProgram: --load never replaces a program
// the store already holds.
func TestServeLoadRefusesAStoreWithAProgram(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "demo.json")
	var out, errb bytes.Buffer
	require.Equal(t, exitOK, run([]string{"synth", "--schools", "1", "--students-per-school", "20", "-o", data}, &out, &errb), errb.String())
	t.Setenv(tokenEnv, "t")
	db := filepath.Join(dir, "d.db")
	// The first --load fills the store, then the server fails to listen
	// on a malformed address and the command returns.
	errb.Reset()
	require.Equal(t, exitUsage, run([]string{"serve", "--db", db, "--load", data, "--addr", "bad address"}, &out, &errb))
	require.Contains(t, errb.String(), "loaded")
	errb.Reset()
	require.Equal(t, exitUsage, run([]string{"serve", "--db", db, "--load", data, "--addr", "bad address"}, &out, &errb))
	require.Contains(t, errb.String(), "already holds a program")
}
