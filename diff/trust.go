package diff

import (
	"bytes"
	"io"

	"github.com/jpl-au/fluent/node"
)

// Trust marks n, a <script> or <iframe srcdoc> element the app wrote, as
// allowed in a render; the engine refuses such elements otherwise (see
// ErrUnsafeMarkup). Only the element that n itself starts with is exempt,
// and only its tag and content: its attributes are still checked, and
// bytes elsewhere that merely look like a trusted element are refused.
// The exemption covers whatever n writes, so n must hold no user input:
// an injected src on a trusted <script> would load any script.
//
// The engine sees a Trust node only where it walks the tree: as a child
// of a Fluent element, component, conditional or memo node, or as the
// root. A Trust inside a node that renders its children itself is not
// seen, so its script is refused. Outside the engine, a Trust node
// renders n unchanged.
func Trust(n node.Node) node.Node { return trusted{n} }

type trusted struct{ n node.Node }

func (t trusted) Render(w ...io.Writer) []byte    { return t.n.Render(w...) }
func (t trusted) RenderBuilder(buf *bytes.Buffer) { t.n.RenderBuilder(buf) }
func (t trusted) Nodes() []node.Node              { return []node.Node{t.n} }

// trust records that a trusted node starts at the current output offset.
// The region receiving it is always re-checked, since equal bytes from
// an untrusted source must not inherit the exemption.
func (w *walker) trust(t trusted) {
	w.snap.trust = append(w.snap.trust, int32(w.buf.Len()))
	w.snap.regions[w.cur].trusted = true
	w.walk(t.n)
}
