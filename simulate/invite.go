package simulate

import (
	"cmp"
	"github.com/homevisits/pthv/internal/breach"
	"github.com/homevisits/pthv/internal/draw"
	"github.com/homevisits/pthv/internal/indexview"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/pairing"
	"github.com/homevisits/pthv/selection"
)

// invite makes each school's selection plan and invitations, and draws the
// families' answers, reminders and own requests.
func (s *sim) invite() {
	d := s.d
	sent := s.inviteDay.In(s.loc, model.NewClock(10, 0))
	// About one invitation per family invited, reminders and offers.
	s.ds.Invitations = make([]model.Invitation, 0, int(float64(len(s.ds.Families))*(d.InviteShare+0.1)*float64(1+d.Acceptance.Reinvites))+16)
	for _, sc := range s.schools {
		r := sc.rInvite
		pl := s.plan(sc)
		if pl != nil {
			sc.planID = model.PlanID(string(sc.id) + "-SIM-P1")
			rec := pl.Record(sc.planID)
			if sc.targeted {
				rec.Criteria = append(rec.Criteria, breach.Criterion) // P4.selection-criteria
			}
			s.ds.Plans = append(s.ds.Plans, rec)
			for _, inv := range pl.Invitations(sc.planID, sent) {
				s.m.FamiliesInvited++
				i, k, ok := s.ownerOf(inv.Family)
				if !ok || i != sc.i {
					// The family belongs to another school's program
					// (its youngest child's), which answers for it.
					inv.Response = model.NoResponse
					s.ds.Invitations = append(s.ds.Invitations, inv)
					s.m.Invitations++
					continue
				}
				s.invited[k] = true
				s.answer(sc, r, inv, k)
			}
		}
		// Families not invited sometimes ask for a visit themselves.
		for j, f := range sc.families {
			k := sc.famPos[j]
			if s.invited[k] || !draw.Chance(r, d.FamilyRequestRate) {
				continue
			}
			at := s.day(r, s.inviteDay, s.winter.AddDays(75)).In(s.loc, model.Clock(9*60+15*draw.Between(r, 0, 40)))
			s.ds.Invitations = append(s.ds.Invitations, model.Invitation{
				ID:          model.InvitationID(s.ids.Concat(string(f), "-R")),
				Family:      f,
				Students:    s.studentsAt(f, sc.id),
				Origin:      model.FamilyRequest,
				Kind:        model.FirstVisit,
				SentAt:      at,
				Response:    model.Accepted,
				RespondedAt: at,
			})
			s.m.FamilyRequests++
			s.agree(sc, f, k, at)
		}
		sortAgreements(sc.agreements)
	}
}

// sortAgreements sorts a school's agreements stably by time, then by
// family. It sorts keys read once, unstably with each agreement's place
// as the last key, which gives the stable order in fewer and cheaper
// comparisons (as sortBookings does).
func sortAgreements(as []agreement) {
	type key struct {
		at int64 // Unix nanoseconds
		a  agreement
		i  int
	}
	keys := make([]key, len(as))
	for i, a := range as {
		keys[i] = key{a.at.UnixNano(), a, i}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if a.at != b.at {
			return cmp.Compare(a.at, b.at)
		}
		if c := cmp.Compare(a.a.family, b.a.family); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	for i, k := range keys {
		as[i] = k.a
	}
}

// agree records family f's (at position k) consent to a first visit.
func (s *sim) agree(sc *schoolSim, f model.FamilyID, k int32, at time.Time) {
	sc.agreements = append(sc.agreements, agreement{family: f, fam: k, at: at})
	s.agreed[k] = true
	s.m.Acceptances++
}

// answer records a planned invitation of the family at position fam,
// the family's answer, and the repeated invitations of the design.
func (s *sim) answer(sc *schoolSim, r *rand.Rand, inv model.Invitation, fam int32) {
	a := s.d.Acceptance
	base, sent := inv.ID, inv.SentAt
	declined := false
	for k := 0; ; k++ {
		if k > 0 {
			inv.ID = model.InvitationID(s.ids.Concat(string(base), "/", strconv.Itoa(k+1)))
			inv.SentAt = sent.AddDate(0, 0, k*a.ReinviteAfterDays)
			inv.Response, inv.RespondedAt = "", time.Time{}
			s.m.Reinvitations++
		}
		s.m.Invitations++
		answered := inv.SentAt.Add(time.Duration(draw.Between(r, 1, 14)*24+draw.Between(r, 0, 6)) * time.Hour)
		rate := a.Rate
		if s.returning[inv.Family] {
			rate = s.d.Years.ReturningAcceptance // the relationship is built
		}
		p := min(1, rate*math.Pow(a.RepeatFactor, float64(k)))
		switch u := r.Float64(); {
		case u < p:
			inv.Response, inv.RespondedAt = model.Accepted, answered
			s.ds.Invitations = append(s.ds.Invitations, inv)
			s.agree(sc, inv.Family, fam, answered)
			return
		case draw.Chance(r, a.DeclineShare):
			inv.Response, inv.RespondedAt = model.Declined, answered
			declined = true
		default:
			inv.Response = model.NoResponse
		}
		s.ds.Invitations = append(s.ds.Invitations, inv)
		if k >= a.Reinvites || (inv.Response == model.Declined && !a.ReinviteDeclined) {
			break
		}
	}
	if declined {
		s.m.Declines++
	}
}

// plan draws the school's selection plan: a cross-section (or all) of its
// scope, never a filter. It returns nil when the school invites no one.
func (s *sim) plan(sc *schoolSim) *selection.Plan {
	d := s.d
	scope := selection.Scope{Schools: []model.SchoolID{sc.id}}
	if d.Selection.Scope == VolunteerTeachers {
		for _, e := range sc.volunteers {
			if e.e.Position == model.Teacher {
				scope.Teachers = append(scope.Teachers, e.id)
			}
		}
		if len(scope.Teachers) == 0 {
			s.m.PlanFailures++
			return nil
		}
	}
	pop, err := selection.PopulationOf(s.x, scope)
	if err != nil {
		s.m.PlanFailures++
		return nil
	}
	// The check of the year audits the plan on the same scope of the same
	// people (nothing changes a student, class, family or the policy after
	// prepare): it is handed this population rather than deriving it again.
	if s.pops == nil {
		s.pops = map[string]any{}
	}
	s.pops[indexview.PopulationKey(scope.String())] = pop
	req := selection.Request{
		Method:     d.Selection.Method,
		Seed:       splitmix64(s.seed ^ uint64(sc.i+1)<<40),
		TeacherCap: d.Selection.TeacherCap,
	}
	if req.Method == selection.Stratified {
		n := min(pop.Len(), int(math.Round(d.InviteShare*float64(sc.nFam))))
		if n == 0 {
			return nil
		}
		req.Count = n
		req.Balance = slices.Clone(d.Selection.Balance)
	}
	pl, err := pop.Plan(req)
	if err != nil {
		s.m.PlanFailures++
		return nil
	}
	return pl
}

// pair forms the standing teams of the school year (teams pairing).
func (s *sim) pair() error {
	if s.d.Pairing != TeamsPairing {
		return nil
	}
	asOf := s.year.FirstDay
	if s.trainingDay.After(asOf) {
		asOf = s.trainingDay
	}
	tp, err := pairing.Teams(s.ds, asOf.In(s.loc, 0), pairing.TeamOptions{})
	if err != nil {
		return err
	}
	pos := map[model.SchoolID]int{}
	for i, sc := range s.schools {
		pos[sc.id] = i
	}
	for _, t := range tp.Teams {
		i, ok := pos[t.School]
		if !ok {
			continue
		}
		g := make([]*eduSim, len(t.Members))
		for j, id := range t.Members {
			g[j] = s.edu(id)
		}
		s.schools[i].teams = append(s.schools[i].teams, g)
		s.m.Teams++
	}
	return nil
}
