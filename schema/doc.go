// Package schema holds the JSON Schema (draft 2020-12) of the pthv/v1
// dataset format, pthv-v1.schema.json, for programs in other languages
// that read or write pthv datasets, and for validators.
//
// The schema is written by hand and checked by this package's tests
// against the Go types of the model package: every JSON field of every
// record is in it and nothing else is; its enumerations are the model's;
// its patterns for durations ("40m", "1h30m"), day counts ("7d"), dates
// (2025-08-18), instants (RFC 3339), clock times ("09:00"), month-days
// ("09-01"), seeds and ids accept only what the model reads and everything
// it writes; and every pthv/v1 file under testdata, every synthetic
// district and every generated dataset validates against it with an
// independent validator. What a later v1 may add, how readers treat fields
// they do not know (the x_ extension fields) and what would make a v2 are
// in docs/compatibility.md.
package schema
