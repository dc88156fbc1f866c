package practices_test

import "testing"

// TestSpecPayShapes: P2.compensated and P2.refresher on the shapes a
// district's pay and training records take — a stipend of another year, a
// classified visitor, a veteran whose refresher lapsed.
func TestSpecPayShapes(t *testing.T) { specRunTable(t, specPayShapesCases()) }

func specPayShapesCases() []specCase {
	// V-B2's teacher E-EL-T3 has no per-visit pay; the visit's record says
	// a stipend covers it.
	stipendFlagB2 := `"visits": [{"id": "V-B2", "compensation": [{"educator": "E-EL-T3", "minutes_outside": 35, "stipend": true},
		{"educator": "E-EL-T1", "minutes_outside": 35, "amount_cents": 2333, "source": "title-i"}]}]`
	return []specCase{
		{name: "compensated: a visit's stipend mark does not pay when the educator's stipend agreement is for another year",
			patch: `{"educators": [{"id": "E-EL-T3", "stipends": [{"year": "2024-25", "amount_cents": 60000, "source": "union"}]}], ` + stipendFlagB2 + `}`,
			expect: []specExpect{
				specFinds("P2.compensated", specViolation, specEducatorU, "S-EL", "V-B2", "F-B", "E-EL-T3").counted(specCounts{pass: 14, fail: 1}),
			}},
		{name: "compensated: a visit's stipend mark with the educator's stipend agreement for the year pays",
			patch:  `{"educators": [{"id": "E-EL-T3", "stipends": [{"year": "2025-26", "amount_cents": 60000, "source": "union"}]}], ` + stipendFlagB2 + `}`,
			expect: []specExpect{specPasses("P2.compensated").counted(specCounts{pass: 15})}},
		{name: "compensated: a visit's stipend mark stands for an agreement when the educator's agreements are not recorded",
			patch:  `{` + stipendFlagB2 + `}`,
			expect: []specExpect{specPasses("P2.compensated").counted(specCounts{pass: 15})}},
		{name: "compensated: a classified visitor left unpaid is no unit of P2.compensated, but of P2.classified-eligible",
			patch: `{"educators": [{"id": "E-MS-LI", "stipends": [{"year": "2024-25", "amount_cents": 50000, "source": "district"}]}]}`,
			expect: []specExpect{
				specPasses("P2.compensated").counted(specCounts{pass: 15}),
				specFinds("P2.classified-eligible", specAdvisory, specSchoolU, "S-MS", "S-MS").counted(specCounts{pass: 1, fail: 1}),
			}},
		{name: "refresher: a veteran trained more than two years before the year's end with no refresher since",
			patch: `{"educators": [{"id": "E-EL-T1", "trainings": [{"date": "2022-08-10", "kind": "initial"}]}]}`,
			expect: []specExpect{
				specFinds("P2.refresher", specAdvisory, specTeacherU, "S-EL", "E-EL-T1").counted(specCounts{pass: 5, fail: 1}),
			}},
		{name: "trained: training history spans years: a training three years before the visit counts",
			patch:  `{"educators": [{"id": "E-MS-T6", "trainings": [{"date": "2022-06-17", "kind": "initial"}, {"date": "2024-06-17", "kind": "refresher"}]}]}`,
			expect: []specExpect{specPasses("P2.trained").counted(specCounts{pass: 22})}},
	}
}
