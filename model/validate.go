package model

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/homevisits/pthv/internal/modelhook"
	"github.com/homevisits/pthv/internal/parallel"
)

// Validate checks that ds is structurally sound: a pthv/v1 document with a
// district, school year and calendar; ids present and unique within each
// kind; every reference resolving; dates, enums and numbers well-formed;
// durations not negative; amounts of money from 0 to [MaxAmountCents]. It
// does not judge practice — a solo
// visit or a visit with no student is valid data. The error is a
// [ValidationErrors] listing every problem; for a nil ds, that it is nil.
func (ds *Dataset) Validate() error {
	if ds == nil {
		return ValidationErrors{nilInput("Dataset.Validate", "dataset")}
	}
	if errs, _ := ds.validate(); len(errs) > 0 {
		return errs
	}
	return nil
}

// ValidIndex validates ds like [Dataset.Validate] and, when it is sound,
// returns its [Index], built from the same id maps validation needs — one
// pass instead of two for callers that want both.
func (ds *Dataset) ValidIndex() (*Index, error) {
	if ds == nil {
		return nil, ValidationErrors{nilInput("Dataset.ValidIndex", "dataset")}
	}
	errs, x := ds.validate()
	if len(errs) > 0 {
		return nil, errs
	}
	return x, nil
}

type checker struct {
	errs    ValidationErrors
	section string
	index   int
	id      string
	// part and partIndex name a record inside a single-value section,
	// such as contacts.families[3].
	part      string
	partIndex int
}

// at sets the record that later failures name: by id when it has one, else
// by section and position. Names are built only on failure, so a clean
// validation formats nothing.
func (c *checker) at(section string, index int, id string) {
	c.section, c.index, c.id, c.part = section, index, id, ""
}

// atPart sets a record inside a single-value section.
func (c *checker) atPart(section, part string, i int) {
	c.at(section, -1, "")
	c.part, c.partIndex = part, i
}

func (c *checker) record() string {
	switch {
	case c.part != "":
		return fmt.Sprintf("%s.%s[%d]", c.section, c.part, c.partIndex)
	case c.id != "":
		return fmt.Sprintf("%s %q", singular(c.section), c.id)
	case c.index >= 0:
		return fmt.Sprintf("%s[%d]", c.section, c.index)
	}
	return c.section
}

func (c *checker) fail(field string, err error) {
	c.errs = append(c.errs, &RecordError{Record: c.record(), Field: field, Err: err, section: c.section, index: c.index})
}

// item names element i of a list field, with an optional sub-field.
func item(field string, i int, sub string) string { return fmt.Sprintf("%s[%d]%s", field, i, sub) }

// needItem is need for an element of a list; the field name is built only
// on failure.
func (c *checker) needItem(field string, i int, sub string, ok bool) {
	if !ok {
		c.fail(item(field, i, sub), ErrMissing)
	}
}

// checkItem is check for an element of a list.
func (c *checker) checkItem(field string, i int, sub string, ok bool, format string, args ...any) {
	if !ok {
		c.fail(item(field, i, sub), invalid(format, args...))
	}
}

// refItem is ref for an element of a list.
func refItem[ID ~string](c *checker, field string, i int, sub string, id ID, set *idTable[ID], kind string) {
	if id == "" {
		return
	}
	if _, ok := set.find(id); !ok {
		ref(c, item(field, i, sub), id, set, kind)
	}
}

// scopeSchools returns the schools a plan's scope names (its "school" key,
// in any case, values separated by "|" or ","), and whether it names any.
func scopeSchools(scope map[string]string) ([]string, bool) {
	for k, v := range scope {
		if strings.EqualFold(strings.TrimSpace(k), "school") {
			return strings.FieldsFunc(v, func(r rune) bool { return r == '|' || r == ',' || r == ' ' }), true
		}
	}
	return nil, false
}

func (c *checker) need(field string, ok bool) {
	if !ok {
		c.fail(field, ErrMissing)
	}
}

// check fails field with a message when ok is false. The checks made on
// every record call it only once they failed: its arguments, boxed for
// the message, would otherwise be allocated for every record.
func (c *checker) check(field string, ok bool, format string, args ...any) {
	if !ok {
		c.fail(field, invalid(format, args...))
	}
}

// ref checks that a non-empty id names a record in set, and returns
// the record's position, or -1.
func ref[ID ~string](c *checker, field string, id ID, set *idTable[ID], kind string) int32 {
	if id == "" {
		return -1
	}
	k, ok := set.find(id)
	if !ok {
		c.fail(field, fmt.Errorf("%w: no %s %q", ErrDangling, kind, string(id)))
		return -1
	}
	return int32(k)
}

func refs[ID ~string](c *checker, field string, ids []ID, set *idTable[ID], kind string) {
	for i, id := range ids {
		if _, ok := set.find(id); ok {
			continue
		}
		refFailed(c, field, i, id, set, kind)
	}
}

// refsInto is refs that also appends to lists, as the list of one more
// record, the position of each id it finds: the index keeps the positions
// of the classes and teachers people list, found here already, so that
// its readers need not look them up again.
func refsInto[ID ~string](c *checker, field string, ids []ID, set *idTable[ID], kind string, lists *modelhook.Lists) {
	for i, id := range ids {
		if k, ok := set.find(id); ok {
			lists.Items = append(lists.Items, int32(k))
			continue
		}
		refFailed(c, field, i, id, set, kind)
	}
	lists.Start = append(lists.Start, int32(len(lists.Items)))
}

// refFailed reports element i of a list field, id, which set does not
// hold: missing when empty, else dangling.
func refFailed[ID ~string](c *checker, field string, i int, id ID, set *idTable[ID], kind string) {
	f := fmt.Sprintf("%s[%d]", field, i)
	if id == "" {
		c.fail(f, ErrMissing)
		return
	}
	ref(c, f, id, set, kind)
}

// index builds the id → position map of one section, reporting empty and
// duplicate ids.
func index[T any, ID ~string](c *checker, section string, items []T, id func(*T) ID) *idTable[ID] {
	m := make(map[ID]int, len(items))
	dup := false
	for i := range items {
		v := id(&items[i])
		if v == "" {
			c.at(section, i, "")
			c.fail("id", ErrMissing)
			continue
		}
		// One hash of the id for the usual case, a new one: a repeated
		// id is put back to its first record below.
		n := len(m)
		m[v] = i
		if len(m) == n {
			first := slices.IndexFunc(items, func(t T) bool { return id(&t) == v })
			m[v] = first
			dup = true
			c.at(section, i, string(v))
			c.fail("id", fmt.Errorf("%w: also %s[%d]", ErrDuplicateID, section, first))
		}
	}
	t := newIDTable(m)
	t.unique = !dup
	return t
}

// idTable finds the records of one section by id during validation:
// the section's map, and in front of it a small memo of recent answers.
// A school's students name its few classes and teachers again and again;
// a hit in the memo spares a miss in the map's large table, and the
// hash of the id: a lookup in a map of a few hundred ids, in cache, still
// costs four times a hit (a simulated district's 50 schools, whose
// classes and teachers each replication validates). Only a map of a few
// ids has no memo, and a memo that seldom answers is dropped. The memo
// is one goroutine's: each takes a fork.
type idTable[ID ~string] struct {
	m map[ID]int
	// unique is set when no two records of the section share an id:
	// then the record at a position whose id is the one sought is the
	// one m finds, and a caller that knows where to look may compare
	// ids there instead of asking m (see follow).
	unique       bool
	useMemo      bool
	memo         *[memoSize]memoEntry[ID]
	hits, misses int
}

type memoEntry[ID ~string] struct {
	id  ID
	pos int
}

const (
	memoBits = 10
	memoSize = 1 << memoBits
)

// memoSlot returns the memo entry of id: its last 8 bytes, where ids
// that count up differ, spread over the memo by a multiplication
// (Fibonacci hashing). It costs a fraction of a seeded string hash,
// which for a memo that answers most lookups was most of their cost. Ids
// that end alike share a slot and miss; a memo that misses too often is
// dropped (find).
func memoSlot(id string) int {
	h := uint64(len(id))
	if len(id) >= 8 {
		// One load of eight bytes, as the compiler combines these.
		s := id[len(id)-8:]
		h = uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	} else {
		for i := range len(id) {
			h = h<<8 | uint64(id[i])
		}
	}
	return int((h * 0x9E3779B97F4A7C15) >> (64 - memoBits))
}

func newIDTable[ID ~string](m map[ID]int) *idTable[ID] {
	return &idTable[ID]{m: m, useMemo: len(m) >= memoSize/4}
}

// fork returns a table of the same map with a memo of its own.
func (p *idTable[ID]) fork() *idTable[ID] {
	t := newIDTable(p.m)
	t.unique = p.unique
	return t
}

// find returns the position of the record with id.
func (p *idTable[ID]) find(id ID) (int, bool) {
	if !p.useMemo {
		k, ok := p.m[id]
		return k, ok
	}
	if p.memo == nil {
		p.memo = new([memoSize]memoEntry[ID])
	}
	e := &p.memo[memoSlot(string(id))]
	if e.id == id && id != "" {
		p.hits++
		return e.pos, true
	}
	k, ok := p.m[id]
	if ok {
		e.id, e.pos = id, k
	}
	if p.misses++; p.misses == 8*memoSize && p.hits < p.misses {
		p.useMemo = false // the ids come in no order the memo can use
	}
	return k, ok
}

func (c *checker) hours(field string, h *Hours) {
	if h != nil {
		if h.Start >= h.End {
			c.check(field, false, "start %s must be before end %s", h.Start, h.End)
		}
	}
}

func (c *checker) windows(field string, ws []Window) {
	for i, w := range ws {
		if w.Weekday < time.Sunday || w.Weekday > time.Saturday {
			c.checkItem(field, i, "", false, "weekday %d: want 0 (Sunday) to 6", int(w.Weekday))
		}
		if w.Start >= w.End {
			c.checkItem(field, i, "", false, "start %s must be before end %s", w.Start, w.End)
		}
	}
}

func (c *checker) share(field string, x float64) {
	c.check(field, !math.IsNaN(x) && x >= 0 && x <= 1, "%v: want a share from 0 to 1", x)
}

func (ds *Dataset) validate() (ValidationErrors, *Index) { return ds.validateAs(false) }

// validateAs is validate; plain turns off the paths that find records
// by comparing ids where they are likely to be (follow, and the students
// a record lists looked for among its family's) rather than through the
// id maps, for the test that holds the two to the same failures and
// index.
func (ds *Dataset) validateAs(plain bool) (ValidationErrors, *Index) {
	c := &checker{}

	c.at("district", -1, "")
	c.need("id", ds.District.ID != "")

	c.at("year", -1, "")
	y := ds.Year
	c.need("id", y.ID != "")
	if y.ID != "" {
		c.check("id", IsFileNameSafe(string(y.ID)), "%q: a school year's id names files (schedule-ID.ics): use 1 to 64 letters, digits, '.', '_' or '-', such as 2025-26", y.ID)
	}
	c.need("first_day", !y.FirstDay.IsZero())
	c.need("last_day", !y.LastDay.IsZero())
	if !y.FirstDay.IsZero() && !y.LastDay.IsZero() {
		c.check("last_day", !y.LastDay.Before(y.FirstDay), "%s is before first_day %s", y.LastDay, y.FirstDay)
	}
	if !y.SummerStart.IsZero() && !y.FirstDay.IsZero() {
		c.check("summer_start", !y.SummerStart.After(y.FirstDay), "%s is after first_day %s", y.SummerStart, y.FirstDay)
	}

	c.at("calendar", -1, "")
	c.need("time_zone", ds.Calendar.TimeZone != "")
	if ds.Calendar.TimeZone != "" {
		if _, err := loadZone(ds.Calendar.TimeZone); err != nil {
			c.fail("time_zone", err)
		}
	}
	c.hours("hours", &ds.Calendar.Hours)
	for i, w := range ds.Calendar.Week {
		c.checkItem("week", i, "", w >= time.Sunday && w <= time.Saturday, "weekday %d: want 0 (Sunday) to 6", int(w))
	}
	for i, cl := range ds.Calendar.Closures {
		f := fmt.Sprintf("closures[%d]", i)
		c.need(f+".from", !cl.From.IsZero())
		c.need(f+".to", !cl.To.IsZero())
		c.check(f, !cl.To.Before(cl.From), "to %s is before from %s", cl.To, cl.From)
	}

	if err := ds.Policy.Validate(); err != nil {
		for _, e := range ErrorsOf(err) {
			e.section, e.index = "policy", -1
			c.errs = append(c.errs, e)
		}
	}

	// The id maps of the sections, built side by side; each step keeps
	// its failures, joined in the order of the steps.
	var t tables
	var visits *idTable[VisitID]
	c.sideBySide(
		func(c *checker) {
			t.schools = index(c, "schools", ds.Schools, func(s *School) SchoolID { return s.ID })
		},
		func(c *checker) { t.classes = index(c, "classes", ds.Classes, func(s *Class) ClassID { return s.ID }) },
		func(c *checker) {
			t.educators = index(c, "educators", ds.Educators, func(s *Educator) EducatorID { return s.ID })
		},
		func(c *checker) {
			t.students = index(c, "students", ds.Students, func(s *Student) StudentID { return s.ID })
		},
		func(c *checker) {
			t.families = index(c, "families", ds.Families, func(s *Family) FamilyID { return s.ID })
		},
		func(c *checker) { t.plans = index(c, "plans", ds.Plans, func(s *Plan) PlanID { return s.ID }) },
		func(c *checker) { index(c, "goals", ds.Goals, func(s *Goal) GoalID { return s.ID }) },
		func(c *checker) {
			index(c, "invitations", ds.Invitations, func(s *Invitation) InvitationID { return s.ID })
		},
		func(c *checker) { visits = index(c, "visits", ds.Visits, func(s *Visit) VisitID { return s.ID }) },
		func(c *checker) {
			index(c, "communications", ds.Communications, func(s *Communication) CommunicationID { return s.ID })
		},
		func(c *checker) { index(c, "events", ds.Events, func(s *Event) EventID { return s.ID }) },
	)

	// The owners of records, found once here for the index's relations.
	// Each in an array with room for its relation (ownersWithRoom).
	schools, families := len(ds.Schools), len(ds.Families)
	own := owners{
		studentSchool: ownersWithRoom(len(ds.Students), schools), studentFamily: ownersWithRoom(len(ds.Students), families),
		invitationFamily: ownersWithRoom(len(ds.Invitations), families), withdrawalFamily: ownersWithRoom(len(ds.Withdrawals), families),
		visitFamily: ownersWithRoom(len(ds.Visits), families), communicationFamily: ownersWithRoom(len(ds.Communications), families),
	}
	t.plain = plain
	// Then the records, section by section, the students in chunks, side
	// by side; each step reads the maps through its own memos. The
	// people and plans first, then the records that list students: they
	// look for them among their family's, which the students' step finds.
	// The failures join in the order of the steps either way.
	steps := []func(c *checker){func(c *checker) { ds.validatePeople(c, t.fork(), &own) }}
	own.studentRefs = make([]studentRefs, (len(ds.Students)+studentChunk-1)/studentChunk)
	for from := 0; from < len(ds.Students); from += studentChunk {
		steps = append(steps, func(c *checker) {
			ds.validateStudents(c, t.fork(), &own, from, min(from+studentChunk, len(ds.Students)))
		})
	}
	steps = append(steps, func(c *checker) { ds.validatePlans(c, t.fork(), &own) })
	c.sideBySide(steps...)
	familyStudents := relateOwners(len(ds.Families), own.studentFamily)
	steps = append(ds.activitySteps(&own, familyStudents, t), func(c *checker) { ds.validateContacts(c, t.fork()) })
	c.sideBySide(steps...)

	x := &Index{ds: ds, schools: t.schools.m, families: t.families.m,
		classes: builtIDs(t.classes.m), educators: builtIDs(t.educators.m), students: builtIDs(t.students.m),
		plans: builtIDs(t.plans.m), visits: builtIDs(visits.m), year: ds.Year.spanOf(ds.Calendar.Location())}
	x.linkOwners(&own)
	x.familyStudents = familyStudents
	x.valid = len(c.errs) == 0
	if x.valid {
		x.people = own.joinRefs(len(ds.Students))
		x.people.educators, x.people.families, x.people.schools = len(ds.Educators), len(ds.Families), len(ds.Schools)
		x.records = &recordRefs{modelhook.RecordRefs{VisitStudents: own.visitStudents, InvitationStudents: own.invitationStudents}, len(ds.Students)}
	}
	return c.errs, x
}

// tables are the id maps that records refer through.
type tables struct {
	schools   *idTable[SchoolID]
	classes   *idTable[ClassID]
	educators *idTable[EducatorID]
	students  *idTable[StudentID]
	families  *idTable[FamilyID]
	plans     *idTable[PlanID]
	// plain: find every record through the maps (see validateAs).
	plain bool
}

// fork returns the tables with memos of their own, for one goroutine.
func (t tables) fork() tables {
	return tables{t.schools.fork(), t.classes.fork(), t.educators.fork(), t.students.fork(), t.families.fork(), t.plans.fork(), t.plain}
}

// follow finds the records of one section that a run of records refers
// to in the section's order: a school's students come together, and a
// family's students mostly together, each family next to the last one
// in Families. It looks near the last record it found (nearOwner) before
// it asks the table, which hashes the id; the one after the last is
// tried only in a section without a repeated id. Failures are those of
// ref.
type follow[ID ~string] struct {
	table *idTable[ID]
	plain bool
	near  nearOwner[ID]
}

func newFollow[T any, ID ~string](items []T, id func(*T) ID, table *idTable[ID], plain bool) follow[ID] {
	idAt := func(k int) ID { return id(&items[k]) }
	return follow[ID]{table: table, plain: plain, near: newNearOwner(len(items), idAt, table.unique)}
}

// ref is ref of v in the follower's section.
func (f *follow[ID]) ref(c *checker, field string, v ID, kind string) int32 {
	if v != "" && !f.plain {
		if k, ok := f.near.guess(v); ok {
			return int32(k)
		}
	}
	k := ref(c, field, v, f.table, kind)
	f.near.found(v, int(k))
	return k
}

// sideBySide runs the steps on every core, each with a checker of its
// own, and appends their failures to c in the order of the steps: the
// same failures in the same order as running them one after the other.
func (c *checker) sideBySide(steps ...func(c *checker)) {
	cs := make([]checker, len(steps))
	parallel.For(len(steps), func(i int) { steps[i](&cs[i]) })
	for i := range cs {
		c.errs = append(c.errs, cs[i].errs...)
	}
}

// validatePeople checks the district, schools, classes and educators,
// and keeps in own the positions of each class's teachers.
func (ds *Dataset) validatePeople(c *checker, t tables, own *owners) {
	schools, educators := t.schools, t.educators
	c.at("district", -1, "")
	ref(c, "coordinator", ds.District.Coordinator, educators, "educator")

	for i := range ds.Schools {
		s := &ds.Schools[i]
		c.at("schools", i, string(s.ID))
		ref(c, "coordinator", s.Coordinator, educators, "educator")
		refs(c, "liaisons", s.Liaisons, educators, "educator")
		c.hours("hours", s.Hours)
	}
	// Each class's teachers by position, for the index (owners.classTeachers).
	classTeachers := modelhook.Lists{Start: make([]int32, 1, len(ds.Classes)+1), Items: make([]int32, 0, len(ds.Classes))}
	for i := range ds.Classes {
		s := &ds.Classes[i]
		c.at("classes", i, string(s.ID))
		c.need("school", s.School != "")
		ref(c, "school", s.School, schools, "school")
		if s.Grade != nil {
			if !s.Grade.Valid() {
				c.check("grade", false, "%d: want -1 (PK) to 12", int(*s.Grade))
			}
		}
		refsInto(c, "teachers", s.Teachers, educators, "educator", &classTeachers)
	}
	own.classTeachers = classTeachers
	own.educatorsByID = true
	for i := range ds.Educators {
		e := &ds.Educators[i]
		if i > 0 && ds.Educators[i-1].ID >= e.ID {
			own.educatorsByID = false
		}
		c.at("educators", i, string(e.ID))
		ref(c, "school", e.School, schools, "school")
		c.need("role", e.Role != "")
		c.need("position", e.Position != "")
		for j, t := range e.Trainings {
			c.needItem("trainings", j, ".date", !t.Date.IsZero())
			c.needItem("trainings", j, ".kind", t.Kind != "")
		}
		for j, s := range e.Stipends {
			c.needItem("stipends", j, ".year", s.Year != "")
			if s.AmountCents < 0 {
				c.checkItem("stipends", j, ".amount_cents", false, "%d: must not be negative", s.AmountCents)
			}
			if s.AmountCents > MaxAmountCents {
				c.checkItem("stipends", j, ".amount_cents", false, "%d: must be at most %d cents (%s)", s.AmountCents, MaxAmountCents, FormatDollars(MaxAmountCents))
			}
		}
		for j, o := range e.OptIns {
			c.needItem("opt_ins", j, "", o != "")
		}
		c.hours("working_hours", e.WorkingHours)
		c.windows("availability", e.Availability)
		refs(c, "prefer", e.Prefer, educators, "educator")
		refs(c, "avoid", e.Avoid, educators, "educator")
	}
}

// studentChunk is how many students validation checks in one step, the
// steps side by side.
const studentChunk = 1 << 16

// validateStudents checks the students from to to, and keeps in own
// their schools, families, and the positions of their classes and
// teachers (in the chunk of own.studentRefs that from starts).
func (ds *Dataset) validateStudents(c *checker, t tables, own *owners, from, to int) {
	schools := newFollow(ds.Schools, func(s *School) SchoolID { return s.ID }, t.schools, t.plain)
	families := newFollow(ds.Families, func(f *Family) FamilyID { return f.ID }, t.families, t.plain)
	// Room for the usual one or two classes and teachers a student.
	classes := modelhook.Lists{Start: make([]int32, 1, to-from+1), Items: make([]int32, 0, 2*(to-from))}
	teachers := modelhook.Lists{Start: make([]int32, 1, to-from+1), Items: make([]int32, 0, 2*(to-from))}
	byID := true
	defer func() { own.studentRefs[from/studentChunk] = studentRefs{classes, teachers, byID} }()
	for i := from; i < to; i++ {
		s := &ds.Students[i]
		if i > 0 && ds.Students[i-1].ID >= s.ID {
			byID = false
		}
		c.at("students", i, string(s.ID))
		c.need("school", s.School != "")
		own.studentSchool[i] = schools.ref(c, "school", s.School, "school")
		c.need("family", s.Family != "")
		own.studentFamily[i] = families.ref(c, "family", s.Family, "family")
		if !s.Grade.Valid() {
			c.check("grade", false, "%d: want -1 (PK) to 12", int(s.Grade))
		}
		refsInto(c, "classes", s.Classes, t.classes, "class", &classes)
		refsInto(c, "teachers", s.Teachers, t.educators, "educator", &teachers)
	}
}

// validatePlans checks the families, past pairs, plans and goals, and
// notes in own whether the families are in id order.
func (ds *Dataset) validatePlans(c *checker, t tables, own *owners) {
	schools, educators, families := t.schools, t.educators, t.families
	own.familiesByID = true
	for i := range ds.Families {
		f := &ds.Families[i]
		if i > 0 && ds.Families[i-1].ID >= f.ID {
			own.familiesByID = false
		}
		c.at("families", i, string(f.ID))
		c.windows("availability", f.Availability)
	}
	for i := range ds.PastPairs {
		p := &ds.PastPairs[i]
		c.at("past_pairs", i, "")
		c.need("year", p.Year != "")
		c.check("educators", len(p.Educators) >= 2, "a pair needs at least 2 educators")
		refs(c, "educators", p.Educators, educators, "educator")
	}
	for i := range ds.Plans {
		p := &ds.Plans[i]
		c.at("plans", i, string(p.ID))
		ref(c, "school", p.School, schools, "school")
		c.need("method", p.Method != "")
		// A plan's scope is its recorded scope plus its school: a scope
		// naming other schools contradicts it (RULES.md, P4.cross-section).
		if v, ok := scopeSchools(p.Scope); ok && p.School != "" {
			c.check("scope", slices.Contains(v, string(p.School)), "school %q: the plan belongs to school %q", strings.Join(v, "|"), p.School)
		}
		if p.Share != 0 {
			c.check("share", !math.IsNaN(p.Share) && p.Share > 0 && p.Share <= 1, "%v: want a share above 0 and up to 1", p.Share)
		}
		c.check("count", p.Count >= 0, "%d: must not be negative", p.Count)
		c.check("teacher_cap", p.TeacherCap >= 0, "%d: must not be negative", p.TeacherCap)
		c.check("population", p.Population >= 0, "%d: must not be negative", p.Population)
		refs(c, "priority", p.Priority, families, "family")
	}
	for i := range ds.Goals {
		g := &ds.Goals[i]
		c.at("goals", i, string(g.ID))
		ref(c, "school", g.School, schools, "school")
		c.share("coverage_target", g.CoverageTarget)
		c.check("per_educator_quota", g.PerEducatorQuota >= 0, "%d: must not be negative", g.PerEducatorQuota)
	}
}

// newLists returns empty lists with room for n records of about one
// item each, as a visit or an invitation names one student mostly.
func newLists(n int) modelhook.Lists {
	return modelhook.Lists{Start: make([]int32, 1, n+1), Items: make([]int32, 0, n)}
}

// activitySteps are the checks of the invitations, withdrawals, visits,
// messages and events, one step each.
func (ds *Dataset) activitySteps(own *owners, ofFamily relation, all tables) []func(c *checker) {
	// familyStudents checks that the students a record lists are those
	// of its family fam, at position kf (-1 when it has none). A
	// record lists a few of its family's few students: they are looked
	// for there first, by id, and only those not found are looked up,
	// to tell which failure they are. Where no two students share an
	// id, a student found there is the one the map finds, and its
	// family is fam.
	//
	// The position of each student found is appended to lists, as the
	// list of one more record (refsInto): the index keeps them, so that
	// its readers need not compare the ids again.
	familyStudents := func(c *checker, students *idTable[StudentID], field string, fam FamilyID, kf int32, ids []StudentID, lists *modelhook.Lists) {
		var theirs []int32
		if !all.plain && students.unique {
			theirs = ofFamily.at(int(kf))
		}
		for j, id := range ids {
			if id != "" {
				if at := slices.IndexFunc(theirs, func(p int32) bool { return ds.Students[p].ID == id }); at >= 0 {
					lists.Items = append(lists.Items, theirs[at])
					continue
				}
			}
			k, ok := students.find(id)
			switch {
			case id == "":
				c.fail(item(field, j, ""), ErrMissing)
			case !ok:
				c.fail(item(field, j, ""), fmt.Errorf("%w: no student %q", ErrDangling, string(id)))
			case fam != "" && ds.Students[k].Family != fam:
				c.fail(item(field, j, ""), invalid("student %q belongs to family %q, not %q", string(id), string(ds.Students[k].Family), string(fam)))
			default:
				lists.Items = append(lists.Items, int32(k))
			}
		}
		lists.Start = append(lists.Start, int32(len(lists.Items)))
	}
	invitations := func(c *checker) {
		t := all.fork()
		own.invitationStudents = newLists(len(ds.Invitations))
		for i := range ds.Invitations {
			inv := &ds.Invitations[i]
			c.at("invitations", i, string(inv.ID))
			c.need("family", inv.Family != "")
			own.invitationFamily[i] = ref(c, "family", inv.Family, t.families, "family")
			familyStudents(c, t.students, "students", inv.Family, own.invitationFamily[i], inv.Students, &own.invitationStudents)
			c.need("sent_at", !inv.SentAt.IsZero())
			ref(c, "by", inv.By, t.educators, "educator")
			ref(c, "plan", inv.Plan, t.plans, "plan")
		}
	}
	withdrawals := func(c *checker) {
		t := all.fork()
		for i := range ds.Withdrawals {
			w := &ds.Withdrawals[i]
			c.at("withdrawals", i, "")
			c.need("family", w.Family != "")
			own.withdrawalFamily[i] = ref(c, "family", w.Family, t.families, "family")
			c.need("at", !w.At.IsZero())
		}
	}
	visits := func(c *checker) {
		t := all.fork()
		educators := t.educators
		own.visitStudents = newLists(len(ds.Visits))
		for i := range ds.Visits {
			v := &ds.Visits[i]
			c.at("visits", i, string(v.ID))
			c.need("family", v.Family != "")
			own.visitFamily[i] = ref(c, "family", v.Family, t.families, "family")
			familyStudents(c, t.students, "students", v.Family, own.visitFamily[i], v.Students, &own.visitStudents)
			c.need("status", v.Status != "")
			c.need("start", !v.Start.IsZero())
			if v.Duration < 0 {
				c.check("duration", false, "%s: must not be negative", v.Duration)
			}
			refs(c, "visitors", v.Visitors, educators, "educator")
			for j, in := range v.Interpreters {
				refItem(c, "interpreters", j, ".educator", in.Educator, educators, "educator")
			}
			for j, t := range v.Topics {
				c.needItem("topics", j, ".kind", t.Kind != "")
			}
			for j, r := range v.Reschedules {
				c.needItem("reschedules", j, ".at", !r.At.IsZero())
				c.needItem("reschedules", j, ".from_start", !r.FromStart.IsZero())
			}
			if v.Reflection != nil {
				c.need("reflection.at", !v.Reflection.At.IsZero())
				refs(c, "reflection.by", v.Reflection.By, educators, "educator")
			}
			for j, p := range v.Compensation {
				c.needItem("compensation", j, ".educator", p.Educator != "")
				refItem(c, "compensation", j, ".educator", p.Educator, educators, "educator")
				if p.MinutesOutside < 0 {
					c.checkItem("compensation", j, ".minutes_outside", false, "%d: must not be negative", p.MinutesOutside)
				}
				if p.AmountCents < 0 {
					c.checkItem("compensation", j, ".amount_cents", false, "%d: must not be negative", p.AmountCents)
				}
				if p.AmountCents > MaxAmountCents {
					c.checkItem("compensation", j, ".amount_cents", false, "%d: must be at most %d cents (%s)", p.AmountCents, MaxAmountCents, FormatDollars(MaxAmountCents))
				}
			}
		}
	}
	communications := func(c *checker) {
		t := all.fork()
		for i := range ds.Communications {
			m := &ds.Communications[i]
			c.at("communications", i, string(m.ID))
			c.need("family", m.Family != "")
			own.communicationFamily[i] = ref(c, "family", m.Family, t.families, "family")
			c.need("at", !m.At.IsZero())
			c.need("direction", m.Direction != "")
			ref(c, "educator", m.Educator, t.educators, "educator")
		}
	}
	events := func(c *checker) {
		t := all.fork()
		for i := range ds.Events {
			e := &ds.Events[i]
			c.at("events", i, string(e.ID))
			c.need("level", e.Level != "")
			c.need("kind", e.Kind != "")
			c.need("date", !e.Date.IsZero())
			if e.Level == SchoolLevel {
				c.need("school", e.School != "")
			}
			ref(c, "school", e.School, t.schools, "school")
		}
	}
	return []func(c *checker){invitations, withdrawals, visits, communications, events}
}

func (ds *Dataset) validateContacts(c *checker, t tables) {
	if ds.Contacts == nil {
		return
	}
	students, families, educators := t.students, t.families, t.educators
	for i, f := range ds.Contacts.Families {
		c.atPart("contacts", "families", i)
		c.need("family", f.Family != "")
		ref(c, "family", f.Family, families, "family")
	}
	for i, e := range ds.Contacts.Educators {
		c.atPart("contacts", "educators", i)
		c.need("educator", e.Educator != "")
		ref(c, "educator", e.Educator, educators, "educator")
	}
	for i, s := range ds.Contacts.Students {
		c.atPart("contacts", "students", i)
		c.need("student", s.Student != "")
		ref(c, "student", s.Student, students, "student")
	}
}
