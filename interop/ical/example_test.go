package ical_test

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/homevisits/pthv/interop/ical"
	"github.com/homevisits/pthv/model"
)

// A first visit moved once: its event keeps its UID and has SEQUENCE 1.
func ExampleWrite() {
	cal, _ := model.NewCalendar("America/Phoenix", model.Hours{Start: model.NewClock(8, 0), End: model.NewClock(15, 0)})
	loc := cal.Location()
	v := model.Visit{
		ID: "V-7", Family: "F-12", Students: []model.StudentID{"ST-31"}, Kind: model.FirstVisit,
		Status: model.Scheduled, ArrangedAt: time.Date(2025, 9, 2, 9, 0, 0, 0, loc),
		Reschedules: []model.Rescheduling{{At: time.Date(2025, 9, 2, 9, 0, 0, 0, loc),
			FromStart: time.Date(2025, 9, 4, 16, 0, 0, 0, loc), By: model.ByFamily}},
		Start: time.Date(2025, 9, 9, 16, 30, 0, 0, loc), Duration: model.Duration(40 * time.Minute),
		Location: model.Location{Kind: model.Park, RequestedBy: model.ByFamily},
		Visitors: []model.EducatorID{"E-1", "E-4"},
	}
	var b bytes.Buffer
	err := ical.Write(&b, cal, []model.Visit{v}, ical.Options{
		Stamp:  time.Date(2025, 9, 2, 16, 0, 0, 0, time.UTC),
		Domain: "riverbend.example",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(strings.ReplaceAll(b.String(), "\r\n", "\n"))
	// Output:
	// BEGIN:VCALENDAR
	// VERSION:2.0
	// PRODID:-//pthv//schedule//EN
	// CALSCALE:GREGORIAN
	// BEGIN:VTIMEZONE
	// TZID:America/Phoenix
	// BEGIN:STANDARD
	// DTSTART:20250101T000000
	// TZOFFSETFROM:-0700
	// TZOFFSETTO:-0700
	// TZNAME:MST
	// END:STANDARD
	// END:VTIMEZONE
	// BEGIN:VEVENT
	// UID:V-7@riverbend.example
	// DTSTAMP:20250902T160000Z
	// DTSTART;TZID=America/Phoenix:20250909T163000
	// DTEND;TZID=America/Phoenix:20250909T171000
	// SEQUENCE:1
	// STATUS:CONFIRMED
	// SUMMARY:PTHV first visit: family F-12 (park)
	// LOCATION:park
	// DESCRIPTION:Visit V-7 (first visit) for family F-12\; students ST-31\; visi
	//  tors E-1\, E-4\; at park requested by the family\; rescheduled 1 time(s)
	// LAST-MODIFIED:20250902T160000Z
	// END:VEVENT
	// END:VCALENDAR
}
