// Package visitlog reads and writes the visit log coordinators keep in a
// spreadsheet — one row per visit — as CSV: [Read] merges a log into a
// dataset, [Write] writes a dataset's visits as a log. A log written by
// Write reads back to the same visits, and writing those again gives the
// same bytes.
//
// # Columns
//
// Write writes these columns in this order; Read finds them by header name
// in any order ("Visit ID" and "visit-id" are visit_id), skips columns
// named note or notes, and refuses any other. visit_id, status, date and
// start are required; every other column is optional, and what a sheet has
// no column for stays unrecorded — never invented — so the rules that need
// it report the visit as not assessable.
//
//	visit_id               the visit's id
//	family                 the family visited; empty: the listed students' family
//	students               student ids, separated by ";"
//	kind                   first, second or other (the label the program gave it)
//	status                 proposed, scheduled, completed, cancelled or no-show
//	cancelled_by           family, educator or school
//	date, start            the local date and time of the appointment,
//	                       2025-09-12 and 16:30 (16:30:05 when it has seconds),
//	                       in the dataset calendar's time zone
//	duration               whole minutes, such as 40 ("40m30s" when not whole)
//	arranged_at            when the appointment was agreed: 2025-09-05 10:15
//	reschedules            the earlier appointments, oldest first, separated
//	                       by ";": FROM moved on AT by WHO, such as
//	                       "2025-10-02 16:00 moved on 2025-09-30 09:15 by family"
//	                       (see Reschedules below)
//	location               home, library, park, cafe, school or other
//	location_requested_by  family, educator or school
//	visitors               the educators on the visit, separated by ";"
//	interpreters           ID:EDUCATOR:LANG,LANG per interpreter, trailing empty
//	                       parts left out: "I-3::es", ":E-12:hmn", "I-4"
//	topics                 KIND:WHO per topic, separated by ";":
//	                       hopes-and-dreams:educator;academics:family (":WHO"
//	                       may be left out)
//	references_first       yes or no: a second visit referred back to the first
//	reflected_at           when the visitors reflected: 2025-09-13 15:00, or the
//	                       date alone (midnight)
//	reflected_by           the educators who reflected, separated by ";"
//	bias_reflected         yes or no: the reflection covered assumptions and biases
//	paid_educators         the educators paid for the visit, separated by ";"
//	minutes_outside        per paid educator: minutes outside their working day
//	amount                 per paid educator: dollars and cents, such as 26.67
//	funding_source         per paid educator: district, title-i, foundation,
//	                       union, other, stipend, or stipend:SOURCE; empty when
//	                       not recorded
//
// # Reschedules
//
// A visit moved to another day keeps its earlier appointments. Each item
// of the reschedules cell is one of them, oldest first:
//
//	2025-10-02 16:00 moved on 2025-09-30 09:15 by family
//
// reads "the appointment of 2 October at 16:00 was moved on 30 September at
// 09:15, at the family's request". " by WHO" (family, educator or school)
// is left out when nobody recorded who asked. The appointment an item was
// moved to is the next item's, or for the last item the date and start
// columns, so a sheet states each appointment once. Times are local, as in
// date and start, with seconds only when there are some. Two moves:
//
//	2025-10-02 16:00 moved on 2025-09-30 09:15 by family;2025-10-09 16:00 moved on 2025-10-06 12:00 by educator
//
// Values are strict: enumerations are lower case as above, dates are
// YYYY-MM-DD, and a value must be written the way Write writes it ("040"
// is refused with "write it as "40""), which is what makes a log read and
// written back byte for byte. An error names the file, line, column and
// field:
//
//	visits.csv:7:9: duration: invalid value: "forty": want whole minutes such as "40"
//
// Times are local to the calendar's zone. Those that do not exist there (a
// spring-forward gap) are refused. In the hour the clocks go back, which
// happens twice, the time a local time alone would not name carries its
// UTC offset: in Los Angeles "2025-11-02 01:30" is the first 01:30 and
// "2025-11-02 01:30 -08:00" the second (in the start column, "01:30 -08:00").
// Reflections, reschedules and compensation are the visit's own; a visit
// log carries no names, addresses or phone numbers.
//
// The columns carry every field of a visit, so a log written by Write and
// read into a dataset with no visits gives back the same visits, times in
// the calendar's zone. Write refuses, naming the visit and field, what a
// log cannot carry, such as a time with a fraction of a second or an id
// with a list separator in it.
//
// # Merging
//
// A row whose visit id the dataset already has replaces the fields of the
// columns the sheet has (an empty cell clears one) and keeps the rest —
// the reschedules of a log written before that column existed, say — so a
// log exported, edited in a spreadsheet and read back loses nothing. The four
// compensation columns are read together. A row with a new id adds a
// visit. Read changes the dataset only when the whole file reads without a
// problem and the merged dataset passes [model.Dataset.Validate].
//
// # Formulas
//
// Spreadsheets run a cell that starts with = + - @ tab or CR as a formula.
// Write puts a ' before such a cell (and before one that starts with '
// itself, so the guard is never ambiguous); Read removes exactly that
// prefix, and refuses a cell that starts with ' followed by anything else.
//
// A byte order mark and CRLF or CR line ends are read as well; Write
// writes LF.
package visitlog
