package practicestest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/homevisits/pthv/internal/nilarg"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
)

// unknownID is an id TestLookup asks about that no dataset it is given
// should hold.
const unknownID = "practicestest-unknown"

// TestLookup checks a district's implementation of [practices.Lookup]
// against a dataset: l must have been loaded with ds's records, and every
// method must answer what a [model.Index] over ds answers, for every
// educator and family of ds and for ids ds does not hold. It is to a
// Lookup what testing/fstest.TestFS is to a file system:
//
//	func TestLookupConforms(t *testing.T) {
//		ds := … // the records loaded into the district's database
//		if err := practicestest.TestLookup(myLookup, ds); err != nil {
//			t.Fatal(err)
//		}
//	}
//
// What it checks:
//
//   - Year and Calendar are ds's.
//   - Educator finds every educator of ds with the same record, and
//     finds nothing (or nil) for an unknown id.
//   - ConsentHistory gives, for every family, the changes the Index gives,
//     in the same order; none for an unknown family.
//   - VisitsOf gives every visit of the family in the school year, each
//     with the same record, in any order; it may add visits of other
//     years, which Guard leaves aside, but no other family's; nil entries
//     are left out, as Guard leaves them.
//   - The optional interfaces l implements — [practices.Roster],
//     [practices.FamilyLookup], [practices.StudentLookup] — answer as the
//     Index does: a Roster's students in any order, and a FamilyLookup
//     finding ds's families and no other (Guard asks only whether a
//     family is on record, so their records are not compared).
//   - [practices.Guard] gives the same findings over l as over the Index
//     for every visit of ds proposed again, and for a visit by an unknown
//     educator.
//
// Records are compared as ds holds them, instants as instants (a visit
// read back in UTC is the same visit). A method that panics is a
// mismatch. It returns nil when l conforms, and otherwise a
// [*LookupError] listing every disagreement. Like [TestChecker] it does
// not import testing.
func TestLookup(l practices.Lookup, ds *model.Dataset) error {
	if ds == nil {
		return fmt.Errorf("practicestest: TestLookup: nil dataset: %w", model.ErrInvalid)
	}
	c := &lookupCheck{l: l, x: model.NewIndex(ds), ds: ds}
	if nilarg.Is(l) {
		c.fail("Lookup", "", "the lookup is nil")
		return c.err()
	}
	c.year()
	c.educators()
	c.families()
	c.optional()
	c.guard()
	return c.err()
}

// LookupError is the error [TestLookup] returns when a Lookup disagrees
// with a [model.Index] over the same dataset.
type LookupError struct {
	Problems []LookupProblem
}

// LookupProblem is one call on which a Lookup disagreed.
type LookupProblem struct {
	// Call is the method called and its argument, such as
	// `VisitsOf("F1")`.
	Call string
	// Problem says what was wrong.
	Problem string
}

// String describes the problem in one line.
func (p LookupProblem) String() string { return p.Call + ": " + p.Problem }

// maxProblemsListed is how many problems Error lists.
const maxProblemsListed = 20

// Error lists the first problems, then their number.
func (e *LookupError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "practicestest: the lookup disagrees with model.Index on %d call(s)", len(e.Problems))
	for i, p := range e.Problems {
		if i == maxProblemsListed {
			fmt.Fprintf(&b, "\n\t… and %d more", len(e.Problems)-i)
			break
		}
		b.WriteString("\n\t")
		b.WriteString(p.String())
	}
	return b.String()
}

// Calls returns the distinct methods on which the lookup disagreed, such
// as "Educator" and "VisitsOf", sorted.
func (e *LookupError) Calls() []string {
	var out []string
	for _, p := range e.Problems {
		name, _, _ := strings.Cut(p.Call, "(")
		out = append(out, name)
	}
	return distinct(out)
}

// lookupCheck runs TestLookup's checks, collecting problems.
type lookupCheck struct {
	l        practices.Lookup
	x        *model.Index
	ds       *model.Dataset
	problems []LookupProblem
}

func (c *lookupCheck) fail(method string, arg any, format string, args ...any) {
	call := method + "()"
	if arg != "" {
		call = fmt.Sprintf("%s(%q)", method, arg)
	}
	c.problems = append(c.problems, LookupProblem{Call: call, Problem: fmt.Sprintf(format, args...)})
}

func (c *lookupCheck) err() error {
	if len(c.problems) == 0 {
		return nil
	}
	return &LookupError{Problems: c.problems}
}

// safely calls f, turning a panic into a problem; ok is false then.
func (c *lookupCheck) safely(method string, arg any, f func()) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			c.fail(method, arg, "panicked: %v", r)
			ok = false
		}
	}()
	f()
	return true
}

func (c *lookupCheck) year() {
	var year model.SchoolYear
	if c.safely("Year", "", func() { year = c.l.Year() }) && year != c.ds.Year {
		c.fail("Year", "", "gives %s, want %s", show(year), show(c.ds.Year))
	}
	var cal model.Calendar
	if c.safely("Calendar", "", func() { cal = c.l.Calendar() }) && !same(cal, c.ds.Calendar) {
		c.fail("Calendar", "", "gives %s, want %s", show(cal), show(c.ds.Calendar))
	}
}

func (c *lookupCheck) educators() {
	for i := range c.ds.Educators {
		want, _ := c.x.Educator(c.ds.Educators[i].ID)
		c.educator(c.ds.Educators[i].ID, want)
	}
	c.educator(unknownID, nil)
	c.educator("", nil)
}

func (c *lookupCheck) educator(id model.EducatorID, want *model.Educator) {
	var got *model.Educator
	var ok bool
	if !c.safely("Educator", id, func() { got, ok = c.l.Educator(id) }) {
		return
	}
	switch {
	case want == nil && ok && got != nil:
		c.fail("Educator", id, "finds an educator the dataset does not hold")
	case want != nil && (!ok || got == nil):
		c.fail("Educator", id, "finds nothing; want the dataset's educator")
	case want != nil && !same(got, want):
		c.fail("Educator", id, "gives %s, want %s", show(got), show(want))
	}
}

// familyIDs are ds's families, and one it does not hold.
func (c *lookupCheck) familyIDs() []model.FamilyID {
	ids := make([]model.FamilyID, 0, len(c.ds.Families)+1)
	for i := range c.ds.Families {
		ids = append(ids, c.ds.Families[i].ID)
	}
	return append(ids, unknownID)
}

func (c *lookupCheck) families() {
	year, loc := c.ds.Year, c.ds.Calendar.Location()
	inYear := func(v *model.Visit) bool { return year.Contains(model.DateOf(v.Start.In(loc))) }
	for _, f := range c.familyIDs() {
		var history []model.ConsentChange
		if c.safely("ConsentHistory", f, func() { history = c.l.ConsentHistory(f) }) {
			if want := c.x.ConsentHistory(f); !same(emptyNil(history), emptyNil(want)) {
				c.fail("ConsentHistory", f, "gives %s, want %s (the same changes in the same order)", show(history), show(want))
			}
		}

		var visits []*model.Visit
		if !c.safely("VisitsOf", f, func() { visits = c.l.VisitsOf(f) }) {
			continue
		}
		wantByID := map[model.VisitID]*model.Visit{}
		for _, v := range c.x.VisitsOf(f) {
			wantByID[v.ID] = v
		}
		seen := map[model.VisitID]bool{}
		for _, v := range visits {
			if v == nil {
				continue
			}
			want, ok := wantByID[v.ID]
			switch {
			case !ok:
				c.fail("VisitsOf", f, "gives visit %q, which is not the family's", v.ID)
			case seen[v.ID]:
				c.fail("VisitsOf", f, "gives visit %q twice", v.ID)
			case !same(v, want):
				c.fail("VisitsOf", f, "gives visit %q as %s, want %s", v.ID, show(v), show(want))
			}
			seen[v.ID] = true
		}
		for _, v := range c.x.VisitsOf(f) {
			if inYear(v) && !seen[v.ID] {
				c.fail("VisitsOf", f, "leaves out visit %q of the school year", v.ID)
			}
		}
	}
}

// optional checks the interfaces Guard uses when a lookup offers them.
func (c *lookupCheck) optional() {
	if r, ok := c.l.(practices.Roster); ok {
		for _, f := range c.familyIDs() {
			var got []*model.Student
			if !c.safely("StudentsOf", f, func() { got = r.StudentsOf(f) }) {
				continue
			}
			if g, w := studentSet(got), studentSet(c.x.StudentsOf(f)); !same(g, w) {
				c.fail("StudentsOf", f, "gives %s, want %s (in any order)", show(g), show(w))
			}
		}
	}
	if fl, ok := c.l.(practices.FamilyLookup); ok {
		// Guard asks only whether a family is on record: a lookup may
		// hold families without their languages or preferences.
		for _, id := range c.familyIDs() {
			_, want := c.x.Family(id)
			var got *model.Family
			var found bool
			if !c.safely("Family", id, func() { got, found = fl.Family(id) }) {
				continue
			}
			switch found = found && got != nil; {
			case found && !want:
				c.fail("Family", id, "finds a family the dataset does not hold")
			case !found && want:
				c.fail("Family", id, "finds nothing; want the dataset's family")
			}
		}
	}
	if sl, ok := c.l.(practices.StudentLookup); ok {
		ids := []model.StudentID{unknownID}
		for i := range c.ds.Students {
			ids = append(ids, c.ds.Students[i].ID)
		}
		for _, id := range ids {
			want, _ := c.x.Student(id)
			var got *model.Student
			var found bool
			if !c.safely("Student", id, func() { got, found = sl.Student(id) }) {
				continue
			}
			compareFound(c, "Student", id, got, found && got != nil, want)
		}
	}
}

// compareFound compares what a lookup found for id with the Index's record
// (nil: the Index holds none).
func compareFound[T any](c *lookupCheck, method string, id any, got *T, found bool, want *T) {
	switch {
	case want == nil && found:
		c.fail(method, id, "finds a record the dataset does not hold")
	case want != nil && !found:
		c.fail(method, id, "finds nothing; want the dataset's record")
	case want != nil && !same(got, want):
		c.fail(method, id, "gives %s, want %s", show(got), show(want))
	}
}

// guard proposes every visit of ds again, and one by an unknown educator,
// and compares Guard's findings over the lookup and over the Index.
func (c *lookupCheck) guard() {
	pol := c.ds.Policy
	if practices.ValidatePolicy(pol) != nil {
		pol = model.DefaultPolicy()
	}
	proposals := slices.Clone(c.ds.Visits)
	if len(c.ds.Visits) > 0 {
		v := c.ds.Visits[0]
		v.ID, v.Visitors = unknownID, []model.EducatorID{unknownID}
		proposals = append(proposals, v)
	}
	for _, v := range proposals {
		asOf := v.Start.Add(-time.Hour)
		want, err := practices.Guard(c.x, v, asOf, &pol)
		if err != nil {
			continue
		}
		var got practices.Verdict
		if !c.safely("Guard", v.ID, func() { got, err = practices.Guard(c.l, v, asOf, &pol) }) {
			continue
		}
		if err != nil {
			c.fail("Guard", v.ID, "fails over the lookup: %v", err)
			continue
		}
		if g, w := ruleIDs(got), ruleIDs(want); !same(g, w) {
			c.fail("Guard", v.ID, "over the lookup finds %s; over the dataset %s", show(g), show(w))
		}
	}
}

func ruleIDs(v practices.Verdict) []string {
	ids := []string{}
	for _, f := range v.Findings {
		ids = append(ids, f.Rule+": "+f.Message)
	}
	return ids
}

// studentSet returns students' records by id, nil entries left out.
func studentSet(students []*model.Student) map[model.StudentID]*model.Student {
	out := map[model.StudentID]*model.Student{}
	for _, s := range students {
		if s != nil {
			out[s.ID] = s
		}
	}
	return out
}

func emptyNil[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// same reports whether a and b are the same records as a dataset file
// would hold them, instants compared as instants.
func same(a, b any) bool {
	ja, errA := normalJSON(a)
	jb, errB := normalJSON(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}

// normalJSON encodes v as JSON with every RFC 3339 instant in UTC.
func normalJSON(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var tree any
	if err := json.Unmarshal(raw, &tree); err != nil {
		return nil, err
	}
	return json.Marshal(utcInstants(tree))
}

func utcInstants(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			v[k] = utcInstants(e)
		}
	case []any:
		for i, e := range v {
			v[i] = utcInstants(e)
		}
	case string:
		if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
			return t.UTC().Format(time.RFC3339Nano)
		}
	}
	return v
}

// show writes a value for a problem's message, shortened.
func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	const max = 200
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}
