// Package practices is the PTHV rule catalogue and the checks built on it:
// whether a program keeps the five non-negotiables of the Parent Teacher
// Home Visits model, and RTI International's implementation
// recommendations.
//
// The five non-negotiables, in the words of the RTI implementation study:
//
//   - Visits are always voluntary for educators and families and arranged in advance.
//   - Teachers are trained and compensated for visits outside their school day.
//   - The focus of the first visit is relationship-building; educators and
//     families discuss hopes and dreams.
//   - No targeting – visit all or a cross-section of students so there is no stigma.
//   - Educators conduct visits in pairs and, after the visit, reflect with their partners.
//
// # The catalogue
//
// [Rules] lists every rule as data — stable id, severity, unit, due point,
// whether it is decidable at booking (●), implied rules, policy fields and
// the source it encodes — and docs/rules.md is generated from the same
// table. Each practice file (p1_voluntary.go … p5_pairs.go, roles.go,
// integrity.go) declares its rules with their judges attached, so grepping
// an id lands on the whole rule. A judge has one of three shapes: a verdict
// per visit, a verdict per educator on a visit, or a walk over the rule's
// own units (student-years, schools, scopes, educators). The engine —
// Prepare, the visit pass, counting, parallelism — knows no rule by name;
// a fact several rules read (a visit's place in its students' lifecycle, a
// family's consent history, a visitor's pay) is worked out once by a named
// function, and a rule that needs facts of its own works them out in its
// own prepare step, in its own file.
//
// # Check
//
// [Check] judges a dataset as of a moment (asOf, a time.Time: the
// package reads no clock) under a policy — nil for the dataset's own, or a
// *model.Policy that overrides it, as every planner of the library takes
// one (docs/conventions.md) — and returns a [Report]: findings (ids only, never contact data), per-rule and
// per-school counts of passing, failing, not-assessable and pending units,
// coverage figures and the targeting audit. The rules of judgement
// (RULES.md):
//
//   - Missing data is never a violation. A rule whose field a school never
//     records (no invitations, reflections, compensation or messages on
//     record at all) counts that school's units as not assessable, so the
//     report shows what to record rather than a wall of findings.
//   - A unit is judged only once due (after the visit, after the reflection
//     window, at the end of the year); before that it is pending.
//   - At most one finding per rule and unit; a breach brings the rules the
//     catalogue lists as implied by it.
//   - A unit is listed under every school of the students it concerns, and
//     counted once in the district: a visit naming children of two
//     schools, a family with a child in each.
//   - The lifecycle runs per student and school year ([model.Lifecycle]): a
//     visit belongs to the students it names (a visit naming no student
//     concerns them all), and each student's first completed visit of the
//     year is its first visit, whatever it was labelled. A middle-school
//     teacher's first visit with a family is that student's first visit
//     even after a sibling's elementary visit. The student-year rules
//     (P3.second-visit-offered, P3.follow-up) run per student, or family
//     by family where visits name no student.
//   - An answer counts for its invitation's school year only (the year of
//     its sent_at, or its year field) and covers the students the
//     invitation names ([model.ConsentFor]); last year's acceptance does
//     not make this year's visits consensual.
//   - The targeting audit (P4.cross-section) audits each plan's own scope,
//     and invitations with no plan per school, a family with children in
//     two schools being in both schools' populations; a scope whose every
//     family was invited passes without a test; small categories are
//     pooled, the attributes of a scope are one Holm–Bonferroni family,
//     and no output gives a figure from which a group under MinCellSize
//     could be rebuilt ([selection.Audit]).
//
// Checking is two steps, [Prepare] and [Program.Check]: preparation
// validates and indexes the dataset, places every family's completed
// visits per student, replays its records through its [model.Journey],
// derives and audits the targeting scopes, works out each visit's facts
// that no date or policy changes, and judges every visit by the visit
// rules that read the dataset alone — so that a district system or a
// monthly run can check the same program as of many dates or under several
// policies. [Check] does both in one call. The visit rules that read the
// date or the policy (P1.notice, P3.duration, P5.group-size,
// P5.reflection, P5.bias-reflection) are judged by every check.
//
// A check uses every core (GOMAXPROCS): the unit rules are judged side by
// side, each writing only its own counts and findings, then the visits,
// split into one range per core, each counting on its own. Findings are
// joined by school, then in catalogue order, then in the order found, so
// the report is the same byte for byte on any number of cores.
//
// # Guard
//
// [Guard] applies exactly the ● rules to one proposed visit, through a small
// [Lookup] interface that [*model.Index] implements and a district system
// can implement over its own database. Guard iterates the catalogue's
// booking rules and calls the judges Check calls, and decides whether the
// proposed visit is a first visit with [model.IsFirstVisit], the same
// definition: a visit Guard accepts never gets one of those rules from
// Check. An id the program has no record of — a visitor, and with a
// lookup that offers [FamilyLookup] and [StudentLookup] the family and
// students — is named as unknown in the findings it brings.
//
// [NewLookup] builds a ready in-memory Lookup from a district's records
// (a [*model.Index] over them), and practicestest.TestLookup checks a
// district's own Lookup against a dataset, as testing/fstest.TestFS checks
// a file system. The conformance kit for other implementations of the
// rules is the practicestest package too.
//
// # A student's year
//
// [StudentYearOf] answers a front office's question — has this student's
// family been visited this year, and what is next? — from the same
// per-student lifecycle and consent rules Check reads: the student's
// completed visits and their places, the next appointment, the family's
// standing and the next step the model advises ("pthv lookup" prints it).
package practices
