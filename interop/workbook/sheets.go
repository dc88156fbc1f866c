package workbook

import (
	"strings"

	"github.com/homevisits/pthv/model"
)

// kind is what a column holds, which decides how a cell is written (a
// text, number or date cell, with a list of choices or not) and read.
type kind int

const (
	textKind        kind = iota // free text, read exactly
	idKind                      // a record id, read exactly
	listKind                    // ids or codes separated by ";"
	choiceKind                  // one of the column's choices
	yesNoKind                   // yes or no
	dateKind                    // a date: 2025-09-12
	dateTimeKind                // a local date and time: 2025-09-12 16:30
	dateOrStampKind             // a date and time, written as the date alone at midnight
	clockKind                   // a time of day: 16:30
	countKind                   // a whole number
	amountKind                  // dollars and cents
)

// timed reports whether k is kept in a date cell.
func (k kind) timed() bool {
	return k == dateKind || k == dateTimeKind || k == dateOrStampKind || k == clockKind
}

// column is one column of a sheet.
type column struct {
	name    string // the header, in plain words
	kind    kind
	choices []string // for choiceKind
	about   string   // what it holds, for the README sheet
}

// sheet is one sheet of the workbook.
type sheet struct {
	name     string
	about    string
	columns  []column // for the Visits sheet, learned from the visit log instead
	contacts bool     // written only with Options.Contacts
}

// The sheet names; they are also the CSV files' names, with ".csv".
const (
	readmeSheet      = "README"
	educatorsSheet   = "Educators"
	trainingsSheet   = "Trainings"
	invitationsSheet = "Invitations"
	attemptsSheet    = "Contact attempts"
	withdrawalsSheet = "Withdrawals"
	visitsSheet      = "Visits"
	topicsSheet      = "Topics"
	paySheet         = "Pay"
	reschedulesSheet = "Reschedules"
	messagesSheet    = "Messages"
	eventsSheet      = "Events"
	familiesSheet    = "Family contacts"
	guardiansSheet   = "Guardians"
	staffSheet       = "Educator contacts"
	studentsSheet    = "Student names"
)

// Choices, as the model defines them.
var (
	yesNo         = []string{"yes", "no"}
	roles         = choices(model.Certificated, model.Classified)
	positions     = choices(model.Teacher, model.Principal, model.AssistantPrincipal, model.Counselor, model.Liaison, model.Paraprofessional, model.CoordinatorStaff, model.Administrator, model.OtherPosition)
	trainingKinds = choices(model.InitialTraining, model.RefresherTraining)
	origins       = choices(model.SchoolInvitation, model.FamilyRequest)
	visitKinds    = choices(model.FirstVisit, model.SecondVisit, model.OtherVisit)
	responses     = choices(model.NoResponse, model.Accepted, model.Declined)
	statuses      = choices(model.Proposed, model.Scheduled, model.Completed, model.Cancelled, model.NoShow)
	parties       = choices(model.ByFamily, model.ByEducator, model.BySchool)
	locations     = choices(model.Home, model.Library, model.Park, model.Cafe, model.AtSchool, model.OtherLocation)
	topicKinds    = choices(model.HopesAndDreams, model.Relationship, model.TalentsAndStrengths, model.WorkingTogether, model.Expectations,
		model.Academics, model.Behavior, model.Attendance, model.Assessment, model.FamilyRaisedConcern, model.OtherTopic)
	sources     = choices(model.FundingSources()...)
	directions  = choices(model.SchoolToFamily, model.FamilyToSchool)
	channels    = choices(model.Phone, model.Text, model.Email, model.InPerson, model.Note, model.App, model.OtherChannel)
	eventLevels = choices(model.SchoolLevel, model.DistrictLevel)
	eventKinds  = choices(model.Celebration, model.Visibility, model.ReflectionMeetup)
)

func choices[E ~string](values ...E) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

// visitChoices are the choices of the visit log's enumerated columns,
// by its column names: the Visits sheet offers them as lists.
var visitChoices = map[string][]string{
	"kind": visitKinds, "status": statuses, "cancelled_by": parties, "location": locations,
	"location_requested_by": parties, "references_first": yesNo, "bias_reflected": yesNo,
}

func id(name, about string) column   { return column{name: name, kind: idKind, about: about} }
func text(name, about string) column { return column{name: name, kind: textKind, about: about} }
func list(name, about string) column { return column{name: name, kind: listKind, about: about} }
func when(name, about string) column { return column{name: name, kind: dateTimeKind, about: about} }
func day(name, about string) column  { return column{name: name, kind: dateKind, about: about} }
func yn(name, about string) column {
	return column{name: name, kind: yesNoKind, choices: yesNo, about: about}
}
func pick(name string, values []string, about string) column {
	return column{name: name, kind: choiceKind, choices: values, about: about}
}

// sheets lists the workbook's sheets in order. The first column of every
// sheet but README names the record (or, on a detail sheet, the record
// the row belongs to).
var sheets = []sheet{
	{name: readmeSheet, about: "what this workbook is, the dataset revision it was exported from, and every sheet and column"},
	{name: educatorsSheet, about: "one row per educator: who may visit, and whether they opted in this school year", columns: []column{
		id("educator", "the educator's id"),
		id("school", "their school's id; empty for district staff"),
		pick("role", roles, "certificated or classified"),
		pick("position", positions, "their job"),
		list("languages", "the languages they can hold a visit in, separated by ;"),
		yn("opted in", "yes when they volunteered for this workbook's school year (other years are kept as they are)"),
	}},
	{name: trainingsSheet, about: "one row per PTHV training an educator completed; the sheet holds the whole training history of the educators the workbook lists", columns: []column{
		id("educator", "the educator's id"),
		day("date", "the day of the training"),
		pick("kind", trainingKinds, "initial or refresher"),
	}},
	{name: invitationsSheet, about: "one row per invitation, or family request; a family invited by two schools has two rows", columns: []column{
		id("invitation", "the invitation's id"),
		id("family", "the family invited"),
		list("students", "the students it is for, separated by ;"),
		pick("origin", origins, "school, or family-request when the family asked for the visit"),
		pick("kind", visitKinds, "the visit it invites to: first, second or other"),
		id("plan", "the selection plan that chose the family, if any"),
		text("method", "how the family was chosen when no plan is recorded, such as all or stratified"),
		list("criteria", "the keys used to choose when no plan is recorded, separated by ;"),
		when("sent", "when it was sent"),
		id("year", "the school year it is for, when not the one it was sent in"),
		id("by", "the educator who sent it"),
		pick("answer", responses, "the family's answer: none, accepted or declined; empty when not recorded"),
		when("answered at", "when the family answered"),
	}},
	{name: attemptsSheet, about: "one row per time the school tried to reach a family about an invitation (not a new invitation); the sheet holds every attempt of the invitations the workbook lists", columns: []column{
		id("invitation", "the invitation's id"),
		when("at", "when the school tried"),
	}},
	{name: withdrawalsSheet, about: "one row per family's decision to stop taking part; it covers all the family's students and cancels what was scheduled", columns: []column{
		id("family", "the family that withdrew"),
		when("at", "when it withdrew"),
	}},
	{name: visitsSheet, about: "the visit log, one row per visit: its columns are those of \"pthv export visits\" (interop/visitlog), less the ones the Topics, Pay and Reschedules sheets hold, and \"pthv import visits\" reads it as it is"},
	{name: topicsSheet, about: "one row per topic discussed on a visit; the sheet holds every topic of the visits the workbook lists", columns: []column{
		id("visit", "the visit's id"),
		pick("topic", topicKinds, "what was discussed"),
		pick("raised by", parties, "who raised it: family, educator or school; empty when not recorded"),
	}},
	{name: paySheet, about: "one row per visitor paid for a visit; the sheet holds the whole pay of the visits the workbook lists", columns: []column{
		id("visit", "the visit's id"),
		id("educator", "the educator paid"),
		{name: "minutes outside", kind: countKind, about: "the minutes of the visit outside the educator's working day"},
		{name: "amount", kind: amountKind, about: "the amount paid, in dollars and cents"},
		pick("source", sources, "who pays it; empty when not recorded"),
		yn("stipend", "yes when the educator's yearly stipend covers the visit"),
	}},
	{name: reschedulesSheet, about: "one row per earlier appointment of a visit that was moved; the sheet holds every reschedule of the visits the workbook lists", columns: []column{
		id("visit", "the visit's id"),
		when("agreed at", "when the change was agreed"),
		when("from start", "the appointment it replaced"),
		pick("by", parties, "who asked for the change: family, educator or school; empty when not recorded"),
	}},
	{name: messagesSheet, about: "one row per message between school and family", columns: []column{
		id("message", "the message's id"),
		id("family", "the family"),
		when("at", "when it was sent"),
		pick("direction", directions, "school-to-family or family-to-school"),
		pick("channel", channels, "how: phone, text, email, in-person, note, app or other"),
		id("educator", "the educator who wrote or took it"),
	}},
	{name: eventsSheet, about: "one row per celebration or visibility event", columns: []column{
		id("event", "the event's id"),
		pick("level", eventLevels, "school or district"),
		id("school", "the school that held it (for a school event)"),
		day("date", "the day of the event"),
		pick("kind", eventKinds, "celebration, visibility or reflection"),
		yn("family voices", "yes when families spoke or were featured"),
	}},
	{name: familiesSheet, contacts: true, about: "one row per family: how to reach it (only in a workbook exported with contacts)", columns: []column{
		id("family", "the family's id"),
		text("address", "its address"),
		text("phone", "its phone number"),
	}},
	{name: guardiansSheet, contacts: true, about: "one row per guardian of a family; the sheet holds every guardian of the families the workbook lists", columns: []column{
		id("family", "the family's id"),
		text("name", "the guardian's name"),
		text("phone", "their phone number"),
		text("email", "their email address"),
	}},
	{name: staffSheet, contacts: true, about: "one row per educator: name and contact details", columns: []column{
		id("educator", "the educator's id"),
		text("name", "their name"),
		text("phone", "their phone number"),
		text("email", "their email address"),
	}},
	{name: studentsSheet, contacts: true, about: "one row per student: their name", columns: []column{
		id("student", "the student's id"),
		text("name", "their name"),
	}},
}

// sheetNamed returns the sheet called name.
func sheetNamed(name string) *sheet {
	for i := range sheets {
		if sheets[i].name == name {
			return &sheets[i]
		}
	}
	return nil
}

// key turns a header into the name it is matched by: case, surrounding
// spaces, and the difference between spaces, hyphens and underscores are
// ignored ("Opted-in" is "opted in"; "visit_id" is "visit id").
func key(header string) string {
	h := strings.ToLower(strings.TrimSpace(header))
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' {
			return ' '
		}
		return r
	}, h)
}

// plain writes a visit log column name in plain words: "visit_id" is
// "visit id".
func plain(name string) string { return strings.ReplaceAll(name, "_", " ") }

// skipped reports whether a header names a column of the coordinator's
// own notes, which every sheet ignores.
func skipped(header string) bool { k := key(header); return k == "note" || k == "notes" }
