// Package examples holds runnable programs, one per use case of pthv:
//
//	go run ./examples/checkyear     a coordinator checks a year of records
//	go run ./examples/guardbooking  a district system validates a booking before saving it
//
// Each program has a test that runs it, so the examples cannot rot.
package examples
