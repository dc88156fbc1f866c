package synth_test

import (
	"slices"
	"time"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/selection"
)

// detect counts, per rule id, the breaches of RULES.md that the records of
// ds show as of the end of the year, read directly from the records and
// independently of package practices: per student for the P3 lifecycle,
// answers for the school year and the students they cover for consent,
// reflections by at least two visitors or by no one recorded. It covers
// every rule synth can break, advisories included, and judges each visit
// as RULES.md does; P5.pair-variety and L.sequence are left to coherent.
// A breach a rule implies (a solo visit's reflection) counts only under
// the rule that implies it.
func detect(ds *model.Dataset) map[string]int {
	x := model.NewIndex(ds)
	d := &detector{ds: ds, x: x, loc: ds.Calendar.Location(), found: map[string]int{}}
	for i := range ds.Visits {
		if v := &ds.Visits[i]; v.Status == model.Completed && d.thisYear(v.Start) {
			d.visit(v)
		}
	}
	for i := range ds.Families {
		d.family(&ds.Families[i])
	}
	d.people()
	d.selection()
	return d.found
}

type detector struct {
	ds    *model.Dataset
	x     *model.Index
	loc   *time.Location
	found map[string]int
}

func (d *detector) thisYear(t time.Time) bool {
	return d.ds.Year.Contains(model.DateOf(t.In(d.loc)))
}

func (d *detector) season(t time.Time) model.Season {
	return d.ds.Calendar.Season(d.ds.Year, model.DateOf(t.In(d.loc)))
}

// visit judges the visit rules of one completed visit of the year.
func (d *detector) visit(v *model.Visit) {
	ds, x, pol := d.ds, d.x, d.ds.Policy
	day := model.DateOf(v.Start.In(d.loc))
	if len(v.Visitors) < 2 {
		d.found["P5.pair"]++
	}
	if len(v.Visitors) > pol.MaxGroupSize {
		d.found["P5.group-size"]++
	}
	switch {
	case v.ArrangedAt.IsZero():
		// Not recorded: not assessable.
	case !v.ArrangedAt.Before(v.Start):
		d.found["P1.arranged-in-advance"]++
	case v.Start.Sub(v.ArrangedAt) < time.Duration(pol.MinNotice):
		d.found["P1.notice"]++
	}
	if len(v.Students) == 0 {
		d.found["R.tracking"]++
	}
	for _, id := range v.Visitors {
		e, _ := x.Educator(id)
		if !e.OptedIn(ds.Year.ID) {
			d.found["P1.educator-consent"]++
		}
		if _, ok := e.TrainedBy(day); !ok {
			d.found["P2.trained"]++
		}
	}
	standing, _ := model.ConsentFor(x.ConsentHistory(v.Family), ds.Year.ID, v.Students, v.Start)
	if standing != model.Accepted {
		d.found["P1.family-consent"]++
	}
	if standing == model.Declined {
		d.found["P1.declined-respected"]++
	}
	if dur := time.Duration(v.Duration); dur != 0 && (dur < time.Duration(pol.DurationFindingMin) || dur > time.Duration(pol.DurationFindingMax)) {
		d.found["P3.duration"]++
	}
	switch l := v.Location; l.Kind {
	case model.Home, model.Library, model.Park, model.Cafe, "":
	default:
		if l.RequestedBy != model.ByFamily && l.RequestedBy != "" {
			d.found["P3.location"]++
		}
	}

	if len(v.Visitors) >= 2 {
		if r := v.Reflection; r == nil || r.At.After(pol.ReflectWithin.After(v.End().In(d.loc))) {
			d.found["P5.reflection"]++
		} else if n := countIn(r.By, v.Visitors); len(r.By) > 0 && n < 2 {
			d.found["P5.reflection"]++
		}
	}
	if r := v.Reflection; r != nil && r.CoveredBias != nil && !*r.CoveredBias {
		d.found["P5.bias-reflection"]++
	}
	for _, c := range v.Compensation {
		e, _ := x.Educator(c.Educator)
		_, stipend := e.StipendFor(ds.Year.ID)
		paid := c.Stipend || stipend || (c.AmountCents > 0 && c.Source != "")
		if e.Role == model.Certificated && c.MinutesOutside > 0 && !paid {
			d.found["P2.compensated"]++
		}
	}
	if len(v.Students) > 0 && !d.teacherOn(v) {
		d.found["P5.teacher-on-visit"]++
	}
	if !d.languageCovered(v) {
		d.found["P5.language"]++
	}
}

func countIn(ids, of []model.EducatorID) int {
	n := 0
	for _, id := range ids {
		if slices.Contains(of, id) {
			n++
		}
	}
	return n
}

// teachers returns a student's teachers of record and of its classes.
func (d *detector) teachers(st *model.Student) []model.EducatorID {
	out := slices.Clone(st.Teachers)
	for _, c := range st.Classes {
		if cl, ok := d.x.Class(c); ok {
			out = append(out, cl.Teachers...)
		}
	}
	return out
}

func (d *detector) teacherOn(v *model.Visit) bool {
	for _, s := range v.Students {
		st, _ := d.x.Student(s)
		if slices.ContainsFunc(d.teachers(st), func(e model.EducatorID) bool { return slices.Contains(v.Visitors, e) }) {
			return true
		}
	}
	return false
}

// languageCovered: P5.language as RULES.md words it, with the languages
// of instruction of the schools of the students the visit names.
func (d *detector) languageCovered(v *model.Visit) bool {
	fam, _ := d.x.Family(v.Family)
	if len(fam.Languages) == 0 {
		return true // not assessable
	}
	var taught []model.Language
	schools := map[model.SchoolID]bool{}
	for _, s := range v.Students {
		st, _ := d.x.Student(s)
		schools[st.School] = true
	}
	if len(v.Students) == 0 {
		for _, st := range d.x.StudentsOf(v.Family) {
			schools[st.School] = true
		}
	}
	for id := range schools {
		sc, _ := d.x.School(id)
		taught = append(taught, model.InstructionLanguages(d.ds.District, sc)...)
	}
	need := fam.NeedsInterpreter
	if !slices.ContainsFunc(fam.Languages, func(l model.Language) bool { return slices.Contains(taught, l) }) {
		need = true
	}
	if !need {
		return true
	}
	for _, l := range fam.Languages {
		if slices.Contains(taught, l) {
			continue
		}
		for _, id := range v.Visitors {
			if e, _ := d.x.Educator(id); e.Speaks(l) {
				return true
			}
		}
		for _, in := range v.Interpreters {
			if slices.Contains(in.Languages, l) {
				return true
			}
		}
	}
	return false
}

// family judges a family's year: the per-student lifecycle (P3) and
// P1.no-repeat-pressure.
func (d *detector) family(f *model.Family) {
	ds, x := d.ds, d.x
	var students []model.StudentID
	for _, st := range x.StudentsOf(f.ID) {
		students = append(students, st.ID)
	}
	var completed []*model.Visit
	all := x.VisitsOf(f.ID)
	for _, v := range all {
		if v.Status == model.Completed && d.thisYear(v.Start) {
			completed = append(completed, v)
		}
	}
	l := model.NewLifecycle(students, completed)
	for i, v := range l.Visits {
		switch l.Places[i].Ordinal() {
		case 1:
			d.firstVisit(v)
		case 2:
			d.secondVisit(v)
		}
		if v.Kind == model.SecondVisit && l.Places[i].Ordinal() != 2 {
			earlier := false
			for j := range i {
				for _, k := range l.Keys {
					if model.Concerns(v, k) && model.Concerns(l.Visits[j], k) {
						earlier = true
					}
				}
			}
			if !earlier {
				d.found["P3.second-after-first"]++
			}
		}
	}
	var msgs []*model.Communication
	for _, i := range indexview.FamilyRecordsAt(x, mustPosition(x, f.ID)).Communications {
		msgs = append(msgs, &ds.Communications[i])
	}
	invs := x.InvitationsOf(f.ID)
	for k, key := range l.Keys {
		if l.First[k] < 0 {
			continue
		}
		first := l.Visits[l.First[k]]
		// Offered a second visit by the end of spring: a later visit
		// concerning the student, or a second-visit invitation naming it
		// or no one.
		offered := false
		for _, v := range all {
			offered = offered || (v.Start.After(first.Start) && model.Concerns(v, key) && v.ID != first.ID)
		}
		for _, inv := range invs {
			if inv.Kind == model.SecondVisit && (len(inv.Students) == 0 || key == "" || slices.Contains(inv.Students, key)) &&
				!model.DateOf(inv.SentAt.In(d.loc)).After(ds.Year.LastDay) {
				offered = true
			}
		}
		if !offered {
			d.found["P3.second-visit-offered"]++
		}
		// Two-way follow-up between the first and second visit, with the
		// student's teachers or the first visit's visitors.
		until := ds.Year.LastDay.AddDays(1).In(d.loc, 0)
		if l.Second[k] >= 0 {
			until = l.Visits[l.Second[k]].Start
		}
		var counts []model.EducatorID
		counts = append(counts, first.Visitors...)
		if key != "" {
			st, _ := x.Student(key)
			counts = append(counts, d.teachers(st)...)
		}
		var out, in bool
		for _, m := range msgs {
			if !m.At.After(first.End()) || !m.At.Before(until) {
				continue
			}
			if m.Educator != "" && !slices.Contains(counts, m.Educator) {
				continue
			}
			out = out || m.Direction == model.SchoolToFamily
			in = in || m.Direction == model.FamilyToSchool
		}
		if !out || !in {
			d.found["P3.follow-up"]++
		}
	}
	d.reinvites(invs)
}

func mustPosition(x *model.Index, f model.FamilyID) int {
	k, _ := indexview.FamilyPosition(x, f)
	return k
}

func (d *detector) firstVisit(v *model.Visit) {
	focus := false
	for _, tp := range v.Topics {
		focus = focus || tp.Kind == model.HopesAndDreams || tp.Kind == model.Relationship
		if tp.Kind.Agenda() && tp.RaisedBy == model.ByEducator {
			d.found["P3.first-visit-no-agenda"]++
		}
	}
	if len(v.Topics) > 0 && !focus {
		d.found["P3.first-visit-focus"]++
	}
	if s := d.season(v.Start); s != model.Summer && s != model.Fall {
		d.found["P3.first-visit-season"]++
	}
}

func (d *detector) secondVisit(v *model.Visit) {
	focus := false
	for _, tp := range v.Topics {
		focus = focus || tp.Kind == model.Academics || tp.Kind == model.FamilyRaisedConcern
	}
	if len(v.Topics) > 0 && (!focus || v.ReferencesFirst != nil && !*v.ReferencesFirst) {
		d.found["P3.second-visit-focus"]++
	}
	if s := d.season(v.Start); s != model.Winter && s != model.Spring {
		d.found["P3.second-visit-season"]++
	}
}

// reinvites: at most MaxReinvites new invitations of the year after an
// explicit decline, counting those that cover a student the decline
// covers (RULES.md, P1: an answer covers the students its invitation
// names).
func (d *detector) reinvites(invs []*model.Invitation) {
	ds := d.ds
	year := func(inv *model.Invitation) model.SchoolYearID {
		return ds.Year.YearOf(inv.Year, inv.SentAt, d.loc)
	}
	covers := func(a, b []model.StudentID) bool {
		return len(a) == 0 || len(b) == 0 || slices.ContainsFunc(a, func(s model.StudentID) bool { return slices.Contains(b, s) })
	}
	for _, dec := range invs {
		if dec.Answer() != model.Declined || year(dec) != ds.Year.ID {
			continue
		}
		after := 0
		for _, inv := range invs {
			if inv.FromFamily() || year(inv) != ds.Year.ID || !inv.SentAt.After(dec.RespondedAt) || !covers(dec.Students, inv.Students) {
				continue
			}
			after++
		}
		if after > ds.Policy.MaxReinvites {
			d.found["P1.no-repeat-pressure"]++
		}
	}
}

// people judges the school-year, educator-year and district-year rules.
func (d *detector) people() {
	ds, x := d.ds, d.x
	for _, e := range ds.Educators {
		if !e.OptedIn(ds.Year.ID) {
			continue
		}
		if last, ok := e.LastTrainedBy(ds.Year.LastDay); ok && ds.Year.LastDay.DaysSince(last) > int(ds.Policy.RefresherAfter) {
			d.found["P2.refresher"]++
		}
	}
	for _, s := range ds.Schools {
		switch e, ok := x.Educator(s.Coordinator); {
		case !ok:
			d.found["R.school-coordinator"]++
		case e.Position == model.Principal:
			d.found["R.coordinator-not-principal"]++
		}
		voices := false
		for _, ev := range ds.Events {
			voices = voices || (ev.School == s.ID && ev.FamilyVoices)
		}
		if !voices {
			d.found["R.school-celebration"]++
		}
	}
	if ds.District.Coordinator == "" {
		d.found["R.district-coordinator"]++
	}
	if !slices.ContainsFunc(ds.Events, func(ev model.Event) bool { return ev.Level == model.DistrictLevel }) {
		d.found["R.district-event"]++
	}
	for _, g := range ds.Goals {
		if g.Mandatory() {
			d.found["P1.no-mandate"]++
		}
	}
}

// selection judges P4: plans' keys, and the invited and visited families
// of each plan against its scope's population (family requests, second
// visits and other years' invitations are not audited).
func (d *detector) selection() {
	ds, x := d.ds, d.x
	th := selection.ThresholdsFrom(ds.Policy)
	visitedTh := th
	visitedTh.AdvisoryOnly = true
	for _, p := range ds.Plans {
		bad := false
		for _, k := range p.Criteria {
			bad = bad || !selection.IsScopeKey(k)
		}
		for k := range p.Scope {
			bad = bad || !selection.IsScopeKey(k)
		}
		if bad {
			d.found["P4.selection-criteria"]++
			continue
		}
		sc, err := selection.ScopeFromMap(p.Scope)
		if err != nil {
			continue
		}
		if p.School != "" {
			sc.Schools = []model.SchoolID{p.School}
		}
		pop, err := selection.PopulationOf(x, sc)
		if err != nil {
			continue
		}
		var invited, visited []model.FamilyID
		for _, inv := range ds.Invitations {
			if inv.Plan == p.ID && !inv.FromFamily() && inv.Kind != model.SecondVisit && ds.Year.YearOf(inv.Year, inv.SentAt, d.loc) == ds.Year.ID {
				invited = append(invited, inv.Family)
			}
		}
		// Visited: a completed visit of the year named one of the
		// family's students in scope, or no one.
		for _, v := range ds.Visits {
			if v.Status != model.Completed || !d.thisYear(v.Start) || !pop.Contains(v.Family) {
				continue
			}
			in := pop.Students(v.Family)
			if len(v.Students) == 0 || slices.ContainsFunc(v.Students, func(s model.StudentID) bool { return slices.Contains(in, s) }) {
				visited = append(visited, v.Family)
			}
		}
		var attrs []string
		for _, a := range pop.Attributes() {
			if !selection.IsScopeKey(a) {
				attrs = append(attrs, a)
			}
		}
		if a, err := selection.Audit(pop, invited, attrs, th); err == nil && a.Chosen < pop.Len() && a.Verdict != selection.OK && a.Verdict != selection.NotAssessable {
			d.found["P4.cross-section"]++
		}
		if a, err := selection.Audit(pop, visited, attrs, visitedTh); err == nil && a.Chosen < pop.Len() && a.Verdict != selection.OK && a.Verdict != selection.NotAssessable {
			d.found["P4.cross-section (visited)"]++
		}
	}
}
