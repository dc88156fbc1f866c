package main

import (
	"bytes"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestREADMEShowsThisProgram keeps README.md's library example and this
// program the same, so the README's code always compiles.
func TestREADMEShowsThisProgram(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	m := regexp.MustCompile("(?s)## Using the library\n\n```go\n(.*?)```").FindSubmatch(readme)
	require.NotNil(t, m, "README.md has a Go block under \"Using the library\"")
	src, err := os.ReadFile("main.go")
	require.NoError(t, err)
	// The file adds a package comment the README leaves out.
	body := src[bytes.Index(src, []byte("package main")):]
	require.Equal(t, string(m[1]), string(body))
}

func TestRun(t *testing.T) {
	t.Chdir("testdata")
	r, w, err := os.Pipe()
	require.NoError(t, err)
	stdout := os.Stdout
	os.Stdout = w
	main()
	os.Stdout = stdout
	require.NoError(t, w.Close())
	out, err := io.ReadAll(r)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(out), "V1 completed 2 visitors"), string(out))
}
