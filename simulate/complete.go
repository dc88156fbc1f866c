package simulate

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/homevisits/pthv/internal/arena"
	"github.com/homevisits/pthv/internal/breach"
	"github.com/homevisits/pthv/internal/draw"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
)

// complete fills in the completed visits — topics, interpreter,
// reflection, pay — with the visit deviations, writes the follow-up
// messages, and puts every visit of the year in the dataset by start:
// completed, missed and cancelled alike, as a coordinator records them.
func (s *sim) complete() {
	dev := s.d.Deviations
	held := make([]*booking, 0, len(s.books))
	firsts := 0
	for _, b := range s.books {
		if b.v.Status == model.Completed {
			held = append(held, b)
			if b.v.Kind == model.FirstVisit {
				firsts++
			}
		}
	}
	// Room for two follow-up messages after each first visit.
	s.ds.Communications = slices.Grow(s.ds.Communications, 2*firsts)
	sortBookings(held, true)
	// The held visits' topics, reflections, reflecting visitors and flags
	// are cut from a few arrays rather than made one by one: a year
	// completes thousands of visits, each with four such records.
	topics := arena.New[model.Topic](4*firsts + 2*(len(held)-firsts))
	by := arena.New[model.EducatorID](2 * len(held))
	refls := make([]model.Reflection, len(held))
	flags := make([]bool, 2*len(held)) // CoveredBias and ReferencesFirst
	// The year's seasons, resolved once for every visit.
	seasons := s.ds.Calendar.YearSeasons(s.year)
	for i, b := range held {
		sc, r, v := b.school, b.school.rComplete, &b.v
		first := v.Kind == model.FirstVisit

		// Last-minute changes of who visits.
		swapped := false
		priced := b.priced
		if len(sc.untrained) > 0 && draw.Chance(r, dev.Untrained) {
			breach.Partner(v, sc.untrained[r.IntN(len(sc.untrained))], false)
			swapped, priced = true, false
		}
		if len(sc.lapsed) > 0 && draw.Chance(r, dev.NotOptedIn) {
			breach.Partner(v, sc.lapsed[r.IntN(len(sc.lapsed))], swapped)
			priced = false
		}
		if draw.Chance(r, dev.Solo) {
			breach.Solo(v)
			s.m.SoloVisits++
			priced = false
		}
		if draw.Chance(r, dev.DropIn) {
			// A drop-in's record shows no earlier arrangement, and so no
			// move: the metric counts what the record holds.
			s.m.Reschedules -= len(v.Reschedules)
			breach.DropIn(v)
		}

		// Topics: relationship first, academics second.
		if first {
			ts := append(topics.Take(4)[:0], model.Topic{Kind: model.HopesAndDreams, RaisedBy: model.ByEducator})
			if r.Float64() < 0.7 {
				ts = append(ts, model.Topic{Kind: model.Relationship, RaisedBy: model.ByEducator})
			}
			if r.Float64() < 0.25 {
				ts = append(ts, model.Topic{Kind: model.TalentsAndStrengths, RaisedBy: model.ByFamily})
			}
			if draw.Chance(r, dev.AgendaOnFirst) {
				ts = append(ts, breach.Agenda(r))
			}
			v.Topics = ts[:len(ts):len(ts)]
		} else {
			ts := append(topics.Take(2)[:0], model.Topic{Kind: model.Academics, RaisedBy: model.ByEducator})
			if r.Float64() < 0.6 {
				ts = append(ts, model.Topic{Kind: model.HopesAndDreams, RaisedBy: model.ByEducator})
			}
			v.Topics = ts[:len(ts):len(ts)]
			yes := &flags[2*i+1]
			*yes = true
			v.ReferencesFirst = yes
		}

		// An interpreter when no visitor speaks the family's language.
		if fam := &s.ds.Families[b.fam]; fam.NeedsInterpreter && len(fam.Languages) > 0 {
			lang := fam.Languages[0]
			spoken := false
			for _, id := range v.Visitors {
				if e := s.edu(id); e.e != nil && e.e.Speaks(lang) {
					spoken = true
				}
			}
			if !spoken {
				v.Interpreters = []model.Interpreter{{
					ID:        model.InterpreterID(s.ids.Concat(string(sc.id), "-IN-", string(lang))),
					Languages: []model.Language{lang},
				}}
				s.m.InterpretedVisits++
			}
		}

		// The reflection, within a few days (P5.reflection) or not as it
		// should be: late, or recorded by one visitor alone.
		end := v.End()
		bias := &flags[2*i]
		*bias = true
		v.Reflection = &refls[i]
		*v.Reflection = model.Reflection{By: by.CopyOf(v.Visitors), CoveredBias: bias}
		v.Reflection.At = end.Add(time.Duration(draw.Between(r, 10, 60)) * time.Minute)
		if draw.Chance(r, dev.NoReflection) {
			breach.Reflection(r, v, s.pol.ReflectWithin)
		}

		// Pay, and the P2.compensated deviation. The planner's pay stands
		// when the visit is held by whom and when it was planned.
		if !priced {
			v.Compensation = s.pay(sc, v.Visitors, v.Start)
		}
		if draw.Chance(r, dev.Unpaid) {
			breach.Unpaid(v, func(id model.EducatorID) bool { return s.edu(id).classified })
		}

		switch {
		case b.noConsent:
			s.m.NoConsentVisits++
		case b.afterDecline:
			s.m.AfterDeclineVisits++
		}
		day := model.DateOf(v.Start.In(s.loc))
		if late := seasons.Of(day) >= model.Winter; late == first {
			s.m.VisitsOutsideSeason++
		}

		// Two-way follow-up after the first visit (P3.follow-up).
		if first && draw.Chance(r, s.d.FollowUpRate) {
			out := end.AddDate(0, 0, draw.Between(r, 1, 4))
			in := out.AddDate(0, 0, draw.Between(r, 1, 3)).Add(time.Duration(draw.Between(r, 1, 8)) * time.Hour)
			s.ds.Communications = append(s.ds.Communications,
				model.Communication{ID: model.CommunicationID(s.ids.Concat(string(v.Family), "-M1")), Family: v.Family, At: out,
					Direction: model.SchoolToFamily, Channel: model.Text, Educator: v.Visitors[0]},
				model.Communication{ID: model.CommunicationID(s.ids.Concat(string(v.Family), "-M2")), Family: v.Family, At: in,
					Direction: model.FamilyToSchool, Channel: model.Text, Educator: v.Visitors[0]})
		}
	}
	// The record lists the visits by start; the bookings' own order
	// serves nothing after this.
	sortBookings(s.books, false)
	s.ds.Visits = make([]model.Visit, len(s.books))
	s.visitFam = make([]int32, len(s.books))
	for i, b := range s.books {
		if b.v.Status != model.Completed {
			b.v.Compensation = nil // a visit that did not take place is not paid
		}
		s.ds.Visits[i] = b.v
		s.visitFam[i] = b.fam
	}
}

// sortBookings sorts bs stably by school when bySchool is set, then by
// start, then by visit id. It sorts keys read once rather than the
// bookings: comparing two times costs more than comparing their
// nanoseconds, and a stable sort compares far more often than an
// unstable one, which the booking's place in bs as the last key makes
// stable. The keys hold no pointer (the id is read through the place),
// so the collector neither scans them nor watches their swaps; the
// bookings are then moved to their places, cycle by cycle, in bs itself.
func sortBookings(bs []*booking, bySchool bool) {
	type key struct {
		start  int64 // Unix nanoseconds: visits fall between 1678 and 2262
		school int32
		at     int32 // the booking's place in bs; -1 once moved
	}
	keys := make([]key, len(bs))
	for i, b := range bs {
		keys[i] = key{start: b.v.Start.UnixNano(), at: int32(i)}
		if bySchool {
			keys[i].school = int32(b.school.i)
		}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if a.school != b.school {
			return cmp.Compare(a.school, b.school)
		}
		if a.start != b.start {
			return cmp.Compare(a.start, b.start)
		}
		if c := cmp.Compare(bs[a.at].v.ID, bs[b.at].v.ID); c != 0 {
			return c
		}
		return cmp.Compare(a.at, b.at)
	})
	// Place i takes the booking at keys[i].at: follow each cycle of the
	// permutation from its first place, holding that place's booking.
	for i := range keys {
		if keys[i].at < 0 {
			continue
		}
		first := bs[i]
		j := i
		for {
			k := int(keys[j].at)
			keys[j].at = -1
			if k == i {
				bs[j] = first
				break
			}
			bs[j] = bs[k]
			j = k
		}
	}
}

// measure fills the metrics from the completed record and the check.
func (s *sim) measure(rep practices.Report) {
	m := &s.m
	visits := make([]int32, len(s.ds.Families)) // by family position
	for i := range s.ds.Visits {
		v := &s.ds.Visits[i]
		if v.Status != model.Completed {
			continue
		}
		visits[s.visitFam[i]]++
		if v.Kind == model.SecondVisit {
			m.SecondVisits++
		} else {
			m.FirstVisits++
		}
		m.EducatorMinutes += len(v.Visitors) * v.Duration.Minutes()
		for _, c := range v.Compensation {
			m.MinutesOutside += c.MinutesOutside
			if c.Stipend {
				m.StipendMinutes += c.MinutesOutside
			}
			s.money.add(&m.CostCents, c.AmountCents)
			if c.AmountCents != 0 {
				s.money.addTo(m.CostBySource, c.Source, c.AmountCents)
			}
		}
	}
	for _, n := range visits {
		if n > 0 {
			m.FamiliesVisited++
		}
		if n >= 2 {
			m.FamiliesVisitedTwice++
		}
	}
	m.Violations = rep.Summary.Violations
	m.Advisories = float64(rep.Summary.Advisories)
	m.Fidelity = rep.Summary.Fidelity
	for _, r := range rep.Rules {
		if r.Violations > 0 {
			m.ViolationsByRule[r.Rule] = r.Violations
		}
	}
	m.Coverage = make([]SchoolCoverage, 0, len(rep.Schools))
	for _, sc := range rep.Schools {
		if sc.School == "" {
			continue
		}
		c := sc.Coverage
		m.Coverage = append(m.Coverage, SchoolCoverage{
			School: sc.School, Students: c.Students, StudentsVisited: c.StudentsVisited,
			Families: c.Families, FamiliesVisited: c.FamiliesVisited, Systematic: c.Systematic,
		})
	}
	m.finish(s.d.Outcomes)
}

// studentsAt returns the family's students at school sc.
func (s *sim) studentsAt(f model.FamilyID, sc model.SchoolID) []model.StudentID {
	var out []model.StudentID
	for _, st := range s.x.StudentsOf(f) {
		if st.School == sc {
			out = append(out, st.ID)
		}
	}
	return out
}

// day returns a uniform day in [from, to].
func (s *sim) day(r *rand.Rand, from, to model.Date) model.Date {
	return from.AddDays(draw.Between(r, 0, to.DaysSince(from)))
}
