package visitlog_test

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/internal/nilsafe"
	"github.com/homevisits/pthv/interop/visitlog"
	"github.com/homevisits/pthv/model"
)

func TestNilSafety(t *testing.T) {
	nilsafe.Check(t, ".", nilsafe.Cases{
		"Columns": func(t *testing.T) { require.NotEmpty(t, visitlog.Columns()) },
		"Error.Error": func(t *testing.T) {
			require.Equal(t, "<nil>", (*visitlog.Error)(nil).Error())
			require.Equal(t, "visitlog: error", new(visitlog.Error).Error())
			require.Equal(t, "visits.csv:3: status", (&visitlog.Error{File: "visits.csv", Line: 3, Field: "status"}).Error())
		},
		"Error.Unwrap": func(t *testing.T) {
			require.Nil(t, (*visitlog.Error)(nil).Unwrap())
			require.Nil(t, new(visitlog.Error).Unwrap())
		},
		"Errors.Error":  func(t *testing.T) { require.Equal(t, "<nil>", visitlog.Errors{nil}.Error()) },
		"Errors.Unwrap": func(t *testing.T) { require.False(t, errors.Is(visitlog.Errors{nil, {}}, visitlog.ErrInvalid)) },
		"Read": func(t *testing.T) {
			ds := roster(t)
			err := visitlog.Read("visits.csv", nil, ds)
			require.ErrorIs(t, err, visitlog.ErrInvalid)
			require.EqualError(t, err, "visits.csv: visitlog: Read: nil reader: invalid value")
			require.ErrorIs(t, visitlog.Read("", (*bytes.Reader)(nil), ds), visitlog.ErrInvalid)
			err = visitlog.Read("visits.csv", bytes.NewReader(sampleLog(t)), nil)
			require.ErrorIs(t, err, visitlog.ErrInvalid)
			require.EqualError(t, err, "visits.csv: visitlog: Read: nil dataset: invalid value")
			require.Error(t, visitlog.Read("", strings.NewReader(""), &model.Dataset{}))
			require.Error(t, visitlog.Read("", bytes.NewReader(sampleLog(t)), &model.Dataset{}))
			require.Empty(t, ds.Visits, "a failed read changes nothing")
		},
		"Write": func(t *testing.T) {
			var out bytes.Buffer
			err := visitlog.Write(nil, roster(t))
			require.ErrorIs(t, err, visitlog.ErrInvalid)
			require.EqualError(t, err, "visitlog: Write: nil writer: invalid value")
			require.ErrorIs(t, visitlog.Write((*bytes.Buffer)(nil), roster(t)), visitlog.ErrInvalid)
			err = visitlog.Write(&out, nil)
			require.ErrorIs(t, err, visitlog.ErrInvalid)
			require.EqualError(t, err, "visitlog: Write: nil dataset: invalid value")
			require.Zero(t, out.Len())
			require.NoError(t, visitlog.Write(&out, &model.Dataset{}))
			odd := &model.Dataset{Visits: []model.Visit{{}, {
				ID: "V1", Start: time.Unix(math.MaxInt64/2, 0), Duration: math.MinInt64,
				ArrangedAt: time.Unix(math.MinInt64/2, 0), Interpreters: []model.Interpreter{{}},
				Compensation: []model.Compensation{{MinutesOutside: math.MinInt, AmountCents: math.MinInt64}},
			}}}
			out.Reset()
			require.ErrorIs(t, visitlog.Write(&out, odd), visitlog.ErrUnwritable)
			odd.Visits[1].Interpreters = nil
			_ = visitlog.Write(&out, odd) // extreme times and amounts: written or refused, never a panic
		},
	})
}
