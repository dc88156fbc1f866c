package ical_test

import (
	"bytes"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/internal/nilsafe"
	"github.com/homevisits/pthv/interop/ical"
	"github.com/homevisits/pthv/model"
)

func TestNilSafety(t *testing.T) {
	stamp := time.Date(2025, 9, 1, 12, 0, 0, 0, time.UTC)
	nilsafe.Check(t, ".", nilsafe.Cases{
		"Sequence": func(t *testing.T) {
			require.Zero(t, ical.Sequence(model.Visit{}))
			require.Equal(t, 1, ical.Sequence(model.Visit{Status: model.Cancelled}))
		},
		"UID": func(t *testing.T) {
			require.Equal(t, "@pthv.invalid", ical.UID("", ""))
			require.NotEmpty(t, ical.UID("\x00\xff", "\n"))
		},
		"Write": func(t *testing.T) {
			var out bytes.Buffer
			err := ical.Write(nil, model.Calendar{}, nil, ical.Options{Stamp: stamp})
			require.ErrorIs(t, err, model.ErrInvalid)
			require.EqualError(t, err, "ical: Write: nil writer: invalid value")
			require.ErrorIs(t, ical.Write((*bytes.Buffer)(nil), model.Calendar{}, nil, ical.Options{Stamp: stamp}), model.ErrInvalid)
			require.ErrorIs(t, ical.Write(&out, model.Calendar{}, nil, ical.Options{}), ical.ErrNoStamp)
			require.ErrorIs(t, ical.Write(&out, model.Calendar{}, nil, ical.Options{Stamp: stamp, IncludeContacts: true}), ical.ErrNoContacts)
			far := time.Unix(math.MaxInt64/2, 0)
			require.ErrorIs(t, ical.Write(&out, model.Calendar{}, nil, ical.Options{Stamp: far}), ical.ErrYearRange)
			// Visits a year apart at the ends of time: the time zone would
			// have to be written for every year between them.
			cal, err := model.NewCalendar("America/Los_Angeles", model.Hours{})
			require.NoError(t, err)
			for _, v := range []model.Visit{
				{ID: "V1", Start: far}, {ID: "V2", Start: time.Unix(math.MinInt64/2, 0)},
				{ID: "V3", Start: time.Date(9999, 12, 31, 23, 0, 0, 0, time.UTC), Duration: math.MaxInt64},
				{ID: "V4", Start: stamp, ArrangedAt: far},
			} {
				err := ical.Write(&out, cal, []model.Visit{{ID: "V0", Start: stamp}, v}, ical.Options{Stamp: stamp})
				require.ErrorIs(t, err, ical.ErrYearRange, v.ID)
			}
			require.Zero(t, out.Len(), "nothing is written on an error")
			require.NoError(t, ical.Write(&out, model.Calendar{}, []model.Visit{{}, {Start: stamp, Duration: math.MinInt64}},
				ical.Options{Stamp: stamp, IncludeContacts: true, Contacts: &model.Contacts{}}))
			require.NotZero(t, out.Len())
		},
	})
}
