package diff

import "github.com/jpl-au/fluent/node"

// A Memoiser is a Differ that honours node.Memoise: a memo node whose key
// equals the key stored for the same place in the previous render is not
// called; its stored output and regions are reused. Result.MemoHits and
// Result.MemoMisses count both outcomes per render. The zero value is
// ready to use.
type Memoiser struct {
	Differ
}

// NewMemoiser returns a Memoiser; same as new(Memoiser).
func NewMemoiser() *Memoiser { return new(Memoiser) }

func (m *Memoiser) init() {
	if m.w.memo == nil {
		m.w.memo = newMemoCache()
	}
}

// Render is Differ.Render with memoisation.
func (m *Memoiser) Render(root node.Node) ([]byte, error) {
	m.init()
	return m.Differ.Render(root)
}

// Diff is Differ.Diff with memoisation.
func (m *Memoiser) Diff(root node.Node) (*Result, error) {
	m.init()
	return m.Differ.Diff(root)
}
