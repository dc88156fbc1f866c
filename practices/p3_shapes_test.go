package practices_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
)

// TestSpecP3Shapes: the P3 lifecycle on the shapes of real districts —
// siblings in two schools, a visit naming two siblings, families whose
// visits name no student or only some, invitations naming no one — read
// against the preamble of RULES.md's P3 section and the rows of its table.
func TestSpecP3Shapes(t *testing.T) { specRunTable(t, specP3ShapesCases()) }

// specC2InSMS gives F-C, whose visits name no student, a second child, in
// the middle school.
const specC2InSMS = `{"id": "ST-C2", "school": "S-MS", "grade": 6, "family": "F-C", "classes": ["C-MS-6"], "teachers": ["E-MS-T6"]}`

// specC2InSEL gives F-C a second child in the elementary school, in a
// class of a teacher who did not visit.
const specC2InSEL = `{"id": "ST-C2", "school": "S-EL", "grade": 3, "family": "F-C", "classes": ["C-EL-3"], "teachers": ["E-EL-T3"]}`

func specP3ShapesCases() []specCase {
	return []specCase{
		{name: "siblings in two schools each visited once by their own teacher have each had a first visit",
			patch: `{"visits": [{"id": "V-A3", "$delete": true}, {"id": "V-A4", "$delete": true}]}`,
			expect: []specExpect{
				specPasses("P3.first-visit-focus").counted(specCounts{pass: 6}).
					in("S-EL", specCounts{pass: 4}).in("S-MS", specCounts{pass: 2}),
				specFinds("P3.second-visit-offered", specAdvisory, specStudentU, "S-EL", "ST-A1", "F-A", "V-A1").
					counted(specCounts{pass: 4, fail: 2}).in("S-EL", specCounts{pass: 3, fail: 1}).in("S-MS", specCounts{pass: 1, fail: 1}),
				specFinds("P3.second-visit-offered", specAdvisory, specStudentU, "S-MS", "ST-A2", "F-A", "V-A2"),
				specPasses("P3.follow-up").counted(specCounts{pass: 6}),
				specPasses("P3.second-visit-season").counted(specCounts{pass: 3}),
			}},
		{name: "a visit naming two siblings, first for one and second for the other, is judged as a first visit",
			patch: specB3InNovember,
			expect: []specExpect{
				specFinds("P3.first-visit-no-agenda", specViolation, specVisitU, "S-EL", "V-B3", "F-B"),
				specFinds("P3.first-visit-focus", specViolation, specVisitU, "S-EL", "V-B3", "F-B"),
				specPasses("P3.first-visit-season").counted(specCounts{pass: 6}),
				specPasses("P3.second-visit-season").counted(specCounts{pass: 4}),
				specPasses("P3.second-visit-focus").counted(specCounts{pass: 4}),
				specPasses("P3.second-after-first").counted(specCounts{pass: 5}),
				// It offers ST-B1 a second visit; ST-B2, whose first it is,
				// is offered none.
				specFinds("P3.second-visit-offered", specAdvisory, specStudentU, "S-EL", "ST-B2", "F-B", "V-B3").
					counted(specCounts{pass: 5, fail: 1}).in("S-EL", specCounts{pass: 3, fail: 1}),
				// It closes ST-B1's window, which had messages each way; none
				// followed it for ST-B2.
				specFinds("P3.follow-up", specAdvisory, specStudentU, "S-EL", "ST-B2", "F-B", "V-B3").
					counted(specCounts{pass: 5, fail: 1}),
			}},
		{name: "a first visit naming two siblings in two schools is one visit unit under both, and a first visit for each student",
			patch: `{"visits": [{"id": "V-A1", "$delete": true}, {"id": "V-A2", "$delete": true},
				{"id": "V-A5", "students": ["ST-A1", "ST-A2"], "family": "F-A", "kind": "first", "status": "completed",
				 "arranged_at": "2025-09-09T12:00:00-07:00", "start": "2025-09-16T17:00:00-07:00", "duration": "40m",
				 "location": {"kind": "home"}, "visitors": ["E-EL-T3", "E-MS-T7"],
				 "topics": [{"kind": "hopes-and-dreams", "raised_by": "educator"}],
				 "reflection": {"at": "2025-09-17T15:30:00-07:00", "by": ["E-EL-T3", "E-MS-T7"], "covered_bias": true},
				 "compensation": [{"educator": "E-EL-T3", "minutes_outside": 40, "amount_cents": 2667, "source": "title-i"},
				                  {"educator": "E-MS-T7", "minutes_outside": 40, "amount_cents": 2667, "source": "district"}]}]}`,
			expect: []specExpect{
				specPasses("P3.first-visit-focus").counted(specCounts{pass: 5}).
					in("S-EL", specCounts{pass: 4}).in("S-MS", specCounts{pass: 2}),
				specPasses("P3.second-visit-focus").counted(specCounts{pass: 5}),
				specPasses("P3.second-visit-offered").counted(specCounts{pass: 6}).
					in("S-EL", specCounts{pass: 4}).in("S-MS", specCounts{pass: 2}),
				specPasses("P3.follow-up").counted(specCounts{pass: 6}),
			}},
		{name: "a family whose visits name no student, with children in two schools, is one unit listed under both",
			patch: `{"students": [` + specC2InSMS + `], "communications": [{"id": "M-C2", "$delete": true}]}`,
			expect: []specExpect{
				specFinds("P3.follow-up", specAdvisory, specStudentU, "S-EL,S-MS", "F-C", "V-C1").
					counted(specCounts{pass: 5, fail: 1}).in("S-EL", specCounts{pass: 3, fail: 1}).in("S-MS", specCounts{pass: 2, fail: 1}),
				specPasses("P3.second-visit-offered").counted(specCounts{pass: 6}).
					in("S-EL", specCounts{pass: 4}).in("S-MS", specCounts{pass: 3}),
				specPasses("P3.first-visit-focus").counted(specCounts{pass: 6}).in("S-MS", specCounts{pass: 3}),
			}},
		{name: "a family whose first visit names no student and whose second names one child",
			patch: `{"visits": [` + specVisitB0 + `, {"id": "V-B1", "$delete": true}, {"id": "V-B2", "$delete": true},
				{"id": "V-B3", "students": ["ST-B1"]}]}`,
			expect: []specExpect{
				specPasses("P3.first-visit-focus").counted(specCounts{pass: 5}),
				specPasses("P3.second-visit-season").counted(specCounts{pass: 5}),
				specPasses("P3.second-after-first").counted(specCounts{pass: 5}),
				specFinds("P3.second-visit-offered", specAdvisory, specStudentU, "S-EL", "ST-B2", "F-B", "V-B0").
					counted(specCounts{pass: 5, fail: 1}),
				// E-EL-T1 visited both children's first visit: its message
				// counts for ST-B2 too.
				specPasses("P3.follow-up").counted(specCounts{pass: 6}),
			}},
		{name: "a family with one visit naming a child is judged student by student, even when that visit was cancelled",
			patch: `{"students": [` + specC2InSEL + `], "visits": [{"id": "V-C2", "students": ["ST-C1"], "status": "cancelled", "cancelled_by": "family",
				"topics": null, "references_first": null, "reflection": null, "compensation": null}]}`,
			expect: []specExpect{
				specFinds("P3.second-visit-offered", specAdvisory, specStudentU, "S-EL", "ST-C2", "F-C", "V-C1").
					counted(specCounts{pass: 6, fail: 1}),
				specPasses("P3.follow-up").counted(specCounts{pass: 7}),
			}},
		{name: "a family with one visit naming a child is judged student by student before that visit is held",
			patch:  `{"students": [` + specC2InSEL + `], "visits": [{"id": "V-C2", "students": ["ST-C1"]}]}`,
			modify: specInJanuary, asOf: specMidYear,
			expect: []specExpect{
				specPending("P3.second-visit-offered").counted(specCounts{pass: 6, pending: 1}),
				specPending("P3.follow-up").counted(specCounts{pending: 7}),
			}},
		{name: "a family whose visits of another year name a child is still judged family by family",
			patch: `{"students": [` + specC2InSEL + `], "visits": [{"id": "V-C0", "students": ["ST-C1"], "family": "F-C", "kind": "first", "status": "cancelled",
				"cancelled_by": "family", "arranged_at": "2025-05-06T12:00:00-07:00", "start": "2025-05-13T16:00:00-07:00", "duration": "40m",
				"location": {"kind": "home"}, "visitors": ["E-EL-T1", "E-EL-T3"]}]}`,
			expect: []specExpect{
				specPasses("P3.second-visit-offered").counted(specCounts{pass: 6}),
				specPasses("P3.follow-up").counted(specCounts{pass: 6}),
			}},
		{name: "a second-visit invitation naming no one, sent between the siblings' first visits, offers both a second visit",
			patch: `{"visits": [{"id": "V-A3", "$delete": true}, {"id": "V-A4", "$delete": true}],
				"invitations": [{"id": "I-A3", "family": "F-A", "kind": "second", "sent_at": "2025-09-20T16:00:00-07:00", "by": "E-EL-T3", "method": "all"}]}`,
			expect: []specExpect{specPasses("P3.second-visit-offered").counted(specCounts{pass: 6})}},
		{name: "a second-visit invitation sent with the first one is an offer",
			patch: `{"visits": [{"id": "V-D2", "$delete": true}],
				"invitations": [{"id": "I-D2", "family": "F-D", "students": ["ST-D1"], "kind": "second", "sent_at": "2025-08-05T16:15:00-07:00",
				 "by": "E-MS-LI", "method": "all", "response": "accepted", "responded_at": "2025-08-10T11:05:00-07:00"}]}`,
			expect: []specExpect{specPasses("P3.second-visit-offered").counted(specCounts{pass: 6})}},
		{name: "a second-visit invitation for next school year is not an offer",
			patch: `{"visits": [{"id": "V-D2", "$delete": true}],
				"invitations": [{"id": "I-D2", "family": "F-D", "students": ["ST-D1"], "kind": "second", "sent_at": "2026-05-01T16:00:00-07:00",
				 "year": "2026-27", "by": "E-MS-LI", "method": "all"}]}`,
			expect: []specExpect{
				specFinds("P3.second-visit-offered", specAdvisory, specStudentU, "S-MS", "ST-D1", "F-D", "V-D1").counted(specCounts{pass: 5, fail: 1}),
			}},
		{name: "second-visit-focus: whether it referred back to the first visit not recorded",
			patch:  `{"visits": [{"id": "V-D2", "references_first": null}]}`,
			expect: []specExpect{specNA("P3.second-visit-focus").counted(specCounts{pass: 4, na: 1})}},
		{name: "second-visit-focus: who raised its one topic not recorded",
			patch:  `{"visits": [{"id": "V-D2", "topics": [{"kind": "working-together"}]}]}`,
			expect: []specExpect{specNA("P3.second-visit-focus").counted(specCounts{pass: 4, na: 1})}},
		{name: "second-visit-focus: who raised a topic not recorded, beside academics",
			patch:  `{"visits": [{"id": "V-D2", "topics": [{"kind": "academics", "raised_by": "educator"}, {"kind": "working-together"}]}]}`,
			expect: []specExpect{specPasses("P3.second-visit-focus").counted(specCounts{pass: 5})}},
		{name: "second-visit-focus: who raised a topic not recorded, and it did not refer back",
			patch: `{"visits": [{"id": "V-D2", "topics": [{"kind": "working-together"}], "references_first": false}]}`,
			expect: []specExpect{
				specFinds("P3.second-visit-focus", specAdvisory, specVisitU, "S-MS", "V-D2", "F-D").counted(specCounts{pass: 4, fail: 1}),
			}},
		{name: "second-visit-focus: neither academics nor an issue the family raised, whatever it recorded of referring back",
			patch: `{"visits": [{"id": "V-D2", "topics": [{"kind": "relationship", "raised_by": "educator"}], "references_first": null}]}`,
			expect: []specExpect{
				specFinds("P3.second-visit-focus", specAdvisory, specVisitU, "S-MS", "V-D2", "F-D").counted(specCounts{pass: 4, fail: 1}),
			}},
	}
}

// TestSpecP3ShapesGuard: "Guard judges a proposed visit as a first visit
// unless every student it names (the family, when it names none) has a
// completed visit naming them that started before it" — on the same
// shapes, Guard and Check agree.
func TestSpecP3ShapesGuard(t *testing.T) {
	cases := []struct {
		specCase
		proposed model.VisitID
		guard    []string
	}{
		{specCase: specCase{name: "the middle-school teacher's first visit, a week after the elementary sibling's, with an agenda",
			patch:  `{"visits": [{"id": "V-A2", "topics": [{"kind": "hopes-and-dreams", "raised_by": "educator"}, {"kind": "behavior", "raised_by": "educator"}]}]}`,
			expect: []specExpect{specFinds("P3.first-visit-no-agenda", specViolation, specVisitU, "S-MS", "V-A2", "F-A")}},
			proposed: "V-A2", guard: []string{"P3.first-visit-no-agenda"}},
		{specCase: specCase{name: "a family whose visits name no student, its second visit about academics",
			expect: []specExpect{specPasses("P3.first-visit-no-agenda").counted(specCounts{pass: 6})}},
			proposed: "V-C2"},
		{specCase: specCase{name: "a family whose visits name no student, its first visit with an agenda",
			patch:  `{"visits": [{"id": "V-C1", "topics": [{"kind": "attendance", "raised_by": "school"}]}]}`,
			expect: []specExpect{specFinds("P3.first-visit-no-agenda", specViolation, specVisitU, "S-EL", "V-C1", "F-C")}},
			proposed: "V-C1", guard: []string{"P3.first-visit-no-agenda"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds, rep := specRun(t, c.specCase)
			specVerify(t, c.expect, rep)
			var got []string
			for _, f := range specGuard(t, ds, c.proposed, ds.Policy).Findings {
				got = append(got, f.Rule)
			}
			require.Equal(t, c.guard, got)
		})
	}
}
