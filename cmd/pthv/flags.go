package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/homevisits/pthv/model"
)

// flags is a flag set for one subcommand that accepts flags before and
// after its positional arguments ("pthv validate data.json --quiet").
type flags struct {
	*flag.FlagSet
	stdout, stderr io.Writer
	args           string // positional arguments, for the usage line
	about          string
}

func newFlags(name, args, about string, stdout, stderr io.Writer) *flags {
	fs := flag.NewFlagSet("pthv "+name, flag.ContinueOnError)
	f := &flags{FlagSet: fs, stdout: stdout, stderr: stderr, args: args, about: about}
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return f
}

func (f *flags) printUsage(w io.Writer) {
	fmt.Fprintf(w, "Usage: %s [flags] %s\n\n%s\n", f.Name(), f.args, f.about)
	hasFlags := false
	f.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprintln(w, "\nFlags:")
		f.SetOutput(w)
		f.PrintDefaults()
		f.SetOutput(io.Discard)
	}
}

// parse parses flags anywhere among args and returns the positional
// arguments. done is true when the caller should return code at once
// (after --help, or a usage error already reported).
func (f *flags) parse(args []string, minPos, maxPos int) (pos []string, code int, done bool) {
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				f.printUsage(f.stdout)
				return nil, exitOK, true
			}
			return nil, f.fail("%v", err), true
		}
		rest := f.Args()
		if len(rest) == 0 {
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	if len(pos) < minPos || (maxPos >= 0 && len(pos) > maxPos) {
		return nil, f.fail("want %s, got %d argument(s)", f.args, len(pos)), true
	}
	return pos, exitOK, false
}

// fail reports a usage error and returns the usage exit code.
func (f *flags) fail(format string, args ...any) int {
	fmt.Fprintf(f.stderr, "%s: %s\n", f.Name(), fmt.Sprintf(format, args...))
	fmt.Fprintf(f.stderr, "Run \"%s --help\" for usage.\n", f.Name())
	return exitUsage
}

// loadDataset decodes the dataset file at path; errors name the file,
// line, record and field.
func loadDataset(path string) (*model.Dataset, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return model.DecodeDataset(path, fh)
}

// createOutput opens path for writing, or returns stdout for "" and "-".
// The returned close function reports write errors.
func createOutput(path string, stdout io.Writer) (io.Writer, func() error, error) {
	if path == "" || path == "-" {
		return stdout, func() error { return nil }, nil
	}
	fh, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	return fh, fh.Close, nil
}

// inputError prints an input error to stderr and returns exitUsage.
func inputError(stderr io.Writer, cmd string, err error) int {
	fmt.Fprintf(stderr, "pthv %s: %v\n", cmd, err)
	return exitUsage
}
