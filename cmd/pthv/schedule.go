package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/homevisits/pthv/interop/ical"
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
		"family's teacher of record with the least-loaded other volunteer of the school.", stdout, stderr)
	asOfFlag := f.String("as-of", "", "plan as of this date (YYYY-MM-DD, end of day in the district's time zone; default now)")
	ics := f.String("ics", "", "also write the appointments as iCalendar to this file (or into this directory)")
	domain := f.String("ics-domain", "", "domain of the iCalendar UIDs (default pthv.invalid)")
	format := f.String("format", "text", "output format: text, json or csv")
	teamsFile := f.String("teams", "", "JSON file of standing teams")
	budget := f.Int64("budget", 0, "cap on the pay of the new appointments, in cents (0: none)")
	method := f.String("method", "auto", "search: auto, heuristic or exact")
	freeInHours := f.Bool("free-in-working-hours", false, "book educators with no recorded availability during their working hours on school days (by default those hours are taken by teaching)")
	out := f.String("o", "", "output file (default stdout)")
	pos, code, done := f.parse(args, 1, 1)
	if done {
		return code
	}
	if !oneOf(*format, "text", "json", "csv") {
		return f.fail("--format %q: want text, json or csv", *format)
	}
	if !oneOf(*method, "auto", "heuristic", "exact") {
		return f.fail("--method %q: want auto, heuristic or exact", *method)
	}
	if *budget < 0 {
		return f.fail("--budget %d: must not be negative", *budget)
	}
	ds, err := loadDataset(pos[0])
	if err != nil {
		return inputError(stderr, "schedule", err)
	}
	asOf, err := parseAsOf(*asOfFlag, ds.Calendar)
	if err != nil {
		return f.fail("--as-of: %v", err)
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
	if *ics != "" {
		if err := writeICS(*ics, ds, s, *domain); err != nil {
			return inputError(stderr, "schedule", err)
		}
	}
	w, closeOut, err := createOutput(*out, stdout)
	if err != nil {
		return inputError(stderr, "schedule", err)
	}
	switch *format {
	case "json":
		err = writeJSON(w, s)
	case "csv":
		err = writeScheduleCSV(w, s)
	default:
		err = writeScheduleText(w, pos[0], s)
	}
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	if err != nil {
		return inputError(stderr, "schedule", err)
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

// writeICS writes the appointments as iCalendar, stamped with the as-of
// time so the same input gives the same file.
func writeICS(path string, ds *model.Dataset, s schedule.Schedule, domain string) error {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, "schedule-"+string(s.Year)+".ics")
	}
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	err = ical.Write(fh, ds.Calendar, s.Visits(), ical.Options{Stamp: s.AsOf, Domain: domain})
	if cerr := fh.Close(); err == nil {
		err = cerr
	}
	return err
}

func dollars(cents int64) string { return fmt.Sprintf("$%d.%02d", cents/100, cents%100) }

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
		fmt.Fprintf(&b, "  %s  %-6s %-8s %s  family %s  visitors %s  %s  %d min outside  %s%s\n",
			a.Start.Format("2006-01-02 Mon 15:04"), a.Kind, a.Status, a.ID, a.Family, joinIDs(a.Visitors), loc,
			a.MinutesOutside(), dollars(a.CostCents()), extra)
	}
	if len(s.Unplaced) > 0 {
		b.WriteString("\nNot placed\n")
		counts := map[schedule.Reason]int{}
		for _, u := range s.Unplaced {
			counts[u.Reason]++
			fmt.Fprintf(&b, "  family %s  %-6s %s: %s\n", u.Family, u.Kind, u.Reason, u.Detail)
		}
		var parts []string
		for _, r := range []schedule.Reason{schedule.NoVisitors, schedule.VisitorNotEligible, schedule.NoDaysLeft,
			schedule.NoCommonTime, schedule.Capacity, schedule.Gap, schedule.NoFirstVisit, schedule.OverBudget, schedule.CancelledByFamily} {
			if counts[r] > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", r, counts[r]))
			}
		}
		fmt.Fprintf(&b, "  (%s)\n", strings.Join(parts, ", "))
	}
	t := s.Totals
	fmt.Fprintf(&b, "\nCompensation for time outside the working day\n  %d appointments: %d visitor-minutes outside, %s per visit, %d minutes covered by stipends\n",
		t.Appointments, t.MinutesOutside, dollars(t.Cents), t.StipendMinutes)
	if s.BudgetCents > 0 {
		fmt.Fprintf(&b, "  budget %s, %s left\n", dollars(s.BudgetCents), dollars(s.BudgetCents-t.Cents))
	}
	for _, src := range t.BySource {
		fmt.Fprintf(&b, "  %-10s %6d min  %s  (stipends %d min)\n", src.Source, src.MinutesOutside, dollars(src.Cents), src.StipendMinutes)
	}
	for _, sc := range t.BySchool {
		fmt.Fprintf(&b, "  school %-8s %4d appointments  %6d min  %s\n", sc.School, sc.Appointments, sc.MinutesOutside, dollars(sc.Cents))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeScheduleCSV writes one row per appointment, then one per visit left
// unplaced.
func writeScheduleCSV(w io.Writer, s schedule.Schedule) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"record", "visit", "family", "school", "kind", "status", "start", "duration_min", "visitors",
		"location", "requested_by", "minutes_outside", "cents", "reason", "detail"})
	for _, a := range s.Appointments {
		cw.Write([]string{"appointment", csvCell(string(a.ID)), csvCell(string(a.Family)), csvCell(string(a.School)),
			string(a.Kind), string(a.Status), a.Start.Format("2006-01-02T15:04:05Z07:00"),
			strconv.Itoa(model.Duration(a.Duration).Minutes()), csvCell(strings.Join(idStrings(a.Visitors), ";")),
			string(a.Location.Kind), string(a.Location.RequestedBy), strconv.Itoa(a.MinutesOutside()),
			strconv.FormatInt(a.CostCents(), 10), "", ""})
	}
	for _, u := range s.Unplaced {
		cw.Write([]string{"unplaced", "", csvCell(string(u.Family)), csvCell(string(u.School)), string(u.Kind), "", "", "", "",
			"", "", "", "", string(u.Reason), csvCell(u.Detail)})
	}
	cw.Flush()
	return cw.Error()
}

func idStrings[T ~string](ids []T) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	return out
}
