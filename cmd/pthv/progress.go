package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Progress of long work, for a person at a terminal: a national dataset
// takes a quarter of a minute to read and check, and silence for that long
// looks like a hang.
const (
	// statusDelay is how long a command works before its status line
	// appears: work that ends sooner says nothing.
	statusDelay = 2 * time.Second
	// statusTick is how often the line's clock is redrawn.
	statusTick = time.Second
)

// status is stderr as run hands it to a command when stderr is a terminal.
// A command names each phase of long work with phase ("reading FILE",
// "checking"); once the command has worked for the delay, one line —
// "pthv check: checking… 5s" — is drawn and redrawn in place, and it is
// cleared before anything else is written to stderr (or to stdout, when
// that is the same terminal) and when the command ends. Off a terminal
// there is no status: phase does nothing, so files, pipes and tests see
// only what the command writes.
type status struct {
	w           io.Writer
	cmd         string
	delay, tick time.Duration
	start       time.Time

	mu    sync.Mutex
	phase string
	drawn bool // a status line is on screen
	// printing is set once the command writes to stdout on the same
	// terminal: from then on the line is not drawn again, for a line
	// drawn after output that does not end its line would overwrite it.
	printing bool
	ticker   chan struct{} // closed to stop the redrawing; nil before the first phase
	done     sync.WaitGroup
}

// newStatus returns the status line of command cmd on w, drawn once the
// command has worked for delay and redrawn every tick.
func newStatus(w io.Writer, cmd string, delay, tick time.Duration) *status {
	return &status{w: w, cmd: cmd, delay: delay, tick: tick, start: time.Now()}
}

// phase names the work a command is starting; it does nothing unless
// stderr is a terminal's status.
func phase(stderr io.Writer, name string) {
	if s, ok := stderr.(*status); ok {
		s.setPhase(name)
	}
}

func (s *status) setPhase(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.phase = name
	if s.ticker == nil {
		s.ticker = make(chan struct{})
		s.done.Add(1)
		go s.redraw(s.ticker)
	}
	s.drawLocked()
}

// redraw keeps the line's clock current until stop is closed.
func (s *status) redraw(stop chan struct{}) {
	defer s.done.Done()
	t := time.NewTicker(s.tick)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			s.mu.Lock()
			s.drawLocked()
			s.mu.Unlock()
		}
	}
}

// drawLocked draws the line over the last one, once the delay has passed.
func (s *status) drawLocked() {
	elapsed := time.Since(s.start)
	if s.phase == "" || s.printing || elapsed < s.delay {
		return
	}
	fmt.Fprintf(s.w, "\r%s: %s… %ds\x1b[K", s.cmd, s.phase, int(elapsed.Seconds()))
	s.drawn = true
}

// clearLocked removes the line from the screen.
func (s *status) clearLocked() {
	if s.drawn {
		io.WriteString(s.w, "\r\x1b[K")
		s.drawn = false
	}
}

// Write clears the status line and writes p: a message on stderr is never
// run into the line.
func (s *status) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clearLocked()
	return s.w.Write(p)
}

// before returns w, writing to which first clears the status line and
// ends it for good: stdout on the same terminal as the status.
func (s *status) before(w io.Writer) io.Writer { return statusClearing{s, w} }

type statusClearing struct {
	s *status
	w io.Writer
}

func (c statusClearing) Write(p []byte) (int, error) {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	c.s.clearLocked()
	c.s.printing = true
	return c.w.Write(p)
}

// close stops the redrawing and clears the line.
func (s *status) close() {
	s.mu.Lock()
	stop := s.ticker
	s.ticker = nil
	s.mu.Unlock()
	if stop != nil {
		close(stop)
		s.done.Wait()
	}
	s.mu.Lock()
	s.clearLocked()
	s.mu.Unlock()
}

// isTerminal reports whether w is a terminal, where a progress bar helps;
// never a file, a pipe or a test's buffer.
func isTerminal(w io.Writer) bool {
	switch w := w.(type) {
	case *status:
		return true
	case *os.File:
		fi, err := w.Stat()
		return err == nil && fi.Mode()&os.ModeCharDevice != 0
	}
	return false
}
