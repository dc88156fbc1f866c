package model_test

import (
	"bytes"
	"encoding"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/internal/nilsafe"
	"github.com/homevisits/pthv/model"
)

// extremes are instants and numbers at the edges of their types.
var (
	farPast   = time.Date(-292277022399, 1, 1, 0, 0, 0, 0, time.UTC)
	farFuture = time.Date(292277026596, 12, 4, 15, 30, 7, 0, time.UTC)
	extremeN  = []int{math.MinInt, -1, 0, math.MaxInt32 + 1, math.MaxInt}
)

// unmarshalNil requires UnmarshalText into a nil receiver to fail with
// ErrInvalid, and bad text into a real one to fail too.
func unmarshalNil[T any, P interface {
	*T
	encoding.TextUnmarshaler
}](bad string) func(t *testing.T) {
	return func(t *testing.T) {
		require.ErrorIs(t, P(nil).UnmarshalText([]byte("x")), model.ErrInvalid)
		require.ErrorIs(t, P(nil).UnmarshalText(nil), model.ErrInvalid)
		require.Error(t, P(new(T)).UnmarshalText([]byte(bad)))
	}
}

// when requires a journey event's When to return its At, zero or extreme.
func when(e func(time.Time) model.JourneyEvent) func(t *testing.T) {
	return func(t *testing.T) {
		require.True(t, e(time.Time{}).When().IsZero())
		require.Equal(t, farFuture, e(farFuture).When())
	}
}

// eachIsEmpty requires a sequence to yield nothing.
func eachIsEmpty(t *testing.T, seq func(func(*model.Student) bool)) {
	t.Helper()
	for range seq {
		t.Fatal("yielded a student")
	}
}

// indexes are the indexes that hold no dataset or an empty one.
func indexes() map[string]*model.Index {
	return map[string]*model.Index{"nil": nil, "zero": {}, "of nil": model.NewIndex(nil), "empty": model.NewIndex(&model.Dataset{})}
}

func TestNilSafety(t *testing.T) {
	nilsafe.Check(t, ".", nilsafe.Cases{
		"AcceptEvent.When":      when(func(at time.Time) model.JourneyEvent { return model.AcceptEvent{At: at} }),
		"CancelEvent.When":      when(func(at time.Time) model.JourneyEvent { return model.CancelEvent{At: at} }),
		"CommunicateEvent.When": when(func(at time.Time) model.JourneyEvent { return model.CommunicateEvent{At: at} }),
		"CompleteEvent.When":    when(func(at time.Time) model.JourneyEvent { return model.CompleteEvent{At: at} }),
		"DeclineEvent.When":     when(func(at time.Time) model.JourneyEvent { return model.DeclineEvent{At: at} }),
		"InviteEvent.When":      when(func(at time.Time) model.JourneyEvent { return model.InviteEvent{At: at} }),
		"MissEvent.When":        when(func(at time.Time) model.JourneyEvent { return model.MissEvent{At: at} }),
		"ReflectEvent.When":     when(func(at time.Time) model.JourneyEvent { return model.ReflectEvent{At: at} }),
		"RescheduleEvent.When":  when(func(at time.Time) model.JourneyEvent { return model.RescheduleEvent{At: at} }),
		"ScheduleEvent.When":    when(func(at time.Time) model.JourneyEvent { return model.ScheduleEvent{At: at} }),
		"WithdrawEvent.When":    when(func(at time.Time) model.JourneyEvent { return model.WithdrawEvent{At: at} }),
		"Calendar.Closed":       func(t *testing.T) { require.False(t, model.Calendar{}.Closed(model.Date{})) },
		"Calendar.Local":        func(t *testing.T) { require.Equal(t, time.UTC, model.Calendar{}.Local(farFuture).Location()) },
		"Calendar.Location":     func(t *testing.T) { require.Equal(t, time.UTC, model.Calendar{TimeZone: "Nowhere/Else"}.Location()) },
		"Calendar.SchoolDay":    func(t *testing.T) { require.False(t, model.Calendar{}.SchoolDay(model.SchoolYear{}, model.Date{})) },
		"Calendar.YearSeasons": func(t *testing.T) {
			require.Equal(t, model.Summer, model.Calendar{}.YearSeasons(model.SchoolYear{}).Of(model.DateOf(farFuture)))
		},
		"YearSeasons.Of": func(t *testing.T) {
			require.Equal(t, model.Summer, model.YearSeasons{}.Of(model.NewDate(2025, time.October, 1)))
		},
		"Calendar.Season": func(t *testing.T) {
			model.Calendar{}.Season(model.SchoolYear{}, model.Date{})
			require.Equal(t, model.Summer, model.Calendar{}.Season(model.SchoolYear{}, model.DateOf(farFuture)))
		},
		"Calendar.SeasonStart": func(t *testing.T) {
			require.Equal(t, model.SchoolYear{}.Start(), model.Calendar{}.SeasonStart(model.SchoolYear{}, model.Season(-1)))
			model.Calendar{}.SeasonStart(model.SchoolYear{}, model.Spring)
		},
		"Calendar.MinutesOutsideWorkingDay": func(t *testing.T) {
			c := model.Calendar{}
			require.Zero(t, c.MinutesOutsideWorkingDay(model.SchoolYear{}, model.Hours{}, time.Time{}, 0))
			require.Zero(t, c.MinutesOutsideWorkingDay(model.SchoolYear{}, model.Hours{}, farFuture, math.MinInt64))
			require.Equal(t, 24*60, c.MinutesOutsideWorkingDay(model.SchoolYear{}, model.Hours{}, time.Time{}, 24*time.Hour))
			require.Positive(t, c.MinutesOutsideWorkingDay(model.SchoolYear{}, model.Hours{End: math.MaxInt}, farPast, math.MaxInt64))
			require.Equal(t, int(math.MaxInt64/time.Minute)+1, c.MinutesOutsideWorkingDay(model.SchoolYear{}, model.Hours{}, time.Time{}, math.MaxInt64))
		},
		"Calendar.UnmarshalJSON": func(t *testing.T) {
			require.ErrorIs(t, (*model.Calendar)(nil).UnmarshalJSON([]byte(`{"time_zone":"UTC"}`)), model.ErrInvalid)
			require.Error(t, new(model.Calendar).UnmarshalJSON(nil))
			require.ErrorIs(t, new(model.Calendar).UnmarshalJSON([]byte(`{}`)), model.ErrMissing)
		},
		"Channel.UnmarshalText":       unmarshalNil[model.Channel]("fax"),
		"Direction.UnmarshalText":     unmarshalNil[model.Direction]("sideways"),
		"EventKind.UnmarshalText":     unmarshalNil[model.EventKind]("party"),
		"EventLevel.UnmarshalText":    unmarshalNil[model.EventLevel]("state"),
		"FundingSource.UnmarshalText": unmarshalNil[model.FundingSource]("lottery"),
		"LocationKind.UnmarshalText":  unmarshalNil[model.LocationKind]("moon"),
		"Origin.UnmarshalText":        unmarshalNil[model.Origin]("nowhere"),
		"Party.UnmarshalText":         unmarshalNil[model.Party]("crowd"),
		"Position.UnmarshalText":      unmarshalNil[model.Position]("king"),
		"Response.UnmarshalText":      unmarshalNil[model.Response]("maybe"),
		"Role.UnmarshalText":          unmarshalNil[model.Role]("volunteer"),
		"TopicKind.UnmarshalText":     unmarshalNil[model.TopicKind]("weather"),
		"TrainingKind.UnmarshalText":  unmarshalNil[model.TrainingKind]("none"),
		"VisitKind.UnmarshalText":     unmarshalNil[model.VisitKind]("third"),
		"VisitStatus.UnmarshalText":   unmarshalNil[model.VisitStatus]("lost"),
		"Date.UnmarshalText":          unmarshalNil[model.Date]("2025-13-45"),
		"Clock.UnmarshalText":         unmarshalNil[model.Clock]("25:00"),
		"Duration.UnmarshalText":      unmarshalNil[model.Duration]("forever"),
		"Days.UnmarshalText":          unmarshalNil[model.Days]("7"),
		"MonthDay.UnmarshalText":      unmarshalNil[model.MonthDay]("13-40"),
		"Season.UnmarshalText":        unmarshalNil[model.Season]("monsoon"),
		"Clock.Hour": func(t *testing.T) {
			require.Zero(t, model.Clock(0).Hour())
			model.Clock(math.MinInt).Hour()
		},
		"Clock.Minute": func(t *testing.T) {
			require.Zero(t, model.Clock(0).Minute())
			model.Clock(math.MaxInt).Minute()
		},
		"Clock.String": func(t *testing.T) {
			require.Equal(t, "00:00", model.Clock(0).String())
			require.NotEmpty(t, model.Clock(math.MinInt).String())
		},
		"Clock.MarshalText": func(t *testing.T) {
			b, err := model.Clock(math.MaxInt).MarshalText()
			require.NoError(t, err)
			require.NotEmpty(t, b)
		},
		"Concerns": func(t *testing.T) {
			require.False(t, model.Concerns(nil, ""))
			require.False(t, model.Concerns(nil, "S1"))
			require.True(t, model.Concerns(&model.Visit{}, "S1"))
		},
		"ConsentAt": func(t *testing.T) {
			standing, declined := model.ConsentAt(nil, time.Time{})
			require.Equal(t, model.NoResponse, standing)
			require.False(t, declined)
		},
		"ConsentChange.Covers": func(t *testing.T) { require.True(t, model.ConsentChange{}.Covers(nil)) },
		"ConsentFor": func(t *testing.T) {
			standing, declined := model.ConsentFor(nil, "", nil, farPast)
			require.Equal(t, model.NoResponse, standing)
			require.False(t, declined)
		},
		"Dataset.Validate": func(t *testing.T) {
			err := (*model.Dataset)(nil).Validate()
			require.ErrorIs(t, err, model.ErrInvalid)
			require.ErrorContains(t, err, "model: Dataset.Validate: nil dataset")
			require.Len(t, model.ErrorsOf(err), 1)
			require.ErrorIs(t, new(model.Dataset).Validate(), model.ErrMissing)
		},
		"Dataset.ValidIndex": func(t *testing.T) {
			x, err := (*model.Dataset)(nil).ValidIndex()
			require.ErrorIs(t, err, model.ErrInvalid)
			require.Nil(t, x)
			x, err = new(model.Dataset).ValidIndex()
			require.ErrorIs(t, err, model.ErrMissing)
			require.Nil(t, x)
		},
		"Date.AddDays": func(t *testing.T) {
			for _, n := range extremeN {
				model.Date{}.AddDays(n)
			}
		},
		"Date.After":  func(t *testing.T) { require.False(t, model.Date{}.After(model.Date{})) },
		"Date.Before": func(t *testing.T) { require.False(t, model.Date{}.Before(model.Date{})) },
		"Date.AppendText": func(t *testing.T) {
			b, err := model.Date{}.AppendText(nil)
			require.NoError(t, err)
			require.Empty(t, b)
			_, err = model.DateOf(farPast).AppendText(nil)
			require.NoError(t, err)
		},
		"Date.Compare":   func(t *testing.T) { require.Zero(t, model.Date{}.Compare(model.Date{})) },
		"Date.Day":       func(t *testing.T) { require.Equal(t, 31, model.Date{}.Day()) },
		"Date.DaysSince": func(t *testing.T) { require.Zero(t, model.Date{}.DaysSince(model.Date{})) },
		"Date.In": func(t *testing.T) {
			got := model.Date{}.In(nil, 0)
			require.Equal(t, time.UTC, got.Location())
			model.DateOf(farFuture).In(nil, model.Clock(math.MaxInt))
		},
		"Date.IsZero": func(t *testing.T) { require.True(t, model.Date{}.IsZero()) },
		"Date.MarshalText": func(t *testing.T) {
			b, err := model.Date{}.MarshalText()
			require.NoError(t, err)
			require.Empty(t, b)
		},
		"Date.Month":   func(t *testing.T) { require.Equal(t, time.December, model.Date{}.Month()) },
		"Date.String":  func(t *testing.T) { require.Empty(t, model.Date{}.String()) },
		"Date.Weekday": func(t *testing.T) { model.Date{}.Weekday() },
		"Date.Year":    func(t *testing.T) { require.Zero(t, model.Date{}.Year()) },
		"DateOf": func(t *testing.T) {
			require.False(t, model.DateOf(time.Time{}).IsZero())
			model.DateOf(farPast)
			model.DateOf(farFuture)
		},
		"NewDate": func(t *testing.T) {
			for _, n := range extremeN {
				model.NewDate(n, time.Month(n), n)
			}
		},
		"ParseDate": func(t *testing.T) {
			_, err := model.ParseDate("")
			require.Error(t, err)
			_, err = model.ParseDate(strings.Repeat("9", 1000))
			require.Error(t, err)
		},
		"Days.After": func(t *testing.T) {
			require.Equal(t, farFuture, model.Days(0).After(farFuture))
			model.Days(math.MaxInt).After(time.Time{})
		},
		"Days.MarshalText": func(t *testing.T) {
			b, err := model.Days(math.MinInt).MarshalText()
			require.NoError(t, err)
			require.NotEmpty(t, b)
		},
		"Days.String": func(t *testing.T) { require.Equal(t, "0d", model.Days(0).String()) },
		"DecodeDataset": func(t *testing.T) {
			ds, err := model.DecodeDataset("in.json", nil)
			require.ErrorIs(t, err, model.ErrInvalid)
			require.ErrorContains(t, err, "in.json: model: DecodeDataset: nil reader")
			require.Nil(t, ds)
			ds, err = model.DecodeDataset("", (*bytes.Reader)(nil))
			require.ErrorIs(t, err, model.ErrInvalid)
			require.Nil(t, ds)
			_, err = model.DecodeDataset("", strings.NewReader(""))
			require.ErrorIs(t, err, model.ErrFormat)
		},
		"DecodeDatasetBytes": func(t *testing.T) {
			ds, err := model.DecodeDatasetBytes("in.json", nil)
			require.ErrorIs(t, err, model.ErrFormat)
			require.ErrorContains(t, err, "in.json:1: not a pthv/v1 dataset")
			require.Nil(t, ds)
			_, err = model.DecodeDatasetBytes("", []byte("\ufeff"))
			require.ErrorIs(t, err, model.ErrFormat)
		},
		"DecodeIndex": func(t *testing.T) {
			x, err := model.DecodeIndex("in.json", nil)
			require.ErrorIs(t, err, model.ErrFormat)
			require.Nil(t, x)
			require.Nil(t, x.Dataset())
		},
		"DecodePolicy": func(t *testing.T) {
			_, err := model.DecodePolicy("p.json", nil)
			require.ErrorIs(t, err, model.ErrInvalid)
			_, err = model.DecodePolicy("", strings.NewReader(""))
			require.Error(t, err)
			_, err = model.DecodePolicy("", strings.NewReader(`{"targeting_alpha": 1e400}`))
			require.Error(t, err)
		},
		"DefaultPolicy":       func(t *testing.T) { require.NoError(t, model.DefaultPolicy().Validate()) },
		"DefaultSeasonBounds": func(t *testing.T) { require.NotZero(t, model.DefaultSeasonBounds()) },
		"Duration.MarshalText": func(t *testing.T) {
			b, err := model.Duration(math.MinInt64).MarshalText()
			require.NoError(t, err)
			require.NotEmpty(t, b)
		},
		"Duration.Minutes": func(t *testing.T) { require.Zero(t, model.Duration(0).Minutes()) },
		"Duration.String":  func(t *testing.T) { require.Equal(t, "0s", model.Duration(0).String()) },
		"Educator.LastTrainedBy": func(t *testing.T) {
			_, ok := model.Educator{}.LastTrainedBy(model.Date{})
			require.False(t, ok)
		},
		"Educator.OptedIn": func(t *testing.T) { require.False(t, model.Educator{}.OptedIn("")) },
		"Educator.Speaks":  func(t *testing.T) { require.False(t, model.Educator{}.Speaks("")) },
		"Educator.StipendFor": func(t *testing.T) {
			_, ok := model.Educator{}.StipendFor("")
			require.False(t, ok)
		},
		"Educator.TrainedBy": func(t *testing.T) {
			_, ok := model.Educator{}.TrainedBy(model.Date{})
			require.False(t, ok)
		},
		"EncodeDataset": func(t *testing.T) {
			var b bytes.Buffer
			err := model.EncodeDataset(nil, &model.Dataset{}, model.EncodeOptions{})
			require.ErrorIs(t, err, model.ErrInvalid)
			require.ErrorContains(t, err, "model: EncodeDataset: nil writer")
			require.ErrorIs(t, model.EncodeDataset((*bytes.Buffer)(nil), &model.Dataset{}, model.EncodeOptions{}), model.ErrInvalid)
			err = model.EncodeDataset(&b, nil, model.EncodeOptions{})
			require.ErrorIs(t, err, model.ErrInvalid)
			require.ErrorContains(t, err, "model: EncodeDataset: nil dataset")
			require.Zero(t, b.Len())
			require.NoError(t, model.EncodeDataset(&b, &model.Dataset{}, model.EncodeOptions{}))
			require.Error(t, model.EncodeDataset(&b, &model.Dataset{Goals: []model.Goal{{CoverageTarget: math.NaN()}}}, model.EncodeOptions{}))
		},
		"ErrorsOf": func(t *testing.T) {
			require.Nil(t, model.ErrorsOf(nil))
			require.Nil(t, model.ErrorsOf(errors.New("x")))
		},
		"FundingSources": func(t *testing.T) { require.NotEmpty(t, model.FundingSources()) },
		"Goal.Mandatory": func(t *testing.T) { require.False(t, model.Goal{}.Mandatory()) },
		"Grade.String": func(t *testing.T) {
			require.Equal(t, "K", model.Grade(0).String())
			require.NotEmpty(t, model.Grade(math.MinInt).String())
		},
		"Grade.Valid": func(t *testing.T) {
			require.True(t, model.Grade(0).Valid())
			require.False(t, model.Grade(math.MaxInt).Valid())
		},
		"Hours.Contains": func(t *testing.T) { require.False(t, model.Hours{}.Contains(0)) },
		"Index.Calendar": func(t *testing.T) {
			for name, x := range indexes() {
				require.Equal(t, time.UTC, x.Calendar().Location(), name)
			}
		},
		"Index.Class": func(t *testing.T) {
			for name, x := range indexes() {
				c, ok := x.Class("C1")
				require.False(t, ok, name)
				require.Nil(t, c, name)
			}
		},
		"Index.ConsentHistory": func(t *testing.T) {
			for name, x := range indexes() {
				require.Nil(t, x.ConsentHistory("F1"), name)
			}
		},
		"Index.Dataset": func(t *testing.T) {
			require.Nil(t, (*model.Index)(nil).Dataset())
			require.Nil(t, new(model.Index).Dataset())
			require.NotNil(t, model.NewIndex(nil).Dataset())
		},
		"Index.Educator": func(t *testing.T) {
			for name, x := range indexes() {
				e, ok := x.Educator("E1")
				require.False(t, ok, name)
				require.Nil(t, e, name)
			}
		},
		"Index.Family": func(t *testing.T) {
			for name, x := range indexes() {
				f, ok := x.Family("F1")
				require.False(t, ok, name)
				require.Nil(t, f, name)
			}
		},
		"Index.InvitationsOf": func(t *testing.T) {
			for name, x := range indexes() {
				require.Nil(t, x.InvitationsOf("F1"), name)
			}
		},
		"Index.Plan": func(t *testing.T) {
			for name, x := range indexes() {
				p, ok := x.Plan("P1")
				require.False(t, ok, name)
				require.Nil(t, p, name)
			}
		},
		"Index.School": func(t *testing.T) {
			for name, x := range indexes() {
				s, ok := x.School("S1")
				require.False(t, ok, name)
				require.Nil(t, s, name)
			}
		},
		"Index.Student": func(t *testing.T) {
			for name, x := range indexes() {
				s, ok := x.Student("S1")
				require.False(t, ok, name)
				require.Nil(t, s, name)
			}
		},
		"Index.StudentsOf": func(t *testing.T) {
			for name, x := range indexes() {
				require.Nil(t, x.StudentsOf("F1"), name)
			}
		},
		"Index.Visit": func(t *testing.T) {
			for name, x := range indexes() {
				v, ok := x.Visit("V1")
				require.False(t, ok, name)
				require.Nil(t, v, name)
			}
		},
		"Index.VisitsOf": func(t *testing.T) {
			for name, x := range indexes() {
				require.Nil(t, x.VisitsOf("F1"), name)
			}
		},
		"Index.WithdrawalsOf": func(t *testing.T) {
			for name, x := range indexes() {
				require.Nil(t, x.WithdrawalsOf("F1"), name)
			}
		},
		"Youngest": func(t *testing.T) {
			s, ok := model.Youngest(nil)
			require.False(t, ok)
			require.Nil(t, s)
			s, ok = model.Youngest([]*model.Student{nil})
			require.False(t, ok)
			require.Nil(t, s)
		},
		"WorkingHours": func(t *testing.T) {
			require.Zero(t, model.WorkingHours(nil, nil, model.Calendar{}))
			require.Zero(t, model.WorkingHours(&model.Educator{}, &model.School{}, model.Calendar{}))
			hours := model.Hours{Start: 8 * 60, End: 15 * 60}
			require.Equal(t, hours, model.WorkingHours(nil, &model.School{Hours: &model.Hours{}}, model.Calendar{Hours: hours}))
		},
		"SameLanguage": func(t *testing.T) {
			require.True(t, model.SameLanguage("", ""))
			require.True(t, model.SameLanguage("es-MX", "ES"))
			require.False(t, model.SameLanguage("es", "en"))
		},
		"LanguagesNeeded": func(t *testing.T) {
			needs, langs := model.LanguagesNeeded(nil, nil)
			require.False(t, needs)
			require.Nil(t, langs)
			needs, langs = model.LanguagesNeeded(&model.Family{NeedsInterpreter: true, Languages: []model.Language{"en"}}, nil)
			require.True(t, needs, "no language of instruction: every language is another")
			require.Equal(t, []model.Language{"en"}, langs)
		},
		"Index.Year": func(t *testing.T) {
			for name, x := range indexes() {
				require.Zero(t, x.Year(), name)
			}
		},
		"InstructionLanguages": func(t *testing.T) {
			require.Equal(t, []model.Language{"en"}, model.InstructionLanguages(model.District{}, nil))
		},
		"Invitation.Answer":     func(t *testing.T) { require.Equal(t, model.NoResponse, model.Invitation{}.Answer()) },
		"Invitation.AnsweredAt": func(t *testing.T) { require.True(t, model.Invitation{}.AnsweredAt().IsZero()) },
		"Invitation.FromFamily": func(t *testing.T) { require.False(t, model.Invitation{}.FromFamily()) },
		"IsFirstVisit": func(t *testing.T) {
			require.False(t, model.IsFirstVisit(nil, nil, nil))
			require.False(t, model.IsFirstVisit(nil, []*model.Visit{nil}, nil))
			require.True(t, model.IsFirstVisit(nil, []*model.Visit{nil}, &model.Visit{}))
		},
		"Journey.Apply": func(t *testing.T) {
			err := (*model.Journey)(nil).Apply(model.InviteEvent{At: farFuture})
			require.ErrorIs(t, err, model.ErrInvalid)
			require.ErrorContains(t, err, "model: Journey.Apply: nil journey")
			j := new(model.Journey)
			require.ErrorIs(t, j.Apply(nil), model.ErrInvalid)
			require.ErrorIs(t, j.Apply(model.InviteEvent{}), model.ErrMissing)
			require.ErrorIs(t, j.Apply(model.CompleteEvent{At: farFuture}), model.ErrUnknownVisit)
			require.ErrorIs(t, j.Apply(model.ScheduleEvent{At: farPast, Visit: "V1", Duration: math.MinInt64}), model.ErrEndBeforeStart)
			require.NoError(t, j.Apply(model.ScheduleEvent{At: farPast, Visit: "V1", Start: farFuture, Duration: math.MaxInt64}))
		},
		"Journey.Consent": func(t *testing.T) {
			require.Equal(t, model.NoResponse, (*model.Journey)(nil).Consent())
			require.Equal(t, model.NoResponse, new(model.Journey).Consent())
		},
		"Journey.Events": func(t *testing.T) {
			require.Nil(t, (*model.Journey)(nil).Events())
			require.Empty(t, new(model.Journey).Events())
		},
		"Journey.Family": func(t *testing.T) { require.Empty(t, (*model.Journey)(nil).Family()) },
		"Journey.Lifecycle": func(t *testing.T) {
			require.Equal(t, []model.StudentID{""}, (*model.Journey)(nil).Lifecycle(nil).Keys)
			require.Empty(t, new(model.Journey).Lifecycle(nil).Visits)
		},
		"Journey.Reset": func(t *testing.T) {
			(*model.Journey)(nil).Reset("F1", "2025-26")
			j := new(model.Journey)
			j.Reset("", "")
			require.NoError(t, j.Apply(model.ScheduleEvent{At: farPast, Visit: "V1"}))
		},
		"Journey.State": func(t *testing.T) {
			require.Equal(t, model.JourneyNotInvited, (*model.Journey)(nil).State())
			require.Equal(t, model.JourneyNotInvited, new(model.Journey).State())
		},
		"Journey.Visits": func(t *testing.T) {
			require.Nil(t, (*model.Journey)(nil).Visits())
			require.Empty(t, new(model.Journey).Visits())
		},
		"Journey.Withdrawn": func(t *testing.T) { require.False(t, (*model.Journey)(nil).Withdrawn()) },
		"Journey.Year":      func(t *testing.T) { require.Empty(t, (*model.Journey)(nil).Year()) },
		"JourneyError.Error": func(t *testing.T) {
			require.Equal(t, "<nil>", (*model.JourneyError)(nil).Error())
			require.Equal(t, `family ""`, new(model.JourneyError).Error())
		},
		"JourneyError.Unwrap": func(t *testing.T) {
			require.Nil(t, (*model.JourneyError)(nil).Unwrap())
			require.Nil(t, new(model.JourneyError).Unwrap())
		},
		"JourneyState.String": func(t *testing.T) {
			require.Equal(t, "not-invited", model.JourneyState(0).String())
			require.Equal(t, "JourneyState(-1)", model.JourneyState(-1).String())
			require.NotEmpty(t, model.JourneyState(math.MaxInt).String())
		},
		"LocationKind.Public": func(t *testing.T) { require.False(t, model.LocationKind("").Public()) },
		"MonthDay.MarshalText": func(t *testing.T) {
			b, err := model.MonthDay{}.MarshalText()
			require.NoError(t, err)
			require.Equal(t, "00-00", string(b))
		},
		"MonthDay.String": func(t *testing.T) { require.Equal(t, "00-00", model.MonthDay{}.String()) },
		"NewCalendar": func(t *testing.T) {
			_, err := model.NewCalendar("Nowhere/Else", model.Hours{})
			require.Error(t, err)
			_, err = model.NewCalendar("", model.Hours{})
			require.ErrorIs(t, err, model.ErrInvalid, "no zone is not the machine's zone, nor UTC by default")
			require.Equal(t, time.UTC, model.Calendar{}.Location())
		},
		"AddCents": func(t *testing.T) {
			_, err := model.AddCents(math.MaxInt64, 1)
			require.ErrorIs(t, err, model.ErrAmountOverflow)
			_, err = model.AddCents(math.MinInt64, -1)
			require.ErrorIs(t, err, model.ErrAmountOverflow)
		},
		"FormatCents": func(t *testing.T) {
			require.Equal(t, "0.00", model.FormatCents(0))
			require.Equal(t, "-92233720368547758.08", model.FormatCents(math.MinInt64))
		},
		"FormatDollars": func(t *testing.T) {
			require.Equal(t, "$0.00", model.FormatDollars(0))
			require.Equal(t, "-$92233720368547758.08", model.FormatDollars(math.MinInt64))
		},
		"IsFileNameSafe": func(t *testing.T) {
			require.False(t, model.IsFileNameSafe(""))
			require.False(t, model.IsFileNameSafe(strings.Repeat("a", 1<<20)))
		},
		"LoadTimeZone": func(t *testing.T) {
			for _, name := range []string{"", "Local", "/", strings.Repeat("A/", 1<<16)} {
				_, err := model.LoadTimeZone(name)
				require.ErrorIs(t, err, model.ErrInvalid, name)
			}
		},
		"NewClock": func(t *testing.T) {
			for _, n := range extremeN {
				model.NewClock(n, n)
			}
		},
		"NewIndex": func(t *testing.T) {
			x := model.NewIndex(nil)
			require.NotNil(t, x)
			require.NotNil(t, x.Dataset())
			require.Empty(t, x.Dataset().Families)
		},
		"PayRuleOf": func(t *testing.T) {
			require.Equal(t, model.PayRule{CertificatedRateCents: 1}, model.PayRuleOf(nil, model.Policy{CertificatedRateCents: 1}))
		},
		"PayRule.Rate": func(t *testing.T) { require.Zero(t, model.PayRule{}.Rate("")) },
		"PayRule.Pay": func(t *testing.T) {
			require.Equal(t, model.Compensation{}, model.PayRule{}.Pay(nil, model.Hours{}, farFuture, time.Hour, ""))
			c := model.PayRule{CertificatedRateCents: model.MaxRateCents}.Pay(&model.Educator{ID: "E"}, model.Hours{}, time.Time{}, math.MaxInt64, "")
			require.Positive(t, c.MinutesOutside)
		},
		"PayRule.PayOutside": func(t *testing.T) {
			require.Equal(t, model.Compensation{}, model.PayRule{}.PayOutside(nil, 30, ""))
			require.Equal(t, model.Compensation{Educator: "E"}, model.PayRule{}.PayOutside(&model.Educator{ID: "E"}, -5, ""))
			c := model.PayRule{CertificatedRateCents: model.MaxRateCents}.PayOutside(&model.Educator{ID: "E"}, math.MaxInt32, "")
			require.Positive(t, c.AmountCents)
		},
		"CentsFor": func(t *testing.T) {
			require.Zero(t, model.CentsFor(-1, 100))
			require.Zero(t, model.CentsFor(1, -100))
			require.Equal(t, int64(2), model.CentsFor(1, 100))
		},
		"NewJourney": func(t *testing.T) {
			j := model.NewJourney("", "")
			require.Equal(t, model.JourneyNotInvited, j.State())
		},
		"NewLifecycle": func(t *testing.T) {
			l := model.NewLifecycle(nil, nil)
			require.Equal(t, []model.StudentID{""}, l.Keys)
			require.Empty(t, l.Visits)
			l = model.NewLifecycle(nil, []*model.Visit{nil, {ID: "V1"}, nil})
			require.Len(t, l.Visits, 1)
			require.Len(t, l.Places, 1)
		},
		"LifecycleBuffer.Place": func(t *testing.T) {
			var nilBuf *model.LifecycleBuffer
			require.Equal(t, model.NewLifecycle(nil, nil), nilBuf.Place(nil, nil))
			var b model.LifecycleBuffer
			require.Equal(t, model.NewLifecycle(nil, nil), b.Place(nil, nil))
			l := b.Place(nil, []*model.Visit{nil, {ID: "V1"}, nil})
			require.Len(t, l.Visits, 1)
			require.Len(t, l.Places, 1)
		},
		"NewLifecycleNamed": func(t *testing.T) {
			l := model.NewLifecycleNamed(nil, nil, true)
			require.Equal(t, []model.StudentID{""}, l.Keys)
			require.Empty(t, l.Visits)
			l = model.NewLifecycleNamed([]model.StudentID{"S1"}, []*model.Visit{nil, {ID: "V1"}, nil}, true)
			require.Equal(t, []model.StudentID{"S1"}, l.Keys)
			require.Len(t, l.Places, 1)
		},
		"LifecycleBuffer.PlaceNamed": func(t *testing.T) {
			var nilBuf *model.LifecycleBuffer
			require.Equal(t, model.NewLifecycleNamed(nil, nil, true), nilBuf.PlaceNamed(nil, nil, true))
			var b model.LifecycleBuffer
			require.Equal(t, model.NewLifecycleNamed(nil, nil, true), b.PlaceNamed(nil, nil, true))
			l := b.PlaceNamed([]model.StudentID{"S1"}, []*model.Visit{nil, {ID: "V1"}, nil}, true)
			require.Equal(t, []model.StudentID{"S1"}, l.Keys)
			require.Len(t, l.Places, 1)
		},
		"NewSchoolYear": func(t *testing.T) {
			y := model.NewSchoolYear(model.Date{}, model.Date{})
			require.Equal(t, model.SchoolYearID("0-00"), y.ID)
		},
		"PlaceOf": func(t *testing.T) {
			require.Zero(t, model.PlaceOf(nil, nil, nil))
			require.Zero(t, model.PlaceOf([]model.StudentID{"S1"}, []*model.Visit{nil}, nil))
			p := model.PlaceOf(nil, []*model.Visit{nil}, &model.Visit{})
			require.Equal(t, 1, p.Ordinal())
		},
		"Plan.UnmarshalJSON": func(t *testing.T) {
			require.ErrorIs(t, (*model.Plan)(nil).UnmarshalJSON([]byte(`{}`)), model.ErrInvalid)
			require.Error(t, new(model.Plan).UnmarshalJSON(nil))
		},
		"Policy.UnmarshalJSON": func(t *testing.T) {
			require.ErrorIs(t, (*model.Policy)(nil).UnmarshalJSON([]byte(`{}`)), model.ErrInvalid)
			require.Error(t, new(model.Policy).UnmarshalJSON(nil))
		},
		"Policy.Validate": func(t *testing.T) {
			require.ErrorIs(t, model.Policy{}.Validate(), model.ErrPolicyBounds)
			p := model.DefaultPolicy()
			p.TargetingAlpha, p.SystematicCoverage = math.NaN(), math.Inf(1)
			require.Len(t, model.ErrorsOf(p.Validate()), 3, "targeting_alpha, advisory_alpha, systematic_coverage")
		},
		"RecordError.Error": func(t *testing.T) {
			require.Equal(t, "<nil>", (*model.RecordError)(nil).Error())
			require.Equal(t, "model: record error", new(model.RecordError).Error())
			require.Equal(t, `visit "V1": duration`, (&model.RecordError{Record: `visit "V1"`, Field: "duration"}).Error())
		},
		"RecordError.Unwrap": func(t *testing.T) {
			require.Nil(t, (*model.RecordError)(nil).Unwrap())
			require.Nil(t, new(model.RecordError).Unwrap())
		},
		"SchoolYear.Contains": func(t *testing.T) { require.False(t, model.SchoolYear{}.Contains(model.DateOf(farFuture))) },
		"SchoolYear.Start":    func(t *testing.T) { require.False(t, model.SchoolYear{}.Start().IsZero()) },
		"SchoolYear.YearOf": func(t *testing.T) {
			require.Empty(t, model.SchoolYear{}.YearOf("", farFuture, nil))
			require.Equal(t, model.SchoolYearID("x"), model.SchoolYear{}.YearOf("x", time.Time{}, nil))
		},
		"Season.MarshalText": func(t *testing.T) {
			b, err := model.Season(-1).MarshalText()
			require.NoError(t, err)
			require.Equal(t, "Season(-1)", string(b))
		},
		"Season.String":                  func(t *testing.T) { require.Equal(t, "summer", model.Season(0).String()) },
		"TopicKind.Agenda":               func(t *testing.T) { require.False(t, model.TopicKind("").Agenda()) },
		"TopicKind.RelationshipBuilding": func(t *testing.T) { require.False(t, model.TopicKind("").RelationshipBuilding()) },
		"ValidationErrors.Error":         func(t *testing.T) { require.Equal(t, "<nil>\n<nil>", model.ValidationErrors{nil, nil}.Error()) },
		"ValidationErrors.Unwrap":        func(t *testing.T) { require.False(t, errors.Is(model.ValidationErrors{nil}, model.ErrInvalid)) },
		"Visit.End":                      func(t *testing.T) { require.True(t, model.Visit{}.End().IsZero()) },
		"Visit.TookPlace":                func(t *testing.T) { require.False(t, model.Visit{}.TookPlace(time.Time{})) },
		"VisitPlace.Ordinal":             func(t *testing.T) { require.Equal(t, 3, model.VisitPlace{}.Ordinal()) },
		"Window.Covers":                  func(t *testing.T) { require.False(t, model.Window{}.Covers(time.Time{}, math.MaxInt64)) },
	})
}
