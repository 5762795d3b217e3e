package diff

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// ErrCorruptSnapshot is wrapped by every Import error.
var ErrCorruptSnapshot = errors.New("tether: corrupt diff snapshot")

// Snapshot blob layout, version 1 (bump snapshotVersion when it changes):
//
//	"TDS" version
//	uvarint len(html) html
//	uvarint regions, then per region after the root:
//	  uvarint len(key) key, uvarint parent, uvarint next-index,
//	  uvarint start-parentOpenEnd, openEnd-start, closeStart-openEnd, end-closeStart
//	crc32 (IEEE, big endian) of everything before it
const (
	snapshotMagic   = "TDS"
	snapshotVersion = 1
)

// Export returns the committed render as a compact, versioned blob that
// Import accepts, e.g. to park a disconnected session in a DiffStore.
// Memo entries are not exported: after Import every memo node misses once.
func (d *Differ) Export() []byte {
	s := &d.old
	b := make([]byte, 0, len(s.html)+len(s.regions)*16+16)
	b = append(b, snapshotMagic...)
	b = append(b, snapshotVersion)
	b = binary.AppendUvarint(b, uint64(len(s.html)))
	b = append(b, s.html...)
	b = binary.AppendUvarint(b, uint64(len(s.regions)))
	for _, r := range s.regions[min(1, len(s.regions)):] {
		p := &s.regions[r.parent]
		b = binary.AppendUvarint(b, uint64(len(r.key)))
		b = append(b, r.key...)
		b = binary.AppendUvarint(b, uint64(r.parent))
		b = binary.AppendUvarint(b, uint64(r.next))
		b = binary.AppendUvarint(b, uint64(r.start-p.openEnd))
		b = binary.AppendUvarint(b, uint64(r.openEnd-r.start))
		b = binary.AppendUvarint(b, uint64(r.closeStart-r.openEnd))
		b = binary.AppendUvarint(b, uint64(r.end-r.closeStart))
	}
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

// Import replaces the baseline with one produced by Export. Corrupted,
// truncated or foreign input returns an error wrapping
// ErrCorruptSnapshot and leaves the Differ unchanged.
func (d *Differ) Import(blob []byte) error {
	var s snapshot
	if err := decodeSnapshot(blob, &s); err != nil {
		return fmt.Errorf("%w: %v", ErrCorruptSnapshot, err)
	}
	d.old = s
	d.unchecked = true
	if d.w.memo != nil {
		d.w.memo.forget()
	}
	return nil
}

type reader struct {
	b   []byte
	err error
}

func (r *reader) uvarint(limit uint64) uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errors.New("truncated number")
		return 0
	}
	if n > 1 && r.b[n-1] == 0 {
		// A trailing zero group adds nothing: only the minimal encoding
		// is accepted, so an accepted blob exports back to itself.
		r.err = errors.New("non-minimal number")
		return 0
	}
	if v > limit {
		r.err = fmt.Errorf("value %d out of range (max %d)", v, limit)
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) bytes(n uint64) []byte {
	if r.err != nil {
		return nil
	}
	if uint64(len(r.b)) < n {
		r.err = errors.New("truncated data")
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func decodeSnapshot(blob []byte, s *snapshot) error {
	if len(blob) < len(snapshotMagic)+1+4 || string(blob[:3]) != snapshotMagic {
		return errors.New("not a tether diff snapshot")
	}
	if blob[3] != snapshotVersion {
		return fmt.Errorf("snapshot version %d, want %d", blob[3], snapshotVersion)
	}
	body, sum := blob[:len(blob)-4], binary.BigEndian.Uint32(blob[len(blob)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return errors.New("checksum mismatch")
	}
	r := &reader{b: body[4:]}
	const maxLen = 1 << 31
	s.html = append([]byte(nil), r.bytes(r.uvarint(maxLen-1))...)
	n := r.uvarint(uint64(len(r.b)) + 1) // every region after the root takes bytes
	if r.err == nil && n == 0 {
		return errors.New("no root region")
	}
	end := int32(len(s.html))
	s.regions = make([]region, 0, n)
	s.regions = append(s.regions, region{parent: -1, next: int32(n), closeStart: end, end: end})
	s.index = map[string]int32{"": 0}
	for k := int32(1); uint64(k) < n && r.err == nil; k++ {
		key := string(r.bytes(r.uvarint(MaxKeyLen)))
		x := region{key: key, parent: int32(r.uvarint(uint64(k - 1))), next: int32(r.uvarint(n))}
		if r.err != nil {
			break
		}
		at := int64(s.regions[x.parent].openEnd)
		var offs [4]int32
		for j := range offs {
			at += int64(r.uvarint(uint64(end)))
			if at > int64(end) {
				return fmt.Errorf("region %d runs past the HTML", k)
			}
			offs[j] = int32(at)
		}
		if r.err != nil {
			break
		}
		x.start, x.openEnd, x.closeStart, x.end = offs[0], offs[1], offs[2], offs[3]
		if err := s.appendChecked(x, k); err != nil {
			return err
		}
	}
	if r.err != nil {
		return r.err
	}
	if len(r.b) != 0 {
		return errors.New("trailing bytes")
	}
	return nil
}

// appendChecked adds region x at index k after checking it nests inside
// its parent, after its previous sibling, and has a fresh, valid key.
func (s *snapshot) appendChecked(x region, k int32) error {
	if x.key == "" {
		return fmt.Errorf("region %d has an empty key", k)
	}
	if err := checkKey(x.key); err != nil {
		return err
	}
	if _, dup := s.index[x.key]; dup {
		return fmt.Errorf("region %d repeats key %q", k, x.key)
	}
	p := &s.regions[x.parent]
	if k >= p.next || x.next <= k || x.next > p.next {
		return fmt.Errorf("region %d is not nested in its parent", k)
	}
	// Every region between the previous one and the parent must have
	// closed just before this one; the previous sibling must have ended.
	for q := k - 1; q != x.parent; {
		if q < x.parent {
			return fmt.Errorf("region %d has a parent that is not an ancestor", k)
		}
		rq := &s.regions[q]
		if rq.next != k {
			return fmt.Errorf("region %d breaks document order", k)
		}
		if rq.parent == x.parent && x.start < rq.end {
			return fmt.Errorf("region %d overlaps its previous sibling", k)
		}
		q = rq.parent
	}
	if x.end > p.closeStart || x.start < p.openEnd {
		return fmt.Errorf("region %d lies outside its parent", k)
	}
	s.index[x.key] = k
	s.regions = append(s.regions, x)
	return nil
}
