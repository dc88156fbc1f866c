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
			want := model.NewLifecycle(students, visits)
			got := buf.Place(students, visits)
			require.Equal(t, want, got, "family %d", f)
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
