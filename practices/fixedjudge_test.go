package practices

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/synth"
)

// TestPropSpeaksInstructionAgreesWithLanguagesNeeded: the common case by
// which P5.language's judge finds a family no unit never says so of a
// family that model.LanguagesNeeded, on the union of the schools'
// languages of instruction, finds needing another language — whatever
// the case and subtags of the languages, and for a unit of no school.
func TestPropSpeaksInstructionAgreesWithLanguagesNeeded(t *testing.T) {
	tags := []model.Language{"en", "EN", "en-US", "es", "es-MX", "ES", "fr", "hmn", "so"}
	langs := rapid.SliceOfN(rapid.SampledFrom(tags), 0, 3)
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 4).Draw(t, "schools")
		p := &Program{schools: make([]model.SchoolID, n), languages: make([][]model.Language, n+1)}
		for s := range p.languages {
			p.languages[s] = langs.Draw(t, "instruction")
			if len(p.languages[s]) == 0 {
				p.languages[s] = []model.Language{"en"} // model.InstructionLanguages never gives none
			}
		}
		var cols []int32
		for s := range n {
			if rapid.Bool().Draw(t, "listed") {
				cols = append(cols, int32(s))
			}
		}
		f := &model.Family{Languages: langs.Draw(t, "family"), NeedsInterpreter: rapid.Bool().Draw(t, "interpreter")}
		needs, _ := model.LanguagesNeeded(f, p.instructionLanguages(cols))
		// The common case is only one where the family is no unit.
		if p.speaksInstruction(f, cols) {
			require.NotEmpty(t, f.Languages)
			require.False(t, needs, "family %v, instruction %v", f.Languages, p.instructionLanguages(cols))
		}
		// Every family that names a language of instruction exactly, and
		// records no need of an interpreter, is the common case.
		exact := slices.ContainsFunc(f.Languages, func(l model.Language) bool { return slices.Contains(p.instructionLanguages(cols), l) })
		require.Equal(t, exact && !f.NeedsInterpreter, p.speaksInstruction(f, cols))
	})
}

// TestPropFrequentMessagesAsFormatted: the findings the visit judges write
// by concatenation, because Prepare writes thousands of them a national
// year, read exactly as fail formats them, for any ids and date.
func TestPropFrequentMessagesAsFormatted(t *testing.T) {
	id := rapid.StringMatching(`[A-Za-z0-9%_-]{0,8}`)
	rapid.Check(t, func(t *rapid.T) {
		start := time.Date(rapid.IntRange(1990, 2040).Draw(t, "year"), time.Month(rapid.IntRange(1, 12).Draw(t, "month")),
			rapid.IntRange(1, 28).Draw(t, "day"), 18, 0, 0, 0, time.UTC)
		v := &model.Visit{ID: model.VisitID(id.Draw(t, "visit")), Start: start, ArrangedAt: start.Add(time.Hour),
			Topics:   []model.Topic{{Kind: model.TopicKind(id.Draw(t, "topic")), RaisedBy: model.ByEducator}},
			Location: model.Location{Kind: model.AtSchool, RequestedBy: model.Party(id.Draw(t, "requester") + "x")}}
		year := model.SchoolYearID(id.Draw(t, "schoolYear"))
		ed := model.EducatorID(id.Draw(t, "educator"))
		v.Visitors = []model.EducatorID{ed} // the visit records its one educator, as booking.ids has it
		minutes := rapid.IntRange(1, 600).Draw(t, "minutes")
		c := &visitCtx{visitFacts: &visitFacts{booking: booking{v: v, yearID: year, date: model.DateOf(start), first: true,
			ids: []model.EducatorID{ed}, eds: []*model.Educator{nil},
			consent: consentOf([]model.ConsentChange{{At: start.Add(-time.Hour), Response: model.Declined, Year: year}}, year, v)}}}
		date := c.date
		want := func(format string, args ...any) string { return fmt.Sprintf(format, args...) }
		check := func(got verdict, format string, args ...any) {
			require.Equal(t, failed, got.outcome)
			require.Equal(t, want(format, args...), got.message)
		}
		check(familyConsent(c), "Visit %s on %s has no family agreement for this school year before it: no accepted invitation or family request covering its students; visits are voluntary for families", v.ID, date)
		check(declinedRespected(c), "Visit %s on %s comes after the family declined or withdrew, with no later acceptance; respect a family's refusal", v.ID, date)
		check(arrangedInAdvance(c), "Visit %s on %s was not arranged before its start (a drop-in); visits are appointments arranged in advance", v.ID, date)
		check(educatorConsent(c, 0), "Educator %s on visit %s (%s) is unknown: the program has no record of them, so no opt-in for %s; visits are voluntary for educators", ed, v.ID, date, year)
		check(trained(c, 0), "Educator %s on visit %s (%s) is unknown: the program has no record of them, so no PTHV training completed before that day", ed, v.ID, date)
		check(pair(c), "Visit %s on %s has %s; educators visit in pairs", v.ID, date, educatorCount(1))
		check(firstVisitNoAgenda(withAgenda(c)), "First visit %s on %s: the educators bring %s; a first visit is about relationships, hopes and dreams", v.ID, date, v.Topics[0].Kind)
		check(location(c), "Visit %s on %s is at %s at the %s's request; meet at home or a public place, or where the family asks", v.ID, date, v.Location.Kind, v.Location.RequestedBy)
		c.eds[0] = &model.Educator{ID: ed, Role: model.Certificated}
		c.pay = []visitorPay{{minutes: minutes, known: true}}
		check(educatorConsent(c, 0), "Educator %s is on visit %s (%s) without opting in for %s; visits are voluntary for educators", ed, v.ID, date, year)
		check(trained(c, 0), "Educator %s is on visit %s (%s) without PTHV training completed before that day", ed, v.ID, date)
		check(compensated(c, 0), "Educator %s spent %d minutes outside the working day on visit %s (%s) with no pay or stipend recorded", ed, minutes, v.ID, date)
		c.p = &Program{seasons: model.Calendar{}.YearSeasons(model.SchoolYear{ID: year, FirstDay: date.AddDays(-400), LastDay: date.AddDays(-300)})}
		// After the year's last day: summer, out of a second visit's seasons.
		check(inSeason(c, "Second", model.Winter, model.Spring, "second visits belong in winter or spring"), "%s visit %s took place on %s, in %s; %s",
			"Second", v.ID, date, c.p.seasons.Of(date), "second visits belong in winter or spring")
		// A student listed whose one teacher is not on the visit.
		c.p.ds = &model.Dataset{Students: []model.Student{{Teachers: []model.EducatorID{"a teacher not on the visit"}}}}
		c.fam, c.concerned, v.Students = &familyFacts{}, []int32{0}, []model.StudentID{"S"}
		check(teacherOnVisit(c), "Visit %s on %s had none of the student's teachers; visits pair the child's teacher with a trusted colleague", v.ID, date)
		// The dynamic rules' findings, written by Prepare for every completed
		// visit under the dataset's policy.
		within := model.Days(rapid.IntRange(1, 30).Draw(t, "within"))
		gap := time.Duration(rapid.IntRange(0, 48*60).Draw(t, "gapMinutes")) * time.Minute
		c.pol = &model.Policy{MinNotice: model.Duration(gap + time.Hour), ReflectWithin: within}
		c.asOf, v.ArrangedAt, c.p.reflectWithin = start.AddDate(1, 0, 0), start.Add(-gap), within
		check(notice(c), "Visit %s on %s was arranged %s before it started; give families at least %s notice", v.ID, date, roundDuration(gap), c.pol.MinNotice)
		check(reflectedTogether(c), "Visit %s on %s had no partner to reflect with; visitors reflect together afterwards", v.ID, date)
		c.ids = append(c.ids, "a second visitor")
		c.p.recordsReflections, c.p.reflectedTogether = []bool{true}, []bool{false}
		check(reflectedTogether(c), "Visit %s on %s has no reflection recorded within %s", v.ID, date, within)
		covered := false
		v.Reflection = &model.Reflection{At: start, CoveredBias: &covered}
		check(reflectedTogether(c), "The reflection on visit %s (%s) names fewer than two of its visitors; the visitors reflect together", v.ID, date)
		check(biasReflection(c), "The reflection on visit %s (%s) did not cover the visitors' assumptions or biases", v.ID, date)
	})
}

// withAgenda returns c, whose visit's topic is an academic agenda the
// educators brought.
func withAgenda(c *visitCtx) *visitCtx {
	c.v.Topics[0].Kind = model.Academics
	return c
}

// TestPropTeachesStudentByPositionAgreesWithIDs: P5.teacher-on-visit's
// reading of the rosters by the positions validation found says what the
// comparison of the rosters' ids says, for every student a visit concerns
// and any visitors — the visit's own, or teachers of record and class
// teachers of its students.
func TestPropTeachesStudentByPositionAgreesWithIDs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := synth.DefaultConfig()
		cfg.Schools = rapid.IntRange(1, 3).Draw(t, "schools")
		cfg.StudentsPerSchool = rapid.IntRange(20, 120).Draw(t, "studentsPerSchool")
		ds, err := synth.District(cfg, rapid.Uint64().Draw(t, "seed"))
		require.NoError(t, err)
		p, err := Prepare(ds)
		require.NoError(t, err)
		require.True(t, p.byRefs, "a validated index has the references")
		byIDs := *p
		byIDs.byRefs = false
		for i := range p.visits {
			vf := &p.visits[i]
			ids, eds := vf.ids, vf.eds
			if len(ds.Educators) > 0 && rapid.Bool().Draw(t, "other visitors") {
				e := &ds.Educators[rapid.IntRange(0, len(ds.Educators)-1).Draw(t, "educator")]
				ids, eds = []model.EducatorID{e.ID}, []*model.Educator{e}
			}
			for _, k := range vf.concerned {
				teaches, roster := p.teachesStudent(ids, eds, int(k))
				wantTeaches, wantRoster := byIDs.teachesStudent(ids, eds, int(k))
				require.Equal(t, wantTeaches, teaches, "visit %d, student %d", i, k)
				require.Equal(t, wantRoster, roster, "visit %d, student %d", i, k)
			}
		}
	})
}
