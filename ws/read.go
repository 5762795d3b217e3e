package ws

import (
	"encoding/binary"
	"errors"
	"net"
	"os"
)

// netConn wraps the hijacked connection. gws reads and writes through it;
// on the read side it
//
//   - first replays bytes net/http had buffered past the handshake,
//   - refreshes the heartbeat read deadline whenever bytes arrive, and
//   - follows the frame headers going by, so a data frame (or the frames
//     of one fragmented message) over the limit is refused when its
//     header arrives, before gws buffers its payload, with a close reason
//     the client can read.
type netConn struct {
	net.Conn
	c   *conn
	max uint64
	pre []byte

	// Frame scanner state, touched only by the read loop.
	hdr    [14]byte
	hdrN   int    // header bytes seen so far
	need   int    // header length, known once hdrN >= 2
	remain uint64 // payload bytes of the current frame still to pass
	msgLen uint64 // payload bytes of the current data message so far
	over   bool   // an oversized frame was found; fail the next Read
	failed error
}

func (n *netConn) Read(p []byte) (int, error) {
	if n.failed != nil {
		return 0, n.failed
	}
	if n.over {
		n.failed = n.c.refuse(codeTooLarge, tooLarge(n.c.maxBytes, nil))
		return 0, n.failed
	}
	var k int
	var err error
	if len(n.pre) > 0 {
		k = copy(p, n.pre)
		n.pre = n.pre[k:]
		if len(n.pre) == 0 {
			n.pre = nil
		}
	} else {
		k, err = n.Conn.Read(p)
	}
	if k > 0 {
		n.c.refreshDeadline()
		if cut, over := n.scan(p[:k]); over {
			// Frames before the oversized one go through first; the
			// connection is refused on the next read.
			n.over = true
			if cut > 0 {
				return cut, nil
			}
			return n.Read(p)
		}
	}
	if err != nil && errors.Is(err, os.ErrDeadlineExceeded) && n.c.interval.Load() > 0 {
		herr := heartbeatTimeout(n.c, err)
		n.c.abort(herr)
		n.failed = herr
		return k, herr
	}
	return k, err
}

// scan follows the frame headers in b. It reports whether a data frame
// pushes its message past the limit and, if so, how many bytes of b come
// before that frame's header (zero when the header began in an earlier
// read).
func (n *netConn) scan(b []byte) (cut int, over bool) {
	start := 0
	for i := 0; i < len(b); {
		if n.remain > 0 {
			skip := uint64(len(b) - i)
			if skip > n.remain {
				skip = n.remain
			}
			i += int(skip)
			n.remain -= skip
			continue
		}
		if n.hdrN == 0 {
			start = i
		}
		n.hdr[n.hdrN] = b[i]
		n.hdrN++
		i++
		if n.hdrN == 2 {
			n.need = 2
			switch n.hdr[1] & 0x7f {
			case 126:
				n.need += 2
			case 127:
				n.need += 8
			}
			if n.hdr[1]&0x80 != 0 {
				n.need += 4 // masking key
			}
		}
		if n.hdrN < 2 || n.hdrN < n.need {
			continue
		}
		// A whole header.
		var size uint64
		switch l := n.hdr[1] & 0x7f; l {
		case 126:
			size = uint64(binary.BigEndian.Uint16(n.hdr[2:4]))
		case 127:
			size = binary.BigEndian.Uint64(n.hdr[2:10])
		default:
			size = uint64(l)
		}
		n.hdrN, n.need = 0, 0
		if opcode := n.hdr[0] & 0x0f; opcode <= 2 { // continuation, text, binary
			if opcode != 0 {
				n.msgLen = 0
			}
			if size > n.max || n.msgLen > n.max-size {
				return start, true
			}
			n.msgLen += size
		}
		n.remain = size
	}
	return 0, false
}
