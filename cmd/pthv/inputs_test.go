package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// smallWith writes small.json, with each old text of pairs replaced by its
// new text, to name in a fresh folder and returns its path.
func smallWith(t *testing.T, name string, pairs ...string) string {
	t.Helper()
	data, err := os.ReadFile(small)
	require.NoError(t, err)
	s := string(data)
	for i := 0; i+1 < len(pairs); i += 2 {
		require.Equal(t, 1, strings.Count(s, pairs[i]), "%q must occur once", pairs[i])
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return writeTemp(t, name, s)
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	return path
}

// TestTimeZoneMustBeIANA: a calendar in "Local" would make the findings
// depend on the machine's zone; validate and check refuse it, naming the
// file, line and field.
func TestTimeZoneMustBeIANA(t *testing.T) {
	for _, tz := range []string{"Local", "localtime", "posixrules", "America/"} {
		path := smallWith(t, "local.json", `"time_zone": "America/Los_Angeles"`, `"time_zone": "`+tz+`"`)
		for _, args := range [][]string{{"validate", path}, {"check", path, "--as-of", "2026-07-01"}} {
			code, stdout, stderr := pthv(t, args...)
			assert.Equal(t, exitUsage, code, "%s %s", args[0], tz)
			assert.Empty(t, stdout)
			assert.Contains(t, stderr, "local.json:5: calendar: time_zone: invalid value: "+`"`+tz+`"`)
		}
	}
	// OneRoster carries no time zone: the flag that gives it is held to
	// the same rule.
	out := filepath.Join(t.TempDir(), "roster.json")
	code, _, stderr := pthv(t, "import", "oneroster", rosterSample, "-o", out, "--tz", "Local")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `unknown time zone "Local": use an IANA name`)
	assert.NoFileExists(t, out)
}

// TestByteOrderMark: a dataset or policy file saved with a UTF-8 byte
// order mark reads like one without, and errors keep their lines.
func TestByteOrderMark(t *testing.T) {
	data, err := os.ReadFile(small)
	require.NoError(t, err)
	bom := writeTemp(t, "bom.json", "\ufeff"+string(data))
	code, stdout, stderr := pthv(t, "validate", bom)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "ok: pthv/v1")

	_, want, _ := pthv(t, "check", small, "--as-of", "2026-07-01", "--format", "json")
	code, got, stderr := pthv(t, "check", bom, "--as-of", "2026-07-01", "--format", "json")
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, want, got)

	pol := writeTemp(t, "policy.json", "\ufeff{\n  \"reflect_within\": \"5d\"\n}\n")
	code, _, stderr = pthv(t, "check", bom, "--as-of", "2026-07-01", "--policy", pol)
	require.Equal(t, exitOK, code, stderr)

	bad := writeTemp(t, "bad.json", "\ufeff"+strings.Replace(string(data), `"duration": "40m"`, `"duration": "-5m"`, 1))
	code, _, stderr = pthv(t, "validate", bad)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `bad.json:42: visit "V1": duration:`)
}

// TestPolicyFileErrors: every problem with a --policy file is reported
// against that file, with its line and field — never against the dataset.
func TestPolicyFileErrors(t *testing.T) {
	tests := []struct {
		name, policy, want string
	}{
		{"out of bounds", "{\n  \"min_gap\": \"28d\",\n  \"reflect_within\": \"31d\"\n}\n",
			"policy.json:3: policy: reflect_within: outside its allowed bounds"},
		{"a violation rule turned off", "{\n  \"off\": [\n    \"P3.duration\",\n    \"P5.pair\"\n  ]\n}\n",
			"policy.json:4: policy: off[1]: practices: invalid policy: P5.pair is a violation rule and cannot be turned off"},
		{"an unknown rule turned off", "{\"off\": [\"P9.nothing\"]}",
			`policy.json:1: policy: off[0]: practices: invalid policy: unknown rule "P9.nothing"`},
		{"unknown field", "{\n  \"reflect_whithin\": \"5d\"\n}\n",
			`policy.json:2: policy: reflect_whithin: invalid value: json: unknown field "reflect_whithin"`},
		{"bad value", "{\n\n  \"min_notice\": \"900d\"\n}\n", `policy.json:3: policy: min_notice: invalid value: duration "900d"`},
		{"syntax error", "{\n  \"min_gap\": \"28d\"\n  \"max_reinvites\": 1\n}\n", "policy.json:3: policy: invalid value: invalid character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol := writeTemp(t, "policy.json", tt.policy)
			for _, cmd := range []string{"check", "report"} {
				code, _, stderr := pthv(t, cmd, small, "--as-of", "2026-07-01", "--policy", pol)
				assert.Equal(t, exitUsage, code, cmd)
				assert.Contains(t, stderr, "pthv "+cmd+": "+filepath.Dir(pol)+string(filepath.Separator)+tt.want)
				assert.NotContains(t, stderr, "small.json", "the dataset is not at fault")
			}
		})
	}
}

// TestMissingSectionNamesALine: a dataset without a required section is
// bad input whose error names the line where the document ends.
func TestMissingSectionNamesALine(t *testing.T) {
	path := smallWith(t, "nodistrict.json", `"district": {"id": "D1", "name": "Meadowview Unified", "coordinator": "E-DC"},`, ``)
	code, _, stderr := pthv(t, "check", path, "--as-of", "2026-07-01")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "nodistrict.json:64: district: id: required")
}

// TestPayrollAmounts: an amount past the bound, which made the payroll's
// sums wrap around (92233720368547758.05, 0.-2), is bad input naming the
// file, line and field; an amount at the bound is summed and written
// well-formed.
func TestPayrollAmounts(t *testing.T) {
	for _, amount := range []string{"9223372036854775000", "10000001"} {
		path := smallWith(t, "pay.json", `"amount_cents": 2667`, `"amount_cents": `+amount)
		code, stdout, stderr := pthv(t, "export", "payroll", path, "--as-of", "2026-07-01")
		assert.Equal(t, exitUsage, code)
		assert.Empty(t, stdout)
		assert.Contains(t, stderr, `pay.json:42: visit "V1": compensation[0].amount_cents: invalid value: `+amount+`: must be at most 10000000 cents ($100000.00)`)
	}
	path := smallWith(t, "pay.json", `"amount_cents": 2667`, `"amount_cents": 10000000`)
	code, stdout, stderr := pthv(t, "export", "payroll", path, "--as-of", "2026-07-01")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "2025-08,E-T1,S1,certificated,teacher,1,0,40,0,0.00,100000.00,0.00,0.00,0.00,0.00,100000.00\n")

	path = smallWith(t, "stipend.json", `"amount_cents": 50000`, `"amount_cents": -1`)
	code, _, stderr = pthv(t, "validate", path)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `stipend.json:18: educator "E-LI": stipends[0].amount_cents: invalid value: -1: must not be negative`)
}

// TestRateBound: a policy rate past the bound would give a single visit an
// absurd pay; it is refused wherever the policy comes from.
func TestRateBound(t *testing.T) {
	path := smallWith(t, "rate.json", `"policy": {"reflect_within": "5d"}`, `"policy": {"reflect_within": "5d", "certificated_rate_cents": 100001}`)
	code, _, stderr := pthv(t, "schedule", path, "--as-of", "2025-08-01")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "rate.json:10: policy: certificated_rate_cents: outside its allowed bounds: want 0 to 100000 cents ($1000.00) an hour")

	pol := writeTemp(t, "policy.json", "{\n  \"classified_rate_cents\": 9223372036854775807\n}\n")
	code, _, stderr = pthv(t, "check", small, "--as-of", "2026-07-01", "--policy", pol)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "policy.json:2: policy: classified_rate_cents: outside its allowed bounds")
}

// TestScheduleAmountsAreWellFormed: every amount the schedule prints is
// dollars and two digits of cents.
func TestScheduleAmountsAreWellFormed(t *testing.T) {
	code, stdout, stderr := pthv(t, "schedule", small, "--as-of", "2025-08-01", "--budget", "5005")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "budget $50.05, $50.05 left")
	for _, field := range strings.Fields(stdout) {
		if strings.Contains(field, "$") {
			assert.Regexp(t, `^-?\$\d+\.\d\d,?$`, field)
		}
	}
}
