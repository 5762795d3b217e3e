package bind

import (
	"fmt"
	"strings"

	"github.com/jpl-au/fluent/node"
)

// unsafeURL replaces a URL that [Attr] refuses: inert in every URL
// attribute, and easy to find in the page source.
const unsafeURL = "about:invalid#tether-unsafe-url"

// urlAttrs are the attributes whose value the browser follows or loads
// as a URL.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true,
	"xlink:href": true, "poster": true, "cite": true, "data": true,
	"background": true, "codebase": true, "manifest": true, "ping": true,
}

// Attr sets the attribute name to value, escaped, on any element: the
// safe way to put user data into an attribute. Fluent's own setters
// (Title, Class, Href, ID, Value, SetAttribute, ...) write their argument
// verbatim, so `x" onmouseover="…` passed to them ends the attribute and
// adds an event handler; passed to Attr it stays text.
//
// value is HTML-escaped (html.EscapeString). When name is a URL
// attribute (href, src, action, formaction, xlink:href, poster, cite,
// data, background, codebase, manifest, ping), value must also be an
// http, https, mailto or blob URL, or a relative one; any other URL
// (javascript:, vbscript:, data:, an unknown or disguised scheme) is
// replaced by "about:invalid#tether-unsafe-url", which does nothing when
// followed.
//
// name comes from the program, not from users, and Attr panics unless it
// is a plain attribute name: an ASCII letter, then letters, digits and
// - _ . : only. It also panics on names it will not set from data at
// all: event handlers (on*), srcdoc (a whole document), and the
// data-tether-* attributes the runtime obeys, which the other helpers of
// this package write.
//
// Fluent keeps its typed attributes apart from SetAttribute's, so an
// element given both .Title(...) and Attr("title", ...) renders title
// twice, and browsers keep whichever Fluent happens to write first: set
// each attribute one way only.
//
// Attributes that a JavaScript library reads as code (Alpine's x-on or
// x-html, htmx's hx-on, Vue's v-html) look like plain names to Attr:
// never give them user data.
func Attr(name, value string) Option {
	checkAttrName("Attr", name)
	if urlAttrs[strings.ToLower(name)] && !allowedURL(value) {
		value = unsafeURL
	}
	return func(el node.Element) { set(el, name, value) }
}

// Href sets href to url as [Attr] does: escaped, and replaced by an inert
// URL unless it is http(s), mailto, blob or relative.
func Href(url string) Option { return Attr("href", url) }

// Title sets the title attribute (the tooltip) to text, escaped, as
// [Attr] does.
func Title(text string) Option { return Attr("title", text) }

// checkAttrName panics unless name is an attribute [Attr] may set.
func checkAttrName(fn, name string) {
	if !plainName(name) {
		panic(fmt.Sprintf("bind: %s: invalid attribute name %q: use an ASCII letter, then letters, digits and - _ . :", fn, name))
	}
	lower := strings.ToLower(name)
	switch {
	case strings.HasPrefix(lower, "on"):
		panic(fmt.Sprintf("bind: %s: %q is an event handler attribute; bind events with Click, Input and the like", fn, name))
	case lower == "srcdoc":
		panic(fmt.Sprintf("bind: %s: srcdoc holds a whole HTML document and is never set from data", fn))
	case strings.HasPrefix(lower, prefix):
		panic(fmt.Sprintf("bind: %s: %q is a tether runtime attribute; use the bind helper that writes it", fn, name))
	}
}

func plainName(name string) bool {
	if name == "" || !isLetter(name[0]) {
		return false
	}
	for i := 1; i < len(name); i++ {
		c := name[i]
		if !isLetter(c) && (c < '0' || c > '9') && c != '-' && c != '_' && c != '.' && c != ':' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// allowedURL reports whether u, read the way a browser's URL parser
// reads it, is relative or has the scheme http, https, mailto or blob.
// Browsers drop tabs and newlines anywhere in a URL and trim control
// characters and spaces from its ends, so "java\tscript:" is a
// javascript: URL; both are done before looking for the scheme. A colon
// before the first / ? or # whose prefix is not one of the four schemes
// is refused, even where a browser would read a relative path: such a
// value is never a link an application means to render.
func allowedURL(u string) bool {
	u = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, u)
	u = strings.TrimFunc(u, func(r rune) bool { return r <= ' ' })
	end := strings.IndexAny(u, "/?#")
	if end < 0 {
		end = len(u)
	}
	colon := strings.IndexByte(u[:end], ':')
	if colon < 0 {
		return true // relative: no scheme
	}
	switch strings.ToLower(u[:colon]) {
	case "http", "https", "mailto", "blob":
		return true
	}
	return false
}
