package practicestest

import (
	"slices"
	"strconv"
	"time"

	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// Dataset returns a generator of structurally valid datasets with
// arbitrary practice: a compliant program (see [CompliantDataset]) in which
// some families' records break one or more rules — drop-ins, solo visits,
// agendas on first visits, unpaid or untrained visitors, late reflections,
// declines and withdrawals, targeted invitations, incoherent records — or
// end in no-shows, visits never marked held, and families who declined and
// were never visited. Every dataset passes [model.Dataset.Validate];
// contacts are filled with made-up names, addresses and phone numbers.
func Dataset() *rapid.Generator[*model.Dataset] {
	return rapid.Custom(func(t *rapid.T) *model.Dataset {
		b := newBuilder(t, compliant)
		b.build()
		muts := mutations()
		ids := slices.Sorted(func(yield func(string) bool) {
			for id := range muts {
				if !yield(id) {
					return
				}
			}
		})
		for _, s := range b.schools {
			for _, f := range s.families {
				b.outcome(f, rapid.IntRange(0, 9).Draw(t, "outcome"))
				if k := rapid.IntRange(0, 2*len(ids)).Draw(t, "deviation"); k < len(ids) {
					muts[ids[k]](b, f)
				}
			}
		}
		return b.ds
	})
}

// outcome changes what became of a family's visits: k selects a no-show,
// a visit never marked held, a decline with no visit, or a withdrawal
// before the second visit; other values keep the compliant story.
func (b *builder) outcome(f *family, k int) {
	switch k {
	case 0: // the family was not home for its first visit
		if v := b.visitByID(f.first); v != nil {
			v.Status, v.Reflection, v.Compensation = model.NoShow, nil, nil
		}
	case 1: // the second visit was never marked held or cancelled
		if v := b.visitByID(f.second); v != nil {
			v.Status, v.Reflection, v.Compensation = model.Scheduled, nil, nil
		}
	case 2: // the family declined and was never visited
		if inv := b.invitation(f.invitation); inv != nil {
			inv.Response = model.Declined
			b.ds.Visits = slices.DeleteFunc(b.ds.Visits, func(v model.Visit) bool { return v.Family == f.id })
			b.ds.Communications = slices.DeleteFunc(b.ds.Communications, func(c model.Communication) bool { return c.Family == f.id })
			f.first, f.second = "", ""
		}
	case 3: // the family withdrew between the visits
		if v := b.visitByID(f.second); v != nil {
			booked := v.Start.AddDate(0, 0, -20)
			if len(v.Reschedules) > 0 {
				booked = v.Reschedules[0].At
			} else if !v.ArrangedAt.IsZero() {
				booked = v.ArrangedAt
			}
			b.ds.Withdrawals = append(b.ds.Withdrawals, model.Withdrawal{Family: f.id, At: booked.Add(time.Hour)})
			v.Status, v.CancelledBy, v.Reflection, v.Compensation = model.Cancelled, model.ByFamily, nil, nil
		}
	}
}

// CompliantDataset returns a generator of datasets on which the catalogue
// finds nothing: [practices.Check] as of [AsOf] under the dataset's own
// policy reports no finding of any severity — no violation, no advisory and
// no data finding. Every family in scope was invited and visited, so the
// invited and visited families are the whole population.
//
// The programs vary in shape (one to three schools, two to five families
// each, siblings, interpreters, second visits held, cancelled by the
// family or only offered, rescheduled appointments), time zone, year and
// policy (reflection window, minimum notice). Some leave data unrecorded —
// a school that keeps no reflections, a visit with no duration or topics —
// so some units are not assessable: missing data is never a finding.
func CompliantDataset() *rapid.Generator[*model.Dataset] {
	return rapid.Custom(func(t *rapid.T) *model.Dataset {
		b := newBuilder(t, compliant)
		b.build()
		return b.ds
	})
}

// Violating returns a generator of datasets that break rule ruleID and only
// the rules [Implied] lists for it, as of [AsOf]: a compliant program with
// every field recorded, in which one family's records (or its school's, or
// the district's) break the rule once. For P4.cross-section, the first
// school has 24 families and only its English learners were invited and
// visited.
//
// It panics if ruleID is not in the catalogue of [practices.Rules].
func Violating(ruleID string) *rapid.Generator[*model.Dataset] {
	m, ok := mutations()[ruleID]
	if !ok {
		panic("practicestest: Violating: unknown rule " + strconv.Quote(ruleID))
	}
	md := violating
	if ruleID == "P4.cross-section" {
		md = crossSection
	}
	return rapid.Custom(func(t *rapid.T) *model.Dataset {
		b := newBuilder(t, md)
		b.build()
		m(b, b.schools[0].families[0])
		return b.ds
	})
}

// AsOf returns the moment generated datasets are judged at: noon on the day
// after the school year's last day, in the calendar's time zone, when every
// unit is due (reflection windows closed, the year over).
func AsOf(ds *model.Dataset) time.Time {
	return ds.Year.LastDay.AddDays(1).In(ds.Calendar.Location(), model.NewClock(12, 0))
}
