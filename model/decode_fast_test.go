package model_test

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// requireSameDecoding decodes data with the fast reader (falling back as
// DecodeDataset does) and with the slow one, and requires the same
// dataset or the same error.
func requireSameDecoding(t require.TestingT, data []byte, workers, part int) {
	want, wantErr := model.DecodeBytesSlow("in.json", data)
	got, gotErr := model.DecodeBytes("in.json", data, workers, part)
	if wantErr != nil {
		require.Error(t, gotErr)
		require.Equal(t, wantErr.Error(), gotErr.Error())
		require.Equal(t, model.ErrorsOf(wantErr), model.ErrorsOf(gotErr))
		require.Nil(t, got)
		return
	}
	require.NoError(t, gotErr)
	require.Equal(t, want, got)
}

// TestFastReaderReadsEncodedDatasets: whatever EncodeDataset writes, the
// fast reader reads by itself, without falling back, to the dataset the
// slow reader gives — on one goroutine and on several, in parts as small
// as a few bytes.
func TestFastReaderReadsEncodedDatasets(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := datasetGen().Draw(t, "dataset")
		opt := model.EncodeOptions{IncludeContacts: rapid.Bool().Draw(t, "contacts"), Compact: rapid.Bool().Draw(t, "compact")}
		data := encodeDS(t, ds, opt)
		workers := rapid.IntRange(1, 4).Draw(t, "workers")
		part := rapid.IntRange(1, 4096).Draw(t, "part")
		require.True(t, model.DecodesFast(data, workers, part), "the fast reader declined:\n%s", data)
		requireSameDecoding(t, data, workers, part)
	})
}

// TestFastReaderAgreesWithSlow edits encoded datasets — a byte dropped,
// doubled or replaced, a field renamed, repeated or set to null, a value
// changed — and requires the same dataset or the same error from both
// readers.
func TestFastReaderAgreesWithSlow(t *testing.T) {
	pieces := []string{`"`, `\`, `,`, `:`, `{`, `}`, `[`, `]`, ` `, "\n", `null`, `0`, `-1`, `1.5`, `1e2`, `true`,
		`"x"`, `"\u0041"`, `"é"`, "\xff", `"ID"`, `"id": "X",`, `"students": [],`, `{}`, `[]`, `"2025-13-01"`,
		`"2025-09-01T10:00:00Z"`, `"40m"`, `"1h30m"`, `"08:00"`, `"24:00"`, `"yes"`, `9223372036854775808`}
	rapid.Check(t, func(t *rapid.T) {
		ds := datasetGen().Draw(t, "dataset")
		data := encodeDS(t, ds, model.EncodeOptions{IncludeContacts: true, Compact: rapid.Bool().Draw(t, "compact")})
		for range rapid.IntRange(1, 3).Draw(t, "edits") {
			at := rapid.IntRange(0, len(data)).Draw(t, "at")
			cut := rapid.IntRange(0, min(8, len(data)-at)).Draw(t, "cut")
			in := rapid.SampledFrom(pieces).Draw(t, "piece")
			if rapid.Bool().Draw(t, "copy") && at+cut < len(data) {
				in = string(data[at : at+cut]) // a repeated stretch: a field or value twice
			}
			data = append(data[:at:at], append([]byte(in), data[at+cut:]...)...)
		}
		workers := rapid.IntRange(1, 4).Draw(t, "workers")
		part := rapid.IntRange(1, 512).Draw(t, "part")
		requireSameDecoding(t, data, workers, part)
	})
}

// TestDecodeSameOnAnyCoreCount decodes a district of a few thousand
// records on one core and on many, in parts small enough that every
// large section is read by several goroutines, and requires the same
// dataset and the same encoding.
func TestDecodeSameOnAnyCoreCount(t *testing.T) {
	ds := mediumDataset(t)
	for _, compact := range []bool{false, true} {
		data := encodeDS(t, ds, model.EncodeOptions{IncludeContacts: true, Compact: compact})
		prev := runtime.GOMAXPROCS(1)
		one, err := model.DecodeDataset("one.json", bytes.NewReader(data))
		runtime.GOMAXPROCS(prev)
		require.NoError(t, err)
		require.Equal(t, string(data), string(encodeDS(t, one, model.EncodeOptions{IncludeContacts: true, Compact: compact})))
		for _, workers := range []int{2, 3, 8} {
			for _, part := range []int{64, 1000, 1 << 20} {
				many, err := model.DecodeBytes("many.json", data, workers, part)
				require.NoError(t, err)
				require.Equal(t, one, many, "workers=%d part=%d", workers, part)
				require.Equal(t, string(data), string(encodeDS(t, many, model.EncodeOptions{IncludeContacts: true, Compact: compact})))
			}
		}
	}
}

// mediumDataset is a valid generated district larger than a rapid case.
func mediumDataset(t *testing.T) *model.Dataset {
	var ds *model.Dataset
	rapid.Check(t, func(rt *rapid.T) {
		if ds == nil {
			ds = datasetGen().Draw(rt, "dataset")
		}
	})
	// Repeat the records under new ids so that each section spans many parts.
	big := *ds
	for i := range 40 {
		suffix := "-" + strings.Repeat("x", i%3) + string(rune('a'+i%26)) + string(rune('a'+i/26))
		for _, v := range ds.Visits {
			v.ID += model.VisitID(suffix)
			big.Visits = append(big.Visits, v)
		}
		for _, c := range ds.Communications {
			c.ID += model.CommunicationID(suffix)
			big.Communications = append(big.Communications, c)
		}
		for _, inv := range ds.Invitations {
			inv.ID += model.InvitationID(suffix)
			big.Invitations = append(big.Invitations, inv)
		}
	}
	require.NoError(t, big.Validate())
	return &big
}

// FuzzFastReader feeds both readers the same bytes: the same dataset or
// the same error.
func FuzzFastReader(f *testing.F) {
	files, err := filepath.Glob("testdata/*.json")
	require.NoError(f, err)
	for _, name := range files {
		b, err := os.ReadFile(name)
		require.NoError(f, err)
		f.Add(b, uint8(1), uint16(0))
		f.Add(b, uint8(3), uint16(100))
		f.Add(bytes.Replace(b, []byte(`"id"`), []byte(`"ID"`), 1), uint8(2), uint16(50))
		f.Add(bytes.Replace(b, []byte(`"family": `), []byte(`"family": null, "family": `), 1), uint8(2), uint16(50))
	}
	f.Fuzz(func(t *testing.T, data []byte, workers uint8, part uint16) {
		requireSameDecoding(t, data, int(workers%8)+1, int(part)+1)
	})
}

// TestFastReaderPassesOverExtensions inserts an extension member ("x_…")
// at the start of objects of encoded datasets — records, small sections,
// the document itself, and the maps whose keys are data — and requires
// the same dataset or the same error from both readers; a well-formed
// member in a record is read by the fast reader itself.
func TestFastReaderPassesOverExtensions(t *testing.T) {
	values := []string{`1`, `"sis-42"`, `{"a": [1, "}", null]}`, `[]`, `true`, `1.2.3`, `{"a" 1}`, `"\u00e9"`}
	rapid.Check(t, func(t *rapid.T) {
		ds := datasetGen().Draw(t, "dataset")
		data := encodeDS(t, ds, model.EncodeOptions{IncludeContacts: true, Compact: rapid.Bool().Draw(t, "compact")})
		var starts []int
		for i := 0; i+1 < len(data); i++ {
			if data[i] == '{' {
				starts = append(starts, i+1)
			}
		}
		for range rapid.IntRange(1, 3).Draw(t, "members") {
			at := rapid.SampledFrom(starts).Draw(t, "at")
			member := `"x_` + rapid.StringMatching(`[a-z_]{0,6}`).Draw(t, "name") + `": ` + rapid.SampledFrom(values).Draw(t, "value")
			rest := bytes.TrimLeft(data[at:], " \n")
			if len(rest) > 0 && rest[0] != '}' {
				member += ", "
			}
			data = append(data[:at:at], append([]byte(member), data[at:]...)...)
			for i := range starts {
				if starts[i] > at {
					starts[i] += len(member)
				}
			}
		}
		workers := rapid.IntRange(1, 4).Draw(t, "workers")
		part := rapid.IntRange(1, 512).Draw(t, "part")
		requireSameDecoding(t, data, workers, part)
	})
	t.Run("in a record, read fast", func(t *testing.T) {
		ds := mediumDataset(t)
		data := encodeDS(t, ds, model.EncodeOptions{IncludeContacts: true})
		data = bytes.Replace(data, []byte(`"id": "`), []byte(`"x_sis": {"key": [1, 2]}, "id": "`), -1)
		require.True(t, model.DecodesFast(data, 2, 4096))
		requireSameDecoding(t, data, 2, 4096)
		got, err := model.DecodeBytes("in.json", data, 2, 4096)
		require.NoError(t, err)
		opt := model.EncodeOptions{IncludeContacts: true}
		require.Equal(t, string(encodeDS(t, ds, opt)), string(encodeDS(t, got, opt)))
	})
}
