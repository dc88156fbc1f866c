package main

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
)

// TestLookupJSONIsTheStudentStatus: `pthv lookup --format json` writes
// practices.StudentStatus — the wire form of the HTTP service's student
// status — and nothing else: it decodes strictly into that type and
// equals the student's year as practices gives it.
func TestLookupJSONIsTheStudentStatus(t *testing.T) {
	f, err := os.Open(small)
	require.NoError(t, err)
	defer f.Close()
	ds, err := model.DecodeDataset(small, f)
	require.NoError(t, err)
	for _, st := range ds.Students {
		code, out, errOut := pthv(t, "lookup", small, string(st.ID), "--as-of", "2026-03-01", "--format", "json")
		require.Equal(t, 0, code, errOut)
		dec := json.NewDecoder(bytes.NewReader([]byte(out)))
		dec.DisallowUnknownFields()
		var got practices.StudentStatus
		require.NoError(t, dec.Decode(&got))

		loc := ds.Calendar.Location()
		asOf := time.Date(2026, time.March, 1, 23, 59, 59, 0, loc)
		sy, err := practices.StudentYearOf(model.NewIndex(ds), st.ID, asOf)
		require.NoError(t, err)
		want, err := json.Marshal(sy.Status(loc))
		require.NoError(t, err)
		again, err := json.Marshal(got)
		require.NoError(t, err)
		require.JSONEq(t, string(want), string(again), "student %s", st.ID)
	}
}
