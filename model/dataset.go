package model

// Format is the value of a dataset's "format" field.
const Format = "pthv/v1"

// Dataset is the whole record of a program for one school year: the
// district, its schools and people (with their history across years), the
// calendar and policy, and what happened — plans, goals, invitations,
// withdrawals, visits, communications and events.
//
// A Dataset records what really happened, breaches included: decoding
// rejects only structural errors (bad JSON, wrong types, dangling or
// duplicate ids), and judging practice is the practices package's job.
type Dataset struct {
	Format   string     `json:"format"`
	District District   `json:"district"`
	Year     SchoolYear `json:"year"`
	Calendar Calendar   `json:"calendar"`
	Policy   Policy     `json:"policy"`
	// Revision counts the times the dataset was written back: every pthv
	// command that writes a change into a dataset file increments it. A
	// copy taken out to be edited elsewhere — a coordinator's workbook —
	// carries the revision it was taken from, so that reading it back
	// into a dataset written since can be refused instead of undoing
	// what was recorded in between. Zero for a dataset never written
	// back.
	Revision int `json:"revision,omitempty"`

	Schools   []School   `json:"schools,omitempty"`
	Classes   []Class    `json:"classes,omitempty"`
	Educators []Educator `json:"educators,omitempty"`
	Students  []Student  `json:"students,omitempty"`
	Families  []Family   `json:"families,omitempty"`
	PastPairs []PastPair `json:"past_pairs,omitempty"`

	Plans          []Plan          `json:"plans,omitempty"`
	Goals          []Goal          `json:"goals,omitempty"`
	Invitations    []Invitation    `json:"invitations,omitempty"`
	Withdrawals    []Withdrawal    `json:"withdrawals,omitempty"`
	Visits         []Visit         `json:"visits,omitempty"`
	Communications []Communication `json:"communications,omitempty"`
	Events         []Event         `json:"events,omitempty"`

	// Contacts holds names, addresses and phone numbers. It is optional,
	// and nothing pthv writes — findings, logs, exports, even a re-encoded
	// dataset — carries it unless the caller asks for it explicitly.
	Contacts *Contacts `json:"contacts,omitempty"`
}

// Contacts is the personal contact data of a program, kept apart so that it
// never leaks into findings or exports.
type Contacts struct {
	Families  []FamilyContact  `json:"families,omitempty"`
	Educators []PersonContact  `json:"educators,omitempty"`
	Students  []StudentContact `json:"students,omitempty"`
}

// FamilyContact is how to reach a family.
type FamilyContact struct {
	Family    FamilyID `json:"family"`
	Guardians []Person `json:"guardians,omitempty"`
	Address   string   `json:"address,omitempty"`
	Phone     string   `json:"phone,omitempty"`
}

// Person is a named person with optional contact details.
type Person struct {
	Name  string `json:"name"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

// PersonContact is an educator's name and contact details.
type PersonContact struct {
	Educator EducatorID `json:"educator"`
	Person
}

// StudentContact is a student's name.
type StudentContact struct {
	Student StudentID `json:"student"`
	Name    string    `json:"name"`
}
