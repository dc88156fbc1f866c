package ical_test

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	goical "github.com/arran4/golang-ical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/interop/ical"
	"github.com/homevisits/pthv/model"
)

func calendar(t require.TestingT, tz string) model.Calendar {
	cal, err := model.NewCalendar(tz, model.Hours{Start: model.NewClock(8, 0), End: model.NewClock(15, 0)})
	require.NoError(t, err)
	return cal
}

var stamp = time.Date(2025, 9, 1, 17, 30, 0, 0, time.UTC)

// sample returns a scheduled, a rescheduled and a cancelled visit.
func sample(loc *time.Location) []model.Visit {
	at := time.Date(2025, 8, 20, 10, 0, 0, 0, loc)
	return []model.Visit{
		{ID: "V-1", Family: "F-1", Students: []model.StudentID{"ST-1", "ST-2"}, Kind: model.FirstVisit,
			Status: model.Scheduled, ArrangedAt: at, Start: time.Date(2025, 9, 10, 16, 0, 0, 0, loc),
			Duration: model.Duration(40 * time.Minute), Location: model.Location{Kind: model.Home},
			Visitors: []model.EducatorID{"E-1", "E-2"}},
		{ID: "V-2", Family: "F-2", Kind: model.FirstVisit, Status: model.Scheduled, ArrangedAt: at.AddDate(0, 0, 5),
			Reschedules: []model.Rescheduling{
				{At: at, FromStart: time.Date(2025, 9, 3, 16, 0, 0, 0, loc), By: model.ByFamily},
				{At: at.AddDate(0, 0, 5), FromStart: time.Date(2025, 9, 5, 16, 0, 0, 0, loc), By: model.BySchool},
			},
			Start: time.Date(2025, 11, 12, 17, 0, 0, 0, loc), Duration: model.Duration(30 * time.Minute),
			Location: model.Location{Kind: model.Library, RequestedBy: model.ByFamily}, Visitors: []model.EducatorID{"E-1", "E-3"}},
		{ID: "V-3", Family: "F-3", Kind: model.SecondVisit, Status: model.Cancelled, CancelledBy: model.ByFamily,
			ArrangedAt: at, Start: time.Date(2026, 3, 9, 16, 30, 0, 0, loc), Duration: model.Duration(40 * time.Minute),
			Location: model.Location{Kind: model.Home}, Visitors: []model.EducatorID{"E-2", "E-3"}},
	}
}

func write(t require.TestingT, cal model.Calendar, visits []model.Visit, opt ical.Options) string {
	var b bytes.Buffer
	require.NoError(t, ical.Write(&b, cal, visits, opt))
	return b.String()
}

func parse(t require.TestingT, s string) *goical.Calendar {
	c, err := goical.ParseCalendar(strings.NewReader(s))
	require.NoError(t, err)
	return c
}

func prop(e *goical.VEvent, p goical.ComponentProperty) string {
	if x := e.GetProperty(p); x != nil {
		return x.Value
	}
	return ""
}

func TestWriteParsesWithThirdPartyParser(t *testing.T) {
	cal := calendar(t, "America/Los_Angeles")
	visits := sample(cal.Location())
	out := write(t, cal, visits, ical.Options{Stamp: stamp, Domain: "district.example"})
	c := parse(t, out)

	events := c.Events()
	require.Len(t, events, 3)
	wantSeq := []string{"0", "2", "1"}
	wantStatus := []string{"CONFIRMED", "CONFIRMED", "CANCELLED"}
	for i, e := range events {
		assert.Equal(t, string(visits[i].ID)+"@district.example", e.Id())
		ds, err := e.GetDtStampTime()
		require.NoError(t, err)
		assert.True(t, ds.Equal(stamp), "DTSTAMP %s", ds)
		assert.Equal(t, wantSeq[i], prop(e, goical.ComponentPropertySequence), "SEQUENCE of %s", visits[i].ID)
		assert.Equal(t, wantStatus[i], prop(e, goical.ComponentPropertyStatus), "STATUS of %s", visits[i].ID)
		start, err := e.GetStartAt()
		require.NoError(t, err)
		assert.True(t, start.Equal(visits[i].Start), "DTSTART %s, want %s", start, visits[i].Start)
		end, err := e.GetEndAt()
		require.NoError(t, err)
		assert.True(t, end.Equal(visits[i].End()), "DTEND %s", end)
		assert.Equal(t, []string{"America/Los_Angeles"}, e.GetProperty(goical.ComponentPropertyDtStart).ICalParameters["TZID"])
	}
	assert.Contains(t, prop(events[1], goical.ComponentPropertyDescription), "at library requested by the family")

	tzs := c.Timezones()
	require.Len(t, tzs, 1)
	assert.Equal(t, "America/Los_Angeles", tzs[0].GetProperty(goical.ComponentPropertyTzid).Value)
	var kinds []string
	for _, sub := range tzs[0].Components {
		switch s := sub.(type) {
		case *goical.Standard:
			kinds = append(kinds, "STANDARD:"+s.GetProperty(goical.ComponentProperty(goical.PropertyTzoffsetto)).Value)
		case *goical.Daylight:
			kinds = append(kinds, "DAYLIGHT:"+s.GetProperty(goical.ComponentProperty(goical.PropertyTzoffsetto)).Value)
		}
	}
	// January 2025 (PST), then the four changes of 2025 and 2026.
	assert.Equal(t, []string{"STANDARD:-0800", "DAYLIGHT:-0700", "STANDARD:-0800", "DAYLIGHT:-0700", "STANDARD:-0800"}, kinds)
	assert.Contains(t, out, "BEGIN:DAYLIGHT\r\nDTSTART:20250309T020000\r\nTZOFFSETFROM:-0800\r\nTZOFFSETTO:-0700\r\nTZNAME:PDT\r\n")
	assert.Contains(t, out, "BEGIN:STANDARD\r\nDTSTART:20251102T020000\r\nTZOFFSETFROM:-0700\r\nTZOFFSETTO:-0800\r\nTZNAME:PST\r\n")
}

func TestWriteZoneWithoutTransitions(t *testing.T) {
	cal := calendar(t, "Asia/Tokyo")
	out := write(t, cal, sample(cal.Location())[:1], ical.Options{Stamp: stamp})
	c := parse(t, out)
	require.Len(t, c.Timezones(), 1)
	assert.Len(t, c.Timezones()[0].Components, 1)
	assert.Contains(t, out, "TZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\n")
}

func TestLinesEndInCRLFAndFoldAt75Octets(t *testing.T) {
	cal := calendar(t, "America/Chicago")
	visits := sample(cal.Location())
	visits[0].ID = model.VisitID("V-" + strings.Repeat("é", 60) + ",;\\x")
	visits[0].Students = []model.StudentID{model.StudentID(strings.Repeat("ST-ü-", 40))}
	out := write(t, cal, visits, ical.Options{Stamp: stamp})
	require.True(t, strings.HasSuffix(out, "\r\n"))
	lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	folded := 0
	for _, l := range lines {
		assert.NotContains(t, l, "\n")
		assert.NotContains(t, l, "\r")
		assert.LessOrEqual(t, len(l), 75, "line %q", l)
		if strings.HasPrefix(l, " ") {
			folded++
		}
		assert.True(t, utf8Valid(l), "line splits a character: %q", l)
	}
	assert.Greater(t, folded, 2)
	e := parse(t, out).Events()[0]
	assert.Contains(t, prop(e, goical.ComponentPropertyDescription), string(visits[0].Students[0]))
	assert.Contains(t, prop(e, goical.ComponentPropertyDescription), "Visit V-"+strings.Repeat("é", 60)+",;\\x")
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\x00") == s }

func TestNoContactDataUnlessAsked(t *testing.T) {
	cal := calendar(t, "America/Los_Angeles")
	visits := sample(cal.Location())
	contacts := &model.Contacts{Families: []model.FamilyContact{{
		Family: "F-1", Guardians: []model.Person{{Name: "Rosa Díaz"}, {Name: "Ana Díaz"}},
		Address: "12 Elm St, Sacramento", Phone: "555-0101",
	}}}
	plain := write(t, cal, visits, ical.Options{Stamp: stamp, Contacts: contacts})
	for _, secret := range []string{"Rosa", "Elm", "555-0101"} {
		assert.NotContains(t, plain, secret)
	}
	e := parse(t, plain).Events()[0]
	assert.Equal(t, "PTHV first visit: family F-1 (home)", prop(e, goical.ComponentPropertySummary))
	assert.Equal(t, "home", prop(e, goical.ComponentPropertyLocation))

	with := write(t, cal, visits, ical.Options{Stamp: stamp, Contacts: contacts, IncludeContacts: true})
	e = parse(t, with).Events()[0]
	assert.Equal(t, "PTHV first visit: Rosa Díaz and Ana Díaz (family F-1) (home)", prop(e, goical.ComponentPropertySummary))
	assert.Equal(t, "12 Elm St, Sacramento", prop(e, goical.ComponentPropertyLocation))
	assert.Contains(t, prop(e, goical.ComponentPropertyDescription), "Phone: 555-0101")
}

func TestWriteErrors(t *testing.T) {
	cal := calendar(t, "America/Los_Angeles")
	err := ical.Write(&bytes.Buffer{}, cal, nil, ical.Options{})
	assert.True(t, errors.Is(err, ical.ErrNoStamp))
	err = ical.Write(&bytes.Buffer{}, cal, nil, ical.Options{Stamp: stamp, IncludeContacts: true})
	assert.True(t, errors.Is(err, ical.ErrNoContacts))
	out := write(t, cal, nil, ical.Options{Stamp: stamp})
	assert.Equal(t, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//pthv//schedule//EN\r\nCALSCALE:GREGORIAN\r\nEND:VCALENDAR\r\n", out)
}

var zones = []string{"America/Los_Angeles", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "UTC", "Pacific/Chatham"}

// visitGen draws visits with arbitrary text in every free-text field.
func visitGen(loc *time.Location) *rapid.Generator[model.Visit] {
	text := rapid.String()
	return rapid.Custom(func(t *rapid.T) model.Visit {
		start := time.Date(2024+rapid.IntRange(0, 3).Draw(t, "year"), time.Month(rapid.IntRange(1, 12).Draw(t, "month")),
			rapid.IntRange(1, 28).Draw(t, "day"), rapid.IntRange(0, 23).Draw(t, "hour"), 5*rapid.IntRange(0, 11).Draw(t, "min"), 0, 0, loc)
		v := model.Visit{
			ID:       model.VisitID(text.Draw(t, "id")),
			Family:   model.FamilyID(text.Draw(t, "family")),
			Kind:     rapid.SampledFrom([]model.VisitKind{"", model.FirstVisit, model.SecondVisit, model.OtherVisit}).Draw(t, "kind"),
			Status:   rapid.SampledFrom([]model.VisitStatus{model.Proposed, model.Scheduled, model.Completed, model.Cancelled, model.NoShow}).Draw(t, "status"),
			Start:    start,
			Duration: model.Duration(time.Duration(rapid.IntRange(0, 120).Draw(t, "minutes")) * time.Minute),
			Location: model.Location{Kind: model.LocationKind(text.Draw(t, "location"))},
			Visitors: []model.EducatorID{model.EducatorID(text.Draw(t, "visitor"))},
			Students: []model.StudentID{model.StudentID(text.Draw(t, "student"))},
		}
		for range rapid.IntRange(0, 3).Draw(t, "reschedules") {
			v.Reschedules = append(v.Reschedules, model.Rescheduling{At: start.AddDate(0, 0, -7), FromStart: start.AddDate(0, 0, -1)})
		}
		return v
	})
}

func checkParses(t *rapid.T, tz string, visits []model.Visit, opt ical.Options) {
	cal := calendar(t, tz)
	var b bytes.Buffer
	require.NoError(t, ical.Write(&b, cal, visits, opt))
	out := b.String()
	for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		require.LessOrEqual(t, len(l), 75)
		require.NotContains(t, l, "\n")
		require.True(t, utf8Valid(l))
	}
	c, err := goical.ParseCalendar(strings.NewReader(out))
	require.NoError(t, err)
	events := c.Events()
	require.Len(t, events, len(visits))
	require.Len(t, c.Timezones(), min(1, len(visits)))
	for i, e := range events {
		v := visits[i]
		require.Equal(t, ical.UID(v.ID, opt.Domain), e.Id())
		require.Equal(t, strconv.Itoa(ical.Sequence(v)), prop(e, goical.ComponentPropertySequence))
		ds, err := e.GetDtStampTime()
		require.NoError(t, err)
		require.True(t, ds.Equal(opt.Stamp.Truncate(time.Second)))
		start, err := e.GetStartAt()
		require.NoError(t, err)
		require.True(t, start.Equal(v.Start), "DTSTART %s want %s", start, v.Start)
		require.Contains(t, prop(e, goical.ComponentPropertyDescription), "for family "+strings.ToValidUTF8(stripControls(string(v.Family)), "\uFFFD"))
		wantStatus := "CONFIRMED"
		switch v.Status {
		case model.Cancelled:
			wantStatus = "CANCELLED"
		case model.Proposed:
			wantStatus = "TENTATIVE"
		}
		require.Equal(t, wantStatus, prop(e, goical.ComponentPropertyStatus))
	}
}

func stripControls(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

func TestWriteAlwaysParses(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tz := rapid.SampledFrom(zones).Draw(t, "tz")
		loc, err := time.LoadLocation(tz)
		require.NoError(t, err)
		visits := rapid.SliceOfN(visitGen(loc), 0, 6).Draw(t, "visits")
		opt := ical.Options{
			Stamp:  time.Unix(rapid.Int64Range(1e9, 2e9).Draw(t, "stamp"), 0),
			Domain: rapid.String().Draw(t, "domain"),
			ProdID: rapid.String().Draw(t, "prodid"),
		}
		if rapid.Bool().Draw(t, "contacts") {
			c := &model.Contacts{}
			for _, v := range visits {
				c.Families = append(c.Families, model.FamilyContact{Family: v.Family,
					Guardians: []model.Person{{Name: rapid.String().Draw(t, "name")}},
					Address:   rapid.String().Draw(t, "address"), Phone: rapid.String().Draw(t, "phone")})
			}
			opt.Contacts, opt.IncludeContacts = c, true
		}
		checkParses(t, tz, visits, opt)
	})
}

// FuzzWrite checks that any text in a visit's fields still gives a calendar
// the third-party parser reads.
func FuzzWrite(f *testing.F) {
	f.Add("V-1", "F-1", "Rosa Díaz", "12 Elm St, Sacramento; apt 3")
	f.Add("V\\;,\n", "F\r\n", "\x00\x7f", strings.Repeat("ü", 100))
	f.Fuzz(func(t *testing.T, id, fam, name, address string) {
		cal := calendar(t, "America/Los_Angeles")
		v := sample(cal.Location())[1]
		v.ID, v.Family = model.VisitID(id), model.FamilyID(fam)
		opt := ical.Options{Stamp: stamp, IncludeContacts: true, Contacts: &model.Contacts{Families: []model.FamilyContact{
			{Family: v.Family, Guardians: []model.Person{{Name: name}}, Address: address}}}}
		out := write(t, cal, []model.Visit{v}, opt)
		c := parse(t, out)
		require.Len(t, c.Events(), 1)
		require.Equal(t, ical.UID(v.ID, ""), c.Events()[0].Id())
	})
}
