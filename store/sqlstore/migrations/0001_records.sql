-- Migration 1: the pthv/v1 records of one program (one school year).
--
-- Every record is kept whole, as pthv/v1 JSON, in its table's "record"
-- column: that column is what Load reads back, so the store holds every
-- field of every record, including the ones added to pthv/v1 later,
-- without a migration per field. Beside it, each table carries as plain
-- columns the record's id, the ids it refers to and the values queries
-- select on, with indexes for the questions a booking asks (a family's
-- records, an educator's visits at a time). "seq" is the record's place
-- in its section, so a program reads back in the order it was written.
-- Instants are written in UTC as YYYY-MM-DDTHH:MM:SS.NNNNNNNNNZ, so that
-- text order is time order.
--
-- {{seq}} is the dialect's integer primary key (SQLite's rowid alias,
-- PostgreSQL's BIGINT).

-- The program's singletons: the district, school year, calendar, policy
-- (as its differences from the defaults), the revision and the optional
-- contacts section (names, addresses, phones: personal data, kept apart).
CREATE TABLE pthv_program (
	id          INTEGER PRIMARY KEY CHECK (id = 1),
	format      TEXT NOT NULL,
	revision    BIGINT NOT NULL,
	district_id TEXT NOT NULL,
	year_id     TEXT NOT NULL,
	district    TEXT NOT NULL,
	year        TEXT NOT NULL,
	calendar    TEXT NOT NULL,
	policy      TEXT NOT NULL,
	contacts    TEXT
);

CREATE TABLE pthv_schools (
	seq    {{seq}},
	id     TEXT NOT NULL UNIQUE,
	record TEXT NOT NULL
);

CREATE TABLE pthv_classes (
	seq    {{seq}},
	id     TEXT NOT NULL UNIQUE,
	school TEXT NOT NULL,
	record TEXT NOT NULL
);
CREATE INDEX pthv_classes_school ON pthv_classes (school);

-- Educators, with their opt-ins, trainings, stipends and hours in the record.
CREATE TABLE pthv_educators (
	seq    {{seq}},
	id     TEXT NOT NULL UNIQUE,
	school TEXT NOT NULL,
	role   TEXT NOT NULL,
	record TEXT NOT NULL
);
CREATE INDEX pthv_educators_school ON pthv_educators (school);

CREATE TABLE pthv_students (
	seq    {{seq}},
	id     TEXT NOT NULL UNIQUE,
	school TEXT NOT NULL,
	family TEXT NOT NULL,
	grade  INTEGER NOT NULL,
	record TEXT NOT NULL
);
CREATE INDEX pthv_students_family ON pthv_students (family);
CREATE INDEX pthv_students_school ON pthv_students (school);

CREATE TABLE pthv_families (
	seq    {{seq}},
	id     TEXT NOT NULL UNIQUE,
	record TEXT NOT NULL
);

CREATE TABLE pthv_past_pairs (
	seq    {{seq}},
	year   TEXT NOT NULL,
	record TEXT NOT NULL
);

CREATE TABLE pthv_plans (
	seq    {{seq}},
	id     TEXT NOT NULL UNIQUE,
	school TEXT NOT NULL,
	method TEXT NOT NULL,
	record TEXT NOT NULL
);

CREATE TABLE pthv_goals (
	seq    {{seq}},
	id     TEXT NOT NULL UNIQUE,
	school TEXT NOT NULL,
	record TEXT NOT NULL
);

-- Invitations and their answers (response, responded_at in the record).
CREATE TABLE pthv_invitations (
	seq      {{seq}},
	id       TEXT NOT NULL UNIQUE,
	family   TEXT NOT NULL,
	sent_at  TEXT NOT NULL,
	response TEXT NOT NULL,
	record   TEXT NOT NULL
);
CREATE INDEX pthv_invitations_family ON pthv_invitations (family);

CREATE TABLE pthv_withdrawals (
	seq    {{seq}},
	family TEXT NOT NULL,
	at     TEXT NOT NULL,
	record TEXT NOT NULL
);
CREATE INDEX pthv_withdrawals_family ON pthv_withdrawals (family);

-- Visits, with visitors, interpreters, students, topics, reflection and
-- pay per visitor in the record; end_at is start plus the recorded
-- duration (equal to start_at when none is recorded).
CREATE TABLE pthv_visits (
	seq      {{seq}},
	id       TEXT NOT NULL UNIQUE,
	family   TEXT NOT NULL,
	status   TEXT NOT NULL,
	start_at TEXT NOT NULL,
	end_at   TEXT NOT NULL,
	record   TEXT NOT NULL
);
CREATE INDEX pthv_visits_family ON pthv_visits (family);
CREATE INDEX pthv_visits_start ON pthv_visits (start_at);

-- The students a visit names, and its visitors, one row each: what a
-- district's reports join on, and how a booking finds an educator's
-- visits at the same time.
CREATE TABLE pthv_visit_students (
	visit   TEXT NOT NULL,
	student TEXT NOT NULL
);
CREATE INDEX pthv_visit_students_visit ON pthv_visit_students (visit);
CREATE INDEX pthv_visit_students_student ON pthv_visit_students (student);

CREATE TABLE pthv_visit_visitors (
	visit    TEXT NOT NULL,
	educator TEXT NOT NULL,
	start_at TEXT NOT NULL
);
CREATE INDEX pthv_visit_visitors_visit ON pthv_visit_visitors (visit);
CREATE INDEX pthv_visit_visitors_educator ON pthv_visit_visitors (educator, start_at);

-- Messages between school and family.
CREATE TABLE pthv_communications (
	seq       {{seq}},
	id        TEXT NOT NULL UNIQUE,
	family    TEXT NOT NULL,
	at        TEXT NOT NULL,
	direction TEXT NOT NULL,
	record    TEXT NOT NULL
);
CREATE INDEX pthv_communications_family ON pthv_communications (family);

CREATE TABLE pthv_events (
	seq    {{seq}},
	id     TEXT NOT NULL UNIQUE,
	school TEXT NOT NULL,
	date   TEXT NOT NULL,
	record TEXT NOT NULL
);
