// Conformance shows how a third party — a student information system or a
// family-engagement app with its own compliance logic — proves that its
// checker follows the PTHV rule catalogue with practicestest.TestChecker,
// in the spirit of testing/fstest: the harness draws compliant programs,
// programs that break exactly one rule (and the rules it implies), and
// arbitrary ones, and lists every rule the checker misses or raises
// falsely.
//
// Here the district's checker judges pairs itself (P5.pair: at least two
// distinct educators on a visit; interpreters do not count) and leaves
// the other rules to practices.Check. A version with a bug — it judges
// pairs only on first visits, the ones its booking screen handles, though
// "a solo visit after a last-minute change is still a violation" on any
// visit — is caught.
//
//	go run ./examples/conformance
package main

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"slices"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/practices/practicestest"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(w io.Writer) error {
	const cases, seed = 3, 1
	err := practicestest.TestChecker(districtChecker(pairOK), cases, seed)
	if err != nil {
		return fmt.Errorf("the district checker should conform: %w", err)
	}
	fmt.Fprintf(w, "district checker: conforms on %d seeds\n", cases)

	err = practicestest.TestChecker(districtChecker(pairOnFirstVisits), cases, seed)
	if ce, ok := errors.AsType[*practicestest.CheckerError](err); ok {
		fmt.Fprintf(w, "buggy checker: misses %v, raises falsely %v\n", ce.Missed(), ce.FalselyRaised())
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "buggy checker: the generated cases did not catch it")
	return nil
}

// districtChecker is the district's checker: its own P5.pair judgment,
// and practices.Check for every other rule. It adapts to
// practicestest.Checker: the rule ids of its findings.
func districtChecker(pair func(v *model.Visit) bool) practicestest.Checker {
	return func(ds *model.Dataset, asOf time.Time) ([]string, error) {
		rep, err := practices.Check(ds, asOf, nil)
		if err != nil {
			return nil, err
		}
		var ids []string
		for _, f := range rep.Findings {
			if f.Rule != "P5.pair" {
				ids = append(ids, f.Rule)
			}
		}
		for i := range ds.Visits {
			v := &ds.Visits[i]
			if v.TookPlace(asOf) && !pair(v) {
				ids = append(ids, "P5.pair")
			}
		}
		return ids, nil
	}
}

// pairOK: at least two distinct educators visited.
func pairOK(v *model.Visit) bool {
	ids := slices.Clone(v.Visitors)
	slices.Sort(ids)
	return len(slices.Compact(ids)) >= 2
}

// pairOnFirstVisits has the bug: a second visit always passes.
func pairOnFirstVisits(v *model.Visit) bool {
	return v.Kind == model.SecondVisit || pairOK(v)
}
