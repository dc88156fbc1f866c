package model

import (
	"bytes"
	"encoding/json"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/homevisits/pthv/internal/parallel"
)

// decodeOptions choose how DecodeDataset reads; the zero value is its own
// choice. Tests set them to compare the readers and to cut small inputs
// into many parts.
type decodeOptions struct {
	// workers is the number of goroutines that read a large section;
	// 0 means GOMAXPROCS.
	workers int
	// part is the number of bytes of a section one goroutine reads at a
	// time; 0 means 1 MiB.
	part int
	// slow reads with encoding/json alone: the fast reader's oracle.
	slow bool
}

// decodeFast reads data into ds with the fast reader and reports whether
// it could; see decode_fast.go. On false, ds and d hold a partial read.
func (d *datasetDecoder) decodeFast(ds *Dataset, opt decodeOptions) bool {
	if opt.workers <= 0 {
		opt.workers = runtime.GOMAXPROCS(0)
	}
	if opt.part <= 0 {
		opt.part = 1 << 20
	}
	s := &scanner{data: d.data, scanState: newScanState()}
	d.offsets = map[string][]int64{}
	if !s.eat('{') {
		return false
	}
	seen := map[string]bool{}
	if s.peek() != '}' {
		for {
			k, ok := s.key()
			if !ok || seen[string(k)] {
				return false
			}
			key := string(k)
			seen[key] = true
			if !d.section(s, ds, key, opt) {
				return false
			}
			if !s.eat(',') {
				break
			}
		}
	}
	s.ws()
	d.end = int64(s.pos)
	if !s.eat('}') {
		return false
	}
	s.ws()
	return s.pos == len(d.data) && ds.Format == Format
}

// section reads the value of one top-level key: a large section record by
// record, any other as the slow reader does, on its bytes alone.
func (d *datasetDecoder) section(s *scanner, ds *Dataset, key string, opt decodeOptions) bool {
	switch key {
	case "classes":
		return readList(d, s, key, &ds.Classes, (*scanner).class, opt)
	case "educators":
		return readList(d, s, key, &ds.Educators, (*scanner).educator, opt)
	case "students":
		return readList(d, s, key, &ds.Students, (*scanner).student, opt)
	case "families":
		return readList(d, s, key, &ds.Families, (*scanner).family, opt)
	case "invitations":
		return readList(d, s, key, &ds.Invitations, (*scanner).invitation, opt)
	case "visits":
		return readList(d, s, key, &ds.Visits, (*scanner).visit, opt)
	case "communications":
		return readList(d, s, key, &ds.Communications, (*scanner).communication, opt)
	}
	s.ws()
	start := s.pos
	if !s.skip() {
		return false
	}
	end := s.pos
	sub := &datasetDecoder{name: d.name, dec: json.NewDecoder(bytes.NewReader(d.data[start:end])), offsets: map[string][]int64{}}
	sub.dec.DisallowUnknownFields()
	read, ok := sub.sections(ds)[key]
	if !ok || read() != nil || sub.dec.InputOffset() != int64(end-start) {
		return false
	}
	if offs, ok := sub.offsets[key]; ok {
		for i := range offs {
			offs[i] += int64(start)
		}
		d.offsets[key] = offs
	}
	return true
}

// part is a run of records of one section: those that start at or after
// start and before limit.
type part[T any] struct {
	start, limit int
	recs         []T
	offs         []int64
	// next is where the record after the part starts, or the end of the
	// section's closing bracket when closed.
	next   int
	closed bool
	ok     bool
}

// read reads the part's records with rec, from start, which must be the
// start of a record.
func (p *part[T]) read(data []byte, st *scanState, rec func(*scanner, *T) bool) {
	s := &scanner{data: data, pos: p.start, scanState: st}
	for {
		s.ws()
		at := s.pos
		if at >= p.limit {
			p.next, p.ok = at, true
			return
		}
		var v T
		if !rec(s, &v) {
			return
		}
		p.recs = append(p.recs, v)
		p.offs = append(p.offs, int64(at))
		if len(p.recs) == sampleRecords && p.limit <= len(data) {
			// Size the part's slices once, from the bytes the first
			// records took: growing them by doubling would copy each
			// record twice more, into fresh memory.
			est := int(float64(p.limit-p.start)/float64(s.pos-p.start)*sampleRecords*1.1) + 8
			p.recs, p.offs = slices.Grow(p.recs, est-len(p.recs)), slices.Grow(p.offs, est-len(p.offs))
		}
		if s.eat(',') {
			continue
		}
		if s.eat(']') {
			p.next, p.closed, p.ok = s.pos, true, true
		}
		return
	}
}

// readList reads a large section: an array of records, or null. It cuts
// the section into parts at places that
// look like the start of a record and reads the parts side by side (in
// order, with one worker); a
// part counts only when the part before it ends exactly where it starts,
// so a wrong guess costs time, never a different result. The records and
// their offsets are those that reading the whole section in order gives.
func readList[T any](d *datasetDecoder, s *scanner, section string, out *[]T, rec func(*scanner, *T) bool, opt decodeOptions) bool {
	if s.peek() == 'n' {
		if !bytes.HasPrefix(d.data[s.pos:], []byte("null")) {
			return false
		}
		s.pos += len("null")
		return true
	}
	if !s.eat('[') {
		return false
	}
	if s.eat(']') {
		return true // an empty section stays nil, as in the slow reader
	}
	s.ws()
	first := s.pos
	var parts []*part[T]
	if len(d.data)-first > 2*opt.part {
		parts = readParts(d.data, first, rec, opt)
	}

	var taken []*part[T]
	at, n := first, 0
	for k := 0; ; k++ {
		if k < len(parts) && parts[k] != nil && parts[k].ok && parts[k].start == at {
			p := parts[k]
			taken, n = append(taken, p), n+len(p.recs)
			at = p.next
			if p.closed {
				break
			}
			continue
		}
		// The rest of the section, in order.
		p := &part[T]{start: at, limit: len(d.data) + 1}
		p.read(d.data, s.scanState, rec)
		if !p.ok || !p.closed {
			return false
		}
		taken, n = append(taken, p), n+len(p.recs)
		at = p.next
		break
	}
	s.pos = at
	if len(taken) == 1 {
		*out = taken[0].recs
		d.offsets[section] = taken[0].offs
		return true
	}
	recs, offs := make([]T, n), make([]int64, n)
	at = 0
	from := make([]int, len(taken))
	for k, p := range taken {
		from[k], at = at, at+len(p.recs)
	}
	parallel.For(len(taken), func(k int) {
		copy(recs[from[k]:], taken[k].recs)
		copy(offs[from[k]:], taken[k].offs)
	})
	*out, d.offsets[section] = recs, offs
	return true
}

// sampleRecords is the number of records a part reads before it sizes its
// slices for the rest.
const sampleRecords = 32

// readParts reads the parts of a section that starts at first, on
// opt.workers goroutines. Part k starts at the first place that looks
// like a record start at or after first + k*opt.part; the parts after one
// that reaches the section's end are not read.
func readParts[T any](data []byte, first int, rec func(*scanner, *T) bool, opt decodeOptions) []*part[T] {
	size := max(opt.part, (len(data)-first)/maxParts)
	parts := make([]*part[T], (len(data)-first+size-1)/size)
	startOf := func(k int) int {
		if k == 0 {
			return first
		}
		return recordStart(data, first+k*size)
	}
	var next atomic.Int64
	var end atomic.Int64 // the index of the first part seen to close the section
	end.Store(int64(len(parts)))
	var wg sync.WaitGroup
	var once sync.Once
	var failure any
	for range opt.workers {
		wg.Go(func() {
			// A fault in mapped input is the caller's to turn into an error.
			debug.SetPanicOnFault(true)
			defer func() {
				if r := recover(); r != nil {
					once.Do(func() { failure = r })
					next.Store(int64(len(parts)))
				}
			}()
			st := newScanState()
			for {
				k := int(next.Add(1)) - 1
				if k >= len(parts) || int64(k) > end.Load() {
					return
				}
				p := &part[T]{start: startOf(k), limit: startOf(k + 1)}
				if p.start >= len(data) {
					return // and so do the parts after it
				}
				p.read(data, st, rec)
				parts[k] = p
				if p.closed {
					for e := end.Load(); int64(k) < e && !end.CompareAndSwap(e, int64(k)); e = end.Load() {
					}
				}
			}
		})
	}
	wg.Wait()
	if failure != nil {
		panic(failure)
	}
	return parts
}

// maxParts bounds the number of parts of a section, so that the search
// for their starts stays in proportion to the input.
const maxParts = 4096

// recordStart returns the first offset at or after from that looks like
// the start of a record in a section's array — an object whose first key
// is "id" and that follows a comma after another object — or len(data).
func recordStart(data []byte, from int) int {
	if from < 0 {
		from = 0
	}
	for from < len(data) {
		i := bytes.IndexByte(data[from:], '{')
		if i < 0 {
			break
		}
		at := from + i
		from = at + 1
		j := at - 1
		for j >= 0 && isSpace(data[j]) {
			j--
		}
		if j < 0 || data[j] != ',' {
			continue
		}
		for j--; j >= 0 && isSpace(data[j]); j-- {
		}
		if j < 0 || data[j] != '}' {
			continue
		}
		k := at + 1
		for k < len(data) && isSpace(data[k]) {
			k++
		}
		if bytes.HasPrefix(data[k:], []byte(`"id"`)) {
			return at
		}
	}
	return len(data)
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }
