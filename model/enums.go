package model

import (
	"fmt"
	"slices"
	"strings"
)

// parseEnum checks that text is one of the values of an enumerated type. The
// empty text is accepted as "not recorded"; whether a field is required is a
// validation question, not a parsing one.
func parseEnum[E ~string](what string, text []byte, values []E) (E, error) {
	v := E(text)
	if v == "" || slices.Contains(values, v) {
		return v, nil
	}
	names := make([]string, len(values))
	for i, x := range values {
		names[i] = string(x)
	}
	return "", fmt.Errorf("%s %q: want one of %s", what, string(text), strings.Join(names, ", "))
}

// unmarshalEnum sets *p to text, one of values, for the UnmarshalText
// method of type typ; *p is left empty when text is not one of them.
func unmarshalEnum[E ~string](p *E, typ, what string, text []byte, values []E) error {
	if p == nil {
		return nilInput(typ+".UnmarshalText", "receiver")
	}
	var err error
	*p, err = parseEnum(what, text, values)
	return err
}

// Role is an educator's employment category. RTI found classified staff
// (family engagement liaisons, paraprofessionals) "critical supports" and
// recommends compensation policies that do not exclude them.
type Role string

// Roles.
const (
	Certificated Role = "certificated" // credentialed teachers, counselors, administrators
	Classified   Role = "classified"   // liaisons, paraprofessionals, other classified staff
)

var roles = []Role{Certificated, Classified}

// UnmarshalText accepts only the known roles.
func (r *Role) UnmarshalText(b []byte) error {
	return unmarshalEnum(r, "Role", "role", b, roles)
}

// Position is an educator's job. Principals matter to two rules: RTI
// recommends that the principal not serve as the school PTHV coordinator.
type Position string

// Positions.
const (
	Teacher            Position = "teacher"
	Principal          Position = "principal"
	AssistantPrincipal Position = "assistant-principal"
	Counselor          Position = "counselor"
	Liaison            Position = "liaison" // parent or family engagement liaison
	Paraprofessional   Position = "paraprofessional"
	CoordinatorStaff   Position = "coordinator" // a staff member whose job is coordination
	Administrator      Position = "administrator"
	OtherPosition      Position = "other"
)

var positions = []Position{Teacher, Principal, AssistantPrincipal, Counselor, Liaison, Paraprofessional, CoordinatorStaff, Administrator, OtherPosition}

// UnmarshalText accepts only the known positions.
func (p *Position) UnmarshalText(b []byte) error {
	return unmarshalEnum(p, "Position", "position", b, positions)
}

// TrainingKind says whether a training was an educator's initial PTHV
// training or a refresher (RTI: veterans "desired ongoing refresher trainings").
type TrainingKind string

// Training kinds.
const (
	InitialTraining   TrainingKind = "initial"
	RefresherTraining TrainingKind = "refresher"
)

var trainingKinds = []TrainingKind{InitialTraining, RefresherTraining}

// UnmarshalText accepts only the known training kinds.
func (k *TrainingKind) UnmarshalText(b []byte) error {
	return unmarshalEnum(k, "TrainingKind", "training kind", b, trainingKinds)
}

// Response is a family's answer to an invitation. The empty Response is the
// same as [NoResponse].
type Response string

// Responses.
const (
	NoResponse Response = "none"
	Accepted   Response = "accepted"
	Declined   Response = "declined"
)

var responses = []Response{NoResponse, Accepted, Declined}

// UnmarshalText accepts only the known responses.
func (r *Response) UnmarshalText(b []byte) error {
	return unmarshalEnum(r, "Response", "response", b, responses)
}

// Origin says who started an invitation. A family's own request is recorded
// as an accepted invitation with origin [FamilyRequest]: RTI describes
// families who "proactively ask educators when they are coming".
type Origin string

// Origins.
const (
	SchoolInvitation Origin = "school"
	FamilyRequest    Origin = "family-request"
)

var origins = []Origin{SchoolInvitation, FamilyRequest}

// UnmarshalText accepts only the known origins.
func (o *Origin) UnmarshalText(b []byte) error {
	return unmarshalEnum(o, "Origin", "origin", b, origins)
}

// VisitKind is the label a program gave a visit. Labels can be wrong: the
// rules treat a family's first completed visit of the year as its first
// visit, whatever it was labelled.
type VisitKind string

// Visit kinds.
const (
	FirstVisit  VisitKind = "first"
	SecondVisit VisitKind = "second"
	OtherVisit  VisitKind = "other"
)

var visitKinds = []VisitKind{FirstVisit, SecondVisit, OtherVisit}

// UnmarshalText accepts only the known visit kinds.
func (k *VisitKind) UnmarshalText(b []byte) error {
	return unmarshalEnum(k, "VisitKind", "visit kind", b, visitKinds)
}

// VisitStatus is where a visit stands.
type VisitStatus string

// Visit statuses.
const (
	Proposed  VisitStatus = "proposed"
	Scheduled VisitStatus = "scheduled"
	Completed VisitStatus = "completed"
	Cancelled VisitStatus = "cancelled"
	NoShow    VisitStatus = "no-show"
)

var visitStatuses = []VisitStatus{Proposed, Scheduled, Completed, Cancelled, NoShow}

// UnmarshalText accepts only the known visit statuses.
func (s *VisitStatus) UnmarshalText(b []byte) error {
	return unmarshalEnum(s, "VisitStatus", "visit status", b, visitStatuses)
}

// Party is a side of the relationship: who cancelled a visit, who asked for
// a location, who raised a topic.
type Party string

// Parties.
const (
	ByFamily   Party = "family"
	ByEducator Party = "educator"
	BySchool   Party = "school"
)

var parties = []Party{ByFamily, ByEducator, BySchool}

// UnmarshalText accepts only the known parties.
func (p *Party) UnmarshalText(b []byte) error {
	return unmarshalEnum(p, "Party", "party", b, parties)
}

// LocationKind is where a visit took place. Visits happen at home, or "in a
// public location—such as a library, park, or coffee shop—if it is more
// convenient or if the families request" it (Organizing Engagement).
type LocationKind string

// Location kinds.
const (
	Home          LocationKind = "home"
	Library       LocationKind = "library"
	Park          LocationKind = "park"
	Cafe          LocationKind = "cafe"
	AtSchool      LocationKind = "school"
	OtherLocation LocationKind = "other"
)

var locationKinds = []LocationKind{Home, Library, Park, Cafe, AtSchool, OtherLocation}

// UnmarshalText accepts only the known location kinds.
func (k *LocationKind) UnmarshalText(b []byte) error {
	return unmarshalEnum(k, "LocationKind", "location", b, locationKinds)
}

// Public reports whether k is a public place (library, park, café).
func (k LocationKind) Public() bool { return k == Library || k == Park || k == Cafe }

// TopicKind is a subject discussed on a visit.
type TopicKind string

// Topic kinds. The first visit "is focused entirely on relationship-building
// … the family's hopes and aspirations for their child, the child's talents
// and learning strengths, or how the teacher and parents can work together"
// (Organizing Engagement); academics, behavior, attendance and assessment
// are agenda topics that educators must not bring to a first visit.
const (
	HopesAndDreams      TopicKind = "hopes-and-dreams"
	Relationship        TopicKind = "relationship"
	TalentsAndStrengths TopicKind = "talents-and-strengths"
	WorkingTogether     TopicKind = "working-together"
	Expectations        TopicKind = "expectations"
	Academics           TopicKind = "academics"
	Behavior            TopicKind = "behavior"
	Attendance          TopicKind = "attendance"
	Assessment          TopicKind = "assessment"
	FamilyRaisedConcern TopicKind = "family-concern"
	OtherTopic          TopicKind = "other"
)

var topicKinds = []TopicKind{HopesAndDreams, Relationship, TalentsAndStrengths, WorkingTogether, Expectations, Academics, Behavior, Attendance, Assessment, FamilyRaisedConcern, OtherTopic}

// UnmarshalText accepts only the known topic kinds.
func (k *TopicKind) UnmarshalText(b []byte) error {
	return unmarshalEnum(k, "TopicKind", "topic", b, topicKinds)
}

// RelationshipBuilding reports whether k is a relationship topic, the focus
// of a first visit.
func (k TopicKind) RelationshipBuilding() bool {
	switch k {
	case HopesAndDreams, Relationship, TalentsAndStrengths, WorkingTogether, Expectations:
		return true
	}
	return false
}

// Agenda reports whether k is an academic, behavior, attendance or
// assessment topic: an agenda when educators bring it to a first visit.
func (k TopicKind) Agenda() bool {
	switch k {
	case Academics, Behavior, Attendance, Assessment:
		return true
	}
	return false
}

// FundingSource pays educators for visits outside the school day:
// "district funds (including Title I funding), foundation grants …, and union
// funds" (Organizing Engagement).
type FundingSource string

// Funding sources.
const (
	DistrictFunds FundingSource = "district"
	TitleI        FundingSource = "title-i"
	Foundation    FundingSource = "foundation"
	Union         FundingSource = "union"
	OtherFunding  FundingSource = "other"
)

var fundingSources = []FundingSource{DistrictFunds, TitleI, Foundation, Union, OtherFunding}

// FundingSources lists the known funding sources in a fixed order.
func FundingSources() []FundingSource { return slices.Clone(fundingSources) }

// UnmarshalText accepts only the known funding sources.
func (f *FundingSource) UnmarshalText(b []byte) error {
	return unmarshalEnum(f, "FundingSource", "funding source", b, fundingSources)
}

// Direction is which way a communication went. The follow-up between the
// two visits is two-way: at least one message each way.
type Direction string

// Directions.
const (
	SchoolToFamily Direction = "school-to-family"
	FamilyToSchool Direction = "family-to-school"
)

var directions = []Direction{SchoolToFamily, FamilyToSchool}

// UnmarshalText accepts only the known directions.
func (d *Direction) UnmarshalText(b []byte) error {
	return unmarshalEnum(d, "Direction", "direction", b, directions)
}

// Channel is how a communication was made: "in-person conversations or
// emails, texts, or phone calls" (Organizing Engagement).
type Channel string

// Channels.
const (
	Phone        Channel = "phone"
	Text         Channel = "text"
	Email        Channel = "email"
	InPerson     Channel = "in-person"
	Note         Channel = "note"
	App          Channel = "app"
	OtherChannel Channel = "other"
)

var channels = []Channel{Phone, Text, Email, InPerson, Note, App, OtherChannel}

// UnmarshalText accepts only the known channels.
func (c *Channel) UnmarshalText(b []byte) error {
	return unmarshalEnum(c, "Channel", "channel", b, channels)
}

// EventLevel says whether a school or the district held an event.
type EventLevel string

// Event levels.
const (
	SchoolLevel   EventLevel = "school"
	DistrictLevel EventLevel = "district"
)

var eventLevels = []EventLevel{SchoolLevel, DistrictLevel}

// UnmarshalText accepts only the known event levels.
func (l *EventLevel) UnmarshalText(b []byte) error {
	return unmarshalEnum(l, "EventLevel", "event level", b, eventLevels)
}

// EventKind is what an event was for.
type EventKind string

// Event kinds. RTI: schools "should organize at least one event to highlight
// and celebrate the home visit practice"; the district coordinator "at least
// one event during the year to raise the visibility of the program".
const (
	Celebration      EventKind = "celebration"
	Visibility       EventKind = "visibility"
	ReflectionMeetup EventKind = "reflection"
)

var eventKinds = []EventKind{Celebration, Visibility, ReflectionMeetup}

// UnmarshalText accepts only the known event kinds.
func (k *EventKind) UnmarshalText(b []byte) error {
	return unmarshalEnum(k, "EventKind", "event kind", b, eventKinds)
}
