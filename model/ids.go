package model

// Identifiers are distinct string types so that a student id cannot be passed
// where a family id is expected. They are opaque: pthv never parses them and
// they carry no personal data, which is why findings, logs and exports name
// records by id only.
type (
	// DistrictID identifies a district.
	DistrictID string
	// SchoolID identifies a school (a site, in PTHV's words).
	SchoolID string
	// ClassID identifies a class or section; secondary schools may scope visits by class.
	ClassID string
	// EducatorID identifies a member of school staff, certificated or classified.
	EducatorID string
	// StudentID identifies a student.
	StudentID string
	// FamilyID identifies a family: the household of one or more students.
	FamilyID string
	// InvitationID identifies an invitation to a visit, or a family's own request.
	InvitationID string
	// VisitID identifies a visit. It stays the same across reschedules.
	VisitID string
	// CommunicationID identifies one message between school and family.
	CommunicationID string
	// EventID identifies a celebration or visibility event.
	EventID string
	// GoalID identifies a recorded program goal.
	GoalID string
	// PlanID identifies a selection plan that chose families to invite.
	PlanID string
	// InterpreterID identifies an interpreter. Interpreters are not educators:
	// they do not count toward a pair, consent or pay.
	InterpreterID string
)

// Language is a language tag such as "en", "es" or "hmn" (BCP 47 recommended,
// compared exactly).
type Language string

// IsFileNameSafe reports whether id may stand in the name of a file pthv
// writes, such as the school year's in "schedule-2025-26.ics": 1 to 64
// characters, each an ASCII letter or digit, '.', '_' or '-', and not
// starting with '.' or '-'. Validation holds the school year's id to it,
// so no id can steer a file out of the folder it is written to.
func IsFileNameSafe(id string) bool {
	if id == "" || len(id) > 64 || id[0] == '.' || id[0] == '-' {
		return false
	}
	for _, r := range []byte(id) {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '.', r == '_', r == '-':
		default:
			return false
		}
	}
	return true
}
