package oneroster

import (
	"fmt"
	"slices"
	"strings"

	"github.com/homevisits/pthv/model"
)

// File names of a OneRoster bulk CSV export.
const (
	manifestFile     = "manifest.csv"
	orgsFile         = "orgs.csv"
	usersFile        = "users.csv"
	rolesFile        = "roles.csv"
	classesFile      = "classes.csv"
	enrollmentsFile  = "enrollments.csv"
	sessionsFile     = "academicSessions.csv"
	demographicsFile = "demographics.csv"
)

// status is a row's status column.
type status uint8

const (
	active status = iota
	deleted
)

// readStatus reads the status column: empty or "active" keeps the row,
// "tobedeleted" (and the 1.0 "inactive") drops it.
func readStatus(t *table, col int) status {
	switch v := t.get(col); strings.ToLower(v) {
	case "", "active":
		return active
	case "tobedeleted", "inactive":
		return deleted
	default:
		t.fail(col, invalidf("status %q: want active or tobedeleted", v))
		return active
	}
}

// readID reads a row's sourcedId, indexes it in seen and reports empty
// and duplicate ones.
func readID(t *table, col int, seen map[string]int, row int) (string, bool) {
	id := t.get(col)
	if id == "" {
		t.fail(col, fmt.Errorf("%w: sourcedId is empty", ErrInvalid))
		return "", false
	}
	// References are resolved even when rows have problems, so a
	// duplicate must leave the first row's position in place.
	if _, dup := seen[id]; dup {
		t.fail(col, fmt.Errorf("%w: %q appears twice", ErrDuplicate, id))
		return "", false
	}
	seen[id] = row
	return id, true
}

// readFlag reads a yes/no value ("true"/"false" in OneRoster, "yes"/"no",
// "y"/"n", "1"/"0") as "yes" or "no"; empty is not recorded.
func readFlag(t *table, col int) string {
	switch v := t.get(col); strings.ToLower(v) {
	case "":
		return ""
	case "true", "yes", "y", "1":
		return "yes"
	case "false", "no", "n", "0":
		return "no"
	default:
		t.fail(col, invalidf("%q: want true or false", v))
		return ""
	}
}

// readDate reads a YYYY-MM-DD date; empty is the zero Date.
func readDate(t *table, col int) model.Date {
	v := t.get(col)
	if v == "" {
		return model.Date{}
	}
	d, err := model.ParseDate(v)
	if err != nil {
		t.fail(col, fmt.Errorf("%w: %v", ErrInvalid, err))
	}
	return d
}

// readGrades reads a grades list of CEDS grade-level codes and returns the
// lowest that pthv's PK–12 range holds. IT, PR, PK and TK are
// pre-kindergarten, KG kindergarten, 01–12 the numbered grades. 13, PS
// (postsecondary), UG (ungraded) and Other are valid codes outside PK–12;
// they are skipped, and ok is false when nothing else is listed. valid is
// false when a code is unknown (the problem is recorded).
func readGrades(t *table, col int) (g model.Grade, ok, valid bool) {
	for _, code := range splitList(t.get(col)) {
		x, inRange, known := gradeOf(code)
		if !known {
			t.fail(col, invalidf("grade %q: want a CEDS grade code (PK, KG, 01–12, …)", code))
			return 0, false, false
		}
		if inRange && (!ok || x < g) {
			g, ok = x, true
		}
	}
	return g, ok, true
}

func gradeOf(code string) (g model.Grade, inRange, valid bool) {
	switch strings.ToUpper(code) {
	case "IT", "PR", "PK", "TK":
		return model.PreK, true, true
	case "KG":
		return model.Kindergarten, true, true
	case "13", "PS", "UG", "OTHER":
		return 0, false, true
	}
	if len(code) == 2 && code[0] >= '0' && code[0] <= '1' && code[1] >= '0' && code[1] <= '9' {
		n := int(code[0]-'0')*10 + int(code[1]-'0')
		if n >= 1 && n <= 12 {
			return model.Grade(n), true, true
		}
	}
	return 0, false, false
}

// manifest is what manifest.csv says about each file.
type manifest struct {
	present bool
	version string
	files   map[string]string // file name → bulk, delta or absent
}

// manifestFiles maps the manifest's property names to file names.
var manifestFiles = map[string]string{
	"file.orgs":             orgsFile,
	"file.users":            usersFile,
	"file.roles":            rolesFile,
	"file.classes":          classesFile,
	"file.enrollments":      enrollmentsFile,
	"file.academicsessions": sessionsFile,
	"file.demographics":     demographicsFile,
}

func readManifest(in *input, p *problems) manifest {
	m := manifest{files: map[string]string{}}
	t, _ := openTable(in, manifestFile, p)
	if t == nil {
		return m
	}
	defer t.close()
	m.present = true
	if !t.require("propertyName", "value") {
		return m
	}
	name, value := t.col("propertyName"), t.col("value")
	for t.next() {
		prop, v := strings.ToLower(t.get(name)), strings.ToLower(t.get(value))
		switch {
		case prop == "oneroster.version":
			m.version = t.get(value)
			if !slices.Contains([]string{"1.0", "1.1", "1.2"}, m.version) {
				t.fail(value, fmt.Errorf("%w: OneRoster version %q (want 1.1 or 1.2)", ErrUnsupported, m.version))
			}
		case strings.HasPrefix(prop, "file."):
			switch v {
			case "bulk", "absent":
			case "delta":
				t.fail(value, fmt.Errorf("%w: %s is a delta file; export the roster in bulk", ErrUnsupported, t.get(name)))
				continue
			default:
				t.fail(value, invalidf("%q: want bulk, delta or absent", t.get(value)))
				continue
			}
			if f, ok := manifestFiles[prop]; ok {
				m.files[f] = v
			}
		}
	}
	return m
}

// wants reports whether the import should read file: not when the
// manifest marks it absent.
func (m manifest) wants(file string) bool { return m.files[file] != "absent" }
