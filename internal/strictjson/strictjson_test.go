package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

type funding struct {
	Source string  `json:"source"`
	Share  float64 `json:"share"`
}

type design struct {
	Rate    float64   `json:"rate"`
	Funding []funding `json:"funding"`
	Seed    seed      `json:"seed"`
}

type seed uint64

var errSeed = errors.New("want digits")

func (s *seed) UnmarshalJSON(b []byte) error {
	if string(b) == `"x"` {
		return errSeed
	}
	*s = 1
	return nil
}

func TestDecodeSaysWhere(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"{\n \"rate\": 0.5,\n \"funding\": [{\"source\": \"title-i\"},\n  {\"sorce\": \"pta\"}]\n}", "line 4: funding[1].sorce: unknown field"},
		{"{\n \"rat\": 0.5\n}", "line 2: rat: unknown field"},
		{"{\n \"rate\": \"half\"\n}", "line 2: rate: cannot use a JSON string as float64"},
		{"{\"rate\": 0.5} {}", "line 1: unexpected data after the JSON value"},
		{"", "empty input: want a JSON object"},
		{"{\n\"rate\": 0.5,\n", "line 3: unexpected end of JSON"},
		{"{\n\"rate\": 0.5,,\n}", "line 2: invalid JSON: invalid character ',' looking for beginning of object key string"},
	} {
		var d design
		e := Decode([]byte(c.in), &d)
		require.NotNil(t, e, c.in)
		require.Equal(t, c.want, e.Error(), c.in)
	}
	var d design
	e := Decode([]byte(`{"seed": "x"}`), &d)
	require.ErrorIs(t, e, errSeed, "a type's own error is kept")
	require.Nil(t, Decode([]byte(`{"rate": 0.5, "funding": [], "seed": 7}`), &d))
}

// TestDecodeNeverPanics: any bytes give a value or an *Error.
func TestDecodeNeverPanics(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var d design
		_ = Decode([]byte(rapid.String().Draw(t, "in")), &d)
	})
}

// TestFaultyMember: the member whose own decoder fails is found, in key
// order, and nothing is named for input that is not an object.
func TestFaultyMember(t *testing.T) {
	fresh := func() any { return new(design) }
	require.Equal(t, "seed", FaultyMember([]byte(`{"rate": 0.5, "seed": "x"}`), fresh))
	require.Equal(t, "", FaultyMember([]byte(`{"rate": 0.5, "seed": 7}`), fresh))
	require.Equal(t, "", FaultyMember([]byte(`[1]`), fresh))
}

// window needs both of its members: one alone is missing its sibling.
type window struct {
	From int `json:"from"`
	To   int `json:"to"`
}

var errMissing = errors.New("missing")

func (w *window) UnmarshalJSON(b []byte) error {
	var raw map[string]*int
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	if raw["from"] == nil || raw["to"] == nil {
		return errMissing
	}
	if *raw["from"] > *raw["to"] {
		return errors.New("from after to")
	}
	w.From, w.To = *raw["from"], *raw["to"]
	return nil
}

type plan struct {
	Window window `json:"hours"`
	Seed   seed   `json:"seed"`
}

// TestFaultyMemberOptions: a strict decoder finds an unknown member; a
// member that fails alone only for want of a sibling is excused, so the
// member that is really wrong is named.
func TestFaultyMemberOptions(t *testing.T) {
	fresh := func() any { return new(design) }
	strict := func(b []byte, v any) error {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		return dec.Decode(v)
	}
	require.Equal(t, "", FaultyMember([]byte(`{"rate": 0.5, "rat": 1}`), fresh))
	require.Equal(t, "rat", FaultyMember([]byte(`{"rate": 0.5, "rat": 1}`), fresh, DecodeWith(strict)))
	require.Equal(t, "", FaultyMember([]byte(`{"rate": 0.5, "rat": 1}`), fresh, DecodeWith(nil)), "nil keeps json.Unmarshal")

	pl := func() any { return new(plan) }
	in := []byte(`{"hours": {"from": 1}, "seed": "x"}`)
	require.Equal(t, "hours", FaultyMember(in, pl), "hours comes first in key order and fails alone")
	require.Equal(t, "seed", FaultyMember(in, pl, UnlessMissing(func(err error) bool { return errors.Is(err, errMissing) })),
		"hours fails only for want of a sibling: seed is the culprit")
	wrapped := func(b []byte, v any) error {
		if err := json.Unmarshal(b, v); err != nil {
			return fmt.Errorf("member: %w", err)
		}
		return nil
	}
	excuse := UnlessMissing(func(err error) bool { return errors.Is(err, errMissing) })
	require.Equal(t, "", FaultyMember([]byte(`{"hours": {"from": 1}}`), pl, DecodeWith(wrapped), excuse))
	require.Equal(t, "hours", FaultyMember([]byte(`{"hours": {"from": 1}}`), pl, DecodeWith(wrapped)))
	require.Equal(t, "hours", FaultyMember([]byte(`{"hours": {"from": 2, "to": 1}}`), pl, excuse), "a window wrong in itself is named")
	require.Equal(t, "seed", FaultyMember(in, pl, nil, excuse), "a nil option is ignored")
}
