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

	sibling, err := practices.Guard(x, propose("ST3", "E-T2", "E-LI"), asOf, ds.Policy)
	require.NoError(t, err)
	require.Contains(t, rules(sibling), "P3.first-visit-no-agenda", "ST3 has had no visit: this is its first visit")

	again, err := practices.Guard(x, propose("ST1", "E-T1", "E-LI"), asOf, ds.Policy)
	require.NoError(t, err)
	require.NotContains(t, rules(again), "P3.first-visit-no-agenda", "ST1 had its first visit (V1)")

	both := propose("ST1", "E-T1", "E-LI")
	both.Students = append(both.Students, "ST3")
	v, err := practices.Guard(x, both, asOf, ds.Policy)
	require.NoError(t, err)
	require.Contains(t, rules(v), "P3.first-visit-no-agenda", "a visit that is ST3's first is judged as a first visit")
}
