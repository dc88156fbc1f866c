package practices_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
)

// TestGuardReadsTheLifecyclePerStudent: Guard decides whether a proposed
// visit is a first visit as Check does (RULES.md, P3: "Guard judges a
// proposed visit as a first visit unless every student it names … has a
// completed visit naming them that started before it"). A sibling's
// teacher bringing an agenda to the sibling's first visit is refused even
// though the family had a visit; the same agenda on a second visit for the
// student already visited is not a first-visit matter.
func TestGuardReadsTheLifecyclePerStudent(t *testing.T) {
	ds := loadBase(t)
	// F1 gains a second child, in grade 1 with E-T2; V1 visited ST1.
	ds.Students = append(ds.Students, model.Student{ID: "ST3", School: "S1", Grade: 1, Family: "F1",
		Classes: []model.ClassID{"C-1B"}, Teachers: []model.EducatorID{"E-T2"}})
	x, err := ds.ValidIndex()
	require.NoError(t, err)
	asOf := at("2025-10-01T12:00:00-07:00")
	propose := func(student model.StudentID, visitors ...model.EducatorID) model.Visit {
		return model.Visit{ID: "V-new", Family: "F1", Students: []model.StudentID{student}, Status: model.Proposed,
			ArrangedAt: asOf, Start: at("2025-10-08T17:00:00-07:00"), Duration: model.Duration(35 * time.Minute),
			Location: model.Location{Kind: model.Home}, Visitors: visitors,
			Topics: []model.Topic{{Kind: model.Academics, RaisedBy: model.ByEducator}}}
	}
	rules := func(v practices.Verdict) []string {
		var ids []string
		for _, f := range v.Findings {
			ids = append(ids, f.Rule)
		}
		return ids
	}

	sibling, err := practices.Guard(x, propose("ST3", "E-T2", "E-LI"), asOf, nil)
	require.NoError(t, err)
	require.Contains(t, rules(sibling), "P3.first-visit-no-agenda", "ST3 has had no visit: this is its first visit")

	again, err := practices.Guard(x, propose("ST1", "E-T1", "E-LI"), asOf, nil)
	require.NoError(t, err)
	require.NotContains(t, rules(again), "P3.first-visit-no-agenda", "ST1 had its first visit (V1)")

	both := propose("ST1", "E-T1", "E-LI")
	both.Students = append(both.Students, "ST3")
	v, err := practices.Guard(x, both, asOf, nil)
	require.NoError(t, err)
	require.Contains(t, rules(v), "P3.first-visit-no-agenda", "a visit that is ST3's first is judged as a first visit")
}

// onlyLookup hides every method of an Index but those of Lookup, as a
// district's minimal implementation would.
type onlyLookup struct{ x *model.Index }

func (l onlyLookup) Year() model.SchoolYear                               { return l.x.Year() }
func (l onlyLookup) Calendar() model.Calendar                             { return l.x.Calendar() }
func (l onlyLookup) Educator(id model.EducatorID) (*model.Educator, bool) { return l.x.Educator(id) }
func (l onlyLookup) ConsentHistory(f model.FamilyID) []model.ConsentChange {
	return l.x.ConsentHistory(f)
}
func (l onlyLookup) VisitsOf(f model.FamilyID) []*model.Visit { return l.x.VisitsOf(f) }

// TestGuardNamesUnknownIDs: a visitor, family or student the program has
// no record of is named as unknown — not as an educator "without opting
// in" or a family with no answer — under the rules it leaves unmet.
func TestGuardNamesUnknownIDs(t *testing.T) {
	ds := loadBase(t)
	x, err := ds.ValidIndex()
	require.NoError(t, err)
	asOf := at("2025-10-01T12:00:00-07:00")
	visit := func(family model.FamilyID, students []model.StudentID, visitors ...model.EducatorID) model.Visit {
		return model.Visit{ID: "V-new", Family: family, Students: students, Status: model.Proposed,
			ArrangedAt: asOf, Start: at("2025-10-08T17:00:00-07:00"), Duration: model.Duration(35 * time.Minute),
			Location: model.Location{Kind: model.Home}, Visitors: visitors}
	}
	messages := func(lookup practices.Lookup, v model.Visit) map[string]string {
		verdict, err := practices.Guard(lookup, v, asOf, &ds.Policy)
		require.NoError(t, err)
		out := map[string]string{}
		for _, f := range verdict.Findings {
			out[f.Rule] += f.Message
		}
		return out
	}

	clean := messages(x, visit("F1", []model.StudentID{"ST1"}, "E-T1", "E-LI"))
	for _, m := range clean {
		require.NotContains(t, m, "unknown")
	}

	cases := []struct {
		name  string
		visit model.Visit
		want  map[string]string
	}{
		{"visitor", visit("F1", []model.StudentID{"ST1"}, "E-T1", "E-GHOST"), map[string]string{
			"P1.educator-consent": "Educator E-GHOST on visit V-new (2025-10-08) is unknown: the program has no record of them, so no opt-in for 2025-26",
			"P2.trained":          "Educator E-GHOST on visit V-new (2025-10-08) is unknown: the program has no record of them, so no PTHV training",
		}},
		{"family", visit("F-GHOST", nil, "E-T1", "E-LI"), map[string]string{
			"P1.family-consent": "Visit V-new on 2025-10-08 is for family F-GHOST, which is unknown: the program has no record of it",
		}},
		{"students", visit("F1", []model.StudentID{"ST1", "ST-GHOST", "ST-NONE"}, "E-T1", "E-LI"), map[string]string{
			"P1.family-consent": "Visit V-new on 2025-10-08 names students ST-GHOST and ST-NONE, unknown to the program",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := messages(x, c.visit)
			for rule, want := range c.want {
				require.Contains(t, got, rule)
				require.Contains(t, got[rule], want)
			}
			for rule, m := range got {
				if _, named := c.want[rule]; !named {
					require.NotContains(t, m, "unknown", rule)
				}
				require.NotContains(t, m, "without opting in")
			}
		})
	}

	// A lookup that cannot tell which families and students exist reads
	// an unknown family as one with no answer; an unknown visitor is
	// still named, since Educator is part of every Lookup.
	minimal := messages(onlyLookup{x}, visit("F-GHOST", []model.StudentID{"ST-GHOST"}, "E-T1", "E-GHOST"))
	require.Contains(t, minimal["P1.family-consent"], "has no family agreement")
	require.Contains(t, minimal["P1.educator-consent"], "E-GHOST on visit V-new (2025-10-08) is unknown")
}
