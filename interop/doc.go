// Package interop groups the formats pthv reads and writes besides its own
// pthv/v1 dataset: OneRoster rosters (oneroster), the visit-log spreadsheet
// coordinators keep (visitlog) and iCalendar exports of scheduled visits
// (ical). Every import and export round-trips losslessly and carries ids,
// never contact data, unless the caller asks for it.
package interop
