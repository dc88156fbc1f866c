package practices_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/practices/practicestest"
)

// variant is a named modification of the base dataset.
type variant struct {
	name   string
	modify func(t testing.TB, ds *model.Dataset)
	asOf   time.Time // zero: after the year, when every unit is due
	// records overrides the case's records for this variant.
	records []string
}

// ruleCase is the table entry of one rule: modifications of the base that
// pass it, break it once, and leave it not assessable.
type ruleCase struct {
	rule string
	// pass lists passing variants besides the base itself, which passes
	// every rule.
	pass []variant
	// fail lists variants that each break the rule exactly once, naming
	// records (the visit, family, educator or school concerned) in school.
	fail    []variant
	records []string
	school  model.SchoolID
	// also lists the other rules the failure breaks, which must be among
	// the rules practicestest.Implied lists for this one.
	also []string
	// na lists variants that leave a unit of the rule not assessable;
	// noNA says why there are none.
	na   []variant
	noNA string
}

// unrecordedOutcome: a visit scheduled for April and never marked held or
// cancelled is not assessable under every visit rule.
var unrecordedOutcome = variant{"scheduled visit with no outcome recorded", func(t testing.TB, ds *model.Dataset) {
	addPastScheduledVisit(t, ds)
}, time.Time{}, nil}

// unrecordedFirstVisit: a sibling's first visit, scheduled for April and
// never marked held or cancelled, is not assessable under the first-visit
// rules: as the record stands it is that student's first visit.
var unrecordedFirstVisit = variant{"a sibling's first visit scheduled, no outcome recorded", func(t testing.TB, ds *model.Dataset) {
	ds.Students = append(ds.Students, model.Student{ID: "ST9", School: "S1", Grade: 2, Family: "F2", Teachers: []model.EducatorID{"E-T1"}})
	addPastScheduledVisit(t, ds)
	v := visitOf(t, ds, "V5")
	v.Students, v.Kind = []model.StudentID{"ST9"}, model.FirstVisit
}, time.Time{}, nil}

// unrecordedSecondVisit: a second visit labelled so, scheduled for April
// and never marked held or cancelled, in place of F1's second visit, is
// not assessable under the second-visit rules.
var unrecordedSecondVisit = variant{"second visit scheduled, no outcome recorded", func(t testing.TB, ds *model.Dataset) {
	deleteVisit(t, ds, "V2")
	addPastScheduledVisit(t, ds)
	v := visitOf(t, ds, "V5")
	v.Family, v.Students, v.Kind = "F1", []model.StudentID{"ST1"}, model.SecondVisit
}, time.Time{}, nil}

func ruleCases() []ruleCase {
	return []ruleCase{
		// P1 — voluntary, arranged in advance.
		{
			rule: "P1.family-consent",
			pass: []variant{{"family's own request counts as acceptance", func(t testing.TB, ds *model.Dataset) {
				inv := invitationOf(t, ds, "I2")
				*inv = model.Invitation{ID: "I2", Family: "F2", Origin: model.FamilyRequest, SentAt: at("2025-08-20T18:00:00-07:00")}
			}, time.Time{}, nil}},
			fail: []variant{{"accepted only after the first visit", func(t testing.TB, ds *model.Dataset) {
				invitationOf(t, ds, "I2").RespondedAt = at("2025-09-20T10:00:00-07:00")
			}, time.Time{}, nil}, {"invitation never answered, request after the first visit", func(t testing.TB, ds *model.Dataset) {
				inv := invitationOf(t, ds, "I2")
				inv.Response, inv.RespondedAt = model.NoResponse, time.Time{}
				ds.Invitations = append(ds.Invitations, model.Invitation{ID: "I2r", Family: "F2", Origin: model.FamilyRequest,
					Response: model.Accepted, SentAt: at("2025-10-01T18:00:00-07:00")})
			}, time.Time{}, nil}},
			records: []string{"V3", "F2"}, school: "S1",
			na: []variant{{"school records no invitations", func(t testing.TB, ds *model.Dataset) {
				ds.Invitations = nil
			}, time.Time{}, nil}},
		},
		{
			rule: "P1.educator-consent",
			fail: []variant{{"third visitor opted in last year only", func(t testing.TB, ds *model.Dataset) {
				e := newTeacher("E-X")
				e.OptIns = []model.SchoolYearID{"2024-25"}
				addVisitor(t, ds, "V3", e)
			}, time.Time{}, nil}},
			records: []string{"V3", "F2", "E-X"}, school: "S1",
			na: []variant{{"no educator's opt-in recorded", func(t testing.TB, ds *model.Dataset) {
				for i := range ds.Educators {
					ds.Educators[i].OptIns = nil
				}
			}, time.Time{}, nil}},
		},
		{
			rule: "P1.arranged-in-advance",
			fail: []variant{{"drop-in: arranged at the door", func(t testing.TB, ds *model.Dataset) {
				v := visitOf(t, ds, "V3")
				v.ArrangedAt = v.Start
			}, time.Time{}, nil}},
			records: []string{"V3", "F2"}, school: "S1", also: []string{"P1.notice"},
			na: []variant{{"arranged-at not recorded", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").ArrangedAt = time.Time{}
			}, time.Time{}, nil}},
		},
		{
			rule: "P1.notice",
			pass: []variant{{"exactly the minimum notice", func(t testing.TB, ds *model.Dataset) {
				v := visitOf(t, ds, "V3")
				v.ArrangedAt = v.Start.Add(-24 * time.Hour)
			}, time.Time{}, nil}},
			fail: []variant{{"arranged two hours ahead", func(t testing.TB, ds *model.Dataset) {
				v := visitOf(t, ds, "V3")
				v.ArrangedAt = v.Start.Add(-2 * time.Hour)
			}, time.Time{}, nil}},
			records: []string{"V3", "F2"}, school: "S1",
			na: []variant{{"arranged-at not recorded", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").ArrangedAt = time.Time{}
			}, time.Time{}, nil}},
		},
		{
			rule: "P1.declined-respected",
			pass: []variant{{"declined, then asked for the visit", func(t testing.TB, ds *model.Dataset) {
				ds.Invitations = append(ds.Invitations,
					model.Invitation{ID: "I2b", Family: "F2", Kind: model.SecondVisit, SentAt: at("2026-01-20T16:00:00-08:00"),
						Plan: "P-S1", Response: model.Declined, RespondedAt: at("2026-01-22T10:00:00-08:00")},
					model.Invitation{ID: "I2c", Family: "F2", Origin: model.FamilyRequest, SentAt: at("2026-02-01T10:00:00-08:00")})
			}, time.Time{}, nil}},
			fail: []variant{{"second visit after declining it", func(t testing.TB, ds *model.Dataset) {
				ds.Invitations = append(ds.Invitations, model.Invitation{ID: "I2b", Family: "F2", Kind: model.SecondVisit,
					SentAt: at("2026-01-20T16:00:00-08:00"), Plan: "P-S1", Response: model.Declined, RespondedAt: at("2026-01-22T10:00:00-08:00")})
			}, time.Time{}, nil}, {"second visit after the family withdrew", func(t testing.TB, ds *model.Dataset) {
				ds.Withdrawals = append(ds.Withdrawals, model.Withdrawal{Family: "F2", At: at("2026-01-20T16:00:00-08:00")})
			}, time.Time{}, nil}},
			records: []string{"V4", "F2"}, school: "S1",
			// A visit after a decline is also a visit without the family's
			// standing agreement.
			also: []string{"P1.family-consent"},
			na: []variant{{"school records no invitations", func(t testing.TB, ds *model.Dataset) {
				ds.Invitations = nil
			}, time.Time{}, nil}},
		},
		{
			rule: "P1.no-repeat-pressure",
			pass: []variant{{"one new invitation after a decline, with contact attempts", func(t testing.TB, ds *model.Dataset) {
				ds.Invitations = append(ds.Invitations, model.Invitation{ID: "I2a", Family: "F2", Kind: model.FirstVisit,
					SentAt: at("2025-07-10T16:00:00-07:00"), Plan: "P-S1", Response: model.Declined, RespondedAt: at("2025-07-12T10:00:00-07:00")})
				invitationOf(t, ds, "I2").ContactAttempts = []time.Time{at("2025-08-02T16:00:00-07:00"), at("2025-08-03T16:00:00-07:00")}
			}, time.Time{}, nil}},
			fail: []variant{{"two new invitations after a decline", func(t testing.TB, ds *model.Dataset) {
				ds.Invitations = append(ds.Invitations,
					model.Invitation{ID: "I2a", Family: "F2", Kind: model.FirstVisit, SentAt: at("2025-07-10T16:00:00-07:00"),
						Plan: "P-S1", Response: model.Declined, RespondedAt: at("2025-07-12T10:00:00-07:00")},
					model.Invitation{ID: "I2x", Family: "F2", Kind: model.FirstVisit, SentAt: at("2025-07-20T16:00:00-07:00"), Plan: "P-S1"})
			}, time.Time{}, nil}},
			records: []string{"F2", "I2x", "I2"}, school: "S1",
			noNA: "families with no invitation are not units; every invitation says whether it was declined",
		},
		{
			rule: "P1.no-mandate",
			fail: []variant{{"goal requires educators to visit", func(t testing.TB, ds *model.Dataset) {
				ds.Goals[0].RequiredOf = []model.Party{model.ByEducator}
			}, time.Time{}, nil}, {"per-educator quota", func(t testing.TB, ds *model.Dataset) {
				ds.Goals[0].PerEducatorQuota = 10
			}, time.Time{}, nil}},
			records: []string{"S1", "G1"}, school: "S1",
			noNA: "goals and plans are judged as recorded",
		},

		// P2 — trained and compensated.
		{
			rule: "P2.trained",
			pass: []variant{{"trained the day before the visit", func(t testing.TB, ds *model.Dataset) {
				educatorOf(t, ds, "E-T2").Trainings = []model.Training{{Date: model.NewDate(2025, time.September, 17), Kind: model.InitialTraining}}
			}, time.Time{}, nil}},
			fail: []variant{{"trained in December, visited in September", func(t testing.TB, ds *model.Dataset) {
				educatorOf(t, ds, "E-T2").Trainings = []model.Training{{Date: model.NewDate(2025, time.December, 1), Kind: model.InitialTraining}}
			}, time.Time{}, nil}, {"trained on the day of the visit", func(t testing.TB, ds *model.Dataset) {
				educatorOf(t, ds, "E-T2").Trainings = []model.Training{{Date: model.NewDate(2025, time.September, 18), Kind: model.InitialTraining}}
			}, time.Time{}, nil}},
			records: []string{"V3", "F2", "E-T2"}, school: "S1",
			na: []variant{{"no training recorded for anyone", func(t testing.TB, ds *model.Dataset) {
				for i := range ds.Educators {
					ds.Educators[i].Trainings = nil
				}
			}, time.Time{}, nil}},
		},
		{
			rule: "P2.compensated",
			pass: []variant{{"covered by a stipend agreement", func(t testing.TB, ds *model.Dataset) {
				educatorOf(t, ds, "E-T1").Stipends = []model.Stipend{{Year: "2025-26", AmountCents: 60000, Source: model.Union}}
				for i := range ds.Visits {
					for j := range ds.Visits[i].Compensation {
						if c := &ds.Visits[i].Compensation[j]; c.Educator == "E-T1" {
							c.AmountCents, c.Source = 0, ""
						}
					}
				}
			}, time.Time{}, nil}, {"no minutes outside the working day", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Compensation[1] = model.Compensation{Educator: "E-T1"}
			}, time.Time{}, nil}},
			fail: []variant{{"minutes outside the day, no pay", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Compensation[1] = model.Compensation{Educator: "E-T1", MinutesOutside: 40}
			}, time.Time{}, nil}, {"amount without a funding source", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Compensation[1].Source = ""
			}, time.Time{}, nil}},
			records: []string{"V3", "F2", "E-T1"}, school: "S1",
			na: []variant{{"school records no compensation", func(t testing.TB, ds *model.Dataset) {
				for i := range ds.Visits {
					ds.Visits[i].Compensation = nil
				}
			}, time.Time{}, nil}},
		},
		{
			rule: "P2.classified-eligible",
			fail: []variant{{"liaison unpaid, teachers paid", func(t testing.TB, ds *model.Dataset) {
				educatorOf(t, ds, "E-LI").Stipends = nil
				for i := range ds.Visits {
					for j := range ds.Visits[i].Compensation {
						if c := &ds.Visits[i].Compensation[j]; c.Educator == "E-LI" {
							c.Stipend = false
						}
					}
				}
			}, time.Time{}, nil}},
			records: []string{"S1"}, school: "S1",
			na: []variant{{"no classified visitor worked outside their day", func(t testing.TB, ds *model.Dataset) {
				for i := range ds.Visits {
					for j := range ds.Visits[i].Compensation {
						if c := &ds.Visits[i].Compensation[j]; c.Educator == "E-LI" {
							c.MinutesOutside = 0
						}
					}
				}
			}, time.Time{}, nil}},
		},
		{
			rule: "P2.refresher",
			fail: []variant{{"last trained three years ago", func(t testing.TB, ds *model.Dataset) {
				educatorOf(t, ds, "E-LI").Trainings = []model.Training{{Date: model.NewDate(2023, time.June, 1), Kind: model.InitialTraining}}
			}, time.Time{}, nil}},
			records: []string{"E-LI"}, school: "S1",
			na: []variant{{"opted-in educator with no training on record", func(t testing.TB, ds *model.Dataset) {
				e := newTeacher("E-NEW")
				e.Trainings = nil
				ds.Educators = append(ds.Educators, e)
			}, time.Time{}, nil}},
		},

		// P3 — first visit: relationship; second visit: academics.
		{
			rule: "P3.first-visit-focus",
			fail: []variant{{"no relationship topic", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Topics = []model.Topic{{Kind: model.OtherTopic, RaisedBy: model.ByEducator}}
			}, time.Time{}, nil}},
			records: []string{"V3", "F2"}, school: "S1",
			na: []variant{{"topics not recorded", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Topics = nil
			}, time.Time{}, nil}},
		},
		{
			rule: "P3.first-visit-no-agenda",
			pass: []variant{{"family raised grades", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Topics = []model.Topic{{Kind: model.HopesAndDreams, RaisedBy: model.ByEducator}, {Kind: model.Assessment, RaisedBy: model.ByFamily}}
			}, time.Time{}, nil}, {"a first visit mislabelled second is still a first visit", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Kind = model.SecondVisit
			}, time.Time{}, nil}},
			fail: []variant{{"educators brought attendance", func(t testing.TB, ds *model.Dataset) {
				v := visitOf(t, ds, "V3")
				v.Topics = append(v.Topics, model.Topic{Kind: model.Attendance, RaisedBy: model.ByEducator})
			}, time.Time{}, nil}, {"school raised behavior", func(t testing.TB, ds *model.Dataset) {
				v := visitOf(t, ds, "V3")
				v.Topics = append(v.Topics, model.Topic{Kind: model.Behavior, RaisedBy: model.BySchool})
			}, time.Time{}, nil}},
			records: []string{"V3", "F2"}, school: "S1",
			na: []variant{{"agenda topic with nobody recorded as raising it", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Topics = []model.Topic{{Kind: model.HopesAndDreams, RaisedBy: model.ByEducator}, {Kind: model.Academics}}
			}, time.Time{}, nil}, {"topics not recorded", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Topics = nil
			}, time.Time{}, nil}},
		},
		{
			rule: "P3.first-visit-season",
			pass: []variant{{"first visit in summer", func(t testing.TB, ds *model.Dataset) {
				moveVisit(t, ds, "V3", "2025-08-26T16:00:00-07:00")
			}, time.Time{}, nil}},
			fail: []variant{{"first visit in winter", func(t testing.TB, ds *model.Dataset) {
				moveVisit(t, ds, "V3", "2025-12-09T16:00:00-08:00")
			}, time.Time{}, nil}},
			records: []string{"V3", "F2"}, school: "S1",
			na: []variant{unrecordedFirstVisit},
		},
		{
			rule: "P3.second-after-first",
			fail: []variant{{"family's first visit labelled second", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Kind = model.SecondVisit
			}, time.Time{}, nil}},
			records: []string{"V3", "F2"}, school: "S1",
			na: []variant{unrecordedSecondVisit},
		},
		{
			rule: "P3.second-visit-offered",
			pass: []variant{{"second visit booked, then cancelled by the family", func(t testing.TB, ds *model.Dataset) {
				v := visitOf(t, ds, "V4")
				v.Status, v.CancelledBy, v.Reflection, v.Compensation, v.Topics = model.Cancelled, model.ByFamily, nil, nil, nil
			}, time.Time{}, nil}, {"invited to a second visit", func(t testing.TB, ds *model.Dataset) {
				deleteVisit(t, ds, "V4")
				ds.Invitations = append(ds.Invitations, model.Invitation{ID: "I2s", Family: "F2", Kind: model.SecondVisit,
					SentAt: at("2026-02-02T16:00:00-08:00"), Plan: "P-S1"})
			}, time.Time{}, nil}},
			fail: []variant{{"no second visit offered", func(t testing.TB, ds *model.Dataset) {
				deleteVisit(t, ds, "V4")
			}, time.Time{}, nil}},
			records: []string{"ST2", "F2", "V3"}, school: "S1",
			noNA: "a completed first visit and the offers on record are all the rule needs",
		},
		{
			rule: "P3.second-visit-focus",
			pass: []variant{{"an issue the family raised", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V4").Topics = []model.Topic{{Kind: model.FamilyRaisedConcern, RaisedBy: model.ByFamily}}
			}, time.Time{}, nil}},
			fail: []variant{{"neither academics nor a family issue", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V4").Topics = []model.Topic{{Kind: model.HopesAndDreams, RaisedBy: model.ByEducator}}
			}, time.Time{}, nil}, {"no reference back to the first visit", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V4").ReferencesFirst = ptr(false)
			}, time.Time{}, nil}},
			records: []string{"V4", "F2"}, school: "S1",
			na: []variant{{"topics not recorded", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V4").Topics = nil
			}, time.Time{}, nil}, {"reference to the first visit not recorded", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V4").ReferencesFirst = nil
			}, time.Time{}, nil}, {"who raised its only topic not recorded", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V4").Topics = []model.Topic{{Kind: model.WorkingTogether}}
			}, time.Time{}, nil}},
		},
		{
			rule: "P3.second-visit-season",
			pass: []variant{{"second visit in winter", func(t testing.TB, ds *model.Dataset) {
				moveVisit(t, ds, "V2", "2026-01-20T17:00:00-08:00")
			}, time.Time{}, nil}},
			fail: []variant{{"second visit in the fall", func(t testing.TB, ds *model.Dataset) {
				moveVisit(t, ds, "V2", "2025-11-18T17:00:00-08:00")
			}, time.Time{}, nil}},
			records: []string{"V2", "F1"}, school: "S1",
			na: []variant{unrecordedSecondVisit},
		},
		{
			rule: "P3.follow-up",
			fail: []variant{{"messages from school only", func(t testing.TB, ds *model.Dataset) {
				ds.Communications = slices.DeleteFunc(ds.Communications, func(c model.Communication) bool { return c.ID == "M2" })
			}, time.Time{}, nil}, {"messages only before the first visit", func(t testing.TB, ds *model.Dataset) {
				for i := range ds.Communications {
					if c := &ds.Communications[i]; c.Family == "F1" {
						c.At = c.At.AddDate(0, -1, -10)
					}
				}
			}, time.Time{}, nil}},
			records: []string{"ST1", "F1", "V1"}, school: "S1",
			na: []variant{{"school records no communications", func(t testing.TB, ds *model.Dataset) {
				ds.Communications = nil
			}, time.Time{}, nil}},
		},
		{
			rule: "P3.duration",
			pass: []variant{{"20 minutes", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Duration = model.Duration(20 * time.Minute)
			}, time.Time{}, nil}, {"an hour", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Duration = model.Duration(time.Hour)
			}, time.Time{}, nil}},
			fail: []variant{{"10 minutes", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Duration = model.Duration(10 * time.Minute)
			}, time.Time{}, nil}, {"90 minutes", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Duration = model.Duration(90 * time.Minute)
			}, time.Time{}, nil}},
			records: []string{"V3", "F2"}, school: "S1",
			na: []variant{{"duration not recorded", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Duration = 0
			}, time.Time{}, nil}},
		},
		{
			rule: "P3.location",
			pass: []variant{{"at school, as the family asked", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Location = model.Location{Kind: model.AtSchool, RequestedBy: model.ByFamily}
			}, time.Time{}, nil}, {"café chosen by the educator: a public place, whoever suggested it", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Location = model.Location{Kind: model.Cafe, RequestedBy: model.ByEducator}
			}, time.Time{}, nil}, {"park, who asked not recorded", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Location = model.Location{Kind: model.Park}
			}, time.Time{}, nil}},
			fail: []variant{{"at school, chosen by the educator", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Location = model.Location{Kind: model.AtSchool, RequestedBy: model.ByEducator}
			}, time.Time{}, nil}, {"elsewhere, chosen by the educator", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Location = model.Location{Kind: model.OtherLocation, RequestedBy: model.ByEducator}
			}, time.Time{}, nil}},
			records: []string{"V3", "F2"}, school: "S1",
			na: []variant{{"at school, who asked not recorded", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Location = model.Location{Kind: model.AtSchool}
			}, time.Time{}, nil}, {"location not recorded", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Location = model.Location{}
			}, time.Time{}, nil}},
		},

		// P4 — no targeting. P4.cross-section, the targeting audit, is covered by
		// TestCrossSectionNeverPanics and the Violating property.
		{
			rule: "P4.selection-criteria",
			pass: []variant{{"scoped by grade and class", func(t testing.TB, ds *model.Dataset) {
				ds.Plans[0].Criteria = []string{"grade", "class"}
			}, time.Time{}, nil}},
			fail: []variant{{"invitation chosen by attendance", func(t testing.TB, ds *model.Dataset) {
				invitationOf(t, ds, "I2").Criteria = []string{"attendance"}
			}, time.Time{}, nil}, {"plan filtered on lunch status", func(t testing.TB, ds *model.Dataset) {
				ds.Plans[0].Criteria = []string{"frl"}
			}, time.Time{}, nil}},
			records: []string{"S1"}, school: "S1",
			na: []variant{{"invitations record no plan, method or criteria", func(t testing.TB, ds *model.Dataset) {
				for i := range ds.Invitations {
					ds.Invitations[i].Plan = ""
				}
			}, time.Time{}, nil}},
		},

		// P5 — pairs and reflection.
		{
			rule: "P5.pair",
			fail: []variant{{"solo visit", func(t testing.TB, ds *model.Dataset) {
				removeVisitor(t, ds, "V4", "E-LI")
			}, time.Time{}, nil}, {"one educator and an interpreter", func(t testing.TB, ds *model.Dataset) {
				removeVisitor(t, ds, "V4", "E-LI")
				visitOf(t, ds, "V4").Interpreters = []model.Interpreter{{Educator: "E-LI", Languages: []model.Language{"es"}}}
			}, time.Time{}, nil}},
			records: []string{"V4", "F2"}, school: "S1",
			// A solo visitor has no partner to reflect with.
			also: []string{"P5.reflection"},
			na:   []variant{unrecordedOutcome},
		},
		{
			rule: "P5.group-size",
			pass: []variant{{"four educators", func(t testing.TB, ds *model.Dataset) {
				addVisitor(t, ds, "V3", newTeacher("E-X1"))
				addVisitor(t, ds, "V3", newTeacher("E-X2"))
			}, time.Time{}, nil}},
			fail: []variant{{"five educators", func(t testing.TB, ds *model.Dataset) {
				addVisitor(t, ds, "V3", newTeacher("E-X1"))
				addVisitor(t, ds, "V3", newTeacher("E-X2"))
				addVisitor(t, ds, "V3", newTeacher("E-X3"))
			}, time.Time{}, nil}},
			records: []string{"V3", "F2"}, school: "S1",
			na: []variant{unrecordedOutcome},
		},
		{
			rule: "P5.teacher-on-visit",
			pass: []variant{{"teacher of the student's class", func(t testing.TB, ds *model.Dataset) {
				studentOf(t, ds, "ST2").Teachers = nil
			}, time.Time{}, nil}},
			fail: []variant{{"none of the student's teachers", func(t testing.TB, ds *model.Dataset) {
				replaceVisitor(t, ds, "V4", "E-T2", "E-T1")
			}, time.Time{}, nil}},
			records: []string{"V4", "F2"}, school: "S1",
			na: []variant{{"no roster for the student", func(t testing.TB, ds *model.Dataset) {
				st := studentOf(t, ds, "ST2")
				st.Teachers, st.Classes = nil, nil
			}, time.Time{}, nil}},
		},
		{
			rule: "P5.reflection",
			pass: []variant{{"reflected six days later", func(t testing.TB, ds *model.Dataset) {
				v := visitOf(t, ds, "V3")
				v.Reflection.At = v.End().AddDate(0, 0, 6)
			}, time.Time{}, nil}},
			fail: []variant{{"reflected nine days later", func(t testing.TB, ds *model.Dataset) {
				v := visitOf(t, ds, "V3")
				v.Reflection.At = v.End().AddDate(0, 0, 9)
			}, time.Time{}, nil}, {"no reflection recorded", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Reflection = nil
			}, time.Time{}, nil}},
			records: []string{"V3", "F2"}, school: "S1",
			na: []variant{{"school records no reflections", func(t testing.TB, ds *model.Dataset) {
				for i := range ds.Visits {
					ds.Visits[i].Reflection = nil
				}
			}, time.Time{}, nil}},
		},
		{
			rule: "P5.bias-reflection",
			fail: []variant{{"reflection skipped assumptions", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Reflection.CoveredBias = ptr(false)
			}, time.Time{}, nil}},
			records: []string{"V3", "F2"}, school: "S1",
			na: []variant{{"not recorded whether it covered bias", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Reflection.CoveredBias = nil
			}, time.Time{}, nil}},
		},
		{
			rule: "P5.language",
			pass: []variant{{"an interpreter speaks the family's language", func(t testing.TB, ds *model.Dataset) {
				replaceVisitor(t, ds, "V1", "E-LI", "E-T2")
				visitOf(t, ds, "V1").Interpreters = []model.Interpreter{{ID: "INT-1", Languages: []model.Language{"es"}}}
			}, time.Time{}, nil}},
			fail: []variant{{"no visitor speaks Spanish", func(t testing.TB, ds *model.Dataset) {
				replaceVisitor(t, ds, "V1", "E-LI", "E-T2")
			}, time.Time{}, nil}},
			records: []string{"V1", "F1"}, school: "S1",
			na: []variant{{"interpreter needed, language not recorded", func(t testing.TB, ds *model.Dataset) {
				familyOf(t, ds, "F1").Languages = nil
			}, time.Time{}, nil}},
		},
		{
			rule: "P5.pair-variety",
			fail: []variant{{"every pair a teacher and the liaison", func(t testing.TB, ds *model.Dataset) {
				replaceVisitor(t, ds, "V3", "E-T1", "E-LI")
			}, time.Time{}, nil}},
			records: []string{"S1"}, school: "S1",
			na: []variant{{"a single paired visit", func(t testing.TB, ds *model.Dataset) {
				deleteVisit(t, ds, "V2")
				deleteVisit(t, ds, "V3")
				deleteVisit(t, ds, "V4")
			}, time.Time{}, nil}},
		},

		// R — roles and culture.
		{
			rule: "R.school-coordinator",
			fail: []variant{{"no school coordinator", func(t testing.TB, ds *model.Dataset) {
				ds.Schools[0].Coordinator = ""
			}, time.Time{}, nil}},
			records: []string{"S1"}, school: "S1",
			noNA: "a school names a coordinator or it does not",
		},
		{
			rule: "R.coordinator-not-principal",
			fail: []variant{{"the principal coordinates", func(t testing.TB, ds *model.Dataset) {
				ds.Schools[0].Coordinator = "E-PR"
			}, time.Time{}, nil}},
			records: []string{"S1", "E-PR"}, school: "S1",
			na: []variant{{"no coordinator named", func(t testing.TB, ds *model.Dataset) {
				ds.Schools[0].Coordinator = ""
			}, time.Time{}, nil}},
		},
		{
			rule: "R.district-coordinator",
			fail: []variant{{"no district coordinator", func(t testing.TB, ds *model.Dataset) {
				ds.District.Coordinator = ""
			}, time.Time{}, nil}},
			records: []string{"D1"}, school: "",
			noNA: "a district names a coordinator or it does not",
		},
		{
			rule: "R.school-celebration",
			pass: []variant{{"one of two events elevated families", func(t testing.TB, ds *model.Dataset) {
				ds.Events = append(ds.Events, model.Event{ID: "EV3", Level: model.SchoolLevel, School: "S1",
					Date: model.NewDate(2025, time.October, 2), Kind: model.Visibility})
			}, time.Time{}, nil}},
			fail: []variant{{"no school event", func(t testing.TB, ds *model.Dataset) {
				ds.Events = slices.DeleteFunc(ds.Events, func(e model.Event) bool { return e.ID == "EV1" })
			}, time.Time{}, nil}, {"event without families' voices", func(t testing.TB, ds *model.Dataset) {
				ds.Events[0].FamilyVoices = false
			}, time.Time{}, nil}, {"only event still to come", func(t testing.TB, ds *model.Dataset) {
				for i := range ds.Events {
					if ds.Events[i].ID == "EV1" {
						ds.Events[i].Date = model.NewDate(2027, time.January, 15)
					}
				}
			}, time.Time{}, nil}},
			records: []string{"S1"}, school: "S1",
			noNA: "events are judged as recorded",
		},
		{
			rule: "R.district-event",
			fail: []variant{{"no district event", func(t testing.TB, ds *model.Dataset) {
				ds.Events = slices.DeleteFunc(ds.Events, func(e model.Event) bool { return e.ID == "EV2" })
			}, time.Time{}, nil}, {"district event still to come", func(t testing.TB, ds *model.Dataset) {
				for i := range ds.Events {
					if ds.Events[i].ID == "EV2" {
						ds.Events[i].Date = model.NewDate(2027, time.January, 15)
					}
				}
			}, time.Time{}, nil}},
			records: []string{"D1"}, school: "",
			noNA: "events are judged as recorded",
		},
		{
			rule: "R.tracking",
			fail: []variant{{"visit names no student", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Students = nil
			}, time.Time{}, nil}},
			records: []string{"V3", "F2"}, school: "S1",
			na: []variant{unrecordedOutcome},
		},

		// L — record integrity.
		{
			rule: "L.sequence",
			pass: []variant{{"completed visit with no scheduling record is kept, not a sequence error", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").ArrangedAt = time.Time{}
			}, time.Time{}, nil}},
			fail: []variant{{"reflection before the visit", func(t testing.TB, ds *model.Dataset) {
				visitOf(t, ds, "V3").Reflection.At = at("2025-09-18T15:00:00-07:00")
			}, time.Time{}, nil}, {"visit completed in the future", func(t testing.TB, ds *model.Dataset) {
				moveVisit(t, ds, "V4", "2026-06-01T16:00:00-07:00")
				visitOf(t, ds, "V4").Reflection = nil
			}, at("2026-05-25T12:00:00-07:00"), []string{"V4", "F2"}}},
			records: []string{"V3", "F2"}, school: "S1",
			noNA: "every record can be replayed",
		},
	}
}

// TestRuleTableCoversCatalogue keeps the table in step with Rules().
func TestRuleTableCoversCatalogue(t *testing.T) {
	var have []string
	for _, c := range ruleCases() {
		have = append(have, c.rule)
	}
	for _, r := range practices.Rules() {
		if r.ID == "P4.cross-section" {
			continue // see TestCrossSectionNeverPanics and TestPropViolatingBreaksOnlyThatRule
		}
		assert.Containsf(t, have, r.ID, "rule %s has no table case", r.ID)
	}
}

func TestBaseIsCompliant(t *testing.T) {
	ds := loadBase(t)
	rep := check(t, ds, afterYear)
	require.Empty(t, rep.Findings)
	for _, r := range rep.Rules {
		if r.Rule == "P4.cross-section" {
			continue
		}
		assert.Equalf(t, 0, r.NotAssessable, "%s: not assessable", r.Rule)
		assert.Equalf(t, 0, r.Pending, "%s: pending", r.Rule)
		assert.Positivef(t, r.Passed, "%s: no unit passed", r.Rule)
	}
	assert.Equal(t, 1.0, rep.Summary.Fidelity)
}

func TestRules(t *testing.T) {
	for _, c := range ruleCases() {
		t.Run(c.rule, func(t *testing.T) {
			rule, ok := practices.RuleByID(c.rule)
			require.True(t, ok)
			for _, v := range c.pass {
				t.Run("pass/"+v.name, func(t *testing.T) { testPass(t, c, v) })
			}
			for _, v := range c.fail {
				t.Run("fail/"+v.name, func(t *testing.T) { testFail(t, c, rule, v) })
			}
			for _, v := range c.na {
				t.Run("not-assessable/"+v.name, func(t *testing.T) { testNotAssessable(t, c, v) })
			}
			if len(c.na) == 0 {
				require.NotEmpty(t, c.noNA, "say why the rule has no not-assessable case")
			}
		})
	}
}

func run(t *testing.T, v variant) practices.Report {
	t.Helper()
	ds := loadBase(t)
	v.modify(t, ds)
	asOf := v.asOf
	if asOf.IsZero() {
		asOf = afterYear
	}
	return check(t, ds, asOf)
}

func testPass(t *testing.T, c ruleCase, v variant) {
	rep := run(t, v)
	require.Empty(t, findingsOf(rep, c.rule))
	res := ruleResult(t, rep, c.rule)
	require.Positive(t, res.Passed)
	require.Equal(t, res.Passed, res.Assessable)
}

func testFail(t *testing.T, c ruleCase, rule practices.Rule, v variant) {
	rep := run(t, v)
	got := findingsOf(rep, c.rule)
	require.Len(t, got, 1, "findings: %+v", rep.Findings)
	f := got[0]
	assert.Equal(t, rule.Severity, f.Severity)
	assert.Equal(t, c.school, f.School)
	records := c.records
	if v.records != nil {
		records = v.records
	}
	require.NotEmpty(t, records)
	for _, id := range records {
		assert.Contains(t, f.Records, id)
	}
	assert.Equal(t, records[0], f.Records[0], "the unit's own record comes first")
	assert.Contains(t, f.Message, f.Records[0], "the message names the record")
	assert.True(t, strings.HasSuffix(f.Message, "("+c.rule+")"), "message %q ends with the rule id", f.Message)

	want := append([]string{c.rule}, c.also...)
	slices.Sort(want)
	require.Equal(t, want, ruleIDs(rep), "findings: %+v", rep.Findings)
	implied := practicestest.Implied(c.rule)
	for _, id := range c.also {
		assert.Containsf(t, implied, id, "%s is broken with %s but not listed as implied", id, c.rule)
	}

	res := ruleResult(t, rep, c.rule)
	switch rule.Severity {
	case practices.Violation:
		assert.Equal(t, 1, res.Violations)
	case practices.Advisory:
		assert.Equal(t, 1, res.Advisories)
	case practices.Data:
		assert.Equal(t, 1, res.Data)
	}
	assert.Equal(t, res.Assessable, res.Passed+1)
}

func testNotAssessable(t *testing.T, c ruleCase, v variant) {
	rep := run(t, v)
	require.Empty(t, findingsOf(rep, c.rule), "missing data is never a finding")
	require.Positive(t, ruleResult(t, rep, c.rule).NotAssessable)
}

// TestPending: units not yet due are progress, never findings.
func TestPending(t *testing.T) {
	noReflectionV4 := func(t testing.TB, ds *model.Dataset) { visitOf(t, ds, "V4").Reflection = nil }
	cases := []struct {
		name, rule string
		modify     func(t testing.TB, ds *model.Dataset)
		asOf       time.Time
	}{
		{"reflection window still open", "P5.reflection", noReflectionV4, at("2026-03-14T12:00:00-07:00")},
		{"reflection window still open", "P5.bias-reflection", noReflectionV4, at("2026-03-14T12:00:00-07:00")},
		{"reflection window open on its last day", "P5.reflection", noReflectionV4, at("2026-03-19T16:39:00-07:00")},
		{"classified pay judged at year end", "P2.classified-eligible", nil, lastDay},
		{"refreshers judged at year end", "P2.refresher", func(t testing.TB, ds *model.Dataset) {
			educatorOf(t, ds, "E-LI").Trainings = []model.Training{{Date: model.NewDate(2023, time.June, 1), Kind: model.InitialTraining}}
		}, lastDay},
		{"second visit may still be offered", "P3.second-visit-offered", func(t testing.TB, ds *model.Dataset) { deleteVisit(t, ds, "V4") }, lastDay},
		{"follow-up of a family with one visit", "P3.follow-up", func(t testing.TB, ds *model.Dataset) { deleteVisit(t, ds, "V4") }, lastDay},
		{"pair variety judged at year end", "P5.pair-variety", func(t testing.TB, ds *model.Dataset) {
			replaceVisitor(t, ds, "V3", "E-T1", "E-LI")
		}, lastDay},
		{"school event may still come", "R.school-celebration", func(t testing.TB, ds *model.Dataset) {
			ds.Events = slices.DeleteFunc(ds.Events, func(e model.Event) bool { return e.ID == "EV1" })
		}, lastDay},
		{"district event may still come", "R.district-event", func(t testing.TB, ds *model.Dataset) {
			ds.Events = slices.DeleteFunc(ds.Events, func(e model.Event) bool { return e.ID == "EV2" })
		}, lastDay},
		{"scheduled visit still to come", "P5.pair", func(t testing.TB, ds *model.Dataset) {
			v := visitOf(t, ds, "V4")
			v.Status, v.Reflection = model.Scheduled, nil
		}, at("2026-03-11T12:00:00-07:00")},
	}
	for _, c := range cases {
		t.Run(c.rule+"/"+c.name, func(t *testing.T) {
			ds := loadBase(t)
			if c.modify != nil {
				c.modify(t, ds)
			}
			rep := check(t, ds, c.asOf)
			require.Empty(t, findingsOf(rep, c.rule))
			require.Positive(t, ruleResult(t, rep, c.rule).Pending)
		})
	}
}

// TestDueAfterWindow: the same unreflected visit is a finding once its
// window has closed.
func TestDueAfterWindow(t *testing.T) {
	ds := loadBase(t)
	visitOf(t, ds, "V4").Reflection = nil
	rep := check(t, ds, at("2026-03-19T16:41:00-07:00"))
	require.Len(t, findingsOf(rep, "P5.reflection"), 1)
}

// TestCrossSectionNeverPanics: the targeting audit runs on a balanced and
// a skewed program without failing Check.
func TestCrossSectionNeverPanics(t *testing.T) {
	ds := loadBase(t)
	require.NotPanics(t, func() { check(t, ds, afterYear) })
	skewed := loadBase(t)
	skewed.Invitations = skewed.Invitations[:1]
	require.NotPanics(t, func() { check(t, skewed, afterYear) })
	require.NotPanics(t, func() { check(t, skewed, lastDay) })
}

func TestPolicyOff(t *testing.T) {
	ds := loadBase(t)
	visitOf(t, ds, "V3").Duration = model.Duration(90 * time.Minute)
	pol := ds.Policy
	pol.Off = []string{"P3.duration"}
	rep, err := practices.Check(ds, afterYear, &pol)
	require.NoError(t, err)
	assert.Empty(t, rep.Findings)
	assert.True(t, ruleResult(t, rep, "P3.duration").Off)

	pol.Off = []string{"P5.pair"}
	_, err = practices.Check(ds, afterYear, &pol)
	require.ErrorIs(t, err, practices.ErrPolicy, "a violation rule cannot be turned off")
	pol.Off = []string{"P9.nothing"}
	_, err = practices.Check(ds, afterYear, &pol)
	require.ErrorIs(t, err, practices.ErrPolicy)
}

// TestValidatePolicy: every id of Off that is unknown or not an advisory is
// reported, each with its field, so a policy file's decoder can name its
// line.
func TestValidatePolicy(t *testing.T) {
	pol := model.DefaultPolicy()
	pol.Off = []string{"P3.duration", "P5.pair", "P9.nothing"}
	err := practices.ValidatePolicy(pol)
	require.ErrorIs(t, err, practices.ErrPolicy)
	errs := model.ErrorsOf(err)
	require.Len(t, errs, 2)
	assert.Equal(t, "off[1]", errs[0].Field)
	assert.Equal(t, "policy: off[2]: practices: invalid policy: unknown rule \"P9.nothing\"", errs[1].Error())

	pol.Off = []string{"P3.duration"}
	require.NoError(t, practices.ValidatePolicy(pol))
	pol.MinCellSize = 3
	require.ErrorIs(t, practices.ValidatePolicy(pol), model.ErrPolicyBounds)

	in := "{\n  \"off\": [\n    \"P3.duration\",\n    \"P5.pair\"\n  ]\n}\n"
	_, err = model.DecodePolicy("policy.json", strings.NewReader(in), practices.ValidatePolicy)
	require.ErrorIs(t, err, practices.ErrPolicy)
	assert.EqualError(t, err, "policy.json:4: policy: off[1]: practices: invalid policy: P5.pair is a violation rule and cannot be turned off")
}

func TestFilter(t *testing.T) {
	ds := loadBase(t)
	removeVisitor(t, ds, "V4", "E-LI")
	visitOf(t, ds, "V3").Duration = model.Duration(90 * time.Minute)
	rep := check(t, ds, afterYear)
	require.Equal(t, 2, rep.Summary.Violations)
	require.Equal(t, 1, rep.Summary.Advisories)

	p5 := rep.Filter("P5.*")
	assert.Equal(t, []string{"P5.pair", "P5.reflection"}, ruleIDs(p5))
	assert.Equal(t, 2, p5.Summary.Violations)
	assert.Equal(t, 0, p5.Summary.Advisories)
	assert.Equal(t, []string{"P3.duration"}, ruleIDs(rep.Filter("P3.duration")))
	assert.Equal(t, rep, rep.Filter())
}
