package practices_test

import (
	"testing"

	"github.com/homevisits/pthv/model"
)

// TestSpecPairShapes: P5 on the shapes real visits take — three educators,
// a reflection by one visitor and an outsider, an interpreter who is
// staff, a family with children at schools teaching in different
// languages.
func TestSpecPairShapes(t *testing.T) { specRunTable(t, specPairShapesCases()) }

func specPairShapesCases() []specCase {
	threeOnD1 := func(by string) string {
		return `{"visits": [{"id": "V-D1", "visitors": ["E-MS-T6", "E-MS-LI", "E-MS-T7"],
			"reflection": {"at": "2025-09-26T15:30:00-07:00", "by": ` + by + `, "covered_bias": true}}]}`
	}
	// F-A speaks Spanish; the elementary school teaches in English and
	// Spanish, the middle school in English. V-A3 names both children.
	spanishAtEL := `"families": [{"id": "F-A", "languages": ["es"]}], "schools": [{"id": "S-EL", "languages": ["en", "es"]}],
		"visits": [{"id": "V-A3", "students": ["ST-A1", "ST-A2"]}]`
	return []specCase{
		{name: "reflection: a visit of three whose reflection names two of them",
			patch:  threeOnD1(`["E-MS-T6", "E-MS-T7"]`),
			expect: []specExpect{specPasses("P5.reflection").counted(specCounts{pass: 11})}},
		{name: "reflection: a visit of three whose reflection names one of them and an outsider",
			patch: threeOnD1(`["E-MS-T6", "E-EL-T1"]`),
			expect: []specExpect{
				specFinds("P5.reflection", specViolation, specVisitU, "S-MS", "V-D1", "F-D").counted(specCounts{pass: 10, fail: 1}),
			}},
		{name: "reflection: a reflection by one visitor is pending while the window is open",
			patch: `{"visits": [{"id": "V-C2", "reflection": {"at": "2026-04-15T15:30:00-07:00", "by": ["E-EL-T1"], "covered_bias": true}}]}`,
			asOf:  specAt("2026-04-16T12:00:00-07:00"),
			expect: []specExpect{
				specPending("P5.reflection").counted(specCounts{pass: 10, pending: 1}),
			}},
		{name: "reflection: a reflection by one visitor is a finding once the window has closed",
			patch: `{"visits": [{"id": "V-C2", "reflection": {"at": "2026-04-15T15:30:00-07:00", "by": ["E-EL-T1"], "covered_bias": true}}]}`,
			asOf:  specAt("2026-04-22T12:00:00-07:00"),
			expect: []specExpect{
				specFinds("P5.reflection", specViolation, specVisitU, "S-EL", "V-C2", "F-C").counted(specCounts{pass: 10, fail: 1}),
			}},
		{name: "reflection: a reflection made together passes before the window closes",
			asOf:   specAt("2026-04-16T12:00:00-07:00"),
			expect: []specExpect{specPasses("P5.reflection").counted(specCounts{pass: 11})}},
		{name: "bias-reflection: a reflection that left out biases is pending while the window is open",
			patch:  `{"visits": [{"id": "V-C2", "reflection": {"covered_bias": false}}]}`,
			asOf:   specAt("2026-04-16T12:00:00-07:00"),
			expect: []specExpect{specPending("P5.bias-reflection").counted(specCounts{pass: 10, pending: 1})}},
		{name: "pair: an educator listed both as a visitor and as the visit's interpreter does not make a pair",
			modify: func(t testing.TB, ds *model.Dataset) {
				specVisit(t, ds, "V-D1").Interpreters = []model.Interpreter{{Educator: "E-MS-LI", Languages: []model.Language{"ar"}}}
			},
			expect: []specExpect{
				specFinds("P5.pair", specViolation, specVisitU, "S-MS", "V-D1", "F-D").counted(specCounts{pass: 10, fail: 1}),
				specFinds("P5.reflection", specViolation, specVisitU, "S-MS", "V-D1", "F-D"),
				specPasses("P5.language").counted(specCounts{pass: 2}),
				// Interpreters are not educators for consent, training or pay.
				specPasses("P1.educator-consent").counted(specCounts{pass: 21}),
				specPasses("P2.trained").counted(specCounts{pass: 21}),
				specPasses("P2.compensated").counted(specCounts{pass: 15}),
			}},
		{name: "pair: a visit that records none of its visitors is not assessable by the rules that read them",
			modify: func(t testing.TB, ds *model.Dataset) {
				v := specVisit(t, ds, "V-D1")
				v.Visitors, v.Compensation = nil, nil
			},
			expect: []specExpect{
				specNA("P5.pair").counted(specCounts{pass: 10, na: 1}),
				specNA("P5.group-size").counted(specCounts{pass: 10, na: 1}),
				specNoFindings("P5.teacher-on-visit"),
				specNoFindings("P5.reflection"),
				specNoFindings("P5.language"),
			}},
		{name: "pair: a visit whose only visitor served as its interpreter had no educator",
			modify: func(t testing.TB, ds *model.Dataset) {
				v := specVisit(t, ds, "V-D1")
				v.Visitors, v.Compensation = []model.EducatorID{"E-MS-LI"}, nil
				v.Interpreters = []model.Interpreter{{Educator: "E-MS-LI", Languages: []model.Language{"ar"}}}
			},
			expect: []specExpect{
				specFinds("P5.pair", specViolation, specVisitU, "S-MS", "V-D1", "F-D").counted(specCounts{pass: 10, fail: 1}),
				specFinds("P5.reflection", specViolation, specVisitU, "S-MS", "V-D1", "F-D"),
			}},
		{name: "reflection: a visit that records none of its visitors and no reflection, in a school that records them, is a finding",
			modify: func(t testing.TB, ds *model.Dataset) {
				v := specVisit(t, ds, "V-D1")
				v.Visitors, v.Compensation, v.Reflection = nil, nil, nil
			},
			expect: []specExpect{
				specNA("P5.pair").counted(specCounts{pass: 10, na: 1}),
				specFinds("P5.reflection", specViolation, specVisitU, "S-MS", "V-D1", "F-D").counted(specCounts{pass: 10, fail: 1}),
			}},
		{name: "reflection: a visit that records none of its visitors, reflected on late by someone, is a finding",
			modify: func(t testing.TB, ds *model.Dataset) {
				v := specVisit(t, ds, "V-D1")
				v.Visitors, v.Compensation = nil, nil
				v.Reflection.At = specAt("2025-10-10T15:30:00-07:00")
			},
			expect: []specExpect{
				specFinds("P5.reflection", specViolation, specVisitU, "S-MS", "V-D1", "F-D").counted(specCounts{pass: 10, fail: 1}),
			}},
		{name: "reflection: a visit that records none of its visitors, reflected on in time by no one named, passes",
			modify: func(t testing.TB, ds *model.Dataset) {
				v := specVisit(t, ds, "V-D1")
				v.Visitors, v.Compensation, v.Reflection.By = nil, nil, nil
			},
			expect: []specExpect{specPasses("P5.reflection").counted(specCounts{pass: 11})}},
		{name: "reflection: a school that recorded a reflection only on a visit of another school year records none this year",
			modify: func(t testing.TB, ds *model.Dataset) {
				for _, id := range []model.VisitID{"V-A2", "V-D1", "V-A4", "V-D2"} {
					specVisit(t, ds, id).Reflection = nil
				}
			},
			patch: `{"visits": [` + specVisitD0 + `, {"id": "V-D0", "visitors": ["E-MS-T6", "E-MS-T7"],
				"reflection": {"at": "2025-05-21T15:30:00-07:00", "by": ["E-MS-T6", "E-MS-T7"]}}]}`,
			expect: []specExpect{
				specNA("P5.reflection").counted(specCounts{pass: 7, na: 4}).in("S-MS", specCounts{na: 4}),
			}},
		{name: "pair: an educator listed twice is one educator",
			patch: `{"visits": [{"id": "V-D1", "visitors": ["E-MS-T6", "E-MS-T6"]}]}`,
			expect: []specExpect{
				specFinds("P5.pair", specViolation, specVisitU, "S-MS", "V-D1", "F-D").counted(specCounts{pass: 10, fail: 1}),
				specFinds("P5.reflection", specViolation, specVisitU, "S-MS", "V-D1", "F-D"),
			}},
		{name: "reflection: a reflection naming one visitor twice is made by one",
			patch: `{"visits": [{"id": "V-D1", "reflection": {"by": ["E-MS-T6", "E-MS-T6"]}}]}`,
			expect: []specExpect{
				specFinds("P5.reflection", specViolation, specVisitU, "S-MS", "V-D1", "F-D").counted(specCounts{pass: 10, fail: 1}),
			}},
		{name: "reflection: a solo visit is a finding at once, whatever its reflection records",
			patch: `{"visits": [{"id": "V-C2", "visitors": ["E-EL-T1"], "reflection": {"by": []}}]}`,
			asOf:  specAt("2026-04-16T12:00:00-07:00"),
			expect: []specExpect{
				specFinds("P5.pair", specViolation, specVisitU, "S-EL", "V-C2", "F-C"),
				specFinds("P5.reflection", specViolation, specVisitU, "S-EL", "V-C2", "F-C"),
			}},
		{name: "teacher-on-visit: a visit naming two siblings has a teacher of one of them",
			patch:  `{"visits": [{"id": "V-B3", "visitors": ["E-EL-T3", "E-EL-LI"]}]}`,
			expect: []specExpect{specPasses("P5.teacher-on-visit").counted(specCounts{pass: 9, na: 2})}},
		{name: "language: an interpreter on the staff speaks the languages of their educator record",
			patch: `{"visits": [{"id": "V-D1", "visitors": ["E-MS-T6", "E-MS-T7"]}]}`,
			modify: func(t testing.TB, ds *model.Dataset) {
				specVisit(t, ds, "V-D1").Interpreters = []model.Interpreter{{Educator: "E-MS-LI"}}
			},
			expect: []specExpect{specPasses("P5.language").counted(specCounts{pass: 2})}},
		{name: "language: a visit naming children of two schools needs no other language when one of them teaches in the family's",
			patch: `{` + spanishAtEL + `}`,
			expect: []specExpect{
				specFinds("P5.language", specAdvisory, specVisitU, "S-MS", "V-A2", "F-A").counted(specCounts{pass: 2, fail: 2}),
				specFinds("P5.language", specAdvisory, specVisitU, "S-MS", "V-A4", "F-A"),
			}},
		{name: "language: a family asking for an interpreter on a visit to two schools needs a language neither teaches in",
			patch: `{"families": [{"id": "F-A", "languages": ["es", "ar"], "needs_interpreter": true}], "schools": [{"id": "S-EL", "languages": ["en", "es"]}],
				"visits": [{"id": "V-A3", "students": ["ST-A1", "ST-A2"]}]}`,
			expect: []specExpect{
				specFinds("P5.language", specAdvisory, specVisitU, "S-EL", "V-A1", "F-A").counted(specCounts{pass: 3, fail: 3}),
				specFinds("P5.language", specAdvisory, specVisitU, "S-EL,S-MS", "V-A3", "F-A"),
				specFinds("P5.language", specAdvisory, specVisitU, "S-MS", "V-A4", "F-A"),
			}},
		{name: "language: an English-speaking family asking for an interpreter needs a visitor speaking its other language, not English",
			patch: `{"families": [{"id": "F-C", "languages": ["en", "vi"], "needs_interpreter": true}]}`,
			expect: []specExpect{
				specFinds("P5.language", specAdvisory, specVisitU, "S-EL", "V-C1", "F-C").counted(specCounts{pass: 2, fail: 2}),
				specFinds("P5.language", specAdvisory, specVisitU, "S-EL", "V-C2", "F-C"),
			}},
	}
}
