package simulate

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"strconv"
	"strings"

	"github.com/homevisits/pthv/internal/nilarg"
	"github.com/homevisits/pthv/model"
)

// Shard is the K-th of N deterministic slices of a run, so that a run or
// sweep can be spread over the machines of a cluster (a Slurm job array,
// GNU parallel): the replications of a run, numbered design by design, are
// cut into N contiguous slices of nearly equal size, and slice K holds
// replications ⌊(K−1)·T/N⌋+1 … ⌊K·T/N⌋ of the T in all. Each replication
// uses only its own seed, so the rows of the N slices, in order, are the
// rows of the whole run byte for byte. The zero Shard is the whole run.
type Shard struct {
	K int `json:"k"`
	N int `json:"n"`
}

// MaxShards is the most slices a run may be cut into.
const MaxShards = 100_000

// ParseShard reads "K/N" (1 ≤ K ≤ N ≤ [MaxShards]), as --shard takes it.
func ParseShard(text string) (Shard, error) {
	k, n, ok := strings.Cut(text, "/")
	ki, err1 := strconv.Atoi(k)
	ni, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("shard %q: want K/N, such as 2/8", text)
	}
	s := Shard{K: ki, N: ni}
	if err := s.validate(); err != nil {
		return Shard{}, fmt.Errorf("shard %q: %w", text, err)
	}
	return s, nil
}

func (s Shard) validate() error {
	if s == (Shard{}) {
		return nil
	}
	if s.N < 1 || s.N > MaxShards || s.K < 1 || s.K > s.N {
		return fmt.Errorf("want 1 ≤ K ≤ N ≤ %d, got %d/%d", MaxShards, s.K, s.N)
	}
	return nil
}

// String writes "K/N", or "1/1" for the whole run.
func (s Shard) String() string {
	if s.N == 0 {
		return "1/1"
	}
	return strconv.Itoa(s.K) + "/" + strconv.Itoa(s.N)
}

// Whole reports whether s is the whole run (the zero Shard, or 1/1).
func (s Shard) Whole() bool { return s.N <= 1 }

// lo and hi bound the slice of total replications the shard holds, as
// positions [lo, hi) in run order.
func (s Shard) lo(total int) int {
	if s.Whole() {
		return 0
	}
	return cut(s.K-1, total, s.N)
}

func (s Shard) hi(total int) int {
	if s.Whole() {
		return total
	}
	return cut(s.K, total, s.N)
}

// cut returns ⌊k·total/n⌋ for 0 ≤ k ≤ n, without overflow.
func cut(k, total, n int) int {
	if k <= 0 || total <= 0 {
		return 0
	}
	if k >= n {
		return total
	}
	hi, lo := bits.Mul64(uint64(k), uint64(total))
	q, _ := bits.Div64(hi, lo, uint64(n)) // hi < n, as k < n and total < 2⁶³
	return int(q)
}

// Range returns the first and last replication (numbered in run order from
// 1, as run_id) the shard holds of a run of total replications; first >
// last when it holds none.
func (s Shard) Range(total int) (first, last int) {
	total = max(total, 0)
	return s.lo(total) + 1, s.hi(total)
}

// ErrMerge is wrapped by every error of [MergeCSV].
var ErrMerge = errors.New("cannot merge")

// MergeCSV joins CSV files written by the shards of one run, given in
// shard order, into the CSV of the whole run: the header once, then every
// file's rows. Each file must start with the same header line; the result
// is byte-identical to the CSV of a single run. names name the inputs in
// errors (the position is used when a name is missing). A nil reader or
// writer is an error wrapping [model.ErrInvalid]. Nothing is checked
// beyond the headers: the meta files say which slice each file holds.
func MergeCSV(w io.Writer, names []string, inputs ...io.Reader) error {
	if nilarg.Is(w) {
		return fmt.Errorf("simulate: MergeCSV: nil writer: %w", model.ErrInvalid)
	}
	if len(inputs) == 0 {
		return fmt.Errorf("simulate: MergeCSV: no input: %w", ErrMerge)
	}
	name := func(i int) string {
		if i < len(names) && names[i] != "" {
			return names[i]
		}
		return "input " + strconv.Itoa(i+1)
	}
	var header []byte
	bw := bufio.NewWriter(w)
	for i, in := range inputs {
		if nilarg.Is(in) {
			return fmt.Errorf("simulate: MergeCSV: %s: nil reader: %w", name(i), model.ErrInvalid)
		}
		br := bufio.NewReader(in)
		line, err := br.ReadBytes('\n')
		if err != nil && err != io.EOF {
			return fmt.Errorf("simulate: MergeCSV: %s: %w", name(i), err)
		}
		if len(line) == 0 || line[len(line)-1] != '\n' {
			return fmt.Errorf("simulate: MergeCSV: %s: no header line: %w", name(i), ErrMerge)
		}
		if i == 0 {
			header = line
			bw.Write(line)
		} else if !bytes.Equal(line, header) {
			return fmt.Errorf("simulate: MergeCSV: %s: its header differs from %s's: %w", name(i), name(0), ErrMerge)
		}
		if _, err := io.Copy(bw, br); err != nil {
			return fmt.Errorf("simulate: MergeCSV: %s: %w", name(i), err)
		}
	}
	return bw.Flush()
}
