package main

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lockedBuffer is a buffer a status line's clock may write to while the
// test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

const clearLine = "\r\x1b[K"

// TestStatusLineNamesEachPhase: on a terminal, a long check names what it
// is doing — reading, checking, writing — on one line of stderr, redrawn in
// place and cleared when the command ends.
func TestStatusLineNamesEachPhase(t *testing.T) {
	var term lockedBuffer
	st := newStatus(&term, "pthv check", 0, time.Hour)
	code := runCheck([]string{small, "--as-of", "2026-07-01"}, io.Discard, st)
	st.close()
	require.Equal(t, exitOK, code, term.String())
	out := term.String()
	for _, want := range []string{
		"\rpthv check: reading " + small + "… 0s\x1b[K",
		"\rpthv check: checking… 0s\x1b[K",
		"\rpthv check: writing… 0s\x1b[K",
	} {
		assert.Contains(t, out, want)
	}
	assert.True(t, strings.HasSuffix(out, clearLine), "the line is cleared at the end: %q", out)
	assert.Less(t, strings.Index(out, "reading"), strings.Index(out, "checking"))
}

// TestStatusLineWaitsAndGivesWay: work shorter than the delay draws
// nothing; a message on stderr or output on the same terminal first clears
// the line; the clock is redrawn while a phase lasts.
func TestStatusLineWaitsAndGivesWay(t *testing.T) {
	var quiet lockedBuffer
	st := newStatus(&quiet, "pthv synth", time.Hour, time.Millisecond)
	phase(st, "generating the district")
	time.Sleep(5 * time.Millisecond)
	st.close()
	assert.Empty(t, quiet.String(), "quick work says nothing")

	var term lockedBuffer
	st = newStatus(&term, "pthv report", 0, time.Millisecond)
	phase(st, "reading big.json")
	require.Eventually(t, func() bool { return strings.Count(term.String(), "reading big.json") >= 2 },
		time.Second, time.Millisecond, "the clock is redrawn")
	io.WriteString(st, "pthv report: big.json:3: bad\n")
	io.WriteString(st.before(&term), "<html>")
	st.close()
	out := term.String()
	assert.Contains(t, out, clearLine+"pthv report: big.json:3: bad\n")
	assert.True(t, strings.HasSuffix(out, "<html>"), "nothing is drawn after the command ends: %q", out)

	assert.True(t, isTerminal(st))
	assert.False(t, isTerminal(&term))
}

// TestNoStatusOffATerminal: a command whose stderr is a file or a pipe
// writes nothing there but its own messages.
func TestNoStatusOffATerminal(t *testing.T) {
	for _, args := range [][]string{
		{"check", small, "--as-of", "2026-07-01"},
		{"report", small, "--as-of", "2026-07-01"},
		{"validate", small},
		{"synth", "--schools", "1"},
	} {
		code, _, stderr := pthv(t, args...)
		require.Equal(t, exitOK, code, stderr)
		assert.Empty(t, stderr, "%v", args)
	}
	phase(io.Discard, "nothing happens")
}
