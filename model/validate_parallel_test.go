package model_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
)

// TestValidateKeepsDocumentOrderAcrossChunks: validation checks the
// students of a large dataset in chunks side by side, and still reports
// its failures in document order, on any number of cores.
func TestValidateKeepsDocumentOrderAcrossChunks(t *testing.T) {
	ds := validDataset(t)
	base := ds.Students[0]
	base.Classes, base.Teachers, base.Attributes = nil, nil, nil
	const n = 150_000
	bad := []int{3, 65_535, 65_536, 70_000, 131_072, n - 1}
	for i := range n {
		st := base
		st.ID = model.StudentID(fmt.Sprintf("X%06d", i))
		ds.Students = append(ds.Students, st)
	}
	for _, i := range bad {
		ds.Students[len(ds.Students)-n+i].Family = model.FamilyID(fmt.Sprintf("F-none-%d", i))
	}
	ds.Visits = append(ds.Visits, model.Visit{ID: "V-bad", Family: "F-none-v", Status: model.Completed, Start: ds.Visits[0].Start})
	for _, procs := range []int{1, 4} {
		t.Run(fmt.Sprint("GOMAXPROCS=", procs), func(t *testing.T) {
			defer setProcs(procs)()
			errs := model.ErrorsOf(ds.Validate())
			require.Len(t, errs, len(bad)+1)
			for k, i := range bad {
				require.Equal(t, fmt.Sprintf("student %q", fmt.Sprintf("X%06d", i)), errs[k].Record)
			}
			require.Equal(t, `visit "V-bad"`, errs[len(bad)].Record, "the visits come after the students")
		})
	}
}

// setProcs sets GOMAXPROCS to n and returns a function that restores it.
func setProcs(n int) func() {
	prev := runtime.GOMAXPROCS(n)
	return func() { runtime.GOMAXPROCS(prev) }
}
