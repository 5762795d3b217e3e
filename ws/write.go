package ws

import (
	"fmt"

	"github.com/lxzan/gws"

	"github.com/tetherui/tether/internal/transport"
)

// The write path. gws gives every connection a queue of write jobs run by
// a goroutine that exists only while jobs are waiting (gws.Conn.Async):
// an idle connection has no writer goroutine, and Send never touches the
// network. The transport bounds that queue: pending counts frames handed
// to gws and not yet written, and a Send that would exceed
// Options.WriteQueue drops the connection instead of queueing more.

var errSendClosed = fmt.Errorf("tether: ws: send on closed connection: %w", transport.ErrClosed)

// Send queues one pre-encoded text frame (a JSON update). It never waits
// for the network. The frame is written as is, later: the caller must not
// modify it afterwards.
func (c *conn) Send(frame []byte) error { return c.enqueue(gws.OpcodeText, frame) }

// SendBinary queues one pre-encoded binary frame (a CBOR update), like
// Send.
func (c *conn) SendBinary(frame []byte) error { return c.enqueue(gws.OpcodeBinary, frame) }

func (c *conn) enqueue(op gws.Opcode, frame []byte) error {
	if c.closing.Load() {
		return errSendClosed
	}
	if c.pending.Add(1) > c.maxQueue {
		c.pending.Add(-1)
		err := fmt.Errorf("tether: ws: %d frames already waiting for the client: %w", c.maxQueue, transport.ErrSlowClient)
		// The client is not reading, so a close frame would only queue
		// behind the rest: drop the connection. Closing the socket also
		// fails the write gws is stuck in, which empties the queue.
		c.abort(err)
		return err
	}
	c.sent.Add(1)
	c.socket.WriteAsync(op, frame, c.written)
	return nil
}

// onWritten runs on the write goroutine after each frame. A failed write
// needs nothing more: gws closes the connection on it, and the read loop
// then reports why.
func (c *conn) onWritten(error) { c.pending.Add(-1) }
