package report_test

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/report"
	"github.com/homevisits/pthv/synth"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// pageCap is the most a report page may weigh: a national year's report
// must open at once in a browser and travel by mail.
const pageCap = 5 << 20

// judged checks ds as of the day after its school year.
func judged(t testing.TB, ds *model.Dataset) practices.Report {
	t.Helper()
	asOf := ds.Year.LastDay.AddDays(1).In(ds.Calendar.Location(), model.NewClock(12, 0))
	rep, err := practices.Check(ds, asOf, nil)
	require.NoError(t, err)
	return rep
}

var (
	ruleRows = regexp.MustCompile(`(?s)<details class="rule [^"]*" id="[^"]*" data-rule="([^"]*)" data-count="(\d+)">.*?</details>`)
	moreNote = regexp.MustCompile(`<p class="more">The first ([\d,]+) of ([\d,]+) ([^<]*?) are shown; ([\d,]+) more are not\.`)
	// grouped prints counts as the page writes them, with thousands
	// separators (golang.org/x/text, not the package's own helper).
	grouped    = message.NewPrinter(language.English)
	csvCommand = "pthv report --findings-csv FILE"
)

// TestHTMLLargeDistrictStaysSmall: a district of 150 schools — more
// schools and more findings per rule than a page lists — gives a page
// under the cap that lists the first rows of each long list and says how
// many it leaves out and where to find them.
func TestHTMLLargeDistrictStaysSmall(t *testing.T) {
	cfg := synth.DefaultConfig()
	cfg.Schools, cfg.StudentsPerSchool, cfg.Contacts = 150, 120, true
	ds, err := synth.District(cfg, 7)
	require.NoError(t, err)
	rep := judged(t, ds)
	var out bytes.Buffer
	require.NoError(t, report.HTML(&out, ds, rep, report.Options{}))
	page := out.String()
	require.Less(t, out.Len(), pageCap)
	t.Logf("%d schools, %d findings: %d bytes", len(ds.Schools), len(rep.Findings), out.Len())
	require.Greater(t, rep.Summary.Visits, 999, "a district with counts in the thousands")
	require.Contains(t, page, grouped.Sprintf("<dd>%d</dd>", rep.Summary.Visits), "the visits recorded, grouped")
	requireGrouped(t, page)

	byRule := map[string]int{}
	for _, f := range rep.Findings {
		byRule[f.Rule]++
	}
	cut := 0
	for _, m := range ruleRows.FindAllStringSubmatch(page, -1) {
		count, _ := strconv.Atoi(m[2])
		require.Equal(t, byRule[m[1]], count, "%s: the count is of every finding", m[1])
		rows := strings.Count(m[0], "<tr><td>")
		require.Equal(t, min(count, 100), rows, "%s: the first 100 findings", m[1])
		if count > 100 {
			cut++
			assert.Contains(t, m[0], grouped.Sprintf("The first 100 of %d findings of %s are shown; %d more are not.", count, m[1], count-100))
			assert.Contains(t, m[0], csvCommand)
		}
	}
	require.Positive(t, cut, "some rule has more findings than a page lists")
	schools := map[model.SchoolID]bool{}
	for _, a := range rep.Audit {
		schools[a.School] = true
	}
	audited := len(schools)
	// The page is too long to print when an assertion fails: look for
	// the notes among the notes.
	var notes []string
	for _, m := range moreNote.FindAllStringSubmatch(page, -1) {
		if !strings.HasPrefix(m[3], "findings of ") {
			notes = append(notes, m[0])
		}
	}
	assert.Equal(t, []string{
		fmt.Sprintf(`<p class="more">The first 100 of %d audited schools' charts (those with a flagged imbalance first) are shown; %d more are not.`, audited, audited-100),
		fmt.Sprintf(`<p class="more">The first 100 of %d schools' educator tables are shown; %d more are not.`, educatorTables(ds), educatorTables(ds)-100),
	}, notes)
	assert.Equal(t, 150, strings.Count(page, `<tr class="school"`), "every school's coverage")
	for _, c := range ds.Contacts.Families {
		for _, g := range c.Guardians {
			require.False(t, strings.Contains(page, g.Name), "a guardian's name is on the page")
		}
	}
}

// educatorTables is the number of tables of educators' visits by month
// the report has when nothing is left out: one per school with an
// educator who visited, district staff apart.
func educatorTables(ds *model.Dataset) int {
	school := map[model.EducatorID]model.SchoolID{}
	for _, e := range ds.Educators {
		school[e.ID] = e.School
	}
	seen := map[model.SchoolID]bool{}
	for _, v := range ds.Visits {
		if v.Status != model.Completed {
			continue
		}
		for _, id := range v.Visitors {
			if s, ok := school[id]; ok {
				seen[s] = true
			}
		}
	}
	return len(seen)
}

// TestHTMLMaxRows: the limit applies to findings per rule and to schools'
// details; a negative limit lists everything.
func TestHTMLMaxRows(t *testing.T) {
	ds, rep, _ := demo(t)
	var out bytes.Buffer
	require.NoError(t, report.HTML(&out, ds, rep, report.Options{MaxRows: 2}))
	page := out.String()
	notes := moreNote.FindAllStringSubmatch(page, -1)
	require.NotEmpty(t, notes)
	for _, m := range notes {
		shown, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
		total, _ := strconv.Atoi(strings.ReplaceAll(m[2], ",", ""))
		left, _ := strconv.Atoi(strings.ReplaceAll(m[4], ",", ""))
		assert.Equal(t, 2, shown, m[0])
		assert.Equal(t, total-shown, left, m[0])
	}
	assert.Equal(t, 2, strings.Count(page, `<details class="school-audit"`), "two schools' audit charts")
	assert.Equal(t, 2, strings.Count(page, `<details class="educators"`), "two schools' educators")
	assert.Contains(t, page, grouped.Sprintf("%d findings in all; each rule shows its first 2", len(rep.Findings)))

	out.Reset()
	require.NoError(t, report.HTML(&out, ds, rep, report.Options{MaxRows: -1}))
	all := out.String()
	assert.NotContains(t, all, `<p class="more">`)
	assert.Equal(t, len(rep.Findings), strings.Count(all[strings.Index(all, `<section id="findings">`):], "<tr><td>"), "every finding")
}

// TestHTMLNationalStaysSmall renders the national year's report from a
// file and holds it to the cap; it logs the time the page took, which
// BenchmarkHTML measures properly. It runs only when PTHV_BENCH_DATASET
// names the file that "pthv synth --national" writes (BENCHMARKS.md).
func TestHTMLNationalStaysSmall(t *testing.T) {
	path := os.Getenv("PTHV_BENCH_DATASET")
	if path == "" {
		t.Skip("PTHV_BENCH_DATASET names no dataset file")
	}
	f, err := os.Open(path)
	require.NoError(t, err)
	ds, err := model.DecodeDataset(path, f)
	f.Close()
	require.NoError(t, err)
	rep := judged(t, ds)
	cw := &countWriter{}
	start := time.Now()
	require.NoError(t, report.HTML(cw, ds, rep, report.Options{}))
	t.Logf("%d schools, %d findings: %d bytes in %v", len(ds.Schools), len(rep.Findings), cw.n, time.Since(start))
	require.Less(t, cw.n, pageCap)
}
