package practicestest

import (
	"fmt"
	"slices"
	"time"

	"github.com/homevisits/pthv/model"
)

// mutation breaks one rule for family f (or f's school, or the district)
// of a compliant program. Applied to the first family of a program drawn in
// violating mode it breaks that rule and the rules Implied lists, nothing
// else; applied anywhere else it still leaves a valid dataset, which is how
// Dataset draws arbitrary practice.
type mutation func(b *builder, f *family)

// mutations returns the mutation of every rule of the catalogue.
func mutations() map[string]mutation {
	return map[string]mutation{
		"P1.family-consent": func(b *builder, f *family) {
			// The family accepted only after its first visit.
			inv, v1 := b.invitation(f.invitation), b.visit1(f)
			if inv == nil || v1 == nil {
				return
			}
			inv.Response, inv.RespondedAt = model.Accepted, v1.Start.Add(24*time.Hour)
			if inv.SentAt.After(inv.RespondedAt) {
				inv.SentAt = inv.RespondedAt
			}
		},
		"P1.educator-consent": func(b *builder, f *family) {
			// A colleague who volunteered last year, not this one, joins.
			if v1 := b.visit1(f); v1 != nil {
				b.addVisitor(v1, b.newTeacher(f.school, func(e *model.Educator) { e.OptIns = []model.SchoolYearID{b.prev} }), true)
			}
		},
		"P1.arranged-in-advance": func(b *builder, f *family) {
			// A drop-in: arranged at the door.
			if v1 := b.visit1(f); v1 != nil {
				v1.ArrangedAt, v1.Reschedules = v1.Start, nil
			}
		},
		"P1.notice": func(b *builder, f *family) {
			if v1 := b.visit1(f); v1 != nil {
				v1.ArrangedAt, v1.Reschedules = v1.Start.Add(-2*time.Hour), nil
			}
		},
		"P1.declined-respected": func(b *builder, f *family) {
			// The family withdrew after its first visit; the second went
			// ahead anyway.
			v2 := b.visitByID(f.second)
			if v2 == nil {
				return
			}
			booked := v2.ArrangedAt
			if booked.IsZero() || len(v2.Reschedules) > 0 {
				booked = v2.Start
				if len(v2.Reschedules) > 0 {
					booked = v2.Reschedules[0].At
				}
			}
			b.ds.Withdrawals = append(b.ds.Withdrawals, model.Withdrawal{Family: f.id, At: booked.Add(-time.Hour)})
		},
		"P1.no-repeat-pressure": func(b *builder, f *family) {
			// Declined in June, then invited more times than the policy allows.
			var first time.Time
			for _, inv := range b.ds.Invitations {
				if inv.Family == f.id && (first.IsZero() || inv.SentAt.Before(first)) {
					first = inv.SentAt
				}
			}
			if first.IsZero() {
				return
			}
			declined := first.AddDate(0, 0, -8)
			b.ds.Invitations = append(b.ds.Invitations, model.Invitation{ID: b.invitationID(f), Family: f.id, Kind: model.FirstVisit,
				SentAt: declined.AddDate(0, 0, -2), Plan: f.school.plan, Response: model.Declined, RespondedAt: declined})
			after := 0
			for _, inv := range b.ds.Invitations {
				if inv.Family == f.id && !inv.FromFamily() && inv.SentAt.After(declined) {
					after++
				}
			}
			for ; after <= b.ds.Policy.MaxReinvites; after++ {
				b.ds.Invitations = append(b.ds.Invitations, model.Invitation{ID: b.invitationID(f), Family: f.id, Kind: model.FirstVisit,
					SentAt: declined.Add(time.Duration(after+1) * time.Hour), Plan: f.school.plan})
			}
		},
		"P1.no-mandate": func(b *builder, f *family) {
			b.ds.Goals = append(b.ds.Goals, model.Goal{ID: model.GoalID(fmt.Sprintf("G%d-M%d", f.school.index+1, len(b.ds.Goals))),
				School: f.school.id, CoverageTarget: 0.5, RequiredOf: []model.Party{model.ByEducator}})
		},

		"P2.trained": func(b *builder, f *family) {
			// A volunteer joins the first visit before their training.
			v1 := b.visit1(f)
			if v1 == nil {
				return
			}
			trained := model.DateOf(v1.Start.In(b.loc)).AddDays(1 + b.intn(20))
			b.addVisitor(v1, b.newTeacher(f.school, func(e *model.Educator) {
				e.Trainings = []model.Training{{Date: trained, Kind: model.InitialTraining}}
			}), true)
		},
		"P2.compensated": func(b *builder, f *family) {
			// A teacher with no stipend joins after hours and is not paid.
			if v1 := b.visit1(f); v1 != nil {
				b.addVisitor(v1, b.newTeacher(f.school, nil), false)
			}
		},
		"P2.classified-eligible": func(b *builder, f *family) {
			// The school's liaison visits unpaid; its teachers are paid.
			s := f.school
			b.educator(s.liaison).Stipends = nil
			for i := range b.ds.Visits {
				v := &b.ds.Visits[i]
				if v.Status != model.Completed || !slices.Contains(v.Visitors, s.liaison) || b.familyByID(v.Family) == nil || b.familyByID(v.Family).school != s {
					continue
				}
				found := false
				for j := range v.Compensation {
					if c := &v.Compensation[j]; c.Educator == s.liaison {
						*c = model.Compensation{Educator: s.liaison, MinutesOutside: max(c.MinutesOutside, 30)}
						found = true
					}
				}
				if !found {
					v.Compensation = append(v.Compensation, model.Compensation{Educator: s.liaison, MinutesOutside: 30})
				}
			}
		},
		"P2.refresher": func(b *builder, f *family) {
			// The family's teacher was last trained years ago.
			last := b.ds.Year.LastDay.AddDays(-900 - b.intn(300))
			b.educator(f.teacher).Trainings = []model.Training{{Date: last, Kind: model.InitialTraining}}
		},

		"P3.first-visit-focus": func(b *builder, f *family) {
			if v1 := b.visit1(f); v1 != nil {
				v1.Topics = []model.Topic{{Kind: model.OtherTopic, RaisedBy: model.ByEducator}}
			}
		},
		"P3.first-visit-no-agenda": func(b *builder, f *family) {
			if v1 := b.visit1(f); v1 != nil {
				v1.Topics = []model.Topic{{Kind: model.HopesAndDreams, RaisedBy: model.ByEducator}, {Kind: model.Behavior, RaisedBy: model.ByEducator}}
			}
		},
		"P3.first-visit-season": func(b *builder, f *family) {
			// The first visit slips into December.
			v1 := b.visit1(f)
			if v1 == nil {
				return
			}
			b.move(v1, b.at(b.y, time.December, 2+b.intn(10), v1.Start.In(b.loc).Hour(), v1.Start.In(b.loc).Minute()))
			b.followUpAfter(f, v1)
		},
		"P3.second-after-first": func(b *builder, f *family) {
			if v1 := b.visit1(f); v1 != nil {
				v1.Kind = model.SecondVisit
			}
		},
		"P3.second-visit-offered": func(b *builder, f *family) {
			// No second visit, and no invitation to one.
			b.ds.Visits = slices.DeleteFunc(b.ds.Visits, func(v model.Visit) bool { return v.Family == f.id && v.ID != f.first })
			b.ds.Invitations = slices.DeleteFunc(b.ds.Invitations, func(inv model.Invitation) bool {
				return inv.Family == f.id && inv.Kind == model.SecondVisit
			})
			f.second = ""
		},
		"P3.second-visit-focus": func(b *builder, f *family) {
			if v2 := b.visit2(f); v2 != nil {
				v2.Topics = []model.Topic{{Kind: model.HopesAndDreams, RaisedBy: model.ByEducator}}
			}
		},
		"P3.second-visit-season": func(b *builder, f *family) {
			// Both visits in the fall: the first early in September, the
			// follow-up just after it, the second in November.
			v1, v2 := b.visit1(f), b.visit2(f)
			if v1 == nil || v2 == nil {
				return
			}
			b.move(v1, b.at(b.y, time.September, 2+b.intn(4), 16, 0))
			b.followUpAfter(f, v1)
			b.move(v2, b.at(b.y, time.November, 10+b.intn(10), 16, 0))
		},
		"P3.follow-up": func(b *builder, f *family) {
			b.ds.Communications = slices.DeleteFunc(b.ds.Communications, func(c model.Communication) bool {
				return c.Family == f.id && c.Direction == model.FamilyToSchool
			})
		},
		"P3.duration": func(b *builder, f *family) {
			if v1 := b.visit1(f); v1 != nil {
				v1.Duration = model.Duration(10 * time.Minute)
			}
		},
		"P3.location": func(b *builder, f *family) {
			// The educators asked the family to come in to school; a public
			// place would have been fine whoever suggested it.
			if v1 := b.visit1(f); v1 != nil {
				v1.Location = model.Location{Kind: model.AtSchool, RequestedBy: model.ByEducator}
			}
		},

		"P4.selection-criteria": func(b *builder, f *family) {
			if inv := b.invitation(f.invitation); inv != nil {
				inv.Criteria = append(inv.Criteria, "attendance")
			}
		},
		"P4.cross-section": func(b *builder, f *family) {
			// Only the school's English learners are invited, and visited.
			out := map[model.FamilyID]bool{}
			for _, st := range b.ds.Students {
				if st.School == f.school.id && st.Attributes["ell"] != "yes" {
					out[st.Family] = true
				}
			}
			b.ds.Invitations = slices.DeleteFunc(b.ds.Invitations, func(inv model.Invitation) bool { return out[inv.Family] })
			b.ds.Visits = slices.DeleteFunc(b.ds.Visits, func(v model.Visit) bool { return out[v.Family] })
			b.ds.Communications = slices.DeleteFunc(b.ds.Communications, func(c model.Communication) bool { return out[c.Family] })
			for _, g := range f.school.families {
				if out[g.id] {
					g.first, g.second, g.invitation = "", "", ""
				}
			}
		},

		"P5.pair": func(b *builder, f *family) {
			// The partner dropped out of the second visit at the last minute.
			v := b.visit2(f)
			if v == nil {
				v = b.visit1(f)
			}
			if v == nil {
				return
			}
			for _, e := range slices.Clone(v.Visitors) {
				if e != f.teacher {
					b.removeVisitor(v, e)
				}
			}
			// Sometimes an interpreter came along: interpreters do not count
			// toward the pair, so a checker that counts them misses this.
			if b.rnd.IntN(2) == 0 {
				v.Interpreters = append(v.Interpreters, model.Interpreter{ID: "INT-" + model.InterpreterID(v.ID)})
			}
		},
		"P5.group-size": func(b *builder, f *family) {
			v1 := b.visit1(f)
			if v1 == nil {
				return
			}
			for len(v1.Visitors) <= b.ds.Policy.MaxGroupSize {
				b.addVisitor(v1, b.newTeacher(f.school, nil), true)
			}
		},
		"P5.teacher-on-visit": func(b *builder, f *family) {
			// A colleague who teaches none of the family's children goes
			// instead of their teacher.
			v1 := b.visit1(f)
			if v1 == nil || !slices.Contains(v1.Visitors, f.teacher) {
				return
			}
			taught := map[model.EducatorID]bool{}
			for _, st := range b.ds.Students {
				if st.Family == f.id {
					for _, e := range st.Teachers {
						taught[e] = true
					}
					for _, c := range st.Classes {
						taught[f.school.teacherOf(c)] = true
					}
				}
			}
			for _, e := range f.school.teachers {
				if !taught[e] && !slices.Contains(v1.Visitors, e) {
					b.replaceVisitor(v1, f.teacher, e)
					return
				}
			}
			b.replaceVisitor(v1, f.teacher, b.newTeacher(f.school, nil))
		},
		"P5.reflection": func(b *builder, f *family) {
			// Reflected a day after the window closed.
			if v1 := b.visit1(f); v1 != nil && v1.Reflection != nil {
				v1.Reflection.At = b.ds.Policy.ReflectWithin.After(v1.End().In(b.loc)).Add(24 * time.Hour)
			}
		},
		"P5.bias-reflection": func(b *builder, f *family) {
			if v1 := b.visit1(f); v1 != nil && v1.Reflection != nil {
				v1.Reflection.CoveredBias = ptr(false)
			}
		},
		"P5.language": func(b *builder, f *family) {
			// The family speaks Spanish; on its first visit neither visitor
			// did, and no interpreter came.
			v1 := b.visit1(f)
			if v1 == nil {
				return
			}
			fam := b.familyRecord(f.id)
			fam.Languages, fam.NeedsInterpreter = []model.Language{"es"}, true
			f.language = "es"
			v1.Interpreters = nil
			for _, e := range slices.Clone(v1.Visitors) {
				if b.educator(e).Speaks("es") {
					b.replaceVisitor(v1, e, b.nonSpeaker(f.school, v1, "es"))
				}
			}
			if v2 := b.visit2(f); v2 != nil && !b.covered(v2, "es") {
				v2.Interpreters = append(v2.Interpreters, model.Interpreter{ID: model.InterpreterID("INT-" + string(f.id)), Languages: []model.Language{"es"}})
			}
		},
		"P5.pair-variety": func(b *builder, f *family) {
			// Every pair of the school is a teacher and the liaison.
			s := f.school
			for _, g := range s.families {
				for _, id := range []model.VisitID{g.first, g.second} {
					v := b.visitByID(id)
					if v == nil {
						continue
					}
					for _, e := range slices.Clone(v.Visitors) {
						if e != g.teacher && e != s.liaison {
							b.replaceVisitor(v, e, s.liaison)
						}
					}
				}
			}
		},

		"R.school-coordinator": func(b *builder, f *family) { b.schoolRecord(f.school.id).Coordinator = "" },
		"R.coordinator-not-principal": func(b *builder, f *family) {
			b.schoolRecord(f.school.id).Coordinator = f.school.principal
		},
		"R.district-coordinator": func(b *builder, f *family) { b.ds.District.Coordinator = "" },
		"R.school-celebration": func(b *builder, f *family) {
			b.ds.Events = slices.DeleteFunc(b.ds.Events, func(e model.Event) bool { return e.School == f.school.id })
		},
		"R.district-event": func(b *builder, f *family) {
			b.ds.Events = slices.DeleteFunc(b.ds.Events, func(e model.Event) bool { return e.Level == model.DistrictLevel })
		},
		"R.tracking": func(b *builder, f *family) {
			if v1 := b.visit1(f); v1 != nil {
				v1.Students = nil
			}
		},

		"L.sequence": func(b *builder, f *family) {
			// A reflection dated before the visit it reflects on.
			if v1 := b.visit1(f); v1 != nil && v1.Reflection != nil {
				v1.Reflection.At = v1.Start.Add(-time.Hour)
			}
		},
	}
}

// Record lookups by id; nil when absent (a mutation may have removed it).

func (b *builder) visitByID(id model.VisitID) *model.Visit {
	if id == "" {
		return nil
	}
	for i := range b.ds.Visits {
		if b.ds.Visits[i].ID == id {
			return &b.ds.Visits[i]
		}
	}
	return nil
}

// visit1 returns the family's first visit if it took place.
func (b *builder) visit1(f *family) *model.Visit {
	if v := b.visitByID(f.first); v != nil && v.Status == model.Completed {
		return v
	}
	return nil
}

// visit2 returns the family's second visit if it took place.
func (b *builder) visit2(f *family) *model.Visit {
	if v := b.visitByID(f.second); v != nil && v.Status == model.Completed {
		return v
	}
	return nil
}

func (b *builder) invitation(id model.InvitationID) *model.Invitation {
	if id == "" {
		return nil
	}
	for i := range b.ds.Invitations {
		if b.ds.Invitations[i].ID == id {
			return &b.ds.Invitations[i]
		}
	}
	return nil
}

func (b *builder) familyRecord(id model.FamilyID) *model.Family {
	for i := range b.ds.Families {
		if b.ds.Families[i].ID == id {
			return &b.ds.Families[i]
		}
	}
	panic("practicestest: no family " + string(id))
}

func (b *builder) schoolRecord(id model.SchoolID) *model.School {
	for i := range b.ds.Schools {
		if b.ds.Schools[i].ID == id {
			return &b.ds.Schools[i]
		}
	}
	panic("practicestest: no school " + string(id))
}

func (b *builder) familyByID(id model.FamilyID) *family {
	for _, s := range b.schools {
		for _, f := range s.families {
			if f.id == id {
				return f
			}
		}
	}
	return nil
}

func (s *school) teacherOf(c model.ClassID) model.EducatorID {
	for e, id := range s.classes {
		if id == c {
			return e
		}
	}
	return ""
}

func (b *builder) invitationID(f *family) model.InvitationID {
	for n := len(b.ds.Invitations); ; n++ {
		id := model.InvitationID(fmt.Sprintf("I%d-%d-x%d", f.school.index+1, f.index+1, n))
		if b.invitation(id) == nil {
			return id
		}
	}
}

// newTeacher adds a certificated teacher to school s: trained before the
// year and opted in to it, unless edit changes that.
func (b *builder) newTeacher(s *school, edit func(e *model.Educator)) model.EducatorID {
	b.extra++
	e := model.Educator{ID: model.EducatorID(fmt.Sprintf("E%d-X%d", s.index+1, b.extra)), School: s.id, Role: model.Certificated,
		Position: model.Teacher, Languages: []model.Language{"en"}, Trainings: b.trainings(), OptIns: []model.SchoolYearID{b.ds.Year.ID}}
	if edit != nil {
		edit(&e)
	}
	b.ds.Educators = append(b.ds.Educators, e)
	return e.ID
}

// addVisitor adds an educator to a visit and its reflection, paid for the
// visit's minutes outside their working day when paid is set.
func (b *builder) addVisitor(v *model.Visit, id model.EducatorID, paid bool) {
	v.Visitors = append(v.Visitors, id)
	if v.Reflection != nil {
		v.Reflection.By = append(v.Reflection.By, id)
	}
	c := b.pay(id, v)
	if c.MinutesOutside == 0 {
		c.MinutesOutside = 30
	}
	if !paid {
		c = model.Compensation{Educator: id, MinutesOutside: c.MinutesOutside}
	} else if !c.Stipend && c.AmountCents == 0 {
		c.AmountCents, c.Source = 2000, model.DistrictFunds
	}
	v.Compensation = append(v.Compensation, c)
}

// replaceVisitor puts educator to in from's place on a visit, in its
// reflection and in its pay (recomputed for to).
func (b *builder) replaceVisitor(v *model.Visit, from, to model.EducatorID) {
	for i := range v.Visitors {
		if v.Visitors[i] == from {
			v.Visitors[i] = to
		}
	}
	if v.Reflection != nil {
		for i := range v.Reflection.By {
			if v.Reflection.By[i] == from {
				v.Reflection.By[i] = to
			}
		}
	}
	for i := range v.Compensation {
		if v.Compensation[i].Educator == from {
			c := b.pay(to, v)
			c.MinutesOutside = v.Compensation[i].MinutesOutside
			if !c.Stipend && c.AmountCents == 0 && c.MinutesOutside > 0 {
				c.AmountCents, c.Source = 2000, model.DistrictFunds
			}
			v.Compensation[i] = c
		}
	}
}

func (b *builder) removeVisitor(v *model.Visit, id model.EducatorID) {
	v.Visitors = slices.DeleteFunc(v.Visitors, func(e model.EducatorID) bool { return e == id })
	v.Compensation = slices.DeleteFunc(v.Compensation, func(c model.Compensation) bool { return c.Educator == id })
	if v.Reflection != nil {
		v.Reflection.By = slices.DeleteFunc(v.Reflection.By, func(e model.EducatorID) bool { return e == id })
	}
}

// move moves a visit to start with its notice, reschedules and reflection.
func (b *builder) move(v *model.Visit, start time.Time) {
	d := start.Sub(v.Start)
	v.Start = start
	if !v.ArrangedAt.IsZero() {
		v.ArrangedAt = v.ArrangedAt.Add(d)
	}
	for i := range v.Reschedules {
		v.Reschedules[i].At = v.Reschedules[i].At.Add(d)
		v.Reschedules[i].FromStart = v.Reschedules[i].FromStart.Add(d)
	}
	if v.Reflection != nil {
		v.Reflection.At = v.Reflection.At.Add(d)
	}
}

// followUpAfter dates the family's messages just after visit v.
func (b *builder) followUpAfter(f *family, v *model.Visit) {
	k := 0
	for i := range b.ds.Communications {
		if c := &b.ds.Communications[i]; c.Family == f.id {
			k++
			c.At = v.End().Add(time.Duration(24*k) * time.Hour)
		}
	}
}

// nonSpeaker returns a teacher of s who does not speak l and is not on v.
func (b *builder) nonSpeaker(s *school, v *model.Visit, l model.Language) model.EducatorID {
	for _, e := range s.teachers {
		if !slices.Contains(v.Visitors, e) && !b.educator(e).Speaks(l) {
			return e
		}
	}
	return b.newTeacher(s, nil)
}

// covered reports whether a visitor or interpreter of v speaks l.
func (b *builder) covered(v *model.Visit, l model.Language) bool {
	for _, e := range v.Visitors {
		if b.educator(e).Speaks(l) {
			return true
		}
	}
	for _, in := range v.Interpreters {
		if slices.Contains(in.Languages, l) {
			return true
		}
	}
	return false
}
