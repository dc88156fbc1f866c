package model

import (
	"cmp"
	"slices"
)

// Lifecycle is one family's school year of completed visits read per
// student, the one definition of "first" and "second" visit that
// practices.Check, practices.Guard, [Journey] and the CLI share (RULES.md,
// P3: "the lifecycle runs per student and school year"). "The child's
// teacher and a trusted colleague" visit, so a family whose children have
// different teachers builds a relationship with each: a middle-school
// teacher's first visit with a family is that student's first visit, even
// after a sibling's elementary visit.
//
// A visit belongs to the students it names; a visit naming no student
// concerns every student of the family. For each student, the first
// completed visit of the year that concerns it is its first visit and the
// next its second. When none of the family's visits names a student, the
// lifecycle has one key, "", standing for the whole family: such a
// district is judged family by family. A visit of the year not yet
// completed — scheduled, proposed, cancelled, missed — is not placed, but
// one naming a student makes the family's keys its students all the same
// ([NewLifecycleNamed]).
type Lifecycle struct {
	// Keys are the units of the student-year rules: the family's students
	// (and any other student a visit names) when a visit names a student,
	// else the single key "". The family's students come first, in the
	// order given, so that a caller finds the i-th by position.
	Keys []StudentID
	// Visits are the completed visits, ordered by start, then id.
	Visits []*Visit
	// Places[i] is where Visits[i] stands.
	Places []VisitPlace
	// First[k] and Second[k] are the positions in Visits of key k's first
	// and second visits; -1 when it has none.
	First, Second []int
}

// VisitPlace is where one completed visit stands in a family's lifecycle.
type VisitPlace struct {
	// FirstFor are the keys whose first visit it is, SecondFor those whose
	// second visit it is.
	FirstFor, SecondFor []StudentID
}

// Ordinal returns how the visit is judged (RULES.md, P3): 1 when it is the
// first visit of any key it concerns; otherwise 2 when it is the second of
// any; otherwise 3 (a third or later visit, which no first- or
// second-visit rule judges).
func (p VisitPlace) Ordinal() int {
	switch {
	case len(p.FirstFor) > 0:
		return 1
	case len(p.SecondFor) > 0:
		return 2
	}
	return 3
}

// NewLifecycle places the completed visits of one family's school year.
// students are the family's students; visits are its completed visits of
// the year, in any order (the caller leaves out the rest); nil entries are
// left out. The slices are not changed.
func NewLifecycle(students []StudentID, visits []*Visit) Lifecycle {
	return placeLifecycle(nil, students, visits, false)
}

// NewLifecycleNamed is [NewLifecycle] for a family whose visits of the
// year that are not placed — scheduled, proposed, cancelled, missed — may
// name a student: named reports whether one does. Student-year rules "run
// once per family, not per student, when none of the family's visits
// names a student" (RULES.md, P3): once one does, whatever its status,
// the keys are the family's students even when every completed visit
// names no one, so that a family's units do not change in number when a
// scheduled visit is held. A family with no student on record keeps the
// key "".
func NewLifecycleNamed(students []StudentID, visits []*Visit, named bool) Lifecycle {
	return placeLifecycle(nil, students, visits, named)
}

// LifecycleBuffer is [NewLifecycle] for a caller that places many
// families' years at once — practices.Check places every family of a
// national year —: the lifecycles it returns cut their slices from a few
// arrays it keeps, rather than allocating several per family. The zero
// LifecycleBuffer is ready to use; it is not safe for concurrent use.
// A lifecycle it returned stays valid, and unchanged, after later calls.
type LifecycleBuffer struct {
	visits []*Visit
	keys   []StudentID
	ints   []int
	places []VisitPlace
	// seen is scratch space: how many visits each key has so far.
	seen []int
}

// Place returns what NewLifecycle(students, visits) returns, field for
// field. A nil *LifecycleBuffer is NewLifecycle.
func (b *LifecycleBuffer) Place(students []StudentID, visits []*Visit) Lifecycle {
	return b.PlaceNamed(students, visits, false)
}

// PlaceNamed returns what NewLifecycleNamed(students, visits, named)
// returns, field for field. A nil *LifecycleBuffer is NewLifecycleNamed.
func (b *LifecycleBuffer) PlaceNamed(students []StudentID, visits []*Visit, named bool) Lifecycle {
	if b == nil || !slices.ContainsFunc(visits, func(v *Visit) bool { return v != nil }) {
		// No visit to place: NewLifecycleNamed's few small slices, whose
		// nil-ness it defines.
		return NewLifecycleNamed(students, visits, named)
	}
	return placeLifecycle(b, students, visits, named)
}

// take returns a slice of length n cut from *buf, with capacity n, taking
// a new array of at least lifecycleChunk elements when *buf has too
// little room.
func take[T any](buf *[]T, n int) []T {
	if cap(*buf)-len(*buf) < n {
		*buf = make([]T, 0, max(n, lifecycleChunk))
	}
	k := len(*buf)
	*buf = (*buf)[:k+n]
	return (*buf)[k : k+n : k+n]
}

// lifecycleChunk is how many elements a LifecycleBuffer's arrays take at
// a time.
const lifecycleChunk = 1024

// placeLifecycle is NewLifecycleNamed with its slices from b (nil:
// allocated for the one lifecycle).
func placeLifecycle(b *LifecycleBuffer, students []StudentID, visits []*Visit, namedElsewhere bool) Lifecycle {
	var l Lifecycle
	if b == nil {
		l.Visits = slices.DeleteFunc(slices.Clone(visits), isNilVisit)
	} else {
		n := 0
		for _, v := range visits {
			if v != nil {
				n++
			}
		}
		l.Visits = take(&b.visits, n)[:0]
		for _, v := range visits {
			if v != nil {
				l.Visits = append(l.Visits, v)
			}
		}
	}
	slices.SortStableFunc(l.Visits, func(a, b *Visit) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID))
	})
	// A visit not placed that names a student makes the keys the
	// family's students, when it has any.
	named := namedElsewhere && len(students) > 0
	for _, v := range l.Visits {
		named = named || len(v.Students) > 0
	}
	switch {
	case named && b == nil:
		l.Keys = slices.Clone(students)
		for _, v := range l.Visits {
			for _, s := range v.Students {
				if !slices.Contains(l.Keys, s) {
					l.Keys = append(l.Keys, s)
				}
			}
		}
	case named:
		// The students, then each other student a visit names, once:
		// counted first, to cut the keys at their size.
		n := len(students)
		for i, v := range l.Visits {
			for j, s := range v.Students {
				if !slices.Contains(students, s) && !namedBefore(l.Visits[:i], v.Students[:j], s) {
					n++
				}
			}
		}
		l.Keys = append(take(&b.keys, n)[:0], students...)
		for _, v := range l.Visits {
			for _, s := range v.Students {
				if !slices.Contains(l.Keys, s) {
					l.Keys = append(l.Keys, s)
				}
			}
		}
	case b == nil:
		l.Keys = []StudentID{""}
	default:
		l.Keys = append(take(&b.keys, 1)[:0], "")
	}
	n := len(l.Keys)
	var counts []int // First and Second, per key
	var seen []int   // the visits of each key so far
	if b == nil {
		counts, seen = make([]int, 2*n), make([]int, n)
	} else {
		counts = take(&b.ints, 2*n)
		b.seen = slices.Grow(b.seen[:0], n)[:n]
		seen = b.seen
	}
	l.First, l.Second = counts[:n:n], counts[n:2*n:2*n]
	for k := range n {
		l.First[k], l.Second[k], seen[k] = -1, -1, 0
	}
	// A key's first visit is the first that concerns it, its second the
	// next.
	marked := 0
	for i, v := range l.Visits {
		for k, key := range l.Keys {
			if !Concerns(v, key) {
				continue
			}
			switch seen[k]++; seen[k] {
			case 1:
				l.First[k] = i
				marked++
			case 2:
				l.Second[k] = i
				marked++
			}
		}
	}
	// Each place lists the keys whose first and second visit it is, in
	// key order, every place's cut from one array of their number.
	var marks []StudentID
	if b == nil {
		l.Places, marks = make([]VisitPlace, len(l.Visits)), make([]StudentID, 0, marked)
	} else {
		l.Places, marks = take(&b.places, len(l.Visits)), take(&b.keys, marked)[:0]
	}
	for i := range l.Visits {
		p := &l.Places[i]
		from := len(marks)
		for k, key := range l.Keys {
			if l.First[k] == i {
				marks = append(marks, key)
			}
		}
		if len(marks) > from {
			p.FirstFor = marks[from:len(marks):len(marks)]
		}
		from = len(marks)
		for k, key := range l.Keys {
			if l.Second[k] == i {
				marks = append(marks, key)
			}
		}
		if len(marks) > from {
			p.SecondFor = marks[from:len(marks):len(marks)]
		}
	}
	return l
}

// namedBefore reports whether s is among the students named by visits or
// by earlier, the students named before it by the visit being read.
func namedBefore(visits []*Visit, earlier []StudentID, s StudentID) bool {
	if slices.Contains(earlier, s) {
		return true
	}
	for _, v := range visits {
		if slices.Contains(v.Students, s) {
			return true
		}
	}
	return false
}

// Concerns reports whether visit v concerns key: it names the student, or
// names no one (then it concerns every student of the family). A nil visit
// concerns no one.
func Concerns(v *Visit, key StudentID) bool {
	return v != nil && (key == "" || len(v.Students) == 0 || slices.Contains(v.Students, key))
}

// IsFirstVisit reports whether a proposed visit would be judged a first
// visit: unless every student it names (the family, when it names none)
// has a completed visit that started before it. completed are the family's
// completed visits of the year; scheduled visits do not count. It places
// proposed after them with [PlaceOf], so booking and checking share one
// definition. A nil proposed visit is not a first visit.
func IsFirstVisit(students []StudentID, completed []*Visit, proposed *Visit) bool {
	return PlaceOf(students, completed, proposed).Ordinal() == 1
}

// PlaceOf returns where a visit not (yet) completed would stand in the
// family's lifecycle as the record stands: placed with [NewLifecycle]
// after the completed visits of the year that started before it. Nil
// entries of completed are left out; a nil proposed visit has the zero
// VisitPlace.
func PlaceOf(students []StudentID, completed []*Visit, proposed *Visit) VisitPlace {
	if proposed == nil {
		return VisitPlace{}
	}
	before := make([]*Visit, 0, len(completed)+1)
	for _, v := range completed {
		if v != nil && v.ID != proposed.ID && v.Start.Before(proposed.Start) {
			before = append(before, v)
		}
	}
	l := NewLifecycle(students, append(before, proposed))
	for i, v := range l.Visits {
		if v == proposed {
			return l.Places[i]
		}
	}
	return VisitPlace{}
}

func isNilVisit(v *Visit) bool { return v == nil }
