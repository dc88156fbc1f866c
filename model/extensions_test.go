package model_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
)

// withExtensionEverywhere adds an extension member to every object of a
// JSON document except the maps whose keys are data.
func withExtensionEverywhere(t *testing.T, doc []byte) []byte {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v))
	var add func(v any, dataMap bool)
	add = func(v any, dataMap bool) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				add(x, k == "attributes" || k == "scope")
			}
			if !dataMap {
				// Its value looks like records, to show it is not read.
				v["x_sis"] = map[string]any{"id": "SIS-1", "visits": []any{map[string]any{"id": 7}}}
			}
		case []any:
			for _, x := range v {
				add(x, false)
			}
		}
	}
	add(v, false)
	out, err := json.MarshalIndent(v, "", "  ")
	require.NoError(t, err)
	return out
}

func TestDecodeIgnoresExtensionsAtEveryLevel(t *testing.T) {
	doc, err := os.ReadFile("testdata/every_field.json")
	require.NoError(t, err)
	want, err := model.DecodeDataset("every_field.json", bytes.NewReader(doc))
	require.NoError(t, err)

	extended := withExtensionEverywhere(t, doc)
	require.Greater(t, bytes.Count(extended, []byte(`"x_sis"`)), 40)
	got, err := model.DecodeDataset("extended.json", bytes.NewReader(extended))
	require.NoError(t, err)
	require.Equal(t, want, got)
}

func TestDecodeKeepsExtensionNamesInDataMaps(t *testing.T) {
	doc := edit(t, smallJSON(t),
		`"attributes": {"ell": "yes", "home_language": "es"}`,
		`"attributes": {"ell": "yes", "home_language": "es", "x_flag": "yes"}, "x_note": {"a": 1}`)
	ds, err := model.DecodeDataset("small.json", strings.NewReader(doc))
	require.NoError(t, err)
	require.Equal(t, "yes", ds.Students[0].Attributes["x_flag"])
}

func TestDecodeRejectsOtherUnknownFields(t *testing.T) {
	for _, field := range []string{"X_note", "xnote", "_x_note", "ext_note"} {
		doc := edit(t, smallJSON(t), `{"id": "F2", `, `{"id": "F2", "`+field+`": 1, `)
		_, err := model.DecodeDataset("small.json", strings.NewReader(doc))
		require.ErrorIs(t, err, model.ErrInvalid, field)
		require.ErrorContains(t, err, `unknown field "`+field+`"`)
	}
}

// TestDecodeErrorLinesCountExtensions shows that an error after an
// extension names the line of the original document.
func TestDecodeErrorLinesCountExtensions(t *testing.T) {
	doc := edit(t, smallJSON(t),
		`"policy": {"reflect_within": "5d"},`,
		"\"x_sis\": {\n  \"exported\": \"2025-08-01\",\n  \"by\": [\n    \"nightly\"\n  ]\n},\n"+
			`"policy": {"reflect_within": "5d"},`,
		`{"id": "F2", "languages": ["en"]}`, `{"id": "F2", "languages": ["en"], "x_a": 1, "mood": "ok"}`)
	line := 1 + strings.Count(doc[:strings.Index(doc, `"mood"`)], "\n")
	_, err := model.DecodeDataset("small.json", strings.NewReader(doc))
	require.Error(t, err)
	errs := model.ErrorsOf(err)
	require.Len(t, errs, 1)
	require.Equal(t, line, errs[0].Line, "%v", err)
	require.Equal(t, "mood", errs[0].Field)
}

func TestDecodePolicyIgnoresExtensions(t *testing.T) {
	p, err := model.DecodePolicy("policy.json", strings.NewReader(`{"x_approved_by": "board", "reflect_within": "5d", "x_": [1]}`))
	require.NoError(t, err)
	require.Equal(t, model.Days(5), p.ReflectWithin)

	_, err = model.DecodePolicy("policy.json", strings.NewReader(`{"xapproved_by": "board"}`))
	require.ErrorIs(t, err, model.ErrInvalid)
}

func TestCalendarIgnoresExtensions(t *testing.T) {
	var c model.Calendar
	require.NoError(t, json.Unmarshal([]byte(`{"time_zone":"UTC","x_source":"sis","hours":{"start":"08:00","end":"15:00","x_note":"bell"}}`), &c))
	require.Equal(t, model.NewClock(15, 0), c.Hours.End)
}
