package synth

import (
	"strconv"
	"strings"
)

// appendPadded appends v in decimal, zero-padded to width digits.
func appendPadded(b []byte, v, width int) []byte {
	var tmp [20]byte
	s := strconv.AppendInt(tmp[:0], int64(v), 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// digits returns the number of decimal digits of n (at least 1).
func digits(n int) int {
	d := 1
	for n >= 10 {
		n /= 10
		d++
	}
	return d
}

// makeID returns prefix followed by v zero-padded to width digits.
func makeID(prefix string, v, width int) string {
	b := make([]byte, 0, len(prefix)+width+2)
	b = append(b, prefix...)
	return string(appendPadded(b, v, width))
}

// idBlock returns the n identifiers prefix+1 … prefix+n, numbers zero-padded
// to width digits (more if n needs them, so that ids of one kind in one
// school sort in number order). All n share a single string allocation.
// Each id is the one before with its number counted up in place, as an
// odometer does: formatting every number afresh cost more than the rest
// of the block.
func idBlock[ID ~string](prefix string, width, n int) []ID {
	if n <= 0 {
		return nil
	}
	width = max(width, digits(n))
	w := len(prefix) + width
	// cur is the id being written: prefix, then width digits from 0.
	cur := make([]byte, w)
	copy(cur, prefix)
	num := cur[len(prefix):]
	for i := range num {
		num[i] = '0'
	}
	// A Builder's string is its buffer, not a copy of it.
	var all strings.Builder
	all.Grow(w * n)
	for range n {
		// Count up: n has at most width digits, so no carry leaves num.
		j := len(num) - 1
		for num[j] == '9' {
			num[j] = '0'
			j--
		}
		num[j]++
		all.Write(cur)
	}
	out := make([]ID, n)
	for i := range out {
		out[i] = ID(all.String()[i*w : (i+1)*w])
	}
	return out
}

// Random streams. Every school draws from its own streams, so schools are
// independent of each other and of the order they are built in.
const (
	streamDistrict = iota
	streamRoster
	streamProgram
	streamContacts
)
