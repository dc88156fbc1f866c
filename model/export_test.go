package model

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// DecodeBytesSlow decodes with encoding/json alone: the oracle the fast
// reader is tested against.
func DecodeBytesSlow(name string, data []byte) (*Dataset, error) {
	x, err := decode(name, data, decodeOptions{slow: true})
	return x.Dataset(), err
}

// DecodeBytes decodes as DecodeDataset does, with the given number of
// workers and bytes per part.
func DecodeBytes(name string, data []byte, workers, part int) (*Dataset, error) {
	x, err := decode(name, data, decodeOptions{workers: workers, part: part})
	return x.Dataset(), err
}

// DecodesFast reports whether the fast reader reads data without falling
// back on the slow one.
func DecodesFast(data []byte, workers, part int) bool {
	d := &datasetDecoder{name: "fast", data: data}
	return d.decodeFast(&Dataset{Policy: DefaultPolicy()}, decodeOptions{workers: workers, part: part})
}

// EncodeSlow encodes with encoding/json alone: the oracle the fast
// writer is tested against.
func EncodeSlow(w io.Writer, ds *Dataset, opt EncodeOptions) error { return encodeSlow(w, ds, opt) }

// ReadDataset reads data as DecodeDataset does, without validating it:
// the reading alone, for the benchmark of read throughput.
func ReadDataset(name string, data []byte) (*Dataset, bool) {
	d := &datasetDecoder{name: name, data: data}
	ds := &Dataset{Policy: DefaultPolicy()}
	return ds, d.decodeFast(ds, decodeOptions{})
}

// ValidateFastAndPlain validates ds twice, as Validate does and with
// every record found through the id maps (the oracle), and renders each
// run's failures, in order, and the index built: the owner of every
// record of every relation.
func ValidateFastAndPlain(ds *Dataset) (fast, plain string) {
	render := func(errs ValidationErrors, x *Index) string {
		var b strings.Builder
		for _, e := range errs {
			fmt.Fprintln(&b, e.Error())
		}
		fmt.Fprintln(&b, "valid:", x.valid)
		b.WriteString(renderRelations(x))
		return b.String()
	}
	return render(ds.validateAs(false)), render(ds.validateAs(true))
}

// NewIndexFastAndPlain renders NewIndex(ds), and the index the obvious
// way builds — every id mapped to the first record with it, by asking
// the map whether it has it yet; every record's owner looked up there.
func NewIndexFastAndPlain(ds *Dataset) (fast, plain string) {
	x := NewIndex(ds)
	y := &Index{ds: ds, schools: map[SchoolID]int{}, families: map[FamilyID]int{}}
	for i, s := range ds.Schools {
		if _, ok := y.schools[s.ID]; !ok {
			y.schools[s.ID] = i
		}
	}
	for i, f := range ds.Families {
		if _, ok := y.families[f.ID]; !ok {
			y.families[f.ID] = i
		}
	}
	owner := func(n int, id func(int) FamilyID) relation {
		own := make([]int32, n)
		for i := range own {
			k, ok := y.families[id(i)]
			own[i] = int32(k)
			if !ok {
				own[i] = -1
			}
		}
		return relateOwners(len(ds.Families), own)
	}
	y.familyStudents = owner(len(ds.Students), func(i int) FamilyID { return ds.Students[i].Family })
	y.familyVisits = owner(len(ds.Visits), func(i int) FamilyID { return ds.Visits[i].Family })
	y.familyInvitations = owner(len(ds.Invitations), func(i int) FamilyID { return ds.Invitations[i].Family })
	y.familyWithdrawals = owner(len(ds.Withdrawals), func(i int) FamilyID { return ds.Withdrawals[i].Family })
	y.familyCommunications = owner(len(ds.Communications), func(i int) FamilyID { return ds.Communications[i].Family })
	own := make([]int32, len(ds.Students))
	for i, s := range ds.Students {
		k, ok := y.schools[s.School]
		own[i] = int32(k)
		if !ok {
			own[i] = -1
		}
	}
	y.schoolStudents = relateOwners(len(ds.Schools), own)
	render := func(x *Index) string {
		return fmt.Sprintln(x.schools, x.families) + renderRelations(x)
	}
	return render(x), render(y)
}

// renderRelations renders the owner of every record of every relation
// of x, and every owner's records.
func renderRelations(x *Index) string {
	var b strings.Builder
	for _, rel := range []relation{x.familyStudents, x.familyVisits, x.familyInvitations, x.familyWithdrawals, x.familyCommunications, x.schoolStudents} {
		fmt.Fprintln(&b, rel.owner)
		for k := range len(rel.start) - 1 {
			fmt.Fprint(&b, rel.at(k), " ")
		}
		fmt.Fprintln(&b)
	}
	return b.String()
}

// NewDateSlow and DateOfSlow are NewDate and DateOf through time.Date and
// time.Time.Date: the oracles of their day counting.
func NewDateSlow(y int, m time.Month, d int) Date { return newDateSlow(y, m, d) }
func DateOfSlow(t time.Time) Date                 { return dateOfSlow(t) }

// DateFromUnixDays is the Date of Unix day number days.
func DateFromUnixDays(days int64) Date { return Date{n: int32(days-epochDays) + 1} }
