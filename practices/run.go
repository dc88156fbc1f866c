package practices

import (
	"cmp"
	"iter"
	"runtime"
	"slices"
	"time"

	"github.com/homevisits/pthv/internal/parallel"
	"github.com/homevisits/pthv/model"
)

// judged is a rule of the catalogue with its position and judging function.
type judged struct {
	Rule
	index int
	judge func(*run)
}

// counts are the outcomes of one rule in one school.
type counts struct {
	passed, violations, advisories, data, notAssessable, pending int
}

func (c *counts) add(o counts) {
	c.passed += o.passed
	c.violations += o.violations
	c.advisories += o.advisories
	c.data += o.data
	c.notAssessable += o.notAssessable
	c.pending += o.pending
}

// Program is a program's record prepared for checking: validated, indexed,
// and with the facts every rule reads derived once — each family's consent
// history, completed visits in order and replayed lifecycle, each visit's
// school and booking view, the populations the targeting audit compares
// with. A coordinator checks every month and a district system after every
// change, so preparing once and checking many times (as of other dates,
// under other policies) is the fast path; [Check] does both in one call.
//
// A Program is read-only once prepared: its Check may run from several
// goroutines at once. It reads the dataset it was prepared from; prepare
// again after changing that dataset.
type Program struct {
	ds  *model.Dataset
	x   *model.Index
	loc *time.Location
	// reflectWithin is the dataset policy's reflection window, under which
	// Prepare works out each visit's reflection deadline.
	reflectWithin model.Days

	rules   []judged
	ruleIdx map[string]int
	// fixed are the rules Prepare judges every visit by (see fixed.go).
	fixed []fixedRule
	// order is the order a check hands the rules to the cores (judgeOrder).
	order []int

	schools   []model.SchoolID // dataset order; the last tally column is the district
	schoolIdx map[model.SchoolID]int

	families []*familyFacts // in dataset order
	// records are each family's records by position, in dataset order.
	records []model.FamilyRecords
	// active are the positions of the families with any invitation, visit,
	// withdrawal or message on record: the only ones the family rules can
	// judge, often a small part of a district's families.
	active []int
	// visitedFamilyCount is the number of families with a completed visit.
	visitedFamilyCount int
	// completedByStart are the completed visits of the families, by start.
	completedByStart []completedVisit
	visits           []visitFacts

	// recordsSchools: schools that record a kind of data at all. A rule
	// whose field a school never records is not assessable there, rather
	// than a finding for every visit: "missing data is never a violation".
	recordsInvitations, recordsReflections, recordsCompensation, recordsComms []bool
	recordsOptIns, recordsTrainings                                           bool

	// sequence holds, per family, the events of its records the visit
	// lifecycle could not place (L.sequence).
	sequence [][]sequenceProblem
	// inviteGroups are each school's invitations by plan, with the
	// populations the targeting audit compares them with.
	inviteGroups [][]*inviteGroup
	// studentSchool is each student's school position; familySchools the
	// schools each family has students in.
	studentSchool []int32
	familySchools [][]int32
	studentCount  []int
	familyCount   []int
	// criteria are what each school's invitations record of how families
	// were chosen (P4.selection-criteria).
	criteria []schoolCriteria
	// schoolVisits are the positions of each school's visits (the district
	// last), in dataset order: the visit pass splits the schools between
	// cores, each tallying only its own schools.
	schoolVisits [][]int32
}

// run is one Check of a Program: the date and policy, and the tallies and
// findings every rule adds to.
type run struct {
	*Program
	asOf time.Time
	pol  model.Policy
	off  []bool
	// fixedOn marks the fixed rules this check judges: their verdicts on
	// the visits that took place are counted.
	fixedOn []bool
	// asOfUnix is asOf in Unix seconds, for tookPlace.
	asOfUnix int64

	// tally holds the counts of every rule in every school and the
	// district, rule by rule: tally[rule*cols+school], cols schools + 1.
	tally []counts
	cols  int
	// findings are kept per rule, so that rules judged in one pass over the
	// visits still report in catalogue order.
	findings []findingList
	// today is asOf's date in the district's zone; yearOver is set when
	// the school year is over as of asOf.
	today    model.Date
	yearOver bool
	// doneCount is, per family position, how many of its completed visits
	// took place as of asOf: a prefix of its completed visits, in order.
	doneCount []int32
	// allVisited: every family with a completed visit had one as of asOf.
	allVisited bool
	// visitPass are the visit rules waiting for the single pass over the
	// visits (see visitRules).
	visitPass []visitRule
	audit     []AuditResult
	// msg is scratch space for formatting a finding's message; texts and
	// ids hold the messages and records of the findings (see arenas.go).
	msg   []byte
	texts stringArena
	ids   idArena
}

// fork returns a copy of r for one worker of a check: it shares the
// tallies and findings (each worker adds only to its own rules' or
// schools') and has its own scratch space.
func (r *run) fork() run {
	w := *r
	w.msg, w.texts, w.ids = nil, stringArena{}, idArena{}
	return w
}

// familyFacts are what several rules need to know about one family. The
// fields the family rules read of every family come first, to share the
// first cache lines of the record.
type familyFacts struct {
	school int // the youngest student's school, or district
	pos    int // position in the dataset's Families
	// secondOffered: a second visit was offered after the first completed
	// one (P3.second-visit-offered).
	secondOffered bool
	// firstID is the id of the family's first completed visit, secondDate
	// the local date of its second.
	firstID    model.VisitID
	secondDate model.Date
	followUp   followUp // P3.follow-up
	id         model.FamilyID
	consent    []model.ConsentChange
	// completed are the family's completed visits, by start; those that
	// took place as of a check are a prefix (see run.doneCount).
	completed   []*visitFacts
	comms       []*model.Communication
	invitations []*model.Invitation
	decline     decline // P1.no-repeat-pressure
	visits      []*model.Visit
	family      *model.Family
}

// visitFacts is one visit with what the rules derive from it.
type visitFacts struct {
	v      *model.Visit
	school int
	fam    *familyFacts
	date   model.Date // local date of the start
	// completed: the visit's status is completed; it took place as of a
	// check when it also started no later than asOf (see run.tookPlace).
	completed bool
	// start is the visit's start in Unix seconds, compared with asOf by
	// every visit rule without reaching into the visit record.
	start int64
	// students are the positions of the visit's students in the dataset.
	students []int32
	// ordinal is 1 for the family's first completed visit of the year, 2
	// for the second …; 0 when the visit was not completed.
	ordinal int
	// booking is what the ● rules see of the visit, built once.
	booking booking
	// pairType names the kinds of educators on the visit (P5.pair-variety).
	pairType string
	// pay is each visitor's pay (P2.compensated), by booking visitor.
	pay []visitorPay
	// season is the season of the visit's date in the school calendar.
	season model.Season
	// interpreter is set when the family needs an interpreter; languages
	// are then the languages other than English it speaks (P5.language).
	interpreter bool
	languages   []model.Language
	// reflection is what the record shows of the visit's reflection, and
	// reflectBy the end of its window under the dataset's policy
	// (P5.reflection, P5.bias-reflection).
	reflection reflection
	reflectBy  time.Time
	// counts and found are the fixed rules' verdicts on the visit: units
	// passed or not assessable, and findings.
	counts []unitCount
	found  []fixedFinding
}

// Prepare validates ds and derives what every check of it needs. It
// returns an error only for a structurally invalid dataset.
func Prepare(ds *model.Dataset) (*Program, error) {
	x, err := ds.ValidIndex()
	if err != nil {
		return nil, err
	}
	return prepare(x), nil
}

func prepare(x *model.Index) *Program {
	ds := x.Dataset()
	r := &Program{ds: ds, x: x, loc: ds.Calendar.Location(), reflectWithin: ds.Policy.ReflectWithin}
	judges, fixed := judges(), fixedJudges()
	for i, rule := range catalogue() {
		judge := judges[rule.ID]
		if fj, ok := fixed[rule.ID]; ok {
			r.fixed = append(r.fixed, fixedRule{i, fj})
			judge = func(r *run) { r.fixedOn[i] = true; r.visitRules(i, nil) }
		}
		if judge == nil {
			panic("practices: no judge for rule " + rule.ID)
		}
		r.rules = append(r.rules, judged{Rule: rule, index: i, judge: judge})
	}
	r.ruleIdx = make(map[string]int, len(r.rules))
	for i, rule := range r.rules {
		r.ruleIdx[rule.ID] = i
	}
	r.order = r.judgeOrder()
	r.schoolIdx = make(map[model.SchoolID]int, len(ds.Schools))
	for i, s := range ds.Schools {
		r.schools = append(r.schools, s.ID)
		r.schoolIdx[s.ID] = i
	}
	n := len(r.schools) + 1
	r.recordsInvitations = make([]bool, n)
	r.recordsReflections = make([]bool, n)
	r.recordsCompensation = make([]bool, n)
	r.recordsComms = make([]bool, n)
	r.deriveFamilies()
	r.deriveVisits()
	for _, e := range ds.Educators {
		r.recordsOptIns = r.recordsOptIns || len(e.OptIns) > 0
		r.recordsTrainings = r.recordsTrainings || len(e.Trainings) > 0
	}
	r.judgeFixed()
	r.deriveMembership()
	r.deriveCriteria()
	// Replaying the lifecycle and deriving the audit populations read the
	// facts above and write apart: do both at once.
	parallel.For(2, func(k int) {
		if k == 0 {
			r.replaySequences()
		} else {
			r.deriveInviteGroups()
		}
	})
	return r
}

// Check judges the prepared program as of asOf under pol; see [Check].
//
// The rules are judged side by side on every core (GOMAXPROCS), then the
// visits, split by school, in one pass that applies every visit rule. Each
// rule writes only its own tally row and findings, and each part of the
// visit pass only its own schools' columns and its own findings, which are
// joined in school order: the report is the same byte for byte on any
// number of cores.
func (p *Program) Check(asOf time.Time, pol model.Policy) (Report, error) {
	if err := validatePolicy(pol); err != nil {
		return Report{}, err
	}
	r := p.newRun(asOf, pol)

	// Judge the rules: each on a copy of r that shares the tally and
	// findings (a judge touches only its own rule's) and keeps its own
	// visit rules and audit results, joined in catalogue order.
	type judgedBy struct {
		visitPass []visitRule
		audit     []AuditResult
	}
	out := make([]judgedBy, len(r.rules))
	// Coverage reads no rule's output: it is one more task among the rules.
	var cov []Coverage
	parallel.For(len(p.order)+1, func(k int) {
		if k == len(p.order) {
			cov = r.coverages()
			return
		}
		i := p.order[k]
		if r.off[i] {
			return
		}
		w := r.fork()
		w.visitPass, w.audit = nil, nil
		r.rules[i].judge(&w)
		out[i] = judgedBy{w.visitPass, w.audit}
	})
	for _, o := range out {
		r.visitPass = append(r.visitPass, o.visitPass...)
		r.audit = append(r.audit, o.audit...)
	}
	r.runVisitPass()
	return r.report(cov), nil
}

// newRun starts a check as of asOf under pol (a valid policy).
func (p *Program) newRun(asOf time.Time, pol model.Policy) *run {
	r := &run{Program: p, asOf: asOf, pol: pol, asOfUnix: asOf.Unix(), cols: len(p.schools) + 1}
	r.off = make([]bool, len(r.rules))
	r.fixedOn = make([]bool, len(r.rules))
	for _, id := range pol.Off {
		r.off[r.ruleIdx[id]] = true
	}
	r.tally = make([]counts, len(r.rules)*r.cols)
	r.findings = make([]findingList, len(r.rules))
	r.today = model.DateOf(asOf.In(p.loc))
	r.yearOver = !r.today.Before(p.ds.Year.LastDay.AddDays(1))
	// A family's completed visits that took place as of asOf are those
	// that start by then: count them off the visits in start order.
	r.doneCount = make([]int32, len(p.families))
	visited := 0
	for _, c := range p.completedByStart {
		if c.start > r.asOfUnix {
			break
		}
		if r.doneCount[c.family] == 0 {
			visited++
		}
		r.doneCount[c.family]++
	}
	r.allVisited = visited == p.visitedFamilyCount
	return r
}

// judgeOrder is the order rules are handed to the cores: the costliest
// first, so that no core is left with a long one at the end.
func (p *Program) judgeOrder() []int {
	order := make([]int, 0, len(p.rules))
	heavy := []string{"P4.cross-section", "P3.follow-up", "P3.second-visit-offered", "P1.no-repeat-pressure"}
	for _, id := range heavy {
		order = append(order, p.rule(id))
	}
	for i := range p.rules {
		if !slices.Contains(order, i) {
			order = append(order, i)
		}
	}
	return order
}

// tookPlace reports whether the visit was completed and started no later
// than asOf.
func (r *run) tookPlace(vf *visitFacts) bool { return vf.completed && vf.start <= r.asOfUnix }

func (r *Program) district() int { return len(r.schools) }

func (r *Program) schoolOf(id model.SchoolID) int {
	if i, ok := r.schoolIdx[id]; ok {
		return i
	}
	return r.district()
}

// deriveFamilies gathers each family's records by position: the index
// already holds them grouped, so no family is looked up by id.
func (r *Program) deriveFamilies() {
	ds := r.ds
	r.families = make([]*familyFacts, len(ds.Families))
	r.records = make([]model.FamilyRecords, len(ds.Families))
	for k := range ds.Families {
		recs := r.x.FamilyRecordsAt(k)
		r.records[k] = recs
		if len(recs.Invitations)+len(recs.Visits)+len(recs.Withdrawals)+len(recs.Communications) > 0 {
			r.active = append(r.active, k)
		}
	}
	// The family rules walk the active families in order, reading each
	// one's facts: keep those side by side, apart from the rest.
	facts := make([]familyFacts, len(ds.Families))
	active, idle := facts[:0:len(r.active)], facts[len(r.active):len(r.active)]
	next := 0
	for k := range ds.Families {
		var f *familyFacts
		if next < len(r.active) && r.active[next] == k {
			active = append(active, familyFacts{})
			f, next = &active[len(active)-1], next+1
		} else {
			idle = append(idle, familyFacts{})
			f = &idle[len(idle)-1]
		}
		recs := r.records[k]
		f.id, f.family, f.pos = ds.Families[k].ID, &ds.Families[k], k
		f.school = r.district()
		if s := r.x.YoungestAt(k); s >= 0 {
			f.school = r.schoolAt(s)
		}
		if len(recs.Invitations)+len(recs.Withdrawals) > 0 {
			f.consent = r.x.ConsentHistoryAt(k)
		}
		f.invitations = model.PointersAt(ds.Invitations, recs.Invitations)
		f.visits = model.PointersAt(ds.Visits, recs.Visits)
		f.comms = model.PointersAt(ds.Communications, recs.Communications)
		f.decline = declineOf(f)
		if len(recs.Invitations) > 0 {
			r.recordsInvitations[f.school] = true
		}
		if len(recs.Communications) > 0 {
			r.recordsComms[f.school] = true
		}
		r.families[k] = f
	}
}

// schoolAt returns the school column of the student at position i.
func (r *Program) schoolAt(i int) int {
	if s := r.x.StudentSchoolAt(i); s >= 0 {
		return s
	}
	return r.district()
}

func (r *Program) deriveVisits() {
	ds := r.ds
	r.visits = make([]visitFacts, len(ds.Visits))
	for i := range ds.Visits {
		v := &ds.Visits[i]
		vf := &r.visits[i]
		vf.v = v
		if k := r.x.VisitFamilyAt(i); k >= 0 {
			vf.fam = r.families[k]
		}
		vf.date = model.DateOf(v.Start.In(r.loc))
		vf.completed = v.Status == model.Completed
		vf.start = v.Start.Unix()
		vf.students = make([]int32, 0, len(v.Students))
		for _, id := range v.Students {
			if k, ok := r.x.StudentPosition(id); ok {
				vf.students = append(vf.students, int32(k))
			}
		}
		// The school of the first listed student, else the family's.
		switch {
		case len(vf.students) > 0:
			vf.school = r.schoolAt(int(vf.students[0]))
		case vf.fam != nil:
			vf.school = vf.fam.school
		default:
			vf.school = r.district()
		}
		if vf.completed && vf.fam != nil {
			vf.fam.completed = append(vf.fam.completed, vf)
		}
		if v.Reflection != nil {
			r.recordsReflections[vf.school] = true
		}
		if len(v.Compensation) > 0 {
			r.recordsCompensation[vf.school] = true
		}
	}
	for _, f := range r.families {
		slices.SortStableFunc(f.completed, func(a, b *visitFacts) int {
			return cmp.Or(a.v.Start.Compare(b.v.Start), cmp.Compare(a.v.ID, b.v.ID))
		})
		for k, vf := range f.completed {
			vf.ordinal = k + 1
		}
		if len(f.completed) > 0 {
			f.firstID = f.completed[0].v.ID
			r.visitedFamilyCount++
		}
		if len(f.completed) > 1 {
			f.secondDate = f.completed[1].date
		}
		f.followUp = followUpOf(f)
		f.secondOffered = secondOffered(f)
		for _, vf := range f.completed {
			r.completedByStart = append(r.completedByStart, completedVisit{vf.start, int32(f.pos)})
		}
	}
	slices.SortFunc(r.completedByStart, func(a, b completedVisit) int { return cmp.Compare(a.start, b.start) })
	for i := range r.visits {
		vf := &r.visits[i]
		vf.booking = r.bookingOf(vf)
		vf.pairType = pairType(&vf.booking)
		vf.pay = r.payOf(&vf.booking)
		vf.season = ds.Calendar.Season(ds.Year, vf.date)
		vf.interpreter, vf.languages = languagesNeeded(vf.fam)
		vf.reflection = reflectionOf(vf.v)
		vf.reflectBy = r.reflectWithin.After(vf.v.End().In(r.loc))
	}
	r.schoolVisits = groupBy(len(r.schools)+1, len(r.visits), func(i int) int { return r.visits[i].school })
}

// completedVisit is a completed visit's start, in Unix seconds, and its
// family's position.
type completedVisit struct {
	start  int64
	family int32
}

// groupBy returns the positions 0 … n-1 grouped by key (0 … keys-1), in
// order within each group, all in one backing array.
func groupBy(keys, n int, key func(i int) int) [][]int32 {
	count := make([]int, keys+1)
	for i := range n {
		count[key(i)+1]++
	}
	for k := 1; k <= keys; k++ {
		count[k] += count[k-1]
	}
	items := make([]int32, n)
	at := slices.Clone(count)
	for i := range n {
		k := key(i)
		items[at[k]] = int32(i)
		at[k]++
	}
	out := make([][]int32, keys)
	for k := range out {
		out[k] = items[count[k]:count[k+1]:count[k+1]]
	}
	return out
}

// rule returns the position of a rule id in the catalogue. It panics on an
// unknown id: the ids are constants of this package, checked by its tests.
func (r *Program) rule(id string) int {
	i, ok := r.ruleIdx[id]
	if !ok {
		panic("practices: unknown rule id " + id)
	}
	return i
}

func (r *run) pass(rule, school int)    { r.tally[rule*r.cols+school].passed++ }
func (r *run) na(rule, school int)      { r.tally[rule*r.cols+school].notAssessable++ }
func (r *run) pending(rule, school int) { r.tally[rule*r.cols+school].pending++ }

// counts returns the counts of rule in column s (a school, or the district).
func (r *run) counts(rule, s int) counts { return r.tally[rule*r.cols+s] }

// find records a finding of rule for one unit. The message is written for a
// coordinator and ends with the rule id.
func (r *run) find(rule, school int, sev Severity, date model.Date, records []string, format string, args ...any) {
	r.msg = appendMessage(r.msg[:0], format, args...)
	r.record(rule, school, sev, date, records)
}

// findText is find with a message already written (by a rule function
// Guard shares), so it is not formatted again.
func (r *run) findText(rule, school int, date model.Date, records []string, msg string) {
	r.msg = append(r.msg[:0], msg...)
	r.record(rule, school, "", date, records)
}

// record adds the finding whose message is in r.msg, ending it with the
// rule id, and counts it.
func (r *run) record(rule, school int, sev Severity, date model.Date, records []string) {
	r.msg = appendRuleID(r.msg, r.rules[rule].ID)
	r.add(rule, school, sev, date, records, r.texts.add(r.msg))
}

// appendRuleID ends a finding's message with its rule id.
func appendRuleID(msg []byte, id string) []byte {
	return append(append(append(msg, " ("...), id...), ')')
}

// message returns text as the message of a finding of rule.
func (p *Program) message(rule int, text string) string {
	return string(appendRuleID([]byte(text), p.rules[rule].ID))
}

// add counts a finding of rule, with its message complete, and keeps it
// with a copy of its records.
func (r *run) add(rule, school int, sev Severity, date model.Date, records []string, msg string) {
	if sev == "" {
		sev = r.rules[rule].Severity
	}
	c := &r.tally[rule*r.cols+school]
	switch sev {
	case Violation:
		c.violations++
	case Advisory:
		c.advisories++
	default:
		c.data++
	}
	r.findings[rule].add(found{records: r.ids.add(records), message: msg, sev: sev, date: date, column: int32(school)})
}

// future reports whether d is after asOf's date: a planned event has not
// happened yet.
func (r *run) future(d model.Date) bool { return d.After(r.today) }

// endOfYear reports whether the school year is over as of asOf.
func (r *run) endOfYear() bool { return r.yearOver }

// visitRule is one rule's judgement of a visit that took place. fn
// receives the run to tally on: the visit pass splits the visits between
// cores, each with its own findings. A fixed rule has no fn: its verdicts
// were made in Prepare (countFixed).
type visitRule struct {
	rule int
	fn   func(r *run, vf *visitFacts)
}

// visitRules arranges for fn to judge every visit that took place, counts
// visits still to come (scheduled or proposed, starting after asOf) as
// pending, and a scheduled visit whose time has passed with no outcome
// recorded as not assessable. Cancelled visits and no-shows are not units:
// no visit took place. fn must tally only on the run it is given, in the
// visit's school.
//
// The judging happens in runVisitPass, once every rule has been set up: one
// pass over the visits applies all the visit rules to a visit while its
// record is in the cache, instead of one pass per rule.
func (r *run) visitRules(rule int, fn func(r *run, vf *visitFacts)) {
	r.visitPass = append(r.visitPass, visitRule{rule, fn})
}

// runVisitPass applies the visit rules, visit by visit. The schools are
// split into as many parts as there are cores, of about equal visits;
// each part tallies in its own schools' columns and keeps its own
// findings, appended to each rule's in school order — the order a single
// pass over the schools would give.
func (r *run) runVisitPass() {
	if len(r.visitPass) == 0 {
		return
	}
	parts := splitSchools(r.schoolVisits, runtime.GOMAXPROCS(0))
	found := make([][]findingList, len(parts)-1)
	parallel.For(len(parts)-1, func(k int) {
		w := r.fork()
		w.findings = make([]findingList, len(r.rules))
		for s := parts[k]; s < parts[k+1]; s++ {
			for _, i := range r.schoolVisits[s] {
				w.applyVisitRules(&r.visits[i])
			}
		}
		found[k] = w.findings
	})
	for _, f := range found {
		for rule := range f {
			r.findings[rule].join(&f[rule])
		}
	}
}

// applyVisitRules applies every visit rule to one visit.
func (r *run) applyVisitRules(vf *visitFacts) {
	switch {
	case r.tookPlace(vf):
		for _, vr := range r.visitPass {
			if vr.fn != nil {
				vr.fn(r, vf)
			}
		}
		r.countFixed(vf)
	case vf.v.Status != model.Scheduled && vf.v.Status != model.Proposed:
	case vf.start > r.asOfUnix:
		for _, vr := range r.visitPass {
			r.pending(vr.rule, vf.school)
		}
	default:
		for _, vr := range r.visitPass {
			r.na(vr.rule, vf.school)
		}
	}
}

// splitSchools returns the bounds of up to n consecutive ranges of
// schools with about equal numbers of visits: range k is
// [bounds[k], bounds[k+1]).
func splitSchools(visits [][]int32, n int) []int {
	total := 0
	for _, v := range visits {
		total += len(v)
	}
	n = max(1, min(n, total))
	bounds := []int{0}
	seen := 0
	for s, v := range visits {
		seen += len(v)
		if len(bounds) < n && seen*n >= total*len(bounds) {
			bounds = append(bounds, s+1)
		}
	}
	if bounds[len(bounds)-1] != len(visits) {
		bounds = append(bounds, len(visits))
	}
	return bounds
}

// report assembles the report from the tallies, findings and audits, with
// the schools' coverage cov.
func (r *run) report(cov []Coverage) Report {
	var rep Report
	rep.Summary.AsOf, rep.Summary.Year = r.asOf, r.ds.Year.ID
	rep.Summary.Schools, rep.Summary.Visits = len(r.schools), len(r.ds.Visits)
	rep.Rules = make([]RuleResult, len(r.rules))
	for i := range r.rules {
		var total counts
		for s := range r.cols {
			total.add(r.counts(i, s))
		}
		rep.Rules[i] = r.result(i, total)
		rep.Summary.Violations += total.violations
		rep.Summary.Advisories += total.advisories
		rep.Summary.Data += total.data
	}
	rep.Summary.Fidelity = fidelity(rep.Rules)
	order := r.schoolOrder()
	// One backing array for every school's rule results.
	used := 0
	for _, s := range order {
		for i := range r.rules {
			if r.counts(i, s) != (counts{}) {
				used++
			}
		}
	}
	results := make([]RuleResult, 0, used)
	rep.Schools = make([]SchoolResult, 0, len(order))
	for _, s := range order {
		sr := SchoolResult{School: r.schools[s], Coverage: cov[s]}
		from := len(results)
		for i := range r.rules {
			if c := r.counts(i, s); c != (counts{}) {
				results = append(results, r.result(i, c))
			}
		}
		sr.Rules = results[from:len(results):len(results)]
		sr.Violations, sr.Advisories = countSeverities(sr.Rules)
		if sr.Coverage.Systematic {
			rep.Summary.SystematicSchools++
		}
		rep.Schools = append(rep.Schools, sr)
	}
	rep.Audit = r.audit
	rep.Findings = r.sortedFindings()
	return rep
}

// schoolOrder returns the school positions sorted by school id.
func (p *Program) schoolOrder() []int {
	order := make([]int, len(p.schools))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(p.schools[a], p.schools[b]) })
	return order
}

// sortedFindings joins the rules' findings grouped by school id — the
// district's (no school) first — and within a school in catalogue order,
// then record order: rules run in catalogue order and each walks the
// dataset in order, so placing each finding in its school's bucket, in
// turn, is a stable sort by school that moves every finding once.
func (r *run) sortedFindings() []Finding {
	// start[c] is where column c's findings begin: the district's first,
	// then the schools by id.
	count := make([]int, r.cols)
	total := 0
	for i := range r.findings {
		for f := range r.findings[i].all() {
			count[f.column]++
			total++
		}
	}
	start := make([]int, r.cols)
	at := count[r.district()]
	for _, s := range r.schoolOrder() {
		start[s] = at
		at += count[s]
	}
	out := make([]Finding, total)
	for i := range r.findings {
		id := r.rules[i].ID
		for f := range r.findings[i].all() {
			var school model.SchoolID
			if int(f.column) < len(r.schools) {
				school = r.schools[f.column]
			}
			out[start[f.column]] = Finding{
				Rule: id, Severity: f.sev, School: school, Records: f.records, Date: f.date, Message: f.message,
			}
			start[f.column]++
		}
	}
	return out
}

// findingList is a rule's findings in order, kept in chunks so that adding
// one never copies the others: a national year has tens of thousands.
type findingList struct {
	chunks [][]found
}

// found is a finding as a check keeps it, in its rule's list: what the
// rule and the tally column of its school (the district's for none) do not
// already say. The report makes it a Finding.
type found struct {
	records []string
	message string
	sev     Severity
	date    model.Date
	column  int32
}

// add appends f.
func (l *findingList) add(f found) {
	n := len(l.chunks)
	if n == 0 || len(l.chunks[n-1]) == cap(l.chunks[n-1]) {
		size := 16
		if n > 0 {
			size = min(2*cap(l.chunks[n-1]), 4096)
		}
		l.chunks = append(l.chunks, make([]found, 0, size))
		n++
	}
	l.chunks[n-1] = append(l.chunks[n-1], f)
}

// join appends the findings of m, which must not be added to afterwards.
func (l *findingList) join(m *findingList) { l.chunks = append(l.chunks, m.chunks...) }

// all yields the findings in order.
func (l *findingList) all() iter.Seq[*found] {
	return func(yield func(*found) bool) {
		for _, c := range l.chunks {
			for k := range c {
				if !yield(&c[k]) {
					return
				}
			}
		}
	}
}

// len returns the number of findings.
func (l *findingList) len() int {
	n := 0
	for _, c := range l.chunks {
		n += len(c)
	}
	return n
}

// result turns counts into a RuleResult.
func (r *run) result(rule int, c counts) RuleResult {
	return RuleResult{
		Rule: r.rules[rule].ID, Severity: r.rules[rule].Severity,
		Assessable: c.passed + c.violations + c.advisories + c.data, Passed: c.passed,
		Violations: c.violations, Advisories: c.advisories, Data: c.data,
		NotAssessable: c.notAssessable, Pending: c.pending, Off: r.off[rule],
	}
}
