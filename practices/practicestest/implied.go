package practicestest

import (
	"slices"

	"github.com/homevisits/pthv/practices"
)

// Implied returns the rules that a breach of ruleID also breaks, as the
// catalogue lists them in Rule.Implies of [practices.Rules] (a solo visit
// cannot be reflected on together: P5.pair implies P5.reflection). A
// dataset from [Violating] breaks exactly ruleID and these. The result is a
// sorted copy; it is nil for an unknown rule.
func Implied(ruleID string) []string {
	r, ok := practices.RuleByID(ruleID)
	if !ok {
		return nil
	}
	out := slices.Clone(r.Implies)
	slices.Sort(out)
	return out
}
