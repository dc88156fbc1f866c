package model_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// smallJSON returns testdata/small.json, a valid dataset whose line numbers
// the error cases below rely on.
func smallJSON(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("testdata/small.json")
	require.NoError(t, err)
	return string(b)
}

// edit replaces each old text of a pair by its new text, exactly once.
func edit(t testing.TB, s string, pairs ...string) string {
	t.Helper()
	require.Zero(t, len(pairs)%2, "edit takes old, new pairs")
	for i := 0; i < len(pairs); i += 2 {
		require.Equal(t, 1, strings.Count(s, pairs[i]), "edit: %q must occur once", pairs[i])
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

func decodeSmall(t testing.TB) *model.Dataset {
	t.Helper()
	ds, err := model.DecodeDataset("small.json", strings.NewReader(smallJSON(t)))
	require.NoError(t, err)
	return ds
}

func TestDecodeSmall(t *testing.T) {
	ds := decodeSmall(t)
	assert.Equal(t, model.Format, ds.Format)
	assert.Equal(t, model.DistrictID("D1"), ds.District.ID)
	assert.Equal(t, model.SchoolYearID("2025-26"), ds.Year.ID)
	assert.Equal(t, model.NewDate(2025, time.August, 18), ds.Year.FirstDay)
	assert.Equal(t, "America/Los_Angeles", ds.Calendar.Location().String())
	assert.Equal(t, schoolHours, ds.Calendar.Hours)
	assert.Len(t, ds.Schools, 1)
	assert.Len(t, ds.Classes, 1)
	assert.Len(t, ds.Educators, 4)
	assert.Len(t, ds.Students, 2)
	assert.Len(t, ds.Families, 2)
	assert.Len(t, ds.Plans, 1)
	assert.Len(t, ds.Goals, 1)
	assert.Len(t, ds.Invitations, 2)
	assert.Len(t, ds.Visits, 2)
	assert.Len(t, ds.Communications, 2)
	assert.Len(t, ds.Events, 2)
	require.NotNil(t, ds.Contacts)
	assert.Equal(t, "Rosa Example", ds.Contacts.Families[0].Guardians[0].Name)

	// The policy section overlays the defaults.
	want := model.DefaultPolicy()
	want.ReflectWithin = 5
	assert.Equal(t, want, ds.Policy)

	v := ds.Visits[0]
	assert.Equal(t, model.Completed, v.Status)
	assert.Equal(t, model.Duration(40*time.Minute), v.Duration)
	assert.True(t, v.Start.Equal(time.Date(2025, time.August, 13, 0, 0, 0, 0, time.UTC)))
	assert.Equal(t, time.Date(2025, time.August, 13, 0, 40, 0, 0, time.UTC), v.End().UTC())
	assert.Equal(t, []model.EducatorID{"E-T1", "E-LI"}, v.Visitors)
	require.NotNil(t, v.Reflection)
	require.NotNil(t, v.Reflection.CoveredBias)
	assert.True(t, *v.Reflection.CoveredBias)
	assert.Equal(t, int64(2667), v.Compensation[0].AmountCents)
	assert.True(t, v.Compensation[1].Stipend)
	assert.Equal(t, model.Library, ds.Visits[1].Location.Kind)
	assert.Equal(t, model.ByFamily, ds.Visits[1].Location.RequestedBy)
	assert.Equal(t, model.Grade(3), ds.Students[0].Grade)
	assert.Equal(t, model.Accepted, ds.Invitations[0].Answer())
	require.NoError(t, ds.Validate())
}

func TestDecodeWithoutPolicyGetsDefaults(t *testing.T) {
	in := edit(t, smallJSON(t), `"policy": {"reflect_within": "5d"},`, ``)
	ds, err := model.DecodeDataset("nopolicy.json", strings.NewReader(in))
	require.NoError(t, err)
	assert.Equal(t, model.DefaultPolicy(), ds.Policy)
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name  string
		edits []string // old, new pairs applied to small.json
		in    string   // the whole input, instead of edits
		want  error
		msg   string // a prefix of one line of the message
	}{
		{
			name:  "unknown top-level section",
			edits: []string{`"policy": {"reflect_within": "5d"},`, `"policy": {"reflect_within": "5d"}, "parents": [],`},
			want:  model.ErrFormat,
			msg:   `bad.json:10: parents: not a pthv/v1 dataset: unknown section`,
		},
		{
			name:  "section twice",
			edits: []string{`"policy": {"reflect_within": "5d"},`, `"policy": {"reflect_within": "5d"}, "policy": {},`},
			want:  model.ErrFormat,
			msg:   `bad.json:10: policy: not a pthv/v1 dataset: section appears twice`,
		},
		{
			name:  "unknown field in a visit",
			edits: []string{`"status": "completed"`, `"status": "completed", "mood": "warm"`},
			want:  model.ErrInvalid,
			msg:   `bad.json:42: visit "V1": mood: invalid value: json: unknown field "mood"`,
		},
		{
			name:  "unknown field in the policy",
			edits: []string{`"reflect_within": "5d"`, `"reflect_within": "5d", "reflect_whithin": "6d"`},
			want:  model.ErrInvalid,
			msg:   `bad.json:10: policy: reflect_whithin: invalid value: json: unknown field`,
		},
		{
			name:  "unknown field in contacts",
			edits: []string{`"contacts": {`, `"contacts": {"pets": [], `},
			want:  model.ErrInvalid,
			msg:   `bad.json:61: contacts: pets: invalid value`,
		},
		{
			name:  "wrong type",
			edits: []string{`"grade": 3, "family": "F1"`, `"grade": "third", "family": "F1"`},
			want:  model.ErrInvalid,
			msg:   `bad.json:28: student "ST1": grade: invalid value: got JSON string, want model.Grade`,
		},
		{
			name:  "duration as a number",
			edits: []string{`"start": "2025-08-12T17:00:00-07:00", "duration": "40m"`, `"start": "2025-08-12T17:00:00-07:00", "duration": 2400000000000`},
			want:  model.ErrInvalid,
			msg:   `bad.json:42: visit "V1": duration: invalid value: got JSON number`,
		},
		{
			name:  "section of the wrong type",
			edits: []string{`"schools": [{"id": "S1"`, `"schools": {"S1": {"id": "S1"`, `"liaisons": ["E-LI"]}],`, `"liaisons": ["E-LI"]}},`},
			want:  model.ErrFormat,
			msg:   `bad.json:11: schools: not a pthv/v1 dataset: want an array`,
		},
		{
			name:  "bad date",
			edits: []string{`"date": "2026-05-14"`, `"date": "2026-05-41"`},
			want:  model.ErrInvalid,
			msg:   `bad.json:58: event "EV1": date: invalid value: date "2026-05-41": day 41 is out of range: May 2026 has 31 days`,
		},
		{
			name:  "bad time",
			edits: []string{`"start": "2025-08-12T17:00:00-07:00"`, `"start": "2025-08-12 17:00"`},
			want:  model.ErrInvalid,
			msg:   `bad.json:42: visit "V1": start: invalid value`,
		},
		{
			name:  "bad clock time",
			edits: []string{`"hours": {"start": "08:00", "end": "15:00"}`, `"hours": {"start": "8am", "end": "15:00"}`},
			want:  model.ErrInvalid,
			msg:   `bad.json:5: calendar: hours: invalid value: clock time "8am"`,
		},
		{
			name:  "bad enum value",
			edits: []string{`"status": "completed"`, `"status": "done"`},
			want:  model.ErrInvalid,
			msg:   `bad.json:42: visit "V1": status: invalid value: visit status "done": want one of proposed,`,
		},
		{
			name:  "bad nested enum value",
			edits: []string{`"location": {"kind": "home"}`, `"location": {"kind": "boat"}`},
			want:  model.ErrInvalid,
			msg:   `bad.json:42: visit "V1": location: invalid value: location "boat"`,
		},
		{
			name:  "bad enum value in a family",
			edits: []string{`{"id": "F2", "languages": ["en"]}`, `{"id": "F2", "languages": ["en"], "location_preference": "moon"}`},
			want:  model.ErrInvalid,
			msg:   `bad.json:25: family "F2": location_preference: invalid value: location "moon"`,
		},
		{
			name:  "grade out of range",
			edits: []string{`"grade": 3, "family": "F2"`, `"grade": 13, "family": "F2"`},
			want:  model.ErrInvalid,
			msg:   `bad.json:30: student "ST2": grade: invalid value: 13: want -1 (PK) to 12`,
		},
		{
			name:  "duplicate id",
			edits: []string{`{"id": "V2"`, `{"id": "V1"`},
			want:  model.ErrDuplicateID,
			msg:   `bad.json:49: visit "V1": id: duplicate id: also visits[0]`,
		},
		{
			name:  "missing id",
			edits: []string{`{"id": "EV2", `, `{`},
			want:  model.ErrMissing,
			msg:   `bad.json:59: events[1]: id: required`,
		},
		{
			name:  "missing required field",
			edits: []string{`"kind": "second", "status": "scheduled"`, `"kind": "second"`},
			want:  model.ErrMissing,
			msg:   `bad.json:49: visit "V2": status: required`,
		},
		{
			name:  "dangling student family",
			edits: []string{`"grade": 3, "family": "F2"`, `"grade": 3, "family": "F9"`},
			want:  model.ErrDangling,
			msg:   `bad.json:30: student "ST2": family: refers to no record: no family "F9"`,
		},
		{
			name:  "dangling visit visitor",
			edits: []string{`"location": {"kind": "home"}, "visitors": ["E-T1", "E-LI"]`, `"location": {"kind": "home"}, "visitors": ["E-T1", "E-XX"]`},
			want:  model.ErrDangling,
			msg:   `bad.json:42: visit "V1": visitors[1]: refers to no record: no educator "E-XX"`,
		},
		{
			name:  "dangling invitation plan",
			edits: []string{`"by": "E-T1", "plan": "P-S1", "response": "accepted"`, `"by": "E-T1", "plan": "P-S9", "response": "accepted"`},
			want:  model.ErrDangling,
			msg:   `bad.json:36: invitation "I1": plan: refers to no record: no plan "P-S9"`,
		},
		{
			name:  "dangling compensation educator",
			edits: []string{`{"educator": "E-LI", "minutes_outside": 40`, `{"educator": "E-ZZ", "minutes_outside": 40`},
			want:  model.ErrDangling,
			msg:   `bad.json:42: visit "V1": compensation[1].educator: refers to no record: no educator "E-ZZ"`,
		},
		{
			name:  "dangling contact",
			edits: []string{`"families": [{"family": "F1"`, `"families": [{"family": "F7"`},
			want:  model.ErrDangling,
			msg:   `bad.json:61: contacts.families[0]: family: refers to no record: no family "F7"`,
		},
		{
			name:  "negative duration",
			edits: []string{`"start": "2025-08-12T17:00:00-07:00", "duration": "40m"`, `"start": "2025-08-12T17:00:00-07:00", "duration": "-40m"`},
			want:  model.ErrInvalid,
			msg:   `bad.json:42: visit "V1": duration: invalid value: -40m: must not be negative`,
		},
		{
			name:  "negative amount",
			edits: []string{`"amount_cents": 2667`, `"amount_cents": -2667`},
			want:  model.ErrInvalid,
			msg:   `bad.json:42: visit "V1": compensation[0].amount_cents: invalid value: -2667: must not be negative`,
		},
		{
			name:  "amount beyond the bound",
			edits: []string{`"amount_cents": 2667`, `"amount_cents": 922337203685477580`},
			want:  model.ErrInvalid,
			msg:   `bad.json:42: visit "V1": compensation[0].amount_cents: invalid value: 922337203685477580: must be at most 10000000 cents ($100000.00)`,
		},
		{
			name:  "amount beyond int64",
			edits: []string{`"amount_cents": 2667`, `"amount_cents": 9223372036854775808`},
			want:  model.ErrInvalid,
			msg:   `bad.json:42: visit "V1": compensation.amount_cents: invalid value: got JSON number 9223372036854775808, want int64`,
		},
		{
			name:  "negative stipend",
			edits: []string{`"amount_cents": 50000`, `"amount_cents": -50000`},
			want:  model.ErrInvalid,
			msg:   `bad.json:18: educator "E-LI": stipends[0].amount_cents: invalid value: -50000`,
		},
		{
			name:  "negative revision",
			edits: []string{`"format": "pthv/v1",`, `"format": "pthv/v1", "revision": -1,`},
			want:  model.ErrInvalid,
			msg:   `bad.json:2: revision: invalid value: -1: must not be negative`,
		},
		{
			name:  "missing format",
			edits: []string{`"format": "pthv/v1",`, ``},
			want:  model.ErrFormat,
			msg:   `bad.json:1: format: not a pthv/v1 dataset: got "", want "pthv/v1"`,
		},
		{
			name:  "wrong format",
			edits: []string{`"format": "pthv/v1"`, `"format": "pthv/v2"`},
			want:  model.ErrFormat,
			msg:   `bad.json:2: format: not a pthv/v1 dataset: got "pthv/v2", want "pthv/v1"`,
		},
		{
			name:  "missing time zone",
			edits: []string{`"time_zone": "America/Los_Angeles",`, ``},
			want:  model.ErrMissing,
			msg:   `bad.json:5: calendar: time_zone: required`,
		},
		{
			name:  "unknown time zone",
			edits: []string{`"time_zone": "America/Los_Angeles"`, `"time_zone": "America/Springfield"`},
			want:  model.ErrInvalid,
			msg:   `bad.json:5: calendar: time_zone: invalid value: unknown IANA time zone "America/Springfield"`,
		},
		{
			name:  "the machine's time zone",
			edits: []string{`"time_zone": "America/Los_Angeles"`, `"time_zone": "Local"`},
			want:  model.ErrInvalid,
			msg:   `bad.json:5: calendar: time_zone: invalid value: "Local" is not an IANA time zone name`,
		},
		{
			name:  "an empty time zone",
			edits: []string{`"time_zone": "America/Los_Angeles"`, `"time_zone": ""`},
			want:  model.ErrMissing,
			msg:   `bad.json:5: calendar: time_zone: required`,
		},
		{
			name:  "a time zone folder",
			edits: []string{`"time_zone": "America/Los_Angeles"`, `"time_zone": "America/"`},
			want:  model.ErrInvalid,
			msg:   `bad.json:5: calendar: time_zone: invalid value: "America/" is not an IANA time zone name`,
		},
		{
			name:  "school hours end before they start",
			edits: []string{`"hours": {"start": "08:00", "end": "15:00"}`, `"hours": {"start": "16:00", "end": "15:00"}`},
			want:  model.ErrInvalid,
			msg:   `bad.json:5: calendar: hours: invalid value: start 16:00 must be before end 15:00`,
		},
		{
			name:  "year ends before it starts",
			edits: []string{`"last_day": "2026-06-05"`, `"last_day": "2025-06-05"`},
			want:  model.ErrInvalid,
			msg:   `bad.json:4: year: last_day: invalid value: 2025-06-05 is before first_day 2025-08-18`,
		},
		{
			name:  "policy out of bounds",
			edits: []string{`"reflect_within": "5d"`, `"reflect_within": "0d"`},
			want:  model.ErrPolicyBounds,
			msg:   `bad.json:10: policy: reflect_within: outside its allowed bounds: want 1d to 30d`,
		},
		{
			name:  "student on a visit of another family",
			edits: []string{`{"id": "V1", "students": ["ST1"]`, `{"id": "V1", "students": ["ST2"]`},
			want:  model.ErrInvalid,
			msg:   `bad.json:42: visit "V1": students[0]: invalid value: student "ST2" belongs to family "F2", not "F1"`,
		},
		{
			name:  "student on an invitation of another family",
			edits: []string{`{"id": "I1", "family": "F1", "students": ["ST1"]`, `{"id": "I1", "family": "F1", "students": ["ST2"]`},
			want:  model.ErrInvalid,
			msg:   `bad.json:36: invitation "I1": students[0]: invalid value: student "ST2" belongs to family "F2"`,
		},
		{
			name:  "syntax error",
			edits: []string{`"kind": "celebration", "family_voices": true}`, `"kind": "celebration" "family_voices": true}`},
			want:  model.ErrFormat,
			msg:   `bad.json:58: not a pthv/v1 dataset: invalid character '"' after object key:value pair`,
		},
		{
			name:  "missing comma between sections",
			edits: []string{`"format": "pthv/v1",`, `"format": "pthv/v1"`},
			want:  model.ErrFormat,
			msg:   `bad.json:3: not a pthv/v1 dataset: invalid character '"' after object key:value pair`,
		},
		{
			name:  "missing comma at the end of a line inside a record",
			edits: []string{`"visitors": ["E-T1", "E-LI"],` + "\n", `"visitors": ["E-T1", "E-LI"]` + "\n"},
			want:  model.ErrFormat,
			msg:   `bad.json:45: not a pthv/v1 dataset: invalid character '"' after object key:value pair`,
		},
		{
			name: "truncated JSON",
			in:   smallJSON(t)[:strings.Index(smallJSON(t), `{"id": "V2"`)+6],
			want: model.ErrFormat,
			msg:  `bad.json:49: not a pthv/v1 dataset: unexpected EOF`,
		},
		{
			name: "truncated after a section",
			in:   smallJSON(t)[:strings.Index(smallJSON(t), `"communications"`)],
			want: model.ErrFormat,
			msg:  `bad.json:53: not a pthv/v1 dataset: EOF`,
		},
		{
			name: "trailing garbage",
			in:   smallJSON(t) + "}\n",
			want: model.ErrFormat,
			msg:  `bad.json:65: not a pthv/v1 dataset: data after the dataset object`,
		},
		{
			name: "a second object",
			in:   smallJSON(t) + `{"format": "pthv/v1"}`,
			want: model.ErrFormat,
			msg:  `bad.json:65: not a pthv/v1 dataset: data after the dataset object`,
		},
		{
			name:  "missing district",
			edits: []string{`"district": {"id": "D1", "name": "Meadowview Unified", "coordinator": "E-DC"},`, ``},
			want:  model.ErrMissing,
			msg:   `bad.json:64: district: id: required`, // where the document ends
		},
		{
			name:  "missing year",
			edits: []string{`"year": {"id": "2025-26", "first_day": "2025-08-18", "last_day": "2026-06-05"},`, ``},
			want:  model.ErrMissing,
			msg:   `bad.json:64: year: first_day: required`,
		},
		{
			name: "missing calendar",
			edits: []string{`"calendar": {
    "time_zone": "America/Los_Angeles",
    "hours": {"start": "08:00", "end": "15:00"},
    "closures": [{"from": "2025-12-22", "to": "2026-01-02", "name": "winter break"}]
  },`, ``},
			want: model.ErrMissing,
			msg:  `bad.json:60: calendar: time_zone: required`,
		},
		{name: "only a format", in: "{\"format\": \"pthv/v1\"\n\n}\n", want: model.ErrMissing, msg: `bad.json:3: district: id: required`},
		{name: "empty input", in: "", want: model.ErrFormat, msg: `bad.json:1: not a pthv/v1 dataset`},
		{name: "only a byte order mark", in: "\ufeff", want: model.ErrFormat, msg: `bad.json:1: not a pthv/v1 dataset`},
		{name: "an array", in: "[]", want: model.ErrFormat, msg: `bad.json:1: not a pthv/v1 dataset: want a JSON object`},
		{name: "null", in: "null", want: model.ErrFormat, msg: `bad.json:1: not a pthv/v1 dataset: want a JSON object`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			if tt.edits != nil {
				in = edit(t, smallJSON(t), tt.edits...)
			}
			ds, err := model.DecodeDataset("bad.json", strings.NewReader(in))
			require.Error(t, err)
			assert.Nil(t, ds)
			assert.ErrorIs(t, err, tt.want)
			var lines []string
			for _, re := range model.ErrorsOf(err) {
				assert.Equal(t, "bad.json", re.Source, "every error names the source")
				lines = append(lines, re.Error())
			}
			require.NotEmpty(t, lines, "the error is a RecordError or ValidationErrors: %v", err)
			assert.True(t, hasPrefixLine(lines, tt.msg), "no line starts with\n\t%s\nin\n\t%s", tt.msg, strings.Join(lines, "\n\t"))
		})
	}
}

func hasPrefixLine(lines []string, prefix string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

func TestDecodeReportsEveryValidationError(t *testing.T) {
	in := edit(t, smallJSON(t),
		`"grade": 3, "family": "F2"`, `"grade": 3, "family": "F9"`,
		`"amount_cents": 2667`, `"amount_cents": -2667`,
		`{"id": "V2"`, `{"id": "V1"`,
	)
	_, err := model.DecodeDataset("bad.json", strings.NewReader(in))
	require.Error(t, err)
	assert.ErrorIs(t, err, model.ErrDangling)
	assert.ErrorIs(t, err, model.ErrInvalid)
	assert.ErrorIs(t, err, model.ErrDuplicateID)
	var ve model.ValidationErrors
	require.ErrorAs(t, err, &ve)
	// The dangling family also makes ST2 a stranger on invitation I2.
	assert.Len(t, ve, 4)
	var re *model.RecordError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 49, re.Line, "the first error in document order is the duplicate id, found while indexing")
}

// TestDecodeByteOrderMark: a file saved with a UTF-8 byte order mark, as
// some Windows editors do, decodes like one without, and its errors keep
// their line numbers.
func TestDecodeByteOrderMark(t *testing.T) {
	ds, err := model.DecodeDataset("bom.json", strings.NewReader("\ufeff"+smallJSON(t)))
	require.NoError(t, err)
	assert.Equal(t, decodeSmall(t), ds)

	bad := edit(t, smallJSON(t), `"start": "2025-08-12T17:00:00-07:00", "duration": "40m"`, `"start": "2025-08-12T17:00:00-07:00", "duration": "-40m"`)
	_, err = model.DecodeDataset("bom.json", strings.NewReader("\ufeff"+bad))
	require.ErrorIs(t, err, model.ErrInvalid)
	assert.ErrorContains(t, err, `bom.json:42: visit "V1": duration:`)

	bad = edit(t, smallJSON(t), `"format": "pthv/v1",`, `"format": "pthv/v1"`)
	_, err = model.DecodeDataset("bom.json", strings.NewReader("\ufeff"+bad))
	require.ErrorIs(t, err, model.ErrFormat)
	assert.ErrorContains(t, err, `bom.json:3: not a pthv/v1 dataset: invalid character`)

	// Only a leading mark is skipped: one inside the document is an error.
	_, err = model.DecodeDataset("bom.json", strings.NewReader("\n\ufeff"+smallJSON(t)))
	require.ErrorIs(t, err, model.ErrFormat)
	assert.ErrorContains(t, err, `bom.json:2: not a pthv/v1 dataset`)
}

func TestDecodeReaderError(t *testing.T) {
	boom := errors.New("disk on fire")
	_, err := model.DecodeDataset("broken.json", iotest.ErrReader(boom))
	assert.ErrorIs(t, err, boom)
	assert.ErrorContains(t, err, "broken.json: disk on fire")
}

// Practice breaches are data to judge, not decoding errors.
func TestDecodeAcceptsPracticeBreaches(t *testing.T) {
	tests := []struct {
		name  string
		edits []string
		check func(t *testing.T, ds *model.Dataset)
	}{
		{
			name:  "solo visit",
			edits: []string{`"location": {"kind": "home"}, "visitors": ["E-T1", "E-LI"]`, `"location": {"kind": "home"}, "visitors": ["E-T1"]`},
			check: func(t *testing.T, ds *model.Dataset) { assert.Len(t, ds.Visits[0].Visitors, 1) },
		},
		{
			name:  "visit with no visitors",
			edits: []string{`"location": {"kind": "home"}, "visitors": ["E-T1", "E-LI"],`, `"location": {"kind": "home"},`},
			check: func(t *testing.T, ds *model.Dataset) { assert.Empty(t, ds.Visits[0].Visitors) },
		},
		{
			name:  "visit with no students",
			edits: []string{`{"id": "V1", "students": ["ST1"], `, `{"id": "V1", `},
			check: func(t *testing.T, ds *model.Dataset) { assert.Nil(t, ds.Visits[0].Students) },
		},
		{
			name:  "visit with no arranged_at",
			edits: []string{`"arranged_at": "2025-08-05T12:00:00-07:00", `, ``},
			check: func(t *testing.T, ds *model.Dataset) { assert.True(t, ds.Visits[0].ArrangedAt.IsZero()) },
		},
		{
			name:  "first visit with an academic agenda",
			edits: []string{`{"kind": "academics", "raised_by": "family"}`, `{"kind": "academics", "raised_by": "educator"}, {"kind": "behavior", "raised_by": "educator"}`},
			check: func(t *testing.T, ds *model.Dataset) {
				assert.True(t, ds.Visits[0].Topics[1].Kind.Agenda())
				assert.Equal(t, model.ByEducator, ds.Visits[0].Topics[1].RaisedBy)
			},
		},
		{
			name:  "visit by an educator with no training",
			edits: []string{`"location": {"kind": "home"}, "visitors": ["E-T1", "E-LI"]`, `"location": {"kind": "home"}, "visitors": ["E-PR", "E-DC"]`},
			check: func(t *testing.T, ds *model.Dataset) {
				_, trained := ds.Educators[1].TrainedBy(model.NewDate(2026, time.June, 30))
				assert.False(t, trained)
				assert.False(t, ds.Educators[1].OptedIn(ds.Year.ID))
			},
		},
		{
			name:  "visit with no recorded duration",
			edits: []string{`"start": "2025-08-12T17:00:00-07:00", "duration": "40m",`, `"start": "2025-08-12T17:00:00-07:00",`},
			check: func(t *testing.T, ds *model.Dataset) { assert.Zero(t, ds.Visits[0].Duration) },
		},
		{
			name:  "a three-hour visit",
			edits: []string{`"start": "2025-08-12T17:00:00-07:00", "duration": "40m"`, `"start": "2025-08-12T17:00:00-07:00", "duration": "3h"`},
			check: func(t *testing.T, ds *model.Dataset) {
				assert.Equal(t, model.Duration(3*time.Hour), ds.Visits[0].Duration)
			},
		},
		{
			name:  "unpaid time outside the working day",
			edits: []string{`{"educator": "E-LI", "minutes_outside": 40, "stipend": true}`, `{"educator": "E-LI", "minutes_outside": 40}`},
			check: func(t *testing.T, ds *model.Dataset) { assert.False(t, ds.Visits[0].Compensation[1].Stipend) },
		},
		{
			name:  "goal that makes visits mandatory",
			edits: []string{`"coverage_target": 0.25}`, `"coverage_target": 1, "required_of": ["educator"], "per_educator_quota": 10}`},
			check: func(t *testing.T, ds *model.Dataset) { assert.True(t, ds.Goals[0].Mandatory()) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := model.DecodeDataset("breach.json", strings.NewReader(edit(t, smallJSON(t), tt.edits...)))
			require.NoError(t, err)
			tt.check(t, ds)
		})
	}
}

func TestEncodeSmallRoundTrip(t *testing.T) {
	ds := decodeSmall(t)
	var first, second bytes.Buffer
	require.NoError(t, model.EncodeDataset(&first, ds, model.EncodeOptions{IncludeContacts: true}))
	back, err := model.DecodeDataset("first.json", bytes.NewReader(first.Bytes()))
	require.NoError(t, err)
	require.NoError(t, model.EncodeDataset(&second, back, model.EncodeOptions{IncludeContacts: true}))
	assert.Equal(t, first.String(), second.String())
	assert.Contains(t, first.String(), `"duration": "40m"`)
	assert.Contains(t, first.String(), `"reflect_within": "5d"`)
	assert.Contains(t, first.String(), `"start": "2025-08-12T17:00:00-07:00"`)

	var compact bytes.Buffer
	require.NoError(t, model.EncodeDataset(&compact, ds, model.EncodeOptions{Compact: true, IncludeContacts: true}))
	assert.Equal(t, 1, strings.Count(compact.String(), "\n"), "compact output is one line")
	fromCompact, err := model.DecodeDataset("compact.json", &compact)
	require.NoError(t, err)
	second.Reset()
	require.NoError(t, model.EncodeDataset(&second, fromCompact, model.EncodeOptions{IncludeContacts: true}))
	assert.Equal(t, first.String(), second.String())
}

func TestEncodeLeavesOutContacts(t *testing.T) {
	ds := decodeSmall(t)
	var out bytes.Buffer
	require.NoError(t, model.EncodeDataset(&out, ds, model.EncodeOptions{}))
	for _, secret := range []string{`"contacts"`, "Rosa Example", "555-0100", "1 Example Way"} {
		assert.NotContains(t, out.String(), secret)
	}
	require.NotNil(t, ds.Contacts, "encoding does not change the dataset")
	back, err := model.DecodeDataset("out.json", &out)
	require.NoError(t, err)
	assert.Nil(t, back.Contacts)
}

func TestEncodeSetsFormat(t *testing.T) {
	ds := decodeSmall(t)
	ds.Format = ""
	var out bytes.Buffer
	require.NoError(t, model.EncodeDataset(&out, ds, model.EncodeOptions{}))
	assert.Contains(t, out.String(), `"format": "pthv/v1"`)
	assert.Empty(t, ds.Format, "the caller's dataset is left alone")
}

func encodeDS(t require.TestingT, ds *model.Dataset, opt model.EncodeOptions) []byte {
	var b bytes.Buffer
	require.NoError(t, model.EncodeDataset(&b, ds, opt))
	return b.Bytes()
}

func TestGeneratedDatasetsValidate(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		require.NoError(t, datasetGen().Draw(t, "dataset").Validate())
	})
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := datasetGen().Draw(t, "dataset")
		opt := model.EncodeOptions{IncludeContacts: true, Compact: rapid.Bool().Draw(t, "compact")}
		first := encodeDS(t, ds, opt)
		back, err := model.DecodeDataset("first.json", bytes.NewReader(first))
		require.NoError(t, err, "%s", first)
		second := encodeDS(t, back, opt)
		require.Equal(t, string(first), string(second))

		// Semantically equal: the same records, the same instants.
		require.Equal(t, len(ds.Visits), len(back.Visits))
		for i := range ds.Visits {
			require.True(t, ds.Visits[i].Start.Equal(back.Visits[i].Start))
			require.Equal(t, ds.Visits[i].Duration, back.Visits[i].Duration)
		}
		require.Equal(t, ds.Students, back.Students)
		require.Equal(t, ds.Policy, back.Policy)
		require.Equal(t, ds.Year, back.Year)
		require.Equal(t, ds.Contacts, back.Contacts)
		require.Equal(t, ds.Calendar.Location().String(), back.Calendar.Location().String())
	})
}

func TestEncodeWithoutContactsProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := datasetGen().Draw(t, "dataset")
		out := string(encodeDS(t, ds, model.EncodeOptions{}))
		require.NotContains(t, out, `"contacts"`)
		require.NotContains(t, out, contactMark)
		with := string(encodeDS(t, ds, model.EncodeOptions{IncludeContacts: true}))
		require.Equal(t, ds.Contacts != nil, strings.Contains(with, `"contacts"`))
	})
}

// testdata/every_field.json is validDataset encoded: it sets every field of
// every record, and is in the encoder's canonical form.
func TestEveryFieldFile(t *testing.T) {
	file, err := os.ReadFile("testdata/every_field.json")
	require.NoError(t, err)
	ds, err := model.DecodeDataset("every_field.json", bytes.NewReader(file))
	require.NoError(t, err)
	assert.Equal(t, string(file), string(encodeDS(t, ds, model.EncodeOptions{IncludeContacts: true})), "the file is canonical")
	assert.Equal(t, string(file), string(encodeDS(t, validDataset(t), model.EncodeOptions{IncludeContacts: true})),
		"the file is validDataset; regenerate it after changing either")

	// Every JSON field of the format appears in the file, so that the fuzz
	// seeds and the round trip cover it.
	// The policy is written as its differences from the defaults
	// (TestEncodeWritesThePolicyAsItsDifferences covers its fields).
	for _, name := range jsonFields(reflect.TypeFor[model.Dataset](), map[reflect.Type]bool{reflect.TypeFor[model.Policy](): true}) {
		assert.Contains(t, string(file), `"`+name+`": `, "no %s in testdata/every_field.json", name)
	}
}

// TestEncodeWritesThePolicyAsItsDifferences shows that a dataset file keeps
// only the policy fields that differ from the defaults — so writing back a
// file whose author wrote a short policy keeps it short — and that every
// field, changed, is written and read back.
func TestEncodeWritesThePolicyAsItsDifferences(t *testing.T) {
	ds := validDataset(t)
	ds.Policy = model.DefaultPolicy()
	require.Contains(t, string(encodeDS(t, ds, model.EncodeOptions{Compact: true})), `"policy":{}`)

	p := model.DefaultPolicy()
	v := reflect.ValueOf(&p).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch {
		case f.Type() == reflect.TypeFor[model.Duration]():
			f.SetInt(f.Int() + int64(time.Minute))
		case f.Kind() == reflect.Int || f.Kind() == reflect.Int64:
			f.SetInt(f.Int() + 1)
		case f.Kind() == reflect.Uint64:
			f.SetUint(f.Uint() + 1)
		case f.Kind() == reflect.Float64:
			f.SetFloat(f.Float() * 1.01)
		case f.Kind() == reflect.Slice:
			f.Set(reflect.ValueOf([]string{"P5.group-size"}))
		default:
			t.Fatalf("policy field %s: kind %s not covered", v.Type().Field(i).Name, f.Kind())
		}
	}
	ds.Policy = p
	out := string(encodeDS(t, ds, model.EncodeOptions{}))
	for _, name := range jsonFields(reflect.TypeFor[model.Policy](), map[reflect.Type]bool{}) {
		require.Contains(t, out, `"`+name+`": `)
	}
	back, err := model.DecodeDataset("policy.json", strings.NewReader(out))
	require.NoError(t, err)
	require.Equal(t, p, back.Policy)
}

// jsonFields lists the JSON names of the fields of struct type typ and of
// the structs it contains.
func jsonFields(typ reflect.Type, seen map[reflect.Type]bool) []string {
	for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
		typ = typ.Elem()
	}
	if typ.Kind() != reflect.Struct || seen[typ] || typ.PkgPath() != reflect.TypeFor[model.Dataset]().PkgPath() {
		return nil
	}
	seen[typ] = true
	var names []string
	for f := range typ.Fields() {
		if !f.IsExported() {
			continue
		}
		if f.Anonymous {
			names = append(names, jsonFields(f.Type, seen)...)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		names = append(names, name)
		if _, isText := reflect.PointerTo(f.Type).MethodByName("UnmarshalText"); !isText {
			names = append(names, jsonFields(f.Type, seen)...)
		}
	}
	return names
}

func FuzzDecodeDataset(f *testing.F) {
	files, err := filepath.Glob("testdata/*.json")
	require.NoError(f, err)
	require.NotEmpty(f, files)
	for _, name := range files {
		b, err := os.ReadFile(name)
		require.NoError(f, err)
		f.Add(b)
		f.Add(b[:len(b)/2])                                                  // truncated
		f.Add(append(slices.Clip(b), "}\n"...))                              // trailing garbage
		f.Add(bytes.Replace(b, []byte(`"pthv/v1"`), []byte(`"pthv/v0"`), 1)) // wrong format
		f.Add(bytes.ReplaceAll(b, []byte(`"F1"`), []byte(`"F9"`)))           // dangling families
		f.Add(bytes.Replace(b, []byte(`"40m"`), []byte(`"-40m"`), 1))        // negative duration
		f.Add(bytes.Replace(b, []byte(`"id"`), []byte(`"idx"`), 1))          // unknown field
		f.Add(bytes.Replace(b, []byte(`"completed"`), []byte(`"done"`), 1))  // bad enum value
		f.Add(bytes.Replace(b, []byte(`,`), []byte(`,,`), 1))                // syntax error

		// The machine's time zone, which a calendar refuses.
		f.Add(bytes.Replace(b, []byte(`"America/Los_Angeles"`), []byte(`"Local"`), 1))
		// A byte order mark: skipped when leading, an error anywhere else.
		f.Add(append([]byte("\ufeff"), b...))
		f.Add(append([]byte(" \ufeff"), b...))
	}
	f.Add([]byte(``))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"format":"pthv/v1"}`))
	f.Add([]byte(`{"format":"pthv/v1","district":{"id":"D"},"year":{"id":"Y","first_day":"2025-08-18","last_day":"2026-06-05"},` +
		`"calendar":{"time_zone":"UTC","hours":{"start":"08:00","end":"15:00"}},"policy":null,"schools":null}`))

	sentinels := []error{model.ErrMissing, model.ErrDuplicateID, model.ErrDangling, model.ErrInvalid, model.ErrFormat, model.ErrPolicyBounds}
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, err := model.DecodeDataset("fuzz.json", bytes.NewReader(data))
		if err != nil {
			require.Nil(t, ds)
			errs := model.ErrorsOf(err)
			require.NotEmpty(t, errs, "not a RecordError: %v", err)
			for _, re := range errs {
				require.Equal(t, "fuzz.json", re.Source)
				require.True(t, slices.ContainsFunc(sentinels, func(s error) bool { return errors.Is(re, s) }),
					"wraps no sentinel: %v", re)
			}
			return
		}
		first := encodeDS(t, ds, model.EncodeOptions{IncludeContacts: true})
		back, err := model.DecodeDataset("first.json", bytes.NewReader(first))
		require.NoError(t, err, "re-encoded dataset does not decode:\n%s", first)
		require.Equal(t, string(first), string(encodeDS(t, back, model.EncodeOptions{IncludeContacts: true})))
	})
}
