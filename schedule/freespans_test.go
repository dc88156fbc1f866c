package schedule

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// freeSpansOracle is freeSpans as first written, when calendars booked
// the working day of each school day from the notice on as the first
// appointment of a visitor with works set: each visitor's appointments of
// the day, that one first, cut from the family's allowed spans in turn.
func (p *problem) freeSpansOracle(f *family, d int32, lo, hi moment) []span {
	var out, other []span
	for _, s := range f.allowed[p.days[d].wd] {
		if d == lo.day {
			s.lo = max(s.lo, lo.min)
		}
		if d == hi.day {
			s.hi = min(s.hi, hi.min)
		}
		if s.lo <= s.hi {
			out = append(out, s)
		}
	}
	for _, k := range f.team {
		e := &p.edus[k]
		var day []busy
		if e.works && p.days[d].school && d >= max(p.notice.day, 0) {
			day = append(day, busy{from: int32(e.hours.Start), to: int32(e.hours.End), visit: -1})
		}
		for _, b := range append(day, e.busy[d]...) {
			if len(out) == 0 {
				break
			}
			out, other = cut(out, other, b.from-p.L-p.travel(f.id, b.family), b.to+p.travel(b.family, f.id))
		}
	}
	return out
}

// TestFreeSpansMatchOracle: freeSpans, which keeps visits around a
// visitor's working day without booking it, leaves the spans the oracle
// leaves with the working day booked — synthetic schools with their
// visits on record and the plan's own placed, with and without
// WorkingHoursBusy and travel times, visits allowed from early in the
// morning, on days from the notice on.
func TestFreeSpansMatchOracle(t *testing.T) {
	cut := 0
	rapid.Check(t, func(t *rapid.T) {
		ds := drawSchool(t)
		// Visits from early in the morning, so that the working day cuts
		// the free time before it as well as after.
		ds.Policy.EarliestVisit = model.NewClock(rapid.IntRange(5, 8).Draw(t, "earliest"), 0)
		asOf := ds.Year.FirstDay.AddDays(rapid.IntRange(-20, 150).Draw(t, "day")).In(ds.Calendar.Location(), model.NewClock(rapid.IntRange(0, 23).Draw(t, "hour"), 0))
		opt := Options{WorkingHoursBusy: rapid.Bool().Draw(t, "busy"), Method: Heuristic}
		if rapid.Bool().Draw(t, "travel") {
			opt.Travel = func(a, b model.FamilyID) time.Duration {
				if a == "" || b == "" {
					return 5 * time.Minute
				}
				return 90 * time.Minute
			}
		}
		p, err := newProblem(ds, asOf, opt, nil, nil, nil)
		require.NoError(t, err)
		p.assignIDs()
		p.individual()
		p.greedy()
		for i := range p.fams {
			f := &p.fams[i]
			if f.reason != "" {
				continue
			}
			for range 3 {
				d := int32(rapid.IntRange(int(max(p.notice.day, 0)), len(p.days)-1).Draw(t, "on"))
				lo, hi := p.notice, moment{int32(len(p.days)), 0}
				want := p.freeSpansOracle(f, d, lo, hi)
				got := p.freeSpans(f, d, lo, hi)
				require.Equal(t, len(want), len(got))
				if len(want) > 0 {
					require.Equal(t, want, got)
				}
				if len(want) < len(f.allowed[p.days[d].wd]) {
					cut++
				}
			}
		}
	})
	require.Positive(t, cut, "some days must be cut")
}
