package diff

import (
	"bytes"
	"fmt"
)

// A markupVisitor receives the tags a markup scan finds. A non-empty
// string from a method stops the scan and is reported as the problem.
type markupVisitor interface {
	openTag(name []byte, at int) string // a start tag's name was read; at is its '<'
	attr(name, value []byte) string     // one attribute of that start tag, value still encoded
	endTag(name []byte)                 // an end tag was read
	closeOpen(name []byte, selfClosing bool)
}

// scanMarkup tokenises b as a browser's HTML tokenizer does, starting and
// required to end in the data state, and reports its tags to v. base is
// b's offset in the snapshot, passed on to v.openTag.
//
// The scan is deliberately context free so that every keyed region can be
// checked on its own: the tree builder's effects on the tokenizer are made
// harmless instead of tracked.
//   - Raw-text and RCDATA elements (style, textarea, title, iframe, ...)
//     must close in the same segment and contain no '<', so reading their
//     content as text (HTML) or as markup (inside <svg>) gives the same tags.
//   - <script> content, only reached for trusted scripts, ends at the first
//     </script and must not contain "<!--", which moves that end.
//   - CDATA sections (meaningful only inside svg and math) are refused.
//   - A tag, comment or raw-text element left open at the end is refused.
func scanMarkup(b []byte, base int, v markupVisitor) string {
	i := 0
	for {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			return ""
		}
		p := i + j
		if p+1 >= len(b) {
			return "" // a lone '<' at the end is text
		}
		var end int
		var problem string
		switch c := b[p+1]; {
		case isAlpha(c):
			end, problem = startTag(b, p, base, v)
		case c == '/' && p+2 < len(b) && isAlpha(b[p+2]):
			var name []byte
			end, name, problem = scanTag(b, p+2, nil)
			if problem == "" {
				v.endTag(name)
			}
		case c == '/' && p+2 < len(b) && b[p+2] == '>':
			end = p + 3 // "</>" is dropped
		case c == '!' && bytes.HasPrefix(b[p:], []byte("<!--")):
			end, problem = comment(b, p+4)
		case c == '!' && bytes.HasPrefix(b[p:], []byte("<![CDATA[")):
			problem = "CDATA section"
		case c == '!', c == '?', c == '/':
			// Bogus comment or doctype: up to the first '>'.
			k := bytes.IndexByte(b[p:], '>')
			if k < 0 {
				problem = "unterminated " + string(b[p:p+2]) + " declaration"
			}
			end = p + k + 1
		default:
			end = p + 1 // '<' followed by anything else is text
		}
		if problem != "" {
			return problem
		}
		i = end
	}
}

// startTag scans the start tag at b[p] and, for elements whose content
// the tokenizer does not parse as markup, that content and end tag.
func startTag(b []byte, p, base int, v markupVisitor) (int, string) {
	n := p + 1
	for n < len(b) && !isSpace(b[n]) && b[n] != '/' && b[n] != '>' {
		n++
	}
	name := b[p+1 : n]
	if problem := v.openTag(name, base+p); problem != "" {
		return 0, problem
	}
	end, _, problem := scanTag(b, p+1, v)
	if problem != "" {
		return 0, problem
	}
	switch kind := textKind(name); kind {
	case normalText:
		return end, ""
	case scriptText:
		return rawEnd(b, end, "script", "<!--")
	default:
		return rawEnd(b, end, kind, "<")
	}
}

const (
	normalText = ""
	scriptText = "script"
)

// textKind names the element when its content is not parsed as markup
// by HTML's tokenizer; "" otherwise.
func textKind(name []byte) string {
	if len(name) < 5 || len(name) > 9 {
		return normalText
	}
	for _, k := range [...]string{"script", "style", "textarea", "title", "iframe", "xmp", "noembed", "noframes", "noscript", "plaintext"} {
		if len(k) == len(name) && bytes.EqualFold(name, []byte(k)) {
			return k
		}
	}
	return normalText
}

// rawEnd finds the end tag closing a raw-text element named name whose
// content starts at from; the content must not contain forbidden.
func rawEnd(b []byte, from int, name, forbidden string) (int, string) {
	closer := len(name) + 2
	for k := from; ; {
		j := bytes.Index(b[k:], []byte("</"))
		if j < 0 {
			return 0, fmt.Sprintf("<%s> is not closed", name)
		}
		e := k + j
		if e+closer <= len(b) && bytes.EqualFold(b[e+2:e+closer], []byte(name)) &&
			(e+closer == len(b) || isSpace(b[e+closer]) || b[e+closer] == '/' || b[e+closer] == '>') {
			if bytes.Contains(b[from:e], []byte(forbidden)) {
				return 0, fmt.Sprintf("<%s> content contains %q", name, forbidden)
			}
			end, _, problem := scanTag(b, e+2, nil)
			return end, problem
		}
		k = e + 2
	}
}

// comment returns the end of a comment whose body starts at from.
func comment(b []byte, from int) (int, string) {
	switch {
	case from < len(b) && b[from] == '>':
		return from + 1, "" // <!-->
	case bytes.HasPrefix(b[from:], []byte("->")):
		return from + 2, "" // <!--->
	}
	end := -1
	if k := bytes.Index(b[from:], []byte("-->")); k >= 0 {
		end = from + k + 3
	}
	if k := bytes.Index(b[from:], []byte("--!>")); k >= 0 && (end < 0 || from+k+4 < end) {
		end = from + k + 4
	}
	if end < 0 {
		return 0, "unterminated comment"
	}
	return end, ""
}

// scanTag reads a tag from its name at b[n] to just past its '>',
// following the tokenizer's attribute states. Attributes go to v, if
// any. It returns the end, the tag name and a problem, if any.
func scanTag(b []byte, n int, v markupVisitor) (int, []byte, string) {
	start := n
	for n < len(b) && !isSpace(b[n]) && b[n] != '/' && b[n] != '>' {
		n++
	}
	name := b[start:n]
	selfClosing := false
	for n < len(b) {
		c := b[n]
		switch {
		case isSpace(c):
			n++
			continue
		case c == '>':
			if v != nil {
				v.closeOpen(name, selfClosing)
			}
			return n + 1, name, ""
		case c == '/':
			selfClosing = true
			n++
			continue
		}
		selfClosing = false
		// Attribute name: a leading '=' belongs to it.
		a := n
		n++
		for n < len(b) && !isSpace(b[n]) && b[n] != '/' && b[n] != '>' && b[n] != '=' {
			n++
		}
		attr := b[a:n]
		for n < len(b) && isSpace(b[n]) {
			n++
		}
		var value []byte
		if n < len(b) && b[n] == '=' {
			n++
			for n < len(b) && isSpace(b[n]) {
				n++
			}
			var ok bool
			if value, n, ok = attrValue(b, n); !ok {
				break
			}
		}
		if v != nil {
			if problem := v.attr(attr, value); problem != "" {
				return 0, nil, problem
			}
		}
	}
	return 0, nil, fmt.Sprintf("unterminated tag <%.64s", name)
}

// attrValue reads a quoted or unquoted attribute value at b[n].
func attrValue(b []byte, n int) ([]byte, int, bool) {
	if n >= len(b) {
		return nil, n, false
	}
	if q := b[n]; q == '"' || q == '\'' {
		k := bytes.IndexByte(b[n+1:], q)
		if k < 0 {
			return nil, len(b), false
		}
		return b[n+1 : n+1+k], n + k + 2, true
	}
	e := n
	for e < len(b) && !isSpace(b[e]) && b[e] != '>' {
		e++
	}
	return b[n:e], e, true
}

func isAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
