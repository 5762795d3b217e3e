package diff

import (
	"errors"
	"html"

	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether/wire"
)

// Errors reported by the engine. Each wraps more detail naming the key.
var (
	ErrDuplicateKey = errors.New("tether: duplicate Dynamic key")
	ErrInvalidKey   = errors.New("tether: invalid Dynamic key")
	ErrUnknownKey   = errors.New("tether: unknown Dynamic key")
)

// A Result is what one diff produced. Its slices belong to the engine and
// stay valid until the engine's next call.
type Result struct {
	// RootSet reports a morph of the whole root; Root is its new inner HTML.
	RootSet bool
	Root    string
	// List holds keyed list operations, to apply in order before Patches.
	List []wire.ListOp
	// Patches holds targeted changes in document order.
	Patches []wire.Patch
	// Structural is non-nil when keys were added, removed or reordered.
	Structural *Structural
	// MemoHits and MemoMisses count memo nodes reused and re-rendered;
	// both are zero for a plain Differ.
	MemoHits, MemoMisses int
	// Unkeyed is set when RootSet was caused by a change outside every
	// Dynamic region: it names the first element whose markup changed,
	// e.g. `h1#title.big in root`. Keying that element (or an ancestor)
	// turns such root morphs into small patches.
	Unkeyed string
}

// Changed reports whether the result carries anything for the client.
func (r *Result) Changed() bool {
	return r.RootSet || len(r.List) > 0 || len(r.Patches) > 0
}

// Structural describes keys added, removed or reordered by a diff and the
// HTML bytes that had to be sent because of it (inserted rows and any
// region morphed because its keyed children changed).
type Structural struct {
	Added     []string
	Removed   []string
	Reordered bool
	Bytes     int
}

// A Differ renders Fluent trees and reports how each render differs from
// the one before, region by keyed region. The zero value is ready to use.
// A Differ is not safe for concurrent use; a session owns one.
type Differ struct {
	old, cur snapshot // committed render, render in progress
	w        walker
	res      Result
	st       Structural
	scratch  snapshot // Patch renders subtrees here
	lis      lisScratch
	covered  int32 // regions of cur below this index are already sent
	// unchecked is set while the baseline came from Import rather than
	// from a checked render, so nothing in it may be taken as checked.
	unchecked bool
	chk       checker
}

// New returns a Differ; same as new(Differ).
func New() *Differ { return new(Differ) }

// Render renders root, makes it the baseline for the next Diff, and
// returns its HTML. Use it for the first page load. The returned slice is
// valid until the next call. Errors are those of Diff.
func (d *Differ) Render(root node.Node) ([]byte, error) {
	if err := d.renderCur(root); err != nil {
		return nil, err
	}
	if err := d.check(0, true); err != nil {
		return nil, err
	}
	d.commit()
	return d.old.html, nil
}

// HTML returns the HTML of the committed render, valid until the next call.
func (d *Differ) HTML() []byte { return d.old.html }

// Reset forgets the baseline, so the next Diff sends a root morph.
func (d *Differ) Reset() {
	d.old.reset()
	if d.w.memo != nil {
		d.w.memo.forget()
	}
}

// Diff renders root and compares it with the committed render. On success
// the new render becomes the baseline; on error (a bad key, or markup that
// could run script: ErrUnsafeMarkup) the baseline is kept.
func (d *Differ) Diff(root node.Node) (*Result, error) {
	d.res = Result{List: d.res.List[:0], Patches: d.res.Patches[:0]}
	if err := d.renderCur(root); err != nil {
		return nil, err
	}
	if d.w.memo != nil {
		d.res.MemoHits, d.res.MemoMisses = d.w.memo.hits, d.w.memo.misses
	}
	first := d.old.empty()
	if first {
		d.res.RootSet, d.res.Root = true, string(d.cur.html)
	} else {
		d.compare(0, len(d.cur.regions) != len(d.old.regions))
	}
	if err := d.check(0, first || d.unchecked); err != nil {
		return nil, err
	}
	if d.res.RootSet && !first {
		d.res.Unkeyed = d.unkeyed()
	}
	d.commit()
	return &d.res, nil
}

func (d *Differ) renderCur(root node.Node) error {
	if d.w.memo != nil {
		d.w.memo.begin()
	}
	err := d.w.render(root, &d.cur, "")
	if err != nil && d.w.memo != nil {
		d.w.memo.begin() // drop what the failed render gathered
	}
	return err
}

// check refuses unsafe markup in the render in progress, from region
// from on: every region unless compare found its own markup unchanged.
// On error the memo entries it gathered are dropped.
func (d *Differ) check(from int32, all bool) error {
	cur := &d.cur
	for i := from; i < int32(len(cur.regions)); i++ {
		r := &cur.regions[i]
		if !all && (r.same || r.clean) && !r.trusted {
			continue
		}
		if err := cur.checkRegion(i, &d.chk); err != nil {
			if d.w.memo != nil {
				d.w.memo.begin()
			}
			return err
		}
	}
	return nil
}

func (d *Differ) commit() {
	d.unchecked = false
	d.old, d.cur = d.cur, d.old
	if d.w.memo != nil {
		d.w.memo.commit()
	}
}

// compare walks the new render's regions in document order. A region is
// patched only when its own markup changed; nested regions are holes
// compared on their own, so one change yields one patch.
//
// Comparison starts at region from; Patch starts at the patched region,
// whose parent it does not check.
func (d *Differ) compare(from int32, structural bool) {
	d.st = Structural{Added: d.st.Added[:0], Removed: d.st.Removed[:0]}
	d.covered = 0
	cur, old := &d.cur, &d.old
	for i := from; i < int32(len(cur.regions)); i++ {
		if i < d.covered {
			continue
		}
		n := &cur.regions[i]
		o, ok := old.index[n.key]
		if !ok || i != from && old.regions[o].parent >= 0 && n.parent >= 0 &&
			old.regions[old.regions[o].parent].key != cur.regions[n.parent].key {
			// New here: the parent already inserted it or was morphed.
			structural = true
			continue
		}
		if n.clean {
			continue
		}
		if !d.sameChildren(o, i) {
			structural = true
			if d.listOps(o, i) {
				// Head and tail kept, nothing between rows: checked before.
				n.same = len(d.lis.oldKeys) > 0 && len(d.lis.newKeys) > 0 && !old.regions[o].trusted
			} else {
				d.morph(i, true)
			}
			continue
		}
		d.patchOwn(o, i)
	}
	if structural {
		oldFrom, oldTo := int32(1), int32(len(old.regions))
		if from > 0 { // Patch: only the patched region's old subtree
			oldFrom = old.index[cur.regions[from].key]
			oldTo = old.regions[oldFrom].next
		}
		d.reportStructure(from, oldFrom, oldTo)
	}
}

// patchOwn emits the smallest patch for a region whose keyed children
// are unchanged: nothing, its text, its attributes, or a morph.
func (d *Differ) patchOwn(o, i int32) {
	cur, old := &d.cur, &d.old
	openSame := string(old.open(o)) == string(cur.open(i))
	segsSame := string(old.close(o)) == string(cur.close(i)) && d.sameSegments(o, i)
	switch {
	case openSame && segsSame:
		// Equal bytes inherit the check, not a Trust exemption.
		cur.regions[i].same = !old.regions[o].trusted
	case i == 0:
		d.morph(0, false)
	case openSame && cur.firstChild(i) < 0 && isText(cur.open(i), cur.inner(i)):
		d.res.Patches = append(d.res.Patches, wire.Patch{
			Op: wire.Text, Key: cur.regions[i].key, Text: html.UnescapeString(string(cur.inner(i))),
		})
	case segsSame:
		if attrs, ok := attrChanges(old.open(o), cur.open(i)); ok {
			d.res.Patches = append(d.res.Patches, wire.Patch{Op: wire.Attrs, Key: cur.regions[i].key, Attrs: attrs})
			return
		}
		d.morph(i, false)
	default:
		d.morph(i, false)
	}
}

// morph sends region i whole and skips its descendants.
func (d *Differ) morph(i int32, structural bool) {
	cur := &d.cur
	d.covered = cur.regions[i].next
	if i == 0 {
		d.res.RootSet, d.res.Root = true, string(cur.html)
		if structural {
			d.st.Bytes += len(cur.html)
		}
		return
	}
	h := cur.outer(i)
	if structural {
		d.st.Bytes += len(h)
	}
	d.res.Patches = append(d.res.Patches, wire.Patch{Op: wire.Morph, Key: cur.regions[i].key, HTML: string(h)})
}

// sameChildren reports whether old region o and new region i have the
// same keyed children in the same order.
func (d *Differ) sameChildren(o, i int32) bool {
	old, cur := &d.old, &d.cur
	a, b := old.firstChild(o), cur.firstChild(i)
	for a >= 0 && b >= 0 {
		if old.regions[a].key != cur.regions[b].key {
			return false
		}
		a, b = old.nextSibling(o, a), cur.nextSibling(i, b)
	}
	return a < 0 && b < 0
}

// sameSegments compares the own markup between keyed children; callers
// have checked that both regions have the same children.
func (d *Differ) sameSegments(o, i int32) bool {
	old, cur := &d.old, &d.cur
	pa, pb := int32(-1), int32(-1)
	a, b := old.firstChild(o), cur.firstChild(i)
	for {
		if string(old.segment(o, pa, a)) != string(cur.segment(i, pb, b)) {
			return false
		}
		if a < 0 {
			return true
		}
		pa, pb = a, b
		a, b = old.nextSibling(o, a), cur.nextSibling(i, b)
	}
}

// isText reports whether content is plain text that textContent can set
// exactly. Script and style bodies are not entity-decoded by browsers, so
// they are always morphed.
func isText(open, content []byte) bool {
	for _, c := range content {
		if c == '<' {
			return false
		}
	}
	return !hasTag(open, "script") && !hasTag(open, "style")
}

func hasTag(open []byte, name string) bool {
	if len(open) < len(name)+1 || open[0] != '<' {
		return false
	}
	if string(open[1:1+len(name)]) != name {
		return false
	}
	if len(open) == len(name)+1 {
		return true
	}
	c := open[1+len(name)]
	return c == ' ' || c == '>' || c == '/'
}

func (d *Differ) reportStructure(from, oldFrom, oldTo int32) {
	old, cur := &d.old, &d.cur
	for _, r := range cur.regions[max(from, 1):] {
		if _, ok := old.index[r.key]; !ok {
			d.st.Added = append(d.st.Added, r.key)
		}
	}
	for _, r := range old.regions[oldFrom:oldTo] {
		if _, ok := cur.index[r.key]; !ok {
			d.st.Removed = append(d.st.Removed, r.key)
		}
	}
	if len(d.st.Added) == 0 && len(d.st.Removed) == 0 && !d.st.Reordered {
		// Same keys under the same parents: a reorder that list ops or a
		// morph already handled.
		d.st.Reordered = true
	}
	d.res.Structural = &d.st
}
