package simulate

import (
	"fmt"
	"slices"

	"github.com/homevisits/pthv/internal/draw"
	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/synth"
)

// Program runs design d over its Years.Count consecutive school years in
// real-planner mode with seed seed and returns the years in order. Year 1
// is what [Simulate] returns. Each later year starts from the district as
// the year before left it:
//
//   - the school year and its calendar move 52 weeks on (so weekdays and
//     closures fall alike), and last year's plans, invitations, visits,
//     messages and withdrawals are closed: every family is asked again
//     under the year's new plan, and an earlier acceptance does not carry
//     over (RULES.md, P1.family-consent);
//   - each volunteer opts in again with Years.Retention, each other member
//     of staff (principals aside) with Years.Recruitment; a newcomer with
//     no training is trained on the year's training day, and veterans get
//     a refresher by the design's Training rule;
//   - the standing teams of the year become past pairs, so pairing can
//     favour a change;
//   - a family visited in an earlier year accepts its first invitation
//     with Years.ReturningAcceptance.
//
// Students and families stay the same (no enrolment change): a stated
// simplification. Year k draws from its own seed, derived from seed and k.
func Program(d Design, seed uint64) ([]Year, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	ds, err := synth.District(d.synthConfig(), seed)
	if err != nil {
		return nil, fmt.Errorf("simulate: design %q: %w", d.ID, err)
	}
	out := make([]Year, 0, d.Years.Count)
	h := &history{visited: map[model.FamilyID]bool{}}
	for k := 1; k <= d.Years.Count; k++ {
		ys := seed
		if k > 1 {
			ys = splitmix64(seed ^ uint64(k)*0xD1B54A32D192ED03)
			ds = h.next(ds, d, ys)
		}
		y, err := runYear(d, ds, ys, k, h)
		if err != nil {
			return nil, err
		}
		// One replication, one draw of the effect sizes, whatever the year.
		y.Metrics.drawEffects(d.Outcomes, seed)
		out = append(out, *y)
	}
	return out, nil
}

// history is what one year of a program hands the next.
type history struct {
	visited    map[model.FamilyID]bool // families visited in an earlier year
	systematic map[model.SchoolID]bool // schools systematic last year
	teams      []model.PastPair        // this year's standing teams
}

// runYear runs one school year of the program on ds.
func runYear(d Design, ds *model.Dataset, seed uint64, k int, h *history) (*Year, error) {
	s := newSim(d, ds, seed)
	s.returning = h.visited
	s.prepare()
	s.invite()
	if err := s.pair(); err != nil {
		return nil, fmt.Errorf("simulate: design %q: %w", d.ID, err)
	}
	if err := s.place(); err != nil {
		return nil, fmt.Errorf("simulate: design %q: %w", d.ID, err)
	}
	s.complete()
	// Check validates the record: an error here is a bug of this package.
	rep, err := s.check()
	if err != nil {
		return nil, fmt.Errorf("simulate: design %q: %w", d.ID, err)
	}
	s.measure(rep)
	if s.money.err != nil {
		return nil, fmt.Errorf("simulate: design %q: %w", d.ID, s.money.err)
	}
	// What this year hands on.
	// The families visited this year, each once, found by position.
	var visited []model.FamilyID
	seen := make([]bool, len(ds.Families))
	for i := range ds.Visits {
		if v := &ds.Visits[i]; v.Status == model.Completed && !seen[s.visitFam[i]] {
			seen[s.visitFam[i]] = true
			visited = append(visited, v.Family)
			if h.visited[v.Family] {
				s.m.ReturningFamilies++
			}
		}
	}
	systematic := map[model.SchoolID]bool{}
	for _, c := range s.m.Coverage {
		if c.Systematic {
			systematic[c.School] = true
			if h.systematic != nil && !h.systematic[c.School] {
				s.m.NewlySystematic++
			}
		}
	}
	for _, f := range visited {
		h.visited[f] = true
	}
	h.systematic = systematic
	h.teams = h.teams[:0]
	for _, sc := range s.schools {
		for _, g := range sc.teams {
			ids := make([]model.EducatorID, len(g))
			for j, e := range g {
				ids[j] = e.id
			}
			h.teams = append(h.teams, model.PastPair{Year: s.year.ID, Educators: ids})
		}
	}
	s.m.Year = k
	return &Year{Dataset: ds, Report: rep, Metrics: s.m}, nil
}

// next returns the district of the following school year: see [Program].
func (h *history) next(ds *model.Dataset, d Design, seed uint64) *model.Dataset {
	const week52 = 364
	n := *ds
	prev := ds.Year
	n.Year = model.NewSchoolYear(prev.FirstDay.AddDays(week52), prev.LastDay.AddDays(week52))
	if !prev.SummerStart.IsZero() {
		n.Year.SummerStart = prev.SummerStart.AddDays(week52)
	}
	n.Calendar.Closures = make([]model.Closure, len(ds.Calendar.Closures))
	for i, c := range ds.Calendar.Closures {
		n.Calendar.Closures[i] = model.Closure{From: c.From.AddDays(week52), To: c.To.AddDays(week52), Name: c.Name}
	}
	n.Events = make([]model.Event, len(ds.Events))
	for i, e := range ds.Events {
		e.Date = e.Date.AddDays(week52)
		n.Events[i] = e
	}
	n.Plans, n.Invitations, n.Withdrawals, n.Visits, n.Communications = nil, nil, nil, nil, nil
	n.PastPairs = append(slices.Clip(ds.PastPairs), h.teams...)

	r := draw.Stream(seed, streamYears, -1)
	n.Educators = slices.Clone(ds.Educators)
	for i := range n.Educators {
		e := &n.Educators[i]
		was := e.OptedIn(prev.ID)
		join := false
		switch {
		case e.Position == model.Principal:
		case was:
			join = draw.Chance(r, d.Years.Retention)
		default:
			join = draw.Chance(r, d.Years.Recruitment)
		}
		if !join {
			continue
		}
		e.OptIns = append(slices.Clip(e.OptIns), n.Year.ID)
		if len(e.Trainings) == 0 && !was {
			// A newcomer: trained on the year's training day (train).
			e.Trainings = []model.Training{{Date: n.Year.Start(), Kind: model.InitialTraining}}
		}
		if st, ok := e.StipendFor(prev.ID); ok {
			st.Year = n.Year.ID
			e.Stipends = append(slices.Clip(e.Stipends), st)
		}
	}
	return &n
}

// check is practices.Check of the year as of the day after its last,
// by the dataset's policy, handing the check the selection populations
// the year's plans were drawn from (its P4 audit asks for the same
// scopes of the same people) instead of letting it derive them again.
// TestCheckSharesPopulations holds it to practices.Check's report.
func (s *sim) check() (practices.Report, error) {
	ds := s.ds
	if err := practices.ValidatePolicy(ds.Policy); err != nil {
		return practices.Report{}, err
	}
	x, err := ds.ValidIndex()
	if err != nil {
		return practices.Report{}, err
	}
	p, err := practices.PrepareIndex(indexview.WithDerived(x, s.pops))
	if err != nil {
		return practices.Report{}, err
	}
	return p.Check(s.year.LastDay.AddDays(1).In(s.loc, 0), &ds.Policy)
}
