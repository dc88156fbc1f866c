package selection

import "unsafe"

// numbering numbers the distinct ids it is asked about, 0, 1, 2… in the
// order it meets them, so that a population being built keeps a school's
// teachers and classes in slices by number rather than looking each
// mention up by its text.
//
// Decoded and synthetic datasets share one copy of an id among the
// records that refer to it (a school's students name its classes and
// teachers thousands of times), so an id is first looked for among the
// recent ones by where its bytes are — two strings with the same bytes
// in the same place are the same id, as strings never change — and only
// then hashed by its text. An id held in a copy of its own is still
// numbered right, only through the map.
type numbering[ID ~string] struct {
	ids    []ID // by number
	byID   map[ID]int32
	recent [recentSlots]recentID
}

// recentSlots is how many ids a numbering remembers by place: a few
// times the classes or teachers of one school.
const recentSlots = 256

// recentID is the number k of the id whose n bytes are at data; n is 0
// in an empty slot, and ids without bytes never take one.
type recentID struct {
	data unsafe.Pointer
	n    int
	k    int32
}

// slotOf returns the slot of the recent ids where the id at address a
// is remembered.
func slotOf(a uintptr) int {
	return int(uint64(a) * 0x9e3779b97f4a7c15 >> (64 - 8))
}

// number returns id's number, and whether id was met for the first time.
func (nb *numbering[ID]) number(id ID) (k int32, fresh bool) {
	if len(id) == 0 {
		return nb.byText(id)
	}
	p := unsafe.Pointer(unsafe.StringData(string(id)))
	r := &nb.recent[slotOf(uintptr(p))]
	if r.data == p && r.n == len(id) {
		return r.k, false
	}
	k, fresh = nb.byText(id)
	*r = recentID{p, len(id), k}
	return k, fresh
}

// byText returns id's number, found by its text, and whether id is new.
func (nb *numbering[ID]) byText(id ID) (int32, bool) {
	if k, ok := nb.byID[id]; ok {
		return k, false
	}
	if nb.byID == nil {
		nb.byID = map[ID]int32{}
	}
	k := int32(len(nb.ids))
	nb.byID[id] = k
	nb.ids = append(nb.ids, id)
	return k, true
}

// reset forgets every id, keeping the arrays for the next population.
func (nb *numbering[ID]) reset() {
	clear(nb.ids)
	nb.ids = nb.ids[:0]
	clear(nb.byID)
	nb.recent = [recentSlots]recentID{}
}
