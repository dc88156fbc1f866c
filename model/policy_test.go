package model_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
)

func TestDefaultPolicyValidates(t *testing.T) {
	require.NoError(t, model.DefaultPolicy().Validate())
}

func TestPolicyBounds(t *testing.T) {
	hours := func(h float64) model.Duration { return model.Duration(h * float64(time.Hour)) }
	tests := []struct {
		field string
		set   func(p *model.Policy)
	}{
		{"min_notice", func(p *model.Policy) { p.MinNotice = hours(-1) }},
		{"min_notice", func(p *model.Policy) { p.MinNotice = hours(31 * 24) }},
		{"max_reinvites", func(p *model.Policy) { p.MaxReinvites = -1 }},
		{"refresher_after", func(p *model.Policy) { p.RefresherAfter = 0 }},
		{"duration_min", func(p *model.Policy) { p.DurationMin = 0 }},
		{"duration_max", func(p *model.Policy) { p.DurationMax = hours(0.25) }},
		{"duration_finding_min", func(p *model.Policy) { p.DurationFindingMin = hours(-0.5) }},
		{"duration_finding_min", func(p *model.Policy) { p.DurationFindingMin = hours(0.6) }},
		{"duration_finding_max", func(p *model.Policy) { p.DurationFindingMax = hours(0.5) }},
		{"targeting_alpha", func(p *model.Policy) { p.TargetingAlpha = 0.2 }},
		{"targeting_alpha", func(p *model.Policy) { p.TargetingAlpha = 0.0001 }},
		{"targeting_v", func(p *model.Policy) { p.TargetingV = 0.1 }},
		{"targeting_v", func(p *model.Policy) { p.TargetingV = 0.6 }},
		{"targeting_gap", func(p *model.Policy) { p.TargetingGap = 0.05 }},
		{"targeting_gap", func(p *model.Policy) { p.TargetingGap = 0.5 }},
		{"advisory_alpha", func(p *model.Policy) { p.AdvisoryAlpha = 0.005 }},
		{"advisory_alpha", func(p *model.Policy) { p.AdvisoryAlpha = 0.3 }},
		{"advisory_v", func(p *model.Policy) { p.AdvisoryV = 0 }},
		{"advisory_v", func(p *model.Policy) { p.AdvisoryV = 0.4 }},
		{"advisory_gap", func(p *model.Policy) { p.AdvisoryGap = 0 }},
		{"advisory_gap", func(p *model.Policy) { p.AdvisoryGap = 0.25 }},
		{"monte_carlo_draws", func(p *model.Policy) { p.MonteCarloDraws = 999 }},
		{"monte_carlo_draws", func(p *model.Policy) { p.MonteCarloDraws = 10_000_001 }},
		{"min_cell_size", func(p *model.Policy) { p.MinCellSize = 5 }},
		{"reflect_within", func(p *model.Policy) { p.ReflectWithin = 0 }},
		{"reflect_within", func(p *model.Policy) { p.ReflectWithin = 31 }},
		{"max_group_size", func(p *model.Policy) { p.MaxGroupSize = 1 }},
		{"max_group_size", func(p *model.Policy) { p.MaxGroupSize = 11 }},
		{"systematic_coverage", func(p *model.Policy) { p.SystematicCoverage = 0 }},
		{"systematic_coverage", func(p *model.Policy) { p.SystematicCoverage = 1.5 }},
		{"visit_length", func(p *model.Policy) { p.VisitLength = 0 }},
		{"visit_length", func(p *model.Policy) { p.VisitLength = hours(5) }},
		{"travel_buffer", func(p *model.Policy) { p.TravelBuffer = hours(-0.1) }},
		{"travel_buffer", func(p *model.Policy) { p.TravelBuffer = hours(4.5) }},
		{"min_gap", func(p *model.Policy) { p.MinGap = -1 }},
		{"min_gap", func(p *model.Policy) { p.MinGap = 301 }},
		{"max_visits_per_day", func(p *model.Policy) { p.MaxVisitsPerDay = 0 }},
		{"max_visits_per_week", func(p *model.Policy) { p.MaxVisitsPerWeek = 1 }},
		{"earliest_visit", func(p *model.Policy) { p.EarliestVisit = model.NewClock(21, 0) }},
		{"earliest_visit", func(p *model.Policy) { p.EarliestVisit = -1 }},
		{"latest_visit", func(p *model.Policy) { p.LatestVisit = model.NewClock(24, 1) }},
		{"partner_load_cap", func(p *model.Policy) { p.PartnerLoadCap = 0 }},
		{"teacher_cap", func(p *model.Policy) { p.TeacherCap = -1 }},
		{"certificated_rate_cents", func(p *model.Policy) { p.CertificatedRateCents = -1 }},
		{"classified_rate_cents", func(p *model.Policy) { p.ClassifiedRateCents = -1 }},
		{"certificated_rate_cents", func(p *model.Policy) { p.CertificatedRateCents = model.MaxRateCents + 1 }},
		{"classified_rate_cents", func(p *model.Policy) { p.ClassifiedRateCents = math.MaxInt64 }},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			p := model.DefaultPolicy()
			tt.set(&p)
			err := p.Validate()
			require.Error(t, err)
			require.ErrorIs(t, err, model.ErrPolicyBounds)
			var ve model.ValidationErrors
			require.ErrorAs(t, err, &ve)
			var found bool
			for _, re := range model.ErrorsOf(err) {
				assert.Equal(t, "policy", re.Record)
				assert.ErrorIs(t, re, model.ErrPolicyBounds)
				found = found || re.Field == tt.field
			}
			assert.True(t, found, "no error names %s: %v", tt.field, err)
			assert.Contains(t, err.Error(), "policy: "+tt.field+": ")
		})
	}
}

func TestPolicyBoundsEdges(t *testing.T) {
	p := model.DefaultPolicy()
	p.ReflectWithin, p.MinCellSize, p.TargetingAlpha, p.AdvisoryAlpha = 30, 10, 0.05, 0.05
	p.MinNotice = model.Duration(30 * 24 * time.Hour)
	p.LatestVisit = model.NewClock(24, 0)
	p.CertificatedRateCents, p.ClassifiedRateCents = model.MaxRateCents, 0
	assert.NoError(t, p.Validate(), "the bounds themselves are allowed")
	p.ReflectWithin = 1
	p.MinCellSize = 50 // can be raised
	assert.NoError(t, p.Validate())
}

func TestPolicyJSONOverlaysDefaults(t *testing.T) {
	var p model.Policy
	require.NoError(t, json.Unmarshal([]byte(`{"reflect_within":"5d"}`), &p))
	want := model.DefaultPolicy()
	want.ReflectWithin = 5
	assert.Equal(t, want, p)

	require.NoError(t, json.Unmarshal([]byte(`{}`), &p))
	assert.Equal(t, model.DefaultPolicy(), p)

	require.NoError(t, json.Unmarshal([]byte(`{"min_notice":"48h","min_gap":"21d","off":["P5.group-size"]}`), &p))
	assert.Equal(t, model.Duration(48*time.Hour), p.MinNotice)
	assert.Equal(t, model.Days(21), p.MinGap)
	assert.Equal(t, []string{"P5.group-size"}, p.Off)
	assert.Equal(t, model.DefaultPolicy().TargetingAlpha, p.TargetingAlpha)
}

func TestPolicyJSONErrors(t *testing.T) {
	for name, in := range map[string]string{
		"unknown field":        `{"reflect_within":"5d","reflect_whithin":"6d"}`,
		"days as a number":     `{"reflect_within":7}`,
		"days as a duration":   `{"reflect_within":"168h"}`,
		"duration nanoseconds": `{"min_notice":86400000000000}`,
		"bad clock":            `{"earliest_visit":"9am"}`,
		"trailing data":        `{"min_gap":"28d"} {}`,
	} {
		t.Run(name, func(t *testing.T) {
			var p model.Policy
			assert.Error(t, json.Unmarshal([]byte(in), &p))
		})
	}
	var p model.Policy
	err := json.Unmarshal([]byte(`{"reflect_whithin":"6d"}`), &p)
	assert.ErrorContains(t, err, "reflect_whithin")
}

func TestPolicyJSONReadableValues(t *testing.T) {
	b, err := json.Marshal(model.DefaultPolicy())
	require.NoError(t, err)
	s := string(b)
	for _, want := range []string{
		`"min_notice":"24h"`, `"refresher_after":"730d"`, `"duration_min":"30m"`, `"duration_max":"40m"`,
		`"duration_finding_max":"1h"`, `"reflect_within":"7d"`, `"visit_length":"40m"`, `"travel_buffer":"20m"`,
		`"min_gap":"28d"`, `"earliest_visit":"09:00"`, `"latest_visit":"20:00"`,
	} {
		assert.Contains(t, s, want)
	}
	// No nanoseconds or minute counts anywhere.
	for _, bad := range []string{"86400000000000", "2400000000000", "1440", `"off"`} {
		assert.NotContains(t, s, bad)
	}
	var back model.Policy
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, model.DefaultPolicy(), back)
}

func TestPolicyInDataset(t *testing.T) {
	in := strings.Replace(smallJSON(t), `"policy": {"reflect_within": "5d"}`, `"policy": {"reflect_within": "31d", "min_cell_size": 5}`, 1)
	_, err := model.DecodeDataset("pol.json", strings.NewReader(in))
	require.ErrorIs(t, err, model.ErrPolicyBounds)
	errs := model.ErrorsOf(err)
	require.Len(t, errs, 2)
	assert.Equal(t, "pol.json:10: policy: min_cell_size: outside its allowed bounds: want ≥ 10", errs[0].Error())
	assert.Equal(t, "reflect_within", errs[1].Field)
	assert.True(t, errors.Is(errs[1], model.ErrPolicyBounds))
}

func TestDecodePolicy(t *testing.T) {
	p, err := model.DecodePolicy("policy.json", strings.NewReader(`{"reflect_within":"5d"}`))
	require.NoError(t, err)
	want := model.DefaultPolicy()
	want.ReflectWithin = 5
	assert.Equal(t, want, p)

	_, err = model.DecodePolicy("policy.json", strings.NewReader(`{"reflect_whithin":"5d"}`))
	assert.ErrorIs(t, err, model.ErrInvalid)
	assert.ErrorContains(t, err, "policy.json:1: policy: ")
	assert.ErrorContains(t, err, "reflect_whithin")

	_, err = model.DecodePolicy("policy.json", strings.NewReader(`{"reflect_within":"31d"}`))
	assert.ErrorIs(t, err, model.ErrPolicyBounds)
	assert.EqualError(t, err, "policy.json:1: policy: reflect_within: outside its allowed bounds: want 1d to 30d")

	// A byte order mark, as some Windows editors write, is skipped.
	p, err = model.DecodePolicy("policy.json", strings.NewReader("\ufeff{\"reflect_within\":\"5d\"}"))
	require.NoError(t, err)
	assert.Equal(t, want, p)
}

// TestDecodePolicyErrors: every error names the policy file, the line and,
// where there is one, the field.
func TestDecodePolicyErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
		msg  string
	}{
		{"bounds", "{\n  \"min_gap\": \"28d\",\n  \"reflect_within\": \"31d\"\n}\n", model.ErrPolicyBounds,
			"policy.json:3: policy: reflect_within: outside its allowed bounds: want 1d to 30d"},
		{"bounds after a byte order mark", "\ufeff{\n  \"min_gap\": \"28d\",\n  \"reflect_within\": \"31d\"\n}\n", model.ErrPolicyBounds,
			"policy.json:3: policy: reflect_within: outside its allowed bounds"},
		{"a default out of bounds against a field set", "{\n  \"duration_min\": \"50m\"\n}\n", model.ErrPolicyBounds,
			"policy.json:1: policy: duration_max: outside its allowed bounds"},
		{"unknown field", "{\n  \"min_gap\": \"28d\",\n  \"min_gapp\": \"28d\"\n}\n", model.ErrInvalid,
			`policy.json:3: policy: min_gapp: invalid value: json: unknown field "min_gapp"`},
		{"bad value", "{\n  \"min_notice\": \"900d\"\n}\n", model.ErrInvalid,
			`policy.json:2: policy: min_notice: invalid value: duration "900d"`},
		{"wrong type", "{\n\n  \"max_reinvites\": \"one\"\n}\n", model.ErrInvalid,
			"policy.json:3: policy: max_reinvites: invalid value: got JSON string, want int"},
		{"syntax error", "{\n  \"min_gap\": \"28d\",,\n  \"max_reinvites\": 1\n}\n", model.ErrInvalid,
			"policy.json:2: policy: invalid value: invalid character ','"},
		{"syntax error after a byte order mark", "\ufeff{\n  \"min_gap\": \"28d\",,\n  \"max_reinvites\": 1\n}\n", model.ErrInvalid,
			"policy.json:2: policy: invalid value: invalid character ','"},
		{"truncated", "{\n  \"min_gap\": \"28d\",\n", model.ErrInvalid, "policy.json:3: policy: invalid value: unexpected EOF"},
		{"empty", "", model.ErrInvalid, "policy.json:1: policy: invalid value: EOF"},
		{"a second object", "{}\n{}\n", model.ErrInvalid, "policy.json:2: policy: invalid value: data after the policy object"},
		{"an array", "\n[]", model.ErrInvalid, "policy.json:2: policy: invalid value: want a JSON object"},
		{"null", "null", model.ErrInvalid, "policy.json:1: policy: invalid value: want a JSON object"},
		{"a byte order mark inside", " \ufeff{}", model.ErrInvalid, "policy.json:1: policy: invalid value: want a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := model.DecodePolicy("policy.json", strings.NewReader(tt.in))
			require.ErrorIs(t, err, tt.want)
			errs := model.ErrorsOf(err)
			require.NotEmpty(t, errs, "not a RecordError: %v", err)
			var lines []string
			for _, re := range errs {
				assert.Equal(t, "policy.json", re.Source)
				assert.Positive(t, re.Line, "every error names a line: %v", re)
				lines = append(lines, re.Error())
			}
			assert.True(t, hasPrefixLine(lines, tt.msg), "no line starts with\n\t%s\nin\n\t%s", tt.msg, strings.Join(lines, "\n\t"))
		})
	}
}

// TestDecodePolicyChecks: a check the caller adds (the practices package
// checks the rule ids of off) runs on the valid policy, and its record
// errors get the source and the line of their field.
func TestDecodePolicyChecks(t *testing.T) {
	noGroupSize := func(p model.Policy) error {
		var errs model.ValidationErrors
		for i, id := range p.Off {
			if id != "P5.group-size" {
				errs = append(errs, &model.RecordError{Record: "policy", Field: fmt.Sprintf("off[%d]", i), Err: model.ErrInvalid})
			}
		}
		if errs != nil {
			return errs
		}
		return nil
	}
	in := "{\n  \"off\": [\n    \"P5.group-size\",\n    \"P5.pair\"\n  ]\n}\n"
	_, err := model.DecodePolicy("policy.json", strings.NewReader(in), noGroupSize)
	require.ErrorIs(t, err, model.ErrInvalid)
	assert.EqualError(t, err, "policy.json:4: policy: off[1]: invalid value")

	p, err := model.DecodePolicy("policy.json", strings.NewReader(`{"off": ["P5.group-size"]}`), noGroupSize)
	require.NoError(t, err)
	assert.Equal(t, []string{"P5.group-size"}, p.Off)

	// A check that returns a plain error still names the source.
	_, err = model.DecodePolicy("policy.json", strings.NewReader(`{}`), func(model.Policy) error { return errors.New("no") })
	assert.EqualError(t, err, "policy.json:1: policy: no")

	// Checks run only on a policy within its bounds.
	ran := false
	_, err = model.DecodePolicy("policy.json", strings.NewReader(`{"min_cell_size": 3}`), func(model.Policy) error { ran = true; return nil })
	require.ErrorIs(t, err, model.ErrPolicyBounds)
	assert.False(t, ran)
}
