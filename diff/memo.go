package diff

import (
	"reflect"

	"github.com/jpl-au/fluent/node"
)

// A memoSlot names a place in the tree: the nearest enclosing keyed region
// and the ordinal of the memo node among those met directly inside it. A
// memo node is a hit only when its key equals the key stored for its slot.
type memoSlot struct {
	region string
	ord    int32
}

// A memoEntry is the stored output of one memo node: its HTML and the
// keyed regions inside it, with offsets relative to the entry's start and
// parents relative to the entry (-1: the enclosing region).
type memoEntry struct {
	key        any
	html       []byte
	regions    []region
	trust      []int32 // Trust offsets, relative to the entry's start
	start, end int32   // where the entry sits in the committed snapshot
}

// memoCache holds the entries of the committed render (prev) and those
// gathered by the render in progress (cur).
type memoCache struct {
	prev, cur    map[memoSlot]*memoEntry
	hits, misses int
}

func newMemoCache() *memoCache {
	return &memoCache{prev: map[memoSlot]*memoEntry{}, cur: map[memoSlot]*memoEntry{}}
}

func (m *memoCache) begin() { m.hits, m.misses = 0, 0; clear(m.cur) }

// commit makes the render in progress the reference for the next one.
func (m *memoCache) commit() { m.prev, m.cur = m.cur, m.prev; clear(m.cur) }

// forget drops every stored entry, e.g. after Import, which carries none.
func (m *memoCache) forget() { clear(m.prev); clear(m.cur) }

// shift keeps entry positions right after a Patch replaced the bytes in
// [from, to) with delta more (or fewer) bytes; entries overlapping the
// patched range no longer match the snapshot and are dropped.
func (m *memoCache) shift(from, to, delta int32) {
	for slot, e := range m.prev {
		switch {
		case e.end <= from:
		case e.start >= to:
			e.start += delta
			e.end += delta
		default:
			delete(m.prev, slot)
		}
	}
}

// A versionedKey is a memo key compared by its version alone, such as
// tether.Versioned, whose data is often a slice that == cannot compare.
type versionedKey interface{ Version() int }

// sameKey compares memo keys with ==, treating keys that cannot be
// compared (slices, maps, funcs inside an interface) as a miss. Keys of
// the same type with a Version method compare by version.
func sameKey(a, b any) (eq bool) {
	if va, ok := a.(versionedKey); ok {
		vb, ok := b.(versionedKey)
		return ok && reflect.TypeOf(a) == reflect.TypeOf(b) && va.Version() == vb.Version()
	}
	defer func() {
		if recover() != nil {
			eq = false
		}
	}()
	return a == b
}

func (w *walker) memoised(m node.Memoiser) {
	mc := w.memo
	top := len(w.ord) - 1
	slot := memoSlot{region: w.snap.regions[w.cur].key, ord: w.ord[top]}
	w.ord[top]++
	key := m.MemoiseKey()
	if e, ok := mc.prev[slot]; ok && sameKey(e.key, key) {
		mc.hits++
		w.reuse(slot, e)
		return
	}
	mc.misses++
	start, base, trustBase := int32(w.buf.Len()), int32(len(w.snap.regions)), len(w.snap.trust)
	w.walk(m.MemoiseRender())
	if w.err != nil {
		return
	}
	e := &memoEntry{key: key, start: start, end: int32(w.buf.Len())}
	e.html = append([]byte(nil), w.buf.Bytes()[start:]...)
	for _, t := range w.snap.trust[trustBase:] {
		e.trust = append(e.trust, t-start)
	}
	e.regions = make([]region, 0, len(w.snap.regions)-int(base))
	for _, r := range w.snap.regions[base:] {
		r.start -= start
		r.openEnd -= start
		r.closeStart -= start
		r.end -= start
		r.next -= base
		if r.parent < base {
			r.parent = -1
		} else {
			r.parent -= base
		}
		e.regions = append(e.regions, r)
	}
	mc.cur[slot] = e
}

// reuse splices a stored entry into the render in progress without
// running its closure.
func (w *walker) reuse(slot memoSlot, e *memoEntry) {
	snap := w.snap
	start, base := int32(w.buf.Len()), int32(len(snap.regions))
	for _, r := range e.regions {
		if _, dup := snap.index[r.key]; dup {
			w.err = dupKey(r.key)
			return
		}
		snap.index[r.key] = int32(len(snap.regions))
		r.start += start
		r.openEnd += start
		r.closeStart += start
		r.end += start
		r.next += base
		if r.parent < 0 {
			r.parent = w.cur
		} else {
			r.parent += base
		}
		r.clean = true
		snap.regions = append(snap.regions, r)
	}
	for _, t := range e.trust {
		snap.trust = append(snap.trust, t+start)
		snap.regions[w.cur].trusted = true // the entry's own markup may hold it
	}
	w.buf.Write(e.html)
	e.start, e.end = start, int32(w.buf.Len())
	w.memo.cur[slot] = e
}
