package practicestest

import (
	"fmt"
	"slices"
	"time"

	"github.com/homevisits/pthv/internal/breach"
	"github.com/homevisits/pthv/internal/byid"
	"github.com/homevisits/pthv/model"
)

// mutation breaks one rule for group g of a compliant program — the
// visits of some of a family's students at one school — or for g's family,
// school or district. Applied to the target group of a program drawn in
// violating mode (see [builder.target]) it breaks that rule and the rules
// Implied lists, nothing else; applied anywhere else it still leaves a
// valid dataset, which is how Dataset draws arbitrary practice.
type mutation func(b *builder, g *group)

// mutations returns the mutation of every rule of the catalogue.
func mutations() map[string]mutation {
	return map[string]mutation{
		"P1.family-consent":           acceptedAfterVisit,
		"P1.educator-consent":         colleagueNotOptedIn,
		"P1.arranged-in-advance":      dropIn,
		"P1.notice":                   shortNotice,
		"P1.declined-respected":       visitAfterWithdrawal,
		"P1.no-repeat-pressure":       invitedAgainAndAgain,
		"P1.no-mandate":               requiredOfEducators,
		"P2.trained":                  colleagueNotYetTrained,
		"P2.compensated":              colleagueUnpaid,
		"P2.classified-eligible":      liaisonUnpaid,
		"P2.refresher":                refresherOverdue,
		"P3.first-visit-focus":        firstVisitOffTopic,
		"P3.first-visit-no-agenda":    agendaOnFirstVisit,
		"P3.first-visit-season":       firstVisitInWinter,
		"P3.second-after-first":       firstLabelledSecond,
		"P3.second-visit-offered":     noSecondOffer,
		"P3.second-visit-focus":       secondVisitOffTopic,
		"P3.second-visit-season":      secondVisitInFall,
		"P3.follow-up":                followUpOneWay,
		"P3.duration":                 visitTooShort,
		"P3.location":                 atSchoolForEducators,
		"P4.selection-criteria":       chosenByAttendance,
		"P4.cross-section":            onlyEnglishLearners,
		"P5.pair":                     partnerDroppedOut,
		"P5.group-size":               crowdedVisit,
		"P5.teacher-on-visit":         noTeacherOnVisit,
		"P5.reflection":               reflectionMissed,
		"P5.bias-reflection":          biasSkipped,
		"P5.language":                 languageNotCovered,
		"P5.pair-variety":             onePairType,
		"R.school-coordinator":        noSchoolCoordinator,
		"R.coordinator-not-principal": principalCoordinates,
		"R.district-coordinator":      noDistrictCoordinator,
		"R.school-celebration":        noCelebration,
		"R.district-event":            noDistrictEvent,
		"R.tracking":                  studentsNotNamed,
		"L.sequence":                  reflectionBeforeVisit,
	}
}

// singleRules are the rules whose breach would spill over to a sibling's
// visits: their target family has one student, in one school. A visit
// naming no student concerns every student of the family (R.tracking).
var singleRules = []string{"R.tracking"}

// P1.family-consent: the family accepted only after its first visit.
func acceptedAfterVisit(b *builder, g *group) {
	inv, v1 := b.invitationByID(g.invitation), b.visit1(g)
	if inv == nil || v1 == nil {
		return
	}
	inv.Response, inv.RespondedAt = model.Accepted, v1.Start.Add(24*time.Hour)
	if inv.SentAt.After(inv.RespondedAt) {
		inv.SentAt = inv.RespondedAt
	}
}

// P1.educator-consent: a colleague who volunteered last year, not this
// one, joins the first visit.
func colleagueNotOptedIn(b *builder, g *group) {
	if v1 := b.visit1(g); v1 != nil {
		b.addVisitor(v1, b.newTeacher(g.school, func(e *model.Educator) { e.OptIns = []model.SchoolYearID{b.prev} }), true)
	}
}

// P1.arranged-in-advance: a drop-in, arranged at the door.
func dropIn(b *builder, g *group) {
	if v1 := b.visit1(g); v1 != nil {
		breach.DropIn(v1)
	}
}

// P1.notice: arranged two hours before.
func shortNotice(b *builder, g *group) {
	if v1 := b.visit1(g); v1 != nil {
		v1.ArrangedAt, v1.Reschedules = v1.Start.Add(-2*time.Hour), nil
	}
}

// P1.declined-respected: the family withdrew after the group's first
// visit; the second went ahead anyway. A withdrawal covers all the
// family's students, in every school: it comes before any visit of a
// sibling that was booked and not yet held, so those went ahead after it
// too (a visit booked before a withdrawal, or at the same instant, and
// not over by then would be one the withdrawal cancelled: a visit is held
// when it ends, and a booking at the withdrawal's instant comes first).
func visitAfterWithdrawal(b *builder, g *group) {
	v2 := b.visitByID(g.second)
	if v2 == nil {
		return
	}
	at := booked(v2).Add(-time.Hour)
	for moved := true; moved; {
		moved = false
		for i := range b.ds.Visits {
			v := &b.ds.Visits[i]
			if v.Family == g.family.id && !booked(v).After(at) && v.End().After(at) {
				at, moved = booked(v).Add(-time.Hour), true
			}
		}
	}
	b.ds.Withdrawals = append(b.ds.Withdrawals, model.Withdrawal{Family: g.family.id, At: at})
}

// booked returns when visit v was first booked.
func booked(v *model.Visit) time.Time {
	at := v.ArrangedAt
	if at.IsZero() || len(v.Reschedules) > 0 {
		at = v.Start
		if len(v.Reschedules) > 0 {
			at = v.Reschedules[0].At
		}
	}
	return at
}

// P1.no-repeat-pressure: the family declined an invitation for this year
// (for all its children) before its first one, then was invited more
// times than the policy allows.
func invitedAgainAndAgain(b *builder, g *group) {
	f := g.family
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
	year := b.ds.Year.ID
	b.ds.Invitations = append(b.ds.Invitations, model.Invitation{ID: b.invitationID(g), Family: f.id, Kind: model.FirstVisit, Year: year,
		SentAt: declined.AddDate(0, 0, -2), Plan: g.school.plan, Response: model.Declined, RespondedAt: declined})
	after := 0
	for _, inv := range b.ds.Invitations {
		if inv.Family == f.id && !inv.FromFamily() && inv.SentAt.After(declined) {
			after++
		}
	}
	for ; after <= b.ds.Policy.MaxReinvites; after++ {
		b.ds.Invitations = append(b.ds.Invitations, model.Invitation{ID: b.invitationID(g), Family: f.id, Kind: model.FirstVisit, Year: year,
			SentAt: declined.Add(time.Duration(after+1) * time.Hour), Plan: g.school.plan})
	}
}

// P1.no-mandate: a school goal requires educators to visit.
func requiredOfEducators(b *builder, g *group) {
	b.ds.Goals = append(b.ds.Goals, model.Goal{ID: model.GoalID(fmt.Sprintf("G%d-M%d", g.school.index+1, len(b.ds.Goals))),
		School: g.school.id, CoverageTarget: 0.5, RequiredOf: []model.Party{model.ByEducator}})
}

// P2.trained: a volunteer joins the first visit before their training.
func colleagueNotYetTrained(b *builder, g *group) {
	v1 := b.visit1(g)
	if v1 == nil {
		return
	}
	trained := model.DateOf(v1.Start.In(b.loc)).AddDays(1 + b.intn(20))
	b.addVisitor(v1, b.newTeacher(g.school, func(e *model.Educator) {
		e.Trainings = []model.Training{{Date: trained, Kind: model.InitialTraining}}
	}), true)
}

// P2.compensated: a teacher with no stipend joins after hours and is not
// paid.
func colleagueUnpaid(b *builder, g *group) {
	if v1 := b.visit1(g); v1 != nil {
		b.addVisitor(v1, b.newTeacher(g.school, nil), false)
	}
}

// P2.classified-eligible: the school's liaison visits unpaid; its
// teachers are paid.
func liaisonUnpaid(b *builder, g *group) {
	s := g.school
	b.educator(s.liaison).Stipends = nil
	for _, h := range s.groups {
		for _, id := range []model.VisitID{h.first, h.second} {
			v := b.visitByID(id)
			if v == nil || v.Status != model.Completed || !slices.Contains(v.Visitors, s.liaison) {
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
	}
}

// P2.refresher: the group's teacher was last trained years ago.
func refresherOverdue(b *builder, g *group) {
	last := b.ds.Year.LastDay.AddDays(-900 - b.intn(300))
	b.educator(g.teacher).Trainings = []model.Training{{Date: last, Kind: model.InitialTraining}}
}

// P3.first-visit-focus: the first visit was about something else.
func firstVisitOffTopic(b *builder, g *group) {
	if v1 := b.visit1(g); v1 != nil {
		v1.Topics = []model.Topic{{Kind: model.OtherTopic, RaisedBy: model.ByEducator}}
	}
}

// P3.first-visit-no-agenda: beside hopes and dreams, the educators raised
// academics, behavior or attendance.
func agendaOnFirstVisit(b *builder, g *group) {
	if v1 := b.visit1(g); v1 != nil {
		v1.Topics = []model.Topic{{Kind: model.HopesAndDreams, RaisedBy: model.ByEducator}, breach.Agenda(b.rnd)}
	}
}

// P3.first-visit-season: the first visit slips into December.
func firstVisitInWinter(b *builder, g *group) {
	v1 := b.visit1(g)
	if v1 == nil {
		return
	}
	b.move(v1, b.at(b.y, time.December, 2+b.intn(10), v1.Start.In(b.loc).Hour(), v1.Start.In(b.loc).Minute()))
	b.followUpAfter(g, v1)
}

// P3.second-after-first: the first visit is labelled second.
func firstLabelledSecond(b *builder, g *group) {
	if v1 := b.visit1(g); v1 != nil {
		v1.Kind = model.SecondVisit
	}
}

// P3.second-visit-offered: no second visit for the group's students, and
// no invitation to one.
func noSecondOffer(b *builder, g *group) {
	b.ds.Visits = slices.DeleteFunc(b.ds.Visits, func(v model.Visit) bool { return v.ID == g.second })
	b.ds.Invitations = slices.DeleteFunc(b.ds.Invitations, func(inv model.Invitation) bool { return inv.ID == b.secondInvitationID(g) })
	g.second = ""
}

// P3.second-visit-focus: the second visit was about hopes and dreams
// again, not academics.
func secondVisitOffTopic(b *builder, g *group) {
	if v2 := b.visit2(g); v2 != nil {
		v2.Topics = []model.Topic{{Kind: model.HopesAndDreams, RaisedBy: model.ByEducator}}
	}
}

// P3.second-visit-season: both visits in the fall: the first early in
// September, the follow-up just after it, the second in November.
func secondVisitInFall(b *builder, g *group) {
	v1, v2 := b.visit1(g), b.visit2(g)
	if v1 == nil || v2 == nil {
		return
	}
	b.move(v1, b.at(b.y, time.September, 2+b.intn(4), 16, 0))
	b.followUpAfter(g, v1)
	b.move(v2, b.at(b.y, time.November, 10+b.intn(10), 16, 0))
}

// P3.follow-up: the family never wrote back after the group's first
// visit. Its notes about its other children were addressed to their own
// teachers, so they do not count for this student.
func followUpOneWay(b *builder, g *group) {
	if len(g.messages) < 2 {
		return
	}
	back := g.messages[1]
	b.ds.Communications = slices.DeleteFunc(b.ds.Communications, func(c model.Communication) bool { return c.ID == back })
	g.messages = g.messages[:1]
	for _, h := range g.family.groups {
		for _, id := range h.messages {
			if c := b.message(id); c != nil && h != g && c.Educator == "" {
				c.Educator = h.teacher
			}
		}
	}
}

// P3.duration: ten minutes.
func visitTooShort(b *builder, g *group) {
	if v1 := b.visit1(g); v1 != nil {
		v1.Duration = model.Duration(10 * time.Minute)
	}
}

// P3.location: the educators asked the family to come in to school; a
// public place would have been fine whoever suggested it.
func atSchoolForEducators(b *builder, g *group) {
	if v1 := b.visit1(g); v1 != nil {
		v1.Location = model.Location{Kind: model.AtSchool, RequestedBy: model.ByEducator}
	}
}

// P4.selection-criteria: attendance recorded as a criterion.
func chosenByAttendance(b *builder, g *group) {
	if inv := b.invitationByID(g.invitation); inv != nil {
		inv.Criteria = append(inv.Criteria, breach.Criterion)
	}
}

// P4.cross-section: only the school's English learners are invited, and
// visited.
func onlyEnglishLearners(b *builder, g *group) {
	out := map[model.FamilyID]bool{}
	for _, st := range b.ds.Students {
		if st.School == g.school.id && st.Attributes["ell"] != "yes" {
			out[st.Family] = true
		}
	}
	for _, h := range g.school.groups {
		if !out[h.family.id] {
			continue
		}
		drop := []string{string(h.invitation), string(h.first), string(h.second), string(b.secondInvitationID(h))}
		for _, id := range h.messages {
			drop = append(drop, string(id))
		}
		b.ds.Invitations = slices.DeleteFunc(b.ds.Invitations, func(inv model.Invitation) bool { return slices.Contains(drop, string(inv.ID)) })
		b.ds.Visits = slices.DeleteFunc(b.ds.Visits, func(v model.Visit) bool { return slices.Contains(drop, string(v.ID)) })
		b.ds.Communications = slices.DeleteFunc(b.ds.Communications, func(c model.Communication) bool { return slices.Contains(drop, string(c.ID)) })
		h.first, h.second, h.invitation, h.messages = "", "", "", nil
	}
}

// P5.pair: the partner dropped out of the second visit at the last
// minute, and the teacher (the first visitor) went alone. Sometimes an
// interpreter came along: interpreters do not count toward the pair, so a
// checker that counts them misses this.
func partnerDroppedOut(b *builder, g *group) {
	v := b.visit2(g)
	if v == nil {
		v = b.visit1(g)
	}
	if v == nil {
		return
	}
	breach.Solo(v)
	if b.rnd.IntN(2) == 0 {
		v.Interpreters = append(v.Interpreters, model.Interpreter{ID: "INT-" + model.InterpreterID(v.ID)})
	}
}

// P5.group-size: more educators than the policy allows.
func crowdedVisit(b *builder, g *group) {
	v1 := b.visit1(g)
	if v1 == nil {
		return
	}
	for len(v1.Visitors) <= b.ds.Policy.MaxGroupSize {
		b.addVisitor(v1, b.newTeacher(g.school, nil), true)
	}
}

// P5.teacher-on-visit: a colleague who teaches none of the family's
// children goes instead of their teacher.
func noTeacherOnVisit(b *builder, g *group) {
	v1 := b.visit1(g)
	if v1 == nil || !slices.Contains(v1.Visitors, g.teacher) {
		return
	}
	taught := map[model.EducatorID]bool{}
	for _, st := range b.ds.Students {
		if st.Family == g.family.id {
			for _, e := range st.Teachers {
				taught[e] = true
			}
			for _, c := range st.Classes {
				taught[g.school.teacherOf(c)] = true
			}
		}
	}
	for _, c := range g.family.children {
		taught[c.teacher] = true
	}
	for _, e := range g.school.teachers {
		if !taught[e] && !slices.Contains(v1.Visitors, e) {
			b.replaceVisitor(v1, g.teacher, e)
			return
		}
	}
	b.replaceVisitor(v1, g.teacher, b.newTeacher(g.school, nil))
}

// P5.reflection: the visitors did not reflect together in time — the
// reflection came a day after the window closed, or only one of the pair
// recorded it, or the teacher recorded it with someone who was not there.
func reflectionMissed(b *builder, g *group) {
	v1 := b.visit1(g)
	if v1 == nil || v1.Reflection == nil {
		return
	}
	switch b.intn(3) {
	case 0:
		v1.Reflection.At = b.ds.Policy.ReflectWithin.After(v1.End().In(b.loc)).Add(24 * time.Hour)
	case 1:
		v1.Reflection.By = []model.EducatorID{v1.Visitors[0]}
	default:
		v1.Reflection.By = []model.EducatorID{v1.Visitors[0], g.school.principal}
	}
}

// P5.bias-reflection: the reflection skipped the visitors' assumptions.
func biasSkipped(b *builder, g *group) {
	if v1 := b.visit1(g); v1 != nil && v1.Reflection != nil {
		v1.Reflection.CoveredBias = ptr(false)
	}
}

// P5.language: the family speaks Vietnamese, which no school teaches and
// no visitor speaks; no interpreter came to the group's first visit. Its
// other visits had one.
func languageNotCovered(b *builder, g *group) {
	v1 := b.visit1(g)
	if v1 == nil {
		return
	}
	fam := b.familyRecord(g.family.id)
	fam.Languages, fam.NeedsInterpreter = []model.Language{"vi"}, true
	g.family.language = "vi"
	v1.Interpreters = nil
	for i := range b.ds.Visits {
		if v := &b.ds.Visits[i]; v.Family == g.family.id && v.ID != v1.ID && v.Status == model.Completed && !b.covered(v, "vi") {
			v.Interpreters = append(v.Interpreters, model.Interpreter{ID: model.InterpreterID("INT-" + string(g.family.id)), Languages: []model.Language{"vi"}})
		}
	}
}

// P5.pair-variety: every pair of the school is a teacher and the liaison.
func onePairType(b *builder, g *group) {
	s := g.school
	for _, h := range s.groups {
		for _, id := range []model.VisitID{h.first, h.second} {
			v := b.visitByID(id)
			if v == nil {
				continue
			}
			for _, e := range slices.Clone(v.Visitors) {
				if e != h.teacher && e != s.liaison {
					b.replaceVisitor(v, e, s.liaison)
				}
			}
		}
	}
}

// R.school-coordinator: the school names no coordinator.
func noSchoolCoordinator(b *builder, g *group) { b.schoolRecord(g.school.id).Coordinator = "" }

// R.coordinator-not-principal: the principal coordinates.
func principalCoordinates(b *builder, g *group) {
	b.schoolRecord(g.school.id).Coordinator = g.school.principal
}

// R.district-coordinator: the district names none.
func noDistrictCoordinator(b *builder, g *group) { b.ds.District.Coordinator = "" }

// R.school-celebration: the school held no event.
func noCelebration(b *builder, g *group) {
	b.ds.Events = slices.DeleteFunc(b.ds.Events, func(e model.Event) bool { return e.School == g.school.id })
}

// R.district-event: the district held none.
func noDistrictEvent(b *builder, g *group) {
	b.ds.Events = slices.DeleteFunc(b.ds.Events, func(e model.Event) bool { return e.Level == model.DistrictLevel })
}

// R.tracking: the first visit names no student.
func studentsNotNamed(b *builder, g *group) {
	if v1 := b.visit1(g); v1 != nil {
		v1.Students = nil
	}
}

// L.sequence: a reflection dated before the visit it reflects on.
func reflectionBeforeVisit(b *builder, g *group) {
	if v1 := b.visit1(g); v1 != nil && v1.Reflection != nil {
		v1.Reflection.At = v1.Start.Add(-time.Hour)
	}
}

// Record lookups by id (internal/byid); nil when absent (a mutation may
// have removed it).

func (b *builder) visitByID(id model.VisitID) *model.Visit { return byid.Visit(b.ds, id) }

// visit1 returns the group's first visit if it took place.
func (b *builder) visit1(g *group) *model.Visit {
	if v := b.visitByID(g.first); v != nil && v.Status == model.Completed {
		return v
	}
	return nil
}

// visit2 returns the group's second visit if it took place.
func (b *builder) visit2(g *group) *model.Visit {
	if v := b.visitByID(g.second); v != nil && v.Status == model.Completed {
		return v
	}
	return nil
}

func (b *builder) invitationByID(id model.InvitationID) *model.Invitation {
	return byid.Invitation(b.ds, id)
}

func (b *builder) message(id model.CommunicationID) *model.Communication {
	return byid.Communication(b.ds, id)
}

func (b *builder) familyRecord(id model.FamilyID) *model.Family {
	return must(byid.Family(b.ds, id), "family", string(id))
}

func (b *builder) schoolRecord(id model.SchoolID) *model.School {
	return must(byid.School(b.ds, id), "school", string(id))
}

// must returns r, the builder's own record of the given kind and id: nil
// is a bug of the builder, not of the code under test.
func must[T any](r *T, kind, id string) *T {
	if r == nil {
		panic("practicestest: no " + kind + " " + id)
	}
	return r
}

func (s *school) teacherOf(c model.ClassID) model.EducatorID {
	for e, id := range s.classes {
		if id == c {
			return e
		}
	}
	return ""
}

func (b *builder) invitationID(g *group) model.InvitationID {
	for n := len(b.ds.Invitations); ; n++ {
		id := model.InvitationID(fmt.Sprintf("I%d-%s-x%d", g.school.index+1, g.family.id, n))
		if b.invitationByID(id) == nil {
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
	if v.Reflection != nil && len(v.Reflection.By) > 0 {
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

// followUpAfter dates the group's messages just after visit v.
func (b *builder) followUpAfter(g *group, v *model.Visit) {
	for k, id := range g.messages {
		if c := b.message(id); c != nil {
			c.At = v.End().Add(time.Duration(24*(k+1)) * time.Hour)
		}
	}
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
