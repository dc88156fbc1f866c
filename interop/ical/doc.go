// Package ical writes scheduled visits as an iCalendar file (RFC 5545), so
// educators see their appointments in the calendar they already use.
//
// Home visits "are not 'drop ins,' but rather an appointment set between
// two willing colleagues" (PTHV): every appointment is arranged in advance,
// and when it moves or is called off, the educators' calendars must follow.
// [Write] therefore gives each visit an event whose UID depends only on the
// visit id and a domain, so it stays the same across reschedules; SEQUENCE
// counts the agreed changes (one per reschedule, one more for a
// cancellation) and STATUS becomes CANCELLED when the visit is cancelled,
// so calendar programs replace the old event rather than keep both.
//
// Times are written in the district's time zone (DTSTART and DTEND with
// TZID) with a matching VTIMEZONE generated from Go's time zone data for
// the years of the visits, one STANDARD or DAYLIGHT observance per
// transition. DTSTAMP is a parameter ([Options.Stamp]): the package reads no
// clock, so the same input always gives the same bytes. Lines end in CRLF,
// are folded at 75 octets and TEXT values are escaped; tests read every
// output back with a third-party parser.
//
// Events carry ids and the kind of location only — never a family's name or
// address — unless the caller sets [Options.IncludeContacts] and passes the
// dataset's contacts.
package ical
