package practices_test

import (
	"testing"

	"github.com/homevisits/pthv/model"
)

// The general section of RULES.md ("How a rule judges") applied to the
// rules of P1, P2 and R one by one: the unit each judges, the schools a
// unit is listed under, the year its records belong to, its due point and
// its three outcomes.

func TestSpecGeneral(t *testing.T) { specRunTable(t, specGeneralCases()) }

func specGeneralCases() []specCase {
	return []specCase{
		{name: "educator-consent: a visit naming students of two schools gives its educator one unit, listed under both",
			patch: `{"visits": [{"id": "V-A1", "students": ["ST-A1", "ST-A2"]}], "educators": [{"id": "E-EL-LI", "opt_ins": ["2024-25"]}]}`,
			expect: []specExpect{
				specFinds("P1.educator-consent", specViolation, specEducatorU, "S-EL,S-MS", "V-A1", "F-A", "E-EL-LI"),
				specFinds("P1.educator-consent", specViolation, specEducatorU, "S-EL", "V-A3", "F-A", "E-EL-LI"),
				specFinds("P1.educator-consent", specViolation, specEducatorU, "S-EL", "V-B1", "F-B", "E-EL-LI"),
				specFinds("P1.educator-consent", specViolation, specEducatorU, "S-EL", "V-C2", "F-C", "E-EL-LI").counted(specCounts{pass: 18, fail: 4}),
			}},
		{name: "compensated: a visit of another school year is no unit",
			patch: `{"visits": [{"id": "V-X", "family": "F-A", "students": ["ST-A1"], "kind": "first", "status": "completed", "arranged_at": "2025-05-01T12:00:00-07:00",
				"start": "2025-05-12T17:00:00-07:00", "duration": "40m", "location": {"kind": "home"}, "visitors": ["E-EL-T3", "E-EL-T1"],
				"compensation": [{"educator": "E-EL-T3", "minutes_outside": 40}, {"educator": "E-EL-T1", "minutes_outside": 40}]}]}`,
			expect: []specExpect{specPasses("P2.compensated").counted(specCounts{pass: 15})}},
		{name: "refresher: a training after the year's end is no refresher of this year",
			patch:  `{"educators": [{"id": "E-EL-T1", "trainings": [{"date": "2022-08-10", "kind": "initial"}, {"date": "2024-08-12", "kind": "refresher"}, {"date": "2026-07-01", "kind": "refresher"}]}]}`,
			policy: func(p *model.Policy) { p.RefresherAfter = 500 },
			expect: []specExpect{specFinds("P2.refresher", specAdvisory, specTeacherU, "S-EL", "E-EL-T1").counted(specCounts{pass: 5, fail: 1})}},
		{name: "refresher: an educator who did not opt in this year is no unit",
			patch:  `{"educators": [{"id": "E-EL-T1", "opt_ins": ["2024-25"]}]}`,
			policy: func(p *model.Policy) { p.RefresherAfter = 500 },
			expect: []specExpect{specPasses("P2.refresher").counted(specCounts{pass: 5})}},
		{name: "classified-eligible: pending before the end of the year",
			asOf:   specMidYear,
			expect: []specExpect{specPending("P2.classified-eligible").counted(specCounts{pending: 2})}},
		{name: "school-coordinator and coordinator-not-principal: one school-year unit per school, counted once",
			patch: `{"schools": [{"id": "S-EL", "coordinator": "E-EL-PR"}, {"id": "S-MS", "coordinator": null}]}`,
			expect: []specExpect{
				specFinds("R.school-coordinator", specAdvisory, specSchoolU, "S-MS", "S-MS").counted(specCounts{pass: 1, fail: 1}).
					in("S-EL", specCounts{pass: 1}).in("S-MS", specCounts{fail: 1}),
				specFinds("R.coordinator-not-principal", specAdvisory, specSchoolU, "S-EL", "S-EL", "E-EL-PR").counted(specCounts{fail: 1, na: 1}),
			}},
		{name: "school-celebration: a summer event before the first day belongs to the school year",
			patch:  `{"events": [{"id": "EV-MS", "date": "2025-06-20"}]}`,
			expect: []specExpect{specPasses("R.school-celebration").counted(specCounts{pass: 2})}},
		{name: "school-celebration: an event after the check does not count yet",
			patch:  `{"events": [{"id": "EV-EL", "date": "2026-06-01"}]}`,
			asOf:   specAt("2026-05-25T12:00:00-07:00"),
			expect: []specExpect{specPending("R.school-celebration").counted(specCounts{pass: 1, pending: 1})}},
		{name: "district-event: an event after the last day belongs to no school year of the dataset",
			patch:  `{"events": [{"id": "EV-D", "date": "2026-06-08"}]}`,
			expect: []specExpect{specFinds("R.district-event", specAdvisory, specDistrictU, "", "D-RV").counted(specCounts{fail: 1})}},
		{name: "no-repeat-pressure: a family with children in two schools is one unit, listed under both",
			patch: `{"invitations": [{"id": "I-A1", "response": "declined"},
				{"id": "I-A3", "family": "F-A", "students": ["ST-A1"], "kind": "first", "sent_at": "2025-09-01T16:00:00-07:00", "by": "E-EL-T3", "method": "all"},
				{"id": "I-A4", "family": "F-A", "kind": "first", "sent_at": "2025-10-01T16:00:00-07:00", "by": "E-EL-T3", "method": "all"}]}`,
			expect: []specExpect{
				specFinds("P1.no-repeat-pressure", specAdvisory, specFamilyU, "S-EL,S-MS", "F-A", "I-A3", "I-A4").counted(specCounts{pass: 4, fail: 1}).
					in("S-EL", specCounts{pass: 2, fail: 1}).in("S-MS", specCounts{pass: 2, fail: 1}),
			}},
		{name: "no-repeat-pressure: invitations not yet sent as of the check do not count",
			patch: `{"invitations": [
				{"id": "I-E2", "family": "F-E", "students": ["ST-E1"], "kind": "first", "sent_at": "2025-09-01T16:00:00-07:00", "by": "E-MS-T6", "method": "all"},
				{"id": "I-E3", "family": "F-E", "students": ["ST-E1"], "kind": "first", "sent_at": "2025-10-01T16:00:00-07:00", "by": "E-MS-T6", "method": "all"}]}`,
			asOf:   specAt("2025-09-15T12:00:00-07:00"),
			expect: []specExpect{specPasses("P1.no-repeat-pressure").counted(specCounts{pass: 5})}},
		{name: "no-repeat-pressure: a decline given after the check is not yet a decline",
			patch: `{"invitations": [
				{"id": "I-E1", "responded_at": "2025-10-12T19:00:00-07:00"},
				{"id": "I-E2", "family": "F-E", "students": ["ST-E1"], "kind": "first", "sent_at": "2025-11-01T16:00:00-07:00", "by": "E-MS-T6", "method": "all"},
				{"id": "I-E3", "family": "F-E", "students": ["ST-E1"], "kind": "first", "sent_at": "2025-12-01T16:00:00-08:00", "by": "E-MS-T6", "method": "all"}]}`,
			asOf:   specAt("2025-10-01T12:00:00-07:00"),
			expect: []specExpect{specNoFindings("P1.no-repeat-pressure")}},
		{name: "refresher: an educator-year is listed under the educator's school",
			policy: func(p *model.Policy) { p.RefresherAfter = 500 },
			expect: []specExpect{specFinds("P2.refresher", specAdvisory, specTeacherU, "S-EL", "E-EL-T1").
				in("S-EL", specCounts{pass: 2, fail: 1}).in("S-MS", specCounts{pass: 3})}},
		{name: "refresher: pending before the end of the year",
			asOf:   specMidYear,
			expect: []specExpect{specPending("P2.refresher")}},
		{name: "classified-eligible: a visit of another school year is not counted",
			patch: `{"educators": [{"id": "E-EL-LI", "stipends": null}],
				"visits": [{"id": "V-X", "family": "F-A", "students": ["ST-A1"], "kind": "first", "status": "completed", "arranged_at": "2025-05-01T12:00:00-07:00",
				"start": "2025-05-12T17:00:00-07:00", "duration": "40m", "location": {"kind": "home"}, "visitors": ["E-EL-T3", "E-EL-LI"],
				"compensation": [{"educator": "E-EL-T3", "minutes_outside": 40, "amount_cents": 2667, "source": "title-i"}, {"educator": "E-EL-LI", "minutes_outside": 40}]}]}`,
			expect: []specExpect{specPasses("P2.classified-eligible").counted(specCounts{pass: 2})}},
		{name: "school-celebration: an event of another school year does not count",
			patch:  `{"events": [{"id": "EV-MS", "date": "2025-05-21"}]}`,
			expect: []specExpect{specFinds("R.school-celebration", specAdvisory, specSchoolU, "S-MS", "S-MS").counted(specCounts{pass: 1, fail: 1})}},
		{name: "school-celebration: pending before the end of the year, passing early once families spoke",
			asOf:   specAt("2026-05-18T12:00:00-07:00"),
			expect: []specExpect{specPasses("R.school-celebration").counted(specCounts{pass: 1, pending: 1})}},
		{name: "district-event: an event of another school year does not count",
			patch:  `{"events": [{"id": "EV-D", "date": "2025-04-20"}]}`,
			expect: []specExpect{specFinds("R.district-event", specAdvisory, specDistrictU, "", "D-RV").counted(specCounts{fail: 1})}},
		{name: "tracking: a visit naming students of two schools is one unit listed under both",
			patch: `{"visits": [{"id": "V-A1", "students": ["ST-A1", "ST-A2"]}]}`,
			expect: []specExpect{
				specFinds("R.tracking", specAdvisory, specVisitU, "S-EL", "V-C1", "F-C").counted(specCounts{pass: 9, fail: 2}).
					in("S-EL", specCounts{pass: 5, fail: 2}).in("S-MS", specCounts{pass: 5}),
				specFinds("R.tracking", specAdvisory, specVisitU, "S-EL", "V-C2", "F-C"),
			}},
	}
}
