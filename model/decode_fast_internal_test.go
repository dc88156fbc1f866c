package model

import (
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
