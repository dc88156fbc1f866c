package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/homevisits/pthv/internal/safefile"
	"github.com/homevisits/pthv/internal/spreadsheet"
	"github.com/homevisits/pthv/selection"
)

func runPlan(args []string, stdout, stderr io.Writer) int {
	f := newFlags("plan", "FILE", "Plan chooses the families to invite: all of them, or a non-stigmatizing\ncross-section (core practice 4: no targeting). The scope may narrow by school,\ngrade, class or teacher only; attributes such as ELL or home language may\nbalance the sample (--balance), never filter it. Prints the invitation list\n(ids only), each stratum's quota, each family's inclusion probability, and\nan audit of the list against its scope. Exit 1 when the audit says targeting.\n\n"+
		"With --apply the plan and one invitation per chosen family are recorded in\nthe dataset "+
		"(--dry-run lists them and writes nothing); the plan record keeps\nits whole request, so "+
		"--replay PLAN_ID re-runs it later and says what\ndiffers when the roster changed (exit 1). "+
		"A request that a recorded plan\nalready holds is not recorded again: its families are not invited twice.", stdout, stderr)
	share := f.Float64("share", 0, "share of families in scope to invite, above 0 and up to 1")
	count := f.Int("count", 0, "number of families to invite")
	scopeFlag := f.String("scope", "", "school, grade, class or teacher, such as school=S1,grade=3|4")
	balance := f.String("balance", "", "attributes to balance on, most important first, such as home_language,ell,grade")
	seed := f.Uint64("seed", 0, "random seed; the same seed gives the same plan")
	teacherCap := f.Int("teacher-cap", 0, "most families one teacher is asked to visit (default: the policy's)")
	format := f.String("format", "text", "output format: text, json or csv (csv: the invitation list, with the audit on stderr)")
	out := f.String("o", "", "output file (default stdout)")
	wb := addWriteBackFlags(f, "the plan and one invitation per chosen family")
	sentAtFlag := f.String("sent-at", "", "with --apply or --dry-run, when the invitations are sent: YYYY-MM-DD[THH:MM] in the district's time zone (default: 00:00 on the --as-of date)")
	asOfFlag := f.String("as-of", "", "with --apply or --dry-run, the day the plan is made, YYYY-MM-DD (default: today in the district's time zone)")
	replay := f.String("replay", "", "re-run the recorded plan `PLAN_ID` from its record and compare it with its invitations")
	pos, code, done := f.parse(args, 1, 1)
	if done {
		return code
	}
	set := map[string]bool{}
	f.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	if set["replay"] {
		return replayPlan(f, pos[0], *replay, set, *format, *out)
	}
	if set["share"] == set["count"] {
		return f.fail("want --share or --count (one of them)")
	}
	if !oneOf(*format, "text", "json", "csv") {
		return f.fail("--format %q: want text, json or csv", *format)
	}
	sc, err := selection.ParseScope(*scopeFlag)
	if err != nil {
		return f.fail("--scope: %v", err)
	}
	req := selection.Request{Scope: sc, Share: *share, Count: *count, Seed: *seed, TeacherCap: *teacherCap}
	if set["share"] && *share == 0 || set["count"] && *count == 0 {
		return f.fail("--share and --count must be above 0")
	}
	if *balance != "" {
		for _, a := range strings.Split(*balance, ",") {
			req.Balance = append(req.Balance, strings.TrimSpace(a))
		}
	}

	if wb.check(f, pos[0]) {
		return exitUsage
	}
	if !wb.recording() && (set["sent-at"] || set["as-of"]) {
		return f.fail("--sent-at and --as-of: only with --apply or --dry-run")
	}
	if f.refuseOverwrite([]string{pos[0]}, *out, wb.otherTarget(pos[0])) {
		return exitUsage
	}
	ds, orig, err := wb.load(pos[0])
	if err != nil {
		return inputError(stderr, "plan", err)
	}
	if err := checkScope(sc, ds, pos[0]); err != nil {
		return f.fail("--scope: %v", err)
	}
	if err := knownAttributes(ds, pos[0]).check(req.Balance...); err != nil {
		return f.fail("--balance: %v", err)
	}
	var sentAt time.Time
	if wb.recording() {
		if sentAt, err = invitationTime(ds, *sentAtFlag, *asOfFlag, time.Now()); err != nil {
			return f.fail("%v", err)
		}
	}
	pl, err := selection.NewPlan(ds, req)
	if err != nil {
		return inputError(stderr, "plan", fmt.Errorf("%s: %w", pos[0], err))
	}
	rep, err := pl.Audit(nil, selection.ThresholdsFrom(ds.Policy))
	if err != nil {
		return inputError(stderr, "plan", fmt.Errorf("%s: %w", pos[0], err))
	}

	err = writeTo(*out, stdout, func(w io.Writer) error {
		switch *format {
		case "json":
			return writeJSON(w, struct {
				Plan  *selection.Plan       `json:"plan"`
				Audit selection.AuditReport `json:"audit"`
			}{pl, rep})
		case "csv":
			if err := writePlanCSV(w, pl); err != nil {
				return err
			}
			return writeAuditText(stderr, rep)
		default:
			return writePlanText(w, pos[0], pl, rep)
		}
	})
	if err != nil {
		return inputError(stderr, "plan", err)
	}
	if wb.recording() {
		// The changes go where people read: beside a text report, or on
		// stderr when stdout carries JSON or CSV.
		w := stdout
		if *format != "text" && safefile.IsStdio(*out) {
			w = stderr
		}
		return recordPlan(w, stderr, wb, orig, ds, pl, rep, sentAt)
	}
	if rep.Verdict == selection.Targeting {
		return exitFindings
	}
	return exitOK
}

// writePlanCSV writes the invitation list: one row per chosen family.
func writePlanCSV(w io.Writer, pl *selection.Plan) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"family", "teacher", "probability", "priority"})
	for _, c := range pl.Chosen {
		prio := ""
		if c.Priority > 0 {
			prio = strconv.Itoa(c.Priority)
		}
		cw.Write([]string{spreadsheet.Guard(string(c.Family)), spreadsheet.Guard(string(c.Teacher)), formatProb(c.Probability), prio})
	}
	cw.Flush()
	return cw.Error()
}

func formatProb(p float64) string { return strconv.FormatFloat(p, 'f', 4, 64) }

// writePlanText prints a plan for people: what was asked, the strata, the
// invitation list and the audit.
func writePlanText(w io.Writer, name string, pl *selection.Plan, rep selection.AuditReport) error {
	var b strings.Builder
	req := pl.Request
	scope := req.Scope.String()
	if scope == "" {
		scope = "the whole dataset"
	}
	fmt.Fprintf(&b, "%s — plan: %s, %d of %d families in scope %s, seed %d\n",
		name, req.Method, pl.Size, pl.Population, scope, req.Seed)
	if len(req.Balance) > 0 {
		fmt.Fprintf(&b, "Balanced on %s: largest margin deviation %.2f families\n",
			strings.Join(req.Balance, ", "), pl.MaxMarginDeviation)
	}
	switch pl.Basis {
	case selection.DesignProbability:
		b.WriteString("Inclusion probabilities are exact over the seeded draw.\n")
	default:
		b.WriteString("Inclusion probabilities are each stratum's chosen share (a teacher cap or more\nthan two balance attributes adjusted the allocation).\n")
	}

	b.WriteString("\nStrata\n")
	fmt.Fprintf(&b, "  %-40s %10s %9s %7s %11s\n", "stratum", "population", "quota", "chosen", "probability")
	shown, hidden := shownStrata(pl.Strata, rep.MinCellSize)
	for _, st := range shown {
		fmt.Fprintf(&b, "  %-40s %10d %9.2f %7d %11s\n", st.Key, st.Population, st.Quota, st.Chosen, formatProb(st.Probability))
	}
	if hidden > 0 {
		what := fmt.Sprintf("%d strata", hidden)
		if hidden == 1 {
			what = "1 stratum"
		}
		if len(shown) > 0 {
			what = strings.Replace(what, " strat", " other strat", 1)
		}
		fmt.Fprintf(&b, "  %s not shown, so that no group of fewer than %d families (in scope, chosen or not) is picked out\n", what, rep.MinCellSize)
	}
	if len(pl.TeacherLoads) > 0 {
		b.WriteString("\nTeachers asked to visit\n")
		for _, l := range pl.TeacherLoads {
			fmt.Fprintf(&b, "  %-20s %d\n", l.Teacher, l.Families)
		}
	}

	fmt.Fprintf(&b, "\nInvitations (%d)\n", len(pl.Chosen))
	fmt.Fprintf(&b, "  %-20s %-20s %11s %8s\n", "family", "teacher", "probability", "priority")
	for _, c := range pl.Chosen {
		prio := ""
		if c.Priority > 0 {
			prio = strconv.Itoa(c.Priority)
		}
		fmt.Fprintf(&b, "  %-20s %-20s %11s %8s\n", c.Family, c.Teacher, formatProb(c.Probability), prio)
	}
	b.WriteString("\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	return writeAuditText(w, rep)
}

// shownStrata applies the audits' small-cell rule to a plan's strata (as
// the fidelity report does to an audit's values): a stratum with fewer
// than min families in scope, among the chosen or among the others is not
// shown — not even its name, which would say that such families exist —
// and when that hides a single stratum, the next smallest is hidden too,
// so that its figures cannot be worked out from the plan's totals. It
// returns the strata to show, in order, and how many are hidden.
func shownStrata(strata []selection.Stratum, min int) (shown []selection.Stratum, hidden int) {
	small := func(st selection.Stratum) bool {
		return st.Population < min || st.Chosen < min || st.Population-st.Chosen < min
	}
	for _, st := range strata {
		if small(st) {
			hidden++
		}
	}
	smallest := -1
	if hidden == 1 && len(strata) > 1 {
		for i, st := range strata {
			if !small(st) && (smallest < 0 || st.Population < strata[smallest].Population) {
				smallest = i
			}
		}
		hidden++
	}
	for i, st := range strata {
		if !small(st) && i != smallest {
			shown = append(shown, st)
		}
	}
	return shown, hidden
}

// writeAuditText prints an audit. Small categories are pooled into
// "other" by the audit itself; an attribute with a cell under the minimum
// shows no figures (they could identify the families), and a suppressed
// row shows no numbers.
func writeAuditText(w io.Writer, rep selection.AuditReport) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Audit (P4.cross-section): %s — %d of %d families chosen\n", rep.Verdict, rep.Chosen, rep.Population)
	switch {
	case rep.AllChosen:
		b.WriteString("  every family in scope is chosen: no attribute needs a test\n")
	case rep.Tested > 1:
		fmt.Fprintf(&b, "  p-values Holm-adjusted over the %d attributes tested\n", rep.Tested)
	}
	for _, a := range rep.Attributes {
		switch {
		case a.Withheld:
			fmt.Fprintf(&b, "  %-16s %-14s figures withheld (a group under %d) %s\n", a.Attribute, a.Test, rep.MinCellSize, a.Verdict)
		case a.Test == selection.NoTest:
			fmt.Fprintf(&b, "  %-16s %-14s %s\n", a.Attribute, a.Test, a.Verdict)
		default:
			fmt.Fprintf(&b, "  %-16s %-14s p=%-8.3g adjusted=%-8.3g V=%.2f gap=%.2f %s\n", a.Attribute, a.Test, a.P, a.PAdjusted, a.CramersV, a.Gap, a.Verdict)
		}
		for _, l := range a.Levels {
			name := l.Level
			if l.Pooled {
				name += " (pooled)"
			}
			switch {
			case a.Withheld:
				fmt.Fprintf(&b, "    %s\n", name)
			case l.Suppressed:
				fmt.Fprintf(&b, "    %-20s (fewer than %d: not shown)\n", name, rep.MinCellSize)
			case l.NotRecorded:
				fmt.Fprintf(&b, "    %-20s population %6d, chosen %6d\n", name, l.Population, l.Chosen)
			default:
				fmt.Fprintf(&b, "    %-20s population %6d (%5.1f%%), chosen %6d (%5.1f%%)\n",
					name, l.Population, 100*l.PopulationShare, l.Chosen, 100*l.ChosenShare)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
