package workbook_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/interop/workbook"
	"github.com/homevisits/pthv/model"
)

// edit is one change to a sheet of the CSV form: the first old in the
// file becomes new.
type edit struct{ file, old, new string }

func edited(t *testing.T, fsys fstest.MapFS, edits ...edit) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	for k, v := range fsys {
		out[k] = &fstest.MapFile{Data: v.Data}
	}
	for _, e := range edits {
		f := out[e.file]
		require.NotNil(t, f, e.file)
		require.Contains(t, string(f.Data), e.old, e.file)
		f.Data = []byte(strings.Replace(string(f.Data), e.old, e.new, 1))
	}
	return out
}

// TestReadErrors: every problem names its sheet, row, column and field,
// and leaves the dataset as it was.
func TestReadErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edits []edit
		want  error
		msg   string
	}{
		{"unknown role", []edit{{"Educators.csv", "E3,,certificated", "E3,,wizard"}}, model.ErrInvalid,
			`program: Educators!C4: role: invalid value: "wizard": want one of certificated, classified`},
		{"missing position", []edit{{"Educators.csv", "E2,S1,classified,liaison", "E2,S1,classified,"}}, model.ErrMissing,
			`program: Educators!D3: position: required: the cell is empty`},
		{"unknown school", []edit{{"Educators.csv", "E1,S1", "E1,S9"}}, model.ErrDangling,
			`program: Educators!B2: school: refers to no record: no school "S9" in the dataset or the workbook`},
		{"duplicate educator", []edit{{"Educators.csv", "E3,,", "E1,,"}}, model.ErrDuplicateID,
			`program: Educators!A4: educator: duplicate id: "E1" is also on row 2`},
		{"training date", []edit{{"Trainings.csv", "E2,2025-06-10", "E2,next week"}}, model.ErrInvalid,
			`program: Trainings!B3: date: invalid value: "next week": want a date such as 2025-09-12`},
		{"training of no one", []edit{{"Trainings.csv", "E2,2025", "E7,2025"}}, model.ErrDangling,
			`program: Trainings!A3: educator: refers to no record: no educator "E7" in the dataset or the workbook`},
		{"invitation family", []edit{{"Invitations.csv", "I1,F1,ST1;ST2", "I1,F404,"}}, model.ErrDangling,
			`program: Invitations!B2: family: refers to no record: no family "F404" in the dataset or the workbook`},
		{"another family's student", []edit{{"Invitations.csv", "I1,F1,ST1;ST2", "I1,F2,ST1"}}, model.ErrInvalid,
			`program: Invitations!C2: students: invalid value: student "ST1" belongs to family "F1", not "F2"`},
		{"answer", []edit{{"Invitations.csv", "accepted", "maybe"}}, model.ErrInvalid,
			`program: Invitations!L2: answer: invalid value: "maybe": want one of none, accepted, declined`},
		{"attempt time", []edit{{"Contact attempts.csv", "17:00", "5pm"}}, model.ErrInvalid,
			`program: 'Contact attempts'!B2: at: invalid value: "2025-08-03 5pm": want a date and time such as 2025-09-12 16:30`},
		{"withdrawal with no family", []edit{{"Withdrawals.csv", "F2,", ","}}, model.ErrMissing,
			`program: Withdrawals!A2: family: required: the cell is empty`},
		{"visit status", []edit{{"Visits.csv", "first,completed", "first,done"}}, model.ErrInvalid,
			`program: Visits!E2: status: invalid value: "done": want one of proposed, scheduled, completed, cancelled, no-show`},
		{"visit duration", []edit{{"Visits.csv", ",40,", ",forty,"}}, model.ErrInvalid,
			`program: Visits!I2: duration: invalid value: "forty": want whole minutes such as "40"`},
		{"visit log column a detail sheet holds", []edit{{"Visits.csv", "bias reflected\n", "bias reflected,topics\n"}}, workbook.ErrSyntax,
			`program: Visits!S1: topics: malformed workbook: the Topics sheet holds this column's data: remove the column or the sheet`},
		{"topic of no visit", []edit{{"Topics.csv", "V1,hopes", "V9,hopes"}}, model.ErrDangling,
			`program: Topics!A2: visit: refers to no record: no visit "V9" in the dataset or the workbook`},
		{"pay amount", []edit{{"Pay.csv", "26.67", "lots"}}, model.ErrInvalid,
			`program: Pay!D2: amount: invalid value: "lots": want dollars and cents such as 30.00`},
		{"pay minutes", []edit{{"Pay.csv", ",40,", ",-5,"}}, model.ErrInvalid,
			`program: Pay!C2: minutes outside: invalid value: "-5": want whole minutes such as 45`},
		{"reschedule by", []edit{{"Reschedules.csv", "17:00,family", "17:00,principal"}}, model.ErrInvalid,
			`program: Reschedules!D2: by: invalid value: "principal": want one of family, educator, school`},
		{"message in the spring-forward gap", []edit{{"Messages.csv", "2025-10-01 15:00", "2026-03-08 02:30"}}, model.ErrInvalid,
			`program: Messages!C2: at: invalid value: "2026-03-08 02:30" does not exist in America/Los_Angeles (the clocks change that day)`},
		{"a bare guard", []edit{{"Messages.csv", ",text,", ",'text,"}}, model.ErrInvalid,
			`program: Messages!E2: channel: invalid value: "'text": a leading ' only guards a cell starting with = + - @ ' tab or CR`},
		{"school event of no school", []edit{{"Events.csv", "school,S1", "school,"}}, model.ErrMissing,
			`program: Events!C2: school: required: a school event names its school`},
		{"unknown column", []edit{{"Withdrawals.csv", "family,at", "family,at,reason"}}, workbook.ErrSyntax,
			`program: Withdrawals!C1: reason: malformed workbook: unknown column "reason" (want some of family, at; name a column "notes" to have it skipped)`},
		{"no id column", []edit{{"Messages.csv", "message,family", "id,family"}}, workbook.ErrSyntax,
			`program: Messages!A1: id: malformed workbook: unknown column "id" (want some of message, family, at, direction, channel, educator; name a column "notes" to have it skipped)` + "\n" +
				`program: Messages row 1: message: malformed workbook: the header has no "message" column`},
		{"a cell with no column", []edit{{"Events.csv", "celebration,yes", "celebration,yes,oops"}}, workbook.ErrSyntax,
			`program: Events!G2: malformed workbook: a cell right of the last column (give its column a header, or name it "notes")`},
		{"guardian of no family", []edit{{"Guardians.csv", "F1,Rosa", "F8,Rosa"}}, model.ErrDangling,
			`program: Guardians!A2: family: refers to no record: no family "F8" in the dataset or the workbook`},
		{"malformed CSV", []edit{{"Messages.csv", "M1,F1", "M1,\"F1"}}, workbook.ErrSyntax,
			`program: Messages row 2: malformed workbook: line 2, column 50: extraneous or missing " in quoted-field`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds := program(t)
			want := canon(t, ds)
			into := *ds
			err := workbook.ReadCSV("program", edited(t, folder(t, ds, workbook.Options{Contacts: true}), tc.edits...), &into, workbook.ReadOptions{})
			require.ErrorIs(t, err, tc.want)
			require.EqualError(t, err, tc.msg)
			require.Equal(t, *ds, into, "nothing read")
			require.Equal(t, want, canon(t, ds))
		})
	}
}

// TestReadErrorsAllAtOnce: one read reports the problems of every sheet.
func TestReadErrorsAllAtOnce(t *testing.T) {
	ds := program(t)
	fsys := edited(t, folder(t, ds, workbook.Options{}),
		edit{"Educators.csv", "E3,,certificated", "E3,,wizard"},
		edit{"Invitations.csv", "accepted", "maybe"},
		edit{"Visits.csv", "first,completed", "first,done"},
		edit{"Pay.csv", "26.67", "lots"},
		edit{"Events.csv", "2026-05-14", "someday"},
	)
	err := workbook.ReadCSV("program", fsys, ds, workbook.ReadOptions{})
	es, ok := errors.AsType[workbook.Errors](err)
	require.True(t, ok)
	var cells []string
	for _, e := range es {
		cells = append(cells, e.Cell())
	}
	assert.Equal(t, []string{"Educators!C4", "Visits!E2", "Pay!D2", "Invitations!L2", "Events!D2"}, cells)
}
