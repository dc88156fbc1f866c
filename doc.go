// Package pthv is a reference implementation of the Parent Teacher Home
// Visits (PTHV) model.
//
// PTHV is a relationship-building home visit model co-created by parents and
// educators in Sacramento in 1998. Trained educators visit, in pairs, the
// families who chose to be visited; the first visit of the school year is
// about the family's hopes and dreams for their child, and a second visit
// later in the year turns to academics. Visits are voluntary for educators
// and families and arranged in advance, educators are compensated for time
// outside their school day, and schools visit all families or a
// non-stigmatizing cross-section — never a targeted group. These are the
// model's five non-negotiables, which RTI International's implementation
// study (2018–19) recommends keeping.
//
// This root package holds only documentation. The library is split into
// small packages whose imports only point down:
//
//	cmd/pthv      the command-line tool: demo, synth, validate, check, plan, pair, …
//	simulate      Monte Carlo runs of program designs
//	interop/...   OneRoster import, visit-log CSV, iCalendar export
//	practices     the rule catalogue: Check, Guard and the fidelity report
//	selection     cross-section invitation plans and the targeting audit
//	pairing       visiting teams and per-visit partners (Edmonds' blossom)
//	schedule      first and second visits over the school year
//	model         entities, the pthv/v1 Dataset, Policy, Calendar, Journey
//	synth         deterministic synthetic districts
//
// The core packages do no I/O, read no clock (the time of a check is a
// parameter) and use randomness only through an explicit seed, so the same
// input and seed always give the same output.
//
// A typical embedding decodes a dataset and works with its records:
//
//	f, _ := os.Open("district.json")
//	ds, err := model.DecodeDataset("district.json", f)
//	if err != nil {
//		log.Fatal(err) // names the file, line, record and field
//	}
//	x := model.NewIndex(ds)
//	for _, v := range x.VisitsOf("F-0001") { … }
//
// See README.md for the command-line tool and docs/rules.md for the rule
// catalogue.
package pthv
