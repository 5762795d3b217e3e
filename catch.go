package tether

import (
	"log/slog"

	"github.com/jpl-au/fluent/node"
)

// Catch builds a part of the page with render, returning fallback if
// render panics, so one broken widget does not take the page down. The
// panic is logged. It guards building the tree, not closures that the
// tree calls later (node.Func bodies run when the page is rendered).
func Catch(render func() node.Node, fallback node.Node) (result node.Node) {
	defer func() {
		if r := recover(); r != nil {
			slog.Error("tether: recovered panic in Catch", "panic", r)
			result = fallback
		}
	}()
	return render()
}
