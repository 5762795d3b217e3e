package tether

import "bytes"

// voidElements have no closing tag.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// changedElement names, for a DevMode warning, the element in which two
// renders first differ: its open tag as rendered now, cut to 80 bytes.
// It is a reading aid, not a parser: good enough for Fluent's output.
func changedElement(old, cur []byte) string {
	i := 0
	for i < len(old) && i < len(cur) && old[i] == cur[i] {
		i++
	}
	var open []int // offsets of the open tags enclosing i
	for j := 0; j < i; {
		lt := bytes.IndexByte(cur[j:i], '<')
		if lt < 0 {
			break
		}
		start := j + lt
		gt := bytes.IndexByte(cur[start:], '>')
		if gt < 0 || start+gt >= i { // i is inside this tag: it changed
			open = append(open, start)
			break
		}
		tag := cur[start+1 : start+gt]
		switch {
		case len(tag) > 0 && tag[0] == '/':
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		case !voidElements[string(tagName(tag))] && !bytes.HasSuffix(tag, []byte("/")):
			open = append(open, start)
		}
		j = start + gt + 1
	}
	if len(open) == 0 {
		return "the root element"
	}
	start := open[len(open)-1]
	end := bytes.IndexByte(cur[start:], '>')
	if end < 0 {
		end = len(cur) - start - 1
	}
	tag := cur[start : start+end+1]
	if len(tag) > 80 {
		return string(tag[:77]) + "..."
	}
	return string(tag)
}

func tagName(tag []byte) []byte {
	if k := bytes.IndexAny(tag, " \t\n/"); k >= 0 {
		return tag[:k]
	}
	return tag
}
