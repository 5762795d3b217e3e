package diff

import (
	"fmt"

	"github.com/jpl-au/fluent/node"
)

// Patch renders only subtree, whose root must be the element keyed key,
// and diffs it against that region of the committed render. The rest of
// the tree is neither rendered nor compared. On success the committed
// render is updated in place, so a later Diff compares against it.
func (d *Differ) Patch(key string, subtree node.Node) (*Result, error) {
	d.res = Result{List: d.res.List[:0], Patches: d.res.Patches[:0]}
	o, ok := d.old.index[key]
	if !ok || o == 0 {
		return nil, fmt.Errorf("%w: Patch(%q): no such region in the last render", ErrUnknownKey, key)
	}
	memo := d.w.memo
	d.w.memo = nil // subtrees are rendered whole; memo entries inside are dropped below
	err := d.w.render(subtree, &d.scratch, "")
	d.w.memo = memo
	if err != nil {
		return nil, err
	}
	if err := d.checkSubtree(key, o); err != nil {
		return nil, err
	}
	resized := d.scratch.regions[0].next-1 != d.old.regions[o].next-o
	d.cur, d.scratch = d.scratch, d.cur
	d.compare(1, resized)
	if err := d.check(1, d.unchecked); err != nil {
		d.cur, d.scratch = d.scratch, d.cur
		return nil, err
	}
	d.splice(o)
	d.cur, d.scratch = d.scratch, d.cur
	return &d.res, nil
}

// checkSubtree verifies the scratch render is exactly the keyed element
// and brings no key that lives elsewhere in the committed render.
func (d *Differ) checkSubtree(key string, o int32) error {
	sc := &d.scratch
	if len(sc.regions) < 2 || sc.regions[1].key != key || sc.regions[1].start != 0 ||
		int(sc.regions[1].end) != len(sc.html) {
		return fmt.Errorf("%w: Patch(%q): the subtree must be a single element keyed %q", ErrUnknownKey, key, key)
	}
	last := d.old.regions[o].next
	for _, r := range sc.regions[2:] {
		if oi, ok := d.old.index[r.key]; ok && (oi < o || oi >= last) {
			return dupKey(r.key)
		}
	}
	return nil
}

// splice replaces region o of the committed render, and its descendants,
// with the subtree held in d.cur (the scratch render).
func (d *Differ) splice(o int32) {
	old, sub := &d.old, &d.cur
	r := old.regions[o]
	delta := int32(len(sub.html)) - (r.end - r.start)
	count := int32(len(sub.regions) - 1)
	countDelta := count - (r.next - o)

	old.html = spliceBytes(old.html, int(r.start), int(r.end), sub.html)
	if d.w.memo != nil {
		d.w.memo.shift(r.start, r.end, delta)
	}
	for _, x := range old.regions[o:r.next] {
		delete(old.index, x.key)
	}
	// Ancestors grow or shrink; later regions move.
	for p := r.parent; p >= 0; p = old.regions[p].parent {
		a := &old.regions[p]
		a.closeStart += delta
		a.end += delta
		a.next += countDelta
	}
	tail := old.regions[r.next:]
	for k := range tail {
		t := &tail[k]
		t.start += delta
		t.openEnd += delta
		t.closeStart += delta
		t.end += delta
		t.next += countDelta
		if t.parent >= r.next {
			t.parent += countDelta
		}
	}
	old.regions = spliceRegions(old.regions, int(o), int(r.next), sub.regions[1:])
	for k := o; k < o+count; k++ {
		x := &old.regions[k]
		x.start += r.start
		x.openEnd += r.start
		x.closeStart += r.start
		x.end += r.start
		x.next += o - 1
		if x.parent == 0 {
			x.parent = r.parent
		} else {
			x.parent += o - 1
		}
		x.clean = false
		old.index[x.key] = k
	}
	if countDelta != 0 {
		for k := o + count; k < int32(len(old.regions)); k++ {
			old.index[old.regions[k].key] = k
		}
	}
}

func spliceBytes(b []byte, from, to int, with []byte) []byte {
	if len(with) == to-from {
		copy(b[from:], with)
		return b
	}
	tail := len(b) - to
	n := from + len(with) + tail
	if n > cap(b) {
		nb := make([]byte, n, n+n/4)
		copy(nb, b[:from])
		copy(nb[from+len(with):], b[to:])
		copy(nb[from:], with)
		return nb
	}
	b = b[:max(n, len(b))]
	copy(b[from+len(with):], b[to:to+tail])
	copy(b[from:], with)
	return b[:n]
}

func spliceRegions(rs []region, from, to int, with []region) []region {
	if len(with) == to-from {
		copy(rs[from:], with)
		return rs
	}
	out := append(rs[:from:from], with...)
	return append(out, rs[to:]...)
}
