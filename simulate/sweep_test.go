package simulate

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func loadSweep(t *testing.T) Sweep {
	t.Helper()
	fh, err := os.Open("testdata/sweep.json")
	require.NoError(t, err)
	defer fh.Close()
	s, err := DecodeSweep("testdata/sweep.json", fh)
	require.NoError(t, err)
	return s
}

func TestSweepExpandsVariantsTimesGrid(t *testing.T) {
	s := loadSweep(t)
	require.Len(t, s.Designs, 3)
	require.Len(t, s.Grid, 2)
	assert.Equal(t, "opt_in_rate", s.Grid[0].Field, "the grid keeps the file's order")

	designs, err := s.Expand(DefaultDesign())
	require.NoError(t, err)
	require.Len(t, designs, 3*2*2)
	var ids []string
	for _, d := range designs {
		ids = append(ids, d.ID)
	}
	assert.Equal(t, []string{
		"cross-section/opt_in_rate=0.2,pairing=teams",
		"cross-section/opt_in_rate=0.2,pairing=partners",
		"cross-section/opt_in_rate=0.35,pairing=teams",
		"cross-section/opt_in_rate=0.35,pairing=partners",
		"all-in-scope/opt_in_rate=0.2,pairing=teams",
		"all-in-scope/opt_in_rate=0.2,pairing=partners",
		"all-in-scope/opt_in_rate=0.35,pairing=teams",
		"all-in-scope/opt_in_rate=0.35,pairing=partners",
		"lean/opt_in_rate=0.2,pairing=teams",
		"lean/opt_in_rate=0.2,pairing=partners",
		"lean/opt_in_rate=0.35,pairing=teams",
		"lean/opt_in_rate=0.35,pairing=partners",
	}, ids)
	lean := designs[8]
	assert.Equal(t, 0.15, lean.InviteShare)
	assert.False(t, lean.SecondVisit.Offered)
	assert.Equal(t, int64(2_000_000), lean.Compensation.BudgetCents)
	assert.Equal(t, 0.2, lean.OptInRate)
	assert.Equal(t, TeamsPairing, lean.Pairing)
	assert.Equal(t, DefaultDesign().Acceptance, lean.Acceptance, "fields a variant leaves out keep the base's values")
}

func TestSweepGridOnly(t *testing.T) {
	share, err := NewAxis("invite_share", 0.1, 0.2, 0.3)
	require.NoError(t, err)
	offered, err := NewAxis("second_visit.offered", true, false)
	require.NoError(t, err)
	designs, err := Sweep{Grid: []Axis{share, offered}}.Expand(DefaultDesign())
	require.NoError(t, err)
	require.Len(t, designs, 6)
	assert.Equal(t, "default/invite_share=0.1,second_visit.offered=true", designs[0].ID)
	assert.Equal(t, 0.3, designs[5].InviteShare)
	assert.False(t, designs[5].SecondVisit.Offered)
}

func TestSweepErrorsNameTheField(t *testing.T) {
	cases := []struct {
		name, in string
		want     []string
	}{
		{"unknown top-level field", `{"designs": [{}], "runs": 3}`, []string{"s.json", "runs", "unknown field"}},
		{"empty", `{}`, []string{"s.json", "needs"}},
		{"grid not an object", `{"grid": [1, 2]}`, []string{"s.json", "grid"}},
		{"grid without values", `{"grid": {"invite_share": []}}`, []string{"invite_share", "no value"}},
		{"design not an object", `{"designs": [3]}`, []string{"designs[0]", "object"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodeSweep("s.json", strings.NewReader(c.in))
			require.Error(t, err)
			require.ErrorIs(t, err, ErrDesign)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}

	expand := []struct {
		name, in string
		want     []string
	}{
		{"unknown grid field", `{"grid": {"acceptance.rat": [0.5]}}`, []string{"grid.acceptance.rat", "unknown field"}},
		{"invalid grid value", `{"grid": {"acceptance.rate": [0.5, 7]}}`, []string{"acceptance.rate=7", "acceptance.rate: must be a rate"}},
		{"unknown variant field", `{"designs": [{"id": "a", "pairng": "teams"}]}`, []string{"designs[0]", "pairng"}},
		{"duplicate ids", `{"designs": [{"id": "a"}, {"id": "a"}]}`, []string{`design "a"`, "two designs"}},
		{"varying the id", `{"grid": {"id": ["a", "b"]}}`, []string{"grid.id"}},
	}
	for _, c := range expand {
		t.Run(c.name, func(t *testing.T) {
			s, err := DecodeSweep("s.json", strings.NewReader(c.in))
			require.NoError(t, err)
			_, err = s.Expand(DefaultDesign())
			require.Error(t, err)
			require.True(t, errors.Is(err, ErrDesign))
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func FuzzDecodeSweep(f *testing.F) {
	data, err := os.ReadFile("testdata/sweep.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"grid": {"invite_share": [0.1, 0.2]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := DecodeSweep("fuzz.json", strings.NewReader(string(b)))
		if err != nil {
			if !errors.Is(err, ErrDesign) {
				t.Fatalf("error does not wrap ErrDesign: %v", err)
			}
			return
		}
		designs, err := s.Expand(DefaultDesign())
		if err != nil {
			if !errors.Is(err, ErrDesign) {
				t.Fatalf("error does not wrap ErrDesign: %v", err)
			}
			return
		}
		for _, d := range designs {
			if err := d.Validate(); err != nil {
				t.Fatalf("expanded design is invalid: %v", err)
			}
		}
	})
}
