package simulate

import "github.com/homevisits/pthv/model"

// moneySum adds amounts of money with [model.AddCents] and keeps the first
// overflow, so that a run returns it (wrapping [model.ErrAmountOverflow])
// rather than a cost that wrapped around. Design bounds keep real runs far
// from it; the check is what makes that a guarantee.
type moneySum struct{ err error }

// add adds amount to *sum, unless a sum has already overflowed.
func (m *moneySum) add(sum *int64, amount int64) {
	if m.err != nil {
		return
	}
	n, err := model.AddCents(*sum, amount)
	if err != nil {
		m.err = err
		return
	}
	*sum = n
}

// addTo adds amount to the sum of source in sums.
func (m *moneySum) addTo(sums map[model.FundingSource]int64, source model.FundingSource, amount int64) {
	n := sums[source]
	m.add(&n, amount)
	sums[source] = n
}
