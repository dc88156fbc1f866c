package model

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// skipPlainBytewise is skipPlain one byte at a time, as the table says:
// its oracle.
func skipPlainBytewise(d []byte, i int) int {
	for i < len(d) && !stringStop[d[i]] {
		i++
	}
	return i
}

// TestSkipPlainStopsWhereTheTableSays holds skipPlain, which looks at
// eight bytes at a time, to the byte-by-byte scan: from any offset of any
// bytes — mostly plain ones, with quotes, backslashes, control characters
// and bytes of 0x80 and up anywhere, next to each other and at the edges
// of the eight-byte words — it stops at the same byte.
func TestSkipPlainStopsWhereTheTableSays(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		plain := rapid.ByteRange(0x20, 0x7f).Filter(func(c byte) bool { return !stringStop[c] })
		stop := rapid.SampledFrom([]byte{'"', '\\', 0, 0x1f, 0x01, 0x7f, 0x80, 0x9f, 0xa0, 0xc3, 0xff, ' ', '!', '#', '[', ']', '~'})
		d := rapid.SliceOfN(rapid.OneOf(plain, plain, plain, stop, rapid.Byte()), 0, 64).Draw(t, "data")
		i := rapid.IntRange(0, len(d)).Draw(t, "from")
		require.Equal(t, skipPlainBytewise(d, i), skipPlain(d, i), "data %q from %d", d, i)
	})
}

// TestSkipPlainEveryStopByteEverywhere puts each byte value at each
// place of a run of plain bytes, after every other byte value, so that
// each borrow that stopBytes may carry from one byte into the next is
// tried.
func TestSkipPlainEveryStopByteEverywhere(t *testing.T) {
	for first := range 256 {
		for second := range 256 {
			for at := range 10 {
				d := []byte("abcdefghijklmnopqrst")
				d[at], d[at+1] = byte(first), byte(second)
				for from := range 3 {
					if got, want := skipPlain(d, from), skipPlainBytewise(d, from); got != want {
						t.Fatalf("bytes %#x %#x at %d, from %d: got %d, want %d", first, second, at, from, got, want)
					}
				}
			}
		}
	}
}

// TestAttributesFromTheCacheAsRead holds the attribute maps a scanner
// hands out from its cache, by the bytes up to the first closing brace,
// to those the same bytes read afresh give (a scanner with an empty
// cache reads every member): over a run of objects written from few
// keys and values, so that most repeat — some spaced, escaped, repeating
// a key, with a brace in a string, or broken — each gives the same map,
// the same verdict and the same end.
func TestAttributesFromTheCacheAsRead(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		word := rapid.SampledFrom([]string{`"ell"`, `"no"`, `"yes"`, `"frl"`, `"e\u006cl"`, `""`, `"iep"`, `"x}"`, `"a,b"`, `"\"q"`})
		object := rapid.Custom(func(t *rapid.T) string {
			members := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) string {
				return word.Draw(t, "key") + rapid.SampledFrom([]string{":", " : ", ":"}).Draw(t, "colon") + word.Draw(t, "value")
			}), 0, 3).Draw(t, "members")
			text := "{" + strings.Join(members, rapid.SampledFrom([]string{",", ", "}).Draw(t, "comma")) + "}"
			if rapid.IntRange(0, 9).Draw(t, "broken") == 0 {
				at := rapid.IntRange(0, len(text)).Draw(t, "cut")
				text = text[:at] + rapid.SampledFrom([]string{"", "]", "1", `"`}).Draw(t, "put") + text[min(at+1, len(text)):]
			}
			return text
		})
		s := &scanner{scanState: newScanState()}
		for _, text := range rapid.SliceOfN(object, 1, 20).Draw(t, "objects") {
			data := []byte(text + `,"next"`)
			s.data, s.pos = data, 0
			var got map[string]string
			ok := s.attributes(&got)
			fresh := &scanner{data: data, scanState: newScanState()}
			var want map[string]string
			wantOK := fresh.attributes(&want)
			require.Equal(t, wantOK, ok, "%s", text)
			if ok {
				require.Equal(t, want, got, "%s", text)
				require.Equal(t, fresh.pos, s.pos, "%s", text)
			}
		}
	})
}

// TestPlainStringsReadAsAnyString holds text and key, which read a
// string of plain ASCII straight to its closing quote, to textAny and
// keyAny, which read every string through str: from any place in bytes
// made of quotes, escapes, colons, spaces, control characters, UTF-8 and
// broken UTF-8, each gives the same value, verdict and end.
func TestPlainStringsReadAsAnyString(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		piece := rapid.SampledFrom([]string{`"`, `"`, `a`, `id`, `S001-ST00001`, `\`, `\"`, `\u00e9`, `\n`, `\x`, `:`, ` `, "\n", "\x01", "\x7f", "é", "\xff", "\xc3", `,`, `}`})
		data := []byte(strings.Join(rapid.SliceOfN(piece, 0, 12).Draw(t, "pieces"), ""))
		from := rapid.IntRange(0, len(data)).Draw(t, "from")
		if q := bytes.IndexByte(data[from:], '"'); q >= 0 && rapid.Bool().Draw(t, "at a quote") {
			from += q // where a string starts, most often
		}

		fast, slow := &scanner{data: data, pos: from}, &scanner{data: data, pos: from}
		v, ok := fast.text()
		want, wantOK := slow.textAny()
		require.Equal(t, wantOK, ok, "text of %q from %d", data, from)
		if ok {
			require.Equal(t, string(want), string(v), "text of %q from %d", data, from)
			require.Equal(t, slow.pos, fast.pos, "text of %q from %d", data, from)
		}

		fast, slow = &scanner{data: data, pos: from}, &scanner{data: data, pos: from}
		k, ok := fast.key()
		wantK, wantOK := slow.keyAny()
		require.Equal(t, wantOK, ok, "key of %q from %d", data, from)
		if ok {
			require.Equal(t, string(wantK), string(k), "key of %q from %d", data, from)
			require.Equal(t, slow.pos, fast.pos, "key of %q from %d", data, from)
		}
	})
}
