package main

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
)

// visitOf returns the visit with id in the dataset file at path.
func visitOf(t *testing.T, path string, id model.VisitID) model.Visit {
	t.Helper()
	ds, err := loadDataset(path)
	require.NoError(t, err)
	for _, v := range ds.Visits {
		if v.ID == id {
			return v
		}
	}
	t.Fatalf("no visit %s in %s", id, path)
	return model.Visit{}
}

// An educator away on the day of V2 moves it; it keeps its id and records
// the earlier time in its history.
func TestRepairMovesAVisitWhenItsEducatorIsAway(t *testing.T) {
	dir := t.TempDir()
	path := copyFile(t, small, dir, "ds.json", 0o644)
	original, _ := os.ReadFile(path)
	before := visitOf(t, path, "V2")

	code, stdout, stderr := pthv(t, "repair", path, "--unavailable", "E-T1:2026-03-03", "--as-of", "2026-02-25", "--dry-run")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "Moved\n  V2  family F1  second Tue 2026-03-03 16:00 → ")
	assert.Contains(t, stdout, "would change 1 record(s):\n  change visit V2\n")
	got, _ := os.ReadFile(path)
	require.Equal(t, string(original), string(got), "a dry run writes nothing")

	code, stdout, stderr = pthv(t, "repair", path, "--unavailable", "E-T1:2026-03-02..2026-03-04", "--as-of", "2026-02-25", "--apply")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "changes 1 record(s):\n  change visit V2\n")
	after := visitOf(t, path, "V2")
	assert.Equal(t, model.Scheduled, after.Status)
	assert.False(t, after.Start.Equal(before.Start))
	loc := after.Start.Location()
	day := model.DateOf(after.Start.In(loc))
	assert.False(t, !day.Before(model.NewDate(2026, time.March, 2)) && !day.After(model.NewDate(2026, time.March, 4)), "moved to %s", day)
	require.Len(t, after.Reschedules, 1)
	assert.True(t, after.Reschedules[0].FromStart.Equal(before.Start))
	assert.Equal(t, model.ByEducator, after.Reschedules[0].By)
	assert.Equal(t, before.Visitors, after.Visitors)
	assert.Equal(t, before.Location, after.Location)
	requireNoTemporaryFiles(t, dir)

	// Nothing of E-LI's is on those days any more.
	code, stdout, stderr = pthv(t, "repair", path, "--unavailable", "E-LI:2026-03-03", "--as-of", "2026-02-25", "--apply")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "Nothing to move")
	assert.Contains(t, stdout, "nothing to record")
}

func TestRepairCancels(t *testing.T) {
	dir := t.TempDir()
	path := copyFile(t, small, dir, "ds.json", 0o644)
	code, stdout, stderr := pthv(t, "repair", path, "--cancel", "V2", "--by", "educator", "--as-of", "2026-02-25", "--apply")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "Cancelled\n  V2  family F1  second Tue 2026-03-03 16:00  by educator\n")
	assert.Contains(t, stdout, "changes 1 record(s):\n  change visit V2\n")
	v := visitOf(t, path, "V2")
	assert.Equal(t, model.Cancelled, v.Status)
	assert.Equal(t, model.ByEducator, v.CancelledBy)

	// Cancelled once, it is no longer a visit to cancel.
	code, _, stderr = pthv(t, "repair", path, "--cancel", "V2", "--as-of", "2026-02-25", "--apply")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `visit "V2" is cancelled`)

	// The family's cancellation of a first visit takes its second along.
	path = freshYear(t, t.TempDir(), nil)
	ids := scheduledIDs(t, path, "--as-of", "2025-08-20")
	code, _, stderr = pthv(t, "schedule", path, "--as-of", "2025-08-20", "--apply")
	require.Equal(t, exitOK, code, stderr)
	var first, second model.VisitID
	for _, id := range ids {
		if strings.HasSuffix(string(id), "-1") && slices.Contains(ids, model.VisitID(strings.TrimSuffix(string(id), "1")+"2")) {
			first, second = id, model.VisitID(strings.TrimSuffix(string(id), "1")+"2")
			break
		}
	}
	require.NotEmpty(t, first)
	code, stdout, stderr = pthv(t, "repair", path, "--cancel", string(first), "--as-of", "2025-08-21", "--apply")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "changes 2 record(s):")
	assert.Contains(t, stdout, "  "+string(first)+"  family ")
	assert.Contains(t, stdout, "  "+string(second)+"  family ")
	assert.Equal(t, model.ByFamily, visitOf(t, path, second).CancelledBy)
}

func TestRepairBadInputExits2(t *testing.T) {
	dir := t.TempDir()
	path := copyFile(t, small, dir, "ds.json", 0o644)
	original, _ := os.ReadFile(path)
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"--cancel", "V9,V1"}, []string{`--cancel: no visit "V9"`, `--cancel: visit "V1" is completed`}},
		{[]string{"--unavailable", "E-X:2026-03-03"}, []string{`--unavailable: no educator "E-X"`}},
		{[]string{"--unavailable", "E-T1"}, []string{"want EDUCATOR:YYYY-MM-DD"}},
		{[]string{"--unavailable", "E-T1:2026-03-05..2026-03-03"}, []string{"the range ends before it starts"}},
		{[]string{"--unavailable", "E-T1:2026-02-30"}, []string{"--unavailable"}},
		{[]string{"--cancel", "V2", "--unavailable", "E-T1:2026-03-03"}, []string{"want --cancel or --unavailable (one of them)"}},
		{nil, []string{"want --cancel or --unavailable (one of them)"}},
		{[]string{"--unavailable", "E-T1:2026-03-03", "--by", "educator"}, []string{"--by: only with --cancel"}},
		{[]string{"--cancel", "V2", "--by", "principal"}, []string{`--by "principal": want family or educator`}},
		{[]string{"--cancel", "V2", "--dry-run"}, []string{"--apply and --dry-run: choose one"}},
	} {
		args := append([]string{"repair", path, "--as-of", "2026-02-25", "--apply"}, c.args...)
		code, stdout, stderr := pthv(t, args...)
		assert.Equal(t, exitUsage, code, "%v: %s", c.args, stdout)
		for _, w := range c.want {
			assert.Contains(t, stderr, w, "%v", c.args)
		}
		assert.Empty(t, stdout, "%v", c.args)
	}
	// A visit that already started is history, not a visit to cancel.
	code, _, stderr := pthv(t, "repair", path, "--cancel", "V2", "--as-of", "2026-03-04", "--apply")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "before the as-of time")
	got, _ := os.ReadFile(path)
	require.Equal(t, string(original), string(got))
}
