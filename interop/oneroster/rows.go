package oneroster

import (
	"strings"

	"github.com/homevisits/pthv/model"
)

// The parse stage turns each file into rows of plain values, checking every
// value it can on its own; the link stage then resolves references.

type orgRow struct {
	id, name, typ, parent string
	status                status
	badType               bool // reported; the org's type is unknown
	at, parentAt          pos
}

var orgTypes = []string{"department", "school", "district", "local", "state", "national"}

func readOrgs(in *input, p *problems) ([]orgRow, map[string]int, fileState) {
	t, exists := openTable(in, orgsFile, p)
	if t == nil {
		return nil, nil, fileState{exists: exists}
	}
	defer t.close()
	seen := map[string]int{}
	if !t.require("sourcedId", "type") {
		return nil, seen, fileState{exists: true}
	}
	cID, cStatus, cName, cType, cParent := t.col("sourcedId"), t.col("status"), t.col("name"), t.col("type"), t.col("parentSourcedId")
	var rows []orgRow
	for t.next() {
		id, ok := readID(t, cID, seen, len(rows))
		if !ok {
			continue
		}
		r := orgRow{id: id, name: t.get(cName), parent: t.get(cParent), status: readStatus(t, cStatus), at: t.at(cID), parentAt: t.at(cParent)}
		r.typ = t.get(cType)
		if !containsFold(orgTypes, r.typ) {
			t.fail(cType, invalidf("org type %q: want one of %s", r.typ, strings.Join(orgTypes, ", ")))
			r.badType = true
		}
		r.typ = strings.ToLower(r.typ)
		rows = append(rows, r)
	}
	return rows, seen, t.state
}

// userMeta are the metadata.* columns the importer reads from users.csv and
// demographics.csv.
type userMeta struct {
	homeLanguage, ell, iep, frl, interpreter string
	coordinator                              string
	languages                                []model.Language
	position                                 model.Position
	employment                               model.Role
	title                                    string
}

// metaCols are the indexes of the metadata columns in one file.
type metaCols struct {
	homeLanguage, ell, iep, frl, interpreter, languages, position, employment, title, coordinator int
}

func metaColsOf(t *table) metaCols {
	return metaCols{
		homeLanguage: t.col("metadata.homeLanguage"),
		ell:          t.col("metadata.ell"),
		iep:          t.col("metadata.iep"),
		frl:          t.col("metadata.frl"),
		interpreter:  t.col("metadata.interpreter"),
		languages:    t.col("metadata.languages"),
		position:     t.col("metadata.position"),
		employment:   t.col("metadata.employment"),
		title:        t.col("metadata.title"),
		coordinator:  t.col("metadata.pthvCoordinator"),
	}
}

var positions = []model.Position{model.Teacher, model.Principal, model.AssistantPrincipal, model.Counselor,
	model.Liaison, model.Paraprofessional, model.CoordinatorStaff, model.Administrator, model.OtherPosition}

func readMeta(t *table, c metaCols) userMeta {
	m := userMeta{
		homeLanguage: strings.ToLower(t.get(c.homeLanguage)),
		ell:          readFlag(t, c.ell),
		iep:          readFlag(t, c.iep),
		frl:          readFlag(t, c.frl),
		interpreter:  readFlag(t, c.interpreter),
		title:        t.get(c.title),
		coordinator:  readFlag(t, c.coordinator),
	}
	for _, l := range splitList(t.get(c.languages)) {
		m.languages = append(m.languages, model.Language(strings.ToLower(l)))
	}
	if v := t.get(c.position); v != "" {
		m.position = model.Position(strings.ToLower(v))
		if !containsFold(positions, m.position) {
			t.fail(c.position, invalidf("position %q: want one of %s", v, joinStrings(positions)))
			m.position = ""
		}
	}
	switch v := t.get(c.employment); strings.ToLower(v) {
	case "":
	case "certificated":
		m.employment = model.Certificated
	case "classified":
		m.employment = model.Classified
	default:
		t.fail(c.employment, invalidf("employment %q: want certificated or classified", v))
	}
	return m
}

// role is a OneRoster role, 1.1 or 1.2.
type role string

// What pthv makes of each OneRoster role.
const (
	asNone     = iota // not imported: proctors, system administrators
	asStudent         // a student
	asGuardian        // a parent, guardian or relative: links students into families
	asEducator        // school staff who may visit
)

// roleKinds lists the roles of OneRoster 1.1 (administrator, aide,
// guardian, parent, proctor, relative, student, teacher) and 1.2 (which
// adds counselor, districtAdministrator, principal, siteAdministrator and
// systemAdministrator).
var roleKinds = map[string]int{
	"student":               asStudent,
	"parent":                asGuardian,
	"guardian":              asGuardian,
	"relative":              asGuardian,
	"teacher":               asEducator,
	"aide":                  asEducator,
	"counselor":             asEducator,
	"principal":             asEducator,
	"administrator":         asEducator,
	"siteadministrator":     asEducator,
	"districtadministrator": asEducator,
	"proctor":               asNone,
	"systemadministrator":   asNone,
}

// spelled returns the role as OneRoster spells it ("systemAdministrator").
func (r role) spelled() string {
	for _, name := range []string{"siteAdministrator", "districtAdministrator", "systemAdministrator"} {
		if strings.EqualFold(name, string(r)) {
			return name
		}
	}
	return string(r)
}

// readRole reads a role value; ok is false (and the problem recorded) for
// an unknown one.
func readRole(t *table, col int) (role, bool) {
	v := t.get(col)
	if v == "" {
		t.fail(col, invalidf("role is empty"))
		return "", false
	}
	r := role(strings.ToLower(v))
	if _, ok := roleKinds[string(r)]; !ok {
		t.fail(col, invalidf("unknown role %q", v))
		return "", false
	}
	return r, true
}

type userRow struct {
	id                   string
	status               status
	role                 role // from users.csv (1.1); empty when roles.csv gives it
	orgs, agents         []string
	grade                model.Grade
	hasGrade             bool
	roleBad, gradeBad    bool // reported: the role or grades cell is invalid
	given, family, email string
	phone                string
	meta                 userMeta
	at, orgsAt, agentsAt pos
	gradesAt             pos
}

func readUsers(in *input, needRole bool, p *problems) ([]userRow, map[string]int, fileState) {
	t, exists := openTable(in, usersFile, p)
	if t == nil {
		return nil, nil, fileState{exists: exists}
	}
	defer t.close()
	seen := make(map[string]int, t.estimate(120))
	need := []string{"sourcedId"}
	if needRole {
		need = append(need, "role", "orgSourcedIds")
	}
	if !t.require(need...) {
		return nil, seen, fileState{exists: true}
	}
	cID, cStatus, cRole, cOrgs, cAgents := t.col("sourcedId"), t.col("status"), t.col("role"), t.col("orgSourcedIds"), t.col("agentSourcedIds")
	cGrades, cGiven, cFamily, cEmail, cPhone, cSMS, cEnabled := t.col("grades"), t.col("givenName"), t.col("familyName"), t.col("email"), t.col("phone"), t.col("sms"), t.col("enabledUser")
	mc := metaColsOf(t)
	rows := make([]userRow, 0, t.estimate(120))
	for t.next() {
		id, ok := readID(t, cID, seen, len(rows))
		if !ok {
			continue
		}
		// Fill the row in place: it is large, and copying it costs more
		// than reading it.
		rows = append(rows, userRow{})
		u := &rows[len(rows)-1]
		u.id, u.status, u.at = id, readStatus(t, cStatus), t.at(cID)
		u.orgs, u.orgsAt = splitList(t.get(cOrgs)), t.at(cOrgs)
		u.agents, u.agentsAt = splitList(t.get(cAgents)), t.at(cAgents)
		u.given, u.family, u.email, u.phone = t.get(cGiven), t.get(cFamily), t.get(cEmail), t.get(cPhone)
		u.gradesAt = t.at(cGrades)
		if u.phone == "" {
			u.phone = t.get(cSMS)
		}
		readFlag(t, cEnabled) // checked, not used: a disabled account is still on the roster
		if cRole >= 0 && (needRole || t.get(cRole) != "") {
			var ok bool
			u.role, ok = readRole(t, cRole)
			u.roleBad = !ok
		}
		var valid bool
		u.grade, u.hasGrade, valid = readGrades(t, cGrades)
		u.gradeBad = !valid
		u.meta = readMeta(t, mc)
	}
	return rows, seen, t.state
}

// roleRow is a row of roles.csv (OneRoster 1.2).
type roleRow struct {
	user, org     string
	role          role
	bad           bool // reported: the role is unknown
	primary       bool
	status        status
	userAt, orgAt pos
}

func readRoles(in *input, p *problems) ([]roleRow, fileState) {
	t, exists := openTable(in, rolesFile, p)
	if t == nil {
		return nil, fileState{exists: exists}
	}
	defer t.close()
	if !t.require("sourcedId", "userSourcedId", "role", "orgSourcedId") {
		return nil, fileState{exists: true}
	}
	cID, cStatus, cUser, cRole, cOrg, cType := t.col("sourcedId"), t.col("status"), t.col("userSourcedId"), t.col("role"), t.col("orgSourcedId"), t.col("roleType")
	cBegin, cEnd := t.col("beginDate"), t.col("endDate")
	seen := map[string]int{}
	var rows []roleRow
	for t.next() {
		if _, ok := readID(t, cID, seen, len(rows)); !ok {
			continue
		}
		r := roleRow{user: t.get(cUser), org: t.get(cOrg), status: readStatus(t, cStatus), userAt: t.at(cUser), orgAt: t.at(cOrg)}
		if r.user == "" {
			t.fail(cUser, invalidf("userSourcedId is empty"))
		}
		if r.org == "" {
			t.fail(cOrg, invalidf("orgSourcedId is empty"))
		}
		var ok bool
		r.role, ok = readRole(t, cRole)
		r.bad = !ok
		switch v := t.get(cType); strings.ToLower(v) {
		case "primary":
			r.primary = true
		case "secondary", "":
		default:
			t.fail(cType, invalidf("roleType %q: want primary or secondary", v))
		}
		readDate(t, cBegin)
		readDate(t, cEnd)
		rows = append(rows, r)
	}
	return rows, t.state
}

type classRow struct {
	id, title, school string
	grade             model.Grade
	hasGrade          bool
	status            status
	at, schoolAt      pos
}

func readClasses(in *input, p *problems) ([]classRow, map[string]int, fileState) {
	t, exists := openTable(in, classesFile, p)
	if t == nil {
		return nil, nil, fileState{exists: exists}
	}
	defer t.close()
	seen := map[string]int{}
	if !t.require("sourcedId", "schoolSourcedId") {
		return nil, seen, fileState{exists: true}
	}
	cID, cStatus, cTitle, cGrades, cSchool := t.col("sourcedId"), t.col("status"), t.col("title"), t.col("grades"), t.col("schoolSourcedId")
	var rows []classRow
	for t.next() {
		id, ok := readID(t, cID, seen, len(rows))
		if !ok {
			continue
		}
		c := classRow{id: id, title: t.get(cTitle), school: t.get(cSchool), status: readStatus(t, cStatus), at: t.at(cID), schoolAt: t.at(cSchool)}
		if c.school == "" {
			t.fail(cSchool, invalidf("schoolSourcedId is empty"))
		}
		c.grade, c.hasGrade, _ = readGrades(t, cGrades)
		rows = append(rows, c)
	}
	return rows, seen, t.state
}

type enrollmentRow struct {
	class, school, user       string
	role                      role
	primary                   bool
	status                    status
	classAt, schoolAt, userAt pos
	roleAt                    pos
}

func readEnrollments(in *input, p *problems) ([]enrollmentRow, fileState) {
	t, exists := openTable(in, enrollmentsFile, p)
	if t == nil {
		return nil, fileState{exists: exists}
	}
	defer t.close()
	if !t.require("sourcedId", "classSourcedId", "userSourcedId", "role") {
		return nil, fileState{exists: true}
	}
	cID, cStatus, cClass, cSchool, cUser, cRole, cPrimary := t.col("sourcedId"), t.col("status"), t.col("classSourcedId"), t.col("schoolSourcedId"), t.col("userSourcedId"), t.col("role"), t.col("primary")
	cBegin, cEnd := t.col("beginDate"), t.col("endDate")
	seen := make(map[string]int, t.estimate(80))
	rows := make([]enrollmentRow, 0, t.estimate(80))
	for t.next() {
		if _, ok := readID(t, cID, seen, len(rows)); !ok {
			continue
		}
		e := enrollmentRow{class: t.get(cClass), school: t.get(cSchool), user: t.get(cUser), status: readStatus(t, cStatus),
			classAt: t.at(cClass), schoolAt: t.at(cSchool), userAt: t.at(cUser), roleAt: t.at(cRole)}
		if e.class == "" {
			t.fail(cClass, invalidf("classSourcedId is empty"))
		}
		if e.user == "" {
			t.fail(cUser, invalidf("userSourcedId is empty"))
		}
		var ok bool
		if e.role, ok = readRole(t, cRole); !ok {
			continue
		}
		e.primary = readFlag(t, cPrimary) == "yes"
		begin, end := readDate(t, cBegin), readDate(t, cEnd)
		if !begin.IsZero() && !end.IsZero() && end.Before(begin) {
			t.fail(cEnd, invalidf("endDate %s is before beginDate %s", end, begin))
		}
		rows = append(rows, e)
	}
	return rows, t.state
}

type sessionRow struct {
	id, title, typ, parent, schoolYear string
	start, end                         model.Date
	status                             status
	at, parentAt                       pos
}

var sessionTypes = []string{"schoolYear", "term", "semester", "gradingPeriod"}

func readSessions(in *input, p *problems) ([]sessionRow, map[string]int, fileState) {
	t, exists := openTable(in, sessionsFile, p)
	if t == nil {
		return nil, nil, fileState{exists: exists}
	}
	defer t.close()
	seen := map[string]int{}
	if !t.require("sourcedId", "type", "startDate", "endDate") {
		return nil, seen, fileState{exists: true}
	}
	cID, cStatus, cTitle, cType, cStart, cEnd, cParent, cYear := t.col("sourcedId"), t.col("status"), t.col("title"), t.col("type"), t.col("startDate"), t.col("endDate"), t.col("parentSourcedId"), t.col("schoolYear")
	var rows []sessionRow
	for t.next() {
		id, ok := readID(t, cID, seen, len(rows))
		if !ok {
			continue
		}
		s := sessionRow{id: id, title: t.get(cTitle), parent: t.get(cParent), schoolYear: t.get(cYear), status: readStatus(t, cStatus), at: t.at(cID), parentAt: t.at(cParent)}
		s.typ = t.get(cType)
		if !containsFold(sessionTypes, s.typ) {
			t.fail(cType, invalidf("session type %q: want one of %s", s.typ, strings.Join(sessionTypes, ", ")))
		}
		s.typ = strings.ToLower(s.typ)
		s.start, s.end = readDate(t, cStart), readDate(t, cEnd)
		if t.get(cStart) == "" {
			t.fail(cStart, invalidf("startDate is empty"))
		}
		if t.get(cEnd) == "" {
			t.fail(cEnd, invalidf("endDate is empty"))
		}
		if !s.start.IsZero() && !s.end.IsZero() && s.end.Before(s.start) {
			t.fail(cEnd, invalidf("endDate %s is before startDate %s", s.end, s.start))
		}
		rows = append(rows, s)
	}
	return rows, seen, t.state
}

// demographicRow carries a student's audit attributes from demographics.csv.
type demographicRow struct {
	user     string
	status   status
	sex      string
	race     string
	hispanic string
	meta     userMeta
	at       pos
}

// raceColumns are the race flags of demographics.csv and the value each
// gives the "race" attribute.
var raceColumns = []struct{ col, value string }{
	{"americanIndianOrAlaskaNative", "american-indian-or-alaska-native"},
	{"asian", "asian"},
	{"blackOrAfricanAmerican", "black-or-african-american"},
	{"nativeHawaiianOrOtherPacificIslander", "native-hawaiian-or-other-pacific-islander"},
	{"white", "white"},
}

var sexes = []string{"male", "female", "other", "unspecified"}

func readDemographics(in *input, p *problems) ([]demographicRow, fileState) {
	t, exists := openTable(in, demographicsFile, p)
	if t == nil {
		return nil, fileState{exists: exists}
	}
	defer t.close()
	if !t.require("sourcedId") {
		return nil, fileState{exists: true}
	}
	cID, cStatus, cSex, cTwo, cHisp, cBirth := t.col("sourcedId"), t.col("status"), t.col("sex"), t.col("demographicRaceTwoOrMoreRaces"), t.col("hispanicOrLatinoEthnicity"), t.col("birthDate")
	raceCols := make([]int, len(raceColumns))
	for i, rc := range raceColumns {
		raceCols[i] = t.col(rc.col)
	}
	mc := metaColsOf(t)
	seen := make(map[string]int, t.estimate(80))
	rows := make([]demographicRow, 0, t.estimate(80))
	for t.next() {
		id, ok := readID(t, cID, seen, len(rows))
		if !ok {
			continue
		}
		rows = append(rows, demographicRow{user: id, status: readStatus(t, cStatus), at: t.at(cID), hispanic: readFlag(t, cHisp)})
		d := &rows[len(rows)-1]
		if v := t.get(cSex); v != "" {
			if containsFold(sexes, v) {
				d.sex = strings.ToLower(v)
			} else {
				t.fail(cSex, invalidf("sex %q: want one of %s", v, strings.Join(sexes, ", ")))
			}
		}
		readDate(t, cBirth) // checked, never kept: a birth date is personal data
		races, recorded := 0, false
		for i, rc := range raceColumns {
			switch readFlag(t, raceCols[i]) {
			case "yes":
				races++
				d.race, recorded = rc.value, true
			case "no":
				recorded = true
			}
		}
		if readFlag(t, cTwo) == "yes" || races > 1 {
			d.race = "two-or-more"
		} else if recorded && races == 0 {
			d.race = ""
		}
		d.meta = readMeta(t, mc)
	}
	return rows, t.state
}

func containsFold[S ~string](list []S, v S) bool {
	for _, x := range list {
		if strings.EqualFold(string(x), string(v)) {
			return true
		}
	}
	return false
}

func joinStrings[S ~string](list []S) string {
	parts := make([]string, len(list))
	for i, x := range list {
		parts[i] = string(x)
	}
	return strings.Join(parts, ", ")
}
