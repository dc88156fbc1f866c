package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/homevisits/pthv/internal/spreadsheet"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
)

func runCheck(args []string, stdout, stderr io.Writer) int {
	f := newFlags("check", "FILE", "Check judges a dataset against every rule of the PTHV catalogue (docs/rules.md)\nand prints findings by school and rule, per-rule fidelity, what could not be\nassessed, and coverage. Exit 1 when any violation is found.", stdout, stderr)
	asOfFlag := f.String("as-of", "", "judge as of this date (YYYY-MM-DD, end of day in the district's time zone; default now)")
	format := f.String("format", "text", "output format: text, json or csv")
	rules := f.String("rules", "", "only these rules, comma-separated: P5.*,P1.notice,P3")
	policyFile := f.String("policy", "", "policy JSON file overriding the dataset's policy")
	out := f.String("o", "", "output file (default stdout)")
	pos, code, done := f.parse(args, 1, 1)
	if done {
		return code
	}
	if !oneOf(*format, "text", "json", "csv") {
		return f.fail("--format %q: want text, json or csv", *format)
	}
	if f.refuseOverwrite([]string{pos[0], *policyFile}, *out) {
		return exitUsage
	}
	_, _, rep, code, ok := judge(f, "check", pos[0], *policyFile, *asOfFlag, *rules)
	if !ok {
		return code
	}
	err := writeTo(*out, stdout, func(w io.Writer) error {
		switch *format {
		case "json":
			return writeReportJSON(w, rep)
		case "csv":
			return writeFindingsCSV(w, rep.Findings)
		default:
			return writeReportText(w, pos[0], rep)
		}
	})
	if err != nil {
		return inputError(stderr, "check", err)
	}
	if rep.HasViolation() {
		return exitFindings
	}
	return exitOK
}

// judge loads the dataset at path and the policy file (if any), reads
// --as-of and --rules, checks the dataset under the policy and filters the
// report: the steps "pthv check" and "pthv report" share. It returns the
// dataset's index, which decoding built. ok is false when
// the caller should return code at once (an error was already reported).
func judge(f *flags, cmd, path, policyFile, asOfFlag, rules string) (x *model.Index, pol model.Policy, rep practices.Report, code int, ok bool) {
	phase(f.stderr, "reading "+displayName(path))
	x, err := loadIndex(path)
	if err != nil {
		return nil, pol, rep, inputError(f.stderr, cmd, err), false
	}
	ds := x.Dataset()
	pol = ds.Policy
	if policyFile != "" {
		if pol, err = loadPolicy(policyFile); err != nil {
			return nil, pol, rep, inputError(f.stderr, cmd, err), false
		}
	}
	asOf, err := parseAsOf(asOfFlag, ds.Calendar)
	if err != nil {
		return nil, pol, rep, f.fail("--as-of: %v", err), false
	}
	var filters []string
	if rules != "" {
		filters = strings.Split(rules, ",")
		if err := checkRules(filters); err != nil {
			return nil, pol, rep, f.fail("--rules: %v", err), false
		}
	}
	phase(f.stderr, "checking")
	if err := practices.ValidatePolicy(pol); err != nil {
		return nil, pol, rep, inputError(f.stderr, cmd, fmt.Errorf("%s: %w", path, err)), false
	}
	p, err := practices.PrepareIndex(x)
	// Deriving leaves its scratch behind (75 MB on the national year):
	// collected and handed back to the system now, before the check and
	// its output allocate, it does not add to the command's peak memory
	// (463 MB instead of 495 MB for the national year, for 0.1 s;
	// BENCHMARKS.md, "Fourth round").
	debug.FreeOSMemory()
	if err == nil {
		rep, err = p.Check(asOf, &pol)
	}
	if err != nil {
		return nil, pol, rep, inputError(f.stderr, cmd, fmt.Errorf("%s: %w", path, err)), false
	}
	phase(f.stderr, "writing") // what follows a judgement is its output
	return x, pol, rep.Filter(filters...), exitOK, true
}

func oneOf(s string, options ...string) bool {
	for _, o := range options {
		if s == o {
			return true
		}
	}
	return false
}

// loadPolicy decodes the policy file at path and checks its off list
// against the rule catalogue, so that every error names the policy file,
// the line and the field rather than the dataset it is applied to.
func loadPolicy(path string) (model.Policy, error) {
	fh, err := os.Open(path)
	if err != nil {
		return model.Policy{}, err
	}
	defer fh.Close()
	return model.DecodePolicy(path, fh, practices.ValidatePolicy)
}

// parseAsOf reads --as-of as the end of that day in the calendar's zone; an
// empty value means now.
func parseAsOf(s string, cal model.Calendar) (time.Time, error) {
	if s == "" {
		return time.Now(), nil
	}
	d, err := model.ParseDate(s)
	if err != nil {
		return time.Time{}, err
	}
	return d.AddDays(1).In(cal.Location(), 0).Add(-time.Second), nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func writeFindingsCSV(w io.Writer, findings []practices.Finding) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"rule", "severity", "school", "records", "date", "message"})
	for _, fd := range findings {
		cw.Write([]string{spreadsheet.Guard(fd.Rule), string(fd.Severity), spreadsheet.Guard(string(fd.School)),
			spreadsheet.Guard(strings.Join(fd.Records, ";")), fd.Date.String(), spreadsheet.Guard(fd.Message)})
	}
	cw.Flush()
	return cw.Error()
}

// writeReportText prints a report for people: the headline, findings grouped
// by school and rule, then per-rule fidelity and what could not be assessed.
// It goes out through a buffer as it is made: the national year's report
// is 5.6 MB, which built whole in memory first was copied as it grew.
func writeReportText(w io.Writer, name string, rep practices.Report) error {
	b := bufio.NewWriterSize(w, 64<<10)
	s := rep.Summary
	fmt.Fprintf(b, "%s — school year %s, as of %s\n", name, s.Year, s.AsOf.Format("2006-01-02"))
	fmt.Fprintf(b, "%d schools, %d visits: %d violations, %d advisories, %d data findings; fidelity to the non-negotiables %.1f%%\n",
		s.Schools, s.Visits, s.Violations, s.Advisories, s.Data, 100*s.Fidelity)
	fmt.Fprintf(b, "%d of %d schools visit systematically (≥%s of students, Sheldon & Jung 2018)\n",
		s.SystematicSchools, s.Schools, "10%")
	school, rule := model.SchoolID("\x00"), ""
	for _, fd := range rep.Findings {
		if fd.School != school {
			school, rule = fd.School, ""
			name := string(fd.School)
			if name == "" {
				name = "district"
			}
			fmt.Fprintf(b, "\n%s\n", name)
		}
		if fd.Rule != rule {
			rule = fd.Rule
			fmt.Fprintf(b, "  %s (%s)\n", fd.Rule, fd.Severity)
		}
		b.WriteString("    - ")
		b.WriteString(fd.Message)
		b.WriteByte('\n')
	}
	b.WriteString("\nRule                          fidelity  assessed  findings  not assessable  pending\n")
	for _, r := range rep.Rules {
		fid := "     —"
		if f, ok := r.Fidelity(); ok {
			fid = fmt.Sprintf("%5.1f%%", 100*f)
		}
		if r.Off {
			fid = "   off"
		}
		fmt.Fprintf(b, "%-29s %s  %8d  %8d  %14d  %7d\n", r.Rule, fid, r.Assessable,
			r.Violations+r.Advisories+r.Data, r.NotAssessable, r.Pending)
	}
	b.WriteString("\nCoverage (a figure, never a finding)\n")
	for _, sc := range rep.Schools {
		c := sc.Coverage
		mark := ""
		if c.Systematic {
			mark = "  systematic"
		}
		fmt.Fprintf(b, "  %-12s students %d/%d (%.0f%%), families %d/%d (%.0f%%)%s\n", sc.School,
			c.StudentsVisited, c.Students, 100*c.StudentShare(), c.FamiliesVisited, c.Families, 100*c.FamilyShare(), mark)
	}
	return b.Flush()
}
