package practices_test

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/synth"
)

// TestPrepareIndexIsPrepare: a program prepared from the index decoding
// built checks as one prepared from the dataset does, on the base year
// and on a synthetic district with findings of every kind.
func TestPrepareIndexIsPrepare(t *testing.T) {
	base, err := os.ReadFile(basePath)
	require.NoError(t, err)
	ds, err := synth.District(synth.DefaultConfig(), 7)
	require.NoError(t, err)
	var district bytes.Buffer
	require.NoError(t, model.EncodeDataset(&district, ds, model.EncodeOptions{}))
	for name, data := range map[string][]byte{"base": base, "synth": district.Bytes()} {
		x, err := model.DecodeIndex(name, data)
		require.NoError(t, err)
		require.True(t, indexview.Validated(x))
		p, err := practices.PrepareIndex(x)
		require.NoError(t, err)
		ds := x.Dataset()
		for _, asOf := range []time.Time{lastDay, afterYear} {
			got, err := p.Check(asOf, &ds.Policy)
			require.NoError(t, err)
			require.Equal(t, check(t, ds, asOf), got, name)
		}
	}
}
