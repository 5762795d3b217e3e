package tether

import (
	"net/http"
	"strings"
)

// Only a page load gets a session. Browsers fetch /favicon.ico, images
// and scripts from the same paths a handler may be mounted on, and
// prefetch links they may never follow; rendering the app and
// pre-warming a session for those would cost a session per page view.

// wantsPage reports whether r asks for an HTML document. Browsers say
// what a request is for in Sec-Fetch-Dest: a navigation is "document" (or
// "iframe"/"frame"), fetch() is "empty", an image "image". Without it (a
// non-browser client, an old browser), the Accept header decides: none,
// one naming text/html or XHTML, or nothing but */* asks for a page.
func wantsPage(r *http.Request) bool {
	accept := r.Header.Get("Accept")
	switch r.Header.Get("Sec-Fetch-Dest") {
	case "document", "iframe", "frame":
		return true
	case "empty":
		return acceptsHTML(accept)
	case "":
		return accept == "" || acceptsHTML(accept) || onlyWildcard(accept)
	}
	return false
}

func acceptsHTML(accept string) bool {
	for _, part := range strings.Split(accept, ",") {
		mt, _, _ := strings.Cut(part, ";")
		switch strings.ToLower(strings.TrimSpace(mt)) {
		case "text/html", "application/xhtml+xml":
			return true
		}
	}
	return false
}

func onlyWildcard(accept string) bool {
	for _, part := range strings.Split(accept, ",") {
		mt, _, _ := strings.Cut(part, ";")
		if strings.TrimSpace(mt) != "*/*" {
			return false
		}
	}
	return true
}

// isPrefetch reports whether r fetches a page the user may never open:
// Sec-Purpose (speculation rules, <link rel=prefetch>), the older
// Purpose and X-Purpose, and Firefox's X-Moz. Such a page is served
// without a session; if it is shown, its client gets one at connect.
func isPrefetch(r *http.Request) bool {
	for _, h := range []string{"Sec-Purpose", "Purpose", "X-Purpose", "X-Moz"} {
		v := strings.ToLower(r.Header.Get(h))
		if strings.Contains(v, "prefetch") || strings.Contains(v, "preview") || strings.Contains(v, "prerender") {
			return true
		}
	}
	return false
}
