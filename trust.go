package tether

import (
	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether/diff"
)

// Trust marks n, a <script> or <iframe srcdoc> element the app itself
// wrote, as allowed inside the tether root. Without it a render holding
// such an element fails with a render error, as does one holding an on*
// attribute or a javascript: URL, whoever marked it. The mark cannot be
// forged by bytes in the output: markup injected through a raw Fluent
// setter stays refused even if it copies n exactly.
//
// n must hold no user input. Under the default Content-Security-Policy
// a script runs only with the page's nonce: read Nonce(r.Context()) in
// InitialState, keep it in the state and set it on the element.
func Trust(n node.Node) node.Node { return diff.Trust(n) }
