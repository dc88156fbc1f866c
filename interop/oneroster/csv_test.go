package oneroster

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

type csvRecord struct {
	fields []string
	lines  []int
}

func readAllCSV(t require.TestingT, in string, chunked bool) ([]csvRecord, error) {
	var src io.Reader = strings.NewReader(in)
	if chunked {
		src = iotest.OneByteReader(src) // every boundary falls inside a buffer refill
	}
	r := newCSVReader(src)
	var out []csvRecord
	for {
		rec, err := r.read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, csvRecord{fields: append([]string(nil), rec...), lines: append([]int(nil), r.lines...)})
	}
}

func TestCSVReaderLineEnds(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []csvRecord
	}{
		{"LF", "a,b\nc,d\n", []csvRecord{{[]string{"a", "b"}, []int{1, 1}}, {[]string{"c", "d"}, []int{2, 2}}}},
		{"CRLF", "a,b\r\nc,d\r\n", []csvRecord{{[]string{"a", "b"}, []int{1, 1}}, {[]string{"c", "d"}, []int{2, 2}}}},
		{"CR only", "a,b\rc,d\r", []csvRecord{{[]string{"a", "b"}, []int{1, 1}}, {[]string{"c", "d"}, []int{2, 2}}}},
		{"no final line end", "a,b\nc,d", []csvRecord{{[]string{"a", "b"}, []int{1, 1}}, {[]string{"c", "d"}, []int{2, 2}}}},
		{"mixed", "a\rb\r\nc\nd", []csvRecord{{[]string{"a"}, []int{1}}, {[]string{"b"}, []int{2}}, {[]string{"c"}, []int{3}}, {[]string{"d"}, []int{4}}}},
		{"empty lines are no records", "a\r\n\r\n\n\rb\n", []csvRecord{{[]string{"a"}, []int{1}}, {[]string{"b"}, []int{5}}}},
		{"quoted CRLF kept", "\"x\r\ny\",z\r\nw,v\r\n", []csvRecord{{[]string{"x\r\ny", "z"}, []int{1, 2}}, {[]string{"w", "v"}, []int{3, 3}}}},
		{"quoted CR and LF kept", "\"x\ry\nz\",q\n", []csvRecord{{[]string{"x\ry\nz", "q"}, []int{1, 3}}}},
		{"quoted quote and comma", "\"a \"\"b\"\", c\",d\n", []csvRecord{{[]string{`a "b", c`, "d"}, []int{1, 1}}}},
		{"empty values", ",,\n\"\",x\n", []csvRecord{{[]string{"", "", ""}, []int{1, 1, 1}}, {[]string{"", "x"}, []int{2, 2}}}},
		{"quoted value at the end", "a,\"b\"", []csvRecord{{[]string{"a", "b"}, []int{1, 1}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, chunked := range []bool{false, true} {
				got, err := readAllCSV(t, c.in, chunked)
				require.NoError(t, err)
				require.Equal(t, c.want, got, "chunked %v", chunked)
			}
		})
	}
}

func TestCSVReaderErrors(t *testing.T) {
	cases := []struct {
		name      string
		in        string
		line, col int
		err       error
	}{
		{"bare quote", "a,b\nc,d\"e\n", 2, 4, errBareQuote},
		{"bare quote after CR-only lines", "a\rb\rx\"\r", 3, 2, errBareQuote},
		{"text after a closing quote", "\"a\"b,c\n", 1, 3, errQuote},
		{"unterminated quote names where it opens", "a,b\nc,\"d\r\ne\n", 2, 3, errQuote},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := readAllCSV(t, c.in, false)
			ce, ok := errors.AsType[*csvError](err)
			require.True(t, ok, "%v", err)
			require.ErrorIs(t, ce.err, c.err)
			require.Equal(t, [2]int{c.line, c.col}, [2]int{ce.line, ce.col})
		})
	}
}

func TestCSVReaderCaps(t *testing.T) {
	long := strings.Repeat("x", MaxFieldBytes+1)
	_, err := readAllCSV(t, "a,b\nc,"+long+"\n", false)
	ce, ok := errors.AsType[*csvError](err)
	require.True(t, ok, "%v", err)
	require.ErrorIs(t, ce.err, ErrTooLarge)
	require.Equal(t, [2]int{2, 1}, [2]int{ce.line, ce.field}, "the second value of line 2")

	_, err = readAllCSV(t, "\""+long+"\"\n", false)
	require.ErrorIs(t, err.(*csvError).err, ErrTooLarge, "a quoted value too")

	half := strings.Repeat("y", MaxFieldBytes-10)
	_, err = readAllCSV(t, strings.Repeat(half+",", MaxRowBytes/MaxFieldBytes+1)+"\n", false)
	require.ErrorContains(t, err, "MaxRowBytes")

	_, err = readAllCSV(t, strings.Repeat(",", MaxColumns)+"\n", false)
	require.ErrorContains(t, err, "MaxColumns")
	_, err = readAllCSV(t, strings.Repeat(",", MaxColumns-1)+"\n", false)
	require.NoError(t, err, "exactly MaxColumns values")
}

func TestCapReader(t *testing.T) {
	r := &capReader{r: strings.NewReader("0123456789"), max: 10}
	data, err := io.ReadAll(r)
	require.NoError(t, err)
	require.Equal(t, "0123456789", string(data), "a file of exactly the cap is read whole")

	r = &capReader{r: strings.NewReader("0123456789A"), max: 10}
	data, err = io.ReadAll(r)
	require.ErrorIs(t, err, ErrTooLarge)
	require.Len(t, data, 10)
	_, err = r.Read(make([]byte, 4))
	require.ErrorIs(t, err, ErrTooLarge, "and stays refused")
}

// TestCSVReaderRoundTrip: records written as RFC 4180 with any line end,
// values holding commas, quotes and line breaks of every kind, read back
// as written, and each value's line is the physical line it starts on.
func TestCSVReaderRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		value := rapid.StringOfN(rapid.SampledFrom([]rune{'a', 'é', ' ', ',', '"', '\r', '\n'}), 0, 6, -1)
		nCols := rapid.IntRange(1, 4).Draw(t, "columns")
		records := rapid.SliceOfN(rapid.SliceOfN(value, nCols, nCols), 1, 5).Draw(t, "records")
		eol := rapid.SampledFrom([]string{"\n", "\r\n", "\r"}).Draw(t, "line end")
		var b strings.Builder
		var wantLines [][]int
		line := 1
		for _, rec := range records {
			var lines []int
			for i, v := range rec {
				if i > 0 {
					b.WriteByte(',')
				}
				lines = append(lines, line)
				if v == "" && len(rec) == 1 || strings.ContainsAny(v, ",\"\r\n") {
					b.WriteString(`"` + strings.ReplaceAll(v, `"`, `""`) + `"`)
					line += breaks(v)
				} else {
					b.WriteString(v)
				}
			}
			wantLines = append(wantLines, lines)
			b.WriteString(eol)
			line++
		}
		got, err := readAllCSV(t, b.String(), rapid.Bool().Draw(t, "chunked"))
		require.NoError(t, err)
		require.Len(t, got, len(records))
		for i := range records {
			require.Equal(t, records[i], got[i].fields, "record %d", i)
			require.Equal(t, wantLines[i], got[i].lines, "record %d", i)
		}
	})
}

// breaks counts line breaks: CRLF, CR and LF count one each.
func breaks(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n':
			n++
		case '\r':
			n++
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		}
	}
	return n
}
