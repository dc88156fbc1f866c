// Package visitlog reads and writes the visit-log spreadsheet coordinators
// keep — one row per visit — as CSV, losslessly and with formula-safe cells.
//
// The reader and writer are tracked as their own piece of work; this package
// holds its documentation until it lands.
package visitlog
