package main

import (
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/homevisits/pthv/internal/safefile"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/selection"
)

// invitationTime reads --sent-at and --as-of: when the invitations of an
// applied plan are sent, in the district's time zone. --sent-at is a date,
// or a date and a clock time (2025-09-02T16:00); a date alone is 00:00 that
// day. Without --sent-at it is 00:00 on the --as-of date, today by default.
// The time must fall in the dataset's school year (summer included):
// an invitation is for the year containing its sent_at, and one sent in
// another year would count for nothing.
func invitationTime(ds *model.Dataset, sentAt, asOf string, now time.Time) (time.Time, error) {
	loc := ds.Calendar.Location()
	day := model.DateOf(now.In(loc))
	if asOf != "" {
		d, err := model.ParseDate(asOf)
		if err != nil {
			return time.Time{}, fmt.Errorf("--as-of: %v", err)
		}
		day = d
	}
	var clock model.Clock
	if sentAt != "" {
		date, hm, hasClock := strings.Cut(sentAt, "T")
		d, err := model.ParseDate(date)
		if err != nil {
			if len(date) == len(time.DateOnly) && !strings.HasSuffix(err.Error(), "want YYYY-MM-DD") {
				return time.Time{}, fmt.Errorf("--sent-at: %v", err) // a month or day out of range
			}
			return time.Time{}, fmt.Errorf("--sent-at %q: want YYYY-MM-DD or YYYY-MM-DDTHH:MM", sentAt)
		}
		if hasClock {
			if err := clock.UnmarshalText([]byte(hm)); err != nil {
				return time.Time{}, fmt.Errorf("--sent-at %q: %v", sentAt, err)
			}
		}
		day = d
	}
	t := day.In(loc, clock)
	if y := ds.Year; !y.Contains(model.DateOf(t)) {
		what := "--sent-at"
		if sentAt == "" {
			what = "the invitations' sent_at (the --as-of date, today by default)"
		}
		return time.Time{}, fmt.Errorf("%s %s is outside school year %s (%s to %s): invitations sent then would count for no year of this dataset; pass --sent-at or --as-of",
			what, model.DateOf(t), y.ID, y.Start(), y.LastDay)
	}
	return t, nil
}

// recordPlan records an applied plan — its record and one invitation per
// chosen family — in the dataset, or with --dry-run lists what it would
// record. It records nothing when the audit says targeting (exit 1), or
// when a plan of the dataset already records the same request: applying a
// plan twice must not invite its families twice.
func recordPlan(w, stderr io.Writer, wb *writeBack, orig safefile.Original, ds *model.Dataset, pl *selection.Plan, rep selection.AuditReport, sentAt time.Time) int {
	name := orig.Path()
	if rep.Verdict == selection.Targeting {
		fmt.Fprintf(w, "%s: nothing recorded: the audit says this list targets a group; try another --seed or a wider scope\n", name)
		return exitFindings
	}
	id := newPlanID(ds, pl)
	rec := pl.Record(id)
	if prev, ok := sameRequest(ds, rec); ok {
		fmt.Fprintf(w, "%s: nothing to record: plan %s already records this request (seed %d) with %d invitation(s);\n"+
			"  \"pthv plan %s --replay %s\" compares it with today's roster\n",
			name, prev, rec.Seed, countInvitations(ds, prev), name, prev)
		return exitOK
	}
	after := *ds
	after.Plans = append(slices.Clip(ds.Plans), rec)
	after.Invitations = append(slices.Clip(ds.Invitations), pl.Invitations(id, sentAt)...)
	if err := after.Validate(); err != nil {
		return inputError(stderr, "plan", fmt.Errorf("%s: the plan's records would not be valid: %w", name, err))
	}
	loc := ds.Calendar.Location()
	fmt.Fprintf(w, "\nPlan %s: %d invitation(s), sent_at %s (%s, %s)\n",
		id, len(pl.Chosen), sentAt.Format(time.RFC3339), sentAt.In(loc).Format("2006-01-02 15:04"), loc)
	if already := alreadyInvited(ds, pl); len(already) > 0 {
		shown := already[:min(len(already), 10)]
		more := ""
		if len(already) > len(shown) {
			more = fmt.Sprintf(" and %d more", len(already)-len(shown))
		}
		fmt.Fprintf(w, "note: %d chosen families already hold an invitation of %s from the school: %s%s;\n"+
			"  asking again a family that declined counts toward P1.no-repeat-pressure\n",
			len(already), ds.Year.ID, strings.Join(shown, ", "), more)
	}
	if err := wb.finish(w, orig, ds, &after); err != nil {
		return inputError(stderr, "plan", err)
	}
	return exitOK
}

// alreadyInvited lists, as "F1 (I1)", the chosen families that already
// hold a school's invitation of the dataset's school year.
func alreadyInvited(ds *model.Dataset, pl *selection.Plan) []string {
	loc := ds.Calendar.Location()
	first := map[model.FamilyID]model.InvitationID{}
	for _, inv := range ds.Invitations {
		if _, seen := first[inv.Family]; !seen && !inv.FromFamily() && ds.Year.YearOf(inv.Year, inv.SentAt, loc) == ds.Year.ID {
			first[inv.Family] = inv.ID
		}
	}
	var out []string
	for _, c := range pl.Chosen {
		if inv, ok := first[c.Family]; ok {
			out = append(out, fmt.Sprintf("%s (%s)", c.Family, inv))
		}
	}
	return out
}

// newPlanID returns the id of a new plan: "P-<school>-<n>" for a plan of
// one school, else "P-<district>-<n>", n one more than the largest n
// already used with that prefix — and past any n whose plan id or
// invitation ids ("<plan id>/<family>") some record already holds, so an
// applied plan never collides.
func newPlanID(ds *model.Dataset, pl *selection.Plan) model.PlanID {
	owner := string(ds.District.ID)
	if sc := pl.Request.Scope; len(sc.Schools) == 1 {
		owner = string(sc.Schools[0])
	}
	prefix := "P-" + owner + "-"
	n := 0
	for _, p := range ds.Plans {
		if rest, ok := strings.CutPrefix(string(p.ID), prefix); ok {
			if k, err := strconv.Atoi(rest); err == nil && k > n {
				n = k
			}
		}
	}
	for {
		n++
		id := prefix + strconv.Itoa(n)
		taken := slices.ContainsFunc(ds.Plans, func(p model.Plan) bool { return string(p.ID) == id }) ||
			slices.ContainsFunc(ds.Invitations, func(inv model.Invitation) bool { return strings.HasPrefix(string(inv.ID), id+"/") })
		if !taken {
			return model.PlanID(id)
		}
	}
}

// sameRequest returns the recorded plan whose request is rec's, if any.
func sameRequest(ds *model.Dataset, rec model.Plan) (model.PlanID, bool) {
	want, err := selection.RequestOf(rec)
	if err != nil {
		return "", false
	}
	for _, p := range ds.Plans {
		if got, err := selection.RequestOf(p); err == nil && reflect.DeepEqual(got, want) {
			return p.ID, true
		}
	}
	return "", false
}

func countInvitations(ds *model.Dataset, id model.PlanID) int {
	n := 0
	for _, inv := range ds.Invitations {
		if inv.Plan == id {
			n++
		}
	}
	return n
}

// replayPlan runs "pthv plan FILE --replay PLAN_ID": it re-runs the
// recorded plan, prints it like a new plan, and says what differs from the
// invitations recorded for it. Exit 1 when the replay chooses other
// families (or its audit says targeting), 2 for an unknown plan id or a
// plan that cannot be replayed.
func replayPlan(f *flags, path, id string, set map[string]bool, format, out string) int {
	var clash []string
	for _, name := range []string{"share", "count", "scope", "balance", "seed", "teacher-cap", "apply", "dry-run", "to", "sent-at", "as-of"} {
		if set[name] {
			clash = append(clash, "--"+name)
		}
	}
	if len(clash) > 0 {
		return f.fail("--replay takes its request from the plan record: drop %s", strings.Join(clash, ", "))
	}
	if !oneOf(format, "text", "json", "csv") {
		return f.fail("--format %q: want text, json or csv", format)
	}
	if f.refuseOverwrite([]string{path}, out) {
		return exitUsage
	}
	ds, err := loadDataset(path)
	if err != nil {
		return inputError(f.stderr, "plan", err)
	}
	i := slices.IndexFunc(ds.Plans, func(p model.Plan) bool { return string(p.ID) == id })
	if i < 0 {
		ids := make([]string, len(ds.Plans))
		for j, p := range ds.Plans {
			ids[j] = string(p.ID)
		}
		slices.Sort(ids)
		recorded := "no plan is recorded"
		if len(ids) > 0 {
			recorded = "recorded plans: " + strings.Join(ids, ", ")
		}
		return inputError(f.stderr, "plan", fmt.Errorf("%s: --replay: no plan %q (%s)", path, id, recorded))
	}
	r, err := selection.ReplayPlan(ds, ds.Plans[i])
	if err != nil {
		return inputError(f.stderr, "plan", fmt.Errorf("%s: plan %q cannot be replayed: %w", path, id, err))
	}
	rep, err := r.Plan.Audit(nil, selection.ThresholdsFrom(ds.Policy))
	if err != nil {
		return inputError(f.stderr, "plan", fmt.Errorf("%s: %w", path, err))
	}
	err = writeTo(out, f.stdout, func(w io.Writer) error {
		switch format {
		case "json":
			return writeJSON(w, struct {
				Plan   *selection.Plan       `json:"plan"`
				Audit  selection.AuditReport `json:"audit"`
				Replay replayJSON            `json:"replay"`
			}{r.Plan, rep, replayJSONOf(r)})
		case "csv":
			if err := writePlanCSV(w, r.Plan); err != nil {
				return err
			}
			if err := writeAuditText(f.stderr, rep); err != nil {
				return err
			}
			return writeReplayText(f.stderr, r)
		default:
			if err := writePlanText(w, path, r.Plan, rep); err != nil {
				return err
			}
			return writeReplayText(w, r)
		}
	})
	if err != nil {
		return inputError(f.stderr, "plan", err)
	}
	if !r.Same() || rep.Verdict == selection.Targeting {
		return exitFindings
	}
	return exitOK
}

// replayJSON is the comparison part of a replay, for programs.
type replayJSON struct {
	PlanID             model.PlanID               `json:"plan_id"`
	Same               bool                       `json:"same"`
	Recorded           []model.FamilyID           `json:"recorded"`
	RecordedPopulation int                        `json:"recorded_population,omitempty"`
	Population         int                        `json:"population"`
	RecordedNotChosen  []selection.RecordedFamily `json:"recorded_not_chosen"`
	ChosenNotRecorded  []model.FamilyID           `json:"chosen_not_recorded"`
}

func replayJSONOf(r selection.Replay) replayJSON {
	return replayJSON{
		PlanID: r.Record.ID, Same: r.Same(), Recorded: r.Recorded,
		RecordedPopulation: r.Record.Population, Population: r.Plan.Population,
		RecordedNotChosen: nonNil(r.RecordedNotChosen), ChosenNotRecorded: nonNil(r.ChosenNotRecorded),
	}
}

func nonNil[S ~[]E, E any](s S) S {
	if s == nil {
		return S{}
	}
	return s
}

// writeReplayText says whether a replay chose the recorded families and,
// when not, which differ and where each recorded one stands now.
func writeReplayText(w io.Writer, r selection.Replay) error {
	var b strings.Builder
	then := "not recorded"
	if r.Record.Population > 0 {
		then = strconv.Itoa(r.Record.Population)
	}
	fmt.Fprintf(&b, "Replay of plan %s: %d families recorded (population then %s, now %d)\n",
		r.Record.ID, len(r.Recorded), then, r.Plan.Population)
	if r.Same() {
		b.WriteString("  the replay chooses exactly the recorded families\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	b.WriteString("  the replay chooses other families: the roster changed since the plan was made\n")
	if len(r.RecordedNotChosen) > 0 {
		fmt.Fprintf(&b, "  recorded, not chosen now (%d):\n", len(r.RecordedNotChosen))
		for _, d := range r.RecordedNotChosen {
			fmt.Fprintf(&b, "    %-20s %s\n", d.Family, standingText(d.Now))
		}
	}
	if len(r.ChosenNotRecorded) > 0 {
		fmt.Fprintf(&b, "  chosen now, not recorded (%d):\n", len(r.ChosenNotRecorded))
		for _, fam := range r.ChosenNotRecorded {
			fmt.Fprintf(&b, "    %s\n", fam)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func standingText(s selection.FamilyStanding) string {
	switch s {
	case selection.FamilyRemoved:
		return "no longer in the dataset"
	case selection.FamilyOutOfScope:
		return "no longer in the plan's scope"
	}
	return "still in scope, not drawn on the changed roster"
}
