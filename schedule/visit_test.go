package schedule

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// visitByClones is Appointment.Visit as it was first written, each slice
// cloned on its own: the oracle of the copies sharing one allocation.
func visitByClones(a Appointment) model.Visit {
	v := model.Visit{
		ID: a.ID, Students: slices.Clone(a.Students), Family: a.Family, Kind: a.Kind, Status: a.Status,
		CancelledBy: a.CancelledBy, ArrangedAt: a.ArrangedAt, Reschedules: slices.Clone(a.Reschedules),
		Start: a.Start, Duration: a.Duration, Location: a.Location, Visitors: slices.Clone(a.Visitors),
	}
	if len(a.Pay) > 0 {
		v.Compensation = slices.Clone(a.Pay)
	}
	if a.Kind == model.SecondVisit {
		yes := true
		v.ReferencesFirst = &yes
	}
	return v
}

// drawSlice draws a nil, empty or filled slice of up to five entries.
func drawSlice[T any](t *rapid.T, label string, entry func(i int) T) []T {
	switch rapid.IntRange(0, 2).Draw(t, label+" shape") {
	case 0:
		return nil
	case 1:
		return []T{}
	}
	out := make([]T, rapid.IntRange(1, 5).Draw(t, label))
	for i := range out {
		out[i] = entry(i)
	}
	return out
}

// TestVisitCopies: an appointment's visit is the oracle's, nil and
// empty slices alike, and its slices are its own: writing and appending
// to each changes neither the appointment nor the visit's other slices.
func TestVisitCopies(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		at := time.Date(2025, 10, 1, 16, 0, 0, 0, time.UTC)
		a := Appointment{
			ID: "SCH-F1-1", Family: "F1", School: "S1", Status: model.Scheduled, Start: at, ArrangedAt: at.Add(-time.Hour),
			Kind:     rapid.SampledFrom([]model.VisitKind{model.FirstVisit, model.SecondVisit}).Draw(t, "kind"),
			Students: drawSlice(t, "students", func(i int) model.StudentID { return model.StudentID("ST" + string(rune('a'+i))) }),
			Visitors: drawSlice(t, "visitors", func(i int) model.EducatorID { return model.EducatorID("E" + string(rune('a'+i))) }),
			Pay: drawSlice(t, "pay", func(i int) model.Compensation {
				return model.Compensation{Educator: model.EducatorID("E" + string(rune('a'+i))), MinutesOutside: i, AmountCents: int64(100 * i)}
			}),
			Reschedules: drawSlice(t, "reschedules", func(i int) model.Rescheduling { return model.Rescheduling{At: at.Add(time.Duration(-i) * time.Hour)} }),
		}
		want := visitByClones(a)
		v := a.Visit()
		require.Equal(t, want, v)

		before := visitByClones(a)
		for i := range v.Students {
			v.Students[i] = "changed"
		}
		for i := range v.Visitors {
			v.Visitors[i] = "changed"
		}
		for i := range v.Compensation {
			v.Compensation[i] = model.Compensation{Educator: "changed"}
		}
		require.Equal(t, before, visitByClones(a), "the appointment changed with its visit")
		// Appending to each slice in turn leaves the others as they were.
		students, visitors, pay := slices.Clone(v.Students), slices.Clone(v.Visitors), slices.Clone(v.Compensation)
		v.Students = append(v.Students, "more")
		v.Visitors = append(v.Visitors, "more")
		require.True(t, slices.Equal(pay, v.Compensation), "pay changed by an append to the visitors")
		v.Compensation = append(v.Compensation, model.Compensation{Educator: "more"})
		require.True(t, slices.Equal(students, v.Students[:len(students)]), "students changed by the appends")
		require.True(t, slices.Equal(visitors, v.Visitors[:len(visitors)]), "visitors changed by the appends")
		require.Equal(t, before, visitByClones(a), "the appointment changed with its visit")
		if v.ReferencesFirst != nil {
			require.True(t, *v.ReferencesFirst)
		}
	})
}
