package practicestest_test

import (
	"fmt"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/practices/practicestest"
)

// A district's own compliance logic is wrapped as a Checker and run against
// generated cases, in the spirit of testing/fstest.TestFS. Here the checker
// under test is pthv's own Check, which conforms.
func ExampleTestChecker() {
	checker := func(ds *model.Dataset, asOf time.Time) ([]string, error) {
		rep, err := practices.Check(ds, asOf, nil)
		if err != nil {
			return nil, err
		}
		var ids []string
		for _, f := range rep.Findings {
			ids = append(ids, f.Rule)
		}
		return ids, nil
	}
	if err := practicestest.TestChecker(checker, 2, 1); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("conforms")
	// Output:
	// conforms
}

// A district's own Lookup — over its student information system — is
// checked against a dataset holding the same records. Here the lookup is
// practices.NewLookup over the records of a generated program, which
// conforms.
func ExampleTestLookup() {
	ds := practicestest.CompliantDataset().Example(1)
	district := practices.NewLookup(practices.LookupRecords{
		Year: ds.Year, Calendar: ds.Calendar, Educators: ds.Educators, Students: ds.Students,
		Invitations: ds.Invitations, Withdrawals: ds.Withdrawals, Visits: ds.Visits,
	})
	if err := practicestest.TestLookup(district, ds); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("conforms")
	// Output:
	// conforms
}
