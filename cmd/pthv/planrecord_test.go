package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/selection"
)

// synthDataset writes a synthetic district of one school, S001, to a new
// folder and returns its path.
func synthDataset(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "district.json")
	code, _, stderr := pthv(t, "synth", "--schools", "1", "--students-per-school", "90", "--seed", "3", "-o", path)
	require.Equal(t, exitOK, code, stderr)
	return path
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(data)
}

func planInvitations(ds *model.Dataset, id model.PlanID) []model.Invitation {
	var out []model.Invitation
	for _, inv := range ds.Invitations {
		if inv.Plan == id {
			out = append(out, inv)
		}
	}
	return out
}

var applyArgs = []string{"--scope", "school=S001", "--share", "0.25", "--balance", "ell", "--seed", "5"}

// TestPlanApplyRecordsThePlanAndItsInvitations applies a plan, applies it
// again (nothing to record), and replays it on the same roster.
func TestPlanApplyRecordsThePlanAndItsInvitations(t *testing.T) {
	path := synthDataset(t)
	before, err := loadDataset(path)
	require.NoError(t, err)

	args := append([]string{"plan", path, "--apply", "--sent-at", "2025-09-03T16:30"}, applyArgs...)
	code, stdout, stderr := pthv(t, args...)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "Plan P-S001-1: ")
	assert.Contains(t, stdout, "sent_at 2025-09-03T16:30:00-07:00 (2025-09-03 16:30, America/Los_Angeles)")
	assert.Contains(t, stdout, path+": changes ")
	assert.Contains(t, stdout, "  add plan P-S001-1\n")

	after, err := loadDataset(path)
	require.NoError(t, err)
	require.Len(t, after.Plans, len(before.Plans)+1)
	rec := after.Plans[len(after.Plans)-1]
	assert.Equal(t, model.Plan{ID: "P-S001-1", School: "S001", Method: "stratified", Scope: map[string]string{"school": "S001"},
		Criteria: []string{"school"}, Balance: []string{"ell"}, Share: 0.25, Population: rec.Population, Seed: 5}, rec)
	pop, err := selection.NewPopulation(before, selection.Scope{Schools: []model.SchoolID{"S001"}})
	require.NoError(t, err)
	assert.Equal(t, pop.Len(), rec.Population)

	invs := planInvitations(after, "P-S001-1")
	require.Len(t, invs, (pop.Len()+2)/4, "a quarter of the families, rounded")
	sent := time.Date(2025, 9, 3, 16, 30, 0, 0, after.Calendar.Location())
	for _, inv := range invs {
		assert.Equal(t, model.InvitationID("P-S001-1/"+string(inv.Family)), inv.ID)
		assert.Contains(t, stdout, "  add invitation "+string(inv.ID)+"\n")
		assert.True(t, sent.Equal(inv.SentAt), "sent_at %v", inv.SentAt)
		assert.Equal(t, pop.Students(inv.Family), inv.Students, "the family's students in scope")
		assert.Equal(t, model.FirstVisit, inv.Kind)
		assert.Equal(t, model.SchoolInvitation, inv.Origin)
	}
	assert.Equal(t, len(before.Invitations)+len(invs), len(after.Invitations), "nothing else changed")

	// The same plan again records nothing, whatever its sending time.
	written := readFile(t, path)
	args = append([]string{"plan", path, "--apply", "--as-of", "2025-10-01"}, applyArgs...)
	code, stdout, stderr = pthv(t, args...)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "nothing to record: plan P-S001-1 already records this request (seed 5)")
	assert.Contains(t, stdout, "--replay P-S001-1")
	assert.Equal(t, written, readFile(t, path))

	// Replayed on the same roster, the record gives the same list.
	code, stdout, stderr = pthv(t, "plan", path, "--replay", "P-S001-1")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "the replay chooses exactly the recorded families")
	for _, inv := range invs {
		assert.Contains(t, stdout, "  "+string(inv.Family)+" ")
	}
	requireNoTemporaryFiles(t, filepath.Dir(path))
}

// TestPlanDryRunWritesNothing lists the records --apply would add, with
// their sending time (00:00 on the --as-of date), and leaves the file as
// it was.
func TestPlanDryRunWritesNothing(t *testing.T) {
	path := synthDataset(t)
	want := readFile(t, path)
	args := append([]string{"plan", path, "--dry-run", "--as-of", "2025-10-01"}, applyArgs...)
	code, stdout, stderr := pthv(t, args...)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "sent_at 2025-10-01T00:00:00-07:00")
	assert.Contains(t, stdout, path+": would change ")
	assert.Contains(t, stdout, "  add plan P-S001-1\n")
	assert.Contains(t, stdout, "  add invitation P-S001-1/")
	assert.Equal(t, want, readFile(t, path))
	requireNoTemporaryFiles(t, filepath.Dir(path))

	// With a JSON report on stdout the changes go to stderr.
	args = append([]string{"plan", path, "--dry-run", "--as-of", "2025-10-01", "--format", "json"}, applyArgs...)
	code, stdout, stderr = pthv(t, args...)
	require.Equal(t, exitOK, code, stderr)
	var out map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &out))
	assert.Contains(t, stderr, "  add plan P-S001-1\n")
	assert.Equal(t, want, readFile(t, path))
}

// TestPlanApplyToAnotherFile writes the updated dataset with --to and
// leaves the input alone.
func TestPlanApplyToAnotherFile(t *testing.T) {
	path := synthDataset(t)
	want := readFile(t, path)
	to := filepath.Join(filepath.Dir(path), "planned.json")
	args := append([]string{"plan", path, "--apply", "--as-of", "2025-10-01", "--to", to}, applyArgs...)
	code, stdout, stderr := pthv(t, args...)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, to+": changes ")
	assert.Equal(t, want, readFile(t, path))
	ds, err := loadDataset(to)
	require.NoError(t, err)
	assert.NotEmpty(t, planInvitations(ds, "P-S001-1"))
}

func TestPlanBadFlagsWriteNothing(t *testing.T) {
	path := synthDataset(t)
	dir := filepath.Dir(path)
	want := readFile(t, path)
	tests := []struct {
		name string
		args []string
		msg  string
	}{
		{"apply and dry run", []string{"--apply", "--dry-run"}, "choose one"},
		{"sent-at without apply", []string{"--sent-at", "2025-10-01"}, "only with --apply or --dry-run"},
		{"as-of without apply", []string{"--as-of", "2025-10-01"}, "only with --apply or --dry-run"},
		{"bad sent-at date", []string{"--apply", "--sent-at", "2025-13-01"}, `--sent-at: date "2025-13-01": month 13 is out of range (01 to 12)`},
		{"bad sent-at clock", []string{"--apply", "--sent-at", "2025-10-01T25:00"}, "want HH:MM"},
		{"bad as-of", []string{"--apply", "--as-of", "1 Oct"}, "--as-of: date"},
		{"sent outside the year", []string{"--apply", "--sent-at", "2027-01-04"}, "--sent-at 2027-01-04 is outside school year 2025-26"},
		{"as-of outside the year", []string{"--dry-run", "--as-of", "2025-05-01"}, "the --as-of date, today by default) 2025-05-01 is outside school year 2025-26"},
		{"to without apply", []string{"--dry-run", "--to", filepath.Join(dir, "x.json")}, "--to: only with --apply"},
		{"to stdout", []string{"--apply", "--to", "-"}, "--to: name a file"},
		{"report over the dataset", []string{"--apply", "-o", path}, "is an input"},
		{"report and dataset to one file", []string{"--apply", "-o", filepath.Join(dir, "x.json"), "--to", filepath.Join(dir, "x.json")}, "two outputs"},
		{"targeting scope", []string{"--apply", "--scope", "ell=yes"}, "targeting"},
		{"replay with a request", []string{"--replay", "P-S001-1", "--share", "0.5", "--apply"}, "drop --share, --apply"},
		{"replay of an unknown plan", []string{"--replay", "P-9"}, `no plan "P-9" (recorded plans: S001-P1)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"plan", path}, tt.args...)
			if !slices.Contains(tt.args, "--replay") && !slices.Contains(tt.args, "--share") {
				args = append(args, "--share", "0.25")
			}
			code, _, stderr := pthv(t, args...)
			require.Equal(t, exitUsage, code, stderr)
			assert.Contains(t, stderr, tt.msg)
			assert.Equal(t, want, readFile(t, path))
			_, err := os.Stat(filepath.Join(dir, "x.json"))
			assert.ErrorIs(t, err, os.ErrNotExist)
			requireNoTemporaryFiles(t, dir)
		})
	}
}

// TestPlanReplayAfterTheRosterChanged applies a plan, moves one chosen
// family to another school and enrolls new families, and replays: the
// replay says which families differ and exits 1.
func TestPlanReplayAfterTheRosterChanged(t *testing.T) {
	path := synthDataset(t)
	args := append([]string{"plan", path, "--apply", "--as-of", "2025-10-01"}, applyArgs...)
	code, _, stderr := pthv(t, args...)
	require.Equal(t, exitOK, code, stderr)

	ds, err := loadDataset(path)
	require.NoError(t, err)
	rec := ds.Plans[slices.IndexFunc(ds.Plans, func(p model.Plan) bool { return p.ID == "P-S001-1" })]
	invs := planInvitations(ds, rec.ID)
	moved := invs[0].Family
	ds.Schools = append(ds.Schools, model.School{ID: "S-NEW"})
	for i := range ds.Students {
		if ds.Students[i].Family == moved {
			ds.Students[i].School, ds.Students[i].Classes, ds.Students[i].Teachers = "S-NEW", nil, nil
		}
	}
	for _, st := range slices.Clone(ds.Students[:12]) {
		st.ID += "-new"
		st.Family += "-new"
		ds.Students = append(ds.Students, st)
		if !slices.ContainsFunc(ds.Families, func(f model.Family) bool { return f.ID == st.Family }) {
			ds.Families = append(ds.Families, model.Family{ID: st.Family})
		}
	}
	var b bytes.Buffer
	require.NoError(t, model.EncodeDataset(&b, ds, model.EncodeOptions{IncludeContacts: true}))
	require.NoError(t, os.WriteFile(path, b.Bytes(), 0o644))
	now, err := loadDataset(path)
	require.NoError(t, err)
	pop, err := selection.NewPopulation(now, selection.Scope{Schools: []model.SchoolID{"S001"}})
	require.NoError(t, err)

	code, stdout, stderr := pthv(t, "plan", path, "--replay", "P-S001-1")
	require.Equal(t, exitFindings, code, stderr)
	assert.Contains(t, stdout, "the replay chooses other families: the roster changed since the plan was made")
	assert.Contains(t, stdout, "recorded, not chosen now (")
	assert.Contains(t, stdout, "chosen now, not recorded (")
	assert.Regexp(t, `    `+string(moved)+` +no longer in the plan's scope\n`, stdout)
	assert.Contains(t, stdout, "population then "+strconv.Itoa(rec.Population)+", now "+strconv.Itoa(pop.Len()))

	code, stdout, stderr = pthv(t, "plan", path, "--replay", "P-S001-1", "--format", "json")
	require.Equal(t, exitFindings, code, stderr)
	var out struct {
		Replay struct {
			Same              bool                       `json:"same"`
			RecordedNotChosen []selection.RecordedFamily `json:"recorded_not_chosen"`
			Population        int                        `json:"population"`
		} `json:"replay"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &out))
	assert.False(t, out.Replay.Same)
	assert.Equal(t, pop.Len(), out.Replay.Population)
	assert.Contains(t, out.Replay.RecordedNotChosen, selection.RecordedFamily{Family: moved, Now: selection.FamilyOutOfScope})
}

func TestNewPlanIDDoesNotCollide(t *testing.T) {
	ds, err := loadDataset(small)
	require.NoError(t, err)
	school, err := selection.NewPlan(ds, selection.Request{Scope: selection.Scope{Schools: []model.SchoolID{"S1"}}, Count: 1})
	require.NoError(t, err)
	district, err := selection.NewPlan(ds, selection.Request{Count: 1})
	require.NoError(t, err)

	assert.Equal(t, model.PlanID("P-S1-1"), newPlanID(ds, school), "P-S1 is not of the form P-S1-<n>")
	assert.Equal(t, model.PlanID("P-D1-1"), newPlanID(ds, district))

	ds.Plans = append(ds.Plans, model.Plan{ID: "P-S1-1", Method: "all"}, model.Plan{ID: "P-S1-4", Method: "all"}, model.Plan{ID: "P-S1-x", Method: "all"})
	ds.Invitations = append(ds.Invitations, model.Invitation{ID: "P-S1-5/F1", Family: "F1"})
	assert.Equal(t, model.PlanID("P-S1-6"), newPlanID(ds, school), "past the largest plan and past invitation ids in use")
}

// A plan whose audit says targeting is not recorded.
func TestRecordPlanRefusesATargetingList(t *testing.T) {
	dir := t.TempDir()
	path := copyFile(t, small, dir, "d.json", 0o644)
	want := readFile(t, path)
	ds, orig, err := loadDatasetForUpdate(path)
	require.NoError(t, err)
	pl, err := selection.NewPlan(ds, selection.Request{Count: 1})
	require.NoError(t, err)
	apply, dryRun, to := true, false, ""
	var out, errOut bytes.Buffer
	code := recordPlan(&out, &errOut, &writeBack{apply: &apply, dryRun: &dryRun, out: &to}, orig, ds, pl,
		selection.AuditReport{Verdict: selection.Targeting}, time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC))
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, out.String(), "nothing recorded: the audit says this list targets a group")
	assert.Equal(t, want, readFile(t, path))
}
