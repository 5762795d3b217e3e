package tether

// replayBuffer keeps the most recent encoded updates so a client that
// lost its connection receives exactly the updates it missed, in order,
// and none twice. It is bounded by frame count and bytes; a client whose
// gap is older than the buffer gets a root morph instead.
type replayBuffer struct {
	frames    []replayFrame // oldest first
	bytes     int
	maxFrames int
	maxBytes  int
}

type replayFrame struct {
	seq   uint64
	frame []byte
}

func (b *replayBuffer) push(seq uint64, frame []byte) {
	b.frames = append(b.frames, replayFrame{seq, frame})
	b.bytes += len(frame)
	drop := 0
	for len(b.frames)-drop > 1 && (len(b.frames)-drop > b.maxFrames || b.bytes > b.maxBytes) {
		b.bytes -= len(b.frames[drop].frame)
		drop++
	}
	if drop > 0 {
		n := copy(b.frames, b.frames[drop:])
		clear(b.frames[n:])
		b.frames = b.frames[:n]
	}
}

// since returns the frames after seq, or false when some of them are no
// longer held.
func (b *replayBuffer) since(seq uint64) ([]replayFrame, bool) {
	for i, f := range b.frames {
		if f.seq == seq+1 {
			return b.frames[i:], true
		}
	}
	return nil, false
}

// dropThrough forgets the frames up to seq, which the client holds.
func (b *replayBuffer) dropThrough(seq uint64) {
	n := 0
	for n < len(b.frames) && b.frames[n].seq <= seq {
		b.bytes -= len(b.frames[n].frame)
		n++
	}
	if n > 0 {
		k := copy(b.frames, b.frames[n:])
		clear(b.frames[k:])
		b.frames = b.frames[:k]
	}
}
