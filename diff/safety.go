package diff

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"slices"
	"strings"
)

// ErrUnsafeMarkup is wrapped by the render error for markup that could
// run script: an on* attribute, a javascript:, vbscript: or data:text/html
// URL, or a <script> or <iframe srcdoc> the app did not mark with Trust.
var ErrUnsafeMarkup = errors.New("tether: unsafe markup")

// Fluent writes attribute values unescaped, so user input can add
// attributes or whole elements. Before a render is accepted, the engine
// therefore tokenises its own markup as a browser would (markup.go) and
// refuses anything that runs script.
//
// The check is per keyed region: each region's own markup (its bytes
// minus its keyed children) is scanned on its own, starting and ending in
// the data state. A region whose own markup equals the one in the
// accepted baseline, and which holds no trusted node, was already checked
// and is skipped; so a diff scans only what changed.
//
// Trust cannot be forged by rendered bytes: the walker itself records the
// offset at which each Trust node starts writing (snapshot.trust), and only
// a <script> or <iframe> whose '<' is at such an offset is exempt.

// checker is the markupVisitor that enforces the rules above.
type checker struct {
	trust   []int32 // offsets of trusted nodes, ascending
	tag     []byte  // current start tag
	trusted bool    // current start tag is at a trusted offset
}

func (c *checker) openTag(name []byte, at int) string {
	c.tag = name
	_, c.trusted = slices.BinarySearch(c.trust, int32(at))
	if !c.trusted && bytes.EqualFold(name, []byte("script")) {
		return "<script> element; wrap the script node in diff.Trust to allow it"
	}
	return ""
}

func (c *checker) attr(name, value []byte) string {
	if len(name) == 0 {
		return ""
	}
	if len(name) > 2 && name[0]|0x20 == 'o' && name[1]|0x20 == 'n' {
		return c.refuse(name, "event handler attributes are not allowed")
	}
	switch attrRule(name) {
	case urlAttr:
		if unsafeURL(decode(value)) {
			return c.refuse(name, "unsafe URL scheme")
		}
	case urlListAttr:
		for u := range strings.SplitSeq(decode(value), ",") {
			if unsafeURL(u) {
				return c.refuse(name, "unsafe URL scheme")
			}
		}
	case animAttr: // SVG animation values can set href
		for u := range strings.SplitSeq(decode(value), ";") {
			if unsafeURL(u) {
				return c.refuse(name, "unsafe URL scheme")
			}
		}
	case animTarget: // SVG animation of an event handler attribute
		if v := strings.TrimLeft(decode(value), " \t\n\f\r"); len(v) > 2 && strings.EqualFold(v[:2], "on") {
			return c.refuse(name, "animating an event handler is not allowed")
		}
	case srcdocAttr:
		if !c.trusted && bytes.EqualFold(c.tag, []byte("iframe")) {
			return c.refuse(name, "wrap the iframe node in diff.Trust to allow srcdoc")
		}
	case httpEquivAttr:
		return c.refuse(name, "http-equiv is not allowed inside the tether root")
	}
	return ""
}

func (c *checker) refuse(attr []byte, why string) string {
	return fmt.Sprintf("<%.64s> attribute %.64s: %s", c.tag, attr, why) // names may be user input
}

func (c *checker) endTag([]byte)          {}
func (c *checker) closeOpen([]byte, bool) {}

type attrKind uint8

const (
	plainAttr attrKind = iota
	urlAttr
	urlListAttr
	animAttr
	animTarget
	srcdocAttr
	httpEquivAttr
)

// attrRules maps the attribute names that need a check to their kind.
var attrRules = map[string]attrKind{
	"href": urlAttr, "src": urlAttr, "action": urlAttr, "formaction": urlAttr,
	"xlink:href": urlAttr, "poster": urlAttr, "data": urlAttr, "cite": urlAttr,
	"background": urlAttr, "codebase": urlAttr, "longdesc": urlAttr,
	"manifest": urlAttr, "icon": urlAttr, "ping": urlAttr, "lowsrc": urlAttr,
	"dynsrc": urlAttr, "archive": urlAttr, "classid": urlAttr, "profile": urlAttr,
	"xml:base": urlAttr,
	"srcset":   urlListAttr, "imagesrcset": urlListAttr,
	"values": animAttr, "to": animAttr, "from": animAttr, "by": animAttr,
	"attributename": animTarget,
	"srcdoc":        srcdocAttr,
	"http-equiv":    httpEquivAttr,
}

// attrRule returns the check for an attribute name, in any case.
func attrRule(name []byte) attrKind {
	if len(name) > len("attributename") {
		return plainAttr
	}
	var lower [len("attributename")]byte
	for i, c := range name {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	return attrRules[string(lower[:len(name)])] // no allocation for a map key
}

// decode returns an attribute value as the browser sees it.
func decode(v []byte) string {
	if bytes.IndexByte(v, '&') < 0 {
		return string(v)
	}
	return html.UnescapeString(string(v))
}

// unsafeURL reports whether u, a decoded attribute value, is a URL the
// browser would run as script or as an HTML document: javascript:,
// vbscript: or data:text/html, in any case, after the leading control
// characters and spaces the URL parser strips and ignoring the tabs and
// newlines it removes anywhere.
func unsafeURL(u string) bool {
	var buf [len("data:text/html")]byte
	n := 0
	started := false
	for i := 0; i < len(u) && n < len(buf); i++ {
		c := u[i]
		switch {
		case c == '\t' || c == '\n' || c == '\r':
			continue
		case !started && c <= ' ':
			continue
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		started = true
		if n == len("data:") && string(buf[:n]) == "data:" && isSpace(c) {
			continue // a data URL's MIME type is trimmed
		}
		buf[n] = c
		n++
	}
	s := string(buf[:n])
	return strings.HasPrefix(s, "javascript:") || strings.HasPrefix(s, "vbscript:") || s == "data:text/html"
}

// checkRegion checks the own markup of region i of s: each stretch
// between its keyed children, scanned on its own.
// c is reused across calls so that no checker escapes per call.
func (s *snapshot) checkRegion(i int32, c *checker) error {
	c.trust = s.trust
	r := &s.regions[i]
	from := r.start
	for k := s.firstChild(i); k >= 0; k = s.nextSibling(i, k) {
		if err := s.checkSpan(c, i, from, s.regions[k].start); err != nil {
			return err
		}
		from = s.regions[k].end
	}
	return s.checkSpan(c, i, from, r.end)
}

func (s *snapshot) checkSpan(c *checker, i, from, to int32) error {
	if problem := scanMarkup(s.html[from:to], int(from), c); problem != "" {
		return fmt.Errorf("%w in %s: %s", ErrUnsafeMarkup, regionName(s.regions[i].key), problem)
	}
	return nil
}

func regionName(key string) string {
	if key == "" {
		return "root"
	}
	return fmt.Sprintf("Dynamic %q", key)
}
