package model

import (
	"fmt"
	"io"
	"strings"
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
		for _, rel := range []relation{x.familyStudents, x.familyVisits, x.familyInvitations, x.familyWithdrawals, x.familyCommunications, x.schoolStudents} {
			fmt.Fprintln(&b, rel.owner)
			for k := range len(rel.start) - 1 {
				fmt.Fprint(&b, rel.at(k), " ")
			}
			fmt.Fprintln(&b)
		}
		return b.String()
	}
	return render(ds.validateAs(false)), render(ds.validateAs(true))
}
