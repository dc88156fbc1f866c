package main

import (
	"fmt"
	"time"

	"github.com/homevisits/pthv/model"
)

// aheadAsOf reads --as-of for a command that plans ahead (schedule, book,
// repair) like parseAsOf, and refuses a day after the school year's last
// day: nothing is left to plan then, and a plan that says only "0 placed"
// would hide it. done is true when the caller should return code.
func aheadAsOf(f *flags, value string, ds *model.Dataset) (asOf time.Time, code int, done bool) {
	asOf, err := parseAsOf(value, ds.Calendar)
	if err != nil {
		return time.Time{}, f.fail("--as-of: %v", err), true
	}
	if msg := afterYear(value, model.DateOf(asOf.In(ds.Calendar.Location())), ds.Year); msg != "" {
		return time.Time{}, f.fail("%s", msg), true
	}
	return asOf, exitOK, false
}

// afterYear says why a day after school year y's last day leaves nothing to
// plan, naming the year's dates; "" when day is within the year or before
// it. value is the --as-of flag as given ("" when the day is today).
func afterYear(value string, day model.Date, y model.SchoolYear) string {
	if !day.After(y.LastDay) {
		return ""
	}
	year := fmt.Sprintf("the school year %s (%s to %s)", y.ID, y.FirstDay, y.LastDay)
	if value == "" {
		return fmt.Sprintf("today (%s) is after %s: nothing is left to plan; pass --as-of with a date within the year", day, year)
	}
	return fmt.Sprintf("--as-of %s is after %s: nothing is left to plan; use --as-of within the year", value, year)
}
