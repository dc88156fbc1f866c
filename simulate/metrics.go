package simulate

import (
	"encoding/json"
	"math"
	"slices"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
)

// Metrics are the outcomes of one replication. Counts are of the whole
// district for the school year. In capacity mode ([CapacityModel]) the
// figures the model does not produce — advisories and fidelity — are NaN
// and written "NA".
type Metrics struct {
	// Year is the year of the program the metrics are of, from 1
	// (Years).
	Year int `json:"year"`

	Schools    int `json:"schools"`
	Students   int `json:"students"`
	Families   int `json:"families"`
	Educators  int `json:"educators"`
	Volunteers int `json:"volunteers"` // staff who opted in this year
	Teams      int `json:"teams"`      // standing teams formed (teams pairing)

	// Invitations counts the school's first-visit invitations, repeats
	// included; Reinvitations the repeats alone.
	Invitations     int `json:"invitations"`
	Reinvitations   int `json:"reinvitations"`
	FamiliesInvited int `json:"families_invited"`
	FamilyRequests  int `json:"family_requests"`
	// Acceptances counts the families that agreed to a first visit
	// (family requests included); Declines those that declined every
	// invitation they answered.
	Acceptances int `json:"acceptances"`
	Declines    int `json:"declines"`
	// PlanFailures counts schools that invited no one because their plan
	// could not be made (no family in scope, or a teacher cap that cannot
	// be met).
	PlanFailures int `json:"plan_failures"`

	// FirstVisits and SecondVisits count the visits held (completed).
	// SecondVisitOffers counts the families invited to a second visit,
	// SecondVisitAcceptances those that accepted.
	FirstVisits            int `json:"first_visits"`
	SecondVisitOffers      int `json:"second_visit_offers"`
	SecondVisitAcceptances int `json:"second_visit_acceptances"`
	SecondVisits           int `json:"second_visits"`
	// UnplacedCapacity, UnplacedNoPartner and UnplacedBudget count the
	// visits families agreed to that were not held: no slot within the
	// visitors' caps and capacity, no partner (a visit is never held
	// solo as planned), or over the budget.
	UnplacedCapacity  int `json:"unplaced_capacity"`
	UnplacedNoPartner int `json:"unplaced_no_partner"`
	UnplacedBudget    int `json:"unplaced_budget"`

	// NoShows counts the appointments the family missed, Cancellations
	// those cancelled (by the family, or by a withdrawal), Reschedules the
	// appointments moved at the family's request, Withdrawals the families
	// that withdrew during the year, and Rebookings the visits booked
	// again after a miss or a cancellation (ProgramYear).
	NoShows       int `json:"no_shows"`
	Cancellations int `json:"cancellations"`
	Reschedules   int `json:"reschedules"`
	Withdrawals   int `json:"withdrawals"`
	Rebookings    int `json:"rebookings"`

	// ReturningFamilies counts the families visited this year that were
	// visited in an earlier year of the run; NewlySystematic the schools
	// systematic this year that were not the year before (both 0 in the
	// first year).
	ReturningFamilies int `json:"returning_families"`
	NewlySystematic   int `json:"newly_systematic"`

	// StudentsVisited sums the schools' visited students; FamiliesVisited
	// counts the families with a visit held, FamiliesVisitedTwice those
	// with two.
	StudentsVisited      int `json:"students_visited"`
	FamiliesVisited      int `json:"families_visited"`
	FamiliesVisitedTwice int `json:"families_visited_twice"`
	// SystematicSchools counts the schools that visited at least the
	// design's SystematicCoverage of their students; StudentsInSystematic
	// their students, visited or not.
	SystematicSchools    int `json:"systematic_schools"`
	StudentsInSystematic int `json:"students_in_systematic"`

	// NoConsentVisits, AfterDeclineVisits and SoloVisits count the visits
	// of those deviations; InterpretedVisits the visits with an
	// interpreter; VisitsOutsideSeason first visits in winter or spring
	// and second visits in summer or fall.
	NoConsentVisits     int `json:"no_consent_visits"`
	AfterDeclineVisits  int `json:"after_decline_visits"`
	SoloVisits          int `json:"solo_visits"`
	InterpretedVisits   int `json:"interpreted_visits"`
	VisitsOutsideSeason int `json:"visits_outside_season"`

	// EducatorMinutes is the visitors' time on visits (visitors ×
	// duration); MinutesOutside the part outside their working day, of
	// which StipendMinutes a stipend covers.
	EducatorMinutes int `json:"educator_minutes"`
	MinutesOutside  int `json:"minutes_outside"`
	StipendMinutes  int `json:"stipend_minutes"`
	// CostCents is the per-visit pay of the year, the sum of every
	// visitor's compensation on every visit held; CostBySource splits it
	// by funding source.
	CostCents    int64                         `json:"cost_cents"`
	CostBySource map[model.FundingSource]int64 `json:"cost_by_source"`
	// TrainingMinutes and TrainingCostCents are this year's trainings and
	// their pay at the educators' rates, apart from visit pay.
	TrainingMinutes   int   `json:"training_minutes"`
	TrainingCostCents int64 `json:"training_cost_cents"`

	// Violations counts the check's violation findings, ViolationsByRule
	// by rule id; Advisories the advisory findings; Fidelity is the share
	// of assessable units that passed the violation rules
	// (practices.Summary).
	Violations       int            `json:"violations"`
	ViolationsByRule map[string]int `json:"violations_by_rule"`
	Advisories       float64        `json:"advisories"`
	Fidelity         float64        `json:"fidelity"`

	// Coverage is each school's reach, in school order.
	Coverage []SchoolCoverage `json:"coverage"`

	// Projection is the projected student outcomes.
	Projection Projection `json:"projection"`
}

// MarshalJSON writes the figures a mode does not produce (NaN) as null.
func (m Metrics) MarshalJSON() ([]byte, error) {
	type plain Metrics
	out := struct {
		plain
		Advisories *float64 `json:"advisories"`
		Fidelity   *float64 `json:"fidelity"`
	}{plain: plain(m)}
	if !math.IsNaN(m.Advisories) {
		out.Advisories = &m.Advisories
	}
	if !math.IsNaN(m.Fidelity) {
		out.Fidelity = &m.Fidelity
	}
	return json.Marshal(out)
}

// SchoolCoverage is how much of one school the program reached: a report
// figure, never a finding (a coverage finding would act as a quota).
type SchoolCoverage struct {
	School          model.SchoolID `json:"school"`
	Students        int            `json:"students"`
	StudentsVisited int            `json:"students_visited"`
	Families        int            `json:"families"`
	FamiliesVisited int            `json:"families_visited"`
	// Systematic is set when at least the design's SystematicCoverage of
	// the students were visited.
	Systematic bool `json:"systematic"`
}

// Share returns the share of students visited (0 for a school without
// students).
func (c SchoolCoverage) Share() float64 {
	if c.Students == 0 {
		return 0
	}
	return float64(c.StudentsVisited) / float64(c.Students)
}

// violationRules returns the ids of the catalogue's violation rules, in
// catalogue order: the rules whose counts are metric columns.
func violationRules() []string {
	var ids []string
	for _, r := range practices.Rules() {
		if r.Severity == practices.Violation {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// column is one metric column of the CSV output: its name, its value in
// one replication, and its type in the CSV.
type column struct {
	name string
	get  func(m *Metrics) float64
	kind ColumnType
}

// metricColumns returns the metric columns in output order.
func metricColumns() []column {
	i := func(name string, f func(m *Metrics) int) column {
		return column{name, func(m *Metrics) float64 { return float64(f(m)) }, Integer}
	}
	i64 := func(name string, f func(m *Metrics) int64) column {
		return column{name, func(m *Metrics) float64 { return float64(f(m)) }, Integer}
	}
	f := func(name string, f func(m *Metrics) float64) column { return column{name, f, Number} }
	cols := []column{
		i("schools", func(m *Metrics) int { return m.Schools }),
		i("students", func(m *Metrics) int { return m.Students }),
		i("families", func(m *Metrics) int { return m.Families }),
		i("educators", func(m *Metrics) int { return m.Educators }),
		i("volunteers", func(m *Metrics) int { return m.Volunteers }),
		i("teams", func(m *Metrics) int { return m.Teams }),
		i("invitations", func(m *Metrics) int { return m.Invitations }),
		i("reinvitations", func(m *Metrics) int { return m.Reinvitations }),
		i("families_invited", func(m *Metrics) int { return m.FamiliesInvited }),
		i("family_requests", func(m *Metrics) int { return m.FamilyRequests }),
		i("acceptances", func(m *Metrics) int { return m.Acceptances }),
		i("declines", func(m *Metrics) int { return m.Declines }),
		i("plan_failures", func(m *Metrics) int { return m.PlanFailures }),
		i("first_visits", func(m *Metrics) int { return m.FirstVisits }),
		i("second_visit_offers", func(m *Metrics) int { return m.SecondVisitOffers }),
		i("second_visit_acceptances", func(m *Metrics) int { return m.SecondVisitAcceptances }),
		i("second_visits", func(m *Metrics) int { return m.SecondVisits }),
		i("unplaced_capacity", func(m *Metrics) int { return m.UnplacedCapacity }),
		i("unplaced_no_partner", func(m *Metrics) int { return m.UnplacedNoPartner }),
		i("unplaced_budget", func(m *Metrics) int { return m.UnplacedBudget }),
		i("no_shows", func(m *Metrics) int { return m.NoShows }),
		i("cancellations", func(m *Metrics) int { return m.Cancellations }),
		i("reschedules", func(m *Metrics) int { return m.Reschedules }),
		i("withdrawals", func(m *Metrics) int { return m.Withdrawals }),
		i("rebookings", func(m *Metrics) int { return m.Rebookings }),
		i("students_visited", func(m *Metrics) int { return m.StudentsVisited }),
		i("families_visited", func(m *Metrics) int { return m.FamiliesVisited }),
		i("families_visited_twice", func(m *Metrics) int { return m.FamiliesVisitedTwice }),
		f("coverage_district", func(m *Metrics) float64 { return ratio(m.StudentsVisited, m.Students) }),
		f("coverage_mean", func(m *Metrics) float64 { return m.coverageStat(meanOf) }),
		f("coverage_min", func(m *Metrics) float64 { return m.coverageStat(minOf) }),
		f("coverage_max", func(m *Metrics) float64 { return m.coverageStat(maxOf) }),
		i("systematic_schools", func(m *Metrics) int { return m.SystematicSchools }),
		f("systematic_share", func(m *Metrics) float64 { return ratio(m.SystematicSchools, m.Schools) }),
		i("students_in_systematic", func(m *Metrics) int { return m.StudentsInSystematic }),
		i("newly_systematic", func(m *Metrics) int { return m.NewlySystematic }),
		i("returning_families", func(m *Metrics) int { return m.ReturningFamilies }),
		i("violations", func(m *Metrics) int { return m.Violations }),
		f("advisories", func(m *Metrics) float64 { return m.Advisories }),
		f("fidelity", func(m *Metrics) float64 { return m.Fidelity }),
	}
	for _, id := range violationRules() {
		cols = append(cols, i("violations."+id, func(m *Metrics) int { return m.ViolationsByRule[id] }))
	}
	cols = append(cols,
		i("no_consent_visits", func(m *Metrics) int { return m.NoConsentVisits }),
		i("after_decline_visits", func(m *Metrics) int { return m.AfterDeclineVisits }),
		i("solo_visits", func(m *Metrics) int { return m.SoloVisits }),
		i("interpreted_visits", func(m *Metrics) int { return m.InterpretedVisits }),
		i("visits_outside_season", func(m *Metrics) int { return m.VisitsOutsideSeason }),
		i("educator_minutes", func(m *Metrics) int { return m.EducatorMinutes }),
		i("minutes_outside", func(m *Metrics) int { return m.MinutesOutside }),
		i("stipend_minutes", func(m *Metrics) int { return m.StipendMinutes }),
		i64("cost_cents", func(m *Metrics) int64 { return m.CostCents }),
	)
	for _, s := range model.FundingSources() {
		cols = append(cols, i64("cost_cents."+string(s), func(m *Metrics) int64 { return m.CostBySource[s] }))
	}
	cols = append(cols,
		f("cost_per_family_visited_cents", func(m *Metrics) float64 {
			if m.FamiliesVisited == 0 {
				return math.NaN()
			}
			return float64(m.CostCents) / float64(m.FamiliesVisited)
		}),
		i("training_minutes", func(m *Metrics) int { return m.TrainingMinutes }),
		i64("training_cost_cents", func(m *Metrics) int64 { return m.TrainingCostCents }),
	)
	return publishColumns(append(cols, outcomeColumns()...))
}

// MetricNames returns the names of the metric columns, in CSV order.
func MetricNames() []string {
	var out []string
	for _, c := range metricColumns() {
		out = append(out, c.name)
	}
	return out
}

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

func (m *Metrics) coverageStat(f func([]float64) float64) float64 {
	if len(m.Coverage) == 0 {
		return math.NaN()
	}
	xs := make([]float64, len(m.Coverage))
	for i, c := range m.Coverage {
		xs[i] = c.Share()
	}
	return f(xs)
}

func meanOf(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func minOf(xs []float64) float64 { return slices.Min(xs) }
func maxOf(xs []float64) float64 { return slices.Max(xs) }

// finish fills the figures derived from the coverage — visited students,
// systematic schools — and the projection at the point estimates
// ([Metrics.drawEffects] then draws the replication's effect sizes). A family with children in two
// schools counts in both schools' coverage, so FamiliesVisited is counted
// by each mode from the visits instead.
func (m *Metrics) finish(o OutcomeAssumptions) {
	m.StudentsVisited, m.SystematicSchools, m.StudentsInSystematic = 0, 0, 0
	for _, c := range m.Coverage {
		m.StudentsVisited += c.StudentsVisited
		if c.Systematic {
			m.SystematicSchools++
			m.StudentsInSystematic += c.Students
		}
	}
	m.Projection = o.Project(m.Coverage)
}
