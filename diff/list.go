package diff

import "github.com/tetherui/tether/wire"

// lisScratch holds buffers reused by every list diff.
type lisScratch struct {
	oldKeys, newKeys []int32 // child region indexes, old and new
	pos              []int32 // for each new child: its old position, or -1
	stable           []bool  // for each new child: kept in place
	tails, prev      []int32
}

// listOps handles a region whose keyed children changed as a list: rows
// inserted, removed or moved while the region's own markup stayed the
// same. It emits list operations and reports false when the change is not
// a pure list edit, in which case the caller morphs the region.
func (d *Differ) listOps(o, i int32) bool {
	old, cur := &d.old, &d.cur
	s := &d.lis
	s.oldKeys = appendChildren(s.oldKeys[:0], old, o)
	s.newKeys = appendChildren(s.newKeys[:0], cur, i)
	if !d.listShapeSame(o, i) {
		return false
	}
	// Positions of new children in the old list; rows that moved between
	// parents cannot be expressed as list edits.
	s.pos = s.pos[:0]
	for _, c := range s.newKeys {
		key := cur.regions[c].key
		p := int32(-1)
		if oi, ok := old.index[key]; ok {
			if old.regions[oi].parent != o {
				return false
			}
			p = oi
		}
		s.pos = append(s.pos, p)
	}
	removed := 0
	for _, c := range s.oldKeys {
		key := old.regions[c].key
		if ni, ok := cur.index[key]; !ok {
			removed++
		} else if cur.regions[ni].parent != i {
			return false
		}
	}
	if removed == len(s.oldKeys) && len(s.newKeys) > 0 &&
		len(cur.segment(i, -1, s.newKeys[0])) > 0 && len(cur.segment(i, s.newKeys[len(s.newKeys)-1], -1)) > 0 {
		return false // nothing left to anchor new rows to
	}
	s.markStable()
	d.emitList(o, i, removed)
	return true
}

func appendChildren(dst []int32, s *snapshot, p int32) []int32 {
	for c := s.firstChild(p); c >= 0; c = s.nextSibling(p, c) {
		dst = append(dst, c)
	}
	return dst
}

// listShapeSame reports whether the two regions differ only in their keyed
// children: same tags, nothing between consecutive children, and the same
// markup before the first and after the last child.
func (d *Differ) listShapeSame(o, i int32) bool {
	old, cur := &d.old, &d.cur
	if string(old.open(o)) != string(cur.open(i)) || string(old.close(o)) != string(cur.close(i)) {
		return false
	}
	s := &d.lis
	for k := 1; k < len(s.oldKeys); k++ {
		if old.regions[s.oldKeys[k-1]].end != old.regions[s.oldKeys[k]].start {
			return false
		}
	}
	for k := 1; k < len(s.newKeys); k++ {
		if cur.regions[s.newKeys[k-1]].end != cur.regions[s.newKeys[k]].start {
			return false
		}
	}
	oh, ot := edges(old, o, s.oldKeys)
	nh, nt := edges(cur, i, s.newKeys)
	if len(s.oldKeys) > 0 && len(s.newKeys) > 0 {
		return string(oh) == string(nh) && string(ot) == string(nt)
	}
	// One side has no rows: its content must be the other's head+tail.
	return len(oh)+len(ot) == len(nh)+len(nt) &&
		string(oh)+string(ot) == string(nh)+string(nt)
}

// edges returns the own markup before the first keyed child and after
// the last; with no children, the whole content is the head.
func edges(s *snapshot, p int32, kids []int32) (head, tail []byte) {
	if len(kids) == 0 {
		return s.inner(p), nil
	}
	return s.segment(p, -1, kids[0]), s.segment(p, kids[len(kids)-1], -1)
}

// markStable picks the longest run of kept rows whose relative order did
// not change (longest increasing subsequence of old positions); only the
// other rows need to move.
func (s *lisScratch) markStable() {
	n := len(s.pos)
	s.stable = append(s.stable[:0], make([]bool, n)...)
	s.prev = append(s.prev[:0], make([]int32, n)...)
	s.tails = s.tails[:0]
	for k, p := range s.pos {
		if p < 0 {
			continue
		}
		lo, hi := 0, len(s.tails)
		for lo < hi {
			m := (lo + hi) / 2
			if s.pos[s.tails[m]] < p {
				lo = m + 1
			} else {
				hi = m
			}
		}
		s.prev[k] = -1
		if lo > 0 {
			s.prev[k] = s.tails[lo-1]
		}
		if lo == len(s.tails) {
			s.tails = append(s.tails, int32(k))
		} else {
			s.tails[lo] = int32(k)
		}
	}
	if len(s.tails) == 0 {
		return
	}
	for k := s.tails[len(s.tails)-1]; k >= 0; k = s.prev[k] {
		s.stable[k] = true
	}
}

// emitList writes removes, then places every non-stable row right after
// its predecessor in the new order (or at the front), mirroring the
// client's list so each anchor exists when its op runs.
func (d *Differ) emitList(o, i int32, removed int) {
	old, cur := &d.old, &d.cur
	s := &d.lis
	parent := cur.regions[i].key
	if removed > 0 {
		for _, c := range s.oldKeys {
			if _, ok := cur.index[old.regions[c].key]; !ok {
				d.res.List = append(d.res.List, wire.ListOp{Kind: wire.Remove, Key: old.regions[c].key})
			}
		}
	}
	first := "" // first row currently in the client's list
	for _, c := range s.oldKeys {
		if _, ok := cur.index[old.regions[c].key]; ok {
			first = old.regions[c].key
			break
		}
	}
	order := s.orderCheaper(old, cur)
	for k, c := range s.newKeys {
		if s.stable[k] {
			continue
		}
		r := &cur.regions[c]
		op := wire.ListOp{Kind: wire.Move, Key: r.key}
		if s.pos[k] < 0 {
			op.Kind, op.HTML = wire.Insert, string(cur.outer(c))
			d.st.Bytes += len(op.HTML)
		} else {
			d.st.Reordered = true
			if order {
				continue // placed by the Order op below
			}
		}
		switch {
		case k > 0:
			op.Pos, op.Ref = wire.After, cur.regions[s.newKeys[k-1]].key
		case first != "":
			op.Pos, op.Ref = wire.Before, first
		case len(cur.segment(i, -1, c)) == 0:
			op.Pos, op.Ref = wire.Prepend, parent
		default:
			op.Pos, op.Ref = wire.Append, parent
		}
		d.res.List = append(d.res.List, op)
	}
	if order {
		keys := make([]string, len(s.newKeys))
		for k, c := range s.newKeys {
			keys[k] = cur.regions[c].key
		}
		d.res.List = append(d.res.List, wire.ListOp{Kind: wire.Order, Ref: parent, Keys: keys})
	}
}

// orderCheaper reports whether one Order op listing every row costs
// fewer bytes than moving the rows that left the stable run one by one,
// as when a list is reversed or sorted.
func (s *lisScratch) orderCheaper(old, cur *snapshot) bool {
	moves, orderBytes, moveBytes := 0, 8, 0
	for k, c := range s.newKeys {
		key := len(cur.regions[c].key)
		orderBytes += key + 3
		if !s.stable[k] && s.pos[k] >= 0 {
			moves++
			moveBytes += 2*key + 12 // [2,1,"ref","key"], ref about as long
		}
	}
	return moves > 1 && orderBytes < moveBytes
}
