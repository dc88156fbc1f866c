// Package simulate runs Parent Teacher Home Visits program designs over
// synthetic districts, many times, for researchers comparing designs: how
// many families each design reaches, how many schools visit
// "systematically", how closely it keeps the five non-negotiables, what
// it costs, and what Sheldon & Jung's (2018) findings would project for
// its students.
//
// A [Design] holds the program's choices — the share of families invited,
// the selection method and balance attributes, educator opt-in, family
// acceptance and its response to repeated invitations, pairing, the
// second visit, capacity per educator, pay and budget (and how it is
// shared among schools), the training schedule, what happens to
// appointments during the year (no-shows, cancellations, moves,
// withdrawals), how many consecutive years run, and rates of deviation
// from the model. [DefaultDesign] keeps
// every non-negotiable; [DecodeDesign] reads a JSON design over it, and a
// [Sweep] (a list of variants, a grid, or both) expands a base design into
// many. [Run] runs every design N times and returns the [Results]:
// [Results.WriteCSV] writes one row per run and year for R or pandas,
// [Results.Summary] the mean and 95% intervals per design, year and
// metric, and
// [Results.WriteSummary] a summary for people with every assumption.
//
// # Real planners (the default)
//
// [Simulate] runs one replication with the library's own planners and
// checker, so a design is judged by the code a district would run:
//
//  1. District. synth.District builds the schools, staff (who opts in at
//     the design's rate), students and families; synth's own program is
//     cleared, keeping the people, their history, goals and events.
//  2. Training. This year's new volunteers are trained
//     InitialDaysBeforeSchool before the first day; veterans whose last
//     training is RefresherEveryYears old or more — or would pass the
//     policy's RefresherAfter by the year's end — get a refresher that
//     day. Nobody visits before the day after their training.
//  3. Selection. Each school's plan (selection.Population.Plan) draws a
//     cross-section — or all — of its scope (the volunteer teachers'
//     families, or the school), InviteShare of the school's families,
//     balanced on the design's attributes. Invitations go out in July;
//     each family accepts at Acceptance.Rate, else declines
//     (DeclineShare) or does not answer; families that did not accept
//     are asked again up to Reinvites times, at Rate × RepeatFactor^k.
//     A few families not invited ask for a visit themselves.
//  4. Pairing. With "teams", pairing.Teams forms the standing teams; a
//     family is visited by the team of one of its teachers, else by the
//     least busy team of its school. With "partners", each visit goes to
//     the family's teacher (or the least busy volunteer) and the least
//     busy colleague with room.
//  5. The program year. Each school's coordinator runs schedule.Plan — the
//     library's planner, the one home of the hard constraints (pairs,
//     training, availability, closures, notice, daily and weekly caps,
//     travel, the gap between visits, the budget) — every
//     Year.PlanEveryDays from the invitations, for the families waiting
//     for a first visit, then for those waiting for a second
//     (schedule.Options.Kind and Families, with the planner's heuristic:
//     it places as many visits as the exact search on the schedule
//     package's instances of known optimum), each with visitors who have
//     room: no educator takes more than CapacityPerEducator visits, and
//     first visits never use the share of it held for second visits
//     (Year.SecondVisitReserve). Between rounds the year happens, in time
//     order: a booked visit is held, missed by the family (no-show,
//     Year.NoShowRate), cancelled by the family one to three days before
//     (Year.CancelRate), or moved at the family's request
//     (Year.RescheduleRate: planned at once, the earlier time kept as a
//     rescheduling; a move too late for the notice becomes a
//     cancellation); a family that agreed may withdraw (Year.WithdrawalRate),
//     which cancels what is scheduled after it. A missed or cancelled
//     visit is booked again at the next round, Year.Rebooks times at
//     most. When a first visit is held and the design offers a second,
//     the family is invited to it three weeks before winter (or a week
//     after the visit) and answers. Every visit stays on record with its
//     status, so practices.Check judges the year as it happened.
//  6. Budget. When the design sets Compensation.BudgetCents, each school
//     has its own share, fixed before the year: the district's budget
//     shared by enrolment or equally (Budget.Allocation), or a budget per
//     school (Budget.Scope). A school books only what its share can pay,
//     holding Budget.SecondVisitReserve of it for second visits, so no
//     school's reach depends on how early another school's families
//     answered. Deviations are then applied to each held visit as
//     last-minute changes.
//  7. Check. practices.Check judges the completed year as of the day after
//     its last day, with the design's pay rates and systematic threshold
//     in the policy.
//
// [Program] runs Years.Count consecutive years on one district:
// volunteers return (Years.Retention) or join (Years.Recruitment),
// newcomers are trained and veterans refreshed, every family is asked
// again under the year's new plan (last year's acceptance does not carry
// over), and families visited before accept at Years.ReturningAcceptance.
// The roster of students and families is held fixed. Each year is one row
// of the output (column year); returning_families and newly_systematic
// follow the program over time.
//
// # The capacity model (opt-in, for very large sweeps)
//
// [Capacity] replaces the roster, the planners and the check by counts, so
// that a sweep of thousands of designs runs in seconds. Its constants are
// synth's (family sizes, enrolment spread, school kinds, who always
// volunteers) or calibrated against the real planners: on a fixed grid of
// 12 designs (invited share × acceptance × capacity) its mean visits lie
// within 5% of theirs over 200 replications (TestCapacityCalibration).
// For each school i:
//
//	students      n_i = round(S·(1 ± 0.2u)), as synth
//	staff         e_i = max(3, round(E·n_i/S))
//	families      F_i = round(n_i / 1.54)          (synth's family sizes)
//	volunteers    V_i = max(3, 2 + Binomial(e_i − 2, opt_in_rate)): the
//	              coordinator and the liaison always volunteer
//	scope         F_i, or for volunteer teachers F_i·(1 − (1 − q)^k),
//	              q = (V_i − 1)/teachers, k = 1.54 teachers per family
//	              (×4 in secondary schools)
//	invited       I_i = scope ("all"), or min(scope, round(share·F_i)), of
//	              whom 92% answer (the rest belong to another school)
//	agreed        Binomial answers per round, by pools of families (not yet
//	              answered, quiet after a decline, declined), plus
//	              Binomial(F_i − I_i, family_request_rate) requests
//	bookings      each booking fails with q = no_show + cancel and is
//	              booked again while the rebooks last: a visit is held with
//	              1 − q^(R+1) and takes (1 − cancel)·Σq^j of a place
//	capacity      V_i·capacity_per_educator / v places, v = 2 with
//	              partners, V_i / ⌊V_i/2⌋ with teams; first visits use at
//	              most the part not held for second visits
//	first visits  Binomial(min(agreed − early withdrawals, first places /
//	              place per visit), held share)
//	second visits likewise, on the offers accepted, in the places left
//	students      first + Binomial(first, 0.42) + Binomial(·, 0.12/0.42)
//	pay           every visitor paid for the whole visit at the mean rate
//	              of the school's roles: an upper bound, no stipends
//	budget        each school's share, as the real planners: first visits
//	              within the part not held for second visits
//	violations    Binomial(visits, rate) for each visit deviation, and the
//	              picked schools for Targeted and Mandate
//	years         volunteers Binomial(V, retention) + Binomial(e − V,
//	              recruitment); families visited before answer at
//	              returning_acceptance
//
// It models neither calendars, availability nor daily and weekly caps,
// counts no-shows, cancellations and moves as expected values, produces
// no advisories and no fidelity (NA), and counts each planted breach
// once, without the rules it implies. Use it to screen a design space,
// then run the promising designs with the real planners.
//
// # Outcomes: associations, not causal effects
//
// Sheldon & Jung (2018) compared K–8 schools of urban districts that
// visited at least 10% of their students ("systematic") with schools
// that did not, and found that students of systematic schools — visited
// or not — were less likely to be chronically absent (missing at least
// 10% of school days; likelihood −22%) and more likely to be proficient
// in English language arts (odds +35%). These are associations from one
// observational study, not causal effects; every output says so and
// names the model that produced it. [OutcomeAssumptions] choose the model
// — the published step at the systematic threshold ([StepModel], the
// default), a [DoseResponseModel] that lets the effect grow with coverage
// up to the published one, or a [NullModel] — and, per outcome, the
// scale ([RiskRatio] or [OddsRatio]), the baseline (district or per
// school; the defaults, 15% and 40%, are illustrative) and an optional
// 95% interval from which each replication draws its effect
// ([OutcomeAssumptions.Draw]). The figures "at the estimate" use the
// point estimates, so the summary separates the program's run-to-run
// variation from the effect-size uncertainty.
//
// # Evaluation power
//
// [Power] answers the question before an evaluation: with this many
// schools and students, this intra-class correlation and this share of
// systematic schools, how likely is a school-level comparison to detect
// an effect, and what is the smallest it detects? It simulates the
// studies and runs a cluster-level test on school rates, and gives the
// closed-form design-effect formula beside it.
//
// # Publishing a run
//
// [Results.WriteCSV] names its columns in snake_case with their units
// ([Columns] lists their types), writes booleans TRUE/FALSE and seeds
// with a letter prefix ([FormatSeed], [ParseSeed]), so that R and pandas
// read every column typed. [Results.Meta] is the sidecar meta file from
// which the run can be repeated byte for byte; [Results.Plots] are SVG
// charts of a sweep; [Options.Shard] runs one of N slices of a run and
// [MergeCSV] joins them.
//
// # Seeds and determinism
//
// Replication r (1…N) of every design runs with [Seed](base, r), so
// designs are compared on the same districts (common random numbers).
// Replications run in parallel on a pool of workers and are assembled in
// run order; every random draw comes from math/rand/v2 PCG streams derived
// from the replication's seed, per school and phase. The CSV output is the
// same byte for byte for the same seed on any GOMAXPROCS. The package does
// no I/O beyond the writers it is given and reads no clock.
package simulate
