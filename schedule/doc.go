// Package schedule places first and second home visits over the school
// year: hard constraints (availability of family and visitors, notice,
// per-educator caps, no double-booking with travel, the gap from first to
// second visit) and soft ones (first visits in summer or early fall, second
// visits in winter or spring, the family's location, minutes outside the
// school day).
//
// The model's visits are "short, 30- to 40-minute conversations"; "the
// initial visit can take place at any time during the year, but the first is
// ideally conducted at the outset of a new school year during either the
// summer or fall" and "a second visit is then conducted in late winter or
// spring" (PTHV; Organizing Engagement).
//
// The planner itself is tracked as its own piece of work; this package
// holds its documentation until it lands, so the layer of the design exists.
package schedule
