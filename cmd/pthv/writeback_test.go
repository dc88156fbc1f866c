package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
)

func TestDatasetChangesNamesRecordsByID(t *testing.T) {
	before, err := loadDataset(small)
	require.NoError(t, err)
	after, err := loadDataset(small)
	require.NoError(t, err)
	require.Empty(t, datasetChanges(before, after))

	after.Visits[0].Start = after.Visits[0].Start.Add(time.Hour)
	after.Visits[0].Start = after.Visits[0].Start.In(time.FixedZone("x", 3600)) // the same instant elsewhere is no change on its own
	after.Invitations = append(after.Invitations, model.Invitation{ID: "I-new", Family: after.Families[0].ID})
	after.Events = nil
	after.Policy.MinCellSize = 12
	got := datasetChanges(before, after)
	want := []string{"change policy", "add invitation I-new", "change visit " + string(before.Visits[0].ID)}
	for _, e := range before.Events {
		want = append(want, "remove event "+string(e.ID))
	}
	require.Equal(t, want, got)
}
