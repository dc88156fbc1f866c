package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/homevisits/pthv/internal/spreadsheet"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/pairing"
)

func runPair(args []string, stdout, stderr io.Writer) int {
	f := newFlags("pair", "FILE", "Pair decides who visits together (core practice 5: visits in pairs).\n\n"+
		"--mode teams forms the standing teams of the school year in each school among\n"+
		"educators who opted in and are trained: an exact optimal pairing on shared\n"+
		"availability, the families' languages, a certificated + classified mix, a\n"+
		"change from last year's pairs and requests; an odd one out joins a team of\n"+
		"three. Everyone left out is listed with the reason.\n\n"+
		"--mode partners adds a partner to each proposed or scheduled visit that has only\n"+
		"the student's teacher on it, by an exact minimum-cost assignment under\n"+
		"availability, language and load caps. Every visit left without a partner is\n"+
		"listed with the reason.\n\n"+
		"Exit 1 when a volunteer is left out of the teams, or a visit has no partner.", stdout, stderr)
	mode := f.String("mode", "teams", "what to plan: teams or partners")
	format := f.String("format", "text", "output format: text, json or csv")
	asOfFlag := f.String("as-of", "", "teams: date by which members must be trained (YYYY-MM-DD; default the year's first day)")
	schools := f.String("school", "", "teams: only these schools, comma-separated")
	assume := f.Bool("assume-available", false, "partners: offer educators with no availability recorded (flagged for confirmation)")
	across := f.Bool("across-schools", false, "partners: let educators of other schools partner")
	out := f.String("o", "", "output file (default stdout)")
	pos, code, done := f.parse(args, 1, 1)
	if done {
		return code
	}
	if !oneOf(*mode, "teams", "partners") {
		return f.fail("--mode %q: want teams or partners", *mode)
	}
	if !oneOf(*format, "text", "json", "csv") {
		return f.fail("--format %q: want text, json or csv", *format)
	}
	set := map[string]bool{}
	f.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	for _, only := range [][2]string{{"as-of", "teams"}, {"school", "teams"}, {"assume-available", "partners"}, {"across-schools", "partners"}} {
		if set[only[0]] && *mode != only[1] {
			return f.fail("--%s applies to --mode %s only", only[0], only[1])
		}
	}
	var asOf model.Date
	if *asOfFlag != "" {
		d, err := model.ParseDate(*asOfFlag)
		if err != nil {
			return f.fail("--as-of: %v", err)
		}
		asOf = d
	}
	if f.refuseOverwrite([]string{pos[0]}, *out) {
		return exitUsage
	}
	ds, err := loadDataset(pos[0])
	if err != nil {
		return inputError(stderr, "pair", err)
	}
	if msg := afterYear(*asOfFlag, asOf, ds.Year); *asOfFlag != "" && msg != "" {
		return f.fail("%s", msg)
	}
	var only []model.SchoolID
	known := knownSchools(ds, pos[0])
	for s := range strings.SplitSeq(*schools, ",") {
		if s = strings.TrimSpace(s); s != "" {
			if err := known.check(s); err != nil {
				return f.fail("--school: %v", err)
			}
			only = append(only, model.SchoolID(s))
		}
	}

	var write func(io.Writer) error
	findings := false
	if *mode == "teams" {
		var at time.Time // zero: the year's first day
		if *asOfFlag != "" {
			at, _ = parseAsOf(*asOfFlag, ds.Calendar) // parsed above: the end of that day
		}
		plan, err := pairing.Teams(ds, at, pairing.TeamOptions{Schools: only})
		if err != nil {
			return inputError(stderr, "pair", fmt.Errorf("%s: %w", pos[0], err))
		}
		findings = len(plan.Unplaced()) > 0
		write = func(w io.Writer) error {
			switch *format {
			case "json":
				return writeJSON(w, plan)
			case "csv":
				return writeTeamsCSV(w, plan)
			default:
				return writeTeamsText(w, pos[0], plan)
			}
		}
	} else {
		plan, err := pairing.Partners(ds, pairing.PartnerOptions{AssumeAvailable: *assume, AcrossSchools: *across})
		if err != nil {
			return inputError(stderr, "pair", fmt.Errorf("%s: %w", pos[0], err))
		}
		findings = len(plan.Unpartnered) > 0
		write = func(w io.Writer) error {
			switch *format {
			case "json":
				return writeJSON(w, plan)
			case "csv":
				return writePartnersCSV(w, plan)
			default:
				return writePartnersText(w, pos[0], plan)
			}
		}
	}
	if err := writeTo(*out, stdout, write); err != nil {
		return inputError(stderr, "pair", err)
	}
	if findings {
		return exitFindings
	}
	return exitOK
}

func pairSchoolName(s model.SchoolID) string {
	if s == "" {
		return "District staff (no school)"
	}
	return "School " + string(s)
}

// writeTeamsText prints the teams school by school, each with the
// explanation of its score, then who is left out and why.
func writeTeamsText(w io.Writer, name string, plan pairing.TeamPlan) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s — standing teams for %s (trained by %s)\n", name, plan.Year, plan.AsOf)
	var schools []model.SchoolID
	seen := map[model.SchoolID]bool{}
	for _, t := range plan.Teams {
		if !seen[t.School] {
			seen[t.School] = true
			schools = append(schools, t.School)
		}
	}
	for _, l := range plan.LeftOut {
		if !seen[l.School] {
			seen[l.School] = true
			schools = append(schools, l.School)
		}
	}
	placed, larger := 0, 0
	slices.Sort(schools)
	for _, s := range schools {
		fmt.Fprintf(&b, "\n%s\n", pairSchoolName(s))
		for _, t := range plan.Teams {
			if t.School != s {
				continue
			}
			placed += len(t.Members)
			if len(t.Members) > 2 {
				larger++
			}
			fmt.Fprintf(&b, "  Team %s — score %d\n", strings.Join(pairIDs(t.Members), ", "), t.Score.Total())
			for _, p := range t.Pairs {
				fmt.Fprintf(&b, "    %s\n", p.Explain())
			}
		}
		first := true
		for _, l := range plan.LeftOut {
			if l.School != s {
				continue
			}
			if first {
				b.WriteString("  Not in a team\n")
				first = false
			}
			fmt.Fprintf(&b, "    %-12s %-22s %s\n", l.Educator, l.Reason, l.Detail)
		}
	}
	unplaced := len(plan.Unplaced())
	fmt.Fprintf(&b, "\n%d teams (%d of three or more), %d educators placed, %d volunteers not in a team, %d not opted in\n",
		len(plan.Teams), larger, placed, unplaced, len(plan.LeftOut)-unplaced)
	notOptedIn, untrained := 0, 0
	for _, l := range plan.LeftOut {
		switch l.Reason {
		case pairing.NotOptedIn:
			notOptedIn++
		case pairing.Untrained:
			untrained++
		}
	}
	if notOptedIn+untrained > 0 {
		fmt.Fprintf(&b, "%d educator(s) have not opted in for %s and %d opted in with no PTHV training by %s; "+
			"record opt-ins and trainings (pthv import workbook, sheets Educators and Trainings)\n",
			notOptedIn, plan.Year, untrained, plan.AsOf)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func pairIDs(es []model.EducatorID) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = string(e)
	}
	return out
}

// writeTeamsCSV writes one row per educator: their team and its score, or
// the reason they are in none.
func writeTeamsCSV(w io.Writer, plan pairing.TeamPlan) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"school", "educator", "team", "members", "score", "reason", "detail"})
	n := map[model.SchoolID]int{}
	for _, t := range plan.Teams {
		n[t.School]++
		team := fmt.Sprintf("%s#%d", t.School, n[t.School])
		for _, m := range t.Members {
			cw.Write([]string{spreadsheet.Guard(string(t.School)), spreadsheet.Guard(string(m)), spreadsheet.Guard(team),
				spreadsheet.Guard(strings.Join(pairIDs(t.Members), ";")), strconv.FormatInt(t.Score.Total(), 10), "", ""})
		}
	}
	for _, l := range plan.LeftOut {
		cw.Write([]string{spreadsheet.Guard(string(l.School)), spreadsheet.Guard(string(l.Educator)), "", "", "", string(l.Reason), spreadsheet.Guard(l.Detail)})
	}
	cw.Flush()
	return cw.Error()
}

// writePartnersText prints the chosen partners and the visits left
// without one, in time order.
func writePartnersText(w io.Writer, name string, plan pairing.PartnerPlan) error {
	var b strings.Builder
	total := len(plan.Assignments) + len(plan.Unpartnered)
	fmt.Fprintf(&b, "%s — partners for %s: %d of %d visits partnered, total cost %d\n",
		name, plan.Year, len(plan.Assignments), total, plan.Cost)
	if len(plan.Assignments) > 0 {
		b.WriteString("\nPartners\n")
		for _, a := range plan.Assignments {
			fmt.Fprintf(&b, "  %s  %s\n", a.Start.Format("2006-01-02 15:04"), a.Explain())
		}
	}
	if len(plan.Unpartnered) > 0 {
		b.WriteString("\nWithout a partner\n")
		for _, u := range plan.Unpartnered {
			fmt.Fprintf(&b, "  %s  %s (%s): %s — %s\n", u.Start.Format("2006-01-02 15:04"), u.Visit, u.Teacher, u.Reason, u.Detail)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writePartnersCSV writes one row per planned visit: its partner and cost,
// or the reason it has none.
func writePartnersCSV(w io.Writer, plan pairing.PartnerPlan) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"visit", "start", "teacher", "partner", "cost", "reason", "detail"})
	for _, a := range plan.Assignments {
		cw.Write([]string{spreadsheet.Guard(string(a.Visit)), a.Start.Format("2006-01-02T15:04:05Z07:00"), spreadsheet.Guard(string(a.Teacher)),
			spreadsheet.Guard(string(a.Partner)), strconv.FormatInt(a.Cost.Total(), 10), "", spreadsheet.Guard(strings.Join(a.Notes, "; "))})
	}
	for _, u := range plan.Unpartnered {
		cw.Write([]string{spreadsheet.Guard(string(u.Visit)), u.Start.Format("2006-01-02T15:04:05Z07:00"), spreadsheet.Guard(string(u.Teacher)),
			"", "", string(u.Reason), spreadsheet.Guard(u.Detail)})
	}
	cw.Flush()
	return cw.Error()
}
