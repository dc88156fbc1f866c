package model_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
)

// TestVisitTookPlace: a visit took place as of a moment when it is
// recorded completed and had started by then — at that very minute
// included — and never when it is scheduled, cancelled or a no-show.
func TestVisitTookPlace(t *testing.T) {
	start := time.Date(2025, 10, 2, 16, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		status model.VisitStatus
		asOf   time.Time
		want   bool
	}{
		{model.Completed, start.Add(time.Hour), true},
		{model.Completed, start, true},
		{model.Completed, start.Add(-time.Minute), false},
		{model.Scheduled, start.Add(time.Hour), false},
		{model.Proposed, start.Add(time.Hour), false},
		{model.Cancelled, start.Add(time.Hour), false},
		{model.NoShow, start.Add(time.Hour), false},
	} {
		v := model.Visit{Status: c.status, Start: start}
		require.Equal(t, c.want, v.TookPlace(c.asOf), "%s as of %v", c.status, c.asOf)
	}
}
