package workbook

import (
	"fmt"
	"github.com/homevisits/pthv/internal/spreadsheet"
	"strconv"
	"strings"
)

// The README sheet's keys: the rows, in column A, whose column B says
// which dataset the workbook came from.
const (
	revisionKey = "revision"
	yearKey     = "school year"
	zoneKey     = "time zone"
	districtKey = "district"
	exportedKey = "exported"
)

// visitColumnAbout says what the visit log's columns hold, for the README
// sheet; a column the log gains later is described by the fallback.
var visitColumnAbout = map[string]string{
	"visit_id":              "the visit's id",
	"family":                "the family visited; empty: the listed students' family",
	"students":              "the students it is for, separated by ;",
	"kind":                  "first, second or other",
	"status":                "proposed, scheduled, completed, cancelled or no-show: cancel a visit here, never by deleting its row",
	"cancelled_by":          "who cancelled it: family, educator or school",
	"date":                  "the day of the appointment",
	"start":                 "its start time",
	"duration":              "its length in whole minutes, such as 40",
	"arranged_at":           "when the appointment was agreed",
	"location":              "home, library, park, cafe, school or other",
	"location_requested_by": "who asked for that place: family, educator or school",
	"visitors":              "the educators on the visit, separated by ;",
	"interpreters":          "ID:EDUCATOR:LANG,LANG per interpreter, separated by ;",
	"topics":                "KIND:WHO per topic, separated by ;",
	"references_first":      "yes or no: a second visit referred back to the first",
	"reflected_at":          "when the visitors reflected (the date alone will do)",
	"reflected_by":          "the educators who reflected, separated by ;",
	"bias_reflected":        "yes or no: the reflection covered assumptions and biases",
	"paid_educators":        "the educators paid, separated by ;",
	"minutes_outside":       "per paid educator: minutes outside their working day",
	"amount":                "per paid educator: dollars and cents",
	"funding_source":        "per paid educator: the funding source, or stipend",
}

// readme lays out the README sheet: where the workbook came from, how to
// use it, and every sheet and column.
func (b *builder) readme(layout *visitLayout) *table {
	ds := b.ds
	t := &table{name: readmeSheet}
	row := func(cells ...string) { t.rows = append(t.rows, cells) }
	row("PTHV coordinator's workbook")
	row()
	row(revisionKey, strconv.Itoa(ds.Revision), "the dataset revision this workbook was exported from")
	row(yearKey, string(ds.Year.ID))
	row(zoneKey, b.loc.String())
	row(districtKey, string(ds.District.ID))
	if stamp := b.opt.stamp(); !stamp.IsZero() {
		row(exportedKey, wallOf(stamp.In(b.loc)).date())
	}
	row()
	for _, p := range []string{
		"Each sheet holds one thing a coordinator records, one row per record. Edit cells and add rows, then read the workbook back into the dataset with: pthv import workbook THIS-FILE --into DATASET.json (--dry-run lists what would change). A row whose id the dataset has updates that record; a row with a new id adds one.",
		"Deleting a row is not a deletion. Cancel a visit with its status, withdraw a family with a Withdrawals row, record a decline with the invitation's answer. A withdrawal is never removed by the workbook.",
		"A detail sheet (Trainings, Contact attempts, Topics, Pay, Reschedules, Guardians) holds the whole list of details of every record the workbook lists: the rows of a record are all its details, so deleting a topic's row removes that topic.",
		fmt.Sprintf("Dates and times are in the district's time zone, %s, kept to the minute: what a spreadsheet date cell holds. A time the dataset has to the second keeps its seconds while its cell is unchanged.", b.loc),
		"Ids are text: keep them exactly as they are (0012 is not 12). A cell starting with = + - or @ carries a leading ' so that no spreadsheet runs it as a formula; reading the workbook removes it. Choices (role, status, answer, ...) are offered as lists.",
		fmt.Sprintf("This workbook was exported from revision %d of the dataset. Every pthv command that writes the dataset back raises its revision, and reading a workbook exported from an older revision is refused, so that it cannot undo what was recorded since: export a new workbook, or read it with --force.", ds.Revision),
		"Columns named notes are yours: reading skips them, as it skips sheets of your own. A sheet you delete leaves its records as they are.",
	} {
		row(p)
	}
	if !b.opt.Contacts {
		row("Names, addresses and phone numbers are not in this workbook; export it with --contacts to have them.")
	}
	row()
	row("sheet", "column", "what it holds")
	for i := range sheets {
		s := &sheets[i]
		if s.contacts && !b.opt.Contacts {
			continue
		}
		row(s.name, "", s.about)
		if s.name == visitsSheet {
			for _, c := range layout.sheetColumns() {
				about := visitColumnAbout[c]
				if about == "" {
					about = "a column of the visit log (see pthv export visits)"
				}
				row(s.name, plain(c), about)
			}
			continue
		}
		for _, c := range s.columns {
			row(s.name, c.name, c.about)
		}
	}
	for _, r := range t.rows {
		for j := range r {
			r[j] = spreadsheet.Guard(r[j])
		}
	}
	return t
}

// origin is what a workbook's README sheet says of the dataset it came
// from, and where it says it.
type origin struct {
	revision, year, zone cellAt
}

// cellAt is a README value and its cell.
type cellAt struct {
	value    string
	row, col int
	found    bool
}

// readOrigin finds the README's keys in column A.
func readOrigin(t *table) origin {
	var o origin
	for i, r := range t.rows {
		if len(r) < 1 {
			continue
		}
		var at *cellAt
		switch key(r[0]) {
		case revisionKey:
			at = &o.revision
		case yearKey:
			at = &o.year
		case zoneKey:
			at = &o.zone
		default:
			continue
		}
		if at.found {
			continue
		}
		*at = cellAt{row: t.nums[i], col: 2, found: true}
		if len(r) > 1 {
			at.value, _ = spreadsheet.Unguard(strings.TrimSpace(r[1]))
		}
	}
	return o
}

// checkOrigin refuses a workbook of another school year or time zone, or
// one exported from an older revision of the dataset unless force is set.
func (rd *reader) checkOrigin(t *table, force bool) bool {
	if t == nil {
		if rd.ds.Revision > 0 && !force {
			rd.add(&Error{Sheet: readmeSheet, Field: revisionKey, Err: fmt.Errorf("%w: the workbook has no README sheet, so no revision; the dataset is at revision %d (export a new workbook, or read this one with --force)", ErrStale, rd.ds.Revision)})
			return false
		}
		return true
	}
	o := readOrigin(t)
	ok := true
	if o.year.found && o.year.value != string(rd.ds.Year.ID) {
		rd.add(&Error{Sheet: readmeSheet, Row: o.year.row, Column: o.year.col, Field: yearKey,
			Err: fmt.Errorf("%w: the workbook is for school year %q, the dataset for %q", ErrMismatch, o.year.value, rd.ds.Year.ID)})
		ok = false
	}
	if o.zone.found && o.zone.value != rd.loc.String() {
		rd.add(&Error{Sheet: readmeSheet, Row: o.zone.row, Column: o.zone.col, Field: zoneKey,
			Err: fmt.Errorf("%w: the workbook's times are in %s, the dataset's in %s", ErrMismatch, o.zone.value, rd.loc)})
		ok = false
	}
	rev := 0
	if o.revision.found {
		n, err := strconv.Atoi(o.revision.value)
		if err != nil || n < 0 {
			rd.add(&Error{Sheet: readmeSheet, Row: o.revision.row, Column: o.revision.col, Field: revisionKey,
				Err: invalidf("%q: want the whole number the workbook was exported with", o.revision.value)})
			return false
		}
		rev = n
	}
	if rev < rd.ds.Revision && !force {
		e := &Error{Sheet: readmeSheet, Row: o.revision.row, Column: o.revision.col, Field: revisionKey,
			Err: fmt.Errorf("%w: the workbook is revision %d, the dataset revision %d, written since the export (export a new workbook, or read this one with --force)", ErrStale, rev, rd.ds.Revision)}
		if !o.revision.found {
			e.Err = fmt.Errorf("%w: the workbook names no revision; the dataset is at revision %d (export a new workbook, or read this one with --force)", ErrStale, rd.ds.Revision)
		}
		rd.add(e)
		ok = false
	}
	return ok
}
