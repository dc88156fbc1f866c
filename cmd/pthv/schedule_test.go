package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
)

// freshYear writes into dir a synthetic one-school district with no visit
// recorded yet, edited by edit (when not nil), and returns its path.
func freshYear(t *testing.T, dir string, edit func(ds *model.Dataset)) string {
	t.Helper()
	path := filepath.Join(dir, "district.json")
	code, _, stderr := pthv(t, "synth", "--schools", "1", "--students-per-school", "60", "-o", path)
	require.Equal(t, exitOK, code, stderr)
	ds, err := loadDataset(path)
	require.NoError(t, err)
	ds.Visits = nil
	if edit != nil {
		edit(ds)
	}
	require.NoError(t, writeDatasetFile(path, nil, ds))
	return path
}

// scheduledIDs returns the ids of the appointments "pthv schedule --format
// json" prints.
func scheduledIDs(t *testing.T, args ...string) []model.VisitID {
	t.Helper()
	code, stdout, stderr := pthv(t, append([]string{"schedule", "--format", "json"}, args...)...)
	require.Equal(t, exitOK, code, stderr)
	var s struct {
		Appointments []struct {
			ID model.VisitID `json:"id"`
		} `json:"appointments"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &s))
	ids := make([]model.VisitID, len(s.Appointments))
	for i, a := range s.Appointments {
		ids[i] = a.ID
	}
	return ids
}

func TestScheduleApplyRecordsTheAppointments(t *testing.T) {
	dir := t.TempDir()
	path := freshYear(t, dir, nil)
	want := scheduledIDs(t, path, "--as-of", "2025-08-20")
	require.NotEmpty(t, want)
	original, err := os.ReadFile(path)
	require.NoError(t, err)

	code, stdout, stderr := pthv(t, "schedule", path, "--as-of", "2025-08-20", "--dry-run")
	require.Equal(t, exitOK, code, stderr)
	for _, id := range want {
		assert.Contains(t, stdout, "add visit "+string(id))
	}
	assert.Contains(t, stdout, "would change")
	got, _ := os.ReadFile(path)
	require.Equal(t, string(original), string(got), "a dry run writes nothing")

	code, stdout, stderr = pthv(t, "schedule", path, "--as-of", "2025-08-20", "--apply")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "changes")
	ds, err := loadDataset(path)
	require.NoError(t, err)
	require.Len(t, ds.Visits, len(want))
	for i, v := range ds.Visits {
		assert.Equal(t, want[i], v.ID)
		assert.Equal(t, model.Scheduled, v.Status)
		assert.Len(t, v.Visitors, 2)
		assert.NotEmpty(t, v.Students)
		assert.NotZero(t, v.Duration)
		assert.NotEmpty(t, v.Location.Kind)
		assert.False(t, v.ArrangedAt.IsZero())
	}
	requireNoTemporaryFiles(t, dir)

	// Planned again, the recorded visits are on record: nothing new, and
	// no id is reused.
	code, stdout, stderr = pthv(t, "schedule", path, "--as-of", "2025-08-20", "--apply")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "nothing to record")
	assert.Contains(t, stdout, "are on record")

	// The recorded visits keep the rules decided at booking.
	code, stdout, stderr = pthv(t, "check", path, "--as-of", "2025-08-20", "--rules",
		"P1.family-consent,P1.educator-consent,P1.arranged-in-advance,P2.trained,P5.pair", "--format", "csv")
	require.Equal(t, exitOK, code, stderr+stdout)
}

// A --format json schedule with --dry-run keeps stdout for the JSON and
// lists the changes on stderr.
func TestScheduleDryRunKeepsJSONClean(t *testing.T) {
	path := freshYear(t, t.TempDir(), nil)
	code, stdout, stderr := pthv(t, "schedule", path, "--as-of", "2025-08-20", "--format", "json", "--dry-run")
	require.Equal(t, exitOK, code, stderr)
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &doc))
	assert.Contains(t, stderr, "would change")
}

// The CSV of a schedule is a visit log that "pthv import visits" reads
// into the dataset.
func TestScheduleCSVIsAVisitLog(t *testing.T) {
	dir := t.TempDir()
	path := freshYear(t, dir, nil)
	want := scheduledIDs(t, path, "--as-of", "2025-08-20")
	log := filepath.Join(dir, "schedule.csv")
	code, _, stderr := pthv(t, "schedule", path, "--as-of", "2025-08-20", "--format", "csv", "-o", log)
	require.Equal(t, exitOK, code, stderr)
	raw, err := os.ReadFile(log)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(raw), "visit_id,family,students,kind,status,"), "%.80s", raw)

	code, stdout, stderr := pthv(t, "import", "visits", log, "--into", path)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "added")
	ds, err := loadDataset(path)
	require.NoError(t, err)
	require.Len(t, ds.Visits, len(want))
	for i, v := range ds.Visits {
		assert.Equal(t, want[i], v.ID)
		assert.Equal(t, model.Scheduled, v.Status)
	}
}

func TestScheduleBadInputWritesNothing(t *testing.T) {
	dir := t.TempDir()
	path := copyFile(t, small, dir, "ds.json", 0o644)
	original, _ := os.ReadFile(path)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--as-of", "2025-09-01", "--apply", "--dry-run"}, "--apply and --dry-run: choose one"},
		{[]string{"--as-of", "2025-09-01", "--to", filepath.Join(dir, "out.json")}, "--to: only with --apply"},
		{[]string{"--as-of", "2025-13-01", "--apply"}, "--as-of"},
		{[]string{"--as-of", "2026-07-01", "--apply"}, "--as-of 2026-07-01 is after the school year 2025-26 (2025-08-18 to 2026-06-05): nothing is left to plan; use --as-of within the year"},
		{[]string{"--as-of", "2025-09-01", "--apply", "--to", filepath.Join(dir, "o.json"), "-o", filepath.Join(dir, "o.json")}, "two outputs"},
	} {
		code, _, stderr := pthv(t, append([]string{"schedule", path}, c.args...)...)
		assert.Equal(t, exitUsage, code, "%v", c.args)
		assert.Contains(t, stderr, c.want, "%v", c.args)
		got, _ := os.ReadFile(path)
		require.Equal(t, string(original), string(got), "%v", c.args)
	}
	entries, _ := os.ReadDir(dir)
	assert.Len(t, entries, 1, "no other file is written")
}

// "0 placed" says why, and what to record next.
func TestScheduleSaysWhyNothingIsPlaced(t *testing.T) {
	dir := t.TempDir()
	noAnswer := freshYear(t, dir, func(ds *model.Dataset) {
		for i := range ds.Invitations {
			ds.Invitations[i].Response, ds.Invitations[i].Origin = model.NoResponse, model.SchoolInvitation
		}
	})
	code, stdout, stderr := pthv(t, "schedule", noAnswer, "--as-of", "2025-08-20")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "0 first visits and 0 second visits placed")
	assert.Contains(t, stdout, "no-accepted-family: none of the")
	assert.Contains(t, stdout, "next: invite families")

	other := filepath.Join(t.TempDir(), "d.json")
	require.NoError(t, os.Rename(freshYear(t, t.TempDir(), func(ds *model.Dataset) {
		for i := range ds.Educators {
			ds.Educators[i].OptIns = nil
		}
	}), other))
	code, stdout, stderr = pthv(t, "schedule", other, "--as-of", "2025-08-20")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "no-eligible-educator: 0 of the")
	assert.Contains(t, stdout, "record opt-ins and trainings (pthv import workbook, sheets Educators and Trainings)")
	assert.NotContains(t, stdout, "the first visit could not be placed")

	code, stdout, stderr = pthv(t, "schedule", small, "--as-of", "2025-08-05")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "nothing is left to place: the first and second visits of the 1 accepted family are on record")

	// CSV carries only the appointments; the reasons go to stderr.
	code, stdout, stderr = pthv(t, "schedule", other, "--as-of", "2025-08-20", "--format", "csv")
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, 1, strings.Count(stdout, "\n"), "the header alone")
	assert.Contains(t, stderr, "no-eligible-educator")
}

// Commands that plan ahead refuse a day after the school year, naming the
// year's dates; check and report judge any day.
func TestPlanningAheadRefusesADayAfterTheYear(t *testing.T) {
	dir := t.TempDir()
	path := copyFile(t, small, dir, "ds.json", 0o644)
	original, _ := os.ReadFile(path)
	const want = "--as-of 2026-07-01 is after the school year 2025-26 (2025-08-18 to 2026-06-05): nothing is left to plan; use --as-of within the year"
	for _, args := range [][]string{
		{"schedule", path},
		{"pair", path},
		{"book", path, "--family", "F1", "--visitors", "E-T1,E-LI", "--at", "2026-07-02T16:00", "--apply"},
		{"repair", path, "--cancel", "V2", "--apply"},
	} {
		code, stdout, stderr := pthv(t, append(args, "--as-of", "2026-07-01")...)
		assert.Equal(t, exitUsage, code, "%v", args)
		assert.Contains(t, stderr, want, "%v", args)
		assert.Empty(t, stdout, "%v", args)
	}
	got, _ := os.ReadFile(path)
	require.Equal(t, string(original), string(got))

	for _, cmd := range []string{"check", "report"} {
		args := []string{cmd, path, "--as-of", "2026-07-01"}
		if cmd == "report" {
			args = append(args, "-o", filepath.Join(dir, "r.html"))
		}
		code, _, stderr := pthv(t, args...)
		assert.Equal(t, exitOK, code, "%s: %s", cmd, stderr)
	}
}

func TestAfterYearSaysToPassAsOf(t *testing.T) {
	y := model.SchoolYear{ID: "2025-26", FirstDay: model.NewDate(2025, 8, 18), LastDay: model.NewDate(2026, 6, 5)}
	assert.Equal(t, "today (2026-12-04) is after the school year 2025-26 (2025-08-18 to 2026-06-05): nothing is left to plan; pass --as-of with a date within the year",
		afterYear("", model.NewDate(2026, 12, 4), y))
	assert.Empty(t, afterYear("", y.LastDay, y), "the last day still plans")
	assert.Empty(t, afterYear("2025-06-01", model.NewDate(2025, 6, 1), y))
}

// pair says how many educators are not opted in or not trained, and what
// records that.
func TestPairSaysWhatToRecord(t *testing.T) {
	code, stdout, stderr := pthv(t, "pair", small, "--as-of", "2025-08-18")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "2 educator(s) have not opted in for 2025-26 and 0 opted in with no PTHV training by 2025-08-18; "+
		"record opt-ins and trainings (pthv import workbook, sheets Educators and Trainings)")
}
