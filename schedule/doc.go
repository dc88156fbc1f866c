// Package schedule places the first and second home visits of the families
// who accepted one, over the rest of the school year, and repairs the
// schedule when something changes. It answers: when does each family meet
// its visitors, and what does the time outside the school day cost?
//
// The model's visits are "short, 30- to 40-minute conversations"; "the
// initial visit can take place at any time during the year, but the first is
// ideally conducted at the outset of a new school year during either the
// summer or fall", and the second, about academics, follows "in the winter
// or spring" (PTHV; Organizing Engagement). Visits "are not unplanned
// drop-ins, but scheduled appointments", made in pairs, and "educators be
// compensated for visits outside of the school day".
//
// # Planning
//
// [Plan] takes a dataset, the time of planning (asOf: the package reads no
// clock) and [Options]. The families are those whose consent stands
// accepted at asOf; their visitors come from [Options.Visitors], from the
// standing [Team] of a student's teacher, or from [DefaultVisitors]. Visits
// the dataset already holds count as the family's first and second visits.
// A [Planner] ([NewPlanner]) gives Plan's schedules to a caller that plans
// the same dataset round after round as its record grows, keeping its
// layout of the year and of the visitors' days between runs.
//
// Hard constraints are never broken (a property test checks each one with
// an independent checker): at least two visitors, opted in and trained
// before the day; the family's and each visitor's weekly availability — an
// empty list means "not recorded" and is read as available from the
// policy's earliest to latest visit time on any day; no closure day;
// nothing before asOf plus the policy's notice, so every appointment is
// arranged in advance (P1.arranged-in-advance, P1.notice); the visitors'
// caps per day and per week (weeks run Monday to Sunday); no educator
// double-booked, with the travel buffer between visits; the second visit at
// least the policy's gap after the first; the budget, when one is set.
// Starts lie on a grid ([Options.Step], 15 minutes by default) and last the
// policy's visit length.
//
// Everything else is the [Objective], compared in order: the most first
// visits, then the most second visits, then the fewest visits outside their
// season (P3.first-visit-season, P3.second-visit-season), then the fewest
// minutes outside the visitors' working day, then the family's window rank
// (a family's windows are read in order of preference). A visit goes where
// the family asked to meet ([model.Family.LocationPreference], recorded as
// requested by the family) or home. Every accepted family's first and second
// visit ends up as an [Appointment], a [Kept] visit, or an [Unplaced] entry
// with a [Reason] — never dropped silently.
//
// # Method and optimality
//
// Families that share no visitor cannot affect each other, so the planner
// works per component of families linked by shared visitors. The heuristic
// places first visits, then second visits, most constrained family first,
// each at its best time (scanning classes of days from the best possible
// score down, so most placements look at a few days); a visit that finds no
// time is placed by an augmenting search that moves one or two appointments
// of its visitors elsewhere, up to three levels deep, rolling back what
// leads nowhere, and a second visit may pull its own first visit earlier.
//
// Each component has a bound: the visits that could be placed alone, the
// visitors' free places per week, and each visit's best time alone. Where
// the heuristic meets the bound the schedule is proven optimal. Otherwise,
// on components of at most [Options.ExactVisits] visits (16), [Auto] runs
// an exact branch-and-bound over every candidate start — the ends of free
// spans and the points where cost or window rank change, which contain an
// optimal start — pruned by the bound, within [Options.NodeLimit] nodes.
// [Schedule.Proven] says whether the result is optimal; [Schedule.Bound]
// is the bound.
//
// On generated instances whose optimum is known (300 small ones solved by
// exhaustive search, 30 of 20–40 families solved by the exact method), the
// heuristic alone reached the optimum number of first and of second visits
// on every one; it was worse somewhere in the objective on 8 and 3 of them,
// by minutes outside the working day only (TestHeuristicGap). A school of
// 2,000 families and 100 pairs over a whole year plans in about 30 ms and
// is proven optimal by its bounds; with two months left and tight caps,
// about 20 ms, with the first visits proven optimal and the second visits
// within 2% of the bound (BENCHMARKS.md).
//
// # Repair
//
// [Repair] applies a [Change] — [FamilyCancels], [EducatorUnavailable] or
// [SchoolClosed] — moving only the appointments the change touches (and a
// second visit whose first had to move past the gap); every other
// appointment keeps its time. Moved appointments record their earlier time
// as a [model.Rescheduling]; cancelled ones stay with status cancelled and
// who cancelled them, so nothing is lost. [Recorded] reads the schedule a
// dataset already holds — its scheduled visits still to come — so a
// repair also works on visits booked earlier or by hand.
//
// # Reasons
//
// Reasons are true to the records: a family whose first visit is on record
// (completed or scheduled) is never told its first visit could not be
// placed; after the school year, or when the notice leaves no day of it,
// every visit left says so ([NoDaysLeft]). A schedule that can place
// nothing at all says why in [Schedule.Notes]: no accepted family, fewer
// than two eligible educators, or no day left.
//
// # Compensation
//
// Each appointment carries, per visitor, the pay of [model.PayRule] — the
// one rule of pay, which the simulator and payroll apply too: the minutes
// outside that visitor's working day ([model.Calendar.MinutesOutsideWorkingDay]
// with [model.Index.WorkingHours]) and the pay in integer cents at the
// policy's rate for the visitor's role — classified staff are paid too, as
// RTI recommends — from the school's funding source, or nothing more when
// a stipend covers the educator-year (from the stipend's source). A zero
// rate pays nothing and names no source: the time is on record as unpaid.
// [Totals] sum minutes and cents by funding source and by school;
// [Options.BudgetCents] plans within a budget, leaving families unplaced
// with reason [OverBudget] rather than overspend. [Payroll] sums what
// the records say was done instead: per educator and month, the completed
// visits, the minutes and amounts by funding source of their compensation
// records, and the minutes outside the working day of visits with no
// record — what "pthv export payroll" writes.
//
// Appointments become [model.Visit] records with [Schedule.Visits], and
// iCalendar files with the interop/ical package.
package schedule
