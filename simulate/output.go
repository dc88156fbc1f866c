package simulate

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/homevisits/pthv/internal/nilarg"
	"github.com/homevisits/pthv/internal/spreadsheet"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/synth"
)

// param is one design parameter column: its published name, the JSON
// path of its field (what a sweep's grid names), its type, and its value:
// num for numbers, text (already written) for text and booleans.
type param struct {
	name, path string
	kind       ColumnType
	num        func(d *Design) float64
	text       func(d *Design) string
}

// get writes the parameter's cell for design d: a number in full, TRUE or
// FALSE, or text ("none" for an empty list, so that a column of empty
// cells is not read as missing).
func (p param) get(d *Design) string {
	if p.num != nil {
		return formatNumber(p.num(d))
	}
	if v := p.text(d); v != "" {
		return v
	}
	return "none"
}

// designParams returns the design parameter columns, in CSV order, named
// by [publishParams] from the JSON paths a sweep's grid uses.
func designParams() []param {
	num := func(path string, f func(d *Design) float64) param {
		return param{path: path, kind: Number, num: f}
	}
	txt := func(path string, f func(d *Design) string) param { return param{path: path, kind: Text, text: f} }
	flag := func(path string, f func(d *Design) bool) param {
		return param{path: path, kind: Boolean, text: func(d *Design) string { return formatBool(f(d)) }}
	}
	ps := []param{
		num("district.schools", func(d *Design) float64 { return float64(d.District.Schools) }),
		num("district.students_per_school", func(d *Design) float64 { return float64(d.District.StudentsPerSchool) }),
		num("district.educators_per_school", func(d *Design) float64 { return float64(d.District.EducatorsPerSchool) }),
		num("district.class_size", func(d *Design) float64 { return float64(d.District.ClassSize) }),
		num("district.ell_rate", func(d *Design) float64 { return d.District.ELLRate }),
		num("district.iep_rate", func(d *Design) float64 { return d.District.IEPRate }),
		num("district.frl_rate", func(d *Design) float64 { return d.District.FRLRate }),
		num("invite_share", func(d *Design) float64 { return d.InviteShare }),
		txt("selection.method", func(d *Design) string { return string(d.Selection.Method) }),
		txt("selection.balance", func(d *Design) string { return strings.Join(d.Selection.Balance, "|") }),
		txt("selection.scope", func(d *Design) string { return string(d.Selection.Scope) }),
		num("selection.teacher_cap", func(d *Design) float64 { return float64(d.Selection.TeacherCap) }),
		num("family_request_rate", func(d *Design) float64 { return d.FamilyRequestRate }),
		num("opt_in_rate", func(d *Design) float64 { return d.OptInRate }),
		num("acceptance.rate", func(d *Design) float64 { return d.Acceptance.Rate }),
		num("acceptance.decline_share", func(d *Design) float64 { return d.Acceptance.DeclineShare }),
		num("acceptance.reinvites", func(d *Design) float64 { return float64(d.Acceptance.Reinvites) }),
		num("acceptance.repeat_factor", func(d *Design) float64 { return d.Acceptance.RepeatFactor }),
		flag("acceptance.reinvite_declined", func(d *Design) bool { return d.Acceptance.ReinviteDeclined }),
		num("acceptance.reinvite_after_days", func(d *Design) float64 { return float64(d.Acceptance.ReinviteAfterDays) }),
		txt("pairing", func(d *Design) string { return string(d.Pairing) }),
		txt("placement", func(d *Design) string { return string(d.Placement) }),
		flag("second_visit.offered", func(d *Design) bool { return d.SecondVisit.Offered }),
		num("second_visit.accept_rate", func(d *Design) float64 { return d.SecondVisit.AcceptRate }),
		num("follow_up_rate", func(d *Design) float64 { return d.FollowUpRate }),
		num("capacity_per_educator", func(d *Design) float64 { return float64(d.CapacityPerEducator) }),
		num("compensation.certificated_rate_cents", func(d *Design) float64 { return float64(d.Compensation.CertificatedRateCents) }),
		num("compensation.classified_rate_cents", func(d *Design) float64 { return float64(d.Compensation.ClassifiedRateCents) }),
		num("compensation.budget_cents", func(d *Design) float64 { return float64(d.Compensation.BudgetCents) }),
		txt("compensation.funding", func(d *Design) string {
			var parts []string
			for _, f := range d.Compensation.Funding {
				parts = append(parts, string(f.Source)+":"+formatNumber(f.Share))
			}
			return strings.Join(parts, "|")
		}),
		num("training.initial_days_before_school", func(d *Design) float64 { return float64(d.Training.InitialDaysBeforeSchool) }),
		num("training.refresher_every_years", func(d *Design) float64 { return float64(d.Training.RefresherEveryYears) }),
		num("training.initial_hours", func(d *Design) float64 { return d.Training.InitialHours }),
		num("training.refresher_hours", func(d *Design) float64 { return d.Training.RefresherHours }),
	}
	for j, f := range (synth.Deviations{}).Rates() {
		ps = append(ps, num("deviations."+f.Key, func(d *Design) float64 { return d.Deviations.Rates()[j].Rate }))
	}
	ps = append(ps,
		num("year.no_show_rate", func(d *Design) float64 { return d.Year.NoShowRate }),
		num("year.cancel_rate", func(d *Design) float64 { return d.Year.CancelRate }),
		num("year.reschedule_rate", func(d *Design) float64 { return d.Year.RescheduleRate }),
		num("year.withdrawal_rate", func(d *Design) float64 { return d.Year.WithdrawalRate }),
		num("year.rebooks", func(d *Design) float64 { return float64(d.Year.Rebooks) }),
		num("year.second_visit_reserve", func(d *Design) float64 { return d.Year.SecondVisitReserve }),
		num("year.plan_every_days", func(d *Design) float64 { return float64(d.Year.PlanEveryDays) }),
		txt("budget.scope", func(d *Design) string { return string(d.Budget.Scope) }),
		txt("budget.allocation", func(d *Design) string { return string(d.Budget.Allocation) }),
		num("budget.second_visit_reserve", func(d *Design) float64 { return d.Budget.SecondVisitReserve }),
		num("years.count", func(d *Design) float64 { return float64(d.Years.Count) }),
		num("years.retention", func(d *Design) float64 { return d.Years.Retention }),
		num("years.recruitment", func(d *Design) float64 { return d.Years.Recruitment }),
		num("years.returning_acceptance", func(d *Design) float64 { return d.Years.ReturningAcceptance }),
	)
	return publishParams(append(ps, outcomeParams()...))
}

// ParameterNames returns the names of the design parameter columns, in
// CSV order: the JSON paths of the design's fields, published in
// snake_case with units ("acceptance.rate" → acceptance_rate,
// "compensation.budget_cents" → compensation_budget_usd).
func ParameterNames() []string {
	var out []string
	for _, p := range designParams() {
		out = append(out, p.name)
	}
	return out
}

// runColumns are the columns that identify a run.
func runColumns() []string {
	return []string{"run_id", "design_id", "replication", "year", "seed", "mode"}
}

// Header returns the columns of [Results.WriteCSV], in order: run_id,
// design_id, replication, year, seed, mode, every design parameter
// ([ParameterNames]) and every metric ([MetricNames]).
func Header() []string {
	out := runColumns()
	out = append(out, ParameterNames()...)
	return append(out, MetricNames()...)
}

// WriteCSV writes the replications as a tidy long-format table, one row
// per run, in run order, with the columns of [Header]: ready for R
// (read.csv) or pandas (read_csv). Numbers are written in full, without
// exponents; a figure a mode does not produce is "NA". Text cells that
// start with = + - @, a tab or a carriage return get a leading apostrophe,
// so that a spreadsheet does not run them as formulas.
//
// The writers of Results return an error wrapping [model.ErrInvalid], and
// write nothing, for a nil *Results or writer, or for a replication that
// names a design r does not hold (a Results not made by [Run]).
func (r *Results) WriteCSV(w io.Writer) error {
	if err := r.check("WriteCSV", w); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	ps, ms := designParams(), metricColumns()
	cw.Write(Header())
	params := make([][]string, len(r.Designs))
	for i := range r.Designs {
		row := make([]string, len(ps))
		for j, p := range ps {
			row[j] = p.get(&r.Designs[i])
			if p.kind == Text {
				row[j] = spreadsheet.Guard(row[j])
			}
		}
		params[i] = row
	}
	row := make([]string, 0, len(runColumns())+len(ps)+len(ms))
	for k := range r.Replications {
		rep := &r.Replications[k]
		row = append(row[:0],
			strconv.Itoa(rep.RunID), spreadsheet.Guard(rep.DesignID), strconv.Itoa(rep.Number), strconv.Itoa(rep.Year),
			FormatSeed(rep.Seed), string(rep.Mode))
		row = append(row, params[rep.Design]...)
		for _, c := range ms {
			row = append(row, formatNumber(c.get(&rep.Metrics)))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteSchoolsCSV writes every school's coverage in every run, one row per
// run, year and school: run_id, design_id, replication, year, seed,
// school, students, students_visited, coverage_share, families,
// families_visited, systematic (TRUE or FALSE).
func (r *Results) WriteSchoolsCSV(w io.Writer) error {
	if err := r.check("WriteSchoolsCSV", w); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"run_id", "design_id", "replication", "year", "seed", "school", "students",
		"students_visited", "coverage_share", "families", "families_visited", "systematic"})
	for k := range r.Replications {
		rep := &r.Replications[k]
		for _, c := range rep.Metrics.Coverage {
			err := cw.Write([]string{strconv.Itoa(rep.RunID), spreadsheet.Guard(rep.DesignID), strconv.Itoa(rep.Number),
				strconv.Itoa(rep.Year), FormatSeed(rep.Seed), spreadsheet.Guard(string(c.School)), strconv.Itoa(c.Students),
				strconv.Itoa(c.StudentsVisited), formatNumber(c.Share()), strconv.Itoa(c.Families),
				strconv.Itoa(c.FamiliesVisited), formatBool(c.Systematic)})
			if err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// Stat summarizes one metric of one design over its replications. NaN
// values (figures a mode does not produce) are left out; N counts the
// rest.
type Stat struct {
	DesignID string `json:"design_id"`
	// Year is the year of the program (1 for a design of one year).
	Year   int     `json:"year"`
	Metric string  `json:"metric"`
	N      int     `json:"n"`
	Mean   float64 `json:"mean"`
	SD     float64 `json:"sd"`
	// MeanLow and MeanHigh are the 95% confidence interval of the mean,
	// mean ± t(0.975, N−1) · SD / √N (NaN when N < 2).
	MeanLow  float64 `json:"mean_low"`
	MeanHigh float64 `json:"mean_high"`
	// P2_5 and P97_5 are the 2.5th and 97.5th percentiles of the
	// replications (linear interpolation between order statistics, R's
	// type 7): the middle 95% of what one year of the design may give.
	P2_5  float64 `json:"p2_5"`
	P97_5 float64 `json:"p97_5"`
}

// Summary returns, for every design, year and metric, the mean and the
// 95% intervals over the replications: designs in run order, then years,
// metrics in CSV order. It is nil for a nil *Results.
func (r *Results) Summary() []Stat {
	if r == nil {
		return nil
	}
	ms := metricColumns()
	var out []Stat
	xs := make([]float64, 0, min(max(r.Runs, 0), len(r.Replications)))
	for di, d := range r.Designs {
		years := 1
		for k := range r.designReplications(di) {
			years = max(years, r.Replications[k].Year)
		}
		for y := 1; y <= years; y++ {
			for _, c := range ms {
				xs = xs[:0]
				for k := range r.designReplications(di) {
					rep := &r.Replications[k]
					if max(rep.Year, 1) != y {
						continue
					}
					if v := c.get(&rep.Metrics); !math.IsNaN(v) {
						xs = append(xs, v)
					}
				}
				st := summarize(d.ID, c.name, xs)
				st.Year = y
				out = append(out, st)
			}
		}
	}
	return out
}

// designReplications yields the positions of design di's replications:
// a contiguous block when r comes from [Run], else a scan.
func (r *Results) designReplications(di int) func(yield func(int) bool) {
	return func(yield func(int) bool) {
		n := len(r.Replications)
		lo, hi := di*r.Runs, (di+1)*r.Runs
		if r.Runs > 0 && r.Runs <= n && di < n/r.Runs && n == len(r.Designs)*r.Runs &&
			r.Replications[lo].Design == di && r.Replications[hi-1].Design == di {
			for k := lo; k < hi; k++ {
				if !yield(k) {
					return
				}
			}
			return
		}
		for k := range r.Replications {
			if r.Replications[k].Design == di && !yield(k) {
				return
			}
		}
	}
}

func summarize(design, metric string, xs []float64) Stat {
	s := Stat{DesignID: design, Metric: metric, N: len(xs)}
	nan := math.NaN()
	s.Mean, s.SD, s.MeanLow, s.MeanHigh, s.P2_5, s.P97_5 = nan, nan, nan, nan, nan, nan
	if len(xs) == 0 {
		return s
	}
	n := float64(len(xs))
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	s.Mean = sum / n
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	s.P2_5, s.P97_5 = quantile(sorted, 0.025), quantile(sorted, 0.975)
	if len(xs) < 2 {
		return s
	}
	ss := 0.0
	for _, x := range xs {
		ss += (x - s.Mean) * (x - s.Mean)
	}
	s.SD = math.Sqrt(ss / (n - 1))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(0.975)
	half := t * s.SD / math.Sqrt(n)
	s.MeanLow, s.MeanHigh = s.Mean-half, s.Mean+half
	return s
}

// quantile returns the q-quantile of sorted values by linear interpolation
// (R's type 7).
func quantile(sorted []float64, q float64) float64 {
	h := q * float64(len(sorted)-1)
	lo := int(math.Floor(h))
	if lo+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

// WriteSummaryCSV writes [Results.Summary] as CSV: design_id, year, metric, n,
// mean, sd, mean_low, mean_high, p2_5, p97_5, and a note that, for the
// projected outcomes, says what they rest on and the model ("none" for
// other metrics).
func (r *Results) WriteSummaryCSV(w io.Writer) error {
	if err := r.check("WriteSummaryCSV", w); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"design_id", "year", "metric", "n", "mean", "sd", "mean_low", "mean_high", "p2_5", "p97_5", "note"})
	notes := map[string]string{}
	for _, d := range r.Designs {
		notes[d.ID] = d.Outcomes.Evidence()
	}
	outcome := map[string]bool{}
	for _, c := range outcomeColumns() {
		name, _ := publishedName(c.name)
		outcome[name] = true
	}
	for _, s := range r.Summary() {
		note := "none"
		if outcome[s.Metric] {
			note = notes[s.DesignID]
		}
		err := cw.Write([]string{spreadsheet.Guard(s.DesignID), strconv.Itoa(s.Year), s.Metric, strconv.Itoa(s.N), formatNumber(s.Mean),
			formatNumber(s.SD), formatNumber(s.MeanLow), formatNumber(s.MeanHigh), formatNumber(s.P2_5), formatNumber(s.P97_5), note})
		if err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// headline is a metric the text summary shows, with how to print it.
type headline struct {
	metric, label string
	scale         float64 // multiply by scale before printing
	unit          string
}

// headlines are the metrics the text summary shows.
func headlines() []headline {
	return []headline{
		{"invitations", "invitations", 1, ""},
		{"acceptances", "families agreeing", 1, ""},
		{"first_visits", "first visits", 1, ""},
		{"second_visits", "second visits", 1, ""},
		{"unplaced_capacity", "not placed: capacity", 1, ""},
		{"no_shows", "no-shows", 1, ""},
		{"cancellations", "cancellations", 1, ""},
		{"coverage_district_share", "students visited", 100, "%"},
		{"systematic_share", "schools systematic (≥ threshold)", 100, "%"},
		{"fidelity_share", "fidelity to the non-negotiables", 100, "%"},
		{"violations", "violations", 1, ""},
		{"pay_usd", "visit pay", 1, "$"},
		{"pay_per_family_visited_usd", "visit pay per family visited", 1, "$"},
		{"training_pay_usd", "training pay", 1, "$"},
	}
}

// outcomeHeadlines are the projected outcomes the text summary shows, each
// with its figure at the point estimate.
func outcomeHeadlines() []struct{ metric, atEstimate, label string } {
	return []struct{ metric, atEstimate, label string }{
		{"chronically_absent_fewer", "chronically_absent_fewer_at_estimate", "fewer chronically absent students"},
		{"ela_proficient_more", "ela_proficient_more_at_estimate", "more students proficient in ELA"},
	}
}

// WriteSummary writes the summary for people: for each design, the
// headline metrics with their mean and the 95% confidence interval of the
// mean; then the projected outcomes, with the model that produced them
// and their 95% ranges over replications, once from the program's
// run-to-run variation alone (effects at the point estimate) and once
// with the effect-size uncertainty the design gives; then every
// assumption. The CSV files hold every metric.
func (r *Results) WriteSummary(w io.Writer) error {
	if err := r.check("WriteSummary", w); err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d design(s) × %d replication(s), mode %s, base seed %s", len(r.Designs), r.Runs, r.Mode, FormatSeed(r.Seed))
	if r.Shard.N > 1 {
		fmt.Fprintf(&b, ", shard %s (replications %d–%d of %d only)", r.Shard, r.Shard.lo(r.total())+1, r.Shard.hi(r.total()), r.total())
	}
	b.WriteString("\n")
	stats := r.Summary()
	for di, d := range r.Designs {
		var own []Stat
		years := 1
		for _, st := range stats {
			if st.DesignID == d.ID {
				own = append(own, st)
				years = max(years, st.Year)
			}
		}
		_ = di
		for y := 1; y <= years; y++ {
			if years > 1 {
				fmt.Fprintf(&b, "\nDesign %s, year %d of %d\n", d.ID, y, years)
			} else {
				fmt.Fprintf(&b, "\nDesign %s\n", d.ID)
			}
			fmt.Fprintf(&b, "  %-36s %14s   %s\n", "metric", "mean", "95% CI of the mean")
			for _, h := range headlines() {
				var s Stat
				for _, st := range own {
					if st.Year == y && st.Metric == h.metric {
						s = st
						break
					}
				}
				if s.N == 0 {
					fmt.Fprintf(&b, "  %-36s %14s\n", h.label, "NA")
					continue
				}
				fmt.Fprintf(&b, "  %-36s %14s   %s\n", h.label, human(s.Mean, h.scale, h.unit), interval(s, h.scale, h.unit))
			}
		}
		// The projection of a design of several years is its last year's.
		find := func(metric string) Stat {
			var s Stat
			for _, st := range own {
				if st.Metric == metric && st.Year >= s.Year {
					s = st
				}
			}
			return s
		}
		if years > 1 {
			fmt.Fprintf(&b, "  Projected outcomes in year %d (%s):\n", years, d.Outcomes.Evidence())
		} else {
			fmt.Fprintf(&b, "  Projected outcomes (%s):\n", d.Outcomes.Evidence())
		}
		fmt.Fprintf(&b, "  %-36s %14s   %-22s %s\n", "", "mean", "95% range: program", "95% range: program + effect size")
		for _, h := range outcomeHeadlines() {
			s, at := find(h.metric), find(h.atEstimate)
			if s.N == 0 {
				fmt.Fprintf(&b, "  %-36s %14s\n", h.label, "NA")
				continue
			}
			fmt.Fprintf(&b, "  %-36s %14s   %-22s %s\n", h.label, human(s.Mean, 1, ""),
				spread(at), spread(s))
		}
	}
	b.WriteString("\nAssumptions\n")
	for _, line := range r.Assumptions() {
		b.WriteString("  - " + line + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// spread writes the middle 95% of the replications of s.
func spread(s Stat) string {
	if s.N == 0 || math.IsNaN(s.P2_5) {
		return "—"
	}
	return human(s.P2_5, 1, "") + " – " + human(s.P97_5, 1, "")
}

// Assumptions lists, in words, every assumption behind the figures of r:
// the projected outcomes' source, study population, model, effects and
// baselines for each design, and what the mode models. It is nil for a
// nil *Results.
func (r *Results) Assumptions() []string {
	if r == nil {
		return nil
	}
	out := []string{
		"Projected outcomes are associations from one observational study, Sheldon & Jung (2018, Johns Hopkins University), of K-8 schools in urban districts: schools that visited at least 10% of their students (\"systematic\") against schools that did not. They are not causal effects of home visits; applying them to other grades or settings is an extrapolation. They apply to all students of a school, visited or not; chronic absence means missing at least 10% of school days.",
		"The projections' 95% ranges are the middle 95% of the replications: \"program\" uses the point estimates in every replication (run-to-run variation of the program year alone); \"program + effect size\" also draws each replication's effect sizes from the design's intervals (the same draw for every design, for comparison). With point estimates only, the two ranges are the same.",
	}
	var lines []string
	ids := map[string][]string{}
	for _, d := range r.Designs {
		line := d.Outcomes.describe()
		if ids[line] == nil {
			lines = append(lines, line)
		}
		ids[line] = append(ids[line], d.ID)
	}
	for _, line := range lines {
		who := "Design " + strings.Join(ids[line], ", ")
		if len(ids[line]) == len(r.Designs) && len(r.Designs) > 1 {
			who = "Every design"
		}
		out = append(out, fmt.Sprintf("%s: %s.", who, line))
	}
	seenYear := map[string]bool{}
	for _, d := range r.Designs {
		line := fmt.Sprintf("Design %s: a year of %s.", d.ID, d.Year.describe())
		if d.Compensation.BudgetCents > 0 {
			switch d.Budget.Scope {
			case SchoolBudget:
				line += fmt.Sprintf(" Each school has a visit pay budget of %s, %s of it held for second visits.", human(float64(d.Compensation.BudgetCents), 0.01, "$"), percent(d.Budget.SecondVisitReserve))
			default:
				line += fmt.Sprintf(" The district's visit pay budget of %s is shared among the schools before the year by %s, %s of each share held for second visits; a school spends only its share.",
					human(float64(d.Compensation.BudgetCents), 0.01, "$"), map[Allocation]string{ByEnrolment: "enrolment", Equally: "equal shares"}[d.Budget.Allocation], percent(d.Budget.SecondVisitReserve))
			}
		}
		if d.Years.Count > 1 {
			line += fmt.Sprintf(" %d consecutive years: volunteers return with %s, other staff join with %s, families visited before accept with %s; the roster of students and families is held fixed.",
				d.Years.Count, percent(d.Years.Retention), percent(d.Years.Recruitment), percent(d.Years.ReturningAcceptance))
		}
		if !seenYear[line] {
			seenYear[line] = true
			out = append(out, line)
		}
	}
	if r.Mode == CapacityModel {
		out = append(out, "Capacity model: counts from binomial draws and closed forms, no roster, planners or check; every visitor is paid for every minute of a visit (no stipends, an upper bound); advisories and fidelity are NA; violations count only the planted breaches, not the rules they imply.")
	} else {
		out = append(out, "Real planners: synthetic districts (synth), selection plans, pairing (teams or per-visit partners), placement by schedule.Plan in each school's planning rounds within availability, caps, capacity and budget, and practices.Check at the end of each school year.")
	}
	out = append(out, "Replication r of every design uses the seed Seed(base, r) (common random numbers across designs); the 95% CI is of the mean over replications, t-based.")
	return out
}

// check reports why op cannot write r to w: a nil *Results or writer, or
// a replication naming a design r does not hold.
func (r *Results) check(op string, w io.Writer) error {
	switch {
	case r == nil:
		return fmt.Errorf("simulate: Results.%s: nil results: %w", op, model.ErrInvalid)
	case nilarg.Is(w):
		return fmt.Errorf("simulate: Results.%s: nil writer: %w", op, model.ErrInvalid)
	}
	for k := range r.Replications {
		if d := r.Replications[k].Design; d < 0 || d >= len(r.Designs) {
			return fmt.Errorf("simulate: Results.%s: replication %d names design %d of %d: %w", op, k, d, len(r.Designs), model.ErrInvalid)
		}
	}
	return nil
}

func percent(x float64) string { return short(100*x) + "%" }

// short writes v with at most 6 significant digits, for people.
func short(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }

func human(v, scale float64, unit string) string {
	v *= scale
	switch unit {
	case "$":
		if v < 0 {
			return "-$" + strconv.FormatFloat(-v, 'f', 2, 64)
		}
		return "$" + strconv.FormatFloat(v, 'f', 2, 64)
	case "%":
		return strconv.FormatFloat(v, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

func interval(s Stat, scale float64, unit string) string {
	if math.IsNaN(s.MeanLow) {
		return "—"
	}
	return human(s.MeanLow, scale, unit) + " – " + human(s.MeanHigh, scale, unit)
}

// formatNumber writes v in full without an exponent, "NA" for NaN.
func formatNumber(v float64) string {
	if math.IsNaN(v) {
		return "NA"
	}
	if math.IsInf(v, 0) {
		if v > 0 {
			return "Inf"
		}
		return "-Inf"
	}
	if v == 0 {
		return "0" // no "-0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
