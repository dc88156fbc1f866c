package simulate

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/synth"
)

func TestDefaultDesignIsValid(t *testing.T) {
	require.NoError(t, DefaultDesign().Validate())
	require.Equal(t, SheldonJung2018(), DefaultDesign().Outcomes)
}

func TestValidateNamesTheField(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(d *Design)
		field string
	}{
		{"empty id", func(d *Design) { d.ID = "" }, "id"},
		{"no schools", func(d *Design) { d.District.Schools = 0 }, "district.schools"},
		{"too few staff", func(d *Design) { d.District.EducatorsPerSchool = 2 }, "district.educators_per_school"},
		{"share above 1", func(d *Design) { d.InviteShare = 1.5 }, "invite_share"},
		{"unknown method", func(d *Design) { d.Selection.Method = "targeted" }, "selection.method"},
		{"targeting attribute", func(d *Design) { d.Selection.Balance = []string{"attendance"} }, "selection.balance[0]"},
		{"balance twice", func(d *Design) { d.Selection.Balance = []string{"ell", "ell"} }, "selection.balance[1]"},
		{"unknown scope", func(d *Design) { d.Selection.Scope = "ell" }, "selection.scope"},
		{"negative opt-in", func(d *Design) { d.OptInRate = -0.1 }, "opt_in_rate"},
		{"acceptance rate", func(d *Design) { d.Acceptance.Rate = 2 }, "acceptance.rate"},
		{"too many reinvites", func(d *Design) { d.Acceptance.Reinvites = 9 }, "acceptance.reinvites"},
		{"repeat factor", func(d *Design) { d.Acceptance.RepeatFactor = -1 }, "acceptance.repeat_factor"},
		{"pairing", func(d *Design) { d.Pairing = "solo" }, "pairing"},
		{"placement", func(d *Design) { d.Placement = "random" }, "placement"},
		{"second accept", func(d *Design) { d.SecondVisit.AcceptRate = 1.1 }, "second_visit.accept_rate"},
		{"capacity", func(d *Design) { d.CapacityPerEducator = 0 }, "capacity_per_educator"},
		{"negative rate", func(d *Design) { d.Compensation.CertificatedRateCents = -1 }, "compensation.certificated_rate_cents"},
		{"negative budget", func(d *Design) { d.Compensation.BudgetCents = -5 }, "compensation.budget_cents"},
		{"funding source", func(d *Design) {
			d.Compensation.Funding = []FundingShare{{Source: "lottery", Share: 1}}
		}, "compensation.funding[0].source"},
		{"funding shares", func(d *Design) {
			d.Compensation.Funding = []FundingShare{{Source: "union", Share: 0.5}}
		}, "compensation.funding"},
		{"training day", func(d *Design) { d.Training.InitialDaysBeforeSchool = 400 }, "training.initial_days_before_school"},
		{"deviation", func(d *Design) { d.Deviations.Solo = 1.5 }, "deviations.solo"},
		{"lapses", func(d *Design) { d.Deviations.Lapses = 1 }, "deviations.lapses"},
		{"baseline", func(d *Design) { d.Outcomes.ChronicAbsence.Baseline = 0 }, "outcomes.chronic_absence.baseline"},
		{"risk ratio", func(d *Design) { d.Outcomes.ChronicAbsence.Estimate = 0 }, "outcomes.chronic_absence.estimate"},
		{"risk above 1", func(d *Design) { d.Outcomes.ChronicAbsence.Estimate = 7 }, "outcomes.chronic_absence.estimate"},
		{"odds ratio", func(d *Design) { d.Outcomes.ELAProficiency.Estimate = -1 }, "outcomes.ela_proficiency.estimate"},
		{"scale", func(d *Design) { d.Outcomes.ELAProficiency.Scale = "hazard" }, "outcomes.ela_proficiency.scale"},
		{"interval misses the estimate", func(d *Design) { d.Outcomes.ELAProficiency.Interval = []float64{1.4, 1.6} }, "outcomes.ela_proficiency.interval"},
		{"interval length", func(d *Design) { d.Outcomes.ELAProficiency.Interval = []float64{1.2} }, "outcomes.ela_proficiency.interval"},
		{"interval bound", func(d *Design) { d.Outcomes.ELAProficiency.Interval = []float64{0, 1.6} }, "outcomes.ela_proficiency.interval[0]"},
		{"school baselines count", func(d *Design) { d.Outcomes.ChronicAbsence.SchoolBaselines = []float64{0.2} }, "outcomes.chronic_absence.school_baselines"},
		{"school baseline", func(d *Design) {
			d.Outcomes.ChronicAbsence.SchoolBaselines = make([]float64, d.District.Schools)
		}, "outcomes.chronic_absence.school_baselines[0]"},
		{"model", func(d *Design) { d.Outcomes.Model = "linear" }, "outcomes.model"},
		{"full effect", func(d *Design) { d.Outcomes.FullEffectCoverage = 2 }, "outcomes.full_effect_coverage"},
		{"threshold", func(d *Design) { d.Outcomes.SystematicCoverage = 0 }, "outcomes.systematic_coverage"},
		{"internal placement removed", func(d *Design) { d.Placement = "internal" }, "placement"},
		{"no-show rate", func(d *Design) { d.Year.NoShowRate = -0.1 }, "year.no_show_rate"},
		{"cancel rate", func(d *Design) { d.Year.CancelRate = 1.2 }, "year.cancel_rate"},
		{"reschedule rate", func(d *Design) { d.Year.RescheduleRate = 2 }, "year.reschedule_rate"},
		{"withdrawal rate", func(d *Design) { d.Year.WithdrawalRate = -1 }, "year.withdrawal_rate"},
		{"appointment rates add up", func(d *Design) { d.Year.NoShowRate, d.Year.CancelRate, d.Year.RescheduleRate = 0.5, 0.4, 0.3 }, "year"},
		{"rebooks", func(d *Design) { d.Year.Rebooks = 6 }, "year.rebooks"},
		{"capacity held", func(d *Design) { d.Year.SecondVisitReserve = 1.5 }, "year.second_visit_reserve"},
		{"planning rounds", func(d *Design) { d.Year.PlanEveryDays = 0 }, "year.plan_every_days"},
		{"budget scope", func(d *Design) { d.Budget.Scope = "state" }, "budget.scope"},
		{"budget allocation", func(d *Design) { d.Budget.Allocation = "first-come" }, "budget.allocation"},
		{"budget held", func(d *Design) { d.Budget.SecondVisitReserve = -0.5 }, "budget.second_visit_reserve"},
		{"years", func(d *Design) { d.Years.Count = 0 }, "years.count"},
		{"too many years", func(d *Design) { d.Years.Count = 11 }, "years.count"},
		{"retention", func(d *Design) { d.Years.Retention = 1.1 }, "years.retention"},
		{"recruitment", func(d *Design) { d.Years.Recruitment = -0.1 }, "years.recruitment"},
		{"returning acceptance", func(d *Design) { d.Years.ReturningAcceptance = 2 }, "years.returning_acceptance"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := DefaultDesign()
			c.edit(&d)
			err := d.Validate()
			require.Error(t, err)
			require.ErrorIs(t, err, ErrDesign)
			de, ok := errors.AsType[*DesignError](err)
			require.True(t, ok)
			assert.Equal(t, c.field, de.Field)
			assert.Contains(t, err.Error(), c.field+": ")
		})
	}
}

func TestDecodeDesignSample(t *testing.T) {
	fh, err := os.Open("testdata/design.json")
	require.NoError(t, err)
	defer fh.Close()
	d, err := DecodeDesign("testdata/design.json", fh)
	require.NoError(t, err)
	assert.Equal(t, "cross-section-30", d.ID)
	assert.Equal(t, 0.03, d.Deviations.Solo)
	assert.Equal(t, []string{"ell", "frl"}, d.Selection.Balance)
}

func TestDecodeDesignKeepsDefaults(t *testing.T) {
	d, err := DecodeDesign("d.json", strings.NewReader(`{"id": "x", "acceptance": {"rate": 0.4}}`))
	require.NoError(t, err)
	want := DefaultDesign()
	want.ID, want.Acceptance.Rate = "x", 0.4
	require.Equal(t, want, d)
}

func TestDecodeDesignErrors(t *testing.T) {
	cases := []struct {
		name, in string
		want     []string
	}{
		{"unknown field", "{\n  \"id\": \"x\",\n  \"acceptance\": {\"rat\": 0.4}\n}", []string{"d.json", "rat", "unknown field"}},
		{"wrong type", "{\n  \"id\": \"x\",\n  \"opt_in_rate\": \"high\"\n}", []string{"d.json:3", "opt_in_rate", "string"}},
		{"syntax", "{\n  \"id\": \"x\",,\n}", []string{"d.json:2", "invalid JSON"}},
		{"invalid value", `{"id": "x", "invite_share": 3}`, []string{"d.json", `design "x"`, "invite_share: must be a rate"}},
		{"trailing data", `{"id": "x"} {}`, []string{"d.json", "after the JSON value"}},
		{"empty", ``, []string{"d.json", "empty input"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodeDesign("d.json", strings.NewReader(c.in))
			require.Error(t, err)
			require.ErrorIs(t, err, ErrDesign)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

// FuzzDecodeDesign: the design decoder never panics, its errors wrap
// ErrDesign, and a design it accepts is valid and encodes to JSON that
// decodes to the same design. Fuzz it longer with
//
//	go test ./simulate -run '^$' -fuzz FuzzDecodeDesign -fuzztime 10m
func FuzzDecodeDesign(f *testing.F) {
	data, err := os.ReadFile("testdata/design.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"id": "x", "acceptance": {"rate": 0.4}}`))
	f.Add([]byte(`{"selection": {"balance": ["ell", "ell"]}}`))
	f.Add([]byte(`{"selection": {"balance": null}}`))
	f.Add([]byte(`{"compensation": {"funding": [{"source": "title-i", "share": 1}]}}`))
	f.Add([]byte(`{"id": "x"} {}`))
	f.Add([]byte("{\"id\": \"\xff\"}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := DecodeDesign("fuzz.json", strings.NewReader(string(b)))
		if err != nil {
			if !errors.Is(err, ErrDesign) {
				t.Fatalf("error does not wrap ErrDesign: %v", err)
			}
			return
		}
		if err := d.Validate(); err != nil {
			t.Fatalf("decoded design is invalid: %v", err)
		}
		first, err := json.Marshal(d)
		require.NoError(t, err)
		back, err := DecodeDesign("first.json", bytes.NewReader(first))
		require.NoError(t, err, "re-encoded design does not decode:\n%s", first)
		second, err := json.Marshal(back)
		require.NoError(t, err)
		require.Equal(t, string(first), string(second))
	})
}

// TestDesignDeviationsKeepTheirKeys: the design's deviations are synth's
// type, and their JSON keys stay those of the design format: one per
// breach rate, and none for the everyday lapses.
func TestDesignDeviationsKeepTheirKeys(t *testing.T) {
	data, err := json.Marshal(synth.DemoDeviations())
	require.NoError(t, err)
	var keys map[string]float64
	require.NoError(t, json.Unmarshal(data, &keys))
	want := map[string]float64{}
	for _, r := range synth.DemoDeviations().Rates() {
		want[r.Key] = r.Rate
	}
	require.Equal(t, want, keys)
	require.Equal(t, []string{"solo", "drop_in", "untrained", "not_opted_in", "no_consent", "after_decline",
		"agenda_on_first", "no_reflection", "unpaid", "targeted", "mandate"},
		slices.Collect(func(yield func(string) bool) {
			for _, r := range synth.DemoDeviations().Rates() {
				if !yield(r.Key) {
					return
				}
			}
		}))
	_, err = DecodeDesign("d.json", strings.NewReader(`{"deviations": {"lapses": 1}}`))
	require.ErrorContains(t, err, "deviations.lapses")
}
