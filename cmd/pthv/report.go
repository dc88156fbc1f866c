package main

import (
	"bytes"
	"io"

	"github.com/homevisits/pthv/internal/safefile"
	"github.com/homevisits/pthv/report"
)

// runReport: pthv report data.json [--as-of DATE] -o report.html
func runReport(args []string, stdout, stderr io.Writer) int {
	f := newFlags("report", "FILE", "Report judges a dataset like \"pthv check\" and writes the fidelity report as one\n"+
		"self-contained HTML page (no script, nothing fetched): coverage by school\nagainst the 10% \"systematic\" line, fidelity to each non-negotiable, who was\n"+
		"invited and visited compared with who is enrolled (small groups suppressed),\nthe first-to-second-visit funnel, progress by month and educator, and the\n"+
		"findings by rule. Ids only, never contact data. A large district's page shows\nthe first rows of its long lists and says what it leaves out; --findings-csv\nwrites every finding beside it (as \"pthv check --format csv\"). Exit codes as\nfor \"pthv check\": 1 when the report has a violation (the page is written all\nthe same), 0 when it has none (advisories allowed), 2 on bad input.", stdout, stderr)
	asOfFlag := f.String("as-of", "", "judge as of this date (YYYY-MM-DD, end of day in the district's time zone; default now)")
	policyFile := f.String("policy", "", "policy JSON file overriding the dataset's policy")
	rules := f.String("rules", "", "only these rules, comma-separated: P5.*,P1.notice,P3")
	title := f.String("title", "", "the page's title (default: the district and school year)")
	out := f.String("o", "", "output HTML file (default stdout)")
	findingsCSV := f.String("findings-csv", "", "also write every finding to this CSV file, as \"pthv check --format csv\" does")
	pos, code, done := f.parse(args, 1, 1)
	if done {
		return code
	}
	if *findingsCSV == "-" && safefile.IsStdio(*out) {
		return f.fail("--findings-csv -: the page goes to standard output; write it with -o FILE")
	}
	if f.refuseOverwrite([]string{pos[0], *policyFile}, *out, *findingsCSV) {
		return exitUsage
	}
	x, pol, rep, code, ok := judge(f, "report", pos[0], *policyFile, *asOfFlag, *rules)
	if !ok {
		return code
	}
	var buf bytes.Buffer
	opt := report.Options{Title: *title, MinCellSize: pol.MinCellSize, Systematic: pol.SystematicCoverage, Index: x}
	if err := report.HTML(&buf, x.Dataset(), rep, opt); err != nil {
		return inputError(stderr, "report", err)
	}
	if *findingsCSV != "" {
		err := writeTo(*findingsCSV, stdout, func(w io.Writer) error { return writeFindingsCSV(w, rep.Findings) })
		if err != nil {
			return inputError(stderr, "report", err)
		}
	}
	if code := writeOutputBytes("report", *out, stdout, stderr, buf.Bytes()); code != exitOK {
		return code
	}
	if rep.HasViolation() {
		return exitFindings
	}
	return exitOK
}
