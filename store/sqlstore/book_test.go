package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/store/sqlstore"
	"github.com/homevisits/pthv/synth"
)

// bookingFixture is a synthetic district with the families that agreed
// to a visit by asOf and the educators who may visit, plus one who did
// not opt in.
type bookingFixture struct {
	ds        *model.Dataset
	asOf      time.Time
	families  []model.FamilyID
	willing   []model.EducatorID
	unwilling model.EducatorID
}

func newBookingFixture(t testing.TB) bookingFixture {
	cfg := synth.DefaultConfig()
	cfg.Schools = 1
	cfg.Deviations = synth.Compliant()
	ds, err := synth.District(cfg, 11)
	require.NoError(t, err)
	loc := ds.Calendar.Location()
	asOf := ds.Year.FirstDay.In(loc, 0).Add(45 * 24 * time.Hour)
	f := bookingFixture{ds: ds, asOf: asOf}
	x := model.NewIndex(ds)
	for _, fam := range ds.Families {
		if len(f.families) == 6 {
			break
		}
		ch := x.ConsentHistory(fam.ID)
		if len(ch) == 1 && ch[0].Response == model.Accepted && ch[0].At.Before(asOf) {
			f.families = append(f.families, fam.ID)
		}
	}
	for _, e := range ds.Educators {
		_, trained := e.TrainedBy(model.DateOf(asOf))
		switch {
		case trained && e.OptedIn(ds.Year.ID) && len(f.willing) < 5:
			f.willing = append(f.willing, e.ID)
		case !e.OptedIn(ds.Year.ID) && f.unwilling == "":
			f.unwilling = e.ID
		}
	}
	require.Len(t, f.families, 6)
	require.Len(t, f.willing, 5)
	require.NotEmpty(t, f.unwilling)
	return f
}

// proposal i: a family, two visitors and one of three half-hour slots,
// chosen so that many proposals overlap; every seventh goes alone, and
// every eleventh takes the educator who did not opt in.
func (f bookingFixture) proposal(i int) model.Visit {
	loc := f.ds.Calendar.Location()
	day := model.DateOf(f.asOf.In(loc)).AddDays(3).In(loc, 16*60)
	v := model.Visit{
		ID: model.VisitID(fmt.Sprintf("C-%02d", i)), Family: f.families[i%len(f.families)],
		Start: day.Add(time.Duration(i%3) * 30 * time.Minute), Duration: model.Duration(40 * time.Minute),
		Visitors: []model.EducatorID{f.willing[i%5], f.willing[(i/5+i+1)%5]},
		Topics:   []model.Topic{{Kind: model.HopesAndDreams, RaisedBy: model.ByEducator}},
	}
	switch {
	case i%7 == 0:
		v.Visitors = v.Visitors[:1]
	case i%11 == 0:
		v.Visitors[1] = f.unwilling
	}
	return v
}

// TestConcurrentBookings fires 50 bookings at once over the same families
// and educators. Afterwards no family or educator is booked twice at one
// time, and Check over the stored program finds on the recorded visits
// no ● rule that Guard should have caught.
func TestConcurrentBookings(t *testing.T) {
	eachStore(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		f := newBookingFixture(t)
		require.NoError(t, s.Save(ctx, f.ds))
		const n = 50
		results := make([]sqlstore.Booking, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				results[i], errs[i] = s.Book(ctx, f.proposal(i), f.asOf)
			})
		}
		close(start)
		wg.Wait()
		require.NoError(t, errors.Join(errs...))

		var recorded []model.VisitID
		refusedByRule, refusedByClash := 0, 0
		for i, b := range results {
			switch {
			case b.Recorded:
				require.False(t, b.Refused(), "proposal %d", i)
				recorded = append(recorded, b.Visit.ID)
			case b.Verdict.HasViolation():
				refusedByRule++
			default:
				require.NotEmpty(t, b.Clashes, "proposal %d refused without a reason", i)
				refusedByClash++
			}
		}
		require.NotEmpty(t, recorded)
		require.Positive(t, refusedByRule)
		require.Positive(t, refusedByClash)

		ds, err := s.Load(ctx)
		require.NoError(t, err)
		require.Equal(t, f.ds.Revision+len(recorded), ds.Revision)
		x := model.NewIndex(ds)
		var booked []*model.Visit
		for _, id := range recorded {
			v, ok := x.Visit(id)
			require.True(t, ok, id)
			booked = append(booked, v)
		}
		for i, a := range booked {
			for _, b := range booked[i+1:] {
				if a.Start.Before(b.End()) && b.Start.Before(a.End()) {
					require.NotEqual(t, a.Family, b.Family, "%s and %s book one family at once", a.ID, b.ID)
					for _, e := range a.Visitors {
						require.NotContains(t, b.Visitors, e, "%s and %s book one educator at once", a.ID, b.ID)
					}
				}
			}
		}

		atBooking := map[string]bool{}
		for _, r := range practices.Rules() {
			atBooking[r.ID] = r.AtBooking && r.Severity == practices.Violation
		}
		loc := ds.Calendar.Location()
		rep, err := practices.Check(ds, ds.Year.LastDay.In(loc, 23*60), nil)
		require.NoError(t, err)
		for _, fd := range rep.Findings {
			if atBooking[fd.Rule] && len(fd.Records) > 0 && slices.Contains(recorded, model.VisitID(fd.Records[0])) {
				t.Errorf("Check finds %s on booked visit %s: %s", fd.Rule, fd.Records[0], fd.Message)
			}
		}
	})
}
