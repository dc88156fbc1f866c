package model_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
)

// FuzzDecodePolicy feeds arbitrary documents to the policy decoder: it
// never panics, every problem is a record error naming the source and
// wrapping a sentinel, and a policy it accepts encodes to JSON that
// decodes to the same policy and encodes to the same bytes. Seeded with
// the policy sections of testdata/*.json. Fuzz it longer with
//
//	go test ./model -run '^$' -fuzz FuzzDecodePolicy -fuzztime 10m
func FuzzDecodePolicy(f *testing.F) {
	files, err := filepath.Glob("testdata/*.json")
	require.NoError(f, err)
	for _, name := range files {
		b, err := os.ReadFile(name)
		require.NoError(f, err)
		var sections map[string]json.RawMessage
		require.NoError(f, json.Unmarshal(b, &sections))
		if p, ok := sections["policy"]; ok {
			f.Add([]byte(p))
			f.Add(bytes.Replace(p, []byte(`"d"`), []byte(`"h"`), 1)) // days as hours
		}
	}
	def, err := json.Marshal(model.DefaultPolicy())
	require.NoError(f, err)
	f.Add(def)
	for _, s := range []string{
		``, `{}`, `null`, `[]`, `{"off":[]}`, `{"off":null}`,
		`{"reflect_within":"31d","min_cell_size":5}`,            // out of bounds
		`{"min_notice":"-1h"}`,                                  // negative
		`{"earliest_visit":"20:00","latest_visit":"09:00"}`,     // crossed
		`{"targeting_alpha":1e400}`,                             // overflow
		`{"monte_carlo_seed":18446744073709551615}`,             // largest seed
		`{"monte_carlo_seed":"18446744073709551615"}`,           // the same as a string
		`{"x_approved":{"by":"board"},"reflect_within":"5d"}`,   // an extension
		`{"reflect_whithin":"5d"}`,                              // unknown field
		`{"min_gap":"28d"} {}`,                                  // trailing data
		`{"min_notice":"24h","min_notice":"48h"}`,               // repeated field
		"{\"off\":[\"P5.group-size\xff\"]}",                     // invalid UTF-8
		`{"duration_min":"40m","duration_max":"30m"}`,           // crossed
		`{"visit_length":"4h0m0.000000001s"}`,                   // just over
		`{"latest_visit":"24:00","earliest_visit":"23:59"}`,     // end of day
		`{"max_visits_per_day":3,"max_visits_per_week":2}`,      // crossed
		`{"advisory_alpha":0.001,"targeting_alpha":0.001}`,      // edge
		`{"certificated_rate_cents":-1}`,                        // negative
		`{"monte_carlo_draws":10000001}`,                        // too many
		`{"refresher_after":"0d"}`,                              // too short
		`{"min_notice":86400000000000}`,                         // nanoseconds
		`{"systematic_coverage":0.01,"teacher_cap":2147483648}`, // wide int
		"\ufeff{\"reflect_within\":\"5d\"}",                     // a byte order mark
		" \ufeff{}",                                             // one that is not leading
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := model.DecodePolicy("policy.json", bytes.NewReader(data))
		if err != nil {
			errs := model.ErrorsOf(err)
			require.NotEmpty(t, errs, "not a record error: %v", err)
			for _, e := range errs {
				require.Equal(t, "policy.json", e.Source)
				require.Positive(t, e.Line, "every problem names its line: %v", e)
				require.True(t, errors.Is(e, model.ErrInvalid) || errors.Is(e, model.ErrPolicyBounds), "wraps no sentinel: %v", e)
			}
			return
		}
		require.NoError(t, p.Validate())
		first, err := json.Marshal(p)
		require.NoError(t, err)
		back, err := model.DecodePolicy("first.json", bytes.NewReader(first))
		require.NoError(t, err, "re-encoded policy does not decode:\n%s", first)
		second, err := json.Marshal(back)
		require.NoError(t, err)
		require.Equal(t, string(first), string(second))
		again, err := model.DecodePolicy("second.json", bytes.NewReader(second))
		require.NoError(t, err)
		require.Equal(t, back, again)
	})
}
