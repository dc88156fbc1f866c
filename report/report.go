package report

import (
	"bufio"
	"cmp"
	"fmt"
	"html"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/homevisits/pthv/internal/nilarg"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/selection"
)

// Options tune a report. The zero value is usable.
type Options struct {
	// Title heads the page. Default: "PTHV fidelity report", the district
	// and the school year.
	Title string
	// MinCellSize is the smallest group of families an audit cell shows;
	// smaller ones are suppressed so that no one can be re-identified. It
	// can be raised, never lowered below the dataset policy's (at least 10).
	MinCellSize int
	// Systematic is the share of students visited at which a school visits
	// "systematically" (Sheldon & Jung, 2018), drawn as a line on the
	// coverage bars. Default: the dataset policy's (10%).
	Systematic float64
	// MaxRows bounds the long lists, so that a national year's report stays
	// one page of a few megabytes that a browser opens at once: the
	// findings shown under each rule, and the schools whose audit charts
	// and educators' visits are drawn (schools the audit flags first). The
	// page says what it leaves out and which command lists all of it.
	// Default 100; negative shows everything.
	MaxRows int
	// Index is an index of the dataset the caller already has — from
	// model.DecodeIndex or Dataset.ValidIndex, say — which the report
	// uses instead of building its own (a national year's takes a
	// fifth of a second). An index of another dataset is ignored.
	Index *model.Index
}

// defaultMaxRows is Options.MaxRows's default: a national year (700
// schools, 34,000 findings) gives a page under 2 MB.
const defaultMaxRows = 100

// HTML writes rep, the outcome of [practices.Check] on ds, as one
// self-contained HTML page: inline CSS and SVG, no script, no fonts or
// images to fetch, readable offline and in print. The page names records
// by id only: it never reads ds.Contacts. The output depends only on its
// inputs, byte for byte.
//
// A nil w or ds, or a systematic share (from opt or the dataset's policy)
// that is NaN or above 1, is an error wrapping [model.ErrInvalid], and
// nothing is written.
func HTML(w io.Writer, ds *model.Dataset, rep practices.Report, opt Options) error {
	switch {
	case nilarg.Is(w):
		return fmt.Errorf("report: HTML: nil writer: %w", model.ErrInvalid)
	case ds == nil:
		return fmt.Errorf("report: HTML: nil dataset: %w", model.ErrInvalid)
	}
	min := max(opt.MinCellSize, ds.Policy.MinCellSize, 10)
	line := opt.Systematic
	if line <= 0 {
		line = ds.Policy.SystematicCoverage
	}
	if line <= 0 {
		line = 0.10
	}
	if math.IsNaN(line) || line > 1 {
		return fmt.Errorf("report: HTML: systematic share %v: want above 0 and up to 1: %w", line, model.ErrInvalid)
	}
	title := opt.Title
	if title == "" {
		district := ds.District.Name
		if district == "" {
			district = string(ds.District.ID)
		}
		title = fmt.Sprintf("PTHV fidelity report — %s, school year %s", district, rep.Summary.Year)
	}
	rows := opt.MaxRows
	switch {
	case rows == 0:
		rows = defaultMaxRows
	case rows < 0:
		rows = math.MaxInt
	}
	p := &page{w: bufio.NewWriterSize(w, 256<<10), min: min, line: line, rows: rows, ds: ds, rep: rep}
	x := opt.Index
	if x.Dataset() != ds {
		x = model.NewIndex(ds)
	}
	p.facts = derive(x, rep.Summary.AsOf)
	p.document(title)
	return p.w.Flush()
}

// page writes one report.
type page struct {
	w     *bufio.Writer
	min   int
	line  float64
	rows  int // Options.MaxRows, resolved
	ds    *model.Dataset
	rep   practices.Report
	facts facts
}

func (p *page) raw(s string)  { p.w.WriteString(s) }
func (p *page) text(s string) { p.w.WriteString(html.EscapeString(s)) }
func (p *page) f(format string, args ...any) {
	fmt.Fprintf(p.w, format, args...)
}

func pct(x float64) string { return strconv.FormatFloat(100*x, 'f', 1, 64) + "%" }

// num writes a count as readers write it, with thousands separators:
// 46,156.
func num(n int) string {
	s := strconv.Itoa(n)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// more says, under a list cut at shown of total items, what is left out
// and how to get all of it.
func (p *page) more(shown, total int, items, how string) {
	p.f("<p class=\"more\">The first %s of %s %s are shown; %s more are not. ", num(shown), num(total), items, num(total-shown))
	p.raw(how)
	p.raw("</p>\n")
}

func share(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

// anchor turns an id into a safe fragment: letters, digits, '-', '_' and '.'.
func anchor(prefix, id string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, "_%x", r)
		}
	}
	return b.String()
}

// thead writes a table's caption and header row: every column header
// scoped to its column. A caption marked hidden is read by screen readers
// and printed, but not drawn on screen, where the heading above says it.
func (p *page) thead(caption string, hidden bool, cols ...string) {
	if hidden {
		p.raw("<caption class=\"sr-only\">")
	} else {
		p.raw("<caption>")
	}
	p.text(caption)
	p.raw("</caption>\n<thead><tr>")
	for _, c := range cols {
		p.raw("<th scope=\"col\">")
		p.text(c)
		p.raw("</th>")
	}
	p.raw("</tr></thead>\n<tbody>\n")
}

func (p *page) document(title string) {
	p.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	p.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	p.raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
	p.raw("<title>")
	p.text(title)
	p.raw("</title>\n<style>\n")
	p.raw(stylesheet())
	p.raw("</style>\n</head>\n<body>\n")
	// The hatch that marks "families in scope" bars, so that they differ
	// from the bars of families chosen by more than their colour.
	p.f("<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\" focusable=\"false\"><defs><pattern id=\"hatch\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"4\" height=\"4\" fill=\"%s\"/><rect width=\"1.5\" height=\"4\" fill=\"%s\"/></pattern></defs></svg>\n", colorBase, colorPaper)
	p.raw("<header>\n<h1>")
	p.text(title)
	p.raw("</h1>\n")
	p.summary()
	p.raw("<nav aria-label=\"Sections\"><a href=\"#coverage\">Coverage</a> · <a href=\"#fidelity\">Fidelity</a> · <a href=\"#composition\">Who was visited</a> · <a href=\"#funnel\">First to second visit</a> · <a href=\"#progress\">Progress</a> · <a href=\"#findings\">Findings</a></nav>\n</header>\n<main>\n")
	p.coverage()
	p.fidelity()
	p.composition()
	p.funnel()
	p.progress()
	p.findings()
	p.raw("</main>\n<footer><p>Records are named by id only; no names, addresses or phone numbers appear in this report. ")
	p.f("Groups of fewer than %s families are not shown. ", num(p.min))
	p.raw("Coverage is a figure, never a finding: a coverage target is not a quota. Outcome figures from Sheldon &amp; Jung (2018) are associations, not causal effects. Printing this page prints every section, opened.</p></footer>\n</body>\n</html>\n")
}

func (p *page) summary() {
	s := p.rep.Summary
	p.raw("<dl class=\"summary\" id=\"summary\">")
	item := func(term, value, class string) {
		p.f("<div class=\"%s\"><dt>", class)
		p.text(term)
		p.raw("</dt><dd>")
		p.text(value)
		p.raw("</dd></div>")
	}
	item("As of", s.AsOf.In(p.ds.Calendar.Location()).Format("2006-01-02"), "asof")
	item("Schools", num(s.Schools), "schools")
	item("Visits recorded", num(s.Visits), "visits")
	item("Fidelity to the non-negotiables", pct(s.Fidelity), "fidelity")
	item("Violations", num(s.Violations), "violations "+map[bool]string{true: "bad", false: "good"}[s.Violations > 0])
	item("Advisories", num(s.Advisories), "advisories")
	item("Systematic schools (≥"+pct(p.line)+" of students visited)", num(s.SystematicSchools)+" of "+num(s.Schools), "systematic")
	p.raw("</dl>\n")
}

// bar draws a horizontal bar of a share with an optional marker line. The
// bar is an image named by label, which states its figures in words; the
// marker is a dark line in a white halo, visible on the bar and off it.
func (p *page) bar(value, marker float64, class, label string) {
	const width, height = 200.0, 14.0
	v := min(max(value, 0), 1) * width
	p.f("<svg class=\"bar %s\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"", class, width, height, width, height)
	p.text(label)
	p.f("\"><title>")
	p.text(label)
	p.f("</title><rect class=\"track\" width=\"%.0f\" height=\"%.0f\"/><rect class=\"value\" width=\"%.1f\" height=\"%.0f\"/>", width, height, v, height)
	if marker > 0 {
		x := min(marker, 1) * width
		p.f("<line class=\"halo\" x1=\"%.1f\" x2=\"%.1f\" y1=\"0\" y2=\"%.0f\"/><line class=\"marker\" x1=\"%.1f\" x2=\"%.1f\" y1=\"0\" y2=\"%.0f\"/>", x, x, height, x, x, height)
	}
	p.raw("</svg>")
}

// coverageOrder returns the schools of the report with the least covered
// first — those a reader looks for — then by id.
func coverageOrder(schools []practices.SchoolResult) []practices.SchoolResult {
	out := slices.Clone(schools)
	slices.SortStableFunc(out, func(a, b practices.SchoolResult) int {
		return cmp.Or(cmp.Compare(a.Coverage.StudentShare(), b.Coverage.StudentShare()), cmp.Compare(a.School, b.School))
	})
	return out
}

func (p *page) coverage() {
	p.raw("<section id=\"coverage\">\n<h2>Coverage by school</h2>\n")
	p.f("<p>Share of students and families with a completed visit. The dark line on each bar marks %s of students, the level at which Sheldon &amp; Jung (2018) found schools visiting <em>systematically</em> had lower chronic absenteeism and higher ELA proficiency for all their students. Coverage is a figure, never a quota.</p>\n", pct(p.line))
	p.raw("<table class=\"coverage\">\n")
	p.thead("Every school, the least covered first (by share of students visited)", false,
		"School", "Students visited", "Share of students", "Bar ("+pct(p.line)+" line)", "Families visited", "Share of families", "Systematic")
	for _, s := range coverageOrder(p.rep.Schools) {
		c := s.Coverage
		p.f("<tr class=\"school\" data-school=\"")
		p.text(string(s.School))
		p.f("\" data-share=\"%.4f\"><th scope=\"row\">", c.StudentShare())
		p.text(string(s.School))
		p.f("</th><td class=\"num\">%s of %s</td><td class=\"num\">%s</td><td>", num(c.StudentsVisited), num(c.Students), pct(c.StudentShare()))
		below := "at or above"
		if !c.Systematic {
			below = "below"
		}
		p.bar(c.StudentShare(), p.line, "coverage", fmt.Sprintf("%s: %s of students visited, %s the %s line", s.School, pct(c.StudentShare()), below, pct(p.line)))
		p.f("</td><td class=\"num\">%s of %s</td><td class=\"num\">%s</td>", num(c.FamiliesVisited), num(c.Families), pct(c.FamilyShare()))
		if c.Systematic {
			p.raw("<td class=\"yes\">yes ✓</td></tr>\n")
		} else {
			p.raw("<td class=\"no\">not yet</td></tr>\n")
		}
	}
	p.raw("</tbody>\n</table>\n</section>\n")
}

func (p *page) fidelity() {
	p.raw("<section id=\"fidelity\">\n<h2>Fidelity to the five non-negotiables</h2>\n")
	p.raw("<p>For each core practice: the share of judged units (visits, visitors, families, schools) that kept its non-negotiable rules. Units missing a field a rule needs are <em>not assessable</em> — record it to have them judged; units not yet due show as pending, never as findings.</p>\n")
	p.raw("<table class=\"fidelity\">\n")
	p.thead("Fidelity by core practice", true, "Practice", "Fidelity", "Bar", "Judged", "Findings", "Not assessable", "Pending")
	all := fidelityByPractice(p.rep)
	for _, pf := range all {
		if !strings.HasPrefix(pf.practice, "P") {
			continue
		}
		fid, label := share(pf.passed, pf.assessable), "—"
		if pf.assessable > 0 {
			label = pct(fid)
		}
		p.f("<tr class=\"practice\" data-practice=\"%s\"><th scope=\"row\" class=\"practice\">", pf.practice)
		p.text(practices.PracticeTitle(pf.practice))
		p.f("</th><td class=\"num\">%s</td><td>", label)
		if pf.assessable > 0 {
			p.bar(fid, 0, "fidelity", practices.PracticeTitle(pf.practice)+": "+label+" of judged units passed")
		}
		p.f("</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n",
			num(pf.assessable), num(pf.findings), num(pf.notAssess), num(pf.pending))
	}
	p.raw("</tbody>\n</table>\n")
	p.raw("<details class=\"rules\"><summary>Every rule</summary>\n<table class=\"rules\">\n")
	p.thead("Fidelity by rule", true, "Rule", "Severity", "Fidelity", "Judged", "Findings", "Not assessable", "Pending")
	for _, pf := range all {
		for _, r := range pf.rules {
			fid := "—"
			if f, ok := r.Fidelity(); ok {
				fid = pct(f)
			}
			if r.Off {
				fid = "off"
			}
			p.raw("<tr><th scope=\"row\">")
			p.text(r.Rule)
			p.raw("</th><td>")
			p.text(string(r.Severity))
			p.f("</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n",
				fid, num(r.Assessable), num(r.Violations+r.Advisories+r.Data), num(r.NotAssessable), num(r.Pending))
		}
	}
	p.raw("</tbody>\n</table>\n</details>\n</section>\n")
}

func (p *page) composition() {
	p.raw("<section id=\"composition\">\n<h2>Who was invited and visited, compared with who is enrolled</h2>\n")
	p.f("<p>For each audited attribute, the share of each value among the families in scope (gray, hatched) and among those invited or visited (blue, solid), with the counts beside each pair of bars and in a table under each chart. Visits reach all families, or a cross-section, so there is no stigma (core practice 4). Values held by fewer than %s families are not shown, so that no family can be recognized.</p>\n", num(p.min))
	if len(p.rep.Audit) == 0 {
		p.raw("<p class=\"empty\">No audit: the dataset records no invitations chosen by the school.</p>\n</section>\n")
		return
	}
	p.auditSummary()
	groups := auditBySchool(p.rep.Audit)
	shown := groups[:min(len(groups), p.rows)]
	for _, g := range shown {
		p.raw("<details class=\"school-audit\" id=\"")
		p.text(anchor("audit-", string(g.school)))
		p.raw("\"><summary>")
		p.text(string(g.school))
		if g.flagged {
			p.raw(" <span class=\"flag\">imbalance flagged</span>")
		}
		p.raw("</summary><div class=\"charts\">\n")
		for _, a := range g.results {
			p.attributeChart(a)
		}
		p.raw("</div></details>\n")
	}
	if len(shown) < len(groups) {
		p.more(len(shown), len(groups), "audited schools' charts (those with a flagged imbalance first)",
			"Every school's audit, with the same small groups left out, is in <code>pthv check --format json</code> (its <code>audit</code> list).")
	}
	p.raw("</section>\n")
}

// schoolAudit is one school's audit results, in the report's order.
type schoolAudit struct {
	school  model.SchoolID
	results []practices.AuditResult
	flagged bool // an advisory or a targeting verdict
}

// auditBySchool groups the audit by school, schools with a flagged
// imbalance first, each group in the report's order.
func auditBySchool(audit []practices.AuditResult) []schoolAudit {
	var out []schoolAudit
	for i, a := range audit {
		if i == 0 || a.School != audit[i-1].School {
			out = append(out, schoolAudit{school: a.School})
		}
		g := &out[len(out)-1]
		g.results = append(g.results, a)
		g.flagged = g.flagged || a.Verdict == selection.Advisory || a.Verdict == selection.Targeting
	}
	slices.SortStableFunc(out, func(a, b schoolAudit) int {
		switch {
		case a.flagged == b.flagged:
			return 0
		case a.flagged:
			return -1
		}
		return 1
	})
	return out
}

// auditSummary counts, per set and attribute, the audited scopes by
// verdict, and those whose figures are withheld (whatever their verdict):
// the district's view of the audit, however many schools it has.
func (p *page) auditSummary() {
	type key struct{ set, attribute string }
	type tally struct{ ok, advisory, targeting, notAssessable, withheld int }
	counts := map[key]*tally{}
	for _, a := range p.rep.Audit {
		k := key{a.Set, a.Attribute}
		t := counts[k]
		if t == nil {
			t = &tally{}
			counts[k] = t
		}
		switch a.Verdict {
		case selection.Targeting:
			t.targeting++
		case selection.Advisory:
			t.advisory++
		case selection.OK:
			t.ok++
		default:
			t.notAssessable++
		}
		if a.Withheld {
			t.withheld++
		}
	}
	keys := slices.SortedFunc(maps.Keys(counts), func(a, b key) int {
		return cmp.Or(cmp.Compare(a.set, b.set), cmp.Compare(a.attribute, b.attribute))
	})
	p.raw("<table class=\"audit-summary\">\n")
	p.thead("Audited scopes by verdict, per attribute", false, "Families", "Attribute", "Scopes audited", "Cross-section", "Advisory", "Targeting", "Not assessable", "Figures withheld")
	for _, k := range keys {
		t := counts[k]
		p.raw("<tr><td>")
		p.text(k.set)
		p.raw("</td><th scope=\"row\">")
		p.text(k.attribute)
		p.f("</th><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num%s\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n",
			num(t.ok+t.advisory+t.targeting+t.notAssessable), num(t.ok), num(t.advisory), map[bool]string{true: " bad", false: ""}[t.targeting > 0], num(t.targeting), num(t.notAssessable), num(t.withheld))
	}
	p.raw("</tbody>\n</table>\n")
}

// attributeChart draws one audited attribute: for each value, a hatched
// bar of its share among the families in scope and a solid one among
// those chosen, the figures written beside them, and the same figures in
// a table for screen readers and print. Suppressed values stay suppressed
// in the table.
func (p *page) attributeChart(a practices.AuditResult) {
	lv := levels(a.AttributeAudit, p.min)
	p.f("<figure class=\"attribute %s\" data-attribute=\"", a.Set)
	p.text(a.Attribute)
	p.raw("\"><figcaption>")
	caption := a.Attribute + " — " + a.Set
	if a.Plan != "" {
		caption += " (plan " + string(a.Plan) + ")"
	}
	p.text(caption)
	p.raw(": <span class=\"verdict ")
	p.text(string(a.Verdict))
	p.raw("\">")
	p.text(string(a.Verdict))
	p.raw("</span></figcaption>\n")
	const rowH, labelW, barW, valueW = 30, 130, 220, 250
	if a.Withheld {
		// A cell of the attribute's table is under the minimum: any of its
		// figures, or which category is small, could give that cell away.
		p.f("<p class=\"suppressed\">withheld — a group under %s</p></figure>\n", num(p.min))
		return
	}
	height := rowH*len(lv) + 4
	width := labelW + barW + valueW
	// The drawing is hidden from screen readers: the table below says
	// the same, value by value.
	p.f("<svg class=\"composition\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" aria-hidden=\"true\" focusable=\"false\">", width, height, width, height)
	name := func(l shownLevel) string {
		switch {
		case l.notRecorded:
			return "not recorded"
		case l.pooled:
			return l.level + " (pooled)"
		}
		return l.level
	}
	for i, l := range lv {
		y := i*rowH + 2
		p.f("<text class=\"label\" x=\"0\" y=\"%d\">", y+17)
		p.text(name(l))
		p.raw("</text>")
		if l.suppressed {
			p.f("<text class=\"suppressed\" x=\"%d\" y=\"%d\">fewer than %s — not shown</text>", labelW, y+17, num(p.min))
			continue
		}
		p.f("<rect class=\"population\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"11\"/>", labelW, y+1, l.popShare*barW)
		p.f("<rect class=\"chosen\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"11\"/>", labelW, y+13, l.chosenShare*barW)
		p.f("<text class=\"value\" x=\"%d\" y=\"%d\">in scope %s (%s)</text>", labelW+barW+6, y+11, pct(l.popShare), num(l.population))
		p.f("<text class=\"value\" x=\"%d\" y=\"%d\">", labelW+barW+6, y+24)
		p.text(fmt.Sprintf("%s %s (%s)", a.Set, pct(l.chosenShare), num(l.chosen)))
		p.raw("</text>")
	}
	p.raw("</svg>\n<table class=\"chart-data\">\n")
	p.thead(caption+": families by value", true, "Value", "Families in scope", "Share in scope", "Families "+a.Set, "Share "+a.Set)
	for _, l := range lv {
		p.raw("<tr><th scope=\"row\">")
		p.text(name(l))
		p.raw("</th>")
		if l.suppressed {
			p.f("<td colspan=\"4\">fewer than %s — not shown</td></tr>\n", num(p.min))
			continue
		}
		p.f("<td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n",
			num(l.population), pct(l.popShare), num(l.chosen), pct(l.chosenShare))
	}
	p.raw("</tbody>\n</table>\n</figure>\n")
}

func (p *page) funnel() {
	f := p.facts.funnel
	p.raw("<section id=\"funnel\">\n<h2>From first to second visit</h2>\n")
	p.raw("<p>Families at each step this school year. PTHV is a two-visit model: a first visit about hopes and dreams, a second in winter or spring about academics.</p>\n")
	steps := f.steps()
	const barW = 320
	p.f("<svg class=\"funnel\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" aria-hidden=\"true\" focusable=\"false\">", 260+barW+80, 26*len(steps)+4, 260+barW+80, 26*len(steps)+4)
	for i, s := range steps {
		y := i*26 + 2
		w := share(s.n, f.families) * barW
		p.f("<text class=\"label\" x=\"0\" y=\"%d\">", y+15)
		p.text(s.label)
		p.f("</text><rect class=\"step\" x=\"260\" y=\"%d\" width=\"%.1f\" height=\"18\"/><text class=\"value\" x=\"%.1f\" y=\"%d\">%s</text>", y, w, 266+w, y+15, num(s.n))
	}
	p.raw("</svg>\n<table class=\"chart-data\">\n")
	p.thead("Families at each step, district", true, "Step", "Families", "Share of families enrolled")
	for _, s := range steps {
		p.raw("<tr><th scope=\"row\">")
		p.text(s.label)
		p.f("</th><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n", num(s.n), pct(share(s.n, f.families)))
	}
	p.raw("</tbody>\n</table>\n")
	p.raw("<details><summary>By school</summary>\n<table class=\"funnel\">\n")
	cols := []string{"School"}
	for _, s := range steps {
		cols = append(cols, s.label)
	}
	p.thead("Families at each step, by school", true, cols...)
	for _, s := range p.rep.Schools {
		sf := p.facts.bySchool[s.School]
		if sf == nil {
			continue
		}
		p.raw("<tr><th scope=\"row\">")
		p.text(string(s.School))
		p.raw("</th>")
		for _, st := range sf.steps() {
			p.f("<td class=\"num\">%s</td>", num(st.n))
		}
		p.raw("</tr>\n")
	}
	p.raw("</tbody>\n</table>\n</details>\n</section>\n")
}

func (p *page) progress() {
	pr := p.facts.progress
	p.raw("<section id=\"progress\">\n<h2>Progress by month and educator</h2>\n")
	p.raw("<p>Completed visits each month of the school year (a family's first visits in blue, solid; later visits in gray, hatched; the number above each column is all visits), then each visiting educator's visits by month.</p>\n")
	peak := 1
	for _, n := range pr.total {
		peak = max(peak, n)
	}
	const colW, chartH = 52, 120
	width := colW * len(pr.months)
	p.f("<svg class=\"months\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" aria-hidden=\"true\" focusable=\"false\">", width, chartH+36, width, chartH+36)
	for i, m := range pr.months {
		x := i * colW
		h := float64(pr.total[i]) / float64(peak) * chartH
		hf := float64(pr.first[i]) / float64(peak) * chartH
		p.f("<rect class=\"later\" x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\"/>", x+6, chartH-h+14, colW-12, h)
		p.f("<rect class=\"first\" x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\"/>", x+6, chartH-hf+14, colW-12, hf)
		p.f("<text class=\"value\" x=\"%d\" y=\"%.1f\">%s</text>", x+colW/2, chartH-h+10, num(pr.total[i]))
		p.f("<text class=\"month\" x=\"%d\" y=\"%d\">%s</text>", x+colW/2, chartH+30, m.label())
	}
	p.raw("</svg>\n<table class=\"chart-data\">\n")
	p.thead("Completed visits by month", true, "Month", "All visits", "First visits")
	for i, m := range pr.months {
		p.f("<tr><th scope=\"row\">%s</th><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n", m.label(), num(pr.total[i]), num(pr.first[i]))
	}
	p.raw("</tbody>\n</table>\n")
	schools := make([]model.SchoolID, 0, len(pr.school))
	for s := range pr.school {
		schools = append(schools, s)
	}
	slices.Sort(schools)
	shown := schools[:min(len(schools), p.rows)]
	for _, s := range shown {
		rows := pr.school[s]
		name := string(s)
		if name == "" {
			name = "District staff"
		}
		p.raw("<details class=\"educators\"><summary>")
		p.text(name)
		p.f(" — %s educators visiting</summary>\n<table class=\"educators\">\n", num(len(rows)))
		cols := []string{"Educator"}
		for _, m := range pr.months {
			cols = append(cols, m.label())
		}
		p.thead(name+": each educator's completed visits by month", true, append(cols, "Total")...)
		ids := make([]string, 0, len(rows))
		for id := range rows {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			p.raw("<tr><th scope=\"row\" class=\"id\">")
			p.text(id)
			p.raw("</th>")
			total := 0
			for _, n := range rows[id] {
				total += n
				if n == 0 {
					p.raw("<td class=\"num zero\">0</td>")
				} else {
					p.f("<td class=\"num\">%s</td>", num(n))
				}
			}
			p.f("<td class=\"num total\">%s</td></tr>\n", num(total))
		}
		p.raw("</tbody>\n</table>\n</details>\n")
	}
	if len(shown) < len(schools) {
		p.more(len(shown), len(schools), "schools' educator tables",
			"<code>pthv export payroll FILE</code> lists every educator's completed visits by month.")
	}
	p.raw("</section>\n")
}

func (p *page) findings() {
	p.raw("<section id=\"findings\">\n<h2>Findings by rule</h2>\n")
	p.raw("<p>Open a rule to see its findings: each names the records by id, the date and what to change. Violations break a non-negotiable; advisories are recommendations.</p>\n")
	byRule := map[string][]practices.Finding{}
	for _, f := range p.rep.Findings {
		byRule[f.Rule] = append(byRule[f.Rule], f)
	}
	if len(p.rep.Findings) == 0 {
		p.raw("<p class=\"empty\">No findings.</p>\n</section>\n")
		return
	}
	if truncated := len(p.rep.Findings) - p.shownFindings(byRule); truncated > 0 {
		p.f("<p class=\"more\">%s findings in all; each rule shows its first %s, so %s are not shown here. ", num(len(p.rep.Findings)), num(p.rows), num(truncated))
		p.raw(findingsHow)
		p.raw("</p>\n")
	}
	p.raw("<ul class=\"rule-index\">")
	for _, r := range p.rep.Rules {
		fs := byRule[r.Rule]
		if len(fs) == 0 {
			continue
		}
		p.raw("<li><a href=\"#")
		p.text(anchor("rule-", r.Rule))
		p.raw("\">")
		p.text(r.Rule)
		p.f("</a> <span class=\"count\">%s</span></li>", num(len(fs)))
	}
	p.raw("</ul>\n")
	for _, r := range p.rep.Rules {
		fs := byRule[r.Rule]
		if len(fs) == 0 {
			continue
		}
		rule, _ := practices.RuleByID(r.Rule)
		p.raw("<details class=\"rule ")
		p.text(string(r.Severity))
		p.raw("\" id=\"")
		p.text(anchor("rule-", r.Rule))
		p.raw("\" data-rule=\"")
		p.text(r.Rule)
		p.f("\" data-count=\"%d\"><summary><strong>", len(fs))
		p.text(r.Rule)
		p.raw("</strong> ")
		p.text(rule.Title)
		p.f(" <span class=\"count\">%s</span></summary>\n<table class=\"findings\">\n", num(len(fs)))
		p.thead("Findings of "+r.Rule, true, "School", "Date", "Severity", "Records", "Finding")
		shown := fs[:min(len(fs), p.rows)]
		for _, f := range shown {
			p.raw("<tr><td>")
			p.text(string(f.School))
			p.raw("</td><td>")
			p.text(f.Date.String())
			p.raw("</td><td>")
			p.text(string(f.Severity))
			p.raw("</td><td class=\"ids\">")
			for i, id := range f.Records {
				if i > 0 {
					p.raw(" ")
				}
				// An id never breaks at its hyphens.
				p.raw("<span class=\"id\">")
				p.text(id)
				p.raw("</span>")
			}
			p.raw("</td><td>")
			p.text(f.Message)
			p.raw("</td></tr>\n")
		}
		p.raw("</tbody>\n</table>\n")
		if len(shown) < len(fs) {
			p.more(len(shown), len(fs), "findings of "+html.EscapeString(r.Rule), "All of them are in the CSV of every finding: <code>pthv report --findings-csv FILE</code>.")
		}
		p.raw("</details>\n")
	}
	p.raw("</section>\n")
}

// findingsHow tells a reader of a page that leaves findings out where to
// find every one of them.
const findingsHow = "Every finding is in the CSV that <code>pthv report --findings-csv FILE</code> writes beside the page (the same as <code>pthv check --format csv</code>)."

// shownFindings is how many findings the page lists, over every rule.
func (p *page) shownFindings(byRule map[string][]practices.Finding) int {
	n := 0
	for _, fs := range byRule {
		n += min(len(fs), p.rows)
	}
	return n
}

// css styles the page, on screen and in print, with the palette's
// colours only (palette.go declares them as variables). In print every
// section is opened — details::details-content is shown, the way Chromium
// 131+, Safari 18.4+ and Firefox 143+ let a page style it —, the data
// tables behind the charts are printed, and table headers repeat on each
// page.
const css = `*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--paper)}
header,main,footer{max-width:1100px;margin:0 auto;padding:0 20px}
h1{font-size:1.6em;margin:.8em 0 .3em}
h2{font-size:1.25em;margin:1.6em 0 .4em;border-bottom:2px solid var(--rule);padding-bottom:.2em}
nav{margin:.6em 0 1em;color:var(--muted)}
a{color:var(--done)}
.summary{display:flex;flex-wrap:wrap;gap:10px;margin:.5em 0}
.summary div{border:1px solid var(--rule);border-radius:6px;padding:6px 12px;min-width:130px}
.summary dt{font-size:.8em;color:var(--muted)}
.summary dd{margin:0;font-size:1.3em;font-weight:600}
.summary .bad dd{color:var(--bad)}
table{border-collapse:collapse;margin:.5em 0;font-size:.92em}
caption{text-align:left;font-size:.85em;color:var(--muted);padding:2px 0}
th,td{padding:3px 8px;border-bottom:1px solid var(--rule);text-align:left;vertical-align:middle}
thead th{font-size:.85em;color:var(--muted);font-weight:600}
th.practice{min-width:16em}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.zero{color:var(--muted)}
td.yes{color:var(--good);font-weight:600}
td.bad{color:var(--bad);font-weight:600}
td.no{color:var(--muted)}
svg text{font:12px system-ui,sans-serif;fill:var(--ink)}
svg .track{fill:var(--track)}
svg .value{fill:var(--done)}
svg text.value{fill:var(--ink)}
svg .halo{stroke:var(--paper);stroke-width:5}
svg .marker{stroke:var(--ink);stroke-width:2}
svg .population{fill:url(#hatch)}
svg .chosen,svg .step,svg .first{fill:var(--done)}
svg .later{fill:url(#hatch)}
svg .suppressed{fill:var(--muted);font-style:italic}
svg .month{text-anchor:middle;fill:var(--muted)}
svg text.value{text-anchor:start}
.months text.value{text-anchor:middle}
svg.defs{position:absolute}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
table.chart-data{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)}
details{margin:.4em 0}
summary{cursor:pointer}
.charts{display:flex;flex-wrap:wrap;gap:8px 24px}
figure{margin:.4em 0}
figcaption{font-size:.9em;color:var(--muted)}
.verdict{font-weight:600}
.verdict.targeting{color:var(--bad)}
.verdict.advisory{color:var(--warn)}
.rule-index{display:flex;flex-wrap:wrap;gap:4px 14px;padding:0;list-style:none}
.count{display:inline-block;min-width:1.6em;padding:0 .4em;border-radius:1em;background:var(--track);color:var(--ink);text-align:center;font-size:.85em}
details.violation>summary strong{color:var(--bad)}
td.ids{font-family:ui-monospace,monospace;font-size:.9em}
.id{white-space:nowrap}
.empty{color:var(--muted);font-style:italic}
.more{color:var(--muted);font-style:italic}
.flag{color:var(--bad);font-size:.85em}
footer{margin:2em auto;color:var(--muted);font-size:.85em}
@media print{
body{font-size:10pt}
header,main,footer{max-width:none;padding:0}
nav{display:none}
details::details-content{content-visibility:visible;display:block}
details>summary{list-style:none;font-weight:600;margin-top:.6em}
table{width:100%}
thead{display:table-header-group}
tr,figure{break-inside:avoid}
h2{break-after:avoid}
table.chart-data,.sr-only{position:static;width:auto;height:auto;margin:.3em 0;overflow:visible;clip:auto;white-space:normal}
td.ids{min-width:9em}
a{color:var(--ink);text-decoration:none}
}
`
