package diff

import (
	"bytes"
	"fmt"

	"github.com/jpl-au/fluent/node"
)

// A walker renders a Fluent tree into a snapshot in one pass: every byte
// is written once, and each keyed element records where its open tag,
// content and close tag fall, so nested regions are never rendered twice.
type walker struct {
	snap *snapshot
	buf  bytes.Buffer
	cur  int32 // region that currently receives output
	memo *memoCache
	// ord counts memo nodes met inside each open region, giving every
	// memo node a stable slot: (enclosing key, ordinal).
	ord []int32
	err error
}

func (w *walker) render(root node.Node, snap *snapshot, rootKey string) error {
	snap.reset()
	w.snap = snap
	w.buf = *bytes.NewBuffer(snap.html[:0]) // reuse the snapshot's capacity
	w.err = nil
	w.ord = w.ord[:0]
	snap.regions = append(snap.regions, region{key: rootKey, parent: -1})
	snap.index[rootKey] = 0
	w.ord = append(w.ord, 0)
	w.cur = 0
	w.walk(root)
	snap.html = w.buf.Bytes()
	r := &snap.regions[0]
	r.next = int32(len(snap.regions))
	r.closeStart = int32(len(snap.html))
	r.end = r.closeStart
	return w.err
}

func (w *walker) walk(n node.Node) {
	if n == nil || w.err != nil {
		return
	}
	switch t := n.(type) {
	case trusted:
		w.trust(t)
	case node.Element:
		w.element(t)
	case node.Memoiser:
		if w.memo != nil {
			w.memoised(t)
			return
		}
		w.children(n.Nodes())
	case *node.FunctionComponent, *node.FuncsComponent, *node.ConditionalBuilder:
		// Transparent wrappers: their output is exactly their children.
		// A Dynamic key on them has no element to carry it in the DOM, so
		// their changes land on the nearest keyed element around them.
		w.children(n.Nodes())
	default:
		n.RenderBuilder(&w.buf)
	}
}

func (w *walker) children(kids []node.Node) {
	for _, c := range kids {
		w.walk(c)
	}
}

func (w *walker) element(el node.Element) {
	key := dynamicKey(el)
	if key == "" {
		el.RenderOpen(&w.buf)
		w.children(el.Nodes())
		el.RenderClose(&w.buf)
		return
	}
	idx, ok := w.open(key)
	if !ok {
		return
	}
	el.RenderOpen(&w.buf)
	w.snap.regions[idx].openEnd = int32(w.buf.Len())
	w.children(el.Nodes())
	w.snap.regions[idx].closeStart = int32(w.buf.Len())
	el.RenderClose(&w.buf)
	w.close(idx)
}

// open starts a keyed region at the current output position.
func (w *walker) open(key string) (int32, bool) {
	if err := checkKey(key); err != nil {
		w.err = err
		return 0, false
	}
	snap := w.snap
	idx := int32(len(snap.regions))
	if _, dup := snap.index[key]; dup {
		w.err = dupKey(key)
		return 0, false
	}
	snap.index[key] = idx
	snap.regions = append(snap.regions, region{key: key, parent: w.cur, start: int32(w.buf.Len())})
	w.cur = idx
	w.ord = append(w.ord, 0)
	return idx, true
}

func (w *walker) close(idx int32) {
	r := &w.snap.regions[idx]
	r.end = int32(w.buf.Len())
	r.next = int32(len(w.snap.regions))
	w.cur = r.parent
	w.ord = w.ord[:len(w.ord)-1]
}

// dynamicKey returns the element's tracking key, or "" when it has none.
// Fluent marks keyless dynamic elements with "_" and renders no attribute
// for them, so they are not regions.
func dynamicKey(n node.Node) string {
	d, ok := n.(node.Dynamic)
	if !ok {
		return ""
	}
	k := d.DynamicKey()
	if k == "_" {
		return ""
	}
	return k
}

// MaxKeyLen bounds a Dynamic key's length.
const MaxKeyLen = 256

// checkKey rejects keys that are unsafe inside an HTML attribute or that
// a CSS attribute selector would need to escape: only ASCII letters,
// digits and - _ . : / are allowed.
func checkKey(k string) error {
	if len(k) > MaxKeyLen {
		return fmt.Errorf("%w: %.32q... is longer than %d bytes", ErrInvalidKey, k, MaxKeyLen)
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '-', c == '_', c == '.', c == ':', c == '/':
		default:
			return fmt.Errorf("%w: %q contains %q; use letters, digits and - _ . : /", ErrInvalidKey, k, c)
		}
	}
	return nil
}

func dupKey(key string) error {
	return fmt.Errorf("%w: %q appears more than once in one render", ErrDuplicateKey, key)
}
