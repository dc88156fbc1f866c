package practices

import (
	"math"
	"runtime"
	"slices"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/internal/parallel"
	"github.com/homevisits/pthv/model"
)

// The facts several rules read, each worked out once per Program by a
// named function: a family's schools and per-student lifecycle; a
// visit's schools, booking, consent standing, place in the lifecycle,
// pay and reflection deadline.

// familyFacts are what several rules read of one family.
type familyFacts struct {
	// schools are the columns of the schools the family has students in,
	// in id order: the school's own column (Program.column) for a family
	// at one school.
	schools []int32
	// activity is nil for a family with no invitation, visit, withdrawal
	// or message on record: most of a district's families, which the
	// family rules never read — so that what only they need is not kept
	// for every family of a national year.
	*activity
}

// id is the id of a family with records (activity).
func (f *familyFacts) id() model.FamilyID { return f.family.ID }

// activity is what the rules read of the records of a family with any.
type activity struct {
	family     *model.Family
	studentPos []int32 // the students' positions in the dataset
	// students are the family's students' ids, in dataset order, for a
	// family with visits — the keys of its lifecycle — and nil for
	// another, whose students are found by position (studentPos): most
	// active families have none, and copying their students' ids would
	// read each student's record for nothing.
	students    []model.StudentID
	invitations []*model.Invitation
	// invSchools are the columns of each invitation's schools, those of
	// the students it names (studentsIn), found once for every reader.
	invSchools [][]int32
	// invAudit is what the targeting rules read of each invitation
	// (invitationAuditOf), taken while its record is read here.
	invAudit []invitationAudit
	// visitPos are the visits' positions in the dataset, the index's own
	// slice: readers reach each visit's facts, and its record, by them.
	visitPos    []int32
	comms       []*model.Communication
	withdrawals []int32
	// life places the family's completed visits of the year per student,
	// one lifecycle of no visit shared by every family with none;
	// lifeFacts[i] are the facts of life.Visits[i].
	life      *model.Lifecycle
	lifeFacts []*visitFacts
}

// visitFacts is one visit with what the rules derive from it.
type visitFacts struct {
	booking
	fam *familyFacts
	// schools are the columns of the schools the visit is listed under:
	// those of the students it names, else the family's (RULES.md, "Which
	// school a unit counts under").
	schools []int32
	// inYear: the visit starts in the dataset's school year; completed:
	// its status is completed; done: both. start is its start in Unix
	// nanoseconds, compared with a check's date without reaching the record.
	inYear, completed, done bool
	// open: the visit is scheduled or proposed, not yet held.
	open  bool
	start int64
	// ord is how the visit is judged (ordinal), when it is a completed
	// visit of the year at position lifePos in its family's lifecycle or
	// a visit not yet held: the VisitPlace's ordinal, all the rules read of
	// it. lifePos is -1 for any other visit. A national year's facts are
	// read by every pass of Prepare: narrow fields keep them fewer cache
	// lines.
	ord     int8
	lifePos int32
	// pos is the visit's position in the dataset, by which rules find
	// what their own prepare steps worked out for it.
	pos int32
	// concerned are the positions of the students the visit concerns:
	// those it names, or every student of its family.
	concerned []int32
	pay       []visitorPay
	// reflectBy is the end of the reflection window under the dataset's
	// policy (P5.reflection, P5.bias-reflection), in Unix nanoseconds
	// like start.
	reflectBy int64
}

// ordinal is how the visit is judged: 1 first visit, 2 second, 3 later —
// for a visit not yet held, as the record places it now; 0 for a visit
// outside the lifecycle (cancelled, missed, of another year).
func (vf *visitFacts) ordinal() int {
	if vf.lifePos < 0 && !(vf.inYear && vf.open) {
		return 0
	}
	return int(vf.ord)
}

// deriveFamilies gathers each family's records and schools by position,
// and returns each visit's consent standing, by position: worked out
// while its family's invitations are read (placeConsent), kept apart from
// the visits' facts, which are made after.
func (p *Program) deriveFamilies() []visitConsent {
	n := len(p.ds.Families)
	p.families = make([]familyFacts, n)
	consents := make([]visitConsent, len(p.ds.Visits))
	// The families are worked out side by side, in chunks, and a chunk's
	// in batches of familyBatch, whose records are read once (the index
	// works them out on each call) into a buffer and counted there: each
	// batch's active families' activities and student ids and record
	// pointers are cut from one array each, of the sizes counted, rather
	// than four allocations a family.
	const chunk = 4096
	chunks := make([]familyChunk, (n+chunk-1)/chunk)
	// A buffer per core at most, handed from chunk to chunk: on a
	// goroutine's stack, 120 KiB would make it grow and be copied.
	free := make(chan []indexview.FamilyRecords, runtime.GOMAXPROCS(0))
	parallel.For(len(chunks), func(c int) {
		out := &chunks[c]
		out.invitations, out.messages = make([]bool, p.cols()), make([]bool, p.cols())
		var batch []indexview.FamilyRecords
		select {
		case batch = <-free:
		default:
			batch = make([]indexview.FamilyRecords, familyBatch)
		}
		for lo := c * chunk; lo < min((c+1)*chunk, n); lo += familyBatch {
			b := batch[:min(familyBatch, n-lo, (c+1)*chunk-lo)]
			indexview.FamilyRecordsInto(p.x, b, lo)
			p.deriveBatch(lo, b, out, consents)
		}
		select {
		case free <- batch:
		default:
		}
	})
	for _, out := range chunks {
		p.active = append(p.active, out.active...)
		for s := range out.invitations {
			p.recordsInvitations[s] = p.recordsInvitations[s] || out.invitations[s]
			p.recordsComms[s] = p.recordsComms[s] || out.messages[s]
		}
	}
	return consents
}

// familyChunk is what deriveFamilies works out of a chunk of families
// besides their facts — the active ones' positions, and the schools their
// invitations and messages are records of — with the chunk's scratch
// space.
type familyChunk struct {
	active                []int32
	invitations, messages []bool
	// invCols is where the schools of invitations naming several
	// students are appended, and history each family's consent history in
	// turn (placeConsent).
	invCols []int32
	history []model.ConsentChange
}

// familyBatch is how many families' records deriveFamilies reads at once:
// 120 KiB of them, against a few allocations a batch.
const familyBatch = 1024

// deriveBatch works out the facts of the families from position lo whose
// records are recs, and their visits' consent standings into consents,
// noting the active ones and the schools their invitations and messages
// are records of in out.
func (p *Program) deriveBatch(lo int, recs []indexview.FamilyRecords, out *familyChunk, consents []visitConsent) {
	ds := p.ds
	var nIDs, nActive, nInv, nComms int
	for j := range recs {
		r := &recs[j]
		if hasActivity(*r) {
			if len(r.Visits) > 0 {
				nIDs += len(r.Students)
			}
			nActive++
			nInv, nComms = nInv+len(r.Invitations), nComms+len(r.Communications)
		}
	}
	students := make([]model.StudentID, nIDs)
	var schools []int32 // those of the families at several schools
	acts := make([]activity, 0, nActive)
	invs, comms := make([]*model.Invitation, 0, nInv), make([]*model.Communication, 0, nComms)
	invSchools := make([][]int32, nInv)
	invAudit := make([]invitationAudit, nInv)
	var lastPlan planAt // invitationAuditOf's
	for j := range recs {
		k, r := lo+j, &recs[j]
		f := &p.families[k]
		f.schools = p.schoolsAt(&schools, r.Students)
		if !hasActivity(*r) {
			continue
		}
		out.active = append(out.active, int32(k))
		var sts []model.StudentID
		if len(r.Visits) > 0 {
			sts = cut(&students, len(r.Students))
			for _, st := range r.Students {
				sts = append(sts, ds.Students[st].ID)
			}
		}
		acts = append(acts, activity{
			family:      &ds.Families[k],
			studentPos:  r.Students,
			students:    sts,
			invitations: pointersInto(&invs, ds.Invitations, r.Invitations),
			visitPos:    r.Visits,
			comms:       pointersInto(&comms, ds.Communications, r.Communications),
			withdrawals: r.Withdrawals,
		})
		f.activity = &acts[len(acts)-1]
		// An invitation is a record of the schools of the students it
		// names (the family's when it names none); a message, of its
		// educator's school when that is one of the family's, else of
		// every school of the family.
		f.invSchools = cut(&invSchools, len(f.invitations))[:len(f.invitations)]
		f.invAudit = cut(&invAudit, len(f.invitations))[:len(f.invitations)]
		for i, inv := range f.invitations {
			f.invSchools[i] = p.invitationSchools(&out.invCols, f, int(r.Invitations[i]), inv.Students)
			f.invAudit[i] = p.invitationAuditOf(inv, &lastPlan)
			p.mark(out.invitations, f.invSchools[i])
		}
		for _, c := range f.comms {
			p.mark(out.messages, p.messageSchools(f, c))
		}
		out.history = p.placeConsent(k, f, out.history[:0], consents)
	}
}

// schoolsAt returns the columns of the schools of the students at
// positions sts, in id order — a family's, or a visit's —: the school's
// own column (column) when they are at one, else appended to *slab and
// cut from it. Schools cut earlier keep the array they were written in
// when *slab grows.
func (p *Program) schoolsAt(slab *[]int32, sts []int32) []int32 {
	from := len(*slab)
	for _, st := range sts {
		if s := p.studentSchool[st]; int(s) != p.noSchool() && !slices.Contains((*slab)[from:], s) {
			*slab = append(*slab, s)
		}
	}
	switch len(*slab) - from {
	case 0:
		return nil
	case 1:
		s := (*slab)[from]
		*slab = (*slab)[:from]
		return p.column(s)
	}
	out := (*slab)[from:len(*slab):len(*slab)]
	slices.Sort(out)
	return out
}

// pointersInto appends pointers to the records at positions at of items
// to *slab and returns them as a slice of their own (its capacity ends
// where it does), nil when at is empty: indexview.PointersAt, cut from
// one array for many callers.
func pointersInto[T any](slab *[]*T, items []T, at []int32) []*T {
	if len(at) == 0 {
		return nil
	}
	from := len(*slab)
	for _, k := range at {
		*slab = append(*slab, &items[k])
	}
	return (*slab)[from:len(*slab):len(*slab)]
}

// hasActivity reports whether a family has records the family rules read:
// an invitation, visit, withdrawal or message.
func hasActivity(recs indexview.FamilyRecords) bool {
	return len(recs.Invitations)+len(recs.Visits)+len(recs.Withdrawals)+len(recs.Communications) > 0
}

// deriveVisits works out each visit's facts, its consent standing taken
// from consents (deriveFamilies), then each family's lifecycle and each
// visit's place in it.
func (p *Program) deriveVisits(consents []visitConsent) {
	ds := p.ds
	p.visits = make([]visitFacts, len(ds.Visits))
	p.doneAt = make([]int64, len(ds.Visits))
	p.reflectedTogether = make([]bool, len(ds.Visits))
	parts := len(ds.Visits)/4096 + 1
	// Each range marks the schools its visits record reflections and
	// compensation for in arrays of its own, joined after: reading every
	// visit's record again to mark them would miss the cache once more.
	marks := make([]bool, 2*parts*p.cols())
	open := make([][]int32, parts)
	parallel.For(parts, func(part int) {
		lo, hi := part*4096, min((part+1)*4096, len(ds.Visits))
		var visitors, students int
		for i := lo; i < hi; i++ {
			visitors += len(ds.Visits[i].Visitors)
			students += len(ds.Visits[i].Students)
		}
		slab := visitSlab{ids: make([]model.EducatorID, visitors), eds: make([]*model.Educator, visitors),
			pay: make([]visitorPay, visitors)}
		if p.byName {
			slab.concerned = make([]int32, students)
		}
		reflections := marks[2*part*p.cols() : (2*part+1)*p.cols()]
		compensation := marks[(2*part+1)*p.cols() : (2*part+2)*p.cols()]
		for i := lo; i < hi; i++ {
			p.visitFactsOf(i, &slab)
			vf, v := &p.visits[i], &ds.Visits[i]
			vf.consent = consents[i]
			p.doneAt[i] = math.MaxInt64
			if vf.done {
				p.doneAt[i] = vf.start
			}
			if v.Reflection != nil {
				if vf.inYear { // a visit of another year counts for no unit: nor does its record
					p.mark(reflections, vf.schools)
				}
				p.reflectedTogether[i] = together(v.Reflection, vf.ids)
			}
			if len(v.Compensation) > 0 {
				p.mark(compensation, vf.schools)
			}
			if vf.inYear && vf.open {
				open[part] = append(open[part], int32(i))
			}
		}
	})
	p.openVisits = slices.Concat(open...)
	for part := range parts {
		for s := range p.cols() {
			p.recordsReflections[s] = p.recordsReflections[s] || marks[2*part*p.cols()+s]
			p.recordsCompensation[s] = p.recordsCompensation[s] || marks[(2*part+1)*p.cols()+s]
		}
	}
	// A lifecycle with no visit is keyed by the family alone, whatever its
	// students: one serves every family with no completed visit of the year.
	none := model.NewLifecycle(nil, nil)
	parallel.For(len(p.active)/4096+1, func(part int) {
		active := p.active[part*4096 : min((part+1)*4096, len(p.active))]
		// The range's families' lifecycle facts are cut from arrays of
		// lifeChunk, taken as they fill (counting them first would read
		// every family twice); done and history are scratch space
		// (NewLifecycle keeps a copy, and the visits their standing).
		var slab lifeSlab
		var done []*model.Visit
		for _, k := range active {
			done = p.placeVisits(&p.families[k], &none, &slab, done[:0])
		}
	})
}

// visitSlab holds what is left of the arrays a range of visits' small
// slices are cut from — one allocation each per range rather than
// several per visit: room for each visitor (ids, eds, pay) and, when
// they are found by id (Program.named), for each student a visit names
// (concerned); and the schools of the visits concerning several
// (schoolsAt), appended.
type visitSlab struct {
	ids       []model.EducatorID
	eds       []*model.Educator
	pay       []visitorPay
	concerned []int32
	schools   []int32
}

// cut returns the first n elements of *slab as an empty slice of
// capacity n, which appending cannot take beyond, and leaves the rest in
// *slab.
func cut[T any](slab *[]T, n int) []T {
	out := (*slab)[:0:n]
	*slab = (*slab)[n:]
	return out
}

// visitFactsOf works out the facts of visit i, its small slices cut from
// slab. The students it names are the positions validation found for
// them, shared with the index rather than copied (they are only read),
// unless the index kept none: then they are found by id
// (concernedByName), and compared ids, whose bytes lie apart from one
// another, cost a cache miss each.
func (p *Program) visitFactsOf(i int, slab *visitSlab) {
	ds := p.ds
	v := &ds.Visits[i]
	vf := &p.visits[i]
	vf.lifePos, vf.pos = -1, int32(i)
	if k := indexview.VisitFamilyAt(p.x, i); k >= 0 {
		vf.fam = &p.families[k]
	}
	vf.booking = bookingInto(v, p.x.Educator, cut(&slab.ids, len(v.Visitors)), cut(&slab.eds, len(v.Visitors)))
	vf.yearID, vf.date = ds.Year.ID, model.DateOf(v.Start.In(p.loc))
	vf.inYear = p.inYear(v.Start)
	vf.completed = v.Status == model.Completed
	vf.open = v.Status == model.Scheduled || v.Status == model.Proposed
	vf.done = vf.inYear && vf.completed
	vf.start = v.Start.UnixNano()
	var concerned []int32
	if !p.byName {
		concerned = slices.Clip(p.named.VisitStudents.At(i))
	} else {
		concerned = p.concernedByName(vf.fam, v.Students, cut(&slab.concerned, len(v.Students)))
	}
	if len(concerned) > 0 {
		vf.concerned, vf.schools = concerned, p.schoolsAt(&slab.schools, concerned)
	}
	if len(v.Students) == 0 && vf.fam != nil {
		vf.schools, vf.concerned = vf.fam.schools, vf.fam.studentPos
	}
	vf.pay = p.payOf(&vf.booking, slab.pay[:len(vf.ids):len(vf.ids)])
	slab.pay = slab.pay[len(v.Visitors):]
	vf.reflectBy = p.reflectWithin.After(v.End().In(p.loc)).UnixNano()
}

// concernedByName appends to concerned, and returns, the positions of the
// students found of those a visit of family f (nil when unknown) names
// by id: among the family's, else in the index. It is how visitFactsOf
// finds them when the index kept no positions for them (Program.named).
func (p *Program) concernedByName(f *familyFacts, students []model.StudentID, concerned []int32) []int32 {
	for _, id := range students {
		var k int32
		var ok bool
		if f != nil {
			k, ok = p.studentPos(f, id)
		} else {
			var at int
			at, ok = indexview.StudentPosition(p.x, id)
			k = int32(at)
		}
		if ok {
			concerned = append(concerned, k)
		}
	}
	return concerned
}

// lifeSlab is where a range of families' lifecycles are placed (lives)
// and what is left of the arrays their lifecycles and lifecycle facts
// are cut from, each replaced by a new one when too short.
type lifeSlab struct {
	lives     model.LifecycleBuffer
	lifecycle []model.Lifecycle
	facts     []*visitFacts
}

// placeVisits works out family f's lifecycle from its completed visits of
// the year (model.NewLifecycleNamed, the definition Guard and the journey
// share) and places each visit in it. none is the lifecycle of no visit;
// the family's lifecycle, and its lifecycle facts, are cut from slab;
// done, empty, is scratch space for the completed visits, returned for
// the next family. Which visits are completed of the year is read from
// doneAt, and the visits from the family's own list: a visit's facts are
// reached only to be written. Whether a visit of the year names a student
// is read of every one, whatever its status (namesStudent): the family is
// then judged student by student.
func (p *Program) placeVisits(f *familyFacts, none *model.Lifecycle, slab *lifeSlab, done []*model.Visit) []*model.Visit {
	for _, i := range f.visitPos {
		if p.doneAt[i] != math.MaxInt64 {
			done = append(done, &p.ds.Visits[i])
		}
	}
	f.life = none
	if len(done) > 0 {
		if len(slab.lifecycle) == 0 {
			slab.lifecycle = make([]model.Lifecycle, lifeChunk)
		}
		f.life, slab.lifecycle = &slab.lifecycle[0], slab.lifecycle[1:]
		*f.life = slab.lives.PlaceNamed(f.students, done, p.namesStudent(f, done))
	}
	if len(slab.facts) < len(f.life.Visits) {
		slab.facts = make([]*visitFacts, max(lifeChunk, len(f.life.Visits)))
	}
	f.lifeFacts = cut(&slab.facts, len(f.life.Visits))[:len(f.life.Visits)]
	for i, v := range f.life.Visits {
		vf := p.factsOf(f, v)
		vf.ord, vf.lifePos = int8(f.life.Places[i].Ordinal()), int32(i)
		vf.first = vf.ord == 1
		f.lifeFacts[i] = vf
	}
	// A visit not yet held stands where the record places it now: the
	// units a check counts as pending, or not assessable once its time has
	// passed, are those it can be (RULES.md, "Each rule judges one kind of
	// unit"; the first visit as Guard decides it).
	for _, i := range f.visitPos {
		if p.doneAt[i] != math.MaxInt64 {
			continue
		}
		if vf := &p.visits[i]; vf.inYear && vf.open {
			vf.ord = int8(model.PlaceOf(f.students, done, &p.ds.Visits[i]).Ordinal())
			vf.first = vf.ord == 1
		}
	}
	return done
}

// namesStudent reports whether family f is judged student by student
// though none of done, its completed visits of the year, names a student:
// whether another of its visits of the year, of any status, names one
// (RULES.md, P3: student-year rules run once per family "when none of the
// family's visits names a student"). It is false when one of done names a
// student — the lifecycle sees that one itself —, so the other visits are
// read only for a family whose completed visits name no one, which is
// rare.
func (p *Program) namesStudent(f *familyFacts, done []*model.Visit) bool {
	for _, v := range done {
		if len(v.Students) > 0 {
			return false // the lifecycle sees it
		}
	}
	for _, i := range f.visitPos {
		if p.doneAt[i] == math.MaxInt64 && p.visits[i].inYear && len(p.ds.Visits[i].Students) > 0 {
			return true
		}
	}
	return false
}

// placeConsent works out the consent standing of each visit of family f,
// at position k (consentOf), into consents, from the family's consent
// history, appended to history — scratch space, returned for the next
// family: the history is read by nothing else, so no family keeps it. A
// visit of a family with no invitation or withdrawal has none, the zero
// standing.
func (p *Program) placeConsent(k int, f *familyFacts, history []model.ConsentChange, consents []visitConsent) []model.ConsentChange {
	if len(f.visitPos) == 0 || len(f.invitations) == 0 && len(f.withdrawals) == 0 {
		return history
	}
	history = indexview.AppendConsentHistoryAt(p.x, history, k)
	for _, i := range f.visitPos {
		consents[i] = consentOf(history, p.ds.Year.ID, &p.ds.Visits[i])
	}
	return history
}

// lifeChunk is how many lifecycles, and lifecycle facts, placeVisits
// takes room for at a time: a range's last arrays are mostly unused.
const lifeChunk = 256

// factsOf returns the facts of visit v of family f, found among the
// family's visits by the address of each one's record, reading neither
// the records nor their facts.
func (p *Program) factsOf(f *familyFacts, v *model.Visit) *visitFacts {
	return &p.visits[visitPositionOf(f, p.ds.Visits, v)]
}

// visitPositionOf returns the position of the family's visit whose
// record, or facts, is *x in items (the dataset's Visits or the
// program's visits), found among f.visitPos by address: what a caller
// holding a pointer asks without reading what it points to. x must be
// one of the family's.
func visitPositionOf[T any](f *familyFacts, items []T, x *T) int32 {
	for _, i := range f.visitPos {
		if &items[i] == x {
			return i
		}
	}
	panic("practices: a lifecycle visit that is not the family's")
}

// messageSchools returns the columns of the schools a message is a record
// of: its educator's, when that is one of the family's schools, else the
// family's.
func (p *Program) messageSchools(f *familyFacts, c *model.Communication) []int32 {
	if len(f.schools) < 2 {
		// The educator's school, if it is the family's one, is all the
		// family's: no need to look the educator up.
		return f.schools
	}
	if s, ok := p.educatorSchool[c.Educator]; ok && slices.Contains(f.schools, s) {
		return p.column(s)
	}
	return f.schools
}

// mark sets rec for each of schools, or for no school when none.
func (p *Program) mark(rec []bool, schools []int32) {
	if len(schools) == 0 {
		rec[p.noSchool()] = true
	}
	for _, s := range schools {
		rec[s] = true
	}
}

// invitationSchools returns the columns of the schools of the students
// invitation i of family f names, students (studentsInto): read from the
// positions validation found for them (schoolsAt), unless the index kept
// none (Program.named), so that the ids are not compared again.
func (p *Program) invitationSchools(slab *[]int32, f *familyFacts, i int, students []model.StudentID) []int32 {
	if p.byName || len(students) == 0 {
		return p.studentsInto(slab, f, students)
	}
	return p.schoolsAt(slab, p.named.InvitationStudents.At(i))
}

// studentsIn returns the columns of the schools of the students listed,
// in id order; the family's schools when none is listed.
func (p *Program) studentsIn(f *familyFacts, students []model.StudentID) []int32 {
	return p.studentsInto(nil, f, students)
}

// studentsInto is studentsIn, the schools of several students appended
// to *slab and cut from it rather than allocated apart, unless slab is
// nil. Schools cut earlier keep the array they were written in when
// *slab grows.
func (p *Program) studentsInto(slab *[]int32, f *familyFacts, students []model.StudentID) []int32 {
	switch len(students) {
	case 0:
		return f.schools
	case 1:
		if k, ok := p.studentPos(f, students[0]); ok {
			return p.column(p.studentSchool[k])
		}
		return nil
	}
	var own []int32
	if slab == nil {
		slab = &own
	}
	from := len(*slab)
	for _, id := range students {
		if k, ok := p.studentPos(f, id); ok {
			if s := p.studentSchool[k]; int(s) != p.noSchool() && !slices.Contains((*slab)[from:], s) {
				*slab = append(*slab, s)
			}
		}
	}
	out := (*slab)[from:len(*slab):len(*slab)]
	if len(out) == 0 {
		return nil
	}
	slices.Sort(out)
	return out
}

// studentPos returns the position of a student of family f, found among
// the family's few students rather than in the index of every student.
func (p *Program) studentPos(f *familyFacts, id model.StudentID) (int32, bool) {
	switch {
	case f.activity == nil:
	case f.students != nil:
		if j := slices.Index(f.students, id); j >= 0 {
			return f.studentPos[j], true
		}
	default: // no ids copied: the students' own
		for _, k := range f.studentPos {
			if p.ds.Students[k].ID == id {
				return k, true
			}
		}
	}
	k, ok := indexview.StudentPosition(p.x, id)
	return int32(k), ok
}

// column returns the columns of one school (none for noSchool), a slice
// shared by every unit of that school alone: read only.
func (p *Program) column(s int32) []int32 {
	if int(s) == p.noSchool() {
		return nil
	}
	return p.columns[s : s+1 : s+1]
}

// instructionLanguages returns the languages of instruction of the
// schools (columns) given: each school's, else the district's, else
// English (RULES.md, P5.language).
func (p *Program) instructionLanguages(schools []int32) []model.Language {
	switch len(schools) {
	case 0:
		return p.languages[p.noSchool()]
	case 1:
		return p.languages[schools[0]]
	}
	var out []model.Language
	for _, s := range schools {
		for _, l := range p.languages[s] {
			if !slices.Contains(out, l) {
				out = append(out, l)
			}
		}
	}
	return out
}
