package practicestest

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"

	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
)

// Checker is a compliance checker under test, such as a district system's
// own implementation of the PTHV rules. It judges ds as of asOf under
// ds.Policy and returns the rule ids of its findings (one per finding, or
// one per rule: TestChecker compares sets). It must not modify ds.
//
// An adapter for [practices.Check]:
//
//	func(ds *model.Dataset, asOf time.Time) ([]string, error) {
//		rep, err := practices.Check(ds, asOf, nil)
//		var ids []string
//		for _, f := range rep.Findings {
//			ids = append(ids, f.Rule)
//		}
//		return ids, err
//	}
type Checker func(ds *model.Dataset, asOf time.Time) ([]string, error)

// TestChecker runs c against generated programs and reports where it
// disagrees with the rule catalogue. For each of cases seeds (seed,
// seed+1, …) it draws a [CompliantDataset], on which c must find nothing; a
// [Violating] dataset for every rule of [practices.Rules], on which c must
// find exactly that rule and its [Implied] rules; and an arbitrary
// [Dataset], on which c must not fail and may name only catalogue rules.
// Every dataset is judged as of [AsOf].
//
// TestChecker does not import testing, so it runs under *testing.T and
// *rapid.T alike. It returns nil if c agrees on every case, and otherwise a
// [*CheckerError] listing the rule ids c misses or falsely raises, with
// the seed of each failing case. cases below 1 are taken as 1. The same
// seed always draws the same datasets.
func TestChecker(c Checker, cases int, seed uint64) error {
	cases = max(cases, 1)
	known := map[string]bool{}
	var ids []string
	for _, r := range practices.Rules() {
		known[r.ID] = true
		ids = append(ids, r.ID)
	}
	var errs []Mismatch
	total := 0
	for i := range cases {
		s := seed + uint64(i)
		total++
		if m, ok := runCase(c, "compliant", CompliantDataset(), s, nil, known, true); !ok {
			errs = append(errs, m)
		}
		for _, id := range ids {
			total++
			want := append([]string{id}, Implied(id)...)
			if m, ok := runCase(c, id, Violating(id), s, want, known, true); !ok {
				errs = append(errs, m)
			}
		}
		total++
		if m, ok := runCase(c, "arbitrary", Dataset(), s, nil, known, false); !ok {
			errs = append(errs, m)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return &CheckerError{Mismatches: errs, Cases: total}
}

// runCase draws one dataset and compares c's rule ids with want; exact
// says whether the ids must equal want or only be catalogue rules.
func runCase(c Checker, name string, g *rapid.Generator[*model.Dataset], seed uint64, want []string, known map[string]bool, exact bool) (m Mismatch, ok bool) {
	m = Mismatch{Case: name, Seed: seed}
	ds, err := draw(g, seed)
	if err != nil {
		m.Err = err
		return m, false
	}
	var before bytes.Buffer
	if err := model.EncodeDataset(&before, ds, model.EncodeOptions{IncludeContacts: true, Compact: true}); err != nil {
		m.Err = fmt.Errorf("generated dataset does not encode: %w", err)
		return m, false
	}
	got, err := call(c, ds, AsOf(ds))
	if err != nil {
		m.Err = err
		return m, false
	}
	var after bytes.Buffer
	if err := model.EncodeDataset(&after, ds, model.EncodeOptions{IncludeContacts: true, Compact: true}); err != nil || !bytes.Equal(before.Bytes(), after.Bytes()) {
		m.Err = fmt.Errorf("the checker modified the dataset")
		return m, false
	}
	got = distinct(got)
	for _, id := range got {
		if !known[id] {
			m.Extra = append(m.Extra, id)
		}
	}
	if exact {
		want = distinct(want)
		for _, id := range want {
			if !slices.Contains(got, id) {
				m.Missed = append(m.Missed, id)
			}
		}
		for _, id := range got {
			if known[id] && !slices.Contains(want, id) {
				m.Extra = append(m.Extra, id)
			}
		}
		slices.Sort(m.Extra)
	}
	return m, len(m.Missed) == 0 && len(m.Extra) == 0
}

func draw(g *rapid.Generator[*model.Dataset], seed uint64) (ds *model.Dataset, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("generator panicked: %v", r)
		}
	}()
	ds = g.Example(int(seed))
	if err := ds.Validate(); err != nil {
		return nil, fmt.Errorf("generated dataset is invalid: %w", err)
	}
	return ds, nil
}

func call(c Checker, ds *model.Dataset, asOf time.Time) (ids []string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("checker panicked: %v", r)
		}
	}()
	ids, err = c(ds, asOf)
	if err != nil {
		err = fmt.Errorf("checker failed: %w", err)
	}
	return ids, err
}

func distinct(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// Mismatch is one generated case on which a [Checker] disagreed with the
// catalogue.
type Mismatch struct {
	// Case is "compliant", "arbitrary", or the id of the rule the dataset
	// violates.
	Case string
	// Seed reproduces the dataset: the generator's Example(int(Seed)).
	Seed uint64
	// Missed are rule ids the checker should have found and did not.
	Missed []string
	// Extra are rule ids the checker found falsely.
	Extra []string
	// Err is the checker's error or panic, if it failed.
	Err error
}

// String describes the mismatch in one line.
func (m Mismatch) String() string {
	var parts []string
	if len(m.Missed) > 0 {
		parts = append(parts, "misses "+strings.Join(m.Missed, ", "))
	}
	if len(m.Extra) > 0 {
		parts = append(parts, "falsely raises "+strings.Join(m.Extra, ", "))
	}
	if m.Err != nil {
		parts = append(parts, m.Err.Error())
	}
	what := m.Case
	if what != "compliant" && what != "arbitrary" {
		what = "violating " + what
	}
	return fmt.Sprintf("%s dataset (seed %d): %s", what, m.Seed, strings.Join(parts, "; "))
}

// CheckerError is the error [TestChecker] returns when a checker disagrees
// with the catalogue.
type CheckerError struct {
	Mismatches []Mismatch
	Cases      int // how many datasets were checked
}

// Missed returns the rule ids the checker missed on some case, sorted.
func (e *CheckerError) Missed() []string {
	var out []string
	for _, m := range e.Mismatches {
		out = append(out, m.Missed...)
	}
	return distinct(out)
}

// FalselyRaised returns the rule ids the checker raised where they do not
// apply, sorted.
func (e *CheckerError) FalselyRaised() []string {
	var out []string
	for _, m := range e.Mismatches {
		out = append(out, m.Extra...)
	}
	return distinct(out)
}

// Error lists the rule ids missed and falsely raised, then every
// mismatching case.
func (e *CheckerError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "practicestest: checker disagrees with the catalogue on %d of %d datasets", len(e.Mismatches), e.Cases)
	if ids := e.Missed(); len(ids) > 0 {
		fmt.Fprintf(&b, "; misses %s", strings.Join(ids, ", "))
	}
	if ids := e.FalselyRaised(); len(ids) > 0 {
		fmt.Fprintf(&b, "; falsely raises %s", strings.Join(ids, ", "))
	}
	for _, m := range e.Mismatches {
		b.WriteString("\n\t")
		b.WriteString(m.String())
	}
	return b.String()
}
