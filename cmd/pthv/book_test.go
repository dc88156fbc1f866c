package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
)

// bookF1 is a clean booking of small.json's family F1 by its pair.
var bookF1 = []string{"--family", "F1", "--visitors", "E-T1,E-LI", "--at", "2025-10-02T16:00", "--as-of", "2025-09-20"}

func TestBookDryRunThenApply(t *testing.T) {
	dir := t.TempDir()
	path := copyFile(t, small, dir, "ds.json", 0o644)
	original, _ := os.ReadFile(path)

	code, stdout, stderr := pthv(t, append([]string{"book", path}, bookF1...)...)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "Breaks no rule decided at booking.")
	assert.Contains(t, stdout, "Pass --apply")

	code, stdout, stderr = pthv(t, append([]string{"book", path, "--dry-run"}, bookF1...)...)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "would change 1 record(s):\n  add visit BK-F1-20251002-1600\n")
	got, _ := os.ReadFile(path)
	require.Equal(t, string(original), string(got), "a dry run writes nothing")

	code, stdout, stderr = pthv(t, append([]string{"book", path, "--apply", "--students", "ST1", "--duration", "35m",
		"--location", "library", "--requested-by", "family", "--topics", "academics:educator,hopes-and-dreams", "--interpreter", "E-DC"}, bookF1...)...)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "changes 1 record(s):\n  add visit BK-F1-20251002-1600\n")
	ds, err := loadDataset(path)
	require.NoError(t, err)
	v := ds.Visits[len(ds.Visits)-1]
	loc := ds.Calendar.Location()
	assert.Equal(t, model.VisitID("BK-F1-20251002-1600"), v.ID)
	assert.Equal(t, model.Scheduled, v.Status)
	assert.Equal(t, model.SecondVisit, v.Kind, "F1's first visit is completed")
	assert.True(t, v.Start.Equal(time.Date(2025, time.October, 2, 16, 0, 0, 0, loc)), "%s", v.Start)
	assert.True(t, v.ArrangedAt.Equal(time.Date(2025, time.September, 20, 23, 59, 59, 0, loc)), "%s", v.ArrangedAt)
	assert.Equal(t, model.Duration(35*time.Minute), v.Duration)
	assert.Equal(t, model.Location{Kind: model.Library, RequestedBy: model.ByFamily}, v.Location)
	assert.Equal(t, []model.EducatorID{"E-T1", "E-LI"}, v.Visitors)
	assert.Equal(t, []model.StudentID{"ST1"}, v.Students)
	assert.Equal(t, []model.Interpreter{{Educator: "E-DC"}}, v.Interpreters)
	assert.Equal(t, []model.Topic{{Kind: model.Academics, RaisedBy: model.ByEducator}, {Kind: model.HopesAndDreams}}, v.Topics)
	requireNoTemporaryFiles(t, dir)
}

// A booking that breaks a ● rule lists it by id, exits 1 and writes
// nothing, even with --apply; so does one that clashes with a visit on
// record.
func TestBookViolationWritesNothing(t *testing.T) {
	dir := t.TempDir()
	path := copyFile(t, small, dir, "ds.json", 0o644)
	original, _ := os.ReadFile(path)
	code, stdout, stderr := pthv(t, "book", path, "--family", "F2", "--visitors", "E-T1", "--at", "2025-10-02T16:00",
		"--topics", "academics:educator", "--as-of", "2025-09-20", "--apply")
	require.Equal(t, exitFindings, code, stderr)
	for _, rule := range []string{"P1.family-consent", "P1.declined-respected", "P3.first-visit-no-agenda", "P5.pair"} {
		assert.Contains(t, stdout, "● "+rule+" (violation): ")
	}
	assert.Contains(t, stdout, "nothing recorded")
	for _, private := range []string{"Rosa Example", "555-0100", "1 Example Way"} {
		assert.NotContains(t, stdout, private)
	}
	got, _ := os.ReadFile(path)
	require.Equal(t, string(original), string(got))

	// A drop-in: booked on the day, after it started.
	code, stdout, _ = pthv(t, "book", path, "--family", "F1", "--visitors", "E-T1,E-LI", "--at", "2025-10-02T16:00", "--as-of", "2025-10-02", "--apply")
	require.Equal(t, exitFindings, code)
	assert.Contains(t, stdout, "● P1.arranged-in-advance (violation)")

	// V2 is on record on 2026-03-03 at 16:00 with the same visitors.
	code, stdout, _ = pthv(t, "book", path, "--family", "F1", "--visitors", "E-T1,E-LI", "--at", "2026-03-03T16:20", "--as-of", "2026-02-20", "--apply")
	require.Equal(t, exitFindings, code)
	assert.Contains(t, stdout, "✗ visitor E-T1 is already on visit V2 Tue 2026-03-03 16:00–16:40")
	got, _ = os.ReadFile(path)
	require.Equal(t, string(original), string(got))
}

func TestBookBadInputExits2(t *testing.T) {
	dir := t.TempDir()
	path := copyFile(t, small, dir, "ds.json", 0o644)
	original, _ := os.ReadFile(path)
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"--family", "F9", "--visitors", "E-T1,E-X", "--students", "ST2", "--interpreter", "I-7", "--at", "2025-10-02T16:00"},
			[]string{`--family: unknown family "F9" (known: F1, F2)`, `--visitors: unknown educator "E-X" (known: E-DC, E-LI, E-PR, E-T1)`, `--students: student "ST2" belongs to family "F2", not "F9"`,
				`--interpreter: no educator or recorded interpreter "I-7"`}},
		{[]string{"--family", "F1", "--visitors", "E-T1,E-LI", "--students", "ST9", "--at", "2025-10-02T16:00"}, []string{`--students: unknown student "ST9" (known: ST1, ST2)`}},
		{[]string{"--family", "F1", "--visitors", "E-T1,E-LI", "--id", "V1", "--at", "2025-10-02T16:00"}, []string{`--id: visit "V1" is already in the dataset`}},
		{[]string{"--family", "F1", "--visitors", "E-T1,E-LI", "--at", "2025-10-02"}, []string{"--at \"2025-10-02\": want YYYY-MM-DDTHH:MM"}},
		{[]string{"--family", "F1", "--visitors", "E-T1,E-LI", "--at", "2025-10-02T25:00"}, []string{`--at "2025-10-02T25:00": hour out of range`}},
		{[]string{"--family", "F1", "--visitors", "E-T1,E-LI", "--at", "2026-03-08T02:30"}, []string{"no such time in America/Los_Angeles"}},
		{[]string{"--family", "F1", "--visitors", "E-T1,E-LI", "--at", "2026-08-02T16:00"}, []string{"outside the school year 2025-26"}},
		{[]string{"--family", "F1", "--at", "2025-10-02T16:00"}, []string{"--visitors: required"}},
		{[]string{"--family", "F1", "--visitors", "E-T1,E-LI", "--at", "2025-10-02T16:00", "--location", "moon"}, []string{"--location"}},
		{[]string{"--family", "F1", "--visitors", "E-T1,E-LI", "--at", "2025-10-02T16:00", "--kind", "third"}, []string{"--kind"}},
		{[]string{"--family", "F1", "--visitors", "E-T1,E-LI", "--at", "2025-10-02T16:00", "--duration", "-5m"}, []string{"--duration"}},
		{[]string{"--family", "F1", "--visitors", "E-T1,E-LI", "--at", "2025-10-02T16:00", "--topics", "gossip"}, []string{"--topics"}},
		{[]string{"--family", "F1", "--visitors", "E-T1,E-LI", "--at", "2025-10-02T16:00", "--dry-run"}, []string{"--apply and --dry-run: choose one"}},
	} {
		args := append([]string{"book", path, "--as-of", "2025-09-20", "--apply"}, c.args...)
		code, stdout, stderr := pthv(t, args...)
		assert.Equal(t, exitUsage, code, "%v: %s", c.args, stdout)
		for _, w := range c.want {
			assert.Contains(t, stderr, w, "%v", c.args)
		}
		assert.Empty(t, stdout, "%v", c.args)
	}
	got, _ := os.ReadFile(path)
	require.Equal(t, string(original), string(got))
	entries, _ := os.ReadDir(dir)
	assert.Len(t, entries, 1)
}

// A booking written elsewhere with --to leaves the input as it was.
func TestBookApplyTo(t *testing.T) {
	dir := t.TempDir()
	path := copyFile(t, small, dir, "ds.json", 0o644)
	original, _ := os.ReadFile(path)
	out := filepath.Join(dir, "booked.json")
	code, _, stderr := pthv(t, append([]string{"book", path, "--apply", "--to", out}, bookF1...)...)
	require.Equal(t, exitOK, code, stderr)
	got, _ := os.ReadFile(path)
	require.Equal(t, string(original), string(got))
	ds, err := loadDataset(out)
	require.NoError(t, err)
	assert.Equal(t, model.VisitID("BK-F1-20251002-1600"), ds.Visits[len(ds.Visits)-1].ID)
}
