package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/report"
	"github.com/homevisits/pthv/synth"
)

// chromium returns the path of a headless Chromium: $PTHV_CHROMIUM, else
// chromium from PATH or /usr/bin. Without one the test skips — unless
// PTHV_REQUIRE_BROWSER=1 (as CI sets it), when it fails.
func chromium(t *testing.T) string {
	t.Helper()
	candidates := []string{"chromium", "chromium-browser", "/usr/bin/chromium"}
	if env := os.Getenv("PTHV_CHROMIUM"); env != "" {
		candidates = []string{env}
	}
	for _, name := range candidates {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	msg := "no chromium found: install it (Debian: apt-get install -y chromium) to render the report in a real browser"
	if os.Getenv("PTHV_REQUIRE_BROWSER") == "1" {
		t.Fatal(msg + "; PTHV_REQUIRE_BROWSER=1 makes this a failure")
	}
	t.Skip(msg + "; set PTHV_REQUIRE_BROWSER=1 to make this a failure")
	return ""
}

// dumpDOM renders file in headless Chromium and returns the DOM after load.
func dumpDOM(t *testing.T, browser, file string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-extensions", "--no-first-run",
		"--user-data-dir="+filepath.Join(t.TempDir(), "profile"), "--window-size=1280,900",
		"--dump-dom", "file://"+file)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "chromium: %s", stderr.String())
	return string(out)
}

// measure runs in the browser after layout and writes what it saw into
// the page, for the test to read back from the dumped DOM.
const measure = `<script>
(function () {
  var out = {};
  out.h1 = document.querySelector('h1').textContent;
  out.sections = Array.prototype.map.call(document.querySelectorAll('main > section'), function (s) { return s.id; });
  out.resources = performance.getEntriesByType('resource').length;
  out.bars = Array.prototype.map.call(document.querySelectorAll('tr.school'), function (tr) {
    var svg = tr.querySelector('svg.coverage').getBoundingClientRect();
    var value = tr.querySelector('svg.coverage rect.value').getBoundingClientRect();
    var line = tr.querySelector('svg.coverage line.marker').getBoundingClientRect();
    return {school: tr.dataset.school, share: parseFloat(tr.dataset.share), svg: svg.width, value: value.width, line: line.left + line.width / 2 - svg.left};
  });
  out.practices = Array.prototype.map.call(document.querySelectorAll('tr.practice'), function (tr) { return tr.dataset.practice; });
  out.rules = Array.prototype.map.call(document.querySelectorAll('details.rule'), function (d) {
    return {rule: d.dataset.rule, count: parseInt(d.dataset.count, 10), rows: d.querySelectorAll('tbody tr').length, open: d.open};
  });
  // Open everything, then look at the audit charts as a reader would.
  document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  // A chart is an audited attribute and set; one whose figures are
  // withheld says so in place of its bars.
  out.charts = document.querySelectorAll('figure.attribute').length;
  out.suppressed = document.querySelectorAll('figure.attribute .suppressed').length;
  out.visibleCharts = Array.prototype.filter.call(document.querySelectorAll('figure.attribute'), function (s) {
    var r = s.getBoundingClientRect(); return r.width > 0 && r.height > 0; }).length;
  out.overflow = document.documentElement.scrollWidth > window.innerWidth + 1;
  var pre = document.createElement('pre');
  pre.id = 'measured';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>`

// TestHTMLInBrowser renders the demo district's report in headless
// Chromium and checks the page a reader would see: its sections, a
// coverage bar per school drawn to scale with the systematic line at 10%,
// the fidelity of P1–P5, a collapsed findings list per rule, audit charts
// with small groups suppressed, and not one network request.
func TestHTMLInBrowser(t *testing.T) {
	browser := chromium(t)
	ds, rep, page := demo(t)
	dir := t.TempDir()

	// As written: the page renders without script.
	plain := filepath.Join(dir, "report.html")
	require.NoError(t, os.WriteFile(plain, page, 0o644))
	dom := dumpDOM(t, browser, plain)
	assert.Contains(t, dom, "Coverage by school")
	assert.Contains(t, dom, "<svg class=\"bar coverage\"")

	// With a measuring script (the page's own policy forbids scripts, so
	// this copy drops it).
	instrumented := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy"[^>]*>`).ReplaceAllString(string(page), "")
	instrumented = strings.Replace(instrumented, "</body>", measure+"</body>", 1)
	probe := filepath.Join(dir, "probe.html")
	require.NoError(t, os.WriteFile(probe, []byte(instrumented), 0o644))
	dom = dumpDOM(t, browser, probe)
	m := regexp.MustCompile(`<pre id="measured">(.*?)</pre>`).FindStringSubmatch(dom)
	require.NotNil(t, m, "the measuring script did not run")
	var got struct {
		H1        string   `json:"h1"`
		Sections  []string `json:"sections"`
		Resources int      `json:"resources"`
		Bars      []struct {
			School            string
			Share, SVG, Value float64
			Line              float64
		} `json:"bars"`
		Practices []string `json:"practices"`
		Rules     []struct {
			Rule        string
			Count, Rows int
			Open        bool
		} `json:"rules"`
		Charts        int  `json:"charts"`
		Suppressed    int  `json:"suppressed"`
		VisibleCharts int  `json:"visibleCharts"`
		Overflow      bool `json:"overflow"`
	}
	require.NoError(t, json.Unmarshal([]byte(html.UnescapeString(m[1])), &got))

	assert.Equal(t, "PTHV fidelity report — Riverbend Unified School District, school year 2025-26", got.H1)
	assert.Equal(t, []string{"coverage", "fidelity", "composition", "funnel", "progress", "findings"}, got.Sections)
	assert.Zero(t, got.Resources, "the page fetches nothing")
	require.Len(t, got.Bars, len(rep.Schools))
	for i, b := range got.Bars {
		if i > 0 {
			assert.GreaterOrEqual(t, b.Share, got.Bars[i-1].Share, "the least covered school first")
		}
		assert.InDelta(t, 200, b.SVG, 0.5)
		assert.InDelta(t, b.Share*200, b.Value, 1, "%s: the bar is drawn to scale", b.School)
		assert.InDelta(t, 20, b.Line, 1.5, "%s: the systematic line sits at 10%%", b.School)
	}
	assert.Equal(t, []string{"P1", "P2", "P3", "P4", "P5"}, got.Practices)

	byRule := map[string]int{}
	for _, f := range rep.Findings {
		byRule[f.Rule]++
	}
	require.Len(t, got.Rules, len(byRule))
	for _, r := range got.Rules {
		assert.Equal(t, byRule[r.Rule], r.Count, r.Rule)
		assert.Equal(t, r.Count, r.Rows, "%s: one row per finding", r.Rule)
		assert.False(t, r.Open, "%s: findings start collapsed", r.Rule)
	}
	assert.Equal(t, len(rep.Audit), got.Charts, "one chart per audited attribute and set")
	assert.Equal(t, got.Charts, got.VisibleCharts, "opened, every chart is drawn")
	assert.Positive(t, got.Suppressed, "small groups are suppressed")
	assert.False(t, got.Overflow, "nothing runs off the side of the page")
	_ = ds
}

// pdftotext returns the path of poppler's pdftotext. Without it the print
// test skips — unless PTHV_REQUIRE_PDFTOTEXT=1 (as CI sets it), when it
// fails.
func pdftotext(t *testing.T) string {
	t.Helper()
	if path, err := exec.LookPath("pdftotext"); err == nil {
		return path
	}
	msg := "no pdftotext found: install it (Debian: apt-get install -y poppler-utils) to read the printed report"
	if os.Getenv("PTHV_REQUIRE_PDFTOTEXT") == "1" {
		t.Fatal(msg + "; PTHV_REQUIRE_PDFTOTEXT=1 makes this a failure")
	}
	t.Skip(msg + "; set PTHV_REQUIRE_PDFTOTEXT=1 to make this a failure")
	return ""
}

// TestHTMLPrints prints a district's report with Chromium's print to PDF
// and reads the PDF's text: every section that is collapsed on screen —
// the rules, the audit charts and their tables, the educators' tables,
// the findings — is on paper, and the practice names are not broken one
// word to a line.
func TestHTMLPrints(t *testing.T) {
	browser := chromium(t)
	reader := pdftotext(t)
	cfg := synth.DefaultConfig()
	cfg.Schools = 6
	ds, err := synth.District(cfg, 3)
	require.NoError(t, err)
	rep := judged(t, ds)
	var page bytes.Buffer
	require.NoError(t, report.HTML(&page, ds, rep, report.Options{}))
	dir := t.TempDir()
	file := filepath.Join(dir, "report.html")
	require.NoError(t, os.WriteFile(file, page.Bytes(), 0o644))
	pdf := filepath.Join(dir, "report.pdf")

	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-extensions", "--no-first-run",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--no-pdf-header-footer",
		"--print-to-pdf="+pdf, "file://"+file)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Run(), "chromium: %s", stderr.String())
	txt := filepath.Join(dir, "report.txt")
	out, err := exec.CommandContext(ctx, reader, "-layout", pdf, txt).CombinedOutput()
	require.NoError(t, err, "pdftotext: %s", out)
	data, err := os.ReadFile(txt)
	require.NoError(t, err)
	printed := strings.Join(strings.Fields(string(data)), " ")

	require.NotEmpty(t, rep.Findings)
	// The first findings of every rule, from its collapsed list, with
	// every record id whole.
	seen := map[string]int{}
	for _, f := range rep.Findings {
		if seen[f.Rule]++; seen[f.Rule] > 3 {
			continue
		}
		assert.Contains(t, printed, f.Rule, "a rule with findings is printed")
		for _, id := range f.Records {
			assert.Contains(t, printed, id, "%s: a finding's record is printed whole", f.Rule)
		}
	}
	assert.Contains(t, printed, "Every rule")
	assert.Contains(t, printed, "P1.family-consent", "the table of every rule")
	assert.Contains(t, printed, "Families in scope", "a composition chart's table")
	assert.Contains(t, printed, "each educator's completed visits by month", "an educators' table")
	var educator string
	for _, v := range ds.Visits {
		if v.Status == model.Completed && len(v.Visitors) > 0 {
			educator = string(v.Visitors[0])
			break
		}
	}
	assert.Contains(t, printed, educator, "an educator of a collapsed table")
	// A practice's name wraps, if at all, after several words, not after
	// each one.
	title := practices.PracticeTitle("P1")
	assert.Contains(t, printed, title[:strings.LastIndex(title[:40], " ")], "a practice's name is not broken one word to a line")
}
