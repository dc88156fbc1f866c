package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// yearRoster is a small OneRoster 1.1 export of a district of two schools
// (one family with children in both, siblings with different teachers, an
// aide, a proctor the import leaves out), written for this test.
const yearRoster = "testdata/year-roster"

// TestACoordinatorsYear drives the command line only, as the README's "A
// coordinator's year" does, from a roster to the end of the year: import →
// opt-ins and trainings (workbook) → plan --apply → answers (workbook) →
// pair → schedule --apply → completed visits, reflections, topics and
// messages (workbook) → check at the end of the year, with no violation →
// report. Every step passes --as-of, so the test never depends on today.
func TestACoordinatorsYear(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "district.json")
	step := func(args ...string) string {
		t.Helper()
		code, stdout, stderr := pthv(t, args...)
		require.Equal(t, exitOK, code, "pthv %s\n%s%s", strings.Join(args, " "), stdout, stderr)
		return stdout + stderr
	}
	sheets := func(asOf string) string {
		t.Helper()
		out := filepath.Join(dir, "sheets-"+asOf)
		step("export", "workbook", data, "--format", "csv", "--as-of", asOf, "-o", out)
		return out
	}

	// August: the roster comes from the student information system.
	out := step("import", "oneroster", yearRoster, "--tz", "America/Denver", "-o", data)
	require.Contains(t, out, "16 students in 14 families")
	require.Contains(t, out, `role "proctor" is not imported`)

	// Educators opt in and are trained; the coordinator records it in the workbook.
	wb := sheets("2025-08-11")
	educators := readSheet(t, wb, "Educators")
	var trainings [][]string
	for _, r := range educators.rows {
		r[educators.col("opted in")] = "yes"
		trainings = append(trainings, []string{r[educators.col("educator")], "2025-08-12", "initial"})
	}
	educators.write(t)
	readSheet(t, wb, "Trainings").with(trainings).write(t)
	require.Contains(t, step("import", "workbook", wb, "--into", data), "change educator e-oak-1")

	// The plan invites every family of each school — no one is targeted.
	for i, school := range []string{"org-oak", "org-pine"} {
		out = step("plan", data, "--share", "1", "--scope", "school="+school, "--seed", string(rune('1'+i)),
			"--as-of", "2025-08-25", "--apply")
		require.Contains(t, out, "add plan P-"+school+"-1")
	}
	require.Contains(t, step("plan", data, "--replay", "P-org-oak-1"), "chooses exactly the recorded families")

	// Every family says yes within the week.
	wb = sheets("2025-09-01")
	invitations := readSheet(t, wb, "Invitations")
	require.Len(t, invitations.rows, 15, "the family with children in two schools is invited by both")
	for _, r := range invitations.rows {
		r[invitations.col("answer")] = "accepted"
		r[invitations.col("answered at")] = "2025-08-28 18:00"
	}
	invitations.write(t)
	step("import", "workbook", wb, "--into", data)

	// Standing teams, then the year's first and second visits.
	teams := filepath.Join(dir, "teams.json")
	require.Contains(t, step("pair", data, "--as-of", "2025-09-01"), "0 not opted in")
	step("pair", data, "--as-of", "2025-09-01", "--format", "json", "-o", teams)
	out = step("schedule", data, "--teams", teams, "--as-of", "2025-09-01", "--apply")
	require.Equal(t, 28, strings.Count(out, "add visit "), out)

	// June: every visit took place; the visitors reflected the next day,
	// the first visits were about hopes and dreams, the second referred
	// back to them, and teacher and family wrote to each other between.
	wb = sheets("2026-06-05")
	visits := readSheet(t, wb, "Visits")
	var topics, messages [][]string
	for _, r := range visits.rows {
		id, family, visitors := r[visits.col("visit id")], r[visits.col("family")], r[visits.col("visitors")]
		day, err := time.Parse("2006-01-02", r[visits.col("date")])
		require.NoError(t, err)
		r[visits.col("status")] = "completed"
		r[visits.col("reflected at")] = day.AddDate(0, 0, 1).Format("2006-01-02") + " 15:30"
		r[visits.col("reflected by")] = visitors
		r[visits.col("bias reflected")] = "yes"
		if r[visits.col("kind")] == "first" {
			topics = append(topics, []string{id, "hopes-and-dreams", "educator"})
			teacher, _, _ := strings.Cut(visitors, ";")
			for i, dir := range []string{"school-to-family", "family-to-school"} {
				at := day.AddDate(0, 0, 7+i).Format("2006-01-02") + " 16:00"
				messages = append(messages, []string{"M-" + id + "-" + string(rune('a'+i)), family, at, dir, "email", teacher})
			}
		} else {
			topics = append(topics, []string{id, "academics", "family"})
			r[visits.col("references first")] = "yes"
		}
	}
	visits.write(t)
	readSheet(t, wb, "Topics").with(topics).write(t)
	readSheet(t, wb, "Messages").with(messages).write(t)
	step("import", "workbook", wb, "--into", data)

	// The year, judged on its last day: no violation.
	out = step("check", data, "--as-of", "2026-06-05")
	require.Contains(t, out, "0 violations")
	require.Contains(t, out, "fidelity to the non-negotiables 100.0%")
	html := filepath.Join(dir, "report.html")
	step("report", data, "--as-of", "2026-06-05", "-o", html)
	page, err := os.ReadFile(html)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(page), "<!DOCTYPE html>"))
	require.NotContains(t, string(page), "Parent G-01", "no contact data")
}

// sheet is one CSV sheet of a workbook folder, to be edited as a
// coordinator would in a spreadsheet.
type sheet struct {
	path   string
	header []string
	rows   [][]string
}

func readSheet(t *testing.T, dir, name string) *sheet {
	t.Helper()
	fh, err := os.Open(filepath.Join(dir, name+".csv"))
	require.NoError(t, err)
	defer fh.Close()
	all, err := csv.NewReader(fh).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, all, "%s has a header", name)
	return &sheet{path: fh.Name(), header: all[0], rows: all[1:]}
}

func (s *sheet) col(name string) int {
	i := slices.Index(s.header, name)
	if i < 0 {
		panic("no column " + name + " in " + s.path)
	}
	return i
}

// with appends rows.
func (s *sheet) with(rows [][]string) *sheet {
	s.rows = append(s.rows, rows...)
	return s
}

func (s *sheet) write(t *testing.T) {
	t.Helper()
	fh, err := os.Create(s.path)
	require.NoError(t, err)
	w := csv.NewWriter(fh)
	require.NoError(t, w.WriteAll(append([][]string{s.header}, s.rows...)))
	require.NoError(t, fh.Close())
}
