package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/pflag"

	"github.com/homevisits/pthv/internal/hugeheap"
	"github.com/homevisits/pthv/internal/mapfile"
	"github.com/homevisits/pthv/internal/safefile"
	"github.com/homevisits/pthv/model"
)

// flags is a flag set for one subcommand, GNU style (github.com/spf13/pflag):
// long flags take two dashes ("--as-of 2026-06-05", "--as-of=2026-06-05"),
// -o is the one short flag, and flags may come before and after the
// positional arguments ("pthv validate data.json --quiet"). The single-dash
// long flags of earlier releases ("-as-of") keep working: parse reads them
// as their two-dash form. A flag or command that does not exist gets the
// nearest names it might have meant.
type flags struct {
	*pflag.FlagSet
	stdout, stderr io.Writer
	args           string // positional arguments, for the usage line
	about          string
}

func newFlags(name, args, about string, stdout, stderr io.Writer) *flags {
	fs := pflag.NewFlagSet("pthv "+name, pflag.ContinueOnError)
	f := &flags{FlagSet: fs, stdout: stdout, stderr: stderr, args: args, about: about}
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return f
}

// String defines a string flag. "o", the output file, is the short flag
// -o, also spelled --output.
func (f *flags) String(name, value, usage string) *string {
	if name == "o" {
		return f.FlagSet.StringP("output", name, value, usage)
	}
	return f.FlagSet.String(name, value, usage)
}

// Visit calls fn for each flag set on the command line, in lexical order,
// as the standard library's flag.FlagSet.Visit does: commands ask it which
// flags were given, whatever parses them.
func (f *flags) Visit(fn func(*flag.Flag)) {
	f.FlagSet.Visit(func(fl *pflag.Flag) {
		fn(&flag.Flag{Name: fl.Name, Usage: fl.Usage, Value: fl.Value, DefValue: fl.DefValue})
	})
}

func (f *flags) printUsage(w io.Writer) {
	fmt.Fprintf(w, "Usage: %s [flags] %s\n\n%s\n", f.Name(), f.args, f.about)
	if readsDataset(f.args) {
		fmt.Fprintln(w, "\nFILE \"-\" reads the dataset from standard input.")
	}
	if f.HasFlags() {
		fmt.Fprintf(w, "\nFlags:\n%s", f.FlagUsages())
	}
}

// readsDataset reports whether a command's first argument is a dataset
// FILE, which may be "-" for standard input.
func readsDataset(args string) bool {
	first, _, _ := strings.Cut(args, " ")
	return first == "FILE" || first == "FILE..."
}

// parse parses flags anywhere among args and returns the positional
// arguments. done is true when the caller should return code at once
// (after --help, or a usage error already reported).
func (f *flags) parse(args []string, minPos, maxPos int) (pos []string, code int, done bool) {
	if c, ok := f.stdout.(*flagCollector); ok {
		c.add(f)
		return nil, exitOK, true
	}
	if err := f.Parse(gnuArgs(f.FlagSet, args)); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			f.printUsage(f.stdout)
			return nil, exitOK, true
		}
		return nil, f.fail("%s", f.describe(err)), true
	}
	pos = f.Args()
	if len(pos) < minPos || (maxPos >= 0 && len(pos) > maxPos) {
		return nil, f.fail("want %s, got %d argument(s)", f.args, len(pos)), true
	}
	return pos, exitOK, false
}

// describe words a parse error for people: an unknown flag with the flags
// it may have meant, a missing value with what the flag wants.
func (f *flags) describe(err error) string {
	var unknown *pflag.NotExistError
	if errors.As(err, &unknown) {
		name := unknown.GetSpecifiedName()
		spelled := "--" + name
		if short := unknown.GetSpecifiedShortnames(); short != "" {
			spelled = "-" + name
		}
		var names []string
		f.VisitAll(func(fl *pflag.Flag) { names = append(names, fl.Name) })
		msg := "unknown flag " + spelled
		if near := suggest(name, names); len(near) > 0 {
			for i := range near {
				near[i] = "--" + near[i]
			}
			msg += "; did you mean " + orList(near) + "?"
		}
		return msg
	}
	var missing *pflag.ValueRequiredError
	if errors.As(err, &missing) {
		fl := missing.GetFlag()
		_, usage := pflag.UnquoteUsage(fl)
		return fmt.Sprintf("--%s needs a value: %s", fl.Name, usage)
	}
	var invalid *pflag.InvalidValueError
	if errors.As(err, &invalid) {
		fl := invalid.GetFlag()
		return fmt.Sprintf("--%s %q: want %s", fl.Name, invalid.GetValue(), kindOfValue(fl.Value.Type()))
	}
	return err.Error()
}

// kindOfValue names, for an error, what a flag of pflag type typ reads.
func kindOfValue(typ string) string {
	switch typ {
	case "int", "int64":
		return "a whole number"
	case "uint", "uint64":
		return "a whole number, 0 or more"
	case "float64":
		return "a number"
	case "bool":
		return "true or false"
	}
	return "a " + typ
}

// gnuArgs rewrites the single-dash long flags of earlier releases
// ("-as-of", "-as-of=DATE", "-help") into their two-dash form, so that
// pflag reads them as the long flags they name rather than as clusters of
// short flags. A single-dash word whose first letter is a short flag
// ("-o", "-oreport.html") is left alone, and so is every flag's value
// ("--title -draft-"), every word after "--", and "-" (standard input).
// A single-dash word naming no flag is rewritten too, so that the error
// names it whole and suggests the flags it may have meant.
func gnuArgs(fs *pflag.FlagSet, args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return append(out, args[i:]...)
		case len(a) < 2 || a[0] != '-':
			out = append(out, a)
			continue
		case a == "-h" || a == "-help":
			out = append(out, "--help")
			continue
		case a[1] != '-':
			name, _, _ := strings.Cut(a[1:], "=")
			if name != "" && fs.ShorthandLookup(name[:1]) != nil && fs.Lookup(name) == nil {
				out = append(out, a)
				if len(a) == 2 && takesValue(fs.ShorthandLookup(name[:1])) && i+1 < len(args) {
					out = append(out, args[i+1])
					i++
				}
				continue
			}
			a = "-" + a
		}
		out = append(out, a)
		name, _, hasValue := strings.Cut(a[2:], "=")
		if fl := fs.Lookup(name); fl != nil && !hasValue && takesValue(fl) && i+1 < len(args) {
			out = append(out, args[i+1])
			i++
		}
	}
	return out
}

// takesValue reports whether a flag reads the next word as its value
// (every flag but a boolean one).
func takesValue(fl *pflag.Flag) bool { return fl.NoOptDefVal == "" }

// fail reports a usage error and returns the usage exit code.
func (f *flags) fail(format string, args ...any) int {
	fmt.Fprintf(f.stderr, "%s: %s\n", f.Name(), fmt.Sprintf(format, args...))
	fmt.Fprintf(f.stderr, "Run \"%s --help\" for usage.\n", f.Name())
	return exitUsage
}

// stdin is how a dataset read from standard input ("-") is named in
// errors and reports.
const stdin = "stdin"

// displayName is how a dataset FILE is named to people: "stdin" for "-".
func displayName(path string) string {
	if path == "-" {
		return stdin
	}
	return path
}

// loadDataset decodes the dataset file at path, or standard input for
// "-"; errors name the file, line, record and field.
func loadDataset(path string) (*model.Dataset, error) {
	x, err := loadIndex(path)
	return x.Dataset(), err
}

// loadIndex is loadDataset for a command that goes on to prepare a
// program: it returns the index decoding's validation built, so that the
// dataset is validated once.
func loadIndex(path string) (*model.Index, error) {
	// Nearly everything the reader allocates is the dataset, which stays
	// in use until the command ends: a collection while it is read would
	// find almost nothing to free and costs a tenth of the time.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	name, stream := path, false
	var data []byte
	var release func()
	var err error
	if path == "-" {
		// Redirected from a file, standard input is mapped like a named
		// file; a pipe is read to its end, and its size is known only
		// then: the heap is readied for a large one first.
		name = stdin
		fi, statErr := os.Stdin.Stat()
		if stream = statErr == nil && !fi.Mode().IsRegular(); stream {
			hugeheap.Reserve(streamReserve)
		}
		if data, release, err = mapfile.ReadFile(os.Stdin); err != nil {
			return nil, fmt.Errorf("%s: %w", stdin, err)
		}
	} else if data, release, err = mapfile.Read(path); err != nil {
		return nil, err
	}
	defer release()
	if stream {
		// The chunks it was read in are garbage now, and the collector
		// is held off: free them for the dataset.
		runtime.GC()
	} else {
		reserveHeap(int64(len(data)))
	}
	return model.DecodeIndex(name, data)
}

// streamReserve is the heap readied for a dataset piped to standard
// input, whose size is unknown until read: enough for the national year
// read, copied once and checked. Untouched, it costs address space only.
const streamReserve = 1 << 30

// reserveHeap readies the heap for a dataset of size bytes about to be
// read, and what a command derives from it: about twice the file in all
// (the national year's 272 MB file peaks at a 440 MB heap when checked).
// See package hugeheap.
func reserveHeap(size int64) { hugeheap.Reserve(2 * size) }

// errStdinWriteBack refuses to write a dataset back to standard input.
var errStdinWriteBack = errors.New(`"-" is standard input, which cannot be written back: name the dataset file`)

// loadDatasetForUpdate decodes the dataset file at path like loadDataset
// and remembers what it read, so that writing it back can refuse to lose a
// change made to the file in the meantime. Standard input ("-") cannot
// be written back: callers refuse it first, and it is an error here.
func loadDatasetForUpdate(path string) (*model.Dataset, safefile.Original, error) {
	if path == "-" {
		return nil, safefile.Original{}, errStdinWriteBack
	}
	r, err := safefile.Open(path)
	if err != nil {
		return nil, safefile.Original{}, err
	}
	defer r.Close()
	if fi, err := os.Stat(path); err == nil {
		reserveHeap(fi.Size())
	}
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
