// Package modelgen generates small valid pthv/v1 datasets for property
// tests: every optional field of every record is sometimes set, so a
// format that stores datasets — the JSON encoder, the SQL store — can be
// shown to keep every field. It is internal: practices/practicestest
// offers the public generators, which aim at practice rather than at
// covering every field.
package modelgen
