// Package oneroster imports a district roster, exported from its student
// information system as OneRoster bulk CSV (version 1.1, and 1.2 with
// roles.csv), into a pthv/v1 dataset: schools, educators, classes,
// students, families and the school year. Names, emails and phone numbers
// go only into the dataset's optional contacts section; everything else
// carries ids.
//
//	res, err := oneroster.Import(os.DirFS("export"), oneroster.Options{TimeZone: "America/Los_Angeles"})
//
// [Import] takes any [io/fs.FS] — a folder through [os.DirFS], an archive
// through [archive/zip.NewReader] — and [ImportZip] opens a zip archive
// whose files sit at its root or in one folder. Each returns a [Result]:
// the dataset, and a count of the rows left out by reason. [ReadOptions]
// and [ReadZip] return the dataset alone.
//
// # Time zone
//
// OneRoster exports carry no time zone: no column of orgs.csv (or of any
// other file, in 1.1 or 1.2) states one. Minutes outside the working day
// and seasons are reckoned in the district's local time, so
// [Options.TimeZone] is required, and must be an IANA name of the tz
// database's Area/Location form ("America/Los_Angeles", "Etc/UTC") or
// "UTC". "Local", abbreviations ("PST") and bare areas ("Pacific") are
// refused with a message saying how to name one.
//
// # Files and columns
//
// Columns are found by their header names (case and surrounding spaces
// ignored), so column order does not matter and extra columns are ignored.
// Records are read as RFC 4180 says, with two allowances for files saved by
// spreadsheets and older systems: a record ends at CRLF, LF or a lone CR,
// and a line break inside a quoted value is kept as written (a CRLF there
// stays CRLF). Lines are counted the same way, so every line number is the
// one an editor shows.
//
// Files are UTF-8, as OneRoster requires; a UTF-8 byte order mark is
// skipped. A byte that is not UTF-8 is an [ErrEncoding] problem naming the
// cell and the byte, and its row is not read further, so that two ids
// differing only in a Latin-1 byte never become one. An export saved in
// another encoding is read by naming it in [Options.Encoding]
// ("windows-1252" or "iso-8859-1"); a byte windows-1252 does not define,
// a UTF-8 byte order mark in a file said to be in another encoding, and
// UTF-16 files are refused.
//
// What one import reads is capped, so that a small zip inflating to
// gigabytes is a clear [ErrTooLarge] problem read in bounded memory:
// [MaxFieldBytes] (1 MiB) per value, [MaxRowBytes] (4 MiB) per record,
// [MaxColumns] (1000) values per record, [MaxFileBytes] (1 GiB) per file
// as actually read — never trusting a zip header's size — and
// [MaxTotalBytes] (4 GiB) for the export's files together as declared.
//
// Rows whose status is "tobedeleted" (or the 1.0 "inactive") are left out,
// and so are references to them; a reference to an id that no row has is
// an error.
//
//	manifest.csv       propertyName, value: oneroster.version must be 1.0,
//	                   1.1 or 1.2; a file.* marked delta is refused (export
//	                   in bulk); files marked absent are not read. The
//	                   manifest itself is optional.
//	orgs.csv           sourcedId, type; name, parentSourcedId, status.
//	                   Orgs of type school are schools; the org of type
//	                   district (the first school's parent when there are
//	                   several) is the district, else the district id is
//	                   "district".
//	users.csv          sourcedId; role and orgSourcedIds (1.1; in 1.2 from
//	                   roles.csv); agentSourcedIds, grades, givenName,
//	                   familyName, email, phone, sms, enabledUser, status,
//	                   and the metadata.* columns below.
//	roles.csv (1.2)    sourcedId, userSourcedId, role, orgSourcedId;
//	                   roleType (the primary role wins), beginDate, endDate.
//	classes.csv        sourcedId, schoolSourcedId; title, grades, status.
//	enrollments.csv    sourcedId, classSourcedId, userSourcedId, role;
//	                   schoolSourcedId, primary, beginDate, endDate, status.
//	academicSessions.csv sourcedId, type, startDate, endDate; title,
//	                   parentSourcedId, schoolYear, status.
//	demographics.csv   sourcedId (a user's); sex, the race flags,
//	                   demographicRaceTwoOrMoreRaces,
//	                   hispanicOrLatinoEthnicity, metadata.* columns.
//
// orgs.csv, users.csv and academicSessions.csv are required; the others
// are read when present. Courses, resources, line items and results are
// not read. dateLastModified is ignored; birthDate is checked but never
// kept.
//
// # Roles
//
// Staff roles become educators:
//
//	teacher                           certificated teacher
//	aide                              classified paraprofessional
//	counselor (1.2)                   certificated counselor
//	principal (1.2)                   certificated principal
//	administrator, siteAdministrator  certificated administrator — a principal
//	                                  or assistant principal when
//	                                  metadata.title says "principal",
//	                                  "assistant principal" or "vice principal"
//	districtAdministrator (1.2)       certificated administrator, district staff
//
// metadata.position (a pthv position such as liaison or coordinator)
// overrides the position, and makes a liaison or paraprofessional
// classified; metadata.employment (certificated or classified) overrides
// the role. An educator's school is the first active school among their
// orgs; staff with none are district staff. metadata.languages lists the
// languages they can hold a visit in; metadata.pthvCoordinator=true makes
// them their school's PTHV coordinator (the district's, for district
// staff); liaisons are listed as their school's liaisons. Proctors and
// system administrators are not imported, nor are users with no role.
//
// Users with role student are students. A student's school is the first
// active school among their orgs, else their first class's school; their
// grade is the lowest PK–12 grade in grades (CEDS codes: IT, PR, PK and TK
// are pre-kindergarten, KG kindergarten, 01–12; 13, PS, UG and Other are
// outside pthv's range), else their classes' lowest grade. A student with
// no school or no grade is an error.
//
// # Families
//
// OneRoster has no households, so the importer derives them: a student and
// a user with role parent, guardian or relative are linked when either
// lists the other in agentSourcedIds. Students linked to a common guardian
// are siblings in one family, and the relation is transitive: a family is
// every student reachable through shared guardians. A student with no
// guardian is a family of one. A family's id is "F-" and its lowest
// student sourcedId. Its languages are its members' metadata.homeLanguage
// values; it needs an interpreter when a member has
// metadata.interpreter=true. Guardians' names, emails and phones become the
// family's contacts.
//
// # Classes and teachers of record
//
// Enrollments put students in classes and teachers on them. A class's
// teachers are its teacher enrollments, primary first; its teachers of
// record are those with primary=true, or its only teacher when none is
// marked primary. A student's teachers are the teachers of record of their
// classes. Enrollments of other roles (aides, administrators) are read and
// checked but do not make teachers of record.
//
// # School year
//
// The school year is the active academicSessions.csv session of type
// schoolYear — [Options.SchoolYear] names one, else the one that starts
// last. The year spans at least that session and takes its id from the
// session's dates: 2026-08-15 – 2027-06-05 is "2026-27", whichever of its
// terms the export lists. A term, semester or grading period under it
// (through parentSourcedId, or with no parent and the year's schoolYear
// value) that starts earlier or ends later widens it. OneRoster carries
// no school hours: [Options.SchoolHours] gives them (default
// 08:00–15:00).
//
// # Rows left out
//
// Nothing is left out silently: [Result.Skipped] counts, by file and
// reason, every row read but not imported —
//
//	status tobedeleted                 any file
//	role "proctor" is not imported     users.csv; also systemAdministrator
//	no role in roles.csv               users.csv (1.2)
//	a guardian of no imported student  users.csv
//	type "state": only schools and the district are imported  orgs.csv
//	another district: the import takes one                     orgs.csv
//	its user is to be deleted          roles.csv, enrollments.csv, demographics.csv
//	its school is to be deleted        classes.csv
//	its class is to be deleted         enrollments.csv
//	role "aide": only student and teacher enrollments are imported
//	                                   enrollments.csv
//	not part of the imported school year  academicSessions.csv
//	not a student: only students are audited  demographics.csv
//
// # Audit attributes
//
// Student attributes serve only to audit that invited and visited families
// are a cross-section (core practice 4); they never filter. OneRoster 1.1's
// demographics.csv has sex, race and ethnicity but no English-learner,
// special-education or lunch fields, so those come only from metadata
// columns, in users.csv or demographics.csv (users.csv wins):
//
//	metadata.homeLanguage   "home_language" (lower-cased, such as "es")
//	metadata.ell            "ell"  yes/no
//	metadata.iep            "iep"  yes/no
//	metadata.frl            "frl"  yes/no (free or reduced-price lunch)
//	sex                     "sex"  male, female, other, unspecified
//	race flags              "race" the one race flagged, or "two-or-more"
//	hispanicOrLatinoEthnicity "hispanic" yes/no
//
// Flags accept true/false (OneRoster's form), yes/no, y/n and 1/0.
//
// # Errors
//
// Every problem is an [*Error] naming the file, line and column
// (spreadsheet numbering) and the column's header:
//
//	users.csv:12:6: role: invalid value: unknown role "teachr"
//
// One run reports them all as an [Errors]: problems within files and
// references between them (dangling ids) together, sorted by file, line
// and column, up to [MaxErrors] (50), then a last entry "… and N more".
// Each wraps a sentinel ([ErrMissingFile], [ErrMissingColumn],
// [ErrSyntax], [ErrInvalid], [ErrDuplicate], [ErrDangling],
// [ErrUnsupported], [ErrEncoding], [ErrTooLarge]; the last entry
// [ErrMore]) for [errors.Is]. What only follows from a problem already
// reported is not reported again: references into a file that could not
// be read to its end, or to a row left unread, are not checked. Problems
// with the [Options] themselves (no time zone, an unknown encoding) are
// plain errors. The importer never panics on any input, nil included.
package oneroster
