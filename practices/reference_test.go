package practices_test

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/selection"
)

// This file is a reference checker: the whole rule catalogue of RULES.md
// written the plainest way, as an oracle for practices.Check in the manner
// of gonum's brute-force tests (pairing/matching_test.go does the same for
// the blossom algorithm). Each rule is a loop over the dataset, with no
// index, cache, parallelism or prepared fact; each branch cites the sentence
// of RULES.md it implements. It uses model's helpers only where they are
// the spec's one definition (model.NewLifecycle for first and second visits,
// model.ConsentFor for consent, SchoolYear.YearOf for a record's year,
// model.InstructionLanguages, model.Journey for the lifecycle L.sequence
// replays), and calls nothing in package practices but the types it is
// compared with. Where RULES.md leaves a detail open, the comment says
// "library choice" and names the catalogue's title or documentation it
// follows.
//
// P4.cross-section derives its scopes and populations here too, and tests
// by enumerating every table with the observed margins — Fisher's exact
// test, and the exact test the checker's Monte Carlo test estimates — with
// chi-square where RULES.md asks for it. A unit whose verdict the oracle
// cannot be sure of (a population over refComparableFamilies, a Monte
// Carlo p-value near a Holm threshold, a tie RULES.md does not break) is
// marked inexact, and its verdict is not compared.
//
// Where the oracle and the checker read RULES.md differently, refReading
// holds both readings, so that a property can hold the checker to
// everything else while TestReferenceDisagreements shows each point.

// refOutcome is how one unit fared under one rule: RULES.md, "Three
// outcomes per unit: pass, finding, or not assessable", plus pending units
// ("Due point … Before that the report shows progress, never a finding").
type refOutcome int

const (
	refPass refOutcome = iota
	refFound
	refNotAssessable
	refPending
	// refNotAUnit: the record is not a unit of the rule (a second visit
	// under a first-visit rule).
	refNotAUnit
)

// refVerdict is a rule's verdict on one unit. A finding's severity is the
// rule's unless sev says otherwise (P4.cross-section's advisories); its
// records default to those of the unit's kind.
type refVerdict struct {
	outcome refOutcome
	sev     practices.Severity
	records []string
}

func refPassed() refVerdict { return refVerdict{outcome: refPass} }
func refNA() refVerdict     { return refVerdict{outcome: refNotAssessable} }
func refLater() refVerdict  { return refVerdict{outcome: refPending} }
func refNoUnit() refVerdict { return refVerdict{outcome: refNotAUnit} }
func refFails() refVerdict  { return refVerdict{outcome: refFound} }
func refFailsOn(records ...string) refVerdict {
	return refVerdict{outcome: refFound, records: records}
}

// refUnit is one unit a rule judged.
type refUnit struct {
	rule    string
	unit    practices.Unit
	outcome refOutcome
	sev     practices.Severity // of a finding
	records []string           // of a finding
	// schools are the schools the unit is listed under, sorted by id;
	// none for a district unit.
	schools []model.SchoolID
	// scope names the P4.cross-section unit's scope and attribute, and
	// inexact is set when the oracle cannot tell its verdict for sure (a
	// population too large to enumerate, a Monte Carlo p-value too close
	// to a threshold, a tie the spec does not break).
	scope   string
	inexact bool
}

// refRule is one rule of the catalogue: its id, severity and unit as
// RULES.md's tables give them, and its judge.
type refRule struct {
	id    string
	sev   practices.Severity
	unit  practices.Unit
	judge func(r *refCheck, rule *refRule)
}

// refCatalogue is RULES.md's catalogue, in its order.
func refCatalogue() []refRule {
	V, A, D := practices.Violation, practices.Advisory, practices.Data
	return []refRule{
		{"P1.family-consent", V, practices.VisitUnit, (*refCheck).familyConsent},
		{"P1.educator-consent", V, practices.VisitEducatorUnit, (*refCheck).educatorConsent},
		{"P1.arranged-in-advance", V, practices.VisitUnit, (*refCheck).arrangedInAdvance},
		{"P1.notice", A, practices.VisitUnit, (*refCheck).notice},
		{"P1.declined-respected", V, practices.VisitUnit, (*refCheck).declinedRespected},
		{"P1.no-repeat-pressure", A, practices.FamilyYearUnit, (*refCheck).noRepeatPressure},
		{"P1.no-mandate", V, practices.SchoolYearUnit, (*refCheck).noMandate},
		{"P2.trained", V, practices.VisitEducatorUnit, (*refCheck).trained},
		{"P2.compensated", V, practices.VisitEducatorUnit, (*refCheck).compensated},
		{"P2.classified-eligible", A, practices.SchoolYearUnit, (*refCheck).classifiedEligible},
		{"P2.refresher", A, practices.EducatorYearUnit, (*refCheck).refresher},
		{"P3.first-visit-focus", V, practices.VisitUnit, (*refCheck).firstVisitFocus},
		{"P3.first-visit-no-agenda", V, practices.VisitUnit, (*refCheck).firstVisitNoAgenda},
		{"P3.first-visit-season", A, practices.VisitUnit, (*refCheck).firstVisitSeason},
		{"P3.second-after-first", A, practices.VisitUnit, (*refCheck).secondAfterFirst},
		{"P3.second-visit-offered", A, practices.StudentYearUnit, (*refCheck).secondVisitOffered},
		{"P3.second-visit-focus", A, practices.VisitUnit, (*refCheck).secondVisitFocus},
		{"P3.second-visit-season", A, practices.VisitUnit, (*refCheck).secondVisitSeason},
		{"P3.follow-up", A, practices.StudentYearUnit, (*refCheck).followUp},
		{"P3.duration", A, practices.VisitUnit, (*refCheck).duration},
		{"P3.location", A, practices.VisitUnit, (*refCheck).location},
		{"P4.selection-criteria", V, practices.SchoolYearUnit, (*refCheck).selectionCriteria},
		{"P4.cross-section", V, practices.ScopeAttributeUnit, (*refCheck).crossSection},
		{"P5.pair", V, practices.VisitUnit, (*refCheck).pair},
		{"P5.group-size", A, practices.VisitUnit, (*refCheck).groupSize},
		{"P5.teacher-on-visit", A, practices.VisitUnit, (*refCheck).teacherOnVisit},
		{"P5.reflection", V, practices.VisitUnit, (*refCheck).reflection},
		{"P5.bias-reflection", A, practices.VisitUnit, (*refCheck).biasReflection},
		{"P5.language", A, practices.VisitUnit, (*refCheck).language},
		{"P5.pair-variety", A, practices.SchoolYearUnit, (*refCheck).pairVariety},
		{"R.school-coordinator", A, practices.SchoolYearUnit, (*refCheck).schoolCoordinator},
		{"R.coordinator-not-principal", A, practices.SchoolYearUnit, (*refCheck).coordinatorNotPrincipal},
		{"R.district-coordinator", A, practices.DistrictYearUnit, (*refCheck).districtCoordinator},
		{"R.school-celebration", A, practices.SchoolYearUnit, (*refCheck).schoolCelebration},
		{"R.district-event", A, practices.DistrictYearUnit, (*refCheck).districtEvent},
		{"R.tracking", A, practices.VisitUnit, (*refCheck).tracking},
		{"L.sequence", D, practices.RecordUnit, (*refCheck).sequence},
	}
}

// refReading chooses, for each point where the oracle and the checker
// read RULES.md differently, which reading the oracle takes: false is the
// oracle's reading of the spec, true the checker's. The property runs with
// the checker's readings unless SPEC_DISAGREEMENTS=1, so that it guards
// everything else; TestReferenceDisagreements shows each point.
type refReading struct {
	// pendingClassifiedPay: a visit still to come counts a pending
	// P2.compensated unit for each of its educators, classified ones
	// included (RULES.md: the unit is "visit×educator (certificated)").
	pendingClassifiedPay bool
	// soloReflectionDue: a visit with fewer than two educators is pending
	// for P5.reflection while its window is open, and not assessable in a
	// school that records no reflections (RULES.md: "On a visit with fewer
	// than two educators it is a finding whatever by records (implied by
	// P5.pair)").
	soloReflectionDue bool
	// anyEventKind: a reflection meetup counts for R.school-celebration and
	// R.district-event (RULES.md: "at least one celebration/visibility
	// event", "at least one district visibility event").
	anyEventKind bool
	// otherYearInvitationsUnit: a family whose invitations are all for
	// other school years is a P1.no-repeat-pressure unit of this one
	// (RULES.md: a record of another year "counts for no unit").
	otherYearInvitationsUnit bool
	// lateOffers: a second-visit invitation sent after the school year, or
	// for another year, is an offer for P3.second-visit-offered (RULES.md:
	// "offered a second visit by the end of spring").
	lateOffers bool
	// pendingEveryVisitRule: a visit not yet held counts a pending (or,
	// once its time has passed, a not-assessable) unit for every visit
	// rule, even those whose unit the record already says it cannot be:
	// the first-visit rules for a visit that is not a first visit, the
	// second-visit rules for one that is not a second, P3.second-after-
	// first for a visit not labelled second, P5.language for a family that
	// needs no other language (RULES.md: "Each rule judges one kind of
	// unit"; "Guard judges a proposed visit as a first visit unless every
	// student it names … has a completed visit naming them that started
	// before it").
	pendingEveryVisitRule bool
}

// refCheck is one check of a dataset by the reference: the dataset, the
// date and policy, and the units judged so far.
type refCheck struct {
	ds      *model.Dataset
	asOf    time.Time
	pol     model.Policy
	reading refReading
	loc     *time.Location
	today   model.Date
	units   []refUnit
}

// refCheckDataset judges ds as of asOf under pol, rule by rule in
// catalogue order, leaving out the rules pol turns off.
func refCheckDataset(ds *model.Dataset, asOf time.Time, pol model.Policy, reading refReading) []refUnit {
	r := &refCheck{ds: ds, asOf: asOf, pol: pol, reading: reading, loc: ds.Calendar.Location()}
	r.today = model.DateOf(asOf.In(r.loc))
	for _, rule := range refCatalogue() {
		// "a policy may tune or turn it off" (RULES.md, Severity): only
		// advisories can be off, which the policy's validation enforces.
		if slices.Contains(pol.Off, rule.id) {
			continue
		}
		rule.judge(r, &rule)
	}
	return r.units
}

// add records a unit of rule listed under schools with verdict v, and
// returns it for the caller to annotate.
func (r *refCheck) add(rule *refRule, schools []model.SchoolID, v refVerdict) *refUnit {
	u := refUnit{rule: rule.id, unit: rule.unit, outcome: v.outcome, schools: refSorted(schools)}
	if v.outcome == refFound {
		u.sev = cmp.Or(v.sev, rule.sev)
		u.records = v.records
	}
	r.units = append(r.units, u)
	return &r.units[len(r.units)-1]
}

// ---- Looking records up, the slow way ----

func (r *refCheck) student(id model.StudentID) *model.Student {
	for i := range r.ds.Students {
		if r.ds.Students[i].ID == id {
			return &r.ds.Students[i]
		}
	}
	return nil
}

func (r *refCheck) educator(id model.EducatorID) *model.Educator {
	for i := range r.ds.Educators {
		if r.ds.Educators[i].ID == id {
			return &r.ds.Educators[i]
		}
	}
	return nil
}

func (r *refCheck) school(id model.SchoolID) *model.School {
	for i := range r.ds.Schools {
		if r.ds.Schools[i].ID == id {
			return &r.ds.Schools[i]
		}
	}
	return nil
}

func (r *refCheck) family(id model.FamilyID) *model.Family {
	for i := range r.ds.Families {
		if r.ds.Families[i].ID == id {
			return &r.ds.Families[i]
		}
	}
	return nil
}

func (r *refCheck) class(id model.ClassID) *model.Class {
	for i := range r.ds.Classes {
		if r.ds.Classes[i].ID == id {
			return &r.ds.Classes[i]
		}
	}
	return nil
}

// studentsOf returns family f's students, in dataset order.
func (r *refCheck) studentsOf(f model.FamilyID) []*model.Student {
	var out []*model.Student
	for i := range r.ds.Students {
		if r.ds.Students[i].Family == f {
			out = append(out, &r.ds.Students[i])
		}
	}
	return out
}

func refSorted[T cmp.Ordered](xs []T) []T {
	out := slices.Clone(xs)
	slices.Sort(out)
	return slices.Compact(out)
}

// schoolsOfStudents returns the schools of the students listed.
func (r *refCheck) schoolsOfStudents(ids []model.StudentID) []model.SchoolID {
	var out []model.SchoolID
	for _, id := range ids {
		if st := r.student(id); st != nil && r.school(st.School) != nil {
			out = append(out, st.School)
		}
	}
	return refSorted(out)
}

// familySchools returns every school family f has a student in.
func (r *refCheck) familySchools(f model.FamilyID) []model.SchoolID {
	var ids []model.StudentID
	for _, st := range r.studentsOf(f) {
		ids = append(ids, st.ID)
	}
	return r.schoolsOfStudents(ids)
}

// schoolsOf returns the schools of a record about family f naming
// students: RULES.md, "A unit is listed under every school of the
// students it concerns (the family's schools when it names none)".
func (r *refCheck) schoolsOf(f model.FamilyID, students []model.StudentID) []model.SchoolID {
	if len(students) == 0 {
		return r.familySchools(f)
	}
	return r.schoolsOfStudents(students)
}

func (r *refCheck) visitSchools(v *model.Visit) []model.SchoolID {
	return r.schoolsOf(v.Family, v.Students)
}

func (r *refCheck) dateOf(t time.Time) model.Date { return model.DateOf(t.In(r.loc)) }

// inYear: "Visits, messages, withdrawals and events belong to the year
// that contains them; those outside the dataset's SchoolYear count for no
// unit and no ordinal."
func (r *refCheck) inYear(t time.Time) bool { return r.ds.Year.Contains(r.dateOf(t)) }

// yearOver: the due point "end of the school year" has passed.
func (r *refCheck) yearOver() bool { return r.today.After(r.ds.Year.LastDay) }

// invitationYear: "An invitation is for the school year containing its
// sent_at, or for its year field when set."
func (r *refCheck) invitationYear(inv *model.Invitation) model.SchoolYearID {
	return r.ds.Year.YearOf(inv.Year, inv.SentAt, r.loc)
}

// tookPlace: the visit is of this year, completed, and started by the
// check's date — a visit rule's unit is due once the visit took place.
func (r *refCheck) tookPlace(v *model.Visit) bool {
	return r.inYear(v.Start) && v.Status == model.Completed && !v.Start.After(r.asOf)
}

// visitors returns the visit's distinct educators, in order. Interpreters
// are listed apart and never counted ("interpreters are not educators
// here"), a member of staff listed both as a visitor and as an
// interpreter included: they served as interpreter.
func refVisitors(v *model.Visit) []model.EducatorID {
	var out []model.EducatorID
	for _, e := range v.Visitors {
		interprets := false
		for _, in := range v.Interpreters {
			if in.Educator == e {
				interprets = true
			}
		}
		if !interprets && !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}

// teachersOf returns a student's current teachers: of record, and of its
// classes (RULES.md, P3.follow-up: "one of the student's teachers (of
// record or of the student's classes)").
func (r *refCheck) teachersOf(id model.StudentID) []model.EducatorID {
	st := r.student(id)
	if st == nil {
		return nil
	}
	out := slices.Clone(st.Teachers)
	for _, c := range st.Classes {
		if cl := r.class(c); cl != nil {
			out = append(out, cl.Teachers...)
		}
	}
	return out
}

// ---- Which "records at all" a school keeps ----
//
// RULES.md: "missing data is never a violation". A rule whose field a
// school never records at all is not assessable there, rather than a
// finding for every unit (library choice, practices' documentation: "no
// invitations, reflections, compensation or messages on record at all").
// A record is one of the schools it is listed under; a unit listed under
// several schools is assessable when any of them records the field. The
// "" key stands for records of no school.

func refMark(m map[model.SchoolID]bool, schools []model.SchoolID) {
	if len(schools) == 0 {
		m[""] = true
	}
	for _, s := range schools {
		m[s] = true
	}
}

func refAny(m map[model.SchoolID]bool, schools []model.SchoolID) bool {
	if len(schools) == 0 {
		return m[""]
	}
	for _, s := range schools {
		if m[s] {
			return true
		}
	}
	return false
}

// recordsInvitations: an invitation is a record of the schools of the
// students it names, the family's when it names none.
func (r *refCheck) recordsInvitations(schools []model.SchoolID) bool {
	m := map[model.SchoolID]bool{}
	for i := range r.ds.Invitations {
		inv := &r.ds.Invitations[i]
		refMark(m, r.schoolsOf(inv.Family, inv.Students))
	}
	return refAny(m, schools)
}

// recordsComms: a message is a record of its educator's school when that
// is one of its family's schools (a message to a middle-school teacher
// says nothing of the elementary school's records), else of the family's
// schools.
func (r *refCheck) recordsComms(schools []model.SchoolID) bool {
	m := map[model.SchoolID]bool{}
	for _, c := range r.ds.Communications {
		family := r.familySchools(c.Family)
		if e := r.educator(c.Educator); e != nil && slices.Contains(family, e.School) {
			refMark(m, []model.SchoolID{e.School})
		} else {
			refMark(m, family)
		}
	}
	return refAny(m, schools)
}

// recordsReflections and recordsCompensation: a visit's reflection and
// pay are records of the visit's schools; a reflection on a visit of
// another school year is none ("those outside the dataset's SchoolYear
// count for no unit").
func (r *refCheck) recordsReflections(schools []model.SchoolID) bool {
	m := map[model.SchoolID]bool{}
	for i := range r.ds.Visits {
		if v := &r.ds.Visits[i]; v.Reflection != nil && r.inYear(v.Start) {
			refMark(m, r.visitSchools(v))
		}
	}
	return refAny(m, schools)
}

func (r *refCheck) recordsCompensation(schools []model.SchoolID) bool {
	m := map[model.SchoolID]bool{}
	for i := range r.ds.Visits {
		if v := &r.ds.Visits[i]; len(v.Compensation) > 0 {
			refMark(m, r.visitSchools(v))
		}
	}
	return refAny(m, schools)
}

// recordsOptIns and recordsTrainings: opt-ins and trainings are records of
// the district: not assessable when no educator has any.
func (r *refCheck) recordsOptIns() bool {
	for _, e := range r.ds.Educators {
		if len(e.OptIns) > 0 {
			return true
		}
	}
	return false
}

func (r *refCheck) recordsTrainings() bool {
	for _, e := range r.ds.Educators {
		if len(e.Trainings) > 0 {
			return true
		}
	}
	return false
}

// ---- Visit units ----

// visitUnits judges every visit of the year by a visit rule. RULES.md,
// "Due point": a visit is judged once it took place; a visit still to come
// is pending. A scheduled visit whose time has passed with no outcome
// recorded is not assessable (its outcome, a field every visit rule needs,
// was not recorded). Cancelled visits and no-shows are not units: no
// visit took place. A completed visit that starts after the check's date
// is no unit either: it has not taken place, and L.sequence reports it
// (library choice).
func (r *refCheck) visitUnits(rule *refRule, judge func(v *model.Visit) refVerdict) {
	for i := range r.ds.Visits {
		v := &r.ds.Visits[i]
		if !r.inYear(v.Start) {
			continue
		}
		switch {
		case r.tookPlace(v):
			vd := judge(v)
			if vd.outcome == refNotAUnit {
				continue
			}
			if vd.outcome == refFound && vd.records == nil {
				// findings-v2: a visit unit's records are "visit, family".
				vd.records = []string{string(v.ID), string(v.Family)}
			}
			r.add(rule, r.visitSchools(v), vd)
		case v.Status == model.Scheduled || v.Status == model.Proposed:
			if r.reading.pendingEveryVisitRule || r.unitIfHeld(rule, v) {
				r.add(rule, r.visitSchools(v), r.notYetHeld(v))
			}
		}
	}
}

// unitIfHeld reports whether a visit not yet held is a unit of a visit
// rule as the record stands: a rule that judges only first visits, second
// visits, visits labelled second, or families needing another language
// has no unit in a visit that, held, would not be one.
func (r *refCheck) unitIfHeld(rule *refRule, v *model.Visit) bool {
	switch rule.id {
	case "P3.first-visit-focus", "P3.first-visit-no-agenda", "P3.first-visit-season":
		return r.ordinalIfHeld(v) == 1
	case "P3.second-visit-focus", "P3.second-visit-season":
		return r.ordinalIfHeld(v) == 2
	case "P3.second-after-first":
		return v.Kind == model.SecondVisit
	case "P5.language":
		_, unit := r.languageNeeded(v)
		return unit
	}
	return true
}

// ordinalIfHeld is how a visit not yet held would be judged, placed after
// the family's completed visits of the year that started before it ("Guard
// judges a proposed visit as a first visit unless every student it names
// (the family, when it names none) has a completed visit naming them that
// started before it; scheduled visits do not count").
func (r *refCheck) ordinalIfHeld(v *model.Visit) int {
	var students []model.StudentID
	for _, st := range r.studentsOf(v.Family) {
		students = append(students, st.ID)
	}
	held := []*model.Visit{v}
	for i := range r.ds.Visits {
		w := &r.ds.Visits[i]
		if w != v && w.Family == v.Family && w.Status == model.Completed && r.inYear(w.Start) && w.Start.Before(v.Start) {
			held = append(held, w)
		}
	}
	l := model.NewLifecycle(students, held)
	for i, w := range l.Visits {
		if w == v {
			return l.Places[i].Ordinal()
		}
	}
	return 0
}

// notYetHeld is the verdict on a visit that has not taken place.
func (r *refCheck) notYetHeld(v *model.Visit) refVerdict {
	if v.Start.After(r.asOf) {
		return refLater()
	}
	return refNA()
}

// visitorUnits judges every educator of every visit of the year by a
// visit×educator rule; isUnit says which educators are units.
func (r *refCheck) visitorUnits(rule *refRule, isUnit func(e model.EducatorID) bool, judge func(v *model.Visit, e model.EducatorID) refVerdict) {
	for i := range r.ds.Visits {
		v := &r.ds.Visits[i]
		if !r.inYear(v.Start) {
			continue
		}
		for _, e := range refVisitors(v) {
			switch {
			case r.tookPlace(v):
				if !isUnit(e) {
					continue
				}
				vd := judge(v, e)
				if vd.outcome == refFound && vd.records == nil {
					// findings-v2: "visit, family, educator".
					vd.records = []string{string(v.ID), string(v.Family), string(e)}
				}
				r.add(rule, r.visitSchools(v), vd)
			case v.Status == model.Scheduled || v.Status == model.Proposed:
				if !isUnit(e) && !(rule.id == "P2.compensated" && r.reading.pendingClassifiedPay) {
					continue
				}
				r.add(rule, r.visitSchools(v), r.notYetHeld(v))
			}
		}
	}
}

func refEveryEducator(model.EducatorID) bool { return true }

// ---- P1 — Voluntary, arranged in advance ----

// consentHistory builds family f's consent changes from the record, for
// model.ConsentFor: every answer with the year its invitation is for
// ("its answer counts for that year only, whatever the answer's date"),
// and every withdrawal with the year containing it.
func (r *refCheck) consentHistory(f model.FamilyID) []model.ConsentChange {
	var out []model.ConsentChange
	for i := range r.ds.Invitations {
		inv := &r.ds.Invitations[i]
		if inv.Family != f {
			continue
		}
		resp := inv.Response
		if resp == "" {
			resp = model.NoResponse
		}
		// "or a family request recorded as acceptance".
		if inv.Origin == model.FamilyRequest && resp == model.NoResponse {
			resp = model.Accepted
		}
		if resp == model.NoResponse {
			continue
		}
		// L.sequence: "an invitation answered before it was sent, read as
		// answered when sent"; an answer with no time, likewise.
		at := inv.RespondedAt
		if at.IsZero() || at.Before(inv.SentAt) {
			at = inv.SentAt
		}
		out = append(out, model.ConsentChange{At: at, Response: resp, Invitation: inv.ID,
			Students: inv.Students, Year: r.invitationYear(inv)})
	}
	for _, w := range r.ds.Withdrawals {
		if w.Family == f {
			// "a withdrawal covers all the family's students".
			out = append(out, model.ConsentChange{At: w.At, Response: model.Declined, Withdrawn: true,
				Year: r.ds.Year.YearOf("", w.At, r.loc)})
		}
	}
	slices.SortStableFunc(out, func(a, b model.ConsentChange) int { return a.At.Compare(b.At) })
	return out
}

// familyConsent: P1.family-consent — "the family agreed to a visit this
// school year … before it took place and had not withdrawn".
func (r *refCheck) familyConsent(rule *refRule) {
	r.visitUnits(rule, func(v *model.Visit) refVerdict {
		if !r.recordsInvitations(r.visitSchools(v)) {
			return refNA()
		}
		// "read only the answers covering a student the visit names (all
		// answers when it names none)"; "last year's acceptance does not
		// carry over".
		standing, _ := model.ConsentFor(r.consentHistory(v.Family), r.ds.Year.ID, v.Students, v.Start)
		if standing == model.Accepted {
			return refPassed()
		}
		return refFails()
	})
}

// declinedRespected: P1.declined-respected — "no visit after a decline or
// withdrawal unless the family later accepted again".
func (r *refCheck) declinedRespected(rule *refRule) {
	r.visitUnits(rule, func(v *model.Visit) refVerdict {
		if !r.recordsInvitations(r.visitSchools(v)) {
			return refNA()
		}
		standing, declined := model.ConsentFor(r.consentHistory(v.Family), r.ds.Year.ID, v.Students, v.Start)
		if declined && standing != model.Accepted {
			return refFails()
		}
		return refPassed()
	})
}

// educatorConsent: P1.educator-consent — "every educator on the visit
// opted in for that school year".
func (r *refCheck) educatorConsent(rule *refRule) {
	r.visitorUnits(rule, refEveryEducator, func(v *model.Visit, id model.EducatorID) refVerdict {
		if !r.recordsOptIns() {
			return refNA()
		}
		if e := r.educator(id); e != nil && slices.Contains(e.OptIns, r.ds.Year.ID) {
			return refPassed()
		}
		return refFails()
	})
}

// arrangedInAdvance: P1.arranged-in-advance — "arranged-at recorded and
// earlier than start".
func (r *refCheck) arrangedInAdvance(rule *refRule) {
	r.visitUnits(rule, func(v *model.Visit) refVerdict {
		switch {
		case v.ArrangedAt.IsZero():
			return refNA()
		case v.ArrangedAt.Before(v.Start):
			return refPassed()
		}
		return refFails()
	})
}

// notice: P1.notice — "arranged at least MinNotice before the start …
// from the last agreed change": the later of arranged-at and the last
// reschedule agreed; not assessable when arranged-at is not recorded.
func (r *refCheck) notice(rule *refRule) {
	r.visitUnits(rule, func(v *model.Visit) refVerdict {
		if v.ArrangedAt.IsZero() {
			return refNA()
		}
		last := v.ArrangedAt
		for _, re := range v.Reschedules {
			if re.At.After(last) {
				last = re.At
			}
		}
		// "Implied rules": a visit not arranged before it started
		// (P1.arranged-in-advance) had no notice, whatever MinNotice.
		if gap := v.Start.Sub(last); gap < time.Duration(r.pol.MinNotice) || gap <= 0 {
			return refFails()
		}
		return refPassed()
	})
}

// noRepeatPressure: P1.no-repeat-pressure — "at most MaxReinvites new
// invitations after an explicit decline; contact attempts on one
// invitation and unanswered invitations do not count". Its unit is a
// family with invitations on record; each decline of this school year is
// weighed, and the new invitations are the school's of this year sent
// after it covering a student the decline covered ("read only the
// answers covering a student …"). The rule is due "as soon as invitations
// exist": an invitation sent after the check's moment is not on record yet,
// and an answer given after it is no decline yet.
func (r *refCheck) noRepeatPressure(rule *refRule) {
	answered := func(inv *model.Invitation) time.Time {
		if inv.RespondedAt.IsZero() || inv.RespondedAt.Before(inv.SentAt) {
			return inv.SentAt
		}
		return inv.RespondedAt
	}
	for _, f := range r.ds.Families {
		var mine []*model.Invitation
		thisYear := false
		for i := range r.ds.Invitations {
			if inv := &r.ds.Invitations[i]; inv.Family == f.ID && !inv.SentAt.After(r.asOf) {
				mine = append(mine, inv)
				thisYear = thisYear || r.invitationYear(inv) == r.ds.Year.ID
			}
		}
		if len(mine) == 0 || (!thisYear && !r.reading.otherYearInvitationsUnit) {
			continue // a record of another year "counts for no unit"
		}
		// "after an explicit decline": every decline of the year is
		// weighed; the finding names the one followed by the most new
		// invitations, the earliest of those (library choice).
		after := []string{string(f.ID)}
		var named *model.Invitation
		for _, decline := range mine {
			if decline.Response != model.Declined || r.invitationYear(decline) != r.ds.Year.ID || answered(decline).After(r.asOf) {
				continue
			}
			these := []string{string(f.ID)}
			covered := model.ConsentChange{Students: decline.Students}
			for _, inv := range mine {
				if inv.Origin != model.FamilyRequest && r.invitationYear(inv) == r.ds.Year.ID &&
					inv.SentAt.After(answered(decline)) && covered.Covers(inv.Students) {
					these = append(these, string(inv.ID))
				}
			}
			if named == nil || len(these) > len(after) || len(these) == len(after) && answered(decline).Before(answered(named)) {
				named, after = decline, these
			}
		}
		v := refPassed()
		if len(after)-1 > r.pol.MaxReinvites {
			// findings-v2: "family, then the invitations sent after the decline".
			v = refFailsOn(after...)
		}
		r.add(rule, r.familySchools(f.ID), v)
	}
}

// noMandate: P1.no-mandate — "a recorded goal or plan that makes visits
// mandatory for educators or families, or per-educator quotas … A coverage
// target alone is not a mandate". A goal of no school is the district's
// and concerns every school; a plan concerns the schools of its scope.
func (r *refCheck) noMandate(rule *refRule) {
	for _, s := range r.ds.Schools {
		records := []string{string(s.ID)}
		for _, g := range r.ds.Goals {
			if (g.School == "" || g.School == s.ID) && (len(g.RequiredOf) > 0 || g.PerEducatorQuota > 0) {
				records = append(records, string(g.ID))
			}
		}
		for _, p := range r.ds.Plans {
			if len(p.RequiredOf) > 0 && slices.Contains(r.planSchools(p), s.ID) {
				records = append(records, string(p.ID))
			}
		}
		v := refPassed()
		if len(records) > 1 {
			v = refFailsOn(records...)
		}
		r.add(rule, []model.SchoolID{s.ID}, v)
	}
}

// planSchools are the schools a plan concerns: "A plan's scope is its
// recorded scope plus its school … with no school the scope is the whole
// district" (RULES.md, P4) — its school, else the values of its scope's
// school key that name a school of the dataset, else every school (a
// mandate is never dropped).
func (r *refCheck) planSchools(p model.Plan) []model.SchoolID {
	if p.School != "" {
		return []model.SchoolID{p.School}
	}
	var out []model.SchoolID
	for k, v := range p.Scope {
		if strings.EqualFold(strings.TrimSpace(k), "school") {
			for s := range strings.SplitSeq(v, "|") {
				id := model.SchoolID(strings.TrimSpace(s))
				if slices.ContainsFunc(r.ds.Schools, func(sc model.School) bool { return sc.ID == id }) {
					out = append(out, id)
				}
			}
		}
	}
	if len(out) == 0 {
		for _, s := range r.ds.Schools {
			out = append(out, s.ID)
		}
	}
	return out
}

// ---- P2 — Trained and compensated ----

// trained: P2.trained — "every educator completed PTHV training before the
// visit date (training history spans years)".
func (r *refCheck) trained(rule *refRule) {
	r.visitorUnits(rule, refEveryEducator, func(v *model.Visit, id model.EducatorID) refVerdict {
		if !r.recordsTrainings() {
			return refNA()
		}
		day := r.dateOf(v.Start)
		if e := r.educator(id); e != nil {
			for _, t := range e.Trainings {
				if t.Date.Before(day) {
					return refPassed()
				}
			}
		}
		return refFails()
	})
}

// workingHours: an educator's own hours, else the school's, else the
// calendar's (model's documented working day).
func (r *refCheck) workingHours(e *model.Educator) model.Hours {
	if e.WorkingHours != nil {
		return *e.WorkingHours
	}
	if s := r.school(e.School); s != nil && s.Hours != nil {
		return *s.Hours
	}
	return r.ds.Calendar.Hours
}

// pay returns the minutes of visit v outside educator e's working day —
// the recorded figure, else worked out from the calendar when the visit's
// duration is recorded (known is false otherwise) — and whether that time
// is paid: "a per-visit payment with a funding source (district/Title I,
// foundation, union, other) or a stipend agreement covering that
// educator-year". A compensation entry marked as stipend stands for the
// agreement only when the educator's record lists none (library choice:
// agreements are optional); beside agreements of other years only, it
// does not pay.
func (r *refCheck) pay(v *model.Visit, e *model.Educator) (minutes int, known, paid bool) {
	recorded, marked := false, false
	for _, c := range v.Compensation {
		if c.Educator != e.ID {
			continue
		}
		if !recorded {
			minutes, recorded = c.MinutesOutside, true
		}
		if c.AmountCents > 0 && c.Source != "" {
			paid = true
		}
		if c.Stipend {
			marked = true
		}
	}
	for _, s := range e.Stipends {
		if s.Year == r.ds.Year.ID {
			paid = true
		}
	}
	if marked && len(e.Stipends) == 0 {
		paid = true
	}
	if recorded {
		return minutes, true, paid
	}
	if v.Duration <= 0 {
		return 0, false, paid
	}
	minutes = r.ds.Calendar.MinutesOutsideWorkingDay(r.ds.Year, r.workingHours(e), v.Start, time.Duration(v.Duration))
	return minutes, true, paid
}

// compensated: P2.compensated — "minutes outside the educator's working
// day are compensated"; its unit is "visit×educator (certificated)":
// classified staff are P2.classified-eligible's.
func (r *refCheck) compensated(rule *refRule) {
	certificated := func(id model.EducatorID) bool {
		e := r.educator(id)
		return e != nil && e.Role == model.Certificated
	}
	r.visitorUnits(rule, certificated, func(v *model.Visit, id model.EducatorID) refVerdict {
		minutes, known, paid := r.pay(v, r.educator(id))
		switch {
		case !known || !r.recordsCompensation(r.visitSchools(v)):
			return refNA()
		case minutes == 0 || paid:
			return refPassed()
		}
		return refFails()
	})
}

// classifiedEligible: P2.classified-eligible — "classified staff … who
// visit are compensated at least like certificated staff", judged per
// school at the end of the year: the share of classified visitors' visits
// with time outside their day that were paid is at least the certificated
// share. Not assessable in a school with no such visit of either kind, or
// that records no compensation.
func (r *refCheck) classifiedEligible(rule *refRule) {
	for _, s := range r.ds.Schools {
		if !r.yearOver() {
			r.add(rule, []model.SchoolID{s.ID}, refLater())
			continue
		}
		var owed, paid [2]int // [0] certificated, [1] classified
		for i := range r.ds.Visits {
			v := &r.ds.Visits[i]
			if !r.tookPlace(v) || !slices.Contains(r.visitSchools(v), s.ID) {
				continue
			}
			for _, id := range refVisitors(v) {
				e := r.educator(id)
				if e == nil {
					continue
				}
				minutes, known, isPaid := r.pay(v, e)
				if !known || minutes == 0 {
					continue
				}
				k := 0
				if e.Role == model.Classified {
					k = 1
				}
				owed[k]++
				if isPaid {
					paid[k]++
				}
			}
		}
		var v refVerdict
		switch {
		case owed[0] == 0 || owed[1] == 0 || !r.recordsCompensation([]model.SchoolID{s.ID}):
			v = refNA()
		case paid[1]*owed[0] >= paid[0]*owed[1]: // paid[1]/owed[1] ≥ paid[0]/owed[0]
			v = refPassed()
		default:
			v = refFailsOn(string(s.ID))
		}
		r.add(rule, []model.SchoolID{s.ID}, v)
	}
}

// refresher: P2.refresher — "veterans trained more than RefresherAfter ago
// had a refresher since": each educator who opted in this year, whose
// latest training (initial or refresher) by the end of the year is more
// than RefresherAfter before it; judged at the end of the year. An
// educator-year is listed under the educator's school (findings-v2).
func (r *refCheck) refresher(rule *refRule) {
	last := r.ds.Year.LastDay
	for _, e := range r.ds.Educators {
		if !slices.Contains(e.OptIns, r.ds.Year.ID) {
			continue
		}
		var schools []model.SchoolID
		if r.school(e.School) != nil {
			schools = []model.SchoolID{e.School}
		}
		var latest model.Date
		for _, t := range e.Trainings {
			if !t.Date.After(last) && t.Date.After(latest) {
				latest = t.Date
			}
		}
		var v refVerdict
		switch {
		case !r.yearOver():
			v = refLater()
		case latest.IsZero():
			v = refNA()
		case last.DaysSince(latest) <= int(r.pol.RefresherAfter):
			v = refPassed()
		default:
			v = refFailsOn(string(e.ID))
		}
		r.add(rule, schools, v)
	}
}

// ---- P3 — The per-student lifecycle ----

// lifecycle places family f's completed visits of the year per student:
// "The lifecycle runs per student and school year", with model.NewLifecycle
// the one definition of first and second visits. Every completed visit of
// the year is placed, whatever the check's date: visits are ordered by
// start, so one that took place never follows one that did not.
//
// Its keys are read here: "Student-year rules run once per family, not
// per student, when none of the family's visits names a student" — of
// any status, so a scheduled or cancelled visit of the year naming a
// child makes every student of the family a key. Then every completed
// visit names no one and concerns them all: each student's first and
// second visits are the family's first and second.
func (r *refCheck) lifecycle(f model.FamilyID) model.Lifecycle {
	var students []model.StudentID
	for _, st := range r.studentsOf(f) {
		students = append(students, st.ID)
	}
	var done []*model.Visit
	named := false
	for i := range r.ds.Visits {
		v := &r.ds.Visits[i]
		if v.Family != f || !r.inYear(v.Start) {
			continue
		}
		named = named || len(v.Students) > 0
		if v.Status == model.Completed {
			done = append(done, v)
		}
	}
	l := model.NewLifecycle(students, done)
	if named && len(students) > 0 && slices.Equal(l.Keys, []model.StudentID{""}) {
		first, second := l.First[0], l.Second[0]
		l.Keys, l.First, l.Second = students, nil, nil
		for range students {
			l.First, l.Second = append(l.First, first), append(l.Second, second)
		}
	}
	return l
}

// place returns the lifecycle of v's family and v's position in it, or -1
// when v is not a completed visit of the year.
func (r *refCheck) place(v *model.Visit) (model.Lifecycle, int) {
	l := r.lifecycle(v.Family)
	for i, w := range l.Visits {
		if w == v {
			return l, i
		}
	}
	return l, -1
}

// ordinal: "A visit is judged as a first visit when it is the first for
// any student it names; otherwise as a second visit when it is the second
// for any student it names … Third and later visits get no first- or
// second-visit rule." 0 for a visit outside the lifecycle.
func (r *refCheck) ordinal(v *model.Visit) int {
	l, i := r.place(v)
	if i < 0 {
		return 0
	}
	return l.Places[i].Ordinal()
}

// firstVisitFocus: P3.first-visit-focus — "the first visit covered hopes
// and dreams / relationship-building"; topics unrecorded: not assessable.
func (r *refCheck) firstVisitFocus(rule *refRule) {
	r.visitUnits(rule, func(v *model.Visit) refVerdict {
		switch {
		case r.ordinal(v) != 1:
			return refNoUnit()
		case len(v.Topics) == 0:
			return refNA()
		}
		for _, t := range v.Topics {
			if t.Kind.RelationshipBuilding() {
				return refPassed()
			}
		}
		return refFails()
	})
}

// firstVisitNoAgenda: P3.first-visit-no-agenda — "the educators brought no
// academic, behavior, attendance or assessment agenda to the first visit
// (topics record who raised them; a family raising grades is fine;
// 'talents and learning strengths' are relationship topics)". An agenda
// topic whose raiser is unrecorded leaves the visit not assessable, unless
// the educators raised another.
func (r *refCheck) firstVisitNoAgenda(rule *refRule) {
	r.visitUnits(rule, func(v *model.Visit) refVerdict {
		switch {
		case r.ordinal(v) != 1:
			return refNoUnit()
		case len(v.Topics) == 0:
			return refNA()
		}
		unknown := false
		for _, t := range v.Topics {
			if !t.Kind.Agenda() {
				continue
			}
			switch t.RaisedBy {
			case model.ByEducator, model.BySchool:
				return refFails()
			case "":
				unknown = true
			}
		}
		if unknown {
			return refNA()
		}
		return refPassed()
	})
}

// season returns the season of v's date in the school calendar.
func (r *refCheck) season(v *model.Visit) model.Season {
	return r.ds.Calendar.Season(r.ds.Year, r.dateOf(v.Start))
}

// firstVisitSeason: P3.first-visit-season — "first visit in summer or fall".
func (r *refCheck) firstVisitSeason(rule *refRule) {
	r.visitUnits(rule, func(v *model.Visit) refVerdict {
		if r.ordinal(v) != 1 {
			return refNoUnit()
		}
		if s := r.season(v); s == model.Summer || s == model.Fall {
			return refPassed()
		}
		return refFails()
	})
}

// secondAfterFirst: P3.second-after-first — "a visit labelled second
// follows a completed first visit in that school year"; it "passes when at
// least one student the visit names (the family, when it names none) had
// an earlier completed first visit".
func (r *refCheck) secondAfterFirst(rule *refRule) {
	r.visitUnits(rule, func(v *model.Visit) refVerdict {
		l, i := r.place(v)
		if v.Kind != model.SecondVisit || i < 0 {
			return refNoUnit()
		}
		for k, key := range l.Keys {
			concerns := key == "" || len(v.Students) == 0 || slices.Contains(v.Students, key)
			if concerns && l.First[k] >= 0 && l.First[k] < i {
				return refPassed()
			}
		}
		return refFails()
	})
}

// secondVisitFocus: P3.second-visit-focus — "the second visit covered
// academics or another issue the family raised, referencing the first
// visit". Three outcomes: a field the rule needs that was not recorded
// makes the unit not assessable — whether it referred back, or who raised
// a topic that is not academics (the family may have) — unless what was
// recorded fails it already (no candidate topic at all, or a recorded
// "did not refer back").
func (r *refCheck) secondVisitFocus(rule *refRule) {
	r.visitUnits(rule, func(v *model.Visit) refVerdict {
		switch {
		case r.ordinal(v) != 2:
			return refNoUnit()
		case len(v.Topics) == 0:
			return refNA()
		}
		academics, familyRaised, maybeFamily := false, false, false
		for _, t := range v.Topics {
			academics = academics || t.Kind == model.Academics
			familyRaised = familyRaised || t.Kind == model.FamilyRaisedConcern || t.RaisedBy == model.ByFamily
			maybeFamily = maybeFamily || t.RaisedBy == ""
		}
		covered := academics || familyRaised
		if !covered && !maybeFamily {
			return refFails()
		}
		if v.ReferencesFirst != nil && !*v.ReferencesFirst {
			return refFails()
		}
		if !covered || v.ReferencesFirst == nil {
			return refNA()
		}
		return refPassed()
	})
}

// secondVisitSeason: P3.second-visit-season — "second visit in winter or
// spring".
func (r *refCheck) secondVisitSeason(rule *refRule) {
	r.visitUnits(rule, func(v *model.Visit) refVerdict {
		if r.ordinal(v) != 2 {
			return refNoUnit()
		}
		if s := r.season(v); s == model.Winter || s == model.Spring {
			return refPassed()
		}
		return refFails()
	})
}

// refStudentYear is one unit of the student-year rules: a key of a
// family's lifecycle (a student, or "" for a family judged family by
// family) whose first visit took place.
type refStudentYear struct {
	family        model.FamilyID
	key           model.StudentID
	first, second *model.Visit // second nil when none took place
	schools       []model.SchoolID
}

// records: findings-v2, "student, family, the student's first visit; when
// none of the family's visits names a student (judged family by family):
// family, first visit".
func (u refStudentYear) records() []string {
	if u.key == "" {
		return []string{string(u.family), string(u.first.ID)}
	}
	return []string{string(u.key), string(u.family), string(u.first.ID)}
}

// studentYears lists the student-years: "The P3 rules marked student-year
// below run per student (per family when the visits name no student)".
// Listed under the student's school; family by family, the family's
// schools (findings-v2).
func (r *refCheck) studentYears() []refStudentYear {
	var out []refStudentYear
	for _, f := range r.ds.Families {
		l := r.lifecycle(f.ID)
		for k, key := range l.Keys {
			if l.First[k] < 0 || !r.tookPlace(l.Visits[l.First[k]]) {
				continue
			}
			u := refStudentYear{family: f.ID, key: key, first: l.Visits[l.First[k]]}
			if l.Second[k] >= 0 && r.tookPlace(l.Visits[l.Second[k]]) {
				u.second = l.Visits[l.Second[k]]
			}
			if key == "" {
				u.schools = r.familySchools(f.ID)
			} else {
				u.schools = r.schoolsOfStudents([]model.StudentID{key})
			}
			out = append(out, u)
		}
	}
	return out
}

// refAfter reports whether v comes after w in the lifecycle's order:
// "Visits are ordered by start, then id."
func refAfter(v, w *model.Visit) bool {
	if c := v.Start.Compare(w.Start); c != 0 {
		return c > 0
	}
	return v.ID > w.ID
}

// secondVisitOffered: P3.second-visit-offered — "a student with a
// completed first visit was offered a second visit by the end of spring";
// "An offer of a second visit is a later visit concerning the student (any
// status) or a second-visit invitation naming the student or no one".
// "Later" is said of the visit only: a second-visit invitation of the
// year sent by the end of spring is an offer whenever it was sent, before
// the student's first visit too. Spring ends with the school year, so the
// unit is due then; an offer settles it at once. Library choice: offers
// are read as recorded, whatever the check's date. With no later visit,
// a student of schools that record no invitation is not assessable
// ("missing data is never a violation").
func (r *refCheck) secondVisitOffered(rule *refRule) {
	for _, u := range r.studentYears() {
		offered := false
		for i := range r.ds.Visits {
			v := &r.ds.Visits[i]
			concerns := u.key == "" || len(v.Students) == 0 || slices.Contains(v.Students, u.key)
			if v.Family == u.family && v != u.first && r.inYear(v.Start) && concerns && refAfter(v, u.first) {
				offered = true
			}
		}
		for i := range r.ds.Invitations {
			inv := &r.ds.Invitations[i]
			names := u.key == "" || len(inv.Students) == 0 || slices.Contains(inv.Students, u.key)
			byEndOfSpring := r.invitationYear(inv) == r.ds.Year.ID && !r.dateOf(inv.SentAt).After(r.ds.Year.LastDay)
			if inv.Family == u.family && inv.Kind == model.SecondVisit && names &&
				(byEndOfSpring || r.reading.lateOffers) {
				offered = true
			}
		}
		var v refVerdict
		switch {
		case offered:
			v = refPassed()
		case !r.yearOver():
			v = refLater()
		case !r.recordsInvitations(u.schools):
			// No later visit, and no invitation on record in the
			// student's schools: whether one offered a second visit
			// was not recorded.
			v = refNA()
		default:
			v = refFailsOn(u.records()...)
		}
		r.add(rule, u.schools, v)
	}
}

// followUp: P3.follow-up — "two-way communication between first and second
// visit (at least one message each way)"; "a message counts for a student
// when its educator is one of the student's teachers (of record or of the
// student's classes) or a visitor of the student's first visit, or when it
// records no educator; for a family-to-school message, the educator is the
// one it was addressed to" (the same field). The window runs from the end
// of the first visit to the start of the second; with no second visit,
// the unit is due at the end of the year. Messages of another school year
// count for no unit.
func (r *refCheck) followUp(rule *refRule) {
	for _, u := range r.studentYears() {
		if u.second == nil && !r.yearOver() {
			r.add(rule, u.schools, refLater())
			continue
		}
		if !r.recordsComms(u.schools) {
			r.add(rule, u.schools, refNA())
			continue
		}
		var teachers []model.EducatorID
		for _, st := range r.studentsOf(u.family) {
			if u.key == "" || st.ID == u.key {
				teachers = append(teachers, r.teachersOf(st.ID)...)
			}
		}
		firstVisitors := refVisitors(u.first)
		out, in := false, false
		for _, c := range r.ds.Communications {
			if c.Family != u.family || !r.inYear(c.At) || !c.At.After(u.first.End()) {
				continue
			}
			if u.second != nil && !c.At.Before(u.second.Start) {
				continue
			}
			if c.Educator != "" && !slices.Contains(teachers, c.Educator) && !slices.Contains(firstVisitors, c.Educator) {
				continue
			}
			out = out || c.Direction == model.SchoolToFamily
			in = in || c.Direction == model.FamilyToSchool
		}
		if out && in {
			r.add(rule, u.schools, refPassed())
		} else {
			r.add(rule, u.schools, refFailsOn(u.records()...))
		}
	}
}

// duration: P3.duration — "duration within DurationMin..DurationMax (seed:
// 30–40 min; lib default finding outside 20–60)".
func (r *refCheck) duration(rule *refRule) {
	r.visitUnits(rule, func(v *model.Visit) refVerdict {
		switch {
		case v.Duration == 0:
			return refNA()
		case v.Duration < r.pol.DurationFindingMin || v.Duration > r.pol.DurationFindingMax:
			return refFails()
		}
		return refPassed()
	})
}

// location: P3.location — "at home or at a public place (library, park,
// café…), whoever suggested it …; at school only when the family requested
// it …; other passes only when the family requested it; away from home
// with requestedBy unrecorded: not assessable".
func (r *refCheck) location(rule *refRule) {
	r.visitUnits(rule, func(v *model.Visit) refVerdict {
		l := v.Location
		switch {
		case l.Kind == "":
			return refNA()
		case l.Kind == model.Home || l.Kind == model.Library || l.Kind == model.Park || l.Kind == model.Cafe:
			return refPassed()
		case l.RequestedBy == model.ByFamily:
			return refPassed()
		case l.RequestedBy == "":
			return refNA()
		}
		return refFails()
	})
}

// ---- P4 — No targeting ----

// refScopeKey reports whether key is a scope key: "scope by school, grade,
// class or teacher is allowed" ("section" is a class).
func refScopeKey(key string) bool {
	switch strings.ToLower(strings.TrimSpace(key)) {
	case "school", "grade", "class", "section", "teacher":
		return true
	}
	return false
}

// selectionCriteria: P4.selection-criteria — "invitations were not chosen
// by a student attribute …; scope by school, grade, class or teacher is
// allowed. Judged from the recorded plan/criteria of the invitations". An
// invitation of this year sent by the school is a record of the schools
// of its plan's scope ("the scope's schools for P4"), or, with no plan or
// one across the district, of the students it names (the family's when it
// names none); its plan's criteria and scope keys, and its own criteria,
// are what it records. A school whose invitations record no method,
// criteria or plan is not assessable.
func (r *refCheck) selectionCriteria(rule *refRule) {
	for _, s := range r.ds.Schools {
		recorded, bad := false, false
		for i := range r.ds.Invitations {
			inv := &r.ds.Invitations[i]
			if inv.Origin == model.FamilyRequest || r.invitationYear(inv) != r.ds.Year.ID ||
				!slices.Contains(r.criteriaSchools(inv), s.ID) {
				continue
			}
			keys := slices.Clone(inv.Criteria)
			if inv.Method != "" || len(inv.Criteria) > 0 {
				recorded = true
			}
			for _, p := range r.ds.Plans {
				if p.ID == inv.Plan {
					recorded = true
					keys = append(keys, p.Criteria...)
					for k := range p.Scope {
						keys = append(keys, k)
					}
				}
			}
			for _, k := range keys {
				if !refScopeKey(k) {
					bad = true
				}
			}
		}
		v := refPassed()
		switch {
		case bad:
			v = refFailsOn(string(s.ID))
		case !recorded:
			v = refNA()
		}
		r.add(rule, []model.SchoolID{s.ID}, v)
	}
}

// criteriaSchools returns the schools whose choice an invitation records
// for P4.selection-criteria: those of its plan's scope (the plan's school,
// or the schools its recorded scope names) that the dataset has, else
// those of the students it names (the family's when it names none) and,
// for a plan across the district, those of the students in its scope.
func (r *refCheck) criteriaSchools(inv *model.Invitation) []model.SchoolID {
	for k := range r.ds.Plans {
		pl := &r.ds.Plans[k]
		if inv.Plan == "" || pl.ID != inv.Plan {
			continue
		}
		var ids []model.SchoolID
		if pl.School != "" {
			ids = []model.SchoolID{pl.School}
		} else if sc, err := selection.ScopeFromMap(pl.Scope); err == nil {
			ids = sc.Schools
		}
		var out []model.SchoolID
		for _, id := range ids {
			if r.school(id) != nil {
				out = append(out, id)
			}
		}
		if len(out) > 0 {
			return out
		}
		if len(ids) == 0 {
			// A plan across the district: "the scope's schools", those of
			// the students in its scope, besides those it invited in.
			sc, _ := selection.ScopeFromMap(pl.Scope)
			out = r.schoolsOf(inv.Family, inv.Students)
			for i := range r.ds.Students {
				if st := &r.ds.Students[i]; r.inScope(st, sc) && !slices.Contains(out, st.School) && r.school(st.School) != nil {
					out = append(out, st.School)
				}
			}
			return out
		}
	}
	return r.schoolsOf(inv.Family, inv.Students)
}

// refAuditScope is one unit scope of P4.cross-section: the plans with one
// scope, or a school's invitations with no plan.
type refAuditScope struct {
	key     string // "plan:" or "school:" and the scope
	plans   []model.PlanID
	school  model.SchoolID
	scope   selection.Scope
	invited []model.FamilyID
}

// auditScopes groups the audited invitations into scopes: "An invitation
// is audited in the scope of the plan that sent it … Invitations with no
// plan are audited per school … an invitation counts for the school(s) of
// the students it names (all the family's schools when it names none)";
// "Plans with the same scope form one unit with their invitations pooled";
// "Family requests, second-visit invitations and invitations of other
// years are not audited"; "A plan's scope is its recorded scope plus its
// school … with no school the scope is the whole district".
func (r *refCheck) auditScopes() []*refAuditScope {
	var out []*refAuditScope
	find := func(key string, make func() *refAuditScope) *refAuditScope {
		for _, s := range out {
			if s.key == key {
				return s
			}
		}
		s := make()
		out = append(out, s)
		return s
	}
	for i := range r.ds.Invitations {
		inv := &r.ds.Invitations[i]
		if inv.Origin == model.FamilyRequest || inv.Kind == model.SecondVisit || r.invitationYear(inv) != r.ds.Year.ID {
			continue
		}
		var plan *model.Plan
		for k := range r.ds.Plans {
			if r.ds.Plans[k].ID == inv.Plan && inv.Plan != "" {
				plan = &r.ds.Plans[k]
			}
		}
		if plan != nil {
			sc, err := selection.ScopeFromMap(plan.Scope)
			if err != nil {
				// A scope naming an attribute is P4.selection-criteria's
				// business; the audit keeps the plan's school (library
				// choice).
				sc = selection.Scope{}
			}
			if plan.School != "" {
				sc.Schools = []model.SchoolID{plan.School}
			}
			u := find("plan:"+sc.String(), func() *refAuditScope { return &refAuditScope{key: "plan:" + sc.String(), scope: sc} })
			if !slices.Contains(u.plans, plan.ID) {
				u.plans = append(u.plans, plan.ID)
			}
			if !slices.Contains(u.invited, inv.Family) {
				u.invited = append(u.invited, inv.Family)
			}
			continue
		}
		for _, s := range r.schoolsOf(inv.Family, inv.Students) {
			u := find("school:"+string(s), func() *refAuditScope {
				return &refAuditScope{key: "school:" + string(s), school: s, scope: selection.Scope{Schools: []model.SchoolID{s}}}
			})
			if !slices.Contains(u.invited, inv.Family) {
				u.invited = append(u.invited, inv.Family)
			}
		}
	}
	return out
}

// inScope reports whether student st is in scope sc: it matches every
// field the scope sets (any of a field's values); for teachers, one of its
// teachers of record or of its in-scope classes is one of the scope's.
func (r *refCheck) inScope(st *model.Student, sc selection.Scope) bool {
	if len(sc.Schools) > 0 && !slices.Contains(sc.Schools, st.School) {
		return false
	}
	if len(sc.Grades) > 0 && !slices.Contains(sc.Grades, st.Grade) {
		return false
	}
	if len(sc.Classes) > 0 && !slices.ContainsFunc(st.Classes, func(c model.ClassID) bool { return slices.Contains(sc.Classes, c) }) {
		return false
	}
	if len(sc.Teachers) > 0 {
		teachers := slices.Clone(st.Teachers)
		for _, c := range st.Classes {
			if len(sc.Classes) > 0 && !slices.Contains(sc.Classes, c) {
				continue
			}
			if cl := r.class(c); cl != nil {
				teachers = append(teachers, cl.Teachers...)
			}
		}
		if !slices.ContainsFunc(teachers, func(e model.EducatorID) bool { return slices.Contains(sc.Teachers, e) }) {
			return false
		}
	}
	return true
}

// refMember is a family of an audit population, with its students in
// scope.
type refMember struct {
	family   model.FamilyID
	students []*model.Student // in scope, dataset order
}

// population: "its population derived from the dataset (every family with
// a student in scope)".
func (r *refCheck) population(sc selection.Scope) []refMember {
	var out []refMember
	for _, f := range r.ds.Families {
		m := refMember{family: f.ID}
		for _, st := range r.studentsOf(f.ID) {
			if r.inScope(st, sc) {
				m.students = append(m.students, st)
			}
		}
		if len(m.students) > 0 {
			out = append(out, m)
		}
	}
	return out
}

// refTrue reports whether an attribute value is a set yes/no flag.
func refTrue(v string) bool {
	switch strings.ToLower(v) {
	case "yes", "true", "y", "1":
		return true
	}
	return false
}

// value: "A family's value. From its students in the scope: yes/no flags
// from any such student, other values from the youngest in scope. 'Not
// recorded' is left out of the test." The youngest is the lowest grade,
// then the smallest id.
func (m refMember) value(attr string) string {
	young := m.students[0]
	for _, st := range m.students {
		if st.Grade < young.Grade || (st.Grade == young.Grade && st.ID < young.ID) {
			young = st
		}
	}
	v := young.Attributes[attr]
	for _, st := range m.students {
		if refTrue(st.Attributes[attr]) {
			v = st.Attributes[attr]
		}
	}
	if v == "" {
		// No student set the flag and the youngest has no value: another
		// student's flag recorded as not set (the first in the record).
		for _, st := range m.students {
			if refFalse(st.Attributes[attr]) {
				return st.Attributes[attr]
			}
		}
	}
	return v
}

// refFalse: a yes/no flag recorded as not set.
func refFalse(v string) bool {
	switch strings.ToLower(v) {
	case "no", "false", "n", "0":
		return true
	}
	return false
}

// refAttrAudit is one attribute's audit in one scope.
type refAttrAudit struct {
	attribute string
	// verdict is selection's vocabulary: not-assessable, ok, advisory,
	// targeting.
	verdict  selection.Verdict
	tested   bool
	p        float64 // for tested attributes
	pLo, pHi float64 // bounds on what a Monte Carlo estimate of p gives
	v, gap   float64
	inexact  bool
}

// refCategory is one (pooled) category of an attribute's table.
type refCategory struct {
	level       string
	pop, chosen int64
}

// auditSet audits the chosen families of a population on each attribute:
// RULES.md, P4.cross-section and "How P4.cross-section sets up its audit".
// advisoryOnly caps verdicts at advisory (the visited set).
func (r *refCheck) auditSet(pop []refMember, chosen []model.FamilyID, attrs []string, advisoryOnly bool) []refAttrAudit {
	isChosen := func(f model.FamilyID) bool { return slices.Contains(chosen, f) }
	all := true
	for _, m := range pop {
		all = all && isChosen(m.family)
	}
	minCell := int64(r.pol.MinCellSize)
	out := make([]refAttrAudit, len(attrs))
	for i, attr := range attrs {
		a := &out[i]
		a.attribute = attr
		if all {
			// "All invited. A scope whose every family was invited passes
			// without a test."
			a.verdict = selection.OK
			continue
		}
		var cats []refCategory
		// tied is set when two smallest categories could take the pooled
		// "other" and their tables differ: the attribute's p-value is then
		// unknown, and so, through Holm, are the verdicts of the scope's
		// other attributes.
		tied := false
		for _, m := range pop {
			val := m.value(attr)
			if val == "" {
				continue // "'Not recorded' is left out of the test."
			}
			k := slices.IndexFunc(cats, func(c refCategory) bool { return c.level == val })
			if k < 0 {
				cats = append(cats, refCategory{level: val})
				k = len(cats) - 1
			}
			cats[k].pop++
			if isChosen(m.family) {
				cats[k].chosen++
			}
		}
		// "Small groups. Before testing, the categories of an attribute
		// held by fewer than MinCellSize families of the population are
		// pooled into one 'other' category"; "A pooled 'other' still under
		// MinCellSize is merged with the smallest remaining category."
		if slices.ContainsFunc(cats, func(c refCategory) bool { return c.pop < minCell }) {
			other := refCategory{level: selection.PooledLevel}
			var rest []refCategory
			for _, c := range cats {
				if c.pop < minCell || c.level == selection.PooledLevel {
					other.pop += c.pop
					other.chosen += c.chosen
				} else {
					rest = append(rest, c)
				}
			}
			if other.pop < minCell && len(rest) > 0 {
				s := 0
				for j, c := range rest {
					if c.pop < rest[s].pop {
						s = j
					}
				}
				for j, c := range rest {
					if j != s && c.pop == rest[s].pop && c.chosen != rest[s].chosen {
						a.inexact, tied = true, true // RULES.md does not say which of two smallest
					}
				}
				other.pop += rest[s].pop
				other.chosen += rest[s].chosen
				rest = slices.Delete(rest, s, s+1)
			}
			cats = append(rest, other)
		}
		var n, N int64
		for _, c := range cats {
			n += c.chosen
			N += c.pop
		}
		switch {
		case len(cats) < 2:
			// "an attribute left with fewer than two categories is not
			// assessable in that scope".
			a.verdict = selection.NotAssessable
			continue
		case n == 0:
			// No chosen family has a value: nothing to compare (library
			// choice).
			a.verdict = selection.NotAssessable
			continue
		}
		a.verdict = selection.OK
		for _, c := range cats {
			// "a share gap": the chosen share of a category against its
			// share of the population, among families with a value.
			a.gap = math.Max(a.gap, math.Abs(float64(c.chosen)/float64(n)-float64(c.pop)/float64(N)))
		}
		if n == N {
			continue // every family with a value chosen: no table to test
		}
		// "The test, V, the gap and the expected counts all use the pooled
		// table": the 2×k chosen/not-chosen table.
		chi, minExp := 0.0, math.Inf(1)
		for _, c := range cats {
			for _, cell := range [2][2]float64{
				{float64(c.chosen), float64(n) * float64(c.pop) / float64(N)},
				{float64(c.pop - c.chosen), float64(N-n) * float64(c.pop) / float64(N)},
			} {
				chi += (cell[0] - cell[1]) * (cell[0] - cell[1]) / cell[1]
				minExp = math.Min(minExp, cell[1])
			}
		}
		a.tested = true
		a.v = math.Sqrt(chi / float64(N)) // Cramér's V of a 2×k table
		switch {
		case minExp >= 5:
			// "chi-square when every expected count is at least 5".
			a.p = distuv.ChiSquared{K: float64(len(cats) - 1)}.Survival(chi)
			a.pLo, a.pHi = a.p, a.p
		case N > refExactLimit:
			a.inexact = true
			a.p = distuv.ChiSquared{K: float64(len(cats) - 1)}.Survival(chi)
			a.pLo, a.pHi = 0, 1
		case len(cats) == 2:
			// "otherwise a two-sided Fisher exact test for two categories".
			a.p = refFisher(cats, n)
			a.pLo, a.pHi = a.p, a.p
		default:
			// "or a Monte Carlo test with MonteCarloDraws" — which
			// estimates the exact p computed here by enumerating every
			// table with the same margins.
			a.p = refExactChiSquareP(cats, n, chi)
			draws := float64(r.pol.MonteCarloDraws)
			spread := math.Max(0.5*a.p, 6*math.Sqrt(a.p*(1-a.p)/draws)+2/(draws+1))
			a.pLo, a.pHi = math.Max(0, a.p-spread), math.Min(1, a.p+spread)
		}
		if tied {
			a.pLo, a.pHi = 0, 1
		}
	}
	// "Several attributes. The attributes audited in one scope are one
	// family of tests: Holm–Bonferroni at TargetingAlpha for violations and
	// at 0.05 for advisories"; "m counts only the attributes tested".
	var tested []int
	for i := range out {
		if out[i].tested {
			tested = append(tested, i)
		}
	}
	ps, lo, hi := make([]float64, len(tested)), make([]float64, len(tested)), make([]float64, len(tested))
	for j, i := range tested {
		ps[j], lo[j], hi[j] = out[i].p, out[i].pLo, out[i].pHi
	}
	adj, adjLo, adjHi := refHolm(ps), refHolm(lo), refHolm(hi)
	for j, i := range tested {
		a := &out[i]
		a.verdict = r.p4Verdict(adj[j], a.v, a.gap, advisoryOnly)
		if r.p4Verdict(adjLo[j], a.v, a.gap, advisoryOnly) != a.verdict || r.p4Verdict(adjHi[j], a.v, a.gap, advisoryOnly) != a.verdict {
			a.inexact = true
		}
		for _, alpha := range []float64{r.pol.TargetingAlpha, r.pol.AdvisoryAlpha} {
			if math.Abs(adj[j]-alpha) <= 1e-9*alpha {
				a.inexact = true // floating point cannot tell which side
			}
		}
	}
	return out
}

// refExactLimit is the largest number of families with a value whose
// tables the oracle enumerates (binomials stay within int64).
const refExactLimit = 60

// p4Verdict: "violation when p < TargetingAlpha and the effect is large
// (Cramér's V … ≥ 0.3 or a share gap ≥ 20 points); advisory when p < 0.05
// and V ≥ 0.1 or gap ≥ 10"; "The visited set gets advisories only";
// "monotone Holm-adjusted p-values are compared with the alpha; the effect
// thresholds are unchanged".
func (r *refCheck) p4Verdict(p, v, gap float64, advisoryOnly bool) selection.Verdict {
	const eps = 1e-9
	large := v >= r.pol.TargetingV-eps || gap >= r.pol.TargetingGap-eps
	moderate := v >= r.pol.AdvisoryV-eps || gap >= r.pol.AdvisoryGap-eps
	switch {
	case p < r.pol.TargetingAlpha && large && !advisoryOnly:
		return selection.Targeting
	case p < r.pol.AdvisoryAlpha && moderate:
		return selection.Advisory
	case p < r.pol.TargetingAlpha && large:
		return selection.Advisory
	}
	return selection.OK
}

// refHolm returns the monotone Holm–Bonferroni adjusted p-values: with
// p(1) ≤ … ≤ p(m), the i-th smallest becomes max over j ≤ i of
// min(1, (m−j+1)·p(j)).
func refHolm(ps []float64) []float64 {
	m := len(ps)
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(ps[a], ps[b]) })
	out := make([]float64, m)
	for rank, i := range order {
		best := 0.0
		for j := 0; j <= rank; j++ {
			best = math.Max(best, math.Min(1, float64(m-j)*ps[order[j]]))
		}
		out[i] = best
	}
	return out
}

// refChoose returns C(n, k) exactly.
func refChoose(n, k int64) int64 {
	if k < 0 || k > n {
		return 0
	}
	c := int64(1)
	for i := int64(1); i <= k; i++ {
		c = c * (n - k + i) / i
	}
	return c
}

// refFisher is the two-sided Fisher exact test of a 2×2 table, by
// enumerating every table with its margins: the probability of the tables
// no more probable than the observed one. Probabilities share the
// denominator C(N, n), so they are compared as exact integers.
func refFisher(cats []refCategory, n int64) float64 {
	weight := func(x int64) int64 { return refChoose(cats[0].pop, x) * refChoose(cats[1].pop, n-x) }
	obs := weight(cats[0].chosen)
	var sum, total int64
	for x := int64(0); x <= n; x++ {
		w := weight(x)
		total += w
		if w <= obs {
			sum += w
		}
	}
	return float64(sum) / float64(total)
}

// refExactChiSquareP is the exact p-value of Pearson's statistic on a 2×k
// table with fixed margins: the multivariate hypergeometric probability of
// every table whose statistic is at least the observed one, found by
// enumerating every table.
func refExactChiSquareP(cats []refCategory, n int64, observed float64) float64 {
	k := len(cats)
	var N int64
	for _, c := range cats {
		N += c.pop
	}
	x := make([]int64, k)
	var hit, total int64
	var walk func(j int, left int64, weight int64)
	walk = func(j int, left int64, weight int64) {
		if j == k-1 {
			if left > cats[j].pop {
				return
			}
			x[j] = left
			w := weight * refChoose(cats[j].pop, left)
			total += w
			chi := 0.0
			for i, c := range cats {
				e1 := float64(n) * float64(c.pop) / float64(N)
				e0 := float64(N-n) * float64(c.pop) / float64(N)
				d1, d0 := float64(x[i])-e1, float64(c.pop-x[i])-e0
				chi += d1*d1/e1 + d0*d0/e0
			}
			if chi >= observed*(1-1e-9)-1e-12 {
				hit += w
			}
			return
		}
		for v := int64(0); v <= min(left, cats[j].pop); v++ {
			x[j] = v
			walk(j+1, left-v, weight*refChoose(cats[j].pop, v))
		}
	}
	walk(0, n, 1)
	return float64(hit) / float64(total)
}

// crossSection: P4.cross-section — "the invited families are
// representative of the scope they were chosen from", unit scope ×
// attribute, listed under "the scope's schools"; "The visited set gets
// advisories only"; "the visited audit is due at the end of the year";
// "Invitations are audited as recorded, whatever the as-of date".
// Attributes are those recorded for a family of the population, less the
// scope keys ("scope keys are never audited attributes"). When the
// invited families are flagged, the visited set is not judged again
// (library choice: one finding per unit).
func (r *refCheck) crossSection(rule *refRule) {
	for _, u := range r.auditScopes() {
		pop := r.population(u.scope)
		if len(pop) == 0 {
			continue
		}
		var attrs []string
		var schools []model.SchoolID
		for _, m := range pop {
			for _, st := range m.students {
				schools = append(schools, st.School)
				for a := range st.Attributes {
					if !refScopeKey(a) && m.value(a) != "" && !slices.Contains(attrs, a) {
						attrs = append(attrs, a)
					}
				}
			}
		}
		slices.Sort(attrs)
		if len(u.scope.Schools) > 0 {
			schools = nil
			for _, s := range u.scope.Schools {
				if r.school(s) != nil {
					schools = append(schools, s)
				}
			}
		}
		invited := r.auditSet(pop, u.invited, attrs, false)
		var visited []refAttrAudit
		if r.yearOver() {
			// "A family counts as visited in a school when a completed visit
			// named one of its students there" (a visit naming no one
			// concerns every student of its family).
			var chosen []model.FamilyID
			for _, m := range pop {
				for i := range r.ds.Visits {
					v := &r.ds.Visits[i]
					if v.Family != m.family || v.Status != model.Completed || !r.inYear(v.Start) {
						continue
					}
					named := len(v.Students) == 0 || slices.ContainsFunc(m.students, func(st *model.Student) bool {
						return slices.Contains(v.Students, st.ID)
					})
					if named && !slices.Contains(chosen, m.family) {
						chosen = append(chosen, m.family)
					}
				}
			}
			if len(chosen) > 0 {
				visited = r.auditSet(pop, chosen, attrs, true)
			}
		}
		var records []string
		for _, p := range u.plans {
			records = append(records, string(p))
		}
		if len(u.plans) == 0 {
			records = []string{string(u.school)}
		}
		for i, inv := range invited {
			vd := refPassed()
			inexact := inv.inexact || len(pop) > refComparableFamilies
			vis := refAttrAudit{verdict: selection.OK}
			if visited != nil {
				vis = visited[i]
			}
			switch {
			case inv.verdict == selection.Targeting:
				vd = refVerdict{outcome: refFound, sev: practices.Violation}
			case inv.verdict == selection.Advisory:
				vd = refVerdict{outcome: refFound, sev: practices.Advisory}
			case vis.verdict == selection.Advisory:
				vd = refVerdict{outcome: refFound, sev: practices.Advisory}
				inexact = inexact || vis.inexact
			case inv.verdict == selection.NotAssessable:
				vd = refNA()
				inexact = inexact || vis.inexact
			case !r.yearOver():
				// "A unit is judged only once its outcome is settled": the
				// visited audit, "due at the end of the year", may still lean.
				vd = refLater()
			default:
				inexact = inexact || vis.inexact
			}
			scope := strings.Join(append(slices.Clone(records), "attribute:"+inv.attribute), " ")
			if vd.outcome == refFound {
				vd.records = append(slices.Clone(records), "attribute:"+inv.attribute)
			}
			added := r.add(rule, schools, vd)
			added.scope, added.inexact = scope, inexact
		}
	}
}

// refComparableFamilies is the largest population whose P4 verdicts the
// property compares: the oracle's tests are exact there.
const refComparableFamilies = 40

// ---- P5 — Pairs and reflection ----

// pair: P5.pair — "at least 2 educators on the visit (interpreters do not
// count)".
func (r *refCheck) pair(rule *refRule) {
	r.visitUnits(rule, func(v *model.Visit) refVerdict {
		if len(v.Visitors) == 0 {
			return refNA() // who visited was not recorded: "missing data is never a violation"
		}
		if len(refVisitors(v)) < 2 {
			return refFails()
		}
		return refPassed()
	})
}

// groupSize: P5.group-size — "more than 4 educators" (MaxGroupSize); not
// assessable when the visit records no visitor.
func (r *refCheck) groupSize(rule *refRule) {
	r.visitUnits(rule, func(v *model.Visit) refVerdict {
		if len(v.Visitors) == 0 {
			return refNA()
		}
		if len(refVisitors(v)) > r.pol.MaxGroupSize {
			return refFails()
		}
		return refPassed()
	})
}

// teacherOnVisit: P5.teacher-on-visit — "one visitor is a current teacher
// of a listed student (not assessable before rosters exist)".
func (r *refCheck) teacherOnVisit(rule *refRule) {
	r.visitUnits(rule, func(v *model.Visit) refVerdict {
		var teachers []model.EducatorID
		for _, id := range v.Students {
			teachers = append(teachers, r.teachersOf(id)...)
		}
		if len(teachers) == 0 || len(v.Visitors) == 0 {
			return refNA()
		}
		for _, e := range refVisitors(v) {
			if slices.Contains(teachers, e) {
				return refPassed()
			}
		}
		return refFails()
	})
}

// reflection: P5.reflection — "the visitors reflected together within
// ReflectWithin … a reflection whose by names at least two of the visit's
// educators, or names no one … A reflection recorded only by one visitor
// of a pair, or by someone who was not on the visit, does not count. On a
// visit with fewer than two educators it is a finding whatever by records
// (implied by P5.pair)". Due once the window closed ("a unit is judged
// only once its outcome is settled"): before, only a reflection made
// together within the window is settled, a pass; not assessable in
// schools that record no reflections.
func (r *refCheck) reflection(rule *refRule) {
	r.visitUnits(rule, func(v *model.Visit) refVerdict {
		deadline := r.pol.ReflectWithin.After(v.End().In(r.loc))
		visitors := refVisitors(v)
		together := false
		if v.Reflection != nil {
			named := 0
			for _, e := range visitors {
				if slices.Contains(v.Reflection.By, e) {
					named++
				}
			}
			together = (len(v.Reflection.By) == 0 || named >= 2) && !v.Reflection.At.After(deadline)
		}
		unrecorded := len(v.Visitors) == 0 // who visited was not recorded
		switch {
		case len(visitors) < 2 && !unrecorded && !r.reading.soloReflectionDue:
			// "On a visit with fewer than two educators it is a finding
			// whatever by records (implied by P5.pair)": settled at the
			// visit, and needing no recorded field.
			return refFails()
		case r.asOf.Before(deadline) && (len(visitors) < 2 && !unrecorded || !together):
			return refLater()
		case !r.recordsReflections(r.visitSchools(v)):
			return refNA()
		case unrecorded && v.Reflection != nil && !v.Reflection.At.After(deadline) && len(v.Reflection.By) > 0:
			// by names someone, who may or may not have been on the visit.
			return refNA()
		case unrecorded && together:
			return refPassed()
		case len(visitors) < 2 || !together:
			return refFails()
		}
		return refPassed()
	})
}

// biasReflection: P5.bias-reflection — "the reflection covered the
// visitors' assumptions/biases"; due once the reflection window closed
// (before, only a reflection that covered them is settled), not
// assessable when unrecorded.
func (r *refCheck) biasReflection(rule *refRule) {
	r.visitUnits(rule, func(v *model.Visit) refVerdict {
		deadline := r.pol.ReflectWithin.After(v.End().In(r.loc))
		switch {
		case r.asOf.Before(deadline) && (v.Reflection == nil || v.Reflection.CoveredBias == nil || !*v.Reflection.CoveredBias):
			return refLater()
		case v.Reflection == nil || v.Reflection.CoveredBias == nil:
			return refNA()
		case *v.Reflection.CoveredBias:
			return refPassed()
		}
		return refFails()
	})
}

// refSameLanguage compares language tags by their primary language ("es"
// and "es-MX" are the same; library choice).
func refSameLanguage(a, b model.Language) bool {
	primary := func(l model.Language) string {
		s, _, _ := strings.Cut(strings.ToLower(strings.ReplaceAll(string(l), "_", "-")), "-")
		return s
	}
	return primary(a) == primary(b)
}

// languageNeeded returns the family's recorded languages that are not a
// language of instruction of the visit's schools, and whether the visit is
// a unit of P5.language: the family needs another language, or records no
// language (not assessable).
func (r *refCheck) languageNeeded(v *model.Visit) (other []model.Language, unit bool) {
	f := r.family(v.Family)
	if f == nil || len(f.Languages) == 0 {
		return nil, true
	}
	var instruction []model.Language
	schools := r.visitSchools(v)
	if len(schools) == 0 {
		instruction = model.InstructionLanguages(r.ds.District, nil)
	}
	for _, s := range schools {
		instruction = append(instruction, model.InstructionLanguages(r.ds.District, r.school(s))...)
	}
	for _, l := range f.Languages {
		if !slices.ContainsFunc(instruction, func(i model.Language) bool { return refSameLanguage(i, l) }) {
			other = append(other, l)
		}
	}
	return other, f.NeedsInterpreter || len(other) == len(f.Languages)
}

// language: P5.language — "A family needs another language when it
// records needs_interpreter, or when none of its recorded languages is a
// language of instruction of the school of a student the visit names
// (school.languages, else district.languages, else en); then a visitor or
// interpreter must speak one of the family's languages that is not a
// language of instruction. A family with no recorded language is not
// assessable." A family that needs no other language is not a unit; one
// that asks for an interpreter while speaking only languages of
// instruction is not assessable.
func (r *refCheck) language(rule *refRule) {
	r.visitUnits(rule, func(v *model.Visit) refVerdict {
		other, unit := r.languageNeeded(v)
		switch {
		case !unit:
			return refNoUnit()
		case len(other) == 0:
			return refNA()
		}
		for _, l := range other {
			for _, id := range refVisitors(v) {
				if e := r.educator(id); e != nil && slices.ContainsFunc(e.Languages, func(x model.Language) bool { return refSameLanguage(x, l) }) {
					return refPassed()
				}
			}
			for _, in := range v.Interpreters {
				speaks := in.Languages
				if e := r.educator(in.Educator); in.Educator != "" && e != nil {
					// A member of staff who interpreted speaks the
					// languages of their educator record too.
					speaks = append(slices.Clip(speaks), e.Languages...)
				}
				if slices.ContainsFunc(speaks, func(x model.Language) bool { return refSameLanguage(x, l) }) {
					return refPassed()
				}
			}
		}
		if len(v.Visitors) == 0 {
			return refNA() // a visitor not recorded may have spoken it
		}
		return refFails()
	})
}

// pairKind names the kind of an educator in a pair: classified staff, or
// the certificated educator's position.
func refPairKind(e *model.Educator) string {
	switch {
	case e.Role == model.Classified:
		return "classified"
	case e.Position == model.Teacher:
		return "teacher"
	}
	return string(e.Position)
}

// pairVariety: P5.pair-variety — "the school uses varied types of pairs
// (e.g. teacher+teacher, teacher+classified, cross-grade); stable pairs
// are fine": at the end of the year, the school's visits with two or more
// educators show at least two combinations of kinds of educator; a school
// with fewer than two such visits is not assessable.
func (r *refCheck) pairVariety(rule *refRule) {
	for _, s := range r.ds.Schools {
		if !r.yearOver() {
			r.add(rule, []model.SchoolID{s.ID}, refLater())
			continue
		}
		var types []string
		paired := 0
		for i := range r.ds.Visits {
			v := &r.ds.Visits[i]
			visitors := refVisitors(v)
			if !r.tookPlace(v) || len(visitors) < 2 || !slices.Contains(r.visitSchools(v), s.ID) {
				continue
			}
			var kinds []string
			for _, id := range visitors {
				if e := r.educator(id); e != nil {
					kinds = append(kinds, refPairKind(e))
				}
			}
			slices.Sort(kinds)
			if t := strings.Join(kinds, "+"); !slices.Contains(types, t) {
				types = append(types, t)
			}
			paired++
		}
		var v refVerdict
		switch {
		case paired < 2:
			v = refNA()
		case len(types) >= 2:
			v = refPassed()
		default:
			v = refFailsOn(string(s.ID))
		}
		r.add(rule, []model.SchoolID{s.ID}, v)
	}
}

// ---- R — Roles and culture ----

// schoolCoordinator: R.school-coordinator — "the school names a PTHV
// coordinator".
func (r *refCheck) schoolCoordinator(rule *refRule) {
	for _, s := range r.ds.Schools {
		v := refPassed()
		if s.Coordinator == "" {
			v = refFailsOn(string(s.ID))
		}
		r.add(rule, []model.SchoolID{s.ID}, v)
	}
}

// coordinatorNotPrincipal: R.coordinator-not-principal — "that
// coordinator is not the principal"; findings-v2: "school, then … its
// coordinator".
func (r *refCheck) coordinatorNotPrincipal(rule *refRule) {
	for _, s := range r.ds.Schools {
		e := r.educator(s.Coordinator)
		var v refVerdict
		switch {
		case s.Coordinator == "" || e == nil:
			v = refNA()
		case e.Position == model.Principal:
			v = refFailsOn(string(s.ID), string(e.ID))
		default:
			v = refPassed()
		}
		r.add(rule, []model.SchoolID{s.ID}, v)
	}
}

// districtCoordinator: R.district-coordinator — "the district names a PTHV
// coordinator"; a district unit is listed under no school.
func (r *refCheck) districtCoordinator(rule *refRule) {
	v := refPassed()
	if r.ds.District.Coordinator == "" {
		v = refFailsOn(string(r.ds.District.ID))
	}
	r.add(rule, nil, v)
}

// heldEvent reports whether event e of the year took place by the check's
// date ("Visits, messages, withdrawals and events belong to the year that
// contains them").
func (r *refCheck) heldEvent(e model.Event) bool {
	return r.ds.Year.Contains(e.Date) && !e.Date.After(r.today)
}

// celebrates reports whether an event is a "celebration/visibility event"
// rather than a reflection meetup of the visitors.
func (r *refCheck) celebrates(e model.Event) bool {
	return r.reading.anyEventKind || e.Kind == model.Celebration || e.Kind == model.Visibility
}

// schoolCelebration: R.school-celebration — "at least one
// celebration/visibility event, elevating families' voices", due at the
// end of the year and settled by the first such event.
func (r *refCheck) schoolCelebration(rule *refRule) {
	for _, s := range r.ds.Schools {
		voices := false
		for _, e := range r.ds.Events {
			if e.Level == model.SchoolLevel && e.School == s.ID && r.heldEvent(e) && r.celebrates(e) && e.FamilyVoices {
				voices = true
			}
		}
		var v refVerdict
		switch {
		case voices:
			v = refPassed()
		case !r.yearOver():
			v = refLater()
		default:
			v = refFailsOn(string(s.ID))
		}
		r.add(rule, []model.SchoolID{s.ID}, v)
	}
}

// districtEvent: R.district-event — "at least one district visibility
// event", due at the end of the year and settled by the first one.
func (r *refCheck) districtEvent(rule *refRule) {
	held := false
	for _, e := range r.ds.Events {
		if e.Level == model.DistrictLevel && r.heldEvent(e) && r.celebrates(e) {
			held = true
		}
	}
	var v refVerdict
	switch {
	case held:
		v = refPassed()
	case !r.yearOver():
		v = refLater()
	default:
		v = refFailsOn(string(r.ds.District.ID))
	}
	r.add(rule, nil, v)
}

// tracking: R.tracking — "the visit names its student(s), so schools can
// see who has had a visit".
func (r *refCheck) tracking(rule *refRule) {
	r.visitUnits(rule, func(v *model.Visit) refVerdict {
		if len(v.Students) > 0 {
			return refPassed()
		}
		return refFails()
	})
}

// ---- L — Record integrity ----

// refEvent is a journey event derived from a record, with the order it
// takes among events at the same instant and the visit it concerns.
type refEvent struct {
	e     model.JourneyEvent
	rank  int
	visit *model.Visit
}

// journeyEvents derives family f's lifecycle events from its records (all
// of them, whatever their year: "reported with its record, never
// dropped"), in time order. An answer is dated when it was given, or when
// the invitation was sent if earlier or unrecorded; a visit is scheduled
// when first arranged (at its first start when that is unrecorded: a
// drop-in), moved at each reschedule, completed at its end, and missed or
// cancelled at its start (their time is not recorded); a reflection at
// its time.
func (r *refCheck) journeyEvents(f model.FamilyID) []refEvent {
	var out []refEvent
	add := func(e model.JourneyEvent, rank int, v *model.Visit) {
		out = append(out, refEvent{e, rank, v})
	}
	for i := range r.ds.Invitations {
		inv := &r.ds.Invitations[i]
		if inv.Family != f {
			continue
		}
		at := inv.RespondedAt
		if at.IsZero() || at.Before(inv.SentAt) {
			at = inv.SentAt
		}
		if inv.Origin == model.FamilyRequest {
			if inv.Response != model.Declined {
				add(model.AcceptEvent{At: at}, 1, nil)
			}
			continue
		}
		add(model.InviteEvent{At: inv.SentAt, Invitation: inv.ID, Kind: inv.Kind}, 0, nil)
		switch inv.Response {
		case model.Accepted:
			add(model.AcceptEvent{At: at, Invitation: inv.ID}, 1, nil)
		case model.Declined:
			add(model.DeclineEvent{At: at, Invitation: inv.ID}, 1, nil)
		}
	}
	for _, w := range r.ds.Withdrawals {
		if w.Family == f {
			add(model.WithdrawEvent{At: w.At}, 9, nil)
		}
	}
	for i := range r.ds.Visits {
		v := &r.ds.Visits[i]
		if v.Family != f {
			continue
		}
		start, arranged := v.Start, v.ArrangedAt
		if len(v.Reschedules) > 0 {
			start, arranged = v.Reschedules[0].FromStart, v.Reschedules[0].At
		}
		if arranged.IsZero() {
			arranged = start
		}
		d := time.Duration(v.Duration)
		add(model.ScheduleEvent{At: arranged, Visit: v.ID, Kind: v.Kind, Start: start, Duration: d}, 2, v)
		for k, re := range v.Reschedules {
			next := v.Start
			if k+1 < len(v.Reschedules) {
				next = v.Reschedules[k+1].FromStart
			}
			add(model.RescheduleEvent{At: re.At, Visit: v.ID, Start: next, Duration: d, By: re.By}, 3, v)
		}
		outcomeAt := v.Start
		if arranged.After(outcomeAt) {
			outcomeAt = arranged
		}
		switch v.Status {
		case model.Completed:
			add(model.CompleteEvent{At: v.End(), Visit: v.ID}, 4, v)
		case model.NoShow:
			add(model.MissEvent{At: outcomeAt, Visit: v.ID}, 4, v)
		case model.Cancelled:
			add(model.CancelEvent{At: outcomeAt, Visit: v.ID, By: v.CancelledBy}, 4, v)
		}
		if v.Reflection != nil {
			add(model.ReflectEvent{At: v.Reflection.At, Visit: v.ID}, 5, v)
		}
	}
	for _, c := range r.ds.Communications {
		if c.Family == f {
			add(model.CommunicateEvent{At: c.At, Direction: c.Direction, Channel: c.Channel}, 8, nil)
		}
	}
	slices.SortStableFunc(out, func(a, b refEvent) int {
		return cmp.Or(a.e.When().Compare(b.e.When()), cmp.Compare(a.rank, b.rank))
	})
	return out
}

// sequence: L.sequence — "an event the lifecycle cannot place (completing
// a cancelled visit — including a completed visit that records who
// cancelled it …, an invitation answered before it was sent, read as
// answered when sent, events out of order) is reported with its record,
// never dropped. A visit completed with no scheduling record is not
// L.sequence". A completed visit of the year that starts after the
// check's date is out of order as of that date. The unit of a problem is
// its record; a family with records that all place is one passing unit
// (findings-v2, record: "family (other events, and a family whose records
// all place)").
func (r *refCheck) sequence(rule *refRule) {
	for _, f := range r.ds.Families {
		active := false
		for _, inv := range r.ds.Invitations {
			active = active || inv.Family == f.ID
		}
		for _, v := range r.ds.Visits {
			active = active || v.Family == f.ID
		}
		for _, w := range r.ds.Withdrawals {
			active = active || w.Family == f.ID
		}
		for _, c := range r.ds.Communications {
			active = active || c.Family == f.ID
		}
		if !active {
			continue
		}
		problems := 0
		problem := func(schools []model.SchoolID, records ...string) {
			r.add(rule, schools, refFailsOn(records...))
			problems++
		}
		// "Each rule … gives at most one finding per unit": a visit is
		// one record, whatever number of its events cannot be placed.
		flagged := map[model.VisitID]bool{}
		visitProblem := func(v *model.Visit) {
			if !flagged[v.ID] {
				flagged[v.ID] = true
				problem(r.visitSchools(v), string(v.ID), string(f.ID))
			}
		}
		for i := range r.ds.Invitations {
			inv := &r.ds.Invitations[i]
			// Records of other years "count for no unit".
			if inv.Family == f.ID && !inv.RespondedAt.IsZero() && inv.RespondedAt.Before(inv.SentAt) && r.invitationYear(inv) == r.ds.Year.ID {
				problem(r.schoolsOf(f.ID, inv.Students), string(inv.ID), string(f.ID))
			}
		}
		for i := range r.ds.Visits {
			v := &r.ds.Visits[i]
			if v.Family == f.ID && v.Status == model.Completed && v.CancelledBy != "" && r.inYear(v.Start) {
				visitProblem(v)
			}
		}
		j := model.NewJourney(f.ID, r.ds.Year.ID)
		for _, ev := range r.journeyEvents(f.ID) {
			err := j.Apply(ev.e)
			if err == nil {
				continue
			}
			if _, cancel := ev.e.(model.CancelEvent); cancel && errors.Is(err, model.ErrVisitClosed) {
				continue // a withdrawal had already cancelled it
			}
			if ev.visit != nil && !r.inYear(ev.visit.Start) {
				continue // a visit of another year counts for no unit
			}
			if ev.visit != nil {
				visitProblem(ev.visit)
			} else {
				problem(r.familySchools(f.ID), string(f.ID))
			}
		}
		for i := range r.ds.Visits {
			v := &r.ds.Visits[i]
			if v.Family == f.ID && v.Status == model.Completed && r.inYear(v.Start) && v.Start.After(r.asOf) {
				visitProblem(v)
			}
		}
		if problems == 0 {
			r.add(rule, r.familySchools(f.ID), refPassed())
		}
	}
}

// ---- Comparing with a report ----

// refCounts are one rule's outcomes.
type refCounts struct {
	Passed, NotAssessable, Pending, Violations, Advisories, Data int
}

func (c *refCounts) count(u refUnit) {
	switch u.outcome {
	case refPass:
		c.Passed++
	case refNotAssessable:
		c.NotAssessable++
	case refPending:
		c.Pending++
	case refFound:
		switch u.sev {
		case practices.Violation:
			c.Violations++
		case practices.Advisory:
			c.Advisories++
		default:
			c.Data++
		}
	}
}

func refCountsOf(r practices.RuleResult) refCounts {
	return refCounts{r.Passed, r.NotAssessable, r.Pending, r.Violations, r.Advisories, r.Data}
}

// total is the number of units counted.
func (c refCounts) total() int {
	return c.Passed + c.NotAssessable + c.Pending + c.Violations + c.Advisories + c.Data
}

// refFindingKey names a finding by what the property compares: rule,
// severity, unit, sorted records and schools.
func refFindingKey(rule string, sev practices.Severity, unit practices.Unit, records []string, schools []model.SchoolID) string {
	return fmt.Sprintf("%s %s %s records=%v schools=%v", rule, sev, unit, refSorted(records), schools)
}

// refScopeOf names the P4.cross-section scope and attribute of a finding's
// records, as refUnit.scope does.
func refScopeOf(records []string) string { return strings.Join(records, " ") }

// refDiff compares a report with the oracle's units and returns every
// difference: findings as multisets of (rule, severity, unit, sorted
// records, schools), and per rule the counts in the district and in each
// school. P4.cross-section units the oracle cannot decide exactly are left
// out: their findings, and the rule's counts of verdicts (its count of
// units is still compared).
func refDiff(rep practices.Report, units []refUnit) []string {
	var diffs []string
	inexactScopes := map[string]bool{}
	p4Inexact := false
	for _, u := range units {
		if u.rule == "P4.cross-section" && u.inexact {
			inexactScopes[u.scope] = true
			p4Inexact = true
		}
	}
	skip := func(rule string, records []string) bool {
		return rule == "P4.cross-section" && inexactScopes[refScopeOf(records)]
	}

	want := map[string]int{}
	for _, u := range units {
		if u.outcome == refFound && !skip(u.rule, u.records) {
			want[refFindingKey(u.rule, u.sev, u.unit, u.records, u.schools)]++
		}
	}
	got := map[string]int{}
	for _, f := range rep.Findings {
		if !slices.IsSorted(f.Schools) {
			diffs = append(diffs, fmt.Sprintf("finding %s lists its schools out of order: %v", f.Rule, f.Schools))
		}
		var first model.SchoolID
		if len(f.Schools) > 0 {
			first = f.Schools[0]
		}
		if f.School != first {
			diffs = append(diffs, fmt.Sprintf("finding %s: school %q is not the first of %v", f.Rule, f.School, f.Schools))
		}
		if !skip(f.Rule, f.Records) {
			got[refFindingKey(f.Rule, f.Severity, f.Unit, f.Records, f.Schools)]++
		}
	}
	for _, k := range refSorted(append(refKeys(want), refKeys(got)...)) {
		if want[k] != got[k] {
			diffs = append(diffs, fmt.Sprintf("finding %s: oracle %d, Check %d", k, want[k], got[k]))
		}
	}

	// Per rule, in the district (each unit once) and in each school.
	district := map[string]*refCounts{}
	bySchool := map[model.SchoolID]map[string]*refCounts{}
	at := func(m map[string]*refCounts, rule string) *refCounts {
		if m[rule] == nil {
			m[rule] = &refCounts{}
		}
		return m[rule]
	}
	for _, u := range units {
		at(district, u.rule).count(u)
		for _, s := range u.schools {
			if bySchool[s] == nil {
				bySchool[s] = map[string]*refCounts{}
			}
			at(bySchool[s], u.rule).count(u)
		}
	}
	compare := func(where, rule string, want refCounts, got refCounts) {
		if rule == "P4.cross-section" && p4Inexact {
			if want.total() != got.total() {
				diffs = append(diffs, fmt.Sprintf("%s %s: oracle %d units, Check %d", where, rule, want.total(), got.total()))
			}
			return
		}
		if want != got {
			diffs = append(diffs, fmt.Sprintf("%s %s: oracle %+v, Check %+v", where, rule, want, got))
		}
	}
	seen, known := map[string]bool{}, map[string]bool{}
	for _, rule := range refCatalogue() {
		known[rule.id] = true
	}
	for _, res := range rep.Rules {
		seen[res.Rule] = true
		if !known[res.Rule] {
			diffs = append(diffs, fmt.Sprintf("the oracle has no rule %s", res.Rule))
		}
		compare("district", res.Rule, *at(district, res.Rule), refCountsOf(res))
	}
	for _, rule := range refCatalogue() {
		if !seen[rule.id] {
			diffs = append(diffs, fmt.Sprintf("the report has no result for %s", rule.id))
		}
	}
	for _, s := range rep.Schools {
		rules := map[string]refCounts{}
		for _, res := range s.Rules {
			rules[res.Rule] = refCountsOf(res)
		}
		mine := bySchool[s.School]
		if mine == nil {
			mine = map[string]*refCounts{}
		}
		for _, rule := range refCatalogue() {
			var w refCounts
			if c := mine[rule.id]; c != nil {
				w = *c
			}
			compare("school "+string(s.School), rule.id, w, rules[rule.id])
		}
		if !p4Inexact {
			var v, a int
			for _, c := range mine {
				v, a = v+c.Violations, a+c.Advisories
			}
			if v != s.Violations || a != s.Advisories {
				diffs = append(diffs, fmt.Sprintf("school %s: oracle %d violations, %d advisories; Check %d, %d", s.School, v, a, s.Violations, s.Advisories))
			}
		}
	}
	if !p4Inexact {
		// The summary: findings by severity, and fidelity — passing units ÷
		// assessable units, over the violation rules, each unit counted
		// once (1 when none was assessable; library choice).
		var sum refCounts
		passed, assessable := 0, 0
		for _, rule := range refCatalogue() {
			c := *at(district, rule.id)
			sum.Violations += c.Violations
			sum.Advisories += c.Advisories
			sum.Data += c.Data
			if rule.sev == practices.Violation {
				passed += c.Passed
				assessable += c.Passed + c.Violations + c.Advisories + c.Data
			}
		}
		fidelity := 1.0
		if assessable > 0 {
			fidelity = float64(passed) / float64(assessable)
		}
		if sum.Violations != rep.Summary.Violations || sum.Advisories != rep.Summary.Advisories || sum.Data != rep.Summary.Data {
			diffs = append(diffs, fmt.Sprintf("summary: oracle %d violations, %d advisories, %d data; Check %d, %d, %d",
				sum.Violations, sum.Advisories, sum.Data, rep.Summary.Violations, rep.Summary.Advisories, rep.Summary.Data))
		}
		if math.Abs(fidelity-rep.Summary.Fidelity) > 1e-12 {
			diffs = append(diffs, fmt.Sprintf("summary: oracle fidelity %v, Check %v", fidelity, rep.Summary.Fidelity))
		}
	}
	return diffs
}

func refKeys[K comparable, V any](m map[K]V) []K {
	var out []K
	for k := range m {
		out = append(out, k)
	}
	return out
}
