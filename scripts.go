package tether

import (
	"html"
	"net/http"
	"strings"

	"github.com/tetherui/tether/client"
)

// clientPrefix is where every handler serves the browser runtime.
const clientPrefix = "/_tether/"

// ServeClient returns a handler for the embedded browser runtime. Mount
// it at /_tether/ when the tether handler is not at the root path:
//
//	mux.Handle("/_tether/", http.StripPrefix("/_tether/", tether.ServeClient()))
//
// The runtime's file name carries a hash of its content, so it is served
// with an immutable cache lifetime, compressed with brotli or gzip when
// the browser accepts it.
func ServeClient() http.Handler { return client.Handler() }

// scripts returns the tag that loads the client runtime after the root,
// carrying the request's CSP nonce when it has one.
func (h *Handler[S]) scripts(nonce string) string {
	attr := ""
	if nonce != "" {
		attr = ` nonce="` + html.EscapeString(nonce) + `"`
	}
	return `<script src="` + clientPrefix + client.ScriptPath() + `"` + attr + ` defer></script>`
}

// isClientAsset reports whether r asks for the runtime under /_tether/.
func isClientAsset(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, clientPrefix)
}
