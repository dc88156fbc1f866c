package practices

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite docs/rules.md from the catalogue")

const rulesDoc = "../docs/rules.md"

// TestRulesDocMatchesCatalogue keeps docs/rules.md in step with the code:
// the document is generated from Rules(), and any drift fails here. Run
// "go test ./practices -run RulesDoc -update" after changing the catalogue.
func TestRulesDocMatchesCatalogue(t *testing.T) {
	want := rulesMarkdown()
	if *update {
		require.NoError(t, os.WriteFile(rulesDoc, want, 0o644))
	}
	got, err := os.ReadFile(rulesDoc)
	require.NoError(t, err)
	require.Equal(t, string(want), string(got), "docs/rules.md is stale: run go test ./practices -run RulesDoc -update")
}

// TestRulesDocIDs compares the rule ids that docs/rules.md names with the
// catalogue's, independently of the generator.
func TestRulesDocIDs(t *testing.T) {
	got, err := os.ReadFile(rulesDoc)
	require.NoError(t, err)
	re := regexp.MustCompile("(?m)^\\| `((?:P[1-5]|R|L)\\.[a-z-]+)`")
	var docIDs []string
	for _, m := range re.FindAllStringSubmatch(string(got), -1) {
		docIDs = append(docIDs, m[1])
	}
	var ids []string
	for _, r := range Rules() {
		ids = append(ids, r.ID)
	}
	require.Equal(t, ids, docIDs)
}

func TestCatalogueIsWellFormed(t *testing.T) {
	seen := map[string]bool{}
	idPattern := regexp.MustCompile(`^(P[1-5]|R|L)\.[a-z]+(-[a-z]+)*$`)
	for _, r := range Rules() {
		assert.Truef(t, idPattern.MatchString(r.ID), "%s: malformed id", r.ID)
		assert.Falsef(t, seen[r.ID], "%s: duplicate id", r.ID)
		seen[r.ID] = true
		assert.Truef(t, strings.HasPrefix(r.ID, r.Practice+"."), "%s: practice %s", r.ID, r.Practice)
		assert.NotEmptyf(t, r.Title, "%s: title", r.ID)
		assert.NotEmptyf(t, r.Source, "%s: source", r.ID)
		assert.Containsf(t, []Severity{Violation, Advisory, Data}, r.Severity, "%s: severity", r.ID)
	}
	for _, r := range Rules() {
		for _, imp := range r.Implies {
			assert.Truef(t, seen[imp], "%s implies unknown rule %s", r.ID, imp)
		}
	}
}

// TestCatalogueFitsFixedUnits: a prepared unit of a fixed rule names its
// rule in one byte (fixedUnit).
func TestCatalogueFitsFixedUnits(t *testing.T) {
	require.LessOrEqual(t, len(catalogue()), math.MaxUint8+1)
}

func TestMatchRules(t *testing.T) {
	assert.Equal(t, []string{"P5.pair", "P5.group-size", "P5.teacher-on-visit", "P5.reflection", "P5.bias-reflection", "P5.language", "P5.pair-variety"}, MatchRules("P5.*"))
	assert.Equal(t, MatchRules("P5.*"), MatchRules("P5"))
	assert.Equal(t, []string{"P1.notice"}, MatchRules("P1.notice"))
	assert.Len(t, MatchRules(""), len(Rules()))
	assert.Empty(t, MatchRules("P9.*"))
}

// rulesMarkdown renders the catalogue as docs/rules.md.
func rulesMarkdown() []byte {
	var b bytes.Buffer
	b.WriteString(rulesIntro)
	practice := ""
	for _, r := range Rules() {
		if r.Practice != practice {
			practice = r.Practice
			fmt.Fprintf(&b, "\n## %s\n\n", PracticeTitle(practice))
			b.WriteString("| id | severity | unit | due | policy | rule |\n|---|---|---|---|---|---|\n")
		}
		id := "`" + r.ID + "`"
		mark := ""
		if r.AtBooking {
			mark = "● "
		}
		pol := ""
		if len(r.Policy) > 0 {
			pol = "`" + strings.Join(r.Policy, "`, `") + "`"
		}
		rule := r.Title
		if len(r.Implies) > 0 {
			rule += " (implies " + strings.Join(slices.Clone(r.Implies), ", ") + ")"
		}
		fmt.Fprintf(&b, "| %s | %s%s | %s | %s | %s | %s. Source: %s |\n", id, mark, r.Severity, r.Unit, r.Due, pol, rule, r.Source)
	}
	b.WriteString(rulesOutro)
	return b.Bytes()
}

const rulesIntro = `# The PTHV rule catalogue

<!-- Generated from practices.Rules() by "go test ./practices -run RulesDoc -update". Do not edit by hand. -->

Every rule that ` + "`pthv check`" + ` and ` + "`practices.Check`" + ` apply, with its stable id. Ids
appear in findings, in the CLI's ` + "`--rules`" + ` filters (` + "`P5.*`" + `, ` + "`P1.notice`" + `) and in tests.

## How a rule judges

- **Severity.** *violation* breaks one of the five non-negotiables; no policy can silence
  it. *advisory* is a recommendation of the seeds or of RTI's implementation study; a
  policy may tune it or turn it off (` + "`off`" + `). *data* means the record itself is
  incoherent; it is reported but does not count toward fidelity.
- **Three outcomes per unit:** pass, finding, or **not assessable** — a field the rule
  needs was not recorded. Missing data is never a violation; the report counts
  not-assessable units per rule so a coordinator sees what to record.
- **Unit.** Each rule judges one kind of unit (visit, visit×educator, student-year,
  family-year, educator-year, school-year, scope×attribute, district-year, record) and
  gives at most one finding per unit. Fidelity of a rule = passing units ÷ assessable
  units. A unit is listed under every school of the students it concerns and counted
  once in the district.
- **Per student.** The lifecycle runs per student and school year: a visit belongs to
  the students it names, and each student's first completed visit of the year is its
  first visit (a visit naming no student concerns every student of the family).
- **Which year.** An invitation is for the school year of its sent_at, or its year
  field; its answer counts for that year only.
- **Due point.** A unit is judged only once its outcome is settled (after the visit;
  after the reflection window; at the end of spring or of the school year). Before that
  the report shows progress, never a finding, so ` + "`check`" + ` can run every month.
- **● At booking.** Rules marked ● are decidable for a proposed visit. ` + "`practices.Guard`" + `
  applies exactly these, and a visit Guard accepts never gets one of them from Check.
- **Policy.** The numbers are ` + "`model.Policy`" + ` fields, with defaults from the seeds or
  documented library choices; thresholds of violation rules move only within bounds
  that ` + "`Policy.Validate`" + ` enforces, so no setting switches a non-negotiable off.
- **Implied rules.** Some violations imply others (a solo visit cannot be reflected on
  together); a breach is reported with the rules it implies.
`

const rulesOutro = `
## Coverage and outcomes: figures, never findings

Coverage — the share of students and of families visited per school — is a report
figure. A school visiting at least 10% of its students (` + "`systematic_coverage`" + `) is
"systematic", the threshold Sheldon & Jung (Johns Hopkins, 2018) used. A coverage finding
would act as the quota the seeds warn against, so there is none.

For schools that visit systematically, Sheldon & Jung report, for all students of those
schools (visited or not): chronic absenteeism likelihood −22% (risk′ = 0.78·risk) and ELA
proficiency odds +35% (odds′ = 1.35·odds, p′ = 1.35p / (1 + 0.35p)). These are associations
the study reports, not causal effects; ` + "`simulate`" + ` uses them as documented assumptions.
`
