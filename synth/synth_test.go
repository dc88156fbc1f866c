package synth_test

import (
	"bytes"
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/internal/shapes"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/synth"
)

// medium is a district large enough for every deviation to show and for
// attribute rates to settle, small enough to build in a few milliseconds.
func medium() synth.Config {
	c := synth.DefaultConfig()
	c.Schools = 20
	c.StudentsPerSchool = 450
	return c
}

func encode(t require.TestingT, ds *model.Dataset) []byte {
	var b bytes.Buffer
	require.NoError(t, model.EncodeDataset(&b, ds, model.EncodeOptions{IncludeContacts: true, Compact: true}))
	return b.Bytes()
}

func build(t require.TestingT, cfg synth.Config, seed uint64) *model.Dataset {
	ds, err := synth.District(cfg, seed)
	require.NoError(t, err)
	return ds
}

func TestDistrictIsDeterministic(t *testing.T) {
	cfg := synth.DefaultConfig()
	cfg.Contacts = true
	a, b := build(t, cfg, 7), build(t, cfg, 7)
	require.Equal(t, a, b)
	require.Equal(t, encode(t, a), encode(t, b))
	require.NotEqual(t, encode(t, a), encode(t, build(t, cfg, 8)), "another seed gives another district")
}

func TestDistrictIgnoresGOMAXPROCS(t *testing.T) {
	cfg := medium()
	cfg.Contacts = true
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	one := encode(t, build(t, cfg, 3))
	for _, n := range []int{2, 4, 8} {
		runtime.GOMAXPROCS(n)
		require.Equal(t, one, encode(t, build(t, cfg, 3)), "GOMAXPROCS=%d", n)
	}
}

func TestDistrictValidates(t *testing.T) {
	cases := []struct {
		name string
		cfg  func() synth.Config
	}{
		{"default", synth.DefaultConfig},
		{"medium", medium},
		{"compliant", func() synth.Config { c := medium(); c.Deviations = synth.Compliant(); return c }},
		{"contacts", func() synth.Config { c := synth.DefaultConfig(); c.Contacts = true; return c }},
		{"national", synth.NationalConfig},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "national" && testing.Short() {
				t.Skip("national district skipped in -short mode")
			}
			ds := build(t, tc.cfg(), 1)
			require.NoError(t, ds.Validate())
			assert.Equal(t, model.Format, ds.Format)
			assert.Equal(t, model.DefaultPolicy(), ds.Policy)
		})
	}
}

func TestDistrictRoundTrips(t *testing.T) {
	cfg := synth.DefaultConfig()
	cfg.Contacts = true
	ds := build(t, cfg, 1)
	b := encode(t, ds)
	back, err := model.DecodeDataset("synth.json", bytes.NewReader(b))
	require.NoError(t, err)
	require.Equal(t, b, encode(t, back))
}

func TestDistrictSizes(t *testing.T) {
	cfg := medium()
	ds := build(t, cfg, 1)
	require.Len(t, ds.Schools, cfg.Schools)
	mean := float64(len(ds.Students)) / float64(cfg.Schools)
	assert.InEpsilon(t, cfg.StudentsPerSchool, mean, 0.1, "mean enrolment")

	perSchool := map[model.SchoolID]int{}
	for _, s := range ds.Students {
		perSchool[s.School]++
	}
	staff := map[model.SchoolID]int{}
	principals := map[model.SchoolID]int{}
	for _, e := range ds.Educators {
		staff[e.School]++
		if e.Position == model.Principal {
			principals[e.School]++
		}
	}
	for _, s := range ds.Schools {
		n := perSchool[s.ID]
		assert.GreaterOrEqual(t, n, int(0.8*float64(cfg.StudentsPerSchool))-1, s.ID)
		assert.LessOrEqual(t, n, int(1.2*float64(cfg.StudentsPerSchool))+1, s.ID)
		assert.Equal(t, 1, principals[s.ID], "one principal at %s", s.ID)
		assert.InEpsilon(t, float64(cfg.EducatorsPerSchool)*float64(n)/float64(cfg.StudentsPerSchool)+1, staff[s.ID], 0.1, s.ID)
		assert.NotEmpty(t, s.Coordinator, s.ID)
		assert.NotEmpty(t, s.Liaisons, s.ID)
	}
	assert.NotEmpty(t, ds.District.Coordinator)

	// Grade spans: elementary, middle, high, in the fixed cycle.
	spans := map[model.SchoolID][2]model.Grade{}
	for _, s := range ds.Students {
		sp, ok := spans[s.School]
		if !ok {
			sp = [2]model.Grade{s.Grade, s.Grade}
		}
		sp[0], sp[1] = min(sp[0], s.Grade), max(sp[1], s.Grade)
		spans[s.School] = sp
	}
	want := [][2]model.Grade{{0, 5}, {6, 8}, {9, 12}}
	for i, kind := range []int{0, 1, 2, 0, 0, 1, 0, 2, 0, 0} {
		assert.Equal(t, want[kind], spans[ds.Schools[i].ID], ds.Schools[i].ID)
	}

	// Families of one to three students; some span two schools.
	students := map[model.FamilyID][]model.Student{}
	for _, s := range ds.Students {
		students[s.Family] = append(students[s.Family], s)
	}
	require.Len(t, students, len(ds.Families), "every family has a student")
	spanning := 0
	for f, sts := range students {
		assert.LessOrEqual(t, len(sts), 3, f)
		for _, s := range sts[1:] {
			assert.Equal(t, sts[0].Attributes["home_language"], s.Attributes["home_language"], "siblings of %s share a home language", f)
			assert.Equal(t, sts[0].Attributes["frl"], s.Attributes["frl"], "siblings of %s share lunch eligibility", f)
			if s.School != sts[0].School {
				spanning++
			}
		}
	}
	assert.Positive(t, spanning, "some families span schools")

	// Secondary students take several classes; everyone has a teacher of record.
	for _, s := range ds.Students {
		if s.Grade >= 6 {
			require.Len(t, s.Classes, 4, s.ID)
		} else {
			require.Len(t, s.Classes, 1, s.ID)
		}
		require.NotEmpty(t, s.Teachers, s.ID)
	}
	assert.Nil(t, ds.Contacts, "no contacts unless asked for")
}

// TestDistrictShapes: districts have the shapes of real ones — families
// with children in two schools, invited and visited by both; siblings with
// different teachers; visits shared by siblings and visits naming one of
// several; values only a few families of a school hold; plans scoped to a
// grade, classes or teachers, sampled or all; invitations with a plan,
// without one (second visits, next year's), the families' own requests,
// invitations naming students and recording their school year.
func TestDistrictShapes(t *testing.T) {
	compliant := synth.DefaultConfig()
	compliant.Deviations = synth.Compliant()
	for _, tc := range []struct {
		name string
		cfg  synth.Config
		seed uint64
	}{
		{"default", synth.DefaultConfig(), 1},
		{"compliant", compliant, 1},
		{"medium", medium(), 2},
		{"medium compliant", func() synth.Config { c := medium(); c.Deviations = synth.Compliant(); return c }(), 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds := build(t, tc.cfg, tc.seed)
			c := shapes.Count(ds)
			t.Logf("%+v", c)
			for name, n := range map[string]int{
				"families in two schools":            c.SplitFamilies,
				"invited by both schools":            c.SplitInvitedByBoth,
				"siblings with different teachers":   c.SiblingsWithDifferentTeachers,
				"visits shared by siblings":          c.SharedVisits,
				"visits naming one of several":       c.OneOfSeveralVisits,
				"separate first visits for siblings": c.SeparateFirstVisits,
				"rare values":                        c.RareValues,
				"teacher scopes":                     c.TeacherScopes,
				"plans of method all":                c.AllPlans,
				"sampled plans":                      c.SampledPlans,
				"invitations with a plan":            c.WithPlan,
				"invitations without a plan":         c.WithoutPlan,
				"families' requests":                 c.Requests,
				"invitations recording their year":   c.WithYear,
				"dual-language schools":              c.OwnLanguages,
				"reflections by no one recorded":     c.ReflectionsByNoOne,
				"messages with no educator":          c.MessagesWithoutEducator,
			} {
				assert.Positive(t, n, name)
			}
			assert.Positive(t, c.GradeScopes+c.ClassScopes, "plans scoped to a grade or classes")
			if cfg := tc.cfg; cfg.Schools >= 20 {
				// Both of a family's schools must invite it and it must
				// accept both: a handful in three schools, dozens in twenty.
				assert.Positive(t, c.SplitVisitedByBoth, "visited by both schools")
			}
			assert.Equal(t, len(ds.Invitations)-c.Requests, c.NamingStudents-c.Requests, "school invitations name students")

			// Every school has one to three families of a rare language.
			langs := map[model.SchoolID]map[string]map[model.FamilyID]bool{}
			for _, st := range ds.Students {
				if langs[st.School] == nil {
					langs[st.School] = map[string]map[model.FamilyID]bool{}
				}
				l := st.Attributes["home_language"]
				if langs[st.School][l] == nil {
					langs[st.School][l] = map[model.FamilyID]bool{}
				}
				langs[st.School][l][st.Family] = true
			}
			for _, s := range ds.Schools {
				rare := 0
				for _, fams := range langs[s.ID] {
					if len(fams) <= 3 {
						rare++
					}
				}
				assert.Positive(t, rare, "a rare language at %s", s.ID)
			}
		})
	}
}

func TestNationalScale(t *testing.T) {
	if testing.Short() {
		t.Skip("national district skipped in -short mode")
	}
	ds := build(t, synth.NationalConfig(), 1)
	visiting := map[model.EducatorID]bool{}
	completed := 0
	for _, v := range ds.Visits {
		if v.Status == model.Completed {
			completed++
			for _, e := range v.Visitors {
				visiting[e] = true
			}
		}
	}
	assert.Len(t, ds.Schools, 700)
	assert.InEpsilon(t, 350_000, len(ds.Students), 0.02)
	assert.InEpsilon(t, 5_000, len(visiting), 0.1, "educators who visit")
	assert.InEpsilon(t, 45_000, completed, 0.1, "completed visits")
}

func TestAttributeRates(t *testing.T) {
	cfg := medium()
	cfg.Schools = 30
	cfg.ELLRate, cfg.IEPRate, cfg.FRLRate = 0.18, 0.14, 0.55
	ds := build(t, cfg, 11)
	var ell, iep, frl, nonEnglish int
	langs := map[string]int{}
	for _, s := range ds.Students {
		a := s.Attributes
		require.Len(t, a, 4, s.ID)
		for _, k := range []string{"ell", "iep", "frl"} {
			require.Contains(t, []string{"yes", "no"}, a[k], "%s %s", s.ID, k)
		}
		ell += count(a["ell"] == "yes")
		iep += count(a["iep"] == "yes")
		frl += count(a["frl"] == "yes")
		nonEnglish += count(a["home_language"] != "en")
		langs[a["home_language"]]++
		if a["ell"] == "yes" {
			require.NotEqual(t, "en", a["home_language"], "an English learner of %s speaks another language at home", s.ID)
		}
	}
	n := float64(len(ds.Students))
	// About 13,500 students: the standard error of a share is under 0.5
	// points, before clustering in families; these tolerances are 6–8 times it.
	assert.InDelta(t, cfg.ELLRate, float64(ell)/n, 0.03, "ell")
	assert.InDelta(t, cfg.IEPRate, float64(iep)/n, 0.03, "iep")
	assert.InDelta(t, cfg.FRLRate, float64(frl)/n, 0.04, "frl")
	assert.InDelta(t, 2*cfg.ELLRate, float64(nonEnglish)/n, 0.05, "home language other than English")
	assert.Greater(t, langs["es"], langs["vi"], "Spanish is the most common other language")
	assert.GreaterOrEqual(t, len(langs), 5, "several home languages")

	// Families record needing an interpreter for a language no school
	// teaches; those who speak only Spanish need one where it is not
	// taught, which P5.language works out from the school's languages.
	needs, spanishOnly := 0, 0
	for _, f := range ds.Families {
		if f.NeedsInterpreter {
			needs++
			require.NotEmpty(t, f.Languages, f.ID)
			require.NotContains(t, []model.Language{"en", "es"}, f.Languages[0], f.ID)
		}
		if len(f.Languages) == 1 && f.Languages[0] == "es" {
			spanishOnly++
		}
	}
	assert.Positive(t, needs)
	assert.Positive(t, spanishOnly)
}

func count(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestCompliantDistrictKeepsThePractices(t *testing.T) {
	cfg := medium()
	cfg.Deviations = synth.Compliant()
	ds := build(t, cfg, 5)
	require.Empty(t, detect(ds))

	x := model.NewIndex(ds)
	loc := ds.Calendar.Location()
	completed, firsts, seconds := 0, 0, 0
	for _, v := range ds.Visits {
		if v.Status != model.Completed {
			continue
		}
		completed++
		assert.GreaterOrEqual(t, v.Duration, model.Duration(25*time.Minute), v.ID)
		assert.LessOrEqual(t, v.Duration, model.Duration(45*time.Minute), v.ID)
		assert.GreaterOrEqual(t, v.Start.Sub(v.ArrangedAt), 24*time.Hour, "%s arranged a day ahead", v.ID)
		if k := v.Location.Kind; k == model.AtSchool || k == model.OtherLocation {
			assert.Equal(t, model.ByFamily, v.Location.RequestedBy, v.ID)
		}
		require.NotNil(t, v.Reflection, v.ID)
		if len(v.Reflection.By) > 0 {
			assert.ElementsMatch(t, v.Visitors, v.Reflection.By, v.ID)
		}
		season := ds.Calendar.Season(ds.Year, model.DateOf(v.Start.In(loc)))
		switch v.Kind {
		case model.FirstVisit:
			firsts++
			assert.Contains(t, v.Topics, model.Topic{Kind: model.HopesAndDreams, RaisedBy: model.ByEducator}, v.ID)
		case model.SecondVisit:
			seconds++
			assert.Contains(t, []model.Season{model.Winter, model.Spring}, season, v.ID)
			assert.Contains(t, v.Topics, model.Topic{Kind: model.Academics, RaisedBy: model.ByEducator}, v.ID)
			require.NotNil(t, v.ReferencesFirst, v.ID)
			assert.True(t, *v.ReferencesFirst, v.ID)
		}
		// Pay follows the calendar: minutes outside each visitor's day.
		require.Len(t, v.Compensation, len(v.Visitors), v.ID)
		for _, c := range v.Compensation {
			e, _ := x.Educator(c.Educator)
			want := ds.Calendar.MinutesOutsideWorkingDay(ds.Year, indexview.WorkingHours(x, e), v.Start, time.Duration(v.Duration))
			require.Equal(t, want, c.MinutesOutside, "%s %s", v.ID, c.Educator)
			if c.AmountCents > 0 {
				assert.Equal(t, (int64(want)*ds.Policy.CertificatedRateCents+59)/60, c.AmountCents, "%s %s", v.ID, c.Educator)
			}
		}
	}
	assert.Greater(t, firsts, 2*seconds, "second visits are fewer")
	assert.Positive(t, seconds)

	// Every student's first visit takes place in summer or fall.
	for _, v := range ds.Visits {
		if v.Status == model.Completed && v.Kind == model.FirstVisit {
			s := ds.Calendar.Season(ds.Year, model.DateOf(v.Start.In(loc)))
			assert.Contains(t, []model.Season{model.Summer, model.Fall}, s, v.ID)
		}
	}

	// Every school has a celebration, the district a visibility event.
	levels := map[model.EventLevel]int{}
	for _, e := range ds.Events {
		levels[e.Level]++
	}
	assert.GreaterOrEqual(t, levels[model.SchoolLevel], cfg.Schools)
	assert.Equal(t, 1, levels[model.DistrictLevel])
}

func TestEachDeviationShows(t *testing.T) {
	cfg := medium()
	cfg.Deviations = synth.Deviations{
		Solo: 0.05, DropIn: 0.05, Untrained: 0.05, NotOptedIn: 0.05, NoConsent: 0.05, AfterDecline: 0.05,
		AgendaOnFirst: 0.05, NoReflection: 0.05, Unpaid: 0.05, Targeted: 0.05, Mandate: 0.05,
	}
	rules := cfg.Deviations.ByRule()
	require.Len(t, rules, 11)
	found := detect(build(t, cfg, 2))
	for rule := range rules {
		assert.Positive(t, found[rule], rule)
	}
}

// TestDeviationsAreIsolated plants one deviation at a time, with no
// everyday lapses, and expects its rule and the rules it implies
// (RULES.md, "Implied rules") and no other.
func TestDeviationsAreIsolated(t *testing.T) {
	implied := map[string][]string{
		"P1.arranged-in-advance": {"P1.notice"},
		"P1.declined-respected":  {"P1.family-consent"},
	}
	for i, name := range deviationNames {
		t.Run(name, func(t *testing.T) {
			cfg := medium()
			cfg.Schools = 10
			cfg.Deviations = synth.Compliant()
			*deviationRates(&cfg.Deviations)[i] = 0.1
			rules := cfg.Deviations.ByRule()
			require.Len(t, rules, 1)
			found := detect(build(t, cfg, 4))
			for rule := range rules {
				require.Positive(t, found[rule], rule)
				for _, id := range implied[rule] {
					delete(found, id)
				}
				delete(found, rule)
			}
			if name == "Targeted" {
				// An English-learner list is also a skewed one.
				delete(found, "P4.cross-section")
				delete(found, "P4.cross-section (visited)")
			}
			require.Empty(t, found)
		})
	}
}

// TestLapsesAreAdvisories: the everyday lapses break only advisories.
func TestLapsesAreAdvisories(t *testing.T) {
	cfg := medium()
	cfg.Deviations = synth.Deviations{Lapses: 1}
	found := detect(build(t, cfg, 4))
	advisories := []string{"R.coordinator-not-principal", "P2.refresher", "P3.first-visit-season",
		"P3.second-visit-offered", "P3.follow-up", "P5.bias-reflection", "P5.teacher-on-visit",
		"R.school-celebration", "P3.location"}
	for rule := range found {
		require.Contains(t, advisories, rule)
	}
	for _, rule := range []string{"P2.refresher", "P3.second-visit-offered", "P3.follow-up", "P5.bias-reflection"} {
		require.Positive(t, found[rule], rule)
	}
}

func TestDefaultConfigShowsSomeFindings(t *testing.T) {
	found := detect(build(t, synth.DefaultConfig(), 1))
	for rule := range synth.DefaultConfig().Deviations.ByRule() {
		assert.Positive(t, found[rule], rule)
	}
}

func TestContacts(t *testing.T) {
	cfg := synth.DefaultConfig()
	cfg.Contacts = true
	ds := build(t, cfg, 1)
	require.NotNil(t, ds.Contacts)
	require.NoError(t, ds.Validate())
	assert.Len(t, ds.Contacts.Families, len(ds.Families))
	assert.Len(t, ds.Contacts.Students, len(ds.Students))
	assert.Len(t, ds.Contacts.Educators, len(ds.Educators))
	for _, f := range ds.Contacts.Families {
		require.NotEmpty(t, f.Guardians, f.Family)
		require.True(t, strings.Contains(f.Phone, "-555-01"), "fictional number %q", f.Phone)
	}
	// Contacts change nothing else.
	cfg.Contacts = false
	without := build(t, cfg, 1)
	ds.Contacts = nil
	require.Equal(t, without, ds)
}

func TestConfigValidate(t *testing.T) {
	for _, c := range []synth.Config{synth.DefaultConfig(), synth.NationalConfig()} {
		require.NoError(t, c.Validate())
	}
	cases := []struct {
		field  string
		modify func(*synth.Config)
	}{
		{"Schools", func(c *synth.Config) { c.Schools = 0 }},
		{"Schools", func(c *synth.Config) { c.Schools = 10000 }},
		{"StudentsPerSchool", func(c *synth.Config) { c.StudentsPerSchool = -5 }},
		{"EducatorsPerSchool", func(c *synth.Config) { c.EducatorsPerSchool = 2 }},
		{"ClassSize", func(c *synth.Config) { c.ClassSize = 0 }},
		{"Year.ID", func(c *synth.Config) { c.Year = model.SchoolYear{} }},
		{"Year.FirstDay", func(c *synth.Config) { c.Year.FirstDay = model.NewDate(2025, time.January, 6) }},
		{"Year.LastDay", func(c *synth.Config) { c.Year.LastDay = model.NewDate(2026, time.December, 18) }},
		{"Year.SummerStart", func(c *synth.Config) { c.Year.SummerStart = c.Year.FirstDay.AddDays(-3) }},
		{"TimeZone", func(c *synth.Config) { c.TimeZone = "Mars/Olympus_Mons" }},
		{"TimeZone", func(c *synth.Config) { c.TimeZone = "" }},
		{"SchoolHours", func(c *synth.Config) { c.SchoolHours.End = c.SchoolHours.Start }},
		{"ELLRate", func(c *synth.Config) { c.ELLRate = -0.1 }},
		{"FRLRate", func(c *synth.Config) { c.FRLRate = 1.5 }},
		{"OptInRate", func(c *synth.Config) { c.OptInRate = math.NaN() }},
		{"AcceptRate", func(c *synth.Config) { c.AcceptRate = -1 }},
		{"Deviations.Solo", func(c *synth.Config) { c.Deviations.Solo = -0.01 }},
		{"Deviations.Mandate", func(c *synth.Config) { c.Deviations.Mandate = 2 }},
	}
	for _, tc := range cases {
		t.Run(tc.field, func(t *testing.T) {
			cfg := synth.DefaultConfig()
			tc.modify(&cfg)
			err := cfg.Validate()
			require.Error(t, err)
			require.ErrorIs(t, err, synth.ErrConfig)
			ce, ok := errors.AsType[*synth.ConfigError](err)
			require.True(t, ok)
			assert.Equal(t, tc.field, ce.Field)
			assert.Contains(t, err.Error(), "Config."+tc.field)

			ds, err2 := synth.District(cfg, 1)
			require.Nil(t, ds)
			require.Equal(t, err.Error(), err2.Error())
		})
	}

	// Every bad field is reported, not only the first.
	cfg := synth.DefaultConfig()
	cfg.Schools, cfg.Deviations.Unpaid = 0, -1
	err := cfg.Validate()
	assert.ErrorContains(t, err, "Config.Schools")
	assert.ErrorContains(t, err, "Config.Deviations.Unpaid")
}

func configGen() *rapid.Generator[synth.Config] {
	return rapid.Custom(func(t *rapid.T) synth.Config {
		c := synth.DefaultConfig()
		c.Schools = rapid.IntRange(1, 5).Draw(t, "schools")
		c.StudentsPerSchool = rapid.IntRange(1, 150).Draw(t, "students")
		c.EducatorsPerSchool = rapid.IntRange(3, 15).Draw(t, "educators")
		c.ClassSize = rapid.IntRange(1, 40).Draw(t, "classSize")
		first := model.NewDate(2025, time.July, 1).AddDays(rapid.IntRange(0, 91).Draw(t, "firstDay"))
		last := model.NewDate(2026, time.May, 1).AddDays(rapid.IntRange(0, 60).Draw(t, "lastDay"))
		c.Year = model.NewSchoolYear(first, last)
		c.TimeZone = rapid.SampledFrom([]string{"America/Los_Angeles", "America/New_York", "Pacific/Honolulu", "America/Anchorage", "UTC"}).Draw(t, "tz")
		rate := rapid.Float64Range(0, 1)
		c.ELLRate = rate.Draw(t, "ell")
		c.IEPRate = rate.Draw(t, "iep")
		c.FRLRate = rate.Draw(t, "frl")
		c.OptInRate = rate.Draw(t, "optIn")
		c.InviteShare = rate.Draw(t, "invite")
		c.AcceptRate = rate.Draw(t, "accept")
		c.SecondVisitRate = rate.Draw(t, "second")
		c.Contacts = rapid.Bool().Draw(t, "contacts")
		c.Deviations = synth.Compliant()
		if rapid.Bool().Draw(t, "deviate") {
			c.Deviations = synth.Deviations{
				Solo: rate.Draw(t, "solo"), DropIn: rate.Draw(t, "dropIn"), Untrained: rate.Draw(t, "untrained"),
				NotOptedIn: rate.Draw(t, "notOptedIn"), NoConsent: rate.Draw(t, "noConsent"),
				AfterDecline: rate.Draw(t, "afterDecline"), AgendaOnFirst: rate.Draw(t, "agenda"),
				NoReflection: rate.Draw(t, "noReflection"), Unpaid: rate.Draw(t, "unpaid"),
				Targeted: rate.Draw(t, "targeted"), Mandate: rate.Draw(t, "mandate"),
			}
		}
		return c
	})
}

func TestDistrictProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := configGen().Draw(t, "cfg")
		seed := rapid.Uint64().Draw(t, "seed")
		ds, err := synth.District(cfg, seed)
		require.NoError(t, err)
		require.NoError(t, ds.Validate())
		require.Len(t, ds.Schools, cfg.Schools)
		require.GreaterOrEqual(t, len(ds.Students), cfg.Schools)
		require.Equal(t, cfg.Contacts, ds.Contacts != nil)
		coherent(t, ds)
		if cfg.Deviations == synth.Compliant() {
			found := detect(ds)
			// detect audits with selection.Audit, which tests every
			// category apart; RULES.md pools those held by fewer than
			// MinCellSize families. In a school of a few dozen families
			// one invited or visited family of a rare language reads as
			// skewed to the one and not to the other.
			delete(found, "P4.cross-section")
			delete(found, "P4.cross-section (visited)")
			require.Empty(t, found)
		}
		again, err := synth.District(cfg, seed)
		require.NoError(t, err)
		require.Equal(t, encode(t, ds), encode(t, again))
	})
}

// coherent checks that the records of ds tell a story that can have
// happened: answers after invitations, visits arranged before they start,
// reflections after visits, follow-up after a first visit, nothing
// completed after a withdrawal, second visits a MinGap after the first.
func coherent(t require.TestingT, ds *model.Dataset) {
	loc := ds.Calendar.Location()
	for _, inv := range ds.Invitations {
		if !inv.RespondedAt.IsZero() {
			require.False(t, inv.RespondedAt.Before(inv.SentAt), "%s answered before it was sent", inv.ID)
		}
		for _, at := range inv.ContactAttempts {
			require.True(t, at.After(inv.SentAt), inv.ID)
		}
	}
	withdrawn := map[model.FamilyID]time.Time{}
	for _, w := range ds.Withdrawals {
		withdrawn[w.Family] = w.At
	}
	var firstDone []model.Visit
	done := map[model.FamilyID]time.Time{}
	for _, v := range ds.Visits {
		require.True(t, ds.Year.Contains(model.DateOf(v.Start.In(loc))), "%s on %s is within the year", v.ID, v.Start)
		require.NotEmpty(t, v.Students, v.ID)
		require.NotEmpty(t, v.Visitors, v.ID)
		if !v.ArrangedAt.IsZero() {
			require.False(t, v.ArrangedAt.After(v.Start), "%s arranged after its start", v.ID)
		}
		for _, r := range v.Reschedules {
			require.False(t, r.At.After(v.ArrangedAt), v.ID)
			require.True(t, r.FromStart.After(r.At), v.ID)
			require.False(t, r.FromStart.Equal(v.Start), v.ID)
		}
		if v.Status != model.Completed {
			require.Nil(t, v.Reflection, v.ID)
			continue
		}
		require.NotNil(t, v.Reflection, v.ID)
		require.True(t, v.Reflection.At.After(v.End()), "%s reflected before it ended", v.ID)
		if at, ok := withdrawn[v.Family]; ok {
			require.True(t, v.Start.Before(at), "%s completed after the family withdrew", v.ID)
		}
		firstDone = append(firstDone, v)
		if at, ok := done[v.Family]; !ok || v.End().Before(at) {
			done[v.Family] = v.End()
		}
	}
	// Each student's second visit comes at least MinGap after its first.
	x := model.NewIndex(ds)
	byFamily := map[model.FamilyID][]*model.Visit{}
	for i := range firstDone {
		v := &firstDone[i]
		byFamily[v.Family] = append(byFamily[v.Family], v)
	}
	for f, vs := range byFamily {
		var students []model.StudentID
		for _, st := range x.StudentsOf(f) {
			students = append(students, st.ID)
		}
		l := model.NewLifecycle(students, vs)
		for k := range l.Keys {
			if l.Second[k] < 0 {
				continue
			}
			first, second := l.Visits[l.First[k]], l.Visits[l.Second[k]]
			require.Equal(t, model.FirstVisit, first.Kind, first.ID)
			require.Equal(t, model.SecondVisit, second.Kind, second.ID)
			require.GreaterOrEqual(t, model.DateOf(second.Start.In(loc)).DaysSince(model.DateOf(first.Start.In(loc))), int(ds.Policy.MinGap), second.ID)
		}
	}
	for _, m := range ds.Communications {
		at, ok := done[m.Family]
		require.True(t, ok, "%s follows a visit", m.ID)
		require.True(t, m.At.After(at), "%s follows the first visit", m.ID)
	}
}

// TestRecordsShareNoMemory guards the arenas: changing one record, or
// appending to one of its lists, never changes another.
func TestRecordsShareNoMemory(t *testing.T) {
	ds := build(t, synth.DefaultConfig(), 1)
	grades := map[*model.Grade]bool{}
	for _, c := range ds.Classes {
		require.False(t, grades[c.Grade], "%s shares its grade", c.ID)
		grades[c.Grade] = true
	}
	ptrs := map[any]bool{}
	for _, v := range ds.Visits {
		for _, p := range []any{v.Reflection, v.ReferencesFirst} {
			if !reflectNil(p) {
				require.False(t, ptrs[p], "%s shares a pointer", v.ID)
				ptrs[p] = true
			}
		}
		if v.Reflection != nil && v.Reflection.CoveredBias != nil {
			require.False(t, ptrs[v.Reflection.CoveredBias], v.ID)
			ptrs[v.Reflection.CoveredBias] = true
		}
	}
	// Lists cut from a shared chunk have their capacity capped, so an
	// append reallocates instead of writing over a neighbour.
	for _, st := range ds.Students {
		require.Equal(t, len(st.Classes), cap(st.Classes), st.ID)
		require.Equal(t, len(st.Teachers), cap(st.Teachers), st.ID)
	}
	for _, v := range ds.Visits {
		require.Equal(t, len(v.Visitors), cap(v.Visitors), v.ID)
		require.Equal(t, len(v.Students), cap(v.Students), v.ID)
		require.Equal(t, len(v.Topics), cap(v.Topics), v.ID)
		require.Equal(t, len(v.Compensation), cap(v.Compensation), v.ID)
	}
	for _, f := range ds.Families {
		require.Equal(t, len(f.Languages), cap(f.Languages), f.ID)
	}
}

func reflectNil(p any) bool {
	switch p := p.(type) {
	case *model.Reflection:
		return p == nil
	case *bool:
		return p == nil
	}
	return p == nil
}
