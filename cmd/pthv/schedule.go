package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/homevisits/pthv/internal/safefile"
	"github.com/homevisits/pthv/interop/ical"
	"github.com/homevisits/pthv/interop/visitlog"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/schedule"
)

func runSchedule(args []string, stdout, stderr io.Writer) int {
	f := newFlags("schedule", "FILE", "Schedule places the first and second visits of every family that accepted a\n"+
		"visit, over the rest of the school year: first visits in summer or fall, second\n"+
		"visits in winter or spring, 30–40 minutes, arranged in advance with the policy's\n"+
		"notice, in pairs, within the families' and visitors' availability and the\n"+
		"visitors' daily and weekly caps. It prints the appointments, every family left\n"+
		"unplaced with the reason, and the pay for time outside the working day by\n"+
		"funding source and school.\n\n"+
		"Visitors: with --teams, the standing team of a student's teacher (the JSON of\n"+
		"\"pthv pair --format json\" or {\"teams\":[{\"members\":[...]}]}); otherwise each\n"+
		"family's teacher of record with the least-loaded other volunteer of the school.\n\n"+
		"--apply records the appointments as scheduled visits in the dataset (ids\n"+
		"SCH-FAMILY-1 and -2, made unique); --dry-run lists them and writes nothing.\n"+
		"--format csv writes the appointments as a visit log (\"pthv import visits\"\n"+
		"reads it) and the families not placed on stderr.", stdout, stderr)
	asOfFlag := f.String("as-of", "", "plan as of this date (YYYY-MM-DD, end of day in the district's time zone; default now)")
	ics := f.String("ics", "", "also write the appointments as iCalendar to this file (or into this directory)")
	domain := f.String("ics-domain", "", "domain of the iCalendar UIDs (default pthv.invalid)")
	format := f.String("format", "text", "output format: text, json or csv")
	teamsFile := f.String("teams", "", "JSON file of standing teams")
	budget := f.Int64("budget", 0, "cap on the pay of the new appointments, in cents (0: none)")
	method := f.String("method", "auto", "search: auto, heuristic or exact")
	freeInHours := f.Bool("free-in-working-hours", false, "book educators with no recorded availability during their working hours on school days (by default those hours are taken by teaching)")
	out := f.String("o", "", "output file (default stdout)")
	wb := addWriteBackFlags(f, "the appointments as scheduled visits")
	pos, code, done := f.parse(args, 1, 1)
	if done {
		return code
	}
	if !oneOf(*format, "text", "json", "csv") {
		return f.fail("--format %q: want text, json or csv", *format)
	}
	if wb.check(f, pos[0], *teamsFile) {
		return exitUsage
	}
	if !oneOf(*method, "auto", "heuristic", "exact") {
		return f.fail("--method %q: want auto, heuristic or exact", *method)
	}
	if *budget < 0 {
		return f.fail("--budget %d: must not be negative", *budget)
	}
	if f.refuseOverwrite([]string{pos[0], *teamsFile}, *out, *ics, wb.otherTarget(pos[0])) {
		return exitUsage
	}
	ds, orig, err := wb.load(pos[0])
	if err != nil {
		return inputError(stderr, "schedule", err)
	}
	asOf, code, done := aheadAsOf(f, *asOfFlag, ds)
	if done {
		return code
	}
	opt := schedule.Options{BudgetCents: *budget, Method: schedule.Method(*method), WorkingHoursBusy: !*freeInHours}
	if *teamsFile != "" {
		if opt.Teams, err = loadTeams(*teamsFile); err != nil {
			return inputError(stderr, "schedule", err)
		}
		educators := knownEducators(ds, pos[0])
		for i, t := range opt.Teams {
			if err := educators.check(ids(t.Educators)...); err != nil {
				return inputError(stderr, "schedule", fmt.Errorf("%s: teams[%d]: %w", *teamsFile, i, err))
			}
		}
	}
	s, err := schedule.Plan(ds, asOf, opt)
	if err != nil {
		return inputError(stderr, "schedule", fmt.Errorf("%s: %w", pos[0], err))
	}
	icsFile, err := icsPath(*ics, s.Year)
	if err != nil {
		return inputError(stderr, "schedule", err)
	}
	if f.refuseOverwrite([]string{pos[0], *teamsFile}, *out, icsFile) {
		return exitUsage
	}
	if icsFile != "" {
		err := writeTo(icsFile, stdout, func(w io.Writer) error {
			return ical.Write(w, ds.Calendar, s.Visits(), ical.Options{Stamp: s.AsOf, Domain: *domain})
		})
		if err != nil {
			return inputError(stderr, "schedule", err)
		}
	}
	err = writeTo(*out, stdout, func(w io.Writer) error {
		switch *format {
		case "json":
			return writeJSON(w, s)
		case "csv":
			if err := writeScheduleCSV(w, ds, s); err != nil {
				return err
			}
			return writeUnplacedText(stderr, s)
		default:
			return writeScheduleText(w, pos[0], s)
		}
	})
	if err != nil {
		return inputError(stderr, "schedule", err)
	}
	if wb.recording() {
		// The list of changes is text: it goes to stderr when stdout
		// carries the JSON or CSV.
		changes := stdout
		if *format != "text" && safefile.IsStdio(*out) {
			changes = stderr
		}
		after := *ds
		after.Visits = append(slices.Clone(ds.Visits), s.Visits()...)
		if err := wb.finish(changes, orig, ds, &after); err != nil {
			return inputError(stderr, "schedule", err)
		}
	}
	return exitOK
}

// loadTeams reads standing teams: a pairing plan's JSON (teams with
// "members") or a list of teams with "educators".
func loadTeams(path string) ([]schedule.Team, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Teams []struct {
			Members   []model.EducatorID `json:"members"`
			Educators []model.EducatorID `json:"educators"`
		} `json:"teams"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	teams := make([]schedule.Team, 0, len(doc.Teams))
	for i, t := range doc.Teams {
		members := append(t.Members, t.Educators...)
		if len(members) == 0 {
			return nil, fmt.Errorf("%s: teams[%d]: no members", path, i)
		}
		teams = append(teams, schedule.Team{Educators: members})
	}
	return teams, nil
}

// icsPath is the file --ics names: the path itself, or for a folder the
// file "schedule-YEAR.ics" in it — a name that cannot leave the folder,
// whatever the year's id holds. The file is stamped with the as-of time so
// the same input gives the same file.
func icsPath(flag string, year model.SchoolYearID) (string, error) {
	if flag == "" {
		return "", nil
	}
	if st, err := os.Stat(flag); err == nil && st.IsDir() {
		return safefile.Join(flag, "schedule-"+string(year)+".ics")
	}
	return flag, nil
}

func joinIDs[T ~string](ids []T) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = string(id)
	}
	return strings.Join(s, ", ")
}

// writeScheduleText prints a schedule for people: the headline, the
// appointments, the families left unplaced with the reason, and pay.
func writeScheduleText(w io.Writer, name string, s schedule.Schedule) error {
	var b strings.Builder
	proof := "not proven optimal"
	if s.Proven {
		proof = "proven optimal"
	}
	fmt.Fprintf(&b, "%s — visit schedule for %s as of %s (%s, %s)\n", name, s.Year, s.AsOf.Format("2006-01-02 15:04"), s.Method, proof)
	o := s.Objective
	fmt.Fprintf(&b, "%d first visits and %d second visits placed (best possible: %d and %d); %d already on record\n",
		o.FirstVisits, o.SecondVisits, s.Bound.FirstVisits, s.Bound.SecondVisits, len(s.Kept))
	fmt.Fprintf(&b, "%d outside their season, %d visitor-minutes outside the working day\n", o.SeasonMisses, o.MinutesOutside)
	if len(s.Appointments) == 0 {
		b.WriteString(nothingPlaced(s))
	}
	if len(s.Appointments) > 0 {
		b.WriteString("\nAppointments\n")
	}
	for _, a := range s.Appointments {
		loc := string(a.Location.Kind)
		if a.Location.RequestedBy != "" {
			loc += " (family's request)"
		}
		extra := ""
		if a.InterpreterNeeded {
			extra = "  interpreter needed"
		}
		cost, err := a.CostCents()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "  %s  %-6s %-8s %s  family %s  visitors %s  %s  %d min outside  %s%s\n",
			a.Start.Format("2006-01-02 Mon 15:04"), a.Kind, a.Status, a.ID, a.Family, joinIDs(a.Visitors), loc,
			a.MinutesOutside(), model.FormatDollars(cost), extra)
	}
	b.WriteString(unplacedText(s))
	t := s.Totals
	fmt.Fprintf(&b, "\nCompensation for time outside the working day\n  %d appointments: %d visitor-minutes outside, %s per visit, %d minutes covered by stipends\n",
		t.Appointments, t.MinutesOutside, model.FormatDollars(t.Cents), t.StipendMinutes)
	if s.BudgetCents > 0 {
		// Both are at least zero, so the difference cannot overflow.
		fmt.Fprintf(&b, "  budget %s, %s left\n", model.FormatDollars(s.BudgetCents), model.FormatDollars(s.BudgetCents-t.Cents))
	}
	for _, src := range t.BySource {
		fmt.Fprintf(&b, "  %-10s %6d min  %s  (stipends %d min)\n", src.Source, src.MinutesOutside, model.FormatDollars(src.Cents), src.StipendMinutes)
	}
	for _, sc := range t.BySchool {
		fmt.Fprintf(&b, "  school %-8s %4d appointments  %6d min  %s\n", sc.School, sc.Appointments, sc.MinutesOutside, model.FormatDollars(sc.Cents))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeScheduleCSV writes the appointments as a visit log — the columns of
// interop/visitlog, which "pthv import visits" reads — one row per
// appointment, in the dataset calendar's time zone.
func writeScheduleCSV(w io.Writer, ds *model.Dataset, s schedule.Schedule) error {
	log := *ds
	log.Visits = s.Visits()
	return visitlog.Write(w, &log)
}

// unplacedText lists the visits left unplaced, each with its reason, and
// a count by reason; "" when every visit is placed or on record.
func unplacedText(s schedule.Schedule) string {
	if len(s.Unplaced) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\nNot placed\n")
	counts := map[schedule.Reason]int{}
	for _, u := range s.Unplaced {
		counts[u.Reason]++
		fmt.Fprintf(&b, "  family %s  %-6s %s: %s\n", u.Family, u.Kind, u.Reason, u.Detail)
	}
	var parts []string
	for _, r := range []schedule.Reason{schedule.NoVisitors, schedule.VisitorNotEligible, schedule.NoDaysLeft,
		schedule.NoCommonTime, schedule.Capacity, schedule.Gap, schedule.NoFirstVisit, schedule.OverBudget,
		schedule.CancelledByFamily, schedule.CancelledByEducator} {
		if counts[r] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", r, counts[r]))
		}
	}
	fmt.Fprintf(&b, "  (%s)\n", strings.Join(parts, ", "))
	return b.String()
}

// writeUnplacedText writes, beside a CSV of the appointments, why nothing
// was placed and the visits left unplaced.
func writeUnplacedText(w io.Writer, s schedule.Schedule) error {
	text := unplacedText(s)
	if len(s.Appointments) == 0 {
		text = nothingPlaced(s) + text
	}
	_, err := io.WriteString(w, strings.TrimPrefix(text, "\n"))
	return err
}

// nothingPlaced says why a schedule places no visit, and what to record
// next so that it can.
func nothingPlaced(s schedule.Schedule) string {
	var b strings.Builder
	b.WriteString("\nWhy nothing is placed\n")
	for _, n := range s.Notes {
		fmt.Fprintf(&b, "  %s: %s\n", n.Reason, n.Detail)
		switch n.Reason {
		case schedule.NoAcceptedFamily:
			b.WriteString("    next: invite families (pthv plan --apply) and record their answers in the dataset's invitations\n")
		case schedule.NoEligibleEducator:
			b.WriteString("    next: record opt-ins and trainings (pthv import workbook, sheets Educators and Trainings)\n")
		case schedule.NoDaysLeft:
			b.WriteString("    next: nothing can be booked in this school year; plan the next year in its own dataset\n")
		}
	}
	switch {
	case len(s.Notes) > 0:
	case len(s.Unplaced) > 0:
		fmt.Fprintf(&b, "  %d accepted famil%s, %d eligible educators: every visit left is listed below with the reason it could not be placed\n",
			s.Families, plural(s.Families, "y", "ies"), s.EligibleEducators)
	default:
		fmt.Fprintf(&b, "  nothing is left to place: the first and second visits of the %d accepted famil%s are on record\n",
			s.Families, plural(s.Families, "y", "ies"))
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
