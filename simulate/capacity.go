package simulate

import (
	"fmt"
	"github.com/homevisits/pthv/internal/draw"
	"math"
	"math/rand/v2"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/selection"
)

// Capacity runs design d for one school year with the fast capacity model
// and seed seed: counts drawn from binomial distributions and closed
// forms, with no synthetic roster, no planners and no check. It is meant
// for sweeps too large for [Simulate]; the package documentation lists its
// steps and what it leaves out. The same design and seed give the same
// metrics. It returns the design's validation error, wrapping
// [ErrDesign], for an invalid design.
func Capacity(d Design, seed uint64) (Metrics, error) {
	if err := d.Validate(); err != nil {
		return Metrics{}, err
	}
	m, err := capacity(d, seed)
	m.drawEffects(d.Outcomes, seed)
	return m, err
}

// capacity runs the capacity model; its error wraps
// [model.ErrAmountOverflow] when a sum of money overflows.
func capacity(d Design, seed uint64) (Metrics, error) {
	var money moneySum
	r := draw.Stream(seed, streamCapacity, -1)
	m := Metrics{
		Schools:          d.District.Schools,
		CostBySource:     map[model.FundingSource]int64{},
		ViolationsByRule: map[string]int{},
		Advisories:       math.NaN(),
		Fidelity:         math.NaN(),
		Coverage:         make([]SchoolCoverage, d.District.Schools),
	}
	var funding []model.FundingSource
	if len(d.Compensation.Funding) > 0 {
		funding = assignFunding(d.Compensation.Funding, d.District.Schools)
	}
	lengthMin := model.DefaultPolicy().VisitLength.Minutes()
	schools := make([]capSchool, d.District.Schools)
	a := d.Acceptance
	for i := range schools {
		c := &schools[i]
		c.kind = i % 10
		mean := float64(d.District.StudentsPerSchool)
		c.students = max(1, int(math.Round(mean*(0.8+0.4*r.Float64()))))
		staff := max(3, int(math.Round(float64(d.District.EducatorsPerSchool)*float64(c.students)/mean)))
		c.families = max(1, int(math.Round(float64(c.students)/meanFamilySize)))
		c.volunteers = max(2, binomial(r, staff, d.OptInRate))
		m.Students += c.students
		m.Families += c.families
		m.Educators += staff + 1 // and the principal
		m.Volunteers += c.volunteers

		// Scope and invitations.
		scope := c.families
		if d.Selection.Scope == VolunteerTeachers {
			teachersPerFamily := meanFamilySize
			if c.kind == 1 || c.kind == 2 || c.kind == 5 || c.kind == 7 {
				teachersPerFamily *= 4 // secondary: four subject teachers each
			}
			q := float64(c.volunteers) / float64(staff)
			scope = int(math.Round(float64(c.families) * (1 - math.Pow(1-q, teachersPerFamily))))
		}
		invited := scope
		if d.Selection.Method != selection.All {
			invited = min(scope, int(math.Round(d.InviteShare*float64(c.families))))
		}
		m.FamiliesInvited += invited

		// Answers, by pools of families: fresh have not answered, quiet
		// did not answer after an earlier decline, declined declined last.
		fresh, quiet, declined, accepted := invited, 0, 0, 0
		for k := 0; k <= a.Reinvites; k++ {
			askDeclined := k > 0 && a.ReinviteDeclined
			asked := fresh + quiet
			if askDeclined {
				asked += declined
			}
			if asked == 0 {
				break
			}
			m.Invitations += asked
			if k > 0 {
				m.Reinvitations += asked
			}
			p := min(1, a.Rate*math.Pow(a.RepeatFactor, float64(k)))
			answer := func(n int) (yes, no, rest int) {
				yes = binomial(r, n, p)
				no = binomial(r, n-yes, a.DeclineShare)
				return yes, no, n - yes - no
			}
			fy, fn, fr := answer(fresh)
			qy, qn, qr := answer(quiet)
			dy, dn, dr := 0, declined, 0
			if askDeclined {
				dy, dn, dr = answer(declined)
			}
			accepted += fy + qy + dy
			fresh, quiet, declined = fr, qr+dr, fn+qn+dn
		}
		m.Declines += declined + quiet
		requests := binomial(r, c.families-invited, d.FamilyRequestRate)
		m.FamilyRequests += requests
		c.agreed = accepted + requests
		m.Acceptances += c.agreed

		// What the volunteers can do: each visit takes two of them.
		visitors := 2.0
		if d.Pairing == TeamsPairing {
			teams := c.volunteers / 2
			m.Teams += teams
			visitors = float64(c.volunteers) / float64(teams)
		}
		c.visitors = visitors
		c.capacity = int(float64(c.volunteers*d.CapacityPerEducator) / visitors)
		c.first = min(c.agreed, c.capacity)
		m.UnplacedCapacity += c.agreed - c.first
		noConsent := min(binomial(r, c.first, d.Deviations.NoConsent), c.families-invited-requests, c.capacity-c.first)
		c.first += noConsent
		m.NoConsentVisits += noConsent

		// Pay: every visitor paid for every minute, at the rates of the
		// roles (one or two classified staff per school).
		classified := min(1.6, float64(staff)/2)
		rate := (classified*float64(d.Compensation.ClassifiedRateCents) + (float64(staff)-classified)*float64(d.Compensation.CertificatedRateCents)) / float64(staff)
		c.visitCents = int64(math.Ceil(visitors * float64(lengthMin) * rate / 60))
		c.source = capSource(r, d, funding, i)
	}

	// The budget cuts every school's first visits in the same proportion,
	// then the second visits with what is left.
	budget := d.Compensation.BudgetCents
	var planned int64
	for i := range schools {
		money.add(&planned, int64(schools[i].first)*schools[i].visitCents)
	}
	spent := int64(0)
	for i := range schools {
		c := &schools[i]
		if budget > 0 && planned > budget {
			keep := int(float64(c.first) * float64(budget) / float64(planned))
			m.UnplacedBudget += c.first - keep
			c.first = keep
		}
		money.add(&spent, int64(c.first)*c.visitCents)
	}
	for i := range schools {
		c := &schools[i]
		if d.SecondVisit.Offered {
			m.SecondVisitOffers += c.first
			after := binomial(r, c.first, d.Deviations.AfterDecline)
			yes := binomial(r, c.first-after, d.SecondVisit.AcceptRate)
			m.SecondVisitAcceptances += yes
			want := yes + after
			c.second = min(want, max(0, c.capacity-c.first))
			m.UnplacedCapacity += want - c.second
			c.after = min(after, c.second)
		}
	}
	if budget > 0 {
		var want int64
		for i := range schools {
			money.add(&want, int64(schools[i].second)*schools[i].visitCents)
		}
		if left := budget - spent; want > left {
			for i := range schools {
				c := &schools[i]
				keep := int(float64(c.second) * float64(max(0, left)) / float64(want))
				m.UnplacedBudget += c.second - keep
				c.after = min(c.after, keep)
				c.second = keep
			}
		}
	}

	dev := d.Deviations
	for i := range schools {
		c := &schools[i]
		visits := c.first + c.second
		m.FirstVisits += c.first
		m.SecondVisits += c.second
		m.FamiliesVisitedTwice += c.second
		m.AfterDeclineVisits += c.after
		m.FamiliesVisited += c.first

		// Students of the visited families: each family has one child,
		// a second with probability 0.42 and a third with 0.12 (synth's
		// family sizes).
		twoPlus := binomial(r, c.first, 0.42)
		three := binomial(r, twoPlus, 0.12/0.42)
		cov := &m.Coverage[i]
		cov.School = model.SchoolID(capSchoolID(i, d.District.Schools))
		cov.Students, cov.Families = c.students, c.families
		cov.StudentsVisited = min(c.students, c.first+twoPlus+three)
		cov.FamiliesVisited = c.first
		cov.Systematic = cov.Share() >= d.Outcomes.SystematicCoverage

		people := int(math.Round(float64(visits) * c.visitors))
		m.EducatorMinutes += people * lengthMin
		m.MinutesOutside += people * lengthMin
		cost := int64(visits) * c.visitCents
		money.add(&m.CostCents, cost)
		if cost > 0 {
			money.addTo(m.CostBySource, c.source, cost)
		}

		// Planted breaches, each counted once for the rule it breaks.
		count := func(rule string, n int) {
			if n > 0 {
				m.ViolationsByRule[rule] += n
				m.Violations += n
			}
		}
		solo := binomial(r, visits, dev.Solo)
		m.SoloVisits += solo
		count("P5.pair", solo)
		count("P1.arranged-in-advance", binomial(r, visits, dev.DropIn))
		count("P2.trained", binomial(r, visits, dev.Untrained))
		count("P1.educator-consent", binomial(r, visits, dev.NotOptedIn))
		count("P3.first-visit-no-agenda", binomial(r, c.first, dev.AgendaOnFirst))
		count("P5.reflection", binomial(r, visits, dev.NoReflection))
		count("P2.compensated", binomial(r, visits, dev.Unpaid))
	}
	noConsent := m.NoConsentVisits
	if noConsent > 0 {
		m.ViolationsByRule["P1.family-consent"] += noConsent
		m.Violations += noConsent
	}
	if m.AfterDeclineVisits > 0 {
		m.ViolationsByRule["P1.declined-respected"] += m.AfterDeclineVisits
		m.Violations += m.AfterDeclineVisits
	}
	for _, dv := range []struct {
		rule string
		rate float64
	}{{"P4.selection-criteria", dev.Targeted}, {"P1.no-mandate", dev.Mandate}} {
		if n := len(pickSchools(r, d.District.Schools, dv.rate)); n > 0 {
			m.ViolationsByRule[dv.rule] += n
			m.Violations += n
		}
	}

	// Training: veterans (45% of volunteers) get a refresher every
	// RefresherEveryYears; everyone else is new this year.
	t := d.Training
	newcomers := int(math.Round(0.55 * float64(m.Volunteers)))
	refreshers := 0
	if t.RefresherEveryYears > 0 {
		refreshers = int(math.Round(0.45 * float64(m.Volunteers) / float64(t.RefresherEveryYears)))
	}
	m.TrainingMinutes = newcomers*int(math.Round(t.InitialHours*60)) + refreshers*int(math.Round(t.RefresherHours*60))
	m.TrainingCostCents = centsFor(m.TrainingMinutes, d.Compensation.CertificatedRateCents)
	m.finish(d.Outcomes)
	if money.err != nil {
		return Metrics{}, fmt.Errorf("simulate: design %q: %w", d.ID, money.err)
	}
	return m, nil
}

// meanFamilySize is the mean number of a family's children in one school
// (synth: one child 58%, two 30%, three 12%).
const meanFamilySize = 1.54

// capSchool is one school of the capacity model.
type capSchool struct {
	kind                 int
	students, families   int
	volunteers, agreed   int
	capacity             int
	first, second, after int
	visitors             float64
	visitCents           int64
	source               model.FundingSource
}

// capSource returns the funding source of school i: the design's shares,
// or a draw like synth's (Title I in high-poverty schools, else district
// funds, a foundation, the union or another source).
func capSource(r *rand.Rand, d Design, funding []model.FundingSource, i int) model.FundingSource {
	u := r.Float64()
	if funding != nil {
		return funding[i]
	}
	switch {
	case d.District.FRLRate > 0.6 && u < 0.6:
		return model.TitleI
	case u < 0.55:
		return model.DistrictFunds
	case u < 0.75:
		return model.Foundation
	case u < 0.90:
		return model.Union
	}
	return model.OtherFunding
}

// capSchoolID names school i of n as synth does ("S001").
func capSchoolID(i, n int) string {
	return fmt.Sprintf("S%0*d", max(3, len(strconv.Itoa(n))), i+1)
}

// binomial draws from Binomial(n, p).
func binomial(r *rand.Rand, n int, p float64) int {
	switch {
	case n <= 0 || p <= 0:
		return 0
	case p >= 1:
		return n
	}
	return int(distuv.Binomial{N: float64(n), P: p, Src: r}.Rand())
}
