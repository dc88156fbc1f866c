package strictjson

import (
	"errors"
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
