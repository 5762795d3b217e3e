package ws

import (
	"errors"
	"net"
	"os"
)

// netConn wraps the hijacked connection. gws reads and writes through it;
// on the read side it first replays bytes net/http had buffered past the
// handshake, and it refreshes the heartbeat read deadline whenever bytes
// arrive. Frame limits are gws's own (ReadMaxPayloadSize, see upgrade.go).
type netConn struct {
	net.Conn
	c      *conn
	pre    []byte
	failed error
}

func (n *netConn) Read(p []byte) (int, error) {
	if n.failed != nil {
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
	}
	if err != nil && errors.Is(err, os.ErrDeadlineExceeded) && n.c.interval.Load() > 0 {
		herr := heartbeatTimeout(n.c, err)
		n.c.abort(herr)
		n.failed = herr
		return k, herr
	}
	return k, err
}
