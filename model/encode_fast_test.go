package model_test

import (
	"bytes"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// TestFastWriterWritesAsEncodingJSON: EncodeDataset writes, byte for
// byte, what encoding/json alone writes, compact and indented, with and
// without contacts — free text included, with every character JSON
// escapes.
func TestFastWriterWritesAsEncodingJSON(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := datasetGen().Draw(t, "dataset")
		if rapid.Bool().Draw(t, "odd strings") {
			odd := rapid.SampledFrom([]string{"\u2028", "\u2029", "\x7f", "\xff", "a\x00b", "\x1f", "é\xc3", "<&>", `\"`}).Draw(t, "odd")
			if len(ds.Students) > 0 {
				ds.Students[0].Attributes = map[string]string{odd: odd, "b" + odd: "x", "a": odd}
				ds.Students[0].ID += model.StudentID(odd)
			}
			if len(ds.Visits) > 0 {
				ds.Visits[0].Family += model.FamilyID(odd)
			}
		}
		opt := model.EncodeOptions{IncludeContacts: rapid.Bool().Draw(t, "contacts"), Compact: rapid.Bool().Draw(t, "compact")}
		var fast, slow bytes.Buffer
		require.NoError(t, model.EncodeSlow(&slow, ds, opt))
		require.NoError(t, model.EncodeDataset(&fast, ds, opt))
		require.Equal(t, slow.String(), fast.String())
	})
}

// TestFastWriterFailsAsEncodingJSON: a dataset encoding/json cannot
// write fails with its error, and nothing is written.
func TestFastWriterFailsAsEncodingJSON(t *testing.T) {
	ds := validDataset(t)
	tests := map[string]func(ds *model.Dataset){
		"a visit in year 10000": func(ds *model.Dataset) { ds.Visits[0].Start = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) },
		"a message before year 0": func(ds *model.Dataset) {
			ds.Communications[0].At = time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)
		},
		"a zone 25 hours off": func(ds *model.Dataset) {
			ds.Invitations[0].SentAt = ds.Invitations[0].SentAt.In(time.FixedZone("", 25*3600))
		},
		"a share that is not a number": func(ds *model.Dataset) { ds.Plans[0].Share = math.NaN() },
	}
	for name, change := range tests {
		t.Run(name, func(t *testing.T) {
			bad := *ds
			bad.Visits = append([]model.Visit(nil), ds.Visits...)
			bad.Communications = append([]model.Communication(nil), ds.Communications...)
			bad.Invitations = append([]model.Invitation(nil), ds.Invitations...)
			bad.Plans = append([]model.Plan(nil), ds.Plans...)
			change(&bad)
			var fast, slow bytes.Buffer
			wantErr := model.EncodeSlow(&slow, &bad, model.EncodeOptions{})
			require.Error(t, wantErr)
			err := model.EncodeDataset(&fast, &bad, model.EncodeOptions{})
			require.EqualError(t, err, wantErr.Error())
			require.Zero(t, fast.Len(), "nothing is written")
		})
	}
}

// TestFastWriterStreams: the output reaches the writer as it is made,
// not in one write at the end, and a write error stops it.
func TestFastWriterStreams(t *testing.T) {
	ds := validDataset(t)
	for range 12 {
		ds.Visits = append(ds.Visits, ds.Visits...)
	}
	w := &countingWriter{}
	require.NoError(t, model.EncodeDataset(w, ds, model.EncodeOptions{}))
	require.Greater(t, w.writes, 2, "one write per %d bytes or so", w.max)
	require.LessOrEqual(t, w.max, 1<<20)

	boom := errors.New("disk full")
	require.ErrorIs(t, model.EncodeDataset(failingWriter{boom}, ds, model.EncodeOptions{}), boom)
}

type countingWriter struct{ writes, max int }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	w.max = max(w.max, len(p))
	return len(p), nil
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }
