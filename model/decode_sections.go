package model

import (
	"bytes"
	"encoding/json"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/homevisits/pthv/internal/mapfile"
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
			start := s.pos
			if !d.section(s, ds, key, opt) {
				return false
			}
			// A mapped file's pages of a section read are not needed
			// again (if the slow reader must read it all, it reads them
			// back from the page cache).
			mapfile.Done(d.data[start:s.pos])
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
	if strings.HasPrefix(key, ExtensionPrefix) {
		return s.extension()
	}
	s.ws()
	start := s.pos
	if !s.skip() {
		return false
	}
	end := s.pos
	// A small section's extension members are blanked for encoding/json,
	// as the slow reader blanks the whole document's.
	sub := &datasetDecoder{name: d.name, dec: json.NewDecoder(bytes.NewReader(dropExtensions(d.data[start:end]))), offsets: map[string][]int64{}}
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
	// inPlace: the part reads into the section's slices (newPart).
	inPlace bool
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
		// Read the record in place: a record read into a variable would
		// be one more allocation each.
		var zero T
		p.recs = append(p.recs, zero)
		if !rec(s, &p.recs[len(p.recs)-1]) {
			return
		}
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
// the section into parts at places that look like the start of a record
// and reads the parts side by side (in order, with one worker); a part
// counts only when the part before it ends exactly where it starts, so a
// wrong guess costs time, never a different result. The records and
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
	l := &gather[T]{data: d.data, first: s.pos, at: s.pos, waiting: map[int]*part[T]{}, end: -1}
	if len(d.data)-l.first > 2*opt.part {
		l.end = guessEnd(d.data, l.first, rec)
		l.readParts(rec, opt)
	}
	if !l.closed {
		// The rest of the section, in order.
		p := l.newPart(l.at, len(d.data)+1, -1)
		p.read(d.data, s.scanState, rec)
		if !p.ok || !p.closed {
			return false
		}
		l.place(p)
	}
	s.pos = l.at
	*out, d.offsets[section] = l.recs, l.offs
	return true
}

// gather gathers the records of a section in order as its parts are read.
type gather[T any] struct {
	data  []byte
	first int // where the first record starts
	end   int // a guess at where the section ends, for sizing, or -1

	mu      sync.Mutex
	recs    []T
	offs    []int64
	at      int              // where the next record to place starts
	next    int              // the part to place next
	waiting map[int]*part[T] // parts read but not yet placed
	closed  bool             // the section's end is placed
	broken  bool             // a part did not start where the one before ended
	spare   []*part[T]       // placed parts, whose slices are reused
}

// readParts reads the section's parts on opt.workers goroutines and
// places them in order. Part k starts at the first place that looks like
// a record start at or after first + k*size; no part is read after the
// section's end is placed or a part fails to follow the one before.
func (l *gather[T]) readParts(rec func(*scanner, *T) bool, opt decodeOptions) {
	data, first := l.data, l.first
	size := max(opt.part, (len(data)-first)/maxParts)
	n := (len(data) - first + size - 1) / size
	startOf := func(k int) int {
		if k == 0 {
			return first
		}
		return recordStart(data, first+k*size)
	}
	var next atomic.Int64
	var stop atomic.Bool
	var wg sync.WaitGroup
	var once sync.Once
	var failure any
	for range min(opt.workers, n) {
		wg.Go(func() {
			// A fault in mapped input is the caller's to turn into an error.
			debug.SetPanicOnFault(true)
			defer func() {
				if r := recover(); r != nil {
					once.Do(func() { failure = r })
					stop.Store(true)
				}
			}()
			st := newScanState()
			for !stop.Load() {
				k := int(next.Add(1)) - 1
				if k >= n {
					return
				}
				start := startOf(k)
				if start >= len(data) {
					return // and so do the parts after it
				}
				p := l.newPart(start, startOf(k+1), k)
				p.read(data, st, rec)
				if l.finish(k, p) {
					stop.Store(true)
				}
			}
		})
	}
	wg.Wait()
	if failure != nil {
		panic(failure)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.placeWaiting()
}

// newPart returns an empty part k (-1: the rest of the section, read in
// order). The part whose turn it is to be placed next reads its records
// straight into the section's slices, past their end: placing it then
// copies nothing. Another reuses the slices of a placed part.
func (l *gather[T]) newPart(start, limit, k int) *part[T] {
	l.mu.Lock()
	defer l.mu.Unlock()
	p := &part[T]{}
	switch {
	case l.recs != nil && (k == l.next || k < 0) && !l.broken && !l.closed:
		p.recs, p.offs = l.recs[len(l.recs):len(l.recs)], l.offs[len(l.offs):len(l.offs)]
		p.inPlace = true
	case len(l.spare) > 0:
		n := len(l.spare)
		p, l.spare = l.spare[n-1], l.spare[:n-1]
		*p = part[T]{recs: p.recs[:0], offs: p.offs[:0]}
	}
	p.start, p.limit = start, limit
	return p
}

// finish hands in part k and places it, and the parts after it that
// were waiting for it, when their turn has come. It reports whether no
// more parts need reading.
func (l *gather[T]) finish(k int, p *part[T]) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.waiting[k] = p
	l.placeWaiting()
	return l.closed || l.broken
}

// placeWaiting places the parts read whose turn has come, in order.
func (l *gather[T]) placeWaiting() {
	for !l.closed && !l.broken {
		q, ok := l.waiting[l.next]
		if !ok {
			break
		}
		delete(l.waiting, l.next)
		l.next++
		if !q.ok || q.start != l.at {
			l.broken = true
			break
		}
		l.placeLocked(q)
	}
}

func (l *gather[T]) place(p *part[T]) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.placeLocked(p)
}

// placeLocked appends p's records. The first part with records sizes the
// section's slices from its bytes per record and the guessed end, so
// that they are filled without growing; parts then go back to the spare
// list, so that the records pass through memory already in use.
func (l *gather[T]) placeLocked(p *part[T]) {
	l.at, l.closed = p.next, p.closed
	if l.recs == nil {
		if len(p.recs) == 0 || l.end <= l.first {
			// No guess at the section's size: the part's own slices
			// start the section's.
			l.recs, l.offs = p.recs, p.offs
			return
		}
		perRecord := float64(p.next-p.start) / float64(len(p.recs))
		est := int(float64(l.end-l.first)/perRecord*1.05) + len(p.recs) + 16
		l.recs, l.offs = make([]T, 0, est), make([]int64, 0, est)
	}
	if p.inPlace && follows(l.recs, p.recs) && follows(l.offs, p.offs) {
		l.recs, l.offs = l.recs[:len(l.recs)+len(p.recs)], l.offs[:len(l.offs)+len(p.offs)]
		return
	}
	l.recs, l.offs = append(l.recs, p.recs...), append(l.offs, p.offs...)
	if !p.inPlace {
		clear(p.recs) // the records now live in l.recs
		l.spare = append(l.spare, p)
	}
}

// follows reports whether b lies in a's array right after a's end, where
// a part read in place put it (unless it outgrew the room there).
func follows[E any](a, b []E) bool {
	return len(b) == 0 || cap(a) > len(a) && &a[:len(a)+1][len(a)] == &b[0]
}

// sampleRecords is the number of records a part reads before it sizes its
// slices for the rest.
const sampleRecords = 32

// maxParts bounds the number of parts of a section, so that the search
// for their starts stays in proportion to the input.
const maxParts = 4096

// guessEnd guesses where a large section whose first record starts at
// first ends, to size the section's slices, without reading all of it: a
// binary search for the last place where what looks like a record start
// (recordStart) reads as a record of the section. A wrong guess — a
// nested object read as a record, say — costs memory or a copy, never a
// different result.
func guessEnd[T any](data []byte, first int, rec func(*scanner, *T) bool) int {
	st := newScanState()
	lo, hi := first, len(data)
	for hi-lo > 4096 {
		mid := lo + (hi-lo)/2
		at := recordStart(data, mid)
		var v T
		if at < hi && rec(&scanner{data: data, pos: at, scanState: st}, &v) {
			lo = at + 1
		} else {
			hi = mid
		}
	}
	return hi
}

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
