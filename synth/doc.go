// Package synth builds synthetic school districts that run the Parent
// Teacher Home Visits (PTHV) program: schools, staff, classes, students and
// families, and a year of selection plans, invitations, visits, reflections,
// pay, follow-up messages, events and goals. They serve as demo data, test
// fixtures, benchmark inputs and the ground truth of simulations.
//
// [District] builds one from a [Config] and a seed:
//
//	ds, err := synth.District(synth.DefaultConfig(), 1)
//
// [DefaultConfig] is a small demo district of three schools;
// [NationalConfig] is the size of the PTHV network in 2018–19 (700 schools,
// about 5,000 educators who visit and 45,000 visits).
//
// # A program that mostly follows the model
//
// Educators volunteer ([Config.OptInRate]) and are trained before they
// visit, some in earlier years with refreshers since; the school coordinator
// is usually not the principal, and the district names a coordinator.
// Each school records a selection plan whose criteria are scope keys only:
// method "all" for the families of its entry grade whose children
// volunteers teach (a kindergarten round-up in the spring before the year,
// for this year; a secondary school's entry-grade classes), or a
// stratified equal-probability sample of the families of volunteer
// teachers' students, balanced on every audit attribute. Families are
// invited ([Config.InviteShare]), answer ([Config.AcceptRate]) or ask for a
// visit themselves; an invitation names the students it is for.
//
// The visits run per student (RULES.md, P3). Siblings taught by one
// teacher share a visit, and often siblings taught by two do, the two
// teachers visiting together; otherwise each child's teacher visits on
// their own, and the family has a first and a second visit for each.
// First visits take place in summer and fall, in pairs (the teacher of a
// student the visit names and a partner, often one who speaks the family's
// language, or with an interpreter wherever the family needs a language
// the school does not teach), for 30–40 minutes, at home or at a public
// place, about hopes and dreams raised by the educators. The visitors
// reflect together within a few days, and are paid for their minutes
// outside the working day ([model.Calendar.MinutesOutsideWorkingDay] at the
// [model.Policy] rates, with a funding source) or covered by a stipend.
// Messages go both ways with the teacher who led the first visit; the
// teacher offers a second visit ([Config.SecondVisitRate]) in winter or
// spring, about academics, referring back to the first. Some visits are
// rescheduled, cancelled or missed, a few families withdraw, a few are
// invited late in the spring for next year, and every school holds a
// celebration.
//
// Students carry the audit attributes "ell", "iep", "frl" ("yes"/"no") and
// "home_language", at the rates of the Config; every school has one to
// three newcomer families who speak a language no one else there does.
// Siblings share a family. Some families have a child in an elementary
// school and another in a secondary school: both schools count the family
// as theirs, and each may invite it and visit its own student. Every tenth
// school, from the first, is a dual-language elementary school teaching in
// English and Spanish ([model.School.Languages]).
//
// # Deviations
//
// [Deviations] plants breaches of practice at given rates, each named by
// the rule of the catalogue it breaks, so that checks and reports have
// something to find:
//
//	Solo           P5.pair                    one educator visits alone
//	DropIn         P1.arranged-in-advance     arranged-at equals the start
//	Untrained      P2.trained                 an untrained volunteer visits
//	NotOptedIn     P1.educator-consent        an educator who did not opt in visits
//	NoConsent      P1.family-consent          a family never invited is visited
//	AfterDecline   P1.declined-respected      a visit follows the family's decline
//	AgendaOnFirst  P3.first-visit-no-agenda   educators raise academics on a first visit
//	NoReflection   P5.reflection              the reflection comes late, or from one visitor alone
//	Unpaid         P2.compensated             a certificated visitor is not paid
//	Targeted       P4.selection-criteria      a school's plan criteria include "ell" or "attendance"
//	Mandate        P1.no-mandate              a school goal requires educators to visit
//
// and [Deviations.Lapses] scales the everyday lapses only advisories
// report (a reflection that skipped assumptions, follow-up one way, a
// second visit never offered…). [Compliant] returns no deviations and no
// lapses, for tests that expect no finding of any severity;
// [Deviations.ByRule] maps the non-zero rates to rule ids. Breaches are
// data, not structural errors: the dataset always passes
// [model.Dataset.Validate].
//
// # Determinism
//
// The same Config and seed give the same dataset — byte for byte once
// encoded with [model.EncodeDataset] — on any machine and any GOMAXPROCS.
// Randomness comes only from [math/rand/v2.NewPCG] streams derived from the
// seed: one for the district, and for each school one per phase (roster,
// program, contacts). Schools are built in parallel and assembled in
// school order. The package holds no globals, does no I/O and reads no
// clock.
//
// # Identifiers
//
// Ids are fixed-width so that they sort naturally: schools "S001", and
// within a school educators "S001-E0001" (the principal first), classes
// "S001-C0001", students "S001-ST00001", families "S001-F00001" (a family
// with children in two schools keeps the id its elementary school gave
// it), the plan "S001-P1", invitations "S001-I00001", visits "S001-V00001"
// (in order of start), messages "S001-M000001", events "S001-EV1" and
// goals "S001-G1"; the district's own records start with "D-".
package synth
