package practices

import "github.com/homevisits/pthv/model"

// R — roles and culture. RTI: "Successful implementation of PTHV at school
// requires coordination of multiple staff, including the principal, school
// PTHV coordinator, parent engagement liaisons, and the district PTHV
// coordinator."

func judgeSchoolCoordinator(r *run) {
	rule := r.rule("R.school-coordinator")
	for s, school := range r.ds.Schools {
		if school.Coordinator != "" {
			r.pass(rule, s)
			continue
		}
		r.find(rule, s, "", model.Date{}, []string{string(school.ID)},
			"School %s names no PTHV coordinator, the school's point person for home visits", school.ID)
	}
}

func judgeCoordinatorNotPrincipal(r *run) {
	rule := r.rule("R.coordinator-not-principal")
	for s, school := range r.ds.Schools {
		e, ok := r.x.Educator(school.Coordinator)
		switch {
		case school.Coordinator == "" || !ok:
			r.na(rule, s)
		case e.Position == model.Principal:
			r.find(rule, s, "", model.Date{}, []string{string(school.ID), string(e.ID)},
				"School %s's PTHV coordinator is its principal (%s); principals' time is too short for the role", school.ID, e.ID)
		default:
			r.pass(rule, s)
		}
	}
}

func judgeDistrictCoordinator(r *run) {
	rule := r.rule("R.district-coordinator")
	d := r.district()
	if r.ds.District.Coordinator != "" {
		r.pass(rule, d)
		return
	}
	r.find(rule, d, "", model.Date{}, []string{string(r.ds.District.ID)},
		"District %s names no PTHV coordinator, the main advocate and administrator of the program", r.ds.District.ID)
}

// judgeSchoolCelebration: at least one school event that celebrated home
// visits and elevated families' voices, judged at the end of the year.
func judgeSchoolCelebration(r *run) {
	rule := r.rule("R.school-celebration")
	events := make([]int, len(r.schools)+1)
	voices := make([]int, len(r.schools)+1)
	for _, e := range r.ds.Events {
		if e.Level != model.SchoolLevel || r.future(e.Date) {
			continue
		}
		s := r.schoolOf(e.School)
		events[s]++
		if e.FamilyVoices {
			voices[s]++
		}
	}
	for s, sid := range r.schools {
		switch {
		case voices[s] > 0:
			r.pass(rule, s)
		case !r.endOfYear():
			r.pending(rule, s)
		case events[s] > 0:
			r.find(rule, s, "", r.ds.Year.LastDay, []string{string(sid)},
				"School %s held %d home-visit event(s) but none recorded families' voices", sid, events[s])
		default:
			r.find(rule, s, "", r.ds.Year.LastDay, []string{string(sid)},
				"School %s held no event to celebrate its home visits this year", sid)
		}
	}
}

func judgeDistrictEvent(r *run) {
	rule := r.rule("R.district-event")
	d := r.district()
	for _, e := range r.ds.Events {
		if e.Level == model.DistrictLevel && !r.future(e.Date) {
			r.pass(rule, d)
			return
		}
	}
	if !r.endOfYear() {
		r.pending(rule, d)
		return
	}
	r.find(rule, d, "", r.ds.Year.LastDay, []string{string(r.ds.District.ID)},
		"District %s held no event to raise the visibility of home visits this year", r.ds.District.ID)
}

// tracking: R.tracking — the visit names its students, so schools can see
// who has had a visit.
func tracking(b *booking) (outcome, string) {
	if len(b.v.Students) > 0 {
		return passed, ""
	}
	return failed, "Visit " + string(b.v.ID) + " on " + b.date.String() + " names no student; record who was visited so the school can track it"
}
