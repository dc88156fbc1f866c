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
// second visit, capacity per educator, pay and budget, the training
// schedule and rates of deviation from the model. [DefaultDesign] keeps
// every non-negotiable; [DecodeDesign] reads a JSON design over it, and a
// [Sweep] (a list of variants, a grid, or both) expands a base design into
// many. [Run] runs every design N times and returns the [Results]:
// [Results.WriteCSV] writes one row per run for R or pandas,
// [Results.Summary] the mean and 95% intervals per design and metric, and
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
//     training is RefresherEveryYears old or more get a refresher that
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
//     least busy team of its school. With "partners", a visit is booked
//     with the family's teacher (or the least busy volunteer) and
//     pairing.Partners adds a partner after placement.
//  5. Placement. Families are placed in the order they agreed, each at the
//     earliest free slot from three days after agreeing: a 15-minute grid
//     within the family's availability windows (otherwise 15:30–18:30 on
//     school days, 10:00–17:00 on other days), never on a closed day,
//     within the policy's earliest and latest visit times, under every
//     visitor's daily and weekly caps and the design's capacity per
//     educator, with the travel buffer between visits. A visit booked
//     with one educator is only placed where another volunteer is free,
//     so that pairing.Partners can find a partner. The budget is applied
//     in date order: a visit that would take the year's pay past it is
//     not held. When the design offers a second visit, every family whose
//     first visit was held is invited to one three weeks before winter
//     (or a week after its first visit); those who accept get one in
//     winter or spring, at least the policy's gap after the first, with
//     the same visitors where possible. Deviations are then applied to
//     each held visit as last-minute changes.
//  6. Check. practices.Check judges the completed year as of the day after
//     its last day, with the design's pay rates and systematic threshold
//     in the policy.
//
// The placement in step 5 is this package's own greedy earliest-slot rule
// ([InternalPlacement], the default), small and fast. With
// [SchedulePlacement] the schedule package's optimizing planner places the
// visits instead, as a coordinator would run it: every two weeks from the
// first acceptance, schedule.Plan places the families that agreed since
// (with their team, or their teacher and the least busy colleague with
// room, since it books only visits made in pairs), within the budget left;
// a family it cannot place yet is tried again at the next round. The
// schedule planner has no yearly capacity per educator, so each family is
// given visitors with room left. It is several times slower (BenchmarkSimulate)
// and places visits wherever the availability recorded allows — an
// educator with no availability recorded may be booked during the school
// day, which costs no pay.
//
// # The capacity model (opt-in, for very large sweeps)
//
// [Capacity] replaces the roster, the planners and the check by counts, so
// that a sweep of thousands of designs runs in seconds. For each school i:
//
//	students      n_i = round(S·(0.8 + 0.4u)), u uniform (synth's ±20%)
//	staff         e_i = max(3, round(E·n_i/S))
//	families      F_i = round(n_i / 1.54)          (synth's family sizes)
//	volunteers    V_i = max(2, Binomial(e_i, opt_in_rate))
//	scope         F_i, or for volunteer teachers F_i·(1 − (1 − V_i/e_i)^k),
//	              k = 1.54 teachers per family (×4 in secondary schools)
//	invited       I_i = scope ("all"), or min(scope, round(share·F_i))
//	agreed        Binomial answers per round, by pools of families (not yet
//	              answered, quiet after a decline, declined), plus
//	              Binomial(F_i − I_i, family_request_rate) requests
//	capacity      C_i = ⌊V_i·capacity_per_educator / v⌋ visits, v = 2 with
//	              partners, V_i / ⌊V_i/2⌋ with teams
//	first visits  min(agreed, C_i); second visits min(Binomial(first,
//	              accept_rate) + after-decline visits, C_i − first)
//	students      first + Binomial(first, 0.42) + Binomial(·, 0.12/0.42)
//	pay           every visitor paid for the whole visit at the mean rate
//	              of the school's roles: an upper bound, no stipends
//	budget        every school's first visits cut in the same proportion,
//	              then the second visits with what is left
//	violations    Binomial(visits, rate) for each visit deviation, and the
//	              picked schools for Targeted and Mandate
//
// It models neither calendars, availability nor daily and weekly caps,
// produces no advisories and no fidelity (NA), and counts each planted
// breach once, without the rules it implies. Use it to screen a design
// space, then run the promising designs with the real planners.
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
