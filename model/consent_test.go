package model_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
)

// TestConsentForReadsOnlyThisYear: last year's acceptance does not carry
// over; a spring acceptance for the coming year counts for it, and a
// withdrawal before that year's summer takes it back; a withdrawal of an
// earlier year does not count against a new year's answer.
func TestConsentForReadsOnlyThisYear(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }
	const this, last = model.SchoolYearID("2025-26"), model.SchoolYearID("2024-25")
	inSep := day(2025, time.September, 15)
	for _, c := range []struct {
		name         string
		history      []model.ConsentChange
		want         model.Response
		wantDeclined bool
	}{
		{"last year's yes", []model.ConsentChange{{At: day(2024, 9, 1), Response: model.Accepted, Year: last}},
			model.NoResponse, false},
		{"spring yes for this year", []model.ConsentChange{{At: day(2025, 4, 1), Response: model.Accepted, Year: this}},
			model.Accepted, false},
		{"spring yes, then withdrawn before summer", []model.ConsentChange{
			{At: day(2025, 4, 1), Response: model.Accepted, Year: this},
			{At: day(2025, 5, 1), Response: model.Declined, Withdrawn: true}},
			model.Declined, true},
		{"withdrawn last year, yes this year", []model.ConsentChange{
			{At: day(2024, 10, 1), Response: model.Declined, Withdrawn: true, Year: last},
			{At: day(2025, 5, 20), Response: model.Declined, Withdrawn: true},
			{At: day(2025, 8, 20), Response: model.Accepted, Year: this}},
			model.Accepted, false},
		{"withdrawn this year", []model.ConsentChange{
			{At: day(2025, 8, 20), Response: model.Accepted, Year: this},
			{At: day(2025, 9, 1), Response: model.Declined, Withdrawn: true, Year: this}},
			model.Declined, true},
	} {
		got, declined := model.ConsentFor(c.history, this, nil, inSep)
		require.Equal(t, c.want, got, c.name)
		require.Equal(t, c.wantDeclined, declined, c.name)
	}
}
