// Package selection plans which families to invite to home visits, and
// audits whether invited or visited families are a cross-section of their
// school — core practice 4 of the Parent Teacher Home Visits model:
//
//	No targeting – visit all or a cross-section of students so there is no
//	stigma.
//
// The seeds explain why. If a school visits only families "who live in a
// certain neighborhood or with the parents of students who are struggling
// academically, people are more likely to assume that visits are intended
// to address 'problems,' not build stronger relationships" (PTHV model
// description). RTI International's implementation study found that "some
// secondary schools made school-wide decisions to visit students in certain
// classes", and that some educators targeted students with challenges; it
// recommends keeping "no targeting" and using "a selection process that
// does not stigmatize students" — educators "can prioritize certain
// students", but the cross-section must hold.
//
// # Scope, never a filter
//
// A plan's population is always derived from a [model.Dataset] and a
// [Scope] by [NewPopulation]; callers cannot hand one in. A scope narrows
// only by school, grade, class (section) or teacher. Every other key —
// "ell", "iep", "frl", "attendance", "race", "neighborhood" — from a JSON
// request ([DecodeRequest], [Scope.UnmarshalJSON], [ScopeFromMap]), a
// command-line string ([ParseScope]) or the API ([Scope.Set]) returns an
// error wrapping [ErrTargeting] that names it. Attributes may balance a
// sample ([Request].Balance); they never filter it.
//
// Families count once: a family is in scope when at least one of its
// students is, and its attributes come from [model.Index.FamilyAttributes]
// (any student for yes/no flags, the youngest student otherwise).
//
// # Methods
//
//   - [All]: every family in scope.
//   - [Stratified]: an equal-probability sample of a share or a count. The
//     strata are the cells of the balance attributes' cross-classification;
//     each gets its exact proportional quota rounded down or up, the total
//     is exact, and the leftover seats of the largest-remainder step are
//     dealt by a seeded draw in proportion to the remainders, so every
//     family's inclusion probability is exactly n/N. Controlled rounding on
//     a flow keeps the margins of the first two balance attributes within 1
//     of proportional; beyond two, a local search lowers the largest margin
//     deviation and the plan reports it ([Plan].MaxMarginDeviation).
//   - Teacher caps ([Request].TeacherCap or the policy's TeacherCap): no
//     teacher is asked to visit more families than the cap; families are
//     swapped only within their stratum, so proportions hold, and an
//     impossible cap returns a [*CapError] naming the teachers.
//   - Priority ([Request].Priority): prioritized families fill their
//     stratum's quota first; the quota itself never changes.
//
// Every [Plan] reports each stratum's population, quota and chosen count,
// each family's inclusion probability ([Plan.Probability], [Plan].Basis)
// and its seed; the same seed gives the same plan byte for byte. A plan
// becomes a [model.Plan] record and [model.Invitation] records that name it
// ([Plan.Record], [Plan.Invitations]); their criteria are the scope keys.
//
// # Replay
//
// A plan record keeps the whole request — method, scope, balance, share or
// count, teacher cap, priority and seed ([Request.Record]) — so
// [RequestOf] gives it back, and [ReplayPlan] re-runs it: on the roster it
// was made on it chooses exactly the families its invitations name; on a
// roster that changed since, it lists the recorded families it no longer
// chooses (removed, out of scope, or not drawn) and those it chooses
// instead.
//
// # Audit
//
// [Audit] implements P4.cross-section of the rule catalogue for any chosen
// set — a plan, or the families a school really invited or visited — as
// the catalogue sets its audit up, so that a program that keeps the
// practice is never called targeting:
//
//   - A population whose every family is chosen passes without a test.
//   - Per attribute, the categories held by fewer than MinCellSize
//     families are pooled into one "other" category (merged with the
//     smallest remaining one while still too small); an attribute left
//     with fewer than two categories is not assessable. Families with no
//     value are left out of the test.
//   - The pooled 2×k chosen/not-chosen table gets Pearson's chi-square
//     test when every expected count is at least 5, otherwise Fisher's
//     exact test (two categories) or a fixed-seed Monte Carlo test, which
//     stops once an exact 99.9% interval for p lies clear of every
//     threshold the verdicts can use and reports the draws it used; then
//     Cramér's V and the largest share gap.
//   - The attributes tested in one audit are one family of tests: their
//     p-values are Holm–Bonferroni adjusted, and the verdict — targeting
//     when the adjusted p < TargetingAlpha and the effect is large,
//     advisory when moderate — uses the adjusted p with the thresholds of
//     a [model.Policy] ([ThresholdsFrom]). Visited families get
//     advisories only.
//   - No small group can be re-identified: small categories are never
//     named, and an attribute whose pooled table has a cell below
//     MinCellSize is withheld — its figures are zeroed and left out of
//     the JSON form, and only its test, level names and verdict remain.
//
// The package does no I/O beyond the readers and writers it is given,
// reads no clock and holds no global state; all randomness comes from the
// request's seed.
package selection
