package schedule

import (
	"fmt"
	"slices"
	"time"

	"github.com/homevisits/pthv/model"
)

// Change is something that happened after a schedule was planned:
// [FamilyCancels], [EducatorUnavailable] or [SchoolClosed].
type Change interface {
	// When returns the time the change became known; moved appointments
	// are arranged then, with the policy's notice.
	When() time.Time
	change()
}

// FamilyCancels is a family calling off its visit. Visits are voluntary:
// the cancellation is recorded, never argued with.
type FamilyCancels struct {
	Family model.FamilyID
	At     time.Time
	// Visit limits the cancellation to one appointment. Empty cancels all
	// the family's open appointments. Cancelling a first visit cancels the
	// second too, which refers back to it.
	Visit model.VisitID
	// By is who called the visit off: the family (empty or
	// [model.ByFamily]), or [model.ByEducator] when a visitor cannot keep
	// it. Either way the appointment is cancelled, not moved; after an
	// educator's cancellation the family's consent stands, and its visit
	// is reported unplaced with reason [CancelledByEducator] so that the
	// next plan offers a new time.
	By model.Party
}

// EducatorUnavailable is a visitor who cannot visit on the days From to To
// (inclusive): an illness, a training, a family matter.
type EducatorUnavailable struct {
	Educator model.EducatorID
	From, To model.Date
	At       time.Time
}

// SchoolClosed is a closure decided after planning: a snow day, a smoke
// day. Visits are not held on closure days. From may not be earlier than
// the day of the change.
type SchoolClosed struct {
	From, To model.Date
	Name     string
	At       time.Time
}

// When returns c.At.
func (c FamilyCancels) When() time.Time { return c.At }

// When returns c.At.
func (c EducatorUnavailable) When() time.Time { return c.At }

// When returns c.At.
func (c SchoolClosed) When() time.Time { return c.At }

func (FamilyCancels) change()       {}
func (EducatorUnavailable) change() {}
func (SchoolClosed) change()        {}

// RepairReport says what a repair did.
type RepairReport struct {
	// Moved are the appointments given a new time, each with its old time
	// kept as a [model.Rescheduling].
	Moved []model.VisitID `json:"moved"`
	// Cancelled are the appointments called off, kept with their history
	// and status cancelled.
	Cancelled []model.VisitID `json:"cancelled"`
}

// Repair updates schedule s after a change, moving as few appointments as
// possible: only those the change touches — the family's own for a
// cancellation; those of the educator on the days it is away; those on the
// closed days — and a second visit whose first had to move past the gap.
// Every other appointment keeps its time. An appointment that has already
// started by the change's time is history and is left alone. A touched
// appointment moves to its best free time (at least the policy's notice
// after the change, with the same visitors); one with no free time left is
// cancelled and reported unplaced with the reason. Nothing is deleted:
// a cancelled appointment stays with status cancelled and who cancelled it,
// and a moved one records its earlier time in its reschedules.
//
// ds must be the dataset s was planned from; it may already hold s's
// visits. The repaired schedule's Bound is zero and Proven false: a repair
// minimises moves, not the objective.
func Repair(ds *model.Dataset, s Schedule, c Change) (Schedule, RepairReport, error) {
	var rep RepairReport
	if ds == nil {
		return s, rep, changeErr("dataset", "nil dataset")
	}
	if c == nil {
		return s, rep, changeErr("change", "nil change")
	}
	at := c.When()
	if at.IsZero() {
		return s, rep, changeErr("change.at", "zero time")
	}
	if at.Before(s.AsOf) {
		return s, rep, changeErr("change.at", "%s is before the schedule's as-of time %s", at.Format(time.RFC3339), s.AsOf.Format(time.RFC3339))
	}
	out := s.clone()
	var closures []model.Closure
	party := model.BySchool
	touched := map[model.VisitID]bool{}
	loc := ds.Calendar.Location()
	onDays := func(a Appointment, from, to model.Date) bool {
		d := model.DateOf(a.Start.In(loc))
		return !d.Before(from) && !d.After(to)
	}
	open := func(a Appointment) bool { return a.Active() && a.Start.After(at) }
	switch c := c.(type) {
	case FamilyCancels:
		by, reason, who := model.ByFamily, CancelledByFamily, "the family"
		switch c.By {
		case "", model.ByFamily:
		case model.ByEducator:
			by, reason, who = model.ByEducator, CancelledByEducator, "an educator"
		default:
			return s, rep, changeErr("change.by", "%q: want family or educator", c.By)
		}
		found := false
		for _, a := range out.Appointments {
			if a.Family == c.Family && (c.Visit == "" || a.ID == c.Visit) {
				found = true
			}
		}
		if !found {
			return s, rep, changeErr("change.family", "no appointment of family %q (visit %q) in the schedule", c.Family, c.Visit)
		}
		// The named appointment, or all; a cancelled first takes its second.
		withSecond := c.Visit == ""
		for _, a := range out.Appointments {
			if a.ID == c.Visit && a.Kind == model.FirstVisit && open(a) {
				withSecond = true
			}
		}
		for i := range out.Appointments {
			a := &out.Appointments[i]
			if a.Family != c.Family || !open(*a) || !(c.Visit == "" || a.ID == c.Visit || withSecond && a.Kind == model.SecondVisit) {
				continue
			}
			a.Status, a.CancelledBy = model.Cancelled, by
			rep.Cancelled = append(rep.Cancelled, a.ID)
			out.Unplaced = setUnplaced(out.Unplaced, Unplaced{Family: a.Family, School: a.School, Kind: a.Kind,
				Reason: reason, Detail: fmt.Sprintf("%s cancelled %s on %s", who, a.ID, at.In(loc).Format(time.DateOnly))})
		}
		party = by
		closures = out.Closures
	case EducatorUnavailable:
		if c.From.IsZero() || c.To.Before(c.From) {
			return s, rep, changeErr("change.from", "the range %s to %s is empty", c.From, c.To)
		}
		known := false
		for i := range ds.Educators {
			known = known || ds.Educators[i].ID == c.Educator
		}
		if !known {
			return s, rep, changeErr("change.educator", "no educator %q in the dataset", c.Educator)
		}
		party = model.ByEducator
		closures = out.Closures
		for _, a := range out.Appointments {
			if open(a) && slices.Contains(a.Visitors, c.Educator) && onDays(a, c.From, c.To) {
				touched[a.ID] = true
			}
		}
	case SchoolClosed:
		if c.From.IsZero() || c.To.Before(c.From) {
			return s, rep, changeErr("change.from", "the range %s to %s is empty", c.From, c.To)
		}
		if today := model.DateOf(at.In(loc)); c.From.Before(today) {
			return s, rep, changeErr("change.from", "a closure decided on %s cannot start earlier, on %s", today, c.From)
		}
		cl := model.Closure{From: c.From, To: c.To, Name: c.Name}
		out.Closures = append(out.Closures, cl)
		closures = out.Closures
		for _, a := range out.Appointments {
			if open(a) && onDays(a, c.From, c.To) {
				touched[a.ID] = true
			}
		}
	default:
		return s, rep, changeErr("change", "unknown change %T", c)
	}
	if err := repairMoves(ds, &out, c, at, party, closures, touched, &rep); err != nil {
		return s, RepairReport{}, err
	}
	return out, rep, nil
}

// setUnplaced records u, replacing an entry for the same family and kind.
func setUnplaced(list []Unplaced, u Unplaced) []Unplaced {
	for i := range list {
		if list[i].Family == u.Family && list[i].Kind == u.Kind {
			list[i] = u
			return list
		}
	}
	return append(list, u)
}

// repairMoves re-places the touched appointments of out, with every other
// appointment fixed.
func repairMoves(ds *model.Dataset, out *Schedule, c Change, at time.Time, party model.Party,
	closures []model.Closure, touched map[model.VisitID]bool, rep *RepairReport) error {
	skip := map[model.VisitID]bool{}
	visitors := map[model.FamilyID][]model.EducatorID{}
	var families []model.FamilyID
	for _, a := range out.Appointments {
		skip[a.ID] = true
		if a.Active() && !slices.Contains(families, a.Family) {
			families = append(families, a.Family)
			visitors[a.Family] = a.Visitors
		}
	}
	slices.Sort(families)
	pol := out.Policy
	opt := Options{Policy: &pol, Visitors: visitors, Step: time.Duration(out.Step), BudgetCents: 0, WorkingHoursBusy: out.WorkingHoursBusy}
	p, err := newProblem(ds, at, opt, closures, skip, families)
	if err != nil {
		return err
	}
	if u, ok := c.(EducatorUnavailable); ok {
		if k, ok := p.eduIdx[u.Educator]; ok && p.edus[k].busy != nil {
			e := &p.edus[k]
			for d := range p.days {
				if date := p.days[d].date; !date.Before(u.From) && !date.After(u.To) {
					e.busy[d] = append(e.busy[d], busy{from: -24 * 60, to: 48 * 60, visit: -1})
				}
			}
		}
	}
	// Map the appointments onto the problem's visits: untouched ones are
	// booked and fixed, touched ones wait to be placed.
	byFamily := map[model.FamilyID]int32{}
	for i := range p.fams {
		byFamily[p.fams[i].id] = int32(i)
	}
	index := map[model.VisitID]int32{} // appointment id → visit
	apps := map[int32]int{}            // visit → appointment position
	for i, a := range out.Appointments {
		fi, ok := byFamily[a.Family]
		if !ok || !a.Active() {
			continue
		}
		f := &p.fams[fi]
		k := 0
		if a.Kind == model.SecondVisit {
			k = 1
		}
		vi := f.visits[k]
		if vi < 0 {
			// The dataset holds that visit: nothing to move.
			continue
		}
		v := &p.visits[vi]
		v.id = a.ID
		index[a.ID] = vi
		apps[vi] = i
		if !touched[a.ID] {
			m := p.momentOf(a.Start)
			p.place(vi, p.keyAt(vi, m.day, m.min))
		}
	}
	for vi := range p.visits {
		v := &p.visits[vi]
		_, has := apps[int32(vi)]
		v.fixed = !has || !touched[v.id]
	}
	// Place the touched appointments in order of their old start.
	var order []int32
	for id := range touched {
		if vi, ok := index[id]; ok {
			order = append(order, vi)
		}
	}
	slices.SortFunc(order, func(a, b int32) int {
		return out.Appointments[apps[a]].Start.Compare(out.Appointments[apps[b]].Start)
	})
	moved := map[int32]bool{}
	failed := map[int32]Unplaced{}
	for len(order) > 0 {
		vi := order[0]
		order = order[1:]
		v := &p.visits[vi]
		if v.placed {
			continue
		}
		if ok, _ := p.tryBest(vi); ok {
			moved[vi] = true
			continue
		}
		f := &p.fams[v.fam]
		// A first visit that cannot keep the gap to its second takes the
		// second along.
		if si := f.visits[1]; !v.second && si >= 0 && p.visits[si].placed && !moved[si] {
			old := p.visits[si].at
			p.unplace(si)
			if ok, _ := p.tryBest(vi); ok {
				moved[vi] = true
				p.visits[si].fixed = false
				order = append([]int32{si}, order...)
				continue
			}
			p.place(si, old)
		}
		lo, hi, _ := p.boundsOf(vi)
		r, d := p.diagnose(vi, lo, hi)
		failed[vi] = Unplaced{Family: f.id, School: f.school, Kind: kindOf(v.second), Reason: r, Detail: d}
		if si := f.visits[1]; !v.second && si >= 0 && p.visits[si].placed {
			// The second refers back to a first that no longer takes place.
			p.unplace(si)
			failed[si] = Unplaced{Family: f.id, School: f.school, Kind: model.SecondVisit, Reason: NoFirstVisit,
				Detail: "the first visit could not be moved"}
		}
	}
	pay := p.payer()
	loc := p.loc
	for vi, i := range apps {
		a := &out.Appointments[i]
		v := &p.visits[vi]
		switch {
		case moved[vi] && v.placed:
			start := p.timeOf(moment{v.at.day, v.at.start})
			if start.Equal(a.Start) {
				continue
			}
			a.Reschedules = append(a.Reschedules, model.Rescheduling{At: at, FromStart: a.Start, By: party})
			a.Start, a.ArrangedAt = start, at
			a.Season = p.days[v.at.day].season
			a.Pay = pay.pay(a.School, a.Visitors, start, time.Duration(a.Duration))
			rep.Moved = append(rep.Moved, a.ID)
		case !v.placed:
			if u, ok := failed[vi]; ok {
				a.Status, a.CancelledBy = model.Cancelled, party
				rep.Cancelled = append(rep.Cancelled, a.ID)
				u.Detail += fmt.Sprintf(" (cancelled %s after the change of %s)", a.ID, at.In(loc).Format(time.DateOnly))
				out.Unplaced = setUnplaced(out.Unplaced, u)
			}
		}
	}
	slices.Sort(rep.Moved)
	slices.Sort(rep.Cancelled)
	out.Objective = p.objective(nil)
	out.Bound, out.Proven = Objective{}, false
	t, err := totals(out.Appointments)
	if err != nil {
		return err
	}
	out.Totals = t
	sortSchedule(out)
	return nil
}
