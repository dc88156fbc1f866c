// Package report writes the outcome of a PTHV fidelity check as one
// self-contained HTML page a principal or coordinator can open offline,
// print, or mail: inline CSS and SVG, no script, nothing fetched from a
// network (the page's Content-Security-Policy forbids it).
//
//	rep, err := practices.Check(ds, asOf, ds.Policy)
//	err = report.HTML(w, ds, rep, report.Options{})
//
// The page shows, in order:
//
//   - coverage by school: the share of students and families visited,
//     against the 10% line at which Sheldon & Jung (2018) found schools
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
// A large district's page stays one file of a few megabytes (a national
// year of 700 schools: under 2 MB) that a browser opens at once: every
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
