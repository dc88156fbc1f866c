package model

import (
	"fmt"
	"math"
	"time"
)

// Validate checks that ds is structurally sound: a pthv/v1 document with a
// district, school year and calendar; ids present and unique within each
// kind; every reference resolving; dates, enums and numbers well-formed;
// durations and amounts not negative. It does not judge practice — a solo
// visit or a visit with no student is valid data. The error is a
// [ValidationErrors] listing every problem.
func (ds *Dataset) Validate() error {
	if errs := ds.validate(); len(errs) > 0 {
		return errs
	}
	return nil
}

type checker struct {
	errs    ValidationErrors
	section string
	index   int
	record  string
}

func (c *checker) at(section string, index int, record string) {
	c.section, c.index, c.record = section, index, record
}

func (c *checker) fail(field string, err error) {
	c.errs = append(c.errs, &RecordError{Record: c.record, Field: field, Err: err, section: c.section, index: c.index})
}

func (c *checker) need(field string, ok bool) {
	if !ok {
		c.fail(field, ErrMissing)
	}
}

func (c *checker) check(field string, ok bool, format string, args ...any) {
	if !ok {
		c.fail(field, invalid(format, args...))
	}
}

// ref checks that a non-empty id names a record in set.
func ref[ID ~string](c *checker, field string, id ID, set map[ID]int, kind string) {
	if id == "" {
		return
	}
	if _, ok := set[id]; !ok {
		c.fail(field, fmt.Errorf("%w: no %s %q", ErrDangling, kind, string(id)))
	}
}

func refs[ID ~string](c *checker, field string, ids []ID, set map[ID]int, kind string) {
	for i, id := range ids {
		if id == "" {
			c.fail(fmt.Sprintf("%s[%d]", field, i), ErrMissing)
			continue
		}
		ref(c, fmt.Sprintf("%s[%d]", field, i), id, set, kind)
	}
}

// index builds the id → position map of one section, reporting empty and
// duplicate ids.
func index[T any, ID ~string](c *checker, section string, items []T, id func(*T) ID) map[ID]int {
	m := make(map[ID]int, len(items))
	kind := singular(section)
	for i := range items {
		v := id(&items[i])
		c.at(section, i, fmt.Sprintf("%s %q", kind, string(v)))
		if v == "" {
			c.record = fmt.Sprintf("%s[%d]", section, i)
			c.fail("id", ErrMissing)
			continue
		}
		if first, dup := m[v]; dup {
			c.fail("id", fmt.Errorf("%w: also %s[%d]", ErrDuplicateID, section, first))
			continue
		}
		m[v] = i
	}
	return m
}

func recordName[ID ~string](section string, i int, id ID) string {
	if id == "" {
		return fmt.Sprintf("%s[%d]", section, i)
	}
	return fmt.Sprintf("%s %q", singular(section), string(id))
}

func (c *checker) hours(field string, h *Hours) {
	if h != nil {
		c.check(field, h.Start < h.End, "start %s must be before end %s", h.Start, h.End)
	}
}

func (c *checker) windows(field string, ws []Window) {
	for i, w := range ws {
		f := fmt.Sprintf("%s[%d]", field, i)
		c.check(f, w.Weekday >= time.Sunday && w.Weekday <= time.Saturday, "weekday %d: want 0 (Sunday) to 6", int(w.Weekday))
		c.check(f, w.Start < w.End, "start %s must be before end %s", w.Start, w.End)
	}
}

func (c *checker) share(field string, x float64) {
	c.check(field, !math.IsNaN(x) && x >= 0 && x <= 1, "%v: want a share from 0 to 1", x)
}

func (ds *Dataset) validate() ValidationErrors {
	c := &checker{}

	c.at("district", -1, "district")
	c.need("id", ds.District.ID != "")

	c.at("year", -1, "year")
	y := ds.Year
	c.need("id", y.ID != "")
	c.need("first_day", !y.FirstDay.IsZero())
	c.need("last_day", !y.LastDay.IsZero())
	if !y.FirstDay.IsZero() && !y.LastDay.IsZero() {
		c.check("last_day", !y.LastDay.Before(y.FirstDay), "%s is before first_day %s", y.LastDay, y.FirstDay)
	}
	if !y.SummerStart.IsZero() && !y.FirstDay.IsZero() {
		c.check("summer_start", !y.SummerStart.After(y.FirstDay), "%s is after first_day %s", y.SummerStart, y.FirstDay)
	}

	c.at("calendar", -1, "calendar")
	c.need("time_zone", ds.Calendar.TimeZone != "")
	if ds.Calendar.TimeZone != "" {
		_, err := time.LoadLocation(ds.Calendar.TimeZone)
		c.check("time_zone", err == nil, "unknown IANA time zone %q", ds.Calendar.TimeZone)
	}
	c.hours("hours", &ds.Calendar.Hours)
	for i, w := range ds.Calendar.Week {
		c.check(fmt.Sprintf("week[%d]", i), w >= time.Sunday && w <= time.Saturday, "weekday %d: want 0 (Sunday) to 6", int(w))
	}
	for i, cl := range ds.Calendar.Closures {
		f := fmt.Sprintf("closures[%d]", i)
		c.need(f+".from", !cl.From.IsZero())
		c.need(f+".to", !cl.To.IsZero())
		c.check(f, !cl.To.Before(cl.From), "to %s is before from %s", cl.To, cl.From)
	}

	if err := ds.Policy.Validate(); err != nil {
		for _, e := range ErrorsOf(err) {
			e.section, e.index = "policy", -1
			c.errs = append(c.errs, e)
		}
	}

	schools := index(c, "schools", ds.Schools, func(s *School) SchoolID { return s.ID })
	classes := index(c, "classes", ds.Classes, func(s *Class) ClassID { return s.ID })
	educators := index(c, "educators", ds.Educators, func(s *Educator) EducatorID { return s.ID })
	students := index(c, "students", ds.Students, func(s *Student) StudentID { return s.ID })
	families := index(c, "families", ds.Families, func(s *Family) FamilyID { return s.ID })
	plans := index(c, "plans", ds.Plans, func(s *Plan) PlanID { return s.ID })
	index(c, "goals", ds.Goals, func(s *Goal) GoalID { return s.ID })
	index(c, "invitations", ds.Invitations, func(s *Invitation) InvitationID { return s.ID })
	index(c, "visits", ds.Visits, func(s *Visit) VisitID { return s.ID })
	index(c, "communications", ds.Communications, func(s *Communication) CommunicationID { return s.ID })
	index(c, "events", ds.Events, func(s *Event) EventID { return s.ID })

	c.at("district", -1, "district")
	ref(c, "coordinator", ds.District.Coordinator, educators, "educator")

	for i := range ds.Schools {
		s := &ds.Schools[i]
		c.at("schools", i, recordName("schools", i, s.ID))
		ref(c, "coordinator", s.Coordinator, educators, "educator")
		refs(c, "liaisons", s.Liaisons, educators, "educator")
		c.hours("hours", s.Hours)
	}
	for i := range ds.Classes {
		s := &ds.Classes[i]
		c.at("classes", i, recordName("classes", i, s.ID))
		c.need("school", s.School != "")
		ref(c, "school", s.School, schools, "school")
		if s.Grade != nil {
			c.check("grade", s.Grade.Valid(), "%d: want -1 (PK) to 12", int(*s.Grade))
		}
		refs(c, "teachers", s.Teachers, educators, "educator")
	}
	for i := range ds.Educators {
		e := &ds.Educators[i]
		c.at("educators", i, recordName("educators", i, e.ID))
		ref(c, "school", e.School, schools, "school")
		c.need("role", e.Role != "")
		c.need("position", e.Position != "")
		for j, t := range e.Trainings {
			c.need(fmt.Sprintf("trainings[%d].date", j), !t.Date.IsZero())
			c.need(fmt.Sprintf("trainings[%d].kind", j), t.Kind != "")
		}
		for j, s := range e.Stipends {
			c.need(fmt.Sprintf("stipends[%d].year", j), s.Year != "")
			c.check(fmt.Sprintf("stipends[%d].amount_cents", j), s.AmountCents >= 0, "%d: must not be negative", s.AmountCents)
		}
		for j, o := range e.OptIns {
			c.need(fmt.Sprintf("opt_ins[%d]", j), o != "")
		}
		c.hours("working_hours", e.WorkingHours)
		c.windows("availability", e.Availability)
		refs(c, "prefer", e.Prefer, educators, "educator")
		refs(c, "avoid", e.Avoid, educators, "educator")
	}
	for i := range ds.Students {
		s := &ds.Students[i]
		c.at("students", i, recordName("students", i, s.ID))
		c.need("school", s.School != "")
		ref(c, "school", s.School, schools, "school")
		c.need("family", s.Family != "")
		ref(c, "family", s.Family, families, "family")
		c.check("grade", s.Grade.Valid(), "%d: want -1 (PK) to 12", int(s.Grade))
		refs(c, "classes", s.Classes, classes, "class")
		refs(c, "teachers", s.Teachers, educators, "educator")
	}
	for i := range ds.Families {
		f := &ds.Families[i]
		c.at("families", i, recordName("families", i, f.ID))
		c.windows("availability", f.Availability)
	}
	for i := range ds.PastPairs {
		p := &ds.PastPairs[i]
		c.at("past_pairs", i, fmt.Sprintf("past_pairs[%d]", i))
		c.need("year", p.Year != "")
		c.check("educators", len(p.Educators) >= 2, "a pair needs at least 2 educators")
		refs(c, "educators", p.Educators, educators, "educator")
	}
	for i := range ds.Plans {
		p := &ds.Plans[i]
		c.at("plans", i, recordName("plans", i, p.ID))
		ref(c, "school", p.School, schools, "school")
		c.need("method", p.Method != "")
	}
	for i := range ds.Goals {
		g := &ds.Goals[i]
		c.at("goals", i, recordName("goals", i, g.ID))
		ref(c, "school", g.School, schools, "school")
		c.share("coverage_target", g.CoverageTarget)
		c.check("per_educator_quota", g.PerEducatorQuota >= 0, "%d: must not be negative", g.PerEducatorQuota)
	}
	ds.validateActivity(c, students, families, educators, plans, schools)
	ds.validateContacts(c, students, families, educators)
	return c.errs
}

func (ds *Dataset) validateActivity(c *checker, students map[StudentID]int, families map[FamilyID]int,
	educators map[EducatorID]int, plans map[PlanID]int, schools map[SchoolID]int) {
	familyStudents := func(field string, fam FamilyID, ids []StudentID) {
		for j, id := range ids {
			f := fmt.Sprintf("%s[%d]", field, j)
			k, ok := students[id]
			switch {
			case id == "":
				c.fail(f, ErrMissing)
			case !ok:
				c.fail(f, fmt.Errorf("%w: no student %q", ErrDangling, string(id)))
			case fam != "" && ds.Students[k].Family != fam:
				c.fail(f, invalid("student %q belongs to family %q, not %q", string(id), string(ds.Students[k].Family), string(fam)))
			}
		}
	}
	for i := range ds.Invitations {
		inv := &ds.Invitations[i]
		c.at("invitations", i, recordName("invitations", i, inv.ID))
		c.need("family", inv.Family != "")
		ref(c, "family", inv.Family, families, "family")
		familyStudents("students", inv.Family, inv.Students)
		c.need("sent_at", !inv.SentAt.IsZero())
		ref(c, "by", inv.By, educators, "educator")
		ref(c, "plan", inv.Plan, plans, "plan")
	}
	for i := range ds.Withdrawals {
		w := &ds.Withdrawals[i]
		c.at("withdrawals", i, fmt.Sprintf("withdrawals[%d]", i))
		c.need("family", w.Family != "")
		ref(c, "family", w.Family, families, "family")
		c.need("at", !w.At.IsZero())
	}
	for i := range ds.Visits {
		v := &ds.Visits[i]
		c.at("visits", i, recordName("visits", i, v.ID))
		c.need("family", v.Family != "")
		ref(c, "family", v.Family, families, "family")
		familyStudents("students", v.Family, v.Students)
		c.need("status", v.Status != "")
		c.need("start", !v.Start.IsZero())
		c.check("duration", v.Duration >= 0, "%s: must not be negative", v.Duration)
		refs(c, "visitors", v.Visitors, educators, "educator")
		for j, in := range v.Interpreters {
			ref(c, fmt.Sprintf("interpreters[%d].educator", j), in.Educator, educators, "educator")
		}
		for j, t := range v.Topics {
			c.need(fmt.Sprintf("topics[%d].kind", j), t.Kind != "")
		}
		for j, r := range v.Reschedules {
			c.need(fmt.Sprintf("reschedules[%d].at", j), !r.At.IsZero())
			c.need(fmt.Sprintf("reschedules[%d].from_start", j), !r.FromStart.IsZero())
		}
		if v.Reflection != nil {
			c.need("reflection.at", !v.Reflection.At.IsZero())
			refs(c, "reflection.by", v.Reflection.By, educators, "educator")
		}
		for j, p := range v.Compensation {
			f := fmt.Sprintf("compensation[%d]", j)
			c.need(f+".educator", p.Educator != "")
			ref(c, f+".educator", p.Educator, educators, "educator")
			c.check(f+".minutes_outside", p.MinutesOutside >= 0, "%d: must not be negative", p.MinutesOutside)
			c.check(f+".amount_cents", p.AmountCents >= 0, "%d: must not be negative", p.AmountCents)
		}
	}
	for i := range ds.Communications {
		m := &ds.Communications[i]
		c.at("communications", i, recordName("communications", i, m.ID))
		c.need("family", m.Family != "")
		ref(c, "family", m.Family, families, "family")
		c.need("at", !m.At.IsZero())
		c.need("direction", m.Direction != "")
		ref(c, "educator", m.Educator, educators, "educator")
	}
	for i := range ds.Events {
		e := &ds.Events[i]
		c.at("events", i, recordName("events", i, e.ID))
		c.need("level", e.Level != "")
		c.need("kind", e.Kind != "")
		c.need("date", !e.Date.IsZero())
		if e.Level == SchoolLevel {
			c.need("school", e.School != "")
		}
		ref(c, "school", e.School, schools, "school")
	}
}

func (ds *Dataset) validateContacts(c *checker, students map[StudentID]int, families map[FamilyID]int, educators map[EducatorID]int) {
	if ds.Contacts == nil {
		return
	}
	for i, f := range ds.Contacts.Families {
		c.at("contacts", -1, fmt.Sprintf("contacts.families[%d]", i))
		c.need("family", f.Family != "")
		ref(c, "family", f.Family, families, "family")
	}
	for i, e := range ds.Contacts.Educators {
		c.at("contacts", -1, fmt.Sprintf("contacts.educators[%d]", i))
		c.need("educator", e.Educator != "")
		ref(c, "educator", e.Educator, educators, "educator")
	}
	for i, s := range ds.Contacts.Students {
		c.at("contacts", -1, fmt.Sprintf("contacts.students[%d]", i))
		c.need("student", s.Student != "")
		ref(c, "student", s.Student, students, "student")
	}
}
