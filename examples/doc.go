// Package examples holds runnable programs, one per use case of pthv:
//
//	go run ./examples/checkyear         a coordinator checks a year of records
//	go run ./examples/guardbooking      a district system validates a booking before saving it
//	go run ./examples/sqlguard          the same over a SQL database, booking in one transaction
//	go run ./examples/planinvitations   a school plans a cross-section of families to invite
//	go run ./examples/pairteams         teams, then a schedule, then partners for the rest
//	go run ./examples/simulatedesigns   a researcher compares program designs
//	go run ./examples/conformance       a test suite checks its own compliance logic
//	examples/readme                     the library example of README.md, kept compiling
//
// Each program has a test that runs it, so the examples cannot rot.
package examples
