package model_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// TestLifecycleBufferIsNewLifecycle places many families' years through
// one LifecycleBuffer and requires each lifecycle to be NewLifecycle's,
// field for field, also after every later family was placed: a buffer
// cuts each lifecycle from arrays it shares with the next ones. The
// families have the shapes districts have — several children, visits
// naming one child, several or none, students a visit names who are not
// the family's, nil entries, visits starting at the same time.
func TestLifecycleBufferIsNewLifecycle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		pool := []model.StudentID{"S-1", "S-2", "S-3", "S-4", "S-5"}
		student := rapid.SampledFrom(pool)
		var buf model.LifecycleBuffer
		type placed struct {
			got, want model.Lifecycle
		}
		var all []placed
		families := rapid.IntRange(1, 40).Draw(t, "families")
		for f := range families {
			students := rapid.SliceOfNDistinct(student, 0, 3, rapid.ID).Draw(t, "students")
			n := rapid.IntRange(0, 5).Draw(t, "visits")
			visits := make([]*model.Visit, n)
			for i := range visits {
				if rapid.IntRange(0, 9).Draw(t, "nil") == 0 {
					continue
				}
				visits[i] = &model.Visit{
					ID:       model.VisitID(fmt.Sprintf("V-%d-%d", f, rapid.IntRange(0, 3).Draw(t, "id"))),
					Start:    time.Date(2025, 9, 1+rapid.IntRange(0, 4).Draw(t, "day"), 17, 0, 0, 0, time.UTC),
					Students: rapid.SliceOfN(student, 0, 3).Draw(t, "named"),
				}
			}
			named := rapid.Bool().Draw(t, "named elsewhere")
			want := model.NewLifecycleNamed(students, visits, named)
			got := buf.PlaceNamed(students, visits, named)
			require.Equal(t, want, got, "family %d", f)
			if !named {
				require.Equal(t, model.NewLifecycle(students, visits), got, "family %d", f)
			}
			if want.Keys[0] != "" {
				// The students come first, in order: callers find the
				// i-th key of a family's student by position.
				require.Equal(t, students, want.Keys[:len(students)], "family %d", f)
			}
			all = append(all, placed{got, want})
		}
		for f, p := range all {
			require.Equal(t, p.want, p.got, "family %d after the others were placed", f)
		}
	})
}

// TestLifecycleBufferNil: a nil buffer places as NewLifecycle does.
func TestLifecycleBufferNil(t *testing.T) {
	var b *model.LifecycleBuffer
	v := &model.Visit{ID: "V-1", Students: []model.StudentID{"S-2"}}
	require.Equal(t, model.NewLifecycle([]model.StudentID{"S-1"}, []*model.Visit{v}), b.Place([]model.StudentID{"S-1"}, []*model.Visit{v}))
}

// TestLifecycleNamedElsewhere: "Student-year rules run once per family,
// not per student, when none of the family's visits names a student"
// (RULES.md, P3). A family whose completed visits name no one, but whose
// scheduled or cancelled visit of the year names a child, is keyed by its
// students, each with the family's first and second visits; its visits
// are judged as before. A family with no student on record keeps "".
func TestLifecycleNamedElsewhere(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 9, d, 17, 0, 0, 0, time.UTC) }
	v1, v2 := &model.Visit{ID: "V-1", Start: day(2)}, &model.Visit{ID: "V-2", Start: day(9)}
	students := []model.StudentID{"S-1", "S-2"}

	family := model.NewLifecycle(students, []*model.Visit{v2, v1})
	require.Equal(t, []model.StudentID{""}, family.Keys)

	l := model.NewLifecycleNamed(students, []*model.Visit{v2, v1}, true)
	require.Equal(t, students, l.Keys)
	require.Equal(t, []int{0, 0}, l.First)
	require.Equal(t, []int{1, 1}, l.Second)
	require.Equal(t, []*model.Visit{v1, v2}, l.Visits)
	for i := range l.Places {
		require.Equal(t, family.Places[i].Ordinal(), l.Places[i].Ordinal(), "visit %d is judged as before", i)
	}

	require.Equal(t, family, model.NewLifecycleNamed(students, []*model.Visit{v2, v1}, false))
	require.Equal(t, []model.StudentID{""}, model.NewLifecycleNamed(nil, []*model.Visit{v1}, true).Keys)
}

// TestJourneyLifecycleNamedElsewhere: a journey whose one visit naming a
// child was cancelled, and whose completed visit names no one, is keyed by
// its students, as practices.Check keys the same record.
func TestJourneyLifecycleNamedElsewhere(t *testing.T) {
	at := func(d int) time.Time { return time.Date(2025, 9, d, 17, 0, 0, 0, time.UTC) }
	j := model.NewJourney("F-1", "2025-26")
	for _, e := range []model.JourneyEvent{
		model.ScheduleEvent{At: at(1), Visit: "V-1", Start: at(8), Duration: 40 * time.Minute},
		model.ScheduleEvent{At: at(2), Visit: "V-2", Start: at(15), Duration: 40 * time.Minute, Students: []model.StudentID{"S-1"}},
		model.CompleteEvent{At: at(9), Visit: "V-1"},
		model.CancelEvent{At: at(10), Visit: "V-2", By: model.ByFamily},
	} {
		require.NoError(t, j.Apply(e))
	}
	l := j.Lifecycle([]model.StudentID{"S-1", "S-2"})
	require.Equal(t, []model.StudentID{"S-1", "S-2"}, l.Keys)
	require.Equal(t, []int{0, 0}, l.First)
}
