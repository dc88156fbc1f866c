// Package model is the record of a Parent Teacher Home Visits program: who
// may visit and be visited, what happened, and the thresholds by which it is
// judged. It imports nothing else of pthv, does no I/O beyond the readers
// and writers it is handed, and reads no clock.
//
// # Entities
//
// A [Dataset] holds one school year of a district: its [School]s and
// [Class]es; [Educator]s with their role (certificated or classified),
// position, languages, full training history across years, yearly opt-ins
// and stipend agreements; [Student]s with their school, grade, classes,
// teachers of record, family and audit attributes (used only to check that
// invited and visited families are a cross-section); [Family] records;
// selection [Plan]s and [Goal]s; [Invitation]s and a family's own requests;
// [Withdrawal]s; [Visit]s with their status, appointment history, location,
// visitors and interpreters (a separate role), topics and who raised them,
// reflection and per-visitor [Compensation]; two-way [Communication]s; and
// celebration [Event]s. Names, addresses and phone numbers live only in the
// optional [Contacts] section, which nothing writes unless asked.
//
// Ids are distinct string types, so a family id cannot stand where a
// student id is expected. A field that was not recorded keeps its zero
// value; the rules read that as "not assessable", never as a breach.
//
// # Time
//
// [Date] is a calendar date, [Clock] a time of day, [Duration] a span
// written "40m", [Days] a count of calendar days written "7d". A
// [SchoolYear] runs from the summer before its first day to its last day; a
// [Calendar] carries the district's IANA time zone (from the embedded
// time/tzdata), school week, hours, closures and season bounds, and tells
// how many minutes of a visit fall outside an educator's working day — the
// time "teachers are … compensated for" (PTHV, core practice 2).
//
// # Policy
//
// [Policy] holds every threshold of the rule catalogue, with defaults from
// the seeds or documented library choices. [Policy.Validate] keeps the
// thresholds of violation rules within bounds, so no setting switches a
// non-negotiable off.
//
// # Money
//
// Amounts are integer cents (int64). [Dataset.Validate] keeps each payment
// — a [Stipend], one visitor's [Compensation] — from 0 to [MaxAmountCents]
// ($100,000.00), and [Policy.Validate] keeps hourly rates from 0 to
// [MaxRateCents] ($1,000.00). Sums of money are made with [AddCents], which
// returns [ErrAmountOverflow] instead of wrapping around, and amounts are
// written with [FormatCents] ("-1.05") or [FormatDollars] ("-$1.05").
//
// # The pthv/v1 format
//
// [DecodeDataset] reads the JSON format strictly (an unknown field is an
// error) and validates structure only — bad JSON, wrong types, duplicate or
// dangling ids, negative durations — with errors that name the source,
// line, record and field. A visit that breaks a practice is data to judge,
// not a decode error. [EncodeDataset] writes it back losslessly.
//
// Fields whose names start with x_ ([ExtensionPrefix]) are extensions:
// another program's data, allowed in any object and ignored by every
// reader, this one included. The format's JSON Schema is
// schema/pthv-v1.schema.json (package github.com/homevisits/pthv/schema);
// what a later v1 may add, and what would make a v2, is promised in
// docs/compatibility.md in the repository.
// A national year runs to hundreds of megabytes, so both directions are
// built for size. The large sections are read by hand-written code, in
// parts on every core, with the same result on any number of cores; any
// error, or a JSON form the fast reader leaves alone, sends the input
// through encoding/json, which names the error exactly as before.
// [DecodeDatasetBytes] reads a dataset already in memory (a mapped file)
// in place, and [DecodeIndex] also returns the [Index] its validation
// built, so that a caller about to check the dataset validates it once.
// [EncodeDataset] streams its output, and writes what encoding/json
// writes, byte for byte.
//
// # The visit lifecycle
//
// A [Journey] is one family's school year, event by event: invite, accept
// or decline, schedule, reschedule, cancel, complete or no-show, reflect,
// communicate, withdraw. It records what really happened, even when that
// breaks a practice, and returns a typed error only for an event it cannot
// place. [Index] gives constant-time lookups and the relations the rules
// need, including a family's consent history.
package model
