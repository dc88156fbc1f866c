// Command pthv plans and checks Parent Teacher Home Visits programs.
//
// Usage:
//
//	pthv <command> [flags] [args]
//
// Run "pthv help" for the list of commands and "pthv <command> --help" for
// the flags of one. Exit codes: 0 = no violations (advisories allowed),
// 1 = violations or findings, 2 = bad input or usage.
package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// Exit codes shared by every command.
const (
	exitOK       = 0 // no violations; advisories allowed
	exitFindings = 1 // violations, or a plan whose audit says targeting
	exitUsage    = 2 // bad input or usage
)

// command is one subcommand: its name, a one-line summary and its runner.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"demo", "run the whole pipeline on the built-in synthetic district", runDemo},
		{"synth", "write a deterministic synthetic district as a pthv/v1 dataset", runSynth},
		{"validate", "check that a dataset file is structurally sound", runValidate},
		{"check", "judge a dataset against the PTHV rule catalogue", runCheck},
		{"plan", "choose families to invite as a non-stigmatizing cross-section, with its audit", runPlan},
		{"pair", "pair educators: standing teams, or a partner for each visit", runPair},
		{"schedule", "place first and second visits over the year, with pay and an iCalendar export", runSchedule},
		{"book", "check one proposed visit against the rules decided at booking, and record it", runBook},
		{"repair", "move or cancel scheduled visits after a cancellation or an educator's absence", runRepair},
		{"simulate", "Monte Carlo runs of program designs, as tidy CSV with a summary", runSimulate},
		{"report", "write a self-contained HTML fidelity report for principals and coordinators", runReport},
		{"import", "import a OneRoster roster, or a visit log or coordinator's workbook into a dataset", runImport},
		{"export", "export the visit log or payroll as CSV, or the coordinator's workbook", runExport},
		{"completion", "print a shell completion script for bash, zsh or fish", runCompletion},
		{"lookup", "has this student's family had a visit this year, and what is next", runLookup},
		{"serve", "serve the HTTP JSON API (guard, bookings, status, check) over a SQL store", runServe},
		{"version", "print the pthv version and the source revision it was built from", runVersion},
	}
}

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 {
		usage(stderr, cmds)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			return run([]string{args[1], "--help"}, stdout, stderr)
		}
		usage(stdout, cmds)
		return exitOK
	}
	i := slices.IndexFunc(cmds, func(c command) bool { return c.name == name })
	if i < 0 {
		fmt.Fprintf(stderr, "pthv: unknown command %q%s\n\n", name, didYouMean(name, cmds))
		usage(stderr, cmds)
		return exitUsage
	}
	defer startProfile(args[1:], stderr)()
	if isTerminal(stderr) {
		st := newStatus(stderr, "pthv "+name, statusDelay, statusTick)
		defer st.close()
		if isTerminal(stdout) {
			stdout = st.before(stdout)
		}
		stderr = st
	}
	return cmds[i].run(args[1:], stdout, stderr)
}

// didYouMean offers the commands a mistyped name may have meant
// ("; did you mean check?"), or "" when none is near.
func didYouMean(name string, cmds []command) string {
	names := make([]string, len(cmds))
	for i, c := range cmds {
		names[i] = c.name
	}
	if near := suggest(name, names); len(near) > 0 {
		return "; did you mean " + orList(near) + "?"
	}
	return ""
}

func usage(w io.Writer, cmds []command) {
	var b strings.Builder
	b.WriteString("pthv plans and checks Parent Teacher Home Visits programs.\n\n")
	b.WriteString("Usage:\n  pthv <command> [flags] [args]\n\nCommands:\n")
	for _, c := range cmds {
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.summary)
	}
	b.WriteString("\nRun \"pthv <command> --help\" for a command's flags.\n")
	b.WriteString("Exit codes: 0 no violations, 1 violations, 2 bad input or usage.\n")
	io.WriteString(w, b.String())
}
