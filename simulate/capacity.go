package simulate

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/homevisits/pthv/internal/breach"
	"github.com/homevisits/pthv/internal/draw"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/selection"
	"github.com/homevisits/pthv/synth"
)

// Capacity runs design d for its first school year with the fast
// capacity model and seed seed: counts drawn from binomial distributions
// and closed forms, with no synthetic roster, no planners and no check.
// It is meant for sweeps too large for [Simulate]; the package
// documentation lists its steps and what it leaves out, and a test keeps
// its mean visits within 5% of the real planners' over a grid of designs.
// The same design and seed give the same metrics. It returns the design's
// validation error, wrapping [ErrDesign], for an invalid design.
func Capacity(d Design, seed uint64) (Metrics, error) {
	if err := d.Validate(); err != nil {
		return Metrics{}, err
	}
	ms, err := capacityYears(d, seed)
	if err != nil {
		return Metrics{}, err
	}
	m := ms[0]
	m.drawEffects(d.Outcomes, seed)
	return m, nil
}

// capacityYears runs every year of the design with the capacity model; its
// error wraps [model.ErrAmountOverflow] when a sum of money overflows.
func capacityYears(d Design, seed uint64) ([]Metrics, error) {
	r := draw.Stream(seed, streamCapacity, -1)
	n := d.District.Schools
	schools := make([]capSchool, n)
	mean := float64(d.District.StudentsPerSchool)
	students := make([]int, n)
	var funding []model.FundingSource
	if len(d.Compensation.Funding) > 0 {
		funding = assignFunding(d.Compensation.Funding, n)
	}
	for i := range schools {
		c := &schools[i]
		c.secondary = synth.Secondary(i)
		c.students = max(1, int(math.Round(mean*(1-synth.EnrolmentSpread+2*synth.EnrolmentSpread*r.Float64()))))
		c.staff = max(synth.MinStaff, int(math.Round(float64(d.District.EducatorsPerSchool)*float64(c.students)/mean)))
		c.families = max(1, int(math.Round(float64(c.students)/meanFamilySize())))
		// synth: the coordinator and the liaison always volunteer, and at
		// least three do.
		always := min(synth.AlwaysVolunteer, c.staff)
		c.volunteers = max(min(synth.MinVolunteers, c.staff), always+binomial(r, c.staff-always, d.OptInRate))
		c.veterans = int(math.Round(synth.VeteranShare * float64(c.volunteers)))
		c.source = capSource(r, d, funding, i)
		students[i] = c.students
	}
	budgets := d.schoolBudgets(students)
	out := make([]Metrics, 0, d.Years.Count)
	for k := 1; k <= d.Years.Count; k++ {
		if k > 1 {
			for i := range schools {
				c := &schools[i]
				stay := binomial(r, c.volunteers, d.Years.Retention)
				join := binomial(r, c.staff-c.volunteers, d.Years.Recruitment)
				c.veterans, c.volunteers = stay, stay+join
			}
		}
		m, err := capacityYear(d, r, schools, budgets, k)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// capacityYear runs year k of the capacity model over the schools.
func capacityYear(d Design, r *rand.Rand, schools []capSchool, budgets []int64, k int) (Metrics, error) {
	var money moneySum
	m := Metrics{
		Year:             k,
		Schools:          d.District.Schools,
		CostBySource:     map[model.FundingSource]int64{},
		ViolationsByRule: map[string]int{},
		Advisories:       math.NaN(),
		Fidelity:         math.NaN(),
		Coverage:         make([]SchoolCoverage, d.District.Schools),
	}
	lengthMin := model.DefaultPolicy().VisitLength.Minutes()
	a, py, dev := d.Acceptance, d.Year, d.Deviations
	// Each booking is missed with NoShowRate, cancelled with CancelRate,
	// and booked again while the rebooks last; a move is made good.
	q := py.NoShowRate + py.CancelRate
	tries := 0.0 // expected bookings per visit
	for i := 0; i <= py.Rebooks; i++ {
		tries += math.Pow(q, float64(i))
	}
	heldShare := 1 - math.Pow(q, float64(py.Rebooks+1))
	use := tries * (1 - py.CancelRate) // capacity taken per visit: held or missed bookings
	for i := range schools {
		c := &schools[i]
		m.Students += c.students
		m.Families += c.families
		m.Educators += c.staff + 1 // and the principal
		m.Volunteers += c.volunteers

		// Scope and invitations.
		scope := c.families
		if d.Selection.Scope == VolunteerTeachers {
			teachersPerFamily := meanFamilySize()
			if c.secondary {
				teachersPerFamily *= synth.SecondarySubjects
			}
			// Only teachers bring their students' families into scope: not
			// the liaison (who always volunteers), the other classified
			// staff or a secondary school's counselor.
			teachers := float64(c.staff) - capClassified(c.staff)
			if c.secondary && c.staff >= synth.CounselorMinStaff {
				teachers--
			}
			share := float64(c.volunteers-1) / max(teachers, 1)
			scope = int(math.Round(float64(c.families) * (1 - math.Pow(1-min(max(share, 0), 1), teachersPerFamily))))
		}
		invited := scope
		if d.Selection.Method != selection.All {
			invited = min(scope, int(math.Round(d.InviteShare*float64(c.families))))
		}
		m.FamiliesInvited += invited

		// Answers, by pools of families: fresh have not answered, quiet
		// did not answer after an earlier decline, declined declined last.
		// Families visited in an earlier year answer at their own rate.
		// Some families invited have their youngest child at another
		// school, whose program answers for them: they do not answer here.
		answering := binomial(r, invited, capOwnedShare)
		returning := binomial(r, answering, float64(c.visitedBefore)/float64(c.families))
		accepted, declined := 0, 0
		for _, pool := range [2]struct {
			n    int
			rate float64
		}{{answering - returning, a.Rate}, {returning, d.Years.ReturningAcceptance}} {
			fresh, quiet, no, yes := pool.n, 0, 0, 0
			for j := 0; j <= a.Reinvites; j++ {
				askDeclined := j > 0 && a.ReinviteDeclined
				asked := fresh + quiet
				if askDeclined {
					asked += no
				}
				if asked == 0 {
					break
				}
				m.Invitations += asked
				if j > 0 {
					m.Reinvitations += asked
				}
				p := min(1, pool.rate*math.Pow(a.RepeatFactor, float64(j)))
				answer := func(n int) (y, nn, rest int) {
					y = binomial(r, n, p)
					nn = binomial(r, n-y, a.DeclineShare)
					return y, nn, n - y - nn
				}
				fy, fn, fr := answer(fresh)
				qy, qn, qr := answer(quiet)
				dy, dn, dr := 0, no, 0
				if askDeclined {
					dy, dn, dr = answer(no)
				}
				yes += fy + qy + dy
				fresh, quiet, no = fr, qr+dr, fn+qn+dn
			}
			accepted += yes
			declined += no + quiet
		}
		m.Declines += declined
		requests := binomial(r, c.families-invited, d.FamilyRequestRate)
		m.FamilyRequests += requests
		agreed := accepted + requests
		m.Acceptances += agreed

		// Withdrawals: at a uniform time of the year, so most come after
		// the first visit and many before the second.
		withdrawn := binomial(r, agreed, py.WithdrawalRate)
		m.Withdrawals += withdrawn
		early := binomial(r, withdrawn, capWithdrawBeforeFirst)

		// What the volunteers can do: each visit takes two of them (a
		// team's members), each at most CapacityPerEducator visits, of
		// which firstCap first visits.
		visitors := 2.0
		if d.Pairing == TeamsPairing {
			teams := c.volunteers / 2
			m.Teams += teams
			visitors = float64(c.volunteers) / float64(max(teams, 1))
		}
		capAll := float64(c.volunteers*d.CapacityPerEducator) / visitors
		capFirst := float64(c.volunteers*d.firstCap()) / visitors
		want1 := agreed - early
		served1 := min(want1, int(math.Round(capFirst/use)))
		m.UnplacedCapacity += want1 - served1
		first := binomial(r, served1, heldShare)

		// Pay: every visitor paid for every minute, at the rates of the
		// roles (one or two classified staff per school).
		classified := capClassified(c.staff)
		rate := (classified*float64(d.Compensation.ClassifiedRateCents) + (float64(c.staff)-classified)*float64(d.Compensation.CertificatedRateCents)) / float64(c.staff)
		visitCents := int64(math.Ceil(visitors * float64(lengthMin) * rate / 60))
		budget := int64(-1)
		if budgets != nil {
			budget = budgets[i]
		}
		afford := func(cents int64) int {
			if budget < 0 || visitCents == 0 {
				return math.MaxInt
			}
			return int(max(cents, 0) / visitCents)
		}
		firstBudget := budget
		if budget >= 0 && d.SecondVisit.Offered {
			firstBudget = budget - int64(float64(budget)*d.Budget.SecondVisitReserve)
		}
		if keep := afford(firstBudget); first > keep {
			m.UnplacedBudget += first - keep
			served1 -= int(float64(first-keep) / max(heldShare, 1e-9))
			served1 = max(served1, keep)
			first = keep
		}
		noConsent := min(binomial(r, first, dev.NoConsent), c.families-invited-requests, int(capAll-float64(served1)*use))
		noConsent = max(min(noConsent, afford(firstBudget-int64(first)*visitCents)), 0)
		first += noConsent
		m.NoConsentVisits += noConsent
		m.NoShows += int(math.Round(float64(served1) * tries * py.NoShowRate))
		m.Cancellations += int(math.Round(float64(served1) * tries * py.CancelRate))
		m.Reschedules += int(math.Round(float64(served1) * tries * py.RescheduleRate))
		m.Rebookings += int(math.Round(float64(served1) * (tries - 1)))

		// Second visits, within the capacity the first left.
		second, after := 0, 0
		if d.SecondVisit.Offered {
			offered := first - noConsent
			m.SecondVisitOffers += offered
			late := binomial(r, offered, py.WithdrawalRate*capWithdrawBeforeSecond)
			after = binomial(r, offered-late, dev.AfterDecline)
			yes := binomial(r, offered-late-after, d.SecondVisit.AcceptRate)
			m.SecondVisitAcceptances += yes
			want2 := yes + after
			served2 := min(want2, max(0, int(math.Round((capAll-float64(served1+noConsent)*use)/use))))
			m.UnplacedCapacity += want2 - served2
			second = binomial(r, served2, heldShare)
			if keep := afford(budget - int64(first)*visitCents); second > keep {
				m.UnplacedBudget += second - keep
				second = keep
			}
			after = min(after, second)
			m.NoShows += int(math.Round(float64(served2) * tries * py.NoShowRate))
			m.Cancellations += int(math.Round(float64(served2) * tries * py.CancelRate))
			m.Reschedules += int(math.Round(float64(served2) * tries * py.RescheduleRate))
			m.Rebookings += int(math.Round(float64(served2) * (tries - 1)))
		}

		visits := first + second
		m.FirstVisits += first
		m.SecondVisits += second
		m.FamiliesVisitedTwice += second
		m.AfterDeclineVisits += after
		m.FamiliesVisited += first
		ret := 0
		if agreed > 0 {
			ret = int(math.Round(float64(first-noConsent) * float64(returning) / float64(max(invited, 1)) * float64(invited) / float64(agreed)))
		}
		ret = min(ret, c.visitedBefore, first)
		m.ReturningFamilies += ret
		c.visitedBefore = min(c.families, c.visitedBefore+first-ret)

		// Students of the visited families (synth's family sizes).
		sizes := synth.FamilySizes()
		twoPlus := binomial(r, first, sizes[1]+sizes[2])
		three := binomial(r, twoPlus, sizes[2]/(sizes[1]+sizes[2]))
		cov := &m.Coverage[i]
		cov.School = synth.SchoolID(i, d.District.Schools)
		cov.Students, cov.Families = c.students, c.families
		cov.StudentsVisited = min(c.students, first+twoPlus+three)
		cov.FamiliesVisited = first
		cov.Systematic = cov.Share() >= d.Outcomes.SystematicCoverage
		if k > 1 && cov.Systematic && !c.systematic {
			m.NewlySystematic++
		}
		c.systematic = cov.Systematic

		people := int(math.Round(float64(visits) * visitors))
		m.EducatorMinutes += people * lengthMin
		m.MinutesOutside += people * lengthMin
		cost := int64(visits) * visitCents
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
		count("P3.first-visit-no-agenda", binomial(r, first, dev.AgendaOnFirst))
		count("P5.reflection", binomial(r, visits, dev.NoReflection))
		count("P2.compensated", binomial(r, visits, dev.Unpaid))
	}
	if m.NoConsentVisits > 0 {
		m.ViolationsByRule["P1.family-consent"] += m.NoConsentVisits
		m.Violations += m.NoConsentVisits
	}
	if m.AfterDeclineVisits > 0 {
		m.ViolationsByRule["P1.declined-respected"] += m.AfterDeclineVisits
		m.Violations += m.AfterDeclineVisits
	}
	for _, dv := range []struct {
		rule string
		rate float64
	}{{"P4.selection-criteria", dev.Targeted}, {"P1.no-mandate", dev.Mandate}} {
		if n := len(breach.Schools(r, d.District.Schools, dv.rate)); n > 0 {
			m.ViolationsByRule[dv.rule] += n
			m.Violations += n
		}
	}

	// Training: newcomers are trained this year; veterans get a refresher
	// every RefresherEveryYears.
	t := d.Training
	newcomers, veterans := 0, 0
	for i := range schools {
		veterans += schools[i].veterans
		newcomers += schools[i].volunteers - schools[i].veterans
	}
	refreshers := 0
	if t.RefresherEveryYears > 0 {
		refreshers = int(math.Round(float64(veterans) / float64(t.RefresherEveryYears)))
	}
	m.TrainingMinutes = newcomers*int(math.Round(t.InitialHours*60)) + refreshers*int(math.Round(t.RefresherHours*60))
	m.TrainingCostCents = model.CentsFor(m.TrainingMinutes, d.Compensation.CertificatedRateCents)
	m.finish(d.Outcomes)
	if money.err != nil {
		return Metrics{}, fmt.Errorf("simulate: design %q: %w", d.ID, money.err)
	}
	return m, nil
}

// Calibrated against the real planners (TestCapacityCalibration): the
// share of withdrawals that come before the family's first visit is held,
// the chance that a family visited once withdraws before its second visit
// (per unit of WithdrawalRate), and the share of invited families whose
// youngest child attends the inviting school (synth's families with
// children in two schools are answered for by the youngest's school).
const (
	capWithdrawBeforeFirst  = 0.2
	capWithdrawBeforeSecond = 0.5
	capOwnedShare           = 0.92
)

// meanFamilySize is the mean number of a family's children in one school,
// from synth's family sizes (1.54).
func meanFamilySize() float64 {
	s := synth.FamilySizes()
	return s[0] + 2*s[1] + 3*s[2]
}

// capSchool is one school of the capacity model, carried from year to
// year.
type capSchool struct {
	secondary          bool
	students, families int
	staff              int // who could visit, the principal aside
	volunteers         int
	veterans           int // volunteers who volunteered the year before
	visitedBefore      int // families visited in an earlier year
	systematic         bool
	source             model.FundingSource
}

// capSource returns the funding source of school i: the design's shares,
// or synth's draw (synth.FundingSourceFor: Title I in high-poverty
// schools, else district funds, a foundation, the union or another
// source).
func capSource(r *rand.Rand, d Design, funding []model.FundingSource, i int) model.FundingSource {
	u := r.Float64()
	if funding != nil {
		return funding[i]
	}
	return synth.FundingSourceFor(u, d.District.FRLRate > synth.HighPovertyShare)
}

// capClassified is the expected number of classified staff among a
// synthetic school's staff: the family liaison, and a second one at
// synth.SecondClassifiedShare — no more than half the staff.
func capClassified(staff int) float64 {
	return min(1+synth.SecondClassifiedShare, float64(staff)/2)
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
