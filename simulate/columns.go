package simulate

import (
	"math"
	"strings"
)

// ColumnType is the type of a CSV column, as R's read.csv and pandas'
// read_csv read it with their defaults.
type ColumnType string

// Column types.
const (
	// Integer columns hold whole numbers (never NA).
	Integer ColumnType = "integer"
	// Number columns hold decimal numbers written in full, without an
	// exponent, or NA (R's NA, pandas' NaN) for a figure a mode does not
	// produce.
	Number ColumnType = "number"
	// Boolean columns hold TRUE or FALSE: logical in R, bool in pandas.
	Boolean ColumnType = "boolean"
	// Text columns hold text that never reads as a number, TRUE/FALSE or
	// NA; an empty list is written "none".
	Text ColumnType = "text"
	// SeedColumn holds a 64-bit seed written with a letter prefix
	// ([FormatSeed], "s10451216379200822465"), so that R and pandas keep it
	// as text instead of rounding it to a double; --seed reads it back.
	SeedColumn ColumnType = "seed"
)

// Column describes one column of the runs CSV ([Results.WriteCSV]).
type Column struct {
	// Name is the column's name: snake_case, with its unit where it has
	// one (pay_usd, educator_minutes, coverage_district_share).
	Name string `json:"name"`
	// Type is how R and pandas read it.
	Type ColumnType `json:"type"`
	// Unit is the unit of a number ("USD", "minutes", "share 0-1",
	// "count"), empty for text.
	Unit string `json:"unit,omitempty"`
	// Field is, for a design parameter, the JSON path of the design field
	// (what a sweep's grid names); empty for other columns.
	Field string `json:"field,omitempty"`
}

// Columns returns the columns of the runs CSV, in order: the run columns
// (run_id, design_id, replication, seed, mode), every design parameter
// and every metric. [Header] is their names.
func Columns() []Column {
	var out []Column
	for _, name := range runColumns() {
		c := Column{Name: name, Type: Integer, Unit: "count"}
		switch name {
		case "seed":
			c = Column{Name: name, Type: SeedColumn}
		case "design_id", "mode":
			c = Column{Name: name, Type: Text}
		}
		out = append(out, c)
	}
	for _, p := range designParams() {
		out = append(out, Column{Name: p.name, Type: p.kind, Unit: unitOf(p.name, p.kind), Field: p.path})
	}
	for _, c := range metricColumns() {
		out = append(out, Column{Name: c.name, Type: c.kind, Unit: unitOf(c.name, c.kind)})
	}
	return out
}

// renames are the published names that the general rule of
// [publishedName] would not give: money is paid in dollars ("pay"), and
// shares say they are shares.
var renames = map[string]string{
	"cost_cents":                           "pay_usd",
	"cost_per_family_visited_cents":        "pay_per_family_visited_usd",
	"training_cost_cents":                  "training_pay_usd",
	"compensation.certificated_rate_cents": "compensation_certificated_usd_per_hour",
	"compensation.classified_rate_cents":   "compensation_classified_usd_per_hour",
	"coverage_district":                    "coverage_district_share",
	"coverage_mean":                        "coverage_mean_share",
	"coverage_min":                         "coverage_min_share",
	"coverage_max":                         "coverage_max_share",
	"fidelity":                             "fidelity_share",
}

// publishedName is the one place where internal names (metric names and
// JSON paths, such as "violations.P1.family-consent", "cost_cents.union"
// or "acceptance.rate") become CSV column names: lower case snake_case,
// money in dollars ("_usd", the value divided by 100: cents reports true).
// A column named in this style already ("year", "no_shows") is kept.
func publishedName(name string) (published string, cents bool) {
	if r, ok := renames[name]; ok {
		return r, strings.Contains(name, "cents")
	}
	if src, ok := strings.CutPrefix(name, "cost_cents."); ok {
		name, cents = "pay_usd."+src, true
	}
	if strings.Contains(name, "cents") {
		name, cents = strings.ReplaceAll(name, "cents", "usd"), true
	}
	name = strings.ToLower(name)
	name = strings.NewReplacer(".", "_", "-", "_", " ", "_").Replace(name)
	return name, cents
}

// publishColumns names the metric columns for publication; a money column
// in cents becomes a number of dollars.
func publishColumns(cols []column) []column {
	for i, c := range cols {
		name, cents := publishedName(c.name)
		cols[i].name = name
		if cents {
			get := c.get
			cols[i].get = func(m *Metrics) float64 { return get(m) / 100 }
			cols[i].kind = Number
		}
	}
	return cols
}

// publishParams names the design parameter columns for publication.
func publishParams(ps []param) []param {
	for i, p := range ps {
		name, cents := publishedName(p.path)
		ps[i].name = name
		if cents && p.num != nil {
			f := p.num
			ps[i].num = func(d *Design) float64 { return f(d) / 100 }
		}
	}
	return ps
}

// unitOf names the unit of a numeric column from its name.
func unitOf(name string, kind ColumnType) string {
	if kind != Integer && kind != Number {
		return ""
	}
	suffix := func(ends ...string) bool {
		for _, e := range ends {
			if strings.HasSuffix(name, e) {
				return true
			}
		}
		return false
	}
	switch {
	case strings.Contains(name, "usd_per_hour"):
		return "USD per hour"
	case strings.Contains(name, "_usd"), strings.HasPrefix(name, "pay_usd"):
		return "USD"
	case suffix("_minutes"):
		return "minutes"
	case suffix("_hours"):
		return "hours"
	case suffix("_days"):
		return "days"
	case suffix("_years"):
		return "years"
	case strings.Contains(name, "_interval_"), suffix("_estimate", "_ratio", "_factor"):
		return "ratio"
	case suffix("_share", "_rate", "_coverage", "_baseline", "_projected"), strings.HasPrefix(name, "deviations_"):
		return "share 0-1"
	case strings.Contains(name, "_fewer"), strings.Contains(name, "_more"):
		return "students"
	}
	return "count"
}

// formatBool writes a boolean as R and pandas read one: TRUE or FALSE.
func formatBool(b bool) string {
	if b {
		return "TRUE"
	}
	return "FALSE"
}

// outcomeParams are the outcome assumptions' parameter columns: the
// model, what the projection rests on, the threshold, and each outcome's
// baseline, scale, estimate and interval (NA when the design gives none).
func outcomeParams() []param {
	num := func(path string, f func(d *Design) float64) param {
		return param{path: path, kind: Number, num: f}
	}
	txt := func(path string, f func(d *Design) string) param { return param{path: path, kind: Text, text: f} }
	ps := []param{
		txt("outcomes.model", func(d *Design) string { return string(d.Outcomes.Model) }),
		txt("outcomes.evidence", func(d *Design) string { return d.Outcomes.Evidence() }),
		num("outcomes.systematic_coverage", func(d *Design) float64 { return d.Outcomes.SystematicCoverage }),
		num("outcomes.full_effect_coverage", func(d *Design) float64 { return d.Outcomes.FullEffectCoverage }),
	}
	for _, o := range []struct {
		path string
		get  func(d *Design) *OutcomeEffect
	}{
		{"outcomes.chronic_absence", func(d *Design) *OutcomeEffect { return &d.Outcomes.ChronicAbsence }},
		{"outcomes.ela_proficiency", func(d *Design) *OutcomeEffect { return &d.Outcomes.ELAProficiency }},
	} {
		get := o.get
		ps = append(ps,
			num(o.path+".baseline", func(d *Design) float64 {
				if e := get(d); len(e.SchoolBaselines) == 0 {
					return e.Baseline
				}
				return nan()
			}),
			txt(o.path+".school_baselines", func(d *Design) string {
				var parts []string
				for _, b := range get(d).SchoolBaselines {
					parts = append(parts, formatNumber(b))
				}
				return strings.Join(parts, "|")
			}),
			txt(o.path+".scale", func(d *Design) string { return string(get(d).Scale) }),
			num(o.path+".estimate", func(d *Design) float64 { return get(d).Estimate }),
			num(o.path+".interval_low", func(d *Design) float64 {
				if e := get(d); !e.PointEstimate() {
					return e.Interval[0]
				}
				return nan()
			}),
			num(o.path+".interval_high", func(d *Design) float64 {
				if e := get(d); !e.PointEstimate() {
					return e.Interval[1]
				}
				return nan()
			}),
		)
	}
	return ps
}

// outcomeColumns are the projected outcomes' metric columns: for each
// outcome, the effect size the replication used, the projected district
// rate, and the projected difference in students with that effect and at
// the point estimate (whose spread is the program's run-to-run variation
// alone).
func outcomeColumns() []column {
	f := func(name string, get func(m *Metrics) float64) column { return column{name, get, Number} }
	return []column{
		f("chronic_absence_effect_ratio", func(m *Metrics) float64 { return m.Projection.ChronicAbsence.Effect }),
		f("chronic_absence_projected", func(m *Metrics) float64 { return m.Projection.ChronicAbsence.Rate }),
		f("chronically_absent_fewer", func(m *Metrics) float64 { return -m.Projection.ChronicAbsence.Change }),
		f("chronically_absent_fewer_at_estimate", func(m *Metrics) float64 { return -m.Projection.ChronicAbsence.ChangeAtEstimate }),
		f("ela_effect_ratio", func(m *Metrics) float64 { return m.Projection.ELAProficiency.Effect }),
		f("ela_proficiency_projected", func(m *Metrics) float64 { return m.Projection.ELAProficiency.Rate }),
		f("ela_proficient_more", func(m *Metrics) float64 { return m.Projection.ELAProficiency.Change }),
		f("ela_proficient_more_at_estimate", func(m *Metrics) float64 { return m.Projection.ELAProficiency.ChangeAtEstimate }),
	}
}

func nan() float64 { return math.NaN() }
