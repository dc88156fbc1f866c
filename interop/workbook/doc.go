// Package workbook writes and reads the coordinator's workbook: the
// dataset as the sheets a coordinator keeps in Excel or Google Sheets —
// RTI found that programs track their visits on coordinators' sheets —
// one sheet per thing a coordinator records, one row per record. [Write]
// writes an XLSX file and [Read] merges one back; [WriteCSV] and
// [ReadCSV] do the same with a folder of CSV files, one per sheet, for
// spreadsheets that import CSV. A workbook written and read back changes
// nothing, and read into a dataset stripped of what it carries restores
// every record.
//
// # Sheets and columns
//
// Headers are plain words, matched ignoring case and the difference
// between spaces, hyphens and underscores. The first column names the
// record (on a detail sheet, the record the row belongs to).
//
//	README             where the workbook came from (revision, school year,
//	                   time zone, district, export day) and every sheet
//	                   and column explained
//	Educators          educator, school, role, position, languages (";"
//	                   between them), opted in (yes or no: for the
//	                   dataset's school year only; other years are kept)
//	Trainings          educator, date, kind (initial or refresher)
//	Invitations        invitation, family, students, origin, kind, plan,
//	                   method, criteria, sent, year, by, answer (none,
//	                   accepted or declined), answered at
//	Contact attempts   invitation, at
//	Withdrawals        family, at
//	Visits             the visit log of package visitlog, headers in plain
//	                   words ("visit id"), less the columns the detail
//	                   sheets below hold
//	Topics             visit, topic, raised by
//	Pay                visit, educator, minutes outside, amount, source,
//	                   stipend (yes or no)
//	Reschedules        visit, agreed at, from start, by
//	Messages           message, family, at, direction, channel, educator
//	Events             event, level, school, date, kind, family voices
//
// With [Options].Contacts, and only then, four more sheets carry the
// dataset's contacts section: Family contacts (family, address, phone),
// Guardians (family, name, phone, email), Educator contacts (educator,
// name, phone, email) and Student names (student, name).
//
// A family with children in two schools, invited by both, has two
// Invitations rows: one row per record, never one per family.
//
// # The Visits sheet and its details
//
// The Visits sheet is the visit log: it is written by visitlog.Write and
// read by visitlog.Read, so its CSV form is a file "pthv import visits"
// reads as it is, and one format serves both. Its date and time columns
// become date cells in the XLSX form and are turned back into the log's
// text before visitlog.Read sees them; the log's errors are put back at
// the sheet's row and column.
//
// A visit's repeated details — topics, per-visitor pay, reschedules —
// have sheets of their own, one row per item, with the visit's id. Each
// has one source of truth: the Visits sheet leaves out the log's columns
// that a detail sheet holds, which visitlog.Read treats as "keep the
// rest", and the detail sheet then sets them. Which columns those are is
// learned from visitlog itself (the columns that change when a visit's
// topics, pay or reschedules change), so the Visits sheet stays the log
// as the log gains columns. A Visits sheet that has such a column while
// the workbook has the detail sheet is refused.
//
// # Merging
//
// A row whose id the dataset has updates that record: the fields of the
// columns the sheet has — an empty cell clears a field — and the rest
// kept as they are. A row with a new id adds a record. Deleting a row is
// not a deletion: a visit is cancelled by its status, a family withdraws
// with a Withdrawals row (a withdrawal is never removed or moved), a
// decline is the invitation's answer. A detail sheet (Trainings, Contact
// attempts, Topics, Pay, Reschedules, Guardians) holds the whole list of
// details of every record the workbook lists, on the detail sheet or on
// its record's sheet: deleting a topic's row removes that topic. A sheet
// the workbook lacks leaves its records as they are; columns named notes,
// and sheets of other names, are ignored.
//
// Read changes the dataset only when every sheet reads without a problem
// and the merged dataset passes [model.Dataset.Validate]. Otherwise it
// returns an [Errors] with every problem, each naming the sheet, row,
// column and field the way a spreadsheet does:
//
//	program.xlsx: Visits!E7: status: invalid value: "done": want one of proposed, scheduled, completed, cancelled, no-show
//
// Problems wrap [model.ErrInvalid], [model.ErrMissing], [model.ErrDangling]
// or [model.ErrDuplicateID], or this package's [ErrSyntax], [ErrStale],
// [ErrMismatch] and [ErrUnwritable].
//
// # Dates and times
//
// Instants are kept to the minute in the district's time zone
// ([model.Calendar.Location]): what a spreadsheet's date cell holds. A
// record whose cell is unchanged keeps the dataset's instant, seconds and
// all (the visit log keeps seconds itself). Times that do not exist in
// the zone (the spring-forward gap) are refused; in the hour the clocks
// fall back a new time is read as its first occurrence. In the XLSX form
// dates, times and date-times are date cells with yyyy-mm-dd, hh:mm and
// yyyy-mm-dd hh:mm formats; in the CSV form they are written 2025-09-12,
// 16:30 and 2025-09-12 16:30, and read in those forms, with seconds, or
// with a T between date and time.
//
// # Ids, choices and formulas
//
// Id columns are text cells, so a spreadsheet keeps "0012" as it is.
// Choices (role, position, answer, status, kind, direction, channel, …)
// are offered as lists, and read ignoring case. A cell that a spreadsheet
// would run as a formula — starting with = + - @ tab or CR — is written
// with a leading ' (as is one starting with ' itself); reading removes
// exactly that prefix, as package visitlog does. Write refuses, naming
// them, values a cell cannot carry back unchanged: an id with the list
// separator ";" in a list, control characters, CRLF line breaks, two
// contact entries for one person.
//
// # Revision
//
// The README sheet carries the dataset's [model.Dataset.Revision], which
// every pthv command that writes a change into a dataset raises. Reading
// a workbook exported from an older revision than the dataset's is
// refused with [ErrStale], naming both, so that a workbook cannot undo
// what was recorded since it was exported; [ReadOptions].Force reads it
// anyway. A workbook of another school year or time zone than the
// dataset's is refused with [ErrMismatch].
package workbook
