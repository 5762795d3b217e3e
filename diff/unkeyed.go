package diff

import (
	"bytes"
	"strings"
)

// unkeyed describes the first element outside every keyed region whose
// markup changed, when the root's own markup differs from the baseline's;
// "" when it does not (the root morph had another cause).
func (d *Differ) unkeyed() string {
	old, cur := &d.old, &d.cur
	pa, pb := int32(-1), int32(-1)
	a, b := old.firstChild(0), cur.firstChild(0)
	for {
		so, sn := old.segment(0, pa, a), cur.segment(0, pb, b)
		if !bytes.Equal(so, sn) {
			k := 0
			for k < len(so) && k < len(sn) && so[k] == sn[k] {
				k++
			}
			if k > 0 && sn[k-1] == '<' {
				k-- // both start a tag here: name the new one
			}
			from := int32(0)
			if pb >= 0 {
				from = cur.regions[pb].end
			}
			return cur.describeAt(from+int32(k), from+int32(len(sn))) + " in root"
		}
		if a < 0 || b < 0 {
			return ""
		}
		pa, pb = a, b
		a, b = old.nextSibling(0, a), cur.nextSibling(0, b)
	}
}

// describeAt names the element of the root's own markup that holds byte
// at, or the tag that starts there, as tag#id.class. at lies in the own
// segment that ends at segEnd (at == segEnd: the change is its end).
func (s *snapshot) describeAt(at, segEnd int32) string {
	var o outline
	from := int32(0)
	for k := s.firstChild(0); k >= 0 && s.regions[k].start < segEnd; k = s.nextSibling(0, k) {
		scanMarkup(s.html[from:s.regions[k].start], int(from), &o)
		from = s.regions[k].end
	}
	if strings.HasPrefix(scanMarkup(s.html[from:at], int(from), &o), "unterminated tag") && len(o.stack) > 0 {
		// at is inside a tag: read that whole tag again.
		o.stack = o.stack[:len(o.stack)-1]
		at = int32(o.lastAt)
	}
	if seg := s.html[:segEnd]; at+1 < segEnd && seg[at] == '<' && isAlpha(seg[at+1]) {
		// The change starts a tag: name that element, not its parent.
		n := at + 1
		for n < segEnd && !isSpace(seg[n]) && seg[n] != '/' && seg[n] != '>' {
			n++
		}
		o.openTag(seg[at+1:n], int(at))
		o.keep = true
		scanTag(seg, int(at)+1, &o)
	}
	if len(o.stack) == 0 {
		return "text"
	}
	return o.stack[len(o.stack)-1].String()
}

// outline is a markupVisitor that keeps the stack of open elements.
type outline struct {
	stack  []element
	keep   bool // keep the last tag open, even a void one
	lastAt int  // where the last start tag began
}

type element struct{ tag, id, class string }

func (e element) String() string {
	s := e.tag
	if e.id != "" {
		s += "#" + e.id
	}
	for c := range strings.FieldsSeq(e.class) {
		s += "." + c
	}
	if len(s) > 100 { // id and class may be user input
		s = s[:100] + "..."
	}
	return s
}

func (o *outline) openTag(name []byte, at int) string {
	o.lastAt = at
	o.stack = append(o.stack, element{tag: strings.ToLower(string(name))})
	return ""
}

func (o *outline) attr(name, value []byte) string {
	top := &o.stack[len(o.stack)-1]
	switch {
	case bytes.EqualFold(name, []byte("id")):
		top.id = decode(value)
	case bytes.EqualFold(name, []byte("class")):
		top.class = decode(value)
	}
	return ""
}

func (o *outline) closeOpen(name []byte, selfClosing bool) {
	if !o.keep && (selfClosing || voidElements[strings.ToLower(string(name))]) {
		o.stack = o.stack[:len(o.stack)-1]
	}
}

func (o *outline) endTag(name []byte) {
	for i := len(o.stack) - 1; i >= 0; i-- {
		if strings.EqualFold(o.stack[i].tag, string(name)) {
			o.stack = o.stack[:i]
			return
		}
	}
}

var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}
