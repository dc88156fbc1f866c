// Package interop groups the formats pthv reads and writes besides its own
// pthv/v1 dataset:
//
//   - oneroster imports a district roster exported from its student
//     information system as OneRoster 1.1/1.2 bulk CSV;
//   - visitlog reads and writes the visit-log spreadsheet coordinators keep,
//     one row per visit;
//   - ical exports scheduled visits as iCalendar.
//
// They share conventions: columns are found by header name, every error
// names the file, line, column and field, no input makes them panic, and
// they carry ids, never contact data, unless the caller asks for it (a
// roster's names, emails and phones go only into a dataset's contacts
// section). CSV exports guard cells against spreadsheet formulas with a
// leading ', and imports remove exactly that prefix.
package interop
