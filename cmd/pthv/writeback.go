package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/homevisits/pthv/internal/safefile"
	"github.com/homevisits/pthv/model"
)

// writeBack is what every command that records something in the dataset
// shares: --apply writes the change into the dataset file it read (or to
// -o), --dry-run prints what would change and writes nothing; without
// either the command only reports.
type writeBack struct {
	apply, dryRun *bool
	out           *string
}

// addWriteBackFlags declares --apply, --dry-run and (unless the command
// already has one for its report) -o.
func addWriteBackFlags(f *flags, what string) *writeBack {
	return &writeBack{
		apply:  f.Bool("apply", false, "record "+what+" in the dataset file (rewritten in place, safely)"),
		dryRun: f.Bool("dry-run", false, "print what --apply would change in the dataset, and write nothing"),
		out:    f.String("to", "", "with --apply, write the updated dataset to this file instead of rewriting the input"),
	}
}

// recording reports whether the command should change the dataset (for
// real or as a dry run).
func (wb *writeBack) recording() bool { return *wb.apply || *wb.dryRun }

// check refuses contradictory flags and a --to that is another input.
// done is true when the caller should return exitUsage.
func (wb *writeBack) check(f *flags, dataset string, otherInputs ...string) bool {
	if *wb.apply && *wb.dryRun {
		f.fail("--apply and --dry-run: choose one")
		return true
	}
	if *wb.out == "-" {
		f.fail("--to: name a file (the changes are printed on stdout)")
		return true
	}
	if *wb.out != "" && !*wb.apply {
		f.fail("--to: only with --apply")
		return true
	}
	if *wb.apply && *wb.out == "" && dataset == "-" {
		f.fail("--apply: %v, or give --to FILE", errStdinWriteBack)
		return true
	}
	inputs := append([]string{dataset}, otherInputs...)
	if *wb.out != "" && !safefile.Same(*wb.out, dataset) {
		return f.refuseOverwrite(inputs, *wb.out)
	}
	return false
}

// load reads the dataset at path; when the command records (--apply or
// --dry-run) it also remembers what it read, for finish to write back.
//
// Read from standard input ("-"), the dataset has no file to write back
// to: a dry run lists the changes, and --apply needs --to.
func (wb *writeBack) load(path string) (*model.Dataset, safefile.Original, error) {
	if wb.recording() && path != "-" {
		return loadDatasetForUpdate(path)
	}
	ds, err := loadDataset(path)
	return ds, safefile.Original{}, err
}

// otherTarget is --to when it names a file other than the dataset, so that
// it can be checked against the command's other outputs; "" otherwise.
func (wb *writeBack) otherTarget(dataset string) string {
	if *wb.out == "" || safefile.Same(*wb.out, dataset) {
		return ""
	}
	return *wb.out
}

// finish prints the changes from before to after and, with --apply,
// writes after back over the file orig was read from (or to --to). It
// writes nothing on a dry run, or when nothing changed.
func (wb *writeBack) finish(w io.Writer, orig safefile.Original, before, after *model.Dataset) error {
	changes := datasetChanges(before, after)
	verb := "would change"
	if *wb.apply {
		verb = "changes"
	}
	target := cmp.Or(orig.Path(), stdin)
	if *wb.out != "" {
		target = *wb.out
	}
	if len(changes) == 0 {
		fmt.Fprintf(w, "%s: nothing to record\n", target)
		return nil
	}
	fmt.Fprintf(w, "%s: %s %d record(s):\n", target, verb, len(changes))
	for _, c := range changes {
		fmt.Fprintf(w, "  %s\n", c)
	}
	if !*wb.apply {
		return nil
	}
	if *wb.out != "" && (orig.Path() == "" || !safefile.Same(*wb.out, orig.Path())) {
		return writeDatasetAs(*wb.out, nil, revised(after), orig.Path() == "" || isCompact(orig.Path()))
	}
	return updateDatasetFile(orig, after)
}

// datasetChanges lists, section by section in file order, the records
// added, changed or removed between two datasets, by id ("add visit V-9",
// "change invitation I-3"); a section without ids (district, year,
// calendar, policy, past pairs, contacts) is named once when it changed.
func datasetChanges(before, after *model.Dataset) []string {
	var out []string
	vb, va := reflect.ValueOf(before).Elem(), reflect.ValueOf(after).Elem()
	typ := vb.Type()
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		fb, fa := vb.Field(i), va.Field(i)
		if fb.Kind() == reflect.Slice && fb.Type().Elem().Kind() == reflect.Struct {
			if _, ok := fb.Type().Elem().FieldByName("ID"); ok {
				out = append(out, recordChanges(name, fb, fa)...)
				continue
			}
		}
		if !reflect.DeepEqual(fb.Interface(), fa.Interface()) {
			out = append(out, "change "+name)
		}
	}
	return out
}

func recordChanges(section string, before, after reflect.Value) []string {
	kind := singularSection(section)
	key := func(v reflect.Value) string { return v.FieldByName("ID").String() }
	old := make(map[string]reflect.Value, before.Len())
	for i := range before.Len() {
		old[key(before.Index(i))] = before.Index(i)
	}
	var out []string
	seen := make(map[string]bool, after.Len())
	for i := range after.Len() {
		r := after.Index(i)
		id := key(r)
		seen[id] = true
		prev, ok := old[id]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("add %s %s", kind, id))
		case !sameJSON(prev, r):
			out = append(out, fmt.Sprintf("change %s %s", kind, id))
		}
	}
	for i := range before.Len() {
		if id := key(before.Index(i)); !seen[id] {
			out = append(out, fmt.Sprintf("remove %s %s", kind, id))
		}
	}
	return out
}

// sameJSON compares two records as the file holds them, so that equal
// instants in different zones are not a change.
func sameJSON(a, b reflect.Value) bool {
	ja, errA := json.Marshal(a.Interface())
	jb, errB := json.Marshal(b.Interface())
	return errA == nil && errB == nil && string(ja) == string(jb)
}

func singularSection(section string) string {
	switch section {
	case "classes":
		return "class"
	case "families":
		return "family"
	}
	return strings.TrimSuffix(section, "s")
}
