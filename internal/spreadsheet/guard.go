// Package spreadsheet holds the one guard every pthv export puts on its
// text cells (CSV files, workbooks) so that a spreadsheet never runs a
// value as a formula (OWASP, "CSV Injection").
package spreadsheet

import "strings"

// guarded are the first characters that make a spreadsheet read a cell as
// a formula — = + - @ tab and carriage return — and the guard ' itself,
// so that a guarded cell can always be told apart from one that was not.
const guarded = "=+-@\t\r'"

// Guard returns s as a cell no spreadsheet runs: with a leading ' when it
// starts with one of = + - @ tab CR or '. [Unguard] reverses it.
func Guard(s string) string {
	if s != "" && strings.ContainsRune(guarded, rune(s[0])) {
		return "'" + s
	}
	return s
}

// Unguard removes exactly the prefix [Guard] adds. ok is false for a cell
// that starts with ' not followed by a guarded character: Guard never
// makes one, and reading it as it stands would not write back the same.
func Unguard(s string) (string, bool) {
	if s == "" || s[0] != '\'' {
		return s, true
	}
	if len(s) > 1 && strings.ContainsRune(guarded, rune(s[1])) {
		return s[1:], true
	}
	return s, false
}
