package report_test

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/report"
	"github.com/homevisits/pthv/synth"
)

// A year of a synthetic district, judged and written as one page a
// principal can open offline.
func ExampleHTML() {
	ds, err := synth.District(synth.DefaultConfig(), 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	asOf := ds.Year.LastDay.AddDays(1).In(ds.Calendar.Location(), model.NewClock(12, 0))
	rep, err := practices.Check(ds, asOf, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	var page bytes.Buffer
	if err := report.HTML(&page, ds, rep, report.Options{}); err != nil {
		fmt.Println(err)
		return
	}
	html := page.String()
	fmt.Println("starts as HTML:", strings.HasPrefix(html, "<!DOCTYPE html>"))
	fmt.Println("scripts:", strings.Count(html, "<script"))
	fmt.Println("coverage rows:", strings.Count(html, `<tr class="school"`))
	fmt.Println("rules with findings:", strings.Count(html, `<details class="rule `))
	fmt.Println("audit charts:", strings.Count(html, `<figure class="attribute`))
	// Output:
	// starts as HTML: true
	// scripts: 0
	// coverage rows: 3
	// rules with findings: 21
	// audit charts: 24
}
