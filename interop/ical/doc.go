// Package ical exports scheduled visits as iCalendar (RFC 5545) so
// educators can see their appointments: stable UIDs across reschedules,
// SEQUENCE on each change, STATUS:CANCELLED on cancellation, and a
// VTIMEZONE for the district's zone.
//
// The exporter is tracked as its own piece of work; this package holds its
// documentation until it lands.
package ical
