package visitlog_test

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/interop/visitlog"
	"github.com/homevisits/pthv/model"
)

// roster loads the test roster: the OneRoster sample's schools, staff and
// families, with the staff opted in and trained, and no visits.
func roster(t testing.TB) *model.Dataset {
	t.Helper()
	f, err := os.Open("testdata/roster.json")
	require.NoError(t, err)
	defer f.Close()
	ds, err := model.DecodeDataset("roster.json", f)
	require.NoError(t, err)
	return ds
}

func sampleLog(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/visits.csv")
	require.NoError(t, err)
	return data
}

func readInto(t *testing.T, ds *model.Dataset, csv string) {
	t.Helper()
	require.NoError(t, visitlog.Read("visits.csv", strings.NewReader(csv), ds))
}

func TestReadSample(t *testing.T) {
	ds := roster(t)
	readInto(t, ds, string(sampleLog(t)))
	require.Len(t, ds.Visits, 8)
	require.NoError(t, ds.Validate())
	loc := ds.Calendar.Location()

	v := ds.Visits[0]
	assert.Equal(t, model.Visit{
		ID: "V-001", Family: "F-s-1001", Students: []model.StudentID{"s-1001", "s-1002"},
		Kind: model.FirstVisit, Status: model.Completed,
		Start:      time.Date(2025, 8, 26, 17, 30, 0, 0, loc),
		Duration:   model.Duration(40 * time.Minute),
		ArrangedAt: time.Date(2025, 8, 20, 10, 15, 0, 0, loc),
		Location:   model.Location{Kind: model.Home},
		Visitors:   []model.EducatorID{"t-101", "a-104"},
		Topics: []model.Topic{{Kind: model.HopesAndDreams, RaisedBy: model.ByEducator},
			{Kind: model.TalentsAndStrengths, RaisedBy: model.ByFamily}},
		Reflection: &model.Reflection{At: time.Date(2025, 8, 27, 15, 45, 0, 0, loc),
			By: []model.EducatorID{"t-101", "a-104"}, CoveredBias: new(true)},
		Compensation: []model.Compensation{
			{Educator: "t-101", MinutesOutside: 40, AmountCents: 2667, Source: model.TitleI},
			{Educator: "a-104", MinutesOutside: 40, AmountCents: 2667, Source: model.TitleI},
		},
	}, v)

	v2 := ds.Visits[1]
	assert.Equal(t, time.Date(2025, 9, 4, 0, 0, 0, 0, loc), v2.Reflection.At, "a reflection date alone is midnight")
	assert.Equal(t, model.Compensation{Educator: "t-103", MinutesOutside: 35, Stipend: true}, v2.Compensation[1])
	assert.Equal(t, model.Location{Kind: model.Library, RequestedBy: model.ByFamily}, v2.Location)
	assert.Equal(t, []model.Interpreter{{ID: "I-7", Languages: []model.Language{"ar"}}}, ds.Visits[3].Interpreters)
	assert.Equal(t, model.ByFamily, ds.Visits[4].CancelledBy)
	assert.Zero(t, ds.Visits[4].Duration, "an empty duration is not recorded")
	assert.Equal(t, new(true), ds.Visits[5].ReferencesFirst)

	assert.Equal(t, []model.Rescheduling{{FromStart: time.Date(2025, 10, 7, 17, 0, 0, 0, loc), At: time.Date(2025, 10, 1, 12, 0, 0, 0, loc), By: model.ByFamily}},
		ds.Visits[3].Reschedules)
	assert.Equal(t, []model.Rescheduling{
		{FromStart: time.Date(2026, 2, 3, 17, 15, 0, 0, loc), At: time.Date(2026, 1, 20, 9, 0, 0, 0, loc)},
		{FromStart: time.Date(2026, 2, 5, 17, 15, 0, 0, loc), At: time.Date(2026, 1, 28, 11, 0, 0, 0, loc), By: model.ByEducator},
	}, ds.Visits[5].Reschedules, "oldest first; who asked is left out when not recorded")

	last := ds.Visits[7]
	assert.Equal(t, model.Visit{ID: "V-008", Family: "F-s-1009", Students: []model.StudentID{"s-1009"},
		Kind: model.FirstVisit, Status: model.Proposed, Start: time.Date(2026, 3, 3, 17, 0, 0, 0, loc),
		Visitors: []model.EducatorID{"t-102"}}, last, "empty cells stay unrecorded")
}

// TestSampleRoundTrip: CSV → dataset → CSV gives the same bytes.
func TestSampleRoundTrip(t *testing.T) {
	ds := roster(t)
	want := sampleLog(t)
	readInto(t, ds, string(want))
	var got bytes.Buffer
	require.NoError(t, visitlog.Write(&got, ds))
	assert.Equal(t, string(want), got.String())
}

// visitsGen draws visits over the roster with every field the visit log
// carries, ids that need the formula guard included.
func visitsGen(ds *model.Dataset) *rapid.Generator[[]model.Visit] {
	loc := ds.Calendar.Location()
	var staff []model.EducatorID
	for _, e := range ds.Educators {
		staff = append(staff, e.ID)
	}
	studentsOf := map[model.FamilyID][]model.StudentID{}
	for _, s := range ds.Students {
		studentsOf[s.Family] = append(studentsOf[s.Family], s.ID)
	}
	var families []model.FamilyID
	for _, f := range ds.Families {
		families = append(families, f.ID)
	}
	idGen := rapid.Custom(func(t *rapid.T) string {
		prefix := rapid.SampledFrom([]string{"", "", "=", "+", "-", "@", "'", "\t", "'="}).Draw(t, "prefix")
		return prefix + rapid.StringMatching(`[A-Za-z0-9][A-Za-z0-9 ,."_-]{0,8}[A-Za-z0-9]`).Draw(t, "id")
	})
	opt := func(t *rapid.T, label string, values ...string) string {
		return rapid.SampledFrom(append([]string{""}, values...)).Draw(t, label)
	}
	subset := func(t *rapid.T, label string, from []model.EducatorID, min int) []model.EducatorID {
		out := rapid.SliceOfNDistinct(rapid.SampledFrom(from), min, 4, rapid.ID).Draw(t, label)
		if len(out) == 0 {
			return nil
		}
		return out
	}
	when := func(t *rapid.T, label string, minuteOnly bool) time.Time {
		if rapid.IntRange(0, 19).Draw(t, label+".repeated hour?") == 0 {
			// 01:00–01:59 on 2 November 2025 happens twice in Los Angeles.
			first := time.Date(2025, 11, 2, 8, rapid.IntRange(0, 59).Draw(t, label+".minute"), 0, 0, time.UTC).In(loc)
			return first.Add(time.Duration(rapid.IntRange(0, 1).Draw(t, label+".second time?")) * time.Hour)
		}
		day := model.NewDate(2025, time.June, 1).AddDays(rapid.IntRange(0, 400).Draw(t, label+".day"))
		h, m := rapid.IntRange(6, 21).Draw(t, label+".hour"), rapid.IntRange(0, 59).Draw(t, label+".minute")
		s := 0
		if !minuteOnly && rapid.IntRange(0, 9).Draw(t, label+".seconds?") == 0 {
			s = rapid.IntRange(1, 59).Draw(t, label+".second")
		}
		return time.Date(day.Year(), day.Month(), day.Day(), h, m, s, 0, loc)
	}
	flag := func(t *rapid.T, label string) *bool {
		switch rapid.IntRange(0, 2).Draw(t, label) {
		case 1:
			return new(true)
		case 2:
			return new(false)
		}
		return nil
	}
	visit := rapid.Custom(func(t *rapid.T) model.Visit {
		fam := rapid.SampledFrom(families).Draw(t, "family")
		v := model.Visit{
			ID:          model.VisitID(idGen.Draw(t, "visit")),
			Family:      fam,
			Kind:        model.VisitKind(opt(t, "kind", "first", "second", "other")),
			Status:      model.VisitStatus(rapid.SampledFrom([]string{"proposed", "scheduled", "completed", "cancelled", "no-show"}).Draw(t, "status")),
			CancelledBy: model.Party(opt(t, "cancelled_by", "family", "educator", "school")),
			Start:       when(t, "start", false),
			Location: model.Location{Kind: model.LocationKind(opt(t, "location", "home", "library", "park", "cafe", "school", "other")),
				RequestedBy: model.Party(opt(t, "requested_by", "family", "educator", "school"))},
			Visitors:        subset(t, "visitors", staff, 0),
			ReferencesFirst: flag(t, "references_first"),
		}
		if kids := rapid.SliceOfNDistinct(rapid.SampledFrom(studentsOf[fam]), 0, 3, rapid.ID).Draw(t, "students"); len(kids) > 0 {
			v.Students = kids
		}
		switch rapid.IntRange(0, 3).Draw(t, "duration kind") {
		case 1, 2:
			v.Duration = model.Duration(time.Duration(rapid.IntRange(1, 180).Draw(t, "minutes")) * time.Minute)
		case 3:
			v.Duration = model.Duration(time.Duration(rapid.IntRange(1, 10_000).Draw(t, "seconds")) * time.Second)
		}
		if rapid.Bool().Draw(t, "arranged?") {
			v.ArrangedAt = when(t, "arranged", false)
		}
		for range rapid.IntRange(0, 2).Draw(t, "reschedules") {
			v.Reschedules = append(v.Reschedules, model.Rescheduling{
				FromStart: when(t, "moved from", false), At: when(t, "moved on", false),
				By: model.Party(opt(t, "moved by", "family", "educator", "school")),
			})
		}
		for range rapid.IntRange(0, 2).Draw(t, "interpreters") {
			in := model.Interpreter{ID: model.InterpreterID(opt(t, "interpreter", "I-1", "I-2"))}
			if rapid.Bool().Draw(t, "staff interpreter?") {
				in.Educator = rapid.SampledFrom(staff).Draw(t, "interpreter educator")
			}
			if langs := rapid.SliceOfNDistinct(rapid.SampledFrom([]model.Language{"es", "hmn", "vi", "ar"}), 0, 2, rapid.ID).Draw(t, "languages"); len(langs) > 0 {
				in.Languages = langs
			}
			if in.ID == "" && in.Educator == "" && in.Languages == nil {
				in.ID = "I-3"
			}
			v.Interpreters = append(v.Interpreters, in)
		}
		for range rapid.IntRange(0, 3).Draw(t, "topics") {
			v.Topics = append(v.Topics, model.Topic{
				Kind:     model.TopicKind(rapid.SampledFrom([]string{"hopes-and-dreams", "relationship", "academics", "behavior", "family-concern", "other"}).Draw(t, "topic")),
				RaisedBy: model.Party(opt(t, "raised_by", "family", "educator")),
			})
		}
		if rapid.Bool().Draw(t, "reflection?") {
			ref := &model.Reflection{At: when(t, "reflected", false), By: subset(t, "reflected_by", staff, 0), CoveredBias: flag(t, "bias")}
			if rapid.Bool().Draw(t, "date only?") {
				y, m, d := ref.At.Date()
				ref.At = time.Date(y, m, d, 0, 0, 0, 0, loc)
			}
			v.Reflection = ref
		}
		for _, e := range subset(t, "paid", staff, 0) {
			c := model.Compensation{Educator: e, MinutesOutside: rapid.IntRange(0, 240).Draw(t, "minutes_outside"),
				AmountCents: int64(rapid.IntRange(0, 20_000).Draw(t, "cents")),
				Source:      model.FundingSource(opt(t, "source", "district", "title-i", "foundation", "union", "other")),
				Stipend:     rapid.Bool().Draw(t, "stipend")}
			v.Compensation = append(v.Compensation, c)
		}
		return v
	})
	return rapid.SliceOfNDistinct(visit, 0, 12, func(v model.Visit) model.VisitID { return v.ID })
}

// TestRoundTrip: any dataset's visits write to a log that reads back to
// the same visits, and writing those again gives the same bytes.
func TestRoundTrip(t *testing.T) {
	base := roster(t)
	gen := visitsGen(base)
	rapid.Check(t, func(t *rapid.T) {
		ds := *base
		ds.Visits = gen.Draw(t, "visits")
		require.NoError(t, ds.Validate())
		var first bytes.Buffer
		require.NoError(t, visitlog.Write(&first, &ds))

		back := *base
		require.NoError(t, visitlog.Read("visits.csv", bytes.NewReader(first.Bytes()), &back))
		if len(ds.Visits) == 0 {
			require.Empty(t, back.Visits)
		} else {
			require.Equal(t, ds.Visits, back.Visits)
		}
		var second bytes.Buffer
		require.NoError(t, visitlog.Write(&second, &back))
		require.Equal(t, first.String(), second.String())
	})
}

func TestColumnOrderAndNames(t *testing.T) {
	want := roster(t)
	readInto(t, want, string(sampleLog(t)))

	// Reverse the columns and write the headers as a person would.
	rows := parseCSV(t, string(sampleLog(t)))
	for i := range rows {
		slices.Reverse(rows[i])
	}
	for j, h := range rows[0] {
		rows[0][j] = strings.ToUpper(strings.ReplaceAll(h, "_", " "))
	}
	rows[0] = append(rows[0], "Notes")
	for i := 1; i < len(rows); i++ {
		rows[i] = append(rows[i], "free text is skipped, never read")
	}
	got := roster(t)
	readInto(t, got, writeCSV(t, rows))
	assert.Equal(t, want.Visits, got.Visits)

	var out bytes.Buffer
	require.NoError(t, visitlog.Write(&out, got))
	assert.Equal(t, string(sampleLog(t)), out.String(), "written back in the canonical column order")
}

// TestMissingColumns: what a sheet does not record stays unrecorded.
func TestMissingColumns(t *testing.T) {
	ds := roster(t)
	readInto(t, ds, "Visit ID,Students,Status,Date,Start\r\nV-1,s-1001;s-1002,completed,2025-09-02,16:00\r\n")
	require.Len(t, ds.Visits, 1)
	assert.Equal(t, model.Visit{ID: "V-1", Family: "F-s-1001", Students: []model.StudentID{"s-1001", "s-1002"},
		Status: model.Completed, Start: time.Date(2025, 9, 2, 16, 0, 0, 0, ds.Calendar.Location())}, ds.Visits[0],
		"the family comes from the students; nothing else is invented")
}

// TestMergeKeepsWhatTheSheetLacks: a row for a visit the dataset has
// replaces the fields of the sheet's columns and keeps the rest.
func TestMergeKeepsWhatTheSheetLacks(t *testing.T) {
	ds := roster(t)
	readInto(t, ds, string(sampleLog(t)))
	loc := ds.Calendar.Location()
	ds.Visits[0].Reschedules = []model.Rescheduling{{At: time.Date(2025, 8, 15, 9, 0, 0, 0, loc), FromStart: time.Date(2025, 8, 25, 17, 30, 0, 0, loc), By: model.ByFamily}}
	before := ds.Visits[0]

	readInto(t, ds, "visit_id,family,status,date,start,duration\nV-001,,completed,2025-08-26,18:00,\nV-100,F-s-1003,scheduled,2025-10-01,16:00,30\n")
	require.Len(t, ds.Visits, 9)
	after := ds.Visits[0]
	assert.Equal(t, time.Date(2025, 8, 26, 18, 0, 0, 0, loc), after.Start)
	assert.Zero(t, after.Duration, "an empty cell clears the field")
	after.Start, after.Duration = before.Start, before.Duration
	assert.Equal(t, before, after, "reschedules, visitors, topics, reflection and pay are kept")
}

func TestReadLeavesDatasetAloneOnError(t *testing.T) {
	ds := roster(t)
	readInto(t, ds, string(sampleLog(t)))
	before := slices.Clone(ds.Visits)
	err := visitlog.Read("visits.csv", strings.NewReader("visit_id,status,date,start\nV-001,cancelled,2025-08-26,17:30\nV-009,done,2025-08-26,17:30\n"), ds)
	require.Error(t, err)
	assert.Equal(t, before, ds.Visits)
}

// TestFormulaGuard: cells that a spreadsheet would run as formulas are
// written with a leading ', and reading removes exactly that prefix.
func TestFormulaGuard(t *testing.T) {
	ds := roster(t)
	loc := ds.Calendar.Location()
	for i, id := range []string{"=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tTAB", "'quoted", "\rCR", "plain"} {
		_ = i
		ds.Visits = append(ds.Visits, model.Visit{ID: model.VisitID(id), Family: "F-s-1003", Status: model.Scheduled,
			Start: time.Date(2025, 10, 1, 16, 0, 0, 0, loc)})
	}
	var out bytes.Buffer
	require.NoError(t, visitlog.Write(&out, ds))
	rows := parseCSV(t, out.String())
	var firstCells []string
	for _, r := range rows[1:] {
		firstCells = append(firstCells, r[0])
	}
	assert.Equal(t, []string{"'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "'\tTAB", "''quoted", "'\rCR", "plain"}, firstCells)

	back := roster(t)
	require.NoError(t, visitlog.Read("visits.csv", bytes.NewReader(out.Bytes()), back))
	assert.Equal(t, ds.Visits, back.Visits)

	err := visitlog.Read("visits.csv", strings.NewReader("visit_id,family,status,date,start\n'V-1,F-s-1003,scheduled,2025-10-01,16:00\n"), roster(t))
	assert.ErrorContains(t, err, `visits.csv:2:1: visit_id: invalid value: "'V-1": a leading ' only guards`)
}

func TestReadErrors(t *testing.T) {
	header := strings.SplitN(string(sampleLog(t)), "\n", 2)[0] + "\n"
	row := "V-1,F-s-1001,s-1001,first,completed,,2025-08-26,17:30,40,2025-08-20 10:15,,home,,t-101;a-104,,hopes-and-dreams:educator,,2025-08-27,t-101;a-104,yes,t-101;a-104,40;40,26.67;26.67,title-i;title-i\n"
	cases := []struct {
		name, csv, want string
		is              error
	}{
		{"unknown status", strings.Replace(row, "completed", "done", 1),
			`visits.csv:2:5: status: invalid value: "done": want one of proposed, scheduled, completed, cancelled, no-show`, visitlog.ErrInvalid},
		{"bad date", strings.Replace(row, "2025-08-26", "8/26/2025", 1),
			`visits.csv:2:7: date: invalid value: "8/26/2025": want a date such as 2025-09-12`, visitlog.ErrInvalid},
		{"bad time", strings.Replace(row, "17:30", "5:30pm", 1),
			`visits.csv:2:8: start: invalid value: "5:30pm": want a time of day such as 16:30`, visitlog.ErrInvalid},
		{"clock change", strings.Replace(strings.Replace(row, "2025-08-26", "2026-03-08", 1), "17:30", "02:30", 1),
			`visits.csv:2:8: start: invalid value: 2026-03-08 02:30 does not exist in America/Los_Angeles (the clocks change that day)`, visitlog.ErrInvalid},
		{"not canonical", strings.Replace(row, ",40,2025", ",040,2025", 1),
			`visits.csv:2:9: duration: invalid value: "040": write it as "40"`, visitlog.ErrInvalid},
		{"bad duration", strings.Replace(row, ",40,2025", ",forty,2025", 1),
			`visits.csv:2:9: duration: invalid value: "forty": want whole minutes such as "40"`, visitlog.ErrInvalid},
		{"unknown student", strings.Replace(row, ",s-1001,", ",s-9999,", 1),
			`visits.csv:2:3: students: refers to no record: no student "s-9999" in the dataset`, visitlog.ErrDangling},
		{"student of another family", strings.Replace(row, ",s-1001,", ",s-1003,", 1),
			`visits.csv:2:3: students: invalid value: student "s-1003" belongs to family "F-s-1003", not "F-s-1001"`, visitlog.ErrInvalid},
		{"unknown educator", strings.Replace(row, "t-101;a-104,,", "t-101;x-1,,", 1),
			`visits.csv:2:14: visitors: refers to no record: no educator "x-1" in the dataset`, visitlog.ErrDangling},
		{"unknown topic", strings.Replace(row, "hopes-and-dreams:educator", "grades:educator", 1),
			`visits.csv:2:16: topics: invalid value: topic "grades": want one of hopes-and-dreams, relationship, talents-and-strengths, working-together, expectations, academics, behavior, attendance, assessment, family-concern, other`, visitlog.ErrInvalid},
		{"amount", strings.Replace(row, "26.67;26.67", "26.67;26.7", 1),
			`visits.csv:2:23: amount: invalid value: "26.7": want dollars and cents such as "30.00"`, visitlog.ErrInvalid},
		{"pay items", strings.Replace(row, "40;40,26.67", "40,26.67", 1),
			`visits.csv:2:22: minutes_outside: invalid value: "40" has 1 items for 2 paid educators`, visitlog.ErrInvalid},
		{"funding", strings.Replace(row, "title-i;title-i", "title-i;grant", 1),
			`visits.csv:2:24: funding_source: invalid value: "grant": want stipend or one of district, title-i, foundation, union, other`, visitlog.ErrInvalid},
		{"flag", strings.Replace(row, ",yes,", ",y,", 1),
			`visits.csv:2:20: bias_reflected: invalid value: "y": want yes, no or an empty cell`, visitlog.ErrInvalid},
		{"reflection without date", strings.Replace(row, ",2025-08-27,", ",,", 1),
			`visits.csv:2:18: reflected_at: invalid value: a reflection needs its date (reflected_by or bias_reflected is filled in)`, visitlog.ErrInvalid},
		{"duplicate", row + row, `visits.csv:3:1: visit_id: duplicate visit id: "V-1" appears on an earlier row`, visitlog.ErrDuplicate},
		{"ragged row", "V-1,F-s-1001\n", `visits.csv:2: malformed visit log: the row has 2 cells, the header 24`, visitlog.ErrSyntax},
		{"reschedule form", strings.Replace(row, "2025-08-20 10:15,,", "2025-08-20 10:15,2025-08-19 17:30 on 2025-08-12 09:00,", 1),
			`visits.csv:2:11: reschedules: invalid value: "2025-08-19 17:30 on 2025-08-12 09:00": want the earlier appointment, when it was moved and by whom, such as "2025-10-02 16:00 moved on 2025-09-30 09:15 by family"`, visitlog.ErrInvalid},
		{"reschedule time", strings.Replace(row, "2025-08-20 10:15,,", "2025-08-20 10:15,2025-08-19 5pm moved on 2025-08-12 09:00,", 1),
			`visits.csv:2:11: reschedules: invalid value: "2025-08-19 5pm": want a local date and time such as "2025-09-12 16:30"`, visitlog.ErrInvalid},
		{"reschedule party", strings.Replace(row, "2025-08-20 10:15,,", "2025-08-20 10:15,2025-08-19 17:30 moved on 2025-08-12 09:00 by parent,", 1),
			`visits.csv:2:11: reschedules: invalid value: "2025-08-19 17:30 moved on 2025-08-12 09:00 by parent": who moved it is one of family, educator, school`, visitlog.ErrInvalid},
		{"reschedule not canonical", strings.Replace(row, "2025-08-20 10:15,,", "2025-08-20 10:15,2025-08-19 17:30:00 moved on 2025-08-12 09:00,", 1),
			`visits.csv:2:11: reschedules: invalid value: "2025-08-19 17:30:00": write it as "2025-08-19 17:30"`, visitlog.ErrInvalid},
		{"reschedule in the gap", strings.Replace(row, "2025-08-20 10:15,,", "2025-08-20 10:15,2026-03-08 02:30 moved on 2025-08-12 09:00,", 1),
			`visits.csv:2:11: reschedules: invalid value: "2026-03-08 02:30" does not exist in America/Los_Angeles (the clocks change that day)`, visitlog.ErrInvalid},
		{"spaces", strings.Replace(row, ",home,", ", home,", 1), `visits.csv:2:12: location: invalid value: " home": want one of home, library, park, cafe, school, other`, visitlog.ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := visitlog.Read("visits.csv", strings.NewReader(header+c.csv), roster(t))
			require.Error(t, err)
			assert.ErrorIs(t, err, c.is)
			// The import's sentinel is also the model's, so that one
			// errors.Is serves every package.
			if kind, ok := map[error]error{visitlog.ErrInvalid: model.ErrInvalid, visitlog.ErrDangling: model.ErrDangling, visitlog.ErrDuplicate: model.ErrDuplicateID}[c.is]; ok {
				assert.ErrorIs(t, err, kind)
			}
			assert.Contains(t, strings.Split(err.Error(), "\n"), c.want)
		})
	}

	headerCases := []struct{ name, csv, want string }{
		{"empty", "", "visits.csv:1: malformed visit log: the file is empty (want a header row)"},
		{"missing column", "visit_id,status,date\nV-1,completed,2025-08-26\n", `visits.csv:1: start: malformed visit log: the header has no "start" column`},
		{"unknown column", "visit_id,status,date,start,parent_name\n", `visits.csv:1:5: parent_name: malformed visit log: unknown column "parent_name"`},
		{"twice", "visit_id,status,date,start,Status\n", `visits.csv:1:5: Status: malformed visit log: the column appears twice`},
		{"bare quote", "visit_id,status,date,start\nV\"1,completed,2025-08-26,17:30\n", `visits.csv:2:2: malformed visit log: bare " in non-quoted-field`},
	}
	for _, c := range headerCases {
		t.Run(c.name, func(t *testing.T) {
			err := visitlog.Read("visits.csv", strings.NewReader(c.csv), roster(t))
			require.Error(t, err)
			assert.ErrorIs(t, err, visitlog.ErrSyntax)
			found := false
			for _, line := range strings.Split(err.Error(), "\n") {
				found = found || strings.HasPrefix(line, c.want)
			}
			assert.True(t, found, "%q\nnot found in\n%s", c.want, err)
		})
	}
}

func TestReadCSVForms(t *testing.T) {
	want := roster(t)
	readInto(t, want, string(sampleLog(t)))
	crlf := "\xef\xbb\xbf" + strings.ReplaceAll(string(sampleLog(t)), "\n", "\r\n")
	got := roster(t)
	readInto(t, got, crlf)
	assert.Equal(t, want.Visits, got.Visits, "BOM and CRLF")
	cr := roster(t)
	readInto(t, cr, strings.ReplaceAll(string(sampleLog(t)), "\n", "\r"))
	assert.Equal(t, want.Visits, cr.Visits, "CR line ends")
}

func TestWriteUnwritable(t *testing.T) {
	ds := roster(t)
	ds.Students = append(ds.Students, model.Student{ID: "s;1", School: "org-lincoln", Family: "F-s-1003"})
	ds.Visits = []model.Visit{{ID: "V-1", Family: "F-s-1003", Students: []model.StudentID{"s;1"}, Status: model.Scheduled,
		Start: time.Date(2025, 10, 1, 16, 0, 0, 0, ds.Calendar.Location())}}
	require.NoError(t, ds.Validate())
	var out bytes.Buffer
	err := visitlog.Write(&out, ds)
	assert.ErrorIs(t, err, visitlog.ErrUnwritable)
	assert.EqualError(t, err, `visit "V-1": students: cannot be written to the visit log: id "s;1" holds the list separator ";"`)
	assert.Zero(t, out.Len(), "nothing is written")
	es, ok := errors.AsType[visitlog.Errors](err)
	require.True(t, ok)
	assert.Equal(t, "V-1", es[0].Visit)
}

func parseCSV(t *testing.T, s string) [][]string {
	t.Helper()
	rows, err := csvReader(s).ReadAll()
	require.NoError(t, err)
	return rows
}

func writeCSV(t *testing.T, rows [][]string) string {
	t.Helper()
	var b strings.Builder
	w := csvWriter(&b)
	require.NoError(t, w.WriteAll(rows))
	return b.String()
}
