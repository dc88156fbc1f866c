package schedule

import (
	"slices"
	"time"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
)

// Planner is [Plan] for a caller that plans one dataset again and again
// as its record grows: a coordinator's planning rounds over a year, and
// the families who call to move a visit in between — the simulator runs
// some forty of them for each school's year. A plan lays out every day
// of the school year, indexes the dataset's people and lays out the days
// of each visitor; a Planner keeps these from one run to the next and
// redoes only what the records change, so its schedules are those of
// Plan, field for field, at a fraction of the work.
//
// Between runs the caller may change the dataset's records — plans,
// visits, invitations, withdrawals, messages — but not its people
// (schools, classes, educators, students, families) in place. A run
// whose dataset holds other slices of people, or another school year or
// calendar, lays them out again. A Planner is not safe for concurrent
// use; the zero Planner and a nil *Planner plan nothing.
type Planner struct {
	ds *model.Dataset
	x  *model.Index // of the dataset's people, as last indexed
	// indexed are the slices of people x indexes. x's own dataset is the
	// caller's, changed in place between runs, so it cannot tell
	// whether the people changed; these can.
	indexed people

	// The days of the school year of year and cal.
	year    model.SchoolYear
	cal     model.Calendar
	days    []day
	byClass [7][2][]int32

	// The visitors' day counts and day lists, reused from run to run.
	counts []int16
	lists  [][]busy

	// The arrays of a run's educators, families and visits, which the
	// next run takes again (the schedule a run returns holds none of it).
	edus   reused[educator]
	fams   reused[family]
	visits reused[visit]
	ar     arena
	// prob is the problem of the last run, made again at each.
	prob problem
	// pays remembers the pay of the runs' appointments.
	pays payMemo

	// taken is assignIDs' set of the run's visit ids, emptied at each;
	// recorded lists those of them that are the dataset's.
	taken    map[model.VisitID]bool
	recorded []model.VisitID
	// ids are the visit ids baseID made, by family position and kind
	// (2*position, +1 for the second visit).
	ids []model.VisitID
	// families are acceptedFamilies' array of the run's families,
	// which the next run fills again.
	families []model.FamilyID
	// history is acceptedFamilies' buffer of a family's consent
	// history, emptied at each run.
	history []model.ConsentChange

	// fixed holds, by position in the dataset's visits, the day and
	// start minute of each visit addFixed booked, in the layout of days
	// of the Planner's year (see fixedAt).
	fixed []fixedAt

	// eduIdx positions the educators of the slice eduOf by id, kept for
	// the runs on the same educators.
	eduIdx map[model.EducatorID]int32
	eduOf  []model.Educator
}

// reused is an array a Planner's runs take in turn: a run takes it, and
// keeps in it what it used.
type reused[T any] struct{ buf []T }

// take returns an empty slice of the array with room for n — cleared of
// what the last run kept, so that it holds nothing of it alive — or of a
// new array when it has too little room.
func (r *reused[T]) take(n int) []T {
	clear(r.buf)
	if cap(r.buf) < n {
		r.buf = make([]T, 0, max(n, 2*cap(r.buf)))
	}
	return r.buf[:0]
}

// keep records s, a slice the run took and filled, for the next take.
func (r *reused[T]) keep(s []T) { r.buf = s }

// NewPlanner returns a Planner of ds. A nil ds gives a Planner whose runs
// fail as Plan's do on a nil dataset.
func NewPlanner(ds *model.Dataset) *Planner { return &Planner{ds: ds} }

// Reset makes the Planner plan ds from its next run on, as
// NewPlanner(ds) would, keeping what does not depend on the dataset: its
// layout of the school year, laid out again only when ds's year or
// calendar differ, and the memory of its visitors' days. A district that
// plans its schools one after the other — the simulator does, every
// replication — resets one Planner for each. Reset on a nil *Planner does
// nothing.
func (pl *Planner) Reset(ds *model.Dataset) {
	if pl == nil {
		return
	}
	pl.ds, pl.x, pl.indexed = ds, nil, people{}
	pl.eduIdx, pl.eduOf = nil, nil
}

// Plan is [Plan] of the Planner's dataset as it stands: the same
// schedule, or the same error, for the same asOf and options.
func (pl *Planner) Plan(asOf time.Time, opt Options) (Schedule, error) {
	if pl == nil {
		return Plan(nil, asOf, opt)
	}
	return plan(pl, pl.ds, asOf, opt)
}

// index returns the index of ds, its people's part kept from the last run
// when ds holds the same slices of people.
func (pl *Planner) index(ds *model.Dataset) *model.Index {
	now := peopleOf(ds)
	if !pl.indexed.same(now) {
		pl.x = nil
	}
	pl.x, pl.indexed = indexview.WithRecords(pl.x, ds), now
	return pl.x
}

// people are the slices of a dataset's people.
type people struct {
	schools   []model.School
	classes   []model.Class
	educators []model.Educator
	students  []model.Student
	families  []model.Family
}

func peopleOf(ds *model.Dataset) people {
	return people{ds.Schools, ds.Classes, ds.Educators, ds.Students, ds.Families}
}

// same reports whether a and b hold the same slices.
func (a people) same(b people) bool {
	return sameSlice(a.schools, b.schools) && sameSlice(a.classes, b.classes) &&
		sameSlice(a.educators, b.educators) && sameSlice(a.students, b.students) &&
		sameSlice(a.families, b.families)
}

// sameSlice reports whether a and b are the same slice: the same length
// and, when not empty, the same first element.
func sameSlice[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// layout returns the days of p's school year and their classes, laid out
// the first time and again only when the year or the calendar changes.
// The problem reads them and never writes them.
func (pl *Planner) layout(p *problem) ([]day, [7][2][]int32) {
	if pl.days == nil || pl.year != p.year || !sameDays(pl.cal, p.cal) {
		p.buildDays()
		pl.year, pl.cal, pl.days, pl.byClass = p.year, p.cal, p.days, p.byClass
		clear(pl.fixed) // of the days of another year or time zone
		// The calendar kept is the Planner's own, whatever the caller
		// changes in place.
		pl.cal.Week, pl.cal.Closures = slices.Clone(p.cal.Week), slices.Clone(p.cal.Closures)
	}
	return pl.days, pl.byClass
}

// fixedAt is the local day and start minute of a visit of the dataset,
// which addFixed books: the same for as long as the visit starts at the
// same instant in the same layout of days. Working them out looks the
// time zone up twice; most of a run's visits are the last run's, at
// the same positions.
//
// It also holds the positions in the run's educators of the visit's
// visitors, for a visit of one or two (a pair, as visits are made):
// looking each id up hashes it, and a run books every visit of the
// school's record, of every team, to find the few of the plan's.
type fixedAt struct {
	start    time.Time // the visit's start they are of
	min, day int32

	// ids are the visitors, vis of them, the positions who are of; who
	// holds the position of each, -1 for an id of no educator or named
	// before. They are known while vis is 1 or 2, and for the educators
	// the Planner positioned (eduIdx) when it set it.
	ids [2]model.EducatorID
	who [2]int32
	vis int8
}

// fixedAt returns the Planner's days and minutes of n visits, by
// position: those of the last runs, and zero ones (of no start) past
// them.
func (pl *Planner) fixedAt(n int) []fixedAt {
	if len(pl.fixed) < n {
		pl.fixed = append(pl.fixed, make([]fixedAt, n-len(pl.fixed))...)
	}
	return pl.fixed[:n]
}

// sameDays reports whether calendars a and b lay out the same days: the
// same time zone, school week, hours, closures and seasons. Their zones
// are compared by name, which is what a calendar's location is loaded
// from (reflect.DeepEqual would walk both zones' transitions at every
// run).
func sameDays(a, b model.Calendar) bool {
	return a.TimeZone == b.TimeZone && slices.Equal(a.Week, b.Week) && a.Hours == b.Hours &&
		slices.Equal(a.Closures, b.Closures) && a.Seasons == b.Seasons
}

// buffers returns nc zeroed day counts and nl empty day lists, whose
// arrays are those of the earlier runs.
func (pl *Planner) buffers(nc, nl int) ([]int16, [][]busy) {
	if len(pl.counts) < nc {
		// Twice as many as the last, as append grows: a school's teams
		// grow run by run, a few educators at a time.
		pl.counts = make([]int16, max(nc, 2*len(pl.counts)))
	}
	if len(pl.lists) < nl {
		pl.lists = append(pl.lists, make([][]busy, nl-len(pl.lists))...)
	}
	counts, lists := pl.counts[:nc], pl.lists[:nl]
	clear(counts)
	for i := range lists {
		lists[i] = lists[i][:0]
	}
	return counts, lists
}

// arena holds the small arrays of a run — its families' students,
// visitors, kept visits, teams and allowed times, its components and
// their bounds — in a few large ones, so that a run allocates a few
// arrays instead of a few for each family. A Planner keeps its arena from
// run to run; the schedule a run returns copies what it needs of them.
type arena struct {
	students slab[model.StudentID]
	visitors slab[model.EducatorID]
	kept     slab[*model.Visit]
	ints     slab[int32] // teams, components
	spans    slab[span]
	comps    slab[[]int32]
	bounds   slab[Objective]
	classes  slab[class]
}

// reset makes the arena's arrays free for the next run, cleared of what
// the last run kept in them.
func (a *arena) reset() {
	a.students.reset()
	a.visitors.reset()
	a.kept.reset()
	a.ints.reset()
	a.spans.reset()
	a.comps.reset()
	a.bounds.reset()
	a.classes.reset()
}

// slab hands out consecutive pieces of one array, and of a new one, twice
// as large, when it is full: the pieces handed out before stay where they
// are.
type slab[T any] struct{ buf []T }

// take returns the next n entries, zeroed, as a slice (never nil) capped
// at n: appending to it past n moves it out of the slab.
func (s *slab[T]) take(n int) []T {
	if s.buf == nil || cap(s.buf)-len(s.buf) < n {
		s.buf = make([]T, 0, max(n, 2*cap(s.buf), 16))
	}
	from := len(s.buf)
	s.buf = s.buf[:from+n]
	return s.buf[from : from+n : from+n]
}

// reset frees the slab's array for reuse, cleared so that it holds
// nothing of the last run alive.
func (s *slab[T]) reset() {
	clear(s.buf)
	s.buf = s.buf[:0]
}
