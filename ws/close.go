package ws

import (
	"time"
	"unicode/utf8"

	"github.com/tetherui/tether/internal/protocol"
)

// Close closes the connection with code 1000 once the frames already
// queued have been written; it does not wait for that. It is safe to call
// more than once, and ReceiveEvent returns an error wrapping
// transport.ErrClosed from then on.
func (c *conn) Close() error { return c.CloseWith(protocol.CloseNormal, "") }

// CloseWith is Close with a close code and a reason the client is shown,
// e.g. 4001 and "session expired". Codes that may not be sent on the wire
// (below 1000, 1004-1006, 1015, 1016-2999 and 5000 up) become 1000. The
// reason is cut to the 123 bytes a close frame can carry, at a character
// boundary. Only the first Close or CloseWith takes effect.
func (c *conn) CloseWith(code uint16, reason string) error {
	if !c.closing.CompareAndSwap(false, true) {
		return nil
	}
	c.finish(errLocalClose)
	if !sendable(code) {
		code = protocol.CloseNormal
	}
	r := reasonBytes(reason)
	// Queued frames then the close frame get closeTimeout to reach the
	// client; a client that is not reading is cut off after that.
	_ = c.nc.SetWriteDeadline(time.Now().Add(closeTimeout))
	socket := c.socket
	socket.Async(func() { _ = socket.WriteClose(code, r) })
	return nil
}

// sendable reports whether code may appear in a close frame (RFC 6455
// section 7.4).
func sendable(code uint16) bool {
	switch {
	case code < 1000, code >= 5000:
		return false
	case code == 1004, code == 1005, code == 1006, code == 1015:
		return false
	case code >= 1016 && code < 3000:
		return false
	}
	return true
}

// reasonBytes cuts s to a close frame's reason size without splitting a
// UTF-8 sequence.
func reasonBytes(s string) []byte {
	if len(s) > maxReasonBytes {
		n := maxReasonBytes
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n]
	}
	return []byte(s)
}
