package practices

import "strings"

// Severity is how much a finding weighs.
type Severity string

// Severities. A violation breaks one of the five non-negotiables and no
// policy can silence it; an advisory is a recommendation of the seeds or of
// RTI's study that a policy may tune or turn off; a data finding says the
// record itself is incoherent and does not count toward fidelity.
const (
	Violation Severity = "violation"
	Advisory  Severity = "advisory"
	Data      Severity = "data"
)

// Unit is the kind of thing a rule judges; a rule gives at most one finding
// per unit.
type Unit string

// Units.
const (
	VisitUnit         Unit = "visit"
	VisitEducatorUnit Unit = "visit×educator"
	FamilyYearUnit    Unit = "family-year"
	EducatorYearUnit  Unit = "educator-year"
	SchoolYearUnit    Unit = "school-year"
	DistrictYearUnit  Unit = "district-year"
	RecordUnit        Unit = "record"
)

// Due is when a unit's outcome is settled enough to judge. Before that the
// report shows progress, never a finding.
type Due string

// Due points.
const (
	DueAtVisit      Due = "visit"             // once the visit has taken place
	DueAfterReflect Due = "reflection window" // once the reflection window has closed
	DueEndOfSpring  Due = "end of spring"     // at the end of the school year's spring
	DueEndOfYear    Due = "end of year"       // at the last day of the school year
	DueAtInvitation Due = "invitation"        // as soon as invitations exist
	DueWhenRecorded Due = "recorded"          // as soon as the record exists
)

// Rule is one entry of the PTHV rule catalogue. The catalogue is a table of
// values so that [Rules], docs/rules.md and the tests all read the same
// thing.
type Rule struct {
	ID       string   // stable id such as "P5.pair"
	Practice string   // "P1"…"P5", "R" (roles and culture) or "L" (record integrity)
	Severity Severity // for P4.cross-section, the severity of its gravest finding
	Unit     Unit
	Due      Due
	// AtBooking marks the rules decidable for a proposed visit (● in the
	// catalogue); Guard applies exactly these.
	AtBooking bool
	// Implies lists rules that a breach of this one also breaks (a solo
	// visit cannot be reflected on together).
	Implies []string
	// Policy lists the Policy fields (JSON names) that tune the rule.
	Policy []string
	Title  string // one line, plain language
	Source string // the seed or study the rule encodes, quoted
}

// catalogue returns the rule table, in catalogue order.
func catalogue() []Rule {
	return []Rule{
		// P1 — voluntary for educators and families, arranged in advance.
		{ID: "P1.family-consent", Practice: "P1", Severity: Violation, Unit: VisitUnit, Due: DueAtVisit, AtBooking: true,
			Title:  "the family agreed to a visit this school year before it took place and had not withdrawn",
			Source: "PTHV: \"Visits are voluntary for educators and families, and arranged in advance.\" RTI: families \"proactively ask educators when they are coming\"."},
		{ID: "P1.educator-consent", Practice: "P1", Severity: Violation, Unit: VisitEducatorUnit, Due: DueAtVisit, AtBooking: true,
			Title:  "every educator on the visit opted in for the school year",
			Source: "Organizing Engagement: \"Home visits are never mandatory: all participants must agree to the visit.\""},
		{ID: "P1.arranged-in-advance", Practice: "P1", Severity: Violation, Unit: VisitUnit, Due: DueAtVisit, AtBooking: true,
			Implies: []string{"P1.notice"},
			Title:   "the visit was arranged before it started, never a drop-in",
			Source:  "PTHV: \"Home visits are not 'drop ins,' but rather an appointment set between two willing colleagues.\""},
		{ID: "P1.notice", Practice: "P1", Severity: Advisory, Unit: VisitUnit, Due: DueAtVisit, Policy: []string{"min_notice"},
			Title:  "the visit was arranged at least the minimum notice before it started (from the last agreed change)",
			Source: "Library choice (24h), from core practice 1: \"arranged in advance\"."},
		{ID: "P1.declined-respected", Practice: "P1", Severity: Violation, Unit: VisitUnit, Due: DueAtVisit, AtBooking: true,
			Implies: []string{"P1.family-consent"},
			Title:   "no visit after a decline or withdrawal unless the family later accepted again",
			Source:  "RTI: schools should \"respect the right for an educator or family to refuse participation\"."},
		{ID: "P1.no-repeat-pressure", Practice: "P1", Severity: Advisory, Unit: FamilyYearUnit, Due: DueAtInvitation, Policy: []string{"max_reinvites"},
			Title:  "at most the allowed number of new invitations after an explicit decline",
			Source: "RTI: \"respect the right for an educator or family to refuse participation\"."},
		{ID: "P1.no-mandate", Practice: "P1", Severity: Violation, Unit: SchoolYearUnit, Due: DueWhenRecorded,
			Title:  "no goal or plan makes participation required, and no per-educator quotas",
			Source: "RTI: educators \"interpreted the principals' school-wide goals related to PTHV as mandatory\"."},

		// P2 — trained, and compensated outside the school day.
		{ID: "P2.trained", Practice: "P2", Severity: Violation, Unit: VisitEducatorUnit, Due: DueAtVisit, AtBooking: true,
			Title:  "every educator on the visit completed PTHV training before the visit date",
			Source: "PTHV: \"Teachers are trained, and compensated for visits outside their school day.\""},
		{ID: "P2.compensated", Practice: "P2", Severity: Violation, Unit: VisitEducatorUnit, Due: DueAtVisit,
			Title:  "minutes outside the educator's working day are paid, per visit with a funding source or by a stipend",
			Source: "PTHV: educators are \"compensated for visits outside of the school day to demonstrate value and respect for the time committed\"."},
		{ID: "P2.classified-eligible", Practice: "P2", Severity: Advisory, Unit: SchoolYearUnit, Due: DueEndOfYear,
			Title:  "classified staff who visit are compensated at least like certificated staff",
			Source: "RTI: \"revise compensation policies or practices that may prevent classified staff from participating\"."},
		{ID: "P2.refresher", Practice: "P2", Severity: Advisory, Unit: EducatorYearUnit, Due: DueEndOfYear, Policy: []string{"refresher_after"},
			Title:  "veterans trained long ago had a refresher since",
			Source: "RTI: \"implement ongoing refresher trainings for veteran home visit educators\"."},

		// P3 — first visit: relationship; second visit: academics.
		{ID: "P3.first-visit-focus", Practice: "P3", Severity: Violation, Unit: VisitUnit, Due: DueAtVisit,
			Title:  "the first visit covered hopes and dreams or relationship-building",
			Source: "PTHV: \"This first visit focuses on sharing hopes and dreams.\""},
		{ID: "P3.first-visit-no-agenda", Practice: "P3", Severity: Violation, Unit: VisitUnit, Due: DueAtVisit, AtBooking: true,
			Title:  "the educators brought no academic, behavior, attendance or assessment agenda to the first visit",
			Source: "Organizing Engagement: \"the initial home visit is focused entirely on relationship-building\"."},
		{ID: "P3.first-visit-season", Practice: "P3", Severity: Advisory, Unit: VisitUnit, Due: DueAtVisit,
			Title:  "the first visit took place in summer or fall",
			Source: "Organizing Engagement: \"The initial visit can take place at any time during the year, but the first is ideally conducted … during either the summer or fall.\""},
		{ID: "P3.second-after-first", Practice: "P3", Severity: Advisory, Unit: VisitUnit, Due: DueAtVisit,
			Title:  "a visit labelled second follows a completed first visit that school year",
			Source: "PTHV: \"PTHV is a two-visit model.\""},
		{ID: "P3.second-visit-offered", Practice: "P3", Severity: Advisory, Unit: FamilyYearUnit, Due: DueEndOfSpring,
			Title:  "a family with a completed first visit was offered a second visit by the end of spring",
			Source: "RTI: \"continue to include the second visit as a highly recommended component\"."},
		{ID: "P3.second-visit-focus", Practice: "P3", Severity: Advisory, Unit: VisitUnit, Due: DueAtVisit,
			Title:  "the second visit covered academics or an issue the family raised, referring back to the first",
			Source: "RTI: \"A second visit in the winter or spring focuses on academics, with reference to the hopes, dreams, and goals shared in the first visit.\""},
		{ID: "P3.second-visit-season", Practice: "P3", Severity: Advisory, Unit: VisitUnit, Due: DueAtVisit,
			Title:  "the second visit took place in winter or spring",
			Source: "PTHV: \"2nd Home Visit – Winter or Spring\"."},
		{ID: "P3.follow-up", Practice: "P3", Severity: Advisory, Unit: FamilyYearUnit, Due: DueEndOfYear,
			Title:  "two-way communication between the first and second visit, at least one message each way",
			Source: "Organizing Engagement: \"ongoing two-way communication and collaboration following the first visit\"."},
		{ID: "P3.duration", Practice: "P3", Severity: Advisory, Unit: VisitUnit, Due: DueAtVisit,
			Policy: []string{"duration_min", "duration_max", "duration_finding_min", "duration_finding_max"},
			Title:  "the visit lasted about the model's 30–40 minutes",
			Source: "PTHV: \"These are short, 30- to 40-minute conversations.\""},
		{ID: "P3.location", Practice: "P3", Severity: Advisory, Unit: VisitUnit, Due: DueAtVisit, AtBooking: true,
			Title:  "at home, or at a public place or school when the family asked for it",
			Source: "Organizing Engagement: \"teachers may also meet with families in a public location—such as a library, park, or coffee shop—if it is more convenient or if the families request\" it."},

		// P4 — no targeting.
		{ID: "P4.selection-criteria", Practice: "P4", Severity: Violation, Unit: SchoolYearUnit, Due: DueAtInvitation,
			Title:  "invitations were not chosen by a student attribute; only school, grade, class or teacher scope",
			Source: "PTHV: \"Educators visit a cross-section of students and do not target any subgroup of students.\""},
		{ID: "P4.cross-section", Practice: "P4", Severity: Violation, Unit: SchoolYearUnit, Due: DueAtInvitation,
			Policy: []string{"targeting_alpha", "targeting_v", "targeting_gap", "advisory_alpha", "advisory_v", "advisory_gap", "monte_carlo_draws", "monte_carlo_seed"},
			Title:  "invited families are representative of their scope on every audited attribute",
			Source: "RTI: \"No targeting – visit all or a cross-section of students so there is no stigma.\""},

		// P5 — pairs, and reflection afterwards.
		{ID: "P5.pair", Practice: "P5", Severity: Violation, Unit: VisitUnit, Due: DueAtVisit, AtBooking: true,
			Implies: []string{"P5.reflection"},
			Title:   "at least two educators on the visit (interpreters do not count)",
			Source:  "Organizing Engagement: \"Educators always conduct visits in pairs.\""},
		{ID: "P5.group-size", Practice: "P5", Severity: Advisory, Unit: VisitUnit, Due: DueAtVisit, AtBooking: true, Policy: []string{"max_group_size"},
			Title:  "no more than four educators on a visit",
			Source: "RTI: educators visited \"in pairs, or sometimes in groups of three or four\"."},
		{ID: "P5.teacher-on-visit", Practice: "P5", Severity: Advisory, Unit: VisitUnit, Due: DueAtVisit,
			Title:  "one visitor is a current teacher of a listed student",
			Source: "Organizing Engagement: \"teams of two—the child's teacher and a trusted colleague\"."},
		{ID: "P5.reflection", Practice: "P5", Severity: Violation, Unit: VisitUnit, Due: DueAfterReflect, Policy: []string{"reflect_within"},
			Title:  "the visitors recorded a reflection together within the reflection window",
			Source: "RTI: \"Educators conduct visits in pairs and, after the visit, reflect with their partners.\""},
		{ID: "P5.bias-reflection", Practice: "P5", Severity: Advisory, Unit: VisitUnit, Due: DueAfterReflect,
			Title:  "the reflection covered the visitors' assumptions and biases",
			Source: "PTHV: reflection covers \"what biases were held about the family prior to the visit and how those assumptions changed\"."},
		{ID: "P5.language", Practice: "P5", Severity: Advisory, Unit: VisitUnit, Due: DueAtVisit,
			Title:  "a family needing another language had a visitor or interpreter who speaks it",
			Source: "RTI: liaisons \"were often bilingual and tended to be trusted and known to many families\"."},
		{ID: "P5.pair-variety", Practice: "P5", Severity: Advisory, Unit: SchoolYearUnit, Due: DueEndOfYear,
			Title:  "the school uses varied types of pairs",
			Source: "RTI: educators \"recommended varying types of pairs\"."},

		// R — roles and culture.
		{ID: "R.school-coordinator", Practice: "R", Severity: Advisory, Unit: SchoolYearUnit, Due: DueWhenRecorded,
			Title:  "the school names a PTHV coordinator",
			Source: "RTI: \"School PTHV coordinator: This is the school point person for PTHV.\""},
		{ID: "R.coordinator-not-principal", Practice: "R", Severity: Advisory, Unit: SchoolYearUnit, Due: DueWhenRecorded,
			Title:  "the school's coordinator is not the principal",
			Source: "RTI: \"School principals should not serve as school PTHV coordinators.\""},
		{ID: "R.district-coordinator", Practice: "R", Severity: Advisory, Unit: DistrictYearUnit, Due: DueWhenRecorded,
			Title:  "the district names a PTHV coordinator",
			Source: "RTI: \"District PTHV coordinator: This person is the main advocate and administrator of the program.\""},
		{ID: "R.school-celebration", Practice: "R", Severity: Advisory, Unit: SchoolYearUnit, Due: DueEndOfYear,
			Title:  "the school held at least one celebration or visibility event elevating families' voices",
			Source: "RTI: \"Schools should organize at least one event to highlight and celebrate the home visit practice … and make sure that the voices and experiences of families are elevated.\""},
		{ID: "R.district-event", Practice: "R", Severity: Advisory, Unit: DistrictYearUnit, Due: DueEndOfYear,
			Title:  "the district held at least one visibility event",
			Source: "RTI: \"The district PTHV coordinator should organize at least one event during the year to raise the visibility of the program.\""},
		{ID: "R.tracking", Practice: "R", Severity: Advisory, Unit: VisitUnit, Due: DueWhenRecorded,
			Title:  "the visit names its students, so the school can see who has had a visit",
			Source: "RTI: \"develop tracking systems that educators can use to track if certain students received home visits\"."},

		// L — record integrity.
		{ID: "L.sequence", Practice: "L", Severity: Data, Unit: RecordUnit, Due: DueWhenRecorded,
			Title:  "an event the visit lifecycle cannot place is reported with its record, never dropped",
			Source: "Library rule: nothing the user recorded is lost."},
	}
}

// Rules returns the rule catalogue in catalogue order. The slice is a copy.
func Rules() []Rule { return catalogue() }

// RuleByID returns the rule with the given id.
func RuleByID(id string) (Rule, bool) {
	for _, r := range catalogue() {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// MatchRules returns the ids matching a filter such as "P5.*", "P1.notice" or
// "P3" (a practice). An empty filter matches every rule.
func MatchRules(filter string) []string {
	var out []string
	for _, r := range catalogue() {
		if ruleMatches(r, filter) {
			out = append(out, r.ID)
		}
	}
	return out
}

func ruleMatches(r Rule, filter string) bool {
	switch {
	case filter == "" || filter == "*":
		return true
	case strings.HasSuffix(filter, "*"):
		return strings.HasPrefix(r.ID, strings.TrimSuffix(filter, "*"))
	case filter == r.Practice:
		return true
	}
	return filter == r.ID
}

// PracticeTitle returns the heading of a practice group ("P1" … "P5", "R",
// "L"), or the id itself when it is unknown.
func PracticeTitle(practice string) string {
	switch practice {
	case "P1":
		return "P1 — Voluntary for educators and families, arranged in advance"
	case "P2":
		return "P2 — Educators trained, and compensated for visits outside the school day"
	case "P3":
		return "P3 — First visit: relationship, hopes and dreams; second visit: academics"
	case "P4":
		return "P4 — No targeting: all families, or a non-stigmatizing cross-section"
	case "P5":
		return "P5 — Visits in pairs, with reflection afterwards"
	case "R":
		return "R — Roles and culture (RTI recommendations)"
	case "L":
		return "L — Record integrity"
	}
	return practice
}
