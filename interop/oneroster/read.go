package oneroster

import (
	"fmt"
	"slices"
	"strings"

	"github.com/homevisits/pthv/model"
)

// The files an import reads besides the manifest, by position in
// [linker.state].
const (
	orgsAt = iota
	usersAt
	rolesAt
	classesAt
	enrollmentsAt
	sessionsAt
	demographicsAt
	numFiles
)

// reasonDeleted is why rows whose status is tobedeleted (or the 1.0
// "inactive") are left out.
const reasonDeleted = "status tobedeleted"

var fileNames = [numFiles]string{orgsFile, usersFile, rolesFile, classesFile, enrollmentsFile, sessionsFile, demographicsFile}

// linker resolves the references between the parsed files and builds the
// dataset.
type linker struct {
	opt      Options
	manifest manifest
	hasRoles bool
	p        problems
	state    [numFiles]fileState
	skips    map[[2]string]int // (file, reason) → rows left out

	orgs         []orgRow
	orgIdx       map[string]int
	users        []userRow
	userIdx      map[string]int
	roles        []roleRow
	classes      []classRow
	classIdx     map[string]int
	enrollments  []enrollmentRow
	sessions     []sessionRow
	sessionIdx   map[string]int
	demographics []demographicRow

	// derived per user (by position in users.csv)
	role    []role
	roleBad []bool // the user's role cell, or a roles.csv row of theirs, is invalid
	lostRef []bool // a reference of the user's to an org or class is unknown (reported)
	kind    []int
	userOrg [][]string
	pos     []int32 // position in ds.Students or ds.Educators, by kind

	studentUser    []int32   // per student: position in users.csv
	studentClasses [][]int32 // per student: positions in ds.Classes
	classPos       []int32   // per classes.csv row: position in ds.Classes, or -1
	classGone      []bool    // per classes.csv row: left out, as it or its school is to be deleted
	lastOrg        *orgRow
}

func (l *linker) fail(file string, at pos, field string, err error) {
	l.p.add(errAt(file, at, field, err))
}

// dangling reports a reference to an id the file it points into lacks —
// unless that file was not wholly read, or the row with that id was left
// unread for a problem already reported.
func (l *linker) dangling(into int, file string, at pos, field string, err error, id string) {
	if st := &l.state[into]; st.complete && !st.broken[id] {
		l.fail(file, at, field, err)
	}
}

// orgRef resolves a reference to an org: ok is false for an unknown id
// (an error) and for a deleted org (ignored, as the export asks).
func (l *linker) orgRef(file string, at pos, field, id string) (*orgRow, bool) {
	// Rows of one school tend to come together: remember the last org.
	if l.lastOrg != nil && l.lastOrg.id == id {
		return l.lastOrg, l.lastOrg.status == active
	}
	i, found := l.orgIdx[id]
	if !found {
		l.dangling(orgsAt, file, at, field, fmt.Errorf("%w: no org %q in orgs.csv", ErrDangling, id), id)
		return nil, false
	}
	o := &l.orgs[i]
	l.lastOrg = o
	return o, o.status == active
}

func (l *linker) userRef(file string, at pos, field, id string) (int, bool) {
	i, found := l.userIdx[id]
	if !found {
		l.dangling(usersAt, file, at, field, fmt.Errorf("%w: no user %q in users.csv", ErrDangling, id), id)
		return 0, false
	}
	return i, l.users[i].status == active
}

func (l *linker) link(cal model.Calendar) *model.Dataset {
	ds := &model.Dataset{Format: model.Format, Calendar: cal, Policy: model.DefaultPolicy()}
	schools := l.linkOrgs(ds)
	l.linkRoles()
	l.pos = make([]int32, len(l.users))
	l.linkEducators(ds)
	l.linkStudents(ds)
	l.linkClasses(ds, schools)
	l.linkEnrollments(ds)
	l.linkDemographics(ds)
	l.linkYear(ds)
	l.resolveStudents(ds)
	l.linkFamilies(ds)
	if c := ds.Contacts; c != nil {
		if len(c.Students) == 0 {
			c.Students = nil
		}
		if len(c.Families) == 0 {
			c.Families = nil
		}
		if c.Students == nil && c.Families == nil && c.Educators == nil {
			ds.Contacts = nil
		}
	}
	return ds
}

// linkOrgs checks parent references, and takes the schools and the
// district. It returns the active schools by id.
func (l *linker) linkOrgs(ds *model.Dataset) map[string]bool {
	schools := map[string]bool{}
	var districts []*orgRow
	var firstSchool *orgRow
	for i := range l.orgs {
		o := &l.orgs[i]
		if o.parent != "" {
			l.orgRef(orgsFile, o.parentAt, "parentSourcedId", o.parent)
		}
		if o.status != active {
			l.skip(orgsFile, reasonDeleted)
			continue
		}
		switch o.typ {
		default:
			if !o.badType {
				l.skip(orgsFile, fmt.Sprintf("type %q: only schools and the district are imported", o.typ))
			}
		case "school":
			schools[o.id] = true
			ds.Schools = append(ds.Schools, model.School{ID: model.SchoolID(o.id), Name: o.name})
			if firstSchool == nil {
				firstSchool = o
			}
		case "district":
			districts = append(districts, o)
		}
	}
	ds.District.ID = "district"
	if len(districts) > 0 {
		d := districts[0]
		if firstSchool != nil {
			for _, c := range districts {
				if c.id == firstSchool.parent {
					d = c
				}
			}
		}
		ds.District = model.District{ID: model.DistrictID(d.id), Name: d.name}
		for range len(districts) - 1 {
			l.skip(orgsFile, "another district: the import takes one")
		}
	}
	return schools
}

// linkRoles settles each user's role and orgs: from users.csv in
// OneRoster 1.1, from roles.csv (the primary role, else the first) in 1.2.
func (l *linker) linkRoles() {
	n := len(l.users)
	l.role = make([]role, n)
	l.roleBad = make([]bool, n)
	l.lostRef = make([]bool, n)
	l.kind = make([]int, n)
	l.userOrg = make([][]string, n)
	if !l.hasRoles {
		for i := range l.users {
			u := &l.users[i]
			l.role[i], l.roleBad[i] = u.role, u.roleBad
			for _, o := range u.orgs {
				r, ok := l.orgRef(usersFile, u.orgsAt, "orgSourcedIds", o)
				if ok {
					l.userOrg[i] = append(l.userOrg[i], o)
				}
				l.lostRef[i] = l.lostRef[i] || r == nil || r.badType
			}
		}
	} else {
		primary := make([]bool, n)
		for _, r := range l.roles {
			if r.status != active {
				l.skip(rolesFile, reasonDeleted)
				continue
			}
			if r.user == "" || r.org == "" {
				continue
			}
			u, uok := l.userRef(rolesFile, r.userAt, "userSourcedId", r.user)
			o, ook := l.orgRef(rolesFile, r.orgAt, "orgSourcedId", r.org)
			if uok && (o == nil || o.badType) {
				l.lostRef[u] = true
			}
			if !uok {
				if _, known := l.userIdx[r.user]; known {
					l.skip(rolesFile, "its user is to be deleted")
				}
				continue
			}
			if r.bad {
				l.roleBad[u] = true
				continue
			}
			if l.role[u] == "" || (r.primary && !primary[u]) {
				l.role[u], primary[u] = r.role, r.primary
			}
			if ook && !slices.Contains(l.userOrg[u], r.org) {
				if r.primary {
					l.userOrg[u] = slices.Insert(l.userOrg[u], 0, r.org)
				} else {
					l.userOrg[u] = append(l.userOrg[u], r.org)
				}
			}
		}
	}
	for i, r := range l.role {
		l.kind[i] = -1
		if k, ok := roleKinds[string(r)]; ok && r != "" {
			l.kind[i] = k
		}
		switch u := &l.users[i]; {
		case u.status != active:
			l.skip(usersFile, reasonDeleted)
		case l.roleBad[i]:
		case r == "":
			l.skip(usersFile, "no role in roles.csv")
		case l.kind[i] == asNone:
			l.skip(usersFile, fmt.Sprintf("role %q is not imported", r.spelled()))
		}
	}
}

// firstSchool returns the first of a user's orgs that is an active school.
// The orgs were resolved by linkRoles, so none is unknown.
func (l *linker) firstSchool(orgs []string) string {
	for _, o := range orgs {
		if r, ok := l.orgRef("", pos{}, "", o); ok && r.typ == "school" {
			return o
		}
	}
	return ""
}

// linkEducators maps staff roles to pthv roles and positions:
//
//	teacher                 certificated teacher
//	aide                    classified paraprofessional
//	counselor (1.2)         certificated counselor
//	principal (1.2)         certificated principal
//	administrator, siteAdministrator
//	                        certificated administrator; principal or
//	                        assistant principal when metadata.title says so
//	districtAdministrator   certificated administrator, district staff
//
// metadata.position and metadata.employment override the mapping. A staff
// member with metadata.pthvCoordinator=true is the PTHV coordinator of
// their school (of the district, for district staff); liaisons are listed
// as their school's liaisons.
func (l *linker) linkEducators(ds *model.Dataset) {
	schoolAt := map[model.SchoolID]int{}
	for i, s := range ds.Schools {
		schoolAt[s.ID] = i
	}
	for i := range l.users {
		u := &l.users[i]
		if u.status != active || l.kind[i] != asEducator {
			continue
		}
		e := model.Educator{ID: model.EducatorID(u.id), Role: model.Certificated, Languages: u.meta.languages}
		switch l.role[i] {
		case "teacher":
			e.Position = model.Teacher
		case "aide":
			e.Role, e.Position = model.Classified, model.Paraprofessional
		case "counselor":
			e.Position = model.Counselor
		case "principal":
			e.Position = model.Principal
		default:
			e.Position = model.Administrator
			title := strings.ToLower(u.meta.title)
			switch {
			case strings.Contains(title, "assistant principal"), strings.Contains(title, "vice principal"):
				e.Position = model.AssistantPrincipal
			case strings.Contains(title, "principal"):
				e.Position = model.Principal
			}
		}
		if u.meta.position != "" {
			e.Position = u.meta.position
			if e.Position == model.Liaison || e.Position == model.Paraprofessional {
				e.Role = model.Classified
			}
		}
		if u.meta.employment != "" {
			e.Role = u.meta.employment
		}
		if l.role[i] != "districtadministrator" {
			e.School = model.SchoolID(l.firstSchool(l.userOrg[i]))
		}
		l.pos[i] = int32(len(ds.Educators))
		ds.Educators = append(ds.Educators, e)
		if k, ok := schoolAt[e.School]; ok {
			s := &ds.Schools[k]
			if e.Position == model.Liaison {
				s.Liaisons = append(s.Liaisons, e.ID)
			}
			if u.meta.coordinator == "yes" && s.Coordinator == "" {
				s.Coordinator = e.ID
			}
		} else if u.meta.coordinator == "yes" && ds.District.Coordinator == "" {
			ds.District.Coordinator = e.ID
		}
		if name := fullName(u); name != "" || u.email != "" || u.phone != "" {
			l.contacts(ds).Educators = append(l.contacts(ds).Educators, model.PersonContact{
				Educator: e.ID, Person: model.Person{Name: name, Phone: u.phone, Email: u.email}})
		}
	}
}

func fullName(u *userRow) string { return strings.TrimSpace(u.given + " " + u.family) }

func (l *linker) contacts(ds *model.Dataset) *model.Contacts {
	if ds.Contacts == nil {
		ds.Contacts = &model.Contacts{}
	}
	return ds.Contacts
}

func (l *linker) linkStudents(ds *model.Dataset) {
	n := 0
	for i := range l.users {
		if l.users[i].status == active && l.kind[i] == asStudent {
			n++
		}
	}
	ds.Students = make([]model.Student, 0, n)
	l.studentUser = make([]int32, 0, n)
	l.contacts(ds).Students = make([]model.StudentContact, 0, n)
	for i := range l.users {
		u := &l.users[i]
		if u.status != active || l.kind[i] != asStudent {
			continue
		}
		s := model.Student{ID: model.StudentID(u.id), School: model.SchoolID(l.firstSchool(l.userOrg[i])), Grade: u.grade}
		s.Attributes = setAttrs(nil, u.meta)
		l.pos[i] = int32(len(ds.Students))
		l.studentUser = append(l.studentUser, int32(i))
		ds.Students = append(ds.Students, s)
		if name := fullName(u); name != "" {
			l.contacts(ds).Students = append(l.contacts(ds).Students, model.StudentContact{Student: s.ID, Name: name})
		}
	}
	l.studentClasses = make([][]int32, len(ds.Students))
}

// setAttrs copies the audit attributes of m into attrs, keeping values
// already there, and returns attrs (made when needed; nil when empty).
func setAttrs(attrs map[string]string, m userMeta) map[string]string {
	set := func(k, v string) {
		if v == "" {
			return
		}
		if attrs == nil {
			attrs = make(map[string]string, 8)
		}
		if _, has := attrs[k]; !has {
			attrs[k] = v
		}
	}
	set("home_language", m.homeLanguage)
	set("ell", m.ell)
	set("iep", m.iep)
	set("frl", m.frl)
	return attrs
}

func (l *linker) linkClasses(ds *model.Dataset, schools map[string]bool) {
	l.classPos = make([]int32, len(l.classes))
	l.classGone = make([]bool, len(l.classes))
	for i := range l.classes {
		c := &l.classes[i]
		l.classPos[i] = -1
		if c.status != active {
			l.classGone[i] = true
			l.skip(classesFile, reasonDeleted)
			continue
		}
		if c.school == "" {
			continue
		}
		o, ok := l.orgRef(classesFile, c.schoolAt, "schoolSourcedId", c.school)
		if !ok {
			if o != nil {
				l.classGone[i] = true
				l.skip(classesFile, "its school is to be deleted")
			}
			continue
		}
		if !schools[o.id] {
			if !o.badType {
				l.fail(classesFile, c.schoolAt, "schoolSourcedId", invalidf("org %q is a %s, not a school", o.id, o.typ))
			}
			continue
		}
		mc := model.Class{ID: model.ClassID(c.id), School: model.SchoolID(c.school), Name: c.title}
		if c.hasGrade {
			g := c.grade
			mc.Grade = &g
		}
		l.classPos[i] = int32(len(ds.Classes))
		ds.Classes = append(ds.Classes, mc)
	}
}

// linkEnrollments puts students in classes and teachers on them. A
// class's teachers of record are its teachers enrolled with primary=true;
// a class with no primary teacher and exactly one teacher has that one.
func (l *linker) linkEnrollments(ds *model.Dataset) {
	primary := make([][]model.EducatorID, len(ds.Classes))
	other := make([][]model.EducatorID, len(ds.Classes))
	lastSchool := ""
	for i := range l.enrollments {
		e := &l.enrollments[i]
		if e.status != active {
			l.skip(enrollmentsFile, reasonDeleted)
			continue
		}
		if e.class == "" || e.user == "" {
			continue
		}
		ci, known := l.classIdx[e.class]
		if !known {
			l.dangling(classesAt, enrollmentsFile, e.classAt, "classSourcedId", fmt.Errorf("%w: no class %q in classes.csv", ErrDangling, e.class), e.class)
		}
		ui, uok := l.userRef(enrollmentsFile, e.userAt, "userSourcedId", e.user)
		if e.school != "" && e.school != lastSchool {
			if _, ok := l.orgRef(enrollmentsFile, e.schoolAt, "schoolSourcedId", e.school); ok {
				lastSchool = e.school
			}
		}
		if !known && uok {
			l.lostRef[ui] = true // their school and grade may be in that class
		}
		if known && !uok {
			if _, exists := l.userIdx[e.user]; exists {
				l.skip(enrollmentsFile, "its user is to be deleted")
			}
		}
		if !known || !uok {
			continue
		}
		k := l.classPos[ci]
		if k < 0 {
			if l.classGone[ci] {
				l.skip(enrollmentsFile, "its class is to be deleted")
			}
			continue
		}
		switch e.role {
		default:
			l.skip(enrollmentsFile, fmt.Sprintf("role %q: only student and teacher enrollments are imported", e.role.spelled()))
		case "student":
			if l.kind[ui] != asStudent {
				if !l.roleKnown(ui) {
					continue
				}
				l.fail(enrollmentsFile, e.roleAt, "role", invalidf("user %q enrolled as a student is a %s in users.csv", e.user, l.describe(ui)))
				continue
			}
			s := l.pos[ui]
			if !slices.Contains(l.studentClasses[s], k) {
				l.studentClasses[s] = append(l.studentClasses[s], k)
				ds.Students[s].Classes = append(ds.Students[s].Classes, model.ClassID(e.class))
			}
		case "teacher":
			if l.kind[ui] != asEducator {
				if !l.roleKnown(ui) {
					continue
				}
				l.fail(enrollmentsFile, e.roleAt, "role", invalidf("user %q enrolled as a teacher is a %s in users.csv", e.user, l.describe(ui)))
				continue
			}
			id := model.EducatorID(e.user)
			if e.primary {
				primary[k] = appendNew(primary[k], id)
			} else {
				other[k] = appendNew(other[k], id)
			}
		}
	}
	for k := range ds.Classes {
		c := &ds.Classes[k]
		c.Teachers = primary[k]
		for _, id := range other[k] {
			c.Teachers = appendNew(c.Teachers, id)
		}
		if len(primary[k]) == 0 && len(other[k]) == 1 {
			primary[k] = other[k]
		}
	}
	for i := range ds.Students {
		st := &ds.Students[i]
		for _, k := range l.studentClasses[i] {
			for _, t := range primary[k] {
				st.Teachers = appendNew(st.Teachers, t)
			}
		}
	}
}

// roleKnown reports whether user u's role was read without a problem, so
// that a mismatch with it is worth reporting.
func (l *linker) roleKnown(u int) bool {
	return !l.roleBad[u] && (!l.hasRoles || l.state[rolesAt].complete)
}

func (l *linker) describe(u int) string {
	if r := l.role[u]; r != "" {
		return string(r)
	}
	return "user with no role"
}

func appendNew[T comparable](list []T, v T) []T {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

// linkDemographics adds demographics.csv's audit attributes to students:
// "sex", "race" (one race, or "two-or-more"), "hispanic", and the
// metadata.* attributes users.csv did not already give.
func (l *linker) linkDemographics(ds *model.Dataset) {
	for i := range l.demographics {
		d := &l.demographics[i]
		if d.status != active {
			l.skip(demographicsFile, reasonDeleted)
			continue
		}
		ui, ok := l.userRef(demographicsFile, d.at, "sourcedId", d.user)
		switch {
		case !ok:
			if _, exists := l.userIdx[d.user]; exists {
				l.skip(demographicsFile, "its user is to be deleted")
			}
			continue
		case l.kind[ui] != asStudent:
			if l.roleKnown(ui) {
				l.skip(demographicsFile, "not a student: only students are audited")
			}
			continue
		}
		st := &ds.Students[l.pos[ui]]
		for _, kv := range [...][2]string{{"sex", d.sex}, {"race", d.race}, {"hispanic", d.hispanic}} {
			if kv[1] != "" {
				if st.Attributes == nil {
					st.Attributes = make(map[string]string, 8)
				}
				st.Attributes[kv[0]] = kv[1]
			}
		}
		st.Attributes = setAttrs(st.Attributes, d.meta)
	}
}

// linkYear takes the school year from academicSessions.csv: the session
// of type schoolYear ([Options.SchoolYear], else the one that starts
// last). The year spans at least that session, and takes its id from the
// session's dates ("2026-27" for 2026-08-15 – 2027-06-05), whatever
// subset of its terms the export lists; a term, semester or grading
// period under it that starts earlier or ends later widens it.
func (l *linker) linkYear(ds *model.Dataset) {
	var year *sessionRow
	for i := range l.sessions {
		s := &l.sessions[i]
		if s.parent != "" {
			if _, ok := l.sessionIdx[s.parent]; !ok {
				l.dangling(sessionsAt, sessionsFile, s.parentAt, "parentSourcedId", fmt.Errorf("%w: no session %q in academicSessions.csv", ErrDangling, s.parent), s.parent)
			}
		}
		if s.status != active || s.typ != "schoolyear" {
			continue
		}
		if want := l.opt.SchoolYear; want != "" {
			if s.id == want || s.title == want || s.schoolYear == want {
				year = s
			}
			continue
		}
		if year == nil || s.start.After(year.start) {
			year = s
		}
	}
	if year == nil {
		if !l.state[sessionsAt].complete {
			return // the year may be among the rows not read
		}
		msg := "no active session of type schoolYear"
		if l.opt.SchoolYear != "" {
			msg = fmt.Sprintf("no active schoolYear session has the sourcedId, title or schoolYear %q", l.opt.SchoolYear)
		}
		l.p.add(&Error{File: sessionsFile, Err: invalidf("%s", msg)})
		return
	}
	first, last := year.start, year.end
	for i := range l.sessions {
		s := &l.sessions[i]
		switch {
		case s == year:
		case s.status != active:
			l.skip(sessionsFile, reasonDeleted)
		case s.typ != "schoolyear" && l.inYear(s, year):
			if !s.start.IsZero() && s.start.Before(first) {
				first = s.start
			}
			if s.end.After(last) {
				last = s.end
			}
		default:
			l.skip(sessionsFile, "not part of the imported school year")
		}
	}
	if first.IsZero() || last.IsZero() {
		return // the session's dates are reported as invalid
	}
	ds.Year = model.SchoolYear{ID: model.NewSchoolYear(year.start, year.end).ID, FirstDay: first, LastDay: last}
}

// inYear reports whether session s belongs to the school year: it lies
// under it, or names no parent and has the year's schoolYear value.
func (l *linker) inYear(s, year *sessionRow) bool {
	if s.parent == "" {
		return s.schoolYear != "" && s.schoolYear == year.schoolYear
	}
	return l.under(s, year.id)
}

// under reports whether session s lies under the session with id root.
func (l *linker) under(s *sessionRow, root string) bool {
	for depth := 0; s.parent != "" && depth < 16; depth++ {
		if s.parent == root {
			return true
		}
		i, ok := l.sessionIdx[s.parent]
		if !ok {
			return false
		}
		s = &l.sessions[i]
	}
	return false
}

// complete reports whether the files were wholly read, so that what they
// lack is worth reporting.
func (l *linker) complete(files ...int) bool {
	for _, f := range files {
		if !l.state[f].complete {
			return false
		}
	}
	return true
}

// resolveStudents fills in a student's school and grade from their classes
// when users.csv does not give them, and reports students with neither.
func (l *linker) resolveStudents(ds *model.Dataset) {
	for i := range ds.Students {
		st := &ds.Students[i]
		u := &l.users[l.studentUser[i]]
		if st.School == "" && len(st.Classes) > 0 {
			st.School = ds.Classes[l.studentClasses[i][0]].School
		}
		if st.School == "" && !l.lostRef[l.studentUser[i]] && l.complete(orgsAt, classesAt, enrollmentsAt) && (!l.hasRoles || l.complete(rolesAt)) {
			l.fail(usersFile, u.orgsAt, "orgSourcedIds", invalidf("student %q belongs to no active school and is enrolled in no class", u.id))
		}
		if !u.hasGrade && !u.gradeBad && !l.lostRef[l.studentUser[i]] && l.complete(classesAt, enrollmentsAt) {
			found := false
			for _, k := range l.studentClasses[i] {
				if g := ds.Classes[k].Grade; g != nil && (!found || *g < st.Grade) {
					st.Grade, found = *g, true
				}
			}
			if !found {
				l.fail(usersFile, u.gradesAt, "grades", invalidf("student %q has no grade from PK to 12 here or in their classes", u.id))
			}
		}
	}
}

// linkFamilies groups students into families. A student and a user with
// role parent, guardian or relative are linked when either lists the other
// in agentSourcedIds; students linked to a common guardian are siblings in
// one family, and the relation is transitive (a household is everyone
// reachable through shared guardians). A student with no guardian is a
// family of one. A family's id is "F-" followed by its lowest student
// sourcedId, so that it stays put as guardians come and go.
func (l *linker) linkFamilies(ds *model.Dataset) {
	parent := make([]int32, len(l.users))
	for i := range parent {
		parent[i] = int32(i)
	}
	var find func(int32) int32
	find = func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for i := range l.users {
		u := &l.users[i]
		if u.status != active {
			continue
		}
		for _, a := range u.agents {
			j, ok := l.userRef(usersFile, u.agentsAt, "agentSourcedIds", a)
			if !ok {
				continue
			}
			ki, kj := l.kind[i], l.kind[j]
			if (ki == asStudent && kj == asGuardian) || (ki == asGuardian && kj == asStudent) {
				if ri, rj := find(int32(i)), find(int32(j)); ri != rj {
					parent[ri] = rj
				}
			}
		}
	}
	// The family id of each component is its lowest student id.
	lowest := make([]int32, len(l.users)) // root → user index of its lowest student, or -1
	for i := range lowest {
		lowest[i] = -1
	}
	for _, u := range l.studentUser {
		root := find(u)
		if cur := lowest[root]; cur < 0 || l.users[u].id < l.users[cur].id {
			lowest[root] = u
		}
	}
	type family struct {
		f        model.Family
		contact  model.FamilyContact
		langs    []model.Language
		guardian bool
	}
	fams := make([]*family, 0, len(l.studentUser))
	var store []family                   // families are allocated in blocks
	famAt := make([]int32, len(l.users)) // root → position in fams, or -1
	for i := range famAt {
		famAt[i] = -1
	}
	for i := range l.users {
		u := &l.users[i]
		if u.status != active || (l.kind[i] != asStudent && l.kind[i] != asGuardian) {
			continue
		}
		root := find(int32(i))
		if lowest[root] < 0 {
			l.skip(usersFile, "a guardian of no imported student")
			continue
		}
		if famAt[root] < 0 {
			id := model.FamilyID("F-" + l.users[lowest[root]].id)
			famAt[root] = int32(len(fams))
			if len(store) == cap(store) {
				store = make([]family, 0, 4096)
			}
			store = append(store, family{f: model.Family{ID: id}, contact: model.FamilyContact{Family: id}})
			fams = append(fams, &store[len(store)-1])
		}
		f := fams[famAt[root]]
		if lang := model.Language(u.meta.homeLanguage); lang != "" && !slices.Contains(f.langs, lang) {
			f.langs = append(f.langs, lang)
		}
		if u.meta.interpreter == "yes" {
			f.f.NeedsInterpreter = true
		}
		if l.kind[i] == asStudent {
			ds.Students[l.pos[i]].Family = f.f.ID
			continue
		}
		f.guardian = true
		f.contact.Guardians = append(f.contact.Guardians, model.Person{Name: fullName(u), Phone: u.phone, Email: u.email})
		if f.contact.Phone == "" {
			f.contact.Phone = u.phone
		}
	}
	slices.SortFunc(fams, func(a, b *family) int { return strings.Compare(string(a.f.ID), string(b.f.ID)) })
	ds.Families = make([]model.Family, 0, len(fams))
	l.contacts(ds).Families = make([]model.FamilyContact, 0, len(fams))
	for _, f := range fams {
		slices.Sort(f.langs)
		f.f.Languages = f.langs
		ds.Families = append(ds.Families, f.f)
		if f.guardian {
			l.contacts(ds).Families = append(l.contacts(ds).Families, f.contact)
		}
	}
}
