package practices

import (
	"cmp"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"slices"
	"time"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/internal/parallel"
	"github.com/homevisits/pthv/model"
)

// Program is a program's record prepared for checking: validated, indexed,
// and with the facts the rules read derived once — each family's consent
// history and per-student lifecycle, each visit's schools, booking and
// pay, the scopes and populations of the targeting audit, what each rule's
// own prepare step works out — and every visit judged by the rules that
// read the dataset alone. A coordinator
// checks every month and a district system after every change, so
// preparing once and checking many times (as of other dates, under other
// policies) is the fast path; [Check] does both in one call.
//
// A Program is read-only once prepared: its Check may run from several
// goroutines at once. It reads the dataset it was prepared from; prepare
// again after changing that dataset.
type Program struct {
	ds  *model.Dataset
	x   *model.Index
	loc *time.Location
	// yearFromSec and yearToSec bound the school year as instants, in
	// Unix seconds: from the start of its first day (summer included) to
	// the end of its last. Both bounds are midnights, whole seconds, so an
	// instant's second alone places it between them: inYear, asked for
	// every record a rule reads, compares one integer each instead of a
	// time.Time's two — unless yearBounded is false, where the clocks
	// change near a bound and midnight may not start the day.
	yearFromSec, yearToSec int64
	yearBounded            bool

	rules   []Rule
	ruleIdx map[string]int
	// visitRules are the rules with a visit judge; fixed are those of them
	// Prepare judges (not dynamic), unitRules those with a unit judge.
	visitRules, fixed, unitRules []int

	// schools are the dataset's schools sorted by id: a school's column is
	// its position here, so a unit's columns in order are its schools in
	// id order. Two more columns follow: units of no school, and the total
	// (each unit once).
	schools   []model.SchoolID
	schoolIdx map[model.SchoolID]int
	// studentSchool is each student's column (noSchool when its school is
	// not one of the dataset's), and educatorSchool each educator's, by id
	// (messageSchools).
	studentSchool  []int32
	educatorSchool map[model.EducatorID]int32
	// named are the positions of the students each visit and invitation
	// names, as validation found them, when byName is false; otherwise
	// (an index validation did not keep them for) they are found by id
	// among the family's students (studentPos).
	named  indexview.RecordRefs
	byName bool
	// refs are the positions of each student's classes and teachers, and
	// each class's teachers, as validation found them (byRefs false when
	// the index has none): P5.teacher-on-visit compares them with the
	// visitors' records instead of comparing ids.
	refs   indexview.PeopleRefs
	byRefs bool
	// languages are each column's languages of instruction, that of no
	// school the district's (instructionLanguages).
	languages [][]model.Language
	// columns holds every school column once, so that a unit of one
	// school shares its one-element slice (column).
	columns  []int32
	families []familyFacts
	visits   []visitFacts
	// prepared are what Prepare judged of each visit, by position, apart
	// from its facts: only a check's visit pass reads them.
	prepared []preparedVerdicts
	// openVisits are the positions of the visits of the year not yet held
	// (scheduled or proposed), in order: those whose units Prepare counts,
	// how many units each visit rule has in each (p.visitRules order),
	// the k-th visit's from openUnits[k*len(p.visitRules)] (unitsOf).
	openVisits []int32
	openUnits  []int32
	// reflectedTogether is, for each visit, whether a reflection on it is
	// recorded that was made together (P5.reflection's prepared fact).
	reflectedTogether []bool
	// doneAt is, for each visit, its start (Unix nanoseconds) when it is a
	// completed visit of the year, and the largest int64 otherwise.
	doneAt []int64
	// active are the positions of the families with any invitation,
	// visit, withdrawal or message on record: the only ones the family
	// rules can judge.
	active []int32

	// Whether each school records a kind of data at all (see
	// visitCtx.recorded), and whether any educator's opt-ins and trainings
	// are recorded.
	recordsInvitations, recordsReflections, recordsCompensation, recordsComms []bool
	recordsOptIns, recordsTrainings                                           bool

	// Facts of the rules that judge units, derived once (p4_no_targeting.go,
	// integrity.go).
	scopes []*auditScope
	// districtPlans are the positions of the plans across the district
	// that sent an invitation of the year (noteDistrictPlans).
	districtPlans []int32
	studentYears  []studentYear
	// facts are what each rule's own prepare worked out, by rule.
	facts    []any
	criteria []schoolCriteria
	// lastDone is the latest start of a completed visit of the year (Unix
	// nanoseconds). A check as of then or later counts every prepared
	// verdict: those are summed once, in doneTally and doneFindings.
	lastDone     int64
	doneTally    tally
	doneFindings []findingList
	// written are the findings of the dynamic visit rules on the
	// completed visits under the dataset's own policy, by rule and in
	// visit order, written once (writtenOn).
	written [][]writtenFinding
	// sequence are the lifecycle problems of the active families, in
	// active order, each with its family's position there
	// (replaySequences): few families have any.
	sequence []sequenceProblem
	// reinvitations (P1.no-repeat-pressure), and secondOffers and
	// followUps by student-year (P3), are worked out by the same walk.
	reinvitations []reinvitation
	secondOffers  []secondOffer
	followUps     []followUp
	// reflectWithin is the dataset policy's window, under which Prepare
	// works out each visit's reflection deadline.
	reflectWithin model.Days
	// seasons are the seasons of the dataset's year, resolved once for
	// the season of every first and second visit (inSeason).
	seasons model.YearSeasons
}

// Prepare validates ds and derives what every check of it needs. It
// returns an error only for a structurally invalid dataset, or a nil one
// (wrapping [model.ErrInvalid]).
func Prepare(ds *model.Dataset) (*Program, error) {
	if ds == nil {
		return nil, fmt.Errorf("practices: Prepare: nil dataset: %w", model.ErrInvalid)
	}
	x, err := ds.ValidIndex()
	if err != nil {
		return nil, err
	}
	return prepare(x, false), nil
}

// PrepareIndex is [Prepare] for a dataset its caller has already
// validated and indexed — with [model.Dataset.ValidIndex], or
// [model.DecodeIndex] when decoding — and not changed since: it skips
// the validation Prepare would do again, the largest part of preparing a
// national year. An index validation did not build ([model.NewIndex],
// see [model.Index.Valid]) has its dataset validated first. A nil index,
// or one of no dataset, is an error wrapping [model.ErrInvalid].
func PrepareIndex(x *model.Index) (*Program, error) {
	if x.Dataset() == nil {
		return nil, fmt.Errorf("practices: PrepareIndex: no dataset indexed: %w", model.ErrInvalid)
	}
	if !indexview.Validated(x) {
		return Prepare(x.Dataset())
	}
	return prepare(x, false), nil
}

// prepare derives what every check of the dataset of x, a validated
// index, needs: the facts of its families and visits, the verdicts of
// the fixed rules, the lifecycle replay and audit scopes, each rule's own
// prepared facts and the units of the visits not yet held, in that order.
// byName finds the students each visit and invitation names by id, as
// for an index that kept no positions for them, for the test that holds
// the two ways to the same facts; every other caller passes false.
func prepare(x *model.Index, byName bool) *Program {
	ds := x.Dataset()
	p := &Program{ds: ds, x: x, loc: ds.Calendar.Location(), rules: catalogue(), reflectWithin: ds.Policy.ReflectWithin}
	p.yearFromSec, p.yearToSec, p.yearBounded = indexview.YearBounds(x)
	p.seasons = ds.Calendar.YearSeasons(ds.Year)
	p.ruleIdx = make(map[string]int, len(p.rules))
	for i, r := range p.rules {
		p.ruleIdx[r.ID] = i
		switch {
		case r.judgeUnits != nil:
			p.unitRules = append(p.unitRules, i)
		case r.dynamic:
			p.visitRules = append(p.visitRules, i)
		default:
			p.visitRules = append(p.visitRules, i)
			p.fixed = append(p.fixed, i)
		}
	}
	p.schools = make([]model.SchoolID, len(ds.Schools))
	for i, s := range ds.Schools {
		p.schools[i] = s.ID
	}
	slices.Sort(p.schools)
	p.schoolIdx = make(map[model.SchoolID]int, len(p.schools))
	for i, id := range p.schools {
		p.schoolIdx[id] = i
	}
	p.columns = make([]int32, len(p.schools))
	for i := range p.columns {
		p.columns[i] = int32(i)
	}
	// Each student's column, through the index's owners rather than by
	// hashing 350,000 school ids again.
	colOf := make([]int32, len(ds.Schools))
	for i := range ds.Schools {
		colOf[i] = int32(p.schoolOf(ds.Schools[i].ID))
	}
	p.studentSchool = make([]int32, len(ds.Students))
	for k := range ds.Students {
		p.studentSchool[k] = int32(p.noSchool())
		if s := indexview.StudentSchoolAt(x, k); s >= 0 {
			p.studentSchool[k] = colOf[s]
		}
	}
	var kept bool
	p.named, kept = indexview.RecordStudents(x)
	p.byName = byName || !kept
	p.languages = make([][]model.Language, p.noSchool()+1)
	for s, id := range p.schools {
		sc, _ := x.School(id)
		p.languages[s] = model.InstructionLanguages(ds.District, sc)
	}
	p.languages[p.noSchool()] = model.InstructionLanguages(ds.District, nil)
	n := p.cols()
	p.recordsInvitations, p.recordsReflections = make([]bool, n), make([]bool, n)
	p.recordsCompensation, p.recordsComms = make([]bool, n), make([]bool, n)
	p.educatorSchool = make(map[model.EducatorID]int32, len(ds.Educators))
	for i := range ds.Educators {
		e := &ds.Educators[i]
		p.recordsOptIns = p.recordsOptIns || len(e.OptIns) > 0
		p.recordsTrainings = p.recordsTrainings || len(e.Trainings) > 0
		if _, dup := p.educatorSchool[e.ID]; !dup { // the index keeps an id's first record
			p.educatorSchool[e.ID] = int32(p.schoolOf(e.School))
		}
	}
	p.refs, p.byRefs = indexview.References(x)
	p.deriveVisits(p.deriveFamilies())
	p.judgeFixed() // with the dynamic rules' findings (writeDynamic)
	// The lifecycle replay (with the walk of the family rules and the
	// student-years) and the audit scopes (with the selection criteria)
	// read the facts above and write apart: do them at once.
	parallel.For(2, func(k int) {
		switch k {
		case 0:
			p.replaySequences()
		case 1:
			p.deriveScopes()
		}
	})
	// Last, each rule's own prepare step, which may read all of the above.
	p.facts = make([]any, len(p.rules))
	parallel.For(len(p.rules), func(i int) {
		if prep := p.rules[i].prepare; prep != nil {
			p.facts[i] = prep(p)
		}
	})
	p.openUnits = make([]int32, len(p.openVisits)*len(p.visitRules))
	parallel.For(len(p.openVisits)/4096+1, func(part int) {
		var c visitCtx
		for k := part * 4096; k < min((part+1)*4096, len(p.openVisits)); k++ {
			n := len(p.visitRules)
			p.countUnits(&p.visits[p.openVisits[k]], p.openUnits[k*n:(k+1)*n], &c)
		}
	})
	return p
}

// noSchool is the column of units concerning no school of the dataset,
// and total the column that counts each unit once.
func (p *Program) noSchool() int { return len(p.schools) }
func (p *Program) total() int    { return len(p.schools) + 1 }
func (p *Program) cols() int     { return len(p.schools) + 2 }

// schoolOf returns the column of a school id.
func (p *Program) schoolOf(id model.SchoolID) int {
	if i, ok := p.schoolIdx[id]; ok {
		return i
	}
	return p.noSchool()
}

// inYear reports whether t falls in the dataset's school year: records
// outside it count for no unit and no ordinal.
func (p *Program) inYear(t time.Time) bool {
	if !p.yearBounded {
		return p.ds.Year.Contains(model.DateOf(t.In(p.loc)))
	}
	sec := t.Unix()
	return sec >= p.yearFromSec && sec < p.yearToSec
}

// rule returns the position of a rule id in the catalogue. It panics on an
// unknown id: the ids are constants of this package, checked by its tests.
func (p *Program) rule(id string) int {
	i, ok := p.ruleIdx[id]
	if !ok {
		panic("practices: unknown rule id " + id)
	}
	return i
}

// Check judges the prepared program as of asOf under pol, or under the
// program's dataset's policy when pol is nil; see [Check]. A nil or zero
// Program, which [Prepare] did not make, is an error wrapping
// [model.ErrInvalid].
//
// The unit rules are judged side by side on every core (GOMAXPROCS), each
// writing only its own counts and findings; then the visits, split into
// ranges, one range per core, each range counting on its own and its
// findings joined in visit order. The report is the same byte for byte on
// any number of cores.
func (p *Program) Check(asOf time.Time, pol *model.Policy) (Report, error) {
	if p == nil || p.ds == nil {
		return Report{}, fmt.Errorf("practices: Program.Check: program not made by Prepare: %w", model.ErrInvalid)
	}
	if pol == nil {
		pol = &p.ds.Policy
	}
	if err := ValidatePolicy(*pol); err != nil {
		return Report{}, err
	}
	return p.newRun(asOf, *pol).check(), nil
}

// check judges the program as its run says.
func (r *run) check() Report {
	p := r.Program
	var cov []Coverage
	parallel.For(len(p.unitRules)+1, func(k int) {
		if k == len(p.unitRules) {
			cov = r.coverages()
			return
		}
		if i := p.unitRules[k]; !r.off[i] {
			p.rules[i].judgeUnits(r, i)
		}
	})
	r.visitPass()
	return r.report(cov)
}

// run is one Check of a Program: its date and policy, and the counts and
// findings the rules add to.
type run struct {
	*Program
	asOf time.Time
	pol  model.Policy
	off  []bool
	// today is asOf's date in the district's zone; yearOver is set once
	// the school year is over.
	today    model.Date
	yearOver bool
	// asOfUnix is asOf in Unix nanoseconds, compared with visits' starts.
	asOfUnix int64
	// allDone: every completed visit of the year took place as of asOf,
	// so the fixed rules' prepared sums are counted whole.
	allDone bool
	// datasetPolicy: the check runs under the dataset's own policy, so the
	// findings written in Prepare under it stand.
	datasetPolicy bool
	tally         tally
	findings      []findingList // per rule
	// audit are the targeting audits P4.cross-section made, for the
	// report.
	audit []AuditResult
}

func (p *Program) newRun(asOf time.Time, pol model.Policy) *run {
	r := &run{Program: p, asOf: asOf, pol: pol, off: make([]bool, len(p.rules))}
	for _, id := range pol.Off {
		r.off[p.rule(id)] = true
	}
	r.today = model.DateOf(asOf.In(p.loc))
	r.asOfUnix = asOf.UnixNano()
	r.allDone = p.lastDone <= r.asOfUnix
	r.datasetPolicy = samePolicy(pol, p.ds.Policy)
	r.yearOver = r.today.After(p.ds.Year.LastDay)
	r.tally = newTally(len(p.rules), p.cols())
	r.findings = make([]findingList, len(p.rules))
	return r
}

// tookPlace reports whether a visit of the school year was completed and
// started no later than asOf.
func (r *run) tookPlace(vf *visitFacts) bool { return r.tookPlaceAt(vf.pos) }

// tookPlaceAt is tookPlace of the visit at position i, read from one
// compact array: the unit rules ask it of every visit.
func (r *run) tookPlaceAt(i int32) bool { return r.doneAt[i] <= r.asOfUnix }

// endOfYear reports whether the school year is over as of asOf.
func (r *run) endOfYear() bool { return r.yearOver }

// future reports whether d is after asOf's date.
func (r *run) future(d model.Date) bool { return d.After(r.today) }

// unit reports a unit of rule listed under schools (columns, in order;
// none for a district unit) with verdict v. A failure needs v's records.
// schools must not change afterwards: findings keep it.
func (r *run) unit(rule int, kind Unit, schools []int32, v verdict) {
	if v.outcome == notAUnit {
		return
	}
	sev := cmp.Or(v.sev, r.rules[rule].Severity)
	r.tally.countN(rule, schools, v.outcome, sev, 1, r.total(), r.noSchool())
	if v.outcome == failed {
		msg := v.message
		if !v.complete {
			msg = withRuleID(msg, r.rules[rule].ID)
		}
		r.findings[rule].add(found{records: v.records, message: msg, date: v.date, sev: sev, unit: kind, schools: schools})
	}
}

// samePolicy reports whether two policies set every threshold alike (the
// advisories they turn off aside).
func samePolicy(a, b model.Policy) bool {
	a.Off, b.Off = nil, nil
	return reflect.DeepEqual(a, b)
}

// withRuleID ends a finding's message with its rule id.
func withRuleID(msg, id string) string { return msg + " (" + id + ")" }

// found is a finding as a check keeps it until the report, which adds the
// rule and turns the school columns into ids.
type found struct {
	records []string
	message string // complete, rule id included
	date    model.Date
	sev     Severity
	unit    Unit
	schools []int32
}

// column is the report column a finding is sorted under: its first
// school's, or that of no school.
func (r *run) column(f *found) int {
	if len(f.schools) == 0 {
		return r.noSchool()
	}
	return int(f.schools[0])
}

// findingList is a rule's findings in order, kept in chunks so that adding
// one never copies the others: a national year has tens of thousands.
type findingList struct {
	chunks [][]found
}

// add appends f.
func (l *findingList) add(f found) {
	n := len(l.chunks)
	if n == 0 || len(l.chunks[n-1]) == cap(l.chunks[n-1]) {
		size := 64
		if n > 0 {
			size = min(2*cap(l.chunks[n-1]), 8192)
		}
		l.chunks = append(l.chunks, make([]found, 0, size))
		n++
	}
	l.chunks[n-1] = append(l.chunks[n-1], f)
}

// join appends the findings of m. The chunks are shared, each capped at
// its length, so that adding to l afterwards never writes into m's.
func (l *findingList) join(m *findingList) {
	for _, c := range m.chunks {
		l.chunks = append(l.chunks, c[:len(c):len(c)])
	}
}

// each calls fn for each finding, in order.
func (l *findingList) each(fn func(f *found)) {
	for _, c := range l.chunks {
		for k := range c {
			fn(&c[k])
		}
	}
}

// visitPass asks every visit rule about every visit of the school year.
// A visit that took place is judged (the fixed rules' verdicts were made
// in Prepare and are counted); a visit still to come is pending for every
// visit rule; a scheduled visit whose time has passed with no outcome
// recorded is not assessable. Cancelled visits and no-shows are not units.
func (r *run) visitPass() {
	var live []int // the dynamic visit rules this check judges
	for _, i := range r.visitRules {
		if r.rules[i].dynamic && !r.off[i] {
			live = append(live, i)
		}
	}
	parts := min(runtime.GOMAXPROCS(0), max(1, len(r.visits)/2048))
	type part struct {
		tally    tally
		findings []findingList
	}
	out := make([]part, parts)
	parallel.For(parts, func(k int) {
		w := *r
		w.tally = newTally(len(r.rules), r.cols())
		w.findings = make([]findingList, len(r.rules))
		lo, hi := k*len(r.visits)/parts, (k+1)*len(r.visits)/parts
		var c visitCtx
		for i := lo; i < hi; i++ {
			w.judgeVisit(&r.visits[i], live, &c)
		}
		out[k] = part{w.tally, w.findings}
	})
	if r.allDone {
		for _, rule := range r.fixed {
			if !r.off[rule] {
				r.tally.addRule(&r.doneTally, rule)
				r.findings[rule].join(&r.doneFindings[rule])
			}
		}
	}
	for _, o := range out {
		r.tally.add(o.tally)
		for rule := range o.findings {
			r.findings[rule].join(&o.findings[rule])
		}
	}
}

// judgeVisit applies the visit rules to one visit, with c as scratch space.
func (r *run) judgeVisit(vf *visitFacts, live []int, c *visitCtx) {
	switch {
	case !vf.inYear:
		return
	case r.tookPlace(vf):
		if !r.allDone {
			r.countFixed(vf)
		}
		*c = visitCtx{visitFacts: vf, p: r.Program, asOf: r.asOf, pol: &r.pol, datasetPolicy: r.datasetPolicy}
		for _, i := range live {
			r.applyVisitRule(c, i)
		}
		return
	case !vf.open:
		return
	}
	o := notAssessable
	if vf.start > r.asOfUnix {
		o = pending
	}
	units := r.unitsOf(vf.pos)
	for k, i := range r.visitRules {
		if !r.off[i] {
			r.tally.countN(i, vf.schools, o, r.rules[i].Severity, units[k], r.total(), r.noSchool())
		}
	}
}

// applyVisitRule judges one visit by one visit rule, reporting its units
// (judgeVisitBy without a closure on the hot path of a check).
func (r *run) applyVisitRule(c *visitCtx, rule int) {
	rl := &r.rules[rule]
	c.rule = rule
	if rl.judgeVisit != nil {
		v := rl.judgeVisit(c)
		if v.outcome == failed {
			v = withDefaults(v, c, "")
		}
		r.unit(rule, VisitUnit, c.schools, v)
		return
	}
	for i, e := range c.ids {
		v := rl.judgeVisitor(c, i)
		if v.outcome == failed {
			v = withDefaults(v, c, e)
		}
		r.unit(rule, VisitEducatorUnit, c.schools, v)
	}
}

// judgeVisitBy gives a visit rule's verdicts on a visit to yield: one, or
// one per educator on it.
func judgeVisitBy(rl *Rule, c *visitCtx, yield func(verdict)) {
	if rl.judgeVisit != nil {
		yield(withDefaults(rl.judgeVisit(c), c, ""))
		return
	}
	for i, e := range c.ids {
		yield(withDefaults(rl.judgeVisitor(c, i), c, e))
	}
}

// withDefaults gives a visit rule's finding the records and date of its
// unit when the judge set none: the visit and family (and educator e of a
// visit×educator unit), on the visit's date.
func withDefaults(v verdict, c *visitCtx, e model.EducatorID) verdict {
	if v.outcome != failed {
		return v
	}
	if v.records == nil {
		if e != "" {
			v.records = visitRecords(c.v, string(e))
		} else {
			v.records = visitRecords(c.v)
		}
	}
	if v.date.IsZero() {
		v.date = c.date
	}
	return v
}

// visitRecords names a visit and its family, then any extra ids.
func visitRecords(v *model.Visit, extra ...string) []string {
	out := make([]string, 0, 2+len(extra))
	out = append(out, string(v.ID), string(v.Family))
	return append(out, extra...)
}

// preparedVerdicts are what Prepare judged of one completed visit: its
// units of the rules Prepare judges it by (fixed) and the findings of
// those that failed, in their order (found).
type preparedVerdicts struct {
	fixed []fixedUnit
	found []found
}

// unitsOf returns how many units each visit rule has in the visit not yet
// held at position i (countUnits), found among openVisits: a check asks
// only of those.
func (p *Program) unitsOf(i int32) []int32 {
	k, _ := slices.BinarySearch(p.openVisits, i)
	n := len(p.visitRules)
	return p.openUnits[k*n : (k+1)*n]
}

// fixedUnit is one unit of a fixed rule on a visit — the visit, or one of
// its educators — and how it fared: the rule's position in the catalogue
// (fewer than 256 rules, see TestCatalogueFitsFixedUnits) and the
// outcome. A national year has 45,000 visits judged by a dozen fixed
// rules each, mostly one unit a rule: two bytes a unit keep them few
// cache lines, and a count of each outcome would be mostly zeros.
type fixedUnit struct {
	rule    uint8
	outcome outcome
}

// fixedVerdict sums the units of one fixed rule (a run of visits' in
// fixedRun): how many passed, were not assessable and failed.
type fixedVerdict struct {
	rule                     int32
	passed, notAsses, failed int32
}

// add counts one unit of outcome o.
func (fv *fixedVerdict) add(o outcome) {
	switch o {
	case passed:
		fv.passed++
	case notAssessable:
		fv.notAsses++
	case failed:
		fv.failed++
	}
}

// unitBlock and foundBlock are how many fixed units, and findings,
// judgeFixed allocates at a time: some six hundred blocks of 2 KiB, and
// sixty of 26 KiB, a national year.
const unitBlock, foundBlock = 1024, 256

// judgeFixed judges every visit of the year that was completed by the
// rules that read the dataset alone, and sums their verdicts on the
// visits of the year completed into doneTally and doneFindings (what a
// check counts once all of them took place) as it goes: a second pass over
// every visit's facts and verdicts would read them all again from memory.
// The visits are split into as many ranges as there are cores, each
// counting into its own tally and findings, joined in visit order.
func (p *Program) judgeFixed() {
	p.prepared = make([]preparedVerdicts, len(p.visits))
	parts := min(runtime.GOMAXPROCS(0), max(1, len(p.visits)/2048))
	type part struct {
		tally    tally
		findings []findingList
		lastDone int64
		written  [][]writtenFinding // by rule
	}
	out := make([]part, parts)
	dynamic := p.dynamicWritten()
	parallel.For(parts, func(k int) {
		w := &out[k]
		w.tally = newTally(len(p.rules), p.cols())
		w.findings = make([]findingList, len(p.rules))
		w.written = make([][]writtenFinding, len(p.rules))
		run := fixedRun{tally: &w.tally, sums: make([]fixedVerdict, len(p.fixed))}
		for k, rule := range p.fixed {
			run.sums[k].rule = int32(rule)
		}
		lo, hi := k*len(p.visits)/parts, (k+1)*len(p.visits)/parts
		p.judgeFixedRange(lo, hi, &run, w.findings, &w.lastDone, dynamic, w.written)
		run.flush(p)
	})
	// The first range's sums are the start of the whole: on one core, the
	// only range's.
	p.doneTally, p.doneFindings, p.lastDone = out[0].tally, out[0].findings, out[0].lastDone
	for k := 1; k < len(out); k++ {
		p.doneTally.add(out[k].tally)
		for rule := range out[k].findings {
			p.doneFindings[rule].join(&out[k].findings[rule])
		}
		p.lastDone = max(p.lastDone, out[k].lastDone)
	}
	// Each rule's findings, the ranges' joined in visit order: found by
	// binary search (writtenOn).
	p.written = out[0].written
	for k := 1; k < len(out); k++ {
		for rule, ws := range out[k].written {
			p.written[rule] = append(p.written[rule], ws...)
		}
	}
}

// writtenOn returns the finding Prepare wrote for rule on the visit at
// position pos, if any.
func (p *Program) writtenOn(rule int, pos int32) (verdict, bool) {
	ws := p.written[rule]
	i, ok := slices.BinarySearchFunc(ws, pos, func(w writtenFinding, pos int32) int { return cmp.Compare(w.pos, pos) })
	if !ok {
		return verdict{}, false
	}
	return ws[i].v, true
}

// fixedRun sums the fixed verdicts on a run of consecutive completed
// visits of the year listed under the same schools, to be counted into a
// tally once for the run: a national year's visits come school by school,
// and counting each verdict on its own would walk a visit's schools and
// reach the tally's rows of every fixed rule once per visit.
type fixedRun struct {
	tally *tally
	// schools are the columns the run's visits are listed under; open is
	// false before the first visit.
	schools []int32
	open    bool
	// sums are the run's verdicts by fixed rule (p.fixed order), each
	// naming its rule.
	sums []fixedVerdict
}

// start makes the run that of visits listed under schools, counting the
// run so far when its schools are others.
func (r *fixedRun) start(p *Program, schools []int32) {
	if r.open && slices.Equal(r.schools, schools) {
		return
	}
	r.flush(p)
	r.schools, r.open = schools, true
}

// add sums the units of the k-th fixed rule on one visit of the run.
func (r *fixedRun) add(k int, units []fixedUnit) {
	for _, u := range units {
		r.sums[k].add(u.outcome)
	}
}

// flush counts the run's sums into its tally (countVerdict) and empties
// it.
func (r *fixedRun) flush(p *Program) {
	if !r.open {
		return
	}
	total, none := p.total(), p.noSchool()
	for k, rule := range p.fixed {
		r.tally.countVerdict(&r.sums[k], r.schools, p.rules[rule].Severity, total, none)
		r.sums[k] = fixedVerdict{rule: int32(rule)}
	}
	r.schools, r.open = nil, false
}

// judgeFixedRange judges the completed visits of positions lo to hi by
// the fixed rules, summing the verdicts on those of the year into run
// (counted into the range's tally as each run of schools ends), their
// findings into byRule and the latest of their starts into *lastDone;
// and writes the findings of the dynamic visit rules on them to written
// (writeDynamic), while each visit's facts and record are at hand.
func (p *Program) judgeFixedRange(lo, hi int, run *fixedRun, byRule []findingList, lastDone *int64, dynamic []int, written [][]writtenFinding) {
	// The range's units and findings are cut from blocks (fixedNotes.room).
	var notes fixedNotes
	var c visitCtx // one for the range: the judges keep no pointer to it
	for i := lo; i < hi; i++ {
		vf := &p.visits[i]
		if !vf.inYear || !vf.completed {
			continue
		}
		if vf.done {
			*lastDone = max(*lastDone, vf.start)
			run.start(p, vf.schools)
		}
		c = visitCtx{visitFacts: vf, p: p}
		notes.room(len(p.fixed) * max(1, len(c.ids)))
		units, from := len(notes.units), len(notes.found)
		for k, rule := range p.fixed {
			rl := &p.rules[rule]
			c.rule = rule
			mine, found := len(notes.units), len(notes.found)
			if rl.judgeVisit != nil {
				v := rl.judgeVisit(&c)
				notes.note(rl, rule, &c, &v, "")
			} else {
				for i, e := range c.ids {
					v := rl.judgeVisitor(&c, i)
					notes.note(rl, rule, &c, &v, e)
				}
			}
			if !vf.done || len(notes.units) == mine {
				continue
			}
			run.add(k, notes.units[mine:])
			for f := found; f < len(notes.found); f++ {
				byRule[rule].add(notes.found[f])
			}
		}
		if len(notes.units) > units {
			p.prepared[i].fixed = notes.units[units:len(notes.units):len(notes.units)]
		}
		if len(notes.found) > from {
			p.prepared[i].found = notes.found[from:len(notes.found):len(notes.found)]
		}
		if vf.done {
			p.writeDynamic(&c, dynamic, written)
		}
	}
}

// countUnits counts the units each visit rule has in a visit not yet held,
// as the record stands, into units (zeroed, one count per visit rule): a
// rule's judge, asked about the visit under the dataset's policy, says
// whether it (or each of its educators) is a unit.
func (p *Program) countUnits(vf *visitFacts, units []int32, c *visitCtx) {
	*c = visitCtx{visitFacts: vf, p: p, pol: &p.ds.Policy, asOf: time.Unix(0, vf.start)}
	for k, rule := range p.visitRules {
		c.rule = rule
		rl := &p.rules[rule]
		if rl.judgeVisit != nil {
			if rl.judgeVisit(c).outcome != notAUnit {
				units[k] = 1
			}
			continue
		}
		for i := range c.ids {
			if rl.judgeVisitor(c, i).outcome != notAUnit {
				units[k]++
			}
		}
	}
}

// fixedNotes are the units of the fixed rules on visits, and the findings
// of those that failed, in order.
type fixedNotes struct {
	units []fixedUnit
	found []found
}

// room makes room for most more units and findings: a visit's are cut
// from the room left in the last block of each, or from a new block when
// too little is left. A visit is a unit of about three fixed rules in
// four, and fails one unit in forty: room for every fixed rule on every
// visit would leave most of it unwritten, and a slice grown by appending
// would copy every visit's before it again.
func (n *fixedNotes) room(most int) {
	if cap(n.units)-len(n.units) < most {
		n.units = make([]fixedUnit, 0, max(unitBlock, most))
	}
	if cap(n.found)-len(n.found) < most {
		n.found = make([]found, 0, max(foundBlock, most))
	}
}

// note adds verdict v of rule rl, at position rule, on the visit of c —
// on its educator e, if any —: a unit when it passed, failed or is not
// assessable, and a failure's finding. v is the caller's, read through a
// pointer: some 900,000 verdicts a national year, nearly all of them a
// bare outcome, are not copied again.
func (n *fixedNotes) note(rl *Rule, rule int, c *visitCtx, v *verdict, e model.EducatorID) {
	switch v.outcome {
	case passed, notAssessable:
	case failed:
		*v = withDefaults(*v, c, e)
		unit := VisitUnit
		if e != "" {
			unit = VisitEducatorUnit
		}
		n.found = append(n.found, found{records: v.records, date: v.date,
			message: withRuleID(v.message, rl.ID), sev: rl.Severity, unit: unit, schools: c.schools})
	default:
		return
	}
	n.units = append(n.units, fixedUnit{rule: uint8(rule), outcome: v.outcome})
}

// writtenFinding is a finding of a dynamic visit rule on the completed
// visit of the year at position pos under the dataset's policy
// (Program.written, by rule), as judgeFixedRange writes it.
type writtenFinding struct {
	pos int32
	v   verdict
}

// dynamicWritten are the dynamic visit rules whose findings Prepare
// writes: only a visit judge's — a check takes those of a visit×educator
// judge from the judge itself.
func (p *Program) dynamicWritten() []int {
	var dynamic []int
	for _, i := range p.visitRules {
		if p.rules[i].dynamic && p.rules[i].judgeVisit != nil {
			dynamic = append(dynamic, i)
		}
	}
	return dynamic
}

// writeDynamic judges the completed visit of the year of c by each
// dynamic visit rule of dynamic under the dataset's policy, as of a date
// after every window has closed, appending its findings to out, by rule:
// a check under that policy takes their messages and records from
// Program.written instead of writing them again (the verdict itself is
// still the judge's, as of the check). c is judgeFixedRange's, whose
// policy and date it sets and takes back.
func (p *Program) writeDynamic(c *visitCtx, dynamic []int, out [][]writtenFinding) {
	c.pol, c.asOf = &p.ds.Policy, time.Unix(1<<40, 0)
	for _, rule := range dynamic {
		c.rule = rule
		if v := p.rules[rule].judgeVisit(c); v.outcome == failed {
			v = withDefaults(v, c, "")
			v.message, v.complete = withRuleID(v.message, p.rules[rule].ID), true
			out[rule] = append(out[rule], writtenFinding{c.pos, v})
		}
	}
	c.pol, c.asOf = nil, time.Time{}
}

// settled is what a unit rule reports once every completed visit took
// place, when nothing it reads changes with the date of a check any more.
type settled struct {
	tally    tally
	findings findingList
}

// settle judges a unit rule once, as of a date by which every completed
// visit took place, for rules whose units then no longer change with the
// date or the policy.
func (p *Program) settle(rule int, judge func(*run, int)) *settled {
	r := &run{Program: p, pol: p.ds.Policy, off: make([]bool, len(p.rules)), asOfUnix: math.MaxInt64, allDone: true,
		yearOver: true, today: p.ds.Year.LastDay.AddDays(1), tally: newTally(len(p.rules), p.cols()),
		findings: make([]findingList, len(p.rules))}
	judge(r, rule)
	return &settled{tally: r.tally, findings: r.findings[rule]}
}

// addSettled adds what settle worked out for rule.
func (r *run) addSettled(rule int, s *settled) {
	r.tally.addRule(&s.tally, rule)
	r.findings[rule].join(&s.findings)
}

// countFixed counts the prepared units of a visit that took place.
func (r *run) countFixed(vf *visitFacts) {
	pv := &r.prepared[vf.pos]
	found := pv.found
	for _, u := range pv.fixed {
		rule := int(u.rule)
		if u.outcome == failed {
			if !r.off[rule] {
				r.findings[rule].add(found[0])
			}
			found = found[1:]
		}
		if !r.off[rule] {
			r.tally.countN(rule, vf.schools, u.outcome, r.rules[rule].Severity, 1, r.total(), r.noSchool())
		}
	}
}

// tally holds the counts of every rule in every column: six counts
// (passed, violations, advisories, data, not assessable, pending) per rule
// and column.
type tally struct {
	cols int
	n    []int32
}

const kinds = 6

func newTally(rules, cols int) tally { return tally{cols: cols, n: make([]int32, rules*cols*kinds)} }

// kindOf is the count an outcome of severity sev adds to.
func kindOf(o outcome, sev Severity) int {
	switch o {
	case passed:
		return 0
	case notAssessable:
		return 4
	case pending:
		return 5
	}
	switch sev {
	case Violation:
		return 1
	case Advisory:
		return 2
	}
	return 3
}

// countVerdict counts a fixed rule's summed units (of severity sev) under
// schools. Of its three counts, only those not zero are added (countN
// would skip the others, after a call): a run of visits is mostly one
// outcome a rule.
func (t *tally) countVerdict(fv *fixedVerdict, schools []int32, sev Severity, total, none int) {
	rule := int(fv.rule)
	if fv.passed > 0 {
		t.countN(rule, schools, passed, sev, fv.passed, total, none)
	}
	if fv.notAsses > 0 {
		t.countN(rule, schools, notAssessable, sev, fv.notAsses, total, none)
	}
	if fv.failed > 0 {
		t.countN(rule, schools, failed, sev, fv.failed, total, none)
	}
}

// countN adds n units with outcome o under each of schools (or no
// school) and once to the total.
func (t *tally) countN(rule int, schools []int32, o outcome, sev Severity, n int32, total, none int) {
	if n == 0 {
		return
	}
	k := kindOf(o, sev)
	row := rule * t.cols
	for _, s := range schools {
		t.n[(row+int(s))*kinds+k] += n
	}
	if len(schools) == 0 {
		t.n[(row+none)*kinds+k] += n
	}
	t.n[(row+total)*kinds+k] += n
}

func (t *tally) add(o tally) {
	for i, v := range o.n {
		t.n[i] += v
	}
}

// addRule adds o's counts of one rule.
func (t *tally) addRule(o *tally, rule int) {
	from := rule * t.cols * kinds
	for i, v := range o.n[from : from+t.cols*kinds] {
		t.n[from+i] += v
	}
}

// counts returns the counts of rule in column c.
func (t *tally) counts(rule, c int) [kinds]int {
	var out [kinds]int
	for k, n := range t.n[(rule*t.cols+c)*kinds:][:kinds] {
		out[k] = int(n)
	}
	return out
}

// report assembles the report from the tallies and findings, with the
// schools' coverage cov.
func (r *run) report(cov []Coverage) Report {
	var rep Report
	rep.Summary.AsOf, rep.Summary.Year = r.asOf, r.ds.Year.ID
	rep.Summary.Schools, rep.Summary.Visits = len(r.schools), len(r.ds.Visits)
	rep.Rules = make([]RuleResult, len(r.rules))
	for i := range r.rules {
		rep.Rules[i] = r.result(i, r.tally.counts(i, r.total()))
		rep.Summary.Violations += rep.Rules[i].Violations
		rep.Summary.Advisories += rep.Rules[i].Advisories
		rep.Summary.Data += rep.Rules[i].Data
	}
	rep.Summary.Fidelity = fidelity(rep.Rules)
	rep.Schools = make([]SchoolResult, len(r.schools))
	// Every school's rule results in one backing array.
	used := 0
	for s := range r.schools {
		for i := range r.rules {
			if r.tally.counts(i, s) != ([kinds]int{}) {
				used++
			}
		}
	}
	results := make([]RuleResult, 0, used)
	for s, id := range r.schools {
		sr := SchoolResult{School: id, Coverage: cov[s]}
		from := len(results)
		for i := range r.rules {
			if c := r.tally.counts(i, s); c != ([kinds]int{}) {
				results = append(results, r.result(i, c))
			}
		}
		sr.Rules = results[from:len(results):len(results)]
		sr.Violations, sr.Advisories = countSeverities(sr.Rules)
		if sr.Coverage.Systematic {
			rep.Summary.SystematicSchools++
		}
		rep.Schools[s] = sr
	}
	rep.Audit = r.audit
	rep.Findings = r.sortedFindings()
	return rep
}

// sortedFindings joins the rules' findings by their first school — units
// of no school first, then the schools by id — and within a school in
// catalogue order, then in the order each rule found them. Their schools
// share one backing array, every finding's slice with its own capacity;
// their records may be the Program's (see Finding.Records).
func (r *run) sortedFindings() []Finding {
	byCol := make([]int, r.cols())
	total, schools := 0, 0
	for i := range r.findings {
		r.findings[i].each(func(f *found) {
			byCol[r.column(f)]++
			total++
			schools += len(f.schools)
		})
	}
	start := make([]int, r.cols())
	at := byCol[r.noSchool()]
	for s := range r.schools {
		start[s] = at
		at += byCol[s]
	}
	out := make([]Finding, total)
	ids := make([]model.SchoolID, 0, schools)
	for i := range r.findings {
		id := r.rules[i].ID
		r.findings[i].each(func(f *found) {
			c := r.column(f)
			fd := Finding{Rule: id, Severity: f.sev, Unit: f.unit, Records: f.records, Date: f.date, Message: f.message}
			if len(f.schools) > 0 {
				from := len(ids)
				for _, s := range f.schools {
					ids = append(ids, r.schools[s])
				}
				fd.Schools = ids[from:len(ids):len(ids)]
				fd.School = fd.Schools[0]
			}
			out[start[c]] = fd
			start[c]++
		})
	}
	return out
}

// result turns counts into a RuleResult.
func (r *run) result(rule int, c [kinds]int) RuleResult {
	return RuleResult{
		Rule: r.rules[rule].ID, Severity: r.rules[rule].Severity,
		Assessable: c[0] + c[1] + c[2] + c[3], Passed: c[0],
		Violations: c[1], Advisories: c[2], Data: c[3],
		NotAssessable: c[4], Pending: c[5], Off: r.off[rule],
	}
}
