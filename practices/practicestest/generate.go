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
// some students' records break one or more rules — drop-ins, solo visits,
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
			for _, g := range s.groups {
				b.outcome(g, rapid.IntRange(0, 9).Draw(t, "outcome"))
				if k := rapid.IntRange(0, 2*len(ids)).Draw(t, "deviation"); k < len(ids) {
					muts[ids[k]](b, g)
				}
			}
		}
		return b.ds
	})
}

// outcome changes what became of a group's visits: k selects a no-show,
// a visit never marked held, a decline with no visit, or a withdrawal
// before the second visit; other values keep the compliant story.
func (b *builder) outcome(g *group, k int) {
	switch k {
	case 0: // the family was not home for the first visit
		if v := b.visitByID(g.first); v != nil {
			v.Status, v.Reflection, v.Compensation = model.NoShow, nil, nil
		}
	case 1: // the second visit was never marked held or cancelled
		if v := b.visitByID(g.second); v != nil {
			v.Status, v.Reflection, v.Compensation = model.Scheduled, nil, nil
		}
	case 2: // the family declined and the group was never visited
		if inv := b.invitationByID(g.invitation); inv != nil {
			inv.Response = model.Declined
			drop := []string{string(g.first), string(g.second)}
			for _, id := range g.messages {
				drop = append(drop, string(id))
			}
			b.ds.Visits = slices.DeleteFunc(b.ds.Visits, func(v model.Visit) bool { return slices.Contains(drop, string(v.ID)) })
			b.ds.Communications = slices.DeleteFunc(b.ds.Communications, func(c model.Communication) bool { return slices.Contains(drop, string(c.ID)) })
			g.first, g.second, g.messages = "", "", nil
		}
	case 3: // the family withdrew between the visits
		if v := b.visitByID(g.second); v != nil {
			booked := v.Start.AddDate(0, 0, -20)
			if len(v.Reschedules) > 0 {
				booked = v.Reschedules[0].At
			} else if !v.ArrangedAt.IsZero() {
				booked = v.ArrangedAt
			}
			b.ds.Withdrawals = append(b.ds.Withdrawals, model.Withdrawal{Family: g.family.id, At: booked.Add(time.Hour)})
			v.Status, v.CancelledBy, v.Reflection, v.Compensation = model.Cancelled, model.ByFamily, nil, nil
		}
	}
}

// CompliantDataset returns a generator of datasets on which the catalogue
// finds nothing: [practices.Check] as of [AsOf] under the dataset's own
// policy reports no finding of any severity — no violation, no advisory and
// no data finding. Every family with a student in a school was invited by
// it and visited, so the invited and visited families are the whole
// population of every scope.
//
// The programs vary in shape as real districts do: one to three schools
// of two to five families; families with a child in two schools, each
// school inviting and visiting its own; siblings, with the same teacher or
// different ones, sharing a visit or visited apart (a visit naming one
// student of a family of two); plans for the whole school, plans per
// teacher scoped to a grade, a class or the teacher, and invitations with
// no plan; invitations that name their students, some sent in the spring
// before the year for it; home languages only one family speaks;
// dual-language schools, where a Spanish-speaking family needs no
// interpreter; interpreters, second visits held, cancelled by the family
// or only offered, rescheduled appointments, reflections that record who
// reflected or not. Time zone, year and policy (reflection window,
// minimum notice) vary too. Some schools leave data unrecorded — no
// reflections, a visit with no duration or topics — so some units are not
// assessable: missing data is never a finding.
func CompliantDataset() *rapid.Generator[*model.Dataset] {
	return rapid.Custom(func(t *rapid.T) *model.Dataset {
		b := newBuilder(t, compliant)
		b.build()
		return b.ds
	})
}

// Violating returns a generator of datasets that break rule ruleID and only
// the rules [Implied] lists for it, as of [AsOf]: a compliant program with
// every field recorded, in which the visits of one student (or its
// family's records, its school's or the district's) break the rule once.
// That student may have a sibling in another school, whose own visits
// keep the rules: the breach is then on a visit naming one student of a
// family with children in two schools. For P4.cross-section, the first
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
	single := slices.Contains(singleRules, ruleID)
	return rapid.Custom(func(t *rapid.T) *model.Dataset {
		b := newBuilder(t, md)
		b.single = single
		b.build()
		m(b, b.target())
		return b.ds
	})
}

// AsOf returns the moment generated datasets are judged at: noon on the day
// after the school year's last day, in the calendar's time zone, when every
// unit is due (reflection windows closed, the year over).
func AsOf(ds *model.Dataset) time.Time {
	return ds.Year.LastDay.AddDays(1).In(ds.Calendar.Location(), model.NewClock(12, 0))
}
