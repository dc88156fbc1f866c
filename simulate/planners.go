package simulate

import (
	"cmp"
	"fmt"
	"github.com/homevisits/pthv/internal/arena"
	"github.com/homevisits/pthv/internal/breach"
	"github.com/homevisits/pthv/internal/draw"
	"github.com/homevisits/pthv/internal/indexview"
	"iter"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/schedule"
	"github.com/homevisits/pthv/synth"
)

// Year is one simulated school year in real-planner mode: the program's
// full record, its fidelity report and the replication's metrics. The
// dataset passes [model.Dataset.Validate] and can be encoded, checked or
// exported like any other.
type Year struct {
	Dataset *model.Dataset
	Report  practices.Report
	Metrics Metrics
}

// Simulate runs design d for one school year in real-planner mode with
// seed seed — the first year of [Program] — and returns it; see the
// package documentation for the steps. The same design and seed give the
// same Year, field for field, on any GOMAXPROCS.
func Simulate(d Design, seed uint64) (Year, error) {
	if err := d.Validate(); err != nil {
		return Year{}, err
	}
	ds, err := synth.District(d.synthConfig(), seed)
	if err != nil {
		return Year{}, fmt.Errorf("simulate: design %q: %w", d.ID, err)
	}
	y, err := runYear(d, ds, seed, 1, &history{visited: map[model.FamilyID]bool{}})
	if err != nil {
		return Year{}, err
	}
	y.Metrics.drawEffects(d.Outcomes, seed)
	return *y, nil
}

// synthConfig is the synthetic district of d. synth builds the people and
// their history; the program itself (plans, invitations, visits, messages)
// comes from the planners, so synth is asked to invite no one. Its
// Untrained and Mandate deviations are kept: the first gives each school a
// volunteer without training, the second records mandatory goals.
func (d Design) synthConfig() synth.Config {
	c := synth.DefaultConfig()
	c.Name = "Simulated district (" + d.ID + ")"
	c.Schools = d.District.Schools
	c.StudentsPerSchool = d.District.StudentsPerSchool
	c.EducatorsPerSchool = d.District.EducatorsPerSchool
	c.ClassSize = d.District.ClassSize
	c.ELLRate, c.IEPRate, c.FRLRate = d.District.ELLRate, d.District.IEPRate, d.District.FRLRate
	c.OptInRate = d.OptInRate
	c.InviteShare, c.AcceptRate, c.SecondVisitRate = 0, 0, 0
	c.Deviations = synth.Deviations{Untrained: d.Deviations.Untrained, Mandate: d.Deviations.Mandate}
	return c
}

// sim is one replication in real-planner mode.
type sim struct {
	d    Design
	seed uint64
	ds   *model.Dataset
	x    *model.Index
	loc  *time.Location
	year model.SchoolYear
	pol  model.Policy

	start       model.Date // first day of the school year's summer
	trainingDay model.Date
	inviteDay   model.Date
	winter      model.Date
	// secondOffers is when the second visits' invitations go out at the
	// earliest: three weeks before winter, at 10:00 (offerSecond).
	secondOffers time.Time
	length       time.Duration
	// firstCap is the design's firstCap, which room asks for at every
	// educator of every group it weighs.
	firstCap int

	schools []*schoolSim
	// planner plans each school's year in turn (schoolYear.planner), on
	// a dataset of the arrays the school before used.
	planner *schedule.Planner
	arrays  schoolArrays
	edus    map[model.EducatorID]*eduSim
	owner   []int32 // by family position: the school position of its youngest student, or -1 (ownerOf)
	// invited and agreed are by family position: whether the family's
	// own school (owner) invited it, and whether it agreed to a first
	// visit. Only a family's own school asks either, so a family another
	// school invites in passing (its plan names its families by student)
	// is not marked invited.
	invited, agreed []bool
	books           []*booking // every booking, school by school
	// visitFam is the family position of each of the record's visits
	// (complete), for the counts by family that follow.
	visitFam []int32
	// groups are the bookings' groups of visitors, cut from a few
	// arrays: a booking's group is replaced, never appended to.
	groups arena.Arena[*eduSim]
	// ids are the record ids the year makes (visits, invitations,
	// messages), cut from a few chunks.
	ids arena.Strings
	// wants are the visits waiting to be planned (schoolYear.newWant).
	wants arena.Arena[want]
	// returning are the families visited in an earlier year of the
	// program (Years).
	returning map[model.FamilyID]bool
	// pops are the selection populations the school plans were drawn
	// from, by indexview.PopulationKey, for the year's check.
	pops map[string]any
	// round numbers the planning rounds of schoolYear.plan (sim.give).
	round int
	// planRuns counts the schedule.Plan calls (for benchmarks).
	planRuns, moveRuns int

	m       Metrics
	money   moneySum      // every sum of money of the run
	payRule model.PayRule // how visitors are paid
}

// schoolSim is one school's program.
type schoolSim struct {
	i         int
	id        model.SchoolID
	source    model.FundingSource
	families  []model.FamilyID // families it owns, sorted
	famPos    []int32          // their positions in the dataset's Families, parallel to families
	nFam      int              // families with a student at the school
	nStudents int
	// volunteers are opted in and trained (by the training day at the
	// latest); untrained and lapsed serve the deviations.
	volunteers []*eduSim
	untrained  []model.EducatorID
	lapsed     []model.EducatorID
	teams      [][]*eduSim
	targeted   bool
	planID     model.PlanID

	rInvite, rPlace, rComplete *rand.Rand
	agreements                 []agreement
}

// agreement is a family's consent to a first visit.
type agreement struct {
	family model.FamilyID
	fam    int32 // the family's position in the dataset's Families
	at     time.Time
}

// eduSim is an educator's part in the year as the coordinator books it.
type eduSim struct {
	id         model.EducatorID
	e          *model.Educator
	trained    model.Date // first training; zero when none
	hours      model.Hours
	classified bool
	stipend    bool
	// total counts the visits booked, held or missed (their time was
	// spent); firsts the first visits among them.
	total, firsts int
	// extra is the visits given in planning round round (sim.give), not
	// booked yet: a count of a round other than the sim's current one is
	// stale, and zero, so a round need not visit every educator to clear
	// them.
	extra, round int
}

func newSim(d Design, ds *model.Dataset, seed uint64) *sim {
	s := &sim{
		d:    d,
		seed: seed,
		ds:   ds,
		loc:  ds.Calendar.Location(),
		year: ds.Year,
		edus: map[model.EducatorID]*eduSim{},
	}
	s.start = s.year.Start()
	s.trainingDay = s.year.FirstDay.AddDays(-d.Training.InitialDaysBeforeSchool)
	s.inviteDay = s.start.AddDays(45)
	s.winter = ds.Calendar.SeasonStart(s.year, model.Winter)
	s.secondOffers = s.winter.AddDays(-21).In(s.loc, model.NewClock(10, 0))
	s.firstCap = d.firstCap()
	return s
}

// prepare clears synth's program, keeping the district's people, goals and
// events; records each school's funding source; applies the training
// schedule and the design's policy.
func (s *sim) prepare() {
	ds, d := s.ds, s.d
	sources := s.recordedSources()
	ds.Plans, ds.Invitations, ds.Withdrawals, ds.Visits, ds.Communications = nil, nil, nil, nil, nil

	pol := model.DefaultPolicy()
	pol.CertificatedRateCents = d.Compensation.CertificatedRateCents
	pol.ClassifiedRateCents = d.Compensation.ClassifiedRateCents
	pol.SystematicCoverage = d.Outcomes.SystematicCoverage
	pol.PartnerLoadCap = min(pol.PartnerLoadCap, d.CapacityPerEducator)
	ds.Policy = pol
	s.pol = pol
	s.payRule = model.PayRuleOf(ds, pol)
	s.length = time.Duration(pol.VisitLength)

	s.train()
	s.x = model.NewIndex(ds)

	if len(d.Compensation.Funding) > 0 {
		sources = assignFunding(d.Compensation.Funding, len(ds.Schools))
	}
	pick := breach.Schools(draw.Stream(s.seed, streamDistrict, -1), len(ds.Schools), d.Deviations.Targeted)
	s.schools = make([]*schoolSim, len(ds.Schools))
	nFam := s.familiesBySchool()
	index := map[model.SchoolID]int{}
	for i, sc := range ds.Schools {
		index[sc.ID] = i
		s.schools[i] = &schoolSim{
			i:         i,
			id:        sc.ID,
			source:    sources[i],
			targeted:  slices.Contains(pick, i),
			rInvite:   draw.Stream(s.seed, streamInvite, i),
			rPlace:    draw.Stream(s.seed, streamPlace, i),
			rComplete: draw.Stream(s.seed, streamComplete, i),
			nFam:      nFam[i],
			nStudents: countSeq2(indexview.StudentsOfSchool(s.x, sc.ID)),
		}
	}
	s.owner = make([]int32, len(ds.Families))
	s.invited, s.agreed = make([]bool, len(ds.Families)), make([]bool, len(ds.Families))
	for k := range ds.Families {
		s.owner[k] = -1
		if y := indexview.YoungestAt(s.x, k); y >= 0 {
			if i, ok := index[ds.Students[y].School]; ok {
				s.owner[k] = int32(i)
				s.schools[i].famPos = append(s.schools[i].famPos, int32(k))
			}
		}
	}
	for k := range ds.Educators {
		e := &ds.Educators[k]
		i, ok := index[e.School]
		if !ok {
			continue
		}
		sc := s.schools[i]
		switch {
		case e.OptedIn(s.year.ID) && len(e.Trainings) > 0:
			sc.volunteers = append(sc.volunteers, s.edu(e.ID))
		case e.OptedIn(s.year.ID):
			sc.untrained = append(sc.untrained, e.ID)
		case len(e.Trainings) > 0:
			sc.lapsed = append(sc.lapsed, e.ID)
		}
		if e.OptedIn(s.year.ID) {
			s.m.Volunteers++
		}
	}
	for _, sc := range s.schools {
		slices.SortFunc(sc.famPos, func(a, b int32) int { return cmp.Compare(ds.Families[a].ID, ds.Families[b].ID) })
		sc.families = make([]model.FamilyID, len(sc.famPos))
		for j, k := range sc.famPos {
			sc.families[j] = ds.Families[k].ID
		}
	}
	s.m.Schools, s.m.Students, s.m.Families, s.m.Educators = len(ds.Schools), len(ds.Students), len(ds.Families), len(ds.Educators)
	s.m.CostBySource = map[model.FundingSource]int64{}
	s.m.ViolationsByRule = map[string]int{}
}

// familiesBySchool returns, by school position, the number of families
// with a student at the school: what len(indexview.FamiliesOfSchool)
// gives for every school of a dataset whose students' families are all
// recorded — as a synthetic district's are — in one walk of the
// families rather than a sort of each school's.
func (s *sim) familiesBySchool() []int {
	out := make([]int, len(s.ds.Schools))
	var at []int // the schools of one family's students, each once
	for k := range s.ds.Families {
		at = at[:0]
		for _, i := range indexview.FamilyRecordsAt(s.x, k).Students {
			if j := indexview.StudentSchoolAt(s.x, int(i)); j >= 0 && !slices.Contains(at, j) {
				at = append(at, j)
				out[j]++
			}
		}
	}
	return out
}

// recordedSources returns each school's funding source as the synthetic
// district records it: the source of its stipends, else of its visits'
// pay, else district funds.
func (s *sim) recordedSources() []model.FundingSource {
	ds := s.ds
	out := make([]model.FundingSource, len(ds.Schools))
	pos := map[model.SchoolID]int{}
	for i, sc := range ds.Schools {
		pos[sc.ID] = i
	}
	school := map[model.EducatorID]int{}
	for k := range ds.Educators {
		e := &ds.Educators[k]
		i, ok := pos[e.School]
		if !ok {
			continue
		}
		school[e.ID] = i
		if st, ok := e.StipendFor(s.year.ID); ok && out[i] == "" {
			out[i] = st.Source
		}
	}
	for k := range ds.Visits {
		for _, c := range ds.Visits[k].Compensation {
			if i, ok := school[c.Educator]; ok && out[i] == "" && c.Source != "" {
				out[i] = c.Source
			}
		}
	}
	for i := range out {
		if out[i] == "" {
			out[i] = model.DistrictFunds
		}
	}
	return out
}

// assignFunding gives n schools, in order, the sources in their shares:
// largest remainder, ties to the source listed first.
func assignFunding(shares []FundingShare, n int) []model.FundingSource {
	counts := make([]int, len(shares))
	type rem struct {
		k int
		r float64
	}
	var rems []rem
	left := n
	for k, f := range shares {
		q := f.Share * float64(n)
		counts[k] = int(math.Floor(q))
		left -= counts[k]
		rems = append(rems, rem{k, q - math.Floor(q)})
	}
	slices.SortStableFunc(rems, func(a, b rem) int { return cmp.Compare(b.r, a.r) })
	for j := 0; left > 0; j = (j + 1) % len(rems) {
		counts[rems[j].k]++
		left--
	}
	out := make([]model.FundingSource, 0, n)
	for k, c := range counts {
		for range c {
			out = append(out, shares[k].Source)
		}
	}
	return out[:n]
}

// train applies the training schedule: this year's new volunteers are
// trained on the training day; veterans whose last training is at least
// RefresherEveryYears old, or would be older than the policy's
// RefresherAfter by the year's last day, get a refresher that day (none
// when RefresherEveryYears is 0). It counts training
// minutes and their pay.
func (s *sim) train() {
	t := s.d.Training
	for k := range s.ds.Educators {
		e := &s.ds.Educators[k]
		if !e.OptedIn(s.year.ID) || len(e.Trainings) == 0 {
			continue
		}
		first, _ := e.TrainedBy(model.NewDate(9999, time.December, 31))
		minutes := 0
		switch {
		case !first.Before(s.start):
			for j := range e.Trainings {
				e.Trainings[j].Date = s.trainingDay
			}
			minutes = int(math.Round(t.InitialHours * 60))
		case t.RefresherEveryYears > 0:
			// A refresher every RefresherEveryYears, and in any case before
			// the last training is older than the policy's RefresherAfter
			// at the year's end (P2.refresher).
			last, _ := e.LastTrainedBy(s.trainingDay)
			overdue := s.year.LastDay.DaysSince(last) > int(s.pol.RefresherAfter)
			if overdue || !last.AddDays(365*t.RefresherEveryYears).After(s.trainingDay) {
				e.Trainings = append(slices.Clip(e.Trainings), model.Training{Date: s.trainingDay, Kind: model.RefresherTraining})
				minutes = int(math.Round(t.RefresherHours * 60))
			}
		}
		s.m.TrainingMinutes += minutes
		s.money.add(&s.m.TrainingCostCents, model.CentsFor(minutes, s.payRule.Rate(e.Role)))
	}
}

// edu returns the calendar of educator id, creating it on first use.
func (s *sim) edu(id model.EducatorID) *eduSim {
	if e, ok := s.edus[id]; ok {
		return e
	}
	rec, _ := s.x.Educator(id)
	e := &eduSim{id: id, e: rec}
	if rec != nil {
		e.trained, _ = rec.TrainedBy(model.NewDate(9999, time.December, 31))
		e.classified = rec.Role == model.Classified
		_, e.stipend = rec.StipendFor(s.year.ID)
		e.hours = indexview.WorkingHours(s.x, rec)
	}
	s.edus[id] = e
	return e
}

func countSeq2[K, V any](seq iter.Seq2[K, V]) int {
	n := 0
	for range seq {
		n++
	}
	return n
}

// ownerOf returns the position of the school whose program answers for
// family f — its youngest student's — and the family's position in the
// dataset's Families, or false for a family of no school.
func (s *sim) ownerOf(f model.FamilyID) (school int, fam int32, ok bool) {
	k, ok := indexview.FamilyPosition(s.x, f)
	if !ok || s.owner[k] < 0 {
		return 0, 0, false
	}
	return int(s.owner[k]), int32(k), true
}
