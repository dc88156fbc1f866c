package schedule

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// TestTeamPayIsPay: an appointment's pay, found through the family's
// team by position, is the payer's by id (the oracle) — for every
// family of synthetic schools, at the start of each of its visits
// placed or at an hour drawn, with the working day busy or not.
func TestTeamPayIsPay(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := drawSchool(t)
		asOf := ds.Year.FirstDay.AddDays(rapid.IntRange(-20, 150).Draw(t, "day")).In(ds.Calendar.Location(), model.NewClock(rapid.IntRange(0, 23).Draw(t, "hour"), 0))
		opt := Options{WorkingHoursBusy: rapid.Bool().Draw(t, "busy"), Method: Heuristic}
		p, err := newProblem(ds, asOf, opt, nil, nil, nil)
		require.NoError(t, err)
		_, err = p.solve()
		require.NoError(t, err)
		pay := p.payer()
		d := time.Duration(p.pol.VisitLength)
		for i := range p.fams {
			f := &p.fams[i]
			start := asOf.Add(time.Duration(rapid.IntRange(0, 60*24*30).Draw(t, "minutes on")) * time.Minute)
			for _, vi := range f.visits {
				if vi >= 0 && p.visits[vi].placed {
					start = p.timeOf(moment{p.visits[vi].at.day, p.visits[vi].at.start})
				}
			}
			want := pay.appendPay(nil, f.school, f.visitors, start, d)
			require.Equal(t, want, p.appendTeamPay(nil, pay, f, start, d), "family %s", f.id)
		}
	})
}
