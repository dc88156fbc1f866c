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
// table. Each rule lives in one file per practice (p1_voluntary.go …
// roles.go, integrity.go), findable by its id.
//
// # Check
//
// [Check] judges a dataset as of a date under a policy and returns a
// [Report]: findings (ids only, never contact data), per-rule and
// per-school counts of passing, failing, not-assessable and pending units,
// coverage figures and the targeting audit. Three rules of judgement hold
// throughout:
//
//   - Missing data is never a violation. A rule whose field a school never
//     records (no invitations, reflections, compensation or messages on
//     record at all) counts that school's units as not assessable, so the
//     report shows what to record rather than a wall of findings.
//   - A unit is judged only once due (after the visit, after the reflection
//     window, at the end of the year); before that it is pending.
//   - At most one finding per rule and unit; a breach brings the rules the
//     catalogue lists as implied by it.
//
// Checking is two steps, [Prepare] and [Program.Check]: preparation
// validates and indexes the dataset, replays every family's records through
// its [model.Journey], derives the populations of the targeting audit and
// audits the invited families, and works out each visit's and family's
// facts that no date or policy changes (pay per visitor, season, languages
// needed, first decline, messages) — everything that depends only on the
// dataset — so that a district system or a monthly run can check the same
// program as of many dates or under several policies. [Check] does both in
// one call. Most visit rules judge a visit by facts of the dataset alone
// (its record, the family's consent history, the educators' records, its
// place among the family's completed visits): preparation judges every
// visit by these "fixed" rules once, messages included, and a check counts
// the verdicts of the visits that took place as of its date. The visit
// rules that read the date or the policy (P1.notice, P3.duration,
// P5.group-size, P5.reflection, P5.bias-reflection) are judged by every
// check.
//
// A check uses every core (GOMAXPROCS): rules are judged side by side, then
// the visits, split by school, in one pass that applies every visit rule.
// Each rule writes only its own counts and findings, each part of the visit
// pass only its own schools', and findings are joined in school order, so
// the report is the same byte for byte on any number of cores (a test runs
// it on 1, 2, 3 and 8). Audits of the visited families, which change with
// the date, reuse one audit per school once every completed visit has
// taken place; before that each check audits them afresh.
//
// # Guard
//
// [Guard] applies exactly the ● rules to one proposed visit, through a small
// [Lookup] interface that [*model.Index] implements and a district system
// can implement over its own database. Guard and Check call the same rule
// functions, so a visit Guard accepts never gets one of those rules from
// Check.
//
// The conformance kit for other implementations is the practicestest
// package, in the spirit of testing/fstest.
package practices
