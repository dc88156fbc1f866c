package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
)

// atLayout is how --at is written: a local date and time.
const atLayout = "2006-01-02T15:04"

func runBook(args []string, stdout, stderr io.Writer) int {
	f := newFlags("book", "FILE", "Book checks one proposed visit against the rules decidable at booking (● in\n"+
		"the rule catalogue: the family's consent, a decline respected, arranged in\n"+
		"advance, educators opted in and trained, a pair, no agenda on a first visit,\n"+
		"the location) and prints every rule it breaks, by rule id, naming records by\n"+
		"id only. With --apply a visit that breaks none is recorded as scheduled\n"+
		"(advisories allowed); --dry-run prints what would be recorded.\n\n"+
		"Exit 1 when the visit breaks a rule, or a visitor or the family is already\n"+
		"booked at that time: nothing is recorded, even with --apply.\n"+
		"Exit 2 for an id the dataset does not hold, or a malformed flag.", stdout, stderr)
	family := f.String("family", "", "the family visited (required)")
	visitors := f.String("visitors", "", "the educators on the visit, comma-separated (required)")
	at := f.String("at", "", "the start, YYYY-MM-DDTHH:MM in the district's time zone (required)")
	students := f.String("students", "", "the students the visit is for, comma-separated (default: all the family's)")
	duration := f.String("duration", "", "the visit's length, such as 40m (default: the policy's visit length)")
	location := f.String("location", "", "home, library, park, cafe, school or other (default: the family's recorded preference, else home)")
	requestedBy := f.String("requested-by", "", "who asked for the location: family, educator or school")
	topics := f.String("topics", "", "topics planned, KIND[:WHO] comma-separated, such as hopes-and-dreams:educator")
	interpreter := f.String("interpreter", "", "an interpreter: an educator's id, or the id of an interpreter recorded on an earlier visit")
	kindFlag := f.String("kind", "", "first or second (default: first, unless the visit's students had a completed visit this year)")
	idFlag := f.String("id", "", "the new visit's id (default BK-FAMILY-YYYYMMDD-HHMM, made unique)")
	asOfFlag := f.String("as-of", "", "book as of this date (YYYY-MM-DD, end of day in the district's time zone; default now)")
	wb := addWriteBackFlags(f, "the visit as scheduled")
	pos, code, done := f.parse(args, 1, 1)
	if done {
		return code
	}
	for _, req := range []struct{ name, value string }{{"family", *family}, {"visitors", *visitors}, {"at", *at}} {
		if strings.TrimSpace(req.value) == "" {
			return f.fail("--%s: required", req.name)
		}
	}
	var loc model.LocationKind
	if err := loc.UnmarshalText([]byte(*location)); err != nil {
		return f.fail("--location: %v", err)
	}
	var by model.Party
	if err := by.UnmarshalText([]byte(*requestedBy)); err != nil {
		return f.fail("--requested-by: %v", err)
	}
	kind := model.VisitKind(*kindFlag)
	if !oneOf(*kindFlag, "", "first", "second") {
		return f.fail("--kind %q: want first or second", *kindFlag)
	}
	var length model.Duration
	if *duration != "" {
		d, err := time.ParseDuration(*duration)
		if err != nil || d <= 0 {
			return f.fail("--duration %q: want a length such as 40m", *duration)
		}
		length = model.Duration(d)
	}
	planned, err := parseTopics(*topics)
	if err != nil {
		return f.fail("--topics: %v", err)
	}
	if wb.check(f, pos[0]) {
		return exitUsage
	}
	ds, orig, err := wb.load(pos[0])
	if err != nil {
		return inputError(stderr, "book", err)
	}
	asOf, code, done := aheadAsOf(f, *asOfFlag, ds)
	if done {
		return code
	}
	zone := ds.Calendar.Location()
	start, err := time.ParseInLocation(atLayout, *at, zone)
	switch {
	case err != nil:
		var pe *time.ParseError
		if errors.As(err, &pe) && strings.HasPrefix(pe.Message, ": ") {
			return f.fail("--at %q: %s", *at, strings.TrimPrefix(pe.Message, ": "))
		}
		return f.fail("--at %q: want YYYY-MM-DDTHH:MM, such as 2025-10-02T16:00", *at)
	case start.Format(atLayout) != *at:
		return f.fail("--at %s: no such time in %s (the clocks change)", *at, zone)
	case !ds.Year.Contains(model.DateOf(start)):
		return f.fail("--at %s: outside the school year %s (%s to %s)", *at, ds.Year.ID, ds.Year.Start(), ds.Year.LastDay)
	}

	x := model.NewIndex(ds)
	v := model.Visit{Family: model.FamilyID(*family), Status: model.Scheduled, Kind: kind, ArrangedAt: asOf, Start: start,
		Duration: length, Topics: planned}
	var unknown []error
	if _, ok := x.Family(v.Family); !ok {
		unknown = append(unknown, fmt.Errorf("--family: %w", knownFamilies(ds, pos[0]).unknown(string(v.Family))))
	}
	for _, id := range splitIDs[model.EducatorID](*visitors) {
		if _, ok := x.Educator(id); !ok {
			unknown = append(unknown, fmt.Errorf("--visitors: %w", knownEducators(ds, pos[0]).unknown(string(id))))
		}
		v.Visitors = append(v.Visitors, id)
	}
	for _, id := range splitIDs[model.StudentID](*students) {
		switch st, ok := x.Student(id); {
		case !ok:
			unknown = append(unknown, fmt.Errorf("--students: %w", knownStudents(ds, pos[0]).unknown(string(id))))
		case st.Family != v.Family:
			unknown = append(unknown, fmt.Errorf("--students: student %q belongs to family %q, not %q", id, st.Family, v.Family))
		}
		v.Students = append(v.Students, id)
	}
	if *interpreter != "" {
		in, ok := findInterpreter(ds, x, *interpreter)
		if !ok {
			unknown = append(unknown, fmt.Errorf("--interpreter: no educator or recorded interpreter %q", *interpreter))
		}
		v.Interpreters = []model.Interpreter{in}
	}
	if *idFlag != "" {
		if _, taken := x.Visit(model.VisitID(*idFlag)); taken {
			unknown = append(unknown, fmt.Errorf("--id: visit %q is already in the dataset", *idFlag))
		}
	}
	if len(unknown) > 0 {
		return inputErrors(stderr, "book", pos[0], unknown)
	}

	if len(v.Students) == 0 {
		for _, st := range x.StudentsOf(v.Family) {
			v.Students = append(v.Students, st.ID)
		}
		slices.Sort(v.Students)
	}
	if v.Duration == 0 {
		v.Duration = ds.Policy.VisitLength
	}
	fam, _ := x.Family(v.Family)
	v.Location = model.Location{Kind: model.Home}
	switch {
	case loc != "":
		v.Location.Kind = loc
	case fam.LocationPreference != "" && fam.LocationPreference != model.Home:
		v.Location = model.Location{Kind: fam.LocationPreference, RequestedBy: model.ByFamily}
	}
	if by != "" {
		v.Location.RequestedBy = by
	}
	if v.Kind == "" {
		v.Kind = model.SecondVisit
		if model.IsFirstVisit(familyStudentIDs(x, v.Family), completedIn(x, ds, v.Family), &v) {
			v.Kind = model.FirstVisit
		}
	}
	v.ID = model.VisitID(*idFlag)
	if v.ID == "" {
		v.ID = uniqueVisitID(x, fmt.Sprintf("BK-%s-%s", v.Family, start.Format("20060102-1504")))
	}

	verdict, err := practices.Guard(x, v, asOf, nil)
	if err != nil {
		return inputError(stderr, "book", fmt.Errorf("%s: %w", pos[0], err))
	}
	busy := conflicts(ds, v)
	writeBookText(stdout, pos[0], ds, v, asOf, verdict, busy)
	if verdict.HasViolation() || len(busy) > 0 {
		if wb.recording() {
			fmt.Fprintf(stdout, "%s: nothing recorded: see above\n", pos[0])
		}
		return exitFindings
	}
	if !wb.recording() {
		fmt.Fprintln(stdout, "Pass --apply to record it, or --dry-run to see what would change.")
		return exitOK
	}
	after := *ds
	after.Visits = append(slices.Clone(ds.Visits), v)
	if err := wb.finish(stdout, orig, ds, &after); err != nil {
		return inputError(stderr, "book", err)
	}
	return exitOK
}

// writeBookText prints the proposed visit, ids only, and every rule it
// breaks.
func writeBookText(w io.Writer, name string, ds *model.Dataset, v model.Visit, asOf time.Time, verdict practices.Verdict, busy []string) {
	var b strings.Builder
	loc := ds.Calendar.Location()
	fmt.Fprintf(&b, "%s — booking %s as of %s\n", name, v.ID, asOf.In(loc).Format(time.DateOnly))
	place := string(v.Location.Kind)
	if v.Location.RequestedBy != "" {
		place += ", asked for by the " + string(v.Location.RequestedBy)
	}
	fmt.Fprintf(&b, "  %s visit of family %s (students %s), %s–%s %s, %s\n", v.Kind, v.Family, joinIDs(v.Students),
		v.Start.In(loc).Format("Mon 2006-01-02 15:04"), v.End().In(loc).Format("15:04"), loc, place)
	fmt.Fprintf(&b, "  visitors %s", joinIDs(v.Visitors))
	for _, in := range v.Interpreters {
		fmt.Fprintf(&b, "; interpreter %s", cmpOr(string(in.ID), string(in.Educator)))
	}
	b.WriteString("\n")
	violations, advisories := 0, 0
	for _, fd := range verdict.Findings {
		if fd.Severity == practices.Violation {
			violations++
		} else {
			advisories++
		}
		fmt.Fprintf(&b, "  ● %s (%s): %s\n", fd.Rule, fd.Severity, strings.TrimSuffix(fd.Message, " ("+fd.Rule+")"))
	}
	for _, c := range busy {
		fmt.Fprintf(&b, "  ✗ %s\n", c)
	}
	if len(busy) > 0 {
		fmt.Fprintf(&b, "%d clash(es) with visits on record.\n", len(busy))
	}
	switch {
	case violations > 0:
		fmt.Fprintf(&b, "Breaks %d rule(s) decided at booking (%d advisory).\n", violations, advisories)
	case advisories > 0:
		fmt.Fprintf(&b, "Breaks no rule decided at booking; %d advisory.\n", advisories)
	default:
		b.WriteString("Breaks no rule decided at booking.\n")
	}
	io.WriteString(w, b.String())
}

// conflicts says which visits on record (scheduled or completed) the
// proposed visit overlaps: one of the family's, or one of a visitor's.
func conflicts(ds *model.Dataset, v model.Visit) []string {
	var out []string
	loc := ds.Calendar.Location()
	for i := range ds.Visits {
		o := &ds.Visits[i]
		if o.Status != model.Scheduled && o.Status != model.Completed {
			continue
		}
		end := o.End()
		if o.Duration <= 0 {
			end = o.Start.Add(time.Duration(ds.Policy.VisitLength))
		}
		if !o.Start.Before(v.End()) || !v.Start.Before(end) {
			continue
		}
		at := fmt.Sprintf("%s–%s", o.Start.In(loc).Format("Mon 2006-01-02 15:04"), end.In(loc).Format("15:04"))
		if o.Family == v.Family {
			out = append(out, fmt.Sprintf("family %s already has visit %s %s", o.Family, o.ID, at))
		}
		for _, e := range v.Visitors {
			if slices.Contains(o.Visitors, e) {
				out = append(out, fmt.Sprintf("visitor %s is already on visit %s %s", e, o.ID, at))
			}
		}
	}
	return out
}

// inputErrors prints each problem of one input on a line of its own and
// returns exitUsage.
func inputErrors(stderr io.Writer, cmd, file string, errs []error) int {
	for _, err := range errs {
		fmt.Fprintf(stderr, "pthv %s: %s: %v\n", cmd, file, err)
	}
	return exitUsage
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// splitIDs reads a comma-separated list of ids, skipping blanks.
func splitIDs[T ~string](s string) []T {
	var out []T
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, T(p))
		}
	}
	return out
}

// parseTopics reads KIND[:WHO] items separated by commas.
func parseTopics(s string) ([]model.Topic, error) {
	var out []model.Topic
	for _, item := range splitIDs[string](s) {
		kind, who, _ := strings.Cut(item, ":")
		var t model.Topic
		if err := t.Kind.UnmarshalText([]byte(kind)); err != nil || kind == "" {
			return nil, fmt.Errorf("%q: want a topic such as hopes-and-dreams or academics:family", item)
		}
		if err := t.RaisedBy.UnmarshalText([]byte(who)); err != nil {
			return nil, fmt.Errorf("%q: %v", item, err)
		}
		out = append(out, t)
	}
	return out, nil
}

// findInterpreter resolves --interpreter: a staff member serving as
// interpreter, or an interpreter recorded on an earlier visit (with the
// languages recorded there last).
func findInterpreter(ds *model.Dataset, x *model.Index, id string) (model.Interpreter, bool) {
	if _, ok := x.Educator(model.EducatorID(id)); ok {
		return model.Interpreter{Educator: model.EducatorID(id)}, true
	}
	found, ok := model.Interpreter{ID: model.InterpreterID(id)}, false
	for i := range ds.Visits {
		for _, in := range ds.Visits[i].Interpreters {
			if in.ID == model.InterpreterID(id) {
				found, ok = model.Interpreter{ID: in.ID, Languages: slices.Clone(in.Languages)}, true
			}
		}
	}
	return found, ok
}

// familyStudentIDs returns the ids of family f's students.
func familyStudentIDs(x *model.Index, f model.FamilyID) []model.StudentID {
	var out []model.StudentID
	for _, st := range x.StudentsOf(f) {
		out = append(out, st.ID)
	}
	return out
}

// completedIn returns family f's completed visits of the dataset's school
// year.
func completedIn(x *model.Index, ds *model.Dataset, f model.FamilyID) []*model.Visit {
	var out []*model.Visit
	loc := ds.Calendar.Location()
	for _, v := range x.VisitsOf(f) {
		if v.Status == model.Completed && ds.Year.Contains(model.DateOf(v.Start.In(loc))) {
			out = append(out, v)
		}
	}
	return out
}

// uniqueVisitID returns base, or base with ".2", ".3", … when the dataset
// already holds it, so the same booking of the same dataset gets the same
// id.
func uniqueVisitID(x *model.Index, base string) model.VisitID {
	id := model.VisitID(base)
	for k := 2; ; k++ {
		if _, taken := x.Visit(id); !taken {
			return id
		}
		id = model.VisitID(fmt.Sprintf("%s.%d", base, k))
	}
}
