package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/homevisits/pthv/internal/mapfile"
	"github.com/homevisits/pthv/internal/safefile"
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
	x, err := loadIndex(path)
	return x.Dataset(), err
}

// loadIndex is loadDataset for a command that goes on to prepare a
// program: it returns the index decoding's validation built, so that the
// dataset is validated once.
func loadIndex(path string) (*model.Index, error) {
	data, release, err := mapfile.Read(path)
	if err != nil {
		return nil, err
	}
	defer release()
	return model.DecodeIndex(path, data)
}

// loadDatasetForUpdate decodes the dataset file at path like loadDataset
// and remembers what it read, so that writing it back can refuse to lose a
// change made to the file in the meantime.
func loadDatasetForUpdate(path string) (*model.Dataset, safefile.Original, error) {
	r, err := safefile.Open(path)
	if err != nil {
		return nil, safefile.Original{}, err
	}
	defer r.Close()
	ds, err := model.DecodeDataset(path, r)
	if err != nil {
		return nil, safefile.Original{}, err
	}
	orig, err := r.Original()
	return ds, orig, err
}

// refuseOverwrite refuses, before anything is read or written, an output
// that is one of the command's inputs (under any name: a symlink, a hard
// link, another spelling of the path), lies inside an input folder, or is
// named twice. It reports the problem and returns true when the caller
// should return exitUsage at once.
func (f *flags) refuseOverwrite(inputs []string, outputs ...string) bool {
	if err := safefile.CheckOutputs(inputs, outputs); err != nil {
		fmt.Fprintf(f.stderr, "%s: %v\n", f.Name(), err)
		return true
	}
	return false
}

// writeTo writes one output: stdout for "" and "-", else a file that is
// replaced only once write has written all of it (a failure leaves the old
// file as it was), keeping its mode and any symlink to it.
func writeTo(path string, stdout io.Writer, write func(io.Writer) error) error {
	if safefile.IsStdio(path) {
		return write(stdout)
	}
	return safefile.WriteFile(path, write)
}

// inputError prints an input error to stderr and returns exitUsage.
func inputError(stderr io.Writer, cmd string, err error) int {
	fmt.Fprintf(stderr, "pthv %s: %v\n", cmd, err)
	return exitUsage
}
