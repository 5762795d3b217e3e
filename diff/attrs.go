package diff

import (
	"html"
	"strings"

	"github.com/tetherui/tether/wire"
)

// attrChanges compares two open tags of the same element and returns the
// attributes that were set, changed or removed. It reports false when a
// tag cannot be parsed or the tag names differ; the caller then morphs.
func attrChanges(oldOpen, newOpen []byte) ([]wire.Attr, bool) {
	on, oa, ok1 := parseOpen(oldOpen)
	nn, na, ok2 := parseOpen(newOpen)
	if !ok1 || !ok2 || on != nn {
		return nil, false
	}
	var out []wire.Attr
	for _, a := range na {
		if v, found := lookup(oa, a.Name); !found || v != a.Value {
			out = append(out, wire.Attr{Name: a.Name, Value: html.UnescapeString(a.Value)})
		}
	}
	for _, a := range oa {
		if _, found := lookup(na, a.Name); !found {
			out = append(out, wire.Attr{Name: a.Name, Remove: true})
		}
	}
	return out, true
}

func lookup(attrs []wire.Attr, name string) (string, bool) {
	for _, a := range attrs {
		if a.Name == name {
			return a.Value, true
		}
	}
	return "", false
}

// parseOpen splits an open tag as Fluent writes it, <name a="v" b>, into
// its name and raw (still escaped) attribute values.
func parseOpen(b []byte) (string, []wire.Attr, bool) {
	s := string(b)
	if len(s) < 2 || s[0] != '<' || s[len(s)-1] != '>' {
		return "", nil, false
	}
	s = s[1 : len(s)-1]
	if n := len(s); n > 0 && s[n-1] == '/' {
		s = s[:n-1]
	}
	i := 0
	for i < len(s) && !isSpace(s[i]) {
		i++
	}
	name := s[:i]
	if !plainName(name) {
		return "", nil, false
	}
	var attrs []wire.Attr
	for {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i == len(s) {
			return name, attrs, name != ""
		}
		j := i
		for j < len(s) && !isSpace(s[j]) && s[j] != '=' {
			j++
		}
		a := wire.Attr{Name: s[i:j]}
		i = j
		if i < len(s) && s[i] == '=' {
			if i+1 >= len(s) || s[i+1] != '"' {
				return "", nil, false
			}
			end := i + 2
			for end < len(s) && s[end] != '"' {
				end++
			}
			if end == len(s) {
				return "", nil, false
			}
			a.Value = s[i+2 : end]
			i = end + 1
		}
		if !plainName(a.Name) {
			return "", nil, false
		}
		attrs = append(attrs, a)
	}
}

// plainName reports whether a tag or attribute name parses the same here
// and in a browser's tokenizer, which also ends names at '/' and '>'.
// Injected bytes such as `a"> onclick="x` then never become attributes
// that an attribute patch would set on the client: the tag is morphed,
// which the browser parses itself.
func plainName(s string) bool {
	return s != "" && !strings.ContainsAny(s, "/<>\"'")
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
