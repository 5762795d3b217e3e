// Package htmlpatch applies tether updates to an HTML string the way the
// browser runtime applies them to the DOM. The diff engine's tests use it
// to prove that patches reproduce the new render, and the test harness
// uses it as a fake client. It understands the well-formed HTML Fluent
// writes, not arbitrary HTML.
package htmlpatch

import (
	"fmt"
	"html"
	"slices"
	"strings"

	"github.com/tetherui/tether/wire"
)

// Apply returns root (the inner HTML of the tether root) after the
// update's root morph, list operations and patches.
func Apply(root string, u *wire.Update) (string, error) {
	if u.RootSet {
		root = u.Root
	}
	var err error
	for _, op := range u.List {
		if root, err = applyList(root, op); err != nil {
			return "", err
		}
	}
	for _, p := range u.Patches {
		if root, err = applyPatch(root, p); err != nil {
			return "", err
		}
	}
	return root, nil
}

// span locates an element: [start, openEnd) is its open tag,
// [closeStart, end) its close tag.
type span struct{ start, openEnd, closeStart, end int }

func find(doc, key string) (span, error) {
	attr := ` data-tether-key="` + key + `"`
	i := 0
	for {
		j := strings.Index(doc[i:], attr)
		if j < 0 {
			return span{}, fmt.Errorf("htmlpatch: no element keyed %q", key)
		}
		j += i
		i = j + len(attr)
		if c := doc[i]; c != ' ' && c != '>' && c != '/' {
			continue
		}
		start := strings.LastIndexByte(doc[:j], '<')
		return element(doc, start)
	}
}

var voids = []string{"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

// element measures the element whose open tag starts at start.
func element(doc string, start int) (span, error) {
	name, openEnd := tagAt(doc, start)
	if name == "" {
		return span{}, fmt.Errorf("htmlpatch: no tag at %d", start)
	}
	if slices.Contains(voids, name) {
		return span{start, openEnd, openEnd, openEnd}, nil
	}
	depth, i := 1, openEnd
	for {
		j := strings.IndexByte(doc[i:], '<')
		if j < 0 {
			return span{}, fmt.Errorf("htmlpatch: <%s> at %d is never closed", name, start)
		}
		i += j
		if strings.HasPrefix(doc[i:], "</") {
			n, e := tagAt(doc, i+1)
			if n == name {
				if depth--; depth == 0 {
					return span{start, openEnd, i, e}, nil
				}
			}
			i = e
			continue
		}
		n, e := tagAt(doc, i)
		if n == name {
			depth++
		}
		if e <= i {
			return span{}, fmt.Errorf("htmlpatch: malformed tag at %d", i)
		}
		i = e
	}
}

// tagAt returns the name of the tag starting at doc[i] ('<' or '/') and
// the index after its closing '>'.
func tagAt(doc string, i int) (string, int) {
	i++
	if i < len(doc) && doc[i] == '/' {
		i++
	}
	n := i
	for n < len(doc) && doc[n] != ' ' && doc[n] != '>' && doc[n] != '/' {
		n++
	}
	e := strings.IndexByte(doc[n:], '>')
	if e < 0 {
		return "", i
	}
	return doc[i:n], n + e + 1
}

func applyPatch(doc string, p wire.Patch) (string, error) {
	s, err := find(doc, p.Key)
	if err != nil {
		return "", err
	}
	switch p.Op {
	case wire.Morph:
		return doc[:s.start] + p.HTML + doc[s.end:], nil
	case wire.Text:
		return doc[:s.openEnd] + html.EscapeString(p.Text) + doc[s.closeStart:], nil
	case wire.Attrs:
		return doc[:s.start] + setAttrs(doc[s.start:s.openEnd], p.Attrs) + doc[s.openEnd:], nil
	}
	return "", fmt.Errorf("htmlpatch: unknown patch op %d", p.Op)
}

// setAttrs rewrites an open tag; new attributes go at the end.
func setAttrs(open string, changes []wire.Attr) string {
	for _, a := range changes {
		open = removeAttr(open, a.Name)
		if !a.Remove {
			end := len(open) - 1
			if strings.HasSuffix(open, "/>") {
				end--
			}
			open = open[:end] + ` ` + a.Name + `="` + html.EscapeString(a.Value) + `"` + open[end:]
		}
	}
	return open
}

func removeAttr(open, name string) string {
	for i := 0; i < len(open); {
		j := strings.Index(open[i:], " "+name)
		if j < 0 {
			return open
		}
		j += i
		k := j + 1 + len(name)
		switch {
		case k < len(open) && open[k] == '=':
			q := strings.IndexByte(open[k+2:], '"')
			return open[:j] + open[k+2+q+1:]
		case k < len(open) && (open[k] == ' ' || open[k] == '>' || open[k] == '/'):
			return open[:j] + open[k:]
		}
		i = k
	}
	return open
}

func applyList(doc string, op wire.ListOp) (string, error) {
	var moving string
	switch op.Kind {
	case wire.Order:
		return applyOrder(doc, op.Keys)
	case wire.Remove, wire.Move:
		s, err := find(doc, op.Key)
		if err != nil {
			return "", err
		}
		moving = doc[s.start:s.end]
		doc = doc[:s.start] + doc[s.end:]
		if op.Kind == wire.Remove {
			return doc, nil
		}
	case wire.Insert:
		moving = op.HTML
	default:
		return "", fmt.Errorf("htmlpatch: unknown list op %d", op.Kind)
	}
	at, err := anchor(doc, op.Pos, op.Ref)
	if err != nil {
		return "", err
	}
	return doc[:at] + moving + doc[at:], nil
}

func anchor(doc string, pos wire.Pos, ref string) (int, error) {
	if ref == "" && (pos == wire.Prepend || pos == wire.Append) {
		if pos == wire.Prepend {
			return 0, nil
		}
		return len(doc), nil
	}
	s, err := find(doc, ref)
	if err != nil {
		return 0, err
	}
	switch pos {
	case wire.Before:
		return s.start, nil
	case wire.After:
		return s.end, nil
	case wire.Prepend:
		return s.openEnd, nil
	case wire.Append:
		return s.closeStart, nil
	}
	return 0, fmt.Errorf("htmlpatch: unknown position %d", pos)
}

// applyOrder gathers the keyed elements and puts them back, in the given
// order, where the earliest of them stood.
func applyOrder(doc string, keys []string) (string, error) {
	parts := make([]string, len(keys))
	at := len(doc)
	for i, k := range keys {
		s, err := find(doc, k)
		if err != nil {
			return "", err
		}
		parts[i] = doc[s.start:s.end]
		doc = doc[:s.start] + doc[s.end:]
		at = min(at, s.start)
	}
	return doc[:at] + strings.Join(parts, "") + doc[at:], nil
}
