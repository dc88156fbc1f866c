package model

import (
	"errors"
	"fmt"
)

// MaxAmountCents is the largest amount of money one payment record may
// carry, in cents: $100,000.00 for a [Stipend] (a whole school year) or
// for one visitor's [Compensation] for one visit. It is far above any real
// payment and far below int64's range, so [Dataset.Validate] catches a
// mistyped amount, and a sum over every payment of a dataset cannot reach
// the range in any memory it could be held in.
const MaxAmountCents int64 = 10_000_000

// MaxRateCents is the highest hourly rate a [Policy] may set, in cents:
// $1,000.00 an hour. At that rate a visit of the longest length a planner
// gives ([Policy.VisitLength], at most 4h) pays a visitor $4,000.00, well
// within [MaxAmountCents].
const MaxRateCents int64 = 100_000

// ErrAmountOverflow: a sum of money does not fit in an int64 count of
// cents. Every sum of amounts in pthv is made with [AddCents] and returns
// this error rather than wrapping around.
var ErrAmountOverflow = errors.New("sum of money out of range")

// AddCents returns a+b, or an error wrapping [ErrAmountOverflow] when the
// sum does not fit in an int64.
func AddCents(a, b int64) (int64, error) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, fmt.Errorf("%w: %s + %s", ErrAmountOverflow, FormatDollars(a), FormatDollars(b))
	}
	return s, nil
}

// FormatCents writes an amount of cents as dollars and cents with a point,
// for programs: "1234.05", "-1.05", "0.00". Every int64 gives a
// well-formed amount, the most negative included.
func FormatCents(cents int64) string { return formatCents(cents, "") }

// FormatDollars writes an amount of cents for people: "$1234.05", and
// "-$1.05" below zero.
func FormatDollars(cents int64) string { return formatCents(cents, "$") }

// formatCents writes cents with the sign first, then symbol, then the
// dollars and two digits of cents. The magnitude is taken as a uint64, so
// that the most negative int64 has one too.
func formatCents(cents int64, symbol string) string {
	sign, u := "", uint64(cents)
	if cents < 0 {
		sign, u = "-", -u
	}
	return fmt.Sprintf("%s%s%d.%02d", sign, symbol, u/100, u%100)
}
