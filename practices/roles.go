package practices

import "github.com/homevisits/pthv/model"

// R — roles and culture. RTI: "Successful implementation of PTHV at school
// requires coordination of multiple staff, including the principal, school
// PTHV coordinator, parent engagement liaisons, and the district PTHV
// coordinator."
func roleRules() []Rule {
	return []Rule{
		{ID: "R.school-coordinator", Practice: "R", Severity: Advisory, Unit: SchoolYearUnit, Due: DueWhenRecorded,
			Title:      "the school names a PTHV coordinator",
			Source:     "RTI: \"School PTHV coordinator: This is the school point person for PTHV.\"",
			judgeUnits: judgeSchoolCoordinator},
		{ID: "R.coordinator-not-principal", Practice: "R", Severity: Advisory, Unit: SchoolYearUnit, Due: DueWhenRecorded,
			Title:      "the school's coordinator is not the principal",
			Source:     "RTI: \"School principals should not serve as school PTHV coordinators.\"",
			judgeUnits: judgeCoordinatorNotPrincipal},
		{ID: "R.district-coordinator", Practice: "R", Severity: Advisory, Unit: DistrictYearUnit, Due: DueWhenRecorded,
			Title:      "the district names a PTHV coordinator",
			Source:     "RTI: \"District PTHV coordinator: This person is the main advocate and administrator of the program.\"",
			judgeUnits: judgeDistrictCoordinator},
		{ID: "R.school-celebration", Practice: "R", Severity: Advisory, Unit: SchoolYearUnit, Due: DueEndOfYear,
			Title:      "the school held at least one celebration or visibility event elevating families' voices",
			Source:     "RTI: \"Schools should organize at least one event to highlight and celebrate the home visit practice … and make sure that the voices and experiences of families are elevated.\"",
			judgeUnits: judgeSchoolCelebration},
		{ID: "R.district-event", Practice: "R", Severity: Advisory, Unit: DistrictYearUnit, Due: DueEndOfYear,
			Title:      "the district held at least one visibility event",
			Source:     "RTI: \"The district PTHV coordinator should organize at least one event during the year to raise the visibility of the program.\"",
			judgeUnits: judgeDistrictEvent},
		{ID: "R.tracking", Practice: "R", Severity: Advisory, Unit: VisitUnit, Due: DueWhenRecorded,
			Title:      "the visit names its students, so the school can see who has had a visit",
			Source:     "RTI: \"develop tracking systems that educators can use to track if certain students received home visits\".",
			judgeVisit: tracking},
	}
}

// schoolUnits judges every school by fn.
func (r *run) schoolUnits(rule int, fn func(s int, school *model.School) verdict) {
	for s, sid := range r.schools {
		sc, _ := r.x.School(sid)
		r.unit(rule, SchoolYearUnit, []int32{int32(s)}, fn(s, sc))
	}
}

func judgeSchoolCoordinator(r *run, rule int) {
	r.schoolUnits(rule, func(_ int, school *model.School) verdict {
		if school.Coordinator != "" {
			return pass()
		}
		return fail("School %s names no PTHV coordinator, the school's point person for home visits", school.ID).
			on(model.Date{}, string(school.ID))
	})
}

func judgeCoordinatorNotPrincipal(r *run, rule int) {
	r.schoolUnits(rule, func(_ int, school *model.School) verdict {
		e, ok := r.x.Educator(school.Coordinator)
		switch {
		case school.Coordinator == "" || !ok:
			return notAssessed()
		case e.Position == model.Principal:
			return fail("School %s's PTHV coordinator is its principal (%s); principals' time is too short for the role", school.ID, e.ID).
				on(model.Date{}, string(school.ID), string(e.ID))
		}
		return pass()
	})
}

func judgeDistrictCoordinator(r *run, rule int) {
	v := pass()
	if r.ds.District.Coordinator == "" {
		v = fail("District %s names no PTHV coordinator, the main advocate and administrator of the program", r.ds.District.ID).
			on(model.Date{}, string(r.ds.District.ID))
	}
	r.unit(rule, DistrictYearUnit, nil, v)
}

// judgeSchoolCelebration: at least one school event that celebrated home
// visits and elevated families' voices, judged at the end of the year.
func judgeSchoolCelebration(r *run, rule int) {
	events := make([]int, r.cols())
	voices := make([]int, r.cols())
	for _, e := range r.ds.Events {
		if e.Level != model.SchoolLevel || !visibilityEvent(e) || r.future(e.Date) || !r.ds.Year.Contains(e.Date) {
			continue
		}
		s := r.schoolOf(e.School)
		events[s]++
		if e.FamilyVoices {
			voices[s]++
		}
	}
	r.schoolUnits(rule, func(s int, school *model.School) verdict {
		switch {
		case voices[s] > 0:
			return pass()
		case !r.endOfYear():
			return notYetDue()
		case events[s] > 0:
			return fail("School %s held %d home-visit event(s) but none recorded families' voices", school.ID, events[s]).
				on(r.ds.Year.LastDay, string(school.ID))
		}
		return fail("School %s held no event to celebrate its home visits this year", school.ID).
			on(r.ds.Year.LastDay, string(school.ID))
	})
}

func judgeDistrictEvent(r *run, rule int) {
	v := fail("District %s held no event to raise the visibility of home visits this year", r.ds.District.ID).
		on(r.ds.Year.LastDay, string(r.ds.District.ID))
	for _, e := range r.ds.Events {
		if e.Level == model.DistrictLevel && visibilityEvent(e) && !r.future(e.Date) && r.ds.Year.Contains(e.Date) {
			v = pass()
			break
		}
	}
	if v.outcome == failed && !r.endOfYear() {
		v = notYetDue()
	}
	r.unit(rule, DistrictYearUnit, nil, v)
}

// visibilityEvent reports whether an event celebrates or makes visible the
// home visits: a reflection meetup of educators is neither.
func visibilityEvent(e model.Event) bool {
	return e.Kind == model.Celebration || e.Kind == model.Visibility
}

// tracking: R.tracking — the visit names its students, so schools can see
// who has had a visit.
func tracking(c *visitCtx) verdict {
	if len(c.v.Students) > 0 {
		return pass()
	}
	return fail("Visit %s on %s names no student; record who was visited so the school can track it", c.v.ID, c.date)
}
