package diff

// A region is one keyed element of a render, or the root. Offsets point
// into the snapshot's html; the element's own markup is everything in
// [start, end) minus the ranges of its nested regions (the holes).
type region struct {
	key        string
	parent     int32 // index of the enclosing region; -1 for the root
	next       int32 // index just past this region's last descendant (preorder)
	start      int32 // first byte of the open tag
	openEnd    int32 // first byte after the open tag
	closeStart int32 // first byte of the close tag
	end        int32 // first byte after the close tag
	clean      bool  // reused from a memo hit: known equal to the previous render
	same       bool  // own markup equal to the accepted baseline's, so already checked
	trusted    bool  // own markup holds a Trust node: always checked
}

// A snapshot is one complete render: its HTML and the keyed regions in
// document order (preorder), indexed by key. Region 0 is the root, whose
// key is empty and which spans the whole HTML.
type snapshot struct {
	html    []byte
	regions []region
	index   map[string]int32
	trust   []int32 // offsets where Trust nodes start, ascending
}

func (s *snapshot) reset() {
	s.html = s.html[:0]
	s.regions = s.regions[:0]
	s.trust = s.trust[:0]
	if s.index == nil {
		s.index = make(map[string]int32)
	}
	clear(s.index)
}

func (s *snapshot) empty() bool { return len(s.regions) == 0 }

// outer returns the region's full HTML, open tag to close tag.
func (s *snapshot) outer(i int32) []byte {
	r := &s.regions[i]
	return s.html[r.start:r.end]
}

// inner returns the HTML between the region's open and close tags.
func (s *snapshot) inner(i int32) []byte {
	r := &s.regions[i]
	return s.html[r.openEnd:r.closeStart]
}

func (s *snapshot) open(i int32) []byte {
	r := &s.regions[i]
	return s.html[r.start:r.openEnd]
}

func (s *snapshot) close(i int32) []byte {
	r := &s.regions[i]
	return s.html[r.closeStart:r.end]
}

// firstChild returns the index of the region's first nested region, or -1.
func (s *snapshot) firstChild(i int32) int32 {
	if i+1 < s.regions[i].next {
		return i + 1
	}
	return -1
}

// nextSibling returns the index of the region after child c of parent p,
// or -1 when c is the last.
func (s *snapshot) nextSibling(p, c int32) int32 {
	n := s.regions[c].next
	if n < s.regions[p].next {
		return n
	}
	return -1
}

// segment returns the own markup of region p that precedes child c, or
// that follows the last child when c is -1. prev is the child before c
// (-1 when c is the first).
func (s *snapshot) segment(p, prev, c int32) []byte {
	from := s.regions[p].openEnd
	if prev >= 0 {
		from = s.regions[prev].end
	}
	to := s.regions[p].closeStart
	if c >= 0 {
		to = s.regions[c].start
	}
	return s.html[from:to]
}
