// Package report writes the outcome of a PTHV fidelity check as one
// self-contained HTML page a principal or coordinator can open offline,
// print, or mail: inline CSS and SVG, no script, nothing fetched from a
// network (the page's Content-Security-Policy forbids it).
//
//	rep, err := practices.Check(ds, asOf, nil)
//	err = report.HTML(w, ds, rep, report.Options{})
//
// The page shows, in order:
//
//   - coverage by school, the least covered first: the share of students
//     and families visited, against the 10% line at which Sheldon & Jung (2018) found schools
//     visiting "systematically" — a figure, never a finding or a quota;
//   - fidelity to each non-negotiable (P1–P5): passing ÷ judged units of
//     its violation rules, with what could not be assessed and what is not
//     yet due, and every rule's counts;
//   - who was invited and visited compared with who is enrolled, per
//     school and audited attribute (core practice 4), from the report's
//     targeting audit; values held by fewer than [Options.MinCellSize]
//     families (at least 10) are suppressed, together with the next
//     smallest when one alone would be hidden, and an attribute the audit
//     withheld (a cell of its table under the policy's minimum) shows no
//     figure and names no value, so no family can be recognized;
//   - the funnel from enrolled families to invitations, agreement, first
//     visits, reflections and second visits;
//   - completed visits by month (first visits apart) and by educator and
//     month within each school;
//   - the findings, grouped by rule in collapsible sections, each naming
//     its records by id.
//
// The page reads for everyone. Its colours (palette.go) hold WCAG 2.x
// contrast — text 4.5:1, chart marks 3:1 — and come from Okabe and Ito's
// palette for colour-blind readers, and colour never carries meaning
// alone: the in-scope bars are hatched, the chosen ones solid, the
// systematic line is a dark line in a white halo, and verdicts, coverage
// and "yes" are words. Every chart is either an image whose accessible
// name states its figures or is hidden from screen readers beside a
// table of the same figures (printed, and suppressed as the chart is);
// every table has a caption and scoped header cells; counts are written
// with thousands separators (46,156).
//
// Printed (or saved as PDF), the page opens every collapsed section — the
// rules, the audit charts, the educators' tables, the findings —, repeats
// table headers on each page and keeps rows and ids whole. It does so in
// CSS alone, through details::details-content (Chromium 131 and later,
// Safari 18.4, Firefox 143), rather than by writing every section twice,
// which would double the page; the print test checks it in Chromium.
//
// A large district's page stays one file of a few megabytes (a national
// year of 700 schools: 2.2 MB) that a browser opens at once: every
// school keeps its row in the coverage and funnel tables and the audit is
// summed up per attribute, but the long lists — each rule's findings, and
// the schools whose audit charts and educators' visits are drawn — show
// their first [Options.MaxRows] entries (100; schools the audit flags
// come first), and the page says how many it leaves out and which command
// lists them all: "pthv report --findings-csv FILE" writes every finding
// beside the page.
//
// The report names records by id only and never reads the dataset's
// contacts section. Its output depends only on its inputs: the same
// dataset and report give the same bytes.
package report
