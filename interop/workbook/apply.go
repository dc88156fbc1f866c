package workbook

import (
	"fmt"
	"slices"
	"time"

	"github.com/homevisits/pthv/model"
)

// keep returns old when it holds the same items as new (an empty list is
// none), so that an unchanged cell leaves the record as it was.
func keep[T comparable](old, new []T) []T {
	if slices.Equal(old, new) {
		return old
	}
	if len(new) == 0 {
		return nil
	}
	return new
}

func typed[T ~string](items []string) []T {
	if len(items) == 0 {
		return nil
	}
	out := make([]T, len(items))
	for i, it := range items {
		out[i] = T(it)
	}
	return out
}

// optIn sets whether a list of school years holds year, keeping the
// others as they are.
func optIn(old []model.SchoolYearID, year model.SchoolYearID, in bool) []model.SchoolYearID {
	switch has := slices.Contains(old, year); {
	case in && !has:
		return append(slices.Clone(old), year)
	case !in && has:
		out := slices.DeleteFunc(slices.Clone(old), func(y model.SchoolYearID) bool { return y == year })
		if len(out) == 0 {
			return nil
		}
		return out
	}
	return old
}

// merge puts a record read from a row into list: over the record at i
// when it exists and changed, else at the end.
func merge[T any](list []T, i int, exists bool, orig, rec T) []T {
	switch {
	case !exists:
		return append(list, rec)
	case !sameRecord(orig, rec):
		list[i] = rec
	}
	return list
}

func indexOf[T any, ID comparable](list []T, id func(*T) ID) map[ID]int {
	m := make(map[ID]int, len(list))
	for i := range list {
		if _, dup := m[id(&list[i])]; !dup {
			m[id(&list[i])] = i
		}
	}
	return m
}

func (rd *reader) educatorsSheet() {
	sr := rd.open(educatorsSheet)
	if sr == nil {
		return
	}
	out := slices.Clone(rd.w.Educators)
	pos := indexOf(out, func(e *model.Educator) model.EducatorID { return e.ID })
	seen := map[string]int{}
	sr.each(func(r *row) {
		id := r.key(seen)
		if id == "" {
			return
		}
		i, exists := pos[model.EducatorID(id)]
		e := model.Educator{ID: model.EducatorID(id)}
		if exists {
			e = out[i]
		}
		orig := e
		if r.has("school") {
			e.School = model.SchoolID(r.cell("school"))
			r.ref("school", string(e.School), "school", rd.schools[e.School])
		}
		for _, c := range []string{"role", "position"} {
			if r.has(c) || !exists {
				r.need(c)
			}
		}
		if r.has("role") {
			e.Role = model.Role(r.choice("role"))
		}
		if r.has("position") {
			e.Position = model.Position(r.choice("position"))
		}
		if r.has("languages") {
			e.Languages = keep(orig.Languages, typed[model.Language](r.list("languages")))
		}
		if r.has("opted in") {
			e.OptIns = optIn(orig.OptIns, rd.ds.Year.ID, r.yes("opted in"))
		}
		if r.bad {
			return
		}
		r.at(fmt.Sprintf("educator %q", id))
		if !exists {
			pos[e.ID] = len(out)
		}
		out = merge(out, i, exists, orig, e)
	})
	rd.w.Educators = out
}

// listed returns the ids on a sheet's key column as a set.
func (rd *reader) listed(sheet string) map[string]bool {
	m := map[string]bool{}
	for _, id := range rd.keyColumn(sheet) {
		m[id] = true
	}
	return m
}

// details reads a detail sheet: each row's record id (which must exist)
// and the detail the row holds; rows with a problem are left out. It
// adds the records the sheet names to named.
func details[T any](rd *reader, sheet, kind string, known func(string) bool, named map[string]bool, read func(r *row) T) map[string][]T {
	sr := rd.open(sheet)
	if sr == nil {
		return nil
	}
	out := map[string][]T{}
	parent := sr.s.columns[0].name
	sr.each(func(r *row) {
		id := r.required(parent)
		r.ref(parent, id, kind, id == "" || known(id))
		d := read(r)
		if r.bad {
			return
		}
		named[id] = true
		out[id] = append(out[id], d)
	})
	return out
}

func (rd *reader) trainingsSheet() {
	named := rd.listed(educatorsSheet)
	rows := details(rd, trainingsSheet, "educator", func(id string) bool { return rd.educators[model.EducatorID(id)] }, named, func(r *row) model.Training {
		r.need("date")
		r.need("kind")
		return model.Training{Date: r.date("date"), Kind: model.TrainingKind(r.choice("kind"))}
	})
	if rows == nil {
		return
	}
	out := slices.Clone(rd.w.Educators)
	for i := range out {
		if id := string(out[i].ID); named[id] && !sameRecord(out[i].Trainings, rows[id]) {
			out[i].Trainings = rows[id]
		}
	}
	rd.w.Educators = out
}

// visitDetails merges the Topics, Pay and Reschedules sheets: the rows of
// a visit are all its topics, pay or reschedules, for every visit the
// Visits sheet or the detail sheet lists.
func (rd *reader) visitDetails() {
	named := rd.listed(visitsSheet)
	known := func(id string) bool { return rd.visits[model.VisitID(id)] }
	namedTopics, namedPay, namedMoves := clone(named), clone(named), clone(named)
	topics := details(rd, topicsSheet, "visit", known, namedTopics, func(r *row) model.Topic {
		r.need("topic")
		return model.Topic{Kind: model.TopicKind(r.choice("topic")), RaisedBy: model.Party(r.choice("raised by"))}
	})
	pay := details(rd, paySheet, "visit", known, namedPay, func(r *row) model.Compensation {
		e := model.EducatorID(r.required("educator"))
		r.ref("educator", string(e), "educator", e == "" || rd.educators[e])
		return model.Compensation{Educator: e, MinutesOutside: r.count("minutes outside"), AmountCents: r.amount("amount"),
			Source: model.FundingSource(r.choice("source")), Stipend: r.yes("stipend")}
	})
	moves := details(rd, reschedulesSheet, "visit", known, namedMoves, func(r *row) model.Rescheduling {
		r.need("agreed at")
		r.need("from start")
		return model.Rescheduling{At: r.instant("agreed at"), FromStart: r.instant("from start"), By: model.Party(r.choice("by"))}
	})
	if topics == nil && pay == nil && moves == nil {
		return
	}
	out := slices.Clone(rd.w.Visits)
	for i := range out {
		v := &out[i]
		id := string(v.ID)
		if topics != nil && namedTopics[id] && !sameRecord(v.Topics, topics[id]) {
			v.Topics = topics[id]
		}
		if pay != nil && namedPay[id] && !sameRecord(v.Compensation, pay[id]) {
			v.Compensation = pay[id]
		}
		if moves != nil && namedMoves[id] {
			got := moves[id]
			for k := range min(len(got), len(v.Reschedules)) {
				got[k].At = sameMinute(v.Reschedules[k].At, got[k].At, rd.loc)
				got[k].FromStart = sameMinute(v.Reschedules[k].FromStart, got[k].FromStart, rd.loc)
			}
			if !sameRecord(v.Reschedules, got) {
				v.Reschedules = got
			}
		}
	}
	rd.w.Visits = out
}

func clone(m map[string]bool) map[string]bool {
	out := make(map[string]bool, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func (rd *reader) invitationsSheet() {
	sr := rd.open(invitationsSheet)
	if sr == nil {
		return
	}
	out := slices.Clone(rd.w.Invitations)
	pos := indexOf(out, func(inv *model.Invitation) model.InvitationID { return inv.ID })
	seen := map[string]int{}
	sr.each(func(r *row) {
		id := r.key(seen)
		if id == "" {
			return
		}
		i, exists := pos[model.InvitationID(id)]
		inv := model.Invitation{ID: model.InvitationID(id)}
		if exists {
			inv = out[i]
		}
		orig := inv
		for _, c := range []string{"family", "sent"} {
			if r.has(c) || !exists {
				r.need(c)
			}
		}
		if r.has("family") {
			inv.Family = model.FamilyID(r.cell("family"))
			r.ref("family", string(inv.Family), "family", rd.families[inv.Family])
		}
		if r.has("students") {
			inv.Students = keep(orig.Students, typed[model.StudentID](r.list("students")))
		}
		rd.familyStudents(r, inv.Family, inv.Students)
		if r.has("origin") {
			inv.Origin = model.Origin(r.choice("origin"))
		}
		if r.has("kind") {
			inv.Kind = model.VisitKind(r.choice("kind"))
		}
		if r.has("plan") {
			inv.Plan = model.PlanID(r.cell("plan"))
			r.ref("plan", string(inv.Plan), "plan", rd.plans[inv.Plan])
		}
		if r.has("method") {
			inv.Method = r.cell("method")
		}
		if r.has("criteria") {
			inv.Criteria = keep(orig.Criteria, r.list("criteria"))
		}
		if r.has("sent") {
			inv.SentAt = sameMinute(orig.SentAt, r.instant("sent"), rd.loc)
		}
		if r.has("year") {
			inv.Year = model.SchoolYearID(r.cell("year"))
		}
		if r.has("by") {
			inv.By = model.EducatorID(r.cell("by"))
			r.ref("by", string(inv.By), "educator", rd.educators[inv.By])
		}
		if r.has("answer") {
			inv.Response = model.Response(r.choice("answer"))
		}
		if r.has("answered at") {
			inv.RespondedAt = sameMinute(orig.RespondedAt, r.instant("answered at"), rd.loc)
		}
		if r.bad {
			return
		}
		r.at(fmt.Sprintf("invitation %q", id))
		if !exists {
			pos[inv.ID] = len(out)
		}
		out = merge(out, i, exists, orig, inv)
	})
	rd.w.Invitations = out
}

// familyStudents checks that the students a row names are the family's.
func (rd *reader) familyStudents(r *row, fam model.FamilyID, students []model.StudentID) {
	for _, s := range students {
		f, ok := rd.students[s]
		switch {
		case !ok:
			r.fail("students", danglingf("no student %q in the dataset", string(s)))
		case fam != "" && f != fam:
			r.fail("students", invalidf("student %q belongs to family %q, not %q", string(s), string(f), string(fam)))
		}
	}
}

func (rd *reader) attemptsSheet() {
	named := rd.listed(invitationsSheet)
	rows := details(rd, attemptsSheet, "invitation", func(id string) bool { return rd.invitations[model.InvitationID(id)] }, named, func(r *row) time.Time {
		r.need("at")
		return r.instant("at")
	})
	if rows == nil {
		return
	}
	out := slices.Clone(rd.w.Invitations)
	for i := range out {
		inv := &out[i]
		id := string(inv.ID)
		if !named[id] {
			continue
		}
		got := rows[id]
		for k := range min(len(got), len(inv.ContactAttempts)) {
			got[k] = sameMinute(inv.ContactAttempts[k], got[k], rd.loc)
		}
		if !sameRecord(inv.ContactAttempts, got) {
			inv.ContactAttempts = got
		}
	}
	rd.w.Invitations = out
}

// withdrawalsSheet adds the withdrawals the dataset does not have. A row
// is the dataset's withdrawal of that family at that minute; a
// withdrawal is never removed or moved, since deleting a row is not a
// deletion.
func (rd *reader) withdrawalsSheet() {
	sr := rd.open(withdrawalsSheet)
	if sr == nil {
		return
	}
	out := slices.Clone(rd.w.Withdrawals)
	matched := make([]bool, len(out))
	sr.each(func(r *row) {
		r.need("family")
		r.need("at")
		fam := model.FamilyID(r.cell("family"))
		r.ref("family", string(fam), "family", fam == "" || rd.families[fam])
		at := r.instant("at")
		if r.bad {
			return
		}
		for i, w := range out[:len(matched)] {
			if !matched[i] && w.Family == fam && fmtMinute(w.At, rd.loc) == fmtMinute(at, rd.loc) {
				matched[i] = true
				return
			}
		}
		r.at(fmt.Sprintf("withdrawals[%d]", len(out)))
		out = append(out, model.Withdrawal{Family: fam, At: at})
	})
	rd.w.Withdrawals = out
}

func (rd *reader) messagesSheet() {
	sr := rd.open(messagesSheet)
	if sr == nil {
		return
	}
	out := slices.Clone(rd.w.Communications)
	pos := indexOf(out, func(m *model.Communication) model.CommunicationID { return m.ID })
	seen := map[string]int{}
	sr.each(func(r *row) {
		id := r.key(seen)
		if id == "" {
			return
		}
		i, exists := pos[model.CommunicationID(id)]
		m := model.Communication{ID: model.CommunicationID(id)}
		if exists {
			m = out[i]
		}
		orig := m
		for _, c := range []string{"family", "at", "direction"} {
			if r.has(c) || !exists {
				r.need(c)
			}
		}
		if r.has("family") {
			m.Family = model.FamilyID(r.cell("family"))
			r.ref("family", string(m.Family), "family", rd.families[m.Family])
		}
		if r.has("at") {
			m.At = sameMinute(orig.At, r.instant("at"), rd.loc)
		}
		if r.has("direction") {
			m.Direction = model.Direction(r.choice("direction"))
		}
		if r.has("channel") {
			m.Channel = model.Channel(r.choice("channel"))
		}
		if r.has("educator") {
			m.Educator = model.EducatorID(r.cell("educator"))
			r.ref("educator", string(m.Educator), "educator", rd.educators[m.Educator])
		}
		if r.bad {
			return
		}
		r.at(fmt.Sprintf("communication %q", id))
		if !exists {
			pos[m.ID] = len(out)
		}
		out = merge(out, i, exists, orig, m)
	})
	rd.w.Communications = out
}

func (rd *reader) eventsSheet() {
	sr := rd.open(eventsSheet)
	if sr == nil {
		return
	}
	out := slices.Clone(rd.w.Events)
	pos := indexOf(out, func(e *model.Event) model.EventID { return e.ID })
	seen := map[string]int{}
	sr.each(func(r *row) {
		id := r.key(seen)
		if id == "" {
			return
		}
		i, exists := pos[model.EventID(id)]
		e := model.Event{ID: model.EventID(id)}
		if exists {
			e = out[i]
		}
		orig := e
		for _, c := range []string{"level", "date", "kind"} {
			if r.has(c) || !exists {
				r.need(c)
			}
		}
		if r.has("level") {
			e.Level = model.EventLevel(r.choice("level"))
		}
		if r.has("school") {
			e.School = model.SchoolID(r.cell("school"))
			r.ref("school", string(e.School), "school", rd.schools[e.School])
		}
		if e.Level == model.SchoolLevel && e.School == "" {
			r.fail("school", fmt.Errorf("%w: a school event names its school", model.ErrMissing))
		}
		if r.has("date") {
			e.Date = r.date("date")
		}
		if r.has("kind") {
			e.Kind = model.EventKind(r.choice("kind"))
		}
		if r.has("family voices") {
			e.FamilyVoices = r.yes("family voices")
		}
		if r.bad {
			return
		}
		r.at(fmt.Sprintf("event %q", id))
		if !exists {
			pos[e.ID] = len(out)
		}
		out = merge(out, i, exists, orig, e)
	})
	rd.w.Events = out
}

// contactSheets merges the contacts sheets, when the workbook has them.
func (rd *reader) contactSheets() {
	fams, guards := rd.open(familiesSheet), rd.tables[guardiansSheet] != nil
	staff, kids := rd.open(staffSheet), rd.open(studentsSheet)
	if fams == nil && !guards && staff == nil && kids == nil {
		return
	}
	var c model.Contacts
	if rd.w.Contacts != nil {
		c = *rd.w.Contacts
	}
	orig := c
	c.Families = slices.Clone(c.Families)
	famPos := indexOf(c.Families, func(f *model.FamilyContact) model.FamilyID { return f.Family })
	seen := map[string]int{}
	fams.each(func(r *row) {
		id := r.key(seen)
		if id == "" {
			return
		}
		fam := model.FamilyID(id)
		r.ref("family", id, "family", rd.families[fam])
		i, exists := famPos[fam]
		f := model.FamilyContact{Family: fam}
		if exists {
			f = c.Families[i]
		}
		prev := f
		if r.has("address") {
			f.Address = r.cell("address")
		}
		if r.has("phone") {
			f.Phone = r.cell("phone")
		}
		if r.bad {
			return
		}
		if !exists {
			famPos[fam] = len(c.Families)
		}
		c.Families = merge(c.Families, i, exists, prev, f)
	})
	named := rd.listed(familiesSheet)
	guardians := details(rd, guardiansSheet, "family", func(id string) bool { return rd.families[model.FamilyID(id)] }, named, func(r *row) model.Person {
		return model.Person{Name: r.cell("name"), Phone: r.cell("phone"), Email: r.cell("email")}
	})
	if guardians != nil {
		for _, id := range slices.Sorted(func(yield func(string) bool) {
			for id := range named {
				if !yield(id) {
					return
				}
			}
		}) {
			fam := model.FamilyID(id)
			i, ok := famPos[fam]
			if !ok && len(guardians[id]) > 0 && rd.families[fam] {
				famPos[fam], i, ok = len(c.Families), len(c.Families), true
				c.Families = append(c.Families, model.FamilyContact{Family: fam})
			}
			if ok && !sameRecord(c.Families[i].Guardians, guardians[id]) {
				c.Families[i].Guardians = guardians[id]
			}
		}
	}
	c.Educators = slices.Clone(c.Educators)
	staffPos := indexOf(c.Educators, func(p *model.PersonContact) model.EducatorID { return p.Educator })
	seen = map[string]int{}
	staff.each(func(r *row) {
		id := r.key(seen)
		if id == "" {
			return
		}
		e := model.EducatorID(id)
		r.ref("educator", id, "educator", rd.educators[e])
		i, exists := staffPos[e]
		p := model.PersonContact{Educator: e}
		if exists {
			p = c.Educators[i]
		}
		prev := p
		if r.has("name") {
			p.Name = r.cell("name")
		}
		if r.has("phone") {
			p.Phone = r.cell("phone")
		}
		if r.has("email") {
			p.Email = r.cell("email")
		}
		if r.bad {
			return
		}
		if !exists {
			staffPos[e] = len(c.Educators)
		}
		c.Educators = merge(c.Educators, i, exists, prev, p)
	})
	c.Students = slices.Clone(c.Students)
	kidPos := indexOf(c.Students, func(s *model.StudentContact) model.StudentID { return s.Student })
	seen = map[string]int{}
	kids.each(func(r *row) {
		id := r.key(seen)
		if id == "" {
			return
		}
		s := model.StudentID(id)
		_, known := rd.students[s]
		r.ref("student", id, "student", known)
		i, exists := kidPos[s]
		sc := model.StudentContact{Student: s}
		if exists {
			sc = c.Students[i]
		}
		prev := sc
		if r.has("name") {
			sc.Name = r.cell("name")
		}
		if r.bad {
			return
		}
		if !exists {
			kidPos[s] = len(c.Students)
		}
		c.Students = merge(c.Students, i, exists, prev, sc)
	})
	if !sameRecord(orig, c) {
		rd.w.Contacts = &c
	}
}
