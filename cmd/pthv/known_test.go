package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUnknownNamesAreBadInput: a school, class, teacher, attribute, rule,
// team member or student the input does not have is bad input in every
// command — exit 2, the unknown name and, when there are few, the known
// ones — and no output file is written.
func TestUnknownNamesAreBadInput(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	teams := filepath.Join(dir, "teams.json")
	require.NoError(t, os.WriteFile(teams, []byte(`{"teams":[{"members":["E-T1","E-LI"]},{"members":["E-PR","E-NOPE"]}]}`), 0o644))
	design := filepath.Join(dir, "design.json")
	require.NoError(t, os.WriteFile(design, []byte(`{"selection":{"balance":["shoe_size"]}}`), 0o644))

	cases := []struct {
		name string
		args []string
		want string
	}{
		{"pair school", []string{"pair", small, "--school", "S999", "-o", out},
			`pthv pair: --school: unknown school "S999" (known: S1)`},
		{"pair one school of two", []string{"pair", small, "--school", "S1, S999", "-o", out},
			`pthv pair: --school: unknown school "S999" (known: S1)`},
		{"pair teams flag with partners", []string{"pair", small, "--mode", "partners", "--school", "S1", "-o", out},
			`pthv pair: --school applies to --mode teams only`},
		{"pair partners flag with teams", []string{"pair", small, "--across-schools", "-o", out},
			`pthv pair: --across-schools applies to --mode partners only`},
		{"plan school", []string{"plan", small, "--share", "0.5", "--scope", "school=S999", "-o", out},
			`pthv plan: --scope: unknown school "S999" (known: S1)`},
		{"plan class", []string{"plan", small, "--share", "0.5", "--scope", "class=C-9Z", "-o", out},
			`pthv plan: --scope: unknown class "C-9Z" (known: C-3A)`},
		{"plan teacher", []string{"plan", small, "--share", "0.5", "--scope", "school=S1,teacher=E-T9", "-o", out},
			`pthv plan: --scope: unknown teacher "E-T9" (known: E-DC, E-LI, E-PR, E-T1)`},
		{"plan attribute", []string{"plan", small, "--share", "0.5", "--balance", "ell,shoe_size", "-o", out},
			`pthv plan: --balance: unknown attribute "shoe_size" (known: ell, grade, home_language, school)`},
		{"check rule", []string{"check", small, "--rules", "P5.pair,P5.pairs", "-o", out},
			`pthv check: --rules: unknown rule "P5.pairs" (docs/rules.md has `},
		{"report rule", []string{"report", small, "--rules", "P9.*", "-o", out},
			`pthv report: --rules: unknown rule "P9.*" (docs/rules.md has `},
		{"schedule team member", []string{"schedule", small, "--as-of", "2025-09-01", "--teams", teams, "-o", out},
			`pthv schedule: ` + teams + `: teams[1]: unknown educator "E-NOPE" (known: E-DC, E-LI, E-PR, E-T1)`},
		{"lookup student", []string{"lookup", small, "ST9"},
			`pthv lookup: unknown student "ST9" (known: ST1, ST2)`},
		{"simulate attribute", []string{"simulate", "--design", design, "--runs", "1", "--fast", "-o", out},
			`must be one of ell, frl, grade, home_language, iep, got "shoe_size"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := pthv(t, c.args...)
			assert.Equal(t, exitUsage, code, stderr)
			assert.Contains(t, stderr, c.want)
			assert.Empty(t, stdout)
			assert.NoFileExists(t, out)
		})
	}
}

func TestKnownListsFewAndCountsMany(t *testing.T) {
	few := known{kind: "school", kinds: "schools", source: "d.json", ids: []string{"S1", "S2"}}
	assert.NoError(t, few.check("S2", "S1"))
	assert.EqualError(t, few.check("S1", "S3", "S4"), `unknown school "S3" (known: S1, S2)`)

	var ids []string
	for i := range maxListed + 1 {
		ids = append(ids, string(rune('a'+i)))
	}
	many := known{kind: "student", kinds: "students", source: "d.json", ids: ids}
	assert.EqualError(t, many.check("z"), `unknown student "z" (d.json has 13 students)`)

	none := known{kind: "class", kinds: "classes", source: "d.json"}
	assert.EqualError(t, none.check("C1"), `unknown class "C1" (d.json has no classes)`)
	assert.NoError(t, none.check())
}

// TestUnknownNamesSuggestTheMeant: past the list's length an unknown id
// names the ids it may have meant; the rule catalogue names its
// practices; a listed attribute is pointed to when it contains the word.
func TestUnknownNamesSuggestTheMeant(t *testing.T) {
	var ids []string
	for i := range 700 {
		ids = append(ids, fmt.Sprintf("S%04d", i+1))
	}
	schools := known{kind: "school", kinds: "schools", source: "national.json", ids: ids}
	assert.EqualError(t, schools.check("S0701"),
		`unknown school "S0701" (national.json has 700 schools); did you mean S0001, S0071 or S0101?`)

	code, _, stderr := pthv(t, "check", small, "--rules", "P5.pairs")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `--rules: unknown rule "P5.pairs" (docs/rules.md has `)
	assert.Contains(t, stderr, ` rules: P1.*, P2.*, P3.*, P4.*, P5.*, R.*, L.*); did you mean P5.pair?`)

	code, _, stderr = pthv(t, "plan", small, "--share", "0.5", "--balance", "language")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `--balance: unknown attribute "language" (known: ell, grade, home_language, school); did you mean home_language?`)
}

// TestDateErrorsSayWhatIsWrong: a date in the right form whose month or
// day does not exist says so, rather than repeating the form.
func TestDateErrorsSayWhatIsWrong(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"check", small, "--as-of", "2026-13-01"}, `pthv check: --as-of: date "2026-13-01": month 13 is out of range (01 to 12)`},
		{[]string{"report", small, "--as-of", "2026-02-29"}, `pthv report: --as-of: date "2026-02-29": day 29 is out of range: February 2026 has 28 days`},
		{[]string{"lookup", small, "ST1", "--as-of", "2026-04-31"}, `day 31 is out of range: April 2026 has 30 days`},
		{[]string{"check", small, "--as-of", "06/05/2026"}, `pthv check: --as-of: date "06/05/2026": want YYYY-MM-DD`},
		{[]string{"export", "payroll", small, "--period", "2025-13"}, `--period "2025-13": month out of range`},
	}
	for _, c := range cases {
		code, stdout, stderr := pthv(t, c.args...)
		assert.Equal(t, exitUsage, code, "%v", c.args)
		assert.Empty(t, stdout)
		assert.Contains(t, stderr, c.want)
		if strings.Contains(c.want, "out of range") {
			assert.NotContains(t, stderr, "want YYYY-MM-DD", "%v", c.args)
		}
	}
}
