package report_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/report"
	"github.com/homevisits/pthv/synth"
)

// demo is the synthetic demo district judged after its school year, and
// its report.
func demo(t testing.TB) (*model.Dataset, practices.Report, []byte) {
	t.Helper()
	cfg := synth.DefaultConfig()
	cfg.Contacts = true
	ds, err := synth.District(cfg, 1)
	require.NoError(t, err)
	asOf := ds.Year.LastDay.AddDays(1).In(ds.Calendar.Location(), model.NewClock(12, 0))
	rep, err := practices.Check(ds, asOf, nil)
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, report.HTML(&out, ds, rep, report.Options{}))
	return ds, rep, out.Bytes()
}
