package practices_test

import (
	"os"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/internal/byid"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
)

// The base dataset (testdata/base.json) is a compliant school year: one
// school, two families, each with a first visit in the fall and a second in
// the spring made by a pair, reflected on, paid, with two-way follow-up,
// events and coordinators. Every rule's cases start from it.

const basePath = "testdata/base.json"

// afterYear is a moment after the base year's last day (2026-06-05), when
// every unit is due.
var afterYear = at("2026-06-10T12:00:00-07:00")

// lastDay is noon on the base year's last day: end-of-year rules are still
// pending.
var lastDay = at("2026-06-05T12:00:00-07:00")

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func loadBase(t testing.TB) *model.Dataset {
	t.Helper()
	f, err := os.Open(basePath)
	require.NoError(t, err)
	defer f.Close()
	ds, err := model.DecodeDataset(basePath, f)
	require.NoError(t, err)
	return ds
}

func check(t testing.TB, ds *model.Dataset, asOf time.Time) practices.Report {
	t.Helper()
	rep, err := practices.Check(ds, asOf, nil)
	require.NoError(t, err)
	return rep
}

func findingsOf(rep practices.Report, rule string) []practices.Finding {
	var out []practices.Finding
	for _, f := range rep.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// tb is what the helpers need of *testing.T and *rapid.T alike.
type tb interface {
	require.TestingT
	Helper()
}

func ruleResult(t tb, rep practices.Report, rule string) practices.RuleResult {
	t.Helper()
	for _, r := range rep.Rules {
		if r.Rule == rule {
			return r
		}
	}
	require.Failf(t, "no rule result", "%s", rule)
	return practices.RuleResult{}
}

func ruleIDs(rep practices.Report) []string {
	var ids []string
	for _, f := range rep.Findings {
		if !slices.Contains(ids, f.Rule) {
			ids = append(ids, f.Rule)
		}
	}
	slices.Sort(ids)
	return ids
}

// Record accessors: each fails the test when the id is unknown, so a
// modification never silently does nothing.

func visitOf(t testing.TB, ds *model.Dataset, id model.VisitID) *model.Visit {
	t.Helper()
	return found(t, byid.Visit(ds, id), "visit", id)
}

func educatorOf(t testing.TB, ds *model.Dataset, id model.EducatorID) *model.Educator {
	t.Helper()
	return found(t, byid.Educator(ds, id), "educator", id)
}

func invitationOf(t testing.TB, ds *model.Dataset, id model.InvitationID) *model.Invitation {
	t.Helper()
	return found(t, byid.Invitation(ds, id), "invitation", id)
}

func familyOf(t testing.TB, ds *model.Dataset, id model.FamilyID) *model.Family {
	t.Helper()
	return found(t, byid.Family(ds, id), "family", id)
}

func studentOf(t testing.TB, ds *model.Dataset, id model.StudentID) *model.Student {
	t.Helper()
	return found(t, byid.Student(ds, id), "student", id)
}

// found returns r, failing the test when the look-up found no record.
func found[T any, ID ~string](t testing.TB, r *T, kind string, id ID) *T {
	t.Helper()
	require.NotNil(t, r, "no %s %s", kind, id)
	return r
}

func deleteVisit(t testing.TB, ds *model.Dataset, id model.VisitID) {
	t.Helper()
	visitOf(t, ds, id)
	ds.Visits = slices.DeleteFunc(ds.Visits, func(v model.Visit) bool { return v.ID == id })
}

// moveVisit moves a visit to start, keeping its notice and the delay of its
// reflection.
func moveVisit(t testing.TB, ds *model.Dataset, id model.VisitID, start string) {
	t.Helper()
	v := visitOf(t, ds, id)
	d := at(start).Sub(v.Start)
	v.Start = v.Start.Add(d)
	if !v.ArrangedAt.IsZero() {
		v.ArrangedAt = v.ArrangedAt.Add(d)
	}
	if v.Reflection != nil {
		v.Reflection.At = v.Reflection.At.Add(d)
	}
}

// replaceVisitor puts educator to in from's place on a visit: as visitor, in
// its compensation and in its reflection.
func replaceVisitor(t testing.TB, ds *model.Dataset, id model.VisitID, from, to model.EducatorID) {
	t.Helper()
	v := visitOf(t, ds, id)
	require.Contains(t, v.Visitors, from)
	for i := range v.Visitors {
		if v.Visitors[i] == from {
			v.Visitors[i] = to
		}
	}
	for i := range v.Compensation {
		if v.Compensation[i].Educator == from {
			c := &v.Compensation[i]
			c.Educator = to
			if e := educatorOf(t, ds, to); e.Role == model.Classified {
				*c = model.Compensation{Educator: to, MinutesOutside: c.MinutesOutside, Stipend: true}
			} else if c.Stipend || c.AmountCents == 0 {
				*c = model.Compensation{Educator: to, MinutesOutside: c.MinutesOutside, AmountCents: 2667, Source: model.DistrictFunds}
			}
		}
	}
	if v.Reflection != nil {
		for i := range v.Reflection.By {
			if v.Reflection.By[i] == from {
				v.Reflection.By[i] = to
			}
		}
	}
}

// removeVisitor takes an educator off a visit, with their pay and their
// part in the reflection.
func removeVisitor(t testing.TB, ds *model.Dataset, id model.VisitID, e model.EducatorID) {
	t.Helper()
	v := visitOf(t, ds, id)
	require.Contains(t, v.Visitors, e)
	v.Visitors = slices.DeleteFunc(v.Visitors, func(x model.EducatorID) bool { return x == e })
	v.Compensation = slices.DeleteFunc(v.Compensation, func(c model.Compensation) bool { return c.Educator == e })
	if v.Reflection != nil {
		v.Reflection.By = slices.DeleteFunc(v.Reflection.By, func(x model.EducatorID) bool { return x == e })
	}
}

// newTeacher returns a certificated teacher of S1, trained before the year
// and opted in to it.
func newTeacher(id model.EducatorID) model.Educator {
	return model.Educator{
		ID: id, School: "S1", Role: model.Certificated, Position: model.Teacher,
		Languages: []model.Language{"en"},
		Trainings: []model.Training{{Date: model.NewDate(2025, time.June, 16), Kind: model.InitialTraining}},
		OptIns:    []model.SchoolYearID{"2025-26"},
	}
}

// addVisitor adds educator e to the dataset and to a visit, paid for the
// visit's minutes outside the school day.
func addVisitor(t testing.TB, ds *model.Dataset, id model.VisitID, e model.Educator) {
	t.Helper()
	ds.Educators = append(ds.Educators, e)
	v := visitOf(t, ds, id)
	v.Visitors = append(v.Visitors, e.ID)
	v.Compensation = append(v.Compensation, model.Compensation{Educator: e.ID, MinutesOutside: 40, AmountCents: 2667, Source: model.DistrictFunds})
	if v.Reflection != nil {
		v.Reflection.By = append(v.Reflection.By, e.ID)
	}
}

// addPastScheduledVisit records a third visit for F2, scheduled for April
// and never marked held or cancelled: its outcome is unrecorded, so every
// visit rule counts it as not assessable.
func addPastScheduledVisit(t testing.TB, ds *model.Dataset) {
	ds.Visits = append(ds.Visits, model.Visit{
		ID: "V5", Students: []model.StudentID{"ST2"}, Family: "F2", Kind: model.OtherVisit, Status: model.Scheduled,
		ArrangedAt: at("2026-04-08T12:00:00-07:00"), Start: at("2026-04-15T16:00:00-07:00"),
		Duration: model.Duration(40 * time.Minute), Location: model.Location{Kind: model.Home},
		Visitors: []model.EducatorID{"E-T2", "E-LI"},
	})
}

func ptr[T any](v T) *T { return &v }
