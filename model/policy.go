package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/homevisits/pthv/internal/nilarg"
)

// Policy holds every threshold the rules and planners use. Each field's doc
// says whether its default comes from the seeds ("seed") or is a library
// choice ("lib"). A policy may tune advisories, or turn them off with Off,
// but the thresholds of violation rules only move within bounds that
// [Policy.Validate] enforces, so no setting switches a non-negotiable off.
//
// In JSON, a policy is read over [DefaultPolicy]: fields it omits keep
// their defaults.
type Policy struct {
	// MinNotice is the least time between arranging a visit (or its last
	// agreed change) and its start (P1.notice). lib: 24h. Bounds 0–30 days.
	MinNotice Duration `json:"min_notice"`
	// MaxReinvites is how many new invitations may follow a family's
	// explicit decline (P1.no-repeat-pressure). lib: 1.
	MaxReinvites int `json:"max_reinvites"`

	// RefresherAfter is how long after their last training veterans should
	// have a refresher (P2.refresher). lib: 730d (two years).
	RefresherAfter Days `json:"refresher_after"`

	// DurationMin and DurationMax are the model's visit length (seed:
	// "short, 30- to 40-minute conversations").
	DurationMin Duration `json:"duration_min"`
	DurationMax Duration `json:"duration_max"`
	// DurationFindingMin and DurationFindingMax bound the lengths that pass
	// P3.duration without an advisory. lib: 20m and 60m, a tolerance around
	// the seed's 30–40.
	DurationFindingMin Duration `json:"duration_finding_min"`
	DurationFindingMax Duration `json:"duration_finding_max"`

	// TargetingAlpha is the p-value below which a large imbalance between
	// invited families and their scope is targeting (P4.cross-section,
	// violation). lib: 0.01; bounds 0.001–0.05.
	TargetingAlpha float64 `json:"targeting_alpha"`
	// TargetingV and TargetingGap are the effect sizes that make a
	// significant imbalance large: Cramér's V ≥ 0.3 or a share gap ≥ 20
	// points. lib; bounds V 0.2–0.5, gap 0.10–0.30.
	TargetingV   float64 `json:"targeting_v"`
	TargetingGap float64 `json:"targeting_gap"`
	// AdvisoryAlpha, AdvisoryV and AdvisoryGap are the advisory thresholds
	// of P4.cross-section: p < 0.05 and V ≥ 0.1 or gap ≥ 10 points. lib.
	AdvisoryAlpha float64 `json:"advisory_alpha"`
	AdvisoryV     float64 `json:"advisory_v"`
	AdvisoryGap   float64 `json:"advisory_gap"`
	// MonteCarloDraws and MonteCarloSeed drive the fixed-seed Monte Carlo
	// test used when an expected cell count is below 5. lib: 10000 draws.
	MonteCarloDraws int    `json:"monte_carlo_draws"`
	MonteCarloSeed  uint64 `json:"monte_carlo_seed"`
	// MinCellSize is the smallest group an audit report shows; smaller
	// cells are suppressed so students cannot be re-identified. lib: 10;
	// it can be raised, never lowered.
	MinCellSize int `json:"min_cell_size"`

	// ReflectWithin is the window after a visit for the visitors'
	// reflection (P5.reflection). lib: 7d; bounds 1–30 days.
	ReflectWithin Days `json:"reflect_within"`
	// MaxGroupSize is the largest group of educators on one visit before
	// P5.group-size advises (seed: "sometimes in groups of three or four").
	MaxGroupSize int `json:"max_group_size"`

	// SystematicCoverage is the share of students visited at which a school
	// counts as "systematic" (seed: Sheldon & Jung 2018, 10%). A report
	// figure, never a finding. Bounds 0.01–1.
	SystematicCoverage float64 `json:"systematic_coverage"`

	// VisitLength is the length planners give a visit. seed: 40m.
	VisitLength Duration `json:"visit_length"`
	// TravelBuffer is the time planners keep between two visits of one
	// educator when no travel times are known. lib: 20m.
	TravelBuffer Duration `json:"travel_buffer"`
	// MinGap is the least time from a family's first visit to its second.
	// lib: 28d.
	MinGap Days `json:"min_gap"`
	// MaxVisitsPerDay and MaxVisitsPerWeek cap each educator's visits.
	// lib: 2 and 6.
	MaxVisitsPerDay  int `json:"max_visits_per_day"`
	MaxVisitsPerWeek int `json:"max_visits_per_week"`
	// EarliestVisit and LatestVisit bound the clock time of visits: the
	// first start and the last end. lib: 09:00 and 20:00.
	EarliestVisit Clock `json:"earliest_visit"`
	LatestVisit   Clock `json:"latest_visit"`
	// PartnerLoadCap is the most visits one educator joins as a per-visit
	// partner in a school year. lib: 40.
	PartnerLoadCap int `json:"partner_load_cap"`
	// TeacherCap is the most families a selection plan asks one teacher to
	// visit; zero means no cap. lib: 0.
	TeacherCap int `json:"teacher_cap"`
	// CertificatedRateCents and ClassifiedRateCents are hourly pay, in
	// cents, for time outside the working day. lib: $40.00 for both —
	// RTI recommends that classified staff not be excluded. Bounds 0 to
	// [MaxRateCents].
	CertificatedRateCents int64 `json:"certificated_rate_cents"`
	ClassifiedRateCents   int64 `json:"classified_rate_cents"`

	// Off lists advisory rule ids to skip. Violation rules cannot be
	// listed; the practices package checks the ids.
	Off []string `json:"off,omitempty"`
}

// Policy returns the policy of the indexed dataset: the policy a judgement
// through the index uses when its caller passes none
// (docs/conventions.md). A nil index, or one of no dataset, returns
// [DefaultPolicy].
func (x *Index) Policy() Policy {
	if ds := x.Dataset(); ds != nil {
		return ds.Policy
	}
	return DefaultPolicy()
}

// DefaultPolicy returns the policy with every default of the rule catalogue.
func DefaultPolicy() Policy {
	return Policy{
		MinNotice:             Duration(24 * time.Hour),
		MaxReinvites:          1,
		RefresherAfter:        730,
		DurationMin:           Duration(30 * time.Minute),
		DurationMax:           Duration(40 * time.Minute),
		DurationFindingMin:    Duration(20 * time.Minute),
		DurationFindingMax:    Duration(60 * time.Minute),
		TargetingAlpha:        0.01,
		TargetingV:            0.3,
		TargetingGap:          0.20,
		AdvisoryAlpha:         0.05,
		AdvisoryV:             0.1,
		AdvisoryGap:           0.10,
		MonteCarloDraws:       10000,
		MonteCarloSeed:        1,
		MinCellSize:           10,
		ReflectWithin:         7,
		MaxGroupSize:          4,
		SystematicCoverage:    0.10,
		VisitLength:           Duration(40 * time.Minute),
		TravelBuffer:          Duration(20 * time.Minute),
		MinGap:                28,
		MaxVisitsPerDay:       2,
		MaxVisitsPerWeek:      6,
		EarliestVisit:         NewClock(9, 0),
		LatestVisit:           NewClock(20, 0),
		PartnerLoadCap:        40,
		CertificatedRateCents: 4000,
		ClassifiedRateCents:   4000,
	}
}

// UnmarshalJSON reads a policy over [DefaultPolicy], rejecting unknown
// fields other than extensions ([ExtensionPrefix]). The Monte Carlo seed
// may be a JSON number or a string of its digits.
func (p *Policy) UnmarshalJSON(b []byte) error {
	if p == nil {
		return nilInput("Policy.UnmarshalJSON", "receiver")
	}
	type plain Policy
	q := struct {
		plain
		// The seed may also be a string of digits (see seedJSON).
		MonteCarloSeed seedJSON `json:"monte_carlo_seed"`
	}{plain: plain(DefaultPolicy())}
	q.MonteCarloSeed = seedJSON(q.plain.MonteCarloSeed)
	if err := strictUnmarshal(b, &q); err != nil {
		return unembedded(err, "Policy")
	}
	*p = Policy(q.plain)
	p.MonteCarloSeed = uint64(q.MonteCarloSeed)
	return nil
}

// Validate checks every field against its bounds. The error is a
// [ValidationErrors] whose records are "policy" and whose fields are the
// JSON names, each wrapping [ErrPolicyBounds] or [ErrInvalid].
func (p Policy) Validate() error {
	var errs ValidationErrors
	bound := func(field string, ok bool, want string) {
		if !ok {
			errs = append(errs, &RecordError{Record: "policy", Field: field,
				Err: fmt.Errorf("%w: want %s", ErrPolicyBounds, want)})
		}
	}
	day := Duration(24 * time.Hour)
	bound("min_notice", p.MinNotice >= 0 && p.MinNotice <= 30*day, "0 to 30 days")
	bound("max_reinvites", p.MaxReinvites >= 0, "≥ 0")
	bound("refresher_after", p.RefresherAfter >= 1, "≥ 1d")
	bound("duration_min", p.DurationMin > 0, "> 0")
	bound("duration_max", p.DurationMax >= p.DurationMin, "≥ duration_min")
	bound("duration_finding_min", p.DurationFindingMin >= 0 && p.DurationFindingMin <= p.DurationMin, "0 to duration_min")
	bound("duration_finding_max", p.DurationFindingMax >= p.DurationMax, "≥ duration_max")
	bound("targeting_alpha", p.TargetingAlpha >= 0.001 && p.TargetingAlpha <= 0.05, "0.001 to 0.05")
	bound("targeting_v", p.TargetingV >= 0.2 && p.TargetingV <= 0.5, "0.2 to 0.5")
	bound("targeting_gap", p.TargetingGap >= 0.10 && p.TargetingGap <= 0.30, "0.10 to 0.30")
	bound("advisory_alpha", p.AdvisoryAlpha >= p.TargetingAlpha && p.AdvisoryAlpha <= 0.2, "targeting_alpha to 0.2")
	bound("advisory_v", p.AdvisoryV > 0 && p.AdvisoryV <= p.TargetingV, "above 0, up to targeting_v")
	bound("advisory_gap", p.AdvisoryGap > 0 && p.AdvisoryGap <= p.TargetingGap, "above 0, up to targeting_gap")
	bound("monte_carlo_draws", p.MonteCarloDraws >= 1000 && p.MonteCarloDraws <= 10_000_000, "1000 to 10,000,000")
	bound("min_cell_size", p.MinCellSize >= 10, "≥ 10")
	bound("reflect_within", p.ReflectWithin >= 1 && p.ReflectWithin <= 30, "1d to 30d")
	bound("max_group_size", p.MaxGroupSize >= 2 && p.MaxGroupSize <= 10, "2 to 10")
	bound("systematic_coverage", p.SystematicCoverage >= 0.01 && p.SystematicCoverage <= 1, "0.01 to 1")
	bound("visit_length", p.VisitLength > 0 && p.VisitLength <= Duration(4*time.Hour), "above 0, up to 4h")
	bound("travel_buffer", p.TravelBuffer >= 0 && p.TravelBuffer <= Duration(4*time.Hour), "0 to 4h")
	bound("min_gap", p.MinGap >= 0 && p.MinGap <= 300, "0d to 300d")
	bound("max_visits_per_day", p.MaxVisitsPerDay >= 1, "≥ 1")
	bound("max_visits_per_week", p.MaxVisitsPerWeek >= p.MaxVisitsPerDay, "≥ max_visits_per_day")
	bound("earliest_visit", p.EarliestVisit >= 0 && p.EarliestVisit < p.LatestVisit, "before latest_visit")
	bound("latest_visit", p.LatestVisit <= 24*60, "up to 24:00")
	bound("partner_load_cap", p.PartnerLoadCap >= 1, "≥ 1")
	bound("teacher_cap", p.TeacherCap >= 0, "≥ 0")
	bound("certificated_rate_cents", p.CertificatedRateCents >= 0 && p.CertificatedRateCents <= MaxRateCents, rateBounds)
	bound("classified_rate_cents", p.ClassifiedRateCents >= 0 && p.ClassifiedRateCents <= MaxRateCents, rateBounds)
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// rateBounds are the bounds of an hourly rate, [MaxRateCents] written out.
const rateBounds = "0 to 100000 cents ($1000.00) an hour"

// ErrorsOf returns the record errors inside err, if it is or wraps a
// [ValidationErrors] or a [*RecordError].
func ErrorsOf(err error) []*RecordError {
	var ve ValidationErrors
	if errors.As(err, &ve) {
		return ve
	}
	var re *RecordError
	if errors.As(err, &re) {
		return []*RecordError{re}
	}
	return nil
}

// DecodePolicy reads a policy JSON document over [DefaultPolicy] (fields it
// omits keep their defaults), rejecting unknown fields, and validates it.
// name is the source's name (a file path, say): every error is a
// [*RecordError] or a [ValidationErrors] whose messages start with name and
// the line of the offending field, like [DecodeDataset]'s:
//
//	policy.json:3: policy: reflect_within: outside its allowed bounds: want 1d to 30d
//
// A leading UTF-8 byte order mark is skipped. A nil r is an error wrapping
// [ErrInvalid].
//
// Each of checks then runs on the valid policy, for what this package
// cannot judge: the practices package's ValidatePolicy checks that Off
// names only advisory rules. The record errors a check returns, whose
// fields are JSON names such as "off[1]", get name and their line too.
func DecodePolicy(name string, r io.Reader, checks ...func(Policy) error) (Policy, error) {
	if nilarg.Is(r) {
		e := nilInput("DecodePolicy", "reader")
		e.Source = name
		return Policy{}, e
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return Policy{}, &RecordError{Source: name, Err: err}
	}
	data = bytes.TrimPrefix(data, []byte(byteOrderMark))
	d := &datasetDecoder{name: name, data: data}
	if rest := bytes.TrimLeft(data, " \t\r\n"); len(rest) > 0 && rest[0] != '{' {
		return Policy{}, &RecordError{Source: name, Line: d.lineAt(0), Record: "policy",
			Err: fmt.Errorf("%w: want a JSON object", ErrInvalid)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var p Policy
	if err := dec.Decode(&p); err != nil {
		return Policy{}, d.policyErr(err)
	}
	if off := dec.InputOffset(); !errors.Is(tokenErr(dec), io.EOF) {
		return Policy{}, &RecordError{Source: name, Line: d.lineAt(off), Record: "policy",
			Err: fmt.Errorf("%w: data after the policy object", ErrInvalid)}
	}
	if err := p.Validate(); err != nil {
		d.locate(err)
		return Policy{}, err
	}
	for _, check := range checks {
		if err := check(p); err != nil {
			if len(ErrorsOf(err)) == 0 {
				return Policy{}, &RecordError{Source: name, Line: d.lineAt(0), Record: "policy", Err: err}
			}
			d.locate(err)
			return Policy{}, err
		}
	}
	return p, nil
}

// tokenErr returns the error of reading the next token: io.EOF at the end
// of the input.
func tokenErr(dec *json.Decoder) error {
	_, err := dec.Token()
	return err
}

// policyErr turns an error decoding a policy document into a RecordError
// naming the source, the line and, where it can be found, the field.
func (d *datasetDecoder) policyErr(err error) *RecordError {
	re := &RecordError{Source: d.name, Record: "policy", Err: fmt.Errorf("%w: %v", ErrInvalid, err)}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		re.Line = d.syntaxLine(err)
		return re
	case errors.As(err, &te) && te.Field != "":
		re.Field = te.Field
		re.Err = fmt.Errorf("%w: got JSON %s, want %s", ErrInvalid, te.Value, te.Type)
	default:
		re.Field = badField(d.data, &Policy{})
	}
	re.Line = d.fieldLine(re.Field)
	return re
}

// locate gives the record errors in err that name no source yet the
// decoder's source and the line of their field.
func (d *datasetDecoder) locate(err error) {
	for _, e := range ErrorsOf(err) {
		if e.Source == "" {
			e.Source, e.Line = d.name, d.fieldLine(e.Field)
		}
	}
}

// fieldLine returns the line of a top-level field of the JSON object the
// document holds, named as errors name it ("min_notice", "off[1]"), or the
// line where the object starts when the document does not spell the field
// out (a default that breaks a bound relative to another field, say).
func (d *datasetDecoder) fieldLine(field string) int {
	key, index := field, -1
	if i := strings.IndexByte(field, '['); i > 0 && strings.HasSuffix(field, "]") {
		if n, err := strconv.Atoi(field[i+1 : len(field)-1]); err == nil {
			key, index = field[:i], n
		}
	}
	dec := json.NewDecoder(bytes.NewReader(d.data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return d.lineAt(0)
	}
	for dec.More() {
		at := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if tok != any(key) {
			if dec.Decode(new(json.RawMessage)) != nil {
				break
			}
			continue
		}
		if tok, err := dec.Token(); index < 0 || err != nil || tok != json.Delim('[') {
			return d.lineAt(at)
		}
		for i := 0; dec.More(); i++ {
			el := dec.InputOffset()
			if i == index {
				return d.lineAt(el)
			}
			if dec.Decode(new(json.RawMessage)) != nil {
				break
			}
		}
		return d.lineAt(at)
	}
	return d.lineAt(0)
}
